/*
 * Templates, the keyword table, the statement reader and the keyword handlers; see tpl.h and include/ak_template.h.
 */
#include "tpl.h"

/* ---- keyword table ------------------------------------------------------ */

/*
 * Argument signature letters:
 *   W  a word            S  a quoted text       s  an optional quoted text
 *   A  attributes name=value / {name}=value (zero or more)
 *   B  bindings {name}=value (zero or more)
 *   R  row attributes: bindings, of=..., sum=..., from=... (zero or more)
 *   E  an expression: the rest of the line     e  optional expression
 */

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
 * notes are checked later (tpl_check_note), when the table is complete. */
static void check_text(pstate *p, const char *s, size_t off, int computed)
{
    size_t pos = 0;
    phref r;
    int k;
    long base = tpl_char_col(p->line, off) + 1;
    while ((k = tpl_next_ph(s, &pos, &r)) != 0) {
        long col = base + ak_utf8_chars(s, r.start);
        if (k < 0) {
            tpl_err_at(p, p->lineno, col, p->line,
                   "'{' uden '}' i teksten (skriv '{{' for et '{')");
            return;
        }
        if (k == 2)
            continue;
        int i = tpl_ph_lookup(&r);
        int n = (int)(r.end - r.start);
        if (i < 0) {
            tpl_err_at(p, p->lineno, col, p->line,
                   "ukendt pladsholder '%.*s'", n, s + r.start);
            continue;
        }
        if (r.nparts != tpl_placeholders[i].nargs + 1) {
            tpl_err_at(p, p->lineno, col, p->line,
                   "pladsholderen '%.*s' skal have %d argument(er)", n,
                   s + r.start, tpl_placeholders[i].nargs);
            continue;
        }
        if (tpl_placeholders[i].computed && !computed)
            tpl_err_at(p, p->lineno, col, p->line,
                   "pladsholderen '%.*s' kan kun bruges i en note", n,
                   s + r.start);
    }
}

/* ---- tpl_statement reader --------------------------------------------------- */

