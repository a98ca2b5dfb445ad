# 2 Tilsynet med domfældte mfl.: the text between the tables.  Uses the
# names of tekst-1-sammenfatning.tpl.  Tables stand where 'place' puts them.
text 2
chapter "2" "Tilsynet med domfældte mfl."
para "{resp} ud af landets {pop} kommuner har besvaret spørgeskemaet om tilsyn, jf. retssikkerhedslovens § 16 a, med domfældte mfl. Det svarer til en svarprocent på {svarpct}."
para "Udover spørgsmål om tilsyn, jf. retssikkerhedslovens § 16 a, omfatter spørgeskemaet kommunernes arbejde med handleplaner og løbende opfølgning af de enkelte sager. Spørgeskemaet omfatter domfældte mfl. såvel uden for som i social boform, herunder i sikret afdeling (Kofoedsminde, Lolland Kommune)."

heading 2.1
para "Siden den 1. januar 2007 har kommunalbestyrelsen haft myndighedsansvaret for at føre tilsyn med domfældte mfl., jf. retssikkerhedslovens § 16 a."
para "Flere kommuner, især i region Syddanmark, oplyser, at regionen eller en anden kommune efter aftale udfører opgaver i forbindelse med tilsynet med personkredsen, der er omfattet af retssikkerhedslovens § 16 a. Regionen kan have udarbejdet retningslinjer, som de enkelte kommunalbestyrelser har tilsluttet sig."

# ---- 2.1.1 ----------------------------------------------------------------
heading 2.1.1
para "{resp} kommuner har indberettet til undersøgelsen. Heraf har {q1svar} kommuner oplyst, om de i {prev_year} havde tilsyn med domfældte mfl. med ophold i eller uden for social boform."
para "I de {med} kommuner, der i {prev_year} havde tilsyn med domfældte mfl., havde {kun_sb} kommuner alene tilsyn med domfældte mfl. i social boform, {kun_eh} kommuner havde alene tilsyn med domfældte mfl. uden for social boform, og {begge} kommuner havde tilsyn med domfældte mfl. såvel i som uden for social boform. Det vil sige, at i alt {sb} af de {med} kommuner havde tilsyn med domfældte mfl. i social boform, og {eh} kommuner havde tilsyn med domfældte mfl. uden for social boform, jf. {ref 2.1}."
place 2.1
let pers_sb_n = cell noegletal row=11
let pers_sb   = cell noegletal row=11 m=sum
let pers_eh_n = cell noegletal row=12
let pers_eh   = cell noegletal row=12 m=sum
let pers_i_alt = cell noegletal row=13 m=sum
para "{pers_sb_n} ud af de {sb} kommuner med tilsyn med domfældte mfl. i social boform har oplyst, at de i alt i {prev_year} havde tilsyn med {pers_sb} domfældte mfl. i social boform."
para "{pers_eh_n} ud af de {eh} kommuner med tilsyn med domfældte mfl. uden for social boform har indberettet, at de i alt havde tilsyn med {pers_eh} domfældte mfl. uden for social boform i {prev_year}. Der er således i alt indberettet tilsyn med {pers_i_alt} domfældte mfl."

