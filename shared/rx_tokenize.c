/*
 * rx_tokenize.c: the one tokenizer used for indexing, queries and snippets.
 *
 * A "chunk" is a run of word characters joined by hyphens; each hyphen-separated "part"
 * becomes a token at its own position, and a compound that is not a numeric range also
 * yields the parts joined ("5-HT3" -> 5, ht3, 5ht3) at the first part's position, so
 * "5ht3", "5-HT3" and "5 HT3" (as a phrase) all find it.
 */
#include "rx.h"

#include <string.h>
#include <utf8proc.h>

enum {
    MAX_TOKEN = 64, /* bytes; longer "words" are junk (base64, long lines) and skipped */
    FOLD_MAX = 4 * MAX_TOKEN
};

/* Decodes one code point; invalid bytes decode as -1 and consume one byte. */
static int32_t decode(const char *s, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) {
        *n = 1;
        return -1;
    }
    *n = (size_t)k;
    return cp;
}

static int is_word(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int is_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static int is_letter(int32_t cp)
{
    return is_word(cp) && !is_digit(cp);
}

static int is_hyphen(int32_t cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2013) || cp == 0x2212;
}

static int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

/* Peeks the code point at byte i (or -1 past the end). */
static int32_t peek(const char *s, size_t len, size_t i, size_t *n)
{
    if (i >= len) {
        *n = 0;
        return -1;
    }
    return decode(s, len, i, n);
}

/*
 * End of the part starting at `i`: word characters, plus a '.' between digits (0.5), a
 * ',' before exactly three digits (1,500) and an apostrophe between letters (Alzheimer's).
 */
static int ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t part_end(const char *s, size_t len, size_t i)
{
    int32_t prev = -1;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (ascii_alnum(c)) { /* the common case, without decoding */
            prev = c;
            i++;
            continue;
        }
        size_t n, n2;
        int32_t cp = decode(s, len, i, &n);
        if (is_word(cp)) {
            prev = cp;
            i += n;
            continue;
        }
        int32_t next = peek(s, len, i + n, &n2);
        if (cp == '.' && is_digit(prev) && is_digit(next)) {
            prev = cp;
            i += n;
            continue;
        }
        if (cp == ',' && is_digit(prev) && i + 4 <= len && is_digit((unsigned char)s[i + 1]) &&
            is_digit((unsigned char)s[i + 2]) && is_digit((unsigned char)s[i + 3]) &&
            (i + 4 == len || !is_digit((unsigned char)s[i + 4]))) {
            prev = '0';
            i += 1;
            continue;
        }
        if (is_apostrophe(cp) && is_letter(prev) && is_letter(next)) {
            prev = cp;
            i += n;
            continue;
        }
        break;
    }
    return i;
}

