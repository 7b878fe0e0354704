/*
 * rx_search.c: a query string to ranked, snippeted results.
 *
 * The query is parsed (rx_query.c), compiled into Xapian terms (rx_compile.c), run with
 * a corrected spelling when a word is in no document, and each hit is given snippets from
 * its stored passages (rx_snippet.c). A reader that finds the index changed reopens it and
 * tries again.
 */
#include "rx.h"
#include "rx_arena.h"
#include "rx_buf.h"
#include "rx_compile.h"
#include "rx_docdata.h"
#include "rx_error.h"
#include "rx_explain.h"
#include "rx_query.h"
#include "rx_searcher.h"
#include "rx_snippet.h"
#include "rx_spell.h"
#include "rx_wordlist.h"
#include "rx_strmap.h"
#include "rx_synonyms.h"
#include "rx_termgen.h"
#include "rx_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum {
    MAX_RETRIES = 3,     /* reopen-and-retry rounds when the index changes mid-query */
    SNIPPET_WINDOW = 30, /* words */
    MAX_LIMIT = 10000    /* results per call */

};

/* --------------------------------------------------------------- results */

static int known_field(void *payload, const char *id, size_t len)
{
    rx_searcher *s = payload;
    if ((len == 5 && memcmp(id, "title", 5) == 0) || (len == 5 && memcmp(id, "brand", 5) == 0))
        return 1;
    return rx_section_is_known(id, len) || rx_strmap_get(&s->sections, id, len) != NULL;
}

char *rx__strdup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

char *rx__hit_id(const char *path)
{
    char *id = rx__strdup(path);
    char *dot = id ? strrchr(id, '.') : NULL, *slash = id ? strrchr(id, '/') : NULL;
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    return id;
}

int rx__read_record(rx_xmset *ms, size_t i, rx_zstd *zstd, int passages, rx_arena *a, rx_stored *st,
                    rx_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = rx_xmset_data(ms, i, &data, &len, err);
    if (rc == RX_OK && (rc = rx__docdata_decode(st, data, len, a)) != RX_OK)
        rx__fail(err, rc, NULL, 0, "stored document %zu is unreadable: rebuild the index", i);
    free(data);
    data = NULL;
    if (rc == RX_OK && passages &&
        (rc = rx_xmset_value(ms, i, RX_SLOT_PASSAGES, &data, &len, err)) == RX_OK &&
        (rc = rx__passages_decode(zstd, st, data, len, a)) == RX_ECORRUPT)
        rx__fail(err, rc, NULL, 0, "stored passages of %s are unreadable: rebuild the index",
                 st->path);
    free(data);
    return rc;
}

static int fill_hit(rx_hit *h, rx_xmset *ms, size_t i, rx_matcher *m, rx_zstd *zstd,
                    const rx_search_options *o, rx_error *err)
{
    rx_arena *a = rx_arena_new();
    rx_stored st;
    int rc = a ? rx__read_record(ms, i, zstd, o->snippets > 0, a, &st, err) : RX_ENOMEM;
    if (rc)
        goto done;
    h->score = rx_xmset_weight(ms, i);
    h->path = rx__strdup(st.path);
    h->title = rx__strdup(st.title);
    h->id = rx__hit_id(st.path);
    h->is_banned = st.is_banned;
    if (!h->path || !h->title || !h->id) {
        rc = RX_ENOMEM;
        goto done;
    }
    h->brands = calloc(st.nbrands + 1, sizeof(char *));
    if (!h->brands) {
        rc = RX_ENOMEM;
        goto done;
    }
    for (size_t b = 0; b < st.nbrands; b++) {
        if (!(h->brands[b] = rx__strdup(st.brands[b]))) {
            rc = RX_ENOMEM;
            goto done;
        }
        h->nbrands++;
    }
    /* Snippet strings point into the arena: copy section/heading out before it goes. */
    rc = rx__snippets(h, &st, m, o->snippets > 3 ? 3 : o->snippets, SNIPPET_WINDOW);
    for (size_t k = 0; k < h->nsnippets && rc == RX_OK; k++) {
        h->snippets[k].section = rx__strdup(h->snippets[k].section);
        h->snippets[k].heading = rx__strdup(h->snippets[k].heading);
        if (!h->snippets[k].section || !h->snippets[k].heading)
            rc = RX_ENOMEM;
    }
done:
    if (rc == RX_ENOMEM)
        rx__fail(err, rc, NULL, 0, "out of memory");
    rx_arena_free(a);
    return rc;
}

