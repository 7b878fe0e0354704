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

static rx_strmap_entry *find(rx_strmap_entry *slots, size_t cap, const char *key, size_t len)
{
    size_t i = (size_t)rx_hash(key, len) & (cap - 1);
    for (;;) {
        rx_strmap_entry *e = &slots[i];
        if (!e->key || (e->len == len && memcmp(e->key, key, len) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

rx_strmap_entry *rx_strmap_get(rx_strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    rx_strmap_entry *e = find(m->slots, m->cap, key, len);
    return e->key ? e : NULL;
}

static int grow(rx_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    rx_strmap_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(slots, cap, m->slots[i].key, m->slots[i].len) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

rx_strmap_entry *rx_strmap_put(rx_strmap *m, const char *key, size_t len)
{
    if ((m->count + 1) * 4 >= m->cap * 3 && grow(m) != 0)
        return NULL;
    rx_strmap_entry *e = find(m->slots, m->cap, key, len);
    if (e->key)
        return e;
    char *k = malloc(len + 1);
    if (!k)
        return NULL;
    memcpy(k, key, len);
    k[len] = '\0';
    e->key = k;
    e->len = len;
    e->value = 0;
    e->mark = 0;
    m->count++;
    return e;
}

void rx_strmap_free(rx_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
