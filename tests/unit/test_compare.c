/* Unit tests of the year-over-year comparison (include/ak_compare.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ak_compare.h"
#include "ak_mem.h"
#include "ak_tabulate.h"
#include "ak_output.h"
#include "ak_test.h"

static void test_change(void)
{
    char b[40];
    ak_compare_change("61", "57", b, sizeof b);
    AK_CHECK_EQ_STR(b, "-4");
    ak_compare_change("3.61", "4.16", b, sizeof b);
    AK_CHECK_EQ_STR(b, "0.55");
    ak_compare_change("103.3", "100", b, sizeof b);
    AK_CHECK_EQ_STR(b, "-3.3");
    ak_compare_change("0.05", "0.00", b, sizeof b);
    AK_CHECK_EQ_STR(b, "-0.05");
    ak_compare_change("0", "0", b, sizeof b);
    AK_CHECK_EQ_STR(b, "0");
    ak_compare_change("", "5", b, sizeof b);
    AK_CHECK_EQ_STR(b, "");
    ak_compare_change("=1+1", "5", b, sizeof b);
    AK_CHECK_EQ_STR(b, "");
    ak_compare_change("5", "1.2.3", b, sizeof b);
    AK_CHECK_EQ_STR(b, "");
}

static char dir[64];

static void write_prev(const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/tables.csv", dir);
    FILE *f = fopen(path, "w");
    AK_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Load a prev file; the status, and the first fatal message into msg. */
static ak_status load(int year, ak_prev **p, char *msg, size_t n)
{
    ak_diags *d = ak_diags_new();
    ak_status st = ak_prev_load(dir, year, p, d);
    msg[0] = '\0';
    for (size_t i = 0; i < ak_diags_count(d); i++)
        if (ak_diags_get(d, i)->sev == AK_SEV_FATAL) {
            snprintf(msg, n, "%s", ak_diags_get(d, i)->message);
            break;
        }
    ak_diags_free(d);
    return st;
}

static void test_refusals(void)
{
    ak_prev *p = NULL;
    char msg[512];
    write_prev("table,row,row_label,column,measure,value\n2.7,1,A,c,antal,1\n");
    AK_CHECK_EQ_INT(load(2009, &p, msg, sizeof msg), AK_ERR_INPUT);
    AK_CHECK(p == NULL);
    AK_CHECK_CONTAINS(msg, "gamle format uden kolonnerne 'year' og 'row_key'");
    write_prev("table,row,row_label,column,measure,value,year,row_key,base\n"
               "2.7,1,A,c,antal,1,2008,a,1\n2.7,1,A,c,antal,1,2007,a,1\n");
    AK_CHECK_EQ_INT(load(2009, &p, msg, sizeof msg), AK_ERR_INPUT);
    AK_CHECK_CONTAINS(msg, "året '2007' er et andet end på første linje");
    write_prev("table,row,row_label,column,measure,value,year,row_key,base\n"
               "2.7,1,A,c,antal,1,2009,a,1\n");
    AK_CHECK_EQ_INT(load(2009, &p, msg, sizeof msg), AK_ERR_INPUT);
    AK_CHECK_CONTAINS(msg, "sammenlign med et tidligere år end 2009");
}

/* One table this year: rows "a" (moved down by the optional "o", which
 * last year did not print) and "n" (new=2009), and "g", hidden this year
 * (optional, 0), last year printed. */
static ak_status collect(const ak_compare_line *l, void *ud)
{
    FILE *f = ud;
    fprintf(f, "%s|%s|%s|%s|%s|%s|%s|%s\n", l->table,
            l->row_key ? l->row_key : "", l->measure ? l->measure : "",
            l->last_value ? l->last_value : "", l->value ? l->value : "",
            l->change ? l->change : "", ak_compare_unit(l),
            l->note ? l->note : "");
    return AK_OK;
}

