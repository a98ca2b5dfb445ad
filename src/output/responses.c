/*
 * Who answered (output "besvarelser", a row output): every unit of the
 * register with whether it answered, the response rate by region, and,
 * with compare=DIR, who is new and who is gone since last year.
 *
 *   besvarelser-YEAR.csv   kommunenr,kommune,region,besvaret   (ja / nej),
 *                          every unit of the register in its order; next
 *                          year's --compare reads it back
 *   svarprocent-YEAR.csv   region,kommuner,besvaret,svarprocent,
 *                          ikke_besvaret (the names, "; " between), one
 *                          line per region in register order, then
 *                          "Hele landet"
 *   besvarelser-sammenligning.csv   (with compare=DIR)
 *                          kommunenr,kommune,region,besvaret_LAST,
 *                          besvaret_THIS,status (begge år / ny / faldet
 *                          fra / ingen af årene)
 *
 * Without a register (a respondent number that need only be unique) only
 * besvarelser-YEAR.csv is written, listing the respondents.  The percent
 * is whole, half up, integer arithmetic.
 */
#include "outputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ak_compare.h"
#include "ak_csv.h"
#include "ak_mem.h"
#include "ak_render.h"

typedef struct unit {
    const char *id, *name, *region;   /* borrowed from the register */
    int now;                          /* answered this year */
    int last;                         /* answered last year (-1: unknown,
                                         not in last year's file) */
} unit;

typedef struct ctx {
    const ak_report *r;
    ak_outdir *o;
    ak_diags *d;
    unit *u;
    size_t nu;
    size_t *byid;          /* indices of u sorted by id */
    FILE *lf;              /* without a register: besvarelser-YEAR.csv,
                              written row by row (the respondents' ids
                              are not kept) */
    char *lname;
    int lf_bad;            /* a row's line failed: its AK_ERR_IO not yet
                              reported */
    int last_year;         /* with compare: last year's, else 0 */
} ctx;

static const unit *sort_units;

static int byid_cmp(const void *a, const void *b)
{
    return strcmp(sort_units[*(const size_t *)a].id,
                  sort_units[*(const size_t *)b].id);
}

