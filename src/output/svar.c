/*
 * The validated answers as CSV for R and Python (svar-<year>.csv, a row
 * output) and the codebook that documents every variable of the
 * respondent-level files (kodebog-<year>.csv).  The variables, codes and
 * labels are decided by ak_rows.h; this file only writes CSV.
 */
#include "outputs.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_render.h"
#include "ak_rows.h"

/* ---- svar-<year>.csv --------------------------------------------------- */

typedef struct svar_csv {
    ak_rows_file rf;     /* plan, cursor, file, text buffer */
    char *line;          /* the numbers of a row: 24 bytes a cell at most */
} svar_csv;

/* Append a number in tenths to b ("3", "2.5"; decimals: always one
 * decimal, "2.0"); returns the new end.  Numbers are written by hand: a million rows of a hundred cells
 * through fprintf() cost seconds. */
static char *fmt_tenths(char *b, int64_t t, int decimals)
{
    char tmp[24];
    int neg = t < 0, n = 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
    uint64_t whole = u / 10;
    if (decimals)
        tmp[n++] = (char)('0' + u % 10), tmp[n++] = '.';
    do {
        tmp[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (neg)
        *b++ = '-';
    while (n)
        *b++ = tmp[--n];
    return b;
}

static ak_status csv_unit(void *ctx, const ak_rows_unit *u)
{
    svar_csv *s = ctx;
    ak_rows_file *rf = &s->rf;
    size_t n = ak_rows_nvars(rf->plan);
    char *b = s->line;
    for (size_t i = 0; i < n; i++) {
        const ak_rows_var *v = ak_rows_var_at(rf->plan, i);
        ak_rcell c;
        ak_rows_cell(rf->plan, u, i, &c);
        if (i)
            *b++ = ',';
        switch (c.kind) {
        case AK_CELL_NUM:
            b = fmt_tenths(b, c.tenths, v->decimals);
            break;
        case AK_CELL_CODE:
            b = fmt_tenths(b, (int64_t)ak_rows_code(c.state) * 10, 0);
            break;
        case AK_CELL_EMPTY:
            break;
        case AK_CELL_TEXT:
            /* Quoted and neutralised by the shared CSV field writer. */
            fwrite(s->line, 1, (size_t)(b - s->line), rf->f);
            b = s->line;
            memcpy(rf->text, c.text, c.len);
            rf->text[c.len] = '\0';
            ak_render_csv_field(rf->f, rf->text, ',');
            if (c.cut && ak_rows_note_cut(rf->d, rf->shown, v->question,
                                          u->row ? u->row->v[ak_rows_var_at(
                                              rf->plan, 0)->var].raw : NULL,
                                          "svaret", "255 bytes") != 0)
                return AK_ERR_NOMEM;
            break;
        }
    }
    *b++ = '\n';
    fwrite(s->line, 1, (size_t)(b - s->line), rf->f);
    return ferror(rf->f) ? AK_ERR_IO : AK_OK;
}

static ak_status csv_begin(void **ctx, const ak_report *r, long nrows,
                           ak_outdir *o, ak_diags *d)
{
    (void)nrows;
    svar_csv *s = ak_calloc(1, sizeof *s);
    *ctx = s;
    if (!s)
        return AK_ERR_NOMEM;
    ak_rows_file *rf = &s->rf;
    ak_status st = ak_rows_file_open(rf, r, ak_asprintf("svar-%d.csv", r->year),
                                     o, d, csv_unit, s);
    rf->io_unreported = 1;   /* csv_unit: AK_ERR_IO on a failed write */
    if (st != AK_OK)
        return st;
    s->line = ak_malloc(24 * ak_rows_nvars(rf->plan) + 2);
    if (!s->line)
        return AK_ERR_NOMEM;
    size_t n = ak_rows_nvars(rf->plan);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', rf->f);
        fputs(ak_rows_var_at(rf->plan, i)->name, rf->f);
    }
    fputc('\n', rf->f);
    return AK_OK;
}

static ak_status csv_row(void *ctx, const ak_row *row)
{
    svar_csv *s = ctx;
    return ak_rows_file_row(&s->rf, row);
}

static ak_status csv_end(void *ctx, ak_status st)
{
    svar_csv *s = ctx;
    if (!s)
        return st;
    st = ak_rows_file_close(&s->rf, ak_rows_file_rest(&s->rf, st));
    ak_free(s->line);
    ak_free(s);
    return st;
}

const ak_output ak_output_svar_csv = {
    "svar-csv", "svar-ÅR.csv: de validerede svar, én række pr. respondent, "
    "talkoder (se kodebogen)", AK_OUT_DEFAULT | AK_OUT_ROWS, NULL,
    csv_begin, csv_row, csv_end};

/* ---- kodebog-<year>.csv ------------------------------------------------ */

typedef struct kodebog_job {
    const ak_rows *plan;
} kodebog_job;

static const char *type_word(const ak_rows_var *v)
{
    switch (v->kind) {
    case AK_RV_ID: return v->string ? "id (tekst)" : "id";
    case AK_RV_REGION: return "region";
    case AK_RV_RESPONDED: return "besvaret";
    case AK_RV_TEXT: return "text";
    case AK_RV_ANSWER: break;
    }
    return ak_type_name(v->type);
}

static ak_status w_kodebog(const void *ud, FILE *f)
{
    const kodebog_job *j = ud;
    fputs("variabel,kildevariabel,spørgsmål,variabeletiket,type,værdier,"
          "manglende_spss_csv,manglende_stata,stilles_hvis,betingelse\n", f);
    size_t n = ak_rows_nvars(j->plan);
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        const ak_rows_var *v = ak_rows_var_at(j->plan, i);
        fputs(v->name, f);
        fputc(',', f);
        ak_render_csv_field(f, v->source ? v->source : "", ',');
        fputc(',', f);
        ak_render_csv_field(f, v->question ? v->question : "", ',');
        fputc(',', f);
        ak_render_csv_field(f, v->label, ',');
        fputc(',', f);
        ak_render_csv_field(f, type_word(v), ',');
        fputc(',', f);
        g_string_truncate(g, 0);
        for (size_t k = 0; k < v->nvlabels; k++)
            g_string_append_printf(g, "%s%ld = %s", k ? "; " : "",
                                   v->vlabels[k].code, v->vlabels[k].label);
        if (v->string)
            g_string_append(g, v->kind == AK_RV_TEXT
                               ? "fritekst (højst 255 bytes); tom, når "
                                 "spørgsmålet ikke er besvaret"
                               : "tekst");
        else if (v->decimals)
            g_string_append(g, "tal med én decimal");
        else if (v->type == AK_T_COUNT)
            g_string_append(g, "antal");
        ak_render_csv_field(f, g->str, ',');
        fputc(',', f);
        for (int stata = 0; stata <= 1; stata++) {
            g_string_truncate(g, 0);
            for (size_t k = 0; v->missing_codes && k < AK_ROWS_NCODES; k++) {
                ak_state s = ak_rows_coded_states[k];
                if (stata)   /* "Uoplyst = .a" */
                    g_string_append_printf(g, "%s%s = .%c", k ? "; " : "",
                                           ak_rows_code_label(s),
                                           ak_rows_tag(s));
                else         /* "Uoplyst = -9" */
                    g_string_append_printf(g, "%s%s = %ld", k ? "; " : "",
                                           ak_rows_code_label(s),
                                           ak_rows_code(s));
            }
            ak_render_csv_field(f, g->str, ',');
            fputc(',', f);
        }
        ak_render_csv_field(f, v->routing_words[0] ? v->routing_words
                          : v->missing_codes || v->kind == AK_RV_TEXT
                          ? "altid" : "", ',');
        fputc(',', f);
        ak_render_csv_field(f, v->routing_src, ',');
        fputc('\n', f);
    }
    g_string_free(g, TRUE);
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status kodebog_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    char *name = ak_asprintf("kodebog-%d.csv", r->year);
    char *shown = name ? ak_outdir_shown(o, name) : NULL;
    ak_rows *plan = NULL;
    ak_status st = shown ? ak_rows_new(r, shown, 1, &plan, d) : AK_ERR_NOMEM;
    if (st == AK_OK) {
        kodebog_job j = {plan};
        st = ak_output_write_file(o, name, w_kodebog, &j, d);
    }
    ak_rows_free(plan);
    ak_free(shown);
    ak_free(name);
    return st;
}

const ak_output ak_output_kodebog = {
    "kodebog", "kodebog-ÅR.csv: hver variabel i svar-ÅR.*: navn, spørgsmål, "
    "værdier, manglende-koder, hvornår den stilles", AK_OUT_DEFAULT,
    kodebog_write, NULL, NULL, NULL};
