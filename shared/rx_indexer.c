/*
 * rx_indexer.c: a corpus tree into the index, incrementally.
 *
 * Each monograph is one document identified by "Q" + its path relative to the corpus
 * root. A file whose size and mtime match the stored signature is skipped; documents
 * whose files were not seen in this run are deleted at the end. Changes are committed
 * every opts.batch documents and once at the end, so a killed run leaves the last
 * committed state and a rerun completes it.
 *
 * A fresh build (an empty index) is different: it writes shards in parallel, each thread
 * parsing and writing its own, and the final compaction merges them into the index; a
 * killed fresh build leaves the index empty and the next run starts it again.
 *
 * An index written by another stemmer or format is rebuilt the same way: every file goes
 * into new shards while the old index stays open (its lock held) and searchable, and the
 * final compaction exchanges the new index for it in one rename.
 */
#include "rx.h"
#include "rx_buf.h"
#include "rx_docdata.h"
#include "rx_error.h"
#include "rx_section.h"
#include "rx_spell.h"
#include "rx_strmap.h"
#include "rx_synonyms.h"
#include "rx_termgen.h"
#include "rx_walk.h"
#include "rx_xapian.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    DEFAULT_BATCH = 500,  /* documents per commit */
    DEFAULT_SHARD = 2500, /* documents per shard of a fresh build */
    /* Documents a lane writes to its shard between commits: Xapian's writer spends less per
     * document on small batches (125 rather than 500: the 10k build 17.6 -> 15.9 s, the
     * 100k build 190 -> 170 s, with unsynced shards); a shard is scratch, so its commits
     * need not be durable (--batch is for the index itself). */
    LANE_BATCH = 125,
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

static void job_free(job *j)
{
    free(j->full);
    free(j->rel);
    free(j->id);
    rx_doc_free(j->doc);
    rx_xdoc_free(j->xdoc);
    rx_strmap_free(&j->spell);
    memset(j, 0, sizeof *j);
}

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
    rx_index_stats stats;
    unsigned pending; /* documents since the last commit */
    unsigned done;    /* files handled, for progress */
    struct job *jobs; /* slots of files waiting to be parsed and written */
    size_t njobs, cap;
};

static void report(rx_indexer *ix, int is_error, const rx_error *e)
{
    if (ix->opts.report)
        ix->opts.report(ix->opts.payload, is_error, e);
}

static int load_id(void *payload, const char *term, size_t len, const char *value, size_t vlen)
{
    rx_indexer *ix = payload;
    rx_strmap_entry *e = rx_strmap_put(&ix->ids, term, len);
    if (!e)
        return RX_ENOMEM;
    e->value = rx_hash(value, vlen);
    return 0;
}

static void remove_stale_shards(const char *path);
static int lane_init(rx_indexer *ix, unsigned i, rx_error *err);
static void remove_index_dir(const char *dir);

/* "<path>.rebuild": the new index of a rebuild, or what a killed one left. */
static void rebuild_dir(const rx_indexer *ix, rx_buf *dir)
{
    rx_buf_printf(dir, "%s.rebuild", ix->path);
}

static void remove_rebuild_dir(rx_indexer *ix)
{
    rx_buf dir = RX_BUF_INIT;
    rebuild_dir(ix, &dir);
    if (!dir.oom)
        remove_index_dir(dir.ptr);
    rx_buf_free(&dir);
}

