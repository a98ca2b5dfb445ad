/* Status strings; see include/ak_status.h. */
#include "ak_status.h"

#include <errno.h>

const char *ak_status_message(ak_status s)
{
    switch (s) {
    case AK_OK: return "ok";
    case AK_ERR_NOMEM: return "hukommelsen slap op";
    case AK_ERR_IO: return "fejl ved læsning eller skrivning";
    case AK_ERR_INPUT: return "inddata kan ikke bruges";
    case AK_ERR_SYNTAX: return "syntaksfejl";
    case AK_ERR_LIMIT: return "en grænse blev overskredet";
    case AK_ERR_USAGE: return "forkert brug";
    }
    return "ukendt fejl";
}

const char *ak_errno_text(int err)
{
    switch (err) {
    case ENOSPC: return "disken er fuld";
#ifdef EDQUOT
    case EDQUOT: return "diskkvoten er brugt op";
#endif
    case EACCES:
    case EPERM: return "ingen adgang";
    case EROFS: return "filsystemet er skrivebeskyttet";
    case ENOENT: return "stien findes ikke";
    case ENOTDIR: return "en del af stien er ikke en mappe";
    case EISDIR: return "det er en mappe";
    case EIO: return "fejl ved læsning eller skrivning på disken";
    case EMFILE:
    case ENFILE: return "for mange åbne filer";
    case ENAMETOOLONG: return "navnet er for langt";
    case EFBIG: return "filen er for stor";
    case ENOMEM: return "hukommelsen slap op";
    case EBUSY: return "i brug";
    case EXDEV: return "på et andet filsystem";
    case EEXIST: return "findes allerede";
    case ENOTEMPTY: return "mappen er ikke tom";
    default: return "systemfejl";
    }
}

const char *ak_errno_read_text(int err)
{
    switch (err) {
    case ENOENT: return "filen findes ikke";
    case EACCES:
    case EPERM: return "ingen adgang til filen";
    case EISDIR: return "det er en mappe, ikke en fil";
    default: return "filen kan ikke læses";
    }
}
