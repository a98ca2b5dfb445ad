/*
 * ankestat: the command line.  The only place that prints diagnostics and
 * decides exit codes:
 *   0  clean (validate) / report written (report)
 *   1  validate found problems (warnings)
 *   2  fatal: nothing was written (report), or validate found a fatal
 *      problem (its report, with every problem found, is still printed
 *      when rows could be read); also every command-line error
 * The command line is parsed here (parse_args), not by GOption: every word
 * a user reads is Danish UTF-8, whatever the locale.
 */
#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ak_codebook.h"
#include "ak_prose.h"
#include "ak_diag.h"
#include "ak_ingest.h"
#include "ak_mem.h"
#include "ak_outdir.h"
#include "ak_output.h"
#include "ak_render.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_uncert.h"
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

/* The options of a command line (strings borrowed from argv, out owned
 * when defaulted). */
typedef struct options {
    const char *codebook, *checks, *reg, *templates, *statistics;
    const char *format;
    int year;
    const char *out;
    char *out_default;   /* "out/<year>", owned */
    const char *with, *without;
    const char *compare;   /* last year's output folder, or NULL */
    int excel, no_pdf, keep_last, internal;
    const char *option;  /* --option: comma-separated output options */
} options;

/* The options --option accepts (read by outputs with ak_report_opt()). */
static const char *const known_options[] = {
    "frame",      /* svar-ÅR.*: every unit of the register, with besvaret */
    "free-text",  /* svar-ÅR.*: the text questions too */
};

/* Prints the error and returns -1 for an option no output knows. */
static int check_options(const char *list)
{
    if (!list)
        return 0;
    char **names = g_strsplit(list, ",", -1);
    int bad = 0;
    for (char **nm = names; *nm && !bad; nm++) {
        size_t k = 0;
        while (k < sizeof known_options / sizeof known_options[0]
               && strcmp(*nm, known_options[k]) != 0)
            k++;
        if (k == sizeof known_options / sizeof known_options[0]) {
            fprintf(stderr, "ankestat: fejl: ukendt tilvalg '%s' (kendte: "
                    "frame, free-text)\n", *nm);
            bad = 1;
        }
    }
    g_strfreev(names);
    return bad ? -1 : 0;
}

/* Everything one run holds; freed by run_free(). */
typedef struct run {
    options *opt;
    const char *input;
    ak_diags *d;
    ak_codebook *cb;
    ak_register *reg;
    ak_tableset *ts;
    ak_words *words;
    ak_validator *v;
    ak_tab *tab;
    ak_results *res;
    ak_lastrows *last;   /* --keep-last: each id's last line */
    ak_unc_config *ucfg;      /* the statistics file (reports) */
    ak_unc *unc;              /* collects the figures' uncertainty */
    ak_uncertainty *ures;
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
    ak_lastrows_free(r->last);
    ak_uncertainty_free(r->ures);
    ak_unc_free(r->unc);
    ak_unc_config_free(r->ucfg);
    ak_results_free(r->res);
    ak_tab_free(r->tab);
    ak_validate_free(r->v);
    ak_tableset_free(r->ts);
    ak_words_free(r->words);
    ak_register_free(r->reg);
    ak_codebook_free(r->cb);
    ak_diags_free(r->d);
}

/*
 * Where the data (data/, templates/) is: $ANKESTAT_HOME when set; else,
 * for an installed binary (make install), PREFIX/share/ankestat beside
 * its PREFIX/bin, when that holds data/codebook.csv; else the checkout it
 * was built in (AK_HOME).  Borrowed.
 */
static const char *home_dir(void)
{
    static char found[4096];
    const char *home = getenv("ANKESTAT_HOME");
    if (home && *home)
        return home;
    if (found[0])
        return found;
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char probe[4096 + 64];
            snprintf(found, sizeof found, "%s/../share/ankestat", exe);
            snprintf(probe, sizeof probe, "%s/data/codebook.csv", found);
            if (access(probe, R_OK) == 0)
                return found;
        }
    }
    snprintf(found, sizeof found, "%s", AK_HOME);
    return found;
}

