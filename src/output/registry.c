/*
 * The registry of outputs (like git's commands[]) and the helpers every
 * output shares; see include/ak_output.h.
 */
#include "outputs.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

#include "ak_mem.h"

/* In the order a run writes them (and `report --help` lists them). */
static const ak_output *const registry[] = {
    &ak_output_tables_csv,
    &ak_output_wide_csv,
    &ak_output_validation,
    &ak_output_compare,
    &ak_output_responses,
    &ak_output_followup,
    &ak_output_pdf,
};

size_t ak_output_list(const ak_output *const **list)
{
    *list = registry;
    return sizeof registry / sizeof registry[0];
}

const ak_output *ak_output_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

const char *ak_report_opt(const ak_report *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *const *o = r->opts; o && *o; o++) {
        if (strncmp(*o, name, n) != 0)
            continue;
        if ((*o)[n] == '\0')
            return "";
        if ((*o)[n] == '=')
            return *o + n + 1;
    }
    return NULL;
}

ak_status ak_output_io_error(const ak_outdir *o, const char *name, int err,
                             ak_diags *d)
{
    /* Named as the user will look for it, not by the temporary directory,
     * which is gone by the time the message is read. */
    char *shown = ak_outdir_shown(o, name);
    if (!shown)
        return AK_ERR_NOMEM;
    int rc = ak_diags_addf(d, AK_SEV_FATAL, "output", shown, 0, 0,
                           "kan ikke skrive filen%s%s", err ? ": " : "",
                           err ? ak_errno_text(err) : "");
    ak_free(shown);
    return rc != 0 ? AK_ERR_NOMEM : AK_ERR_IO;
}

ak_status ak_output_write_file(ak_outdir *o, const char *name,
                               ak_output_fn fn, const void *ud, ak_diags *d)
{
    char *path = ak_outdir_path(o, name);
    if (!path)
        return AK_ERR_NOMEM;
    errno = 0;
    FILE *f = fopen(path, "wb");
    ak_status st = AK_ERR_IO;
    int err = errno;
    if (f) {
        st = fn(ud, f);
        /* A flush now says why the writes failed, with a fresh errno. */
        errno = 0;
        if (fflush(f) != 0 || ferror(f)) {
            if (st == AK_OK)
                st = AK_ERR_IO;
            err = errno;
        } else {
            err = 0;
        }
        errno = 0;
        if (fclose(f) != 0) {
            if (st == AK_OK)
                st = AK_ERR_IO;
            if (!err)
                err = errno;
        }
    }
    ak_free(path);
    if (st == AK_ERR_IO)
        return ak_output_io_error(o, name, err, d);
    return st;
}

char *ak_output_table_stem(const ak_rtable *t)
{
    const char *src = t->caption && *t->caption ? t->caption : t->id;
    char *lower = g_utf8_strdown(src, -1);
    for (char *c = lower; *c; c++)
        if (*c == ' ' || *c == '/')
            *c = '-';
    static const char *const danish[][2] = {
        {"\xC3\xA6", "ae"}, {"\xC3\xB8", "oe"}, {"\xC3\xA5", "aa"}};
    for (size_t i = 0; i < sizeof danish / sizeof danish[0]; i++) {
        char **parts = g_strsplit(lower, danish[i][0], -1);
        g_free(lower);
        lower = g_strjoinv(danish[i][1], parts);
        g_strfreev(parts);
    }
    char *stem = ak_strdup(lower);
    g_free(lower);
    return stem;
}
