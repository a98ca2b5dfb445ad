/* Unit tests of the uncertainty collector (include/ak_uncert.h) on a
 * hand-built codebook, templates and rows: which figures it finds for which
 * printed rows, the counts it gives ak_stats, the statistics file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_stats.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_test.h"
#include "ak_uncert.h"

#define NEAR(a, b, tol) AK_CHECK(fabs((a) - (b)) <= (tol))

static const char cb_text[] =
    "variable,question,type,asked_if,label,block,register\n"
    "id,Nr,id,,Id,,\n"
    "q1a,1a,yesno,,A,,\n"
    "q1b,1b,yesno,,B,,\n"
    "q2a,2a,yesno,q1a=1,C,,\n"
    "q2b,2b,yesno,q1b=1,D,,\n"
    "v1a,3a,decimal,q1a=1,E,,\n"
    "v1b,3b,decimal,q1b=1,F,,\n"
    "w1a,4a,count,q1a=1,G,,\n"
    "w1b,4b,count,q1b=1,H,,\n";

/* whole-population base, two paired columns, optional row, subtotal */
static const char p_text[] =
    "table p\n"
    "order 1\n"
    "caption \"Tabel P\"\n"
    "title \"P\"\n"
    "base true\n"
    "column a {g}=a\n"
    "column b {g}=b\n"
    "measure antal\n"
    "measure procent\n"
    "row \"Ja\" q1{g}=1\n"
    "row \"Nej\" q1{g}=2\n"
    "subtotal \"Svar\"\n"
    "optional \"Uoplyst\" missing(q1{g})\n"
    "total \"I alt\"\n";

/* a domain base */
static const char d_text[] =
    "table d\n"
    "order 2\n"
    "caption \"Tabel D\"\n"
    "title \"D\"\n"
    "base q1{g}=1\n"
    "column a {g}=a\n"
    "column b {g}=b\n"
    "measure antal\n"
    "measure procent\n"
    "row \"Ja\" q2{g}=1\n"
    "row \"Nej\" q2{g}=2\n"
    "total \"I alt\"\n";

/* a figure of means */
static const char f_text[] =
    "figure f\n"
    "order 9\n"
    "caption \"Figur F\"\n"
    "title \"F\"\n"
    "base q1{g}=1 & answered(v1{g})\n"
    "column a {g}=a\n"
    "column b {g}=b\n"
    "measure gennemsnit \"Gns.\" v1{g}\n"
    "measure antal\n"
    "row \"Alle\" true\n";

typedef struct fixture {
    ak_codebook *cb;
    ak_tableset *ts;
    ak_diags *d;
    ak_tab *tab;
    ak_tab *feed;      /* every row, for the collector (the test of a
                          mismatch gives tab fewer rows) */
    ak_unc *unc;
    ak_results *res;
    ak_uncertainty *x;
    ak_unc_config cfg;
} fixture;

typedef struct trow {
    ak_value v[16];
    ak_row r;
} trow;

static void rset(trow *t, const ak_codebook *cb, const char *name,
                 int64_t tenths)
{
    size_t i = ak_codebook_find(cb, name, strlen(name));
    if (i == AK_NO_VAR)
        abort();
    t->v[i].num = tenths;
    t->v[i].state = AK_ANSWERED;
}

/* Ten units: q1a Ja for 0-5; q1b Ja for 0, 1, 2, 6, 7; q2a Ja for 0, 1
 * (Nej for the other members); v1a = i + 1 and w1a = 1 (5 for unit 5). */
static void make_row(trow *t, const ak_codebook *cb, int i)
{
    memset(t, 0, sizeof *t);
    for (size_t k = 0; k < cb->nvars; k++) {
        t->v[k].state = AK_UOPLYST;
        t->v[k].raw = "";
    }
    t->r.nvars = cb->nvars;
    t->r.v = t->v;
    int a = i < 6, b = i <= 2 || i == 6 || i == 7;
    rset(t, cb, "q1a", a ? 10 : 20);
    rset(t, cb, "q1b", b ? 10 : 20);
    if (a) {
        rset(t, cb, "q2a", i < 2 ? 10 : 20);
        rset(t, cb, "v1a", 10 * (i + 1));
        rset(t, cb, "w1a", i == 5 ? 50 : 10);
    }
    if (b) {
        rset(t, cb, "q2b", 10);
        rset(t, cb, "v1b", 20);
    }
}

