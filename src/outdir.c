/* An output set written as a whole or not at all; see include/ak_outdir.h. */
#define _GNU_SOURCE
#include "ak_outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ak_mem.h"

struct ak_outdir {
    char *dir;   /* the output directory as given */
    char *tmp;   /* the temporary directory beside it */
};

/* Remove a directory tree we made (no symlinks followed). */
static void remove_tree(const char *path)
{
    DIR *dp = opendir(path);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = ak_asprintf("%s/%s", path, e->d_name);
            if (!p)
                continue;
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
            ak_free(p);
        }
        closedir(dp);
    }
    rmdir(path);
}

/* Split path into parent directory and last component; caller owns both. */
static int split_path(const char *path, char **parent, char **base)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t slash = n;
    while (slash > 0 && path[slash - 1] != '/')
        slash--;
    *base = ak_strndup(path + slash, n - slash);
    if (slash == 0)
        *parent = ak_strdup(".");
    else if (slash == 1)
        *parent = ak_strdup("/");
    else
        *parent = ak_strndup(path, slash - 1);
    if (!*parent || !*base) {
        ak_free(*parent);
        ak_free(*base);
        return -1;
    }
    return 0;
}

ak_status ak_outdir_begin(const char *dir, ak_outdir **out, ak_diags *d)
{
    *out = NULL;
    char *parent, *base;
    if (split_path(dir, &parent, &base) != 0)
        return AK_ERR_NOMEM;
    ak_outdir *o = ak_calloc(1, sizeof *o);
    char *tmpl = ak_asprintf("%s/.%s.ankestat-tmp-XXXXXX", parent, base);
    if (!o || !tmpl || !(o->dir = ak_strdup(dir))) {
        ak_free(parent);
        ak_free(base);
        ak_free(tmpl);
        if (o)
            ak_free(o->dir);
        ak_free(o);
        return AK_ERR_NOMEM;
    }
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0,
                      "uddatamappen findes, men er ikke en mappe");
        goto fail;
    }
    if (!mkdtemp(tmpl)) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", parent, 0, 0,
                      "kan ikke oprette en midlertidig mappe: %s", strerror(errno));
        goto fail;
    }
    ak_free(parent);
    ak_free(base);
    o->tmp = tmpl;
    *out = o;
    return AK_OK;
fail:
    ak_free(parent);
    ak_free(base);
    ak_free(tmpl);
    ak_free(o->dir);
    ak_free(o);
    return AK_ERR_IO;
}

char *ak_outdir_path(const ak_outdir *o, const char *name)
{
    return ak_asprintf("%s/%s", o->tmp, name);
}

/* Hard-link (or copy) the old set's dot-files into the new set. */
static void carry_dotfiles(const ak_outdir *o)
{
    DIR *dp = opendir(o->dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
            !strcmp(e->d_name, ".."))
            continue;
        char *from = ak_asprintf("%s/%s", o->dir, e->d_name);
        char *to = ak_asprintf("%s/%s", o->tmp, e->d_name);
        struct stat st;
        if (from && to && lstat(from, &st) == 0 && S_ISREG(st.st_mode))
            if (link(from, to) != 0) {
                FILE *in = fopen(from, "rb"), *outf = fopen(to, "wb");
                char buf[8192];
                size_t n;
                while (in && outf && (n = fread(buf, 1, sizeof buf, in)) > 0)
                    fwrite(buf, 1, n, outf);
                if (in)
                    fclose(in);
                if (outf)
                    fclose(outf);
            }
        ak_free(from);
        ak_free(to);
    }
    closedir(dp);
}

ak_status ak_outdir_commit(ak_outdir *o, ak_diags *d)
{
    ak_status st = AK_OK;
    struct stat sb;
    if (stat(o->dir, &sb) == 0) {
        carry_dotfiles(o);
        if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->dir, RENAME_EXCHANGE) != 0) {
            if (errno == EINVAL || errno == ENOSYS) {
                /* No atomic exchange on this file system: two renames, with
                 * a window in which the directory is missing. */
                char *old = ak_asprintf("%s.old", o->tmp);
                if (old && rename(o->dir, old) == 0) {
                    if (rename(o->tmp, o->dir) == 0) {
                        remove_tree(old);
                        ak_free(old);
                        goto done;
                    }
                    rename(old, o->dir);
                }
                ak_free(old);
            }
            ak_diags_addf(d, AK_SEV_FATAL, "output", o->dir, 0, 0,
                          "kan ikke udskifte uddatamappen: %s", strerror(errno));
            st = AK_ERR_IO;
        }
        /* o->tmp now holds the old set (or, on failure, the new one). */
        remove_tree(o->tmp);
    } else if (rename(o->tmp, o->dir) != 0) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", o->dir, 0, 0,
                      "kan ikke oprette uddatamappen: %s", strerror(errno));
        remove_tree(o->tmp);
        st = AK_ERR_IO;
    }
done:
    ak_free(o->dir);
    ak_free(o->tmp);
    ak_free(o);
    return st;
}

void ak_outdir_abort(ak_outdir *o)
{
    if (!o)
        return;
    remove_tree(o->tmp);
    ak_free(o->dir);
    ak_free(o->tmp);
    ak_free(o);
}

int ak_outdir_contains(const char *dir, const char *path)
{
    char rd[PATH_MAX], rp[PATH_MAX];
    if (!realpath(dir, rd) || !realpath(path, rp))
        return 0;
    size_t n = strlen(rd);
    if (strcmp(rd, rp) == 0)
        return 1;
    return strncmp(rd, rp, n) == 0 && (rp[n] == '/' || n == 1);
}
