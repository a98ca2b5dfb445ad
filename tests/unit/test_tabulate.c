/* Unit tests of the tabulation engine (include/ak_tabulate.h), on
 * hand-built codebooks, templates and rows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_test.h"

static const char cb_text[] =
    "variable,question,type,asked_if,label,block,register\n"
    "id,Nr,id,,Id,,\n"
    "q1a,1a,yesno,,A,,\n"
    "q1b,1b,yesno,,B,,\n"
    "q2a,2a,yesno,q1a=1,C,,\n"
    "q2b,2b,yesno,q1b=1,D,,\n"
    "d1a,3a,decimal,q1a=1,E,,\n"
    "d1b,3b,decimal,q1b=1,F,,\n"
    "n1,4,count,,G,,\n";

static const char set_text[] =
    "report \"Rapport {year}\"\n"
    "rounding_note \"Afrundet.\"\n";

/* single-response: optional row, subtotal, total, notes */
static const char t1_text[] =
    "table 1\n"
    "caption \"Tabel 1\"\n"
    "title \"T {year}\"\n"
    "base q1{g}=1\n"
    "column a group=\"A\" {g}=a\n"
    "column b group=\"B\" {g}=b\n"
    "measure antal \"Antal\"\n"
    "measure procent \"Procent\"\n"
    "optional \"Null\" d1{g}=0\n"
    "row \"Lav\" d1{g} in 0.1..1\n"
    "row \"Høj\" d1{g}>1\n"
    "subtotal \"Svar\"\n"
    "row \"Uoplyst\" missing(d1{g})\n"
    "total \"I alt\"\n"
    "note \"Anm.: {base:a} og {base:b}; {cell:2:a} {cell:4:a} {cell:5:b} "
    "{respondents} {prev_year}\"\n";

/* overlapping and incomplete rows: every base member should be reported */
static const char t2_text[] =
    "table 2\n"
    "caption \"Tabel 2\"\n"
    "title \"T\"\n"
    "base true\n"
    "column a {g}=a\n"
    "measure antal\n"
    "row \"X\" q1{g}=1\n"
    "row \"Y\" q1{g} in 1..2\n";

/* multi-response with row bindings and cell conditions (like 2.11) */
static const char t3_text[] =
    "table 3\n"
    "caption \"Tabel 3\"\n"
    "title \"T\"\n"
    "multi\n"
    "base true\n"
    "column ja {g}=a cell=\"q{x}{g}=1\"\n"
    "column alt {g}=a cell=\"q{x}{g} in 1..2\"\n"
    "measure antal\n"
    "measure procent\n"
    "row \"Q1\" {x}=1 true\n"
    "row \"Q2\" {x}=2 true\n"
    "total \"I alt\"\n";

/* figure: means */
static const char f_text[] =
    "figure f\n"
    "order 4\n"
    "caption \"Figur 1\"\n"
    "title \"F\"\n"
    "axis \"Akse\"\n"
    "base answered(d1{g})\n"
    "column a {g}=a\n"
    "column b {g}=b\n"
    "measure gennemsnit \"Gns.\" d1{g}\n"
    "measure antal\n"
    "row \"Med\" q2{g}=1\n"
    "row \"Uden\" !(q2{g}=1)\n";

/* key figures: tidy no, population row, of=, sum measure (decimal and
 * count terms), subtotal from= */
static const char k_text[] =
    "table k\n"
    "order 1\n"
    "caption \"Nøgletal\"\n"
    "title \"K {year}\"\n"
    "tidy no\n"
    "multi\n"
    "base true\n"
    "column a {g}=a\n"
    "column b {g}=b\n"
    "measure antal\n"
    "measure procent\n"
    "measure sum \"Sum\" d1{g}\n"
    "population \"Alle\"\n"
    "row \"Svar\" of=population true\n"
    "row \"Med\" of=2 q1{g}=1\n"
    "row \"Tal\" of=3 sum=\"n1\" answered(n1)\n"
    "row \"Begge\" of=none sum=\"sum(d1{g}, n1)\" q1{g}=1\n"
    "subtotal \"Sub\" from=3\n"
    "total \"I alt\"\n"
    "note \"{cell:1:a} {cell:3:b}\"\n";

typedef struct fixture {
    ak_codebook *cb;
    ak_tableset *ts;
    ak_diags *d;
    ak_tab *tab;
    ak_results *res;
} fixture;

static int build_fixture(fixture *f, const char *table_text)
{
    memset(f, 0, sizeof *f);
    f->d = ak_diags_new();
    if (ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &f->cb, f->d) !=
        AK_OK)
        return -1;
    ak_tpl_source src[] = {
        {"report.tpl", set_text, strlen(set_text)},
        {"t.tpl", table_text, strlen(table_text)},
    };
    if (ak_templates_parse(src, 2, f->cb, &f->ts, f->d) != AK_OK) {
        ak_diags_print(f->d, AK_SEV_NOTE, stderr);
        return -1;
    }
    f->tab = ak_tab_new(f->ts, f->cb, 2008, f->d);
    return f->tab ? 0 : -1;
}