/* Case-folds and strips accents from s[start, end) into out; returns bytes written. */
static size_t fold(const char *s, size_t start, size_t end, char *out)
{
    size_t o = 0;
    for (size_t i = start; i < end;) {
        unsigned char c = (unsigned char)s[i];
        if (ascii_alnum(c)) {
            if (o + 1 > FOLD_MAX)
                return FOLD_MAX + 1;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        size_t n;
        int32_t cp = decode(s, end, i, &n);
        i += n;
        if (cp == ',')
            continue; /* a thousands separator: "1,500" is "1500" */
        if (cp < 0x80) {
            if (o + 1 > FOLD_MAX)
                return FOLD_MAX + 1;
            out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            continue;
        }
        if (is_apostrophe(cp)) {
            if (o + 1 > FOLD_MAX)
                return FOLD_MAX + 1;
            out[o++] = '\'';
            continue;
        }
        utf8proc_int32_t dec[8];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            cp, dec, 8,
            UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
        if (k < 0 || k > 8)
            continue;
        for (utf8proc_ssize_t j = 0; j < k; j++) {
            if (o + 4 > FOLD_MAX)
                return FOLD_MAX + 1;
            o += (size_t)utf8proc_encode_char(dec[j], (utf8proc_uint8_t *)out + o);
        }
    }
    return o;
}

/* Dose units that are split off a number written against them ("50mg"). */
static int is_unit(const char *u, size_t n)
{
    static const char *const units[] = {"mg",   "mcg", "g",  "kg", "ml",  "l",     "iu",
                                        "mmol", "meq", "ug", "μg", "mcl", "units", NULL};
    for (size_t i = 0; units[i]; i++)
        if (strlen(units[i]) == n && memcmp(units[i], u, n) == 0)
            return 1;
    return 0;
}

/* "μg" and "ug" are written "mcg" (the ISMP form) so all three find each other. */
static size_t normalise_unit(char *t, size_t n)
{
    if ((n == 3 && memcmp(t, "μg", 3) == 0) || (n == 2 && memcmp(t, "ug", 2) == 0)) {
        memcpy(t, "mcg", 3);
        return 3;
    }
    return n;
}

typedef struct emitter {
    rx_token_cb cb;
    void *payload;
    uint32_t pos; /* next free position */
} emitter;

static unsigned flags_of(const char *t, size_t n)
{
    unsigned f = (t[0] >= '0' && t[0] <= '9') ? RX_TOKEN_DIGIT : 0;
    int alpha = 1;
    for (size_t i = 0; i < n; i++)
        if ((t[i] >= '0' && t[i] <= '9') || t[i] == '.' || t[i] == '\'')
            alpha = 0;
    return f | (alpha ? RX_TOKEN_ALPHA : 0);
}

static int emit(emitter *e, char *t, size_t n, size_t start, size_t end, uint32_t pos,
                unsigned flags)
{
    if (n == 0 || n > MAX_TOKEN)
        return 0;
    n = normalise_unit(t, n);
    rx_token tok = {t, n, start, end, pos, flags | flags_of(t, n)};
    return e->cb(e->payload, &tok);
}

/* Emits one part, splitting a dose unit off a number ("50mg" -> 50, mg, and 50mg). */
static int emit_part(emitter *e, const char *s, size_t start, size_t end, unsigned flags)
{
    char t[FOLD_MAX + 8];
    size_t n = fold(s, start, end, t);
    if (n > MAX_TOKEN) {
        e->pos++;
        return 0;
    }
    size_t d = 0;
    while (d < n && ((t[d] >= '0' && t[d] <= '9') || t[d] == '.'))
        d++;
    if (d > 0 && d < n && t[d - 1] != '.' && is_unit(t + d, n - d)) {
        /* Source offset where the unit starts: after the digits, dots and commas. */
        size_t u = start;
        while (u < end && ((s[u] >= '0' && s[u] <= '9') || s[u] == '.' || s[u] == ','))
            u++;
        uint32_t p = e->pos;
        char num[FOLD_MAX + 8], unit[FOLD_MAX + 8];
        memcpy(num, t, d);
        memcpy(unit, t + d, n - d);
        int rc = emit(e, num, d, start, u, p, flags);
        if (!rc)
            rc = emit(e, unit, n - d, u, end, p + 1, flags);
        if (!rc)
            rc = emit(e, t, n, start, end, p, flags | RX_TOKEN_JOINED);
        e->pos += 2;
        return rc;
    }
    int rc = emit(e, t, n, start, end, e->pos, flags);
    e->pos++;
    return rc;
}

int rx_tokenize(const char *text, size_t len, rx_token_cb cb, void *payload)
{
    if (!text || !cb)
        return len ? RX_EINVAL : 0;
    emitter e = {cb, payload, 0};
    size_t i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = decode(text, len, i, &n);
        if (!is_word(cp)) {
            i += n;
            continue;
        }
        /* A chunk: parts separated by single hyphens between word characters. */
        size_t chunk_start = i, end = part_end(text, len, i);
        size_t next_n;
        int32_t after = peek(text, len, end, &n);
        int compound = is_hyphen(after) && is_word(peek(text, len, end + n, &next_n));
        if (!compound) {
            int rc = emit_part(&e, text, i, end, 0);
            if (rc)
                return rc;
            i = end;
            continue;
        }
        char joined[MAX_TOKEN + FOLD_MAX + 8];
        size_t jlen = 0;
        int all_numeric = 1;
        uint32_t first_pos = e.pos;
        for (;;) {
            char t[FOLD_MAX + 8];
            size_t tn = fold(text, i, end, t);
            if (tn <= MAX_TOKEN && jlen + tn <= MAX_TOKEN) {
                memcpy(joined + jlen, t, tn);
                jlen += tn;
            } else {
                jlen = MAX_TOKEN + 1;
            }
            if (tn == 0 || tn > MAX_TOKEN || !(t[0] >= '0' && t[0] <= '9'))
                all_numeric = 0;
            int rc = emit_part(&e, text, i, end, RX_TOKEN_PART);
            if (rc)
                return rc;
            after = peek(text, len, end, &n);
            if (!(is_hyphen(after) && is_word(peek(text, len, end + n, &next_n))))
                break;
            i = end + n;
            end = part_end(text, len, i);
        }
        if (!all_numeric && jlen <= MAX_TOKEN) {
            int rc = emit(&e, joined, jlen, chunk_start, end, first_pos, RX_TOKEN_JOINED);
            if (rc)
                return rc;
        }
        i = end;
    }
    return 0;
}
