/*
 * Templates, the parser state, template diagnostics and the lexer; see tpl.h and include/ak_template.h.
 */
#include "tpl.h"

void tpl_tok_clear(tok *t)
{
    ak_free(t->text);
    ak_free(t->value);
    memset(t, 0, sizeof *t);
}
/* ---- lexer --------------------------------------------------------------- */

void tpl_nomem(pstate *p)
{
    p->st = AK_ERR_NOMEM;
}


void tpl_err_at(pstate *p, long line, long col, const char *ctx,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ak_diag g = {0};
    g.sev = AK_SEV_FATAL;
    g.rule = "template";
    g.file = (char *)p->file;
    g.line = line;
    g.col = col;
    g.message = msg;
    g.context = (char *)ctx;
    if (ak_diags_add(p->d, &g) != 0)
        p->st = AK_ERR_NOMEM;
    else if (p->st == AK_OK)
        p->st = AK_ERR_SYNTAX;
}

int tpl_loc_set(pstate *p, loc *l, size_t off)
{
    l->line = p->lineno;
    l->col = tpl_char_col(p->line, off);
    l->ctx = ak_strdup(p->line);
    if (!l->ctx) {
        tpl_nomem(p);
        return -1;
    }
    return 0;
}

void tpl_srcx_free(srcx *s)
{
    ak_free(s->text);
    ak_free(s->ctx);
    memset(s, 0, sizeof *s);
}

/* ---- lexing one token --------------------------------------------------- */

size_t tpl_skip_blank(const char *s, size_t i)
{
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    return i;
}

/* Read a quoted string at s[*i] == '"'; *out is the unescaped content.
 * Returns 0, or -1 after reporting (unterminated) or on OOM. */
static int lex_string(pstate *p, size_t *i, char **out)
{
    const char *s = p->line;
    size_t start = *i, j = *i + 1;
    sbuf b = {0};
    ak_sbuf_add(&b, "", 0);
    for (;;) {
        char c = s[j];
        if (c == '\0') {
            ak_free(b.s);
            ERR(p, start, "uafsluttet tekst i anførselstegn");
            return -1;
        }
        if (c == '"')
            break;
        if (c == '\\' && (s[j + 1] == '"' || s[j + 1] == '\\')) {
            ak_sbuf_add(&b, s + j + 1, 1);
            j += 2;
            continue;
        }
        ak_sbuf_add(&b, s + j, 1);
        j++;
    }
    if (b.oom) {
        ak_free(b.s);
        tpl_nomem(p);
        return -1;
    }
    *i = j + 1;
    *out = b.s;
    return 0;
}

/*
 * The next token at or after *i.  Returns 1 with *t filled, 0 at the end of
 * the tpl_statement (end of line or a '#' comment), -1 on error (reported).
 */
int tpl_lex_tok(pstate *p, size_t *i, tok *t)
{
    const char *s = p->line;
    memset(t, 0, sizeof *t);
    size_t j = tpl_skip_blank(s, *i);
    if (s[j] == '\0' || s[j] == '#') {
        *i = j;
        return 0;
    }
    t->off = j;
    if (s[j] == '"') {
        t->kind = TK_STRING;
        if (lex_string(p, &j, &t->text) != 0)
            return -1;
        if (s[j] != '\0' && s[j] != ' ' && s[j] != '\t') {
            ERR(p, j, "forventede mellemrum efter teksten i anførselstegn");
            tpl_tok_clear(t);
            return -1;
        }
        *i = j;
        return 1;
    }
    size_t k = j;
    while (s[k] && s[k] != ' ' && s[k] != '\t' && s[k] != '=' && s[k] != '"')
        k++;
    if (s[k] == '=' && k > j) {
        t->kind = TK_ATTR;
        t->text = ak_strndup(s + j, k - j);
        if (!t->text) {
            tpl_nomem(p);
            return -1;
        }
        k++;
        t->voff = k;
        if (s[k] == '"') {
            t->vquoted = 1;
            t->voff = k + 1;
            if (lex_string(p, &k, &t->value) != 0) {
                tpl_tok_clear(t);
                return -1;
            }
        } else {
            size_t v = k;
            while (s[k] && s[k] != ' ' && s[k] != '\t')
                k++;
            t->value = ak_strndup(s + v, k - v);
            if (!t->value) {
                tpl_tok_clear(t);
                tpl_nomem(p);
                return -1;
            }
        }
        if (s[k] != '\0' && s[k] != ' ' && s[k] != '\t') {
            ERR(p, k, "forventede mellemrum efter værdien af '%s'", t->text);
            tpl_tok_clear(t);
            return -1;
        }
        *i = k;
        return 1;
    }
    while (s[k] && s[k] != ' ' && s[k] != '\t')
        k++;
    t->kind = TK_WORD;
    t->text = ak_strndup(s + j, k - j);
    if (!t->text) {
        tpl_nomem(p);
        return -1;
    }
    *i = k;
    return 1;
}