/* Keeps the index open (and locked) as ix->old and starts an empty one beside it. */
static int start_rebuild(rx_indexer *ix, rx_error *why, rx_error *err)
{
    rx_buf dir = RX_BUF_INIT;
    rebuild_dir(ix, &dir);
    if (dir.oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    remove_index_dir(dir.ptr); /* a killed rebuild's: ours now, the lock being held */
    ix->old = ix->db;
    ix->db = NULL;
    int rc = rx_xdb_open(&ix->db, dir.ptr, err);
    rx_buf_free(&dir);
    if (rc == RX_OK) {
        char msg[sizeof why->msg];
        snprintf(msg, sizeof msg, "%s", why->msg);
        rx__fail(why, RX_OK, ix->path, 0,
                 "%s: rebuilding it in full (the old index stays until the new one replaces it)",
                 msg);
        report(ix, 0, why);
    }
    return rc;
}

/* The did-you-mean list the index has, which each commit extends; a damaged one is a
 * reason to rebuild (why), as its words could not be kept. */
static int load_spelling(rx_indexer *ix, rx_error *why, rx_error *err)
{
    char *list = NULL;
    size_t len = 0;
    int rc = rx_xdb_get_metadata(ix->db, RX_META_SPELLING, &list, &len, err);
    if (rc == RX_OK && rx__spell_check(list, len) != RX_OK)
        rx__fail(why, RX_OK, ix->path, 0, "index is corrupt (bad %s)", RX_META_SPELLING);
    else if (rc == RX_OK && (rx_buf_put(&ix->spell_list, list, len), ix->spell_list.oom))
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    free(list);
    return rc;
}

/* The passages dictionary the index already has, if any. */
static int load_dict(rx_indexer *ix, const char *path, rx_error *err)
{
    char *dict = NULL;
    size_t len = 0;
    int rc = rx_xdb_get_metadata(ix->db, RX_META_DICT, &dict, &len, err);
    if (rc == RX_OK && len) {
        rc = rx__zstd_use_dict(ix->zstd[0], dict, len);
        if (rc == RX_EINVAL)
            rc = rx__fail(err, RX_ECORRUPT, path, 0, "index is corrupt (bad %s)", RX_META_DICT);
        else if (rc)
            rc = rx__fail(err, rc, NULL, 0, "out of memory");
    }
    if (rc == RX_OK && len) {
        ix->dict = dict;
        ix->dict_len = len;
        ix->dict_stored = ix->zstd_dict[0] = 1;
    } else {
        free(dict);
    }
    return rc;
}

int rx_indexer_open(rx_indexer **out, const char *path, const rx_index_options *opts, rx_error *err)
{
    int rc;
    if (!out || !path)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_indexer_open: bad arguments");
    *out = NULL;
    rx_indexer *ix = calloc(1, sizeof *ix);
    if (!ix)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    rx_index_options defaults = RX_INDEX_OPTIONS_INIT;
    ix->opts = opts ? *opts : defaults;
    ix->path = strdup(path);
    if (!ix->path) {
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    /* "index/" names the same directory as "index", but the compacted copy and the shards
     * are made by appending to the name: they must land beside it, not inside. */
    for (size_t n = strlen(ix->path); n > 1 && ix->path[n - 1] == '/';)
        ix->path[--n] = '\0';
    if (!ix->opts.batch)
        ix->opts.batch = DEFAULT_BATCH;
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        rc = rx__fail(err, RX_EIO, path, 0, "cannot create the index directory: %s",
                      strerror(errno));
        goto fail;
    }
    if ((rc = rx_xdb_open(&ix->db, path, err)) != RX_OK)
        goto fail;
    if ((rc = lane_init(ix, 0, err)) != RX_OK)
        goto fail;
    /* An index built with another stemmer would silently stop matching: refuse it. */
    char *stemmer = NULL;
    size_t slen = 0;
    if ((rc = rx_xdb_get_metadata(ix->db, "rx:stemmer", &stemmer, &slen, err)) != RX_OK)
        goto fail;
    if (slen) {
        /* Mixing weighted and flat documents would make both rankings meaningless. */
        char *flat = NULL;
        size_t flen = 0;
        rc = rx_xdb_get_metadata(ix->db, "rx:flat", &flat, &flen, err);
        int was_flat = rc == RX_OK && flen == 1 && flat[0] == '1';
        free(flat);
        if (rc == RX_OK && was_flat != (ix->opts.flat != 0))
            rc = rx__fail(err, RX_EINVAL, path, 0,
                          was_flat ? "index was built with --flat: keep --flat or use a new "
                                     "directory"
                                   : "index was built with section weights: --flat needs a "
                                     "new directory");
        if (rc) {
            free(stemmer);
            goto fail;
        }
    }
    /* An index this build cannot update (another stemmer would silently stop matching;
     * another format cannot be read) is rebuilt in full. */
    char *format = NULL;
    size_t flen = 0;
    rx_error why = {0};
    if (slen && (rc = rx_xdb_get_metadata(ix->db, "rx:format", &format, &flen, err)) == RX_OK) {
        if (strcmp(format, RX_INDEX_FORMAT) != 0)
            rx__fail(&why, RX_OK, path, 0, "index has format %s, this build writes format %s",
                     flen ? format : "1", RX_INDEX_FORMAT);
        else if (strcmp(stemmer, rx_stemmer_id()) != 0)
            rx__fail(&why, RX_OK, path, 0,
                     "index was built with stemmer '%s', this build uses '%s'", stemmer,
                     rx_stemmer_id());
    }
    free(format);
    free(stemmer);
    if (rc == RX_OK && slen && !why.msg[0])
        rc = load_spelling(ix, &why, err);
    if (rc == RX_OK && why.msg[0])
        rc = start_rebuild(ix, &why, err);
    if (rc)
        goto fail;
    if ((rc = load_dict(ix, path, err)) != RX_OK)
        goto fail;
    if ((rc = rx_xdb_foreach_term(ix->db, RX_PREFIX_ID, RX_SLOT_SIGNATURE, load_id, ix, err)))
        goto fail;
    /* The lock is ours: no other indexer can be writing shards of this index. */
    remove_stale_shards(path);
    if (!ix->old)
        remove_rebuild_dir(ix);
    if (!ix->opts.shard)
        ix->opts.shard = DEFAULT_SHARD;
    ix->sharding = ix->ids.count == 0 && (ix->opts.compact >= 0 || ix->old);
    ix->lanes = ix->opts.threads;
    if (!ix->lanes) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        ix->lanes = cpus > 0 ? (unsigned)cpus : 1;
    }
    if (ix->lanes > MAX_LANES)
        ix->lanes = MAX_LANES;
    ix->cap = ix->sharding ? (size_t)ix->lanes * ix->opts.shard : JOBS;
    if (!(ix->jobs = calloc(ix->cap, sizeof *ix->jobs))) {
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    *out = ix;
    return RX_OK;
fail:
    if (err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
    rx_indexer_free(ix);
    return rc;
}

void rx_indexer_free(rx_indexer *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->njobs; i++)
        job_free(&ix->jobs[i]);
    free(ix->jobs);
    rx_xdb_free(ix->db);
    rx_xdb_free(ix->old);
    free(ix->path);
    for (unsigned i = 0; i <= OWN_SLOT; i++) {
        if (ix->slot_ready[i]) {
            rx__termgen_clear(&ix->tg[i]);
            rx__zstd_free(ix->zstd[i]);
        }
    }
    free(ix->dict);
    rx__zstd_free(ix->zold);
    for (size_t i = 0; i < ix->nshards; i++)
        free(ix->shards[i]);
    free(ix->shards);
    rx_strmap_free(&ix->ids);
    rx_strmap_free(&ix->inodes);
    rx_strmap_free(&ix->sections);
    rx_strmap_free(&ix->spelling);
    rx_buf_free(&ix->spell_list);
    free(ix);
}

static int commit(rx_indexer *ix, rx_error *err)
{
    /* The batch's words join the did-you-mean list, which commits with the documents. */
    if (ix->spelling.count) {
        if (rx__spell_merge(&ix->spell_list, &ix->spelling) != RX_OK)
            return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        int rc = rx_xdb_set_metadata(ix->db, RX_META_SPELLING, ix->spell_list.ptr,
                                     ix->spell_list.len, err);
        if (rc)
            return rc;
    }
    rx_strmap_free(&ix->spelling);
    ix->pending = 0;
    return rx_xdb_commit(ix->db, err);
}

/* Creates the next shard of a fresh build: "<path>.shard-N", N counting from 1. */
static int new_shard(rx_indexer *ix, rx_xdb **out, rx_error *err)
{
    rx_buf dir = RX_BUF_INIT;
    rx_buf_printf(&dir, "%s.shard-%zu", ix->path, ix->nshards + 1);
    char **v = dir.oom ? NULL : realloc(ix->shards, (ix->nshards + 1) * sizeof *v);
    if (!v) {
        rx_buf_free(&dir);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    ix->shards = v;
    remove_index_dir(dir.ptr);
    ix->shards[ix->nshards++] = rx_buf_detach(&dir, NULL);
    return rx_xdb_open_scratch(out, ix->shards[ix->nshards - 1], err);
}

/* Shard directories left by a killed fresh build: never part of the index. */
static void remove_stale_shards(const char *path)
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
            remove_index_dir(dir.ptr);
        rx_buf_free(&dir);
    }
    if (d)
        closedir(d);
    rx_buf_free(&parent);
    rx_buf_free(&prefix);
}

