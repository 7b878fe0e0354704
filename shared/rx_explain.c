/*
 * rx_explain.c: per-term score contributions. Each matched term's weight is recomputed
 * with Xapian's BM25 formula (BM25Weight, 1.4: idf from the term frequency, wdf saturated
 * by k1 and normalised by document length with b, min_normlen 0.5) and multiplied by the
 * term's query-time factor, so the list says which words in which sections made the score.
 */
#include "rx_explain.h"
#include "rx_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double get_factor(const rx_strmap_entry *e)
{
    double d;
    memcpy(&d, &e->value, sizeof d);
    return d;
}

static int walk(const rx_xq *q, double factor, rx_strmap *out)
{
    if (!q)
        return RX_OK;
    switch (q->op) {
    case RX_XQ_TERM:
    case RX_XQ_WILDCARD: {
        rx_strmap_entry *e = rx_strmap_put(out, q->term, q->term_len);
        if (!e)
            return RX_ENOMEM;
        double d = get_factor(e) + factor;
        memcpy(&e->value, &d, sizeof d);
        return RX_OK;
    }
    case RX_XQ_SCALE:
        factor *= q->scale;
        break;
    case RX_XQ_FILTER:
    case RX_XQ_AND_NOT:
        /* Only the first subquery scores. */
        return q->nkids ? walk(q->kids[0], factor, out) : RX_OK;
    default:
        break;
    }
    for (size_t i = 0; i < q->nkids; i++) {
        int rc = walk(q->kids[i], factor, out);
        if (rc)
            return rc;
    }
    return RX_OK;
}

int rx__explain_factors(const rx_xq *q, rx_strmap *out)
{
    return walk(q, 1.0, out);
}

/* The field a term belongs to, from its prefix. */
static char *field_of(const char *term, size_t len)
{
    const char *name = "other"; /* unprefixed: none in format 2 */
    size_t n = strlen(name);
    char buf[80];
    if (len && term[0] == 'Z') {
        name = "text";
        n = 4;
    } else if (len > 2 && term[0] == 'X') {
        const char *colon = memchr(term, ':', len);
        if (colon && (size_t)(colon - term) - 1 < sizeof buf) {
            n = (size_t)(colon - term) - 1;
            for (size_t i = 0; i < n; i++) {
                char c = term[1 + i];
                buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            name = buf;
        }
    }
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, name, n);
        s[n] = '\0';
    }
    return s;
}

typedef struct ctx {
    rx_hit *hit;
    rx_xmset *ms;
    size_t i;
    rx_strmap *factors;
    double k1, b;
    size_t cap;
    rx_error *err;
} ctx;

static int on_term(void *payload, const char *term, size_t len, uint32_t wdf)
{
    ctx *c = payload;
    rx_strmap_entry *f = rx_strmap_get(c->factors, term, len);
    if (!f || wdf == 0)
        return 0;
    uint32_t tf = 0, n = 0;
    double doclen = 0, avg = 0;
    int rc = rx_xmset_stats(c->ms, c->i, term, len, &tf, &n, &doclen, &avg, c->err);
    if (rc)
        return rc;
    double ratio = ((double)n - tf + 0.5) / ((double)tf + 0.5);
    if (ratio < 2)
        ratio = ratio * 0.5 + 1; /* as Xapian keeps the idf of common terms positive */
    double norm = avg > 0 ? doclen / avg : 1;
    if (norm < 0.5)
        norm = 0.5;
    double w = log(ratio) * (c->k1 + 1) * wdf / (c->k1 * ((1 - c->b) + c->b * norm) + wdf);
    w *= get_factor(f);
    if (c->hit->nexplain == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        rx_explain_item *v = realloc(c->hit->explain, cap * sizeof *v);
        if (!v)
            return RX_ENOMEM;
        c->hit->explain = v;
        c->cap = cap;
    }
    rx_explain_item *it = &c->hit->explain[c->hit->nexplain];
    it->term = malloc(len + 1);
    it->field = field_of(term, len);
    it->weight = w;
    if (!it->term || !it->field) {
        free(it->term);
        free(it->field);
        return RX_ENOMEM;
    }
    memcpy(it->term, term, len);
    it->term[len] = '\0';
    c->hit->nexplain++;
    return 0;
}

static int by_weight(const void *a, const void *b)
{
    const rx_explain_item *x = a, *y = b;
    return (x->weight < y->weight) - (x->weight > y->weight);
}

int rx__explain_hit(rx_hit *hit, rx_xmset *ms, size_t i, rx_strmap *factors, double k1, double b,
                    rx_error *err)
{
    ctx c = {hit, ms, i, factors, k1, b, 0, err};
    int rc = rx_xmset_matching_terms(ms, i, on_term, &c, err);
    if (rc == RX_ENOMEM)
        rx__fail(err, rc, NULL, 0, "out of memory");
    if (rc == RX_OK && hit->nexplain > 1)
        qsort(hit->explain, hit->nexplain, sizeof *hit->explain, by_weight);
    return rc;
}
