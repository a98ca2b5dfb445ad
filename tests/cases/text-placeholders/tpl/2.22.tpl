# Tabel 2.22: question 20 (personal talk at the continuous follow-up; asked
# for the social boform only).  Base: supervision in a social boform.
table   2.22
caption "Tabel 2.22"
title   "Personlig samtale mellem den tilsynsførende og beboeren i social boform. {year}"
section 2.4.3

base    q1a=1
column  social_boform
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Der tages en personlig samtale med den tilsynsførende"       q20=1
row     "Der tages ikke en personlig samtale med den tilsynsførende"  q20=2
row     "Uoplyst"                                                     missing(q20)
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn med domfældte mfl. i social boform."
