/*
 * ak_uncert: intervals, non-response bounds, paired comparisons and the
 * three ways of a mean, collected row by row over the templates (see
 * include/ak_uncert.h).  The statistics themselves are ak_stats.h (GSL).
 */
#include "ak_uncert.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_stats.h"
#include "ak_template.h"

/* ---- the statistics file ----------------------------------------------- */

typedef struct cfg_load {
    ak_unc_config *c;
    const char *path;
    ak_diags *d;
    int bad, oom;
    int key_col, val_col;
    size_t npair;
} cfg_load;

static int push_str(char ***arr, size_t *n, const char *s)
{
    char **a = ak_reallocarray(*arr, *n + 1, sizeof *a);
    if (!a)
        return -1;
    *arr = a;
    a[*n] = ak_strdup(s);
    if (!a[*n])
        return -1;
    (*n)++;
    return 0;
}

static int set_str(char **dst, const char *s)
{
    char *v = ak_strdup(s);
    if (!v)
        return -1;
    ak_free(*dst);
    *dst = v;
    return 0;
}

static int on_cfg(const ak_record *rec, void *ud)
{
    cfg_load *L = ud;
    if (rec->index == 0) {
        L->key_col = L->val_col = -1;
        for (size_t i = 0; i < rec->nfields; i++) {
            if (strcmp(rec->fields[i], "setting") == 0)
                L->key_col = (int)i;
            else if (strcmp(rec->fields[i], "value") == 0)
                L->val_col = (int)i;
        }
        if (L->key_col < 0 || L->val_col < 0) {
            ak_diags_addf(L->d, AK_SEV_FATAL, "statistics", L->path, rec->line,
                          0, "overskriften skal have kolonnerne setting og value");
            L->bad = 1;
            return 1;
        }
        return 0;
    }
    if ((size_t)L->key_col >= rec->nfields ||
        (size_t)L->val_col >= rec->nfields) {
        ak_diags_addf(L->d, AK_SEV_FATAL, "statistics", L->path, rec->line, 0,
                      "for få felter");
        L->bad = 1;
        return 0;
    }
    const char *k = rec->fields[L->key_col], *v = rec->fields[L->val_col];
    ak_unc_config *c = L->c;
    int r = 0;
    if (strcmp(k, "level") == 0) {
        char *end;
        long lv = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || lv < 50 || lv > 99) {
            ak_diags_addf(L->d, AK_SEV_FATAL, "statistics", L->path, rec->line,
                          (long)L->val_col + 1,
                          "level skal være et helt antal procent fra 50 til 99: '%s'", v);
            L->bad = 1;
        } else {
            c->level = (int)lv;
        }
    } else if (strcmp(k, "pair") == 0) {
        if (L->npair >= 2) {
            ak_diags_addf(L->d, AK_SEV_FATAL, "statistics", L->path, rec->line,
                          0, "pair må kun angives to gange (de to grupper)");
            L->bad = 1;
        } else {
            r = set_str(&c->pair[L->npair++], v);
        }
    } else if (strcmp(k, "weight") == 0) {
        r = set_str(&c->weight, v);
    } else if (strcmp(k, "keytable") == 0) {
        r = set_str(&c->keytable, v);
    } else if (strcmp(k, "heading") == 0) {
        r = set_str(&c->heading, v);
    } else if (strcmp(k, "caption") == 0) {
        r = set_str(&c->caption, v);
    } else if (strcmp(k, "title") == 0) {
        r = set_str(&c->title, v);
    } else if (strcmp(k, "text") == 0) {
        r = push_str(&c->text, &c->ntext, v);
    } else if (strcmp(k, "header") == 0) {
        r = push_str(&c->header, &c->nheader, v);
    } else {
        ak_diags_addf(L->d, AK_SEV_FATAL, "statistics", L->path, rec->line,
                      (long)L->key_col + 1, "ukendt indstilling '%s'", k);
        L->bad = 1;
    }
    if (r != 0) {
        L->oom = 1;
        return 1;
    }
    return 0;
}

void ak_unc_config_free(ak_unc_config *c)
{
    if (!c)
        return;
    ak_free(c->pair[0]);
    ak_free(c->pair[1]);
    ak_free(c->weight);
    ak_free(c->keytable);
    ak_free(c->heading);
    ak_free(c->caption);
    ak_free(c->title);
    for (size_t i = 0; i < c->ntext; i++)
        ak_free(c->text[i]);
    ak_free(c->text);
    for (size_t i = 0; i < c->nheader; i++)
        ak_free(c->header[i]);
    ak_free(c->header);
    ak_free(c);
}

ak_status ak_unc_config_load(const char *path, ak_unc_config **out,
                             ak_diags *d)
{
    *out = NULL;
    ak_unc_config *c = ak_calloc(1, sizeof *c);
    if (!c)
        return AK_ERR_NOMEM;
    c->level = 95;
    cfg_load L = {c, path, d, 0, 0, -1, -1, 0};
    ak_status st = ak_csv_read_file(path, NULL, on_cfg, &L, d);
    if (st == AK_OK && L.oom)
        st = AK_ERR_NOMEM;
    if (st == AK_OK && L.npair == 1) {
        ak_diags_addf(d, AK_SEV_FATAL, "statistics", path, 0, 0,
                      "pair skal angives to gange (de to grupper)");
        L.bad = 1;
    }
    if (st == AK_OK && L.bad)
        st = AK_ERR_SYNTAX;
    if (st != AK_OK) {
        ak_unc_config_free(c);
        return st;
    }
    *out = c;
    return AK_OK;
}

