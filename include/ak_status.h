/*
 * ak_status: the status every fallible engine call returns.
 *
 * A status says what kind of failure ended a call; the details a person can
 * act on (file:line:column, municipality, question) are in the diagnostics
 * list (ak_diag.h) the call reported into.
 */
#ifndef AK_STATUS_H
#define AK_STATUS_H

typedef enum ak_status {
    AK_OK = 0,
    AK_ERR_NOMEM,    /* an allocation failed */
    AK_ERR_IO,       /* a file could not be read or written */
    AK_ERR_INPUT,    /* the input is unusable (a fatal diagnostic says why) */
    AK_ERR_SYNTAX,   /* a codebook, template or expression does not parse */
    AK_ERR_LIMIT,    /* a field, row or column limit was exceeded */
    AK_ERR_USAGE     /* the caller passed something meaningless */
} ak_status;

/* A static Danish phrase for a status, e.g. "hukommelsen slap op" (a
 * user may read it when no diagnostic says more). */
const char *ak_status_message(ak_status s);

/* A static Danish phrase for a system error number, for messages a user
 * reads (strerror() speaks the C locale's English): ENOSPC "disken er
 * fuld", EACCES "ingen adgang", ... and "systemfejl" for the rest. */
const char *ak_errno_text(int err);

/* The same for a file that could not be read, in the words a user reading
 * an input message expects: ENOENT "filen findes ikke", EACCES "ingen
 * adgang til filen", EISDIR "det er en mappe, ikke en fil"; else "filen
 * kan ikke læses". */
const char *ak_errno_read_text(int err);

#endif
