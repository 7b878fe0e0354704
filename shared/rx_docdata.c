/*
 * rx_docdata.c: a compact binary record per document: a version byte, then
 * length-prefixed strings (LEB128 lengths): path, title, is_banned, brands, passages.
 */
#include "rx_docdata.h"

#include <string.h>

enum { VERSION = 1 };

static void put_str(rx_buf *b, const char *s, size_t len)
{
    rx_buf_put_varint(b, len);
    rx_buf_put(b, s, len);
}

void rx__docdata_encode(rx_buf *out, const rx_doc *doc, const char *path)
{
    rx_buf_putc(out, VERSION);
    put_str(out, path, strlen(path));
    put_str(out, doc->title, strlen(doc->title));
    rx_buf_put_varint(out, (uint64_t)doc->is_banned);
    rx_buf_put_varint(out, doc->nbrands);
    for (size_t i = 0; i < doc->nbrands; i++)
        put_str(out, doc->brands[i], strlen(doc->brands[i]));
    size_t n = doc->npassages + (doc->description[0] ? 1 : 0);
    rx_buf_put_varint(out, n);
    if (doc->description[0]) {
        put_str(out, "description", 11);
        put_str(out, "Description", 11);
        put_str(out, doc->description, strlen(doc->description));
    }
    for (size_t i = 0; i < doc->npassages; i++) {
        const rx_passage *p = &doc->passages[i];
        put_str(out, p->section, strlen(p->section));
        put_str(out, p->heading, strlen(p->heading));
        put_str(out, p->text, p->text_len);
    }
}

typedef struct reader {
    const unsigned char *p, *end;
    int bad; /* sticky */
} reader;

static uint64_t get_varint(reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && !r->bad; shift += 7) {
        if (r->p >= r->end)
            break;
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static const char *get_str(reader *r, rx_arena *a, size_t *len_out)
{
    uint64_t len = get_varint(r);
    if (r->bad || len > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return "";
    }
    char *s = rx_arena_strndup(a, (const char *)r->p, (size_t)len);
    if (!s) {
        r->bad = 1;
        return "";
    }
    r->p += len;
    if (len_out)
        *len_out = (size_t)len;
    return s;
}

int rx__docdata_decode(rx_stored *out, const char *data, size_t len, rx_arena *arena)
{
    memset(out, 0, sizeof *out);
    reader r = {(const unsigned char *)data, (const unsigned char *)data + len, 0};
    if (len < 1 || *r.p++ != VERSION)
        return RX_ECORRUPT;
    out->path = get_str(&r, arena, NULL);
    out->title = get_str(&r, arena, NULL);
    out->is_banned = get_varint(&r) != 0;
    uint64_t nb = get_varint(&r);
    if (r.bad || nb > len)
        return RX_ECORRUPT;
    out->brands = rx_arena_alloc(arena, (size_t)(nb ? nb : 1) * sizeof(char *));
    if (!out->brands)
        return RX_ENOMEM;
    for (size_t i = 0; i < nb && !r.bad; i++)
        out->brands[i] = get_str(&r, arena, NULL);
    out->nbrands = (size_t)nb;
    uint64_t np = get_varint(&r);
    if (r.bad || np > len)
        return RX_ECORRUPT;
    out->passages = rx_arena_alloc(arena, (size_t)(np ? np : 1) * sizeof(rx_passage));
    if (!out->passages)
        return RX_ENOMEM;
    for (size_t i = 0; i < np && !r.bad; i++) {
        rx_passage *p = &out->passages[i];
        p->section = get_str(&r, arena, NULL);
        p->heading = get_str(&r, arena, NULL);
        p->text = get_str(&r, arena, &p->text_len);
    }
    out->npassages = (size_t)np;
    return r.bad ? RX_ECORRUPT : RX_OK;
}
