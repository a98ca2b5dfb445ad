/* Unit tests of the template language (include/ak_template.h). */
#include <stdlib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_mem.h"
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
    "n1,4,count,,G,,\n"
    "txt,5,text,,H,,\n";

static ak_codebook *codebook(void)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    ak_status st = ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &cb, d);
    if (st != AK_OK)
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    ak_diags_free(d);
    return cb;
}

static const char set_text[] =
    "report \"Rapport {year}\"\n"
    "rounding_note \"Afrundet.\"\n"
    "section s1 \"1 Kapitel\"\n"
    "section s1.1 \"1.1 Afsnit {prev_year}\" parent=s1\n";

static const char t1_text[] =
    "# a comment\n"
    "table 1.2\n"
    "caption \"Tabel 1.2\"   # trailing comment\n"
    "title \"Titel. {year}\"\n"
    "section s1.1\n"
    "base q1{g}=1\n"
    "column a group=\"Gruppe A\" {g}=a\n"
    "column b group=\"Gruppe B\" label=\"B\" {g}=b base=\"q1b in 1..2\"\n"
    "measure antal \"Antal\"\n"
    "measure procent\n"
    "row \"Ja\" q2{g}=1\n"
    "optional \"Nej\" q2{g}=2\n"
    "subtotal \"I alt svar\"\n"
    "row \"Uoplyst\" missing(q2{g})\n"
    "total \"I alt\"\n"
    "note \"Anm.: {base:a} og {cell:2:b} af {respondents}; {{x}.\"\n";

static const char t2_text[] =
    "table 1.10\r\n"
    "caption \"Tabel 1.10\"\r\n"
    "title \"T\"\r\n"
    "multi\r\n"
    "base true\r\n"
    "column a {g}=a cell=\"q{x}{g}=1\"\r\n"
    "measure antal\r\n"
    "row \"R1\" {x}=1 true\r\n"
    "row \"R2\" {x}=2 true\r\n";

static const char f_text[] =
    "figure fig1\n"
    "order 1.2.5\n"
    "caption \"Figur 1\"\n"
    "title \"F\"\n"
    "axis \"Akse {prev_year}\"\n"
    "source \"Kilde\"\n"
    "base answered(d1{g})\n"
    "column a {g}=a\n"
    "measure gennemsnit \"Gns.\" d1{g}\n"
    "measure antal\n"
    "row \"Alle\" true\n";

/* the key-figures features: tidy no, population row, of=, sum measure with
 * row terms, subtotal from= */
static const char k_text[] =
    "table kf\n"
    "order 0.5\n"
    "tidy no\n"
    "multi\n"
    "caption \"Nøgletal\"\n"
    "title \"K\"\n"
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
    "row \"Begge\" {h}=1 of=none sum=\"sum( d{h}{g} , n1 )\" q{h}{g}=1\n"
    "subtotal \"Sub\" from=3 of=none\n"
    "total \"I alt\" of=2\n";

static ak_status parse_set(const ak_tpl_source *src, size_t n,
                           ak_tableset **ts, ak_diags *d)
{
    ak_codebook *cb = codebook();
    ak_status st = ak_templates_parse(src, n, cb, ts, d);
    /* compiled expressions hold codebook indices, not pointers */
    ak_codebook_free(cb);
    return st;
}

