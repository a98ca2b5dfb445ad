/* Unit tests of the ingest module (include/ak_ingest.h). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_test.h"

/* ---- layer 1 helpers --------------------------------------------------- */

/* Every record as text: "index@line:f1|f2|...\n", fields with '|' and
 * newlines escaped. */
static int dump_record(const ak_record *rec, void *ud)
{
    GString *s = ud;
    g_string_append_printf(s, "%ld@%ld:", rec->index, rec->line);
    for (size_t i = 0; i < rec->nfields; i++) {
        if (i)
            g_string_append_c(s, '|');
        if (strlen(rec->fields[i]) != rec->lens[i])
            g_string_append(s, "<LEN>");
        for (const char *c = rec->fields[i]; *c; c++) {
            if (*c == '\n')
                g_string_append(s, "\\n");
            else if (*c == '|')
                g_string_append(s, "\\|");
            else
                g_string_append_c(s, *c);
        }
    }
    g_string_append_c(s, '\n');
    return 0;
}

/* Sniff and read buf in chunks of 'chunk' bytes (0 = one piece); returns
 * the dump, or "ERROR <status>: <first diag>" on failure. */
static char *read_chunked(const char *buf, size_t len, size_t chunk,
                          const ak_limits *lim, ak_encoding *enc_out,
                          char *delim_out)
{
    GString *s = g_string_new(NULL);
    ak_diags *d = ak_diags_new();
    ak_sniff *sn = ak_sniff_new("t.csv");
    size_t step = chunk ? chunk : (len ? len : 1);
    for (size_t i = 0; i < len; i += step)
        ak_sniff_feed(sn, buf + i, len - i < step ? len - i : step);
    ak_encoding enc = AK_ENC_UTF8;
    ak_status st = ak_sniff_finish(sn, &enc, d);
    ak_sniff_free(sn);
    if (st == AK_OK) {
        if (enc_out)
            *enc_out = enc;
        ak_csv *r = ak_csv_new("t.csv", enc, lim, dump_record, s, d);
        for (size_t i = 0; st == AK_OK && i < len; i += step)
            st = ak_csv_feed(r, buf + i, len - i < step ? len - i : step);
        if (st == AK_OK)
            st = ak_csv_finish(r);
        if (delim_out)
            *delim_out = ak_csv_delimiter(r);
        ak_csv_free(r);
    }
    if (st != AK_OK) {
        const ak_diag *g = ak_diags_get(d, 0);
        g_string_printf(s, "ERROR %d: %ld:%ld: %s", (int)st, g ? g->line : -1,
                        g ? g->col : -1, g && g->message ? g->message : "");
    }
    ak_diags_free(d);
    char *out = g_string_free(s, FALSE);
    return out;
}

static char *read_all(const char *buf, size_t len)
{
    return read_chunked(buf, len, 0, NULL, NULL, NULL);
}

/* Convert UTF-8 text to another encoding with a BOM where asked. */
static char *encode(const char *utf8, const char *to, const char *bom,
                    size_t bomlen, size_t *outlen)
{
    gsize n = 0;
    gchar *c = g_convert(utf8, -1, to, "UTF-8", NULL, &n, NULL);
    g_assert(c);
    char *out = g_malloc(bomlen + n + 1);
    memcpy(out, bom, bomlen);
    memcpy(out + bomlen, c, n);
    out[bomlen + n] = '\0';
    g_free(c);
    *outlen = bomlen + n;
    return out;
}

static const char sample_utf8[] =
    "kommunenr;Kommune;q1a;tekst\r\n"
    "101;København;1;\"flere\r\nlinjer; med \"\"citat\"\"\"\r\n"
    "\r\n"
    ";;;\r\n"
    "147; Frederiksberg ;2;Ærø æøå ÆØÅ – €\r\n"
    "151;Ballerup;;\"\"\r\n";

static const char sample_dump[] =
    "0@1:kommunenr|Kommune|q1a|tekst\n"
    "1@2:101|København|1|flere\\nlinjer; med \"citat\"\n"
    "2@6:147|Frederiksberg|2|Ærø æøå ÆØÅ – €\n"
    "3@7:151|Ballerup||\n";

/* ---- layer 1 tests ----------------------------------------------------- */

static void test_encodings(void)
{
    static const struct {
        const char *to;
        const char *bom;
        size_t bomlen;
        ak_encoding enc;
    } cases[] = {
        {"UTF-8", "", 0, AK_ENC_UTF8},
        {"UTF-8", "\xEF\xBB\xBF", 3, AK_ENC_UTF8_BOM},
        {"UTF-16LE", "\xFF\xFE", 2, AK_ENC_UTF16LE},
        {"UTF-16BE", "\xFE\xFF", 2, AK_ENC_UTF16BE},
        {"CP1252", "", 0, AK_ENC_CP1252},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        char *buf = encode(sample_utf8, cases[i].to, cases[i].bom,
                           cases[i].bomlen, &n);
        ak_encoding enc = AK_ENC_UTF8;
        char delim = 0;
        char *out = read_chunked(buf, n, 0, NULL, &enc, &delim);
        AK_CHECK_EQ_STR(out, sample_dump);
        AK_CHECK_EQ_INT(enc, cases[i].enc);
        AK_CHECK_EQ_INT(delim, ';');
        /* every chunking gives the same records */
        for (size_t chunk = 1; chunk <= 64; chunk++) {
            char *o2 = read_chunked(buf, n, chunk, NULL, NULL, NULL);
            if (strcmp(o2, out) != 0) {
                fprintf(stderr, "encoding %s chunk %zu differs:\n%s\n",
                        cases[i].to, chunk, o2);
                AK_CHECK(0);
            }
            g_free(o2);
        }
        g_free(out);
        g_free(buf);
    }
    AK_CHECK_EQ_STR(ak_encoding_name(AK_ENC_CP1252), "Windows-1252");
    AK_CHECK_EQ_STR(ak_encoding_name(AK_ENC_UTF8_BOM), "UTF-8 med BOM");
}

/* A Windows-1252 byte late in the file decides the encoding: the sniffer
 * sees the whole input, not a prefix. */
static void test_cp1252_late(void)
{
    GString *s = g_string_new("a,b\n");
    for (int i = 0; i < 20000; i++)
        g_string_append(s, "1,2\n");
    g_string_append(s, "3,\xE6\xF8\xE5\n");   /* æøå in cp1252 */
    ak_encoding enc = AK_ENC_UTF8;
    char *out = read_chunked(s->str, s->len, 0, NULL, &enc, NULL);
    AK_CHECK_EQ_INT(enc, AK_ENC_CP1252);
    AK_CHECK_CONTAINS(out, "20001@20002:3|æøå\n");
    g_free(out);
    g_string_free(s, TRUE);
}

/*
 * The sniffer skips ASCII a word at a time and counts lines with memchr:
 * the first problem byte is still found, on the right line, wherever it
 * sits in a word, whatever the line ends (LF, CRLF, CR) and the chunking.
 */
