/* rx_synonyms.c: reading the synonym table file into the index. */
#include "rx_synonyms.h"
#include "rx_error.h"

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
    int lineno = 0, rc = RX_OK;
    rx_buf key = RX_BUF_INIT, syn = RX_BUF_INIT;
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
        int added = 0;
        for (char *p = tab + 1; rc == RX_OK && p;) {
            char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            rx__words(p, len, &syn);
            if (syn.len && !(syn.len == key.len && memcmp(syn.ptr, key.ptr, key.len) == 0)) {
                rc = rx_xdb_add_synonym(db, key.ptr, key.len, syn.ptr, syn.len, err);
                added++;
            }
            p = bar ? bar + 1 : NULL;
        }
        if (!added && rc == RX_OK)
            bad_line(report, payload, path, lineno, "no synonyms after the tab");
    }
    if (rc == RX_OK && (key.oom || syn.oom))
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    if (rc == RX_OK && ferror(f))
        rc = rx__fail(err, RX_EIO, path, lineno, "read failed");
    free(line);
    rx_buf_free(&key);
    rx_buf_free(&syn);
    fclose(f);
    return rc;
}
