/*
 * ankestat: the command line.  The only place that prints diagnostics and
 * decides exit codes:
 *   0  clean (validate) / report written (report)
 *   1  validate found problems (warnings)
 *   2  fatal: nothing was written
 */
#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_outdir.h"
#include "ak_render.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_validate.h"

#ifndef AK_HOME
#define AK_HOME "."
#endif
#ifndef AK_VERSION
#define AK_VERSION "0.1.0"
#endif

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Options shared by the commands. */
typedef struct options {
    char *codebook, *checks, *reg, *templates;
    char *format;
    int year;
    char *out;
    gboolean excel, no_pdf;
} options;

/* Everything one run holds; freed by run_free(). */
typedef struct run {
    options *opt;
    const char *input;
    ak_diags *d;
    ak_codebook *cb;
    ak_register *reg;
    ak_tableset *ts;
    ak_validator *v;
    ak_tab *tab;
    ak_results *res;
} run;

/* Start a run of opt on input: 0, or -1 (said on stderr) when out of
 * memory. */
static int run_init(run *r, options *opt, const char *input)
{
    memset(r, 0, sizeof *r);
    r->opt = opt;
    r->input = input;
    r->d = ak_diags_new();
    if (!r->d) {
        fputs("ankestat: fejl: hukommelsen slap op\n", stderr);
        return -1;
    }
    return 0;
}

static void run_free(run *r)
{
    ak_results_free(r->res);
    ak_tab_free(r->tab);
    ak_validate_free(r->v);
    ak_tableset_free(r->ts);
    ak_register_free(r->reg);
    ak_codebook_free(r->cb);
    ak_diags_free(r->d);
}

/* A data path: the option if given, else $ANKESTAT_HOME or AK_HOME + rel;
 * caller owns. */
static char *data_path(const char *given, const char *rel)
{
    if (given)
        return ak_strdup(given);
    const char *home = getenv("ANKESTAT_HOME");
    return ak_asprintf("%s/%s", home && *home ? home : AK_HOME, rel);
}

/* Print the fatal diagnostics (and the rest when all is set); exit code 2. */
static int fail_run(run *r, ak_status st)
{
    if (interrupted)
        fputs("ankestat: fejl: afbrudt; intet blev skrevet\n", stderr);
    if (st == AK_ERR_NOMEM || ak_diags_lost(r->d))
        fputs("ankestat: fejl: hukommelsen slap op\n", stderr);
    ak_diags_print(r->d, AK_SEV_FATAL, stderr);
    if (ak_diags_count_sev(r->d, AK_SEV_FATAL) == 0 && st != AK_ERR_NOMEM)
        fprintf(stderr, "ankestat: fejl: %s\n", ak_status_message(st));
    return 2;
}

/* Load codebook, checks, register and (for reports) templates. */
static ak_status load_definitions(run *r, int with_templates)
{
    char *p = data_path(r->opt->codebook, "data/codebook.csv");
    if (!p)
        return AK_ERR_NOMEM;
    ak_status st = ak_codebook_load(p, &r->cb, r->d);
    ak_free(p);
    if (st != AK_OK)
        return st;
    p = data_path(r->opt->checks, "data/checks.csv");
    if (!p)
        return AK_ERR_NOMEM;
    st = ak_codebook_load_checks(r->cb, p, r->d);
    ak_free(p);
    if (st != AK_OK)
        return st;
    if (r->cb->id_register) {
        char *rel = ak_asprintf("data/%s.csv", r->cb->id_register);
        p = rel ? data_path(r->opt->reg, rel) : NULL;
        ak_free(rel);
        if (!p)
            return AK_ERR_NOMEM;
        st = ak_register_load(p, &r->reg, r->d);
        ak_free(p);
        if (st != AK_OK)
            return st;
    }
    if (with_templates) {
        p = data_path(r->opt->templates, "templates");
        if (!p)
            return AK_ERR_NOMEM;
        st = ak_templates_load(p, r->cb, &r->ts, r->d);
        ak_free(p);
    }
    return st;
}

static int on_row(ak_row *row, void *ud)
{
    run *r = ud;
    if (interrupted)
        return 1;
    if (ak_validate_row(r->v, row) != AK_OK)
        return 1;
    if (r->tab && ak_tab_add(r->tab, row, ak_validate_unit(r->v),
                             ak_validate_unit_name(r->v)) != AK_OK)
        return 1;
    return 0;
}

