/*
 * The report's text: the placeholder language of text templates and the
 * document builder.  See include/ak_prose.h and templates/README.md
 * ("Text").
 *
 * One evaluator serves both the check at load (no results: references are
 * resolved against the templates, numbers are stand-ins) and the filling
 * in after tabulation, so a text that loads cannot name a table, row,
 * column or measure that is not there.
 */
#include "ak_prose.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "ak_mem.h"
#include "ak_template.h"

/* ---- values ------------------------------------------------------------- */

typedef struct pval {
    int is_text;
    int has;          /* 0: no value (a percent over nothing): "-" */
    int64_t v;
    int scale;        /* 0 whole, 1 tenths, 2 hundredths */
    char *s;          /* text value (owned) */
    int plain;        /* a year: no thousands separator */
} pval;

static void pv_clear(pval *v)
{
    ak_free(v->s);
    memset(v, 0, sizeof *v);
}

static pval pv_num(int64_t v)
{
    pval p = {0};
    p.has = 1;
    p.v = v;
    return p;
}

typedef struct pvar {
    char *name;
    pval val;
} pvar;

struct ak_prose {
    const ak_tableset *ts;
    const ak_results *res;   /* NULL: checking */
    const ak_words *w;
    pvar *vars;
    size_t nvars, varcap;
};

ak_prose *ak_prose_new(const ak_tableset *ts, const ak_results *res,
                       const ak_words *w)
{
    ak_prose *px = ak_calloc(1, sizeof *px);
    if (!px)
        return NULL;
    px->ts = ts;
    px->res = res;
    px->w = w;
    return px;
}

void ak_prose_free(ak_prose *px)
{
    if (!px)
        return;
    for (size_t i = 0; i < px->nvars; i++) {
        ak_free(px->vars[i].name);
        pv_clear(&px->vars[i].val);
    }
    ak_free(px->vars);
    ak_free(px);
}

static pvar *find_var(ak_prose *px, const char *name, size_t n)
{
    for (size_t i = 0; i < px->nvars; i++)
        if (strlen(px->vars[i].name) == n &&
            memcmp(px->vars[i].name, name, n) == 0)
            return &px->vars[i];
    return NULL;
}

/* ---- the parser/evaluator ---------------------------------------------- */

typedef enum { T_END, T_WORD, T_QUOTED, T_LP, T_RP, T_OP, T_KEYED } ttype;

typedef struct ptok {
    ttype type;
    size_t off, len;          /* the token (a keyed arg: key=value) */
    size_t klen;              /* keyed: length of the key */
    size_t voff, vlen;        /* keyed: the value (quotes stripped) */
    int vquoted;
} ptok;

typedef struct pst {
    ak_prose *px;
    const char *s;
    size_t pos, end;
    /* error */
    int err;                  /* 0, -1 error, -2 out of memory */
    size_t eoff;
    char *msg;
    size_t msglen;
} pst;

static void perr(pst *p, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void perr(pst *p, size_t off, const char *fmt, ...)
{
    if (p->err)
        return;
    p->err = -1;
    p->eoff = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, p->msglen, fmt, ap);
    va_end(ap);
}

static int is_wordc(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
           c >= 0x80;
}

