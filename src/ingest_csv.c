/*
 * CSV record reader, layer 1 of the ingest module; see include/ak_ingest.h.
 *
 * Input flows through three steps, all streaming:
 *
 *   raw bytes --(BOM skip, GIConv to UTF-8)--> UTF-8 text
 *             --(header line buffered until the delimiter is known)-->
 *             --(a whole one-line record in the common forms)--> fast_line()
 *             --(anything else: split after every CR and LF)--> libcsv,
 *               one line at a time
 *
 * libcsv's callbacks carry no positions, so the reader feeds it one
 * physical line at a time and keeps the line numbers itself: a record
 * starts on the first line that holds a byte libcsv does not skip at the
 * start of a row, and a field starts on the line where the previous field
 * ended.  That is also how an unterminated quote is traced back to the
 * line where it opened.
 *
 * This file is the only one in the project that includes <csv.h>.
 */
#include "ak_ingest.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_sha256.h"

/* Read and convert in slices of this size: memory never depends on the
 * input size. */
#define AK_CHUNK 65536

void ak_limits_default(ak_limits *lim)
{
    lim->max_field = (size_t)8 << 20;
    lim->max_fields = 2000;
    lim->max_records = 50000000;
}

const char *ak_encoding_name(ak_encoding e)
{
    switch (e) {
    case AK_ENC_UTF8: return "UTF-8";
    case AK_ENC_UTF8_BOM: return "UTF-8 med BOM";
    case AK_ENC_UTF16LE: return "UTF-16LE";
    case AK_ENC_UTF16BE: return "UTF-16BE";
    case AK_ENC_CP1252: return "Windows-1252";
    }
    return "?";
}

/* ---- line counting ------------------------------------------------------ */

/*
 * A line ends at LF, at CRLF, or at a CR not followed by LF.  'line' is the
 * line of the next character; the CR case can only be decided when the
 * next character arrives, hence pending_cr.
 */
typedef struct linepos {
    long line;
    int pending_cr;
} linepos;

static void lp_init(linepos *p)
{
    p->line = 1;
    p->pending_cr = 0;
}

/* The line of character c; then move past it. */
static long lp_step(linepos *p, unsigned c)
{
    if (p->pending_cr) {
        p->pending_cr = 0;
        if (c != '\n')
            p->line++;
    }
    long l = p->line;
    if (c == '\n')
        p->line++;
    else if (c == '\r')
        p->pending_cr = 1;
    return l;
}

/* Advance p over the n bytes at s: the same result as lp_step() on every
 * byte, but line ends are found with memchr(), so a long line costs next
 * to nothing. */