/* Ingest + validate (+ tabulate when r->tab); AK_ERR_INPUT on fatal. */
static ak_status read_input(run *r)
{
    r->v = ak_validate_new(r->cb, r->reg, r->input, r->d);
    if (!r->v)
        return AK_ERR_NOMEM;
    ak_status st = ak_ingest_file(r->input, r->cb, NULL, on_row, r, r->d);
    if (interrupted)
        return AK_ERR_IO;
    if (st == AK_OK || st == AK_ERR_INPUT) {
        ak_status st2 = ak_validate_finish(r->v);
        if (st == AK_OK)
            st = st2;
    }
    if (st == AK_OK && ak_diags_lost(r->d))
        st = AK_ERR_NOMEM;
    if (st == AK_OK && ak_diags_count_sev(r->d, AK_SEV_FATAL) > 0)
        st = AK_ERR_INPUT;
    return st;
}

/* ---- validate ---------------------------------------------------------- */

static int cmd_validate(options *opt, const char *input)
{
    run r;
    if (run_init(&r, opt, input) != 0)
        return 2;
    int csv = opt->format && strcmp(opt->format, "csv") == 0;
    if (opt->format && !csv && strcmp(opt->format, "text") != 0) {
        fprintf(stderr, "ankestat: fejl: ukendt format '%s' (text eller csv)\n", opt->format);
        run_free(&r);
        return 2;
    }
    ak_status st = load_definitions(&r, 0);
    if (st == AK_OK)
        st = read_input(&r);
    if (st != AK_OK) {
        int rc = fail_run(&r, st);
        run_free(&r);
        return rc;
    }
    st = csv ? ak_render_validation_csv(r.v, r.d, stdout)
             : ak_render_validation_text(r.v, r.d, stdout);
    int rc = ak_diags_count_sev(r.d, AK_SEV_WARNING) > 0 ? 1 : 0;
    if (st == AK_OK && (fflush(stdout) != 0 || ferror(stdout))) {
        fputs("ankestat: fejl: kan ikke skrive valideringsrapporten til "
              "standardoutput\n", stderr);
        rc = 2;
    } else if (st != AK_OK) {
        rc = fail_run(&r, st);
    }
    run_free(&r);
    return rc;
}

/* ---- report ------------------------------------------------------------ */

/* Open path for writing, run the writer, close; AK_ERR_IO on any failure. */
typedef ak_status (*writer_fn)(const void *what, int flag, FILE *f);

static ak_status write_file(const ak_outdir *o, const char *name,
                            writer_fn fn, const void *what, int flag,
                            ak_diags *d)
{
    char *path = ak_outdir_path(o, name);
    if (!path)
        return AK_ERR_NOMEM;
    errno = 0;
    FILE *f = fopen(path, "wb");
    ak_status st = AK_ERR_IO;
    int err = errno;
    if (f) {
        st = fn(what, flag, f);
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
    if (st == AK_ERR_IO) {
        /* Named as the user will look for it, not by the temporary
         * directory, which is gone by the time the message is read. */
        char *shown = ak_outdir_shown(o, name);
        if (!shown)
            return AK_ERR_NOMEM;
        ak_diags_addf(d, AK_SEV_FATAL, "output", shown, 0, 0,
                      "kan ikke skrive filen%s%s", err ? ": " : "",
                      err ? ak_errno_text(err) : "");
        ak_free(shown);
    }
    return st;
}

static ak_status w_tables(const void *what, int flag, FILE *f)
{
    (void)flag;
    return ak_render_tables_csv(what, f);
}

static ak_status w_wide(const void *what, int flag, FILE *f)
{
    return ak_render_table_wide_csv(what, flag, f);
}

typedef struct vpair {
    const ak_validator *v;
    const ak_diags *d;
} vpair;

static ak_status w_validation(const void *what, int flag, FILE *f)
{
    const vpair *p = what;
    return flag ? ak_render_validation_csv(p->v, p->d, f)
                : ak_render_validation_text(p->v, p->d, f);
}

/* "Tabel 2.2" -> "tabel-2.2.csv", "Nøgletal" -> "noegletal.csv" (æ, ø, å
 * spelt ae, oe, aa: file names stay ASCII); caller owns. */
static char *table_file_name(const ak_rtable *t)
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
    char *name = ak_asprintf("%s.csv", lower);
    g_free(lower);
    return name;
}

/* Hex SHA-256 of a file into *hex (caller owns): AK_ERR_IO when the file
 * cannot be read, AK_ERR_NOMEM when the copy cannot be made. */
