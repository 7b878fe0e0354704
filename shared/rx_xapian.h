/*
 * rx_xapian.h: a thin C API over Xapian, implemented in rx_xapian.cc (the only C++).
 *
 * Rules (after LevelDB's c.h):
 * - Handles are opaque; no Xapian type appears here.
 * - Every function catches every exception and returns RX_OK or a negative RX_E* code,
 *   with the exception's type and message copied into the optional rx_error.
 * - Text goes in as (pointer, length). Strings coming out are malloc'd copies that the
 *   caller frees with free(), unless a comment says "borrowed".
 */
#ifndef RX_XAPIAN_H
#define RX_XAPIAN_H

#include "rx.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#define RX_NOEXCEPT noexcept
#else
#define RX_NOEXCEPT
#endif

typedef struct rx_xdb rx_xdb;         /* a writable database */
typedef struct rx_xdoc rx_xdoc;       /* a document being built */
typedef struct rx_xreader rx_xreader; /* a read-only database */
typedef struct rx_xmset rx_xmset;     /* one page of ranked results */

/* ------------------------------------------------------------------ writing */

/** Opens or creates a writable index. RX_ELOCKED when another writer holds it. */
int rx_xdb_open(rx_xdb **out, const char *path, rx_error *err) RX_NOEXCEPT;
/** The same for scratch work, whose commits are not synced to disk (Xapian's DB_NO_SYNC):
 *  a shard of a fresh build, which a killed build discards anyway. */
int rx_xdb_open_scratch(rx_xdb **out, const char *path, rx_error *err) RX_NOEXCEPT;
/** Commits pending changes. */
int rx_xdb_commit(rx_xdb *db, rx_error *err) RX_NOEXCEPT;
/** Writes a compact copy of the committed index to `dest` (a new directory): full blocks,
 *  no free space. With `nshards` other index directories, their documents are merged in
 *  after db's (renumbered to follow them). */
int rx_xdb_compact(rx_xdb *db, const char *const *shards, size_t nshards, const char *dest,
                   rx_error *err) RX_NOEXCEPT;
/** Frees the handle; uncommitted changes are discarded, never half-written. */
void rx_xdb_free(rx_xdb *db) RX_NOEXCEPT;

int rx_xdb_replace(rx_xdb *db, const char *idterm, size_t len, rx_xdoc *doc,
                   rx_error *err) RX_NOEXCEPT;
int rx_xdb_delete(rx_xdb *db, const char *idterm, size_t len, rx_error *err) RX_NOEXCEPT;
/** The document data and value slot `slot` of the document with idterm, pending changes
 *  included (both malloc'd, NUL-terminated); RX_ENOTFOUND when no document has it. */
int rx_xdb_record(rx_xdb *db, const char *idterm, size_t len, unsigned slot, char **data,
                  size_t *dlen, char **value, size_t *vlen, rx_error *err) RX_NOEXCEPT;

/** Metadata value for key; *out is "" when unset. */
int rx_xdb_get_metadata(rx_xdb *db, const char *key, char **out, size_t *len,
                        rx_error *err) RX_NOEXCEPT;
int rx_xdb_set_metadata(rx_xdb *db, const char *key, const char *val, size_t len,
                        rx_error *err) RX_NOEXCEPT;

/** Replaces the synonym table with nothing (before it is written again). */
int rx_xdb_clear_all_synonyms(rx_xdb *db, rx_error *err) RX_NOEXCEPT;
int rx_xdb_add_synonym(rx_xdb *db, const char *key, size_t klen, const char *syn, size_t slen,
                       rx_error *err) RX_NOEXCEPT;

/** Calls cb for every term with `prefix`, with value slot `slot` of its first document
 *  (borrowed, valid during the call). A non-zero return stops and is passed back. */
typedef int (*rx_xdb_term_cb)(void *payload, const char *term, size_t len, const char *value,
                              size_t vlen);
int rx_xdb_foreach_term(rx_xdb *db, const char *prefix, unsigned slot, rx_xdb_term_cb cb,
                        void *payload, rx_error *err) RX_NOEXCEPT;

/* ---------------------------------------------------------------- documents */

int rx_xdoc_new(rx_xdoc **out, rx_error *err) RX_NOEXCEPT;
void rx_xdoc_free(rx_xdoc *doc) RX_NOEXCEPT;
/** A term with a position (for phrases) and wdf increment. */
int rx_xdoc_add_posting(rx_xdoc *doc, const char *term, size_t len, uint32_t pos, unsigned wdf,
                        rx_error *err) RX_NOEXCEPT;
/** A term without a position. */
int rx_xdoc_add_term(rx_xdoc *doc, const char *term, size_t len, unsigned wdf,
                     rx_error *err) RX_NOEXCEPT;
/** A filter term (wdf 0: it never changes the score). */
int rx_xdoc_add_boolean(rx_xdoc *doc, const char *term, size_t len, rx_error *err) RX_NOEXCEPT;
int rx_xdoc_set_data(rx_xdoc *doc, const char *data, size_t len, rx_error *err) RX_NOEXCEPT;
int rx_xdoc_set_value(rx_xdoc *doc, unsigned slot, const char *data, size_t len,
                      rx_error *err) RX_NOEXCEPT;

/* ------------------------------------------------------------------ reading */

int rx_xreader_open(rx_xreader **out, const char *path, rx_error *err) RX_NOEXCEPT;
/** Moves to the latest committed revision; *changed (may be NULL) is set to 1 when it may
 *  be another than the one read before, 0 when it certainly is not. */
