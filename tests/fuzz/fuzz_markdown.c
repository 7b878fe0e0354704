/*
 * fuzz_markdown.c: the Markdown body. The input follows a fixed front matter,
 * "---\ntitle: T\n---\n<input>", and goes through the public parser; the doc is walked
 * string by string.
 */
#include "fuzz.h"

static const char head[] = "---\ntitle: T\n---\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *text = fuzz_wrap(head, data, size, "", &len);
    if (!text)
        return 0;

    rx_doc *doc = NULL;
    rx_error err;
    memset(&err, 0, sizeof err);
    int rc = rx_doc_parse(&doc, text, len, "fuzz.md", &err);
    if (rc == RX_OK) {
        fuzz_walk_doc(doc);
        FUZZ_CHECK(strcmp(doc->title, "T") == 0, "the front matter's title is kept");
    } else {
        /* The front matter is fixed and valid: only a binary body may be refused. */
        FUZZ_CHECK(doc == NULL, "no doc on failure");
        fuzz_check_error(rc, &err);
        FUZZ_CHECK(rc == RX_EPARSE || rc == RX_ENOMEM, "bad input is RX_EPARSE");
        FUZZ_CHECK(rc != RX_EPARSE || memchr(text, '\0', len < 8192 ? len : 8192) ||
                       strstr(err.msg, "invalid UTF-8"),
                   "a body is refused only as binary (NUL bytes or invalid UTF-8)");
    }
    rx_doc_free(doc);
    free(text);
    return 0;
}
