/*
 * ak_output: the one interface every output implements, and the registry
 * of outputs.  Every file a run writes comes from a named output; the CLI
 * builds one read-only view of the run (ak_report) and loops over the
 * selected outputs, in registry order, into one output set (ak_outdir.h:
 * written whole or not at all).
 *
 * Two kinds of output:
 *  - table outputs (write): called once with the finished results;
 *  - row outputs (begin/row/end, flag AK_OUT_ROWS): called on a second
 *    streaming pass over the validated rows, with the number of rows known
 *    before the first row (ReadStat needs it).  Memory stays flat: a row
 *    is borrowed only for the duration of the call.
 *
 * An output never prints and never exits; it reports problems into the
 * diagnostics list it is given (a file it cannot write is AK_SEV_FATAL and
 * rule "output") and returns a status.  It chooses its own file names, and
 * writes only through the output set (ak_output_write_file() or
 * ak_outdir_path()).
 *
 * Options: "name" or "name=value" strings, e.g. "excel" (the Danish
 * spreadsheet dialect of the wide CSVs and the validation CSV).  An output
 * reads them with ak_report_opt(); unknown options are ignored by outputs
 * and rejected by the CLI.
 */
#ifndef AK_OUTPUT_H
#define AK_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_outdir.h"
#include "ak_results.h"
#include "ak_status.h"
#include "ak_validate.h"
#include "ak_value.h"

struct ak_uncertainty;
struct ak_tableset;
struct ak_panel;
struct ak_prev;

/* What a run states about itself (front page, colophon, provenance). */
typedef struct ak_report_meta {
    const char *input_name;   /* input file name as given (base name) */
    const char *input_sha256; /* hex, or NULL when not computed */
    const char *version;      /* engine version */
    long long made;           /* seconds since the epoch (SOURCE_DATE_EPOCH) */
    const char *datanote;     /* note the data carries, or NULL */
    int internal;             /* 1 for the internal edition (the
                                 validation appendix, a provenance page,
                                 text blocks marked internal); 0 public */
} ak_report_meta;

/* The read-only view of one run that every output reads; all borrowed. */
typedef struct ak_report {
    const ak_codebook *cb;
    const ak_register *reg;       /* register of units, or NULL */
    const ak_results *res;        /* finished tables; NULL for validate */
    const ak_validator *v;        /* rule summary, unit word, rows */
    const ak_diags *problems;     /* the run's diagnostics, in input order */
    const ak_report_meta *meta;
    int year;                     /* survey year */
    const char *const *opts;      /* NULL-terminated options, or NULL */
    const struct ak_uncertainty *unc; /* intervals, bounds, paired
                                     tests (ak_uncert.h), or NULL */
    const struct ak_tableset *ts; /* the templates (the per-unit record
                                     of output "panel"), or NULL */
    /* report --compare DIR --panel: this year's results over only the
     * units that answered both years (ak_compare.h: last year's values
     * are then summed over them, prev_cmp); the comparison outputs show
     * these, not res.  NULL without --panel. */
    const ak_results *panel_res;
    /* With --compare, when DIR has last year's per-unit record: last
     * year's units, those of this year marked (ak_panel_count(): how
     * many answered both years); else NULL. */
    const struct ak_panel *panel;
    /* With --compare DIR, for outputs flagged AK_OUT_COMPARE: last year's
     * tables.csv (ak_compare.h), read once by the CLI before the first
     * such output (a problem of the folder stops the run there, as a
     * fatal "compare" diagnostic); NULL without --compare.  prev is the
     * file as it is (figure 2.1's bars of last year); prev_cmp is what
     * the comparison shows: with --panel last year's over the units of
     * both years (ak_prev_panel()), else prev itself. */
    const struct ak_prev *prev;
    const struct ak_prev *prev_cmp;
    /* What the report calls its respondents in the plural ("kommuner":
     * the words file's enhed,flertal), or NULL; read it with
     * ak_output_units(). */
    const char *units;
} ak_report;

/* The value of option 'name' in r ("" for a bare "name"), or NULL when not
 * given.  Borrowed. */
const char *ak_report_opt(const ak_report *r, const char *name);

/* What r calls its respondents in the plural: r->units, else the generic
 * ak_output_words[AK_W_UNITS].  Borrowed. */
const char *ak_output_units(const ak_report *r);

enum {
    AK_OUT_DEFAULT = 1,   /* written by a plain `report` */
    AK_OUT_ROWS = 2,      /* a row output: begin/row/end, not write */
    AK_OUT_PROVENANCE = 4,/* reads meta->input_sha256 (the CLI computes it
                             only when a selected output says so) */
    AK_OUT_UNCERTAINTY = 8,/* reads r->unc (the CLI collects it only
                             when a selected output says so) */
    AK_OUT_COMPARE = 16   /* reads r->prev and r->prev_cmp (the CLI reads
                             last year's folder only for such outputs) */
};

