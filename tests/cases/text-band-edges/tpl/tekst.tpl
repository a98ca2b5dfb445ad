# One paragraph whose words the data choose: a quantifier from
# data/bands.csv, comparatives, guards and a number word at a sentence
# start (see cmd).
text 1
let ja = cell 2.2 row='Ja, i alt' col=social_boform
let n  = cell 2.2 row='Total' col=social_boform
let p  = pct ja n
para "{ja} af {n} ({p} %): {band ja n}; {cmp ja 25 'flere end' 'færre end' 'lige så mange som'} 25; {cmp p 50 'over' 'under' 'lig med'} halvdelen."
para if="p = 100" "Alle har retningslinjer."
para if="p < 100 & p > 0" "Ikke alle har retningslinjer."
para if="ja = 0" "Ingen har retningslinjer."
place 2.2
