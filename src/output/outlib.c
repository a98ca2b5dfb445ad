/*
 * What every output shares: options, writing a file of the set with its
 * errors reported, file stems and the neutralising CSV field writer; see
 * include/ak_output.h and include/ak_render.h.
 */
#include "ak_output.h"
#include "ak_render.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "ak_mem.h"
#include "ak_uncert.h"

void ak_render_csv_field(FILE *f, const char *s, char delim)
{
    if (!s)
        s = "";
    int neutral = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                  s[0] == '\t' || s[0] == '\r';
    const char special[] = {'"', '\n', '\r', delim, '\0'};
    int quote = strpbrk(s, special) != NULL;
    if (quote)
        fputc('"', f);
    if (neutral)
        fputc('\'', f);
    /* The text in spans, each quote doubled. */
    const char *p = s, *q;
    while ((q = strchr(p, '"')) != NULL) {
        fwrite(p, 1, (size_t)(q - p) + 1, f);
        fputc('"', f);
        p = q + 1;
    }
    fputs(p, f);
    if (quote)
        fputc('"', f);
}

const char *ak_report_opt(const ak_report *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *const *o = r->opts; o && *o; o++) {
        if (strncmp(*o, name, n) != 0)
            continue;
        if ((*o)[n] == '\0')
            return "";
        if ((*o)[n] == '=')
            return *o + n + 1;
    }
    return NULL;
}

const char *ak_output_units(const ak_report *r)
{
    return r->units && *r->units ? r->units : ak_output_words[AK_W_UNITS];
}

ak_status ak_output_io_error(const ak_outdir *o, const char *name, int err,
                             ak_diags *d)
{
    /* Named as the user will look for it, not by the temporary directory,
     * which is gone by the time the message is read. */
    char *shown = ak_outdir_shown(o, name);
    if (!shown)
        return AK_ERR_NOMEM;
    int rc = ak_diags_addf(d, AK_SEV_FATAL, "output", shown, 0, 0,
                           "kan ikke skrive filen%s%s", err ? ": " : "",
                           err ? ak_errno_text(err) : "");
    ak_free(shown);
    return rc != 0 ? AK_ERR_NOMEM : AK_ERR_IO;
}

ak_status ak_output_write_file(ak_outdir *o, const char *name,
                               ak_output_fn fn, const void *ud, ak_diags *d)
{
    char *path = ak_outdir_path(o, name);
    if (!path)
        return AK_ERR_NOMEM;
    errno = 0;
    FILE *f = fopen(path, "wb");
    ak_status st = AK_ERR_IO;
    int err = errno;
    if (f) {
        st = fn(ud, f);
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
    if (st == AK_ERR_IO)
        return ak_output_io_error(o, name, err, d);
    return st;
}

char *ak_output_table_stem(const ak_rtable *t)
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
    char *stem = ak_strdup(lower);
    g_free(lower);
    return stem;
}

