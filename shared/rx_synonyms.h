/* rx_synonyms.h: the lay <-> clinical synonym table (private). */
#ifndef RX_SYNONYMS_H
#define RX_SYNONYMS_H

#include "rx.h"
#include "rx_buf.h"
#include "rx_xapian.h"

/* A query is matched against keys of at most this many words. */
#define RX_SYNONYM_MAX_WORDS 3
/* Metadata: the words of the table's keys, one a line ("twisted", "droopy"). No monograph
 * may have them, yet they are no misspellings: the searcher never corrects them. */
#define RX_META_LAYWORDS "rx:laywords"
/* How keys are stored; an index whose table was loaded another way loads it again. */
#define RX_SYNONYM_SCHEME "2"

/*
 * Loads a table of lines "term<TAB>synonym | synonym ..." ('#' comments) into the index's
 * synonym table, and the words of its keys into RX_META_LAYWORDS. Keys and synonyms are
 * stored as folded words joined by single spaces; each key also as its stems
 * (rx__stem_key) and, when it has function words and two content words or more, as the
 * stems of its content words ("protein in urine" -> "Zprotein urin").
 * A malformed line, or one whose term no query could match (more than
 * RX_SYNONYM_MAX_WORDS words), is reported (file and line) and skipped.
 */
int rx__synonyms_load(rx_xdb *db, const char *path, rx_index_report_cb report, void *payload,
                      rx_error *err);

/* The folded words of text joined by single spaces (the table's key form). */
void rx__words(const char *text, size_t len, rx_buf *out);

/* The stemmed key of single-space separated words: "Z" + stems joined by spaces, in order
 * or reversed ("hands shaking" meets "shaking hands"). */
void rx__stem_key(rx_stemmer *st, const char *words, size_t len, int reverse, rx_buf *out);

#endif /* RX_SYNONYMS_H */
