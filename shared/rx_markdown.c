/*
 * rx_markdown.c: the Markdown body (cmark AST) into passages.
 *
 * `##` headings open sections (mapped to canonical ids), `###`/`####` open subsections;
 * each run of blocks under one heading path becomes one passage. Bold-labelled list items
 * yield fields (Brand Names, Pharmacological Classification). The FAQ section yields
 * question/answer pairs instead of passages. The walk uses cmark's iterator, not recursion,
 * so deeply nested input cannot exhaust the stack.
 */
#include "rx.h"
#include "rx_buf.h"
#include "rx_doc_build.h"
#include "rx_error.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct walker {
    rx_doc_builder *b;
    int first_line;       /* file line of the body's first line */
    char section[64];     /* canonical id of the current `##` section */
    rx_buf label;         /* display text of the `##` heading */
    rx_buf h3, h4;        /* current subheadings, or empty */
    rx_buf text;          /* passage being collected */
    int text_line;        /* file line where it started */
    int in_faq;           /* inside the FAQ section */
    rx_buf q, a;          /* FAQ pair being collected */
    rx_buf first_heading; /* title fallback */
    rx_buf tmp;
} walker;

/* Appends the plain text of an inline or block subtree; blocks end with '\n'. */
static void render(cmark_node *node, rx_buf *out)
{
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER) {
            switch (t) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
            case CMARK_NODE_CODE_BLOCK:
                rx_buf_puts(out, cmark_node_get_literal(n));
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                rx_buf_putc(out, ' ');
                break;
            default:
                break;
            }
        }
        if ((ev == CMARK_EVENT_EXIT || t == CMARK_NODE_CODE_BLOCK) &&
            (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK)) {
            if (out->len && out->ptr[out->len - 1] != '\n')
                rx_buf_putc(out, '\n');
        }
    }
    cmark_iter_free(it);
}

/* Trims spaces, '*' and a trailing ':' from a heading or label. */
static int trimmed(char c, int colon)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '*' || (colon && c == ':');
}

static void tidy(rx_buf *b)
{
    if (!b->ptr)
        return; /* nothing was ever appended: an empty heading such as "#" */
    size_t s = 0, e = b->len;
    while (s < e && trimmed(b->ptr[s], 0))
        s++;
    while (e > s && trimmed(b->ptr[e - 1], 1))
        e--;
    memmove(b->ptr, b->ptr + s, e - s);
    b->len = e - s;
    b->ptr[b->len] = '\0';
}

static void heading_text(cmark_node *h, rx_buf *out)
{
    rx_buf_clear(out);
    render(h, out);
    tidy(out);
}

static int line_of(const walker *w, cmark_node *n)
{
    return w->first_line + cmark_node_get_start_line(n) - 1;
}

/* Collapses runs of spaces within lines, drops blank lines, trims. */
static size_t squeeze(char *s, size_t len)
{
    size_t o = 0;
    int space = 0, line_start = 1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            space = !line_start;
            continue;
        }
        if (c == '\n') {
            if (!line_start)
                s[o++] = '\n';
            line_start = 1;
            space = 0;
            continue;
        }
        if (space)
            s[o++] = ' ';
        space = 0;
        line_start = 0;
        s[o++] = c;
    }
    while (o && (s[o - 1] == '\n' || s[o - 1] == ' '))
        o--;
    return o;
}

static void flush_passage(walker *w)
{
    if (w->text.len == 0 || w->text.oom)
        goto done;
    w->text.len = squeeze(w->text.ptr, w->text.len);
    if (w->text.len == 0)
        goto done;
    rx_buf path = RX_BUF_INIT;
    rx_buf_puts(&path, w->label.len ? w->label.ptr : "Introduction");
    if (w->h3.len) {
        rx_buf_puts(&path, " › ");
        rx_buf_put(&path, w->h3.ptr, w->h3.len);
    }
    if (w->h4.len) {
        rx_buf_puts(&path, " › ");
        rx_buf_put(&path, w->h4.ptr, w->h4.len);
    }
    if (path.oom)
        w->b->oom = 1;
    else
        rx__doc_add_passage(w->b, w->section, path.ptr, w->text.ptr, w->text.len, w->text_line);
    rx_buf_free(&path);
done:
    rx_buf_clear(&w->text);
}

static void flush_faq(walker *w)
{
    if (w->q.len || w->a.len)
        rx__doc_add_faq_raw(w->b, w->q.ptr ? w->q.ptr : "", w->q.len, w->a.ptr ? w->a.ptr : "",
                            w->a.len);
    rx_buf_clear(&w->q);
    rx_buf_clear(&w->a);
}