static int peek(pst *p, ptok *t)
{
    size_t i = p->pos;
    const char *s = p->s;
    while (i < p->end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    memset(t, 0, sizeof *t);
    t->off = i;
    if (i >= p->end) {
        t->type = T_END;
        return 0;
    }
    unsigned char c = (unsigned char)s[i];
    if (c == '(' || c == ')') {
        t->type = c == '(' ? T_LP : T_RP;
        t->len = 1;
        return 0;
    }
    if (c == '\'') {
        size_t j = i + 1;
        while (j < p->end && s[j] != '\'')
            j++;
        if (j >= p->end) {
            perr(p, i, "' uden afsluttende '");
            return -1;
        }
        t->type = T_QUOTED;
        t->voff = i + 1;
        t->vlen = j - i - 1;
        t->len = j + 1 - i;
        return 0;
    }
    if (c == '=' || c == '<' || c == '>' || c == '!' || c == '&') {
        size_t j = i + 1;
        if (j < p->end && s[j] == '=' && c != '&')
            j++;
        if (c == '!' && j == i + 1) {
            perr(p, i, "ukendt tegn '!' (skriv '!=')");
            return -1;
        }
        t->type = T_OP;
        t->len = j - i;
        return 0;
    }
    if (!is_wordc(c)) {
        perr(p, i, "uventet tegn '%c'", c);
        return -1;
    }
    size_t j = i;
    while (j < p->end && is_wordc((unsigned char)s[j]))
        j++;
    t->type = T_WORD;
    t->len = j - i;
    if (j < p->end && s[j] == '=' && (j + 1 >= p->end || s[j + 1] != '=')) {
        /* key=value */
        t->type = T_KEYED;
        t->klen = j - i;
        size_t k = j + 1;
        if (k < p->end && s[k] == '\'') {
            size_t e = k + 1;
            while (e < p->end && s[e] != '\'')
                e++;
            if (e >= p->end) {
                perr(p, k, "' uden afsluttende '");
                return -1;
            }
            t->voff = k + 1;
            t->vlen = e - k - 1;
            t->vquoted = 1;
            t->len = e + 1 - i;
        } else {
            size_t e = k;
            while (e < p->end && is_wordc((unsigned char)s[e]))
                e++;
            if (e == k) {
                perr(p, k, "'%.*s=' mangler en værdi", (int)(j - i), s + i);
                return -1;
            }
            t->voff = k;
            t->vlen = e - k;
            t->len = e - i;
        }
    }
    return 0;
}

static void take(pst *p, const ptok *t)
{
    p->pos = t->off + t->len;
}

static int tok_is(const pst *p, const ptok *t, const char *w)
{
    size_t n = t->klen ? t->klen : t->len;
    return n == strlen(w) && memcmp(p->s + t->off, w, n) == 0;
}

/* "2.2" -> index in ts->tables, or -1. */
static long find_table(const ak_tableset *ts, const char *s, size_t n)
{
    for (size_t i = 0; i < ts->ntables; i++)
        if (strlen(ts->tables[i].id) == n &&
            memcmp(ts->tables[i].id, s, n) == 0)
            return (long)i;
    return -1;
}

static int parse_expr(pst *p, pval *out);

static int64_t pct_half_up(int64_t a, int64_t b)
{
    int64_t num = 200 * a + b, den = 2 * b;
    if (num >= 0)
        return num / den;
    return -((-num + den - 1) / den);
}

/* One argument: ( expr ), a number, a 'text' or a name. */
static int parse_atom(pst *p, pval *out)
{
    ptok t;
    memset(out, 0, sizeof *out);
    if (peek(p, &t) != 0)
        return -1;
    const char *s = p->s;
    switch (t.type) {
    case T_LP: {
        take(p, &t);
        if (parse_expr(p, out) != 0)
            return -1;
        if (peek(p, &t) != 0)
            return -1;
        if (t.type != T_RP) {
            pv_clear(out);
            perr(p, t.off, "forventede ')'");
            return -1;
        }
        take(p, &t);
        return 0;
    }
    case T_QUOTED:
        take(p, &t);
        out->is_text = 1;
        out->has = 1;
        out->s = ak_malloc(t.vlen + 1);
        if (!out->s) {
            p->err = -2;
            return -1;
        }
        memcpy(out->s, s + t.voff, t.vlen);
        out->s[t.vlen] = 0;
        return 0;
    case T_WORD: {
        take(p, &t);
        int digits = 1;
        for (size_t i = 0; i < t.len; i++)
            digits &= s[t.off + i] >= '0' && s[t.off + i] <= '9';
        if (digits && t.len < 15) {
            int64_t v = 0;
            for (size_t i = 0; i < t.len; i++)
                v = v * 10 + (s[t.off + i] - '0');
            *out = pv_num(v);
            return 0;
        }
        const ak_results *r = p->px->res;
        if (tok_is(p, &t, "year") || tok_is(p, &t, "prev_year")) {
            int y = r ? r->year : 2000;
            *out = pv_num(tok_is(p, &t, "year") ? y : y - 1);
            out->plain = 1;
            return 0;
        }
        if (tok_is(p, &t, "respondents")) {
            *out = pv_num(r ? r->respondents : 1);
            return 0;
        }
        if (tok_is(p, &t, "population")) {
            *out = pv_num(r ? r->population : 1);
            out->has = !r || r->population >= 0;
            return 0;
        }
        pvar *v = find_var(p->px, s + t.off, t.len);
        if (!v) {
            perr(p, t.off, "ukendt navn '%.*s' (ikke defineret med 'let' "
                           "før denne linje)", (int)t.len, s + t.off);
            return -1;
        }
        *out = v->val;
        if (v->val.s && !(out->s = ak_strdup(v->val.s))) {
            p->err = -2;
            return -1;
        }
        return 0;
    }
    default:
        perr(p, t.off, "forventede et tal, et navn, en 'tekst' eller '('");
        return -1;
    }
}

/* Reads the arguments of a function: positional ones into pos (up to
 * maxpos), keyed ones into keys.  Stops at the end, ')' or an operator. */
typedef struct fargs {
    pval pos[8];
    size_t offs[8];
    size_t npos;
    ptok keys[4];
    size_t nkeys;
} fargs;

static void fargs_clear(fargs *a)
{
    for (size_t i = 0; i < a->npos; i++)
        pv_clear(&a->pos[i]);
}

/* words: positional arguments that are read as words (table ids) */
static int read_fargs(pst *p, fargs *a, int first_word, ptok *word)
{
    memset(a, 0, sizeof *a);
    for (;;) {
        ptok t;
        if (peek(p, &t) != 0)
            return -1;
        if (t.type == T_END || t.type == T_RP || t.type == T_OP)
            return 0;
        if (t.type == T_KEYED) {
            if (a->nkeys == 4) {
                perr(p, t.off, "for mange navngivne argumenter");
                return -1;
            }
            a->keys[a->nkeys++] = t;
            take(p, &t);
            continue;
        }
        if (first_word && a->npos == 0 && !word->len) {
            if (t.type != T_WORD) {
                perr(p, t.off, "forventede et tabel-id");
                return -1;
            }
            *word = t;
            take(p, &t);
            continue;
        }
        if (a->npos == 8) {
            perr(p, t.off, "for mange argumenter");
            return -1;
        }
        a->offs[a->npos] = t.off;
        if (parse_atom(p, &a->pos[a->npos]) != 0)
            return -1;
        a->npos++;
    }
}

static const ptok *fkey(const pst *p, const fargs *a, const char *k)
{
    for (size_t i = 0; i < a->nkeys; i++)
        if (tok_is(p, &a->keys[i], k))
            return &a->keys[i];
    return NULL;
}

static int check_keys(pst *p, const fargs *a, const char *const *allowed)
{
    for (size_t i = 0; i < a->nkeys; i++) {
        int ok = 0;
        for (const char *const *k = allowed; *k; k++)
            ok |= tok_is(p, &a->keys[i], *k);
        if (!ok) {
            perr(p, a->keys[i].off, "ukendt argument '%.*s='",
                 (int)a->keys[i].klen, p->s + a->keys[i].off);
            return -1;
        }
    }
    return 0;
}

static int keyeq(const pst *p, const ptok *k, const char *w)
{
    return k->vlen == strlen(w) && memcmp(p->s + k->voff, w, k->vlen) == 0;
}

/* cell/base: resolve table, column, row and measure. */
static int fn_cell(pst *p, int is_base, size_t at, pval *out)
{
    fargs a;
    ptok tw = {0};
    static const char *const cellk[] = {"row", "col", "m", NULL};
    static const char *const basek[] = {"col", NULL};
    if (read_fargs(p, &a, 1, &tw) != 0 ||
        check_keys(p, &a, is_base ? basek : cellk) != 0) {
        fargs_clear(&a);
        return -1;
    }
    const char *s = p->s;
    const ak_tableset *ts = p->px->ts;
    if (!tw.len || a.npos) {
        fargs_clear(&a);
        perr(p, at, "'%s' skal have et tabel-id og navngivne argumenter "
                    "(fx %s)", is_base ? "base" : "cell",
             is_base ? "{base 2.2 col=social_boform}"
                     : "{cell 2.2 row='Ja, i alt' col=social_boform m=procent}");
        return -1;
    }
    long ti = find_table(ts, s + tw.off, tw.len);
    if (ti < 0) {
        perr(p, tw.off, "ukendt tabel '%.*s'", (int)tw.len, s + tw.off);
        return -1;
    }
    const ak_tpl_table *tt = &ts->tables[ti];
    const ptok *kc = fkey(p, &a, "col");
    size_t col = 0;
    if (kc) {
        while (col < tt->ncols && !keyeq(p, kc, tt->cols[col].key))
            col++;
        if (col == tt->ncols) {
            perr(p, kc->voff, "tabel %s har ingen kolonne '%.*s'", tt->id,
                 (int)kc->vlen, s + kc->voff);
            return -1;
        }
    } else if (tt->ncols != 1) {
        perr(p, at, "tabel %s har %zu kolonner: angiv col=", tt->id,
             tt->ncols);
        return -1;
    }
    const ak_results *r = p->px->res;
    const ak_rtable *rt = r ? &r->tables[ti] : NULL;
    if (is_base) {
        *out = pv_num(rt ? rt->bases[col] : 1);
        return 0;
    }
    const ptok *kr = fkey(p, &a, "row");
    if (!kr) {
        perr(p, at, "'cell' mangler row=");
        return -1;
    }
    size_t row = tt->nrows;
    int digits = !kr->vquoted && kr->vlen > 0;
    for (size_t i = 0; i < kr->vlen; i++)
        digits &= s[kr->voff + i] >= '0' && s[kr->voff + i] <= '9';
    if (digits) {
        size_t n = 0;
        for (size_t i = 0; i < kr->vlen && n < 100000; i++)
            n = n * 10 + (size_t)(s[kr->voff + i] - '0');
        if (n >= 1 && n <= tt->nrows)
            row = n - 1;
    } else {
        /* a label as written in the template (a stable row key will be
         * tried first once rows have one) */
        for (row = 0; row < tt->nrows; row++)
            if (keyeq(p, kr, tt->rows[row].label))
                break;
    }
    if (row == tt->nrows) {
        perr(p, kr->voff, "tabel %s har ingen række '%.*s'", tt->id,
             (int)kr->vlen, s + kr->voff);
        return -1;
    }
    const ptok *km = fkey(p, &a, "m");
    size_t m = 0;
    if (km) {
        while (m < tt->nmeasures &&
               !keyeq(p, km, ak_measure_key(tt->measures[m].kind)))
            m++;
        if (m == tt->nmeasures) {
            perr(p, km->voff, "tabel %s har intet mål '%.*s'", tt->id,
                 (int)km->vlen, s + km->voff);
            return -1;
        }
    } else {
        while (m < tt->nmeasures && tt->measures[m].kind != AK_M_ANTAL)
            m++;
        if (m == tt->nmeasures) {
            perr(p, at, "tabel %s har intet mål 'antal': angiv m=", tt->id);
            return -1;
        }
    }
    ak_measure mk = tt->measures[m].kind;
    *out = pv_num(1);
    out->scale = mk == AK_M_GENNEMSNIT ? 2 : 0;
    if (!rt)
        return 0;
    for (size_t pr = 0; pr < rt->nrows; pr++) {
        if (rt->rows[pr].tpl_row != row)
            continue;
        const ak_cell *c = ak_rtable_cell(rt, pr, col, m);
        out->v = c->value;
        out->has = c->has_value;
        if (mk == AK_M_SUM && ak_rtable_cell_tenths(rt, pr, col, m))
            out->scale = 1;
        return 0;
    }
    /* an optional row left out: nothing counted there */
    out->v = 0;
    out->has = mk == AK_M_ANTAL || mk == AK_M_PROCENT;
    return 0;
}

static const char *num_word(const ak_words *w, int64_t n)
{
    for (size_t i = 0; w && i < w->nnums; i++)
        if (w->nums[i].n == n)
            return w->nums[i].word;
    return NULL;
}

static int need_nums(pst *p, size_t at, const fargs *a, size_t n,
                     const char *fn)
{
    for (size_t i = 0; i < n; i++)
        if (a->pos[i].is_text) {
            perr(p, a->offs[i], "'%s' regner med tal, ikke tekst", fn);
            return -1;
        }
    if (a->npos < n) {
        perr(p, at, "'%s' skal have %zu argumenter", fn, n);
        return -1;
    }
    return 0;
}

static int set_text(pst *p, pval *out, const char *s)
{
    memset(out, 0, sizeof *out);
    out->is_text = 1;
    out->has = 1;
    out->s = ak_strdup(s ? s : "");
    if (!out->s) {
        p->err = -2;
        return -1;
    }
    return 0;
}

/* A function call or an atom. */
static int parse_expr(pst *p, pval *out)
{
    ptok t;
    memset(out, 0, sizeof *out);
    if (peek(p, &t) != 0)
        return -1;
    if (t.type != T_WORD)
        return parse_atom(p, out);
    static const char *const fns[] = {"cell", "base", "sum", "diff", "pct",
                                      "band", "cmp", "word", "ref", NULL};
    int fn = -1;
    for (int i = 0; fns[i]; i++)
        if (tok_is(p, &t, fns[i]))
            fn = i;
    if (fn < 0)
        return parse_atom(p, out);
    take(p, &t);
    size_t at = t.off;
    if (fn == 0 || fn == 1)
        return fn_cell(p, fn == 1, at, out);
    fargs a;
    ptok tw = {0};
    int rc = read_fargs(p, &a, fn == 8, &tw);
    static const char *const none[] = {NULL};
    if (rc == 0)
        rc = check_keys(p, &a, none);
    const ak_words *w = p->px->w;
    int checking = p->px->res == NULL;
    if (rc == 0) {
        switch (fn) {
        case 2: /* sum a b ... */
        case 3: /* diff a b */
            if (a.npos < 2 || (fn == 3 && a.npos != 2)) {
                perr(p, at, "'%s' skal have %s argumenter",
                     fns[fn], fn == 3 ? "2" : "mindst 2");
                rc = -1;
                break;
            }
            if ((rc = need_nums(p, at, &a, a.npos, fns[fn])) != 0)
                break;
            *out = pv_num(a.pos[0].v);
            out->scale = a.pos[0].scale;
            out->plain = a.pos[0].plain;   /* year + 1 is a year */
            for (size_t i = 1; i < a.npos; i++) {
                if (a.pos[i].scale != out->scale) {
                    perr(p, a.offs[i], "'%s' kan ikke blande hele tal og "
                                       "decimaltal", fns[fn]);
                    rc = -1;
                    break;
                }
                out->has &= a.pos[i].has;
                out->v += fn == 3 ? -a.pos[i].v : a.pos[i].v;
            }
            out->has &= a.pos[0].has;
            break;
        case 4: /* pct a b */
            if (a.npos != 2) {
                perr(p, at, "'pct' skal have 2 argumenter: antal og grundlag");
                rc = -1;
                break;
            }
            if ((rc = need_nums(p, at, &a, 2, "pct")) != 0)
                break;
            *out = pv_num(0);
            out->has = a.pos[0].has && a.pos[1].has && a.pos[1].v > 0;
            if (out->has)
                out->v = pct_half_up(a.pos[0].v, a.pos[1].v);
            break;
        case 5: { /* band p | band a b */
            if (a.npos != 1 && a.npos != 2) {
                perr(p, at, "'band' skal have en procent eller antal og "
                            "grundlag");
                rc = -1;
                break;
            }
            if ((rc = need_nums(p, at, &a, a.npos, "band")) != 0)
                break;
            if (checking) {
                rc = set_text(p, out, "");
                break;
            }
            int64_t pc = a.pos[0].v;
            int has = a.pos[0].has;
            if (a.npos == 2) {
                has &= a.pos[1].has && a.pos[1].v > 0;
                if (has)
                    pc = pct_half_up(a.pos[0].v, a.pos[1].v);
            }
            if (!has) {        /* over an empty base: no value, "-" */
                *out = pv_num(0);
                out->has = 0;
                break;
            }
            const char *txt = NULL;
            for (size_t i = 0; w && i < w->nbands; i++)
                if (pc >= w->bands[i].lo && pc <= w->bands[i].hi) {
                    txt = w->bands[i].text;
                    break;
                }
            if (!txt) {
                perr(p, at, "ingen kvantor i båndfilen dækker %lld procent "
                            "(data/bands.csv)", (long long)pc);
                rc = -1;
                break;
            }
            rc = set_text(p, out, txt);
            break;
        }
        case 6: /* cmp a b 'more' 'less' 'same' */
            if (a.npos != 5 || a.pos[0].is_text || a.pos[1].is_text ||
                !a.pos[2].is_text || !a.pos[3].is_text || !a.pos[4].is_text) {
                perr(p, at, "'cmp' skal have to tal og tre tekster: "
                            "{cmp a b 'flere' 'færre' 'lige så mange'}");
                rc = -1;
                break;
            }
            if (!a.pos[0].has || !a.pos[1].has) {   /* nothing to compare */
                *out = pv_num(0);
                out->has = 0;
                break;
            }
            rc = set_text(p, out, a.pos[0].v > a.pos[1].v   ? a.pos[2].s
                                  : a.pos[0].v < a.pos[1].v ? a.pos[3].s
                                                            : a.pos[4].s);
            break;
        case 7: { /* word n */
            if ((rc = need_nums(p, at, &a, 1, "word")) != 0)
                break;
            if (a.npos != 1) {
                perr(p, at, "'word' skal have ét tal");
                rc = -1;
                break;
            }
            const char *nw = num_word(w, a.pos[0].v);
            if (nw && a.pos[0].scale == 0 && a.pos[0].has) {
                rc = set_text(p, out, nw);
            } else {
                *out = a.pos[0];
                a.pos[0].s = NULL;
            }
            break;
        }
        case 8: { /* ref T */
            long ti = tw.len ? find_table(p->px->ts, p->s + tw.off, tw.len)
                             : -1;
            if (!tw.len || a.npos) {
                perr(p, at, "'ref' skal have ét tabel-id: {ref 2.13}");
                rc = -1;
            } else if (ti < 0) {
                perr(p, tw.off, "ukendt tabel '%.*s'", (int)tw.len,
                     p->s + tw.off);
                rc = -1;
            } else {
                const char *cap = p->px->res ? p->px->res->tables[ti].caption
                                             : p->px->ts->tables[ti].caption;
                rc = set_text(p, out, cap);
                /* mid-sentence: "jf. tabel 2.13" (capitalised again at a
                 * sentence start) */
                if (rc == 0 && out->s[0] >= 'A' && out->s[0] <= 'Z')
                    out->s[0] = (char)(out->s[0] - 'A' + 'a');
            }
            break;
        }
        }
    }
    fargs_clear(&a);
    if (rc != 0)
        pv_clear(out);
    return rc;
}

/* cond := cmpx ('&' cmpx)*, cmpx := expr [op expr] */
static int parse_cond(pst *p, int *truth)
{
    *truth = 1;
    for (;;) {
        pval a, b;
        if (parse_expr(p, &a) != 0)
            return -1;
        ptok t;
        if (peek(p, &t) != 0) {
            pv_clear(&a);
            return -1;
        }
        int r;
        if (t.type == T_OP && !tok_is(p, &t, "&")) {
            take(p, &t);
            if (parse_expr(p, &b) != 0) {
                pv_clear(&a);
                return -1;
            }
            if (a.is_text || b.is_text) {
                int c = strcmp(a.s ? a.s : "", b.s ? b.s : "");
                r = tok_is(p, &t, "=") ? c == 0
                    : tok_is(p, &t, "!=") ? c != 0 : 0;
            } else if (!a.has || !b.has) {
                r = 0;
            } else {
                int64_t x = a.v, y = b.v;
                r = tok_is(p, &t, "=")    ? x == y
                    : tok_is(p, &t, "!=") ? x != y
                    : tok_is(p, &t, "<")  ? x < y
                    : tok_is(p, &t, "<=") ? x <= y
                    : tok_is(p, &t, ">")  ? x > y
                                          : x >= y;
            }
            pv_clear(&b);
            if (peek(p, &t) != 0) {
                pv_clear(&a);
                return -1;
            }
        } else {
            r = a.is_text ? a.s && a.s[0] : a.has && a.v != 0;
        }
        pv_clear(&a);
        *truth &= r;
        if (t.type == T_OP && tok_is(p, &t, "&")) {
            take(p, &t);
            continue;
        }
        if (t.type != T_END) {
            perr(p, t.off, "uventet '%.*s' i betingelsen", (int)t.len,
                 p->s + t.off);
            return -1;
        }
        return 0;
    }
}

/* ---- formatting ---------------------------------------------------------- */

typedef ak_sbuf sbuf;

static void sb_str(sbuf *b, const char *s)
{
    ak_sbuf_add(b, s, strlen(s));
}

/* Danish number: thousands '.', decimal ',' (scale digits). */
static void fmt_num(char *buf, size_t n, int64_t v, int scale, int plain)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t div = scale == 2 ? 100 : scale == 1 ? 10 : 1;
    uint64_t ip = u / div, fp = u % div;
    char d[32];
    int nd = snprintf(d, sizeof d, "%llu", (unsigned long long)ip);
    size_t o = 0;
    if (v < 0)
        buf[o++] = '-';
    for (int i = 0; i < nd && o + 2 < n; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && !plain)
            buf[o++] = '.';
        buf[o++] = d[i];
    }
    if (scale > 0 && o + 4 < n) {
        buf[o++] = ',';
        if (scale == 2)
            buf[o++] = (char)('0' + fp / 10);
        buf[o++] = (char)('0' + fp % 10);
    }
    buf[o] = 0;
}

