/*
 * rx_stem.c: Snowball "english" (libstemmer) with a short exception list for medical
 * words that the algorithm conflates wrongly (hepatitis/hepatic) or fails to conflate
 * (pregnant/pregnancy, dose/dosage, allergic/allergy, units written as plurals: mgs/mg,
 * and irregular plurals: children/child). Not feet/foot:
 * "numbness in hands and feet" then found linezolid's "diabetic foot infections".
 */
#include "rx.h"
#include "rx_error.h"
#include "rx_stemcache.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

struct rx_stemmer {
    struct sb_stemmer *sb; /* not thread-safe: one rx_stemmer per thread */
    char out[80];          /* the returned stem for exceptions and unstemmed words */
};

/* word -> stem. Keep sorted by word; bump the version in rx_stemmer_id() on change. */
static const struct {
    const char *word;
    const char *stem;
} exceptions[] = {
    {"allergic", "allergi"},
    {"anaemia", "anaem"},
    {"anaemic", "anaem"},
    {"anemia", "anem"},
    {"anemic", "anem"},
    {"arthritic", "arthrit"},
    {"arthritis", "arthrit"},
    {"children", "child"},
    {"dosage", "dose"},
    {"dosages", "dose"},
    {"dosing", "dose"},
    {"hepatitis", "hepatitis"},
    {"ius", "iu"},
    {"lice", "lous"},
    {"mcgs", "mcg"},
    {"men", "man"},
    {"mgs", "mg"},
    {"organic", "organic"},
    {"pregnancies", "pregnanc"},
    {"pregnancy", "pregnanc"},
    {"pregnant", "pregnanc"},
    {"teeth", "tooth"},
    {"women", "woman"},
};

const char *rx_stemmer_id(void)
{
    return "snowball-english+rx4";
}

int rx_stemmer_new(rx_stemmer **out, rx_error *err)
{
    if (!out)
        return rx__fail(err, RX_EINVAL, NULL, 0, "rx_stemmer_new: out is NULL");
    *out = NULL;
    rx_stemmer *st = calloc(1, sizeof *st);
    if (!st)
        return rx__fail(err, RX_ENOMEM, NULL, 0, "out of memory");
    st->sb = sb_stemmer_new("english", "UTF_8");
    if (!st->sb) {
        free(st);
        return rx__fail(err, RX_ENOMEM, NULL, 0, "libstemmer: cannot create the english stemmer");
    }
    *out = st;
    return RX_OK;
}

void rx_stemmer_free(rx_stemmer *st)
{
    if (!st)
        return;
    sb_stemmer_delete(st->sb);
    free(st);
}

static int cmp_word(const char *w, size_t n, const char *key)
{
    size_t k = strlen(key);
    int c = memcmp(w, key, n < k ? n : k);
    return c ? c : (n < k ? -1 : n > k);
}

/* The stem the exception list gives word, or NULL. */
static const char *exception_of(const char *word, size_t len)
{
    size_t lo = 0, hi = sizeof exceptions / sizeof exceptions[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_word(word, len, exceptions[mid].word);
        if (c == 0)
            return exceptions[mid].stem;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *rx__stem_exception(size_t i, const char **stem)
{
    if (i >= sizeof exceptions / sizeof exceptions[0])
        return NULL;
    *stem = exceptions[i].stem;
    return exceptions[i].word;
}

int rx__stem_has_irregular_word(const char *stem, size_t len)
{
    size_t prefix = len > 1 ? len - 1 : len;
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
        if (strlen(exceptions[i].stem) == len && memcmp(exceptions[i].stem, stem, len) == 0 &&
            (strlen(exceptions[i].word) < prefix || memcmp(exceptions[i].word, stem, prefix) != 0))
            return 1;
    return 0;
}

const char *rx_stem(rx_stemmer *st, const char *word, size_t len, size_t *out_len)
{
    int plain = len < sizeof st->out;
    for (size_t i = 0; i < len && plain; i++)
        if (word[i] >= '0' && word[i] <= '9')
            plain = 0;
    if (!plain || len < 3) {
        /* Codes (cyp2d6), doses and very short words are kept as written. */
        size_t n = len < sizeof st->out - 1 ? len : sizeof st->out - 1;
        memcpy(st->out, word, n);
        st->out[n] = '\0';
        *out_len = n;
        return st->out;
    }
    /* -pathy/-pathic: Snowball gives "neuropathi" and "neuropath"; make both "neuropath". */
    static const char *const path_suffixes[] = {"pathies", "pathy", "pathic"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(path_suffixes[i]);
        if (len > n + 1 && memcmp(word + len - n, path_suffixes[i], n) == 0) {
            memcpy(st->out, word, len - n + 4);
            st->out[len - n + 4] = '\0';
            *out_len = len - n + 4;
            return st->out;
        }
    }
    const char *ex = exception_of(word, len);
    if (ex) {
        *out_len = strlen(ex);
        return ex;
    }
    const sb_symbol *s = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
    if (!s) {
        memcpy(st->out, word, len);
        st->out[len] = '\0';
        *out_len = len;
        return st->out;
    }
    *out_len = (size_t)sb_stemmer_length(st->sb);
    return (const char *)s;
}