/* A data path: the option if given, else home_dir() + rel; caller owns. */
static char *data_path(const char *given, const char *rel)
{
    if (given)
        return ak_strdup(given);
    return ak_asprintf("%s/%s", home_dir(), rel);
}

/* Print the fatal diagnostics (and the rest when all is set); exit code 2. */
static int fail_run(run *r, ak_status st)
{
    if (!r->cb && !r->opt->codebook) {
        char *p = data_path(NULL, "data/codebook.csv");
        if (p && access(p, F_OK) != 0)
            fprintf(stderr, "ankestat: fejl: kodebogen findes ikke i '%s'; "
                    "sæt ANKESTAT_HOME til mappen med data/ og templates/ "
                    "(se README), eller installér med make install\n",
                    home_dir());
        ak_free(p);
    }
    if (interrupted)
        fputs("ankestat: fejl: afbrudt; intet blev skrevet\n", stderr);
    if (st == AK_ERR_NOMEM || ak_diags_lost(r->d))
        fputs("ankestat: fejl: hukommelsen slap op\n", stderr);
    ak_diags_print(r->d, AK_SEV_FATAL, stderr);
    if (ak_diags_count_sev(r->d, AK_SEV_FATAL) == 0 && st != AK_ERR_NOMEM)
        fprintf(stderr, "ankestat: fejl: %s\n", ak_status_message(st));
    long dup = r->v ? ak_validate_duplicates(r->v) : 0;
    if (dup > 0) {
        const char *w = r->reg ? "kommunenummer" : "nummer";
        fprintf(stderr, "ankestat: %ld %s gentager et %s: ret filen, eller "
                "kør igen med --keep-last, så den sidste række for hvert %s "
                "bruges\n", dup, dup == 1 ? "række" : "rækker", w, w);
    }
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
        /* the text's word lists: data/bands.csv, data/words.csv (each
         * optional: a text that needs one fails without it) */
        char *bp = st == AK_OK ? data_path(NULL, "data/bands.csv") : NULL;
        char *wp = st == AK_OK ? data_path(NULL, "data/words.csv") : NULL;
        if (st == AK_OK && (!bp || !wp))
            st = AK_ERR_NOMEM;
        if (st == AK_OK)
            st = ak_words_load(g_file_test(bp, G_FILE_TEST_EXISTS) ? bp : NULL,
                               g_file_test(wp, G_FILE_TEST_EXISTS) ? wp : NULL,
                               &r->words, r->d);
        ak_free(bp);
        ak_free(wp);
        if (st != AK_OK)
            return st;
        p = data_path(r->opt->statistics, "data/statistics.csv");
        if (!p)
            return AK_ERR_NOMEM;
        st = ak_unc_config_load(p, &r->ucfg, r->d);
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
    if (ak_validate_superseded(r->v))
        return 0;
    if (r->tab && ak_tab_add(r->tab, row, ak_validate_unit(r->v),
                             ak_validate_unit_name(r->v)) != AK_OK)
        return 1;
    if (r->unc && ak_unc_add(r->unc, row) != AK_OK)
        return 1;
    return 0;
}

static int on_row_last(ak_row *row, void *ud)
{
    run *r = ud;
    if (interrupted)
        return 1;
    return ak_lastrows_add(r->last, r->cb, row) != AK_OK;
}

/* --keep-last: a first pass that records each id's last line (its
 * diagnostics are those of the pass that follows, and dropped). */
static ak_status find_last_rows(run *r)
{
    r->last = ak_lastrows_new();
    ak_diags *again = ak_diags_new();
    ak_status st = r->last && again ? AK_OK : AK_ERR_NOMEM;
    if (st == AK_OK) {
        st = ak_ingest_file(r->input, r->cb, NULL, on_row_last, r, again);
        if (st == AK_ERR_INPUT)
            st = AK_OK;   /* the main pass reports it */
    }
    ak_diags_free(again);
    if (interrupted)
        st = AK_ERR_IO;
    return st;
}

