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
#include "rx_indexer_parts.h"
#include "rx_section.h"
#include "rx_spell.h"
#include "rx_strmap.h"
#include "rx_synonyms.h"
#include "rx_walk.h"
#include "rx_xapian.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    DEFAULT_BATCH = 500,  /* documents per commit */
    DEFAULT_SHARD = 2500, /* documents per shard of a fresh build */
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

/* Keeps the index open (and locked) as ix->old and starts an empty one beside it. */
static int start_rebuild(rx_indexer *ix, rx_error *why, rx_error *err)
{
    rx_buf dir = RX_BUF_INIT;
    rx__ix_rebuild_dir(ix, &dir);
    if (dir.oom)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    rx__ix_remove_index_dir(dir.ptr); /* a killed rebuild's: ours now, the lock being held */
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
    if ((rc = rx__ix_slot_init(ix, 0, err)) != RX_OK)
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
    rx__ix_remove_stale_shards(path);
    if (!ix->old)
        rx__ix_remove_rebuild_dir(ix);
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
        rx__ix_job_free(&ix->jobs[i]);
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

int rx__ix_merge_spelling(rx_indexer *ix, rx_error *err)
{
    if (ix->spelling.count) {
        if (rx__spell_merge(&ix->spell_list, &ix->spelling) != RX_OK)
            return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
        ix->spell_unsaved = 1;
    }
    rx_strmap_free(&ix->spelling);
    return RX_OK;
}

int rx__ix_commit(rx_indexer *ix, rx_error *err)
{
    /* The batch's words join the did-you-mean list, which commits with the documents. */
    int rc = rx__ix_merge_spelling(ix, err);
    if (!rc && ix->spell_unsaved)
        rc = rx_xdb_set_metadata(ix->db, RX_META_SPELLING, ix->spell_list.ptr, ix->spell_list.len,
                                 err);
    if (rc)
        return rc;
    ix->spell_unsaved = 0;
    ix->pending = 0;
    return rx_xdb_commit(ix->db, err);
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
    return db && ++ix->pending >= ix->opts.batch ? rx__ix_commit(ix, err) : RX_OK;
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

/* The document a stored record describes: everything the termgen and the record
 * encoders read (title, brands, banned flag, the description first among the passages,
 * the class row of Usage), its strings in a or in st. */
static rx_doc doc_of_record(const rx_stored *st, rx_arena *a)
{
    size_t len = 0;
    const char *row = rx__stored_class_row(st, &len);
    const char *classification = row ? rx_arena_strndup(a, row, len) : NULL;
    rx_doc doc = {.title = st->title,
                  .description = "",
                  .is_banned = st->is_banned,
                  .last_modified = "",
                  .classification = classification ? classification : "",
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
    rx_doc doc = doc_of_record(&st, a);
    rc = rx__ix_slot_init(ix, OWN_SLOT, err);
    if (!rc)
        rc = rx__ix_store_dict(ix, ix->db, err);
    if (!rc)
        rc = rx__ix_build(ix, OWN_SLOT, &doc, st.path, j->id, sig.ptr ? sig.ptr : "", sig.len,
                          &xdoc, err);
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

/* Reports a job, writes its document to db (NULL: a lane wrote it already), and counts
 * it, in the order of the walk. */
int rx__ix_finish_job(rx_indexer *ix, job *j, rx_xdb *db, rx_error *err)
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
    if (db && (rc = rx__ix_store_dict(ix, db, err)) != RX_OK)
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
        rx__ix_job_free(j);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    strcpy(j->full, full);
    strcpy(j->rel, rel);
    ix->njobs++;
    return ix->njobs == ix->cap ? rx__ix_run_jobs(ix, err) : RX_OK;
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
    return rc == RX_OK ? rx__ix_run_jobs(ix, err) : rc;
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
        rc = rx__ix_commit(ix, err);
    if (!rc && (ix->nshards || ix->old)) {
        /* The shards hold documents the index lacks until they are merged into it. */
        unsigned lost = ix->stats.indexed;
        rc = rx__ix_compact_and_swap(ix, err);
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
        if (rx__ix_compact_and_swap(ix, &cerr) != RX_OK) {
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
