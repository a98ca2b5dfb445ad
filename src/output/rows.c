/*
 * The respondent-level dataset, independent of file formats; see
 * include/ak_rows.h.
 */
#include "ak_rows.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ak_expr.h"
#include "ak_mem.h"
#include "ak_template.h"

struct ak_rows {
    const ak_codebook *cb;
    const ak_register *reg;
    ak_rows_var *vars;
    size_t nvars;
    int frame;
    int note_renames;
    ak_rows_vlabel *id_labels;     /* numeric id: one per register unit */
    ak_rows_vlabel *region_labels; /* one per distinct region */
    char **region_names;
    size_t nregions;
    long *region_code;             /* per register unit; 0 = none */
};

struct ak_rows_cursor {
    const ak_rows *p;
    unsigned char *seen;           /* per register unit (frame) */
    size_t next;
};

static const ak_rows_vlabel yesno_labels[] = {{1, "Ja"}, {2, "Nej"}};
static const ak_rows_vlabel checkbox_labels[] = {{1, "Markeret"},
                                                 {0, "Ikke markeret"}};
static const ak_rows_vlabel responded_labels[] = {{1, "Ja"}, {0, "Nej"}};

const ak_state ak_rows_coded_states[AK_ROWS_NCODES] = {
    AK_UOPLYST, AK_NOT_ASKED, AK_INVALID};

long ak_rows_code(ak_state s)
{
    return s == AK_UOPLYST ? -9 : s == AK_NOT_ASKED ? -8 : -7;
}

char ak_rows_tag(ak_state s)
{
    return s == AK_UOPLYST ? 'a' : s == AK_NOT_ASKED ? 'b' : 'c';
}

const char *ak_rows_code_label(ak_state s)
{
    return s == AK_UOPLYST ? "Uoplyst"
         : s == AK_NOT_ASKED ? "Ikke spurgt" : "Ugyldigt svar";
}

size_t ak_rows_fit(const char *s, size_t max_bytes, size_t max_chars,
                   int *cut)
{
    size_t n = strlen(s), at = 0, chars = 0;
    *cut = 0;
    while (at < n) {
        size_t next = at + 1;
        while (next < n && ((unsigned char)s[next] & 0xC0) == 0x80)
            next++;
        if ((max_bytes && next > max_bytes) || (max_chars && chars == max_chars)) {
            *cut = 1;
            return at;
        }
        at = next;
        chars++;
    }
    return n;
}

int ak_rows_note_cut(ak_diags *d, const char *shown, const char *question,
                     const char *unit, const char *what, const char *limit)
{
    ak_diag dg = {0};
    dg.sev = AK_SEV_NOTE;
    dg.rule = "output";
    dg.file = (char *)shown;
    dg.unit = (char *)unit;
    dg.question = (char *)question;
    char *msg = ak_asprintf("%s er forkortet til %s (formatets grænse; "
                            "hele teksten står i kodebogen)", what, limit);
    if (!msg)
        return -1;
    dg.message = msg;
    int rc = ak_diags_add(d, &dg);
    ak_free(msg);
    return rc;
}

/* ---- names ------------------------------------------------------------- */

static int reserved(const char *n)
{
    /* SPSS's reserved words and Stata's that start with a letter. */
    static const char *const words[] = {
        "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or",
        "to", "with", "byte", "double", "float", "if", "in", "int", "long",
        "strl", "using"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(n, words[i]) == 0)
            return 1;
    if (strncmp(n, "str", 3) == 0 && n[3]) {
        const char *c = n + 3;
        while (isdigit((unsigned char)*c))
            c++;
        return *c == '\0';
    }
    return 0;
}

static int name_taken(const ak_rows *p, const char *n)
{
    for (size_t i = 0; i < p->nvars; i++)
        if (strcmp(p->vars[i].name, n) == 0)
            return 1;
    return 0;
}

/* A name valid in both formats and unique in p, made from src.  Caller
 * owns; NULL when out of memory. */
