# Figur 2.1: average visits (question 7) in municipalities whose guidelines
# for the group are approved by the kommunalbestyrelse (2 = Ja and 2.1 = Ja)
# and in the other municipalities with supervision in the group; both only
# where question 7 is stated.  The mean is over the municipalities' own
# averages (each rounded to one decimal), rounded half up to two decimals.
figure  fig2.1
order   2.9.1
caption "Figur 2.1"
title   "Tilsynsbesøg i kommuner med eller uden retningslinjer, der er godkendt af kommunalbestyrelsen"
section 2.1.5
axis    "Gennemsnitligt antal tilsynsbesøg pr. domfældt i {prev_year}"
source  "Kilde: Ankestyrelsens undersøgelse af kommuners tilsyn med domfældte udviklingshæmmede mfl., {year}."

base    q1{g}=1 & answered(q7{g})
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure gennemsnit "Gennemsnitligt antal tilsynsbesøg"  q7{g}
measure antal      "Antal kommuner"

row     "Retningslinjer godkendt af kommunalbestyrelsen"    q2{g}=1 & q2_1{g}=1
row     "Ikke godkendte eller ingen retningslinjer"         !(q2{g}=1 & q2_1{g}=1)

note "Anm.: Figuren omfatter de kommuner med tilsyn i {prev_year}, der har oplyst det gennemsnitlige antal tilsynsbesøg: {base:social_boform} i social boform og {base:uden_for_social_boform} uden for social boform."
