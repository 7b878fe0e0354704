/*
 * rx_spell.c: the did-you-mean dictionary: a sorted word list, and the nearest word to a
 * misspelling.
 *
 * Xapian's spelling table finds candidates through trigram lists: with the brand names of
 * 100,000 monographs (half a million words) one lookup read tens of thousands of
 * candidates, 5-20 ms a misspelled word. Here the sorted list is walked as a trie (Steve
 * Hanov's trie walk; Lucene's fuzzy query intersects an automaton with its term
 * dictionary in the same spirit): the edit-distance rows of a prefix serve every word
 * that starts with it, only the diagonal band of width 2k+1 of each row can stay within
 * k edits (Ukkonen), and a prefix already more than k edits from every start of the word
 * skips all the words under it. What each word shares with the one before it (computed
 * once, at load) tells where its rows start and where a skipped prefix ends, without
 * reading the words skipped.
 */
#include "rx_spell.h"
#include "rx.h"

#include <stdlib.h>
#include <string.h>

enum {
    FREQ_BYTES = 4,
    HEAD_BYTES = 2, /* bytes shared with the word before, bytes that follow */
    MAX_DEPTH = RX_SPELL_MAX_WORD + RX_SPELL_MAX_EDITS + 2
};

static int compare(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static uint32_t get_freq(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

/* Appends word (len bytes, after prev of prevlen) to the list b. */
static void put_word(rx_buf *b, const char *prev, size_t prevlen, const char *w, size_t len,
                     uint64_t freq)
{
    size_t same = 0;
    while (same < len && same < prevlen && w[same] == prev[same])
        same++;
    uint32_t f = freq > UINT32_MAX ? UINT32_MAX : (uint32_t)freq;
    char head[HEAD_BYTES] = {(char)same, (char)(len - same)};
    char le[FREQ_BYTES] = {(char)f, (char)(f >> 8), (char)(f >> 16), (char)(f >> 24)};
    rx_buf_put(b, head, sizeof head);
    rx_buf_put(b, w + same, len - same);
    rx_buf_put(b, le, sizeof le);
}

/* The word of the entry at e, rebuilt in w, which holds the word before it; its length. */
static size_t entry_word(const char *e, char *w)
{
    size_t same = (unsigned char)e[0], rest = (unsigned char)e[1];
    memcpy(w + same, e + HEAD_BYTES, rest);
    return same + rest;
}

static int by_key(const void *a, const void *b)
{
    const rx_strmap_entry *x = *(const rx_strmap_entry *const *)a;
    const rx_strmap_entry *y = *(const rx_strmap_entry *const *)b;
    return compare(x->key, x->len, y->key, y->len);
}

int rx__spell_merge(rx_buf *dict, const rx_strmap *batch)
{
    if (!batch->count)
        return RX_OK;
    const rx_strmap_entry **v = malloc(batch->count * sizeof *v);
    if (!v)
        return RX_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < batch->cap; i++)
        if (batch->slots[i].key && batch->slots[i].len <= RX_SPELL_MAX_WORD)
            v[n++] = &batch->slots[i];
    qsort(v, n, sizeof *v, by_key);
    rx_buf out = RX_BUF_INIT;
    rx_buf_grow(&out, dict->len + n * 12);
    /* old: the list's next word, rebuilt from its entry; last: the word written last. */
    char old[RX_SPELL_MAX_WORD], last[RX_SPELL_MAX_WORD];
    size_t oldlen = 0, lastlen = 0, i = 0;
    const char *p = dict->ptr ? dict->ptr : "", *end = p + dict->len;
    if (p < end)
        oldlen = entry_word(p, old);
    while (!out.oom && (p < end || i < n)) {
        int c = p >= end ? 1 : i >= n ? -1 : compare(old, oldlen, v[i]->key, v[i]->len);
        const char *w = c > 0 ? v[i]->key : old;
        size_t wl = c > 0 ? v[i]->len : oldlen;
        int64_t f = c > 0 ? 0 : get_freq(p + HEAD_BYTES + (unsigned char)p[1]);
        if (c >= 0)
            f += (int64_t)v[i]->value;
        if (f > 0) { /* a word no document has any more is dropped */
            put_word(&out, last, lastlen, w, wl, (uint64_t)f);
            memcpy(last, w, wl);
            lastlen = wl;
        }
        if (c >= 0)
            i++;
        if (c <= 0) { /* on to the list's next word */
            p += HEAD_BYTES + (unsigned char)p[1] + FREQ_BYTES;
            if (p < end)
                oldlen = entry_word(p, old);
        }
    }
    free(v);
    if (out.oom) {
        rx_buf_free(&out);
        return RX_ENOMEM;
    }
    rx_buf_free(dict);
    *dict = out;
    return RX_OK;
}

/* Checks every entry of a list; fills at and shared (when not NULL) and counts the words. */
static int scan(const char *list, size_t len, uint32_t *at, unsigned char *shared, size_t *nwords)
{
    char prev[RX_SPELL_MAX_WORD];
    size_t prevlen = 0, n = 0;
    if (len > UINT32_MAX)
        return RX_ECORRUPT;
    for (size_t off = 0; off < len; n++) {
        const unsigned char *e = (const unsigned char *)list + off;
        if (len - off < HEAD_BYTES)
            return RX_ECORRUPT;
        size_t same = e[0], rest = e[1];
        /* After the word before: shares at most its bytes, then a greater byte or more. */
        if (same > prevlen || !rest || same + rest > RX_SPELL_MAX_WORD ||
            len - off - HEAD_BYTES < rest + FREQ_BYTES ||
            (same < prevlen && e[HEAD_BYTES] <= (unsigned char)prev[same]))
            return RX_ECORRUPT;
        prevlen = entry_word((const char *)e, prev);
        if (at) {
            at[n] = (uint32_t)off;
            shared[n] = (unsigned char)same;
        }
        off += HEAD_BYTES + rest + FREQ_BYTES;
    }
    *nwords = n;
    return RX_OK;
}

int rx__spell_check(const char *list, size_t len)
{
    size_t n;
    return scan(list, len, NULL, NULL, &n);
}

int rx__spell_load(rx_spell *d, char *list, size_t len)
{
    memset(d, 0, sizeof *d);
    d->list = list;
    d->len = len;
    /* An entry takes at least 7 bytes: room for every word, whatever the list holds. */
    size_t cap = len / (HEAD_BYTES + 1 + FREQ_BYTES) + 1;
    d->at = malloc(cap * sizeof *d->at);
    d->shared = malloc(cap);
    if (!d->at || !d->shared)
        return RX_ENOMEM;
    int rc = scan(list, len, d->at, d->shared, &d->nwords);
    d->loaded = rc == RX_OK;
    return rc;
}

void rx__spell_free(rx_spell *d)
{
    if (!d)
        return;
    free(d->list);
    free(d->at);
    free(d->shared);
    memset(d, 0, sizeof *d);
}

/* Row `depth` of the edit distances between cur[0..depth) and every start q[0..j) of the
 * query, from the two rows above it; only the band |depth - j| <= k is computed, the
 * cells beside it hold k + 1 ("too far"). Returns the row's minimum. Damerau's swap of
 * two neighbours counts one edit (optimal string alignment). */
static unsigned fill_row(unsigned char rows[][RX_SPELL_MAX_WORD + 1], const char *cur, size_t depth,
                         const char *q, size_t m, unsigned k)
{
    unsigned char *r = rows[depth];
    const unsigned char *up = rows[depth - 1];
    const unsigned far = k + 1;
    size_t lo = depth > k ? depth - k : 0, hi = depth + k < m ? depth + k : m;
    if (lo > m)
        return far;
    if (lo > 0)
        r[lo - 1] = (unsigned char)far;
    if (hi < m)
        r[hi + 1] = (unsigned char)far;
    unsigned min = far;
    char c = cur[depth - 1];
    for (size_t j = lo; j <= hi; j++) {
        unsigned v = (unsigned)depth;
        if (j > 0) {
            v = up[j - 1] + (c != q[j - 1]);
            if (up[j] + 1u < v)
                v = up[j] + 1u;
            if (r[j - 1] + 1u < v)
                v = r[j - 1] + 1u;
            if (j >= 2 && depth >= 2 && c == q[j - 2] && cur[depth - 2] == q[j - 1] &&
                rows[depth - 2][j - 2] + 1u < v)
                v = rows[depth - 2][j - 2] + 1u;
        }
        if (v > far)
            v = far;
        r[j] = (unsigned char)v;
        if (v < min)
            min = v;
    }
    return min;
}

/* The first word from i on that shares fewer than depth bytes with the one before it:
 * eight at a time while none does ("has a byte less than n", Bit Twiddling Hacks). */
static size_t next_branch(const unsigned char *shared, size_t i, size_t n, size_t depth)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (uint64_t x; i + 8 <= n; i += 8) {
        memcpy(&x, shared + i, 8);
        if ((x - ones * depth) & ~x & highs)
            break;
    }
    while (i < n && shared[i] >= depth)
        i++;
    return i;
}