/* Upper-case the first letter of s (ASCII and Latin-1 letters in UTF-8). */
static void capitalize(char *s)
{
    unsigned char *u = (unsigned char *)s;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7)
        u[1] = (unsigned char)(u[1] - 0x20);
}

/* Does text b (so far) end a sentence: empty, or ". " etc. after a word
 * that is not an abbreviation of the words file? */
static int at_sentence_start(const sbuf *b, const ak_words *w)
{
    size_t n = b->n;
    while (n > 0 && (b->s[n - 1] == ' ' || b->s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return 1;
    if (n == b->n)
        return 0;          /* no blank before the placeholder */
    char c = b->s[n - 1];
    if (c == '!' || c == '?')
        return 1;
    if (c != '.')
        return 0;
    size_t st = n - 1;
    while (st > 0 && b->s[st - 1] != ' ' && b->s[st - 1] != '(')
        st--;
    for (size_t i = 0; w && i < w->nabbrs; i++) {
        size_t l = strlen(w->abbrs[i]);
        if (l == n - st && g_ascii_strncasecmp(b->s + st, w->abbrs[i], l) == 0)
            return 0;
    }
    return 1;
}

static void put_value(sbuf *b, pval *v, const ak_words *w)
{
    int start = at_sentence_start(b, w);
    if (v->is_text) {
        char *s = v->s;
        if (start && s)
            capitalize(s);
        sb_str(b, s ? s : "");
        return;
    }
    if (!v->has) {
        sb_str(b, "-");
        return;
    }
    const char *nw = start && v->scale == 0 ? num_word(w, v->v) : NULL;
    if (nw) {
        char *c = ak_strdup(nw);
        if (!c) {
            b->oom = 1;
            return;
        }
        capitalize(c);
        sb_str(b, c);
        ak_free(c);
        return;
    }
    char buf[48];
    fmt_num(buf, sizeof buf, v->v, v->scale, v->plain);
    sb_str(b, buf);
}

/* Expand text s ("{{" is '{'); NULL on error (p->err set). */
static char *expand(pst *p, const char *s)
{
    sbuf b = {0};
    size_t i = 0, n = strlen(s);
    ak_sbuf_add(&b, "", 0);
    while (i < n && !p->err && !b.oom) {
        const char *o = strchr(s + i, '{');
        if (!o) {
            ak_sbuf_add(&b, s + i, n - i);
            break;
        }
        size_t at = (size_t)(o - s);
        ak_sbuf_add(&b, s + i, at - i);
        if (s[at + 1] == '{') {
            ak_sbuf_add(&b, "{", 1);
            i = at + 2;
            continue;
        }
        const char *c = strchr(s + at, '}');
        if (!c) {
            perr(p, at, "'{' uden '}' i teksten (skriv '{{' for et '{')");
            break;
        }
        p->s = s;
        p->pos = at + 1;
        p->end = (size_t)(c - s);
        pval v;
        if (parse_expr(p, &v) != 0)
            break;
        ptok t;
        if (peek(p, &t) != 0) {
            pv_clear(&v);
            break;
        }
        if (t.type != T_END) {
            pv_clear(&v);
            perr(p, t.off, "uventet '%.*s' i pladsholderen", (int)t.len,
                 s + t.off);
            break;
        }
        put_value(&b, &v, p->px->w);
        pv_clear(&v);
        i = (size_t)(c - s) + 1;
    }
    if (b.oom && !p->err)
        p->err = -2;
    if (p->err) {
        ak_free(b.s);
        return NULL;
    }
    return b.s;
}

static int define(ak_prose *px, const char *name, pval *v)
{
    pvar *old = find_var(px, name, strlen(name));
    if (old) {
        pv_clear(&old->val);
        old->val = *v;
        memset(v, 0, sizeof *v);
        return 0;
    }
    if (px->nvars == px->varcap) {
        size_t nc = px->varcap ? px->varcap * 2 : 16;
        pvar *nv = ak_realloc(px->vars, nc * sizeof *nv);
        if (!nv)
            return -2;
        px->vars = nv;
        px->varcap = nc;
    }
    char *nm = ak_strdup(name);
    if (!nm)
        return -2;
    px->vars[px->nvars].name = nm;
    px->vars[px->nvars].val = *v;
    px->nvars++;
    memset(v, 0, sizeof *v);
    return 0;
}

/* Evaluate: what 0 text (*text gets the expansion), 1 let name = s,
 * 2 condition (*truth). */
static int run(ak_prose *px, const char *s, int what, const char *name,
               char **text, int *truth, size_t *off, char *msg, size_t ml)
{
    pst p = {0};
    p.px = px;
    p.msg = msg;
    p.msglen = ml;
    msg[0] = 0;
    if (what == 0) {
        char *r = expand(&p, s);
        if (!r) {
            *off = p.eoff;
            return p.err;
        }
        if (text)
            *text = r;
        else
            ak_free(r);
        return 0;
    }
    p.s = s;
    p.pos = 0;
    p.end = strlen(s);
    if (what == 2) {
        int t = 0;
        if (parse_cond(&p, &t) != 0) {
            *off = p.eoff;
            return p.err;
        }
        *truth = t;
        return 0;
    }
    pval v;
    if (parse_expr(&p, &v) != 0) {
        *off = p.eoff;
        return p.err;
    }
    ptok t;
    if (peek(&p, &t) != 0 || t.type != T_END) {
        pv_clear(&v);
        if (!p.err)
            perr(&p, t.off, "uventet '%.*s' efter udtrykket", (int)t.len,
                 s + t.off);
        *off = p.eoff;
        return p.err;
    }
    int r = define(px, name, &v);
    pv_clear(&v);
    return r;
}

int ak_prose_check(ak_prose *px, const char *s, int what, const char *name,
                   size_t *off, char *msg, size_t msglen)
{
    int truth;
    return run(px, s, what, name, NULL, &truth, off, msg, msglen);
}

/* ---- words files ------------------------------------------------------- */

/* Split one CSV line into at most 3 fields (quotes allowed); the fields
 * point into line, which is modified.  Returns the number of fields. */
static int csv3(char *line, char **f)
{
    int n = 0;
    char *s = line;
    while (n < 3) {
        f[n] = s;
        if (*s == '"') {
            char *o = s;
            s++;
            f[n] = o;
            while (*s) {
                if (*s == '"' && s[1] == '"') {
                    *o++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    *o++ = *s++;
                }
            }
            char *after = s;
            *o = 0;
            s = after;
        } else {
            while (*s && *s != ',')
                s++;
        }
        n++;
        if (*s != ',') {
            *s = 0;
            return n;
        }
        *s++ = 0;
    }
    return n + 1;   /* more fields than 3 */
}

static int parse_int(const char *s, long long *v)
{
    char *e;
    if (!*s)
        return -1;
    *v = strtoll(s, &e, 10);
    return *e ? -1 : 0;
}

typedef int (*csv_row_fn)(ak_words *w, char **f, int nf);

static int band_row(ak_words *w, char **f, int nf)
{
    long long lo, hi;
    if (nf != 3 || parse_int(f[0], &lo) || parse_int(f[1], &hi) || lo > hi ||
        lo < -1000 || hi > 1000 || !f[2][0])
        return -1;
    ak_band *nb = ak_realloc(w->bands, (w->nbands + 1) * sizeof *nb);
    if (!nb)
        return -2;
    w->bands = nb;
    nb[w->nbands].lo = (int)lo;
    nb[w->nbands].hi = (int)hi;
    if (!(nb[w->nbands].text = ak_strdup(f[2])))
        return -2;
    w->nbands++;
    return 0;
}

static int word_row(ak_words *w, char **f, int nf)
{
    if (nf != 3 || !f[1][0] || !f[2][0])
        return -1;
    if (strcmp(f[0], "tal") == 0) {
        long long n;
        if (parse_int(f[1], &n))
            return -1;
        ak_numword *nn = ak_realloc(w->nums, (w->nnums + 1) * sizeof *nn);
        if (!nn)
            return -2;
        w->nums = nn;
        nn[w->nnums].n = n;
        if (!(nn[w->nnums].word = ak_strdup(f[2])))
            return -2;
        w->nnums++;
        return 0;
    }
    if (strcmp(f[0], "skema") == 0) {
        char **nk = ak_realloc(w->fkeys, (w->nform + 1) * sizeof *nk);
        if (!nk)
            return -2;
        w->fkeys = nk;
        char **nv = ak_realloc(w->fvals, (w->nform + 1) * sizeof *nv);
        if (!nv)
            return -2;
        w->fvals = nv;
        nk[w->nform] = ak_strdup(f[1]);
        nv[w->nform] = ak_strdup(f[2]);
        if (!nk[w->nform] || !nv[w->nform]) {
            ak_free(nk[w->nform]);
            ak_free(nv[w->nform]);
            return -2;
        }
        w->nform++;
        return 0;
    }
    if (strcmp(f[0], "enhed") == 0) {
        if (strcmp(f[1], "flertal") != 0 || w->units)
            return -1;     /* one plural */
        return (w->units = ak_strdup(f[2])) ? 0 : -2;
    }
    if (strcmp(f[0], "forkortelse") == 0) {
        char **na = ak_realloc(w->abbrs, (w->nabbrs + 1) * sizeof *na);
        if (!na)
            return -2;
        w->abbrs = na;
        if (!(na[w->nabbrs] = ak_strdup(f[1])))
            return -2;
        w->nabbrs++;
        return 0;
    }
    return -1;
}

static ak_status load_csv(const char *path, ak_words *w, csv_row_fn fn,
                          const char *what, ak_diags *d)
{
    gchar *buf = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &buf, &len, NULL)) {
        ak_diags_addf(d, AK_SEV_FATAL, "words", path, 0, 0,
                      "kan ikke læse filen");
        return AK_ERR_IO;
    }
    ak_status st = AK_OK;
    long lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = 0;
        if (lineno == 1 || !l || line[0] == '#')
            continue;
        char *f[3];
        int nf = csv3(line, f);
        int r = fn(w, f, nf);
        if (r == -2) {
            st = AK_ERR_NOMEM;
            break;
        }
        if (r < 0) {
            ak_diags_addf(d, AK_SEV_FATAL, "words", path, lineno, 0,
                          "ugyldig linje (forventede %s)", what);
            st = AK_ERR_SYNTAX;
        }
    }
    g_free(buf);
    return st;
}

