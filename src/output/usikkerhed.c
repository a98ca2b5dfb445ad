/*
 * usikkerhed-ÅR.csv: how firm every figure of the tables is (issue 17),
 * tidy: one line per figure, from the run's ak_uncertainty (ak_uncert.h).
 *
 *   table,row,row_label,column,measure,estimate,lower,upper,method,n
 *
 * table, row and row_label as in tables.csv (the row's printed position
 * and label identify it); column a column key, or "a|b" for a paired
 * comparison of the two groups; measure and method codes as listed in
 * ak_uncert.h and the README; percents in percent, p-values 0..1, six
 * decimals with a point, written without the C library's locale; lower
 * and upper empty where the figure has no interval; n the number of units
 * the figure rests on.
 */
#include "ak_render.h"
#include "ak_mem.h"
#include "ak_uncert.h"
#include "outputs.h"

static ak_status put_unc(const void *ud, FILE *f)
{
    const ak_uncertainty *x = ud;
    fputs("table,row,row_label,column,measure,estimate,lower,upper,method,n\n", f);
    for (size_t i = 0; i < x->nrecs; i++) {
        const ak_urec *e = &x->recs[i];
        char num[48];
        ak_render_csv_field(f, e->table, ',');
        fprintf(f, ",%d,", e->row);
        ak_render_csv_field(f, e->label, ',');
        fputc(',', f);
        ak_render_csv_field(f, e->column, ',');
        fprintf(f, ",%s,", e->measure);
        ak_unc_format(num, sizeof num, e->est, 6, '.');
        fputs(num, f);
        fputc(',', f);
        if (e->has_ci) {
            ak_unc_format(num, sizeof num, e->lo, 6, '.');
            fputs(num, f);
            fputc(',', f);
            ak_unc_format(num, sizeof num, e->hi, 6, '.');
            fputs(num, f);
        } else {
            fputc(',', f);
        }
        fprintf(f, ",%s,%ld\n", e->method, e->n);
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status unc_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    if (!r->unc)
        return AK_OK;   /* not computed (no statistics for this run) */
    char *name = ak_asprintf("usikkerhed-%d.csv", r->year);
    if (!name)
        return AK_ERR_NOMEM;
    ak_status st = ak_output_write_file(o, name, put_unc, r->unc, d);
    ak_free(name);
    return st;
}

const ak_output ak_output_usikkerhed = {
    "usikkerhed",
    "usikkerhed-ÅR.csv: intervaller, bortfaldsgrænser, parrede sammenligninger og figurens gennemsnit",
    AK_OUT_DEFAULT | AK_OUT_UNCERTAINTY, unc_write, NULL, NULL, NULL};

/* ---- opt-in: the published tables with their intervals ------------------ */

typedef struct iv_job {
    const ak_rtable *t;
    int danish;
} iv_job;

static ak_status put_iv(const void *ud, FILE *f)
{
    const iv_job *j = ud;
    return ak_render_table_wide_csv(j->t, j->danish, f);
}

static ak_status iv_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    if (!r->unc || !r->res)
        return AK_OK;
    int danish = ak_report_opt(r, "excel") != NULL;
    ak_status st = AK_OK;
    for (size_t i = 0; st == AK_OK && i < r->res->ntables; i++) {
        const ak_rtable *t = &r->res->tables[i];
        ak_rtable *v = NULL;
        st = ak_uncertainty_with_intervals(r->unc, t, &v);
        if (st != AK_OK || !v)
            continue;
        char *stem = ak_output_table_stem(t);
        char *name = stem ? ak_asprintf("%s-interval.csv", stem) : NULL;
        iv_job j = {v, danish};
        st = name ? ak_output_write_file(o, name, put_iv, &j, d) : AK_ERR_NOMEM;
        ak_free(stem);
        ak_free(name);
        ak_uncertainty_view_free(v);
    }
    return st;
}

const ak_output ak_output_intervaller = {
    "intervaller",
    "tabel-2.2-interval.csv …: tabellerne med 95 pct.-interval efter hver procent (kun med --with intervaller)",
    AK_OUT_UNCERTAINTY, iv_write, NULL, NULL, NULL};
