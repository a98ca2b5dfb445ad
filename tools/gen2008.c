/*
 * gen2008 -- write the reconstructed 2008 respondent file to stdout.
 *
 *   build/gen2008 > data/tilsyn-2008-rekonstrueret.csv
 *
 * Ankestyrelsen's report "Kommuners tilsyn med domfældte udviklingshæmmede
 * mfl." (August 2009) publishes aggregates only: tables 2.1-2.22 and a few
 * figures in the text.  The municipalities' own answers are not public.  This
 * program constructs one respondent file -- 89 rows in the input format of the
 * interchange contract (spec section 1), header = the codebook's variables in
 * codebook order plus the reserved column `datanote` -- from which the
 * tabulation rules (spec section 3) give back every published cell, except the
 * two that no data can give (data/discrepancies.csv).
 *
 * Construction
 * ------------
 * The report's counts are copied below table by table, as printed (the antal
 * columns, subtotal and total rows included).  check_published() verifies the
 * subtotals and that nested tables agree with each other.  The answers are then
 * dealt out: for each table, every answer category, as many times as the
 * report counts it, goes to a municipality of that table's base, in random
 * order.  The bases nest as the questionnaire routes:
 *
 *   2.1   q1a x q1b over all 89        -> q1a = 1 (57), q1b = 1 (45): the bases
 *                                          of 2.9-2.20 and 2.22; q1_1 (persons)
 *   2.2   q2x, q2_1x, q2_3x over all 89 -> q2x = 1: bases of 2.3, 2.4 and q8
 *   2.4   q3 boxes                      -> Indhold: base of 2.5/2.6, Hyppighed:
 *                                          of 2.7, Opfølgning: of 2.8
 *   2.9   q7x over q1x = 1              -> with 2.2: figure 2.1
 *   2.20  q19x over q1x = 1             -> Ja: base of 2.21
 *
 * Joint constraints the report states or implies are honoured while dealing:
 *  - figure 2.1: of the municipalities with approved guidelines (2.2, row 1)
 *    exactly 13 (social boform) and 9 (uden for) had supervision and stated
 *    q7; these get the highest q7 values of table 2.9, so that their mean is
 *    "markant større" than the other municipalities' and "typisk over et";
 *  - text to 2.2 ("Cirka to tredjedele af de 65 kommuner ... har fastsat eller
 *    planlagt særlige retningslinjer"): set guidelines for social boform go to
 *    municipalities with supervision first;
 *  - 2.10: q9_1 is one answer for both groups; the two approving
 *    municipalities are the same two in both groups ("To kommunalbestyrelser
 *    har godkendt ... i og uden for social boform");
 *  - 2.11: the municipality (social boform) that left q10a unanswered also
 *    left q11a unanswered (56 answered both questions);
 *  - 2.12/2.13: q12a, q12b, q12c are persons that add up to q1_1x, and q1_1x
 *    sums to 293 and 117 over the 55 and 43 municipalities that stated it.
 * A municipality with supervision in both groups mostly answers alike for
 * both: when a table is dealt for "uden for social boform", each municipality
 * first gets the category it got for social boform, as far as the published
 * count of that category allows (deal(), partner).
 *
 * What the report does not fix is invented and only has to be plausible: the
 * 89 respondent numbers, how the 293 and 117 persons spread over the
 * municipalities, the values inside a bin (e.g. 2 or 1,5 in "1,1 - 2"), the
 * six q8 answers besides the 30 Ja (here Nej) and the free text.
 *
 * The random order comes from GSL's MT19937 generator with a fixed seed, so
 * the output is byte-identical on every run.  Which municipality number
 * carries which answers is arbitrary: the answers are fictitious and say
 * nothing about any real municipality, and the 89 numbers are not the real
 * respondents either.  Contact fields (pii) are left empty.  The last column,
 * datanote, says on every row that the file is a reconstruction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define SEED 20090801UL /* fixed: the file must be reproducible byte for byte */
#define NKOM 98         /* municipalities since 2007 (spec/kommuner.csv) */
#define NRESP 89        /* "89 ud af landets 98 kommuner har indberettet" */
#define E (-1)          /* empty cell: not asked, or asked and not answered */
#define MAXCAT 8

enum { SB, EH, NGROUP }; /* social boform / uden for social boform (eget hjem) */

enum vtype { T_ID, T_NAME, T_PII, T_YESNO, T_CHECK, T_COUNT, T_DEC, T_TEXT };

/* The codebook's variables, in codebook order. */
enum var {
    V_KOMMUNENR, V_KOMMUNE, V_KONTAKTPERSON, V_KONTAKT_EMAIL, V_KONTAKT_TELEFON, V_Q1A, V_Q1B,
    V_Q1_1A, V_Q1_1B, V_Q2A, V_Q2B, V_Q2_1A, V_Q2_1B, V_Q2_2A, V_Q2_2B, V_Q2_2_1, V_Q2_3A,
    V_Q2_3B, V_Q3_1A, V_Q3_1B, V_Q3_1C, V_Q3_1D, V_Q3_1_1, V_Q3_2A, V_Q3_2B, V_Q3_2C, V_Q3_2D,
    V_Q3_2_1, V_Q4_1A, V_Q4_1B, V_Q4_1C, V_Q4_1D, V_Q4_1E, V_Q4_1G, V_Q4_1H, V_Q4_1_1, V_Q4_2A,
    V_Q4_2B, V_Q4_2C, V_Q4_2D, V_Q4_2E, V_Q4_2F, V_Q4_2_1, V_Q5_1, V_Q5_1_1, V_Q5_2, V_Q5_2_1,
    V_Q6_1A, V_Q6_1B, V_Q6_1C, V_Q6_1_1, V_Q6_2A, V_Q6_2B, V_Q6_2C, V_Q6_2_1, V_Q7A, V_Q7B,
    V_Q8, V_Q9A, V_Q9B, V_Q9_1, V_Q9_2A, V_Q9_2B, V_Q10A, V_Q10B, V_Q10_1, V_Q11A, V_Q11B,
    V_Q11_1, V_Q12A_SB, V_Q12A_EH, V_Q12B_SB, V_Q12B_EH, V_Q12C_SB, V_Q12C_EH, V_Q13A, V_Q13B,
    V_Q14A, V_Q14B, V_Q15A, V_Q15B, V_Q16A, V_Q16B, V_Q17A, V_Q17B, V_Q17_1A, V_Q17_1B, V_Q18A,
    V_Q18B, V_Q18_1, V_Q18_2A, V_Q18_2B, V_Q18_3A, V_Q18_3B, V_Q19A, V_Q19B, V_Q19_1A, V_Q19_1B,
    V_Q20,
    NVAR
};

