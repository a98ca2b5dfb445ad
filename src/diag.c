/* Diagnostics list; see include/ak_diag.h. */
#include "ak_diag.h"
#include "ak_mem.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * A diagnostic's strings are copied into one block, so that each costs a
 * single allocation.  When the entries in memory reach the list's limit
 * (AK_DIAGS_MEM), they are sorted in report order and written as one run
 * to the list's temporary file: memory stays bounded however many problems
 * a file has.  A run's records are laid out as
 *   rec_head, then the strings (each with its NUL) in the order of FIELDS,
 * the whole padded to 8 bytes.  rule is a pointer to a static string: the
 * file lives only as long as the process.
 */
enum { NFIELD = 10 };

typedef struct entry {
    ak_diag d;       /* its strings point into block */
    char *block;
    size_t seq;      /* index in input order */
} entry;

typedef struct rec_head {
    uint32_t size;            /* the whole record, padded */
    uint32_t sev;
    uint64_t seq;
    int64_t line, col;
    uintptr_t rule;
    uint32_t len[NFIELD];     /* string length + 1; 0 = NULL */
} rec_head;

/* One run in the file: count records sorted in report order.  A record's
 * input index is its stored seq + delta; records whose stored seq is below
 * skip are not the list's (a run taken over from a part's list by
 * ak_diags_move, whose first diagnostics were dropped). */
typedef struct run {
    off_t off;
    size_t bytes, count;
    size_t delta, skip;
} run;

struct ak_diags {
    entry *items;             /* the entries in memory: seq base .. n-1 */
    size_t nmem, cap;
    size_t n;                 /* every entry added */
    size_t memb;              /* bytes the entries in memory take */
    size_t limit;             /* spill when memb exceeds it */
    int limit_env;            /* limit set by AK_DIAGS_MEM_BYTES */
    size_t nsev[3];
    int lost;
    int fd;                   /* the temporary file; -1: none yet */
    int nospill;              /* a file could not be made or written */
    off_t end;
    run *runs;
    size_t nruns, rcap;
    int readers;              /* open readers: no spilling meanwhile */
};

/* The addresses of g's strings, in the order the file keeps them. */
static void fields_of(ak_diag *g, char **f[NFIELD])
{
    char **a[NFIELD] = {&g->file, &g->unit, &g->unit_word, &g->unit_name,
                        &g->question, &g->value, &g->message, &g->action,
                        &g->context, &g->column};
    memcpy(f, a, sizeof a);
}

ak_diags *ak_diags_new(void)
{
    ak_diags *d = ak_calloc(1, sizeof(ak_diags));
    if (!d)
        return NULL;
    d->fd = -1;
    d->limit = (size_t)AK_DIAGS_MEM;
    const char *e = getenv("AK_DIAGS_MEM_BYTES");
    if (e && *e) {
        char *x = NULL;
        long v = strtol(e, &x, 10);
        if (x && !*x && v >= 0) {
            d->limit = (size_t)v;
            d->limit_env = 1;
        }
    }
    return d;
}

static void drop_file(ak_diags *d)
{
    if (d->fd >= 0)
        close(d->fd);
    d->fd = -1;
    d->end = 0;
    ak_free(d->runs);
    d->runs = NULL;
    d->nruns = d->rcap = 0;
}

void ak_diags_free(ak_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nmem; i++)
        ak_free(d->items[i].block);
    ak_free(d->items);
    drop_file(d);
    ak_free(d);
}

/* Copy src (NULL stays NULL) to *at, which moves past it. */
static char *put_field(char **at, const char *src)
{
    if (!src)
        return NULL;
    size_t n = strlen(src) + 1;
    char *dst = *at;
    memcpy(dst, src, n);
    *at += n;
    return dst;
}

/* ---- report order -------------------------------------------------------- */

/* The sort key of a diagnostic in report order. */
typedef struct okey {
    const ak_diag *d;
    size_t seq;
    long long num;
    int isnum;
} okey;

static void key_of(okey *k, const ak_diag *g, size_t seq)
{
    k->d = g;
    k->seq = seq;
    k->isnum = 0;
    k->num = 0;
    if (g->unit) {
        const char *u = g->unit;
        int ok = *u != '\0' && strlen(u) <= 18;
        long long v = 0;
        for (; ok && *u; u++) {
            if (*u < '0' || *u > '9')
                ok = 0;
            else
                v = v * 10 + (*u - '0');
        }
        k->isnum = ok;
        k->num = ok ? v : 0;
    }
}

