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
    size_t tpl_row;     /* 0-based row of the template it comes from
                           (optional rows included) */
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
    int64_t *bases;     /* per column the base (respondents in the
                           column), ncols entries */
    int new_since;      /* the template's 'new YEAR', else 0 */
    int changed_in;     /* the template's 'changed YEAR', else 0 */
    size_t nhidden;
    char **hidden;      /* keys of the optional rows left out (every count
                           0), in template order */
} ak_rtable;

/*
 * The document: what every renderer (PDF, HTML, ...) prints, in order, so
 * all of them carry the same text.  A block is a heading, a paragraph or a
 * table/figure.  All text is UTF-8, plain (no markup), with every number
 * already filled in from the tables (templates/README.md, "Text").
 *
 * Without text templates the blocks are derived from the tables: each
 * table's chapter heading where the chapter changes, its section heading
 * where the section changes, then the table (ak_results.has_text = 0).
 */
typedef enum ak_docblock_kind {
    AK_BLOCK_HEADING = 0,
    AK_BLOCK_PARAGRAPH,
    AK_BLOCK_TABLE
} ak_docblock_kind;

typedef struct ak_docblock {
    ak_docblock_kind kind;
    int level;          /* heading: 1 chapter or appendix ("2", "Bilag 1",
                           "Forord"), 2 section ("2.1"), 3 subsection
                           ("2.1.4"), 4 a run-in heading without number
                           inside a section; paragraph and table: 0 */
    char *number;       /* heading: its number as printed ("2.1.4",
                           "Bilag 1"), or NULL (unnumbered) */
    char *text;         /* heading: its text without the number;
                           paragraph: the text; table: NULL */
    char *anchor;       /* heading: a stable ASCII id ("s2-1-4", "forord");
                           table: the table id; paragraph: NULL */
    size_t table;       /* AK_BLOCK_TABLE: index into ak_results.tables */
    int internal;       /* 1: only in the internal edition (renderers leave
                           it out unless asked for it) */
} ak_docblock;

/* A line of the colophon: "Udgiver", "Ankestyrelsen, august 2009". */
typedef struct ak_colophon_line {
    char *label;
    char *value;
} ak_colophon_line;

/* A unit of the register (ids, names and regions as in the register). */
typedef struct ak_unitref {
    char *id;
    char *name;
    char *region;       /* "" when the register has no region column */
} ak_unitref;

/*
 * The report's words that are no table's (the set file's 'meta'
 * statements, see templates/README.md): document properties of the
 * workbook and the PX files' subject, dimension names and units.  The
 * units are indexed by measure: AK_META_UNIT_ANTAL + the ak_measure.
 */
typedef enum ak_meta {
    AK_META_AUTHOR = 0,     /* "author": who publishes the report */
    AK_META_SUBJECT,        /* "subject": subject area (document, PX) */
    AK_META_SUBJECT_CODE,   /* "subject_code": PX SUBJECT-CODE, <= 20 */
    AK_META_ROWS,           /* "rows": name of a table's row dimension */
    AK_META_COLUMNS,        /* "columns": name of its column dimension */
    AK_META_MEASURES,       /* "measures": name of its measure dimension */
    AK_META_UNIT_ANTAL,     /* "unit_antal" ... "unit_sum": the unit of */
    AK_META_UNIT_PROCENT,   /*   each measure */
    AK_META_UNIT_GENNEMSNIT,
    AK_META_UNIT_SUM,
    AK_META_COUNT
} ak_meta;

/* "author", "subject", ... (the key a 'meta' statement names). */
const char *ak_meta_key(ak_meta m);

typedef struct ak_results {
    char *report_title;     /* from the template set, or NULL */
    char *meta[AK_META_COUNT]; /* the set file's meta texts with
                               {year}/{prev_year} expanded; NULL where
                               not given */
    int year;               /* survey year */
    size_t ntables;
    ak_rtable *tables;      /* in report order */
    long respondents;       /* rows tabulated (ak_tab_add calls) */
    long population;        /* units in the register (the population
                               of a svarprocent), or -1 when there is none */
    size_t nblocks;         /* the document, in order (see ak_docblock) */
    ak_docblock *blocks;
    int has_text;           /* 1 when text templates gave the blocks */
    size_t ncolophon;       /* colophon lines of the set file, in order;
                               0 = none given */
    ak_colophon_line *colophon;
    size_t nnonresp;        /* the register's units with no row in the
                               input, in register order (none without
                               ak_tab_set_register()) */
    ak_unitref *nonresp;
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

/* The table with id 'id', or NULL. */
const ak_rtable *ak_results_table(const ak_results *r, const char *id);

/* Free r and everything it holds (NULL is a no-op). */
void ak_results_free(ak_results *r);

#endif