static int remember_doc(rx_indexer *ix, const rx_doc *doc, rx_strmap *spell)
{
    for (size_t i = 0; i < doc->npassages; i++) {
        const char *s = doc->passages[i].section;
        if (!rx_strmap_put(&ix->sections, s, strlen(s)))
            return RX_ENOMEM;
    }
    for (size_t i = 0; i < spell->cap; i++) {
        rx_strmap_entry *e = &spell->slots[i];
        if (!e->key)
            continue;
        rx_strmap_entry *s = rx_strmap_put(&ix->spelling, e->key, e->len);
        if (!s)
            return RX_ENOMEM;
        s->value += e->value;
    }
    return RX_OK;
}

/* Accounts for a document written (to db, or to a lane's shard when db is NULL): its
 * sections and did-you-mean words, the signature its id now has, and the commit that
 * every opts.batch documents written to db make. */
static int account(rx_indexer *ix, const char *id, const rx_doc *doc, rx_strmap *spell,
                   const char *sig, size_t siglen, rx_xdb *db, rx_error *err)
{
    if (remember_doc(ix, doc, spell) != RX_OK)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    rx_strmap_get(&ix->ids, id, strlen(id))->value = rx_hash(sig, siglen);
    return db && ++ix->pending >= ix->opts.batch ? commit(ix, err) : RX_OK;
}

/* Readies zold for the records the index had before this run: an update's share the
 * index's dictionary; a rebuild's are the old index's, with the dictionary it has. */
static int zold_init(rx_indexer *ix)
{
    if (!ix->zold && !(ix->zold = rx__zstd_new()))
        return RX_ENOMEM;
    if (ix->zold_ready)
        return RX_OK;
    int rc = RX_OK;
    if (ix->old) {
        char *dict = NULL;
        size_t len = 0;
        rx_error ignored = {0};
        if (rx_xdb_get_metadata(ix->old, RX_META_DICT, &dict, &len, &ignored) == RX_OK && len)
            rc = rx__zstd_use_dict(ix->zold, dict, len);
        free(dict);
        ix->zold_ready = rc != RX_ENOMEM; /* a bad one: its records read as unreadable */
    } else if (ix->dict) {
        rc = rx__zstd_use_dict(ix->zold, ix->dict, ix->dict_len);
        ix->zold_ready = rc != RX_ENOMEM;
    }
    return rc == RX_ENOMEM ? rc : RX_OK;
}

/* The record the index had for id before this run (in a rebuild, the old index's),
 * decoded into st with its strings in a; sig, when given, gets its signature.
 * RX_ENOTFOUND when there is none, RX_ECORRUPT when it cannot be read (another format),
 * RX_ENOMEM. */
static int read_old_record(rx_indexer *ix, const char *id, rx_stored *st, rx_buf *sig, rx_arena *a)
{
    rx_xdb *db = ix->old ? ix->old : ix->db;
    char *data = NULL, *passages = NULL, *s = NULL;
    size_t dlen = 0, plen = 0, slen = 0;
    rx_error ignored = {0};
    int rc = rx_xdb_record(db, id, strlen(id), RX_SLOT_PASSAGES, &data, &dlen, &passages, &plen,
                           &ignored);
    if (rc == RX_OK && sig) {
        free(data);
        data = NULL;
        rc =
            rx_xdb_record(db, id, strlen(id), RX_SLOT_SIGNATURE, &data, &dlen, &s, &slen, &ignored);
    }
    if (rc == RX_OK && sig && (rx_buf_put(sig, s, slen), sig->oom))
        rc = RX_ENOMEM;
    if (rc == RX_OK)
        rc = zold_init(ix);
    if (rc == RX_OK && (rx__docdata_decode(st, data, dlen, a) != RX_OK ||
                        rx__passages_decode(ix->zold, st, passages, plen, a) != RX_OK))
        rc = RX_ECORRUPT;
    if (rc != RX_OK && rc != RX_ENOMEM && rc != RX_ENOTFOUND && rc != RX_ECORRUPT)
        rc = RX_ECORRUPT; /* a read error: nothing to be had from it either */
    free(data);
    free(passages);
    free(s);
    return rc;
}

/* Counts the did-you-mean words of the record the index has under id out of the list
 * (its next commit drops a word no document has any more), for a document about to be
 * replaced or removed. A record that cannot be read stays counted; RX_OK or RX_ENOMEM. */
