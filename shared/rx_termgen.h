/* rx_termgen.h: the terms of one monograph, as the index stores them (private).
 *
 * Term scheme (one table, read by indexer and searcher alike):
 *   Z<stem>       ranked free text with positions (phrases match stems: "side effect" finds
 *                 "side effects"); wdf = the section weight per occurrence (BM25F-style:
 *                 a word in Usage counts six times one in Side Effects)
 *   X<FIELD>:stem per field, no positions, wdf 1: `side_effects:drowsy`, section boosts
 *   XEXACT:words  the whole title, and each whole brand name, as one term
 *   X_CLASS:stem  each word of the Pharmacological Classification row, once ("statin")
 *   X_POP:hepatic:adjust, X_POP:renal:avoid...  what the Dosage lines say for a special
 *                 population (rx_population.h); wdf 1
 *   Q<path>       unique id (boolean);  XBANNED:yes|no (boolean)
 */
#ifndef RX_TERMGEN_H
#define RX_TERMGEN_H

#include "rx.h"
#include "rx_buf.h"
#include "rx_stemcache.h"
#include "rx_strmap.h"
#include "rx_xapian.h"

#define RX_PREFIX_STEM     "Z"
#define RX_PREFIX_ID       "Q"
#define RX_PREFIX_EXACT    "XEXACT:"
#define RX_PREFIX_POP      "X_POP:"   /* '_' first: no section slug makes it */
#define RX_PREFIX_CLASS    "X_CLASS:" /* like X_POP: */
#define RX_TERM_BANNED_YES "XBANNED:yes"
#define RX_TERM_BANNED_NO  "XBANNED:no"
#define RX_SLOT_SIGNATURE  0 /* value slot: "size:mtime" of the source file */
#define RX_SLOT_PASSAGES   1 /* value slot: the stored passages (rx_docdata.h) */
/* Metadata "rx:format": bumped when this scheme changes; other formats must be rebuilt.
 * 1: unstemmed positional terms; 2: positions on the Z terms, passages in a value slot;
 * 3: the did-you-mean words in metadata (rx_spell.h), not in Xapian's spelling table;
 * 4: the special-population terms (X_POP:); 5: their avoid records also from the
 * Contraindications section, and an avoided dose read as a dose change; 6: every
 * name of an Alternate Names list an exact name (XEXACT:), not only the first; 7: the
 * class row's words (X_CLASS:). */
#define RX_INDEX_FORMAT "7"
#define RX_META_DICT    "rx:zdict" /* metadata: the passages' zstd dictionary, if any */

typedef struct rx_termgen {
    rx_stemmer *stemmer;
    int flat;            /* every field at wdf 1: the unweighted baseline */
    rx_strmap spell;     /* words seen in this document -> count, for did-you-mean */
    rx_strmap terms;     /* this document's unpositioned terms -> wdf, written out at the end */
    rx_stem_cache stems; /* shared by every document this termgen indexes */
} rx_termgen;

int rx__termgen_init(rx_termgen *tg, rx_error *err);
void rx__termgen_clear(rx_termgen *tg);

/* Adds every term of doc to xdoc; fills tg->spell with its words. */
int rx__termgen_doc(rx_termgen *tg, const rx_doc *doc, rx_xdoc *xdoc, rx_error *err);

/* Adds delta to spell's count of each word of one field's text that the did-you-mean list
 * keeps, as rx__termgen_doc counts them (values are int64_t deltas stored as uint64_t; -1
 * forgets a document being replaced or removed). RX_OK or RX_ENOMEM. */
int rx__termgen_spell_words(rx_strmap *spell, const char *field, const char *text, size_t len,
                            int64_t delta);

#endif /* RX_TERMGEN_H */