/* Without a unit first; then numeric ids by number before other ids by
 * text; then input order. */
static int key_cmp(const okey *x, const okey *y)
{
    int c = (x->d->unit != NULL) - (y->d->unit != NULL);
    if (c == 0 && x->d->unit) {
        if (x->isnum && y->isnum)
            c = (x->num > y->num) - (x->num < y->num);
        else if (x->isnum != y->isnum)
            c = x->isnum ? -1 : 1;
        if (c == 0)
            c = strcmp(x->d->unit, y->d->unit);
    }
    if (c == 0)
        c = (x->seq > y->seq) - (x->seq < y->seq);
    return c;
}

static int okey_qcmp(const void *a, const void *b)
{
    return key_cmp(a, b);
}

static int seq_qcmp(const void *a, const void *b)
{
    const okey *x = a, *y = b;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The entries in memory as keys, sorted by cmp; NULL when out of memory
 * (or none: *n = 0).  Caller frees with ak_free(). */
static okey *mem_keys(const ak_diags *d, size_t upto,
                      int (*cmp)(const void *, const void *), size_t *n)
{
    size_t base = d->n - d->nmem, m = upto > base ? upto - base : 0;
    *n = m;
    if (m == 0)
        return NULL;
    okey *k = ak_calloc(m, sizeof *k);
    if (!k)
        return NULL;
    for (size_t i = 0; i < m; i++)
        key_of(&k[i], &d->items[i].d, d->items[i].seq);
    qsort(k, m, sizeof *k, cmp);
    return k;
}

/* ---- the temporary file ------------------------------------------------- */

static size_t rec_size(const ak_diag *g)
{
    char **f[NFIELD];
    fields_of((ak_diag *)g, f);
    size_t s = sizeof(rec_head);
    for (int i = 0; i < NFIELD; i++)
        s += *f[i] ? strlen(*f[i]) + 1 : 0;
    return (s + 7) & ~(size_t)7;
}

static void rec_put(char *at, const ak_diag *g, size_t seq, size_t size)
{
    char **f[NFIELD];
    fields_of((ak_diag *)g, f);
    rec_head h;
    memset(&h, 0, sizeof h);
    h.size = (uint32_t)size;
    h.sev = (uint32_t)g->sev;
    h.seq = seq;
    h.line = g->line;
    h.col = g->col;
    h.rule = (uintptr_t)g->rule;
    char *p = at + sizeof h;
    for (int i = 0; i < NFIELD; i++) {
        if (*f[i]) {
            size_t l = strlen(*f[i]) + 1;
            h.len[i] = (uint32_t)l;
            memcpy(p, *f[i], l);
            p += l;
        }
    }
    memset(p, 0, (size_t)(at + size - p));
    memcpy(at, &h, sizeof h);
}

/* Read the record at p (of avail bytes) into *g, its strings pointing into
 * p; its size, or 0 when p holds no whole record. */
static size_t rec_get(char *p, size_t avail, ak_diag *g, size_t *seq)
{
    rec_head h;
    if (avail < sizeof h)
        return 0;
    memcpy(&h, p, sizeof h);
    if (h.size > avail)
        return 0;
    memset(g, 0, sizeof *g);
    g->sev = (ak_severity)h.sev;
    g->line = (long)h.line;
    g->col = (long)h.col;
    g->rule = (const char *)h.rule;
    *seq = (size_t)h.seq;
    char **f[NFIELD];
    fields_of(g, f);
    char *s = p + sizeof h;
    for (int i = 0; i < NFIELD; i++) {
        *f[i] = h.len[i] ? s : NULL;
        s += h.len[i];
    }
    return h.size;
}

static int write_all(int fd, const char *p, size_t n, off_t off)
{
    while (n > 0) {
        ssize_t w = pwrite(fd, p, n, off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
        off += w;
    }
    return 0;
}

/* Write the entries in memory as one run, sorted in report order, and free
 * them.  Any failure leaves them in memory and stops further spilling. */
static void spill(ak_diags *d)
{
    if (d->nospill || d->readers || d->nmem == 0)
        return;
    if (d->fd < 0) {
        gchar *name = NULL;
        int fd = g_file_open_tmp("ankestat-XXXXXX", &name, NULL);
        if (fd < 0) {
            d->nospill = 1;
            return;
        }
        g_unlink(name);
        g_free(name);
        d->fd = fd;
    }
    size_t m = 0;
    okey *k = mem_keys(d, d->n, okey_qcmp, &m);
    if (!k || ak_grow(&d->runs, &d->rcap, d->nruns, sizeof *d->runs, 8)) {
        ak_free(k);
        return;   /* out of memory: keep them; a later add tries again */
    }
    /* written through a small staging buffer (a record larger than it
     * gets a block of its own) */
    char stage[1 << 15];
    size_t used = 0, bytes = 0;
    int bad = 0;
    for (size_t i = 0; !bad && i < m; i++) {
        size_t sz = rec_size(k[i].d);
        if (used + sz > sizeof stage && used) {
            bad = write_all(d->fd, stage, used, d->end + (off_t)bytes);
            bytes += used;
            used = 0;
        }
        if (bad)
            break;
        if (sz > sizeof stage) {
            char *big = ak_malloc(sz);
            if (!big) {
                bad = 1;
                break;
            }
            rec_put(big, k[i].d, k[i].seq, sz);
            bad = write_all(d->fd, big, sz, d->end + (off_t)bytes);
            ak_free(big);
            bytes += sz;
        } else {
            rec_put(stage + used, k[i].d, k[i].seq, sz);
            used += sz;
        }
    }
    if (!bad && used) {
        bad = write_all(d->fd, stage, used, d->end + (off_t)bytes);
        bytes += used;
    }
    ak_free(k);
    if (bad) {
        /* a write failed (or memory for a large record): keep them in
         * memory, and write no more */
        d->nospill = 1;
        return;
    }
    d->runs[d->nruns++] = (run){d->end, bytes, m, 0, 0};
    d->end += (off_t)bytes;
    for (size_t i = 0; i < d->nmem; i++)
        ak_free(d->items[i].block);
    d->nmem = 0;
    d->memb = 0;
}

/* ---- adding -------------------------------------------------------------- */

int ak_diags_add(ak_diags *d, const ak_diag *t)
{
    if (!d)
        return -1;
    if (d->memb > d->limit)
        spill(d);
    if (ak_grow(&d->items, &d->cap, d->nmem, sizeof *d->items, 16) != 0) {
        d->lost = 1;
        return -1;
    }
    ak_diag src = *t;
    char **f[NFIELD];
    fields_of(&src, f);
    size_t size = 1;
    for (int i = 0; i < NFIELD; i++)
        size += *f[i] ? strlen(*f[i]) + 1 : 0;
    entry *e = &d->items[d->nmem];
    e->block = ak_malloc(size);
    if (!e->block) {
        d->lost = 1;
        return -1;
    }
    char *at = e->block;
    ak_diag g = {0};
    g.sev = t->sev;
    g.rule = t->rule;
    g.line = t->line;
    g.col = t->col;
    char **gf[NFIELD];
    fields_of(&g, gf);
    for (int i = 0; i < NFIELD; i++)
        *gf[i] = put_field(&at, *f[i]);
    e->d = g;
    e->seq = d->n;
    d->nmem++;
    d->n++;
    d->memb += size + sizeof *e;
    if ((unsigned)t->sev < 3)
        d->nsev[t->sev]++;
    return 0;
}

int ak_diags_addf(ak_diags *d, ak_severity sev, const char *rule,
                  const char *file, long line, long col, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ak_diag g = {0};
    g.sev = sev;
    g.rule = rule;
    g.file = (char *)file;
    g.line = line;
    g.col = col;
    g.message = buf;
    return ak_diags_add(d, &g);
}

/* Forget the entries of src (memory and file). */
static void clear(ak_diags *src)
{
    for (size_t i = 0; i < src->nmem; i++)
        ak_free(src->items[i].block);
    src->nmem = src->n = src->memb = 0;
    memset(src->nsev, 0, sizeof src->nsev);
    drop_file(src);
}

/* dst takes over src's entries in memory whose input index is at least
 * from (all of src's, when it has no runs); 0 or -1 (out of memory: dst
 * remembers the loss, src keeps them). */
static int take_mem(ak_diags *dst, ak_diags *src, size_t from)
{
    size_t add = src->nmem;
    if (add && dst->nmem + add > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->nmem + add)
            cap *= 2;
        entry *it = ak_reallocarray(dst->items, cap, sizeof *it);
        if (!it) {
            dst->lost = 1;
            return -1;
        }
        dst->items = it;
        dst->cap = cap;
    }
    for (size_t i = 0; i < src->nmem; i++) {
        entry *e = &src->items[i];
        if (e->seq < from) {
            ak_free(e->block);
            continue;
        }
        entry *to = &dst->items[dst->nmem++];
        *to = *e;
        to->seq = dst->n++;
        size_t s = sizeof *e + 1;
        char **f[NFIELD];
        fields_of(&e->d, f);
        for (int k = 0; k < NFIELD; k++)
            s += *f[k] ? strlen(*f[k]) + 1 : 0;
        dst->memb += s;
        if ((unsigned)e->d.sev < 3)
            dst->nsev[e->d.sev]++;
    }
    src->nmem = 0;
    if (dst->memb > dst->limit)
        spill(dst);
    return 0;
}

/* Copy n bytes at off of file from to the end of dst's file. */
static int copy_bytes(ak_diags *dst, int from, off_t off, size_t n)
{
    char buf[1 << 16];
    while (n > 0) {
        size_t k = n < sizeof buf ? n : sizeof buf;
        ssize_t r = pread(from, buf, k, off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || write_all(dst->fd, buf, (size_t)r, dst->end) != 0)
            return -1;
        off += r;
        dst->end += r;
        n -= (size_t)r;
    }
    return 0;
}

/*
 * dst takes over a src that has runs, without decoding them: its own
 * entries in memory are written as a run first (the runs must stay in
 * input order), then src's runs are copied byte for byte to dst's file
 * with the shift of their input indexes, and src's entries in memory are
 * taken over.  0, or -1 when dst cannot (no file, a reader open, a write
 * failed: nothing of src is then taken, and the caller copies).
 */
static int adopt(ak_diags *dst, ak_diags *src, size_t from)
{
    if (dst->readers || dst->nospill)
        return -1;
    spill(dst);
    if (dst->nmem || dst->fd < 0 ||
        ak_grow(&dst->runs, &dst->rcap, dst->nruns + src->nruns,
                sizeof *dst->runs, 8) != 0)
        return -1;
    /* the severities of the dropped ones: the first 'from' in input order */
    size_t drop[3] = {0};
    if (from) {
        ak_diags_iter *it = ak_diags_iter_new(src, AK_DIAGS_INPUT);
        const ak_diag *g;
        size_t seq = 0;
        while (it && (g = ak_diags_next(it, &seq)) != NULL && seq < from)
            if ((unsigned)g->sev < 3)
                drop[g->sev]++;
        int bad = !it || ak_diags_iter_failed(it);
        ak_diags_iter_free(it);
        if (bad)
            return -1;
    }
    off_t end0 = dst->end;
    size_t n0 = dst->nruns;
    for (size_t i = 0; i < src->nruns; i++) {
        const run *r = &src->runs[i];
        /* src's index is stored + r->delta; it must be at least from, and
         * becomes dst->n + (its index - from) */
        size_t lo = from > r->delta ? from - r->delta : 0;
        run nr = {dst->end, r->bytes, r->count, r->delta + dst->n - from,
                  r->skip > lo ? r->skip : lo};
        if (copy_bytes(dst, src->fd, r->off, r->bytes) != 0) {
            dst->end = end0;   /* forget the part copied */
            dst->nruns = n0;
            return -1;
        }
        dst->runs[dst->nruns++] = nr;
    }
    size_t spilled = src->n - src->nmem;
    dst->n += spilled - (from < spilled ? from : spilled);
    /* the severities of the runs' kept ones: take_mem counts the rest */
    for (size_t i = 0; i < src->nmem; i++)
        if (src->items[i].seq >= from && (unsigned)src->items[i].d.sev < 3)
            drop[src->items[i].d.sev]++;
    for (int k = 0; k < 3; k++)
        dst->nsev[k] += src->nsev[k] - drop[k];
    if (take_mem(dst, src, from) != 0) {
        dst->lost = 1;
        return 0;
    }
    return 0;
}

int ak_diags_move(ak_diags *dst, ak_diags *src, size_t from)
{
    if (!dst || !src)
        return -1;
    if (from > src->n)
        from = src->n;
    int rc = 0;
    if (src->nruns == 0) {
        if (take_mem(dst, src, from) != 0)
            return -1;
    } else if (adopt(dst, src, from) != 0) {
        /* some are in src's file, and dst cannot take its runs over:
         * copy them in input order */
        ak_diags_iter *it = ak_diags_iter_new(src, AK_DIAGS_INPUT);
        const ak_diag *g;
        size_t seq = 0;
        while (it && (g = ak_diags_next(it, &seq)) != NULL)
            if (seq >= from && ak_diags_add(dst, g) != 0)
                break;
        if (!it || ak_diags_iter_failed(it) || dst->lost) {
            dst->lost = 1;
            rc = -1;
        }
        ak_diags_iter_free(it);
    }
    dst->lost |= src->lost;
    clear(src);
    return rc;
}

int ak_diags_truncate(ak_diags *d, size_t n)
{
    if (!d || n >= d->n)
        return 0;
    size_t base = d->n - d->nmem;
    if (n >= base) {
        /* only entries in memory go */
        for (size_t i = n - base; i < d->nmem; i++) {
            if ((unsigned)d->items[i].d.sev < 3)
                d->nsev[d->items[i].d.sev]--;
            ak_free(d->items[i].block);
        }
        d->nmem = n - base;
        d->n = n;
        d->memb = 0;
        for (size_t i = 0; i < d->nmem; i++) {
            size_t sz = sizeof(entry) + 1;
            char **f[NFIELD];
            fields_of(&d->items[i].d, f);
            for (int k = 0; k < NFIELD; k++)
                sz += *f[k] ? strlen(*f[k]) + 1 : 0;
            d->memb += sz;
        }
        return 0;
    }
    /* some of the first n are in the file: copy them to a new list */
    if (d->readers)
        return -1;
    ak_diags *t = ak_diags_new();
    ak_diags_iter *it = t ? ak_diags_iter_new(d, AK_DIAGS_INPUT) : NULL;
    const ak_diag *g;
    size_t seq = 0;
    int bad = !it;
    while (!bad && (g = ak_diags_next(it, &seq)) != NULL && seq < n)
        bad = ak_diags_add(t, g) != 0;
    bad |= !it || ak_diags_iter_failed(it);
    ak_diags_iter_free(it);
    if (bad) {
        ak_diags_free(t);
        return -1;
    }
    t->lost |= d->lost;
    t->limit = d->limit;
    ak_diags tmp = *d;
    *d = *t;
    *t = tmp;
    ak_diags_free(t);
    return 0;
}

size_t ak_diags_count(const ak_diags *d)
{
    return d ? d->n : 0;
}

const ak_diag *ak_diags_get(const ak_diags *d, size_t i)
{
    if (!d || i >= d->n || i < d->n - d->nmem)
        return NULL;
    return &d->items[i - (d->n - d->nmem)].d;
}

size_t ak_diags_count_sev(const ak_diags *d, ak_severity sev)
{
    return d && (unsigned)sev < 3 ? d->nsev[sev] : 0;
}

void ak_diags_set_limit(ak_diags *d, size_t bytes)
{
    if (d && !d->limit_env)
        d->limit = bytes;
}

void ak_diags_hold(ak_diags *d)
{
    if (d)
        d->readers++;
}

void ak_diags_release(ak_diags *d)
{
    if (d && d->readers > 0)
        d->readers--;
}

int ak_diags_spilled(const ak_diags *d)
{
    return d && d->nruns > 0;
}

int ak_diags_lost(const ak_diags *d)
{
    return d ? d->lost : 0;
}

const char *ak_severity_name(ak_severity sev)
{
    switch (sev) {
    case AK_SEV_NOTE: return "bemærkning";
    case AK_SEV_WARNING: return "advarsel";
    case AK_SEV_FATAL: return "fejl";
    }
    return "?";
}

void ak_diag_print(const ak_diag *g, FILE *f)
{
    if (g->file) {
        fputs(g->file, f);
        if (g->line > 0) {
            fprintf(f, ":%ld", g->line);
            if (g->col > 0)
                fprintf(f, ":%ld", g->col);
        }
        fputs(": ", f);
    }
    fprintf(f, "%s: ", ak_severity_name(g->sev));
    if (g->unit) {
        /* "kommune 101 København, ", "respondentnummer 17, " */
        const char *w = g->unit_word;
        if (w && *w) {
            fputc(*w >= 'A' && *w <= 'Z' ? *w - 'A' + 'a' : *w, f);
            fprintf(f, "%s ", w + 1);
        }
        fputs(g->unit, f);
        if (g->unit_name)
            fprintf(f, " %s", g->unit_name);
        fputs(", ", f);
    }
    if (g->question && g->column)
        fprintf(f, "spørgsmål %s (kolonne %s): ", g->question, g->column);
    else if (g->question)
        fprintf(f, "spørgsmål %s: ", g->question);
    else if (g->column)
        fprintf(f, "kolonne %s: ", g->column);
    fputs(g->message ? g->message : "", f);
    if (g->action)
        fprintf(f, " (%s)", g->action);
    fputc('\n', f);
    if (g->context && g->col > 0) {
        fprintf(f, "    %s\n    ", g->context);
        /* Put the caret under the col-th character (UTF-8 aware). */
        long chars = 0;
        for (const unsigned char *p = (const unsigned char *)g->context;
             *p && chars < g->col - 1; p++) {
            if ((*p & 0xC0) != 0x80) {
                fputc(*p == '\t' ? '\t' : ' ', f);
                chars++;
            }
        }
        fputs("^\n", f);
    }
}

void ak_diags_print(const ak_diags *d, ak_severity min, FILE *f)
{
    ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_INPUT);
    const ak_diag *g;
    if (it) {
        while ((g = ak_diags_next(it, NULL)) != NULL)
            if (g->sev >= min)
                ak_diag_print(g, f);
        ak_diags_iter_free(it);
        return;
    }
    /* out of memory: what is in memory */
    for (size_t i = 0; d && i < d->nmem; i++)
        if (d->items[i].d.sev >= min)
            ak_diag_print(&d->items[i].d, f);
}

