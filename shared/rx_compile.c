/*
 * rx_compile.c: a parsed query into Xapian terms, with the index's own tokenizer and
 * stemmer (so "Headaches", "headache" and "headaching" meet), misspelled words noted, and
 * query understanding: exact drug and brand names, section cue words and synonyms.
 */
#include "rx_compile.h"
#include "rx_population.h"
#include "rx_buf.h"
#include "rx_cues.h"
#include "rx_docdata.h"
#include "rx_error.h"
#include "rx_section.h"
#include "rx_spell.h"
#include "rx_stopwords.h"
#include "rx_synonyms.h"
#include "rx_wordlist.h"
#include "rx_termgen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Plain words of a sequence that synonyms, cues and idioms look at (the rest still match). */
enum { MAX_PLAIN = RX_CUE_MAX_WORDS };
enum { TERM_BUF = 160 }; /* a prefixed stem looked up in the index */

/* Query-time weights; the index-time section weights live in rx_section.c. */
static const double SYNONYM_SCALE = 0.6; /* a synonym counts a bit less than the word typed */
static const double IDIOM_SCALE = 0.5;   /* a word of a multi-word synonym key */
static const double OTHERS_SCALE = 0.5;  /* a word beside a required idiom, no drug named */
static const double IDIOM_REACH = 0.2;   /* required only if its words are in at most this share */
static const double DRUG_SCALE = 2.0;    /* the query names this drug or brand exactly */
static const double TITLE_WORD_SCALE = 1.0; /* ... or a drug of a combination's title */
static const double CUE_SCALE = 1.0;        /* the query's words inside the section it asks about */
static const double POP_SCALE = 6.0;        /* a population's dosing record (rx_population.h) */
static const double POP_SNIPPET_SCALE = 3.0; /* its words, in choosing the passage shown */

enum { IDIOM_WORDS = 2 }; /* keys of this many words or more are idioms */
enum { MAX_SPAN = 6 };    /* a key's two words at most this many content words apart */
/* What an entry of a sequence's query is part of (see split_idiom). */
enum { IDIOM_ENTRY = 1, NAMED_ENTRY = 2 };

/* ----------------------------------------------------------- query nodes */

