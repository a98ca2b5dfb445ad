/*
 * ak_results: the result model every output reads.  Tabulation
 * (ak_tabulate.h) produces it; the templates (ak_template.h) name its
 * measures and row kinds; outputs (ak_output.h) only read it.
 *
 * It also holds the one implementation of how a cell's number is written
 * (ak_rtable_places, ak_fmt_fixed, ak_fmt_cell) and of column-group spans
 * (ak_rtable_group_span), so that every output prints the same numbers.
 */
#ifndef AK_RESULTS_H
#define AK_RESULTS_H

#include <stddef.h>
#include <stdint.h>

typedef enum ak_measure {
    AK_M_ANTAL = 0,     /* count of respondents */
    AK_M_PROCENT,       /* whole percent, half up, of the column's base
                           (or of the row's of= denominator) */
    AK_M_GENNEMSNIT,    /* mean in hundredths, half up */
    AK_M_SUM            /* sum of a count/decimal term over the
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
    AK_ROW_POPULATION   /* templates only: the population (see
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
                           NULL */
    int untidy;         /* 'tidy no': left out of tables.csv (it
                           still gets its wide CSV and its place in the PDF) */
    unsigned char *tenths;  /* indexed like cells, 1 where the value
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
    long respondents;       /* rows tabulated (ak_tab_add calls) */
    long population;        /* units in the register (the population
                               of a svarprocent), or -1 when there is none */
} ak_results;


/* The cell for row r, column c, measure m (NULL out of range). */
const ak_cell *ak_rtable_cell(const ak_rtable *t, size_t r, size_t c,
                              size_t m);
/* Nonzero when that cell's value is in tenths (a sum of decimals). */
int ak_rtable_cell_tenths(const ak_rtable *t, size_t r, size_t c, size_t m);

/*
 * The decimals a cell's value carries and is printed with: 2 for a mean
 * (hundredths), 1 for a sum of decimals (tenths), else 0.  The value of
 * the cell is then value / 10^places.
 */
int ak_rtable_places(const ak_rtable *t, size_t r, size_t c, size_t m);

/*
 * Write v / 10^places with 'decimals' decimals (0 <= decimals <= places,
 * rounded half up, away from zero), 'dec' as the decimal mark and 'sep'
 * between groups of three digits ('\0': none).  Never locale-dependent.
 * Writes at most n bytes including the NUL; returns buf.
 */
char *ak_fmt_fixed(char *buf, size_t n, int64_t v, int places, int decimals,
                   char dec, char sep);

/* A cell as printed: "-" when it has no value, else ak_fmt_fixed() with
 * its own places. */
char *ak_fmt_cell(char *buf, size_t n, const ak_rtable *t, size_t r,
                  size_t c, size_t m, char dec, char sep);

/* Column-group spans: the number of columns from c on that share c's
 * group (at least 1), or 0 when column c continues the group of c-1. */
size_t ak_rtable_group_span(const ak_rtable *t, size_t c);

/* Free r and everything it holds (NULL is a no-op). */
void ak_results_free(ak_results *r);

#endif
