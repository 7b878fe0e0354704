/*
 * rx_walk.c: the monograph files under a corpus directory, in name order (scandir with
 * alphasort), so ids and the order of work are the same on every run. Symbolic links are
 * followed; each file and directory is visited once by device and inode, so a link loop
 * or a second link to a file costs nothing.
 */
#include "rx_walk.h"
#include "rx_buf.h"
#include "rx_error.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64 }; /* directory nesting */

typedef struct walker {
    const char *root;
    rx_strmap *seen;
    const rx_walk_ops *ops;
} walker;

static int has_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0);
}

/* Marks a file or directory as visited; returns 1 if it had been already. */
static int visited(rx_strmap *seen, const struct stat *st, int *oom)
{
    char key[64];
    int n = snprintf(key, sizeof key, "%llu:%llu", (unsigned long long)st->st_dev,
                     (unsigned long long)st->st_ino);
    rx_strmap_entry *e = rx_strmap_put(seen, key, (size_t)n);
    if (!e) {
        *oom = 1;
        return 1;
    }
    int was = e->mark;
    e->mark = 1;
    return was;
}

static void skip(const walker *w, rx_walk_skip why, int code, const char *path, const char *what)
{
    rx_error e = {0};
    rx__fail(&e, code, path, 0, "%s", what);
    w->ops->skipped(w->ops->payload, why, &e);
}

/* One entry of a directory: a file handed on, a directory walked, or a reason to skip. */
static int entry(const walker *w, const char *full, const char *rel, const char *name, int depth,
                 rx_error *err);

static int walk_dir(const walker *w, const char *rel, int depth, rx_error *err)
{
    rx_buf dir = RX_BUF_INIT;
    struct dirent **names = NULL;
    int rc = RX_OK;
    rx_buf_puts(&dir, w->root);
    if (rel[0]) {
        rx_buf_putc(&dir, '/');
        rx_buf_puts(&dir, rel);
    }
    if (dir.oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    int n = scandir(dir.ptr, &names, NULL, alphasort);
    if (n < 0) {
        char why[160];
        snprintf(why, sizeof why, "cannot read directory: %s", strerror(errno));
        if (depth == 0)
            rc = rx__fail(err, RX_EIO, dir.ptr, 0, "%s", why);
        else
            skip(w, RX_WALK_FAILED, RX_EIO, dir.ptr, why);
    }
    for (int i = 0; i < n && rc == RX_OK; i++) {
        const char *name = names[i]->d_name;
        if (name[0] == '.')
            continue; /* ".", "..", and hidden files such as .gitkeep */
        rx_buf full = RX_BUF_INIT, sub = RX_BUF_INIT;
        rx_buf_printf(&full, "%s/%s", dir.ptr, name);
        if (rel[0])
            rx_buf_printf(&sub, "%s/%s", rel, name);
        else
            rx_buf_puts(&sub, name);
        rc = full.oom || sub.oom ? rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory")
                                 : entry(w, full.ptr, sub.ptr, name, depth, err);
        rx_buf_free(&full);
        rx_buf_free(&sub);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    rx_buf_free(&dir);
    return rc;
}

static int entry(const walker *w, const char *full, const char *rel, const char *name, int depth,
                 rx_error *err)
{
    struct stat st;
    int oom = 0;
    if (stat(full, &st) != 0) {
        char why[160];
        snprintf(why, sizeof why, "cannot stat: %s", strerror(errno));
        skip(w, RX_WALK_FAILED, RX_EIO, full, why);
    } else if (S_ISDIR(st.st_mode)) {
        if (!visited(w->seen, &st, &oom) && depth < MAX_DEPTH)
            return walk_dir(w, rel, depth + 1, err);
        if (!oom)
            skip(w, RX_WALK_NOTICE, RX_OK, full,
                 depth >= MAX_DEPTH ? "directory nested too deep; skipped"
                                    : "directory already visited (link loop); skipped");
    } else if (!S_ISREG(st.st_mode)) {
        /* sockets, fifos, devices: never read */
    } else if (!has_extension(name)) {
        skip(w, RX_WALK_IGNORED, RX_OK, full, "not a monograph (.md) file; skipped");
    } else if (visited(w->seen, &st, &oom)) {
        if (!oom)
            skip(w, RX_WALK_IGNORED, RX_OK, full,
                 "same file as one already indexed (link); skipped");
    } else {
        return w->ops->file(w->ops->payload, full, rel, &st, err);
    }
    return oom ? rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory") : RX_OK;
}

int rx__walk(const char *root, rx_strmap *seen, const rx_walk_ops *ops, rx_error *err)
{
    struct stat st;
    if (stat(root, &st) != 0)
        return rx__fail(err, errno == ENOENT ? RX_ENOTFOUND : RX_EIO, root, 0,
                        "cannot open the corpus: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return rx__fail(err, RX_EINVAL, root, 0, "the corpus must be a directory");
    int oom = 0;
    visited(seen, &st, &oom);
    if (oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    /* Trailing slashes stripped, so relative paths come out clean. */
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/')
        len--;
    rx_buf r = RX_BUF_INIT;
    rx_buf_put(&r, root, len);
    if (r.oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    walker w = {r.ptr, seen, ops};
    int rc = walk_dir(&w, "", 0, err);
    rx_buf_free(&r);
    return rc;
}