static int forget_spelling(rx_indexer *ix, const char *id, rx_error *err)
{
    rx_arena *a = rx_arena_new();
    rx_stored st;
    int rc = a ? read_old_record(ix, id, &st, NULL, a) : RX_ENOMEM;
    if (rc == RX_OK) {
        rc = rx__termgen_spell_words(&ix->spelling, "title", st.title, strlen(st.title), -1);
        for (size_t i = 0; i < st.nbrands && !rc; i++)
            rc = rx__termgen_spell_words(&ix->spelling, "brand", st.brands[i], strlen(st.brands[i]),
                                         -1);
        for (size_t i = 0; i < st.npassages && !rc; i++)
            rc = rx__termgen_spell_words(&ix->spelling, st.passages[i].section, st.passages[i].text,
                                         st.passages[i].text_len, -1);
    }
    rx_arena_free(a);
    return rc == RX_ENOMEM ? rx__fail(err, rc, NULL, 0, "out of memory") : RX_OK;
}

static int parse(job *j)
{
    if (!j->parsed) {
        j->parsed = 1;
        j->prc = rx_doc_parse_file(&j->doc, j->full, &j->perr);
    }
    return j->prc;
}

/* Readies the termgen and zstd context of slot i, with the dictionary if there is one. */
static int lane_init(rx_indexer *ix, unsigned i, rx_error *err)
{
    if (!ix->slot_ready[i]) {
        int rc = rx__termgen_init(&ix->tg[i], err);
        if (rc)
            return rc;
        ix->tg[i].flat = ix->opts.flat;
        if (!(ix->zstd[i] = rx__zstd_new())) {
            rx__termgen_clear(&ix->tg[i]);
            return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        }
        ix->slot_ready[i] = 1;
    }
    if (ix->dict && !ix->zstd_dict[i]) {
        int rc = rx__zstd_use_dict(ix->zstd[i], ix->dict, ix->dict_len);
        if (rc)
            return rx__fail(err, rc, NULL, 0, "cannot load the passages dictionary");
        ix->zstd_dict[i] = 1;
    }
    return RX_OK;
}

/* Before the first document of an index without a dictionary: parse the first files of
 * this batch and train one on them (too few documents: try again next batch, or next
 * run). Runs on the thread that prepares documents, or before any is started. */
static void make_dict(rx_indexer *ix, job *jobs, size_t n)
{
    if (ix->dict)
        return;
    n = n < JOBS ? n : JOBS;
    const rx_doc **docs = malloc((n ? n : 1) * sizeof *docs);
    size_t nd = 0;
    for (size_t i = 0; docs && i < n; i++)
        if (parse(&jobs[i]) == RX_OK)
            docs[nd++] = jobs[i].doc;
    if (docs && rx__passages_train(docs, nd, &ix->dict, &ix->dict_len) != RX_OK)
        ix->dict = NULL;
    free(docs);
}

/* The index document of doc (path rel, id term id, file signature sig): its terms, data
 * and passages, built with the termgen and zstd context of one slot; the termgen keeps
 * the document's did-you-mean words. */
static int build(rx_indexer *ix, unsigned slot, const rx_doc *doc, const char *rel, const char *id,
                 const char *sig, size_t siglen, rx_xdoc **out, rx_error *err)
{
    rx_buf data = RX_BUF_INIT;
    int rc = rx_xdoc_new(out, err);
    if (!rc)
        rc = rx__termgen_doc(&ix->tg[slot], doc, *out, err);
    if (!rc)
        rc = rx_xdoc_add_boolean(*out, id, strlen(id), err);
    if (!rc)
        rc = rx_xdoc_set_value(*out, RX_SLOT_SIGNATURE, sig, siglen, err);
    if (!rc) {
        rx__docdata_encode(&data, doc, rel);
        rc = data.oom ? rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory")
                      : rx_xdoc_set_data(*out, data.ptr, data.len, err);
    }
    if (!rc) {
        rx_buf_clear(&data);
        rc = rx__passages_encode(ix->zstd[slot], &data, doc)
                 ? rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory")
                 : rx_xdoc_set_value(*out, RX_SLOT_PASSAGES, data.ptr, data.len, err);
    }
    rx_buf_free(&data);
    return rc;
}

/* Puts the passages dictionary, once there is one, into db's metadata: committed with (or
 * before) the first records compressed with it. */
static int store_dict(rx_indexer *ix, rx_xdb *db, rx_error *err)
{
    if (!ix->dict || ix->dict_stored)
        return RX_OK;
    int rc = rx_xdb_set_metadata(db, RX_META_DICT, ix->dict, ix->dict_len, err);
    ix->dict_stored = rc == RX_OK;
    return rc;
}

/* Parses and builds the document with the termgen and zstd context of one slot. */
static void prepare(rx_indexer *ix, unsigned slot, job *j)
{
    int rc = parse(j);
    if (rc != RX_OK) {
        if (rc == RX_ENOMEM) {
            j->rc = rc;
            j->err = j->perr;
        }
        return; /* reported by the writer, in order */
    }
    rc = build(ix, slot, j->doc, j->rel, j->id, j->sig, (size_t)j->siglen, &j->xdoc, &j->err);
    /* The document's words move to the job; the termgen starts the next one empty. */
    rx_termgen *tg = &ix->tg[slot];
    j->spell = tg->spell;
    memset(&tg->spell, 0, sizeof tg->spell);
    j->rc = rc;
}

/* The document a stored record describes: everything the termgen and the record
 * encoders read (title, brands, banned flag, the description first among the passages). */
