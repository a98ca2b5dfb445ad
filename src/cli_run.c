/*
 * One run of the command line; see cli_run.h.
 */
#include "cli_run.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ak_mem.h"
#include "ak_output.h"
#include "ak_status.h"
#include "ak_ingest.h"
#include "ak_parallel.h"
#include "ak_render.h"

#ifndef AK_HOME
#define AK_HOME "."
#endif
#ifndef AK_VERSION
#define AK_VERSION "0.1.0"
#endif

volatile sig_atomic_t cli_interrupted;


/* Start a run of opt on input: 0, or -1 (said on stderr) when out of
 * memory. */
int cli_run_init(run *r, options *opt, const char *input)
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

void cli_run_free(run *r)
{
    ak_lastrows_free(r->last);
    ak_uncertainty_free(r->ures);
    ak_unc_free(r->unc);
    ak_unc_config_free(r->ucfg);
    ak_results_free(r->res);
    ak_tab_free(r->tab);
    ak_results_free(r->pres);
    ak_tab_free(r->ptab);
    ak_panel_free(r->panel);
    ak_prev_free(r->prev_panel);
    ak_prev_free(r->prev);
    ak_diags_free(r->pd);
    ak_validate_free(r->v);
    ak_tableset_free(r->ts);
    ak_words_free(r->words);
    ak_register_free(r->reg);
    ak_codebook_free(r->cb);
    ak_diags_free(r->d);
}

/* Print the fatal diagnostics (and the rest when all is set); exit code 2. */
int cli_fail_run(run *r, ak_status st)
{
    if (!r->cb && !r->opt->codebook) {
        char *p = cli_data_path(NULL, "data/codebook.csv");
        if (p && access(p, F_OK) != 0)
            fprintf(stderr, "ankestat: fejl: kodebogen findes ikke i '%s'; "
                    "sæt ANKESTAT_HOME til mappen med data/ og templates/ "
                    "(se README), eller installér med make install\n",
                    cli_home_dir());
        ak_free(p);
    }
    if (cli_interrupted)
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
ak_status cli_load_definitions(run *r, int with_templates)
{
    char *p = cli_data_path(r->opt->codebook, "data/codebook.csv");
    if (!p)
        return AK_ERR_NOMEM;
    ak_status st = ak_codebook_load(p, &r->cb, r->d);
    ak_free(p);
    if (st != AK_OK)
        return st;
    p = cli_data_path(r->opt->checks, "data/checks.csv");
    if (!p)
        return AK_ERR_NOMEM;
    st = ak_codebook_load_checks(r->cb, p, r->d);
    ak_free(p);
    if (st != AK_OK)
        return st;
    if (r->cb->id_register) {
        char *rel = ak_asprintf("data/%s.csv", r->cb->id_register);
        p = rel ? cli_data_path(r->opt->reg, rel) : NULL;
        ak_free(rel);
        if (!p)
            return AK_ERR_NOMEM;
        st = ak_register_load(p, &r->reg, r->d);
        ak_free(p);
        if (st != AK_OK)
            return st;
    }
    if (with_templates) {
        p = cli_data_path(r->opt->templates, "templates");
        if (!p)
            return AK_ERR_NOMEM;
        st = ak_templates_load(p, r->cb, &r->ts, r->d);
        ak_free(p);
        /* the text's word lists: data/bands.csv, data/words.csv (each
         * optional: a text that needs one fails without it) */
        char *bp = st == AK_OK ? cli_data_path(NULL, "data/bands.csv") : NULL;
        char *wp = st == AK_OK ? cli_data_path(NULL, "data/words.csv") : NULL;
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
        p = cli_data_path(r->opt->statistics, "data/statistics.csv");
        if (!p)
            return AK_ERR_NOMEM;
        st = ak_unc_config_load(p, &r->ucfg, r->d);
        ak_free(p);
    }
    return st;
}

static int on_row_last(ak_row *row, void *ud)
{
    run *r = ud;
    if (cli_interrupted)
        return 1;
    return ak_lastrows_add(r->last, r->cb, row) != AK_OK;
}

/* --keep-last: a first pass that records each id's last line (its
 * diagnostics are those of the pass that follows, and dropped).  It reads
 * on one thread; the table it makes is of the whole file, so the reading
 * that follows can still go in parallel parts (ak_parallel_sinks.last). */
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
    if (cli_interrupted)
        st = AK_ERR_IO;
    return st;
}

/* --compare: a unit that answered last year is marked as answering both
 * years (safe from several threads); with --panel its rows also go to the
 * panel's tabulation. */
static int panel_keep(void *ud, const char *unit)
{
    return ak_panel_mark(ud, unit);
}

