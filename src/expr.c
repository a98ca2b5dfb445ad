/*
 * The expression language of routing conditions and templates; the grammar
 * and semantics are documented in include/ak_expr.h.
 *
 * An expression parses into a flat array of nodes (children by index), the
 * tree that formatting and describing walk.  It is then compiled into a
 * flat program for evaluation (see "the program" below): no recursion, no
 * allocation, and the common leaves ('var op constant', 'var in a..b',
 * missing/answered/asked) are one instruction each.
 */
#include "ak_expr.h"

#include <stdio.h>
#include <string.h>

#include "ak_codebook.h"
#include "ak_ingest.h"
#include "ak_mem.h"

typedef enum {
    N_OR, N_AND, N_NOT, N_TRUE, N_FALSE,
    N_MISSING, N_ANSWERED, N_ASKED,
    N_CMP, N_IN,
    N_CONST, N_VAR, N_SUM
} node_kind;

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmp_op;

typedef struct node {
    node_kind kind;
    cmp_op op;
    int a, b;          /* child nodes (boolean or numeric) */
    size_t var;        /* N_VAR, N_MISSING, N_ANSWERED, N_ASKED */
    int64_t k, k2;     /* N_CONST value; N_IN bounds */
    size_t sum_first;  /* N_SUM: index into sumvars */
    size_t sum_n;
} node;

/*
 * The program.  One accumulator holds the value of the last condition
 * evaluated.  A leaf sets it (negated when 'neg' is set: a '!' is pushed
 * down to the leaves by De Morgan's laws at compile time, so there is no
 * NOT instruction); I_JF / I_JT jump to 'next' when it is false / true,
 * which is how '&' and '|' short-circuit; the program ends with the
 * accumulator holding the result.
 *
 * Every common leaf is one I_LEAF: the states it accepts (a bit per
 * ak_state) and, for an answered value, a range of numbers: 'var = k' is
 * the answered states and [k, k]; 'var != k' the same range with
 * 'outside' set; 'var < k' is [min, k - 1] (numbers are whole tenths);
 * missing(var) all states but answered, with the whole range; true all
 * states, false none.  So a leaf is evaluated with a few comparisons and
 * no branch.  Other comparisons (sums, two variables) are I_CMP, on the
 * tree.
 */
typedef enum {
    I_LEAF,     /* see above */
    I_CMP,      /* any other comparison: node 'next' */
    I_JF, I_JT  /* jump to next if acc is 0 / 1 */
} op_kind;

typedef struct ins {
    unsigned char op;       /* op_kind */
    unsigned char states;   /* I_LEAF: bit s set: state s may hold */
    unsigned char outside;  /* I_LEAF: the number must lie outside */
    unsigned char neg;      /* I_LEAF, I_CMP: invert the result */
    int next;               /* I_JF, I_JT: target; I_CMP: the N_CMP / N_IN
                               node */
    size_t var;             /* I_LEAF */
    int64_t lo, hi;         /* I_LEAF: the range of numbers */
} ins;

#define ST(s) (1u << (s))
#define ST_ALL (ST(AK_ANSWERED) | ST(AK_UOPLYST) | ST(AK_NOT_ASKED) | \
                ST(AK_INVALID))

struct ak_expr {
    /* What evaluation reads first, and the program right after the
     * struct in the same block (see compile()): evaluating a condition
     * touches one or two cache lines. */
    ins *prog;         /* the compiled program */
    size_t nprog;
    int general;       /* it holds an I_CMP */
    int root;
    node *nodes;
    size_t nnodes, cap;
    size_t *sumvars;
    size_t nsumvars, sumcap;
    size_t *vars;      /* distinct variables read */
    size_t nvars, varcap;
};

/* ---- parser state ------------------------------------------------------ */

typedef struct parser {
    const char *src;
    size_t len, pos;
    const ak_codebook *cb;
    size_t max_var;
    const ak_binding *bind;
    size_t nbind;
    const ak_srcloc *loc;
    ak_diags *d;
    ak_expr *e;
    ak_status st;      /* first failure */
    int depth;
} parser;

#define MAX_DEPTH 200
#define MAX_IDENT 128