static void test_run(void)
{
    write_prev("table,row,row_label,column,measure,value,year,row_key,base\n"
               "2.7,1,A,c,procent,61,2008,a,28\n"
               "2.7,2,G,c,procent,4,2008,g,28\n"
               "2.7,3,N,c,procent,9,2008,n,28\n"
               "2.9,1,X,c,procent,50,2008,x,2\n");
    ak_prev *p = NULL;
    char msg[512];
    AK_CHECK_EQ_INT(load(2009, &p, msg, sizeof msg), AK_OK);
    if (!p)
        return;
    AK_CHECK_EQ_INT(ak_prev_year(p), 2008);
    ak_results *r = ak_calloc(1, sizeof *r);
    r->year = 2009;
    r->ntables = 1;
    r->tables = ak_calloc(1, sizeof *r->tables);
    ak_rtable *t = &r->tables[0];
    t->id = ak_strdup("2.7");
    t->ncols = 1;
    t->cols = ak_calloc(1, sizeof *t->cols);
    t->cols[0].key = ak_strdup("c");
    t->nmeasures = 1;
    t->measures = ak_calloc(1, sizeof *t->measures);
    t->measures[0] = AK_M_PROCENT;
    t->nrows = 3;
    t->rows = ak_calloc(3, sizeof *t->rows);
    const char *keys[3] = {"o", "a", "n"};
    for (int i = 0; i < 3; i++) {
        t->rows[i].label = ak_strdup(keys[i]);
        t->rows[i].key = ak_strdup(keys[i]);
        t->rows[i].position = i + 1;
    }
    t->rows[0].optional = 1;
    t->rows[2].new_since = 2009;
    t->cells = ak_calloc(3, sizeof *t->cells);
    ak_cell v[3] = {{4, 1, 28}, {57, 1, 28}, {10, 1, 28}};
    memcpy(t->cells, v, sizeof v);
    t->nhidden = 1;
    t->hidden = ak_calloc(1, sizeof *t->hidden);
    t->hidden[0] = ak_strdup("g");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    AK_CHECK_EQ_INT(ak_compare_run(r, p, "kommuner", collect, f), AK_OK);
    fclose(f);
    AK_CHECK_EQ_STR(buf,
        "2.7|o|procent|0|4|4|procentpoint|valgfri række, der ikke var med i "
        "2008 (ingen kommuner); talt som 0\n"
        "2.7|a|procent|61|57|-4|procentpoint|hed i 2008: A\n"
        "2.7|n|procent|9|10|||rækken er ny fra 2009; ikke sammenlignelig\n"
        "2.7|g|procent|4|0|-4|procentpoint|valgfri række, der ikke er med i "
        "2009 (ingen kommuner); talt som 0\n"
        "2.9|||||||tabellen findes ikke i 2009; ingen sammenligning\n");
    free(buf);
    /* the notes' word for the respondents is the caller's */
    buf = NULL;
    f = open_memstream(&buf, &len);
    AK_CHECK_EQ_INT(ak_compare_run(r, p, "besvarere", collect, f), AK_OK);
    fclose(f);
    AK_CHECK_CONTAINS(buf, "var med i 2008 (ingen besvarere); talt som 0\n");
    AK_CHECK_CONTAINS(buf, "er med i 2009 (ingen besvarere); talt som 0\n");
    AK_CHECK(strstr(buf, "kommuner") == NULL);
    free(buf);
    ak_results_free(r);
    ak_prev_free(p);
}

