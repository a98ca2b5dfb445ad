/*
 * Loading the codebook, the cross-field checks and the respondent
 * register, and freeing them; see include/ak_codebook.h.  All three files
 * are CSV read through the record reader (ak_csv.h), so they accept the
 * same dialects as the input.
 */
#include "ak_codebook.h"

#include <glib.h>
#include <string.h>

#include "ak_csv.h"
#include "ak_expr.h"
#include "ak_mem.h"

/* ---- shared helpers for the three CSV files ---------------------------- */

/* A header: which field holds which named column (-1 = absent). */
typedef struct colmap {
    const char *const *names;
    size_t n;
    int idx[16];
} colmap;

/* Trimmed copy of a field; caller owns. */
static char *field_dup(const ak_record *r, int i)
{
    if (i < 0 || (size_t)i >= r->nfields)
        return ak_strdup("");
    const char *s = r->fields[i];
    size_t n = r->lens[i];
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return ak_strndup(s, n);
}

/* Map the header record; reports unknown and missing required columns. */
static int map_header(colmap *m, const ak_record *r, const char *file,
                      size_t nrequired, ak_diags *d)
{
    int ok = 1;
    for (size_t k = 0; k < m->n; k++)
        m->idx[k] = -1;
    for (size_t i = 0; i < r->nfields; i++) {
        size_t k;
        for (k = 0; k < m->n; k++)
            if (g_ascii_strcasecmp(r->fields[i], m->names[k]) == 0)
                break;
        if (k == m->n) {
            ak_diags_addf(d, AK_SEV_WARNING, "header", file, r->line, (long)i + 1,
                          "ukendt kolonne '%s' ignoreret", r->fields[i]);
        } else if (m->idx[k] >= 0) {
            ak_diags_addf(d, AK_SEV_FATAL, "header", file, r->line, (long)i + 1,
                          "kolonnen '%s' står to gange", m->names[k]);
            ok = 0;
        } else {
            m->idx[k] = (int)i;
        }
    }
    for (size_t k = 0; k < nrequired; k++)
        if (m->idx[k] < 0) {
            ak_diags_addf(d, AK_SEV_FATAL, "header", file, r->line, 0,
                          "kolonnen '%s' mangler", m->names[k]);
            ok = 0;
        }
    return ok;
}

/*
 * The physical line of a record as a standard CSV writer would have
 * written it, and the 1-based character column where field 'which' starts;
 * used to point a caret at an expression inside a CSV line.
 */
static char *record_line(const ak_record *r, size_t which, long *col)
{
    GString *s = g_string_new(NULL);
    *col = 1;
    for (size_t i = 0; i < r->nfields; i++) {
        if (i)
            g_string_append_c(s, ',');
        const char *f = r->fields[i];
        int quote = strpbrk(f, ",;\"\n\t") != NULL;
        if (i == which)
            *col = (long)g_utf8_strlen(s->str, -1) + 1 + quote;
        if (quote) {
            g_string_append_c(s, '"');
            for (; *f; f++) {
                if (*f == '"')
                    g_string_append_c(s, '"');
                g_string_append_c(s, *f == '\n' ? ' ' : *f);
            }
            g_string_append_c(s, '"');
        } else {
            g_string_append(s, f);
        }
    }
    char *out = ak_strdup(s->str);
    g_string_free(s, TRUE);
    return out;
}

/* Parse the expression in field i of r; NULL (and no error) when empty. */
static ak_status parse_field_expr(const ak_record *r, int i, const char *file,
                                  const ak_codebook *cb, size_t max_var,
                                  ak_expr **out, ak_diags *d)
{
    *out = NULL;
    if (i < 0 || (size_t)i >= r->nfields)
        return AK_OK;
    const char *src = r->fields[i];
    size_t len = r->lens[i];
    size_t lead = 0;
    while (lead < len && (src[lead] == ' ' || src[lead] == '\t'))
        lead++;
    if (lead == len)
        return AK_OK;
    long col;
    char *line = record_line(r, (size_t)i, &col);
    if (!line)
        return AK_ERR_NOMEM;
    ak_srcloc loc = {file, r->line, col, line};
    ak_status st = ak_expr_parse(src, len, cb, max_var, NULL, 0, &loc, out, d);
    ak_free(line);
    return st;
}