/* Report a syntax error at byte offset 'at' of the expression. */
static void fail(parser *p, size_t at, const char *fmt, const char *arg)
{
    if (p->st != AK_OK)
        return;
    p->st = AK_ERR_SYNTAX;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    long col = 0;
    if (p->loc) {
        long chars = ak_utf8_chars(p->src, at < p->len ? at : p->len);
        col = p->loc->col > 0 ? p->loc->col + chars : 0;
    }
    ak_diag g = {0};
    g.sev = AK_SEV_FATAL;
    g.rule = "expression";
    g.file = p->loc ? (char *)p->loc->file : NULL;
    g.line = p->loc ? p->loc->line : 0;
    g.col = col;
    g.message = msg;
    g.context = p->loc ? (char *)p->loc->line_text : NULL;
    if (ak_diags_add(p->d, &g) != 0)
        p->st = AK_ERR_NOMEM;
}

static void nomem(parser *p)
{
    if (p->st == AK_OK)
        p->st = AK_ERR_NOMEM;
}

static int new_node(parser *p, node_kind k)
{
    ak_expr *e = p->e;
    if (ak_grow(&e->nodes, &e->cap, e->nnodes, sizeof *e->nodes, 16) != 0) {
        nomem(p);
        return -1;
    }
    node *n = &e->nodes[e->nnodes];
    memset(n, 0, sizeof *n);
    n->kind = k;
    n->a = n->b = -1;
    return (int)e->nnodes++;
}

static int note_var(parser *p, size_t v)
{
    ak_expr *e = p->e;
    for (size_t i = 0; i < e->nvars; i++)
        if (e->vars[i] == v)
            return 0;
    if (ak_grow(&e->vars, &e->varcap, e->nvars, sizeof *e->vars, 8) != 0) {
        nomem(p);
        return -1;
    }
    e->vars[e->nvars++] = v;
    return 0;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len &&
           (p->src[p->pos] == ' ' || p->src[p->pos] == '\t' ||
            p->src[p->pos] == '\r' || p->src[p->pos] == '\n'))
        p->pos++;
}

static int peek(parser *p)
{
    skip_ws(p);
    return p->pos < p->len ? (unsigned char)p->src[p->pos] : -1;
}

static int ident_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* The next word without consuming it (letters, digits, '_'); NUL if none. */
static size_t peek_word(parser *p, char *buf, size_t size)
{
    skip_ws(p);
    size_t i = p->pos, n = 0;
    while (i < p->len && ident_char((unsigned char)p->src[i]) && n + 1 < size)
        buf[n++] = p->src[i++];
    buf[n] = '\0';
    return n;
}

/* True (and consumed) when the next token is word w, not followed by an
 * identifier character or '{'. */
static int accept_word(parser *p, const char *w)
{
    char buf[MAX_IDENT];
    size_t n = peek_word(p, buf, sizeof buf);
    if (n == 0 || strcmp(buf, w) != 0)
        return 0;
    size_t after = p->pos + n;
    if (after < p->len && (ident_char((unsigned char)p->src[after]) ||
                           p->src[after] == '{'))
        return 0;
    p->pos = after;
    return 1;
}

static int expect(parser *p, char c)
{
    if (peek(p) == (unsigned char)c) {
        p->pos++;
        return 1;
    }
    char want[2] = {c, 0};
    fail(p, p->pos, "forventede '%s'", want);
    return 0;
}

/* Parse an identifier with {binding} substitution into the codebook index. */
static size_t parse_var(parser *p)
{
    skip_ws(p);
    size_t start = p->pos;
    char name[MAX_IDENT];
    size_t n = 0;
    while (p->pos < p->len) {
        int c = (unsigned char)p->src[p->pos];
        if (ident_char(c)) {
            if (n + 1 >= sizeof name) {
                fail(p, start, "for langt navn", NULL);
                return AK_NO_VAR;
            }
            name[n++] = (char)c;
            p->pos++;
        } else if (c == '{') {
            size_t bstart = p->pos++;
            size_t k = p->pos;
            while (k < p->len && p->src[k] != '}' && ident_char((unsigned char)p->src[k]))
                k++;
            if (k >= p->len || p->src[k] != '}') {
                fail(p, bstart, "uafsluttet '{' i navn", NULL);
                return AK_NO_VAR;
            }
            const char *val = NULL;
            for (size_t b = 0; b < p->nbind; b++)
                if (strlen(p->bind[b].name) == k - p->pos &&
                    memcmp(p->bind[b].name, p->src + p->pos, k - p->pos) == 0)
                    val = p->bind[b].value;
            if (!val) {
                char bn[MAX_IDENT];
                size_t bl = k - p->pos < sizeof bn - 1 ? k - p->pos : sizeof bn - 1;
                memcpy(bn, p->src + p->pos, bl);
                bn[bl] = '\0';
                fail(p, bstart, "ukendt binding '{%s}'", bn);
                return AK_NO_VAR;
            }
            size_t vl = strlen(val);
            if (n + vl + 1 >= sizeof name) {
                fail(p, start, "for langt navn", NULL);
                return AK_NO_VAR;
            }
            memcpy(name + n, val, vl);
            n += vl;
            p->pos = k + 1;
        } else {
            break;
        }
    }
    name[n] = '\0';
    if (n == 0) {
        fail(p, start, "forventede et variabelnavn", NULL);
        return AK_NO_VAR;
    }
    size_t v = ak_codebook_find(p->cb, name, n);
    if (v == AK_NO_VAR) {
        fail(p, start, "ukendt variabel '%s'", name);
        return AK_NO_VAR;
    }
    if (v >= p->max_var) {
        fail(p, start, "'%s' står ikke før denne variabel i kodebogen", name);
        return AK_NO_VAR;
    }
    if (note_var(p, v) != 0)
        return AK_NO_VAR;
    return v;
}

