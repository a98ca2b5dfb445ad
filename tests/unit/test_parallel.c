/* Unit tests of reading in parallel parts (include/ak_parallel.h) and of
 * the merge functions of every per-row collector it uses (ak_diags_move,
 * ak_validate_merge, ak_tab_merge, ak_unc_merge), on the 2008 data with
 * the real definitions: one thread and parts of every size give the same
 * results (cells, notes, non-respondents), uncertainty figures, counters
 * and diagnostics; an id repeated across parts is reported as one reading
 * reports it; with --keep-last's table the parts stay parallel and agree;
 * each merge of two halves equals one collector over all rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_mem.h"
#include "ak_outdir.h"
#include "ak_ingest.h"
#include "ak_parallel.h"
#include "ak_prose.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_test.h"
#include "ak_uncert.h"
#include "ak_validate.h"

#ifndef AK_HOME
#define AK_HOME "."
#endif

static ak_codebook *cb;
static ak_register *reg;
static ak_tableset *ts;
static ak_words *words;
static ak_unc_config *ucfg;

static int setup(void)
{
    ak_diags *d = ak_diags_new();
    int ok = d &&
        ak_codebook_load(AK_HOME "/data/codebook.csv", &cb, d) == AK_OK &&
        ak_codebook_load_checks(cb, AK_HOME "/data/checks.csv", d) == AK_OK &&
        ak_register_load(AK_HOME "/data/kommuner.csv", &reg, d) == AK_OK &&
        ak_templates_load(AK_HOME "/templates", cb, &ts, d) == AK_OK &&
        ak_words_load(AK_HOME "/data/bands.csv", AK_HOME "/data/words.csv",
                      &words, d) == AK_OK &&
        ak_unc_config_load(AK_HOME "/data/statistics.csv", &ucfg, d) == AK_OK;
    if (!ok && d)
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    ak_diags_free(d);
    return ok ? 0 : -1;
}

/* One read of path: its results, counters and diagnostics. */
typedef struct outcome {
    ak_status st;
    ak_parallel_info info;
    ak_results *res;
    ak_uncertainty *unc;
    ak_validator *v;
    ak_diags *d;
    char sha256[65];   /* the input's checksum from the read */
} outcome;

/* A tabulation as the CLI makes it (population, word lists, register). */
static ak_tab *new_tab(ak_diags *d)
{
    ak_tab *tab = ak_tab_new(ts, cb, 2008, d);
    if (tab) {
        ak_tab_set_population(tab, (long)ak_register_count(reg));
        ak_tab_set_words(tab, words);
        ak_tab_set_register(tab, reg);
    }
    return tab;
}

static void read_with_last(outcome *o, const char *path, int threads,
                           const char *part, const ak_lastrows *last)
{
    memset(o, 0, sizeof *o);
    if (part)
        setenv("AK_PART_BYTES", part, 1);
    else
        unsetenv("AK_PART_BYTES");
    o->d = ak_diags_new();
    ak_tab *tab = new_tab(o->d);
    ak_unc *unc = ak_unc_new(ts, cb, ucfg, o->d);
    AK_CHECK(tab && unc);
    ak_parallel_sinks sinks = {tab, unc, last, NULL, NULL, NULL, o->sha256};
    o->st = ak_parallel_read(path, cb, reg, &sinks, threads, NULL, &o->v,
                             o->d, &o->info);
    if (o->st == AK_OK)
        o->st = ak_validate_finish(o->v);
    if (o->st == AK_OK)
        o->st = ak_tab_finish(tab, &o->res);
    if (o->st == AK_OK)
        o->st = ak_unc_finish(unc, o->res, (long)ak_register_count(reg),
                              &o->unc, o->d);
    ak_unc_free(unc);
    ak_tab_free(tab);
    unsetenv("AK_PART_BYTES");
}

static void read_with(outcome *o, const char *path, int threads,
                      const char *part)
{
    read_with_last(o, path, threads, part, NULL);
}

