/*
 * Unit tests of the atomic output directory: a committed set replaces the
 * old one as a whole, an aborted one leaves it byte-identical, and neither
 * leaves a temporary directory behind, also when every allocation fails.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ak_diag.h"
#include "ak_mem.h"
#include "ak_outdir.h"
#include "ak_test.h"

static char root[256];

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Whole file as a new string (or NULL); free(). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 4096);
    if (buf)
        (void)!fread(buf, 1, 4095, f);
    fclose(f);
    return buf;
}

static int file_is(const char *path, const char *text)
{
    char *s = slurp(path);
    int ok = s && strcmp(s, text) == 0;
    free(s);
    return ok;
}

/* Entries of dir (not . and ..), as a sorted, space-separated string. */
static void listing(const char *dir, char *out, size_t size)
{
    struct dirent **names;
    out[0] = '\0';
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (strcmp(nm, ".") && strcmp(nm, "..")) {
            if (out[0])
                strncat(out, " ", size - strlen(out) - 1);
            strncat(out, nm, size - strlen(out) - 1);
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
}

/* Message of diagnostic i, or "" when there is none. */
static const char *msg(const ak_diags *d, size_t i)
{
    const ak_diag *g = i < ak_diags_count(d) ? ak_diags_get(d, i) : NULL;
    return g && g->message ? g->message : "";
}

static void rm_rf(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    (void)!system(cmd);
}

/* A fresh parent directory for one test; returns its path (static). */
static const char *fresh(const char *name)
{
    static char p[400];
    snprintf(p, sizeof p, "%s/%s", root, name);
    rm_rf(p);
    mkdir(p, 0755);
    return p;
}

/* Write one file into the set under construction. */
static void set_put(ak_outdir *o, const char *name, const char *text)
{
    char *p = ak_outdir_path(o, name);
    AK_CHECK(p != NULL);
    if (p)
        put(p, text);
    ak_free(p);
}

static void test_new_dir(void)
{
    const char *parent = fresh("new");
    char dir[500], ls[1000];
    snprintf(dir, sizeof dir, "%s/out", parent);
    ak_diags *d = ak_diags_new();
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    AK_CHECK(o != NULL);
    /* The temporary directory sits beside the output directory. */
    char *p = ak_outdir_path(o, "tables.csv");
    AK_CHECK_CONTAINS(p, "/new/.out.ankestat-tmp-");
    ak_free(p);
    set_put(o, "tables.csv", "ny\n");
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_OK);
    listing(parent, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "out");
    listing(dir, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "ankestat-set.txt tables.csv");
    char f[600];
    snprintf(f, sizeof f, "%s/tables.csv", dir);
    AK_CHECK(file_is(f, "ny\n"));
    /* A new directory gets the umask's mode, not mkdtemp's 0700. */
    struct stat st;
    mode_t mask = umask(0);
    umask(mask);
    AK_CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == (0777 & ~mask));
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    ak_diags_free(d);
}

/* A manifest in dir for its files names[0..n-1] (as a run writes it). */
static void put_manifest(const char *dir, const char *const *names, size_t n)
{
    char f[600], text[4000];
    size_t at = (size_t)snprintf(text, sizeof text, "ankestat-set\t1\n");
    for (size_t i = 0; i < n; i++) {
        snprintf(f, sizeof f, "%s/%s", dir, names[i]);
        char *hex = NULL;
        AK_CHECK_EQ_INT(ak_file_sha256(f, &hex), AK_OK);
        at += (size_t)snprintf(text + at, sizeof text - at, "file\t%s\t%s\n",
                               hex ? hex : "", names[i]);
        ak_free(hex);
    }
    snprintf(f, sizeof f, "%s/" AK_OUTDIR_MANIFEST, dir);
    put(f, text);
}

/* An old set with two files, its manifest and a dot-file. */
static void old_set(const char *dir)
{
    char f[600];
    mkdir(dir, 0750);
    chmod(dir, 0750);
    snprintf(f, sizeof f, "%s/tables.csv", dir);
    put(f, "gammel\n");
    snprintf(f, sizeof f, "%s/tabel-2.1.csv", dir);
    put(f, "gammel 2.1\n");
    snprintf(f, sizeof f, "%s/.gitkeep", dir);
    put(f, "");
    const char *names[] = {"tabel-2.1.csv", "tables.csv"};
    put_manifest(dir, names, 2);
}

/* dir = parent/out holding an old set, and a new set begun for it. */
static ak_outdir *begin_over_old(const char *parent, char *dir, size_t n,
                                 ak_diags *d)
{
    snprintf(dir, n, "%s/out", parent);
    old_set(dir);
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    return o;
}