# ---- 2.1.2 ----------------------------------------------------------------
heading 2.1.2
let rl_sb_ja   = cell 2.2 row='Ja, i alt' col=social_boform
let rl_sb_godk = cell 2.2 row=1 col=social_boform
let rl_eh_ja   = cell 2.2 row='Ja, i alt' col=uden_for_social_boform
let rl_eh_godk = cell 2.2 row=1 col=uden_for_social_boform
let rl_sb_pl   = cell 2.2 row=5 col=social_boform
let rl_eh_pl   = cell 2.2 row=5 col=uden_for_social_boform
para "Ud af de {resp} kommuner, der har indberettet til undersøgelsen, har {rl_sb_ja} kommuner ({year}) eller {band rl_sb_ja pop} af kommunerne fastsat særlige retningslinjer for procedurer og/eller rutiner i forbindelse med tilsynet med domfældte mfl. i social boform. De særlige retningslinjer er i {rl_sb_godk} ud af de {rl_sb_ja} kommuner godkendt af kommunalbestyrelsen, jf. {ref 2.2}."
para "{rl_eh_ja} kommuner har fastsat særlige retningslinjer for tilsynet med domfældte mfl. uden for social boform. Heraf har kommunalbestyrelsen i {rl_eh_godk} kommuner godkendt disse, jf. {ref 2.2}."
place 2.2
para "Som det fremgår af tabellen ovenfor, er der ikke stor forskel mellem kommunernes tilsyn med persongruppen, der er omfattet af retssikkerhedslovens § 16 a, i og uden for social boform med hensyn til, om der er fastsat eller planlagt særlige retningslinjer, og om de er godkendt af kommunalbestyrelsen."
para if="rl_sb_pl = rl_eh_pl" "{rl_sb_pl} kommuner med tilsyn med domfældte mfl. i social boform og et tilsvarende antal kommuner med tilsyn med domfældte mfl. uden for social boform har oplyst, at de har planlagt at udarbejde retningslinjer."
para if="rl_sb_pl != rl_eh_pl" "{rl_sb_pl} kommuner med tilsyn med domfældte mfl. i social boform og {rl_eh_pl} kommuner med tilsyn med domfældte mfl. uden for social boform har oplyst, at de har planlagt at udarbejde retningslinjer."
let ikke_samme_sb = cell 2.3 row='Ikke samme retningslinjer' col=social_boform
let ikke_samme_eh = cell 2.3 row='Ikke samme retningslinjer' col=uden_for_social_boform
subheading "Ikke altid samme retningslinjer som for andre modtagere af hjælp efter serviceloven"
para "{ikke_samme_sb} kommuner med særlige retningslinjer for tilsynet med domfældte mfl. i social boform ({year}) har ikke de samme retningslinjer for tilsynet med domfældte mfl. som for andre modtagere af hjælp efter serviceloven. Det gælder også for {ikke_samme_eh} kommuner med særlige retningslinjer for tilsynet med domfældte mfl. uden for social boform, jf. {ref 2.3}."
place 2.3
para "Forskellene i retningslinjerne for domfældte mfl., der opholder sig henholdsvis i og uden for social boform, består for eksempel i, at der kan være særlige fokusområder og hensyn. Derudover kan antallet af opfølgninger afhænge af opholdsstedet. Endelig kan aspekter i relation til risikovurderingen afhænge af borgerens opholdssted."
para "Der kan være særlige retningslinjer for boformer, der er målrettet domfældte mfl., det vil sige for det driftsorienterede tilsyn. En kommune nævner således, at \"personer omfattet af personkredsen har ophold på institutioner med særlige retningslinjer\"."

