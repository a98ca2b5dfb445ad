/* Unit tests of the expression language (include/ak_expr.h). */
#include <glib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_expr.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_test.h"

static const char cb_src[] =
    "variable,question,type,asked_if,label,block,register\n"
    "id,Id,id,,Id,,\n"
    "q1a,1.a,yesno,,A,,\n"
    "q1b,1.b,yesno,,B,,\n"
    "n1,1.1,count,q1a=1,N,,\n"
    "d7,7a,decimal,q1a=1,D,,\n"
    "c1,3.1a,checkbox,q1a=1,C1,3.1,\n"
    "c2,3.1b,checkbox,q1a=1,C2,3.1,\n";

static ak_codebook *cb;

static ak_expr *parse(const char *src, ak_diags *d)
{
    ak_expr *e = NULL;
    ak_binding b[] = {{"g", "a"}, {"x", "1"}};
    ak_srcloc loc = {"t.tpl", 3, 5, src};
    ak_expr_parse(src, strlen(src), cb, cb->nvars, b, 2, &loc, &e, d);
    return e;
}

/* vals: q1a q1b n1 d7 c1 c2 as tenths; -1 = missing (Uoplyst). */
static int eval(const char *src, const long long *v)
{
    ak_value vals[7];
    memset(vals, 0, sizeof vals);
    for (int i = 1; i < 7; i++) {
        vals[i].state = v[i - 1] < 0 ? AK_UOPLYST : AK_ANSWERED;
        vals[i].num = v[i - 1] < 0 ? 0 : v[i - 1];
    }
    ak_diags *d = ak_diags_new();
    ak_expr *e = parse(src, d);
    int r = e ? ak_expr_eval(e, vals) : -1;
    if (!e)
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    ak_expr_free(e);
    ak_diags_free(d);
    return r;
}

static void setup(void)
{
    ak_diags *d = ak_diags_new();
    AK_CHECK_EQ_INT(ak_codebook_parse(cb_src, sizeof cb_src - 1, "cb.csv", &cb, d), AK_OK);
    ak_diags_print(d, AK_SEV_NOTE, stderr);
    ak_diags_free(d);
}

static void test_compare(void)
{
    long long v[] = {10, 20, 50, 15, 10, 0};
    AK_CHECK_EQ_INT(eval("q1a=1", v), 1);
    AK_CHECK_EQ_INT(eval("q1a = 2", v), 0);
    AK_CHECK_EQ_INT(eval("Q1B=2", v), 1);
    AK_CHECK_EQ_INT(eval("q1{g}=1", v), 1);
    AK_CHECK_EQ_INT(eval("n1>=5 & n1<=5 & n1!=4 & n1<6 & n1>4", v), 1);
    AK_CHECK_EQ_INT(eval("d7=1.5", v), 1);
    AK_CHECK_EQ_INT(eval("d7 in 1.1..2", v), 1);
    AK_CHECK_EQ_INT(eval("d7 in 0..1", v), 0);
    AK_CHECK_EQ_INT(eval("c1=1 & c2=0", v), 1);
    AK_CHECK_EQ_INT(eval("sum(c1, c2, q1a) = 2", v), 1);
    AK_CHECK_EQ_INT(eval("n1 = sum(n1)", v), 1);
    AK_CHECK_EQ_INT(eval("true & !false", v), 1);
}

static void test_missing(void)
{
    long long v[] = {10, -1, -1, -1, 10, -1};
    AK_CHECK_EQ_INT(eval("q1b=1", v), 0);
    AK_CHECK_EQ_INT(eval("q1b!=1", v), 0);     /* missing compares false */
    AK_CHECK_EQ_INT(eval("!(q1b=1)", v), 1);
    AK_CHECK_EQ_INT(eval("missing(q1b)", v), 1);
    AK_CHECK_EQ_INT(eval("answered(q1b)", v), 0);
    AK_CHECK_EQ_INT(eval("asked(q1b)", v), 1);
    AK_CHECK_EQ_INT(eval("sum(c1, c2) = 1", v), 1); /* missing counts 0 */
    AK_CHECK_EQ_INT(eval("q1a=1 | q1b=1", v), 1);
    AK_CHECK_EQ_INT(eval("(q1a=2 | q1b=1) & q1a=1", v), 0);
    AK_CHECK_EQ_INT(eval("d7 in 0..9", v), 0);
}