static const struct { const char *name; enum vtype type; } VARS[NVAR] = {
    {"kommunenr", T_ID}, {"kommune", T_NAME}, {"kontaktperson", T_PII},
    {"kontakt_email", T_PII}, {"kontakt_telefon", T_PII}, {"q1a", T_YESNO}, {"q1b", T_YESNO},
    {"q1_1a", T_COUNT}, {"q1_1b", T_COUNT}, {"q2a", T_YESNO}, {"q2b", T_YESNO},
    {"q2_1a", T_YESNO}, {"q2_1b", T_YESNO}, {"q2_2a", T_YESNO}, {"q2_2b", T_YESNO},
    {"q2_2_1", T_TEXT}, {"q2_3a", T_YESNO}, {"q2_3b", T_YESNO}, {"q3_1a", T_CHECK},
    {"q3_1b", T_CHECK}, {"q3_1c", T_CHECK}, {"q3_1d", T_CHECK}, {"q3_1_1", T_TEXT},
    {"q3_2a", T_CHECK}, {"q3_2b", T_CHECK}, {"q3_2c", T_CHECK}, {"q3_2d", T_CHECK},
    {"q3_2_1", T_TEXT}, {"q4_1a", T_CHECK}, {"q4_1b", T_CHECK}, {"q4_1c", T_CHECK},
    {"q4_1d", T_CHECK}, {"q4_1e", T_CHECK}, {"q4_1g", T_CHECK}, {"q4_1h", T_CHECK},
    {"q4_1_1", T_TEXT}, {"q4_2a", T_CHECK}, {"q4_2b", T_CHECK}, {"q4_2c", T_CHECK},
    {"q4_2d", T_CHECK}, {"q4_2e", T_CHECK}, {"q4_2f", T_CHECK}, {"q4_2_1", T_TEXT},
    {"q5_1", T_DEC}, {"q5_1_1", T_TEXT}, {"q5_2", T_DEC}, {"q5_2_1", T_TEXT},
    {"q6_1a", T_CHECK}, {"q6_1b", T_CHECK}, {"q6_1c", T_CHECK}, {"q6_1_1", T_TEXT},
    {"q6_2a", T_CHECK}, {"q6_2b", T_CHECK}, {"q6_2c", T_CHECK}, {"q6_2_1", T_TEXT},
    {"q7a", T_DEC}, {"q7b", T_DEC}, {"q8", T_YESNO}, {"q9a", T_YESNO}, {"q9b", T_YESNO},
    {"q9_1", T_YESNO}, {"q9_2a", T_YESNO}, {"q9_2b", T_YESNO}, {"q10a", T_YESNO},
    {"q10b", T_YESNO}, {"q10_1", T_TEXT}, {"q11a", T_YESNO}, {"q11b", T_YESNO},
    {"q11_1", T_TEXT}, {"q12a_sb", T_COUNT}, {"q12a_eh", T_COUNT}, {"q12b_sb", T_COUNT},
    {"q12b_eh", T_COUNT}, {"q12c_sb", T_COUNT}, {"q12c_eh", T_COUNT}, {"q13a", T_DEC},
    {"q13b", T_DEC}, {"q14a", T_YESNO}, {"q14b", T_YESNO}, {"q15a", T_YESNO}, {"q15b", T_YESNO},
    {"q16a", T_YESNO}, {"q16b", T_YESNO}, {"q17a", T_YESNO}, {"q17b", T_YESNO},
    {"q17_1a", T_YESNO}, {"q17_1b", T_YESNO}, {"q18a", T_YESNO}, {"q18b", T_YESNO},
    {"q18_1", T_TEXT}, {"q18_2a", T_YESNO}, {"q18_2b", T_YESNO}, {"q18_3a", T_YESNO},
    {"q18_3b", T_YESNO}, {"q19a", T_YESNO}, {"q19b", T_YESNO}, {"q19_1a", T_DEC},
    {"q19_1b", T_DEC}, {"q20", T_YESNO},
};

/* The same question for the two groups. */
static const int Q1[NGROUP] = {V_Q1A, V_Q1B}, Q1_1[NGROUP] = {V_Q1_1A, V_Q1_1B};
static const int Q2[NGROUP] = {V_Q2A, V_Q2B}, Q2_1[NGROUP] = {V_Q2_1A, V_Q2_1B};
static const int Q2_2[NGROUP] = {V_Q2_2A, V_Q2_2B}, Q2_3[NGROUP] = {V_Q2_3A, V_Q2_3B};
static const int Q3[NGROUP][4] = {{V_Q3_1A, V_Q3_1B, V_Q3_1C, V_Q3_1D},
                                  {V_Q3_2A, V_Q3_2B, V_Q3_2C, V_Q3_2D}};
static const int Q5[NGROUP] = {V_Q5_1, V_Q5_2}, Q5_1[NGROUP] = {V_Q5_1_1, V_Q5_2_1};
static const int Q6[NGROUP][3] = {{V_Q6_1A, V_Q6_1B, V_Q6_1C}, {V_Q6_2A, V_Q6_2B, V_Q6_2C}};
static const int Q7[NGROUP] = {V_Q7A, V_Q7B};
static const int Q9[NGROUP] = {V_Q9A, V_Q9B}, Q9_2[NGROUP] = {V_Q9_2A, V_Q9_2B};
static const int Q10[NGROUP] = {V_Q10A, V_Q10B}, Q11[NGROUP] = {V_Q11A, V_Q11B};
static const int Q12A[NGROUP] = {V_Q12A_SB, V_Q12A_EH}, Q12B[NGROUP] = {V_Q12B_SB, V_Q12B_EH};
static const int Q12C[NGROUP] = {V_Q12C_SB, V_Q12C_EH}, Q13[NGROUP] = {V_Q13A, V_Q13B};
static const int Q14[NGROUP] = {V_Q14A, V_Q14B}, Q15[NGROUP] = {V_Q15A, V_Q15B};
static const int Q16[NGROUP] = {V_Q16A, V_Q16B};
static const int Q17[NGROUP] = {V_Q17A, V_Q17B}, Q17_1[NGROUP] = {V_Q17_1A, V_Q17_1B};
static const int Q18[NGROUP] = {V_Q18A, V_Q18B}, Q18_2[NGROUP] = {V_Q18_2A, V_Q18_2B};
static const int Q18_3[NGROUP] = {V_Q18_3A, V_Q18_3B};
static const int Q19[NGROUP] = {V_Q19A, V_Q19B}, Q19_1[NGROUP] = {V_Q19_1A, V_Q19_1B};

static const char DATANOTE[] =
    "Rekonstrueret datasæt: konstrueret, så det gengiver de offentliggjorte tabeller; "
    "de enkelte kommuners svar er fiktive og siger intet om nogen virkelig kommune.";

/* ------------------------------------------------------------------------- */
/* The published numbers (antal), rows in printed order.  "I alt"/"Total"    */
/* rows are kept so that check_published() can hold the parts against them. */
/* ------------------------------------------------------------------------- */

/* Table 2.1: rows q1b Ja / Nej / I alt; columns q1a Ja / Nej / I alt. */
static const int T2_1[3][3] = {{37, 8, 45}, {20, 23, 43}, {57, 31, 88}};
/* Text 2.1.1: persons under supervision in 2007, and how many municipalities stated them. */
static const int PERSONS[NGROUP] = {293, 117}, PERSONS_N[NGROUP] = {55, 43};
/* Table 2.2 (all 89): Ja med godk., Ja uden godk., Ja uoplyst om godk., Ja i alt,
   Nej planlagt, Nej ikke planlagt, Nej uoplyst om planlægning, Nej i alt, Total. */
static const int T2_2[NGROUP][9] = {{17, 15, 4, 36, 11, 37, 5, 53, 89},
                                    {13, 13, 4, 30, 11, 41, 7, 59, 89}};
/* Table 2.3 (q2x = 1): Samme retningslinjer, Ikke samme, Uoplyst, I alt. */
static const int T2_3[NGROUP][4] = {{19, 13, 4, 36}, {19, 9, 2, 30}};
/* Table 2.4 (q2x = 1, boxes 3.x): Opfølgning, Indhold, Hyppighed, Andet, I alt. */
static const int T2_4[NGROUP][5] = {{33, 31, 28, 7, 36}, {28, 26, 24, 8, 30}};
static const int T2_4_BOX[4] = {2, 0, 1, 3}; /* row -> box c, a, b, d of block 3.x */
/* Table 2.5 (q3_1a = 1): the seven rows (box read by each), I alt. */
static const int T2_5[8] = {30, 27, 20, 20, 19, 17, 7, 31};
static const int T2_5_VAR[7] = {V_Q4_1B, V_Q4_1D, V_Q4_1A, V_Q4_1E, V_Q4_1G, V_Q4_1C, V_Q4_1H};
/* Table 2.6 (q3_2a = 1): the six rows, I alt; and the 4.1 box with the same content. */
static const int T2_6[7] = {23, 25, 17, 17, 13, 6, 26};
static const int T2_6_VAR[6] = {V_Q4_2A, V_Q4_2C, V_Q4_2D, V_Q4_2E, V_Q4_2B, V_Q4_2F};
static const int T2_6_LIKE[6] = {V_Q4_1B, V_Q4_1D, V_Q4_1E, V_Q4_1G, V_Q4_1C, V_Q4_1H};
/* Table 2.7 (q3_xb = 1): 1 tilsyn, 1,1-2, Flere end 2, Uoplyst, I alt
   (the rows 0 and Færre end 1 are not printed: nobody). */