void ak_words_free(ak_words *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nbands; i++)
        ak_free(w->bands[i].text);
    ak_free(w->bands);
    for (size_t i = 0; i < w->nnums; i++)
        ak_free(w->nums[i].word);
    ak_free(w->nums);
    for (size_t i = 0; i < w->nabbrs; i++)
        ak_free(w->abbrs[i]);
    ak_free(w->abbrs);
    for (size_t i = 0; i < w->nform; i++) {
        ak_free(w->fkeys[i]);
        ak_free(w->fvals[i]);
    }
    ak_free(w->fkeys);
    ak_free(w->fvals);
    ak_free(w->units);
    ak_free(w);
}

ak_status ak_words_load(const char *bands_csv, const char *words_csv,
                        ak_words **out, ak_diags *d)
{
    *out = NULL;
    ak_words *w = ak_calloc(1, sizeof *w);
    if (!w)
        return AK_ERR_NOMEM;
    ak_status st = AK_OK;
    if (bands_csv)
        st = load_csv(bands_csv, w, band_row, "fra,til,tekst", d);
    if (st == AK_OK && words_csv)
        st = load_csv(words_csv, w, word_row,
                      "tal,N,ord eller forkortelse,ORD,-", d);
    if (st != AK_OK) {
        ak_words_free(w);
        return st;
    }
    *out = w;
    return AK_OK;
}

