/*
 * What every output shares: options, writing a file of the set with its
 * errors reported, file stems and the neutralising CSV field writer; see
 * include/ak_output.h and include/ak_render.h.
 */
#include "ak_output.h"
#include "ak_render.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

#include "ak_mem.h"

void ak_render_csv_field(FILE *f, const char *s, char delim)
{
    if (!s)
        s = "";
    int neutral = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                  s[0] == '\t' || s[0] == '\r';
    const char special[] = {'"', '\n', '\r', delim, '\0'};
    int quote = strpbrk(s, special) != NULL;
    if (quote)
        fputc('"', f);
    if (neutral)
        fputc('\'', f);
    /* The text in spans, each quote doubled. */
    const char *p = s, *q;
    while ((q = strchr(p, '"')) != NULL) {
        fwrite(p, 1, (size_t)(q - p) + 1, f);
        fputc('"', f);
        p = q + 1;
    }
    fputs(p, f);
    if (quote)
        fputc('"', f);
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
