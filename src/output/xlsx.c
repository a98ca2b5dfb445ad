/*
 * The tables as an Excel workbook, tabeller-<year>.xlsx (output "xlsx").
 * The only file that includes libxlsxwriter.
 *
 * Sheets: "Indhold" (the report title and a link to every other sheet),
 * one per table and figure in report order (the key figures first), named
 * by caption ("Tabel 2.2", "Figur 2.1", "Nøgletal"), "Validering"
 * (the rule summary and every problem, in the validation report's order,
 * ak_diags_order()), "Opfølgning" (the lines of opfoelgning-YEAR.csv, from
 * the same code: ak_followup, outputs.h) and, with --compare,
 * "Sammenligning" (the lines of sammenligning.csv, ak_compare_run()).
 * The follow-up list needs the validated rows, so this is a row output:
 * the workbook is written at the end of the row pass.  A table sheet
 * holds, as the PDF does: caption and title, the column-group headers merged over their columns, the
 * column and measure headers, the rows (subtotals bold, totals bold over
 * a rule), then the notes and the source.
 *
 * Numbers are numbers: counts with format "#,##0", percents as
 * proportions (35 % is 0.35) with "0%", means with "0.00", sums of
 * decimals with "0.0"; format codes are stored in Excel's neutral syntax
 * and shown with the reader's own separators (a Danish Excel: "1,25").
 * A cell without a value (a percent over an empty base) is the text "-"
 * as in the PDF: every other cell of the column stays a number, and
 * Excel's SUM/AVERAGE skip text.  Every text is written with
 * worksheet_write_string() (never a formula, whatever it starts with).
 *
 * LOCALE: Debian's libxlsxwriter (1.1.4, built without its dtoa) prints
 * doubles and column widths with snprintf("%.16G"), so a Danish
 * LC_NUMERIC in the process would write "0,35" into the XML: a corrupt
 * workbook (libxlsxwriter issue #64, ../shared/design/format-notes.md
 * section 2).  Every library call here therefore runs under a thread-local
 * "C" locale (newlocale() + uselocale()), whatever the process's locale
 * is; tests/suites/xlsx_px.sh runs a report under da_DK.UTF-8 with
 * setlocale(LC_ALL, "") forced in and reads the XML back.
 *
 * Byte-identical reruns: the document's creation time is meta->made
 * (SOURCE_DATE_EPOCH); libxlsxwriter stamps its zip members with a fixed
 * date.  Its temporary files go into the output set's temporary directory.
 * Provenance (input file, SHA-256, engine version) is in the document
 * comments and in custom properties; title, subject and author come from
 * the templates (report title, meta subject, meta author).
 */
#include "ak_render.h"
#include "outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ak_compare.h"
#include "ak_mem.h"

/* The workbook's own fixed words; those it shares with the PDF and the
 * validation report come from there (ak_output_words,
 * ak_validation_heads). */
#define W_VALIDATION ak_output_words[AK_W_SHEET_VALIDATION]
#define W_COMPARE ak_output_words[AK_W_SHEET_COMPARE]
#define W_FOLLOWUP ak_output_words[AK_W_SHEET_FOLLOWUP]
#define W_CONTENTS ak_output_words[AK_W_CONTENTS]
#define W_RULES ak_output_words[AK_W_RULES]
#define W_PROBLEMS ak_output_words[AK_W_PROBLEMS]
#define W_NONE ak_output_words[AK_W_NONE]
#define W_FILE ak_output_words[AK_W_WHOLE_FILE]
#define rule_head ak_validation_heads
#define NPROB 9
static const ak_word prob_word[NPROB] = {
    AK_W_NR, AK_W_NAME, AK_W_LINE, AK_W_SEVERITY, AK_W_QUESTION, AK_W_COLUMN,
    AK_W_VALUE, AK_W_MESSAGE, AK_W_ACTION};
#define prob_head(c) ak_output_words[prob_word[c]]

#define MAX_LABEL_W 60.0   /* a wider row label wraps */
#define MAX_NUM_W 24.0     /* a wider number header wraps */
#define MIN_NUM_W 8.0
#define TEXT_F 1.2         /* a text character in units of the digit width
                              the column width counts (bold, proportional
                              fonts: measured in Gnumeric's rendering) */
#define MAX_TEXT 32000     /* Excel's limit is 32767 characters a cell */

typedef struct xw {
    lxw_workbook *wb;
    lxw_error err;         /* the first library error */
    int oom;
    lxw_format *bold, *title, *title_w, *head, *head_c, *head_r, *label, *label_b,
        *label_t, *label_w, *link, *note, *wrap;
    lxw_format *num[4][3];  /* [measure][plain, subtotal, total] */
    lxw_format *tenths[3];
    lxw_format *dash[3];
} xw;

static void chk(xw *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
        x->err = e;
}

/* s as valid UTF-8 of at most MAX_TEXT bytes (cut at a character);
 * caller frees with g_free(). */
static char *clean(const char *s)
{
    char *v = g_utf8_make_valid(s ? s : "", -1);
    if (strlen(v) > MAX_TEXT) {
        const char *end = g_utf8_find_prev_char(v, v + MAX_TEXT + 1);
        v[end ? end - v : 0] = '\0';
    }
    return v;
}

/* Every text goes through here: a string cell, never a formula. */
static void put_text(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                     const char *s, lxw_format *f)
{
    if (!s)
        return;
    char *v = clean(s);
    chk(x, worksheet_write_string(ws, r, c, v, f));
    g_free(v);
}

static double chars(const char *s)
{
    return s ? (double)g_utf8_strlen(s, -1) : 0;
}

/* The longest word of s, in characters (a header wraps between words). */
static double longest_word(const char *s)
{
    double best = 0, cur = 0;
    for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
        if (*p == ' ') {
            cur = 0;
            continue;
        }
        if (++cur > best)
            best = cur;
    }
    return best;
}