static char *make_name(const ak_rows *p, const char *src)
{
    char base[AK_ROWS_NAME_MAX + 1];
    size_t n = 0;
    if (!isalpha((unsigned char)src[0]))
        base[n++] = 'v';
    for (const char *c = src; *c && n < AK_ROWS_NAME_MAX; c++)
        base[n++] = isalnum((unsigned char)*c) ? (char)tolower((unsigned char)*c) : '_';
    base[n] = '\0';
    if (reserved(base) && n < AK_ROWS_NAME_MAX) {
        base[n++] = '_';
        base[n] = '\0';
    }
    if (!name_taken(p, base))
        return ak_strdup(base);
    for (int k = 2;; k++) {
        char suf[16];
        snprintf(suf, sizeof suf, "_%d", k);
        size_t keep = n + strlen(suf) > AK_ROWS_NAME_MAX
                    ? AK_ROWS_NAME_MAX - strlen(suf) : n;
        char cand[AK_ROWS_NAME_MAX + 1];
        memcpy(cand, base, keep);
        strcpy(cand + keep, suf);
        if (!name_taken(p, cand))
            return ak_strdup(cand);
    }
}

/* ---- building ---------------------------------------------------------- */

static long long year_value(ak_tpl_ph ph, const char *key, size_t rowno,
                            void *ud)
{
    (void)key;
    (void)rowno;
    int year = *(const int *)ud;
    return ph == AK_PH_YEAR ? year : ph == AK_PH_PREV_YEAR ? year - 1 : 0;
}

static int numeric_ids(const ak_register *reg)
{
    size_t n = ak_register_count(reg);
    if (!reg || n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = ak_register_id_at(reg, i);
        size_t len = strlen(id);
        if (len == 0 || len > 9)
            return 0;
        for (size_t k = 0; k < len; k++)
            if (!isdigit((unsigned char)id[k]))
                return 0;
    }
    return 1;
}

/* Append a variable named after src; its other fields are set by the
 * caller.  A rename is a note into d when the plan notes renames.  NULL
 * when out of memory. */
static ak_rows_var *add_var(ak_rows *p, const char *src, const char *shown,
                            const char *question, ak_diags *d)
{
    ak_rows_var *v = &p->vars[p->nvars];
    memset(v, 0, sizeof *v);
    v->name = make_name(p, src);
    if (!v->name)
        return NULL;
    v->var = AK_NO_VAR;
    v->routing_src = "";
    v->question = question;
    p->nvars++;
    if (p->note_renames && strcmp(v->name, src) != 0
        && ak_diags_addf(d, AK_SEV_NOTE, "output", shown, 0, 0,
                         "variablen '%s' hedder '%s' i SPSS og Stata "
                         "(gyldigt navn i begge formater)", src, v->name) != 0)
        return NULL;
    return v;
}

