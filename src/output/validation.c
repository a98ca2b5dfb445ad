/*
 * The validation report (`ankestat validate`), text and CSV, and the
 * shared neutralising CSV field writer; see include/ak_render.h.
 *
 * Both formats: first a summary line per rule (its words, and the legend
 * under it in the text, shared with the PDF), then the problems, those
 * about the file as a whole first, then per municipality ordered by number
 * and, within one, in input order.  Output depends only on the validator
 * and the diagnostics: no locale, no clock.
 */
#include "ak_render.h"
#include "outputs.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"

/* ---- text -------------------------------------------------------------- */

static void pad(FILE *f, long n)
{
    for (; n > 0; n--)
        fputc(' ', f);
}

static long width(const char *s)
{
    return s ? (long)g_utf8_strlen(s, -1) : 0;
}

/* A value on one line, quoted, at most 100 characters. */
static void put_value(FILE *f, const char *s)
{
    fputc('\'', f);
    long chars = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        if (chars == 97 && g_utf8_strlen(p, -1) > 3) {
            fputs("…", f);
            break;
        }
        if (*p == '\n' || *p == '\r' || *p == '\t')
            fputc(' ', f);
        else
            fwrite(p, 1, (size_t)(g_utf8_next_char(p) - p), f);
        chars++;
    }
    fputc('\'', f);
}

/* Text s on lines of at most cols characters, broken at spaces. */
static void wrap(FILE *f, const char *s, long cols)
{
    long at = 0;
    while (*s) {
        const char *sp = strchr(s, ' ');
        size_t n = sp ? (size_t)(sp - s) : strlen(s);
        gchar *word = g_strndup(s, n);
        long w = width(word);
        if (at > 0 && at + 1 + w > cols) {
            fputc('\n', f);
            at = 0;
        } else if (at > 0) {
            fputc(' ', f);
            at++;
        }
        fputs(word, f);
        at += w;
        g_free(word);
        s += n;
        while (*s == ' ')
            s++;
    }
    fputc('\n', f);
}

/* The words of the summary, the same in the text, the CSV and the PDF
 * (see include/ak_render.h). */
const char *const ak_validation_heads[5] = {
    "Regel", "Besvarelser", "I orden", "Med problemer", "Med ubesvarede"};

const char *const ak_validation_legend[2] = {
    "Tallene er besvarelser (én pr. kommune). Besvarelser: dem reglen gælder "
    "for. I orden: reglen fandt intet. Med problemer: mindst ét problem, se "
    "listen. Med ubesvarede: intet problem, men mindst ét spørgsmål, reglen "
    "gælder for, er ikke besvaret (talt som Uoplyst; det er ikke en fejl).",
    "Fejl: skal rettes, før rapporten kan laves. Advarsel: rapporten laves, "
    "og svaret behandles som skrevet i parentesen. Bemærkning: til "
    "orientering, intet skal rettes."};

static void text_summary(const ak_validator *v, const ak_diags *d, FILE *f)
{
    long rows = ak_validate_rows(v);
    long nf = (long)ak_diags_count_sev(d, AK_SEV_FATAL);
    long nw = (long)ak_diags_count_sev(d, AK_SEV_WARNING);
    long nn = (long)ak_diags_count_sev(d, AK_SEV_NOTE);
    fprintf(f, "Validering af %s\n", ak_validate_input_name(v));
    fprintf(f, "%ld %s; %ld fejl, %ld %s, %ld %s\n\n", rows,
            ak_plural(rows, "besvarelse", "besvarelser"), nf, nw,
            ak_plural(nw, "advarsel", "advarsler"), nn,
            ak_plural(nn, "bemærkning", "bemærkninger"));

    const ak_rule_stat *st = NULL;
    size_t n = ak_validate_stats(v, &st);
    const char *const *head = ak_validation_heads;
    long w[5];
    for (int c = 0; c < 5; c++)
        w[c] = width(head[c]);
    for (size_t i = 0; i < n; i++) {
        const char *label = st[i].label ? st[i].label : st[i].rule;
        if (width(label) > w[0])
            w[0] = width(label);
        long vals[4] = {st[i].checked, st[i].passed, st[i].failed,
                        st[i].blank};
        for (int c = 0; c < 4; c++) {
            char tmp[32];
            long k = (long)snprintf(tmp, sizeof tmp, "%ld", vals[c]);
            if (k > w[c + 1])
                w[c + 1] = k;
        }
    }
    fputs("Opsummering pr. regel\n", f);
    fputs(head[0], f);
    pad(f, w[0] - width(head[0]));
    for (int c = 1; c < 5; c++) {
        pad(f, 2 + w[c] - width(head[c]));
        fputs(head[c], f);
    }
    fputc('\n', f);
    for (size_t i = 0; i < n; i++) {
        const char *label = st[i].label ? st[i].label : st[i].rule;
        fputs(label, f);
        pad(f, w[0] - width(label));
        long vals[4] = {st[i].checked, st[i].passed, st[i].failed,
                        st[i].blank};
        for (int c = 0; c < 4; c++)
            fprintf(f, "  %*ld", (int)w[c + 1], vals[c]);
        fputc('\n', f);
    }
    fputc('\n', f);
    wrap(f, ak_validation_legend[0], 78);
    wrap(f, ak_validation_legend[1], 78);
}

