/*
 * rx_xapian.cc: the C wrapper around Xapian; the only C++ in the tree.
 *
 * Every extern "C" function is noexcept and catches everything: Xapian::Error does not
 * derive from std::exception, so a missing catch would let an exception unwind through C
 * frames. noexcept turns any slip into std::terminate rather than undefined behaviour.
 */
#include "rx_xapian.h"

#include <xapian.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>
#include <vector>

/* Below this weight a hit is no answer (rx_xreader_search's weighted_only): BM25 gives
 * a word in nearly every document a weight near 0.002, and the scores shown round to two
 * decimals. */
static const double RX_MIN_WEIGHT = 0.005;

struct rx_xdb {
    Xapian::WritableDatabase db;
};

struct rx_xdoc {
    Xapian::Document doc;
};

struct rx_xreader {
    Xapian::Database db;
};

/* A page of hits: first.mset[from, from + nfirst) (the hits that come first, when the
 * search has such), then rest.mset. */
struct rx_xmset {
    struct part {
        Xapian::Enquire enquire;
        Xapian::MSet mset;
        explicit part(const Xapian::Database &d) : enquire(d)
        {
        }
    };
    Xapian::Database db; /* shares the reader's revision */
    part first, rest;
    Xapian::doccount from = 0, nfirst = 0;
    Xapian::doccount nrest = 0; /* hits of rest.mset on the page */
    bool counted = false;       /* rest's hits that weigh are all known: rest_total */
    Xapian::doccount rest_total = 0;
    explicit rx_xmset(const Xapian::Database &d) : db(d), first(d), rest(d)
    {
    }
    size_t size() const
    {
        return nfirst + nrest;
    }
    /* Hit i of the page, and the part it comes from. */
    Xapian::MSetIterator hit(size_t i, const part **in) const
    {
        *in = i < nfirst ? &first : &rest;
        return i < nfirst ? first.mset[from + static_cast<Xapian::doccount>(i)]
                          : rest.mset[static_cast<Xapian::doccount>(i - nfirst)];
    }
    Xapian::MSetIterator hit(size_t i) const
    {
        const part *in;
        return hit(i, &in);
    }
};