static void teardown(fixture *f)
{
    ak_results_free(f->res);
    ak_tab_free(f->tab);
    ak_tableset_free(f->ts);
    ak_codebook_free(f->cb);
    ak_diags_free(f->d);
}

/* The fixture for table_text: 0, or a failed check, nothing left to tear
 * down and -1. */
static int setup(fixture *f, const char *table_text)
{
    int ok = build_fixture(f, table_text) == 0;
    AK_CHECK(ok);
    if (!ok)
        teardown(f);
    return ok ? 0 : -1;
}

/* A hand-built row: every value blank until set. */
typedef struct trow {
    ak_value v[16];
    ak_row r;
} trow;

static void rinit(trow *t, const ak_codebook *cb)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < cb->nvars; i++) {
        t->v[i].state = AK_UOPLYST;
        t->v[i].raw = "";
    }
    t->r.nvars = cb->nvars;
    t->r.v = t->v;
}

/* Set variable name to tenths (Ja = 10, Nej = 20) in state st. */
static void rset(trow *t, const ak_codebook *cb, const char *name,
                 int64_t tenths, ak_state st)
{
    size_t i = ak_codebook_find(cb, name, strlen(name));
    if (i == AK_NO_VAR) {
        fprintf(stderr, "no variable %s\n", name);
        abort();
    }
    t->v[i].num = tenths;
    t->v[i].state = st;
}

#define ANS AK_ANSWERED

/* The cell of (row label, column key, measure) in the results. */
static const ak_cell *cell(const ak_results *r, const char *table,
                           const char *row, const char *col, ak_measure m)
{
    for (size_t i = 0; r && i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        if (strcmp(t->id, table) != 0)
            continue;
        for (size_t rr = 0; rr < t->nrows; rr++)
            for (size_t c = 0; c < t->ncols; c++)
                for (size_t k = 0; k < t->nmeasures; k++)
                    if (strcmp(t->rows[rr].label, row) == 0 &&
                        strcmp(t->cols[c].key, col) == 0 && t->measures[k] == m)
                        return ak_rtable_cell(t, rr, c, k);
    }
    return NULL;
}

static int64_t val(const ak_results *r, const char *table, const char *row,
                   const char *col, ak_measure m)
{
    const ak_cell *c = cell(r, table, row, col, m);
    if (!c)
        return -999;
    return c->has_value ? c->value : -1;
}

static void test_single(void)
{
    fixture f;
    if (setup(&f, t1_text) != 0)
        return;
    trow t;
    /* r1: a 0.5 */
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 10, ANS);
    rset(&t, f.cb, "d1a", 5, ANS);
    rset(&t, f.cb, "q1b", 20, ANS);
    AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "101", "A"), AK_OK);
    /* r2: a 1.0, b blank */
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 10, ANS);
    rset(&t, f.cb, "d1a", 10, ANS);
    rset(&t, f.cb, "q1b", 10, ANS);
    AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "102", "B"), AK_OK);
    /* r3: a 2.0, b 3.0 */
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 10, ANS);
    rset(&t, f.cb, "d1a", 20, ANS);
    rset(&t, f.cb, "q1b", 10, ANS);
    rset(&t, f.cb, "d1b", 30, ANS);
    AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "103", "C"), AK_OK);
    /* r4: outside both bases; its d1a (a routing violation) never counts */
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 20, ANS);
    rset(&t, f.cb, "d1a", 5, AK_NOT_ASKED);
    AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "104", "D"), AK_OK);
    /* r5: in a, d1a invalid -> Uoplyst */
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 10, ANS);
    rset(&t, f.cb, "d1a", 20, AK_INVALID);
    AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "105", "E"), AK_OK);

    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    const ak_results *r = f.res;
    AK_CHECK_EQ_INT(r->respondents, 5);
    AK_CHECK_EQ_STR(r->report_title, "Rapport 2008");
    AK_CHECK_EQ_INT(ak_diags_count(f.d), 0);
    const ak_rtable *rt = &r->tables[0];
    AK_CHECK_EQ_STR(rt->title, "T 2008");
    /* the optional row "Null" is empty: left out, rows move up */
    AK_CHECK_EQ_INT(rt->nrows, 5);
    AK_CHECK_EQ_STR(rt->rows[0].label, "Lav");
    AK_CHECK_EQ_INT(rt->rows[0].position, 1);
    AK_CHECK_EQ_INT(rt->rows[2].kind, AK_ROW_SUBTOTAL);
    AK_CHECK_EQ_INT(rt->rows[4].kind, AK_ROW_TOTAL);
    AK_CHECK_EQ_INT(rt->rows[4].position, 5);
    AK_CHECK_EQ_INT(val(r, "1", "Lav", "a", AK_M_ANTAL), 2);
    AK_CHECK_EQ_INT(val(r, "1", "Lav", "a", AK_M_PROCENT), 50);
    AK_CHECK_EQ_INT(val(r, "1", "Høj", "a", AK_M_ANTAL), 1);
    AK_CHECK_EQ_INT(val(r, "1", "Høj", "a", AK_M_PROCENT), 25);
    AK_CHECK_EQ_INT(val(r, "1", "Svar", "a", AK_M_ANTAL), 3);
    AK_CHECK_EQ_INT(val(r, "1", "Svar", "a", AK_M_PROCENT), 75);
    AK_CHECK_EQ_INT(val(r, "1", "Uoplyst", "a", AK_M_ANTAL), 1);
    AK_CHECK_EQ_INT(val(r, "1", "I alt", "a", AK_M_ANTAL), 4);
    AK_CHECK_EQ_INT(val(r, "1", "I alt", "a", AK_M_PROCENT), 100);
    AK_CHECK_EQ_INT(val(r, "1", "Lav", "b", AK_M_ANTAL), 0);
    AK_CHECK_EQ_INT(val(r, "1", "Lav", "b", AK_M_PROCENT), 0);
    AK_CHECK_EQ_INT(val(r, "1", "Høj", "b", AK_M_PROCENT), 50);
    AK_CHECK_EQ_INT(val(r, "1", "Uoplyst", "b", AK_M_PROCENT), 50);
    AK_CHECK_EQ_INT(val(r, "1", "I alt", "b", AK_M_ANTAL), 2);
    /* percents sum to 100: no rounding note; {cell:N} counts template rows */
    AK_CHECK_EQ_INT(rt->nnotes, 1);
    AK_CHECK_EQ_STR(rt->notes[0], "Anm.: 4 og 2; 2 3 1 5 2007");
    AK_CHECK_EQ_STR(rt->cols[0].group, "A");
    AK_CHECK_EQ_STR(rt->measure_labels[1], "Procent");
    teardown(&f);
}

