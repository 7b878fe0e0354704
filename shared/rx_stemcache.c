/* rx_stemcache.c: a bounded word -> stem cache in front of libstemmer. */
#include "rx_stemcache.h"

enum { MAX_WORDS = 200000 };

const char *rx__stem_cached(rx_stem_cache *c, rx_stemmer *st, const char *word, size_t len,
                            size_t *out_len)
{
    rx_strmap_entry *e = rx_strmap_get(&c->map, word, len);
    if (e) {
        *out_len = (size_t)(e->value & 0xffff);
        return c->store.ptr + (e->value >> 16);
    }
    const char *stem = rx_stem(st, word, len, out_len);
    if (c->map.count >= MAX_WORDS) {
        rx_strmap_free(&c->map);
        rx_buf_clear(&c->store);
    }
    size_t off = c->store.len;
    rx_buf_put(&c->store, stem, *out_len);
    rx_buf_putc(&c->store, '\0');
    if (!c->store.oom && *out_len < 0xffff && (e = rx_strmap_put(&c->map, word, len)) != NULL) {
        e->value = ((uint64_t)off << 16) | *out_len;
        return c->store.ptr + off;
    }
    return rx_stem(st, word, len, out_len); /* out of memory: uncached, still right */
}

void rx__stem_cache_free(rx_stem_cache *c)
{
    rx_strmap_free(&c->map);
    rx_buf_free(&c->store);
}