static rx_xq *xq_new(rx_compiler *c, rx_xq_op op, size_t nkids)
{
    rx_xq *q = rx_arena_alloc(c->a, sizeof *q);
    if (q && nkids)
        q->kids = rx_arena_alloc(c->a, nkids * sizeof(rx_xq *));
    if (!q || (nkids && !q->kids)) {
        if (!c->rc)
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    q->op = op;
    q->wqf = 1;
    return q;
}

static rx_xq *xq_term(rx_compiler *c, const char *prefix, const char *text, size_t len)
{
    rx_xq *q = xq_new(c, RX_XQ_TERM, 0);
    if (!q)
        return NULL;
    size_t plen = strlen(prefix);
    char *t = rx_arena_alloc(c->a, plen + len + 1);
    if (!t) {
        c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    memcpy(t, prefix, plen);
    memcpy(t + plen, text, len);
    q->term = t;
    q->term_len = plen + len;
    return q;
}

/* A node over kids[0..n), dropping NULL kids; NULL when none is left. */
static rx_xq *xq_op(rx_compiler *c, rx_xq_op op, rx_xq **kids, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (kids[i])
            k++;
    if (k == 0)
        return NULL;
    if (k == 1 && op != RX_XQ_PHRASE && op != RX_XQ_SCALE && op != RX_XQ_NEAR)
        for (size_t i = 0; i < n; i++)
            if (kids[i])
                return kids[i];
    rx_xq *q = xq_new(c, op, k);
    if (!q)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (kids[i])
            q->kids[q->nkids++] = kids[i];
    return q;
}

static rx_xq *xq_scale(rx_compiler *c, rx_xq *kid, double factor)
{
    rx_xq *q = kid ? xq_op(c, RX_XQ_SCALE, &kid, 1) : NULL;
    if (q)
        q->scale = factor;
    return q;
}

/* ----------------------------------------------------------------- words */

typedef struct qtok {
    char *text;
    size_t len;
    unsigned flags;
    uint32_t pos;
} qtok;

typedef struct qtoks {
    qtok v[64];
    size_t n;
    rx_compiler *c;
} qtoks;

static int collect(void *payload, const rx_token *t)
{
    qtoks *q = payload;
    if (q->n == sizeof q->v / sizeof q->v[0])
        return 0; /* a 64-part "word" keeps its first 64 parts */
    char *s = rx_arena_strndup(q->c->a, t->text, t->len);
    if (!s)
        return 1;
    q->v[q->n++] = (qtok){s, t->len, t->flags, t->pos};
    return 0;
}

static size_t tokens_of(rx_compiler *c, const char *text, size_t len, qtoks *out)
{
    out->n = 0;
    out->c = c;
    if (rx_tokenize(text, len, collect, out) && !c->rc)
        c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
    return out->n;
}

/* Term prefix for a field: "Z" for free text, "XUSAGE:" for usage:, ... */
static const char *prefix_of(rx_compiler *c, const char *field, char *buf, size_t size)
{
    (void)c;
    if (!field)
        return RX_PREFIX_STEM;
    rx__field_prefix(field, strlen(field), buf, size);
    return buf;
}

/* prefix + stem into term[TERM_BUF]; returns its length and sets *df to the number of
 * monographs that have it, or returns 0 when it does not fit. */
static size_t term_df(rx_compiler *c, const char *prefix, const char *stem, size_t slen, char *term,
                      uint32_t *df)
{
    int n = snprintf(term, TERM_BUF, "%s%.*s", prefix, (int)slen, stem);
    *df = 0;
    if (!slen || n <= 0 || n >= TERM_BUF)
        return 0;
    if (rx_xreader_termfreq(c->r, term, (size_t)n, df, NULL) != RX_OK)
        *df = 0;
    return (size_t)n;
}

/* The stem of a folded word into stem[TERM_BUF] (rx_stem's own buffer is reused by the
 * next call); returns its length, 0 when it does not fit. */
static size_t stem_of(rx_compiler *c, const char *word, size_t len, char *stem)
{
    size_t slen;
    const char *s = rx_stem(c->stemmer, word, len, &slen);
    if (slen >= TERM_BUF)
        return 0;
    memcpy(stem, s, slen);
    return slen;
}

/* term_df of a folded word's stem. */
static size_t stem_term_df(rx_compiler *c, const char *prefix, const char *word, size_t len,
                           char *term, uint32_t *df)
{
    char stem[TERM_BUF];
    return term_df(c, prefix, stem, stem_of(c, word, len, stem), term, df);
}

/* A stem of brand names that most monographs using it name ("sotret" of "Sotret NF"), not
 * a form or strength word of a few brands ("drop", "fort"). */
static int is_brand_stem(rx_compiler *c, const char *stem, size_t slen)
{
    char term[TERM_BUF];
    uint32_t brand, all;
    term_df(c, "XBRAND:", stem, slen, term, &brand);
    term_df(c, RX_PREFIX_STEM, stem, slen, term, &all);
    return brand > 0 && brand * 2 >= all;
}

static double idf(rx_compiler *c, const char *term, size_t len)
{
    uint32_t tf = 0;
    if (rx_xreader_termfreq(c->r, term, len, &tf, NULL) != RX_OK || tf == 0)
        tf = 1;
    return log(1.0 + (double)c->doccount / (double)tf);
}

/* The stemmed, prefixed term for one token, noting it for snippets. */
static rx_xq *stem_term(rx_compiler *c, const qtok *t, const char *field, double snippet_weight)
{
    char pbuf[80];
    const char *prefix = prefix_of(c, field, pbuf, sizeof pbuf);
    size_t slen;
    const char *stem = rx_stem(c->stemmer, t->text, t->len, &slen);
    rx_xq *q = xq_term(c, prefix, stem, slen);
    if (q && snippet_weight > 0) {
        const char *mfield = field && rx__field(field, strlen(field))->id[0] != '\0' &&
                                     strcmp(field, "title") && strcmp(field, "brand")
                                 ? field
                                 : NULL;
        /* Unknown sections (slugs) restrict too: their passages carry the slug. */
        if (field && !mfield && strcmp(field, "title") && strcmp(field, "brand"))
            mfield = field;
        double w = idf(c, q->term, q->term_len) * snippet_weight;
        if (rx__matcher_add(c->m, stem, slen, mfield, w) != RX_OK && !c->rc)
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
    }
    return q;
}

/* The index's did-you-mean dictionary, read when a query first needs it. */
static const rx_spell *dictionary(rx_compiler *c)
{
    if (c->spell->loaded)
        return c->spell;
    char *list = NULL;
    size_t len = 0;
    int rc = rx_xreader_metadata(c->r, RX_META_SPELLING, &list, &len, c->err);
    if (rc == RX_OK && (rc = rx__spell_load(c->spell, list, len)) != RX_OK)
        rx__fail(c->err, rc, NULL, 0,
                 rc == RX_ECORRUPT ? "index is corrupt (bad " RX_META_SPELLING "): rebuild it"
                                   : "out of memory");
    if (rc) {
        rx__spell_free(c->spell);
        c->rc = rc;
        return NULL;
    }
    return c->spell;
}

/* The everyday words never corrected, read when a query first needs them (NULL when the
 * caller keeps none). */
static const rx_wordlist *everyday_words(rx_compiler *c)
{
    if (c->words && !c->words->loaded && rx__wordlist_load(c->words) != RX_OK) {
        c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    return c->words;
}

/* The plain word is an everyday word ("pause", "calm") typed in lower case, and no
 * monograph's title has it ("iron" is Iron's). */
static int everyday_not_title(rx_compiler *c, const rx_qnode *n)
{
    if (n->type != RX_Q_WORD || n->field || n->len >= TERM_BUF || n->len < 2)
        return 0;
    for (size_t i = 0; i < n->len; i++)
        if (n->text[i] < 'a' || n->text[i] > 'z')
            return 0;
    const rx_wordlist *words = everyday_words(c);
    if (!words || !rx__wordlist_has(words, n->text, n->len))
        return 0;
    char term[TERM_BUF], stem[TERM_BUF];
    uint32_t tf = 0;
    size_t slen = stem_of(c, n->text, n->len, stem);
    term_df(c, "XTITLE:", stem, slen, term, &tf);
    return tf == 0;
}

static void check_spelling(rx_compiler *c, const qtok *t, size_t offset, size_t len)
{
    uint32_t tf = 0;
    size_t slen;
    const char *stem = rx_stem(c->stemmer, t->text, t->len, &slen);
    char z[128];
    if (slen + 2 > sizeof z)
        return;
    z[0] = 'Z';
    memcpy(z + 1, stem, slen);
    if (rx_xreader_termfreq(c->r, z, slen + 1, &tf, NULL) != RX_OK || tf)
        return;
    /* In no monograph, but a word people use for a symptom ("twisted", "droopy"), or
     * any everyday word ("shin" is no misspelled "skin", "trip" no brand "Strip"). */
    if (c->nfixes == RX_MAX_FIXES || (c->laywords && rx_strmap_get(c->laywords, t->text, t->len)))
        return;
    const rx_wordlist *words = everyday_words(c);
    if (c->rc || (words && rx__wordlist_has(words, t->text, t->len)))
        return;
    const rx_spell *dict = dictionary(c);
    char s[RX_SPELL_MAX_WORD + 1];
    /* One edit first: a word that near always wins, and that walk costs a fraction. */
    size_t n = dict ? rx__spell_suggest(dict, t->text, t->len, 1, s, sizeof s) : 0;
    if (!n && dict && t->len >= 7)
        n = rx__spell_suggest(dict, t->text, t->len, 2, s, sizeof s);
    char *with = n ? malloc(n + 1) : NULL;
    if (!with) {
        if (n && !c->rc)
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        return;
    }
    memcpy(with, s, n + 1);
    /* A correction to a drug or brand name is applied at once; any other only when the
     * query finds nothing ("pins" must not become "pens"). A word of a few brands that
     * most monographs using it do not name ("drops", "forte") is no drug name, nor one
     * that is no likely slip for the word typed: "Lipitor", a brand the corpus lacks, is
     * not Lamotrigine's "Lamitor". */
    char term[TERM_BUF], sstem[TERM_BUF];
    uint32_t title;
    size_t sslen = stem_of(c, with, n, sstem);
    term_df(c, "XTITLE:", sstem, sslen, term, &title);
    int drug = (title > 0 || is_brand_stem(c, sstem, sslen)) &&
               rx__spell_plausible(t->text, t->len, with, n);
    c->fixes[c->nfixes++] = (rx_fix){offset, len, with, drug};
}

/* The positional term of a word: its stem ("Z" prefix), which carries the positions. */
static rx_xq *positional(rx_compiler *c, const char *text, size_t len)
{
    size_t slen;
    const char *stem = rx_stem(c->stemmer, text, len, &slen);
    return xq_term(c, RX_PREFIX_STEM, stem, slen);
}

/* The stems of the non-joined tokens, as a phrase. */
static rx_xq *phrase_of(rx_compiler *c, const qtoks *t)
{
    rx_xq *kids[64];
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (!(t->v[i].flags & RX_TOKEN_JOINED))
            kids[n++] = positional(c, t->v[i].text, t->v[i].len);
    if (n == 1)
        return kids[0];
    rx_xq *q = xq_op(c, RX_XQ_PHRASE, kids, n);
    if (q)
        q->window = (uint32_t)n;
    return q;
}

/* Every non-joined token's stem under the field, AND'ed (or OR'ed): the ranked part. */
static rx_xq *stems_of(rx_compiler *c, const qtoks *t, const char *field, rx_xq_op op, double sw)
{
    rx_xq *kids[64];
    size_t n = 0, content = 0;
    for (size_t i = 0; i < t->n; i++)
        content += !rx__is_function_word(t->v[i].text, t->v[i].len);
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].flags & RX_TOKEN_JOINED)
            continue;
        /* A section has no terms for its function words (rx_termgen.c): "in" of
         * dosage:"in hepatic impairment" is left to the phrase. */
        if (field && content && rx__is_function_word(t->v[i].text, t->v[i].len))
            continue;
        kids[n++] = stem_term(c, &t->v[i], field, sw);
    }
    return xq_op(c, op, kids, n);
}

