/* rx_compile.h: a parsed query into a Xapian query tree (private). */
#ifndef RX_COMPILE_H
#define RX_COMPILE_H

#include "rx.h"
#include "rx_arena.h"
#include "rx_query.h"
#include "rx_snippet.h"
#include "rx_strmap.h"
#include "rx_xapian.h"

#include <stdint.h>

enum { RX_MAX_FIXES = 32 }; /* spelling corrections per query */
enum { RX_MAX_NAMED = 16 }; /* exact names per query that rank first */

typedef struct rx_fix {
    size_t offset, len; /* the misspelled word in the query */
    char *with;         /* malloc'd suggestion; the caller frees it */
    int drug_name;      /* the suggestion is a title or brand word: safe to apply */
    int quoted;         /* a quoted word: suggested, never applied */
} rx_fix;

typedef struct rx_compiler {
    rx_xreader *r;              /* in: the index, for statistics, synonyms and spelling */
    rx_stemmer *stemmer;        /* in */
    int flat;                   /* in: a --flat index: no section awareness */
    int unplaced;               /* in: a phrase without a field is sought as words in FAQs */
    rx_strmap *laywords;        /* in: words of the synonym table's keys, or NULL */
    struct rx_spell *spell;     /* in/out: the did-you-mean dictionary, read when needed */
    struct rx_wordlist *words;  /* in/out: everyday words, never corrected; read when needed */
    rx_arena *a;                /* in: where the query tree is built */
    rx_matcher *m;              /* out: the query's terms and loose phrases, for snippets */
    rx_error *err;              /* in */
    uint32_t doccount;          /* documents in the index */
    rx_fix fixes[RX_MAX_FIXES]; /* out: words in no document, with a correction */
    size_t nfixes;
    struct {
        size_t offset, len;
    } missing[RX_MAX_FIXES]; /* out: words in no document, with none to offer */
    size_t nmissing;
    const char *section; /* out: the section the query is about (a cue, or usage), or NULL */
    /* out: the monographs the query names (their exact-name terms, OR'ed), which rank
     * before the others; NULL when it names none or asks for another drug ("antidote for
     * paracetamol overdose"). */
    rx_xq *first;
    rx_xq *named[RX_MAX_NAMED]; /* private: the exact-name terms met */
    size_t nnamed;
    int other_drug;      /* private: a word asks for a drug other than the one named */
    int excluding;       /* private: inside a NOT or a -clause: its words name nothing */
    unsigned pops_shown; /* private: populations whose words already weigh more in snippets */
    int rc;              /* out: sticky failure */
} rx_compiler;

/* The Xapian query for tree, built in c->a; NULL when nothing is searchable (c->rc is 0)
 * or on failure (c->rc, with c->err filled). */
rx_xq *rx__compile(rx_compiler *c, const rx_qnode *tree);

/* Reads the index's did-you-mean dictionary into d unless d holds it already. RX_OK, or the
 * failure with err filled (d is then empty again). */
int rx__spell_read(rx_xreader *r, struct rx_spell *d, rx_error *err);

#endif /* RX_COMPILE_H */
