/* Unit tests of the report's text (include/ak_prose.h): the document's
 * blocks, placeholders, rounding, sentence starts, bands, guards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_mem.h"
#include "ak_prose.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_test.h"

static const char cb_text[] =
    "variable,question,type,asked_if,label,block,register\n"
    "id,Nr,id,,Id,,\n"
    "q1a,1a,yesno,,Spørgsmål A i {prev_year},,\n"
    "q2a,2a,yesno,q1a=1,Spørgsmål B,,\n"
    "c1,3a,checkbox,q1a=1 | q2a=2,Kryds,,\n";

static const char set_text[] =
    "report \"Rapport\"\n"
    "section 1 \"1 Kapitel\"\n"
    "section 1.1 \"1.1 Afsnit {prev_year}\" parent=1\n"
    "colophon \"Udgiver\" \"Styrelsen, {sum year 1}\"\n";

static const char table_text[] =
    "table 1.1\n"
    "caption \"Tabel 1.1\"\n"
    "title \"T\"\n"
    "section 1.1\n"
    "base true\n"
    "column a\n"
    "measure antal\n"
    "measure procent\n"
    "row \"Ja\" q1a=1\n"
    "row \"Nej\" q1a=2\n"
    "optional \"Uoplyst\" missing(q1a)\n"
    "total \"I alt\"\n";

static const char text_text[] =
    "text 1\n"
    "let ja = cell 1.1 row=Ja\n"
    "let n = base 1.1\n"
    "chapter \"Forord\"\n"
    "para \"{ja} af {n}, svarende til {pct ja n} procent ({cell 1.1 row=1 m=procent}), jf. {ref 1.1}.\"\n"
    "heading 1.1\n"
    "para \"{ja} er {cmp ja 2 'flere' 'færre' 'lige så mange'} end 2. {band ja n}. {n} i alt; {word 2}.\"\n"
    "para if=\"ja = n\" \"Alle.\"\n"
    "para if=\"ja < n & ja > 0\" \"Ikke alle; uoplyst {cell 1.1 row='Uoplyst'}.\"\n"
    "subheading edition=internal \"Kun internt\"\n"
    "place 1.1\n"
    "chapter \"Bilag 3\" \"Skema\"\n"
    "questionnaire\n";

static ak_words *words(void)
{
    ak_words *w = ak_calloc(1, sizeof *w);
    static ak_band bands[] = {{0, 49, "under halvdelen"},
                              {50, 99, "mindst halvdelen"},
                              {100, 100, "alle"}};
    static ak_numword nums[] = {{2, "to"}, {3, "tre"}};
    static char *abbrs[] = {"jf."};
    static char *fk[] = {"svar", "svar_janej", "svar_afkrydsning",
                         "stilles_hvis", "spm", "er", "eller", "janej=1",
                         "janej=2", "og"};
    static char *fv[] = {"Svar", "Ja / Nej", "kryds", "Hvis", "spm.", "er",
                         "eller", "Ja", "Nej", "og"};
    w->bands = bands;
    w->nbands = 3;
    w->nums = nums;
    w->nnums = 2;
    w->abbrs = abbrs;
    w->nabbrs = 1;
    w->fkeys = fk;
    w->fvals = fv;
    w->nform = 10;
    return w;
}

typedef struct fx {
    ak_codebook *cb;
    ak_tableset *ts;
    ak_diags *d;
    ak_words *w;
} fx;

static int load(fx *f, const char *text)
{
    memset(f, 0, sizeof *f);
    f->d = ak_diags_new();
    if (ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &f->cb, f->d))
        return -1;
    ak_tpl_source src[] = {
        {"report.tpl", set_text, strlen(set_text)},
        {"t.tpl", table_text, strlen(table_text)},
        {"x.tpl", text, strlen(text)},
    };
    ak_status st = ak_templates_parse(src, 3, f->cb, &f->ts, f->d);
    f->w = words();
    return st == AK_OK ? 0 : -1;
}

static void unload(fx *f)
{
    ak_tableset_free(f->ts);
    ak_codebook_free(f->cb);
    ak_diags_free(f->d);
    ak_free(f->w);
}

/* Tabulate n rows: the first ja answer Ja, the rest Nej. */
static ak_results *run(fx *f, int n, int ja)
{
    ak_tab *tab = ak_tab_new(f->ts, f->cb, 2008, f->d);
    if (!tab)
        return NULL;
    ak_tab_set_words(tab, f->w);
    for (int i = 0; i < n; i++) {
        ak_value v[4];
        memset(v, 0, sizeof v);
        for (int k = 0; k < 4; k++) {
            v[k].state = AK_UOPLYST;
            v[k].raw = "";
        }
        v[1].state = AK_ANSWERED;
        v[1].num = i < ja ? 10 : 20;
        ak_row r = {0};
        r.nvars = 4;
        r.v = v;
        ak_tab_add(tab, &r, "1", "A");
    }
    ak_results *res = NULL;
    ak_status st = ak_tab_finish(tab, &res);
    ak_tab_free(tab);
    return st == AK_OK ? res : NULL;
}

