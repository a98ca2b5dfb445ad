# Tabel 2.15: question 14 (Ja / Nej / Uoplyst).  Base: supervision in the
# group (question 1 = Ja).
table   2.15
caption "Tabel 2.15"
title   "Planlagt antal opfølgninger på handleplan. {year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Ja"       q14{g}=1
row     "Nej"      q14{g}=2
row     "Uoplyst"  missing(q14{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn med domfældte mfl. i social boform og {base:uden_for_social_boform} kommuner med tilsyn med domfældte mfl. uden for social boform."
