/* test_prefind.c: the word finder snippets score passages with (rx_prefind.h): fixed cases,
 * then random texts and needles checked against a plain scan of every word. */
#include "harness.h"
#include "rx.h"
#include "rx_prefind.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The starts a plain scan finds: every maximal ASCII letter run that begins with a needle
 * (or, for a whole needle, is one), compared without case. Returns how many. */
static size_t plain_scan(const rx_prefind *f, const char *t, size_t n, size_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (!letter((unsigned char)t[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && letter((unsigned char)t[j]))
            j++;
        int hit = 0;
        for (size_t e = 0; e < f->nneedles && !hit; e++) {
            const rx_prefind_needle *d = &f->needles[e];
            if (d->len > j - i || (d->whole && d->len != j - i))
                continue;
            hit = 1;
            for (size_t c = 0; c < d->len && hit; c++)
                hit = (t[i + c] | 0x20) == d->letters[c];
        }
        if (hit)
            out[k++] = i;
        i = j;
    }
    return k;
}

static void fixed_cases(void)
{
    rx_prefind f = {0};
    INT_EQ(rx__prefind_add(&f, "pai", 3, 0), RX_OK, "add a needle");
    INT_EQ(rx__prefind_add(&f, "pai", 3, 0), RX_OK, "the same needle again");
    INT_EQ(f.nneedles, 1, "kept once");
    INT_EQ(rx__prefind_add(&f, "teeth", 5, 1), RX_OK, "a whole-word needle");
    INT_EQ(rx__prefind_add(&f, "", 0, 0), RX_EINVAL, "no letters");
    INT_EQ(rx__prefind_add(&f, "b12", 3, 0), RX_EINVAL, "a digit");
    INT_EQ(rx__prefind_add(&f, "Pa", 2, 0), RX_EINVAL, "upper case");
    INT_EQ(f.nneedles, 2, "refused needles not kept");

    const char *t = "Pain, painful; SPAIN teeth-teething PAI pai9 tee";
    INT_EQ(rx__prefind_run(&f, t, strlen(t)), RX_OK, "run");
    size_t want[] = {0, 6, 21, 36, 40};
    INT_EQ(f.nstarts, 5, "Pain, painful, teeth, PAI, pai (not SPAIN, teething, tee)");
    for (size_t i = 0; i < 5 && i < f.nstarts; i++)
        INT_EQ(f.starts[i], want[i], "start in order");
    OK(memcmp(f.fold, "pain, painful; spain teeth", 26) == 0, "fold lower-cases letters only");

    INT_EQ(rx__prefind_run(&f, "pa", 2), RX_OK, "a text shorter than the needle");
    INT_EQ(f.nstarts, 0, "finds nothing");
    INT_EQ(rx__prefind_run(&f, "", 0), RX_OK, "an empty text");
    INT_EQ(f.nstarts, 0, "finds nothing");
    const char *wide = "naïve pain µg pai";
    INT_EQ(rx__prefind_run(&f, wide, strlen(wide)), RX_OK, "UTF-8 bytes pass through");
    INT_EQ(f.nstarts, 2, "pain and pai beside them");
    rx__prefind_free(&f);
}

static uint64_t rng = 88172645463325252u;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Texts from a small alphabet, so needles meet often, overlap and sit at the edges. */
static void random_cases(void)
{
    static const char alphabet[] = "aabbcAB -,\n9\xc3\xa9";
    char text[300], needle[4];
    size_t want[300];
    int bad = 0;
    for (int round = 0; round < 3000 && !bad; round++) {
        rx_prefind f = {0};
        unsigned nn = 1 + next(3);
        for (unsigned k = 0; k < nn; k++) {
            size_t len = 1 + next(3);
            for (size_t c = 0; c < len; c++)
                needle[c] = "abc"[next(3)];
            rx__prefind_add(&f, needle, len, next(4) == 0);
        }
        size_t n = next(sizeof text);
        for (size_t i = 0; i < n; i++)
            text[i] = alphabet[next(sizeof alphabet - 1)];
        if (rx__prefind_run(&f, text, n) != RX_OK) {
            bad = 1;
            break;
        }
        size_t k = plain_scan(&f, text, n, want);
        bad = k != f.nstarts;
        for (size_t i = 0; i < k && !bad; i++)
            bad = f.starts[i] != want[i];
        if (bad)
            printf("# round %d: %zu starts, plain scan %zu\n", round, f.nstarts, k);
        rx__prefind_free(&f);
    }
    OK(!bad, "3000 random texts: the same starts as a plain scan");
}

int main(void)
{
    fixed_cases();
    random_cases();
    return done_testing();
}
