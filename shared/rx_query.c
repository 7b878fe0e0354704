/*
 * rx_query.c: a recursive-descent parser for the query language.
 *
 *   expr    := or
 *   or      := and ("OR" and)*
 *   and     := not ("AND" not)*
 *   not     := seq ("NOT" seq)*
 *   seq     := unary+
 *   unary   := ("+" | "-")? primary
 *   primary := "(" expr ")" | field ":" (word | phrase | "(" expr ")") | phrase | word
 *
 * Operators are upper case, as in Xapian, so "and"/"or"/"not" in lower case stay words.
 * Unbalanced quotes and parentheses are closed at the end, which is what the user meant.
 */
#include "rx_query.h"
#include "rx_error.h"

#include <string.h>

enum { MAX_DEPTH = 32, MAX_KIDS = 4096 };

typedef struct parser {
    const char *q;
    size_t len, i;
    rx_arena *arena;
    rx_known_field_fn known;
    void *payload;
    size_t *unknown;
    rx_error *err;
    int depth;
    int rc; /* sticky */
} parser;

static int fail(parser *p, const char *fmt, const char *part, size_t plen, size_t at)
{
    if (!p->rc) {
        char frag[48];
        size_t n = plen < sizeof frag - 1 ? plen : sizeof frag - 1;
        memcpy(frag, part, n);
        frag[n] = '\0';
        p->rc = rx__fail(p->err, RX_EQUERY, NULL, 0, fmt, frag, at + 1);
        if (p->err)
            p->err->column = (int)at + 1;
    }
    return p->rc;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\f' || c == '\v';
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A '/' at i between two words of four letters or more ("dosage/quetiapine",
 * "epilepsy/seizures") separates them as a space would; "mg/day", "and/or", "dose/day"
 * stay one word, matched as a phrase. */
static int splits_at(const parser *p, size_t i)
{
    if (i >= p->len || p->q[i] != '/')
        return 0;
    size_t before = 0, after = 0;
    while (before < i && is_letter(p->q[i - 1 - before]))
        before++;
    while (i + 1 + after < p->len && is_letter(p->q[i + 1 + after]))
        after++;
    int word_before = before == i || !is_letter(p->q[i - 1 - before]);
    return word_before && before >= 4 && after >= 4;
}

static void skip_space(parser *p)
{
    while (p->i < p->len && (is_space(p->q[p->i]) || splits_at(p, p->i)))
        p->i++;
}

/* End of a bare word: up to white space, a parenthesis, a quote or a '/' between words. */
static size_t word_end(const parser *p, size_t i)
{
    while (i < p->len && !is_space(p->q[i]) && p->q[i] != '(' && p->q[i] != ')' && p->q[i] != '"' &&
           !splits_at(p, i))
        i++;
    return i;
}

static int at_operator(const parser *p, const char *op)
{
    size_t n = strlen(op), e = word_end(p, p->i);
    return e - p->i == n && memcmp(p->q + p->i, op, n) == 0;
}

static rx_qnode *node(parser *p, rx_qtype t)
{
    rx_qnode *n = rx_arena_alloc(p->arena, sizeof *n);
    if (!n && !p->rc)
        p->rc = rx__fail(p->err, RX_ENOMEM, NULL, 0, "out of memory");
    if (n)
        n->type = t;
    return n;
}

static int add_kid(parser *p, rx_qnode *parent, rx_qnode *kid, size_t *cap)
{
    if (parent->nkids >= MAX_KIDS)
        return fail(p, "too many terms in the query (the limit is 4096): '%s' at column %zu", "", 0,
                    p->i);
    rx_qnode **k =
        rx_arena_grow(p->arena, parent->kids, parent->nkids, cap, parent->nkids + 1, sizeof *k);
    if (!k) {
        p->rc = rx__fail(p->err, RX_ENOMEM, NULL, 0, "out of memory");
        return p->rc;
    }
    parent->kids = k;
    parent->kids[parent->nkids++] = kid;
    return 0;
}

static rx_qnode *parse_or(parser *p);

static void set_field(rx_qnode *n, const char *field)
{
    if (!n)
        return;
    if (n->type == RX_Q_WORD || n->type == RX_Q_PHRASE || n->type == RX_Q_PREFIX) {
        n->field = field;
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        set_field(n->kids[i], field);
}

static rx_qnode *phrase(parser *p)
{
    size_t start = ++p->i; /* past the opening quote */
    while (p->i < p->len && p->q[p->i] != '"')
        p->i++;
    rx_qnode *n = node(p, RX_Q_PHRASE);
    if (n) {
        n->text = p->q + start;
        n->len = p->i - start;
        n->offset = start;
    }
    if (p->i < p->len)
        p->i++; /* closing quote */
    return n;
}

static rx_qnode *group(parser *p)
{
    size_t open = p->i++;
    if (++p->depth > MAX_DEPTH) {
        fail(p, "parentheses nested too deep%s at column %zu", "", 0, open);
        return NULL;
    }
    rx_qnode *n = parse_or(p);
    skip_space(p);
    if (p->i < p->len && p->q[p->i] == ')')
        p->i++;
    p->depth--;
    return n;
}

static rx_qnode *word(parser *p)
{
    size_t start = p->i, end = word_end(p, p->i);
    p->i = end;
    rx_qnode *n;
    if (end - start >= 1 && p->q[end - 1] == '*') {
        size_t plen = end - 1 - start;
        while (plen && p->q[start + plen - 1] == '*')
            plen--;
        if (plen < 2) {
            fail(p, "wildcard '%s' needs at least two letters before '*' (column %zu)",
                 p->q + start, end - start, start);
            return NULL;
        }
        n = node(p, RX_Q_PREFIX);
        if (n) {
            n->text = p->q + start;
            n->len = plen;
            n->offset = start;
        }
        return n;
    }
    n = node(p, RX_Q_WORD);
    if (n) {
        n->text = p->q + start;
        n->len = end - start;
        n->offset = start;
    }
    return n;
}

/* "name:" at p->i, followed by something to search: returns the name's length or 0. */
static size_t field_name(const parser *p)
{
    size_t i = p->i;
    while (i < p->len && ((p->q[i] >= 'a' && p->q[i] <= 'z') || p->q[i] == '_'))
        i++;
    if (i == p->i || i + 1 >= p->len || p->q[i] != ':' || is_space(p->q[i + 1]) ||
        p->q[i + 1] == ')')
        return 0;
    return i - p->i;
}

static rx_qnode *primary(parser *p)
{
    skip_space(p);
    if (p->i >= p->len)
        return NULL;
    char c = p->q[p->i];
    if (c == '(')
        return group(p);
    if (c == '"')
        return phrase(p);
    size_t flen = field_name(p);
    if (flen) {
        const char *name = p->q + p->i;
        if (flen == 6 && memcmp(name, "banned", 6) == 0) {
            size_t v = p->i + 7, e = word_end(p, v);
            int yes = (e - v == 3 && memcmp(p->q + v, "yes", 3) == 0) ||
                      (e - v == 4 && memcmp(p->q + v, "true", 4) == 0);
            int no = (e - v == 2 && memcmp(p->q + v, "no", 2) == 0) ||
                     (e - v == 5 && memcmp(p->q + v, "false", 5) == 0);
            if (!yes && !no) {
                fail(p, "'banned:' takes yes or no, not '%s' (column %zu)", p->q + v, e - v, v);
                return NULL;
            }
            p->i = e;
            rx_qnode *n = node(p, RX_Q_FILTER);
            if (n) {
                n->text = yes ? "XBANNED:yes" : "XBANNED:no";
                n->len = strlen(n->text);
                n->offset = v;
            }
            return n;
        }
        if (p->known(p->payload, name, flen)) {
            p->i += flen + 1;
            char *field = rx_arena_strndup(p->arena, name, flen);
            rx_qnode *n = p->q[p->i] == '(' ? group(p) : p->q[p->i] == '"' ? phrase(p) : word(p);
            set_field(n, field);
            return n;
        }
        if (p->unknown && !*p->unknown)
            *p->unknown = p->i + 1;
    }
    return word(p);
}

static rx_qnode *seq(parser *p)
{
    rx_qnode *s = node(p, RX_Q_SEQ);
    size_t cap = 0;
    while (s && !p->rc) {
        skip_space(p);
        if (p->i >= p->len || p->q[p->i] == ')' || at_operator(p, "AND") || at_operator(p, "OR") ||
            at_operator(p, "NOT"))
            break;
        int sign = 0;
        if ((p->q[p->i] == '+' || p->q[p->i] == '-') && p->i + 1 < p->len &&
            !is_space(p->q[p->i + 1])) {
            sign = p->q[p->i] == '+' ? 1 : -1;
            p->i++;
        }
        rx_qnode *k = primary(p);
        if (!k)
            continue;
        k->sign = sign;
        add_kid(p, s, k, &cap);
    }
    return s;
}

typedef rx_qnode *(*level_fn)(parser *);

/* One binary level: operand (OP operand)*, all operands under one node. */
static rx_qnode *binary(parser *p, const char *op, rx_qtype type, level_fn operand)
{
    size_t start = p->i;
    rx_qnode *left = operand(p);
    skip_space(p);
    if (p->rc || !at_operator(p, op))
        return left;
    rx_qnode *n = node(p, type);
    size_t cap = 0;
    if (!n)
        return NULL;
    if (!left || left->nkids == 0) {
        fail(p, "'%s' needs something to search before it (column %zu)", op, strlen(op),
             p->i > start ? p->i : start);
        return NULL;
    }
    add_kid(p, n, left, &cap);
    while (!p->rc && at_operator(p, op)) {
        size_t at = p->i;
        p->i += strlen(op);
        rx_qnode *right = operand(p);
        if (!right || right->nkids == 0) {
            fail(p, "'%s' needs something to search after it (column %zu)", op, strlen(op), at);
            return NULL;
        }
        add_kid(p, n, right, &cap);
        skip_space(p);
    }
    return n;
}

static rx_qnode *parse_not(parser *p)
{
    return binary(p, "NOT", RX_Q_NOT, seq);
}

static rx_qnode *parse_and(parser *p)
{
    return binary(p, "AND", RX_Q_AND, parse_not);
}

static rx_qnode *parse_or(parser *p)
{
    return binary(p, "OR", RX_Q_OR, parse_and);
}

int rx__query_parse(rx_qnode **out, const char *query, size_t len, rx_arena *arena,
                    rx_known_field_fn known_field, void *payload, size_t *unknown_field,
                    rx_error *err)
{
    parser p = {query, len, 0, arena, known_field, payload, unknown_field, err, 0, 0};
    *out = NULL;
    if (unknown_field)
        *unknown_field = 0;
    rx_qnode *root = parse_or(&p);
    while (!p.rc) {
        skip_space(&p);
        if (p.i >= p.len)
            break;
        if (p.q[p.i] != ')') {
            /* Only an operator with nothing before it can stop the parser here. */
            size_t e = word_end(&p, p.i);
            fail(&p, "'%s' needs something to search before it (column %zu)", p.q + p.i, e - p.i,
                 p.i);
            break;
        }
        p.i++; /* a stray ')' is dropped; what follows joins as more optional terms */
        rx_qnode *more = parse_or(&p);
        rx_qnode *s = node(&p, RX_Q_SEQ);
        size_t cap = 0;
        if (p.rc || !s)
            break;
        if (root)
            add_kid(&p, s, root, &cap);
        if (more)
            add_kid(&p, s, more, &cap);
        root = s;
    }
    if (p.rc)
        return p.rc;
    *out = root;
    return RX_OK;
}
