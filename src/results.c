/*
 * The result model's functions: see include/ak_results.h.
 */
#include "ak_results.h"

#include <stdio.h>
#include <string.h>

#include "ak_mem.h"

const char *ak_measure_key(ak_measure m)
{
    switch (m) {
    case AK_M_ANTAL: return "antal";
    case AK_M_PROCENT: return "procent";
    case AK_M_GENNEMSNIT: return "gennemsnit";
    case AK_M_SUM: return "sum";
    }
    return "?";
}

const ak_cell *ak_rtable_cell(const ak_rtable *t, size_t r, size_t c,
                              size_t m)
{
    if (!t || r >= t->nrows || c >= t->ncols || m >= t->nmeasures)
        return NULL;
    return &t->cells[(r * t->ncols + c) * t->nmeasures + m];
}

int ak_rtable_cell_tenths(const ak_rtable *t, size_t r, size_t c, size_t m)
{
    if (!t || !t->tenths || r >= t->nrows || c >= t->ncols ||
        m >= t->nmeasures)
        return 0;
    return t->tenths[(r * t->ncols + c) * t->nmeasures + m];
}

const char *ak_meta_key(ak_meta m)
{
    static const char *const keys[AK_META_COUNT] = {
        "author", "subject", "subject_code", "rows", "columns", "measures",
        "unit_antal", "unit_procent", "unit_gennemsnit", "unit_sum"};
    return (int)m >= 0 && m < AK_META_COUNT ? keys[m] : "?";
}

int ak_rtable_places(const ak_rtable *t, size_t r, size_t c, size_t m)
{
    if (!t || m >= t->nmeasures)
        return 0;
    if (t->measures[m] == AK_M_GENNEMSNIT)
        return 2;
    return ak_rtable_cell_tenths(t, r, c, m) ? 1 : 0;
}

char *ak_fmt_fixed(char *buf, size_t n, int64_t v, int places, int decimals,
                   char dec, char sep)
{
    static const uint64_t pow10[] = {1, 10, 100, 1000};
    if (places < 0 || places > 3)
        places = 0;
    if (decimals < 0 || decimals > places)
        decimals = places;
    int neg = v < 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t drop = pow10[places - decimals];
    u = (u + drop / 2) / drop;          /* half up, away from zero */
    uint64_t whole = u / pow10[decimals], frac = u % pow10[decimals];
    char digits[32], out[64];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)whole);
    size_t o = 0;
    if (neg && u)
        out[o++] = '-';
    for (int i = 0; i < nd; i++) {
        if (sep && i > 0 && (nd - i) % 3 == 0)
            out[o++] = sep;
        out[o++] = digits[i];
    }
    if (decimals > 0) {
        out[o++] = dec;
        for (int i = decimals - 1; i >= 0; i--)
            out[o++] = (char)('0' + (frac / pow10[i]) % 10);
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
    return buf;
}

char *ak_fmt_cell(char *buf, size_t n, const ak_rtable *t, size_t r,
                  size_t c, size_t m, char dec, char sep)
{
    const ak_cell *cl = ak_rtable_cell(t, r, c, m);
    if (!cl || !cl->has_value) {
        snprintf(buf, n, "-");
        return buf;
    }
    int places = ak_rtable_places(t, r, c, m);
    return ak_fmt_fixed(buf, n, cl->value, places, places, dec, sep);
}

size_t ak_rtable_group_span(const ak_rtable *t, size_t c)
{
    if (!t || c >= t->ncols)
        return 0;
    const char *g = t->cols[c].group;
    if (c > 0 && g && t->cols[c - 1].group &&
        strcmp(g, t->cols[c - 1].group) == 0)
        return 0;
    size_t e = c + 1;
    while (g && e < t->ncols && t->cols[e].group &&
           strcmp(g, t->cols[e].group) == 0)
        e++;
    return e - c;
}

static void rtable_clear(ak_rtable *t)
{
    ak_free(t->id);
    ak_free(t->caption);
    ak_free(t->title);
    ak_free(t->section);
    ak_free(t->chapter);
    for (size_t c = 0; t->cols && c < t->ncols; c++) {
        ak_free(t->cols[c].key);
        ak_free(t->cols[c].group);
        ak_free(t->cols[c].label);
    }
    ak_free(t->cols);
    ak_free(t->measures);
    for (size_t m = 0; t->measure_labels && m < t->nmeasures; m++)
        ak_free(t->measure_labels[m]);
    ak_free(t->measure_labels);
    for (size_t r = 0; t->rows && r < t->nrows; r++) {
        ak_free(t->rows[r].label);
        ak_free(t->rows[r].key);
    }
    ak_free(t->rows);
    for (size_t i = 0; t->hidden && i < t->nhidden; i++)
        ak_free(t->hidden[i]);
    ak_free(t->hidden);
    ak_free(t->cells);
    ak_free(t->tenths);
    for (size_t i = 0; t->notes && i < t->nnotes; i++)
        ak_free(t->notes[i]);
    ak_free(t->notes);
    ak_free(t->axis_title);
    ak_free(t->source);
    ak_free(t->bases);
}

const ak_rtable *ak_results_table(const ak_results *r, const char *id)
{
    for (size_t i = 0; r && i < r->ntables; i++)
        if (strcmp(r->tables[i].id, id) == 0)
            return &r->tables[i];
    return NULL;
}

void ak_results_free(ak_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->tables && i < r->ntables; i++)
        rtable_clear(&r->tables[i]);
    ak_free(r->tables);
    ak_free(r->report_title);
    for (int k = 0; k < AK_META_COUNT; k++)
        ak_free(r->meta[k]);
    for (size_t i = 0; r->blocks && i < r->nblocks; i++) {
        ak_free(r->blocks[i].number);
        ak_free(r->blocks[i].text);
        ak_free(r->blocks[i].anchor);
    }
    ak_free(r->blocks);
    for (size_t i = 0; r->colophon && i < r->ncolophon; i++) {
        ak_free(r->colophon[i].label);
        ak_free(r->colophon[i].value);
    }
    ak_free(r->colophon);
    for (size_t i = 0; r->nonresp && i < r->nnonresp; i++) {
        ak_free(r->nonresp[i].id);
        ak_free(r->nonresp[i].name);
        ak_free(r->nonresp[i].region);
    }
    ak_free(r->nonresp);
    ak_free(r);
}

