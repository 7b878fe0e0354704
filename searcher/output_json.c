/* output_json.c: the stable JSON schema (README.md), built with jansson. */
#include "output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of s with invalid UTF-8 replaced by U+FFFD: queries come from users. */
static json_t *text(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s), o = 0;
    char *fixed = malloc(n * 3 + 1);
    if (!fixed)
        return NULL;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; k++)
            ok = ((unsigned char)s[i + k] >> 6) == 2;
        if (ok && len > 1) {
            char one[5] = {0};
            memcpy(one, s + i, len);
            json_t *probe = json_string(one); /* rejects overlong forms and surrogates */
            ok = probe != NULL;
            json_decref(probe);
        }
        if (!ok) {
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            continue;
        }
        memcpy(fixed + o, s + i, len);
        o += len;
        i += len;
    }
    fixed[o] = '\0';
    j = json_string(fixed);
    free(fixed);
    return j;
}

static json_t *snippet_json(const rx_snippet *s)
{
    json_t *hl = json_array();
    for (size_t i = 0; i < s->nhighlights; i++)
        json_array_append_new(hl, json_pack("[II]", (json_int_t)s->highlights[i].offset,
                                            (json_int_t)s->highlights[i].length));
    return json_pack("{s:s, s:s, s:s, s:o}", "section", s->section, "heading", s->heading, "text",
                     s->text, "highlights", hl);
}

static json_t *hit_json(const rx_hit *h)
{
    json_t *brands = json_array(), *snips = json_array();
    for (size_t b = 0; b < h->nbrands; b++)
        json_array_append_new(brands, json_string(h->brands[b]));
    for (size_t k = 0; k < h->nsnippets; k++)
        json_array_append_new(snips, snippet_json(&h->snippets[k]));
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:f, s:b, s:o, s:b, s:o}", "rank", (json_int_t)h->rank,
                  "id", h->id, "path", h->path, "title", h->title, "score", h->score, "named",
                  h->named, "brands", brands, "is_banned", h->is_banned, "snippets", snips);
    if (o && h->nexplain) {
        json_t *ex = json_array();
        for (size_t k = 0; k < h->nexplain; k++)
            json_array_append_new(ex,
                                  json_pack("{s:s, s:s, s:f}", "term", h->explain[k].term, "field",
                                            h->explain[k].field, "weight", h->explain[k].weight));
        json_object_set_new(o, "explain", ex);
    }
    return o;
}

static size_t dump_flags(int compact)
{
    return JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) | (compact ? JSON_COMPACT : JSON_INDENT(2));
}

static int dump(FILE *f, json_t *root, int compact)
{
    if (!root)
        return -1;
    int rc = json_dumpf(root, f, dump_flags(compact));
    fputc('\n', f);
    json_decref(root);
    return rc;
}

static char *dumps(json_t *root)
{
    char *s = root ? json_dumps(root, dump_flags(1)) : NULL;
    json_decref(root);
    return s;
}

static json_t *results_json(const rx_results *res)
{
    json_t *hits = json_array();
    for (size_t i = 0; i < res->nhits; i++)
        json_array_append_new(hits, hit_json(&res->hits[i]));
    return json_pack("{s:o, s:I, s:o, s:b, s:o, s:o}", "query", text(res->query), "total",
                     (json_int_t)res->total, "suggestion", text(res->suggestion), "corrected",
                     res->corrected, "notice", text(res->notice), "results", hits);
}

static json_t *document_json(const rx_document *d)
{
    json_t *brands = json_array(), *parts = json_array();
    for (size_t b = 0; b < d->nbrands; b++)
        json_array_append_new(brands, text(d->brands[b]));
    for (size_t k = 0; k < d->nparts; k++)
        json_array_append_new(parts, json_pack("{s:s, s:o, s:o}", "section", d->parts[k].section,
                                               "heading", text(d->parts[k].heading), "text",
                                               text(d->parts[k].text)));
    return json_pack("{s:o, s:o, s:o, s:o, s:b, s:o}", "id", text(d->id), "path", text(d->path),
                     "title", text(d->title), "brands", brands, "is_banned", d->is_banned, "parts",
                     parts);
}

int output_document_json(FILE *f, const rx_document *doc, int compact)
{
    return dump(f, document_json(doc), compact);
}

char *output_document_json_string(const rx_document *doc)
{
    return dumps(document_json(doc));
}

static json_t *error_json(const char *query, const char *msg)
{
    return json_pack("{s:o, s:o}", "query", text(query), "error", text(msg));
}

int output_json(FILE *f, const rx_results *res, int compact)
{
    return dump(f, results_json(res), compact);
}

int output_json_error(FILE *f, const char *query, const char *msg)
{
    return dump(f, error_json(query, msg), 1);
}

char *output_json_string(const rx_results *res)
{
    return dumps(results_json(res));
}

char *output_json_error_string(const char *query, const char *msg)
{
    return dumps(error_json(query, msg));
}
