/* test_docdata.c: the records stored per document (rx_docdata.h) and the index format
 * check: round trips, and every kind of damaged record refused with RX_ECORRUPT. */
#include "harness.h"
#include "rx_docdata.h"
#include "rx_termgen.h"
#include "rx_xapian.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

static const char monograph[] = "---\n"
                                "title: Pregabalin\n"
                                "description: An anticonvulsant for nerve pain.\n"
                                "is_banned: true\n"
                                "---\n"
                                "## Usage\n\nUsed for neuropathic pain and fibromyalgia.\n\n"
                                "## Side Effects\n\n- **Common:** dizziness, drowsiness\n\n"
                                "## Alternate Names\n\n- **Brand Names:** Lyrica, Pregeb M\n";

static void test_roundtrip(rx_doc *doc)
{
    rx_arena *a = rx_arena_new();
    rx_zstd *z = rx__zstd_new();
    rx_buf head = RX_BUF_INIT, body = RX_BUF_INIT;
    rx__docdata_encode(&head, doc, "neuro/pregabalin.md");
    INT_EQ(rx__passages_encode(z, &body, doc), RX_OK, "passages compress");
    OK(!head.oom && !body.oom, "records built");

    rx_stored st;
    INT_EQ(rx__docdata_decode(&st, head.ptr, head.len, a), RX_OK, "document data decodes");
    STR_EQ(st.path, "neuro/pregabalin.md", "path");
    STR_EQ(st.title, "Pregabalin", "title");
    INT_EQ(st.is_banned, 1, "is_banned");
    INT_EQ(st.nbrands, 2, "brands");
    STR_EQ(st.brands[1], "Pregeb M", "second brand");
    INT_EQ(st.npassages, 0, "document data holds no passages");

    INT_EQ(rx__passages_decode(z, &st, body.ptr, body.len, a), RX_OK, "passages decode");
    INT_EQ(st.npassages, doc->npassages + 1, "every passage, description first");
    STR_EQ(st.passages[0].section, "description", "description is a passage");
    STR_EQ(st.passages[0].text, "An anticonvulsant for nerve pain.", "its text");
    int same = 1;
    for (size_t i = 0; i < doc->npassages; i++) {
        const rx_passage *p = &doc->passages[i], *q = &st.passages[i + 1];
        same &= strcmp(p->section, q->section) == 0 && strcmp(p->heading, q->heading) == 0 &&
                p->text_len == q->text_len && memcmp(p->text, q->text, p->text_len) == 0 &&
                q->text[q->text_len] == '\0';
    }
    OK(same, "sections, headings and texts survive, NUL-terminated");

    /* Damage of every kind: one answer, RX_ECORRUPT, and nothing half-filled. */
    INT_EQ(rx__docdata_decode(&st, head.ptr, head.len - 3, a), RX_ECORRUPT, "truncated data");
    head.ptr[0] = 1;
    INT_EQ(rx__docdata_decode(&st, head.ptr, head.len, a), RX_ECORRUPT, "format-1 data");
    INT_EQ(rx__docdata_decode(&st, "", 0, a), RX_ECORRUPT, "empty data");
    INT_EQ(rx__passages_decode(z, &st, body.ptr, body.len / 2, a), RX_ECORRUPT,
           "truncated passages");
    INT_EQ(st.npassages, 0, "no passages after a failure");
    INT_EQ(rx__passages_decode(z, &st, "not zstd at all", 15, a), RX_ECORRUPT, "not a zstd frame");
    INT_EQ(rx__passages_decode(z, &st, "", 0, a), RX_ECORRUPT, "empty passages");
    /* A valid frame whose content lies about its lengths. */
    char bad[64];
    const char lie[] = "\x05\x7f"; /* five passages, the first string 127 bytes long */
    size_t n = ZSTD_compress(bad, sizeof bad, lie, 2, 1);
    OK(!ZSTD_isError(n), "a lying frame");
    INT_EQ(rx__passages_decode(z, &st, bad, n, a), RX_ECORRUPT, "lengths past the end");
    body.ptr[body.len / 2] ^= 0x55;
    OK(rx__passages_decode(z, &st, body.ptr, body.len, a) != RX_OK, "flipped byte");

    rx_buf_free(&head);
    rx_buf_free(&body);
    rx__zstd_free(z);
    rx_arena_free(a);
}

