/* Diagnostics list; see include/ak_diag.h. */
#include "ak_diag.h"
#include "ak_mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * A diagnostic's strings are copied into one block, so that each costs a
 * single allocation: the list grows with the number of problems, never
 * with the number of rows.
 */
typedef struct entry {
    ak_diag d;       /* its strings point into block */
    char *block;
} entry;

struct ak_diags {
    entry *items;
    size_t n, cap;
    int lost;
};

ak_diags *ak_diags_new(void)
{
    return ak_calloc(1, sizeof(ak_diags));
}

void ak_diags_free(ak_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        ak_free(d->items[i].block);
    ak_free(d->items);
    ak_free(d);
}

/* Copy src (NULL stays NULL) to *at, which moves past it. */
static char *put_field(char **at, const char *src)
{
    if (!src)
        return NULL;
    size_t n = strlen(src) + 1;
    char *dst = *at;
    memcpy(dst, src, n);
    *at += n;
    return dst;
}

int ak_diags_add(ak_diags *d, const ak_diag *t)
{
    if (!d)
        return -1;
    if (ak_grow(&d->items, &d->cap, d->n, sizeof *d->items, 16) != 0) {
        d->lost = 1;
        return -1;
    }
    const char *fields[] = {t->file, t->unit, t->unit_word, t->unit_name,
                            t->question, t->value, t->message, t->action,
                            t->context, t->column};
    size_t size = 1;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        size += fields[i] ? strlen(fields[i]) + 1 : 0;
    entry *e = &d->items[d->n];
    e->block = ak_malloc(size);
    if (!e->block) {
        d->lost = 1;
        return -1;
    }
    char *at = e->block;
    ak_diag g = {0};
    g.sev = t->sev;
    g.rule = t->rule;
    g.line = t->line;
    g.col = t->col;
    g.file = put_field(&at, t->file);
    g.unit = put_field(&at, t->unit);
    g.unit_word = put_field(&at, t->unit_word);
    g.unit_name = put_field(&at, t->unit_name);
    g.question = put_field(&at, t->question);
    g.value = put_field(&at, t->value);
    g.message = put_field(&at, t->message);
    g.action = put_field(&at, t->action);
    g.context = put_field(&at, t->context);
    g.column = put_field(&at, t->column);
    e->d = g;
    d->n++;
    return 0;
}

int ak_diags_addf(ak_diags *d, ak_severity sev, const char *rule,
                  const char *file, long line, long col, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ak_diag g = {0};
    g.sev = sev;
    g.rule = rule;
    g.file = (char *)file;
    g.line = line;
    g.col = col;
    g.message = buf;
    return ak_diags_add(d, &g);
}

int ak_diags_move(ak_diags *dst, ak_diags *src, size_t from)
{
    if (!dst || !src)
        return -1;
    if (from > src->n)
        from = src->n;
    size_t add = src->n - from;
    if (add && dst->n + add > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->n + add)
            cap *= 2;
        entry *it = ak_reallocarray(dst->items, cap, sizeof *it);
        if (!it) {
            dst->lost = 1;
            return -1;
        }
        dst->items = it;
        dst->cap = cap;
    }
    if (add)
        memcpy(dst->items + dst->n, src->items + from, add * sizeof *src->items);
    dst->n += add;
    for (size_t i = 0; i < from; i++)
        ak_free(src->items[i].block);
    src->n = 0;
    dst->lost |= src->lost;
    return 0;
}

size_t ak_diags_count(const ak_diags *d)
{
    return d ? d->n : 0;
}

const ak_diag *ak_diags_get(const ak_diags *d, size_t i)
{
    return d && i < d->n ? &d->items[i].d : NULL;
}

size_t ak_diags_count_sev(const ak_diags *d, ak_severity sev)
{
    size_t c = 0;
    for (size_t i = 0; d && i < d->n; i++)
        c += d->items[i].d.sev == sev;
    return c;
}

int ak_diags_lost(const ak_diags *d)
{
    return d ? d->lost : 0;
}

const char *ak_severity_name(ak_severity sev)
{
    switch (sev) {
    case AK_SEV_NOTE: return "bemærkning";
    case AK_SEV_WARNING: return "advarsel";
    case AK_SEV_FATAL: return "fejl";
    }
    return "?";
}

