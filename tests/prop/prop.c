/*
 * Property test of the tabulation: many random response files, each run
 * through `ankestat report`, each tables.csv checked.
 *
 *   prop ANKESTAT AK_HOME WORKDIR FIRST_SEED COUNT
 *
 * For every seed a file of 1-60 municipalities is drawn with GSL's RNG:
 * answers follow the codebook's routing or break it (answers to questions
 * not asked, blanks, values of the wrong type, checkbox blocks left empty),
 * at rates drawn per file.  The generator settles every answer itself the
 * way spec sections 1-2 say (not asked -> ignored, blank or invalid ->
 * missing, an asked block with any box filled -> its empty boxes unmarked),
 * independently of the engine's ingest and validation.
 *
 * Checks on tables.csv, for every table and figure of the templates:
 *  - the header, the table order and the row / column / measure order;
 *  - row positions 1..n; a row is printed unless it is optional and empty;
 *  - every count equals the count over the generator's settled answers, so
 *    nothing outside a table's routing is ever counted (counts never exceed
 *    the base);
 *  - in a single-response table the plain rows sum to the total; every
 *    subtotal equals the sum of its rows; every count is at most the total;
 *  - every percent equals count * 100 / total rounded half up (recomputed
 *    from the file's own numbers), empty when the total is 0;
 *  - every mean equals the recomputed mean, two decimals, half up.
 * Prints "property: N passed, N failed"; a failing seed's input is kept in
 * WORKDIR/fail-SEED.csv.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_template.h"

#define MAX_RESP 60
#define MAX_IDS 200

/* ---- the world: codebook, templates, register ids ----------------------- */

static ak_codebook *cb;
static ak_tableset *ts;
static char *ids[MAX_IDS];
static size_t nids;

static int load_ids(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int first = 1;
    while (fgets(line, sizeof line, f) && nids < MAX_IDS) {
        if (first) {
            first = 0;
            continue;
        }
        char *c = strchr(line, ',');
        if (!c)
            continue;
        *c = '\0';
        ids[nids] = malloc(strlen(line) + 1);
        if (!ids[nids])
            break;
        strcpy(ids[nids++], line);
    }
    fclose(f);
    return nids > 0 ? 0 : -1;
}

/* ---- generation ----------------------------------------------------------- */

typedef struct resp {
    ak_value *v;         /* settled, like the engine's after validation */
    char **raw;          /* as written */
} resp;

static resp rs[MAX_RESP];
static size_t nresp;

typedef struct rates {
    double violate, blank, invalid;
} rates;

/* Decimal raw values with their value in tenths (half up). */
static const struct {
    const char *raw;
    int64_t tenths;
} decimals[] = {
    {"0", 0}, {"0.04", 0}, {"0.05", 1}, {"0.5", 5}, {"0,9", 9}, {"0.94", 9},
    {"0.95", 10}, {"1", 10}, {"1.0", 10}, {"1.04", 10}, {"1.05", 11},
    {"1,1", 11}, {"1.5", 15}, {"2", 20}, {"2.04", 20}, {"2,05", 21},
    {"2.5", 25}, {"3", 30}, {"12.25", 123},
};
#define NDEC (sizeof decimals / sizeof decimals[0])

static char *xstrdup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    if (!c) {
        fputs("prop: out of memory\n", stderr);
        exit(2);
    }
    return strcpy(c, s);
}

/* A valid raw value for type t and its value in tenths. */
static const char *valid_value(gsl_rng *r, ak_type t, int64_t *num, char *buf)
{
    unsigned long k;
    switch (t) {
    case AK_T_YESNO:
        k = gsl_rng_uniform_int(r, 6);
        *num = k % 2 ? 20 : 10;
        return k == 4 ? "Ja" : k == 5 ? "Nej" : k % 2 ? "2" : "1";
    case AK_T_CHECKBOX:
        k = gsl_rng_uniform_int(r, 5);
        *num = k < 2 ? 0 : 10;
        return k < 2 ? "0" : k == 4 ? "x" : "1";
    case AK_T_COUNT:
        k = gsl_rng_uniform(r) < 0.3 ? 0 : gsl_rng_uniform_int(r, 9);
        *num = (int64_t)k * 10;
        snprintf(buf, 16, "%lu", k);
        return buf;
    case AK_T_DECIMAL:
        k = gsl_rng_uniform_int(r, NDEC);
        *num = decimals[k].tenths;
        return decimals[k].raw;
    default:
        *num = 0;
        return gsl_rng_uniform_int(r, 2) ? "tekst" : "med \"citat\", og komma";
    }
}

