/*
 * The diagnostics list: its two reading orders with and without the
 * temporary file (every limit from "each entry its own run" to "never"),
 * moving lists into one another (the parallel merge), cutting back, a
 * reader open while the list grows, and every allocation failing.
 */
#include "ak_diag.h"
#include "ak_mem.h"
#include "ak_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list with the given memory limit (bytes; -1: the default). */
static ak_diags *list_with(long limit)
{
    if (limit >= 0) {
        char b[32];
        snprintf(b, sizeof b, "%ld", limit);
        setenv("AK_DIAGS_MEM_BYTES", b, 1);
    } else {
        unsetenv("AK_DIAGS_MEM_BYTES");
    }
    ak_diags *d = ak_diags_new();
    unsetenv("AK_DIAGS_MEM_BYTES");
    return d;
}

/* The i-th test diagnostic: units repeat out of order, some are text,
 * some are about the whole file; the message names i. */
static const char *unit_of(size_t i, char *buf, size_t n)
{
    switch (i % 7) {
    case 0: return NULL;                         /* the whole file */
    case 1: return "x-tekst";                    /* not a number */
    case 2: return "007";                        /* 7 by number */
    default: snprintf(buf, n, "%zu", (i * 37) % 23); return buf;
    }
}

static int add_nth(ak_diags *d, size_t i)
{
    char ub[32], msg[64], ctx[200];
    snprintf(msg, sizeof msg, "besked %zu", i);
    memset(ctx, 'a' + (int)(i % 26), sizeof ctx - 1);
    ctx[(i * 13) % (sizeof ctx - 1)] = '\0';     /* records of many sizes */
    ak_diag g = {0};
    g.sev = (ak_severity)(i % 3);
    g.rule = i % 2 ? "routing" : "check";
    g.file = "input.csv";
    g.line = (long)i + 2;
    g.col = (long)(i % 5);
    g.unit = (char *)unit_of(i, ub, sizeof ub);
    g.unit_name = i % 4 ? "Navn" : NULL;
    g.question = i % 3 ? "2.1a" : NULL;
    g.value = i % 5 ? "ja" : NULL;
    g.message = msg;
    g.context = ctx;
    g.column = i % 2 ? "q2a" : NULL;
    return ak_diags_add(d, &g);
}

/* The index a message "besked N" names. */
static size_t index_of(const ak_diag *g)
{
    return g && g->message ? (size_t)strtoul(g->message + 7, NULL, 10)
                           : (size_t)-1;
}

/* Reference report order, computed here independently: unit-less first,
 * numeric ids (as numbers) before text ids, then input order. */
static size_t *ref_order;
static const char *ref_units[4096];
static int ref_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const char *ux = ref_units[x], *uy = ref_units[y];
    if (!ux || !uy) {
        if (ux != uy)
            return ux ? 1 : -1;
    } else {
        int nx = ux[strspn(ux, "0123456789")] == '\0';
        int ny = uy[strspn(uy, "0123456789")] == '\0';
        if (nx != ny)
            return nx ? -1 : 1;
        int c = nx ? (atol(ux) > atol(uy)) - (atol(ux) < atol(uy)) : 0;
        if (c == 0)
            c = strcmp(ux, uy);   /* "007" before "7" */
        if (c)
            return c;
    }
    return (x > y) - (x < y);
}

static char unit_store[4096][32];
static void make_ref(size_t n)
{
    free(ref_order);
    ref_order = calloc(n + 1, sizeof *ref_order);
    for (size_t i = 0; i < n; i++) {
        const char *u = unit_of(i, unit_store[i], sizeof unit_store[i]);
        ref_units[i] = u;
        ref_order[i] = i;
    }
    qsort(ref_order, n, sizeof *ref_order, ref_cmp);
}

/* The list holds exactly the diagnostics first..first+n-1 (as added by
 * add_nth), in both orders. */
