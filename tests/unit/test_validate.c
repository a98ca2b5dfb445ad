/* Unit tests of validation (include/ak_validate.h) and of the validation
 * report and the CSV field writer (include/ak_render.h). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_render.h"
#include "ak_test.h"
#include "ak_validate.h"

static const char cb_text[] =
    "variable,question,type,asked_if,label,block,register\n"
    "kommunenr,Kommunenummer,id,,Id,,kommuner\n"
    "kommune,Kommune,name,,Navn,,\n"
    "kontakt,Kontakt,pii,,Persondata,,\n"
    "datanote,Datanote,note,,Note,,\n"
    "q1a,1.a,yesno,,Tilsyn,,\n"
    "q1_1a,1.1a,count,q1a=1,Antal,,\n"
    "q2a,2a,yesno,,Retningslinjer,,\n"
    "q2_1a,2.1a,yesno,q2a=1,Godkendt,,\n"
    "q3_1a,3.1a,checkbox,q2a=1,A,3.1,\n"
    "q3_1b,3.1b,checkbox,q2a=1,B,3.1,\n"
    "q3_1c,3.1c,checkbox,q2a=1,C,3.1,\n"
    "q4,4.1,decimal,q3_1b=1,Besøg,,\n"
    "q9a,9.a,yesno,,X,,\n"
    "q9b,9.b,yesno,,Y,,\n"
    "q9_1,9.1,yesno,q9a=1 | q9b=1,Z,,\n"
    "q12a,12a,count,q1a=1,A,,\n"
    "q12b,12b,count,q1a=1,B,,\n"
    "tekst,2.2.1,text,q2a=1,Tekst,,\n";

static const char checks_text[] =
    "rule,question,when,assert,label,message\n"
    "q12sum,12,answered(q1_1a) & (answered(q12a) | answered(q12b)),"
    "\"sum(q12a, q12b) = q1_1a\",Summen af 12a-12b svarer til 1.1a,"
    "summen af 12a-12b svarer ikke til antallet i 1.1a\n";

static const char reg_text[] = "kommunenr,kommune,region\n"
                               "101,København,H\n147,Frederiksberg,H\n"
                               "151,Ballerup,H\n153,Brøndby,H\n155,Dragør,H\n"
                               "157,Gentofte,H\n";

static const char header[] =
    "kommunenr,kommune,kontakt,datanote,q1a,q1_1a,q2a,q2_1a,q3_1a,q3_1b,q3_1c,"
    "q4,q9a,q9b,q9_1,q12a,q12b,tekst\n";

/* One run of ingest + validation over a text. */
typedef struct run {
    ak_codebook *cb;
    ak_register *reg;
    ak_diags *d;
    ak_validator *v;
    GString *states;     /* per row: the settled states, "AUNI" letters */
    ak_status st;
} run;

static int on_row(ak_row *row, void *ud)
{
    run *r = ud;
    if (ak_validate_row(r->v, row) != AK_OK)
        return 1;
    static const char letters[] = "AUNI";
    g_string_append_printf(r->states, "%s:", ak_validate_unit(r->v));
    for (size_t i = 0; i < row->nvars; i++)
        g_string_append_c(r->states, letters[row->v[i].state]);
    g_string_append_c(r->states, '\n');
    return 0;
}

/* Nonzero: run_text()'s validator is told the rows were validated before
 * (ak_validate_again). */
static int again_mode;

static void run_text(run *r, const char *text, int with_reg)
{
    memset(r, 0, sizeof *r);
    r->d = ak_diags_new();
    AK_CHECK_EQ_INT(ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv",
                                      &r->cb, r->d),
                    AK_OK);
    AK_CHECK_EQ_INT(ak_codebook_parse_checks(r->cb, checks_text,
                                             strlen(checks_text), "checks.csv",
                                             r->d),
                    AK_OK);
    if (with_reg)
        AK_CHECK_EQ_INT(ak_register_parse(reg_text, strlen(reg_text),
                                          "kommuner.csv", &r->reg, r->d),
                        AK_OK);
    r->v = ak_validate_new(r->cb, r->reg, "svar.csv", r->d);
    if (again_mode && r->v)
        ak_validate_again(r->v);
    r->states = g_string_new(NULL);
    r->st = ak_ingest_mem(text, strlen(text), "svar.csv", r->cb, NULL, on_row,
                          r, r->d);
    if (r->st == AK_OK || r->st == AK_ERR_INPUT) {
        ak_status st2 = ak_validate_finish(r->v);
        if (r->st == AK_OK)
            r->st = st2;
    }
}