static int setup(fixture *f, int rows, long population)
{
    memset(f, 0, sizeof *f);
    f->d = ak_diags_new();
    f->cfg.level = 95;
    f->cfg.pair[0] = "a";
    f->cfg.pair[1] = "b";
    f->cfg.weight = "w1{g}";
    f->cfg.keytable = "p";
    static char *hdr[5] = {"Andel", "Interval", "Bortfald", "Nedre", "Øvre"};
    f->cfg.header = hdr;
    f->cfg.nheader = 5;
    static char *text[1] = {"Metode {year}: {respondents} af {population}, {nonrespondents} mangler, {level} pct."};
    f->cfg.text = text;
    f->cfg.ntext = 1;
    f->cfg.caption = "Bilag 1";
    f->cfg.title = "Usikkerhed {year}";
    f->cfg.heading = "Bilag 1";
    if (ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &f->cb, f->d) != AK_OK)
        return -1;
    ak_tpl_source src[] = {{"p.tpl", p_text, strlen(p_text)},
                           {"d.tpl", d_text, strlen(d_text)},
                           {"f.tpl", f_text, strlen(f_text)}};
    if (ak_templates_parse(src, 3, f->cb, &f->ts, f->d) != AK_OK) {
        ak_diags_print(f->d, AK_SEV_NOTE, stderr);
        return -1;
    }
    f->tab = ak_tab_new(f->ts, f->cb, 2008, f->d);
    f->feed = ak_tab_new(f->ts, f->cb, 2008, f->d);
    f->unc = ak_unc_new(f->ts, f->cb, &f->cfg, f->d);
    if (!f->tab || !f->feed || !f->unc)
        return -1;
    ak_tab_set_population(f->tab, population);
    trow t;
    for (int i = 0; i < 10; i++) {
        make_row(&t, f->cb, i);
        if (i < rows && ak_tab_add(f->tab, &t.r, "1", NULL) != AK_OK)
            return -1;
        if (ak_tab_add(f->feed, &t.r, "1", NULL) != AK_OK ||
            ak_unc_add(f->unc, &t.r, f->feed) != AK_OK)
            return -1;
    }
    if (ak_tab_finish(f->tab, &f->res) != AK_OK)
        return -1;
    return ak_unc_finish(f->unc, f->res, population, &f->x, f->d) == AK_OK ? 0 : -1;
}

static void teardown(fixture *f)
{
    ak_uncertainty_free(f->x);
    ak_results_free(f->res);
    ak_unc_free(f->unc);
    ak_tab_free(f->tab);
    ak_tab_free(f->feed);
    ak_tableset_free(f->ts);
    ak_codebook_free(f->cb);
    ak_diags_free(f->d);
}

static const ak_urec *rec(const ak_uncertainty *x, const char *table, int row,
                          const char *col, const char *measure)
{
    for (size_t i = 0; x && i < x->nrecs; i++) {
        const ak_urec *e = &x->recs[i];
        if (strcmp(e->table, table) == 0 && e->row == row &&
            strcmp(e->column, col) == 0 && strcmp(e->measure, measure) == 0)
            return e;
    }
    return NULL;
}

static void test_percents(void)
{
    fixture f;
    int ok = setup(&f, 10, 20) == 0;
    AK_CHECK(ok);
    if (!ok) {
        teardown(&f);
        return;
    }
    AK_CHECK_EQ_INT(f.x->respondents, 10);
    AK_CHECK_EQ_INT(ak_diags_count(f.d), 0);
    AK_CHECK_EQ_INT(f.x->population, 20);
    double lo, hi;
    /* p, row 1 "Ja", column a: 6 of 10, n = 10, N = 20 */
    const ak_urec *e = rec(f.x, "p", 1, "a", "procent");
    AK_CHECK(e != NULL);
    if (e) {
        AK_CHECK_EQ_STR(e->label, "Ja");
        AK_CHECK_EQ_STR(e->method, "korn-graubard-fpc");
        AK_CHECK_EQ_INT(e->n, 10);
        NEAR(e->est, 60.0, 1e-12);
        AK_CHECK_EQ_INT(ak_stats_prop_ci(6, 10, 10, 20, 0.95, &lo, &hi), AK_OK);
        NEAR(e->lo, 100 * lo, 1e-9);
        NEAR(e->hi, 100 * hi, 1e-9);
    }
    /* its non-response bounds: 6/20 .. (6 + 10)/20 */
    e = rec(f.x, "p", 1, "a", "bortfald");
    AK_CHECK(e && e->has_ci && fabs(e->lo - 30.0) < 1e-12 && fabs(e->hi - 80.0) < 1e-12);
    /* subtotal "Svar" is row 3 (the empty optional row is not printed),
     * 10 of 10; the total has no interval, "Uoplyst" no figures */
    e = rec(f.x, "p", 3, "b", "procent");
    AK_CHECK(e && fabs(e->est - 100.0) < 1e-12 && e->has_ci && e->hi == 100.0);
    AK_CHECK(rec(f.x, "p", 4, "a", "procent") == NULL);
    AK_CHECK(rec(f.x, "p", 5, "a", "procent") == NULL);
    /* a domain: d row 1 a is 2 of the 6 with q1a = Ja; no bounds */
    e = rec(f.x, "d", 1, "a", "procent");
    AK_CHECK(e && e->n == 6 && fabs(e->est - 100.0 / 3.0) < 1e-9);
    if (e) {
        AK_CHECK_EQ_INT(ak_stats_prop_ci(2, 6, 10, 20, 0.95, &lo, &hi), AK_OK);
        NEAR(e->lo, 100 * lo, 1e-9);
    }
    AK_CHECK(rec(f.x, "d", 1, "a", "bortfald") == NULL);
    teardown(&f);
}