/* A value that breaks type t, or NULL when the type has none. */
static const char *invalid_value(gsl_rng *r, ak_type t)
{
    unsigned long k = gsl_rng_uniform_int(r, 2);
    switch (t) {
    case AK_T_YESNO: return k ? "3" : "måske";
    case AK_T_COUNT: return k ? "-1" : "abc";
    case AK_T_DECIMAL: return k ? "-1" : "x1";
    default: return NULL;
    }
}

static int asked(const ak_var *var, const ak_value *v)
{
    return var->asked_if == NULL || ak_expr_eval(var->asked_if, v);
}

/* Fill one respondent: raw strings and settled values. */
static void gen_resp(gsl_rng *r, const rates *rt, resp *p, const char *id)
{
    for (size_t i = 0; i < cb->nvars; i++) {
        p->v[i].state = AK_UOPLYST;
        p->v[i].num = 0;
        p->v[i].raw = "";
        p->raw[i] = NULL;
    }
    char buf[16];
    for (size_t i = 0; i < cb->nvars; i++) {
        const ak_var *var = &cb->vars[i];
        if (i == cb->id_var) {
            p->raw[i] = xstrdup(id);
            p->v[i].state = AK_ANSWERED;
            continue;
        }
        if (!ak_type_required(var->type))
            continue;
        if (var->type == AK_T_CHECKBOX && var->block != AK_NO_VAR) {
            const ak_block *b = &cb->blocks[var->block];
            if (b->vars[0] != i)
                continue;   /* the block was done at its first box */
            int ask = asked(var, p->v);
            int fill = ask ? gsl_rng_uniform(r) >= rt->blank
                           : gsl_rng_uniform(r) < rt->violate;
            int any = 0;
            for (size_t k = 0; k < b->nvars; k++) {
                size_t j = b->vars[k];
                int64_t num = 0;
                const char *raw = "";
                if (fill && gsl_rng_uniform_int(r, 3) != 0)
                    raw = valid_value(r, AK_T_CHECKBOX, &num, buf);
                p->raw[j] = xstrdup(raw);
                p->v[j].num = num;
                any |= *raw != '\0';
            }
            for (size_t k = 0; k < b->nvars; k++) {
                size_t j = b->vars[k];
                if (!ask) {
                    p->v[j].state = AK_NOT_ASKED;
                    p->v[j].num = 0;
                } else if (any) {
                    p->v[j].state = AK_ANSWERED;   /* empty box = unmarked */
                } else {
                    p->v[j].state = AK_UOPLYST;
                }
            }
            continue;
        }
        int ask = asked(var, p->v);
        double u = gsl_rng_uniform(r);
        const char *raw = "";
        int64_t num = 0;
        ak_state st;
        if (ask) {
            const char *bad = invalid_value(r, var->type);
            if (u < rt->blank) {
                st = AK_UOPLYST;
            } else if (bad && u < rt->blank + rt->invalid) {
                raw = bad;
                st = AK_INVALID;
            } else {
                raw = valid_value(r, var->type, &num, buf);
                st = AK_ANSWERED;
            }
        } else {
            if (u < rt->violate)
                raw = valid_value(r, var->type, &num, buf);
            st = AK_NOT_ASKED;
            num = 0;
        }
        p->raw[i] = xstrdup(raw);
        p->v[i].state = st;
        p->v[i].num = st == AK_ANSWERED ? num : 0;
    }
}