static rx_xq *compile_word(rx_compiler *c, const rx_qnode *n)
{
    qtoks t;
    if (!tokens_of(c, n->text, n->len, &t))
        return NULL;
    if (t.n == 1) {
        if ((t.v[0].flags & RX_TOKEN_ALPHA) && t.v[0].len >= 4)
            check_spelling(c, &t.v[0], n->offset, n->len);
        return stem_term(c, &t.v[0], n->field, 1.0);
    }
    const qtok *joined = NULL;
    int parts = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].flags & RX_TOKEN_JOINED)
            joined = &t.v[i];
        if (t.v[i].flags & RX_TOKEN_PART)
            parts = 1;
    }
    if (joined && parts) {
        /* "5-HT3": the joined form (indexed for "5-HT3" and "5HT3") or the parts as a
         * phrase ("5 HT3"), scored as one term. */
        rx_xq *alts[2];
        alts[0] = stem_term(c, joined, n->field, 1.0);
        alts[1] =
            n->field
                ? stems_of(c, &t, n->field, RX_XQ_AND, 0.5)
                : xq_op(c, RX_XQ_FILTER,
                        (rx_xq *[]){stems_of(c, &t, NULL, RX_XQ_AND, 0.5), phrase_of(c, &t)}, 2);
        return xq_op(c, RX_XQ_SYNONYM, alts, 2);
    }
    /* "50mg", "25-50", "mg/day": the pieces in order, ranked by their stems. */
    if (n->field)
        return stems_of(c, &t, n->field, RX_XQ_AND, 1.0);
    rx_xq *both[2] = {stems_of(c, &t, NULL, RX_XQ_AND, 1.0), phrase_of(c, &t)};
    return xq_op(c, RX_XQ_FILTER, both, 2);
}

static rx_xq *compile_phrase(rx_compiler *c, const rx_qnode *n)
{
    qtoks t;
    if (!tokens_of(c, n->text, n->len, &t))
        return NULL;
    rx_xq *ranked = stems_of(c, &t, n->field, RX_XQ_AND, 1.0);
    /* Sections kept without positions (FAQs, summary): the words inside it must do. */
    if (ranked && n->field && !rx__field(n->field, strlen(n->field))->positions)
        return ranked;
    rx_xq *ph = phrase_of(c, &t);
    if (!ph || !ranked)
        return NULL;
    /* Documents must hold the exact phrase (and, with a field, its words in that field);
     * they are ranked by the section-weighted stems. */
    rx_xq *kids[2] = {ranked, ph};
    return xq_op(c, RX_XQ_FILTER, kids, 2);
}

static rx_xq *compile_prefix(rx_compiler *c, const rx_qnode *n)
{
    qtoks t;
    if (!tokens_of(c, n->text, n->len, &t))
        return NULL;
    const qtok *last = &t.v[t.n - 1];
    char pbuf[80];
    const char *prefix = prefix_of(c, n->field, pbuf, sizeof pbuf);
    /* Every indexed word is a stem: "diabetes*" must look for "diabet..." */
    size_t slen, len = last->len;
    const char *stem = rx_stem(c->stemmer, last->text, last->len, &slen);
    if (slen && slen < len && memcmp(stem, last->text, slen) == 0)
        len = slen;
    rx_xq *q = xq_term(c, prefix, last->text, len);
    if (q)
        q->op = RX_XQ_WILDCARD;
    return q;
}

/* ------------------------------------------------------------- synonyms */

typedef struct syn_ctx {
    rx_compiler *c;
    rx_xq **out;
    size_t *nout, max;
    /* The key's content words (function words aside), stemmed once per lookup. */
    char key[RX_SYNONYM_MAX_WORDS][TERM_BUF];
    size_t key_len[RX_SYNONYM_MAX_WORDS], nkey;
} syn_ctx;

/* Stems the content words of key (folded words joined by spaces) into s->key. */
static void stem_key(syn_ctx *s, const char *key, size_t len)
{
    s->nkey = 0;
    for (const char *w = key, *end = key + len; w < end && s->nkey < RX_SYNONYM_MAX_WORDS;) {
        size_t n = strcspn(w, " ");
        if (n > (size_t)(end - w))
            n = (size_t)(end - w);
        if (n && !rx__is_function_word(w, n)) {
            s->key_len[s->nkey] = stem_of(s->c, w, n, s->key[s->nkey]);
            s->nkey += s->key_len[s->nkey] > 0;
        }
        w += n + 1;
    }
}

/* Whether t is only some of the key's words (stemmed; function words aside): "fever" of
 * "child fever -> fever in children | fever" would count a typed word twice. A variant
 * of the whole key ("ace inhibitor -> ace inhibitors") is kept: an idiom's own words
 * count less (IDIOM_SCALE), and its variants make up the weight of what it means. */
static int only_key_words(syn_ctx *s, const qtoks *t)
{
    unsigned char used[RX_SYNONYM_MAX_WORDS] = {0};
    size_t nused = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (rx__is_function_word(t->v[i].text, t->v[i].len))
            continue;
        char stem[TERM_BUF];
        size_t slen = stem_of(s->c, t->v[i].text, t->v[i].len, stem);
        int found = 0;
        for (size_t j = 0; j < s->nkey && !found; j++) {
            found = s->key_len[j] == slen && memcmp(s->key[j], stem, slen) == 0;
            if (found && !used[j]) {
                used[j] = 1;
                nused++;
            }
        }
        if (!found)
            return 0;
    }
    return nused < s->nkey;
}

/* Drops the function words of a synonym that has other words ("and" of "pins and
 * needles"): nearly every monograph has them, so they only added a highlight on every
 * "and" of the snippets. */
static void drop_function_words(qtoks *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (!rx__is_function_word(t->v[i].text, t->v[i].len))
            t->v[n++] = t->v[i];
    if (n)
        t->n = n;
}

static int on_synonym(void *payload, const char *syn, size_t len)
{
    syn_ctx *s = payload;
    rx_compiler *c = s->c;
    if (*s->nout >= s->max)
        return 0;
    qtoks t;
    if (!tokens_of(c, syn, len, &t) || only_key_words(s, &t))
        return 0;
    drop_function_words(&t);
    /* A multi-word synonym ("neuropathic pain") must match as a whole. */
    rx_xq *q = stems_of(c, &t, NULL, RX_XQ_AND, SYNONYM_SCALE);
    if (q)
        s->out[(*s->nout)++] = xq_scale(c, q, SYNONYM_SCALE);
    /* ... and inside the section the query is about, as the words typed are. */
    if (c->section && *s->nout < s->max) {
        q = stems_of(c, &t, c->section, RX_XQ_AND, 0);
        if (q)
            s->out[(*s->nout)++] = xq_scale(c, q, SYNONYM_SCALE * CUE_SCALE);
    }
    return c->rc;
}

