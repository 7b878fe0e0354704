/*
 * fuzz.h: what the fuzz targets share (after cmark's fuzz/ and libgit2's fuzzers/).
 *
 * Each tests/fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize). With -Dfuzzing=true clang links it with libFuzzer; otherwise
 * fuzz_replay.c supplies main() and replays tests/fuzz/corpus/<name>/ under meson test.
 * A broken invariant prints what broke and calls abort(), which both report as a crash.
 */
#ifndef RX_FUZZ_H
#define RX_FUZZ_H

#include "rx.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Aborts with the place and the broken invariant. */
#define FUZZ_CHECK(cond, what)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, (what),      \
                    #cond);                                                                        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Whether s[0, len) is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
static inline int fuzz_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (len - i - 1 < n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* A NUL-terminated string field of a parsed monograph: present and valid UTF-8. */
static inline size_t fuzz_check_string(const char *s, const char *what)
{
    FUZZ_CHECK(s != NULL, what);
    size_t n = strlen(s);
    FUZZ_CHECK(fuzz_utf8_valid(s, n), what);
    return n;
}

/* head + data + tail in an exactly sized malloc'd buffer (so a read past the end is
 * caught), or NULL; the caller frees it. */
static inline char *fuzz_wrap(const char *head, const uint8_t *data, size_t size, const char *tail,
                              size_t *len)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *text = malloc(hl + size + tl ? hl + size + tl : 1);
    if (!text)
        return NULL;
    memcpy(text, head, hl);
    if (size)
        memcpy(text + hl, data, size);
    memcpy(text + hl + size, tail, tl);
    *len = hl + size + tl;
    return text;
}

/*
 * Walks a parsed monograph and reads every string it holds, checking what rx.h promises:
 * every field is set, text is repaired to valid UTF-8 without NUL bytes (so text_len is
 * its strlen), and a title is always found.
 */
static inline size_t fuzz_walk_doc(const rx_doc *d)
{
    size_t total = 0;
    FUZZ_CHECK(d != NULL, "rx_doc_parse returned RX_OK and a doc");
    total += fuzz_check_string(d->title, "title");
    FUZZ_CHECK(d->title[0] != '\0', "title is never empty (falls back to the file name)");
    total += fuzz_check_string(d->description, "description");
    total += fuzz_check_string(d->last_modified, "last_modified");
    total += fuzz_check_string(d->classification, "classification");
    FUZZ_CHECK(d->is_banned == 0 || d->is_banned == 1, "is_banned is 0 or 1");
    FUZZ_CHECK(d->nbrands == 0 || d->brands != NULL, "brands array");
    for (size_t i = 0; i < d->nbrands; i++) {
        total += fuzz_check_string(d->brands[i], "brand");
        FUZZ_CHECK(d->brands[i][0] != '\0', "no empty brand name");
    }
    FUZZ_CHECK(d->npassages == 0 || d->passages != NULL, "passages array");
    for (size_t i = 0; i < d->npassages; i++) {
        const rx_passage *p = &d->passages[i];
        total += fuzz_check_string(p->section, "passage section");
        FUZZ_CHECK(p->section[0] != '\0', "passage section id is not empty");
        total += fuzz_check_string(p->heading, "passage heading");
        FUZZ_CHECK(p->text != NULL, "passage text");
        FUZZ_CHECK(strlen(p->text) == p->text_len, "passage text_len is strlen(text): no NUL");
        FUZZ_CHECK(p->text_len > 0, "no empty passage");
        FUZZ_CHECK(fuzz_utf8_valid(p->text, p->text_len), "passage text is valid UTF-8");
        FUZZ_CHECK(p->line >= 0, "passage line");
        total += p->text_len;
    }
    FUZZ_CHECK(d->nfaqs == 0 || d->faqs != NULL, "faqs array");
    for (size_t i = 0; i < d->nfaqs; i++) {
        total += fuzz_check_string(d->faqs[i].q, "faq question");
        total += fuzz_check_string(d->faqs[i].a, "faq answer");
    }
    FUZZ_CHECK(d->nwarnings == 0 || d->warnings != NULL, "warnings array");
    for (size_t i = 0; i < d->nwarnings; i++) {
        FUZZ_CHECK(d->warnings[i] != NULL, "warning");
        total += strlen(d->warnings[i]);
    }
    return total;
}

/* A failed call: err holds a one-line, non-empty message and the code returned. */
static inline void fuzz_check_error(int rc, const rx_error *err)
{
    FUZZ_CHECK(rc < 0, "a failure is a negative RX_E* code");
    FUZZ_CHECK(err->code == rc, "err.code is the code returned");
    FUZZ_CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL, "err.msg is NUL-terminated");
    FUZZ_CHECK(err->msg[0] != '\0', "err.msg is not empty");
    FUZZ_CHECK(strchr(err->msg, '\n') == NULL && strchr(err->msg, '\r') == NULL,
               "err.msg is one line");
    FUZZ_CHECK(memchr(err->file, '\0', sizeof err->file) != NULL, "err.file is NUL-terminated");
}

#endif /* RX_FUZZ_H */
