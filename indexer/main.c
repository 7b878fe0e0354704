/*
 * rxindex: indexes a corpus of drug monographs.
 *
 *   rxindex [--index DIR] [--synonyms FILE] [--force] [--flat] [--batch N] [--shard N]
 *           [--threads N] [--compact | --no-compact] [CORPUS_DIR...]
 *   rxindex --check [--index DIR]
 *
 * Exit status: 0 when every file went in, 1 when some failed (the rest indexed), 2 on a
 * fatal error (the index is unusable or locked).
 */
#include "rx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef RX_SYNONYMS_DEFAULT
#define RX_SYNONYMS_DEFAULT "indexer/synonyms.tsv"
#endif

typedef struct cli {
    int progress; /* stderr is a terminal */
    int quiet;    /* no notes, only errors */
    int progress_shown;
} cli;

static void usage(FILE *f)
{
    fprintf(f, "usage: rxindex [--index DIR] [--synonyms FILE] [--force] [--flat] [--batch N] "
               "[--shard N] [--threads N] [--compact | --no-compact] [--quiet] [CORPUS_DIR...]\n"
               "       rxindex --check [--index DIR]\n"
               "Indexes the monographs (*.md) under each CORPUS_DIR (default: corpus) into DIR "
               "(default: index).\n");
}

static void clear_progress(cli *c)
{
    if (c->progress_shown) {
        fputs("\r\033[K", stderr);
        c->progress_shown = 0;
    }
}

static void on_report(void *payload, int is_error, const rx_error *err)
{
    cli *c = payload;
    char buf[1024];
    if (!is_error && c->quiet)
        return;
    clear_progress(c);
    fprintf(stderr, "rxindex: %s%s\n", is_error ? "error: " : "",
            rx_error_format(err, buf, sizeof buf));
}

static void on_progress(void *payload, unsigned done, const char *path)
{
    cli *c = payload;
    if (!c->progress)
        return;
    fprintf(stderr, "\r\033[K%u files  %.60s", done, path);
    c->progress_shown = 1;
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *index = "index", *synonyms = NULL;
    const char *corpora[256];
    int ncorpora = 0, check = 0;
    cli c = {isatty(STDERR_FILENO), 0, 0};
    rx_index_options o = RX_INDEX_OPTIONS_INIT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--index") == 0 && i + 1 < argc) {
            index = argv[++i];
        } else if (strcmp(a, "--synonyms") == 0 && i + 1 < argc) {
            synonyms = argv[++i];
        } else if (strcmp(a, "--batch") == 0 && i + 1 < argc) {
            if (parse_uint(argv[++i], 1000000, &o.batch) || o.batch == 0) {
                fprintf(stderr,
                        "rxindex: --batch takes a whole number from 1 to 1000000, not '%s'\n",
                        argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--shard") == 0 && i + 1 < argc) {
            if (parse_uint(argv[++i], 1000000, &o.shard) || o.shard == 0) {
                fprintf(stderr,
                        "rxindex: --shard takes a whole number from 1 to 1000000, not '%s'\n",
                        argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            if (parse_uint(argv[++i], 4, &o.threads) || o.threads == 0) {
                fprintf(stderr, "rxindex: --threads takes a whole number from 1 to 4, not '%s'\n",
                        argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--force") == 0) {
            o.force = 1;
        } else if (strcmp(a, "--compact") == 0) {
            o.compact = 1;
        } else if (strcmp(a, "--no-compact") == 0) {
            o.compact = -1;
        } else if (strcmp(a, "--flat") == 0) {
            o.flat = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            c.quiet = 1;
        } else if (strcmp(a, "--check") == 0) {
            check = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1] == '-' && a[2] == '\0') {
            for (i++; i < argc && ncorpora < 256; i++)
                corpora[ncorpora++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "rxindex: unknown option '%s' (see --help)\n", a);
            return 2;
        } else if (ncorpora < 256) {
            corpora[ncorpora++] = a;
        }
    }
    rx_error err = {0};
    char buf[1024];
    if (check) {
        if (rx_index_check(index, &err) != RX_OK) {
            fprintf(stderr, "rxindex: %s\n", rx_error_format(&err, buf, sizeof buf));
            return 2;
        }
        printf("%s: index is consistent\n", index);
        return 0;
    }
    if (ncorpora == 0)
        corpora[ncorpora++] = "corpus";
    if (synonyms) {
        o.synonyms_path = synonyms;
    } else if (access(RX_SYNONYMS_DEFAULT, R_OK) == 0) {
        o.synonyms_path = RX_SYNONYMS_DEFAULT;
    }
    o.report = on_report;
    o.progress = on_progress;
    o.payload = &c;

    double t0 = now();
    rx_indexer *ix = NULL;
    if (rx_indexer_open(&ix, index, &o, &err) != RX_OK) {
        fprintf(stderr, "rxindex: %s\n", rx_error_format(&err, buf, sizeof buf));
        return 2;
    }
    int rc = RX_OK;
    for (int i = 0; i < ncorpora && rc == RX_OK; i++)
        rc = rx_indexer_add_tree(ix, corpora[i], &err);
    rx_index_stats st = {0};
    if (rc == RX_OK)
        rc = rx_indexer_finish(ix, &st, &err);
    clear_progress(&c);
    rx_indexer_free(ix);
    if (rc != RX_OK) {
        fprintf(stderr, "rxindex: %s\n", rx_error_format(&err, buf, sizeof buf));
        if (rc == RX_ENOTFOUND || rc == RX_EINVAL)
            fprintf(stderr, "rxindex: nothing was changed after the last commit\n");
        return 2;
    }
    printf("indexed %u, skipped %u unchanged, removed %u, failed %u, ignored %u in %.2fs%s\n",
           st.indexed, st.skipped, st.removed, st.failed, st.ignored, now() - t0,
           st.compacted ? " (compacted)" : "");
    return st.failed ? 1 : 0;
}