static void test_sniff_positions(void)
{
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    static const struct {
        const char *bytes;   /* put on line 4 */
        const char *want;    /* the error (":line" is prefixed) */
    } bad[] = {
        {"\x81", ":0: filen kan ikke læses: byten 0x81 er hverken gyldig "
                 "UTF-8 eller Windows-1252"},
        {"\xE6\x81", ":0: filen kan ikke læses: byten 0x81"},
        {"\0", ":0: filen er ikke en tekstfil: den indeholder NUL-tegn"},
    };
    for (size_t e = 0; e < 3; e++)
        for (size_t b = 0; b < 3; b++)
            for (size_t pad = 0; pad < 11; pad++) {
                GString *t = g_string_new(NULL);
                g_string_append_printf(t, "a,b%s1,\"æ\"%s2,3%s", ends[e],
                                       ends[e], ends[e]);
                for (size_t i = 0; i < pad; i++)
                    g_string_append_c(t, 'x');
                g_string_append(t, bad[b].bytes[0] ? bad[b].bytes : "");
                if (!bad[b].bytes[0])
                    g_string_append_len(t, "\0", 1);
                g_string_append_printf(t, ",y%s5,6%s", ends[e], ends[e]);
                char want[200];
                snprintf(want, sizeof want, "ERROR 3: 4%s", bad[b].want);
                for (size_t chunk = 0; chunk <= 13; chunk++) {
                    char *o = read_chunked(t->str, t->len, chunk, NULL, NULL,
                                           NULL);
                    if (strncmp(o, want, strlen(want)) != 0) {
                        fprintf(stderr, "end %zu bad %zu pad %zu chunk %zu: "
                                "%s\n", e, b, pad, chunk, o);
                        AK_CHECK(0);
                    }
                    g_free(o);
                }
                g_string_free(t, TRUE);
            }
    /* UTF-8 broken late (line 4) after a valid multi-byte character that
     * straddles chunks: Windows-1252, decided over the whole input */
    const char *t = "a,b\nx,\"æøå €\"\n2,3\nxxxxxxxxxxxx\xE6\n";
    for (size_t chunk = 0; chunk <= 9; chunk++) {
        ak_encoding enc = AK_ENC_UTF8;
        char *o = read_chunked(t, strlen(t), chunk, NULL, &enc, NULL);
        AK_CHECK_EQ_INT(enc, AK_ENC_CP1252);
        g_free(o);
    }
    /* a UTF-8 sequence cut by the end of the input */
    ak_encoding enc = AK_ENC_UTF8;
    char *o = read_chunked("a\n\xC3", 3, 0, NULL, &enc, NULL);
    AK_CHECK_EQ_INT(enc, AK_ENC_CP1252);
    g_free(o);
    o = read_chunked("\xEF\xBB\xBF" "a\r\nb\r\n\xC3", 10, 1, NULL, NULL,
                     NULL);
    AK_CHECK_EQ_STR(o, "ERROR 3: 3:0: ugyldig UTF-8 (filen starter med et "
                       "UTF-8-BOM)");
    g_free(o);
}

static void test_delimiters(void)
{
    char d = 0;
    const char *t = "a\tb\tc\n1\t\t3\n";
    char *o = read_chunked(t, strlen(t), 0, NULL, NULL, &d);
    AK_CHECK_EQ_INT(d, '\t');
    AK_CHECK_EQ_STR(o, "0@1:a|b|c\n1@2:1||3\n");
    g_free(o);
    /* delimiters inside quotes do not count */
    t = "\"a;b;c;d\",e,f\n1,2,3\n";
    o = read_chunked(t, strlen(t), 0, NULL, NULL, &d);
    AK_CHECK_EQ_INT(d, ',');
    AK_CHECK_EQ_STR(o, "0@1:a;b;c;d|e|f\n1@2:1|2|3\n");
    g_free(o);
    /* blank lines before the header; header without a delimiter */
    t = "\n  \nx\n1\n";
    o = read_chunked(t, strlen(t), 0, NULL, NULL, &d);
    AK_CHECK_EQ_INT(d, ',');
    AK_CHECK_EQ_STR(o, "0@3:x\n1@4:1\n");
    g_free(o);
    /* no trailing newline; lone CR line ends */
    t = "a;b\r1;2\r3;4";
    o = read_all(t, strlen(t));
    AK_CHECK_EQ_STR(o, "0@1:a|b\n1@2:1|2\n2@3:3|4\n");
    g_free(o);
}

static void test_quotes_and_lines(void)
{
    const char *t = "h1,h2\n"
                    "\"a\nb\nc\",x\n"
                    "\n"
                    ",\n"
                    "  ,  \n"
                    "y,\"q\"\"q\"\n";
    char *o = read_all(t, strlen(t));
    AK_CHECK_EQ_STR(o, "0@1:h1|h2\n1@2:a\\nb\\nc|x\n2@8:y|q\"q\n");
    g_free(o);
    for (size_t c = 1; c <= 8; c++) {
        char *o2 = read_chunked(t, strlen(t), c, NULL, NULL, NULL);
        AK_CHECK_EQ_STR(o2, "0@1:h1|h2\n1@2:a\\nb\\nc|x\n2@8:y|q\"q\n");
        g_free(o2);
    }
}

static void test_unterminated_quote(void)
{
    const char *t = "a,b\n1,2\n3,\"open\nmore\nlines\n";
    char *o = read_all(t, strlen(t));
    AK_CHECK_EQ_STR(o, "ERROR 3: 3:2: anførselstegnet i linje 3 lukkes aldrig");
    g_free(o);
    /* the quoted field opens after a multi-line field */
    t = "a,b,c\n\"x\ny\",\"open\nz\n";
    o = read_all(t, strlen(t));
    AK_CHECK_EQ_STR(o, "ERROR 3: 3:2: anførselstegnet i linje 3 lukkes aldrig");
    g_free(o);
    for (size_t c = 1; c <= 5; c++) {
        o = read_chunked(t, strlen(t), c, NULL, NULL, NULL);
        AK_CHECK_EQ_STR(o,
                        "ERROR 3: 3:2: anførselstegnet i linje 3 lukkes aldrig");
        g_free(o);
    }
}

static void test_not_text(void)
{
    char *o = read_all("", 0);
    AK_CHECK_EQ_STR(o, "ERROR 3: 0:0: filen er tom");
    g_free(o);
    o = read_all("\xEF\xBB\xBF", 3);
    AK_CHECK_EQ_STR(o, "ERROR 3: 0:0: filen er tom");
    g_free(o);
    o = read_all("PK\x03\x04\x14\0\0\0", 8);
    AK_CHECK_CONTAINS(o, "ERROR 3: 0:0: filen er ikke en tekstfil, men et "
                         "zip-arkiv");
    g_free(o);
    o = read_all("a,b\n1,2\n3\0,4\n", 13);
    AK_CHECK_CONTAINS(o, "ERROR 3: 3:0: filen er ikke en tekstfil: den "
                         "indeholder NUL-tegn");
    g_free(o);
    /* UTF-16 with a NUL character */
    o = read_all("\xFF\xFE" "a\0\n\0\0\0", 8);
    AK_CHECK_CONTAINS(o, "ERROR 3: 2:0: filen er ikke en tekstfil");
    g_free(o);
    /* 0x81 is neither UTF-8 nor Windows-1252 */
    o = read_all("a,b\n\xE6,\x81\n", 8);
    AK_CHECK_EQ_STR(o, "ERROR 3: 2:0: filen kan ikke læses: byten 0x81 er "
                       "hverken gyldig UTF-8 eller Windows-1252");
    g_free(o);
    /* invalid UTF-8 after a UTF-8 BOM */
    o = read_all("\xEF\xBB\xBF" "a\n\xE6\n", 7);
    AK_CHECK_CONTAINS(o, "ERROR 3: 2:0: ugyldig UTF-8");
    g_free(o);
    /* odd UTF-16 */
    o = read_all("\xFF\xFE" "a\0b", 5);
    AK_CHECK_CONTAINS(o, "ugyldig UTF-16");
    g_free(o);
    /* an unpaired surrogate */
    o = read_all("\xFF\xFE" "a\0\n\0\x00\xD8" "b\0", 10);
    AK_CHECK_CONTAINS(o, "ERROR 3: 2:0: ugyldig UTF-16");
    g_free(o);
    /* a supplementary character is fine */
    o = read_all("\xFF\xFE" "a\0\n\0\x3D\xD8\x00\xDE", 10);
    AK_CHECK_EQ_STR(o, "0@1:a\n1@2:\xF0\x9F\x98\x80\n");
    g_free(o);
}

static void test_limits(void)
{
    ak_limits lim;
    ak_limits_default(&lim);
    AK_CHECK_EQ_INT(lim.max_field, 8 << 20);
    AK_CHECK_EQ_INT(lim.max_fields, 2000);
    AK_CHECK_EQ_INT(lim.max_records, 50000000);
    lim.max_field = 5;
    const char *t = "a,b\n1,123456\n";
    char *o = read_chunked(t, strlen(t), 0, &lim, NULL, NULL);
    AK_CHECK_EQ_STR(o, "ERROR 5: 2:2: feltet er længere end grænsen på 5 byte");
    g_free(o);
    /* a long quoted field is stopped before the whole input is buffered */
    GString *s = g_string_new("a,b\n1,\"");
    for (int i = 0; i < 200000; i++)
        g_string_append_c(s, 'x');
    lim.max_field = 1000;
    o = read_chunked(s->str, s->len, 0, &lim, NULL, NULL);
    AK_CHECK_CONTAINS(o, "ERROR 5: 2:2: feltet er længere end grænsen på "
                         "1000 byte (et anførselstegn lukkes måske aldrig)");
    g_free(o);
    g_string_free(s, TRUE);
    /* exactly the limit, quoted or with trailing blanks: fine in any
     * chunking (the open field's closing quote and blanks do not count) */
    lim.max_field = 5;
    t = "a,b\n1,\"12345\"\n2,12345    \n3,\"12345\"   ,x\n";
    for (size_t c = 0; c <= 16; c++) {
        o = read_chunked(t, strlen(t), c, &lim, NULL, NULL);
        AK_CHECK_EQ_STR(o, "0@1:a|b\n1@2:1|12345\n2@3:2|12345\n3@4:3|12345|x\n");
        g_free(o);
    }
    ak_limits_default(&lim);
    lim.max_fields = 3;
    t = "a,b,c\n1,2,3,4\n";
    o = read_chunked(t, strlen(t), 0, &lim, NULL, NULL);
    AK_CHECK_EQ_STR(o, "ERROR 5: 2:0: rækken har flere end 3 felter (grænsen)");
    g_free(o);
    ak_limits_default(&lim);
    lim.max_records = 2;
    t = "a\n1\n\n2\n";
    o = read_chunked(t, strlen(t), 0, &lim, NULL, NULL);
    AK_CHECK_EQ_STR(o, "ERROR 5: 4:0: filen har flere end 2 rækker (grænsen)");
    g_free(o);
}

