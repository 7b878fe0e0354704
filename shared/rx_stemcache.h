/* rx_stemcache.h: remembered stems (private). Words repeat heavily within and across
 * monographs, and a hash lookup costs a fraction of a Snowball run. */
#ifndef RX_STEMCACHE_H
#define RX_STEMCACHE_H

#include "rx.h"
#include "rx_buf.h"
#include "rx_strmap.h"

typedef struct rx_stem_cache {
    rx_strmap map; /* word -> (offset << 16 | length) of its stem in store */
    rx_buf store;  /* NUL-separated stems */
} rx_stem_cache;

/* rx_stem() through the cache. Borrowed: valid until the next call on c or st. The cache
 * empties itself past a bound, so memory stays flat on any corpus. */
const char *rx__stem_cached(rx_stem_cache *c, rx_stemmer *st, const char *word, size_t len,
                            size_t *out_len);
void rx__stem_cache_free(rx_stem_cache *c);

/* Word i of the exception list, and its stem in *stem; NULL past the end. */
const char *rx__stem_exception(size_t i, const char **stem);

/* Whether some word of the exception list stems to stem without beginning with its
 * letters bar the last ("tooth" <- "teeth", "woman" <- "women"). */
int rx__stem_has_irregular_word(const char *stem, size_t len);

#endif /* RX_STEMCACHE_H */
