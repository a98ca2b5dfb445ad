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

AK_TEST_MAIN(test_encodings, test_cp1252_late, test_delimiters,
             test_quotes_and_lines, test_unterminated_quote, test_not_text,
             test_limits, test_stop_and_mem)