static const int T2_7[NGROUP][5] = {{17, 5, 3, 3, 28}, {12, 1, 8, 3, 24}};
/* Table 2.8 (q3_xc = 1, boxes 6.x): Handleplaner, Tidligere tilsynsrapporter, Andet, I alt. */
static const int T2_8[NGROUP][4] = {{29, 27, 5, 33}, {22, 23, 3, 28}};
/* Text 2.1.4: q8 Ja among the 36 with guidelines for social boform. */
static const int Q8_JA = 30;
/* Table 2.9 (q1x = 1): 0, Færre end 1, 1, 1,1-2, Flere end 2, Uoplyst, I alt. */
static const int T2_9[NGROUP][7] = {{2, 0, 24, 11, 15, 5, 57}, {1, 0, 18, 4, 18, 4, 45}};
/* Text to figure 2.1: municipalities with approved guidelines behind the figure. */
static const int FIG2_1_N[NGROUP] = {13, 9};
/* Table 2.10 (q1x = 1): Ja med godk., Ja uden, Ja i alt, Nej planlagt, Nej ikke planlagt,
   Nej i alt, Total. */
static const int T2_10[NGROUP][7] = {{2, 13, 15, 6, 36, 42, 57}, {2, 11, 13, 6, 26, 32, 45}};
/* Table 2.11: per group, rows q10 and q11, columns Ja, Nej, I alt. */
static const int T2_11[NGROUP][2][3] = {{{45, 11, 56}, {50, 6, 56}}, {{33, 12, 45}, {37, 6, 43}}};
/* Table 2.12 (q12a): 100 procent, 99-1 procent, 0 procent, Uoplyst, I alt. */
static const int T2_12[NGROUP][5] = {{42, 7, 7, 1, 57}, {26, 7, 8, 4, 45}};
/* Table 2.13 (q12b): Ingen, 1-99 procent, Alle, Uoplyst, I alt. */
static const int T2_13[NGROUP][5] = {{51, 3, 0, 3, 57}, {33, 5, 1, 6, 45}};
/* Table 2.14 (q13x): 0, Færre end 1, 1, 1,1-2, Flere end 2, Uoplyst, I alt. */
static const int T2_14[NGROUP][7] = {{1, 0, 29, 10, 13, 4, 57}, {3, 0, 20, 11, 6, 5, 45}};
/* Tables 2.15 (q14x), 2.16 (q15x), 2.17 (q16x), 2.20 (q19x): Ja, Nej, Uoplyst, I alt. */
static const int T2_15[NGROUP][4] = {{21, 32, 4, 57}, {14, 28, 3, 45}};
static const int T2_16[NGROUP][4] = {{50, 4, 3, 57}, {38, 4, 3, 45}};
static const int T2_17[NGROUP][4] = {{38, 17, 2, 57}, {27, 13, 5, 45}};
/* Table 2.18 (q17x, q17_1x): Ja med godk., Ja uden, Ja i alt, Nej, Uoplyst, Total. */
static const int T2_18[NGROUP][6] = {{4, 11, 15, 41, 1, 57}, {3, 9, 12, 31, 2, 45}};
/* Table 2.19 (q18x, q18_2x, q18_3x): Ja med godk., Ja uden, Ja i alt, Nej planlagt,
   Nej ikke planlagt, Nej uoplyst om planlægning, Nej i alt, Uoplyst, Total. */
static const int T2_19[NGROUP][9] = {{4, 11, 15, 12, 27, 2, 41, 1, 57},
                                     {7, 7, 14, 6, 22, 2, 30, 1, 45}};
static const int T2_20[NGROUP][4] = {{36, 19, 2, 57}, {27, 17, 1, 45}};
/* Table 2.21 (q19x = 1, q19_1x): 1 opfølgning, 1,1-2, Flere end 2, I alt. */
static const int T2_21[NGROUP][4] = {{26, 5, 5, 36}, {19, 4, 4, 27}};
/* Table 2.22 (q1a = 1, q20): Ja, Nej, Uoplyst, I alt. */
static const int T2_22[4] = {47, 6, 4, 57};

/* The 98 municipalities (spec/kommuner.csv). */
static const struct { int nr; const char *name; } KOMMUNER[NKOM] = {
    {101, "København"}, {147, "Frederiksberg"}, {151, "Ballerup"}, {153, "Brøndby"},
    {155, "Dragør"}, {157, "Gentofte"}, {159, "Gladsaxe"}, {161, "Glostrup"},
    {163, "Herlev"}, {165, "Albertslund"}, {167, "Hvidovre"}, {169, "Høje-Taastrup"},
    {173, "Lyngby-Taarbæk"}, {175, "Rødovre"}, {183, "Ishøj"}, {185, "Tårnby"},
    {187, "Vallensbæk"}, {190, "Furesø"}, {201, "Allerød"}, {210, "Fredensborg"},
    {217, "Helsingør"}, {219, "Hillerød"}, {223, "Hørsholm"}, {230, "Rudersdal"},
    {240, "Egedal"}, {250, "Frederikssund"}, {253, "Greve"}, {259, "Køge"},
    {260, "Halsnæs"}, {265, "Roskilde"}, {269, "Solrød"}, {270, "Gribskov"},
    {306, "Odsherred"}, {316, "Holbæk"}, {320, "Faxe"}, {326, "Kalundborg"},
    {329, "Ringsted"}, {330, "Slagelse"}, {336, "Stevns"}, {340, "Sorø"},
    {350, "Lejre"}, {360, "Lolland"}, {370, "Næstved"}, {376, "Guldborgsund"},
    {390, "Vordingborg"}, {400, "Bornholm"}, {410, "Middelfart"}, {420, "Assens"},
    {430, "Faaborg-Midtfyn"}, {440, "Kerteminde"}, {450, "Nyborg"}, {461, "Odense"},
    {479, "Svendborg"}, {480, "Nordfyns"}, {482, "Langeland"}, {492, "Ærø"},
    {510, "Haderslev"}, {530, "Billund"}, {540, "Sønderborg"}, {550, "Tønder"},
    {561, "Esbjerg"}, {563, "Fanø"}, {573, "Varde"}, {575, "Vejen"},
    {580, "Aabenraa"}, {607, "Fredericia"}, {615, "Horsens"}, {621, "Kolding"},
    {630, "Vejle"}, {657, "Herning"}, {661, "Holstebro"}, {665, "Lemvig"},
    {671, "Struer"}, {706, "Syddjurs"}, {707, "Norddjurs"}, {710, "Favrskov"},
    {727, "Odder"}, {730, "Randers"}, {740, "Silkeborg"}, {741, "Samsø"},
    {746, "Skanderborg"}, {751, "Aarhus"}, {756, "Ikast-Brande"}, {760, "Ringkøbing-Skjern"},
    {766, "Hedensted"}, {773, "Morsø"}, {779, "Skive"}, {787, "Thisted"},
    {791, "Viborg"}, {810, "Brønderslev"}, {813, "Frederikshavn"}, {820, "Vesthimmerlands"},
    {825, "Læsø"}, {840, "Rebild"}, {846, "Mariagerfjord"}, {849, "Jammerbugt"},
    {851, "Aalborg"}, {860, "Hjørring"},
};

/* ------------------------------------------------------------------------- */
/* State and helpers                                                          */
/* ------------------------------------------------------------------------- */

static gsl_rng *rng;
static int kom[NRESP];                  /* respondent -> index in KOMMUNER */
static int val[NRESP][NVAR];            /* codes; decimals in tenths; E = empty */
static const char *txt[NRESP][NVAR];    /* free text, NULL = empty */

typedef struct {
    size_t n;
    int m[NRESP]; /* respondent indices */
} Set;

