/*
 * bare-xapian: the floor under rxsearch's query latency.
 *
 *   bare-xapian INDEX_DIR [--limit N] < queries.txt
 *
 * For each stdin line it does only what any Xapian front end must: tokenize and stem the
 * line (rx_tokenize, rx_stem), OR the index's free-text terms ("Z" + stem, see
 * shared/rx_termgen.h) and ask Xapian for the top N by BM25 (rx_xreader_search). No query
 * syntax, stopwords, synonyms, spelling, snippets or document data: whatever rxsearch
 * spends beyond this is the cost of its features.
 *
 * It uses only shared/rx_xapian.h and rx.h, so it measures the same Xapian build and
 * wrapper as rxsearch. One line out per line in, flushed, so a driver can time each query
 * over a pipe:  "<microseconds>\t<hits>\t<estimated matches>". At EOF a summary (median,
 * p95, p99, queries/s of the time spent in search) goes to stderr.
 *
 * Exit status: 0 when every query ran, 1 when some failed, 2 on a fatal error.
 */
#include "rx.h"
#include "rx_xapian.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LIMIT 1000000 /* --limit upper bound */
#define MAX_TERMS 256     /* distinct terms per query; more are dropped */
#define TERM_MAX  240     /* bytes per term, as in rx_termgen.c */
#define BM25_K1   1.2     /* as rx_search.c */
#define BM25_B    0.75

typedef struct query {
    rx_stemmer *stemmer;
    char *terms[MAX_TERMS];  /* "Z" + stem, malloc'd */
    size_t lens[MAX_TERMS];  /* bytes in terms[i] */
    uint32_t wqf[MAX_TERMS]; /* times the term occurs in the query */
    size_t nterms;
    int oom; /* sticky: set when a term could not be copied */
} query;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One token: its stem becomes a Z term, counted once per occurrence (Xapian's wqf). */
static int on_token(void *payload, const rx_token *tok)
{
    query *q = payload;
    size_t slen;
    const char *stem = rx_stem(q->stemmer, tok->text, tok->len, &slen);
    if (q->oom || slen + 1 > TERM_MAX)
        return 0;
    for (size_t i = 0; i < q->nterms; i++) {
        if (q->lens[i] == slen + 1 && memcmp(q->terms[i] + 1, stem, slen) == 0) {
            q->wqf[i]++;
            return 0;
        }
    }
    if (q->nterms == MAX_TERMS)
        return 0;
    char *t = malloc(slen + 1);
    if (!t) {
        q->oom = 1;
        return 0;
    }
    t[0] = 'Z';
    memcpy(t + 1, stem, slen);
    q->terms[q->nterms] = t;
    q->lens[q->nterms] = slen + 1;
    q->wqf[q->nterms] = 1;
    q->nterms++;
    return 0;
}

static void query_clear(query *q)
{
    for (size_t i = 0; i < q->nterms; i++)
        free(q->terms[i]);
    q->nterms = 0;
    q->oom = 0;
}

/* Runs one line; fills hits and estimate. Returns RX_OK or an RX_E* code. */
static int run(rx_xreader *r, query *q, const char *line, size_t len, unsigned limit, size_t *hits,
               uint64_t *estimate, rx_error *err)
{
    rx_xq leaves[MAX_TERMS], *kids[MAX_TERMS];
    rx_xq root = {.op = RX_XQ_OR, .kids = kids};
    rx_xsearch opts = {.limit = limit, .k1 = BM25_K1, .b = BM25_B};
    rx_xmset *m = NULL;
    int rc;

    *hits = 0;
    *estimate = 0;
    rc = rx_tokenize(line, len, on_token, q);
    if (rc == RX_OK && q->oom)
        rc = RX_ENOMEM;
    if (rc != RX_OK || q->nterms == 0)
        goto done;
    for (size_t i = 0; i < q->nterms; i++) {
        leaves[i] = (rx_xq){
            .op = RX_XQ_TERM, .term = q->terms[i], .term_len = q->lens[i], .wqf = q->wqf[i]};
        kids[i] = &leaves[i];
    }
    root.nkids = q->nterms;
    /* Another process may commit between queries, as with rxsearch: reopen and retry. */
    for (int attempt = 0; attempt < 3; attempt++) {
        rc = rx_xreader_search(r, &root, &opts, &m, err);
        if (rc != RX_EMODIFIED)
            break;
        rc = rx_xreader_reopen(r, NULL, err);
        if (rc != RX_OK)
            break;
    }
    if (rc == RX_OK) {
        *hits = rx_xmset_size(m);
        *estimate = rx_xmset_estimate(m);
    }
done:
    rx_xmset_free(m);
    query_clear(q);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of sorted v[0..n) by the nearest-rank method. */
static double quantile(const double *v, size_t n, double q)
{
    size_t k = (size_t)(q * (double)n + 0.999999);
    return v[k ? k - 1 : 0];
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    unsigned limit = 10;
    rx_xreader *r = NULL;
    query q = {0};
    rx_error err = {0};
    char *line = NULL, buf[1024];
    size_t cap = 0, n = 0, vcap = 0;
    double *lat = NULL, total = 0;
    ssize_t len;
    int status = 2, failures = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            char *end = NULL;
            errno = 0;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (errno || !*argv[i] || *end || argv[i][0] == '-' || v == 0 || v > MAX_LIMIT) {
                fprintf(stderr, "bare-xapian: --limit needs a number from 1 to %d\n", MAX_LIMIT);
                return 2;
            }
            limit = (unsigned)v;
        } else if (argv[i][0] == '-' || path) {
            fprintf(stderr, "usage: bare-xapian INDEX_DIR [--limit N] < queries.txt\n");
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: bare-xapian INDEX_DIR [--limit N] < queries.txt\n");
        return 2;
    }
    if (rx_stemmer_new(&q.stemmer, &err) != RX_OK || rx_xreader_open(&r, path, &err) != RX_OK) {
        fprintf(stderr, "bare-xapian: %s: %s\n", path, rx_error_format(&err, buf, sizeof buf));
        goto done;
    }
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        size_t hits;
        uint64_t estimate;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        double t0 = now();
        int rc = run(r, &q, line, (size_t)len, limit, &hits, &estimate, &err);
        double dt = now() - t0;
        if (rc != RX_OK) {
            fprintf(stderr, "bare-xapian: '%s': %s\n", line,
                    rx_error_format(&err, buf, sizeof buf));
            failures++;
        }
        if (n == vcap) {
            size_t ncap = vcap ? vcap * 2 : 1024;
            double *v = realloc(lat, ncap * sizeof *v);
            if (!v) {
                fprintf(stderr, "bare-xapian: out of memory\n");
                goto done;
            }
            lat = v;
            vcap = ncap;
        }
        lat[n++] = dt;
        total += dt;
        printf("%.0f\t%zu\t%llu\n", dt * 1e6, hits, (unsigned long long)estimate);
        fflush(stdout);
    }
    if (n) {
        qsort(lat, n, sizeof *lat, cmp_double);
        fprintf(stderr,
                "bare-xapian: %zu queries: median %.3f ms, p95 %.3f ms, p99 %.3f ms, "
                "%.0f queries/s\n",
                n, quantile(lat, n, 0.5) * 1e3, quantile(lat, n, 0.95) * 1e3,
                quantile(lat, n, 0.99) * 1e3, total > 0 ? (double)n / total : 0.0);
    }
    status = failures ? 1 : 0;
done:
    free(lat);
    free(line);
    query_clear(&q);
    rx_stemmer_free(q.stemmer);
    rx_xreader_free(r);
    return status;
}