/* ---- readers --------------------------------------------------------------- */

/* A run of the file read a buffer at a time (report order). */
typedef struct head {
    off_t pos, end;            /* the file's bytes not yet read */
    size_t delta, skip;        /* of its run */
    char *buf;
    size_t cap, lo, hi;        /* buf[lo..hi): read, not yet used */
    ak_diag g;                 /* the current record */
    okey k;
} head;

struct ak_diags_iter {
    ak_diags *d;
    ak_diags_order_by order;
    size_t upto, base;         /* d->n and its first seq in memory, then */
    int failed, started;
    /* the entries in memory, as keys (sorted for AK_DIAGS_REPORT) */
    okey *mk;
    size_t nmk, mi;
    /* AK_DIAGS_REPORT: a head per run, the memory as source nruns, and a
     * heap of the sources that have a current record */
    head *h;
    size_t nh;
    size_t *heap, nheap;
    size_t last;               /* the source yielded last; SIZE_MAX: none */
    /* AK_DIAGS_INPUT: the run being read, whole */
    size_t run, nruns;         /* the next run to read, and how many */
    char *rbuf;
    okey *rk;
    ak_diag *rg;
    size_t nrk, ri;
    ak_diag cur;               /* a copy of the memory entry yielded last:
                                  the array may move meanwhile */
};

