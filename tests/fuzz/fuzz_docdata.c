/*
 * fuzz_docdata.c: the stored records a searcher reads back from the index (rx_docdata.h),
 * as a damaged or hostile index would hand them over.
 *
 * The first byte picks the reader: the document data; a passages record as stored (a zstd
 * frame), read without and with a dictionary; or the rest of the input compressed here
 * first, so the passages parser itself sees arbitrary bytes behind a valid frame. A decode
 * must return RX_OK with sane strings or RX_ECORRUPT, nothing else, and never crash.
 */
#include "fuzz.h"
#include "rx_docdata.h"

#include <zstd.h>

static rx_zstd *plain, *with_dict;

/* A dictionary trained on made-up monographs, once per process. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    enum { N = 120 };
    rx_doc *docs[N] = {0};
    char text[512];
    rx_error err = {0};
    for (int i = 0; i < N; i++) {
        int n = snprintf(text, sizeof text,
                         "---\ntitle: Drug %d\n---\n## Usage\n\nDrug %d eases pain %d times a "
                         "day.\n\n## Dosage\n\nTake %d mg with food.\n",
                         i, i, i % 5, i * 25);
        rx_doc_parse(&docs[i], text, (size_t)n, "d.md", &err);
    }
    char *dict = NULL;
    size_t len = 0;
    plain = rx__zstd_new();
    with_dict = rx__zstd_new();
    FUZZ_CHECK(plain && with_dict, "zstd contexts");
    FUZZ_CHECK(rx__passages_train((const rx_doc *const *)docs, N, &dict, &len) == RX_OK,
               "training");
    FUZZ_CHECK(rx__zstd_use_dict(with_dict, dict, len) == RX_OK, "dictionary");
    free(dict);
    for (int i = 0; i < N; i++)
        rx_doc_free(docs[i]);
    return 0;
}

static void check_stored(const rx_stored *st, int passages)
{
    if (passages) {
        for (size_t i = 0; i < st->npassages; i++) {
            const rx_passage *p = &st->passages[i];
            FUZZ_CHECK(p->section && p->heading && p->text, "passage strings");
            FUZZ_CHECK(p->text[p->text_len] == '\0', "text NUL-terminated at its length");
        }
        return;
    }
    FUZZ_CHECK(st->path && st->title, "path and title");
    for (size_t i = 0; i < st->nbrands; i++)
        FUZZ_CHECK(st->brands[i] != NULL, "brand strings");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!plain)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size < 1)
        return 0;
    unsigned mode = data[0] % 4;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    rx_arena *a = rx_arena_new();
    FUZZ_CHECK(a != NULL, "arena");
    rx_stored st = {0};
    int rc;
    if (mode == 0) {
        rc = rx__docdata_decode(&st, in, n, a);
    } else if (mode < 3) {
        rc = rx__passages_decode(mode == 1 ? plain : with_dict, &st, in, n, a);
    } else {
        size_t cap = ZSTD_compressBound(n);
        char *frame = malloc(cap ? cap : 1);
        FUZZ_CHECK(frame != NULL, "frame buffer");
        size_t len = ZSTD_compress(frame, cap, in, n, 1);
        FUZZ_CHECK(!ZSTD_isError(len), "compressing the input");
        rc = rx__passages_decode(plain, &st, frame, len, a);
        free(frame);
    }
    FUZZ_CHECK(rc == RX_OK || rc == RX_ECORRUPT, "OK or ECORRUPT only");
    if (rc == RX_OK)
        check_stored(&st, mode != 0);
    else if (mode != 0)
        FUZZ_CHECK(st.npassages == 0, "no passages after a failure");
    rx_arena_free(a);
    return 0;
}
