/*
 * rx-fts5: the "SQLite FTS5 with bm25" peer that rxsearch is measured against.
 *
 *   rx-fts5 index DB CORPUS_DIR...
 *   rx-fts5 search DB [--limit N] [--snippets] [--flat]    one query per stdin line
 *
 * Monographs go through our own parser (rx_doc_parse_file), so the two engines see the
 * same text; what differs is everything after parsing: FTS5's porter/unicode61 tokenizer
 * instead of ours, and FTS5's per-column bm25 weights instead of our BM25F-style field.
 *
 * Exit status: 0 when every file went in (index) or every query ran (search), 1 when
 * some did not, 2 on a fatal error.
 */
#include "rx.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>

#define MAX_DEPTH 32      /* directory levels walked; deeper is a link loop or a mistake */
#define BATCH     1000    /* rows per transaction */
#define MAX_LIMIT 1000000 /* --limit upper bound */

/* Columns after id, in table order. The weights mirror rx__fields in shared/rx_section.c;
 * they are repeated here, not read from there, because a benchmark peer should not change
 * when someone tunes the engine. The last column, "other", takes every unknown section. */
static const struct {
    const char *name; /* column name; for sections, the canonical section id */
    double weight;    /* bm25() weight without --flat */
} columns[] = {
    {"title", 14},       {"brands", 12},      {"description", 3},
    {"usage", 6},        {"names", 4},        {"mechanism", 2},
    {"dosage", 2},       {"side_effects", 1}, {"contraindications", 2},
    {"interactions", 2}, {"pregnancy", 2},    {"summary", 1},
    {"combinations", 1}, {"precautions", 2},  {"faq", 1},
    {"other", 1},
};
#define NCOLS         (sizeof columns / sizeof columns[0])
#define FIRST_SECTION 3 /* columns[] index of "usage"; earlier ones are not sections */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: rx-fts5 index DB CORPUS_DIR...\n"
               "       rx-fts5 search DB [--limit N] [--snippets] [--flat] < queries.txt\n");
}

/* ---------------------------------------------------------------- index */

typedef struct indexer {
    sqlite3 *db;
    sqlite3_stmt *insert;
    unsigned indexed;  /* rows inserted */
    unsigned failed;   /* files that could not be read or parsed */
    unsigned in_batch; /* rows since the last BEGIN */
} indexer;

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "rx-fts5: %s\n", msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return rc;
}

/* The column a passage's section goes to: its own, or "other". */
static size_t section_column(const char *section)
{
    for (size_t c = FIRST_SECTION; c + 1 < NCOLS; c++)
        if (strcmp(columns[c].name, section) == 0)
            return c;
    return NCOLS - 1;
}

