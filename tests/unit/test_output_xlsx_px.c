/*
 * Unit tests of the workbook and PX outputs (src/output/xlsx.c, px.c) on
 * hand-built results with what the 2008 data never has: captions with the
 * characters a sheet name may not hold, two captions that clash once
 * cleaned, a caption longer than 31 characters, texts starting with '='
 * (a text, never a formula), a control character, '"' in titles and notes
 * (PX cannot quote it), a note longer than a PX line, three measures with
 * cells without a value, a table without rows (a sheet, but no PX file),
 * and no set-file meta words (the fallbacks).  The files are read back
 * with unzip and with tests/px_reader.py (strict).
 */
#include "ak_test.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ak_mem.h"
#include "ak_output.h"
#include "ak_outdir.h"
#include "ak_tabulate.h"
#include "fixture.h"

#define MADE 1250337600LL

static ak_results *sample(void)
{
    ak_results *r = ak_calloc(1, sizeof *r);
    r->report_title = sdup("Rapport med \"citat\"");
    r->year = 2008;
    ak_measure three[3] = {AK_M_ANTAL, AK_M_PROCENT, AK_M_GENNEMSNIT};
    const char *ml[3] = {"Antal", "Procent", "Gennemsnit"};
    colspec cols[3] = {{"Gruppe A", "Ja"}, {"Gruppe A", "Nej"},
                       {"Gruppe B", NULL}};
    ak_rtable *t = add_table(r, "1", "Tabel 1: [a]/b*?",
                             "Titel med \"anførselstegn\" 2008", NULL, 3,
                             cols, 3, three, ml);
    add_row(t, "=SUM(A1:A9)", AK_ROW_PLAIN,
            (long[]){5, 50, 125, 0, -1, -1, 7, 100, 350});
    add_row(t, "Række med \x01 styretegn", AK_ROW_SUBTOTAL,
            (long[]){5, 50, 125, 0, -1, -1, 7, 100, 350});
    add_row(t, "I alt", AK_ROW_TOTAL,
            (long[]){10, 100, 125, 0, -1, -1, 14, 100, 350});
    GString *note = g_string_new("Anm.: ");
    for (int i = 0; i < 40; i++)
        g_string_append(note, "en \"lang\" note, ");
    add_note(t, note->str);
    g_string_free(note, TRUE);
    add_note(t, "+45 ringer");
    t->source = sdup("Kilde: test.");

    ak_measure one[1] = {AK_M_ANTAL};
    ak_rtable *u = add_table(r, "2", "Tabel 1- -a--b--", "Samme arknavn",
                             NULL, 1, NULL, 1, one, NULL);
    add_row(u, "Ja", AK_ROW_PLAIN, (long[]){1});
    ak_rtable *v = add_table(r, "3",
                             "En overskrift der er meget længere end "
                             "enogtredive tegn",
                             "Lang", NULL, 1, NULL, 1, one, NULL);
    add_row(v, "Ja", AK_ROW_PLAIN, (long[]){1234567});
    add_table(r, "4", "Tom", "Uden rækker", NULL, 1, NULL, 1, one, NULL);
    return r;
}

static char dir[64];

