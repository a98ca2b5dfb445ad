/*
 * The registry of outputs (like git's commands[]) and the helpers every
 * output shares; see include/ak_output.h.
 */
#include "outputs.h"

#include <errno.h>
#include <stdlib.h>
#include <glib.h>
#include <string.h>
#include <time.h>

#include "ak_mem.h"

/* In the order a run writes them (and `report --help` lists them). */
static const ak_output *const registry[] = {
    &ak_output_tables_csv,
    &ak_output_wide_csv,
    &ak_output_validation,
    &ak_output_pdf,
    &ak_output_html,
};

size_t ak_output_list(const ak_output *const **list)
{
    *list = registry;
    return sizeof registry / sizeof registry[0];
}

const ak_output *ak_output_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
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

void ak_fmt_int(char *buf, size_t n, int64_t v)
{
    char digits[32];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    size_t o = 0;
    if (n == 0)
        return;
    if (v < 0 && o + 1 < n)
        buf[o++] = '-';
    for (int i = 0; i < nd && o + 1 < n; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && o + 1 < n)
            buf[o++] = '.';
        if (o + 1 < n)
            buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void ak_fmt_hundredths(char *buf, size_t n, int64_t v, int dec)
{
    int neg = v < 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (dec == 1)
        u = (u + 5) / 10 * 10;
    else if (dec == 0)
        u = (u + 50) / 100 * 100;
    char whole[32];
    ak_fmt_int(whole, sizeof whole, (int64_t)(u / 100));
    unsigned frac = (unsigned)(u % 100);
    if (dec == 0)
        snprintf(buf, n, "%s%s", neg && u ? "-" : "", whole);
    else if (dec == 1)
        snprintf(buf, n, "%s%s,%u", neg && u ? "-" : "", whole, frac / 10);
    else
        snprintf(buf, n, "%s%s,%02u", neg && u ? "-" : "", whole, frac);
}

void ak_fmt_cell(char *buf, size_t n, ak_measure m, const ak_cell *c,
                 int tenths)
{
    if (!c || !c->has_value)
        snprintf(buf, n, "-");
    else if (tenths)
        ak_fmt_hundredths(buf, n, c->value * 10, 1);
    else if (m == AK_M_GENNEMSNIT)
        ak_fmt_hundredths(buf, n, c->value, 2);
    else
        ak_fmt_int(buf, n, c->value);
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

void ak_fmt_axis(char *buf, size_t n, ak_measure m, int64_t v, int64_t step)
{
    if (m == AK_M_GENNEMSNIT)
        ak_fmt_hundredths(buf, n, v, step % 100 == 0 ? 0
                                     : step % 10 == 0 ? 1 : 2);
    else
        ak_fmt_int(buf, n, v);
}

typedef struct unitref {
    const ak_diag *d;
    size_t idx;
    long long num;
    int isnum;
} unitref;

static int unit_cmp(const void *a, const void *b)
{
    const unitref *x = a, *y = b;
    int c = 0;
    if (x->isnum && y->isnum)
        c = (x->num > y->num) - (x->num < y->num);
    else if (x->isnum != y->isnum)
        c = x->isnum ? -1 : 1;
    else
        c = strcmp(x->d->unit, y->d->unit);
    if (c == 0)
        c = strcmp(x->d->unit, y->d->unit);
    if (c == 0)
        c = (x->idx > y->idx) - (x->idx < y->idx);
    return c;
}

const ak_diag **ak_output_unit_problems(const ak_diags *d, size_t *n)
{
    size_t nd = d ? ak_diags_count(d) : 0, nu = 0;
    *n = 0;
    unitref *u = ak_calloc(nd ? nd : 1, sizeof *u);
    const ak_diag **out = ak_calloc(nd ? nd : 1, sizeof *out);
    if (!u || !out) {
        ak_free(u);
        ak_free((void *)out);
        return NULL;
    }
    for (size_t i = 0; i < nd; i++) {
        const ak_diag *dg = ak_diags_get(d, i);
        if (!dg || !dg->unit)
            continue;
        unitref *e = &u[nu++];
        e->d = dg;
        e->idx = i;
        char *end = NULL;
        errno = 0;
        e->num = strtoll(dg->unit, &end, 10);
        e->isnum = end != dg->unit && *end == '\0' && errno == 0;
    }
    qsort(u, nu, sizeof *u, unit_cmp);
    for (size_t i = 0; i < nu; i++)
        out[i] = u[i].d;
    ak_free(u);
    *n = nu;
    return out;
}