static void free_hit(rx_hit *h)
{
    free(h->id);
    free(h->path);
    free(h->title);
    for (size_t b = 0; b < h->nbrands; b++)
        free(h->brands[b]);
    free(h->brands);
    for (size_t k = 0; k < h->nsnippets; k++) {
        free((char *)h->snippets[k].section);
        free((char *)h->snippets[k].heading);
        free(h->snippets[k].text);
        free(h->snippets[k].highlights);
    }
    free(h->snippets);
    for (size_t k = 0; k < h->nexplain; k++) {
        free(h->explain[k].term);
        free(h->explain[k].field);
    }
    free(h->explain);
}

void rx_results_free(rx_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nhits; i++)
        free_hit(&res->hits[i]);
    free(res->hits);
    free(res->query);
    free(res->suggestion);
    free(res->notice);
    free(res);
}

/* The query with each misspelled word replaced by its correction; quoted words too only
 * when quoted_too (a suggestion, never a query run in the user's place). */
static char *corrected_query(const char *q, size_t len, const rx_fix *fixes, size_t n,
                             int quoted_too)
{
    rx_buf b = RX_BUF_INIT;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (fixes[i].quoted && !quoted_too)
            continue;
        rx_buf_put(&b, q + at, fixes[i].offset - at);
        rx_buf_puts(&b, fixes[i].with);
        at = fixes[i].offset + fixes[i].len;
    }
    rx_buf_put(&b, q + at, len - at);
    return rx_buf_detach(&b, NULL);
}

typedef struct run {
    rx_xmset *ms;
    rx_matcher m;
    rx_arena *a;
    rx_compiler c;
    rx_strmap factors;    /* term -> query-time weight factor, for --explain */
    size_t unknown_field; /* 1 + offset of a "name:" that is no field, or 0 */
} run;

static void run_clear(run *r)
{
    rx_xmset_free(r->ms);
    rx__matcher_clear(&r->m);
    rx_arena_free(r->a);
    rx_strmap_free(&r->factors);
    for (size_t i = 0; i < r->c.nfixes; i++)
        free(r->c.fixes[i].with);
    memset(r, 0, sizeof *r);
}

/* Results per page: as asked, 10 by default, at most MAX_LIMIT. */
static unsigned page_limit(const rx_search_options *o)
{
    return !o->limit ? 10 : o->limit > MAX_LIMIT ? MAX_LIMIT : o->limit;
}

/* Parses, compiles and runs one query string. */
static int run_query(rx_searcher *s, const char *q, size_t len, const rx_search_options *o,
                     int unplaced, run *r, rx_error *err)
{
    memset(r, 0, sizeof *r);
    r->a = rx_arena_new();
    if (!r->a)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    r->m.stemmer = s->stemmer;
    r->c = (rx_compiler){.r = s->r,
                         .stemmer = s->stemmer,
                         .flat = s->flat,
                         .unplaced = unplaced,
                         .laywords = &s->laywords,
                         .spell = &s->spell,
                         .words = &s->words,
                         .a = r->a,
                         .m = &r->m,
                         .err = err};
    int rc;
    rx_qnode *tree = NULL;
    if ((rc = rx__query_parse(&tree, q, len, r->a, known_field, s, &r->unknown_field, err)))
        return rc;
    rx_xq *xq = rx__compile(&r->c, tree);
    if (r->c.rc)
        return r->c.rc;
    if (!xq)
        return rx__fail(err, RX_EQUERY, NULL, 0,
                        len ? "query has no searchable words" : "empty query");
    if (unplaced) { /* the passages to show are the FAQs that have the words */
        r->m.prefer = "faq";
        r->m.first_prefer = 1;
        r->m.force_prefer = r->m.usage_by_default = 0;
    }
    if (o->explain && rx__explain_factors(xq, &r->factors) != RX_OK)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    rx_xsearch xs = {.offset = o->offset,
                     .limit = page_limit(o),
                     .k1 = BM25_K1,
                     .b = BM25_B,
                     .max_expansion = 64,
                     .first = r->c.first,
                     .weighted_only = 1};
    return rx_xreader_search(s->r, xq, &xs, &r->ms, err);
}

