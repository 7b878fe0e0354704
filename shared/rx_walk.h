/* rx_walk.h: the monograph files under a corpus directory, in name order (private). */
#ifndef RX_WALK_H
#define RX_WALK_H

#include "rx.h"
#include "rx_strmap.h"

#include <sys/stat.h>

/* What happened to an entry the walk did not hand on. */
typedef enum rx_walk_skip {
    RX_WALK_FAILED,  /* unreadable: counts as a failed file */
    RX_WALK_IGNORED, /* not a monograph, or a file already seen through a link */
    RX_WALK_NOTICE   /* a directory not entered (a link loop, nested too deep) */
} rx_walk_skip;

typedef struct rx_walk_ops {
    void *payload;
    /* A regular *.md or *.markdown file not seen before; rel is its path under the root.
     * A non-zero return stops the walk with that code. */
    int (*file)(void *payload, const char *full, const char *rel, const struct stat *st,
                rx_error *err);
    /* An entry skipped, with the one-line reason naming it. */
    void (*skipped)(void *payload, rx_walk_skip why, const rx_error *e);
} rx_walk_ops;

/* Walks root (trailing slashes are dropped), skipping hidden entries and whatever
 * "dev:ino" seen already records (kept across walks: a directory under two roots is
 * walked once). Returns RX_OK, or an error in err: root missing or not a directory, out of
 * memory, or what ops->file returned. Unreadable entries below the root only reach
 * ops->skipped. */
int rx__walk(const char *root, rx_strmap *seen, const rx_walk_ops *ops, rx_error *err);

#endif /* RX_WALK_H */
