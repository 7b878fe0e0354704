/* test_xapian.c: the C wrapper around Xapian, from plain C (LevelDB's c_test.c), with one
 * test per failure: missing index, second writer, bad query tree, corrupt file. */
#include "harness.h"
#include "rx_xapian.h"

#include <stdint.h>
#include <unistd.h>

static char dir[256];

static int count_term(void *payload, const char *term, size_t len, uint32_t wdf)
{
    (void)term, (void)len, (void)wdf;
    ++*(int *)payload;
    return 0;
}

static void test_roundtrip(void)
{
    rx_error err = {0};
    rx_xdb *db = NULL;
    rx_xdoc *doc = NULL;
    INT_EQ(rx_xdb_open(&db, dir, &err), RX_OK, "create a writable index");
    INT_EQ(rx_xdoc_new(&doc, &err), RX_OK, "new document");
    INT_EQ(rx_xdoc_add_posting(doc, "nerve", 5, 1, 1, &err), RX_OK, "posting");
    INT_EQ(rx_xdoc_add_posting(doc, "pain", 4, 2, 1, &err), RX_OK, "posting");
    INT_EQ(rx_xdoc_add_term(doc, "Znerv", 5, 6, &err), RX_OK, "term");
    INT_EQ(rx_xdoc_add_boolean(doc, "Qa.md", 5, &err), RX_OK, "id term");
    INT_EQ(rx_xdoc_set_data(doc, "hello", 5, &err), RX_OK, "data");
    INT_EQ(rx_xdoc_set_value(doc, 0, "sig", 3, &err), RX_OK, "value");
    INT_EQ(rx_xdb_replace(db, "Qa.md", 5, doc, &err), RX_OK, "replace");
    INT_EQ(rx_xdb_replace(db, "Qa.md", 5, doc, &err), RX_OK, "replace again: no duplicate");
    INT_EQ(rx_xdb_set_metadata(db, "k", "v", 1, &err), RX_OK, "metadata");
    INT_EQ(rx_xdb_add_synonym(db, "high bp", 7, "hypertension", 12, &err), RX_OK, "synonym");

    /* A second writer must be refused while the first holds the lock. */
    rx_xdb *db2 = NULL;
    rx_error lerr = {0};
    INT_EQ(rx_xdb_open(&db2, dir, &lerr), RX_ELOCKED, "second writer is locked out");
    STR_HAS(lerr.msg, "locked by another indexer", "lock message");
    OK(db2 == NULL, "no handle on failure");

    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdoc_free(doc);
    rx_xdb_free(db);

    rx_xreader *r = NULL;
    INT_EQ(rx_xreader_open(&r, dir, &err), RX_OK, "open for reading");
    uint32_t n = 0;
    INT_EQ(rx_xreader_doccount(r, &n, &err), RX_OK, "doccount");
    INT_EQ(n, 1, "one document after two replaces");
    INT_EQ(rx_xreader_termfreq(r, "Znerv", 5, &n, &err), RX_OK, "termfreq");
    INT_EQ(n, 1, "term present");
    char *s = NULL;
    size_t len = 0;
    INT_EQ(rx_xreader_metadata(r, "k", &s, &len, &err), RX_OK, "read metadata");
    STR_EQ(s, "v", "metadata value");
    free(s);

    rx_xq t1 = {.op = RX_XQ_TERM, .term = "nerve", .term_len = 5};
    rx_xq t2 = {.op = RX_XQ_TERM, .term = "pain", .term_len = 4};
    rx_xq *kids[] = {&t1, &t2};
    rx_xq ph = {.op = RX_XQ_PHRASE, .kids = kids, .nkids = 2, .window = 2};
    rx_xsearch o = {.limit = 10, .k1 = 1.2, .b = 0.75, .max_expansion = 10};
    rx_xmset *m = NULL;
    INT_EQ(rx_xreader_search(r, &ph, &o, &m, &err), RX_OK, "phrase search");
    INT_EQ(rx_xmset_size(m), 1, "phrase found");
    INT_EQ(rx_xmset_data(m, 0, &s, &len, &err), RX_OK, "hit data");
    STR_EQ(s, "hello", "data round trip");
    free(s);
    INT_EQ(rx_xmset_value(m, 0, 0, &s, &len, &err), RX_OK, "hit value");
    STR_EQ(s, "sig", "value round trip");
    free(s);
    INT_EQ(rx_xmset_value(m, 0, 7, &s, &len, &err), RX_OK, "unset value slot");
    INT_EQ(len, 0, "unset value is empty");
    free(s);
    rx_xmset_free(m);

    rx_xq bad = {.op = RX_XQ_SCALE, .kids = kids, .nkids = 2, .scale = 2};
    rx_error qerr = {0};
    INT_EQ(rx_xreader_search(r, &bad, &o, &m, &qerr), RX_EXAPIAN, "malformed query tree");
    STR_HAS(qerr.msg, "SCALE takes one subquery", "its message is copied");
    OK(m == NULL, "no result set on failure");
    rx_xreader_free(r);
}