namespace
{

/* Classifies the exception in flight, as notmuch's _notmuch_xapian_error_private does.
 * Messages are copied: nothing may point into the exception after the catch. */
int fail(rx_error *err) noexcept
{
    int code = RX_EINTERNAL;
    char msg[256] = "unknown exception";
    try {
        throw;
    } catch (const Xapian::DatabaseModifiedError &e) {
        code = RX_EMODIFIED;
        snprintf(msg, sizeof msg, "%s: %s", e.get_type(), e.get_msg().c_str());
    } catch (const Xapian::DatabaseLockError &e) {
        code = RX_ELOCKED;
        snprintf(msg, sizeof msg, "index is locked by another indexer (%s)", e.get_msg().c_str());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        code = RX_ENOTFOUND;
        snprintf(msg, sizeof msg, "no index there (%s)", e.get_msg().c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        code = RX_ENOTFOUND;
        snprintf(msg, sizeof msg, "cannot open the index (%s)", e.get_msg().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        code = RX_ECORRUPT;
        snprintf(msg, sizeof msg, "index is corrupt (%s)", e.get_msg().c_str());
    } catch (const Xapian::DatabaseError &e) {
        /* With an errno it is the file system (full disk, permissions); without, the
         * tables themselves are damaged ("EOF reading block"). */
        const char *errstr = e.get_error_string();
        code = errstr ? RX_EIO : RX_ECORRUPT;
        snprintf(msg, sizeof msg, "%s (%s: %s%s%s)",
                 errstr ? "index input/output failed" : "index is corrupt", e.get_type(),
                 e.get_msg().c_str(), errstr ? ": " : "", errstr ? errstr : "");
    } catch (const Xapian::QueryParserError &e) {
        code = RX_EQUERY;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::Error &e) {
        code = RX_EXAPIAN;
        const char *errstr = e.get_error_string();
        snprintf(msg, sizeof msg, "%s: %s%s%s", e.get_type(), e.get_msg().c_str(),
                 errstr ? ": " : "", errstr ? errstr : "");
    } catch (const std::bad_alloc &) {
        code = RX_ENOMEM;
        snprintf(msg, sizeof msg, "out of memory");
    } catch (const std::exception &e) {
        code = RX_EINTERNAL;
        snprintf(msg, sizeof msg, "%s", e.what());
    } catch (...) {
        code = RX_EINTERNAL;
    }
    if (err) {
        err->code = code;
        err->file[0] = '\0';
        err->line = err->column = 0;
        snprintf(err->msg, sizeof err->msg, "%s", msg);
        for (char *p = err->msg; *p; p++)
            if (*p == '\n')
                *p = ' ';
    }
    return code;
}

int bad_arg(rx_error *err, const char *fn) noexcept
{
    if (err) {
        err->code = RX_EINVAL;
        err->file[0] = '\0';
        err->line = err->column = 0;
        snprintf(err->msg, sizeof err->msg, "%s: invalid argument", fn);
    }
    return RX_EINVAL;
}

/* A malloc'd copy, so C callers free() it. */
char *copy(const std::string &s, size_t *len)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    if (len)
        *len = s.size();
    return p;
}

Xapian::Query build(const rx_xq *q, unsigned max_expansion);

/* An OR's leaves, its nested ORs spread out and its scales carried down to them: a
 * weight times s of a sum is the sum of the weights times s. */
struct or_leaf {
    const rx_xq *q;
    double scale;
};

void spread_or(const rx_xq *q, double scale, std::vector<or_leaf> &out)
{
    if (q->op == RX_XQ_OR) {
        for (size_t i = 0; i < q->nkids; i++)
            spread_or(q->kids[i], scale, out);
    } else if (q->op == RX_XQ_SCALE && q->nkids == 1) {
        spread_or(q->kids[0], scale * q->scale, out);
    } else {
        out.push_back({q, scale});
    }
}

bool same_term(const rx_xq *a, const rx_xq *b)
{
    return a->op == RX_XQ_TERM && b->op == RX_XQ_TERM && a->wqf == b->wqf &&
           a->term_len == b->term_len && memcmp(a->term, b->term, a->term_len) == 0;
}

/* A flat OR in which each term comes once, weighted by the sum of its scales. Synonym
 * expansion repeats words ("seizures" and, from "epilepsy/seizures", seizures again at
 * 0.6), and the matcher reads a posting list once per copy; a nested OR, or one under a
 * scale, is a subtree the matcher cannot prune together with the rest. Same weights, same
 * hits: half the time of some lay queries at 100k documents. */
Xapian::Query build_or(const rx_xq *q, unsigned max_expansion)
{
    std::vector<or_leaf> leaves;
    spread_or(q, 1.0, leaves);
    std::vector<Xapian::Query> kids;
    kids.reserve(leaves.size());
    for (size_t i = 0; i < leaves.size(); i++) {
        const rx_xq *t = leaves[i].q;
        double scale = leaves[i].scale;
        if (!t)
            continue;
        for (size_t j = i + 1; j < leaves.size(); j++)
            if (leaves[j].q && same_term(t, leaves[j].q)) {
                scale += leaves[j].scale;
                leaves[j].q = nullptr; /* merged into this one */
            }
        Xapian::Query k = build(t, max_expansion);
        kids.push_back(scale == 1.0 ? k : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, k, scale));
    }
    return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
}

Xapian::Query build(const rx_xq *q, unsigned max_expansion)
{
    if (q->op == RX_XQ_OR)
        return build_or(q, max_expansion);
    std::vector<Xapian::Query> kids;
    kids.reserve(q->nkids);
    for (size_t i = 0; i < q->nkids; i++)
        kids.push_back(build(q->kids[i], max_expansion));
    switch (q->op) {
    case RX_XQ_TERM:
        return Xapian::Query(std::string(q->term, q->term_len), q->wqf ? q->wqf : 1);
    case RX_XQ_PHRASE:
        return Xapian::Query(Xapian::Query::OP_PHRASE, kids.begin(), kids.end(),
                             q->window ? q->window : static_cast<unsigned>(kids.size()));
    case RX_XQ_NEAR:
        return Xapian::Query(Xapian::Query::OP_NEAR, kids.begin(), kids.end(), q->window);
    case RX_XQ_AND:
        return Xapian::Query(Xapian::Query::OP_AND, kids.begin(), kids.end());
    case RX_XQ_OR:
        return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
    case RX_XQ_AND_NOT:
        return Xapian::Query(Xapian::Query::OP_AND_NOT, kids.begin(), kids.end());
    case RX_XQ_AND_MAYBE:
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, kids.begin(), kids.end());
    case RX_XQ_FILTER:
        return Xapian::Query(Xapian::Query::OP_FILTER, kids.begin(), kids.end());
    case RX_XQ_SYNONYM:
        return Xapian::Query(Xapian::Query::OP_SYNONYM, kids.begin(), kids.end());
    case RX_XQ_WILDCARD:
        return Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(q->term, q->term_len),
                             max_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    case RX_XQ_SCALE:
        if (kids.size() != 1)
            throw Xapian::InvalidArgumentError("SCALE takes one subquery");
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, kids[0], q->scale);
    /* Not Query::MatchAll: that static is shared by every thread and copying it bumps a
     * plain (non-atomic) reference count, a data race between two server workers. An
     * empty term is the same query, built fresh per search. */
    case RX_XQ_ALL:
        return Xapian::Query(std::string());
    case RX_XQ_NOTHING:
        return Xapian::Query();
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

} // namespace

