/* test_strmap.c: the string-keyed hash map (rx_strmap.h) against a plain array of the same
 * keys: every key found with its value through growth, a cleared map empty but reusable,
 * keys that differ only after a NUL or in length. */
#include "harness.h"
#include "rx_strmap.h"

#include <stdio.h>
#include <string.h>

enum { N = 5000 };

static size_t key_of(unsigned i, char *buf)
{
    /* Terms as the indexer makes them: a prefix, then a word; some keys only a suffix apart. */
    return (size_t)snprintf(buf, 32, "%sw%u%s", i % 3 ? "XUSAGE:" : "Z", i / 2, i % 2 ? "s" : "");
}

static void fill_and_find(void)
{
    rx_strmap m = RX_STRMAP_INIT;
    char k[32];
    int all = 1;
    for (unsigned i = 0; i < N; i++) {
        rx_strmap_entry *e = rx_strmap_put(&m, k, key_of(i, k));
        all &= e && e->value == 0 && e->mark == 0;
        if (e)
            e->value = i + 1;
    }
    OK(all, "each new key is inserted with value 0");
    INT_EQ(m.count, N, "count after the puts");
    OK(m.count * 2 <= m.cap, "at most half full");
    all = 1;
    for (unsigned i = 0; i < N; i++) {
        size_t len = key_of(i, k);
        rx_strmap_entry *e = rx_strmap_get(&m, k, len);
        all &= e && e->value == i + 1 && e->len == len && memcmp(e->key, k, len) == 0 &&
               e->key[len] == '\0';
        all &= rx_strmap_put(&m, k, len) == e; /* a second put finds the same entry */
    }
    OK(all, "every key found with its value, and put again finds it");
    INT_EQ(m.count, N, "count unchanged by puts of present keys");
    OK(rx_strmap_get(&m, "Zw1", 2) == NULL, "a prefix of a key is not the key");
    OK(rx_strmap_get(&m, "Zw0x", 4) == NULL, "a key with a suffix is not the key");

    size_t cap = m.cap;
    rx_strmap_clear(&m);
    INT_EQ(m.count, 0, "cleared: empty");
    INT_EQ(m.cap, cap, "cleared: slots kept");
    OK(rx_strmap_get(&m, k, key_of(7, k)) == NULL, "cleared: a key is gone");
    rx_strmap_entry *e = rx_strmap_put(&m, k, key_of(7, k));
    OK(e && e->value == 0 && m.count == 1, "cleared: a key put again starts at value 0");
    rx_strmap_free(&m);
    INT_EQ(m.cap, 0, "freed");
    rx_strmap_clear(&m); /* an empty map: nothing to do */
    OK(rx_strmap_get(&m, "a", 1) == NULL, "get in an empty map");
}

static void binary_keys(void)
{
    rx_strmap m = RX_STRMAP_INIT;
    rx_strmap_put(&m, "a\0b", 3)->value = 1;
    rx_strmap_put(&m, "a\0c", 3)->value = 2;
    rx_strmap_put(&m, "a", 1)->value = 3;
    rx_strmap_put(&m, "", 0)->value = 4;
    INT_EQ(rx_strmap_get(&m, "a\0b", 3)->value, 1, "a key with a NUL inside");
    INT_EQ(rx_strmap_get(&m, "a\0c", 3)->value, 2, "keys differing after the NUL");
    INT_EQ(rx_strmap_get(&m, "a", 1)->value, 3, "the key before the NUL alone");
    INT_EQ(rx_strmap_get(&m, "", 0)->value, 4, "the empty key");
    INT_EQ(m.count, 4, "four keys");
    rx_strmap_free(&m);
}

int main(void)
{
    fill_and_find();
    binary_keys();
    return done_testing();
}