# ---- 2.1.3 ----------------------------------------------------------------
heading 2.1.3
let t4_sb   = cell 2.4 row='I alt' col=social_boform
let t4_opf  = cell 2.4 row='Opfølgning på tilsyn' col=social_boform
let t4_ind  = cell 2.4 row='Indhold af tilsyn' col=social_boform
let t4_hyp  = cell 2.4 row='Hyppighed af tilsyn' col=social_boform
let t4_and  = cell 2.4 row='Andet' col=social_boform
para "Indholdet i de særlige retningslinjer er ikke videre afhængig af, om den domfældte bor i en social boform eller ej, jf. {ref 2.4}."
para "Ud af de {t4_sb} kommuner med særlige retningslinjer for tilsyn med domfældte mfl. i social boform ({year}) indgår opfølgning på tilsyn i {t4_opf} kommuner, svarende til {pct t4_opf t4_sb} procent, indholdet af tilsyn i {t4_ind} kommuner, svarende til {pct t4_ind t4_sb} procent, og hyppighed af tilsyn i {t4_hyp} kommuner, svarende til {pct t4_hyp t4_sb} procent. {t4_and} kommuner har oplyst, at 'Andet' indgår i retningslinjerne."
para "Tilsvarende fordeling gør sig gældende med hensyn til opfølgning på tilsyn uden for social boform, jf. {ref 2.4}."
para "Dette 'Andet' vedrører for eksempel arbejde med beboerens forståelse af dommen og arbejde med at reducere fremtidig kriminel adfærd. Derudover vedrører det samarbejde mellem sagsbehandler og tilsynsførende samt mellem kommunen og anklagemyndigheden."
place 2.4
subheading "Nærmere om indholdet af det udførte tilsyn"
para "Ankestyrelsens spørgsmål til kommunerne med hensyn til indholdet af det udførte tilsyn har været forskellige, afhængigt af om tilsynet vedrører en person i eller uden for social boform. Det kan ses på baggrund af, at den domfældte i social boform mere løbende er i kontakt med socialfagligt personale, og at de sociale boformer er omfattet af Tilbudsportalen. De to sæt oplysninger kan derfor ikke umiddelbart sammenstilles."
subheading "Indholdet af tilsyn efter § 16 a i social boform omfatter ofte det socialpædagogiske tilbud"
let t5_n   = cell 2.5 row='I alt'
let t5_sp  = cell 2.5 row=1
let t5_tr  = cell 2.5 row=2
para "{t5_n} kommuner med tilsyn i social boform har fastsat særlige retningslinjer for indholdet af tilsyn ({year}). Heraf har {t5_sp} særlige retningslinjer for det socialpædagogiske indhold og {t5_tr} kommuner har tilbuddets indhold i øvrigt i forhold til den enkelte beboers trivsel, jf. {ref 2.5}."
place 2.5
para "Som uddybning af 'Andet' oplyser kommunerne sikring af ekspertise, supplerende hjælp efter de særlige behov, den enkelte kan have."
subheading "Indholdet af tilsyn uden for social boform omfatter ofte den domfældtes trivsel"
let t6_n   = cell 2.6 row='I alt'
let t6_tr  = cell 2.6 row='Den enkelte beboers trivsel'
let t6_sp  = cell 2.6 row=1
para "{t6_n} kommuner med tilsyn uden for social boform har oplyst, at de har fastsat særlige retningslinjer for indholdet af tilsynet ({year}). Heraf har {t6_tr} kommuner særlige retningslinjer for den enkeltes trivsel og {t6_sp} kommuner for det socialpædagogiske indhold i forhold til den enkelte, jf. {ref 2.6}."
place 2.6
para "Som uddybning af 'Andet' oplyser kommunerne sikring af ekspertise, supplerende hjælp efter de særlige behov, den enkelte kan have. Det svarer til domfældte mfl. i social boform."
subheading "Antallet af tilsynsbesøg er mindst et og ofte flere efter de særlige retningslinjer"
let t7_0_sb  = cell 2.7 row='0 tilsyn' col=social_boform
let t7_0_eh  = cell 2.7 row='0 tilsyn' col=uden_for_social_boform
let t7_u1_sb = cell 2.7 row='Færre end 1 tilsyn' col=social_boform
let t7_u1_eh = cell 2.7 row='Færre end 1 tilsyn' col=uden_for_social_boform
let t7_under1 = sum t7_0_sb t7_0_eh t7_u1_sb t7_u1_eh
para if="t7_under1 = 0" "Alle kommuner, der har oplyst om hyppigheden af tilsyn i retningslinjerne, har mindst et tilsyn om året i gennemsnit ({year}). Der er tale om et gennemsnit pr. domfældt mfl. i kommunen. Det kan dække over, at der gennemføres hyppige tilsyn over for nogle, mens der ikke er gennemført tilsyn over for andre."
para "Der er {cmp p2_eh p2_sb 'hyppigere' 'sjældnere' 'lige så hyppigt'} gennemført tilsyn uden for end i social boform, jf. {ref 2.7}."
place 2.7
para "Om domfældte mfl. i social boform nævner en kommune: \"Der vil være flere tilsynsbesøg umiddelbart efter dommen, og indtil foranstaltningen er på plads\". Samme kommune nævner om tilsynet med domfældte mfl. uden for social boform \"Der er store variationer på antallet af tilsynsbesøg ... alt efter status i den konkrete sag.\" Om domfældte mfl. i social boform nævner flere kommuner, at boformen har den daglige kontakt."
subheading "Afhænger opfølgningen på tilsyn med personkredsen efter § 16 a af boformen?"
let t8_n   = cell 2.8 row='I alt' col=social_boform
let t8_hp  = cell 2.8 row='Handleplaner' col=social_boform
let t8_tr  = cell 2.8 row='Tidligere tilsynsrapporter' col=social_boform
let t8_and = cell 2.8 row='Andet' col=social_boform
para "Kommunernes opfølgning på tilsyn efter § 16 a er stort set det samme i som uden for social boform."
para "{t8_n} kommuner har oplyst, at opfølgning på tilsyn indgår i retningslinjerne for tilsyn med domfældte mfl. i social boform ({year}). Heraf har {t8_hp} kommuner, svarende til {pct t8_hp t8_n} procent, oplyst, at der i opfølgningen indgår handleplaner, {t8_tr} kommuner, svarende til {pct t8_tr t8_n} procent, at der indgår tidligere tilsynsrapporter, og {t8_and} kommuner, svarende til {pct t8_and t8_n} procent, nævner 'Andet'. Stort set tilsvarende billede gælder forholdene uden for social boform, jf. {ref 2.8}."
place 2.8