static void die(const char *msg)
{
    fprintf(stderr, "gen2008: %s\n", msg);
    exit(1);
}

static void need(int ok, const char *what)
{
    if (!ok)
        die(what);
}

static int sum(const int *a, size_t n)
{
    int s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i];
    return s;
}

/* A published subtotal must equal the sum of its printed parts. */
static void total(const char *what, int published, const int *parts, size_t n)
{
    if (sum(parts, n) != published) {
        fprintf(stderr, "gen2008: published %s is %d, its parts add up to %d\n", what, published,
                sum(parts, n));
        exit(1);
    }
}

static void shuffle_ints(int *a, size_t n)
{
    if (n > 1)
        gsl_ran_shuffle(rng, a, n, sizeof *a);
}

static Set everyone(void)
{
    Set s = {0, {0}};
    for (int m = 0; m < NRESP; m++)
        s.m[s.n++] = m;
    return s;
}

/* The respondents whose answer to var is code. */
static Set where(int var, int code)
{
    Set s = {0, {0}};
    for (int m = 0; m < NRESP; m++)
        if (val[m][var] == code)
            s.m[s.n++] = m;
    return s;
}

static int in_set(const Set *s, int m)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->m[i] == m)
            return 1;
    return 0;
}

static Set minus(const Set *a, const Set *b)
{
    Set s = {0, {0}};
    for (size_t i = 0; i < a->n; i++)
        if (!in_set(b, a->m[i]))
            s.m[s.n++] = a->m[i];
    return s;
}

/* Take k members out of *pool, at random, but members with pref[m] != 0
   first (pref may be NULL). */
static Set pick(Set *pool, size_t k, const int *pref)
{
    Set order = *pool, out = {0, {0}};

    need(k <= pool->n, "pick: the base is smaller than a published count");
    shuffle_ints(order.m, order.n);
    for (int pass = 0; pass < 2; pass++) /* 0: the preferred members, 1: the others */
        for (size_t i = 0; i < order.n && out.n < k; i++) {
            int m = order.m[i], preferred = pref == NULL || pref[m] != 0;
            if (preferred == (pass == 0))
                out.m[out.n++] = m;
        }
    *pool = minus(pool, &out);
    return out;
}

/* Deal the categories of a table over its base: category k goes to cnt[k]
   members, and the counts must add up to the base.  partner (NULL or one
   category per respondent, E = none) is the same table for the other group:
   a first pass gives each member its partner's category while that category
   has quota left, so that a municipality answers alike for both groups where
   the published counts allow.  The rest is dealt at random.  cat[m] receives
   the category of each member; other entries are left alone. */
static void deal(const Set *base, const int *cnt, int ncat, const int *partner, int *cat)
{
    int left[MAXCAT], rest[NRESP], pile[NRESP];
    size_t nrest = 0, npile = 0;
    Set order = *base;

    need(ncat <= MAXCAT, "deal: too many categories");
    need(sum(cnt, (size_t)ncat) == (int)base->n, "deal: counts do not add up to the base");
    for (int k = 0; k < ncat; k++) {
        need(cnt[k] >= 0, "deal: negative count");
        left[k] = cnt[k];
    }
    shuffle_ints(order.m, order.n);
    for (size_t i = 0; i < order.n; i++) {
        int m = order.m[i], c = partner ? partner[m] : E;
        if (c >= 0 && c < ncat && left[c] > 0) {
            cat[m] = c;
            left[c]--;
        } else
            rest[nrest++] = m;
    }
    for (int k = 0; k < ncat; k++)
        while (left[k]-- > 0)
            pile[npile++] = k;
    need(npile == nrest, "deal: internal count mismatch");
    shuffle_ints(pile, npile);
    for (size_t i = 0; i < nrest; i++)
        cat[rest[i]] = pile[i];
}

static void clear(int *cat)
{
    for (int m = 0; m < NRESP; m++)
        cat[m] = E;
}

/* Deal one table for both groups over the respondents with basevar[g] = 1;
   the second group partners the first. */
static void deal_both(const int basevar[NGROUP], const int *cnt_sb, const int *cnt_eh, int ncat,
                      int cat[NGROUP][NRESP])
{
    const int *cnt[NGROUP] = {cnt_sb, cnt_eh};
    for (int g = SB; g < NGROUP; g++) {
        Set base = where(basevar[g], 1);
        clear(cat[g]);
        deal(&base, cnt[g], ncat, g == EH ? cat[SB] : NULL, cat[g]);
    }
}

/* Checkbox k of a block: mark cnt members of base and set the box to 0 for
   the others.  Members whose block has no mark yet come first (so that no
   municipality ends with an answered but empty block), then members whose
   partner box (the same content for the other group, E = none) is marked;
   otherwise the order is random. */
static void mark(const Set *base, int var, int cnt, const int *block, size_t nblock, int partner)
{
    Set order = *base;
    int score[NRESP];

    need(cnt >= 0 && (size_t)cnt <= base->n, "mark: count exceeds the base");
    shuffle_ints(order.m, order.n);
    for (size_t i = 0; i < order.n; i++) {
        int m = order.m[i], marked = 0;
        for (size_t b = 0; b < nblock; b++)
            marked |= val[m][block[b]] == 1;
        score[m] = 2 * !marked + (partner != E && val[m][partner] == 1);
    }
    for (size_t i = 1; i < order.n; i++) { /* stable insertion sort, best score first */
        int m = order.m[i];
        size_t j = i;
        while (j > 0 && score[order.m[j - 1]] < score[m]) {
            order.m[j] = order.m[j - 1];
            j--;
        }
        order.m[j] = m;
    }
    for (size_t i = 0; i < order.n; i++)
        val[order.m[i]][var] = (int)i < cnt ? 1 : 0;
}

/* ------------------------------------------------------------------------- */
/* Binned decimals (tables 2.7, 2.9, 2.14, 2.21)                              */
/* ------------------------------------------------------------------------- */

enum { B0, BLT1, B1, B12, BGT2, BU, NBIN }; /* 0, Færre end 1, 1, 1,1-2, Flere end 2, Uoplyst */
enum vkind { AVERAGE, PLANNED };

/* A value (in tenths) inside a bin; successive calls walk a short list so that
   the values vary.  Averages (q7, q13) may be fractional; planned numbers per
   year (q5, q19_1) are whole. */
static int bin_value(enum vkind kind, int bin, int *next)
{
    static const int avg12[] = {15, 20, 12, 18, 20, 14};
    static const int avg2[] = {30, 40, 25, 60, 35, 24, 45, 30, 80, 50};
    static const int plan12[] = {20};
    static const int plan2[] = {40, 30, 60, 40, 120, 30, 60, 40};
    int i = (*next)++;

    switch (bin) {
    case B0: return 0;
    case BLT1: return 5;
    case B1: return 10;
    case B12:
        return kind == AVERAGE ? avg12[i % (int)(sizeof avg12 / sizeof *avg12)]
                               : plan12[i % (int)(sizeof plan12 / sizeof *plan12)];
    case BGT2:
        return kind == AVERAGE ? avg2[i % (int)(sizeof avg2 / sizeof *avg2)]
                               : plan2[i % (int)(sizeof plan2 / sizeof *plan2)];
    default: return E;
    }
}

/* Write the bins dealt to cat[g] as values of var[g]. */
static void put_bins(int cat[NGROUP][NRESP], const int var[NGROUP], enum vkind kind)
{
    for (int g = SB; g < NGROUP; g++) {
        int next[NBIN] = {0};
        for (int m = 0; m < NRESP; m++)
            if (cat[g][m] != E)
                val[m][var[g]] = bin_value(kind, cat[g][m], &next[cat[g][m]]);
    }
}

/* Ja / Nej / Uoplyst categories of a yes-no table -> code. */
static const int YNU_CODE[3] = {1, 2, E};

/* ------------------------------------------------------------------------- */
/* The published numbers must hang together.                                  */
/* ------------------------------------------------------------------------- */