static void outcome_free(outcome *o)
{
    ak_uncertainty_free(o->unc);
    ak_results_free(o->res);
    ak_validate_free(o->v);
    ak_diags_free(o->d);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The same doubles, bit for bit where both are numbers (NaN = NaN). */
static int same_num(double a, double b)
{
    return (a != a && b != b) || memcmp(&a, &b, sizeof a) == 0;
}

/* Results and uncertainty figures must be equal (number for number). */
static long diff_results(const ak_results *x, const ak_results *y,
                         long *cells)
{
    long diff = 0;
    diff += x->respondents != y->respondents || x->ntables != y->ntables;
    diff += x->nnonresp != y->nnonresp;
    for (size_t i = 0; i < x->nnonresp && i < y->nnonresp; i++)
        diff += strcmp(x->nonresp[i].id, y->nonresp[i].id) != 0;
    for (size_t t = 0; t < x->ntables && t < y->ntables; t++) {
        const ak_rtable *a = &x->tables[t], *b = &y->tables[t];
        if (a->nrows != b->nrows || a->ncols != b->ncols ||
            a->nmeasures != b->nmeasures || a->nnotes != b->nnotes) {
            diff++;
            continue;
        }
        size_t n = a->nrows * a->ncols * a->nmeasures;
        for (size_t i = 0; i < n; i++, (*cells)++)
            diff += a->cells[i].value != b->cells[i].value ||
                    a->cells[i].has_value != b->cells[i].has_value ||
                    a->cells[i].base != b->cells[i].base;
        for (size_t i = 0; i < a->nnotes; i++)
            diff += strcmp(a->notes[i], b->notes[i]) != 0;
    }
    return diff;
}

static long diff_unc(const ak_uncertainty *x, const ak_uncertainty *y)
{
    if (!x || !y)
        return x != y;
    long diff = x->nrecs != y->nrecs || x->respondents != y->respondents ||
                x->population != y->population;
    for (size_t i = 0; i < x->nrecs && i < y->nrecs; i++) {
        const ak_urec *a = &x->recs[i], *b = &y->recs[i];
        diff += !same_str(a->table, b->table) || a->row != b->row ||
                !same_str(a->column, b->column) ||
                !same_str(a->measure, b->measure) || !same_num(a->est, b->est) ||
                a->has_ci != b->has_ci || a->n != b->n ||
                (a->has_ci && (!same_num(a->lo, b->lo) ||
                               !same_num(a->hi, b->hi)));
    }
    return diff;
}

/* Everything a report is made of must be equal. */
static void check_same(const outcome *a, const outcome *b)
{
    AK_CHECK_EQ_INT(a->st, b->st);
    /* the checksum, from whichever pass read every byte */
    AK_CHECK_EQ_INT(strlen(a->sha256), 64);
    AK_CHECK_EQ_STR(a->sha256, b->sha256);
    AK_CHECK(a->v && b->v);
    if (a->v && b->v) {
        AK_CHECK_EQ_INT(ak_validate_rows(a->v), ak_validate_rows(b->v));
        AK_CHECK(same_str(ak_validate_datanote(a->v), ak_validate_datanote(b->v)));
        const ak_rule_stat *sa, *sb;
        size_t na = ak_validate_stats(a->v, &sa);
        /* the stats array is reused by the next call: copy a's */
        ak_rule_stat copy[64];
        AK_CHECK(na <= 64);
        memcpy(copy, sa, (na < 64 ? na : 64) * sizeof *copy);
        size_t nb = ak_validate_stats(b->v, &sb);
        AK_CHECK_EQ_INT(na, nb);
        for (size_t i = 0; i < na && i < nb && i < 64; i++) {
            AK_CHECK_EQ_STR(copy[i].rule, sb[i].rule);
            AK_CHECK_EQ_INT(copy[i].checked, sb[i].checked);
            AK_CHECK_EQ_INT(copy[i].passed, sb[i].passed);
            AK_CHECK_EQ_INT(copy[i].failed, sb[i].failed);
            AK_CHECK_EQ_INT(copy[i].blank, sb[i].blank);
        }
    }
    size_t nd = ak_diags_count(a->d);
    AK_CHECK_EQ_INT(nd, ak_diags_count(b->d));
    for (size_t i = 0; i < nd && i < ak_diags_count(b->d); i++) {
        const ak_diag *x = ak_diags_get(a->d, i), *y = ak_diags_get(b->d, i);
        int same = x->sev == y->sev && x->line == y->line && x->col == y->col &&
                   same_str(x->rule, y->rule) && same_str(x->file, y->file) &&
                   same_str(x->unit, y->unit) && same_str(x->message, y->message) &&
                   same_str(x->value, y->value) && same_str(x->question, y->question);
        if (!same)
            fprintf(stderr, "diagnostic %zu differs: %ld '%s' / %ld '%s'\n", i,
                    x->line, x->message, y->line, y->message);
        AK_CHECK(same);
    }
    AK_CHECK((a->res != NULL) == (b->res != NULL));
    if (!a->res || !b->res)
        return;
    long cells = 0;
    AK_CHECK_EQ_INT(diff_results(a->res, b->res, &cells), 0);
    if (cells < 400)
        fprintf(stderr, "only %ld cells\n", cells);
    AK_CHECK(cells >= 400);
    AK_CHECK(a->unc && a->unc->nrecs > 100);
    AK_CHECK_EQ_INT(diff_unc(a->unc, b->unc), 0);
}

static void test_parts_equal_one_thread(void)
{
    const char *data = AK_HOME "/data/tilsyn-2008-rekonstrueret.csv";
    outcome one;
    read_with(&one, data, 1, NULL);
    AK_CHECK_EQ_INT(one.st, AK_OK);
    AK_CHECK_EQ_INT(one.info.parts, 0);
    AK_CHECK_EQ_INT(ak_validate_rows(one.v), 89);
    char *sha = NULL;   /* a read of its own (outdir.c) */
    AK_CHECK_EQ_INT(ak_file_sha256(data, &sha), AK_OK);
    AK_CHECK(sha && strcmp(sha, one.sha256) == 0);
    ak_free(sha);
    const char *sizes[] = {"1", "2", "100", "1000", "7919", "30000"};
    int threads[] = {3, 1, 2, 4, 2, 2};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        outcome many;
        read_with(&many, data, threads[i], sizes[i]);
        AK_CHECK(many.info.parts > 1);
        AK_CHECK_EQ_INT(many.info.redone, 0);
        AK_CHECK(many.info.threads >= 1);
        check_same(&one, &many);
        outcome_free(&many);
    }
    outcome_free(&one);
}

