# Tabel 2.11: questions 10 and 11 (suppliers involved in making / following
# up action plans).  One row per question ({q}), three columns per group:
# Ja, Nej and I alt, where I alt = answered Ja or Nej (the base per question
# and group, spec section 3).  Counts only.  'multi' because the rows are
# different questions, not one answer split over rows.
table   2.11
caption "Tabel 2.11"
title   "Inddragelse af leverandører i arbejdet med handleplaner. Antal kommuner. {year}"
section 2.2
multi

base    q1{g}=1
column  social_boform_ja              group="Tilsyn i social boform"        label="Ja"    {g}=a cell="q{q}{g}=1"
column  social_boform_nej             group="Tilsyn i social boform"        label="Nej"   {g}=a cell="q{q}{g}=2"
column  social_boform_i_alt           group="Tilsyn i social boform"        label="I alt" {g}=a cell="q{q}{g} in 1..2"
column  uden_for_social_boform_ja     group="Tilsyn uden for social boform" label="Ja"    {g}=b cell="q{q}{g}=1"
column  uden_for_social_boform_nej    group="Tilsyn uden for social boform" label="Nej"   {g}=b cell="q{q}{g}=2"
column  uden_for_social_boform_i_alt  group="Tilsyn uden for social boform" label="I alt" {g}=b cell="q{q}{g} in 1..2"
measure antal

row     "Leverandør inddrages i udarbejdelsen af handleplaner"  {q}=10  true
row     "Leverandør inddrages i opfølgningen på handleplaner"   {q}=11  true

note "Anm.: Tabellen omfatter {base:social_boform_i_alt} kommuner med tilsyn med domfældte mfl. i social boform, hvoraf {cell:1:social_boform_i_alt} har svaret på spørgsmålet om inddragelse i udarbejdelsen af handleplaner og {cell:2:social_boform_i_alt} på spørgsmålet om opfølgning på handleplaner. Tabellen omfatter {base:uden_for_social_boform_i_alt} kommuner med tilsyn med domfældte mfl. uden for social boform, hvoraf {cell:1:uden_for_social_boform_i_alt} har svaret på spørgsmålet om inddragelse i udarbejdelsen af handleplaner og {cell:2:uden_for_social_boform_i_alt} på spørgsmålet om opfølgning på handleplaner."
