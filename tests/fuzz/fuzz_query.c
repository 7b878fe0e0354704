/*
 * fuzz_query.c: the whole query path: parse, compile, spelling, synonyms, Xapian, snippets.
 *
 * Once per process a small index is built in a temporary directory from the fixture
 * monographs in tests/fuzz/fixtures/ (or from $RX_FUZZ_MONOGRAPHS) with the synonym table,
 * and opened for searching. Each input is one query: the first byte picks the options
 * (as cmark's fuzzer does), the rest is the query text. A result must be sane (ranks in
 * order, scores falling, highlights inside their snippet on character boundaries); a
 * refusal must be RX_EQUERY with a one-line message.
 */
#include "fuzz.h"

#include <dirent.h>
#include <math.h>
#include <unistd.h>

#ifndef RX_FUZZ_FIXTURES
#define RX_FUZZ_FIXTURES "tests/fuzz/fixtures"
#endif
#ifndef RX_FUZZ_SYNONYMS
#define RX_FUZZ_SYNONYMS "indexer/synonyms.tsv"
#endif

static rx_searcher *searcher;
static char tmpdir[512];
static char indexdir[600];
static pid_t owner; /* the process that made tmpdir: forked children must not remove it */

/* Removes the temporary index: its directory holds plain files only. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[1024];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) != 0)
                remove_tree(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static void cleanup(void)
{
    rx_searcher_free(searcher);
    searcher = NULL;
    if (tmpdir[0] && getpid() == owner)
        remove_tree(tmpdir);
}

static void on_report(void *payload, int is_error, const rx_error *err)
{
    (void)payload;
    if (!is_error)
        return;
    char buf[1024];
    fprintf(stderr, "fuzz_query: fixture failed to index: %s\n",
            rx_error_format(err, buf, sizeof buf));
    abort();
}

static void die(const char *what, const rx_error *err)
{
    char buf[1024];
    fprintf(stderr, "fuzz_query: %s: %s\n", what, rx_error_format(err, buf, sizeof buf));
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (searcher)
        return 0;
    const char *monographs = getenv("RX_FUZZ_MONOGRAPHS");
    if (!monographs || !*monographs)
        monographs = RX_FUZZ_FIXTURES;
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/rxfuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("fuzz_query: mkdtemp");
        abort();
    }
    owner = getpid();
    atexit(cleanup);
    snprintf(indexdir, sizeof indexdir, "%s/index", tmpdir);

    rx_error err;
    memset(&err, 0, sizeof err);
    rx_index_options opts = RX_INDEX_OPTIONS_INIT;
    opts.synonyms_path = access(RX_FUZZ_SYNONYMS, R_OK) == 0 ? RX_FUZZ_SYNONYMS : NULL;
    opts.report = on_report;
    rx_indexer *ix = NULL;
    rx_index_stats stats;
    memset(&stats, 0, sizeof stats);
    if (rx_indexer_open(&ix, indexdir, &opts, &err) != RX_OK)
        die("rx_indexer_open", &err);
    if (rx_indexer_add_tree(ix, monographs, &err) != RX_OK)
        die("rx_indexer_add_tree", &err);
    if (rx_indexer_finish(ix, &stats, &err) != RX_OK)
        die("rx_indexer_finish", &err);
    rx_indexer_free(ix);
    if (stats.indexed == 0 || stats.failed != 0) {
        fprintf(stderr, "fuzz_query: indexed %u monographs from %s, %u failed\n", stats.indexed,
                monographs, stats.failed);
        abort();
    }
    if (rx_searcher_open(&searcher, indexdir, &err) != RX_OK)
        die("rx_searcher_open", &err);
    return 0;
}

/* Options from the first byte: bits 0-1 snippets, 2 no_spelling, 3-5 limit, 6 offset,
 * 7 explain. */
static rx_search_options options_of(uint8_t b)
{
    static const unsigned limits[8] = {0, 1, 2, 3, 5, 10, 100, 20000};
    rx_search_options o = RX_SEARCH_OPTIONS_INIT;
    o.snippets = b & 3u;
    o.no_spelling = (b >> 2) & 1u;
    o.limit = limits[(b >> 3) & 7u];
    o.offset = (b >> 6) & 1u;
    o.explain = (b >> 7) & 1u;
    return o;
}

static int is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static void check_snippet(const rx_snippet *sn)
{
    FUZZ_CHECK(sn->section != NULL && sn->heading != NULL, "snippet section and heading");
    fuzz_check_string(sn->section, "snippet section");
    fuzz_check_string(sn->heading, "snippet heading");
    size_t tlen = fuzz_check_string(sn->text, "snippet text");
    FUZZ_CHECK(sn->nhighlights == 0 || sn->highlights != NULL, "highlights array");
    size_t prev_end = 0;
    for (size_t h = 0; h < sn->nhighlights; h++) {
        const rx_span *sp = &sn->highlights[h];
        FUZZ_CHECK(sp->length > 0, "a highlight is not empty");
        FUZZ_CHECK(sp->offset <= tlen && sp->length <= tlen - sp->offset,
                   "a highlight lies inside its snippet text");
        FUZZ_CHECK(h == 0 || sp->offset >= prev_end, "highlights are sorted and do not overlap");
        FUZZ_CHECK(!is_continuation((unsigned char)sn->text[sp->offset]) &&
                       !is_continuation((unsigned char)sn->text[sp->offset + sp->length]),
                   "a highlight starts and ends on a character boundary");
        prev_end = sp->offset + sp->length;
    }
}