static void lp_skip(linepos *p, const unsigned char *s, size_t n)
{
    if (!n)
        return;
    const unsigned char *end = s + n, *q;
    if (p->pending_cr) {
        p->pending_cr = 0;
        if (s[0] != '\n')
            p->line++;
    }
    for (q = s; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
        p->line++;
    /* A CR ends a line unless an LF follows (that LF was counted). */
    for (q = s; (q = memchr(q, '\r', (size_t)(end - q))) != NULL; q++) {
        if (q + 1 == end)
            p->pending_cr = 1;
        else if (q[1] != '\n')
            p->line++;
    }
}

/* The line of byte s[i], for a chunk s that starts at position *at. */
static long lp_line_at(const linepos *at, const unsigned char *s, size_t i)
{
    linepos p = *at;
    lp_skip(&p, s, i);
    return lp_step(&p, s[i]);
}

/* ---- encoding sniffer -------------------------------------------------- */

enum sniff_mode {
    SM_UNDECIDED, SM_PLAIN, SM_UTF8BOM, SM_UTF16LE, SM_UTF16BE, SM_ZIP, SM_OLE
};

struct ak_sniff {
    char *name;
    unsigned char pre[8];   /* the first bytes, until the mode is known */
    size_t npre;
    enum sniff_mode mode;
    unsigned long long content;  /* bytes (or UTF-16 units) after any BOM */
    linepos lp;
    /* UTF-8 validation (plain and BOM modes) */
    int u8_need;
    unsigned char u8_lo, u8_hi;
    long u8_bad_line;
    /* Windows-1252: the first byte with no character */
    long cp_bad_line;
    unsigned char cp_bad_byte;
    /* NUL anywhere */
    long nul_line;
    unsigned long long nuls;
    /* UTF-16 */
    int has_odd;
    unsigned char odd;
    int want_low;          /* a high surrogate waits for its low half */
    long u16_bad_line;
    ak_sha256 sum;         /* SHA-256 of the bytes fed (sum.ctx: asked) */
};

ak_sniff *ak_sniff_new(const char *name)
{
    ak_sniff *s = ak_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = ak_strdup(name ? name : "");
    if (!s->name) {
        ak_free(s);
        return NULL;
    }
    lp_init(&s->lp);
    s->u8_lo = 0x80;
    s->u8_hi = 0xBF;
    return s;
}

void ak_sniff_free(ak_sniff *s)
{
    if (!s)
        return;
    ak_sha256_done(&s->sum);
    ak_free(s->name);
    ak_free(s);
}

int ak_sniff_hash(ak_sniff *s)
{
    if (!s)
        return -1;
    return s->sum.ctx ? 0 : ak_sha256_init(&s->sum);
}

void ak_sniff_sha256(ak_sniff *s, char hex[65])
{
    hex[0] = '\0';
    if (s && s->sum.ctx)
        ak_sha256_hex(&s->sum, hex);
}

/* Bytes in 0x80..0xFF: one 8-byte word tested at a time. */
#define HIGH_BITS 0x8080808080808080ULL

/* One byte >= 0x80 of a file that is either UTF-8 or Windows-1252, or any
 * byte while a UTF-8 sequence is open; i is its offset in chunk p, which
 * starts at line position *at. */
static void sniff_high_byte(ak_sniff *s, const linepos *at,
                            const unsigned char *p, size_t i)
{
    unsigned char c = p[i];
    /* The five byte values Windows-1252 leaves undefined. */
    if (!s->cp_bad_line &&
        (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)) {
        s->cp_bad_line = lp_line_at(at, p, i);
        s->cp_bad_byte = c;
    }
    if (s->u8_bad_line)
        return;
    if (s->u8_need) {
        if (c < s->u8_lo || c > s->u8_hi) {
            s->u8_bad_line = lp_line_at(at, p, i);
            s->u8_need = 0;
            return;
        }
        s->u8_need--;
        s->u8_lo = 0x80;
        s->u8_hi = 0xBF;
        return;
    }
    /* Well-formed UTF-8 (Unicode table 3-7): no overlong forms, no
     * surrogates, nothing above U+10FFFF. */
    if (c >= 0xC2 && c <= 0xDF) {
        s->u8_need = 1;
    } else if (c == 0xE0) {
        s->u8_need = 2;
        s->u8_lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        s->u8_need = 2;
    } else if (c == 0xED) {
        s->u8_need = 2;
        s->u8_hi = 0x9F;
    } else if (c == 0xF0) {
        s->u8_need = 3;
        s->u8_lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        s->u8_need = 3;
    } else if (c == 0xF4) {
        s->u8_need = 3;
        s->u8_hi = 0x8F;
    } else {
        s->u8_bad_line = lp_line_at(at, p, i);
    }
}

/*
 * A chunk of a file that is either UTF-8 or Windows-1252.  Runs of ASCII,
 * almost all of a survey export, are skipped a word at a time; only bytes
 * >= 0x80 (and bytes inside a UTF-8 sequence) go through the state
 * machine.  NUL bytes and line ends are found with memchr().  Lines are
 * counted for the whole chunk, but a line number is computed only for the
 * first byte of each kind of problem.
 */
static void sniff_plain(ak_sniff *s, const unsigned char *p, size_t n)
{
    const linepos at = s->lp;
    s->content += n;
    const unsigned char *z = memchr(p, 0, n);
    if (z) {
        if (!s->nul_line)
            s->nul_line = lp_line_at(&at, p, (size_t)(z - p));
        for (; z < p + n; z++)
            s->nuls += *z == 0;
    }
    size_t i = 0;
    while (i < n && !(s->u8_bad_line && s->cp_bad_line)) {
        if (!s->u8_need) {
            uint64_t w;
            for (; i + 8 <= n; i += 8) {
                memcpy(&w, p + i, 8);
                if (w & HIGH_BITS)
                    break;
            }
            while (i < n && p[i] < 0x80)
                i++;
            if (i == n)
                break;
        }
        sniff_high_byte(s, &at, p, i);
        i++;
    }
    lp_skip(&s->lp, p, n);
}

/* One UTF-16 code unit. */
static void sniff_u16_unit(ak_sniff *s, unsigned u)
{
    long line = lp_step(&s->lp, u);
    s->content++;
    if (u == 0 && !s->nul_line)
        s->nul_line = line;
    if (s->u16_bad_line)
        return;
    if (s->want_low) {
        s->want_low = 0;
        if (u < 0xDC00 || u > 0xDFFF)
            s->u16_bad_line = line;
    } else if (u >= 0xD800 && u <= 0xDBFF) {
        s->want_low = 1;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
        s->u16_bad_line = line;
    }
}

static void sniff_bytes(ak_sniff *s, const unsigned char *p, size_t n)
{
    switch (s->mode) {
    case SM_PLAIN:
    case SM_UTF8BOM:
        sniff_plain(s, p, n);
        break;
    case SM_UTF16LE:
    case SM_UTF16BE:
        for (size_t i = 0; i < n; i++) {
            if (!s->has_odd) {
                s->odd = p[i];
                s->has_odd = 1;
                continue;
            }
            s->has_odd = 0;
            unsigned u = s->mode == SM_UTF16LE
                             ? (unsigned)s->odd | (unsigned)p[i] << 8
                             : (unsigned)s->odd << 8 | (unsigned)p[i];
            sniff_u16_unit(s, u);
        }
        break;
    default:
        break;
    }
}

/* Decide the mode from the first bytes (all of them when the input is
 * shorter than the signatures), then replay them. */
static void sniff_decide(ak_sniff *s)
{
    static const unsigned char zip[4] = {'P', 'K', 3, 4};
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                         0xA1, 0xB1, 0x1A, 0xE1};
    const unsigned char *p = s->pre;
    size_t n = s->npre, skip = 0;
    if (n >= 4 && memcmp(p, zip, 4) == 0) {
        s->mode = SM_ZIP;
    } else if (n >= 8 && memcmp(p, ole, 8) == 0) {
        s->mode = SM_OLE;
    } else if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        s->mode = SM_UTF8BOM;
        skip = 3;
    } else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        s->mode = SM_UTF16LE;
        skip = 2;
    } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        s->mode = SM_UTF16BE;
        skip = 2;
    } else {
        s->mode = SM_PLAIN;
    }
    sniff_bytes(s, p + skip, n - skip);
}

void ak_sniff_feed(ak_sniff *s, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    if (!s || !len)
        return;
    if (s->sum.ctx)
        ak_sha256_update(&s->sum, p, len);
    if (s->mode == SM_UNDECIDED) {
        while (len && s->npre < sizeof s->pre) {
            s->pre[s->npre++] = *p++;
            len--;
        }
        if (s->npre < sizeof s->pre)
            return;
        sniff_decide(s);
    }
    sniff_bytes(s, p, len);
}