/* An optional row shows up when data need it; rounding note when a column
 * of rounded percents misses 100; 3 of 24 is 12.5 and prints 13. */
static void test_optional_rounding(void)
{
    fixture f;
    if (setup(&f, t1_text) != 0)
        return;
    trow t;
    const int64_t a[] = {0, 5, 20};   /* one in each of Null, Lav, Høj */
    for (int i = 0; i < 3; i++) {
        rinit(&t, f.cb);
        rset(&t, f.cb, "q1a", 10, ANS);
        rset(&t, f.cb, "d1a", a[i], ANS);
        ak_tab_add(f.tab, &t.r, "1", NULL);
    }
    /* column b: 24 members, 3 "Lav" (12.5% -> 13), 21 "Høj" (87.5 -> 88) */
    for (int i = 0; i < 24; i++) {
        rinit(&t, f.cb);
        rset(&t, f.cb, "q1b", 10, ANS);
        rset(&t, f.cb, "d1b", i < 3 ? 10 : 25, ANS);
        ak_tab_add(f.tab, &t.r, "1", NULL);
    }
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    const ak_rtable *rt = &f.res->tables[0];
    AK_CHECK_EQ_INT(rt->nrows, 6);
    AK_CHECK_EQ_STR(rt->rows[0].label, "Null");
    AK_CHECK_EQ_INT(rt->rows[0].position, 1);
    AK_CHECK_EQ_INT(rt->rows[5].position, 6);
    AK_CHECK_EQ_INT(val(f.res, "1", "Null", "a", AK_M_PROCENT), 33);
    AK_CHECK_EQ_INT(val(f.res, "1", "Null", "b", AK_M_ANTAL), 0);
    AK_CHECK_EQ_INT(val(f.res, "1", "Lav", "b", AK_M_PROCENT), 13);
    AK_CHECK_EQ_INT(val(f.res, "1", "Høj", "b", AK_M_PROCENT), 88);
    /* Svar (the subtotal) sums Null, Lav and Høj */
    AK_CHECK_EQ_INT(val(f.res, "1", "Svar", "a", AK_M_ANTAL), 3);
    AK_CHECK_EQ_INT(val(f.res, "1", "Svar", "a", AK_M_PROCENT), 100);
    /* a: 33+33+33+0 = 99; b: 0+13+88+0 = 101 */
    AK_CHECK_EQ_INT(rt->nnotes, 1);
    AK_CHECK_EQ_STR(rt->notes[0], "Anm.: 3 og 24; 1 3 0 27 2007. Afrundet.");
    teardown(&f);
}

/* Empty bases: percents without value; antal 0. */
static void test_empty_base(void)
{
    fixture f;
    if (setup(&f, t1_text) != 0)
        return;
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    AK_CHECK_EQ_INT(val(f.res, "1", "Lav", "a", AK_M_ANTAL), 0);
    AK_CHECK_EQ_INT(val(f.res, "1", "Lav", "a", AK_M_PROCENT), -1);
    AK_CHECK_EQ_INT(val(f.res, "1", "I alt", "b", AK_M_PROCENT), -1);
    AK_CHECK_EQ_INT(val(f.res, "1", "I alt", "b", AK_M_ANTAL), 0);
    AK_CHECK_EQ_INT(f.res->tables[0].nrows, 5);
    AK_CHECK_EQ_INT(f.res->tables[0].nnotes, 1);   /* no rounding note */
    teardown(&f);
}