/* ---- the document ----------------------------------------------------- */

int ak_heading_split(const char *h, char **number, char **text)
{
    *number = *text = NULL;
    size_t i = 0;
    if (h[0] >= '0' && h[0] <= '9') {
        while (h[i] && h[i] != ' ')
            i++;
        if (!h[i])
            i = 0;
    }
    if (i > 0) {
        *number = ak_malloc(i + 1);
        if (!*number)
            return -1;
        memcpy(*number, h, i);
        (*number)[i] = 0;
        while (h[i] == ' ')
            i++;
    }
    *text = ak_strdup(h + i);
    if (!*text) {
        ak_free(*number);
        *number = NULL;
        return -1;
    }
    return 0;
}

typedef struct docb {
    ak_results *r;
    size_t cap;
} docb;

/* Append a block; the strings are taken over (freed on failure). */
static int add_block(docb *db, ak_docblock_kind kind, int level,
                     char *number, char *text, char *anchor, size_t table,
                     int internal)
{
    ak_results *r = db->r;
    if (ak_grow(&r->blocks, &db->cap, r->nblocks, sizeof *r->blocks, 32) != 0) {
        ak_free(number);
        ak_free(text);
        ak_free(anchor);
        return -1;
    }
    ak_docblock *b = &r->blocks[r->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = level;
    b->number = number;
    b->text = text;
    b->anchor = anchor;
    b->table = table;
    b->internal = internal;
    return 0;
}

/* An ASCII anchor: "2.1.4" -> "s2-1-4", "Bilag 1" -> "bilag-1",
 * "Forord" -> "forord" (letters outside ASCII are left out). */
static char *make_anchor(const char *number, const char *text)
{
    const char *s = number ? number : text;
    int numeric = s[0] >= '0' && s[0] <= '9';
    size_t n = strlen(s);
    char *a = ak_malloc(n + 2);
    if (!a)
        return NULL;
    size_t o = 0;
    if (numeric)
        a[o++] = 's';
    int dash = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
            a[o++] = (char)c;
            dash = 0;
        } else if (c >= 'A' && c <= 'Z') {
            a[o++] = (char)(c - 'A' + 'a');
            dash = 0;
        } else if (c < 0x80) {
            if (!dash && o > 0)
                a[o++] = '-';
            dash = 1;
        }
    }
    while (o > 0 && a[o - 1] == '-')
        o--;
    a[o] = 0;
    return a;
}