long ak_sniff_line(const ak_sniff *s)
{
    if (!s || s->lp.pending_cr ||
        (s->mode != SM_PLAIN && s->mode != SM_UTF8BOM))
        return 0;
    return s->lp.line;
}

ak_status ak_sniff_finish(ak_sniff *s, ak_encoding *enc, ak_diags *d)
{
    if (s->mode == SM_UNDECIDED)
        sniff_decide(s);
    const char *f = s->name;
    int rc = 0;
    switch (s->mode) {
    case SM_ZIP:
        rc = ak_diags_addf(d, AK_SEV_FATAL, "file", f, 0, 0,
                           "filen er ikke en tekstfil, men et zip-arkiv "
                           "(måske et Excel-regneark, .xlsx); gem den som CSV");
        return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
    case SM_OLE:
        rc = ak_diags_addf(d, AK_SEV_FATAL, "file", f, 0, 0,
                           "filen er ikke en tekstfil, men et gammelt "
                           "Office-dokument (måske et Excel-regneark, .xls); "
                           "gem den som CSV");
        return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
    default:
        break;
    }
    if (s->content == 0 && !s->has_odd) {
        rc = ak_diags_addf(d, AK_SEV_FATAL, "file", f, 0, 0, "filen er tom");
        return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
    }
    if (s->nul_line) {
        rc = ak_diags_addf(d, AK_SEV_FATAL, "file", f, s->nul_line, 0,
                           "filen er ikke en tekstfil: den indeholder "
                           "NUL-tegn%s",
                           /* Every other byte NUL: text in UTF-16. */
                           s->mode == SM_PLAIN && s->nuls * 4 >= s->content
                               ? " (måske UTF-16 uden BOM; gem den som "
                                 "UTF-8)"
                               : "");
        return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
    }
    switch (s->mode) {
    case SM_UTF16LE:
    case SM_UTF16BE:
        if (s->u16_bad_line || s->want_low || s->has_odd) {
            long line = s->u16_bad_line ? s->u16_bad_line : s->lp.line;
            rc = ak_diags_addf(d, AK_SEV_FATAL, "encoding", f, line, 0,
                               "ugyldig UTF-16 (filen starter med et "
                               "UTF-16-BOM)");
            return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
        }
        *enc = s->mode == SM_UTF16LE ? AK_ENC_UTF16LE : AK_ENC_UTF16BE;
        return AK_OK;
    case SM_UTF8BOM:
        if (s->u8_bad_line || s->u8_need) {
            long line = s->u8_bad_line ? s->u8_bad_line : s->lp.line;
            rc = ak_diags_addf(d, AK_SEV_FATAL, "encoding", f, line, 0,
                               "ugyldig UTF-8 (filen starter med et "
                               "UTF-8-BOM)");
            return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
        }
        *enc = AK_ENC_UTF8_BOM;
        return AK_OK;
    default:
        break;
    }
    if (!s->u8_bad_line && !s->u8_need) {
        *enc = AK_ENC_UTF8;
        return AK_OK;
    }
    if (s->cp_bad_line) {
        rc = ak_diags_addf(d, AK_SEV_FATAL, "encoding", f, s->cp_bad_line, 0,
                           "filen kan ikke læses: byten 0x%02X er hverken "
                           "gyldig UTF-8 eller Windows-1252",
                           (unsigned)s->cp_bad_byte);
        return rc ? AK_ERR_NOMEM : AK_ERR_INPUT;
    }
    *enc = AK_ENC_CP1252;
    return AK_OK;
}

/* ---- the push reader --------------------------------------------------- */

struct ak_csv {
    char *name;
    ak_encoding enc;
    ak_limits lim;
    ak_record_fn fn;
    void *ud;
    ak_diags *d;
    struct csv_parser p;
    GIConv cd;               /* (GIConv)-1 for UTF-8 input */
    size_t bom_skip;         /* raw BOM bytes still to drop */
    unsigned char carry[8];  /* an incomplete character from the last feed */
    size_t ncarry;
    unsigned char *stage;    /* carry + one slice of input, for iconv */
    char *conv;              /* iconv output */
    /* delimiter detection: the text up to the end of the header line */
    char delim;
    int delim_known;
    char *hdr;
    size_t hdr_len, hdr_cap, hdr_scan, hdr_line0;
    int hdr_content, hdr_inq;
    /* positions */
    linepos lp;              /* in the UTF-8 text */
    long seg_line;           /* line of the segment being parsed */
    long rec_line;           /* line where the current record began, 0 none */
    long field_line;         /* line where the current field began */
    /* the record being assembled; buffers are reused */
    char *rbuf;
    size_t rlen, rcap;
    size_t *lens;            /* per field; the fields lie back to back */
    size_t short_max;        /* min(SHORT_FIELD, lim.max_field) */
    const char **ptrs;
    size_t nf, fcap;
    long nrec;               /* records passed on, header included */
    ak_status st;
    int stopped;
    /* fast_line(): on unless AK_CSV_SLOW is set; byte classes; records
     * it split */
    int fast;
    unsigned char fclass[256];
    long nfast;
};

/* Record a fatal diagnostic and the status that ends the read. */
static void fail(ak_csv *r, ak_status st, const char *rule, long line,
                 long col, const char *msg)
{
    if (r->st != AK_OK)
        return;
    if (ak_diags_addf(r->d, AK_SEV_FATAL, rule, r->name, line, col, "%s",
                      msg) != 0)
        st = AK_ERR_NOMEM;
    r->st = st;
}