size_t rx__spell_suggest(const rx_spell *d, const char *q, size_t m, unsigned k, char *out,
                         size_t size)
{
    if (!d || !d->nwords || !m || m > RX_SPELL_MAX_WORD || !k || k > RX_SPELL_MAX_EDITS)
        return 0;
    unsigned char rows[MAX_DEPTH][RX_SPELL_MAX_WORD + 1];
    char cur[MAX_DEPTH], best[RX_SPELL_MAX_WORD];
    for (size_t j = 0; j <= m; j++)
        rows[0][j] = (unsigned char)(j <= k ? j : k + 1);
    size_t depth = 0; /* rows[0..depth] are those of cur[0..depth) */
    size_t best_len = 0;
    unsigned best_dist = k + 1;
    uint32_t best_freq = 0;
    int best_plausible = 0;
    for (size_t i = 0; i < d->nwords;) {
        /* cur holds the start of the word before (or of the words just skipped) that this
         * one shares; its entry has the bytes after that. */
        const char *e = d->list + d->at[i];
        size_t same = (unsigned char)e[0], wl = same + (unsigned char)e[1];
        const char *rest = e + HEAD_BYTES - same; /* rest[same..wl) are the word's bytes */
        depth = same;
        int dead = 0;
        while (depth < wl && !dead) {
            cur[depth] = rest[depth];
            depth++;
            dead = fill_row(rows, cur, depth, q, m, k) > k;
        }
        if (dead) { /* no word under cur[0..depth) can come within k: skip them */
            i = next_branch(d->shared, i + 1, d->nwords, depth);
            continue;
        }
        if (wl + k >= m && wl <= m + k) {
            unsigned dist = rows[wl][m];
            uint32_t freq = get_freq(e + HEAD_BYTES + (wl - same));
            if (dist == 0)
                return 0;
            /* At the same distance a likely slip beats a frequent word: "metalor" is
             * "metolar" (two vowels), not "betaloc" (two consonants). */
            int plausible = dist <= best_dist && dist <= k && rx__spell_plausible(q, m, cur, wl);
            if (dist < best_dist || (dist == best_dist && dist <= k &&
                                     (plausible > best_plausible ||
                                      (plausible == best_plausible && freq > best_freq)))) {
                memcpy(best, cur, wl);
                best_len = wl;
                best_dist = dist;
                best_freq = freq;
                best_plausible = plausible;
            }
        }
        i++;
    }
    if (!best_len || best_len + 1 > size)
        return 0;
    memcpy(out, best, best_len);
    out[best_len] = '\0';
    return best_len;
}

