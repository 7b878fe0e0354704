/* test_spell.c: the did-you-mean dictionary (rx_spell.h): lists built and merged, damaged
 * lists refused, and the trie walk's suggestions checked against a brute-force scan. */
#include "edit_distance.h"
#include "harness.h"
#include "rx.h"
#include "rx_spell.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Loads the list (taking it) into d after checking it is well formed. */
static void load(rx_spell *d, rx_buf *list, const char *what)
{
    INT_EQ(rx__spell_check(list->ptr, list->len), RX_OK, what);
    size_t len = list->len;
    INT_EQ(rx__spell_load(d, rx_buf_detach(list, NULL), len), RX_OK, what);
}

/* A dictionary of words (each with freq) added in one batch to an empty list. */
static void build(rx_spell *d, const char *const *words, const unsigned *freq, size_t n)
{
    rx_strmap batch = RX_STRMAP_INIT;
    for (size_t i = 0; i < n; i++)
        rx_strmap_put(&batch, words[i], strlen(words[i]))->value += freq ? freq[i] : 1;
    rx_buf list = RX_BUF_INIT;
    INT_EQ(rx__spell_merge(&list, &batch), RX_OK, "merge into an empty list");
    rx_strmap_free(&batch);
    load(d, &list, "load");
}

static const char *suggest(const rx_spell *d, const char *word, unsigned k)
{
    static char out[RX_SPELL_MAX_WORD + 1];
    return rx__spell_suggest(d, word, strlen(word), k, out, sizeof out) ? out : "";
}

static void test_suggestions(void)
{
    static const char *const words[] = {
        "amitriptyline", "cetirizine", "cetrimide",      "clotrimazole", "glimepiride",
        "glipizide",     "iron",       "levocetirizine", "long",         "memantine",
        "metformin",     "pain",       "pens",           "pins",         "rivastigmine",
        "betaloc",       "metolar"};
    static const unsigned freq[] = {5, 9, 2, 4, 7, 6, 3, 4, 8, 2, 20, 30, 1, 12, 1, 6, 1};
    rx_spell d;
    build(&d, words, freq, sizeof words / sizeof *words);
    INT_EQ(d.nwords, 17, "every word once");
    STR_EQ(suggest(&d, "clotrimaazole", 1), "clotrimazole", "a doubled letter: one edit");
    STR_EQ(suggest(&d, "memantnie", 1), "memantine", "two neighbours swapped: one edit");
    STR_EQ(suggest(&d, "cetrizine", 1), "cetirizine", "a letter left out");
    STR_EQ(suggest(&d, "glimipiride", 1), "glimepiride", "a letter changed");
    STR_EQ(suggest(&d, "amitryptiline", 1), "", "two edits are too many for k = 1");
    STR_EQ(suggest(&d, "amitryptiline", 2), "amitriptyline", "... and enough for k = 2");
    STR_EQ(suggest(&d, "rivastimine", 2), "rivastigmine", "a letter missing and one changed");
    /* "wrong" is two edits from both "iron" and "long": nothing within one. */
    STR_EQ(suggest(&d, "wrong", 1), "", "a word k + 1 edits away is no suggestion");
    STR_EQ(suggest(&d, "wrong", 2), "long", "the more frequent of two at the same distance");
    STR_EQ(suggest(&d, "pons", 1), "pins", "pins (12) before pens (1)");
    STR_EQ(suggest(&d, "metalor", 2), "metolar",
           "a likely slip (two vowels) before a more frequent word (two consonants)");
    STR_EQ(suggest(&d, "metformin", 2), "", "a word in the list has no suggestion");
    STR_EQ(suggest(&d, "", 2), "", "an empty word");
    char longword[RX_SPELL_MAX_WORD + 2];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    STR_EQ(suggest(&d, longword, 2), "", "a word longer than any in a list");
    char small[5];
    INT_EQ(rx__spell_suggest(&d, "metforminn", 10, 1, small, sizeof small), 0,
           "no room for the suggestion: none");
    rx__spell_free(&d);
}

