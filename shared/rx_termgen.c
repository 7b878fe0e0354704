/* rx_termgen.c: tokens of each field to index terms (see rx_termgen.h for the scheme). */
#include "rx_termgen.h"
#include "rx_buf.h"
#include "rx_error.h"
#include "rx_population.h"
#include "rx_section.h"
#include "rx_stopwords.h"
#include "rx_synonyms.h"

#include <string.h>

enum {
    FIELD_GAP = 100, /* positions between fields and passages, so phrases never span them */
    TERM_MAX = 240   /* Xapian's limit is 245 bytes */
};

typedef struct field_ctx {
    rx_termgen *tg;
    rx_xdoc *xdoc;
    char prefix[80]; /* "XUSAGE:" */
    size_t prefix_len;
    unsigned wdf;  /* section weight for Z terms */
    int spell;     /* this field's words go to the spelling table */
    int positions; /* and their positions are stored */
    uint32_t base; /* position of this field's first token */
    uint32_t last; /* highest position used */
    rx_error *err;
    int rc;
} field_ctx;

/* Adds wdf to prefix + t in the document's term table, written out once per term (terms
 * longer than Xapian's limit are skipped). With once, the term is one the document has
 * or has not, which no repetition weighs more: an exact name ("amlodipine" is the title,
 * and "Amlodipine besylate" without its salt). */
static int put(field_ctx *c, const char *prefix, size_t plen, const char *t, size_t n, unsigned wdf,
               int once)
{
    char term[TERM_MAX + 8];
    if (plen + n > TERM_MAX)
        return RX_OK;
    memcpy(term, prefix, plen);
    memcpy(term + plen, t, n);
    rx_strmap_entry *e = rx_strmap_put(&c->tg->terms, term, plen + n);
    if (!e)
        return rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
    e->value = once ? 1 : e->value + wdf;
    return RX_OK;
}

static int add(field_ctx *c, const char *prefix, size_t plen, const char *t, size_t n, unsigned wdf)
{
    return put(c, prefix, plen, t, n, wdf, 0);
}

/* A word for the did-you-mean list: alphabetic, four letters or more (shorter ones are
 * never corrected), not part of a joined code. */
static int is_spell_word(const rx_token *tok)
{
    return (tok->flags & RX_TOKEN_ALPHA) && tok->len >= 4 && !(tok->flags & RX_TOKEN_JOINED);
}

static int on_token(void *payload, const rx_token *tok)
{
    field_ctx *c = payload;
    uint32_t pos = c->base + tok->pos;
    if (pos > c->last)
        c->last = pos;
    size_t slen;
    const char *stem = rx__stem_cached(&c->tg->stems, c->tg->stemmer, tok->text, tok->len, &slen);
    int rc = RX_OK;
    /* The stem carries the positions (phrases) and, summed at the end, the weighted wdf.
     * Positions still advance where none are stored, so phrases never join two fields. */
    if (c->positions && slen + 1 <= TERM_MAX) {
        char z[TERM_MAX + 1];
        z[0] = RX_PREFIX_STEM[0];
        memcpy(z + 1, stem, slen);
        rc = rx_xdoc_add_posting(c->xdoc, z, slen + 1, pos, 0, c->err);
    }
    if (!rc)
        rc = add(c, RX_PREFIX_STEM, 1, stem, slen, c->wdf);
    if (!rc && !rx__is_function_word(tok->text, tok->len))
        rc = add(c, c->prefix, c->prefix_len, stem, slen, 1);
    /* Spelling data: the words of the fields that name drugs and conditions. */
    if (!rc && c->spell && is_spell_word(tok)) {
        rx_strmap_entry *e = rx_strmap_put(&c->tg->spell, tok->text, tok->len);
        if (!e)
            rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        else
            e->value++;
    }
    c->rc = rc;
    return rc;
}

static int index_field(field_ctx *c, const char *field, const char *text, size_t len)
{
    const rx_field *f = rx__field(field, strlen(field));
    c->prefix_len = rx__field_prefix(field, strlen(field), c->prefix, sizeof c->prefix);
    c->wdf = c->tg->flat ? 1 : f->wdf;
    c->spell = f->spell;
    c->positions = f->positions;
    c->rc = RX_OK;
    int rc = rx_tokenize(text, len, on_token, c);
    c->base = c->last + FIELD_GAP;
    return c->rc ? c->rc : rc;
}

typedef struct spell_ctx {
    rx_strmap *spell;
    int64_t delta;
} spell_ctx;

static int on_spell_token(void *payload, const rx_token *tok)
{
    spell_ctx *c = payload;
    if (!is_spell_word(tok))
        return RX_OK;
    rx_strmap_entry *e = rx_strmap_put(c->spell, tok->text, tok->len);
    if (!e)
        return RX_ENOMEM;
    e->value += (uint64_t)c->delta;
    return RX_OK;
}

int rx__termgen_spell_words(rx_strmap *spell, const char *field, const char *text, size_t len,
                            int64_t delta)
{
    if (!rx__field(field, strlen(field))->spell)
        return RX_OK;
    spell_ctx c = {spell, delta};
    return rx_tokenize(text, len, on_spell_token, &c);
}

