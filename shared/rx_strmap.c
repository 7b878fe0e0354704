/* rx_strmap.c: open-addressing hash map keyed by byte strings. */
#include "rx_strmap.h"

#include <stdlib.h>
#include <string.h>

uint64_t rx_hash(const void *data, size_t len)
{
    /* FNV-1a: short keys, no adversary, good enough spread. */
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Keys longer than this are refused: an entry keeps its length in 32 bits. */
#define MAX_KEY 0x7fffffffu

/* The slot index takes the low bits: FNV's high bits are folded in, as its low bits
 * depend on the low bits of the bytes only. */
static uint32_t hash32(const char *key, size_t len)
{
    uint64_t h = rx_hash(key, len);
    return (uint32_t)(h ^ (h >> 32));
}

static rx_strmap_entry *find(rx_strmap_entry *slots, size_t cap, const char *key, size_t len,
                             uint32_t hash)
{
    size_t i = hash & (cap - 1);
    for (;;) {
        rx_strmap_entry *e = &slots[i];
        if (!e->key || (e->hash == hash && e->len == len && memcmp(e->key, key, len) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

rx_strmap_entry *rx_strmap_get(rx_strmap *m, const char *key, size_t len)
{
    if (!m->cap || len > MAX_KEY)
        return NULL;
    rx_strmap_entry *e = find(m->slots, m->cap, key, len, hash32(key, len));
    return e->key ? e : NULL;
}

static int grow(rx_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    rx_strmap_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        const rx_strmap_entry *e = &m->slots[i];
        if (e->key)
            *find(slots, cap, e->key, e->len, e->hash) = *e;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

rx_strmap_entry *rx_strmap_put(rx_strmap *m, const char *key, size_t len)
{
    /* At most half full: a miss, the usual probe of a put, stays a step or two. */
    if (len > MAX_KEY || ((m->count + 1) * 2 > m->cap && grow(m) != 0))
        return NULL;
    uint32_t hash = hash32(key, len);
    rx_strmap_entry *e = find(m->slots, m->cap, key, len, hash);
    if (e->key)
        return e;
    char *k = malloc(len + 1);
    if (!k)
        return NULL;
    memcpy(k, key, len);
    k[len] = '\0';
    *e = (rx_strmap_entry){.key = k, .len = (uint32_t)len, .hash = hash};
    m->count++;
    return e;
}

void rx_strmap_clear(rx_strmap *m)
{
    for (size_t i = 0; i < m->cap && m->count; i++)
        if (m->slots[i].key) {
            free(m->slots[i].key);
            m->slots[i].key = NULL;
            m->count--;
        }
}

void rx_strmap_free(rx_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
