/*
 * Fuzz harness: the table template parser, from memory
 * (ak_templates_parse; no temporary files).  The input is split at NUL
 * bytes into up to 8 template files (fuzz0.tpl, fuzz1.tpl, ...), parsed
 * against the project codebook.  A set that loads is then tabulated over
 * a few synthetic respondents (all blank, all answered, mixed states) and
 * rendered (tables.csv and the wide CSVs) to /dev/null, and its note texts
 * are expanded.
 */
#include <string.h>

#include "ak_ingest.h"
#include "ak_render.h"
#include "ak_tabulate.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_codebook();
    return 0;
}

static long long ph_value(ak_tpl_ph ph, const char *key, size_t rowno, void *ud)
{
    (void)key;
    (void)ud;
    return (long long)ph * 1000 + (long long)rowno;
}

static void tabulate(const ak_tableset *ts, uint64_t seed)
{
    ak_codebook *cb = fuzz_codebook();
    ak_diags *d = ak_diags_new();
    ak_tab *tab = ak_tab_new(ts, cb, 2008, d);
    ak_value *v = calloc(cb->nvars, sizeof *v);
    if (!d || !tab || !v)
        abort();
    for (int k = 0; k < 4; k++) {
        for (size_t i = 0; i < cb->nvars; i++) {
            v[i].raw = "";
            v[i].state = k == 0 ? AK_UOPLYST
                       : k == 1 ? AK_ANSWERED
                                : (ak_state)(fuzz_rand(&seed) % 4);
            v[i].num = k == 1 ? 10 : (int64_t)(fuzz_rand(&seed) % 40);
        }
        ak_row row = {k + 2, k + 1, cb->nvars, v};
        if (ak_tab_add(tab, &row, "101", "København") != AK_OK)
            break;
    }
    ak_results *res = NULL;
    if (ak_tab_finish(tab, &res) == AK_OK && res) {
        FILE *sink = fuzz_sink();
        ak_render_tables_csv(res, sink);
        for (size_t i = 0; i < res->ntables; i++) {
            ak_render_table_wide_csv(&res->tables[i], 0, sink);
            ak_render_table_wide_csv(&res->tables[i], 1, sink);
        }
    }
    for (size_t t = 0; t < ts->ntables; t++)
        for (size_t i = 0; i < ts->tables[t].nnotes; i++) {
            char *s = ak_tpl_expand(ts->tables[t].notes[i], ph_value, NULL);
            FUZZ_ASSERT(s != NULL, "note expands");
            free(s);
        }
    ak_diags_print(d, AK_SEV_NOTE, fuzz_sink());
    ak_results_free(res);
    ak_tab_free(tab);
    free(v);
    ak_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *names[8] = {"fuzz0.tpl", "fuzz1.tpl", "fuzz2.tpl",
                                   "fuzz3.tpl", "fuzz4.tpl", "fuzz5.tpl",
                                   "fuzz6.tpl", "fuzz7.tpl"};
    ak_tpl_source src[8];
    size_t n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (n < 8) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        const char *stop = nul && n < 7 ? nul : end;
        src[n].name = names[n];
        src[n].buf = p;
        src[n].len = (size_t)(stop - p);
        n++;
        if (stop == end)
            break;
        p = stop + 1;
    }
    ak_diags *d = ak_diags_new();
    ak_tableset *ts = NULL;
    ak_status st = ak_templates_parse(src, n, fuzz_codebook(), &ts, d);
    if (st == AK_OK) {
        FUZZ_ASSERT(ts != NULL, "a parsed set");
        tabulate(ts, fuzz_hash(data, size, FUZZ_FNV_INIT) | 1);
    } else {
        FUZZ_ASSERT(ak_diags_count_sev(d, AK_SEV_FATAL) > 0 || ak_diags_lost(d),
                    "a failed parse says why");
    }
    ak_diags_print(d, AK_SEV_NOTE, fuzz_sink());
    ak_tableset_free(ts);
    ak_diags_free(d);
    return 0;
}
