/*
 * The HTML report (src/output/html.c) through the output interface, and
 * the number and date formatters every reader's output shares
 * (ak_fmt_*, src/output/registry.c).  The browser checks (axe-core in
 * Chromium) are in tests/suites/html.sh; here: escaping of hostile text,
 * invalid UTF-8, numbers as the PDF prints them, header ids and headers=,
 * unique anchors for tables with the same caption, the notes tied to their
 * table, and byte-identical output.
 */
#include "ak_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_output.h"

/* ---- the formatters ------------------------------------------------------ */

static void test_fmt_int(void)
{
    char b[32];
    ak_fmt_int(b, sizeof b, 0);
    AK_CHECK_EQ_STR(b, "0");
    ak_fmt_int(b, sizeof b, 999);
    AK_CHECK_EQ_STR(b, "999");
    ak_fmt_int(b, sizeof b, 1234);
    AK_CHECK_EQ_STR(b, "1.234");
    ak_fmt_int(b, sizeof b, -1234567);
    AK_CHECK_EQ_STR(b, "-1.234.567");
    ak_fmt_int(b, sizeof b, INT64_MIN);
    AK_CHECK_EQ_STR(b, "-9.223.372.036.854.775.808");
    char small[4];
    ak_fmt_int(small, sizeof small, 123456);   /* cut, terminated */
    AK_CHECK_EQ_STR(small, "123");
}

static void test_fmt_hundredths(void)
{
    char b[48];
    ak_fmt_fixed(b, sizeof b, 361, 2, 2, ',', '.');
    AK_CHECK_EQ_STR(b, "3,61");
    ak_fmt_fixed(b, sizeof b, 123456789, 2, 2, ',', '.');
    AK_CHECK_EQ_STR(b, "1.234.567,89");
    ak_fmt_fixed(b, sizeof b, 145, 2, 1, ',', '.');    /* half up */
    AK_CHECK_EQ_STR(b, "1,5");
    ak_fmt_fixed(b, sizeof b, 150, 2, 0, ',', '.');
    AK_CHECK_EQ_STR(b, "2");
    ak_fmt_fixed(b, sizeof b, -5, 2, 1, ',', '.');
    AK_CHECK_EQ_STR(b, "-0,1");
    ak_fmt_fixed(b, sizeof b, -4, 2, 1, ',', '.');     /* no "-0,0" */
    AK_CHECK_EQ_STR(b, "0,0");
    ak_fmt_fixed(b, sizeof b, 7, 2, 2, ',', '.');
    AK_CHECK_EQ_STR(b, "0,07");
}

static void test_fmt_cell_date_axis(void)
{
    char b[48];
    /* One row: a count without a value, a mean in hundredths, a count,
     * a sum of decimals in tenths. */
    ak_measure ms[4] = {AK_M_PROCENT, AK_M_GENNEMSNIT, AK_M_ANTAL, AK_M_SUM};
    ak_cell cs[4] = {{5, 0, -1}, {1235, 1, -1}, {12345, 1, -1}, {12345, 1, -1}};
    unsigned char tenths[4] = {0, 0, 0, 1};
    ak_rcol col = {"c", NULL, NULL};
    ak_rrow row = {"r", AK_ROW_PLAIN, 1, "r", 0, 0, 0, 0};
    ak_rtable t = {0};
    t.ncols = 1;
    t.cols = &col;
    t.nmeasures = 4;
    t.measures = ms;
    t.nrows = 1;
    t.rows = &row;
    t.cells = cs;
    t.tenths = tenths;
    ak_fmt_cell(b, sizeof b, &t, 0, 0, 9, ',', '.');   /* out of range */
    AK_CHECK_EQ_STR(b, "-");
    ak_fmt_cell(b, sizeof b, &t, 0, 0, 0, ',', '.');
    AK_CHECK_EQ_STR(b, "-");
    ak_fmt_cell(b, sizeof b, &t, 0, 0, 1, ',', '.');
    AK_CHECK_EQ_STR(b, "12,35");
    ak_fmt_cell(b, sizeof b, &t, 0, 0, 2, ',', '.');
    AK_CHECK_EQ_STR(b, "12.345");
    ak_fmt_cell(b, sizeof b, &t, 0, 0, 3, ',', '.');   /* tenths */
    AK_CHECK_EQ_STR(b, "1.234,5");
    ak_fmt_cell(b, sizeof b, &t, 0, 0, 3, '.', '\0');  /* the CSVs' form */
    AK_CHECK_EQ_STR(b, "1234.5");
    AK_CHECK_EQ_INT(ak_output_figure_places(&t, 1), 2);
    AK_CHECK_EQ_INT(ak_output_figure_places(&t, 3), 1);
    AK_CHECK_EQ_INT(ak_output_figure_places(&t, 2), 0);
    ak_fmt_date(b, sizeof b, 1250337600);
    AK_CHECK_EQ_STR(b, "15. august 2009");
    ak_fmt_date(b, sizeof b, 0);
    AK_CHECK_EQ_STR(b, "1. januar 1970");
    AK_CHECK_EQ_INT(ak_output_axis_step(416), 100);  /* 0..5 for 4,16 */
    AK_CHECK_EQ_INT(ak_output_axis_step(7), 2);
    AK_CHECK_EQ_INT(ak_output_axis_step(120), 25);
    ak_fmt_axis(b, sizeof b, 2, 250, 50);
    AK_CHECK_EQ_STR(b, "2,5");
    ak_fmt_axis(b, sizeof b, 0, 2000, 500);
    AK_CHECK_EQ_STR(b, "2.000");
    ak_fmt_axis(b, sizeof b, 1, 1250, 250);   /* tenths, step 25,0 */
    AK_CHECK_EQ_STR(b, "125");
    ak_fmt_axis(b, sizeof b, 1, 125, 25);
    AK_CHECK_EQ_STR(b, "12,5");
}

