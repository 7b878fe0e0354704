/*
 * rx.h: the public API of rxsearch, a full-text search engine over drug monographs.
 *
 * Rules of this header (after LevelDB's c.h and libgit2):
 * - Functions return RX_OK (0) or a negative RX_E* code; rx_strerror() names it.
 * - The last argument is an optional caller-owned rx_error *err, filled only on failure
 *   with a one-line message naming the file and line, or the query part, at fault.
 * - What comes back through **out belongs to the caller and is freed with the matching
 *   rx_<type>_free(), which accepts NULL. Text is (pointer, length); NUL-terminated
 *   copies are also provided where a field is a string.
 * - Nothing in the library prints; only the programs do.
 */
#ifndef RX_H
#define RX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RX_EXPORT __attribute__((visibility("default")))
#else
#define RX_EXPORT
#endif

/* ---------------------------------------------------------------- errors */

enum {
    RX_OK = 0,
    RX_EINVAL = -1,    /* bad argument */
    RX_ENOTFOUND = -2, /* no such file, index or document */
    RX_EPARSE = -3,    /* a monograph could not be parsed */
    RX_EQUERY = -4,    /* the query is malformed */
    RX_EIO = -5,       /* reading or writing failed */
    RX_ENOMEM = -6,    /* out of memory */
    RX_ECORRUPT = -7,  /* the index is damaged */
    RX_EMODIFIED = -8, /* the index changed under a reader: reopen and retry */
    RX_ELOCKED = -9,   /* another indexer holds the write lock */
    RX_EXAPIAN = -10,  /* any other Xapian failure */
    RX_EINTERNAL = -11 /* a bug: an unexpected exception or state */
};

/** Where and why something failed. Caller-owned; filled only on failure. */
typedef struct rx_error {
    int code;       /* RX_E* */
    char file[512]; /* file at fault, or "" */
    int line;       /* 1-based line in that file, or 0 */
    int column;     /* 1-based column, or 0 */
    char msg[256];  /* one line, no trailing newline */
} rx_error;

/** Static text for an RX_* code. */
RX_EXPORT const char *rx_strerror(int code);

/** Formats err as "file:line: msg" (or just "msg") into buf; returns buf. */
RX_EXPORT const char *rx_error_format(const rx_error *err, char *buf, size_t size);

/* ------------------------------------------------------------- monographs */

/** A run of body text under one heading path; the unit that snippets come from. */
typedef struct rx_passage {
    const char *section; /* canonical section id: "usage", "side_effects", or a slug */
    const char *heading; /* heading path, "Dosage › Special Cases" */
    const char *text;    /* plain text, list items and paragraphs separated by '\n' */
    size_t text_len;     /* bytes in text */
    int line;            /* first source line of the passage */
} rx_passage;

typedef struct rx_faq {
    const char *q; /* cleaned question */
    const char *a; /* cleaned answer */
} rx_faq;

/** A parsed monograph. Every string belongs to the rx_doc; free it with rx_doc_free. */
typedef struct rx_doc {
    const char *title;          /* from front matter, else first heading, else file name */
    const char *description;    /* front matter description, or "" */
    int is_banned;              /* 0 or 1 */
    const char *last_modified;  /* as written, or "" */
    const char *classification; /* "Pharmacological Classification" item, or "" */
    const char **brands;        /* brand names, split on commas */
    size_t nbrands;
    rx_passage *passages; /* body text in document order, FAQs last */
    size_t npassages;
    rx_faq *faqs; /* front matter and body FAQs, deduplicated */
    size_t nfaqs;
    const char **warnings; /* "line N: what was repaired"; the doc is still usable */
    size_t nwarnings;
    struct rx_arena *arena_; /* private: owns everything above */
} rx_doc;

/**
 * Parses one monograph (YAML front matter + Markdown body). `name` is used in errors and
 * as the last-resort title. Accepts a UTF-8 BOM, CRLF line endings and invalid UTF-8
 * (replaced, with a warning). Returns RX_EPARSE with err naming the line when the front
 * matter is missing or malformed.
 */
RX_EXPORT int rx_doc_parse(rx_doc **out, const char *text, size_t len, const char *name,
                           rx_error *err);

/** Reads and parses a file; RX_EIO/RX_ENOTFOUND when it cannot be read. */
RX_EXPORT int rx_doc_parse_file(rx_doc **out, const char *path, rx_error *err);

RX_EXPORT void rx_doc_free(rx_doc *doc);

/* -------------------------------------------------------------- sections */

/** Maps a `##` heading ("**Side Effects:**", "Drug Interactions") to a canonical id, or
 *  writes a slug of it ("storage") into buf and returns buf. */
RX_EXPORT const char *rx_section_canonical(const char *heading, size_t len, char *buf, size_t size);

/** Whether `id` names a canonical section or a pseudo-field (title, brand, description). */
RX_EXPORT int rx_section_is_known(const char *id, size_t len);

