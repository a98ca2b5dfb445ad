/*
 * One PX file (PC-Axis, PX-2013) per table and figure, for PX-Web
 * statbanks: tabel-2.2.px, figur-2.1.px, noegletal.px (output "px").
 *
 * A table is a cube of three variables: STUB the rows (meta "rows"),
 * HEADING the columns (meta "columns"; group and label joined as "group,
 * label") and the measures (meta "measures"), the last being the
 * CONTVARIABLE, so that UNITS (meta "unit_antal" ...) and PRECISION are
 * given per measure.  VALUES are the texts as printed; CODES the row
 * positions, the tables.csv column keys and measure keys.  DATA has one
 * line per row, its cells in HEADING order (columns outer, measures
 * inner): exactly ak_rtable's cell order.
 *
 * Keywords in the order PX-2013 recommends (CHARSET, AXIS-VERSION,
 * CODEPAGE, LANGUAGE, CREATION-DATE, TABLEID, DECIMALS, SHOWDECIMALS,
 * MATRIX, SUBJECT-CODE, SUBJECT-AREA, TITLE, CONTENTS, STUB, HEADING,
 * CONTVARIABLE, VALUES, CODES, PRECISION, LAST-UPDATED, UNITS, SOURCE,
 * INFO, NOTEX, DATASYMBOL2, DATA last); every mandatory one is there.
 *
 * Encoding: UTF-8 without BOM, declared as CHARSET="ANSI" (Windows texts,
 * not DOS) and CODEPAGE="utf-8", on lines of their own near the top: PX-Web
 * (PCAxis.Core's PXFileParser.GetEncoding) looks for a line starting
 * "CODEPAGE=" and takes the encoding from it.  Lines end in CRLF, as the
 * PC-Axis tools write them.
 *
 * Texts: a '"' (which PX cannot quote) becomes "'", line ends become
 * blanks; a text longer than one line is split into several quoted records
 * on lines of their own, split after a blank (readers join the records
 * without adding anything).  No line is longer than 256 characters.
 * Notes become one NOTEX (always shown), joined by '#' (PC-Axis' line
 * break).
 *
 * Numbers exactly as in tables.csv: whole counts and percents, means with
 * two decimals, sums of decimals with one, '.' as decimal point (integer
 * arithmetic, no locale).  DECIMALS is the most any cell has; with
 * SHOWDECIMALS=0, PRECISION gives each measure with decimals its own.  A
 * cell without a value (a percent over an empty base) is ".." with
 * DATASYMBOL2="-", so PX-Web shows it as the PDF does.
 *
 * Provenance (AK_OUT_PROVENANCE): INFO holds the input file, its SHA-256
 * and the engine version.  Titles, subject and units come from the
 * templates (title, source, notes; set file meta).
 */
#include "ak_render.h"
#include "outputs.h"

#include <glib.h>
#include <string.h>
#include <time.h>

#include "ak_mem.h"

#define PX_LINE 256   /* characters a line */

typedef struct pxw {
    GString *out;
} pxw;

/* A text fit for PX quotes: no '"', no line ends, valid UTF-8. */
static char *px_text(const char *s)
{
    char *v = g_utf8_make_valid(s ? s : "", -1);
    for (char *p = v; *p; p++) {
        if (*p == '"')
            *p = '\'';
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    }
    return v;
}

static long u8len(const char *s, size_t n)
{
    return (long)g_utf8_strlen(s, (gssize)n);
}

/* KEY="text"; with the text split into records of at most PX_LINE
 * characters (the first on the keyword's line when it fits). */
