/*
 * Output "fritekst" (not default; --with fritekst): the free-text answers
 * ('text' variables of the codebook: "Andet, hvad", descriptions) the
 * report's text draws on, as fritekst.csv, one line per answer, grouped
 * by question in codebook order, then in input order:
 *     spoergsmaal,variabel,kommunenr,kommune,svar
 * Free text is written only when this output is asked for; pii variables
 * are never text variables and never read.  A row output: it reads the
 * validated rows on the second pass.
 */
#include "outputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"

typedef struct ftitem {
    size_t var;
    long index;
    char *unit, *name, *text;
} ftitem;

typedef struct ftctx {
    const ak_report *r;
    ak_outdir *o;
    ak_diags *d;
    size_t name_var;
    ftitem *it;
    size_t n, cap;
} ftctx;

static ak_status ft_begin(void **ctx, const ak_report *r, long nrows,
                          ak_outdir *o, ak_diags *d)
{
    (void)nrows;
    ftctx *c = ak_calloc(1, sizeof *c);
    if (!c)
        return AK_ERR_NOMEM;
    c->r = r;
    c->o = o;
    c->d = d;
    c->name_var = AK_NO_VAR;
    for (size_t i = 0; i < r->cb->nvars; i++)
        if (r->cb->vars[i].type == AK_T_NAME)
            c->name_var = i;
    *ctx = c;
    return AK_OK;
}

static char *dup_raw(const ak_value *v)
{
    char *s = ak_malloc(v->rawlen + 1);
    if (s) {
        memcpy(s, v->raw, v->rawlen);
        s[v->rawlen] = 0;
    }
    return s;
}

static ak_status ft_row(void *ctx, const ak_row *row)
{
    ftctx *c = ctx;
    const ak_codebook *cb = c->r->cb;
    for (size_t i = 0; i < cb->nvars && i < row->nvars; i++) {
        const ak_value *v = &row->v[i];
        if (cb->vars[i].type != AK_T_TEXT || v->state != AK_ANSWERED ||
            v->rawlen == 0)
            continue;
        if (c->n == c->cap) {
            size_t nc = c->cap ? c->cap * 2 : 64;
            ftitem *ni = ak_realloc(c->it, nc * sizeof *ni);
            if (!ni)
                return AK_ERR_NOMEM;
            c->it = ni;
            c->cap = nc;
        }
        ftitem *t = &c->it[c->n];
        memset(t, 0, sizeof *t);
        t->var = i;
        t->index = row->index;
        t->unit = dup_raw(&row->v[cb->id_var]);
        t->name = c->name_var != AK_NO_VAR && c->name_var < row->nvars
                      ? dup_raw(&row->v[c->name_var]) : ak_strdup("");
        t->text = dup_raw(v);
        c->n++;
        if (!t->unit || !t->name || !t->text)
            return AK_ERR_NOMEM;
    }
    return AK_OK;
}

static int item_cmp(const void *a, const void *b)
{
    const ftitem *x = a, *y = b;
    if (x->var != y->var)
        return x->var < y->var ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* One CSV field, quoted when it must be (RFC 4180). */
static void field(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
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
    fputc(last ? '\n' : ',', f);
}

static ak_status ft_write(const void *ud, FILE *f)
{
    const ftctx *c = ud;
    const ak_codebook *cb = c->r->cb;
    fputs("spoergsmaal,variabel,kommunenr,kommune,svar\n", f);
    for (size_t i = 0; i < c->n; i++) {
        const ftitem *t = &c->it[i];
        field(f, cb->vars[t->var].question, 0);
        field(f, cb->vars[t->var].name, 0);
        field(f, t->unit, 0);
        field(f, t->name, 0);
        field(f, t->text, 1);
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status ft_end(void *ctx, ak_status st)
{
    ftctx *c = ctx;
    if (!c)
        return st;
    if (st == AK_OK) {
        if (c->n)
            qsort(c->it, c->n, sizeof *c->it, item_cmp);
        st = ak_output_write_file(c->o, "fritekst.csv", ft_write, c, c->d);
    }
    for (size_t i = 0; i < c->n; i++) {
        ak_free(c->it[i].unit);
        ak_free(c->it[i].name);
        ak_free(c->it[i].text);
    }
    ak_free(c->it);
    ak_free(c);
    return st;
}

const ak_output ak_output_freetext = {
    "fritekst", "fritekst.csv: fritekstsvarene pr. spørgsmål (kun når valgt)",
    AK_OUT_ROWS, NULL, ft_begin, ft_row, ft_end,
};