static void check_published(void)
{
    for (int r = 0; r < 3; r++)
        total("2.1 row total", T2_1[r][2], (const int[]){T2_1[r][0], T2_1[r][1]}, 2);
    for (int c = 0; c < 3; c++)
        total("2.1 column total", T2_1[2][c], (const int[]){T2_1[0][c], T2_1[1][c]}, 2);
    need(T2_1[2][2] < NRESP, "2.1: more than the respondents");
    for (int g = SB; g < NGROUP; g++) {
        const int base = g == SB ? T2_1[2][0] : T2_1[0][2]; /* q1a = 1 resp. q1b = 1 */
        need(PERSONS_N[g] <= base, "persons: more municipalities than the base");
        total("2.2 Ja i alt", T2_2[g][3], T2_2[g], 3);
        total("2.2 Nej i alt", T2_2[g][7], T2_2[g] + 4, 3);
        total("2.2 Total", T2_2[g][8], (const int[]){T2_2[g][3], T2_2[g][7]}, 2);
        need(T2_2[g][8] == NRESP, "2.2: Total is not the respondents");
        total("2.3 I alt", T2_3[g][3], T2_3[g], 3);
        need(T2_3[g][3] == T2_2[g][3], "2.3: base is not 2.2 Ja i alt");
        need(T2_4[g][4] == T2_2[g][3], "2.4: base is not 2.2 Ja i alt");
        need(T2_7[g][4] == T2_4[g][2], "2.7: base is not 2.4 Hyppighed");
        total("2.7 I alt", T2_7[g][4], T2_7[g], 4);
        need(T2_8[g][3] == T2_4[g][0], "2.8: base is not 2.4 Opfølgning");
        total("2.9 I alt", T2_9[g][6], T2_9[g], 6);
        need(T2_9[g][6] == base, "2.9: base is not 2.1");
        need(FIG2_1_N[g] <= T2_2[g][0], "figure 2.1: more than the approved");
        total("2.10 Ja i alt", T2_10[g][2], T2_10[g], 2);
        total("2.10 Nej i alt", T2_10[g][5], T2_10[g] + 3, 2);
        total("2.10 Total", T2_10[g][6], (const int[]){T2_10[g][2], T2_10[g][5]}, 2);
        need(T2_10[g][6] == base, "2.10: base is not 2.1");
        for (int q = 0; q < 2; q++) {
            total("2.11 I alt", T2_11[g][q][2], T2_11[g][q], 2);
            need(T2_11[g][q][2] <= base, "2.11: more answers than the base");
        }
        total("2.12 I alt", T2_12[g][4], T2_12[g], 4);
        total("2.13 I alt", T2_13[g][4], T2_13[g], 4);
        total("2.14 I alt", T2_14[g][6], T2_14[g], 6);
        total("2.15 I alt", T2_15[g][3], T2_15[g], 3);
        total("2.16 I alt", T2_16[g][3], T2_16[g], 3);
        total("2.17 I alt", T2_17[g][3], T2_17[g], 3);
        total("2.18 Ja i alt", T2_18[g][2], T2_18[g], 2);
        total("2.18 Total", T2_18[g][5], (const int[]){T2_18[g][2], T2_18[g][3], T2_18[g][4]}, 3);
        total("2.19 Ja i alt", T2_19[g][2], T2_19[g], 2);
        total("2.19 Nej i alt", T2_19[g][6], T2_19[g] + 3, 3);
        total("2.19 Total", T2_19[g][8], (const int[]){T2_19[g][2], T2_19[g][6], T2_19[g][7]}, 3);
        total("2.20 I alt", T2_20[g][3], T2_20[g], 3);
        total("2.21 I alt", T2_21[g][3], T2_21[g], 3);
        need(T2_21[g][3] == T2_20[g][0], "2.21: base is not 2.20 Ja");
        need(T2_12[g][4] == base && T2_13[g][4] == base && T2_14[g][6] == base &&
                 T2_15[g][3] == base && T2_16[g][3] == base && T2_17[g][3] == base &&
                 T2_18[g][5] == base && T2_19[g][8] == base && T2_20[g][3] == base,
             "2.12-2.20: base is not 2.1");
    }
    total("2.5 I alt is 2.4 Indhold", T2_4[SB][1], &T2_5[7], 1);
    total("2.6 I alt is 2.4 Indhold", T2_4[EH][1], &T2_6[6], 1);
    total("2.22 I alt", T2_22[3], T2_22, 3);
    need(T2_22[3] == T2_1[2][0], "2.22: base is not 2.1");
    need(Q8_JA <= T2_2[SB][3], "q8: more than the base");
    need(T2_10[SB][0] == T2_10[EH][0], "2.10: the approving municipalities differ in number");
}

/* ------------------------------------------------------------------------- */
/* Construction, table by table                                               */
/* ------------------------------------------------------------------------- */

/* 89 of the 98 municipalities, at random; kept in kommunenr order. */
static void respondents(void)
{
    int all[NKOM];
    for (int i = 0; i < NKOM; i++)
        all[i] = i;
    if (gsl_ran_choose(rng, kom, NRESP, all, NKOM, sizeof *all) != GSL_SUCCESS)
        die("gsl_ran_choose failed");
}

/* Table 2.1: q1a x q1b; one respondent left question 1 unanswered. */
static void table_2_1(void)
{
    static const int code[5][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {E, E}}; /* (q1a, q1b) */
    const int cnt[5] = {T2_1[0][0], T2_1[1][0], T2_1[0][1], T2_1[1][1], NRESP - T2_1[2][2]};
    int cat[NRESP];
    Set all = everyone();

    clear(cat);
    deal(&all, cnt, 5, NULL, cat);
    for (int m = 0; m < NRESP; m++) {
        val[m][V_Q1A] = code[cat[m]][0];
        val[m][V_Q1B] = code[cat[m]][1];
    }
}

/* q1_1x: PERSONS_N[g] of the base state a number of persons, adding up to
   PERSONS[g].  Everyone stating has at least one; the remaining persons are
   spread like a Pólya urn (each goes to a municipality with probability
   proportional to its persons so far), which gives a few large numbers and
   many small ones. */
static void persons(int g)
{
    Set base = where(Q1[g], 1);
    int have = 0;

    (void)pick(&base, base.n - (size_t)PERSONS_N[g], NULL); /* these leave q1_1x empty */
    for (size_t i = 0; i < base.n; i++)
        val[base.m[i]][Q1_1[g]] = 1;
    have = (int)base.n;
    need(have <= PERSONS[g], "persons: fewer persons than municipalities");
    while (have < PERSONS[g]) {
        unsigned long r = gsl_rng_uniform_int(rng, (unsigned long)have);
        size_t i = 0;
        while (r >= (unsigned long)val[base.m[i]][Q1_1[g]])
            r -= (unsigned long)val[base.m[i++]][Q1_1[g]];
        val[base.m[i]][Q1_1[g]]++;
        have++;
    }
}

/* Categories of table 2.2. */
enum { G_MED, G_UDEN, G_JA_U, G_PLAN, G_IKKE, G_NEJ_U, NG };

/* Tables 2.2 and 2.9 and figure 2.1.  The q7 answers (stated or not) come
   first, because the figure's approved municipalities must have q7 stated;
   the q7 values come last, because the approved ones get the values above 1. */
