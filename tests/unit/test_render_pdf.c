/*
 * Unit tests of the PDF renderer (src/render_pdf.c): hand-built results
 * (a single-response table, a two-level header, a multi-level group header,
 * an empty base, a label that wraps, enough tables to break pages, a table
 * taller than a page, a figure) rendered to a temporary PDF and checked with
 * poppler-utils: text and numbers in order (pdftotext -raw), every font
 * embedded (pdffonts), page count and metadata (pdfinfo), byte-identical
 * output for the same meta, the same PDF without any system font
 * configuration, numbers wider than their columns.  The pages are written
 * as PNGs into build/pdf-pages/ (pdftoppm -r 60) for a human to look at.
 */
#include "ak_test.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ak_codebook.h"
#include "ak_mem.h"
#include "ak_render.h"
#include "ak_tabulate.h"
#include "ak_validate.h"
#include "fixture.h"

/* No LeakSanitizer suppressions: the renderer frees every fontconfig,
 * Pango and cairo object it makes, and with its private font configuration
 * fontconfig leaks nothing either (under `make asan`). */

#define MADE 1250337600LL /* 2009-08-15 12:00:00 UTC, not today */

/* ---- building results by hand ----------------------------------------- */

#define LONG_LABEL                                                          \
    "Tilbuddets socialpædagogiske indhold i forhold til den enkelte "       \
    "beboer, herunder beboerens trivsel, sundhed og forståelse af dommen "  \
    "samt samarbejdet med anklagemyndigheden og Kriminalforsorgen"