static void test_cover(void)
{
    fixture f;
    if (setup(&f, t2_text) != 0)
        return;
    trow t;
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 10, ANS);            /* lands in X and Y */
    ak_tab_add(f.tab, &t.r, "101", "København");
    rinit(&t, f.cb);                            /* q1a blank: in no row */
    ak_tab_add(f.tab, &t.r, "147", "Frederiksberg");
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 20, ANS);            /* only Y: fine */
    ak_tab_add(f.tab, &t.r, "151", NULL);
    AK_CHECK_EQ_INT(ak_diags_count(f.d), 2);
    const ak_diag *g = ak_diags_get(f.d, 0);
    AK_CHECK(g && g->sev == AK_SEV_WARNING);
    AK_CHECK_EQ_STR(g ? g->unit : NULL, "101");
    AK_CHECK_EQ_STR(g ? g->unit_name : NULL, "København");
    AK_CHECK_CONTAINS(g ? g->message : NULL,
                      "falder i 2 rækker i 'Tabel 2' (kolonne 'a'): 'X', 'Y'");
    g = ak_diags_get(f.d, 1);
    AK_CHECK_EQ_STR(g ? g->unit : NULL, "147");
    AK_CHECK_CONTAINS(g ? g->message : NULL, "falder ikke i nogen række");
    AK_CHECK_CONTAINS(g ? g->action : NULL, "talt med i grundlaget");
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    AK_CHECK_EQ_INT(val(f.res, "2", "X", "a", AK_M_ANTAL), 1);
    AK_CHECK_EQ_INT(val(f.res, "2", "Y", "a", AK_M_ANTAL), 2);
    teardown(&f);
}

static void test_multi_cells(void)
{
    fixture f;
    if (setup(&f, t3_text) != 0)
        return;
    trow t;
    /* q1a Ja, q2a Nej; q1a Nej, q2a blank; q1a Ja, q2a Ja; nothing */
    int64_t v1[] = {10, 20, 10, 0}, v2[] = {20, 0, 10, 0};
    for (int i = 0; i < 4; i++) {
        rinit(&t, f.cb);
        if (v1[i])
            rset(&t, f.cb, "q1a", v1[i], ANS);
        if (v2[i])
            rset(&t, f.cb, "q2a", v2[i], ANS);
        ak_tab_add(f.tab, &t.r, "1", NULL);
    }
    AK_CHECK_EQ_INT(ak_diags_count(f.d), 0);   /* multi: no cover check */
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    AK_CHECK_EQ_INT(val(f.res, "3", "Q1", "ja", AK_M_ANTAL), 2);
    AK_CHECK_EQ_INT(val(f.res, "3", "Q1", "alt", AK_M_ANTAL), 3);
    AK_CHECK_EQ_INT(val(f.res, "3", "Q2", "ja", AK_M_ANTAL), 1);
    AK_CHECK_EQ_INT(val(f.res, "3", "Q2", "alt", AK_M_ANTAL), 2);
    AK_CHECK_EQ_INT(val(f.res, "3", "Q2", "alt", AK_M_PROCENT), 50);
    AK_CHECK_EQ_INT(val(f.res, "3", "I alt", "ja", AK_M_ANTAL), 4);
    AK_CHECK_EQ_INT(f.res->tables[0].multi, 1);
    AK_CHECK_EQ_INT(f.res->tables[0].nnotes, 0);
    teardown(&f);
}

static void test_means(void)
{
    fixture f;
    if (setup(&f, f_text) != 0)
        return;
    trow t;
    /* a, Med: 0.1, 0, 0, 0 -> 0.025 -> 0.03 (half up);
     * a, Uden: 1.0 and 1.1 -> 1.05; b: nobody */
    int64_t d[] = {1, 0, 0, 0, 10, 11};
    int64_t q2[] = {10, 10, 10, 10, 20, 0};
    for (int i = 0; i < 6; i++) {
        rinit(&t, f.cb);
        rset(&t, f.cb, "q1a", 10, ANS);
        rset(&t, f.cb, "d1a", d[i], ANS);
        if (q2[i])
            rset(&t, f.cb, "q2a", q2[i], ANS);
        ak_tab_add(f.tab, &t.r, "1", NULL);
    }
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    const ak_rtable *rt = &f.res->tables[0];
    AK_CHECK_EQ_INT(rt->is_figure, 1);
    AK_CHECK_EQ_STR(rt->axis_title, "Akse");
    AK_CHECK_EQ_INT(val(f.res, "f", "Med", "a", AK_M_GENNEMSNIT), 3);
    AK_CHECK_EQ_INT(val(f.res, "f", "Med", "a", AK_M_ANTAL), 4);
    AK_CHECK_EQ_INT(val(f.res, "f", "Uden", "a", AK_M_GENNEMSNIT), 105);
    AK_CHECK_EQ_INT(val(f.res, "f", "Uden", "a", AK_M_ANTAL), 2);
    AK_CHECK_EQ_INT(val(f.res, "f", "Med", "b", AK_M_GENNEMSNIT), -1);
    AK_CHECK_EQ_INT(val(f.res, "f", "Med", "b", AK_M_ANTAL), 0);
    teardown(&f);
}

