/* rx_section.h: the section taxonomy and the one table of ranking weights (private). */
#ifndef RX_SECTION_H
#define RX_SECTION_H

#include <stddef.h>

typedef struct rx_field {
    const char *id;    /* field name in queries: "usage", "side_effects", "title" */
    const char *label; /* display name */
    unsigned wdf;      /* within-document frequency added per occurrence in the ranked
                          free-text field: the BM25F-style section weight */
    double snippet;    /* preference when choosing snippet passages */
    int spell;         /* its words feed did-you-mean: the fields that name drugs,
                          conditions and symptoms (the rest would only slow it down) */
    int positions;     /* phrases can match here; FAQs and the profile summary restate the
                          other sections, and their positions were a third of the index */
} rx_field;

/* The weight table. Titles and brands identify the drug; Usage says what it treats, so a
 * condition named there outweighs the same word under Side Effects or Contraindications. */
extern const rx_field rx__fields[];
extern const size_t rx__nfields;

/* The entry for id, or the catch-all entry for sections the table does not know. */
const rx_field *rx__field(const char *id, size_t len);

/* Term prefix of a field: "X" + upper-case id + ":" ("XSIDE_EFFECTS:"). */
size_t rx__field_prefix(const char *id, size_t len, char *out, size_t size);

#endif /* RX_SECTION_H */
