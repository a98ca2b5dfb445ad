/*
 * Tabulation: counts validated rows into the templates' tables, streaming.
 * See include/ak_tabulate.h; the conventions are spec section 3.
 *
 * Memory is fixed at ak_tab_new (one counter per template cell, one per
 * column base, plus sums for means, plus the evaluation plan below);
 * ak_tab_add only evaluates the precompiled expressions of ak_template.h
 * and increments counters.  ak_tab_finish lays out the printed rows,
 * computes percents and means with integer arithmetic and expands the
 * texts.
 *
 * The plan.  Templates repeat conditions (the same base for a dozen
 * tables, the same row in several), so every distinct condition is
 * evaluated at most once per row (struct tcond).  And the leaf rows of one
 * column usually read a variable or two (the bins of one question): the
 * rows a respondent lands in are then a function of those variables'
 * values alone, and are remembered per column by those values (struct
 * memo), so most respondents cost one lookup per column, not one
 * evaluation per row.  Both only skip evaluations whose result is known;
 * the counts, the hits and the exactly-one-row check are the same.
 */
#include "ak_tabulate.h"

#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_prose.h"


/* A distinct condition of the templates (a number in the pool) and its
 * value for the current row (valid when stamp == the row's number). */
typedef struct tcond {
    long stamp;
    int value;
} tcond;

/*
 * Memo of a column's row hits: MEMO_SIZE entries of nvars + 2 words, the
 * variables' keys (see value_key()), the hits as a bit mask (bit r: leaf
 * row r) and, in a table that only counts, the respondents the entry
 * stands for whose counts are not yet in the table's counters (added
 * when the entry is reused and at the end: memo_flush()).  An entry whose
 * first key is MEMO_EMPTY is unused.  Small, so that the memos of all
 * columns stay in the L2 cache, and one respondent touches one entry per
 * column; 256 entries rather than 64 cut the misses of a column binning a
 * count or a decimal from ~25 % to ~6 % (bench rows; 3 % fewer
 * instructions in all).
 */
#define MEMO_VARS 4          /* at most this many variables read */
#define MEMO_ROWS 64         /* hits as a bit mask: at most 64 rows */
#define MEMO_BITS 8
#define MEMO_SIZE (1u << MEMO_BITS)
#define MEMO_EMPTY UINT64_MAX
#define MEMO_TRIAL 4096      /* lookups before judging the hit rate */

/* The plan of one column. */
typedef struct tcol {
    /* read for every respondent: one cache line */
    size_t base;             /* tcond of the base */
    uint64_t *memo;          /* the entries, or NULL: no memo */
    size_t nvars;            /* memo: the variables the rows read */
    size_t vars[MEMO_VARS];
    size_t c;                /* the column's index in its table */
    /* the rest */
    size_t *cond, *cell;     /* per template row: tcond of the row's
                                condition and cell, or NO_COND */
    long lookups, misses;
} tcol;

#define MEMO_W(col) ((col)->nvars + 2)   /* words an entry */

#define NO_COND ((size_t)-1)

/* Counters of one table. */
typedef struct ttab {
    const ak_tpl_table *tpl;
    int64_t *base;      /* [ncols] members of each column's base */
    int64_t *count;     /* [nrows * ncols] leaf rows */
    size_t mean;        /* index of the gennemsnit measure, or (size_t)-1 */
    int64_t *msum;      /* [nrows * ncols] tenths summed (gennemsnit) */
    int64_t *mn;        /* [nrows * ncols] values summed */
    int64_t *bsum;      /* [ncols] the same over the whole base */
    int64_t *bn;
    size_t summ;        /* index of the sum measure, or (size_t)-1 */
    int64_t *ssum;      /* [nrows * ncols] tenths summed (sum) */
    int64_t *bssum;     /* [ncols] the measure's term over the base */
    tcol *cols;         /* [ncols] the plan */
    int counts_only;    /* no mean, no sum: memo entries count */
    /* what the last ak_tab_add() found (ak_tab_last_row()) */
    size_t nwords;      /* words of a column's row set: (nrows + 63) / 64 */
    unsigned char *inbase;  /* [ncols] in the column's base */
    uint64_t *last;     /* [ncols * nwords] the leaf rows hit, when inbase */
} ttab;

struct ak_tab {
    const ak_tableset *ts;
    const ak_codebook *cb;
    int year;
    ak_diags *d;
    long respondents;
    long population;    /* -1: none */
    ttab *tabs;
    size_t *hits;       /* scratch: leaf rows a respondent landed in */
    ak_expr_pool *pool; /* the distinct conditions */
    tcond *conds;       /* per condition of the pool */
    const ak_words *words;  /* for the text; NULL = none */
    const ak_register *reg; /* for the non-respondents; NULL = none */
    char **units;           /* respondents' ids seen (with reg) */
    size_t nunits, capunits;
};

void ak_tab_set_register(ak_tab *t, const ak_register *reg)
{
    t->reg = reg;
}

void ak_tab_set_words(ak_tab *t, const ak_words *w)
{
    t->words = w;
}

void ak_tab_free(ak_tab *t)
{
    if (t) {
        for (size_t i = 0; i < t->nunits; i++)
            ak_free(t->units[i]);
        ak_free(t->units);
    }
    if (!t)
        return;
    for (size_t i = 0; t->tabs && i < t->ts->ntables; i++) {
        ttab *x = &t->tabs[i];
        ak_free(x->base);
        ak_free(x->count);
        ak_free(x->msum);
        ak_free(x->mn);
        ak_free(x->bsum);
        ak_free(x->bn);
        ak_free(x->ssum);
        ak_free(x->bssum);
        for (size_t c = 0; x->cols && c < x->tpl->ncols; c++) {
            ak_free(x->cols[c].cond);
            ak_free(x->cols[c].cell);
            ak_free(x->cols[c].memo);
        }
        ak_free(x->cols);
        ak_free(x->inbase);
        ak_free(x->last);
    }
    ak_free(t->tabs);
    ak_free(t->hits);
    ak_free(t->conds);
    ak_expr_pool_free(t->pool);
    ak_free(t);
}

