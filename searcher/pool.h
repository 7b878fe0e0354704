/* pool.h: searchers shared by a server's threads, each used by one thread at a time.
 *
 * An rx_searcher keeps a stemmer, a zstd context and what it has read of the index, so it
 * is not shared between threads; a pool hands an idle one out per request and opens
 * another only when every one is busy, so a pool never holds more searchers than requests
 * ran at once. */
#ifndef RXSEARCH_POOL_H
#define RXSEARCH_POOL_H

#include "rx.h"

typedef struct searcher_pool searcher_pool;

/* A pool over the index at `path` (copied), checked by opening its first searcher. */
int pool_new(searcher_pool **out, const char *path, rx_error *err);

/* An idle searcher, or a new one; NULL with err filled when none can be opened. Give it
 * back with pool_give. */
rx_searcher *pool_take(searcher_pool *p, rx_error *err);
void pool_give(searcher_pool *p, rx_searcher *s);

/* Frees the pool and its idle searchers (all must have been given back). */
void pool_free(searcher_pool *p);

#endif /* RXSEARCH_POOL_H */