/* NUMBER := digits [ '.' digit ]; the value in tenths. */
static int parse_number(parser *p, int64_t *out)
{
    skip_ws(p);
    size_t start = p->pos;
    int64_t v = 0;
    int digits = 0;
    while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9') {
        if (++digits > 15) {
            fail(p, start, "for stort tal", NULL);
            return -1;
        }
        v = v * 10 + (p->src[p->pos++] - '0');
    }
    if (digits == 0) {
        fail(p, start, "forventede et tal eller en variabel", NULL);
        return -1;
    }
    v *= 10;
    /* A '.' followed by another '.' is the range operator, not a decimal. */
    if (p->pos < p->len && p->src[p->pos] == '.' &&
        !(p->pos + 1 < p->len && p->src[p->pos + 1] == '.')) {
        p->pos++;
        if (p->pos >= p->len || p->src[p->pos] < '0' || p->src[p->pos] > '9') {
            fail(p, start, "forventede et ciffer efter '.'", NULL);
            return -1;
        }
        v += p->src[p->pos++] - '0';
        if (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9') {
            fail(p, start, "tal med mere end én decimal", NULL);
            return -1;
        }
    }
    if (p->pos < p->len && ident_char((unsigned char)p->src[p->pos])) {
        fail(p, p->pos, "uventet tegn efter tal", NULL);
        return -1;
    }
    *out = v;
    return 0;
}

/* num := NUMBER | IDENT | sum(IDENT, ...) */
static int parse_num(parser *p)
{
    int c = peek(p);
    if (c >= '0' && c <= '9') {
        int64_t v;
        if (parse_number(p, &v) != 0)
            return -1;
        int n = new_node(p, N_CONST);
        if (n >= 0)
            p->e->nodes[n].k = v;
        return n;
    }
    if (accept_word(p, "sum")) {
        if (!expect(p, '('))
            return -1;
        size_t first = p->e->nsumvars, count = 0;
        for (;;) {
            size_t v = parse_var(p);
            if (v == AK_NO_VAR)
                return -1;
            ak_expr *e = p->e;
            if (ak_grow(&e->sumvars, &e->sumcap, e->nsumvars,
                        sizeof *e->sumvars, 8) != 0) {
                nomem(p);
                return -1;
            }
            e->sumvars[e->nsumvars++] = v;
            count++;
            if (peek(p) == ',') {
                p->pos++;
                continue;
            }
            break;
        }
        if (!expect(p, ')'))
            return -1;
        int n = new_node(p, N_SUM);
        if (n >= 0) {
            p->e->nodes[n].sum_first = first;
            p->e->nodes[n].sum_n = count;
        }
        return n;
    }
    if (c < 0 || (!ident_char(c) && c != '{')) {
        fail(p, p->pos, "forventede et tal eller en variabel", NULL);
        return -1;
    }
    size_t v = parse_var(p);
    if (v == AK_NO_VAR)
        return -1;
    int n = new_node(p, N_VAR);
    if (n >= 0)
        p->e->nodes[n].var = v;
    return n;
}

static int parse_or(parser *p);

