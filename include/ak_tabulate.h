/*
 * ak_tabulate: the third pipeline stage.  Interprets the table templates
 * (ak_template.h) over the validated rows, one row at a time, and produces
 * the laid-out results every renderer reads.  Follows spec section 3.
 */
#ifndef AK_TABULATE_H
#define AK_TABULATE_H

#include <stddef.h>
#include <stdint.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_prose.h"
#include "ak_value.h"
#include "ak_results.h"
#include "ak_status.h"
#include "ak_template.h"

typedef struct ak_tab ak_tab;

/*
 * A tabulation of the templates ts over rows typed by cb, for survey year
 * 'year' ({year} = year, {prev_year} = year - 1).  Arguments are borrowed
 * and must outlive the tabulation.  Caller owns; ak_tab_free().
 */
ak_tab *ak_tab_new(const ak_tableset *ts, const ak_codebook *cb,
                   int year, ak_diags *d);
void ak_tab_free(ak_tab *t);

/*
 * The population the respondents were drawn from (the number of
 * municipalities in the register), for population rows and of=population
 * percents of the templates; n < 0 means none (the default): population
 * rows are then left out and such percents have no value.
 */
void ak_tab_set_population(ak_tab *t, long n);

/*
 * The word lists the text uses (ak_prose.h: bands, number words,
 * abbreviations); borrowed, must outlive the tabulation.  NULL (the
 * default): none, and a text using them fails at ak_tab_finish().
 */
void ak_tab_set_words(ak_tab *t, const ak_words *w);

/*
 * The register the respondents come from (borrowed; must outlive
 * the tabulation): ak_results.nonresp then lists its units that gave no
 * row (the unit ids of ak_tab_add() compared exactly).
 */
void ak_tab_set_register(ak_tab *t, const ak_register *reg);

/* Count one validated row.  unit/unit_name identify the respondent in
 * diagnostics (a base member that lands in no row is reported). */
ak_status ak_tab_add(ak_tab *t, const ak_row *row, const char *unit,
                     const char *unit_name);

/* The templates t tabulates (borrowed; NULL for NULL). */
const ak_tableset *ak_tab_templates(const ak_tab *t);

/*
 * What the last ak_tab_add() that returned AK_OK found for column c of
 * table 'table' (indices into ak_tab_templates(t)), for collectors that
 * follow the tabulation row by row without evaluating the templates'
 * conditions again (ak_uncert.h): 0 when the row was outside the column's
 * base; else 1, with *rows the leaf (plain) rows it landed in as a bit set,
 * bit r % 64 of word r / 64 for template row r ((nrows + 63) / 64 words;
 * the bits of totals, subtotals and population rows are never set).
 * *rows is borrowed from t and valid until the next ak_tab_add() or
 * ak_tab_free(); when the function returns 0 its words are stale.
 * Before the first ak_tab_add() every column is outside its base.
 */
int ak_tab_last_row(const ak_tab *t, size_t table, size_t c,
                    const uint64_t **rows);

/*
 * An empty tabulation like t (its templates, codebook, year, population,
 * word lists and register), reporting into d: for a part of the input read in
 * parallel.  Caller owns; ak_tab_free().  NULL on OOM.
 */
ak_tab *ak_tab_new_like(const ak_tab *t, ak_diags *d);

/*
 * Add the counts of src, a tabulation made by ak_tab_new_like() of dst
 * (or of the same tabulation as dst) over other rows, to dst: afterwards
 * dst holds what one tabulation of both sets of rows would hold: counts
 * add, src's respondents (for the non-respondents) follow dst's (src
 * keeps its counts; free it after).  AK_ERR_USAGE when the two do not
 * share their templates; AK_ERR_NOMEM (dst then holds part of src).
 */
ak_status ak_tab_merge(ak_tab *dst, ak_tab *src);

/* Compute percents, means, optional rows and automatic notes, then the
 * document's blocks and text (ak_prose_document()).  *out is new; the
 * caller owns it (ak_results_free()). */
ak_status ak_tab_finish(ak_tab *t, ak_results **out);

/*
 * Per-unit contributions (the panel record, report --panel).  Zero every
 * counter (not the respondents' number nor the register's units), so
 * that the next ak_tab_add() counts one unit alone.
 */
void ak_tab_reset(ak_tab *t);

/*
 * What the rows added since the last reset (or since ak_tab_new) give
 * every cell of every template row (optional rows too, printed or not),
 * before rounding: for each table, template row, column and measure
 *   antal       num = the count,             den = the cell's base
 *   procent     num = the count,             den = the percent's base
 *   gennemsnit  num = the values' sum,       den = the values' number
 *   sum         num = the sum,               den = the cell's base
 * num in tenths for gennemsnit and sum (a count's sum is 10 times it),
 * else whole; 'tenths' is 1 where the value is printed in tenths (a sum
 * of decimals).  A sum cell without a term is left out.  den is -1 where there is none (of=none).  Rows of the
 * population and percents over it (of=population) are left out: they do
 * not add up over units.  Each of these is a sum over the units, so the
 * cell over a set of units is computed from the sums of its units'
 * contributions (ak_tab_cell_value()).  Stops at the first nonzero fn
 * return and returns it.
 */
typedef struct ak_tab_contrib {
    const char *table;      /* table id */
    int tidy;               /* 0 for a 'tidy no' table */
    const char *row_key;
    const char *column;
    ak_measure measure;
    int tenths;
    int64_t num, den;
} ak_tab_contrib;
typedef int (*ak_tab_contrib_fn)(const ak_tab_contrib *c, void *ud);
int ak_tab_each_contrib(ak_tab *t, ak_tab_contrib_fn fn, void *ud);

/*
 * A cell's value from summed contributions, as tabulation computes it:
 * antal num, sum num in tenths when 'tenths' else whole, procent num / den in
 * whole percent half up, gennemsnit num / den in hundredths half up.
 * Returns 0 when the cell has no value (procent or gennemsnit over 0).
 */
int ak_tab_cell_value(ak_measure m, int tenths, int64_t num, int64_t den,
                      int64_t *value);

#endif
