/* rx_buf.c: growable byte buffer. */
#include "rx_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rx_buf_grow(rx_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra > SIZE_MAX / 2 - b->len - 1) {
        b->oom = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->ptr, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->ptr = p;
    b->cap = cap;
    return 0;
}

void rx_buf_put(rx_buf *b, const void *data, size_t len)
{
    if (rx_buf_grow(b, len) != 0)
        return;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void rx_buf_puts(rx_buf *b, const char *s)
{
    rx_buf_put(b, s, strlen(s));
}

void rx_buf_putc(rx_buf *b, char c)
{
    rx_buf_put(b, &c, 1);
}

void rx_buf_printf(rx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || rx_buf_grow(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void rx_buf_put_varint(rx_buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        unsigned char c = v & 0x7f;
        v >>= 7;
        tmp[n++] = c | (v ? 0x80 : 0);
    } while (v);
    rx_buf_put(b, tmp, n);
}

void rx_buf_clear(rx_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void rx_buf_free(rx_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

char *rx_buf_detach(rx_buf *b, size_t *len)
{
    char *p = b->ptr;
    if (b->oom) {
        rx_buf_free(b);
        return NULL;
    }
    if (!p)
        p = calloc(1, 1);
    if (len)
        *len = b->len;
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}
