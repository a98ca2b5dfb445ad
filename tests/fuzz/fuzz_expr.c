/*
 * Fuzz harness: the expression language (ak_expr_parse), from memory,
 * against the project codebook, with the bindings templates use ({g}, {n})
 * and a source location whose line text embeds the input (so the caret
 * display of diagnostics is exercised).  A parsed expression is formatted
 * (into a tiny and a large buffer), described in Danish, re-parsed from
 * its canonical form (which must parse to the same canonical form), and
 * evaluated against three respondents.
 */
#include <string.h>

#include "ak_expr.h"
#include "ak_ingest.h"
#include "fuzz_common.h"

static ak_value *vals[3];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ak_codebook *cb = fuzz_codebook();
    for (int k = 0; k < 3; k++) {
        vals[k] = calloc(cb->nvars, sizeof *vals[k]);
        if (!vals[k])
            abort();
        for (size_t i = 0; i < cb->nvars; i++) {
            vals[k][i].raw = "";
            vals[k][i].state = k == 0 ? AK_UOPLYST
                             : k == 1 ? AK_ANSWERED
                                      : (ak_state)(i % 4);
            vals[k][i].num = k == 1 ? 10 : (int64_t)(i % 25) * 5;
        }
    }
    return 0;
}

static const ak_binding bind[] = {{"g", "a"}, {"n", "1"}, {"grp", "sb"}};

static void try_parse(const char *src, size_t len, size_t max_var, ak_diags *d)
{
    ak_codebook *cb = fuzz_codebook();
    /* The line as a template would hold it: a keyword, then the text. */
    static const char kw[] = "base    ";
    char *line = malloc(sizeof kw + len);
    if (!line)
        abort();
    memcpy(line, kw, sizeof kw - 1);
    memcpy(line + sizeof kw - 1, src, len);
    line[sizeof kw - 1 + len] = '\0';
    ak_srcloc loc = {"fuzz.tpl", 3, (long)sizeof kw, line};
    ak_expr *e = NULL;
    ak_status st = ak_expr_parse(src, len, cb, max_var, bind,
                                 sizeof bind / sizeof bind[0], &loc, &e, d);
    if (st == AK_OK) {
        FUZZ_ASSERT(e != NULL, "a parsed expression");
        char tiny[4], big[4096], again[4096];
        ak_expr_format(e, cb, tiny, sizeof tiny);
        ak_expr_format(e, cb, big, sizeof big);
        ak_expr_describe(e, cb, tiny, sizeof tiny);
        ak_expr_describe(e, cb, again, sizeof again);
        for (int k = 0; k < 3; k++) {
            int r = ak_expr_eval(e, vals[k]);
            FUZZ_ASSERT(r == 0 || r == 1, "eval gives 0 or 1");
        }
        const size_t *vars;
        size_t n = ak_expr_vars(e, &vars);
        for (size_t i = 0; i < n; i++)
            FUZZ_ASSERT(vars[i] < max_var, "variables below max_var");
        /* The canonical form parses to itself (when it fit the buffer). */
        if (strlen(big) < sizeof big - 1) {
            ak_expr *e2 = NULL;
            ak_diags *d2 = ak_diags_new();
            ak_status st2 = ak_expr_parse(big, strlen(big), cb, cb->nvars,
                                          NULL, 0, NULL, &e2, d2);
            if (st2 != AK_OK) {
                fprintf(stderr, "canonical form: %s\n", big);
                ak_diags_print(d2, AK_SEV_NOTE, stderr);
            }
            FUZZ_ASSERT(st2 == AK_OK, "canonical form parses");
            ak_expr_format(e2, cb, again, sizeof again);
            if (strcmp(big, again) != 0)
                fprintf(stderr, "canonical form: %s\nreformatted: %s\n", big, again);
            FUZZ_ASSERT(strcmp(big, again) == 0, "canonical form is stable");
            for (int k = 0; k < 3; k++)
                FUZZ_ASSERT(ak_expr_eval(e, vals[k]) == ak_expr_eval(e2, vals[k]),
                            "canonical form evaluates the same");
            ak_expr_free(e2);
            ak_diags_free(d2);
        }
    } else {
        FUZZ_ASSERT(e == NULL, "no expression on failure");
        FUZZ_ASSERT(ak_diags_count_sev(d, AK_SEV_FATAL) > 0 || ak_diags_lost(d),
                    "a failed parse says why");
    }
    ak_expr_free(e);
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ak_codebook *cb = fuzz_codebook();
    ak_diags *d = ak_diags_new();
    if (!d)
        abort();
    try_parse((const char *)data, size, cb->nvars, d);
    /* Routing conditions may only name earlier questions. */
    try_parse((const char *)data, size, 1 + (size % cb->nvars), d);
    ak_diags_print(d, AK_SEV_NOTE, fuzz_sink());
    ak_diags_free(d);
    return 0;
}