static void check_results(const rx_results *res, const rx_search_options *o, const char *q,
                          size_t len)
{
    FUZZ_CHECK(res != NULL, "RX_OK comes with results");
    FUZZ_CHECK(res->query != NULL && memcmp(res->query, q, len) == 0 && res->query[len] == '\0',
               "results echo the query");
    unsigned limit = o->limit ? o->limit : 10;
    FUZZ_CHECK(res->nhits <= limit, "no more hits than the limit");
    FUZZ_CHECK(res->nhits == 0 || res->hits != NULL, "hits array");
    FUZZ_CHECK(!res->corrected || res->suggestion != NULL, "a corrected query has a suggestion");
    int utf8 = fuzz_utf8_valid(q, len) && !memchr(q, '\0', len);
    if (res->suggestion && utf8)
        fuzz_check_string(res->suggestion, "a suggestion for a UTF-8 query is UTF-8");
    if (res->notice) {
        FUZZ_CHECK(res->notice[0] != '\0', "a notice is not empty");
        FUZZ_CHECK(!strchr(res->notice, '\n') && !strchr(res->notice, '\r'),
                   "a notice is one line");
        if (utf8)
            fuzz_check_string(res->notice, "a notice for a UTF-8 query is UTF-8");
    }
    for (size_t i = 0; i < res->nhits; i++) {
        const rx_hit *h = &res->hits[i];
        FUZZ_CHECK(h->rank == o->offset + i + 1, "ranks count up from offset + 1");
        FUZZ_CHECK(isfinite(h->score), "a score is a number");
        FUZZ_CHECK(h->named == 0 || h->named == 1, "named is 0 or 1");
        FUZZ_CHECK(i == 0 || h->named <= res->hits[i - 1].named, "named hits come first");
        FUZZ_CHECK(i == 0 || h->named != res->hits[i - 1].named ||
                       h->score <= res->hits[i - 1].score + 1e-9,
                   "scores fall with rank among named hits, and among the others");
        size_t idlen = fuzz_check_string(h->id, "hit id");
        fuzz_check_string(h->path, "hit path");
        fuzz_check_string(h->title, "hit title");
        FUZZ_CHECK(idlen > 0 && strncmp(h->path, h->id, idlen) == 0,
                   "id is the path without its extension");
        FUZZ_CHECK(h->is_banned == 0 || h->is_banned == 1, "is_banned is 0 or 1");
        FUZZ_CHECK(h->nbrands == 0 || h->brands != NULL, "brands array");
        for (size_t b = 0; b < h->nbrands; b++)
            fuzz_check_string(h->brands[b], "hit brand");
        FUZZ_CHECK(h->nsnippets <= o->snippets, "no more snippets than asked for");
        FUZZ_CHECK(h->nsnippets == 0 || h->snippets != NULL, "snippets array");
        for (size_t k = 0; k < h->nsnippets; k++)
            check_snippet(&h->snippets[k]);
        FUZZ_CHECK(h->nexplain == 0 || h->explain != NULL, "explain array");
        for (size_t k = 0; k < h->nexplain; k++) {
            FUZZ_CHECK(h->explain[k].term && h->explain[k].field, "explain item");
            FUZZ_CHECK(isfinite(h->explain[k].weight), "explain weight");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!searcher)
        LLVMFuzzerInitialize(NULL, NULL);
    rx_search_options o = options_of(data[0]);
    size_t len = size - 1;
    /* A copy exactly as long as the query, so a read past its end is caught. */
    char *q = malloc(len ? len : 1);
    if (!q)
        return 0;
    if (len)
        memcpy(q, data + 1, len);

    rx_results *res = NULL;
    rx_error err;
    memset(&err, 0, sizeof err);
    int rc = rx_search(searcher, q, len, &o, &res, &err);
    if (rc == RX_OK) {
        check_results(res, &o, q, len);
    } else {
        FUZZ_CHECK(res == NULL, "no results on failure");
        fuzz_check_error(rc, &err);
        if (rc != RX_EQUERY) {
            /* Any query text is either run or refused as malformed: anything else (a Xapian
             * error, an internal error) is a bug. */
            fprintf(stderr, "fuzz_query: rx_search failed with %s: %s\n", rx_strerror(rc), err.msg);
            FUZZ_CHECK(rc == RX_EQUERY, "a bad query is RX_EQUERY");
        }
    }
    rx_results_free(res);
    free(q);
    return 0;
}