ak_diags_iter *ak_diags_iter_new(const ak_diags *cd, ak_diags_order_by order)
{
    ak_diags_iter *it = ak_calloc(1, sizeof *it);
    if (!it)
        return NULL;
    /* the list itself is not changed: only told that a reader is open */
    ak_diags *d = (ak_diags *)cd;
    it->d = d;
    it->order = order;
    it->last = SIZE_MAX;
    if (!d)
        return it;
    it->upto = d->n;
    it->base = d->n - d->nmem;
    it->nruns = d->nruns;
    if (d->nmem) {
        it->mk = mem_keys(d, d->n,
                          order == AK_DIAGS_REPORT ? okey_qcmp : seq_qcmp,
                          &it->nmk);
        if (!it->mk) {
            ak_free(it);
            return NULL;
        }
    }
    if (order == AK_DIAGS_REPORT) {
        it->h = d->nruns ? ak_calloc(d->nruns, sizeof *it->h) : NULL;
        it->heap = ak_calloc(d->nruns + 1, sizeof *it->heap);
        if ((d->nruns && !it->h) || !it->heap) {
            ak_free(it->h);
            ak_free(it->heap);
            ak_free(it->mk);
            ak_free(it);
            return NULL;
        }
        it->nh = d->nruns;
        for (size_t i = 0; i < it->nh; i++) {
            it->h[i].pos = d->runs[i].off;
            it->h[i].end = d->runs[i].off + (off_t)d->runs[i].bytes;
            it->h[i].delta = d->runs[i].delta;
            it->h[i].skip = d->runs[i].skip;
        }
    }
    d->readers++;
    return it;
}