/* The page of a search whose hits matching `first` rank before the others, by data. */
static void page_of(rx_xreader *r, const rx_xq *q, const rx_xq *first, int weighted_only,
                    unsigned offset, unsigned limit, char *out, size_t size)
{
    rx_error err = {0};
    rx_xsearch o = {.offset = offset,
                    .limit = limit,
                    .k1 = 1.2,
                    .b = 0.75,
                    .first = first,
                    .weighted_only = weighted_only};
    rx_xmset *m = NULL;
    out[0] = '\0';
    if (rx_xreader_search(r, q, &o, &m, &err) != RX_OK)
        return;
    for (size_t i = 0; i < rx_xmset_size(m); i++) {
        char *s = NULL;
        size_t len = 0;
        if (rx_xmset_data(m, i, &s, &len, &err) == RX_OK)
            snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", s);
        free(s);
    }
    snprintf(out + strlen(out), size - strlen(out), " (%llu)",
             (unsigned long long)rx_xmset_estimate(m));
    rx_xmset_free(m);
}

static void page(rx_xreader *r, const rx_xq *q, const rx_xq *first, unsigned offset, unsigned limit,
                 char *out, size_t size)
{
    page_of(r, q, first, 0, offset, limit, out, size);
}

/* Writes doc as document "d<i>" (id term "Qd<i>", data "d<i>") and frees it. */
static int put_doc(rx_xdb *db, int i, rx_xdoc *doc, rx_error *err)
{
    char id[16], data[16];
    snprintf(id, sizeof id, "Qd%d", i);
    snprintf(data, sizeof data, "d%d", i);
    rx_xdoc_set_data(doc, data, strlen(data), err);
    int rc = rx_xdb_replace(db, id, strlen(id), doc, err);
    rx_xdoc_free(doc);
    return rc;
}

static void remove_tree(const char *path)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", path);
}

static void test_first(void)
{
    /* d1..d5 hold "pain" 5..1 times; d4 and d5 are tagged. */
    char path[300];
    snprintf(path, sizeof path, "%s-first", dir);
    rx_error err = {0};
    rx_xdb *db = NULL;
    INT_EQ(rx_xdb_open(&db, path, &err), RX_OK, "create an index");
    for (int i = 1; i <= 5; i++) {
        rx_xdoc *doc = NULL;
        rx_xdoc_new(&doc, &err);
        rx_xdoc_add_term(doc, "pain", 4, (unsigned)(6 - i), &err);
        rx_xdoc_add_term(doc, "filler", 6, 5, &err);
        if (i >= 4)
            rx_xdoc_add_boolean(doc, "Xtag", 4, &err);
        INT_EQ(put_doc(db, i, doc, &err), RX_OK, "add a document");
    }
    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdb_free(db);
    rx_xreader *r = NULL;
    INT_EQ(rx_xreader_open(&r, path, &err), RX_OK, "open for reading");
    rx_xq pain = {.op = RX_XQ_TERM, .term = "pain", .term_len = 4};
    rx_xq tag = {.op = RX_XQ_TERM, .term = "Xtag", .term_len = 4};
    char got[256];
    page(r, &pain, NULL, 0, 10, got, sizeof got);
    STR_EQ(got, "d1 d2 d3 d4 d5 (5)", "by weight");
    page(r, &pain, &tag, 0, 10, got, sizeof got);
    STR_EQ(got, "d4 d5 d1 d2 d3 (5)", "the tagged first, each part by weight");
    page(r, &pain, &tag, 1, 2, got, sizeof got);
    STR_EQ(got, "d5 d1 (5)", "a page across both parts");
    page(r, &pain, &tag, 3, 5, got, sizeof got);
    STR_EQ(got, "d2 d3 (5)", "a page past the first part");
    page(r, &pain, &tag, 0, 1, got, sizeof got);
    STR_EQ(got, "d4 (5)", "a page inside the first part");
    rx_xq none = {.op = RX_XQ_TERM, .term = "Xnone", .term_len = 5};
    page(r, &pain, &none, 0, 10, got, sizeof got);
    STR_EQ(got, "d1 d2 d3 d4 d5 (5)", "nothing to put first");

    /* A hit keeps its weight and its matching terms in either part. */
    rx_xsearch o = {.limit = 10, .k1 = 1.2, .b = 0.75};
    rx_xmset *plain = NULL, *firsts = NULL;
    rx_xreader_search(r, &pain, &o, &plain, &err);
    o.first = &tag;
    rx_xreader_search(r, &pain, &o, &firsts, &err);
    OK(plain && firsts && rx_xmset_weight(plain, 3) == rx_xmset_weight(firsts, 0),
       "d4 weighs the same when it comes first");
    int nterms = 0;
    INT_EQ(rx_xmset_matching_terms(firsts, 0, count_term, &nterms, &err), RX_OK, "terms of d4");
    INT_EQ(nterms, 2, "d4 matches pain, and the tag that put it first");
    rx_xmset_free(plain);
    rx_xmset_free(firsts);
    rx_xreader_free(r);
    remove_tree(path);
}

