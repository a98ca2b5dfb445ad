/*
 * Reading one response file on several threads; see include/ak_parallel.h.
 *
 * The calling thread makes the sniffing pass (encoding, part boundaries),
 * starts the workers and merges the parts in input order as they finish;
 * the workers take parts in input order, each into results of its own.
 */
#include "ak_parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ak_csv.h"
#include "ak_ingest.h"
#include "ak_mem.h"

/* The header line must end within this many bytes (else one thread). */
#define HEAD_MAX (1L << 20)
/* Bytes read at a time by the sniffing pass. */
#define READ_BLOCK (1 << 20)
/* At most this many threads. */
#define MAX_THREADS 64

int ak_parallel_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* ---- one thread ---------------------------------------------------------- */

typedef struct rowctx {
    ak_validator *v;
    ak_tab *tab;
    ak_unc *unc;
    ak_tab *ptab;                       /* the sinks' second tabulation */
    const ak_parallel_sinks *k;         /* its filter */
    const volatile sig_atomic_t *stop;  /* one thread: the signal flag */
    atomic_int *halt;                   /* workers: the job's flag */
    ak_status st;
} rowctx;

static int on_row(ak_row *row, void *ud)
{
    rowctx *c = ud;
    if ((c->stop && *c->stop) ||
        (c->halt && atomic_load_explicit(c->halt, memory_order_relaxed)))
        return 1;
    ak_status st = ak_validate_row(c->v, row);
    if (st == AK_OK && ak_validate_superseded(c->v))
        return 0;       /* --keep-last: a later row of its id counts */
    if (st == AK_OK && c->tab)
        st = ak_tab_add(c->tab, row, ak_validate_unit(c->v),
                        ak_validate_unit_name(c->v));
    if (st == AK_OK && c->unc)
        st = ak_unc_add(c->unc, row, c->tab);   /* the row tab just counted */
    if (st == AK_OK && c->k->pkeep &&
        c->k->pkeep(c->k->pkeep_ud, ak_validate_unit(c->v)) && c->ptab)
        st = ak_tab_add(c->ptab, row, NULL, NULL);
    if (st != AK_OK) {
        c->st = st;
        return 1;
    }
    return 0;
}

/* The one-thread path: what the CLI did before there were parts. */
static ak_status read_whole(const char *path, const ak_codebook *cb,
                            const ak_register *reg,
                            const ak_parallel_sinks *k,
                            const volatile sig_atomic_t *stop,
                            ak_validator **v, ak_diags *d)
{
    *v = ak_validate_new(cb, reg, path, d);
    if (!*v)
        return AK_ERR_NOMEM;
    if (k->last)
        ak_validate_keep_last(*v, k->last);
    rowctx c = {*v, k->tab, k->unc, k->pkeep ? k->ptab : NULL, k, stop, NULL,
                AK_OK};
    ak_status st = ak_ingest_file_sha256(path, cb, NULL, on_row, &c, d,
                                         k->sha256);
    if (c.st != AK_OK && (st == AK_OK || st == AK_ERR_INPUT))
        st = c.st;
    return st;
}

/* ---- parts --------------------------------------------------------------- */

typedef struct part {
    off_t start, end;        /* the body's bytes */
    long line;               /* physical line of its first byte */
    int last;
    /* results, owned until merged */
    ak_diags *d;
    ak_validator *v;
    ak_tab *tab;
    ak_unc *unc;
    ak_tab *ptab;
    ak_ingest_part_out out;
    ak_status st;
    int done;                /* under the job's mutex */
} part;

typedef struct job {
    const char *path;
    int fd;
    const ak_codebook *cb;
    const ak_register *reg;
    const ak_tab *like;      /* NULL: no tabulation */
    const ak_unc *ulike;     /* NULL: no uncertainty figures */
    const ak_parallel_sinks *k;  /* the second tabulation and its filter */
    const ak_lastrows *last; /* --keep-last, or NULL */
    ak_encoding enc;
    unsigned char *head;
    size_t headlen;
    part *parts;
    size_t nparts;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;             /* the next part to take */
    size_t merged;           /* parts merged so far */
    size_t window;           /* parts taken ahead of the merge, at most */
    atomic_int halt;         /* stop taking parts, stop reading rows */
} job;

