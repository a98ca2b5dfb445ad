# Tabel 2.6: question 4.2 (content of supervision, own home; several marks
# allowed).  Base: 3.2a marked.
table   2.6
caption "Tabel 2.6"
title   "Områder der indgår i retningslinjer om tilsynets indhold. Uden for social boform. {year}"
section 2.1.3
multi

base    q3_2a=1
column  uden_for_social_boform
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Det socialpædagogiske indhold i forhold til den enkelte beboer"  q4_2a=1
row     "Den enkelte beboers trivsel"                                     q4_2c=1
row     "Anvendelse af ekstern ekspertise i forbindelse med tilsynet"     q4_2d=1
row     "Udarbejdelse af en risikovurdering i forbindelse med tilsynet"   q4_2e=1
row     "Det sundhedsmæssige indhold i forhold til den enkelte beboer"    q4_2b=1
row     "Andet"                                                           q4_2f=1
total   "I alt"

note "Anm.: Tabellen omfatter {base:uden_for_social_boform} kommuner, hvor tilsynets indhold indgår i retningslinjer. Procentandelene summer ikke til 100, da kommunerne har mulighed for flere markeringer."