static void args_clear(arg *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        tpl_tok_clear(&a[i].t);
        for (size_t j = 0; j < a[i].nattrs; j++)
            tpl_tok_clear(&a[i].attrs[j]);
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

/* Attribute names a row tpl_statement takes besides {name}=value bindings (an
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
            size_t j = tpl_skip_blank(s, i);
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
        int r = tpl_lex_tok(p, &i, &t);
        if (r < 0)
            return -1;
        if (c == 'A' || c == 'B' || c == 'R') {
            while (r == 1 && t.kind == TK_ATTR &&
                   (c == 'A' || t.text[0] == '{' ||
                    (c == 'R' && is_row_attr(t.text)))) {
                if (ak_grow(&a[n].attrs, &a[n].attrcap, a[n].nattrs, sizeof t, 4)) {
                    tpl_tok_clear(&t);
                    tpl_nomem(p);
                    return -1;
                }
                a[n].attrs[a[n].nattrs++] = t;
                save = i;
                r = tpl_lex_tok(p, &i, &t);
                if (r < 0)
                    return -1;
            }
            if (r == 1)
                tpl_tok_clear(&t);
            i = save;
            continue;
        }
        int want_string = c == 'S' || c == 's';
        if (r == 0 || (want_string && t.kind != TK_STRING) ||
            (c == 'W' && t.kind != TK_WORD)) {
            if (r == 1 && c == 's' && t.kind != TK_STRING) {
                tpl_tok_clear(&t);
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
                tpl_tok_clear(&t);
            return -1;
        }
        a[n].t = t;
    }
    size_t j = i;
    tok t;
    int r = tpl_lex_tok(p, &j, &t);
    if (r < 0)
        return -1;
    if (r == 1) {
        ERR(p, t.off, "uventet '%s' efter '%s'",
            t.kind == TK_ATTR ? t.text : t.text, k->name);
        tpl_tok_clear(&t);
        return -1;
    }
    return 0;
}

void tpl_statement(pstate *p)
{
    size_t i = 0;
    tok kw;
    int r = tpl_lex_tok(p, &i, &kw);
    if (r <= 0)
        return;
    if (kw.kind != TK_WORD) {
        ERR(p, kw.off, "forventede et nøgleord, ikke '%s'", kw.text);
        tpl_tok_clear(&kw);
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
        tpl_tok_clear(&kw);
        return;
    }
    size_t kwoff = kw.off;
    tpl_tok_clear(&kw);
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

char *tpl_dup_or_nomem(pstate *p, const char *s)
{
    char *c = ak_strdup(s);
    if (!c)
        tpl_nomem(p);
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
    p->set_file = tpl_dup_or_nomem(p, p->file);
    check_text(p, a[0].t.text, a[0].t.off, 0);
    p->report_title = tpl_dup_or_nomem(p, a[0].t.text);
}

static int parse_order(const char *s, unsigned *out, size_t *n);

static void kw_colophon(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    /* placeholders are checked with the text (tpl_finish_doc) */
    if (ak_grow(&p->colophon, &p->colophoncap, p->ncolophon, sizeof *p->colophon, 4)) {
        tpl_nomem(p);
        return;
    }
    ak_tpl_colophon *c = &p->colophon[p->ncolophon++];
    c->label = tpl_dup_or_nomem(p, a[0].t.text);
    c->value = tpl_dup_or_nomem(p, a[1].t.text);
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

/* A text tpl_statement: chapter, heading, subheading, para, place, let,
 * questionnaire.  Placeholders are checked when every file is read. */
static void kw_doc(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)off;
    if (ak_grow(&p->docs, &p->doccap, p->ndocs, sizeof *p->docs, 4)) {
        tpl_nomem(p);
        return;
    }
    bdoc *b = &p->docs[p->ndocs];
    memset(b, 0, sizeof *b);
    memcpy(b->order, p->text_order, sizeof b->order);
    b->norder = p->text_norder;
    b->seq = p->ndocs;
    ak_tpl_doc *d = &b->d;
    const char *kw = k->name;
    d->file = tpl_dup_or_nomem(p, p->file);
    d->line = p->lineno;
    d->ctx = tpl_dup_or_nomem(p, p->line);
    if (strcmp(kw, "let") == 0) {
        d->kind = AK_TD_LET;
        d->name = tpl_dup_or_nomem(p, a[0].t.text);
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
            tpl_nomem(p);
        } else {
            memcpy(d->text, p->line + i, e - i);
            d->text[e - i] = 0;
        }
        d->col = tpl_char_col(p->line, i);
        p->ndocs++;
        return;
    }
    for (size_t j = 0; j < a[0].nattrs; j++) {
        tok *t = &a[0].attrs[j];
        if (strcmp(t->text, "if") == 0 && !d->cond) {
            d->cond = tpl_dup_or_nomem(p, t->value);
            d->cond_col = tpl_char_col(p->line, t->voff);
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
            d->number = tpl_dup_or_nomem(p, a[1].t.text);
        d->text = tpl_dup_or_nomem(p, txt->text);
        d->col = tpl_char_col(p->line, txt->off + 1);
    } else if (strcmp(kw, "heading") == 0) {
        d->kind = AK_TD_HEADING;
        d->name = tpl_dup_or_nomem(p, a[1].t.text);   /* the section key */
        d->col = tpl_char_col(p->line, a[1].t.off);
    } else if (strcmp(kw, "place") == 0) {
        d->kind = AK_TD_PLACE;
        d->name = tpl_dup_or_nomem(p, a[1].t.text);
        d->col = tpl_char_col(p->line, a[1].t.off);
    } else if (strcmp(kw, "questionnaire") == 0 ||
               strcmp(kw, "nonrespondents") == 0) {
        d->kind = kw[0] == 'q' ? AK_TD_QUESTIONNAIRE : AK_TD_NONRESP;
        d->col = tpl_char_col(p->line, off);
    } else {
        d->kind = strcmp(kw, "para") == 0 ? AK_TD_PARA : AK_TD_SUBHEADING;
        d->text = tpl_dup_or_nomem(p, a[1].t.text);
        d->col = tpl_char_col(p->line, a[1].t.off + 1);
    }
    p->ndocs++;
}

static void kw_rounding(pstate *p, const kwdef *k, arg *a, size_t off)
{
    (void)k;
    (void)off;
    check_text(p, a[0].t.text, a[0].t.off, 0);
    ak_free(p->rounding_note);   /* a repeated rounding_note: the last wins */
    p->rounding_note = tpl_dup_or_nomem(p, a[0].t.text);
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
    p->meta[m] = tpl_dup_or_nomem(p, a[1].t.text);
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
        tpl_nomem(p);
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
        s->parent = tpl_dup_or_nomem(p, t->value);
        tpl_loc_set(p, &s->parent_at, t->voff);
    }
    s->key = tpl_dup_or_nomem(p, a[0].t.text);
    s->heading = tpl_dup_or_nomem(p, a[1].t.text);
    tpl_loc_set(p, &s->at, off);
    p->nsections++;
}