static double dmax(double a, double b)
{
    return a > b ? a : b;
}

static lxw_format *fmt(xw *x, int bold, const char *numfmt, int border_top,
                       int align, int wrap)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        x->oom = 1;
        return NULL;
    }
    if (bold)
        format_set_bold(f);
    if (numfmt)
        format_set_num_format(f, numfmt);
    if (border_top)
        format_set_top(f, LXW_BORDER_THIN);
    if (align)
        format_set_align(f, (uint8_t)align);
    if (wrap)
        format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
    return f;
}

static void formats(xw *x)
{
    x->bold = fmt(x, 1, NULL, 0, 0, 0);
    x->title = fmt(x, 1, NULL, 0, 0, 0);
    if (x->title)
        format_set_font_size(x->title, 13);
    x->title_w = fmt(x, 1, NULL, 0, 0, 1);
    if (x->title_w)
        format_set_font_size(x->title_w, 13);
    x->head = fmt(x, 1, NULL, 0, 0, 1);
    x->head_c = fmt(x, 1, NULL, 0, LXW_ALIGN_CENTER, 1);
    x->head_r = fmt(x, 1, NULL, 0, LXW_ALIGN_RIGHT, 1);
    x->label = fmt(x, 0, NULL, 0, 0, 0);
    x->label_b = fmt(x, 1, NULL, 0, 0, 0);
    x->label_t = fmt(x, 1, NULL, 1, 0, 0);
    x->label_w = fmt(x, 0, NULL, 0, 0, 1);
    x->link = fmt(x, 0, NULL, 0, 0, 0);
    if (x->link) {
        format_set_underline(x->link, LXW_UNDERLINE_SINGLE);
        format_set_font_color(x->link, LXW_COLOR_BLUE);
    }
    x->note = fmt(x, 0, NULL, 0, 0, 1);
    if (x->note)
        format_set_italic(x->note);
    x->wrap = fmt(x, 0, NULL, 0, 0, 1);
    static const char *const codes[4] = {"#,##0", "0%", "0.00", "#,##0"};
    for (int k = 0; k < 3; k++) {
        for (int m = 0; m < 4; m++)
            x->num[m][k] = fmt(x, k > 0, codes[m], k == 2, 0, 0);
        x->tenths[k] = fmt(x, k > 0, "#,##0.0", k == 2, 0, 0);
        x->dash[k] = fmt(x, k > 0, NULL, k == 2, LXW_ALIGN_RIGHT, 0);
    }
}

/* ---- sheet names ------------------------------------------------------- */

/* The first n characters of UTF-8 s; caller frees (g_free). */
static char *prefix(const char *s, long n)
{
    const char *e = s;
    for (long i = 0; i < n && *e; i++)
        e = g_utf8_next_char(e);
    return g_strndup(s, (gsize)(e - s));
}

/* A valid, unique sheet name from s: none of []:*?/\ , no leading or
 * trailing apostrophe, at most 31 characters (a clash gets " 2", " 3" ...
 * within them); caller frees (g_free). */
static char *sheet_name(const char *s, char **taken, size_t ntaken)
{
    GString *b = g_string_new(NULL);
    long n = 0;
    for (const char *p = s && *s ? s : "Ark"; *p && n < 31;
         p = g_utf8_next_char(p), n++) {
        if (strchr("[]:*?/\\", *p))
            g_string_append_c(b, '-');
        else if (*p == '\'' && (n == 0 || !p[1] || n == 30))
            g_string_append_c(b, '-');
        else
            g_string_append_len(b, p, g_utf8_next_char(p) - p);
    }
    char *base = g_string_free(b, FALSE);
    char *name = g_strdup(base);
    for (int k = 2;; k++) {
        int clash = 0;
        for (size_t i = 0; i < ntaken && !clash; i++) {
            char *a = g_utf8_casefold(taken[i], -1);
            char *c = g_utf8_casefold(name, -1);
            clash = strcmp(a, c) == 0;
            g_free(a);
            g_free(c);
        }
        if (!clash)
            break;
        g_free(name);
        char suffix[16];
        snprintf(suffix, sizeof suffix, " %d", k);
        char *pre = prefix(base, 31 - (long)strlen(suffix));
        name = g_strconcat(pre, suffix, NULL);
        g_free(pre);
    }
    g_free(base);
    return name;
}

/* "internal:'Tabel 2.2'!A1" (apostrophes doubled). */
static char *internal_link(const char *sheet)
{
    GString *b = g_string_new("internal:'");
    for (const char *p = sheet; *p; p++) {
        if (*p == '\'')
            g_string_append_c(b, '\'');
        g_string_append_c(b, *p);
    }
    g_string_append(b, "'!A1");
    return g_string_free(b, FALSE);
}

/* ---- a table sheet ----------------------------------------------------- */

static int kind_ix(ak_rowkind k)
{
    return k == AK_ROW_TOTAL ? 2 : k == AK_ROW_SUBTOTAL ? 1 : 0;
}

