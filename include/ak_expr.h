/*
 * ak_expr: the expression language shared by the codebook's routing
 * conditions (asked_if) and the table templates (bases, columns, rows).
 *
 * Grammar (whitespace between tokens is free):
 *
 *   expr    := and ( '|' and )*
 *   and     := unary ( '&' unary )*
 *   unary   := '!' unary | '(' expr ')' | 'true' | 'false'
 *            | bool-fn '(' IDENT ')'
 *            | num ( cmp num | 'in' NUMBER '..' NUMBER )
 *   cmp     := '=' | '!=' | '<' | '<=' | '>' | '>='
 *   num     := NUMBER | IDENT | 'sum' '(' IDENT ( ',' IDENT )* ')'
 *   bool-fn := 'missing' | 'answered' | 'asked'
 *   NUMBER  := digits [ '.' digit ]        (one decimal at most)
 *   IDENT   := ( [A-Za-z0-9_] | '{' name '}' )+   a codebook variable
 *
 * '{name}' inside an identifier is replaced by a binding the caller gives
 * (templates bind {g} to "a" or "b" per column, for instance), so one row
 * expression serves both groups.  Identifiers are matched to the codebook
 * case-insensitively; an unknown one is a syntax error.
 *
 * Values: every numeric value is held in tenths (int64): yesno Ja = 1 and
 * Nej = 2, checkbox marked = 1 and unmarked = 0, counts, and decimals rounded
 * half up to one decimal.  A variable has a value only when its state is
 * AK_ANSWERED; otherwise it is missing.
 *
 * Semantics: any comparison with a missing operand is false (so 'q2a!=1'
 * is false when q2a is missing; '!(q2a=1)' is true).  'x in 1.1..2' is
 * 1.1 <= x <= 2 (both ends inclusive).  missing(x): x is not answered (not
 * asked, blank or invalid); answered(x) is its negation; asked(x): the
 * routing asked x.  sum(a, b, ...) adds the answered operands, a missing
 * one counting as 0, and is never missing.
 */
#ifndef AK_EXPR_H
#define AK_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_status.h"
#include "ak_value.h"

/* One {name} -> value substitution for identifiers. */
typedef struct ak_binding {
    const char *name;
    const char *value;
} ak_binding;

/*
 * Where an expression's text sits in its file, for diagnostics: the file
 * name, the 1-based line, the 1-based column (in characters) of the
 * expression's first character, and the whole source line (for the caret).
 * All borrowed for the duration of the call.
 */
typedef struct ak_srcloc {
    const char *file;
    long line;
    long col;
    const char *line_text;
} ak_srcloc;

/*
 * Parse src (len bytes; not NUL-terminated necessarily) against the
 * codebook.  Variables may only refer to codebook indices < max_var (pass
 * cb->nvars for no restriction; the codebook passes a variable's own index
 * so that routing refers only to earlier questions).  On success *out is a
 * new expression the caller owns (free with ak_expr_free()).  On failure a
 * fatal diagnostic with file:line:column is added and AK_ERR_SYNTAX (or
 * AK_ERR_NOMEM) is returned.
 */
ak_status ak_expr_parse(const char *src, size_t len,
                        const ak_codebook *cb, size_t max_var,
                        const ak_binding *bind, size_t nbind,
                        const ak_srcloc *loc, ak_expr **out, ak_diags *d);

void ak_expr_free(ak_expr *e);

/* Evaluate against one respondent's values (indexed like the codebook).
 * Never allocates; a few instructions for a simple condition. */
int ak_expr_eval(const ak_expr *e, const ak_value *vals);

/*
 * Nonzero when a and b are the same condition (the same compiled form over
 * the same variables), so that they give the same result on every row:
 * a caller can evaluate a condition that occurs many times once per row.
 */
int ak_expr_same(const ak_expr *a, const ak_expr *b);

/*
 * A pool of conditions that are evaluated together, row after row (a
 * validator's routing conditions, the templates' bases and rows).  Adding
 * a condition that is the same as one already in the pool
 * (ak_expr_same()) gives that one's number, so each distinct condition is
 * kept once; the programs are copied into one block, so evaluating the
 * whole pool touches little memory.  The expressions added are borrowed
 * and must outlive the pool.
 */
typedef struct ak_expr_pool ak_expr_pool;

/* Caller owns; free with ak_expr_pool_free().  NULL on OOM. */
ak_expr_pool *ak_expr_pool_new(void);
void ak_expr_pool_free(ak_expr_pool *p);
/* The number of e in p, 0-based and dense (e is added when new), or
 * (size_t)-1 when out of memory. */
size_t ak_expr_pool_add(ak_expr_pool *p, const ak_expr *e);
size_t ak_expr_pool_count(const ak_expr_pool *p);
/* The expression of number i (the first one added of its kind). */
const ak_expr *ak_expr_pool_get(const ak_expr_pool *p, size_t i);
/* Evaluate condition number i: the same as ak_expr_eval() of it. */
int ak_expr_pool_eval(const ak_expr_pool *p, size_t i,
                      const ak_value *vals);

/*
 * The codebook indices the expression reads, each once, in first-use order.
 * Borrowed, valid while e lives.
 */
size_t ak_expr_vars(const ak_expr *e, const size_t **vars);

/* Write a canonical text form into buf (for messages and tests). */
void ak_expr_format(const ak_expr *e, const ak_codebook *cb,
                    char *buf, size_t size);

/*
 * Write the condition in Danish for a person, with questions as printed on
 * the form and codes as words: "2a = Ja", "9.a = Ja eller 9.b = Ja",
 * "1.1a er ubesvaret".  Used in validation messages.
 */
void ak_expr_describe(const ak_expr *e, const ak_codebook *cb,
                      char *buf, size_t size);

#endif
