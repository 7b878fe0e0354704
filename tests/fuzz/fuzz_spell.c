/*
 * fuzz_spell.c: the did-you-mean dictionary (rx_spell.h), as a damaged index would hand
 * it over and as the indexer builds it.
 *
 * Byte 0 picks the mode. Even: the rest is a stored list: rx__spell_load returns RX_OK or
 * RX_ECORRUPT and nothing else, and a loaded list answers lookups safely. Odd: the rest is
 * words, one a line, merged in two batches (byte 0's upper bits say where the second
 * starts): the list must load, every word of it must be found as itself (no suggestion),
 * and a word with one byte changed must get a suggestion within the edits allowed that
 * is one of the words. Suggestions are checked against a plain edit-distance table.
 */
#include "../edit_distance.h"
#include "fuzz.h"
#include "rx_spell.h"

/* A lookup's answer: none, or a word of the list within k edits that is not word. */
static void check_lookup(const rx_spell *d, const char *word, size_t len, unsigned k)
{
    char out[RX_SPELL_MAX_WORD + 1];
    size_t got = rx__spell_suggest(d, word, len, k, out, sizeof out);
    if (!got)
        return;
    FUZZ_CHECK(got <= RX_SPELL_MAX_WORD && out[got] == '\0', "suggestion length");
    FUZZ_CHECK(len <= RX_SPELL_MAX_WORD, "no suggestion for a word too long");
    unsigned dist = edit_distance(out, got, word, len);
    FUZZ_CHECK(dist >= 1 && dist <= k, "suggestion within k edits, not the word itself");
    char again[RX_SPELL_MAX_WORD + 1];
    FUZZ_CHECK(rx__spell_suggest(d, out, got, 1, again, sizeof again) == 0,
               "a suggestion is a word of the list");
    /* Any pair of words, lengths up to the limit: a yes or no, and a word is its own slip. */
    int plausible = rx__spell_plausible(word, len, out, got);
    FUZZ_CHECK(plausible == 0 || plausible == 1, "plausible is a yes or no");
    FUZZ_CHECK(rx__spell_plausible(out, got, out, got) == 1, "a word is a slip of itself");
}

static void stored_list(const char *in, size_t n)
{
    char *list = malloc(n ? n : 1);
    FUZZ_CHECK(list != NULL, "copy");
    memcpy(list, in, n);
    rx_spell d;
    int rc = rx__spell_load(&d, list, n);
    FUZZ_CHECK(rc == RX_OK || rc == RX_ECORRUPT, "OK or ECORRUPT only");
    FUZZ_CHECK((rc == RX_OK) == (rx__spell_check(in, n) == RX_OK), "check agrees with load");
    if (rc == RX_OK) {
        static const char *const words[] = {"a", "ab", "pain", "paracetamol", "zzzz"};
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            for (unsigned k = 1; k <= RX_SPELL_MAX_EDITS; k++)
                check_lookup(&d, words[i], strlen(words[i]), k);
    }
    rx__spell_free(&d);
}

/* Whether word is one of the input's lines. */
static int listed(const char *in, size_t n, const char *word, size_t len)
{
    for (size_t off = 0; off < n;) {
        const char *nl = memchr(in + off, '\n', n - off);
        size_t wl = nl ? (size_t)(nl - (in + off)) : n - off;
        if (wl == len && memcmp(in + off, word, len) == 0)
            return 1;
        off += wl + 1;
    }
    return 0;
}

static void built_list(const char *in, size_t n, size_t split)
{
    rx_buf list = RX_BUF_INIT;
    rx_strmap batch = RX_STRMAP_INIT;
    size_t at = 0;
    /* The first batch ends at the first line end from split on. */
    if (split > n)
        split = n;
    while (split < n && in[split] != '\n')
        split++;
    for (int round = 0; round < 2; round++) {
        size_t end = round == 0 ? split : n;
        while (at < end) {
            const char *nl = memchr(in + at, '\n', end - at);
            size_t len = nl ? (size_t)(nl - (in + at)) : end - at;
            if (len && !memchr(in + at, '\0', len))
                rx_strmap_put(&batch, in + at, len)->value++;
            at += len + 1;
        }
        FUZZ_CHECK(rx__spell_merge(&list, &batch) == RX_OK, "merge");
        rx_strmap_free(&batch);
    }
    rx_spell d;
    size_t len = list.len;
    FUZZ_CHECK(rx__spell_load(&d, rx_buf_detach(&list, NULL), len) == RX_OK, "a merged list loads");
    for (size_t off = 0; off < n;) {
        const char *w = in + off, *nl = memchr(w, '\n', n - off);
        size_t wl = nl ? (size_t)(nl - w) : n - off;
        off += wl + 1;
        if (!wl || wl > RX_SPELL_MAX_WORD || memchr(w, '\0', wl))
            continue;
        char out[RX_SPELL_MAX_WORD + 1], changed[RX_SPELL_MAX_WORD];
        FUZZ_CHECK(rx__spell_suggest(&d, w, wl, 1, out, sizeof out) == 0,
                   "a word of the list has no suggestion");
        memcpy(changed, w, wl);
        changed[wl / 2] = (char)(changed[wl / 2] ^ 0x20);
        if (changed[wl / 2] == '\0' || listed(in, n, changed, wl))
            continue;
        check_lookup(&d, changed, wl, 1);
        FUZZ_CHECK(rx__spell_suggest(&d, changed, wl, 1, out, sizeof out) > 0,
                   "a word one byte away from a listed word gets a suggestion");
    }
    rx__spell_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *in = (const char *)data + 1;
    if (data[0] % 2 == 0)
        stored_list(in, size - 1);
    else
        built_list(in, size - 1, (size_t)(data[0] >> 1) * 8);
    return 0;
}