static const char *mlabel(const ak_rtable *t, size_t m)
{
    return t->measure_labels ? t->measure_labels[m] : NULL;
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The characters a cell's number shows (for the column width). */
static double num_chars(const ak_rtable *t, size_t r, size_t c, size_t m)
{
    const ak_cell *cl = ak_rtable_cell(t, r, c, m);
    if (!cl->has_value)
        return 1;
    char buf[40];
    long long v = (long long)cl->value;
    int n = snprintf(buf, sizeof buf, "%lld", v < 0 ? -v : v);
    double w = n + (n - 1) / 3 + (v < 0);
    if (t->measures[m] == AK_M_GENNEMSNIT)
        w += 1;         /* two of the digits are decimals, plus the comma */
    else if (ak_rtable_cell_tenths(t, r, c, m))
        w += 1;
    else if (t->measures[m] == AK_M_PROCENT)
        w += 2;         /* " %" */
    return w;
}

/* The column widths of table t in characters: w[0] the labels, w[1..]
 * the number columns (texts count TEXT_F a character; a header may wrap
 * between words, a group spreads over its columns). */
static void table_widths(const ak_rtable *t, double *w)
{
    size_t nc = t->ncols, nm = t->nmeasures, nleaf = nc * nm;
    double lw = 10;
    for (size_t i = 0; i < t->nrows; i++)
        lw = dmax(lw, chars(t->rows[i].label) * 1.1);
    w[0] = (lw > MAX_LABEL_W ? MAX_LABEL_W : lw) + 2;
    for (size_t k = 1; k <= nleaf; k++)
        w[k] = MIN_NUM_W;
    for (size_t c = 0; c < nc;) {
        size_t e = c + 1;
        while (e < nc && same(t->cols[c].group, t->cols[e].group))
            e++;
        const char *g = t->cols[c].group;
        double each = chars(g) * TEXT_F / (double)((e - c) * nm);
        for (size_t k = 1 + c * nm; k <= e * nm; k++)
            w[k] = dmax(w[k], dmax(each, longest_word(g) * TEXT_F));
        c = e;
    }
    for (size_t c = 0; c < nc; c++) {
        const char *l = t->cols[c].label;
        double each = chars(l) * TEXT_F / (double)nm;
        for (size_t m = 0; m < nm; m++) {
            size_t k = 1 + c * nm + m;
            w[k] = dmax(w[k], dmax(each, longest_word(l) * TEXT_F));
            w[k] = dmax(w[k], dmax(chars(mlabel(t, m)) * TEXT_F / 2,
                                   longest_word(mlabel(t, m)) * TEXT_F));
            for (size_t r = 0; r < t->nrows; r++)
                w[k] = dmax(w[k], num_chars(t, r, c, m) * 1.1);
        }
    }
    for (size_t k = 1; k <= nleaf; k++)
        w[k] = (w[k] > MAX_NUM_W ? MAX_NUM_W : w[k]) + 2;
}

/* Lines text s takes wrapped in a width of wd characters. */
static double lines(const char *s, double factor, double wd)
{
    double n = chars(s) * factor / (wd > 4 ? wd - 2 : 2);
    double l = (double)(long)n;
    return l < n ? l + 1 : l < 1 ? 1 : l;
}

/* Text s over columns 0..last of row r, wrapped, the row as high as
 * its lines (libxlsxwriter cannot fit a row to its text). */
static void put_wide(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t last,
                     const char *s, lxw_format *f, double total, double pt)
{
    if (last > 0) {
        char *v = clean(s);
        chk(x, worksheet_merge_range(ws, r, 0, r, last, v, f));
        g_free(v);
    } else {
        put_text(x, ws, r, 0, s, f);
    }
    double n = lines(s, 1.05, total);
    if (n > 1)
        chk(x, worksheet_set_row(ws, r, pt * n, NULL));
}

static void write_table(xw *x, lxw_worksheet *ws, const ak_rtable *t)
{
    size_t nc = t->ncols, nm = t->nmeasures, nleaf = nc * nm;
    int has_group = 0, has_label = 0, has_meas = 0;
    for (size_t c = 0; c < nc; c++) {
        has_group |= t->cols[c].group != NULL;
        has_label |= t->cols[c].label != NULL;
    }
    for (size_t m = 0; m < nm; m++)
        has_meas |= mlabel(t, m) != NULL;
    double *w = g_new0(double, nleaf + 1);
    table_widths(t, w);
    double total = 0;
    for (size_t k = 0; k <= nleaf; k++) {
        total += w[k];
        chk(x, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, w[k],
                                    NULL));
    }
    lxw_col_t last = (lxw_col_t)nleaf;

    lxw_row_t r = 0;
    char *cap = g_strdup_printf("%s%s%s", t->caption ? t->caption : t->id,
                                t->title ? "  " : "",
                                t->title ? t->title : "");
    put_wide(x, ws, r++, last, cap, x->title_w, total / 1.3, 17);
    g_free(cap);
    r++;

    /* Header rows: groups merged over their columns' cells, column
     * labels merged over their measures, measure labels; each row as high
     * as its most wrapped text. */
    lxw_row_t head0 = r;
    if (has_group) {
        double hl = 1;
        for (size_t c = 0; c < nc;) {
            size_t e = c + 1;
            while (e < nc && same(t->cols[c].group, t->cols[e].group))
                e++;
            lxw_col_t c0 = (lxw_col_t)(1 + c * nm);
            lxw_col_t c1 = (lxw_col_t)(e * nm);
            const char *g = t->cols[c].group;
            double span = 0;
            for (lxw_col_t k = c0; k <= c1; k++)
                span += w[k];
            if (g && c1 > c0) {
                char *v = clean(g);
                chk(x, worksheet_merge_range(ws, r, c0, r, c1, v, x->head_c));
                g_free(v);
            } else if (g) {
                put_text(x, ws, r, c0, g, x->head_c);
            }
            hl = dmax(hl, lines(g, TEXT_F, span));
            c = e;
        }
        if (hl > 1)
            chk(x, worksheet_set_row(ws, r, 15 * hl, NULL));
        r++;
    }
    if (has_label) {
        double hl = 1;
        for (size_t c = 0; c < nc; c++) {
            const char *l = t->cols[c].label;
            if (!l)
                continue;
            lxw_col_t c0 = (lxw_col_t)(1 + c * nm);
            lxw_col_t c1 = (lxw_col_t)(c0 + nm - 1);
            double span = 0;
            for (lxw_col_t k = c0; k <= c1; k++)
                span += w[k];
            if (nm > 1) {
                char *v = clean(l);
                chk(x, worksheet_merge_range(ws, r, c0, r, c1, v, x->head_c));
                g_free(v);
            } else {
                put_text(x, ws, r, c0, l, x->head_r);
            }
            hl = dmax(hl, lines(l, TEXT_F, span));
        }
        if (hl > 1)
            chk(x, worksheet_set_row(ws, r, 15 * hl, NULL));
        r++;
    }
    if (has_meas) {
        double hl = 1;
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                lxw_col_t k = (lxw_col_t)(1 + c * nm + m);
                put_text(x, ws, r, k, mlabel(t, m), x->head_r);
                hl = dmax(hl, lines(mlabel(t, m), TEXT_F, w[k]));
            }
        if (hl > 1)
            chk(x, worksheet_set_row(ws, r, 15 * hl, NULL));
        r++;
    }
    lxw_row_t head1 = r;   /* first row after the headers */

    /* The rows. */
    for (size_t i = 0; i < t->nrows; i++, r++) {
        const ak_rrow *row = &t->rows[i];
        int k = kind_ix(row->kind);
        lxw_format *lf = k == 2 ? x->label_t : k == 1 ? x->label_b : x->label;
        if (k == 0 && chars(row->label) * 1.1 > MAX_LABEL_W) {
            lf = x->label_w;   /* only a very long label wraps */
            chk(x, worksheet_set_row(ws, r, 15 * lines(row->label, 1.0,
                                                       w[0]), NULL));
        }
        put_text(x, ws, r, 0, row->label, lf);
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                lxw_col_t col = (lxw_col_t)(1 + c * nm + m);
                const ak_cell *cl = ak_rtable_cell(t, i, c, m);
                if (!cl->has_value) {
                    chk(x, worksheet_write_string(ws, r, col, "-",
                                                  x->dash[k]));
                    continue;
                }
                ak_measure ms = t->measures[m];
                double v = (double)cl->value;
                lxw_format *f = x->num[ms][k];
                if (ms == AK_M_PROCENT)
                    v /= 100;
                else if (ms == AK_M_GENNEMSNIT)
                    v /= 100;
                else if (ak_rtable_cell_tenths(t, i, c, m)) {
                    v /= 10;
                    f = x->tenths[k];
                }
                chk(x, worksheet_write_number(ws, r, col, v, f));
            }
    }

    /* Axis title, notes and source under the table, wrapped to its
     * width. */
    r++;
    if (t->axis_title)
        put_wide(x, ws, r++, last, t->axis_title, x->note, total, 15);
    for (size_t i = 0; i < t->nnotes; i++)
        put_wide(x, ws, r++, last, t->notes[i], x->note, total, 15);
    if (t->source)
        put_wide(x, ws, r++, last, t->source, x->note, total, 15);
    g_free(w);

    /* Frozen headers and label column; print: the table only, A4, one
     * page wide, the header rows on every page. */
    worksheet_freeze_panes(ws, head1, 1);
    chk(x, worksheet_print_area(ws, 0, 0, r > 0 ? r - 1 : 0, last));
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    if (head1 > head0)
        chk(x, worksheet_repeat_rows(ws, head0, head1 - 1));
    if (nleaf > 6)
        worksheet_set_landscape(ws);
}

