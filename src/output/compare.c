/*
 * The year-over-year comparison (output "sammenligning"): with the option
 * compare=DIR (report --compare DIR), last year's tables.csv is read from
 * DIR (once, by the command line: ak_report.prev_cmp) and every cell of
 * this year's tables is matched to last year's by table, row key, column
 * and measure -- never by printed position -- and written to
 * sammenligning.csv, one line per cell:
 *
 *   table,row_key,row_label,column,measure,last_year,last_value,this_year,
 *   value,change,change_unit,note
 *
 * change is this year's value less last year's, exactly (fixed point, no
 * floating point): "procentpoint" for percents, "forskel" for counts,
 * sums and means.  It is empty, with a Danish note, where the two cannot
 * be compared: a row or table the templates declare new since or changed
 * in a year after last year's (new=, changed=), a row or table only one of
 * the years has, a value only one of the years has.  An optional row that
 * did not print in one year counts 0 there (that is what not printing
 * means), with a note.
 *
 * A tables.csv of the old format (no year and row_key columns) is refused
 * with a fatal diagnostic: rows cannot be matched by position.
 *
 * The comparison itself (ak_compare_*) is also used by the comparison
 * appendices of the PDF and the HTML and the workbook's sheet, so all
 * show the same numbers.  Last year's file is read once, by the command
 * line, and lent to every output (ak_report.prev, prev_cmp).
 *
 * With --panel (ak_report.panel_res) both years are over only the units
 * that answered both: this year's results tabulated over them, last
 * year's cells summed from last year's per-unit record (panel-YEAR.csv,
 * output "panel"; ak_prev_panel() below), and sammenligning.csv gets
 * a last column 'grundlag' saying so on every line.
 */
#include "outputs.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ak_compare.h"
#include "ak_csv.h"
#include "ak_mem.h"
#include "ak_render.h"
#include "ak_tabulate.h"

/* ---- last year's tables.csv ---------------------------------------------- */

enum { F_TABLE, F_ROW, F_LABEL, F_COLUMN, F_MEASURE, F_VALUE, F_YEAR, F_KEY,
       F_BASE, F_N };
static const char *const fnames[F_N] = {
    "table", "row", "row_label", "column", "measure", "value", "year",
    "row_key", "base"};

typedef struct pcell {
    char *f[F_N];          /* owned; "" where absent */
} pcell;

struct ak_prev {
    pcell *v;
    size_t n, cap;
    size_t *ord;           /* indices of v sorted by table, key, col, meas */
    int col[F_N];          /* field index of each column, -1 when absent */
    int year;
    const char *path;      /* shown in diagnostics */
    ak_diags *d;
    ak_status st;
};

static int cmp_cell(const pcell *a, const char *table, const char *key,
                    const char *col, const char *meas)
{
    int c = strcmp(a->f[F_TABLE], table);
    if (c == 0 && key)
        c = strcmp(a->f[F_KEY], key);
    if (c == 0 && col)
        c = strcmp(a->f[F_COLUMN], col);
    if (c == 0 && meas)
        c = strcmp(a->f[F_MEASURE], meas);
    return c;
}

static const ak_prev *sort_prev;   /* qsort has no user data argument */

static int ord_cmp(const void *x, const void *y)
{
    const pcell *a = &sort_prev->v[*(const size_t *)x];
    const pcell *b = &sort_prev->v[*(const size_t *)y];
    int c = cmp_cell(a, b->f[F_TABLE], b->f[F_KEY], b->f[F_COLUMN],
                     b->f[F_MEASURE]);
    if (c == 0)
        c = *(const size_t *)x < *(const size_t *)y ? -1 : 1;
    return c;
}