static int stop_after_one(const ak_record *rec, void *ud)
{
    (*(int *)ud)++;
    return rec->index == 1;
}

static void test_stop_and_mem(void)
{
    int n = 0;
    ak_diags *d = ak_diags_new();
    const char *t = "a\n1\n2\n3\n";
    AK_CHECK_EQ_INT(ak_csv_read_mem(t, strlen(t), "t", NULL, stop_after_one,
                                    &n, d),
                    AK_OK);
    AK_CHECK_EQ_INT(n, 2);
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    /* missing file */
    AK_CHECK_EQ_INT(ak_csv_read_file("/nonexistent/x.csv", NULL, stop_after_one,
                                     &n, d),
                    AK_ERR_IO);
    AK_CHECK_EQ_STR(ak_diags_get(d, 0)->message, "filen findes ikke");
    AK_CHECK_EQ_INT(ak_csv_read_file("/", NULL, stop_after_one, &n, d),
                    AK_ERR_IO);
    AK_CHECK_EQ_STR(ak_diags_get(d, 1)->message, "det er en mappe, ikke en fil");
    ak_diags_free(d);
    /* out of memory at every allocation: a clean status, never a crash */
    for (long k = 1; k < 40; k++) {
        d = ak_diags_new();
        GString *s = g_string_new(NULL);
        ak_mem_fail_at(k);
        ak_status st = ak_csv_read_mem(sample_utf8, strlen(sample_utf8), "t",
                                       NULL, dump_record, s, d);
        ak_mem_fail_at(0);
        AK_CHECK(st == AK_OK || st == AK_ERR_NOMEM);
        if (st == AK_OK)
            AK_CHECK_EQ_STR(s->str, sample_dump);
        g_string_free(s, TRUE);
        ak_diags_free(d);
    }
}

/* ---- the fast path for one-line records against libcsv ------------------ */

/*
 * src/ingest_csv.c splits a whole one-line record in the common forms
 * itself (fast_line()) and declines everything else to libcsv; the
 * environment variable AK_CSV_SLOW, read by ak_csv_new(), turns that fast
 * path off.  For every input below and each delimiter, the reader with and
 * without the fast path must give the same status, the same records (every
 * field's bytes and length, the record's line and index) and the same
 * diagnostics (severity, rule, file, line, column, message), read whole and
 * fed in chunks of every size 1..64.
 */

/* One record as the callback saw it, copied. */
typedef struct fp_rec {
    long index, line;
    size_t n;
    size_t *lens;
    char **fields;
    int unended;         /* a field without its NUL at fields[i][lens[i]] */
} fp_rec;

/* The outcome of one read. */
typedef struct fp_read {
    ak_status st;
    GPtrArray *recs;     /* fp_rec *, owned */
    ak_diags *d;
    char delim;          /* chunked reads: ak_csv_delimiter() at the end */
} fp_read;

static void fp_rec_free(gpointer p)
{
    fp_rec *x = p;
    for (size_t i = 0; i < x->n; i++)
        g_free(x->fields[i]);
    g_free(x->fields);
    g_free(x->lens);
    g_free(x);
}

static int fp_on_record(const ak_record *rec, void *ud)
{
    fp_read *r = ud;
    fp_rec *x = g_new0(fp_rec, 1);
    x->index = rec->index;
    x->line = rec->line;
    x->n = rec->nfields;
    x->lens = g_new0(size_t, x->n + 1);
    x->fields = g_new0(char *, x->n + 1);
    for (size_t i = 0; i < x->n; i++) {
        x->lens[i] = rec->lens[i];
        x->fields[i] = g_malloc(rec->lens[i] + 1);
        memcpy(x->fields[i], rec->fields[i], rec->lens[i]);
        x->fields[i][rec->lens[i]] = '\0';
        if (rec->fields[i][rec->lens[i]] != '\0')
            x->unended = 1;
    }
    g_ptr_array_add(r->recs, x);
    return 0;
}

/* Read buf with the fast path (slow = 0) or libcsv only (slow = 1): whole
 * with ak_csv_read_mem() when chunk is 0, else the sniffer and the reader
 * fed chunk bytes at a time.  Free with fp_read_done(). */
static void fp_read_buf(fp_read *r, const char *buf, size_t len,
                        const ak_limits *lim, int slow, size_t chunk)
{
    r->recs = g_ptr_array_new_with_free_func(fp_rec_free);
    r->d = ak_diags_new();
    r->delim = 0;
    if (slow)
        setenv("AK_CSV_SLOW", "1", 1);
    if (!chunk) {
        r->st = ak_csv_read_mem(buf, len, "t.csv", lim, fp_on_record, r, r->d);
    } else {
        ak_sniff *sn = ak_sniff_new("t.csv");
        for (size_t i = 0; i < len; i += chunk)
            ak_sniff_feed(sn, buf + i, len - i < chunk ? len - i : chunk);
        ak_encoding enc = AK_ENC_UTF8;
        r->st = ak_sniff_finish(sn, &enc, r->d);
        ak_sniff_free(sn);
        if (r->st == AK_OK) {
            ak_csv *c = ak_csv_new("t.csv", enc, lim, fp_on_record, r, r->d);
            for (size_t i = 0; r->st == AK_OK && i < len; i += chunk)
                r->st = ak_csv_feed(c, buf + i,
                                    len - i < chunk ? len - i : chunk);
            if (r->st == AK_OK)
                r->st = ak_csv_finish(c);
            r->delim = ak_csv_delimiter(c);
            ak_csv_free(c);
        }
    }
    if (slow)
        unsetenv("AK_CSV_SLOW");
}

static void fp_read_done(fp_read *r)
{
    g_ptr_array_free(r->recs, TRUE);
    ak_diags_free(r->d);
}

/* s[0..n) printable, escaped and cut to fit out; returns out. */
static const char *fp_show(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (!s)
        s = "(null)", n = 6;
    for (size_t i = 0; i < n && o + 8 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            o += (size_t)snprintf(out + o, cap - o, "\\n");
        else if (c == '\r')
            o += (size_t)snprintf(out + o, cap - o, "\\r");
        else if (c == '\t')
            o += (size_t)snprintf(out + o, cap - o, "\\t");
        else if (c == '"' || c == '\\')
            o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
        else if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

static int fp_same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "(null)", b ? b : "(null)") == 0;
}

/*
 * Compare read b (named bn) with read a (named an) for the input described
 * by what; text: the diagnostics' message and other strings too (not for a
 * chunked read against a whole one: a field over the limit that is still
 * open at the end of a chunk gets a hint about an unclosed quote).  Prints
 * every difference with the input, the reads and the record; returns how
 * many there were.
 */
