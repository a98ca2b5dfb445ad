# Every kind of placeholder of the text (templates/README.md "Text") on
# the 2008 data; the expected tekst.md holds the numbers of the tables.
text 1
chapter "2" "Tilsynet med domfældte mfl."
let resp = cell noegletal row=2
let pop = population
para "{resp} ud af landets {pop} kommuner har besvaret spørgeskemaet. Det svarer til en svarprocent på {pct resp pop}."
heading 2.1.2
let ja = cell 2.2 row='Ja, i alt' col=social_boform
let godk = cell 2.2 row=1 col=social_boform
para "De særlige retningslinjer er i {godk} ud af de {ja} kommuner godkendt af kommunalbestyrelsen, svarende til {cell 2.2 row=1 col=social_boform m=procent} procent af alle og {pct godk ja} procent af dem med retningslinjer, jf. {ref 2.2}."
para "Kommunalbestyrelsen har i {band godk ja} af disse tilfælde godkendt retningslinjerne. {cell 2.10 row=1 col=social_boform} kommuner med handleplaner. Der er {cmp ja godk 'flere' 'færre' 'lige så mange'} kommuner med retningslinjer end med godkendte."
para "I alt {sum godk (cell 2.2 row=2 col=social_boform)} og forskellen {diff ja godk}; grundlaget er {base 2.2 col=social_boform}; {word 6} kommuner; gennemsnit {cell fig2.1 row=1 col=social_boform m=gennemsnit}; i {prev_year}."
para if="ja > 100" "Vises ikke: {ja} er ikke over 100."
para if="ja <= 100 & godk = 17" "Vises: betingelsen holder."
subheading "{band ja resp} har retningslinjer"
place 2.2