static int prev_record(const ak_record *rec, void *ud)
{
    ak_prev *p = ud;
    if (rec->index == 0) {
        for (int k = 0; k < F_N; k++) {
            p->col[k] = -1;
            for (size_t i = 0; i < rec->nfields; i++)
                if (strcmp(rec->fields[i], fnames[k]) == 0)
                    p->col[k] = (int)i;
        }
        if (p->col[F_YEAR] < 0 || p->col[F_KEY] < 0) {
            ak_diags_addf(p->d, AK_SEV_FATAL, "compare", p->path, rec->line, 0,
                          "sidste års tables.csv er i det gamle format uden "
                          "kolonnerne 'year' og 'row_key', så rækkerne kan "
                          "ikke parres sikkert; kør sidste års data igen med "
                          "denne version af ankestat og sammenlign med den "
                          "nye mappe");
            p->st = AK_ERR_INPUT;
            return 1;
        }
        for (int k = 0; k < F_N; k++)
            if (p->col[k] < 0 && k != F_BASE && k != F_ROW) {
                ak_diags_addf(p->d, AK_SEV_FATAL, "compare", p->path,
                              rec->line, 0, "kolonnen '%s' mangler",
                              fnames[k]);
                p->st = AK_ERR_INPUT;
                return 1;
            }
        return 0;
    }
    if (p->n == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 256;
        pcell *nv = ak_reallocarray(p->v, nc, sizeof *nv);
        if (!nv) {
            p->st = AK_ERR_NOMEM;
            return 1;
        }
        p->v = nv;
        p->cap = nc;
    }
    pcell *c = &p->v[p->n];
    memset(c, 0, sizeof *c);
    p->n++;
    for (int k = 0; k < F_N; k++) {
        int i = p->col[k];
        c->f[k] = ak_strdup(i >= 0 && (size_t)i < rec->nfields
                                ? rec->fields[i] : "");
        if (!c->f[k]) {
            p->st = AK_ERR_NOMEM;
            return 1;
        }
    }
    int y = atoi(c->f[F_YEAR]);
    if (y < 1000 || y > 9999 || (p->year && y != p->year)) {
        ak_diags_addf(p->d, AK_SEV_FATAL, "compare", p->path, rec->line,
                      p->col[F_YEAR] + 1,
                      y < 1000 || y > 9999
                          ? "ugyldigt år '%s'"
                          : "året '%s' er et andet end på første linje; "
                            "sammenlign med én årgangs mappe",
                      c->f[F_YEAR]);
        p->st = AK_ERR_INPUT;
        return 1;
    }
    p->year = y;
    return 0;
}

void ak_prev_free(ak_prev *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        for (int k = 0; k < F_N; k++)
            ak_free(p->v[i].f[k]);
    ak_free(p->v);
    ak_free(p->ord);
    ak_free(p);
}

ak_status ak_prev_load(const char *dir, int year, ak_prev **out, ak_diags *d)
{
    *out = NULL;
    char *path = ak_asprintf("%s/tables.csv", dir);
    ak_prev *p = ak_calloc(1, sizeof *p);
    if (!path || !p) {
        ak_free(path);
        ak_free(p);
        return AK_ERR_NOMEM;
    }
    p->path = path;
    p->d = d;
    ak_status st = ak_csv_read_file(path, NULL, prev_record, p, d);
    if (st == AK_OK)
        st = p->st;
    if (st == AK_OK && p->n == 0) {
        ak_diags_addf(d, AK_SEV_FATAL, "compare", path, 0, 0,
                      "sidste års tables.csv har ingen tal");
        st = AK_ERR_INPUT;
    }
    if (st == AK_OK && p->year >= year) {
        ak_diags_addf(d, AK_SEV_FATAL, "compare", path, 0, 0,
                      "mappen er fra %d; sammenlign med et tidligere år end "
                      "%d", p->year, year);
        st = AK_ERR_INPUT;
    }
    if (st == AK_OK) {
        p->ord = ak_calloc(p->n, sizeof *p->ord);
        if (!p->ord) {
            st = AK_ERR_NOMEM;
        } else {
            for (size_t i = 0; i < p->n; i++)
                p->ord[i] = i;
            sort_prev = p;
            qsort(p->ord, p->n, sizeof *p->ord, ord_cmp);
            sort_prev = NULL;
        }
    }
    p->path = NULL;
    ak_free(path);
    if (st != AK_OK) {
        if (st == AK_ERR_IO)
            st = AK_ERR_INPUT;
        ak_prev_free(p);
        return st;
    }
    *out = p;
    return AK_OK;
}

