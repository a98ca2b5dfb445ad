/*
 * ak_validate: the second pipeline stage.  Applies the codebook's routing
 * and rules to each ingested row, settles every answer in one of the four
 * states (ak_state), and reports each problem into the diagnostics list
 * with the municipality (number and name) and the question as printed.
 *
 * Rules (spec sections 1-2):
 *  - id: missing, unknown (not in the register, when the codebook names
 *    one) or duplicate respondent id: fatal.
 *  - name: a 'kommune' that does not match its number's name: warning.
 *  - type: a value that breaks its type: warning, treated as not answered
 *    (state AK_INVALID; an invalid filter makes its follow-ups not asked).
 *  - routing: an answer where asked_if is false: warning, ignored (state
 *    AK_NOT_ASKED: the filter wins).  Routing is evaluated in codebook
 *    order on the already settled states.
 *  - block: checkbox blocks per spec section 1: a block asked but left
 *    entirely empty is not answered (its boxes Uoplyst); once any box is
 *    filled, its empty boxes count as not marked.  A partly filled block is
 *    that defined meaning, not a problem: it is counted as passed and
 *    reported nowhere else (no diagnostic per respondent).
 *  - q12 sum: a group's Q12 sum that differs from its q1_1 count: warning.
 *    (Expressed as data: see the codebook's 'check' rules; no question name
 *    is known to C.)
 * Validation never exits and never prints.
 *
 * Diagnostics: rule "id" (fatal), "name", "type", "routing" and "check"
 * (warnings), "file" (fatal: no data rows, reported by
 * ak_validate_finish() unless an earlier fatal problem explains it).  Each
 * one about an answer carries the unit, its register name, the question as
 * printed, the raw value (never of a pii column), a Danish message and the
 * action taken.
 *
 * Memory: a validator holds the codebook's plan, the per-rule counters and
 * the set of ids seen (about 25 bytes per respondent, for the duplicate
 * check); nothing else grows with the number of rows.  The diagnostics
 * list grows with the number of problems found (one entry per problem).
 *
 * Summary (ak_rule_stat): one line per fixed rule (id, name, type,
 * routing, block; the name rule only with a register and a name column)
 * and one per distinct check rule id, in codebook order.
 * For each respondent a rule applies to, 'checked' counts one and exactly
 * one of: 'failed' (the rule reported something), else 'blank' (it met a
 * blank answer: a Uoplyst question, a filter left blank, an empty block, a
 * blank name), else 'passed'.  The block rule never fails (see above).
 */
#ifndef AK_VALIDATE_H
#define AK_VALIDATE_H

#include <stdio.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_value.h"
#include "ak_status.h"

/* Per-rule summary line of the validation report. */
typedef struct ak_rule_stat {
    const char *rule;      /* rule id, e.g. "routing" */
    const char *label;     /* Danish description of the rule */
    long checked;          /* respondents the rule was checked for */
    long passed;
    long failed;
    long blank;            /* respondents where the rule met a blank answer */
} ak_rule_stat;

typedef struct ak_validator ak_validator;

/*
 * A validator for rows of input 'name' against cb; reg may be NULL when
 * the codebook's id has no register.  All arguments are borrowed and must
 * outlive the validator.  Caller owns; free with ak_validate_free().
 */
ak_validator *ak_validate_new(const ak_codebook *cb, const ak_register *reg,
                              const char *name, ak_diags *d);
void ak_validate_free(ak_validator *v);

/* Settle the states of one row in place and report its problems.  Returns
 * AK_OK or AK_ERR_NOMEM; problems are diagnostics, not statuses. */
ak_status ak_validate_row(ak_validator *v, ak_row *row);

/*
 * Repeated ids settled by keeping each one's last row (`--keep-last`).  A
 * first pass over the input records every id's last line with
 * ak_lastrows_add() (rows as ingested, before validation); a validator
 * given the table by ak_validate_keep_last() then reports each earlier row
 * of a repeated id as a warning (rule "id") naming both lines, validates
 * it no further and does not count it (ak_validate_rows(),
 * ak_validate_stats()); ak_validate_superseded() says so for the row just
 * validated, whose states are then not settled: the caller must not use
 * it.  Without a table a repeated id stays fatal.
 */
typedef struct ak_lastrows ak_lastrows;

/* An empty table; caller owns, free with ak_lastrows_free(). NULL on OOM. */
ak_lastrows *ak_lastrows_new(void);
ak_status ak_lastrows_add(ak_lastrows *l, const ak_codebook *cb,
                          const ak_row *row);
void ak_lastrows_free(ak_lastrows *l);
/* last is borrowed and must outlive v. */
void ak_validate_keep_last(ak_validator *v, const ak_lastrows *last);

/* The rows were validated once already, without a repeated id (the row
 * outputs' second pass over the same file): v settles states and reports
 * as before but keeps no set of the ids seen, so that the second pass
 * needs no memory that grows with the rows. */
void ak_validate_again(ak_validator *v);
int ak_validate_superseded(const ak_validator *v);
/* Rows reported as a fatal repeated id (0 with a keep-last table). */
long ak_validate_duplicates(const ak_validator *v);

/* End of input: reports "no data rows" and the like. */
ak_status ak_validate_finish(ak_validator *v);

/* The respondent id and register name of the row last validated (borrowed
 * until the next ak_validate_row); name may be NULL. */
const char *ak_validate_unit(const ak_validator *v);
const char *ak_validate_unit_name(const ak_validator *v);

/* The input name given to ak_validate_new() (borrowed). */
const char *ak_validate_input_name(const ak_validator *v);

/*
 * The word that heads a respondent's problems in the report: the
 * codebook's, ak_codebook_unit_word() ("Kommune" where the codebook names
 * a register and a name variable, else the id question, such as
 * "Respondentnummer").  Borrowed.
 */
const char *ak_validate_unit_word(const ak_validator *v);

/*
 * Merge src, a validator of a later part of the same input (same codebook
 * and register), into dst as though dst had validated src's rows after its
 * own: rows, rule counters and repeated ids (ak_validate_duplicates())
 * add, the data note stays dst's when it has
 * one, and src's ids join dst's set.  Diagnostics are not touched (move
 * src's list after dst's: ak_diags_move()).  Returns 0; 1 when an id of
 * src was already in dst (a duplicate across the parts, which src could
 * not report: the caller must then validate the whole input in one go to
 * report it where one reading would); -1 when out of memory.  src is left
 * as it was.
 */
int ak_validate_merge(ak_validator *dst, const ak_validator *src);

/* Rows validated. */
long ak_validate_rows(const ak_validator *v);

/* The per-rule summary, in a fixed order; borrowed, valid until the next
 * call or ak_validate_free(). */
size_t ak_validate_stats(const ak_validator *v, const ak_rule_stat **stats);

/* The first non-empty value of the codebook's note variable (a note the
 * data carries, e.g. that it is synthetic), or NULL.  Borrowed. */
const char *ak_validate_datanote(const ak_validator *v);

#endif
