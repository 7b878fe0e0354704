/*
 * harness.h: a tiny TAP producer for the unit tests (after cmark's api_test/harness.h and
 * Redis's testhelp.h). Each check prints "ok N - what" or "not ok N - what" with the
 * place and the values; done_testing() prints the plan and returns the exit status.
 */
#ifndef RX_TEST_HARNESS_H
#define RX_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_run, t_failed;

static inline int t_report(int ok, const char *file, int line, const char *what)
{
    t_run++;
    if (!ok)
        t_failed++;
    printf("%s %d - %s\n", ok ? "ok" : "not ok", t_run, what);
    if (!ok)
        printf("#   at %s:%d\n", file, line);
    return ok;
}

#define OK(cond, what) t_report((cond) != 0, __FILE__, __LINE__, (what))

#define INT_EQ(got, want, what)                                                                    \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (!t_report(g_ == w_, __FILE__, __LINE__, (what)))                                       \
            printf("#   got %lld, want %lld\n", g_, w_);                                           \
    } while (0)

#define STR_EQ(got, want, what)                                                                    \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        int ok_ = g_ && w_ && strcmp(g_, w_) == 0;                                                 \
        if (!t_report(ok_, __FILE__, __LINE__, (what)))                                            \
            printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");  \
    } while (0)

#define STR_HAS(got, needle, what)                                                                 \
    do {                                                                                           \
        const char *g_ = (got), *n_ = (needle);                                                    \
        int ok_ = g_ && n_ && strstr(g_, n_) != NULL;                                              \
        if (!t_report(ok_, __FILE__, __LINE__, (what)))                                            \
            printf("#   \"%s\"\n#   does not contain \"%s\"\n", g_ ? g_ : "(null)", n_);           \
    } while (0)

static inline int done_testing(void)
{
    printf("1..%d\n", t_run);
    return t_failed ? 1 : 0;
}

/* Reads a whole file (NUL-terminated) or returns NULL. */
static inline char *t_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    if (p)
        p[n] = '\0';
    if (len)
        *len = (size_t)n;
    fclose(f);
    return p;
}

#endif /* RX_TEST_HARNESS_H */