static int fp_compare(const char *what, const char *an, const fp_read *a,
                      const char *bn, const fp_read *b, int text)
{
    char x[200], y[200];
    int nd = 0;
    if (a->st != b->st) {
        fprintf(stderr, "%s: status %d (%s) but %d (%s)\n", what, (int)a->st,
                an, (int)b->st, bn);
        nd++;
    }
    if (a->recs->len != b->recs->len) {
        fprintf(stderr, "%s: %u records (%s) but %u (%s)\n", what,
                a->recs->len, an, b->recs->len, bn);
        nd++;
    }
    for (guint i = 0; i < a->recs->len && i < b->recs->len; i++) {
        const fp_rec *p = a->recs->pdata[i], *q = b->recs->pdata[i];
        if (p->index != q->index || p->line != q->line || p->n != q->n) {
            fprintf(stderr,
                    "%s: record %u: index %ld, line %ld, %zu fields (%s) but "
                    "index %ld, line %ld, %zu fields (%s)\n",
                    what, i, p->index, p->line, p->n, an, q->index, q->line,
                    q->n, bn);
            nd++;
        }
        if (p->unended || q->unended) {
            fprintf(stderr, "%s: record %u (line %ld): a field without its "
                    "NUL (%s %d, %s %d)\n", what, i, p->line, an, p->unended,
                    bn, q->unended);
            nd++;
        }
        for (size_t f = 0; f < p->n && f < q->n; f++) {
            if (p->lens[f] == q->lens[f] &&
                memcmp(p->fields[f], q->fields[f], p->lens[f]) == 0)
                continue;
            fprintf(stderr,
                    "%s: record %u (index %ld, line %ld) field %zu: \"%s\" "
                    "(%zu bytes, %s) but \"%s\" (%zu bytes, %s)\n",
                    what, i, p->index, p->line, f + 1,
                    fp_show(p->fields[f], p->lens[f], x, sizeof x),
                    p->lens[f], an,
                    fp_show(q->fields[f], q->lens[f], y, sizeof y),
                    q->lens[f], bn);
            nd++;
        }
    }
    size_t na = ak_diags_count(a->d), nb = ak_diags_count(b->d);
    if (na != nb) {
        fprintf(stderr, "%s: %zu diagnostics (%s) but %zu (%s)\n", what, na,
                an, nb, bn);
        nd++;
    }
    for (size_t i = 0; i < na && i < nb; i++) {
        const ak_diag *g = ak_diags_get(a->d, i), *h = ak_diags_get(b->d, i);
        int same = g->sev == h->sev && fp_same_str(g->rule, h->rule) &&
                   g->line == h->line && g->col == h->col;
        if (text)
            same = same && fp_same_str(g->file, h->file) &&
                   fp_same_str(g->message, h->message) &&
                   fp_same_str(g->unit, h->unit) &&
                   fp_same_str(g->unit_name, h->unit_name) &&
                   fp_same_str(g->question, h->question) &&
                   fp_same_str(g->value, h->value) &&
                   fp_same_str(g->action, h->action) &&
                   fp_same_str(g->context, h->context);
        if (same)
            continue;
        fprintf(stderr,
                "%s: diagnostic %zu: %d %s %ld:%ld '%s' (%s) but "
                "%d %s %ld:%ld '%s' (%s)\n",
                what, i + 1, (int)g->sev, g->rule ? g->rule : "", g->line,
                g->col, g->message ? g->message : "", an, (int)h->sev,
                h->rule ? h->rule : "", h->line, h->col,
                h->message ? h->message : "", bn);
        nd++;
    }
    return nd;
}

enum { FP_UTF8, FP_BOM, FP_U16LE, FP_U16BE, FP_CP1252 };
#define FP_ANY (-1)

typedef struct fp_case {
    const char *name;
    const char *text;       /* UTF-8; '|' stands for the delimiter */
    const char *delims;     /* the delimiters to try; NULL: , ; and tab */
    int enc;                /* FP_*: how text is encoded */
    size_t max_field, max_fields, max_records;   /* 0: the default */
    int want;               /* the status of every read, or FP_ANY */
} fp_case;

