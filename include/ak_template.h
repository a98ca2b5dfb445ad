/*
 * ak_template: the table templates (templates/ *.tpl), parsed against the
 * codebook.  The language is documented in templates/README.md; in short,
 * one statement per line, a keyword first (table / figure / report,
 * caption, title, section, tidy, base, column, measure, row, optional,
 * subtotal, total, population, note, ...), then its arguments: words,
 * "texts", name=value attributes (of=, sum=, from= on rows), {name}=value
 * bindings and, last, an ak_expr expression.
 *
 * The parser is driven by a keyword table; nothing in C knows a table,
 * question or label.  Every expression is compiled here, once per column
 * (and per row where rows carry bindings), so tabulation only evaluates.
 * Problems are reported as fatal diagnostics with file:line:column and the
 * source line; loading fails with AK_ERR_SYNTAX when there is any.
 *
 * The parsed set is exposed read-only (the tabulation stage walks it).
 * Texts are kept as written: {year}, {prev_year} and the note placeholders
 * are expanded by the tabulation (ak_tabulate.h); every placeholder was
 * validated at load.
 */
#ifndef AK_TEMPLATE_H
#define AK_TEMPLATE_H

#include <stddef.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_expr.h"
#include "ak_status.h"
#include "ak_results.h"

/* One column of a table (tables.csv column key + header + base). */
typedef struct ak_tpl_col {
    char *key;             /* tables.csv column key */
    char *group;           /* spanning header text, or NULL */
    char *label;           /* column header text, or NULL */
    ak_binding *bind;      /* the column's {name}=value bindings (owned) */
    size_t nbind;
    ak_expr *base;         /* who the column is about; compiled with the
                              column's bindings; never NULL */
    long line;
} ak_tpl_col;

/*
 * The term a 'sum' measure adds up in one cell: the count/decimal
 * variables (codebook indices, each once) whose answered values are added,
 * a missing one counting 0.  nvars == 0: no term, the sum has no value.
 */
typedef struct ak_tpl_term {
    size_t *vars;
    size_t nvars;
    int tenths;            /* 1 when a decimal is summed: print in tenths */
} ak_tpl_term;

/* What a row's procent is over (the row's of= attribute). */
typedef enum ak_tpl_of {
    AK_OF_BASE = 0,        /* the column's base (the default) */
    AK_OF_ROW,             /* of=N: the count of template row N (of_row) */
    AK_OF_POPULATION,      /* of=population: ak_tab_set_population() */
    AK_OF_NONE             /* of=none: the row has no percent */
} ak_tpl_of;

/* One row as written in the template (optional rows included). */
typedef struct ak_tpl_row {
    char *label;           /* as published; may hold {year}/{prev_year} */
    ak_rowkind kind;       /* plain (leaf), subtotal or total */
    int optional;          /* leaf printed only when some count > 0 */
    size_t first;          /* subtotal: sums the leaf rows first..this-1 */
    ak_expr **cond;        /* leaf: per column, the row's condition compiled
                              with the column's and the row's bindings */
    ak_expr **cell;        /* leaf: per column, the column's 'cell'
                              condition (with row bindings), or NULL */
    long line;
    ak_tpl_of of;          /* the denominator of the row's procent */
    size_t of_row;         /* AK_OF_ROW: 0-based template row */
    ak_tpl_term *sum;      /* leaf rows of a table with a 'sum'
                              measure: per column the term summed (the
                              row's sum=, else the measure's), else NULL */
    char *key;             /* the row's stable key: key=..., else derived
                              from the label as written (see
                              templates/README.md); unique in the table */
    int new_since;         /* new=YEAR: the row exists from YEAR, else 0 */
    int changed_in;        /* changed=YEAR: not comparable across YEAR, else 0 */
} ak_tpl_row;

typedef struct ak_tpl_measure {
    ak_measure kind;
    char *label;           /* header text, or NULL */
    size_t *var;           /* gennemsnit: per column the variable averaged
                              (codebook index); NULL for other measures */
    ak_tpl_term *term;     /* sum: per column the measure's own term
                              (used by leaf rows without sum= and by the
                              total row); NULL for other measures */
} ak_tpl_measure;

/* Placeholders usable in note texts (see templates/README.md). */
typedef enum ak_tpl_ph {
    AK_PH_YEAR, AK_PH_PREV_YEAR, AK_PH_RESPONDENTS, AK_PH_BASE, AK_PH_CELL
} ak_tpl_ph;