/* A phrase sought in FAQs: the hits are read in blocks of BLOCK, and in each block those
 * that hold the phrase come first. Blocks keep every page of the same order, however the
 * pages are cut, and only the blocks a page falls in are read. */
enum { BLOCK = 50 };

/* The hits up to the end of the page's last block. */
static unsigned blocks_window(const rx_search_options *o)
{
    unsigned end = o->offset > MAX_LIMIT ? MAX_LIMIT : o->offset + page_limit(o);
    end = (end + BLOCK - 1) / BLOCK * BLOCK;
    return end > MAX_LIMIT ? MAX_LIMIT : end;
}

/* Whether a FAQ of hit i holds one of the query's loose phrases. */
static int holds_phrase(rx_searcher *s, run *r, size_t i, int *yes, rx_error *err)
{
    rx_arena *a = rx_arena_new();
    rx_stored st;
    int rc = a ? rx__read_record(r->ms, i, s->zstd, 1, a, &st, err) : RX_ENOMEM;
    *yes = 0;
    for (size_t p = 0; rc == RX_OK && p < st.npassages && !*yes; p++)
        *yes = strcmp(st.passages[p].section, "faq") == 0 &&
               rx__holds_loose_phrase(&r->m, &st.passages[p], NULL);
    rx_arena_free(a);
    return rc == RX_ENOMEM ? rx__fail(err, rc, NULL, 0, "out of memory") : rc;
}

/* "'shelcal' and 'zorbly' are in no monograph": each word once, as typed first. */
static void name_missing(rx_buf *note, const char *text, const rx_compiler *c)
{
    size_t at[RX_MAX_FIXES], n = 0;
    for (size_t i = 0; i < c->nmissing; i++) {
        size_t k = 0;
        while (k < n && (c->missing[at[k]].len != c->missing[i].len ||
                         strncasecmp(text + c->missing[at[k]].offset, text + c->missing[i].offset,
                                     c->missing[i].len) != 0))
            k++;
        if (k == n)
            at[n++] = i;
    }
    for (size_t k = 0; k < n; k++)
        rx_buf_printf(note, "%s'%.*s'",
                      k == 0       ? ""
                      : k + 1 == n ? " and "
                                   : ", ",
                      (int)c->missing[at[k]].len, text + c->missing[at[k]].offset);
    rx_buf_puts(note, n == 1 ? " is in no monograph" : " are in no monograph");
}

/* *order: r's hits block by block; in the blocks the page at offset falls in, those that
 * rank first (a named drug) stay first, then come those whose FAQs hold the phrase, then
 * the others, each group in Xapian's order. */
