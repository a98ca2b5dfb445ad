/*
 * Validation, the second pipeline stage; see include/ak_validate.h.
 *
 * Per row: the id (fatal problems), the name against the register, then
 * every question in codebook order (routing on the states settled so far,
 * type problems, checkbox blocks once their last box is reached), then the
 * codebook's cross-field checks on the settled row.  The only memory that
 * grows with the input is the set of ids seen (about 25 bytes an id, see
 * idset below) and the diagnostics of the problems found.
 */
#include "ak_validate.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ak_expr.h"
#include "ak_mem.h"

/* ---- the ids seen -------------------------------------------------------- */

/*
 * A set of ids, each with the line of its first use.  Ids are entries in
 * two arrays (key, line), found through an open-addressing table of entry
 * numbers kept at most half full.  An id that is a plain decimal number
 * (digits only, no leading zero, at most 18 digits) is keyed by its value;
 * any other id by its text, kept with its NUL in one growing text arena
 * (the key is then -1 - its offset).  A numeric id costs 16 bytes of entry
 * and 8-16 of table, a text id its length + 1 more; no allocation per id.
 *
 * Numbers go to the slot of their own value (modulo the table size), so
 * that the usual ids, consecutive respondent or municipality numbers,
 * fill the table in order and stay in the cache; should a probe ever run
 * long (numbers that share their low bits), the table switches for good
 * to a multiplicative hash that spreads them.  Texts are always spread.
 */
typedef struct idset {
    uint32_t *slot;      /* entry + 1; 0 = empty; nslot a power of two */
    size_t nslot;
    unsigned bits;       /* nslot = 2^bits */
    int spread;          /* numbers hashed, not placed by value */
    int64_t *key;
    long *line;
    size_t n, cap;       /* entries */
    char *text;          /* arena of text ids */
    size_t tlen, tcap;
} idset;

/* A probe longer than this switches numbers to the spreading hash. */
#define ID_PROBE_MAX 64

static void idset_free(idset *s)
{
    ak_free(s->slot);
    ak_free(s->key);
    ak_free(s->line);
    ak_free(s->text);
}

/* The value of a plain decimal id, or -1. */
static int64_t id_number(const char *id, size_t len)
{
    if (len == 0 || len > 18 || (id[0] == '0' && len > 1))
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (id[i] < '0' || id[i] > '9')
            return -1;
        v = v * 10 + (id[i] - '0');
    }
    return v;
}

/* The home slot of a numeric key or of an id's text. */
static size_t id_slot(const idset *s, int64_t num, const char *id,
                      size_t len)
{
    uint64_t h;
    if (num >= 0) {
        h = (uint64_t)num;
        if (!s->spread)
            return (size_t)((h ^ (h >> s->bits)) & (s->nslot - 1));
    } else {
        h = 1469598103934665603ULL;          /* FNV-1a */
        for (size_t i = 0; i < len; i++)
            h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
    }
    return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> (64 - s->bits));
}

/* The home slot of entry e. */
static size_t entry_slot(const idset *s, size_t e)
{
    if (s->key[e] >= 0)
        return id_slot(s, s->key[e], NULL, 0);
    const char *t = s->text + (-1 - s->key[e]);
    return id_slot(s, -1, t, strlen(t));
}

/* Rebuild the table with n slots (n a power of two, > 2 entries); -1 when
 * out of memory. */
static int idset_rehash(idset *s, size_t n)
{
    uint32_t *slot = ak_calloc(n, sizeof *slot);
    if (!slot)
        return -1;
    ak_free(s->slot);
    s->slot = slot;
    s->nslot = n;
    s->bits = 0;
    while (((size_t)1 << s->bits) < n)
        s->bits++;
    for (size_t e = 0; e < s->n; e++) {
        size_t i = entry_slot(s, e);
        while (s->slot[i])
            i = (i + 1) & (n - 1);
        s->slot[i] = (uint32_t)(e + 1);
    }
    return 0;
}

/*
 * Look id up; when it is new, add it with its line.  Returns 1 and the
 * line of its first use in *first when it was seen before, 0 when it was
 * added, -1 when out of memory.
 */
