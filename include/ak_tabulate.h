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
#include "ak_ingest.h"
#include "ak_status.h"

struct ak_tableset;

typedef enum ak_measure {
    AK_M_ANTAL = 0,     /* count of respondents */
    AK_M_PROCENT,       /* whole percent, half up, of the column's base
                           (or of the row's of= denominator; added) */
    AK_M_GENNEMSNIT,    /* mean in hundredths, half up */
    AK_M_SUM            /* added: sum of a count/decimal term over the
                           cell's respondents: a whole number for counts,
                           tenths when a decimal is summed (see
                           ak_rtable_cell_tenths()) */
} ak_measure;

/* "antal", "procent", "gennemsnit", "sum" (the tables.csv measure keys). */
const char *ak_measure_key(ak_measure m);

typedef enum ak_rowkind {
    AK_ROW_PLAIN = 0,
    AK_ROW_SUBTOTAL,    /* "Ja, i alt" */
    AK_ROW_TOTAL,       /* "I alt", "Total" */
    AK_ROW_POPULATION   /* added; templates only: the population (see
                           ak_tab_set_population()); it is laid out as an
                           AK_ROW_PLAIN row, and left out without one */
} ak_rowkind;

typedef struct ak_cell {
    int64_t value;      /* antal: count; procent: percent; gennemsnit:
                           hundredths */
    int has_value;      /* 0 for a procent/gennemsnit over an empty base,
                           and where a measure does not apply (a sum in a
                           row without a term, a percent with of=none) */
    int64_t base;       /* the cell's base (tables.csv 'base'): antal,
                           procent and sum the number the row's percent is
                           over in this column (the column's base, or what
                           of= names); gennemsnit the municipalities the
                           mean is over; -1 when there is none (a
                           population row, of=none, of=population without
                           a register) */
} ak_cell;

typedef struct ak_rcol {
    char *key;          /* tables.csv column key, e.g. "social_boform" */
    char *group;        /* top header spanning columns, or NULL */
    char *label;        /* column header, or NULL */
} ak_rcol;

typedef struct ak_rrow {
    char *label;        /* Danish row label */
    ak_rowkind kind;
    int position;       /* 1-based position as printed: moves when an
                           optional row appears; match years by key */
    char *key;          /* the row's stable key (tables.csv row_key): the
                           template's key=..., else derived from the label
                           as written, before {year} is expanded; unique
                           in the table, the same whether or not optional
                           rows print and whatever the year */
    int new_since;      /* the template's new=YEAR, else 0 */
    int changed_in;     /* the template's changed=YEAR, else 0 */
    int optional;       /* an 'optional' row (printed because some count
                           is above 0) */
} ak_rrow;

typedef struct ak_rtable {
    char *id;           /* "2.2", "fig2.1" */
    char *caption;      /* "Tabel 2.2", "Figur 2.1" */
    char *title;        /* with {year}/{prev_year} expanded */
    char *section;      /* heading the table stands under, or NULL */
    int is_figure;
    int multi;          /* multi-response table */
    size_t ncols;
    ak_rcol *cols;
    size_t nmeasures;
    ak_measure *measures;
    char **measure_labels;  /* header per measure, entries may be NULL */
    size_t nrows;       /* printed rows only */
    ak_rrow *rows;
    ak_cell *cells;     /* cells[(r * ncols + c) * nmeasures + m] */
    size_t nnotes;
    char **notes;       /* expanded notes, "Anm.: ..." */
    char *axis_title;   /* figures: y axis title, else NULL */
    char *source;       /* source line, or NULL */
    char *chapter;      /* heading of the section's parent section, or
                           NULL; added */
    int untidy;         /* added: 'tidy no': left out of tables.csv (it
                           still gets its wide CSV and its place in the PDF) */
    unsigned char *tenths;  /* added: indexed like cells, 1 where the value
                           is in tenths (a sum of decimals); NULL when no
                           value is */
    int new_since;      /* the template's 'new YEAR', else 0 */
    int changed_in;     /* the template's 'changed YEAR', else 0 */
    size_t nhidden;
    char **hidden;      /* keys of the optional rows left out (every count
                           0), in template order */
} ak_rtable;

typedef struct ak_results {
    char *report_title;     /* from the template set, or NULL */
    int year;               /* survey year */
    size_t ntables;
    ak_rtable *tables;      /* in report order */
    long respondents;       /* rows tabulated (ak_tab_add calls); added */
    long population;        /* added: units in the register (the population
                               of a svarprocent), or -1 when there is none */
} ak_results;

/* The cell for row r, column c, measure m. */
const ak_cell *ak_rtable_cell(const ak_rtable *t, size_t r, size_t c,
                              size_t m);
/* Added: nonzero when that cell's value is in tenths (print one decimal). */
int ak_rtable_cell_tenths(const ak_rtable *t, size_t r, size_t c, size_t m);

typedef struct ak_tab ak_tab;

/*
 * A tabulation of the templates ts over rows typed by cb, for survey year
 * 'year' ({year} = year, {prev_year} = year - 1).  Arguments are borrowed
 * and must outlive the tabulation.  Caller owns; ak_tab_free().
 */
ak_tab *ak_tab_new(const struct ak_tableset *ts, const ak_codebook *cb,
                   int year, ak_diags *d);
void ak_tab_free(ak_tab *t);

/*
 * Added: the population the respondents were drawn from (the number of
 * municipalities in the register), for population rows and of=population
 * percents of the templates; n < 0 means none (the default): population
 * rows are then left out and such percents have no value.
 */
void ak_tab_set_population(ak_tab *t, long n);

/* Count one validated row.  unit/unit_name identify the respondent in
 * diagnostics (a base member that lands in no row is reported). */
ak_status ak_tab_add(ak_tab *t, const ak_row *row, const char *unit,
                     const char *unit_name);

/* Compute percents, means, optional rows and automatic notes.  *out is new;
 * the caller owns it (ak_results_free()). */
ak_status ak_tab_finish(ak_tab *t, ak_results **out);
void ak_results_free(ak_results *r);

#endif
