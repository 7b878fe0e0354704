/* rx_wordlist.c: everyday words that are no misspellings (see rx_wordlist.h). */
#include "rx_wordlist.h"
#include "rx.h"
#include "rx_buf.h"
#include "rx_stopwords.h"
#include "rx_strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends one list to text and keeps, in place, its lines that are lower-case ASCII
 * words, each ending in '\n'. Returns how many it kept. */
static size_t read_list(const char *path, size_t plen, rx_buf *text)
{
    char name[4096];
    if (plen == 0 || plen >= sizeof name)
        return 0;
    memcpy(name, path, plen);
    name[plen] = '\0';
    FILE *f = fopen(name, "rb");
    if (!f)
        return 0;
    size_t from = text->len, n;
    char chunk[1 << 16];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rx_buf_put(text, chunk, n);
    fclose(f);
    if (!text->oom && text->len > from && text->ptr[text->len - 1] != '\n')
        rx_buf_putc(text, '\n'); /* every line ends in one: the kept ones never outgrow it */
    if (text->oom)
        return 0;
    size_t kept = 0, out = from;
    for (size_t at = from; at < text->len;) {
        const char *line = text->ptr + at;
        size_t len = (size_t)((char *)memchr(line, '\n', text->len - at) - line), k = 0;
        at += len + 1;
        if (len && line[len - 1] == '\r')
            len--;
        while (k < len && line[k] >= 'a' && line[k] <= 'z')
            k++;
        if (k == len && len) {
            memmove(text->ptr + out, line, len); /* out never passes line */
            text->ptr[out + len] = '\n';
            out += len + 1;
            kept++;
        }
    }
    text->len = out;
    text->ptr[out] = '\0';
    return kept;
}

static size_t slot_of(const rx_wordlist *w, const char *word, size_t len)
{
    size_t i = (size_t)rx_hash(word, len) & (w->cap - 1);
    for (;;) {
        uint32_t at = w->slots[i];
        if (!at)
            return i;
        /* Byte by byte: a listed word ends at its '\n', which no query word has, so the
         * walk never passes it (the last word may end the buffer). */
        const char *s = w->text + at - 1;
        size_t k = 0;
        while (k < len && s[k] == word[k])
            k++;
        if (k == len && s[k] == '\n')
            return i;
        i = (i + 1) & (w->cap - 1);
    }
}

int rx__wordlist_load(rx_wordlist *w)
{
    rx__wordlist_free(w);
    const char *paths = getenv("RX_WORDLISTS");
    if (!paths)
        paths = RX_DEFAULT_WORDLISTS;
    rx_buf text = RX_BUF_INIT;
    size_t words = 0;
    for (const char *p = paths; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        words += read_list(p, n, &text);
        p += n + (colon != NULL);
    }
    size_t cap = 64;
    while (cap < 2 * words)
        cap *= 2;
    if (text.oom || text.len >= UINT32_MAX || !(w->slots = calloc(cap, sizeof *w->slots))) {
        rx_buf_free(&text);
        return RX_ENOMEM;
    }
    size_t len;
    if (!(w->text = rx_buf_detach(&text, &len))) {
        rx__wordlist_free(w);
        return RX_ENOMEM;
    }
    w->cap = cap;
    /* A word in both lists takes one slot. */
    for (size_t at = 0; at < len;) {
        size_t n = (size_t)((char *)memchr(w->text + at, '\n', len - at) - (w->text + at));
        size_t i = slot_of(w, w->text + at, n);
        if (!w->slots[i])
            w->slots[i] = (uint32_t)at + 1;
        at += n + 1;
    }
    w->loaded = 1;
    return RX_OK;
}

void rx__wordlist_free(rx_wordlist *w)
{
    free(w->text);
    free(w->slots);
    memset(w, 0, sizeof *w);
}

int rx__wordlist_has(const rx_wordlist *w, const char *word, size_t len)
{
    if (rx__is_hindi_function_word(word, len))
        return 1;
    return w->cap && len && w->slots[slot_of(w, word, len)] != 0;
}