static void test_keyfigures(void)
{
    ak_tpl_source src[] = {
        {"report.tpl", set_text, sizeof set_text - 1},
        {"k.tpl", k_text, sizeof k_text - 1},
        {"t1.tpl", t1_text, sizeof t1_text - 1},
    };
    ak_diags *d = ak_diags_new();
    ak_tableset *ts = NULL;
    ak_status st = parse_set(src, 3, &ts, d);
    AK_CHECK_EQ_INT(st, AK_OK);
    if (st != AK_OK) {
        ak_diags_print(d, AK_SEV_NOTE, stderr);
        ak_diags_free(d);
        return;
    }
    AK_CHECK_EQ_INT(ts->ntables, 2);
    const ak_tpl_table *t = &ts->tables[0];   /* order 0.5 < 1.2 */
    AK_CHECK_EQ_STR(t->id, "kf");
    AK_CHECK_EQ_INT(t->untidy, 1);
    AK_CHECK_EQ_INT(ts->tables[1].untidy, 0);
    AK_CHECK_EQ_INT(t->nmeasures, 3);
    AK_CHECK_EQ_INT(t->measures[2].kind, AK_M_SUM);
    AK_CHECK_EQ_STR(t->measures[2].label, "Sum");
    /* the measure's term per column: d1a (index 5), d1b (6), decimals */
    AK_CHECK(t->measures[2].term != NULL);
    if (t->measures[2].term) {
        AK_CHECK_EQ_INT(t->measures[2].term[0].nvars, 1);
        AK_CHECK_EQ_INT(t->measures[2].term[0].vars[0], 5);
        AK_CHECK_EQ_INT(t->measures[2].term[1].vars[0], 6);
        AK_CHECK_EQ_INT(t->measures[2].term[0].tenths, 1);
    }
    AK_CHECK(t->measures[0].term == NULL);
    AK_CHECK_EQ_INT(t->nrows, 7);
    AK_CHECK_EQ_INT(t->rows[0].kind, AK_ROW_POPULATION);
    AK_CHECK(t->rows[0].cond == NULL && t->rows[0].sum == NULL);
    AK_CHECK_EQ_INT(t->rows[1].of, AK_OF_POPULATION);
    AK_CHECK_EQ_INT(t->rows[2].of, AK_OF_ROW);
    AK_CHECK_EQ_INT(t->rows[2].of_row, 1);
    AK_CHECK_EQ_INT(t->rows[4].of, AK_OF_NONE);
    /* rows without sum= take the measure's term; sum= its own */
    AK_CHECK_EQ_INT(t->rows[1].sum[1].vars[0], 6);
    AK_CHECK_EQ_INT(t->rows[3].sum[0].nvars, 1);
    AK_CHECK_EQ_INT(t->rows[3].sum[0].vars[0], 7);   /* n1 */
    AK_CHECK_EQ_INT(t->rows[3].sum[0].tenths, 0);
    /* sum(d{h}{g}, n1) with the row's {h}=1: d1a + n1, d1b + n1 */
    AK_CHECK_EQ_INT(t->rows[4].sum[0].nvars, 2);
    AK_CHECK_EQ_INT(t->rows[4].sum[0].vars[0], 5);
    AK_CHECK_EQ_INT(t->rows[4].sum[1].vars[0], 6);
    AK_CHECK_EQ_INT(t->rows[4].sum[1].vars[1], 7);
    AK_CHECK_EQ_INT(t->rows[4].sum[1].tenths, 1);
    /* subtotal from=3: rows 3..5 (0-based 2..4) */
    AK_CHECK_EQ_INT(t->rows[5].kind, AK_ROW_SUBTOTAL);
    AK_CHECK_EQ_INT(t->rows[5].first, 2);
    AK_CHECK_EQ_INT(t->rows[5].of, AK_OF_NONE);
    AK_CHECK_EQ_INT(t->rows[6].kind, AK_ROW_TOTAL);
    AK_CHECK_EQ_INT(t->rows[6].of_row, 1);
    ak_tableset_free(ts);
    ak_diags_free(d);
}

