/* Unit tests of the codebook, checks and register (include/ak_codebook.h). */
#include <string.h>

#include "ak_codebook.h"
#include "ak_mem.h"
#include "ak_test.h"

static ak_status parse(const char *src, ak_codebook **cb, ak_diags *d)
{
    return ak_codebook_parse(src, strlen(src), "cb.csv", cb, d);
}

static void test_project_codebook(void)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    AK_CHECK_EQ_INT(ak_codebook_load(AK_HOME "/data/codebook.csv", &cb, d), AK_OK);
    ak_diags_print(d, AK_SEV_NOTE, stderr);
    AK_CHECK(cb != NULL);
    if (!cb)
        return;
    AK_CHECK_EQ_INT(cb->vars[cb->id_var].type, AK_T_ID);
    AK_CHECK_EQ_STR(cb->id_register, "kommuner");
    AK_CHECK(cb->name_var != AK_NO_VAR);
    AK_CHECK(cb->note_var != AK_NO_VAR);
    size_t q2_1a = ak_codebook_find(cb, "Q2_1A", 5);
    AK_CHECK(q2_1a != AK_NO_VAR && cb->vars[q2_1a].asked_if != NULL);
    AK_CHECK_EQ_STR(cb->vars[q2_1a].question, "2.1a");
    AK_CHECK_EQ_INT(cb->nblocks, 6);
    AK_CHECK_EQ_INT(ak_codebook_load_checks(cb, AK_HOME "/data/checks.csv", d), AK_OK);
    AK_CHECK_EQ_INT(cb->nchecks, 2);
    ak_codebook_free(cb);
    ak_register *r = NULL;
    AK_CHECK_EQ_INT(ak_register_load(AK_HOME "/data/kommuner.csv", &r, d), AK_OK);
    AK_CHECK_EQ_INT(ak_register_count(r), 98);
    AK_CHECK_EQ_STR(ak_register_name(r, "101"), "København");
    AK_CHECK_EQ_STR(ak_register_name(r, " 851 "), "Aalborg");
    AK_CHECK(ak_register_name(r, "999") == NULL);
    AK_CHECK_EQ_STR(ak_register_id_at(r, 0), "101");
    AK_CHECK_EQ_STR(ak_register_name_at(r, 0), "København");
    AK_CHECK_EQ_STR(ak_register_region_at(r, 0), "Region Hovedstaden");
    AK_CHECK_EQ_STR(ak_register_region_at(r, 97), "Region Nordjylland");
    ak_register_free(r);
    /* without a region column the region is "" */
    static const char noreg[] = "kommune,kommunenr\nA,1\nB,2\n";
    AK_CHECK_EQ_INT(ak_register_parse(noreg, sizeof noreg - 1, "r.csv", &r, d),
                    AK_OK);
    AK_CHECK_EQ_INT(ak_register_count(r), 2);
    AK_CHECK_EQ_STR(ak_register_id_at(r, 1), "2");
    AK_CHECK_EQ_STR(ak_register_name_at(r, 1), "B");
    AK_CHECK_EQ_STR(ak_register_region_at(r, 1), "");
    ak_register_free(r);
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    ak_diags_free(d);
}

static void check_bad(const char *src, const char *msg, long line, long col)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    AK_CHECK(parse(src, &cb, d) != AK_OK);
    AK_CHECK(cb == NULL);
    int found = 0;
    for (size_t i = 0; i < ak_diags_count(d); i++) {
        const ak_diag *g = ak_diags_get(d, i);
        if (g->message && strstr(g->message, msg) && g->line == line && g->col == col)
            found = 1;
    }
    if (!found) {
        fprintf(stderr, "wanted %ld:%ld: %s, got:\n", line, col, msg);
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    }
    AK_CHECK(found);
    ak_diags_free(d);
}

#define HDR "variable,question,type,asked_if,label\n"

static void test_errors(void)
{
    check_bad(HDR "id,Id,id,,x\nq1,1,yesno,q2=1,x\n", "ukendt variabel 'q2'", 3, 12);
    check_bad(HDR "id,Id,id,,x\nq1,1,yesno,,x\nq0,0,yesno,q1=1 & q0=1,x\n",
              "'q0' står ikke før", 4, 19);
    check_bad(HDR "id,Id,id,,x\nq1,1,yesnoo,,x\n", "ukendt type 'yesnoo'", 3, 3);
    check_bad(HDR "id,Id,id,,x\nq1,1,yesno,,x\nQ1,1,yesno,,x\n", "'q1' står to gange", 4, 1);
    check_bad(HDR "q1,1,yesno,,x\n", "ingen variabel af typen 'id'", 0, 0);
    check_bad("variable,question,type,label\nid,Id,id,x\n", "kolonnen 'asked_if' mangler", 1, 0);
    check_bad(HDR "id,Id,id,,x\nid2,Id,id,,x\n", "mere end én variabel af typen 'id'", 3, 1);
    /* Names that no expression could refer to, or too long to look up. */
    check_bad(HDR "id,Id,id,,x\nq-1,1,yesno,,x\n", "må kun have bogstaverne", 3, 1);
    check_bad(HDR "id,Id,id,,x\n"
              "q12345678901234567890123456789012345678901234567890123456789012345,1,yesno,,x\n",
              "højst 64 tegn", 3, 1);
}

static void test_checks_errors(void)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    AK_CHECK_EQ_INT(parse(HDR "id,Id,id,,x\nn,1,count,,x\n", &cb, d), AK_OK);
    const char *ck = "rule,question,when,assert,label,message\nr,1,,n=sum(m),l,m\n";
    AK_CHECK_EQ_INT(ak_codebook_parse_checks(cb, ck, strlen(ck), "checks.csv", d), AK_ERR_SYNTAX);
    const ak_diag *g = ak_diags_get(d, 0);
    AK_CHECK(g && g->line == 2 && g->col == 12);
    AK_CHECK_CONTAINS(g ? g->message : NULL, "ukendt variabel 'm'");
    ak_codebook_free(cb);
    ak_diags_free(d);
}

static void test_oom(void)
{
    for (long n = 1; n < 400; n += 3) {
        ak_diags *d = ak_diags_new();
        ak_codebook *cb = NULL;
        ak_mem_fail_at(n);
        ak_status st = ak_codebook_load(AK_HOME "/data/codebook.csv", &cb, d);
        ak_mem_fail_at(0);
        AK_CHECK((st == AK_OK) == (cb != NULL));
        AK_CHECK(st == AK_OK || st == AK_ERR_NOMEM || st == AK_ERR_IO);
        ak_codebook_free(cb);
        ak_diags_free(d);
    }
}

AK_TEST_MAIN(test_project_codebook, test_errors, test_checks_errors, test_oom)
