/*
 * gen: deterministic generator of benchmark inputs in the Bilag 3 schema.
 *
 *   build/bench/gen N > input.csv
 *
 * Writes a header and N respondent rows to stdout, one column per question
 * column of bench/codebook-person.csv (id, yesno, checkbox, count, decimal,
 * text), in codebook order; the id is a respondent number 1..N.  The same N
 * always gives the same bytes (GSL's mt19937 with a fixed seed; no clock,
 * no locale).
 *
 * The answers respect the codebook's routing: a question is answered only
 * where its asked_if holds (the routing is hard-coded below, checked against
 * the codebook by bench/run.sh through the engine's validator).  Every asked
 * question is left blank with probability 6 %; a checkbox block is blanked
 * as a whole.  Free text carries commas and double quotes (RFC 4180
 * quoting); decimals mostly use a decimal comma (hence quoted), some a point,
 * some two decimals to exercise half-up rounding ("0,95", "2,05"); a few
 * yes/no answers are the words Ja/Nej or padded with blanks, a few marks are
 * "x".  The 12a-12c counts add up to 1.1 (an empty one counting as 0), so
 * the cross-field check of data/checks.csv holds.
 *
 * A bench tool, not part of the engine: it prints its own errors.
 */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_SEED 20090801UL
#define BLANK_P 0.06

typedef enum gtype { G_ID, G_YESNO, G_CHECK, G_COUNT, G_DECIMAL, G_TEXT } gtype;

/* Roles of the count columns tied by the q12 cross-field check. */
enum { R_NONE, R_TOTAL, R_PART_A, R_PART_B, R_PART_C };

typedef struct gcol {
    const char *name;
    gtype type;
    const char *c1;  /* asked_if: c1=v1 | c2=v2; NULL = always asked */
    int v1;
    const char *c2;
    int v2;
    int p;           /* percent Ja / marked; 0 = type default */
    int role;        /* R_* for the 1.1 / 12a-c counts */
    int group;       /* 0 = social boform (a, _sb), 1 = eget hjem (b, _eh) */
} gcol;

