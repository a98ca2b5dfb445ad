/*
 * Table templates: a line-oriented language driven by a keyword table.  See
 * include/ak_template.h for the interface and templates/README.md for the
 * language.
 *
 * A file is read statement by statement (one per line).  Each keyword has
 * an argument signature in the table below; the generic statement reader
 * checks it, and a small handler stores the arguments.  Expressions are
 * kept as source (with their location) until the end of the file, when the
 * whole table is known, and are then compiled once per column (and per
 * row where rows carry bindings).  Cross-file checks (sections, ids,
 * order) run when every file has been read.
 */
#include "ak_template.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "ak_mem.h"
#include "ak_prose.h"

/* ---- small helpers ----------------------------------------------------- */

/* Grow two parallel arrays to the same capacity (*cap is only raised when
 * both grew). */
static int grow_pair(void *ap, size_t asz, void *bp, size_t bsz, size_t *cap,
                     size_t n)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 4;
    void **a = ap, **b = bp;
    void *na = ak_reallocarray(*a, nc, asz);
    if (!na)
        return -1;
    *a = na;
    void *nb = ak_reallocarray(*b, nc, bsz);
    if (!nb)
        return -1;
    *b = nb;
    *cap = nc;
    return 0;
}

static int is_ident_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* 1-based character column of byte offset off in line. */
static long char_col(const char *line, size_t off)
{
    return 1 + ak_utf8_chars(line, off);
}

/* ---- placeholders in texts --------------------------------------------- */

static const struct {
    const char *name;
    ak_tpl_ph ph;
    int nargs;
    int computed;   /* only in notes: needs the tabulated numbers */
} placeholders[] = {
    {"year", AK_PH_YEAR, 0, 0},
    {"prev_year", AK_PH_PREV_YEAR, 0, 0},
    {"respondents", AK_PH_RESPONDENTS, 0, 1},
    {"base", AK_PH_BASE, 1, 1},
    {"cell", AK_PH_CELL, 2, 1},
};
#define NPLACEHOLDERS (sizeof placeholders / sizeof placeholders[0])

typedef struct phref {
    size_t start, end;      /* byte offsets of '{' and just after '}' */
    const char *part[4];    /* name, then arguments (split on ':') */
    size_t plen[4];
    int nparts;             /* 1..4; 4 means "too many" */
} phref;

/*
 * Find the next placeholder in s from *pos.  Returns 0 at the end, 1 for a
 * placeholder (r filled, *pos after it), 2 for the escape "{{" (r->start
 * set, *pos after it), -1 for a '{' without its '}' (r->start set).
 */
static int next_ph(const char *s, size_t *pos, phref *r)
{
    const char *b = strchr(s + *pos, '{');
    if (!b)
        return 0;
    memset(r, 0, sizeof *r);
    r->start = (size_t)(b - s);
    if (b[1] == '{') {
        *pos = r->start + 2;
        return 2;
    }
    const char *e = strchr(b + 1, '}');
    const char *nl = strchr(b + 1, '{');
    if (!e || (nl && nl < e))
        return -1;
    const char *p = b + 1;
    r->nparts = 0;
    for (;;) {
        const char *c = memchr(p, ':', (size_t)(e - p));
        const char *end = c ? c : e;
        if (r->nparts < 4) {
            r->part[r->nparts] = p;
            r->plen[r->nparts] = (size_t)(end - p);
            r->nparts++;
        }
        if (!c)
            break;
        p = c + 1;
    }
    r->end = (size_t)(e - s) + 1;
    *pos = r->end;
    return 1;
}

static int ph_lookup(const phref *r)
{
    for (size_t i = 0; i < NPLACEHOLDERS; i++)
        if (strlen(placeholders[i].name) == r->plen[0] &&
            memcmp(placeholders[i].name, r->part[0], r->plen[0]) == 0)
            return (int)i;
    return -1;
}

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *p, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        while (nc < b->n + n + 1)
            nc *= 2;
        char *q = ak_realloc(b->s, nc);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->s = q;
        b->cap = nc;
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* Decimal digits of v (%lld is the same under every locale). */
static void sb_int(sbuf *b, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    sb_add(b, tmp, (size_t)n);
}

