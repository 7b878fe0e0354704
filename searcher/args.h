/* args.h: the search options that rxsearch's command line and rxserve's URL parameters
 * share, with the same bounds. */
#ifndef RXSEARCH_ARGS_H
#define RXSEARCH_ARGS_H

#include <stddef.h>

enum {
    ARG_MAX_LIMIT = 10000,    /* --limit, limit= */
    ARG_MAX_OFFSET = 1000000, /* --offset, offset= */
    ARG_MAX_SNIPPETS = 3      /* --snippets, snippets= */
};

/* Reads s[0..len) as a whole number from 0 to max: digits only, no sign or space. Returns
 * 0, or -1 (out untouched) when it is not one. */
int parse_count(const char *s, size_t len, unsigned max, unsigned *out);

#endif /* RXSEARCH_ARGS_H */