static int idset_insert(idset *s, int64_t num, const char *id, size_t len,
                        long line, long *first)
{
    if ((s->n + 1) * 2 > s->nslot) {
        if (s->n >= UINT32_MAX - 1 ||
            idset_rehash(s, s->nslot ? s->nslot * 2 : 1024) != 0)
            return -1;
    }
    size_t i = id_slot(s, num, id, len), probe = 0;
    for (; s->slot[i]; i = (i + 1) & (s->nslot - 1)) {
        size_t e = s->slot[i] - 1;
        int64_t k = s->key[e];
        if (num >= 0 ? k == num
                     : k < 0 && strcmp(s->text + (-1 - k), id) == 0) {
            *first = s->line[e];
            return 1;
        }
        if (++probe == ID_PROBE_MAX && !s->spread && num >= 0) {
            /* Numbers crowd together: spread them, then look again. */
            s->spread = 1;
            if (idset_rehash(s, s->nslot) != 0)
                return -1;
            return idset_insert(s, num, id, len, line, first);
        }
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        int64_t *key = ak_reallocarray(s->key, cap, sizeof *key);
        if (key)
            s->key = key;
        long *ln = ak_reallocarray(s->line, cap, sizeof *ln);
        if (ln)
            s->line = ln;
        if (!key || !ln)
            return -1;
        s->cap = cap;
    }
    if (num < 0) {
        if (s->tcap - s->tlen < len + 1) {
            size_t cap = s->tcap ? s->tcap : 4096;
            while (cap - s->tlen < len + 1)
                cap *= 2;
            char *t = ak_realloc(s->text, cap);
            if (!t)
                return -1;
            s->text = t;
            s->tcap = cap;
        }
        memcpy(s->text + s->tlen, id, len);
        s->text[s->tlen + len] = '\0';
        num = -1 - (int64_t)s->tlen;
        s->tlen += len + 1;
    }
    s->key[s->n] = num;
    s->line[s->n] = line;
    s->slot[i] = (uint32_t)(++s->n);
    return 0;
}

/* idset_insert() of an id given as text (numbers keyed by their value). */
static int idset_add(idset *s, const char *id, size_t len, long line,
                     long *first)
{
    return idset_insert(s, id_number(id, len), id, len, line, first);
}

/* The line recorded for id, or NULL when it is not in the set. */
static long *idset_lookup(idset *s, const char *id, size_t len)
{
    if (!s->nslot)
        return NULL;
    int64_t num = id_number(id, len);
    for (size_t i = id_slot(s, num, id, len); s->slot[i];
         i = (i + 1) & (s->nslot - 1)) {
        size_t e = s->slot[i] - 1;
        int64_t k = s->key[e];
        if (num >= 0 ? k == num
                     : k < 0 && strcmp(s->text + (-1 - k), id) == 0)
            return &s->line[e];
    }
    return NULL;
}

struct ak_lastrows {
    idset ids;   /* each id with the line of its last row */
};

ak_lastrows *ak_lastrows_new(void)
{
    return ak_calloc(1, sizeof(ak_lastrows));
}

void ak_lastrows_free(ak_lastrows *l)
{
    if (!l)
        return;
    idset_free(&l->ids);
    ak_free(l);
}

ak_status ak_lastrows_add(ak_lastrows *l, const ak_codebook *cb,
                          const ak_row *row)
{
    const ak_value *id = &row->v[cb->id_var];
    if (!id->raw || !*id->raw)
        return AK_OK;
    long first = 0;
    int seen = idset_add(&l->ids, id->raw, id->rawlen, row->line, &first);
    if (seen < 0)
        return AK_ERR_NOMEM;
    if (seen) {
        long *lp = idset_lookup(&l->ids, id->raw, id->rawlen);
        if (lp)
            *lp = row->line;
    }
    return AK_OK;
}

/* ---- the validator ------------------------------------------------------- */

/* The fixed rules, in summary order; the codebook's checks follow. */
enum { R_ID, R_NAME, R_TYPE, R_ROUTING, R_BLOCK, R_NFIXED };

/* A question variable as the per-row loop needs it. */
struct question {
    size_t var;
    const ak_expr *asked_if;  /* NULL: always asked */
    size_t cond;              /* its entry in conds (asked_if != NULL) */
    int in_block;             /* a box of a checkbox block */
    const ak_block *settles;  /* the block whose last box this is, or NULL */
    int stale;                /* settling that block may change a result
                                 of conds already taken this row */
};

/*
 * A distinct routing condition.  Many questions share one (the codebook
 * repeats 'q1a=1' for a whole group), so each is evaluated once per row
 * and its result kept, stamped with the row's epoch.  That is exact: a
 * condition only reads questions before the first one it routes, and
 * those change later in the row only when a checkbox block they belong to
 * is settled; a block that can do so to a condition taken before and used
 * after it ('stale') starts a new epoch.
 */
struct cond {
    unsigned long epoch;      /* when 'result' was taken; 0 = never */
    int result;
    unsigned long no_blank;   /* row for which none of its variables is
                                 Uoplyst (stays true: settling a block
                                 only fills boxes) */
    const size_t *vars;       /* the variables it reads (ak_expr_vars()) */
    size_t nvars;
};

