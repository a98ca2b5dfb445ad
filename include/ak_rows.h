/*
 * ak_rows: the validated answers for researchers, independent of any file
 * format.  Decides which variables the respondent-level files
 * (svar-<year>.sav, .dta, .csv; kodebog-<year>.csv) hold, their names,
 * labels, value labels and missing codes, and what each cell of a row is.
 * The format writers (src/output/readstat.c, src/output/svar.c) only
 * encode what this module decides.
 *
 * Variables, in this order:
 *  - the id variable (numeric, labelled with the register's names, when
 *    every register id is a number of at most 9 digits; else a string);
 *  - region (numeric code 1.. in order of first appearance in the
 *    register, labelled with the region's name), when the register has a
 *    region column;
 *  - with option "frame": besvaret (1 = Ja, 0 = Nej), and one row per
 *    unit of the register (respondents first, in input order, then the
 *    units that did not answer, in register order, their answers empty);
 *  - every yesno, checkbox, count and decimal question, in codebook order;
 *  - with option "free-text": every text question (a string of at most
 *    AK_ROWS_TEXT_MAX bytes, cut on a character boundary).
 * Never: pii columns (contact persons), the respondent's own spelling of
 * the name, the data note.
 *
 * Codes: an answer keeps its value (yesno 1 = Ja, 2 = Nej; checkbox
 * 1 = Markeret, 0 = Ikke markeret; counts; decimals with one decimal).
 * The other three states get their own code (ak_rows_code()): Uoplyst -9
 * (Stata .a), Ikke spurgt -8 (.b), Ugyldigt svar -7 (.c).  Answers cannot
 * be negative, so the codes never collide with a value.
 *
 * Names are valid in SPSS and in Stata: at most 32 characters of a-z, 0-9
 * and '_', starting with a letter (a 'v' is put in front otherwise), not a
 * reserved word of either (a '_' is appended), unique regardless of case
 * (a "_2", "_3" ... suffix).
 */
#ifndef AK_ROWS_H
#define AK_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_output.h"
#include "ak_status.h"

/* Longest free-text answer kept, in bytes (SPSS strings above 255 bytes
 * are split into segments that ReadStat 1.1.8 writes unreliably). */
#define AK_ROWS_TEXT_MAX 255
/* Longest name (Stata's limit, in characters; names here are ASCII). */
#define AK_ROWS_NAME_MAX 32

typedef enum ak_rows_kind {
    AK_RV_ID,        /* the respondent id */
    AK_RV_REGION,    /* the unit's region from the register */
    AK_RV_RESPONDED, /* 1: answered the survey, 0: did not (frame only) */
    AK_RV_ANSWER,    /* a yesno, checkbox, count or decimal question */
    AK_RV_TEXT       /* a text question (free-text only) */
} ak_rows_kind;

/* One value label: the code (an integer) and its Danish label. */
typedef struct ak_rows_vlabel {
    long code;
    const char *label;
} ak_rows_vlabel;

typedef struct ak_rows_var {
    char *name;            /* valid in SPSS and Stata (see above) */
    const char *source;    /* codebook variable name, or NULL (region ...) */
    const char *question;  /* the question as printed, e.g. "2.1a" */
    char *label;           /* variable label: "[2.1a] " + the codebook label
                              with {year}/{prev_year} resolved */
    ak_rows_kind kind;
    ak_type type;          /* for AK_RV_ANSWER and AK_RV_TEXT */
    size_t var;            /* codebook index, or AK_NO_VAR */
    int string;            /* 1: a string variable (text, non-numeric id) */
    size_t width;          /* string width in bytes */
    int decimals;          /* 0, or 1 for decimals */
    int missing_codes;     /* 1: the three codes can occur */
    const ak_rows_vlabel *vlabels;   /* labels of valid codes */
    size_t nvlabels;
    const char *vlabel_set;          /* name of the shared label set, or
                                        NULL (then labels are its own) */
    char *routing_words;   /* asked_if in Danish words, "" when always */
    const char *routing_src;         /* asked_if as written, "" */
} ak_rows_var;

typedef struct ak_rows ak_rows;

/*
 * The plan for report r: reads r->cb, r->reg, r->year and the options
 * "frame" and "free-text".  With note_renames, every variable whose name
 * had to change is reported as a note into d (rule "output", about file
 * 'shown'); the plan is the same for every format, so one output reports
 * them.  Option "frame" without a register is a fatal diagnostic
 * (AK_ERR_USAGE).  Caller owns *out; free with ak_rows_free().
 */
ak_status ak_rows_new(const ak_report *r, const char *shown, int note_renames,
                      ak_rows **out, ak_diags *d);
void ak_rows_free(ak_rows *p);

size_t ak_rows_nvars(const ak_rows *p);
const ak_rows_var *ak_rows_var_at(const ak_rows *p, size_t i);
/* Rows the files hold for nrows validated rows: the register's count with
 * "frame", else nrows. */
long ak_rows_count(const ak_rows *p, long nrows);
/* Nonzero with option "frame". */
int ak_rows_frame(const ak_rows *p);