/* ---- random conditions --------------------------------------------------- */

static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

static const char *const leaves[] = {
    "q1a=1", "q1b!=2", "n1>3", "n1<=5", "d7 in 1.1..2", "missing(q1b)",
    "answered(c1)", "asked(c2)", "true", "false", "sum(c1, c2) >= 1",
    "1 < n1", "c1 = c2", "5 >= d7", "sum(n1) in 0..4",
};

/* Append a random condition to s and return its value under v, computed
 * from the values of its leaves alone. */
static int gen_cond(GString *s, unsigned *seed, int depth, const long long *v)
{
    unsigned r = next_rand(seed);
    if (depth == 0 || r % 4 == 0) {
        const char *leaf = leaves[r / 4 % (sizeof leaves / sizeof leaves[0])];
        g_string_append(s, leaf);
        return eval(leaf, v);
    }
    int a, b;
    switch (r / 4 % 4) {
    case 0:
        g_string_append(s, "!(");
        a = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, ")");
        return !a;
    case 1:
        g_string_append(s, "(");
        a = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, " & ");
        b = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, ")");
        return a && b;
    case 2:
        g_string_append(s, "(");
        a = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, " | ");
        b = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, ")");
        return a || b;
    default:   /* a chain without parentheses: & binds tighter than | */
        g_string_append(s, "(");
        a = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, " | ");
        b = gen_cond(s, seed, depth - 1, v);
        g_string_append(s, " & ");
        b = gen_cond(s, seed, depth - 1, v) && b;
        g_string_append(s, ")");
        return a || b;
    }
}

/* The compiled form ('!' pushed down to the leaves, '&' and '|' as
 * threaded jumps) agrees with the meaning of the text. */
static void test_random_conditions(void)
{
    static const long long vals[][6] = {
        {10, 20, 50, 15, 10, 0},  {-1, -1, -1, -1, -1, -1},
        {20, 10, 3, 11, 0, 0},    {10, -1, 4, 20, 10, 10},
        {-1, 20, 0, 21, -1, 10},  {20, 20, 6, 9, 0, -1},
    };
    unsigned seed = 7;
    for (int i = 0; i < 3000; i++) {
        const long long *v = vals[i % 6];
        GString *s = g_string_new(NULL);
        int want = gen_cond(s, &seed, 1 + i % 5, v);
        int got = eval(s->str, v);
        if (got != want) {
            fprintf(stderr, "%s: got %d, want %d (values %d)\n", s->str, got,
                    want, i % 6);
            AK_CHECK(0);
        }
        g_string_free(s, TRUE);
    }
}

/* ak_expr_same: the same condition however written, not a different one. */
static void test_same(void)
{
    static const char *const same[][2] = {
        {"q1a=1", "q1a = 1"},
        {"q1{g}=1", "q1a=1"},
        {"1=q1a", "q1a=1"},
        {"!(q1a=1 & q1b=2)", "!(q1a=1) | !(q1b=2)"},
        {"sum(c1, c2) = n1", "sum(c1,c2)=n1"},
        {"d7 in 1..2", "d7 in 1.0..2.0"},
    };
    static const char *const differ[][2] = {
        {"q1a=1", "q1a=2"},
        {"q1a=1", "q1b=1"},
        {"q1a=1", "q1a!=1"},
        {"q1a=1 & q1b=1", "q1a=1 | q1b=1"},
        {"sum(c1, c2) = n1", "sum(c2, c1) = n1"},
        {"sum(c1, c2) = n1", "sum(c1, c2) != n1"},
        {"d7 in 1..2", "d7 in 1..3"},
        {"missing(q1a)", "answered(q1a)"},
    };
    ak_diags *d = ak_diags_new();
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        ak_expr *a = parse(same[i][0], d), *b = parse(same[i][1], d);
        AK_CHECK(a && b && ak_expr_same(a, b));
        ak_expr_free(a);
        ak_expr_free(b);
    }
    for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++) {
        ak_expr *a = parse(differ[i][0], d), *b = parse(differ[i][1], d);
        AK_CHECK(a && b && !ak_expr_same(a, b));
        ak_expr_free(a);
        ak_expr_free(b);
    }
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    ak_diags_free(d);
}

