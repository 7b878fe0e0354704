/* test_parse.c: monograph parsing on the seed and on crafted variants and bad input. */
#include "harness.h"
#include "rx.h"

static const rx_passage *find(const rx_doc *d, const char *section, const char *heading)
{
    for (size_t i = 0; i < d->npassages; i++)
        if (strcmp(d->passages[i].section, section) == 0 &&
            (!heading || strcmp(d->passages[i].heading, heading) == 0))
            return &d->passages[i];
    return NULL;
}

static rx_doc *parse(const char *text, rx_error *err)
{
    rx_doc *d = NULL;
    memset(err, 0, sizeof *err);
    rx_doc_parse(&d, text, strlen(text), "test.md", err);
    return d;
}

static void test_seed(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/seed/amitriptyline-methylcobalamin.md", dir);
    rx_doc *d = NULL;
    rx_error err = {0};
    int rc = rx_doc_parse_file(&d, path, &err);
    INT_EQ(rc, RX_OK, "seed parses");
    if (rc != RX_OK) {
        printf("#   %s\n", err.msg);
        return;
    }
    STR_EQ(d->title, "Amitriptyline + Methylcobalamin", "seed title");
    INT_EQ(d->is_banned, 0, "seed is_banned");
    STR_EQ(d->last_modified, "2025-09-22T17:22:07.936Z", "seed lastModified");
    STR_HAS(d->description, "neuropathic pain (nerve pain)", "seed description");
    OK(d->description[0] == 'A', "description loses its stray '- '");
    INT_EQ(d->nbrands, 2, "two brands");
    STR_EQ(d->nbrands > 1 ? d->brands[1] : NULL, "Nervijen-P", "brands split on commas");
    STR_HAS(d->classification, "tricyclic antidepressant", "classification field");
    INT_EQ(d->nfaqs, 10, "ten FAQs, body duplicates merged");
    STR_EQ(d->nfaqs ? d->faqs[0].q : NULL,
           "What is the recommended dosage for Amitriptyline + Methylcobalamin?",
           "question cleaned of ** and of the repeated answer");
    STR_EQ(d->nfaqs ? d->faqs[1].a : NULL,
           "Drowsiness, dizziness, dry mouth, constipation, blurred vision.",
           "answer cleaned of its A:** label");
    const rx_passage *p = find(d, "dosage", "Dosage › Standard Dosage › Special Cases");
    OK(p != NULL, "heading path Dosage › Standard Dosage › Special Cases");
    STR_HAS(p ? p->text : NULL, "Patients with Hepatic Dysfunction: Contraindicated",
            "bold label kept as text");
    p = find(d, "side_effects", "Side Effects › Common Side Effects");
    STR_HAS(p ? p->text : NULL, "Drowsiness, dizziness", "side effects passage");
    OK(find(d, "usage", "Usage") != NULL, "usage section");
    OK(find(d, "names", NULL) != NULL, "alternate names -> names");
    OK(find(d, "mechanism", NULL) != NULL, "how it works -> mechanism");
    OK(find(d, "contraindications", NULL) != NULL, "contraindications");
    OK(find(d, "interactions", NULL) != NULL, "drug interactions -> interactions");
    OK(find(d, "pregnancy", NULL) != NULL, "pregnancy and breastfeeding -> pregnancy");
    OK(find(d, "summary", NULL) != NULL, "drug profile summary -> summary");
    OK(find(d, "combinations", NULL) != NULL, "popular combinations -> combinations");
    OK(find(d, "precautions", NULL) != NULL, "precautions");
    p = find(d, "faq", NULL);
    STR_HAS(p ? p->text : NULL, "Q: What is the recommended dosage", "FAQ passage text");
    INT_EQ(d->nwarnings, 0, "no warnings on the seed");
    rx_doc_free(d);
}

static const char *BASIC = "---\n"
                           "title: Testdrug\n"
                           "description: '- Used for testing.'\n"
                           "is_banned: true\n"
                           "faqs:\n"
                           "  - q: 'Is it clean?'\n"
                           "    a: 'Yes, it is.'\n"
                           "---\n"
                           "## Usage\n\n"
                           "- Testdrug treats **testitis**.\n\n"
                           "## Alternate Names:\n\n"
                           "- Brand Names: not bold here\n"
                           "- **Brand Names:** Alpha, Beta-X , Gamma.\n\n"
                           "## **Dosage**\n\n"
                           "### Adults\n\n"
                           "- 10 mg daily.\n\n"
                           "## **Storage**\n\n"
                           "Keep below 25 °C.\n";

