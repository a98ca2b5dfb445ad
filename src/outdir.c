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
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "ak_mem.h"
#include "ak_sha256.h"

struct ak_outdir {
    char *dir;   /* the output directory as given */
    char *tmp;   /* the temporary directory beside it */
    int lock;    /* tmp opened and flock()ed while the run lives, or -1 */
    GString *info;   /* the manifest's header lines */
};

/* ---- checksums and the manifest ---------------------------------------- */

/* Hex SHA-256 of the open file fd into hex[65]; 0 or an errno. */
static int fd_sha256(int fd, char hex[65])
{
    ak_sha256 c;
    if (ak_sha256_init(&c) != 0)
        return ENOMEM;
    unsigned char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        ak_sha256_update(&c, buf, (size_t)n);
    int err = n < 0 ? errno : 0;
    if (!err)
        ak_sha256_hex(&c, hex);
    ak_sha256_done(&c);
    return err;
}

ak_status ak_file_sha256(const char *path, char **hex)
{
    *hex = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return AK_ERR_IO;
    char h[65];
    int err = fd_sha256(fd, h);
    close(fd);
    if (err)
        return AK_ERR_IO;
    *hex = ak_strdup(h);
    return *hex ? AK_OK : AK_ERR_NOMEM;
}

/* A value on one manifest line: tabs, newlines and other control
 * characters become spaces. */
static void put_clean(GString *s, const char *v)
{
    for (; v && *v; v++)
        g_string_append_c(s, (unsigned char)*v < 0x20 || *v == 0x7f ? ' ' : *v);
}

ak_status ak_outdir_set_info(ak_outdir *o, const char *key, const char *value)
{
    put_clean(o->info, key);
    g_string_append_c(o->info, '\t');
    put_clean(o->info, value);
    g_string_append_c(o->info, '\n');
    return AK_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the regular, visible files in directory fd (not the
 * manifest), sorted; NULL-terminated, free with g_strfreev().  *other
 * gets the names of what else is there (directories, symlinks, ...),
 * dot-files excepted; NULL when other is NULL. */
static char **list_files(int fd, GPtrArray *other)
{
    GPtrArray *a = g_ptr_array_new();
    int dfd = dup(fd);
    DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!dp) {
        if (dfd >= 0)
            close(dfd);
        g_ptr_array_add(a, NULL);
        return (char **)g_ptr_array_free(a, FALSE);
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, AK_OUTDIR_MANIFEST))
            continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode))
            g_ptr_array_add(a, g_strdup(e->d_name));
        else if (other)
            g_ptr_array_add(other, g_strdup(e->d_name));
    }
    closedir(dp);
    g_ptr_array_sort(a, cmp_names);
    if (other)
        g_ptr_array_sort(other, cmp_names);
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

/* Write the manifest of the set in o->tmp: the header lines, then one
 * "file<TAB>sha256<TAB>name" line per file.  0 or an errno. */
static int write_manifest(const ak_outdir *o)
{
    int fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    char **names = list_files(fd, NULL);
    GString *s = g_string_new("# ankestat: de filer, én kørsel skrev i denne "
                              "mappe, med SHA-256.  Mappen erstattes kun, når "
                              "den rummer præcis disse filer, uændrede.\n");
    g_string_append_printf(s, "ankestat-set\t1\n%s", o->info->str);
    int err = 0;
    for (char **n = names; *n && !err; n++) {
        int f = openat(fd, *n, O_RDONLY | O_CLOEXEC);
        char hex[65];
        err = f < 0 ? errno : fd_sha256(f, hex);
        if (f >= 0)
            close(f);
        if (!err) {
            g_string_append_printf(s, "file\t%s\t", hex);
            put_clean(s, *n);
            g_string_append_c(s, '\n');
        }
    }
    g_strfreev(names);
    if (!err) {
        int m = openat(fd, AK_OUTDIR_MANIFEST,
                       O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m < 0) {
            err = errno;
        } else {
            const char *p = s->str;
            size_t left = s->len;
            while (left > 0 && !err) {
                ssize_t w = write(m, p, left);
                if (w < 0)
                    err = errno;
                else {
                    p += w;
                    left -= (size_t)w;
                }
            }
            if (close(m) != 0 && !err)
                err = errno;
        }
    }
    g_string_free(s, TRUE);
    close(fd);
    return err;
}

/*
 * A run holds an flock() on its temporary directory until it ends, and the
 * kernel drops the lock when the process dies, however it dies.  So a
 * temporary directory of this output directory that can be locked belongs
 * to no live run: it is what a SIGKILL (or a power loss) left behind, and
 * the next run removes it.  Only when it has been unchanged for STALE_AGE
 * seconds, which covers the moment between a run's mkdtemp() and its
 * flock().  A file system without flock() locks nothing and so loses
 * nothing: its leftovers stay.  (One whose locks are only local to each
 * client, such as NFS mounted with local_lock=flock, cannot protect a run
 * on another machine: there a directory a minute old may be taken.)
 */