static void test_valid(void)
{
    ak_tpl_source src[] = {
        {"t2.tpl", t2_text, sizeof t2_text - 1},
        {"report.tpl", set_text, sizeof set_text - 1},
        {"t1.tpl", t1_text, sizeof t1_text - 1},
        {"f.tpl", f_text, sizeof f_text - 1},
    };
    ak_diags *d = ak_diags_new();
    ak_tableset *ts = NULL;
    ak_status st = parse_set(src, 4, &ts, d);
    AK_CHECK_EQ_INT(st, AK_OK);
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    if (st != AK_OK) {
        ak_diags_print(d, AK_SEV_NOTE, stderr);
        ak_diags_free(d);
        return;
    }
    AK_CHECK_EQ_STR(ts->report_title, "Rapport {year}");
    AK_CHECK_EQ_STR(ts->rounding_note, "Afrundet.");
    AK_CHECK_EQ_INT(ts->ntables, 3);
    /* order: 1.2 < 1.2.5 < 1.10 */
    AK_CHECK_EQ_STR(ts->tables[0].id, "1.2");
    AK_CHECK_EQ_STR(ts->tables[1].id, "fig1");
    AK_CHECK_EQ_STR(ts->tables[2].id, "1.10");
    const ak_tpl_table *t = &ts->tables[0];
    AK_CHECK_EQ_STR(t->caption, "Tabel 1.2");
    AK_CHECK_EQ_STR(t->section, "1.1 Afsnit {prev_year}");
    AK_CHECK_EQ_STR(t->chapter, "1 Kapitel");
    AK_CHECK_EQ_INT(t->multi, 0);
    AK_CHECK_EQ_INT(t->is_figure, 0);
    AK_CHECK_EQ_INT(t->ncols, 2);
    AK_CHECK_EQ_STR(t->cols[0].key, "a");
    AK_CHECK_EQ_STR(t->cols[0].group, "Gruppe A");
    AK_CHECK(t->cols[0].label == NULL);
    AK_CHECK_EQ_STR(t->cols[1].label, "B");
    AK_CHECK_EQ_INT(t->cols[1].nbind, 1);
    AK_CHECK_EQ_STR(t->cols[1].bind[0].name, "g");
    AK_CHECK_EQ_STR(t->cols[1].bind[0].value, "b");
    AK_CHECK_EQ_INT(t->nmeasures, 2);
    AK_CHECK_EQ_INT(t->measures[0].kind, AK_M_ANTAL);
    AK_CHECK_EQ_STR(t->measures[0].label, "Antal");
    AK_CHECK_EQ_INT(t->measures[1].kind, AK_M_PROCENT);
    AK_CHECK(t->measures[1].label == NULL);
    AK_CHECK_EQ_INT(t->nrows, 5);
    AK_CHECK_EQ_INT(t->rows[0].kind, AK_ROW_PLAIN);
    AK_CHECK_EQ_INT(t->rows[1].optional, 1);
    AK_CHECK_EQ_INT(t->rows[2].kind, AK_ROW_SUBTOTAL);
    AK_CHECK_EQ_INT(t->rows[2].first, 0);
    AK_CHECK_EQ_INT(t->rows[4].kind, AK_ROW_TOTAL);
    AK_CHECK(t->rows[0].cond && t->rows[0].cond[0] && t->rows[0].cond[1]);
    AK_CHECK(t->rows[0].cell[0] == NULL);
    AK_CHECK(t->rows[2].cond == NULL);
    AK_CHECK_EQ_INT(t->nnotes, 1);
    /* the row expression of column b reads q2b */
    const size_t *vars;
    AK_CHECK_EQ_INT(ak_expr_vars(t->rows[0].cond[1], &vars), 1);
    AK_CHECK_EQ_INT(vars[0], 4);

    const ak_tpl_table *f = &ts->tables[1];
    AK_CHECK_EQ_INT(f->is_figure, 1);
    AK_CHECK_EQ_STR(f->axis_title, "Akse {prev_year}");
    AK_CHECK_EQ_STR(f->source, "Kilde");
    AK_CHECK_EQ_INT(f->measures[0].kind, AK_M_GENNEMSNIT);
    AK_CHECK_EQ_INT(f->measures[0].var[0], 5);
    AK_CHECK(f->measures[1].var == NULL);

    const ak_tpl_table *t2 = &ts->tables[2];
    AK_CHECK_EQ_INT(t2->multi, 1);
    AK_CHECK(t2->rows[0].cell[0] != NULL);
    AK_CHECK_EQ_INT(ak_expr_vars(t2->rows[1].cell[0], &vars), 1);
    AK_CHECK_EQ_INT(vars[0], 3);   /* q{x}{g} with x=2 (row), g=a: q2a */
    ak_tableset_free(ts);
    ak_diags_free(d);
}

/* Parse one table text (after the set file) and expect a fatal diagnostic
 * at line:col whose message contains msg. */