int ak_prev_year(const ak_prev *p)
{
    return p->year;
}

/* The first entry of ord at or after (table, key, col, meas) in sort
 * order; NULL parts match anything after the given ones. */
static size_t lower_bound(const ak_prev *p, const char *table, const char *key,
                          const char *col, const char *meas)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_cell(&p->v[p->ord[mid]], table, key, col, meas) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static pcell *find(const ak_prev *p, const char *table, const char *key,
                   const char *col, const char *meas)
{
    size_t i = lower_bound(p, table, key, col, meas);
    if (i < p->n && cmp_cell(&p->v[p->ord[i]], table, key, col, meas) == 0)
        return &p->v[p->ord[i]];
    return NULL;
}

static int has_table(const ak_prev *p, const char *table)
{
    return find(p, table, NULL, NULL, NULL) != NULL;
}

static int has_row(const ak_prev *p, const char *table, const char *key)
{
    return find(p, table, key, NULL, NULL) != NULL;
}

/* ---- the comparison ------------------------------------------------------ */

static int parse_fixed(const char *s, int64_t *h, int *places);

int ak_prev_number(const ak_prev *p, const char *table, const char *row_key,
                   const char *column, const char *measure, int places,
                   int64_t *v)
{
    if (!p || !table || !row_key || !column || !measure)
        return 0;
    const pcell *c = find(p, table, row_key, column, measure);
    int64_t h;
    int pl;
    if (!c || parse_fixed(c->f[F_VALUE], &h, &pl) != 0)
        return 0;
    for (int i = places; i < 2; i++)
        h /= 10;            /* hundredths -> the places asked for */
    for (int i = 2; i < places; i++)
        h *= 10;
    *v = h;
    return 1;
}

int ak_prev_cell(const ak_prev *p, const ak_rtable *t, size_t r, size_t c,
                 size_t m, int places, int64_t *v)
{
    if (!p || r >= t->nrows || c >= t->ncols || m >= t->nmeasures)
        return 0;
    return ak_prev_number(p, t->id, t->rows[r].key, t->cols[c].key,
                          ak_measure_key(t->measures[m]), places, v);
}

int64_t ak_prev_max(const ak_prev *p, const ak_rtable *t, size_t m,
                    int places)
{
    int64_t mx = 0, v;
    for (size_t r = 0; p && r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            if (ak_prev_cell(p, t, r, c, m, places, &v) && v > mx)
                mx = v;
    return mx;
}

int ak_compare_bar(const ak_prev *p, const ak_rtable *t, size_t r,
                   size_t c, size_t m, int places, int last, int64_t *v,
                   char *buf, size_t n)
{
    *v = 0;
    int has;
    if (last) {
        has = ak_prev_cell(p, t, r, c, m, places, v);
        if (has)
            ak_fmt_fixed(buf, n, *v, places, places, ',', '.');
        else
            snprintf(buf, n, "-");          /* as ak_fmt_cell() */
    } else {
        const ak_cell *ce = ak_rtable_cell(t, r, c, m);
        has = ce && ce->has_value;
        if (has)
            *v = ce->value;
        ak_fmt_cell(buf, n, t, r, c, m, ',', '.');
    }
    return has;
}

/* "12", "-3", "3.61", "103.3" -> hundredths and decimal places; -1 when
 * not such a number. */
static int parse_fixed(const char *s, int64_t *h, int *places)
{
    int neg = *s == '-';
    if (neg)
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    int64_t v = 0;
    while (*s >= '0' && *s <= '9') {
        if (v > INT64_MAX / 1000)
            return -1;
        v = v * 10 + (*s++ - '0');
    }
    int pl = 0;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9' && pl < 2) {
            v = v * 10 + (*s++ - '0');
            pl++;
        }
    }
    if (*s)
        return -1;
    for (int i = pl; i < 2; i++)
        v *= 10;
    *h = neg ? -v : v;
    *places = pl;
    return 0;
}

