/*
 * Hand-built results for the unit tests of the outputs (test_render_pdf.c,
 * test_output_xlsx_px.c): tables, rows and notes added one by one, with
 * what the 2008 data never has.  Header-only (static inline): each unit
 * test is one .c file linked with the library objects.  Results are
 * freed by ak_results_free().  Also run(): a command's output, to read the
 * files back with programs no one here wrote.
 */
#ifndef AK_TEST_FIXTURE_H
#define AK_TEST_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_tabulate.h"

/* One column: its group heading and label (either may be NULL). */
typedef struct colspec {
    const char *group, *label;
} colspec;

/* s copied (ak_strdup), or NULL. */
static inline char *sdup(const char *s)
{
    return s ? ak_strdup(s) : NULL;
}

/* A table of r with nc columns (cols; NULL: no group or label; keys c0,
 * c1, ...) and nm measures (mlabels may be NULL); rows are added with
 * add_row(). */
static inline ak_rtable *add_table(ak_results *r, const char *id,
                                   const char *cap, const char *title,
                                   const char *section, size_t nc,
                                   const colspec *cols, size_t nm,
                                   const ak_measure *ms,
                                   const char *const *mlabels)
{
    r->tables = realloc(r->tables, (r->ntables + 1) * sizeof *r->tables);
    ak_rtable *t = &r->tables[r->ntables++];
    memset(t, 0, sizeof *t);
    t->id = sdup(id);
    t->caption = sdup(cap);
    t->title = sdup(title);
    t->section = sdup(section);
    t->ncols = nc;
    t->cols = ak_calloc(nc, sizeof *t->cols);
    for (size_t c = 0; c < nc; c++) {
        t->cols[c].key = ak_asprintf("c%zu", c);
        t->cols[c].group = cols ? sdup(cols[c].group) : NULL;
        t->cols[c].label = cols ? sdup(cols[c].label) : NULL;
    }
    t->nmeasures = nm;
    t->measures = ak_calloc(nm, sizeof *t->measures);
    t->measure_labels = ak_calloc(nm, sizeof *t->measure_labels);
    for (size_t m = 0; m < nm; m++) {
        t->measures[m] = ms[m];
        t->measure_labels[m] = mlabels ? sdup(mlabels[m]) : NULL;
    }
    return t;
}

/* Append a row (key r1, r2, ...); vals holds ncols*nmeasures values,
 * -1 = no value; no cell has a base. */
static inline void add_row(ak_rtable *t, const char *label, ak_rowkind kind,
                           const long *vals)
{
    size_t per = t->ncols * t->nmeasures;
    t->rows = realloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
    t->cells = realloc(t->cells, (t->nrows + 1) * per * sizeof *t->cells);
    ak_rrow *row = &t->rows[t->nrows];
    memset(row, 0, sizeof *row);
    row->label = sdup(label);
    row->key = ak_asprintf("r%zu", t->nrows + 1);
    row->kind = kind;
    row->position = (int)t->nrows + 1;
    for (size_t i = 0; i < per; i++) {
        ak_cell *c = &t->cells[t->nrows * per + i];
        memset(c, 0, sizeof *c);
        c->has_value = vals[i] >= 0;
        c->value = vals[i] >= 0 ? vals[i] : 0;
        c->base = -1;
    }
    t->nrows++;
}

static inline void add_note(ak_rtable *t, const char *note)
{
    t->notes = realloc(t->notes, (t->nnotes + 1) * sizeof *t->notes);
    t->notes[t->nnotes++] = sdup(note);
}

/* The output of the shell command made from fmt (a printf format), or
 * NULL when it fails (the command is printed).  Caller owns; free(). */
static inline char *run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    int rc = pclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (rc != 0) {
        fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
        free(buf);
        return NULL;
    }
    return buf;
}

#endif
