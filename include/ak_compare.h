/*
 * ak_compare: this year's results beside last year's tables.csv (report
 * --compare DIR).  Cells are matched by table, row key (ak_rrow.key),
 * column and measure, never by printed position.  Used by the
 * "sammenligning" output (sammenligning.csv), the comparison appendices
 * of the PDF and the HTML and the workbook's sheet, so all show the same
 * numbers and notes.  The command line reads last year's file once and
 * lends it to them (ak_report.prev, prev_cmp; ak_output.h).  See
 * src/output/compare.c for the rules (what is not comparable and why).
 */
#ifndef AK_COMPARE_H
#define AK_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "ak_diag.h"
#include "ak_status.h"
#include "ak_results.h"

/* Last year's tables.csv, read into memory. */
typedef struct ak_prev ak_prev;

/*
 * Read DIR/tables.csv of a year before 'year'.  A missing or unreadable
 * file, the old format without the year and row_key columns, several
 * years in one file or a year not before 'year' are fatal diagnostics
 * (rule "compare", Danish) and AK_ERR_INPUT.  Caller owns *out; free with
 * ak_prev_free().
 */
ak_status ak_prev_load(const char *dir, int year, ak_prev **out, ak_diags *d);
void ak_prev_free(ak_prev *p);

/* The survey year of last year's file. */
int ak_prev_year(const ak_prev *p);

/*
 * Last year's value of one cell (matched by table, row key, column and
 * measure key, as ak_compare_run() matches), as a fixed-point number with
 * 'places' decimals (3.61 with places 2 -> 361; decimals beyond 'places'
 * are cut): 1 and *v set when last year's file has the cell with a
 * number, 0 otherwise.
 */
int ak_prev_number(const ak_prev *p, const char *table, const char *row_key,
                   const char *column, const char *measure, int places,
                   int64_t *v);

/*
 * Last year's value of row r, column c, measure m of this year's table t
 * (matched by t's id, the row's key, the column's key and the measure's
 * key), as ak_prev_number(): 1 and *v when p has it, else 0 (also when p
 * is NULL or r, c, m are out of range).  Used for the figure's bars.
 */
int ak_prev_cell(const ak_prev *p, const ak_rtable *t, size_t r, size_t c,
                 size_t m, int places, int64_t *v);
/* The highest of last year's values of measure m over t's rows and
 * columns (ak_prev_cell()), 0 when none or p is NULL: the figure's axis
 * covers both years' bars. */
int64_t ak_prev_max(const ak_prev *p, const ak_rtable *t, size_t m,
                    int places);

/*
 * One bar of a figure beside last year's (the PDF's and the HTML's figure
 * with --compare), so that both draw and print it alike: row r, column c,
 * measure m of t, this year's (last 0: t's cell) or last year's (last 1:
 * ak_prev_cell() of p with 'places' decimals, ak_output_figure_places();
 * p may be NULL).  Returns 1 with *v the bar's value in 'places' units
 * when there is one, else 0 with *v 0.  buf (n bytes; 48 is enough) gets
 * the number as printed at the bar: Danish (decimal comma, '.' between
 * thousands), "-" when none, as ak_fmt_cell().  For the count under a bar
 * pass its measure and places 0.
 */
int ak_compare_bar(const ak_prev *p, const ak_rtable *t, size_t r,
                   size_t c, size_t m, int places, int last, int64_t *v,
                   char *buf, size_t n);

/* One line of the comparison; every string borrowed for the callback's
 * duration, "" where there is nothing. */
typedef struct ak_compare_line {
    const char *table;
    const char *row_key;      /* NULL on a table_only line */
    const char *row_label;    /* this year's label, or last year's for a
                                 row only last year has */
    const char *column;
    const char *measure;      /* "antal", "procent", ... */
    int last_year, this_year;
    const char *last_value;   /* as in tables.csv; "" when none */
    const char *value;        /* this year's, as in tables.csv */
    const char *change;       /* value - last_value, exactly; "" when not
                                 comparable or a value is missing */
    const char *note;         /* Danish: why not comparable, a former
                                 label, ...; "" when none */
    int table_only;           /* a line about a whole table (no cells) */
} ak_compare_line;

typedef ak_status (*ak_compare_fn)(const ak_compare_line *l, void *ud);

/*
 * Call fn for every cell of the tidy tables of res, in report order, with
 * last year's value; then, per table, last year's rows this year has not;
 * then one line per table only last year has.  A table this year has and
 * last year not (or declared new) gets one table_only line.  units: what
 * the notes call the respondents in the plural ("kommuner":
 * ak_output_units()).  Stops at the first status fn returns other than
 * AK_OK and returns it; AK_ERR_NOMEM when out of memory.
 */
ak_status ak_compare_run(const ak_results *res, const ak_prev *p,
                         const char *units, ak_compare_fn fn, void *ud);

/* "procentpoint" for a percent's change, "forskel" for another, "" when
 * the line has no change.  Static. */
const char *ak_compare_unit(const ak_compare_line *l);

/* now - last of two tables.csv numbers ("61", "3.61", "103.3"), exactly,
 * with as many decimals as the finer of the two, into buf; "" when either
 * is not a number. */
void ak_compare_change(const char *last, const char *now, char *buf,
                       size_t n);

/*
 * The panel (report --compare DIR --panel): only the units that answered
 * both years.  Last year's per-unit record DIR/panel-YEAR.csv (output
 * "panel", YEAR last year's) names the units that answered then and what
 * each added to every cell; this year's respondents are marked with
 * ak_panel_mark(), and ak_prev_panel() gives last year's values as the
 * sums over the units both years have, computed as tabulation does
 * (ak_tab_cell_value()).
 */
typedef struct ak_panel ak_panel;

/* Read the units of DIR/panel-YEAR.csv, YEAR the year of p (DIR's
 * tables.csv, ak_prev_load()).  A missing file is a fatal diagnostic
 * naming it (rule "compare", Danish) and AK_ERR_INPUT.  Caller owns *out;
 * free with ak_panel_free(). */
ak_status ak_panel_load(const char *dir, const ak_prev *p, ak_panel **out,
                        ak_diags *d);
void ak_panel_free(ak_panel *pn);
/* Nonzero when 'unit' answered last year; it is then marked as answering
 * this year too.  Safe to call from several threads at once (the parallel
 * reader's parts); a mark is only ever set, so the marks do not depend on
 * the order of the calls. */
int ak_panel_mark(ak_panel *pn, const char *unit);
/* The units marked: those that answered both years. */
size_t ak_panel_count(const ak_panel *pn);

/* *out: a copy of p whose every value is the sum of the contributions of
 * the marked units of pn (a cell none of them added to: 0, or no value for
 * a percent or mean); p is left as it is (the figure's last-year bars stay
 * over all).  Reads pn's file once.  Problems of the file are fatal
 * diagnostics and AK_ERR_INPUT.  Caller owns *out; free with
 * ak_prev_free(). */
ak_status ak_prev_panel(const ak_prev *p, const ak_panel *pn, ak_prev **out,
                        ak_diags *d);

#endif