/* --------------------------------------------------------------- tokens */

enum {
    RX_TOKEN_JOINED = 1 << 0, /* a hyphenated compound joined ("5ht3"), colocated */
    RX_TOKEN_PART = 1 << 1,   /* one part of a hyphenated compound */
    RX_TOKEN_DIGIT = 1 << 2,  /* starts with a digit: never stemmed */
    RX_TOKEN_ALPHA = 1 << 3   /* letters only: a candidate for spelling */
};

typedef struct rx_token {
    const char *text; /* case-folded, accent-stripped; valid during the callback only */
    size_t len;       /* bytes in text */
    size_t start;     /* byte offset of the source span */
    size_t end;       /* byte offset just past the source span */
    uint32_t pos;     /* word position; a JOINED token shares its first part's */
    unsigned flags;   /* RX_TOKEN_* */
} rx_token;

/** Return non-zero to stop; that value is passed back by rx_tokenize. */
typedef int (*rx_token_cb)(void *payload, const rx_token *tok);

/**
 * Splits UTF-8 text into search tokens: Unicode case folding and accent stripping,
 * numbers with thousands separators joined ("1,500" -> "1500"), decimals kept ("0.5"),
 * codes kept whole ("CYP2D6", "B12"), hyphenated words as parts plus a joined form
 * ("5-HT3" -> "5", "ht3", "5ht3"), dose units split off ("50mg" -> "50", "mg").
 * Invalid UTF-8 bytes separate tokens. Positions start at 0.
 */
RX_EXPORT int rx_tokenize(const char *text, size_t len, rx_token_cb cb, void *payload);

/* ------------------------------------------------------------- stemming */

typedef struct rx_stemmer rx_stemmer;

/** The Snowball "english" stemmer with rxsearch's medical exceptions. */
RX_EXPORT int rx_stemmer_new(rx_stemmer **out, rx_error *err);
RX_EXPORT void rx_stemmer_free(rx_stemmer *st);

/** The stem of a folded token. Borrowed: valid until the next call on `st`. Tokens
 *  that contain a digit are returned as they are. */
RX_EXPORT const char *rx_stem(rx_stemmer *st, const char *word, size_t len, size_t *out_len);

/** Identifies the stemmer and its exception list; stored in the index metadata. */
RX_EXPORT const char *rx_stemmer_id(void);

/* ------------------------------------------------------------- indexing */

typedef struct rx_indexer rx_indexer;

typedef struct rx_index_stats {
    unsigned indexed; /* files parsed and written */
    unsigned skipped; /* unchanged since the last run */
    unsigned removed; /* in the index but no longer in the corpus */
    unsigned failed;  /* could not be read or parsed */
    unsigned ignored; /* not monographs (extension), or seen twice through a link */
    int compacted;    /* the index was rewritten compact and swapped in */
} rx_index_stats;

/** Called for each file that fails or warns; err->file and err->line locate it. */
typedef void (*rx_index_report_cb)(void *payload, int is_error, const rx_error *err);
/** Called after each file with the running count; for progress display. */
typedef void (*rx_index_progress_cb)(void *payload, unsigned done, const char *path);

typedef struct rx_index_options {
    const char *synonyms_path;     /* lay/clinical synonym table, or NULL */
    unsigned batch;                /* documents per commit; 0 = default (500) */
    int force;                     /* re-index even unchanged files */
    int flat;                      /* one flat field: every section weighs the same (the
                                      evaluation baseline) */
    int compact;                   /* 1 always, -1 never, 0 when a fifth or more of the
                                      documents changed (a fresh build, say) */
    unsigned shard;                /* a fresh build (empty index, compaction allowed)
                                      writes shards of this many documents, merged by the
                                      final compaction; 0 = default (2500) */
    unsigned threads;              /* shards a fresh build writes at once, each on its own
                                      thread; 0 = one per CPU (at most 4) */
    rx_index_report_cb report;     /* may be NULL */
    rx_index_progress_cb progress; /* may be NULL */
    void *payload;
} rx_index_options;

#define RX_INDEX_OPTIONS_INIT                                                                      \
    {                                                                                              \
        NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL                                                   \
    }

/**
 * Opens (creating if needed) the index at `path` for writing. RX_ELOCKED when another
 * indexer holds it.
 */
RX_EXPORT int rx_indexer_open(rx_indexer **out, const char *path, const rx_index_options *opts,
                              rx_error *err);

/** Walks `root` and indexes every .md file under it, with ids relative to root. Per-file
 *  failures go to opts->report and are counted; only index failures return an error. */
RX_EXPORT int rx_indexer_add_tree(rx_indexer *ix, const char *root, rx_error *err);

/** Removes documents not seen in this run, writes synonyms and metadata, commits, and
 *  (see rx_index_options.compact) writes a compact copy and swaps it in atomically. */