/* ---- contents and validation ------------------------------------------ */

static void write_contents(xw *x, lxw_worksheet *ws, const ak_report *rp,
                           char **names, size_t nnames)
{
    const ak_results *res = rp->res;
    lxw_row_t r = 0;
    char *head = res->report_title
                     ? g_strdup_printf("%s %d", res->report_title, rp->year)
                     : g_strdup_printf("%d", rp->year);
    put_text(x, ws, r++, 0, head, x->title);
    g_free(head);
    r++;
    double w0 = 10, w1 = 20;
    for (size_t i = 0; i < nnames; i++, r++) {
        char *url = internal_link(names[i]);
        char *v = clean(names[i]);
        chk(x, worksheet_write_url_opt(ws, r, 0, url, x->link, v, NULL));
        g_free(url);
        g_free(v);
        w0 = dmax(w0, chars(names[i]));
        if (i < res->ntables && res->tables[i].title) {
            put_text(x, ws, r, 1, res->tables[i].title, NULL);
            w1 = dmax(w1, chars(res->tables[i].title));
        }
    }
    chk(x, worksheet_set_column(ws, 0, 0, w0 + 2, NULL));
    chk(x, worksheet_set_column(ws, 1, 1, (w1 > 100 ? 100 : w1) + 2, NULL));
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* The cells of problem g in the columns of prob_head (the line apart). */
static void problem_cells(const ak_diag *g, const char *cells[NPROB])
{
    cells[0] = g->unit ? g->unit : W_FILE;
    cells[1] = g->unit_name;
    cells[2] = NULL;
    cells[3] = ak_severity_name(g->sev);
    cells[4] = g->question;
    cells[5] = g->column;
    cells[6] = g->value;
    cells[7] = g->message;
    cells[8] = g->action;
}

/* Whether the diagnostic of input index seq is one of the sheet's
 * problems: one of the first nprob, not an output's own remark. */
static int sheet_problem(const ak_diag *g, size_t seq, size_t nprob)
{
    return seq < nprob &&
           !(g->rule && strcmp(g->rule, "output") == 0 &&
             g->sev == AK_SEV_NOTE);
}

/* The problems of the validation, as validering.csv has them: the first
 * nprob diagnostics (those before the row pass), without the outputs'
 * own remarks (rule "output", notes: a label cut to a format's limit, which
 * the row outputs add as they begin), in the validation report's order;
 * at most AK_OUTPUT_SHEET_MAX, then a line counting the rest.  The list is
 * read twice (widths, then cells), streaming. */
static void write_validation(xw *x, lxw_worksheet *ws, const ak_report *rp,
                             size_t nprob)
{
    size_t n = 0, all = 0;
    ak_diags_iter *it = ak_diags_iter_new(rp->problems, AK_DIAGS_REPORT);
    if (!it) {
        x->oom = 1;
        return;
    }
    const ak_rule_stat *st = NULL;
    size_t ns = rp->v ? ak_validate_stats(rp->v, &st) : 0;

    /* Widths first (texts count 1.1 a character, at most 60; longer
     * texts wrap), so that a wrapped row can be made as high as it needs. */
    double w[NPROB] = {0};
    for (int c = 0; c < NPROB; c++)
        w[c] = dmax(6, chars(prob_head(c)) * TEXT_F);
    for (int c = 0; c < 5; c++)
        w[c] = dmax(w[c], chars(rule_head[c]) * TEXT_F);
    for (size_t i = 0; i < ns; i++)
        w[0] = dmax(w[0], chars(st[i].label ? st[i].label : st[i].rule) * 1.1);
    const ak_diag *g;
    size_t seq = 0;
    while ((g = ak_diags_next(it, &seq)) != NULL) {
        if (!sheet_problem(g, seq, nprob) || all++ >= AK_OUTPUT_SHEET_MAX)
            continue;
        n++;
        const char *cells[NPROB];
        problem_cells(g, cells);
        for (int c = 0; c < NPROB; c++)
            w[c] = dmax(w[c], chars(cells[c]) * 1.1);
    }
    int failed = ak_diags_iter_failed(it);
    ak_diags_iter_free(it);
    it = failed ? NULL : ak_diags_iter_new(rp->problems, AK_DIAGS_REPORT);
    if (!it) {
        x->oom = 1;
        return;
    }
    for (int c = 0; c < NPROB; c++) {
        w[c] = (w[c] > 60 ? 60 : w[c]) + 2;
        chk(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w[c],
                                    NULL));
    }

    lxw_row_t r = 0;
    put_text(x, ws, r++, 0, W_VALIDATION, x->title);
    r++;
    lxw_row_t head0 = 0, head1 = 0;
    if (rp->v) {
        put_text(x, ws, r++, 0, W_RULES, x->bold);
        for (int c = 0; c < 5; c++)
            put_text(x, ws, r, (lxw_col_t)c, rule_head[c],
                     c ? x->head_r : x->head);
        r++;
        for (size_t i = 0; i < ns; i++, r++) {
            const char *l = st[i].label ? st[i].label : st[i].rule;
            put_text(x, ws, r, 0, l, x->wrap);
            double hl = lines(l, 1.0, w[0]);
            if (hl > 1)
                chk(x, worksheet_set_row(ws, r, 15 * hl, NULL));
            long vals[4] = {st[i].checked, st[i].passed, st[i].failed,
                            st[i].blank};
            for (int c = 0; c < 4; c++)
                chk(x, worksheet_write_number(ws, r, (lxw_col_t)(c + 1),
                                              (double)vals[c],
                                              x->num[AK_M_ANTAL][0]));
        }
        for (int i = 0; i < 2; i++)     /* what the numbers count */
            put_text(x, ws, r++, 0, ak_validation_legend[i], NULL);
        r++;
    }
    put_text(x, ws, r++, 0, W_PROBLEMS, x->bold);
    if (n == 0) {
        put_text(x, ws, r++, 0, W_NONE, NULL);
    } else {
        head0 = r;
        for (int c = 0; c < NPROB; c++)
            put_text(x, ws, r, (lxw_col_t)c, prob_head(c), x->head);
        head1 = ++r;
        for (size_t i = 0; i < n; i++, r++) {
            while ((g = ak_diags_next(it, &seq)) != NULL &&
                   !sheet_problem(g, seq, nprob))
                ;
            if (!g)
                break;
            const char *cells[NPROB];
            problem_cells(g, cells);
            double hl = 1;
            for (int c = 0; c < NPROB; c++) {
                if (c == 2) {
                    if (g->line > 0)
                        chk(x, worksheet_write_number(ws, r, 2,
                                                      (double)g->line, NULL));
                    continue;
                }
                put_text(x, ws, r, (lxw_col_t)c, cells[c], x->wrap);
                hl = dmax(hl, lines(cells[c], 1.0, w[c]));
            }
            if (hl > 1)
                chk(x, worksheet_set_row(ws, r, 15 * hl, NULL));
        }
        if (all > n) {
            char *more = ak_asprintf(ak_output_words[AK_W_PROBLEMS_MORE],
                                     all - n);
            if (more)
                put_text(x, ws, r++, 0, more, NULL);
            else
                x->oom = 1;
            ak_free(more);
        }
    }
    if (ak_diags_iter_failed(it))
        x->oom = 1;
    ak_diags_iter_free(it);
    if (head1 > head0) {
        worksheet_freeze_panes(ws, head1, 0);
        chk(x, worksheet_repeat_rows(ws, head0, head1 - 1));
    }
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- the comparison (--compare) ----------------------------------------- */

/* sammenligning.csv's columns, in its order; the last only with --panel */
#define NCMP 13
static const char *const cmp_head[NCMP] = {
    "table", "row_key", "row_label", "column", "measure", "last_year",
    "last_value", "this_year", "value", "change", "change_unit", "note",
    "grundlag"};

typedef struct cmpsheet {
    xw *x;
    lxw_worksheet *ws;
    lxw_row_t r;
    double w[NCMP];
    const char *basis;  /* --panel: the 'grundlag' sentence; else NULL */
} cmpsheet;

/* A tables.csv number ("61", "-0.01") as a number; anything else (or "")
 * as text, as sammenligning.csv writes it. */
static void put_num(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    const char *s)
{
    char *end = NULL;
    double v = s && *s ? strtod(s, &end) : 0;   /* "C" locale: see LOCALE */
    if (s && *s && end && !*end &&
        (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
        chk(x, worksheet_write_number(ws, r, c, v, NULL));
    else if (s && *s)
        put_text(x, ws, r, c, s, NULL);
}

static ak_status cmp_row(const ak_compare_line *l, void *ud)
{
    cmpsheet *k = ud;
    const char *text[NCMP] = {l->table, l->row_key, l->row_label, l->column,
                              l->measure, NULL, NULL, NULL, NULL, NULL,
                              ak_compare_unit(l), l->note, k->basis};
    for (int c = 0; c < NCMP; c++)
        if (text[c] && *text[c]) {
            put_text(k->x, k->ws, k->r, (lxw_col_t)c, text[c], NULL);
            k->w[c] = dmax(k->w[c], chars(text[c]));
        }
    chk(k->x, worksheet_write_number(k->ws, k->r, 5, l->last_year, NULL));
    chk(k->x, worksheet_write_number(k->ws, k->r, 7, l->this_year, NULL));
    put_num(k->x, k->ws, k->r, 6, l->last_value);
    put_num(k->x, k->ws, k->r, 8, l->value);
    put_num(k->x, k->ws, k->r, 9, l->change);
    k->r++;
    return k->x->oom ? AK_ERR_NOMEM : AK_OK;
}

/* Sheet "Sammenligning": sammenligning.csv's lines, its header first; with
 * --panel (prev then holds last year's over the units of both years) over
 * the units of both years, with the column 'grundlag' saying so. */
static ak_status write_compare(xw *x, lxw_worksheet *ws, const ak_report *rp,
                               const ak_prev *prev)
{
    cmpsheet k = {x, ws, 1, {0}, NULL};
    char *basis = rp->panel_res && rp->panel
                      ? ak_asprintf(ak_output_words[AK_W_CMP_PANEL],
                                    ak_panel_count(rp->panel),
                                    ak_output_units(rp))
                      : NULL;
    if (rp->panel_res && rp->panel && !basis)
        return AK_ERR_NOMEM;
    k.basis = basis;
    int ncols = basis ? NCMP : NCMP - 1;
    for (int c = 0; c < ncols; c++) {
        put_text(x, ws, 0, (lxw_col_t)c, cmp_head[c], x->head);
        k.w[c] = dmax(8, chars(cmp_head[c]) * TEXT_F);
    }
    ak_status st = ak_compare_run(rp->panel_res ? rp->panel_res : rp->res,
                                  prev, ak_output_units(rp), cmp_row, &k);
    ak_free(basis);
    for (int c = 0; c < ncols; c++)
        chk(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                    (k.w[c] > 60 ? 60 : k.w[c]) + 2, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    return st;
}

/* ---- the follow-up list ------------------------------------------------ */

/* The sheet holds at most this many lines of the follow-up list, so that
 * the workbook's memory does not grow with the input (a file of persons
 * can have a line for most of its rows); a last line counts the rest and
 * names the CSV, which always has them all. */
#define FU_SHEET_MAX AK_OUTPUT_SHEET_MAX

/* The follow-up list's lines, collected on the row pass: AK_FOLLOWUP_NF
 * owned strings a line. */
typedef struct fulist {
    char **f;
    size_t n, cap;         /* lines */
    size_t more;           /* lines past FU_SHEET_MAX, only counted */
    int oom;
} fulist;

static ak_status fu_collect(const char *const fl[AK_FOLLOWUP_NF], void *ud)
{
    fulist *l = ud;
    if (l->n >= FU_SHEET_MAX) {
        l->more++;
        return AK_OK;
    }
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 64;
        char **nf = ak_reallocarray(l->f, nc * AK_FOLLOWUP_NF, sizeof *nf);
        if (!nf)
            return AK_ERR_NOMEM;
        l->f = nf;
        l->cap = nc;
    }
    for (int i = 0; i < AK_FOLLOWUP_NF; i++)
        if (!(l->f[l->n * AK_FOLLOWUP_NF + i] = ak_strdup(fl[i]))) {
            for (int k = 0; k < i; k++)
                ak_free(l->f[l->n * AK_FOLLOWUP_NF + k]);
            return AK_ERR_NOMEM;
        }
    l->n++;
    return AK_OK;
}

static void fulist_clear(fulist *l)
{
    for (size_t i = 0; i < l->n * AK_FOLLOWUP_NF; i++)
        ak_free(l->f[i]);
    ak_free(l->f);
    memset(l, 0, sizeof *l);
}

/* Sheet "Opfølgning": opfoelgning-YEAR.csv's lines, its header first;
 * every cell text (a municipality number keeps its digits as written);
 * past FU_SHEET_MAX lines, one line saying how many more the CSV has. */
static void write_followup(xw *x, lxw_worksheet *ws, const fulist *l,
                           int year)
{
    double w[AK_FOLLOWUP_NF];
    for (int c = 0; c < AK_FOLLOWUP_NF; c++) {
        put_text(x, ws, 0, (lxw_col_t)c, ak_followup_head[c], x->head);
        w[c] = dmax(8, chars(ak_followup_head[c]) * TEXT_F);
    }
    for (size_t i = 0; i < l->n; i++)
        for (int c = 0; c < AK_FOLLOWUP_NF; c++) {
            const char *v = l->f[i * AK_FOLLOWUP_NF + c];
            if (*v)
                put_text(x, ws, (lxw_row_t)(i + 1), (lxw_col_t)c, v, NULL);
            w[c] = dmax(w[c], chars(v) * 1.1);
        }
    if (l->more) {
        char *more = ak_asprintf(ak_output_words[AK_W_SHEET_MORE], l->more,
                                 year);
        if (more)
            put_text(x, ws, (lxw_row_t)(l->n + 1), 0, more, x->head);
        else
            x->oom = 1;
        ak_free(more);
    }
    for (int c = 0; c < AK_FOLLOWUP_NF; c++)
        chk(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                    (w[c] > 60 ? 60 : w[c]) + 2, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- the workbook ------------------------------------------------------ */

static void properties(xw *x, const ak_report *rp)
{
    const ak_results *res = rp->res;
    const ak_report_meta *mt = rp->meta;
    char *title = res->report_title
                      ? g_strdup_printf("%s %d", res->report_title, rp->year)
                      : NULL;
    char *comments = g_strdup_printf(
        "%s%s%s%s%s%s", mt && mt->input_name ? mt->input_name : "",
        mt && mt->input_sha256 ? " SHA-256 " : "",
        mt && mt->input_sha256 ? mt->input_sha256 : "",
        mt && mt->version ? "; ankestat " : "",
        mt && mt->version ? mt->version : "",
        mt && mt->datanote ? "; " : "");
    if (mt && mt->datanote) {
        char *c2 = g_strconcat(comments, mt->datanote, NULL);
        g_free(comments);
        comments = c2;
    }
    char *ctitle = title ? clean(title) : NULL;
    char *csubj = res->meta[AK_META_SUBJECT] ? clean(res->meta[AK_META_SUBJECT])
                                             : NULL;
    char *cauth = res->meta[AK_META_AUTHOR] ? clean(res->meta[AK_META_AUTHOR])
                                            : NULL;
    char *ccom = clean(comments);
    lxw_doc_properties p = {0};
    p.title = ctitle;
    p.subject = csubj;
    p.author = cauth;
    p.company = cauth;
    p.comments = ccom;
    p.created = (time_t)(mt && mt->made > 0 ? mt->made : 1);
    chk(x, workbook_set_properties(x->wb, &p));
    if (mt && mt->input_name) {
        char *v = clean(mt->input_name);
        chk(x, workbook_set_custom_property_string(x->wb, "input", v));
        g_free(v);
    }
    if (mt && mt->input_sha256)
        chk(x, workbook_set_custom_property_string(x->wb, "input_sha256",
                                                   mt->input_sha256));
    if (mt && mt->version)
        chk(x, workbook_set_custom_property_string(x->wb, "ankestat_version",
                                                   mt->version));
    chk(x, workbook_set_custom_property_integer(x->wb, "year", rp->year));
    g_free(title);
    g_free(comments);
    g_free(ctitle);
    g_free(csubj);
    g_free(cauth);
    g_free(ccom);
}

/*
 * workbook_close() with the library's own complaint silenced: on a failed
 * write (a full disk) libxlsxwriter prints "[ERROR]..." to stderr itself
 * (LXW_ERROR, compiled in), and an output never prints; the failure is
 * reported as a Danish diagnostic by the caller.  *err gets errno.
 */
static lxw_error close_quietly(lxw_workbook *wb, int *err)
{
    fflush(stderr);
    int saved = dup(2);
    int null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, 2);
    if (null >= 0)
        close(null);
    errno = 0;
    lxw_error e = workbook_close(wb);
    *err = errno;
    if (saved >= 0) {
        dup2(saved, 2);
        close(saved);
    }
    return e;
}

static ak_status build(const ak_report *rp, const char *path,
                       const char *tmpdir, ak_diags *d, const char *name,
                       ak_outdir *o, const ak_prev *prev, const fulist *fu,
                       size_t nprob)
{
    const ak_results *res = rp->res;
    xw x = {0};
    lxw_workbook_options opt = {0};
    opt.tmpdir = (char *)tmpdir;
    errno = 0;
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb)
        return ak_output_io_error(o, name, errno, d);
    formats(&x);
    properties(&x, rp);

    size_t nnames = res->ntables + 2 + (prev != NULL);
    char **names = g_new0(char *, nnames + 2);   /* NULL-terminated */
    names[0] = g_strdup(W_CONTENTS);
    for (size_t i = 0; i < res->ntables; i++) {
        const ak_rtable *t = &res->tables[i];
        names[i + 1] = sheet_name(t->caption ? t->caption : t->id, names,
                                  i + 1);
    }
    size_t vi = res->ntables + 1;           /* the validation sheet */
    names[vi] = sheet_name(W_VALIDATION, names, vi);
    names[vi + 1] = sheet_name(W_FOLLOWUP, names, vi + 1);
    if (prev)
        names[vi + 2] = sheet_name(W_COMPARE, names, vi + 2);

    lxw_worksheet *contents = workbook_add_worksheet(x.wb, names[0]);
    if (!contents)
        x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (size_t i = 0; i < res->ntables && x.err == LXW_NO_ERROR; i++) {
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, names[i + 1]);
        if (!ws)
            x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        else
            write_table(&x, ws, &res->tables[i]);
    }
    if (x.err == LXW_NO_ERROR) {
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, names[vi]);
        if (!ws)
            x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        else
            write_validation(&x, ws, rp, nprob);
    }
    if (x.err == LXW_NO_ERROR) {
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, names[vi + 1]);
        if (!ws)
            x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        else
            write_followup(&x, ws, fu, rp->year);
    }
    ak_status cst = AK_OK;
    if (prev && x.err == LXW_NO_ERROR) {
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, names[vi + 2]);
        if (!ws)
            x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        else
            cst = write_compare(&x, ws, rp, prev);
    }
    if (contents)
        write_contents(&x, contents, rp, names + 1, nnames);
    g_strfreev(names);

    int err = 0;
    chk(&x, close_quietly(x.wb, &err));
    if (cst != AK_OK) {
        remove(path);
        return cst;
    }
    if (x.oom || x.err == LXW_ERROR_MEMORY_MALLOC_FAILED) {
        remove(path);
        return AK_ERR_NOMEM;
    }
    if (x.err != LXW_NO_ERROR) {
        remove(path);
        return ak_output_io_error(o, name, err, d);
    }
    return AK_OK;
}