#define STALE_AGE 60

/*
 * Remove the directory tree 'name' under dirfd (no symlinks followed: a
 * symlink is removed, never its target).  It allocates nothing through
 * ak_mem, so it works when fault injection makes every allocation fail
 * (an aborted run must still leave no temporary directory behind).
 */
static void remove_tree_at(int at, const char *name, int depth)
{
    if (unlinkat(at, name, 0) == 0 || errno == ENOENT)
        return;
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && depth < 64) {
        DIR *dp = fdopendir(fd);
        if (dp) {
            struct dirent *e;
            while ((e = readdir(dp)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                remove_tree_at(dirfd(dp), e->d_name, depth + 1);
            }
            closedir(dp);   /* closes fd */
        } else {
            close(fd);
        }
    } else if (fd >= 0) {
        close(fd);
    }
    unlinkat(at, name, AT_REMOVEDIR);
}

static void remove_tree(const char *path)
{
    remove_tree_at(AT_FDCWD, path, 0);
}

/* Remove the leftovers of killed runs for output directory 'base' in
 * 'parent' (see STALE_AGE).  Allocation-free. */
static void remove_stale(const char *parent, const char *base)
{
    char prefix[NAME_MAX + 32];
    int pn = snprintf(prefix, sizeof prefix, ".%s.ankestat-tmp-", base);
    if (pn < 0 || (size_t)pn >= sizeof prefix)
        return;
    DIR *dp = opendir(parent);
    if (!dp)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        /* Only mkdtemp()'s own names: not '<tmp>.old', where the rename
         * fallback of ak_outdir_commit() keeps the previous set, nor
         * anything else that merely starts like one. */
        if (strncmp(e->d_name, prefix, (size_t)pn) != 0 ||
            strlen(e->d_name) != (size_t)pn + 6)
            continue;
        int fd = openat(dirfd(dp), e->d_name,
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && now - st.st_mtime >= STALE_AGE &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            remove_tree_at(dirfd(dp), e->d_name, 0);
        close(fd);
    }
    closedir(dp);
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

/* "'a', 'b', 'c' og 2 andre" into s: at most five names. */
static void name_list(GString *s, GPtrArray *names)
{
    guint n = names->len, shown = n > 5 ? 4 : n;
    for (guint i = 0; i < shown; i++) {
        if (i)
            g_string_append(s, i + 1 == n ? " og " : ", ");
        g_string_append_printf(s, "'%s'", (const char *)names->pdata[i]);
    }
    if (shown < n)
        g_string_append_printf(s, " og %u andre", n - shown);
}

/* Read the manifest in directory fd: the name -> SHA-256 table of the set
 * it describes, or NULL when there is none (or it is no manifest). */
static GHashTable *read_manifest(int fd)
{
    int m = openat(fd, AK_OUTDIR_MANIFEST, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (m < 0)
        return NULL;
    GString *s = g_string_new(NULL);
    char buf[8192];
    ssize_t n;
    while ((n = read(m, buf, sizeof buf)) > 0 && s->len < (1u << 24))
        g_string_append_len(s, buf, n);
    close(m);
    GHashTable *t = NULL;
    char **lines = g_strsplit(s->str, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!t) {
            if (**l == '#')
                continue;
            if (strcmp(*l, "ankestat-set\t1") != 0)
                break;
            t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
            continue;
        }
        if (strncmp(*l, "file\t", 5) != 0)
            continue;
        char *hex = *l + 5, *tab = strchr(hex, '\t');
        if (!tab || tab - hex != 64)
            continue;
        g_hash_table_insert(t, g_strdup(tab + 1), g_strndup(hex, 64));
    }
    g_strfreev(lines);
    g_string_free(s, TRUE);
    return t;
}

/*
 * The output directory belongs to its user.  An existing one is replaced
 * only when it holds exactly a set an earlier run wrote, unchanged: its
 * manifest (AK_OUTDIR_MANIFEST) and files whose SHA-256 the manifest
 * records (an output the user deleted since is no loss).  Dot-files are
 * carried over into the new set (see carry_dotfiles()).  Anything else, a
 * file the manifest does not name, a directory, a symlink, or an output
 * the user has edited since, is in the way: the directory is refused with
 * a message naming what is in the way and what to do.  Returns 1 when dir
 * may be replaced, else 0 with a fatal diagnostic.
 */
static int check_replaceable(const char *dir, ak_diags *d)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0,
                      "kan ikke læse uddatamappen: %s", ak_errno_text(errno));
        return 0;
    }
    GPtrArray *other = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *foreign = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *edited = g_ptr_array_new_with_free_func(g_free);
    char **names = list_files(fd, other);
    GHashTable *set = read_manifest(fd);
    for (char **n = names; *n; n++) {
        const char *want = set ? g_hash_table_lookup(set, *n) : NULL;
        if (!want) {
            g_ptr_array_add(foreign, g_strdup(*n));
            continue;
        }
        int f = openat(fd, *n, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        char hex[65] = "";
        if (f < 0 || fd_sha256(f, hex) != 0 || strcmp(hex, want) != 0)
            g_ptr_array_add(edited, g_strdup(*n));
        if (f >= 0)
            close(f);
    }
    close(fd);
    for (guint i = 0; i < other->len; i++)
        g_ptr_array_add(foreign, g_strdup(other->pdata[i]));
    int ok = foreign->len == 0 && edited->len == 0;
    if (!ok) {
        GString *s = g_string_new(NULL);
        if (foreign->len) {
            g_string_append(s, "uddatamappen rummer andet end en tidligere "
                            "rapport: ");
            name_list(s, foreign);
        }
        if (edited->len) {
            g_string_append(s, foreign->len ? ", og " : "i uddatamappen er ");
            name_list(s, edited);
            g_string_append_printf(s, " ændret, siden ankestat skrev %s",
                                   edited->len == 1 ? "den" : "dem");
        }
        g_string_append(s, "; intet er skrevet (en rapport erstatter hele "
                        "mappen): vælg en ny eller tom mappe med --out");
        if (edited->len)
            g_string_append(s, ", eller gem de ændrede filer et andet sted "
                            "og slet mappen");
        else if (!set && !other->len)
            g_string_append(s, ", eller flyt filerne et andet sted hen (en "
                            "rapport fra en ankestat uden " AK_OUTDIR_MANIFEST
                            " må du selv slette)");
        else
            g_string_append(s, ", eller flyt det et andet sted hen");
        ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0, "%s", s->str);
        g_string_free(s, TRUE);
    }
    if (set)
        g_hash_table_destroy(set);
    g_strfreev(names);
    g_ptr_array_free(other, TRUE);
    g_ptr_array_free(foreign, TRUE);
    g_ptr_array_free(edited, TRUE);
    return ok;
}