static void check_error(const char *src, const char *want, long col)
{
    ak_diags *d = ak_diags_new();
    ak_expr *e = parse(src, d);
    AK_CHECK(e == NULL);
    const ak_diag *g = ak_diags_get(d, 0);
    AK_CHECK(g != NULL);
    if (g) {
        AK_CHECK_CONTAINS(g->message, want);
        AK_CHECK_EQ_INT(g->line, 3);
        AK_CHECK_EQ_INT(g->col, col);
        AK_CHECK_EQ_STR(g->file, "t.tpl");
    }
    ak_expr_free(e);
    ak_diags_free(d);
}

static void test_errors(void)
{
    check_error("q9=1", "ukendt variabel 'q9'", 5);
    check_error("q1a=1 & q1c=2", "ukendt variabel 'q1c'", 13);
    check_error("q1a=", "forventede et tal eller en variabel", 9);
    check_error("(q1a=1", "forventede ')'", 11);
    check_error("q1a=1 q1b=1", "uventet tekst", 11);
    check_error("q1{h}=1", "ukendt binding '{h}'", 7);
    check_error("d7=1.25", "mere end én decimal", 8);
    check_error("q1a", "forventede en sammenligning", 8);
    check_error("d7 in 1..", "forventede et tal", 14);
    check_error("q1a=1 # x", "uventet tekst", 11);
    check_error("", "slutter for tidligt", 5);
    char deep[1000];
    memset(deep, '(', 500);
    strcpy(deep + 500, "q1a=1");
    check_error(deep, "for dybt", 0 + 5 + 200);
}

static void test_routing_order(void)
{
    /* A routing condition may only use earlier variables. */
    ak_diags *d = ak_diags_new();
    ak_expr *e = NULL;
    ak_srcloc loc = {"cb.csv", 2, 1, "x"};
    AK_CHECK_EQ_INT(ak_expr_parse("n1=1", 4, cb, 2, NULL, 0, &loc, &e, d), AK_ERR_SYNTAX);
    AK_CHECK_CONTAINS(ak_diags_get(d, 0)->message, "står ikke før");
    ak_diags_free(d);
}

static void test_format(void)
{
    ak_diags *d = ak_diags_new();
    ak_expr *e = parse("q1a=1 | (q1b=2 & c1=1) | d7 in 1.1..2 | missing(n1)", d);
    char buf[256];
    ak_expr_format(e, cb, buf, sizeof buf);
    AK_CHECK_EQ_STR(buf, "q1a=1 | q1b=2 & c1=1 | d7 in 1.1..2 | missing(n1)");
    ak_expr_describe(e, cb, buf, sizeof buf);
    AK_CHECK_EQ_STR(buf, "1.a = Ja eller 1.b = Nej og 3.1a = markeret eller 7a mellem 1,1 og 2 eller 1.1 er ubesvaret");
    const size_t *vars;
    AK_CHECK_EQ_INT(ak_expr_vars(e, &vars), 5);
    ak_expr_free(e);
    ak_diags_free(d);
}

static void test_oom(void)
{
    /* Every allocation failing in turn: a clean AK_ERR_NOMEM, no leak. */
    for (long n = 1; n < 40; n++) {
        ak_diags *d = ak_diags_new();
        ak_expr *e = NULL;
        ak_mem_fail_at(n);
        ak_status st = ak_expr_parse("q1a=1 & (sum(c1,c2)>0 | d7 in 0..1)", 35, cb,
                                     cb->nvars, NULL, 0, NULL, &e, d);
        ak_mem_fail_at(0);
        if (st != AK_OK && st != AK_ERR_NOMEM) fprintf(stderr, "n=%ld st=%d\n", n, st);
        AK_CHECK(st == AK_OK || st == AK_ERR_NOMEM);
        AK_CHECK((st == AK_OK) == (e != NULL));
        ak_expr_free(e);
        ak_diags_free(d);
    }
}

static void teardown(void)
{
    ak_codebook_free(cb);
}

AK_TEST_MAIN(setup, test_compare, test_missing, test_random_conditions,
             test_same, test_errors, test_routing_order, test_format, test_oom,
             teardown)