static void expect_err(const char *text, long line, long col, const char *msg)
{
    ak_tpl_source src[] = {
        {"report.tpl", set_text, sizeof set_text - 1},
        {"x.tpl", text, strlen(text)},
    };
    ak_diags *d = ak_diags_new();
    ak_tableset *ts = NULL;
    ak_status st = parse_set(src, 2, &ts, d);
    AK_CHECK_EQ_INT(st, AK_ERR_SYNTAX);
    AK_CHECK(ts == NULL);
    int found = 0;
    for (size_t i = 0; i < ak_diags_count(d); i++) {
        const ak_diag *g = ak_diags_get(d, i);
        if (g->sev == AK_SEV_FATAL && g->message && strstr(g->message, msg) &&
            g->line == line && g->col == col)
            found = 1;
    }
    if (!found) {
        fprintf(stderr, "expected %ld:%ld '%s' for:\n%s\ngot:\n", line, col,
                msg, text);
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    }
    AK_CHECK(found);
    ak_tableset_free(ts);
    ak_diags_free(d);
}

#define HEAD "table 1.2\ncaption \"C\"\ntitle \"T\"\n"
#define COLS "base q1{g}=1\ncolumn a {g}=a\ncolumn b {g}=b\nmeasure antal\n"

static void test_errors(void)
{
    expect_err(HEAD COLS "titel \"x\"\nrow \"R\" true\n", 8, 1,
               "ukendt nøgleord 'titel' (mente du 'title'?)");
    expect_err(HEAD COLS "row \"R\" true\naxis \"x\"\n", 9, 1,
               "'axis' kan ikke bruges i en tabel");
    expect_err(HEAD "title \"U\"\n" COLS "row \"R\" true\n", 4, 1,
               "'title' er allerede angivet i linje 3");
    expect_err(HEAD COLS "row \"R true\n", 8, 5, "uafsluttet tekst");
    expect_err(HEAD COLS "column c lable=\"x\"\nrow \"R\" true\n", 8, 10,
               "ukendt egenskab 'lable'");
    expect_err(HEAD COLS "column a {g}=a\nrow \"R\" true\n", 8, 8,
               "kolonnenøglen 'a' er brugt før (linje 5)");
    expect_err(HEAD COLS "row \"R\" q9{g}=1\n", 8, 9,
               "ukendt variabel 'q9a' (kolonnen 'a' med {g}=a)");
    expect_err(HEAD COLS "row \"R\" q2{h}=1\n", 8, 11, "ukendt binding '{h}'");
    expect_err(HEAD COLS "row \"R\" q2a=1 &\n", 8, 16, "");
    expect_err(HEAD COLS "row \"R\" true\nnote \"x {bse:a}\"\n", 9, 9,
               "ukendt pladsholder '{bse:a}'");
    expect_err(HEAD COLS "row \"R\" true\nnote \"x {base:c}\"\n", 9, 9,
               "ukendt kolonne 'c' i pladsholderen '{base:c}'");
    expect_err(HEAD COLS "row \"R\" true\nnote \"x {cell:3:a}\"\n", 9, 9,
               "rækken '3' i pladsholderen '{cell:3:a}' findes ikke");
    expect_err(HEAD COLS "row \"R {base:a}\" true\n", 8, 8,
               "kan kun bruges i en note");
    expect_err(HEAD COLS "row \"R\" true\nnote \"x {year\"\n", 9, 9,
               "'{' uden '}'");
    expect_err(HEAD COLS "row \"R\" true\nnote \"{year:1}\"\n", 9, 7,
               "skal have 0 argument(er)");
    expect_err(HEAD COLS "measure prosent\nrow \"R\" true\n", 8, 9,
               "ukendt mål 'prosent'");
    expect_err(HEAD COLS "measure antal\nrow \"R\" true\n", 8, 9,
               "målet 'antal' er angivet to gange");
    expect_err(HEAD COLS "measure gennemsnit \"G\" q2{g}\nrow \"R\" true\n", 8,
               24, "kræver en variabel af typen decimal eller count, ikke yesno");
    expect_err(HEAD COLS "measure gennemsnit \"G\" d1{g} | x\nrow \"R\" true\n",
               8, 29, "tager én variabel");
    expect_err(HEAD COLS "measure procent \"P\" d1a\nrow \"R\" true\n", 8, 21,
               "kun 'gennemsnit' og 'sum' tager en variabel");
    expect_err(HEAD COLS "subtotal \"S\"\nrow \"R\" true\n", 8, 1,
               "'subtotal' skal stå efter de rækker");
    expect_err(HEAD COLS "caption2 \"x\"\n", 8, 1, "ukendt nøgleord 'caption2'");
    expect_err(HEAD COLS "row R true\n", 8, 5,
               "'row' forventede en tekst i anførselstegn, ikke 'R'");
    expect_err(HEAD COLS "row \"R\"\n", 8, 8, "'row' mangler et udtryk");
    expect_err(HEAD COLS "total \"T\" x\n", 8, 11, "uventet 'x' efter 'total'");
    expect_err(HEAD COLS "row \"R\" {g}=x q1{g}=1\n", 8, 15,
               "ukendt variabel 'q1x' (kolonnen 'a' med {g}=x)");
    expect_err(HEAD COLS "column c {g}=a-b\nrow \"R\" true\n", 8, 14,
               "ugyldig værdi 'a-b'");
    expect_err(HEAD COLS "column c {g}=a {g}=b\nrow \"R\" true\n", 8, 16,
               "bindingen '{g}' er angivet to gange");
    expect_err(HEAD COLS "column c-d\nrow \"R\" true\n", 8, 8,
               "ugyldig kolonnenøgle 'c-d'");
    expect_err(HEAD COLS "section nope\nrow \"R\" true\n", 8, 9,
               "ukendt afsnit 'nope'");
    expect_err(HEAD COLS "order 1.x\nrow \"R\" true\n", 8, 7,
               "ugyldig rækkefølge '1.x'");
    expect_err("caption \"x\"\n", 1, 1, "filen skal begynde med 'table'");
    expect_err("", 1, 0, "filen er tom");
    expect_err("# only a comment\n", 1, 0, "filen er tom");
    expect_err("table 1\ncaption \"C\"\ntitle \"T\"\nmeasure antal\n"
               "row \"R\" true\n", 5, 0, "har ingen kolonner");
    expect_err("table 1\ncaption \"C\"\ntitle \"T\"\ncolumn a\nmeasure antal\n"
               "row \"R\" true\n", 4, 0, "kolonnen 'a' har ingen base");
    expect_err("table 1\ntitle \"T\"\nbase true\ncolumn a\nmeasure antal\n"
               "row \"R\" true\n", 6, 0, "mangler 'caption'");
    expect_err("table 1\ncaption \"C\"\ntitle \"T\"\nbase true\ncolumn a\n"
               "row \"R\" true\n", 6, 0, "har ingen mål");
    expect_err("table 1\ncaption \"C\"\ntitle \"T\"\nbase true\ncolumn a\n"
               "measure antal\n", 6, 0, "har ingen rækker");
    expect_err("table x\ncaption \"C\"\ntitle \"T\"\nbase true\ncolumn a\n"
               "measure antal\nrow \"R\" true\n", 1, 1, "mangler 'order'");
    expect_err("table 1\ncaption \"bad \xff\"\n", 2, 0, "ikke gyldig UTF-8");
    expect_err("figure f\norder 1\ncaption \"C\"\ntitle \"T\"\nmulti\n", 5, 1,
               "'multi' kan ikke bruges i en figur");
    /* key-figure features */
    expect_err(HEAD COLS "tidy maybe\nrow \"R\" true\n", 8, 6,
               "ugyldig værdi 'maybe' for 'tidy' (brug yes eller no)");
    expect_err(HEAD COLS "measure sum \"S\" q2{g}\nrow \"R\" true\n", 8, 17,
               "'sum' kræver variabler af typen decimal eller count, ikke "
               "yesno ('q2a')");
    expect_err(HEAD COLS "measure sum \"S\" d1a d1b\nrow \"R\" true\n", 8, 20,
               "'sum' tager én variabel eller sum(a, b, ...)");
    expect_err(HEAD COLS "measure sum \"S\" sum(d1a, d1a)\nrow \"R\" true\n",
               8, 17, "en variabel står flere gange i summen");
    expect_err(HEAD COLS "measure sum \"S\" sum(d1a,\nrow \"R\" true\n", 8, 24,
               "forventede ')' til sidst i summen");
    expect_err(HEAD COLS "measure sum \"S\" sum()\nrow \"R\" true\n", 8, 21,
               "'sum' mangler en variabel");
    expect_err(HEAD COLS "measure sum \"S\" sum(q9{g}, n1)\nrow \"R\" true\n",
               8, 21, "ukendt variabel 'q9a' (kolonnen 'a' med {g}=a)");
    expect_err(HEAD COLS "measure sum \"S\"\nrow \"R\" sum=\"n1 | x\" true\n",
               9, 16, "'sum' tager én variabel");
    expect_err(HEAD COLS "row \"R\" sum=\"d1a\" true\n", 8, 14,
               "'sum=' kræver målet 'sum' i tabellen");
    expect_err(HEAD COLS "measure sum\nrow \"R\" sum=\"txt\" true\n", 9, 14,
               "ikke text ('txt')");
    expect_err(HEAD COLS "row \"R\" of=x true\n", 8, 12,
               "ugyldig værdi 'x' for 'of' (brug et rækkenummer, population "
               "eller none)");
    expect_err(HEAD COLS "row \"R\" of=9 true\n", 8, 12,
               "rækken '9' i 'of=' findes ikke (tabellen har 1 rækker)");
    expect_err(HEAD COLS "row \"R\" of=1 of=1 true\n", 8, 14,
               "'of' er angivet to gange");
    expect_err(HEAD COLS "row \"R\" true\nsubtotal \"S\" from=5\n", 9, 19,
               "'from=5' skal være nummeret på en række før subtotalen (1-1)");
    expect_err(HEAD COLS "row \"R\" true\ntotal \"T\" from=1\n", 9, 11,
               "'from=' kan kun bruges ved 'subtotal'");
    expect_err(HEAD COLS "row \"R\" from=1 true\n", 8, 9,
               "'from=' kan kun bruges ved 'subtotal'");
    expect_err(HEAD COLS "row \"R\" true\ntotal \"T\" {g}=a\n", 9, 11,
               "'total' tager ingen bindinger ('{g}')");
    expect_err(HEAD COLS "measure sum\nrow \"R\" true\nsubtotal \"S\" sum=\"n1\"\n",
               10, 14, "'sum=' kan kun bruges ved 'row' og 'optional'");
    expect_err(HEAD COLS "population\nrow \"R\" true\n", 8, 11,
               "'population' mangler en tekst i anførselstegn");
    expect_err(HEAD COLS "population \"P\" q1a=1\nrow \"R\" true\n", 8, 16,
               "uventet 'q1a' efter 'population'");
    /* a column's base with a row binding does not compile */
    expect_err(HEAD "base q{x}a=1\ncolumn a\nmeasure antal\nrow \"R\" {x}=1 true\n",
               4, 7, "ukendt binding '{x}'");
}