/* Ingest + validate (+ tabulate when r->tab); AK_ERR_INPUT on fatal. */
static ak_status read_input(run *r)
{
    if (r->opt->keep_last) {
        ak_status s0 = find_last_rows(r);
        if (s0 != AK_OK)
            return s0;
    }
    r->v = ak_validate_new(r->cb, r->reg, r->input, r->d);
    if (!r->v)
        return AK_ERR_NOMEM;
    if (r->last)
        ak_validate_keep_last(r->v, r->last);
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
    ak_status st = load_definitions(&r, 0);
    if (st == AK_OK)
        st = read_input(&r);
    /* Every problem found is reported, fatal ones included, as long as
     * rows could be validated at all (one round is enough); a file that
     * cannot be read, or has no rows, gets only its fatal problems. */
    if (st != AK_OK &&
        (st != AK_ERR_INPUT || !r.v || ak_validate_rows(r.v) == 0)) {
        int rc = fail_run(&r, st);
        run_free(&r);
        return rc;
    }
    int fatal = st == AK_ERR_INPUT;
    st = csv ? ak_render_validation_csv_as(r.v, r.d, opt->excel, stdout)
             : ak_render_validation_text(r.v, r.d, stdout);
    int rc = fatal ? 2 : ak_diags_count_sev(r.d, AK_SEV_WARNING) > 0 ? 1 : 0;
    if (st == AK_OK && (fflush(stdout) != 0 || ferror(stdout))) {
        fputs("ankestat: fejl: kan ikke skrive valideringsrapporten til "
              "standardoutput\n", stderr);
        rc = 2;
    } else if (st != AK_OK) {
        rc = fail_run(&r, st);
    } else if (fatal) {
        rc = fail_run(&r, AK_ERR_INPUT);
    }
    run_free(&r);
    return rc;
}

/* ---- report ------------------------------------------------------------ */

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
 * --without (and --no-pdf); sel[i] for registry entry i.  Returns -1 for
 * an unknown name, and says so on stderr unless quiet. */
static int select_outputs(const options *opt, unsigned char *sel, int quiet)
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
                if (!quiet)
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
    if (ak_validate_superseded(p->v))
        return 0;
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
        else if (r->last)
            ak_validate_keep_last(p.v, r->last);
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

static ak_status write_outputs(run *r, ak_outdir *o, char **sha_out)
{
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    unsigned char sel[64] = {0};
    if (n > sizeof sel || select_outputs(r->opt, sel, 0) != 0)
        return AK_ERR_USAGE;
    char *sha = NULL;
    ak_status st = AK_OK;
    {   /* for the manifest, and for outputs that show it */
        st = ak_file_sha256(r->input, &sha);
        if (st == AK_ERR_IO)
            ak_diags_addf(r->d, AK_SEV_FATAL, "file", r->input, 0, 0,
                          "filen kan ikke læses igen (til rapportens kontrolsum)");
    }
    char *base = g_path_get_basename(r->input);
    int provenance = 0;
    for (size_t i = 0; i < n; i++)
        provenance |= sel[i] && (list[i]->flags & AK_OUT_PROVENANCE);
    ak_report_meta meta = {base, provenance ? sha : NULL, AK_VERSION,
                           made_time(), ak_validate_datanote(r->v),
                           r->opt->internal};
    char **given = g_strsplit(r->opt->option ? r->opt->option : "", ",", -1);
    char *compare = r->opt->compare ? ak_asprintf("compare=%s", r->opt->compare)
                                    : NULL;
    if (r->opt->compare && !compare)
        st = AK_ERR_NOMEM;
    const char *opts[4 + sizeof known_options / sizeof known_options[0]] = {0};
    size_t nopt = 0;
    if (r->opt->excel)
        opts[nopt++] = "excel";
    if (r->opt->internal)
        opts[nopt++] = "internal";
    if (compare)
        opts[nopt++] = compare;
    for (char **g = given; *g; g++)
        if (**g && nopt + 1 < sizeof opts / sizeof opts[0])
            opts[nopt++] = *g;
    ak_report rep = {r->cb, r->reg, r->res, r->v, r->d, &meta,
                     r->opt->year, opts, r->ures};
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
    g_strfreev(given);
    ak_free(compare);
    *sha_out = sha;
    if (interrupted)
        st = AK_ERR_IO;
    return st;
}

/* Nonzero when a selected output reads the uncertainty figures (only
 * then are they collected: they cost a second evaluation of the
 * templates per row).  An unknown output name is reported later. */