extern "C" {

/* ------------------------------------------------------------------ writing */

static int open_db(rx_xdb **out, const char *path, int flags, rx_error *err) noexcept
{
    if (!out || !path)
        return bad_arg(err, "rx_xdb_open");
    *out = nullptr;
    try {
        *out = new rx_xdb{Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | flags)};
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_open(rx_xdb **out, const char *path, rx_error *err) noexcept
{
    return open_db(out, path, 0, err);
}

int rx_xdb_open_scratch(rx_xdb **out, const char *path, rx_error *err) noexcept
{
    return open_db(out, path, Xapian::DB_NO_SYNC, err);
}

int rx_xdb_commit(rx_xdb *db, rx_error *err) noexcept
{
    if (!db)
        return bad_arg(err, "rx_xdb_commit");
    try {
        db->db.commit();
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_compact(rx_xdb *db, const char *const *shards, size_t nshards, const char *dest,
                   rx_error *err) noexcept
{
    if (!db || !dest || (nshards && !shards))
        return bad_arg(err, "rx_xdb_compact");
    try {
        /* Alone, keep document ids: they are not referenced elsewhere, but renumbering
         * would change the order of equal-scored hits between runs. Shards number from 1
         * each, so a merge renumbers (in order: db's documents first). FULL splits items
         * across blocks where that saves space (xapian-compact's default; the API's is
         * STANDARD); FULLER would make later updates slow. */
        Xapian::Database all(db->db);
        for (size_t i = 0; i < nshards; i++)
            all.add_database(Xapian::Database(shards[i]));
        unsigned flags = Xapian::Compactor::FULL;
        if (!nshards)
            flags |= Xapian::DBCOMPACT_NO_RENUMBER;
        all.compact(dest, flags);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

void rx_xdb_free(rx_xdb *db) noexcept
{
    if (!db)
        return;
    try {
        /* close() without commit() drops uncommitted changes, unlike the destructor. */
        db->db.close();
    } catch (...) {
    }
    delete db;
}

int rx_xdb_replace(rx_xdb *db, const char *idterm, size_t len, rx_xdoc *doc, rx_error *err) noexcept
{
    if (!db || !idterm || !doc)
        return bad_arg(err, "rx_xdb_replace");
    try {
        db->db.replace_document(std::string(idterm, len), doc->doc);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_delete(rx_xdb *db, const char *idterm, size_t len, rx_error *err) noexcept
{
    if (!db || !idterm)
        return bad_arg(err, "rx_xdb_delete");
    try {
        db->db.delete_document(std::string(idterm, len));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_record(rx_xdb *db, const char *idterm, size_t len, unsigned slot, char **data,
                  size_t *dlen, char **value, size_t *vlen, rx_error *err) noexcept
{
    if (!db || !idterm || !data || !value)
        return bad_arg(err, "rx_xdb_record");
    *data = *value = nullptr;
    try {
        std::string term(idterm, len);
        Xapian::PostingIterator p = db->db.postlist_begin(term);
        if (p == db->db.postlist_end(term))
            return RX_ENOTFOUND;
        Xapian::Document doc = db->db.get_document(*p);
        *data = copy(doc.get_data(), dlen);
        *value = copy(doc.get_value(slot), vlen);
        return RX_OK;
    } catch (...) {
        free(*data);
        *data = nullptr;
        return fail(err);
    }
}

int rx_xdb_get_metadata(rx_xdb *db, const char *key, char **out, size_t *len,
                        rx_error *err) noexcept
{
    if (!db || !key || !out)
        return bad_arg(err, "rx_xdb_get_metadata");
    *out = nullptr;
    try {
        *out = copy(db->db.get_metadata(key), len);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_set_metadata(rx_xdb *db, const char *key, const char *val, size_t len,
                        rx_error *err) noexcept
{
    if (!db || !key || (!val && len))
        return bad_arg(err, "rx_xdb_set_metadata");
    try {
        db->db.set_metadata(key, std::string(val ? val : "", len));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_clear_all_synonyms(rx_xdb *db, rx_error *err) noexcept
{
    if (!db)
        return bad_arg(err, "rx_xdb_clear_all_synonyms");
    try {
        std::vector<std::string> keys(db->db.synonym_keys_begin(), db->db.synonym_keys_end());
        for (const std::string &k : keys)
            db->db.clear_synonyms(k);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_add_synonym(rx_xdb *db, const char *key, size_t klen, const char *syn, size_t slen,
                       rx_error *err) noexcept
{
    if (!db || !key || !syn)
        return bad_arg(err, "rx_xdb_add_synonym");
    try {
        db->db.add_synonym(std::string(key, klen), std::string(syn, slen));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdb_foreach_term(rx_xdb *db, const char *prefix, unsigned slot, rx_xdb_term_cb cb,
                        void *payload, rx_error *err) noexcept
{
    if (!db || !prefix || !cb)
        return bad_arg(err, "rx_xdb_foreach_term");
    try {
        for (auto t = db->db.allterms_begin(prefix); t != db->db.allterms_end(prefix); ++t) {
            const std::string term = *t;
            auto p = db->db.postlist_begin(term);
            std::string value;
            if (p != db->db.postlist_end(term))
                value = db->db.get_document(*p).get_value(slot);
            int rc = cb(payload, term.data(), term.size(), value.data(), value.size());
            if (rc)
                return rc;
        }
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

/* ---------------------------------------------------------------- documents */

int rx_xdoc_new(rx_xdoc **out, rx_error *err) noexcept
{
    if (!out)
        return bad_arg(err, "rx_xdoc_new");
    try {
        *out = new rx_xdoc;
        return RX_OK;
    } catch (...) {
        *out = nullptr;
        return fail(err);
    }
}

void rx_xdoc_free(rx_xdoc *doc) noexcept
{
    delete doc;
}

int rx_xdoc_add_posting(rx_xdoc *doc, const char *term, size_t len, uint32_t pos, unsigned wdf,
                        rx_error *err) noexcept
{
    if (!doc || !term || !len)
        return bad_arg(err, "rx_xdoc_add_posting");
    try {
        doc->doc.add_posting(std::string(term, len), pos, wdf);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdoc_add_term(rx_xdoc *doc, const char *term, size_t len, unsigned wdf,
                     rx_error *err) noexcept
{
    if (!doc || !term || !len)
        return bad_arg(err, "rx_xdoc_add_term");
    try {
        doc->doc.add_term(std::string(term, len), wdf);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdoc_add_boolean(rx_xdoc *doc, const char *term, size_t len, rx_error *err) noexcept
{
    if (!doc || !term || !len)
        return bad_arg(err, "rx_xdoc_add_boolean");
    try {
        doc->doc.add_boolean_term(std::string(term, len));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdoc_set_data(rx_xdoc *doc, const char *data, size_t len, rx_error *err) noexcept
{
    if (!doc || (!data && len))
        return bad_arg(err, "rx_xdoc_set_data");
    try {
        doc->doc.set_data(std::string(data ? data : "", len));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xdoc_set_value(rx_xdoc *doc, unsigned slot, const char *data, size_t len,
                      rx_error *err) noexcept
{
    if (!doc || (!data && len))
        return bad_arg(err, "rx_xdoc_set_value");
    try {
        doc->doc.add_value(slot, std::string(data ? data : "", len));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

/* ------------------------------------------------------------------ reading */

int rx_xreader_open(rx_xreader **out, const char *path, rx_error *err) noexcept
{
    if (!out || !path)
        return bad_arg(err, "rx_xreader_open");
    *out = nullptr;
    try {
        *out = new rx_xreader{Xapian::Database(path)};
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xreader_reopen(rx_xreader *r, int *changed, rx_error *err) noexcept
{
    if (!r)
        return bad_arg(err, "rx_xreader_reopen");
    try {
        bool moved = r->db.reopen();
        if (changed)
            *changed = moved;
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

void rx_xreader_free(rx_xreader *r) noexcept
{
    delete r;
}

int rx_xreader_metadata(rx_xreader *r, const char *key, char **out, size_t *len,
                        rx_error *err) noexcept
{
    if (!r || !key || !out)
        return bad_arg(err, "rx_xreader_metadata");
    *out = nullptr;
    try {
        *out = copy(r->db.get_metadata(key), len);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xreader_termfreq(rx_xreader *r, const char *term, size_t len, uint32_t *out,
                        rx_error *err) noexcept
{
    if (!r || !term || !out)
        return bad_arg(err, "rx_xreader_termfreq");
    try {
        *out = r->db.get_termfreq(std::string(term, len));
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xreader_doccount(rx_xreader *r, uint32_t *out, rx_error *err) noexcept
{
    if (!r || !out)
        return bad_arg(err, "rx_xreader_doccount");
    try {
        *out = r->db.get_doccount();
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xreader_synonyms(rx_xreader *r, const char *key, size_t len, rx_xreader_syn_cb cb,
                        void *payload, rx_error *err) noexcept
{
    if (!r || !key || !cb)
        return bad_arg(err, "rx_xreader_synonyms");
    try {
        const std::string k(key, len);
        for (auto s = r->db.synonyms_begin(k); s != r->db.synonyms_end(k); ++s) {
            const std::string syn = *s;
            int rc = cb(payload, syn.data(), syn.size());
            if (rc)
                return rc;
        }
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xreader_any(rx_xreader *r, const rx_xq *q, int *yes, rx_error *err) noexcept
{
    if (!r || !q || !yes)
        return bad_arg(err, "rx_xreader_any");
    *yes = 0;
    try {
        /* Unweighted and in document order, the matcher has no reason to look further. */
        Xapian::Enquire enquire(r->db);
        enquire.set_query(build(q, 0));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        *yes = !enquire.get_mset(0, 1, 1).empty();
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xreader_search(rx_xreader *r, const rx_xq *q, const rx_xsearch *opts, rx_xmset **out,
                      rx_error *err) noexcept
{
    if (!r || !q || !opts || !out)
        return bad_arg(err, "rx_xreader_search");
    *out = nullptr;
    rx_xmset *m = nullptr;
    try {
        m = new rx_xmset(r->db);
        Xapian::BM25Weight bm25(opts->k1, 0, 1, opts->b, 0.5);
        Xapian::Query query = build(q, opts->max_expansion);
        unsigned offset = opts->offset, limit = opts->limit;
        if (opts->first) {
            /* Two searches: the hits that come first (a filter keeps their weights), then
             * the others, the page taken across both. */
            Xapian::Query first = build(opts->first, opts->max_expansion);
            m->first.enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, first));
            m->first.enquire.set_weighting_scheme(bm25);
            unsigned want = offset > UINT_MAX - limit ? UINT_MAX : offset + limit;
            m->first.mset = m->first.enquire.get_mset(0, want);
            Xapian::doccount n = m->first.mset.size();
            m->from = offset < n ? offset : n;
            m->nfirst = n - m->from < limit ? n - m->from : limit;
            offset = offset > n ? offset - n : 0;
            limit -= m->nfirst;
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, first);
        }
        m->rest.enquire.set_query(query);
        m->rest.enquire.set_weighting_scheme(bm25);
        m->rest.mset = m->rest.enquire.get_mset(offset, limit);
        m->nrest = m->rest.mset.size();
        /* A hit that has only words nearly every monograph has weighs next to nothing
         * ("dose" of "Valtrex dose for shingles": 0.002, where a hit weighs 1 to 60): it
         * is no answer, unless no hit weighs more ("dose" alone, a filter alone). The
         * hits come by weight, so those are the end of the list; cut here rather than by
         * a cutoff in the match, which would search again when nothing is left. */
        double top = std::max(m->first.mset.get_max_attained(), m->rest.mset.get_max_attained());
        if (opts->weighted_only && top >= RX_MIN_WEIGHT) {
            Xapian::doccount kept = 0;
            while (kept < m->nrest && m->rest.mset[kept].get_weight() >= RX_MIN_WEIGHT)
                kept++;
            if (kept < m->nrest) { /* the hits that weigh end on this page: all counted */
                m->counted = true;
                m->rest_total = offset + kept;
            }
            m->nrest = kept;
        }
        *out = m;
        return RX_OK;
    } catch (...) {
        delete m;
        return fail(err);
    }
}

void rx_xmset_free(rx_xmset *m) noexcept
{
    delete m;
}

size_t rx_xmset_size(const rx_xmset *m) noexcept
{
    return m ? m->size() : 0;
}

size_t rx_xmset_nfirst(const rx_xmset *m) noexcept
{
    return m ? m->nfirst : 0;
}

uint64_t rx_xmset_estimate(const rx_xmset *m) noexcept
{
    if (!m)
        return 0;
    return uint64_t{m->first.mset.get_matches_estimated()} +
           (m->counted ? m->rest_total : m->rest.mset.get_matches_estimated());
}

double rx_xmset_weight(const rx_xmset *m, size_t i) noexcept
{
    if (!m || i >= m->size())
        return 0;
    return m->hit(i).get_weight();
}

int rx_xmset_data(rx_xmset *m, size_t i, char **out, size_t *len, rx_error *err) noexcept
{
    if (!m || !out || i >= m->size())
        return bad_arg(err, "rx_xmset_data");
    *out = nullptr;
    try {
        *out = copy(m->hit(i).get_document().get_data(), len);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xmset_value(rx_xmset *m, size_t i, unsigned slot, char **out, size_t *len,
                   rx_error *err) noexcept
{
    if (!m || !out || i >= m->size())
        return bad_arg(err, "rx_xmset_value");
    *out = nullptr;
    try {
        *out = copy(m->hit(i).get_document().get_value(slot), len);
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xmset_matching_terms(rx_xmset *m, size_t i, rx_xmset_term_cb cb, void *payload,
                            rx_error *err) noexcept
{
    if (!m || !cb || i >= m->size())
        return bad_arg(err, "rx_xmset_matching_terms");
    try {
        const rx_xmset::part *in;
        auto it = m->hit(i, &in);
        Xapian::docid did = *it;
        for (auto t = in->enquire.get_matching_terms_begin(it);
             t != in->enquire.get_matching_terms_end(it); ++t) {
            const std::string term = *t;
            auto tl = m->db.termlist_begin(did);
            tl.skip_to(term);
            uint32_t wdf = (tl != m->db.termlist_end(did) && *tl == term) ? tl.get_wdf() : 0;
            int rc = cb(payload, term.data(), term.size(), wdf);
            if (rc)
                return rc;
        }
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xmset_stats(rx_xmset *m, size_t i, const char *term, size_t len, uint32_t *termfreq,
                   uint32_t *doccount, double *doclen, double *avglen, rx_error *err) noexcept
{
    if (!m || !term || i >= m->size())
        return bad_arg(err, "rx_xmset_stats");
    try {
        Xapian::docid did = *m->hit(i);
        *termfreq = m->db.get_termfreq(std::string(term, len));
        *doccount = m->db.get_doccount();
        *doclen = m->db.get_doclength(did);
        *avglen = m->db.get_avlength();
        return RX_OK;
    } catch (...) {
        return fail(err);
    }
}

int rx_xcheck(const char *path, rx_error *err) noexcept
{
    if (!path)
        return bad_arg(err, "rx_xcheck");
    try {
        std::ostringstream log;
        size_t errors = Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, &log);
        if (errors == 0)
            return RX_OK;
        std::string first = log.str();
        size_t nl = first.find('\n');
        if (err) {
            err->code = RX_ECORRUPT;
            err->file[0] = '\0';
            err->line = err->column = 0;
            snprintf(err->msg, sizeof err->msg, "index check found %zu error%s: %s", errors,
                     errors == 1 ? "" : "s", first.substr(0, nl).c_str());
        }
        return RX_ECORRUPT;
    } catch (...) {
        return fail(err);
    }
}

} /* extern "C" */