static void test_paired(void)
{
    fixture f;
    int ok = setup(&f, 10, 20) == 0;
    AK_CHECK(ok);
    if (!ok) {
        teardown(&f);
        return;
    }
    /* p row 1 over all 10: a only 3, 4, 5 (b = 3); b only 6, 7 (c = 2) */
    const ak_urec *e = rec(f.x, "p", 1, "a|b", "par_kun_1");
    AK_CHECK(e && e->est == 3.0);
    e = rec(f.x, "p", 1, "a|b", "par_kun_2");
    AK_CHECK(e && e->est == 2.0);
    e = rec(f.x, "p", 1, "a|b", "par_antal");
    AK_CHECK(e && e->est == 10.0);
    /* mid-p: 2 * P(X <= 2; 5, 1/2) - P(X = 2) = 2 * 16/32 - 10/32 */
    e = rec(f.x, "p", 1, "a|b", "mcnemar_midp");
    AK_CHECK(e && fabs(e->est - 22.0 / 32.0) < 1e-12 && e->n == 5);
    e = rec(f.x, "p", 1, "a|b", "parret_forskel");
    AK_CHECK(e && fabs(e->est - 10.0) < 1e-12 && e->lo < 10.0 && e->hi > 10.0);
    /* the bounds of the difference: (3 - 2 -+ 10) / 20 */
    e = rec(f.x, "p", 1, "a|b", "parret_bortfald");
    AK_CHECK(e && fabs(e->lo + 45.0) < 1e-12 && fabs(e->hi - 55.0) < 1e-12);
    AK_CHECK(rec(f.x, "d", 1, "a|b", "parret_bortfald") == NULL);
    /* d over units in both bases (0, 1, 2): row 2 "Nej" a only unit 2 */
    e = rec(f.x, "d", 2, "a|b", "par_kun_1");
    AK_CHECK(e && e->est == 1.0 && e->n == 3);
    /* no pair figures for the total */
    AK_CHECK(rec(f.x, "p", 4, "a|b", "par_antal") == NULL);
    teardown(&f);
}

static void test_means(void)
{
    fixture f;
    int ok = setup(&f, 10, 20) == 0;
    AK_CHECK(ok);
    if (!ok) {
        teardown(&f);
        return;
    }
    /* f row 1 a: v = 1..6, w = 1,1,1,1,1,5 */
    const ak_urec *e = rec(f.x, "f", 1, "a", "gennemsnit");
    AK_CHECK(e && fabs(e->est - 3.5) < 1e-12 && e->n == 6);
    e = rec(f.x, "f", 1, "a", "gennemsnit_vaegtet");
    AK_CHECK(e && fabs(e->est - 4.5) < 1e-12);
    e = rec(f.x, "f", 1, "a", "median");
    AK_CHECK(e && fabs(e->est - 3.5) < 1e-12);
    e = rec(f.x, "f", 1, "a", "kvartil_1");
    AK_CHECK(e && fabs(e->est - 2.25) < 1e-12);
    e = rec(f.x, "f", 1, "a", "kvartil_3");
    AK_CHECK(e && fabs(e->est - 4.75) < 1e-12);
    /* column b has no weights: no weighted mean */
    AK_CHECK(rec(f.x, "f", 1, "b", "gennemsnit") != NULL);
    AK_CHECK(rec(f.x, "f", 1, "b", "gennemsnit_vaegtet") == NULL);
    teardown(&f);
}

