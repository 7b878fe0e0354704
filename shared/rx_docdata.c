/* rx_docdata.c: the stored records of a document (see rx_docdata.h for the layout). */
#include "rx_docdata.h"

#include <stdlib.h>
#include <string.h>
#include <zdict.h>
#include <zstd.h>

enum {
    VERSION = 2,       /* document data: 1 held the passages too */
    ZSTD_LEVEL = 3,    /* zstd's default: ~3x on monograph text at a few hundred MB/s */
    PASSAGES_MAX = 64, /* MB: a record claiming more is corrupt (documents stop at 16 MB) */
    DICT_SIZE = 65536, /* zstd's usual size; ~40 KB of samples per KB of dictionary */
    DICT_SAMPLES = 100 /* fewer documents train nothing useful */
};

struct rx_zstd {
    ZSTD_CCtx *c;
    ZSTD_DCtx *d;
    ZSTD_CDict *cdict; /* NULL without a dictionary */
    ZSTD_DDict *ddict;
};

rx_zstd *rx__zstd_new(void)
{
    rx_zstd *z = calloc(1, sizeof *z);
    /* The checksum (4 bytes a record) makes a damaged record an error, not wrong text. */
    if (z && (!(z->c = ZSTD_createCCtx()) || !(z->d = ZSTD_createDCtx()) ||
              ZSTD_isError(ZSTD_CCtx_setParameter(z->c, ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
              ZSTD_isError(ZSTD_CCtx_setParameter(z->c, ZSTD_c_checksumFlag, 1)))) {
        rx__zstd_free(z);
        z = NULL;
    }
    return z;
}

void rx__zstd_free(rx_zstd *z)
{
    if (!z)
        return;
    ZSTD_freeCCtx(z->c);
    ZSTD_freeDCtx(z->d);
    ZSTD_freeCDict(z->cdict);
    ZSTD_freeDDict(z->ddict);
    free(z);
}

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
}

/* The uncompressed passages record: a count, then section, heading, text of each. */
static void passages_raw(rx_buf *raw, const rx_doc *doc)
{
    size_t n = doc->npassages + (doc->description[0] ? 1 : 0);
    rx_buf_put_varint(raw, n);
    if (doc->description[0]) {
        put_str(raw, "description", 11);
        put_str(raw, "Description", 11);
        put_str(raw, doc->description, strlen(doc->description));
    }
    for (size_t i = 0; i < doc->npassages; i++) {
        const rx_passage *p = &doc->passages[i];
        put_str(raw, p->section, strlen(p->section));
        put_str(raw, p->heading, strlen(p->heading));
        put_str(raw, p->text, p->text_len);
    }
}

int rx__passages_train(const rx_doc *const *docs, size_t n, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (n < DICT_SAMPLES)
        return RX_ENOTFOUND;
    rx_buf samples = RX_BUF_INIT;
    size_t *sizes = malloc(n * sizeof *sizes);
    char *dict = malloc(DICT_SIZE);
    int rc = sizes && dict ? RX_OK : RX_ENOMEM;
    for (size_t i = 0; i < n && rc == RX_OK; i++) {
        size_t before = samples.len;
        passages_raw(&samples, docs[i]);
        sizes[i] = samples.len - before;
    }
    if (rc == RX_OK && samples.oom)
        rc = RX_ENOMEM;
    if (rc == RX_OK) {
        size_t got = ZDICT_trainFromBuffer(dict, DICT_SIZE, samples.ptr, sizes, (unsigned)n);
        if (ZDICT_isError(got)) {
            rc = RX_ENOTFOUND;
        } else {
            *out = dict;
            *len = got;
            dict = NULL;
        }
    }
    free(dict);
    free(sizes);
    rx_buf_free(&samples);
    return rc;
}

int rx__zstd_use_dict(rx_zstd *z, const char *dict, size_t len)
{
    ZSTD_CDict *c = ZSTD_createCDict(dict, len, ZSTD_LEVEL);
    ZSTD_DDict *d = ZSTD_createDDict(dict, len);
    if (!c || !d || ZSTD_getDictID_fromDDict(d) == 0 || ZSTD_isError(ZSTD_CCtx_refCDict(z->c, c))) {
        int bad = c && d; /* both built, yet not a zstd dictionary */
        ZSTD_freeCDict(c);
        ZSTD_freeDDict(d);
        return bad ? RX_EINVAL : RX_ENOMEM;
    }
    ZSTD_freeCDict(z->cdict);
    ZSTD_freeDDict(z->ddict);
    z->cdict = c;
    z->ddict = d;
    return RX_OK;
}

int rx__passages_encode(rx_zstd *z, rx_buf *out, const rx_doc *doc)
{
    rx_buf raw = RX_BUF_INIT;
    passages_raw(&raw, doc);
    size_t bound = ZSTD_compressBound(raw.len), done = 0;
    int rc = raw.oom || rx_buf_grow(out, bound) != 0 ? RX_ENOMEM : RX_OK;
    if (rc == RX_OK) {
        done = ZSTD_compress2(z->c, out->ptr + out->len, bound, raw.ptr, raw.len);
        if (ZSTD_isError(done))
            rc = RX_ENOMEM; /* with a bound-sized buffer, only allocation can fail */
        else
            out->ptr[out->len += done] = '\0';
    }
    rx_buf_free(&raw);
    return rc;
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

/* The next string of the record, copied (NUL-terminated) into the arena. */
static const char *get_str(reader *r, rx_arena *a, size_t *len_out)
{
    uint64_t len = get_varint(r);
    if (r->bad || len > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return "";
    }
    const char *s = rx_arena_strndup(a, (const char *)r->p, (size_t)len);
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
    return r.bad ? RX_ECORRUPT : RX_OK;
}

int rx__passages_decode(rx_zstd *z, rx_stored *out, const char *data, size_t len, rx_arena *arena)
{
    out->passages = NULL;
    out->npassages = 0;
    unsigned long long size = ZSTD_getFrameContentSize(data, len);
    /* The header's size is trusted up to the cap: repetitive text really does shrink a
     * thousandfold ("xxxx…", long lists), so a tighter bound would refuse good records. */
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > (unsigned long long)PASSAGES_MAX << 20)
        return RX_ECORRUPT;
    char *raw = malloc((size_t)size + 1);
    if (!raw)
        return RX_ENOMEM;
    /* A record names the dictionary it was made with (0: none). */
    unsigned id = ZSTD_getDictID_fromFrame(data, len);
    size_t got;
    if (!id)
        got = ZSTD_decompressDCtx(z->d, raw, (size_t)size, data, len);
    else if (z->ddict && ZSTD_getDictID_fromDDict(z->ddict) == id)
        got = ZSTD_decompress_usingDDict(z->d, raw, (size_t)size, data, len, z->ddict);
    else
        got = (size_t)-1; /* a dictionary this index does not have: a zstd error code */
    if (ZSTD_isError(got) || got != size) {
        free(raw);
        return RX_ECORRUPT;
    }
    reader r = {(const unsigned char *)raw, (const unsigned char *)raw + got, 0};
    uint64_t np = get_varint(&r);
    int rc = r.bad || np > got ? RX_ECORRUPT : RX_OK;
    if (rc == RX_OK &&
        !(out->passages = rx_arena_alloc(arena, (size_t)(np ? np : 1) * sizeof(rx_passage))))
        rc = RX_ENOMEM;
    for (size_t i = 0; i < np && rc == RX_OK && !r.bad; i++) {
        rx_passage *p = &out->passages[i];
        memset(p, 0, sizeof *p);
        p->section = get_str(&r, arena, NULL);
        p->heading = get_str(&r, arena, NULL);
        p->text = get_str(&r, arena, &p->text_len);
    }
    free(raw);
    if (rc == RX_OK && r.bad)
        rc = RX_ECORRUPT;
    out->npassages = rc == RX_OK ? (size_t)np : 0;
    return rc;
}

const char *rx__stored_class_row(const rx_stored *st, size_t *len)
{
    static const char label[] = "Pharmacological Classification:";
    const size_t n = sizeof label - 1;
    for (size_t i = 0; i < st->npassages; i++) {
        const rx_passage *p = &st->passages[i];
        if (strcmp(p->section, "usage") != 0 || p->text_len < n)
            continue;
        const char *end = p->text + p->text_len;
        for (const char *s = p->text; (s = memchr(s, 'P', (size_t)(end - s) - n + 1)) != NULL;
             s++) {
            if (memcmp(s, label, n) != 0)
                continue;
            const char *row = s + n;
            const char *nl = memchr(row, '\n', (size_t)(end - row));
            *len = (size_t)((nl ? nl : end) - row);
            return row;
        }
    }
    return NULL;
}