void ak_diags_iter_free(ak_diags_iter *it)
{
    if (!it)
        return;
    if (it->d)
        it->d->readers--;
    for (size_t i = 0; i < it->nh; i++)
        ak_free(it->h[i].buf);
    ak_free(it->h);
    ak_free(it->heap);
    ak_free(it->mk);
    ak_free(it->rbuf);
    ak_free(it->rk);
    ak_free(it->rg);
    ak_free(it);
}

int ak_diags_iter_failed(const ak_diags_iter *it)
{
    return it ? it->failed : 1;
}

static int read_at(int fd, char *p, size_t n, off_t off)
{
    while (n > 0) {
        ssize_t r = pread(fd, p, n, off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
        off += r;
    }
    return 0;
}

/* The memory entry of key k, resolved anew (the array may have moved). */
static const ak_diag *mem_diag(const ak_diags_iter *it, const okey *k)
{
    return &it->d->items[k->seq - it->base].d;
}

/* Move head h to its next record; 1 when it has one, 0 at its end, -1 on
 * failure. */
static int head_next(ak_diags_iter *it, head *h)
{
    for (;;) {
        size_t seq = 0;
        size_t used = h->buf ? rec_get(h->buf + h->lo, h->hi - h->lo, &h->g,
                                       &seq)
                             : 0;
        if (used) {
            h->lo += used;
            if (seq < h->skip)
                continue;
            key_of(&h->k, &h->g, seq + h->delta);
            return 1;
        }
        if (h->pos >= h->end)
            return h->lo == h->hi ? 0 : -1;
        /* keep the part of a record read; make room for the whole one */
        size_t left = h->hi - h->lo, need = 4096;
        if (left >= sizeof(rec_head)) {
            rec_head rh;
            memcpy(&rh, h->buf + h->lo, sizeof rh);
            if (rh.size > need)
                need = rh.size;
        }
        if (need > h->cap) {
            char *b = ak_malloc(need);
            if (!b)
                return -1;
            if (left)
                memcpy(b, h->buf + h->lo, left);
            ak_free(h->buf);
            h->buf = b;
            h->cap = need;
        } else if (left && h->lo) {
            memmove(h->buf, h->buf + h->lo, left);
        }
        h->lo = 0;
        h->hi = left;
        size_t want = h->cap - h->hi;
        if ((off_t)want > h->end - h->pos)
            want = (size_t)(h->end - h->pos);
        if (read_at(it->d->fd, h->buf + h->hi, want, h->pos) != 0)
            return -1;
        h->pos += (off_t)want;
        h->hi += want;
    }
}

/* The current key of source s (a run, or the memory as source nh). */
static const okey *src_key(ak_diags_iter *it, size_t s)
{
    if (s < it->nh)
        return &it->h[s].k;
    okey *k = &it->mk[it->mi];
    k->d = mem_diag(it, k);
    return k;
}

static int heap_less(ak_diags_iter *it, size_t a, size_t b)
{
    return key_cmp(src_key(it, it->heap[a]), src_key(it, it->heap[b])) < 0;
}

static void heap_down(ak_diags_iter *it, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < it->nheap && heap_less(it, l, m))
            m = l;
        if (r < it->nheap && heap_less(it, r, m))
            m = r;
        if (m == i)
            return;
        size_t t = it->heap[i];
        it->heap[i] = it->heap[m];
        it->heap[m] = t;
        i = m;
    }
}