static const char *para(const ak_results *r, size_t k)
{
    for (size_t i = 0; i < r->nblocks; i++)
        if (r->blocks[i].kind == AK_BLOCK_PARAGRAPH && k-- == 0)
            return r->blocks[i].text;
    return "";
}

static void test_document(void)
{
    fx f;
    AK_CHECK_EQ_INT(load(&f, text_text), 0);
    ak_results *r = f.ts ? run(&f, 3, 2) : NULL;
    AK_CHECK(r != NULL);
    if (!r) {
        unload(&f);
        return;
    }
    AK_CHECK_EQ_INT(r->has_text, 1);
    /* Forord, p, 1.1 heading, p, p(guard), subheading, table, Bilag 3,
     * 3 questions */
    AK_CHECK_EQ_INT((int)r->nblocks, 11);
    AK_CHECK_EQ_INT(r->blocks[0].kind, AK_BLOCK_HEADING);
    AK_CHECK_EQ_INT(r->blocks[0].level, 1);
    AK_CHECK(r->blocks[0].number == NULL);
    AK_CHECK_EQ_STR(r->blocks[0].anchor, "forord");
    AK_CHECK_EQ_STR(para(r, 0),
                    "To af 3, svarende til 67 procent (67), jf. tabel 1.1.");
    AK_CHECK_EQ_STR(r->blocks[2].number, "1.1");
    AK_CHECK_EQ_STR(r->blocks[2].text, "Afsnit 2007");
    AK_CHECK_EQ_INT(r->blocks[2].level, 2);
    AK_CHECK_EQ_STR(r->blocks[2].anchor, "s1-1");
    AK_CHECK_EQ_STR(para(r, 1),
                    "To er lige så mange end 2. Mindst halvdelen. Tre i alt; to.");
    AK_CHECK_EQ_STR(para(r, 2), "Ikke alle; uoplyst 0.");
    AK_CHECK_EQ_INT(r->blocks[5].level, 4);
    AK_CHECK_EQ_INT(r->blocks[5].internal, 1);
    AK_CHECK_EQ_INT(r->blocks[6].kind, AK_BLOCK_TABLE);
    AK_CHECK_EQ_INT((int)r->blocks[6].table, 0);
    AK_CHECK_EQ_STR(r->blocks[7].number, "Bilag 3");
    AK_CHECK_EQ_STR(para(r, 3), "1a Spørgsmål A i 2007. Svar: Ja / Nej.");
    AK_CHECK_EQ_STR(para(r, 5),
                    "3a Kryds. Svar: kryds. Hvis spm. 1a er Ja eller spm. 2a er Nej.");
    AK_CHECK_EQ_INT((int)r->ncolophon, 1);
    AK_CHECK_EQ_STR(r->colophon[0].value, "Styrelsen, 2009");
    ak_results_free(r);

    /* the words switch with the data: all, an empty base */
    r = run(&f, 3, 3);
    AK_CHECK(r && strcmp(para(r, 2), "Alle.") == 0);
    AK_CHECK(r && strstr(para(r, 1), "Alle. Tre i alt") != NULL);
    AK_CHECK(r && strstr(para(r, 1), "flere end 2") != NULL);
    ak_results_free(r);
    r = run(&f, 0, 0);
    AK_CHECK(r && strcmp(para(r, 0),
                         "0 af 0, svarende til - procent (-), jf. tabel 1.1.") == 0);
    AK_CHECK(r && strstr(para(r, 1), "færre end 2. -.") != NULL);
    ak_results_free(r);
    unload(&f);
}