/* A field over the limit; open: the field is still being read. */
static void limit_field(ak_csv *r, int open)
{
    char msg[256];
    snprintf(msg, sizeof msg,
             "feltet er længere end grænsen på %zu byte%s", r->lim.max_field,
             open && r->p.quoted ? " (et anførselstegn lukkes måske aldrig)"
                                 : "");
    fail(r, AK_ERR_LIMIT, "limit", r->field_line, (long)r->nf + 1, msg);
}

/* Room for cap fields in lens and ptrs: 0, or -1 when out of memory. */
static int fields_cap(ak_csv *r, size_t cap)
{
    size_t *l = ak_reallocarray(r->lens, cap, sizeof *l);
    if (l)
        r->lens = l;
    const char **pt = ak_reallocarray(r->ptrs, cap, sizeof *pt);
    if (pt)
        r->ptrs = pt;
    if (!l || !pt)
        return -1;
    r->fcap = cap;
    return 0;
}

/* Make room for one more field of len bytes (and its NUL) in the record:
 * the rare path of on_field(), which also enforces the limits.  0 when
 * there is room, -1 when the read has failed. */
static int field_room(ak_csv *r, size_t len)
{
    if (len > r->lim.max_field) {
        limit_field(r, 0);
        return -1;
    }
    if (r->nf == r->lim.max_fields) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "rækken har flere end %zu felter (grænsen)",
                 r->lim.max_fields);
        fail(r, AK_ERR_LIMIT, "limit", r->rec_line, 0, msg);
        return -1;
    }
    if (r->nf == r->fcap) {
        /* Never more than the limit, so that on_field() need not check
         * it: the slow path comes back here when the record is full. */
        size_t cap = r->fcap ? r->fcap * 2 : 64;
        if (cap > r->lim.max_fields)
            cap = r->lim.max_fields;
        if (fields_cap(r, cap) != 0) {
            r->st = AK_ERR_NOMEM;
            return -1;
        }
    }
    if (r->rcap - r->rlen < len + 1) {
        size_t cap = r->rcap ? r->rcap : 1024;
        while (cap - r->rlen < len + 1)
            cap *= 2;
        char *b = ak_realloc(r->rbuf, cap);
        if (!b) {
            r->st = AK_ERR_NOMEM;
            return -1;
        }
        r->rbuf = b;
        r->rcap = cap;
        /* The fields so far moved with the buffer. */
        const char *f = r->rbuf;
        for (size_t i = 0; i < r->nf; i++) {
            r->ptrs[i] = f;
            f += r->lens[i] + 1;
        }
    }
    return 0;
}

/* Append a field to the record buffer, with line ends inside quoted
 * fields normalised to LF: any field, any state. */
static void field_general(ak_csv *r, const char *s, size_t len)
{
    if (r->st != AK_OK || r->stopped)
        return;
    if (!r->rec_line)
        r->rec_line = r->field_line = r->seg_line;
    if ((r->nf == r->fcap || r->rcap - r->rlen <= len ||
         len > r->lim.max_field) &&
        field_room(r, len) != 0)
        return;
    char *out = r->rbuf + r->rlen;
    size_t n = len;
    if (len && memchr(s, '\r', len)) {
        n = 0;
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '\r') {
                out[n++] = '\n';
                if (i + 1 < len && s[i + 1] == '\n')
                    i++;
            } else {
                out[n++] = s[i];
            }
        }
    } else if (len) {
        memcpy(out, s, len);
    }
    out[n] = '\0';
    r->ptrs[r->nf] = out;
    r->lens[r->nf++] = n;
    r->rlen += n + 1;
    r->field_line = r->seg_line;
}

/* Fields up to this long take the short path of on_field(). */
#define SHORT_FIELD 16

/*
 * libcsv field callback, called for every field of the input.  Fields are
 * stored back to back in the record buffer, each with its NUL, and
 * pointed to from ptrs (re-pointed when the buffer grows).  The common case, a short field without CR
 * in a record already begun with room to spare, is copied here with no
 * call; everything else goes to field_general().
 */
static void on_field(void *data, size_t len, void *ud)
{
    ak_csv *r = ud;
    const char *s = data;
    if (len > r->short_max || r->st != AK_OK || r->stopped ||
        !r->rec_line || r->nf == r->fcap ||
        r->rcap - r->rlen <= SHORT_FIELD) {
        field_general(r, s, len);
        return;
    }
    char *out = r->rbuf + r->rlen;
    int cr = 0;
    for (size_t i = 0; i < len; i++) {
        out[i] = s[i];
        cr |= s[i] == '\r';
    }
    if (cr) {
        field_general(r, s, len);
        return;
    }
    out[len] = '\0';
    r->ptrs[r->nf] = out;
    r->lens[r->nf++] = len;
    r->rlen += len + 1;
    r->field_line = r->seg_line;
}

/* Pass the assembled record on unless it is blank; then start afresh. */
static void emit_record(ak_csv *r)
{
    int blank = 1;
    for (size_t i = 0; i < r->nf && blank; i++)
        blank = r->lens[i] == 0;
    if (!blank) {
        if ((size_t)r->nrec >= r->lim.max_records) {
            char msg[128];
            snprintf(msg, sizeof msg,
                     "filen har flere end %zu rækker (grænsen)",
                     r->lim.max_records);
            fail(r, AK_ERR_LIMIT, "limit", r->rec_line, 0, msg);
            return;
        }
        ak_record rec = {r->nf, r->ptrs, r->lens, r->rec_line, r->nrec};
        r->nrec++;
        if (r->fn && r->fn(&rec, r->ud))
            r->stopped = 1;
    }
    r->nf = 0;
    r->rlen = 0;
    r->rec_line = 0;
}

