/* Unit tests of the CSV renderers of results (tables.csv and the wide
 * per-table CSV, include/ak_render.h), on hand-built results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_render.h"
#include "ak_tabulate.h"
#include "ak_test.h"

/* Two tables: a 2x2x2 table and a figure with means. */
static ak_results *build(void)
{
    ak_results *r = ak_calloc(1, sizeof *r);
    r->year = 2008;
    r->ntables = 2;
    r->tables = ak_calloc(2, sizeof *r->tables);

    ak_rtable *t = &r->tables[0];
    t->id = ak_strdup("2.7");
    t->caption = ak_strdup("Tabel 2.7");
    t->title = ak_strdup("Hyppighed, \"årligt\". 2008");
    t->ncols = 2;
    t->cols = ak_calloc(2, sizeof *t->cols);
    t->cols[0].key = ak_strdup("social_boform");
    t->cols[0].group = ak_strdup("Tilsyn i social boform");
    t->cols[1].key = ak_strdup("uden_for_social_boform");
    t->cols[1].group = ak_strdup("Tilsyn uden for social boform");
    t->nmeasures = 2;
    t->measures = ak_calloc(2, sizeof *t->measures);
    t->measures[0] = AK_M_ANTAL;
    t->measures[1] = AK_M_PROCENT;
    t->measure_labels = ak_calloc(2, sizeof *t->measure_labels);
    t->measure_labels[0] = ak_strdup("Antal kommuner");
    t->measure_labels[1] = ak_strdup("Procent");
    t->nrows = 2;
    t->rows = ak_calloc(2, sizeof *t->rows);
    t->rows[0].label = ak_strdup("1,1 - 2 tilsyn");
    t->rows[0].position = 1;
    t->rows[0].key = ak_strdup("1_1_2_tilsyn");
    t->rows[1].key = ak_strdup("i_alt");
    t->rows[1].label = ak_strdup("=I alt");
    t->rows[1].kind = AK_ROW_TOTAL;
    t->rows[1].position = 2;
    t->cells = ak_calloc(8, sizeof *t->cells);
    /* row 0: sb 5 / 18 %, eh 0 / (no base) ; row 1: sb 28 / 100, eh 0 / - */
    ak_cell v[8] = {{5, 1, 28}, {18, 1, 28}, {0, 1, 0}, {0, 0, 0},
                    {28, 1, 28}, {100, 1, 28}, {0, 1, 0}, {0, 0, 0}};
    memcpy(t->cells, v, sizeof v);
    t->nnotes = 1;
    t->notes = ak_calloc(1, sizeof *t->notes);
    t->notes[0] = ak_strdup("Anm.: Tabellen omfatter 28 kommuner.");

    ak_rtable *f = &r->tables[1];
    f->id = ak_strdup("fig2.1");
    f->caption = ak_strdup("Figur 2.1");
    f->is_figure = 1;
    f->ncols = 1;
    f->cols = ak_calloc(1, sizeof *f->cols);
    f->cols[0].key = ak_strdup("social_boform");
    f->cols[0].label = ak_strdup("I social boform");
    f->nmeasures = 2;
    f->measures = ak_calloc(2, sizeof *f->measures);
    f->measures[0] = AK_M_GENNEMSNIT;
    f->measures[1] = AK_M_ANTAL;
    f->measure_labels = ak_calloc(2, sizeof *f->measure_labels);
    f->nrows = 3;
    f->rows = ak_calloc(3, sizeof *f->rows);
    f->rows[0].label = ak_strdup("A");
    f->rows[0].position = 1;
    f->rows[1].label = ak_strdup("B");
    f->rows[1].position = 2;
    f->rows[2].label = ak_strdup("C");
    f->rows[2].position = 3;
    f->rows[0].key = ak_strdup("a");
    f->rows[1].key = ak_strdup("b");
    f->rows[2].key = ak_strdup("c");
    f->cells = ak_calloc(6, sizeof *f->cells);
    ak_cell w[6] = {{235, 1, 13}, {13, 1, 40}, {5, 1, 2},
                    {2, 1, 40}, {0, 0, 0}, {0, 1, -1}};
    memcpy(f->cells, w, sizeof w);
    f->axis_title = ak_strdup("Akse");
    f->source = ak_strdup("Kilde: x");
    return r;
}