static void run_free(run *r)
{
    ak_validate_free(r->v);
    ak_register_free(r->reg);
    ak_codebook_free(r->cb);
    ak_diags_free(r->d);
    g_string_free(r->states, TRUE);
}

/* Every diagnostic, one per line, all fields. */
static char *dump_diags(const ak_diags *d)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < ak_diags_count(d); i++) {
        const ak_diag *g = ak_diags_get(d, i);
        g_string_append_printf(
            s, "%s|%s|%ld:%ld|%s|%s|%s|%s|%s|%s\n", ak_severity_name(g->sev),
            g->rule, g->line, g->col, g->unit ? g->unit : "-",
            g->unit_name ? g->unit_name : "-", g->question ? g->question : "-",
            g->value ? g->value : "-", g->message ? g->message : "-",
            g->action ? g->action : "-");
    }
    return g_string_free(s, FALSE);
}

/* Rendered report as a string. */
static char *render(const run *r, int csv)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ak_status st = csv ? ak_render_validation_csv(r->v, r->d, f)
                       : ak_render_validation_text(r->v, r->d, f);
    AK_CHECK_EQ_INT(st, AK_OK);
    fclose(f);
    return buf;
}

static const char scenario[] =
    /* clean; q12 sum 3 + 2 = 5 */
    "101,København,HEMMELIG,syntetiske data,1,5,1,1,1,1,1,2,1,1,1,3,2,fri\n"
    /* 2.1a answered where 2a = Nej; 9.1 where neither 9.a nor 9.b is Ja;
     * q12 sum 4 != 5; name differs in case only */
    "147,frederiksberg,HEMMELIG,,1,5,2,1,,,,,2,,1,3,1,\n"
    /* wrong name; invalid filter 2a (its follow-ups are not asked) */
    "151,Balerup,,,1,,3,1,1,,,,1,1,1,,,\n"
    /* partly filled block: empty boxes count as not marked (the defined
     * meaning: counted as passed, no diagnostic) */
    "153,,,,2,,1,,,1,,1,,,,,,\n"
    /* asked block left entirely empty: Uoplyst */
    "155,Dragør,,,2,,1,2,,,,,2,2,,,,\"=1+2\"\n";

static const char expected_text[] =
    "Validering af svar.csv\n"
    "5 besvarelser; 0 fejl, 7 advarsler, 0 bemærkninger\n"
    "\n"
    "Opsummering pr. regel\n"
    "Regel                                            Besvarelser  I orden"
    "  Med problemer  Med ubesvarede\n"
    "kommunenummer findes i registeret og er unikt              5        5"
    "              0               0\n"
    "kommunenavn passer til kommunenummeret                     5        3"
    "              1               1\n"
    "svar har gyldig form (ja/nej, afkrydsning, tal)            5        1"
    "              1               3\n"
    "svar kun på spørgsmål, som filtrene stiller                5        1"
    "              2               2\n"
    "afkrydsningsblokke er besvaret                             3        2"
    "              0               1\n"
    "Summen af 12a-12b svarer til 1.1a                          2        1"
    "              1               0\n"
    "\n"
    "Tallene er besvarelser (én pr. kommune). Besvarelser: dem reglen"
    " gælder for. I\n"
    "orden: reglen fandt intet. Med problemer: mindst ét problem, se"
    " listen. Med\n"
    "ubesvarede: intet problem, men mindst ét spørgsmål, reglen gælder"
    " for, er ikke\n"
    "besvaret (talt som Uoplyst; det er ikke en fejl).\n"
    "Fejl: skal rettes, før rapporten kan laves. Advarsel: rapporten"
    " laves, og\n"
    "svaret behandles som skrevet i parentesen. Bemærkning: til"
    " orientering, intet\n"
    "skal rettes.\n"
    "\n"
    "Problemer\n"
    "\n"
    "Kommune 147 Frederiksberg\n"
    "  advarsel: spørgsmål 2.1a (kolonne q2_1a), værdi '1': spørges kun"
    " hvis 2a = Ja; svaret i 2a er Nej (ignoreret)\n"
    "  advarsel: spørgsmål 9.1 (kolonne q9_1), værdi '1': spørges kun hvis"
    " 9.a = Ja eller 9.b = Ja; svarene er: 9.a Nej, 9.b ubesvaret"
    " (ignoreret)\n"
    "  advarsel: spørgsmål 12, værdi '12a: 3; 12b: 1; 1.1a: 5': summen af"
    " 12a-12b svarer ikke til antallet i 1.1a (ingen ændring)\n"
    "\n"
    "Kommune 151 Ballerup\n"
    "  advarsel: spørgsmål Kommune (kolonne kommune), værdi 'Balerup':"
    " navnet passer ikke til kommunenummer 151, som i registeret hedder"
    " 'Ballerup' (registerets navn bruges)\n"
    "  advarsel: spørgsmål 2a (kolonne q2a), værdi '3': ugyldigt svar på"
    " et ja/nej-spørgsmål (gyldige svar: 1 = Ja, 2 = Nej) (talt som"
    " Uoplyst)\n"
    "  advarsel: spørgsmål 2.1a (kolonne q2_1a), værdi '1': spørges kun"
    " hvis 2a = Ja; svaret i 2a er ugyldigt (ignoreret)\n"
    "  advarsel: spørgsmål 3.1a (kolonne q3_1a), værdi '1': spørges kun"
    " hvis 2a = Ja; svaret i 2a er ugyldigt (ignoreret)\n";