static unit *find_unit(ctx *c, const char *id)
{
    size_t lo = 0, hi = c->nu;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int k = strcmp(c->u[c->byid[mid]].id, id);
        if (k == 0)
            return &c->u[c->byid[mid]];
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Fill c (zeroed) with the register's units; AK_ERR_NOMEM. */
static ak_status ctx_init(ctx *c, const ak_report *r, ak_outdir *o,
                          ak_diags *d)
{
    c->r = r;
    c->o = o;
    c->d = d;
    c->nu = r->reg ? ak_register_count(r->reg) : 0;
    c->u = ak_calloc(c->nu + 1, sizeof *c->u);
    c->byid = ak_calloc(c->nu + 1, sizeof *c->byid);
    if (!c->u || !c->byid)
        return AK_ERR_NOMEM;
    for (size_t i = 0; i < c->nu; i++) {
        c->u[i].id = ak_register_id_at(r->reg, i);
        c->u[i].name = ak_register_name_at(r->reg, i);
        c->u[i].region = ak_register_region_at(r->reg, i);
        c->u[i].last = -1;
        c->byid[i] = i;
    }
    sort_units = c->u;
    qsort(c->byid, c->nu, sizeof *c->byid, byid_cmp);
    sort_units = NULL;
    return AK_OK;
}

/* Free what c holds (not c). */
static void ctx_clear(ctx *c)
{
    if (c->lf)
        fclose(c->lf);
    ak_free(c->lname);
    ak_free(c->u);
    ak_free(c->byid);
}

static void put(FILE *f, const char *s);

static ak_status resp_begin(void **out, const ak_report *r, long nrows,
                            ak_outdir *o, ak_diags *d)
{
    (void)nrows;
    ctx *c = ak_calloc(1, sizeof *c);
    *out = c;
    ak_status st = c ? ctx_init(c, r, o, d) : AK_ERR_NOMEM;
    if (st != AK_OK || r->reg)
        return st;
    /* no register: the list is the respondents, in input order */
    c->lname = ak_asprintf("besvarelser-%d.csv", r->year);
    char *path = c->lname ? ak_outdir_path(o, c->lname) : NULL;
    if (!path)
        return AK_ERR_NOMEM;
    c->lf = fopen(path, "wb");
    ak_free(path);
    if (!c->lf)
        return ak_output_io_error(o, c->lname, errno, d);
    fputs("kommunenr,kommune,region,besvaret\n", c->lf);
    return AK_OK;
}

/* Note that the unit of row answered: mark it in the register, or (none)
 * write its line. */
static ak_status resp_row(void *vc, const ak_row *row)
{
    ctx *c = vc;
    const ak_value *v = &row->v[c->r->cb->id_var];
    const char *id = v->raw ? v->raw : "";
    if (c->r->reg) {
        unit *u = find_unit(c, id);
        if (u)
            u->now = 1;   /* validation made sure every id is registered */
        return AK_OK;
    }
    put(c->lf, id);
    fputs(",,,ja\n", c->lf);
    if (ferror(c->lf)) {
        c->lf_bad = 1;
        return AK_ERR_IO;
    }
    return AK_OK;
}

static void put(FILE *f, const char *s)
{
    ak_render_csv_field(f, s ? s : "", ',');
}

static ak_status w_list(const void *ud, FILE *f)
{
    const ctx *c = ud;
    fputs("kommunenr,kommune,region,besvaret\n", f);
    for (size_t i = 0; i < c->nu; i++) {
        put(f, c->u[i].id);
        fputc(',', f);
        put(f, c->u[i].name);
        fputc(',', f);
        put(f, c->u[i].region);
        fputs(c->u[i].now ? ",ja\n" : ",nej\n", f);
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

/* One line of svarprocent: units of region reg (NULL: all).  -1 on OOM. */
static int rate_line(FILE *f, const ctx *c, const char *reg,
                      const char *shown)
{
    long n = 0, yes = 0;
    for (size_t i = 0; i < c->nu; i++)
        if (!reg || strcmp(c->u[i].region, reg) == 0) {
            n++;
            yes += c->u[i].now;
        }
    put(f, shown);
    fprintf(f, ",%ld,%ld,", n, yes);
    if (n > 0)
        fprintf(f, "%ld", (200 * yes + n) / (2 * n));
    fputc(',', f);
    /* the names of those that did not answer */
    size_t len = 1;
    for (size_t i = 0; i < c->nu; i++)
        if ((!reg || strcmp(c->u[i].region, reg) == 0) && !c->u[i].now)
            len += strlen(c->u[i].name ? c->u[i].name : c->u[i].id) + 2;
    char *names = ak_malloc(len);
    if (names) {
        names[0] = '\0';
        char *w = names;
        for (size_t i = 0; i < c->nu; i++)
            if ((!reg || strcmp(c->u[i].region, reg) == 0) && !c->u[i].now) {
                const char *s = c->u[i].name ? c->u[i].name : c->u[i].id;
                if (w != names) {
                    memcpy(w, "; ", 2);
                    w += 2;
                }
                size_t l = strlen(s);
                memcpy(w, s, l + 1);
                w += l;
            }
        put(f, names);
        ak_free(names);
    } else {
        return -1;
    }
    fputc('\n', f);
    return 0;
}

static ak_status w_rates(const void *ud, FILE *f)
{
    const ctx *c = ud;
    fputs("region,kommuner,besvaret,svarprocent,ikke_besvaret\n", f);
    for (size_t i = 0; i < c->nu; i++) {
        int first = 1;
        for (size_t k = 0; first && k < i; k++)
            first = strcmp(c->u[k].region, c->u[i].region) != 0;
        if (first && c->u[i].region[0] &&
            rate_line(f, c, c->u[i].region, c->u[i].region) != 0)
            return AK_ERR_NOMEM;
    }
    if (rate_line(f, c, NULL, "Hele landet") != 0)
        return AK_ERR_NOMEM;
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

/* ---- last year's answers (compare) -------------------------------------- */

typedef struct lastload {
    ctx *c;
    int col_id, col_ans;
    const char *path;
    ak_status st;
} lastload;

static int last_record(const ak_record *rec, void *ud)
{
    lastload *L = ud;
    if (rec->index == 0) {
        L->col_id = L->col_ans = -1;
        for (size_t i = 0; i < rec->nfields; i++) {
            if (strcmp(rec->fields[i], "kommunenr") == 0)
                L->col_id = (int)i;
            if (strcmp(rec->fields[i], "besvaret") == 0)
                L->col_ans = (int)i;
        }
        if (L->col_id < 0 || L->col_ans < 0) {
            ak_diags_addf(L->c->d, AK_SEV_FATAL, "compare", L->path, rec->line,
                          0, "kolonnerne 'kommunenr' og 'besvaret' mangler");
            L->st = AK_ERR_INPUT;
            return 1;
        }
        return 0;
    }
    if ((size_t)L->col_id >= rec->nfields || (size_t)L->col_ans >= rec->nfields)
        return 0;
    unit *u = find_unit(L->c, rec->fields[L->col_id]);
    if (u)
        u->last = strcmp(rec->fields[L->col_ans], "ja") == 0;
    /* a unit last year's register had and this year's not is left out:
     * this year's register decides who the population is */
    return 0;
}

static ak_status load_last(ctx *c, const char *dir)
{
    /* last year's tables.csv, read once by the CLI (AK_OUT_COMPARE),
     * names the year */
    if (!c->r->prev)
        return AK_ERR_INPUT;
    c->last_year = ak_prev_year(c->r->prev);
    ak_status st;
    char *path = ak_asprintf("%s/besvarelser-%d.csv", dir, c->last_year);
    if (!path)
        return AK_ERR_NOMEM;
    lastload L = {c, -1, -1, path, AK_OK};
    st = ak_csv_read_file(path, NULL, last_record, &L, c->d);
    if (st == AK_OK)
        st = L.st;
    ak_free(path);
    return st == AK_ERR_IO ? AK_ERR_INPUT : st;
}

static const char *status_word(const unit *u)
{
    if (u->last < 0)
        return u->now ? "ny i registret" : "ny i registret, ikke besvaret";
    if (u->last && u->now)
        return "begge år";
    if (u->now)
        return "ny";
    if (u->last)
        return "faldet fra";
    return "ingen af årene";
}

static ak_status w_both(const void *ud, FILE *f)
{
    const ctx *c = ud;
    fprintf(f, "kommunenr,kommune,region,besvaret_%d,besvaret_%d,status\n",
            c->last_year, c->r->year);
    for (size_t i = 0; i < c->nu; i++) {
        const unit *u = &c->u[i];
        put(f, u->id);
        fputc(',', f);
        put(f, u->name);
        fputc(',', f);
        put(f, u->region);
        fprintf(f, ",%s,%s,", u->last < 0 ? "" : u->last ? "ja" : "nej",
                u->now ? "ja" : "nej");
        put(f, status_word(u));
        fputc('\n', f);
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status resp_end(void *vc, ak_status st)
{
    ctx *c = vc;
    if (c && c->lf) {
        int err = 0;
        if (fflush(c->lf) != 0 || ferror(c->lf))
            err = errno ? errno : EIO;
        if (fclose(c->lf) != 0 && !err)
            err = errno ? errno : EIO;
        c->lf = NULL;
        if (st == AK_ERR_IO && c->lf_bad)
            st = AK_OK;     /* the stream's error: reported here */
        if (c->lf_bad && !err)
            err = EIO;
        if (st == AK_OK && err)
            st = ak_output_io_error(c->o, c->lname, err, c->d);
    } else if (c && st == AK_OK) {
        char *name = ak_asprintf("besvarelser-%d.csv", c->r->year);
        st = name ? ak_output_write_file(c->o, name, w_list, c, c->d)
                  : AK_ERR_NOMEM;
        ak_free(name);
        if (st == AK_OK && c->r->reg) {
            name = ak_asprintf("svarprocent-%d.csv", c->r->year);
            st = name ? ak_output_write_file(c->o, name, w_rates, c, c->d)
                      : AK_ERR_NOMEM;
            ak_free(name);
        }
        const char *dir = ak_report_opt(c->r, "compare");
        if (st == AK_OK && dir && c->r->reg) {
            st = load_last(c, dir);
            if (st == AK_OK)
                st = ak_output_write_file(c->o, "besvarelser-sammenligning.csv",
                                          w_both, c, c->d);
        }
    }
    if (c)
        ctx_clear(c);
    ak_free(c);
    return st;
}

const ak_output ak_output_responses = {
    "besvarelser", "besvarelser-ÅR.csv, svarprocent-ÅR.csv: hvem har svaret, "
    "svarprocent pr. region (med --compare: nye og faldet fra)",
    AK_OUT_DEFAULT | AK_OUT_ROWS | AK_OUT_COMPARE, NULL, resp_begin, resp_row,
    resp_end};

/* ---- what is still missing: opfoelgning-YEAR.csv ------------------------ */

/*
 * Output "opfoelgning" (a row output): one line per thing the ministry can
 * ask a municipality to fill in or correct, in input order, then one line
 * per registered municipality that did not answer at all:
 *
 *   kommunenr,kommune,region,spoergsmaal,problem,vaerdi
 *
 * problem is one of
 *   ikke besvaret             an asked question left blank (Uoplyst); an
 *                             asked checkbox block left entirely empty is
 *                             one line ("3.1a-3.1d"); free-text remarks
 *                             left blank are not listed (no table counts
 *                             them)
 *   ugyldigt svar             a value that breaks its type (counted as
 *                             Uoplyst); vaerdi is the value given
 *   svar uden for filteret    an answer where the routing did not ask
 *                             (ignored); vaerdi the value, except free
 *                             text, which is never copied
 *   the check's message       a cross-field check that failed (from the
 *                             validation's diagnostics)
 *   har ikke indberettet      the municipality did not answer
 * The states are the validated ones, so these are exactly the cells the
 * tables count as Uoplyst or leave out.
 */

struct ak_followup {
    ctx base;              /* the units, for names, regions, who answered */
    ak_followup_fn fn;
    void *ud;
    ak_diags_iter *it;     /* the diagnostics in input order (check rule) */
    const ak_diag *pend;   /* read from it, a later row's */
    ak_status st;          /* the first status fn returned other than OK */
};

const char *const ak_followup_head[AK_FOLLOWUP_NF] = {
    "kommunenr", "kommune", "region", "spoergsmaal", "problem", "vaerdi"};

static int is_question(ak_type t)
{
    return t == AK_T_YESNO || t == AK_T_CHECKBOX || t == AK_T_COUNT ||
           t == AK_T_DECIMAL || t == AK_T_TEXT;
}

ak_status ak_followup_new(const ak_report *r, ak_outdir *o, ak_diags *d,
                          ak_followup_fn fn, void *ud, ak_followup **out)
{
    ak_followup *c = ak_calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return AK_ERR_NOMEM;
    c->fn = fn;
    c->ud = ud;
    c->it = ak_diags_iter_new(r->problems, AK_DIAGS_INPUT);
    if (!c->it)
        return AK_ERR_NOMEM;
    return ctx_init(&c->base, r, o, d);
}

static void fu_line(ak_followup *c, const char *id, const unit *u,
                    const char *question, const char *problem,
                    const char *value)
{
    const char *f[AK_FOLLOWUP_NF] = {
        id ? id : "", u && u->name ? u->name : "",
        u && u->region ? u->region : "", question ? question : "",
        problem ? problem : "", value ? value : ""};
    if (c->st == AK_OK)
        c->st = c->fn(f, c->ud);
}

ak_status ak_followup_row(ak_followup *c, const ak_row *row)
{
    const ak_report *r = c->base.r;
    const ak_codebook *cb = r->cb;
    /* only the register's units are marked (who did not answer): the
     * respondents' ids are not kept, so memory does not grow with rows */
    const char *id = row->v[cb->id_var].raw ? row->v[cb->id_var].raw : "";
    unit *u = r->reg ? find_unit(&c->base, id) : NULL;
    if (u)
        u->now = 1;
    for (size_t i = 0; i < cb->nvars; i++) {
        const ak_var *var = &cb->vars[i];
        const ak_value *x = &row->v[i];
        if (!is_question(var->type))
            continue;
        if (x->state == AK_UOPLYST && var->block != AK_NO_VAR) {
            const ak_block *b = &cb->blocks[var->block];
            if (b->vars[0] != i)
                continue;   /* the block is one line, at its first box */
            int empty = 1;
            for (size_t k = 0; k < b->nvars; k++)
                empty &= row->v[b->vars[k]].state == AK_UOPLYST;
            char *q = ak_asprintf("%s-%s", var->question,
                                  cb->vars[b->vars[b->nvars - 1]].question);
            if (!q)
                return AK_ERR_NOMEM;
            if (empty)
                fu_line(c, id, u, q, "ikke besvaret (intet felt markeret)", "");
            ak_free(q);
        } else if (x->state == AK_UOPLYST && var->type != AK_T_TEXT) {
            /* a free-text remark left blank is not missing data: no
             * table counts it */
            fu_line(c, id, u, var->question, "ikke besvaret", "");
        } else if (x->state == AK_INVALID) {
            fu_line(c, id, u, var->question,
                    "ugyldigt svar (talt som Uoplyst)", x->raw);
        } else if (x->state == AK_NOT_ASKED && x->rawlen > 0) {
            fu_line(c, id, u, var->question,
                    "svar på et spørgsmål, filteret sprang over (ignoreret)",
                    var->type == AK_T_TEXT ? "(fritekst, ikke gengivet)"
                                           : x->raw);
        }
    }
    /* failed cross-field checks: the diagnostics are in row order */
    for (;;) {
        const ak_diag *g = c->pend ? c->pend : ak_diags_next(c->it, NULL);
        c->pend = NULL;
        if (!g)
            break;
        if (!g->rule || strcmp(g->rule, "check") != 0 || !g->unit)
            continue;
        if (strcmp(g->unit, id) != 0) {
            c->pend = g;   /* a later row's */
            break;
        }
        fu_line(c, id, u, g->question, g->message, g->value);
    }
    if (ak_diags_iter_failed(c->it) && c->st == AK_OK)
        c->st = AK_ERR_NOMEM;
    return c->st;
}

ak_status ak_followup_finish(ak_followup *c)
{
    for (size_t i = 0; i < c->base.nu; i++)
        if (!c->base.u[i].now)
            fu_line(c, c->base.u[i].id, &c->base.u[i], "",
                    "har ikke indberettet", "");
    return c->st;
}

void ak_followup_free(ak_followup *c)
{
    if (!c)
        return;
    ctx_clear(&c->base);
    ak_diags_iter_free(c->it);
    ak_free(c);
}

/* ---- opfoelgning-YEAR.csv ---------------------------------------------- */

typedef struct fctx {
    ak_followup *fu;
    FILE *f;
    char *name;            /* file name in the set */
    ak_outdir *o;
    ak_diags *d;
} fctx;

static ak_status fu_csv_line(const char *const fl[AK_FOLLOWUP_NF], void *ud)
{
    FILE *f = ud;
    for (int i = 0; i < AK_FOLLOWUP_NF; i++) {
        if (i)
            fputc(',', f);
        put(f, fl[i]);
    }
    fputc('\n', f);
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status fu_begin(void **out, const ak_report *r, long nrows,
                          ak_outdir *o, ak_diags *d)
{
    fctx *c = ak_calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return AK_ERR_NOMEM;
    (void)nrows;
    c->o = o;
    c->d = d;
    c->name = ak_asprintf("opfoelgning-%d.csv", r->year);
    char *path = c->name ? ak_outdir_path(o, c->name) : NULL;
    if (!path)
        return AK_ERR_NOMEM;
    c->f = fopen(path, "wb");
    ak_free(path);
    if (!c->f)
        return ak_output_io_error(o, c->name, errno, d);
    for (int i = 0; i < AK_FOLLOWUP_NF; i++) {
        if (i)
            fputc(',', c->f);
        fputs(ak_followup_head[i], c->f);
    }
    fputc('\n', c->f);
    return ak_followup_new(r, o, d, fu_csv_line, c->f, &c->fu);
}

static ak_status fu_row(void *vc, const ak_row *row)
{
    fctx *c = vc;
    ak_status st = ak_followup_row(c->fu, row);
    return st == AK_OK && ferror(c->f) ? AK_ERR_IO : st;
}

static ak_status fu_end(void *vc, ak_status st)
{
    fctx *c = vc;
    if (!c)
        return st;
    if (c->f) {
        if (st == AK_OK && c->fu) {
            st = ak_followup_finish(c->fu);
            if (st == AK_ERR_IO)
                st = AK_OK;     /* the stream's error: reported below */
        }
        int err = 0;
        if (fflush(c->f) != 0 || ferror(c->f))
            err = errno ? errno : EIO;
        if (fclose(c->f) != 0 && !err)
            err = errno ? errno : EIO;
        if (st == AK_OK && err)
            st = ak_output_io_error(c->o, c->name, err, c->d);
    }
    ak_followup_free(c->fu);
    ak_free(c->name);
    ak_free(c);
    return st;
}

const ak_output ak_output_followup = {
    "opfoelgning", "opfoelgning-ÅR.csv: pr. kommune de spørgsmål, der mangler "
    "svar, ugyldige svar og svar uden for filteret",
    AK_OUT_DEFAULT | AK_OUT_ROWS, NULL, fu_begin, fu_row, fu_end};