static void table_2_2_2_9_fig(void)
{
    int cat[NGROUP][NRESP], supervised[NRESP];
    Set fig[NGROUP], approved_fig[NGROUP];

    for (int m = 0; m < NRESP; m++)
        supervised[m] = val[m][V_Q1A] == 1 || val[m][V_Q1B] == 1;

    /* 2.9, Uoplyst: q7x left empty; fig[g] = supervision in the group and q7x stated. */
    for (int g = SB; g < NGROUP; g++) {
        fig[g] = where(Q1[g], 1);
        (void)pick(&fig[g], (size_t)T2_9[g][BU], NULL);
    }

    /* 2.2 */
    for (int g = SB; g < NGROUP; g++) {
        const int *t = T2_2[g];
        int pref[NRESP];
        Set pool, out, approved_out, rest;

        clear(cat[g]);
        for (int m = 0; m < NRESP; m++) /* social boform: had supervision; uden for: approved for sb */
            pref[m] = g == SB ? supervised[m] : cat[SB][m] == G_MED;

        /* approved: FIG2_1_N[g] behind figure 2.1, the others outside it */
        pool = fig[g];
        out = everyone();
        out = minus(&out, &fig[g]);
        approved_fig[g] = pick(&pool, (size_t)FIG2_1_N[g], g == SB ? NULL : pref);
        approved_out = pick(&out, (size_t)(t[0] - FIG2_1_N[g]), pref);
        for (size_t i = 0; i < approved_fig[g].n; i++)
            cat[g][approved_fig[g].m[i]] = G_MED;
        for (size_t i = 0; i < approved_out.n; i++)
            cat[g][approved_out.m[i]] = G_MED;
        rest = everyone();
        rest = minus(&rest, &approved_fig[g]);
        rest = minus(&rest, &approved_out);

        if (g == SB) {
            /* the other set guidelines go to municipalities with supervision first */
            Set ja = pick(&rest, (size_t)(t[1] + t[2]), supervised);
            deal(&ja, (const int[]){0, t[1], t[2], 0, 0, 0}, NG, NULL, cat[g]);
            deal(&rest, (const int[]){0, 0, 0, t[4], t[5], t[6]}, NG, NULL, cat[g]);
        } else
            deal(&rest, (const int[]){0, t[1], t[2], t[4], t[5], t[6]}, NG, cat[SB], cat[g]);

        for (int m = 0; m < NRESP; m++) {
            int c = cat[g][m];
            val[m][Q2[g]] = c <= G_JA_U ? 1 : 2;
            val[m][Q2_1[g]] = c == G_MED ? 1 : c == G_UDEN ? 2 : E;
            val[m][Q2_3[g]] = c == G_PLAN ? 1 : c == G_IKKE ? 2 : E;
        }
    }

    /* 2.9 values: the approved behind the figure get the highest bins
       (Flere end 2 first, then 1,1-2); everybody else in fig[g] gets the
       rest, at random. */
    for (int g = SB; g < NGROUP; g++) {
        int high[NRESP], low[NRESP];
        size_t nhigh = 0, nlow = 0, k = approved_fig[g].n;
        Set others = minus(&fig[g], &approved_fig[g]);

        for (int b = BGT2; b >= B0; b--)
            for (int i = 0; i < T2_9[g][b]; i++) {
                if (b == B12 || b == BGT2)
                    high[nhigh++] = b;
                else
                    low[nlow++] = b;
            }
        need(k <= nhigh, "figure 2.1: fewer values above 1 than approved municipalities");
        for (size_t i = k; i < nhigh; i++) /* the high values left over join the others */
            low[nlow++] = high[i];
        need(nlow == others.n, "2.9: stated values do not match the base");
        shuffle_ints(low, nlow);
        clear(cat[g]);
        for (size_t i = 0; i < k; i++)
            cat[g][approved_fig[g].m[i]] = high[i];
        for (size_t i = 0; i < others.n; i++)
            cat[g][others.m[i]] = low[i];
    }
    put_bins(cat, Q7, AVERAGE);
}

/* Table 2.3: Samme retningslinjer (q2_2x = 2), Ikke samme (1), Uoplyst. */
static void table_2_3(void)
{
    int cat[NGROUP][NRESP];
    deal_both(Q2, T2_3[SB], T2_3[EH], 3, cat);
    for (int g = SB; g < NGROUP; g++)
        for (int m = 0; m < NRESP; m++)
            if (cat[g][m] != E)
                val[m][Q2_2[g]] = (const int[]){2, 1, E}[cat[g][m]];
}

/* Table 2.4 (block 3.x over q2x = 1), then 2.5/2.6 (blocks 4.1/4.2 over
   Indhold) and 2.8 (block 6.x over Opfølgning). */
static void tables_2_4_2_5_2_6_2_8(void)
{
    static const int B41[7] = {V_Q4_1A, V_Q4_1B, V_Q4_1C, V_Q4_1D, V_Q4_1E, V_Q4_1G, V_Q4_1H};
    static const int B42[6] = {V_Q4_2A, V_Q4_2B, V_Q4_2C, V_Q4_2D, V_Q4_2E, V_Q4_2F};
    Set base;

    for (int g = SB; g < NGROUP; g++) {
        base = where(Q2[g], 1);
        for (int r = 0; r < 4; r++) {
            int box = T2_4_BOX[r];
            mark(&base, Q3[g][box], T2_4[g][r], Q3[g], 4, g == EH ? Q3[SB][box] : E);
        }
    }
    base = where(V_Q3_1A, 1);
    for (int r = 0; r < 7; r++)
        mark(&base, T2_5_VAR[r], T2_5[r], B41, 7, E);
    base = where(V_Q3_2A, 1);
    for (int r = 0; r < 6; r++)
        mark(&base, T2_6_VAR[r], T2_6[r], B42, 6, T2_6_LIKE[r]);
    for (int g = SB; g < NGROUP; g++) {
        base = where(Q3[g][2], 1);
        for (int r = 0; r < 3; r++)
            mark(&base, Q6[g][r], T2_8[g][r], Q6[g], 3, g == EH ? Q6[SB][r] : E);
    }
}

/* Table 2.7: planned visits a year (q5_x) over Hyppighed (q3_xb = 1). */
static void table_2_7(void)
{
    int cat[NGROUP][NRESP];
    const int *t = T2_7[SB], *u = T2_7[EH];
    deal_both((const int[]){V_Q3_1B, V_Q3_2B}, (const int[]){0, 0, t[0], t[1], t[2], t[3]},
              (const int[]){0, 0, u[0], u[1], u[2], u[3]}, NBIN, cat);
    put_bins(cat, Q5, PLANNED);
}

/* q8 (text 2.1.4): 30 of the 36 with guidelines for social boform say Ja;
   the report says nothing of the other 6, here Nej. */
static void question_8(void)
{
    int cat[NRESP];
    Set base = where(V_Q2A, 1);
    clear(cat);
    deal(&base, (const int[]){Q8_JA, (int)base.n - Q8_JA}, 2, NULL, cat);
    for (size_t i = 0; i < base.n; i++)
        val[base.m[i]][V_Q8] = YNU_CODE[cat[base.m[i]]];
}

/* Table 2.10: q9x, q9_1 (one answer for both groups), q9_2x. */
enum { H_MED, H_UDEN, H_PLAN, H_IKKE, NH };
static void table_2_10(void)
{
    int cat[NGROUP][NRESP];
    Set both = {0, {0}}, approved;

    for (int m = 0; m < NRESP; m++)
        if (val[m][V_Q1A] == 1 && val[m][V_Q1B] == 1)
            both.m[both.n++] = m;
    /* "To kommunalbestyrelser har godkendt ... i og uden for social boform" */
    approved = pick(&both, (size_t)T2_10[SB][H_MED], NULL);
    for (int g = SB; g < NGROUP; g++) {
        const int *t = T2_10[g];
        Set base = where(Q1[g], 1);
        base = minus(&base, &approved);
        clear(cat[g]);
        for (size_t i = 0; i < approved.n; i++)
            cat[g][approved.m[i]] = H_MED;
        deal(&base, (const int[]){0, t[1], t[3], t[4]}, NH, g == EH ? cat[SB] : NULL, cat[g]);
    }
    for (int m = 0; m < NRESP; m++) {
        int med = 0, uden = 0;
        for (int g = SB; g < NGROUP; g++) {
            int c = cat[g][m];
            if (c == E)
                continue;
            val[m][Q9[g]] = c == H_MED || c == H_UDEN ? 1 : 2;
            val[m][Q9_2[g]] = c == H_PLAN ? 1 : c == H_IKKE ? 2 : E;
            med |= c == H_MED;
            uden |= c == H_UDEN;
        }
        need(!(med && uden), "2.10: one q9_1 answer cannot be both Ja and Nej");
        val[m][V_Q9_1] = med ? 1 : uden ? 2 : E;
    }
}

