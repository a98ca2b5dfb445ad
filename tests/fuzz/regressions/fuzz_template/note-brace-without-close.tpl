table   2.3
caption "Tabel 2.3"
title   "T"
base    q2{g}=1
column  social_boform group="G" {g}=a
measure antal   "Antal kommuner"
row     "Samme retningslinjer"  q2_2{g}=2
total   "I alt"
note "Anm.: {base:social_boform og {base:social_boform} kommuner."