static ak_status xlsx_write(const ak_report *r, ak_outdir *o, ak_diags *d,
                            const fulist *fu, size_t nprob)
{
    if (!r->res)
        return AK_OK;
    char *name = ak_asprintf("tabeller-%d.xlsx", r->year);
    char *path = name ? ak_outdir_path(o, name) : NULL;
    if (!path) {
        ak_free(name);
        return AK_ERR_NOMEM;
    }
    char *tmpdir = g_path_get_dirname(path);
    /* --panel: last year's over the units of both years */
    const ak_prev *prev = r->prev_cmp;

    /* libxlsxwriter prints numbers with the thread's LC_NUMERIC: "C" for
     * every call, whatever the process's locale. */
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    ak_status st = c ? build(r, path, tmpdir, d, name, o, prev, fu,
                             nprob)
                     : AK_ERR_NOMEM;
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    g_free(tmpdir);
    ak_free(path);
    ak_free(name);
    return st;
}

/* A row output: the follow-up list needs the validated rows; the workbook
 * is written at the end of the row pass. */
typedef struct xctx {
    const ak_report *r;
    ak_outdir *o;
    ak_diags *d;
    ak_followup *fu;
    fulist lines;
    size_t nprob;          /* diagnostics before the row pass */
} xctx;

static ak_status xlsx_begin(void **out, const ak_report *r, long nrows,
                            ak_outdir *o, ak_diags *d)
{
    (void)nrows;
    xctx *c = ak_calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return AK_ERR_NOMEM;
    c->r = r;
    c->o = o;
    c->d = d;
    c->nprob = r->problems ? ak_diags_count(r->problems) : 0;
    return ak_followup_new(r, o, d, fu_collect, &c->lines, &c->fu);
}

static ak_status xlsx_row(void *vc, const ak_row *row)
{
    xctx *c = vc;
    return ak_followup_row(c->fu, row);
}

static ak_status xlsx_end(void *vc, ak_status st)
{
    xctx *c = vc;
    if (!c)
        return st;
    if (st == AK_OK && c->fu)
        st = ak_followup_finish(c->fu);
    if (st == AK_OK)
        st = xlsx_write(c->r, c->o, c->d, &c->lines, c->nprob);
    ak_followup_free(c->fu);
    fulist_clear(&c->lines);
    ak_free(c);
    return st;
}

const ak_output ak_output_xlsx = {
    "xlsx", "tabeller-ÅR.xlsx: tabellerne som Excel-projektmappe (tal som tal)",
    AK_OUT_DEFAULT | AK_OUT_PROVENANCE | AK_OUT_ROWS | AK_OUT_COMPARE, NULL,
    xlsx_begin, xlsx_row, xlsx_end};
