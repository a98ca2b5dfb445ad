# Tabel 2.12: question 12a (persons with an action plan) as a share of
# 12a + 12b + 12c (an empty one counting 0), spec section 3.  Base:
# supervision in the group.  The report prints no "Tabel" before 2.12.
table   2.12
caption "Tabel 2.12"
title   "Procentandel beboere med en handleplan. {year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a {s}=sb
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b {s}=eh
measure antal   "Antal kommuner"
measure procent "Procent"

row     "100 procent har handleplan"   q12a_{s}>0 & q12a_{s}=sum(q12a_{s}, q12b_{s}, q12c_{s})
row     "99-1 procent har handleplan"  q12a_{s}>0 & q12a_{s}<sum(q12a_{s}, q12b_{s}, q12c_{s})
row     "0 procent har handleplan"     q12a_{s}=0
row     "Uoplyst"                      missing(q12a_{s})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
