/* pool.c: a mutex-guarded stack of idle searchers. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct searcher_pool {
    pthread_mutex_t lock;
    char *path;         /* index directory */
    rx_searcher **idle; /* searchers not in use */
    size_t nidle;
    size_t cap; /* slots in idle */
};

int pool_new(searcher_pool **out, const char *path, rx_error *err)
{
    *out = NULL;
    searcher_pool *p = calloc(1, sizeof *p);
    size_t n = strlen(path);
    if (!p || !(p->path = malloc(n + 1))) {
        free(p);
        if (err)
            *err = (rx_error){.code = RX_ENOMEM, .msg = "out of memory"};
        return RX_ENOMEM;
    }
    memcpy(p->path, path, n + 1);
    pthread_mutex_init(&p->lock, NULL);
    rx_searcher *s = pool_take(p, err);
    if (!s) {
        int code = err ? err->code : RX_EINVAL;
        pool_free(p);
        return code;
    }
    /* The first searcher serves the first requests: read its did-you-mean list now. A
     * failure here is left to the query that needs the list, which reports it. */
    rx_error ignored = {0};
    (void)rx_searcher_preload(s, &ignored);
    pool_give(p, s);
    *out = p;
    return RX_OK;
}

rx_searcher *pool_take(searcher_pool *p, rx_error *err)
{
    rx_searcher *s = NULL;
    pthread_mutex_lock(&p->lock);
    if (p->nidle)
        s = p->idle[--p->nidle];
    pthread_mutex_unlock(&p->lock);
    if (!s && rx_searcher_open(&s, p->path, err) != RX_OK)
        s = NULL;
    return s;
}

void pool_give(searcher_pool *p, rx_searcher *s)
{
    pthread_mutex_lock(&p->lock);
    if (p->nidle == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        rx_searcher **idle = realloc(p->idle, cap * sizeof *idle);
        if (!idle) {
            /* Out of memory: the next request opens a searcher again. */
            pthread_mutex_unlock(&p->lock);
            rx_searcher_free(s);
            return;
        }
        p->idle = idle;
        p->cap = cap;
    }
    p->idle[p->nidle++] = s;
    pthread_mutex_unlock(&p->lock);
}

void pool_free(searcher_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nidle; i++)
        rx_searcher_free(p->idle[i]);
    free(p->idle);
    free(p->path);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
