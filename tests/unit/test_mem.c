/* Unit tests of the allocation wrappers and their fault injection. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_test.h"

static void test_basic(void)
{
    ak_mem_fail_at(0);
    char *p = ak_malloc(0);
    AK_CHECK(p != NULL);
    ak_free(p);
    unsigned char *z = ak_calloc(16, 4);
    AK_CHECK(z != NULL);
    int zero = 1;
    for (size_t i = 0; z && i < 64; i++)
        zero &= z[i] == 0;
    AK_CHECK(zero);
    ak_free(z);
    void *c0 = ak_calloc(0, 0);
    AK_CHECK(c0 != NULL);
    ak_free(c0);
    ak_free(NULL);   /* a no-op */

    char *s = ak_strdup("tilsyn");
    AK_CHECK_EQ_STR(s, "tilsyn");
    s = ak_realloc(s, 1000);
    AK_CHECK_EQ_STR(s, "tilsyn");   /* contents kept */
    ak_free(s);
    AK_CHECK(ak_strdup(NULL) == NULL);
    char *n = ak_strndup("abcdef", 3);
    AK_CHECK_EQ_STR(n, "abc");
    ak_free(n);
    char *f = ak_asprintf("%s:%d:%ld", "fil.csv", 12, 7L);
    AK_CHECK_EQ_STR(f, "fil.csv:12:7");
    ak_free(f);
    char *e = ak_asprintf("%s", "");
    AK_CHECK_EQ_STR(e, "");
    ak_free(e);
}

static void test_reallocarray_overflow(void)
{
    ak_mem_fail_at(0);
    int *a = ak_reallocarray(NULL, 4, sizeof *a);
    AK_CHECK(a != NULL);
    for (int i = 0; a && i < 4; i++)
        a[i] = i * 11;
    int *b = ak_reallocarray(a, SIZE_MAX / 2, 4);   /* overflows size_t */
    AK_CHECK(b == NULL);
    AK_CHECK_EQ_INT(a[3], 33);                       /* old block untouched */
    b = ak_reallocarray(a, 8, sizeof *a);
    AK_CHECK(b != NULL);
    AK_CHECK_EQ_INT(b[2], 22);
    ak_free(b);
}

static void test_count(void)
{
    ak_mem_fail_at(0);
    AK_CHECK_EQ_INT(ak_mem_count(), 0);   /* fail_at resets the count */
    void *p = ak_malloc(1);
    void *q = ak_calloc(1, 1);
    p = ak_realloc(p, 2);
    char *s = ak_strdup("x");             /* one allocation */
    char *t = ak_asprintf("%d", 1);       /* one allocation */
    AK_CHECK_EQ_INT(ak_mem_count(), 5);
    ak_free(p);
    ak_free(q);
    ak_free(s);
    ak_free(t);
    AK_CHECK_EQ_INT(ak_mem_count(), 5);   /* frees are not counted */
}

static void test_fail_at(void)
{
    /* The 3rd allocation from now fails, and every later one. */
    ak_mem_fail_at(3);
    void *a = ak_malloc(8);
    void *b = ak_calloc(1, 8);
    AK_CHECK(a != NULL);
    AK_CHECK(b != NULL);
    AK_CHECK(ak_malloc(8) == NULL);
    AK_CHECK(ak_calloc(1, 8) == NULL);
    AK_CHECK(ak_strdup("x") == NULL);
    AK_CHECK(ak_strndup("xy", 1) == NULL);
    AK_CHECK(ak_asprintf("%d", 5) == NULL);
    AK_CHECK(ak_reallocarray(NULL, 2, 2) == NULL);
    /* A failing realloc leaves the block as it was. */
    memcpy(a, "abcdefg", 8);
    AK_CHECK(ak_realloc(a, 4096) == NULL);
    AK_CHECK_EQ_STR((char *)a, "abcdefg");
    ak_free(a);
    ak_free(b);
    /* Switched off again. */
    ak_mem_fail_at(0);
    void *c = ak_malloc(8);
    AK_CHECK(c != NULL);
    ak_free(c);
    /* n = 1: the very next one fails. */
    ak_mem_fail_at(1);
    AK_CHECK(ak_malloc(1) == NULL);
    ak_mem_fail_at(0);
}

/* ak_sbuf_add: appends, stays NUL-terminated across growth (64, 128, ...),
 * an empty append makes "", and after a failed allocation keeps what it
 * had, sets oom and appends nothing more. */
static void test_sbuf(void)
{
    ak_mem_fail_at(0);
    ak_sbuf b = {0};
    AK_CHECK(b.s == NULL);
    ak_sbuf_add(&b, "", 0);
    AK_CHECK_EQ_STR(b.s, "");
    AK_CHECK_EQ_INT(b.cap, 64);
    for (int i = 0; i < 100; i++)
        ak_sbuf_add(&b, "abc", 2);
    AK_CHECK_EQ_INT(b.n, 200);
    AK_CHECK_EQ_INT(b.cap, 256);
    AK_CHECK_EQ_INT(strlen(b.s), 200);
    AK_CHECK(strncmp(b.s + 196, "abab", 5) == 0);
    char big[57];
    memset(big, 'x', sizeof big);
    ak_mem_fail_at(1);
    ak_sbuf_add(&b, big, sizeof big);  /* needs 258 bytes: realloc fails */
    ak_mem_fail_at(0);
    AK_CHECK(b.oom);
    AK_CHECK_EQ_INT(b.n, 200);
    ak_sbuf_add(&b, "y", 1);      /* room, but oom: nothing */
    AK_CHECK_EQ_INT(b.n, 200);
    AK_CHECK_EQ_INT(strlen(b.s), 200);
    ak_free(b.s);
}

AK_TEST_MAIN(test_basic, test_reallocarray_overflow, test_count, test_fail_at,
             test_sbuf)
