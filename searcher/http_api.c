/*
 * http_api.c: GET /search, GET /monograph and GET /health over libmicrohttpd.
 *
 * The threads of libmicrohttpd's pool run the searches themselves (a search takes a
 * millisecond or two), each with a searcher taken from the pool for that request.
 */
#include "http_api.h"

#include "args.h"
#include "output.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct http_api {
    struct MHD_Daemon *daemon;
    searcher_pool *pool;      /* borrowed */
    int log;                  /* one stderr line per request */
    const char *allow_origin; /* borrowed from the options, or NULL (see http_api.h) */
};

/* What a /search request asks for, read from its URL parameters. */
typedef struct search_request {
    const char *q; /* the query, decoded; NULL when absent */
    size_t qlen;   /* bytes in q (it may hold a NUL) */
    rx_search_options o;
    unsigned seen;   /* bit per parameter already given */
    char error[256]; /* the first bad parameter, or "" */
} search_request;

static const char *const PARAMS[] = {"q", "limit", "offset", "snippets", "explain", "spelling"};
enum { P_Q, P_LIMIT, P_OFFSET, P_SNIPPETS, P_EXPLAIN, P_SPELLING, NPARAMS };

/* ------------------------------------------------------------- responses */

/* Queues r with `status` and the headers every answer carries, then lets it go. */
static enum MHD_Result queue_answer(const http_api *api, struct MHD_Connection *c, unsigned status,
                                    struct MHD_Response *r)
{
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
                                api->allow_origin ? "GET, HEAD, OPTIONS" : "GET, HEAD");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    /* On errors too: a page reads the error object as it reads a result. */
    if (api->allow_origin)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, api->allow_origin);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* Queues `body` (malloc'd, taken over; NULL means out of memory) as JSON with `status`. */
static enum MHD_Result send_json(const http_api *api, struct MHD_Connection *c, unsigned status,
                                 char *body)
{
    static char oom[] = "{\"error\":\"out of memory\"}\n";
    struct MHD_Response *r;
    if (body) {
        size_t n = strlen(body);
        body[n] = '\n'; /* replaces the NUL: a line, like rxsearch --batch */
        r = MHD_create_response_from_buffer_with_free_callback(n + 1, body, free);
    } else {
        status = MHD_HTTP_SERVICE_UNAVAILABLE;
        r = MHD_create_response_from_buffer(sizeof oom - 1, oom, MHD_RESPMEM_PERSISTENT);
    }
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    return queue_answer(api, c, status, r);
}

static enum MHD_Result send_error(const http_api *api, struct MHD_Connection *c, unsigned status,
                                  const char *query, const char *msg)
{
    return send_json(api, c, status, output_json_error_string(query, msg));
}

/* A browser's preflight before a cross-origin request it may not send unasked (one with
 * headers of its own): allowed for GET and HEAD, with the headers it names. */
static enum MHD_Result send_preflight(const http_api *api, struct MHD_Connection *c)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    const char *asked = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_ACCESS_CONTROL_REQUEST_HEADERS);
    MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
    if (asked && *asked)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_HEADERS, asked);
    MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_MAX_AGE, "600");
    return queue_answer(api, c, MHD_HTTP_NO_CONTENT, r);
}