/* A cell from summed contributions: the tabulation's own rounding. */
static void test_cell_value(void)
{
    int64_t v;
    AK_CHECK(ak_tab_cell_value(AK_M_ANTAL, 0, 7, -1, &v) && v == 7);
    AK_CHECK(ak_tab_cell_value(AK_M_PROCENT, 0, 2, 3, &v) && v == 67);
    AK_CHECK(ak_tab_cell_value(AK_M_PROCENT, 0, 1, 8, &v) && v == 13);
    AK_CHECK(ak_tab_cell_value(AK_M_PROCENT, 0, 1, 3, &v) && v == 33);
    AK_CHECK(!ak_tab_cell_value(AK_M_PROCENT, 0, 0, 0, &v));
    /* means: tenths summed, hundredths half up: 55/2 tenths = 2.75 */
    AK_CHECK(ak_tab_cell_value(AK_M_GENNEMSNIT, 0, 55, 2, &v) && v == 275);
    AK_CHECK(ak_tab_cell_value(AK_M_GENNEMSNIT, 0, 50, 3, &v) && v == 167);
    AK_CHECK(ak_tab_cell_value(AK_M_GENNEMSNIT, 0, 1, 8, &v) && v == 1);
    AK_CHECK(!ak_tab_cell_value(AK_M_GENNEMSNIT, 0, 0, 0, &v));
    /* sums: tenths kept for a sum of decimals, whole for counts */
    AK_CHECK(ak_tab_cell_value(AK_M_SUM, 1, 55, -1, &v) && v == 55);
    AK_CHECK(ak_tab_cell_value(AK_M_SUM, 0, 120, -1, &v) && v == 12);
}

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    AK_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static ak_status collect_last(const ak_compare_line *l, void *ud)
{
    FILE *f = ud;
    fprintf(f, "%s|%s|%s\n", l->row_key ? l->row_key : "",
            l->measure ? l->measure : "", l->last_value ? l->last_value : "");
    return AK_OK;
}

/* last year's value of every cell of table t (rows a, b; column c; all
 * four measures), "key|measure|value" a line.  Caller frees. */
static char *last_values(const ak_prev *p)
{
    ak_results *r = ak_calloc(1, sizeof *r);
    r->year = 2009;
    r->ntables = 1;
    r->tables = ak_calloc(1, sizeof *r->tables);
    ak_rtable *t = &r->tables[0];
    t->id = ak_strdup("t");
    t->ncols = 1;
    t->cols = ak_calloc(1, sizeof *t->cols);
    t->cols[0].key = ak_strdup("c");
    t->nmeasures = 4;
    t->measures = ak_calloc(4, sizeof *t->measures);
    ak_measure ms[4] = {AK_M_ANTAL, AK_M_PROCENT, AK_M_GENNEMSNIT, AK_M_SUM};
    memcpy(t->measures, ms, sizeof ms);
    t->nrows = 2;
    t->rows = ak_calloc(2, sizeof *t->rows);
    t->rows[0].label = ak_strdup("A");
    t->rows[0].key = ak_strdup("a");
    t->rows[1].label = ak_strdup("B");
    t->rows[1].key = ak_strdup("b");
    t->cells = ak_calloc(8, sizeof *t->cells);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    AK_CHECK_EQ_INT(ak_compare_run(r, p, NULL, collect_last, f), AK_OK);
    fclose(f);
    ak_results_free(r);
    return buf;
}

