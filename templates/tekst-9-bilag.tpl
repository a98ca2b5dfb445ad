# The appendices: Bilag 1 Datagrundlag (response computed), Bilag 2
# Regelgrundlag (text; from the report and bekendtgørelse nr. 81 of 9
# February 2006), Bilag 3 Spørgeskema (generated from the codebook by
# 'questionnaire'), and, in the internal edition only, the key-figure
# tables the text draws on.
text 9
chapter "Bilag 1" "Datagrundlag"
subheading "Spørgeskema og svarprocent"
para "Grundlaget for rapporten er kommunernes besvarelse af et elektronisk spørgeskema for alle kommuner om tilsynet med personkredsen, der er omfattet af retssikkerhedslovens § 16 a (domfældte udviklingshæmmede mfl.)."
para "{resp} kommuner svarende til {svarpct} procent af landets kommuner har besvaret spørgeskemaet."
let ikke_svar = diff pop resp
para if="ikke_svar > 0" "{ikke_svar} af landets {pop} kommuner har ikke besvaret spørgeskemaet. Det er, fordelt på regioner:"
nonrespondents
para "For det nærmere indhold af skemaet henvises til bilag 3."
para "Flere kommuner især i region Syddanmark oplyser, at regionen eller en anden kommune efter aftale udfører opgaver i forbindelse med tilsynet. Men uanset dette forhold så indgår alle de {resp} besvarende kommuner i undersøgelsen med selvstændige besvarelser."
subheading "Metode og afgrænsning"
para "Undersøgelsen er en kvantitativ kortlægning af kommunernes tilsyn mv. med personkredsen, der er omfattet af § 16 a i lov om retssikkerhed og administration på det sociale område (domfældte udviklingshæmmede). Formålet er at få et billede af kommunernes bevågenhed med tilsynet med domfældte udviklingshæmmede mfl. Udførelsen af tilsynet kan være afhængig af, om personen opholder sig i en boform med døgndækning, hvor vedkommende er under et mere konstant opsyn, eller i eget hjem i øvrigt. Undersøgelsen har fokus på, om kommunerne har særlige retningslinjer, herunder om de er politisk godkendte. Der er ligeledes fokus på, om der er planlagt særlige retningslinjer og på hyppigheden af tilsyn afhængig af, om personen opholder sig i en social boform eller i eget hjem i øvrigt."
subheading "Personkreds"
para "Undersøgelsen omfatter personer, der er omfattet af retssikkerhedslovens § 16 a. Det vil sige personer med betydeligt og varigt nedsat funktionsevne, som i henhold til dom eller kendelse eller som vilkår for tiltalefrafald eller prøveløsladelse skal undergives tilsyn af de sociale myndigheder. I undersøgelsen indgår personkredsen, der er omfattet af retssikkerhedslovens § 16 a, uanset boform."
para "Undersøgelsen er tilrettelagt, så der besvares særskilt for personer med ophold i en social boform og med ophold i eget hjem i øvrigt i de enkelte spørgsmål. Opdelingen er foretaget ud fra Rigsadvokatens oversigt over foranstaltninger, jf. Rigsadvokatens meddelelse nr. 5/2007, der fremgår af bilag 2 om regelgrundlaget."
para "For regelgrundlaget for tilsyn mv. i øvrigt henvises ligeledes til bilag 2."
subheading "Undersøgelsestidspunkt og de undersøgte perioder"
para if="year = 2008" "Undersøgelsen er gennemført i perioden september - december {year}. Det vil sige knap to år efter kommunalreformen, hvor kommunalbestyrelser/regionsråd fra den 1. januar 2007 har myndighedsansvaret for at føre tilsyn. Hovedparten af spørgsmålene vedrører undersøgelsestidspunktet og enkelte spørgsmål planlagte aktiviteter. Hyppigheden af tilsynsbesøg, opfølgninger på handleplaner og den løbende opfølgning af de enkelte sager vedrører også {prev_year}."
para if="year != 2008" "Undersøgelsen er gennemført i perioden september - december {year}. Hovedparten af spørgsmålene vedrører undersøgelsestidspunktet og enkelte spørgsmål planlagte aktiviteter. Hyppigheden af tilsynsbesøg, opfølgninger på handleplaner og den løbende opfølgning af de enkelte sager vedrører også {prev_year}."
subheading "Gennemsnitligt antal tilsyn"
para "I undersøgelsen har det været for omfattende at spørge kommunerne om antallet af tilsynsbesøg i forhold til den enkelte domfældte mfl. I stedet er der, som udtryk for kommunens tilsynsaktivitet, spurgt om de gennemførte tilsynsbesøg i {prev_year} og de planlagte tilsyn på undersøgelsestidspunktet, som et gennemsnit for alle de personer, der er omfattet af personkredsen for retssikkerhedslovens § 16 a, domfældte mfl., i kommunen. Et sådant gennemsnit kan dække over, at nogle domfældte mfl. har haft flere tilsynsbesøg og andre måske ingen tilsyn i løbet af året. Det betyder også, at antallet af årlige tilsynsbesøg i gennemsnit kan være mindre end ét. For eksempel kan antallet af tilsynsbesøg være 0,5 i gennemsnit for alle domfældte mfl. i kommunen i de tilfælde, hvor kommunen har udført ét tilsyn med hver anden domfældte mfl."
subheading "Vejledning"
para "Der er i forbindelse med undersøgelsen sporet en del usikkerhed i kommunerne om regelsættet. Ankestyrelsen har derfor i forbindelse med undersøgelsen ydet vejledning herom og om afgrænsning af indholdet i spørgeskemaet."