static int parse_unary(parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        fail(p, p->pos, "udtrykket er for dybt indlejret", NULL);
        return -1;
    }
    int r = -1;
    int c = peek(p);
    if (c == '!') {
        p->pos++;
        int a = parse_unary(p);
        if (a < 0)
            goto out;
        r = new_node(p, N_NOT);
        if (r >= 0)
            p->e->nodes[r].a = a;
    } else if (c == '(') {
        p->pos++;
        r = parse_or(p);
        if (r >= 0 && !expect(p, ')'))
            r = -1;
    } else if (accept_word(p, "true")) {
        r = new_node(p, N_TRUE);
    } else if (accept_word(p, "false")) {
        r = new_node(p, N_FALSE);
    } else {
        static const struct { const char *w; node_kind k; } fns[] = {
            {"missing", N_MISSING}, {"answered", N_ANSWERED}, {"asked", N_ASKED},
        };
        for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
            size_t save = p->pos;
            if (accept_word(p, fns[i].w)) {
                if (peek(p) != '(') {
                    p->pos = save;
                    break;
                }
                p->pos++;
                size_t v = parse_var(p);
                if (v == AK_NO_VAR || !expect(p, ')'))
                    goto out;
                r = new_node(p, fns[i].k);
                if (r >= 0)
                    p->e->nodes[r].var = v;
                goto out;
            }
        }
        if (c < 0) {
            fail(p, p->pos, "udtrykket slutter for tidligt", NULL);
            goto out;
        }
        if (!ident_char(c) && c != '{') {
            char ch[2] = {(char)c, 0};
            fail(p, p->pos, "uventet tegn '%s'", ch);
            goto out;
        }
        int a = parse_num(p);
        if (a < 0)
            goto out;
        size_t oppos = p->pos;
        c = peek(p);
        if (accept_word(p, "in")) {
            int64_t lo, hi;
            if (parse_number(p, &lo) != 0)
                goto out;
            skip_ws(p);
            if (p->pos + 1 < p->len && p->src[p->pos] == '.' &&
                p->src[p->pos + 1] == '.') {
                p->pos += 2;
            } else {
                fail(p, p->pos, "forventede '..'", NULL);
                goto out;
            }
            if (parse_number(p, &hi) != 0)
                goto out;
            r = new_node(p, N_IN);
            if (r >= 0) {
                p->e->nodes[r].a = a;
                p->e->nodes[r].k = lo;
                p->e->nodes[r].k2 = hi;
            }
            goto out;
        }
        cmp_op op;
        const char *s = p->src + p->pos;
        size_t left = p->len - p->pos;
        if (left >= 2 && s[0] == '!' && s[1] == '=') {
            op = OP_NE; p->pos += 2;
        } else if (left >= 2 && s[0] == '<' && s[1] == '=') {
            op = OP_LE; p->pos += 2;
        } else if (left >= 2 && s[0] == '>' && s[1] == '=') {
            op = OP_GE; p->pos += 2;
        } else if (left >= 1 && s[0] == '=') {
            op = OP_EQ; p->pos += 1;
        } else if (left >= 1 && s[0] == '<') {
            op = OP_LT; p->pos += 1;
        } else if (left >= 1 && s[0] == '>') {
            op = OP_GT; p->pos += 1;
        } else {
            fail(p, oppos, "forventede en sammenligning (=, !=, <, <=, >, >=) eller 'in'", NULL);
            goto out;
        }
        int b = parse_num(p);
        if (b < 0)
            goto out;
        r = new_node(p, N_CMP);
        if (r >= 0) {
            p->e->nodes[r].op = op;
            p->e->nodes[r].a = a;
            p->e->nodes[r].b = b;
        }
    }
out:
    p->depth--;
    return p->st == AK_OK ? r : -1;
}

/* A left-associative chain 'operand (c operand)*' of nodes of kind k. */
static int parse_chain(parser *p, char c, node_kind k, int (*operand)(parser *))
{
    int l = operand(p);
    while (l >= 0 && peek(p) == c) {
        p->pos++;
        int r = operand(p);
        if (r < 0)
            return -1;
        int n = new_node(p, k);
        if (n < 0)
            return -1;
        p->e->nodes[n].a = l;
        p->e->nodes[n].b = r;
        l = n;
    }
    return l;
}

static int parse_and(parser *p)
{
    return parse_chain(p, '&', N_AND, parse_unary);
}

static int parse_or(parser *p)
{
    return parse_chain(p, '|', N_OR, parse_and);
}

/* ---- compiling --------------------------------------------------------- */

/* Make *in the leaf 'var op k' (answered, number op k). */
static void cmp_leaf(ins *in, size_t var, cmp_op op, int64_t k)
{
    in->op = I_LEAF;
    in->states = ST(AK_ANSWERED);
    in->var = var;
    in->lo = INT64_MIN;
    in->hi = INT64_MAX;
    switch (op) {
    case OP_EQ: in->lo = in->hi = k; break;
    case OP_NE: in->lo = in->hi = k; in->outside = 1; break;
    case OP_LT: in->hi = k - 1; break;
    case OP_LE: in->hi = k; break;
    case OP_GT: in->lo = k + 1; break;
    case OP_GE: in->lo = k; break;
    }
}

