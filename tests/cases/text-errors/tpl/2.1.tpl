# Tabel 2.1: question 1 (1.a x 1.b), the activity year.  Base: respondents
# who answered both 1.a and 1.b (spec section 3); a crosstab, so each
# column has its own base.
table   2.1
caption "Tabel 2.1"
title   "Antal kommuner med tilsyn med domfældte mfl. {prev_year}"
section 2.1.1

base    answered(q1a) & answered(q1b)
column  tilsyn_i_social_boform      label="Tilsyn i social boform"      base="answered(q1b) & q1a=1"
column  uden_tilsyn_i_social_boform label="Uden tilsyn i social boform" base="answered(q1b) & q1a=2"
column  i_alt                       label="I alt"
measure antal

row     "Tilsyn uden for social boform"       q1b=1
row     "Uden tilsyn uden for social boform"  q1b=2
total   "I alt"

note    "Anm.: Tabellen omfatter {base:i_alt} ud af de {respondents} kommuner, der har indberettet til undersøgelsen."