/* A heading block; level 0: from the number's dots (1..3). */
static int add_heading(docb *db, char *num, char *txt, int level,
                       int internal)
{
    if (level == 0) {
        level = 1;
        for (const char *q = num; q && *q; q++)
            level += *q == '.';
        if (level > 3)
            level = 3;
    }
    char *anchor = make_anchor(num, txt);
    if (!anchor) {
        ak_free(num);
        ak_free(txt);
        return -1;
    }
    return add_block(db, AK_BLOCK_HEADING, level, num, txt, anchor, 0,
                     internal);
}

static int add_heading_text(docb *db, const char *h, int level)
{
    char *num, *txt;
    if (ak_heading_split(h, &num, &txt) != 0)
        return -1;
    return add_heading(db, num, txt, num ? 0 : level, 0);
}

static int differs(const char *a, const char *b)
{
    return b && (!a || strcmp(a, b) != 0);
}

static int add_table(docb *db, size_t i, int internal)
{
    char *anchor = ak_strdup(db->r->tables[i].id);
    if (!anchor)
        return -1;
    return add_block(db, AK_BLOCK_TABLE, 0, NULL, NULL, anchor, i, internal);
}

/* Without text: each table's chapter where it changes, its section where
 * the section or chapter changes, then the table. */
static int default_blocks(docb *db)
{
    ak_results *r = db->r;
    for (size_t i = 0; i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i], *pv = i ? &r->tables[i - 1] : NULL;
        int chap = differs(pv ? pv->chapter : NULL, t->chapter);
        if (chap && add_heading_text(db, t->chapter, 1) != 0)
            return -1;
        if (((chap && t->section) ||
             differs(pv ? pv->section : NULL, t->section)) &&
            add_heading_text(db, t->section, 1) != 0)
            return -1;
        if (add_table(db, i, 0) != 0)
            return -1;
    }
    return 0;
}