/* ---- collecting ---------------------------------------------------------- */

typedef struct valvec {
    double *v, *w;
    size_t n, cap;
} valvec;

typedef struct utab {
    const ak_tpl_table *tpl;
    long *base;        /* [ncols] */
    long *cnt;         /* [nrows * ncols] units in the row (a subtotal: in
                          any of its rows) */
    long *sum;         /* [nrows * ncols] a subtotal: its rows' counts added
                          (what the table prints); leaf rows: = cnt */
    long *outside;     /* [nrows * ncols] in the row but not in the row's
                          percent denominator */
    long pa, pb;       /* column indices of the paired groups, or -1 */
    long pm;           /* units in both bases */
    long *p10, *p01;   /* [nrows] discordant pairs */
    size_t mean;       /* index of the gennemsnit measure, or SIZE_MAX */
    size_t *wvar;      /* [ncols] weight variable, or AK_NO_VAR */
    int needed;        /* the table has a percent, a pair or a mean */
    size_t *totals, ntotals;        /* the template rows of each kind, */
    size_t *subtotals, nsubtotals;  /* listed once, in order */
    size_t *of_rows, nof_rows;      /* (percent over another row) */
    valvec *vals;      /* [nrows * ncols] (mean tables) */
} utab;

/* The templates' conditions are not evaluated here: ak_unc_add() reads
 * which bases and leaf rows the row landed in from the tabulation that has
 * just counted it (ak_tab_last_row()). */
struct ak_unc {
    const ak_tableset *ts;
    const ak_codebook *cb;
    const ak_unc_config *cfg;
    ak_diags *d;
    size_t ntabs;
    utab *tabs;
    unsigned char *hit, *inb;   /* scratch per row */
    long respondents;
    int failed;                 /* an ak_unc_add ran out of memory */
};

static long col_of(const ak_tpl_table *t, const char *key)
{
    for (size_t c = 0; key && c < t->ncols; c++)
        if (strcmp(t->cols[c].key, key) == 0)
            return (long)c;
    return -1;
}

/* The weight variable of column col: cfg->weight with the column's
 * bindings put in; AK_NO_VAR when it names no variable. */
static size_t weight_var(const ak_unc *u, const ak_tpl_col *col, int *oom)
{
    const char *w = u->cfg ? u->cfg->weight : NULL;
    if (!w)
        return AK_NO_VAR;
    char buf[256];
    size_t o = 0;
    for (const char *p = w; *p && o + 1 < sizeof buf;) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            size_t k = 0;
            if (e)
                for (; k < col->nbind; k++)
                    if (strlen(col->bind[k].name) == (size_t)(e - p - 1) &&
                        strncmp(col->bind[k].name, p + 1, (size_t)(e - p - 1)) == 0)
                        break;
            if (e && k < col->nbind) {
                size_t l = strlen(col->bind[k].value);
                if (o + l + 1 >= sizeof buf)
                    return AK_NO_VAR;
                memcpy(buf + o, col->bind[k].value, l);
                o += l;
                p = e + 1;
                continue;
            }
        }
        buf[o++] = *p++;
    }
    buf[o] = '\0';
    size_t v = ak_codebook_find(u->cb, buf, o);
    if (v == AK_NO_VAR || (u->cb->vars[v].type != AK_T_COUNT &&
                           u->cb->vars[v].type != AK_T_DECIMAL)) {
        if (ak_diags_addf(u->d, AK_SEV_WARNING, "statistics", NULL, 0, 0,
                          "vægten '%s' er ikke en tal-variabel i kodebogen; "
                          "intet vægtet gennemsnit for kolonnen %s",
                          buf, col->key) != 0)
            *oom = 1;
        return AK_NO_VAR;
    }
    return v;
}

void ak_unc_free(ak_unc *u)
{
    if (!u)
        return;
    /* tabs is NULL when its allocation failed after ntabs was set */
    for (size_t i = 0; u->tabs && i < u->ntabs; i++) {
        utab *x = &u->tabs[i];
        ak_free(x->base);
        ak_free(x->cnt);
        ak_free(x->sum);
        ak_free(x->outside);
        ak_free(x->p10);
        ak_free(x->p01);
        ak_free(x->wvar);
        ak_free(x->totals);
        ak_free(x->subtotals);
        ak_free(x->of_rows);
        if (x->vals)
            for (size_t k = 0; k < x->tpl->nrows * x->tpl->ncols; k++) {
                ak_free(x->vals[k].v);
                ak_free(x->vals[k].w);
            }
        ak_free(x->vals);
    }
    ak_free(u->tabs);
    ak_free(u->hit);
    ak_free(u->inb);
    ak_free(u);
}