chapter "Bilag 2" "Regelgrundlag"
subheading "Personkredsen, der er omfattet af retssikkerhedslovens § 16 a"
para "I undersøgelsen indgår personkredsen, der er omfattet af retssikkerhedslovens § 16 a, uanset boform. Udførelsen af tilsynet kan være afhængig af, om personen opholder sig i en boform med døgndækning, hvor vedkommende er under et mere konstant opsyn, eller i eget hjem i øvrigt. Undersøgelsen er derfor tilrettelagt, så der besvares særskilt for personer med ophold i en social boform og med ophold andetsteds."
para "Opdelingen er foretaget ud fra Rigsadvokatens oversigt over foranstaltninger, jf. Rigsadvokatens meddelelse nr. 5/2007:"
para "1. Personer med ophold i en social boform med døgndækning (servicelovens § 108), herunder i sikret afdeling, omfatter personer med: dom til anbringelse i sikret social boform for personer med vidtgående psykiske handicap; dom til anbringelse i en social boform for personer med vidtgående psykiske handicap, hvor kommunen har mulighed for (uden godkendelse fra retten) at bestemme, at personen skal blive overført til sikret afdeling; dom til anbringelse i en social boform; dom om tilsyn med kommunen, hvor kommunen har mulighed for (uden godkendelse fra retten) at bestemme, at personen skal have ophold i en social boform med døgndækning, og hvor kommunen har benyttet denne mulighed."
para "2. Personer med ophold andetsteds omfatter personer med: dom om tilsyn, hvor kommunen har mulighed for (uden godkendelse fra retten) at bestemme, at personen skal have ophold i en social boform med døgndækning, men hvor kommunen ikke har benyttet denne mulighed; dom om tilsyn af kommunen."
subheading "Personrelateret tilsyn, jf. servicelovens § 148, stk. 1"
para "Kommunalbestyrelsen fører tilsyn, jf. servicelovens § 148, stk. 1, med de tilbud, som kommunalbestyrelsen i forhold til den enkelte person har truffet afgørelse om."
para "§ 148. Kommunalbestyrelsen i opholdskommunen, jf. §§ 9-9 b i lov om retssikkerhed og administration på det sociale område, fører tilsyn med de tilbud, som kommunalbestyrelsen i opholdskommunen i forhold til den enkelte person har truffet afgørelse om, jf. § 3, stk. 1. Tilsynet omfatter ikke det generelle driftsorienterede tilsyn, jf. § 148 a."
para "Denne bestemmelse betyder, at opgaverne skal tilrettelægges og udføres på en måde, så de lever op til lovens krav og til de beslutninger om standard, som kommunalbestyrelsen har truffet."
subheading "Løbende opfølgning, jf. servicelovens § 148, stk. 2"
para "Stk. 2. Kommunalbestyrelsen i opholdskommunen, jf. §§ 9-9 b i lov om retssikkerhed og administration på det sociale område, skal løbende følge de enkelte sager for at sikre sig, at hjælpen fortsat opfylder sit formål."
para "Kommunalbestyrelsen skal herunder være opmærksom på, om der er behov for at yde andre former for hjælp. Opfølgningen skal ske ud fra modtagerens forudsætninger og så vidt muligt i samarbejde med denne. Heri ligger en helhedsvurdering i forhold til den enkelte persons forhold."
subheading "Tilsyn, jf. retssikkerhedslovens § 16 a"
para "§ 16 a. Kommunalbestyrelsen fører tilsyn med personer med betydeligt og varigt nedsat psykisk funktionsevne, som i henhold til dom eller kendelse eller som vilkår for tiltalefrafald eller prøveløsladelse skal undergives tilsyn af de sociale myndigheder. Kommunalbestyrelsen kan træffe afgørelse om ophold i en boform efter § 108 i lov om social service. Stk. 2. Velfærdsministeren kan fastsætte regler om de sociale myndigheders tilsyn."
para "Tilsynet udøves som udgangspunkt af opholdskommunen og hænger sammen med det personrelaterede tilsyn. Opholdskommunen kan, jf. retssikkerhedslovens § 9, stk. 6, når der er særlige omstændigheder til det, indgå aftale med en tidligere opholdskommune om, at den fortsat har forpligtelsen til at yde hjælp. En sådan aftale kræver, at den pågældende person siger god for, at tilsynsforpligtelsen/handlepligten forbliver i den tidligere opholdskommune."
subheading "Koordinering af handleplaner med Kriminalforsorgen"
para "Efter bekendtgørelse nr. 81 af 9. februar 2006 om kommunernes pligt til at koordinere handleplaner med Kriminalforsorgen for visse persongrupper skal kommunerne koordinere handleplaner efter lov om social service med Kriminalforsorgen med henblik på at understøtte en langsigtet indsats og sikre kontinuitet i samarbejdet over for fælles klienter (§ 1). Målgruppen omfatter blandt andre personer, idømt en foranstaltningsdom efter straffelovens §§ 68 og 69, som kommunerne har pligt til at tilbyde en handleplan (§ 2, nr. 5)."
para "Initiativet til koordinering af handleplaner påhviler Kriminalforsorgen, der tager kontakt til kommunen senest 1 år inden datoen for en eventuel prøveløsladelse, senest 28 dage efter, at afsoningen er begyndt, når der ved straffens iværksættelse er mindre end 1 år til prøveløsladelsen, og senest 28 dage efter, at en tilsynssag er modtaget (§ 3). Kommunen har ansvaret for at følge henvendelsen op og for, at kommunens handleplaner koordineres med Kriminalforsorgen (§ 4)."

chapter "Bilag 3" "Spørgeskema"
para "Spørgsmålene som trykt i skemaet, med svarmuligheder og hvornår de stilles. Skemaet er det samme, som besvarelserne kontrolleres imod."
questionnaire

chapter edition=internal "Tal bag teksten"
para edition=internal "Tallene i rapportens tekst, som ikke står i en af kapitel 2's tabeller. Kun i den interne udgave."
place edition=internal noegletal
place edition=internal tekstgrundlag