/* Append the instructions of boolean node n (negated when neg is set). */
static void emit(ak_expr *e, int n, int neg)
{
    /* k op var is var op' k */
    static const cmp_op flipped[] = {OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT,
                                     OP_LE};
    const node *x = &e->nodes[n];
    if (x->kind == N_NOT) {
        emit(e, x->a, !neg);
        return;
    }
    if (x->kind == N_AND || x->kind == N_OR) {
        /* a & b jumps over b when a is false, a | b when a is true;
         * negated, the roles swap: !(a & b) = !a | !b. */
        int is_or = (x->kind == N_OR) != neg;
        emit(e, x->a, neg);
        size_t j = e->nprog++;
        memset(&e->prog[j], 0, sizeof e->prog[j]);
        e->prog[j].op = is_or ? I_JT : I_JF;
        emit(e, x->b, neg);
        e->prog[j].next = (int)e->nprog;
        return;
    }
    ins *in = &e->prog[e->nprog++];
    memset(in, 0, sizeof *in);
    in->neg = (unsigned char)neg;
    /* A leaf on states only: the whole range of numbers. */
    in->op = I_LEAF;
    in->lo = INT64_MIN;
    in->hi = INT64_MAX;
    const node *a = x->a >= 0 ? &e->nodes[x->a] : NULL;
    const node *b = x->b >= 0 ? &e->nodes[x->b] : NULL;
    switch (x->kind) {
    case N_TRUE: in->states = ST_ALL; break;
    case N_FALSE: in->states = 0; break;
    case N_MISSING:
        in->states = ST_ALL & ~ST(AK_ANSWERED);
        in->var = x->var;
        break;
    case N_ANSWERED:
        in->states = ST(AK_ANSWERED);
        in->var = x->var;
        break;
    case N_ASKED:
        in->states = ST_ALL & ~ST(AK_NOT_ASKED);
        in->var = x->var;
        break;
    case N_IN:
        if (a->kind == N_VAR) {
            in->states = ST(AK_ANSWERED);
            in->var = a->var;
            in->lo = x->k;
            in->hi = x->k2;
        } else {
            in->op = I_CMP;
            in->next = n;
            e->general = 1;
        }
        break;
    case N_CMP:
        if (a->kind == N_VAR && b->kind == N_CONST) {
            cmp_leaf(in, a->var, x->op, b->k);
        } else if (a->kind == N_CONST && b->kind == N_VAR) {
            cmp_leaf(in, b->var, flipped[x->op], a->k);
        } else {
            in->op = I_CMP;
            in->next = n;
            e->general = 1;
        }
        break;
    default:   /* numeric nodes are never conditions */
        in->states = 0;
        in->neg = 0;
        break;
    }
}

/* Compile the tree of *ep into its program, which is put right after the
 * struct (*ep moves); -1 when out of memory (*ep is then unchanged). */
static int compile(ak_expr **ep)
{
    ak_expr *e = *ep;
    /* Every node gives at most one instruction. */
    e->prog = ak_calloc(e->nnodes, sizeof *e->prog);
    if (!e->prog)
        return -1;
    e->nprog = 0;
    emit(e, e->root, 0);
    /* Thread jumps: a jump that lands on a jump of the same kind would
     * jump again; one of the other kind would fall through. */
    for (size_t i = 0; i < e->nprog; i++) {
        ins *j = &e->prog[i];
        if (j->op != I_JF && j->op != I_JT)
            continue;
        size_t t = (size_t)j->next;
        while (t < e->nprog &&
               (e->prog[t].op == I_JF || e->prog[t].op == I_JT))
            t = e->prog[t].op == j->op ? (size_t)e->prog[t].next : t + 1;
        j->next = (int)t;
    }
    _Static_assert(sizeof(ak_expr) % _Alignof(ins) == 0,
                   "the program after the struct is aligned");
    ins *prog = e->prog;
    e->prog = NULL;
    ak_expr *moved = ak_realloc(e, sizeof *e + e->nprog * sizeof *prog);
    if (!moved) {
        ak_free(prog);
        return -1;
    }
    moved->prog = (ins *)(moved + 1);
    memcpy(moved->prog, prog, moved->nprog * sizeof *prog);
    ak_free(prog);
    *ep = moved;
    return 0;
}

