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

#include "ak_mem.h"

struct ak_outdir {
    char *dir;   /* the output directory as given */
    char *tmp;   /* the temporary directory beside it */
    int lock;    /* tmp opened and flock()ed while the run lives, or -1 */
};

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

/*
 * An existing output directory is replaced as a whole, so it must look like
 * an output set: only files.  A directory holding a subdirectory or a
 * symlink (a home directory, a source tree, --out .) is refused, so that a
 * mistyped --out cannot delete someone's files.  Returns 1 when dir may be
 * replaced, else 0 with a fatal diagnostic.
 */
static int check_replaceable(const char *dir, ak_diags *d)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dp) {
        if (fd >= 0)
            close(fd);
        ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0,
                      "kan ikke læse uddatamappen: %s", ak_errno_text(errno));
        return 0;
    }
    int ok = 1;
    struct dirent *e;
    while (ok && (e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode)) {
            ak_diags_addf(d, AK_SEV_FATAL, "output", dir, 0, 0,
                          "uddatamappen indeholder '%s' og ligner ikke et "
                          "tidligere resultat; den ville blive erstattet, "
                          "så vælg en anden mappe med --out", e->d_name);
            ok = 0;
        }
    }
    closedir(dp);
    return ok;
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

ak_status ak_outdir_commit(ak_outdir *o, ak_diags *d)
{
    ak_status st = AK_OK;
    struct stat sb;
    int exists = stat(o->dir, &sb) == 0;
    if (exists)
        carry_dotfiles(o);
    int err = sync_set(o->tmp);
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
    if (o->lock >= 0)
        close(o->lock);
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
    if (o->lock >= 0)
        close(o->lock);
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
