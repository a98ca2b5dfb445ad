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

AK_TEST_MAIN(test_encodings, test_cp1252_late, test_sniff_positions,
             test_delimiters,
             test_quotes_and_lines, test_unterminated_quote, test_not_text,
             test_limits, test_stop_and_mem, test_typed_values,
             test_header_problems, test_ingest_file, test_dialect_files,
             test_decimal)