static int phrases_first(rx_searcher *s, run *r, unsigned offset, size_t **order, rx_error *err)
{
    enum { NAMED, HOLDS, OTHER };
    size_t n = rx_xmset_size(r->ms), nfirst = rx_xmset_nfirst(r->ms), k = 0;
    size_t *v = malloc((n ? n : 1) * sizeof *v);
    unsigned char *group = calloc(n ? n : 1, 1);
    int rc = v && group ? RX_OK : rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    size_t from = offset / BLOCK * BLOCK;
    for (size_t i = 0; i < from && i < n; i++)
        v[k++] = i; /* blocks before the page: not shown, not read */
    for (size_t i = from; i < n && rc == RX_OK; i++) {
        int yes = 0; /* a named hit stays first: no need to read it */
        if (i >= nfirst)
            rc = holds_phrase(s, r, i, &yes, err);
        group[i] = i < nfirst ? NAMED : yes ? HOLDS : OTHER;
    }
    for (size_t b = from; b < n && rc == RX_OK; b += BLOCK)
        for (int g = NAMED; g <= OTHER; g++)
            for (size_t i = b; i < n && i < b + BLOCK; i++)
                if (group[i] == g)
                    v[k++] = i;
    free(group);
    if (rc) {
        free(v);
        return rc;
    }
    *order = v;
    return RX_OK;
}

