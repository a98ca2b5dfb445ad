/*
 * Shared by the libFuzzer harnesses tests/fuzz/fuzz_*.c: the project's
 * codebook, checks, register and templates (loaded once from AK_HOME), a
 * sink for rendered output, and a small deterministic PRNG.  Header-only so
 * that each harness is one translation unit (the Makefile builds
 * tests/fuzz/fuzz_X.c into build/fuzz/fuzzers/fuzz_X).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_template.h"

#ifndef AK_HOME
#define AK_HOME "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the fuzzer with a message: a definition file of the project does
 * not load, or a harness property does not hold. */
#define FUZZ_ASSERT(cond, what)                                           \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "fuzz: property violated: %s (%s:%d)\n",      \
                    what, __FILE__, __LINE__);                            \
            abort();                                                      \
        }                                                                 \
    } while (0)

static inline void fuzz_die_diags(const char *what, ak_diags *d)
{
    fprintf(stderr, "fuzz: cannot load %s\n", what);
    if (d)
        ak_diags_print(d, AK_SEV_NOTE, stderr);
    abort();
}

/* The project codebook with its checks; never freed (lives for the run). */
static inline ak_codebook *fuzz_codebook(void)
{
    static ak_codebook *cb;
    if (cb)
        return cb;
    ak_diags *d = ak_diags_new();
    if (ak_codebook_load(AK_HOME "/data/codebook.csv", &cb, d) != AK_OK)
        fuzz_die_diags("data/codebook.csv", d);
    if (ak_codebook_load_checks(cb, AK_HOME "/data/checks.csv", d) != AK_OK)
        fuzz_die_diags("data/checks.csv", d);
    ak_diags_free(d);
    return cb;
}

static inline ak_register *fuzz_register(void)
{
    static ak_register *reg;
    if (reg)
        return reg;
    ak_diags *d = ak_diags_new();
    if (ak_register_load(AK_HOME "/data/kommuner.csv", &reg, d) != AK_OK)
        fuzz_die_diags("data/kommuner.csv", d);
    ak_diags_free(d);
    return reg;
}

static inline ak_tableset *fuzz_templates(void)
{
    static ak_tableset *ts;
    if (ts)
        return ts;
    ak_diags *d = ak_diags_new();
    if (ak_templates_load(AK_HOME "/templates", fuzz_codebook(), &ts, d) != AK_OK)
        fuzz_die_diags("templates/", d);
    ak_diags_free(d);
    return ts;
}

/* Rendered output goes here: written, never read. */
static inline FILE *fuzz_sink(void)
{
    static FILE *f;
    if (!f)
        f = fopen("/dev/null", "wb");
    if (!f)
        abort();
    return f;
}

/* xorshift64*: chunk sizes and synthetic values, from the input's hash. */
static inline uint64_t fuzz_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static inline uint64_t fuzz_hash(const void *p, size_t n, uint64_t h)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define FUZZ_FNV_INIT 14695981039346656037ULL

#endif