/* ------------------------------------------------------------ plausible */

static int is_vowel(char ch)
{
    return strchr("aeiouy", ch) != NULL;
}

/* Letters that spell one sound: c k q, c s z. */
static int sounds_alike(char a, char b)
{
    static const char *const groups[] = {"ckq", "csz"};
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
        if (strchr(groups[g], a) && strchr(groups[g], b))
            return 1;
    return 0;
}

/* The word lower-cased with "ph" written "f", into out (at most RX_SPELL_MAX_WORD). */
static size_t spoken(const char *w, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < RX_SPELL_MAX_WORD; i++) {
        char ch = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
        if (ch == 'p' && i + 1 < len && (w[i + 1] == 'h' || w[i + 1] == 'H')) {
            ch = 'f';
            i++;
        }
        out[n++] = ch;
    }
    return n;
}

int rx__spell_plausible(const char *typed, size_t tlen, const char *fix, size_t flen)
{
    enum { FAR = 3 }; /* the cost of a slip no one makes: over any distance suggested */
    char a[RX_SPELL_MAX_WORD], b[RX_SPELL_MAX_WORD];
    size_t n = spoken(typed, tlen, a), m = spoken(fix, flen, b);
    unsigned d[RX_SPELL_MAX_WORD + 1][RX_SPELL_MAX_WORD + 1];
    /* Damerau-Levenshtein, where a letter dropped or added before the first, or a
     * consonant for another that does not sound like it, costs FAR. */
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i ? FAR + (unsigned)i - 1 : 0;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j ? FAR + (unsigned)j - 1 : 0;
    unsigned plain[RX_SPELL_MAX_WORD + 1][RX_SPELL_MAX_WORD + 1]; /* every edit 1 */
    for (size_t i = 0; i <= n; i++)
        plain[i][0] = (unsigned)i;
    for (size_t j = 0; j <= m; j++)
        plain[0][j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            char x = a[i - 1], y = b[j - 1];
            unsigned sub = x == y                                               ? 0
                           : (is_vowel(x) && is_vowel(y)) || sounds_alike(x, y) ? 1
                                                                                : FAR;
            unsigned best = d[i - 1][j - 1] + sub;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            unsigned p = plain[i - 1][j - 1] + (x != y);
            if (plain[i - 1][j] + 1 < p)
                p = plain[i - 1][j] + 1;
            if (plain[i][j - 1] + 1 < p)
                p = plain[i][j - 1] + 1;
            if (i > 1 && j > 1 && x == b[j - 2] && a[i - 2] == y) {
                if (d[i - 2][j - 2] + 1 < best)
                    best = d[i - 2][j - 2] + 1;
                if (plain[i - 2][j - 2] + 1 < p)
                    p = plain[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
            plain[i][j] = p;
        }
    return d[n][m] <= plain[n][m];
}
