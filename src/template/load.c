/*
 * Templates, reading files and the template directory; cross-file checks; the table set; see tpl.h and include/ak_template.h.
 */
#include "tpl.h"

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
        tpl_err_at(p, line, 0, NULL, "filen er ikke gyldig UTF-8");
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
            tpl_err_at(p, lineno, 0, NULL, "linjen indeholder et NUL-tegn");
        } else {
            if (n + 1 > linecap) {
                char *l2 = ak_realloc(line, n + 1);
                if (!l2) {
                    tpl_nomem(p);
                    break;
                }
                line = l2;
                linecap = n + 1;
            }
            memcpy(line, buf + pos, n);
            line[n] = '\0';
            p->lineno = lineno;
            p->line = line;
            tpl_statement(p);
        }
        pos = nl ? end + 1 : len;
    }
    p->lineno = lineno;
    p->line = "";
    if (p->st != AK_ERR_NOMEM) {
        if (p->scope == 0)
            tpl_err_at(p, lineno > 0 ? lineno : 1, 0, NULL,
                   "filen er tom (forventede 'table', 'figure', 'text' eller "
                   "'report')");
        else if (p->scope == SC_TABLE || p->scope == SC_FIGURE)
            tpl_finish_table(p);
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
            tpl_err_at(p, s->parent_at.line, s->parent_at.col, s->parent_at.ctx,
                   "ukendt afsnit '%s'", s->parent);
    }
    for (size_t i = 0; i < p->ntables; i++) {
        btable *b = &p->tables[i];
        ak_tpl_table *t = b->t;
        p->file = t->file;
        for (size_t j = 0; j < i; j++) {
            ak_tpl_table *u = p->tables[j].t;
            if (t->id && u->id && strcmp(t->id, u->id) == 0)
                tpl_err_at(p, b->id_at.line, b->id_at.col, b->id_at.ctx,
                       "tabellen '%s' findes også i '%s'", t->id, u->file);
            else if (t->norder && u->norder && order_cmp(t, u) == 0) {
                const loc *l = b->has_order ? &b->order_at : &b->id_at;
                tpl_err_at(p, l->line, l->col, l->ctx,
                       "'%s' har samme rækkefølge som '%s' i '%s' (brug "
                       "'order')", t->id, u->id, u->file);
            }
        }
        if (b->section_key) {
            const bsection *s = find_section(p, b->section_key);
            if (!s) {
                tpl_err_at(p, b->section_at.line, b->section_at.col,
                       b->section_at.ctx, "ukendt afsnit '%s'%s",
                       b->section_key,
                       p->have_set ? "" : " (ingen rapportfil med "
                                          "'section' fundet)");
                continue;
            }
            t->section = tpl_dup_or_nomem(p, s->heading);
            if (s->parent) {
                const bsection *ps = find_section(p, s->parent);
                if (ps)
                    t->chapter = tpl_dup_or_nomem(p, ps->heading);
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
void tpl_finish_doc(pstate *p, ak_tableset *ts)
{
    char msg[512];
    if (p->ncolophon) {
        ts->colophon = p->colophon;
        ts->ncolophon = p->ncolophon;
        p->colophon = NULL;
        p->ncolophon = 0;
        ak_prose *cx = ak_prose_new(ts, NULL, NULL);
        if (!cx) {
            tpl_nomem(p);
            return;
        }
        p->file = p->set_file;
        for (size_t i = 0; i < ts->ncolophon; i++) {
            size_t off = 0;
            int r = ak_prose_check(cx, ts->colophon[i].value, 0, NULL, &off,
                                   msg, sizeof msg);
            if (r == -2)
                tpl_nomem(p);
            else if (r < 0)
                tpl_err_at(p, 0, 0, NULL, "colophon '%s': %s",
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
        tpl_nomem(p);
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
                tpl_err_at(p, d->line, d->col, d->ctx, "ukendt afsnit '%s'",
                       d->name);
                continue;
            }
            d->text = tpl_dup_or_nomem(p, sec->heading);
        }
        if (d->kind == AK_TD_PLACE) {
            size_t t = 0;
            while (t < ts->ntables && strcmp(ts->tables[t].id, d->name) != 0)
                t++;
            if (t == ts->ntables)
                tpl_err_at(p, d->line, d->col, d->ctx,
                       "ukendt tabel '%s'", d->name);
            else if (placed[t])
                tpl_err_at(p, d->line, d->col, d->ctx,
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
                tpl_nomem(p);
            else if (r < 0)
                tpl_err_at(p, d->line, d->cond_col + ak_utf8_chars(d->cond, off),
                       d->ctx, "%s", msg);
        }
        if (d->number) {
            r = ak_prose_check(px, d->number, 0, NULL, &off, msg, sizeof msg);
            if (r == -2)
                tpl_nomem(p);
            else if (r < 0)
                tpl_err_at(p, d->line, 0, d->ctx, "%s", msg);
        }
        if (d->text) {
            int what = d->kind == AK_TD_LET ? 1 : 0;
            r = ak_prose_check(px, d->text, what, d->name, &off, msg,
                               sizeof msg);
            if (r == -2)
                tpl_nomem(p);
            else if (r < 0)
                tpl_err_at(p, d->line,
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
        tpl_btable_clear(&p->tables[i]);
        tpl_table_free(p->tables[i].t);
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
        tpl_btable_clear(&p.tables[i]);
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
    tpl_finish_doc(&p, ts);
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
        tpl_table_clear(&ts->tables[i]);
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
