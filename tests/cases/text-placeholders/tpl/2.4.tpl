# Tabel 2.4: question 3 (areas in the guidelines; several marks allowed).
# Base: municipalities with guidelines (2 = Ja).
table   2.4
caption "Tabel 2.4"
title   "Indholdet i de særlige retningslinjer for tilsyn med personkredsen omfattet af § 16 a, {year}"
section 2.1.3
multi

base    q2{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a {n}=1
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b {n}=2
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Opfølgning på tilsyn"  q3_{n}c=1
row     "Indhold af tilsyn"     q3_{n}a=1
row     "Hyppighed af tilsyn"   q3_{n}b=1
row     "Andet"                 q3_{n}d=1
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform. Procentandelen summer ikke til 100, da kommunerne har mulighed for flere markeringer."
