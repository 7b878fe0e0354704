/* test_wordlist.c: everyday words (rx_wordlist.h): lists read from RX_WORDLISTS, lines
 * that are no plain lower-case words left out, missing lists skipped, Hindi words built in,
 * and a large list checked word by word. */
#include "harness.h"
#include "rx.h"
#include "rx_wordlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rx-wordlist-XXXXXX";

/* Writes text to dir/name; returns its path, formatted into path. */
static const char *write_list(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return path;
    fputs(text, f);
    fclose(f);
    return path;
}

static int has(const rx_wordlist *w, const char *word)
{
    return rx__wordlist_has(w, word, strlen(word));
}

static void test_lists(void)
{
    char a[256], b[256], paths[600];
    write_list("a", "shin\nAaron\nAaron's\ntrip\nwant's\ncaf\xc3\xa9\npressing\r\n\nx1\n", a,
               sizeof a);
    write_list("b", "colour\ntrip\nwant", b, sizeof b); /* no newline at the end */
    snprintf(paths, sizeof paths, "%s:%s/absent:%s", a, dir, b);
    setenv("RX_WORDLISTS", paths, 1);
    rx_wordlist w = {0};
    INT_EQ(rx__wordlist_load(&w), RX_OK, "load two lists and skip an absent one");
    OK(w.loaded, "loaded");
    OK(has(&w, "shin") && has(&w, "trip") && has(&w, "colour"), "words of both lists");
    OK(has(&w, "want"), "a last line without its newline");
    OK(has(&w, "pressing"), "a CRLF line");
    OK(!has(&w, "aaron") && !has(&w, "Aaron"), "proper nouns left out");
    OK(!has(&w, "want's") && !has(&w, "caf"), "possessives and accented words left out");
    OK(!has(&w, "x1") && !has(&w, ""), "no digits, no empty word");
    OK(!has(&w, "shi") && !has(&w, "shins") && !has(&w, "skin"), "whole words only");
    OK(has(&w, "liye") && has(&w, "raha") && has(&w, "mein"), "Hindi words built in");
    OK(!has(&w, "dard"), "a Hindi content word is not a function word");
    rx__wordlist_free(&w);
    OK(!w.loaded && !has(&w, "shin") && has(&w, "raha"), "freed: only the built-in words");

    setenv("RX_WORDLISTS", "", 1);
    INT_EQ(rx__wordlist_load(&w), RX_OK, "no lists");
    OK(w.loaded && !has(&w, "shin") && has(&w, "hai"), "none read, Hindi still known");
    rx__wordlist_free(&w);
}

static int by_word(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* 50,000 generated words: each found, and none of their one-letter changes or prefixes
 * that is not also in the list (a hash table that loses or confuses words fails here). */
static void test_many_words(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/many", dir);
    FILE *f = fopen(path, "w");
    enum { N = 50000 };
    unsigned long x = 12345;
    static char words[N][12];
    for (int i = 0; i < N; i++) {
        int len = 3 + (int)(x % 8);
        for (int k = 0; k < len; k++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            words[i][k] = (char)('a' + (x >> 33) % 26);
        }
        words[i][len] = '\0';
        fprintf(f, "%s\n", words[i]);
    }
    fclose(f);
    static char sorted[N][12];
    memcpy(sorted, words, sizeof sorted);
    qsort(sorted, N, sizeof sorted[0], by_word);
    setenv("RX_WORDLISTS", path, 1);
    rx_wordlist w = {0};
    INT_EQ(rx__wordlist_load(&w), RX_OK, "load 50,000 words");
    int found = 0, extra = 0;
    for (int i = 0; i < N; i++) {
        found += has(&w, words[i]);
        char v[13];
        snprintf(v, sizeof v, "%s", words[i]);
        v[0] = v[0] == 'z' ? 'a' : (char)(v[0] + 1);
        if (has(&w, v))
            extra += !bsearch(v, sorted, N, sizeof sorted[0], by_word);
        snprintf(v, sizeof v, "%s", words[i]);
        v[strlen(v) - 1] = '\0'; /* its prefix, which a table comparing too few bytes finds */
        if (has(&w, v))
            extra += !bsearch(v, sorted, N, sizeof sorted[0], by_word);
    }
    INT_EQ(found, N, "every word found");
    INT_EQ(extra, 0, "no word found that is not listed");
    rx__wordlist_free(&w);
    unlink(path);
}

/* One short word, asked for with long words that start with it: whichever slot they
 * probe, the comparison stops at the listed word's end (ASan checks the reads). */
static void test_long_words_against_a_short_one(void)
{
    char path[256];
    setenv("RX_WORDLISTS", write_list("short", "zoo", path, sizeof path), 1);
    rx_wordlist w = {0};
    INT_EQ(rx__wordlist_load(&w), RX_OK, "load one word");
    int found = 0;
    for (int i = 0; i < 2000; i++) {
        char word[64];
        snprintf(word, sizeof word, "zoo%dlogicalwordsmuchlongerthanthelist", i);
        found += has(&w, word);
    }
    INT_EQ(found, 0, "no longer word is the short one");
    OK(has(&w, "zoo") && !has(&w, "zo"), "the word itself, not its prefix");
    rx__wordlist_free(&w);
    unlink(path);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_lists();
    test_many_words();
    test_long_words_against_a_short_one();
    char path[300];
    unlink(write_list("a", "", path, sizeof path));
    unlink(write_list("b", "", path, sizeof path));
    rmdir(dir);
    return done_testing();
}