static ak_results *sample(int nextra)
{
    ak_results *r = ak_calloc(1, sizeof *r);
    r->report_title = sdup("Kommuners tilsyn med domfældte udviklingshæmmede "
                          "mfl.");
    r->year = 2008;
    ak_measure antal[1] = {AK_M_ANTAL};
    ak_measure ap[2] = {AK_M_ANTAL, AK_M_PROCENT};
    const char *apl[2] = {"Antal kommuner", "Procent"};

    /* 2.1: a cross table, three plain columns. */
    colspec c21[3] = {{NULL, "Tilsyn i social boform"},
                      {NULL, "Uden tilsyn i social boform"},
                      {NULL, "I alt"}};
    ak_rtable *t = add_table(r, "2.1", "Tabel 2.1",
                             "Antal kommuner med tilsyn med domfældte mfl. "
                             "2007",
                             "2.1.1 Kommunerne med tilsyn med domfældte mfl.",
                             3, c21, 1, antal, NULL);
    t->chapter = sdup("2.1 Det personrelaterede tilsyn");
    add_row(t, "Tilsyn uden for social boform", AK_ROW_PLAIN,
            (long[]){37, 8, 45});
    add_row(t, "Uden tilsyn uden for social boform", AK_ROW_PLAIN,
            (long[]){20, 23, 43});
    add_row(t, "I alt", AK_ROW_TOTAL, (long[]){57, 31, 88});
    add_note(t, "Anm.: Tabellen omfatter 88 ud af de 89 kommuner, der har "
                "indberettet til undersøgelsen");

    /* 2.2: two columns over two measures, subtotals and a total. */
    colspec c22[2] = {{NULL, "Tilsyn i social boform"},
                      {NULL, "Tilsyn uden for social boform"}};
    t = add_table(r, "2.2", "Tabel 2.2",
                  "Kommuner med særlige retningslinjer for tilsyn. 2008",
                  "2.1.2 Særlige retningslinjer i forbindelse med tilsyn", 2,
                  c22, 2, ap, apl);
    t->chapter = sdup("2.1 Det personrelaterede tilsyn");
    add_row(t, "Ja, med godkendelse af kommunalbestyrelsen", AK_ROW_PLAIN,
            (long[]){17, 19, 13, 15});
    add_row(t, "Ja, uden godkendelse af kommunalbestyrelsen", AK_ROW_PLAIN,
            (long[]){15, 17, 13, 15});
    add_row(t, "Ja, i alt", AK_ROW_SUBTOTAL, (long[]){36, 40, 30, 34});
    add_row(t, "Nej, og der er ikke planlagt retningslinjer", AK_ROW_PLAIN,
            (long[]){53, 60, 59, 66});
    add_row(t, "Total", AK_ROW_TOTAL, (long[]){1089, 100, 89, 100});
    add_note(t, "Anm.: Tabellen omfatter 89 kommuner.");

    /* 2.11: a group over Ja/Nej/I alt. */
    colspec c211[6] = {{"Tilsyn i social boform", "Ja"},
                       {"Tilsyn i social boform", "Nej"},
                       {"Tilsyn i social boform", "I alt"},
                       {"Tilsyn uden for social boform", "Ja"},
                       {"Tilsyn uden for social boform", "Nej"},
                       {"Tilsyn uden for social boform", "I alt"}};
    t = add_table(r, "2.11", "Tabel 2.11",
                  "Inddragelse af leverandører i arbejdet med handleplaner. "
                  "Antal kommuner. 2008",
                  "2.2 Arbejdet med handleplaner", 6, c211, 1, antal, NULL);
    add_row(t, "Leverandør inddrages i udarbejdelsen af handleplaner",
            AK_ROW_PLAIN, (long[]){45, 11, 56, 33, 12, 45});
    add_row(t, "Leverandør inddrages i opfølgningen på handleplaner",
            AK_ROW_PLAIN, (long[]){50, 6, 56, 37, 6, 43});
    add_note(t, "Anm: Tabellen omfatter 57 kommuner med tilsyn med "
                "domfældte mfl. i social boform.");

    /* An empty base and a label that wraps. */
    colspec c5[2] = {{"Tilsyn i social boform", NULL},
                     {"Tilsyn uden for social boform", NULL}};
    t = add_table(r, "2.5", "Tabel 2.5",
                  "Områder der indgår i retningslinjer om tilsynets "
                  "indhold. 2008",
                  "2.2 Arbejdet med handleplaner", 2, c5, 2, ap, apl);
    add_row(t, LONG_LABEL, AK_ROW_PLAIN, (long[]){30, 97, 0, -1});
    add_row(t, "Andet", AK_ROW_PLAIN, (long[]){7, 23, 0, -1});
    add_row(t, "I alt", AK_ROW_TOTAL, (long[]){31, 100, 0, -1});

    /* The figure: means in hundredths and the municipalities behind them. */
    colspec cf[2] = {{NULL, "I social boform"},
                     {NULL, "Uden for social boform"}};
    ak_measure gm[2] = {AK_M_GENNEMSNIT, AK_M_ANTAL};
    t = add_table(r, "fig2.1", "Figur 2.1",
                  "Tilsynsbesøg i kommuner med eller uden retningslinjer, der "
                  "er godkendt af kommunalbestyrelsen",
                  "2.1.5 Hyppighed af personrelateret tilsynsbesøg i 2007", 2,
                  cf, 2, gm, NULL);
    t->chapter = sdup("2.1 Det personrelaterede tilsyn");
    t->is_figure = 1;
    t->axis_title = sdup("Gennemsnitligt antal tilsynsbesøg");
    t->source = sdup("Kilde: Ankestyrelsens undersøgelse af kommunernes "
                    "tilsyn, 2008");
    add_row(t, "Kommuner med retningslinjer godkendt af "
               "kommunalbestyrelsen", AK_ROW_PLAIN,
            (long[]){235, 13, -1, 0});
    add_row(t, "Øvrige kommuner med tilsyn", AK_ROW_PLAIN,
            (long[]){148, 44, 310, 36});

    /* Many more tables, so that pages break. */
    for (int k = 0; k < nextra; k++) {
        char title[96], cap[32];
        snprintf(cap, sizeof cap, "Tabel 3.%d", k + 1);
        snprintf(title, sizeof title, "Ekstra tabel nummer %d om tilsyn", k + 1);
        t = add_table(r, cap + 6, cap, title, "3 Øvrige tabeller", 2, c22, 2,
                      ap, apl);
        for (int i = 0; i < 6; i++) {
            char lab[64];
            snprintf(lab, sizeof lab, "Række %d i tabel %d", i + 1, k + 1);
            add_row(t, lab, AK_ROW_PLAIN,
                    (long[]){100 * k + i, i * 3, 200 + i, i * 7});
        }
        add_row(t, "I alt", AK_ROW_TOTAL, (long[]){1000 + k, 100, 2000, 100});
    }

    /* A table taller than a page: split between rows, header repeated. */
    t = add_table(r, "4.1", "Tabel 4.1", "En meget lang tabel",
                  "4 Lange tabeller", 2, c22, 2, ap, apl);
    for (int i = 0; i < 70; i++) {
        char lab[64];
        snprintf(lab, sizeof lab, "Lang række %d", i + 1);
        add_row(t, lab, AK_ROW_PLAIN, (long[]){5000 + i, i, 7000 + i, i});
    }
    return r;
}