static const fp_case fp_cases[] = {
    {"plain", "a|b|c\n1|2|3\n4|5|6\n", NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"blanks around unquoted fields",
     "a|b|c\n 1 |  2  | \t3 \t\n  x y  | \t|\t \n", NULL, FP_UTF8, 0, 0, 0,
     AK_OK},
    {"blanks around quoted fields",
     "a|b|c\n \"1\" |\t\"2\"\t| \"3\"  \n  \"x\"\t \t|\"y\"|\"z\" \t \n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"blanks inside quotes are kept",
     "a|b|c\n\" 1 \"|\"\t2\t\"|\"  \"\n", NULL, FP_UTF8, 0, 0, 0, AK_OK},
    /* the fast path stores an empty field (blanks, then the delimiter)
     * without its copy and trim loops */
    {"empty fields, blanks before the delimiter",
     "a|b|c|d\n|||\n  | | |x\n|x| |\n \t|  |\t|\n||| \n", NULL, FP_UTF8,
     0, 0, 0, AK_OK},
    {"empty quoted fields",
     "a|b|c\n\"\"|\"\"|x\n\"\"|\"\"|\"\"\nx|\"\"|\n", NULL, FP_UTF8, 0, 0, 0,
     AK_OK},
    {"doubled quotes",
     "a|b|c\n\"x\"\"y\"|\"\"\"\"|\"\"\"\"\"\"\n\"a\"\"\"|\"\"\"b\"|\"\"\"\" \n",
     NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"a quote inside an unquoted field",
     "a|b\nx\"y|z\nx\"\"y\"|z\n x \" |\"\n", NULL, FP_UTF8, 0, 0, 0, FP_ANY},
    /* libcsv keeps text after a closing quote and goes on in the quoted
     * field: the next quote ends it */
    {"text after a closing quote",
     "a|b\n\"x\"y\"|z\n\"x\"\"y\"z\"|w\n\"x\" \"|w\n1|2\n", NULL, FP_UTF8,
     0, 0, 0, FP_ANY},
    {"\"a\" ,b", "h1|h2\n\"a\" |b\n\"a\"\t|b\n", NULL, FP_UTF8, 0, 0, 0,
     AK_OK},
    {"\"a\" x,b", "h1|h2\n\"a\" x|b\"\n\"a\"\tx\t|b\"\n1|2\n", NULL,
     FP_UTF8, 0, 0, 0, FP_ANY},
    {"\"a\" x,b at the end", "h1|h2\n1|2\n\"a\" x|b\n", NULL, FP_UTF8, 0, 0,
     0, FP_ANY},
    {"\"a\" \"b\"", "h1|h2\n\"a\" \"b\"|c\n\"a\" \"|c\n", NULL, FP_UTF8, 0, 0,
     0, FP_ANY},
    {"a trailing delimiter", "a|b|\n1|2|\n3| |  \n", NULL, FP_UTF8, 0, 0, 0,
     AK_OK},
    {"lines of only blanks", "a|b\n   \n\t\n \t \n1|2\n \n", NULL, FP_UTF8, 0,
     0, 0, AK_OK},
    {"lines of only delimiters", "a|b|c\n||\n | | \n|\"\"|\n1|2|3\n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"CRLF", "a|b\r\n1|2\r\n\r\n \"3\" |4 \r\n", NULL, FP_UTF8, 0, 0, 0,
     AK_OK},
    {"lone CR", "a|b\r1|2\r\r3|\"4\"\r", NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"mixed CR, CRLF and LF", "a|b\r\n1|2\r3|4\n5|6\r\n\r7|8\n\r\r\n9|10\r",
     NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"a quoted field over lines",
     "a|b\n1|\"x\ny\"\n2|\"\n\"\n3|\"x\r\ny\"\r\n\"4\n\"|5\n", NULL, FP_UTF8,
     0, 0, 0, AK_OK},
    {"CR inside quotes", "a|b\n1|\"x\ry\"\n2|\"\r\"\r\n3|4\n", NULL, FP_UTF8,
     0, 0, 0, AK_OK},
    {"no final line end", "a|b\n1|2", NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"no final line end after a quote", "a|b\n1|\"2\" ", NULL, FP_UTF8, 0, 0,
     0, AK_OK},
    {"a quote that never closes", "a|b\n1|\"2\n3|4\n", NULL, FP_UTF8, 0, 0,
     0, AK_ERR_INPUT},
    {"NBSP around values",
     "a|b\n\xC2\xA0x\xC2\xA0|\xC2\xA0\n\"\xC2\xA0\"|y\xC2\xA0 \n \xC2\xA0 | "
     "\xC2\xA0\"\xC2\xA0\"\n",
     NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"BOM", "a|b\n1| 2 \n", NULL, FP_BOM, 0, 0, 0, AK_OK},
    {"BOM and a quoted header", "\"a\"|\"b\"\r\n\"1\"|2\r\n", NULL, FP_BOM, 0,
     0, 0, AK_OK},
    {"UTF-16LE", "a|b\n 1 |\"x\"\"y\"\r\nz|\"æøå\" \n", NULL, FP_U16LE, 0, 0,
     0, AK_OK},
    {"UTF-16BE", "a|b\r\n 1 |\"x\"\"y\"\r\nz|\"æøå\" \r\n", NULL, FP_U16BE,
     0, 0, 0, AK_OK},
    {"Windows-1252 text",
     "kommune|tekst\nKøbenhavn| æøå € \n\"Ærø\"|\"x \"\"y\"\"\"\r\n", NULL,
     FP_CP1252, 0, 0, 0, AK_OK},
    {"Windows-1252 NBSP", "a|b\n\xC2\xA0x|\"\xC2\xA0\" \n \xC2\xA0|æ\n", NULL,
     FP_CP1252, 0, 0, 0, AK_OK},
    {"fields of exactly max_field",
     "a|b\n12345678|\"1234\"\"567\"\n  12345678  |\"12345678\"  \n"
     "1234567 |   \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"  \n",
     NULL, FP_UTF8, 8, 0, 0, AK_OK},
    {"an unquoted field over max_field", "a|b\n1|2\n123456789|x\n", NULL,
     FP_UTF8, 8, 0, 0, AK_ERR_LIMIT},
    {"a quoted field over max_field", "a|b\n\"12345678\"\"\"|x\n", NULL,
     FP_UTF8, 8, 0, 0, AK_ERR_LIMIT},
    {"a field over max_field with blanks", "a|b\n  1234 5678\t|x\n", NULL,
     FP_UTF8, 8, 0, 0, AK_ERR_LIMIT},
    {"a field over max_field over lines", "a|b\n\"1234\n5678\"|x\n", NULL,
     FP_UTF8, 8, 0, 0, AK_ERR_LIMIT},
    {"records of exactly max_fields", "a|b|c\n1|2|3\n|\"\"|\n \"x\" |y|z \n",
     NULL, FP_UTF8, 0, 3, 0, AK_OK},
    {"a record over max_fields", "a|b|c\n1|2|3\n1|2|3|4\n", NULL, FP_UTF8, 0,
     3, 0, AK_ERR_LIMIT},
    {"a trailing delimiter over max_fields", "a|b|c\n1|2|3|\n", NULL,
     FP_UTF8, 0, 3, 0, AK_ERR_LIMIT},
    {"a blank record over max_fields", "a|b|c\n|||\n", NULL, FP_UTF8, 0, 3, 0,
     AK_ERR_LIMIT},
    {"max_records reached", "a|b\n1|2\n\n3|4\n5|6\n", NULL, FP_UTF8, 0, 0, 3,
     AK_ERR_LIMIT},
    {"exactly max_records", "a|b\n1|2\n \n3|4\n||\n", NULL, FP_UTF8, 0, 0, 3,
     AK_OK},
    {"blank lines before the header", "\n  \n\r\n\n a|b\n1|2\n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"a header with quotes",
     "\"kommune\"\"nr\"|\" kommune \"| \"q1a\" \n101|\"K\"|1\n", NULL, FP_UTF8,
     0, 0, 0, AK_OK},
    {"a delimiter inside quotes", "\"a|b\"|c|d\n\"1|2\"|3|\"4|\"\n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"tabs as blanks", "a|b|c\n\t1\t|\t\"2\"\t|\t\t\n\t\t\n", NULL, FP_UTF8, 0,
     0, 0, AK_OK},
    {"tabs and spaces inside unquoted fields", "a|b\nx \t y| \t\n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"a quoted delimiter and line end", "a|b\n\"x|y\"|\"p\nq|r\"\n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"one column", "a\n1\n\"2\"\n 3 \n\"\"\n", ",", FP_UTF8, 0, 0, 0, AK_OK},
    {"quoted empty and blanks", "a|b\n\"\"  |  \"\"\n \"\" | \n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"CR only lines", "a|b\r\r\n1|2\r\r\r\n\r", NULL, FP_UTF8, 0, 0, 0, AK_OK},
    {"a quote opened after blanks at the line end", "a|b\n1| \"\n\"\n", NULL,
     FP_UTF8, 0, 0, 0, AK_OK},
    {"a line of one quote", "a\n\"\n\"\n", ",", FP_UTF8, 0, 0, 0, AK_OK},
    {"multi-byte characters", "a|b\n€|\"æø\"\n æ | \"å\" \n", NULL, FP_UTF8,
     0, 0, 0, AK_OK},
    {"only line ends", "\n\r\n\r\n\n", ",", FP_UTF8, 0, 0, 0, AK_OK},
    {"empty input", "", ",", FP_UTF8, 0, 0, 0, AK_ERR_INPUT},
    {"a quote that never closes, CRLF", "a|b\r\n1|2\r\n\"3|4\r\n", NULL,
     FP_UTF8, 0, 0, 0, AK_ERR_INPUT},
    {"a field over max_field, CRLF", "a|b\r\n\"123456789\"\r\n", NULL,
     FP_UTF8, 8, 0, 0, AK_ERR_LIMIT},
};

/* The input of case c with delimiter delim, encoded; g_free() it. */
static char *fp_input(const fp_case *c, const char *text, char delim,
                      size_t *len)
{
    char *t = g_strdup(text);
    for (char *p = t; *p; p++)
        if (*p == '|')
            *p = delim;
    switch (c->enc) {
    case FP_BOM: {
        char *b = g_strconcat("\xEF\xBB\xBF", t, NULL);
        g_free(t);
        *len = strlen(b);
        return b;
    }
    case FP_U16LE:
    case FP_U16BE: {
        char *b = encode(t, c->enc == FP_U16LE ? "UTF-16LE" : "UTF-16BE",
                         c->enc == FP_U16LE ? "\xFF\xFE" : "\xFE\xFF", 2,
                         len);
        g_free(t);
        return b;
    }
    case FP_CP1252: {
        char *b = encode(t, "CP1252", "", 0, len);
        g_free(t);
        return b;
    }
    default:
        *len = strlen(t);
        return t;
    }
}

static const char *fp_delim_name(char d)
{
    return d == '\t' ? "tab" : d == ';' ? "';'" : "','";
}

/* Every read of one case with one delimiter; text overrides c->text. */
static void fp_check(const fp_case *c, const char *text, char delim)
{
    ak_limits lim;
    ak_limits_default(&lim);
    if (c->max_field)
        lim.max_field = c->max_field;
    if (c->max_fields)
        lim.max_fields = c->max_fields;
    if (c->max_records)
        lim.max_records = c->max_records;
    size_t len = 0;
    char *buf = fp_input(c, text, delim, &len);
    char what[200];
    snprintf(what, sizeof what, "fast path: input '%s', delimiter %s, whole",
             c->name, fp_delim_name(delim));
    fp_read fast, slow;
    fp_read_buf(&fast, buf, len, &lim, 0, 0);
    fp_read_buf(&slow, buf, len, &lim, 1, 0);
    AK_CHECK(fp_compare(what, "fast path", &fast, "libcsv only", &slow, 1) ==
             0);
    if (c->want != FP_ANY && (int)fast.st != c->want) {
        fprintf(stderr, "%s: status %d, expected %d\n", what, (int)fast.st,
                c->want);
        AK_CHECK(0);
    }
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        snprintf(what, sizeof what,
                 "fast path: input '%s', delimiter %s, chunks of %zu", c->name,
                 fp_delim_name(delim), chunk);
        fp_read cf, cs;
        fp_read_buf(&cf, buf, len, &lim, 0, chunk);
        fp_read_buf(&cs, buf, len, &lim, 1, chunk);
        AK_CHECK(fp_compare(what, "fast path", &cf, "libcsv only", &cs, 1) ==
                 0);
        AK_CHECK(fp_compare(what, "fast path whole", &fast,
                            "fast path chunked", &cf, 0) == 0);
        if (cf.delim && cf.delim != delim) {
            fprintf(stderr, "%s: delimiter %s detected\n", what,
                    fp_delim_name(cf.delim));
            AK_CHECK(0);
        }
        fp_read_done(&cf);
        fp_read_done(&cs);
    }
    fp_read_done(&fast);
    fp_read_done(&slow);
    g_free(buf);
}