/* Last year's cells summed over the units of both years. */
static void test_panel(void)
{
    char msg[512];
    /* last year: four units; a: 101, 102, 104; b: 103 */
    write_prev("table,row,row_label,column,measure,value,year,row_key,base\n"
               "t,1,A,c,antal,3,2008,a,4\n"
               "t,1,A,c,procent,75,2008,a,4\n"
               "t,1,A,c,gennemsnit,2.50,2008,a,3\n"
               "t,1,A,c,sum,7.5,2008,a,4\n"
               "t,2,B,c,antal,1,2008,b,4\n"
               "t,2,B,c,procent,25,2008,b,4\n"
               "t,2,B,c,gennemsnit,1.00,2008,b,1\n");
    ak_diags *d = ak_diags_new();
    ak_panel *pn = NULL;
    ak_prev *p = NULL;
    AK_CHECK_EQ_INT(load(2009, &p, msg, sizeof msg), AK_OK);
    if (!p) {
        ak_diags_free(d);
        return;
    }
    /* no record: refused, naming the file */
    AK_CHECK_EQ_INT(ak_panel_load(dir, p, &pn, d), AK_ERR_INPUT);
    AK_CHECK(pn == NULL);
    AK_CHECK(ak_diags_count(d) > 0);
    if (ak_diags_count(d) > 0) {
        AK_CHECK_CONTAINS(ak_diags_get(d, 0)->message, "filen findes ikke");
        AK_CHECK_CONTAINS(ak_diags_get(d, 0)->file, "/panel-2008.csv");
    }
    write_file("panel-2008.csv",
        "year,unit,table,row_key,column,measure,numerator,denominator\n"
        "2008,101,t,a,c,antal,1,\n"
        "2008,101,t,a,c,procent,1,1\n"
        "2008,101,t,a,c,gennemsnit,2.5,1\n"
        "2008,101,t,a,c,sum,2.5,\n"
        "2008,101,t,b,c,procent,0,1\n"
        "2008,102,t,a,c,antal,1,\n"
        "2008,102,t,a,c,procent,1,1\n"
        "2008,102,t,a,c,gennemsnit,3.0,1\n"
        "2008,102,t,a,c,sum,3.0,\n"
        "2008,102,t,b,c,procent,0,1\n"
        "2008,103,t,a,c,procent,0,1\n"
        "2008,103,t,b,c,antal,1,\n"
        "2008,103,t,b,c,procent,1,1\n"
        "2008,103,t,b,c,gennemsnit,1.0,1\n"
        "2008,104,t,a,c,antal,1,\n"
        "2008,104,t,a,c,procent,1,1\n"
        "2008,104,t,a,c,gennemsnit,2.0,1\n"
        "2008,104,t,a,c,sum,2.0,\n"
        "2008,104,t,b,c,procent,0,1\n"
        "2008,104,u,z,c,antal,1,\n");      /* a table tables.csv has not */
    AK_CHECK_EQ_INT(ak_panel_load(dir, p, &pn, d), AK_OK);
    if (!pn) {
        ak_prev_free(p);
        ak_diags_free(d);
        return;
    }
    /* this year: 101, 102, 103 and a new one */
    AK_CHECK(ak_panel_mark(pn, "101"));
    AK_CHECK(ak_panel_mark(pn, "103"));
    AK_CHECK(ak_panel_mark(pn, "102"));
    AK_CHECK(!ak_panel_mark(pn, "999"));
    AK_CHECK(!ak_panel_mark(pn, NULL));
    AK_CHECK_EQ_INT((int)ak_panel_count(pn), 3);
    ak_prev *q = NULL;
    AK_CHECK_EQ_INT(ak_prev_panel(p, pn, &q, d), AK_OK);
    if (q) {
        char *buf = last_values(q);
        /* a: 2 of 3 (67 %), mean (2.5 + 3.0) / 2, sum 5.5 in tenths as
         * last year printed it; b: 1 of 3 (33 %), mean 1.00 */
        AK_CHECK_EQ_STR(buf,
            "a|antal|2\na|procent|67\na|gennemsnit|2.75\na|sum|5.5\n"
            "b|antal|1\nb|procent|33\nb|gennemsnit|1.00\nb|sum|\n");
        free(buf);
        /* still found by key in the copy */
        int64_t v = -1;
        AK_CHECK_EQ_INT(ak_prev_number(q, "t", "a", "c", "gennemsnit", 2,
                                       &v), 1);
        AK_CHECK_EQ_INT((int)v, 275);
        AK_CHECK_EQ_INT(ak_prev_year(q), 2008);
        ak_prev_free(q);
    }
    /* the file read is left as it was (the figure's bars stay over all) */
    char *orig = last_values(p);
    AK_CHECK_EQ_STR(orig,
        "a|antal|3\na|procent|75\na|gennemsnit|2.50\na|sum|7.5\n"
        "b|antal|1\nb|procent|25\nb|gennemsnit|1.00\nb|sum|\n");
    free(orig);
    /* nobody of both years: counts 0, no percent, no mean */
    ak_panel_free(pn);
    pn = NULL;
    AK_CHECK_EQ_INT(ak_panel_load(dir, p, &pn, d), AK_OK);
    q = NULL;
    if (pn) {
        AK_CHECK_EQ_INT(ak_prev_panel(p, pn, &q, d), AK_OK);
        char *buf = q ? last_values(q) : NULL;
        AK_CHECK_EQ_STR(buf ? buf : "",
            "a|antal|0\na|procent|\na|gennemsnit|\na|sum|0.0\n"
            "b|antal|0\nb|procent|\nb|gennemsnit|\nb|sum|\n");
        free(buf);
    }
    ak_prev_free(q);
    ak_prev_free(p);
    ak_panel_free(pn);
    ak_diags_free(d);
}

