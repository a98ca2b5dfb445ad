/*
 * The command line of ankestat: its options, their parsing (our own, so
 * that help, usage and every option error are Danish UTF-8 in every
 * locale), the help text and where the data folder is.  Private to the
 * command line (src/cli*.c); the engine's modules know nothing of it.
 */
#ifndef AK_CLI_OPTIONS_H
#define AK_CLI_OPTIONS_H

#include <stddef.h>

enum { C_VALIDATE = 1, C_REPORT = 2 };

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
    int panel;             /* --panel: only the units of both years */
    int threads;         /* --threads N; 0: the machine's cores */
    const char *option;  /* --option: comma-separated output options */
} options;

/*
 * Parse argv: the command into *cmd, its options into opt, the input file
 * into *input.  Returns -1 to go on, or an exit code when the command line
 * was help, version or an error (said on stderr, in Danish).  Strings are
 * borrowed from argv; opt->out_default (the default out/<year>) is owned:
 * g_free().
 */
int cli_parse(int argc, char **argv, unsigned *cmd, options *opt,
              const char **input);

/* Where the data (data/, templates/) is; borrowed.  A data path: the option
 * if given, else the data folder + rel; caller owns (ak_free()). */
const char *cli_home_dir(void);
char *cli_data_path(const char *given, const char *rel);

/* Make the parent of the default output folder (out/); 0, or -1 (said). */
int cli_make_default_parent(const options *opt);

#endif