/* Parses one monograph and inserts its row; returns non-zero only on a database error. */
static int add_file(indexer *ix, const char *path, const char *id, size_t idlen)
{
    rx_doc *doc = NULL;
    rx_error err = {0};
    sqlite3_str *col[NCOLS] = {NULL};
    char *text[NCOLS] = {NULL};
    int rc = SQLITE_OK;

    if (rx_doc_parse_file(&doc, path, &err) != RX_OK) {
        char buf[1024];
        fprintf(stderr, "rx-fts5: error: %s\n", rx_error_format(&err, buf, sizeof buf));
        ix->failed++;
        goto done;
    }
    for (size_t c = 0; c < NCOLS; c++)
        col[c] = sqlite3_str_new(ix->db);
    sqlite3_str_appendall(col[0], doc->title);
    for (size_t i = 0; i < doc->nbrands; i++)
        sqlite3_str_appendf(col[1], "%s%s", i ? ", " : "", doc->brands[i]);
    sqlite3_str_appendall(col[2], doc->description);
    for (size_t i = 0; i < doc->npassages; i++) {
        const rx_passage *p = &doc->passages[i];
        sqlite3_str *s = col[section_column(p->section)];
        /* A blank line between passages, so snippets read as separate paragraphs. */
        if (sqlite3_str_length(s))
            sqlite3_str_append(s, "\n\n", 2);
        sqlite3_str_append(s, p->text, (int)p->text_len);
    }
    sqlite3_reset(ix->insert);
    rc = sqlite3_bind_text(ix->insert, 1, id, (int)idlen, SQLITE_TRANSIENT);
    for (size_t c = 0; c < NCOLS; c++) {
        int err_c = sqlite3_str_errcode(col[c]);
        int len = sqlite3_str_length(col[c]);
        text[c] = sqlite3_str_finish(col[c]);
        col[c] = NULL;
        if (rc == SQLITE_OK && err_c != SQLITE_OK)
            rc = err_c;
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(ix->insert, (int)c + 2, text[c] ? text[c] : "", len,
                                   SQLITE_STATIC);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(ix->insert);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    if (rc != SQLITE_OK) {
        fprintf(stderr, "rx-fts5: %s: %s\n", path, sqlite3_errmsg(ix->db));
        goto done;
    }
    ix->indexed++;
    if (++ix->in_batch >= BATCH) {
        ix->in_batch = 0;
        rc = exec(ix->db, "COMMIT; BEGIN");
    }
done:
    /* The statement must let go of the column texts before they are freed. */
    sqlite3_clear_bindings(ix->insert);
    for (size_t c = 0; c < NCOLS; c++) {
        sqlite3_free(sqlite3_str_finish(col[c]));
        sqlite3_free(text[c]);
    }
    rx_doc_free(doc);
    return rc;
}

static int has_md_extension(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Walks root/rel in sorted order; ids are paths relative to root without ".md", as in
 * rxindex. Unreadable subdirectories are reported and counted, not fatal. */
static int walk(indexer *ix, const char *root, const char *rel, int depth)
{
    struct dirent **names = NULL;
    char *dir = rel[0] ? sqlite3_mprintf("%s/%s", root, rel) : sqlite3_mprintf("%s", root);
    int rc = SQLITE_OK, n = -1;
    if (!dir) {
        rc = SQLITE_NOMEM;
        goto done;
    }
    n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "rx-fts5: error: %s: cannot read directory: %s\n", dir, strerror(errno));
        if (depth == 0)
            rc = SQLITE_CANTOPEN;
        else
            ix->failed++;
        goto done;
    }
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        const char *name = names[i]->d_name;
        if (name[0] == '.')
            continue; /* ".", "..", and hidden files */
        char *full = sqlite3_mprintf("%s/%s", dir, name);
        char *sub = rel[0] ? sqlite3_mprintf("%s/%s", rel, name) : sqlite3_mprintf("%s", name);
        struct stat st;
        if (!full || !sub) {
            rc = SQLITE_NOMEM;
        } else if (stat(full, &st) != 0) {
            fprintf(stderr, "rx-fts5: error: %s: cannot stat: %s\n", full, strerror(errno));
            ix->failed++;
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH)
                rc = walk(ix, root, sub, depth + 1);
        } else if (S_ISREG(st.st_mode) && has_md_extension(name)) {
            rc = add_file(ix, full, sub, strlen(sub) - 3);
        }
        sqlite3_free(full);
        sqlite3_free(sub);
    }
done:
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    sqlite3_free(dir);
    return rc;
}

