/* http_api.h: rxserve's HTTP API on libmicrohttpd: routes, parameters, JSON responses.
 * The endpoints and their statuses are documented in README.md ("HTTP API"). */
#ifndef RXSEARCH_HTTP_API_H
#define RXSEARCH_HTTP_API_H

#include "pool.h"

#include <stddef.h>

typedef struct http_api_options {
    const char *bind;         /* numeric IPv4 or IPv6 address to listen on */
    unsigned port;            /* 0 = any free port (see http_api_port) */
    unsigned threads;         /* worker threads, each polling its share of connections */
    unsigned max_connections; /* connections open at once; more are refused */
    unsigned timeout;         /* seconds an idle connection is kept */
    int log;                  /* one line on stderr per request */
    /* Access-Control-Allow-Origin of every answer ("*" or one origin), so a web page from
     * that origin may read them; NULL: none, and OPTIONS is refused like other methods. */
    const char *allow_origin;
} http_api_options;

typedef struct http_api http_api;

/* Starts serving searches from `pool` (borrowed: it must outlive the server). On failure
 * returns NULL with a one-line reason in errbuf. */
http_api *http_api_start(searcher_pool *pool, const http_api_options *o, char *errbuf,
                         size_t errsize);

/* The port listened on (the one the system chose when asked for port 0). */
unsigned http_api_port(const http_api *api);

/* Stops accepting, finishes or closes the open connections, and frees the server. */
void http_api_stop(http_api *api);

#endif /* RXSEARCH_HTTP_API_H */
