/*
 * ak_uncert: how firm the tables' figures are (issue 17).  Collected in
 * the tabulation pass, next to ak_tab_add(), so that every output (the
 * uncertainty CSV, the PDF's methods section) can read the result:
 *
 *  - for every percent of the tables, a 95 % interval with the
 *    finite-population correction (ak_stats_prop_ci: Korn-Graubard, as
 *    R's survey::svyciprop(method = "beta"));
 *  - for every percent whose denominator is every respondent (a question
 *    put to every unit), the non-response bounds: the lowest and highest
 *    share of the whole population consistent with the answers and the
 *    number of non-respondents (register size - respondents);
 *  - for every row of a table that has both columns of the statistics
 *    file's 'pair' (the two overlapping groups), the paired comparison over
 *    the units in both bases: the paired difference with its interval and
 *    the mid-p McNemar test; where both groups are every respondent, also
 *    the non-response bounds of the difference;
 *  - for every cell of a 'gennemsnit' measure (figure 2.1), the published
 *    unweighted mean, the mean weighted by the statistics file's 'weight'
 *    variable, the median and the quartiles.
 *
 * Nothing here knows a table or a question: the tables, rows, columns,
 * bases and conditions are the templates'; which two columns are the
 * paired groups, the weight variable, the confidence level and the words
 * of the methods section come from the statistics file (data/statistics.csv,
 * see data/README.md).
 *
 * Collected next to the tabulation, not in place of it: ak_unc_add() reads
 * what ak_tab_add() found for the row.
 *
 * Memory: counters per template cell, plus the values of the averaged
 * variable per 'gennemsnit' cell (one double pair per unit in the cell).
 */
#ifndef AK_UNCERT_H
#define AK_UNCERT_H

#include <stddef.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_status.h"
#include "ak_tabulate.h"

struct ak_tableset;

/* The statistics file: settings as "setting,value" records. */
typedef struct ak_unc_config {
    int level;            /* confidence level in percent (default 95) */
    char *pair[2];        /* column keys of the two paired groups, or NULL */
    char *weight;         /* weight variable, may hold {name} bindings of a
                             column ("q1_1{g}"), or NULL */
    char *keytable;       /* table whose intervals the PDF shows, or NULL */
    char *heading;        /* heading of the PDF's methods section, or NULL */
    char *caption;        /* caption of its table ("Bilag 1"), or NULL */
    char *title;          /* title of its table, may hold {year}, or NULL */
    char **text;          /* paragraphs of the methods section */
    size_t ntext;
    char **header;        /* headers of the PDF's interval table: the
                             estimate, the interval, the bounds, the lower
                             end, the upper end */
    size_t nheader;
} ak_unc_config;

/*
 * Load the statistics file at path.  Settings: level (whole percent, 50 to
 * 99), pair (twice: the two column keys), weight, keytable, heading,
 * caption, title, text (repeatable: one paragraph each; heading, caption,
 * title, text and header may hold {year}, {respondents}, {population},
 * {nonrespondents} and {level}),
 * header (five times, see above).  An unknown
 * setting is a fatal diagnostic (AK_ERR_SYNTAX).  Caller owns *out; free
 * with ak_unc_config_free().
 */
ak_status ak_unc_config_load(const char *path, ak_unc_config **out,
                             ak_diags *d);
void ak_unc_config_free(ak_unc_config *c);

/* One figure of the uncertainty file. */
typedef struct ak_urec {
    const char *table;    /* table id; borrowed from the results */
    int row;              /* printed row position (1-based) */
    const char *label;    /* row label as printed; borrowed */
    char *column;         /* column key, or "a|b" for a paired figure */
    const char *measure;  /* static: procent, bortfald, parret_forskel,
                             parret_bortfald, mcnemar_midp, par_antal,
                             par_kun_1, par_kun_2,
                             gennemsnit, gennemsnit_vaegtet, median,
                             kvartil_1, kvartil_3, antal, antal_vaegtet */
    double est;           /* percents in percent, p-values as 0..1 */
    double lo, hi;        /* valid when has_ci */
    int has_ci;
    const char *method;   /* static method code (see the README) */
    long n;               /* units the figure rests on (the denominator,
                             the pairs, the values) */
} ak_urec;

typedef struct ak_uncertainty {
    int level;            /* confidence level in percent */
    long respondents, population;  /* n and N (N = -1: no register) */
    size_t nrecs;
    ak_urec *recs;        /* in table order, then row, column, measure */
    const ak_unc_config *cfg;  /* borrowed */
} ak_uncertainty;