typedef struct ak_output {
    const char *name;     /* "tables-csv", "wide-csv", "validation", "pdf" ... */
    const char *summary;  /* Danish, one line, for `report --help` */
    unsigned flags;
    /* Table outputs: write every file of this output into o; problems
     * into d. */
    ak_status (*write)(const ak_report *r, ak_outdir *o, ak_diags *d);
    /* Row outputs: begin with the number of rows to come (*ctx is the
     * output's own state), row once per validated row in input order,
     * end always (it finishes the files when st == AK_OK, else abandons
     * them) and frees ctx.  end is called even when begin failed (ctx may
     * then be NULL). */
    ak_status (*begin)(void **ctx, const ak_report *r, long nrows,
                       ak_outdir *o, ak_diags *d);
    ak_status (*row)(void *ctx, const ak_row *row);
    ak_status (*end)(void *ctx, ak_status st);
} ak_output;

/* The fixed words of the documents (PDF, HTML): one table for every
 * output, so that they say the same. */
typedef enum ak_word {
    AK_W_INPUT, AK_W_SHA, AK_W_VERSION, AK_W_MADE, AK_W_YEAR, AK_W_PAGE,
    AK_W_PAGE_OF, AK_W_CONTENTS, AK_W_APPENDIX, AK_W_RULES, AK_W_PROBLEMS,
    AK_W_QUESTION, AK_W_VALUE, AK_W_MESSAGE, AK_W_ACTION, AK_W_NONE,
    AK_W_AUTHOR, AK_W_N, AK_W_WHOLE_FILE, AK_W_SKIP, AK_W_FACTS,
    AK_W_FIG_DESC, AK_W_FIG_NUMBERS, AK_W_PROVENANCE, AK_W_CMP_TITLE,
    AK_W_CMP_INTRO, AK_W_CMP_ROW, AK_W_CMP_COL, AK_W_CMP_CHANGE, AK_W_CMP_PP,
    AK_W_CMP_NOTE,
    /* how many answered both years ("%zu %s": the number and
     * ak_output_units()), without and with --panel */
    AK_W_CMP_BOTH, AK_W_CMP_PANEL,
    /* figure 2.1 beside last year's (--compare): a legend entry "%s, %d"
     * (series label, year), the SVG's description with both years, the
     * caption of a year's numbers "Tallene for %d i" */
    AK_W_FIG_YEAR, AK_W_FIG_DESC_CMP, AK_W_FIG_NUMBERS_YEAR,
    /* the workbook's sheets and the problem list's other headers */
    AK_W_SHEET_VALIDATION, AK_W_SHEET_COMPARE, AK_W_SHEET_FOLLOWUP,
    AK_W_NR, AK_W_NAME, AK_W_LINE, AK_W_SEVERITY, AK_W_COLUMN,
    /* the follow-up sheet's last line past its limit: "%zu" lines more,
     * the year "%d" of the CSV that has them all */
    AK_W_SHEET_MORE,
    /* the problem list of the PDF, the HTML and the workbook past its
     * limit (AK_OUTPUT_PROBLEMS_SHOWN, AK_OUTPUT_SHEET_MAX): "%zu"
     * problems more, all of them in validering.csv */
    AK_W_PROBLEMS_MORE,
    /* the respondents in the plural when the words file does not say
     * (ak_output_units()) */
    AK_W_UNITS,
    AK_W_COUNT
} ak_word;
extern const char *const ak_output_words[AK_W_COUNT];

/* What a person can read: the PDF and the HTML list at most this many
 * problems, a workbook's sheet at most AK_OUTPUT_SHEET_MAX lines; the rest
 * are counted (AK_W_PROBLEMS_MORE), and validering.csv has them all. */
#define AK_OUTPUT_PROBLEMS_SHOWN 1000
#define AK_OUTPUT_SHEET_MAX 10000

/*
 * The results as the documents (PDF, HTML) show them: r->res with the
 * methods table of the uncertainty figures (ak_uncert.h, Bilag 1) appended
 * when r->unc holds one.  With text (res->has_text) the table is placed at
 * the end of the chapter whose number is the table's caption (the
 * statistics file's "caption", e.g. "Bilag 1"), else at the end.  *view is
 * filled; it shares the tables and blocks of r->res.  Free with
 * ak_output_view_free() (which leaves r->res alone).
 */
typedef struct ak_output_view {
    ak_results res;
    ak_rtable *methods;     /* owned, or NULL */
    ak_rtable *tables;      /* owned copy of the table array, or NULL */
    ak_docblock *blocks;    /* owned copy of the block array, or NULL */
} ak_output_view;
ak_status ak_output_view_new(const ak_report *r, ak_output_view *view);
void ak_output_view_free(ak_output_view *view);