# ---- 2.1.4 (no table) -------------------------------------------------------
heading 2.1.4
let q8_n   = cell noegletal row=14
let q8_ja  = cell noegletal row=15
para "Der er i undersøgelsen fokus på, om domfældte mfl. i social boform har en personlig samtale med den tilsynsførende i forbindelse med tilsynet. Det sker for at afdække, om der er en direkte kontakt, eller om den tilsynsførende alene har en mere indirekte kontakt gennem det personale, beboeren omgås til dagligt."
para "Af de {q8_n} kommuner, der har særlige retningslinjer for domfældte mfl. i social boform ({year}), oplyser {q8_ja} kommuner, at der skal være en personlig samtale mellem beboeren og den tilsynsførende. Det svarer til {pct q8_ja q8_n} procent."

# ---- 2.1.5 ----------------------------------------------------------------
heading 2.1.5
let t9_sb   = cell 2.9 row='I alt' col=social_boform
let t9_eh   = cell 2.9 row='I alt' col=uden_for_social_boform
let t9_f2sb = cell 2.9 row='Flere end 2 tilsyn' col=social_boform
let t9_f2eh = cell 2.9 row='Flere end 2 tilsyn' col=uden_for_social_boform
para "Spørgsmålene om antal gennemførte tilsyn angår kalenderåret {prev_year}."
para "Der er i gennemsnit gennemført {cmp f2_eh f2_sb 'flere' 'færre' 'lige så mange'} tilsyn uden for social boform end i social boform i {prev_year}. Næsten alle kommuner har oplyst om mindst et tilsyn, jf. {ref 2.9}."
para "{t9_sb} kommuner har oplyst, at de i {prev_year} havde tilsyn med domfældte mfl. i social boform. Heraf har {t9_f2sb} kommuner, svarende til {pct t9_f2sb t9_sb} procent, oplyst om et gennemsnitligt antal personrelaterede tilsyn på flere end to, jf. {ref 2.9}."
para "{t9_eh} kommuner har oplyst, at de i {prev_year} havde tilsyn med domfældte mfl. uden for social boform. Heraf har {t9_f2eh} kommuner, svarende til {pct t9_f2eh t9_eh} procent, oplyst om gennemsnitligt antal personrelaterede tilsyn på flere end to. Der er således {cmp f2_eh f2_sb 'større' 'mindre' 'samme'} fokus på hyppighed af tilsynsbesøg uden for end i social boform, jf. {ref 2.9}."
place 2.9
subheading "Flest tilsynsbesøg i kommuner med politisk godkendte særlige retningslinjer"
let fig_sb  = cell noegletal row=16
let fig_eh  = cell noegletal row=17
let fig_all = cell noegletal row=18
para "Antallet af tilsynsbesøg er {cmp fig_godk_sb fig_andre_sb 'markant større' 'mindre' 'det samme'} i kommuner med retningslinjer, der er godkendt af kommunalbestyrelsen end i andre kommuner ({year}), jf. {ref fig2.1}."
para "Der skal gøres opmærksom på, at antallet af kommuner med godkendte retningslinjer for tilsyn med personkredsen, der er omfattet af retssikkerhedslovens § 16 a, er begrænset. Der er i alt {fig_sb} kommuner med godkendte retningslinjer i social boform og {fig_eh} kommuner med retningslinjer uden for social boform. Der er således i alt {fig_all} godkendte retningslinjer. Den enkelte kommune kan have godkendte retningslinjer for såvel domfældte mfl. i som uden for social boform. De i alt {fig_all} godkendte retningslinjer kan således henføres til et mindre antal kommuner."
place fig2.1

