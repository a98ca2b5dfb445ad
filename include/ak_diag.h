/*
 * ak_diag: the list every pipeline stage reports its diagnostics into.
 *
 * Stages never print and never exit: they append to an ak_diags list and
 * return a status.  Only the CLI decides what is printed and the exit code.
 * The list holds one entry per problem reported (its strings in one
 * allocation), so its memory grows with the number of problems in the
 * input, not with the number of rows.
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
 * their order (no copy: dst takes them over); src is left empty, the ones
 * before 'from' freed.  A lost diagnostic of src counts as lost in dst.
 * Returns 0, or -1 when out of memory (src is then left as it was and dst
 * remembers the loss).  For merging the lists of parts read in parallel.
 */
int ak_diags_move(ak_diags *dst, ak_diags *src, size_t from);

size_t ak_diags_count(const ak_diags *d);
/* Borrowed pointer, valid until the list is freed. */
const ak_diag *ak_diags_get(const ak_diags *d, size_t i);
size_t ak_diags_count_sev(const ak_diags *d, ak_severity sev);
/* Nonzero when an append failed for lack of memory. */
int ak_diags_lost(const ak_diags *d);

/*
 * The diagnostics in report order, the one order every output lists them
 * in: those about the file as a whole (no unit) first, in input order;
 * then by unit (ids of at most 18 digits by number, before other ids by
 * text) and, within a unit, in input order.  *out is a new array of
 * pointers borrowed from d (caller frees the array with ak_free()); *n is
 * its length.  Returns 0, or -1 when out of memory.
 */
int ak_diags_order(const ak_diags *d, const ak_diag ***out, size_t *n);

/* Nonzero when a and b are about the same unit (or both about none). */
int ak_diag_same_unit(const ak_diag *a, const ak_diag *b);

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
