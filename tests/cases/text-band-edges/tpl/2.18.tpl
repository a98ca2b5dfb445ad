# Tabel 2.18: questions 17 (guidelines for the crime-preventive supervision)
# and 17.1 (approved).  Base: supervision in the group.
table   2.18
caption "Tabel 2.18"
title   "Supplerende retningslinjer for tilsynet efter § 16 a i forhold til tilsynet efter servicelovens § 148, stk. 1, om personrelateret tilsyn. {year}"
section 2.3

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row      "Ja, med godkendelse af kommunalbestyrelsen"   q17{g}=1 & q17_1{g}=1
row      "Ja, uden godkendelse af kommunalbestyrelsen"  q17{g}=1 & q17_1{g}=2
optional "Ja, uoplyst om godkendelse"                   q17{g}=1 & missing(q17_1{g})
subtotal "Ja, i alt"
row      "Nej"                                          q17{g}=2
row      "Uoplyst om ja eller nej"                      missing(q17{g})
total    "Total"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