static int search_once(rx_searcher *s, const char *q, size_t len, const rx_search_options *o,
                       rx_results *res, rx_error *err)
{
    run r, r2;
    memset(&r2, 0, sizeof r2);
    int rc = run_query(s, q, len, o, 0, &r, err);
    run *use = &r;
    int apply = 0, unquoted = 0;
    size_t *order = NULL; /* hits in the order shown, when it is not Xapian's */
    for (size_t i = 0; i < r.c.nfixes; i++) {
        apply |= r.c.fixes[i].drug_name && !r.c.fixes[i].quoted;
        unquoted |= !r.c.fixes[i].quoted;
    }
    if (rc == RX_OK && unquoted && !o->no_spelling && (apply || rx_xmset_size(r.ms) == 0)) {
        /* A word that is in no document cannot help: run the corrected query instead. */
        res->suggestion = corrected_query(q, len, r.c.fixes, r.c.nfixes, 0);
        if (!res->suggestion) {
            rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
        rx_error e2 = {0};
        int rc2 = run_query(s, res->suggestion, strlen(res->suggestion), o, 0, &r2, &e2);
        if (rc2 == RX_OK && rx_xmset_size(r2.ms) > 0) {
            res->corrected = 1;
            use = &r2;
        } else if (rc2 == RX_EMODIFIED) {
            rc = rc2;
            if (err)
                *err = e2;
            goto done;
        }
        if (!res->corrected) { /* suggested below, the quoted words' corrections too */
            free(res->suggestion);
            res->suggestion = NULL;
        }
    }
    if (rc == RX_OK && use == &r && r.m.nloose && rx_xmset_estimate(r.ms) == 0) {
        /* No section with positions has the phrase: FAQs may, and there the words are
         * all the index can go by. The hits are read to put first those whose FAQs hold
         * the phrase's words in order. */
        rx_search_options wide = *o;
        wide.offset = 0;
        wide.limit = blocks_window(o);
        rx_error e2 = {0};
        run_clear(&r2); /* a corrected query that found nothing may have run in it */
        int rc2 = run_query(s, q, len, &wide, 1, &r2, &e2);
        if (rc2 == RX_OK && rx_xmset_size(r2.ms) > 0)
            rc2 = phrases_first(s, &r2, o->offset, &order, &e2);
        if (rc2 == RX_OK && order) {
            use = &r2;
        } else if (rc2 != RX_OK && rc2 != RX_EQUERY) {
            rc = rc2;
            if (err)
                *err = e2;
            goto done;
        }
    }
    rx_buf note = RX_BUF_INIT; /* remarks on how the query was read, "; " between */
    if (rc == RX_OK && r.unknown_field) {
        const char *name = q + r.unknown_field - 1;
        const char *colon = memchr(name, ':', len - (r.unknown_field - 1));
        rx_buf_printf(&note, "'%.*s:' is not a field; searched as text (fields: see --help)",
                      (int)(colon ? colon - name : 0), name);
    }
    if (rc == RX_OK && use->c.nmissing) {
        /* "Shelcal 500": a brand the corpus lacks; the results are those of "500" */
        if (note.len)
            rx_buf_puts(&note, "; ");
        name_missing(&note, res->corrected ? res->suggestion : q, &use->c);
    }
    if (rc == RX_OK && order) {
        if (note.len)
            rx_buf_puts(&note, "; ");
        rx_buf_puts(&note, "no section has the exact phrase; showing monographs whose FAQs "
                           "have its words, those with the phrase first");
    }
    if (note.len || note.oom)
        res->notice = rx_buf_detach(&note, NULL);
    if (rc == RX_OK && r.c.nfixes && !res->suggestion) {
        res->suggestion = corrected_query(q, len, r.c.fixes, r.c.nfixes, 1);
        if (!res->suggestion)
            rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc)
        goto done;
    res->total = rx_xmset_estimate(use->ms);
    size_t n = rx_xmset_size(use->ms), from = 0;
    if (order) { /* the page of the reordered window */
        from = o->offset < n ? o->offset : n;
        n = n - from < page_limit(o) ? n - from : page_limit(o);
    }
    res->hits = calloc(n ? n : 1, sizeof *res->hits);
    if (!res->hits) {
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && rc == RX_OK; i++) {
        rx_hit *h = &res->hits[res->nhits++];
        h->rank = o->offset + (unsigned)i + 1;
        size_t at = order ? order[from + i] : i;
        h->named = at < rx_xmset_nfirst(use->ms);
        rc = fill_hit(h, use->ms, at, &use->m, s->zstd, o, err);
        if (rc == RX_OK && o->explain)
            rc = rx__explain_hit(h, use->ms, at, &use->factors, BM25_K1, BM25_B, err);
    }
done:
    free(order);
    run_clear(&r);
    run_clear(&r2);
    return rc;
}

static int read_lists(rx_searcher *s, rx_error *err);

/* 1 when the index directory is no longer the one this searcher opened: rxindex swapped
 * a compacted or rebuilt index in. Xapian opens some tables only when first needed, by
 * path, so a reader of the old index can meet the new one's files ("EOF reading block"). */
static int index_exchanged(const rx_searcher *s)
{
    struct stat st;
    return stat(s->path, &st) == 0 && (st.st_dev != s->dev || st.st_ino != s->ino);
}

/* Opens the index at s's path afresh into s (its statistics, lists, stemmer check and
 * passage dictionary all read again); s is unchanged on failure. */
static int reopen_afresh(rx_searcher *s, rx_error *err)
{
    rx_searcher *fresh;
    int rc = rx_searcher_open(&fresh, s->path, err);
    if (rc == RX_OK) {
        rx_searcher old = *s;
        *s = *fresh;
        *fresh = old;
        rx_searcher_free(fresh);
    }
    return rc;
}

/* Moves s to the index's latest commit; what it keeps of the index is read again if that
 * is another revision. */
static int move_to_latest(rx_searcher *s, rx_error *err)
{
    int changed = 0;
    int rc = rx_xreader_reopen(s->r, &changed, err);
    if (rc == RX_OK && changed && (rc = read_lists(s, err)) == RX_OK)
        rx__spell_free(&s->spell);
    return rc;
}

/* A searcher kept open (--batch, a server) so follows the index rxindex swaps in, and the
 * commits an update makes in place (without this it would read the revision it opened
 * until Xapian overwrote it). */
int rx__on_latest(rx_searcher *s, rx_read_fn once, void *payload, const char *what, rx_error *err)
{
    int rc = RX_OK;
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
        if (index_exchanged(s)) {
            if ((rc = reopen_afresh(s, err)) != RX_OK)
                return rc;
        } else if ((rc = move_to_latest(s, err)) != RX_OK) {
            return rc;
        }
        rc = once(s, payload, err);
        if (rc == RX_OK)
            return RX_OK;
        int exchanged =
            (rc == RX_EMODIFIED || rc == RX_ECORRUPT || rc == RX_EIO) && index_exchanged(s);
        if (rc != RX_EMODIFIED && !exchanged) {
            /* Failures other than the query's own (or an id it lacks) are the index's: name it. */
            if (err && rc != RX_EQUERY && rc != RX_ENOTFOUND && !err->file[0])
                snprintf(err->file, sizeof err->file, "%s", s->path);
            return rc;
        }
        if (err)
            memset(err, 0, sizeof *err);
        /* The indexer committed while we read: move to the new revision and retry, with
         * what the searcher keeps of the index read again from it; or it swapped a new
         * index in: open that one. */
        if (exchanged)
            continue; /* reopened at the top */
        if ((rc = move_to_latest(s, err)) != RX_OK)
            return rc;
    }
    return rx__fail(err, RX_EMODIFIED, NULL, 0, "index kept changing during the %s; retry", what);
}