/* Whether one of the brands, as folded words, is key. */
static int is_brand_of(const rx_stored *st, const char *key, size_t len, rx_buf *words)
{
    for (size_t i = 0; i < st->nbrands; i++) {
        rx_buf_clear(words);
        rx__words(st->brands[i], strlen(st->brands[i]), words);
        if (!words->oom && words->len == len && memcmp(words->ptr, key, len) == 0)
            return 1;
    }
    return 0;
}

/* A brand stands for its monograph's title, a synonym ("Amnurite" also finds its
 * generic's relatives): the titles of the monographs with an exact name key that is one
 * of their brands. Read from their records at query time: as synonym table entries (a
 * compressed tag each), brands cost the 10k build 17% of its time. */
static void exact_name_titles(syn_ctx *sc, const char *key, size_t len)
{
    rx_compiler *c = sc->c;
    char term[TERM_BUF];
    size_t plen = strlen(RX_PREFIX_EXACT);
    uint32_t tf = 0;
    if (plen + len > sizeof term)
        return;
    memcpy(term, RX_PREFIX_EXACT, plen);
    memcpy(term + plen, key, len);
    if (rx_xreader_termfreq(c->r, term, plen + len, &tf, NULL) != RX_OK || !tf)
        return;
    rx_xq q = {.op = RX_XQ_TERM, .term = term, .term_len = plen + len, .wqf = 1};
    rx_xsearch xs = {.limit = 8, .k1 = 1.2, .b = 0.75};
    rx_xmset *ms = NULL;
    if (rx_xreader_search(c->r, &q, &xs, &ms, NULL) != RX_OK)
        return;
    rx_buf words = RX_BUF_INIT;
    for (size_t i = 0; i < rx_xmset_size(ms) && !c->rc; i++) {
        char *data = NULL;
        size_t dlen = 0;
        rx_stored st;
        if (rx_xmset_data(ms, i, &data, &dlen, NULL) == RX_OK &&
            rx__docdata_decode(&st, data, dlen, c->a) == RX_OK &&
            is_brand_of(&st, key, len, &words)) {
            rx_buf_clear(&words);
            rx__words(st.title, strlen(st.title), &words);
            if (!words.oom && words.len)
                on_synonym(sc, words.ptr, words.len);
        }
        free(data);
    }
    rx_buf_free(&words);
    rx_xmset_free(ms);
}

static int is_stopword(const rx_qnode *n);

typedef struct syn_pass {
    rx_compiler *c;
    rx_qnode **words;
    rx_xq **out;
    size_t *nout, max;
    unsigned char *covered, *role;
    const unsigned char *is_cue;
    const unsigned char *no_name; /* of each word: names no drug alone (compile_seq) */
    int gapped;                   /* the key's words are not adjacent: no idiom */
    rx_buf key, w;
} syn_pass;

/* Looks up the words at[0..size) as one key: as typed, then stemmed (for two words, in
 * either order). Marks them covered when the table has it. */
static void expand_run(syn_pass *p, const size_t *at, size_t size)
{
    for (size_t k = 0; k < size; k++)
        if (p->covered[at[k]])
            return;
    rx_buf_clear(&p->key);
    for (size_t k = 0; k < size; k++) {
        rx__words(p->words[at[k]]->text, p->words[at[k]]->len, &p->w);
        if (p->key.len && p->w.len)
            rx_buf_putc(&p->key, ' ');
        rx_buf_put(&p->key, p->w.ptr, p->w.len);
    }
    if (p->key.oom || p->w.oom || !p->key.len)
        return;
    size_t before = *p->nout;
    syn_ctx sc = {.c = p->c, .out = p->out, .nout = p->nout, .max = p->max};
    stem_key(&sc, p->key.ptr, p->key.len);
    rx_xreader_synonyms(p->c->r, p->key.ptr, p->key.len, on_synonym, &sc, NULL);
    if (size > 1 || !p->no_name[at[0]])
        exact_name_titles(&sc, p->key.ptr, p->key.len);
    for (int reverse = 0; reverse <= (size == 2) && *p->nout == before; reverse++) {
        rx__stem_key(p->c->stemmer, p->key.ptr, p->key.len, reverse, &p->w);
        if (!p->w.oom)
            rx_xreader_synonyms(p->c->r, p->w.ptr, p->w.len, on_synonym, &sc, NULL);
    }
    /* "side effects" asks for a section (its words are a cue), it is not what the query
     * is about: no idiom. */
    int cue = 1;
    for (size_t k = 0; k < size; k++)
        cue &= p->is_cue[at[k]];
    if (*p->nout > before)
        for (size_t k = 0; k < size; k++)
            p->covered[at[k]] = (unsigned char)(cue || p->gapped ? 1 : size);
    for (size_t k = before; k < *p->nout; k++)
        p->role[k] = size >= IDIOM_WORDS && !cue && !p->gapped ? IDIOM_ENTRY : 0;
}

/* "with" joins two things ("child with fever"): a run of the words left once function
 * words are skipped does not reach across it, though a pair with words between does. */
static int is_joining_word(const rx_qnode *n)
{
    return n->type == RX_Q_WORD && n->len == 4 && strncasecmp(n->text, "with", 4) == 0;
}

/* Looks up runs of up to three plain words of a sequence in the synonym table, longest
 * first; of one length, runs of the words left once function words are skipped first
 * ("twisted my ankle swollen" is "twisted ankle", not "ankle swollen"), then runs as
 * typed ("pins and needles"), then, for two words, pairs with up to MAX_SPAN - 1 content
 * words between them ("pain during periods" is "period pain"): lay descriptions put their
 * own words inside a key's. Such a pair only adds its entries; it is no idiom. */
static void expand_synonyms(rx_compiler *c, rx_qnode **words, size_t nwords, rx_xq **out,
                            size_t *nout, size_t max, unsigned char *covered, unsigned char *role,
                            const unsigned char *is_cue, const unsigned char *weak,
                            const unsigned char *no_name)
{
    syn_pass p = {c,    words,  out,     nout, max,         covered,
                  role, is_cue, no_name, 0,    RX_BUF_INIT, RX_BUF_INIT};
    if (nwords > MAX_PLAIN)
        nwords = MAX_PLAIN;
    size_t all[MAX_PLAIN], content[MAX_PLAIN], ncontent = 0;
    size_t part[MAX_PLAIN]; /* of each word: how many joining words come before it */
    for (size_t i = 0, joins = 0; i < nwords; i++) {
        all[i] = i;
        part[i] = joins;
        if (!is_stopword(words[i]))
            content[ncontent++] = i;
        joins += is_joining_word(words[i]);
    }
    for (size_t size = RX_SYNONYM_MAX_WORDS; size >= 1; size--) {
        for (size_t i = 0; size > 1 && i + size <= ncontent; i++)
            if (content[i + size - 1] - content[i] >= size && /* not a run as typed */
                part[content[i]] == part[content[i + size - 1]])
                expand_run(&p, content + i, size);
        for (size_t i = 0; i + size <= nwords; i++)
            if (size > 1 || !weak[i]) /* not "if" as a brand, "acid" of a drug as acidity */
                expand_run(&p, all + i, size);
        /* Pairs with content words between them, the nearest first. */
        p.gapped = 1;
        for (size_t span = 2; size == 2 && span <= MAX_SPAN; span++)
            for (size_t i = 0; i + span < ncontent; i++)
                expand_run(&p, (size_t[]){content[i], content[i + span]}, 2);
        p.gapped = 0;
    }
    rx_buf_free(&p.key);
    rx_buf_free(&p.w);
}