# ---- 2.2 ------------------------------------------------------------------
heading 2.2
subheading "Særlige retningslinjer for procedurer og/eller rutiner for arbejdet med handleplaner for domfældte mfl."
let t10_sb    = cell 2.10 row='Total' col=social_boform
let t10_sb_ja = cell 2.10 row='Ja, i alt' col=social_boform
let t10_sb_nej = cell 2.10 row='Nej, i alt' col=social_boform
let t10_sb_pl = cell 2.10 row=5 col=social_boform
let t10_eh    = cell 2.10 row='Total' col=uden_for_social_boform
let t10_eh_ja = cell 2.10 row='Ja, i alt' col=uden_for_social_boform
let t10_eh_nej = cell 2.10 row='Nej, i alt' col=uden_for_social_boform
let t10_eh_pl = cell 2.10 row=5 col=uden_for_social_boform
let hp_begge  = cell noegletal row=19
para "{t10_sb} kommuner havde tilsyn med domfældte mfl. i social boform. Heraf har {t10_sb_ja} kommuner fastsat særlige retningslinjer for procedurer og/eller rutiner for arbejdet med handleplaner ({year}). Af de {t10_sb_nej} kommuner, der ikke har særlige retningslinjer for procedurer og/eller rutiner for arbejdet med handleplaner ({year}), har {t10_sb_pl} oplyst, at det er planlagt at udarbejde sådanne særlige retningslinjer."
para "{t10_eh} kommuner havde tilsyn med domfældte mfl. uden for social boform. Heraf har {t10_eh_ja} kommuner fastsat særlige retningslinjer for procedurer og/eller rutiner for arbejdet med handleplaner. Af de {t10_eh_nej} kommuner, der ikke har særlige retningslinjer for procedurer og/eller rutiner for arbejdet med handleplaner, har {word t10_eh_pl} kommuner oplyst, at det er planlagt at udarbejde sådanne særlige retningslinjer."
para "{hp_begge} kommunalbestyrelser har godkendt særlige retningslinjer for domfældte mfl. i og uden for social boform, jf. {ref 2.10}."
place 2.10
para "Særlige retningslinjer for arbejdet med handleplaner kan blandt andet indeholde, at kommunen fokuserer på arbejdet med at begrænse fremtidig kriminalitet. Vedrørende domfældte mfl. på landets eneste sikrede afdeling, Kofoedsminde, Lolland Kommune, deltager Lolland Kommune i beboernes behandlingsmøder 1 gang om året. På møderne drøftes handleplanerne for den enkelte borger."
subheading "Inddragelse af leverandører i arbejdet med handleplaner for domfældte mfl."
let lev2_sb = cell 2.11 row=2 col=social_boform_ja
let lev2_eh = cell 2.11 row=2 col=uden_for_social_boform_ja
para "{sb} kommuner har tilsyn med domfældte mfl. i social boform. Heraf inddrager {lev_sb} kommuner leverandører i arbejdet med udarbejdelse af handleplaner og {lev2_sb} kommuner i arbejdet med opfølgning på handleplaner ({year})."
para "{eh} kommuner har tilsyn med domfældte mfl. uden for social boform. Heraf inddrager {lev_eh} kommuner leverandører i arbejdet med udarbejdelse af handleplaner og {lev2_eh} kommuner i arbejdet med opfølgning på handleplaner."
para if="lev2_sb > lev_sb & lev2_eh > lev_eh" "Uanset hvilken boform, personen har, inddrager flere kommuner leverandørerne i opfølgningen på handleplanen end i udarbejdelsen af handleplanen, jf. {ref 2.11}. Inddragelsen har et varierende omfang. Fra et bidrag i form af faglige udtalelser/status på pædagogisk arbejde over delhandleplaner/pædagogiske handleplaner til (udkast til) handleplaner."
place 2.11
para "Opfølgning på handleplaner sker i flere tilfælde gennem samarbejde mellem sagsbehandler, borger og leverandør."
subheading "Der udarbejdes typisk handleplan"
let t12_sb  = cell 2.12 row='100 procent har handleplan' col=social_boform
let t12_sbn = cell 2.12 row='I alt' col=social_boform
let t12_eh  = cell 2.12 row='100 procent har handleplan' col=uden_for_social_boform
let t12_ehn = cell 2.12 row='I alt' col=uden_for_social_boform
para "Kommunerne har ofte udarbejdet en handleplan for domfældte mfl. ({year}). Det sker hyppigst for domfældte mfl. med ophold {cmp (pct t12_sb t12_sbn) (pct t12_eh t12_ehn) 'i' 'uden for' 'i og uden for'} social boform."
para "Kommunerne har for alle udarbejdet en handleplan i {t12_sb} ud af de {t12_sbn} kommuner, der har tilsyn med domfældte mfl. med ophold i social boform ({year}), jf. {ref 2.12}."
para "I {t12_eh} ud af de {t12_ehn} kommuner, der har tilsyn med domfældte mfl. med ophold uden for social boform, har kommunen udarbejdet en handleplan for alle domfældte mfl., jf. {ref 2.12}."
place 2.12
let t13_sb  = cell 2.13 row='Ingen har takket nej til handleplan' col=social_boform
let t13_sbn = cell 2.13 row='I alt' col=social_boform
let t13_eh  = cell 2.13 row='Ingen har takket nej til handleplan' col=uden_for_social_boform
let t13_ehn = cell 2.13 row='I alt' col=uden_for_social_boform
subheading "I {band t13_sb t13_sbn} kommuner takker ingen domfældt mfl. i social boform nej til handleplan"
para "I {t13_sb} ud af de {t13_sbn} kommuner, svarende til {pct t13_sb t13_sbn} procent, der har tilsyn med domfældte mfl. med ophold i social boform ({year}), har ingen domfældt mfl. takket nej til at få udarbejdet en handleplan, jf. {ref 2.13}. Det er en {cmp (pct t13_sb t13_sbn) (pct t13_eh t13_ehn) 'større' 'mindre' 'lige så stor'} andel i forhold til kommuner, der har tilsyn med domfældte mfl. uden for social boform. Her har ingen domfældt mfl. takket nej til at få udarbejdet en handleplan i {t13_eh} ud af de {t13_ehn} kommuner, svarende til {pct t13_eh t13_ehn} procent, jf. {ref 2.13}."
place 2.13
subheading "Det faktiske antal opfølgninger er mindst en årlig og ofte flere"
let t14_sb1 = cell 2.14 row='1 opfølgning' col=social_boform
let t14_sbn = cell 2.14 row='I alt' col=social_boform
let t14_sbf = sum (cell 2.14 row=4 col=social_boform) (cell 2.14 row=5 col=social_boform)
para "Ud af de {t14_sbn} kommuner med tilsyn med domfældte mfl. i social boform har {t14_sb1} kommuner, svarende til {pct t14_sb1 t14_sbn} procent, oplyst, at der er sket en opfølgning i {prev_year}. Billedet er næsten det samme for tilsyn med domfældte uden for social boform, jf. {ref 2.14}."
para "Det typiske antal opfølgninger var i {prev_year} en gang, mens cirka {pct t14_sbf t14_sbn} procent af kommunerne med tilsyn i gennemsnit havde flere opfølgninger på handleplanen over for den enkelte person, der er omfattet af personkredsen af retssikkerhedslovens § 16 a, jf. {ref 2.14}."
place 2.14
subheading "Planlagt hyppighed af opfølgninger"
let t15_sb  = cell 2.15 row='Ja' col=social_boform
let t15_sbn = cell 2.15 row='I alt' col=social_boform
para "Ud af de {t15_sbn} kommuner med tilsyn med domfældte mfl. i social boform har {t15_sb} kommuner, svarende til {band t15_sb t15_sbn}, oplyst, at kommunalbestyrelsen har planlagt hyppigheden af opfølgning på en handleplan ({year}). Billedet er næsten det samme for kommuner med tilsyn med domfældte mfl. uden for social boform, jf. {ref 2.15}."
place 2.15
subheading "Næsten alle kommuner tager afsæt i den udarbejdede handleplan"
let t16_sb  = cell 2.16 row=1 col=social_boform
let t16_sbn = cell 2.16 row='I alt' col=social_boform
para "I forbindelse med det personrelaterede tilsyn med personkredsen, der er omfattet af retssikkerhedslovens § 16 a, tager {band t16_sb t16_sbn} kommuner afsæt i den udarbejdede handleplan. Og det sker i forbindelse med tilsynet med domfældte mfl. såvel i som uden for social boform."
para "Det oplyser således {t16_sb} ud af de {t16_sbn} kommuner, svarende til {pct t16_sb t16_sbn} procent, med tilsyn med domfældte mfl. i social boform ({year}), og billedet er det samme for kommuner med tilsyn med domfældte mfl. uden for social boform, jf. {ref 2.16}."
place 2.16
subheading "Opfølgning på handleplan sikres også på anden vis"
let t17_sb  = cell 2.17 row=1 col=social_boform
let t17_sbn = cell 2.17 row='I alt' col=social_boform
para "Som nævnt ovenfor er der en nær sammenhæng mellem det personrelaterede tilsyn for personkredsen, der er omfattet af retssikkerhedslovens § 16 a, og handleplanen for personkredsen. Opfølgningen på handleplanen sikres imidlertid også på anden vis. {t17_sb} ud af de {t17_sbn} kommuner med tilsyn med domfældte mfl. i social boform, eller {band t17_sb t17_sbn}, følger også på anden vis op på handleplanen over for domfældte mfl. i social boform ({year}). Billedet er stort set det samme med domfældte mfl. uden for social boform, jf. {ref 2.17}."
place 2.17
para "Som eksempler på, hvordan der også følges op på en handleplan nævner kommunerne, at der i tilfælde, hvor der opstår problemer, er særlig tæt kontakt fra leverandør til myndighed. Det kan dreje sig om retssikkerheden, hvor tilsynet med den domfældte og det personrelaterede tilsyn udføres af henholdsvis en tilsynskonsulent og myndighedsafdelingen."