static btable *new_table(pstate *p)
{
    if (ak_grow(&p->tables, &p->tablecap, p->ntables, sizeof *p->tables, 4)) {
        tpl_nomem(p);
        return NULL;
    }
    btable *b = &p->tables[p->ntables];
    memset(b, 0, sizeof *b);
    b->t = ak_calloc(1, sizeof *b->t);
    if (!b->t) {
        tpl_nomem(p);
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
        if (!tpl_is_ident_char((unsigned char)*c) && *c != '.' && *c != '-') {
            ERR(p, a[0].t.off, "ugyldigt tabel-id '%s' (brug bogstaver, "
                               "cifre, '.', '-' og '_')", id);
            break;
        }
    b->t->id = tpl_dup_or_nomem(p, id);
    b->t->file = tpl_dup_or_nomem(p, p->file);
    tpl_loc_set(p, &b->id_at, off);
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
    b->section_key = tpl_dup_or_nomem(p, a[0].t.text);
    tpl_loc_set(p, &b->section_at, a[0].t.off);
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
    tpl_loc_set(p, &b->order_at, a[0].t.off);
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
    *dst = tpl_dup_or_nomem(p, a[0].t.text);
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
    x->col = tpl_char_col(p->line, off);
    if (!x->text || !x->ctx)
        tpl_nomem(p);
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
        ok = tpl_is_ident_char((unsigned char)t->text[i]);
    if (!ok) {
        ERR(p, t->off, "ugyldig binding '%s' (skriv fx {g}=a)", t->text);
        return -1;
    }
    int vok = t->value[0] != '\0';
    for (const char *c = t->value; vok && *c; c++)
        vok = tpl_is_ident_char((unsigned char)*c);
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
        tpl_nomem(p);
        return -1;
    }
    ak_binding *b = &(*bind)[*nbind];
    b->name = ak_strndup(t->text + 1, n - 2);
    b->value = ak_strdup(t->value);
    if (!b->name || !b->value) {
        ak_free((char *)b->name);
        ak_free((char *)b->value);
        tpl_nomem(p);
        return -1;
    }
    (*nbind)++;
    return 0;
}

void tpl_free_bindings(ak_binding *b, size_t n)
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
        if (!tpl_is_ident_char((unsigned char)*c)) {
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
    if (tpl_grow_pair(&t->cols, sizeof *t->cols, &b->bcols, sizeof *b->bcols,
                  &b->colcap, t->ncols)) {
        tpl_nomem(p);
        return;
    }
    ak_tpl_col *c = &t->cols[t->ncols];
    bcol *bc = &b->bcols[t->ncols];
    memset(c, 0, sizeof *c);
    memset(bc, 0, sizeof *bc);
    t->ncols++;
    c->line = p->lineno;
    c->key = tpl_dup_or_nomem(p, key);
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
            *txt = tpl_dup_or_nomem(p, at->value);
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
    size_t i = tpl_skip_blank(s, 3);
    return i < len && s[i] == '(' ? i + 1 : 0;
}

/* Operands of a term whose shape check_term() accepted. */
size_t tpl_term_operands(const char *s)
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
        int ident = tpl_is_ident_char((unsigned char)c) || c == '{' || c == '}';
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
    if (tpl_grow_pair(&t->measures, sizeof *t->measures, &b->bmeas,
                  sizeof *b->bmeas, &b->measurecap, t->nmeasures)) {
        tpl_nomem(p);
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
        m->label = tpl_dup_or_nomem(p, a[1].t.text);
    }
    if (a[2].expr && kind == AK_M_GENNEMSNIT) {
        for (size_t i = 0; i < a[2].elen; i++) {
            char c = a[2].expr[i];
            if (!tpl_is_ident_char((unsigned char)c) && c != '{' && c != '}') {
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
    if (tpl_grow_pair(&t->rows, sizeof *t->rows, &b->brows, sizeof *b->brows,
                  &b->browcap, t->nrows)) {
        tpl_nomem(p);
        return NULL;
    }
    ak_tpl_row *r = &t->rows[t->nrows];
    memset(r, 0, sizeof *r);
    memset(&b->brows[t->nrows], 0, sizeof b->brows[t->nrows]);
    t->nrows++;
    r->kind = kind;
    r->line = p->lineno;
    check_text(p, label->text, label->off, 0);
    r->label = tpl_dup_or_nomem(p, label->text);
    tpl_loc_set(p, &b->brows[t->nrows - 1].key_at, label->off);
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
char *tpl_derive_key(const char *label)
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
 * The attributes of a row tpl_statement (k: row, optional, subtotal, total):
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
                tpl_loc_set(p, &br->of_at, t->voff);
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
                r->key = tpl_dup_or_nomem(p, t->value);
                ak_free(br->key_at.ctx);
                tpl_loc_set(p, &br->key_at, t->voff);
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
    if (tpl_grow_pair(&t->notes, sizeof *t->notes, &b->bnotes, sizeof *b->bnotes,
                  &b->notecap, t->nnotes)) {
        tpl_nomem(p);
        return;
    }
    check_text(p, a[0].t.text, a[0].t.off, 1);
    t->notes[t->nnotes] = tpl_dup_or_nomem(p, a[0].t.text);
    loc *l = &b->bnotes[t->nnotes];
    memset(l, 0, sizeof *l);
    t->nnotes++;
    tpl_loc_set(p, l, a[0].t.off);
}