/* Read bytes [start, end) of fd into *buf; -1 with errno on failure. */
static int read_range(int fd, off_t start, off_t end, unsigned char **buf,
                      size_t *cap)
{
    size_t n = (size_t)(end - start);
    if (n > *cap) {
        unsigned char *b = ak_realloc(*buf, n);
        if (!b) {
            errno = ENOMEM;
            return -1;
        }
        *buf = b;
        *cap = n;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, *buf + got, n - got, start + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO;   /* the file shrank */
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

static void run_part(job *j, part *p, unsigned char **buf, size_t *cap)
{
    p->st = AK_ERR_NOMEM;
    p->d = ak_diags_new();
    /* up to 2 parts a thread are in memory at once, each with its list */
    ak_diags_set_limit(p->d, (size_t)AK_DIAGS_MEM / 4);
    if (!p->d)
        return;
    p->v = ak_validate_new(j->cb, j->reg, j->path, p->d);
    if (!p->v)
        return;
    if (j->last)
        ak_validate_keep_last(p->v, j->last);
    if (j->like) {
        p->tab = ak_tab_new_like(j->like, p->d);
        if (!p->tab)
            return;
    }
    if (j->ulike) {
        p->unc = ak_unc_new_like(j->ulike);
        if (!p->unc)
            return;
    }
    if (j->k->ptab && j->k->pkeep) {
        p->ptab = ak_tab_new_like(j->k->ptab, p->d);
        if (!p->ptab)
            return;
    }
    if (read_range(j->fd, p->start, p->end, buf, cap) != 0) {
        p->st = errno == ENOMEM ? AK_ERR_NOMEM : AK_ERR_IO;
        return;
    }
    ak_ingest_part_in in = {j->enc, j->head, j->headlen, *buf,
                            (size_t)(p->end - p->start), p->line, p->last};
    rowctx c = {p->v, p->tab, p->unc, p->ptab, j->k, NULL, &j->halt, AK_OK};
    p->st = ak_ingest_part(&in, j->path, j->cb, NULL, on_row, &c, p->d,
                           &p->out);
    if (c.st != AK_OK)
        p->st = c.st;
}

static void free_part(part *p)
{
    ak_unc_free(p->unc);
    ak_tab_free(p->tab);
    ak_tab_free(p->ptab);
    ak_validate_free(p->v);
    ak_diags_free(p->d);
    p->unc = NULL;
    p->tab = NULL;
    p->ptab = NULL;
    p->v = NULL;
    p->d = NULL;
}

static void *worker(void *arg)
{
    job *j = arg;
    unsigned char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (!atomic_load(&j->halt) && j->next < j->nparts &&
               j->next >= j->merged + j->window)
            pthread_cond_wait(&j->cv, &j->mu);
        if (atomic_load(&j->halt) || j->next >= j->nparts) {
            pthread_mutex_unlock(&j->mu);
            break;
        }
        part *p = &j->parts[j->next++];
        pthread_mutex_unlock(&j->mu);
        run_part(j, p, &buf, &cap);
        pthread_mutex_lock(&j->mu);
        p->done = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    ak_free(buf);
    return NULL;
}

/* ---- the sniffing pass ----------------------------------------------------- */

/* 1 when p[0..n) holds an odd number of quotes: eight bytes at a time,
 * a byte equal to '"' found exactly by the zero-byte test of w ^ 0x22..,
 * the flags folded by XOR (only their parity counts). */
static unsigned quote_parity(const unsigned char *p, size_t n)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL, quotes = 0x2222222222222222ULL;
    uint64_t acc = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t x = w ^ quotes;
        acc ^= ~(((x & lo7) + lo7) | x) & ~lo7;
    }
    unsigned odd = 0;
    for (; i < n; i++)
        odd ^= p[i] == '"';
    acc ^= acc >> 32;
    acc ^= acc >> 16;
    acc ^= acc >> 8;
    return odd ^ (unsigned)((acc >> 7) & 1);
}

/*
 * One pass over fd: feed the sniffer, find the end of the header line
 * (j->headlen) and the part boundaries, each after the first LF at least
 * 'size' bytes after the previous one that has an even number of quotes
 * before it (outside a quoted field, in input that quotes as RFC 4180
 * does; other input is caught by the parts' check, ak_parallel.h), with
 * their lines.  Returns 0; 1 when the file is not to be split (no header
 * line end within HEAD_MAX, one part only, lines unknown); -1 on a read
 * error or OOM.
 */