static int wants_uncertainty(const options *opt)
{
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    unsigned char sel[64] = {0};
    if (n > sizeof sel || select_outputs(opt, sel, 1) != 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (sel[i] && (list[i]->flags & AK_OUT_UNCERTAINTY))
            return 1;
    return 0;
}

/* The output directory is replaced as a whole: refuse one that is or holds
 * the codebook, checks, register or templates.  Prints the error; returns
 * nonzero to refuse. */
static int out_holds_definitions(const options *opt)
{
    const char *given[] = {opt->codebook, opt->checks, opt->reg, opt->templates,
                           opt->statistics};
    const char *rel[] = {"data/codebook.csv", "data/checks.csv",
                         "data/kommuner.csv", "templates", "data/statistics.csv"};
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
    /* The output folder first, so that a folder in the way and the
     * input's problems are told in one round. */
    ak_status st_out = ak_outdir_check(opt->out, r.d);
    ak_status st = load_definitions(&r, 1);
    if (st == AK_OK) {
        r.tab = ak_tab_new(r.ts, r.cb, opt->year, r.d);
        if (!r.tab)
            st = AK_ERR_NOMEM;
        else if (r.reg)   /* the population of a svarprocent */
            ak_tab_set_population(r.tab, (long)ak_register_count(r.reg));
        if (r.tab)
            ak_tab_set_words(r.tab, r.words);
        if (r.tab && r.reg)
            ak_tab_set_register(r.tab, r.reg);
        if (st == AK_OK && wants_uncertainty(opt) &&
            !(r.unc = ak_unc_new(r.ts, r.cb, r.ucfg, r.d)))
            st = AK_ERR_NOMEM;
    }
    if (st == AK_OK)
        st = read_input(&r);
    if (st == AK_OK)
        st = ak_tab_finish(r.tab, &r.res);
    if (st == AK_OK && r.unc)
        st = ak_unc_finish(r.unc, r.res,
                           r.reg ? (long)ak_register_count(r.reg) : -1,
                           &r.ures, r.d);
    if (st == AK_OK && ak_diags_count_sev(r.d, AK_SEV_FATAL) > 0)
        st = AK_ERR_INPUT;
    if (st == AK_OK && st_out != AK_OK)
        st = st_out;
    ak_outdir *o = NULL;
    if (st == AK_OK)
        st = ak_outdir_begin(opt->out, &o, r.d);
    if (st == AK_OK) {
        char *sha = NULL;
        st = write_outputs(&r, o, &sha);
        if (st == AK_OK && ak_diags_count_sev(r.d, AK_SEV_FATAL) > 0)
            st = AK_ERR_IO;
        if (st == AK_OK) {
            char year[16];
            snprintf(year, sizeof year, "%d", opt->year);
            char *base = g_path_get_basename(input);
            ak_outdir_set_info(o, "version", AK_VERSION);
            ak_outdir_set_info(o, "year", year);
            ak_outdir_set_info(o, "input", base);
            ak_outdir_set_info(o, "input-sha256", sha);
            g_free(base);
        }
        ak_free(sha);
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
    /* What the outputs noted (labels cut to a format's limit, renamed
     * variables) is said here: the validation report was written before. */
    /* A handful is shown; the rest only counted (the kodebog has every
     * whole text). */
    size_t shown = 0, notes = 0;
    for (size_t i = 0; i < ak_diags_count(r.d); i++) {
        const ak_diag *dg = ak_diags_get(r.d, i);
        if (dg->sev != AK_SEV_NOTE || !dg->rule || strcmp(dg->rule, "output"))
            continue;
        if (++notes <= 5) {
            ak_diag_print(dg, stderr);
            shown++;
        }
    }
    if (notes > shown)
        fprintf(stderr, "ankestat: og %zu %s af samme slags (hele teksterne "
                "står i kodebogen)\n", notes - shown,
                ak_plural((long)(notes - shown), "bemærkning til",
                          "bemærkninger mere"));
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

/* ---- the command line --------------------------------------------------- */

/*
 * Our own small option parser, so that help, usage and every option error
 * are Danish and the same bytes (UTF-8) in every locale: GLib's GOption
 * prints English and converts to the locale's charset ("?" for æøå under
 * C).  Options are "--name VALUE", "--name=VALUE" or a flag "--name"; "--"
 * ends them; an option not of the command is an error.
 */
enum { C_VALIDATE = 1, C_REPORT = 2 };

typedef struct optdef {
    const char *name;
    const char *arg;       /* metavariable, NULL for a flag */
    unsigned cmds;         /* the commands it belongs to */
    const char *help;      /* Danish */
} optdef;

enum { O_YEAR, O_OUT, O_EXCEL, O_NO_PDF, O_INTERNAL, O_WITH, O_WITHOUT, O_OPTION,
       O_STATISTICS, O_COMPARE,
       O_FORMAT, O_KEEP_LAST, O_CODEBOOK, O_CHECKS, O_REGISTER, O_TEMPLATES, O_HELP,
       O_COUNT };

static const optdef optdefs[O_COUNT] = {
    [O_YEAR] = {"year", "ÅR", C_REPORT,
                "undersøgelsesåret, som rapporten gælder (skal angives), "
                "f.eks. --year 2009"},
    [O_OUT] = {"out", "MAPPE", C_REPORT,
               "uddatamappen (standard: out/ÅR, f.eks. out/2009)"},
    [O_FORMAT] = {"format", "FORMAT", C_VALIDATE,
                  "text (standard) eller csv"},
    [O_EXCEL] = {"excel", NULL, C_VALIDATE | C_REPORT,
                 "CSV til et dansk Excel: semikolon, decimalkomma og BOM "
                 "(også validering.csv)"},
    [O_NO_PDF] = {"no-pdf", NULL, C_REPORT, "ingen PDF (= --without pdf)"},
    [O_INTERNAL] = {"internal", NULL, C_REPORT,
                    "den interne udgave: med valideringsbilag (kommunernes "
                    "svar) og en side om kørslen"},
    [O_WITH] = {"with", "NAVN,...", C_REPORT, "skriv også disse output"},
    [O_WITHOUT] = {"without", "NAVN,...", C_REPORT, "skriv ikke disse output"},
    [O_OPTION] = {"option", "NAVN,...", C_REPORT,
                  "tilvalg til svarfilerne: frame (alle kommuner i "
                  "registret, med besvaret), free-text (også fritekst)"},
    [O_KEEP_LAST] = {"keep-last", NULL, C_VALIDATE | C_REPORT,
                     "en kommune, der står flere gange: brug dens sidste "
                     "række (en advarsel nævner begge linjer); uden "
                     "--keep-last er det en fejl"},
    [O_CODEBOOK] = {"codebook", "FIL", C_VALIDATE | C_REPORT,
                    "kodebogen (standard: data/codebook.csv)"},
    [O_CHECKS] = {"checks", "FIL", C_VALIDATE | C_REPORT,
                  "krydstjekkene (standard: data/checks.csv)"},
    [O_REGISTER] = {"register", "FIL", C_VALIDATE | C_REPORT,
                    "kommuneregistret (standard: data/kommuner.csv)"},
    [O_STATISTICS] = {"statistics", "FIL", C_REPORT,
                      "statistikindstillingerne (standard: "
                      "data/statistics.csv)"},
    [O_TEMPLATES] = {"templates", "MAPPE", C_REPORT,
                     "tabelskabelonerne (standard: templates)"},
    [O_COMPARE] = {"compare", "MAPPE", C_REPORT,
                   "sammenlign med sidste års uddatamappe (f.eks. out/2008): "
                   "tal for begge år, ændringen og et bilag i rapporten"},
    [O_HELP] = {"help", NULL, C_VALIDATE | C_REPORT, "vis denne hjælp"},
};

static const char usage[] =
    "brug: ankestat report --year ÅR [--out MAPPE] [TILVALG] SVAR.csv\n"
    "      ankestat validate [--format text|csv] [TILVALG] SVAR.csv\n"
    "      ankestat version\n"
    "Se 'ankestat report --help' og 'ankestat validate --help'.\n";

static const char *cmd_name(unsigned cmd)
{
    return cmd == C_REPORT ? "report" : "validate";
}

/* text from column at, on lines of at most 79 characters; continuation
 * lines indented by indent. */
static void put_wrapped(FILE *f, const char *text, long at, long indent)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        long w = (long)g_utf8_strlen(p, (gssize)n);
        if (!first && at + 1 + w > 79) {
            fprintf(f, "\n%*s", (int)indent, "");
            at = indent;
        } else if (!first) {
            fputc(' ', f);
            at++;
        }
        fwrite(p, 1, n, f);
        at += w;
        first = 0;
        p += n;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

static void print_help(unsigned cmd, FILE *f)
{
    if (cmd == C_REPORT)
        fputs("brug: ankestat report --year ÅR [--out MAPPE] [TILVALG] "
              "SVAR.csv\n\n"
              "Laver rapporten for undersøgelsesåret ÅR ud fra kommunernes "
              "svar i SVAR.csv\n"
              "og skriver den i en mappe for sig, som standard out/ÅR.  En "
              "mappe, der findes,\n"
              "erstattes kun, når den rummer præcis en tidligere rapport, "
              "uændret; ligger der\n"
              "andre filer, skrives intet (se " AK_OUTDIR_MANIFEST ").\n\n",
              f);
    else
        fputs("brug: ankestat validate [--format text|csv] [TILVALG] "
              "SVAR.csv\n\n"
              "Kontrollerer kommunernes svar i SVAR.csv og skriver alle "
              "problemer, der findes,\n"
              "på standardoutput.  Afslutningskode: 0 ingen problemer, 1 "
              "advarsler, 2 fejl.\n\n",
              f);
    fputs("Tilvalg:\n", f);
    for (int i = 0; i < O_COUNT; i++) {
        const optdef *o = &optdefs[i];
        if (!(o->cmds & cmd))
            continue;
        char head[64];
        snprintf(head, sizeof head, "--%s%s%s", o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
        long w = (long)g_utf8_strlen(head, -1);
        fprintf(f, "  %s", head);
        for (; w < 20; w++)
            fputc(' ', f);
        put_wrapped(f, o->help, 22 + (w > 20 ? w - 20 : 0), 22);
    }
    if (cmd == C_REPORT) {
        fputs("\nOutput (--with og --without; * skrives som standard):\n", f);
        const ak_output *const *list;
        size_t n = ak_output_list(&list);
        for (size_t i = 0; i < n; i++) {
            long w = (long)strlen(list[i]->name);
            fprintf(f, "  %s %s", list[i]->flags & AK_OUT_DEFAULT ? "*" : " ",
                    list[i]->name);
            for (; w < 18; w++)
                fputc(' ', f);
            put_wrapped(f, list[i]->summary, 22, 22);
        }
        fputs("\nEksempel: ankestat report --year 2009 svar-2009.csv  "
              "(skriver out/2009/)\n", f);
    }
    fputs("\nData (kodebog, krydstjek, register, skabeloner) læses fra "
          "$ANKESTAT_HOME, når\nden er sat, ellers fra den installerede "
          "share/ankestat eller kildemappen;\nnu: ", f);
    fprintf(f, "%s\n", home_dir());
}

/* Optimal string alignment distance of a and b (ASCII), capped at 9. */
static int distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 30 || m > 30)
        return 9;
    int d[32][32];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < v)
                v = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m] > 9 ? 9 : d[n][m];
}