/* libcsv record callback: pass non-blank records on. */
static void on_row(int c, void *ud)
{
    ak_csv *r = ud;
    (void)c;
    if (r->st != AK_OK || r->stopped)
        return;
    emit_record(r);
}

/* True when seg holds a byte that makes libcsv begin a row. */
static int starts_row(const ak_csv *r, const char *seg, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = seg[i];
        if (c == '\r' || c == '\n' || c == ' ' ||
            (c == '\t' && r->delim != '\t'))
            continue;
        return 1;
    }
    return 0;
}

/* Parse one segment: at most one line end, and only as its last byte. */
static void feed_segment(ak_csv *r, const char *seg, size_t n)
{
    unsigned char c0 = (unsigned char)seg[0];
    if (r->lp.pending_cr) {
        r->lp.pending_cr = 0;
        if (c0 != '\n')
            r->lp.line++;
    }
    r->seg_line = r->lp.line;
    if (!r->rec_line && starts_row(r, seg, n))
        r->rec_line = r->field_line = r->seg_line;
    size_t done = csv_parse(&r->p, seg, n, on_field, on_row, r);
    if (r->st == AK_OK && done < n) {
        r->st = csv_error(&r->p) == CSV_ENOMEM ? AK_ERR_NOMEM : AK_ERR_LIMIT;
        if (r->st == AK_ERR_LIMIT)
            limit_field(r, 1);
    }
    /* The field still open: libcsv's entry_pos also counts a closing quote
     * it is not yet sure of and trailing blanks it may trim, so compare a
     * lower bound of the field's final length (else a field of exactly
     * the limit fails when a chunk ends just after its closing quote). */
    if (r->st == AK_OK && !r->stopped && r->p.entry_pos > r->p.spaces + 1 &&
        r->p.entry_pos - r->p.spaces - (r->p.quoted ? 1 : 0) > r->lim.max_field)
        limit_field(r, 1);
    unsigned char cl = (unsigned char)seg[n - 1];
    if (cl == '\n')
        r->lp.line++;
    else if (cl == '\r')
        r->lp.pending_cr = 1;
}

/*
 * The fast path for the common line: a whole record on one line, LF or
 * CRLF at its end, every field either unquoted (no quote, no CR inside)
 * or quoted (after any blanks, a quote; quotes inside doubled; no line end
 * inside; after the closing quote only blanks before the delimiter or the
 * line end).  Blanks (space, and tab unless it is the delimiter) before a
 * field, after its closing quote and at the end of an unquoted field are
 * dropped, as libcsv drops them.  For such a line libcsv's state machine
 * gives exactly the fields this loop gives (differential tests: the reader
 * with AK_CSV_SLOW in tests/unit/test_ingest.c, the cases and
 * tests/fuzz/fuzz_ingest.c), at a fraction of its per-byte cost: the line
 * end is found with memchr(), unquoted bytes are copied by a table-driven
 * loop, quoted spans by memchr() and memcpy().  Anything else (a quote in
 * an unquoted field, text after a closing quote, a field over the limit, a
 * record over several lines or chunks, a lone CR) makes it decline with no
 * parser state changed (only scratch buffers written), and the line goes
 * to libcsv.  Returns the bytes
 * consumed, or 0 to decline.
 */
/* libcsv's parser state between records (ROW_NOT_BEGUN in libcsv.c, not
 * exported by csv.h; 0 in every libcsv 3 release).  The fast path runs only
 * there, so that libcsv never holds half a record when it takes over. */
#define LIBCSV_ROW_NOT_BEGUN 0

/* Byte classes; a field's bytes are the classes up to FC_BLANK. */
enum { FC_PLAIN = 0, FC_BLANK, FC_DELIM, FC_QUOTE, FC_END };

static size_t fast_line(ak_csv *r, const char *buf, size_t len)
{
    const char *lf = memchr(buf, '\n', len);
    if (!lf || lf == buf)
        return 0;
    const char *end = lf;
    const char *cr = memchr(buf, '\r', (size_t)(lf - buf));
    if (cr) {
        if (cr != lf - 1 || cr == buf)
            return 0;          /* a CR inside the line: libcsv's */
        end = cr;
    }
    /* Room for the worst case: every byte a field of its own (n + 1 fields,
     * each with its NUL); the bytes kept are at most n + 1 with the NULs,
     * so 2n + 2 leaves a margin. */
    size_t n = (size_t)(end - buf);
    size_t maxf = n + 1 < r->lim.max_fields ? n + 1 : r->lim.max_fields;
    if (r->fcap < maxf && fields_cap(r, maxf) != 0)
        return 0;
    if (r->rcap < 2 * n + 2) {
        char *b = ak_realloc(r->rbuf, 2 * n + 2);
        if (!b)
            return 0;
        r->rbuf = b;
        r->rcap = 2 * n + 2;
    }
    /* In locals: the byte stores below may alias anything, so fields of
     * *r would be reloaded on every byte. */
    const unsigned char *cls = r->fclass;
    const char **ptrs = r->ptrs;
    size_t *lens = r->lens;
    const size_t fcap = r->fcap, max_field = r->lim.max_field;
    const char *p = buf;
    char *out = r->rbuf;
    size_t nf = 0;
    for (;;) {
        /* libcsv skips blanks before a field ... */
        unsigned c = cls[(unsigned char)*p];
        while (c == FC_BLANK)
            c = cls[(unsigned char)*++p];
        if (c == FC_DELIM) {
            /* The commonest field, an empty one (a question not
             * answered): nothing to copy or trim. */
            if (nf == fcap)
                return 0;
            *out = '\0';
            ptrs[nf] = out++;
            lens[nf++] = 0;
            p++;
            continue;
        }
        char *f = out;
        if (c == FC_QUOTE) {
            p++;
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(end - p));
                if (!q)
                    return 0;  /* the field goes on past the line */
                memcpy(out, p, (size_t)(q - p));
                out += q - p;
                p = q + 1;
                if (*p != '"')
                    break;
                *out++ = '"';  /* a doubled quote */
                p++;
            }
            /* ... and after a closing quote ... */
            while ((c = cls[(unsigned char)*p]) == FC_BLANK)
                p++;
        } else {
            while (c <= FC_BLANK) {
                *out++ = *p;
                c = cls[(unsigned char)*++p];
            }
            /* ... and trims them off the end of an unquoted field. */
            while (out > f && cls[(unsigned char)out[-1]] == FC_BLANK)
                out--;
        }
        size_t flen = (size_t)(out - f);
        if (nf == fcap || flen > max_field)
            return 0;
        *out++ = '\0';
        ptrs[nf] = f;
        lens[nf++] = flen;
        if (c == FC_END && p == end)
            break;
        if (c != FC_DELIM)
            return 0;          /* text after a closing quote, a quote
                                  inside an unquoted field, a blank */
        p++;
    }
    r->nf = nf;
    r->rlen = (size_t)(out - r->rbuf);
    r->nfast++;
    r->seg_line = r->rec_line = r->field_line = r->lp.line;
    emit_record(r);
    r->lp.line++;
    return (size_t)(lf - buf) + 1;
}

