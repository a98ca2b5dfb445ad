# 1 Sammenfatning.  Every survey number is a placeholder; the names
# defined here with 'let' are used again in the later text files.
text 1

# The key figures (noegletal.tpl; row numbers as written there).
let pop      = population
let resp     = cell noegletal row=2
let svarpct  = pct resp pop
let q1svar   = cell noegletal row=3
let med      = cell noegletal row=4
let uden     = cell noegletal row=5
let kun_sb   = cell noegletal row=6
let kun_eh   = cell noegletal row=7
let begge    = cell noegletal row=8
let sb       = cell noegletal row=9
let eh       = cell noegletal row=10
# Figures no table shows (tekstgrundlag.tpl).
let med_rl_pl = cell tekstgrundlag row=2
let med_rl    = cell tekstgrundlag row=3
let med_godk  = cell tekstgrundlag row=4
# Table 2.3: the same guidelines as for other recipients.
let samme_sb  = cell 2.3 row='Samme retningslinjer' col=social_boform
let rl_sb     = cell 2.3 row='I alt' col=social_boform
# Table 2.18: supplementary guidelines approved by the council.
let supp_godk_sb = cell 2.18 row='Ja, med godkendelse af kommunalbestyrelsen' col=social_boform
let supp_godk_eh = cell 2.18 row='Ja, med godkendelse af kommunalbestyrelsen' col=uden_for_social_boform

chapter "1" "Sammenfatning"
para "{resp} ud af landets {pop} kommuner har indberettet til undersøgelsen, hvilket giver en svarprocent på {svarpct}."
para "Kommunens udførelse af tilsynet med personer omfattet af personkredsen efter retssikkerhedslovens § 16 a kan være afhængig af, om personen opholder sig i en boform med døgndækning, hvor vedkommende er under et mere konstant opsyn, eller har ophold uden for social boform uden et mere konstant opsyn. Undersøgelsen er derfor tilrettelagt, så der besvares særskilt for personer med ophold henholdsvis i en social boform og uden for social boform."

subheading if="uden > 0" "Ikke alle kommuner har tilsyn med domfældte mfl."
subheading if="uden = 0" "Alle kommuner har tilsyn med domfældte mfl."
para if="uden > 0" "Det fremgår af kommunernes indberetninger, at det ikke var alle kommuner, der i {prev_year} havde borgere omfattet af personkredsen for undersøgelsen. Ud af de {resp} kommuner, der har indberettet til undersøgelsen, har {q1svar} oplyst, hvorvidt de i {prev_year} havde tilsyn med domfældte mfl. Heraf havde {med} kommuner borgere omfattet af personkredsen for undersøgelsen, mens {uden} kommuner ikke havde."
para "I de {med} kommuner, der havde borgere omfattet af personkredsen, havde {kun_sb} kommuner alene tilsyn med domfældte mfl. i social boform, {kun_eh} kommuner alene tilsyn med domfældte mfl. uden for social boform og {begge} kommuner tilsyn med domfældte mfl. såvel i som uden for social boform. Det vil sige, at i alt {sb} af de {med} kommuner havde tilsyn med domfældte mfl. i social boform, og {eh} kommuner havde tilsyn med domfældte mfl. uden for social boform."
para "Grundlaget for nedenstående resultater er indberetninger fra de {med} kommuner, der havde borgere omfattet af personkredsen."