static void put_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static int write_input(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int first = 1;
    for (size_t i = 0; i < cb->nvars; i++)
        if (ak_type_required(cb->vars[i].type)) {
            fprintf(f, "%s%s", first ? "" : ",", cb->vars[i].name);
            first = 0;
        }
    fputc('\n', f);
    for (size_t k = 0; k < nresp; k++) {
        first = 1;
        for (size_t i = 0; i < cb->nvars; i++)
            if (ak_type_required(cb->vars[i].type)) {
                if (!first)
                    fputc(',', f);
                put_field(f, rs[k].raw[i] ? rs[k].raw[i] : "");
                first = 0;
            }
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* ---- tables.csv ------------------------------------------------------------ */

typedef struct line {
    char *f[9];
} line;

static line *lines;
static size_t nlines, linecap;
static char *filebuf;

/* Split one CSV record in place (quotes, no embedded newlines). */
static int split(char *s, char **f, int max)
{
    int n = 0;
    char *w = s;
    while (n < max) {
        f[n++] = w;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0')
                    return -1;
                if (*s == '"') {
                    if (s[1] == '"') {
                        *w++ = '"';
                        s += 2;
                        continue;
                    }
                    s++;
                    break;
                }
                *w++ = *s++;
            }
        } else {
            while (*s && *s != ',')
                *w++ = *s++;
        }
        if (*s == ',') {
            *w++ = '\0';
            s++;
            w = s;
            continue;
        }
        if (*s != '\0')
            return -1;
        *w = '\0';
        break;
    }
    return n;
}

static int read_tables(const char *path, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "cannot read tables.csv");
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    free(filebuf);
    filebuf = malloc((size_t)len + 1);
    if (!filebuf || fread(filebuf, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        snprintf(err, errsize, "cannot read tables.csv");
        return -1;
    }
    fclose(f);
    filebuf[len] = '\0';
    nlines = 0;
    char *s = filebuf;
    int lineno = 0;
    while (*s) {
        char *nl = strchr(s, '\n');
        if (!nl) {
            snprintf(err, errsize, "tables.csv: last line without LF");
            return -1;
        }
        *nl = '\0';
        lineno++;
        if (lineno == 1) {
            if (strcmp(s, "table,row,row_label,column,measure,value,year,row_key,base") != 0) {
                snprintf(err, errsize, "tables.csv: bad header '%s'", s);
                return -1;
            }
        } else {
            if (nlines == linecap) {
                linecap = linecap ? linecap * 2 : 256;
                line *nl2 = realloc(lines, linecap * sizeof *lines);
                if (!nl2)
                    return -1;
                lines = nl2;
            }
            if (split(s, lines[nlines].f, 9) != 9) {
                snprintf(err, errsize, "tables.csv line %d: not 9 fields",
                         lineno);
                return -1;
            }
            nlines++;
        }
        s = nl + 1;
    }
    return 0;
}

/* ---- checking ---------------------------------------------------------------- */

static int nfail_msgs;
static char fail_msg[4096];

static void fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void fail(const char *fmt, ...)
{
    if (nfail_msgs++ > 0)
        return;   /* keep the first */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fail_msg, sizeof fail_msg, fmt, ap);
    va_end(ap);
}

static int64_t pct(int64_t c, int64_t b)
{
    return (200 * c + b) / (2 * b);
}

static long long year_ph(ak_tpl_ph ph, const char *key, size_t rowno, void *ud)
{
    (void)key;
    (void)rowno;
    (void)ud;
    return ph == AK_PH_YEAR ? 2008 : ph == AK_PH_PREV_YEAR ? 2007 : 0;
}

static int parse_int(const char *s, int64_t *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno)
        return -1;
    *v = x;
    return 0;
}