ak_unc *ak_unc_new(const ak_tableset *ts, const ak_codebook *cb,
                   const ak_unc_config *cfg, ak_diags *d)
{
    ak_unc *u = ak_calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->ts = ts;
    u->cb = cb;
    u->cfg = cfg;
    u->d = d;
    u->ntabs = ts->ntables;
    u->tabs = ak_calloc(u->ntabs + 1, sizeof *u->tabs);
    size_t maxcells = 1, maxcols = 1;
    int oom = !u->tabs;
    for (size_t i = 0; !oom && i < u->ntabs; i++) {
        utab *x = &u->tabs[i];
        const ak_tpl_table *t = &ts->tables[i];
        size_t cells = t->nrows * t->ncols + 1;
        x->tpl = t;
        if (cells > maxcells)
            maxcells = cells;
        if (t->ncols > maxcols)
            maxcols = t->ncols;
        x->base = ak_calloc(t->ncols + 1, sizeof *x->base);
        x->cnt = ak_calloc(cells, sizeof *x->cnt);
        x->sum = ak_calloc(cells, sizeof *x->sum);
        x->outside = ak_calloc(cells, sizeof *x->outside);
        x->p10 = ak_calloc(t->nrows + 1, sizeof *x->p10);
        x->p01 = ak_calloc(t->nrows + 1, sizeof *x->p01);
        x->totals = ak_calloc(t->nrows + 1, sizeof *x->totals);
        x->subtotals = ak_calloc(t->nrows + 1, sizeof *x->subtotals);
        x->of_rows = ak_calloc(t->nrows + 1, sizeof *x->of_rows);
        oom = !x->base || !x->cnt || !x->sum || !x->outside || !x->p10 ||
              !x->p01 || !x->totals || !x->subtotals || !x->of_rows;
        x->pa = cfg ? col_of(t, cfg->pair[0]) : -1;
        x->pb = cfg ? col_of(t, cfg->pair[1]) : -1;
        if (x->pa < 0 || x->pb < 0)
            x->pa = x->pb = -1;
        x->mean = SIZE_MAX;
        for (size_t m = 0; m < t->nmeasures; m++)
            if (t->measures[m].kind == AK_M_GENNEMSNIT)
                x->mean = m;
        /* a table with counts only and no pair needs no figures (its
         * counts are not even collected) */
        x->needed = x->pa >= 0 || x->mean != SIZE_MAX;
        for (size_t m = 0; m < t->nmeasures; m++)
            x->needed |= t->measures[m].kind == AK_M_PROCENT;
        for (size_t r = 0; r < t->nrows; r++) {
            if (oom)
                break;
            if (t->rows[r].kind == AK_ROW_TOTAL)
                x->totals[x->ntotals++] = r;
            if (t->rows[r].kind == AK_ROW_SUBTOTAL)
                x->subtotals[x->nsubtotals++] = r;
            if (t->rows[r].of == AK_OF_ROW)
                x->of_rows[x->nof_rows++] = r;
        }
        if (!oom && x->mean != SIZE_MAX) {
            x->vals = ak_calloc(cells, sizeof *x->vals);
            x->wvar = ak_calloc(t->ncols + 1, sizeof *x->wvar);
            oom = !x->vals || !x->wvar;
            for (size_t c = 0; !oom && c < t->ncols; c++)
                x->wvar[c] = weight_var(u, &t->cols[c], &oom);
        }
    }
    if (!oom) {
        u->hit = ak_calloc(maxcells, 1);
        u->inb = ak_calloc(maxcols, 1);
        oom = !u->hit || !u->inb;
    }
    if (oom) {
        ak_unc_free(u);
        return NULL;
    }
    return u;
}

static int push_val(valvec *a, double v, double w)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        double *nv = ak_reallocarray(a->v, cap, sizeof *nv);
        if (!nv)
            return -1;
        a->v = nv;
        double *nw = ak_reallocarray(a->w, cap, sizeof *nw);
        if (!nw)
            return -1;
        a->w = nw;
        a->cap = cap;
    }
    a->v[a->n] = v;
    a->w[a->n++] = w;
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

ak_status ak_unc_add(ak_unc *u, const ak_row *row, const ak_tab *tab)
{
    if (ak_tab_templates(tab) != u->ts)
        return AK_ERR_USAGE;
    const ak_value *vals = row->v;
    u->respondents++;
    for (size_t i = 0; i < u->ntabs; i++) {
        utab *x = &u->tabs[i];
        const ak_tpl_table *t = x->tpl;
        size_t nc = t->ncols;
        if (!x->needed)
            continue;
        int any = 0;
        for (size_t c = 0; c < nc; c++) {
            const uint64_t *rows;
            u->inb[c] = (unsigned char)ak_tab_last_row(tab, i, c, &rows);
            x->base[c] += u->inb[c];
            any |= u->inb[c];
        }
        if (!any)
            continue;   /* in no base: no row, no pair, no mean */
        /* leaf rows (the tabulation's bits) and totals (every unit of the
         * base), then subtotals, then the rows whose percent is over
         * another row (of= may point forward); a plain row or total is
         * only hit inside the base, so outside its denominator only when
         * that is another row */
        memset(u->hit, 0, t->nrows * nc);
        for (size_t c = 0; c < nc; c++) {
            const uint64_t *rows;
            if (!u->inb[c])
                continue;
            ak_tab_last_row(tab, i, c, &rows);
            for (size_t w = 0; w * 64 < t->nrows; w++)
                for (uint64_t b = rows[w]; b; b &= b - 1) {
                    size_t k = (w * 64 + (size_t)lowest_bit(b)) * nc + c;
                    u->hit[k] = 1;
                    x->cnt[k]++;
                    x->sum[k]++;
                }
        }
        for (size_t j = 0; j < x->ntotals; j++) {
            size_t r = x->totals[j];
            for (size_t c = 0; c < nc; c++) {
                size_t k = r * nc + c;
                u->hit[k] = u->inb[c];
                x->cnt[k] += u->inb[c];
                x->sum[k] += u->inb[c];
            }
        }
        for (size_t j = 0; j < x->nsubtotals; j++) {
            size_t r = x->subtotals[j];
            const ak_tpl_row *tr = &t->rows[r];
            for (size_t c = 0; c < nc; c++) {
                int h = 0, s = 0;
                for (size_t k = tr->first; k < r; k++)
                    if (t->rows[k].kind == AK_ROW_PLAIN) {
                        h |= u->hit[k * nc + c];
                        s += u->hit[k * nc + c];
                    }
                u->hit[r * nc + c] = (unsigned char)h;
                x->cnt[r * nc + c] += h;
                x->sum[r * nc + c] += s;
            }
        }
        for (size_t j = 0; j < x->nof_rows; j++) {
            size_t r = x->of_rows[j];
            const ak_tpl_row *tr = &t->rows[r];
            for (size_t c = 0; c < nc; c++)
                if (u->hit[r * nc + c] && !u->hit[tr->of_row * nc + c])
                    x->outside[r * nc + c]++;
        }
        if (x->pa >= 0 && u->inb[x->pa] && u->inb[x->pb]) {
            x->pm++;
            for (size_t r = 0; r < t->nrows; r++) {
                int a = u->hit[r * nc + (size_t)x->pa];
                int b = u->hit[r * nc + (size_t)x->pb];
                x->p10[r] += a && !b;
                x->p01[r] += !a && b;
            }
        }
        if (x->mean != SIZE_MAX) {
            const ak_tpl_measure *m = &t->measures[x->mean];
            for (size_t c = 0; c < nc; c++) {
                const ak_value *val = &vals[m->var[c]];
                if (!u->inb[c] || val->state != AK_ANSWERED)
                    continue;
                double w = NAN;
                if (x->wvar[c] != AK_NO_VAR &&
                    vals[x->wvar[c]].state == AK_ANSWERED)
                    w = (double)vals[x->wvar[c]].num / 10.0;
                for (size_t r = 0; r < t->nrows; r++)
                    if (u->hit[r * nc + c] &&
                        push_val(&x->vals[r * nc + c],
                                 (double)val->num / 10.0, w) != 0) {
                        u->failed = 1;
                        return AK_ERR_NOMEM;
                    }
            }
        }
    }
    return AK_OK;
}

