/*
 * Typed ingestion, layer 2 of the ingest module; see include/ak_ingest.h.
 *
 * The header record is matched to the codebook, then every data record is
 * typed field by field into one reused ak_row and passed to the caller.
 * Nothing here allocates per row once the buffers have grown to the
 * widest row.
 */
#include "ak_ingest.h"

#include <glib.h>
#include <string.h>

#include "ak_mem.h"

#define AK_INT32_MAX 2147483647

/* ---- values ------------------------------------------------------------ */

/* Drop leading and trailing blanks: space, tab, CR, LF, no-break space. */
static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    for (;;) {
        if (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
            p++;
            n--;
        } else if (n >= 2 && (unsigned char)p[0] == 0xC2 &&
                   (unsigned char)p[1] == 0xA0) {
            p += 2;
            n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
                  p[n - 1] == '\n')) {
            n--;
        } else if (n >= 2 && (unsigned char)p[n - 2] == 0xC2 &&
                   (unsigned char)p[n - 1] == 0xA0) {
            n -= 2;
        } else {
            break;
        }
    }
    *s = p;
    *len = n;
}

/* Nonzero when s (n > 0 bytes) may start or end with a blank: the cheap
 * test that spares trim() for almost every field. */
static int may_need_trim(const char *s, size_t n)
{
    unsigned char a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
    return a <= ' ' || a == 0xC2 || z <= ' ' || z == 0xA0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Append digit d to *acc unless the result would exceed max. */
static int push_digit(int64_t *acc, int d, int64_t max)
{
    if (d > max || *acc > (max - d) / 10)
        return -1;
    *acc = *acc * 10 + d;
    return 0;
}

/* ak_parse_decimal() of a trimmed value. */
static int parse_decimal(const char *s, size_t len, int64_t max_tenths,
                         int64_t *tenths)
{
    if (max_tenths < 0 || len == 0 || !is_digit(s[0]))
        return -1;
    int64_t whole = 0, max_whole = max_tenths / 10;
    size_t i = 0;
    while (i < len && is_digit(s[i]))
        if (push_digit(&whole, s[i++] - '0', max_whole) != 0)
            return -1;
    int first = 0, round = 0;
    if (i < len) {
        if (s[i] != '.' && s[i] != ',')
            return -1;
        i++;
        if (i == len)
            return -1;
        for (size_t k = 0; i < len; i++, k++) {
            if (!is_digit(s[i]))
                return -1;
            if (k == 0)
                first = s[i] - '0';
            else if (k == 1)
                round = s[i] >= '5';
        }
    }
    /* Half up: the second decimal alone decides, whatever follows it. */
    int64_t frac = first + round;
    if (frac > max_tenths || whole > (max_tenths - frac) / 10)
        return -1;
    *tenths = whole * 10 + frac;
    return 0;
}

int ak_parse_decimal(const char *s, size_t len, int64_t max_tenths,
                     int64_t *tenths)
{
    trim(&s, &len);
    return parse_decimal(s, len, max_tenths, tenths);
}

/* A whole number >= 0 that fits in int32; -1 otherwise. */
static int parse_count(const char *s, size_t len, int64_t *n)
{
    int64_t v = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!is_digit(s[i]) || push_digit(&v, s[i] - '0', AK_INT32_MAX) != 0)
            return -1;
    *n = v;
    return 0;
}

/* ASCII lower case of c for letters; other bytes may map onto nothing
 * but themselves and their 0x20 partner, which is no letter here. */
static int lower(char c)
{
    return (unsigned char)c | 0x20;
}

/* Type one trimmed, non-blank value in place.  The words are matched by
 * length and letters (ASCII, any case), without a library call. */
static void type_value(ak_type t, ak_value *x)
{
    const char *s = x->raw;
    size_t n = x->rawlen;
    int64_t v = 0;
    x->state = AK_ANSWERED;
    x->num = 0;
    switch (t) {
    case AK_T_YESNO:
        if (n == 1 && s[0] == '1')
            x->num = 10;
        else if (n == 1 && s[0] == '2')
            x->num = 20;
        else if (n == 2 && lower(s[0]) == 'j' && lower(s[1]) == 'a')
            x->num = 10;
        else if (n == 3 && lower(s[0]) == 'n' && lower(s[1]) == 'e' &&
                 lower(s[2]) == 'j')
            x->num = 20;
        else
            x->state = AK_INVALID;
        break;
    case AK_T_CHECKBOX:
        if (n == 1 && (s[0] == '1' || lower(s[0]) == 'x'))
            x->num = 10;
        else if (!(n == 1 && s[0] == '0'))
            x->state = AK_INVALID;
        break;
    case AK_T_COUNT:
        if (parse_count(s, n, &v) == 0)
            x->num = v * 10;
        else
            x->state = AK_INVALID;
        break;
    case AK_T_DECIMAL:
        if (parse_decimal(s, n, AK_INT32_MAX, &v) == 0)
            x->num = v;
        else
            x->state = AK_INVALID;
        break;
    default:
        break;
    }
}