/* The old set is intact; with parent, also no temporary directory left. */
static void check_old_set(const char *parent, const char *dir)
{
    char ls[1000], f[600];
    if (parent) {
        listing(parent, ls, sizeof ls);
        AK_CHECK_EQ_STR(ls, "out");
    }
    listing(dir, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, ".gitkeep ankestat-set.txt tabel-2.1.csv tables.csv");
    snprintf(f, sizeof f, "%s/tables.csv", dir);
    AK_CHECK(file_is(f, "gammel\n"));
    snprintf(f, sizeof f, "%s/tabel-2.1.csv", dir);
    AK_CHECK(file_is(f, "gammel 2.1\n"));
}

static void test_replace(void)
{
    const char *parent = fresh("replace");
    char dir[500], ls[1000], f[600];
    snprintf(dir, sizeof dir, "%s/out/", parent);   /* trailing slash */
    old_set(dir);
    ak_diags *d = ak_diags_new();
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    set_put(o, "tables.csv", "ny\n");
    set_put(o, "rapport-2008.pdf", "%PDF\n");
    /* Until the commit, the old set is untouched. */
    check_old_set(NULL, dir);
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_OK);
    listing(parent, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "out");
    listing(dir, ls, sizeof ls);   /* old tabel-2.1.csv gone, dot-file kept */
    AK_CHECK_EQ_STR(ls, ".gitkeep ankestat-set.txt rapport-2008.pdf tables.csv");
    snprintf(f, sizeof f, "%s/tables.csv", dir);
    AK_CHECK(file_is(f, "ny\n"));
    struct stat st;
    AK_CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0750);
    AK_CHECK_EQ_INT(ak_diags_count(d), 0);
    ak_diags_free(d);
}

static void test_abort(void)
{
    const char *parent = fresh("abort");
    char dir[500];
    ak_diags *d = ak_diags_new();
    ak_outdir *o = begin_over_old(parent, dir, sizeof dir, d);
    set_put(o, "tables.csv", "halvt skrevet");
    set_put(o, "tabel-2.1.csv", "ny 2.1\n");
    ak_outdir_abort(o);
    check_old_set(parent, dir);
    ak_outdir_abort(NULL);   /* a no-op */
    ak_diags_free(d);
}

/* Regression: abort used to build paths with ak_asprintf, so under fault
 * injection it left the temporary directory (and its files) behind. */
static void test_abort_without_memory(void)
{
    const char *parent = fresh("abort-nomem");
    char dir[500], sub[600];
    ak_diags *d = ak_diags_new();
    ak_outdir *o = begin_over_old(parent, dir, sizeof dir, d);
    set_put(o, "tables.csv", "halvt skrevet");
    char *p = ak_outdir_path(o, "x");
    /* A nested directory (never made by the engine, but abort copes). */
    if (p) {
        snprintf(sub, sizeof sub, "%s", p);
        mkdir(sub, 0755);
        strncat(sub, "/y", sizeof sub - strlen(sub) - 1);
        put(sub, "y");
    }
    ak_free(p);
    ak_mem_fail_at(1);
    ak_outdir_abort(o);
    ak_mem_fail_at(0);
    check_old_set(parent, dir);
    ak_diags_free(d);
}

/* Commit needs no allocation either: the set is swapped in and the old
 * one removed, dot-files carried, with every allocation failing. */
static void test_commit_without_memory(void)
{
    const char *parent = fresh("commit-nomem");
    char dir[500], ls[1000];
    ak_diags *d = ak_diags_new();
    ak_outdir *o = begin_over_old(parent, dir, sizeof dir, d);
    set_put(o, "tables.csv", "ny\n");
    ak_mem_fail_at(1);
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_OK);
    ak_mem_fail_at(0);
    listing(parent, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "out");
    listing(dir, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, ".gitkeep ankestat-set.txt tables.csv");
    ak_diags_free(d);
}

/* Every allocation of begin fails in turn: a clean AK_ERR_NOMEM, nothing
 * created, nothing leaked (checked by ASan in `make asan`). */
static void test_begin_every_allocation(void)
{
    const char *parent = fresh("begin-nomem");
    char dir[500], ls[1000];
    snprintf(dir, sizeof dir, "%s/out", parent);
    old_set(dir);
    ak_mem_fail_at(0);
    ak_diags *d = ak_diags_new();
    long before = ak_mem_count();
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    long n = ak_mem_count() - before;
    ak_outdir_abort(o);
    AK_CHECK(n >= 1);
    for (long i = 1; i <= n; i++) {
        o = (ak_outdir *)1;
        ak_mem_fail_at(i);
        ak_status st = ak_outdir_begin(dir, &o, d);
        ak_mem_fail_at(0);
        AK_CHECK_EQ_INT(st, AK_ERR_NOMEM);
        AK_CHECK(o == NULL);
        listing(parent, ls, sizeof ls);
        AK_CHECK_EQ_STR(ls, "out");
    }
    check_old_set(parent, dir);
    ak_diags_free(d);
}