/* The HTTP status for a failed search: the query's fault, a passing state, or the index's. */
static unsigned status_of(int code)
{
    switch (code) {
    case RX_EQUERY:
    case RX_EINVAL:
        return MHD_HTTP_BAD_REQUEST;
    case RX_EMODIFIED: /* the index kept changing: a retry will do */
    case RX_ENOMEM:
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    default:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

/* ------------------------------------------------------------ parameters */

/* Keeps the first bad parameter's message: one error line per request. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
bad_param(search_request *rq, const char *fmt, ...)
{
    if (rq->error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rq->error, sizeof rq->error, fmt, ap);
    va_end(ap);
}

static int parse_flag(const char *v, size_t len, int *out)
{
    if (len == 1 && (v[0] == '0' || v[0] == '1')) {
        *out = v[0] == '1';
        return 0;
    }
    return -1;
}

static enum MHD_Result on_param(void *cls, enum MHD_ValueKind kind, const char *key, size_t klen,
                                const char *value, size_t vlen)
{
    (void)kind;
    search_request *rq = cls;
    int p = 0;
    while (p < NPARAMS && !(strlen(PARAMS[p]) == klen && memcmp(PARAMS[p], key, klen) == 0))
        p++;
    if (p == NPARAMS) {
        bad_param(rq,
                  "unknown parameter '%.*s' (parameters: q, limit, offset, snippets, explain, "
                  "spelling)",
                  (int)klen, key);
        return MHD_YES;
    }
    if (rq->seen & (1u << p)) {
        bad_param(rq, "parameter '%.*s' is given twice", (int)klen, key);
        return MHD_YES;
    }
    rq->seen |= 1u << p;
    if (!value)
        value = "", vlen = 0;
    static const unsigned max[NPARAMS] = {0, ARG_MAX_LIMIT, ARG_MAX_OFFSET, ARG_MAX_SNIPPETS};
    unsigned *count[NPARAMS] = {NULL, &rq->o.limit, &rq->o.offset, &rq->o.snippets};
    int flag = 0;
    switch (p) {
    case P_Q:
        rq->q = value;
        rq->qlen = vlen;
        break;
    case P_LIMIT:
    case P_OFFSET:
    case P_SNIPPETS:
        if (parse_count(value, vlen, max[p], count[p]) != 0)
            bad_param(rq, "%s takes a whole number from 0 to %u, not '%.*s'", PARAMS[p], max[p],
                      (int)(vlen > 100 ? 100 : vlen), value);
        break;
    case P_EXPLAIN:
    case P_SPELLING:
        if (parse_flag(value, vlen, &flag) != 0)
            bad_param(rq, "%s takes 0 or 1, not '%.*s'", PARAMS[p], (int)(vlen > 100 ? 100 : vlen),
                      value);
        else if (p == P_EXPLAIN)
            rq->o.explain = flag;
        else
            rq->o.no_spelling = !flag;
        break;
    }
    return MHD_YES;
}

/* ------------------------------------------------------------- endpoints */

static enum MHD_Result search(http_api *api, struct MHD_Connection *c, unsigned *status)
{
    search_request rq = {.o = RX_SEARCH_OPTIONS_INIT};
    rx_error err = {0};
    rx_results *res = NULL;
    char msg[1024];
    enum MHD_Result ok;
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, on_param, &rq);
    if (!rq.error[0] && !rq.q)
        snprintf(rq.error, sizeof rq.error, "parameter 'q' is missing: /search?q=nerve+pain");
    else if (!rq.error[0] && !rq.qlen)
        snprintf(rq.error, sizeof rq.error, "parameter 'q' is empty");
    /* The query as a string for the error object (a %00 in it ends it there). */
    char *query = rq.q ? malloc(rq.qlen + 1) : NULL;
    if (rq.q && !query) {
        ok = send_json(api, c, *status = MHD_HTTP_SERVICE_UNAVAILABLE, NULL);
        goto done;
    }
    if (query) {
        memcpy(query, rq.q, rq.qlen);
        query[rq.qlen] = '\0';
    }
    if (rq.error[0]) {
        ok = send_error(api, c, *status = MHD_HTTP_BAD_REQUEST, query, rq.error);
        goto done;
    }
    rx_searcher *s = pool_take(api->pool, &err);
    int rc = s ? rx_search(s, rq.q, rq.qlen, &rq.o, &res, &err) : err.code;
    if (s)
        pool_give(api->pool, s);
    if (rc == RX_OK)
        ok = send_json(api, c, *status = MHD_HTTP_OK, output_json_string(res));
    else
        ok = send_error(api, c, *status = status_of(rc), query,
                        rx_error_format(&err, msg, sizeof msg));
done:
    rx_results_free(res);
    free(query);
    return ok;
}

/* What a /monograph request asks for: the id of one ("id=amitriptyline"). */
typedef struct monograph_request {
    const char *id;
    size_t idlen;
    char error[256];
} monograph_request;

static enum MHD_Result on_monograph_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                          size_t klen, const char *value, size_t vlen)
{
    (void)kind;
    monograph_request *rq = cls;
    if (rq->error[0])
        return MHD_YES;
    if (klen != 2 || memcmp(key, "id", 2) != 0)
        snprintf(rq->error, sizeof rq->error, "unknown parameter '%.*s' (parameters: id)",
                 (int)(klen > 100 ? 100 : klen), key);
    else if (rq->id)
        snprintf(rq->error, sizeof rq->error, "parameter 'id' is given twice");
    else
        rq->id = value ? value : "", rq->idlen = value ? vlen : 0;
    return MHD_YES;
}