RX_EXPORT int rx_indexer_finish(rx_indexer *ix, rx_index_stats *stats, rx_error *err);

/** Frees the indexer; uncommitted changes since the last batch are dropped. */
RX_EXPORT void rx_indexer_free(rx_indexer *ix);

/** Runs Xapian's consistency check over the index; RX_ECORRUPT with a message if bad. */
RX_EXPORT int rx_index_check(const char *path, rx_error *err);

/* ------------------------------------------------------------- searching */

typedef struct rx_searcher rx_searcher;

typedef struct rx_search_options {
    unsigned offset;   /* results to skip */
    unsigned limit;    /* results to return; 0 = 10 */
    unsigned snippets; /* passages per hit, 0..3 */
    int no_spelling;   /* 1 = never correct the query */
    int explain;       /* 1 = fill rx_hit.explain */
} rx_search_options;

#define RX_SEARCH_OPTIONS_INIT                                                                     \
    {                                                                                              \
        0, 10, 3, 0, 0                                                                             \
    }

typedef struct rx_span {
    size_t offset; /* bytes into the snippet text */
    size_t length; /* bytes */
} rx_span;

typedef struct rx_snippet {
    const char *section; /* canonical section id */
    const char *heading; /* heading path */
    char *text;          /* NUL-terminated; "…" marks a cut */
    rx_span *highlights;
    size_t nhighlights;
} rx_snippet;

typedef struct rx_explain_item {
    char *term;    /* the index term that matched, e.g. "Zneuropath" */
    char *field;   /* "text", "title", a section id... */
    double weight; /* its contribution to the score */
} rx_explain_item;

typedef struct rx_hit {
    unsigned rank; /* 1-based, offset included */
    char *id;      /* path without extension */
    char *path;    /* path relative to the corpus root */
    char *title;
    double score;
    char **brands;
    size_t nbrands;
    int is_banned;
    rx_snippet *snippets;
    size_t nsnippets;
    rx_explain_item *explain;
    size_t nexplain;
    int named; /* the query names this monograph: it ranks before the hits it does not name */
} rx_hit;

typedef struct rx_results {
    char *query;      /* as given */
    uint64_t total;   /* estimated matches */
    char *suggestion; /* did-you-mean, or NULL */
    int corrected;    /* 1 when the suggestion was run instead of the query */
    char *notice;     /* a remark on how the query was read ("'foo:' is not a field..."), or NULL */
    rx_hit *hits;
    size_t nhits;
} rx_results;

/** Opens the index at `path` for searching. RX_ENOTFOUND when there is none. A searcher
 * keeps what it reads of the index (field names, lay words, and the did-you-mean list the
 * first time a query needs it): use one per thread, or one thread at a time. */
RX_EXPORT int rx_searcher_open(rx_searcher **out, const char *path, rx_error *err);
RX_EXPORT void rx_searcher_free(rx_searcher *s);

/** Reads now what the searcher otherwise reads when a query first needs it (the
 * did-you-mean list, 25 to 30 ms at 100,000 monographs, and the everyday words), so that
 * a process kept running (`--batch`, a server) does not make its first misspelled query
 * pay for it. Optional; a change to the index makes the list be read again when needed. */
RX_EXPORT int rx_searcher_preload(rx_searcher *s, rx_error *err);

/**
 * Runs a query (see README for the syntax). On a malformed query returns RX_EQUERY with
 * err->msg naming the part at fault. Each search reads the index's latest commit (a
 * searcher kept open follows updates and the copy rxindex swaps in), and reopens and
 * retries when the index changes mid-query.
 */
RX_EXPORT int rx_search(rx_searcher *s, const char *query, size_t len,
                        const rx_search_options *opts, rx_results **out, rx_error *err);

RX_EXPORT void rx_results_free(rx_results *res);

/* ------------------------------------------------------------ one monograph */

typedef struct rx_document_part {
    char *section; /* canonical section id */
    char *heading; /* heading path ("Dosage › Standard Dosage › Adults") */
    char *text;    /* NUL-terminated */
} rx_document_part;

typedef struct rx_document {
    char *id;   /* as rx_hit's: the path without .md */
    char *path; /* relative to the corpus root */
    char *title;
    char **brands;
    size_t nbrands;
    int is_banned;
    rx_document_part *parts; /* every passage the index keeps, in the monograph's order */
    size_t nparts;
} rx_document;

/**
 * The monograph with this id (a hit's id, or its path) as the index stored it: title,
 * brands and its passages, section by section, for showing a hit whole. RX_ENOTFOUND, with
 * err naming the id, when the index has no such monograph. Follows index updates as
 * rx_search() does.
 */
RX_EXPORT int rx_searcher_document(rx_searcher *s, const char *id, size_t len, rx_document **out,
                                   rx_error *err);
RX_EXPORT void rx_document_free(rx_document *doc);

#ifdef __cplusplus
}
#endif

#endif /* RX_H */