ak_unc *ak_unc_new_like(const ak_unc *u)
{
    if (!u)
        return NULL;
    ak_diags *scratch = ak_diags_new();   /* the weight warnings, again */
    if (!scratch)
        return NULL;
    ak_unc *n = ak_unc_new(u->ts, u->cb, u->cfg, scratch);
    ak_diags_free(scratch);
    if (n)
        n->d = NULL;   /* ak_unc_add() reports nothing */
    return n;
}

static void add_longs(long *dst, const long *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] += src[i];
}

ak_status ak_unc_merge(ak_unc *dst, const ak_unc *src)
{
    if (!dst || !src || dst->ts != src->ts || dst->cb != src->cb ||
        dst->ntabs != src->ntabs)
        return AK_ERR_USAGE;
    for (size_t i = 0; i < dst->ntabs; i++) {
        utab *x = &dst->tabs[i];
        const utab *y = &src->tabs[i];
        const ak_tpl_table *t = x->tpl;
        size_t cells = t->nrows * t->ncols;
        add_longs(x->base, y->base, t->ncols);
        add_longs(x->cnt, y->cnt, cells);
        add_longs(x->sum, y->sum, cells);
        add_longs(x->outside, y->outside, cells);
        add_longs(x->p10, y->p10, t->nrows);
        add_longs(x->p01, y->p01, t->nrows);
        x->pm += y->pm;
        for (size_t k = 0; x->vals && y->vals && k < cells; k++)
            for (size_t e = 0, n = y->vals[k].n; e < n; e++)
                if (push_val(&x->vals[k], y->vals[k].v[e],
                             y->vals[k].w[e]) != 0) {
                    dst->failed = 1;
                    return AK_ERR_NOMEM;
                }
    }
    dst->respondents += src->respondents;
    dst->failed |= src->failed;
    return AK_OK;
}

/* ---- results ------------------------------------------------------------- */

typedef struct recs {
    ak_uncertainty *x;
    size_t cap;
    int oom;
} recs;

static ak_urec *add_rec(recs *R, const ak_rtable *rt, size_t pr,
                        const char *column, const char *measure,
                        const char *method, double est, long n)
{
    if (R->oom)
        return NULL;
    ak_uncertainty *x = R->x;
    if (x->nrecs == R->cap) {
        size_t cap = R->cap ? 2 * R->cap : 64;
        ak_urec *nr = ak_reallocarray(x->recs, cap, sizeof *nr);
        if (!nr) {
            R->oom = 1;
            return NULL;
        }
        x->recs = nr;
        R->cap = cap;
    }
    ak_urec *e = &x->recs[x->nrecs];
    memset(e, 0, sizeof *e);
    e->column = ak_strdup(column);
    if (!e->column) {
        R->oom = 1;
        return NULL;
    }
    x->nrecs++;
    e->table = rt->id;
    /* The row is identified by its printed position and label, as in
     * tables.csv.  When ak_rrow carries a stable row key, take it here
     * (and add its column to the header in src/output/usikkerhed.c). */
    e->row = rt->rows[pr].position;
    e->label = rt->rows[pr].label;
    e->measure = measure;
    e->method = method;
    e->est = est;
    e->n = n;
    return e;
}

static const ak_cell *antal_cell(const ak_rtable *rt, size_t pr, size_t c)
{
    for (size_t m = 0; m < rt->nmeasures; m++)
        if (rt->measures[m] == AK_M_ANTAL)
            return ak_rtable_cell(rt, pr, c, m);
    return NULL;
}

