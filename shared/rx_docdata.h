/* rx_docdata.h: the document data stored in the index, so the searcher never re-reads
 * corpus files (private). */
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
    rx_passage *passages; /* section, heading, text; line is 0 */
    size_t npassages;
} rx_stored;

/* Appends the encoding of doc (with its corpus-relative path) to out. */
void rx__docdata_encode(rx_buf *out, const rx_doc *doc, const char *path);

/* Decodes into strings allocated in `arena`. RX_ECORRUPT on malformed data. */
int rx__docdata_decode(rx_stored *out, const char *data, size_t len, rx_arena *arena);

#endif /* RX_DOCDATA_H */