static ak_diags *sample_diags(void)
{
    ak_diags *d = ak_diags_new();
    ak_diag g = {0};
    g.sev = AK_SEV_WARNING;
    g.rule = "routing";
    g.unit = "851";
    g.unit_name = "Aalborg";
    g.question = "2.1a";
    g.value = "1";
    g.message = "svaret på '2.1a' er ikke spurgt, da '2a' ikke er 'ja'";
    g.action = "ignoreret";
    ak_diags_add(d, &g);
    g.unit = "101";
    g.unit_name = "København";
    g.question = "7a";
    g.value = "=HYPERLINK(\"x\")";
    g.message = "første problem for København";
    g.action = "behandlet som ubesvaret";
    ak_diags_add(d, &g);
    ak_diags_addf(d, AK_SEV_NOTE, "header", "input.csv", 1, 4,
                  "ukendt kolonne 'foo' ignoreres");
    g.question = "9b";
    g.value = "\xff\xfe ugyldig";
    g.message = "andet problem for København";
    ak_diags_add(d, &g);
    return d;
}

/* ---- running poppler-utils ---------------------------------------------- */

/* The output of a shell command (caller frees), or NULL. */
/* Collapse all white space to single spaces (wrapped lines join). */
static void squash(char *s)
{
    char *o = s;
    int sp = 0;
    for (char *c = s; *c; c++) {
        if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\f' || *c == '\r') {
            sp = 1;
            continue;
        }
        if (sp && o != s)
            *o++ = ' ';
        sp = 0;
        *o++ = *c;
    }
    *o = '\0';
}

/* Find needle at or after *pos; advance *pos past it.  0 when missing. */
static int find_next(const char *text, size_t *pos, const char *needle)
{
    const char *h = strstr(text + *pos, needle);
    if (!h) {
        fprintf(stderr, "not found after offset %zu: \"%s\"\n", *pos, needle);
        return 0;
    }
    *pos = (size_t)(h - text) + strlen(needle);
    return 1;
}

static char tmpdir[64];

static const ak_validator *validator;