# ---- 2.3 ------------------------------------------------------------------
heading 2.3
let t18_sbn = cell 2.18 row='Total' col=social_boform
let t18_ja  = cell 2.18 row='Ja, i alt' col=social_boform
para "Kommunerne er spurgt, om de har supplerende retningslinjer for tilsynet efter retssikkerhedslovens § 16 a i forhold til det personrelaterede tilsyn, jf. servicelovens § 148, stk. 1."
para "Ud af de {t18_sbn} kommuner, der har tilsyn med domfældte mfl. i social boform, har {t18_ja} kommuner, svarende til {band t18_ja t18_sbn}, fastsat supplerende retningslinjer for tilsynet, jf. retssikkerhedslovens § 16 a ({year}). Ud af de {t18_ja} kommuner har {supp_godk_sb} kommuner, svarende til {pct supp_godk_sb t18_ja} procent, oplyst, at retningslinjerne er godkendt af kommunalbestyrelsen. Billedet er stort set det samme med tilsyn med domfældte mfl. uden for social boform, jf. {ref 2.18}."
para "Som eksempler på supplerende retningslinjer har kommunerne blandt andet oplyst inddragelse af ekspertise fra regionen og anvendelse af vejledningsmateriale fra NDU (Netværket vedrørende Domfældte Udviklingshæmmede)."
place 2.18

