# Tabel 2.16: question 15 (Ja / Nej / Uoplyst).  Base: supervision in the
# group (question 1 = Ja).
table   2.16
caption "Tabel 2.16"
title   "Personrelaterede tilsyn med afsæt i handleplan. {year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Der tages afsæt i den udarbejdede handleplan"       q15{g}=1
row     "Der tages ikke afsæt i den udarbejdede handleplan"  q15{g}=2
row     "Uoplyst"                                            missing(q15{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn med domfældte mfl. i social boform og {base:uden_for_social_boform} kommuner med tilsyn med domfældte mfl. uden for social boform."