/* UTF-8 text with a known delimiter: whole lines through fast_line()
 * where it can; else split after every CR and LF (found with memchr(),
 * which scans a word or more at a time) and fed to libcsv a line at a
 * time. */
static void feed_lines(ak_csv *r, const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && r->st == AK_OK && !r->stopped) {
        if (r->fast && !r->rec_line && !r->nf && !r->lp.pending_cr &&
            r->p.pstate == LIBCSV_ROW_NOT_BEGUN) {
            size_t k = fast_line(r, buf + i, len - i);
            if (k) {
                i += k;
                continue;
            }
        }
        const char *lf = memchr(buf + i, '\n', len - i);
        size_t j = lf ? (size_t)(lf - buf) + 1 : len;
        const char *cr = memchr(buf + i, '\r', j - i);
        if (cr)
            j = (size_t)(cr - buf) + 1;
        feed_segment(r, buf + i, j - i);
        i = j;
    }
}

/* The delimiter of a header line: the most frequent of tab, ';' and ','
 * outside quotes; ties go in that order; ',' when there is none. */
static char detect_delim(const char *s, size_t n)
{
    size_t tab = 0, semi = 0, comma = 0;
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            inq = !inq;
        else if (inq)
            continue;
        else if (s[i] == '\t')
            tab++;
        else if (s[i] == ';')
            semi++;
        else if (s[i] == ',')
            comma++;
    }
    if (tab && tab >= semi && tab >= comma)
        return '\t';
    if (semi && semi >= comma)
        return ';';
    return ',';
}

/* Header text is buffered up to this many bytes at most; the delimiter is
 * decided from that much of the header line if it is longer. */
static size_t hdr_bound(const ak_csv *r)
{
    return r->lim.max_field > AK_CHUNK ? r->lim.max_field : AK_CHUNK;
}

static void set_delim(ak_csv *r)
{
    size_t end = r->hdr_scan;
    r->delim = detect_delim(r->hdr + r->hdr_line0, end - r->hdr_line0);
    csv_set_delim(&r->p, (unsigned char)r->delim);
    r->delim_known = 1;
    memset(r->fclass, FC_PLAIN, sizeof r->fclass);
    r->fclass[' '] = FC_BLANK;
    r->fclass['\t'] = FC_BLANK;
    r->fclass['"'] = FC_QUOTE;
    r->fclass['\r'] = FC_END;
    r->fclass['\n'] = FC_END;
    r->fclass[(unsigned char)r->delim] = FC_DELIM;
    /* The loop relies on CR and LF ending every scan; detect_delim() never
     * picks them or a quote, but should it ever, no fast path. */
    if (r->delim == '\r' || r->delim == '\n' || r->delim == '"')
        r->fast = 0;
    char *h = r->hdr;
    size_t n = r->hdr_len;
    r->hdr = NULL;
    r->hdr_len = r->hdr_cap = 0;
    feed_lines(r, h, n);
    ak_free(h);
}

/* Before the delimiter is known: buffer text up to the end of the first
 * non-blank line (outside quotes), then decide and replay. */
static void hdr_take(ak_csv *r, const char *buf, size_t len)
{
    if (r->hdr_cap - r->hdr_len < len) {
        size_t cap = r->hdr_cap ? r->hdr_cap : 4096;
        while (cap - r->hdr_len < len)
            cap *= 2;
        char *h = ak_realloc(r->hdr, cap);
        if (!h) {
            r->st = AK_ERR_NOMEM;
            return;
        }
        r->hdr = h;
        r->hdr_cap = cap;
    }
    memcpy(r->hdr + r->hdr_len, buf, len);
    r->hdr_len += len;
    size_t bound = hdr_bound(r);
    for (; r->hdr_scan < r->hdr_len && r->hdr_scan < bound; r->hdr_scan++) {
        char c = r->hdr[r->hdr_scan];
        if (!r->hdr_content) {
            if (c == '\n' || c == '\r')
                r->hdr_line0 = r->hdr_scan + 1;
            else if (c != ' ' && c != '\t')
                r->hdr_content = 1;
        }
        if (!r->hdr_content)
            continue;
        if (c == '"')
            r->hdr_inq = !r->hdr_inq;
        else if (!r->hdr_inq && (c == '\n' || c == '\r')) {
            set_delim(r);
            return;
        }
    }
    if (r->hdr_scan >= bound)
        set_delim(r);
}