/* A rule's outcome for one row: worst wins. */
enum { O_NONE, O_PASS, O_BLANK, O_FAIL };

struct ak_validator {
    const ak_codebook *cb;
    const ak_register *reg;
    char *name;
    ak_diags *d;
    idset ids;              /* ids seen, with the line of first use */
    const ak_lastrows *last;    /* keep-last: each id's last line, or NULL */
    int superseded;         /* the row last validated was replaced */
    int again;              /* ak_validate_again(): no id set */
    long duplicates;        /* rows whose id was seen before (fatal) */
    struct question *q;     /* the question variables, in codebook order */
    size_t nq;
    ak_expr_pool *pool;     /* the distinct routing conditions */
    struct cond *conds;     /* per condition of the pool */
    size_t nconds;
    unsigned long epoch;    /* see struct cond */
    ak_rule_stat *stats;    /* R_NFIXED fixed rules + one per check rule */
    size_t nstats;
    ak_rule_stat *pub;      /* the stats of the rules that apply, for
                               ak_validate_stats() */
    size_t *check_stat;     /* per check: index into stats */
    int *outcome;           /* per stat: this row's outcome */
    long rows;
    char *unit;             /* id of the row last validated */
    size_t unit_cap;
    char *uname;            /* its name when there is no register */
    size_t uname_cap;
    const char *unit_name;  /* register name, uname or NULL */
    int has_unit;
    char *datanote;
    GString *s1, *s2;       /* scratch text, reused */
    ak_status st;
};

static const char *const fixed_rules[R_NFIXED] = {
    "id", "name", "type", "routing", "block"};

static const char *fixed_label(const ak_validator *v, int r)
{
    switch (r) {
    case R_ID:
        return v->reg ? "kommunenummer findes i registeret og er unikt"
                      : "nummeret er angivet og unikt";
    case R_NAME: return "kommunenavn passer til kommunenummeret";
    case R_TYPE: return "svar har gyldig form (ja/nej, afkrydsning, tal)";
    case R_ROUTING: return "svar kun på spørgsmål, som filtrene stiller";
    case R_BLOCK: return "afkrydsningsblokke er besvaret";
    }
    return "";
}

static int is_question(ak_type t)
{
    return t != AK_T_ID && t != AK_T_NAME && t != AK_T_PII && t != AK_T_NOTE;
}

/* Nonzero when condition e reads a box of block b. */
static int reads_block(const ak_expr *e, const ak_block *b)
{
    const size_t *fv = NULL;
    size_t n = ak_expr_vars(e, &fv);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < b->nvars; j++)
            if (fv[i] == b->vars[j])
                return 1;
    return 0;
}

/* The question list and the distinct routing conditions; -1 on OOM. */
static int plan_questions(ak_validator *v)
{
    const ak_codebook *cb = v->cb;
    size_t n = cb->nvars ? cb->nvars : 1;
    v->q = ak_calloc(n, sizeof *v->q);
    v->pool = ak_expr_pool_new();
    if (!v->q || !v->pool)
        return -1;
    for (size_t i = 0; i < cb->nvars; i++) {
        const ak_var *var = &cb->vars[i];
        if (!is_question(var->type))
            continue;
        struct question *q = &v->q[v->nq++];
        q->var = i;
        q->asked_if = var->asked_if;
        if (q->asked_if) {
            q->cond = ak_expr_pool_add(v->pool, q->asked_if);
            if (q->cond == (size_t)-1)
                return -1;
        }
        if (var->block != AK_NO_VAR) {
            const ak_block *b = &cb->blocks[var->block];
            q->in_block = 1;
            if (b->nvars && b->vars[b->nvars - 1] == i)
                q->settles = b;
        }
    }
    v->nconds = ak_expr_pool_count(v->pool);
    v->conds = ak_calloc(v->nconds + 1, sizeof *v->conds);
    if (!v->conds)
        return -1;
    for (size_t c = 0; c < v->nconds; c++)
        v->conds[c].nvars = ak_expr_vars(ak_expr_pool_get(v->pool, c),
                                         &v->conds[c].vars);
    /* A block is stale-making when a condition that reads one of its boxes
     * is taken at or before its last box and used again after it. */
    for (size_t k = 0; k < v->nq; k++) {
        struct question *q = &v->q[k];
        if (!q->settles)
            continue;
        for (size_t c = 0; c < v->nconds && !q->stale; c++) {
            int before = 0, after = 0;
            for (size_t j = 0; j < v->nq; j++) {
                if (!v->q[j].asked_if || v->q[j].cond != c)
                    continue;
                if (j <= k)
                    before = 1;
                else
                    after = 1;
            }
            q->stale = before && after &&
                       reads_block(ak_expr_pool_get(v->pool, c), q->settles);
        }
    }
    return 0;
}

