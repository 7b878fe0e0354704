/*
 * rx_index_jobs.c: the files queued by the walk, prepared (parsed, tokenized, compressed)
 * on other threads and written and accounted for in the walk's order.
 *
 * An update has one thread preparing while the caller's writes to the index. A fresh
 * build has lanes: each thread prepares its slice of the batch and writes it to a shard
 * of its own, while the caller's reports and counts the jobs in order.
 */
#include "rx_error.h"
#include "rx_indexer_parts.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Documents a lane writes to its shard between commits: Xapian's writer spends less per
 * document on small batches (125 rather than 500: the 10k build 17.6 -> 15.9 s, the 100k
 * build 190 -> 170 s, with unsynced shards); a shard is scratch, so its commits need not
 * be durable (--batch is for the index itself). */
enum { LANE_BATCH = 125 };

void rx__ix_job_free(job *j)
{
    free(j->full);
    free(j->rel);
    free(j->id);
    rx_doc_free(j->doc);
    rx_xdoc_free(j->xdoc);
    rx_strmap_free(&j->spell);
    memset(j, 0, sizeof *j);
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
int rx__ix_slot_init(rx_indexer *ix, unsigned i, rx_error *err)
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
int rx__ix_build(rx_indexer *ix, unsigned slot, const rx_doc *doc, const char *rel, const char *id,
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
int rx__ix_store_dict(rx_indexer *ix, rx_xdb *db, rx_error *err)
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
    rc =
        rx__ix_build(ix, slot, j->doc, j->rel, j->id, j->sig, (size_t)j->siglen, &j->xdoc, &j->err);
    /* The document's words move to the job; the termgen starts the next one empty. */
    rx_termgen *tg = &ix->tg[slot];
    j->spell = tg->spell;
    memset(&tg->spell, 0, sizeof tg->spell);
    j->rc = rc;
}

/* The jobs of one rx__ix_run_jobs() call, shared by the threads that work on them. */
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
    if (rx__ix_slot_init(b->ix, 0, &e) != RX_OK) {
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
    int rc = rx__ix_store_dict(ix, ix->db, err);
    for (size_t i = 0; i < nl && !rc; i++) {
        lanes[i] = (lane){.b = b, .slot = (unsigned)i, .jobs = b->jobs + i * per};
        lanes[i].n = lanes[i].back = i + 1 < nl ? per : b->n - i * per;
        rc = rx__ix_slot_init(ix, (unsigned)i, err);
        if (!rc)
            rc = rx__ix_new_shard(ix, &lanes[i].shard, err);
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
     * while the lanes work. It is written once, at the end: the documents are in the
     * shards until then, and a build stopped before the merge starts again from nothing
     * (at 100k documents, writing the list at every batch rewrote 20 ever longer copies of
     * it). */
    if (!rc && (rc = rx__ix_merge_spelling(ix, err)) != RX_OK)
        stop(b);
    for (size_t i = 0; i < nl * per && i < b->n; i++) {
        wait_flag(b, &b->jobs[i].ready);
        if (rc == RX_OK && (rc = rx__ix_finish_job(ix, &b->jobs[i], NULL, err)) != RX_OK)
            stop(b);
        rx__ix_job_free(&b->jobs[i]);
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
int rx__ix_run_jobs(rx_indexer *ix, rx_error *err)
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
            if (rc == RX_OK && (rc = rx__ix_finish_job(ix, &b.jobs[i], ix->db, err)) != RX_OK)
                stop(&b);
        }
        if (threaded)
            pthread_join(thread, NULL);
    }
    for (size_t i = 0; i < b.n; i++)
        rx__ix_job_free(&b.jobs[i]);
    ix->njobs = 0;
    pthread_cond_destroy(&b.ready);
    pthread_mutex_destroy(&b.lock);
    return rc;
}