static void kw_text(pxw *w, const char *key, const char *text)
{
    char *v = px_text(text);
    size_t len = strlen(v), pos = 0;
    g_string_append_printf(w->out, "%s=", key);
    long room = PX_LINE - u8len(key, strlen(key)) - 1;
    int first = 1;
    do {
        /* the longest piece that fits in room - 3 ('"', '"' and ';' or
         * nothing), cut after a blank when there is one */
        long max = room - 3;
        const char *p = v + pos;
        const char *end = p, *cut = NULL;
        long n = 0;
        while (*end && n < max) {
            end = g_utf8_next_char(end);
            n++;
            if (end[-1] == ' ')
                cut = end;
        }
        if (*end && cut && cut > p)
            end = cut;
        if (!first)
            g_string_append(w->out, "\r\n");
        g_string_append_c(w->out, '"');
        g_string_append_len(w->out, p, end - p);
        g_string_append_c(w->out, '"');
        pos = (size_t)(end - v);
        first = 0;
        room = PX_LINE;
    } while (pos < len);
    g_string_append(w->out, ";\r\n");
    g_free(v);
}

/* KEY="v1","v2",...; broken after a comma when a line would be too long.
 * A single value is never split (PX wants names on one line). */
static void kw_list(pxw *w, const char *key, char *const *vals, size_t n)
{
    g_string_append_printf(w->out, "%s=", key);
    long col = u8len(key, strlen(key)) + 1;
    for (size_t i = 0; i < n; i++) {
        char *v = px_text(vals[i]);
        long need = u8len(v, strlen(v)) + 3;   /* quotes and ',' or ';' */
        if (i > 0 && col + need > PX_LINE) {
            g_string_append(w->out, "\r\n");
            col = 0;
        }
        g_string_append_printf(w->out, "\"%s\"%s", v, i + 1 < n ? "," : "");
        col += need;
        g_free(v);
    }
    g_string_append(w->out, ";\r\n");
}

/* 'KEY("a")' or 'KEY("a","b")' with the subkeys made PX-safe; caller
 * frees (g_free). */
static char *keyed(const char *key, const char *a, const char *b)
{
    char *va = px_text(a), *vb = b ? px_text(b) : NULL;
    char *k = vb ? g_strdup_printf("%s(\"%s\",\"%s\")", key, va, vb)
                 : g_strdup_printf("%s(\"%s\")", key, va);
    g_free(va);
    g_free(vb);
    return k;
}

/* A cell as in tables.csv ('.' decimal point), or ".." without a value. */
static void put_cell(GString *s, const ak_rtable *t, size_t r, size_t c,
                     size_t m)
{
    const ak_cell *cl = ak_rtable_cell(t, r, c, m);
    if (!cl->has_value) {
        g_string_append(s, "\"..\"");
        return;
    }
    int places = t->measures[m] == AK_M_GENNEMSNIT ? 2
                 : ak_rtable_cell_tenths(t, r, c, m) ? 1 : 0;
    long long v = (long long)cl->value;
    if (places == 0) {
        g_string_append_printf(s, "%lld", v);
        return;
    }
    const char *sign = v < 0 ? "-" : "";
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                 : (unsigned long long)v;
    if (places == 2)
        g_string_append_printf(s, "%s%llu.%02llu", sign, u / 100, u % 100);
    else
        g_string_append_printf(s, "%s%llu.%llu", sign, u / 10, u % 10);
}