/* ---- the plan ------------------------------------------------------------ */

/* The number of e in the pool (added when new), NO_COND for NULL; sets
 * *oom when out of memory. */
static size_t intern(ak_tab *t, const ak_expr *e, int *oom)
{
    if (!e)
        return NO_COND;
    size_t i = ak_expr_pool_add(t->pool, e);
    if (i == (size_t)-1) {
        *oom = 1;
        return NO_COND;
    }
    return i;
}

/* Add e's variables to the memo variables of col; 0, or -1 when there
 * would be too many. */
static int add_vars(tcol *col, const ak_expr *e)
{
    const size_t *fv = NULL;
    size_t n = e ? ak_expr_vars(e, &fv) : 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < col->nvars && col->vars[k] != fv[i])
            k++;
        if (k < col->nvars)
            continue;
        if (col->nvars == MEMO_VARS)
            return -1;
        col->vars[col->nvars++] = fv[i];
    }
    return 0;
}

/* Plan table x's columns; -1 when out of memory. */
static int plan_table(ak_tab *t, ttab *x)
{
    const ak_tpl_table *tpl = x->tpl;
    x->cols = ak_calloc(tpl->ncols + 1, sizeof *x->cols);
    if (!x->cols)
        return -1;
    for (size_t c = 0; c < tpl->ncols; c++) {
        tcol *col = &x->cols[c];
        col->cond = ak_calloc(tpl->nrows + 1, sizeof *col->cond);
        col->cell = ak_calloc(tpl->nrows + 1, sizeof *col->cell);
        if (!col->cond || !col->cell)
            return -1;
        int oom = 0;
        col->base = intern(t, tpl->cols[c].base, &oom);
        col->c = c;
        int memo = tpl->nrows <= MEMO_ROWS;
        for (size_t r = 0; r < tpl->nrows; r++) {
            const ak_tpl_row *tr = &tpl->rows[r];
            col->cond[r] = col->cell[r] = NO_COND;
            if (tr->kind != AK_ROW_PLAIN)
                continue;
            col->cond[r] = intern(t, tr->cond[c], &oom);
            col->cell[r] = intern(t, tr->cell ? tr->cell[c] : NULL, &oom);
            if (memo && (add_vars(col, tr->cond[c]) != 0 ||
                         add_vars(col, tr->cell ? tr->cell[c] : NULL) != 0))
                memo = 0;
        }
        if (oom)
            return -1;
        if (memo && col->nvars) {   /* rows that read nothing: no need */
            col->memo = ak_calloc(MEMO_SIZE * MEMO_W(col), sizeof *col->memo);
            if (!col->memo)
                return -1;
            for (size_t e = 0; e < MEMO_SIZE; e++)
                col->memo[e * MEMO_W(col)] = MEMO_EMPTY;
        }
    }
    return 0;
}

/* Condition i's value for row v (number 'stamp'). */
static int cond_value(ak_tab *t, size_t i, const ak_value *v)
{
    tcond *c = &t->conds[i];
    if (c->stamp != t->respondents) {
        c->value = ak_expr_pool_eval(t->pool, i, v);
        c->stamp = t->respondents;
    }
    return c->value;
}

/* The leaf rows of column c of x that row v lands in, as a bit mask
 * (the table has at most MEMO_ROWS rows). */
static uint64_t eval_hits(ak_tab *t, const ttab *x, const tcol *col,
                          const ak_value *v)
{
    uint64_t hits = 0;
    for (size_t r = 0; r < x->tpl->nrows; r++) {
        if (col->cond[r] == NO_COND)
            continue;
        if (col->cell[r] != NO_COND && !cond_value(t, col->cell[r], v))
            continue;
        if (cond_value(t, col->cond[r], v))
            hits |= (uint64_t)1 << r;
    }
    return hits;
}

/*
 * What the rows of a column can see of a variable: its state, and its
 * number when answered (conditions read the number of answered variables
 * only).  Exact while numbers stay below 2^60 (ingest keeps them below
 * 2^35); -1 (no key) otherwise.
 */
static int value_key(const ak_value *x, uint64_t *key)
{
    if (x->state != AK_ANSWERED) {
        *key = (uint64_t)x->state;   /* 1..3 */
        return 0;
    }
    if (x->num < 0 || x->num >= ((int64_t)1 << 60))
        return -1;
    *key = (uint64_t)x->num << 2;    /* AK_ANSWERED = 0 */
    return 0;
}

/* The index of the lowest bit set in b (b != 0). */
static unsigned lowest_bit(uint64_t b)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(b);
#else
    unsigned i = 0;
    while (!(b & 1)) {
        b >>= 1;
        i++;
    }
    return i;
#endif
}

/* Add the respondents memo entry m stands for to the table's counters. */
static void entry_flush(ttab *x, const tcol *col, uint64_t *m)
{
    uint64_t n = m[col->nvars + 1], hits = m[col->nvars];
    m[col->nvars + 1] = 0;
    for (; n && hits; hits &= hits - 1)
        x->count[lowest_bit(hits) * x->tpl->ncols + col->c] += (int64_t)n;
}