/* An --out that exists but cannot be an output set is refused before
 * anything is written. */
static void test_refused(void)
{
    const char *parent = fresh("refused");
    char dir[500], f[600], ls[1000];
    ak_diags *d = ak_diags_new();
    ak_outdir *o = (ak_outdir *)1;

    /* a file */
    snprintf(dir, sizeof dir, "%s/fil", parent);
    put(dir, "x");
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK(o == NULL);
    AK_CHECK_EQ_INT(ak_diags_count_sev(d, AK_SEV_FATAL), 1);
    AK_CHECK_CONTAINS(msg(d, 0), "ikke en mappe");

    /* a directory holding a subdirectory (a home directory, a source tree) */
    snprintf(dir, sizeof dir, "%s/hjem", parent);
    mkdir(dir, 0755);
    snprintf(f, sizeof f, "%s/dokumenter", dir);
    mkdir(f, 0755);
    snprintf(f, sizeof f, "%s/notat.txt", dir);
    put(f, "vigtigt");
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK(o == NULL);
    AK_CHECK_EQ_INT(ak_diags_count_sev(d, AK_SEV_FATAL), 2);
    AK_CHECK_CONTAINS(msg(d, 1), "'dokumenter'");
    AK_CHECK(file_is(f, "vigtigt"));

    /* a directory holding a symlink */
    snprintf(dir, sizeof dir, "%s/link", parent);
    mkdir(dir, 0755);
    snprintf(f, sizeof f, "%s/peger", dir);
    AK_CHECK(symlink("/etc", f) == 0);
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK_EQ_INT(ak_diags_count_sev(d, AK_SEV_FATAL), 3);

    /* a parent that does not exist */
    snprintf(dir, sizeof dir, "%s/findes-ikke/out", parent);
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK_EQ_INT(ak_diags_count_sev(d, AK_SEV_FATAL), 4);
    AK_CHECK_CONTAINS(msg(d, 3), "midlertidig mappe");

    listing(parent, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "fil hjem link");
    ak_diags_free(d);
}

/* When --out is a symlink to a directory, the symlink is replaced by the
 * new set; the directory it pointed to is left alone. */
static void test_symlinked_out(void)
{
    const char *parent = fresh("symlinked");
    char target[500], dir[500], ls[1000];
    snprintf(target, sizeof target, "%s/mål", parent);
    old_set(target);
    snprintf(dir, sizeof dir, "%s/out", parent);
    AK_CHECK(symlink(target, dir) == 0);
    ak_diags *d = ak_diags_new();
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    set_put(o, "tables.csv", "ny\n");
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_OK);
    listing(parent, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "mål out");
    listing(target, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, ".gitkeep ankestat-set.txt tabel-2.1.csv tables.csv");
    listing(dir, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, ".gitkeep ankestat-set.txt tables.csv");
    ak_diags_free(d);
}

/* The manifest: the header lines in order, then every file, sorted, with
 * its SHA-256 ("ny\n" and "%PDF\n" checked against sha256sum). */
static void test_manifest(void)
{
    const char *parent = fresh("manifest");
    char dir[500], f[600];
    snprintf(dir, sizeof dir, "%s/out", parent);
    ak_diags *d = ak_diags_new();
    ak_outdir *o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    set_put(o, "tables.csv", "ny\n");
    set_put(o, "rapport-2008.pdf", "%PDF\n");
    ak_outdir_set_info(o, "year", "2008");
    ak_outdir_set_info(o, "input", "svar\t2008\n.csv");
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_OK);
    snprintf(f, sizeof f, "%s/" AK_OUTDIR_MANIFEST, dir);
    char *m = slurp(f);
    const char *body = m ? strstr(m, "ankestat-set\t1\n") : NULL;
    AK_CHECK_EQ_STR(body ? body : "",
        "ankestat-set\t1\n"
        "year\t2008\n"
        "input\tsvar 2008 .csv\n"
        "file\tb9d4612337f8c122bf2ae1c76f837b3a73fee1f8bc3b9ea9787dc6e96b140849\t"
        "rapport-2008.pdf\n"
        "file\t6869db67308c09dc1a5ebedff1773b8568f971bc3a52901da08d8d0f6548a794\t"
        "tables.csv\n");
    ak_free(m);
    ak_diags_free(d);
}

/* The folder is the user's: files no set wrote, and an output edited
 * since, are in the way; the same set unchanged, or empty, is not. */