/* ---- rows -------------------------------------------------------------- */

typedef struct ingest {
    const ak_codebook *cb;
    const char *name;
    ak_row_fn fn;
    void *ud;
    ak_diags *d;
    long *varcol;        /* per variable: 0-based field, or -1 */
    ak_type *vtype;      /* per variable: its type (cb->vars[v].type) */
    size_t *colvar;      /* per header field: its variable, or AK_NO_VAR */
    size_t ncols;        /* fields in the header */
    int header_seen, header_ok;
    ak_value *vals;
    ak_value *blank;     /* every variable blank (with its column): the
                            start of each row */
    char *buf;           /* values of the current row that lost trailing
                            blanks, each with a new NUL */
    size_t cap;
    size_t nfatal;
    ak_status st;
} ingest;

static int fatalf(ingest *g, const char *rule, long line, long col,
                  const char *msg)
{
    g->nfatal++;
    if (ak_diags_addf(g->d, AK_SEV_FATAL, rule, g->name, line, col, "%s",
                      msg) != 0)
        g->st = AK_ERR_NOMEM;
    return g->st != AK_OK;
}

static int on_header(ingest *g, const ak_record *rec)
{
    const ak_codebook *cb = g->cb;
    g->header_seen = 1;
    g->ncols = rec->nfields;
    for (size_t v = 0; v < cb->nvars; v++) {
        g->varcol[v] = -1;
        g->blank[v].col = 0;
    }
    g->colvar = ak_calloc(rec->nfields ? rec->nfields : 1, sizeof *g->colvar);
    if (!g->colvar) {
        g->st = AK_ERR_NOMEM;
        return 1;
    }
    for (size_t i = 0; i < rec->nfields; i++)
        g->colvar[i] = AK_NO_VAR;
    int ok = 1;
    for (size_t i = 0; i < rec->nfields; i++) {
        const char *s = rec->fields[i];
        size_t n = rec->lens[i];
        trim(&s, &n);
        long col = (long)i + 1;
        size_t v = n ? ak_codebook_find(cb, s, n) : AK_NO_VAR;
        int rc = 0;
        if (n == 0) {
            rc = ak_diags_addf(g->d, AK_SEV_WARNING, "header", g->name,
                               rec->line, col,
                               "kolonne %ld har intet navn og ignoreres", col);
        } else if (v == AK_NO_VAR) {
            rc = ak_diags_addf(g->d, AK_SEV_WARNING, "header", g->name,
                               rec->line, col,
                               "ukendt kolonne '%.*s' ignoreres", (int)n, s);
        } else if (g->varcol[v] >= 0) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "kolonnen '%s' står to gange (kolonne %ld og %ld)",
                     cb->vars[v].name, g->varcol[v] + 1, col);
            rc = fatalf(g, "header", rec->line, col, msg);
            ok = 0;
        } else {
            g->varcol[v] = (long)i;
            g->colvar[i] = v;
            g->blank[v].col = col;
        }
        if (rc != 0) {
            g->st = AK_ERR_NOMEM;
            return 1;
        }
    }
    GString *miss = g_string_new(NULL);
    size_t nmiss = 0;
    for (size_t v = 0; v < cb->nvars; v++) {
        if (g->varcol[v] >= 0 || !ak_type_required(cb->vars[v].type))
            continue;
        g_string_append_printf(miss, "%s'%s'", nmiss ? ", " : "",
                               cb->vars[v].name);
        nmiss++;
    }
    if (nmiss) {
        char *msg = ak_asprintf("%s %s", nmiss == 1 ? "mangler kolonnen"
                                                    : "mangler kolonnerne",
                                miss->str);
        if (!msg)
            g->st = AK_ERR_NOMEM;
        else
            fatalf(g, "header", rec->line, 0, msg);
        ak_free(msg);
        ok = 0;
    }
    g_string_free(miss, TRUE);
    g->header_ok = ok;
    return g->st != AK_OK;
}

