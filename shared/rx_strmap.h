/* rx_strmap.h: a string-keyed hash map with 64-bit values (private). */
#ifndef RX_STRMAP_H
#define RX_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct rx_strmap_entry {
    char *key;      /* owned copy, NUL-terminated */
    uint32_t len;   /* bytes in key */
    uint32_t hash;  /* of key: a probe compares it before reading the key */
    uint64_t value; /* caller's meaning */
    int mark;       /* caller's flag, 0 on insert */
} rx_strmap_entry;

typedef struct rx_strmap {
    rx_strmap_entry *slots; /* open addressing, linear probing; key NULL = empty */
    size_t cap;             /* power of two */
    size_t count;
} rx_strmap;

#define RX_STRMAP_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* The entry for key, or NULL. */
rx_strmap_entry *rx_strmap_get(rx_strmap *m, const char *key, size_t len);
/* The entry for key, inserted (value 0) when absent; NULL when out of memory. */
rx_strmap_entry *rx_strmap_put(rx_strmap *m, const char *key, size_t len);
/* Empties the map, keeping its slots for the next keys (a map filled once per document). */
void rx_strmap_clear(rx_strmap *m);
void rx_strmap_free(rx_strmap *m);
uint64_t rx_hash(const void *data, size_t len);

#endif /* RX_STRMAP_H */