static ak_status build(ak_rows *p, const ak_report *r, const char *shown,
                       ak_diags *d)
{
    const ak_codebook *cb = r->cb;
    int text = ak_report_opt(r, "free-text") != NULL;
    p->vars = ak_calloc(cb->nvars + 3, sizeof *p->vars);
    if (!p->vars)
        return AK_ERR_NOMEM;
    size_t nreg = ak_register_count(p->reg);

    /* The id, labelled with the register's names. */
    const ak_var *idv = &cb->vars[cb->id_var];
    ak_rows_var *v = add_var(p, idv->name, shown, idv->question, d);
    if (!v || !(v->label = ak_strdup(idv->question)))
        return AK_ERR_NOMEM;
    v->kind = AK_RV_ID;
    v->type = AK_T_ID;
    v->var = cb->id_var;
    v->source = idv->name;
    if (numeric_ids(p->reg)) {
        p->id_labels = ak_calloc(nreg, sizeof *p->id_labels);
        if (!p->id_labels)
            return AK_ERR_NOMEM;
        for (size_t i = 0; i < nreg; i++) {
            p->id_labels[i].code = strtol(ak_register_id_at(p->reg, i), NULL, 10);
            p->id_labels[i].label = ak_register_name_at(p->reg, i);
        }
        v->vlabels = p->id_labels;
        v->nvlabels = nreg;
        v->vlabel_set = v->name;
    } else {
        v->string = 1;
        v->width = 64;
        if (p->reg) {
            v->width = 1;
            for (size_t i = 0; i < nreg; i++) {
                size_t n = strlen(ak_register_id_at(p->reg, i));
                if (n > v->width)
                    v->width = n < AK_ROWS_TEXT_MAX ? n : AK_ROWS_TEXT_MAX;
            }
        }
    }

    /* The region, coded in order of first appearance. */
    if (nreg && *ak_register_region_at(p->reg, 0)) {
        p->region_code = ak_calloc(nreg, sizeof *p->region_code);
        p->region_labels = ak_calloc(nreg, sizeof *p->region_labels);
        p->region_names = ak_calloc(nreg, sizeof *p->region_names);
        if (!p->region_code || !p->region_labels || !p->region_names)
            return AK_ERR_NOMEM;
        for (size_t i = 0; i < nreg; i++) {
            const char *rg = ak_register_region_at(p->reg, i);
            if (!*rg)
                continue;
            size_t k = 0;
            while (k < p->nregions && strcmp(p->region_names[k], rg) != 0)
                k++;
            if (k == p->nregions) {
                p->region_names[k] = (char *)rg;
                p->region_labels[k].code = (long)k + 1;
                p->region_labels[k].label = rg;
                p->nregions++;
            }
            p->region_code[i] = (long)k + 1;
        }
        v = add_var(p, "region", shown, "Region", d);
        if (!v || !(v->label = ak_strdup("Region")))
            return AK_ERR_NOMEM;
        v->kind = AK_RV_REGION;
        v->vlabels = p->region_labels;
        v->nvlabels = p->nregions;
        v->vlabel_set = v->name;
    }

    if (p->frame) {
        v = add_var(p, "besvaret", shown, "Besvaret", d);
        if (!v || !(v->label = ak_strdup("Har besvaret skemaet")))
            return AK_ERR_NOMEM;
        v->kind = AK_RV_RESPONDED;
        v->vlabels = responded_labels;
        v->nvlabels = 2;
        v->vlabel_set = "besvaret";
    }

    for (size_t i = 0; i < cb->nvars; i++) {
        const ak_var *q = &cb->vars[i];
        int answer = q->type == AK_T_YESNO || q->type == AK_T_CHECKBOX
                  || q->type == AK_T_COUNT || q->type == AK_T_DECIMAL;
        if (!answer && !(text && q->type == AK_T_TEXT))
            continue;
        v = add_var(p, q->name, shown, q->question, d);
        if (!v)
            return AK_ERR_NOMEM;
        int year = r->year;
        char *lab = ak_tpl_expand(q->label, year_value, &year);
        v->label = lab ? ak_asprintf("[%s] %s", q->question, lab) : NULL;
        ak_free(lab);
        if (!v->label)
            return AK_ERR_NOMEM;
        v->kind = answer ? AK_RV_ANSWER : AK_RV_TEXT;
        v->type = q->type;
        v->var = i;
        v->source = q->name;
        v->routing_src = q->asked_if_src ? q->asked_if_src : "";
        char words[2048] = "";
        if (q->asked_if)
            ak_expr_describe(q->asked_if, cb, words, sizeof words);
        if (!(v->routing_words = ak_strdup(words)))
            return AK_ERR_NOMEM;
        if (!answer) {
            v->string = 1;
            v->width = AK_ROWS_TEXT_MAX;
            continue;
        }
        v->missing_codes = 1;
        v->decimals = q->type == AK_T_DECIMAL;
        if (q->type == AK_T_YESNO) {
            v->vlabels = yesno_labels;
            v->nvlabels = 2;
            v->vlabel_set = "janej";
        } else if (q->type == AK_T_CHECKBOX) {
            v->vlabels = checkbox_labels;
            v->nvlabels = 2;
            v->vlabel_set = "markering";
        } else {
            v->vlabel_set = "manglende";
        }
    }
    for (size_t i = 0; i < p->nvars; i++)
        if (!p->vars[i].routing_words
            && !(p->vars[i].routing_words = ak_strdup("")))
            return AK_ERR_NOMEM;
    return AK_OK;
}

