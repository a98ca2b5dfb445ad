/* Unit tests of the format-independent plan of the respondent-level files
 * (include/ak_rows.h): names valid in SPSS and Stata, labels, value labels,
 * codes, cells of every state, the frame, cuts on character boundaries. */
#include <glib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_rows.h"
#include "ak_test.h"
#include "ak_validate.h"

static const char cb_text[] =
    "variable,question,type,asked_if,label,block,register\n"
    "kommunenr,Kommunenummer,id,,Id,,kommuner\n"
    "kommune,Kommune,name,,Navn,,\n"
    "kontakt,Kontakt,pii,,Persondata,,\n"
    "datanote,Datanote,note,,Note,,\n"
    "q1a,1.a,yesno,,Tilsyn i {prev_year},,\n"
    "q1_1a,1.1a,count,q1a=1,Antal {year},,\n"
    "with,2a,yesno,,Et reserveret ord,,\n"
    "_x,2b,checkbox,with=1,Understreg,3.1,\n"
    "in,2c,checkbox,with=1,Reserveret i Stata,3.1,\n"
    "str12,2d,count,,Reserveret i Stata,,\n"
    "a_very_long_variable_name_of_forty_chars_x,5,decimal,q1a=1,Lang,,\n"
    "a_very_long_variable_name_of_forty_chars_y,6,decimal,q1a=1,Lang,,\n"
    "region,7,yesno,,Hedder som registerets region,,\n"
    "tekst,8,text,,Fritekst,,\n";

static const char reg_text[] = "kommunenr,kommune,region\n"
                               "101,København,Region Hovedstaden\n"
                               "147,Frederiksberg,Region Hovedstaden\n"
                               "259,Køge,Region Sjælland\n";

typedef struct fixture {
    ak_codebook *cb;
    ak_register *reg;
    ak_diags *d;
} fixture;

static void setup(fixture *f)
{
    f->d = ak_diags_new();
    AK_CHECK_EQ_INT(ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv",
                                      &f->cb, f->d), AK_OK);
    AK_CHECK_EQ_INT(ak_register_parse(reg_text, strlen(reg_text),
                                      "kommuner.csv", &f->reg, f->d), AK_OK);
}

static void teardown(fixture *f)
{
    ak_register_free(f->reg);
    ak_codebook_free(f->cb);
    ak_diags_free(f->d);
}

static ak_rows *plan(fixture *f, const char *const *opts, int notes)
{
    ak_report_meta meta = {"svar.csv", NULL, "0", 0, NULL, 0};
    ak_report r = {f->cb, f->reg, NULL, NULL, f->d, &meta, 2008, opts, NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL};
    ak_rows *p = NULL;
    AK_CHECK_EQ_INT(ak_rows_new(&r, "out/svar-2008.sav", notes, &p, f->d), AK_OK);
    return p;
}

static size_t var_named(const ak_rows *p, const char *name)
{
    for (size_t i = 0; i < ak_rows_nvars(p); i++)
        if (strcmp(ak_rows_var_at(p, i)->name, name) == 0)
            return i;
    return (size_t)-1;
}

static void test_names(void)
{
    fixture f;
    setup(&f);
    ak_rows *p = plan(&f, NULL, 1);
    if (!p)
        return;
    /* id, region, q1a, q1_1a, with, _x, in, str12, two long, region; no
     * pii, name, note or text. */
    AK_CHECK_EQ_INT(ak_rows_nvars(p), 11);
    static const char *const want[] = {
        "kommunenr", "region", "q1a", "q1_1a", "with_", "v_x", "in_",
        "str12_", "a_very_long_variable_name_of_for",
        "a_very_long_variable_name_of_f_2", "region_2"};
    for (size_t i = 0; i < 11 && i < ak_rows_nvars(p); i++)
        AK_CHECK_EQ_STR(ak_rows_var_at(p, i)->name, want[i]);
    for (size_t i = 0; i < ak_rows_nvars(p); i++)
        AK_CHECK(strlen(ak_rows_var_at(p, i)->name) <= AK_ROWS_NAME_MAX);
    /* every rename is a note naming both names */
    size_t notes = 0;
    for (size_t i = 0; i < ak_diags_count(f.d); i++) {
        const ak_diag *g = ak_diags_get(f.d, i);
        if (g->sev == AK_SEV_NOTE && !strcmp(g->rule, "output"))
            notes++;
    }
    AK_CHECK_EQ_INT(notes, 7);
    size_t before = ak_diags_count(f.d);
    ak_rows_free(p);
    p = plan(&f, NULL, 0);   /* the other outputs do not repeat them */
    AK_CHECK_EQ_INT(ak_diags_count(f.d), before);
    ak_rows_free(p);
    teardown(&f);
}

