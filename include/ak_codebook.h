/*
 * ak_codebook: the survey's variables (types, routing, the question as
 * printed on the form, Danish labels) and the register of valid respondent
 * ids (kommuner.csv), both loaded at run time from data/.
 *
 * Codebook file format (CSV, UTF-8, header required, columns in any order):
 *   variable   name of the input column (matched case-insensitively):
 *              letters a-z, digits and '_', at most AK_MAX_VAR_NAME
 *   question   the question as printed on the form, e.g. "2.1a"
 *   type       id | name | pii | note | yesno | checkbox | count | decimal | text
 *   asked_if   routing condition in the ak_expr language; empty = always
 *              asked; it may only refer to variables listed before it
 *   label      Danish label; may hold {year} and {prev_year}
 *   block      checkbox variables with the same block name form one block
 *              (spec section 1: a block asked but entirely empty is not
 *              answered); empty for other types
 *   register   for the id variable: the register its values must belong to
 *              ("kommuner"), or empty for a respondent number that need only
 *              be unique in the file
 * Exactly one id variable.  Types id, yesno, checkbox, count, decimal and
 * text are question columns the input must have; name, pii and note are
 * optional columns.  pii columns are never read into any output.
 */
#ifndef AK_CODEBOOK_H
#define AK_CODEBOOK_H

#include <stddef.h>
#include <stdint.h>

#include "ak_diag.h"
#include "ak_status.h"

/* A parsed condition (ak_expr.h); the codebook only holds it.  The
 * expression language reads this vocabulary, so this header does not
 * include ak_expr.h: the dependency runs one way. */
typedef struct ak_expr ak_expr;

typedef enum ak_type {
    AK_T_ID, AK_T_NAME, AK_T_PII, AK_T_NOTE,
    AK_T_YESNO, AK_T_CHECKBOX, AK_T_COUNT, AK_T_DECIMAL, AK_T_TEXT
} ak_type;

#define AK_NO_VAR ((size_t)-1)
/* Variable names: a-z, 0-9 and '_' (any case in files), at most this long. */
#define AK_MAX_VAR_NAME 64

typedef struct ak_var {
    char *name;          /* lower-case */
    char *question;      /* as printed on the form */
    ak_type type;
    char *asked_if_src;  /* "" when always asked */
    ak_expr *asked_if;   /* NULL when always asked */
    char *label;
    size_t block;        /* index into blocks, or AK_NO_VAR */
    long line;           /* line in the codebook file */
} ak_var;

typedef struct ak_block {
    char *name;
    size_t *vars;        /* codebook indices, in codebook order */
    size_t nvars;
} ak_block;

/*
 * A cross-field check (checks file, see ak_codebook_load_checks): for a
 * respondent where 'when' holds and 'assert' does not, validation warns
 * with 'message' about 'question'.
 */
typedef struct ak_check {
    char *rule;          /* rule id, e.g. "q12sum" */
    char *question;      /* question as printed, e.g. "12 (social boform)" */
    ak_expr *when;
    ak_expr *assert_;
    char *message;       /* Danish */
    char *label;         /* Danish description for the rule summary */
    long line;
} ak_check;

typedef struct ak_codebook {
    char *file;
    ak_var *vars;
    size_t nvars;
    ak_block *blocks;
    size_t nblocks;
    size_t id_var;       /* the id variable */
    size_t name_var;     /* the name variable, or AK_NO_VAR */
    size_t note_var;     /* the data note variable, or AK_NO_VAR */
    char *id_register;   /* e.g. "kommuner", or NULL: unique numbers only */
    ak_check *checks;    /* cross-field checks, in file order */
    size_t nchecks;
    void *priv_;         /* lookup table; private */
} ak_codebook;

/*
 * Parse a codebook from memory (name is used in diagnostics).  On success
 * *out is a new codebook the caller owns (free with ak_codebook_free()).
 * Every problem is reported with file:line:column; any fatal one fails the
 * load with AK_ERR_SYNTAX.
 */
ak_status ak_codebook_parse(const char *buf, size_t len, const char *name,
                            ak_codebook **out, ak_diags *d);
/* Read and parse a codebook file; AK_ERR_IO if it cannot be read. */
ak_status ak_codebook_load(const char *path, ak_codebook **out, ak_diags *d);
void ak_codebook_free(ak_codebook *cb);

/*
 * Add the cross-field checks of a checks file to cb.  Format (CSV, header
 * required): rule,question,when,assert,label,message — 'when' and 'assert'
 * in the ak_expr language over the codebook's variables.  Problems are
 * reported with file:line:column (AK_ERR_SYNTAX).
 */
ak_status ak_codebook_parse_checks(ak_codebook *cb, const char *buf,
                                   size_t len, const char *name,
                                   ak_diags *d);
ak_status ak_codebook_load_checks(ak_codebook *cb, const char *path,
                                  ak_diags *d);

/*
 * What a respondent is called in messages: with a register and a name
 * variable, the name variable's question ("Kommune"); otherwise the id
 * variable's question ("Respondentnummer").  Borrowed.
 */
const char *ak_codebook_unit_word(const ak_codebook *cb);

/* Index of a variable by name (case-insensitive, len bytes), or AK_NO_VAR. */
size_t ak_codebook_find(const ak_codebook *cb, const char *name, size_t len);

/* "yesno", "count", ... */
const char *ak_type_name(ak_type t);
/* The type called name (any case) into *out: 0, or -1 when unknown. */
int ak_type_parse(const char *name, ak_type *out);
/* Nonzero for the types the input must carry as a column. */
int ak_type_required(ak_type t);
/* The word of coded value 'tenths' of type t: "Ja"/"Nej" (yesno 10/20),
 * "markeret"/"ikke markeret" (checkbox 10/0); NULL for any other.  The one
 * place these words are spelt (messages, conditions in words, labels). */
const char *ak_type_value_label(ak_type t, int64_t tenths);

/*
 * The register of valid respondent ids: kommuner.csv with the columns
 * kommunenr, kommune and optionally region (other columns ignored).
 */
typedef struct ak_register ak_register;

/* Caller owns *out; free with ak_register_free(). */
ak_status ak_register_parse(const char *buf, size_t len, const char *name,
                            ak_register **out, ak_diags *d);
ak_status ak_register_load(const char *path, ak_register **out, ak_diags *d);
void ak_register_free(ak_register *r);
/* The name registered for id (exact match after trimming), or NULL.
 * Borrowed, valid while r lives. */
const char *ak_register_name(const ak_register *r, const char *id);
size_t ak_register_count(const ak_register *r);
/* Unit i's id, name and region ("" without a region column); i less than
 * ak_register_count().  Units keep the order of the file.  Borrowed, valid
 * while r lives. */
const char *ak_register_id_at(const ak_register *r, size_t i);
const char *ak_register_name_at(const ak_register *r, size_t i);
const char *ak_register_region_at(const ak_register *r, size_t i);

#endif
