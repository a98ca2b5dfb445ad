# Tabel 2.14: question 13 (average follow-ups on the action plan per person
# in the activity year), binned per spec section 3.  Base: supervision in
# the group.
table   2.14
caption "Tabel 2.14"
title   "Faktisk antal opfølgninger på handleplan. {prev_year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "0 opfølgninger"            q13{g}=0
row     "Færre end 1 opfølgning"    q13{g} in 0.1..0.9
row     "1 opfølgning"              q13{g}=1
row     "1,1- 2 opfølgninger"       q13{g} in 1.1..2
row     "Flere end 2 opfølgninger"  q13{g}>2
row     "Uoplyst"                   missing(q13{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