typedef struct ak_unc ak_unc;

/*
 * A collector for the templates ts over rows typed by cb, with settings
 * cfg (NULL: defaults, no pairs, no weight).  All arguments are borrowed
 * and must outlive the collector and its result.  A weight variable that
 * is unknown after a column's bindings is reported into d as a warning
 * and that column gets no weighted mean.  Caller owns; ak_unc_free().
 * NULL when out of memory.
 */
ak_unc *ak_unc_new(const struct ak_tableset *ts, const ak_codebook *cb,
                   const ak_unc_config *cfg, ak_diags *d);
void ak_unc_free(ak_unc *u);

/*
 * Count one validated row.  tab is the tabulation of the same templates
 * (ak_tab_templates(tab) == ts) whose ak_tab_add() has just counted this
 * row and returned AK_OK: the bases and rows the row landed in are read
 * from it (ak_tab_last_row()), so the templates' conditions are evaluated
 * once per row, by the tabulation; row gives the averaged and weight
 * variables' values.  tab is borrowed for the call only.  AK_ERR_USAGE
 * when tab tabulates other templates (or is NULL); AK_ERR_NOMEM.
 */
ak_status ak_unc_add(ak_unc *u, const ak_row *row, const ak_tab *tab);

/*
 * An empty collector like u (its templates, codebook and settings; the
 * weight warnings of ak_unc_new() are not reported again): for a part of
 * the input read in parallel.  Caller owns; ak_unc_free().  NULL on OOM.
 */
ak_unc *ak_unc_new_like(const ak_unc *u);

/*
 * Add what src, a collector made by ak_unc_new_like() of dst (or of the
 * same collector as dst), collected over rows that follow dst's in the
 * input: counters add and each averaged cell's values (and weights) of
 * src follow dst's, so that dst holds what one collector over both sets
 * of rows would hold, value for value.  src is left as it was.
 * AK_ERR_USAGE when the two do not share their templates; AK_ERR_NOMEM
 * (dst then holds part of src, and fails ak_unc_finish()).
 */
ak_status ak_unc_merge(ak_unc *dst, const ak_unc *src);

/*
 * Compute every figure against the finished results res (printed rows and
 * their labels; each count is checked against the table's antal, and a
 * table that does not agree is left out with a warning), with population
 * N (the register's size; < 0: none, then no bounds and no correction).
 * Caller owns *out; ak_uncertainty_free().
 */
ak_status ak_unc_finish(ak_unc *u, const ak_results *res, long population,
                        ak_uncertainty **out, ak_diags *d);
void ak_uncertainty_free(ak_uncertainty *x);

/* The figures of table id 'table', in order: *first is set to the index of
 * the first and the count returned (0: none). */
size_t ak_uncertainty_table(const ak_uncertainty *x, const char *table,
                            size_t *first);

/*
 * The methods section of the PDF as a table the PDF renderer lays out like
 * any other: for each percent of the statistics file's keytable (in res),
 * the percent, its interval and, where there are any, its non-response
 * bounds, in tenths of a percent (measure sum, tenths); the caption, title
 * and section heading of the statistics file, its text paragraphs as the
 * notes.  *out is NULL when there is no keytable, no such table or no
 * statistics file.  Caller owns *out; ak_uncertainty_rtable_free().
 */
ak_status ak_uncertainty_rtable(const ak_uncertainty *x, const ak_results *res,
                                ak_rtable **out);
void ak_uncertainty_rtable_free(ak_rtable *t);

/*
 * Table t of the results with its intervals: after each procent measure
 * two more (measure sum, in tenths of a percent) with the lower and upper
 * end of the percent's interval, headed by the statistics file's lower
 * and upper words ("-" where a percent has no interval).  For the opt-in
 * output of the published tables with intervals; the published look
 * stays the same otherwise.  *out borrows every text from t and x (and
 * must not outlive them); NULL when t has no procent measure.  Caller owns
 * *out; ak_uncertainty_view_free().
 */
ak_status ak_uncertainty_with_intervals(const ak_uncertainty *x,
                                        const ak_rtable *t, ak_rtable **out);
void ak_uncertainty_view_free(ak_rtable *v);

/*
 * Format v with 'dec' decimals (0..9) and a decimal point or comma,
 * rounded half away from zero, without the C library's locale: for
 * outputs.  buf needs 32 bytes.
 */
void ak_unc_format(char *buf, size_t n, double v, int dec, char point);

#endif