/* "20090815 12:00" (UTC). */
static void px_date(char *buf, size_t n, long long made)
{
    time_t tt = (time_t)made;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL)
        snprintf(buf, n, "19700101 00:00");
    else
        snprintf(buf, n, "%04d%02d%02d %02d:%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static const char *or_key(const char *s, const char *key)
{
    return s && *s ? s : key;
}

/* The decimals measure m has in t (0, 1 or 2). */
static int measure_places(const ak_rtable *t, size_t m)
{
    if (t->measures[m] == AK_M_GENNEMSNIT)
        return 2;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            if (ak_rtable_cell_tenths(t, r, c, m))
                return 1;
    return 0;
}

typedef struct px_job {
    const ak_report *r;
    const ak_rtable *t;
    const char *matrix;
} px_job;

static ak_status px_table(const void *ud, FILE *f)
{
    const px_job *j = ud;
    const ak_report *rp = j->r;
    const ak_results *res = rp->res;
    const ak_rtable *t = j->t;
    const ak_report_meta *mt = rp->meta;
    size_t nc = t->ncols, nm = t->nmeasures, nr = t->nrows;
    pxw w = {g_string_new(NULL)};

    const char *v_rows = or_key(res->meta[AK_META_ROWS], "rows");
    const char *v_cols = or_key(res->meta[AK_META_COLUMNS], "columns");
    const char *v_meas = or_key(res->meta[AK_META_MEASURES], "measures");

    char date[32];
    px_date(date, sizeof date, mt ? mt->made : 0);
    int places = 0;
    for (size_t m = 0; m < nm; m++)
        if (measure_places(t, m) > places)
            places = measure_places(t, m);

    g_string_append(w.out, "CHARSET=\"ANSI\";\r\n");
    g_string_append(w.out, "AXIS-VERSION=\"2013\";\r\n");
    g_string_append(w.out, "CODEPAGE=\"utf-8\";\r\n");
    g_string_append(w.out, "LANGUAGE=\"da\";\r\n");
    kw_text(&w, "CREATION-DATE", date);
    kw_text(&w, "TABLEID", t->id);
    g_string_append_printf(w.out, "DECIMALS=%d;\r\n", places);
    if (places > 0)
        g_string_append(w.out, "SHOWDECIMALS=0;\r\n");
    kw_text(&w, "MATRIX", j->matrix);
    kw_text(&w, "SUBJECT-CODE", or_key(res->meta[AK_META_SUBJECT_CODE],
                                       t->id));
    kw_text(&w, "SUBJECT-AREA", or_key(res->meta[AK_META_SUBJECT],
                                       res->report_title ? res->report_title
                                                         : t->id));
    const char *title = t->title ? t->title : t->caption ? t->caption : t->id;
    kw_text(&w, "TITLE", title);
    kw_text(&w, "CONTENTS", title);
    kw_list(&w, "STUB", (char *const[]){(char *)v_rows}, 1);
    kw_list(&w, "HEADING", (char *const[]){(char *)v_cols, (char *)v_meas}, 2);
    kw_text(&w, "CONTVARIABLE", v_meas);

    /* VALUES and CODES of the three variables. */
    char **rv = g_new0(char *, nr + 1), **rc = g_new0(char *, nr + 1);
    for (size_t r = 0; r < nr; r++) {
        rv[r] = g_strdup(t->rows[r].label ? t->rows[r].label : "");
        rc[r] = g_strdup_printf("%d", t->rows[r].position);
    }
    char **cv = g_new0(char *, nc + 1), **cc = g_new0(char *, nc + 1);
    for (size_t c = 0; c < nc; c++) {
        const ak_rcol *col = &t->cols[c];
        if (col->group && col->label)
            cv[c] = g_strdup_printf("%s, %s", col->group, col->label);
        else
            cv[c] = g_strdup(col->group ? col->group
                             : col->label ? col->label : col->key);
        cc[c] = g_strdup(col->key);
    }
    char **mv = g_new0(char *, nm + 1), **mc = g_new0(char *, nm + 1);
    for (size_t m = 0; m < nm; m++) {
        const char *ml = t->measure_labels ? t->measure_labels[m] : NULL;
        mc[m] = g_strdup(ak_measure_key(t->measures[m]));
        mv[m] = g_strdup(ml ? ml : mc[m]);
    }
    const char *vars[3] = {v_rows, v_cols, v_meas};
    char **vals[3] = {rv, cv, mv}, **codes[3] = {rc, cc, mc};
    size_t counts[3] = {nr, nc, nm};
    for (int k = 0; k < 3; k++) {
        char *key = keyed("VALUES", vars[k], NULL);
        kw_list(&w, key, vals[k], counts[k]);
        g_free(key);
    }
    for (int k = 0; k < 3; k++) {
        char *key = keyed("CODES", vars[k], NULL);
        kw_list(&w, key, codes[k], counts[k]);
        g_free(key);
    }
    for (size_t m = 0; m < nm; m++) {
        int pl = measure_places(t, m);
        if (pl > 0) {
            char *key = keyed("PRECISION", v_meas, mv[m]);
            g_string_append_printf(w.out, "%s=%d;\r\n", key, pl);
            g_free(key);
        }
    }
    for (size_t m = 0; m < nm; m++) {
        char *key = keyed("LAST-UPDATED", mv[m], NULL);
        kw_text(&w, key, date);
        g_free(key);
    }
    for (size_t m = 0; m < nm; m++) {
        char *key = keyed("UNITS", mv[m], NULL);
        const char *unit = res->meta[AK_META_UNIT_ANTAL + t->measures[m]];
        kw_text(&w, key, or_key(unit, mc[m]));
        g_free(key);
    }
    if (t->source)
        kw_text(&w, "SOURCE", t->source);
    if (mt && (mt->input_name || mt->input_sha256 || mt->version)) {
        char *info = g_strdup_printf(
            "%s%s%s%s%s", mt->input_name ? mt->input_name : "",
            mt->input_sha256 ? " SHA-256 " : "",
            mt->input_sha256 ? mt->input_sha256 : "",
            mt->version ? "; ankestat " : "", mt->version ? mt->version : "");
        kw_text(&w, "INFO", info);
        g_free(info);
    }
    if (t->nnotes) {
        GString *n = g_string_new(NULL);
        for (size_t i = 0; i < t->nnotes; i++)
            g_string_append_printf(n, "%s%s", i ? "#" : "", t->notes[i]);
        kw_text(&w, "NOTEX", n->str);
        g_string_free(n, TRUE);
    }
    kw_text(&w, "DATASYMBOL2", "-");

    /* DATA: one line per row (wrapped between cells if too long). */
    g_string_append(w.out, "DATA=\r\n");
    GString *cell = g_string_new(NULL);
    for (size_t r = 0; r < nr; r++) {
        long col = 0;
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                g_string_truncate(cell, 0);
                put_cell(cell, t, r, c, m);
                if (col > 0 && col + 1 + (long)cell->len > PX_LINE) {
                    g_string_append(w.out, "\r\n");
                    col = 0;
                }
                if (col > 0) {
                    g_string_append_c(w.out, ' ');
                    col++;
                }
                g_string_append(w.out, cell->str);
                col += (long)cell->len;
            }
        g_string_append(w.out, r + 1 == nr ? ";\r\n" : "\r\n");
    }
    g_string_free(cell, TRUE);

    for (int k = 0; k < 3; k++) {
        g_strfreev(vals[k]);
        g_strfreev(codes[k]);
    }
    fwrite(w.out->str, 1, w.out->len, f);
    g_string_free(w.out, TRUE);
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

/* The MATRIX name: the file stem, at most 20 characters of [A-Za-z0-9_-]
 * ('.' as '_'). */
static char *matrix_name(const char *stem)
{
    char *m = g_strndup(stem, 20);
    for (char *p = m; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
            *p = '_';
    return m;
}

static ak_status px_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    if (!r->res)
        return AK_OK;
    ak_status st = AK_OK;
    for (size_t i = 0; st == AK_OK && i < r->res->ntables; i++) {
        const ak_rtable *t = &r->res->tables[i];
        if (t->nrows == 0 || t->ncols == 0 || t->nmeasures == 0)
            continue;   /* no cube to publish */
        char *stem = ak_output_table_stem(t);
        char *name = stem ? ak_asprintf("%s.px", stem) : NULL;
        if (!name) {
            ak_free(stem);
            return AK_ERR_NOMEM;
        }
        char *matrix = matrix_name(stem);
        px_job j = {r, t, matrix};
        st = ak_output_write_file(o, name, px_table, &j, d);
        g_free(matrix);
        ak_free(stem);
        ak_free(name);
    }
    return st;
}

const ak_output ak_output_px = {
    "px", "tabel-2.2.px …: hver tabel som PX-fil (PX-2013) til PX-Web",
    AK_OUT_DEFAULT | AK_OUT_PROVENANCE, px_write, NULL, NULL, NULL};