static int has_measure(const ak_tpl_table *t, ak_measure k)
{
    for (size_t m = 0; m < t->nmeasures; m++)
        if (t->measures[m].kind == k)
            return 1;
    return 0;
}

/* The printed template rows of x as the tabulation lays them out; -1 when
 * they do not agree with rt (then nothing is said about the table). */
static long lay_out(const utab *x, const ak_rtable *rt, long population,
                    size_t *tr_of_pr)
{
    const ak_tpl_table *t = x->tpl;
    size_t pr = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const ak_tpl_row *tr = &t->rows[r];
        int show = !(tr->kind == AK_ROW_PLAIN && tr->optional);
        for (size_t c = 0; !show && c < t->ncols; c++)
            show = x->sum[r * t->ncols + c] > 0;
        if (tr->kind == AK_ROW_POPULATION)
            show = population >= 0;
        if (!show)
            continue;
        if (pr >= rt->nrows)
            return -1;
        for (size_t c = 0; c < t->ncols && tr->kind != AK_ROW_POPULATION; c++) {
            const ak_cell *a = antal_cell(rt, pr, c);
            if (a && a->value != x->sum[r * t->ncols + c])
                return -1;
        }
        tr_of_pr[pr++] = r;
    }
    return pr == rt->nrows ? (long)pr : -1;
}

static void percent_recs(recs *R, const utab *x, const ak_rtable *rt,
                         size_t pr, size_t r, long n, long N, double level)
{
    const ak_tpl_table *t = x->tpl;
    const ak_tpl_row *tr = &t->rows[r];
    size_t nc = t->ncols;
    /* a population row has no percent; the total over its own base is
     * 100 by definition */
    if (tr->kind == AK_ROW_POPULATION || tr->of == AK_OF_NONE ||
        (tr->kind == AK_ROW_TOTAL && tr->of == AK_OF_BASE))
        return;
    for (size_t c = 0; c < nc; c++) {
        long cnt = x->cnt[r * nc + c], shown = x->sum[r * nc + c];
        long den = tr->of == AK_OF_BASE ? x->base[c]
                 : tr->of == AK_OF_ROW ? x->sum[tr->of_row * nc + c]
                 : N;
        if (den <= 0)
            continue;
        double est = 100.0 * (double)shown / (double)den;
        const char *col = t->cols[c].key;
        if (tr->of == AK_OF_POPULATION) {
            ak_urec *e = add_rec(R, rt, pr, col, "procent", "register", est, den);
            if (e) {
                e->lo = e->hi = est;
                e->has_ci = 1;
            }
            continue;
        }
        if (cnt != shown || x->outside[r * nc + c] > 0 || cnt > den) {
            /* not a share of the denominator's units (a sum over rows that
             * overlap, or units outside it): the percent is stated as is */
            add_rec(R, rt, pr, col, "procent", "ingen", est, den);
            continue;
        }
        int fpc = N >= n;
        double lo, hi;
        ak_status st = ak_stats_prop_ci(cnt, den, n, fpc ? N : LONG_MAX / 4,
                                        level, &lo, &hi);
        ak_urec *e = add_rec(R, rt, pr, col, "procent",
                             st != AK_OK ? "ingen"
                             : fpc ? "korn-graubard-fpc" : "korn-graubard",
                             est, den);
        if (e && st == AK_OK) {
            e->lo = 100.0 * lo;
            e->hi = 100.0 * hi;
            e->has_ci = 1;
        }
        /* every respondent is in the denominator: a question put to all */
        if (den == n && fpc && ak_stats_nonresponse_bounds(cnt, n, N, &lo, &hi) == AK_OK) {
            e = add_rec(R, rt, pr, col, "bortfald", "bortfaldsgraenser", est, den);
            if (e) {
                e->lo = 100.0 * lo;
                e->hi = 100.0 * hi;
                e->has_ci = 1;
            }
        }
    }
}

static void paired_recs(recs *R, const utab *x, const ak_rtable *rt,
                        size_t pr, size_t r, long n, long N, double level)
{
    const ak_tpl_table *t = x->tpl;
    const ak_tpl_row *tr = &t->rows[r];
    if (x->pa < 0 || x->pm < 1 || n < 2 ||
        (tr->kind != AK_ROW_PLAIN && tr->kind != AK_ROW_SUBTOTAL))
        return;
    char *col = ak_asprintf("%s|%s", t->cols[x->pa].key, t->cols[x->pb].key);
    if (!col) {
        R->oom = 1;
        return;
    }
    long b = x->p10[r], c = x->p01[r];
    double diff = (double)(b - c) / (double)x->pm, lo, hi, p;
    int fpc = N >= n;
    if (ak_stats_paired_diff(b, c, x->pm, n, fpc ? N : LONG_MAX / 4, level,
                             &diff, &lo, &hi) == AK_OK) {
        ak_urec *e = add_rec(R, rt, pr, col, "parret_forskel",
                             fpc ? "parret-wald-fpc" : "parret-wald",
                             100.0 * diff, x->pm);
        if (e) {
            e->lo = 100.0 * lo;
            e->hi = 100.0 * hi;
            e->has_ci = 1;
        }
    }
    /* both groups over every respondent (questions put to all): each of
     * the N - n non-respondents moves the difference of the national
     * counts by -1, 0 or +1 */
    if (fpc && x->base[x->pa] == n && x->base[x->pb] == n && x->pm == n) {
        ak_urec *e = add_rec(R, rt, pr, col, "parret_bortfald",
                             "bortfaldsgraenser", 100.0 * diff, x->pm);
        if (e) {
            e->lo = 100.0 * (double)(b - c - (N - n)) / (double)N;
            e->hi = 100.0 * (double)(b - c + (N - n)) / (double)N;
            e->has_ci = 1;
        }
    }
    if (ak_stats_mcnemar_midp(b, c, &p) == AK_OK)
        add_rec(R, rt, pr, col, "mcnemar_midp", "mcnemar-mid-p", p, b + c);
    add_rec(R, rt, pr, col, "par_antal", "antal", (double)x->pm, x->pm);
    add_rec(R, rt, pr, col, "par_kun_1", "antal", (double)b, x->pm);
    add_rec(R, rt, pr, col, "par_kun_2", "antal", (double)c, x->pm);
    ak_free(col);
}

