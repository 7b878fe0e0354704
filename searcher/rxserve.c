/*
 * rxserve: the HTTP API of an rxsearch index (README.md, "HTTP API").
 *
 *   rxserve [--index DIR] [--bind ADDR] [--port N] [--threads N] [--max-connections N]
 *           [--timeout S] [--allow-origin ORIGIN] [--log]
 *
 * Serves until SIGINT or SIGTERM, then finishes and exits 0. Exit status 2 when it cannot
 * start (bad option, no index, port in use).
 */
#include "args.h"
#include "http_api.h"
#include "pool.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: rxserve [--index DIR] [--bind ADDR] [--port N] [--threads N]\n"
               "               [--max-connections N] [--timeout SECONDS]\n"
               "               [--allow-origin ORIGIN] [--log]\n"
               "Serves GET /search?q=QUERY[&limit=N&offset=N&snippets=N&explain=1&spelling=0]\n"
               "and GET /health as JSON. Defaults: --index index --bind 127.0.0.1 --port 8080\n"
               "--threads (one per CPU) --max-connections 256 --timeout 30; no --allow-origin\n"
               "(web pages of other origins cannot read the answers).\n");
}

/* "*", or one origin as a browser sends it: scheme "://" host [":" port], nothing after. */
static int is_origin(const char *s)
{
    if (strcmp(s, "*") == 0)
        return 1;
    const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
                       : strncmp(s, "http://", 7) == 0 ? s + 7
                                                       : NULL;
    if (!host || !*host)
        return 0;
    for (const char *p = host; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("-.:[]", *p)))
            return 0;
    return 1;
}

static int option_count(const char *opt, const char *s, unsigned min, unsigned max, unsigned *out)
{
    if (s && parse_count(s, strlen(s), max, out) == 0 && *out >= min)
        return 0;
    fprintf(stderr, "rxserve: %s takes a whole number from %u to %u, not '%s'\n", opt, min, max,
            s ? s : "");
    return -1;
}

int main(int argc, char **argv)
{
    const char *index = "index";
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    http_api_options o = {.bind = "127.0.0.1",
                          .port = 8080,
                          .threads = cpus > 0 && cpus < 64 ? (unsigned)cpus : 4,
                          .max_connections = 256,
                          .timeout = 30};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (strcmp(a, "--index") == 0 && v)
            index = argv[++i];
        else if (strcmp(a, "--bind") == 0 && v)
            o.bind = argv[++i];
        else if (strcmp(a, "--port") == 0)
            bad = option_count(a, v, 0, 65535, &o.port), i++;
        else if (strcmp(a, "--threads") == 0)
            bad = option_count(a, v, 1, 64, &o.threads), i++;
        else if (strcmp(a, "--max-connections") == 0)
            bad = option_count(a, v, 1, 10000, &o.max_connections), i++;
        else if (strcmp(a, "--timeout") == 0)
            bad = option_count(a, v, 1, 3600, &o.timeout), i++;
        else if (strcmp(a, "--allow-origin") == 0 && v && is_origin(v))
            o.allow_origin = argv[++i];
        else if (strcmp(a, "--allow-origin") == 0) {
            fprintf(stderr,
                    "rxserve: --allow-origin takes '*' or an origin such as "
                    "https://example.org:8443, not '%s'\n",
                    v ? v : "");
            return 2;
        } else if (strcmp(a, "--log") == 0)
            o.log = 1;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "rxserve: unknown option or missing value '%s' (see --help)\n", a);
            return 2;
        }
        if (bad)
            return 2;
    }

    /* A client gone mid-answer must not kill the server (libmicrohttpd sends with
     * MSG_NOSIGNAL where it can; this covers the rest). */
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT and SIGTERM are taken by sigwait below: blocked before the server's threads
     * start, which inherit the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    rx_error err = {0};
    char msg[1024];
    searcher_pool *pool = NULL;
    if (pool_new(&pool, index, &err) != RX_OK) {
        fprintf(stderr, "rxserve: %s\n", rx_error_format(&err, msg, sizeof msg));
        return 2;
    }
    http_api *api = http_api_start(pool, &o, msg, sizeof msg);
    if (!api) {
        fprintf(stderr, "rxserve: %s\n", msg);
        pool_free(pool);
        return 2;
    }
    int ipv6 = strchr(o.bind, ':') != NULL;
    fprintf(stderr, "rxserve: serving %s on http://%s%s%s:%u/ (%u threads)\n", index,
            ipv6 ? "[" : "", o.bind, ipv6 ? "]" : "", http_api_port(api), o.threads);
    int sig = 0;
    sigwait(&stop, &sig);
    http_api_stop(api);
    pool_free(pool);
    fprintf(stderr, "rxserve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