static int cmd_index(const char *path, char **dirs, int ndirs)
{
    indexer ix = {0};
    sqlite3_str *sql = NULL;
    char *create = NULL;
    int rc, status = 2;
    double t0 = now();

    rc = sqlite3_open(path, &ix.db);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "rx-fts5: %s: %s\n", path, ix.db ? sqlite3_errmsg(ix.db) : "cannot open");
        goto done;
    }
    /* A rebuild, not an update: the peer only has to answer for one corpus at a time. */
    sql = sqlite3_str_new(ix.db);
    sqlite3_str_appendall(sql, "DROP TABLE IF EXISTS t; CREATE VIRTUAL TABLE t USING fts5(id "
                               "UNINDEXED");
    for (size_t c = 0; c < NCOLS; c++)
        sqlite3_str_appendf(sql, ", %s", columns[c].name);
    sqlite3_str_appendall(sql, ", tokenize = 'porter unicode61 remove_diacritics 2')");
    create = sqlite3_str_finish(sql);
    if (!create || exec(ix.db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF") ||
        exec(ix.db, create) || exec(ix.db, "BEGIN"))
        goto done;
    rc = sqlite3_prepare_v2(ix.db,
                            "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                            "?12, ?13, ?14, ?15, ?16, ?17)",
                            -1, &ix.insert, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "rx-fts5: %s\n", sqlite3_errmsg(ix.db));
        goto done;
    }
    for (int i = 0; i < ndirs && rc == SQLITE_OK; i++) {
        /* Trailing slashes would otherwise leak into nothing but error messages; strip
         * them so those read cleanly. */
        char *root = sqlite3_mprintf("%s", dirs[i]);
        if (!root) {
            rc = SQLITE_NOMEM;
            break;
        }
        for (size_t n = strlen(root); n > 1 && root[n - 1] == '/'; n--)
            root[n - 1] = '\0';
        rc = walk(&ix, root, "", 0);
        sqlite3_free(root);
    }
    if (rc != SQLITE_OK || exec(ix.db, "COMMIT"))
        goto done;
    printf("indexed %u in %.2f s\n", ix.indexed, now() - t0);
    if (ix.failed)
        fprintf(stderr, "rx-fts5: %u file(s) failed\n", ix.failed);
    status = ix.failed ? 1 : 0;
done:
    sqlite3_free(create);
    sqlite3_finalize(ix.insert);
    sqlite3_close(ix.db);
    return status;
}

/* --------------------------------------------------------------- search */

/* A JSON string of s (n bytes) with invalid UTF-8 replaced by U+FFFD: queries come from
 * users, and jansson refuses invalid UTF-8 outright. */
static json_t *text_json(const char *s, size_t n)
{
    if (!s)
        return json_string("");
    json_t *j = json_stringn(s, n);
    if (j)
        return j;
    char *fixed = malloc(n * 3 + 1);
    size_t o = 0;
    if (!fixed)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        json_t *one = NULL;
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len && i + len <= n)
            one = json_stringn(s + i, len); /* rejects overlong forms and surrogates */
        if (one) {
            memcpy(fixed + o, s + i, len);
            o += len;
            i += len - 1;
        } else {
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
        json_decref(one);
    }
    j = json_stringn(fixed, o);
    free(fixed);
    return j;
}

/* Builds an FTS5 expression that cannot be a syntax error: every token our tokenizer
 * finds, as an FTS5 string ("..." with '"' doubled), OR'ed. JOINED tokens are dropped
 * because their parts are already there, and FTS5's unicode61 would split them again. */
static int add_token(void *payload, const rx_token *tok)
{
    sqlite3_str *expr = payload;
    if (tok->flags & RX_TOKEN_JOINED)
        return 0;
    if (sqlite3_str_length(expr))
        sqlite3_str_append(expr, " OR ", 4);
    sqlite3_str_appendchar(expr, 1, '"');
    for (size_t i = 0; i < tok->len; i++) {
        if (tok->text[i] == '"')
            sqlite3_str_appendchar(expr, 1, '"');
        sqlite3_str_appendchar(expr, 1, tok->text[i]);
    }
    sqlite3_str_appendchar(expr, 1, '"');
    return 0;
}

/* Runs one query; returns its JSON line (caller decrefs) or NULL when out of memory.
 * *failed is set when SQLite rejects it, which the quoting should make impossible. */