static void test_user_files(void)
{
    const char *parent = fresh("user");
    char dir[500], f[600], ls[1000];
    ak_diags *d = ak_diags_new();
    ak_outdir *o = (ak_outdir *)1;

    /* files, no manifest */
    snprintf(dir, sizeof dir, "%s/docs", parent);
    mkdir(dir, 0755);
    snprintf(f, sizeof f, "%s/budget-2009.xlsx", dir);
    put(f, "budget");
    snprintf(f, sizeof f, "%s/notat.docx", dir);
    put(f, "notat");
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK(o == NULL);
    AK_CHECK_CONTAINS(msg(d, 0), "'budget-2009.xlsx' og 'notat.docx'");
    AK_CHECK_CONTAINS(msg(d, 0), "--out");
    AK_CHECK(file_is(f, "notat"));
    listing(dir, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "budget-2009.xlsx notat.docx");

    /* a set plus a file of the user's */
    snprintf(dir, sizeof dir, "%s/mixed", parent);
    old_set(dir);
    snprintf(f, sizeof f, "%s/mine.txt", dir);
    put(f, "mit");
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK_CONTAINS(msg(d, 1), "'mine.txt'");
    AK_CHECK(file_is(f, "mit"));

    /* an output edited since */
    snprintf(dir, sizeof dir, "%s/edited", parent);
    old_set(dir);
    snprintf(f, sizeof f, "%s/tables.csv", dir);
    put(f, "rettet\n");
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_ERR_IO);
    AK_CHECK_CONTAINS(msg(d, 2), "'tables.csv' ændret");
    AK_CHECK(file_is(f, "rettet\n"));

    /* a file added between begin and commit: refused at the commit */
    snprintf(dir, sizeof dir, "%s/late", parent);
    old_set(dir);
    o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    set_put(o, "tables.csv", "ny\n");
    snprintf(f, sizeof f, "%s/sent.txt", dir);
    put(f, "sent");
    AK_CHECK_EQ_INT(ak_outdir_commit(o, d), AK_ERR_IO);
    AK_CHECK_CONTAINS(msg(d, 3), "'sent.txt'");
    AK_CHECK(file_is(f, "sent"));
    unlink(f);
    check_old_set(NULL, dir);   /* and no temporary directory left */
    listing(parent, ls, sizeof ls);
    AK_CHECK_EQ_STR(ls, "docs edited late mixed");

    /* an output deleted since is no loss; an empty folder is fine */
    snprintf(dir, sizeof dir, "%s/deleted", parent);
    old_set(dir);
    snprintf(f, sizeof f, "%s/tabel-2.1.csv", dir);
    unlink(f);
    o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    ak_outdir_abort(o);
    snprintf(dir, sizeof dir, "%s/empty", parent);
    mkdir(dir, 0755);
    o = NULL;
    AK_CHECK_EQ_INT(ak_outdir_begin(dir, &o, d), AK_OK);
    ak_outdir_abort(o);
    AK_CHECK_EQ_INT(ak_diags_count(d), 4);
    ak_diags_free(d);
}

static void test_contains(void)
{
    const char *parent = fresh("contains");
    char a[500], ab[500], fa[600], fab[600];
    snprintf(a, sizeof a, "%s/a", parent);
    snprintf(ab, sizeof ab, "%s/ab", parent);
    mkdir(a, 0755);
    mkdir(ab, 0755);
    snprintf(fa, sizeof fa, "%s/in.csv", a);
    snprintf(fab, sizeof fab, "%s/in.csv", ab);
    put(fa, "x");
    put(fab, "x");
    AK_CHECK(ak_outdir_contains(a, fa));
    AK_CHECK(ak_outdir_contains(a, a));
    AK_CHECK(ak_outdir_contains(parent, fa));
    AK_CHECK(!ak_outdir_contains(a, fab));    /* "a" is a prefix of "ab" */
    AK_CHECK(!ak_outdir_contains(ab, fa));
    AK_CHECK(ak_outdir_contains("/", fa));
    char rel[600];
    snprintf(rel, sizeof rel, "%s/../a/./in.csv", a);
    AK_CHECK(ak_outdir_contains(a, rel));     /* paths are resolved */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/findes-ikke", parent);
    AK_CHECK(!ak_outdir_contains(missing, fa));
    /* A symlink to the input's directory is the same directory. */
    char link[600];
    snprintf(link, sizeof link, "%s/l", parent);
    AK_CHECK(symlink(a, link) == 0);
    AK_CHECK(ak_outdir_contains(link, fa));
}

static void setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/ak-test-outdir-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void teardown(void)
{
    rm_rf(root);
}

AK_TEST_MAIN(setup, test_new_dir, test_replace, test_abort,
             test_abort_without_memory, test_commit_without_memory,
             test_begin_every_allocation, test_refused, test_symlinked_out,
             test_manifest, test_user_files, test_contains, teardown)
