/*
 * ak_value: the value model every stage shares: the four states of an
 * answer, a typed value and a row of them (indexed like the codebook).
 * Ingestion makes rows, validation settles their states, tabulation and
 * the row outputs read them.
 */
#ifndef AK_VALUE_H
#define AK_VALUE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The four states of spec/issue: every answer ends in one of them.
 * Ingestion sets ANSWERED (parsed), UOPLYST (blank) or INVALID (breaks its
 * type); validation (ak_validate.h) applies the routing and settles them:
 * NOT_ASKED where the routing did not ask, UOPLYST for an asked block left
 * entirely empty, and so on.
 */
typedef enum ak_state {
    AK_ANSWERED = 0,
    AK_UOPLYST,      /* asked (or not yet routed) and left blank */
    AK_NOT_ASKED,    /* the routing did not ask the question */
    AK_INVALID       /* the value breaks its type: treated as not answered */
} ak_state;

typedef struct ak_value {
    int64_t num;         /* numeric value in tenths, see ak_expr.h */
    ak_state state;
    const char *raw;     /* field as given, trimmed, UTF-8, NUL-terminated;
                            "" for blank, absent optional and pii columns */
    size_t rawlen;
    long col;            /* 1-based field number in the input, 0 if absent */
} ak_value;

typedef struct ak_row {
    long line;           /* input line where the row starts */
    long index;          /* 1-based data row number */
    size_t nvars;        /* = codebook nvars */
    ak_value *v;         /* indexed like the codebook; borrowed */
} ak_row;

#endif