ak_validator *ak_validate_new(const ak_codebook *cb, const ak_register *reg,
                              const char *name, ak_diags *d)
{
    ak_validator *v = ak_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->cb = cb;
    v->reg = reg;
    v->d = d;
    v->name = ak_strdup(name ? name : "");
    v->stats = ak_calloc(R_NFIXED + cb->nchecks, sizeof *v->stats);
    v->pub = ak_calloc(R_NFIXED + cb->nchecks, sizeof *v->pub);
    v->outcome = ak_calloc(R_NFIXED + cb->nchecks, sizeof *v->outcome);
    v->check_stat = ak_calloc(cb->nchecks ? cb->nchecks : 1,
                              sizeof *v->check_stat);
    if (!v->name || !v->stats || !v->pub || !v->outcome || !v->check_stat) {
        ak_validate_free(v);
        return NULL;
    }
    for (int r = 0; r < R_NFIXED; r++) {
        v->stats[r].rule = fixed_rules[r];
        v->stats[r].label = fixed_label(v, r);
    }
    v->nstats = R_NFIXED;
    /* Checks sharing a rule id (one per group, say) share a summary line. */
    for (size_t c = 0; c < cb->nchecks; c++) {
        const ak_check *ck = &cb->checks[c];
        size_t s;
        for (s = R_NFIXED; s < v->nstats; s++)
            if (strcmp(v->stats[s].rule, ck->rule) == 0)
                break;
        if (s == v->nstats) {
            v->stats[s].rule = ck->rule;
            v->stats[s].label = ck->label && *ck->label ? ck->label
                                                        : ck->message;
            v->nstats++;
        }
        v->check_stat[c] = s;
    }
    if (plan_questions(v) != 0) {
        ak_validate_free(v);
        return NULL;
    }
    v->s1 = g_string_sized_new(256);
    v->s2 = g_string_sized_new(256);
    return v;
}

void ak_validate_free(ak_validator *v)
{
    if (!v)
        return;
    idset_free(&v->ids);
    ak_free(v->q);
    ak_free(v->conds);
    ak_expr_pool_free(v->pool);
    if (v->s1)
        g_string_free(v->s1, TRUE);
    if (v->s2)
        g_string_free(v->s2, TRUE);
    ak_free(v->stats);
    ak_free(v->pub);
    ak_free(v->outcome);
    ak_free(v->check_stat);
    ak_free(v->unit);
    ak_free(v->uname);
    ak_free(v->datanote);
    ak_free(v->name);
    ak_free(v);
}

/* Copy s into a reused buffer; -1 on OOM. */
static int set_buf(char **buf, size_t *cap, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > *cap) {
        size_t c = *cap ? *cap : 64;
        while (c < n)
            c *= 2;
        char *b = ak_realloc(*buf, c);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf, s, n);
    return 0;
}

static void outcome(ak_validator *v, size_t stat, int o)
{
    if (o > v->outcome[stat])
        v->outcome[stat] = o;
}

/* Add a diagnostic about the current row; var is the variable it concerns
 * (for the column) or AK_NO_VAR. */
static void report(ak_validator *v, ak_severity sev, const char *rule,
                   const ak_row *row, size_t var, const char *question,
                   const char *value, const char *message, const char *action)
{
    ak_diag g = {0};
    g.sev = sev;
    g.rule = rule;
    g.file = v->name;
    g.line = row->line;
    g.col = var != AK_NO_VAR ? row->v[var].col : 0;
    g.unit = v->has_unit ? v->unit : NULL;
    g.unit_word = g.unit ? (char *)ak_codebook_unit_word(v->cb) : NULL;
    g.unit_name = (char *)v->unit_name;
    g.question = (char *)question;
    g.column = var != AK_NO_VAR ? v->cb->vars[var].name : NULL;
    g.value = value && *value ? (char *)value : NULL;
    g.message = (char *)message;
    g.action = (char *)action;
    if (ak_diags_add(v->d, &g) != 0)
        v->st = AK_ERR_NOMEM;
}

/* ---- words for values -------------------------------------------------- */

static void put_tenths(GString *s, int64_t t)
{
    if (t % 10)
        g_string_append_printf(s, "%lld,%lld", (long long)(t / 10),
                               (long long)(t % 10));
    else
        g_string_append_printf(s, "%lld", (long long)(t / 10));
}

