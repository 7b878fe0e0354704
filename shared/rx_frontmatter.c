/* rx_frontmatter.c: the YAML front matter (libyaml document API) into rx_doc fields. */
#include "rx.h"
#include "rx_doc_build.h"
#include "rx_error.h"

#include <string.h>
#include <strings.h>
#include <yaml.h>

typedef struct fm {
    rx_doc_builder *b;
    yaml_document_t *ydoc;
    int first_line; /* file line of the YAML's first line */
    rx_error *err;
} fm;

static int line_of(const fm *f, const yaml_node_t *n)
{
    return f->first_line + (int)n->start_mark.line;
}

static const char *kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "empty";
    }
}

static int want_scalar(fm *f, const yaml_node_t *n, const char *key)
{
    if (n->type == YAML_SCALAR_NODE)
        return RX_OK;
    return rx__fail(f->err, RX_EPARSE, f->b->name, line_of(f, n),
                    "front matter: '%s' must be text, not %s", key, kind_name(n));
}

static const char *scalar(fm *f, const yaml_node_t *n, size_t *len)
{
    *len = n->data.scalar.length;
    return rx__doc_strdup(f->b, (const char *)n->data.scalar.value, *len);
}

static int parse_bool(fm *f, const yaml_node_t *n, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "y", NULL};
    static const char *const no[] = {"false", "no", "off", "n", NULL};
    int rc = want_scalar(f, n, "is_banned");
    if (rc)
        return rc;
    const char *v = (const char *)n->data.scalar.value;
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return *out = 1, RX_OK;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(v, no[i]) == 0)
            return *out = 0, RX_OK;
    return rx__fail(f->err, RX_EPARSE, f->b->name, line_of(f, n),
                    "front matter: is_banned must be true or false, not '%.40s'", v);
}

static int parse_faqs(fm *f, yaml_node_t *list)
{
    if (list->type == YAML_SCALAR_NODE && list->data.scalar.length == 0)
        return RX_OK; /* "faqs:" with nothing after it */
    if (list->type != YAML_SEQUENCE_NODE)
        return rx__fail(f->err, RX_EPARSE, f->b->name, line_of(f, list),
                        "front matter: 'faqs' must be a list of q/a items, not %s",
                        kind_name(list));
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(f->ydoc, *it);
        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE)
            return rx__fail(f->err, RX_EPARSE, f->b->name, line_of(f, item),
                            "front matter: each FAQ must be a mapping with q and a, not %s",
                            kind_name(item));
        const char *q = NULL, *a = NULL;
        size_t qlen = 0, alen = 0;
        for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(f->ydoc, p->key);
            yaml_node_t *v = yaml_document_get_node(f->ydoc, p->value);
            if (!k || !v || k->type != YAML_SCALAR_NODE)
                continue;
            const char *key = (const char *)k->data.scalar.value;
            int is_q = strcmp(key, "q") == 0, is_a = strcmp(key, "a") == 0;
            if (!is_q && !is_a)
                continue;
            int rc = want_scalar(f, v, is_q ? "q" : "a");
            if (rc)
                return rc;
            if (is_q)
                q = (const char *)v->data.scalar.value, qlen = v->data.scalar.length;
            else
                a = (const char *)v->data.scalar.value, alen = v->data.scalar.length;
        }
        if (!q)
            return rx__fail(f->err, RX_EPARSE, f->b->name, line_of(f, item),
                            "front matter: FAQ item has no 'q'");
        if (!a) {
            /* Tolerated when the answer is inside the question, as real files do. */
            a = "";
        }
        rx__doc_add_faq_raw(f->b, q, qlen, a, alen);
    }
    return RX_OK;
}

int rx__frontmatter_parse(rx_doc_builder *b, const char *yaml, size_t len, int first_line,
                          rx_error *err)
{
    yaml_parser_t parser;
    yaml_document_t ydoc;
    int rc = RX_OK, have_doc = 0;
    if (!yaml_parser_initialize(&parser))
        return rx__fail(err, RX_ENOMEM, b->name, 0, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &ydoc)) {
        int line = first_line + (int)parser.problem_mark.line;
        rc = rx__fail(err, RX_EPARSE, b->name, line, "front matter: YAML error: %s%s%s",
                      parser.problem ? parser.problem : "malformed", parser.context ? " " : "",
                      parser.context ? parser.context : "");
        if (err)
            err->column = (int)parser.problem_mark.column + 1;
        goto done;
    }
    have_doc = 1;
    fm f = {b, &ydoc, first_line, err};
    yaml_node_t *root = yaml_document_get_root_node(&ydoc);
    if (!root)
        goto done; /* empty front matter: the title falls back later */
    if (root->type != YAML_MAPPING_NODE) {
        rc = rx__fail(err, RX_EPARSE, b->name, line_of(&f, root),
                      "front matter must be a mapping of keys (title, description, ...), not %s",
                      kind_name(root));
        goto done;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&ydoc, p->key);
        yaml_node_t *v = yaml_document_get_node(&ydoc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE)
            continue;
        const char *key = (const char *)k->data.scalar.value;
        size_t n;
        if (strcmp(key, "title") == 0) {
            if ((rc = want_scalar(&f, v, "title")))
                goto done;
            const char *t = scalar(&f, v, &n);
            while (*t == ' ')
                t++;
            b->doc->title = t;
        } else if (strcmp(key, "description") == 0) {
            if ((rc = want_scalar(&f, v, "description")))
                goto done;
            const char *d = scalar(&f, v, &n);
            /* Real descriptions start with a stray list marker: "- Amitriptyline ...". */
            while (*d == '-' || *d == ' ')
                d++;
            b->doc->description = d;
        } else if (strcmp(key, "is_banned") == 0) {
            if ((rc = parse_bool(&f, v, &b->doc->is_banned)))
                goto done;
        } else if (strcmp(key, "lastModified") == 0) {
            if ((rc = want_scalar(&f, v, "lastModified")))
                goto done;
            b->doc->last_modified = scalar(&f, v, &n);
        } else if (strcmp(key, "faqs") == 0) {
            if ((rc = parse_faqs(&f, v)))
                goto done;
        }
    }
    if (b->oom)
        rc = rx__fail(err, RX_ENOMEM, b->name, 0, "out of memory");
done:
    if (have_doc)
        yaml_document_delete(&ydoc);
    yaml_parser_delete(&parser);
    return rc;
}