/* Flush every memo entry of every column (before the counters are read). */
static void memo_flush(ak_tab *t)
{
    for (size_t i = 0; i < t->ts->ntables; i++) {
        ttab *x = &t->tabs[i];
        for (size_t c = 0; c < x->tpl->ncols; c++) {
            tcol *col = &x->cols[c];
            for (size_t e = 0; col->memo && e < MEMO_SIZE; e++)
                entry_flush(x, col, &col->memo[e * MEMO_W(col)]);
        }
    }
}

/*
 * The memo entry of column col for row v, filled with its hits when new,
 * or NULL when the column has no memo (or a value has no key).
 */
static uint64_t *memo_entry(ak_tab *t, ttab *x, tcol *col, const ak_value *v)
{
    if (!col->memo)
        return NULL;
    uint64_t key[MEMO_VARS] = {0}, h = 0;
    for (size_t k = 0; k < col->nvars; k++) {
        if (value_key(&v[col->vars[k]], &key[k]) != 0)
            return NULL;
        h = (h ^ key[k]) * 0x9E3779B97F4A7C15ULL;
    }
    uint64_t *m = &col->memo[(h >> (64 - MEMO_BITS)) * MEMO_W(col)];
    col->lookups++;
    size_t same = 0;
    while (same < col->nvars && m[same] == key[same])
        same++;
    if (same == col->nvars)
        return m;
    entry_flush(x, col, m);
    /* A column whose values rarely repeat (counts summed, say) is better
     * off evaluating. */
    if (++col->misses == MEMO_TRIAL / 2 && col->lookups < MEMO_TRIAL) {
        for (size_t e = 0; e < MEMO_SIZE; e++)
            entry_flush(x, col, &col->memo[e * MEMO_W(col)]);
        ak_free(col->memo);
        col->memo = NULL;
        return NULL;
    }
    memcpy(m, key, col->nvars * sizeof *key);
    m[col->nvars] = eval_hits(t, x, col, v);
    return m;
}

