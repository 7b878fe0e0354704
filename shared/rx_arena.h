/* rx_arena.h: a bump allocator; one per document or query, freed in one call. */
#ifndef RX_ARENA_H
#define RX_ARENA_H

#include <stddef.h>

typedef struct rx_arena rx_arena;

rx_arena *rx_arena_new(void);
void rx_arena_free(rx_arena *a);
/* Zeroed, 16-byte aligned memory that lives as long as the arena; NULL when out of memory. */
void *rx_arena_alloc(rx_arena *a, size_t size);
/* A NUL-terminated copy of (s, len). */
char *rx_arena_strndup(rx_arena *a, const char *s, size_t len);
/* Grows an arena array of `n` elements of `size` to at least `want`; returns the new
 * array (the old one stays allocated until the arena is freed) and updates *cap. */
void *rx_arena_grow(rx_arena *a, void *arr, size_t n, size_t *cap, size_t want, size_t size);

#endif /* RX_ARENA_H */