/* What every loader of a CSV definition file keeps, embedded in each
 * loader's state ('ld'). */
typedef struct loader {
    const char *file;   /* the name in diagnostics */
    ak_diags *d;
    colmap map;
    ak_status st;       /* AK_ERR_NOMEM once an allocation failed */
    int bad;            /* a fatal problem was reported */
} loader;

static void loader_init(loader *L, const char *name, const char *const *cols,
                        size_t ncols, ak_diags *d)
{
    L->file = name;
    L->d = d;
    L->map.names = cols;
    L->map.n = ncols;
}

/* Read buf, or the file at path when buf is NULL, record by record into
 * fn with state ud (which holds L).  The status of the read, else of the
 * loader, else AK_ERR_SYNTAX after a fatal problem. */
static ak_status load_csv(const char *buf, size_t len, const char *path,
                          ak_record_fn fn, void *ud, loader *L)
{
    ak_status st = buf ? ak_csv_read_mem(buf, len, L->file, NULL, fn, ud, L->d)
                       : ak_csv_read_file(path, NULL, fn, ud, L->d);
    if (st == AK_OK)
        st = L->st;
    if (st == AK_OK && L->bad)
        st = AK_ERR_SYNTAX;
    return st;
}

/* ---- codebook ---------------------------------------------------------- */

enum { CB_VARIABLE, CB_QUESTION, CB_TYPE, CB_ASKED_IF, CB_LABEL, CB_BLOCK,
       CB_REGISTER, CB_NCOLS };
static const char *const cb_cols[] = {"variable", "question", "type",
                                      "asked_if", "label", "block", "register"};

typedef struct cb_load {
    loader ld;
    ak_codebook *cb;
    size_t cap;
    GHashTable *blocks;   /* block name -> index + 1 */
} cb_load;

static ak_status add_to_block(cb_load *L, const char *name, size_t var)
{
    ak_codebook *cb = L->cb;
    size_t b = GPOINTER_TO_SIZE(g_hash_table_lookup(L->blocks, name));
    if (b == 0) {
        ak_block *nb = ak_reallocarray(cb->blocks, cb->nblocks + 1, sizeof *nb);
        if (!nb)
            return AK_ERR_NOMEM;
        cb->blocks = nb;
        memset(&nb[cb->nblocks], 0, sizeof nb[0]);
        nb[cb->nblocks].name = ak_strdup(name);
        if (!nb[cb->nblocks].name)
            return AK_ERR_NOMEM;
        cb->nblocks++;
        b = cb->nblocks;
        g_hash_table_insert(L->blocks, nb[b - 1].name, GSIZE_TO_POINTER(b));
    }
    ak_block *blk = &cb->blocks[b - 1];
    size_t *v = ak_reallocarray(blk->vars, blk->nvars + 1, sizeof *v);
    if (!v)
        return AK_ERR_NOMEM;
    blk->vars = v;
    v[blk->nvars++] = var;
    cb->vars[var].block = b - 1;
    return AK_OK;
}