ak_tab *ak_tab_new(const struct ak_tableset *ts, const ak_codebook *cb,
                   int year, ak_diags *d)
{
    if (!ts || !cb)
        return NULL;
    ak_tab *t = ak_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ts = ts;
    t->cb = cb;
    t->year = year;
    t->d = d;
    t->population = -1;
    t->tabs = ak_calloc(ts->ntables + 1, sizeof *t->tabs);
    size_t maxrows = 1;
    for (size_t i = 0; i < ts->ntables; i++)
        if (ts->tables[i].nrows > maxrows)
            maxrows = ts->tables[i].nrows;
    t->hits = ak_calloc(maxrows, sizeof *t->hits);
    if (!t->tabs || !t->hits) {
        ak_tab_free(t);
        return NULL;
    }
    for (size_t i = 0; i < ts->ntables; i++) {
        const ak_tpl_table *tpl = &ts->tables[i];
        ttab *x = &t->tabs[i];
        size_t cells = tpl->nrows * tpl->ncols;
        x->tpl = tpl;
        x->mean = x->summ = (size_t)-1;
        for (size_t m = 0; m < tpl->nmeasures; m++) {
            if (tpl->measures[m].kind == AK_M_GENNEMSNIT)
                x->mean = m;
            if (tpl->measures[m].kind == AK_M_SUM)
                x->summ = m;
        }
        x->counts_only = x->mean == (size_t)-1 && x->summ == (size_t)-1;
        x->base = ak_calloc(tpl->ncols + 1, sizeof *x->base);
        x->count = ak_calloc(cells + 1, sizeof *x->count);
        x->nwords = (tpl->nrows + 63) / 64;
        x->inbase = ak_calloc(tpl->ncols + 1, 1);
        x->last = ak_calloc(tpl->ncols * x->nwords + 1, sizeof *x->last);
        if (!x->base || !x->count || !x->inbase || !x->last) {
            ak_tab_free(t);
            return NULL;
        }
        if (x->mean != (size_t)-1) {
            x->msum = ak_calloc(cells + 1, sizeof *x->msum);
            x->mn = ak_calloc(cells + 1, sizeof *x->mn);
            x->bsum = ak_calloc(tpl->ncols + 1, sizeof *x->bsum);
            x->bn = ak_calloc(tpl->ncols + 1, sizeof *x->bn);
            if (!x->msum || !x->mn || !x->bsum || !x->bn) {
                ak_tab_free(t);
                return NULL;
            }
        }
        if (x->summ != (size_t)-1) {
            x->ssum = ak_calloc(cells + 1, sizeof *x->ssum);
            x->bssum = ak_calloc(tpl->ncols + 1, sizeof *x->bssum);
            if (!x->ssum || !x->bssum) {
                ak_tab_free(t);
                return NULL;
            }
        }
    }
    t->pool = ak_expr_pool_new();
    if (!t->pool) {
        ak_tab_free(t);
        return NULL;
    }
    for (size_t i = 0; i < ts->ntables; i++)
        if (plan_table(t, &t->tabs[i]) != 0) {
            ak_tab_free(t);
            return NULL;
        }
    size_t n = ak_expr_pool_count(t->pool);
    t->conds = ak_calloc(n + 1, sizeof *t->conds);
    if (!t->conds) {
        ak_tab_free(t);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        t->conds[i].stamp = -1;
    return t;
}

ak_tab *ak_tab_new_like(const ak_tab *t, ak_diags *d)
{
    if (!t)
        return NULL;
    ak_tab *n = ak_tab_new(t->ts, t->cb, t->year, d);
    if (n) {
        n->population = t->population;
        n->words = t->words;
        n->reg = t->reg;
    }
    return n;
}

/* dst[i] += src[i] for n counters (either NULL: nothing). */
static void add_counts(int64_t *dst, const int64_t *src, size_t n)
{
    if (!dst || !src)
        return;
    for (size_t i = 0; i < n; i++)
        dst[i] += src[i];
}

ak_status ak_tab_merge(ak_tab *dst, ak_tab *src)
{
    if (!dst || !src || dst->ts != src->ts || dst->cb != src->cb)
        return AK_ERR_USAGE;
    memo_flush(src);
    for (size_t i = 0; i < dst->ts->ntables; i++) {
        ttab *x = &dst->tabs[i];
        const ttab *y = &src->tabs[i];
        size_t nc = x->tpl->ncols, cells = x->tpl->nrows * nc;
        add_counts(x->base, y->base, nc);
        add_counts(x->count, y->count, cells);
        add_counts(x->msum, y->msum, cells);
        add_counts(x->mn, y->mn, cells);
        add_counts(x->bsum, y->bsum, nc);
        add_counts(x->bn, y->bn, nc);
        add_counts(x->ssum, y->ssum, cells);
        add_counts(x->bssum, y->bssum, nc);
    }
    /* the respondents' ids: src's after dst's, as one reading has them */
    if (src->nunits && dst->nunits + src->nunits > dst->capunits) {
        size_t nc = dst->nunits + src->nunits;
        char **nu = ak_realloc(dst->units, nc * sizeof *nu);
        if (!nu)
            return AK_ERR_NOMEM;
        dst->units = nu;
        dst->capunits = nc;
    }
    for (size_t i = 0; i < src->nunits; i++) {
        if (!(dst->units[dst->nunits] = ak_strdup(src->units[i])))
            return AK_ERR_NOMEM;
        dst->nunits++;
    }
    dst->respondents += src->respondents;
    return AK_OK;
}

void ak_tab_set_population(ak_tab *t, long n)
{
    if (t)
        t->population = n < 0 ? -1 : n;
}

/* A sum term's value for one respondent, in tenths (missing counts 0). */
static int64_t term_value(const ak_tpl_term *term, const ak_value *v)
{
    int64_t s = 0;
    for (size_t i = 0; i < term->nvars; i++)
        if (v[term->vars[i]].state == AK_ANSWERED)
            s += v[term->vars[i]].num;
    return s;
}

/* Report a base member that landed in no row, or in several. */
static ak_status report_cover(ak_tab *t, const ak_tpl_table *tpl, size_t c,
                              size_t nhit, const char *unit,
                              const char *unit_name)
{
    char msg[1024], act[256];
    const char *name = tpl->caption ? tpl->caption : tpl->id;
    if (nhit == 0) {
        snprintf(msg, sizeof msg,
                 "besvarelsen hører til grundlaget for '%s' (kolonne '%s'), "
                 "men falder ikke i nogen række", name, tpl->cols[c].key);
        snprintf(act, sizeof act,
                 "talt med i grundlaget, men ikke i nogen række");
    } else {
        size_t n = (size_t)snprintf(msg, sizeof msg,
                                    "besvarelsen falder i %zu rækker i '%s' "
                                    "(kolonne '%s'):", nhit, name,
                                    tpl->cols[c].key);
        for (size_t i = 0; i < nhit && n < sizeof msg; i++)
            n += (size_t)snprintf(msg + n, sizeof msg - n, "%s '%s'",
                                  i ? "," : "", tpl->rows[t->hits[i]].label);
        snprintf(act, sizeof act, "talt med i hver af rækkerne");
    }
    ak_diag g = {0};
    g.sev = AK_SEV_WARNING;
    g.rule = "tabulate";
    g.unit = (char *)unit;
    g.unit_word = unit ? (char *)ak_codebook_unit_word(t->cb) : NULL;
    g.unit_name = (char *)unit_name;
    g.message = msg;
    g.action = act;
    return ak_diags_add(t->d, &g) == 0 ? AK_OK : AK_ERR_NOMEM;
}

ak_status ak_tab_add(ak_tab *t, const ak_row *row, const char *unit,
                     const char *unit_name)
{
    if (!t || !row || row->nvars != t->cb->nvars)
        return AK_ERR_USAGE;
    const ak_value *v = row->v;
    t->respondents++;
    if (t->reg && unit) {
        if (t->nunits == t->capunits) {
            size_t nc = t->capunits ? t->capunits * 2 : 128;
            char **nu = ak_realloc(t->units, nc * sizeof *nu);
            if (!nu)
                return AK_ERR_NOMEM;
            t->units = nu;
            t->capunits = nc;
        }
        if (!(t->units[t->nunits] = ak_strdup(unit)))
            return AK_ERR_NOMEM;
        t->nunits++;
    }
    for (size_t i = 0; i < t->ts->ntables; i++) {
        ttab *x = &t->tabs[i];
        const ak_tpl_table *tpl = x->tpl;
        for (size_t c = 0; c < tpl->ncols; c++) {
            tcol *col = &x->cols[c];
            x->inbase[c] = (unsigned char)cond_value(t, col->base, v);
            if (!x->inbase[c])
                continue;
            x->base[c]++;
            uint64_t *last = &x->last[c * x->nwords];
            size_t var = x->mean != (size_t)-1 ? tpl->measures[x->mean].var[c]
                                               : AK_NO_VAR;
            int has = var != AK_NO_VAR && v[var].state == AK_ANSWERED;
            if (has) {
                x->bsum[c] += v[var].num;
                x->bn[c]++;
            }
            if (x->ssum)
                x->bssum[c] += term_value(&tpl->measures[x->summ].term[c], v);
            /* The rows hit, in order: from the bit mask of a table of
             * up to MEMO_ROWS rows (remembered when the column has a
             * memo), else row by row. */
            int small = tpl->nrows <= MEMO_ROWS;
            uint64_t *m = small ? memo_entry(t, x, col, v) : NULL;
            uint64_t hits = m ? m[col->nvars]
                          : small ? eval_hits(t, x, col, v) : 0;
            if (small)
                last[0] = hits;
            else
                memset(last, 0, x->nwords * sizeof *last);
            if (m && x->counts_only) {
                /* Counted by the entry; the check as below. */
                m[col->nvars + 1]++;
                if (tpl->multi || (hits && !(hits & (hits - 1))))
                    continue;
                size_t nhit = 0;
                for (; hits; hits &= hits - 1)
                    t->hits[nhit++] = lowest_bit(hits);
                if (report_cover(t, tpl, c, nhit, unit, unit_name) != AK_OK)
                    return AK_ERR_NOMEM;
                continue;
            }
            size_t nhit = 0;
            for (size_t r = 0; small ? hits != 0 : r < tpl->nrows; r++) {
                if (small) {
                    r = lowest_bit(hits);
                    hits &= hits - 1;
                } else if (col->cond[r] == NO_COND ||
                           (col->cell[r] != NO_COND &&
                            !cond_value(t, col->cell[r], v)) ||
                           !cond_value(t, col->cond[r], v)) {
                    continue;
                }
                const ak_tpl_row *tr = &tpl->rows[r];
                size_t k = r * tpl->ncols + c;
                x->count[k]++;
                if (!small)
                    last[r / 64] |= (uint64_t)1 << (r % 64);
                if (has) {
                    x->msum[k] += v[var].num;
                    x->mn[k]++;
                }
                if (x->ssum)
                    x->ssum[k] += term_value(&tr->sum[c], v);
                t->hits[nhit++] = r;
            }
            if (!tpl->multi && nhit != 1 &&
                report_cover(t, tpl, c, nhit, unit, unit_name) != AK_OK)
                return AK_ERR_NOMEM;
        }
    }
    return AK_OK;
}

const ak_tableset *ak_tab_templates(const ak_tab *t)
{
    return t ? t->ts : NULL;
}

int ak_tab_last_row(const ak_tab *t, size_t table, size_t c,
                    const uint64_t **rows)
{
    const ttab *x = &t->tabs[table];
    *rows = &x->last[c * x->nwords];
    return x->inbase[c];
}

/* ---- finishing ----------------------------------------------------------- */

/* count/base in whole percent, half up. */
static int64_t percent(int64_t count, int64_t base)
{
    return (200 * count + base) / (2 * base);
}

/* Mean of n values summing to sum tenths, in hundredths, half up. */
static int64_t mean_hundredths(int64_t sum, int64_t n)
{
    return (20 * sum + n) / (2 * n);
}

/* Count, sum and n of template row r in column c (a population row:
 * the population, 0 without one). */
static void row_values(const ak_tab *t, const ttab *x, size_t r, size_t c,
                       int64_t *count, int64_t *sum, int64_t *n)
{
    const ak_tpl_table *tpl = x->tpl;
    const ak_tpl_row *tr = &tpl->rows[r];
    *count = *sum = *n = 0;
    if (tr->kind == AK_ROW_POPULATION) {
        *count = t->population > 0 ? t->population : 0;
        return;
    }
    if (tr->kind == AK_ROW_TOTAL) {
        *count = x->base[c];
        if (x->bsum) {
            *sum = x->bsum[c];
            *n = x->bn[c];
        }
        return;
    }
    size_t from = tr->kind == AK_ROW_SUBTOTAL ? tr->first : r;
    for (size_t k = from; k <= r; k++) {
        if (tpl->rows[k].kind != AK_ROW_PLAIN)
            continue;
        size_t i = k * tpl->ncols + c;
        *count += x->count[i];
        if (x->msum) {
            *sum += x->msum[i];
            *n += x->mn[i];
        }
    }
}

/* The denominator of template row r's percent in column c (the row's of=);
 * 0 or less: the percent has no value. */
static int64_t pct_base(const ak_tab *t, const ttab *x, size_t r, size_t c)
{
    const ak_tpl_row *tr = &x->tpl->rows[r];
    int64_t count, sum, n;
    if (tr->kind == AK_ROW_POPULATION)
        return 0;
    switch (tr->of) {
    case AK_OF_BASE:
        return x->base[c];
    case AK_OF_ROW:
        row_values(t, x, tr->of_row, c, &count, &sum, &n);
        return count;
    case AK_OF_POPULATION:
        return t->population;
    case AK_OF_NONE:
        break;
    }
    return 0;
}

/* The base of template row r in column c (ak_cell.base): what its
 * percent is over, -1 when nothing (population rows, of=none,
 * of=population without a register). */
static int64_t cell_base(const ak_tab *t, const ttab *x, size_t r, size_t c)
{
    const ak_tpl_row *tr = &x->tpl->rows[r];
    if (tr->kind == AK_ROW_POPULATION || tr->of == AK_OF_NONE ||
        (tr->of == AK_OF_POPULATION && t->population < 0))
        return -1;
    return tr->of == AK_OF_POPULATION ? t->population : pct_base(t, x, r, c);
}

/* The sum measure's cell of template row r in column c: leaf rows their
 * term, a subtotal its leaf rows' sums, the total the measure's term over
 * the base; no value where there is no term. */
static void row_sum(const ttab *x, size_t r, size_t c, ak_cell *cell,
                    unsigned char *tenths_out)
{
    const ak_tpl_table *tpl = x->tpl;
    const ak_tpl_row *tr = &tpl->rows[r];
    int64_t s = 0;
    int has = 0, tenths = 0;
    if (tr->kind == AK_ROW_TOTAL) {
        const ak_tpl_term *m = &tpl->measures[x->summ].term[c];
        has = m->nvars > 0;
        tenths = m->tenths;
        s = x->bssum[c];
    } else if (tr->kind != AK_ROW_POPULATION) {
        size_t from = tr->kind == AK_ROW_SUBTOTAL ? tr->first : r;
        for (size_t k = from; k <= r; k++) {
            const ak_tpl_row *kr = &tpl->rows[k];
            if (kr->kind != AK_ROW_PLAIN || kr->sum[c].nvars == 0)
                continue;
            has = 1;
            tenths |= kr->sum[c].tenths;
            s += x->ssum[k * tpl->ncols + c];
        }
    }
    cell->has_value = has;
    *tenths_out = (unsigned char)(has && tenths);
    cell->value = !has ? 0 : tenths ? s : s / 10;   /* counts: s is 10 * n */
}

typedef struct ph_ctx {
    const ak_tab *t;
    const ttab *x;
} ph_ctx;

static size_t col_index(const ak_tpl_table *tpl, const char *key)
{
    for (size_t c = 0; c < tpl->ncols; c++)
        if (strcmp(tpl->cols[c].key, key) == 0)
            return c;
    return (size_t)-1;
}

static long long ph_value(ak_tpl_ph ph, const char *key, size_t rowno,
                          void *ud)
{
    const ph_ctx *p = ud;
    switch (ph) {
    case AK_PH_YEAR: return p->t->year;
    case AK_PH_PREV_YEAR: return p->t->year - 1;
    case AK_PH_RESPONDENTS: return p->t->respondents;
    case AK_PH_BASE:
    case AK_PH_CELL: {
        if (!p->x || !key)
            return 0;
        size_t c = col_index(p->x->tpl, key);
        if (c == (size_t)-1)
            return 0;
        if (ph == AK_PH_BASE)
            return p->x->base[c];
        if (rowno == 0 || rowno > p->x->tpl->nrows)
            return 0;
        int64_t count, sum, n;
        row_values(p->t, p->x, rowno - 1, c, &count, &sum, &n);
        return count;
    }
    }
    return 0;
}

/* Expand s (NULL stays NULL); sets *oom on failure. */
static char *expand(const char *s, const ak_tab *t, const ttab *x, int *oom)
{
    if (!s)
        return NULL;
    ph_ctx p = {t, x};
    char *r = ak_tpl_expand(s, ph_value, &p);
    if (!r)
        *oom = 1;
    return r;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The register's units that gave no row, in register order. */
static int nonrespondents(ak_tab *t, ak_results *res)
{
    if (!t->reg)
        return 0;
    if (t->nunits)
        qsort(t->units, t->nunits, sizeof *t->units, str_cmp);
    size_t n = ak_register_count(t->reg);
    res->nonresp = ak_calloc(n + 1, sizeof *res->nonresp);
    if (!res->nonresp)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *id = ak_register_id_at(t->reg, i);
        const char *name = ak_register_name_at(t->reg, i);
        const char *region = ak_register_region_at(t->reg, i);
        if (t->nunits &&
            bsearch(&id, t->units, t->nunits, sizeof *t->units, str_cmp))
            continue;
        ak_unitref *u = &res->nonresp[res->nnonresp];
        u->id = ak_strdup(id);
        u->name = ak_strdup(name ? name : "");
        u->region = ak_strdup(region ? region : "");
        res->nnonresp++;
        if (!u->id || !u->name || !u->region)
            return -1;
    }
    return 0;
}

/* Nonzero when a printed column's rounded leaf percents miss 100. */
static int needs_rounding_note(const ttab *x, const unsigned char *printed)
{
    const ak_tpl_table *tpl = x->tpl;
    int has_pct = 0;
    for (size_t m = 0; m < tpl->nmeasures; m++)
        has_pct |= tpl->measures[m].kind == AK_M_PROCENT;
    if (tpl->multi || !has_pct)
        return 0;
    for (size_t c = 0; c < tpl->ncols; c++) {
        if (x->base[c] == 0)
            continue;
        int64_t sum = 0;
        for (size_t r = 0; r < tpl->nrows; r++)
            if (tpl->rows[r].kind == AK_ROW_PLAIN && printed[r] &&
                tpl->rows[r].of == AK_OF_BASE)
                sum += percent(x->count[r * tpl->ncols + c], x->base[c]);
        if (sum != 100)
            return 1;
    }
    return 0;
}

/* Lay out one table; 0 or -1 when out of memory. */
static int finish_table(const ak_tab *t, const ttab *x, ak_rtable *rt)
{
    const ak_tpl_table *tpl = x->tpl;
    int oom = 0;
    rt->id = ak_strdup(tpl->id);
    oom |= !rt->id;
    rt->caption = expand(tpl->caption, t, x, &oom);
    rt->title = expand(tpl->title, t, x, &oom);
    rt->section = expand(tpl->section, t, x, &oom);
    rt->chapter = expand(tpl->chapter, t, x, &oom);
    rt->axis_title = expand(tpl->axis_title, t, x, &oom);
    rt->source = expand(tpl->source, t, x, &oom);
    rt->is_figure = tpl->is_figure;
    rt->multi = tpl->multi;
    rt->untidy = tpl->untidy;
    rt->new_since = tpl->new_since;
    rt->changed_in = tpl->changed_in;
    if (oom)
        return -1;

    rt->cols = ak_calloc(tpl->ncols + 1, sizeof *rt->cols);
    rt->measures = ak_calloc(tpl->nmeasures + 1, sizeof *rt->measures);
    rt->measure_labels = ak_calloc(tpl->nmeasures + 1, sizeof *rt->measure_labels);
    unsigned char *printed = ak_calloc(tpl->nrows + 1, 1);
    if (!rt->cols || !rt->measures || !rt->measure_labels || !printed) {
        ak_free(printed);
        return -1;
    }
    rt->ncols = tpl->ncols;
    rt->bases = ak_calloc(tpl->ncols + 1, sizeof *rt->bases);
    if (!rt->bases) {
        ak_free(printed);
        return -1;
    }
    for (size_t c = 0; c < tpl->ncols; c++)
        rt->bases[c] = x->base[c];
    for (size_t c = 0; c < tpl->ncols; c++) {
        rt->cols[c].key = ak_strdup(tpl->cols[c].key);
        oom |= !rt->cols[c].key;
        rt->cols[c].group = expand(tpl->cols[c].group, t, x, &oom);
        rt->cols[c].label = expand(tpl->cols[c].label, t, x, &oom);
    }
    rt->nmeasures = tpl->nmeasures;
    for (size_t m = 0; m < tpl->nmeasures; m++) {
        rt->measures[m] = tpl->measures[m].kind;
        rt->measure_labels[m] = expand(tpl->measures[m].label, t, x, &oom);
    }

    /* which rows print: optional leaf rows only when some count > 0 */
    size_t nprinted = 0;
    for (size_t r = 0; r < tpl->nrows; r++) {
        const ak_tpl_row *tr = &tpl->rows[r];
        int show = !(tr->kind == AK_ROW_PLAIN && tr->optional);
        for (size_t c = 0; !show && c < tpl->ncols; c++)
            show = x->count[r * tpl->ncols + c] > 0;
        if (tr->kind == AK_ROW_POPULATION)
            show = t->population >= 0;
        printed[r] = (unsigned char)show;
        nprinted += (size_t)show;
    }
    rt->hidden = ak_calloc(tpl->nrows - nprinted + 1, sizeof *rt->hidden);
    for (size_t r = 0; rt->hidden && r < tpl->nrows; r++)
        if (!printed[r] && tpl->rows[r].kind != AK_ROW_POPULATION) {
            rt->hidden[rt->nhidden] = ak_strdup(tpl->rows[r].key);
            oom |= !rt->hidden[rt->nhidden++];
        }
    oom |= !rt->hidden;
    rt->rows = ak_calloc(nprinted + 1, sizeof *rt->rows);
    rt->cells = ak_calloc(nprinted * tpl->ncols * tpl->nmeasures + 1,
                          sizeof *rt->cells);
    if (x->summ != (size_t)-1)
        rt->tenths = ak_calloc(nprinted * tpl->ncols * tpl->nmeasures + 1, 1);
    if (oom || !rt->rows || !rt->cells ||
        (x->summ != (size_t)-1 && !rt->tenths)) {
        ak_free(printed);
        return -1;
    }
    size_t pr = 0;
    for (size_t r = 0; r < tpl->nrows; r++) {
        if (!printed[r])
            continue;
        ak_rrow *row = &rt->rows[pr];
        row->label = expand(tpl->rows[r].label, t, x, &oom);
        row->kind = tpl->rows[r].kind == AK_ROW_POPULATION
                        ? AK_ROW_PLAIN : tpl->rows[r].kind;
        row->position = (int)pr + 1;
        row->tpl_row = r;
        row->key = ak_strdup(tpl->rows[r].key);
        oom |= !row->key;
        row->new_since = tpl->rows[r].new_since;
        row->optional = tpl->rows[r].optional;
        row->changed_in = tpl->rows[r].changed_in;
        rt->nrows = pr + 1;
        for (size_t c = 0; c < tpl->ncols; c++) {
            int64_t count, sum, n;
            row_values(t, x, r, c, &count, &sum, &n);
            for (size_t m = 0; m < tpl->nmeasures; m++) {
                ak_cell *cell = &rt->cells[(pr * tpl->ncols + c) *
                                           tpl->nmeasures + m];
                cell->base = cell_base(t, x, r, c);
                switch (tpl->measures[m].kind) {
                case AK_M_ANTAL:
                    cell->value = count;
                    cell->has_value = 1;
                    break;
                case AK_M_PROCENT: {
                    int64_t b = pct_base(t, x, r, c);
                    cell->has_value = b > 0;
                    cell->value = b > 0 ? percent(count, b) : 0;
                    break;
                }
                case AK_M_GENNEMSNIT:
                    cell->base = n;
                    cell->has_value = n > 0;
                    cell->value = n > 0 ? mean_hundredths(sum, n) : 0;
                    break;
                case AK_M_SUM:
                    row_sum(x, r, c, cell,
                            &rt->tenths[cell - rt->cells]);
                    break;
                }
            }
        }
        pr++;
    }

    /* notes, then the automatic rounding note */
    int round_note = t->ts->rounding_note && needs_rounding_note(x, printed);
    ak_free(printed);
    rt->notes = ak_calloc(tpl->nnotes + 2, sizeof *rt->notes);
    if (oom || !rt->notes)
        return -1;
    for (size_t i = 0; i < tpl->nnotes; i++) {
        rt->notes[i] = expand(tpl->notes[i], t, x, &oom);
        if (oom)
            return -1;
        rt->nnotes = i + 1;
    }
    if (round_note) {
        char *rn = expand(t->ts->rounding_note, t, x, &oom);
        if (!rn)
            return -1;
        if (rt->nnotes == 0) {
            rt->notes[rt->nnotes++] = rn;
        } else {
            /* one paragraph, as the report prints it */
            char *last = rt->notes[rt->nnotes - 1];
            size_t l = strlen(last);
            int stop = l > 0 && last[l - 1] == '.';
            char *joined = ak_asprintf("%s%s%s", last, stop ? " " : ". ", rn);
            ak_free(rn);
            if (!joined)
                return -1;
            ak_free(last);
            rt->notes[rt->nnotes - 1] = joined;
        }
    }
    return 0;
}

ak_status ak_tab_finish(ak_tab *t, ak_results **out)
{
    *out = NULL;
    if (!t)
        return AK_ERR_USAGE;
    memo_flush(t);
    ak_results *res = ak_calloc(1, sizeof *res);
    if (!res)
        return AK_ERR_NOMEM;
    res->year = t->year;
    res->respondents = t->respondents;
    res->population = t->population;
    int oom = 0;
    res->report_title = expand(t->ts->report_title, t, NULL, &oom);
    for (int k = 0; k < AK_META_COUNT; k++)
        res->meta[k] = expand(t->ts->meta[k], t, NULL, &oom);
    res->tables = ak_calloc(t->ts->ntables + 1, sizeof *res->tables);
    if (oom || !res->tables) {
        ak_results_free(res);
        return AK_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->ts->ntables; i++) {
        res->ntables = i + 1;
        if (finish_table(t, &t->tabs[i], &res->tables[i]) != 0) {
            ak_results_free(res);
            return AK_ERR_NOMEM;
        }
    }
    if (nonrespondents(t, res) != 0) {
        ak_results_free(res);
        return AK_ERR_NOMEM;
    }
    ak_status st = ak_prose_document(t->ts, res, t->words, t->cb, t->d);
    if (st != AK_OK) {
        ak_results_free(res);
        return st;
    }
    *out = res;
    return AK_OK;
}

/* ---- per-unit contributions (the panel) ---------------------------------- */

void ak_tab_reset(ak_tab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ts->ntables; i++) {
        ttab *x = &t->tabs[i];
        size_t nc = x->tpl->ncols, nrc = x->tpl->nrows * nc;
        memset(x->base, 0, nc * sizeof *x->base);
        memset(x->count, 0, nrc * sizeof *x->count);
        if (x->msum) {
            memset(x->msum, 0, nrc * sizeof *x->msum);
            memset(x->mn, 0, nrc * sizeof *x->mn);
            memset(x->bsum, 0, nc * sizeof *x->bsum);
            memset(x->bn, 0, nc * sizeof *x->bn);
        }
        if (x->ssum) {
            memset(x->ssum, 0, nrc * sizeof *x->ssum);
            memset(x->bssum, 0, nc * sizeof *x->bssum);
        }
        /* one unit at a time gains nothing from the memos (and flushing
         * them per unit costs): dropped, the rows are evaluated */
        for (size_t c = 0; c < nc; c++) {
            ak_free(x->cols[c].memo);
            x->cols[c].memo = NULL;
        }
    }
}

