/*
 * fuzz_frontmatter.c: the YAML front matter. The input becomes the front matter of a
 * minimal monograph, "---\n<input>\n---\n## Usage\n\nx\n", which goes through the public
 * parser; a parsed doc is walked string by string, a refused one must say why in one line.
 */
#include "fuzz.h"

static const char head[] = "---\n";
static const char tail[] = "\n---\n## Usage\n\nx\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *text = fuzz_wrap(head, data, size, tail, &len);
    if (!text)
        return 0;

    rx_doc *doc = NULL;
    rx_error err;
    memset(&err, 0, sizeof err);
    int rc = rx_doc_parse(&doc, text, len, "fuzz.md", &err);
    if (rc == RX_OK) {
        fuzz_walk_doc(doc);
    } else {
        FUZZ_CHECK(doc == NULL, "no doc on failure");
        fuzz_check_error(rc, &err);
        FUZZ_CHECK(rc == RX_EPARSE || rc == RX_ENOMEM, "bad input is RX_EPARSE");
        FUZZ_CHECK(err.line >= 0, "err.line");
    }
    rx_doc_free(doc);
    free(text);
    return 0;
}