static void test_write_and_read_back(void)
{
    snprintf(dir, sizeof dir, "/tmp/ak-xlsxpx-XXXXXX");
    AK_CHECK(mkdtemp(dir) != NULL);
    char *out = ak_asprintf("%s/out", dir);
    ak_results *res = sample();
    ak_diags *d = ak_diags_new();
    ak_report_meta meta = {"x.csv", "abc123", "0.test", MADE, NULL, 0};
    ak_report rp = {0};
    rp.res = res;
    rp.problems = d;
    rp.meta = &meta;
    rp.year = 2008;
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(out, &o, d), AK_OK);
    const ak_output *x = ak_output_find("xlsx"), *p = ak_output_find("px");
    AK_CHECK(x != NULL && p != NULL);
    if (!o || !x || !p)
        return;
    /* a row output (the follow-up sheet): no rows here */
    void *xc = NULL;
    AK_CHECK(x->begin != NULL && x->end != NULL);
    AK_CHECK_EQ_INT(x->begin(&xc, &rp, 0, o, d), AK_OK);
    AK_CHECK_EQ_INT(x->end(xc, AK_OK), AK_OK);
    AK_CHECK_EQ_INT(p->write(&rp, o, d), AK_OK);
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_OK);
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);

    /* sheet names: cleaned, unique, at most 31 characters */
    char *wbx = run("unzip -p '%s/tabeller-2008.xlsx' xl/workbook.xml", out);
    AK_CHECK_CONTAINS(wbx, "name=\"Tabel 1- -a--b--\"");
    AK_CHECK_CONTAINS(wbx, "name=\"Tabel 1- -a--b-- 2\"");
    AK_CHECK_CONTAINS(wbx, "name=\"En overskrift der er meget læng\"");
    AK_CHECK_CONTAINS(wbx, "name=\"Tom\"");
    AK_CHECK_CONTAINS(wbx, "name=\"Validering\"");
    AK_CHECK_CONTAINS(wbx, "name=\"Opfølgning\"");
    ak_free(wbx);
    char *all = run("unzip -p '%s/tabeller-2008.xlsx'", out);
    AK_CHECK(all && !strstr(all, "<f>"));
    AK_CHECK_CONTAINS(all, "=SUM(A1:A9)");            /* a shared string */
    AK_CHECK_CONTAINS(all, "<v>3.5</v>");             /* 350 hundredths */
    AK_CHECK_CONTAINS(all, "<v>0.5</v>");             /* 50 % */
    AK_CHECK_CONTAINS(all, "<v>1234567</v>");
    AK_CHECK_CONTAINS(all, "formatCode=\"0%\"");
    AK_CHECK_CONTAINS(all, "formatCode=\"0.00\"");
    AK_CHECK_CONTAINS(all, "abc123");                  /* provenance */
    AK_CHECK_CONTAINS(all, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">"
                           "2009-08-15T12:00:00Z");
    AK_CHECK_CONTAINS(all, "ref=\"B3:G3\"");           /* Gruppe A merged */
    AK_CHECK_CONTAINS(all, "ref=\"B4:D4\"");           /* Ja over 3 */
    ak_free(all);

    /* PX: the strict reader passes them; no file for the empty table */
    char *px = run("/usr/bin/python3 '%s/tests/px_reader.py' '%s'/*.px "
                   "&& echo PXOK", AK_HOME, out);
    AK_CHECK_CONTAINS(px, "PXOK");
    ak_free(px);
    char *tom = g_strconcat(out, "/tom.px", NULL);
    AK_CHECK(access(tom, F_OK) != 0);
    g_free(tom);
    char *t1 = run("cat '%s/tabel-1:-[a]-b*?.px'", out);
    AK_CHECK_CONTAINS(t1, "STUB=\"rows\";");           /* no meta: keys */
    AK_CHECK_CONTAINS(t1, "TITLE=\"Titel med 'anførselstegn' 2008\";");
    AK_CHECK_CONTAINS(t1, "DECIMALS=2;\r\nSHOWDECIMALS=0;");
    AK_CHECK_CONTAINS(t1, "PRECISION(\"measures\",\"Gennemsnit\")=2;");
    AK_CHECK_CONTAINS(t1, "VALUES(\"columns\")=\"Gruppe A, Ja\","
                          "\"Gruppe A, Nej\",\"Gruppe B\";");
    AK_CHECK_CONTAINS(t1, "5 50 1.25 0 \"..\" \"..\" 7 100 3.50\r\n");
    AK_CHECK_CONTAINS(t1, "#+45 ringer");
    ak_free(t1);

    ak_diags_free(d);
    ak_results_free(res);
    ak_free(out);
}

static void teardown(void)
{
    char *o = run("rm -rf '%s'", dir);
    ak_free(o);
}

AK_TEST_MAIN(test_write_and_read_back, teardown)