static void test_fast_path_matches_libcsv(void)
{
    /* The fast path is on unless AK_CSV_SLOW is set. */
    unsetenv("AK_CSV_SLOW");
    const size_t n = sizeof fp_cases / sizeof fp_cases[0];
    AK_CHECK(n >= 40);
    /* All the UTF-8 inputs with default limits one after the other, so
     * that the forms meet each other and the chunk ends fall everywhere. */
    GString *all = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        const fp_case *c = &fp_cases[i];
        const char *delims = c->delims ? c->delims : ",;\t";
        for (const char *d = delims; *d; d++)
            fp_check(c, c->text, *d);
        if (c->enc == FP_UTF8 && !c->max_field && !c->max_fields &&
            !c->max_records && c->want == AK_OK && !c->delims)
            g_string_append(all, c->text);
    }
    const fp_case joined = {"all OK inputs joined", NULL, NULL, FP_UTF8, 0, 0,
                            0, AK_OK};
    for (const char *d = ",;\t"; *d; d++)
        fp_check(&joined, all->str, *d);
    /* Small limits on the joined inputs: whatever the status, the same. */
    const fp_case small = {"all OK inputs joined, small limits", NULL, NULL,
                           FP_UTF8, 4, 3, 12, FP_ANY};
    for (const char *d = ",;\t"; *d; d++)
        fp_check(&small, all->str, *d);
    g_string_free(all, TRUE);
}

/* xorshift64*: deterministic random inputs. */
static uint64_t fp_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/*
 * Random lines of the pieces the fast path must tell apart (blanks, quotes,
 * doubled quotes, delimiters, every line end, a no-break space), after a
 * fixed header so that the delimiter is known: 3000 inputs per delimiter,
 * every other one with small limits, read whole and in chunks of a few
 * sizes, with and without the fast path.
 */
static void test_fast_path_random_lines(void)
{
    static const char *const piece[] = {
        "a", "bc", "12345", " ", "  ", "\t", "\"", "\"\"", "\"x\"", "\" \"",
        "|", "|", "|", "||", ",", ";", "\r", "\n", "\r\n", "\n", "\xC2\xA0",
        "\xC3\xA6", "\" |", "| \"", "\"\t|", "x\"y",
    };
    static const size_t chunks[] = {1, 2, 3, 5, 8, 13};
    unsetenv("AK_CSV_SLOW");
    uint64_t seed = 20091231;
    GString *t = g_string_new(NULL);
    for (int i = 0; i < 3000; i++) {
        g_string_assign(t, "h1|h2|h3\n");
        int npieces = 1 + (int)(fp_rand(&seed) % 24);
        for (int k = 0; k < npieces; k++)
            g_string_append(
                t, piece[fp_rand(&seed) % (sizeof piece / sizeof piece[0])]);
        if (fp_rand(&seed) % 2)
            g_string_append_c(t, '\n');
        char name[64];
        snprintf(name, sizeof name, "random %d", i);
        fp_case c = {name, NULL, NULL, FP_UTF8, 0, 0, 0, FP_ANY};
        if (i % 2) {
            c.max_field = 4;
            c.max_fields = 4;
            c.max_records = 4;
        }
        ak_limits lim;
        ak_limits_default(&lim);
        if (c.max_field) {
            lim.max_field = c.max_field;
            lim.max_fields = c.max_fields;
            lim.max_records = c.max_records;
        }
        for (const char *d = ",;\t"; *d; d++) {
            size_t len = 0;
            char *buf = fp_input(&c, t->str, *d, &len);
            char what[512], shown[200];
            snprintf(what, sizeof what,
                     "fast path: input '%s' (\"%s\"), delimiter %s, whole",
                     name, fp_show(buf, len, shown, sizeof shown),
                     fp_delim_name(*d));
            fp_read fast, slow;
            fp_read_buf(&fast, buf, len, &lim, 0, 0);
            fp_read_buf(&slow, buf, len, &lim, 1, 0);
            AK_CHECK(fp_compare(what, "fast path", &fast, "libcsv only",
                                &slow, 1) == 0);
            for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
                snprintf(what, sizeof what,
                         "fast path: input '%s' (\"%s\"), delimiter %s, "
                         "chunks of %zu",
                         name, shown, fp_delim_name(*d), chunks[k]);
                fp_read cf, cs;
                fp_read_buf(&cf, buf, len, &lim, 0, chunks[k]);
                fp_read_buf(&cs, buf, len, &lim, 1, chunks[k]);
                AK_CHECK(fp_compare(what, "fast path", &cf, "libcsv only",
                                    &cs, 1) == 0);
                AK_CHECK(fp_compare(what, "fast path whole", &fast,
                                    "fast path chunked", &cf, 0) == 0);
                fp_read_done(&cf);
                fp_read_done(&cs);
            }
            fp_read_done(&fast);
            fp_read_done(&slow);
            g_free(buf);
        }
    }
    g_string_free(t, TRUE);
}

/* ---- layer 2 ----------------------------------------------------------- */

static const char test_codebook[] =
    "variable,question,type,asked_if,label,block,register\n"
    "kommunenr,Kommunenummer,id,,Id,,kommuner\n"
    "kommune,Kommune,name,,Navn,,\n"
    "kontakt,Kontakt,pii,,Persondata,,\n"
    "note,Note,note,,Note,,\n"
    "q1a,1.a,yesno,,Tilsyn,,\n"
    "q1_1a,1.1a,count,q1a=1,Antal,,\n"
    "q3a,3a,checkbox,q1a=1,A,3,\n"
    "q3b,3b,checkbox,q1a=1,B,3,\n"
    "q5,5,decimal,q1a=1,Besøg,,\n"
    "t,5.1,text,,Tekst,,\n";

static ak_codebook *load_cb(void)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    ak_status st = ak_codebook_parse(test_codebook, strlen(test_codebook),
                                     "cb.csv", &cb, d);
    if (st != AK_OK)
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    AK_CHECK_EQ_INT(st, AK_OK);
    ak_diags_free(d);
    return cb;
}

typedef struct rows_seen {
    const ak_codebook *cb;
    GString *s;
    int no_col;          /* leave the field numbers out */
} rows_seen;

/* "index@line: var=state/num/'raw'/col ..." for the typed rows */
static int dump_row(ak_row *row, void *ud)
{
    rows_seen *r = ud;
    static const char st[] = "AUNI";
    g_string_append_printf(r->s, "%ld@%ld:", row->index, row->line);
    for (size_t i = 0; i < row->nvars; i++) {
        const ak_value *x = &row->v[i];
        AK_CHECK_EQ_INT(strlen(x->raw), x->rawlen);
        g_string_append_printf(r->s, " %s=%c%lld'%s'", r->cb->vars[i].name,
                               st[x->state], (long long)x->num, x->raw);
        if (!r->no_col)
            g_string_append_printf(r->s, "%ld", x->col);
    }
    g_string_append_c(r->s, '\n');
    return 0;
}

/* Ingest text; returns the dump and the diagnostics as text. */
static ak_status ingest_text(const ak_codebook *cb, const char *text,
                             GString *rows, GString *diags)
{
    ak_diags *d = ak_diags_new();
    rows_seen r = {cb, rows, 0};
    ak_status st = ak_ingest_mem(text, strlen(text), "in.csv", cb, NULL,
                                 dump_row, &r, d);
    for (size_t i = 0; i < ak_diags_count(d); i++) {
        const ak_diag *g = ak_diags_get(d, i);
        g_string_append_printf(diags, "%s:%ld:%ld: %s: %s\n", g->file, g->line,
                               g->col, ak_severity_name(g->sev), g->message);
    }
    ak_diags_free(d);
    return st;
}