static void doc_err(ak_diags *d, const ak_tpl_doc *doc, long col,
                    const char *msg)
{
    ak_diag g = {0};
    g.sev = AK_SEV_FATAL;
    g.rule = "template";
    g.file = doc->file;
    g.line = doc->line;
    g.col = col;
    g.message = (char *)msg;
    g.context = doc->ctx;
    ak_diags_add(d, &g);
}

static long text_col(const ak_tpl_doc *doc, const char *s, size_t off)
{
    long c = 0;
    for (size_t i = 0; i < off && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return doc->col + c;
}

/* ---- who did not answer ------------------------------------------------------ */

/* One paragraph per region (in register order of first appearance): "Region
 * Hovedstaden: Dragør, Gribskov og Rudersdal." ("og" from the words file). */
static int add_block(docb *db, ak_docblock_kind kind, int level,
                     char *number, char *text, char *anchor, size_t table,
                     int internal);
static const char *form_word(const ak_words *w, const char *key);

static int nonresp_paras(docb *db, const ak_words *w, int internal)
{
    const ak_results *r = db->r;
    size_t n = r->nnonresp;
    unsigned char *done = ak_calloc(n + 1, 1);
    if (!done)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        const char *reg = r->nonresp[i].region;
        size_t cnt = 0;
        for (size_t j = i; j < n; j++)
            cnt += strcmp(r->nonresp[j].region, reg) == 0;
        sbuf b = {0};
        ak_sbuf_add(&b, "", 0);
        if (reg[0]) {
            sb_str(&b, reg);
            sb_str(&b, ": ");
        }
        size_t k = 0;
        for (size_t j = i; j < n; j++) {
            if (strcmp(r->nonresp[j].region, reg) != 0)
                continue;
            done[j] = 1;
            if (k > 0)
                sb_str(&b, k + 1 == cnt ? " " : ", ");
            if (k > 0 && k + 1 == cnt) {
                sb_str(&b, form_word(w, "og"));
                sb_str(&b, " ");
            }
            sb_str(&b, r->nonresp[j].name[0] ? r->nonresp[j].name
                                             : r->nonresp[j].id);
            k++;
        }
        sb_str(&b, ".");
        if (b.oom || add_block(db, AK_BLOCK_PARAGRAPH, 0, NULL, b.s, NULL, 0,
                               internal) != 0) {
            if (b.oom)
                ak_free(b.s);
            ak_free(done);
            return -1;
        }
    }
    ak_free(done);
    return 0;
}

/* ---- the questionnaire (Bilag 3) ------------------------------------------ */

static const char *form_word(const ak_words *w, const char *key)
{
    for (size_t i = 0; w && i < w->nform; i++)
        if (strcmp(w->fkeys[i], key) == 0)
            return w->fvals[i];
    return key;
}

/* The type's key in the words file: "ja_nej", "afkrydsning", ... */
static const char *type_key(ak_type t)
{
    switch (t) {
    case AK_T_YESNO: return "svar_janej";
    case AK_T_CHECKBOX: return "svar_afkrydsning";
    case AK_T_COUNT: return "svar_antal";
    case AK_T_DECIMAL: return "svar_decimal";
    case AK_T_TEXT: return "svar_tekst";
    default: return NULL;
    }
}

/* The routing condition src in words: variables as their question numbers
 * ("2a"), "=1"/"=2" of a yes/no question as its answers, "=1" of a
 * check box as "markeret", & | ! as the words file's "og", "eller",
 * "ikke".  Appends to b. */
static void sb_trim(sbuf *b)
{
    while (b->n > 0 && b->s[b->n - 1] == ' ')
        b->s[--b->n] = 0;
}

static void routing_words(sbuf *b, const char *src, const ak_codebook *cb,
                          const ak_words *w)
{
    size_t i = 0, n = strlen(src);
    const ak_var *last = NULL;
    while (i < n) {
        char c = src[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            size_t j = i;
            while (j < n && (g_ascii_isalnum(src[j]) || src[j] == '_'))
                j++;
            size_t v = ak_codebook_find(cb, src + i, j - i);
            if (v != AK_NO_VAR) {
                last = &cb->vars[v];
                sb_str(b, form_word(w, "spm"));
                sb_str(b, " ");
                sb_str(b, last->question);
            } else {
                ak_sbuf_add(b, src + i, j - i);
            }
            i = j;
            continue;
        }
        if (c == '=' || (c == '!' && src[i + 1] == '=')) {
            int neg = c == '!';
            i += neg ? 2 : 1;
            while (i < n && src[i] == ' ')
                i++;
            size_t j = i;
            while (j < n && (g_ascii_isdigit(src[j]) || src[j] == '.'))
                j++;
            char val[32];
            size_t vl = j - i < sizeof val - 1 ? j - i : sizeof val - 1;
            memcpy(val, src + i, vl);
            val[vl] = 0;
            char key[64];
            snprintf(key, sizeof key, "%s=%s",
                     last && last->type == AK_T_YESNO ? "janej"
                     : last && last->type == AK_T_CHECKBOX ? "afkrydsning"
                                                           : "tal", val);
            const char *word = form_word(w, key);
            sb_trim(b);
            sb_str(b, " ");
            sb_str(b, form_word(w, neg ? "er_ikke" : "er"));
            sb_str(b, " ");
            sb_str(b, word == key ? val : word);
            i = j;
            continue;
        }
        if (c == '&' || c == '|') {
            sb_trim(b);
            sb_str(b, " ");
            sb_str(b, form_word(w, c == '&' ? "og" : "eller"));
            sb_str(b, " ");
            i++;
            while (i < n && src[i] == ' ')
                i++;
            continue;
        }
        if (c == '!') {
            sb_str(b, form_word(w, "ikke"));
            sb_str(b, " ");
            i++;
            continue;
        }
        ak_sbuf_add(b, &src[i], 1);
        i++;
    }
}

