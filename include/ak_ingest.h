/*
 * ak_ingest: the first pipeline stage.  Reads a CSV export in any of the
 * dialects of docs/input-csv.md and hands the caller one typed row at a
 * time (the value model is ak_value.h).
 *
 * Two layers, both streaming (memory does not grow with the row count):
 *
 *  1. The CSV record reader (ak_csv.h): encoding detection (UTF-8 with
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
#include "ak_csv.h"
#include "ak_diag.h"
#include "ak_status.h"
#include "ak_value.h"

/* ---- layer 2: typed rows ----------------------------------------------- */

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
/* As ak_ingest_file(); when sha256 is not NULL, also the hex SHA-256 of
 * the file's bytes into sha256[65], computed as the sniffing pass reads
 * them ("" when the call fails before that pass has read the file). */
ak_status ak_ingest_file_sha256(const char *path, const ak_codebook *cb,
                                const ak_limits *lim, ak_row_fn fn, void *ud,
                                ak_diags *d, char *sha256);

/*
 * One part of a response file, for reading it in parallel parts
 * (ak_parallel.h).  The reader is fed head, the file's bytes from its
 * start through the line end of the header record, and then body, whole
 * lines from somewhere after it (of an input in enc, UTF-8 or
 * Windows-1252: a part starts after a LF byte), as though they followed
 * each other, with body's first byte on physical line 'line'.  last: body
 * runs to the end of the file (the reader is then finished).
 */
typedef struct ak_ingest_part_in {
    ak_encoding enc;
    const void *head;
    size_t headlen;
    const void *body;
    size_t bodylen;
    long line;
    int last;
} ak_ingest_part_in;

typedef struct ak_ingest_part_out {
    size_t nhead;   /* diagnostics of d that came from the head (the
                       header's own, reported once by the first part) */
    long records;   /* data records of the body, blank ones not counted */
    int clean;      /* 1 when the head held exactly the header record and
                       ended between records, and body ended between
                       records (or at the end of the file) with no
                       failure: only then are the rows passed on those
                       that a reading of the whole file gives for body */
} ak_ingest_part_out;

/*
 * Ingest one part as ak_ingest_mem() ingests a file (rows to fn, problems
 * to d), but without the sniffing pass.  A row's index counts from the
 * part's first record.  Returns as ak_ingest_mem(); *out as above.
 */
ak_status ak_ingest_part(const ak_ingest_part_in *in, const char *name,
                         const ak_codebook *cb, const ak_limits *lim,
                         ak_row_fn fn, void *ud, ak_diags *d,
                         ak_ingest_part_out *out);

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