static void test_cross_file(void)
{
    const char *a = "table 1\ncaption \"C\"\ntitle \"T\"\nbase true\n"
                    "column a\nmeasure antal\nrow \"R\" true\n";
    const char *b = "table 1b\norder 1\ncaption \"C\"\ntitle \"T\"\nbase true\n"
                    "column a\nmeasure antal\nrow \"R\" true\n";
    const char *s2 = "report \"Y\"\nsection a \"A\" parent=zz\n";
    ak_tpl_source src[] = {
        {"a.tpl", a, strlen(a)},
        {"a2.tpl", a, strlen(a)},
        {"b.tpl", b, strlen(b)},
        {"report.tpl", set_text, sizeof set_text - 1},
        {"report2.tpl", s2, strlen(s2)},
    };
    ak_diags *d = ak_diags_new();
    ak_tableset *ts = NULL;
    AK_CHECK_EQ_INT(parse_set(src, 5, &ts, d), AK_ERR_SYNTAX);
    int dup = 0, order = 0, set2 = 0;
    for (size_t i = 0; i < ak_diags_count(d); i++) {
        const ak_diag *g = ak_diags_get(d, i);
        dup |= strstr(g->message, "tabellen '1' findes også i 'a.tpl'") != NULL &&
               strcmp(g->file, "a2.tpl") == 0 && g->line == 1;
        order |= strstr(g->message, "'1b' har samme rækkefølge som '1'") != NULL;
        set2 |= strstr(g->message, "der er allerede en rapportfil ('report.tpl')") != NULL;
    }
    AK_CHECK(dup);
    AK_CHECK(order);
    AK_CHECK(set2);
    ak_diags_free(d);
}

