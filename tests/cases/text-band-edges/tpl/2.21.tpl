# Tabel 2.21: question 19.1 (follow-ups a year set by the
# kommunalbestyrelse, a decimal), binned per spec section 3.  Base: time
# limits set (19 = Ja).  The "0", "Færre end 1" and "Uoplyst" rows were
# empty in 2008 and are printed only when data need them.
table   2.21
caption "Tabel 2.21"
title   "Antal opfølgninger fastsat af kommunalbestyrelsen. {year}"
section 2.4.2

base    q19{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

optional "0 opfølgninger"          q19_1{g}=0
optional "Færre end 1 opfølgning"  q19_1{g} in 0.1..0.9
row      "1 opfølgning"            q19_1{g}=1
row      "1,1- 2 opfølgninger"     q19_1{g} in 1.1..2
row      "Flere end 2"             q19_1{g}>2
optional "Uoplyst"                 missing(q19_1{g})
total    "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med fastsat antal opfølgninger med domfældte mfl. i social boform og {base:uden_for_social_boform} kommuner med fastsat antal opfølgninger med domfældte mfl. uden for social boform."