/* The option of cmd nearest to name, or NULL when none is near. */
static const optdef *near_option(const char *name, size_t len, unsigned cmd)
{
    char buf[64];
    if (len >= sizeof buf)
        return NULL;
    memcpy(buf, name, len);
    buf[len] = '\0';
    const optdef *best = NULL;
    int bd = 3;
    for (int i = 0; i < O_COUNT; i++) {
        if (!(optdefs[i].cmds & cmd))
            continue;
        int dd = distance(buf, optdefs[i].name);
        if (len >= 2 && strncmp(optdefs[i].name, buf, len) == 0)
            dd = 1;   /* a prefix: --ye, --exc */
        if (dd < bd && (dd <= 1 || strlen(optdefs[i].name) > 3)) {
            bd = dd;
            best = &optdefs[i];
        }
    }
    return best;
}

/* A survey year the input's name suggests ("svar-2009.csv": 2009), else
 * 2009 as an example. */
static int year_hint(const char *input)
{
    const char *b = strrchr(input, '/');
    b = b ? b + 1 : input;
    for (const char *p = b; *p; p++) {
        if ((p == b || !(p[-1] >= '0' && p[-1] <= '9')) &&
            (!strncmp(p, "19", 2) || !strncmp(p, "20", 2)) &&
            p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
            !(p[4] >= '0' && p[4] <= '9'))
            return atoi(p);
    }
    return 2009;
}

