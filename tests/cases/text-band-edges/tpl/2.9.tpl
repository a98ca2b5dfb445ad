# Tabel 2.9: question 7 (average visits per person in the activity year),
# binned per spec section 3.  Base: supervision in the group (1 = Ja).
table   2.9
caption "Tabel 2.9"
title   "Faktisk hyppighed af personrelateret tilsyn. {prev_year}"
section 2.1.5

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "0 tilsyn"            q7{g}=0
row     "Færre end 1 tilsyn"  q7{g} in 0.1..0.9
row     "1 tilsyn"            q7{g}=1
row     "1,1- 2 tilsyn"       q7{g} in 1.1..2
row     "Flere end 2 tilsyn"  q7{g}>2
row     "Uoplyst"             missing(q7{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