/* A copy of the 2008 data with a warning-making answer and the first
 * row's id again in the last row. */
static char *spoiled_copy(int dup)
{
    FILE *in = fopen(AK_HOME "/data/tilsyn-2008-rekonstrueret.csv", "rb");
    char *path = ak_strdup("/tmp/ak-test-parallel-XXXXXX");
    int fd = mkstemp(path);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    AK_CHECK(in && out);
    if (!in || !out)
        return path;
    char line[65536], first_id[32] = "";
    long n = 0;
    while (fgets(line, sizeof line, in)) {
        n++;
        if (n == 2)
            sscanf(line, "%31[^,]", first_id);
        if (dup && n == 90) {
            /* the last row gets row 1's id */
            char *comma = strchr(line, ',');
            fprintf(out, "%s%s", first_id, comma ? comma : "\n");
            continue;
        }
        fputs(line, out);
    }
    fclose(in);
    fclose(out);
    AK_CHECK_EQ_INT(n, 90);
    return path;
}

static void test_duplicate_across_parts(void)
{
    char *path = spoiled_copy(1);
    outcome one, many;
    read_with(&one, path, 1, NULL);
    read_with(&many, path, 2, "500");
    AK_CHECK_EQ_INT(one.st, AK_OK);   /* fatal diagnostics, not a status */
    AK_CHECK(ak_diags_count_sev(one.d, AK_SEV_FATAL) >= 1);
    AK_CHECK_EQ_INT(many.info.redone, 1);
    AK_CHECK_EQ_INT(many.info.parts, 0);
    check_same(&one, &many);
    outcome_free(&one);
    outcome_free(&many);
    unlink(path);
    ak_free(path);
}

/* --keep-last: the table of each id's last line is of the whole file, so
 * the parts stay parallel (no redo) and agree with one reading: the
 * earlier row of the repeated id is a warning and counts nowhere. */
static int on_row_last(ak_row *row, void *ud)
{
    return ak_lastrows_add(ud, cb, row) != AK_OK;
}

static void test_keep_last_across_parts(void)
{
    char *path = spoiled_copy(1);
    ak_lastrows *last = ak_lastrows_new();
    ak_diags *scratch = ak_diags_new();
    AK_CHECK_EQ_INT(ak_ingest_file(path, cb, NULL, on_row_last, last, scratch),
                    AK_OK);
    outcome one, many;
    read_with_last(&one, path, 1, NULL, last);
    read_with_last(&many, path, 2, "500", last);
    AK_CHECK_EQ_INT(one.st, AK_OK);
    AK_CHECK_EQ_INT(ak_diags_count_sev(one.d, AK_SEV_FATAL), 0);
    AK_CHECK_EQ_INT(ak_validate_rows(one.v), 88);
    AK_CHECK(one.res && one.res->respondents == 88);
    AK_CHECK(many.info.parts > 1);
    AK_CHECK_EQ_INT(many.info.redone, 0);
    check_same(&one, &many);
    outcome_free(&one);
    outcome_free(&many);
    ak_diags_free(scratch);
    ak_lastrows_free(last);
    unlink(path);
    ak_free(path);
}

