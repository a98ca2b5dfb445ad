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
#include "ak_output.h"
#include "ak_parallel.h"
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
    char *with, *without;
    gboolean excel, no_pdf;
    int threads;
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

/* Ingest + validate (+ tabulate when r->tab); AK_ERR_INPUT on fatal. */
static ak_status read_input(run *r)
{
    ak_status st = ak_parallel_read(r->input, r->cb, r->reg, r->tab,
                                    r->opt->threads, &interrupted, &r->v,
                                    r->d, NULL);
    if (!r->v)
        return st == AK_OK ? AK_ERR_NOMEM : st;
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

/* The outputs a report writes: the default set, plus --with, less
 * --without (and --no-pdf); sel[i] for registry entry i.  Prints the error
 * and returns -1 for an unknown name. */
static int select_outputs(const options *opt, unsigned char *sel)
{
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    for (size_t i = 0; i < n; i++)
        sel[i] = (list[i]->flags & AK_OUT_DEFAULT) != 0;
    const char *lists[2] = {opt->with, opt->without};
    for (int w = 0; w < 2; w++) {
        if (!lists[w])
            continue;
        char **names = g_strsplit(lists[w], ",", -1);
        int bad = 0;
        for (char **nm = names; *nm && !bad; nm++) {
            g_strstrip(*nm);
            if (!**nm)
                continue;
            size_t i = 0;
            while (i < n && strcmp(list[i]->name, *nm) != 0)
                i++;
            if (i == n) {
                fprintf(stderr, "ankestat: fejl: ukendt output '%s' (se "
                        "ankestat report --help)\n", *nm);
                bad = 1;
            } else {
                sel[i] = w == 0;
            }
        }
        g_strfreev(names);
        if (bad)
            return -1;
    }
    if (opt->no_pdf)
        for (size_t i = 0; i < n; i++)
            if (strcmp(list[i]->name, "pdf") == 0)
                sel[i] = 0;
    return 0;
}

/* The second pass for row outputs: ingest and validate the input again
 * (its diagnostics were reported by the first pass and are dropped) and
 * hand each validated row to every selected row output. */
typedef struct rowpass {
    ak_validator *v;
    const ak_output *const *outs;
    void **ctx;
    size_t n;
    ak_status st;
} rowpass;

static int on_row_again(ak_row *row, void *ud)
{
    rowpass *p = ud;
    if (interrupted)
        return 1;
    if (ak_validate_row(p->v, row) != AK_OK) {
        p->st = AK_ERR_NOMEM;
        return 1;
    }
    for (size_t i = 0; i < p->n; i++) {
        ak_status st = p->outs[i]->row(p->ctx[i], row);
        if (st != AK_OK) {
            p->st = st;
            return 1;
        }
    }
    return 0;
}

static ak_status write_row_outputs(run *r, const ak_report *rep,
                                   const ak_output **outs, size_t n,
                                   ak_outdir *o)
{
    void **ctx = ak_calloc(n ? n : 1, sizeof *ctx);
    ak_diags *again = ak_diags_new();
    rowpass p = {NULL, outs, ctx, 0, AK_OK};
    if (!ctx || !again)
        p.st = AK_ERR_NOMEM;
    long nrows = ak_validate_rows(r->v);
    for (size_t i = 0; p.st == AK_OK && i < n; i++) {
        p.st = outs[i]->begin(&ctx[i], rep, nrows, o, r->d);
        p.n = i + 1;
    }
    if (p.st == AK_OK) {
        p.v = ak_validate_new(r->cb, r->reg, r->input, again);
        if (!p.v)
            p.st = AK_ERR_NOMEM;
    }
    if (p.st == AK_OK) {
        ak_status st = ak_ingest_file(r->input, r->cb, NULL, on_row_again, &p,
                                      again);
        if (p.st == AK_OK && st != AK_OK)
            p.st = st == AK_ERR_INPUT ? AK_ERR_IO : st;
        if (p.st == AK_OK && interrupted)
            p.st = AK_ERR_IO;
        if (p.st == AK_OK && ak_validate_rows(p.v) != nrows) {
            /* The file changed between the two passes. */
            ak_diags_addf(r->d, AK_SEV_FATAL, "file", r->input, 0, 0,
                          "filen ændrede sig under kørslen; kør igen");
            p.st = AK_ERR_IO;
        }
    }
    for (size_t i = 0; ctx && i < p.n; i++) {
        ak_status st = outs[i]->end(ctx[i], p.st);
        if (p.st == AK_OK)
            p.st = st;
    }
    ak_validate_free(p.v);
    ak_diags_free(again);
    ak_free(ctx);
    return p.st;
}

static ak_status write_outputs(run *r, ak_outdir *o)
{
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    unsigned char sel[64] = {0};
    if (n > sizeof sel || select_outputs(r->opt, sel) != 0)
        return AK_ERR_USAGE;
    int provenance = 0;
    for (size_t i = 0; i < n; i++)
        provenance |= sel[i] && (list[i]->flags & AK_OUT_PROVENANCE);
    char *sha = NULL;
    ak_status st = AK_OK;
    if (provenance) {
        st = file_sha256(r->input, &sha);
        if (st == AK_ERR_IO)
            ak_diags_addf(r->d, AK_SEV_FATAL, "file", r->input, 0, 0,
                          "filen kan ikke læses igen (til rapportens kontrolsum)");
    }
    char *base = g_path_get_basename(r->input);
    ak_report_meta meta = {base, sha, AK_VERSION, made_time(),
                           ak_validate_datanote(r->v)};
    const char *opts[2] = {r->opt->excel ? "excel" : NULL, NULL};
    ak_report rep = {r->cb, r->reg, r->res, r->v, r->d, &meta,
                     r->opt->year, opts};
    const ak_output *rows[64];
    size_t nrow = 0;
    for (size_t i = 0; st == AK_OK && i < n && !interrupted; i++) {
        if (!sel[i])
            continue;
        if (list[i]->flags & AK_OUT_ROWS)
            rows[nrow++] = list[i];
        else
            st = list[i]->write(&rep, o, r->d);
    }
    if (st == AK_OK && nrow > 0 && !interrupted)
        st = write_row_outputs(r, &rep, rows, nrow, o);
    g_free(base);
    ak_free(sha);
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
    fprintf(stderr, "ankestat: rapport for %d skrevet i '%s' (%zu %s",
            opt->year, opt->out, r.res->ntables,
            ak_plural((long)r.res->ntables, "tabel eller figur",
                      "tabeller og figurer"));
    if (warn)
        fprintf(stderr, "; %zu %s, se valideringsrapporten", warn,
                ak_plural((long)warn, "advarsel", "advarsler"));
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
        {"no-pdf", 0, 0, G_OPTION_ARG_NONE, &opt.no_pdf, "ingen PDF (= --without pdf)", NULL},
        {"with", 0, 0, G_OPTION_ARG_STRING, &opt.with, "skriv også disse output (report)", "NAVN,..."},
        {"without", 0, 0, G_OPTION_ARG_STRING, &opt.without, "skriv ikke disse output (report)", "NAVN,..."},
        {"threads", 0, 0, G_OPTION_ARG_INT, &opt.threads, "tråde (standard: maskinens kerner)", "N"},
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
    g_free(opt.with);
    g_free(opt.without);
    /* Hidden, for the fault-injection tests: how many engine allocations
     * the run made (AK_FAIL_ALLOC=1..N then covers every one). */
    const char *count = getenv("AK_COUNT_ALLOC");
    if (count && *count)
        fprintf(stderr, "ankestat: allokeringer: %ld\n", ak_mem_count());
    return rc;
}