static long long fake_ph(ak_tpl_ph ph, const char *key, size_t rowno, void *ud)
{
    (void)ud;
    switch (ph) {
    case AK_PH_YEAR: return 2008;
    case AK_PH_PREV_YEAR: return 2007;
    case AK_PH_RESPONDENTS: return 89;
    case AK_PH_BASE: return key && strcmp(key, "a") == 0 ? 57 : -1;
    case AK_PH_CELL: return (long long)rowno * 100;
    }
    return 0;
}

static void test_expand(void)
{
    char *s = ak_tpl_expand("Å {year}/{prev_year} {respondents} {base:a} "
                            "{cell:12:b} {{x} }", fake_ph, NULL);
    AK_CHECK_EQ_STR(s, "Å 2008/2007 89 57 1200 {x} }");
    ak_free(s);
    s = ak_tpl_expand(NULL, fake_ph, NULL);
    AK_CHECK_EQ_STR(s, "");
    ak_free(s);
    s = ak_tpl_expand("{nope} {year", fake_ph, NULL);
    AK_CHECK_EQ_STR(s, "{nope} {year");
    ak_free(s);
}

/* The shipped templates load against the shipped codebook. */
static void test_shipped(void)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    if (ak_codebook_load("data/codebook.csv", &cb, d) != AK_OK) {
        fprintf(stderr, "test_shipped: run from the repository root\n");
        AK_CHECK(0);
        ak_diags_free(d);
        return;
    }
    ak_tableset *ts = NULL;
    ak_status st = ak_templates_load("templates", cb, &ts, d);
    AK_CHECK_EQ_INT(st, AK_OK);
    if (st != AK_OK)
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    if (ts) {
        AK_CHECK_EQ_INT(ts->ntables, 25);
        /* the key figures first (order 1), out of tables.csv */
        AK_CHECK_EQ_STR(ts->tables[0].id, "noegletal");
        AK_CHECK_EQ_INT(ts->tables[0].untidy, 1);
        AK_CHECK_EQ_STR(ts->tables[1].id, "2.1");
        AK_CHECK_EQ_INT(ts->tables[1].untidy, 0);
        AK_CHECK_EQ_STR(ts->tables[10].id, "fig2.1");
        AK_CHECK_EQ_STR(ts->tables[11].id, "2.10");
        AK_CHECK_EQ_STR(ts->tables[23].id, "2.22");
        /* the text's own figures last (order 9), placed by the text */
        AK_CHECK_EQ_STR(ts->tables[24].id, "tekstgrundlag");
        /* captions name the wide CSV files: "Tabel <id>" / "Figur 2.1" */
        for (size_t i = 0; i < ts->ntables; i++)
            AK_CHECK(ts->tables[i].caption && ts->tables[i].title &&
                     (ts->tables[i].section || i == 24) &&
                     ts->tables[i].nnotes >= 1);
        /* the text files: Forord first, every table placed once */
        AK_CHECK(ts->ndoc > 100);
        AK_CHECK(ts->ndoc > 0 && ts->doc[0].kind == AK_TD_CHAPTER &&
                 strcmp(ts->doc[0].text, "Forord") == 0);
        size_t placed = 0;
        for (size_t i = 0; i < ts->ndoc; i++)
            placed += ts->doc[i].kind == AK_TD_PLACE;
        AK_CHECK_EQ_INT((int)placed, 25);
    }
    ak_tableset_free(ts);
    ak_tableset_free(NULL);
    ak_diags *d2 = ak_diags_new();
    AK_CHECK_EQ_INT(ak_templates_load("no/such/dir", cb, &ts, d2), AK_ERR_IO);
    AK_CHECK(ts == NULL);
    AK_CHECK_EQ_INT(ak_diags_count_sev(d2, AK_SEV_FATAL), 1);
    ak_diags_free(d2);
    ak_codebook_free(cb);
    ak_diags_free(d);
}