/* Each merge function on its own: the 2008 rows split in two halves, each
 * half into collectors of its own, merged, must equal collectors that saw
 * every row (tabulation: cells and non-respondents; uncertainty: every
 * figure; validator: rows and repeated ids). */
typedef struct halves {
    ak_validator *v;
    ak_tab *all, *h[2];
    ak_unc *uall, *uh[2];
    long split;
} halves;

static int on_row_halves(ak_row *row, void *ud)
{
    halves *x = ud;
    if (ak_validate_row(x->v, row) != AK_OK)
        return 1;
    int k = row->line >= x->split;
    const char *unit = ak_validate_unit(x->v);
    const char *name = ak_validate_unit_name(x->v);
    return ak_tab_add(x->all, row, unit, name) != AK_OK ||
           ak_tab_add(x->h[k], row, unit, name) != AK_OK ||
           ak_unc_add(x->uall, row, x->all) != AK_OK ||
           ak_unc_add(x->uh[k], row, x->h[k]) != AK_OK;
}

static void test_merge_halves(void)
{
    ak_diags *d = ak_diags_new();
    halves x = {0};
    x.split = 47;
    x.v = ak_validate_new(cb, reg, "x", d);
    x.all = new_tab(d);
    x.h[0] = new_tab(d);
    x.h[1] = ak_tab_new_like(x.h[0], d);
    x.uall = ak_unc_new(ts, cb, ucfg, d);
    x.uh[0] = ak_unc_new(ts, cb, ucfg, d);
    size_t nd = ak_diags_count(d);
    x.uh[1] = ak_unc_new_like(x.uh[0]);
    AK_CHECK_EQ_INT(ak_diags_count(d), nd);   /* no warning again */
    AK_CHECK(x.v && x.all && x.h[1] && x.uall && x.uh[1]);
    AK_CHECK_EQ_INT(ak_ingest_file(AK_HOME "/data/tilsyn-2008-rekonstrueret.csv",
                                   cb, NULL, on_row_halves, &x, d), AK_OK);
    /* before the merge the first half differs (the test can fail) */
    ak_results *ra = NULL, *rm = NULL, *r0 = NULL;
    ak_tab *copy0 = ak_tab_new_like(x.h[0], d);
    AK_CHECK_EQ_INT(ak_tab_merge(copy0, x.h[0]), AK_OK);
    AK_CHECK_EQ_INT(ak_tab_finish(copy0, &r0), AK_OK);
    AK_CHECK_EQ_INT(ak_tab_merge(x.h[0], x.h[1]), AK_OK);
    AK_CHECK_EQ_INT(ak_unc_merge(x.uh[0], x.uh[1]), AK_OK);
    AK_CHECK_EQ_INT(ak_tab_finish(x.all, &ra), AK_OK);
    AK_CHECK_EQ_INT(ak_tab_finish(x.h[0], &rm), AK_OK);
    long cells = 0, cells0 = 0;
    if (ra && rm && r0) {
        AK_CHECK_EQ_INT(ra->respondents, 89);
        AK_CHECK_EQ_INT(ra->nnonresp, ak_register_count(reg) - 89);
        AK_CHECK_EQ_INT(diff_results(ra, rm, &cells), 0);
        AK_CHECK(cells >= 400);
        AK_CHECK(diff_results(ra, r0, &cells0) > 0);
        AK_CHECK(r0->nnonresp > ra->nnonresp);
    }
    ak_uncertainty *ua = NULL, *um = NULL;
    long N = (long)ak_register_count(reg);
    AK_CHECK_EQ_INT(ak_unc_finish(x.uall, ra, N, &ua, d), AK_OK);
    AK_CHECK_EQ_INT(ak_unc_finish(x.uh[0], ra, N, &um, d), AK_OK);
    AK_CHECK(ua && ua->nrecs > 100);
    AK_CHECK_EQ_INT(diff_unc(ua, um), 0);
    /* the averaged values (medians, quartiles) are among them */
    int medians = 0;
    for (size_t i = 0; ua && i < ua->nrecs; i++)
        medians += strcmp(ua->recs[i].measure, "median") == 0;
    AK_CHECK(medians > 0);
    /* the test can fail: the second half merged twice differs */
    ak_uncertainty *uw = NULL;
    ak_unc *w = ak_unc_new_like(x.uall);
    AK_CHECK(w != NULL);
    AK_CHECK_EQ_INT(ak_unc_merge(w, x.uh[1]), AK_OK);
    AK_CHECK_EQ_INT(ak_unc_merge(w, x.uh[1]), AK_OK);
    AK_CHECK_EQ_INT(ak_unc_finish(w, ra, N, &uw, d), AK_OK);
    AK_CHECK(diff_unc(ua, uw) > 0);
    ak_uncertainty_free(uw);
    ak_uncertainty_free(ua);
    ak_uncertainty_free(um);
    ak_unc_free(w);
    ak_results_free(ra);
    ak_results_free(rm);
    ak_results_free(r0);
    ak_tab_free(copy0);
    ak_tab_free(x.all);
    ak_tab_free(x.h[0]);
    ak_tab_free(x.h[1]);
    ak_unc_free(x.uall);
    ak_unc_free(x.uh[0]);
    ak_unc_free(x.uh[1]);
    ak_validate_free(x.v);
    ak_diags_free(d);
}

