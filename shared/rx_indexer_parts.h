/*
 * rx_indexer_parts.h: what the indexer's three files share (private): rx_indexer.c (the
 * public API: the walk, accounting, rebuilds, metadata, the final commit),
 * rx_index_jobs.c (queued files prepared on threads, written in the walk's order) and
 * rx_index_dirs.c (the directories beside the index: shards, rebuilds, the compacted
 * copy swapped in).
 */
#ifndef RX_INDEXER_PARTS_H
#define RX_INDEXER_PARTS_H

#include "rx.h"
#include "rx_buf.h"
#include "rx_docdata.h"
#include "rx_strmap.h"
#include "rx_termgen.h"
#include "rx_xapian.h"

#include <stddef.h>

enum {
    MAX_LANES = 4,        /* threads writing shards at once */
    OWN_SLOT = MAX_LANES, /* the calling thread's termgen and zstd context (see keep_old) */
    JOBS = 128            /* files handed to the parsing thread at a time */
};

/* One file to (re)index: prepared (and in a fresh build written) by a worker thread,
 * accounted for by the caller's, in order. */
typedef struct job {
    char *full, *rel, *id; /* path to read, path relative to the root, "Q" + rel */
    char sig[64];          /* "size:mtime" signature */
    int siglen;
    int parsed; /* parse() ran, with this result: */
    int prc;
    rx_doc *doc;     /* parsed monograph, or NULL when parsing failed */
    rx_error perr;   /* the parse failure */
    rx_xdoc *xdoc;   /* the document, terms and data ready to write */
    rx_strmap spell; /* its words for the did-you-mean list */
    int rc;          /* a fatal failure while preparing (out of memory) */
    rx_error err;
    int ready;    /* set by the worker under the batch's lock */
    int prepared; /* in a fresh build, under the batch's lock (see lane) */
} job;

struct rx_indexer {
    rx_xdb *db;
    char *path; /* index directory */
    /* A rebuild: the index being replaced, open for its lock; db is then "<path>.rebuild",
     * which holds the metadata and synonyms until the compaction merges it with the shards. */
    rx_xdb *old;
    /* A fresh build writes shards, "<path>.shard-N", several at once (Xapian allows one
     * writer per database, not per process), and the final compaction, which runs anyway,
     * merges them in order. Small shards are also faster: Xapian's commits slow down as
     * an index grows (10k monographs into an empty index 38 s, into one of 40k 52 s). */
    int sharding;  /* this run is a fresh build */
    char **shards; /* directories of the shards written so far */
    size_t nshards;
    unsigned lanes; /* threads writing shards at once */
    /* One termgen and zstd context per thread preparing documents: slot 0 is the parsing
     * thread's in an update; in a fresh build, slot i is lane i's; OWN_SLOT the caller's. */
    rx_termgen tg[OWN_SLOT + 1];
    rx_zstd *zstd[OWN_SLOT + 1];
    int zstd_dict[OWN_SLOT + 1];  /* zstd[i] has the dictionary */
    int slot_ready[OWN_SLOT + 1]; /* tg[i] and zstd[i] are initialised */
    char *dict;                   /* the passages' zstd dictionary, or NULL */
    size_t dict_len;
    int dict_stored; /* the index has it (or will with the next commit) */
    /* This thread's, for the records the index had before this run (of documents replaced
     * or removed; in a rebuild, the old index's, with its own dictionary). */
    rx_zstd *zold;
    int zold_ready; /* zold has the dictionary of those records, if they have one */
    rx_index_options opts;
    rx_strmap ids;      /* id term -> hash of signature; mark = seen in this run */
    rx_strmap inodes;   /* "dev:ino" of files and directories seen, against link loops */
    rx_strmap sections; /* section ids met, for the field list in the metadata */
    rx_strmap spelling; /* this batch's words -> occurrences, merged at each commit */
    rx_buf spell_list;  /* the index's did-you-mean list (rx_spell.h) with them */
    int spell_unsaved;  /* spell_list has words the index's metadata lacks */
    rx_index_stats stats;
    unsigned pending; /* documents since the last commit */
    unsigned done;    /* files handled, for progress */
    struct job *jobs; /* slots of files waiting to be parsed and written */
    size_t njobs, cap;
};

/* rx_indexer.c */

/* Joins the batch's words to the did-you-mean list in memory. */
int rx__ix_merge_spelling(rx_indexer *ix, rx_error *err);
/* Commits the index, with the batch's words joined to its did-you-mean list. */
int rx__ix_commit(rx_indexer *ix, rx_error *err);
/* Reports a prepared job, writes its document to db (NULL: a lane wrote it already) and
 * accounts for it, in the order of the walk. */
int rx__ix_finish_job(rx_indexer *ix, job *j, rx_xdb *db, rx_error *err);

/* rx_index_jobs.c */

void rx__ix_job_free(job *j);
/* Readies the termgen and zstd context of slot i, with the dictionary if there is one. */
int rx__ix_slot_init(rx_indexer *ix, unsigned i, rx_error *err);
/* The index document of doc (path rel, id term id, file signature sig) into *out, built
 * with the termgen and zstd context of one slot; the termgen keeps its did-you-mean words. */
int rx__ix_build(rx_indexer *ix, unsigned slot, const rx_doc *doc, const char *rel, const char *id,
                 const char *sig, size_t siglen, rx_xdoc **out, rx_error *err);
/* Puts the passages dictionary, once there is one, into db's metadata. */
int rx__ix_store_dict(rx_indexer *ix, rx_xdb *db, rx_error *err);
/* Prepares, writes and accounts for the queued jobs, then empties the queue. */
int rx__ix_run_jobs(rx_indexer *ix, rx_error *err);

/* rx_index_dirs.c */

/* "<path>.rebuild": the new index of a rebuild, or what a killed one left. */
void rx__ix_rebuild_dir(const rx_indexer *ix, rx_buf *dir);
void rx__ix_remove_rebuild_dir(rx_indexer *ix);
/* Removes a directory of plain files (a Xapian glass index). */
void rx__ix_remove_index_dir(const char *dir);
/* Creates the next shard of a fresh build: "<path>.shard-N", N counting from 1. */
int rx__ix_new_shard(rx_indexer *ix, rx_xdb **out, rx_error *err);
/* Shard directories left by a killed fresh build: never part of the index. */
void rx__ix_remove_stale_shards(const char *path);
/* Compacts db (and the shards, and in a rebuild the old index's replacement) into a copy
 * swapped in for the index in one rename; RX_OK sets stats.compacted. */
int rx__ix_compact_and_swap(rx_indexer *ix, rx_error *err);

#endif