/* What a respondent answered in var, in words: "Ja", "12", "1,5",
 * "ubesvaret", "ikke stillet", "ugyldigt". Never the text of a pii. */
static void describe_answer(const ak_codebook *cb, const ak_row *row,
                            size_t var, GString *s)
{
    const ak_value *x = &row->v[var];
    ak_type t = cb->vars[var].type;
    switch (x->state) {
    case AK_UOPLYST: g_string_append(s, "ubesvaret"); return;
    case AK_NOT_ASKED: g_string_append(s, "ikke stillet"); return;
    case AK_INVALID: g_string_append(s, "ugyldigt"); return;
    case AK_ANSWERED: break;
    }
    const char *word = ak_type_value_label(t, x->num);
    if (word) {
        g_string_append(s, word);
        return;
    }
    switch (t) {
    case AK_T_COUNT:
    case AK_T_DECIMAL:
        put_tenths(s, x->num);
        break;
    default:
        g_string_append(s, "udfyldt");
        break;
    }
}

/* "spørges kun hvis 2a = Ja; svaret i 2a er Nej" */
static void routing_message(const ak_validator *v, const ak_row *row,
                            const ak_var *var, GString *s)
{
    const ak_codebook *cb = v->cb;
    char cond[1024];
    ak_expr_describe(var->asked_if, cb, cond, sizeof cond);
    g_string_append_printf(s, "spørges kun hvis %s; ", cond);
    const size_t *fv = NULL;
    size_t n = ak_expr_vars(var->asked_if, &fv);
    if (n == 1) {
        const char *q = cb->vars[fv[0]].question;
        switch (row->v[fv[0]].state) {
        case AK_ANSWERED:
            g_string_append_printf(s, "svaret i %s er ", q);
            describe_answer(cb, row, fv[0], s);
            break;
        case AK_UOPLYST:
            g_string_append_printf(s, "%s er ikke besvaret", q);
            break;
        case AK_NOT_ASKED:
            g_string_append_printf(s, "%s blev ikke stillet", q);
            break;
        case AK_INVALID:
            g_string_append_printf(s, "svaret i %s er ugyldigt", q);
            break;
        }
        return;
    }
    g_string_append(s, "svarene er: ");
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(s, "%s%s ", i ? ", " : "",
                               cb->vars[fv[i]].question);
        describe_answer(cb, row, fv[i], s);
    }
}

static const char *type_message(ak_type t)
{
    switch (t) {
    case AK_T_YESNO:
        return "ugyldigt svar på et ja/nej-spørgsmål (gyldige svar: "
               "1 = Ja, 2 = Nej)";
    case AK_T_CHECKBOX:
        return "ugyldigt svar i et afkrydsningsfelt (gyldige svar: 1 eller "
               "x = markeret, 0 = ikke markeret)";
    case AK_T_COUNT:
        return "ikke et helt tal fra 0 til 2147483647";
    case AK_T_DECIMAL:
        return "ikke et tal større end eller lig med 0 (f.eks. 2 eller 1,5)";
    default:
        return "ugyldigt svar";
    }
}

/* ---- the rules --------------------------------------------------------- */

static void check_id(ak_validator *v, const ak_row *row)
{
    const ak_codebook *cb = v->cb;
    const ak_value *id = &row->v[cb->id_var];
    char msg[512];
    if (id->state == AK_UOPLYST) {
        report(v, AK_SEV_FATAL, "id", row, cb->id_var,
               cb->vars[cb->id_var].question, NULL,
               v->reg ? "kommunenummeret mangler" : "nummeret mangler", NULL);
        outcome(v, R_ID, O_FAIL);
        return;
    }
    if (v->reg && !v->unit_name) {
        snprintf(msg, sizeof msg, "ukendt kommunenummer '%s'", id->raw);
        report(v, AK_SEV_FATAL, "id", row, cb->id_var,
               cb->vars[cb->id_var].question, id->raw, msg, NULL);
        outcome(v, R_ID, O_FAIL);
        return;
    }
    long *lastp = v->last ? idset_lookup((idset *)&v->last->ids, id->raw,
                                         id->rawlen) : NULL;
    if (lastp && *lastp != row->line) {
        /* Repeated, and settled by keeping the last row (--keep-last). */
        snprintf(msg, sizeof msg, "%s '%s' står også i linje %ld; den sidste "
                 "række bruges", v->reg ? "kommunenummeret" : "nummeret",
                 id->raw, *lastp);
        char act[64];
        snprintf(act, sizeof act, "linje %ld er ikke talt med", row->line);
        report(v, AK_SEV_WARNING, "id", row, cb->id_var,
               cb->vars[cb->id_var].question, id->raw, msg, act);
        v->superseded = 1;
        return;
    }
    if (v->again) {
        outcome(v, R_ID, O_PASS);
        return;
    }
    long first = 0;
    int seen = idset_add(&v->ids, id->raw, id->rawlen, row->line, &first);
    if (seen < 0) {
        v->st = AK_ERR_NOMEM;
        return;
    }
    if (seen) {
        v->duplicates++;
        snprintf(msg, sizeof msg, "%s '%s' står også i linje %ld",
                 v->reg ? "kommunenummeret" : "nummeret", id->raw, first);
        report(v, AK_SEV_FATAL, "id", row, cb->id_var,
               cb->vars[cb->id_var].question, id->raw, msg, NULL);
        outcome(v, R_ID, O_FAIL);
        return;
    }
    outcome(v, R_ID, O_PASS);
}