static void check_list(ak_diags *d, size_t first, size_t n)
{
    AK_CHECK_EQ_INT(ak_diags_count(d), n);
    size_t sev[3] = {0};
    ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_INPUT);
    AK_CHECK(it != NULL);
    const ak_diag *g;
    size_t k = 0, seq = 0, bad = 0;
    while ((g = ak_diags_next(it, &seq)) != NULL) {
        bad += index_of(g) != first + k || seq != k ||
               g->line != (long)(first + k) + 2;
        sev[g->sev]++;
        k++;
    }
    AK_CHECK(!ak_diags_iter_failed(it));
    AK_CHECK_EQ_INT(k, n);
    AK_CHECK_EQ_INT(bad, 0);
    ak_diags_iter_free(it);
    for (int s = 0; s < 3; s++)
        AK_CHECK_EQ_INT(ak_diags_count_sev(d, (ak_severity)s), sev[s]);

    /* report order: the reference order of the indexes first..first+n-1
     * (the reference sorts by unit, which index_of's unit_of decides) */
    make_ref(first + n);
    it = ak_diags_iter_new(d, AK_DIAGS_REPORT);
    AK_CHECK(it != NULL);
    k = 0;
    bad = 0;
    size_t r = 0;
    while ((g = ak_diags_next(it, &seq)) != NULL) {
        while (r < first + n && ref_order[r] < first)
            r++;   /* not in this list */
        bad += r >= first + n || index_of(g) != ref_order[r] ||
               seq != ref_order[r] - first;
        r++;
        k++;
    }
    AK_CHECK(!ak_diags_iter_failed(it));
    AK_CHECK_EQ_INT(k, n);
    AK_CHECK_EQ_INT(bad, 0);
    ak_diags_iter_free(it);
}

static void test_orders(void)
{
    const long limits[] = {-1, 0, 1, 700, 5000, 60000};
    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
        for (size_t n = 0; n <= 600; n += 150) {
            ak_diags *d = list_with(limits[l]);
            for (size_t i = 0; i < n; i++)
                AK_CHECK_EQ_INT(add_nth(d, i), 0);
            AK_CHECK(!ak_diags_lost(d));
            /* the default limit never spills a few hundred; the small
             * ones do */
            if (limits[l] < 0 || n == 0)
                AK_CHECK(!ak_diags_spilled(d));
            else if (limits[l] <= 5000)
                AK_CHECK(ak_diags_spilled(d));
            check_list(d, 0, n);
            /* ak_diags_get: the ones in memory only */
            if (!ak_diags_spilled(d) && n)
                AK_CHECK_EQ_INT(index_of(ak_diags_get(d, n - 1)), n - 1);
            if (ak_diags_spilled(d))
                AK_CHECK(ak_diags_get(d, 0) == NULL);
            ak_diags_free(d);
        }
    }
}

/* Parts as the parallel reader makes them: each part's list repeats the
 * file's first diagnostics (dropped by 'from'); moved into one list in
 * order, whatever each list's limit. */
static void test_move(void)
{
    const long limits[] = {-1, 0, 900, 8000};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 4; b++) {
            ak_diags *dst = list_with(limits[a]);
            ak_diags *mid = list_with(limits[b]);
            size_t next = 0;
            /* dst has the first 3 of its own */
            for (; next < 3; next++)
                add_nth(dst, next);
            /* five parts of 0, 1, 40, 200 and 7 into mid, each after
             * 2 "head" diagnostics dropped by from = 2 */
            const size_t sizes[] = {0, 1, 40, 200, 7};
            for (size_t p = 0; p < 5; p++) {
                ak_diags *part = list_with(limits[(a + b + p) % 4]);
                add_nth(part, 9999 % 4096);
                add_nth(part, 9998 % 4096);
                for (size_t i = 0; i < sizes[p]; i++)
                    add_nth(part, next + i);
                AK_CHECK_EQ_INT(ak_diags_move(mid, part, 2), 0);
                AK_CHECK_EQ_INT(ak_diags_count(part), 0);
                next += sizes[p];
                ak_diags_free(part);
            }
            /* and mid (with runs of its own and taken over) into dst */
            AK_CHECK_EQ_INT(ak_diags_move(dst, mid, 0), 0);
            AK_CHECK(!ak_diags_lost(dst));
            check_list(dst, 0, next);
            ak_diags_free(mid);
            ak_diags_free(dst);
        }
}