/* Advance source s; 1 when it has a record, 0 at its end, -1 failure. */
static int src_next(ak_diags_iter *it, size_t s, int first)
{
    if (s < it->nh)
        return head_next(it, &it->h[s]);
    if (!first)
        it->mi++;
    return it->mi < it->nmk;
}

static const ak_diag *next_report(ak_diags_iter *it, size_t *seq)
{
    if (!it->started) {
        it->started = 1;
        for (size_t s = 0; s <= it->nh; s++) {
            int r = src_next(it, s, 1);
            if (r < 0) {
                it->failed = 1;
                return NULL;
            }
            if (r > 0)
                it->heap[it->nheap++] = s;
        }
        for (size_t i = it->nheap; i-- > 0;)
            heap_down(it, i);
    } else if (it->last != SIZE_MAX) {
        int r = src_next(it, it->last, 0);
        if (r < 0) {
            it->failed = 1;
            return NULL;
        }
        if (r == 0)
            it->heap[0] = it->heap[--it->nheap];
        if (it->nheap)
            heap_down(it, 0);
    }
    if (it->nheap == 0)
        return NULL;
    it->last = it->heap[0];
    const okey *k = src_key(it, it->last);
    if (seq)
        *seq = k->seq;
    if (it->last < it->nh)
        return &it->h[it->last].g;
    it->cur = *k->d;
    return &it->cur;
}