/* The key-figures rows: r1 a 1.5 n 3; r2 a 0.2, b 2.0; r3 b 0.5 n 4; r4
 * nothing.  Hand-computed expectations in the comments. */
static void add_k_rows(fixture *f)
{
    trow t;
    rinit(&t, f->cb);
    rset(&t, f->cb, "q1a", 10, ANS);
    rset(&t, f->cb, "d1a", 15, ANS);
    rset(&t, f->cb, "q1b", 20, ANS);
    rset(&t, f->cb, "n1", 30, ANS);
    ak_tab_add(f->tab, &t.r, "1", NULL);
    rinit(&t, f->cb);
    rset(&t, f->cb, "q1a", 10, ANS);
    rset(&t, f->cb, "d1a", 2, ANS);
    rset(&t, f->cb, "q1b", 10, ANS);
    rset(&t, f->cb, "d1b", 20, ANS);
    ak_tab_add(f->tab, &t.r, "2", NULL);
    rinit(&t, f->cb);
    rset(&t, f->cb, "q1a", 20, ANS);
    rset(&t, f->cb, "q1b", 10, ANS);
    rset(&t, f->cb, "d1b", 5, ANS);
    rset(&t, f->cb, "n1", 40, ANS);
    rset(&t, f->cb, "d1a", 90, AK_NOT_ASKED);   /* never summed */
    ak_tab_add(f->tab, &t.r, "3", NULL);
    rinit(&t, f->cb);
    ak_tab_add(f->tab, &t.r, "4", NULL);
}

static int tenths(const ak_results *r, const char *row, const char *col)
{
    const ak_rtable *t = &r->tables[0];
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t c = 0; c < t->ncols; c++)
            if (!strcmp(t->rows[i].label, row) && !strcmp(t->cols[c].key, col))
                return ak_rtable_cell_tenths(t, i, c, 2);
    return -1;
}

static void test_keyfigures(void)
{
    fixture f;
    if (setup(&f, k_text) != 0)
        return;
    ak_tab_set_population(f.tab, 10);
    add_k_rows(&f);
    AK_CHECK_EQ_INT(ak_diags_count(f.d), 0);
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    const ak_results *r = f.res;
    const ak_rtable *rt = &r->tables[0];
    AK_CHECK_EQ_INT(r->population, 10);
    AK_CHECK_EQ_INT(rt->untidy, 1);
    AK_CHECK_EQ_INT(rt->nrows, 7);
    AK_CHECK_EQ_STR(rt->rows[0].label, "Alle");
    AK_CHECK_EQ_INT(rt->rows[0].kind, AK_ROW_PLAIN);   /* laid out plain */
    AK_CHECK_EQ_INT(rt->rows[5].kind, AK_ROW_SUBTOTAL);
    /* population row: the population, nothing else */
    AK_CHECK_EQ_INT(val(r, "k", "Alle", "a", AK_M_ANTAL), 10);
    AK_CHECK_EQ_INT(val(r, "k", "Alle", "b", AK_M_PROCENT), -1);
    AK_CHECK_EQ_INT(val(r, "k", "Alle", "a", AK_M_SUM), -1);
    /* Svar: 4 of the population 10 = 40 %; sum of d1a 1.5 + 0.2 */
    AK_CHECK_EQ_INT(val(r, "k", "Svar", "a", AK_M_ANTAL), 4);
    AK_CHECK_EQ_INT(val(r, "k", "Svar", "a", AK_M_PROCENT), 40);
    AK_CHECK_EQ_INT(val(r, "k", "Svar", "a", AK_M_SUM), 17);
    AK_CHECK_EQ_INT(tenths(r, "Svar", "a"), 1);
    AK_CHECK_EQ_INT(val(r, "k", "Svar", "b", AK_M_SUM), 25);   /* 2.0+0.5 */
    /* Med: 2 of row 2's 4 = 50 % */
    AK_CHECK_EQ_INT(val(r, "k", "Med", "a", AK_M_ANTAL), 2);
    AK_CHECK_EQ_INT(val(r, "k", "Med", "a", AK_M_PROCENT), 50);
    AK_CHECK_EQ_INT(val(r, "k", "Med", "b", AK_M_SUM), 25);
    /* Tal: n1 stated by r1, r3: 2 of Med's 2 = 100 %; 3 + 4 = 7, whole */
    AK_CHECK_EQ_INT(val(r, "k", "Tal", "a", AK_M_ANTAL), 2);
    AK_CHECK_EQ_INT(val(r, "k", "Tal", "a", AK_M_PROCENT), 100);
    AK_CHECK_EQ_INT(val(r, "k", "Tal", "a", AK_M_SUM), 7);
    AK_CHECK_EQ_INT(tenths(r, "Tal", "a"), 0);
    /* Begge: no percent; a: (1.5 + 3) + (0.2 + 0) = 4.7; b: 2.0 + 4.5 */
    AK_CHECK_EQ_INT(val(r, "k", "Begge", "a", AK_M_PROCENT), -1);
    AK_CHECK_EQ_INT(val(r, "k", "Begge", "a", AK_M_SUM), 47);
    AK_CHECK_EQ_INT(val(r, "k", "Begge", "b", AK_M_SUM), 65);
    AK_CHECK_EQ_INT(tenths(r, "Begge", "b"), 1);
    /* Sub (rows 3-5): 2 + 2 + 2 = 6, 150 % of the base 4; sums 1.7 + 7 +
     * 4.7 = 13.4 and 2.5 + 7 + 6.5 = 16.0, in tenths */
    AK_CHECK_EQ_INT(val(r, "k", "Sub", "a", AK_M_ANTAL), 6);
    AK_CHECK_EQ_INT(val(r, "k", "Sub", "a", AK_M_PROCENT), 150);
    AK_CHECK_EQ_INT(val(r, "k", "Sub", "a", AK_M_SUM), 134);
    AK_CHECK_EQ_INT(val(r, "k", "Sub", "b", AK_M_SUM), 160);
    AK_CHECK_EQ_INT(tenths(r, "Sub", "b"), 1);
    /* I alt: the base; the measure's term over it */
    AK_CHECK_EQ_INT(val(r, "k", "I alt", "b", AK_M_ANTAL), 4);
    AK_CHECK_EQ_INT(val(r, "k", "I alt", "b", AK_M_PROCENT), 100);
    AK_CHECK_EQ_INT(val(r, "k", "I alt", "a", AK_M_SUM), 17);
    /* {cell:1} is the population row */
    AK_CHECK_EQ_STR(rt->notes[0], "10 2");
    AK_CHECK_EQ_INT(ak_rtable_cell_tenths(rt, 99, 0, 0), 0);
    AK_CHECK_EQ_INT(ak_rtable_cell_tenths(NULL, 0, 0, 0), 0);
    teardown(&f);
}

