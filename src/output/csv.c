/*
 * CSV renderers of the results: tables.csv (spec section 4) and one table
 * in the published wide layout.  See include/ak_render.h.
 *
 * Numbers are formatted here with integer arithmetic only (no printf
 * floating point, no locale), so the output is byte-identical for the same
 * results on any machine.  Text cells go through ak_render_csv_field, which
 * quotes per RFC 4180 and neutralises spreadsheet formulas.  Lines end in
 * LF.
 */
#include "ak_render.h"
#include "outputs.h"
#include "ak_mem.h"

#include <stdint.h>
#include <string.h>

ak_status ak_render_tables_csv(const ak_results *r, FILE *f)
{
    if (!r || !f)
        return AK_ERR_USAGE;
    fputs("table,row,row_label,column,measure,value,year,row_key,base\n", f);
    for (size_t i = 0; i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        if (t->untidy)
            continue;   /* 'tidy no': its wide CSV only */
        for (size_t row = 0; row < t->nrows; row++) {
            for (size_t c = 0; c < t->ncols; c++) {
                for (size_t m = 0; m < t->nmeasures; m++) {
                    const ak_cell *cell = ak_rtable_cell(t, row, c, m);
                    char num[48];
                    ak_render_csv_field(f, t->id, ',');
                    fprintf(f, ",%d,", t->rows[row].position);
                    ak_render_csv_field(f, t->rows[row].label, ',');
                    fputc(',', f);
                    ak_render_csv_field(f, t->cols[c].key, ',');
                    fputc(',', f);
                    fputs(ak_measure_key(t->measures[m]), f);
                    fputc(',', f);
                    if (cell->has_value)
                        fputs(ak_fmt_cell(num, sizeof num, t, row, c, m, '.',
                                          '\0'), f);
                    fprintf(f, ",%d,", r->year);
                    if (t->rows[row].key)   /* [a-z0-9_]: no quoting */
                        fputs(t->rows[row].key, f);
                    fputc(',', f);
                    if (cell->base >= 0)
                        fprintf(f, "%lld", (long long)cell->base);
                    fputc('\n', f);
                }
            }
        }
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

/* One header line: for every column, text(c) in the first cell of its
 * measures, the other cells empty; 'spans' leaves out a text equal to the
 * previous column's (a group spanning columns).  Skipped when no column
 * has a text. */
static void header_line(FILE *f, const ak_rtable *t, int group, char delim)
{
    int any = 0;
    for (size_t c = 0; c < t->ncols; c++)
        any |= (group ? t->cols[c].group : t->cols[c].label) != NULL;
    if (!any)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *s = group ? t->cols[c].group : t->cols[c].label;
        for (size_t m = 0; m < t->nmeasures; m++) {
            fputc(delim, f);
            if (m == 0 && s && !(group && ak_rtable_group_span(t, c) == 0))
                ak_render_csv_field(f, s, delim);
        }
    }
    fputc('\n', f);
}

ak_status ak_render_table_wide_csv(const ak_rtable *t, int danish, FILE *f)
{
    if (!t || !f)
        return AK_ERR_USAGE;
    char delim = danish ? ';' : ',';
    char dec = danish ? ',' : '.';
    if (danish)
        fputs("\xEF\xBB\xBF", f);
    /* title line: caption and title */
    ak_render_csv_field(f, t->caption ? t->caption : t->id, delim);
    if (t->title) {
        fputc(delim, f);
        ak_render_csv_field(f, t->title, delim);
    }
    fputc('\n', f);
    header_line(f, t, 1, delim);
    header_line(f, t, 0, delim);
    int any = 0;
    for (size_t m = 0; m < t->nmeasures; m++)
        any |= t->measure_labels && t->measure_labels[m] != NULL;
    if (any) {
        for (size_t c = 0; c < t->ncols; c++)
            for (size_t m = 0; m < t->nmeasures; m++) {
                fputc(delim, f);
                if (t->measure_labels[m])
                    ak_render_csv_field(f, t->measure_labels[m], delim);
            }
        fputc('\n', f);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        ak_render_csv_field(f, t->rows[r].label, delim);
        for (size_t c = 0; c < t->ncols; c++)
            for (size_t m = 0; m < t->nmeasures; m++) {
                char num[48];
                fputc(delim, f);
                fputs(ak_fmt_cell(num, sizeof num, t, r, c, m, dec, '\0'), f);
            }
        fputc('\n', f);
    }
    if (t->axis_title) {
        ak_render_csv_field(f, t->axis_title, delim);
        fputc('\n', f);
    }
    for (size_t i = 0; i < t->nnotes; i++) {
        ak_render_csv_field(f, t->notes[i], delim);
        fputc('\n', f);
    }
    if (t->source) {
        ak_render_csv_field(f, t->source, delim);
        fputc('\n', f);
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

/* ---- outputs ----------------------------------------------------------- */

static ak_status w_tables(const void *ud, FILE *f)
{
    return ak_render_tables_csv(ud, f);
}

static ak_status tables_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    return ak_output_write_file(o, "tables.csv", w_tables, r->res, d);
}

const ak_output ak_output_tables_csv = {
    "tables-csv", "tables.csv: hvert tal i tabellerne på sin egen linje",
    AK_OUT_DEFAULT, tables_write, NULL, NULL, NULL};

typedef struct wide_job {
    const ak_rtable *t;
    int danish;
} wide_job;

static ak_status w_wide(const void *ud, FILE *f)
{
    const wide_job *j = ud;
    return ak_render_table_wide_csv(j->t, j->danish, f);
}

static ak_status wide_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    ak_status st = AK_OK;
    int danish = ak_report_opt(r, "excel") != NULL;
    for (size_t i = 0; st == AK_OK && i < r->res->ntables; i++) {
        char *stem = ak_output_table_stem(&r->res->tables[i]);
        char *name = stem ? ak_asprintf("%s.csv", stem) : NULL;
        ak_free(stem);
        if (!name)
            return AK_ERR_NOMEM;
        wide_job j = {&r->res->tables[i], danish};
        st = ak_output_write_file(o, name, w_wide, &j, d);
        ak_free(name);
    }
    return st;
}

const ak_output ak_output_wide_csv = {
    "wide-csv", "tabel-2.2.csv …: hver tabel som i rapporten (--excel: ; og "
    "decimalkomma)", AK_OUT_DEFAULT, wide_write, NULL, NULL, NULL};