/* Room in g->buf for a copy of every field of rec; -1 when out of
 * memory (g->st says so). */
static int size_buf(ingest *g, const ak_record *rec)
{
    size_t need = 1;
    for (size_t i = 0; i < rec->nfields; i++)
        need += rec->lens[i] + 1;
    if (need <= g->cap)
        return 0;
    size_t cap = g->cap ? g->cap : 4096;
    while (cap < need)
        cap *= 2;
    char *b = ak_realloc(g->buf, cap);
    if (!b) {
        g->st = AK_ERR_NOMEM;
        return -1;
    }
    g->buf = b;
    g->cap = cap;
    return 0;
}

static int on_record(const ak_record *rec, void *ud)
{
    ingest *g = ud;
    const ak_codebook *cb = g->cb;
    if (g->st != AK_OK)
        return 1;
    if (rec->index == 0)
        return on_header(g, rec);
    /*
     * Every variable starts blank; then each non-empty field is typed into
     * its variable.  A value points into the record (its fields are
     * NUL-terminated and live until the callback returns); only a value
     * that loses trailing blanks is copied, to end it with a NUL.  Fields
     * beyond the header's only count for the blank-row test.
     */
    memcpy(g->vals, g->blank, cb->nvars * sizeof *g->vals);
    size_t ntyped = g->header_ok && rec->nfields == g->ncols ? g->ncols : 0;
    size_t used = 0;
    int sized = 0, nonblank = 0;
    /* In locals: the stores into the values (pointers, sizes) may alias
     * the record's and g's arrays, which would be reloaded every field. */
    const size_t nfields = rec->nfields, *lens = rec->lens;
    const char *const *fields = rec->fields;
    const size_t *colvar = g->colvar;
    const ak_type *vtype = g->vtype;
    ak_value *vals = g->vals;
    for (size_t i = 0; i < nfields; i++) {
        size_t n = lens[i];
        if (n == 0)
            continue;
        const char *s = fields[i];
        if (may_need_trim(s, n)) {
            const char *end = s + n;
            trim(&s, &n);
            if (n == 0)
                continue;
            if (s + n != end && i < ntyped) {
                if (!sized && size_buf(g, rec) != 0)
                    return 1;
                sized = 1;
                char *dst = g->buf + used;
                memcpy(dst, s, n);
                dst[n] = '\0';
                used += n + 1;
                s = dst;
            }
        }
        nonblank = 1;
        size_t v = i < ntyped ? colvar[i] : AK_NO_VAR;
        if (v == AK_NO_VAR)
            continue;
        ak_value *x = &vals[v];
        if (vtype[v] == AK_T_PII) {
            /* Personal data: known to be given, never passed on. */
            x->state = AK_ANSWERED;
            continue;
        }
        x->raw = s;
        x->rawlen = n;
        type_value(vtype[v], x);
    }
    /* A row of blanks only (spaces, no-break spaces) is a blank row. */
    if (!nonblank)
        return 0;
    if (rec->nfields != g->ncols) {
        char msg[160];
        snprintf(msg, sizeof msg, "rækken har %zu %s, men overskriften har %zu",
                 rec->nfields, rec->nfields == 1 ? "felt" : "felter",
                 g->ncols);
        return fatalf(g, "fields", rec->line, 0, msg);
    }
    if (!g->header_ok)
        return 0;
    ak_row row = {rec->line, rec->index, cb->nvars, g->vals};
    return g->fn ? g->fn(&row, g->ud) : 0;
}

/* Set g up for cb; AK_ERR_NOMEM when out of memory (nothing to free). */
static ak_status ingest_init(ingest *g, const char *name,
                             const ak_codebook *cb, ak_row_fn fn, void *ud,
                             ak_diags *d)
{
    memset(g, 0, sizeof *g);
    g->cb = cb;
    g->name = name;
    g->fn = fn;
    g->ud = ud;
    g->d = d;
    size_t nv = cb->nvars ? cb->nvars : 1;
    g->varcol = ak_calloc(nv, sizeof *g->varcol);
    g->vtype = ak_calloc(nv, sizeof *g->vtype);
    g->vals = ak_calloc(nv, sizeof *g->vals);
    g->blank = ak_calloc(nv, sizeof *g->blank);
    if (!g->varcol || !g->vtype || !g->vals || !g->blank) {
        ak_free(g->varcol);
        ak_free(g->vtype);
        ak_free(g->vals);
        ak_free(g->blank);
        return AK_ERR_NOMEM;
    }
    for (size_t v = 0; v < cb->nvars; v++) {
        g->vtype[v] = cb->vars[v].type;
        g->blank[v].state = AK_UOPLYST;
        g->blank[v].raw = "";
    }
    return AK_OK;
}