static rx_doc doc_of_record(const rx_stored *st)
{
    rx_doc doc = {.title = st->title,
                  .description = "",
                  .is_banned = st->is_banned,
                  .last_modified = "",
                  .classification = "",
                  .brands = st->brands,
                  .nbrands = st->nbrands,
                  .passages = st->passages,
                  .npassages = st->npassages};
    if (doc.npassages && strcmp(doc.passages[0].section, "description") == 0) {
        doc.description = doc.passages[0].text;
        doc.passages++;
        doc.npassages--;
    }
    return doc;
}

/*
 * In a rebuild, a file that does not parse now keeps the document the old index has for
 * it, as an update keeps the old version: re-indexed from its stored record (title,
 * brands, passages: all the termgen reads) into the rebuild's own database, which the
 * final compaction merges with the shards. Its old signature stays, so the next run tries
 * the file again. A record of another format cannot be read: the file then leaves the
 * index, with a warning.
 */
static int keep_old(rx_indexer *ix, job *j, rx_error *err)
{
    rx_arena *a = rx_arena_new();
    rx_buf sig = RX_BUF_INIT;
    rx_xdoc *xdoc = NULL;
    rx_stored st;
    int rc = a ? read_old_record(ix, j->id, &st, &sig, a) : RX_ENOMEM;
    if (rc == RX_ECORRUPT) {
        rx_error w = {0};
        rx__fail(&w, RX_OK, j->full, 0,
                 "warning: its indexed version cannot be read to carry it into the rebuilt "
                 "index: the file leaves the index until it parses");
        report(ix, 0, &w);
    }
    if (rc == RX_ENOTFOUND || rc == RX_ECORRUPT) {
        rc = RX_OK;
        goto done;
    }
    if (rc) {
        rc = rx__fail(err, rc, NULL, 0, "out of memory");
        goto done;
    }
    rx_doc doc = doc_of_record(&st);
    rc = lane_init(ix, OWN_SLOT, err);
    if (!rc)
        rc = store_dict(ix, ix->db, err);
    if (!rc)
        rc = build(ix, OWN_SLOT, &doc, st.path, j->id, sig.ptr ? sig.ptr : "", sig.len, &xdoc, err);
    if (!rc)
        rc = rx_xdb_replace(ix->db, j->id, strlen(j->id), xdoc, err);
    if (!rc)
        rc = account(ix, j->id, &doc, &ix->tg[OWN_SLOT].spell, sig.ptr, sig.len, ix->db, err);
    rx_strmap_free(&ix->tg[OWN_SLOT].spell);
done:
    rx_xdoc_free(xdoc);
    rx_buf_free(&sig);
    rx_arena_free(a);
    return rc;
}

/* The jobs of one run_jobs() call, shared by the threads that work on them. */
typedef struct batch {
    rx_indexer *ix;
    job *jobs;
    size_t n;
    pthread_mutex_t lock;
    pthread_cond_t ready;
    int stop; /* the caller failed: prepare nothing more */
} batch;

static int stopped(batch *b)
{
    pthread_mutex_lock(&b->lock);
    int stop = b->stop;
    pthread_mutex_unlock(&b->lock);
    return stop;
}

static void stop(batch *b)
{
    pthread_mutex_lock(&b->lock);
    b->stop = 1;
    pthread_mutex_unlock(&b->lock);
}

/* Sets a job's flag (ready, prepared) and wakes the threads waiting for one. */
static void raise_flag(batch *b, int *flag)
{
    pthread_mutex_lock(&b->lock);
    *flag = 1;
    pthread_cond_broadcast(&b->ready);
    pthread_mutex_unlock(&b->lock);
}

static void wait_flag(batch *b, const int *flag)
{
    pthread_mutex_lock(&b->lock);
    while (!*flag)
        pthread_cond_wait(&b->ready, &b->lock);
    pthread_mutex_unlock(&b->lock);
}

/* An update's parsing thread: prepares every job, in order, for the caller to write. */
static void *worker(void *arg)
{
    batch *b = arg;
    rx_error e = {0};
    make_dict(b->ix, b->jobs, b->n);
    if (lane_init(b->ix, 0, &e) != RX_OK) {
        free(b->ix->dict); /* compress without one rather than fail */
        b->ix->dict = NULL;
    }
    for (size_t i = 0; i < b->n; i++) {
        if (!stopped(b))
            prepare(b->ix, 0, &b->jobs[i]);
        raise_flag(b, &b->jobs[i].ready);
    }
    return NULL;
}

/* One thread of a fresh build: prepares its slice of the batch and writes it to a shard
 * of its own, then prepares the last documents of the slices still being written, so a
 * lane that ends early (a slower core, longer files) does not leave its core idle while
 * the others finish: their shards keep the walk's order, since each still writes its own.
 * A write failure goes into the job, for the caller to report. */
typedef struct lane {
    batch *b;
    unsigned slot; /* its termgen and zstd context */
    job *jobs;
    size_t n;
    /* Under b->lock: the lane has taken jobs[0..front) to prepare, and other lanes have
     * taken jobs[back..n). */
    size_t front, back;
    rx_xdb *shard;
    struct lane *all; /* every lane of the batch, this one included */
    size_t nall;
} lane;

/* Takes job i of lane l to prepare; 0 when another lane took it first. */
static int claim(lane *l, size_t i)
{
    pthread_mutex_lock(&l->b->lock);
    int mine = i < l->back;
    l->front = i + 1;
    pthread_mutex_unlock(&l->b->lock);
    return mine;
}

/* The last unclaimed job of the lane with the most left, claimed; NULL when none is. */
static job *claim_from_back(batch *b, lane *lanes, size_t nl)
{
    job *j = NULL;
    pthread_mutex_lock(&b->lock);
    lane *most = NULL;
    size_t left = 0;
    for (size_t i = 0; i < nl && !b->stop; i++)
        if (lanes[i].back > lanes[i].front && lanes[i].back - lanes[i].front > left) {
            left = lanes[i].back - lanes[i].front;
            most = &lanes[i];
        }
    if (most)
        j = &most->jobs[--most->back];
    pthread_mutex_unlock(&b->lock);
    return j;
}

