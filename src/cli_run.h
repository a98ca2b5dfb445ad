/*
 * One run of the command line: loading the definitions, reading and
 * validating the input (and tabulating it for a report), and writing the
 * selected outputs into an output set.  Private to the command line
 * (src/cli*.c); it prints only what cli.c would (fatal problems).
 */
#ifndef AK_CLI_RUN_H
#define AK_CLI_RUN_H

#include <signal.h>

#include "ak_codebook.h"
#include "ak_compare.h"
#include "ak_diag.h"
#include "ak_outdir.h"
#include "ak_output.h"
#include "ak_prose.h"
#include "ak_tabulate.h"
#include "ak_template.h"
#include "ak_uncert.h"
#include "ak_validate.h"
#include "cli_options.h"

/* Set by the signal handler: stop, write nothing. */
extern volatile sig_atomic_t cli_interrupted;

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
    ak_prev *prev;            /* --compare: last year's tables.csv */
    ak_prev *prev_panel;      /* --panel: it over the units of both years */
    ak_panel *panel;          /* --panel: last year's units */
    ak_tab *ptab;             /* --panel: tabulates the units of both */
    ak_results *pres;         /*   years, into pres */
    ak_diags *pd;             /*   with its own (repeated) diagnostics */
    unsigned char sel[64];    /* report: the selected outputs, per entry of
                                 the registry (cli_select_outputs) */
    char sha256[65];          /* report: the input's SHA-256 as the reading
                                 pass read it ("": not computed) */
} run;

/* Start a run of opt on input: 0, or -1 (said on stderr) when out of
 * memory.  End it with cli_run_free(). */
int cli_run_init(run *r, options *opt, const char *input);
void cli_run_free(run *r);

/* Print the fatal diagnostics; returns exit code 2. */
int cli_fail_run(run *r, ak_status st);

/* Load codebook, checks, register and (for reports) templates, word
 * lists and statistics settings. */
ak_status cli_load_definitions(run *r, int with_templates);

/* Ingest + validate (+ tabulate when r->tab); AK_ERR_INPUT on fatal. */
ak_status cli_read_input(run *r);

/* Write the selected outputs into o; *sha_out gets the input's SHA-256
 * when computed (caller owns). */
ak_status cli_write_outputs(run *r, ak_outdir *o, char **sha_out);

/* Choose the outputs a report writes into r->sel, once: the default set,
 * plus --with, less --without (and --no-pdf).  An unknown name is said on
 * stderr (Danish) and returns -1. */
int cli_select_outputs(run *r);

/* Nonzero when an output of r->sel reads the uncertainty figures. */
int cli_wants_uncertainty(const run *r);

/* Nonzero (said) when the output folder is or holds a definition file. */
int cli_out_holds_definitions(const options *opt);

#endif