static int cb_record(const ak_record *r, void *ud)
{
    cb_load *L = ud;
    ak_codebook *cb = L->cb;
    if (r->index == 0) {
        if (!map_header(&L->ld.map, r, L->ld.file, CB_LABEL + 1, L->ld.d))
            L->ld.bad = 1;
        return L->ld.bad;
    }
    if (ak_grow(&cb->vars, &L->cap, cb->nvars, sizeof *cb->vars, 64) != 0)
        goto nomem;
    size_t vi = cb->nvars;
    ak_var *v = &cb->vars[vi];
    memset(v, 0, sizeof *v);
    v->block = AK_NO_VAR;
    v->line = r->line;
    v->name = field_dup(r, L->ld.map.idx[CB_VARIABLE]);
    v->question = field_dup(r, L->ld.map.idx[CB_QUESTION]);
    v->label = field_dup(r, L->ld.map.idx[CB_LABEL]);
    v->asked_if_src = field_dup(r, L->ld.map.idx[CB_ASKED_IF]);
    char *type = field_dup(r, L->ld.map.idx[CB_TYPE]);
    char *block = field_dup(r, L->ld.map.idx[CB_BLOCK]);
    char *reg = field_dup(r, L->ld.map.idx[CB_REGISTER]);
    cb->nvars++;   /* owned by cb from here on, even when incomplete */
    if (!v->name || !v->question || !v->label || !v->asked_if_src || !type ||
        !block || !reg) {
        ak_free(type);
        ak_free(block);
        ak_free(reg);
        goto nomem;
    }
    for (char *c = v->name; *c; c++)
        *c = g_ascii_tolower(*c);
    long col = L->ld.map.idx[CB_VARIABLE] + 1;
    size_t namelen = strlen(v->name);
    size_t okchars = strspn(v->name, "abcdefghijklmnopqrstuvwxyz0123456789_");
    if (!v->name[0]) {
        ak_diags_addf(L->ld.d, AK_SEV_FATAL, "codebook", L->ld.file, r->line, col,
                      "tomt variabelnavn");
        L->ld.bad = 1;
    } else if (okchars != namelen || namelen > AK_MAX_VAR_NAME) {
        /* Expressions can name only such variables (see ak_expr.h). */
        ak_diags_addf(L->ld.d, AK_SEV_FATAL, "codebook", L->ld.file, r->line, col,
                      "variabelnavnet '%.*s' må kun have bogstaverne a-z, cifre "
                      "og '_' og højst %d tegn", 80, v->name, AK_MAX_VAR_NAME);
        L->ld.bad = 1;
    } else if (g_hash_table_contains(cb->priv_, v->name)) {
        ak_diags_addf(L->ld.d, AK_SEV_FATAL, "codebook", L->ld.file, r->line, col,
                      "variablen '%s' står to gange", v->name);
        L->ld.bad = 1;
    } else {
        g_hash_table_insert(cb->priv_, v->name, GSIZE_TO_POINTER(vi + 1));
    }
    if (ak_type_parse(type, &v->type) != 0) {
        ak_diags_addf(L->ld.d, AK_SEV_FATAL, "codebook", L->ld.file, r->line,
                      L->ld.map.idx[CB_TYPE] + 1, "ukendt type '%s'", type);
        L->ld.bad = 1;
    }
    ak_free(type);
    if (!L->ld.bad) {
        if (v->type == AK_T_ID) {
            if (cb->id_var != AK_NO_VAR) {
                ak_diags_addf(L->ld.d, AK_SEV_FATAL, "codebook", L->ld.file, r->line,
                              col, "mere end én variabel af typen 'id' ('%s')", v->name);
                L->ld.bad = 1;
            }
            cb->id_var = vi;
            if (reg[0]) {
                ak_free(cb->id_register);   /* a second id (an error) */
                cb->id_register = reg;
                reg = NULL;
            }
        } else if (v->type == AK_T_NAME && cb->name_var == AK_NO_VAR) {
            cb->name_var = vi;
        } else if (v->type == AK_T_NOTE && cb->note_var == AK_NO_VAR) {
            cb->note_var = vi;
        }
        if (block[0]) {
            if (v->type != AK_T_CHECKBOX) {
                ak_diags_addf(L->ld.d, AK_SEV_FATAL, "codebook", L->ld.file, r->line,
                              L->ld.map.idx[CB_BLOCK] + 1,
                              "kun variabler af typen 'checkbox' kan høre til en blok ('%s')",
                              v->name);
                L->ld.bad = 1;
            } else if (add_to_block(L, block, vi) != AK_OK) {
                ak_free(block);
                ak_free(reg);
                goto nomem;
            }
        }
    }
    ak_free(block);
    ak_free(reg);
    if (!L->ld.bad) {
        ak_status st = parse_field_expr(r, L->ld.map.idx[CB_ASKED_IF], L->ld.file, cb,
                                        vi, &v->asked_if, L->ld.d);
        if (st == AK_ERR_NOMEM)
            goto nomem;
        if (st != AK_OK)
            L->ld.bad = 1;
    }
    return 0;
nomem:
    L->ld.st = AK_ERR_NOMEM;
    return 1;
}

