/*
 * ak_prose: the report's text.  Builds the document (ak_results.blocks:
 * headings, paragraphs, table places; see ak_tabulate.h) from the text
 * statements of the templates (ak_tableset.doc, templates/README.md
 * "Text"), filling every number in from the tabulated results.
 *
 * The placeholder language of paragraphs and headings ("{cell 2.2
 * row='Ja, i alt' col=social_boform}", "{pct a b}", "{band a b}",
 * "{cmp a b 'flere' 'færre' 'lige så mange'}", "{ref 2.13}", ...) is
 * evaluated here, the same code checking it at template load (without
 * results: every reference to a table, row, column or measure is resolved
 * then) and filling it in after tabulation.  C knows no word of the text:
 * quantifiers come from the bands file (data/bands.csv), number words and
 * abbreviations from the words file (data/words.csv).
 */
#ifndef AK_PROSE_H
#define AK_PROSE_H

#include <stddef.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_status.h"
#include "ak_results.h"
#include "ak_template.h"

struct ak_tableset;

/* A verbal quantifier: percents lo..hi (both included) read as text. */
typedef struct ak_band {
    int lo, hi;
    char *text;
} ak_band;

typedef struct ak_numword {
    long long n;
    char *word;
} ak_numword;

/* The word lists of the text (data/bands.csv, data/words.csv). */
typedef struct ak_words {
    size_t nbands;
    ak_band *bands;        /* in file order; the first that holds wins */
    size_t nnums;
    ak_numword *nums;      /* numbers written as words at a sentence start
                              and by {word n} */
    size_t nabbrs;
    char **abbrs;          /* words ending in '.' that end no sentence
                              ("jf.", "mfl."), lower case */
    size_t nform;
    char **fkeys, **fvals; /* 'skema': the questionnaire's words (answer
                              options per type, routing words), by key */
    char *units;           /* 'enhed,flertal': the respondents in the
                              plural ("kommuner"), or NULL */
} ak_words;

/*
 * Load the bands file (CSV with header fra,til,tekst: percent from, to,
 * text) and the words file (CSV with header art,noegle,tekst: art "tal"
 * with a number and its word, "forkortelse" with an abbreviation, "skema"
 * with a word of the questionnaire, or "enhed" with the key "flertal" and
 * what the respondents are called in the plural).
 * Either path may be NULL (no such list).  Problems are fatal diagnostics
 * with file:line.  Caller owns *out; free with ak_words_free().
 */
ak_status ak_words_load(const char *bands_csv, const char *words_csv,
                        ak_words **out, ak_diags *d);
void ak_words_free(ak_words *w);

/*
 * Check one text or expression of the templates without results: every
 * placeholder parses and names an existing table, row, column and measure
 * (and let variables defined by the earlier let statements, which are
 * registered by ak_prose_check_let()).  On error returns -1 and sets
 * *off (byte offset in s) and msg (Danish); -2 when out of memory.
 * what: 0 a text with placeholders, 1 an expression (let), 2 a condition
 * (if=).
 */
typedef struct ak_prose ak_prose;
ak_prose *ak_prose_new(const struct ak_tableset *ts, const ak_results *res,
                       const ak_words *w);
void ak_prose_free(ak_prose *px);
int ak_prose_check(ak_prose *px, const char *s, int what, const char *name,
                   size_t *off, char *msg, size_t msglen);

/*
 * Build r->blocks (and r->colophon) from the text statements of ts, or,
 * when ts has none, from the tables' chapter and section headings.
 * Problems found only with the data (a percent no band holds) are fatal
 * diagnostics with the template's file:line:column.  w may be NULL.  cb
 * (may be NULL) gives the questionnaire ('questionnaire' statement):
 * each question as printed, its answer options and its routing in words,
 * the words from w's 'skema' entries.
 * AK_OK, AK_ERR_SYNTAX or AK_ERR_NOMEM.
 */
ak_status ak_prose_document(const struct ak_tableset *ts, ak_results *r,
                            const ak_words *w, const ak_codebook *cb,
                            ak_diags *d);

/*
 * Split a heading as written ("2.1.4 Personkredsens ...") into its number
 * ("2.1.4": the first word when it starts with a digit; NULL when there is
 * none) and its text.  0, or -1 when out of memory.  Caller owns *number
 * and *text; free with ak_free().
 */
int ak_heading_split(const char *h, char **number, char **text);

#endif