/* A word of a phrase the synonym table knows ("twisted" of "twisted my ankle") is no
 * misspelling, though no monograph has it: its correction is dropped. */
static void keep_synonym_words(rx_compiler *c, rx_qnode **plain, size_t nplain,
                               const unsigned char *covered)
{
    size_t kept = 0;
    for (size_t f = 0; f < c->nfixes; f++) {
        int known = 0;
        for (size_t i = 0; i < nplain && i < MAX_PLAIN && !known; i++)
            known = covered[i] && plain[i]->offset == c->fixes[f].offset;
        if (known)
            free(c->fixes[f].with);
        else
            c->fixes[kept++] = c->fixes[f];
    }
    c->nfixes = kept;
}

/* ------------------------------------------------------------- stopwords */

static int is_stopword(const rx_qnode *n)
{
    if (n->type != RX_Q_WORD || n->field || n->sign != 0 || n->len > 16)
        return 0;
    char w[17];
    for (size_t i = 0; i < n->len; i++)
        w[i] = (char)(n->text[i] >= 'A' && n->text[i] <= 'Z' ? n->text[i] + 32 : n->text[i]);
    return rx__is_query_stopword(w, n->len);
}

/* ------------------------------------------------------------------ tree */

static rx_xq *compile(rx_compiler *c, const rx_qnode *n);

typedef struct name_syn {
    rx_compiler *c;
    rx_buf *key; /* out: "XEXACT:" + the first synonym that is an exact name */
    int found;
} name_syn;

static int on_name_synonym(void *payload, const char *syn, size_t len)
{
    name_syn *ns = payload;
    rx_buf w = RX_BUF_INIT;
    rx__words(syn, len, &w);
    rx_buf_clear(ns->key);
    rx_buf_puts(ns->key, RX_PREFIX_EXACT);
    rx_buf_put(ns->key, w.ptr ? w.ptr : "", w.len);
    ns->key->oom |= w.oom;
    rx_buf_free(&w);
    uint32_t tf = 0;
    ns->found = !ns->key->oom &&
                rx_xreader_termfreq(ns->c->r, ns->key->ptr, ns->key->len, &tf, NULL) == RX_OK &&
                tf > 0;
    return ns->found; /* the first one */
}

/* The exact-name term "XEXACT:" + words, boosted as a drug the query names, if the index
 * has it, or else the first of the words' synonyms that is an exact name: a brand sold
 * elsewhere ("Lipitor", in indexer/synonyms.tsv) names its generic ("atorvastatin"); an
 * everyday word does not ("smoking habit", which the table links to nicotine). */
static int exact_name(rx_compiler *c, rx_buf *key, char *const *words, const size_t *at, size_t n,
                      rx_xq **out, size_t *nout)
{
    rx_buf_clear(key);
    rx_buf_puts(key, RX_PREFIX_EXACT);
    for (size_t k = 0; k < n; k++) {
        rx_buf_puts(key, words[at[k]]);
        if (k + 1 < n)
            rx_buf_putc(key, ' ');
    }
    uint32_t tf = 0;
    if (key->oom || rx_xreader_termfreq(c->r, key->ptr, key->len, &tf, NULL))
        return 0;
    if (!tf) {
        size_t plen = strlen(RX_PREFIX_EXACT);
        char typed[TERM_BUF];
        if (key->len - plen >= sizeof typed)
            return 0;
        memcpy(typed, key->ptr + plen, key->len - plen);
        name_syn ns = {c, key, 0};
        rx_xreader_synonyms(c->r, typed, key->len - plen, on_name_synonym, &ns, NULL);
        if (!ns.found)
            return 0;
        /* Not an everyday phrase the table links to a drug ("smoking habit": nicotine). */
        const rx_wordlist *everyday = everyday_words(c);
        if (everyday && rx__wordlist_has(everyday, words[at[0]], strlen(words[at[0]])))
            return 0;
    }
    rx_xq *q = xq_term(c, "", key->ptr, key->len);
    if (q)
        out[(*nout)++] = xq_scale(c, q, DRUG_SCALE);
    if (q && c->nnamed < RX_MAX_NAMED)
        c->named[c->nnamed++] = q;
    return 1;
}

/* Whether the word's first len bytes are one of the n words of list. */
static int in_list(const char *word, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(word, list[i], len) == 0)
            return 1;
    return 0;
}

/* The word is the head of a drug class named after what it acts on ("dopamine agonist",
 * "calcium channel blocker"): the words before it name a target, not a drug. */
static int is_class_head(const char *w)
{
    static const char *const heads[] = {"agonist", "antagonist", "blocker", "inhibitor"};
    size_t len = strlen(w);
    return in_list(w, len && w[len - 1] == 's' ? len - 1 : len, heads,
                   sizeof heads / sizeof *heads);
}

/* Marks the words that end a class's target: the one before its head, or before a
 * "channel", "pump", "receptor" or "reuptake" that is ("calcium" of "calcium channel
 * blocker"). A drug list beside a class ("aspirin with ACE inhibitors") is not marked. */
static void mark_class_targets(char *const *words, size_t n, unsigned char *target)
{
    static const char *const mids[] = {"channel", "pump", "receptor", "reuptake"};
    for (size_t i = 1; i < n; i++) {
        if (!is_class_head(words[i]))
            continue;
        size_t t = i - 1;
        if (t > 0 && in_list(words[t], strlen(words[t]), mids, sizeof mids / sizeof *mids))
            t--;
        target[t] = 1;
    }
}

/* A word that asks for a drug other than the one the query names: "antidote for
 * paracetamol overdose", "add-on to metformin", "alternative to atorvastatin". The named
 * monograph then does not rank first by right. */
static int asks_for_other_drug(char *const *words, size_t n)
{
    static const char *const asks[] = {"add on",      "addon",      "alternative", "alternatives",
                                       "antidote",    "antidotes",  "instead",     "replace",
                                       "replacement", "substitute", "substitutes"};
    for (size_t i = 0; i < n; i++)
        if (in_list(words[i], strlen(words[i]), asks, sizeof asks / sizeof *asks))
            return 1;
    return 0;
}

static int is_upper(const char *s, size_t len)
{
    int letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return 0;
        letters += s[i] >= 'A' && s[i] <= 'Z';
    }
    return letters > 0;
}

