# Tabel 2.5: question 4.1 (content of supervision, social boform; several
# marks allowed).  Base: 3.1a marked.  Row labels as published (incl. the
# report's "beboeres").
table   2.5
caption "Tabel 2.5"
title   "Områder der indgår i retningslinjer om tilsynets indhold. I social boform. {year}"
section 2.1.3
multi

base    q3_1a=1
column  social_boform
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Tilbuddets socialpædagogiske indhold i forhold til den enkelte beboer"  q4_1b=1
row     "Tilbuddets indhold i øvrigt i forhold til den enkelte beboeres trivsel" q4_1d=1
row     "Tilbuddets indhold, som det f.eks. fremgår af Tilbudsportalen"          q4_1a=1
row     "Anvendelse af ekstern ekspertise i forbindelse med tilsynet"            q4_1e=1
row     "Udarbejdelse af en risikovurdering i forbindelse med tilsynet"          q4_1g=1
row     "Tilbuddets indhold i forhold til den enkelte beboeres sundhed"          q4_1c=1
row     "Andet"                                                                  q4_1h=1
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner, hvor tilsynets indhold indgår i retningslinjer. Procentandelene summer ikke til 100, da kommunerne har mulighed for flere markeringer."