ak_status ak_rows_new(const ak_report *r, const char *shown, int note_renames,
                      ak_rows **out, ak_diags *d)
{
    *out = NULL;
    ak_rows *p = ak_calloc(1, sizeof *p);
    if (!p)
        return AK_ERR_NOMEM;
    p->cb = r->cb;
    p->reg = r->reg;
    p->frame = ak_report_opt(r, "frame") != NULL;
    p->note_renames = note_renames;
    if (p->frame && !p->reg) {
        ak_free(p);
        return ak_diags_addf(d, AK_SEV_FATAL, "output", shown, 0, 0,
                             "tilvalget 'frame' kræver et register over "
                             "enhederne") != 0 ? AK_ERR_NOMEM : AK_ERR_USAGE;
    }
    ak_status st = build(p, r, shown, d);
    if (st != AK_OK) {
        ak_rows_free(p);
        return st;
    }
    *out = p;
    return AK_OK;
}

void ak_rows_free(ak_rows *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nvars; i++) {
        ak_free(p->vars[i].name);
        ak_free(p->vars[i].label);
        ak_free(p->vars[i].routing_words);
    }
    ak_free(p->vars);
    ak_free(p->id_labels);
    ak_free(p->region_labels);
    ak_free(p->region_names);
    ak_free(p->region_code);
    ak_free(p);
}

size_t ak_rows_nvars(const ak_rows *p)
{
    return p->nvars;
}

const ak_rows_var *ak_rows_var_at(const ak_rows *p, size_t i)
{
    return &p->vars[i];
}

long ak_rows_count(const ak_rows *p, long nrows)
{
    return p->frame ? (long)ak_register_count(p->reg) : nrows;
}

int ak_rows_frame(const ak_rows *p)
{
    return p->frame;
}

/* ---- cells ------------------------------------------------------------- */

static void text_cell(ak_rcell *c, const char *s, size_t max)
{
    c->kind = AK_CELL_TEXT;
    c->text = s;
    c->len = ak_rows_fit(s, max, 0, &c->cut);
}

void ak_rows_cell(const ak_rows *p, const ak_rows_unit *u, size_t i,
                  ak_rcell *c)
{
    const ak_rows_var *v = &p->vars[i];
    memset(c, 0, sizeof *c);
    c->kind = AK_CELL_EMPTY;
    switch (v->kind) {
    case AK_RV_ID: {
        const char *id = u->row ? u->row->v[v->var].raw
                       : ak_register_id_at(p->reg, u->reg);
        if (v->string) {
            text_cell(c, id, v->width);
        } else {
            c->kind = AK_CELL_NUM;
            c->tenths = (int64_t)strtol(id, NULL, 10) * 10;
        }
        break;
    }
    case AK_RV_REGION:
        if (u->reg != AK_NO_VAR && p->region_code[u->reg]) {
            c->kind = AK_CELL_NUM;
            c->tenths = p->region_code[u->reg] * 10;
        }
        break;
    case AK_RV_RESPONDED:
        c->kind = AK_CELL_NUM;
        c->tenths = u->row ? 10 : 0;
        break;
    case AK_RV_ANSWER: {
        if (!u->row)
            break;
        const ak_value *x = &u->row->v[v->var];
        if (x->state == AK_ANSWERED) {
            c->kind = AK_CELL_NUM;
            c->tenths = x->num;
        } else {
            c->kind = AK_CELL_CODE;
            c->state = x->state;
        }
        break;
    }
    case AK_RV_TEXT:
        if (u->row && u->row->v[v->var].state == AK_ANSWERED)
            text_cell(c, u->row->v[v->var].raw, v->width);
        break;
    }
}

