/* rx_snippet.h: choosing and cutting the passages shown with a hit (private). */
#ifndef RX_SNIPPET_H
#define RX_SNIPPET_H

#include "rx.h"
#include "rx_docdata.h"
#include "rx_prefind.h"
#include "rx_stemcache.h"

enum { RX_MAX_LOOSE = 4 };        /* phrases per query looked for in FAQs */
enum { RX_MAX_LOOSE_TERMS = 32 }; /* words of one that are checked before reading it */

/* A quoted phrase whose order the index cannot check (FAQs keep no positions). */
typedef struct rx_loose_phrase {
    const char *text; /* the words between the quotes, borrowed from the query */
    size_t len;
    /* private to rx_snippet.c: the query terms of its words that are not function words,
     * found when first needed (a passage without one cannot hold the phrase) */
    int terms[RX_MAX_LOOSE_TERMS];
    unsigned nterms;
    int mapped;
} rx_loose_phrase;

/* A query term as snippets see it: matched by stem, so "drowsy" finds "drowsiness". */
typedef struct rx_match_term {
    char *stem; /* owned by the matcher */
    size_t len;
    const char *field; /* only passages of this section, or NULL for any */
    double weight;     /* rarer terms weigh more (idf) */
    int names_drug;    /* a query word that names a drug ("atorvastatin muscle pain") */
    int weak;          /* a function word ("of" of "loss of appetite"; see rx_snippet.c) */
    int answers;       /* a passage holding it answers first ("difference" of a comparison) */
    int effect;        /* names an effect the asker wants spared ("cough", rx_unwanted.c) */
    int limit;         /* says one is rare ("rarely", "non-"): counts only near an effect */
} rx_match_term;

typedef struct rx_matcher {
    rx_match_term *terms;
    size_t n, cap;
    rx_stemmer *stemmer;      /* borrowed */
    unsigned char first[256]; /* first bytes of the stems: a cheap filter before stemming */
    const char *prefer;       /* section the query asks about ("side effects of X"), or NULL */
    int force_prefer;         /* show that section first even where no query word is in it */
    int first_prefer;         /* show it first where a query word is in it */
    int drug_named;           /* the query names a drug: its other words ask about it */
    int usage_by_default;     /* prefer is Usage only because the query names no drug */
    int no_prefilter;         /* a stem has a digit or symbol: every passage is tokenized */
    int irregular;            /* a stem comes from words that do not begin with it ("teeth") */
    int content, weak;        /* some term is not weak; some is */
    int limits;               /* some term is a limit */
    /* The query's phrases of two words or more without a field (the first few), found by
     * rx__compile: a passage that holds one is shown first (a FAQ, which keeps no
     * positions, may hold it though no section does; or the query's other words found the
     * monograph). */
    rx_loose_phrase loose[RX_MAX_LOOSE];
    size_t nloose;
    rx_stem_cache stems; /* the passages' words, stemmed once per query */
    rx_prefind words;    /* finds the words that may stem to a term (rx_snippet.c) */
    int words_ready;     /* words has the needles of every term */
} rx_matcher;

int rx__matcher_add(rx_matcher *m, const char *stem, size_t len, const char *field, double weight);
void rx__matcher_clear(rx_matcher *m);

/* Notes that the query word with this stem names a drug: in that drug's own monograph
 * every passage is about it, so there the word hardly decides which passage to show. */
void rx__matcher_mark_drug(rx_matcher *m, const char *stem, size_t len);

/* Notes that a passage holding the query word with this stem answers the query, before
 * the section it asks about: the FAQ "What is the difference from Metoprolol Succinate?"
 * before the profile summaries a comparison otherwise shows. */
void rx__matcher_mark_answer(rx_matcher *m, const char *stem, size_t len);

/* Notes that the query term with this stem names an effect the asker wants spared, or
 * (limit) a word that says such an effect is rare: a limit counts only within a few
 * words of an effect ("cough is rare", not "rarely, anaphylaxis"). */
void rx__matcher_mark_effect(rx_matcher *m, const char *stem, size_t len, int limit);

/* Multiplies the weight of the term with this stem, if the query has it, by factor: a word
 * the passage shown must hold ("hepatic" of "dose adjustment in hepatic impairment"). */
void rx__matcher_scale(rx_matcher *m, const char *stem, size_t len, double factor);

/* 1 when p holds one of m's loose phrases, its words in order. seen, when not NULL: the
 * query terms p has (of m's terms); a phrase some of whose words p lacks is not read for. */
int rx__holds_loose_phrase(rx_matcher *m, const rx_passage *p, const unsigned char *seen);

/* Fills hit->snippets with up to `max` windows of about `window` words from the best
 * matching passages of doc. Falls back to the opening of Usage when nothing matches. */
int rx__snippets(rx_hit *hit, const rx_stored *doc, rx_matcher *m, unsigned max, unsigned window);

#endif /* RX_SNIPPET_H */