static void test_weighted_only(void)
{
    /* 300 documents hold "common"; d1 and d2 also "rare". A word in every document weighs
     * next to nothing (BM25's idf of 0.5/300.5), so a hit that has only it is no answer,
     * unless no hit weighs more. */
    char path[300];
    snprintf(path, sizeof path, "%s-weighted", dir);
    rx_error err = {0};
    rx_xdb *db = NULL;
    INT_EQ(rx_xdb_open(&db, path, &err), RX_OK, "create an index");
    int added = 0;
    for (int i = 1; i <= 300; i++) {
        rx_xdoc *doc = NULL;
        rx_xdoc_new(&doc, &err);
        rx_xdoc_add_term(doc, "common", 6, 1, &err);
        if (i <= 2)
            rx_xdoc_add_term(doc, "rare", 4, (unsigned)(3 - i), &err);
        if (i == 2)
            rx_xdoc_add_boolean(doc, "Xsecond", 7, &err);
        added += put_doc(db, i, doc, &err) == RX_OK;
    }
    INT_EQ(added, 300, "300 documents");
    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdb_free(db);
    rx_xreader *r = NULL;
    INT_EQ(rx_xreader_open(&r, path, &err), RX_OK, "open for reading");
    rx_xq rare = {.op = RX_XQ_TERM, .term = "rare", .term_len = 4};
    rx_xq common = {.op = RX_XQ_TERM, .term = "common", .term_len = 6};
    rx_xq either = {.op = RX_XQ_OR, .kids = (rx_xq *[]){&rare, &common}, .nkids = 2};
    rx_xq d2 = {.op = RX_XQ_TERM, .term = "Xsecond", .term_len = 7};
    char got[4096];
    page_of(r, &either, NULL, 0, 0, 3, got, sizeof got);
    OK(strncmp(got, "d1 d2 d", 7) == 0 && strstr(got, "(300)"), "every hit, unweighted ones too");
    page_of(r, &either, NULL, 1, 0, 3, got, sizeof got);
    STR_EQ(got, "d1 d2 (2)", "weighted_only: the hits that weigh something");
    page_of(r, &either, &d2, 1, 0, 3, got, sizeof got);
    STR_EQ(got, "d2 d1 (2)", "and with a first part");
    page_of(r, &either, NULL, 1, 2, 3, got, sizeof got);
    STR_EQ(got, " (2)", "a page past the weighted hits is empty");
    page_of(r, &common, NULL, 1, 0, 3, got, sizeof got);
    OK(strstr(got, "(300)") != NULL, "a query of unweighted words keeps its hits");
    rx_xreader_free(r);
    remove_tree(path);
}

/* Each hit's weight in m by its data ("d<i>" at w[i]); the number of hits. */
static size_t weights_of(rx_xreader *r, const rx_xq *q, double *w, size_t n)
{
    rx_error err = {0};
    rx_xsearch o = {.limit = 100, .k1 = 1.2, .b = 0.75};
    rx_xmset *m = NULL;
    for (size_t i = 0; i < n; i++)
        w[i] = 0;
    if (rx_xreader_search(r, q, &o, &m, &err) != RX_OK)
        return 0;
    size_t hits = rx_xmset_size(m);
    for (size_t i = 0; i < hits; i++) {
        char *s = NULL;
        size_t len = 0;
        int d = 0;
        if (rx_xmset_data(m, i, &s, &len, &err) == RX_OK && sscanf(s, "d%d", &d) == 1 && d >= 0 &&
            (size_t)d < n)
            w[d] = rx_xmset_weight(m, i);
        free(s);
    }
    rx_xmset_free(m);
    return hits;
}