/* A list item that starts with bold text ending in ':' is a labelled field. */
static void labelled_item(walker *w, cmark_node *item)
{
    cmark_node *para = cmark_node_first_child(item);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
        return;
    cmark_node *strong = cmark_node_first_child(para);
    if (!strong || cmark_node_get_type(strong) != CMARK_NODE_STRONG)
        return;
    rx_buf_clear(&w->tmp);
    render(strong, &w->tmp);
    tidy(&w->tmp);
    int is_brand = w->tmp.len && (strncasecmp(w->tmp.ptr, "brand name", 10) == 0 ||
                                  strncasecmp(w->tmp.ptr, "brands", 6) == 0);
    int is_class = w->tmp.len && strncasecmp(w->tmp.ptr, "pharmacological class", 21) == 0;
    if (!is_brand && !is_class)
        return;
    rx_buf_clear(&w->tmp);
    for (cmark_node *n = cmark_node_next(strong); n; n = cmark_node_next(n))
        render(n, &w->tmp);
    tidy(&w->tmp);
    if (!w->tmp.len)
        return;
    if (is_brand)
        rx__doc_add_brands(w->b, w->tmp.ptr, w->tmp.len);
    else if (!w->b->doc->classification[0])
        w->b->doc->classification = rx__doc_strdup(w->b, w->tmp.ptr, w->tmp.len);
}

static void scan_fields(walker *w, cmark_node *block)
{
    cmark_iter *it = cmark_iter_new(block);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_ITEM)
            labelled_item(w, n);
    }
    cmark_iter_free(it);
}

/* In the FAQ section a paragraph "Q: ...?" (bold or not) also starts a question. */
static int starts_question(const rx_buf *t)
{
    size_t i = 0;
    if (t->len < 3 || (t->ptr[0] != 'Q' && t->ptr[0] != 'q'))
        return 0;
    i = 1;
    while (i < t->len && t->ptr[i] >= '0' && t->ptr[i] <= '9')
        i++;
    return i < t->len && (t->ptr[i] == ':' || t->ptr[i] == '.');
}

static void faq_block(walker *w, cmark_node *n)
{
    rx_buf_clear(&w->tmp);
    render(n, &w->tmp);
    tidy(&w->tmp);
    if (starts_question(&w->tmp)) {
        flush_faq(w);
        rx_buf_put(&w->q, w->tmp.ptr, w->tmp.len);
        return;
    }
    if (w->q.len) {
        if (w->a.len)
            rx_buf_putc(&w->a, ' ');
        rx_buf_put(&w->a, w->tmp.ptr, w->tmp.len);
        return;
    }
    /* Text in the FAQ section that belongs to no question: keep it as a passage. */
    if (!w->text.len)
        w->text_line = line_of(w, n);
    rx_buf_put(&w->text, w->tmp.ptr, w->tmp.len);
    rx_buf_putc(&w->text, '\n');
}

static void heading(walker *w, cmark_node *n)
{
    int level = cmark_node_get_heading_level(n);
    flush_passage(w);
    if (w->in_faq && level >= 3) {
        flush_faq(w);
        heading_text(n, &w->q);
        return;
    }
    if (level <= 2) {
        flush_faq(w);
        heading_text(n, &w->label);
        if (!w->first_heading.len && w->label.len)
            rx_buf_put(&w->first_heading, w->label.ptr, w->label.len);
        if (level == 1) {
            /* A document title, not a section: text after it stays introductory. */
            rx_buf_clear(&w->label);
            snprintf(w->section, sizeof w->section, "intro");
        } else {
            char slug[64];
            const char *id = rx_section_canonical(w->label.ptr ? w->label.ptr : "", w->label.len,
                                                  slug, sizeof slug);
            snprintf(w->section, sizeof w->section, "%s", id);
        }
        w->in_faq = strcmp(w->section, "faq") == 0;
        rx_buf_clear(&w->h3);
        rx_buf_clear(&w->h4);
        return;
    }
    if (level == 3) {
        heading_text(n, &w->h3);
        rx_buf_clear(&w->h4);
    } else {
        heading_text(n, &w->h4);
    }
    if (!w->first_heading.len)
        heading_text(n, &w->first_heading);
}

int rx__markdown_parse(rx_doc_builder *b, const char *md, size_t len, int first_line, rx_error *err)
{
    walker w = {.b = b, .first_line = first_line};
    snprintf(w.section, sizeof w.section, "intro");
    cmark_node *root = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
    if (!root)
        return rx__fail(err, RX_ENOMEM, b->name, 0, "out of memory parsing Markdown");
    for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_HEADING) {
            heading(&w, n);
            continue;
        }
        if (t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_HTML_BLOCK)
            continue;
        scan_fields(&w, n);
        if (w.in_faq) {
            faq_block(&w, n);
            continue;
        }
        if (!w.text.len)
            w.text_line = line_of(&w, n);
        render(n, &w.text);
    }
    flush_passage(&w);
    flush_faq(&w);
    if (!b->doc->title[0] && w.first_heading.len) {
        b->doc->title = rx__doc_strdup(b, w.first_heading.ptr, w.first_heading.len);
        rx__doc_warn(b, 0, "no title in the front matter; using the first heading '%.60s'",
                     b->doc->title);
    }
    int oom = w.text.oom || w.label.oom || w.h3.oom || w.h4.oom || w.q.oom || w.a.oom ||
              w.tmp.oom || w.first_heading.oom;
    rx_buf_free(&w.text);
    rx_buf_free(&w.label);
    rx_buf_free(&w.h3);
    rx_buf_free(&w.h4);
    rx_buf_free(&w.q);
    rx_buf_free(&w.a);
    rx_buf_free(&w.tmp);
    rx_buf_free(&w.first_heading);
    cmark_node_free(root);
    if (oom || b->oom)
        return rx__fail(err, RX_ENOMEM, b->name, 0, "out of memory");
    return RX_OK;
}
