/* rx_wordlist.h: everyday words that are no misspellings (private).
 *
 * The did-you-mean dictionary holds only the words of the monographs, so a word a patient
 * types that no monograph uses ("shin", "trip", "want") looks misspelled to it, and its
 * nearest monograph word ("skin", "strip", "wane") is no correction. The system's English
 * word lists (Debian's wamerican and wbritish) say which words are words; so do a few
 * Hindi words that queries in Latin letters mix in ("ke liye", "raha"). */
#ifndef RX_WORDLIST_H
#define RX_WORDLIST_H

#include <stddef.h>
#include <stdint.h>

/* Where the word lists are looked for, ':' between files; the environment variable
 * RX_WORDLISTS, when set, replaces it (empty: none). */
#ifndef RX_DEFAULT_WORDLISTS
#define RX_DEFAULT_WORDLISTS "/usr/share/dict/american-english:/usr/share/dict/british-english"
#endif

typedef struct rx_wordlist {
    char *text;      /* the lists' words, each ending in '\n' */
    uint32_t *slots; /* open addressing: offset + 1 into text, 0 = empty */
    size_t cap;      /* power of two */
    int loaded;      /* set by rx__wordlist_load; a zeroed rx_wordlist is "not read yet" */
} rx_wordlist;

/* Reads the lists named by RX_WORDLISTS or RX_DEFAULT_WORDLISTS: their lines of lower-case
 * ASCII letters (proper nouns, possessives and accented words are left out). A list that
 * is absent or unreadable is skipped. RX_OK or RX_ENOMEM. */
int rx__wordlist_load(rx_wordlist *w);
void rx__wordlist_free(rx_wordlist *w);

/* 1 when the folded word is an everyday word: in a list read, or a Hindi word of the
 * built-in few. */
int rx__wordlist_has(const rx_wordlist *w, const char *word, size_t len);

#endif /* RX_WORDLIST_H */
