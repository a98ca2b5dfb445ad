/*
 * Templates, small helpers the phases share; see tpl.h and include/ak_template.h.
 */
#include "tpl.h"

/* ---- small helpers ----------------------------------------------------- */

/* Grow two parallel arrays to the same capacity (*cap is only raised when
 * both grew). */
int tpl_grow_pair(void *ap, size_t asz, void *bp, size_t bsz, size_t *cap,
                     size_t n)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 4;
    void **a = ap, **b = bp;
    void *na = ak_reallocarray(*a, nc, asz);
    if (!na)
        return -1;
    *a = na;
    void *nb = ak_reallocarray(*b, nc, bsz);
    if (!nb)
        return -1;
    *b = nb;
    *cap = nc;
    return 0;
}

int tpl_is_ident_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* 1-based character column of byte offset off in line. */
long tpl_char_col(const char *line, size_t off)
{
    return 1 + ak_utf8_chars(line, off);
}

