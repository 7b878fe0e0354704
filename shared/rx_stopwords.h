/* rx_stopwords.h: words that carry no topic (private). */
#ifndef RX_STOPWORDS_H
#define RX_STOPWORDS_H

#include <stddef.h>

/* Function words ("the", "of", "can"). The indexer gives them no per-section terms (they
 * would be a third of those terms, and a phrase in a section asks for its other words
 * there); a ranked query drops them unless nothing else is left. `word` is folded (rx_tokenize). */
int rx__is_function_word(const char *word, size_t len);

/* Function words plus words every monograph uses ("take", "tablet", "medicine"), which a
 * ranked query also drops. */
int rx__is_query_stopword(const char *word, size_t len);

/* Words of titles that name no drug on their own: salts, forms and classes ("acid",
 * "sodium", "vitamin"). A query word among them does not make a query about a drug. */
int rx__is_title_only_word(const char *word, size_t len);

/* Hindi function words as typed in Latin letters ("ke", "liye", "raha"): no misspellings
 * (rx_wordlist.c), though no monograph has them. */
int rx__is_hindi_function_word(const char *word, size_t len);

/* Whether every list is in strictly ascending strcmp order, as the lookups' binary search
 * needs (for the tests). */
int rx__stopwords_sorted(void);

#endif /* RX_STOPWORDS_H */