subheading "Kommuner med særlige retningslinjer for tilsynet"
para "Der er ikke i lovgivningen fastsat pligt til, at den enkelte kommune skal have udarbejdet særlige retningslinjer for tilsynet med domfældte mfl., jf. retssikkerhedslovens § 16 a."
para "{band med_rl_pl med} af de {med} kommuner, der i {prev_year} havde tilsyn med domfældte mfl., har på undersøgelsestidspunktet i efteråret {year} fastsat eller planlagt særlige retningslinjer for tilsynet med personkredsen. Kommunalbestyrelsen har i {band med_godk med_rl} af disse tilfælde godkendt de fastsatte særlige retningslinjer."
para "På de fleste områder er der ikke forskel med hensyn til de retningslinjer, kommunerne har fastsat for tilsynet med domfældte mfl. i og uden for social boform. Når der er forskelle, vil de blive nævnt."
para "Nogle af de områder, der indgår i de fleste kommuners retningslinjer om, hvad tilsynet med de domfældte mfl. skal indeholde, er det socialpædagogiske indhold og beboerens trivsel."
para "Der er ikke så mange kommuner, der har retningslinjer om anvendelse af ekstern ekspertise og udarbejdelse af risikovurdering i forbindelse med tilsyn med domfældte mfl."
para "Det indgår i kommunernes fastsatte retningslinjer, at det planlagte antal tilsyn med domfældte mfl. er mindst et om året – i gennemsnit. De oplyste antal tilsynsbesøg - både de gennemførte i {prev_year} og de planlagte - er et gennemsnit for alle domfældte mfl., der er omfattet af undersøgelsen, i kommunen. Et sådant gennemsnit kan dække over, at nogle har haft flere tilsynsbesøg og andre måske ingen tilsyn i løbet af året."
para "Flere kommuner oplyser, at regionen eller en anden kommune efter aftale udfører opgaver i forbindelse med tilsynet. Regionen kan derfor have udarbejdet retningslinjer, som de enkelte kommunalbestyrelser gennem deres valg af leverandør på tilsynsområdet har tilsluttet sig."
para "I kommunerne med særlige retningslinjer for tilsynet med domfældte mfl. er retningslinjerne i {band samme_sb rl_sb} af kommunerne de samme retningslinjer for dette tilsyn som for tilsynet med andre modtagere af hjælp efter serviceloven. I de resterende er der forskelle vedrørende for eksempel særlige fokusområder og risikovurdering."

subheading "Flest tilsyn i kommuner med politisk godkendte retningslinjer"
para "Det oplyste antal tilsynsbesøg for personer omfattet af personkredsen i retssikkerhedslovens § 16 a - både de gennemførte i {prev_year} og de planlagte ({year}) – er et gennemsnit for hele personkredsen i kommunen. Dette gennemsnit kan dække over, at nogle personer har haft flere tilsyn og andre måske ingen tilsyn i løbet af året."
let fig_godk_sb  = cell fig2.1 row=1 col=social_boform m=gennemsnit
let fig_andre_sb = cell fig2.1 row=2 col=social_boform m=gennemsnit
para "Antallet af gennemsnitlige årlige tilsynsbesøg i forhold til domfældte mfl. var {cmp fig_godk_sb fig_andre_sb 'større' 'mindre' 'det samme'} i kommuner med politisk godkendte retningslinjer, end det var i andre kommuner, jf. {ref fig2.1}."
para "Kommunalbestyrelsen i nogle kommuner har for tilsynet efter retssikkerhedslovens § 16 a godkendt særlige retningslinjer, der ligger ud over procedurer og eller rutiner for det personrelaterede tilsyn, jf. servicelovens § 148, stk. 1. For borgere i social boform er det {supp_godk_sb} kommuner, og for borgere uden for social boform er det {supp_godk_eh} kommuner, jf. {ref 2.18}. Den enkelte kommune kan have godkendte særlige retningslinjer for såvel domfældte mfl. i som uden for social boform."

subheading "Flest tilsyn med domfældte mfl. uden for social boform"
let f2_sb = cell 2.9 row='Flere end 2 tilsyn' col=social_boform m=procent
let f2_eh = cell 2.9 row='Flere end 2 tilsyn' col=uden_for_social_boform m=procent
let p2_sb = cell 2.7 row='Flere end 2 tilsyn' col=social_boform m=procent
let p2_eh = cell 2.7 row='Flere end 2 tilsyn' col=uden_for_social_boform m=procent
para if="f2_eh > f2_sb & p2_eh > p2_sb" "Mens der på de mange områder ikke er større forskel på indholdet i tilsynet med domfældte mfl., uanset om der er tale om personer i eller uden for social boform, er det ikke tilfældet med hensyn til antallet af tilsynsbesøg. Uden for social boform er såvel det gennemførte antal tilsynsbesøg i {prev_year} som det planlagte antal tilsyn efter særlige retningslinjer ({year}) større for personer uden for social boform end i social boform."
let lev_sb = cell 2.11 row=1 col=social_boform_ja
let lev_sb_n = cell 2.11 row=1 col=social_boform_i_alt
let lev_eh = cell 2.11 row=1 col=uden_for_social_boform_ja
let lev_eh_n = cell 2.11 row=1 col=uden_for_social_boform_i_alt
let lev_sb_p = pct lev_sb lev_sb_n
let lev_eh_p = pct lev_eh lev_eh_n
para if="lev_sb_p > lev_eh_p" "I forhold til arbejdet med handleplaner for den enkelte person, inddrog kommunen i {prev_year} også i højere grad leverandøren af social service i dette arbejde, når der var tale om en domfældt mfl. i social boform."