/* ---- cursor ------------------------------------------------------------ */

ak_rows_cursor *ak_rows_cursor_new(const ak_rows *p)
{
    ak_rows_cursor *c = ak_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->p = p;
    size_t n = ak_register_count(p->reg);
    if (n && !(c->seen = ak_calloc(n, 1))) {
        ak_free(c);
        return NULL;
    }
    return c;
}

void ak_rows_cursor_free(ak_rows_cursor *c)
{
    if (!c)
        return;
    ak_free(c->seen);
    ak_free(c);
}

void ak_rows_cursor_row(ak_rows_cursor *c, const ak_row *row,
                        ak_rows_unit *u)
{
    u->row = row;
    u->reg = ak_register_index(c->p->reg,
                               row->v[c->p->cb->id_var].raw);
    if (u->reg != AK_NO_VAR && c->seen)
        c->seen[u->reg] = 1;
}

int ak_rows_cursor_rest(ak_rows_cursor *c, ak_rows_unit *u)
{
    if (!c->p->frame)
        return 0;
    size_t n = ak_register_count(c->p->reg);
    while (c->next < n && c->seen[c->next])
        c->next++;
    if (c->next >= n)
        return 0;
    u->row = NULL;
    u->reg = c->next++;
    return 1;
}

/* ---- one file of the rows ---------------------------------------------- */

ak_status ak_rows_file_open(ak_rows_file *rf, const ak_report *r, char *name,
                            ak_outdir *o, ak_diags *d, ak_rows_unit_fn unit,
                            void *ctx)
{
    memset(rf, 0, sizeof *rf);
    rf->o = o;
    rf->d = d;
    rf->name = name;
    rf->unit = unit;
    rf->ctx = ctx;
    rf->shown = name ? ak_outdir_shown(o, name) : NULL;
    rf->text = ak_malloc(AK_ROWS_TEXT_MAX + 65);
    if (!rf->shown || !rf->text)
        return AK_ERR_NOMEM;
    ak_status st = ak_rows_new(r, rf->shown, 0, &rf->plan, d);
    if (st != AK_OK)
        return st;
    rf->cur = ak_rows_cursor_new(rf->plan);
    char *path = rf->cur ? ak_outdir_path(o, name) : NULL;
    if (!path)
        return AK_ERR_NOMEM;
    errno = 0;
    rf->f = fopen(path, "wb");
    int err = errno;
    ak_free(path);
    return rf->f ? AK_OK : ak_output_io_error(o, name, err, d);
}

ak_status ak_rows_file_row(ak_rows_file *rf, const ak_row *row)
{
    ak_rows_unit u;
    ak_rows_cursor_row(rf->cur, row, &u);
    return rf->unit(rf->ctx, &u);
}

ak_status ak_rows_file_rest(ak_rows_file *rf, ak_status st)
{
    ak_rows_unit u;
    while (st == AK_OK && rf->f && ak_rows_cursor_rest(rf->cur, &u))
        st = rf->unit(rf->ctx, &u);
    return st;
}

ak_status ak_rows_file_close(ak_rows_file *rf, ak_status st)
{
    if (rf->f) {
        errno = 0;
        int bad = fflush(rf->f) != 0 || ferror(rf->f);
        int err = errno;
        if (fclose(rf->f) != 0 && !bad) {
            bad = 1;
            err = errno;
        }
        rf->f = NULL;
        if (bad && (st == AK_OK || (st == AK_ERR_IO && rf->io_unreported)))
            st = ak_output_io_error(rf->o, rf->name, err, rf->d);
    }
    ak_rows_cursor_free(rf->cur);
    ak_rows_free(rf->plan);
    ak_free(rf->text);
    ak_free(rf->shown);
    ak_free(rf->name);
    memset(rf, 0, sizeof *rf);
    return st;
}