static ak_status file_sha256(const char *path, char **hex)
{
    *hex = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return AK_ERR_IO;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        g_checksum_update(c, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (!bad)
        *hex = ak_strdup(g_checksum_get_string(c));
    g_checksum_free(c);
    return bad ? AK_ERR_IO : *hex ? AK_OK : AK_ERR_NOMEM;
}

static long long made_time(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        long long v = strtoll(e, &end, 10);
        if (*end == '\0' && v >= 0)
            return v;
    }
    return (long long)time(NULL);
}

static ak_status write_outputs(run *r, ak_outdir *o)
{
    ak_status st = write_file(o, "tables.csv", w_tables, r->res, 0, r->d);
    for (size_t i = 0; st == AK_OK && i < r->res->ntables && !interrupted; i++) {
        char *name = table_file_name(&r->res->tables[i]);
        if (!name)
            return AK_ERR_NOMEM;
        st = write_file(o, name, w_wide, &r->res->tables[i], r->opt->excel, r->d);
        ak_free(name);
    }
    vpair vp = {r->v, r->d};
    if (st == AK_OK)
        st = write_file(o, "validering.txt", w_validation, &vp, 0, r->d);
    if (st == AK_OK)
        st = write_file(o, "validering.csv", w_validation, &vp, 1, r->d);
    if (st == AK_OK && !r->opt->no_pdf) {
        char *sha = NULL;
        st = file_sha256(r->input, &sha);
        if (st == AK_ERR_IO)
            ak_diags_addf(r->d, AK_SEV_FATAL, "file", r->input, 0, 0,
                          "filen kan ikke læses igen (til rapportens kontrolsum)");
        char *base = g_path_get_basename(r->input);
        char *pdfname = ak_asprintf("rapport-%d.pdf", r->opt->year);
        char *path = pdfname ? ak_outdir_path(o, pdfname) : NULL;
        char *shown = pdfname ? ak_outdir_shown(o, pdfname) : NULL;
        if (st == AK_OK && (!path || !shown))
            st = AK_ERR_NOMEM;
        if (st == AK_OK) {
            ak_report_meta meta = {base, sha, AK_VERSION, made_time(),
                                   ak_validate_datanote(r->v), shown};
            st = ak_render_pdf(r->res, r->v, r->d, &meta, path, r->d);
        }
        g_free(base);
        ak_free(sha);
        ak_free(pdfname);
        ak_free(path);
        ak_free(shown);
    }
    if (interrupted)
        st = AK_ERR_IO;
    return st;
}

/* The output directory is replaced as a whole: refuse one that is or holds
 * the codebook, checks, register or templates.  Prints the error; returns
 * nonzero to refuse. */
static int out_holds_definitions(const options *opt)
{
    const char *given[] = {opt->codebook, opt->checks, opt->reg, opt->templates};
    const char *rel[] = {"data/codebook.csv", "data/checks.csv",
                         "data/kommuner.csv", "templates"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char *p = data_path(given[i], rel[i]);
        int bad = p && ak_outdir_contains(opt->out, p);
        if (bad)
            fprintf(stderr, "ankestat: fejl: uddatamappen '%s' indeholder '%s', "
                    "som rapporten læses fra\n", opt->out, p);
        ak_free(p);
        if (bad)
            return 1;
    }
    return 0;
}

static int cmd_report(options *opt, const char *input)
{
    run r;
    if (run_init(&r, opt, input) != 0)
        return 2;
    if (ak_outdir_contains(opt->out, input)) {
        fprintf(stderr, "ankestat: fejl: uddatamappen '%s' indeholder inputfilen '%s'\n",
                opt->out, input);
        run_free(&r);
        return 2;
    }
    if (out_holds_definitions(opt)) {
        run_free(&r);
        return 2;
    }
    ak_status st = load_definitions(&r, 1);
    if (st == AK_OK) {
        r.tab = ak_tab_new(r.ts, r.cb, opt->year, r.d);
        if (!r.tab)
            st = AK_ERR_NOMEM;
        else if (r.reg)   /* the population of a svarprocent */
            ak_tab_set_population(r.tab, (long)ak_register_count(r.reg));
    }
    if (st == AK_OK)
        st = read_input(&r);
    if (st == AK_OK)
        st = ak_tab_finish(r.tab, &r.res);
    if (st == AK_OK && ak_diags_count_sev(r.d, AK_SEV_FATAL) > 0)
        st = AK_ERR_INPUT;
    ak_outdir *o = NULL;
    if (st == AK_OK)
        st = ak_outdir_begin(opt->out, &o, r.d);
    if (st == AK_OK) {
        st = write_outputs(&r, o);
        if (st == AK_OK && ak_diags_count_sev(r.d, AK_SEV_FATAL) > 0)
            st = AK_ERR_IO;
        if (st == AK_OK) {
            st = ak_outdir_commit(o, r.d);
        } else {
            ak_outdir_abort(o);
        }
    }
    if (st != AK_OK || ak_diags_count_sev(r.d, AK_SEV_FATAL) > 0) {
        int rc = fail_run(&r, st != AK_OK ? st : AK_ERR_INPUT);
        run_free(&r);
        return rc;
    }
    size_t warn = ak_diags_count_sev(r.d, AK_SEV_WARNING);
    fprintf(stderr, "ankestat: rapport for %d skrevet i '%s' (%zu tabeller og figurer",
            opt->year, opt->out, r.res->ntables);
    if (warn)
        fprintf(stderr, "; %zu advarsler, se validering.txt", warn);
    fputs(")\n", stderr);
    run_free(&r);
    return 0;
}