static void test_typed_values(void)
{
    ak_codebook *cb = load_cb();
    if (!cb)
        return;
    GString *rows = g_string_new(NULL), *dg = g_string_new(NULL);
    const char *text =
        "T;Q5;Q3B;q3a;Q1_1A;q1a;kontakt;kommunenr\n"
        "fri tekst;2,05;x;0;12;Ja;Hans Hansen;101\n"
        " ; 1.5 ; X ; 1 ; 0 ; nej ; ; 147\n"
        ";abc;2;ja;-1;3;;151\n"
        ";99999999,95;;;2147483647;2;;153\n"
        ";;;;2147483648;;;155\n"
        "\xC2\xA0 ; \t\n";   /* blanks only: a blank row */
    AK_CHECK_EQ_INT(ingest_text(cb, text, rows, dg), AK_OK);
    AK_CHECK_EQ_STR(dg->str, "");
    AK_CHECK_EQ_STR(
        rows->str,
        "1@2: kommunenr=A0'101'8 kommune=U0''0 kontakt=A0''7 note=U0''0 "
        "q1a=A10'Ja'6 q1_1a=A120'12'5 q3a=A0'0'4 q3b=A10'x'3 q5=A21'2,05'2 "
        "t=A0'fri tekst'1\n"
        "2@3: kommunenr=A0'147'8 kommune=U0''0 kontakt=U0''7 note=U0''0 "
        "q1a=A20'nej'6 q1_1a=A0'0'5 q3a=A10'1'4 q3b=A10'X'3 q5=A15'1.5'2 "
        "t=U0''1\n"
        "3@4: kommunenr=A0'151'8 kommune=U0''0 kontakt=U0''7 note=U0''0 "
        "q1a=I0'3'6 q1_1a=I0'-1'5 q3a=I0'ja'4 q3b=I0'2'3 q5=I0'abc'2 t=U0''1\n"
        "4@5: kommunenr=A0'153'8 kommune=U0''0 kontakt=U0''7 note=U0''0 "
        "q1a=A20'2'6 q1_1a=A21474836470'2147483647'5 q3a=U0''4 q3b=U0''3 "
        "q5=A1000000000'99999999,95'2 t=U0''1\n"
        "5@6: kommunenr=A0'155'8 kommune=U0''0 kontakt=U0''7 note=U0''0 "
        "q1a=U0''6 q1_1a=I0'2147483648'5 q3a=U0''4 q3b=U0''3 q5=U0''2 "
        "t=U0''1\n");
    g_string_free(rows, TRUE);
    g_string_free(dg, TRUE);
    ak_codebook_free(cb);
}

static void test_header_problems(void)
{
    ak_codebook *cb = load_cb();
    if (!cb)
        return;
    GString *rows = g_string_new(NULL), *dg = g_string_new(NULL);
    /* missing columns (all named in one message), unknown, unnamed and
     * duplicated columns; rows with too few / too many fields */
    const char *text = "kommunenr,q1a,ekstra,,Q1A,q3a\n"
                       "101,1,,,1,1\n"
                       "147,1\n"
                       "151,1,,,1,1,7\n";
    AK_CHECK_EQ_INT(ingest_text(cb, text, rows, dg), AK_ERR_INPUT);
    AK_CHECK_EQ_STR(rows->str, "");
    AK_CHECK_EQ_STR(dg->str,
                    "in.csv:1:3: advarsel: ukendt kolonne 'ekstra' ignoreres\n"
                    "in.csv:1:4: advarsel: kolonne 4 har intet navn og "
                    "ignoreres\n"
                    "in.csv:1:5: fejl: kolonnen 'q1a' står to gange (kolonne 2 "
                    "og 5)\n"
                    "in.csv:1:0: fejl: mangler kolonnerne 'q1_1a', 'q3b', "
                    "'q5', 't'\n"
                    "in.csv:3:0: fejl: rækken har 2 felter, men overskriften "
                    "har 6\n"
                    "in.csv:4:0: fejl: rækken har 7 felter, men overskriften "
                    "har 6\n");
    g_string_truncate(dg, 0);
    AK_CHECK_EQ_INT(ingest_text(cb, "\n \n\n", rows, dg), AK_ERR_INPUT);
    AK_CHECK_EQ_STR(dg->str, "in.csv:0:0: fejl: filen er tom (kun tomme linjer)\n");
    g_string_truncate(dg, 0);
    AK_CHECK_EQ_INT(ingest_text(cb, "", rows, dg), AK_ERR_INPUT);
    AK_CHECK_EQ_STR(dg->str, "in.csv:0:0: fejl: filen er tom\n");
    g_string_truncate(dg, 0);
    /* one missing column: singular */
    AK_CHECK_EQ_INT(ingest_text(cb, "kommunenr,q1a,q1_1a,q3a,q3b,q5\n", rows,
                                dg),
                    AK_ERR_INPUT);
    AK_CHECK_EQ_STR(dg->str, "in.csv:1:0: fejl: mangler kolonnen 't'\n");
    g_string_truncate(dg, 0);
    /* an unterminated quote names the line where it opened */
    AK_CHECK_EQ_INT(ingest_text(cb,
                                "kommunenr,q1a,q1_1a,q3a,q3b,q5,t\n"
                                "101,1,2,1,0,1,\"ok\nok\"\n"
                                "147,1,2,1,0,1,\"åben\n"
                                "151,1,2,1,0,1,x\n",
                                rows, dg),
                    AK_ERR_INPUT);
    AK_CHECK_EQ_STR(dg->str, "in.csv:4:7: fejl: anførselstegnet i linje 4 "
                             "lukkes aldrig\n");
    AK_CHECK_CONTAINS(rows->str, "1@2:");
    g_string_free(rows, TRUE);
    g_string_free(dg, TRUE);
    ak_codebook_free(cb);
}

/* The same rows through a file, read in chunks: identical. */
static void test_ingest_file(void)
{
    ak_codebook *cb = load_cb();
    if (!cb)
        return;
    const char *text = "kommunenr;q1a;q1_1a;q3a;q3b;q5;t\r\n"
                       "101;1;2;1;0;1,25;\"a\r\nb\"\r\n";
    char path[] = "/tmp/ak_test_ingest_XXXXXX";
    int fd = g_mkstemp(path);
    AK_CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs(text, f);
    fclose(f);
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    rows_seen ra = {cb, a, 0};
    ak_diags *d = ak_diags_new();
    AK_CHECK_EQ_INT(ak_ingest_file(path, cb, NULL, dump_row, &ra, d), AK_OK);
    GString *dg = g_string_new(NULL);
    AK_CHECK_EQ_INT(ingest_text(cb, text, b, dg), AK_OK);
    AK_CHECK_EQ_STR(a->str, b->str);
    AK_CHECK_CONTAINS(a->str, "q5=A13'1,25'6 t=A0'a\nb'7");
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    remove(path);
    ak_diags_free(d);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    g_string_free(dg, TRUE);
    ak_codebook_free(cb);
}

/* The committed dialect fixtures (tests/data): every dialect gives the
 * same typed rows, from a file and from memory in any chunking. */
static void test_dialect_files(void)
{
    static const char *const names[] = {
        "utf8", "utf8bom-crlf", "utf16le-crlf", "utf16be", "cp1252-crlf",
        "cp1252-tab", "reordered"};
    static const ak_encoding encs[] = {
        AK_ENC_UTF8, AK_ENC_UTF8_BOM, AK_ENC_UTF16LE, AK_ENC_UTF16BE,
        AK_ENC_CP1252, AK_ENC_CP1252, AK_ENC_UTF8};
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    AK_CHECK_EQ_INT(ak_codebook_load(AK_HOME "/data/codebook.csv", &cb, d),
                    AK_OK);
    if (!cb) {
        ak_diags_free(d);
        return;
    }
    char *first = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = g_strdup_printf(AK_HOME "/tests/data/dialect-%s.csv",
                                     names[i]);
        GString *rows = g_string_new(NULL);
        rows_seen r = {cb, rows, 1};
        AK_CHECK_EQ_INT(ak_ingest_file(path, cb, NULL, dump_row, &r, d), AK_OK);
        AK_CHECK_CONTAINS(rows->str, "q5_1=A21'2,05'");
        AK_CHECK_CONTAINS(rows->str, "q13a=A20'2,04'");
        AK_CHECK_CONTAINS(rows->str, "q7b=A10'0.95'");
        AK_CHECK_CONTAINS(rows->str, "q5_1_1=A0'Bemærk: \"særlig\" aftale\nlinje 2'");
        AK_CHECK_CONTAINS(rows->str, "q2_2_1=A0'Se bilag – 5 € pr. \"besøg\"'");
        AK_CHECK(strstr(rows->str, "Ærlig") == NULL);
        if (!first)
            first = g_strdup(rows->str);
        else
            AK_CHECK_EQ_STR(rows->str, first);
        /* layer 1 over the raw bytes: encoding, and any chunking */
        gchar *buf = NULL;
        gsize len = 0;
        AK_CHECK(g_file_get_contents(path, &buf, &len, NULL));
        ak_encoding enc = AK_ENC_UTF8;
        char *whole = read_chunked(buf, len, 0, NULL, &enc, NULL);
        AK_CHECK_EQ_INT(enc, encs[i]);
        for (size_t c = 1; c <= 64; c++) {
            char *o = read_chunked(buf, len, c, NULL, NULL, NULL);
            if (strcmp(o, whole) != 0) {
                fprintf(stderr, "%s: chunks of %zu differ\n", names[i], c);
                AK_CHECK(0);
            }
            g_free(o);
        }
        g_free(whole);
        g_free(buf);
        g_string_free(rows, TRUE);
        g_free(path);
    }
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    g_free(first);
    ak_codebook_free(cb);
    ak_diags_free(d);
}

