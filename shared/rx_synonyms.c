/* rx_synonyms.c: reading the synonym table file into the index. */
#include "rx_synonyms.h"
#include "rx_error.h"
#include "rx_stopwords.h"
#include "rx_strmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Words of a text, folded and joined by single spaces: the synonym table's key form. */
typedef struct words_ctx {
    rx_buf *out; /* receives the words */
} words_ctx;

static int on_word(void *payload, const rx_token *tok)
{
    words_ctx *w = payload;
    if (tok->flags & RX_TOKEN_JOINED)
        return 0;
    if (w->out->len)
        rx_buf_putc(w->out, ' ');
    rx_buf_put(w->out, tok->text, tok->len);
    return 0;
}

void rx__words(const char *text, size_t len, rx_buf *out)
{
    words_ctx w = {out};
    rx_buf_clear(out);
    rx_tokenize(text, len, on_word, &w);
}

void rx__stem_key(rx_stemmer *st, const char *words, size_t len, int reverse, rx_buf *out)
{
    /* words are single-space separated (rx__words); stem each, keep or reverse the order */
    const char *w[8];
    size_t n[8], k = 0;
    for (size_t i = 0; i < len && k < 8;) {
        size_t j = i;
        while (j < len && words[j] != ' ')
            j++;
        w[k] = words + i;
        n[k++] = j - i;
        i = j + 1;
    }
    rx_buf_clear(out);
    rx_buf_putc(out, 'Z');
    for (size_t i = 0; i < k; i++) {
        size_t at = reverse ? k - 1 - i : i, slen;
        const char *stem = rx_stem(st, w[at], n[at], &slen);
        if (i)
            rx_buf_putc(out, ' ');
        rx_buf_put(out, stem, slen);
    }
}

/* The key's words that are not function words, in out; how many there are. */
static size_t content_words(const rx_buf *key, rx_buf *out)
{
    size_t n = 0;
    rx_buf_clear(out);
    for (const char *w = key->ptr, *end = key->ptr + key->len; w < end;) {
        size_t len = strcspn(w, " ");
        if (!rx__is_function_word(w, len)) {
            if (out->len)
                rx_buf_putc(out, ' ');
            rx_buf_put(out, w, len);
            n++;
        }
        w += len + 1;
    }
    return n;
}

static void bad_line(rx_index_report_cb report, void *payload, const char *path, int line,
                     const char *why)
{
    if (!report)
        return;
    rx_error e = {0};
    rx__fail(&e, RX_EPARSE, path, line, "synonyms: %s; line skipped", why);
    report(payload, 0, &e);
}

int rx__synonyms_load(rx_xdb *db, const char *path, rx_index_report_cb report, void *payload,
                      rx_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return rx__fail(err, errno == ENOENT ? RX_ENOTFOUND : RX_EIO, path, 0,
                        "cannot open the synonym table: %s", strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    rx_buf key = RX_BUF_INIT, syn = RX_BUF_INIT, zkey = RX_BUF_INIT;
    rx_buf content = RX_BUF_INIT, ckey = RX_BUF_INIT;
    rx_strmap words = {0}, terms = {0};
    rx_stemmer *st = NULL;
    int rc = rx_stemmer_new(&st, err);
    if (rc) {
        fclose(f);
        return rc;
    }
    while (rc == RX_OK && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        const char *s = line;
        while (*s == ' ')
            s++;
        if (!*s || *s == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            bad_line(report, payload, path, lineno, "no tab between term and synonyms");
            continue;
        }
        rx__words(line, (size_t)(tab - line), &key);
        if (!key.len) {
            bad_line(report, payload, path, lineno, "empty term");
            continue;
        }
        size_t nwords = 1;
        for (size_t i = 0; i < key.len; i++)
            nwords += key.ptr[i] == ' ';
        if (nwords > RX_SYNONYM_MAX_WORDS) {
            char why[96];
            snprintf(why, sizeof why, "term has %zu words, queries are matched on at most %d",
                     nwords, RX_SYNONYM_MAX_WORDS);
            bad_line(report, payload, path, lineno, why);
            continue;
        }
        /* A term twice is kept, both lines' synonyms together; but one line per term is
         * what an editor of the table expects to find. */
        rx_strmap_entry *first = rx_strmap_put(&terms, key.ptr, key.len);
        if (!first) {
            rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
            continue;
        }
        if (!first->value) {
            first->value = (uint64_t)lineno;
        } else if (report) {
            rx_error e = {0};
            rx__fail(&e, RX_EPARSE, path, lineno,
                     "synonyms: term \"%s\" is also on line %d; their synonyms are merged",
                     first->key, (int)first->value);
            report(payload, 0, &e);
        }
        for (const char *w = key.ptr; w < key.ptr + key.len;) {
            size_t wlen = strcspn(w, " ");
            if (!rx_strmap_put(&words, w, wlen))
                rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
            w += wlen + 1;
        }
        int added = 0;
        /* Also under the stemmed key, so "water tablets" finds "water tablet", and under
         * the stems of its content words when it has function words too: a query's words
         * are looked up without theirs ("protein leaking in the urine" meets "protein in
         * urine"). One content word alone would be too broad ("loss of appetite"). */
        rx__stem_key(st, key.ptr, key.len, 0, &zkey);
        rx_buf_clear(&ckey);
        if (content_words(&key, &content) >= 2 && content.len < key.len)
            rx__stem_key(st, content.ptr, content.len, 0, &ckey);
        for (char *p = tab + 1; rc == RX_OK && p;) {
            char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            rx__words(p, len, &syn);
            if (syn.len && !(syn.len == key.len && memcmp(syn.ptr, key.ptr, key.len) == 0)) {
                rc = rx_xdb_add_synonym(db, key.ptr, key.len, syn.ptr, syn.len, err);
                if (rc == RX_OK && !zkey.oom)
                    rc = rx_xdb_add_synonym(db, zkey.ptr, zkey.len, syn.ptr, syn.len, err);
                if (rc == RX_OK && ckey.len && !ckey.oom)
                    rc = rx_xdb_add_synonym(db, ckey.ptr, ckey.len, syn.ptr, syn.len, err);
                added++;
            }
            p = bar ? bar + 1 : NULL;
        }
        if (!added && rc == RX_OK)
            bad_line(report, payload, path, lineno, "no synonyms after the tab");
    }
    if (rc == RX_OK && ferror(f))
        rc = rx__fail(err, RX_EIO, path, lineno, "read failed");
    rx_buf list = RX_BUF_INIT;
    for (size_t i = 0; rc == RX_OK && i < words.cap; i++)
        if (words.slots[i].key) {
            rx_buf_put(&list, words.slots[i].key, words.slots[i].len);
            rx_buf_putc(&list, '\n');
        }
    if (rc == RX_OK && !list.oom)
        rc = rx_xdb_set_metadata(db, RX_META_LAYWORDS, list.ptr ? list.ptr : "", list.len, err);
    if (rc == RX_OK && (key.oom || syn.oom || zkey.oom || content.oom || ckey.oom || list.oom))
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    rx_buf_free(&list);
    rx_strmap_free(&words);
    rx_strmap_free(&terms);
    free(line);
    rx_buf_free(&key);
    rx_buf_free(&syn);
    rx_buf_free(&zkey);
    rx_buf_free(&content);
    rx_buf_free(&ckey);
    rx_stemmer_free(st);
    fclose(f);
    return rc;
}
