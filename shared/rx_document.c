/*
 * rx_document.c: one monograph read whole, as the index stored it (rx_searcher_document):
 * title, path, brands and every passage in order, for a client that shows a hit in full.
 */
#include "rx.h"
#include "rx_arena.h"
#include "rx_docdata.h"
#include "rx_error.h"
#include "rx_searcher.h"
#include "rx_termgen.h"
#include "rx_xapian.h"

#include <stdlib.h>
#include <string.h>

typedef struct document_call {
    const char *id;
    size_t len;
    rx_document **out;
} document_call;

/* The stored record, passages included, of the document whose id term is "Q" + rel, or
 * RX_ENOTFOUND. */
static int read_stored(rx_searcher *s, const char *rel, size_t len, rx_arena *a, rx_stored *st,
                       rx_error *err)
{
    char term[256];
    size_t plen = strlen(RX_PREFIX_ID);
    if (plen + len > sizeof term)
        return RX_ENOTFOUND;
    memcpy(term, RX_PREFIX_ID, plen);
    memcpy(term + plen, rel, len);
    rx_xq q = {.op = RX_XQ_TERM, .term = term, .term_len = plen + len, .wqf = 1};
    rx_xsearch xs = {.limit = 1, .k1 = BM25_K1, .b = BM25_B};
    rx_xmset *ms = NULL;
    int rc = rx_xreader_search(s->r, &q, &xs, &ms, err);
    if (rc == RX_OK)
        rc = rx_xmset_size(ms) ? rx__read_record(ms, 0, s->zstd, 1, a, st, err) : RX_ENOTFOUND;
    rx_xmset_free(ms);
    return rc;
}

static int document_of(const rx_stored *st, rx_document **out)
{
    rx_document *d = calloc(1, sizeof *d);
    if (!d)
        return RX_ENOMEM;
    *out = d;
    d->is_banned = st->is_banned;
    if (!(d->id = rx__hit_id(st->path)) || !(d->path = rx__strdup(st->path)) ||
        !(d->title = rx__strdup(st->title)))
        return RX_ENOMEM;
    if (!(d->brands = calloc(st->nbrands + 1, sizeof *d->brands)) ||
        !(d->parts = calloc(st->npassages + 1, sizeof *d->parts)))
        return RX_ENOMEM;
    for (; d->nbrands < st->nbrands; d->nbrands++)
        if (!(d->brands[d->nbrands] = rx__strdup(st->brands[d->nbrands])))
            return RX_ENOMEM;
    for (; d->nparts < st->npassages; d->nparts++) {
        const rx_passage *p = &st->passages[d->nparts];
        rx_document_part *part = &d->parts[d->nparts];
        if (!(part->section = rx__strdup(p->section)) ||
            !(part->heading = rx__strdup(p->heading)) || !(part->text = malloc(p->text_len + 1)))
            return RX_ENOMEM;
        memcpy(part->text, p->text, p->text_len);
        part->text[p->text_len] = '\0';
    }
    return RX_OK;
}

static int document_read(rx_searcher *s, void *payload, rx_error *err)
{
    document_call *c = payload;
    rx_arena *a = rx_arena_new();
    rx_stored st;
    int rc = a ? RX_ENOTFOUND : rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    /* An id is a hit's: the path without ".md"; a path as given is taken too. */
    char rel[256];
    if (a && c->len + 3 <= sizeof rel) {
        memcpy(rel, c->id, c->len);
        memcpy(rel + c->len, ".md", 3);
        rc = read_stored(s, rel, c->len + 3, a, &st, err);
    }
    if (rc == RX_ENOTFOUND)
        rc = read_stored(s, c->id, c->len, a, &st, err);
    if (rc == RX_ENOTFOUND)
        rx__fail(err, rc, NULL, 0,
                 "no monograph '%.*s' in the index (an id is a result's id: "
                 "its path without .md)",
                 (int)c->len, c->id);
    if (rc == RX_OK && (rc = document_of(&st, c->out)) != RX_OK) {
        rx_document_free(*c->out);
        *c->out = NULL;
        rx__fail(err, rc, NULL, 0, "out of memory");
    }
    rx_arena_free(a);
    return rc;
}

int rx_searcher_document(rx_searcher *s, const char *id, size_t len, rx_document **out,
                         rx_error *err)
{
    if (!s || !out || (!id && len))
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_searcher_document: bad arguments");
    *out = NULL;
    document_call c = {id ? id : "", len, out};
    return rx__on_latest(s, document_read, &c, "read", err);
}

void rx_document_free(rx_document *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->path);
    free(d->title);
    for (size_t i = 0; d->brands && i < d->nbrands; i++)
        free(d->brands[i]);
    free(d->brands);
    for (size_t i = 0; d->parts && i < d->nparts; i++) {
        free(d->parts[i].section);
        free(d->parts[i].heading);
        free(d->parts[i].text);
    }
    free(d->parts);
    free(d);
}
