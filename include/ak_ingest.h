/*
 * ak_ingest: the first pipeline stage.  Reads a CSV export in any of the
 * dialects of spec section 1 and hands the caller one typed row at a time.
 *
 * Two layers, both streaming (memory does not grow with the row count):
 *
 *  1. A generic CSV record reader (ak_csv_*): encoding detection (UTF-8 with
 *     or without BOM, UTF-16 LE/BE with BOM, else Windows-1252 decided over
 *     the whole input, not a prefix), conversion to UTF-8, delimiter
 *     detection from the header line (',' ';' or tab), RFC 4180 quoting
 *     with embedded newlines, LF/CRLF, blank rows skipped, NUL bytes and
 *     non-text files (e.g. an xlsx renamed .csv) rejected, limits on field
 *     length, field count and record count.  It is push-based: feed it any
 *     chunking of the input and it produces the same records.  The codebook
 *     and the register are read through it too.
 *
 *  2. Typed ingestion (ak_ingest_*) of a response file against a codebook:
 *     header matched to codebook variables case-insensitively in any order
 *     (missing question columns, duplicated columns: fatal; unknown extra
 *     columns: warning, ignored), every field typed per codebook (spec
 *     section 1 codes), and each row passed to a callback.
 *
 * Records on one line in the common forms are split by a fast path that
 * gives the same fields as libcsv at a fraction of its cost; everything
 * else goes through libcsv.  The environment variable AK_CSV_SLOW (any
 * value) turns the fast path off, so that tests can compare the two.
 * This is the only module that includes <csv.h>.  Diagnostics for input
 * problems carry file:line[:column] where column is the 1-based field
 * number.  pii columns are never exposed: their raw text is not passed on.
 */
#ifndef AK_INGEST_H
#define AK_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_status.h"

/* ---- limits ------------------------------------------------------------ */

typedef struct ak_limits {
    size_t max_field;    /* bytes in one field (UTF-8) */
    size_t max_fields;   /* fields in one record */
    size_t max_records;  /* records including the header */
} ak_limits;

/* Defaults: 8 MiB per field, 2000 fields, 50 million records. */
void ak_limits_default(ak_limits *lim);

/* ---- layer 1: CSV records ---------------------------------------------- */

typedef enum ak_encoding {
    AK_ENC_UTF8, AK_ENC_UTF8_BOM, AK_ENC_UTF16LE, AK_ENC_UTF16BE, AK_ENC_CP1252
} ak_encoding;

/* "UTF-8", "UTF-8 med BOM", "UTF-16LE", "UTF-16BE", "Windows-1252". */
const char *ak_encoding_name(ak_encoding e);

/*
 * Encoding sniffer: feed the whole input (any chunking), then finish.
 * Finish fails with AK_ERR_INPUT and a fatal diagnostic for input that is
 * empty, not text (zip/xlsx signature, NUL bytes outside UTF-16) or not
 * decodable in any accepted encoding.
 */
typedef struct ak_sniff ak_sniff;
/* Caller owns; free with ak_sniff_free().  NULL on OOM. */
ak_sniff *ak_sniff_new(const char *name);
void ak_sniff_feed(ak_sniff *s, const void *buf, size_t len);
ak_status ak_sniff_finish(ak_sniff *s, ak_encoding *enc, ak_diags *d);
void ak_sniff_free(ak_sniff *s);

typedef struct ak_record {
    size_t nfields;
    const char *const *fields;   /* UTF-8, NUL-terminated, not trimmed */
    const size_t *lens;          /* byte lengths */
    long line;                   /* physical line where the record starts */
    long index;                  /* 0 = header, 1 = first data record, ... */
} ak_record;

/*
 * Called once per non-blank record.  Everything in *rec is borrowed until
 * the callback returns.  Return 0 to go on, nonzero to stop reading (the
 * reader then returns AK_OK without reading further).
 */
typedef int (*ak_record_fn)(const ak_record *rec, void *ud);

typedef struct ak_csv ak_csv;

/*
 * A push reader for input in encoding enc.  lim may be NULL (defaults).
 * Caller owns; free with ak_csv_free().  NULL on OOM.
 */
ak_csv *ak_csv_new(const char *name, ak_encoding enc, const ak_limits *lim,
                   ak_record_fn fn, void *ud, ak_diags *d);
/* Feed the next chunk of raw input bytes. */
ak_status ak_csv_feed(ak_csv *r, const void *buf, size_t len);
/* End of input: flush the last record, report an unterminated quote with
 * the line where it opened. */
