/* Unit tests of reading in parallel parts (include/ak_parallel.h) and of
 * the merge functions it uses (ak_diags_move, ak_validate_merge,
 * ak_tab_merge), on the 2008 data with the real definitions: one thread
 * and parts of every size give the same results, counters and
 * diagnostics; an id repeated across parts is reported as one reading
 * reports it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_mem.h"
#include "ak_parallel.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_test.h"
#include "ak_validate.h"

#ifndef AK_HOME
#define AK_HOME "."
#endif

static ak_codebook *cb;
static ak_register *reg;
static ak_tableset *ts;

static int setup(void)
{
    ak_diags *d = ak_diags_new();
    int ok = d &&
        ak_codebook_load(AK_HOME "/data/codebook.csv", &cb, d) == AK_OK &&
        ak_codebook_load_checks(cb, AK_HOME "/data/checks.csv", d) == AK_OK &&
        ak_register_load(AK_HOME "/data/kommuner.csv", &reg, d) == AK_OK &&
        ak_templates_load(AK_HOME "/templates", cb, &ts, d) == AK_OK;
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
    ak_validator *v;
    ak_diags *d;
} outcome;

static void read_with(outcome *o, const char *path, int threads,
                      const char *part)
{
    memset(o, 0, sizeof *o);
    if (part)
        setenv("AK_PART_BYTES", part, 1);
    else
        unsetenv("AK_PART_BYTES");
    o->d = ak_diags_new();
    ak_tab *tab = ak_tab_new(ts, cb, 2008, o->d);
    ak_tab_set_population(tab, (long)ak_register_count(reg));
    o->st = ak_parallel_read(path, cb, reg, tab, threads, NULL, &o->v, o->d,
                             &o->info);
    if (o->st == AK_OK)
        o->st = ak_validate_finish(o->v);
    if (o->st == AK_OK)
        o->st = ak_tab_finish(tab, &o->res);
    ak_tab_free(tab);
    unsetenv("AK_PART_BYTES");
}

static void outcome_free(outcome *o)
{
    ak_results_free(o->res);
    ak_validate_free(o->v);
    ak_diags_free(o->d);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Everything a report is made of must be equal. */
static void check_same(const outcome *a, const outcome *b)
{
    AK_CHECK_EQ_INT(a->st, b->st);
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
    AK_CHECK_EQ_INT(a->res->respondents, b->res->respondents);
    AK_CHECK_EQ_INT(a->res->ntables, b->res->ntables);
    long diff = 0, cells = 0;
    for (size_t t = 0; t < a->res->ntables && t < b->res->ntables; t++) {
        const ak_rtable *x = &a->res->tables[t], *y = &b->res->tables[t];
        if (x->nrows != y->nrows || x->ncols != y->ncols ||
            x->nmeasures != y->nmeasures) {
            diff++;
            continue;
        }
        size_t n = x->nrows * x->ncols * x->nmeasures;
        for (size_t i = 0; i < n; i++, cells++)
            diff += x->cells[i].value != y->cells[i].value ||
                    x->cells[i].has_value != y->cells[i].has_value;
        for (size_t i = 0; i < x->nnotes && i < y->nnotes; i++)
            diff += strcmp(x->notes[i], y->notes[i]) != 0;
    }
    if (cells < 400)
        fprintf(stderr, "only %ld cells\n", cells);
    AK_CHECK(cells >= 400);
    AK_CHECK_EQ_INT(diff, 0);
}

static void test_parts_equal_one_thread(void)
{
    const char *data = AK_HOME "/data/tilsyn-2008-rekonstrueret.csv";
    outcome one;
    read_with(&one, data, 1, NULL);
    AK_CHECK_EQ_INT(one.st, AK_OK);
    AK_CHECK_EQ_INT(one.info.parts, 0);
    AK_CHECK_EQ_INT(ak_validate_rows(one.v), 89);
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
    AK_CHECK_EQ_INT(ak_validate_merge(v1, v3), 1);
    AK_CHECK_EQ_INT(ak_validate_merge(v2, v3), 0);
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
    test_merge_functions();
    ak_tableset_free(ts);
    ak_register_free(reg);
    ak_codebook_free(cb);
    printf("%s: %ld passed, %ld failed\n", __FILE__, ak_test_passed_,
           ak_test_failed_);
    return ak_test_failed_ ? 1 : 0;
}
