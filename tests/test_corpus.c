/* test_corpus.c: every monograph in the default corpus parses into the seed's structure. */
#include "harness.h"
#include "rx.h"

#include <dirent.h>

static int has_section(const rx_doc *d, const char *id)
{
    for (size_t i = 0; i < d->npassages; i++)
        if (strcmp(d->passages[i].section, id) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const sections[] = {"usage",        "names",        "mechanism",
                                           "dosage",       "side_effects", "contraindications",
                                           "interactions", "pregnancy",    "summary",
                                           "precautions",  "faq",          NULL};
    if (argc < 2) {
        printf("1..0 # SKIP no corpus directory given\n");
        return 77;
    }
    DIR *dir = opendir(argv[1]);
    OK(dir != NULL, "corpus directory opens");
    if (!dir)
        return done_testing();
    int files = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
            continue;
        char path[1024], what[1200];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        rx_doc *d = NULL;
        rx_error err = {0};
        files++;
        int rc = rx_doc_parse_file(&d, path, &err);
        snprintf(what, sizeof what, "%s parses", e->d_name);
        INT_EQ(rc, RX_OK, what);
        if (rc != RX_OK) {
            printf("#   %s:%d: %s\n", err.file, err.line, err.msg);
            continue;
        }
        int missing = 0;
        for (int s = 0; sections[s]; s++)
            if (!has_section(d, sections[s])) {
                printf("#   %s: no %s section\n", e->d_name, sections[s]);
                missing++;
            }
        snprintf(what, sizeof what, "%s has every section", e->d_name);
        INT_EQ(missing, 0, what);
        snprintf(what, sizeof what, "%s: title, brands, classification, 5+ FAQs, no warnings",
                 e->d_name);
        OK(d->title[0] && d->nbrands >= 1 && d->classification[0] && d->nfaqs >= 5 &&
               d->nwarnings == 0 && d->description[0],
           what);
        for (size_t f = 0; f < d->nfaqs; f++)
            if (strstr(d->faqs[f].q, "A:") || strchr(d->faqs[f].q, '*') ||
                strchr(d->faqs[f].a, '*'))
                printf("#   %s: FAQ %zu not clean\n", e->d_name, f + 1), missing++;
        snprintf(what, sizeof what, "%s: FAQs cleaned", e->d_name);
        INT_EQ(missing, 0, what);
        rx_doc_free(d);
    }
    closedir(dir);
    OK(files >= 60, "at least 60 monographs in the default corpus");
    return done_testing();
}
