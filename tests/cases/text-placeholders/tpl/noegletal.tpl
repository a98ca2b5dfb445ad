# Nøgletal: the figures the report states in its text (sections 1 and 2:
# respondents and response rate, question 1, the number of persons under
# supervision, question 8, figure 2.1's approved guidelines), computed from
# the data like every table.  Not in tables.csv ('tidy no': spec section 4
# fixes its table ids); the CLI writes it as noegletal.csv and the PDF puts
# it first, under "1 Sammenfatning" (order 1 < 2.1).
#
# One column, all respondents.  Each row's percent is over the row named by
# its of= (the group it is part of, as the report's text counts it), the
# response rate over the municipalities of the register (of=population).
# The sum measure adds up the stated numbers of persons (sum=).
table   noegletal
order   1
tidy    no
multi
caption "Nøgletal"
title   "Undersøgelsens grundlag og nøgletal. {year}"
section 1

base    true
column  kommuner
measure antal   "Antal"
measure procent "Procent"
measure sum     "Antal domfældte"

population "Kommuner i landet"                                                                    # 1
row "Kommuner, der har indberettet (svarprocent)"                    of=population                 true                                 # 2
row "Kommuner, der har oplyst, om de havde tilsyn i {prev_year}"     of=2                          answered(q1a) & answered(q1b)        # 3
row "Kommuner med tilsyn med domfældte mfl. i {prev_year}"           of=3                          q1a=1 | q1b=1                        # 4
row "Kommuner uden tilsyn med domfældte mfl. i {prev_year}"          of=3                          q1a=2 & q1b=2                        # 5
row "Tilsyn alene i social boform"                                   of=4                          q1a=1 & q1b=2                        # 6
row "Tilsyn alene uden for social boform"                            of=4                          q1a=2 & q1b=1                        # 7
row "Tilsyn såvel i som uden for social boform"                      of=4                          q1a=1 & q1b=1                        # 8
row "Tilsyn i social boform i alt"                                   of=4                          q1a=1                                # 9
row "Tilsyn uden for social boform i alt"                            of=4                          q1b=1                                # 10
row "Har oplyst antal domfældte under tilsyn i social boform"        of=9  sum="q1_1a"             q1a=1 & answered(q1_1a)              # 11
row "Har oplyst antal domfældte under tilsyn uden for social boform" of=10 sum="q1_1b"             q1b=1 & answered(q1_1b)              # 12
row "Har oplyst antal domfældte under tilsyn i alt"                  of=4  sum="sum(q1_1a, q1_1b)" answered(q1_1a) | answered(q1_1b)    # 13
row "Særlige retningslinjer for tilsyn i social boform ({year})"     of=2                          q2a=1                                # 14
row "Heraf skal der være en personlig samtale med beboeren"          of=14                         q2a=1 & q8=1                         # 15
row "Godkendte retningslinjer og oplyst antal tilsynsbesøg, i social boform"      of=9  q1a=1 & q2a=1 & q2_1a=1 & answered(q7a)     # 16
row "Godkendte retningslinjer og oplyst antal tilsynsbesøg, uden for social boform" of=10 q1b=1 & q2b=1 & q2_1b=1 & answered(q7b)  # 17
subtotal "Godkendte retningslinjer i alt (figur 2.1)"                from=16 of=none                                                    # 18
row "Godkendte retningslinjer for handleplaner, såvel i som uden for social boform" of=8 q9a=1 & q9b=1 & q9_1=1                    # 19
row "Tilsyn i social boform, har besvaret både spørgsmål 10a og 11a" of=9                          q1a=1 & answered(q10a) & answered(q11a) # 20

note "Anm.: Svarprocenten er beregnet af kommunerne i landet. De øvrige procenter er beregnet af den gruppe, rækken er en del af (fx andelen med personlig samtale af kommunerne med særlige retningslinjer for tilsyn i social boform). Antal domfældte er summen af de antal, kommunerne har oplyst for {prev_year}."