void ak_diag_print(const ak_diag *g, FILE *f)
{
    if (g->file) {
        fputs(g->file, f);
        if (g->line > 0) {
            fprintf(f, ":%ld", g->line);
            if (g->col > 0)
                fprintf(f, ":%ld", g->col);
        }
        fputs(": ", f);
    }
    fprintf(f, "%s: ", ak_severity_name(g->sev));
    if (g->unit) {
        /* "kommune 101 København, ", "respondentnummer 17, " */
        const char *w = g->unit_word;
        if (w && *w) {
            fputc(*w >= 'A' && *w <= 'Z' ? *w - 'A' + 'a' : *w, f);
            fprintf(f, "%s ", w + 1);
        }
        fputs(g->unit, f);
        if (g->unit_name)
            fprintf(f, " %s", g->unit_name);
        fputs(", ", f);
    }
    if (g->question && g->column)
        fprintf(f, "spørgsmål %s (kolonne %s): ", g->question, g->column);
    else if (g->question)
        fprintf(f, "spørgsmål %s: ", g->question);
    else if (g->column)
        fprintf(f, "kolonne %s: ", g->column);
    fputs(g->message ? g->message : "", f);
    if (g->action)
        fprintf(f, " (%s)", g->action);
    fputc('\n', f);
    if (g->context && g->col > 0) {
        fprintf(f, "    %s\n    ", g->context);
        /* Put the caret under the col-th character (UTF-8 aware). */
        long chars = 0;
        for (const unsigned char *p = (const unsigned char *)g->context;
             *p && chars < g->col - 1; p++) {
            if ((*p & 0xC0) != 0x80) {
                fputc(*p == '\t' ? '\t' : ' ', f);
                chars++;
            }
        }
        fputs("^\n", f);
    }
}

void ak_diags_print(const ak_diags *d, ak_severity min, FILE *f)
{
    for (size_t i = 0; d && i < d->n; i++)
        if (d->items[i].d.sev >= min)
            ak_diag_print(&d->items[i].d, f);
}

/* ---- report order ------------------------------------------------------ */

typedef struct oentry {
    const ak_diag *d;
    size_t idx;
    long long num;
    int isnum;
} oentry;

/* Without a unit first; then numeric ids by number before other ids by
 * text; then input order. */
static int oentry_cmp(const void *a, const void *b)
{
    const oentry *x = a, *y = b;
    int c = (x->d->unit != NULL) - (y->d->unit != NULL);
    if (c == 0 && x->d->unit) {
        if (x->isnum && y->isnum)
            c = (x->num > y->num) - (x->num < y->num);
        else if (x->isnum != y->isnum)
            c = x->isnum ? -1 : 1;
        if (c == 0)
            c = strcmp(x->d->unit, y->d->unit);
    }
    if (c == 0)
        c = (x->idx > y->idx) - (x->idx < y->idx);
    return c;
}

int ak_diags_order(const ak_diags *d, const ak_diag ***out, size_t *n)
{
    size_t nd = d ? ak_diags_count(d) : 0;
    *out = NULL;
    *n = 0;
    oentry *e = ak_calloc(nd ? nd : 1, sizeof *e);
    const ak_diag **list = ak_calloc(nd ? nd : 1, sizeof *list);
    if (!e || !list) {
        ak_free(e);
        ak_free(list);
        return -1;
    }
    for (size_t i = 0; i < nd; i++) {
        const ak_diag *g = ak_diags_get(d, i);
        e[i].d = g;
        e[i].idx = i;
        if (g->unit) {
            const char *u = g->unit;
            int ok = *u != '\0' && strlen(u) <= 18;
            long long v = 0;
            for (; ok && *u; u++) {
                if (*u < '0' || *u > '9')
                    ok = 0;
                else
                    v = v * 10 + (*u - '0');
            }
            e[i].isnum = ok;
            e[i].num = ok ? v : 0;
        }
    }
    qsort(e, nd, sizeof *e, oentry_cmp);
    for (size_t i = 0; i < nd; i++)
        list[i] = e[i].d;
    ak_free(e);
    *out = list;
    *n = nd;
    return 0;
}

int ak_diag_same_unit(const ak_diag *a, const ak_diag *b)
{
    if (!a->unit || !b->unit)
        return !a->unit && !b->unit;
    return strcmp(a->unit, b->unit) == 0;
}

const char *ak_plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

long ak_utf8_chars(const char *s, size_t n)
{
    long c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}