typedef struct ak_tpl_table {
    char *file;            /* template file name */
    char *id;              /* tables.csv 'table' value */
    int is_figure;
    int multi;             /* multi-response: no exactly-one-row check */
    int untidy;            /* 'tidy no': not in tables.csv */
    unsigned order[8];     /* dotted order number, component-wise */
    size_t norder;
    char *caption;
    char *title;
    char *section;         /* heading text of the section, or NULL */
    char *chapter;         /* heading text of the section's parent, or NULL */
    size_t ncols;
    ak_tpl_col *cols;
    size_t nmeasures;
    ak_tpl_measure *measures;
    size_t nrows;
    ak_tpl_row *rows;
    size_t nnotes;
    char **notes;
    char *axis_title;      /* figures */
    char *source;
    int new_since;         /* 'new YEAR': the table exists from YEAR, else 0 */
    int changed_in;        /* 'changed YEAR': not comparable across YEAR */
} ak_tpl_table;

/*
 * One statement of a text file (templates/README.md "Text"), in document
 * order: the text files ordered by their 'text' order number, then line.
 */
typedef enum ak_tpl_dockind {
    AK_TD_CHAPTER = 0,     /* chapter ["number"] "text": level 1 */
    AK_TD_HEADING,         /* heading KEY: a section of the set file */
    AK_TD_SUBHEADING,      /* subheading "text": level 4, no number */
    AK_TD_PARA,            /* para "text" */
    AK_TD_PLACE,           /* place ID: the table or figure here */
    AK_TD_LET,             /* let NAME = expression */
    AK_TD_QUESTIONNAIRE,   /* questionnaire: the codebook's questions */
    AK_TD_NONRESP          /* nonrespondents: who did not answer, by
                              region */
} ak_tpl_dockind;

typedef struct ak_tpl_doc {
    ak_tpl_dockind kind;
    char *number;          /* chapter: its number as printed, or NULL */
    char *text;            /* chapter/subheading/para: the text; heading:
                              the section's heading as written; let: the
                              expression; all with placeholders */
    char *name;            /* let: the variable; place: the table id */
    size_t table;          /* place: index into ak_tableset.tables */
    char *cond;            /* if="...": shown only when it holds; or NULL */
    int internal;          /* edition=internal: internal edition only */
    char *file;            /* where: file, line, the column of text's (or
                              the expression's) first character, the line */
    long line, col, cond_col;
    char *ctx;
} ak_tpl_doc;

/* A colophon line of the set file: colophon "Udgiver" "Ankestyrelsen". */
typedef struct ak_tpl_colophon {
    char *label;
    char *value;           /* may hold {year}, {prev_year} */
} ak_tpl_colophon;

struct ak_tableset {
    char *report_title;    /* NULL when no set file gives one */
    char *rounding_note;   /* added to single-response tables whose
                              rounded percents do not sum to 100; NULL =
                              no automatic note */
    char *meta[AK_META_COUNT]; /* 'meta KEY "text"' of the set
                              file, as written; NULL where not given */
    size_t ntables;
    ak_tpl_table *tables;  /* in report order */
    size_t ndoc;           /* the text statements, in order; 0 =
                              no text files */
    ak_tpl_doc *doc;
    size_t ncolophon;      /* colophon lines of the set file */
    ak_tpl_colophon *colophon;
};

typedef struct ak_tableset ak_tableset;

/* One template file's text, for ak_templates_parse(). */
typedef struct ak_tpl_source {
    const char *name;      /* used in diagnostics */
    const char *buf;
    size_t len;
} ak_tpl_source;

/*
 * Parse template files from memory against cb: each file is a table, a
 * figure or the set file (report title, sections, rounding note).  Every
 * problem is reported (file:line:column, caret context); any fatal one
 * fails with AK_ERR_SYNTAX.  Caller owns *out; free with
 * ak_tableset_free().
 */
ak_status ak_templates_parse(const ak_tpl_source *src, size_t n,
                             const ak_codebook *cb, ak_tableset **out,
                             ak_diags *d);

/*
 * Load every *.tpl file of directory dir (read in name order; tables are
 * then ordered by their 'order', which defaults to the table id's numbers)
 * and parse them as ak_templates_parse() does.  AK_ERR_IO when the
 * directory or a file cannot be read.  Caller owns *out; free with
 * ak_tableset_free().
 */
ak_status ak_templates_load(const char *dir, const ak_codebook *cb,
                            ak_tableset **out, ak_diags *d);
void ak_tableset_free(ak_tableset *ts);

/*
 * Expand the placeholders of template text s.  fn is called for every
 * placeholder with its kind and arguments (arg1: column key or NULL;
 * rowno: 1-based template row for {cell}) and returns the number to put
 * in; ud is passed through.  "{{" gives "{".  Returns a new string the
 * caller owns (ak_free()), or NULL when out of memory.  Texts are
 * validated at load, so an unknown placeholder cannot occur; it would be
 * copied as written.
 */
typedef long long (*ak_tpl_ph_fn)(ak_tpl_ph ph, const char *key,
                                  size_t rowno, void *ud);
char *ak_tpl_expand(const char *s, ak_tpl_ph_fn fn, void *ud);

#endif
