/* rx_prefind.h: where the words that begin with given letters start in a text (private).
 *
 * Snippets score every passage of every hit by the query words in it, and stemming every
 * word was most of that. A word can only stem to a query stem if it begins with the stem's
 * letters bar the last (Snowball may rewrite it), so the passage is searched for those
 * letters instead: each needle by its rarest letter with memchr, which skips most of the
 * text in vector steps, and only the words found are stemmed.
 *
 * A word here is a maximal run of ASCII letters, compared without case.
 */
#ifndef RX_PREFIND_H
#define RX_PREFIND_H

#include <stddef.h>

typedef struct rx_prefind_needle {
    char *letters; /* lower case a-z */
    size_t len;
    size_t anchor; /* offset of its rarest letter */
    int whole;     /* the word must be exactly these letters */
} rx_prefind_needle;

typedef struct rx_prefind {
    rx_prefind_needle *needles;
    size_t nneedles, needles_cap;
    unsigned char *fold; /* the last text searched, ASCII letters in lower case */
    size_t fold_cap;
    size_t *starts; /* offsets of the words found, ascending, each once */
    size_t nstarts, starts_cap;
} rx_prefind;

/* Looks for words that begin with letters (lower case a-z; whole: that are exactly them).
 * A needle met before is ignored. RX_ENOMEM, or RX_EINVAL for other bytes or no letters. */
int rx__prefind_add(rx_prefind *f, const char *letters, size_t len, int whole);

/* Fills f->starts with the words of text that some needle finds, and f->fold with text in
 * lower case. RX_ENOMEM. */
int rx__prefind_run(rx_prefind *f, const char *text, size_t len);

void rx__prefind_free(rx_prefind *f);

#endif /* RX_PREFIND_H */
