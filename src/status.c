/* Status strings; see include/ak_status.h. */
#include "ak_status.h"

const char *ak_status_message(ak_status s)
{
    switch (s) {
    case AK_OK: return "ok";
    case AK_ERR_NOMEM: return "out of memory";
    case AK_ERR_IO: return "input/output error";
    case AK_ERR_INPUT: return "unusable input";
    case AK_ERR_SYNTAX: return "syntax error";
    case AK_ERR_LIMIT: return "limit exceeded";
    case AK_ERR_USAGE: return "usage error";
    }
    return "unknown status";
}