static void *lane_run(void *arg)
{
    lane *l = arg;
    rx_indexer *ix = l->b->ix;
    unsigned pending = 0;
    int failed = 0;
    for (size_t i = 0; i < l->n; i++) {
        job *j = &l->jobs[i];
        if (!failed && !stopped(l->b)) {
            if (claim(l, i)) {
                prepare(ix, l->slot, j);
                raise_flag(l->b, &j->prepared);
            } else {
                wait_flag(l->b, &j->prepared);
            }
            if (!j->rc && j->doc) {
                j->rc = rx_xdb_replace(l->shard, j->id, strlen(j->id), j->xdoc, &j->err);
                if (!j->rc && ++pending >= LANE_BATCH) {
                    j->rc = rx_xdb_commit(l->shard, &j->err);
                    pending = 0;
                }
            }
            if (!j->rc && i + 1 == l->n && pending)
                j->rc = rx_xdb_commit(l->shard, &j->err);
            failed = j->rc != RX_OK;
            rx_xdoc_free(j->xdoc); /* written: its memory can go now */
            j->xdoc = NULL;
        }
        raise_flag(l->b, &j->ready);
    }
    for (job *j; (j = claim_from_back(l->b, l->all, l->nall)) != NULL;) {
        prepare(ix, l->slot, j);
        raise_flag(l->b, &j->prepared);
    }
    return NULL;
}

/* Reports a job, writes its document to db (NULL: a lane wrote it already), and counts
 * it, in the order of the walk. */
static int finish_job(rx_indexer *ix, job *j, rx_xdb *db, rx_error *err)
{
    int rc = j->rc;
    if (rc) {
        *err = j->err;
        goto done;
    }
    if (!j->doc) {
        report(ix, 1, &j->perr);
        ix->stats.failed++;
        /* The old version stays searchable: a bad edit must not lose a monograph. */
        if (ix->old)
            rc = keep_old(ix, j, err);
        goto done;
    }
    for (size_t i = 0; i < j->doc->nwarnings; i++) {
        rx_error w = {0};
        rx__fail(&w, RX_OK, j->full, 0, "warning: %s", j->doc->warnings[i]);
        if (strncmp(j->doc->warnings[i], "line ", 5) == 0)
            w.line = atoi(j->doc->warnings[i] + 5);
        report(ix, 0, &w);
    }
    if (db && (rc = store_dict(ix, db, err)) != RX_OK)
        goto done;
    if (db) {
        const rx_strmap_entry *old = rx_strmap_get(&ix->ids, j->id, strlen(j->id));
        if (old && old->value)
            rc = forget_spelling(ix, j->id, err);
        if (!rc)
            rc = rx_xdb_replace(db, j->id, strlen(j->id), j->xdoc, err);
    }
    if (!rc) {
        ix->stats.indexed++;
        rc = account(ix, j->id, j->doc, &j->spell, j->sig, (size_t)j->siglen, db, err);
    }
done:
    if (rc && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", j->full);
    ix->done++;
    if (ix->opts.progress)
        ix->opts.progress(ix->opts.payload, ix->done, j->rel);
    return rc;
}

/* A fresh build's batch: a slice of up to opts.shard jobs per lane, each lane writing a new
 * shard, while this thread reports and counts the jobs in order. Shards are numbered in
 * the order of their slices, so the merge keeps the walk's document order. */
static int run_lanes(batch *b, rx_error *err)
{
    rx_indexer *ix = b->ix;
    lane lanes[MAX_LANES];
    pthread_t threads[MAX_LANES];
    int started[MAX_LANES] = {0};
    /* Slices of opts.shard jobs; a smaller batch (a small corpus, the last batch) is
     * shared out evenly, so every lane has work. */
    size_t per = (b->n + ix->lanes - 1) / ix->lanes;
    per = per < ix->opts.shard ? per : ix->opts.shard;
    size_t nl = (b->n + per - 1) / per;
    make_dict(ix, b->jobs, b->n);
    int rc = store_dict(ix, ix->db, err);
    for (size_t i = 0; i < nl && !rc; i++) {
        lanes[i] = (lane){.b = b, .slot = (unsigned)i, .jobs = b->jobs + i * per};
        lanes[i].n = lanes[i].back = i + 1 < nl ? per : b->n - i * per;
        rc = lane_init(ix, (unsigned)i, err);
        if (!rc)
            rc = new_shard(ix, &lanes[i].shard, err);
        if (rc)
            nl = i; /* lanes 0..i-1 are ready: they run, then this fails */
    }
    if (rc)
        b->stop = 1; /* the lanes that could start write nothing */
    for (size_t i = 0; i < nl; i++) {
        lanes[i].all = lanes;
        lanes[i].nall = nl;
    }
    for (size_t i = 0; i < nl; i++)
        started[i] = pthread_create(&threads[i], NULL, lane_run, &lanes[i]) == 0;
    for (size_t i = 0; i < nl; i++)
        if (!started[i])
            lane_run(&lanes[i]); /* no thread to be had: do it here, in turn */
    /* The index itself gets only the did-you-mean list: the last batch's words join it
     * while the lanes work. */
    if (!rc && ix->spelling.count && (rc = commit(ix, err)) != RX_OK)
        stop(b);
    for (size_t i = 0; i < nl * per && i < b->n; i++) {
        wait_flag(b, &b->jobs[i].ready);
        if (rc == RX_OK && (rc = finish_job(ix, &b->jobs[i], NULL, err)) != RX_OK)
            stop(b);
        job_free(&b->jobs[i]);
    }
    for (size_t i = 0; i < nl; i++) {
        if (started[i])
            pthread_join(threads[i], NULL);
        rx_xdb_free(lanes[i].shard);
    }
    return rc;
}

/* Runs the queued jobs: a fresh build in lanes; an update, or a fresh build smaller than
 * a shard, with one thread parsing and building documents while this one writes them to
 * the index. (Every shard merged costs a little space: a posting list chunk per term.) */
static int run_jobs(rx_indexer *ix, rx_error *err)
{
    batch b = {.ix = ix, .jobs = ix->jobs, .n = ix->njobs};
    int rc = RX_OK;
    if (b.n == 0)
        return RX_OK;
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.ready, NULL);
    if (ix->sharding && (ix->nshards || b.n >= ix->opts.shard)) {
        rc = run_lanes(&b, err);
    } else {
        pthread_t thread;
        int threaded = pthread_create(&thread, NULL, worker, &b) == 0;
        if (!threaded)
            worker(&b); /* no thread to be had: do it all here, in order */
        for (size_t i = 0; i < b.n; i++) {
            wait_flag(&b, &b.jobs[i].ready);
            if (rc == RX_OK && (rc = finish_job(ix, &b.jobs[i], ix->db, err)) != RX_OK)
                stop(&b);
        }
        if (threaded)
            pthread_join(thread, NULL);
    }
    for (size_t i = 0; i < b.n; i++)
        job_free(&b.jobs[i]);
    ix->njobs = 0;
    pthread_cond_destroy(&b.ready);
    pthread_mutex_destroy(&b.lock);
    return rc;
}