/* Names compare after Unicode normalisation and case folding. */
static int same_name(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1;
    gchar *na = g_utf8_normalize(a, -1, G_NORMALIZE_ALL);
    gchar *nb = g_utf8_normalize(b, -1, G_NORMALIZE_ALL);
    gchar *fa = na ? g_utf8_casefold(na, -1) : NULL;
    gchar *fb = nb ? g_utf8_casefold(nb, -1) : NULL;
    int same = fa && fb ? strcmp(fa, fb) == 0 : strcmp(a, b) == 0;
    g_free(na);
    g_free(nb);
    g_free(fa);
    g_free(fb);
    return same;
}

static void check_name(ak_validator *v, const ak_row *row)
{
    const ak_codebook *cb = v->cb;
    if (!v->reg || !v->unit_name || cb->name_var == AK_NO_VAR)
        return;
    const ak_value *nm = &row->v[cb->name_var];
    if (nm->state != AK_ANSWERED) {
        outcome(v, R_NAME, O_BLANK);
        return;
    }
    if (same_name(nm->raw, v->unit_name)) {
        outcome(v, R_NAME, O_PASS);
        return;
    }
    GString *s = v->s1;
    g_string_printf(s, "navnet passer ikke til kommunenummer %s, som i "
                       "registeret hedder '%s'",
                    v->unit, v->unit_name);
    report(v, AK_SEV_WARNING, "name", row, cb->name_var,
           cb->vars[cb->name_var].question, nm->raw, s->str,
           "registerets navn bruges");
    outcome(v, R_NAME, O_FAIL);
}

/*
 * Settle a checkbox block (spec section 1) once its last box is routed: a
 * block asked but left entirely empty is not answered (Uoplyst); once any
 * box is filled, its empty boxes count as not marked.  That is the defined
 * meaning of a partly filled block, not a problem, so it is counted as
 * passed and reported nowhere else.  Returns 1 when the block was asked
 * and left empty (blank answers the type rule meets).
 */
static int settle_block(ak_validator *v, ak_row *row, const ak_block *b,
                        int stale)
{
    int asked = 0, filled = 0, empty = 0;
    for (size_t i = 0; i < b->nvars; i++) {
        ak_state s = row->v[b->vars[i]].state;
        if (s == AK_NOT_ASKED)
            continue;
        asked = 1;
        if (s == AK_UOPLYST)
            empty++;
        else
            filled = 1;
    }
    if (!asked)
        return 0;
    if (!filled) {
        outcome(v, R_BLOCK, O_BLANK);   /* all Uoplyst: not answered */
        return 1;
    }
    for (size_t i = 0; empty && i < b->nvars; i++) {
        ak_value *x = &row->v[b->vars[i]];
        if (x->state == AK_UOPLYST) {
            x->state = AK_ANSWERED;
            x->num = 0;
        }
    }
    if (empty && stale)
        v->epoch++;   /* conditions taken so far may read these boxes */
    outcome(v, R_BLOCK, O_PASS);
    return 0;
}

/* An answer where the routing did not ask: warn, the filter wins. */
static void routing_problem(ak_validator *v, const ak_row *row,
                            const struct question *q)
{
    const ak_var *var = &v->cb->vars[q->var];
    GString *s = v->s1;
    g_string_truncate(s, 0);
    routing_message(v, row, var, s);
    report(v, AK_SEV_WARNING, "routing", row, q->var, var->question,
           row->v[q->var].raw, s->str, "ignoreret");
    outcome(v, R_ROUTING, O_FAIL);
}

/* A question not asked and not answered: was a filter left blank?  Each
 * condition's variables are looked at once a row at most (once none is
 * Uoplyst, none becomes so later in the row). */
