/*
 * rxsearch: ranked search over an rxsearch index.
 *
 *   rxsearch [--index DIR] [--limit N] [--offset N] [--snippets N] [--json]
 *            [--no-spelling] [--explain] QUERY...
 *   rxsearch --batch [options]    one query per stdin line, one JSON line out per query
 *   rxsearch --show ID [--json]   one monograph whole, as the index stored it
 *
 * Exit status: 0 with results, 1 with none (or no such monograph), 2 on an error (bad
 * index, bad query).
 */
#include "args.h"
#include "output.h"
#include "rx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: rxsearch [--index DIR] [--limit N] [--offset N] [--snippets N] [--json]\n"
               "                [--no-spelling] [--explain] QUERY...\n"
               "       rxsearch --batch [options] < queries.txt\n"
               "       rxsearch --show ID [--index DIR] [--json]\n"
               "Query syntax: words (ranked), \"a phrase\", AND OR NOT ( ), +must -mustnot, "
               "prefix*,\n"
               "field:word for title brand usage names mechanism dosage side_effects\n"
               "contraindications interactions pregnancy summary combinations precautions faq,\n"
               "and banned:yes|no.\n");
}

static int parse_uint(const char *opt, const char *s, unsigned max, unsigned *out)
{
    if (parse_count(s, s ? strlen(s) : 0, max, out) == 0)
        return 0;
    fprintf(stderr, "rxsearch: %s takes a whole number from 0 to %u, not '%s'\n", opt, max,
            s ? s : "");
    return -1;
}

/* The words of the command line make one query, joined by spaces. */
static int append_word(char **query, size_t *qlen, const char *word)
{
    size_t n = strlen(word);
    char *q = realloc(*query, *qlen + n + 2);
    if (!q) {
        fprintf(stderr, "rxsearch: out of memory\n");
        return -1;
    }
    if (*qlen)
        q[(*qlen)++] = ' ';
    memcpy(q + *qlen, word, n + 1);
    *qlen += n;
    *query = q;
    return 0;
}

/* Each stdin line is a query; every line gets exactly one JSON line back. */
static int batch(rx_searcher *s, const rx_search_options *o)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int failures = 0;
    rx_error perr = {0};
    char pbuf[1024];
    /* Kept running: the first misspelled query should not pay for reading the list. */
    if (rx_searcher_preload(s, &perr) != RX_OK)
        fprintf(stderr, "rxsearch: warning: %s\n", rx_error_format(&perr, pbuf, sizeof pbuf));
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        rx_results *res = NULL;
        rx_error err = {0};
        char buf[1024];
        if (rx_search(s, line, (size_t)n, o, &res, &err) != RX_OK) {
            output_json_error(stdout, line, rx_error_format(&err, buf, sizeof buf));
            failures++;
        } else {
            output_json(stdout, res, 1);
        }
        rx_results_free(res);
        fflush(stdout);
    }
    free(line);
    return failures ? 1 : 0;
}

/* --show ID: the monograph whole; 1 when the index has none by that id. */
static int show(rx_searcher *s, const char *id, int json)
{
    rx_document *doc = NULL;
    rx_error err = {0};
    char buf[1024];
    int rc = rx_searcher_document(s, id, strlen(id), &doc, &err);
    if (rc != RX_OK) {
        fprintf(stderr, "rxsearch: %s\n", rx_error_format(&err, buf, sizeof buf));
        return rc == RX_ENOTFOUND ? 1 : 2;
    }
    if (json)
        output_document_json(stdout, doc, 0);
    else
        output_document_text(stdout, doc, isatty(STDOUT_FILENO));
    rx_document_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    const char *index = "index", *show_id = NULL;
    int json = 0, batch_mode = 0;
    rx_search_options o = RX_SEARCH_OPTIONS_INIT;
    char *query = NULL;
    size_t qlen = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--index") == 0 && more) {
            index = argv[++i];
        } else if (strcmp(a, "--limit") == 0) {
            if (parse_uint(a, more ? argv[++i] : NULL, ARG_MAX_LIMIT, &o.limit))
                return 2;
        } else if (strcmp(a, "--offset") == 0) {
            if (parse_uint(a, more ? argv[++i] : NULL, ARG_MAX_OFFSET, &o.offset))
                return 2;
        } else if (strcmp(a, "--snippets") == 0) {
            if (parse_uint(a, more ? argv[++i] : NULL, ARG_MAX_SNIPPETS, &o.snippets))
                return 2;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--batch") == 0) {
            batch_mode = 1;
        } else if (strcmp(a, "--show") == 0) {
            if (!more) {
                fprintf(stderr, "rxsearch: --show takes a monograph's id (a result's \"id\")\n");
                return 2;
            }
            show_id = argv[++i];
        } else if (strcmp(a, "--explain") == 0) {
            o.explain = 1;
        } else if (strcmp(a, "--no-spelling") == 0) {
            o.no_spelling = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                if (append_word(&query, &qlen, argv[i]))
                    return 2;
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "rxsearch: unknown option '%s' (see --help)\n", a);
            return 2;
        } else if (a[0] == '-' && a[1] && !a[2] && a[1] != '-') {
            /* "-n 5" is an option mistyped, not "leave out documents with the letter n". */
            fprintf(stderr,
                    "rxsearch: unknown option '%s' (see --help; a word to leave out goes in "
                    "the quoted query: \"aspirin -ibuprofen\")\n",
                    a);
            return 2;
        } else if (append_word(&query, &qlen, a)) {
            return 2;
        }
    }
    if (show_id && (batch_mode || query)) {
        fprintf(stderr, "rxsearch: --show takes no query and no --batch\n");
        free(query);
        return 2;
    }
    if (!batch_mode && !query && !show_id) {
        usage(stderr);
        return 2;
    }
    rx_error err = {0};
    char buf[1024];
    rx_searcher *s = NULL;
    if (rx_searcher_open(&s, index, &err) != RX_OK) {
        fprintf(stderr, "rxsearch: %s\n", rx_error_format(&err, buf, sizeof buf));
        free(query);
        return 2;
    }
    int status;
    if (show_id) {
        status = show(s, show_id, json);
    } else if (batch_mode) {
        status = batch(s, &o);
    } else {
        rx_results *res = NULL;
        if (rx_search(s, query, qlen, &o, &res, &err) != RX_OK) {
            fprintf(stderr, "rxsearch: %s\n", rx_error_format(&err, buf, sizeof buf));
            status = 2;
        } else {
            if (res->notice)
                fprintf(stderr, "rxsearch: note: %s\n", res->notice);
            if (json)
                output_json(stdout, res, 0);
            else
                output_text(stdout, res, isatty(STDOUT_FILENO));
            status = res->nhits ? 0 : 1;
        }
        rx_results_free(res);
    }
    rx_searcher_free(s);
    free(query);
    return status;
}