/* Figure 2.1 beside last year's: last year's bars read by key, and one
 * axis over both years' bars. */
static void test_figure(void)
{
    write_prev("table,row,row_label,column,measure,value,year,row_key,base\n"
               "fig,1,A,c,gennemsnit,3.61,2008,a,13\n"
               "fig,1,A,c,antal,13,2008,a,52\n"
               "fig,2,B,c,gennemsnit,7.2,2008,b,39\n"
               "fig,2,B,c,antal,x,2008,b,39\n");
    ak_prev *p = NULL;
    char msg[512];
    AK_CHECK_EQ_INT(load(2009, &p, msg, sizeof msg), AK_OK);
    if (!p)
        return;
    int64_t v = -1;
    AK_CHECK_EQ_INT(ak_prev_number(p, "fig", "a", "c", "gennemsnit", 2, &v),
                    1);
    AK_CHECK_EQ_INT(v, 361);
    AK_CHECK_EQ_INT(ak_prev_number(p, "fig", "b", "c", "gennemsnit", 2, &v),
                    1);
    AK_CHECK_EQ_INT(v, 720);                        /* "7.2" in hundredths */
    AK_CHECK_EQ_INT(ak_prev_number(p, "fig", "b", "c", "gennemsnit", 1, &v),
                    1);
    AK_CHECK_EQ_INT(v, 72);
    AK_CHECK_EQ_INT(ak_prev_number(p, "fig", "a", "c", "antal", 0, &v), 1);
    AK_CHECK_EQ_INT(v, 13);
    AK_CHECK_EQ_INT(ak_prev_number(p, "fig", "b", "c", "antal", 0, &v), 0);
    AK_CHECK_EQ_INT(ak_prev_number(p, "fig", "z", "c", "antal", 0, &v), 0);
    AK_CHECK_EQ_INT(ak_prev_number(NULL, "fig", "a", "c", "antal", 0, &v), 0);

    /* this year: a 3,00 and b 4,16 (means in hundredths), counts */
    ak_rtable t = {0};
    ak_rrow rows[2] = {{0}};
    ak_rcol col = {0};
    ak_measure ms[2] = {AK_M_GENNEMSNIT, AK_M_ANTAL};
    ak_cell cells[4] = {{300, 1, 13}, {13, 1, 52}, {416, 1, 36}, {36, 1, 36}};
    t.id = "fig";
    t.nrows = 2;
    t.rows = rows;
    rows[0].key = "a";
    rows[0].label = "A";
    rows[1].key = "b";
    rows[1].label = "B";
    t.ncols = 1;
    t.cols = &col;
    col.key = "c";
    t.nmeasures = 2;
    t.measures = ms;
    t.cells = cells;
    size_t vm, cm;
    ak_output_figure_measures(&t, &vm, &cm);
    AK_CHECK_EQ_INT((int)vm, 0);
    int pl = ak_output_figure_places(&t, vm);
    AK_CHECK_EQ_INT(pl, 2);
    int64_t step, top;
    ak_output_figure_axis(&t, vm, pl, ak_prev_max(NULL, &t, vm, pl), &step,
                          &top);
    AK_CHECK_EQ_INT(step, 100);                     /* 0..5 for 4,16 */
    AK_CHECK_EQ_INT(top, 500);
    AK_CHECK_EQ_INT(ak_prev_max(p, &t, vm, pl), 720);
    ak_output_figure_axis(&t, vm, pl, ak_prev_max(p, &t, vm, pl), &step,
                          &top);
    AK_CHECK_EQ_INT(step, 200);                     /* 0..8 for 7,20 */
    AK_CHECK_EQ_INT(top, 800);
    AK_CHECK_EQ_INT(ak_prev_cell(p, &t, 1, 0, vm, pl, &v), 1);
    AK_CHECK_EQ_INT(v, 720);
    AK_CHECK_EQ_INT(ak_prev_cell(p, &t, 0, 0, 1, 0, &v), 1);
    AK_CHECK_EQ_INT(v, 13);
    AK_CHECK_EQ_INT(ak_prev_cell(p, &t, 2, 0, vm, pl, &v), 0);
    /* one bar as both documents draw and print it: this year's, then
     * last year's; the count under it; "-" where a year has none */
    char b[48];
    AK_CHECK_EQ_INT(ak_compare_bar(p, &t, 1, 0, vm, pl, 0, &v, b, sizeof b),
                    1);
    AK_CHECK_EQ_INT(v, 416);
    AK_CHECK_EQ_STR(b, "4,16");
    AK_CHECK_EQ_INT(ak_compare_bar(p, &t, 1, 0, vm, pl, 1, &v, b, sizeof b),
                    1);
    AK_CHECK_EQ_INT(v, 720);
    AK_CHECK_EQ_STR(b, "7,20");
    AK_CHECK_EQ_INT(ak_compare_bar(p, &t, 0, 0, 1, 0, 1, &v, b, sizeof b), 1);
    AK_CHECK_EQ_STR(b, "13");
    AK_CHECK_EQ_INT(ak_compare_bar(p, &t, 1, 0, 1, 0, 1, &v, b, sizeof b), 0);
    AK_CHECK_EQ_INT(v, 0);                          /* last year's "x" */
    AK_CHECK_EQ_STR(b, "-");
    AK_CHECK_EQ_INT(ak_compare_bar(NULL, &t, 0, 0, vm, pl, 1, &v, b,
                                   sizeof b), 0);
    AK_CHECK_EQ_STR(b, "-");
    ak_cell none[4] = {{0, 0, 0}, {13, 1, 52}, {0, 0, 0}, {0, 0, 0}};
    t.cells = none;
    AK_CHECK_EQ_INT(ak_compare_bar(p, &t, 0, 0, vm, pl, 0, &v, b, sizeof b),
                    0);
    AK_CHECK_EQ_INT(v, 0);
    AK_CHECK_EQ_STR(b, "-");
    /* no bar above 0: one unit of the places */
    ak_cell zero[4] = {{0, 1, 0}, {0, 1, 0}, {0, 0, 0}, {0, 1, 0}};
    t.cells = zero;
    ak_output_figure_axis(&t, vm, pl, ak_prev_max(NULL, &t, vm, pl), &step,
                          &top);
    AK_CHECK_EQ_INT(top, 100);
    ak_prev_free(p);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ak-test-compare-XXXXXX");
    AK_CHECK(mkdtemp(dir) != NULL);
}

static void teardown(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/tables.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/panel-2008.csv", dir);
    unlink(path);
    AK_CHECK_EQ_INT(rmdir(dir), 0);
}

AK_TEST_MAIN(test_change, test_cell_value, setup, test_refusals, test_run,
             test_panel, test_figure, teardown)