const char *const ak_output_words[AK_W_COUNT] = {
    [AK_W_INPUT] = "Inputfil",
    [AK_W_SHA] = "SHA-256",
    [AK_W_VERSION] = "Version",
    [AK_W_MADE] = "Dannet",
    [AK_W_YEAR] = "Undersøgelsesår",
    [AK_W_PAGE] = "Side",
    [AK_W_PAGE_OF] = "af",
    [AK_W_CONTENTS] = "Indhold",
    [AK_W_APPENDIX] = "Bilag: Validering",
    [AK_W_RULES] = "Kontrolregler",
    [AK_W_PROBLEMS] = "Problemer",
    [AK_W_QUESTION] = "Spørgsmål",
    [AK_W_VALUE] = "Værdi",
    [AK_W_MESSAGE] = "Problem",
    [AK_W_ACTION] = "Handling",
    [AK_W_NONE] = "Ingen problemer fundet.",
    [AK_W_AUTHOR] = "Ankestyrelsen",
    [AK_W_N] = "n = ",
    [AK_W_WHOLE_FILE] = "Hele filen",
    [AK_W_SKIP] = "Gå til indholdet",
    [AK_W_FACTS] = "Om kørslen",
    [AK_W_FIG_DESC] = "Søjlediagram. Tallene står i tabellen under figuren.",
    [AK_W_FIG_NUMBERS] = "Tallene i",
    [AK_W_PROVENANCE] = "Proveniens",
    /* the comparison appendix (--compare); TITLE takes last year, INTRO
     * this year and last year */
    [AK_W_CMP_TITLE] = "Bilag: Sammenligning med %d",
    [AK_W_CMP_INTRO] = "Tabellernes tal for %d sat over for tallene for %d "
                       "fra sidste års udtræk. Rækkerne er parret efter "
                       "deres nøgle, ikke efter deres plads i tabellen. "
                       "Ændringen er i procentpoint for procenter og som "
                       "forskel for antal og gennemsnit. Alle celler står i "
                       "sammenligning.csv.",
    [AK_W_CMP_ROW] = "Række",
    [AK_W_CMP_COL] = "Kolonne",
    [AK_W_CMP_CHANGE] = "Ændring",
    [AK_W_CMP_PP] = "Ændring, procentpoint",
    [AK_W_CMP_NOTE] = "Bemærkning",
    /* how many answered both years, without and with --panel */
    [AK_W_CMP_BOTH] = "%zu %s svarede begge år; tallene for hvert år er "
                      "over alle, der svarede det år.",
    [AK_W_CMP_PANEL] = "Kun de %zu %s, der svarede begge år (et panel): "
                       "tallene for begge år er over dem alene.",
    [AK_W_FIG_YEAR] = "%s, %d",
    [AK_W_FIG_DESC_CMP] = ("Søjlediagram med %d og %d side om side. "
                           "Tallene står i tabellerne under figuren."),
    [AK_W_FIG_NUMBERS_YEAR] = "Tallene for %d i",
    [AK_W_SHEET_VALIDATION] = "Validering",
    [AK_W_SHEET_COMPARE] = "Sammenligning",
    [AK_W_SHEET_FOLLOWUP] = "Opfølgning",
    [AK_W_NR] = "Nr.",
    [AK_W_NAME] = "Navn",
    [AK_W_LINE] = "Linje",
    [AK_W_SEVERITY] = "Alvor",
    [AK_W_COLUMN] = "Kolonne",
    [AK_W_SHEET_MORE] = "… og %zu linjer mere: hele listen står i "
                        "opfoelgning-%d.csv",
    [AK_W_PROBLEMS_MORE] = "… og %zu problemer mere: hele listen står i "
                           "validering.csv",
    [AK_W_UNITS] = "enheder",
};

void ak_fmt_int(char *buf, size_t n, int64_t v)
{
    ak_fmt_fixed(buf, n, v, 0, 0, ',', '.');
}

static const char *const months[12] = {
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
    "september", "oktober", "november", "december"
};

void ak_fmt_date(char *buf, size_t n, long long made)
{
    time_t tt = (time_t)made;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || tm.tm_mon < 0 || tm.tm_mon > 11)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%d. %s %d", tm.tm_mday, months[tm.tm_mon],
                 tm.tm_year + 1900);
}

static int differs(const char *prev, const char *cur)
{
    return cur && (!prev || strcmp(prev, cur) != 0);
}

void ak_output_headings(const ak_results *r, size_t i, const char **chap,
                        const char **sec)
{
    const ak_rtable *t = &r->tables[i];
    const ak_rtable *pv = i ? &r->tables[i - 1] : NULL;
    *chap = differs(pv ? pv->chapter : NULL, t->chapter) ? t->chapter : NULL;
    *sec = (*chap && t->section) ||
                   differs(pv ? pv->section : NULL, t->section)
               ? t->section
               : NULL;
    if (*sec && *chap && strcmp(*sec, *chap) == 0)
        *sec = NULL;
}

void ak_output_figure_measures(const ak_rtable *t, size_t *vm, size_t *cm)
{
    size_t nm = t->nmeasures;
    int have_vm = 0;
    *vm = 0;
    *cm = (size_t)-1;
    for (size_t m = 0; m < nm; m++)
        if (t->measures[m] != AK_M_ANTAL && !have_vm) {
            *vm = m;
            have_vm = 1;
        }
    for (size_t m = 0; m < nm; m++)
        if (t->measures[m] == AK_M_ANTAL && (!have_vm || m != *vm) &&
            *cm == (size_t)-1)
            *cm = m;
    if (!have_vm) {
        *vm = 0;
        *cm = (size_t)-1;   /* the count is the bar itself */
    }
}

int64_t ak_output_axis_step(int64_t vmax)
{
    int64_t raw = (vmax + 4) / 5;
    if (raw < 1)
        raw = 1;
    int64_t p10 = 1;
    while (p10 <= INT64_MAX / 10 && p10 * 10 <= raw)
        p10 *= 10;
    static const int64_t mult[] = {10, 20, 25, 50, 100};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        if (mult[i] == 25 && p10 < 10)
            continue;   /* no 2,5 steps of whole units */
        int64_t s = mult[i] * p10 / 10;
        if (s >= raw)
            return s;
    }
    return 10 * p10;
}