static void test_merge_functions(void)
{
    /* ak_diags_move: entries from 'from' on, in order; src left empty */
    ak_diags *a = ak_diags_new(), *b = ak_diags_new();
    ak_diags_addf(a, AK_SEV_WARNING, "x", "f", 1, 0, "a1");
    for (int i = 0; i < 40; i++)
        ak_diags_addf(b, AK_SEV_WARNING, "x", "f", i, 0, "b%d", i);
    AK_CHECK_EQ_INT(ak_diags_move(a, b, 3), 0);
    AK_CHECK_EQ_INT(ak_diags_count(a), 38);
    AK_CHECK_EQ_INT(ak_diags_count(b), 0);
    AK_CHECK_EQ_STR(ak_diags_get(a, 0)->message, "a1");
    AK_CHECK_EQ_STR(ak_diags_get(a, 1)->message, "b3");
    AK_CHECK_EQ_STR(ak_diags_get(a, 37)->message, "b39");
    AK_CHECK_EQ_INT(ak_diags_move(a, b, 0), 0);
    AK_CHECK_EQ_INT(ak_diags_count(a), 38);
    ak_diags_free(a);
    ak_diags_free(b);

    /* ak_validate_merge: ids join, a repeated one is found */
    ak_diags *d = ak_diags_new();
    ak_validator *v1 = ak_validate_new(cb, reg, "x", d);
    ak_validator *v2 = ak_validate_new(cb, reg, "x", d);
    ak_validator *v3 = ak_validate_new(cb, reg, "x", d);
    ak_value *vals = ak_calloc(cb->nvars, sizeof *vals);
    for (size_t i = 0; i < cb->nvars; i++) {
        vals[i].state = AK_UOPLYST;
        vals[i].raw = "";
    }
    ak_row row = {2, 1, cb->nvars, vals};
    vals[cb->id_var].state = AK_ANSWERED;
    vals[cb->id_var].raw = "101";
    vals[cb->id_var].rawlen = 3;
    ak_validate_row(v1, &row);
    vals[cb->id_var].raw = "147";
    ak_validate_row(v2, &row);
    vals[cb->id_var].raw = "101";
    ak_validate_row(v3, &row);
    AK_CHECK_EQ_INT(ak_validate_merge(v1, v2), 0);
    AK_CHECK_EQ_INT(ak_validate_rows(v1), 2);
    AK_CHECK_EQ_INT(ak_validate_duplicates(v1), 0);
    AK_CHECK_EQ_INT(ak_validate_merge(v1, v3), 1);
    AK_CHECK_EQ_INT(ak_validate_merge(v2, v3), 0);
    /* repeated ids within a part add up */
    row.line = 3;
    ak_validate_row(v3, &row);      /* 101 again in v3: fatal there */
    AK_CHECK_EQ_INT(ak_validate_duplicates(v3), 1);
    AK_CHECK_EQ_INT(ak_validate_merge(v2, v3), 1);
    AK_CHECK_EQ_INT(ak_validate_duplicates(v2), 1);
    ak_free(vals);
    ak_validate_free(v1);
    ak_validate_free(v2);
    ak_validate_free(v3);
    ak_diags_free(d);
}

int main(void)
{
    if (setup() != 0) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    test_parts_equal_one_thread();
    test_duplicate_across_parts();
    test_keep_last_across_parts();
    test_merge_halves();
    test_merge_functions();
    ak_unc_config_free(ucfg);
    ak_words_free(words);
    ak_tableset_free(ts);
    ak_register_free(reg);
    ak_codebook_free(cb);
    printf("%s: %ld passed, %ld failed\n", __FILE__, ak_test_passed_,
           ak_test_failed_);
    return ak_test_failed_ ? 1 : 0;
}
