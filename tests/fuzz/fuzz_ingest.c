/*
 * Fuzz harness: the input path of a response file, from memory.
 *
 *  1. The CSV record reader three times with small limits (so the limit
 *     paths are reached): the whole buffer at once (ak_csv_read_mem), the
 *     sniffer and reader fed in pseudo-random chunks of 1..64 bytes, and
 *     the whole buffer again with the environment variable AK_CSV_SLOW set
 *     (the reader's fast path for one-line records off: libcsv parses
 *     every line).  The chunked read must give the same status, the same
 *     records and the same diagnostic positions as the whole read (the
 *     reader is push-based: chunking must not matter); the read without
 *     the fast path must give the same status, records and diagnostics,
 *     message text included (the fast path must be exactly libcsv for
 *     every line it accepts).
 *  2. ak_ingest_mem against the project codebook and register, every row
 *     through ak_validate_row and the tabulation of the project templates,
 *     then the tables and the validation report rendered (CSV and text)
 *     to /dev/null.
 * Crashes, sanitizer reports, leaks and a violated property all stop it.
 */
#include <stdlib.h>
#include <string.h>

#include "ak_ingest.h"
#include "ak_render.h"
#include "ak_tabulate.h"
#include "ak_validate.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_codebook();
    fuzz_register();
    fuzz_templates();
    return 0;
}

/* ---- 1. chunking and the fast path must not matter ------------------------ */

typedef struct rec_sum {
    uint64_t h;
    long n;
} rec_sum;

static int on_record(const ak_record *rec, void *ud)
{
    rec_sum *s = ud;
    s->n++;
    s->h = fuzz_hash(&rec->nfields, sizeof rec->nfields, s->h);
    s->h = fuzz_hash(&rec->line, sizeof rec->line, s->h);
    s->h = fuzz_hash(&rec->index, sizeof rec->index, s->h);
    for (size_t i = 0; i < rec->nfields; i++) {
        FUZZ_ASSERT(strlen(rec->fields[i]) == rec->lens[i], "field length");
        s->h = fuzz_hash(&rec->lens[i], sizeof rec->lens[i], s->h);
        s->h = fuzz_hash(rec->fields[i], rec->lens[i], s->h);
    }
    return 0;
}

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* text: compare the message text too.  Not for chunked against whole: a
 * field over the limit that is still open when a chunk ends gets a hint
 * about unclosed quotes that the same field, complete in one chunk, does
 * not. */
static int same_diags(const ak_diags *a, const ak_diags *b, int text)
{
    if (ak_diags_count(a) != ak_diags_count(b))
        return 0;
    for (size_t i = 0; i < ak_diags_count(a); i++) {
        const ak_diag *x = ak_diags_get(a, i), *y = ak_diags_get(b, i);
        if (x->sev != y->sev || x->line != y->line || x->col != y->col ||
            !same_str(x->rule, y->rule))
            return 0;
        if (text && (!same_str(x->message, y->message) ||
                     !same_str(x->file, y->file)))
            return 0;
    }
    return 1;
}