/* ---- the HTML ------------------------------------------------------------ */

static char tmpdir[64];

/* Two tables with the same caption (hostile text in labels), one with a
 * column group and two measures, and a figure. */
static ak_rcol cols2[2] = {
    {"a", "Gruppe <g>", "Kolonne A"},
    {"b", "Gruppe <g>", "Kolonne \"B\""},
};
static ak_measure meas2[2] = {AK_M_ANTAL, AK_M_GENNEMSNIT};
static char *mlab2[2] = {"Antal", "Gennemsnit"};
static ak_rrow rows2[2] = {
    {"R\xC3\xA6kke <script>alert(1)</script> & \x01 \xFF slut", AK_ROW_PLAIN,
     1, "raekke", 0, 0, 0, 0},
    {"I alt", AK_ROW_TOTAL, 2, "i_alt", 0, 0, 0, 0},
};
static ak_cell cells2[8] = {
    {1234, 1, -1}, {361, 1, -1}, {5, 1, -1}, {0, 0, -1},
    {1239, 1, -1}, {1450, 1, -1}, {7, 1, -1}, {100, 1, -1},
};
static char *notes2[1] = {"Anm.: 'citat' & <mere>"};
static ak_rcol cols1[1] = {{"x", NULL, "X"}};
static ak_measure meas1[1] = {AK_M_ANTAL};
static ak_rrow rows1[1] = {{"En", AK_ROW_PLAIN, 1, "en", 0, 0, 0, 0}};
static ak_cell cells1[1] = {{3, 1, -1}};
static ak_rcol colsf[2] = {{"p", NULL, "P"}, {"q", NULL, "Q"}};
static ak_measure measf[2] = {AK_M_GENNEMSNIT, AK_M_ANTAL};
static ak_rrow rowsf[1] = {{"Serie", AK_ROW_PLAIN, 1, "serie", 0, 0, 0, 0}};
static ak_cell cellsf[4] = {{361, 1, -1}, {13, 1, -1}, {416, 1, -1}, {9, 1, -1}};

static ak_rtable tables[3];
static ak_results results;

static void build(void)
{
    ak_rtable *t = &tables[0];
    t->id = "1";
    t->caption = "Tabel 1";
    t->title = "F\xC3\xB8rste <tabel>";
    t->section = "Afsnit & co";
    t->chapter = "Kapitel";
    t->ncols = 2;
    t->cols = cols2;
    t->nmeasures = 2;
    t->measures = meas2;
    t->measure_labels = mlab2;
    t->nrows = 2;
    t->rows = rows2;
    t->cells = cells2;
    t->nnotes = 1;
    t->notes = notes2;
    t->source = "Kilde: x";
    t = &tables[1];
    t->id = "1b";
    t->caption = "Tabel 1";       /* the same stem as the first */
    t->title = "Anden";
    t->section = "Afsnit & co";
    t->chapter = "Kapitel";
    t->ncols = 1;
    t->cols = cols1;
    t->nmeasures = 1;
    t->measures = meas1;
    t->nrows = 1;
    t->rows = rows1;
    t->cells = cells1;
    t = &tables[2];
    t->id = "fig1";
    t->caption = "Figur 1";
    t->title = "En figur";
    t->is_figure = 1;
    t->ncols = 2;
    t->cols = colsf;
    t->nmeasures = 2;
    t->measures = measf;
    t->nrows = 1;
    t->rows = rowsf;
    t->cells = cellsf;
    t->axis_title = "Gennemsnit";
    results.report_title = NULL;  /* the year is the h1 */
    results.year = 2031;
    results.ntables = 3;
    results.tables = tables;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* Write the HTML into dir/sub; returns its text (free()) or NULL. */
static char *render(const char *sub)
{
    char dir[128], path[192];
    snprintf(dir, sizeof dir, "%s/%s", tmpdir, sub);
    ak_report_meta meta = {"in<put>.csv", NULL, "0.test", 1250337600, NULL, 1};
    ak_report rep = {NULL, NULL, &results, NULL, NULL, &meta, 2031, NULL, NULL,
                     NULL, NULL, NULL, NULL, NULL, NULL};
    const ak_output *o = ak_output_find("html");
    AK_CHECK(o != NULL);
    if (!o)
        return NULL;
    AK_CHECK((o->flags & AK_OUT_DEFAULT) != 0);
    ak_diags *d = ak_diags_new();
    ak_outdir *od = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &od, d), AK_OK);
    AK_CHECK_EQ_INT(o->write(&rep, od, d), AK_OK);
    AK_CHECK_EQ_INT(ak_outdir_commit(od, d), AK_OK);
    ak_diags_free(d);
    snprintf(path, sizeof path, "%s/rapport-2031.html", dir);
    return slurp(path);
}

