/*
 * rx_compile_parts.h: what the query compiler's three files share (private): rx_compile.c
 * (query nodes, terms, spelling and the tree), rx_understand.c (drug and brand names,
 * section cues, special populations) and rx_expand.c (the synonym table).
 */
#ifndef RX_COMPILE_PARTS_H
#define RX_COMPILE_PARTS_H

#include "rx_compile.h"
#include "rx_cues.h"
#include "rx_wordlist.h"

/* Plain words of a sequence that synonyms, cues and idioms look at (the rest still match). */
enum { MAX_PLAIN = RX_CUE_MAX_WORDS };
enum { TERM_BUF = 160 }; /* a prefixed stem looked up in the index */

/* Query-time weights; the index-time section weights live in rx_section.c. */
static const double SYNONYM_SCALE = 0.6; /* a synonym counts a bit less than the word typed */
static const double IDIOM_SCALE = 0.5;   /* a word of a multi-word synonym key */
static const double LAY_SCALE = 0.25;    /* ... of one no monograph says ("hearing voices") */
static const double OTHERS_SCALE = 0.5;  /* a word beside a required idiom, no drug named */
static const double IDIOM_LOOKUP = 0.05; /* an idiom is sought as a phrase only if a word of
                                           it is in at most this share (the lookup's cost) */
static const double IDIOM_REACH = 0.2;   /* required only if its words are in at most this share */
static const double CLASS_SCALE = 1.0;   /* the query names a class its class row has */
static const double CLASS_SHARE = 0.2;   /* ... in the class rows of this share of its users */
enum { CLASS_MIN_DRUGS = 2 };            /* ... and of two monographs at least */
static const double DRUG_SCALE = 2.0;    /* the query names this drug or brand exactly */
static const double TITLE_WORD_SCALE = 1.0; /* ... or a drug of a combination's title */
static const double CUE_SCALE = 1.0;        /* the query's words inside the section it asks about */
static const double POP_SCALE = 6.0;        /* a population's dosing record (rx_population.h) */
static const double POP_SNIPPET_SCALE = 3.0; /* its words, in choosing the passage shown */
static const double ANSWER_WEIGHT = 1.0;     /* a word the passage shown answers with, not typed */

enum { IDIOM_WORDS = 2 }; /* keys of this many words or more are idioms */
/* What an entry of a sequence's query is part of (see split_idiom in rx_compile.c). */
enum { IDIOM_ENTRY = 1, NAMED_ENTRY = 2 };

/* A query word's tokens ("5-HT3" is three, joined). */
typedef struct qtok {
    char *text; /* folded */
    size_t len;
    unsigned flags;
    uint32_t pos;
    size_t start, end; /* the source span in the text tokenized */
} qtok;

typedef struct qtoks {
    qtok v[64];
    size_t n;
    rx_compiler *c;
} qtoks;

/* Query nodes, built in c->a (NULL kids are dropped; NULL on failure, with c->rc set). */
rx_xq *rx__xq_term(rx_compiler *c, const char *prefix, const char *text, size_t len);
rx_xq *rx__xq_op(rx_compiler *c, rx_xq_op op, rx_xq **kids, size_t n);
rx_xq *rx__xq_scale(rx_compiler *c, rx_xq *kid, double factor);

/* The tokens of text into out (which keeps c); returns how many. */
size_t rx__tokens_of(rx_compiler *c, const char *text, size_t len, qtoks *out);
/* prefix + stem into term[TERM_BUF]; returns its length and sets *df to the number of
 * monographs that have it, or returns 0 when it does not fit. */
size_t rx__term_df(rx_compiler *c, const char *prefix, const char *stem, size_t slen, char *term,
                   uint32_t *df);
/* The stem of a folded word into stem[TERM_BUF]; returns its length, 0 when it does not
 * fit. */
