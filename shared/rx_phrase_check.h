/* rx_phrase_check.h: a phrase's words in order in a stored text (private). */
#ifndef RX_PHRASE_CHECK_H
#define RX_PHRASE_CHECK_H

#include "rx.h"
#include "rx_stemcache.h"

#include <stddef.h>

/* 1 when text holds the words of phrase one after another, compared by stem as a phrase
 * query compares them (stemmed through c); 0 when it does not, or the phrase has no words
 * or over 32. */
int rx__has_phrase(rx_stem_cache *c, rx_stemmer *st, const char *phrase, size_t plen,
                   const char *text, size_t len);

#endif /* RX_PHRASE_CHECK_H */