static void test_truncate(void)
{
    const long limits[] = {-1, 0, 3000};
    for (size_t l = 0; l < 3; l++) {
        const size_t cut[] = {0, 1, 57, 300};
        for (size_t c = 0; c < 4; c++) {
            ak_diags *d = list_with(limits[l]);
            for (size_t i = 0; i < 300; i++)
                add_nth(d, i);
            AK_CHECK_EQ_INT(ak_diags_truncate(d, cut[c]), 0);
            check_list(d, 0, cut[c]);
            /* and it goes on growing as before */
            for (size_t i = cut[c]; i < cut[c] + 20; i++)
                add_nth(d, i);
            check_list(d, 0, cut[c] + 20);
            ak_diags_free(d);
        }
    }
}

/* A reader sees the list as it was made; the list grows meanwhile without
 * writing to its file (so the reader's entries stay where they are). */
static void test_reader_open(void)
{
    ak_diags *d = list_with(0);
    for (size_t i = 0; i < 10; i++)
        add_nth(d, i);
    ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_INPUT);
    const ak_diag *g = ak_diags_next(it, NULL);
    AK_CHECK_EQ_INT(index_of(g), 0);
    for (size_t i = 10; i < 50; i++)
        add_nth(d, i);
    AK_CHECK_EQ_INT(index_of(g), 0);   /* still readable */
    size_t k = 1;
    while ((g = ak_diags_next(it, NULL)) != NULL)
        AK_CHECK_EQ_INT(index_of(g), k++);
    AK_CHECK_EQ_INT(k, 10);
    /* cutting back into the file is refused while a reader is open */
    AK_CHECK_EQ_INT(ak_diags_truncate(d, 5), -1);
    ak_diags_iter_free(it);
    check_list(d, 0, 50);
    ak_diags_free(d);
}

static void test_group(void)
{
    ak_diag a = {0}, b = {0}, c = {0};
    a.unit = NULL;
    b.unit = "101";
    c.unit = "101";
    ak_diag_group gr = {0};
    AK_CHECK_EQ_INT(ak_diag_group_begins(&gr, &a), 1);
    AK_CHECK_EQ_INT(ak_diag_group_begins(&gr, &a), 0);
    AK_CHECK_EQ_INT(ak_diag_group_begins(&gr, &b), 1);
    AK_CHECK_EQ_INT(ak_diag_group_begins(&gr, &c), 0);
    AK_CHECK_EQ_INT(ak_diag_group_begins(&gr, &a), 1);
    ak_diag_group_clear(&gr);
    AK_CHECK_EQ_INT(ak_diag_group_begins(&gr, &c), 1);
    ak_diag_group_clear(&gr);
}

/* Every allocation of a spilling scenario fails in turn: no crash, no
 * leak (under ASan), and a failure is always told (lost, a failed reader
 * or a move's -1), never a silently short list. */
static void test_oom(void)
{
    long told = 0, clean = 0;
    for (long k = 1; k < 4000; k++) {
        ak_mem_fail_at(k);
        ak_diags *d = list_with(2000);
        ak_diags *p = list_with(500);
        int bad = !d || !p;
        for (size_t i = 0; !bad && i < 60; i++)
            bad |= add_nth(i < 30 ? d : p, i) != 0;
        if (!bad)
            bad |= ak_diags_move(d, p, 0) != 0;
        size_t n = 0;
        if (!bad) {
            ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_REPORT);
            while (it && ak_diags_next(it, NULL))
                n++;
            bad |= !it || ak_diags_iter_failed(it);
            ak_diags_iter_free(it);
        }
        ak_mem_fail_at(0);
        if (bad || (d && ak_diags_lost(d)))
            told++;
        else {
            clean++;
            AK_CHECK_EQ_INT(n, 60);
        }
        ak_diags_free(p);
        ak_diags_free(d);
        if (!bad && k > 50)
            break;   /* past the last allocation */
    }
    AK_CHECK(told > 10);
    AK_CHECK(clean >= 1);
}

AK_TEST_MAIN(test_orders, test_move, test_truncate, test_reader_open,
             test_group, test_oom)
