table   9.1
caption "Tabel 9.1"
title   "Gennemsnitligt antal tilsynsbesøg, summeret. {prev_year}"
section a

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal "Antal kommuner"
measure sum   "Sum"  q7{g}

row     "Oplyst"   answered(q7{g})
row     "Uoplyst"  missing(q7{g})
total   "I alt"
