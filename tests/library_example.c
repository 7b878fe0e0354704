/*
 * library_example.c: a program that uses rxsearch as a C library (README, "C library"),
 * built by tests/library.py against the installed header, library and pkg-config file:
 *
 *   cc library_example.c $(pkg-config --cflags --libs rxsearch)
 *   ./a.out INDEX QUERY    prints the top three hits, each with its best passage
 */
#include <rx.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s INDEX QUERY\n", argv[0]);
        return 2;
    }
    rx_error err = {0};
    rx_searcher *s = NULL;
    rx_results *res = NULL;
    int rc = rx_searcher_open(&s, argv[1], &err);
    if (rc == RX_OK) {
        rx_search_options o = RX_SEARCH_OPTIONS_INIT;
        o.limit = 3;
        o.snippets = 1;
        rc = rx_search(s, argv[2], strlen(argv[2]), &o, &res, &err);
    }
    if (rc != RX_OK) {
        char msg[1024];
        fprintf(stderr, "%s (%s)\n", rx_error_format(&err, msg, sizeof msg), rx_strerror(rc));
    } else {
        for (size_t i = 0; i < res->nhits; i++) {
            const rx_hit *h = &res->hits[i];
            printf("%u. %s [%s]\n", h->rank, h->title, h->id);
            if (h->nsnippets)
                printf("   %s: %s\n", h->snippets[0].heading, h->snippets[0].text);
        }
    }
    rx_results_free(res);
    rx_searcher_free(s);
    return rc == RX_OK ? 0 : 1;
}
