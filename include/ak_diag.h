/*
 * ak_diag: the list every pipeline stage reports its diagnostics into.
 *
 * Stages never print and never exit: they append to an ak_diags list and
 * return a status.  Only the CLI decides what is printed and the exit code.
 * The list holds one entry per problem reported (its strings in one
 * allocation) until they take AK_DIAGS_MEM bytes; then it sorts them in
 * report order and writes them as one run to a temporary file (made in
 * $TMPDIR and unlinked at once, so nothing is left behind), and starts
 * again.  Its memory is thus bounded whatever the number of problems: the
 * readers (ak_diags_iter) merge the runs from the file.  When no temporary
 * file can be made or written, the list keeps its entries in memory.
 * Messages are Danish, lowercase, without a final full stop, and quote the
 * thing they name ('q2a').  Contact persons' data (codebook type pii) must
 * never be put into a diagnostic.
 */
#ifndef AK_DIAG_H
#define AK_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum ak_severity {
    AK_SEV_NOTE = 0,   /* information; does not change the exit code */
    AK_SEV_WARNING,    /* a problem the run survives (exit 1 for validate) */
    AK_SEV_FATAL       /* the run cannot produce output (exit 2) */
} ak_severity;

/*
 * One diagnostic.  All strings may be NULL.  In a list every string is
 * owned by the list.
 */
typedef struct ak_diag {
    ak_severity sev;
    const char *rule;   /* static rule id, e.g. "routing", "type", "header" */
    char *file;         /* input, codebook or template file name */
    long line;          /* 1-based; 0 = not about a line */
    long col;           /* 1-based; 0 = not about a column */
    char *unit;         /* respondent id (kommunenr) as given */
    char *unit_word;    /* what the id is, as the codebook words it
                           ("Kommune", "Respondentnummer"); NULL: none */
    char *unit_name;    /* its name from the register, e.g. "København" */
    char *question;     /* the question as printed on the form, e.g. "2.1a" */
    char *value;        /* the raw value, unsanitised (renderers neutralise) */
    char *message;      /* what is wrong, Danish */
    char *action;       /* what the engine did, Danish, e.g. "ignoreret" */
    char *context;      /* the source line, for a caret display */
    char *column;       /* the input column the problem is in, as the
                           codebook names it ("q14a"); NULL: none */
} ak_diag;

typedef struct ak_diags ak_diags;

/* The bytes a list keeps in memory before it writes them to its temporary
 * file.  The hidden environment variable AK_DIAGS_MEM_BYTES=n (read when a
 * list is made; for tests) sets another limit. */
#define AK_DIAGS_MEM (4L << 20)

/* A new empty list; caller owns, free with ak_diags_free().  NULL on OOM. */
ak_diags *ak_diags_new(void);
void ak_diags_free(ak_diags *d);

/*
 * Append a copy of *tmpl (strings are copied, rule is borrowed: it must be
 * static).  Returns 0, or -1 when out of memory; the list then remembers
 * that it lost a diagnostic (ak_diags_lost()) and the caller should return
 * AK_ERR_NOMEM.
 */
int ak_diags_add(ak_diags *d, const ak_diag *tmpl);