static ak_status codebook_read(const char *buf, size_t len, const char *path,
                               const char *name, ak_codebook **out, ak_diags *d)
{
    *out = NULL;
    ak_codebook *cb = ak_calloc(1, sizeof *cb);
    if (!cb)
        return AK_ERR_NOMEM;
    cb->id_var = cb->name_var = cb->note_var = AK_NO_VAR;
    cb->priv_ = g_hash_table_new(g_str_hash, g_str_equal);
    cb->file = ak_strdup(name);
    if (!cb->file) {
        ak_codebook_free(cb);
        return AK_ERR_NOMEM;
    }
    cb_load L = {0};
    loader_init(&L.ld, name, cb_cols, CB_NCOLS, d);
    L.cb = cb;
    L.blocks = g_hash_table_new(g_str_hash, g_str_equal);
    ak_status st = load_csv(buf, len, path, cb_record, &L, &L.ld);
    g_hash_table_destroy(L.blocks);
    if (st == AK_OK && cb->id_var == AK_NO_VAR) {
        ak_diags_addf(d, AK_SEV_FATAL, "codebook", name, 0, 0,
                      "kodebogen har ingen variabel af typen 'id'");
        st = AK_ERR_SYNTAX;
    }
    if (st != AK_OK) {
        ak_codebook_free(cb);
        return st;
    }
    *out = cb;
    return AK_OK;
}

ak_status ak_codebook_parse(const char *buf, size_t len, const char *name,
                            ak_codebook **out, ak_diags *d)
{
    return codebook_read(buf ? buf : "", len, NULL, name, out, d);
}

ak_status ak_codebook_load(const char *path, ak_codebook **out, ak_diags *d)
{
    return codebook_read(NULL, 0, path, path, out, d);
}

void ak_codebook_free(ak_codebook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->nvars; i++) {
        ak_var *v = &cb->vars[i];
        ak_free(v->name);
        ak_free(v->question);
        ak_free(v->asked_if_src);
        ak_expr_free(v->asked_if);
        ak_free(v->label);
    }
    for (size_t i = 0; i < cb->nblocks; i++) {
        ak_free(cb->blocks[i].name);
        ak_free(cb->blocks[i].vars);
    }
    for (size_t i = 0; i < cb->nchecks; i++) {
        ak_check *c = &cb->checks[i];
        ak_free(c->rule);
        ak_free(c->question);
        ak_expr_free(c->when);
        ak_expr_free(c->assert_);
        ak_free(c->message);
        ak_free(c->label);
    }
    ak_free(cb->checks);
    ak_free(cb->vars);
    ak_free(cb->blocks);
    ak_free(cb->file);
    ak_free(cb->id_register);
    if (cb->priv_)
        g_hash_table_destroy(cb->priv_);
    ak_free(cb);
}

/* ---- cross-field checks ------------------------------------------------ */

enum { CK_RULE, CK_QUESTION, CK_WHEN, CK_ASSERT, CK_LABEL, CK_MESSAGE, CK_NCOLS };
static const char *const ck_cols[] = {"rule", "question", "when", "assert",
                                      "label", "message"};

typedef struct ck_load {
    loader ld;
    ak_codebook *cb;
} ck_load;