/* Table 2.11: q10x and q11x (Ja, Nej, unanswered).  q11x is dealt with q10x
   as partner, which keeps the one municipality that skipped q10a the same
   that skipped q11a ("56 kommuner har svaret på de to spørgsmål"). */
static void table_2_11(void)
{
    int c10[NGROUP][NRESP], c11[NGROUP][NRESP];
    for (int g = SB; g < NGROUP; g++) {
        const int base = T2_9[g][6];
        const int *a = T2_11[g][0], *b = T2_11[g][1];
        Set s = where(Q1[g], 1);
        clear(c10[g]);
        clear(c11[g]);
        deal(&s, (const int[]){a[0], a[1], base - a[2]}, 3, g == EH ? c10[SB] : NULL, c10[g]);
        deal(&s, (const int[]){b[0], b[1], base - b[2]}, 3, c10[g], c11[g]);
        for (size_t i = 0; i < s.n; i++) {
            val[s.m[i]][Q10[g]] = YNU_CODE[c10[g][s.m[i]]];
            val[s.m[i]][Q11[g]] = YNU_CODE[c11[g][s.m[i]]];
        }
    }
}

/* Tables 2.12 and 2.13: q12a/q12b/q12c of a group are persons adding up to
   q1_1x.  The report gives the two margins; the cross of them follows these
   rules: "1-99 procent har takket nej" goes with "99-1 procent har
   handleplan" (overflow to "0 procent"); "Alle har takket nej" with "0
   procent"; an unstated q12b with an unstated q12a, the rest with "100
   procent" (q12a stated, q12b and q12c left empty).  Everything else is
   "Ingen har takket nej". */
enum { P100_INGEN, P100_U, PMIX_B, PMIX_C, P0_INGEN, P0_ALLE, P0_MIX, PU_U, NP };
static void tables_2_12_2_13(int g)
{
    const int *a = T2_12[g], *b = T2_13[g]; /* a: 100, 99-1, 0, U; b: Ingen, 1-99, Alle, U */
    int cnt[NP], cat[NRESP], nempty[NRESP], two[NRESP];
    Set base = where(Q1[g], 1), uu, mix;

    cnt[PU_U] = a[3] < b[3] ? a[3] : b[3];
    cnt[P100_U] = b[3] - cnt[PU_U];
    cnt[PMIX_B] = a[1] < b[1] ? a[1] : b[1];
    cnt[P0_MIX] = b[1] - cnt[PMIX_B];
    cnt[P0_ALLE] = b[2];
    cnt[PMIX_C] = a[1] - cnt[PMIX_B];
    cnt[P0_INGEN] = a[2] - cnt[P0_ALLE] - cnt[P0_MIX];
    cnt[P100_INGEN] = a[0] - cnt[P100_U];
    need(cnt[PU_U] == a[3], "2.12/2.13: more Uoplyst in 12a than in 12b");
    need(cnt[P100_U] >= 0 && cnt[P0_INGEN] >= 0 && cnt[P100_INGEN] >= 0,
         "2.12/2.13: the margins do not fit together");
    need(cnt[P100_INGEN] + cnt[PMIX_C] + cnt[P0_INGEN] == b[0], "2.12/2.13: Ingen does not fit");

    for (int m = 0; m < NRESP; m++) {
        nempty[m] = val[m][Q1_1[g]] == E;
        two[m] = val[m][Q1_1[g]] >= 2;
    }
    clear(cat);
    /* all-Uoplyst goes to the municipalities that left q1_1 empty first */
    uu = pick(&base, (size_t)cnt[PU_U], nempty);
    for (size_t i = 0; i < uu.n; i++)
        cat[uu.m[i]] = PU_U;
    /* a share strictly between 0 and 100 % needs at least two persons */
    mix = pick(&base, (size_t)(cnt[PMIX_B] + cnt[PMIX_C] + cnt[P0_MIX]), two);
    for (size_t i = 0; i < mix.n; i++)
        need(two[mix.m[i]], "2.12/2.13: too few municipalities with two persons or more");
    deal(&mix, (const int[]){0, 0, cnt[PMIX_B], cnt[PMIX_C], 0, 0, cnt[P0_MIX], 0}, NP, NULL, cat);
    deal(&base, (const int[]){cnt[P100_INGEN], cnt[P100_U], 0, 0, cnt[P0_INGEN], cnt[P0_ALLE], 0, 0},
         NP, NULL, cat);

    for (int m = 0; m < NRESP; m++) {
        int n = val[m][Q1_1[g]], part, qa = E, qb = E, qc = E;
        if (cat[m] == E)
            continue;
        if (n == E && cat[m] != PU_U)
            n = 1; /* q1_1 unstated but 12 answered: one person */
        part = n / 3 > 1 ? n / 3 : 1;
        switch (cat[m]) {
        case P100_INGEN: qa = n, qb = 0, qc = 0; break;
        case P100_U: qa = n; break;
        case PMIX_B: qa = n - part, qb = part, qc = 0; break;
        case PMIX_C: qa = n - part, qb = 0, qc = part; break;
        case P0_INGEN: qa = 0, qb = 0, qc = n; break;
        case P0_ALLE: qa = 0, qb = n, qc = 0; break;
        case P0_MIX: qa = 0, qb = part, qc = n - part; break;
        case PU_U: qc = n; break; /* only "Andet" stated, or nothing when q1_1 is empty */
        default: die("2.12/2.13: unknown category");
        }
        val[m][Q12A[g]] = qa;
        val[m][Q12B[g]] = qb;
        val[m][Q12C[g]] = qc;
    }
}

/* Tables 2.14-2.17: q13x binned, q14x-q16x Ja / Nej / Uoplyst. */
static void tables_2_14_to_2_17(void)
{
    int cat[NGROUP][NRESP];
    const int (*yn[3])[4] = {T2_15, T2_16, T2_17};
    const int *yvar[3] = {Q14, Q15, Q16};

    deal_both(Q1, T2_14[SB], T2_14[EH], NBIN, cat);
    put_bins(cat, Q13, AVERAGE);
    for (int q = 0; q < 3; q++) {
        deal_both(Q1, yn[q][SB], yn[q][EH], 3, cat);
        for (int g = SB; g < NGROUP; g++)
            for (int m = 0; m < NRESP; m++)
                if (cat[g][m] != E)
                    val[m][yvar[q][g]] = YNU_CODE[cat[g][m]];
    }
}

/* Table 2.18: q17x with q17_1x. */
static void table_2_18(void)
{
    static const int code[4][2] = {{1, 1}, {1, 2}, {2, E}, {E, E}}; /* (q17x, q17_1x) */
    int cat[NGROUP][NRESP];
    const int *t = T2_18[SB], *u = T2_18[EH];
    deal_both(Q1, (const int[]){t[0], t[1], t[3], t[4]}, (const int[]){u[0], u[1], u[3], u[4]}, 4,
              cat);
    for (int g = SB; g < NGROUP; g++)
        for (int m = 0; m < NRESP; m++)
            if (cat[g][m] != E) {
                val[m][Q17[g]] = code[cat[g][m]][0];
                val[m][Q17_1[g]] = code[cat[g][m]][1];
            }
}

/* Table 2.19: q18x with q18_2x (approval) and q18_3x (planning). */
static void table_2_19(void)
{
    static const int code[6][3] = {{1, 1, E}, {1, 2, E}, {2, E, 1},
                                   {2, E, 2}, {2, E, E}, {E, E, E}}; /* (q18x, q18_2x, q18_3x) */
    int cat[NGROUP][NRESP];
    const int *t = T2_19[SB], *u = T2_19[EH];
    deal_both(Q1, (const int[]){t[0], t[1], t[3], t[4], t[5], t[7]},
              (const int[]){u[0], u[1], u[3], u[4], u[5], u[7]}, 6, cat);
    for (int g = SB; g < NGROUP; g++)
        for (int m = 0; m < NRESP; m++)
            if (cat[g][m] != E) {
                val[m][Q18[g]] = code[cat[g][m]][0];
                val[m][Q18_2[g]] = code[cat[g][m]][1];
                val[m][Q18_3[g]] = code[cat[g][m]][2];
            }
}

