/*
 * ak_csv: the generic CSV record reader (the ingest stage's first layer,
 * also used for the codebook, checks and register files).
 *
 * Encoding detection (UTF-8 with or without BOM, UTF-16 LE/BE with BOM,
 * else Windows-1252 decided over the whole input, not a prefix),
 * conversion to UTF-8, delimiter detection from the header line (',' ';'
 * or tab), RFC 4180 quoting with embedded newlines, LF/CRLF, blank rows
 * skipped, NUL bytes and non-text files (e.g. an xlsx renamed .csv)
 * rejected, limits on field length, field count and record count.  It is
 * push-based: any chunking of the input gives the same records.  Records
 * on one line in the common forms are split by a fast path; everything
 * else goes through libcsv (AK_CSV_SLOW in the environment turns the fast
 * path off).  The implementation (src/ingest_csv.c) is the only file that
 * includes <csv.h>.
 */
#ifndef AK_CSV_H
#define AK_CSV_H

#include <stddef.h>
#include <stdint.h>

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
/* From now on also compute the SHA-256 of every byte fed (ak_sha256.h):
 * call before the first ak_sniff_feed(), for the input's checksum (the
 * sniffing pass reads every byte anyway, so the file is not read once
 * more for it).  0, or -1 when out of memory. */
int ak_sniff_hash(ak_sniff *s);
/* The hex SHA-256 of the bytes fed since ak_sniff_hash() (64 digits and a
 * NUL) into hex; "" when it was not called.  Feed nothing after it. */
void ak_sniff_sha256(ak_sniff *s, char hex[65]);
/* The physical line (1-based, counted as the reader counts: LF, CRLF, lone
 * CR) of the next byte to be fed, when everything fed so far ends with an
 * LF and the input is neither UTF-16 nor shorter than its first 8 bytes
 * (the signature); else 0.  For splitting a file into parts. */
long ak_sniff_line(const ak_sniff *s);

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

/*
 * For reading a file in parts (ak_ingest_part()): nonzero when the reader
 * stands between records after what it was fed: the delimiter known, no
 * record begun, nothing held back (a CR, part of a character, a failure).
 */
int ak_csv_between_records(const ak_csv *r);
/* Between records: the next byte fed is on physical line 'line'. */
void ak_csv_set_line(ak_csv *r, long line);
/* Records passed on so far, the header included. */
long ak_csv_records(const ak_csv *r);

/* Sniff and read a whole buffer / file: the two passes in one call. */
ak_status ak_csv_read_mem(const void *buf, size_t len, const char *name,
                          const ak_limits *lim, ak_record_fn fn, void *ud,
                          ak_diags *d);
ak_status ak_csv_read_file(const char *path, const ak_limits *lim,
                           ak_record_fn fn, void *ud, ak_diags *d);
/* As ak_csv_read_file(); when sha256 is not NULL, also the hex SHA-256 of
 * the file's bytes into sha256[65] (computed by the sniffing pass; "" when
 * the call fails before that pass has read the whole file). */
ak_status ak_csv_read_file_sha256(const char *path, const ak_limits *lim,
                                  ak_record_fn fn, void *ud, ak_diags *d,
                                  char *sha256);

#endif