/* Whether one monograph has all n exact names (a drug and its brand). */
static int one_monograph(rx_compiler *c, rx_xq **names, size_t n)
{
    rx_xq *all = xq_op(c, RX_XQ_AND, names, n);
    rx_xsearch xs = {.limit = 1, .k1 = 1.2, .b = 0.75};
    rx_xmset *ms = NULL;
    if (!all || rx_xreader_search(c->r, all, &xs, &ms, NULL) != RX_OK)
        return 0;
    int one = rx_xmset_size(ms) > 0;
    rx_xmset_free(ms);
    return one;
}

/* Names of drugs or brands in the query: runs of up to four words that are a whole
 * title or brand ("glimepiride metformin", "Amnurite"); then two to four single drug
 * names in another order or apart ("amlodipine and telmisartan") as a combination's. A
 * word marked weak is no name on its own: "if" of "what happens if I miss a dose" is not
 * Olopatadine's brand "IF". */
static int find_drugs(rx_compiler *c, char **words, size_t n, unsigned char *is_drug,
                      const unsigned char *target, const unsigned char *weak, rx_xq **out,
                      size_t *nout, size_t max)
{
    int found = 0; /* names found */
    rx_buf key = RX_BUF_INIT;
    size_t single[4], nsingle = 0, at[4];
    for (size_t size = 4; size >= 1; size--)
        for (size_t i = 0; i + size <= n && *nout < max; i++) {
            int skip = 0;
            for (size_t k = i; k < i + size; k++) {
                skip |= is_drug[k] || target[k] || !words[k][0] || (size == 1 && weak[k]);
                at[k - i] = k;
            }
            if (skip || !exact_name(c, &key, words, at, size, out, nout))
                continue;
            for (size_t k = i; k < i + size; k++)
                is_drug[k] = 1;
            if (size == 1 && nsingle < 4)
                single[nsingle++] = i;
            found++;
        }
    /* Every order of the single names (at most 24 lookups), the query's own first. */
    size_t count = 1;
    for (size_t k = 2; k <= nsingle; k++)
        count *= k;
    for (size_t p = 0; nsingle >= 2 && p < count && *nout < max; p++) {
        /* The p-th permutation in lexicographic order of positions (factorial base). */
        size_t left[4] = {0, 1, 2, 3}, rest = p, f = count;
        for (size_t k = 0; k < nsingle; k++) {
            f /= nsingle - k;
            size_t pick = rest / f;
            rest %= f;
            at[k] = single[left[pick]];
            memmove(left + pick, left + pick + 1, (3 - pick) * sizeof *left);
        }
        if (exact_name(c, &key, words, at, nsingle, out, nout)) {
            found++;
            break;
        }
    }
    rx_buf_free(&key);
    return found;
}

/* The query word names a drug: in that drug's monograph it does not choose snippets. */
static void mark_drug(rx_compiler *c, const char *word)
{
    size_t slen;
    const char *stem = rx_stem(c->stemmer, word, strlen(word), &slen);
    rx__matcher_mark_drug(c->m, stem, slen);
}

/* "dose adjustment in hepatic impairment", "avoid in renal failure": a population word
 * beside dosing or avoidance words asks for the monographs whose Dosage lines change the
 * dose for that population, or avoid the drug (rx_population.h); asked about a dose, the
 * ones that avoid it count a quarter (they answer too, less directly). Returns whether
 * the query asks which drugs to avoid there, not about a dose. */
static int populations(rx_compiler *c, char *const *words, size_t n, rx_xq **out, size_t *nout,
                       size_t max)
{
    unsigned pops = 0;
    int dosing = 0, avoid = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        const char *next = i + 1 < n ? words[i + 1] : NULL;
        int pop = rx__population_before(words[i], len, next, next ? strlen(next) : 0);
        if (pop >= 0)
            pops |= 1u << pop;
        dosing |= rx__population_dosing_word(words[i], len);
        avoid |= rx__population_avoid_word(words[i], len, next, next ? strlen(next) : 0);
    }
    for (int pop = 0; pop < RX_NPOPS && (dosing || avoid); pop++) {
        if (!(pops & (1u << pop)))
            continue;
        char term[64];
        size_t len = rx__population_term(pop, RX_POP_ADJUST, term, sizeof term);
        if (dosing && *nout < max)
            out[(*nout)++] = xq_scale(c, xq_term(c, RX_PREFIX_POP, term, len), POP_SCALE);
        len = rx__population_term(pop, RX_POP_AVOID, term, sizeof term);
        if (*nout < max)
            out[(*nout)++] = xq_scale(c, xq_term(c, RX_PREFIX_POP, term, len),
                                      avoid ? POP_SCALE : POP_SCALE / 8);
        /* The passage shown is the one about this population, not the line beside it
         * (once per query, though two groups of it may ask). */
        if (c->pops_shown & (1u << pop))
            continue;
        c->pops_shown |= 1u << pop;
        for (const char *const *w = rx__population_words(pop); *w; w++) {
            char stem[TERM_BUF];
            size_t slen = stem_of(c, *w, strlen(*w), stem);
            rx__matcher_scale(c->m, stem, slen, POP_SNIPPET_SCALE);
        }
    }
    return pops && avoid && !dosing;
}

/* For a query that names no drug: the section its cue asks about, or Usage when the word
 * is more often in Usage than there ("fever" of "child fever syrup dose" is what a drug
 * treats; "hepatic" of "dose adjustment in hepatic impairment" is a dosing case). */
static const char *typical_section(rx_compiler *c, const char *word, const char *section)
{
    if (strcmp(section, "usage") == 0 || strcmp(section, "contraindications") == 0)
        return section;
    char prefix[64], term[TERM_BUF], stem[TERM_BUF];
    uint32_t in_section, in_usage;
    size_t slen = stem_of(c, word, strlen(word), stem);
    rx__field_prefix(section, strlen(section), prefix, sizeof prefix);
    term_df(c, prefix, stem, slen, term, &in_section);
    term_df(c, "XUSAGE:", stem, slen, term, &in_usage);
    return in_usage > in_section ? "usage" : section;
}

/*
 * Query understanding over the plain words of a sequence: exact drug and brand names,
 * a cue for the section the query asks about (boosting the other words inside that
 * section, and steering snippets to it). (Boosting adjacent words as a phrase added
 * nothing once phrases matched stems, and cost the most in the slowest queries.)
 */