/* One paragraph per question of the codebook: "2.1a Retningslinjerne
 * godkendt ... Svar: Ja / Nej. Stilles, hvis spm. 2a er Ja." */
static int questionnaire(docb *db, ak_prose *px, const ak_codebook *cb,
                         const ak_words *w, int internal)
{
    for (size_t i = 0; cb && i < cb->nvars; i++) {
        const ak_var *v = &cb->vars[i];
        const char *tk = type_key(v->type);
        if (!tk)
            continue;     /* id, name, pii, note: not questions */
        char msg[128];
        size_t off;
        char *label = NULL;
        if (run(px, v->label ? v->label : "", 0, NULL, &label, NULL, &off,
                msg, sizeof msg) != 0) {
            label = ak_strdup(v->label ? v->label : "");
            if (!label)
                return -1;
        }
        sbuf b = {0};
        ak_sbuf_add(&b, "", 0);
        sb_str(&b, v->question);
        sb_str(&b, " ");
        sb_str(&b, label);
        ak_free(label);
        sb_str(&b, ". ");
        sb_str(&b, form_word(w, "svar"));
        sb_str(&b, ": ");
        sb_str(&b, form_word(w, tk));
        sb_str(&b, ".");
        if (v->asked_if_src && v->asked_if_src[0]) {
            sb_str(&b, " ");
            sb_str(&b, form_word(w, "stilles_hvis"));
            sb_str(&b, " ");
            routing_words(&b, v->asked_if_src, cb, w);
            sb_str(&b, ".");
        }
        if (b.oom) {
            ak_free(b.s);
            return -1;
        }
        if (add_block(db, AK_BLOCK_PARAGRAPH, 0, NULL, b.s, NULL, 0,
                      internal) != 0)
            return -1;
    }
    return 0;
}

ak_status ak_prose_document(const ak_tableset *ts, ak_results *r,
                            const ak_words *w, const ak_codebook *cb,
                            ak_diags *d)
{
    docb db = {r, 0};
    for (size_t i = 0; i < ts->ncolophon; i++) {
        ak_colophon_line *nc =
            ak_realloc(r->colophon, (r->ncolophon + 1) * sizeof *nc);
        if (!nc)
            return AK_ERR_NOMEM;
        r->colophon = nc;
        ak_prose *px0 = ak_prose_new(ts, r, w);
        char msg[256];
        size_t off = 0;
        char *v = NULL;
        int rc = px0 ? run(px0, ts->colophon[i].value, 0, NULL, &v, NULL,
                           &off, msg, sizeof msg)
                     : -2;
        ak_prose_free(px0);
        char *l = ak_strdup(ts->colophon[i].label);
        if (rc != 0 || !l) {
            ak_free(v);
            ak_free(l);
            return rc == -1 ? AK_ERR_SYNTAX : AK_ERR_NOMEM;
        }
        nc[r->ncolophon].label = l;
        nc[r->ncolophon].value = v;
        r->ncolophon++;
    }
    if (ts->ndoc == 0)
        return default_blocks(&db) == 0 ? AK_OK : AK_ERR_NOMEM;
    r->has_text = 1;
    ak_prose *px = ak_prose_new(ts, r, w);
    unsigned char *placed = ak_calloc(r->ntables + 1, 1);
    if (!px || !placed) {
        ak_prose_free(px);
        ak_free(placed);
        return AK_ERR_NOMEM;
    }
    ak_status st = AK_OK;
    char msg[512];
    for (size_t i = 0; i < ts->ndoc && st == AK_OK; i++) {
        const ak_tpl_doc *doc = &ts->doc[i];
        size_t off = 0;
        int rc = 0;
        if (doc->cond) {
            int truth = 0;
            rc = run(px, doc->cond, 2, NULL, NULL, &truth, &off, msg,
                     sizeof msg);
            if (rc == -1) {
                doc_err(d, doc, text_col(doc, doc->cond, off) - doc->col +
                                    doc->cond_col, msg);
                st = AK_ERR_SYNTAX;
                break;
            }
            if (rc == 0 && !truth)
                continue;
        }
        char *text = NULL, *num = NULL;
        if (rc == 0 && doc->kind == AK_TD_LET)
            rc = run(px, doc->text, 1, doc->name, NULL, NULL, &off, msg,
                     sizeof msg);
        else if (rc == 0 && doc->text)
            rc = run(px, doc->text, 0, NULL, &text, NULL, &off, msg,
                     sizeof msg);
        if (rc == 0 && doc->number) {
            size_t off2 = 0;
            rc = run(px, doc->number, 0, NULL, &num, NULL, &off2, msg,
                     sizeof msg);
        }
        if (rc == -1) {
            doc_err(d, doc, doc->text ? text_col(doc, doc->text, off) : 0,
                    msg);
            ak_free(text);
            ak_free(num);
            st = AK_ERR_SYNTAX;
            break;
        }
        if (rc != 0) {
            ak_free(text);
            ak_free(num);
            st = AK_ERR_NOMEM;
            break;
        }
        int e = 0;
        switch (doc->kind) {
        case AK_TD_CHAPTER:
            e = add_heading(&db, num, text, 1, doc->internal);
            break;
        case AK_TD_HEADING: {
            char *hn, *ht;
            e = ak_heading_split(text, &hn, &ht);
            ak_free(text);
            if (e == 0)
                e = add_heading(&db, hn, ht, hn ? 0 : 1, doc->internal);
            break;
        }
        case AK_TD_SUBHEADING:
            e = add_heading(&db, NULL, text, 4, doc->internal);
            break;
        case AK_TD_PARA:
            e = add_block(&db, AK_BLOCK_PARAGRAPH, 0, NULL, text, NULL, 0,
                          doc->internal);
            break;
        case AK_TD_PLACE:
            if (doc->table < r->ntables) {
                placed[doc->table] = 1;
                e = add_table(&db, doc->table, doc->internal);
            }
            break;
        case AK_TD_QUESTIONNAIRE:
            e = questionnaire(&db, px, cb, w, doc->internal);
            break;
        case AK_TD_NONRESP:
            e = nonresp_paras(&db, w, doc->internal);
            break;
        case AK_TD_LET:
            ak_free(text);
            break;
        }
        if (e != 0)
            st = AK_ERR_NOMEM;
    }
    /* tables no text places: after the text, in report order */
    for (size_t i = 0; st == AK_OK && i < r->ntables; i++)
        if (!placed[i]) {
            ak_diags_addf(d, AK_SEV_WARNING, "template", NULL, 0, 0,
                          "tabel %s er ikke placeret i teksten ('place %s'); "
                          "den sættes sidst", r->tables[i].id,
                          r->tables[i].id);
            if (add_table(&db, i, 0) != 0)
                st = AK_ERR_NOMEM;
        }
    ak_free(placed);
    ak_prose_free(px);
    return st;
}