static void check_chunking(const uint8_t *data, size_t size)
{
    ak_limits lim;
    ak_limits_default(&lim);
    lim.max_field = 300;
    lim.max_fields = 120;
    lim.max_records = 200;

    ak_diags *d1 = ak_diags_new(), *d2 = ak_diags_new();
    if (!d1 || !d2)
        abort();
    rec_sum whole = {FUZZ_FNV_INIT, 0}, chunked = {FUZZ_FNV_INIT, 0};
    ak_status st1 = ak_csv_read_mem(data, size, "fuzz.csv", &lim, on_record,
                                    &whole, d1);

    uint64_t seed = fuzz_hash(data, size, FUZZ_FNV_INIT) | 1;
    ak_status st2;
    ak_sniff *s = ak_sniff_new("fuzz.csv");
    if (!s)
        abort();
    for (size_t off = 0; off < size;) {
        size_t n = 1 + fuzz_rand(&seed) % 64;
        if (n > size - off)
            n = size - off;
        ak_sniff_feed(s, data + off, n);
        off += n;
    }
    ak_encoding enc = AK_ENC_UTF8;
    st2 = ak_sniff_finish(s, &enc, d2);
    ak_sniff_free(s);
    if (st2 == AK_OK) {
        ak_csv *r = ak_csv_new("fuzz.csv", enc, &lim, on_record, &chunked, d2);
        if (!r)
            abort();
        for (size_t off = 0; st2 == AK_OK && off < size;) {
            size_t n = 1 + fuzz_rand(&seed) % 64;
            if (n > size - off)
                n = size - off;
            st2 = ak_csv_feed(r, data + off, n);
            off += n;
        }
        if (st2 == AK_OK)
            st2 = ak_csv_finish(r);
        ak_csv_free(r);
    }
    if (st1 != st2 || whole.n != chunked.n || whole.h != chunked.h ||
        !same_diags(d1, d2, 0)) {
        fprintf(stderr, "whole: status %d, %ld records; diagnostics:\n",
                (int)st1, whole.n);
        ak_diags_print(d1, AK_SEV_NOTE, stderr);
        fprintf(stderr, "chunked: status %d, %ld records; diagnostics:\n",
                (int)st2, chunked.n);
        ak_diags_print(d2, AK_SEV_NOTE, stderr);
    }
    FUZZ_ASSERT(st1 == st2, "same status whole and chunked");
    FUZZ_ASSERT(whole.n == chunked.n, "same record count whole and chunked");
    FUZZ_ASSERT(whole.h == chunked.h, "same records whole and chunked");
    FUZZ_ASSERT(same_diags(d1, d2, 0), "same diagnostics whole and chunked");

    /* The whole buffer once more, libcsv only (AK_CSV_SLOW is read by
     * ak_csv_new()). */
    ak_diags *d3 = ak_diags_new();
    if (!d3)
        abort();
    rec_sum slow = {FUZZ_FNV_INIT, 0};
    if (setenv("AK_CSV_SLOW", "1", 1) != 0)
        abort();
    ak_status st3 = ak_csv_read_mem(data, size, "fuzz.csv", &lim, on_record,
                                    &slow, d3);
    unsetenv("AK_CSV_SLOW");
    if (st1 != st3 || whole.n != slow.n || whole.h != slow.h ||
        !same_diags(d1, d3, 1)) {
        fprintf(stderr, "fast path: status %d, %ld records; diagnostics:\n",
                (int)st1, whole.n);
        ak_diags_print(d1, AK_SEV_NOTE, stderr);
        fprintf(stderr, "libcsv only (AK_CSV_SLOW): status %d, %ld records; "
                        "diagnostics:\n",
                (int)st3, slow.n);
        ak_diags_print(d3, AK_SEV_NOTE, stderr);
    }
    FUZZ_ASSERT(st1 == st3, "same status with and without the fast path");
    FUZZ_ASSERT(whole.n == slow.n,
                "same record count with and without the fast path");
    FUZZ_ASSERT(whole.h == slow.h, "same records with and without the fast path");
    FUZZ_ASSERT(same_diags(d1, d3, 1),
                "same diagnostics with and without the fast path");
    ak_diags_free(d1);
    ak_diags_free(d2);
    ak_diags_free(d3);
}

/* ---- 2. ingest, validate, tabulate, render -------------------------------- */

typedef struct run {
    ak_validator *v;
    ak_tab *tab;
} run;

static int on_row(ak_row *row, void *ud)
{
    run *r = ud;
    if (ak_validate_row(r->v, row) != AK_OK)
        return 1;
    if (ak_tab_add(r->tab, row, ak_validate_unit(r->v),
                   ak_validate_unit_name(r->v)) != AK_OK)
        return 1;
    return 0;
}

static void check_pipeline(const uint8_t *data, size_t size)
{
    ak_codebook *cb = fuzz_codebook();
    ak_diags *d = ak_diags_new();
    if (!d)
        abort();
    run r;
    r.v = ak_validate_new(cb, fuzz_register(), "fuzz.csv", d);
    r.tab = ak_tab_new(fuzz_templates(), cb, 2008, d);
    if (!r.v || !r.tab)
        abort();
    ak_status st = ak_ingest_mem(data, size, "fuzz.csv", cb, NULL, on_row, &r, d);
    if (st == AK_OK || st == AK_ERR_INPUT)
        ak_validate_finish(r.v);
    FILE *sink = fuzz_sink();
    ak_render_validation_text(r.v, d, sink);
    ak_render_validation_csv(r.v, d, sink);
    ak_results *res = NULL;
    if (st == AK_OK && ak_tab_finish(r.tab, &res) == AK_OK && res) {
        ak_render_tables_csv(res, sink);
        for (size_t i = 0; i < res->ntables; i++) {
            ak_render_table_wide_csv(&res->tables[i], 0, sink);
            ak_render_table_wide_csv(&res->tables[i], 1, sink);
        }
    }
    /* Every message a person reads is printed somewhere: exercise it. */
    ak_diags_print(d, AK_SEV_NOTE, sink);
    ak_results_free(res);
    ak_tab_free(r.tab);
    ak_validate_free(r.v);
    ak_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_chunking(data, size);
    check_pipeline(data, size);
    return 0;
}
