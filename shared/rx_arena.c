/* rx_arena.c: bump allocator in chained blocks. */
#include "rx_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t used; /* bytes handed out from data */
    size_t size; /* bytes in data */
    _Alignas(16) unsigned char data[];
} block;

struct rx_arena {
    block *head; /* block being filled; older blocks follow */
};

enum { BLOCK_SIZE = 16 * 1024 };

rx_arena *rx_arena_new(void)
{
    return calloc(1, sizeof(rx_arena));
}

void rx_arena_free(rx_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *rx_arena_alloc(rx_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > BLOCK_SIZE / 4 ? size : BLOCK_SIZE;
        if (bsize > SIZE_MAX - sizeof(block))
            return NULL;
        block *nb = malloc(sizeof(block) + bsize);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = bsize;
        /* A large one-off allocation goes behind the current block so the rest of the
         * current block is still used. */
        if (b && bsize != BLOCK_SIZE) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *rx_arena_strndup(rx_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = rx_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void *rx_arena_grow(rx_arena *a, void *arr, size_t n, size_t *cap, size_t want, size_t size)
{
    if (want <= *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < want)
        ncap *= 2;
    if (ncap > SIZE_MAX / size)
        return NULL;
    void *p = rx_arena_alloc(a, ncap * size);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, arr, n * size);
    *cap = ncap;
    return p;
}