/* Every allocation failing in turn ends in AK_ERR_NOMEM (or success), never
 * a crash or a leak (ASan checks the latter). */
static void test_oom(void)
{
    ak_codebook *cb = codebook();
    ak_tpl_source src[] = {
        {"report.tpl", set_text, sizeof set_text - 1},
        {"t1.tpl", t1_text, sizeof t1_text - 1},
        {"t2.tpl", t2_text, sizeof t2_text - 1},
        {"f.tpl", f_text, sizeof f_text - 1},
        {"k.tpl", k_text, sizeof k_text - 1},
    };
    int ok_seen = 0, bad = 0;
    for (long n = 1; n < 8000 && !ok_seen; n++) {
        ak_diags *d = ak_diags_new();
        ak_tableset *ts = NULL;
        ak_mem_fail_at(n);
        ak_status st = ak_templates_parse(src, 5, cb, &ts, d);
        ak_mem_fail_at(0);
        if (st == AK_OK)
            ok_seen = 1;
        else if (st != AK_ERR_NOMEM || ts != NULL)
            bad++;
        ak_tableset_free(ts);
        ak_diags_free(d);
    }
    AK_CHECK(ok_seen);
    AK_CHECK_EQ_INT(bad, 0);
    ak_codebook_free(cb);
}