void ak_compare_change(const char *last, const char *now, char *buf,
                       size_t n)
{
    int64_t a, b;
    int pa, pb;
    buf[0] = '\0';
    if (!last || !now || parse_fixed(last, &a, &pa) != 0 ||
        parse_fixed(now, &b, &pb) != 0)
        return;
    int pl = pa > pb ? pa : pb;
    int64_t d = b - a;
    ak_fmt_fixed(buf, n, pl == 2 ? d : pl == 1 ? d / 10 : d / 100, pl, pl,
                 '.', '\0');
}

const char *ak_compare_unit(const ak_compare_line *l)
{
    if (!l->change || !*l->change)
        return "";
    return l->measure && strcmp(l->measure, "procent") == 0 ? "procentpoint"
                                                            : "forskel";
}

/* Is a mark year y (new since / changed in) between the two years, so
 * that the row or table cannot be compared? */
static int crosses(int y, int last, int now)
{
    return y > last && y <= now;
}

ak_status ak_compare_run(const ak_results *res, const ak_prev *p,
                         const char *units, ak_compare_fn fn, void *ud)
{
    if (!units || !*units)
        units = ak_output_words[AK_W_UNITS];
    int ly = p->year, ty = res->year;
    char note[512], nowbuf[32], change[40];
    /* per cell of p: matched by this year's (or told already) */
    unsigned char *used = ak_calloc(p->n + 1, 1);
    if (!used)
        return AK_ERR_NOMEM;
    ak_status st = AK_OK;
    for (size_t ti = 0; st == AK_OK && ti < res->ntables; ti++) {
        const ak_rtable *t = &res->tables[ti];
        if (t->untidy)
            continue;   /* not in tables.csv: nothing to match */
        int t_new = crosses(t->new_since, ly, ty);
        int t_changed = crosses(t->changed_in, ly, ty);
        if (!has_table(p, t->id) || t_new) {
            ak_compare_line l = {0};
            l.table = t->id;
            l.last_year = ly;
            l.this_year = ty;
            if (t_new)
                snprintf(note, sizeof note, "tabellen er ny fra %d; ingen "
                         "sammenligning", t->new_since);
            else
                snprintf(note, sizeof note, "tabellen findes ikke i %d's "
                         "tables.csv; ingen sammenligning", ly);
            l.note = note;
            l.table_only = 1;
            st = fn(&l, ud);
            /* a declared-new table's old cells, if any, are left out */
            for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->v[i].f[F_TABLE], t->id) == 0)
                    used[i] = 1;
            continue;
        }
        for (size_t r = 0; st == AK_OK && r < t->nrows; r++) {
            const ak_rrow *row = &t->rows[r];
            int r_new = crosses(row->new_since, ly, ty);
            int r_changed = crosses(row->changed_in, ly, ty);
            int in_last = has_row(p, t->id, row->key);
            for (size_t c = 0; st == AK_OK && c < t->ncols; c++)
                for (size_t m = 0; st == AK_OK && m < t->nmeasures; m++) {
                    ak_measure ms = t->measures[m];
                    const char *mk = ak_measure_key(ms);
                    const ak_cell *cell = ak_rtable_cell(t, r, c, m);
                    const pcell *pc = find(p, t->id, row->key,
                                           t->cols[c].key, mk);
                    if (pc)
                        used[pc - p->v] = 1;
                    ak_compare_line l = {0};
                    l.table = t->id;
                    l.row_key = row->key;
                    l.row_label = row->label;
                    l.column = t->cols[c].key;
                    l.measure = mk;
                    l.last_year = ly;
                    l.this_year = ty;
                    nowbuf[0] = '\0';
                    if (cell->has_value)
                        ak_fmt_cell(nowbuf, sizeof nowbuf, t, r, c, m, '.',
                                    '\0');
                    l.value = nowbuf;
                    l.last_value = pc ? pc->f[F_VALUE] : "";
                    note[0] = '\0';
                    int comparable = 1;
                    if (t_changed) {
                        snprintf(note, sizeof note, "tabellen er ændret i "
                                 "%d; ikke sammenlignelig", t->changed_in);
                        comparable = 0;
                    } else if (r_new) {
                        snprintf(note, sizeof note, "rækken er ny fra %d; "
                                 "ikke sammenlignelig", row->new_since);
                        comparable = 0;
                    } else if (r_changed) {
                        snprintf(note, sizeof note, "rækken er ændret i %d; "
                                 "ikke sammenlignelig", row->changed_in);
                        comparable = 0;
                    } else if (!in_last && row->optional) {
                        /* an optional row prints only above 0 */
                        if (ms != AK_M_GENNEMSNIT)
                            l.last_value = "0";
                        snprintf(note, sizeof note, "valgfri række, der ikke "
                                 "var med i %d (ingen %s); talt som 0", ly,
                                 units);
                    } else if (!in_last) {
                        snprintf(note, sizeof note, "rækken findes ikke i %d",
                                 ly);
                        comparable = 0;
                    } else if (pc && strcmp(pc->f[F_LABEL], row->label) != 0) {
                        snprintf(note, sizeof note, "hed i %d: %s", ly,
                                 pc->f[F_LABEL]);
                    }
                    if (comparable) {
                        ak_compare_change(l.last_value, l.value, change,
                                          sizeof change);
                        l.change = change;
                    } else {
                        l.change = "";
                    }
                    l.note = note;
                    st = fn(&l, ud);
                }
        }
        /* last year's rows of this table that this year has not */
        for (size_t i = 0; st == AK_OK && i < p->n; i++) {
            const pcell *pc = &p->v[i];
            if (used[i] || strcmp(pc->f[F_TABLE], t->id) != 0)
                continue;
            used[i] = 1;
            int hidden = 0;
            for (size_t h = 0; h < t->nhidden; h++)
                hidden |= strcmp(t->hidden[h], pc->f[F_KEY]) == 0;
            ak_compare_line l = {0};
            l.table = t->id;
            l.row_key = pc->f[F_KEY];
            l.row_label = pc->f[F_LABEL];
            l.column = pc->f[F_COLUMN];
            l.measure = pc->f[F_MEASURE];
            l.last_year = ly;
            l.this_year = ty;
            l.last_value = pc->f[F_VALUE];
            l.value = "";
            l.change = "";
            int counted = strcmp(pc->f[F_MEASURE], "antal") == 0 ||
                          strcmp(pc->f[F_MEASURE], "sum") == 0 ||
                          strcmp(pc->f[F_MEASURE], "procent") == 0;
            if (hidden && !t_changed) {
                l.value = counted ? "0" : "";
                if (counted) {
                    ak_compare_change(l.last_value, l.value, change,
                                      sizeof change);
                    l.change = change;
                }
                snprintf(note, sizeof note, "valgfri række, der ikke er med "
                         "i %d (ingen %s); talt som 0", ty, units);
            } else {
                snprintf(note, sizeof note, "rækken findes ikke i %d", ty);
            }
            l.note = note;
            st = fn(&l, ud);
        }
    }
    /* last year's tables that this year has not */
    for (size_t i = 0; st == AK_OK && i < p->n; i++) {
        const pcell *pc = &p->v[i];
        if (used[i])
            continue;
        int first = 1;
        for (size_t k = 0; first && k < i; k++)
            first = strcmp(p->v[k].f[F_TABLE], pc->f[F_TABLE]) != 0;
        if (!first)
            continue;
        ak_compare_line l = {0};
        l.table = pc->f[F_TABLE];
        l.last_year = ly;
        l.this_year = ty;
        snprintf(note, sizeof note, "tabellen findes ikke i %d; ingen "
                 "sammenligning", ty);
        l.note = note;
        l.table_only = 1;
        st = fn(&l, ud);
    }
    ak_free(used);
    return st;
}