static const char expected_csv[] =
    "afsnit,kommunenr,kommune,linje,alvor,spørgsmål,kolonne,værdi,regel,bes"
    "ked,handling,besvarelser,i orden,med problemer,med ubesvarede\n"
    "regel,,,,,,,,id,kommunenummer findes i registeret og er"
    " unikt,,5,5,0,0\n"
    "regel,,,,,,,,name,kommunenavn passer til kommunenummeret,,5,3,1,1\n"
    "regel,,,,,,,,type,\"svar har gyldig form (ja/nej, afkrydsning,"
    " tal)\",,5,1,1,3\n"
    "regel,,,,,,,,routing,\"svar kun på spørgsmål, som filtrene"
    " stiller\",,5,1,2,2\n"
    "regel,,,,,,,,block,afkrydsningsblokke er besvaret,,3,2,0,1\n"
    "regel,,,,,,,,q12sum,Summen af 12a-12b svarer til 1.1a,,2,1,1,0\n"
    "problem,147,Frederiksberg,3,advarsel,2.1a,q2_1a,1,routing,spørges kun"
    " hvis 2a = Ja; svaret i 2a er Nej,ignoreret,,,,\n"
    "problem,147,Frederiksberg,3,advarsel,9.1,q9_1,1,routing,\"spørges kun"
    " hvis 9.a = Ja eller 9.b = Ja; svarene er: 9.a Nej, 9.b"
    " ubesvaret\",ignoreret,,,,\n"
    "problem,147,Frederiksberg,3,advarsel,12,,12a: 3; 12b: 1; 1.1a:"
    " 5,check,summen af 12a-12b svarer ikke til antallet i 1.1a,ingen"
    " ændring,,,,\n"
    "problem,151,Ballerup,4,advarsel,Kommune,kommune,Balerup,name,\"navnet"
    " passer ikke til kommunenummer 151, som i registeret hedder"
    " 'Ballerup'\",registerets navn bruges,,,,\n"
    "problem,151,Ballerup,4,advarsel,2a,q2a,3,type,\"ugyldigt svar på et"
    " ja/nej-spørgsmål (gyldige svar: 1 = Ja, 2 = Nej)\",talt som"
    " Uoplyst,,,,\n"
    "problem,151,Ballerup,4,advarsel,2.1a,q2_1a,1,routing,spørges kun hvis"
    " 2a = Ja; svaret i 2a er ugyldigt,ignoreret,,,,\n"
    "problem,151,Ballerup,4,advarsel,3.1a,q3_1a,1,routing,spørges kun hvis"
    " 2a = Ja; svaret i 2a er ugyldigt,ignoreret,,,,\n";

