/*
 * rx_index_dirs.c: the directories an indexer keeps beside its index, "<path>.shard-N"
 * (a fresh build's shards), "<path>.rebuild" (a rebuild's new metadata) and
 * "<path>.compact-PID" (the compacted copy swapped in), made and removed while the
 * index's write lock is held.
 */
#include "rx_error.h"
#include "rx_indexer_parts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* "<path>.rebuild": the new index of a rebuild, or what a killed one left. */
void rx__ix_rebuild_dir(const rx_indexer *ix, rx_buf *dir)
{
    rx_buf_printf(dir, "%s.rebuild", ix->path);
}

void rx__ix_remove_rebuild_dir(rx_indexer *ix)
{
    rx_buf dir = RX_BUF_INIT;
    rx__ix_rebuild_dir(ix, &dir);
    if (!dir.oom)
        rx__ix_remove_index_dir(dir.ptr);
    rx_buf_free(&dir);
}

/* Removes a directory of plain files (a Xapian glass index). */
void rx__ix_remove_index_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        rx_buf p = RX_BUF_INIT;
        rx_buf_printf(&p, "%s/%s", dir, e->d_name);
        if (!p.oom)
            unlink(p.ptr);
        rx_buf_free(&p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/*
 * A freshly built Xapian index has half-empty blocks; a compact copy is about a third
 * smaller and faster to search. It is written beside the index while the write lock is
 * held, then exchanged with it in one rename (renameat2 RENAME_EXCHANGE), so a reader
 * opens either the old index or the new one, never neither.
 */
int rx__ix_compact_and_swap(rx_indexer *ix, rx_error *err)
{
    rx_buf tmp = RX_BUF_INIT;
    rx_buf_printf(&tmp, "%s.compact-%ld", ix->path, (long)getpid());
    if (tmp.oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    rx__ix_remove_index_dir(tmp.ptr);
    int rc = rx_xdb_compact(ix->db, (const char *const *)ix->shards, ix->nshards, tmp.ptr, err);
    if (rc == RX_OK) {
        if (syscall(SYS_renameat2, AT_FDCWD, tmp.ptr, AT_FDCWD, ix->path, RENAME_EXCHANGE) != 0) {
            rc = rx__fail(err, RX_EIO, ix->path, 0,
                          "cannot swap in the compacted index (%s); the uncompacted one is kept",
                          strerror(errno));
        } else {
            ix->stats.compacted = 1;
        }
    }
    /* tmp now holds the old index (or a failed copy): release the lock on it, remove it,
     * and the shards, merged now (or lost to a failed merge: see rx_indexer_finish). In a
     * rebuild, db is the new index's metadata, merged too, and old holds the lock. */
    rx_xdb_free(ix->db);
    ix->db = NULL;
    if (ix->old) {
        rx_xdb_free(ix->old);
        ix->old = NULL;
        rx__ix_remove_rebuild_dir(ix);
    }
    rx__ix_remove_index_dir(tmp.ptr);
    for (size_t i = 0; i < ix->nshards; i++)
        rx__ix_remove_index_dir(ix->shards[i]);
    rx_buf_free(&tmp);
    return rc;
}

/* Creates the next shard of a fresh build: "<path>.shard-N", N counting from 1. */
int rx__ix_new_shard(rx_indexer *ix, rx_xdb **out, rx_error *err)
{
    rx_buf dir = RX_BUF_INIT;
    rx_buf_printf(&dir, "%s.shard-%zu", ix->path, ix->nshards + 1);
    char **v = dir.oom ? NULL : realloc(ix->shards, (ix->nshards + 1) * sizeof *v);
    if (!v) {
        rx_buf_free(&dir);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    ix->shards = v;
    rx__ix_remove_index_dir(dir.ptr);
    ix->shards[ix->nshards++] = rx_buf_detach(&dir, NULL);
    return rx_xdb_open_scratch(out, ix->shards[ix->nshards - 1], err);
}

/* Shard directories left by a killed fresh build: never part of the index. */
void rx__ix_remove_stale_shards(const char *path)
{
    const char *slash = strrchr(path, '/');
    rx_buf parent = RX_BUF_INIT, prefix = RX_BUF_INIT;
    if (slash)
        rx_buf_put(&parent, path, (size_t)(slash - path) + (slash == path));
    else
        rx_buf_putc(&parent, '.');
    rx_buf_printf(&prefix, "%s.shard-", slash ? slash + 1 : path);
    DIR *d = parent.oom || prefix.oom ? NULL : opendir(parent.ptr);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix.ptr, prefix.len) != 0)
            continue;
        rx_buf dir = RX_BUF_INIT;
        rx_buf_printf(&dir, "%s/%s", parent.ptr, e->d_name);
        if (!dir.oom)
            rx__ix_remove_index_dir(dir.ptr);
        rx_buf_free(&dir);
    }
    if (d)
        closedir(d);
    rx_buf_free(&parent);
    rx_buf_free(&prefix);
}
