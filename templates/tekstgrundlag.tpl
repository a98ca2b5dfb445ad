# Tekstgrundlag: figures the report's text states that no table holds
# (Sammenfatning: "Cirka to tredjedele af de 65 kommuner ... har fastsat
# eller planlagt særlige retningslinjer"; "i lidt under halvdelen af disse
# tilfælde godkendt").  Not in tables.csv; its wide CSV is
# tekstgrundlag.csv; the text places it in the internal edition only.
table   tekstgrundlag
order   9
tidy    no
multi
caption "Tekstgrundlag"
title   "Tal i rapportens tekst, som ingen tabel viser. {year}"

base    true
column  kommuner
measure antal   "Antal kommuner"
measure procent "Procent"

row "Kommuner med tilsyn med domfældte mfl. i {prev_year}"                       of=none q1a=1 | q1b=1                                                        # 1
row "Heraf med fastsatte eller planlagte særlige retningslinjer for tilsynet ({year})" of=1 (q1a=1 | q1b=1) & (q2a=1 | q2b=1 | q2_3a=1 | q2_3b=1)   # 2
row "Heraf med fastsatte særlige retningslinjer for tilsynet"                      of=1 (q1a=1 | q1b=1) & (q2a=1 | q2b=1)                               # 3
row "Heraf godkendt af kommunalbestyrelsen (i eller uden for social boform)"      of=3 (q1a=1 | q1b=1) & ((q2a=1 & q2_1a=1) | (q2b=1 & q2_1b=1))         # 4

note "Anm.: Procenterne er beregnet af den gruppe, rækken er en del af (rækken 'Heraf')."
