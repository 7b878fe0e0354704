/*
 * rx_doc.c: parsing a monograph file into an rx_doc: input repair (BOM, CRLF, invalid
 * UTF-8), the front matter split, FAQ cleaning, and the title fallback.
 */
#include "rx.h"
#include "rx_buf.h"
#include "rx_doc_build.h"
#include "rx_error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* Bytes. A real monograph is 5-12 KB; a file this large is not one, and indexing it
 * whole would take memory out of proportion. Larger files are refused, not read. */
enum { MAX_FILE = 16 * 1024 * 1024 };

const char *rx__doc_strdup(rx_doc_builder *b, const char *s, size_t len)
{
    if (b->oom)
        return "";
    char *p = rx_arena_strndup(b->arena, s, len);
    if (!p) {
        b->oom = 1;
        return "";
    }
    return p;
}

#define GROW(b, arr, n, cap)                                                                       \
    do {                                                                                           \
        void *g_ = rx_arena_grow((b)->arena, (void *)(arr), (n), &(cap), (n) + 1, sizeof *(arr));  \
        if (!g_) {                                                                                 \
            (b)->oom = 1;                                                                          \
            return;                                                                                \
        }                                                                                          \
        memcpy(&(arr), &g_, sizeof g_);                                                            \
    } while (0)

void rx__doc_add_passage(rx_doc_builder *b, const char *section, const char *heading,
                         const char *text, size_t len, int line)
{
    if (b->oom || len == 0)
        return;
    rx_doc *d = b->doc;
    GROW(b, d->passages, d->npassages, b->cap_passages);
    rx_passage *p = &d->passages[d->npassages];
    p->section = rx__doc_strdup(b, section, strlen(section));
    p->heading = rx__doc_strdup(b, heading, strlen(heading));
    p->text = rx__doc_strdup(b, text, len);
    p->text_len = len;
    p->line = line;
    if (!b->oom)
        d->npassages++;
}

void rx__doc_warn(rx_doc_builder *b, int line, const char *fmt, ...)
{
    if (b->oom)
        return;
    char msg[256];
    int n = line > 0 ? snprintf(msg, sizeof msg, "line %d: ", line) : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    rx_doc *d = b->doc;
    GROW(b, d->warnings, d->nwarnings, b->cap_warnings);
    d->warnings[d->nwarnings] = rx__doc_strdup(b, msg, strlen(msg));
    if (!b->oom)
        d->nwarnings++;
}

/* Copies s without '*' characters, with runs of white space made one space, trimmed. */
static size_t clean_text(const char *s, size_t len, char *out)
{
    size_t o = 0;
    int space = 1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '*')
            continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                out[o++] = ' ';
            space = 1;
            continue;
        }
        out[o++] = c;
        space = 0;
    }
    while (o && out[o - 1] == ' ')
        o--;
    return o;
}

/* Drops a leading label such as "Q3:", "Q:" or "A:" (after cleaning). */
static const char *drop_label(const char *s, size_t *len, char letter)
{
    size_t i = 0;
    if (i < *len && (s[i] == letter || s[i] == letter + 32)) {
        i++;
        while (i < *len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i < *len && (s[i] == ':' || s[i] == '.')) {
            i++;
            while (i < *len && s[i] == ' ')
                i++;
            *len -= i;
            return s + i;
        }
    }
    return s;
}

