/*
 * Validation, the second pipeline stage; see include/ak_validate.h.
 *
 * Per row: the id (fatal problems), the name against the register, then
 * every question in codebook order (routing on the states settled so far,
 * type problems, checkbox blocks once their last box is reached), then the
 * codebook's cross-field checks on the settled row.  The only memory that
 * grows with the input is the set of ids seen.
 */
#include "ak_validate.h"

#include <glib.h>
#include <string.h>

#include "ak_expr.h"
#include "ak_mem.h"

/* The fixed rules, in summary order; the codebook's checks follow. */
enum { R_ID, R_NAME, R_TYPE, R_ROUTING, R_BLOCK, R_NFIXED };

/* A rule's outcome for one row: worst wins. */
enum { O_NONE, O_PASS, O_BLANK, O_FAIL };

struct ak_validator {
    const ak_codebook *cb;
    const ak_register *reg;
    char *name;
    ak_diags *d;
    GHashTable *ids;        /* id (owned) -> line of first use */
    ak_rule_stat *stats;    /* R_NFIXED fixed rules + one per check rule */
    size_t nstats;
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
    case R_BLOCK: return "afkrydsningsblokke er helt udfyldt";
    }
    return "";
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
    v->outcome = ak_calloc(R_NFIXED + cb->nchecks, sizeof *v->outcome);
    v->check_stat = ak_calloc(cb->nchecks ? cb->nchecks : 1,
                              sizeof *v->check_stat);
    if (!v->name || !v->stats || !v->outcome || !v->check_stat) {
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
    v->ids = g_hash_table_new_full(g_str_hash, g_str_equal, ak_free, NULL);
    v->s1 = g_string_sized_new(256);
    v->s2 = g_string_sized_new(256);
    return v;
}

void ak_validate_free(ak_validator *v)
{
    if (!v)
        return;
    if (v->ids)
        g_hash_table_destroy(v->ids);
    if (v->s1)
        g_string_free(v->s1, TRUE);
    if (v->s2)
        g_string_free(v->s2, TRUE);
    ak_free(v->stats);
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
    g.unit_name = (char *)v->unit_name;
    g.question = (char *)question;
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
    switch (t) {
    case AK_T_YESNO:
        g_string_append(s, x->num == 10 ? "Ja" : "Nej");
        break;
    case AK_T_CHECKBOX:
        g_string_append(s, x->num == 10 ? "markeret" : "ikke markeret");
        break;
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
    gpointer first = NULL;
    if (g_hash_table_lookup_extended(v->ids, id->raw, NULL, &first)) {
        snprintf(msg, sizeof msg, "%s '%s' står også i linje %ld",
                 v->reg ? "kommunenummeret" : "nummeret", id->raw,
                 (long)GPOINTER_TO_SIZE(first));
        report(v, AK_SEV_FATAL, "id", row, cb->id_var,
               cb->vars[cb->id_var].question, id->raw, msg, NULL);
        outcome(v, R_ID, O_FAIL);
        return;
    }
    char *key = ak_strdup(id->raw);
    if (!key) {
        v->st = AK_ERR_NOMEM;
        return;
    }
    g_hash_table_insert(v->ids, key, GSIZE_TO_POINTER((gsize)row->line));
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

/* Settle a checkbox block (spec section 1) once its last box is routed. */
static void settle_block(ak_validator *v, ak_row *row, const ak_block *b)
{
    const ak_codebook *cb = v->cb;
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
        return;
    if (!filled) {
        outcome(v, R_BLOCK, O_BLANK);   /* all Uoplyst: not answered */
        return;
    }
    if (!empty) {
        outcome(v, R_BLOCK, O_PASS);
        return;
    }
    GString *q = v->s1, *m = v->s2;
    g_string_truncate(q, 0);
    for (size_t i = 0; i < b->nvars; i++) {
        ak_value *x = &row->v[b->vars[i]];
        if (x->state != AK_UOPLYST)
            continue;
        x->state = AK_ANSWERED;
        x->num = 0;
        g_string_append_printf(q, "%s%s", q->len ? ", " : "",
                               cb->vars[b->vars[i]].question);
    }
    g_string_printf(m, "afkrydsningsblokken %s er delvist udfyldt; %s",
                    b->name,
                    empty == 1 ? "det tomme felt tælles som ikke markeret"
                               : "de tomme felter tælles som ikke markeret");
    report(v, AK_SEV_NOTE, "block", row, AK_NO_VAR, q->str, NULL, m->str,
           "tomme felter talt som ikke markeret");
    outcome(v, R_BLOCK, O_FAIL);
}

static int is_question(ak_type t)
{
    return t != AK_T_ID && t != AK_T_NAME && t != AK_T_PII && t != AK_T_NOTE;
}

static void check_answers(ak_validator *v, ak_row *row)
{
    const ak_codebook *cb = v->cb;
    GString *s = v->s1;
    int any_type = 0, any_route = 0;
    for (size_t i = 0; i < cb->nvars && v->st == AK_OK; i++) {
        const ak_var *var = &cb->vars[i];
        ak_value *x = &row->v[i];
        if (!is_question(var->type))
            continue;
        if (var->asked_if && !ak_expr_eval(var->asked_if, row->v)) {
            if (x->state == AK_ANSWERED || x->state == AK_INVALID) {
                g_string_truncate(s, 0);
                routing_message(v, row, var, s);
                report(v, AK_SEV_WARNING, "routing", row, i, var->question,
                       x->raw, s->str, "ignoreret");
                outcome(v, R_ROUTING, O_FAIL);
            } else {
                /* Skipped because a filter was left blank? */
                const size_t *fv = NULL;
                size_t n = ak_expr_vars(var->asked_if, &fv);
                for (size_t k = 0; k < n; k++)
                    if (row->v[fv[k]].state == AK_UOPLYST)
                        outcome(v, R_ROUTING, O_BLANK);
            }
            x->state = AK_NOT_ASKED;
        } else if (x->state == AK_INVALID) {
            report(v, AK_SEV_WARNING, "type", row, i, var->question, x->raw,
                   type_message(var->type), "talt som Uoplyst");
            outcome(v, R_TYPE, O_FAIL);
        }
        any_type = 1;
        any_route = 1;
        if (var->block != AK_NO_VAR) {
            const ak_block *b = &cb->blocks[var->block];
            if (b->nvars && b->vars[b->nvars - 1] == i)
                settle_block(v, row, b);
        }
    }
    /* Blank answers the type rule met, after the blocks are settled. */
    for (size_t i = 0; i < cb->nvars; i++)
        if (is_question(cb->vars[i].type) && row->v[i].state == AK_UOPLYST) {
            outcome(v, R_TYPE, O_BLANK);
            break;
        }
    if (any_type)
        outcome(v, R_TYPE, O_PASS);
    if (any_route)
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

    check_id(v, row);
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

const char *ak_validate_unit(const ak_validator *v)
{
    return v->unit ? v->unit : "";
}

const char *ak_validate_unit_name(const ak_validator *v)
{
    return v->unit_name;
}

long ak_validate_rows(const ak_validator *v)
{
    return v->rows;
}

size_t ak_validate_stats(const ak_validator *v, const ak_rule_stat **stats)
{
    *stats = v->stats;
    return v->nstats;
}

const char *ak_validate_datanote(const ak_validator *v)
{
    return v->datanote;
}

const char *ak_validate_input_name(const ak_validator *v)
{
    return v->name;
}