static int find_parts(job *j, ak_sniff *s, off_t fsize, long size)
{
    unsigned char *buf = ak_malloc(READ_BLOCK);
    off_t *bound = NULL;
    long *line = NULL;
    size_t nb = 0, cap = 0;
    int rc = 0;
    unsigned odd = 0;          /* quotes before the byte next fed */
    if (!buf)
        return -1;
    off_t pos = 0, want = 0;   /* the next boundary: after an LF at >= want */
    for (;;) {
        ssize_t n = read(j->fd, buf, READ_BLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 0)
            break;
        size_t i = 0;
        while (i < (size_t)n) {
            size_t from = want > pos + (off_t)i ? (size_t)(want - pos) : i;
            const unsigned char *lf = from < (size_t)n
                ? memchr(buf + from, '\n', (size_t)n - from) : NULL;
            size_t e = lf ? (size_t)(lf - buf) + 1 : (size_t)n;
            ak_sniff_feed(s, buf + i, e - i);
            odd ^= quote_parity(buf + i, e - i);
            i = e;
            if (!lf)
                break;
            if (odd) {
                want = pos + (off_t)e;   /* inside quotes: the next LF */
                continue;
            }
            if (pos + (off_t)e >= fsize)
                continue;        /* the end of the file: no boundary */
            if (nb == cap) {
                size_t c2 = cap ? cap * 2 : 64;
                off_t *b2 = ak_reallocarray(bound, c2, sizeof *b2);
                if (b2)
                    bound = b2;
                long *l2 = ak_reallocarray(line, c2, sizeof *l2);
                if (l2)
                    line = l2;
                if (!b2 || !l2) {
                    rc = -1;
                    goto out;
                }
                cap = c2;
            }
            bound[nb] = pos + (off_t)e;
            line[nb] = ak_sniff_line(s);
            if (line[nb] <= 0)
                rc = 1;
            want = bound[nb] + size - 1;
            nb++;
        }
        pos += n;
    }
    if (rc == 0 && pos != fsize)
        rc = 1;                  /* the file changed size */
    if (rc == 0 && (nb < 2 || bound[0] > HEAD_MAX))
        rc = 1;                  /* the header and one part at most */
    if (rc == 0) {
        /* bound[0] ends the header line; parts run between the others. */
        j->headlen = (size_t)bound[0];
        j->nparts = nb;
        j->parts = ak_calloc(nb, sizeof *j->parts);
        if (!j->parts) {
            rc = -1;
            goto out;
        }
        for (size_t k = 0; k < nb; k++) {
            part *p = &j->parts[k];
            p->start = bound[k];
            p->end = k + 1 < nb ? bound[k + 1] : fsize;
            p->line = line[k];
            p->last = k + 1 == nb;
        }
    }
out:
    ak_free(buf);
    ak_free(bound);
    ak_free(line);
    return rc;
}

/* ---- merging ------------------------------------------------------------- */

enum { MERGE_OK = 0, MERGE_REDO, MERGE_NOMEM };

typedef struct acc {
    ak_validator *v;
    ak_tab *tab;
    ak_unc *unc;
    ak_tab *ptab;
    ak_diags *d;
    long records;
} acc;

/* Merge part k into a; MERGE_REDO when one reading must redo it all. */
static int merge_part(acc *a, part *p, size_t k)
{
    if (p->st != AK_OK || !p->out.clean || ak_diags_lost(p->d) ||
        ak_diags_count_sev(p->d, AK_SEV_FATAL) > 0)
        return MERGE_REDO;
    int rc = ak_validate_merge(a->v, p->v);
    if (rc < 0)
        return MERGE_NOMEM;
    if (rc > 0)
        return MERGE_REDO;       /* an id in two parts */
    ak_status ts = a->tab ? ak_tab_merge(a->tab, p->tab) : AK_OK;
    if (ts == AK_ERR_NOMEM)
        return MERGE_NOMEM;
    if (ts != AK_OK)
        return MERGE_REDO;
    if (a->unc && ak_unc_merge(a->unc, p->unc) != AK_OK)
        return MERGE_NOMEM;
    ts = a->ptab ? ak_tab_merge(a->ptab, p->ptab) : AK_OK;
    if (ts == AK_ERR_NOMEM)
        return MERGE_NOMEM;
    if (ts != AK_OK)
        return MERGE_REDO;
    if (ak_diags_move(a->d, p->d, k ? p->out.nhead : 0) != 0)
        return MERGE_NOMEM;
    a->records += p->out.records;
    return MERGE_OK;
}

