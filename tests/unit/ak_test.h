/*
 * A tiny unit-test harness: each test_*.c defines test functions and ends
 * with AK_TEST_MAIN(fn1, fn2, ...).  Failed checks print file:line and the
 * values; the program prints "N passed, N failed" and exits 1 on failure.
 */
#ifndef AK_TEST_H
#define AK_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static long ak_test_passed_, ak_test_failed_;

#define AK_CHECK(cond)                                                       \
    do {                                                                     \
        if (cond) {                                                          \
            ak_test_passed_++;                                               \
        } else {                                                             \
            ak_test_failed_++;                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
        }                                                                    \
    } while (0)

#define AK_CHECK_EQ_INT(a, b)                                                \
    do {                                                                     \
        long long a_ = (long long)(a), b_ = (long long)(b);                  \
        if (a_ == b_) {                                                      \
            ak_test_passed_++;                                               \
        } else {                                                             \
            ak_test_failed_++;                                               \
            fprintf(stderr, "%s:%d: %s == %s: %lld != %lld\n", __FILE__,     \
                    __LINE__, #a, #b, a_, b_);                               \
        }                                                                    \
    } while (0)

#define AK_CHECK_EQ_STR(a, b)                                                \
    do {                                                                     \
        const char *a_ = (a), *b_ = (b);                                     \
        if (a_ && b_ && strcmp(a_, b_) == 0) {                               \
            ak_test_passed_++;                                               \
        } else {                                                             \
            ak_test_failed_++;                                               \
            fprintf(stderr, "%s:%d: %s == %s: \"%s\" != \"%s\"\n", __FILE__, \
                    __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
        }                                                                    \
    } while (0)

/* True when haystack contains needle. */
#define AK_CHECK_CONTAINS(hay, needle)                                       \
    do {                                                                     \
        const char *h_ = (hay), *n_ = (needle);                              \
        if (h_ && n_ && strstr(h_, n_)) {                                    \
            ak_test_passed_++;                                               \
        } else {                                                             \
            ak_test_failed_++;                                               \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n",       \
                    __FILE__, __LINE__, h_ ? h_ : "(null)", n_ ? n_ : "");   \
        }                                                                    \
    } while (0)

typedef void (*ak_test_fn)(void);

#define AK_TEST_MAIN(...)                                                    \
    int main(void)                                                           \
    {                                                                        \
        ak_test_fn fns_[] = {__VA_ARGS__};                                   \
        for (size_t i_ = 0; i_ < sizeof fns_ / sizeof fns_[0]; i_++)         \
            fns_[i_]();                                                      \
        printf("%s: %ld passed, %ld failed\n", __FILE__, ak_test_passed_,    \
               ak_test_failed_);                                             \
        return ak_test_failed_ ? 1 : 0;                                      \
    }

#endif