ak_status ak_expr_parse(const char *src, size_t len, const ak_codebook *cb,
                        size_t max_var, const ak_binding *bind, size_t nbind,
                        const ak_srcloc *loc, ak_expr **out, ak_diags *d)
{
    *out = NULL;
    ak_expr *e = ak_calloc(1, sizeof *e);
    if (!e)
        return AK_ERR_NOMEM;
    parser p = {src, len, 0, cb, max_var, bind, nbind, loc, d, e, AK_OK, 0};
    int root = parse_or(&p);
    if (p.st == AK_OK && peek(&p) >= 0)
        fail(&p, p.pos, "uventet tekst efter udtrykket", NULL);
    if (p.st != AK_OK || root < 0) {
        ak_expr_free(e);
        return p.st != AK_OK ? p.st : AK_ERR_SYNTAX;
    }
    /* A bare number or variable is not a condition. */
    node_kind k = e->nodes[root].kind;
    if (k == N_CONST || k == N_VAR || k == N_SUM) {
        fail(&p, 0, "udtrykket er ikke en betingelse", NULL);
        ak_expr_free(e);
        return p.st;
    }
    e->root = root;
    if (compile(&e) != 0) {
        ak_expr_free(e);
        return AK_ERR_NOMEM;
    }
    *out = e;
    return AK_OK;
}

void ak_expr_free(ak_expr *e)
{
    if (!e)
        return;
    ak_free(e->nodes);   /* the program lives in e's block */
    ak_free(e->sumvars);
    ak_free(e->vars);
    ak_free(e);
}

/* ---- evaluation -------------------------------------------------------- */

/* Numeric value of node n: returns 1 and *v when present, 0 when missing. */
static int eval_num(const ak_expr *e, int n, const ak_value *vals, int64_t *v)
{
    const node *x = &e->nodes[n];
    switch (x->kind) {
    case N_CONST:
        *v = x->k;
        return 1;
    case N_VAR:
        if (vals[x->var].state != AK_ANSWERED)
            return 0;
        *v = vals[x->var].num;
        return 1;
    case N_SUM: {
        int64_t s = 0;
        for (size_t i = 0; i < x->sum_n; i++) {
            const ak_value *val = &vals[e->sumvars[x->sum_first + i]];
            if (val->state == AK_ANSWERED)
                s += val->num;
        }
        *v = s;
        return 1;
    }
    default:
        return 0;
    }
}

/* The evaluation loop is specialised (forced inline) for programs with and
 * without I_CMP; the rare general comparison stays out of line. */
#if defined(__GNUC__)
#define AK_NOINLINE __attribute__((noinline))
#define AK_INLINE __attribute__((always_inline)) inline
#else
#define AK_NOINLINE
#define AK_INLINE inline
#endif

/* A comparison other than 'var op constant' (sums, two variables, two
 * constants, 'sum(...) in a..b'): node n is N_CMP or N_IN. */
static AK_NOINLINE int eval_test(const ak_expr *e, int n,
                                 const ak_value *vals)
{
    const node *x = &e->nodes[n];
    int64_t a, b;
    if (!eval_num(e, x->a, vals, &a))
        return 0;
    if (x->kind == N_IN)
        return a >= x->k && a <= x->k2;
    if (!eval_num(e, x->b, vals, &b))
        return 0;
    switch (x->op) {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    }
    return 0;
}

/* An I_LEAF instruction's value: the state is one of those allowed, and
 * the number lies inside (or outside) [lo, hi]; no branch on the values. */
static AK_INLINE int leaf_value(const ins *p, const ak_value *vals)
{
    const ak_value *x = &vals[p->var];
    return ((int)((p->states >> x->state) & 1u) &
            (((x->num >= p->lo) & (x->num <= p->hi)) ^ p->outside)) ^
           p->neg;
}

/*
 * The program loop over prog[0..n) of expression e.  'general' is a
 * compile-time constant at each call: without I_CMP the loop calls
 * nothing, so it needs no saved registers and a one-leaf condition costs
 * a dozen instructions, with no branch on the values.
 */
static AK_INLINE int run(const ins *prog, size_t n, const ak_expr *e,
                         const ak_value *vals, int general)
{
    const ins *p = prog, *end = prog + n;
    int acc = 0;
    while (p < end) {
        if (p->op == I_LEAF) {
            acc = leaf_value(p, vals);
        } else if (p->op == I_JF) {
            if (!acc) {
                p = prog + p->next;
                continue;
            }
        } else if (p->op == I_JT) {
            if (acc) {
                p = prog + p->next;
                continue;
            }
        } else {
            acc = (general ? eval_test(e, p->next, vals) : 0) ^ p->neg;
        }
        p++;
    }
    return acc;
}

static AK_NOINLINE int run_general(const ins *prog, size_t n,
                                   const ak_expr *e, const ak_value *vals)
{
    return run(prog, n, e, vals, 1);
}