static void test_mismatch_and_pdf_table(void)
{
    fixture f;
    /* the tabulation saw 9 rows, the collector 10 (unit 9 is in no base
     * of d and f): table p no longer agrees and is left out with a
     * warning; d and f agree and keep their figures */
    int ok = setup(&f, 9, 20) == 0;
    AK_CHECK(ok);
    if (ok) {
        size_t first;
        AK_CHECK_EQ_INT(ak_uncertainty_table(f.x, "p", &first), 0);
        AK_CHECK(ak_uncertainty_table(f.x, "d", &first) > 0);
        AK_CHECK_EQ_INT(ak_diags_count_sev(f.d, AK_SEV_WARNING), 1);
        AK_CHECK_CONTAINS(ak_diags_get(f.d, 0)->message, "tabel p");
    }
    teardown(&f);

    ok = setup(&f, 10, 20) == 0;
    AK_CHECK(ok);
    if (ok) {
        ak_rtable *t = NULL;
        AK_CHECK_EQ_INT(ak_uncertainty_rtable(f.x, f.res, &t), AK_OK);
        AK_CHECK(t != NULL);
        if (t) {
            AK_CHECK_EQ_STR(t->caption, "Bilag 1");
            AK_CHECK_EQ_STR(t->title, "Usikkerhed 2008");
            AK_CHECK_EQ_INT(t->nrows, 6);   /* Ja, Nej, Svar x a, b */
            AK_CHECK_EQ_STR(t->rows[0].label, "Ja (a)");
            AK_CHECK_EQ_STR(t->cols[1].group, "Interval");
            AK_CHECK_EQ_STR(t->cols[4].label, "Øvre");
            AK_CHECK_EQ_INT(ak_rtable_cell(t, 0, 0, 0)->value, 600);
            AK_CHECK_EQ_INT(ak_rtable_cell(t, 0, 3, 0)->value, 300);
            AK_CHECK_EQ_INT(ak_rtable_cell(t, 0, 4, 0)->value, 800);
            AK_CHECK(ak_rtable_cell_tenths(t, 0, 0, 0));
            AK_CHECK_EQ_INT(t->nnotes, 1);
            AK_CHECK_EQ_STR(t->notes[0], "Metode 2008: 10 af 20, 10 mangler, 95 pct.");
        }
        ak_uncertainty_rtable_free(t);
    }
    teardown(&f);

    /* the published table p with its intervals: after the procent of each
     * column its lower and upper end in tenths; the total has none */
    ok = setup(&f, 10, 20) == 0;
    AK_CHECK(ok);
    if (ok) {
        const ak_rtable *p = &f.res->tables[0];
        ak_rtable *v = NULL;
        AK_CHECK_EQ_STR(p->id, "p");
        AK_CHECK_EQ_INT(ak_uncertainty_with_intervals(f.x, p, &v), AK_OK);
        AK_CHECK(v != NULL);
        if (v) {
            const ak_urec *e = rec(f.x, "p", 1, "a", "procent");
            AK_CHECK_EQ_INT(v->nmeasures, 4);
            AK_CHECK_EQ_STR(v->measure_labels[2], "Nedre");
            AK_CHECK_EQ_INT(ak_rtable_cell(v, 0, 0, 1)->value, 60);
            AK_CHECK(e && ak_rtable_cell(v, 0, 0, 2)->value == llround(e->lo * 10));
            AK_CHECK(e && ak_rtable_cell(v, 0, 0, 3)->value == llround(e->hi * 10));
            AK_CHECK(ak_rtable_cell_tenths(v, 0, 0, 2));
            AK_CHECK(!ak_rtable_cell(v, 3, 1, 2)->has_value);   /* I alt */
            AK_CHECK_EQ_STR(v->rows[3].label, "I alt");
        }
        ak_uncertainty_view_free(v);
    }
    teardown(&f);

    /* without a register: intervals without the correction, no bounds */
    ok = setup(&f, 10, -1) == 0;
    AK_CHECK(ok);
    if (ok) {
        const ak_urec *e = rec(f.x, "p", 1, "a", "procent");
        AK_CHECK(e && strcmp(e->method, "korn-graubard") == 0);
        AK_CHECK(rec(f.x, "p", 1, "a", "bortfald") == NULL);
    }
    teardown(&f);
}