/* Load run r of the file whole, in input order. */
static int load_run(ak_diags_iter *it, size_t r)
{
    const run *ru = &it->d->runs[r];
    ak_free(it->rbuf);
    ak_free(it->rk);
    ak_free(it->rg);
    it->rk = NULL;
    it->rg = NULL;
    it->nrk = it->ri = 0;
    it->rbuf = ak_malloc(ru->bytes ? ru->bytes : 1);
    it->rk = ak_calloc(ru->count ? ru->count : 1, sizeof *it->rk);
    it->rg = ak_calloc(ru->count ? ru->count : 1, sizeof *it->rg);
    if (!it->rbuf || !it->rk || !it->rg ||
        read_at(it->d->fd, it->rbuf, ru->bytes, ru->off) != 0)
        return -1;
    size_t at = 0, n = 0;
    for (size_t i = 0; i < ru->count; i++) {
        size_t seq = 0;
        size_t used = rec_get(it->rbuf + at, ru->bytes - at, &it->rg[n], &seq);
        if (!used)
            return -1;
        at += used;
        if (seq < ru->skip)
            continue;
        key_of(&it->rk[n], &it->rg[n], seq + ru->delta);
        n++;
    }
    it->nrk = n;
    qsort(it->rk, it->nrk, sizeof *it->rk, seq_qcmp);
    return 0;
}