# ---- 2.4 ------------------------------------------------------------------
heading 2.4
heading 2.4.1
let t19_sbn  = cell 2.19 row='Total' col=social_boform
let t19_ja   = cell 2.19 row='Ja, i alt' col=social_boform
let t19_pl   = cell 2.19 row=5 col=social_boform
let t19_fp   = sum t19_ja t19_pl
let t19_godk = cell 2.19 row=1 col=social_boform
let t19_ikke_sb = cell 2.19 row=6 col=social_boform
let t19_ikke_eh = cell 2.19 row=6 col=uden_for_social_boform
let t19_ehn  = cell 2.19 row='Total' col=uden_for_social_boform
para "Ud af de {t19_sbn} kommuner, der har tilsyn med domfældte mfl. i social boform, har {t19_fp} kommuner, svarende til {pct t19_fp t19_sbn} procent, enten fastsat eller planlagt fastsat supplerende retningslinjer for opfølgning af de enkelte sager ({year}). Ud af {t19_ja} kommuner med retningslinjer har {t19_godk} kommuner, eller {pct t19_godk t19_sbn} procent af de {t19_sbn} kommuner, oplyst, at retningslinjerne er godkendt af kommunalbestyrelsen. Billedet svarer i store træk til billedet af kommuner med tilsyn med domfældte mfl. uden for social boform, jf. {ref 2.19}."
let t19_ikke_sb_p = pct t19_ikke_sb t19_sbn
let t19_ikke_eh_p = pct t19_ikke_eh t19_ehn
para if="(band t19_ikke_sb_p) = (band t19_ikke_eh_p)" "Andelen af kommuner, der har domfældte udviklingshæmmede mfl., men som ikke har eller planlægger at udarbejde retningslinjer, er {band t19_ikke_sb_p}, såvel i som uden for social boform, jf. {ref 2.19}."
para if="(band t19_ikke_sb_p) != (band t19_ikke_eh_p)" "Andelen af kommuner, der har domfældte udviklingshæmmede mfl., men som ikke har eller planlægger at udarbejde retningslinjer, er {band t19_ikke_sb_p} i social boform og {band t19_ikke_eh_p} uden for social boform, jf. {ref 2.19}."
place 2.19
para "Som områder for supplerende retningslinjer nævner kommunerne vejledning fra Det landsdækkende Netværk vedrørende Domfældte Udviklingshæmmede (NDU) og særlige indmeldinger med sigtet at begrænse fremtidig kriminalitet."
heading 2.4.2
let t20_sb  = cell 2.20 row=1 col=social_boform
let t20_sbn = cell 2.20 row='I alt' col=social_boform
para "Ud af de {t20_sbn} kommuner, der har tilsyn med domfældte mfl. i social boform, har {t20_sb} kommuner, svarende til {pct t20_sb t20_sbn} procent, fastsat tidsfrister for den løbende opfølgning ({year}) på indsatsen over for personkredsen. Billedet er det samme for den løbende opfølgning i kommunerne, der har tilsyn med domfældte mfl. uden for social boform, jf. {ref 2.20}."
place 2.20
subheading "Der sker typisk en opfølgning årligt"
para "For de kommuner, der har fastsat tidsfrister for den løbende opfølgning, er billedet det samme, uanset om der er tale om domfældte i eller uden for social boform. Der er typisk fastsat opfølgning til 1 gang årligt ({year}), jf. {ref 2.21}."
place 2.21
heading 2.4.3
let t22_ja = cell 2.22 row=1
let t22_n  = cell 2.22 row='I alt'
let t22_u  = cell 2.22 row='Uoplyst'
para "I forbindelse med den løbende opfølgning tages der typisk en personsamtale mellem den tilsynsførende og beboeren i social boform. Det er således tilfældet i {t22_ja} ud af de {t22_n} kommuner, svarende til {pct t22_ja t22_n} procent, der har tilsyn med domfældte mfl. i social boform ({year}). {t22_u} ud af de {t22_n} kommuner var uoplyste, jf. {ref 2.22}."
place 2.22