static void routing_blank(ak_validator *v, const ak_row *row,
                          const struct question *q)
{
    struct cond *c = &v->conds[q->cond];
    if (v->outcome[R_ROUTING] >= O_BLANK ||
        c->no_blank == (unsigned long)v->rows)
        return;
    for (size_t i = 0; i < c->nvars; i++)
        if (row->v[c->vars[i]].state == AK_UOPLYST)
            outcome(v, R_ROUTING, O_BLANK);
    c->no_blank = (unsigned long)v->rows;
}

/* A value that breaks its type: warn, counted as Uoplyst. */
static void type_problem(ak_validator *v, const ak_row *row,
                         const struct question *q)
{
    const ak_var *var = &v->cb->vars[q->var];
    report(v, AK_SEV_WARNING, "type", row, q->var, var->question,
           row->v[q->var].raw, type_message(var->type), "talt som Uoplyst");
    outcome(v, R_TYPE, O_FAIL);
}

/*
 * Routing, types and blocks, question by question in codebook order.  The
 * loop runs for every question of every row, so it does only the
 * comparisons a clean answer needs; problems go to the functions above.
 */
static void check_answers(ak_validator *v, ak_row *row)
{
    if (v->st != AK_OK || !v->nq)
        return;
    ak_value *vals = row->v;
    int blank = 0;   /* a question left Uoplyst, once settled */
    for (const struct question *q = v->q, *end = v->q + v->nq; q < end;
         q++) {
        ak_value *x = &vals[q->var];
        if (q->asked_if) {
            struct cond *c = &v->conds[q->cond];
            if (c->epoch != v->epoch) {
                c->result = ak_expr_pool_eval(v->pool, q->cond, vals);
                c->epoch = v->epoch;
            }
            if (!c->result) {
                if (x->state == AK_ANSWERED || x->state == AK_INVALID)
                    routing_problem(v, row, q);
                else
                    routing_blank(v, row, q);
                x->state = AK_NOT_ASKED;
                goto settle;
            }
        }
        if (x->state == AK_INVALID)
            type_problem(v, row, q);
        else if (x->state == AK_UOPLYST && !q->in_block)
            blank = 1;   /* final: later questions never change it */
    settle:
        if (q->settles)
            blank |= settle_block(v, row, q->settles, q->stale);
    }
    outcome(v, R_TYPE, blank ? O_BLANK : O_PASS);
    outcome(v, R_ROUTING, O_PASS);
}

/* "12a (social boform) 3, 12b (social boform) ubesvaret, 1.1a 5" */
static void describe_vars(const ak_codebook *cb, const ak_row *row,
                          const ak_expr *e, GString *s)
{
    const size_t *fv = NULL;
    size_t n = ak_expr_vars(e, &fv);
    for (size_t k = 0; k < n; k++) {
        if (cb->vars[fv[k]].type == AK_T_PII)
            continue;
        g_string_append_printf(s, "%s%s: ", s->len ? "; " : "",
                               cb->vars[fv[k]].question);
        describe_answer(cb, row, fv[k], s);
    }
}

static void check_checks(ak_validator *v, const ak_row *row)
{
    const ak_codebook *cb = v->cb;
    for (size_t c = 0; c < cb->nchecks && v->st == AK_OK; c++) {
        const ak_check *ck = &cb->checks[c];
        size_t stat = v->check_stat[c];
        if (ck->when && !ak_expr_eval(ck->when, row->v))
            continue;
        if (ck->assert_ && !ak_expr_eval(ck->assert_, row->v)) {
            GString *s = v->s1;
            g_string_truncate(s, 0);
            describe_vars(cb, row, ck->assert_, s);
            report(v, AK_SEV_WARNING, "check", row, AK_NO_VAR, ck->question,
                   s->str, ck->message, "ingen ændring");
            outcome(v, stat, O_FAIL);
            continue;
        }
        int blank = 0;
        const size_t *fv = NULL;
        size_t n = ck->assert_ ? ak_expr_vars(ck->assert_, &fv) : 0;
        for (size_t k = 0; k < n; k++)
            blank |= row->v[fv[k]].state == AK_UOPLYST;
        outcome(v, stat, blank ? O_BLANK : O_PASS);
    }
}