int ak_expr_eval(const ak_expr *e, const ak_value *vals)
{
    return e->general ? run_general(e->prog, e->nprog, e, vals)
                      : run(e->prog, e->nprog, e, vals, 0);
}

/* ---- pools ------------------------------------------------------------- */

/* A condition of a pool: its program in the pool's code. */
typedef struct pool_entry {
    const ak_expr *e;
    size_t start, n;
    int general;
    int leaf;          /* the program is one I_LEAF: no loop needed */
} pool_entry;

struct ak_expr_pool {
    pool_entry *entry;
    size_t nentry, entcap;
    ins *code;         /* the programs, one after the other */
    size_t ncode, codecap;
};

ak_expr_pool *ak_expr_pool_new(void)
{
    return ak_calloc(1, sizeof(ak_expr_pool));
}

void ak_expr_pool_free(ak_expr_pool *p)
{
    if (!p)
        return;
    ak_free(p->entry);
    ak_free(p->code);
    ak_free(p);
}

size_t ak_expr_pool_add(ak_expr_pool *p, const ak_expr *e)
{
    for (size_t i = 0; i < p->nentry; i++)
        if (ak_expr_same(p->entry[i].e, e))
            return i;
    if (ak_grow(&p->entry, &p->entcap, p->nentry, sizeof *p->entry, 32) != 0)
        return (size_t)-1;
    if (p->codecap - p->ncode < e->nprog) {
        size_t cap = p->codecap ? p->codecap : 64;
        while (cap - p->ncode < e->nprog)
            cap *= 2;
        ins *c = ak_reallocarray(p->code, cap, sizeof *c);
        if (!c)
            return (size_t)-1;
        p->code = c;
        p->codecap = cap;
    }
    memcpy(p->code + p->ncode, e->prog, e->nprog * sizeof *e->prog);
    pool_entry *x = &p->entry[p->nentry];
    x->e = e;
    x->start = p->ncode;
    x->n = e->nprog;
    x->general = e->general;
    x->leaf = e->nprog == 1 && e->prog[0].op == I_LEAF;
    p->ncode += e->nprog;
    return p->nentry++;
}

size_t ak_expr_pool_count(const ak_expr_pool *p)
{
    return p ? p->nentry : 0;
}

const ak_expr *ak_expr_pool_get(const ak_expr_pool *p, size_t i)
{
    return p->entry[i].e;
}

int ak_expr_pool_eval(const ak_expr_pool *p, size_t i, const ak_value *vals)
{
    const pool_entry *x = &p->entry[i];
    const ins *prog = p->code + x->start;
    if (x->leaf)
        return leaf_value(prog, vals);
    return x->general ? run_general(prog, x->n, x->e, vals)
                      : run(prog, x->n, x->e, vals, 0);
}

/* ---- comparing --------------------------------------------------------- */

/* Numeric nodes na of a and nb of b are the same value. */
static int same_num(const ak_expr *a, int na, const ak_expr *b, int nb)
{
    const node *x = &a->nodes[na], *y = &b->nodes[nb];
    if (x->kind != y->kind)
        return 0;
    switch (x->kind) {
    case N_CONST: return x->k == y->k;
    case N_VAR: return x->var == y->var;
    case N_SUM:
        if (x->sum_n != y->sum_n)
            return 0;
        for (size_t i = 0; i < x->sum_n; i++)
            if (a->sumvars[x->sum_first + i] != b->sumvars[y->sum_first + i])
                return 0;
        return 1;
    default:
        return 0;
    }
}

int ak_expr_same(const ak_expr *a, const ak_expr *b)
{
    if (a == b)
        return 1;
    if (!a || !b || a->nprog != b->nprog)
        return 0;
    for (size_t i = 0; i < a->nprog; i++) {
        const ins *x = &a->prog[i], *y = &b->prog[i];
        if (x->op != y->op || x->neg != y->neg || x->states != y->states ||
            x->outside != y->outside)
            return 0;
        if (x->op == I_CMP) {
            const node *m = &a->nodes[x->next], *n = &b->nodes[y->next];
            if (m->kind != n->kind || !same_num(a, m->a, b, n->a))
                return 0;
            if (m->kind == N_IN ? m->k != n->k || m->k2 != n->k2
                                : m->op != n->op || !same_num(a, m->b, b, n->b))
                return 0;
        } else if (x->next != y->next || x->var != y->var || x->lo != y->lo ||
                   x->hi != y->hi) {
            return 0;
        }
    }
    return 1;
}