/* ---- sammenligning.csv --------------------------------------------------- */

static void put_text(FILE *f, const char *s)
{
    ak_render_csv_field(f, s ? s : "", ',');
}

/* A number as is (a negative one is not a formula); anything else, from
 * last year's file, as neutralised text. */
static void put_number(FILE *f, const char *s)
{
    int64_t h;
    int pl;
    if (s && *s && parse_fixed(s, &h, &pl) == 0)
        fputs(s, f);
    else
        put_text(f, s);
}

typedef struct job {
    const ak_results *res;
    const ak_prev *p;
    const char *basis;     /* --panel: the last column, else NULL */
    const char *units;     /* ak_output_units() */
    FILE *f;
} job;

static ak_status csv_line(const ak_compare_line *l, void *ud)
{
    const job *j = ud;
    FILE *f = j->f;
    put_text(f, l->table);
    fputc(',', f);
    put_text(f, l->row_key);
    fputc(',', f);
    put_text(f, l->row_label);
    fputc(',', f);
    put_text(f, l->column);
    fputc(',', f);
    put_text(f, l->measure);
    fprintf(f, ",%d,", l->last_year);
    put_number(f, l->last_value);
    fprintf(f, ",%d,", l->this_year);
    put_number(f, l->value);
    fputc(',', f);
    put_number(f, l->change);
    fputc(',', f);
    put_text(f, ak_compare_unit(l));
    fputc(',', f);
    put_text(f, l->note);
    if (j->basis) {
        fputc(',', f);
        put_text(f, j->basis);
    }
    fputc('\n', f);
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status w_compare(const void *ud, FILE *f)
{
    job j = *(const job *)ud;
    j.f = f;
    fputs("table,row_key,row_label,column,measure,last_year,last_value,"
          "this_year,value,change,change_unit,note", f);
    fputs(j.basis ? ",grundlag\n" : "\n", f);
    return ak_compare_run(j.res, j.p, j.units, csv_line, &j);
}

static ak_status compare_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    if (!r->prev_cmp || !r->res)
        return AK_OK;
    char *basis = r->panel_res && r->panel
                      ? ak_asprintf(ak_output_words[AK_W_CMP_PANEL],
                                    ak_panel_count(r->panel),
                                    ak_output_units(r))
                      : NULL;
    job j = {r->panel_res ? r->panel_res : r->res, r->prev_cmp, basis,
             ak_output_units(r), NULL};
    ak_status st =
        r->panel_res && !basis
            ? AK_ERR_NOMEM
            : ak_output_write_file(o, "sammenligning.csv", w_compare, &j, d);
    ak_free(basis);
    return st;
}