ak_status ak_validate_row(ak_validator *v, ak_row *row)
{
    const ak_codebook *cb = v->cb;
    if (v->st != AK_OK)
        return v->st;
    v->rows++;
    v->epoch++;
    for (size_t s = 0; s < v->nstats; s++)
        v->outcome[s] = O_NONE;

    /* Who the row is about. */
    const ak_value *id = &row->v[cb->id_var];
    v->has_unit = id->state == AK_ANSWERED;
    if (set_buf(&v->unit, &v->unit_cap, v->has_unit ? id->raw : "") != 0)
        return v->st = AK_ERR_NOMEM;
    v->unit_name = NULL;
    if (v->has_unit && v->reg) {
        v->unit_name = ak_register_name(v->reg, id->raw);
    } else if (v->has_unit && cb->name_var != AK_NO_VAR &&
               row->v[cb->name_var].state == AK_ANSWERED) {
        if (set_buf(&v->uname, &v->uname_cap, row->v[cb->name_var].raw) != 0)
            return v->st = AK_ERR_NOMEM;
        v->unit_name = v->uname;
    }

    v->superseded = 0;
    check_id(v, row);
    if (v->superseded) {
        /* A later row of the same id replaces this one: not counted. */
        v->rows--;
        return v->st;
    }
    check_name(v, row);
    check_answers(v, row);
    check_checks(v, row);

    if (cb->note_var != AK_NO_VAR && !v->datanote &&
        row->v[cb->note_var].state == AK_ANSWERED) {
        v->datanote = ak_strdup(row->v[cb->note_var].raw);
        if (!v->datanote)
            v->st = AK_ERR_NOMEM;
    }

    for (size_t s = 0; s < v->nstats; s++) {
        ak_rule_stat *st = &v->stats[s];
        switch (v->outcome[s]) {
        case O_NONE: continue;
        case O_PASS: st->passed++; break;
        case O_BLANK: st->blank++; break;
        case O_FAIL: st->failed++; break;
        }
        st->checked++;
    }
    return v->st;
}

ak_status ak_validate_finish(ak_validator *v)
{
    if (v->st != AK_OK)
        return v->st;
    if (v->rows == 0 && ak_diags_count_sev(v->d, AK_SEV_FATAL) == 0 &&
        ak_diags_addf(v->d, AK_SEV_FATAL, "file", v->name, 0, 0,
                      "filen har ingen datarækker") != 0)
        v->st = AK_ERR_NOMEM;
    return v->st;
}

void ak_validate_keep_last(ak_validator *v, const ak_lastrows *last)
{
    v->last = last;
}

void ak_validate_again(ak_validator *v)
{
    v->again = 1;
}

long ak_validate_duplicates(const ak_validator *v)
{
    return v->duplicates;
}

int ak_validate_superseded(const ak_validator *v)
{
    return v->superseded;
}

const char *ak_validate_unit(const ak_validator *v)
{
    return v->unit ? v->unit : "";
}

const char *ak_validate_unit_name(const ak_validator *v)
{
    return v->unit_name;
}

int ak_validate_merge(ak_validator *dst, const ak_validator *src)
{
    if (!dst || !src || dst->nstats != src->nstats)
        return -1;
    int dup = 0;
    const idset *ids = &src->ids;
    for (size_t e = 0; e < ids->n; e++) {
        long first = 0;
        int rc;
        if (ids->key[e] >= 0) {
            rc = idset_insert(&dst->ids, ids->key[e], NULL, 0, ids->line[e],
                              &first);
        } else {
            const char *t = ids->text + (-1 - ids->key[e]);
            rc = idset_insert(&dst->ids, -1, t, strlen(t), ids->line[e],
                              &first);
        }
        if (rc < 0)
            return -1;
        dup |= rc;
    }
    for (size_t s = 0; s < dst->nstats; s++) {
        dst->stats[s].checked += src->stats[s].checked;
        dst->stats[s].passed += src->stats[s].passed;
        dst->stats[s].failed += src->stats[s].failed;
        dst->stats[s].blank += src->stats[s].blank;
    }
    dst->rows += src->rows;
    dst->duplicates += src->duplicates;
    if (!dst->datanote && src->datanote) {
        dst->datanote = ak_strdup(src->datanote);
        if (!dst->datanote)
            return -1;
    }
    return dup;
}

long ak_validate_rows(const ak_validator *v)
{
    return v->rows;
}

/* The name rule needs a register to compare with and a name column. */
static int rule_applies(const ak_validator *v, size_t s)
{
    return s != R_NAME || (v->reg && v->cb->name_var != AK_NO_VAR);
}

size_t ak_validate_stats(const ak_validator *v, const ak_rule_stat **stats)
{
    size_t n = 0;
    for (size_t s = 0; s < v->nstats; s++)
        if (rule_applies(v, s))
            v->pub[n++] = v->stats[s];
    *stats = v->pub;
    return n;
}

const char *ak_validate_datanote(const ak_validator *v)
{
    return v->datanote;
}

const char *ak_validate_input_name(const ak_validator *v)
{
    return v->name;
}

const char *ak_validate_unit_word(const ak_validator *v)
{
    return ak_codebook_unit_word(v->cb);
}
