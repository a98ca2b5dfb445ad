# Tabel 2.2: questions 2 (guidelines), 2.1 (approved), 2.3 (planned).
# Base: all respondents.
table   2.2
caption "Tabel 2.2"
title   "Kommuner med særlige retningslinjer for tilsyn. {year}"
section 2.1.2

base    true
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal"
measure procent "Procent"

row      "Ja, med godkendelse af kommunalbestyrelsen"   q2{g}=1 & q2_1{g}=1
row      "Ja, uden godkendelse af kommunalbestyrelsen"  q2{g}=1 & q2_1{g}=2
row      "Ja, uoplyst om godkendelse"                   q2{g}=1 & missing(q2_1{g})
subtotal "Ja, i alt"
row      "Nej, men der er planlagt retningslinjer"      q2{g}=2 & q2_3{g}=1
row      "Nej, og der er ikke planlagt retningslinjer"  q2{g}=2 & q2_3{g}=2
row      "Nej, uoplyst med hensyn til planlægning"      q2{g}=2 & missing(q2_3{g})
subtotal "Nej, i alt"
optional "Uoplyst om ja eller nej"                      missing(q2{g})
total    "Total"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner."