/* Render into a string with a memory stream; caller frees. */
static char *render(int which, const ak_results *r, size_t t, int danish)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    ak_status st = which == 0 ? ak_render_tables_csv(r, f)
                              : ak_render_table_wide_csv(&r->tables[t], danish, f);
    fclose(f);
    if (st != AK_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void test_tables_csv(void)
{
    ak_results *r = build();
    char *s = render(0, r, 0, 0);
    AK_CHECK_EQ_STR(s,
        "table,row,row_label,column,measure,value,year,row_key,base\n"
        "2.7,1,\"1,1 - 2 tilsyn\",social_boform,antal,5,2008,1_1_2_tilsyn,28\n"
        "2.7,1,\"1,1 - 2 tilsyn\",social_boform,procent,18,2008,1_1_2_tilsyn,28\n"
        "2.7,1,\"1,1 - 2 tilsyn\",uden_for_social_boform,antal,0,2008,1_1_2_tilsyn,0\n"
        "2.7,1,\"1,1 - 2 tilsyn\",uden_for_social_boform,procent,,2008,1_1_2_tilsyn,0\n"
        "2.7,2,'=I alt,social_boform,antal,28,2008,i_alt,28\n"
        "2.7,2,'=I alt,social_boform,procent,100,2008,i_alt,28\n"
        "2.7,2,'=I alt,uden_for_social_boform,antal,0,2008,i_alt,0\n"
        "2.7,2,'=I alt,uden_for_social_boform,procent,,2008,i_alt,0\n"
        "fig2.1,1,A,social_boform,gennemsnit,2.35,2008,a,13\n"
        "fig2.1,1,A,social_boform,antal,13,2008,a,40\n"
        "fig2.1,2,B,social_boform,gennemsnit,0.05,2008,b,2\n"
        "fig2.1,2,B,social_boform,antal,2,2008,b,40\n"
        "fig2.1,3,C,social_boform,gennemsnit,,2008,c,0\n"
        "fig2.1,3,C,social_boform,antal,0,2008,c,\n");
    /* byte-identical when rendered again */
    char *s2 = render(0, r, 0, 0);
    AK_CHECK(s && s2 && strcmp(s, s2) == 0);
    free(s);
    free(s2);
    ak_results_free(r);
}

static void test_wide(void)
{
    ak_results *r = build();
    char *s = render(1, r, 0, 0);
    AK_CHECK_EQ_STR(s,
        "Tabel 2.7,\"Hyppighed, \"\"årligt\"\". 2008\"\n"
        ",Tilsyn i social boform,,Tilsyn uden for social boform,\n"
        ",Antal kommuner,Procent,Antal kommuner,Procent\n"
        "\"1,1 - 2 tilsyn\",5,18,0,-\n"
        "'=I alt,28,100,0,-\n"
        "Anm.: Tabellen omfatter 28 kommuner.\n");
    free(s);
    s = render(1, r, 0, 1);
    AK_CHECK_EQ_STR(s,
        "\xEF\xBB\xBFTabel 2.7;\"Hyppighed, \"\"årligt\"\". 2008\"\n"
        ";Tilsyn i social boform;;Tilsyn uden for social boform;\n"
        ";Antal kommuner;Procent;Antal kommuner;Procent\n"
        "1,1 - 2 tilsyn;5;18;0;-\n"
        "'=I alt;28;100;0;-\n"
        "Anm.: Tabellen omfatter 28 kommuner.\n");
    free(s);
    s = render(1, r, 1, 1);
    AK_CHECK_EQ_STR(s,
        "\xEF\xBB\xBF" "Figur 2.1\n"
        ";I social boform;\n"
        "A;2,35;13\n"
        "B;0,05;2\n"
        "C;-;0\n"
        "Akse\n"
        "Kilde: x\n");
    free(s);
    ak_results_free(r);
}

static void test_usage(void)
{
    AK_CHECK_EQ_INT(ak_render_tables_csv(NULL, stdout), AK_ERR_USAGE);
    AK_CHECK_EQ_INT(ak_render_table_wide_csv(NULL, 0, stdout), AK_ERR_USAGE);
}

AK_TEST_MAIN(test_tables_csv, test_wide, test_usage)