/* Ingest + validate (+ tabulate when r->tab); AK_ERR_INPUT on fatal. */
ak_status cli_read_input(run *r)
{
    if (r->opt->keep_last) {
        ak_status s0 = find_last_rows(r);
        if (s0 != AK_OK)
            return s0;
    }
    /* every per-row collector goes to the (parallel) reader, which
     * merges the parts' collectors in input order */
    ak_parallel_sinks sinks = {r->tab, r->unc, r->last, r->ptab,
                               r->panel ? panel_keep : NULL, r->panel,
                               r->tab ? r->sha256 : NULL};   /* reports */
    ak_status st = ak_parallel_read(r->input, r->cb, r->reg, &sinks,
                                    r->opt->threads, &cli_interrupted, &r->v,
                                    r->d, NULL);
    if (!r->v)
        return st == AK_OK ? AK_ERR_NOMEM : st;
    if (cli_interrupted)
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

int cli_select_outputs(run *r)
{
    const options *opt = r->opt;
    unsigned char *sel = r->sel;
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    if (n > sizeof r->sel)
        return -1;
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
    if (cli_interrupted)
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

/* --compare: lend last year's tables.csv to the outputs that read it
 * (AK_OUT_COMPARE), once, when the first of them runs: read it again with
 * r->d when the quiet read before the input failed, so that the folder's
 * problems are told where they always were; with --panel sum it over the
 * units of both years (once). */
static ak_status lend_compare(run *r, ak_report *rep)
{
    if (!r->opt->compare || rep->prev_cmp)
        return AK_OK;
    ak_status st = AK_OK;
    if (!r->prev)
        st = ak_prev_load(r->opt->compare, r->opt->year, &r->prev, r->d);
    if (st == AK_OK && r->pres && r->panel)
        st = ak_prev_panel(r->prev, r->panel, &r->prev_panel, r->d);
    if (st == AK_OK) {
        rep->prev = r->prev;
        rep->prev_cmp = r->prev_panel ? r->prev_panel : r->prev;
    }
    return st;
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
        else {
            ak_validate_again(p.v);   /* no second id set */
            if (r->last)
                ak_validate_keep_last(p.v, r->last);
        }
    }
    if (p.st == AK_OK) {
        ak_status st = ak_ingest_file(r->input, r->cb, NULL, on_row_again, &p,
                                      again);
        if (p.st == AK_OK && st != AK_OK)
            p.st = st == AK_ERR_INPUT ? AK_ERR_IO : st;
        if (p.st == AK_OK && cli_interrupted)
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

ak_status cli_write_outputs(run *r, ak_outdir *o, char **sha_out)
{
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    const unsigned char *sel = r->sel;
    char *sha = NULL;
    ak_status st = AK_OK;
    if (r->sha256[0]) {   /* computed as the input was read */
        sha = ak_strdup(r->sha256);
        if (!sha)
            st = AK_ERR_NOMEM;
    } else {   /* for the manifest, and for outputs that show it */
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
    /* excel, internal, compare= and each --option (checked against the
     * known ones when parsed, each at most once there) */
    const char *opts[16] = {0};
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
    if (r->ptab)
        opts[nopt++] = "panel";
    ak_report rep = {r->cb, r->reg, r->res, r->v, r->d, &meta,
                     r->opt->year, opts, r->ures, r->ts, r->pres, r->panel,
                     NULL, NULL, r->words ? r->words->units : NULL};
    const ak_output *rows[64];
    size_t nrow = 0;
    int rows_compare = 0;
    for (size_t i = 0; st == AK_OK && i < n && !cli_interrupted; i++) {
        if (!sel[i])
            continue;
        if (list[i]->flags & AK_OUT_ROWS) {
            rows[nrow++] = list[i];
            rows_compare |= (list[i]->flags & AK_OUT_COMPARE) != 0;
            continue;
        }
        if (list[i]->flags & AK_OUT_COMPARE)
            st = lend_compare(r, &rep);
        if (st == AK_OK)
            st = list[i]->write(&rep, o, r->d);
    }
    if (st == AK_OK && rows_compare && !cli_interrupted)
        st = lend_compare(r, &rep);
    if (st == AK_OK && nrow > 0 && !cli_interrupted)
        st = write_row_outputs(r, &rep, rows, nrow, o);
    g_free(base);
    g_strfreev(given);
    ak_free(compare);
    *sha_out = sha;
    if (cli_interrupted)
        st = AK_ERR_IO;
    return st;
}

/* Only then are the figures collected: they cost a second evaluation of
 * the templates per row. */
int cli_wants_uncertainty(const run *r)
{
    const ak_output *const *list;
    size_t n = ak_output_list(&list);
    for (size_t i = 0; i < n; i++)
        if (r->sel[i] && (list[i]->flags & AK_OUT_UNCERTAINTY))
            return 1;
    return 0;
}

/* The output directory is replaced as a whole: refuse one that is or holds
 * the codebook, checks, register or templates.  Prints the error; returns
 * nonzero to refuse. */
int cli_out_holds_definitions(const options *opt)
{
    const char *given[] = {opt->codebook, opt->checks, opt->reg, opt->templates,
                           opt->statistics};
    const char *rel[] = {"data/codebook.csv", "data/checks.csv",
                         "data/kommuner.csv", "templates", "data/statistics.csv"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char *p = cli_data_path(given[i], rel[i]);
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