/* ---- main -------------------------------------------------------------- */

static const char usage[] =
    "brug: ankestat validate [--format text|csv] INPUT.csv\n"
    "      ankestat report [--year ÅR] [--out MAPPE] [--excel] [--no-pdf] INPUT.csv\n"
    "      ankestat version\n"
    "fælles: --codebook FIL --checks FIL --register FIL --templates MAPPE\n";

int main(int argc, char **argv)
{
    const char *fail = getenv("AK_FAIL_ALLOC");
    if (fail && *fail)
        ak_mem_fail_at(atol(fail));
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("ankestat %s\n", AK_VERSION);
        return 0;
    }
    int is_report = !strcmp(cmd, "report");
    if (!is_report && strcmp(cmd, "validate") != 0) {
        fprintf(stderr, "ankestat: fejl: ukendt kommando '%s'\n%s", cmd, usage);
        return 2;
    }
    options opt = {0};
    opt.year = 2008;
    GOptionEntry common[] = {
        {"codebook", 0, 0, G_OPTION_ARG_FILENAME, &opt.codebook, "kodebog", "FIL"},
        {"checks", 0, 0, G_OPTION_ARG_FILENAME, &opt.checks, "krydstjek", "FIL"},
        {"register", 0, 0, G_OPTION_ARG_FILENAME, &opt.reg, "register", "FIL"},
        {"templates", 0, 0, G_OPTION_ARG_FILENAME, &opt.templates, "skabeloner", "MAPPE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &opt.format, "text eller csv (validate)", "FORMAT"},
        {"year", 0, 0, G_OPTION_ARG_INT, &opt.year, "undersøgelsesår (report)", "ÅR"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &opt.out, "uddatamappe (report)", "MAPPE"},
        {"excel", 0, 0, G_OPTION_ARG_NONE, &opt.excel, "tabel-CSV med ; og decimalkomma", NULL},
        {"no-pdf", 0, 0, G_OPTION_ARG_NONE, &opt.no_pdf, "ingen PDF", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *ctx = g_option_context_new("INPUT.csv");
    g_option_context_set_help_enabled(ctx, TRUE);
    g_option_context_add_main_entries(ctx, common, NULL);
    GError *err = NULL;
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    int rc;
    if (!g_option_context_parse(ctx, &sub_argc, &sub_argv, &err)) {
        fprintf(stderr, "ankestat: fejl: %s\n%s", err->message, usage);
        g_error_free(err);
        rc = 2;
    } else if (sub_argc != 2) {
        fprintf(stderr, "ankestat: fejl: angiv præcis én inputfil\n%s", usage);
        rc = 2;
    } else if (opt.year < 1900 || opt.year > 9999) {
        fprintf(stderr, "ankestat: fejl: ugyldigt år '%d'\n", opt.year);
        rc = 2;
    } else {
        if (!opt.out)
            opt.out = g_strdup("out");
        rc = is_report ? cmd_report(&opt, sub_argv[1]) : cmd_validate(&opt, sub_argv[1]);
    }
    g_option_context_free(ctx);
    g_free(opt.codebook);
    g_free(opt.checks);
    g_free(opt.reg);
    g_free(opt.templates);
    g_free(opt.format);
    g_free(opt.out);
    /* Hidden, for the fault-injection tests: how many engine allocations
     * the run made (AK_FAIL_ALLOC=1..N then covers every one). */
    const char *count = getenv("AK_COUNT_ALLOC");
    if (count && *count)
        fprintf(stderr, "ankestat: allokeringer: %ld\n", ak_mem_count());
    return rc;
}