ak_status ak_csv_finish(ak_csv *r);
void ak_csv_free(ak_csv *r);
/* The delimiter detected from the header line (0 before the header). */
char ak_csv_delimiter(const ak_csv *r);
/* Lines (blank ones included) split by the fast path rather than libcsv,
 * so far: for tests and benchmarks. */
long ak_csv_fast_records(const ak_csv *r);

/* Sniff and read a whole buffer / file: the two passes in one call. */
ak_status ak_csv_read_mem(const void *buf, size_t len, const char *name,
                          const ak_limits *lim, ak_record_fn fn, void *ud,
                          ak_diags *d);
ak_status ak_csv_read_file(const char *path, const ak_limits *lim,
                           ak_record_fn fn, void *ud, ak_diags *d);

/* ---- layer 2: typed rows ----------------------------------------------- */

/*
 * The four states of spec/issue: every answer ends in one of them.
 * Ingestion sets ANSWERED (parsed), UOPLYST (blank) or INVALID (breaks its
 * type); validation (ak_validate.h) applies the routing and settles them:
 * NOT_ASKED where the routing did not ask, UOPLYST for an asked block left
 * entirely empty, and so on.
 */
typedef enum ak_state {
    AK_ANSWERED = 0,
    AK_UOPLYST,      /* asked (or not yet routed) and left blank */
    AK_NOT_ASKED,    /* the routing did not ask the question */
    AK_INVALID       /* the value breaks its type: treated as not answered */
} ak_state;

typedef struct ak_value {
    int64_t num;         /* numeric value in tenths, see ak_expr.h */
    ak_state state;
    const char *raw;     /* field as given, trimmed, UTF-8, NUL-terminated;
                            "" for blank, absent optional and pii columns */
    size_t rawlen;
    long col;            /* 1-based field number in the input, 0 if absent */
} ak_value;

typedef struct ak_row {
    long line;           /* input line where the row starts */
    long index;          /* 1-based data row number */
    size_t nvars;        /* = codebook nvars */
    ak_value *v;         /* indexed like the codebook; borrowed */
} ak_row;

/*
 * Called once per data row whose field count matches the header.  The row
 * and its strings are borrowed until the callback returns; the callee may
 * change states and numbers (validation does).  Return 0 to go on.
 */
typedef int (*ak_row_fn)(ak_row *row, void *ud);

/*
 * Typing (spec section 1).  A field is trimmed of spaces, tabs, line ends
 * and no-break spaces first; empty is AK_UOPLYST.  Then, by type:
 *   yesno     1 or Ja -> 10, 2 or Nej -> 20 (words in any case)
 *   checkbox  1, x or X -> 10, 0 -> 0
 *   count     digits only, at most 2147483647 -> n * 10
 *   decimal   ak_parse_decimal(), at most 2147483647 tenths
 *   id, name, note, text   any text, num 0
 *   pii       state only (ANSWERED or UOPLYST); raw is always ""
 * Anything else is AK_INVALID with num 0.  A data record whose fields are
 * all blank after trimming is a blank row and skipped.  A row with another
 * field count than the header is a fatal problem and is not passed on;
 * neither is any row after a fatal header problem.
 *
 * Ingest a response file against cb.  Fatal problems (see module comment)
 * are added to d as AK_SEV_FATAL and reading goes on where it can, so that
 * every problem is reported; the return value is AK_ERR_INPUT when any
 * fatal diagnostic was added, AK_ERR_NOMEM/AK_ERR_IO/AK_ERR_LIMIT as they
 * occur, else AK_OK.  Values that break their type are reported as
 * warnings by validation, not here (they arrive as AK_INVALID).
 */
ak_status ak_ingest_mem(const void *buf, size_t len, const char *name,
                        const ak_codebook *cb, const ak_limits *lim,
                        ak_row_fn fn, void *ud, ak_diags *d);
ak_status ak_ingest_file(const char *path, const ak_codebook *cb,
                         const ak_limits *lim, ak_row_fn fn, void *ud,
                         ak_diags *d);

/*
 * Parse one field as a decimal with one decimal of precision, exactly
 * (no binary floating point): digits, optionally '.' or ',' and more
 * digits, rounded half up to one decimal ("2,05" -> 21, "2,04" -> 20).
 * Returns 0 and the value in tenths, or -1 if s is not such a number or
 * exceeds max_tenths.
 */
int ak_parse_decimal(const char *s, size_t len, int64_t max_tenths,
                     int64_t *tenths);

#endif