/* Letters and digits only, lower case: how two questions are compared. */
static int same_question(const char *a, const char *b)
{
    for (;;) {
        while (*a && !((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') ||
                       (*a >= '0' && *a <= '9') || (unsigned char)*a >= 0x80))
            a++;
        while (*b && !((*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z') ||
                       (*b >= '0' && *b <= '9') || (unsigned char)*b >= 0x80))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        char ca = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a);
        char cb = (char)(*b >= 'A' && *b <= 'Z' ? *b + 32 : *b);
        if (ca != cb)
            return 0;
        a++;
        b++;
    }
}

static const char *find_answer_marker(const char *q, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if ((q[i] == 'A' || q[i] == 'a') && q[i + 1] == ':' && (i == 0 || q[i - 1] == '*') &&
            (q[i + 2] == '*' || q[i + 2] == ' '))
            return q + i;
    return NULL;
}

void rx__doc_add_faq_raw(rx_doc_builder *b, const char *q, size_t qlen, const char *a, size_t alen)
{
    if (b->oom)
        return;
    /* The question often carries "?**\n\n**A:** answer": cut it at the answer label. */
    const char *mark = find_answer_marker(q, qlen);
    if (mark) {
        if (alen == 0) {
            a = mark;
            alen = qlen - (size_t)(mark - q);
        }
        qlen = (size_t)(mark - q);
    }
    char *qc = rx_arena_alloc(b->arena, qlen + 1), *ac = rx_arena_alloc(b->arena, alen + 1);
    if (!qc || !ac) {
        b->oom = 1;
        return;
    }
    size_t qn = clean_text(q, qlen, qc), an = clean_text(a, alen, ac);
    const char *qs = drop_label(qc, &qn, 'Q'), *as = drop_label(ac, &an, 'A');
    if (qn == 0 && an == 0)
        return;
    qc[(size_t)(qs - qc) + qn] = '\0';
    ac[(size_t)(as - ac) + an] = '\0';
    rx_doc *d = b->doc;
    for (size_t i = 0; i < d->nfaqs; i++)
        if (same_question(d->faqs[i].q, qs))
            return;
    GROW(b, d->faqs, d->nfaqs, b->cap_faqs);
    d->faqs[d->nfaqs].q = qs;
    d->faqs[d->nfaqs].a = as;
    d->nfaqs++;
}

void rx__doc_add_brands(rx_doc_builder *b, const char *list, size_t len)
{
    size_t i = 0;
    while (i < len && !b->oom) {
        size_t j = i;
        while (j < len && list[j] != ',' && list[j] != ';')
            j++;
        size_t s = i, e = j;
        while (s < e && (list[s] == ' ' || list[s] == '*' || list[s] == '\n'))
            s++;
        while (e > s && (list[e - 1] == ' ' || list[e - 1] == '.' || list[e - 1] == '*' ||
                         list[e - 1] == '\n'))
            e--;
        if (e > s) {
            rx_doc *d = b->doc;
            GROW(b, d->brands, d->nbrands, b->cap_brands);
            d->brands[d->nbrands] = rx__doc_strdup(b, list + s, e - s);
            if (!b->oom)
                d->nbrands++;
        }
        i = j + 1;
    }
}

/*
 * Repairs the input into `out`: drops a UTF-8 BOM, turns CRLF and lone CR into LF, and
 * replaces invalid UTF-8 and NUL bytes with U+FFFD. Returns the number of repairs and the
 * first line that needed one.
 */
static size_t repair_input(const char *text, size_t len, rx_buf *out, int *first_bad_line)
{
    size_t bad = 0, i = 0;
    int line = 1;
    *first_bad_line = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    rx_buf_grow(out, len);
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\r') {
            rx_buf_putc(out, '\n');
            line++;
            i += (i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '\n')
            line++;
        if (c < 0x80 && c != 0) {
            rx_buf_putc(out, (char)c);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = c ? utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                                  (utf8proc_ssize_t)(len - i), &cp)
                               : -1;
        if (n <= 0) {
            rx_buf_put(out, "\xEF\xBF\xBD", 3);
            if (!bad++)
                *first_bad_line = line;
            i++;
            continue;
        }
        rx_buf_put(out, text + i, (size_t)n);
        i += (size_t)n;
    }
    return bad;
}

/* Is this line (without its '\n') a front matter fence: "---" or "..." plus spaces? */
static int is_fence(const char *s, size_t len, int allow_dots)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len == 3 && (memcmp(s, "---", 3) == 0 || (allow_dots && memcmp(s, "...", 3) == 0));
}

static const char *base_name(const char *name, size_t *len)
{
    const char *slash = strrchr(name, '/');
    const char *b = slash ? slash + 1 : name;
    const char *dot = strrchr(b, '.');
    *len = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    return b;
}