ak_status ak_outdir_check(const char *dir, ak_diags *d)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return AK_OK;
    if (!S_ISDIR(st.st_mode)) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0,
                      "uddatamappen findes, men er ikke en mappe");
        return AK_ERR_IO;
    }
    return check_replaceable(dir, d) ? AK_OK : AK_ERR_IO;
}

ak_status ak_outdir_begin(const char *dir, ak_outdir **out, ak_diags *d)
{
    *out = NULL;
    char *parent, *base;
    if (split_path(dir, &parent, &base) != 0)
        return AK_ERR_NOMEM;
    ak_outdir *o = ak_calloc(1, sizeof *o);
    if (o)
        o->info = g_string_new(NULL);
    char *tmpl = ak_asprintf("%s/.%s.ankestat-tmp-XXXXXX", parent, base);
    if (!o || !tmpl || !(o->dir = ak_strdup(dir))) {
        ak_free(parent);
        ak_free(base);
        ak_free(tmpl);
        if (o) {
            ak_free(o->dir);
            g_string_free(o->info, TRUE);
        }
        ak_free(o);
        return AK_ERR_NOMEM;
    }
    struct stat st;
    int exists = stat(dir, &st) == 0;
    if (exists && !S_ISDIR(st.st_mode)) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0,
                      "uddatamappen findes, men er ikke en mappe");
        goto fail;
    }
    if (exists && !check_replaceable(dir, d))
        goto fail;
    remove_stale(parent, base);
    if (!mkdtemp(tmpl)) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", parent, 0, 0,
                      "kan ikke oprette en midlertidig mappe: %s", ak_errno_text(errno));
        goto fail;
    }
    /* Locked while it is still 0700, so that the open cannot fail for
     * want of a read bit in the mode given below. */
    o->lock = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->lock >= 0 && flock(o->lock, LOCK_EX | LOCK_NB) != 0) {
        close(o->lock);
        o->lock = -1;
    }
    /* mkdtemp makes the directory 0700; the set gets the old directory's
     * mode, or that of a new directory under the umask. */
    mode_t mode = exists ? (st.st_mode & 07777) : 0;
    if (!exists) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0777 & ~mask;
    }
    chmod(tmpl, mode);
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
    g_string_free(o->info, TRUE);
    ak_free(o);
    return AK_ERR_IO;
}

char *ak_outdir_path(const ak_outdir *o, const char *name)
{
    return ak_asprintf("%s/%s", o->tmp, name);
}

