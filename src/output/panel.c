/*
 * Output "panel" (a row output, written by default): what each unit adds
 * to every cell, so that next year's `report --compare DIR --panel` can
 * sum last year's cells over only the units that answered both years
 * (ak_compare.h, ak_prev_panel()).  panel-YEAR.csv:
 *
 *   year,unit,table,row_key,column,measure,numerator,denominator
 *
 * one line per unit (its id, in input order) and cell it adds to
 * (ak_tab_each_contrib(): the count for antal and procent, the values'
 * sum for gennemsnit and sum, with one decimal; the denominator the
 * percent's base or the mean's number of values, empty for antal and
 * sum), only where the numerator is not 0 or, for a percent or a mean,
 * the denominator is not.  Every table is included ('tidy no' ones too),
 * so that every unit that is in some table's base has a line.  Cells
 * over the population are not (they do not add up over units).  Only the
 * unit's id and numbers: no answer text, no contact person.  Written only
 * when the codebook's id is a register's (the same municipality has the
 * same number every year); respondents numbered only within the file
 * cannot be followed to next year.
 */
#include "outputs.h"

#include <errno.h>
#include <stdio.h>

#include "ak_mem.h"
#include "ak_render.h"
#include "ak_tabulate.h"

typedef struct pctx {
    const ak_report *r;
    ak_outdir *o;
    ak_diags *d;
    ak_diags *scratch;     /* the per-unit tabulation's (the main one tells) */
    ak_tab *tab;
    FILE *f;
    char *name;
    const char *unit;      /* of the current row */
} pctx;

static ak_status panel_begin(void **out, const ak_report *r, long nrows,
                             ak_outdir *o, ak_diags *d)
{
    (void)nrows;
    pctx *c = ak_calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return AK_ERR_NOMEM;
    c->r = r;
    c->o = o;
    c->d = d;
    /* a panel follows units from year to year: only units whose ids are
     * a register's (the municipalities) are the same units next year;
     * numbers unique only in the file (persons) are not recorded */
    if (!r->ts || !r->cb->id_register)
        return AK_OK;
    c->scratch = ak_diags_new();
    c->tab = c->scratch ? ak_tab_new(r->ts, r->cb, r->year, c->scratch)
                        : NULL;
    c->name = ak_asprintf("panel-%d.csv", r->year);
    char *path = c->name ? ak_outdir_path(o, c->name) : NULL;
    if (!c->tab || !path) {
        ak_free(path);
        return AK_ERR_NOMEM;
    }
    c->f = fopen(path, "wb");
    ak_free(path);
    if (!c->f)
        return ak_output_io_error(o, c->name, errno, d);
    fputs("year,unit,table,row_key,column,measure,numerator,denominator\n",
          c->f);
    return AK_OK;
}

static int put_contrib(const ak_tab_contrib *k, void *ud)
{
    pctx *c = ud;
    int ratio = k->measure == AK_M_PROCENT || k->measure == AK_M_GENNEMSNIT;
    if (k->num == 0 && !(ratio && k->den > 0))
        return 0;
    char num[48];
    int tenths = k->measure == AK_M_GENNEMSNIT || k->measure == AK_M_SUM;
    ak_fmt_fixed(num, sizeof num, k->num, tenths, tenths, '.', '\0');
    fprintf(c->f, "%d,", c->r->year);
    ak_render_csv_field(c->f, c->unit, ',');
    fputc(',', c->f);
    ak_render_csv_field(c->f, k->table, ',');
    fputc(',', c->f);
    ak_render_csv_field(c->f, k->row_key, ',');
    fputc(',', c->f);
    ak_render_csv_field(c->f, k->column, ',');
    fprintf(c->f, ",%s,%s,", ak_measure_key(k->measure), num);
    if (ratio && k->den >= 0)
        fprintf(c->f, "%lld", (long long)k->den);
    fputc('\n', c->f);
    return ferror(c->f) ? 1 : 0;
}

static ak_status panel_row(void *vc, const ak_row *row)
{
    pctx *c = vc;
    if (!c->tab)
        return AK_OK;
    const ak_value *id = &row->v[c->r->cb->id_var];
    /* as the validation names the unit (ak_validate_unit()) */
    c->unit = id->state == AK_ANSWERED && id->raw ? id->raw : "";
    ak_tab_reset(c->tab);
    ak_status st = ak_tab_add(c->tab, row, NULL, NULL);
    if (st != AK_OK)
        return st;
    if (ak_tab_each_contrib(c->tab, put_contrib, c) != 0)
        return ak_output_io_error(c->o, c->name, errno, c->d);
    return AK_OK;
}

static ak_status panel_end(void *vc, ak_status st)
{
    pctx *c = vc;
    if (!c)
        return st;
    if (c->f) {
        int bad = ferror(c->f);
        if (fclose(c->f) != 0 || bad) {
            if (st == AK_OK)
                st = ak_output_io_error(c->o, c->name, errno, c->d);
        }
    }
    ak_tab_free(c->tab);
    ak_diags_free(c->scratch);
    ak_free(c->name);
    ak_free(c);
    return st;
}

const ak_output ak_output_panel = {
    "panel", "panel-ÅR.csv: hvad hver kommune lægger til hver celle (til "
    "næste års --compare MAPPE --panel)",
    AK_OUT_DEFAULT | AK_OUT_ROWS, NULL, panel_begin, panel_row, panel_end};