typedef struct search_call {
    const char *query;
    size_t len;
    const rx_search_options *o;
    rx_results **out;
} search_call;

static int search_read(rx_searcher *s, void *payload, rx_error *err)
{
    search_call *c = payload;
    rx_results *res = calloc(1, sizeof *res);
    if (!res || !(res->query = malloc(c->len + 1))) {
        free(res);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    if (c->len)
        memcpy(res->query, c->query, c->len);
    res->query[c->len] = '\0';
    int rc = search_once(s, c->query ? c->query : "", c->len, c->o, res, err);
    if (rc == RX_OK)
        *c->out = res;
    else
        rx_results_free(res);
    return rc;
}

int rx_search(rx_searcher *s, const char *query, size_t len, const rx_search_options *opts,
              rx_results **out, rx_error *err)
{
    if (!s || !out || (!query && len))
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_search: bad arguments");
    *out = NULL;
    rx_search_options defaults = RX_SEARCH_OPTIONS_INIT;
    search_call c = {query, len, opts ? opts : &defaults, out};
    return rx__on_latest(s, search_read, &c, "search", err);
}

static int preload_read(rx_searcher *s, void *payload, rx_error *err)
{
    (void)payload;
    int rc = rx__spell_read(s->r, &s->spell, err);
    if (rc == RX_OK && !s->words.loaded && rx__wordlist_load(&s->words) != RX_OK)
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    return rc;
}

int rx_searcher_preload(rx_searcher *s, rx_error *err)
{
    if (!s)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_searcher_preload: bad arguments");
    return rx__on_latest(s, preload_read, NULL, "preload", err);
}

/* ---------------------------------------------------------------- opening */

/* A metadata list ("a,b,c") into set; a missing entry is an empty list. */
static int load_list(rx_xreader *r, const char *key, char sep, rx_strmap *set, rx_error *err)
{
    char *meta = NULL;
    size_t mlen = 0;
    int rc = rx_xreader_metadata(r, key, &meta, &mlen, err);
    for (char *p = meta, *next; rc == RX_OK && p && *p; p = next) {
        next = strchr(p, sep);
        size_t n = next ? (size_t)(next - p) : strlen(p);
        if (n && !rx_strmap_put(set, p, n))
            rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        next = next ? next + 1 : NULL;
    }
    free(meta);
    return rc;
}

/* The field names and lay words the index lists (again, after a reopen). */
static int read_lists(rx_searcher *s, rx_error *err)
{
    rx_strmap_free(&s->sections);
    rx_strmap_free(&s->laywords);
    int rc = load_list(s->r, "rx:sections", ',', &s->sections, err);
    if (rc == RX_OK)
        rc = load_list(s->r, RX_META_LAYWORDS, '\n', &s->laywords, err);
    return rc;
}

static int open_once(rx_searcher **out, const char *path, rx_error *err)
{
    char *meta = NULL;
    size_t mlen = 0;
    rx_searcher *s = calloc(1, sizeof *s);
    int rc = s && (s->path = rx__strdup(path)) ? RX_OK : RX_ENOMEM;
    /* The directory's identity before the files in it are opened: an exchange in between
     * then only costs a needless reopen later. */
    struct stat st;
    if (rc == RX_OK && stat(path, &st) == 0) {
        s->dev = st.st_dev;
        s->ino = st.st_ino;
    }
    if (rc == RX_OK)
        rc = rx_xreader_open(&s->r, path, err);
    if (rc == RX_OK)
        rc = rx_xreader_metadata(s->r, "rx:stemmer", &meta, &mlen, err);
    if (rc == RX_OK && strcmp(meta, rx_stemmer_id()) != 0)
        rc = rx__fail(err, mlen ? RX_EINVAL : RX_ENOTFOUND, path, 0,
                      mlen ? "index was built with stemmer '%s'; this build uses another: "
                             "re-index"
                           : "not an rxsearch index (no stemmer recorded)%s",
                      meta);
    free(meta);
    meta = NULL;
    if (rc == RX_OK)
        rc = rx_xreader_metadata(s->r, "rx:format", &meta, &mlen, err);
    if (rc == RX_OK && strcmp(meta, RX_INDEX_FORMAT) != 0)
        rc = rx__fail(err, RX_EINVAL, path, 0,
                      "index has format %s, this build reads format %s: re-index",
                      mlen ? meta : "1", RX_INDEX_FORMAT);
    free(meta);
    meta = NULL;
    if (rc == RX_OK)
        rc = rx_stemmer_new(&s->stemmer, err);
    if (rc == RX_OK && !(s->zstd = rx__zstd_new()))
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    if (rc == RX_OK)
        rc = rx_xreader_metadata(s->r, RX_META_DICT, &meta, &mlen, err);
    if (rc == RX_OK && mlen && (rc = rx__zstd_use_dict(s->zstd, meta, mlen)) != RX_OK)
        rc = rc == RX_EINVAL
                 ? rx__fail(err, RX_ECORRUPT, path, 0, "index is corrupt (bad %s)", RX_META_DICT)
                 : rx__fail(err, rc, NULL, 0, "out of memory");
    free(meta);
    meta = NULL;
    if (rc == RX_OK)
        rc = rx_xreader_metadata(s->r, "rx:flat", &meta, &mlen, err);
    if (rc == RX_OK)
        s->flat = mlen == 1 && meta[0] == '1';
    free(meta);
    meta = NULL;
    if (rc == RX_OK)
        rc = read_lists(s, err);
    if (rc == RX_ENOMEM)
        rx__fail(err, rc, NULL, 0, "out of memory");
    if (rc != RX_OK) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
        rx_searcher_free(s);
        return rc;
    }
    *out = s;
    return RX_OK;
}