static void test_merge(void)
{
    static const char *const first[] = {"pregabalin", "gabapentin", "pain"};
    rx_strmap batch = RX_STRMAP_INIT;
    rx_buf list = RX_BUF_INIT;
    for (size_t i = 0; i < 3; i++)
        rx_strmap_put(&batch, first[i], strlen(first[i]))->value = 1;
    INT_EQ(rx__spell_merge(&list, &batch), RX_OK, "first batch");
    rx_strmap_free(&batch);
    /* A second batch: a word again (frequencies add up), new words before, between and
     * after the old ones, and one longer than a word may be (left out). */
    static const char *const second[] = {"pain", "aceclofenac", "paia", "zolpidem",
                                         "gabapentinoid"};
    for (size_t i = 0; i < 5; i++)
        rx_strmap_put(&batch, second[i], strlen(second[i]))->value = 3;
    char toolong[RX_SPELL_MAX_WORD + 2];
    memset(toolong, 'x', sizeof toolong - 1);
    rx_strmap_put(&batch, toolong, sizeof toolong - 1)->value = 1;
    INT_EQ(rx__spell_merge(&list, &batch), RX_OK, "second batch");
    rx_strmap_free(&batch);
    INT_EQ(rx__spell_merge(&list, &batch), RX_OK, "an empty batch changes nothing");
    rx_buf kept = RX_BUF_INIT; /* for the removals below */
    rx_buf_put(&kept, list.ptr, list.len);
    rx_spell d;
    load(&d, &list, "the merged list is well formed and loads");
    INT_EQ(d.nwords, 7, "seven words, the long one left out");
    STR_EQ(suggest(&d, "gabapentn", 1), "gabapentin", "old word kept");
    STR_EQ(suggest(&d, "zolpidm", 1), "zolpidem", "new word after the old ones");
    STR_EQ(suggest(&d, "aceclofnac", 1), "aceclofenac", "new word before them");
    /* "paiz" is one edit from both; pain has 1 + 3, paia 3 (and would win a tie). */
    STR_EQ(suggest(&d, "paiz", 1), "pain", "frequencies of a word in both batches add up");

    /* Documents counted out (rx_indexer.c, forget_spelling): negative changes. A word
     * down to 0 goes ("gabapentin", whose neighbour "gabapentinoid" is then written after
     * "aceclofenac"), one still counted stays, one the list lacks is not added. */
    rx__spell_free(&d);
    list = kept;
    rx_strmap_put(&batch, "gabapentin", 10)->value = (uint64_t)-1;
    rx_strmap_put(&batch, "pain", 4)->value = (uint64_t)-3;
    rx_strmap_put(&batch, "nowhere", 7)->value = (uint64_t)-1;
    INT_EQ(rx__spell_merge(&list, &batch), RX_OK, "a batch of removals");
    rx_strmap_free(&batch);
    load(&d, &list, "the list is still well formed and loads");
    INT_EQ(d.nwords, 6, "one word fewer");
    STR_EQ(suggest(&d, "gabapentn", 1), "", "a word no document has is never suggested");
    STR_EQ(suggest(&d, "gabapentinod", 1), "gabapentinoid", "its neighbour is intact");
    STR_EQ(suggest(&d, "paiz", 1), "paia", "pain down to 1: paia (3) is more frequent now");
    STR_EQ(suggest(&d, "nowher", 1), "", "a removal of an absent word adds nothing");
    rx__spell_free(&d);
}

/* Builds a list by hand from (shared, rest, bytes) entries for the damage tests. */
static size_t entry(char *p, unsigned shared, const char *rest)
{
    size_t n = strlen(rest);
    p[0] = (char)shared;
    p[1] = (char)n;
    memcpy(p + 2, rest, n);
    memset(p + 2 + n, 1, 4);
    return 2 + n + 4;
}

static void test_damaged(void)
{
    char b[256];
    size_t n = entry(b, 0, "ab");
    n += entry(b + n, 1, "c");
    INT_EQ(rx__spell_check(b, n), RX_OK, "ab, ac: well formed");
    INT_EQ(rx__spell_check(b, n - 1), RX_ECORRUPT, "cut inside a frequency");
    INT_EQ(rx__spell_check(b, 1), RX_ECORRUPT, "cut inside a head");
    n = entry(b, 0, "ac");
    n += entry(b + n, 1, "b");
    INT_EQ(rx__spell_check(b, n), RX_ECORRUPT, "ac then ab: out of order");
    n = entry(b, 0, "ab");
    n += entry(b + n, 0, "ac");
    INT_EQ(rx__spell_check(b, n), RX_ECORRUPT, "shares fewer bytes than it does");
    n = entry(b, 0, "ab");
    n += entry(b + n, 3, "c");
    INT_EQ(rx__spell_check(b, n), RX_ECORRUPT, "shares more bytes than the word before has");
    n = entry(b, 0, "ab");
    n += entry(b + n, 2, "");
    INT_EQ(rx__spell_check(b, n), RX_ECORRUPT, "the same word twice");
    n = entry(b, 1, "ab");
    INT_EQ(rx__spell_check(b, n), RX_ECORRUPT, "the first word shares bytes");
    char big[RX_SPELL_MAX_WORD + 2];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    n = entry(b, 0, big);
    INT_EQ(rx__spell_check(b, n), RX_ECORRUPT, "a word too long");
    INT_EQ(rx__spell_check(b, 0), RX_OK, "an empty list");
    rx_spell d;
    char *copy = malloc(7);
    memcpy(copy, "\0\2ab\1\1", 7);
    INT_EQ(rx__spell_load(&d, copy, 7), RX_ECORRUPT, "load refuses a damaged list");
    rx__spell_free(&d);
}