static void understand(rx_compiler *c, rx_qnode **plain, size_t nplain, rx_xq **out, size_t *nout,
                       size_t max, unsigned char *is_cue, unsigned char *role,
                       const unsigned char *weak, unsigned char *name_part)
{
    char *words[RX_CUE_MAX_WORDS];
    unsigned char stop[RX_CUE_MAX_WORDS] = {0}, is_drug[RX_CUE_MAX_WORDS] = {0};
    unsigned char target[RX_CUE_MAX_WORDS] = {0}; /* names a class's target, not a drug */
    size_t n = nplain < RX_CUE_MAX_WORDS ? nplain : RX_CUE_MAX_WORDS;
    rx_buf w = RX_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        rx__words(plain[i]->text, plain[i]->len, &w);
        words[i] = rx_arena_strndup(c->a, w.ptr ? w.ptr : "", w.len);
        stop[i] = is_stopword(plain[i]);
        if (!words[i]) {
            rx_buf_free(&w);
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
            return;
        }
    }
    rx_buf_free(&w);
    size_t first = *nout;
    mark_class_targets(words, n, target);
    c->other_drug |= asks_for_other_drug(words, n);
    size_t named_before = c->nnamed;
    int drugs = find_drugs(c, words, n, is_drug, target, weak, out, nout, max);
    if (drugs >= 2 && c->nnamed - named_before == (size_t)drugs &&
        one_monograph(c, c->named + named_before, (size_t)drugs))
        drugs = 1;     /* "glucagon" and its "GlucaGen": one drug, no interaction */
    size_t others = 0; /* content words that name no drug */
    memset(role + first, NAMED_ENTRY, *nout - first);
    for (size_t i = 0; i < n; i++) {
        if (is_drug[i])
            mark_drug(c, words[i]);
        /* "acid" of "ursodeoxycholic acid" names no acidity */
        name_part[i] = is_drug[i] && rx__is_title_only_word(words[i], strlen(words[i]));
        /* A word of a title ("amitriptyline" of "Amitriptyline + Methylcobalamin") names a
         * drug too, for steering snippets. */
        size_t wlen = strlen(words[i]);
        if (is_drug[i] || stop[i] || target[i] || rx__is_title_only_word(words[i], wlen))
            continue;
        if (weak[i]) { /* "pause" is not the brand Pause's first word either */
            others++;
            continue;
        }
        char term[TERM_BUF], stem[TERM_BUF];
        uint32_t tf;
        size_t slen = stem_of(c, words[i], wlen, stem);
        size_t len = term_df(c, "XTITLE:", stem, slen, term, &tf);
        int inflected = slen != wlen || memcmp(stem, words[i], wlen) != 0;
        if (!tf && wlen >= 4 && !inflected && is_brand_stem(c, stem, slen)) {
            /* A brand's first word ("Sotret" of "Sotret NF") names the drug too; not a
             * word that only stems like one ("trying" like "Tri-Azulix"). */
            drugs++;
            mark_drug(c, words[i]);
            continue;
        }
        if (!len || !tf) {
            others++;
            continue;
        }
        drugs++;
        mark_drug(c, words[i]);
        /* No monograph has this name alone ("valproate"): the ones whose title has it
         * come before those that only mention it. */
        rx_xq *q = *nout < max ? xq_term(c, "", term, len) : NULL;
        if (q) {
            role[*nout] = NAMED_ENTRY;
            out[(*nout)++] = xq_scale(c, q, TITLE_WORD_SCALE);
        }
    }
    int drug = drugs > 0;
    c->m->drug_named = drug;
    int avoid = !c->flat && populations(c, words, n, out, nout, max);
    /* A clear cue wins; two drugs in one query ask how they interact; then weaker cues. */
    const char *section = rx__cue_section((const char *const *)words, n, 0, is_cue);
    if (!section && drugs >= 2)
        section = "interactions";
    if (!section)
        section = rx__cue_section((const char *const *)words, n, drug, is_cue);
    /* "avoid in kidney failure": not the drugs used for it */
    if (!section && avoid)
        section = "contraindications";
    if (!section && !drug)
        section = "usage"; /* "pins and needles": which drugs are used for it */

    if (c->flat)
        section = NULL;
    c->section = section;
    if (!section && !others && !c->flat) {
        /* "prozac": show what it is for, not "Hypersensitivity to fluoxetine" */
        c->m->prefer = "usage";
        c->m->force_prefer = 1;
    }
    if (section) {
        c->m->prefer = section;
        c->m->force_prefer = drug;
        /* "avoid in kidney failure": the Contraindications line that names it, not the
         * side effect "chronic kidney disease" */
        c->m->first_prefer = avoid;
        rx_xq **kids = rx_arena_alloc(c->a, (n + 1) * sizeof *kids);
        size_t nk = 0;
        for (size_t i = 0; kids && i < n; i++) {
            if (stop[i] || is_cue[i])
                continue;
            qtoks t;
            if (tokens_of(c, words[i], strlen(words[i]), &t))
                kids[nk++] = stems_of(c, &t, drug ? section : typical_section(c, words[i], section),
                                      RX_XQ_OR, 0);
        }
        rx_xq *q = kids ? xq_op(c, RX_XQ_OR, kids, nk) : NULL;
        if (q && *nout < max)
            out[(*nout)++] = xq_scale(c, q, CUE_SCALE);
    }
}

/* How many monographs have this word. */
static uint32_t word_df(rx_compiler *c, const rx_qnode *word)
{
    rx_buf w = RX_BUF_INIT;
    rx__words(word->text, word->len, &w);
    char term[TERM_BUF];
    uint32_t df;
    stem_term_df(c, RX_PREFIX_STEM, w.ptr ? w.ptr : "", w.len, term, &df);
    rx_buf_free(&w);
    return df;
}

/* opt becomes one query: its idiom entries and the names of drugs it names (a hit must
 * match one: "aspirin before a tooth extraction" keeps the aspirin monograph, which has no
 * tooth extraction), AND_MAYBE the others; unchanged when there are no idiom entries or
 * nothing else. */
static void split_idiom(rx_compiler *c, rx_xq **opt, size_t *nopt, const unsigned char *role)
{
    size_t ni = 0, nr = 0, nidiom = 0;
    rx_xq **in = rx_arena_alloc(c->a, (*nopt + 1) * sizeof *in);
    rx_xq **rest = rx_arena_alloc(c->a, (*nopt + 1) * sizeof *rest);
    if (!in || !rest)
        return;
    for (size_t i = 0; i < *nopt; i++) {
        nidiom += role[i] == IDIOM_ENTRY;
        if (role[i])
            in[ni++] = opt[i];
        else
            rest[nr++] = opt[i];
    }
    if (!nidiom || !nr)
        return;
    rx_xq *q = xq_op(c, RX_XQ_OR, in, ni);
    rx_xq *others = xq_op(c, RX_XQ_OR, rest, nr);
    if (!c->m->drug_named)
        others = xq_scale(c, others, OTHERS_SCALE);
    q = xq_op(c, RX_XQ_AND_MAYBE, (rx_xq *[]){q, others}, 2);
    if (q) {
        opt[0] = q;
        *nopt = 1;
    }
}