static void text_problem(const ak_diag *g, FILE *f)
{
    fputs("  ", f);
    if (!g->unit && g->line > 0) {
        fprintf(f, "linje %ld", g->line);
        if (g->col > 0)
            fprintf(f, ", kolonne %ld", g->col);
        fputs(": ", f);
    }
    fprintf(f, "%s: ", ak_severity_name(g->sev));
    if (g->question || g->column) {
        if (g->question && g->column)
            fprintf(f, "spørgsmål %s (kolonne %s)", g->question, g->column);
        else if (g->question)
            fprintf(f, "spørgsmål %s", g->question);
        else
            fprintf(f, "kolonne %s", g->column);
        if (g->value) {
            fputs(", værdi ", f);
            put_value(f, g->value);
        }
        fputs(": ", f);
    } else if (g->value) {
        fputs("værdi ", f);
        put_value(f, g->value);
        fputs(": ", f);
    }
    fputs(g->message ? g->message : "", f);
    if (g->action)
        fprintf(f, " (%s)", g->action);
    fputc('\n', f);
}

ak_status ak_render_validation_text(const ak_validator *v, const ak_diags *d,
                                    FILE *f)
{
    ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_REPORT);
    if (!it)
        return AK_ERR_NOMEM;
    text_summary(v, d, f);
    fputs("\nProblemer\n", f);
    /* the list streams from the diagnostics' file */
    ak_diag_group gr = {0};
    int first = 1, oom = 0;
    const ak_diag *g;
    while (!oom && (g = ak_diags_next(it, NULL)) != NULL) {
        int b = ak_diag_group_begins(&gr, g);
        if (b < 0) {
            oom = 1;
            break;
        }
        if (b > 0) {
            if (!g->unit)
                fputs("\nHele filen\n", f);
            else if (g->unit_name)
                fprintf(f, "\n%s %s %s\n", ak_validate_unit_word(v), g->unit,
                        g->unit_name);
            else
                fprintf(f, "\n%s %s\n", ak_validate_unit_word(v), g->unit);
        }
        first = 0;
        text_problem(g, f);
    }
    if (first && !oom && !ak_diags_iter_failed(it))
        fputs("Ingen problemer fundet.\n", f);
    oom |= ak_diags_iter_failed(it);
    ak_diag_group_clear(&gr);
    ak_diags_iter_free(it);
    if (oom)
        return AK_ERR_NOMEM;
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

/* ---- CSV --------------------------------------------------------------- */

static void csv_cells(FILE *f, const char *const *cells, size_t n, char delim)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(delim, f);
        ak_render_csv_field(f, cells[i], delim);
    }
}

ak_status ak_render_validation_csv_as(const ak_validator *v,
                                      const ak_diags *d, int danish, FILE *f)
{
    ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_REPORT);
    if (!it)
        return AK_ERR_NOMEM;
    char c = danish ? ';' : ',';
    if (danish)
        fputs("\xEF\xBB\xBF", f);
    static const char *const head[10] = {
        "afsnit", "kommunenr", "kommune", "linje", "alvor", "spørgsmål",
        "kolonne", "værdi", "regel", "besked"};
    csv_cells(f, head, 10, c);
    fprintf(f, "%chandling", c);
    for (int i = 1; i < 5; i++) {
        /* The summary's words, in lower case (ASCII and æøå only). */
        fputc(c, f);
        gchar *low = g_utf8_strdown(ak_validation_heads[i], -1);
        ak_render_csv_field(f, low, c);
        g_free(low);
    }
    fputc('\n', f);
    const ak_rule_stat *st = NULL;
    size_t ns = ak_validate_stats(v, &st);
    for (size_t i = 0; i < ns; i++) {
        const char *cells[10] = {"regel", "", "", "", "", "", "", "",
                                 st[i].rule, st[i].label};
        csv_cells(f, cells, 10, c);
        fprintf(f, "%c%c%ld%c%ld%c%ld%c%ld\n", c, c, st[i].checked, c,
                st[i].passed, c, st[i].failed, c, st[i].blank);
    }
    const ak_diag *g;
    while ((g = ak_diags_next(it, NULL)) != NULL) {
        const char *cells[3] = {g->unit ? "problem" : "fil", g->unit,
                                g->unit_name};
        csv_cells(f, cells, 3, c);
        fputc(c, f);
        if (g->line > 0)
            fprintf(f, "%ld", g->line);
        fputc(c, f);
        const char *rest[7] = {ak_severity_name(g->sev), g->question,
                               g->column, g->value, g->rule, g->message,
                               g->action};
        csv_cells(f, rest, 7, c);
        fprintf(f, "%c%c%c%c\n", c, c, c, c);
    }
    int failed = ak_diags_iter_failed(it);
    ak_diags_iter_free(it);
    if (failed)
        return AK_ERR_NOMEM;
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

ak_status ak_render_validation_csv(const ak_validator *v, const ak_diags *d,
                                   FILE *f)
{
    return ak_render_validation_csv_as(v, d, 0, f);
}

/* ---- output ------------------------------------------------------------ */

static ak_status w_text(const void *ud, FILE *f)
{
    const ak_report *r = ud;
    return ak_render_validation_text(r->v, r->problems, f);
}

static ak_status w_csv(const void *ud, FILE *f)
{
    const ak_report *r = ud;
    return ak_render_validation_csv_as(r->v, r->problems,
                                       ak_report_opt(r, "excel") != NULL, f);
}

static ak_status validation_write(const ak_report *r, ak_outdir *o,
                                  ak_diags *d)
{
    ak_status st = ak_output_write_file(o, "validering.txt", w_text, r, d);
    if (st == AK_OK)
        st = ak_output_write_file(o, "validering.csv", w_csv, r, d);
    return st;
}

const ak_output ak_output_validation = {
    "validation", "validering.txt og validering.csv: valideringsrapporten",
    AK_OUT_DEFAULT, validation_write, NULL, NULL, NULL};