int ak_tab_each_contrib(ak_tab *t, ak_tab_contrib_fn fn, void *ud)
{
    memo_flush(t);
    for (size_t i = 0; i < t->ts->ntables; i++) {
        const ttab *x = &t->tabs[i];
        const ak_tpl_table *tpl = x->tpl;
        for (size_t r = 0; r < tpl->nrows; r++) {
            const ak_tpl_row *tr = &tpl->rows[r];
            if (tr->kind == AK_ROW_POPULATION || tr->of == AK_OF_POPULATION)
                continue;
            for (size_t c = 0; c < tpl->ncols; c++) {
                int64_t count, sum, n;
                row_values(t, x, r, c, &count, &sum, &n);
                int64_t base = cell_base(t, x, r, c);
                for (size_t m = 0; m < tpl->nmeasures; m++) {
                    ak_tab_contrib k = {tpl->id, !tpl->untidy, tr->key,
                                        tpl->cols[c].key,
                                        tpl->measures[m].kind, 0, count,
                                        base};
                    switch (k.measure) {
                    case AK_M_ANTAL:
                        break;
                    case AK_M_PROCENT:
                        k.den = pct_base(t, x, r, c);
                        break;
                    case AK_M_GENNEMSNIT:
                        k.num = sum;
                        k.den = n;
                        break;
                    case AK_M_SUM: {
                        ak_cell cell = {0};
                        unsigned char tenths = 0;
                        row_sum(x, r, c, &cell, &tenths);
                        if (!cell.has_value)
                            continue;
                        k.tenths = tenths;
                        k.num = tenths ? cell.value : cell.value * 10;
                        break;
                    }
                    }
                    int rc = fn(&k, ud);
                    if (rc)
                        return rc;
                }
            }
        }
    }
    return 0;
}

int ak_tab_cell_value(ak_measure m, int tenths, int64_t num, int64_t den,
                      int64_t *value)
{
    *value = 0;
    switch (m) {
    case AK_M_ANTAL:
        *value = num;
        return 1;
    case AK_M_PROCENT:
        if (den <= 0)
            return 0;
        *value = percent(num, den);
        return 1;
    case AK_M_GENNEMSNIT:
        if (den <= 0)
            return 0;
        *value = mean_hundredths(num, den);
        return 1;
    case AK_M_SUM:
        *value = tenths ? num : num / 10;
        return 1;
    }
    return 0;
}