/* UTF-8 text from the decoder. */
static void feed_text(ak_csv *r, const char *buf, size_t len)
{
    if (!len || r->st != AK_OK || r->stopped)
        return;
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        /* Pass the text before it on, so that the line is right. */
        feed_text(r, buf, (size_t)(nul - buf));
        if (r->st != AK_OK || r->stopped)
            return;
        linepos lp = r->lp;
        if (!r->delim_known)
            for (size_t i = 0; i < r->hdr_len; i++)
                lp_step(&lp, (unsigned char)r->hdr[i]);
        fail(r, AK_ERR_INPUT, "file", lp_step(&lp, 0), 0,
             "filen er ikke en tekstfil: den indeholder NUL-tegn");
        return;
    }
    if (!r->delim_known)
        hdr_take(r, buf, len);
    else
        feed_lines(r, buf, len);
}

ak_csv *ak_csv_new(const char *name, ak_encoding enc, const ak_limits *lim,
                   ak_record_fn fn, void *ud, ak_diags *d)
{
    ak_csv *r = ak_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cd = (GIConv)-1;
    r->name = ak_strdup(name ? name : "");
    if (!r->name)
        goto fail;
    r->enc = enc;
    if (lim)
        r->lim = *lim;
    else
        ak_limits_default(&r->lim);
    r->short_max = r->lim.max_field < SHORT_FIELD ? r->lim.max_field
                                                   : SHORT_FIELD;
    r->fn = fn;
    r->ud = ud;
    r->d = d;
    r->fast = getenv("AK_CSV_SLOW") == NULL;
    lp_init(&r->lp);
    r->delim = 0;
    const char *from = NULL;
    switch (enc) {
    case AK_ENC_UTF8: break;
    case AK_ENC_UTF8_BOM: r->bom_skip = 3; break;
    case AK_ENC_UTF16LE: r->bom_skip = 2; from = "UTF-16LE"; break;
    case AK_ENC_UTF16BE: r->bom_skip = 2; from = "UTF-16BE"; break;
    case AK_ENC_CP1252: from = "CP1252"; break;
    }
    if (from) {
        r->cd = g_iconv_open("UTF-8", from);
        if (r->cd == (GIConv)-1)
            goto fail;
        r->stage = ak_malloc(AK_CHUNK + sizeof r->carry);
        /* Windows-1252 grows at most 3x, UTF-16 at most 1.5x. */
        r->conv = ak_malloc(AK_CHUNK * 4);
        if (!r->stage || !r->conv)
            goto fail;
    }
    /* No CSV_APPEND_NULL: on_field() copies each field by its length and
     * ends it with its own NUL, and libcsv's per-byte loop is cheaper
     * without the option. */
    if (csv_init(&r->p, 0) != 0)
        goto fail;
    csv_set_realloc_func(&r->p, ak_realloc);
    csv_set_free_func(&r->p, ak_free);
    csv_set_blk_size(&r->p, 16384);
    return r;
fail:
    if (r->cd != (GIConv)-1)
        g_iconv_close(r->cd);
    ak_free(r->stage);
    ak_free(r->conv);
    ak_free(r->name);
    ak_free(r);
    return NULL;
}

void ak_csv_free(ak_csv *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    if (r->cd != (GIConv)-1)
        g_iconv_close(r->cd);
    ak_free(r->stage);
    ak_free(r->conv);
    ak_free(r->hdr);
    ak_free(r->rbuf);
    ak_free(r->lens);
    ak_free(r->ptrs);
    ak_free(r->name);
    ak_free(r);
}

long ak_csv_fast_records(const ak_csv *r)
{
    return r ? r->nfast : 0;
}

int ak_csv_between_records(const ak_csv *r)
{
    return r && r->st == AK_OK && !r->stopped && r->delim_known &&
           !r->rec_line && !r->nf && !r->rlen && !r->lp.pending_cr &&
           !r->ncarry && !r->bom_skip &&
           r->p.pstate == LIBCSV_ROW_NOT_BEGUN && r->p.entry_pos == 0;
}

void ak_csv_set_line(ak_csv *r, long line)
{
    if (ak_csv_between_records(r))
        r->lp.line = line;
}

long ak_csv_records(const ak_csv *r)
{
    return r ? r->nrec : 0;
}

char ak_csv_delimiter(const ak_csv *r)
{
    return r && r->delim_known ? r->delim : 0;
}

/* The line of the text converted so far, for a decoding error. */
static long text_line(const ak_csv *r)
{
    linepos lp = r->lp;
    if (!r->delim_known)
        for (size_t i = 0; i < r->hdr_len; i++)
            lp_step(&lp, (unsigned char)r->hdr[i]);
    return lp.pending_cr ? lp.line + 1 : lp.line;
}

static void decode_fail(ak_csv *r)
{
    char msg[160];
    snprintf(msg, sizeof msg, "ugyldige tegn for tegnsættet %s",
             ak_encoding_name(r->enc));
    fail(r, AK_ERR_INPUT, "encoding", text_line(r), 0, msg);
}