static void check_dec(const char *s, int64_t max, int ok, int64_t want)
{
    int64_t v = -7;
    int rc = ak_parse_decimal(s, strlen(s), max, &v);
    if (ok) {
        AK_CHECK_EQ_INT(rc, 0);
        AK_CHECK_EQ_INT(v, want);
        if (rc != 0 || v != want)
            fprintf(stderr, "  for '%s'\n", s);
    } else {
        AK_CHECK_EQ_INT(rc, -1);
        AK_CHECK_EQ_INT(v, -7);
        if (rc != -1)
            fprintf(stderr, "  for '%s'\n", s);
    }
}

static void test_decimal(void)
{
    const int64_t M = 2147483647;
    check_dec("2,05", M, 1, 21);
    check_dec("2,04", M, 1, 20);
    check_dec("1,05", M, 1, 11);
    check_dec("0,95", M, 1, 10);
    check_dec("0,05", M, 1, 1);
    check_dec("0,049999", M, 1, 0);
    check_dec("1,949999", M, 1, 19);
    check_dec("1,95", M, 1, 20);
    check_dec("9,95", M, 1, 100);
    check_dec("99999999,95", M, 1, 1000000000);
    check_dec("1.5", M, 1, 15);
    check_dec("1,5", M, 1, 15);
    check_dec("007,50", M, 1, 75);
    check_dec("0", M, 1, 0);
    check_dec("12", M, 1, 120);
    check_dec("  3 ", M, 1, 30);
    check_dec("3\t", M, 1, 30);
    check_dec("214748364,7", M, 1, M);
    check_dec("214748364,75", M, 0, 0);
    check_dec("214748364,8", M, 0, 0);
    check_dec("10", 100, 1, 100);
    check_dec("10,04", 100, 1, 100);
    check_dec("10,05", 100, 0, 0);
    check_dec("0,5", 4, 0, 0);
    check_dec("0,4", 4, 1, 4);
    check_dec("922337203685477580,7", INT64_MAX, 1, INT64_MAX);
    check_dec("922337203685477580,75", INT64_MAX, 0, 0);
    check_dec("99999999999999999999999999", INT64_MAX, 0, 0);
    static const char *const bad[] = {
        "", " ", ",5", ".5", "5,", "5.", "1,2,3", "1.000,5", "1,000.5", "-1",
        "+1", "-0,5", "1e3", "abc", "1 5", "1,5a", "0x10", "\xEF\xBC\x91",
        "1,,5", "NaN", "inf"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_dec(bad[i], M, 0, 0);
    check_dec("1", -1, 0, 0);
}

/* Feed buf whole to a UTF-8 reader; the records it split by the fast path,
 * or -1 when the read failed. */
static long fast_count(const char *buf, GString *dump)
{
    ak_diags *d = ak_diags_new();
    ak_csv *r = ak_csv_new("fast.csv", AK_ENC_UTF8, NULL, dump_record, dump,
                           d);
    long n = -1;
    if (r && ak_csv_feed(r, buf, strlen(buf)) == AK_OK &&
        ak_csv_finish(r) == AK_OK)
        n = ak_csv_fast_records(r);
    ak_csv_free(r);
    ak_diags_free(d);
    return n;
}

/* The differential tests above pass whether or not the fast path runs; this
 * one makes sure it does, where it should, and gives the same records. */
static void test_fast_path_taken(void)
{
    const char *plain = "a,b,c\n1, 2 ,\"x, \"\"y\"\"\"\r\n3,,\n";
    GString *fast = g_string_new(NULL), *slow = g_string_new(NULL);
    AK_CHECK_EQ_INT(fast_count(plain, fast), 3);
    setenv("AK_CSV_SLOW", "1", 1);
    AK_CHECK_EQ_INT(fast_count(plain, slow), 0);
    unsetenv("AK_CSV_SLOW");
    AK_CHECK_EQ_STR(fast->str, slow->str);
    AK_CHECK_EQ_STR(fast->str, "0@1:a|b|c\n1@2:1|2|x, \"y\"\n2@3:3||\n");

    /* Declined: a quoted field over two lines, a quote inside an unquoted
     * field, a lone CR; the lines around them still take the fast path. */
    const char *mixed = "a,b\n1,\"two\nlines\"\nq\"q,3\n4,\r5\n6,7\n";
    g_string_truncate(fast, 0);
    g_string_truncate(slow, 0);
    AK_CHECK_EQ_INT(fast_count(mixed, fast), 2);   /* the header, "6,7" */
    setenv("AK_CSV_SLOW", "1", 1);
    AK_CHECK_EQ_INT(fast_count(mixed, slow), 0);
    unsetenv("AK_CSV_SLOW");
    AK_CHECK_EQ_STR(fast->str, slow->str);
    g_string_free(fast, TRUE);
    g_string_free(slow, TRUE);
}

/* The input's checksum from the sniffing pass: FIPS 180-2's "abc" in any
 * chunking, nothing when not asked for, and a file's SHA-256 as
 * coreutils' sha256sum gives it, with the same rows as without. */
static void test_checksum(void)
{
    char hex[65];
    ak_sniff *s = ak_sniff_new("x");
    AK_CHECK(s != NULL);
    AK_CHECK_EQ_INT(ak_sniff_hash(s), 0);
    ak_sniff_feed(s, "a", 1);
    ak_sniff_feed(s, "bc", 2);
    ak_sniff_sha256(s, hex);
    AK_CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ak_sniff_free(s);
    s = ak_sniff_new("x");
    ak_sniff_feed(s, "abc", 3);
    ak_sniff_sha256(s, hex);
    AK_CHECK_EQ_STR(hex, "");
    ak_sniff_free(s);
    /* FIPS 180-2's two-block message, one byte at a time */
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    s = ak_sniff_new("x");
    AK_CHECK_EQ_INT(ak_sniff_hash(s), 0);
    for (const char *c = m; *c; c++)
        ak_sniff_feed(s, c, 1);
    ak_sniff_sha256(s, hex);
    AK_CHECK_EQ_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    ak_sniff_sha256(s, hex);   /* again: the same */
    AK_CHECK_EQ_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    ak_sniff_free(s);

    ak_codebook *cb = load_cb();
    if (!cb)
        return;
    const char *text = "kommunenr;q1a;q1_1a;q3a;q3b;q5;t\r\n"
                       "101;1;2;1;0;1,25;\"a\r\nb\"\r\n";
    char path[] = "/tmp/ak_test_ingest_XXXXXX";
    int fd = g_mkstemp(path);
    AK_CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs(text, f);
    fclose(f);
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    rows_seen ra = {cb, a, 0}, rb = {cb, b, 0};
    ak_diags *d = ak_diags_new();
    memset(hex, 'x', sizeof hex);
    AK_CHECK_EQ_INT(ak_ingest_file_sha256(path, cb, NULL, dump_row, &ra, d,
                                          hex), AK_OK);
    AK_CHECK_EQ_STR(hex, "a70aa19bd0b2faeaa8f3a283fb73e3818eb464f6e29484145c790fad2d0f7f36");
    AK_CHECK_EQ_INT(ak_ingest_file(path, cb, NULL, dump_row, &rb, d), AK_OK);
    AK_CHECK_EQ_STR(a->str, b->str);
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    remove(path);
    /* a file that cannot be read: no checksum */
    AK_CHECK(ak_ingest_file_sha256(path, cb, NULL, dump_row, &ra, d, hex) !=
             AK_OK);
    AK_CHECK_EQ_STR(hex, "");
    ak_diags_free(d);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    ak_codebook_free(cb);
}

AK_TEST_MAIN(test_encodings, test_cp1252_late, test_sniff_positions,
             test_delimiters,
             test_quotes_and_lines, test_unterminated_quote, test_not_text,
             test_limits, test_stop_and_mem, test_fast_path_matches_libcsv,
             test_fast_path_taken,
             test_fast_path_random_lines, test_typed_values,
             test_header_problems, test_ingest_file, test_dialect_files,
             test_decimal, test_checksum)