static void test_rules(void)
{
    char *text = g_strconcat(header, scenario, NULL);
    run r;
    run_text(&r, text, 1);
    AK_CHECK_EQ_INT(r.st, AK_OK);
    char *dg = dump_diags(r.d);
    AK_CHECK_EQ_STR(
        dg,
        "advarsel|routing|3:8|147|Frederiksberg|2.1a|1|spørges kun hvis 2a = "
        "Ja; svaret i 2a er Nej|ignoreret\n"
        "advarsel|routing|3:15|147|Frederiksberg|9.1|1|spørges kun hvis 9.a = "
        "Ja eller 9.b = Ja; svarene er: 9.a Nej, 9.b ubesvaret|ignoreret\n"
        "advarsel|check|3:0|147|Frederiksberg|12|12a: 3; 12b: 1; 1.1a: 5|"
        "summen af 12a-12b svarer ikke til antallet i 1.1a|ingen ændring\n"
        "advarsel|name|4:2|151|Ballerup|Kommune|Balerup|navnet passer ikke "
        "til kommunenummer 151, som i registeret hedder 'Ballerup'|"
        "registerets navn bruges\n"
        "advarsel|type|4:7|151|Ballerup|2a|3|ugyldigt svar på et "
        "ja/nej-spørgsmål (gyldige svar: 1 = Ja, 2 = Nej)|talt som Uoplyst\n"
        "advarsel|routing|4:8|151|Ballerup|2.1a|1|spørges kun hvis 2a = Ja; "
        "svaret i 2a er ugyldigt|ignoreret\n"
        "advarsel|routing|4:9|151|Ballerup|3.1a|1|spørges kun hvis 2a = Ja; "
        "svaret i 2a er ugyldigt|ignoreret\n");
    AK_CHECK_EQ_STR(r.states->str, "101:AAAAAAAAAAAAAAAAAA\n"
                                   "147:AAAUAAANNNNNAUNAAN\n"
                                   "151:AAUUAUINNNNNAAAUUN\n"
                                   "153:AUUUANAUAAAAUUNNNU\n"
                                   "155:AAUUANAAUUUNAANNNA\n");
    g_free(dg);
    /* pii never reaches a diagnostic or the report */
    for (size_t i = 0; i < ak_diags_count(r.d); i++) {
        const ak_diag *g = ak_diags_get(r.d, i);
        AK_CHECK(!g->value || !strstr(g->value, "HEMMELIG"));
        AK_CHECK(!g->message || !strstr(g->message, "HEMMELIG"));
    }
    char *txt = render(&r, 0), *csv = render(&r, 1);
    AK_CHECK(!strstr(txt, "HEMMELIG") && !strstr(csv, "HEMMELIG"));
    AK_CHECK_EQ_STR(txt, expected_text);
    AK_CHECK_EQ_STR(csv, expected_csv);
    free(txt);
    free(csv);
    AK_CHECK_EQ_STR(ak_validate_datanote(r.v), "syntetiske data");
    AK_CHECK_EQ_INT(ak_validate_rows(r.v), 5);
    run_free(&r);
    g_free(text);
}