static void test_errors(void)
{
    static const char *const bad[][2] = {
        {"text 1\npara \"{cell 1.1 row=Måske}\"\n", "x.tpl:2:21"},
        {"text 1\npara \"{cell 1.1 row=1 col=b}\"\n", "x.tpl:2:27"},
        {"text 1\npara \"{cell 9 row=1}\"\n", "x.tpl:2:13"},
        {"text 1\npara \"{cell 1.1 row=1 m=sum}\"\n", "x.tpl:2:25"},
        {"text 1\npara \"a {nix}\"\n", "x.tpl:2:10"},
        {"text 1\npara \"{pct 1}\"\n", "x.tpl:2:8"},
        {"text 1\npara if=\"a > 1\" \"x\"\n", "x.tpl:2:10"},
        {"text 1\nplace 7\n", "x.tpl:2:7"},
        {"text 1\nheading 9\n", "x.tpl:2:9"},
        {"text 1\npara \"{cmp 1 2 'a'}\"\n", "x.tpl:2:8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fx f;
        AK_CHECK(load(&f, bad[i][0]) != 0);
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        ak_diags_print(f.d, AK_SEV_NOTE, m);
        fclose(m);
        if (!strstr(buf, bad[i][1]))
            fprintf(stderr, "case %zu: want %s in:\n%s", i, bad[i][1], buf);
        AK_CHECK(strstr(buf, bad[i][1]) != NULL);
        free(buf);
        unload(&f);
    }
}

/* A percent no band covers is an error naming the template line. */
static void test_band_gap(void)
{
    fx f;
    AK_CHECK_EQ_INT(load(&f, "text 1\npara \"{band 101}\"\n"), 0);
    ak_results *r = run(&f, 1, 1);
    AK_CHECK(r == NULL);
    AK_CHECK(ak_diags_count_sev(f.d, AK_SEV_FATAL) == 1);
    unload(&f);
}

static void test_oom(void)
{
    fx f;
    AK_CHECK_EQ_INT(load(&f, text_text), 0);
    int ok = 0;
    for (long n = 1; n < 4000 && !ok; n++) {
        ak_tab *tab = ak_tab_new(f.ts, f.cb, 2008, f.d);
        if (!tab)
            continue;
        ak_tab_set_words(tab, f.w);
        ak_results *res = NULL;
        ak_mem_fail_at(n);
        ak_status st = ak_tab_finish(tab, &res);
        ak_mem_fail_at(0);
        ok = st == AK_OK;
        AK_CHECK(st == AK_OK || (st == AK_ERR_NOMEM && res == NULL));
        ak_results_free(res);
        ak_tab_free(tab);
    }
    AK_CHECK(ok);
    unload(&f);
}

/* Who did not answer, by region, in register order. */
static void test_nonrespondents(void)
{
    static const char reg_text[] = "kommunenr,kommune,region\n"
                                   "1,Aby,Nord\n2,Bby,Syd\n3,Cby,Nord\n"
                                   "4,Dby,Nord\n";
    fx f;
    AK_CHECK_EQ_INT(load(&f, "text 1\nnonrespondents\n"), 0);
    ak_register *reg = NULL;
    AK_CHECK_EQ_INT(ak_register_parse(reg_text, strlen(reg_text), "k.csv",
                                      &reg, f.d), AK_OK);
    ak_tab *tab = ak_tab_new(f.ts, f.cb, 2008, f.d);
    AK_CHECK(tab != NULL);
    if (tab && reg) {
        ak_tab_set_words(tab, f.w);
        ak_tab_set_register(tab, reg);
        ak_value v[4];
        memset(v, 0, sizeof v);
        for (int k = 0; k < 4; k++) {
            v[k].state = AK_UOPLYST;
            v[k].raw = "";
        }
        ak_row r = {0};
        r.nvars = 4;
        r.v = v;
        AK_CHECK_EQ_INT(ak_tab_add(tab, &r, "3", "Cby"), AK_OK);
        ak_results *res = NULL;
        AK_CHECK_EQ_INT(ak_tab_finish(tab, &res), AK_OK);
        AK_CHECK(res && res->nnonresp == 3);
        AK_CHECK(res && strcmp(para(res, 0), "Nord: Aby og Dby.") == 0);
        AK_CHECK(res && strcmp(para(res, 1), "Syd: Bby.") == 0);
        ak_results_free(res);
    }
    ak_tab_free(tab);
    ak_register_free(reg);
    unload(&f);
}

/* Out of memory while loading a set with text and colophon. */
static void test_oom_parse(void)
{
    ak_diags *d0 = ak_diags_new();
    ak_codebook *cb = NULL;
    AK_CHECK_EQ_INT(ak_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &cb,
                                      d0), AK_OK);
    ak_tpl_source src[] = {
        {"report.tpl", set_text, strlen(set_text)},
        {"t.tpl", table_text, strlen(table_text)},
        {"x.tpl", text_text, strlen(text_text)},
    };
    int ok = 0, bad = 0;
    for (long n = 1; n < 6000 && !ok; n++) {
        ak_diags *d = ak_diags_new();
        ak_tableset *ts = NULL;
        ak_mem_fail_at(n);
        ak_status st = ak_templates_parse(src, 3, cb, &ts, d);
        ak_mem_fail_at(0);
        if (st == AK_OK)
            ok = 1;
        else if (st != AK_ERR_NOMEM || ts != NULL)
            bad++;
        ak_tableset_free(ts);
        ak_diags_free(d);
    }
    AK_CHECK(ok);
    AK_CHECK_EQ_INT(bad, 0);
    ak_codebook_free(cb);
    ak_diags_free(d0);
}

