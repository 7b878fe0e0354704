/* rx_section.c: canonical section ids, tolerant heading matching, ranking weights. */
#include "rx.h"
#include "rx_section.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* clang-format off */
const rx_field rx__fields[] = {
    /* id                 label                      wdf  snippet spell positions */
    {"title",             "Title",                   14,  0.0, 1, 1},
    {"brand",             "Brand Names",             12,  0.0, 1, 1},
    {"usage",             "Usage",                    6,  1.0, 1, 1},
    {"description",       "Description",              3,  0.5, 1, 1},
    {"names",             "Alternate Names",          4,  0.6, 1, 1},
    {"mechanism",         "How It Works",             2,  0.5, 0, 1},
    {"dosage",            "Dosage",                   2,  0.7, 0, 1},
    {"contraindications", "Contraindications",        2,  0.7, 1, 1},
    {"interactions",      "Drug Interactions",        2,  0.7, 0, 1},
    {"pregnancy",         "Pregnancy and Breastfeeding", 2, 0.7, 1, 1},
    {"precautions",       "Precautions",              2,  0.6, 0, 1},
    {"side_effects",      "Side Effects",             1,  0.6, 1, 1},
    {"summary",           "Drug Profile Summary",     1,  0.3, 0, 0},
    {"combinations",      "Popular Combinations",     1,  0.4, 0, 1},
    {"faq",               "FAQs",                     1,  0.5, 0, 0},
    {"",                  "Other",                    1,  0.4, 0, 1}, /* unknown sections */
};
/* clang-format on */
const size_t rx__nfields = sizeof rx__fields / sizeof rx__fields[0];

const rx_field *rx__field(const char *id, size_t len)
{
    for (size_t i = 0; i + 1 < rx__nfields; i++)
        if (strlen(rx__fields[i].id) == len && memcmp(rx__fields[i].id, id, len) == 0)
            return &rx__fields[i];
    return &rx__fields[rx__nfields - 1];
}

int rx_section_is_known(const char *id, size_t len)
{
    return rx__field(id, len)->id[0] != '\0';
}

size_t rx__field_prefix(const char *id, size_t len, char *out, size_t size)
{
    size_t n = 0;
    if (size < len + 3)
        return 0;
    out[n++] = 'X';
    for (size_t i = 0; i < len; i++)
        out[n++] = (char)toupper((unsigned char)id[i]);
    out[n++] = ':';
    out[n] = '\0';
    return n;
}

/* Keywords tried in order against the normalised heading; the first that occurs wins.
 * "Drug Profile Summary" must match summary before "drug" could match anything else. */
static const struct {
    const char *key;
    const char *id;
} heading_keys[] = {
    {"frequently asked", "faq"},
    {"faq", "faq"},
    {"summary", "summary"},
    {"profile", "summary"},
    {"side effect", "side_effects"},
    {"adverse", "side_effects"},
    {"contraindicat", "contraindications"},
    {"interaction", "interactions"},
    {"pregnan", "pregnancy"},
    {"breastfeed", "pregnancy"},
    {"lactation", "pregnancy"},
    {"alternate name", "names"},
    {"other name", "names"},
    {"brand name", "names"},
    {"how it works", "mechanism"},
    {"mechanism", "mechanism"},
    {"pharmacology", "mechanism"},
    {"dosage", "dosage"},
    {"dosing", "dosage"},
    {"dose", "dosage"},
    {"combination", "combinations"},
    {"precaution", "precautions"},
    {"warning", "precautions"},
    {"usage", "usage"},
    {"uses", "usage"},
    {"indication", "usage"},
};

const char *rx_section_canonical(const char *heading, size_t len, char *buf, size_t size)
{
    /* Normalise: lower case, letters and digits kept, everything else one space. */
    char norm[128];
    size_t n = 0;
    int space = 1;
    for (size_t i = 0; i < len && n + 1 < sizeof norm; i++) {
        unsigned char c = (unsigned char)heading[i];
        if (isalnum(c) || c >= 0x80) {
            norm[n++] = (char)tolower(c);
            space = 0;
        } else if (!space) {
            norm[n++] = ' ';
            space = 1;
        }
    }
    while (n && norm[n - 1] == ' ')
        n--;
    norm[n] = '\0';
    for (size_t k = 0; k < sizeof heading_keys / sizeof heading_keys[0]; k++)
        if (strstr(norm, heading_keys[k].key))
            return heading_keys[k].id;
    /* Unknown: a slug of ASCII letters and digits, so it is also a usable field name. */
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (isalnum(c))
            buf[o++] = (char)c;
        else if (c == ' ' && o && buf[o - 1] != '_')
            buf[o++] = '_';
    }
    while (o && buf[o - 1] == '_')
        o--;
    if (o == 0)
        snprintf(buf, size, "other");
    else
        buf[o] = '\0';
    return buf;
}
