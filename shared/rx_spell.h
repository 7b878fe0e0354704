/* rx_spell.h: the did-you-mean dictionary (private).
 *
 * The words of the fields that name drugs and conditions (rx_section.c's spell column)
 * with how often each occurs, kept as one sorted list in the index's metadata, so it
 * commits with the documents. The list is front-coded: per word, sorted by bytes, each
 * once, one byte for how many leading bytes it shares with the word before, one for how
 * many follow, those bytes, and its frequency (4 bytes, little endian). */
#ifndef RX_SPELL_H
#define RX_SPELL_H

#include "rx_buf.h"
#include "rx_strmap.h"

#include <stddef.h>
#include <stdint.h>

#define RX_META_SPELLING "rx:spelling"

enum {
    RX_SPELL_MAX_WORD = 48, /* longer words are neither corrected nor suggested */
    RX_SPELL_MAX_EDITS = 3
};

typedef struct rx_spell {
    char *list;            /* the metadata value, owned */
    size_t len;            /* its bytes */
    uint32_t *at;          /* where each word's entry starts in list */
    unsigned char *shared; /* leading bytes each word shares with the one before it */
    size_t nwords;
    int loaded; /* set by rx__spell_load; a zeroed rx_spell is "not read yet" */
} rx_spell;

/* Adds the words of batch (word -> change in occurrences, an int64_t stored as uint64_t) to
 * the sorted list in dict, summing the frequencies of words it holds already; a word whose
 * frequency falls to 0 or below is dropped. RX_OK or RX_ENOMEM (dict unchanged). */
int rx__spell_merge(rx_buf *dict, const rx_strmap *batch);

/* RX_OK when list is well formed, else RX_ECORRUPT. */
int rx__spell_check(const char *list, size_t len);

/* Checks a list read from an index and indexes its words; takes list (malloc'd) even on
 * failure. RX_OK, RX_ECORRUPT (out of order, cut short, a word too long) or RX_ENOMEM.
 * An empty list is a dictionary with no words. */
int rx__spell_load(rx_spell *d, char *list, size_t len);
void rx__spell_free(rx_spell *d);

/* The word nearest to word within max_edits insertions, deletions, substitutions or
 * swaps of two neighbouring bytes; on a tie, a likely slip for word (rx__spell_plausible)
 * first, then the more frequent; copied NUL-terminated into out. Returns its length, or 0 when
 * there is none or word itself is in the list. */
size_t rx__spell_suggest(const rx_spell *d, const char *word, size_t len, unsigned max_edits,
                         char *out, size_t size);

/* Whether fix is a slip people make when they type typed: its edits are as few when every
 * consonant written for another that does not sound like it ("lipitor", "lamitor": p for
 * m) and every letter dropped or added before the first ("klonopin", "lonopin") cost
 * three, and "ph" is read as "f" ("fenytoin", "phenytoin"). Vowels for vowels, c k q s z
 * for each other, letters dropped, added or swapped cost one. */
int rx__spell_plausible(const char *typed, size_t tlen, const char *fix, size_t flen);

#endif /* RX_SPELL_H */