/* A dictionary trained on enough documents, used by one context and needed by another. */
static void test_dictionary(rx_doc *doc)
{
    enum { N = 120 };
    rx_doc *docs[N];
    rx_error err = {0};
    char text[1024];
    for (int i = 0; i < N; i++) {
        int n = snprintf(text, sizeof text,
                         "---\ntitle: Drug %d\n---\n## Usage\n\nDrug %d is used for pain %d "
                         "times a day, and for fever in %d patients of %d.\n\n## Dosage\n\n"
                         "Take %d mg with food; do not exceed %d mg a day.\n",
                         i, i, i % 7, i * 3, i * 11, i * 5, i * 50);
        docs[i] = NULL;
        rx_doc_parse(&docs[i], text, (size_t)n, "d.md", &err);
    }
    char *dict = NULL;
    size_t len = 0;
    INT_EQ(rx__passages_train((const rx_doc *const *)docs, 99, &dict, &len), RX_ENOTFOUND,
           "too few documents train nothing");
    INT_EQ(rx__passages_train((const rx_doc *const *)docs, N, &dict, &len), RX_OK, "trained");
    OK(dict && len > 0 && len <= 65536, "a dictionary of at most 64 KB");

    rx_zstd *with = rx__zstd_new(), *without = rx__zstd_new();
    INT_EQ(rx__zstd_use_dict(with, "not a dictionary", 16), RX_EINVAL, "garbage is refused");
    INT_EQ(rx__zstd_use_dict(with, dict, len), RX_OK, "dictionary in use");
    rx_buf small = RX_BUF_INIT, plain = RX_BUF_INIT;
    INT_EQ(rx__passages_encode(with, &small, docs[7]), RX_OK, "compressed with it");
    INT_EQ(rx__passages_encode(without, &plain, docs[7]), RX_OK, "compressed without");
    OK(small.len < plain.len, "the dictionary makes records smaller");

    rx_arena *a = rx_arena_new();
    rx_stored st = {0};
    INT_EQ(rx__passages_decode(with, &st, small.ptr, small.len, a), RX_OK, "decoded with it");
    OK(st.npassages == 2 && strstr(st.passages[0].text, "Drug 7 is used"), "same text back");
    INT_EQ(rx__passages_decode(without, &st, small.ptr, small.len, a), RX_ECORRUPT,
           "a record needing a dictionary the reader lacks");
    INT_EQ(rx__passages_decode(with, &st, plain.ptr, plain.len, a), RX_OK,
           "records made before the dictionary still decode");

    /* The other document shape, through the same dictionary. */
    rx_buf_clear(&small);
    INT_EQ(rx__passages_encode(with, &small, doc), RX_OK, "any document");
    INT_EQ(rx__passages_decode(with, &st, small.ptr, small.len, a), RX_OK, "round trip");
    OK(st.npassages == doc->npassages + 1, "all its passages");

    rx_arena_free(a);
    rx_buf_free(&small);
    rx_buf_free(&plain);
    rx__zstd_free(with);
    rx__zstd_free(without);
    free(dict);
    for (int i = 0; i < N; i++)
        rx_doc_free(docs[i]);
}

/* Repetitive text compresses a thousandfold and must still come back. */
static void test_repetitive(void)
{
    size_t n = 400000;
    char *text = malloc(n + 64);
    OK(text != NULL, "buffer");
    if (!text)
        return;
    int head = snprintf(text, 64, "---\ntitle: Long\n---\n## Usage\n\n");
    memset(text + head, 'x', n);
    memcpy(text + head + n, " findme\n", 9);
    rx_doc *doc = NULL;
    rx_error err = {0};
    INT_EQ(rx_doc_parse(&doc, text, (size_t)head + n + 8, "l.md", &err), RX_OK, "parsed");
    rx_zstd *z = rx__zstd_new();
    rx_buf b = RX_BUF_INIT;
    rx_arena *a = rx_arena_new();
    rx_stored st = {0};
    INT_EQ(rx__passages_encode(z, &b, doc), RX_OK, "compressed");
    OK(b.len * 1000 < n, "more than a thousandfold");
    INT_EQ(rx__passages_decode(z, &st, b.ptr, b.len, a), RX_OK, "and decoded");
    OK(st.npassages == 1 && st.passages[0].text_len > n, "whole text back");
    rx_arena_free(a);
    rx_buf_free(&b);
    rx__zstd_free(z);
    rx_doc_free(doc);
    free(text);
}

static void keep_report(void *payload, int is_error, const rx_error *e)
{
    if (!is_error)
        *(rx_error *)payload = *e;
}

/* An index of another format: the searcher refuses it, saying what to do; the indexer
 * rebuilds it. */