int rx_doc_parse(rx_doc **out, const char *text, size_t len, const char *name, rx_error *err)
{
    rx_buf in = RX_BUF_INIT;
    rx_doc_builder b = {0};
    int rc = RX_OK;
    if (!out || (!text && len))
        return rx__fail(err, RX_EINVAL, name, 0, "rx_doc_parse: bad arguments");
    *out = NULL;
    if (!name)
        name = "(input)";
    b.name = name;
    b.arena = rx_arena_new();
    b.doc = b.arena ? rx_arena_alloc(b.arena, sizeof(rx_doc)) : NULL;
    if (!b.doc) {
        rc = rx__fail(err, RX_ENOMEM, name, 0, "out of memory");
        goto done;
    }
    b.doc->arena_ = b.arena;
    b.doc->title = b.doc->description = b.doc->last_modified = b.doc->classification = "";

    size_t nonblank = 0;
    for (size_t i = 0; i < len && !nonblank; i++)
        nonblank = !(text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t');
    if (!nonblank) {
        rc = rx__fail(err, RX_EPARSE, name, 1, "empty file");
        goto done;
    }
    if (memchr(text, '\0', len < 8192 ? len : 8192)) {
        rc = rx__fail(err, RX_EPARSE, name, 1, "binary file (NUL bytes), not a monograph");
        goto done;
    }
    int bad_line;
    size_t bad = repair_input(text, len, &in, &bad_line);
    if (in.oom) {
        rc = rx__fail(err, RX_ENOMEM, name, 0, "out of memory");
        goto done;
    }
    if (bad > len / 10 + 16) {
        rc = rx__fail(err, RX_EPARSE, name, bad_line,
                      "binary file (%zu invalid UTF-8 bytes), not a monograph", bad);
        goto done;
    }
    if (bad)
        rx__doc_warn(&b, bad_line, "invalid UTF-8 replaced (%zu byte%s)", bad, bad == 1 ? "" : "s");

    /* Front matter: a "---" first line, then YAML up to a "---" or "..." line. */
    const char *s = in.ptr;
    size_t n = in.len;
    const char *nl = memchr(s, '\n', n);
    size_t first_len = nl ? (size_t)(nl - s) : n;
    if (!is_fence(s, first_len, 0)) {
        rc = rx__fail(err, RX_EPARSE, name, 1, "no front matter: the file must start with '---'");
        goto done;
    }
    size_t yaml_start = nl ? first_len + 1 : n, pos = yaml_start, yaml_end = 0, body = 0;
    int line = 2, body_line = 0;
    while (pos < n) {
        const char *e = memchr(s + pos, '\n', n - pos);
        size_t l = e ? (size_t)(e - (s + pos)) : n - pos;
        if (is_fence(s + pos, l, 1)) {
            yaml_end = pos;
            body = e ? pos + l + 1 : n;
            body_line = line + 1;
            break;
        }
        pos += l + 1;
        line++;
    }
    if (!body_line) {
        rc = rx__fail(err, RX_EPARSE, name, 1,
                      "unterminated front matter: no closing '---' line after line 1");
        goto done;
    }
    rc = rx__frontmatter_parse(&b, s + yaml_start, yaml_end - yaml_start, 2, err);
    if (rc != RX_OK)
        goto done;
    rc = rx__markdown_parse(&b, s + body, n - body, body_line, err);
    if (rc != RX_OK)
        goto done;

    rx_doc *d = b.doc;
    if (!d->title[0]) {
        size_t bl;
        const char *bn = base_name(name, &bl);
        /* The Markdown walker records the first heading as a candidate in d->title's place
         * only when the front matter had none; see rx_markdown.c. */
        d->title = rx__doc_strdup(&b, bn, bl);
        rx__doc_warn(&b, 0, "no title in the front matter or headings; using the file name");
    }
    /* FAQs become passages last, so snippets can quote them with their question. */
    for (size_t i = 0; i < d->nfaqs && !b.oom; i++) {
        rx_buf t = RX_BUF_INIT;
        rx_buf_printf(&t, "Q: %s\nA: %s", d->faqs[i].q, d->faqs[i].a);
        if (t.oom)
            b.oom = 1;
        else
            rx__doc_add_passage(&b, "faq", "FAQs", t.ptr, t.len, 0);
        rx_buf_free(&t);
    }
    if (b.oom) {
        rc = rx__fail(err, RX_ENOMEM, name, 0, "out of memory");
        goto done;
    }
    *out = d;
    b.arena = NULL;
done:
    rx_buf_free(&in);
    rx_arena_free(b.arena);
    return rc;
}

int rx_doc_parse_file(rx_doc **out, const char *path, rx_error *err)
{
    FILE *f = NULL;
    char *data = NULL;
    int rc = RX_OK;
    if (!out || !path)
        return rx__fail(err, RX_EINVAL, path, 0, "rx_doc_parse_file: bad arguments");
    *out = NULL;
    f = fopen(path, "rb");
    if (!f) {
        rc = rx__fail(err, errno == ENOENT ? RX_ENOTFOUND : RX_EIO, path, 0, "cannot open: %s",
                      strerror(errno));
        goto done;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = rx__fail(err, RX_EIO, path, 0, "not a regular file");
        goto done;
    }
    if (st.st_size > MAX_FILE) {
        rc = rx__fail(err, RX_EPARSE, path, 0, "file too large (%lld bytes; the limit is %d MB)",
                      (long long)st.st_size, MAX_FILE / (1024 * 1024));
        goto done;
    }
    size_t size = (size_t)st.st_size;
    data = malloc(size + 1);
    if (!data) {
        rc = rx__fail(err, RX_ENOMEM, path, 0, "out of memory");
        goto done;
    }
    size_t got = fread(data, 1, size, f);
    if (ferror(f)) {
        rc = rx__fail(err, RX_EIO, path, 0, "read failed: %s", strerror(errno));
        goto done;
    }
    rc = rx_doc_parse(out, data, got, path, err);
done:
    free(data);
    if (f)
        fclose(f);
    return rc;
}

void rx_doc_free(rx_doc *doc)
{
    if (doc)
        rx_arena_free(doc->arena_);
}