/* bench/codebook-person.csv, question columns only, in codebook order. */
static const gcol cols[] = {
    {"respondent", G_ID, NULL, 0, NULL, 0, 0, R_NONE, 0},
    {"q1a", G_YESNO, NULL, 0, NULL, 0, 64, R_NONE, 0},
    {"q1b", G_YESNO, NULL, 0, NULL, 0, 51, R_NONE, 0},
    {"q1_1a", G_COUNT, "q1a", 1, NULL, 0, 0, R_TOTAL, 0},
    {"q1_1b", G_COUNT, "q1b", 1, NULL, 0, 0, R_TOTAL, 1},
    {"q2a", G_YESNO, NULL, 0, NULL, 0, 40, R_NONE, 0},
    {"q2b", G_YESNO, NULL, 0, NULL, 0, 34, R_NONE, 0},
    {"q2_1a", G_YESNO, "q2a", 1, NULL, 0, 50, R_NONE, 0},
    {"q2_1b", G_YESNO, "q2b", 1, NULL, 0, 48, R_NONE, 0},
    {"q2_2a", G_YESNO, "q2a", 1, NULL, 0, 40, R_NONE, 0},
    {"q2_2b", G_YESNO, "q2b", 1, NULL, 0, 35, R_NONE, 0},
    {"q2_2_1", G_TEXT, "q2_2a", 1, "q2_2b", 1, 0, R_NONE, 0},
    {"q2_3a", G_YESNO, "q2a", 2, NULL, 0, 22, R_NONE, 0},
    {"q2_3b", G_YESNO, "q2b", 2, NULL, 0, 20, R_NONE, 0},
    {"q3_1a", G_CHECK, "q2a", 1, NULL, 0, 86, R_NONE, 0},
    {"q3_1b", G_CHECK, "q2a", 1, NULL, 0, 78, R_NONE, 0},
    {"q3_1c", G_CHECK, "q2a", 1, NULL, 0, 92, R_NONE, 0},
    {"q3_1d", G_CHECK, "q2a", 1, NULL, 0, 19, R_NONE, 0},
    {"q3_1_1", G_TEXT, "q3_1d", 1, NULL, 0, 0, R_NONE, 0},
    {"q3_2a", G_CHECK, "q2b", 1, NULL, 0, 87, R_NONE, 0},
    {"q3_2b", G_CHECK, "q2b", 1, NULL, 0, 80, R_NONE, 0},
    {"q3_2c", G_CHECK, "q2b", 1, NULL, 0, 93, R_NONE, 0},
    {"q3_2d", G_CHECK, "q2b", 1, NULL, 0, 27, R_NONE, 0},
    {"q3_2_1", G_TEXT, "q3_2d", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1a", G_CHECK, "q3_1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1b", G_CHECK, "q3_1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1c", G_CHECK, "q3_1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1d", G_CHECK, "q3_1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1e", G_CHECK, "q3_1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1g", G_CHECK, "q3_1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_1h", G_CHECK, "q3_1a", 1, NULL, 0, 15, R_NONE, 0},
    {"q4_1_1", G_TEXT, "q4_1h", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_2a", G_CHECK, "q3_2a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_2b", G_CHECK, "q3_2a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_2c", G_CHECK, "q3_2a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_2d", G_CHECK, "q3_2a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_2e", G_CHECK, "q3_2a", 1, NULL, 0, 0, R_NONE, 0},
    {"q4_2f", G_CHECK, "q3_2a", 1, NULL, 0, 15, R_NONE, 0},
    {"q4_2_1", G_TEXT, "q4_2f", 1, NULL, 0, 0, R_NONE, 0},
    {"q5_1", G_DECIMAL, "q3_1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q5_1_1", G_TEXT, "q3_1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q5_2", G_DECIMAL, "q3_2b", 1, NULL, 0, 0, R_NONE, 0},
    {"q5_2_1", G_TEXT, "q3_2b", 1, NULL, 0, 0, R_NONE, 0},
    {"q6_1a", G_CHECK, "q3_1c", 1, NULL, 0, 0, R_NONE, 0},
    {"q6_1b", G_CHECK, "q3_1c", 1, NULL, 0, 0, R_NONE, 0},
    {"q6_1c", G_CHECK, "q3_1c", 1, NULL, 0, 15, R_NONE, 0},
    {"q6_1_1", G_TEXT, "q6_1c", 1, NULL, 0, 0, R_NONE, 0},
    {"q6_2a", G_CHECK, "q3_2c", 1, NULL, 0, 0, R_NONE, 0},
    {"q6_2b", G_CHECK, "q3_2c", 1, NULL, 0, 0, R_NONE, 0},
    {"q6_2c", G_CHECK, "q3_2c", 1, NULL, 0, 15, R_NONE, 0},
    {"q6_2_1", G_TEXT, "q6_2c", 1, NULL, 0, 0, R_NONE, 0},
    {"q7a", G_DECIMAL, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q7b", G_DECIMAL, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q8", G_YESNO, "q2a", 1, NULL, 0, 0, R_NONE, 0},
    {"q9a", G_YESNO, "q1a", 1, NULL, 0, 27, R_NONE, 0},
    {"q9b", G_YESNO, "q1b", 1, NULL, 0, 29, R_NONE, 0},
    {"q9_1", G_YESNO, "q9a", 1, "q9b", 1, 0, R_NONE, 0},
    {"q9_2a", G_YESNO, "q9a", 2, NULL, 0, 15, R_NONE, 0},
    {"q9_2b", G_YESNO, "q9b", 2, NULL, 0, 19, R_NONE, 0},
    {"q10a", G_YESNO, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q10b", G_YESNO, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q10_1", G_TEXT, "q10a", 1, "q10b", 1, 0, R_NONE, 0},
    {"q11a", G_YESNO, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q11b", G_YESNO, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q11_1", G_TEXT, "q11a", 1, "q11b", 1, 0, R_NONE, 0},
    {"q12a_sb", G_COUNT, "q1a", 1, NULL, 0, 0, R_PART_A, 0},
    {"q12a_eh", G_COUNT, "q1b", 1, NULL, 0, 0, R_PART_A, 1},
    {"q12b_sb", G_COUNT, "q1a", 1, NULL, 0, 0, R_PART_B, 0},
    {"q12b_eh", G_COUNT, "q1b", 1, NULL, 0, 0, R_PART_B, 1},
    {"q12c_sb", G_COUNT, "q1a", 1, NULL, 0, 0, R_PART_C, 0},
    {"q12c_eh", G_COUNT, "q1b", 1, NULL, 0, 0, R_PART_C, 1},
    {"q13a", G_DECIMAL, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q13b", G_DECIMAL, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q14a", G_YESNO, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q14b", G_YESNO, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q15a", G_YESNO, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q15b", G_YESNO, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q16a", G_YESNO, "q1a", 1, NULL, 0, 0, R_NONE, 0},
    {"q16b", G_YESNO, "q1b", 1, NULL, 0, 0, R_NONE, 0},
    {"q17a", G_YESNO, "q1a", 1, NULL, 0, 40, R_NONE, 0},
    {"q17b", G_YESNO, "q1b", 1, NULL, 0, 38, R_NONE, 0},
    {"q17_1a", G_YESNO, "q17a", 1, NULL, 0, 0, R_NONE, 0},
    {"q17_1b", G_YESNO, "q17b", 1, NULL, 0, 0, R_NONE, 0},
    {"q18a", G_YESNO, "q1a", 1, NULL, 0, 35, R_NONE, 0},
    {"q18b", G_YESNO, "q1b", 1, NULL, 0, 33, R_NONE, 0},
    {"q18_1", G_TEXT, "q18a", 1, "q18b", 1, 0, R_NONE, 0},
    {"q18_2a", G_YESNO, "q18a", 1, NULL, 0, 0, R_NONE, 0},
    {"q18_2b", G_YESNO, "q18b", 1, NULL, 0, 0, R_NONE, 0},
    {"q18_3a", G_YESNO, "q18a", 2, NULL, 0, 20, R_NONE, 0},
    {"q18_3b", G_YESNO, "q18b", 2, NULL, 0, 20, R_NONE, 0},
    {"q19a", G_YESNO, "q1a", 1, NULL, 0, 63, R_NONE, 0},
    {"q19b", G_YESNO, "q1b", 1, NULL, 0, 60, R_NONE, 0},
    {"q19_1a", G_DECIMAL, "q19a", 1, NULL, 0, 0, R_NONE, 0},
    {"q19_1b", G_DECIMAL, "q19b", 1, NULL, 0, 0, R_NONE, 0},
    {"q20", G_YESNO, "q1a", 1, NULL, 0, 0, R_NONE, 0},
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* Free-text answers: commas, double quotes, Danish letters. */
static const char *const texts[] = {
    "Samtale med beboer, personale og pårørende",
    "Vi følger \"Retningslinjer for tilsyn 2008\", afsnit 3",
    "Tilsynet aftales med leverandøren; referat sendes til sagsbehandler",
    "Handleplanen gennemgås, og \"risikovurdering\" opdateres årligt",
    "Ingen bemærkninger",
    "Opfølgning hver 3. måned, evt. oftere ved behov",
    "Leverandøren deltager i møderne (\"netværksmøde\")",
    "Se vedlagte notat",
};
#define NTEXTS (sizeof texts / sizeof texts[0])

/* Condition column indices, resolved once from the names above. */
static size_t c1_idx[NCOLS], c2_idx[NCOLS];
#define NO_COL ((size_t)-1)

static int resolve(void)
{
    for (size_t i = 0; i < NCOLS; i++) {
        const char *names[2] = {cols[i].c1, cols[i].c2};
        size_t *slots[2] = {&c1_idx[i], &c2_idx[i]};
        for (int k = 0; k < 2; k++) {
            *slots[k] = NO_COL;
            if (!names[k])
                continue;
            for (size_t j = 0; j < i; j++)
                if (strcmp(cols[j].name, names[k]) == 0)
                    *slots[k] = j;
            if (*slots[k] == NO_COL) {
                fprintf(stderr, "gen: '%s' refers to '%s', not an earlier column\n",
                        cols[i].name, names[k]);
                return -1;
            }
        }
    }
    return 0;
}

/* One output row is assembled in a fixed buffer, then written at once. */
typedef struct row {
    char buf[8192];
    size_t len;
    size_t start[NCOLS]; /* offset of each field, to patch the 1.1 counts */
} row;

static void put(row *r, const char *s)
{
    size_t n = strlen(s);
    if (r->len + n < sizeof r->buf) { /* rows are far below the buffer */
        memcpy(r->buf + r->len, s, n);
        r->len += n;
    }
}

/* RFC 4180: quote when the field holds a comma, quote or line break. */
static void put_field(row *r, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        put(r, s);
        return;
    }
    char q[1024];
    size_t k = 0;
    q[k++] = '"';
    for (const char *p = s; *p && k < sizeof q - 3; p++) {
        if (*p == '"')
            q[k++] = '"';
        q[k++] = *p;
    }
    q[k++] = '"';
    q[k] = '\0';
    put(r, q);
}

static int chance(gsl_rng *rng, double p)
{
    return gsl_rng_uniform(rng) < p;
}

/* A decimal answer in hundredths: the report's bins, plus rounding edges. */
static unsigned long decimal_hundredths(gsl_rng *rng)
{
    static const unsigned long edges[] = {4, 5, 95, 104, 105, 149, 204, 205};
    double u = gsl_rng_uniform(rng);
    if (u < 0.03)
        return 0;
    if (u < 0.06)
        return 10 * (1 + gsl_rng_uniform_int(rng, 9));           /* 0,1-0,9 */
    if (u < 0.45)
        return 100;
    if (u < 0.68)
        return 110 + 10 * gsl_rng_uniform_int(rng, 10);          /* 1,1-2,0 */
    if (u < 0.72)
        return edges[gsl_rng_uniform_int(rng, sizeof edges / sizeof edges[0])];
    return 210 + 10 * gsl_rng_uniform_int(rng, 100);             /* 2,1-12,0 */
}

static void put_decimal(row *r, gsl_rng *rng)
{
    unsigned long h = decimal_hundredths(rng);
    char s[48];
    double u = gsl_rng_uniform(rng);
    if (h % 100 == 0 && u < 0.5)
        snprintf(s, sizeof s, "%lu", h / 100);
    else {
        char sep = u < 0.85 ? ',' : '.';
        if (h % 10 == 0)
            snprintf(s, sizeof s, "%lu%c%lu", h / 100, sep, (h / 10) % 10);
        else
            snprintf(s, sizeof s, "%lu%c%02lu", h / 100, sep, h % 100);
    }
    put_field(r, s);
}

static void put_yesno(row *r, gsl_rng *rng, int v)
{
    double u = gsl_rng_uniform(rng);
    if (u < 0.03)
        put(r, v == 1 ? "Ja" : "Nej");
    else if (u < 0.035)
        put(r, v == 1 ? " 1 " : " 2");
    else
        put(r, v == 1 ? "1" : "2");
}

/* Planned 1.1 total and 12a-12c split of one group for the current row. */
typedef struct q12plan {
    unsigned long n, part[3], stated_sum;
    int any_stated;
    size_t total_col; /* NO_COL unless 1.1 was asked and answered */
} q12plan;

static void plan_q12(q12plan *pl, gsl_rng *rng)
{
    unsigned long n = 1 + gsl_ran_poisson(rng, 3.5);
    double u = gsl_rng_uniform(rng);
    pl->n = n;
    if (u < 0.62 || n < 2) {                 /* all have a handleplan */
        pl->part[0] = n, pl->part[1] = 0, pl->part[2] = 0;
    } else if (u < 0.77) {                   /* none */
        unsigned long b = gsl_rng_uniform_int(rng, n + 1);
        pl->part[0] = 0, pl->part[1] = b, pl->part[2] = n - b;
    } else {                                 /* some */
        unsigned long a = 1 + gsl_rng_uniform_int(rng, n - 1);
        unsigned long b = gsl_rng_uniform_int(rng, n - a + 1);
        pl->part[0] = a, pl->part[1] = b, pl->part[2] = n - a - b;
    }
    pl->stated_sum = 0;
    pl->any_stated = 0;
}

static void gen_row(row *r, gsl_rng *rng, unsigned long id)
{
    int val[NCOLS];   /* yesno: 1/2; checkbox: 1 marked, 2 not; 0 = blank */
    q12plan pl[2] = {{0, {0, 0, 0}, 0, 0, NO_COL}, {0, {0, 0, 0}, 0, 0, NO_COL}};
    int block_blank = 0;
    char s[48];

    r->len = 0;
    for (size_t i = 0; i < NCOLS; i++) {
        const gcol *c = &cols[i];
        if (i > 0)
            put(r, ",");
        r->start[i] = r->len;
        val[i] = 0;
        int asked = c1_idx[i] == NO_COL
                    || val[c1_idx[i]] == c->v1
                    || (c2_idx[i] != NO_COL && val[c2_idx[i]] == c->v2);
        if (!asked)
            continue;
        if (c->type == G_CHECK) {
            /* A new block starts where the previous column is not a
             * checkbox under the same condition. */
            if (i == 0 || cols[i - 1].type != G_CHECK || c1_idx[i - 1] != c1_idx[i])
                block_blank = chance(rng, BLANK_P);
            if (block_blank)
                continue;
            int marked = chance(rng, (c->p ? c->p : 60) / 100.0);
            val[i] = marked ? 1 : 2;
            if (marked)
                put(r, chance(rng, 0.03) ? "x" : "1");
            else if (!chance(rng, 0.1))
                put(r, "0");    /* else empty: not marked in a filled block */
            continue;
        }
        if (c->type == G_ID) {
            snprintf(s, sizeof s, "%lu", id);
            put(r, s);
            continue;
        }
        if (c->role == R_TOTAL)
            plan_q12(&pl[c->group], rng);
        if (chance(rng, BLANK_P))
            continue;
        switch (c->type) {
        case G_YESNO:
            val[i] = chance(rng, (c->p ? c->p : 50) / 100.0) ? 1 : 2;
            put_yesno(r, rng, val[i]);
            break;
        case G_COUNT:
            if (c->role == R_TOTAL) {
                pl[c->group].total_col = i;   /* written at the end */
            } else if (c->role != R_NONE) {
                q12plan *p = &pl[c->group];
                unsigned long v = p->part[c->role - R_PART_A];
                p->stated_sum += v;
                p->any_stated = 1;
                snprintf(s, sizeof s, "%lu", v);
                put(r, s);
            } else {
                snprintf(s, sizeof s, "%u", gsl_ran_poisson(rng, 3.0));
                put(r, s);
            }
            break;
        case G_DECIMAL:
            put_decimal(r, rng);
            break;
        case G_TEXT:
            put_field(r, texts[gsl_rng_uniform_int(rng, NTEXTS)]);
            break;
        default:
            break;
        }
    }
    put(r, "\n");

    /* Patch the 1.1 totals in: the sum of the stated 12a-12c. */
    for (int g = 1; g >= 0; g--) {   /* later column first: offsets stay valid */
        if (pl[g].total_col == NO_COL)
            continue;
        snprintf(s, sizeof s, "%lu", pl[g].any_stated ? pl[g].stated_sum : pl[g].n);
        size_t n = strlen(s), at = r->start[pl[g].total_col];
        if (r->len + n >= sizeof r->buf)
            continue;
        memmove(r->buf + at + n, r->buf + at, r->len - at);
        memcpy(r->buf + at, s, n);
        r->len += n;
    }
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc != 2) {
        fputs("usage: gen N > input.csv\n", stderr);
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long long nrows = strtoull(argv[1], &end, 10);
    if (errno || end == argv[1] || *end || argv[1][0] == '-') {
        fprintf(stderr, "gen: not a row count: '%s'\n", argv[1]);
        return 2;
    }
    if (resolve() != 0)
        return 2;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        fputs("gen: cannot allocate the random number generator\n", stderr);
        return 2;
    }
    gsl_rng_set(rng, GEN_SEED);

    static char obuf[1 << 20];
    if (setvbuf(stdout, obuf, _IOFBF, sizeof obuf) != 0) {
        fputs("gen: cannot buffer stdout\n", stderr);
        gsl_rng_free(rng);
        return 2;
    }
    int rc = 0;
    for (size_t i = 0; i < NCOLS && rc == 0; i++)
        if (fputs(cols[i].name, stdout) == EOF || fputc(i + 1 < NCOLS ? ',' : '\n', stdout) == EOF)
            rc = 1;
    static row r;
    for (unsigned long long k = 1; k <= nrows && rc == 0; k++) {
        gen_row(&r, rng, (unsigned long)k);
        if (fwrite(r.buf, 1, r.len, stdout) != r.len)
            rc = 1;
    }
    if (fflush(stdout) == EOF || ferror(stdout))
        rc = 1;
    if (rc)
        fputs("gen: write error on stdout\n", stderr);
    gsl_rng_free(rng);
    return rc;
}