static void mean_recs(recs *R, const utab *x, const ak_rtable *rt, size_t pr,
                      size_t r)
{
    const ak_tpl_table *t = x->tpl;
    if (x->mean == SIZE_MAX || t->rows[r].kind == AK_ROW_POPULATION)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        const valvec *a = &x->vals[r * t->ncols + c];
        ak_describe s;
        if (a->n == 0)
            continue;
        ak_status st = ak_stats_describe(a->v, a->w, a->n, &s);
        if (st == AK_ERR_NOMEM) {
            R->oom = 1;
            return;
        }
        if (st != AK_OK)
            continue;
        const char *col = t->cols[c].key;
        long n = (long)s.n;
        add_rec(R, rt, pr, col, "antal", "antal", (double)n, n);
        add_rec(R, rt, pr, col, "gennemsnit", "uvaegtet", s.mean, n);
        if (s.nw > 0) {
            add_rec(R, rt, pr, col, "antal_vaegtet", "antal", (double)s.nw,
                    (long)s.nw);
            add_rec(R, rt, pr, col, "gennemsnit_vaegtet", "vaegtet",
                    s.wmean, (long)s.nw);
        }
        add_rec(R, rt, pr, col, "median", "kvantil-type-7", s.median, n);
        add_rec(R, rt, pr, col, "kvartil_1", "kvantil-type-7", s.q1, n);
        add_rec(R, rt, pr, col, "kvartil_3", "kvantil-type-7", s.q3, n);
    }
}

void ak_uncertainty_free(ak_uncertainty *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nrecs; i++)
        ak_free(x->recs[i].column);
    ak_free(x->recs);
    ak_free(x);
}

ak_status ak_unc_finish(ak_unc *u, const ak_results *res, long population,
                        ak_uncertainty **out, ak_diags *d)
{
    *out = NULL;
    if (u->failed)
        return AK_ERR_NOMEM;
    ak_uncertainty *x = ak_calloc(1, sizeof *x);
    if (!x)
        return AK_ERR_NOMEM;
    x->level = u->cfg ? u->cfg->level : 95;
    x->respondents = u->respondents;
    x->population = population;
    x->cfg = u->cfg;
    recs R = {x, 0, 0};
    long n = u->respondents, N = population;
    double level = x->level / 100.0;
    for (size_t i = 0; i < u->ntabs && !R.oom; i++) {
        const utab *t = &u->tabs[i];
        const ak_rtable *rt = NULL;
        if (!t->needed)
            continue;   /* counts only: nothing was collected */
        for (size_t j = 0; j < res->ntables && !rt; j++)
            if (strcmp(res->tables[j].id, t->tpl->id) == 0)
                rt = &res->tables[j];
        if (!rt || rt->nrows == 0)
            continue;
        size_t *map = ak_calloc(rt->nrows, sizeof *map);
        if (!map) {
            R.oom = 1;
            break;
        }
        if (lay_out(t, rt, population, map) < 0) {
            if (ak_diags_addf(d, AK_SEV_WARNING, "statistics", t->tpl->file, 0, 0,
                              "usikkerheden for tabel %s er udeladt: optællingen "
                              "stemmer ikke med tabellen", t->tpl->id) != 0)
                R.oom = 1;
            ak_free(map);
            continue;
        }
        int pct = has_measure(t->tpl, AK_M_PROCENT);
        for (size_t pr = 0; pr < rt->nrows && !R.oom; pr++) {
            if (pct)
                percent_recs(&R, t, rt, pr, map[pr], n, N, level);
            paired_recs(&R, t, rt, pr, map[pr], n, N, level);
            mean_recs(&R, t, rt, pr, map[pr]);
        }
        ak_free(map);
    }
    if (R.oom) {
        ak_uncertainty_free(x);
        return AK_ERR_NOMEM;
    }
    *out = x;
    return AK_OK;
}

size_t ak_uncertainty_table(const ak_uncertainty *x, const char *table,
                            size_t *first)
{
    size_t i = 0, k = 0;
    *first = 0;
    if (!x || !table)
        return 0;
    while (i < x->nrecs && strcmp(x->recs[i].table, table) != 0)
        i++;
    *first = i;
    while (i + k < x->nrecs && strcmp(x->recs[i + k].table, table) == 0)
        k++;
    return k;
}

void ak_unc_format(char *buf, size_t n, double v, int dec, char point)
{
    if (dec < 0)
        dec = 0;
    if (dec > 9)
        dec = 9;
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", "");
        return;
    }
    long long scale = 1;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    double a = fabs(v) * (double)scale;
    if (a > 9e17) {
        snprintf(buf, n, "%s", "");
        return;
    }
    long long q = llround(a);
    const char *sign = v < 0 && q != 0 ? "-" : "";
    if (dec == 0)
        snprintf(buf, n, "%s%lld", sign, q);
    else
        snprintf(buf, n, "%s%lld%c%0*lld", sign, q / scale, point, dec,
                 q % scale);
}