static int render(const ak_results *r, const ak_diags *d, const char *name,
                  const char *datanote, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", tmpdir, name);
    ak_report_meta meta = {"tilsyn-2008.csv",
                           "9f86d081884c7d659a2feaa0c55ad015"
                           "a3bf4f1b2b0b822cd15d6c15b0f00a08",
                           "0.test", MADE, datanote, 1};
    ak_diags *out = ak_diags_new();
    ak_status st = ak_render_pdf(r, validator, d, &meta, path, NULL, out);
    AK_CHECK_EQ_INT(ak_diags_count_sev(out, AK_SEV_WARNING), 0);
    ak_diags_print(out, AK_SEV_NOTE, stderr);
    ak_diags_free(out);
    return st;
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_text_in_order(void)
{
    ak_results *r = sample(14);
    ak_diags *d = sample_diags();
    char path[128];
    AK_CHECK_EQ_INT(render(r, d, "a.pdf", "Syntetiske data: rekonstrueret "
                                          "fra de offentliggjorte tabeller",
                           path, sizeof path),
                    AK_OK);
    char *txt = run("pdftotext -raw -enc UTF-8 '%s' -", path);
    AK_CHECK(txt != NULL);
    if (!txt) {
        ak_results_free(r);
        ak_diags_free(d);
        return;
    }
    squash(txt);
    size_t pos = 0;
    /* Front page. */
    AK_CHECK(find_next(txt, &pos, "Kommuners tilsyn med domfældte "
                                  "udviklingshæmmede mfl."));
    AK_CHECK(find_next(txt, &pos, "2008"));
    AK_CHECK(find_next(txt, &pos, "Syntetiske data: rekonstrueret"));
    AK_CHECK(find_next(txt, &pos, "Inputfil"));
    AK_CHECK(find_next(txt, &pos, "tilsyn-2008.csv"));
    AK_CHECK(find_next(txt, &pos, "9f86d081884c7d659a2feaa0c55ad015"));
    AK_CHECK(find_next(txt, &pos, "0.test"));
    AK_CHECK(find_next(txt, &pos, "15. august 2009"));
    /* Contents. */
    AK_CHECK(find_next(txt, &pos, "Indhold"));
    AK_CHECK(find_next(txt, &pos, "Tabel 2.1"));
    AK_CHECK(find_next(txt, &pos, "Bilag: Validering"));

    /* Every table: caption, title, then each row's label and numbers. */
    for (size_t i = 0; i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        AK_CHECK(find_next(txt, &pos, t->caption));
        AK_CHECK(find_next(txt, &pos, t->title));
        if (t->is_figure)
            continue;
        for (size_t row = 0; row < t->nrows; row++) {
            AK_CHECK(find_next(txt, &pos, t->rows[row].label));
            for (size_t c = 0; c < t->ncols * t->nmeasures; c++) {
                const ak_cell *ce = &t->cells[row * t->ncols * t->nmeasures
                                              + c];
                char num[32];
                if (!ce->has_value)
                    snprintf(num, sizeof num, "-");
                else if (ce->value >= 1000)
                    snprintf(num, sizeof num, "%lld.%03lld",
                             (long long)ce->value / 1000,
                             (long long)ce->value % 1000);
                else
                    snprintf(num, sizeof num, "%lld", (long long)ce->value);
                AK_CHECK(find_next(txt, &pos, num));
            }
        }
        if (t->nnotes)
            AK_CHECK(find_next(txt, &pos, t->notes[0]));
    }
    /* Appendix: the rules' summary, then the whole file's problems, then
     * municipalities by number and their problems in input order (the
     * order of validering.txt, ak_diags_order). */
    AK_CHECK(find_next(txt, &pos, "Bilag: Validering"));
    const ak_rule_stat *st = NULL;
    size_t nst = ak_validate_stats(validator, &st);
    AK_CHECK(nst > 0);
    for (size_t i = 0; i < nst; i++)
        AK_CHECK(find_next(txt, &pos, st[i].label ? st[i].label
                                                  : st[i].rule));
    AK_CHECK(find_next(txt, &pos, "Hele filen"));
    AK_CHECK(find_next(txt, &pos, "ukendt kolonne"));
    AK_CHECK(find_next(txt, &pos, "101 København"));
    AK_CHECK(find_next(txt, &pos, "7a"));
    AK_CHECK(find_next(txt, &pos, "=HYPERLINK"));
    AK_CHECK(find_next(txt, &pos, "første problem for København"));
    AK_CHECK(find_next(txt, &pos, "behandlet som ubesvaret"));
    AK_CHECK(find_next(txt, &pos, "andet problem for København"));
    AK_CHECK(find_next(txt, &pos, "851 Aalborg"));
    AK_CHECK(find_next(txt, &pos, "ignoreret"));
    free(txt);
    ak_results_free(r);
    ak_diags_free(d);
}

static void test_figure_text(void)
{
    ak_results *r = sample(0);
    char path[128];
    AK_CHECK_EQ_INT(render(r, NULL, "f.pdf", NULL, path, sizeof path), AK_OK);
    char *txt = run("pdftotext -raw -enc UTF-8 '%s' -", path);
    AK_CHECK(txt != NULL);
    if (txt) {
        squash(txt);
        size_t pos = 0;
        AK_CHECK(find_next(txt, &pos, "Figur 2.1"));
        AK_CHECK(find_next(txt, &pos, "Tilsynsbesøg i kommuner med eller "
                                      "uden retningslinjer"));
        /* the axis title, bars with decimal commas, n beneath each bar */
        AK_CHECK(find_next(txt, &pos, "Gennemsnitligt antal tilsynsbesøg"));
        AK_CHECK(find_next(txt, &pos, "2,35"));
        AK_CHECK(find_next(txt, &pos, "n = 13"));
        AK_CHECK(find_next(txt, &pos, "1,48"));
        AK_CHECK(find_next(txt, &pos, "n = 44"));
        AK_CHECK(find_next(txt, &pos, "I social boform"));
        pos = 0;
        AK_CHECK(find_next(txt, &pos, "n = 0"));   /* the absent bar */
        AK_CHECK(find_next(txt, &pos, "3,10"));
        AK_CHECK(find_next(txt, &pos, "n = 36"));
        AK_CHECK(find_next(txt, &pos, "Uden for social boform"));
        AK_CHECK(find_next(txt, &pos, "Kommuner med retningslinjer godkendt "
                                      "af kommunalbestyrelsen"));
        AK_CHECK(find_next(txt, &pos, "Øvrige kommuner med tilsyn"));
        AK_CHECK(find_next(txt, &pos, "Kilde: Ankestyrelsens undersøgelse"));
        /* no datanote: nothing about synthetic data */
        AK_CHECK(strstr(txt, "Syntetiske") == NULL);
        free(txt);
    }
    ak_results_free(r);
}

static void test_fonts_embedded(void)
{
    ak_results *r = sample(2);
    char path[128];
    AK_CHECK_EQ_INT(render(r, NULL, "fonts.pdf", NULL, path, sizeof path),
                    AK_OK);
    char *out = run("pdffonts '%s'", path);
    AK_CHECK(out != NULL);
    if (out) {
        /* columns of pdffonts are fixed by its header line */
        char *hdr = out;
        char *emb = strstr(hdr, " emb ");
        AK_CHECK(emb != NULL);
        size_t col = emb ? (size_t)(emb - hdr) + 1 : 0;
        int fonts = 0, embedded = 0, dejavu = 0;
        char *line = strchr(out, '\n');
        line = line ? strchr(line + 1, '\n') : NULL; /* skip the ---- line */
        while (line && line[1]) {
            line++;
            char *end = strchr(line, '\n');
            size_t len = end ? (size_t)(end - line) : strlen(line);
            if (len > col + 3) {
                fonts++;
                embedded += strncmp(line + col, "yes", 3) == 0;
                dejavu += strncmp(line + 6, "+DejaVuSans", 11) == 0;
            }
            line = end;
        }
        AK_CHECK(fonts >= 2);   /* regular and bold */
        AK_CHECK_EQ_INT(embedded, fonts);
        AK_CHECK_EQ_INT(dejavu, fonts);
        if (embedded != fonts || dejavu != fonts)
            fprintf(stderr, "%s", out);
        free(out);
    }
    ak_results_free(r);
}

/* The value of "Key:   value" in pdfinfo output (static buffer). */
static const char *field(const char *info, const char *key)
{
    static char val[256];
    size_t kl = strlen(key);
    for (const char *l = info; l && *l;) {
        if (strncmp(l, key, kl) == 0 && l[kl] == ':') {
            const char *v = l + kl + 1;
            while (*v == ' ')
                v++;
            size_t n = strcspn(v, "\n");
            if (n >= sizeof val)
                n = sizeof val - 1;
            memcpy(val, v, n);
            val[n] = '\0';
            return val;
        }
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    return NULL;
}

static int pages_of(const char *info)
{
    const char *p = info ? strstr(info, "\nPages:") : NULL;
    return p ? atoi(p + 7) : -1;
}

static void test_info_and_determinism(void)
{
    ak_results *r = sample(14);
    ak_diags *d = sample_diags();
    char a[128], b[128];
    AK_CHECK_EQ_INT(render(r, d, "d1.pdf", "x", a, sizeof a), AK_OK);
    AK_CHECK_EQ_INT(render(r, d, "d2.pdf", "x", b, sizeof b), AK_OK);
    char *cmp = run("cmp '%s' '%s' && echo same", a, b);
    AK_CHECK(cmp && strstr(cmp, "same"));
    free(cmp);
    /* No timestamp from the clock anywhere in the file. */
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y%m%d", &tm);
    if (strcmp(today, "20090815") != 0) {
        char *clock = run("grep -a -c '%s' '%s' || true", today, a);
        AK_CHECK(clock && atoi(clock) == 0);
        free(clock);
    }

    char *info = run("pdfinfo '%s'", a);
    AK_CHECK(info != NULL);
    AK_CHECK_EQ_STR(field(info, "Title"), "Kommuners tilsyn med domfældte "
                                          "udviklingshæmmede mfl.");
    AK_CHECK_EQ_STR(field(info, "Author"), "Ankestyrelsen");
    AK_CHECK_EQ_STR(field(info, "Creator"), "ankestat 0.test");
    AK_CHECK_EQ_STR(field(info, "Page size"), "595.276 x 841.89 pts (A4)");
    AK_CHECK_EQ_STR(field(info, "Subject"), "Undersøgelsesår 2008");
    /* dates from meta->made, not the clock */
    char *iso = run("pdfinfo -isodates '%s'", a);
    AK_CHECK_EQ_STR(field(iso, "CreationDate"), "2009-08-15T12:00:00Z");
    AK_CHECK_EQ_STR(field(iso, "ModDate"), "2009-08-15T12:00:00Z");
    free(iso);
    int pages = pages_of(info);
    AK_CHECK(pages >= 6);
    free(info);

    /* The second render paginates the same. */
    char *info2 = run("pdfinfo '%s'", b);
    AK_CHECK_EQ_INT(pages_of(info2), pages);
    free(info2);

    /* The outline: one entry per table and figure, plus the appendix. */
    char *raw = run("grep -a -c '/Title' '%s'", a);
    AK_CHECK(raw && atoi(raw) >= (int)r->ntables);
    free(raw);

    /* The PNGs for review. */
    if (mkdir("build", 0777) == 0 || access("build", W_OK) == 0) {
        mkdir("build/pdf-pages", 0777);
        char *png = run("rm -f build/pdf-pages/page-*.png && pdftoppm -r 60 "
                        "-png '%s' build/pdf-pages/page && cp '%s' "
                        "build/pdf-pages/sample.pdf && echo ok", a, a);
        AK_CHECK(png && strstr(png, "ok"));
        free(png);
    }
    ak_results_free(r);
    ak_diags_free(d);
}

static void test_page_breaks_keep_tables_whole(void)
{
    /* With many tables every table's caption and its last row are on the
     * same page (tables are moved, not split), except the over-long one. */
    ak_results *r = sample(14);
    char path[128];
    AK_CHECK_EQ_INT(render(r, NULL, "p.pdf", NULL, path, sizeof path), AK_OK);
    char *info = run("pdfinfo '%s'", path);
    int pages = pages_of(info);
    free(info);
    AK_CHECK(pages > 4);
    for (size_t i = 0; i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        if (t->is_figure || t->nrows > 40)
            continue;
        int found = 0;
        for (int pg = 3; pg <= pages && !found; pg++) {
            char *txt = run("pdftotext -raw -enc UTF-8 -f %d -l %d '%s' -", pg,
                            pg, path);
            if (!txt)
                break;
            squash(txt);
            const char *c = strstr(txt, t->title);
            if (c && strstr(c, t->rows[t->nrows - 1].label))
                found = 1;
            free(txt);
        }
        if (!found)
            fprintf(stderr, "table %s split or missing\n", t->id);
        AK_CHECK(found);
    }
    /* The long table spans pages with its header repeated. */
    char *all = run("pdftotext -raw -enc UTF-8 '%s' - | sed -n "
                    "'/En meget lang tabel/,$p' | grep -c "
                    "'^Tilsyn i social boform Tilsyn uden for social boform'",
                    path);
    AK_CHECK(all && atoi(all) >= 2);
    free(all);
    ak_results_free(r);
}

/* Tagged: a table split over pages has its header row once in the
 * structure tree (the repeats on later pages are drawn untagged) and every
 * one of its rows as a TR led by a TH (poppler's pdfinfo -struct-text). */
static void test_tagged_split_table(void)
{
    ak_results *r = sample(0);
    char path[128];
    AK_CHECK_EQ_INT(render(r, NULL, "tags.pdf", NULL, path, sizeof path),
                    AK_OK);
    char *info = run("pdfinfo '%s' | grep -c '^Tagged: *yes$'", path);
    AK_CHECK(info && atoi(info) == 1);
    free(info);
    /* from the long table's caption to the end of the tree: the header
     * text once, 70 rows led by their TH */
    char *heads = run("pdfinfo -struct-text '%s' | sed -n "
                      "'/\"Tabel 4.1En meget lang tabel/,$p' | grep -c "
                      "'^ *\"Tilsyn i social boform\"$'", path);
    AK_CHECK(heads && atoi(heads) == 1);
    free(heads);
    char *rows = run("pdfinfo -struct-text '%s' | sed -n "
                     "'/\"Tabel 4.1En meget lang tabel/,$p' | grep -A1 '^ *TH$' | "
                     "grep -c '\"Lang række [0-9]*\"'", path);
    AK_CHECK(rows && atoi(rows) == 70);
    free(rows);
    ak_results_free(r);
}

/* The renderer uses its own font configuration with the two DejaVu files,
 * so the PDF depends on no system font configuration: with an empty one (no
 * fonts, no rules) it is byte for byte the same and there is no warning
 * (render() checks that).  First in the run, before anything in the
 * process could have loaded the system configuration. */
static void test_no_system_font_config(void)
{
    ak_results *r = sample(2);
    ak_diags *d = sample_diags();
    char a[128], b[128], conf[128];
    snprintf(conf, sizeof conf, "%s/empty-fonts.conf", tmpdir);
    FILE *f = fopen(conf, "w");
    AK_CHECK(f != NULL);
    if (f) {
        fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", f);
        fclose(f);
    }
    const char *was = getenv("FONTCONFIG_FILE");
    char *saved = was ? ak_strdup(was) : NULL;
    setenv("FONTCONFIG_FILE", conf, 1);
    AK_CHECK_EQ_INT(render(r, d, "nofc.pdf", "x", b, sizeof b), AK_OK);
    if (saved)
        setenv("FONTCONFIG_FILE", saved, 1);
    else
        unsetenv("FONTCONFIG_FILE");
    ak_free(saved);
    AK_CHECK_EQ_INT(render(r, d, "fc.pdf", "x", a, sizeof a), AK_OK);
    char *cmp = run("cmp '%s' '%s' && echo same", a, b);
    AK_CHECK(cmp && strstr(cmp, "same"));
    free(cmp);
    char *fonts = run("pdffonts '%s' | tail -n +3 | grep -vc DejaVuSans "
                      "|| true", b);
    AK_CHECK(fonts && atoi(fonts) == 0);
    free(fonts);
    ak_results_free(r);
    ak_diags_free(d);
}

/* Numbers wider than their columns (sixteen columns of millions): the
 * numbers wrap inside their cells as before; everything else is laid out
 * as usual and the small numbers stay whole. */
static void test_numbers_wider_than_columns(void)
{
    ak_results *r = sample(0);
    colspec cols[16];
    for (int i = 0; i < 16; i++)
        cols[i] = (colspec){NULL, NULL};
    ak_measure antal[1] = {AK_M_ANTAL};
    ak_rtable *t = add_table(r, "9.1", "Tabel 9.1", "Mange kolonner",
                             "9 Brede tabeller", 16, cols, 1, antal, NULL);
    long big[16], small[16];
    for (int i = 0; i < 16; i++) {
        big[i] = 1234567 + i;
        small[i] = i;
    }
    add_row(t, "Store tal", AK_ROW_PLAIN, big);
    add_row(t, "Små tal", AK_ROW_PLAIN, small);
    char path[128];
    AK_CHECK_EQ_INT(render(r, NULL, "wide.pdf", NULL, path, sizeof path),
                    AK_OK);
    char *txt = run("pdftotext -raw -enc UTF-8 '%s' -", path);
    AK_CHECK(txt != NULL);
    if (txt) {
        squash(txt);
        size_t pos = 0;
        AK_CHECK(find_next(txt, &pos, "Tabel 9.1 Mange kolonner"));
        AK_CHECK(find_next(txt, &pos, "Store tal"));
        AK_CHECK(find_next(txt, &pos, "Små tal 0 1 2 3 4 5 6 7 8 9 10 11 12 "
                                      "13 14 15"));
        free(txt);
    }
    ak_results_free(r);
}

static void test_unwritable_path(void)
{
    ak_results *r = sample(0);
    ak_diags *out = ak_diags_new();
    ak_report_meta meta = {"x.csv", "00", "0.test", MADE, NULL, 1};
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/dir/r.pdf", tmpdir);
    AK_CHECK_EQ_INT(ak_render_pdf(r, NULL, NULL, &meta, path, NULL, out),
                    AK_ERR_IO);
    AK_CHECK_EQ_INT(ak_diags_count_sev(out, AK_SEV_FATAL), 1);
    const ak_diag *dg = ak_diags_get(out, ak_diags_count(out) - 1);
    AK_CHECK(dg && dg->message && strstr(dg->message, "pdf-filen"));
    AK_CHECK_EQ_INT(file_size(path), -1);
    /* Named as the caller shows it, with the reason in Danish. */
    AK_CHECK_EQ_INT(ak_render_pdf(r, NULL, NULL, &meta, path,
                                  "ud/rapport-2008.pdf", out),
                    AK_ERR_IO);
    dg = ak_diags_get(out, ak_diags_count(out) - 1);
    AK_CHECK(dg != NULL);
    if (dg) {
        AK_CHECK_EQ_STR(dg->file, "ud/rapport-2008.pdf");
        AK_CHECK_EQ_STR(dg->message,
                        "kan ikke oprette pdf-filen: stien findes ikke");
    }
    ak_diags_free(out);
    ak_results_free(r);
}

static void test_out_of_memory(void)
{
    /* Every engine allocation may fail: a clean status and no file. */
    ak_results *r = sample(1);
    ak_diags *d = sample_diags();
    ak_report_meta meta = {"x.csv", "00", "0.test", MADE, NULL, 1};
    char path[128];
    snprintf(path, sizeof path, "%s/oom.pdf", tmpdir);
    int ok_seen = 0;
    for (long n = 1; n < 400 && !ok_seen; n++) {
        ak_mem_fail_at(n);
        ak_status st = ak_render_pdf(r, validator, d, &meta, path, NULL, NULL);
        ak_mem_fail_at(0);
        if (st == AK_OK) {
            ok_seen = 1;
        } else {
            if (st != AK_ERR_NOMEM)
                fprintf(stderr, "fail_at %ld: status %d\n", n, (int)st);
            AK_CHECK_EQ_INT(st, AK_ERR_NOMEM);
            AK_CHECK_EQ_INT(file_size(path), -1);
        }
    }
    AK_CHECK(ok_seen);
    ak_results_free(r);
    ak_diags_free(d);
}

static ak_codebook *cb;
static ak_diags *vdiags;

/* A temporary directory and a validator over a two-question codebook (its
 * summary fills the appendix's rule table). */
static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ak-pdf-XXXXXX");
    AK_CHECK(mkdtemp(tmpdir) != NULL);
    static const char book[] =
        "variable,question,type,asked_if,label,block,register\n"
        "kommunenr,Kommunenummer,id,,Nummer,,\n"
        "q1a,1.a,yesno,,Tilsyn i social boform,,\n";
    vdiags = ak_diags_new();
    AK_CHECK_EQ_INT(ak_codebook_parse(book, sizeof book - 1, "book.csv", &cb,
                                      vdiags),
                    AK_OK);
    ak_validator *v = cb ? ak_validate_new(cb, NULL, "x.csv", vdiags) : NULL;
    AK_CHECK(v != NULL);
    validator = v;
}

static void teardown(void)
{
    char *o = run("rm -rf '%s' && echo ok", tmpdir);
    free(o);
    ak_validate_free((ak_validator *)validator);
    ak_codebook_free(cb);
    ak_diags_free(vdiags);
}

AK_TEST_MAIN(setup, test_no_system_font_config, test_text_in_order,
             test_figure_text, test_fonts_embedded, test_info_and_determinism,
             test_page_breaks_keep_tables_whole, test_tagged_split_table,
             test_numbers_wider_than_columns, test_unwritable_path,
             test_out_of_memory, teardown)
