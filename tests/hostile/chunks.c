/*
 * chunks: every file given is read through the CSV record reader once as a
 * whole (ak_csv_read_mem) and again with sniffer and reader fed in chunks
 * of 1, 2, ..., 64 bytes; each chunked read must give the same status, the
 * same records (fields, lengths, lines, indices) and diagnostics at the
 * same places.  Each file is read with the default limits and with small
 * ones (field 300 bytes, 120 fields, 200 records), so that the limits are
 * met at every possible chunk boundary too.  Files over 256 KiB are read
 * in chunks of 1, 2, 3, 7, 31 and 64 only.
 *
 * Prints one line per failing file and "chunks: N passed, N failed" (one
 * test per file and limit setting).  Built and run by tests/suites/hostile.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_diag.h"
#include "ak_ingest.h"

typedef struct sum {
    uint64_t h;
    long n;
} sum;

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int on_record(const ak_record *rec, void *ud)
{
    sum *s = ud;
    s->n++;
    s->h = fnv(&rec->nfields, sizeof rec->nfields, s->h);
    s->h = fnv(&rec->line, sizeof rec->line, s->h);
    s->h = fnv(&rec->index, sizeof rec->index, s->h);
    for (size_t i = 0; i < rec->nfields; i++) {
        s->h = fnv(&rec->lens[i], sizeof rec->lens[i], s->h);
        s->h = fnv(rec->fields[i], rec->lens[i], s->h);
    }
    return 0;
}

/* Where the diagnostics are (severity, rule, line, column). */
static uint64_t diag_sum(const ak_diags *d)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < ak_diags_count(d); i++) {
        const ak_diag *g = ak_diags_get(d, i);
        long v[3] = {(long)g->sev, g->line, g->col};
        h = fnv(v, sizeof v, h);
        if (g->rule)
            h = fnv(g->rule, strlen(g->rule), h);
    }
    return h;
}

typedef struct result {
    ak_status st;
    sum s;
    uint64_t diags;
    size_t ndiags;
} result;

static void read_chunked(const unsigned char *buf, size_t len, size_t chunk,
                         const ak_limits *lim, result *out)
{
    ak_diags *d = ak_diags_new();
    out->s.h = 14695981039346656037ULL;
    out->s.n = 0;
    if (!d)
        exit(2);
    if (chunk == 0) {
        out->st = ak_csv_read_mem(buf, len, "f.csv", lim, on_record, &out->s, d);
    } else {
        ak_sniff *sn = ak_sniff_new("f.csv");
        if (!sn)
            exit(2);
        for (size_t off = 0; off < len; off += chunk)
            ak_sniff_feed(sn, buf + off, len - off < chunk ? len - off : chunk);
        ak_encoding enc = AK_ENC_UTF8;
        out->st = ak_sniff_finish(sn, &enc, d);
        ak_sniff_free(sn);
        if (out->st == AK_OK) {
            ak_csv *r = ak_csv_new("f.csv", enc, lim, on_record, &out->s, d);
            if (!r)
                exit(2);
            for (size_t off = 0; out->st == AK_OK && off < len; off += chunk)
                out->st = ak_csv_feed(r, buf + off,
                                      len - off < chunk ? len - off : chunk);
            if (out->st == AK_OK)
                out->st = ak_csv_finish(r);
            ak_csv_free(r);
        }
    }
    out->diags = diag_sum(d);
    out->ndiags = ak_diags_count(d);
    ak_diags_free(d);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            unsigned char *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    static const size_t big_sizes[] = {1, 2, 3, 7, 31, 64};
    long pass = 0, fail = 0;
    ak_limits lims[2];
    ak_limits_default(&lims[0]);
    ak_limits_default(&lims[1]);
    lims[1].max_field = 300;
    lims[1].max_fields = 120;
    lims[1].max_records = 200;
    for (int i = 1; i < argc; i++) {
        size_t len;
        unsigned char *buf = slurp(argv[i], &len);
        if (!buf) {
            printf("FAIL chunks %s: cannot read\n", argv[i]);
            fail++;
            continue;
        }
        for (int l = 0; l < 2; l++) {
            result whole, part;
            read_chunked(buf, len, 0, &lims[l], &whole);
            int ok = 1;
            int big = len > (256u << 10);
            size_t nsizes = big ? sizeof big_sizes / sizeof big_sizes[0] : 64;
            for (size_t k = 0; k < nsizes && ok; k++) {
                size_t chunk = big ? big_sizes[k] : k + 1;
                read_chunked(buf, len, chunk, &lims[l], &part);
                if (part.st != whole.st || part.s.n != whole.s.n ||
                    part.s.h != whole.s.h || part.diags != whole.diags) {
                    printf("FAIL chunks %s (%s limits), chunks of %zu: status %d/%d, "
                           "%ld/%ld records, %zu/%zu diagnostics%s\n",
                           argv[i], l ? "small" : "default", chunk,
                           (int)whole.st, (int)part.st, whole.s.n, part.s.n,
                           whole.ndiags, part.ndiags,
                           part.s.h != whole.s.h ? ", records differ" : "");
                    ok = 0;
                }
            }
            if (ok)
                pass++;
            else
                fail++;
        }
        free(buf);
    }
    printf("chunks: %ld passed, %ld failed\n", pass, fail);
    return fail ? 1 : 0;
}