char *ak_outdir_shown(const ak_outdir *o, const char *name)
{
    size_t n = strlen(o->dir);
    while (n > 1 && o->dir[n - 1] == '/')
        n--;   /* "out/" shows as "out/tables.csv" */
    return ak_asprintf("%.*s/%s", (int)n, o->dir, name);
}

/* Hard-link (or copy) the old set's regular dot-files into the new set.
 * Allocation-free (fixed buffers), for the same reason as remove_tree(). */
static void carry_dotfiles(const ak_outdir *o)
{
    int from_fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (from_fd < 0)
        return;
    int to_fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dp = to_fd >= 0 ? fdopendir(from_fd) : NULL;
    if (!dp) {
        close(from_fd);
        if (to_fd >= 0)
            close(to_fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
            !strcmp(e->d_name, ".."))
            continue;
        struct stat st;
        if (fstatat(from_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        if (linkat(from_fd, e->d_name, to_fd, e->d_name, 0) == 0)
            continue;
        int in = openat(from_fd, e->d_name, O_RDONLY | O_CLOEXEC);
        int outf = openat(to_fd, e->d_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                          st.st_mode & 07777);
        char buf[8192];
        ssize_t n;
        while (in >= 0 && outf >= 0 && (n = read(in, buf, sizeof buf)) > 0)
            if (write(outf, buf, (size_t)n) != n)
                break;
        if (in >= 0)
            close(in);
        if (outf >= 0)
            close(outf);
    }
    closedir(dp);   /* closes from_fd */
    close(to_fd);
}

/*
 * Flush the new set to the disk before it is swapped in, so that a power
 * loss right after the swap cannot leave empty or short files under the
 * output directory's name.  Returns 0, or an errno (EIO, ENOSPC, ...).
 */
static int sync_set(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int dfd = dup(fd);
    DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
    int err = 0;
    if (!dp) {
        err = errno;
        if (dfd >= 0)
            close(dfd);
        close(fd);
        return err;
    }
    struct dirent *e;
    while (!err && (e = readdir(dp)) != NULL) {
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        int f = openat(fd, e->d_name, O_RDONLY | O_CLOEXEC);
        if (f < 0 || fsync(f) != 0)
            err = errno;
        if (f >= 0)
            close(f);
    }
    closedir(dp);
    if (!err && fsync(fd) != 0)
        err = errno;
    close(fd);
    return err == EINVAL ? 0 : err;   /* EINVAL: fs without fsync */
}

/* Flush the directory holding path's entry (after a rename); best effort. */
static void sync_parent(const ak_outdir *o)
{
    const char *slash = strrchr(o->tmp, '/');
    char parent[PATH_MAX];
    size_t n = slash ? (size_t)(slash - o->tmp) : 0;
    if (n == 0 || n >= sizeof parent)
        return;
    memcpy(parent, o->tmp, n);
    parent[n] = '\0';
    int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Closes the lock and frees o (the folders are left as they are). */
static void outdir_free(ak_outdir *o)
{
    if (o->lock >= 0)
        close(o->lock);
    g_string_free(o->info, TRUE);
    ak_free(o->dir);
    ak_free(o->tmp);
    ak_free(o);
}

ak_status ak_outdir_commit(ak_outdir *o, ak_diags *d)
{
    ak_status st = AK_OK;
    struct stat sb;
    int exists = stat(o->dir, &sb) == 0;
    /* Checked again: the user may have put something there meanwhile. */
    if (exists && !check_replaceable(o->dir, d)) {
        remove_tree(o->tmp);
        st = AK_ERR_IO;
        goto done;
    }
    int err = write_manifest(o);
    if (exists && !err)
        carry_dotfiles(o);
    if (!err)
        err = sync_set(o->tmp);
    if (err) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", o->dir, 0, 0,
                      "kan ikke skrive uddata til disken: %s", ak_errno_text(err));
        remove_tree(o->tmp);
        st = AK_ERR_IO;
        goto done;
    }
    if (exists) {
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
                          "kan ikke udskifte uddatamappen: %s", ak_errno_text(errno));
            st = AK_ERR_IO;
        }
        /* o->tmp now holds the old set (or, on failure, the new one). */
        remove_tree(o->tmp);
    } else if (rename(o->tmp, o->dir) != 0) {
        ak_diags_addf(d, AK_SEV_FATAL, "output", o->dir, 0, 0,
                      "kan ikke oprette uddatamappen: %s", ak_errno_text(errno));
        remove_tree(o->tmp);
        st = AK_ERR_IO;
    }
    if (st == AK_OK)
        sync_parent(o);
done:
    outdir_free(o);
    return st;
}

void ak_outdir_abort(ak_outdir *o)
{
    if (!o)
        return;
    remove_tree(o->tmp);
    outdir_free(o);
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