/* Convert one slice (at most AK_CHUNK bytes) with iconv. */
static void convert_slice(ak_csv *r, const unsigned char *p, size_t len)
{
    memcpy(r->stage, r->carry, r->ncarry);
    memcpy(r->stage + r->ncarry, p, len);
    gchar *in = (gchar *)r->stage;
    gsize inleft = r->ncarry + len;
    r->ncarry = 0;
    while (inleft && r->st == AK_OK && !r->stopped) {
        gchar *out = r->conv;
        gsize outleft = AK_CHUNK * 4;
        gsize rc = g_iconv(r->cd, &in, &inleft, &out, &outleft);
        int err = errno;
        feed_text(r, r->conv, (size_t)(out - r->conv));
        if (rc != (gsize)-1 || r->st != AK_OK)
            continue;
        if (err == E2BIG)
            continue;
        if (err == EINVAL && inleft < sizeof r->carry) {
            memcpy(r->carry, in, inleft);
            r->ncarry = inleft;
            return;
        }
        decode_fail(r);
    }
}

ak_status ak_csv_feed(ak_csv *r, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    if (r->st != AK_OK || r->stopped)
        return r->st;
    while (r->bom_skip && len) {
        p++;
        len--;
        r->bom_skip--;
    }
    while (len && r->st == AK_OK && !r->stopped) {
        size_t take = len < AK_CHUNK ? len : AK_CHUNK;
        if (r->cd == (GIConv)-1)
            feed_text(r, (const char *)p, take);
        else
            convert_slice(r, p, take);
        p += take;
        len -= take;
    }
    return r->st;
}

ak_status ak_csv_finish(ak_csv *r)
{
    if (r->st != AK_OK || r->stopped)
        return r->st;
    if (r->ncarry) {
        r->ncarry = 0;
        fail(r, AK_ERR_INPUT, "encoding", text_line(r), 0,
             "filen slutter midt i et tegn");
        return r->st;
    }
    if (!r->delim_known)
        set_delim(r);
    if (r->st != AK_OK || r->stopped)
        return r->st;
    /* Strict only now: an unterminated quoted field fails the finish
     * instead of ending the last record silently. */
    csv_set_opts(&r->p, CSV_STRICT | CSV_STRICT_FINI);
    if (csv_fini(&r->p, on_field, on_row, r) != 0 && r->st == AK_OK) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "anførselstegnet i linje %ld lukkes aldrig", r->field_line);
        fail(r, AK_ERR_INPUT, "quote", r->field_line, (long)r->nf + 1, msg);
    }
    return r->st;
}

/* ---- both passes ------------------------------------------------------- */

ak_status ak_csv_read_mem(const void *buf, size_t len, const char *name,
                          const ak_limits *lim, ak_record_fn fn, void *ud,
                          ak_diags *d)
{
    ak_sniff *s = ak_sniff_new(name);
    if (!s)
        return AK_ERR_NOMEM;
    ak_sniff_feed(s, buf, len);
    ak_encoding enc = AK_ENC_UTF8;
    ak_status st = ak_sniff_finish(s, &enc, d);
    ak_sniff_free(s);
    if (st != AK_OK)
        return st;
    ak_csv *r = ak_csv_new(name, enc, lim, fn, ud, d);
    if (!r)
        return AK_ERR_NOMEM;
    st = ak_csv_feed(r, buf, len);
    if (st == AK_OK)
        st = ak_csv_finish(r);
    ak_csv_free(r);
    return st;
}

static ak_status io_fail(const char *path, int e, ak_diags *d)
{
    if (ak_diags_addf(d, AK_SEV_FATAL, "file", path, 0, 0, "%s",
                      ak_errno_read_text(e)) != 0)
        return AK_ERR_NOMEM;
    return AK_ERR_IO;
}

ak_status ak_csv_read_file(const char *path, const ak_limits *lim,
                           ak_record_fn fn, void *ud, ak_diags *d)
{
    return ak_csv_read_file_sha256(path, lim, fn, ud, d, NULL);
}

ak_status ak_csv_read_file_sha256(const char *path, const ak_limits *lim,
                                  ak_record_fn fn, void *ud, ak_diags *d,
                                  char *sha256)
{
    if (sha256)
        sha256[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return io_fail(path, errno, d);
    unsigned char *buf = ak_malloc(AK_CHUNK);
    ak_sniff *s = ak_sniff_new(path);
    ak_csv *r = NULL;
    ak_status st = AK_OK;
    if (!buf || !s) {
        st = AK_ERR_NOMEM;
        goto out;
    }
    /* Pass 1: the encoding, decided over the whole file (and the
     * checksum, when asked for). */
    if (sha256 && ak_sniff_hash(s) != 0) {
        st = AK_ERR_NOMEM;
        goto out;
    }
    size_t n;
    while ((n = fread(buf, 1, AK_CHUNK, f)) > 0)
        ak_sniff_feed(s, buf, n);
    if (ferror(f)) {
        st = io_fail(path, errno, d);
        goto out;
    }
    if (sha256)
        ak_sniff_sha256(s, sha256);
    ak_encoding enc = AK_ENC_UTF8;
    st = ak_sniff_finish(s, &enc, d);
    if (st != AK_OK)
        goto out;
    /* Pass 2: the records. */
    if (fseek(f, 0, SEEK_SET) != 0) {
        st = io_fail(path, errno, d);
        goto out;
    }
    r = ak_csv_new(path, enc, lim, fn, ud, d);
    if (!r) {
        st = AK_ERR_NOMEM;
        goto out;
    }
    while (st == AK_OK && (n = fread(buf, 1, AK_CHUNK, f)) > 0)
        st = ak_csv_feed(r, buf, n);
    if (st == AK_OK && ferror(f))
        st = io_fail(path, errno, d);
    if (st == AK_OK)
        st = ak_csv_finish(r);
out:
    ak_csv_free(r);
    ak_sniff_free(s);
    ak_free(buf);
    fclose(f);
    return st;
}
