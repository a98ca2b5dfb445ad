/*
 * Fuzz harness: the codebook, checks and register parsers, from memory.
 *
 * The input is split at its first NUL byte (NUL cannot occur in a valid
 * CSV file, so the split costs the fuzzer nothing):
 *   - with a NUL: codebook text before it, checks text after it; the
 *     checks are parsed against the fuzzed codebook when that loads;
 *   - without: the whole input is tried as a codebook (then the project's
 *     checks are parsed against it), as a checks file against the project
 *     codebook, and as a register.
 * Every loaded codebook's routing conditions are formatted, described and
 * evaluated, as validation messages do.
 */
#include <string.h>

#include "ak_expr.h"
#include "ak_ingest.h"
#include "fuzz_common.h"

static char project_checks[1 << 16], project_codebook[1 << 18];
static size_t project_checks_len, project_codebook_len;

static size_t slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    size_t n = fread(buf, 1, size, f);
    fclose(f);
    FUZZ_ASSERT(n < size, "project file fits its buffer");
    return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    project_checks_len = slurp(AK_HOME "/data/checks.csv", project_checks,
                               sizeof project_checks);
    project_codebook_len = slurp(AK_HOME "/data/codebook.csv", project_codebook,
                                 sizeof project_codebook);
    return 0;
}

/* Use what a loaded codebook offers, as validation would. */
static void exercise(const ak_codebook *cb, int with_checks)
{
    ak_value *vals = calloc(cb->nvars ? cb->nvars : 1, sizeof *vals);
    if (!vals)
        abort();
    for (size_t i = 0; i < cb->nvars; i++) {
        vals[i].state = (i % 3) ? AK_ANSWERED : AK_UOPLYST;
        vals[i].num = (int64_t)(i % 4) * 10;
        vals[i].raw = "";
    }
    char small[8], big[2048];
    for (size_t i = 0; i < cb->nvars; i++) {
        const ak_expr *e = cb->vars[i].asked_if;
        FUZZ_ASSERT(cb->vars[i].name && cb->vars[i].question, "variable fields");
        if (!e)
            continue;
        ak_expr_format(e, cb, small, sizeof small);
        ak_expr_format(e, cb, big, sizeof big);
        ak_expr_describe(e, cb, small, sizeof small);
        ak_expr_describe(e, cb, big, sizeof big);
        (void)ak_expr_eval(e, vals);
        const size_t *vars;
        size_t n = ak_expr_vars(e, &vars);
        for (size_t k = 0; k < n; k++)
            FUZZ_ASSERT(vars[k] < i, "routing refers only to earlier variables");
        size_t found = ak_codebook_find(cb, cb->vars[i].name,
                                        strlen(cb->vars[i].name));
        FUZZ_ASSERT(found == i, "every variable is found by its name");
    }
    /* Checks of a failed load are incomplete (the run stops there); those
     * of a good one have an assert, and a 'when' unless it was empty. */
    for (size_t i = 0; with_checks && i < cb->nchecks; i++) {
        FUZZ_ASSERT(cb->checks[i].assert_ != NULL, "a check has an assert");
        if (cb->checks[i].when)
            (void)ak_expr_eval(cb->checks[i].when, vals);
        (void)ak_expr_eval(cb->checks[i].assert_, vals);
        ak_expr_describe(cb->checks[i].assert_, cb, big, sizeof big);
    }
    FUZZ_ASSERT(cb->id_var < cb->nvars, "one id variable");
    free(vals);
}

static void try_codebook(const char *cbtext, size_t cblen,
                         const char *checks, size_t checkslen)
{
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    if (ak_codebook_parse(cbtext, cblen, "fuzz-codebook.csv", &cb, d) == AK_OK) {
        FUZZ_ASSERT(cb != NULL, "a parsed codebook");
        ak_status st = ak_codebook_parse_checks(cb, checks, checkslen,
                                                "fuzz-checks.csv", d);
        exercise(cb, st == AK_OK);
    } else {
        FUZZ_ASSERT(ak_diags_count_sev(d, AK_SEV_FATAL) > 0 || ak_diags_lost(d),
                    "a failed load says why");
    }
    ak_diags_print(d, AK_SEV_NOTE, fuzz_sink());
    ak_codebook_free(cb);
    ak_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    if (nul) {
        size_t n = (size_t)(nul - text);
        try_codebook(text, n, nul + 1, size - n - 1);
        return 0;
    }
    try_codebook(text, size, project_checks, project_checks_len);

    /* As checks against the project codebook: parse into a copy, since
     * checks are added to the codebook they are parsed against. */
    ak_diags *d = ak_diags_new();
    ak_codebook *cb = NULL;
    if (ak_codebook_parse(project_codebook, project_codebook_len,
                          "codebook.csv", &cb, d) != AK_OK)
        abort();
    ak_status st = ak_codebook_parse_checks(cb, text, size, "fuzz-checks.csv", d);
    exercise(cb, st == AK_OK);
    ak_codebook_free(cb);

    /* As a register. */
    ak_register *reg = NULL;
    if (ak_register_parse(text, size, "fuzz-kommuner.csv", &reg, d) == AK_OK) {
        (void)ak_register_count(reg);
        (void)ak_register_name(reg, "101");
        (void)ak_register_name(reg, "");
    }
    ak_register_free(reg);
    ak_diags_print(d, AK_SEV_NOTE, fuzz_sink());
    ak_diags_free(d);
    return 0;
}