static const ak_diag *next_input(ak_diags_iter *it, size_t *seq)
{
    for (;;) {
        if (it->ri < it->nrk) {
            const okey *k = &it->rk[it->ri++];
            if (seq)
                *seq = k->seq;
            return k->d;
        }
        if (it->run < it->nruns) {
            if (load_run(it, it->run++) != 0) {
                it->failed = 1;
                return NULL;
            }
            continue;
        }
        if (it->mi < it->nmk) {
            okey *k = &it->mk[it->mi++];
            if (seq)
                *seq = k->seq;
            it->cur = *mem_diag(it, k);
            return &it->cur;
        }
        return NULL;
    }
}

const ak_diag *ak_diags_next(ak_diags_iter *it, size_t *seq)
{
    if (!it || !it->d || it->failed)
        return NULL;
    return it->order == AK_DIAGS_REPORT ? next_report(it, seq)
                                        : next_input(it, seq);
}

int ak_diag_group_begins(ak_diag_group *gr, const ak_diag *g)
{
    if (gr->started && (gr->unit == NULL) == (g->unit == NULL) &&
        (!g->unit || strcmp(gr->unit, g->unit) == 0))
        return 0;
    char *u = g->unit ? ak_strdup(g->unit) : NULL;
    if (g->unit && !u)
        return -1;
    ak_free(gr->unit);
    gr->unit = u;
    gr->started = 1;
    return 1;
}

void ak_diag_group_clear(ak_diag_group *gr)
{
    ak_free(gr->unit);
    gr->unit = NULL;
    gr->started = 0;
}

const char *ak_plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

long ak_utf8_chars(const char *s, size_t n)
{
    long c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}
