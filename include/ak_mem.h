/*
 * ak_mem: the engine's own allocator wrappers.
 *
 * Every allocation the engine makes goes through these functions so that a
 * test can make the Nth one fail (fault injection) and check that the run
 * ends with a clean message, no output and no leak.  GLib, Pango and cairo
 * allocate on their own and abort on out-of-memory by design; that bounds
 * the guarantee (see README.md, "Failure").
 *
 * All functions return NULL when the allocation fails (or is made to fail);
 * the caller owns what they return and frees it with ak_free() (or free():
 * they are plain malloc blocks).  ak_free(NULL) is a no-op.
 */
#ifndef AK_MEM_H
#define AK_MEM_H

#include <stddef.h>

void *ak_malloc(size_t n);
void *ak_calloc(size_t count, size_t size);
/* Like realloc(); on failure the old block is left untouched. */
void *ak_realloc(void *p, size_t n);
/* Resize an array of count*size bytes, failing (NULL) on overflow. */
void *ak_reallocarray(void *p, size_t count, size_t size);
/*
 * Make room for element n of a growing array: when n >= *cap, the array
 * *arrp (of elements of 'size' bytes) is reallocated to twice its capacity
 * (to 'first' elements when it has none) and *cap raised.  Returns 0, or
 * -1 when out of memory, leaving the array and *cap as they were.  The one
 * growth policy of the engine's arrays.
 */
int ak_grow(void *arrp, size_t *cap, size_t n, size_t size, size_t first);
char *ak_strdup(const char *s);
char *ak_strndup(const char *s, size_t n);
/* printf into a new string; caller owns the result. */
char *ak_asprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
void ak_free(void *p);

/*
 * A growing NUL-terminated string: start from {0}; s stays NULL until the
 * first append.  After a failed allocation oom is set and appends do
 * nothing.  Caller owns s; free with ak_free().
 */
typedef struct ak_sbuf {
    char *s;
    size_t n, cap;
    int oom;
} ak_sbuf;
/* Append the n bytes at p (capacity doubles from 64). */
void ak_sbuf_add(ak_sbuf *b, const char *p, size_t n);

/*
 * Fault injection.  After ak_mem_fail_at(n) with n >= 1, the n-th
 * allocation from now fails, and every later one too (so an error path that
 * allocates fails as well); n = 0 switches injection off.  The CLI reads the
 * environment variable AK_FAIL_ALLOC=n at start-up.
 */
void ak_mem_fail_at(long n);
/* Allocations made so far (the count fault injection uses). */
long ak_mem_count(void);

#endif