/* Print an option error; returns 2. */
static int opt_error(unsigned cmd, const char *fmt, const char *a,
                     const char *b)
{
    fputs("ankestat: fejl: ", stderr);
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\nSe 'ankestat %s --help'.\n", cmd_name(cmd));
    return 2;
}

/* Parse argv (after the command) into opt and *input.  Returns -1 to go
 * on, or an exit code (0 after --help, 2 after an error, said on
 * stderr). */
static int parse_args(unsigned cmd, int argc, char **argv, options *opt,
                      const char **input)
{
    const char *vals[O_COUNT] = {0};
    int seen[O_COUNT] = {0};
    int ninputs = 0;
    int only_files = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || a[1] == '\0') {
            if (ninputs++ == 0)
                *input = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_files = 1;
            continue;
        }
        if (!strcmp(a, "-h")) {
            print_help(cmd, stdout);
            return 0;
        }
        if (a[1] != '-') {
            /* "-year": one dash */
            const optdef *o = near_option(a + 1, strlen(a + 1), cmd);
            if (o)
                return opt_error(cmd, "ukendt tilvalg '%s'; mente du --%s?",
                                 a, o->name);
            return opt_error(cmd, "ukendt tilvalg '%s'%s", a, "");
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int k = 0;
        while (k < O_COUNT && !(strlen(optdefs[k].name) == len &&
                                !strncmp(optdefs[k].name, name, len)))
            k++;
        char shown[80];
        snprintf(shown, sizeof shown, "--%.*s", (int)(len < 60 ? len : 60), name);
        if (k == O_COUNT) {
            const optdef *o = near_option(name, len, cmd);
            if (o)
                return opt_error(cmd, "ukendt tilvalg '%s'; mente du --%s?",
                                 shown, o->name);
            return opt_error(cmd, "ukendt tilvalg '%s'%s", shown, "");
        }
        const optdef *o = &optdefs[k];
        if (!(o->cmds & cmd))
            return opt_error(cmd, "tilvalget '%s' hører ikke til ankestat %s",
                             shown, cmd_name(cmd));
        if (k == O_HELP) {
            print_help(cmd, stdout);
            return 0;
        }
        if (seen[k]++)
            return opt_error(cmd, "tilvalget '%s' er angivet mere end én "
                             "gang%s", shown, "");
        if (!o->arg) {
            if (eq)
                return opt_error(cmd, "tilvalget '%s' tager ingen værdi%s",
                                 shown, "");
            vals[k] = "";
            continue;
        }
        if (eq) {
            vals[k] = eq + 1;
        } else if (i + 1 < argc) {
            vals[k] = argv[++i];
        } else {
            char what[96];
            snprintf(what, sizeof what, "%s %s", shown, o->arg);
            return opt_error(cmd, "tilvalget '%s' mangler en værdi (%s)",
                             shown, what);
        }
        if (!*vals[k])
            return opt_error(cmd, "tilvalget '%s' har en tom værdi%s", shown, "");
    }
    if (ninputs != 1) {
        if (ninputs == 0)
            return opt_error(cmd, "angiv svarfilen (en CSV-fil), f.eks. "
                             "ankestat %s%s svar-2009.csv", cmd_name(cmd),
                             cmd == C_REPORT ? " --year 2009" : "");
        return opt_error(cmd, "angiv præcis én svarfil, ikke %s%s",
                         ninputs == 2 ? "to" : "flere", "");
    }
    opt->codebook = vals[O_CODEBOOK];
    opt->checks = vals[O_CHECKS];
    opt->reg = vals[O_REGISTER];
    opt->templates = vals[O_TEMPLATES];
    opt->statistics = vals[O_STATISTICS];
    opt->format = vals[O_FORMAT];
    opt->out = vals[O_OUT];
    opt->with = vals[O_WITH];
    opt->without = vals[O_WITHOUT];
    opt->option = vals[O_OPTION];
    if (check_options(opt->option) != 0)
        return 2;
    opt->compare = vals[O_COMPARE];
    opt->excel = vals[O_EXCEL] != NULL;
    opt->no_pdf = vals[O_NO_PDF] != NULL;
    opt->internal = vals[O_INTERNAL] != NULL;
    opt->keep_last = vals[O_KEEP_LAST] != NULL;
    if (opt->format && strcmp(opt->format, "text") && strcmp(opt->format, "csv"))
        return opt_error(cmd, "ukendt format '%s' (brug text eller csv)%s",
                         opt->format, "");
    if (opt->excel && cmd == C_VALIDATE && !(opt->format &&
                                            !strcmp(opt->format, "csv")))
        return opt_error(cmd, "--excel gælder kun CSV: brug --format csv "
                         "--excel%s%s", "", "");
    if (cmd == C_REPORT) {
        const char *y = vals[O_YEAR];
        char ex[32];
        snprintf(ex, sizeof ex, "%d", year_hint(*input));
        if (!y)
            return opt_error(cmd, "angiv undersøgelsesåret med --year, f.eks. "
                             "ankestat report --year %s %s", ex, *input);
        /* Plausible: 4 digits, from 1990 to next year. */
        time_t now = time(NULL);
        struct tm tm;
        int next = gmtime_r(&now, &tm) ? tm.tm_year + 1900 + 1 : 9999;
        int ok = strlen(y) == 4;
        for (const char *c = y; ok && *c; c++)
            ok = *c >= '0' && *c <= '9';
        int v = ok ? atoi(y) : 0;
        if (!ok || v < 1990 || v > next) {
            char range[48];
            snprintf(range, sizeof range, "et år fra 1990 til %d", next);
            return opt_error(cmd, "'%s' er ikke et muligt undersøgelsesår; "
                             "angiv %s, f.eks. --year 2009", y, range);
        }
        opt->year = v;
        if (!opt->out) {
            opt->out_default = g_strdup_printf("out/%d", v);
            opt->out = opt->out_default;
        }
    }
    return -1;
}