/* Check one table from lines[*li...]; advances *li. */
static void check_table(const ak_tpl_table *t, size_t *li)
{
    size_t nc = t->ncols, nr = t->nrows, nm = t->nmeasures;
    int64_t *base = calloc(nc, sizeof *base);
    int64_t *cnt = calloc(nr * nc, sizeof *cnt);
    int64_t *sum = calloc(nr * nc, sizeof *sum);
    int64_t *n = calloc(nr * nc, sizeof *n);
    int64_t *bsum = calloc(nc, sizeof *bsum), *bn = calloc(nc, sizeof *bn);
    if (!base || !cnt || !sum || !n || !bsum || !bn) {
        fail("out of memory");
        goto done;
    }
    size_t mean = (size_t)-1;
    for (size_t m = 0; m < nm; m++)
        if (t->measures[m].kind == AK_M_GENNEMSNIT)
            mean = m;
    /* the oracle: counts over the generator's settled answers */
    for (size_t k = 0; k < nresp; k++) {
        const ak_value *v = rs[k].v;
        for (size_t c = 0; c < nc; c++) {
            if (!ak_expr_eval(t->cols[c].base, v))
                continue;
            base[c]++;
            size_t var = mean != (size_t)-1 ? t->measures[mean].var[c] : AK_NO_VAR;
            int has = var != AK_NO_VAR && v[var].state == AK_ANSWERED;
            if (has) {
                bsum[c] += v[var].num;
                bn[c]++;
            }
            for (size_t r = 0; r < nr; r++) {
                const ak_tpl_row *tr = &t->rows[r];
                if (tr->kind != AK_ROW_PLAIN)
                    continue;
                if (tr->cell[c] && !ak_expr_eval(tr->cell[c], v))
                    continue;
                if (!ak_expr_eval(tr->cond[c], v))
                    continue;
                cnt[r * nc + c]++;
                if (has) {
                    sum[r * nc + c] += v[var].num;
                    n[r * nc + c]++;
                }
            }
        }
    }
    /* subtotals and totals */
    for (size_t r = 0; r < nr; r++) {
        const ak_tpl_row *tr = &t->rows[r];
        for (size_t c = 0; c < nc && tr->kind != AK_ROW_PLAIN; c++) {
            size_t i = r * nc + c;
            if (tr->kind == AK_ROW_TOTAL) {
                cnt[i] = base[c];
                sum[i] = bsum[c];
                n[i] = bn[c];
            } else {
                for (size_t k = tr->first; k < r; k++)
                    if (t->rows[k].kind == AK_ROW_PLAIN) {
                        cnt[i] += cnt[k * nc + c];
                        sum[i] += sum[k * nc + c];
                        n[i] += n[k * nc + c];
                    }
            }
        }
    }
    /* walk the printed rows */
    int pos = 0;
    int64_t *fileval = calloc(nr * nc, sizeof *fileval);   /* antal as read */
    char (*filepct)[24] = calloc(nr * nc, sizeof *filepct); /* procent */
    unsigned char *printed = calloc(nr, 1);
    if (!fileval || !filepct || !printed) {
        fail("out of memory");
        free(fileval);
        free(filepct);
        free(printed);
        goto done;
    }
    for (size_t r = 0; r < nr; r++) {
        const ak_tpl_row *tr = &t->rows[r];
        int show = !(tr->kind == AK_ROW_PLAIN && tr->optional);
        for (size_t c = 0; c < nc && !show; c++)
            show = cnt[r * nc + c] > 0;
        if (!show)
            continue;
        printed[r] = 1;
        pos++;
        char *label = ak_tpl_expand(tr->label, year_ph, NULL);
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                if (*li >= nlines) {
                    fail("%s: tables.csv ends early", t->id);
                    free(label);
                    goto out;
                }
                char **f = lines[(*li)++].f;
                char posbuf[16];
                snprintf(posbuf, sizeof posbuf, "%d", pos);
                if (strcmp(f[0], t->id) || strcmp(f[1], posbuf) ||
                    strcmp(f[2], label ? label : "") ||
                    strcmp(f[3], t->cols[c].key) ||
                    strcmp(f[4], ak_measure_key(t->measures[m].kind))) {
                    fail("%s: expected row %d '%s' %s %s, got %s,%s,%s,%s,%s",
                         t->id, pos, label ? label : "", t->cols[c].key,
                         ak_measure_key(t->measures[m].kind), f[0], f[1],
                         f[2], f[3], f[4]);
                    free(label);
                    goto out;
                }
                /* the stacking columns: the run's year, the template
                 * row's key whatever its printed position */
                if (strcmp(f[6], "2008") || strcmp(f[7], tr->key))
                    fail("%s row %d: year,row_key '%s,%s', expected "
                         "'2008,%s'", t->id, pos, f[6], f[7], tr->key);
                size_t i = r * nc + c;
                char want[32] = "";
                switch (t->measures[m].kind) {
                case AK_M_ANTAL:
                    snprintf(want, sizeof want, "%lld", (long long)cnt[i]);
                    if (parse_int(f[5], &fileval[i]) != 0)
                        fail("%s row %d %s: antal '%s' not a number", t->id,
                             pos, t->cols[c].key, f[5]);
                    break;
                case AK_M_PROCENT:
                    snprintf(filepct[i], sizeof filepct[i], "%s", f[5]);
                    if (base[c] > 0)
                        snprintf(want, sizeof want, "%lld",
                                 (long long)pct(cnt[i], base[c]));
                    break;
                case AK_M_GENNEMSNIT:
                    if (n[i] > 0) {
                        int64_t h = (20 * sum[i] + n[i]) / (2 * n[i]);
                        snprintf(want, sizeof want, "%lld.%02lld",
                                 (long long)(h / 100), (long long)(h % 100));
                    }
                    break;
                case AK_M_SUM:   /* not modelled: no shipped tidy table sums */
                    continue;
                }
                if (strcmp(f[5], want) != 0)
                    fail("%s row %d '%s' %s %s: %s, expected %s", t->id, pos,
                         f[2], f[3], f[4], f[5], want);
            }
        free(label);
    }
    /* invariants on the file's own numbers */
    size_t total = (size_t)-1;
    for (size_t r = 0; r < nr; r++)
        if (t->rows[r].kind == AK_ROW_TOTAL)
            total = r;
    for (size_t c = 0; c < nc; c++) {
        int64_t leaves = 0;
        for (size_t r = 0; r < nr; r++) {
            if (!printed[r])
                continue;
            int64_t v = fileval[r * nc + c];
            if (t->rows[r].kind == AK_ROW_PLAIN)
                leaves += v;
            if (t->rows[r].kind == AK_ROW_SUBTOTAL) {
                int64_t s = 0;
                for (size_t k = t->rows[r].first; k < r; k++)
                    if (printed[k] && t->rows[k].kind == AK_ROW_PLAIN)
                        s += fileval[k * nc + c];
                if (s != v)
                    fail("%s: subtotal '%s' %s is %lld, its rows sum to %lld",
                         t->id, t->rows[r].label, t->cols[c].key,
                         (long long)v, (long long)s);
            }
            if (total != (size_t)-1 && v > fileval[total * nc + c])
                fail("%s: '%s' %s = %lld exceeds the total %lld", t->id,
                     t->rows[r].label, t->cols[c].key, (long long)v,
                     (long long)fileval[total * nc + c]);
        }
        if (total != (size_t)-1 && !t->multi && leaves != fileval[total * nc + c])
            fail("%s: rows of %s sum to %lld, total %lld", t->id,
                 t->cols[c].key, (long long)leaves,
                 (long long)fileval[total * nc + c]);
        /* percent = the file's count over the file's total, half up */
        int has_pct = 0;
        for (size_t m = 0; m < nm; m++)
            has_pct |= t->measures[m].kind == AK_M_PROCENT;
        for (size_t r = 0; has_pct && total != (size_t)-1 && r < nr; r++) {
            if (!printed[r])
                continue;
            int64_t tot = fileval[total * nc + c];
            char want[24] = "";
            if (tot > 0)
                snprintf(want, sizeof want, "%lld",
                         (long long)pct(fileval[r * nc + c], tot));
            if (strcmp(want, filepct[r * nc + c]) != 0)
                fail("%s: '%s' %s: procent '%s', but %lld of %lld gives '%s'",
                     t->id, t->rows[r].label, t->cols[c].key,
                     filepct[r * nc + c], (long long)fileval[r * nc + c],
                     (long long)tot, want);
        }
    }