int rx__termgen_init(rx_termgen *tg, rx_error *err)
{
    memset(tg, 0, sizeof *tg);
    return rx_stemmer_new(&tg->stemmer, err);
}

void rx__termgen_clear(rx_termgen *tg)
{
    rx_stemmer_free(tg->stemmer);
    rx_strmap_free(&tg->terms);
    rx__stem_cache_free(&tg->stems);
    rx_strmap_free(&tg->spell);
    memset(tg, 0, sizeof *tg);
}

/* "XEXACT:" + the name's folded words: a query naming exactly this drug or brand. */
static int add_exact(field_ctx *c, const char *name)
{
    rx_buf words = RX_BUF_INIT;
    rx__words(name, strlen(name), &words);
    int rc = words.oom ? RX_ENOMEM : RX_OK;
    if (!rc && words.len)
        rc = put(c, RX_PREFIX_EXACT, strlen(RX_PREFIX_EXACT), words.ptr, words.len, 1, 1);
    rx_buf_free(&words);
    return rc;
}

/* One alternate name ("Levothyroxine sodium") as an exact name without the salt and form
 * words that end it ("levothyroxine"; "soluble insulin" stays whole); at most four words,
 * like the names a query is matched on. */
static int add_alternate(field_ctx *c, const char *name, size_t len)
{
    /* A description names other drugs or a class: "related to acarbose and miglitol",
     * "active metabolite desloratadine", "Mineralocorticoid receptor antagonist". */
    static const char *const describing[] = {"related", "similar",    "metabolite", "metabolites",
                                             "agonist", "antagonist", "inhibitor",  "blocker"};
    rx_buf words = RX_BUF_INIT;
    rx__words(name, len, &words);
    for (size_t a = 0, b = 0; b <= words.len && !words.oom; b++) {
        if (b < words.len && words.ptr[b] != ' ')
            continue;
        for (size_t k = 0; k < sizeof describing / sizeof *describing; k++)
            if (b - a == strlen(describing[k]) &&
                memcmp(words.ptr + a, describing[k], b - a) == 0) {
                rx_buf_free(&words);
                return RX_OK;
            }
        a = b + 1;
    }
    size_t n = words.len > 0;
    for (size_t i = 0; i < words.len; i++)
        n += words.ptr[i] == ' ';
    size_t end = words.len;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && words.ptr[start - 1] != ' ')
            start--;
        if (start == 0 || !rx__is_title_only_word(words.ptr + start, end - start))
            break;
        /* "Vitamin A acid" is not "vitamin a" */
        if (start >= 2 && words.ptr[start - 2] != ' ' &&
            (start == 2 || words.ptr[start - 3] == ' '))
            break;
        end = start - 1;
    }
    /* A salt alone ("acetate" of "… sodium succinate and acetate") names nothing. */
    if (end && !memchr(words.ptr, ' ', end) && rx__is_title_only_word(words.ptr, end))
        end = 0;
    int rc = words.oom ? RX_ENOMEM : RX_OK;
    if (!rc && end && n <= 4)
        rc = put(c, RX_PREFIX_EXACT, strlen(RX_PREFIX_EXACT), words.ptr, end, 1, 1);
    rx_buf_free(&words);
    return rc;
}

/* Whether text[i..] starts with the word w (lower case) followed by a space. */
static int word_at(const char *text, size_t i, size_t end, const char *w)
{
    size_t n = strlen(w);
    if (i + n >= end || text[i + n] != ' ')
        return 0;
    for (size_t k = 0; k < n; k++)
        if ((text[i + k] | 0x20) != w[k])
            return 0;
    return 1;
}

/* The other names of a single drug, listed before the brand names of its Alternate Names
 * section ("Levothyroxine sodium; L-thyroxine; T4. Brand Names: ...", "Cephalexin (USAN);
 * cefalexin monohydrate", "Amoxicillin, amoxicillin trihydrate", "Marketed elsewhere as
 * Viagra and Revatio"): split at ';' and ',' (not "UK 14,304"), without what is in
 * parentheses, each from its last "as" on, and then at "and" and "or" too. A combination's list
 * names its parts, which are other monographs' drugs: skipped. */
