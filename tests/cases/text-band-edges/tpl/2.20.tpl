# Tabel 2.20: question 19 (Ja / Nej / Uoplyst).  Base: supervision in the
# group (question 1 = Ja).
table   2.20
caption "Tabel 2.20"
title   "Fastsættelse af tidsfrister for den løbende opfølgning. {year}"
section 2.4.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Der er fastsat tidsfrister for den løbende opfølgning"       q19{g}=1
row     "Der er ikke fastsat tidsfrister for den løbende opfølgning"  q19{g}=2
row     "Uoplyst"                                                     missing(q19{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn med domfældte mfl. i social boform og {base:uden_for_social_boform} kommuner med tilsyn med domfældte mfl. uden for social boform."