/* Without a population: its row is left out, of=population has no value. */
static void test_no_population(void)
{
    fixture f;
    if (setup(&f, k_text) != 0)
        return;
    ak_tab_set_population(f.tab, 7);
    ak_tab_set_population(f.tab, -5);   /* back to none */
    add_k_rows(&f);
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    const ak_rtable *rt = &f.res->tables[0];
    AK_CHECK_EQ_INT(f.res->population, -1);
    AK_CHECK_EQ_INT(rt->nrows, 6);
    AK_CHECK_EQ_STR(rt->rows[0].label, "Svar");
    AK_CHECK_EQ_INT(rt->rows[0].position, 1);
    AK_CHECK_EQ_INT(val(f.res, "k", "Svar", "a", AK_M_ANTAL), 4);
    AK_CHECK_EQ_INT(val(f.res, "k", "Svar", "a", AK_M_PROCENT), -1);
    AK_CHECK_EQ_INT(val(f.res, "k", "Med", "a", AK_M_PROCENT), 50);
    AK_CHECK_EQ_STR(rt->notes[0], "0 2");
    teardown(&f);
    /* a population of 0: the row prints 0, percents over it have none */
    if (setup(&f, k_text) != 0)
        return;
    ak_tab_set_population(f.tab, 0);
    add_k_rows(&f);
    AK_CHECK_EQ_INT(ak_tab_finish(f.tab, &f.res), AK_OK);
    AK_CHECK_EQ_INT(f.res->tables[0].nrows, 7);
    AK_CHECK_EQ_INT(val(f.res, "k", "Alle", "a", AK_M_ANTAL), 0);
    AK_CHECK_EQ_INT(val(f.res, "k", "Svar", "a", AK_M_PROCENT), -1);
    teardown(&f);
}

static void test_misc(void)
{
    AK_CHECK_EQ_STR(ak_measure_key(AK_M_SUM), "sum");
    ak_tab_set_population(NULL, 3);
    AK_CHECK_EQ_STR(ak_measure_key(AK_M_ANTAL), "antal");
    AK_CHECK_EQ_STR(ak_measure_key(AK_M_PROCENT), "procent");
    AK_CHECK_EQ_STR(ak_measure_key(AK_M_GENNEMSNIT), "gennemsnit");
    ak_results_free(NULL);
    ak_tab_free(NULL);
    AK_CHECK(ak_tab_new(NULL, NULL, 2008, NULL) == NULL);
    AK_CHECK(ak_rtable_cell(NULL, 0, 0, 0) == NULL);
    fixture f;
    if (setup(&f, t1_text) == 0) {
        trow t;
        rinit(&t, f.cb);
        t.r.nvars = 3;   /* rows from another codebook are refused */
        AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "1", NULL), AK_ERR_USAGE);
        AK_CHECK(ak_rtable_cell(NULL, 0, 0, 0) == NULL);
    }
    teardown(&f);
}

