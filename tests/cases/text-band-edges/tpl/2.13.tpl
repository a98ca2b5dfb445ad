# Tabel 2.13: question 12b (persons who declined an action plan) as a share
# of 12a + 12b + 12c, read like 12a in table 2.12.  Base: supervision in the
# group.  The report prints no "Tabel" before 2.13.
table   2.13
caption "Tabel 2.13"
title   "Procentandel beboere, der har takket nej til handleplan. {year}"
section 2.2

base    q1{g}=1
column  social_boform          group="Tilsyn i social boform"        {g}=a {s}=sb
column  uden_for_social_boform group="Tilsyn uden for social boform" {g}=b {s}=eh
measure antal   "Antal kommuner"
measure procent "Procent"

row     "Ingen har takket nej til handleplan"         q12b_{s}=0
row     "1-99 procent har takket nej til handleplan"  q12b_{s}>0 & q12b_{s}<sum(q12a_{s}, q12b_{s}, q12c_{s})
row     "Alle har takket nej til handleplan"          q12b_{s}>0 & q12b_{s}=sum(q12a_{s}, q12b_{s}, q12c_{s})
row     "Uoplyst"                                     missing(q12b_{s})
total   "I alt"

note "Anm.: Tabellen omfatter {base:social_boform} kommuner med tilsyn i social boform og {base:uden_for_social_boform} kommuner med tilsyn uden for social boform."
