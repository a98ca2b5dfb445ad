/*
 * Table templates: a line-oriented language driven by a keyword table.  See
 * include/ak_template.h for the interface and templates/README.md for the
 * language.  A file is read statement by statement (one per line).  Each
 * keyword has an argument signature in the keyword table; the generic
 * statement reader checks it, and a small handler stores the arguments.
 * Expressions are kept as source (with their location) until the end of
 * the file, when the whole table is known, and are then compiled once per
 * column (and per row where rows carry bindings).  Cross-file checks
 * (sections, ids, order) run when every file has been read.
 *
 * This header is private to src/template/: the types and functions the
 * phases of the template language share.  The phases, one file each:
 *   placeholder.c  {year}, {cell:...}: finding and expanding placeholders
 *                  in texts (a pure leaf: tabulation calls it at run time)
 *   lex.c          the parser state, diagnostics and the lexer (tokens)
 *   parse.c        the keyword table, the statement reader and the handlers
 *                  that store each statement's arguments
 *   compile.c      at the end of a file: expressions compiled, the table
 *                  laid out and checked
 *   load.c         reading files and the directory, cross-file checks (the
 *                  link step) and the finished table set
 */
#ifndef AK_TPL_H
#define AK_TPL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "ak_mem.h"
#include "ak_prose.h"
#include "ak_template.h"

/* ---- placeholders ---- */

typedef struct tpl_phdef {
    const char *name;
    ak_tpl_ph ph;
    int nargs;
    int computed;   /* only in notes: needs the tabulated numbers */
} tpl_phdef;
extern const tpl_phdef tpl_placeholders[];
extern const size_t TPL_NPLACEHOLDERS;

typedef struct phref {
    size_t start, end;      /* byte offsets of '{' and just after '}' */
    const char *part[4];    /* name, then arguments (split on ':') */
    size_t plen[4];
    int nparts;             /* 1..4; 4 means "too many" */
} phref;

typedef ak_sbuf sbuf;

/* ---- lexer --------------------------------------------------------------- */

typedef enum { TK_WORD, TK_STRING, TK_ATTR } tk_kind;

typedef struct tok {
    tk_kind kind;
    char *text;       /* word, string content, or attribute name */
    char *value;      /* attribute value (unquoted), else NULL */
    int vquoted;      /* attribute value was a quoted string */
    size_t off;       /* byte offset of the token in the line */
    size_t voff;      /* byte offset of the value's first character */
} tok;

/* Free a token's strings and clear it. */
void tpl_tok_clear(tok *t);


/* ---- parser state ------------------------------------------------------ */

enum { SC_SET = 1, SC_TABLE = 2, SC_FIGURE = 4, SC_TEXT = 8 };

/* An expression kept as source until the table is complete. */
typedef struct srcx {
    char *text;       /* NULL when absent */
    long line, col;
    char *ctx;        /* the source line */
} srcx;

typedef struct loc {
    long line, col;
    char *ctx;
} loc;

typedef struct brow {
    srcx cond;
    ak_binding *bind;
    size_t nbind;
    srcx sum;         /* the row's sum= term; text NULL when absent */
    size_t of_n;      /* of=N: the 1-based row, checked at the end */
    loc of_at;
    loc key_at;       /* where the key was declared, else the label */
} brow;

typedef struct bcol {
    srcx base, cell;
} bcol;

/* A table under construction plus what the cross-file checks need. */
typedef struct btable {
    ak_tpl_table *t;
    srcx base;
    bcol *bcols;
    size_t bcolcap;
    brow *brows;
    size_t browcap;
    srcx *bmeas;      /* gennemsnit variable / sum term per measure */
    size_t measurecap;
    loc *bnotes;
    size_t notecap;
    size_t colcap;
    char *section_key;
    loc section_at, order_at, id_at;
    int has_order;
} btable;

typedef struct bsection {
    char *key;
    char *heading;
    char *parent;
    loc at, parent_at;
} bsection;

/* A text statement with its file's order, for the document order. */
typedef struct bdoc {
    ak_tpl_doc d;
    unsigned order[8];
    size_t norder;
    size_t seq;            /* statement number over all files */
    long name_col;         /* place: column of the table id */
} bdoc;

typedef struct pstate {
    const ak_codebook *cb;
    ak_diags *d;
    ak_status st;          /* AK_OK, AK_ERR_SYNTAX or AK_ERR_NOMEM */
    /* current file and line */
    const char *file;
    long lineno;
    const char *line;      /* NUL-terminated, without line end */
    int scope;             /* 0 until the first statement */
    long once_line[48];    /* where each once-keyword was given */
    btable *cur;
    /* results */
    btable *tables;
    size_t ntables, tablecap;
    bsection *sections;
    size_t nsections, sectioncap;
    char *report_title;
    char *rounding_note;
    char *meta[AK_META_COUNT];
    int have_set;
    char *set_file;
    /* text files */
    bdoc *docs;
    size_t ndocs, doccap;
    unsigned text_order[8];
    size_t text_norder;
    ak_tpl_colophon *colophon;
    size_t ncolophon, colophoncap;
} pstate;


/* A fatal template diagnostic at byte offset off of the current line
 * (off = (size_t)-1: no column). */
void tpl_err_at(pstate *p, long line, long col, const char *ctx,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#define ERR(p, off, ...)                                                     \
    tpl_err_at((p), (p)->lineno, tpl_char_col((p)->line, (off)), (p)->line,          \
           __VA_ARGS__)


typedef struct arg {
    tok t;                 /* W, S, s (t.text NULL when absent) */
    tok *attrs;            /* A, B */
    size_t nattrs, attrcap;
    const char *expr;      /* E, e: points into the line; NULL if absent */
    size_t elen, eoff;
} arg;

#define MAX_ARGS 4

typedef struct kwdef kwdef;
typedef void (*kw_fn)(pstate *p, const kwdef *k, arg *a, size_t kwoff);

struct kwdef {
    const char *name;
    unsigned scope;        /* where it may stand */
    const char *sig;
    int once;              /* at most once per file */
    int starts;            /* begins a file: decides its scope */
    kw_fn fn;
};

/* ---- shared functions ---- */

void tpl_btable_clear(btable *b);
long tpl_char_col(const char *line, size_t off);
void tpl_check_note(pstate *p, const ak_tpl_table *t, const char *s,
                       const loc *l);
char *tpl_derive_key(const char *label);
char *tpl_dup_or_nomem(pstate *p, const char *s);
void tpl_finish_doc(pstate *p, ak_tableset *ts);
void tpl_finish_table(pstate *p);
void tpl_free_bindings(ak_binding *b, size_t n);
int tpl_grow_pair(void *ap, size_t asz, void *bp, size_t bsz, size_t *cap,
                     size_t n);
int tpl_is_ident_char(int c);
int tpl_lex_tok(pstate *p, size_t *i, tok *t);
int tpl_loc_set(pstate *p, loc *l, size_t off);
int tpl_next_ph(const char *s, size_t *pos, phref *r);
void tpl_nomem(pstate *p);
int tpl_ph_lookup(const phref *r);
size_t tpl_skip_blank(const char *s, size_t i);
void tpl_srcx_free(srcx *s);
void tpl_statement(pstate *p);
void tpl_table_clear(ak_tpl_table *t);
void tpl_table_free(ak_tpl_table *t);
size_t tpl_term_operands(const char *s);
void tpl_sb_int(sbuf *b, long long v);

#endif
