/* rx_query.h: the query language, parsed into a tree (private). Syntax in README.md. */
#ifndef RX_QUERY_H
#define RX_QUERY_H

#include "rx.h"
#include "rx_arena.h"

typedef enum rx_qtype {
    RX_Q_WORD,   /* a word as typed ("5-HT3", "headaches"): tokenized when compiled */
    RX_Q_PHRASE, /* "quoted words" */
    RX_Q_PREFIX, /* amitrip* */
    RX_Q_FILTER, /* banned:yes */
    RX_Q_AND,    /* a AND b */
    RX_Q_OR,     /* a OR b */
    RX_Q_NOT,    /* kids[0] NOT kids[1..] */
    RX_Q_SEQ     /* juxtaposed items: optional ones OR'ed and ranked, +must, -must_not */
} rx_qtype;

typedef struct rx_qnode {
    rx_qtype type;
    const char *field; /* section or pseudo-field restricting a WORD/PHRASE/PREFIX, or NULL */
    const char *text;  /* WORD/PHRASE/PREFIX text, FILTER term; points into the query */
    size_t len;        /* bytes of text */
    size_t offset;     /* byte offset of text in the query, for spelling and errors */
    int sign;          /* in a SEQ: +1 required, -1 excluded, 0 optional */
    struct rx_qnode **kids;
    size_t nkids;
} rx_qnode;

/*
 * Parses query into a tree allocated in `arena`. `known_field(id, len)` says whether a
 * `name:` prefix is a field (otherwise "name:" is searched as text and *unknown_field is
 * set to the first such name's offset + 1). RX_EQUERY with err->msg naming the part at
 * fault on a malformed query.
 */
typedef int (*rx_known_field_fn)(void *payload, const char *id, size_t len);
int rx__query_parse(rx_qnode **out, const char *query, size_t len, rx_arena *arena,
                    rx_known_field_fn known_field, void *payload, size_t *unknown_field,
                    rx_error *err);

#endif /* RX_QUERY_H */
