/* rx_buf.h: a growable byte buffer with a sticky error (cmark_strbuf, FTS5 Fts5Buffer). */
#ifndef RX_BUF_H
#define RX_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct rx_buf {
    char *ptr;  /* NUL-terminated while oom == 0; NULL until the first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
    int oom;    /* set once an allocation failed; later appends do nothing */
} rx_buf;

#define RX_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

/* Each append does nothing once b->oom is set, so a chain is checked once at its end. */
int rx_buf_grow(rx_buf *b, size_t extra);
void rx_buf_put(rx_buf *b, const void *data, size_t len);
void rx_buf_puts(rx_buf *b, const char *s);
void rx_buf_putc(rx_buf *b, char c);
void rx_buf_printf(rx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Unsigned LEB128, for the stored document format. */
void rx_buf_put_varint(rx_buf *b, uint64_t v);
void rx_buf_clear(rx_buf *b);
void rx_buf_free(rx_buf *b);
/* Hands the bytes to the caller (malloc'd, NUL-terminated) and resets b. */
char *rx_buf_detach(rx_buf *b, size_t *len);

#endif /* RX_BUF_H */