static int ck_record(const ak_record *r, void *ud)
{
    ck_load *L = ud;
    ak_codebook *cb = L->cb;
    if (r->index == 0) {
        if (!map_header(&L->ld.map, r, L->ld.file, CK_NCOLS, L->ld.d))
            L->ld.bad = 1;
        return L->ld.bad;
    }
    ak_check *c = ak_reallocarray(cb->checks, cb->nchecks + 1, sizeof *c);
    if (!c) {
        L->ld.st = AK_ERR_NOMEM;
        return 1;
    }
    cb->checks = c;
    c = &cb->checks[cb->nchecks++];
    memset(c, 0, sizeof *c);
    c->line = r->line;
    c->rule = field_dup(r, L->ld.map.idx[CK_RULE]);
    c->question = field_dup(r, L->ld.map.idx[CK_QUESTION]);
    c->label = field_dup(r, L->ld.map.idx[CK_LABEL]);
    c->message = field_dup(r, L->ld.map.idx[CK_MESSAGE]);
    if (!c->rule || !c->question || !c->label || !c->message) {
        L->ld.st = AK_ERR_NOMEM;
        return 1;
    }
    ak_status st = parse_field_expr(r, L->ld.map.idx[CK_WHEN], L->ld.file, cb,
                                    cb->nvars, &c->when, L->ld.d);
    if (st == AK_OK)
        st = parse_field_expr(r, L->ld.map.idx[CK_ASSERT], L->ld.file, cb, cb->nvars,
                              &c->assert_, L->ld.d);
    if (st == AK_ERR_NOMEM) {
        L->ld.st = st;
        return 1;
    }
    if (st != AK_OK) {
        L->ld.bad = 1;
    } else if (!c->assert_) {
        ak_diags_addf(L->ld.d, AK_SEV_FATAL, "checks", L->ld.file, r->line,
                      L->ld.map.idx[CK_ASSERT] + 1, "tom 'assert' i reglen '%s'",
                      c->rule);
        L->ld.bad = 1;
    }
    return 0;
}

static ak_status checks_read(ak_codebook *cb, const char *buf, size_t len,
                             const char *path, const char *name, ak_diags *d)
{
    ck_load L = {0};
    loader_init(&L.ld, name, ck_cols, CK_NCOLS, d);
    L.cb = cb;
    return load_csv(buf, len, path, ck_record, &L, &L.ld);
}

ak_status ak_codebook_parse_checks(ak_codebook *cb, const char *buf,
                                   size_t len, const char *name, ak_diags *d)
{
    return checks_read(cb, buf ? buf : "", len, NULL, name, d);
}

ak_status ak_codebook_load_checks(ak_codebook *cb, const char *path,
                                  ak_diags *d)
{
    return checks_read(cb, NULL, 0, path, path, d);
}

/* ---- register ---------------------------------------------------------- */

struct ak_register {
    GHashTable *names;   /* id -> name, both owned (ak_free) */
    struct rg_unit {
        char *id;        /* borrowed from names */
        char *region;    /* owned; "" without a region column */
    } *units;            /* in file order */
    size_t n, cap;
};

enum { RG_ID, RG_NAME, RG_NCOLS };
static const char *const rg_cols[] = {"kommunenr", "kommune"};

typedef struct rg_load {
    loader ld;
    ak_register *r;
    int region;          /* field of the optional 'region' column, or -1 */
} rg_load;

