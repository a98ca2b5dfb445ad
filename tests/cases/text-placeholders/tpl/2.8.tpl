# Tabel 2.8: question 6 (what follow-up builds on; several marks allowed).
# Base: 3.1c / 3.2c marked.
table   2.8
caption "Tabel 2.8"
title   "Områder, der indgår i opfølgning på tilsyn med domfældte mfl. {year}"
section 2.1.3
multi

base    q3_{n}c=1
column  social_boform          group="Tilsyn i social boform"        {n}=1
column  uden_for_social_boform group="Tilsyn uden for social boform" {n}=2
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Handleplaner"                q6_{n}a=1
row     "Tidligere tilsynsrapporter"  q6_{n}b=1
row     "Andet"                       q6_{n}c=1
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med særlige retningslinjer i social boform og {base:uden_for_social_boform} kommuner med særlige retningslinjer uden for social boform. Procentandelene summer ikke til 100, da kommunerne har mulighed for flere markeringer."