/* Every allocation failing in turn: a clean AK_ERR_NOMEM / NULL. */
static void oom_with(const char *text)
{
    fixture f;
    if (setup(&f, text) != 0)
        return;
    ak_tab_free(f.tab);
    f.tab = NULL;
    int ok_seen = 0, bad = 0;
    for (long n = 1; n < 2000 && !ok_seen; n++) {
        ak_mem_fail_at(n);
        ak_tab *tab = ak_tab_new(f.ts, f.cb, 2008, f.d);
        ak_results *res = NULL;
        ak_status st = AK_ERR_NOMEM;
        if (tab) {
            ak_tab_set_population(tab, 10);
            trow t;
            rinit(&t, f.cb);
            rset(&t, f.cb, "q1a", 10, ANS);
            rset(&t, f.cb, "d1a", 10, ANS);
            st = ak_tab_add(tab, &t.r, "1", NULL);
            if (st == AK_OK)
                st = ak_tab_finish(tab, &res);
        }
        ak_mem_fail_at(0);
        if (st == AK_OK && res)
            ok_seen = 1;
        else if (st != AK_ERR_NOMEM || res)
            bad++;
        ak_results_free(res);
        ak_tab_free(tab);
    }
    AK_CHECK(ok_seen);
    AK_CHECK_EQ_INT(bad, 0);
    teardown(&f);
}

static void test_oom(void)
{
    oom_with(t1_text);
    oom_with(k_text);
}

/* ---- per-unit contributions (the panel) ---------------------------------- */

typedef struct acc_e {
    const char *table, *row, *col;
    ak_measure m;
    int tenths;
    int64_t num, den;
} acc_e;

typedef struct acc {
    acc_e e[512];
    size_t n;
    int overflow;
} acc;

static int acc_add(const ak_tab_contrib *k, void *ud)
{
    acc *a = ud;
    size_t i = 0;
    while (i < a->n && !(a->e[i].m == k->measure &&
                         !strcmp(a->e[i].table, k->table) &&
                         !strcmp(a->e[i].row, k->row_key) &&
                         !strcmp(a->e[i].col, k->column)))
        i++;
    if (i == a->n) {
        if (a->n == sizeof a->e / sizeof a->e[0]) {
            a->overflow = 1;
            return 0;
        }
        acc_e z = {k->table, k->row_key, k->column, k->measure, k->tenths,
                   0, 0};
        a->e[a->n++] = z;
    }
    a->e[i].num += k->num;
    if (k->den > 0)
        a->e[i].den += k->den;
    return 0;
}

/* Row i of a varied set: every state of q1/q2, decimals and counts. */
static void vary(trow *t, const ak_codebook *cb, int i)
{
    rinit(t, cb);
    const char *g[2] = {"a", "b"};
    for (int k = 0; k < 2; k++) {
        char q1[4], q2[4], d1[4];
        snprintf(q1, sizeof q1, "q1%s", g[k]);
        snprintf(q2, sizeof q2, "q2%s", g[k]);
        snprintf(d1, sizeof d1, "d1%s", g[k]);
        int s1 = (i + k) % 3;   /* Ja, Nej, blank */
        if (s1 < 2)
            rset(t, cb, q1, s1 ? 20 : 10, ANS);
        if (s1 == 0) {
            if ((i + 2 * k) % 4)
                rset(t, cb, q2, (i + k) % 2 ? 10 : 20, ANS);
            if ((i * 7 + k) % 5)
                rset(t, cb, d1, (i * 7 + 3 * k) % 25, ANS);
        }
    }
    if (i % 3)
        rset(t, cb, "n1", (i % 7) * 10, ANS);
}

/* Summing each unit's contributions (ak_tab_reset, ak_tab_each_contrib)
 * and computing the cells from the sums (ak_tab_cell_value) gives the
 * cells of tabulating all units at once, for every kind of row and
 * measure (optional rows, subtotals, totals, of=, multi, means, sums of
 * decimals and counts); rows of the population are left out. */