/* Tables 2.20 (q19x) and 2.21 (q19_1x over q19x = 1), 2.22 (q20). */
static void tables_2_20_to_2_22(void)
{
    int cat[NGROUP][NRESP], c20[NRESP];
    const int *t = T2_21[SB], *u = T2_21[EH];
    Set base = where(V_Q1A, 1);

    deal_both(Q1, T2_20[SB], T2_20[EH], 3, cat);
    for (int g = SB; g < NGROUP; g++)
        for (int m = 0; m < NRESP; m++)
            if (cat[g][m] != E)
                val[m][Q19[g]] = YNU_CODE[cat[g][m]];
    deal_both(Q19, (const int[]){0, 0, t[0], t[1], t[2], 0}, (const int[]){0, 0, u[0], u[1], u[2], 0},
              NBIN, cat);
    put_bins(cat, Q19_1, PLANNED);

    clear(c20);
    deal(&base, T2_22, 3, NULL, c20);
    for (size_t i = 0; i < base.n; i++)
        val[base.m[i]][V_Q20] = YNU_CODE[c20[base.m[i]]];
}

/* ------------------------------------------------------------------------- */
/* Free text: short answers in the spirit of what the report quotes.          */
/* ------------------------------------------------------------------------- */

#define N_(a) (sizeof(a) / sizeof *(a))

/* Fill var where val[m][if1] == 1 or val[m][if2] == 1 (if2 may be E), with
   the phrases in turn; every third municipality asked leaves it empty. */
static void text(int var, int if1, int if2, const char *const *phrase, size_t nphrase)
{
    size_t k = 0;
    for (int m = 0; m < NRESP; m++) {
        if (!(val[m][if1] == 1 || (if2 != E && val[m][if2] == 1)))
            continue;
        if (k % 3 != 2)
            txt[m][var] = phrase[(k - k / 3) % nphrase];
        k++;
    }
}

static void free_text(void)
{
    static const char *const diff[] = {
        "Særlige fokusområder i forhold til dommens vilkår",
        "Antallet af opfølgninger afhænger af opholdsstedet",
        "Risikovurdering indgår i tilsynet",
        "Særlige hensyn i forhold til borgerens opholdssted",
    };
    static const char *const andet3[] = {
        "Arbejde med beboerens forståelse af dommen",
        "Arbejde med at reducere fremtidig kriminel adfærd",
        "Samarbejde mellem sagsbehandler og tilsynsførende",
        "Samarbejde mellem kommunen og anklagemyndigheden",
    };
    static const char *const andet4[] = {
        "Sikring af ekspertise",
        "Supplerende hjælp efter den enkeltes særlige behov",
    };
    static const char *const andet6[] = {
        "Statusudtalelse fra leverandøren",
        "Samtale med borgeren og kontaktpersonen",
        "Dommens vilkår",
    };
    static const char *const lev10[] = {
        "Leverandøren afgiver faglige udtalelser",
        "Status på det pædagogiske arbejde",
        "Leverandøren udarbejder delhandleplaner",
        "Pædagogiske handleplaner indgår i handleplanen",
        "Leverandøren udarbejder udkast til handleplan",
    };
    static const char *const lev11[] = {
        "Samarbejde mellem sagsbehandler, borger og leverandør",
        "Statusmøder med leverandøren",
        "Leverandøren afgiver status før opfølgningsmødet",
    };
    static const char *const ret18[] = {
        "Vejledning fra NDU (Netværket vedrørende Domfældte Udviklingshæmmede)",
        "Særlige indmeldinger med sigte på at begrænse fremtidig kriminalitet",
        "Faste opfølgningsmøder med leverandøren",
    };
    int quoted = 0, daily = 0;

    text(V_Q2_2_1, V_Q2_2A, V_Q2_2B, diff, N_(diff));
    text(V_Q3_1_1, V_Q3_1D, E, andet3, N_(andet3));
    text(V_Q3_2_1, V_Q3_2D, E, andet3, N_(andet3));
    text(V_Q4_1_1, V_Q4_1H, E, andet4, N_(andet4));
    text(V_Q4_2_1, V_Q4_2F, E, andet4, N_(andet4));
    text(V_Q6_1_1, V_Q6_1C, E, andet6, N_(andet6));
    text(V_Q6_2_1, V_Q6_2C, E, andet6, N_(andet6));
    text(V_Q10_1, V_Q10A, V_Q10B, lev10, N_(lev10));
    text(V_Q11_1, V_Q11A, V_Q11B, lev11, N_(lev11));
    text(V_Q18_1, V_Q18A, V_Q18B, ret18, N_(ret18));

    /* 5.x remarks, as quoted under table 2.7: one municipality on both groups,
       a few others on the daily contact in the boform; the rest leave it empty. */
    for (int m = 0; m < NRESP; m++) {
        if (!quoted && val[m][V_Q3_1B] == 1 && val[m][V_Q3_2B] == 1) {
            txt[m][Q5_1[SB]] = "Der vil være flere tilsynsbesøg umiddelbart efter dommen, og "
                               "indtil foranstaltningen er på plads";
            txt[m][Q5_1[EH]] = "Der er store variationer på antallet af tilsynsbesøg alt efter "
                               "status i den konkrete sag";
            quoted = 1;
        } else if (daily < 3 && val[m][V_Q3_1B] == 1) {
            txt[m][V_Q5_1_1] = "Boformen har den daglige kontakt med beboeren";
            daily++;
        }
    }
}

/* ------------------------------------------------------------------------- */
/* Output                                                                     */
/* ------------------------------------------------------------------------- */

static void put_text(const char *s)
{
    if (strpbrk(s, ",;\"\r\n\t") == NULL) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void put_value(int m, int v)
{
    int x = val[m][v];
    switch (VARS[v].type) {
    case T_ID: printf("%d", KOMMUNER[kom[m]].nr); break;
    case T_NAME: put_text(KOMMUNER[kom[m]].name); break;
    case T_PII: break; /* no contact data */
    case T_TEXT:
        if (txt[m][v])
            put_text(txt[m][v]);
        break;
    case T_DEC: /* decimal comma, as a Danish export writes it */
        if (x == E)
            break;
        if (x % 10 == 0)
            printf("%d", x / 10);
        else
            printf("\"%d,%d\"", x / 10, x % 10);
        break;
    default:
        if (x != E)
            printf("%d", x);
    }
}

static void write_csv(void)
{
    for (int v = 0; v < NVAR; v++)
        printf("%s,", VARS[v].name);
    puts("datanote");
    for (int m = 0; m < NRESP; m++) {
        for (int v = 0; v < NVAR; v++) {
            put_value(m, v);
            putchar(',');
        }
        put_text(DATANOTE);
        putchar('\n');
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng == NULL)
        die("cannot allocate the random number generator");
    gsl_rng_set(rng, SEED);

    check_published();
    for (int m = 0; m < NRESP; m++)
        for (int v = 0; v < NVAR; v++) {
            val[m][v] = E;
            txt[m][v] = NULL;
        }

    respondents();
    table_2_1();
    persons(SB);
    persons(EH);
    table_2_2_2_9_fig();
    table_2_3();
    tables_2_4_2_5_2_6_2_8();
    table_2_7();
    question_8();
    table_2_10();
    table_2_11();
    tables_2_12_2_13(SB);
    tables_2_12_2_13(EH);
    tables_2_14_to_2_17();
    table_2_18();
    table_2_19();
    tables_2_20_to_2_22();
    free_text();
    write_csv();

    gsl_rng_free(rng);
    if (fflush(stdout) != 0 || ferror(stdout))
        die("cannot write the output");
    return 0;
}