/* Wait until part k is done, polling *stop; 0, or -1 when stopped. */
static int wait_part(job *j, size_t k, const volatile sig_atomic_t *stop)
{
    pthread_mutex_lock(&j->mu);
    while (!j->parts[k].done) {
        if (stop && *stop) {
            pthread_mutex_unlock(&j->mu);
            return -1;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&j->cv, &j->mu, &ts);
    }
    pthread_mutex_unlock(&j->mu);
    return 0;
}

/* The parallel path.  Returns AK_OK with *v and the merged results,
 * AK_ERR_IO when stopped, AK_ERR_NOMEM, or -1 (as ak_status) when one
 * reading must do it. */
#define REDO ((ak_status)-1)

static ak_status run_parts(job *j, int threads, const ak_parallel_sinks *k,
                           const volatile sig_atomic_t *stop,
                           ak_validator **v, ak_diags *d,
                           ak_parallel_info *info)
{
    acc a = {0};
    ak_tab *tab = k->tab;
    ak_unc *unc = k->unc;
    ak_tab *ptab = k->pkeep ? k->ptab : NULL;
    /* the parts' diagnostics go straight to d (a part's list may be in a
     * temporary file: its runs are taken over, not decoded); a reading
     * that must be redone cuts d back to what it had */
    size_t d0 = ak_diags_count(d);
    a.v = ak_validate_new(j->cb, j->reg, j->path, d);
    a.d = d;
    a.tab = tab ? ak_tab_new_like(tab, d) : NULL;
    a.unc = unc ? ak_unc_new_like(unc) : NULL;
    a.ptab = ptab ? ak_tab_new_like(ptab, d) : NULL;
    if (!a.v || (tab && !a.tab) || (unc && !a.unc) || (ptab && !a.ptab)) {
        ak_validate_free(a.v);
        ak_tab_free(a.tab);
        ak_unc_free(a.unc);
        ak_tab_free(a.ptab);
        return AK_ERR_NOMEM;
    }
    if (k->last)
        ak_validate_keep_last(a.v, k->last);
    if ((size_t)threads > j->nparts)
        threads = (int)j->nparts;
    j->window = 2 * (size_t)threads;
    pthread_t th[MAX_THREADS];
    int nth = 0;
    /* Signals go to the calling thread, whose handler sets *stop. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&th[nth], NULL, worker, j) == 0)
            nth++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    info->threads = nth;
    ak_status st = nth ? AK_OK : REDO;
    for (size_t pk = 0; st == AK_OK && pk < j->nparts; pk++) {
        if (wait_part(j, pk, stop) != 0) {
            st = AK_ERR_IO;
            break;
        }
        int rc = merge_part(&a, &j->parts[pk], pk);
        free_part(&j->parts[pk]);
        if (rc == MERGE_NOMEM)
            st = AK_ERR_NOMEM;
        else if (rc == MERGE_REDO)
            st = REDO;
        pthread_mutex_lock(&j->mu);
        j->merged = pk + 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    if (st != AK_OK) {
        atomic_store(&j->halt, 1);
        pthread_mutex_lock(&j->mu);
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    for (int i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    for (size_t pk = 0; pk < j->nparts; pk++)
        free_part(&j->parts[pk]);
    ak_limits lim;
    ak_limits_default(&lim);
    if (st == AK_OK && (size_t)a.records + 1 > lim.max_records)
        st = REDO;
    if (st != AK_OK && ak_diags_truncate(d, d0) != 0)
        st = AK_ERR_NOMEM;
    if (st == AK_OK && tab && ak_tab_merge(tab, a.tab) != AK_OK)
        st = AK_ERR_NOMEM;
    if (st == AK_OK && unc && ak_unc_merge(unc, a.unc) != AK_OK)
        st = AK_ERR_NOMEM;
    if (st == AK_OK && ptab && ak_tab_merge(ptab, a.ptab) != AK_OK)
        st = AK_ERR_NOMEM;
    ak_tab_free(a.tab);
    ak_unc_free(a.unc);
    ak_tab_free(a.ptab);
    if (st == AK_OK) {
        *v = a.v;
        info->parts = j->nparts;
    } else
        ak_validate_free(a.v);
    return st;
}

static long part_size(void)
{
    const char *e = getenv("AK_PART_BYTES");
    if (e && *e) {
        char *end;
        long n = strtol(e, &end, 10);
        if (*end == '\0' && n >= 1)
            return n;
    }
    return AK_PART;
}

ak_status ak_parallel_read(const char *path, const ak_codebook *cb,
                           const ak_register *reg,
                           const ak_parallel_sinks *sinks, int threads,
                           const volatile sig_atomic_t *stop,
                           ak_validator **v, ak_diags *d,
                           ak_parallel_info *info)
{
    ak_parallel_info dummy;
    ak_parallel_sinks none = {0};
    if (!info)
        info = &dummy;
    if (!sinks)
        sinks = &none;
    memset(info, 0, sizeof *info);
    *v = NULL;
    if (sinks->sha256)
        sinks->sha256[0] = '\0';
    if (threads <= 0)
        threads = ak_parallel_cores();
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    const char *forced = getenv("AK_PART_BYTES");
    if (threads == 1 && !(forced && *forced))
        return read_whole(path, cb, reg, sinks, stop, v, d);
    long size = part_size();

    job j;
    memset(&j, 0, sizeof j);
    j.path = path;
    j.cb = cb;
    j.reg = reg;
    j.like = sinks->tab;
    j.ulike = sinks->unc;
    j.k = sinks;
    j.last = sinks->last;
    j.fd = open(path, O_RDONLY);
    struct stat sb;
    ak_status st = REDO;
    ak_sniff *s = NULL;
    ak_diags *scratch = NULL;
    if (j.fd < 0 || fstat(j.fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        sb.st_size <= size)
        goto out;                /* small, or not a file: one reading */
    s = ak_sniff_new(path);
    scratch = ak_diags_new();
    if (!s || !scratch) {
        st = AK_ERR_NOMEM;
        goto out;
    }
    if (sinks->sha256 && ak_sniff_hash(s) != 0) {
        st = AK_ERR_NOMEM;
        goto out;
    }
    int rc = find_parts(&j, s, sb.st_size, size);
    if (rc != 0) {
        st = rc < 0 && errno == ENOMEM ? AK_ERR_NOMEM : REDO;
        goto out;
    }
    if (sinks->sha256)
        ak_sniff_sha256(s, sinks->sha256);   /* every byte was fed */
    ak_status sst = ak_sniff_finish(s, &j.enc, scratch);
    if (sst != AK_OK || (j.enc != AK_ENC_UTF8 && j.enc != AK_ENC_UTF8_BOM &&
                         j.enc != AK_ENC_CP1252))
        goto out;                /* a problem one reading reports, or UTF-16 */
    j.head = ak_malloc(j.headlen);
    if (!j.head) {
        st = AK_ERR_NOMEM;
        goto out;
    }
    size_t hcap = j.headlen;
    if (read_range(j.fd, 0, (off_t)j.headlen, &j.head, &hcap) != 0)
        goto out;
    if (pthread_mutex_init(&j.mu, NULL) != 0)
        goto out;
    if (pthread_cond_init(&j.cv, NULL) != 0) {
        pthread_mutex_destroy(&j.mu);
        goto out;
    }
    atomic_init(&j.halt, 0);
    st = run_parts(&j, threads, sinks, stop, v, d, info);
    pthread_cond_destroy(&j.cv);
    pthread_mutex_destroy(&j.mu);
out:
    if (j.fd >= 0)
        close(j.fd);
    ak_free(j.head);
    ak_free(j.parts);
    ak_sniff_free(s);
    ak_diags_free(scratch);
    if (st == REDO) {
        info->redone = info->threads > 0;
        info->parts = 0;
        if (getenv("AK_PARALLEL_TRACE"))
            fprintf(stderr, "ankestat: parallel: redo\n");
        return read_whole(path, cb, reg, sinks, stop, v, d);
    }
    if (getenv("AK_PARALLEL_TRACE"))
        fprintf(stderr, "ankestat: parallel: %zu parts, %d threads\n",
                info->parts, info->threads);
    return st;
}