static void test_contrib(void)
{
    const char *texts[] = {t1_text, t3_text, f_text, k_text};
    for (size_t x = 0; x < sizeof texts / sizeof texts[0]; x++) {
        fixture all, one;
        if (setup(&all, texts[x]) != 0)
            return;
        if (setup(&one, texts[x]) != 0) {
            teardown(&all);
            return;
        }
        ak_tab_set_population(all.tab, 60);
        ak_tab_set_population(one.tab, 60);
        static acc a;
        memset(&a, 0, sizeof a);
        trow t;
        for (int i = 0; i < 40; i++) {
            vary(&t, all.cb, i);
            ak_tab_add(all.tab, &t.r, "1", NULL);
            ak_tab_reset(one.tab);
            ak_tab_add(one.tab, &t.r, "1", NULL);
            AK_CHECK_EQ_INT(ak_tab_each_contrib(one.tab, acc_add, &a), 0);
        }
        AK_CHECK(!a.overflow);
        AK_CHECK_EQ_INT(ak_tab_finish(all.tab, &all.res), AK_OK);
        size_t compared = 0, left_out = 0;
        for (size_t ti = 0; all.res && ti < all.res->ntables; ti++) {
            const ak_rtable *rt = &all.res->tables[ti];
            for (size_t r = 0; r < rt->nrows; r++)
                for (size_t c = 0; c < rt->ncols; c++)
                    for (size_t m = 0; m < rt->nmeasures; m++) {
                        const ak_cell *cl = ak_rtable_cell(rt, r, c, m);
                        const acc_e *e = NULL;
                        for (size_t i = 0; i < a.n && !e; i++)
                            if (a.e[i].m == rt->measures[m] &&
                                !strcmp(a.e[i].table, rt->id) &&
                                !strcmp(a.e[i].row, rt->rows[r].key) &&
                                !strcmp(a.e[i].col, rt->cols[c].key))
                                e = &a.e[i];
                        if (!e) {   /* population; a sum without a term */
                            left_out++;
                            AK_CHECK(cl->base == 60 || cl->base == -1 ||
                                     !cl->has_value);
                            continue;
                        }
                        int64_t v;
                        int has = ak_tab_cell_value(e->m, e->tenths, e->num,
                                                    e->den, &v);
                        AK_CHECK_EQ_INT(has, cl->has_value);
                        if (has && cl->has_value && v != cl->value) {
                            fprintf(stderr, "%s %s %s %s: %lld != %lld\n",
                                    rt->id, rt->rows[r].key, rt->cols[c].key,
                                    ak_measure_key(e->m), (long long)v,
                                    (long long)cl->value);
                            AK_CHECK(0);
                        }
                        AK_CHECK_EQ_INT(e->tenths,
                                        ak_rtable_cell_tenths(rt, r, c, m));
                        compared++;
                    }
        }
        AK_CHECK(compared >= 4);
        AK_CHECK(x == 3 ? left_out > 0 : left_out == 0);
        teardown(&all);
        teardown(&one);
    }
}

/* What the last row landed in (ak_tab_last_row()), as the uncertainty
 * figures read it: the base per column and the leaf rows as bits, the
 * same for a row evaluated and one remembered by the memo; in a table of
 * more than 64 rows, the bit in its word. */
static void test_last_row(void)
{
    fixture f;
    if (setup(&f, t1_text) != 0)
        return;
    AK_CHECK(ak_tab_templates(f.tab) == f.ts);
    const uint64_t *rows = NULL;
    AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 0, &rows), 0);   /* no row yet */
    trow t;
    for (int k = 0; k < 2; k++) {   /* the second time from the memo */
        rinit(&t, f.cb);
        rset(&t, f.cb, "q1a", 10, ANS);
        rset(&t, f.cb, "d1a", 5, ANS);     /* Lav: template row 1 */
        rset(&t, f.cb, "q1b", 20, ANS);    /* outside b's base */
        AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "101", "A"), AK_OK);
        AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 0, &rows), 1);
        AK_CHECK(rows && rows[0] == (uint64_t)1 << 1);
        AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 1, &rows), 0);
    }
    rinit(&t, f.cb);
    rset(&t, f.cb, "q1a", 10, ANS);        /* d1a blank: Uoplyst, row 4 */
    rset(&t, f.cb, "q1b", 10, ANS);
    rset(&t, f.cb, "d1b", 0, ANS);         /* Null: row 0 */
    AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "102", "B"), AK_OK);
    AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 0, &rows), 1);
    AK_CHECK(rows && rows[0] == (uint64_t)1 << 4);
    AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 1, &rows), 1);
    AK_CHECK(rows && rows[0] == 1);
    teardown(&f);

    /* 70 rows: row r holds n1 = r; the row n1 = 67 is bit 3 of word 1 */
    size_t cap = 8192, n = 0;
    char *text = malloc(cap);
    AK_CHECK(text != NULL);
    if (!text)
        return;
    n += (size_t)snprintf(text + n, cap - n,
                          "table 9\ncaption \"W\"\ntitle \"W\"\nbase true\n"
                          "column a {g}=a\nmeasure antal\n");
    for (int r = 0; r < 70; r++)
        n += (size_t)snprintf(text + n, cap - n, "row \"R%d\" n1=%d\n", r, r);
    if (setup(&f, text) == 0) {
        rinit(&t, f.cb);
        rset(&t, f.cb, "n1", 670, ANS);
        AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "103", "C"), AK_OK);
        AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 0, &rows), 1);
        AK_CHECK(rows && rows[0] == 0 && rows[1] == (uint64_t)1 << 3);
        rset(&t, f.cb, "n1", 20, ANS);
        AK_CHECK_EQ_INT(ak_tab_add(f.tab, &t.r, "104", "D"), AK_OK);
        AK_CHECK_EQ_INT(ak_tab_last_row(f.tab, 0, 0, &rows), 1);
        AK_CHECK(rows && rows[0] == (uint64_t)1 << 2 && rows[1] == 0);
        teardown(&f);
    }
    free(text);
}

AK_TEST_MAIN(test_single, test_optional_rounding, test_empty_base, test_cover,
             test_multi_cells, test_means, test_keyfigures, test_no_population,
             test_misc, test_contrib, test_oom, test_last_row)