static char *write_tmp(const char *text)
{
    char *path = ak_strdup("/tmp/ak-test-uncert-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return path;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n)
        path[0] = '\0';
    close(fd);
    return path;
}

static void test_config(void)
{
    ak_diags *d = ak_diags_new();
    ak_unc_config *c = NULL;
    char *p = write_tmp("setting,value\nlevel,90\npair,x\npair,y\n"
                        "weight,w{g}\ntext,\"Et, to\"\ntext,tre\n");
    AK_CHECK_EQ_INT(ak_unc_config_load(p, &c, d), AK_OK);
    if (c) {
        AK_CHECK_EQ_INT(c->level, 90);
        AK_CHECK_EQ_STR(c->pair[1], "y");
        AK_CHECK_EQ_STR(c->weight, "w{g}");
        AK_CHECK_EQ_INT(c->ntext, 2);
        AK_CHECK_EQ_STR(c->text[0], "Et, to");
    }
    ak_unc_config_free(c);
    unlink(p);
    ak_free(p);
    /* errors: an unknown setting, a level out of range, one pair */
    const char *bad[3] = {"setting,value\nniveau,95\n",
                          "setting,value\nlevel,100\n",
                          "setting,value\npair,x\n"};
    for (int i = 0; i < 3; i++) {
        p = write_tmp(bad[i]);
        c = NULL;
        AK_CHECK_EQ_INT(ak_unc_config_load(p, &c, d), AK_ERR_SYNTAX);
        AK_CHECK(c == NULL);
        unlink(p);
        ak_free(p);
    }
    AK_CHECK_EQ_INT(ak_diags_count_sev(d, AK_SEV_FATAL), 3);
    ak_diags_free(d);
}

static void test_format(void)
{
    char b[48];
    ak_unc_format(b, sizeof b, 2.125, 2, '.');
    AK_CHECK_EQ_STR(b, "2.13");
    ak_unc_format(b, sizeof b, -2.125, 2, ',');
    AK_CHECK_EQ_STR(b, "-2,13");
    ak_unc_format(b, sizeof b, -0.0000001, 6, '.');
    AK_CHECK_EQ_STR(b, "0.000000");
    ak_unc_format(b, sizeof b, 40.449438202, 6, '.');
    AK_CHECK_EQ_STR(b, "40.449438");
    ak_unc_format(b, sizeof b, 7.0, 0, '.');
    AK_CHECK_EQ_STR(b, "7");
    ak_unc_format(b, sizeof b, NAN, 3, '.');
    AK_CHECK_EQ_STR(b, "");
}

/* The collector's construction with its Nth allocation failing, for every
 * N until it succeeds: NULL, no crash, nothing leaked (its error path once
 * freed a table list that was never allocated). */
static void test_new_oom(void)
{
    fixture f;
    AK_CHECK(setup(&f, 10, 98) == 0);
    int built = 0;
    for (long n = 1; n < 500 && !built; n++) {
        ak_mem_fail_at(n);
        ak_unc *u = ak_unc_new(f.ts, f.cb, &f.cfg, f.d);
        ak_mem_fail_at(0);
        if (u) {
            built = 1;
            AK_CHECK(n > 1);
        }
        ak_unc_free(u);
    }
    AK_CHECK(built);
    teardown(&f);
}

/* The collector reads the tabulation's row hits: a tabulation of other
 * templates, or none, is a usage error and counts nothing. */
static void test_needs_its_tabulation(void)
{
    fixture f;
    AK_CHECK(setup(&f, 10, 98) == 0);
    trow t;
    make_row(&t, f.cb, 0);
    ak_unc *u = ak_unc_new(f.ts, f.cb, &f.cfg, f.d);
    ak_tableset *other = NULL;
    ak_tpl_source src[] = {{"p.tpl", p_text, strlen(p_text)}};
    AK_CHECK_EQ_INT(ak_templates_parse(src, 1, f.cb, &other, f.d), AK_OK);
    ak_tab *wrong = other ? ak_tab_new(other, f.cb, 2008, f.d) : NULL;
    AK_CHECK(u && wrong);
    if (u && wrong) {
        AK_CHECK_EQ_INT(ak_tab_add(wrong, &t.r, "1", NULL), AK_OK);
        AK_CHECK_EQ_INT(ak_unc_add(u, &t.r, wrong), AK_ERR_USAGE);
        AK_CHECK_EQ_INT(ak_unc_add(u, &t.r, NULL), AK_ERR_USAGE);
        AK_CHECK_EQ_INT(ak_tab_add(f.feed, &t.r, "1", NULL), AK_OK);
        AK_CHECK_EQ_INT(ak_unc_add(u, &t.r, f.feed), AK_OK);
        ak_uncertainty *x = NULL;
        AK_CHECK_EQ_INT(ak_unc_finish(u, f.res, 98, &x, f.d), AK_OK);
        AK_CHECK(x && x->respondents == 1);
        ak_uncertainty_free(x);
    }
    ak_tab_free(wrong);
    ak_tableset_free(other);
    ak_unc_free(u);
    teardown(&f);
}

AK_TEST_MAIN(test_percents, test_paired, test_means,
             test_mismatch_and_pdf_table, test_config, test_format,
             test_new_oom, test_needs_its_tabulation)