/* The default output directory out/<year> needs its parent. */
static int make_default_parent(const options *opt)
{
    if (!opt->out_default)
        return 0;
    if (g_mkdir_with_parents("out", 0777) != 0) {
        fprintf(stderr, "ankestat: fejl: kan ikke oprette mappen 'out': %s\n",
                ak_errno_text(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *fail = getenv("AK_FAIL_ALLOC");
    if (fail && *fail)
        ak_mem_fail_at(atol(fail));
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("ankestat %s\n", AK_VERSION);
        return 0;
    }
    unsigned c = !strcmp(cmd, "report") ? C_REPORT
               : !strcmp(cmd, "validate") ? C_VALIDATE : 0;
    if (!c) {
        const char *near = distance(cmd, "report") <= 2 ? "report"
                         : distance(cmd, "validate") <= 2 ? "validate" : NULL;
        fprintf(stderr, "ankestat: fejl: ukendt kommando '%s'", cmd);
        if (near)
            fprintf(stderr, "; mente du %s?", near);
        fprintf(stderr, "\n%s", usage);
        return 2;
    }
    options opt = {0};
    const char *input = NULL;
    int rc = parse_args(c, argc - 2, argv + 2, &opt, &input);
    if (rc < 0) {
        if (make_default_parent(&opt) != 0)
            rc = 2;
        else
            rc = c == C_REPORT ? cmd_report(&opt, input)
                               : cmd_validate(&opt, input);
    }
    g_free(opt.out_default);
    /* Hidden, for the fault-injection tests: how many engine allocations
     * the run made (AK_FAIL_ALLOC=1..N then covers every one). */
    const char *count = getenv("AK_COUNT_ALLOC");
    if (count && *count)
        fprintf(stderr, "ankestat: allokeringer: %ld\n", ak_mem_count());
    return rc;
}