static unsigned osa(const char *a, const char *b)
{
    return edit_distance(a, strlen(a), b, strlen(b));
}

static uint32_t next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_word(uint32_t *seed, char *w)
{
    size_t len = 1 + next(seed) % 9;
    for (size_t i = 0; i < len; i++)
        w[i] = "abcde"[next(seed) % 5]; /* few letters: long shared prefixes, near misses */
    w[len] = '\0';
}

/* The trie walk against every word of a random dictionary, for random words and k. */
static void test_against_brute_force(void)
{
    enum { WORDS = 3000, QUERIES = 600 };
    static char words[WORDS][12];
    static unsigned freq[WORDS];
    const char *ptrs[WORDS];
    uint32_t seed = 12345;
    rx_strmap batch = RX_STRMAP_INIT;
    for (size_t i = 0; i < WORDS; i++) {
        random_word(&seed, words[i]);
        freq[i] = 1 + next(&seed) % 50;
        rx_strmap_put(&batch, words[i], strlen(words[i]))->value += freq[i];
    }
    size_t n = 0;
    for (size_t i = 0; i < batch.cap; i++)
        if (batch.slots[i].key)
            ptrs[n++] = batch.slots[i].key;
    rx_buf list = RX_BUF_INIT;
    INT_EQ(rx__spell_merge(&list, &batch), RX_OK, "random dictionary");
    rx_spell d;
    size_t len = list.len;
    INT_EQ(rx__spell_load(&d, rx_buf_detach(&list, NULL), len), RX_OK, "loads");
    int wrong = 0;
    for (size_t q = 0; q < QUERIES; q++) {
        char w[12];
        random_word(&seed, w);
        unsigned k = 1 + q % 3, best = k + 1;
        uint64_t best_freq = 0;
        int exact = 0, best_plausible = 0;
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(ptrs[i]);
            unsigned dist = osa(ptrs[i], w);
            uint64_t f = rx_strmap_get(&batch, ptrs[i], len)->value;
            int plausible = dist && dist <= k && rx__spell_plausible(w, strlen(w), ptrs[i], len);
            exact |= dist == 0;
            if (dist && dist <= k &&
                (dist < best ||
                 (dist == best && (plausible > best_plausible ||
                                   (plausible == best_plausible && f > best_freq))))) {
                best = dist;
                best_freq = f;
                best_plausible = plausible;
            }
        }
        char out[RX_SPELL_MAX_WORD + 1];
        size_t got = rx__spell_suggest(&d, w, strlen(w), k, out, sizeof out);
        /* Equal distance, plausibility and frequency may pick either word: compare those,
         * not words. */
        int ok = exact      ? got == 0
                 : best > k ? got == 0
                            : got && osa(out, w) == best &&
                                  rx__spell_plausible(w, strlen(w), out, got) == best_plausible &&
                                  rx_strmap_get(&batch, out, got)->value == best_freq;
        if (!ok && wrong++ < 5)
            printf("# %s k=%u: got \"%s\", want distance %u frequency %llu%s\n", w, k,
                   got ? out : "", best, (unsigned long long)best_freq, exact ? " (exact)" : "");
    }
    INT_EQ(wrong, 0, "600 random words: the walk agrees with a scan of every word");
    rx_strmap_free(&batch);
    rx__spell_free(&d);
}

/* Which corrections are slips people make (applied at once when they name a drug). */
static void test_plausible(void)
{
    static const struct {
        const char *typed, *fix;
        int plausible;
    } cases[] = {
        {"glimipiride", "glimepiride", 1},   /* a vowel for a vowel */
        {"cetrizine", "cetirizine", 1},      /* a letter dropped */
        {"tadalafli", "tadalafil", 1},       /* two letters swapped */
        {"klotrimazole", "clotrimazole", 1}, /* k for c, even first */
        {"mometazone", "mometasone", 1},     /* z for s */
        {"fenytoin", "phenytoin", 1},        /* f for ph */
        {"phenofibrate", "fenofibrate", 1},
        {"alfagan", "alphagan", 1},
        {"betnovet", "betnovate", 1},
        {"lipitor", "lamitor", 0}, /* m for p: another word, not a slip */
        {"norvasc", "nortas", 0},
        {"zocor", "zocon", 0},
        {"klonopin", "lonopin", 0},        /* the first letter dropped */
        {"Glimipiride", "glimepiride", 1}, /* case does not count */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "%s -> %s %s", cases[i].typed, cases[i].fix,
                 cases[i].plausible ? "is a slip" : "is no slip");
        INT_EQ(rx__spell_plausible(cases[i].typed, strlen(cases[i].typed), cases[i].fix,
                                   strlen(cases[i].fix)),
               cases[i].plausible, what);
    }
}

int main(void)
{
    test_plausible();
    test_suggestions();
    test_merge();
    test_damaged();
    test_against_brute_force();
    return done_testing();
}