size_t rx__stem_of(rx_compiler *c, const char *word, size_t len, char *stem);
/* A stem of brand names that most monographs using it name. */
int rx__is_brand_stem(rx_compiler *c, const char *stem, size_t slen);
/* The stemmed terms of t in field (NULL: free text) joined by op; snippet weight sw. */
rx_xq *rx__stems_of(rx_compiler *c, const qtoks *t, const char *field, rx_xq_op op, double sw);
/* The everyday words never corrected, read when first needed (NULL when none are kept). */
const rx_wordlist *rx__everyday_words(rx_compiler *c);
/* Whether the word's first len bytes are one of the n words of list (rx_understand.c). */
int rx__in_list(const char *word, size_t len, const char *const *list, size_t n);
/* A plain word the query drops ("the", "tablets for"). */
int rx__is_stopword(const rx_qnode *n);

/* A sequence's plain words (no field, no sign) and what is known of each; only the first
 * MAX_PLAIN are looked at. */
typedef struct rx_plain {
    rx_qnode **word;
    size_t n;
    unsigned char no_name[MAX_PLAIN];   /* names no drug alone: "if", "pause" (rx_compile.c) */
    unsigned char weak[MAX_PLAIN];      /* no synonym key alone: "if", "acid" of a drug */
    unsigned char is_cue[MAX_PLAIN];    /* a word of the section cue (rx_understand.c) */
    unsigned char named[MAX_PLAIN];     /* names a drug or brand (rx_understand.c) */
    unsigned char name_part[MAX_PLAIN]; /* a salt or form word of one (rx_understand.c) */
    unsigned char covered[MAX_PLAIN];   /* in a key the synonym table has: the key's size, or
                                           1 for a cue or a pair apart (rx_expand.c) */
    unsigned char lay[MAX_PLAIN];       /* a word of an idiom no monograph says ("hearing
                                           voices", "loose motion") (rx_compile.c) */
    struct {
        const char *word;    /* folded */
        const char *section; /* the word is sought there as well, or NULL (rx_understand.c) */
    } steer[MAX_PLAIN];
} rx_plain;

/* rx_understand.c: the drugs p names, its section cue and populations, as entries out of
 * out[*nout..max) with their roles. */
void rx__understand(rx_compiler *c, rx_plain *p, rx_xq **out, size_t *nout, size_t max,
                    unsigned char *role);

/* rx_understand.c: the exact-name term of the drug a quoted phrase names
 * ("\"glimepiride metformin\""), boosted and ranked first, or NULL. */
rx_xq *rx__quoted_name(rx_compiler *c, const char *text, size_t len);

/* rx_understand.c: p's words sought in the section the query asks about (p->steer), as
 * one entry of out; the words of an idiom no monograph says count less there, as they do
 * elsewhere ("hearing" of "hearing voices" is no hearing loss). */
void rx__steer(rx_compiler *c, const rx_plain *p, rx_xq **out, size_t *nout, size_t max);

/* rx_expand.c: the synonym table's entries for runs of p's words. */
void rx__expand_synonyms(rx_compiler *c, rx_plain *p, rx_xq **out, size_t *nout, size_t max,
                         unsigned char *role);
/* Drops the spelling corrections of words a synonym key covers. */
void rx__keep_synonym_words(rx_compiler *c, const rx_plain *p);

/* rx_unwanted.c: an effect the asker wants to be spared ("that does not cause cough"),
 * as plain-word indexes of the sequence's kids: the verb before it, and [from, to). */
typedef struct rx_unwanted {
    size_t verb, from, to;
} rx_unwanted;
/* Finds one in kids[0..n): marks its words and the negation's in skip[] (they leave the
 * query) and returns 1, or returns 0. */
int rx__unwanted_effect(rx_compiler *c, rx_qnode *const *kids, size_t n, unsigned char *skip,
                        rx_unwanted *out);
/* The monographs that say the effect is rare or absent, near its words or synonyms. */
rx_xq *rx__tolerance(rx_compiler *c, rx_qnode *const *kids, const rx_unwanted *u);

#endif /* RX_COMPILE_PARTS_H */