static int add_alternates(field_ctx *c, const rx_doc *doc, const char *text, size_t len)
{
    if (strchr(doc->title, '+'))
        return RX_OK;
    const char *label = memchr(text, ':', len);
    size_t end = label ? (size_t)(label - text) : len;
    /* Back to the end of the sentence before the label ("T4. Brand Names:"). */
    while (label && end > 0 && text[end - 1] != '.' && text[end - 1] != ';')
        end--;
    rx_buf names = RX_BUF_INIT; /* the names, each ended by ';' */
    size_t depth = 0;
    int listing = 0; /* after "as": "and" and "or" separate names too */
    for (size_t i = 0; i < end; i++) {
        char ch = text[i];
        if (ch == '(' || (ch == ')' && depth)) {
            depth += ch == '(' ? 1 : (size_t)-1;
            continue;
        }
        if (depth)
            continue;
        int at_word = i == 0 || text[i - 1] == ' ';
        int in_number = ch == ',' && i > 0 && i + 1 < end && text[i - 1] >= '0' &&
                        text[i - 1] <= '9' && text[i + 1] >= '0' && text[i + 1] <= '9';
        if ((ch == ',' && !in_number) || ch == ';' ||
            (ch == '.' && (i + 1 == end || text[i + 1] == ' '))) {
            listing &= ch == ',';
            ch = ';';
        } else if (at_word && word_at(text, i, end, "as")) {
            /* "Marketed elsewhere as Viagra and Revatio": the names are what follows */
            while (names.len && names.ptr[names.len - 1] != ';')
                names.len--;
            i += 2;
            listing = 1;
            continue;
        } else if (listing && at_word &&
                   (word_at(text, i, end, "and") || word_at(text, i, end, "or"))) {
            i += (text[i] | 0x20) == 'o' ? 2 : 3;
            ch = ';';
        }
        rx_buf_putc(&names, ch);
    }
    rx_buf_putc(&names, ';');
    int rc = names.oom ? RX_ENOMEM : RX_OK;
    for (size_t i = 0; i < names.len && !rc;) {
        size_t j = i;
        while (names.ptr[j] != ';')
            j++;
        rc = add_alternate(c, names.ptr + i, j - i);
        i = j + 1;
    }
    rx_buf_free(&names);
    return rc;
}

static int on_class_token(void *payload, const rx_token *tok)
{
    field_ctx *c = payload;
    if (rx__is_function_word(tok->text, tok->len))
        return 0;
    size_t slen;
    const char *stem = rx__stem_cached(&c->tg->stems, c->tg->stemmer, tok->text, tok->len, &slen);
    c->rc = put(c, RX_PREFIX_CLASS, strlen(RX_PREFIX_CLASS), stem, slen, 1, 1);
    return c->rc;
}

/* "X_CLASS:" + each stem of the Pharmacological Classification row ("HMG-CoA reductase
 * inhibitor (statin)"): the class a query may name instead of a drug. */
static int add_class(field_ctx *c, const char *row)
{
    c->rc = RX_OK;
    rx_tokenize(row, strlen(row), on_class_token, c);
    return c->rc;
}

/* "X_POP:hepatic:adjust" and/or "X_POP:hepatic:avoid" for what the Dosage lines and the
 * Contraindications say. */
static int add_population(field_ctx *c, int pop, unsigned advice)
{
    int rc = RX_OK;
    for (unsigned kind = RX_POP_ADJUST; kind <= RX_POP_AVOID && !rc; kind <<= 1) {
        char term[64];
        size_t n = rx__population_term(pop, kind, term, sizeof term);
        if (advice & kind)
            rc = add(c, RX_PREFIX_POP, strlen(RX_PREFIX_POP), term, n, 1);
    }
    return rc;
}

int rx__termgen_doc(rx_termgen *tg, const rx_doc *doc, rx_xdoc *xdoc, rx_error *err)
{
    field_ctx c = {.tg = tg, .xdoc = xdoc, .err = err};
    rx_strmap_clear(&tg->spell);
    rx_strmap_clear(&tg->terms);
    int rc = index_field(&c, "title", doc->title, strlen(doc->title));
    if (!rc)
        rc = add_exact(&c, doc->title);
    for (size_t i = 0; i < doc->nbrands && !rc; i++) {
        rc = index_field(&c, "brand", doc->brands[i], strlen(doc->brands[i]));
        if (!rc)
            rc = add_exact(&c, doc->brands[i]);
    }
    if (!rc && doc->description[0])
        rc = index_field(&c, "description", doc->description, strlen(doc->description));
    unsigned advice[RX_NPOPS] = {0};
    for (size_t i = 0; i < doc->npassages && !rc; i++) {
        const rx_passage *p = &doc->passages[i];
        rc = index_field(&c, p->section, p->text, p->text_len);
        if (!rc && strcmp(p->section, "names") == 0)
            rc = add_alternates(&c, doc, p->text, p->text_len);
        int contraindications = strcmp(p->section, "contraindications") == 0;
        if ((contraindications || strcmp(p->section, "dosage") == 0) && !tg->flat)
            rx__population_scan(p->text, p->text_len, contraindications, advice);
    }
    for (int pop = 0; pop < RX_NPOPS && !rc; pop++)
        rc = add_population(&c, pop, advice[pop]);
    if (!rc && doc->classification[0])
        rc = add_class(&c, doc->classification);
    for (size_t i = 0; i < tg->terms.cap && !rc; i++) {
        const rx_strmap_entry *e = &tg->terms.slots[i];
        if (e->key)
            rc = rx_xdoc_add_term(xdoc, e->key, e->len, (unsigned)e->value, err);
    }
    if (!rc) {
        const char *b = doc->is_banned ? RX_TERM_BANNED_YES : RX_TERM_BANNED_NO;
        rc = rx_xdoc_add_boolean(xdoc, b, strlen(b), err);
    }
    return rc;
}
