/*
 * rx_phrase_check.c: does a stored text hold a phrase? For the sections indexed without
 * positions (FAQs, the summary), where the index can only say that a monograph has the
 * phrase's words, this reads the words in order as a phrase query would: by stem, joined
 * tokens ("5-HT3" as one) left out on both sides.
 */
#include "rx_phrase_check.h"

#include <string.h>

enum { MAX_WORDS = 32, MAX_STEM = 64 };

typedef struct stems {
    rx_stem_cache *cache;
    rx_stemmer *stemmer;
    char stem[MAX_WORDS][MAX_STEM];
    size_t len[MAX_WORDS];
    size_t n;    /* words in the phrase, or (for the text) the phrase's length */
    size_t seen; /* text: words read */
    const struct stems *phrase;
} stems;

/* The stem of tok in out (truncated to MAX_STEM bytes, len kept whole, so a truncated stem
 * never equals a shorter one). */
static void stem_into(const stems *w, const rx_token *tok, char *out, size_t *len)
{
    size_t n;
    const char *s = rx__stem_cached(w->cache, w->stemmer, tok->text, tok->len, &n);
    memcpy(out, s, n < MAX_STEM ? n : MAX_STEM);
    *len = n;
}

static int same(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen < MAX_STEM ? alen : MAX_STEM) == 0;
}

static int on_phrase_word(void *payload, const rx_token *tok)
{
    stems *p = payload;
    if (tok->flags & RX_TOKEN_JOINED)
        return 0;
    if (p->n == MAX_WORDS)
        return 1;
    stem_into(p, tok, p->stem[p->n], &p->len[p->n]);
    p->n++;
    return 0;
}

/* The text's last phrase-length words are kept in a ring; after each word, the ring is
 * compared with the phrase (phrases are short, and so are FAQ answers). */
static int on_text_word(void *payload, const rx_token *tok)
{
    stems *t = payload;
    const stems *p = t->phrase;
    if (tok->flags & RX_TOKEN_JOINED)
        return 0;
    size_t at = t->seen++ % p->n;
    stem_into(t, tok, t->stem[at], &t->len[at]);
    if (t->seen < p->n)
        return 0;
    for (size_t k = 0; k < p->n; k++) {
        size_t i = (t->seen + k) % p->n; /* the ring's oldest word first */
        if (!same(t->stem[i], t->len[i], p->stem[k], p->len[k]))
            return 0;
    }
    return 1; /* found: stop reading */
}

int rx__has_phrase(rx_stem_cache *c, rx_stemmer *st, const char *phrase, size_t plen,
                   const char *text, size_t len)
{
    static const stems empty;
    stems p = empty, t = empty;
    p.cache = t.cache = c;
    p.stemmer = t.stemmer = st;
    if (rx_tokenize(phrase, plen, on_phrase_word, &p) != 0 || p.n == 0)
        return 0; /* too long to be a phrase of the index, or no words */
    t.phrase = &p;
    return rx_tokenize(text, len, on_text_word, &t) == 1;
}
