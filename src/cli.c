/*
 * ankestat: the command line.  The only place that prints diagnostics and
 * decides exit codes:
 *   0  clean (validate) / report written (report)
 *   1  validate found problems (warnings)
 *   2  fatal: nothing was written (report), or validate found a fatal
 *      problem (its report, with every problem found, is still printed
 *      when rows could be read); also every command-line error
 * The options and their Danish parser are in cli_options.c, the run of the
 * stages and the outputs in cli_run.c.
 */
#include <errno.h>
#include <glib.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_render.h"
#include "cli_run.h"

static void on_signal(int sig)
{
    (void)sig;
    cli_interrupted = 1;
}

/* ---- validate ---------------------------------------------------------- */

static int cmd_validate(options *opt, const char *input)
{
    run r;
    if (cli_run_init(&r, opt, input) != 0)
        return 2;
    int csv = opt->format && strcmp(opt->format, "csv") == 0;
    ak_status st = cli_load_definitions(&r, 0);
    if (st == AK_OK)
        st = cli_read_input(&r);
    /* Every problem found is reported, fatal ones included, as long as
     * rows could be validated at all (one round is enough); a file that
     * cannot be read, or has no rows, gets only its fatal problems. */
    if (st != AK_OK &&
        (st != AK_ERR_INPUT || !r.v || ak_validate_rows(r.v) == 0)) {
        int rc = cli_fail_run(&r, st);
        cli_run_free(&r);
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
        rc = cli_fail_run(&r, st);
    } else if (fatal) {
        rc = cli_fail_run(&r, AK_ERR_INPUT);
    }
    cli_run_free(&r);
    return rc;
}

static int cmd_report(options *opt, const char *input)
{
    run r;
    if (cli_run_init(&r, opt, input) != 0)
        return 2;
    if (cli_select_outputs(&r) != 0) {
        cli_run_free(&r);
        return 2;
    }
    if (ak_outdir_contains(opt->out, input)) {
        fprintf(stderr, "ankestat: fejl: uddatamappen '%s' indeholder inputfilen '%s'\n",
                opt->out, input);
        cli_run_free(&r);
        return 2;
    }
    if (cli_out_holds_definitions(opt)) {
        cli_run_free(&r);
        return 2;
    }
    /* The output folder first, so that a folder in the way and the
     * input's problems are told in one round. */
    ak_status st_out = ak_outdir_check(opt->out, r.d);
    ak_status st = cli_load_definitions(&r, 1);
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
        /* --compare: last year's tables.csv, read once for every output
         * (cli_write_outputs() lends it).  With --panel a problem of the
         * folder stops the run here, and last year's units are read, and
         * a second tabulation of the rows of those that answer this year
         * too is made.  Without, the units only say how many answered
         * both years: a folder without the record (or any problem) just
         * leaves them out, and a problem of tables.csv is told by the
         * first output that reads it, as before. */
        if (st == AK_OK && opt->compare) {
            ak_diags *quiet = opt->panel ? NULL : ak_diags_new();
            ak_diags *pd = opt->panel ? r.d : quiet;
            ak_status pst = pd ? ak_prev_load(opt->compare, opt->year,
                                              &r.prev, pd)
                               : AK_ERR_NOMEM;
            if (pst == AK_OK)
                pst = ak_panel_load(opt->compare, r.prev, &r.panel, pd);
            if (opt->panel || pst == AK_ERR_NOMEM)
                st = pst;
            ak_diags_free(quiet);
        }
        if (st == AK_OK && opt->panel) {
            /* its diagnostics would repeat the main tabulation's */
            r.pd = ak_diags_new();
            r.ptab = r.pd ? ak_tab_new(r.ts, r.cb, opt->year, r.pd) : NULL;
            if (!r.ptab)
                st = AK_ERR_NOMEM;
            else if (r.reg)
                ak_tab_set_population(r.ptab, (long)ak_register_count(r.reg));
            if (r.ptab)
                ak_tab_set_words(r.ptab, r.words);
        }
        if (st == AK_OK && cli_wants_uncertainty(&r) &&
            !(r.unc = ak_unc_new(r.ts, r.cb, r.ucfg, r.d)))
            st = AK_ERR_NOMEM;
    }
    if (st == AK_OK)
        st = cli_read_input(&r);
    if (st == AK_OK)
        st = ak_tab_finish(r.tab, &r.res);
    if (st == AK_OK && r.ptab)
        st = ak_tab_finish(r.ptab, &r.pres);
    if (st == AK_OK && r.unc)
        st = ak_unc_finish(r.unc, r.res,
                           r.reg ? (long)ak_register_count(r.reg) : -1,
                           &r.ures, r.d);
    if (st == AK_OK && ak_diags_count_sev(r.d, AK_SEV_FATAL) > 0)
        st = AK_ERR_INPUT;
    if (st == AK_OK && st_out != AK_OK)
        st = st_out;
    ak_outdir *o = NULL;
    /* the outputs' notes are told after the commit, when nothing may
     * fail: they are kept in memory (ak_diags_get) */
    size_t before_out = ak_diags_count(r.d);
    ak_diags_hold(r.d);
    if (st == AK_OK)
        st = ak_outdir_begin(opt->out, &o, r.d);
    if (st == AK_OK) {
        char *sha = NULL;
        st = cli_write_outputs(&r, o, &sha);
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
        int rc = cli_fail_run(&r, st != AK_OK ? st : AK_ERR_INPUT);
        cli_run_free(&r);
        return rc;
    }
    /* What the outputs noted (labels cut to a format's limit, renamed
     * variables) is said here: the validation report was written before. */
    /* A handful is shown; the rest only counted (the kodebog has every
     * whole text). */
    size_t shown = 0, notes = 0;
    for (size_t i = before_out; i < ak_diags_count(r.d); i++) {
        const ak_diag *dg = ak_diags_get(r.d, i);
        if (!dg || dg->sev != AK_SEV_NOTE || !dg->rule ||
            strcmp(dg->rule, "output"))
            continue;
        if (++notes <= 5) {
            ak_diag_print(dg, stderr);
            shown++;
        }
    }
    ak_diags_release(r.d);
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
    cli_run_free(&r);
    return 0;
}

int main(int argc, char **argv)
{
#if defined(M_MMAP_THRESHOLD)
    /* Large buffers (the parallel reader's 4 MiB parts, a diagnostics
     * run) straight from and back to the system: glibc's sliding
     * threshold would otherwise keep them in the heap once freed
     * (1M rows on two threads: 83 -> 67 MiB peak). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    const char *fail = getenv("AK_FAIL_ALLOC");
    if (fail && *fail)
        ak_mem_fail_at(atol(fail));
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);

    options opt = {0};
    const char *input = NULL;
    unsigned c = 0;
    int rc = cli_parse(argc, argv, &c, &opt, &input);
    if (rc < 0) {
        if (cli_make_default_parent(&opt) != 0)
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