/* ---- the PDF's methods section ----------------------------------------- */

/* s with the placeholders {year}, {respondents}, {population},
 * {nonrespondents} and {level} put in (others are left as written); caller owns; NULL
 * stays NULL (sets *oom on failure). */
static char *expand(const char *s, int year, const ak_uncertainty *x, int *oom)
{
    if (!s)
        return NULL;
    static const char *const ph[5] = {"{year}", "{respondents}",
                                      "{population}", "{nonrespondents}",
                                      "{level}"};
    long v[5] = {year, x->respondents, x->population,
                 x->population >= x->respondents
                     ? x->population - x->respondents : 0,
                 x->level};
    size_t n = 0;
    for (const char *p = s; (p = strchr(p, '{')); p++)
        n++;
    char *o = ak_malloc(strlen(s) + n * 24 + 1);
    if (!o) {
        *oom = 1;
        return NULL;
    }
    char *w = o;
    for (const char *p = s; *p;) {
        int k = 0;
        while (k < 5 && strncmp(p, ph[k], strlen(ph[k])) != 0)
            k++;
        if (k < 5) {
            w += sprintf(w, "%ld", v[k]);
            p += strlen(ph[k]);
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return o;
}

void ak_uncertainty_rtable_free(ak_rtable *t)
{
    if (!t)
        return;
    ak_free(t->id);
    ak_free(t->caption);
    ak_free(t->title);
    ak_free(t->section);
    for (size_t c = 0; t->cols && c < t->ncols; c++) {
        ak_free(t->cols[c].key);
        ak_free(t->cols[c].group);
        ak_free(t->cols[c].label);
    }
    ak_free(t->cols);
    ak_free(t->measures);
    ak_free(t->measure_labels);
    for (size_t r = 0; t->rows && r < t->nrows; r++)
        ak_free(t->rows[r].label);
    ak_free(t->rows);
    ak_free(t->cells);
    ak_free(t->tenths);
    for (size_t i = 0; t->notes && i < t->nnotes; i++)
        ak_free(t->notes[i]);
    ak_free(t->notes);
    ak_free(t);
}

static void set_tenths(ak_rtable *t, size_t r, size_t c, double pct)
{
    size_t i = r * t->ncols + c;
    t->cells[i].value = (int64_t)llround(pct * 10.0);
    t->cells[i].has_value = 1;
    t->tenths[i] = 1;
}

ak_status ak_uncertainty_rtable(const ak_uncertainty *x, const ak_results *res,
                                ak_rtable **out)
{
    *out = NULL;
    const ak_unc_config *cfg = x ? x->cfg : NULL;
    if (!cfg || !cfg->keytable || !res)
        return AK_OK;
    const ak_rtable *kt = NULL;
    for (size_t j = 0; j < res->ntables && !kt; j++)
        if (strcmp(res->tables[j].id, cfg->keytable) == 0)
            kt = &res->tables[j];
    size_t first, k = ak_uncertainty_table(x, cfg->keytable, &first);
    size_t nrows = 0;
    for (size_t i = first; i < first + k; i++)
        nrows += strcmp(x->recs[i].measure, "procent") == 0 &&
                 x->recs[i].has_ci;
    if (!kt || nrows == 0)
        return AK_OK;
    ak_rtable *t = ak_calloc(1, sizeof *t);
    if (!t)
        return AK_ERR_NOMEM;
    int oom = 0;
    const size_t nc = 5;
    t->id = ak_strdup("usikkerhed");
    t->caption = expand(cfg->caption ? cfg->caption : "", res->year, x, &oom);
    t->title = expand(cfg->title ? cfg->title : "", res->year, x, &oom);
    t->section = expand(cfg->heading, res->year, x, &oom);
    t->untidy = 1;
    t->ncols = nc;
    t->cols = ak_calloc(nc, sizeof *t->cols);
    t->nmeasures = 1;
    t->measures = ak_calloc(1, sizeof *t->measures);
    t->measure_labels = ak_calloc(1, sizeof *t->measure_labels);
    t->rows = ak_calloc(nrows, sizeof *t->rows);
    t->cells = ak_calloc(nrows * nc, sizeof *t->cells);
    t->tenths = ak_calloc(nrows * nc, 1);
    t->notes = ak_calloc(cfg->ntext + 1, sizeof *t->notes);
    if (!t->id || !t->cols || !t->measures || !t->measure_labels ||
        !t->rows || !t->cells || !t->tenths || !t->notes || oom) {
        ak_uncertainty_rtable_free(t);
        return AK_ERR_NOMEM;
    }
    t->measures[0] = AK_M_SUM;
    static const char *const keys[5] = {"andel", "interval_nedre",
                                        "interval_oevre", "bortfald_nedre",
                                        "bortfald_oevre"};
    static const int group_of[5] = {-1, 1, 1, 2, 2};
    static const int label_of[5] = {0, 3, 4, 3, 4};
    for (size_t c = 0; c < nc; c++) {
        int g = group_of[c], l = label_of[c];
        t->cols[c].key = ak_strdup(keys[c]);
        oom |= !t->cols[c].key;
        if (g >= 0 && (size_t)g < cfg->nheader)
            t->cols[c].group = expand(cfg->header[g], res->year, x, &oom);
        if ((size_t)l < cfg->nheader)
            t->cols[c].label = expand(cfg->header[l], res->year, x, &oom);
    }
    for (size_t i = 0; i < cfg->ntext; i++) {
        t->notes[i] = expand(cfg->text[i], res->year, x, &oom);
        t->nnotes = i + 1;
    }
    size_t r = 0;
    for (size_t i = first; i < first + k && !oom; i++) {
        const ak_urec *e = &x->recs[i];
        if (strcmp(e->measure, "procent") != 0 || !e->has_ci)
            continue;
        /* the column's key after the label when the table has several */
        t->rows[r].label = kt->ncols > 1
                               ? ak_asprintf("%s (%s)", e->label, e->column)
                               : ak_strdup(e->label);
        oom |= !t->rows[r].label;
        t->rows[r].kind = AK_ROW_PLAIN;
        t->rows[r].position = (int)r + 1;
        t->nrows = r + 1;
        set_tenths(t, r, 0, e->est);
        set_tenths(t, r, 1, e->lo);
        set_tenths(t, r, 2, e->hi);
        for (size_t j = first; j < first + k; j++) {
            const ak_urec *b = &x->recs[j];
            if (b->row == e->row && strcmp(b->measure, "bortfald") == 0 &&
                strcmp(b->column, e->column) == 0 && b->has_ci) {
                set_tenths(t, r, 3, b->lo);
                set_tenths(t, r, 4, b->hi);
            }
        }
        r++;
    }
    if (oom) {
        ak_uncertainty_rtable_free(t);
        return AK_ERR_NOMEM;
    }
    *out = t;
    return AK_OK;
}

/* ---- the published tables with intervals (opt-in) ---------------------- */

void ak_uncertainty_view_free(ak_rtable *v)
{
    if (!v)
        return;
    ak_free(v->cols);
    ak_free(v->rows);
    ak_free(v->measures);
    ak_free(v->measure_labels);
    ak_free(v->cells);
    ak_free(v->tenths);
    ak_free(v);
}

ak_status ak_uncertainty_with_intervals(const ak_uncertainty *x,
                                        const ak_rtable *t, ak_rtable **out)
{
    *out = NULL;
    size_t npct = 0;
    for (size_t m = 0; m < t->nmeasures; m++)
        npct += t->measures[m] == AK_M_PROCENT;
    if (!x || npct == 0)
        return AK_OK;
    const ak_unc_config *cfg = x->cfg;
    size_t nm = t->nmeasures + 2 * npct;
    size_t ncells = t->nrows * t->ncols * nm + 1;
    ak_rtable *v = ak_calloc(1, sizeof *v);
    if (!v)
        return AK_ERR_NOMEM;
    *v = *t;                          /* texts borrowed */
    v->cols = ak_calloc(t->ncols + 1, sizeof *v->cols);
    v->rows = ak_calloc(t->nrows + 1, sizeof *v->rows);
    v->measures = ak_calloc(nm, sizeof *v->measures);
    v->measure_labels = ak_calloc(nm, sizeof *v->measure_labels);
    v->cells = ak_calloc(ncells, sizeof *v->cells);
    v->tenths = ak_calloc(ncells, 1);
    if (!v->cols || !v->rows || !v->measures || !v->measure_labels ||
        !v->cells || !v->tenths) {
        ak_uncertainty_view_free(v);
        return AK_ERR_NOMEM;
    }
    memcpy(v->cols, t->cols, t->ncols * sizeof *v->cols);
    memcpy(v->rows, t->rows, t->nrows * sizeof *v->rows);
    v->nmeasures = nm;
    size_t k = 0;
    for (size_t m = 0; m < t->nmeasures; m++) {
        v->measures[k] = t->measures[m];
        v->measure_labels[k++] = t->measure_labels ? t->measure_labels[m] : NULL;
        if (t->measures[m] != AK_M_PROCENT)
            continue;
        for (int e = 0; e < 2; e++) {
            v->measures[k] = AK_M_SUM;
            v->measure_labels[k++] = cfg && (size_t)(3 + e) < cfg->nheader
                                         ? cfg->header[3 + e] : NULL;
        }
    }
    size_t first, nrec = ak_uncertainty_table(x, t->id, &first);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const ak_urec *iv = NULL;
            for (size_t i = first; i < first + nrec && !iv; i++) {
                const ak_urec *e = &x->recs[i];
                if (e->row == t->rows[r].position && e->has_ci &&
                    strcmp(e->measure, "procent") == 0 &&
                    strcmp(e->column, t->cols[c].key) == 0)
                    iv = e;
            }
            k = 0;
            for (size_t m = 0; m < t->nmeasures; m++) {
                size_t o = (r * t->ncols + c) * nm + k++;
                const ak_cell *src = ak_rtable_cell(t, r, c, m);
                v->cells[o] = *src;
                v->tenths[o] = (unsigned char)ak_rtable_cell_tenths(t, r, c, m);
                if (t->measures[m] != AK_M_PROCENT)
                    continue;
                for (int e = 0; e < 2; e++) {
                    o = (r * t->ncols + c) * nm + k++;
                    if (iv) {
                        double pct = e == 0 ? iv->lo : iv->hi;
                        v->cells[o].value = (int64_t)llround(pct * 10.0);
                        v->cells[o].has_value = 1;
                        v->tenths[o] = 1;
                    }
                }
            }
        }
    *out = v;
    return AK_OK;
}
