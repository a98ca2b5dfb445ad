# Each line below has one mistake; all are reported, with file:line:column.
table   9.1
caption "Tabel 9.1"
titel   "Titel {year}"
title   "Titel {yaer}"
section b
base    q1{g}=1
column  social_boform          {g}=a lable="x"
column  social_boform          {g}=b
column  uden_for_social_boform {g}=b
measure antal "Antal kommuner"
measure prosent "Procent"
measure gennemsnit "Gennemsnit" q2{g}
row     "Ja"  q5_1{g}=1
row     "Nej" q2{g}=2 &
note    "Anm.: {base:social} kommuner {cell:7:social_boform}"
