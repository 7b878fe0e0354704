/*
 * rx_stem.c: Snowball "english" (libstemmer) with a short exception list for medical
 * words that the algorithm conflates wrongly (hepatitis/hepatic) or fails to conflate
 * (pregnant/pregnancy, dose/dosage, allergic/allergy, units written as plurals: mgs/mg,
 * and irregular plurals: children/child). Not feet/foot:
 * "numbness in hands and feet" then found linezolid's "diabetic foot infections".
 * British spellings of medical words are stemmed as the American ones ("hyponatraemia",
 * "dyspnoea", "haemorrhage", "oedema", "tumour"): the monographs use both.
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
    {"anemia", "anem"},
    {"anemic", "anem"},
    {"arthritic", "arthrit"},
    {"arthritis", "arthrit"},
    {"behaviour", "behavior"},
    {"behavioural", "behavior"},
    {"behaviours", "behavior"},
    {"children", "child"},
    {"colour", "color"},
    {"coloured", "color"},
    {"colours", "color"},
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
    {"tumour", "tumor"},
    {"tumours", "tumor"},
    {"women", "woman"},
};

const char *rx_stemmer_id(void)
{
    return "snowball-english+rx5";
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

/* A British spelling of a medical word as the American one: -aemia/-aemic, haem-, paed-,
 * oedema, oesophag-, oestr-, foet-, anaes-, coeliac, a final -oea or -oeal. Writes the word
 * into out (len bytes at most, every change shortens it) and returns its length, or 0
 * when the word has none of them. */
static size_t us_spelling(const char *w, size_t len, char *out)
{
    static const char *const starts[][2] = {{"oesoph", "esoph"}, {"oedem", "edem"},
                                            {"oestr", "estr"},   {"foet", "fet"},
                                            {"anaes", "anes"},   {"coeliac", "celiac"}};
    static const char *const inside[][2] = {{"aemi", "emi"}, {"haem", "hem"}, {"paed", "ped"}};
    /* Every spelling above has an "ae" or "oe": most words end the look here (rx_stem
     * runs on every word indexed and every word of a passage scored for snippets). */
    size_t i = 0;
    while (i + 1 < len && !(w[i + 1] == 'e' && (w[i] == 'a' || w[i] == 'o')))
        i++;
    if (i + 1 >= len)
        return 0;
    size_t n = 0;
    i = 0;
    int changed = 0;
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t f = strlen(starts[k][0]);
        if (len >= f && memcmp(w, starts[k][0], f) == 0) {
            n = strlen(starts[k][1]);
            memcpy(out, starts[k][1], n);
            i = f;
            changed = 1;
            break;
        }
    }
    while (i < len) {
        size_t k = 0, f = 0;
        for (; k < sizeof inside / sizeof *inside; k++) {
            f = strlen(inside[k][0]);
            if (len - i >= f && memcmp(w + i, inside[k][0], f) == 0)
                break;
        }
        if (k < sizeof inside / sizeof *inside) {
            size_t t = strlen(inside[k][1]);
            memcpy(out + n, inside[k][1], t);
            n += t;
            i += f;
            changed = 1;
        } else {
            out[n++] = w[i++];
        }
    }
    /* diarrhoea, dyspnoea, apnoea; diarrhoeal */
    size_t tail = n >= 5 && memcmp(out + n - 4, "oeal", 4) == 0  ? 4
                  : n >= 4 && memcmp(out + n - 3, "oea", 3) == 0 ? 3
                                                                 : 0;
    if (tail) {
        memmove(out + n - tail, out + n - tail + 1, tail - 1);
        n--;
        changed = 1;
    }
    return changed ? n : 0;
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
    char us[sizeof st->out];
    size_t uslen = len < sizeof us ? us_spelling(word, len, us) : 0;
    if (uslen) {
        word = us;
        len = uslen;
    }
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