static void test_labels(void)
{
    fixture f;
    setup(&f);
    const char *const opts[] = {"free-text", NULL};
    ak_rows *p = plan(&f, opts, 0);
    if (!p)
        return;
    const ak_rows_var *v = ak_rows_var_at(p, 2);
    AK_CHECK_EQ_STR(v->label, "[1.a] Tilsyn i 2007");
    AK_CHECK_EQ_STR(ak_rows_var_at(p, 3)->label, "[1.1a] Antal 2008");
    AK_CHECK_EQ_STR(ak_rows_var_at(p, 3)->routing_words, "1.a = Ja");
    AK_CHECK_EQ_STR(ak_rows_var_at(p, 3)->routing_src, "q1a=1");
    AK_CHECK_EQ_INT(v->nvlabels, 2);
    AK_CHECK_EQ_STR(v->vlabels[0].label, "Ja");
    AK_CHECK(v->missing_codes);
    const ak_rows_var *cbx = ak_rows_var_at(p, 5);
    AK_CHECK_EQ_STR(cbx->vlabels[0].label, "Markeret");
    AK_CHECK_EQ_INT(cbx->vlabels[1].code, 0);
    const ak_rows_var *id = ak_rows_var_at(p, 0);
    AK_CHECK(!id->string);
    AK_CHECK_EQ_INT(id->nvlabels, 3);
    AK_CHECK_EQ_STR(id->vlabels[2].label, "Køge");
    const ak_rows_var *rg = ak_rows_var_at(p, 1);
    AK_CHECK_EQ_INT(rg->nvlabels, 2);
    AK_CHECK_EQ_STR(rg->vlabels[1].label, "Region Sjælland");
    size_t t = var_named(p, "tekst");
    AK_CHECK(t != (size_t)-1);
    if (t != (size_t)-1) {
        AK_CHECK(ak_rows_var_at(p, t)->string);
        AK_CHECK_EQ_INT(ak_rows_var_at(p, t)->width, AK_ROWS_TEXT_MAX);
    }
    AK_CHECK_EQ_INT(ak_rows_code(AK_UOPLYST), -9);
    AK_CHECK_EQ_INT(ak_rows_code(AK_NOT_ASKED), -8);
    AK_CHECK_EQ_INT(ak_rows_code(AK_INVALID), -7);
    AK_CHECK_EQ_INT(ak_rows_tag(AK_NOT_ASKED), 'b');
    AK_CHECK_EQ_STR(ak_rows_code_label(AK_INVALID), "Ugyldigt svar");
    ak_rows_free(p);
    teardown(&f);
}

static void test_fit(void)
{
    int cut;
    /* "aæ" + "ø": 1 + 2 + 2 bytes */
    const char *s = "a\xC3\xA6\xC3\xB8";
    AK_CHECK_EQ_INT(ak_rows_fit(s, 5, 0, &cut), 5);
    AK_CHECK_EQ_INT(cut, 0);
    AK_CHECK_EQ_INT(ak_rows_fit(s, 4, 0, &cut), 3);   /* not mid-'ø' */
    AK_CHECK_EQ_INT(cut, 1);
    AK_CHECK_EQ_INT(ak_rows_fit(s, 2, 0, &cut), 1);   /* not mid-'æ' */
    AK_CHECK_EQ_INT(ak_rows_fit(s, 0, 2, &cut), 3);   /* two characters */
    AK_CHECK_EQ_INT(cut, 1);
    AK_CHECK_EQ_INT(ak_rows_fit(s, 0, 3, &cut), 5);
    AK_CHECK_EQ_INT(cut, 0);
    AK_CHECK_EQ_INT(ak_rows_fit("", 1, 1, &cut), 0);
    AK_CHECK_EQ_INT(cut, 0);
}

/* Cells: validate rows and look at what the plan makes of them. */
typedef struct cells {
    fixture *f;
    ak_validator *v;
    ak_rows *p;
    ak_rows_cursor *cur;
    GString *out;
} cells;

static void put_cells(cells *c, const ak_rows_unit *u)
{
    for (size_t i = 0; i < ak_rows_nvars(c->p); i++) {
        ak_rcell x;
        ak_rows_cell(c->p, u, i, &x);
        if (i)
            g_string_append_c(c->out, ',');
        if (x.kind == AK_CELL_NUM)
            g_string_append_printf(c->out, "%lld", (long long)x.tenths);
        else if (x.kind == AK_CELL_CODE)
            g_string_append_printf(c->out, "%ld", ak_rows_code(x.state));
        else if (x.kind == AK_CELL_TEXT)
            g_string_append_printf(c->out, "'%.*s'%s", (int)x.len, x.text,
                                   x.cut ? "+" : "");
    }
    g_string_append_c(c->out, '\n');
}

