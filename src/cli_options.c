/*
 * The command line's options, help and data folder; see cli_options.h.
 */
#include "cli_options.h"

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

#ifndef AK_HOME
#define AK_HOME "."
#endif
#ifndef AK_VERSION
#define AK_VERSION "0.1.0"
#endif


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


/*
 * Where the data (data/, templates/) is: $ANKESTAT_HOME when set; else,
 * for an installed binary (make install), PREFIX/share/ankestat beside
 * its PREFIX/bin, when that holds data/codebook.csv; else the checkout it
 * was built in (AK_HOME).  Borrowed.
 */
const char *cli_home_dir(void)
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

/* A data path: the option if given, else cli_home_dir() + rel; caller owns. */
char *cli_data_path(const char *given, const char *rel)
{
    if (given)
        return ak_strdup(given);
    return ak_asprintf("%s/%s", cli_home_dir(), rel);
}

/* ---- the command line --------------------------------------------------- */

/*
 * Our own small option parser, so that help, usage and every option error
 * are Danish and the same bytes (UTF-8) in every locale: GLib's GOption
 * prints English and converts to the locale's charset ("?" for æøå under
 * C).  Options are "--name VALUE", "--name=VALUE" or a flag "--name"; "--"
 * ends them; an option not of the command is an error.
 */

typedef struct optdef {
    const char *name;
    const char *arg;       /* metavariable, NULL for a flag */
    unsigned cmds;         /* the commands it belongs to */
    const char *help;      /* Danish */
} optdef;

enum { O_YEAR, O_OUT, O_EXCEL, O_NO_PDF, O_INTERNAL, O_WITH, O_WITHOUT, O_OPTION,
       O_STATISTICS, O_COMPARE, O_PANEL,
       O_FORMAT, O_KEEP_LAST, O_THREADS, O_CODEBOOK, O_CHECKS, O_REGISTER, O_TEMPLATES, O_HELP,
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
    [O_THREADS] = {"threads", "N", C_VALIDATE | C_REPORT,
                   "læs svarfilen på N tråde (standard: maskinens kerner; "
                   "1: én tråd); resultatet er det samme"},
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
    [O_PANEL] = {"panel", NULL, C_REPORT,
                 "med --compare: sammenlign kun de kommuner, der svarede "
                 "begge år (sidste års tal regnes om fra mappens "
                 "panel-ÅR.csv)"},
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
    fprintf(f, "%s\n", cli_home_dir());
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
    opt->panel = vals[O_PANEL] != NULL;
    if (opt->panel && !opt->compare)
        return opt_error(cmd, "--panel kræver --compare MAPPE (sidste års "
                         "uddatamappe)%s%s", "", "");
    opt->excel = vals[O_EXCEL] != NULL;
    opt->no_pdf = vals[O_NO_PDF] != NULL;
    opt->internal = vals[O_INTERNAL] != NULL;
    opt->keep_last = vals[O_KEEP_LAST] != NULL;
    opt->threads = 0;
    if (vals[O_THREADS]) {
        const char *t = vals[O_THREADS];
        int ok = strlen(t) <= 2;
        for (const char *c = t; ok && *c; c++)
            ok = *c >= '0' && *c <= '9';
        int v = ok ? atoi(t) : 0;
        if (v < 1 || v > 64)
            return opt_error(cmd, "'%s' er ikke et muligt antal tråde; "
                             "angiv %s, f.eks. --threads 2", t,
                             "et tal fra 1 til 64");
        opt->threads = v;
    }
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
int cli_make_default_parent(const options *opt)
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

int cli_parse(int argc, char **argv, unsigned *cmdp, options *opt,
              const char **input)
{
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
    *cmdp = c;
    return parse_args(c, argc - 2, argv + 2, opt, input);
}