static void ingest_done(ingest *g)
{
    ak_free(g->varcol);
    ak_free(g->vtype);
    ak_free(g->colvar);
    ak_free(g->vals);
    ak_free(g->blank);
    ak_free(g->buf);
}

/* Both entry points: path != NULL reads the file, else buf. */
static ak_status ingest_run(const void *buf, size_t len, const char *path,
                            const char *name, const ak_codebook *cb,
                            const ak_limits *lim, ak_row_fn fn, void *ud,
                            ak_diags *d, char *sha256)
{
    ingest g;
    if (sha256)
        sha256[0] = '\0';
    if (ingest_init(&g, name, cb, fn, ud, d) != AK_OK)
        return AK_ERR_NOMEM;
    ak_status st = path ? ak_csv_read_file_sha256(path, lim, on_record, &g, d,
                                                  sha256)
                        : ak_csv_read_mem(buf, len, name, lim, on_record, &g, d);
    if (g.st != AK_OK)
        st = g.st;
    if (st == AK_OK && !g.header_seen) {
        fatalf(&g, "file", 0, 0, "filen er tom (kun tomme linjer)");
        st = g.st;
    }
    if (st == AK_OK && g.nfatal)
        st = AK_ERR_INPUT;
    ingest_done(&g);
    return st;
}

ak_status ak_ingest_part(const ak_ingest_part_in *in, const char *name,
                         const ak_codebook *cb, const ak_limits *lim,
                         ak_row_fn fn, void *ud, ak_diags *d,
                         ak_ingest_part_out *out)
{
    memset(out, 0, sizeof *out);
    ingest g;
    if (ingest_init(&g, name, cb, fn, ud, d) != AK_OK)
        return AK_ERR_NOMEM;
    ak_status st = AK_OK;
    ak_csv *r = ak_csv_new(name, in->enc, lim, on_record, &g, d);
    if (!r)
        st = AK_ERR_NOMEM;
    if (st == AK_OK)
        st = ak_csv_feed(r, in->head, in->headlen);
    out->nhead = ak_diags_count(d);
    /* The head must be the header record, ended between records. */
    int clean = st == AK_OK && g.st == AK_OK && g.header_seen &&
                ak_csv_records(r) == 1 && ak_csv_between_records(r);
    if (clean) {
        ak_csv_set_line(r, in->line);
        st = ak_csv_feed(r, in->body, in->bodylen);
        if (st == AK_OK && in->last)
            st = ak_csv_finish(r);
        else if (st == AK_OK)
            clean = ak_csv_between_records(r);
    }
    if (g.st != AK_OK)
        st = g.st;
    if (st == AK_OK && g.nfatal)
        st = AK_ERR_INPUT;
    out->records = r ? ak_csv_records(r) - 1 : 0;
    out->clean = clean && st == AK_OK;
    ak_csv_free(r);
    ingest_done(&g);
    return st;
}

ak_status ak_ingest_mem(const void *buf, size_t len, const char *name,
                        const ak_codebook *cb, const ak_limits *lim,
                        ak_row_fn fn, void *ud, ak_diags *d)
{
    return ingest_run(buf, len, NULL, name, cb, lim, fn, ud, d, NULL);
}

ak_status ak_ingest_file(const char *path, const ak_codebook *cb,
                         const ak_limits *lim, ak_row_fn fn, void *ud,
                         ak_diags *d)
{
    return ingest_run(NULL, 0, path, path, cb, lim, fn, ud, d, NULL);
}

ak_status ak_ingest_file_sha256(const char *path, const ak_codebook *cb,
                                const ak_limits *lim, ak_row_fn fn, void *ud,
                                ak_diags *d, char *sha256)
{
    return ingest_run(NULL, 0, path, path, cb, lim, fn, ud, d, sha256);
}
