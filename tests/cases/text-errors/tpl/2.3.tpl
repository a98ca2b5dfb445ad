# Tabel 2.3: question 2.2 ("adskiller retningslinjerne sig ...": Ja = not
# the same guidelines).  Base: municipalities with guidelines (2 = Ja).
table   2.3
caption "Tabel 2.3"
title   "Retningslinjer for domfældte sammenholdt med andre modtagere af hjælp efter serviceloven. {year}"
section 2.1.2

base    q2{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Samme retningslinjer"       q2_2{g}=2
row     "Ikke samme retningslinjer"  q2_2{g}=1
row     "Uoplyst"                    missing(q2_2{g})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med særlige retningslinjer i social boform og {base:uden_for_social_boform} kommuner med særlige retningslinjer uden for social boform."