/* The missing codes, in the order Uoplyst, Ikke spurgt, Ugyldigt svar. */
#define AK_ROWS_NCODES 3
/* The code of state s (AK_UOPLYST, AK_NOT_ASKED, AK_INVALID): -9, -8, -7;
 * its Stata tag: 'a', 'b', 'c'; its label. */
long ak_rows_code(ak_state s);
char ak_rows_tag(ak_state s);
const char *ak_rows_code_label(ak_state s);
/* The three states with a code, in code order. */
extern const ak_state ak_rows_coded_states[AK_ROWS_NCODES];

/* ---- cells ----------------------------------------------------------- */

typedef enum ak_rcell_kind {
    AK_CELL_NUM,     /* a value: tenths */
    AK_CELL_CODE,    /* a missing code: state */
    AK_CELL_EMPTY,   /* nothing (a unit that did not answer; blank text) */
    AK_CELL_TEXT     /* a string: text, len (cut already; cut = 1 then) */
} ak_rcell_kind;

typedef struct ak_rcell {
    ak_rcell_kind kind;
    int64_t tenths;
    ak_state state;
    const char *text;      /* borrowed from the row or register */
    size_t len;
    int cut;
} ak_rcell;

/* One row of the files: a validated row, or a unit of the register that
 * did not answer (row NULL). */
typedef struct ak_rows_unit {
    const ak_row *row;
    size_t reg;            /* register index, or AK_NO_VAR */
} ak_rows_unit;

/* The cell of variable i for unit u. */
void ak_rows_cell(const ak_rows *p, const ak_rows_unit *u, size_t i,
                  ak_rcell *c);

/* Walks the rows of the files: every validated row, then (frame) every
 * unit not seen.  Caller owns; free with ak_rows_cursor_free(). */
typedef struct ak_rows_cursor ak_rows_cursor;
ak_rows_cursor *ak_rows_cursor_new(const ak_rows *p);
void ak_rows_cursor_free(ak_rows_cursor *c);
/* The unit of validated row 'row' (marked as seen). */
void ak_rows_cursor_row(ak_rows_cursor *c, const ak_row *row,
                        ak_rows_unit *u);
/* The next unit of the register not seen (frame only): 1 and *u, or 0
 * when there is none left. */
int ak_rows_cursor_rest(ak_rows_cursor *c, ak_rows_unit *u);

/* ---- one file of the rows ------------------------------------------- */

/* Writes unit u as one row of the file; ctx is the output's own. */
typedef ak_status (*ak_rows_unit_fn)(void *ctx, const ak_rows_unit *u);

/*
 * What every row output of the respondent files shares: the plan, the
 * cursor and the file, driven as begin (ak_rows_file_open), row
 * (ak_rows_file_row) and end (ak_rows_file_rest, then the format's own
 * ending, then ak_rows_file_close).  The format writes each unit in its
 * callback 'unit'.
 */
typedef struct ak_rows_file {
    ak_rows *plan;
    ak_rows_cursor *cur;
    ak_outdir *o;
    ak_diags *d;
    char *name;            /* "svar-2008.csv" */
    char *shown;           /* the name as diagnostics show it */
    FILE *f;               /* open for writing */
    char *text;            /* room for a cut text cell and its NUL:
                              AK_ROWS_TEXT_MAX + 65 bytes */
    ak_rows_unit_fn unit;
    void *ctx;
    int io_unreported;     /* AK_ERR_IO from 'unit' means a write error
                              not yet reported: close reports it */
} ak_rows_file;

/*
 * Begin: takes over name (NULL: out of memory), makes the plan for r
 * (ak_rows_new, renames not noted), the cursor and the text buffer, and
 * opens the file in o for writing (a failure is reported into d).  rf is
 * filled from zero; ak_rows_file_close() must follow, even when this
 * fails.  Returns AK_OK or the error.
 */
ak_status ak_rows_file_open(ak_rows_file *rf, const ak_report *r, char *name,
                            ak_outdir *o, ak_diags *d, ak_rows_unit_fn unit,
                            void *ctx);
/* Row: the unit of validated row 'row', written by 'unit'. */
ak_status ak_rows_file_row(ak_rows_file *rf, const ak_row *row);
/* End, first part: while st is AK_OK, the units not seen (frame only),
 * written by 'unit'.  Returns the new status. */
ak_status ak_rows_file_rest(ak_rows_file *rf, ak_status st);
/* End, last part: closes the file (a failure is reported into d when st
 * is AK_OK, or AK_ERR_IO with io_unreported) and frees what open made.
 * Returns the new status. */
ak_status ak_rows_file_close(ak_rows_file *rf, ak_status st);

/* ---- labels within a format's limits --------------------------------- */

/*
 * s cut to at most max_bytes bytes and max_chars characters (0: no
 * limit), on a UTF-8 character boundary.  Returns the new length; *cut is
 * 1 when something was cut.
 */
size_t ak_rows_fit(const char *s, size_t max_bytes, size_t max_chars,
                   int *cut);

/*
 * Report a cut label as a note: rule "output", file 'shown', question
 * as given (may be NULL), message naming 'what' (Danish, e.g.
 * "variabeletiketten") and the limit ("256 bytes").  Returns 0, or -1 when
 * out of memory.
 */
int ak_rows_note_cut(ak_diags *d, const char *shown, const char *question,
                     const char *unit, const char *what, const char *limit);

#endif