static void test_or_weights(void)
{
    /* The wrapper spreads nested ORs and scales into one OR and merges a term's copies
     * into one, weighted by the sum of their scales: each hit must weigh what the tree
     * says, the sum over the subqueries it matches of their weights times their scales. */
    enum { N = 12 };
    char path[300];
    snprintf(path, sizeof path, "%s-or", dir);
    rx_error err = {0};
    rx_xdb *db = NULL;
    INT_EQ(rx_xdb_open(&db, path, &err), RX_OK, "create an index");
    for (int i = 1; i < N; i++) {
        rx_xdoc *doc = NULL;
        rx_xdoc_new(&doc, &err);
        if (i % 2)
            rx_xdoc_add_term(doc, "a", 1, (unsigned)i, &err);
        if (i % 3)
            rx_xdoc_add_term(doc, "b", 1, 1, &err);
        if (i % 4 == 0)
            rx_xdoc_add_term(doc, "c", 1, 2, &err);
        rx_xdoc_add_term(doc, "filler", 6, (unsigned)(i % 5 + 1), &err);
        put_doc(db, i, doc, &err);
    }
    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdb_free(db);
    rx_xreader *r = NULL;
    INT_EQ(rx_xreader_open(&r, path, &err), RX_OK, "open for reading");
    rx_xq a = {.op = RX_XQ_TERM, .term = "a", .term_len = 1};
    rx_xq b = {.op = RX_XQ_TERM, .term = "b", .term_len = 1};
    rx_xq c = {.op = RX_XQ_TERM, .term = "c", .term_len = 1};
    rx_xq half_a = {.op = RX_XQ_SCALE, .scale = 0.5, .kids = (rx_xq *[]){&a}, .nkids = 1};
    rx_xq some_c = {.op = RX_XQ_SCALE, .scale = 0.6, .kids = (rx_xq *[]){&c}, .nkids = 1};
    rx_xq a_or_b = {.op = RX_XQ_OR, .kids = (rx_xq *[]){&a, &b}, .nkids = 2};
    rx_xq b_or_c = {.op = RX_XQ_OR, .kids = (rx_xq *[]){&b, &some_c}, .nkids = 2};
    rx_xq twice = {.op = RX_XQ_SCALE, .scale = 2, .kids = (rx_xq *[]){&b_or_c}, .nkids = 1};
    rx_xq a_and_c = {.op = RX_XQ_AND, .kids = (rx_xq *[]){&a, &c}, .nkids = 2};
    rx_xq both = {.op = RX_XQ_SCALE, .scale = 0.7, .kids = (rx_xq *[]){&a_and_c}, .nkids = 1};
    /* 0.5a + (a + b) + 2(b + 0.6c) + 0.7(a AND c) = 1.5a + 3b + 1.2c + 0.7(a AND c) */
    rx_xq all = {.op = RX_XQ_OR, .kids = (rx_xq *[]){&half_a, &a_or_b, &twice, &both}, .nkids = 4};
    double wa[N], wb[N], wc[N], wall[N];
    weights_of(r, &a, wa, N);
    weights_of(r, &b, wb, N);
    weights_of(r, &c, wc, N);
    size_t hits = weights_of(r, &all, wall, N);
    INT_EQ((long long)hits, 10, "every document with a, b or c (all but d6)");
    int same = 0;
    for (int i = 1; i < N; i++) {
        double want =
            1.5 * wa[i] + 3 * wb[i] + 1.2 * wc[i] + (wa[i] && wc[i] ? 0.7 * (wa[i] + wc[i]) : 0);
        double diff = wall[i] - want;
        same += diff < 1e-9 && diff > -1e-9;
        if (!(diff < 1e-9 && diff > -1e-9))
            printf("# d%d weighs %.9f, the tree says %.9f\n", i, wall[i], want);
    }
    INT_EQ(same, N - 1, "each hit weighs the sum of its subqueries' weights times their scales");
    rx_xreader_free(r);
    remove_tree(path);
}

static void test_missing(void)
{
    rx_xreader *r = NULL;
    rx_error err = {0};
    INT_EQ(rx_xreader_open(&r, "/nonexistent/index", &err), RX_ENOTFOUND, "missing index");
    OK(err.msg[0] != '\0', "missing index has a message");
    INT_EQ(rx_xreader_open(NULL, "x", &err), RX_EINVAL, "NULL out is refused");
    rx_xreader_free(NULL);
    rx_xdb_free(NULL);
    rx_xmset_free(NULL);
}

static void test_corrupt(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/termlist.glass", dir);
    FILE *f = fopen(path, "r+b");
    OK(f != NULL, "open a table file to damage");
    if (!f)
        return;
    char junk[8192];
    memset(junk, 0x5a, sizeof junk);
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    rx_error err = {0};
    INT_EQ(rx_xcheck(dir, &err), RX_ECORRUPT, "check finds the damage");
    STR_HAS(err.msg, "corrupt", "check says what");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/rx-test-xapian-%d", (int)getpid());
    test_roundtrip();
    test_first();
    test_weighted_only();
    test_or_weights();
    test_missing();
    test_corrupt();
    remove_tree(dir);
    return done_testing();
}
