/* rx_docdata.h: what the index stores about each document, so the searcher never re-reads
 * corpus files (private).
 *
 * Two records, because most reads need only the first:
 *   document data         version byte, path, title, is_banned, brands (small; Xapian
 *                         stores it, zlib-compressed when that helps)
 *   value RX_SLOT_PASSAGES the passages (section, heading, text), one zstd frame with a
 *                         checksum, compressed with the index's dictionary when it has
 *                         one: read only for the hits that get snippets, and zstd inflates
 *                         several times faster than zlib
 * Strings are length-prefixed (LEB128 lengths).
 */
#ifndef RX_DOCDATA_H
#define RX_DOCDATA_H

#include "rx.h"
#include "rx_arena.h"
#include "rx_buf.h"

typedef struct rx_stored {
    const char *path; /* relative to the corpus root */
    const char *title;
    int is_banned;
    const char **brands;
    size_t nbrands;
    rx_passage *passages; /* section, heading, text; line is 0 (rx__passages_decode) */
    size_t npassages;
} rx_stored;

/* The text of the "Pharmacological Classification:" row of st's Usage passage, borrowed
 * from it (len bytes, to the end of the line), or NULL when it has none. */
const char *rx__stored_class_row(const rx_stored *st, size_t *len);

/* Appends the document-data record of doc (with its corpus-relative path) to out. */
void rx__docdata_encode(rx_buf *out, const rx_doc *doc, const char *path);

/* Decodes into strings allocated in `arena`; passages are left empty. RX_ECORRUPT on
 * malformed data. */
int rx__docdata_decode(rx_stored *out, const char *data, size_t len, rx_arena *arena);

/* Reusable zstd contexts: one per thread that encodes or decodes passages. */
typedef struct rx_zstd rx_zstd;
rx_zstd *rx__zstd_new(void);
void rx__zstd_free(rx_zstd *z);

/* A dictionary trained on the first documents of an index (kept in its metadata): short
 * records share most of their phrasing, and alone each compresses ~2.4x, with it ~3.5x.
 * rx__passages_train fills *out (malloc'd); RX_ENOTFOUND when the documents are too few or
 * too alike to train on. */
int rx__passages_train(const rx_doc *const *docs, size_t n, char **out, size_t *len);
/* Compresses with dict from now on; decodes records that name it. RX_ENOMEM, RX_EINVAL. */
int rx__zstd_use_dict(rx_zstd *z, const char *dict, size_t len);

/* Appends the compressed passages record of doc (description first) to out. RX_ENOMEM. */
int rx__passages_encode(rx_zstd *z, rx_buf *out, const rx_doc *doc);

/* Fills out->passages from a passages record. RX_ECORRUPT on malformed data. */
int rx__passages_decode(rx_zstd *z, rx_stored *out, const char *data, size_t len, rx_arena *arena);

#endif /* RX_DOCDATA_H */
