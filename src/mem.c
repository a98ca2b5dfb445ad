/* Allocation wrappers with fault injection; see include/ak_mem.h. */
#include "ak_mem.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Atomic: parts of an input are read on several threads (ak_parallel.h). */
static atomic_long alloc_count;
static atomic_long fail_at;

/* True when this allocation must fail (fault injection). */
static int inject(void)
{
    long n = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
    long f = atomic_load_explicit(&fail_at, memory_order_relaxed);
    return f > 0 && n >= f;
}

void ak_mem_fail_at(long n)
{
    atomic_store(&alloc_count, 0);
    atomic_store(&fail_at, n);
}

long ak_mem_count(void)
{
    return atomic_load(&alloc_count);
}

void *ak_malloc(size_t n)
{
    if (inject())
        return NULL;
    return malloc(n ? n : 1);
}

void *ak_calloc(size_t count, size_t size)
{
    if (inject())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *ak_realloc(void *p, size_t n)
{
    if (inject())
        return NULL;
    return realloc(p, n ? n : 1);
}

void *ak_reallocarray(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return ak_realloc(p, count * size);
}

char *ak_strndup(const char *s, size_t n)
{
    char *r = ak_malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *ak_strdup(const char *s)
{
    return s ? ak_strndup(s, strlen(s)) : NULL;
}

char *ak_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *r = ak_malloc((size_t)n + 1);
    if (!r)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(r, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return r;
}

void ak_free(void *p)
{
    free(p);
}

int ak_grow(void *arrp, size_t *cap, size_t n, size_t size, size_t first)
{
    void **arr = arrp;
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : first;
    if (nc <= n)
        nc = n + 1;
    void *p = ak_reallocarray(*arr, nc, size);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

void ak_sbuf_add(ak_sbuf *b, const char *p, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        while (nc < b->n + n + 1)
            nc *= 2;
        char *q = ak_realloc(b->s, nc);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->s = q;
        b->cap = nc;
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}