static void test_ids(void)
{
    char *text = g_strconcat(header,
                             "101,,,,2,,2,,,,,,2,2,,,,\n"
                             ",,,,2,,2,,,,,,2,2,,,,\n"
                             "999,,,,2,,2,,,,,,2,2,,,,\n"
                             "101,,,,2,,2,,,,,,2,2,,,,\n"
                             " 147 ,,,,2,,2,,,,,,2,2,,,,\n",
                             NULL);
    run r;
    run_text(&r, text, 1);
    AK_CHECK_EQ_INT(r.st, AK_OK);   /* problems are diagnostics */
    char *dg = dump_diags(r.d);
    AK_CHECK_EQ_STR(dg,
                    "fejl|id|3:1|-|-|Kommunenummer|-|kommunenummeret mangler|-\n"
                    "fejl|id|4:1|999|-|Kommunenummer|999|ukendt kommunenummer "
                    "'999'|-\n"
                    "fejl|id|5:1|101|København|Kommunenummer|101|"
                    "kommunenummeret '101' står også i linje 2|-\n");
    g_free(dg);
    const ak_rule_stat *st = NULL;
    AK_CHECK_EQ_INT(ak_validate_stats(r.v, &st), 6);
    AK_CHECK_EQ_STR(st[0].rule, "id");
    AK_CHECK_EQ_INT(st[0].checked, 5);
    AK_CHECK_EQ_INT(st[0].passed, 2);
    AK_CHECK_EQ_INT(st[0].failed, 3);
    AK_CHECK_EQ_STR(ak_validate_unit(r.v), "147");
    AK_CHECK_EQ_STR(ak_validate_unit_name(r.v), "Frederiksberg");
    /* fatal problems are listed in the report too, file-level first */
    char *txt = render(&r, 0);
    AK_CHECK_CONTAINS(txt, "\nHele filen\n  linje 3, kolonne 1: fejl: "
                           "spørgsmål Kommunenummer (kolonne kommunenr): "
                           "kommunenummeret mangler\n");
    AK_CHECK_CONTAINS(txt, "\nKommune 101 København\n  fejl: spørgsmål "
                           "Kommunenummer (kolonne kommunenr), værdi '101': "
                           "kommunenummeret '101' "
                           "står også i linje 2\n\nKommune 999\n");
    free(txt);
    run_free(&r);
    g_free(text);

    /* without a register: numbers need only be unique; the unit name is
     * the name column */
    text = g_strconcat(header, "7,Syvby,,,2,,2,,,,,,2,2,,,,\n"
                               "7,Syvby,,,2,,2,,,,,,2,2,,,,\n", NULL);
    run_text(&r, text, 0);
    dg = dump_diags(r.d);
    AK_CHECK_EQ_STR(dg, "fejl|id|3:1|7|Syvby|Kommunenummer|7|nummeret '7' "
                        "står også i linje 2|-\n");
    g_free(dg);
    run_free(&r);
    g_free(text);

    /* Many ids, numbers and texts (the set grows several times); '007' and
     * '7', '0' and '00' are different ids; only the repeats are reported,
     * with the line of the first use. */
    GString *t = g_string_new(header);
    const char *rest = ",,,,2,,2,,,,,,2,2,,,,\n";
    for (int i = 1; i <= 3000; i++)
        g_string_append_printf(t, "%d%s" "x%d%s", i, rest, i, rest);
    g_string_append_printf(t, "007%s" "0%s" "00%s" "1234567890123456789%s"
                              "1500%s" "x2999%s" "00%s",
                           rest, rest, rest, rest, rest, rest, rest);
    run_text(&r, t->str, 0);
    dg = dump_diags(r.d);
    AK_CHECK_EQ_STR(dg, "fejl|id|6006:1|1500|-|Kommunenummer|1500|nummeret "
                        "'1500' står også i linje 3000|-\n"
                        "fejl|id|6007:1|x2999|-|Kommunenummer|x2999|nummeret "
                        "'x2999' står også i linje 5999|-\n"
                        "fejl|id|6008:1|00|-|Kommunenummer|00|nummeret "
                        "'00' står også i linje 6004|-\n");
    g_free(dg);
    run_free(&r);
    g_string_free(t, TRUE);

    /* Numbers that share their low bits crowd one part of the table until
     * it spreads them: still every repeat found, and only repeats. */
    t = g_string_new(header);
    for (long i = 1; i <= 3000; i++)
        g_string_append_printf(t, "%ld%s", i << 20, rest);
    g_string_append_printf(t, "%ld%s" "%ld%s", 7L << 20, rest, 3001L << 20,
                           rest);
    run_text(&r, t->str, 0);
    dg = dump_diags(r.d);
    AK_CHECK_EQ_STR(dg, "fejl|id|3002:1|7340032|-|Kommunenummer|7340032|"
                        "nummeret '7340032' står også i linje 8|-\n");
    g_free(dg);
    run_free(&r);
    g_string_free(t, TRUE);
}

