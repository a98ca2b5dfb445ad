# The set file: report title, the sections tables stand under, and the note
# the engine adds to a single-response table whose rounded percents do not
# sum to 100 (see README.md).
report "Kommuners tilsyn med domfældte udviklingshæmmede mfl."
rounding_note "Procentandelen summer ikke til 100 på grund af afrunding."

section 1     "1 Sammenfatning"
section 2.1   "2.1 Det personrelaterede tilsyn"
section 2.1.1 "2.1.1 Kommunerne med tilsyn med domfældte mfl."                                   parent=2.1
section 2.1.2 "2.1.2 Særlige retningslinjer i forbindelse med tilsyn"                             parent=2.1
section 2.1.3 "2.1.3 Særlige retningslinjer i forbindelse med tilsyn med personkredsen efter § 16 a" parent=2.1
section 2.1.4 "2.1.4 Personkredsens samtaler med tilsynsførende"                                  parent=2.1
section 2.1.5 "2.1.5 Hyppighed af personrelateret tilsynsbesøg i {prev_year}"                     parent=2.1
section 2.2   "2.2 Arbejdet med handleplaner, jf. servicelovens § 141"
section 2.3   "2.3 Supplerende retningslinjer for tilsyn, jf. retssikkerhedslovens § 16 a"
section 2.4   "2.4 Løbende opfølgning af de enkelte sager, jf. servicelovens § 148, stk. 2"
section 2.4.1 "2.4.1 Supplerende retningslinjer for opfølgningen af de enkelte sager"             parent=2.4
section 2.4.2 "2.4.2 Tidsfrister for opfølgning på indsatsen over for domfældte mfl."             parent=2.4
section 2.4.3 "2.4.3 Personlig samtale mellem den tilsynsførende og beboer i social boform"       parent=2.4

# The colophon on the front page (label, value), in place of the run's
# facts; those go to the provenance page of the internal edition.
colophon "Titel"    "Kommuners tilsyn med domfældte udviklingshæmmede mfl."
colophon "Udgiver"  "Ankestyrelsen, august {sum year 1}"
colophon "ISBN"     "978-87-7811-087-9"
colophon "Kontakt"  "Ankestyrelsen, Amaliegade 25, Postboks 9080, 1022 København K"

# The report's words that belong to no table (templates/README.md, "meta"):
# the workbook's document properties and the PX files' subject, dimension
# names and units.
meta author          "Ankestyrelsen"
meta subject         "Kommuners tilsyn med domfældte udviklingshæmmede mfl., {year}"
meta subject_code    "TILSYN"
meta rows            "svar"
meta columns         "tilsyn"
meta measures        "måleenhed"
meta unit_antal      "antal"
meta unit_procent    "procent"
meta unit_gennemsnit "gennemsnit"
meta unit_sum        "antal"
