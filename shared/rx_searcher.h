/*
 * rx_searcher.h: what the searcher's files share (private): rx_search.c (queries, and
 * opening and following the index) and rx_document.c (a monograph read whole).
 */
#ifndef RX_SEARCHER_H
#define RX_SEARCHER_H

#include "rx.h"
#include "rx_arena.h"
#include "rx_docdata.h"
#include "rx_spell.h"
#include "rx_strmap.h"
#include "rx_synonyms.h"
#include "rx_wordlist.h"
#include "rx_xapian.h"

#include <sys/stat.h>

/* BM25 parameters of every search (README: Ranking model). */
static const double BM25_K1 = 1.2, BM25_B = 0.75;

struct rx_searcher {
    rx_xreader *r;
    rx_stemmer *stemmer;
    rx_strmap sections; /* section ids present in the index: valid field names */
    rx_strmap laywords; /* words of the synonym table's keys: never misspellings */
    rx_spell spell;     /* did-you-mean dictionary, read when a query first needs it */
    rx_wordlist words;  /* everyday words, never corrected; read when a query first needs it */
    int flat;           /* built with --flat: no section awareness at query time either */
    char *path;         /* index directory, for messages */
    rx_zstd *zstd;      /* inflates stored passages */
    dev_t dev;          /* the index directory opened (rxindex exchanges a compacted */
    ino_t ino;          /* copy for it in one rename): a new one means reopen afresh */
};

/* A malloc'd copy of s, or NULL. */
char *rx__strdup(const char *s);
/* A hit's id: its path without the extension (malloc'd), or NULL. */
char *rx__hit_id(const char *path);
/* The stored record of hit i, with its passages when asked (strings in the arena). */
int rx__read_record(rx_xmset *ms, size_t i, rx_zstd *zstd, int passages, rx_arena *a, rx_stored *st,
                    rx_error *err);

/* One read of the index: RX_EMODIFIED when it changed under the reader. */
typedef int (*rx_read_fn)(rx_searcher *s, void *payload, rx_error *err);
/* Runs once() on the index's latest commit, and again on the next one when the index
 * changes during it; `what` names the read in the message when it keeps changing. */
int rx__on_latest(rx_searcher *s, rx_read_fn once, void *payload, const char *what, rx_error *err);

#endif /* RX_SEARCHER_H */
