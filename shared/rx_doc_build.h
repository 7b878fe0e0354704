/* rx_doc_build.h: growing an rx_doc while parsing (private to the parser files). */
#ifndef RX_DOC_BUILD_H
#define RX_DOC_BUILD_H

#include "rx.h"
#include "rx_arena.h"

typedef struct rx_doc_builder {
    rx_doc *doc;
    rx_arena *arena;
    const char *name;    /* file name for messages */
    size_t cap_passages; /* allocated slots */
    size_t cap_faqs;
    size_t cap_brands;
    size_t cap_warnings;
    int oom; /* sticky: set once an allocation failed */
} rx_doc_builder;

/* Each does nothing after the first allocation failure (b->oom). Strings are copied. */
void rx__doc_add_passage(rx_doc_builder *b, const char *section, const char *heading,
                         const char *text, size_t len, int line);
void rx__doc_add_brands(rx_doc_builder *b, const char *list, size_t len);
void rx__doc_warn(rx_doc_builder *b, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *rx__doc_strdup(rx_doc_builder *b, const char *s, size_t len);

/* Front matter (YAML) and body (Markdown) parsers. `first_line` is the line of the
 * input where the text starts, for messages. */
int rx__frontmatter_parse(rx_doc_builder *b, const char *yaml, size_t len, int first_line,
                          rx_error *err);
int rx__markdown_parse(rx_doc_builder *b, const char *md, size_t len, int first_line,
                       rx_error *err);

/* Adds a FAQ after cleaning the mess real files have: stray '**', "Q1:"/"A:" labels, and
 * the answer repeated inside the question. A question already present is skipped. */
void rx__doc_add_faq_raw(rx_doc_builder *b, const char *q, size_t qlen, const char *a, size_t alen);

#endif /* RX_DOC_BUILD_H */