const ak_output ak_output_compare = {
    "sammenligning", "sammenligning.csv: hver celle mod sidste år (med "
    "--compare MAPPE)", AK_OUT_DEFAULT | AK_OUT_COMPARE, compare_write, NULL,
    NULL, NULL};

/* ---- the panel: only the units of both years ----------------------------- */

/* DIR/panel-YEAR.csv:
 *   year,unit,table,row_key,column,measure,numerator,denominator
 * one line per unit and cell it added to (output "panel"). */
enum { P_UNIT, P_TABLE, P_KEY, P_COLUMN, P_MEASURE, P_NUM, P_DEN, P_N };
static const char *const pnames[P_N] = {
    "unit", "table", "row_key", "column", "measure", "numerator",
    "denominator"};

struct ak_panel {
    char **units;          /* sorted, unique: last year's units */
    _Atomic unsigned char *both;  /* per unit: answered this year too
                                     (marked from the reader's threads) */
    size_t n, cap;
    char *path;
};

typedef struct panelread {
    ak_panel *pn;
    ak_prev *p;            /* summing: last year's cells, else NULL */
    int64_t *num, *den;    /* summing: per cell of p */
    int col[P_N];
    ak_diags *d;
    ak_status st;
} panelread;

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static long unit_index(const ak_panel *pn, const char *unit)
{
    size_t lo = 0, hi = pn->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(pn->units[mid], unit);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int panel_record(const ak_record *rec, void *ud)
{
    panelread *R = ud;
    if (rec->index == 0) {
        for (int k = 0; k < P_N; k++) {
            R->col[k] = -1;
            for (size_t i = 0; i < rec->nfields; i++)
                if (strcmp(rec->fields[i], pnames[k]) == 0)
                    R->col[k] = (int)i;
            if (R->col[k] < 0) {
                ak_diags_addf(R->d, AK_SEV_FATAL, "compare", R->pn->path,
                              rec->line, 0, "kolonnen '%s' mangler",
                              pnames[k]);
                R->st = AK_ERR_INPUT;
                return 1;
            }
        }
        return 0;
    }
    const char *f[P_N];
    for (int k = 0; k < P_N; k++)
        f[k] = (size_t)R->col[k] < rec->nfields ? rec->fields[R->col[k]] : "";
    ak_panel *pn = R->pn;
    if (!R->p) {   /* the units */
        if (pn->n && strcmp(pn->units[pn->n - 1], f[P_UNIT]) == 0)
            return 0;
        if (pn->n == pn->cap) {
            size_t nc = pn->cap ? 2 * pn->cap : 128;
            char **nu = ak_reallocarray(pn->units, nc, sizeof *nu);
            if (!nu) {
                R->st = AK_ERR_NOMEM;
                return 1;
            }
            pn->units = nu;
            pn->cap = nc;
        }
        if (!(pn->units[pn->n] = ak_strdup(f[P_UNIT]))) {
            R->st = AK_ERR_NOMEM;
            return 1;
        }
        pn->n++;
        return 0;
    }
    long u = unit_index(pn, f[P_UNIT]);
    if (u < 0 || !pn->both[u])
        return 0;
    pcell *pc = find(R->p, f[P_TABLE], f[P_KEY], f[P_COLUMN], f[P_MEASURE]);
    if (!pc)
        return 0;   /* a row last year did not print, an untidy table */
    int64_t num, den = 0;
    int pl, pd;
    if (parse_fixed(f[P_NUM], &num, &pl) != 0 ||
        (*f[P_DEN] && parse_fixed(f[P_DEN], &den, &pd) != 0)) {
        ak_diags_addf(R->d, AK_SEV_FATAL, "compare", pn->path, rec->line, 0,
                      "tallene '%s' og '%s' kan ikke læses", f[P_NUM],
                      f[P_DEN]);
        R->st = AK_ERR_INPUT;
        return 1;
    }
    size_t i = (size_t)(pc - R->p->v);
    R->num[i] += num;   /* in hundredths (parse_fixed) */
    R->den[i] += den;
    return 0;
}

void ak_panel_free(ak_panel *pn)
{
    if (!pn)
        return;
    for (size_t i = 0; i < pn->n; i++)
        ak_free(pn->units[i]);
    ak_free(pn->units);
    ak_free((void *)pn->both);
    ak_free(pn->path);
    ak_free(pn);
}

ak_status ak_panel_load(const char *dir, const ak_prev *p, ak_panel **out,
                        ak_diags *d)
{
    *out = NULL;
    ak_panel *pn = ak_calloc(1, sizeof *pn);
    if (pn)
        pn->path = ak_asprintf("%s/panel-%d.csv", dir, p->year);
    if (!pn || !pn->path) {
        ak_panel_free(pn);
        return AK_ERR_NOMEM;
    }
    FILE *f = fopen(pn->path, "rb");
    if (!f) {
        ak_diags_addf(d, AK_SEV_FATAL, "compare", pn->path, 0, 0,
                      "filen findes ikke; --panel kræver sidste års "
                      "optegnelse pr. kommune (panel-ÅR.csv), som "
                      "rapporter skriver fra denne version af ankestat; "
                      "kør sidste års data igen");
        ak_panel_free(pn);
        return AK_ERR_INPUT;
    }
    fclose(f);
    panelread R = {pn, NULL, NULL, NULL, {0}, d, AK_OK};
    ak_status st = ak_csv_read_file(pn->path, NULL, panel_record, &R, d);
    if (st == AK_OK)
        st = R.st;
    if (st == AK_OK) {
        qsort(pn->units, pn->n, sizeof *pn->units, str_cmp);
        size_t w = 0;
        for (size_t i = 0; i < pn->n; i++) {
            if (w && strcmp(pn->units[w - 1], pn->units[i]) == 0)
                ak_free(pn->units[i]);
            else
                pn->units[w++] = pn->units[i];
        }
        pn->n = w;
        pn->both = ak_calloc(pn->n + 1, 1);
        if (!pn->both)
            st = AK_ERR_NOMEM;
    }
    if (st != AK_OK) {
        ak_panel_free(pn);
        return st == AK_ERR_IO ? AK_ERR_INPUT : st;
    }
    *out = pn;
    return AK_OK;
}

int ak_panel_mark(ak_panel *pn, const char *unit)
{
    long i = unit ? unit_index(pn, unit) : -1;
    if (i < 0)
        return 0;
    atomic_store_explicit(&pn->both[i], 1, memory_order_relaxed);
    return 1;
}

size_t ak_panel_count(const ak_panel *pn)
{
    size_t k = 0;
    for (size_t i = 0; pn && i < pn->n; i++)
        k += pn->both[i];
    return k;
}

/* A copy of p (cells and order); NULL when out of memory. */
static ak_prev *prev_copy(const ak_prev *p)
{
    ak_prev *c = ak_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->year = p->year;
    c->v = ak_calloc(p->n + 1, sizeof *c->v);
    c->ord = ak_calloc(p->n + 1, sizeof *c->ord);
    if (!c->v || !c->ord) {
        ak_prev_free(c);
        return NULL;
    }
    for (size_t i = 0; i < p->n; i++) {
        c->n = i + 1;   /* what ak_prev_free() frees */
        for (int k = 0; k < F_N; k++)
            if (!(c->v[i].f[k] = ak_strdup(p->v[i].f[k]))) {
                ak_prev_free(c);
                return NULL;
            }
    }
    c->n = c->cap = p->n;
    memcpy(c->ord, p->ord, p->n * sizeof *c->ord);
    memcpy(c->col, p->col, sizeof c->col);
    return c;
}

/* Replace every value of p by the sums over the marked units of pn. */
static ak_status use_panel(ak_prev *p, const ak_panel *pn, ak_diags *d)
{
    panelread R = {(ak_panel *)pn, p, ak_calloc(p->n + 1, sizeof *R.num),
                   ak_calloc(p->n + 1, sizeof *R.den), {0}, d, AK_OK};
    ak_status st = R.num && R.den ? AK_OK : AK_ERR_NOMEM;
    if (st == AK_OK)
        st = ak_csv_read_file(pn->path, NULL, panel_record, &R, d);
    if (st == AK_OK)
        st = R.st;
    for (size_t i = 0; st == AK_OK && i < p->n; i++) {
        pcell *c = &p->v[i];
        const char *mk = c->f[F_MEASURE];
        ak_measure m = AK_M_ANTAL;
        for (int k = 0; k <= AK_M_SUM; k++)
            if (strcmp(ak_measure_key((ak_measure)k), mk) == 0)
                m = (ak_measure)k;
        /* the sums are in hundredths: back to the contributions' units
         * (whole, or tenths for a mean's and a sum's values) */
        int tenths_in = m == AK_M_GENNEMSNIT || m == AK_M_SUM;
        int64_t num = tenths_in ? R.num[i] / 10 : R.num[i] / 100;
        int64_t den = R.den[i] / 100;
        int tenths = m == AK_M_SUM && strchr(c->f[F_VALUE], '.') != NULL;
        int64_t v;
        char buf[48] = "";
        if (ak_tab_cell_value(m, tenths, num, den, &v)) {
            int pl = m == AK_M_GENNEMSNIT ? 2 : tenths ? 1 : 0;
            ak_fmt_fixed(buf, sizeof buf, v, pl, pl, '.', '\0');
        }
        char *nv = ak_strdup(buf);
        if (!nv) {
            st = AK_ERR_NOMEM;
            break;
        }
        ak_free(c->f[F_VALUE]);
        c->f[F_VALUE] = nv;
    }
    ak_free(R.num);
    ak_free(R.den);
    return st == AK_ERR_IO ? AK_ERR_INPUT : st;
}

ak_status ak_prev_panel(const ak_prev *p, const ak_panel *pn, ak_prev **out,
                        ak_diags *d)
{
    *out = NULL;
    ak_prev *c = prev_copy(p);
    if (!c)
        return AK_ERR_NOMEM;
    ak_status st = use_panel(c, pn, d);
    if (st != AK_OK) {
        ak_prev_free(c);
        return st;
    }
    *out = c;
    return AK_OK;
}