/* One monograph whole, as rxsearch --show gives it: 404 for an id the index lacks. */
static enum MHD_Result monograph(http_api *api, struct MHD_Connection *c, unsigned *status)
{
    monograph_request rq = {0};
    rx_error err = {0};
    char msg[1024];
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, on_monograph_param, &rq);
    if (!rq.error[0] && !rq.idlen)
        snprintf(rq.error, sizeof rq.error,
                 "parameter 'id' is missing or empty: /monograph?id=amitriptyline (a result's id)");
    if (rq.error[0])
        return send_error(api, c, *status = MHD_HTTP_BAD_REQUEST, NULL, rq.error);
    rx_document *doc = NULL;
    rx_searcher *s = pool_take(api->pool, &err);
    int rc = s ? rx_searcher_document(s, rq.id, rq.idlen, &doc, &err) : err.code;
    if (s)
        pool_give(api->pool, s);
    enum MHD_Result ok;
    if (rc == RX_OK)
        ok = send_json(api, c, *status = MHD_HTTP_OK, output_document_json_string(doc));
    else
        ok = send_error(api, c,
                        *status = s && rc == RX_ENOTFOUND ? MHD_HTTP_NOT_FOUND : status_of(rc),
                        NULL, rx_error_format(&err, msg, sizeof msg));
    rx_document_free(doc);
    return ok;
}

/* Ready when a searcher can be had: the index opens (or an open one is idle). */
static enum MHD_Result health(http_api *api, struct MHD_Connection *c, unsigned *status)
{
    rx_error err = {0};
    rx_searcher *s = pool_take(api->pool, &err);
    if (!s) {
        char msg[1024];
        *status = MHD_HTTP_SERVICE_UNAVAILABLE;
        return send_error(api, c, *status, NULL, rx_error_format(&err, msg, sizeof msg));
    }
    pool_give(api->pool, s);
    *status = MHD_HTTP_OK;
    static const char ok[] = "{\"status\":\"ok\"}";
    char *body = malloc(sizeof ok);
    if (body)
        memcpy(body, ok, sizeof ok);
    return send_json(api, c, *status, body);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version, (void)upload;
    http_api *api = cls;
    /* The first call comes with the headers; answering then would make libmicrohttpd close
     * the connection (the request is not read to its end), so the answer waits for the
     * call that says the request is complete. A body is read and dropped. */
    static int headers_in;
    if (!*con_cls) {
        *con_cls = &headers_in;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned status;
    enum MHD_Result ok;
    int is_get =
        strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    int is_search = strcmp(url, "/search") == 0, is_health = strcmp(url, "/health") == 0;
    int is_monograph = strcmp(url, "/monograph") == 0;
    if (!is_search && !is_health && !is_monograph) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 "no such endpoint '%.200s' (endpoints: /search?q=..., /monograph?id=..., "
                 "/health)",
                 url);
        ok = send_error(api, c, status = MHD_HTTP_NOT_FOUND, NULL, msg);
    } else if (api->allow_origin && strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0) {
        ok = send_preflight(api, c);
        status = MHD_HTTP_NO_CONTENT;
    } else if (!is_get) {
        char msg[300];
        snprintf(msg, sizeof msg, "%.50s is not allowed on %s: use GET", method, url);
        ok = send_error(api, c, status = MHD_HTTP_METHOD_NOT_ALLOWED, NULL, msg);
    } else {
        ok = is_search      ? search(api, c, &status)
             : is_monograph ? monograph(api, c, &status)
                            : health(api, c, &status);
    }
    if (api->log) {
        const char *q = is_search ? MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q") : 0;
        fprintf(stderr, "rxserve: %s %s%s%.200s%s %u %.2f ms\n", method, url, q ? " \"" : "",
                q ? q : "", q ? "\"" : "", status, ms_since(&t0));
    }
    return ok;
}

/* ---------------------------------------------------------------- server */

http_api *http_api_start(searcher_pool *pool, const http_api_options *o, char *errbuf,
                         size_t errsize)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)o->port)};
    int ipv6 = strchr(o->bind, ':') != NULL;
    if (ipv6 ? inet_pton(AF_INET6, o->bind, &v6.sin6_addr) != 1
             : inet_pton(AF_INET, o->bind, &v4.sin_addr) != 1) {
        snprintf(errbuf, errsize, "--bind takes a numeric IPv4 or IPv6 address, not '%s'", o->bind);
        return NULL;
    }
    http_api *api = calloc(1, sizeof *api);
    if (!api) {
        snprintf(errbuf, errsize, "out of memory");
        return NULL;
    }
    api->pool = pool;
    api->log = o->log;
    api->allow_origin = o->allow_origin;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0);
    api->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, api, MHD_OPTION_SOCK_ADDR,
        ipv6 ? (struct sockaddr *)&v6 : (struct sockaddr *)&v4, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)o->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->timeout, MHD_OPTION_END);
    if (!api->daemon) {
        snprintf(errbuf, errsize, "cannot listen on %s port %u (in use, or not an address here)",
                 o->bind, o->port);
        free(api);
        return NULL;
    }
    return api;
}

unsigned http_api_port(const http_api *api)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(api->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void http_api_stop(http_api *api)
{
    if (!api)
        return;
    MHD_stop_daemon(api->daemon);
    free(api);
}