out:
    free(filepct);
    free(fileval);
    free(printed);
done:
    free(base);
    free(cnt);
    free(sum);
    free(n);
    free(bsum);
    free(bn);
}

static int check(const char *tables_path)
{
    nfail_msgs = 0;
    char err[4608];
    if (read_tables(tables_path, err, sizeof err) != 0) {
        fail("%s", err);
        return -1;
    }
    size_t li = 0;
    for (size_t i = 0; i < ts->ntables && nfail_msgs == 0; i++)
        if (!ts->tables[i].untidy)   /* 'tidy no': not in tables.csv */
            check_table(&ts->tables[i], &li);
    if (nfail_msgs == 0 && li != nlines)
        fail("tables.csv has %zu lines after the last table", nlines - li);
    return nfail_msgs ? -1 : 0;
}

/* ---- main ------------------------------------------------------------------ */

static void free_resps(void)
{
    for (size_t k = 0; k < MAX_RESP; k++)
        for (size_t i = 0; rs[k].raw && i < cb->nvars; i++) {
            free(rs[k].raw[i]);
            rs[k].raw[i] = NULL;
        }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fputs("usage: prop ANKESTAT AK_HOME WORKDIR FIRST_SEED COUNT\n", stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    const char *bin = argv[1], *home = argv[2], *work = argv[3];
    unsigned long first = strtoul(argv[4], NULL, 10);
    long count = atol(argv[5]);
    char path[4096], path2[4096], cmd[16384];
    ak_diags *d = ak_diags_new();
    snprintf(path, sizeof path, "%s/data/codebook.csv", home);
    snprintf(path2, sizeof path2, "%s/templates", home);
    if (!d || ak_codebook_load(path, &cb, d) != AK_OK ||
        ak_templates_load(path2, cb, &ts, d) != AK_OK) {
        ak_diags_print(d, AK_SEV_NOTE, stderr);
        fputs("prop: cannot load the codebook or templates\n", stderr);
        return 2;
    }
    snprintf(path, sizeof path, "%s/data/kommuner.csv", home);
    if (load_ids(path) != 0) {
        fputs("prop: cannot read kommuner.csv\n", stderr);
        return 2;
    }
    for (size_t k = 0; k < MAX_RESP; k++) {
        rs[k].v = calloc(cb->nvars, sizeof *rs[k].v);
        rs[k].raw = calloc(cb->nvars, sizeof *rs[k].raw);
        if (!rs[k].v || !rs[k].raw) {
            fputs("prop: out of memory\n", stderr);
            return 2;
        }
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        fputs("prop: cannot allocate the RNG\n", stderr);
        return 2;
    }
    long passed = 0, failed = 0;
    static const rates modes[] = {
        {0.0, 0.05, 0.0},    /* routing-consistent, few blanks */
        {0.0, 0.3, 0.0},     /* consistent, many blanks */
        {0.1, 0.1, 0.05},    /* some violations and invalid values */
        {0.5, 0.2, 0.1},     /* mostly broken */
    };
    for (long s = 0; s < count; s++) {
        unsigned long seed = first + (unsigned long)s;
        gsl_rng_set(r, seed);
        const rates *rt = &modes[gsl_rng_uniform_int(r, 4)];
        free_resps();
        nresp = 1 + gsl_rng_uniform_int(r, nids < MAX_RESP ? nids : MAX_RESP);
        char *chosen[MAX_RESP];
        if (gsl_ran_choose(r, chosen, nresp, ids, nids, sizeof(char *)) !=
            GSL_SUCCESS) {
            fputs("prop: gsl_ran_choose failed\n", stderr);
            return 2;
        }
        gsl_ran_shuffle(r, chosen, nresp, sizeof(char *));
        for (size_t k = 0; k < nresp; k++)
            gen_resp(r, rt, &rs[k], chosen[k]);
        snprintf(path, sizeof path, "%s/input.csv", work);
        snprintf(path2, sizeof path2, "%s/out", work);
        if (write_input(path) != 0) {
            fprintf(stderr, "prop: cannot write %s\n", path);
            return 2;
        }
        snprintf(cmd, sizeof cmd,
                 "'%s' report --no-pdf --year 2008 --out '%s' '%s' "
                 ">'%s/stdout' 2>'%s/stderr'", bin, path2, path, work, work);
        int rc = system(cmd);
        int ok = 0;
        if (rc != 0) {
            nfail_msgs = 1;
            snprintf(fail_msg, sizeof fail_msg,
                     "ankestat report exited with status %d (see %s/stderr)",
                     rc, work);
        } else {
            snprintf(path2, sizeof path2, "%s/out/tables.csv", work);
            ok = check(path2) == 0;
        }
        if (ok) {
            passed++;
        } else {
            failed++;
            char keep[4096];
            snprintf(keep, sizeof keep, "%s/fail-%lu.csv", work, seed);
            rename(path, keep);
            fprintf(stderr, "property: seed %lu (%zu municipalities): %s; "
                            "input kept in %s\n", seed, nresp, fail_msg, keep);
        }
    }
    gsl_rng_free(r);
    free_resps();
    for (size_t k = 0; k < MAX_RESP; k++) {
        free(rs[k].v);
        free(rs[k].raw);
    }
    for (size_t i = 0; i < nids; i++)
        free(ids[i]);
    free(lines);
    free(filebuf);
    ak_tableset_free(ts);
    ak_codebook_free(cb);
    ak_diags_free(d);
    printf("property: %ld passed, %ld failed\n", passed, failed);
    return failed ? 1 : 0;
}