int rx_xreader_reopen(rx_xreader *r, int *changed, rx_error *err) RX_NOEXCEPT;
void rx_xreader_free(rx_xreader *r) RX_NOEXCEPT;

int rx_xreader_metadata(rx_xreader *r, const char *key, char **out, size_t *len,
                        rx_error *err) RX_NOEXCEPT;
/** Documents containing the term. */
int rx_xreader_termfreq(rx_xreader *r, const char *term, size_t len, uint32_t *out,
                        rx_error *err) RX_NOEXCEPT;
int rx_xreader_doccount(rx_xreader *r, uint32_t *out, rx_error *err) RX_NOEXCEPT;
/** Calls cb for each synonym of key (borrowed strings). */
typedef int (*rx_xreader_syn_cb)(void *payload, const char *syn, size_t len);
int rx_xreader_synonyms(rx_xreader *r, const char *key, size_t len, rx_xreader_syn_cb cb,
                        void *payload, rx_error *err) RX_NOEXCEPT;

/* ------------------------------------------------------------------- queries */

typedef enum rx_xq_op {
    RX_XQ_TERM,      /* term, wqf */
    RX_XQ_PHRASE,    /* kids are TERMs in order; window = 0 means exact */
    RX_XQ_NEAR,      /* kids within `window` positions, any order */
    RX_XQ_AND,       /* all kids */
    RX_XQ_OR,        /* any kid, weights add */
    RX_XQ_AND_NOT,   /* kid 0 without any of the others */
    RX_XQ_AND_MAYBE, /* kid 0, with the others adding weight where they match */
    RX_XQ_FILTER,    /* kid 0, restricted to documents matching the others; no weight */
    RX_XQ_SYNONYM,   /* kids scored as one term */
    RX_XQ_WILDCARD,  /* every term starting with `term` (a prefix) */
    RX_XQ_SCALE,     /* kid 0 with its weight multiplied by `scale` */
    RX_XQ_ALL,       /* every document */
    RX_XQ_NOTHING    /* no document */
} rx_xq_op;

/** A query tree node; the caller owns the tree (the searcher builds it in an arena). */
typedef struct rx_xq {
    rx_xq_op op;
    const char *term; /* TERM, WILDCARD */
    size_t term_len;
    uint32_t wqf;    /* TERM: query frequency, normally 1 */
    uint32_t window; /* PHRASE, NEAR */
    double scale;    /* SCALE */
    struct rx_xq **kids;
    size_t nkids;
} rx_xq;

typedef struct rx_xsearch {
    unsigned offset, limit;
    double k1, b;              /* BM25 parameters */
    unsigned max_expansion;    /* wildcard terms at most */
    const struct rx_xq *first; /* the hits that match it rank before the others, or NULL */
    int weighted_only;         /* no hits weighing next to nothing, unless no hit weighs more */
} rx_xsearch;

/** Runs a query: its hits by weight, those matching opts->first (if any) before the rest,
 *  each with the weight the query gives it. RX_EMODIFIED means: reopen and try again. */
int rx_xreader_search(rx_xreader *r, const rx_xq *q, const rx_xsearch *opts, rx_xmset **out,
                      rx_error *err) RX_NOEXCEPT;
/** Whether any document matches q (*yes 1 or 0): the match stops at the first one. */
int rx_xreader_any(rx_xreader *r, const rx_xq *q, int *yes, rx_error *err) RX_NOEXCEPT;
void rx_xmset_free(rx_xmset *m) RX_NOEXCEPT;
size_t rx_xmset_size(const rx_xmset *m) RX_NOEXCEPT;
/** How many hits of the page, from the first, match the search's `first` query. */
size_t rx_xmset_nfirst(const rx_xmset *m) RX_NOEXCEPT;
uint64_t rx_xmset_estimate(const rx_xmset *m) RX_NOEXCEPT;
double rx_xmset_weight(const rx_xmset *m, size_t i) RX_NOEXCEPT;
/** The stored document data of hit i (malloc'd copy). */
int rx_xmset_data(rx_xmset *m, size_t i, char **out, size_t *len, rx_error *err) RX_NOEXCEPT;
/** Value slot `slot` of hit i (malloc'd; "" when unset). */
int rx_xmset_value(rx_xmset *m, size_t i, unsigned slot, char **out, size_t *len,
                   rx_error *err) RX_NOEXCEPT;
/** Calls cb for each query term that hit i contains (borrowed), with its wdf. */
typedef int (*rx_xmset_term_cb)(void *payload, const char *term, size_t len, uint32_t wdf);
int rx_xmset_matching_terms(rx_xmset *m, size_t i, rx_xmset_term_cb cb, void *payload,
                            rx_error *err) RX_NOEXCEPT;
/** Index-wide statistics used to explain a score: term frequency, collection size,
 *  document length of hit i and the average document length. */
int rx_xmset_stats(rx_xmset *m, size_t i, const char *term, size_t len, uint32_t *termfreq,
                   uint32_t *doccount, double *doclen, double *avglen, rx_error *err) RX_NOEXCEPT;

/* -------------------------------------------------------------------- checks */

/** Xapian's consistency check; RX_ECORRUPT with its first complaint when it fails. */
int rx_xcheck(const char *path, rx_error *err) RX_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RX_XAPIAN_H */
