# Tabel 2.10: questions 9 (guidelines for action plans), 9.1 (approved; one
# answer for both groups) and 9.2 (planned).  Base: supervision in the group.
table   2.10
caption "Tabel 2.10"
title   "Særlige retningslinjer for arbejdet med handleplaner. {year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row      "Ja, med godkendelse af kommunalbestyrelsen"   q9{g}=1 & q9_1=1
row      "Ja, uden godkendelse af kommunalbestyrelsen"  q9{g}=1 & q9_1=2
optional "Ja, uoplyst om godkendelse"                   q9{g}=1 & missing(q9_1)
subtotal "Ja, i alt"
row      "Nej, men der er planlagt retningslinjer"      q9{g}=2 & q9_2{g}=1
row      "Nej, og der er ikke planlagt retningslinjer"  q9{g}=2 & q9_2{g}=2
optional "Nej, uoplyst med hensyn til planlægning"      q9{g}=2 & missing(q9_2{g})
subtotal "Nej, i alt"
optional "Uoplyst om ja eller nej"                      missing(q9{g})
total    "Total"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