/* Queues one file unless it is unchanged since the last run. */
static int index_file(rx_indexer *ix, const char *full, const char *rel, const struct stat *st,
                      rx_error *err)
{
    char sig[64];
    int siglen = snprintf(sig, sizeof sig, "%lld:%lld.%09ld", (long long)st->st_size,
                          (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec);
    rx_buf id = RX_BUF_INIT;
    rx_buf_puts(&id, RX_PREFIX_ID);
    rx_buf_puts(&id, rel);
    rx_strmap_entry *e = id.oom ? NULL : rx_strmap_put(&ix->ids, id.ptr, id.len);
    if (!e) {
        rx_buf_free(&id);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    int was_indexed = e->value != 0, seen_before = e->mark;
    e->mark = 1;
    if (seen_before) {
        /* Two corpus roots holding the same relative path: the first one wins. */
        rx_error w = {0};
        rx__fail(&w, RX_EINVAL, full, 0, "same id '%s' as a file already indexed; skipped", rel);
        report(ix, 0, &w);
        ix->stats.ignored++;
        rx_buf_free(&id);
        return RX_OK;
    }
    if (was_indexed && !ix->opts.force && e->value == rx_hash(sig, (size_t)siglen)) {
        ix->stats.skipped++;
        ix->done++;
        rx_buf_free(&id);
        return RX_OK;
    }
    job *j = &ix->jobs[ix->njobs];
    memset(j, 0, sizeof *j);
    j->full = malloc(strlen(full) + 1);
    j->rel = malloc(strlen(rel) + 1);
    j->id = rx_buf_detach(&id, NULL);
    memcpy(j->sig, sig, sizeof sig);
    j->siglen = siglen;
    if (!j->full || !j->rel || !j->id) {
        job_free(j);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    strcpy(j->full, full);
    strcpy(j->rel, rel);
    ix->njobs++;
    return ix->njobs == ix->cap ? run_jobs(ix, err) : RX_OK;
}

static int on_file(void *payload, const char *full, const char *rel, const struct stat *st,
                   rx_error *err)
{
    return index_file(payload, full, rel, st, err);
}

static void on_skipped(void *payload, rx_walk_skip why, const rx_error *e)
{
    rx_indexer *ix = payload;
    report(ix, why == RX_WALK_FAILED, e);
    if (why == RX_WALK_FAILED)
        ix->stats.failed++;
    else if (why == RX_WALK_IGNORED)
        ix->stats.ignored++;
}

int rx_indexer_add_tree(rx_indexer *ix, const char *root, rx_error *err)
{
    if (!ix || !root)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_indexer_add_tree: bad arguments");
    rx_walk_ops ops = {.payload = ix, .file = on_file, .skipped = on_skipped};
    int rc = rx__walk(root, &ix->inodes, &ops, err);
    return rc == RX_OK ? run_jobs(ix, err) : rc;
}

static int write_metadata(rx_indexer *ix, rx_error *err)
{
    rx_buf list = RX_BUF_INIT;
    char *old = NULL;
    size_t oldlen = 0;
    int rc = rx_xdb_get_metadata(ix->db, "rx:sections", &old, &oldlen, err);
    if (rc)
        return rc;
    /* Union with the sections already recorded: skipped documents were not parsed. */
    for (char *s = old, *next; s && *s; s = next) {
        next = strchr(s, ',');
        size_t n = next ? (size_t)(next - s) : strlen(s);
        if (n && !rx_strmap_put(&ix->sections, s, n))
            list.oom = 1;
        next = next ? next + 1 : NULL;
    }
    free(old);
    for (size_t i = 0; i < ix->sections.cap; i++) {
        rx_strmap_entry *e = &ix->sections.slots[i];
        if (!e->key)
            continue;
        if (list.len)
            rx_buf_putc(&list, ',');
        rx_buf_put(&list, e->key, e->len);
    }
    if (list.oom)
        rc = rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    if (!rc)
        rc = rx_xdb_set_metadata(ix->db, "rx:sections", list.ptr, list.len, err);
    const char *stemmer = rx_stemmer_id();
    if (!rc)
        rc = rx_xdb_set_metadata(ix->db, "rx:stemmer", stemmer, strlen(stemmer), err);
    if (!rc)
        rc =
            rx_xdb_set_metadata(ix->db, "rx:format", RX_INDEX_FORMAT, strlen(RX_INDEX_FORMAT), err);
    if (!rc)
        rc = rx_xdb_set_metadata(ix->db, "rx:flat", ix->opts.flat ? "1" : "0", 1, err);
    rx_buf_free(&list);
    return rc;
}

/* The synonym table file, loaded again when it changed (its hash is kept in the index).
 * Brands need no entries: a query reads a brand's title from its monograph (rx_compile.c). */
static int write_synonyms(rx_indexer *ix, rx_error *err)
{
    char sig[32] = "none", *old = NULL;
    size_t oldlen = 0, len = 0;
    if (ix->opts.synonyms_path) {
        FILE *f = fopen(ix->opts.synonyms_path, "rb");
        rx_buf content = RX_BUF_INIT;
        char chunk[8192];
        while (f && (len = fread(chunk, 1, sizeof chunk, f)) > 0)
            rx_buf_put(&content, chunk, len);
        if (f)
            fclose(f);
        snprintf(sig, sizeof sig, "%s:%016llx", RX_SYNONYM_SCHEME,
                 (unsigned long long)rx_hash(content.ptr ? content.ptr : "", content.len));
        rx_buf_free(&content);
    }
    int rc = rx_xdb_get_metadata(ix->db, "rx:synonyms", &old, &oldlen, err);
    int changed = rc == RX_OK && strcmp(old, sig) != 0;
    free(old);
    if (!rc && changed)
        rc = rx_xdb_clear_all_synonyms(ix->db, err);
    if (!rc && changed && ix->opts.synonyms_path)
        rc = rx__synonyms_load(ix->db, ix->opts.synonyms_path, ix->opts.report, ix->opts.payload,
                               err);
    else if (!rc && changed)
        rc = rx_xdb_set_metadata(ix->db, RX_META_LAYWORDS, "", 0, err);
    if (!rc && changed)
        rc = rx_xdb_set_metadata(ix->db, "rx:synonyms", sig, strlen(sig), err);
    return rc;
}

/* Removes a directory of plain files (a Xapian glass index). */
static void remove_index_dir(const char *dir)
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
static int compact_and_swap(rx_indexer *ix, rx_error *err)
{
    rx_buf tmp = RX_BUF_INIT;
    rx_buf_printf(&tmp, "%s.compact-%ld", ix->path, (long)getpid());
    if (tmp.oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    remove_index_dir(tmp.ptr);
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
        remove_rebuild_dir(ix);
    }
    remove_index_dir(tmp.ptr);
    for (size_t i = 0; i < ix->nshards; i++)
        remove_index_dir(ix->shards[i]);
    rx_buf_free(&tmp);
    return rc;
}

int rx_indexer_finish(rx_indexer *ix, rx_index_stats *stats, rx_error *err)
{
    if (!ix)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_indexer_finish: bad arguments");
    int rc = RX_OK;
    for (size_t i = 0; i < ix->ids.cap && !rc; i++) {
        rx_strmap_entry *e = &ix->ids.slots[i];
        if (!e->key || e->mark)
            continue;
        rc = forget_spelling(ix, e->key, err);
        if (!rc)
            rc = rx_xdb_delete(ix->db, e->key, e->len, err);
        if (!rc)
            ix->stats.removed++;
    }
    if (!rc)
        rc = write_synonyms(ix, err);
    if (!rc)
        rc = write_metadata(ix, err);
    if (!rc)
        rc = commit(ix, err);
    if (!rc && (ix->nshards || ix->old)) {
        /* The shards hold documents the index lacks until they are merged into it. */
        unsigned lost = ix->stats.indexed;
        rc = compact_and_swap(ix, err);
        if (rc) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            rx__fail(err, rc, ix->path, 0,
                     "could not merge the shards of this build (%s): up to %u documents are "
                     "not in the index; run rxindex again",
                     msg, lost);
        }
        if (stats)
            *stats = ix->stats;
        return rc;
    }
    unsigned changed = ix->stats.indexed + ix->stats.removed;
    unsigned total = ix->stats.indexed + ix->stats.skipped;
    if (!rc &&
        (ix->opts.compact > 0 || (ix->opts.compact == 0 && changed && changed * 5 >= total))) {
        /* Everything is committed already: a failed compaction costs space, not data. */
        rx_error cerr = {0};
        if (compact_and_swap(ix, &cerr) != RX_OK) {
            char msg[sizeof cerr.msg];
            snprintf(msg, sizeof msg, "%s", cerr.msg);
            rx__fail(&cerr, RX_OK, ix->path, 0, "warning: not compacted: %s", msg);
            report(ix, 0, &cerr);
        }
    }
    if (stats)
        *stats = ix->stats;
    return rc;
}

int rx_index_check(const char *path, rx_error *err)
{
    if (!path)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_index_check: bad arguments");
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return rx__fail(err, RX_ENOTFOUND, path, 0, "no index directory there");
    int rc = rx_xcheck(path, err);
    /* Xapian checks its tables; the entries only we can read are checked here. */
    rx_xreader *r = NULL;
    char *list = NULL;
    size_t len = 0;
    if (rc == RX_OK && (rc = rx_xreader_open(&r, path, err)) == RX_OK &&
        (rc = rx_xreader_metadata(r, RX_META_SPELLING, &list, &len, err)) == RX_OK &&
        rx__spell_check(list, len) != RX_OK)
        rc = rx__fail(err, RX_ECORRUPT, path, 0, "index is corrupt (bad %s)", RX_META_SPELLING);
    free(list);
    rx_xreader_free(r);
    if (rc && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
    return rc;
}
