# Tabel 2.19: questions 18 (guidelines for the continuous follow-up), 18.2
# (approved) and 18.3 (planned).  Base: supervision in the group.
table   2.19
caption "Tabel 2.19"
title   "Supplerende retningslinjer for opfølgning af de enkelte sager. {year}"
section 2.4.1

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row      "Ja, med godkendelse af kommunalbestyrelsen"   q18{g}=1 & q18_2{g}=1
row      "Ja, uden godkendelse af kommunalbestyrelsen"  q18{g}=1 & q18_2{g}=2
optional "Ja, uoplyst om godkendelse"                   q18{g}=1 & missing(q18_2{g})
subtotal "Ja, i alt"
row      "Nej, men der er planlagt retningslinjer"      q18{g}=2 & q18_3{g}=1
row      "Nej, og der er ikke planlagt retningslinjer"  q18{g}=2 & q18_3{g}=2
row      "Nej, uoplyst med hensyn til planlægning"      q18{g}=2 & missing(q18_3{g})
subtotal "Nej, i alt"
row      "Uoplyst om ja eller nej"                      missing(q18{g})
total    "Total"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