int ak_output_figure_places(const ak_rtable *t, size_t vm)
{
    int places = 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            if (ak_rtable_places(t, r, c, vm) > places)
                places = ak_rtable_places(t, r, c, vm);
    return places;
}

void ak_output_figure_axis(const ak_rtable *t, size_t vm, int places,
                           int64_t also, int64_t *step, int64_t *top)
{
    int64_t vmax = also > 0 ? also : 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const ak_cell *ce = ak_rtable_cell(t, r, c, vm);
            if (ce && ce->has_value && ce->value > vmax)
                vmax = ce->value;
        }
    if (vmax <= 0)
        vmax = places == 2 ? 100 : places == 1 ? 10 : 1;
    *step = ak_output_axis_step(vmax);
    *top = (vmax + *step - 1) / *step * *step;
}

const char *ak_output_compare_measure(const ak_rtable *t)
{
    const char *m = NULL;
    for (size_t i = 0; t && i < t->nmeasures; i++)
        if (!m || t->measures[i] == AK_M_PROCENT)
            m = ak_measure_key(t->measures[i]);
    return m;
}

const char *ak_output_compare_column(const ak_rtable *t, const char *key,
                                     char *buf, size_t n)
{
    for (size_t c = 0; t && c < t->ncols; c++) {
        const ak_rcol *rc = &t->cols[c];
        if (strcmp(rc->key, key) != 0)
            continue;
        if (rc->group && rc->label) {
            snprintf(buf, n, "%s, %s", rc->group, rc->label);
            return buf;
        }
        if (rc->group || rc->label)
            return rc->group ? rc->group : rc->label;
        if (t->ncols == 1)
            return "";      /* the table's only column: no header */
    }
    return key;
}

void ak_output_compare_number(char *buf, size_t n, const char *s, int sign)
{
    snprintf(buf, n, "%s%s", sign && s[0] && s[0] != '-' && strcmp(s, "0") &&
                                     strspn(s, "0.") != strlen(s) ? "+" : "",
             s);
    for (char *c = buf; *c; c++)
        if (*c == '.')
            *c = ',';
}

void ak_fmt_axis(char *buf, size_t n, int places, int64_t v, int64_t step)
{
    int d = places;
    for (int64_t unit = 1; d > 0 && step % (unit * 10) == 0; unit *= 10)
        d--;
    ak_fmt_fixed(buf, n, v, places, d, ',', '.');
}

ak_status ak_output_view_new(const ak_report *r, ak_output_view *view)
{
    memset(view, 0, sizeof *view);
    if (!r->res)
        return AK_ERR_USAGE;
    view->res = *r->res;
    if (!r->unc)
        return AK_OK;
    ak_status st = ak_uncertainty_rtable(r->unc, r->res, &view->methods);
    if (st != AK_OK || !view->methods)
        return st;
    const ak_results *res = r->res;
    view->tables = ak_calloc(res->ntables + 1, sizeof *view->tables);
    view->blocks = ak_calloc(res->nblocks + 1, sizeof *view->blocks);
    if (!view->tables || !view->blocks) {
        ak_output_view_free(view);
        return AK_ERR_NOMEM;
    }
    memcpy(view->tables, res->tables, res->ntables * sizeof *view->tables);
    view->tables[res->ntables] = *view->methods;
    view->res.tables = view->tables;
    view->res.ntables = res->ntables + 1;
    /* Where the methods table goes in the text: at the end of the chapter
     * numbered as its caption. */
    size_t at = res->nblocks;
    const char *cap = view->methods->caption;
    for (size_t i = 0; cap && i < res->nblocks; i++) {
        const ak_docblock *b = &res->blocks[i];
        if (b->kind != AK_BLOCK_HEADING || !b->number ||
            strcmp(b->number, cap) != 0)
            continue;
        for (at = i + 1; at < res->nblocks; at++)
            if (res->blocks[at].kind == AK_BLOCK_HEADING &&
                res->blocks[at].level <= b->level)
                break;
        break;
    }
    if (res->nblocks)
        memcpy(view->blocks, res->blocks, at * sizeof *view->blocks);
    view->blocks[at].kind = AK_BLOCK_TABLE;
    view->blocks[at].table = res->ntables;
    if (at < res->nblocks)
        memcpy(view->blocks + at + 1, res->blocks + at,
               (res->nblocks - at) * sizeof *view->blocks);
    view->res.blocks = view->blocks;
    view->res.nblocks = res->nblocks + 1;
    return AK_OK;
}

void ak_output_view_free(ak_output_view *view)
{
    ak_free(view->tables);
    ak_free(view->blocks);
    ak_uncertainty_rtable_free(view->methods);
    memset(view, 0, sizeof *view);
}
