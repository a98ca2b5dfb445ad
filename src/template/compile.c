/*
 * Templates, the end of a table file: compiling expressions, laying out and checking the table; see tpl.h and include/ak_template.h.
 */
#include "tpl.h"

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
        tpl_nomem(p);
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
        tpl_nomem(p);
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
        tpl_nomem(p);
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
void tpl_check_note(pstate *p, const ak_tpl_table *t, const char *s,
                       const loc *l)
{
    size_t pos = 0;
    phref r;
    int k;
    while ((k = tpl_next_ph(s, &pos, &r)) != 0) {
        if (k < 0)
            break;   /* '{' without '}': reported when the text was read */
        if (k != 1)
            continue;
        int i = tpl_ph_lookup(&r);
        if (i < 0 || r.nparts != tpl_placeholders[i].nargs + 1)
            continue;
        long col = l->col + 1 + ak_utf8_chars(s, r.start);
        int n = (int)(r.end - r.start);
        ak_tpl_ph ph = tpl_placeholders[i].ph;
        if (ph == AK_PH_CELL) {
            size_t rowno = 0;
            int ok = r.plen[1] > 0 && r.plen[1] < 6;
            for (size_t j = 0; ok && j < r.plen[1]; j++) {
                ok = r.part[1][j] >= '0' && r.part[1][j] <= '9';
                rowno = rowno * 10 + (size_t)(r.part[1][j] - '0');
            }
            if (!ok || rowno == 0 || rowno > t->nrows) {
                tpl_err_at(p, l->line, col, l->ctx,
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
                tpl_err_at(p, l->line, col, l->ctx,
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
        tpl_nomem(p);
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
    if (nv != tpl_term_operands(x->text)) {
        tpl_err_at(p, x->line, x->col, x->ctx,
               "en variabel står flere gange i summen '%s'", x->text);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < nv; i++) {
        ak_type ty = p->cb->vars[vars[i]].type;
        if (ty != AK_T_DECIMAL && ty != AK_T_COUNT) {
            tpl_err_at(p, x->line, x->col, x->ctx,
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
            tpl_nomem(p);
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
        tpl_nomem(p);
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
                tpl_err_at(p, x->line, x->col, x->ctx,
                       "'sum=' kræver målet 'sum' i tabellen (skriv "
                       "'measure sum')");
        }
        return;
    }
    ak_tpl_measure *ms = &t->measures[sm];
    const srcx *mx = &b->bmeas[sm];
    ms->term = ak_calloc(t->ncols + 1, sizeof *ms->term);
    if (!ms->term) {
        tpl_nomem(p);
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
            tpl_nomem(p);
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

void tpl_finish_table(pstate *p)
{
    btable *b = p->cur;
    if (!b)
        return;
    ak_tpl_table *t = b->t;
    long end = p->lineno;
    const char *what = t->is_figure ? "figuren" : "tabellen";
    if (!t->caption)
        tpl_err_at(p, end, 0, NULL, "%s '%s' mangler 'caption'", what, t->id);
    if (!t->title)
        tpl_err_at(p, end, 0, NULL, "%s '%s' mangler 'title'", what, t->id);
    if (t->ncols == 0)
        tpl_err_at(p, end, 0, NULL, "%s '%s' har ingen kolonner ('column')",
               what, t->id);
    if (t->nmeasures == 0)
        tpl_err_at(p, end, 0, NULL, "%s '%s' har ingen mål ('measure')", what,
               t->id);
    if (t->nrows == 0)
        tpl_err_at(p, end, 0, NULL, "%s '%s' har ingen rækker ('row')", what,
               t->id);
    if (t->norder == 0 && !b->has_order)
        tpl_err_at(p, b->id_at.line, b->id_at.col, b->id_at.ctx,
               "%s '%s' mangler 'order' (id'et er ikke et tal)", what, t->id);
    if (p->st == AK_ERR_NOMEM)
        return;

    /* column bases */
    for (size_t c = 0; c < t->ncols; c++) {
        ak_tpl_col *col = &t->cols[c];
        const srcx *x = b->bcols[c].base.text ? &b->bcols[c].base : &b->base;
        if (!x->text) {
            tpl_err_at(p, col->line, 0, NULL,
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
        tpl_nomem(p);
        return;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        ak_tpl_row *row = &t->rows[r];
        if (row->kind != AK_ROW_PLAIN)
            continue;
        row->cond = ak_calloc(t->ncols + 1, sizeof *row->cond);
        row->cell = ak_calloc(t->ncols + 1, sizeof *row->cell);
        if (!row->cond || !row->cell) {
            tpl_nomem(p);
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
            tpl_nomem(p);
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
                tpl_err_at(p, x->line, x->col, x->ctx,
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
            tpl_err_at(p, br->of_at.line, br->of_at.col, br->of_at.ctx,
                   "rækken '%zu' i 'of=' findes ikke (tabellen har %zu "
                   "rækker)", br->of_n, t->nrows);
        else
            t->rows[r].of_row = br->of_n - 1;
    }
    for (size_t i = 0; i < t->nnotes; i++)
        tpl_check_note(p, t, t->notes[i], &b->bnotes[i]);
    /* row keys: declared, else derived from the label; unique */
    for (size_t r = 0; r < t->nrows; r++) {
        if (!t->rows[r].key && !(t->rows[r].key = tpl_derive_key(t->rows[r].label))) {
            tpl_nomem(p);
            return;
        }
        for (size_t q = 0; q < r; q++)
            if (strcmp(t->rows[q].key, t->rows[r].key) == 0) {
                const loc *l = &b->brows[r].key_at;
                tpl_err_at(p, l->line, l->col, l->ctx,
                       "rækkenøglen '%s' findes allerede i %s '%s' (linje "
                       "%ld); giv en af rækkerne sin egen med key=...",
                       t->rows[r].key, what, t->id, t->rows[q].line);
                break;
            }
    }
}

/* Free a builder's private parts (the ak_tpl_table stays). */
void tpl_btable_clear(btable *b)
{
    size_t ncols = b->t ? b->t->ncols : 0;
    size_t nrows = b->t ? b->t->nrows : 0;
    size_t nmeas = b->t ? b->t->nmeasures : 0;
    size_t nnotes = b->t ? b->t->nnotes : 0;
    tpl_srcx_free(&b->base);
    for (size_t i = 0; b->bcols && i < ncols; i++) {
        tpl_srcx_free(&b->bcols[i].base);
        tpl_srcx_free(&b->bcols[i].cell);
    }
    ak_free(b->bcols);
    for (size_t i = 0; b->brows && i < nrows; i++) {
        tpl_srcx_free(&b->brows[i].cond);
        tpl_srcx_free(&b->brows[i].sum);
        ak_free(b->brows[i].of_at.ctx);
        ak_free(b->brows[i].key_at.ctx);
        tpl_free_bindings(b->brows[i].bind, b->brows[i].nbind);
    }
    ak_free(b->brows);
    for (size_t i = 0; b->bmeas && i < nmeas; i++)
        tpl_srcx_free(&b->bmeas[i]);
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
void tpl_table_clear(ak_tpl_table *t)
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
        tpl_free_bindings(t->cols[c].bind, t->cols[c].nbind);
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

void tpl_table_free(ak_tpl_table *t)
{
    if (!t)
        return;
    tpl_table_clear(t);
    ak_free(t);
}