static void test_format(void)
{
    char dir[] = "/tmp/rx-format-XXXXXX", corpus[] = "/tmp/rx-format-corpus-XXXXXX";
    OK(mkdtemp(dir) && mkdtemp(corpus), "temp dirs");
    rx_error err = {0};
    rx_indexer *ix = NULL;
    INT_EQ(rx_indexer_open(&ix, dir, NULL, &err), RX_OK, "new index");
    INT_EQ(rx_indexer_add_tree(ix, corpus, &err), RX_OK, "empty corpus");
    INT_EQ(rx_indexer_finish(ix, NULL, &err), RX_OK, "finished");
    rx_indexer_free(ix);

    rx_searcher *s = NULL;
    INT_EQ(rx_searcher_open(&s, dir, &err), RX_OK, "this format opens");
    rx_searcher_free(s);

    rx_xdb *db = NULL;
    INT_EQ(rx_xdb_open(&db, dir, &err), RX_OK, "open to damage the dictionary");
    INT_EQ(rx_xdb_set_metadata(db, RX_META_DICT, "garbage", 7, &err), RX_OK, "bad dictionary");
    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdb_free(db);
    rx_error d1 = {0}, d2 = {0};
    INT_EQ(rx_searcher_open(&s, dir, &d1), RX_ECORRUPT, "searcher refuses a bad dictionary");
    STR_HAS(d1.msg, "index is corrupt (bad rx:zdict)", "and says so");
    INT_EQ(rx_indexer_open(&ix, dir, NULL, &d2), RX_ECORRUPT, "so does the indexer");
    STR_HAS(d2.msg, "index is corrupt (bad rx:zdict)", "with the same words");

    INT_EQ(rx_xdb_open(&db, dir, &err), RX_OK, "open to rewrite the format");
    INT_EQ(rx_xdb_set_metadata(db, RX_META_DICT, "", 0, &err), RX_OK, "no dictionary");
    INT_EQ(rx_xdb_set_metadata(db, "rx:format", "1", 1, &err), RX_OK, "claim format 1");
    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdb_free(db);

    rx_error e2 = {0};
    INT_EQ(rx_searcher_open(&s, dir, &e2), RX_EINVAL, "searcher refuses format 1");
    STR_HAS(e2.msg, "index has format 1, this build reads format " RX_INDEX_FORMAT ": re-index",
            "searcher says what to do");
    OK(s == NULL, "no searcher on failure");

    /* The indexer rebuilds it, says so, and leaves nothing beside it. */
    char path[96];
    snprintf(path, sizeof path, "%s/p.md", corpus);
    FILE *f = fopen(path, "w");
    OK(f && fputs(monograph, f) >= 0 && fclose(f) == 0, "a monograph to index");
    rx_index_options opts = RX_INDEX_OPTIONS_INIT;
    rx_error notice = {0};
    opts.report = keep_report;
    opts.payload = &notice;
    INT_EQ(rx_indexer_open(&ix, dir, &opts, &err), RX_OK, "indexer opens format 1");
    STR_HAS(notice.msg,
            "index has format 1, this build writes format " RX_INDEX_FORMAT
            ": rebuilding it in full (the old index stays until the new one replaces it)",
            "and says it rebuilds it");
    STR_EQ(notice.file, dir, "naming the index");
    INT_EQ(rx_indexer_add_tree(ix, corpus, &err), RX_OK, "corpus");
    rx_index_stats stats = {0};
    INT_EQ(rx_indexer_finish(ix, &stats, &err), RX_OK, "rebuilt");
    INT_EQ(stats.indexed, 1, "every file indexed again");
    rx_indexer_free(ix);
    char rebuild[96];
    snprintf(rebuild, sizeof rebuild, "%s.rebuild", dir);
    OK(access(rebuild, F_OK) != 0, "the rebuild's directory is gone");
    INT_EQ(rx_searcher_open(&s, dir, &err), RX_OK, "the rebuilt index opens");
    rx_results *res = NULL;
    INT_EQ(rx_search(s, "fibromyalgia", 12, NULL, &res, &err), RX_OK, "and is searched");
    OK(res && res->nhits == 1 && strcmp(res->hits[0].path, "p.md") == 0, "finding the monograph");
    rx_results_free(res);
    rx_searcher_free(s);

    /* So does an index of another stemmer: its terms would no longer meet the queries'. */
    INT_EQ(rx_xdb_open(&db, dir, &err), RX_OK, "open to rewrite the stemmer");
    INT_EQ(rx_xdb_set_metadata(db, "rx:stemmer", "porter", 6, &err), RX_OK, "claim porter");
    INT_EQ(rx_xdb_commit(db, &err), RX_OK, "commit");
    rx_xdb_free(db);
    memset(&notice, 0, sizeof notice);
    INT_EQ(rx_indexer_open(&ix, dir, &opts, &err), RX_OK, "indexer opens it");
    STR_HAS(notice.msg, "index was built with stemmer 'porter', this build uses '", "says why");
    STR_HAS(notice.msg, "': rebuilding it in full", "and what it does");
    INT_EQ(rx_indexer_add_tree(ix, corpus, &err), RX_OK, "corpus");
    INT_EQ(rx_indexer_finish(ix, &stats, &err), RX_OK, "rebuilt");
    INT_EQ(stats.indexed, 1, "unchanged files indexed again");
    rx_indexer_free(ix);
    INT_EQ(rx_searcher_open(&s, dir, &err), RX_OK, "the rebuilt index opens");
    rx_searcher_free(s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, corpus);
    OK(system(cmd) == 0, "cleaned up");
}

int main(void)
{
    rx_doc *doc = NULL;
    rx_error err = {0};
    INT_EQ(rx_doc_parse(&doc, monograph, sizeof monograph - 1, "p.md", &err), RX_OK, "parse");
    if (doc) {
        test_roundtrip(doc);
        test_dictionary(doc);
    }
    rx_doc_free(doc);
    test_repetitive();
    test_format();
    return done_testing();
}