static void test_html_content(void)
{
    char *h = render("a");
    AK_CHECK(h != NULL);
    if (!h)
        return;
    AK_CHECK_CONTAINS(h, "<html lang=\"da\">");
    AK_CHECK_CONTAINS(h, "<title>2031</title>");
    AK_CHECK_CONTAINS(h, "<h1>2031</h1>");
    /* hostile text as text; control character a space, 0xFF U+FFFD */
    AK_CHECK(strstr(h, "<script") == NULL);
    AK_CHECK_CONTAINS(h, "R\xC3\xA6kke &lt;script&gt;alert(1)&lt;/script&gt; "
                         "&amp;   \xEF\xBF\xBD slut");
    AK_CHECK_CONTAINS(h, "Anm.: &#39;citat&#39; &amp; &lt;mere&gt;");
    AK_CHECK_CONTAINS(h, "Kolonne &quot;B&quot;");
    AK_CHECK_CONTAINS(h, "in&lt;put&gt;.csv");
    AK_CHECK_CONTAINS(h, "<time datetime=\"2009-08-15\">15. august 2009</time>");
    /* numbers as the PDF prints them */
    AK_CHECK_CONTAINS(h, ">1.234</td>");
    AK_CHECK_CONTAINS(h, ">3,61</td>");
    AK_CHECK_CONTAINS(h, ">-</td>");
    /* headings: chapter h2, section h3 */
    AK_CHECK_CONTAINS(h, "<h2 id=\"k0\">Kapitel</h2>");
    AK_CHECK_CONTAINS(h, "<h3 id=\"s0\">Afsnit &amp; co</h3>");
    /* the two tables with one caption get two anchors, both linked */
    AK_CHECK_CONTAINS(h, "<section id=\"tabel-1\"");
    AK_CHECK_CONTAINS(h, "<section id=\"tabel-1-2\"");
    AK_CHECK_CONTAINS(h, "href=\"#tabel-1\"");
    AK_CHECK_CONTAINS(h, "href=\"#tabel-1-2\"");
    /* grouped header: ids, scope and headers= naming row, group, column
     * and measure */
    AK_CHECK_CONTAINS(h, "scope=\"colgroup\" id=\"h0-g0\">Gruppe &lt;g&gt;</th>");
    AK_CHECK_CONTAINS(h, "<th scope=\"row\" id=\"h0-r0\">");
    AK_CHECK_CONTAINS(h, "<td headers=\"h0-r1 h0-g0 h0-c0 h0-m0-1\">14,50</td>");
    /* a simple table: scope only */
    AK_CHECK_CONTAINS(h, "<th scope=\"col\">X</th>");
    AK_CHECK_CONTAINS(h, "<tr class=\"total\">");
    /* notes tied to their table */
    AK_CHECK_CONTAINS(h, "<table aria-describedby=\"tabel-1-noter\">");
    AK_CHECK_CONTAINS(h, "<div class=\"noter\" id=\"tabel-1-noter\">");
    /* the figure: an SVG image with a name, and its numbers as a table */
    AK_CHECK_CONTAINS(h, "role=\"img\" aria-labelledby=\"h2-svgtitel h2-svgbesk\"");
    AK_CHECK_CONTAINS(h, "<title id=\"h2-svgtitel\">Figur 1 En figur</title>");
    AK_CHECK_CONTAINS(h, "<caption id=\"figur-1-titel\">Tallene i Figur 1: En figur</caption>");
    AK_CHECK_CONTAINS(h, "@media print");
    /* no validator: no rule table, and no problems */
    AK_CHECK_CONTAINS(h, "Ingen problemer fundet.");
    char *again = render("b");
    AK_CHECK(again && strcmp(h, again) == 0);
    free(again);
    free(h);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ak-html-XXXXXX");
    AK_CHECK(mkdtemp(tmpdir) != NULL);
    build();
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    AK_CHECK_EQ_INT(system(cmd), 0);
}

AK_TEST_MAIN(setup, test_fmt_int, test_fmt_hundredths,
             test_fmt_cell_date_axis, test_html_content, teardown)
