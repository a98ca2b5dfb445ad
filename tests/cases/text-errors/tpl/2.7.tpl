# Tabel 2.7: question 5 (visits a year by the guidelines, a decimal),
# binned per spec section 3.  Base: 3.1b / 3.2b marked.  Single-response:
# the published note's "flere markeringer" sentence is wrong for this table
# and left out; the engine adds the rounding note when the percents do not
# sum to 100 (they sum to 101 in 2008).
table   2.7
caption "Tabel 2.7"
title   "Hyppighed af tilsyn årligt, jf. særlige retningslinjer. {year}"
section 2.1.3

base    q3_{n}b=1
column  social_boform          group="Tilsyn i social boform"        {n}=1
column  uden_for_social_boform group="Tilsyn uden for social boform" {n}=2
measure antal   "Antal kommuner"
measure procent "Procent"

optional "0 tilsyn"            q5_{n}=0
optional "Færre end 1 tilsyn"  q5_{n} in 0.1..0.9
row      "1 tilsyn"            q5_{n}=1
row      "1,1 - 2 tilsyn"      q5_{n} in 1.1..2
row      "Flere end 2 tilsyn"  q5_{n}>2
row      "Uoplyst"             missing(q5_{n})
total    "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med særlige retningslinjer i social boform og {base:uden_for_social_boform} kommuner med særlige retningslinjer uden for social boform."
