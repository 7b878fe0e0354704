/* rx_prefind.c: word starts by needle (see rx_prefind.h). */
#include "rx_prefind.h"
#include "rx.h"

#include <stdlib.h>
#include <string.h>

/* English letters from the most to the least frequent: a needle is searched for by the
 * letter of it that comes last here, so memchr stops as seldom as it can. */
static const char BY_FREQUENCY[] = "etaoinsrhldcumfpgwybvkxjqz";

static int is_letter(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* The array v of elements of `size` bytes with twice the capacity, *cap updated; NULL
 * (v untouched) when memory runs out. */
static void *grow(void *v, size_t *cap, size_t size)
{
    size_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(v, n * size);
    if (p)
        *cap = n;
    return p;
}

int rx__prefind_add(rx_prefind *f, const char *letters, size_t len, int whole)
{
    if (len == 0)
        return RX_EINVAL;
    size_t anchor = 0, rank = 0;
    for (size_t i = 0; i < len; i++) {
        const char *at = letters[i] ? strchr(BY_FREQUENCY, letters[i]) : NULL;
        if (!at)
            return RX_EINVAL;
        if ((size_t)(at - BY_FREQUENCY) >= rank) {
            rank = (size_t)(at - BY_FREQUENCY);
            anchor = i;
        }
    }
    for (size_t i = 0; i < f->nneedles; i++)
        if (f->needles[i].len == len && f->needles[i].whole == whole &&
            memcmp(f->needles[i].letters, letters, len) == 0)
            return RX_OK;
    if (f->nneedles == f->needles_cap) {
        rx_prefind_needle *v = grow(f->needles, &f->needles_cap, sizeof *v);
        if (!v)
            return RX_ENOMEM;
        f->needles = v;
    }
    char *copy = malloc(len);
    if (!copy)
        return RX_ENOMEM;
    memcpy(copy, letters, len);
    f->needles[f->nneedles++] = (rx_prefind_needle){copy, len, anchor, whole};
    return RX_OK;
}

static int push_start(rx_prefind *f, size_t at)
{
    if (f->nstarts == f->starts_cap) {
        size_t *v = grow(f->starts, &f->starts_cap, sizeof *v);
        if (!v)
            return RX_ENOMEM;
        f->starts = v;
    }
    f->starts[f->nstarts++] = at;
    return RX_OK;
}

static int by_offset(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Adds the starts of the words that needle e finds in the folded text u[0..n). */
static int find(rx_prefind *f, const rx_prefind_needle *e, const unsigned char *u, size_t n)
{
    if (e->len > n)
        return RX_OK;
    const unsigned char c = (unsigned char)e->letters[e->anchor];
    /* The anchor of a word that fits lies in [anchor, n - len + anchor]. */
    const unsigned char *p = u + e->anchor, *last = u + (n - e->len) + e->anchor;
    while (p <= last && (p = memchr(p, c, (size_t)(last - p) + 1)) != NULL) {
        size_t s = (size_t)(p - u) - e->anchor;
        p++;
        /* Most anchors are in other words: the first letter tells, without a call. */
        if (u[s] != (unsigned char)e->letters[0] || (s > 0 && is_letter(u[s - 1])) ||
            memcmp(u + s, e->letters, e->len) != 0)
            continue;
        if (e->whole && s + e->len < n && is_letter(u[s + e->len]))
            continue;
        if (push_start(f, s))
            return RX_ENOMEM;
    }
    return RX_OK;
}

int rx__prefind_run(rx_prefind *f, const char *text, size_t len)
{
    f->nstarts = 0;
    if (len > f->fold_cap) {
        unsigned char *u = realloc(f->fold, len);
        if (!u)
            return RX_ENOMEM;
        f->fold = u;
        f->fold_cap = len;
    }
    /* Branch-free through restrict pointers, so the compiler vectorises it. */
    const unsigned char *restrict t = (const unsigned char *)text;
    unsigned char *restrict u = f->fold;
    for (size_t i = 0; i < len; i++)
        u[i] = (unsigned char)(t[i] | ((unsigned char)(t[i] - 'A') < 26 ? 0x20 : 0));
    for (size_t i = 0; i < f->nneedles; i++)
        if (find(f, &f->needles[i], f->fold, len))
            return RX_ENOMEM;
    if (f->nneedles > 1 && f->nstarts > 1) {
        qsort(f->starts, f->nstarts, sizeof *f->starts, by_offset);
        size_t k = 1;
        for (size_t i = 1; i < f->nstarts; i++)
            if (f->starts[i] != f->starts[k - 1])
                f->starts[k++] = f->starts[i];
        f->nstarts = k;
    }
    return RX_OK;
}

void rx__prefind_free(rx_prefind *f)
{
    for (size_t i = 0; i < f->nneedles; i++)
        free(f->needles[i].letters);
    free(f->needles);
    free(f->fold);
    free(f->starts);
    memset(f, 0, sizeof *f);
}