/* The words file's 'enhed,flertal': what the respondents are called in the
 * plural (the comparison's "88 kommuner svarede begge år"); one only,
 * under that key only; none leaves it NULL; out of memory handled. */
static ak_status load_words(const char *text, ak_words **w, ak_diags *d)
{
    char path[] = "/tmp/ak-test-words-XXXXXX";
    int fd = mkstemp(path);
    AK_CHECK(fd >= 0);
    if (fd < 0)
        return AK_ERR_IO;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    ak_status st = ak_words_load(NULL, path, w, d);
    remove(path);
    return st;
}

static void test_units_word(void)
{
    ak_diags *d = ak_diags_new();
    ak_words *w = NULL;
    AK_CHECK_EQ_INT(load_words("art,noegle,tekst\ntal,2,to\n"
                               "enhed,flertal,kommuner\n", &w, d), AK_OK);
    AK_CHECK(w && w->units && strcmp(w->units, "kommuner") == 0);
    ak_words_free(w);
    w = NULL;
    AK_CHECK_EQ_INT(load_words("art,noegle,tekst\ntal,2,to\n", &w, d), AK_OK);
    AK_CHECK(w && w->units == NULL);
    ak_words_free(w);
    w = NULL;
    AK_CHECK_EQ_INT(load_words("art,noegle,tekst\nenhed,ental,kommune\n", &w,
                               d), AK_ERR_SYNTAX);
    AK_CHECK(w == NULL);
    AK_CHECK_EQ_INT(load_words("art,noegle,tekst\nenhed,flertal,a\n"
                               "enhed,flertal,b\n", &w, d), AK_ERR_SYNTAX);
    AK_CHECK(w == NULL);
    AK_CHECK(ak_diags_count(d) == 2);
    int ok = 0, bad = 0;
    for (long n = 1; n < 100 && !ok; n++) {
        ak_mem_fail_at(n);
        ak_status st = load_words("art,noegle,tekst\n"
                                  "enhed,flertal,kommuner\n", &w, d);
        ak_mem_fail_at(0);
        if (st == AK_OK)
            ok = w && w->units && strcmp(w->units, "kommuner") == 0;
        else if (st != AK_ERR_NOMEM || w != NULL)
            bad++;
        ak_words_free(w);
        w = NULL;
    }
    AK_CHECK(ok);
    AK_CHECK_EQ_INT(bad, 0);
    ak_diags_free(d);
}

AK_TEST_MAIN(test_oom_parse, test_nonrespondents, test_document, test_errors, test_band_gap, test_oom, test_units_word)