int rx_searcher_open(rx_searcher **out, const char *path, rx_error *err)
{
    if (!out || !path)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_searcher_open: bad arguments");
    *out = NULL;
    int rc = RX_OK;
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
        /* Xapian opens a table when first read, by path: rxindex exchanging the index
         * while it is opened can give tables of both ("EOF reading block"). Then the
         * directory is another: open that one. */
        struct stat before, after;
        int known = stat(path, &before) == 0;
        rc = open_once(out, path, err);
        int exchanged = known && stat(path, &after) == 0 &&
                        (after.st_dev != before.st_dev || after.st_ino != before.st_ino);
        if (rc == RX_OK || !exchanged || attempt + 1 == MAX_RETRIES ||
            (rc != RX_ECORRUPT && rc != RX_EIO && rc != RX_EMODIFIED))
            break;
        if (err)
            memset(err, 0, sizeof *err);
    }
    return rc;
}

void rx_searcher_free(rx_searcher *s)
{
    if (!s)
        return;
    rx_xreader_free(s->r);
    rx_stemmer_free(s->stemmer);
    rx__zstd_free(s->zstd);
    rx_strmap_free(&s->sections);
    rx_strmap_free(&s->laywords);
    rx__spell_free(&s->spell);
    rx__wordlist_free(&s->words);
    free(s->path);
    free(s);
}