/* Stable row keys: derived from the label as written (before {year} is
 * expanded), or declared with key=; new=/changed= marks; unique. */
static void test_row_keys(void)
{
    static const char text[] =
        "table 1.2\ncaption \"C\"\ntitle \"T\"\nnew 2009\n"
        "base q1{g}=1\ncolumn a {g}=a\nmeasure antal\n"
        "optional \"Færre end 1,1 - 2 tilsyn i {prev_year}\" q2{g}=1\n"
        "row \"Ny tekst\" key=gammel_tekst changed=2009 q2{g}=2\n"
        "row \"ÆØÅ§\" new=2010 missing(q2{g})\n"
        "total \"I alt\"\n";
    ak_tpl_source src[] = {
        {"report.tpl", set_text, sizeof set_text - 1},
        {"x.tpl", text, sizeof text - 1},
    };
    ak_diags *d = ak_diags_new();
    ak_tableset *ts = NULL;
    AK_CHECK_EQ_INT(parse_set(src, 2, &ts, d), AK_OK);
    if (ts) {
        const ak_tpl_table *t = &ts->tables[0];
        AK_CHECK_EQ_INT(t->nrows, 4);
        AK_CHECK_EQ_INT(t->new_since, 2009);
        AK_CHECK_EQ_INT(t->changed_in, 0);
        AK_CHECK_EQ_STR(t->rows[0].key, "faerre_end_1_1_2_tilsyn_i_prev_year");
        AK_CHECK_EQ_STR(t->rows[1].key, "gammel_tekst");
        AK_CHECK_EQ_INT(t->rows[1].changed_in, 2009);
        AK_CHECK_EQ_STR(t->rows[2].key, "aeoeaa");
        AK_CHECK_EQ_INT(t->rows[2].new_since, 2010);
        AK_CHECK_EQ_STR(t->rows[3].key, "i_alt");
    }
    ak_tableset_free(ts);
    ak_diags_free(d);

    expect_err(HEAD COLS "row \"Ja, i alt\" true\nrow \"Ja i alt!\" true\n",
               9, 5, "rækkenøglen 'ja_i_alt' findes allerede i tabellen "
                     "'1.2' (linje 8)");
    expect_err(HEAD COLS "row \"A\" true\nrow \"B\" key=a true\n", 9, 13,
               "rækkenøglen 'a' findes allerede");
    expect_err(HEAD COLS "row \"A\" key=Stor true\n", 8, 13,
               "ugyldig rækkenøgle 'Stor'");
    expect_err(HEAD COLS "row \"A\" new=09 true\n", 8, 13,
               "ugyldigt årstal '09' for 'new'");
    expect_err(HEAD COLS "changed 20x9\nrow \"A\" true\n", 8, 9,
               "ugyldigt årstal '20x9' for 'changed'");
}

AK_TEST_MAIN(test_valid, test_keyfigures, test_errors, test_cross_file, test_expand,
             test_shipped, test_oom, test_row_keys)