static int rg_record(const ak_record *rec, void *ud)
{
    rg_load *L = ud;
    if (rec->index == 0) {
        /* Extra columns such as 'region' are expected: map by hand. */
        L->ld.map.idx[RG_ID] = L->ld.map.idx[RG_NAME] = -1;
        L->region = -1;
        for (size_t i = 0; i < rec->nfields; i++)
            if (g_ascii_strcasecmp(rec->fields[i], "region") == 0)
                L->region = (int)i;
        for (size_t i = 0; i < rec->nfields; i++)
            for (size_t k = 0; k < RG_NCOLS; k++)
                if (g_ascii_strcasecmp(rec->fields[i], rg_cols[k]) == 0)
                    L->ld.map.idx[k] = (int)i;
        for (size_t k = 0; k < RG_NCOLS; k++)
            if (L->ld.map.idx[k] < 0) {
                ak_diags_addf(L->ld.d, AK_SEV_FATAL, "register", L->ld.file, rec->line,
                              0, "kolonnen '%s' mangler", rg_cols[k]);
                L->ld.bad = 1;
            }
        return L->ld.bad;
    }
    char *id = field_dup(rec, L->ld.map.idx[RG_ID]);
    char *name = field_dup(rec, L->ld.map.idx[RG_NAME]);
    if (!id || !name) {
        ak_free(id);
        ak_free(name);
        L->ld.st = AK_ERR_NOMEM;
        return 1;
    }
    if (!id[0] || g_hash_table_contains(L->r->names, id)) {
        ak_diags_addf(L->ld.d, AK_SEV_FATAL, "register", L->ld.file, rec->line,
                      L->ld.map.idx[RG_ID] + 1,
                      id[0] ? "nummeret '%s' står to gange" : "tomt nummer%s", id);
        L->ld.bad = 1;
        ak_free(id);
        ak_free(name);
        return 0;
    }
    ak_register *r = L->r;
    char *region = L->region >= 0 ? field_dup(rec, L->region) : ak_strdup("");
    if (!region || ak_grow(&r->units, &r->cap, r->n, sizeof *r->units, 128)) {
        ak_free(id);
        ak_free(name);
        ak_free(region);
        L->ld.st = AK_ERR_NOMEM;
        return 1;
    }
    g_hash_table_insert(r->names, id, name);
    r->units[r->n].id = id;
    r->units[r->n++].region = region;
    return 0;
}

static ak_status register_read(const char *buf, size_t len, const char *path,
                               const char *name, ak_register **out, ak_diags *d)
{
    *out = NULL;
    ak_register *r = ak_calloc(1, sizeof *r);
    if (!r)
        return AK_ERR_NOMEM;
    r->names = g_hash_table_new_full(g_str_hash, g_str_equal, ak_free, ak_free);
    rg_load L = {0};
    loader_init(&L.ld, name, rg_cols, RG_NCOLS, d);
    L.r = r;
    ak_status st = load_csv(buf, len, path, rg_record, &L, &L.ld);
    if (st != AK_OK) {
        ak_register_free(r);
        return st;
    }
    *out = r;
    return AK_OK;
}

ak_status ak_register_parse(const char *buf, size_t len, const char *name,
                            ak_register **out, ak_diags *d)
{
    return register_read(buf ? buf : "", len, NULL, name, out, d);
}

ak_status ak_register_load(const char *path, ak_register **out, ak_diags *d)
{
    return register_read(NULL, 0, path, path, out, d);
}

void ak_register_free(ak_register *r)
{
    if (!r)
        return;
    if (r->names)
        g_hash_table_destroy(r->names);
    for (size_t i = 0; i < r->n; i++)
        ak_free(r->units[i].region);
    ak_free(r->units);
    ak_free(r);
}

const char *ak_register_name(const ak_register *r, const char *id)
{
    if (!r || !id)
        return NULL;
    while (*id == ' ' || *id == '\t')
        id++;
    size_t n = strlen(id);
    while (n && (id[n - 1] == ' ' || id[n - 1] == '\t'))
        n--;
    char buf[64];
    if (n >= sizeof buf)
        return NULL;
    memcpy(buf, id, n);
    buf[n] = '\0';
    return g_hash_table_lookup(r->names, buf);
}

size_t ak_register_count(const ak_register *r)
{
    return r ? g_hash_table_size(r->names) : 0;
}

const char *ak_register_id_at(const ak_register *r, size_t i)
{
    return r->units[i].id;
}

const char *ak_register_name_at(const ak_register *r, size_t i)
{
    return g_hash_table_lookup(r->names, r->units[i].id);
}

const char *ak_register_region_at(const ak_register *r, size_t i)
{
    return r->units[i].region;
}