static rx_xq *compile_seq(rx_compiler *c, const rx_qnode *n)
{
    size_t cap = n->nkids * 4 + 16;
    rx_xq **opt = rx_arena_alloc(c->a, cap * sizeof *opt);
    rx_xq **req = rx_arena_alloc(c->a, (n->nkids + 1) * sizeof *req);
    rx_xq **exc = rx_arena_alloc(c->a, (n->nkids + 1) * sizeof *exc);
    rx_xq **flt = rx_arena_alloc(c->a, (n->nkids + 1) * sizeof *flt);
    rx_qnode **plain = rx_arena_alloc(c->a, (n->nkids + 1) * sizeof *plain);
    size_t nopt = 0, nreq = 0, nexc = 0, nflt = 0, nplain = 0;
    long optof[MAX_PLAIN]; /* plain word -> its query in opt, or -1 */
    if (!opt || !req || !exc || !flt || !plain) {
        c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    size_t content = 0;
    for (size_t i = 0; i < n->nkids; i++)
        content += !is_stopword(n->kids[i]);
    for (size_t i = 0; i < n->nkids && !c->rc; i++) {
        const rx_qnode *k = n->kids[i];
        int is_plain = k->sign == 0 && k->type == RX_Q_WORD && !k->field;
        if (is_plain)
            plain[nplain++] = n->kids[i];
        if (is_plain && nplain <= MAX_PLAIN)
            optof[nplain - 1] = -1;
        if (content && is_stopword(k))
            continue;
        rx_xq *q = compile(c, k);
        if (!q)
            continue;
        if (is_plain && nplain <= MAX_PLAIN && k->sign == 0 && k->type != RX_Q_FILTER)
            optof[nplain - 1] = (long)nopt;
        if (k->type == RX_Q_FILTER && k->sign >= 0)
            flt[nflt++] = q;
        else if (k->sign > 0)
            req[nreq++] = q;
        else if (k->sign < 0)
            exc[nexc++] = q;
        else
            opt[nopt++] = q;
    }
    if (nplain && nopt) {
        /* Words of an idiom found in the synonym table ("pins and needles", "motion not
         * passing") mean the idiom more than themselves: they count less than usual, and
         * the idiom is what the query is about: a hit must match it (its words or its
         * expansion), the other words ("in the hands") only rank the hits. */
        unsigned char covered[MAX_PLAIN] = {0}, is_cue[MAX_PLAIN] = {0};
        unsigned char *role = rx_arena_alloc(c->a, cap); /* of each entry of opt */
        if (!role) {
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
            return NULL;
        }
        memset(role, 0, cap);
        /* A word the query drops ("if": Olopatadine's "IF"), or an everyday word that is
         * no drug's title ("pause": Tranexamic Acid's "Pause"; not "iron"), typed in lower
         * case among others, names no drug; a salt word of one names no synonym alone. */
        unsigned char weak[MAX_PLAIN] = {0}, no_name[MAX_PLAIN] = {0};
        for (size_t i = 0; i < nplain && i < MAX_PLAIN && nplain > 1; i++) {
            weak[i] = is_stopword(plain[i]) && !is_upper(plain[i]->text, plain[i]->len);
            no_name[i] = weak[i] || everyday_not_title(c, plain[i]);
        }
        unsigned char name_part[MAX_PLAIN] = {0}; /* a salt or form word of a drug's name */
        understand(c, plain, nplain, opt, &nopt, cap, is_cue, role, no_name, name_part);
        for (size_t i = 0; i < nplain && i < MAX_PLAIN; i++)
            weak[i] |= name_part[i];
        expand_synonyms(c, plain, nplain, opt, &nopt, cap, covered, role, is_cue, weak, no_name);
        keep_synonym_words(c, plain, nplain, covered);
        int others = 0;   /* words outside the idioms */
        double reach = 0; /* monographs with an idiom word, at most */
        for (size_t i = 0; i < nplain && i < MAX_PLAIN; i++) {
            if (optof[i] < 0)
                continue;
            if (covered[i] >= IDIOM_WORDS) {
                opt[optof[i]] = xq_scale(c, opt[optof[i]], IDIOM_SCALE);
                role[optof[i]] = IDIOM_ENTRY;
                reach += word_df(c, plain[i]);
            } else {
                others = 1;
            }
        }
        /* Requiring the idiom costs: Xapian then walks every document that has any of its
         * words ("neomycin morning sickness" 7 -> 20 ms on 100k monographs). Without
         * other words every hit matches it anyway; when its words are common ("low
         * blood pressure") it excludes little. */
        if (!nreq && others && reach <= IDIOM_REACH * c->doccount)
            split_idiom(c, opt, &nopt, role);
    }
    rx_xq *base;
    if (nreq) {
        base = xq_op(c, RX_XQ_AND, req, nreq);
        if (nopt)
            base = xq_op(c, RX_XQ_AND_MAYBE, (rx_xq *[]){base, xq_op(c, RX_XQ_OR, opt, nopt)}, 2);
    } else if (nopt) {
        base = xq_op(c, RX_XQ_OR, opt, nopt);
    } else if (nexc || nflt) {
        base = xq_new(c, RX_XQ_ALL, 0);
    } else {
        return NULL;
    }
    if (nflt)
        base = xq_op(c, RX_XQ_FILTER, (rx_xq *[]){base, xq_op(c, RX_XQ_AND, flt, nflt)}, 2);
    if (nexc)
        base = xq_op(c, RX_XQ_AND_NOT, (rx_xq *[]){base, xq_op(c, RX_XQ_OR, exc, nexc)}, 2);
    return base;
}

static rx_xq *compile(rx_compiler *c, const rx_qnode *n)
{
    if (!n || c->rc)
        return NULL;
    switch (n->type) {
    case RX_Q_WORD:
        return compile_word(c, n);
    case RX_Q_PHRASE:
        return compile_phrase(c, n);
    case RX_Q_PREFIX:
        return compile_prefix(c, n);
    case RX_Q_FILTER:
        return xq_term(c, "", n->text, n->len);
    case RX_Q_SEQ:
        return compile_seq(c, n);
    case RX_Q_AND:
    case RX_Q_OR:
    case RX_Q_NOT: {
        rx_xq **kids = rx_arena_alloc(c->a, (n->nkids + 1) * sizeof *kids);
        if (!kids)
            return NULL;
        for (size_t i = 0; i < n->nkids; i++)
            kids[i] = compile(c, n->kids[i]);
        if (n->type == RX_Q_NOT) {
            if (!kids[0])
                return NULL;
            rx_xq *rest = xq_op(c, RX_XQ_OR, kids + 1, n->nkids - 1);
            return rest ? xq_op(c, RX_XQ_AND_NOT, (rx_xq *[]){kids[0], rest}, 2) : kids[0];
        }
        return xq_op(c, n->type == RX_Q_AND ? RX_XQ_AND : RX_XQ_OR, kids, n->nkids);
    }
    }
    return NULL;
}

rx_xq *rx__compile(rx_compiler *c, const rx_qnode *tree)
{
    if (rx_xreader_doccount(c->r, &c->doccount, c->err) != RX_OK) {
        c->rc = c->err ? c->err->code : RX_EXAPIAN;
        return NULL;
    }
    rx_xq *q = compile(c, tree);
    if (q && c->nnamed && !c->other_drug)
        c->first = xq_op(c, RX_XQ_OR, c->named, c->nnamed);
    return q;
}
