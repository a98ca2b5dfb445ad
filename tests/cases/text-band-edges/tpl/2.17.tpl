# Tabel 2.17: question 16 (Ja / Nej / Uoplyst).  Base: supervision in the
# group (question 1 = Ja).
table   2.17
caption "Tabel 2.17"
title   "Anden opfølgning på handleplan. {year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Der sikres også på anden vis, at der følges op på handleplan"  q16{g}=1
row     "Der sikres ikke på anden vis, at der følges op på handleplan"  q16{g}=2
row     "Uoplyst"                                                       missing(q16{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn med domfældte mfl. i social boform og {base:uden_for_social_boform} kommuner med tilsyn med domfældte mfl. uden for social boform."