char *ak_tpl_expand(const char *s, ak_tpl_ph_fn fn, void *ud)
{
    sbuf b = {0};
    sb_add(&b, "", 0);
    if (!s)
        return b.s;
    size_t pos = 0, last = 0;
    phref r;
    int k;
    while ((k = next_ph(s, &pos, &r)) != 0) {
        if (k < 0)
            break;
        sb_add(&b, s + last, r.start - last);
        if (k == 2) {
            sb_add(&b, "{", 1);
        } else {
            int i = ph_lookup(&r);
            if (i < 0 || r.nparts != placeholders[i].nargs + 1) {
                sb_add(&b, s + r.start, r.end - r.start);
            } else {
                char key[128] = "";
                size_t rowno = 0;
                ak_tpl_ph ph = placeholders[i].ph;
                int ki = ph == AK_PH_BASE ? 1 : ph == AK_PH_CELL ? 2 : 0;
                if (ki && r.plen[ki] < sizeof key) {
                    memcpy(key, r.part[ki], r.plen[ki]);
                    key[r.plen[ki]] = '\0';
                }
                if (ph == AK_PH_CELL)
                    for (size_t j = 0; j < r.plen[1]; j++)
                        rowno = rowno * 10 + (size_t)(r.part[1][j] - '0');
                sb_int(&b, fn(ph, ki ? key : NULL, rowno, ud));
            }
        }
        last = pos;
    }
    sb_add(&b, s + last, strlen(s + last));
    if (b.oom) {
        ak_free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---- lexer --------------------------------------------------------------- */

typedef enum { TK_WORD, TK_STRING, TK_ATTR } tk_kind;

typedef struct tok {
    tk_kind kind;
    char *text;       /* word, string content, or attribute name */
    char *value;      /* attribute value (unquoted), else NULL */
    int vquoted;      /* attribute value was a quoted string */
    size_t off;       /* byte offset of the token in the line */
    size_t voff;      /* byte offset of the value's first character */
} tok;

static void tok_clear(tok *t)
{
    ak_free(t->text);
    ak_free(t->value);
    memset(t, 0, sizeof *t);
}

/* ---- parser state ------------------------------------------------------ */

enum { SC_SET = 1, SC_TABLE = 2, SC_FIGURE = 4, SC_TEXT = 8 };

/* An expression kept as source until the table is complete. */
typedef struct srcx {
    char *text;       /* NULL when absent */
    long line, col;
    char *ctx;        /* the source line */
} srcx;

typedef struct loc {
    long line, col;
    char *ctx;
} loc;

typedef struct brow {
    srcx cond;
    ak_binding *bind;
    size_t nbind;
    srcx sum;         /* the row's sum= term; text NULL when absent */
    size_t of_n;      /* of=N: the 1-based row, checked at the end */
    loc of_at;
    loc key_at;       /* where the key was declared, else the label */
} brow;

typedef struct bcol {
    srcx base, cell;
} bcol;

/* A table under construction plus what the cross-file checks need. */
typedef struct btable {
    ak_tpl_table *t;
    srcx base;
    bcol *bcols;
    size_t bcolcap;
    brow *brows;
    size_t browcap;
    srcx *bmeas;      /* gennemsnit variable / sum term per measure */
    size_t measurecap;
    loc *bnotes;
    size_t notecap;
    size_t colcap;
    char *section_key;
    loc section_at, order_at, id_at;
    int has_order;
} btable;

typedef struct bsection {
    char *key;
    char *heading;
    char *parent;
    loc at, parent_at;
} bsection;

/* A text statement with its file's order, for the document order. */
typedef struct bdoc {
    ak_tpl_doc d;
    unsigned order[8];
    size_t norder;
    size_t seq;            /* statement number over all files */
    long name_col;         /* place: column of the table id */
} bdoc;

typedef struct pstate {
    const ak_codebook *cb;
    ak_diags *d;
    ak_status st;          /* AK_OK, AK_ERR_SYNTAX or AK_ERR_NOMEM */
    /* current file and line */
    const char *file;
    long lineno;
    const char *line;      /* NUL-terminated, without line end */
    int scope;             /* 0 until the first statement */
    long once_line[48];    /* where each once-keyword was given */
    btable *cur;
    /* results */
    btable *tables;
    size_t ntables, tablecap;
    bsection *sections;
    size_t nsections, sectioncap;
    char *report_title;
    char *rounding_note;
    char *meta[AK_META_COUNT];
    int have_set;
    char *set_file;
    /* text files */
    bdoc *docs;
    size_t ndocs, doccap;
    unsigned text_order[8];
    size_t text_norder;
    ak_tpl_colophon *colophon;
    size_t ncolophon, colophoncap;
} pstate;

static void nomem(pstate *p)
{
    p->st = AK_ERR_NOMEM;
}

/* A fatal template diagnostic at byte offset off of the current line
 * (off = (size_t)-1: no column). */
static void err_at(pstate *p, long line, long col, const char *ctx,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void err_at(pstate *p, long line, long col, const char *ctx,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ak_diag g = {0};
    g.sev = AK_SEV_FATAL;
    g.rule = "template";
    g.file = (char *)p->file;
    g.line = line;
    g.col = col;
    g.message = msg;
    g.context = (char *)ctx;
    if (ak_diags_add(p->d, &g) != 0)
        p->st = AK_ERR_NOMEM;
    else if (p->st == AK_OK)
        p->st = AK_ERR_SYNTAX;
}

#define ERR(p, off, ...)                                                     \
    err_at((p), (p)->lineno, char_col((p)->line, (off)), (p)->line,          \
           __VA_ARGS__)

static int loc_set(pstate *p, loc *l, size_t off)
{
    l->line = p->lineno;
    l->col = char_col(p->line, off);
    l->ctx = ak_strdup(p->line);
    if (!l->ctx) {
        nomem(p);
        return -1;
    }
    return 0;
}

static void srcx_free(srcx *s)
{
    ak_free(s->text);
    ak_free(s->ctx);
    memset(s, 0, sizeof *s);
}

/* ---- lexing one token --------------------------------------------------- */

static size_t skip_blank(const char *s, size_t i)
{
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    return i;
}

/* Read a quoted string at s[*i] == '"'; *out is the unescaped content.
 * Returns 0, or -1 after reporting (unterminated) or on OOM. */
static int lex_string(pstate *p, size_t *i, char **out)
{
    const char *s = p->line;
    size_t start = *i, j = *i + 1;
    sbuf b = {0};
    sb_add(&b, "", 0);
    for (;;) {
        char c = s[j];
        if (c == '\0') {
            ak_free(b.s);
            ERR(p, start, "uafsluttet tekst i anførselstegn");
            return -1;
        }
        if (c == '"')
            break;
        if (c == '\\' && (s[j + 1] == '"' || s[j + 1] == '\\')) {
            sb_add(&b, s + j + 1, 1);
            j += 2;
            continue;
        }
        sb_add(&b, s + j, 1);
        j++;
    }
    if (b.oom) {
        ak_free(b.s);
        nomem(p);
        return -1;
    }
    *i = j + 1;
    *out = b.s;
    return 0;
}

/*
 * The next token at or after *i.  Returns 1 with *t filled, 0 at the end of
 * the statement (end of line or a '#' comment), -1 on error (reported).
 */
static int lex_tok(pstate *p, size_t *i, tok *t)
{
    const char *s = p->line;
    memset(t, 0, sizeof *t);
    size_t j = skip_blank(s, *i);
    if (s[j] == '\0' || s[j] == '#') {
        *i = j;
        return 0;
    }
    t->off = j;
    if (s[j] == '"') {
        t->kind = TK_STRING;
        if (lex_string(p, &j, &t->text) != 0)
            return -1;
        if (s[j] != '\0' && s[j] != ' ' && s[j] != '\t') {
            ERR(p, j, "forventede mellemrum efter teksten i anførselstegn");
            tok_clear(t);
            return -1;
        }
        *i = j;
        return 1;
    }
    size_t k = j;
    while (s[k] && s[k] != ' ' && s[k] != '\t' && s[k] != '=' && s[k] != '"')
        k++;
    if (s[k] == '=' && k > j) {
        t->kind = TK_ATTR;
        t->text = ak_strndup(s + j, k - j);
        if (!t->text) {
            nomem(p);
            return -1;
        }
        k++;
        t->voff = k;
        if (s[k] == '"') {
            t->vquoted = 1;
            t->voff = k + 1;
            if (lex_string(p, &k, &t->value) != 0) {
                tok_clear(t);
                return -1;
            }
        } else {
            size_t v = k;
            while (s[k] && s[k] != ' ' && s[k] != '\t')
                k++;
            t->value = ak_strndup(s + v, k - v);
            if (!t->value) {
                tok_clear(t);
                nomem(p);
                return -1;
            }
        }
        if (s[k] != '\0' && s[k] != ' ' && s[k] != '\t') {
            ERR(p, k, "forventede mellemrum efter værdien af '%s'", t->text);
            tok_clear(t);
            return -1;
        }
        *i = k;
        return 1;
    }
    while (s[k] && s[k] != ' ' && s[k] != '\t')
        k++;
    t->kind = TK_WORD;
    t->text = ak_strndup(s + j, k - j);
    if (!t->text) {
        nomem(p);
        return -1;
    }
    *i = k;
    return 1;
}

/* ---- keyword table ------------------------------------------------------ */

/*
 * Argument signature letters:
 *   W  a word            S  a quoted text       s  an optional quoted text
 *   A  attributes name=value / {name}=value (zero or more)
 *   B  bindings {name}=value (zero or more)
 *   R  row attributes: bindings, of=..., sum=..., from=... (zero or more)
 *   E  an expression: the rest of the line     e  optional expression
 */
typedef struct arg {
    tok t;                 /* W, S, s (t.text NULL when absent) */
    tok *attrs;            /* A, B */
    size_t nattrs, attrcap;
    const char *expr;      /* E, e: points into the line; NULL if absent */
    size_t elen, eoff;
} arg;

#define MAX_ARGS 4

typedef struct kwdef kwdef;
typedef void (*kw_fn)(pstate *p, const kwdef *k, arg *a, size_t kwoff);

struct kwdef {
    const char *name;
    unsigned scope;        /* where it may stand */
    const char *sig;
    int once;              /* at most once per file */
    int starts;            /* begins a file: decides its scope */
    kw_fn fn;
};

static void kw_report(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_table(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_rounding(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_meta(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_section_def(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_section_ref(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_order(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_text(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_multi(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_base(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_column(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_measure(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_row(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_sum(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_note(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_tidy(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_population(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_textfile(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_doc(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_colophon(pstate *p, const kwdef *k, arg *a, size_t off);
static void kw_year_mark(pstate *p, const kwdef *k, arg *a, size_t off);

#define SC_TF (SC_TABLE | SC_FIGURE)

static const kwdef keywords[] = {
    {"report", SC_SET, "S", 1, 1, kw_report},
    {"table", SC_TABLE, "W", 1, 1, kw_table},
    {"figure", SC_FIGURE, "W", 1, 1, kw_table},
    {"rounding_note", SC_SET, "S", 1, 0, kw_rounding},
    {"meta", SC_SET, "WS", 0, 0, kw_meta},
    {"section", SC_SET, "WSA", 0, 0, kw_section_def},
    {"section", SC_TF, "W", 1, 0, kw_section_ref},
    {"order", SC_TF, "W", 1, 0, kw_order},
    {"caption", SC_TF, "S", 1, 0, kw_text},
    {"title", SC_TF, "S", 1, 0, kw_text},
    {"axis", SC_FIGURE, "S", 1, 0, kw_text},
    {"source", SC_TF, "S", 1, 0, kw_text},
    {"multi", SC_TABLE, "", 1, 0, kw_multi},
    {"tidy", SC_TF, "W", 1, 0, kw_tidy},
    {"base", SC_TF, "E", 1, 0, kw_base},
    {"column", SC_TF, "WA", 0, 0, kw_column},
    {"measure", SC_TF, "Wse", 0, 0, kw_measure},
    {"row", SC_TF, "SRE", 0, 0, kw_row},
    {"optional", SC_TF, "SRE", 0, 0, kw_row},
    {"subtotal", SC_TF, "SR", 0, 0, kw_sum},
    {"total", SC_TF, "SR", 0, 0, kw_sum},
    {"population", SC_TF, "S", 0, 0, kw_population},
    {"note", SC_TF, "S", 0, 0, kw_note},
    {"colophon", SC_SET, "SS", 0, 0, kw_colophon},
    {"text", SC_TEXT, "W", 1, 1, kw_textfile},
    {"chapter", SC_TEXT, "ASs", 0, 0, kw_doc},
    {"heading", SC_TEXT, "AW", 0, 0, kw_doc},
    {"subheading", SC_TEXT, "AS", 0, 0, kw_doc},
    {"para", SC_TEXT, "AS", 0, 0, kw_doc},
    {"place", SC_TEXT, "AW", 0, 0, kw_doc},
    {"let", SC_TEXT, "WE", 0, 0, kw_doc},
    {"questionnaire", SC_TEXT, "A", 0, 0, kw_doc},
    {"nonrespondents", SC_TEXT, "A", 0, 0, kw_doc},
    {"new", SC_TF, "W", 1, 0, kw_year_mark},
    {"changed", SC_TF, "W", 1, 0, kw_year_mark},
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

static const char *scope_name(int scope)
{
    switch (scope) {
    case SC_SET: return "rapportfilen";
    case SC_TABLE: return "en tabel";
    case SC_FIGURE: return "en figur";
    case SC_TEXT: return "en tekstfil";
    }
    return "?";
}

/* Edit distance, for "mente du" hints on unknown keywords. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t prev[41], cur[41];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c;
        }
        memcpy(prev, cur, sizeof prev);
    }
    return prev[lb];
}

/* ---- texts: placeholder validation --------------------------------------- */

/* Check the placeholders of text s (a string token at byte offset off of
 * the current line; the content starts one byte later).  computed: notes,
 * where the tabulated numbers are known.  Column keys and row numbers of
 * notes are checked later (check_note), when the table is complete. */
static void check_text(pstate *p, const char *s, size_t off, int computed)
{
    size_t pos = 0;
    phref r;
    int k;
    long base = char_col(p->line, off) + 1;
    while ((k = next_ph(s, &pos, &r)) != 0) {
        long col = base + ak_utf8_chars(s, r.start);
        if (k < 0) {
            err_at(p, p->lineno, col, p->line,
                   "'{' uden '}' i teksten (skriv '{{' for et '{')");
            return;
        }
        if (k == 2)
            continue;
        int i = ph_lookup(&r);
        int n = (int)(r.end - r.start);
        if (i < 0) {
            err_at(p, p->lineno, col, p->line,
                   "ukendt pladsholder '%.*s'", n, s + r.start);
            continue;
        }
        if (r.nparts != placeholders[i].nargs + 1) {
            err_at(p, p->lineno, col, p->line,
                   "pladsholderen '%.*s' skal have %d argument(er)", n,
                   s + r.start, placeholders[i].nargs);
            continue;
        }
        if (placeholders[i].computed && !computed)
            err_at(p, p->lineno, col, p->line,
                   "pladsholderen '%.*s' kan kun bruges i en note", n,
                   s + r.start);
    }
}

/* ---- statement reader --------------------------------------------------- */

static void args_clear(arg *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        tok_clear(&a[i].t);
        for (size_t j = 0; j < a[i].nattrs; j++)
            tok_clear(&a[i].attrs[j]);
        ak_free(a[i].attrs);
        memset(&a[i], 0, sizeof a[i]);
    }
}

static const char *what_sig(char c)
{
    switch (c) {
    case 'W': return "et ord";
    case 'S': return "en tekst i anførselstegn";
    case 'E': return "et udtryk";
    }
    return "et argument";
}

/* Attribute names a row statement takes besides {name}=value bindings (an
 * expression cannot start with one of them followed by '='). */
static int is_row_attr(const char *name)
{
    return strcmp(name, "of") == 0 || strcmp(name, "sum") == 0 ||
           strcmp(name, "from") == 0 || strcmp(name, "key") == 0 ||
           strcmp(name, "new") == 0 || strcmp(name, "changed") == 0;
}

/* Read the arguments of keyword k from byte offset i.  0 or -1. */
static int read_args(pstate *p, const kwdef *k, size_t i, arg *a)
{
    const char *s = p->line;
    for (size_t n = 0; k->sig[n]; n++) {
        char c = k->sig[n];
        if (c == 'E' || c == 'e') {
            size_t j = skip_blank(s, i);
            size_t end = j;
            /* the expression ends at a '#' comment or the line end */
            while (s[end] && !(s[end] == '#' && end > 0 &&
                               (s[end - 1] == ' ' || s[end - 1] == '\t')))
                end++;
            size_t e2 = end;
            while (e2 > j && (s[e2 - 1] == ' ' || s[e2 - 1] == '\t'))
                e2--;
            if (e2 == j) {
                if (c == 'E') {
                    ERR(p, j, "'%s' mangler %s", k->name, what_sig(c));
                    return -1;
                }
            } else {
                a[n].expr = s + j;
                a[n].elen = e2 - j;
                a[n].eoff = j;
            }
            i = strlen(s);
            continue;
        }
        size_t save = i;
        tok t;
        int r = lex_tok(p, &i, &t);
        if (r < 0)
            return -1;
        if (c == 'A' || c == 'B' || c == 'R') {
            while (r == 1 && t.kind == TK_ATTR &&
                   (c == 'A' || t.text[0] == '{' ||
                    (c == 'R' && is_row_attr(t.text)))) {
                if (ak_grow(&a[n].attrs, &a[n].attrcap, a[n].nattrs, sizeof t, 4)) {
                    tok_clear(&t);
                    nomem(p);
                    return -1;
                }
                a[n].attrs[a[n].nattrs++] = t;
                save = i;
                r = lex_tok(p, &i, &t);
                if (r < 0)
                    return -1;
            }
            if (r == 1)
                tok_clear(&t);
            i = save;
            continue;
        }
        int want_string = c == 'S' || c == 's';
        if (r == 0 || (want_string && t.kind != TK_STRING) ||
            (c == 'W' && t.kind != TK_WORD)) {
            if (r == 1 && c == 's' && t.kind != TK_STRING) {
                tok_clear(&t);
                i = save;
                continue;
            }
            if (r == 0 && c == 's')
                continue;
            if (r == 0)
                ERR(p, i, "'%s' mangler %s", k->name, what_sig(c));
            else
                ERR(p, t.off, "'%s' forventede %s, ikke '%s'", k->name,
                    what_sig(c), t.text);
            if (r == 1)
                tok_clear(&t);
            return -1;
        }
        a[n].t = t;
    }
    size_t j = i;
    tok t;
    int r = lex_tok(p, &j, &t);
    if (r < 0)
        return -1;
    if (r == 1) {
        ERR(p, t.off, "uventet '%s' efter '%s'",
            t.kind == TK_ATTR ? t.text : t.text, k->name);
        tok_clear(&t);
        return -1;
    }
    return 0;
}

static void statement(pstate *p)
{
    size_t i = 0;
    tok kw;
    int r = lex_tok(p, &i, &kw);
    if (r <= 0)
        return;
    if (kw.kind != TK_WORD) {
        ERR(p, kw.off, "forventede et nøgleord, ikke '%s'", kw.text);
        tok_clear(&kw);
        return;
    }
    const kwdef *k = NULL;
    int known = 0;
    for (size_t n = 0; n < NKEYWORDS; n++) {
        if (strcmp(keywords[n].name, kw.text) != 0)
            continue;
        known = 1;
        if (p->scope == 0 ? keywords[n].starts
                          : (keywords[n].scope & (unsigned)p->scope) != 0) {
            k = &keywords[n];
            break;
        }
    }
    if (!k) {
        if (!known) {
            const char *best = NULL;
            size_t bd = 3;
            for (size_t n = 0; n < NKEYWORDS; n++) {
                size_t dd = edit_distance(kw.text, keywords[n].name);
                if (dd < bd) {
                    bd = dd;
                    best = keywords[n].name;
                }
            }
            if (best)
                ERR(p, kw.off, "ukendt nøgleord '%s' (mente du '%s'?)",
                    kw.text, best);
            else
                ERR(p, kw.off, "ukendt nøgleord '%s'", kw.text);
        } else if (p->scope == 0) {
            ERR(p, kw.off, "filen skal begynde med 'table', 'figure', "
                           "'text' eller 'report', ikke '%s'", kw.text);
            p->scope = -1;   /* skip the rest of the file */
        } else {
            ERR(p, kw.off, "'%s' kan ikke bruges i %s", kw.text,
                scope_name(p->scope));
        }
        tok_clear(&kw);
        return;
    }
    size_t kwoff = kw.off;
    tok_clear(&kw);
    size_t kidx = (size_t)(k - keywords);
    if (k->once && p->once_line[kidx]) {
        ERR(p, kwoff, "'%s' er allerede angivet i linje %ld", k->name,
            p->once_line[kidx]);
        return;
    }
    arg a[MAX_ARGS];
    memset(a, 0, sizeof a);
    if (read_args(p, k, i, a) == 0) {
        p->once_line[kidx] = p->lineno;
        k->fn(p, k, a, kwoff);
    }
    args_clear(a, MAX_ARGS);
}

/* ---- handlers ------------------------------------------------------------ */

static char *dup_or_nomem(pstate *p, const char *s)
{
    char *c = ak_strdup(s);
    if (!c)
        nomem(p);
    return c;
}

static void kw_report(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    p->scope = SC_SET;
    if (p->have_set) {
        ERR(p, off, "der er allerede en rapportfil ('%s')", p->set_file);
        return;
    }
    p->have_set = 1;
    p->set_file = dup_or_nomem(p, p->file);
    check_text(p, a[0].t.text, a[0].t.off, 0);
    p->report_title = dup_or_nomem(p, a[0].t.text);
}

static int parse_order(const char *s, unsigned *out, size_t *n);

static void kw_colophon(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    /* placeholders are checked with the text (finish_doc) */
    if (ak_grow(&p->colophon, &p->colophoncap, p->ncolophon, sizeof *p->colophon, 4)) {
        nomem(p);
        return;
    }
    ak_tpl_colophon *c = &p->colophon[p->ncolophon++];
    c->label = dup_or_nomem(p, a[0].t.text);
    c->value = dup_or_nomem(p, a[1].t.text);
}

static void kw_textfile(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    p->scope = SC_TEXT;
    if (parse_order(a[0].t.text, p->text_order, &p->text_norder) != 0) {
        ERR(p, a[0].t.off, "ugyldig rækkefølge '%s' (forventede tal adskilt "
                           "af punktum)", a[0].t.text);
        p->text_norder = 0;
    }
}

/* A text statement: chapter, heading, subheading, para, place, let,
 * questionnaire.  Placeholders are checked when every file is read. */
static void kw_doc(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)off;
    if (ak_grow(&p->docs, &p->doccap, p->ndocs, sizeof *p->docs, 4)) {
        nomem(p);
        return;
    }
    bdoc *b = &p->docs[p->ndocs];
    memset(b, 0, sizeof *b);
    memcpy(b->order, p->text_order, sizeof b->order);
    b->norder = p->text_norder;
    b->seq = p->ndocs;
    ak_tpl_doc *d = &b->d;
    const char *kw = k->name;
    d->file = dup_or_nomem(p, p->file);
    d->line = p->lineno;
    d->ctx = dup_or_nomem(p, p->line);
    if (strcmp(kw, "let") == 0) {
        d->kind = AK_TD_LET;
        d->name = dup_or_nomem(p, a[0].t.text);
        size_t i = a[1].eoff, e = a[1].eoff + a[1].elen;
        if (p->line[i] == '=' && p->line[i + 1] != '=')
            i++;
        while (i < e && (p->line[i] == ' ' || p->line[i] == '\t'))
            i++;
        if (i == e) {
            ERR(p, i, "'let' mangler et udtryk");
        }
        d->text = ak_malloc(e - i + 1);
        if (!d->text) {
            nomem(p);
        } else {
            memcpy(d->text, p->line + i, e - i);
            d->text[e - i] = 0;
        }
        d->col = char_col(p->line, i);
        p->ndocs++;
        return;
    }
    for (size_t j = 0; j < a[0].nattrs; j++) {
        tok *t = &a[0].attrs[j];
        if (strcmp(t->text, "if") == 0 && !d->cond) {
            d->cond = dup_or_nomem(p, t->value);
            d->cond_col = char_col(p->line, t->voff);
        } else if (strcmp(t->text, "edition") == 0 &&
                   (strcmp(t->value, "internal") == 0 ||
                    strcmp(t->value, "all") == 0)) {
            d->internal = strcmp(t->value, "internal") == 0;
        } else {
            ERR(p, t->off, "ukendt eller gentaget egenskab '%s' for '%s' "
                           "(kendte: if=\"...\", edition=internal)",
                t->text, kw);
        }
    }
    if (strcmp(kw, "chapter") == 0) {
        d->kind = AK_TD_CHAPTER;
        const tok *txt = a[2].t.text ? &a[2].t : &a[1].t;
        if (a[2].t.text)
            d->number = dup_or_nomem(p, a[1].t.text);
        d->text = dup_or_nomem(p, txt->text);
        d->col = char_col(p->line, txt->off + 1);
    } else if (strcmp(kw, "heading") == 0) {
        d->kind = AK_TD_HEADING;
        d->name = dup_or_nomem(p, a[1].t.text);   /* the section key */
        d->col = char_col(p->line, a[1].t.off);
    } else if (strcmp(kw, "place") == 0) {
        d->kind = AK_TD_PLACE;
        d->name = dup_or_nomem(p, a[1].t.text);
        d->col = char_col(p->line, a[1].t.off);
    } else if (strcmp(kw, "questionnaire") == 0 ||
               strcmp(kw, "nonrespondents") == 0) {
        d->kind = kw[0] == 'q' ? AK_TD_QUESTIONNAIRE : AK_TD_NONRESP;
        d->col = char_col(p->line, off);
    } else {
        d->kind = strcmp(kw, "para") == 0 ? AK_TD_PARA : AK_TD_SUBHEADING;
        d->text = dup_or_nomem(p, a[1].t.text);
        d->col = char_col(p->line, a[1].t.off + 1);
    }
    p->ndocs++;
}

static void kw_rounding(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    check_text(p, a[0].t.text, a[0].t.off, 0);
    ak_free(p->rounding_note);   /* a repeated rounding_note: the last wins */
    p->rounding_note = dup_or_nomem(p, a[0].t.text);
}

static void kw_meta(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    int m = 0;
    while (m < AK_META_COUNT && strcmp(ak_meta_key((ak_meta)m), a[0].t.text))
        m++;
    if (m == AK_META_COUNT) {
        ERR(p, a[0].t.off, "ukendt meta-nøgle '%s' (se templates/README.md)",
            a[0].t.text);
        return;
    }
    if (p->meta[m]) {
        ERR(p, off, "meta '%s' er givet to gange", a[0].t.text);
        return;
    }
    check_text(p, a[1].t.text, a[1].t.off, 0);
    p->meta[m] = dup_or_nomem(p, a[1].t.text);
}

static void kw_section_def(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    for (size_t i = 0; i < p->nsections; i++)
        if (strcmp(p->sections[i].key, a[0].t.text) == 0) {
            ERR(p, a[0].t.off, "afsnittet '%s' er allerede defineret i linje %ld",
                a[0].t.text, p->sections[i].at.line);
            return;
        }
    check_text(p, a[1].t.text, a[1].t.off, 0);
    if (ak_grow(&p->sections, &p->sectioncap, p->nsections, sizeof *p->sections, 4)) {
        nomem(p);
        return;
    }
    bsection *s = &p->sections[p->nsections];
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < a[2].nattrs; i++) {
        tok *t = &a[2].attrs[i];
        if (strcmp(t->text, "parent") != 0 || s->parent) {
            ERR(p, t->off, s->parent ? "'%s' er angivet to gange"
                                     : "ukendt egenskab '%s' for 'section'",
                t->text);
            continue;
        }
        s->parent = dup_or_nomem(p, t->value);
        loc_set(p, &s->parent_at, t->voff);
    }
    s->key = dup_or_nomem(p, a[0].t.text);
    s->heading = dup_or_nomem(p, a[1].t.text);
    loc_set(p, &s->at, off);
    p->nsections++;
}

static btable *new_table(pstate *p)
{
    if (ak_grow(&p->tables, &p->tablecap, p->ntables, sizeof *p->tables, 4)) {
        nomem(p);
        return NULL;
    }
    btable *b = &p->tables[p->ntables];
    memset(b, 0, sizeof *b);
    b->t = ak_calloc(1, sizeof *b->t);
    if (!b->t) {
        nomem(p);
        return NULL;
    }
    p->ntables++;
    return b;
}

/* "4.10" -> {4, 10}; 0 on success. */
static int parse_order(const char *s, unsigned *out, size_t *n)
{
    *n = 0;
    const char *c = s;
    for (;;) {
        if (*c < '0' || *c > '9')
            return -1;
        unsigned long v = 0;
        while (*c >= '0' && *c <= '9') {
            v = v * 10 + (unsigned long)(*c++ - '0');
            if (v > 1000000)
                return -1;
        }
        if (*n >= 8)
            return -1;
        out[(*n)++] = (unsigned)v;
        if (*c == '\0')
            return 0;
        if (*c != '.')
            return -1;
        c++;
    }
}

static void kw_table(pstate *p, const kwdef *k, arg *a, size_t off)
{
    p->scope = (int)k->scope;
    btable *b = new_table(p);
    if (!b)
        return;
    p->cur = b;
    b->t->is_figure = k->scope == SC_FIGURE;
    const char *id = a[0].t.text;
    for (const char *c = id; *c; c++)
        if (!is_ident_char((unsigned char)*c) && *c != '.' && *c != '-') {
            ERR(p, a[0].t.off, "ugyldigt tabel-id '%s' (brug bogstaver, "
                               "cifre, '.', '-' og '_')", id);
            break;
        }
    b->t->id = dup_or_nomem(p, id);
    b->t->file = dup_or_nomem(p, p->file);
    loc_set(p, &b->id_at, off);
    /* the default order: the numbers in the id, e.g. "4.10" -> 4.10 */
    const char *digits = id;
    while (*digits && (*digits < '0' || *digits > '9'))
        digits++;
    if (parse_order(digits, b->t->order, &b->t->norder) != 0)
        b->t->norder = 0;
}

static void kw_section_ref(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    btable *b = p->cur;
    b->section_key = dup_or_nomem(p, a[0].t.text);
    loc_set(p, &b->section_at, a[0].t.off);
}

static void kw_order(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    btable *b = p->cur;
    if (parse_order(a[0].t.text, b->t->order, &b->t->norder) != 0) {
        ERR(p, a[0].t.off, "ugyldig rækkefølge '%s' (forventede tal adskilt "
                           "af punktum)", a[0].t.text);
        b->t->norder = 0;
        return;
    }
    b->has_order = 1;
    loc_set(p, &b->order_at, a[0].t.off);
}

static void kw_text(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)off;
    ak_tpl_table *t = p->cur->t;
    char **dst = strcmp(k->name, "caption") == 0 ? &t->caption
               : strcmp(k->name, "title") == 0   ? &t->title
               : strcmp(k->name, "axis") == 0    ? &t->axis_title
                                                 : &t->source;
    check_text(p, a[0].t.text, a[0].t.off, 0);
    *dst = dup_or_nomem(p, a[0].t.text);
}

static void kw_multi(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)a;
    (void)off;
    p->cur->t->multi = 1;
}

static void kw_tidy(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    const char *v = a[0].t.text;
    if (strcmp(v, "yes") == 0)
        p->cur->t->untidy = 0;
    else if (strcmp(v, "no") == 0)
        p->cur->t->untidy = 1;
    else
        ERR(p, a[0].t.off, "ugyldig værdi '%s' for 'tidy' (brug yes eller no)",
            v);
}

/* A survey year of 'new'/'changed' ("2009"): 1000..9999, or 0. */
static int parse_year(const char *v)
{
    if (strlen(v) != 4)
        return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 0;
        y = y * 10 + (v[i] - '0');
    }
    return y >= 1000 ? y : 0;
}

/* 'new YEAR' / 'changed YEAR' of a table: for the year comparison. */
static void kw_year_mark(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)off;
    int y = parse_year(a[0].t.text);
    if (!y) {
        ERR(p, a[0].t.off, "ugyldigt årstal '%s' for '%s' (brug fire cifre)",
            a[0].t.text, k->name);
        return;
    }
    if (strcmp(k->name, "new") == 0)
        p->cur->t->new_since = y;
    else
        p->cur->t->changed_in = y;
}

/* Keep an expression's source and location for compiling later. */
static void keep_expr(pstate *p, srcx *x, const char *s, size_t len,
                      size_t off)
{
    x->text = ak_strndup(s, len);
    x->ctx = ak_strdup(p->line);
    x->line = p->lineno;
    x->col = char_col(p->line, off);
    if (!x->text || !x->ctx)
        nomem(p);
}

static void kw_base(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    keep_expr(p, &p->cur->base, a[0].expr, a[0].elen, a[0].eoff);
}

/* A binding attribute "{name}=value": checks and stores it. */
static int add_binding(pstate *p, const tok *t, ak_binding **bind,
                       size_t *nbind, size_t *cap)
{
    size_t n = strlen(t->text);
    int ok = n >= 3 && t->text[0] == '{' && t->text[n - 1] == '}';
    for (size_t i = 1; ok && i + 1 < n; i++)
        ok = is_ident_char((unsigned char)t->text[i]);
    if (!ok) {
        ERR(p, t->off, "ugyldig binding '%s' (skriv fx {g}=a)", t->text);
        return -1;
    }
    int vok = t->value[0] != '\0';
    for (const char *c = t->value; vok && *c; c++)
        vok = is_ident_char((unsigned char)*c);
    if (!vok) {
        ERR(p, t->voff, "ugyldig værdi '%s' for bindingen '%s' (kun bogstaver, "
                        "cifre og '_')", t->value, t->text);
        return -1;
    }
    for (size_t i = 0; i < *nbind; i++)
        if (strlen((*bind)[i].name) == n - 2 &&
            memcmp((*bind)[i].name, t->text + 1, n - 2) == 0) {
            ERR(p, t->off, "bindingen '%s' er angivet to gange", t->text);
            return -1;
        }
    if (ak_grow(bind, cap, *nbind, sizeof **bind, 4)) {
        nomem(p);
        return -1;
    }
    ak_binding *b = &(*bind)[*nbind];
    b->name = ak_strndup(t->text + 1, n - 2);
    b->value = ak_strdup(t->value);
    if (!b->name || !b->value) {
        ak_free((char *)b->name);
        ak_free((char *)b->value);
        nomem(p);
        return -1;
    }
    (*nbind)++;
    return 0;
}

static void free_bindings(ak_binding *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ak_free((char *)b[i].name);
        ak_free((char *)b[i].value);
    }
    ak_free(b);
}

static void kw_column(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    btable *b = p->cur;
    ak_tpl_table *t = b->t;
    const char *key = a[0].t.text;
    for (const char *c = key; *c; c++)
        if (!is_ident_char((unsigned char)*c)) {
            ERR(p, a[0].t.off, "ugyldig kolonnenøgle '%s' (kun bogstaver, "
                               "cifre og '_')", key);
            return;
        }
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].key, key) == 0) {
            ERR(p, a[0].t.off, "kolonnenøglen '%s' er brugt før (linje %ld)",
                key, t->cols[i].line);
            return;
        }
    if (grow_pair(&t->cols, sizeof *t->cols, &b->bcols, sizeof *b->bcols,
                  &b->colcap, t->ncols)) {
        nomem(p);
        return;
    }
    ak_tpl_col *c = &t->cols[t->ncols];
    bcol *bc = &b->bcols[t->ncols];
    memset(c, 0, sizeof *c);
    memset(bc, 0, sizeof *bc);
    t->ncols++;
    c->line = p->lineno;
    c->key = dup_or_nomem(p, key);
    size_t bindcap = 0;
    (void)off;
    for (size_t i = 0; i < a[1].nattrs; i++) {
        tok *at = &a[1].attrs[i];
        if (at->text[0] == '{') {
            add_binding(p, at, &c->bind, &c->nbind, &bindcap);
            continue;
        }
        char **txt = NULL;
        srcx *x = NULL;
        if (strcmp(at->text, "group") == 0)
            txt = &c->group;
        else if (strcmp(at->text, "label") == 0)
            txt = &c->label;
        else if (strcmp(at->text, "base") == 0)
            x = &bc->base;
        else if (strcmp(at->text, "cell") == 0)
            x = &bc->cell;
        else {
            ERR(p, at->off, "ukendt egenskab '%s' for 'column' (brug group, "
                            "label, base, cell eller {navn}=værdi)", at->text);
            continue;
        }
        if ((txt && *txt) || (x && x->text)) {
            ERR(p, at->off, "'%s' er angivet to gange", at->text);
            continue;
        }
        if (txt) {
            check_text(p, at->value, at->voff - 1, 0);
            *txt = dup_or_nomem(p, at->value);
        } else {
            if (at->value[0] == '\0') {
                ERR(p, at->voff, "'%s' mangler et udtryk", at->text);
                continue;
            }
            keep_expr(p, x, at->value, strlen(at->value), at->voff);
        }
    }
}

/* Start of "sum(" in s (blanks allowed before '('): the offset just after
 * the '(', or 0 when s is not a sum() term. */
static size_t sum_open(const char *s, size_t len)
{
    if (len < 4 || memcmp(s, "sum", 3) != 0)
        return 0;
    size_t i = skip_blank(s, 3);
    return i < len && s[i] == '(' ? i + 1 : 0;
}

/* Operands of a term whose shape check_term() accepted. */
static size_t term_operands(const char *s)
{
    size_t o = sum_open(s, strlen(s));
    if (!o)
        return 1;
    size_t n = 1;
    for (const char *c = s + o; *c; c++)
        n += *c == ',';
    return n;
}

/*
 * Check the shape of a sum term at byte offset off of the current line: one
 * variable name (with {name} bindings), or sum(a, b, ...) of such names.
 * The names themselves are checked when the term is compiled.  0, or -1
 * after reporting.
 */
static int check_term(pstate *p, const char *s, size_t len, size_t off)
{
    size_t i = sum_open(s, len);
    size_t end = len;
    if (i) {
        if (s[len - 1] != ')') {
            ERR(p, off + len - 1, "forventede ')' til sidst i summen");
            return -1;
        }
        end = len - 1;
    }
    int want_name = 1;
    for (; i < end; i++) {
        char c = s[i];
        int ident = is_ident_char((unsigned char)c) || c == '{' || c == '}';
        if (ident) {
            if (!want_name && (s[i - 1] == ' ' || s[i - 1] == '\t'))
                goto bad;
            want_name = 0;
        } else if (c == ',' && sum_open(s, len) && !want_name) {
            want_name = 1;
        } else if (!((c == ' ' || c == '\t') && sum_open(s, len))) {
            goto bad;
        }
        continue;
    bad:
        ERR(p, off + i, "'sum' tager én variabel eller sum(a, b, ...) af "
                        "variabler");
        return -1;
    }
    if (want_name) {
        ERR(p, off + end, "'sum' mangler en variabel");
        return -1;
    }
    return 0;
}

static void kw_measure(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    btable *b = p->cur;
    ak_tpl_table *t = b->t;
    int kind = -1;
    for (int m = AK_M_ANTAL; m <= AK_M_SUM; m++)
        if (strcmp(ak_measure_key((ak_measure)m), a[0].t.text) == 0)
            kind = m;
    if (kind < 0) {
        ERR(p, a[0].t.off, "ukendt mål '%s' (brug antal, procent, "
                           "gennemsnit eller sum)", a[0].t.text);
        return;
    }
    for (size_t i = 0; i < t->nmeasures; i++)
        if ((int)t->measures[i].kind == kind) {
            ERR(p, a[0].t.off, "målet '%s' er angivet to gange", a[0].t.text);
            return;
        }
    if (kind == AK_M_GENNEMSNIT && !a[2].expr) {
        ERR(p, strlen(p->line), "'gennemsnit' mangler variablen, der skal "
                                "tages gennemsnit af");
        return;
    }
    if (kind != AK_M_GENNEMSNIT && kind != AK_M_SUM && a[2].expr) {
        ERR(p, a[2].eoff, "kun 'gennemsnit' og 'sum' tager en variabel");
        return;
    }
    if (kind == AK_M_SUM && a[2].expr &&
        check_term(p, a[2].expr, a[2].elen, a[2].eoff) != 0)
        return;
    if (grow_pair(&t->measures, sizeof *t->measures, &b->bmeas,
                  sizeof *b->bmeas, &b->measurecap, t->nmeasures)) {
        nomem(p);
        return;
    }
    ak_tpl_measure *m = &t->measures[t->nmeasures];
    srcx *x = &b->bmeas[t->nmeasures];
    memset(m, 0, sizeof *m);
    memset(x, 0, sizeof *x);
    t->nmeasures++;
    m->kind = (ak_measure)kind;
    if (a[1].t.text) {
        check_text(p, a[1].t.text, a[1].t.off, 0);
        m->label = dup_or_nomem(p, a[1].t.text);
    }
    if (a[2].expr && kind == AK_M_GENNEMSNIT) {
        for (size_t i = 0; i < a[2].elen; i++) {
            char c = a[2].expr[i];
            if (!is_ident_char((unsigned char)c) && c != '{' && c != '}') {
                ERR(p, a[2].eoff + i, "'gennemsnit' tager én variabel");
                return;
            }
        }
    }
    if (a[2].expr)
        keep_expr(p, x, a[2].expr, a[2].elen, a[2].eoff);
}

/* Append a row (kind, label) and its builder slot; NULL on OOM. */
static ak_tpl_row *add_row(pstate *p, ak_rowkind kind, const tok *label)
{
    btable *b = p->cur;
    ak_tpl_table *t = b->t;
    if (grow_pair(&t->rows, sizeof *t->rows, &b->brows, sizeof *b->brows,
                  &b->browcap, t->nrows)) {
        nomem(p);
        return NULL;
    }
    ak_tpl_row *r = &t->rows[t->nrows];
    memset(r, 0, sizeof *r);
    memset(&b->brows[t->nrows], 0, sizeof b->brows[t->nrows]);
    t->nrows++;
    r->kind = kind;
    r->line = p->lineno;
    check_text(p, label->text, label->off, 0);
    r->label = dup_or_nomem(p, label->text);
    loc_set(p, &b->brows[t->nrows - 1].key_at, label->off);
    return r;
}

/* A declared row key: [a-z0-9_]+, at most 100 characters. */
static int valid_key(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > 100)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') ||
              v[i] == '_'))
            return 0;
    return 1;
}

/*
 * The key derived from a row's label as written (before {year} is
 * expanded): lower case, æ ø å as ae oe aa, every run of other characters
 * as one '_', none at either end ("1,1 - 2 tilsyn" -> "1_1_2_tilsyn";
 * "Ja, i alt" -> "ja_i_alt").  "row" when nothing is left.  NULL on OOM.
 */
static char *derive_key(const char *label)
{
    size_t n = strlen(label);
    char *k = ak_malloc(2 * n + 4);
    if (!k)
        return NULL;
    size_t o = 0;
    int sep = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)label[i];
        const char *rep = NULL;
        if (c == 0xC3 && i + 1 < n) {
            switch ((unsigned char)label[i + 1]) {
            case 0x86: case 0xA6: rep = "ae"; break;   /* Æ æ */
            case 0x98: case 0xB8: rep = "oe"; break;   /* Ø ø */
            case 0x85: case 0xA5: rep = "aa"; break;   /* Å å */
            }
            if (rep)
                i++;
        }
        char one[2] = {0, 0};
        if (!rep && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            one[0] = (char)c;
            rep = one;
        } else if (!rep && c >= 'A' && c <= 'Z') {
            one[0] = (char)(c - 'A' + 'a');
            rep = one;
        }
        if (!rep) {
            sep = 1;
            continue;
        }
        if (sep && o > 0)
            k[o++] = '_';
        sep = 0;
        for (; *rep; rep++)
            k[o++] = *rep;
    }
    if (o == 0) {
        memcpy(k, "row", 4);
        return k;
    }
    k[o] = '\0';
    return k;
}

/* A row number of an attribute ("12"): 1..999999, or 0 when not one. */
static size_t attr_rowno(const char *v)
{
    size_t n = 0, len = strlen(v);
    if (len == 0 || len > 6)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 0;
        n = n * 10 + (size_t)(v[i] - '0');
    }
    return n;
}

/*
 * The attributes of a row statement (k: row, optional, subtotal, total):
 * {name}=value bindings and sum= (row, optional), of= (all), from=
 * (subtotal; *from gets the row number, else stays 0).
 */
static void row_attrs(pstate *p, const kwdef *k, const arg *a, ak_tpl_row *r,
                      brow *br, size_t *from)
{
    int leaf = r->kind == AK_ROW_PLAIN;
    size_t cap = 0;
    int have_of = 0;
    for (size_t i = 0; i < a->nattrs; i++) {
        const tok *t = &a->attrs[i];
        if (t->text[0] == '{') {
            if (leaf)
                add_binding(p, t, &br->bind, &br->nbind, &cap);
            else
                ERR(p, t->off, "'%s' tager ingen bindinger ('%s')", k->name,
                    t->text);
        } else if (strcmp(t->text, "of") == 0) {
            if (have_of++) {
                ERR(p, t->off, "'of' er angivet to gange");
            } else if (strcmp(t->value, "population") == 0) {
                r->of = AK_OF_POPULATION;
            } else if (strcmp(t->value, "none") == 0) {
                r->of = AK_OF_NONE;
            } else if ((br->of_n = attr_rowno(t->value)) != 0) {
                r->of = AK_OF_ROW;
                loc_set(p, &br->of_at, t->voff);
            } else {
                ERR(p, t->voff, "ugyldig værdi '%s' for 'of' (brug et "
                                "rækkenummer, population eller none)",
                    t->value);
            }
        } else if (strcmp(t->text, "key") == 0) {
            if (r->key) {
                ERR(p, t->off, "'key' er angivet to gange");
            } else if (!valid_key(t->value)) {
                ERR(p, t->voff, "ugyldig rækkenøgle '%s' (brug små bogstaver "
                                "a-z, cifre og '_')", t->value);
            } else {
                r->key = dup_or_nomem(p, t->value);
                ak_free(br->key_at.ctx);
                loc_set(p, &br->key_at, t->voff);
            }
        } else if (strcmp(t->text, "new") == 0 ||
                   strcmp(t->text, "changed") == 0) {
            int y = parse_year(t->value);
            if (!y)
                ERR(p, t->voff, "ugyldigt årstal '%s' for '%s' (brug fire "
                                "cifre)", t->value, t->text);
            else if (t->text[0] == 'n')
                r->new_since = y;
            else
                r->changed_in = y;
        } else if (strcmp(t->text, "sum") == 0) {
            if (!leaf)
                ERR(p, t->off, "'sum=' kan kun bruges ved 'row' og "
                               "'optional'");
            else if (br->sum.text)
                ERR(p, t->off, "'sum' er angivet to gange");
            else if (check_term(p, t->value, strlen(t->value), t->voff) == 0)
                keep_expr(p, &br->sum, t->value, strlen(t->value), t->voff);
        } else {   /* from */
            size_t n = attr_rowno(t->value);
            if (!from) {
                ERR(p, t->off, "'from=' kan kun bruges ved 'subtotal'");
            } else if (*from) {
                ERR(p, t->off, "'from' er angivet to gange");
            } else if (n == 0 || n >= p->cur->t->nrows) {
                ERR(p, t->voff, "'from=%s' skal være nummeret på en række "
                                "før subtotalen (1-%zu)", t->value,
                    p->cur->t->nrows - 1);
            } else {
                *from = n;
            }
        }
    }
}

static void kw_row(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)off;
    ak_tpl_row *r = add_row(p, AK_ROW_PLAIN, &a[0].t);
    if (!r)
        return;
    r->optional = strcmp(k->name, "optional") == 0;
    brow *br = &p->cur->brows[p->cur->t->nrows - 1];
    row_attrs(p, k, &a[1], r, br, NULL);
    keep_expr(p, &br->cond, a[2].expr, a[2].elen, a[2].eoff);
}

static void kw_population(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    add_row(p, AK_ROW_POPULATION, &a[0].t);
}

static void kw_sum(pstate *p, const kwdef *k, arg *a, size_t off)
{
    int total = strcmp(k->name, "total") == 0;
    ak_tpl_table *t = p->cur->t;
    size_t first = 0;
    for (size_t i = t->nrows; i-- > 0;)
        if (t->rows[i].kind == AK_ROW_SUBTOTAL ||
            t->rows[i].kind == AK_ROW_TOTAL) {
            first = i + 1;
            break;
        }
    ak_tpl_row *r = add_row(p, total ? AK_ROW_TOTAL : AK_ROW_SUBTOTAL, &a[0].t);
    if (!r)
        return;
    size_t from = 0;
    row_attrs(p, k, &a[1], r, &p->cur->brows[t->nrows - 1],
              total ? NULL : &from);
    if (from)
        first = from - 1;
    size_t leaves = 0;
    for (size_t i = first; i + 1 < t->nrows; i++)
        leaves += t->rows[i].kind == AK_ROW_PLAIN;
    if (!total && leaves == 0)
        ERR(p, off, "'subtotal' skal stå efter de rækker, den summerer");
    r->first = first;
}

static void kw_note(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    btable *b = p->cur;
    ak_tpl_table *t = b->t;
    if (grow_pair(&t->notes, sizeof *t->notes, &b->bnotes, sizeof *b->bnotes,
                  &b->notecap, t->nnotes)) {
        nomem(p);
        return;
    }
    check_text(p, a[0].t.text, a[0].t.off, 1);
    t->notes[t->nnotes] = dup_or_nomem(p, a[0].t.text);
    loc *l = &b->bnotes[t->nnotes];
    memset(l, 0, sizeof *l);
    t->nnotes++;
    loc_set(p, l, a[0].t.off);
}

/* ---- end of a table file: compile everything ---------------------------- */

/* Compile x with the given bindings for column key; NULL on failure
 * (reported; when the expression uses bindings, the message names the
 * column and its bindings, since the same text compiles once per column). */
static ak_expr *compile(pstate *p, const srcx *x, const ak_binding *bind,
                        size_t nbind, const char *key)
{
    ak_srcloc l = {p->file, x->line, x->col, x->ctx};
    ak_expr *e = NULL;
    int bound = nbind > 0 && strchr(x->text, '{') != NULL;
    ak_diags *tmp = bound ? ak_diags_new() : NULL;
    if (bound && !tmp) {
        nomem(p);
        return NULL;
    }
    ak_status st = ak_expr_parse(x->text, strlen(x->text), p->cb,
                                 p->cb->nvars, bind, nbind, &l, &e,
                                 bound ? tmp : p->d);
    for (size_t i = 0; i < ak_diags_count(tmp); i++) {
        ak_diag g = *ak_diags_get(tmp, i);
        char msg[1024];
        size_t n = (size_t)snprintf(msg, sizeof msg, "%s (kolonnen '%s' med",
                                    g.message ? g.message : "", key);
        for (size_t b = 0; b < nbind && n < sizeof msg; b++)
            n += (size_t)snprintf(msg + n, sizeof msg - n, "%s {%s}=%s",
                                  b ? "," : "", bind[b].name, bind[b].value);
        if (n < sizeof msg)
            snprintf(msg + n, sizeof msg - n, ")");
        g.message = msg;
        if (ak_diags_add(p->d, &g) != 0)
            st = AK_ERR_NOMEM;
    }
    if (tmp && ak_diags_lost(tmp))
        st = AK_ERR_NOMEM;
    ak_diags_free(tmp);
    if (st == AK_ERR_NOMEM) {
        nomem(p);
    } else if (st != AK_OK && p->st == AK_OK) {
        p->st = AK_ERR_SYNTAX;
    }
    if (st != AK_OK) {
        ak_expr_free(e);
        return NULL;
    }
    return e;
}

/* Column bindings with the row's added or overriding; caller frees the
 * array only (strings are borrowed). */
static ak_binding *merge_bindings(pstate *p, const ak_tpl_col *c,
                                  const brow *br, size_t *n)
{
    ak_binding *m = ak_calloc(c->nbind + br->nbind + 1, sizeof *m);
    if (!m) {
        nomem(p);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < br->nbind; i++)
        m[k++] = br->bind[i];
    for (size_t i = 0; i < c->nbind; i++) {
        int over = 0;
        for (size_t j = 0; j < br->nbind; j++)
            over |= strcmp(br->bind[j].name, c->bind[i].name) == 0;
        if (!over)
            m[k++] = c->bind[i];
    }
    *n = k;
    return m;
}

/* Check a note's {base:KEY} and {cell:N:KEY} against the table. */
static void check_note(pstate *p, const ak_tpl_table *t, const char *s,
                       const loc *l)
{
    size_t pos = 0;
    phref r;
    int k;
    while ((k = next_ph(s, &pos, &r)) != 0) {
        if (k < 0)
            break;   /* '{' without '}': reported when the text was read */
        if (k != 1)
            continue;
        int i = ph_lookup(&r);
        if (i < 0 || r.nparts != placeholders[i].nargs + 1)
            continue;
        long col = l->col + 1 + ak_utf8_chars(s, r.start);
        int n = (int)(r.end - r.start);
        ak_tpl_ph ph = placeholders[i].ph;
        if (ph == AK_PH_CELL) {
            size_t rowno = 0;
            int ok = r.plen[1] > 0 && r.plen[1] < 6;
            for (size_t j = 0; ok && j < r.plen[1]; j++) {
                ok = r.part[1][j] >= '0' && r.part[1][j] <= '9';
                rowno = rowno * 10 + (size_t)(r.part[1][j] - '0');
            }
            if (!ok || rowno == 0 || rowno > t->nrows) {
                err_at(p, l->line, col, l->ctx,
                       "rækken '%.*s' i pladsholderen '%.*s' findes ikke "
                       "(tabellen har %zu rækker)", (int)r.plen[1],
                       r.part[1], n, s + r.start, t->nrows);
                continue;
            }
        }
        if (ph == AK_PH_BASE || ph == AK_PH_CELL) {
            int ki = ph == AK_PH_BASE ? 1 : 2;
            int found = 0;
            for (size_t c = 0; c < t->ncols; c++)
                found |= strlen(t->cols[c].key) == r.plen[ki] &&
                         memcmp(t->cols[c].key, r.part[ki], r.plen[ki]) == 0;
            if (!found)
                err_at(p, l->line, col, l->ctx,
                       "ukendt kolonne '%.*s' i pladsholderen '%.*s'",
                       (int)r.plen[ki], r.part[ki], n, s + r.start);
        }
    }
}

/* Compile sum term x with the given bindings into *out (its variables,
 * each a count or decimal); 0, or -1 after reporting. */
static int compile_term(pstate *p, const srcx *x, const ak_binding *bind,
                        size_t nbind, const char *key, ak_tpl_term *out)
{
    memset(out, 0, sizeof *out);
    /* the term as an expression: "TERM >= 0" parses a name or a sum() and
     * keeps the columns of the term's characters */
    char *wrapped = ak_asprintf("%s >= 0", x->text);
    if (!wrapped) {
        nomem(p);
        return -1;
    }
    srcx w = *x;
    w.text = wrapped;
    ak_expr *e = compile(p, &w, bind, nbind, key);
    ak_free(wrapped);
    if (!e)
        return -1;
    const size_t *vars;
    size_t nv = ak_expr_vars(e, &vars);
    int rc = 0;
    if (nv != term_operands(x->text)) {
        err_at(p, x->line, x->col, x->ctx,
               "en variabel står flere gange i summen '%s'", x->text);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < nv; i++) {
        ak_type ty = p->cb->vars[vars[i]].type;
        if (ty != AK_T_DECIMAL && ty != AK_T_COUNT) {
            err_at(p, x->line, x->col, x->ctx,
                   "'sum' kræver variabler af typen decimal eller count, "
                   "ikke %s ('%s')", ak_type_name(ty),
                   p->cb->vars[vars[i]].name);
            rc = -1;
        }
        out->tenths |= ty == AK_T_DECIMAL;
    }
    if (rc == 0) {
        out->vars = ak_calloc(nv + 1, sizeof *out->vars);
        if (!out->vars) {
            nomem(p);
            rc = -1;
        } else {
            memcpy(out->vars, vars, nv * sizeof *vars);
            out->nvars = nv;
        }
    }
    ak_expr_free(e);
    if (rc != 0)
        out->tenths = 0;
    return rc;
}

/* A copy of term s into *d; 0 or -1 when out of memory. */
static int term_copy(pstate *p, ak_tpl_term *d, const ak_tpl_term *s)
{
    *d = *s;
    d->vars = ak_calloc(s->nvars + 1, sizeof *d->vars);
    if (!d->vars) {
        d->nvars = 0;
        nomem(p);
        return -1;
    }
    if (s->nvars)
        memcpy(d->vars, s->vars, s->nvars * sizeof *s->vars);
    return 0;
}

static void terms_free(ak_tpl_term *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        ak_free(t[i].vars);
    ak_free(t);
}

/* The 'sum' measure's term per column, then per leaf row and column the
 * row's sum= (with the row's bindings) or the measure's term. */
static void finish_sums(pstate *p, btable *b)
{
    ak_tpl_table *t = b->t;
    size_t sm = (size_t)-1;
    for (size_t m = 0; m < t->nmeasures; m++)
        if (t->measures[m].kind == AK_M_SUM)
            sm = m;
    if (sm == (size_t)-1) {
        for (size_t r = 0; r < t->nrows; r++) {
            const srcx *x = &b->brows[r].sum;
            if (x->text)
                err_at(p, x->line, x->col, x->ctx,
                       "'sum=' kræver målet 'sum' i tabellen (skriv "
                       "'measure sum')");
        }
        return;
    }
    ak_tpl_measure *ms = &t->measures[sm];
    const srcx *mx = &b->bmeas[sm];
    ms->term = ak_calloc(t->ncols + 1, sizeof *ms->term);
    if (!ms->term) {
        nomem(p);
        return;
    }
    for (size_t c = 0; mx->text && c < t->ncols; c++)
        if (compile_term(p, mx, t->cols[c].bind, t->cols[c].nbind,
                         t->cols[c].key, &ms->term[c]) != 0)
            break;   /* one report is enough */
    for (size_t r = 0; r < t->nrows && p->st != AK_ERR_NOMEM; r++) {
        ak_tpl_row *row = &t->rows[r];
        const brow *br = &b->brows[r];
        if (row->kind != AK_ROW_PLAIN)
            continue;
        row->sum = ak_calloc(t->ncols + 1, sizeof *row->sum);
        if (!row->sum) {
            nomem(p);
            return;
        }
        for (size_t c = 0; c < t->ncols; c++) {
            if (!br->sum.text) {
                if (term_copy(p, &row->sum[c], &ms->term[c]) != 0)
                    return;
                continue;
            }
            size_t nb = 0;
            ak_binding *m = merge_bindings(p, &t->cols[c], br, &nb);
            if (!m)
                return;
            int bad = compile_term(p, &br->sum, m, nb, t->cols[c].key,
                                   &row->sum[c]);
            ak_free(m);
            if (bad)
                break;   /* one report per row */
        }
    }
}

static void finish_table(pstate *p)
{
    btable *b = p->cur;
    if (!b)
        return;
    ak_tpl_table *t = b->t;
    long end = p->lineno;
    const char *what = t->is_figure ? "figuren" : "tabellen";
    if (!t->caption)
        err_at(p, end, 0, NULL, "%s '%s' mangler 'caption'", what, t->id);
    if (!t->title)
        err_at(p, end, 0, NULL, "%s '%s' mangler 'title'", what, t->id);
    if (t->ncols == 0)
        err_at(p, end, 0, NULL, "%s '%s' har ingen kolonner ('column')",
               what, t->id);
    if (t->nmeasures == 0)
        err_at(p, end, 0, NULL, "%s '%s' har ingen mål ('measure')", what,
               t->id);
    if (t->nrows == 0)
        err_at(p, end, 0, NULL, "%s '%s' har ingen rækker ('row')", what,
               t->id);
    if (t->norder == 0 && !b->has_order)
        err_at(p, b->id_at.line, b->id_at.col, b->id_at.ctx,
               "%s '%s' mangler 'order' (id'et er ikke et tal)", what, t->id);
    if (p->st == AK_ERR_NOMEM)
        return;

    /* column bases */
    for (size_t c = 0; c < t->ncols; c++) {
        ak_tpl_col *col = &t->cols[c];
        const srcx *x = b->bcols[c].base.text ? &b->bcols[c].base : &b->base;
        if (!x->text) {
            err_at(p, col->line, 0, NULL,
                   "kolonnen '%s' har ingen base (skriv 'base' for tabellen "
                   "eller base=\"...\" på kolonnen)", col->key);
            continue;
        }
        col->base = compile(p, x, col->bind, col->nbind, col->key);
        if (p->st == AK_ERR_NOMEM)
            return;
    }
    /* row conditions, per column */
    int *cell_bad = ak_calloc(t->ncols + 1, sizeof *cell_bad);
    if (!cell_bad) {
        nomem(p);
        return;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        ak_tpl_row *row = &t->rows[r];
        if (row->kind != AK_ROW_PLAIN)
            continue;
        row->cond = ak_calloc(t->ncols + 1, sizeof *row->cond);
        row->cell = ak_calloc(t->ncols + 1, sizeof *row->cell);
        if (!row->cond || !row->cell) {
            nomem(p);
            break;
        }
        const brow *br = &b->brows[r];
        for (size_t c = 0; c < t->ncols; c++) {
            size_t nb = 0;
            ak_binding *m = merge_bindings(p, &t->cols[c], br, &nb);
            if (!m)
                break;
            row->cond[c] = compile(p, &br->cond, m, nb, t->cols[c].key);
            int bad = row->cond[c] == NULL;
            if (b->bcols[c].cell.text && !cell_bad[c]) {
                row->cell[c] = compile(p, &b->bcols[c].cell, m, nb,
                                       t->cols[c].key);
                if (!row->cell[c])
                    cell_bad[c] = 1;
            }
            ak_free(m);
            if (bad || p->st == AK_ERR_NOMEM)
                break;   /* one report per row is enough */
        }
        if (p->st == AK_ERR_NOMEM)
            break;
    }
    ak_free(cell_bad);
    if (p->st == AK_ERR_NOMEM)
        return;
    /* gennemsnit variables */
    for (size_t m = 0; m < t->nmeasures; m++) {
        ak_tpl_measure *ms = &t->measures[m];
        srcx *x = &b->bmeas[m];
        if (!x->text || ms->kind != AK_M_GENNEMSNIT)
            continue;
        ms->var = ak_calloc(t->ncols + 1, sizeof *ms->var);
        char *wrapped = ak_asprintf("answered(%s)", x->text);
        if (!ms->var || !wrapped) {
            ak_free(wrapped);
            nomem(p);
            return;
        }
        srcx w = *x;
        w.text = wrapped;
        w.col = x->col - 9;   /* strlen("answered(") */
        for (size_t c = 0; c < t->ncols; c++) {
            ak_tpl_col *col = &t->cols[c];
            ak_expr *e = compile(p, &w, col->bind, col->nbind, col->key);
            if (!e)
                break;
            const size_t *vars;
            size_t nv = ak_expr_vars(e, &vars);
            ms->var[c] = nv == 1 ? vars[0] : AK_NO_VAR;
            ak_expr_free(e);
            size_t v = ms->var[c];
            ak_type ty = v != AK_NO_VAR ? p->cb->vars[v].type : AK_T_TEXT;
            if (ty != AK_T_DECIMAL && ty != AK_T_COUNT) {
                err_at(p, x->line, x->col, x->ctx,
                       "'gennemsnit' kræver en variabel af typen decimal "
                       "eller count, ikke %s ('%s')", ak_type_name(ty),
                       v != AK_NO_VAR ? p->cb->vars[v].name : x->text);
                break;
            }
        }
        ak_free(wrapped);
        if (p->st == AK_ERR_NOMEM)
            return;
    }
    finish_sums(p, b);
    if (p->st == AK_ERR_NOMEM)
        return;
    /* of=N */
    for (size_t r = 0; r < t->nrows; r++) {
        const brow *br = &b->brows[r];
        if (t->rows[r].of != AK_OF_ROW)
            continue;
        if (br->of_n > t->nrows)
            err_at(p, br->of_at.line, br->of_at.col, br->of_at.ctx,
                   "rækken '%zu' i 'of=' findes ikke (tabellen har %zu "
                   "rækker)", br->of_n, t->nrows);
        else
            t->rows[r].of_row = br->of_n - 1;
    }
    for (size_t i = 0; i < t->nnotes; i++)
        check_note(p, t, t->notes[i], &b->bnotes[i]);
    /* row keys: declared, else derived from the label; unique */
    for (size_t r = 0; r < t->nrows; r++) {
        if (!t->rows[r].key && !(t->rows[r].key = derive_key(t->rows[r].label))) {
            nomem(p);
            return;
        }
        for (size_t q = 0; q < r; q++)
            if (strcmp(t->rows[q].key, t->rows[r].key) == 0) {
                const loc *l = &b->brows[r].key_at;
                err_at(p, l->line, l->col, l->ctx,
                       "rækkenøglen '%s' findes allerede i %s '%s' (linje "
                       "%ld); giv en af rækkerne sin egen med key=...",
                       t->rows[r].key, what, t->id, t->rows[q].line);
                break;
            }
    }
}

/* Free a builder's private parts (the ak_tpl_table stays). */
static void btable_clear(btable *b)
{
    size_t ncols = b->t ? b->t->ncols : 0;
    size_t nrows = b->t ? b->t->nrows : 0;
    size_t nmeas = b->t ? b->t->nmeasures : 0;
    size_t nnotes = b->t ? b->t->nnotes : 0;
    srcx_free(&b->base);
    for (size_t i = 0; b->bcols && i < ncols; i++) {
        srcx_free(&b->bcols[i].base);
        srcx_free(&b->bcols[i].cell);
    }
    ak_free(b->bcols);
    for (size_t i = 0; b->brows && i < nrows; i++) {
        srcx_free(&b->brows[i].cond);
        srcx_free(&b->brows[i].sum);
        ak_free(b->brows[i].of_at.ctx);
        ak_free(b->brows[i].key_at.ctx);
        free_bindings(b->brows[i].bind, b->brows[i].nbind);
    }
    ak_free(b->brows);
    for (size_t i = 0; b->bmeas && i < nmeas; i++)
        srcx_free(&b->bmeas[i]);
    ak_free(b->bmeas);
    for (size_t i = 0; b->bnotes && i < nnotes; i++)
        ak_free(b->bnotes[i].ctx);
    ak_free(b->bnotes);
    ak_free(b->section_key);
    ak_free(b->section_at.ctx);
    ak_free(b->order_at.ctx);
    ak_free(b->id_at.ctx);
    b->bcols = NULL;
    b->brows = NULL;
    b->bmeas = NULL;
    b->bnotes = NULL;
    b->section_key = NULL;
    b->section_at.ctx = b->order_at.ctx = b->id_at.ctx = NULL;
}

/* Free everything a table owns (not the struct itself). */
static void table_clear(ak_tpl_table *t)
{
    ak_free(t->file);
    ak_free(t->id);
    ak_free(t->caption);
    ak_free(t->title);
    ak_free(t->section);
    ak_free(t->chapter);
    for (size_t c = 0; c < t->ncols; c++) {
        ak_free(t->cols[c].key);
        ak_free(t->cols[c].group);
        ak_free(t->cols[c].label);
        free_bindings(t->cols[c].bind, t->cols[c].nbind);
        ak_expr_free(t->cols[c].base);
    }
    ak_free(t->cols);
    for (size_t m = 0; m < t->nmeasures; m++) {
        ak_free(t->measures[m].label);
        ak_free(t->measures[m].var);
        terms_free(t->measures[m].term, t->ncols);
    }
    ak_free(t->measures);
    for (size_t r = 0; r < t->nrows; r++) {
        ak_tpl_row *row = &t->rows[r];
        ak_free(row->label);
        ak_free(row->key);
        for (size_t c = 0; c < t->ncols; c++) {
            if (row->cond)
                ak_expr_free(row->cond[c]);
            if (row->cell)
                ak_expr_free(row->cell[c]);
        }
        ak_free(row->cond);
        ak_free(row->cell);
        terms_free(row->sum, t->ncols);
    }
    ak_free(t->rows);
    for (size_t i = 0; i < t->nnotes; i++)
        ak_free(t->notes[i]);
    ak_free(t->notes);
    ak_free(t->axis_title);
    ak_free(t->source);
}

static void table_free(ak_tpl_table *t)
{
    if (!t)
        return;
    table_clear(t);
    ak_free(t);
}

/* ---- files -------------------------------------------------------------- */

static void parse_file(pstate *p, const ak_tpl_source *src)
{
    p->file = src->name;
    p->scope = 0;
    p->cur = NULL;
    memset(p->once_line, 0, sizeof p->once_line);
    const char *buf = src->buf;
    size_t len = src->len;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    const char *bad = NULL;
    if (!g_utf8_validate(buf, (gssize)len, &bad)) {
        long line = 1;
        for (const char *c = buf; c < bad; c++)
            line += *c == '\n';
        err_at(p, line, 0, NULL, "filen er ikke gyldig UTF-8");
        return;
    }
    char *line = NULL;
    size_t linecap = 0;
    long lineno = 0;
    size_t pos = 0;
    while (pos < len && p->st != AK_ERR_NOMEM && p->scope >= 0) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        size_t n = end - pos;
        if (n > 0 && buf[pos + n - 1] == '\r')
            n--;
        lineno++;
        if (memchr(buf + pos, '\0', n)) {
            err_at(p, lineno, 0, NULL, "linjen indeholder et NUL-tegn");
        } else {
            if (n + 1 > linecap) {
                char *l2 = ak_realloc(line, n + 1);
                if (!l2) {
                    nomem(p);
                    break;
                }
                line = l2;
                linecap = n + 1;
            }
            memcpy(line, buf + pos, n);
            line[n] = '\0';
            p->lineno = lineno;
            p->line = line;
            statement(p);
        }
        pos = nl ? end + 1 : len;
    }
    p->lineno = lineno;
    p->line = "";
    if (p->st != AK_ERR_NOMEM) {
        if (p->scope == 0)
            err_at(p, lineno > 0 ? lineno : 1, 0, NULL,
                   "filen er tom (forventede 'table', 'figure', 'text' eller "
                   "'report')");
        else if (p->scope == SC_TABLE || p->scope == SC_FIGURE)
            finish_table(p);
    }
    p->line = NULL;
    ak_free(line);
}

static int order_cmp(const ak_tpl_table *a, const ak_tpl_table *b)
{
    for (size_t i = 0; i < a->norder && i < b->norder; i++)
        if (a->order[i] != b->order[i])
            return a->order[i] < b->order[i] ? -1 : 1;
    return a->norder < b->norder ? -1 : a->norder > b->norder;
}

static int btable_cmp(const void *x, const void *y)
{
    const btable *a = x, *b = y;
    int c = order_cmp(a->t, b->t);
    if (c)
        return c;
    return strcmp(a->t->id ? a->t->id : "", b->t->id ? b->t->id : "");
}

static const bsection *find_section(const pstate *p, const char *key)
{
    for (size_t i = 0; i < p->nsections; i++)
        if (strcmp(p->sections[i].key, key) == 0)
            return &p->sections[i];
    return NULL;
}

/* Checks across files: ids, order, sections. */
static void finish_set(pstate *p)
{
    for (size_t i = 0; i < p->nsections; i++) {
        bsection *s = &p->sections[i];
        p->file = p->set_file;
        if (s->parent && !find_section(p, s->parent))
            err_at(p, s->parent_at.line, s->parent_at.col, s->parent_at.ctx,
                   "ukendt afsnit '%s'", s->parent);
    }
    for (size_t i = 0; i < p->ntables; i++) {
        btable *b = &p->tables[i];
        ak_tpl_table *t = b->t;
        p->file = t->file;
        for (size_t j = 0; j < i; j++) {
            ak_tpl_table *u = p->tables[j].t;
            if (t->id && u->id && strcmp(t->id, u->id) == 0)
                err_at(p, b->id_at.line, b->id_at.col, b->id_at.ctx,
                       "tabellen '%s' findes også i '%s'", t->id, u->file);
            else if (t->norder && u->norder && order_cmp(t, u) == 0) {
                const loc *l = b->has_order ? &b->order_at : &b->id_at;
                err_at(p, l->line, l->col, l->ctx,
                       "'%s' har samme rækkefølge som '%s' i '%s' (brug "
                       "'order')", t->id, u->id, u->file);
            }
        }
        if (b->section_key) {
            const bsection *s = find_section(p, b->section_key);
            if (!s) {
                err_at(p, b->section_at.line, b->section_at.col,
                       b->section_at.ctx, "ukendt afsnit '%s'%s",
                       b->section_key,
                       p->have_set ? "" : " (ingen rapportfil med "
                                          "'section' fundet)");
                continue;
            }
            t->section = dup_or_nomem(p, s->heading);
            if (s->parent) {
                const bsection *ps = find_section(p, s->parent);
                if (ps)
                    t->chapter = dup_or_nomem(p, ps->heading);
            }
        }
    }
    p->file = NULL;
}

static void doc_clear(ak_tpl_doc *d)
{
    ak_free(d->number);
    ak_free(d->text);
    ak_free(d->name);
    ak_free(d->cond);
    ak_free(d->file);
    ak_free(d->ctx);
}

static int bdoc_cmp(const void *a, const void *b)
{
    const bdoc *x = a, *y = b;
    for (size_t i = 0; i < x->norder && i < y->norder; i++)
        if (x->order[i] != y->order[i])
            return x->order[i] < y->order[i] ? -1 : 1;
    if (x->norder != y->norder)
        return x->norder < y->norder ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Move the text statements into ts in document order and check them:
 * sections and tables named exist, every table is placed at most once,
 * every placeholder resolves (ak_prose_check). */
static void finish_doc(pstate *p, ak_tableset *ts)
{
    char msg[512];
    if (p->ncolophon) {
        ts->colophon = p->colophon;
        ts->ncolophon = p->ncolophon;
        p->colophon = NULL;
        p->ncolophon = 0;
        ak_prose *cx = ak_prose_new(ts, NULL, NULL);
        if (!cx) {
            nomem(p);
            return;
        }
        p->file = p->set_file;
        for (size_t i = 0; i < ts->ncolophon; i++) {
            size_t off = 0;
            int r = ak_prose_check(cx, ts->colophon[i].value, 0, NULL, &off,
                                   msg, sizeof msg);
            if (r == -2)
                nomem(p);
            else if (r < 0)
                err_at(p, 0, 0, NULL, "colophon '%s': %s",
                       ts->colophon[i].label, msg);
        }
        ak_prose_free(cx);
        p->file = NULL;
    }
    if (p->ndocs == 0)
        return;
    qsort(p->docs, p->ndocs, sizeof *p->docs, bdoc_cmp);
    ts->doc = ak_calloc(p->ndocs, sizeof *ts->doc);
    unsigned char *placed = ak_calloc(ts->ntables + 1, 1);
    ak_prose *px = ak_prose_new(ts, NULL, NULL);
    if (!ts->doc || !placed || !px) {
        ak_free(placed);
        ak_prose_free(px);
        nomem(p);
        return;
    }
    for (size_t i = 0; i < p->ndocs; i++) {
        ts->doc[i] = p->docs[i].d;
        memset(&p->docs[i].d, 0, sizeof p->docs[i].d);
    }
    ts->ndoc = p->ndocs;
    p->ndocs = 0;
    for (size_t i = 0; i < ts->ndoc && p->st != AK_ERR_NOMEM; i++) {
        ak_tpl_doc *d = &ts->doc[i];
        p->file = d->file;
        if (d->kind == AK_TD_HEADING) {
            const bsection *sec = find_section(p, d->name);
            if (!sec) {
                err_at(p, d->line, d->col, d->ctx, "ukendt afsnit '%s'",
                       d->name);
                continue;
            }
            d->text = dup_or_nomem(p, sec->heading);
        }
        if (d->kind == AK_TD_PLACE) {
            size_t t = 0;
            while (t < ts->ntables && strcmp(ts->tables[t].id, d->name) != 0)
                t++;
            if (t == ts->ntables)
                err_at(p, d->line, d->col, d->ctx,
                       "ukendt tabel '%s'", d->name);
            else if (placed[t])
                err_at(p, d->line, d->col, d->ctx,
                       "tabellen '%s' er allerede placeret", d->name);
            else
                placed[t] = 1;
            d->table = t;
            continue;
        }
        size_t off = 0;
        int r;
        if (d->cond) {
            r = ak_prose_check(px, d->cond, 2, NULL, &off, msg, sizeof msg);
            if (r == -2)
                nomem(p);
            else if (r < 0)
                err_at(p, d->line, d->cond_col + ak_utf8_chars(d->cond, off),
                       d->ctx, "%s", msg);
        }
        if (d->number) {
            r = ak_prose_check(px, d->number, 0, NULL, &off, msg, sizeof msg);
            if (r == -2)
                nomem(p);
            else if (r < 0)
                err_at(p, d->line, 0, d->ctx, "%s", msg);
        }
        if (d->text) {
            int what = d->kind == AK_TD_LET ? 1 : 0;
            r = ak_prose_check(px, d->text, what, d->name, &off, msg,
                               sizeof msg);
            if (r == -2)
                nomem(p);
            else if (r < 0)
                err_at(p, d->line,
                       d->kind == AK_TD_HEADING
                           ? d->col : d->col + ak_utf8_chars(d->text, off),
                       d->ctx, "%s", msg);
        }
    }
    ak_free(placed);
    ak_prose_free(px);
    p->file = NULL;
}

static void pstate_clear(pstate *p)
{
    for (size_t i = 0; i < p->ndocs; i++)
        doc_clear(&p->docs[i].d);
    ak_free(p->docs);
    for (size_t i = 0; i < p->ncolophon; i++) {
        ak_free(p->colophon[i].label);
        ak_free(p->colophon[i].value);
    }
    ak_free(p->colophon);
    for (size_t i = 0; i < p->ntables; i++) {
        btable_clear(&p->tables[i]);
        table_free(p->tables[i].t);
    }
    ak_free(p->tables);
    for (size_t i = 0; i < p->nsections; i++) {
        ak_free(p->sections[i].key);
        ak_free(p->sections[i].heading);
        ak_free(p->sections[i].parent);
        ak_free(p->sections[i].at.ctx);
        ak_free(p->sections[i].parent_at.ctx);
    }
    ak_free(p->sections);
    ak_free(p->report_title);
    ak_free(p->rounding_note);
    for (int m = 0; m < AK_META_COUNT; m++)
        ak_free(p->meta[m]);
    ak_free(p->set_file);
}

ak_status ak_templates_parse(const ak_tpl_source *src, size_t n,
                             const ak_codebook *cb, ak_tableset **out,
                             ak_diags *d)
{
    *out = NULL;
    if (!cb || (!src && n))
        return AK_ERR_USAGE;
    pstate p = {0};
    p.cb = cb;
    p.d = d;
    for (size_t i = 0; i < n && p.st != AK_ERR_NOMEM; i++)
        parse_file(&p, &src[i]);
    if (p.st != AK_ERR_NOMEM)
        finish_set(&p);
    if (p.st == AK_OK && p.ntables == 0) {
        ak_diags_addf(d, AK_SEV_FATAL, "template", NULL, 0, 0,
                      "ingen tabeller eller figurer i skabelonerne");
        p.st = AK_ERR_SYNTAX;
    }
    if (p.st == AK_OK && ak_diags_lost(d))
        p.st = AK_ERR_NOMEM;
    if (p.st != AK_OK) {
        ak_status st = p.st;
        pstate_clear(&p);
        return st;
    }
    ak_tableset *ts = ak_calloc(1, sizeof *ts);
    ak_tpl_table *arr = ak_calloc(p.ntables, sizeof *arr);
    if (!ts || !arr) {
        ak_free(ts);
        ak_free(arr);
        pstate_clear(&p);
        return AK_ERR_NOMEM;
    }
    qsort(p.tables, p.ntables, sizeof *p.tables, btable_cmp);
    for (size_t i = 0; i < p.ntables; i++) {
        btable_clear(&p.tables[i]);
        arr[i] = *p.tables[i].t;
        ak_free(p.tables[i].t);
        p.tables[i].t = NULL;
    }
    ts->tables = arr;
    ts->ntables = p.ntables;
    ts->report_title = p.report_title;
    ts->rounding_note = p.rounding_note;
    p.report_title = p.rounding_note = NULL;
    for (int m = 0; m < AK_META_COUNT; m++) {
        ts->meta[m] = p.meta[m];
        p.meta[m] = NULL;
    }
    p.ntables = 0;
    finish_doc(&p, ts);
    if (p.st == AK_OK && ak_diags_lost(d))
        p.st = AK_ERR_NOMEM;
    ak_status st = p.st;
    pstate_clear(&p);
    if (st != AK_OK) {
        ak_tableset_free(ts);
        return st;
    }
    *out = ts;
    return AK_OK;
}

void ak_tableset_free(ak_tableset *ts)
{
    if (!ts)
        return;
    for (size_t i = 0; i < ts->ntables; i++)
        table_clear(&ts->tables[i]);
    ak_free(ts->tables);
    ak_free(ts->report_title);
    ak_free(ts->rounding_note);
    for (size_t i = 0; i < ts->ndoc; i++)
        doc_clear(&ts->doc[i]);
    ak_free(ts->doc);
    for (size_t i = 0; i < ts->ncolophon; i++) {
        ak_free(ts->colophon[i].label);
        ak_free(ts->colophon[i].value);
    }
    ak_free(ts->colophon);
    for (int m = 0; m < AK_META_COUNT; m++)
        ak_free(ts->meta[m]);
    ak_free(ts);
}

/* ---- directory loader -------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_tpl_suffix(const char *n)
{
    size_t l = strlen(n);
    return l > 4 && strcmp(n + l - 4, ".tpl") == 0 && n[0] != '.';
}

ak_status ak_templates_load(const char *dir, const ak_codebook *cb,
                            ak_tableset **out, ak_diags *d)
{
    *out = NULL;
    DIR *dh = opendir(dir);
    if (!dh) {
        ak_diags_addf(d, AK_SEV_FATAL, "template", dir, 0, 0,
                      "kan ikke læse skabelonmappen");
        return AK_ERR_IO;
    }
    char **names = NULL;
    size_t nnames = 0, cap = 0;
    ak_status st = AK_OK;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        if (!has_tpl_suffix(de->d_name))
            continue;
        if (ak_grow(&names, &cap, nnames, sizeof *names, 4) ||
            !(names[nnames] = ak_asprintf("%s/%s", dir, de->d_name))) {
            st = AK_ERR_NOMEM;
            break;
        }
        nnames++;
    }
    closedir(dh);
    ak_tpl_source *src = NULL;
    if (st == AK_OK && nnames == 0) {
        ak_diags_addf(d, AK_SEV_FATAL, "template", dir, 0, 0,
                      "mappen indeholder ingen skabeloner (*.tpl)");
        st = AK_ERR_IO;
    }
    if (st == AK_OK) {
        qsort(names, nnames, sizeof *names, name_cmp);
        src = ak_calloc(nnames, sizeof *src);
        if (!src)
            st = AK_ERR_NOMEM;
    }
    for (size_t i = 0; st == AK_OK && i < nnames; i++) {
        gchar *buf = NULL;
        gsize len = 0;
        if (!g_file_get_contents(names[i], &buf, &len, NULL)) {
            ak_diags_addf(d, AK_SEV_FATAL, "template", names[i], 0, 0,
                          "kan ikke læse filen");
            st = AK_ERR_IO;
            break;
        }
        /* copy into an engine allocation so fault injection sees it */
        char *copy = ak_malloc(len + 1);
        if (copy) {
            memcpy(copy, buf, len);
            copy[len] = '\0';
        }
        g_free(buf);
        if (!copy) {
            st = AK_ERR_NOMEM;
            break;
        }
        src[i].name = names[i];
        src[i].buf = copy;
        src[i].len = len;
    }
    if (st == AK_OK)
        st = ak_templates_parse(src, nnames, cb, out, d);
    for (size_t i = 0; src && i < nnames; i++)
        ak_free((char *)src[i].buf);
    ak_free(src);
    for (size_t i = 0; i < nnames; i++)
        ak_free(names[i]);
    ak_free(names);
    return st;
}