static int on_row(ak_row *row, void *ud)
{
    cells *c = ud;
    if (ak_validate_row(c->v, row) != AK_OK)
        return 1;
    ak_rows_unit u;
    ak_rows_cursor_row(c->cur, row, &u);
    put_cells(c, &u);
    return 0;
}

static void test_cells(void)
{
    fixture f;
    setup(&f);
    const char *const opts[] = {"frame", "free-text", NULL};
    cells c = {&f, NULL, plan(&f, opts, 0), NULL, g_string_new(NULL)};
    if (!c.p)
        return;
    AK_CHECK_EQ_INT(ak_rows_count(c.p, 2), 3);
    c.cur = ak_rows_cursor_new(c.p);
    c.v = ak_validate_new(f.cb, f.reg, "svar.csv", f.d);
    GString *long_text = g_string_new(NULL);
    for (int i = 0; i < 200; i++)
        g_string_append(long_text, "\xC3\xB8");   /* 400 bytes of 'ø' */
    char *in = ak_asprintf(
        "kommunenr,kommune,kontakt,datanote,q1a,q1_1a,with,_x,in,str12,"
        "a_very_long_variable_name_of_forty_chars_x,"
        "a_very_long_variable_name_of_forty_chars_y,region,tekst\n"
        "259,Køge,Hemmelig,,1,3,1,x,,5,\"2,5\",,1,%s\n"
        "101,København,,,7,4,2,1,,abc,1,,,\n", long_text->str);
    AK_CHECK_EQ_INT(ak_ingest_mem(in, strlen(in), "svar.csv", f.cb, NULL,
                                  on_row, &c, f.d), AK_OK);
    ak_rows_unit u;
    while (ak_rows_cursor_rest(c.cur, &u))
        put_cells(&c, &u);
    /* The text is cut to 255 bytes: 127 'ø'. */
    GString *cut = g_string_new(NULL);
    for (int i = 0; i < 127; i++)
        g_string_append(cut, "\xC3\xB8");
    char *want = ak_asprintf(
        /* kommunenr,region,besvaret,q1a,q1_1a,with_,v_x,in_,str12_,long x,
         * long y,region_2,tekst */
        "2590,20,10,10,30,10,10,0,50,25,-9,10,'%s'+\n"
        /* 1.a invalid: 1.1a and the decimals not asked; 2a = Nej: block
         * not asked; 'abc' invalid count; blank yes/no Uoplyst */
        "1010,10,10,-7,-8,20,-8,-8,-7,-8,-8,-9,\n"
        /* 147 did not answer: its id, region and besvaret = 0 */
        "1470,10,0,,,,,,,,,,\n", cut->str);
    AK_CHECK_EQ_STR(c.out->str, want);
    ak_free(want);
    g_string_free(cut, TRUE);
    g_string_free(long_text, TRUE);
    ak_free(in);
    ak_validate_free(c.v);
    ak_rows_cursor_free(c.cur);
    ak_rows_free(c.p);
    g_string_free(c.out, TRUE);
    teardown(&f);
}

static void test_frame_needs_register(void)
{
    fixture f;
    setup(&f);
    const char *const opts[] = {"frame", NULL};
    ak_report_meta meta = {"svar.csv", NULL, "0", 0, NULL, 0};
    ak_report r = {f.cb, NULL, NULL, NULL, f.d, &meta, 2008, opts, NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL};
    ak_rows *p = NULL;
    AK_CHECK_EQ_INT(ak_rows_new(&r, "out/svar-2008.sav", 0, &p, f.d), AK_ERR_USAGE);
    AK_CHECK(p == NULL);
    AK_CHECK_EQ_INT(ak_diags_count_sev(f.d, AK_SEV_FATAL), 1);
    /* without a register the id is a string */
    r.opts = NULL;
    AK_CHECK_EQ_INT(ak_rows_new(&r, "out/svar-2008.sav", 0, &p, f.d), AK_OK);
    if (p) {
        AK_CHECK(ak_rows_var_at(p, 0)->string);
        AK_CHECK_EQ_STR(ak_rows_var_at(p, 1)->name, "q1a");   /* no region */
    }
    ak_rows_free(p);
    teardown(&f);
}

AK_TEST_MAIN(test_names, test_labels, test_fit, test_cells,
             test_frame_needs_register)