size_t ak_expr_vars(const ak_expr *e, const size_t **vars)
{
    *vars = e->vars;
    return e->nvars;
}

/* ---- formatting -------------------------------------------------------- */

typedef struct fmtbuf {
    char *buf;
    size_t size, n;
    int human;         /* Danish, questions as printed (ak_expr_describe) */
} fmtbuf;

static void put(fmtbuf *f, const char *s)
{
    while (*s) {
        if (f->n + 1 < f->size)
            f->buf[f->n++] = *s;
        s++;
    }
    if (f->size)
        f->buf[f->n < f->size ? f->n : f->size - 1] = '\0';
}

static void put_tenths(fmtbuf *f, int64_t v)
{
    char tmp[32];
    if (v % 10)
        snprintf(tmp, sizeof tmp, f->human ? "%lld,%lld" : "%lld.%lld",
                 (long long)(v / 10), (long long)(v % 10));
    else
        snprintf(tmp, sizeof tmp, "%lld", (long long)(v / 10));
    put(f, tmp);
}

static void fmt_node(const ak_expr *e, const ak_codebook *cb, int n, fmtbuf *f,
                     int parent_prec)
{
    static const char *ops[] = {"=", "!=", "<", "<=", ">", ">="};
    const node *x = &e->nodes[n];
    switch (x->kind) {
    case N_OR:
    case N_AND: {
        int prec = x->kind == N_OR ? 1 : 2;
        if (prec < parent_prec)
            put(f, "(");
        fmt_node(e, cb, x->a, f, prec);
        if (f->human)
            put(f, x->kind == N_OR ? " eller " : " og ");
        else
            put(f, x->kind == N_OR ? " | " : " & ");
        fmt_node(e, cb, x->b, f, prec + 1);
        if (prec < parent_prec)
            put(f, ")");
        break;
    }
    case N_NOT:
        put(f, f->human ? "ikke " : "!");
        fmt_node(e, cb, x->a, f, 3);
        break;
    case N_TRUE: put(f, "true"); break;
    case N_FALSE: put(f, "false"); break;
    case N_MISSING:
    case N_ANSWERED:
    case N_ASKED:
        if (f->human) {
            put(f, cb->vars[x->var].question);
            put(f, x->kind == N_MISSING ? " er ubesvaret" : x->kind == N_ANSWERED ? " er besvaret" : " er spurgt");
            break;
        }
        put(f, x->kind == N_MISSING ? "missing(" : x->kind == N_ANSWERED ? "answered(" : "asked(");
        put(f, cb->vars[x->var].name);
        put(f, ")");
        break;
    case N_IN:
        fmt_node(e, cb, x->a, f, 4);
        put(f, f->human ? " mellem " : " in ");
        put_tenths(f, x->k);
        put(f, f->human ? " og " : "..");
        put_tenths(f, x->k2);
        break;
    case N_CMP:
        fmt_node(e, cb, x->a, f, 4);
        if (f->human) {
            put(f, " ");
            put(f, ops[x->op]);
            put(f, " ");
            /* A code of a yesno or checkbox variable reads as its word. */
            const node *a = &e->nodes[x->a], *b = &e->nodes[x->b];
            if (a->kind == N_VAR && b->kind == N_CONST) {
                const char *w = ak_type_value_label(cb->vars[a->var].type, b->k);
                if (w) {
                    put(f, w);
                    break;
                }
            }
        } else {
            put(f, ops[x->op]);
        }
        fmt_node(e, cb, x->b, f, 4);
        break;
    case N_CONST:
        put_tenths(f, x->k);
        break;
    case N_VAR:
        put(f, f->human ? cb->vars[x->var].question : cb->vars[x->var].name);
        break;
    case N_SUM:
        put(f, f->human ? "summen af (" : "sum(");
        for (size_t i = 0; i < x->sum_n; i++) {
            if (i)
                put(f, ", ");
            const ak_var *v = &cb->vars[e->sumvars[x->sum_first + i]];
            put(f, f->human ? v->question : v->name);
        }
        put(f, ")");
        break;
    }
}

void ak_expr_format(const ak_expr *e, const ak_codebook *cb, char *buf,
                    size_t size)
{
    fmtbuf f = {buf, size, 0, 0};
    if (size)
        buf[0] = '\0';
    fmt_node(e, cb, e->root, &f, 0);
}

void ak_expr_describe(const ak_expr *e, const ak_codebook *cb, char *buf,
                      size_t size)
{
    fmtbuf f = {buf, size, 0, 1};
    if (size)
        buf[0] = '\0';
    fmt_node(e, cb, e->root, &f, 0);
}