/* The output called name, or NULL when there is none. */
const ak_output *ak_output_find(const char *name);

/* Every output, in the order a run writes them; *list is borrowed. */
size_t ak_output_list(const ak_output *const **list);

/*
 * Open file 'name' in the set, call fn(ud, f) and close it.  Any write
 * error (fn's, the flush's or the close's) is reported into d as a fatal
 * "output" diagnostic naming the file where the user will find it
 * ("out/2008/tables.csv") with a Danish reason, and returned as AK_ERR_IO.
 */
typedef ak_status (*ak_output_fn)(const void *ud, FILE *f);
ak_status ak_output_write_file(ak_outdir *o, const char *name,
                               ak_output_fn fn, const void *ud, ak_diags *d);

/* Report that file 'name' of the set could not be written (err: errno, or
 * 0 when unknown) and return AK_ERR_IO; for outputs whose library writes
 * to a path itself (cairo, libxlsxwriter, ReadStat). */
ak_status ak_output_io_error(const ak_outdir *o, const char *name, int err,
                             ak_diags *d);

/*
 * The file stem of a table: its caption or id in lower case, spaces as
 * '-', æ ø å spelt ae oe aa ("Tabel 2.2" -> "tabel-2.2", "Nøgletal" ->
 * "noegletal").  Caller owns; NULL when out of memory.
 */
char *ak_output_table_stem(const ak_rtable *t);

/*
 * Numbers and dates as the documents (PDF, HTML) print them: Danish,
 * without the C library's locale.  Cells are printed with ak_fmt_cell()
 * (ak_results.h) with ',' and '.'.  Each writes a NUL-terminated string
 * into buf (n bytes; 32 is enough for any number, 48 for a date).
 */
/* A whole number with Danish thousands separators ("1.234", "-12"). */
void ak_fmt_int(char *buf, size_t n, int64_t v);
/* The date of 'made' (seconds since the epoch, UTC) in Danish: "15. august
 * 2009"; "-" when it cannot be represented. */
void ak_fmt_date(char *buf, size_t n, long long made);

/*
 * The headings table i of r opens, as the report prints them: *chap its
 * chapter where the chapter changes, *sec its section where the section or
 * the chapter changes (never the same text as the chapter); NULL
 * otherwise.  Borrowed from r.
 */
void ak_output_headings(const ak_results *r, size_t i, const char **chap,
                        const char **sec);

/*
 * A figure's bars: *vm the measure drawn as the bar (the first that is not
 * a count, else the count), *cm the count shown as "n = 13" under each bar,
 * or (size_t)-1 when there is none (the count is the bar itself).
 */
void ak_output_figure_measures(const ak_rtable *t, size_t *vm, size_t *cm);
/* The decimals of the bars of measure vm (ak_rtable_places(): 2 for a
 * mean, 1 for a sum of decimals); the axis counts in the same unit. */
int ak_output_figure_places(const ak_rtable *t, size_t vm);
/* A "nice" axis step (1, 2, 2.5 or 5 times a power of ten; no 2,5 steps of
 * whole units) for about five intervals up to vmax, in the values' units. */
int64_t ak_output_axis_step(int64_t vmax);
/*
 * The value axis of figure t whose bars are measure vm with 'places'
 * decimals (ak_output_figure_places()): *step (ak_output_axis_step()) and
 * *top (the first step at or above the highest bar; with no bar above 0,
 * 1, 10 or 100 units by the places).  'also' is the highest of other bars
 * drawn beside them in the same units (last year's with --compare:
 * ak_prev_max()), 0 when none.
 */
void ak_output_figure_axis(const ak_rtable *t, size_t vm, int places,
                           int64_t also, int64_t *step, int64_t *top);

/*
 * The comparison appendix (PDF, HTML; --compare), shown the same way:
 * per table the measure ak_output_compare_measure() picks (its percent,
 * else its first; NULL when t is NULL), the column named by
 * ak_output_compare_column() ("group, label", the group or the label, ""
 * for a table's only, unnamed column, else the key; borrowed from t or
 * key, or in buf of n bytes), numbers of tables.csv printed by
 * ak_output_compare_number() (decimal comma; with sign a '+' before a
 * change above 0).
 */
const char *ak_output_compare_measure(const ak_rtable *t);
const char *ak_output_compare_column(const ak_rtable *t, const char *key,
                                     char *buf, size_t n);
void ak_output_compare_number(char *buf, size_t n, const char *s, int sign);

/* An axis tick v (with 'places' decimals) with as few decimals as the step
 * needs. */
void ak_fmt_axis(char *buf, size_t n, int places, int64_t v, int64_t step);

#endif