static void test_variants(void)
{
    rx_error err;
    rx_doc *d = parse(BASIC, &err);
    OK(d != NULL, "basic variant parses");
    if (!d)
        return;
    STR_EQ(d->title, "Testdrug", "title");
    INT_EQ(d->is_banned, 1, "is_banned true");
    INT_EQ(d->nbrands, 3, "only the bold label is a field");
    STR_EQ(d->nbrands > 2 ? d->brands[1] : NULL, "Beta-X", "brand trimmed");
    STR_EQ(d->nbrands > 2 ? d->brands[2] : NULL, "Gamma", "trailing period dropped");
    OK(find(d, "names", "Alternate Names") != NULL, "heading without ** and with a colon");
    OK(find(d, "dosage", "Dosage › Adults") != NULL, "### directly under ##");
    const rx_passage *p = find(d, "storage", "Storage");
    OK(p != NULL, "unknown section kept as its slug");
    STR_EQ(p ? p->text : NULL, "Keep below 25 °C.", "unknown section text");
    INT_EQ(d->nfaqs, 1, "clean FAQ from front matter");
    STR_EQ(d->nfaqs ? d->faqs[0].a : NULL, "Yes, it is.", "clean answer untouched");
    rx_doc_free(d);

    /* CRLF line endings and a BOM. */
    char crlf[2048];
    size_t o = 0;
    o += (size_t)snprintf(crlf, sizeof crlf, "\xEF\xBB\xBF");
    for (const char *s = BASIC; *s && o + 2 < sizeof crlf; s++) {
        if (*s == '\n')
            crlf[o++] = '\r';
        crlf[o++] = *s;
    }
    crlf[o] = '\0';
    d = parse(crlf, &err);
    OK(d != NULL, "CRLF + BOM parses");
    STR_EQ(d ? d->title : NULL, "Testdrug", "CRLF title");
    p = d ? find(d, "storage", NULL) : NULL;
    STR_EQ(p ? p->text : NULL, "Keep below 25 °C.", "no CR left in text");
    rx_doc_free(d);

    /* FAQs only in the body, with the usual mess. */
    d = parse("---\ntitle: X\n---\n## FAQs\n\n### **Q1: Can I drive?**\n**A:** Not if drowsy.\n\n"
              "### **Q2: With food?**\n**A:** Yes.\n",
              &err);
    INT_EQ(d ? d->nfaqs : 0, 2, "body-only FAQs collected");
    STR_EQ(d && d->nfaqs ? d->faqs[0].q : NULL, "Can I drive?", "Q1: label dropped");
    STR_EQ(d && d->nfaqs ? d->faqs[0].a : NULL, "Not if drowsy.", "body answer");
    rx_doc_free(d);

    /* Missing title falls back to the first heading, with a warning. */
    d = parse("---\ndescription: x\n---\n# Heading Title\n\n## Usage\n\ntext\n", &err);
    STR_EQ(d ? d->title : NULL, "Heading Title", "title from the first heading");
    OK(d && d->nwarnings == 1, "fallback is warned about");
    rx_doc_free(d);
    d = parse("---\n---\nJust text.\n", &err);
    STR_EQ(d ? d->title : NULL, "test", "title from the file name");
    rx_doc_free(d);

    char bad[] = "---\ntitle: Bad\xff\xfe bytes\n---\n## Usage\n\nok\n";
    d = parse(bad, &err);
    OK(d != NULL, "invalid UTF-8 is repaired");
    STR_HAS(d && d->nwarnings ? d->warnings[0] : NULL, "line 2: invalid UTF-8 replaced",
            "repair warned with its line");
    rx_doc_free(d);
}

static void expect_error(const char *text, int line, const char *msg, const char *what)
{
    rx_error err;
    rx_doc *d = parse(text, &err);
    char buf[700];
    snprintf(buf, sizeof buf, "%s: fails", what);
    OK(d == NULL && err.code == RX_EPARSE, buf);
    snprintf(buf, sizeof buf, "%s: line %d", what, line);
    INT_EQ(err.line, line, buf);
    snprintf(buf, sizeof buf, "%s: message", what);
    STR_HAS(err.msg, msg, buf);
    STR_EQ(err.file, "test.md", "error names the file");
    rx_doc_free(d);
}

static void test_errors(void)
{
    expect_error("", 1, "empty file", "empty");
    expect_error("## Usage\n\ntext\n", 1, "no front matter", "no front matter");
    expect_error("---\ntitle: X\n## Usage\n", 1, "unterminated front matter", "unterminated");
    expect_error("---\ntitle: X\n  bad: [1,\n---\nbody\n", 3, "YAML error", "YAML syntax");
    expect_error("---\n- a\n- b\n---\nbody\n", 2, "must be a mapping", "list front matter");
    expect_error("---\njust a scalar\n---\nbody\n", 2, "not a scalar", "scalar front matter");
    expect_error("---\ntitle: X\nis_banned: maybe\n---\n", 3, "is_banned must be true or false",
                 "is_banned maybe");
    expect_error("---\ntitle: [a, b]\n---\n", 2, "'title' must be text", "title list");
    expect_error("---\ntitle: X\nfaqs: nope\n---\n", 3, "'faqs' must be a list", "faqs scalar");
    expect_error("---\ntitle: X\nfaqs:\n  - a: only\n---\n", 4, "has no 'q'", "faq without q");
    char bin[64] = "---\ntitle: X\n---\n";
    bin[20] = '\0';
    rx_error err = {0};
    rx_doc *d = NULL;
    INT_EQ(rx_doc_parse(&d, bin, sizeof bin, "bin.md", &err), RX_EPARSE, "binary file refused");
    STR_HAS(err.msg, "binary", "binary named");
    rx_error e2 = {0};
    INT_EQ(rx_doc_parse_file(&d, "/nonexistent/x.md", &e2), RX_ENOTFOUND, "missing file");
    STR_EQ(e2.file, "/nonexistent/x.md", "missing file named");
}

int main(int argc, char **argv)
{
    if (argc > 1)
        test_seed(argv[1]);
    else
        printf("# seed tests skipped: no shared directory given\n");
    test_variants();
    test_errors();
    return done_testing();
}