static json_t *run_query(sqlite3 *db, sqlite3_stmt *stmt, const char *q, size_t qlen,
                         unsigned limit, int snippets, int *failed)
{
    json_t *out = json_object(), *results = json_array();
    sqlite3_str *expr = sqlite3_str_new(db);
    char *match = NULL;
    int rc = SQLITE_OK;
    unsigned rank = 0;

    json_object_set_new(out, "query", text_json(q, qlen));
    rx_tokenize(q, qlen, add_token, expr);
    rc = sqlite3_str_errcode(expr);
    match = sqlite3_str_finish(expr);
    if (rc != SQLITE_OK || !match)
        goto done; /* no tokens at all (or no memory): no results */
    sqlite3_reset(stmt);
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, limit);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *hit = json_object();
        json_object_set_new(hit, "rank", json_integer(++rank));
        json_object_set_new(hit, "id",
                            text_json((const char *)sqlite3_column_text(stmt, 0),
                                      (size_t)sqlite3_column_bytes(stmt, 0)));
        /* bm25() is negative, lower is better; flip it so higher is better, as ours. */
        json_object_set_new(hit, "score", json_real(-sqlite3_column_double(stmt, 1)));
        if (snippets)
            json_object_set_new(hit, "snippet",
                                text_json((const char *)sqlite3_column_text(stmt, 2),
                                          (size_t)sqlite3_column_bytes(stmt, 2)));
        json_array_append_new(results, hit);
    }
    if (rc != SQLITE_DONE) {
        json_object_set_new(out, "error", json_string(sqlite3_errmsg(db)));
        *failed = 1;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
done:
    sqlite3_free(match);
    json_object_set_new(out, "results", results);
    return out;
}

static int cmd_search(const char *path, unsigned limit, int snippets, int flat)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    sqlite3_str *sql = NULL;
    char *select = NULL, *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 2, failures = 0;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "rx-fts5: %s: %s\n", path, db ? sqlite3_errmsg(db) : "cannot open");
        goto done;
    }
    /* bm25() takes one weight per column, the UNINDEXED id included (its weight is unused). */
    sql = sqlite3_str_new(db);
    sqlite3_str_appendall(sql, "SELECT id, bm25(t, 0");
    for (size_t c = 0; c < NCOLS; c++)
        sqlite3_str_appendf(sql, ", %g", flat ? 1.0 : columns[c].weight);
    sqlite3_str_appendall(sql, ") AS s");
    if (snippets)
        sqlite3_str_appendall(sql, ", snippet(t, -1, '«', '»', '…', 30)");
    sqlite3_str_appendall(sql, " FROM t WHERE t MATCH ?1 ORDER BY s LIMIT ?2");
    select = sqlite3_str_finish(sql);
    if (!select || sqlite3_prepare_v2(db, select, -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "rx-fts5: %s: %s\n", path, sqlite3_errmsg(db));
        goto done;
    }
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        int failed = 0;
        json_t *out = run_query(db, stmt, line, (size_t)n, limit, snippets, &failed);
        if (!out || json_dumpf(out, stdout, JSON_COMPACT) != 0) {
            fprintf(stderr, "rx-fts5: out of memory\n");
            json_decref(out);
            goto done;
        }
        json_decref(out);
        fputc('\n', stdout);
        fflush(stdout);
        failures += failed;
    }
    status = failures ? 1 : 0;
done:
    free(line);
    sqlite3_free(select);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return status;
}

/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "index") == 0)
        return cmd_index(argv[2], argv + 3, argc - 3);
    if (argc >= 3 && strcmp(argv[1], "search") == 0) {
        unsigned limit = 10;
        int snippets = 0, flat = 0;
        for (int i = 3; i < argc; i++) {
            char *end = NULL;
            if (strcmp(argv[i], "--snippets") == 0) {
                snippets = 1;
            } else if (strcmp(argv[i], "--flat") == 0) {
                flat = 1;
            } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
                errno = 0;
                unsigned long v = strtoul(argv[++i], &end, 10);
                if (errno || !*argv[i] || *end || argv[i][0] == '-' || v == 0 || v > MAX_LIMIT) {
                    fprintf(stderr, "rx-fts5: --limit needs a number from 1 to %d\n", MAX_LIMIT);
                    return 2;
                }
                limit = (unsigned)v;
            } else {
                fprintf(stderr, "rx-fts5: unknown option '%s'\n", argv[i]);
                usage(stderr);
                return 2;
            }
        }
        return cmd_search(argv[2], limit, snippets, flat);
    }
    usage(stderr);
    return 2;
}