/* Append a diagnostic with only a location and a printf-style message. */
int ak_diags_addf(ak_diags *d, ak_severity sev, const char *rule,
                  const char *file, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/*
 * Move the diagnostics of src from index 'from' on to the end of dst, in
 * their order (from memory without a copy: dst takes them over; from
 * src's file by copying); src is left empty, the ones before 'from'
 * dropped.  A lost diagnostic of src counts as lost in dst.  Returns 0, or
 * -1 when out of memory (dst then remembers the loss).  For merging the
 * lists of parts read in parallel.
 */
int ak_diags_move(ak_diags *dst, ak_diags *src, size_t from);

/*
 * Keep only the first n diagnostics (for a reading that is redone from
 * the start).  0, or -1 when out of memory or a reader is open (the list
 * is then unchanged).
 */
int ak_diags_truncate(ak_diags *d, size_t n);

/* Every diagnostic added, in memory or in the file. */
size_t ak_diags_count(const ak_diags *d);
/*
 * The i-th diagnostic added, when it is still in memory (always, for a
 * list that never reached AK_DIAGS_MEM bytes); NULL otherwise.  Borrowed,
 * valid until the next append or the list is freed.  Readers of a list
 * that may be long use an ak_diags_iter.
 */
const ak_diag *ak_diags_get(const ak_diags *d, size_t i);
size_t ak_diags_count_sev(const ak_diags *d, ak_severity sev);
/* Nonzero when an append failed for lack of memory. */
int ak_diags_lost(const ak_diags *d);
/* Another memory limit for d (bytes), unless AK_DIAGS_MEM_BYTES set one:
 * for lists that live side by side (the parallel reader's parts). */
void ak_diags_set_limit(ak_diags *d, size_t bytes);

/*
 * While held (holds nest), the list writes nothing to its file: what is
 * added meanwhile stays in memory, where ak_diags_get reaches it without
 * allocating (the CLI tells the outputs' notes after its commit so).
 * Release once per hold.
 */
void ak_diags_hold(ak_diags *d);
void ak_diags_release(ak_diags *d);

/* Nonzero when some diagnostics are in the temporary file (for tests and
 * the bench: the list reached AK_DIAGS_MEM bytes). */
int ak_diags_spilled(const ak_diags *d);

/*
 * A reader of a list, in one of two orders:
 *  - AK_DIAGS_INPUT: the order they were added in;
 *  - AK_DIAGS_REPORT: the one order every output lists them in: those
 *    about the file as a whole (no unit) first, in input order; then by
 *    unit (ids of at most 18 digits by number, before other ids by text)
 *    and, within a unit, in input order.
 * A reader sees the diagnostics the list had when the reader was made;
 * the list may grow meanwhile (it keeps later ones in memory until its
 * last reader is freed).  It needs memory for one run of the file at a
 * time (AK_DIAGS_INPUT) or a small buffer per run (AK_DIAGS_REPORT).
 */
typedef enum ak_diags_order_by { AK_DIAGS_INPUT, AK_DIAGS_REPORT } ak_diags_order_by;
typedef struct ak_diags_iter ak_diags_iter;

/* A new reader; caller owns, free with ak_diags_iter_free() (before the
 * list).  NULL when out of memory. */
ak_diags_iter *ak_diags_iter_new(const ak_diags *d, ak_diags_order_by order);
/*
 * The next diagnostic, or NULL at the end (or on failure: see
 * ak_diags_iter_failed).  Borrowed, valid until the next call.  *seq (when
 * not NULL) gets its index in input order (as ak_diags_get counts).
 */
const ak_diag *ak_diags_next(ak_diags_iter *it, size_t *seq);
/* Nonzero when the reader stopped for lack of memory or a read error of
 * the temporary file: the caller reports AK_ERR_NOMEM. */
int ak_diags_iter_failed(const ak_diags_iter *it);
void ak_diags_iter_free(ak_diags_iter *it);

/*
 * For a writer that heads each unit's group of a list read in report
 * order: remembers the unit of the diagnostic before (a copy: a reader's
 * diagnostic lives only until the next).  Start from {0}; free with
 * ak_diag_group_clear().
 */
typedef struct ak_diag_group {
    char *unit;
    int started;
} ak_diag_group;
/* 1 when g begins a group (the first, or another unit than the one
 * before), 0 when not, -1 when out of memory. */
int ak_diag_group_begins(ak_diag_group *gr, const ak_diag *g);
void ak_diag_group_clear(ak_diag_group *gr);

/* Characters (UTF-8 code points) in the first n bytes of s, stopping at a
 * NUL: what a column number of a diagnostic counts. */
long ak_utf8_chars(const char *s, size_t n);

/* one when n is 1, else many: "1 advarsel", "2 advarsler".  The one
 * place a count chooses its noun's number. */
const char *ak_plural(long n, const char *one, const char *many);

/* "fejl", "advarsel" or "bemærkning". */
const char *ak_severity_name(ak_severity sev);

/*
 * Print one diagnostic in the compiler style
 *   file:line:col: fejl: [unit, ][spørgsmål Q (kolonne C): ]message[ (action)]
 *       source line
 *       ^
 * where unit is the unit word with a small first letter (ASCII only), the
 * id and the name ("kommune 101 København", "respondentnummer 17"; the
 * bare id without a unit word).  Location parts that are unknown, and the
 * source line without a context, are left out.
 */
void ak_diag_print(const ak_diag *dg, FILE *f);

/* Print every diagnostic of at least min severity, in order. */
void ak_diags_print(const ak_diags *d, ak_severity min, FILE *f);

#endif