static void test_no_rows(void)
{
    run r;
    run_text(&r, header, 1);
    AK_CHECK_EQ_INT(r.st, AK_OK);   /* the fatal problem is in r.d */
    char *dg = dump_diags(r.d);
    AK_CHECK_EQ_STR(dg, "fejl|file|0:0|-|-|-|-|filen har ingen datarækker|-\n");
    g_free(dg);
    run_free(&r);
    /* an earlier fatal problem is not followed by "no data rows" */
    run_text(&r, "kommunenr,q1a\n", 1);
    AK_CHECK_EQ_INT(r.st, AK_ERR_INPUT);
    dg = dump_diags(r.d);
    AK_CHECK(strstr(dg, "ingen datarækker") == NULL);
    AK_CHECK_CONTAINS(dg, "mangler kolonnerne 'q1_1a', 'q2a'");
    g_free(dg);
    run_free(&r);
}

/* Every allocation failing in turn: a clean status, no leak, no crash. */
static void test_oom(void)
{
    char *text = g_strconcat(header, scenario, NULL);
    for (long k = 1; k < 400; k++) {
        run r;
        memset(&r, 0, sizeof r);
        r.d = ak_diags_new();
        ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &r.cb, r.d);
        ak_codebook_parse_checks(r.cb, checks_text, strlen(checks_text),
                                 "checks.csv", r.d);
        ak_register_parse(reg_text, strlen(reg_text), "kommuner.csv", &r.reg,
                          r.d);
        r.states = g_string_new(NULL);
        ak_mem_fail_at(k);
        r.v = ak_validate_new(r.cb, r.reg, "svar.csv", r.d);
        ak_status st = AK_ERR_NOMEM;
        if (r.v) {
            st = ak_ingest_mem(text, strlen(text), "svar.csv", r.cb, NULL,
                               on_row, &r, r.d);
            if (st == AK_OK)
                st = ak_validate_finish(r.v);
            if (st == AK_OK) {
                FILE *f = fopen("/dev/null", "w");
                st = ak_render_validation_csv(r.v, r.d, f);
                fclose(f);
            }
        }
        ak_mem_fail_at(0);
        AK_CHECK(st == AK_OK || st == AK_ERR_NOMEM);
        if (st == AK_OK)
            AK_CHECK(ak_diags_count(r.d) == 7 || ak_diags_lost(r.d));
        run_free(&r);
    }
    g_free(text);
}

static char *write_text(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ak_render_csv_field(f, s, ',');
    fclose(f);
    return buf;
}

static void test_csv_write_text(void)
{
    static const char *const cases[][2] = {
        {"abc", "abc"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"a\"b", "\"a\"\"b\""},
        {"a\nb", "\"a\nb\""},
        {"=SUM(A1)", "'=SUM(A1)"},
        {"+1", "'+1"},
        {"-1", "'-1"},
        {"@x", "'@x"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"=1,2", "\"'=1,2\""},
        {"a=1", "a=1"},
        {"Ærø", "Ærø"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *o = write_text(cases[i][0]);
        AK_CHECK_EQ_STR(o, cases[i][1]);
        free(o);
    }
    char *o = write_text(NULL);
    AK_CHECK_EQ_STR(o, "");
    free(o);
}

/* The row outputs' second pass (ak_validate_again): the same states and
 * problems for rows validated before, and no id set (a repeated id is not
 * looked for: the first pass refused it). */
static void test_again(void)
{
    run a, b;
    run_text(&a, scenario, 1);
    again_mode = 1;
    run_text(&b, scenario, 1);
    again_mode = 0;
    AK_CHECK_EQ_STR(b.states->str, a.states->str);
    char *da = dump_diags(a.d), *db = dump_diags(b.d);
    AK_CHECK_EQ_STR(db, da);
    AK_CHECK(strlen(da) > 0);
    g_free(da);
    g_free(db);
    run_free(&a);
    run_free(&b);
    char *text = g_strconcat(header, "101,,,,2,,2,,,,,,2,2,,,,\n",
                             "101,,,,2,,2,,,,,,2,2,,,,\n", NULL);
    again_mode = 1;
    run_text(&b, text, 1);
    again_mode = 0;
    AK_CHECK_EQ_INT(ak_validate_duplicates(b.v), 0);
    AK_CHECK_EQ_INT(ak_diags_count_sev(b.d, AK_SEV_FATAL), 0);
    run_free(&b);
    g_free(text);
}

AK_TEST_MAIN(test_rules, test_ids, test_no_rows, test_oom, test_csv_write_text,
             test_again)
