/*
 * rx_compile.c: a parsed query into Xapian terms, with the index's own tokenizer and
 * stemmer (so "Headaches", "headache" and "headaching" meet) and misspelled words noted.
 * A sequence of plain words is also understood (rx_understand.c: drug and brand names,
 * section cues, populations) and expanded (rx_expand.c: synonyms).
 */
#include "rx_compile_parts.h"
#include "rx_buf.h"
#include "rx_error.h"
#include "rx_section.h"
#include "rx_spell.h"
#include "rx_stopwords.h"
#include "rx_synonyms.h"
#include "rx_termgen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

rx_xq *rx__xq_term(rx_compiler *c, const char *prefix, const char *text, size_t len)
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
rx_xq *rx__xq_op(rx_compiler *c, rx_xq_op op, rx_xq **kids, size_t n)
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

rx_xq *rx__xq_scale(rx_compiler *c, rx_xq *kid, double factor)
{
    if (factor == 1.0)
        return kid; /* the same weight; a wrapper only hides an OR from the one around it */
    rx_xq *q = kid ? rx__xq_op(c, RX_XQ_SCALE, &kid, 1) : NULL;
    if (q)
        q->scale = factor;
    return q;
}

/* ----------------------------------------------------------------- words */

static int collect(void *payload, const rx_token *t)
{
    qtoks *q = payload;
    if (q->n == sizeof q->v / sizeof q->v[0])
        return 0; /* a 64-part "word" keeps its first 64 parts */
    char *s = rx_arena_strndup(q->c->a, t->text, t->len);
    if (!s)
        return 1;
    q->v[q->n++] = (qtok){s, t->len, t->flags, t->pos, t->start, t->end};
    return 0;
}

size_t rx__tokens_of(rx_compiler *c, const char *text, size_t len, qtoks *out)
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
size_t rx__term_df(rx_compiler *c, const char *prefix, const char *stem, size_t slen, char *term,
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
size_t rx__stem_of(rx_compiler *c, const char *word, size_t len, char *stem)
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
    return rx__term_df(c, prefix, stem, rx__stem_of(c, word, len, stem), term, df);
}

/* A stem of brand names that most monographs using it name ("sotret" of "Sotret NF"), not
 * a form or strength word of a few brands ("drop", "fort"). */
int rx__is_brand_stem(rx_compiler *c, const char *stem, size_t slen)
{
    char term[TERM_BUF];
    uint32_t brand, all;
    rx__term_df(c, "XBRAND:", stem, slen, term, &brand);
    rx__term_df(c, RX_PREFIX_STEM, stem, slen, term, &all);
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
    rx_xq *q = rx__xq_term(c, prefix, stem, slen);
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

int rx__spell_read(rx_xreader *r, struct rx_spell *d, rx_error *err)
{
    if (d->loaded)
        return RX_OK;
    char *list = NULL;
    size_t len = 0;
    int rc = rx_xreader_metadata(r, RX_META_SPELLING, &list, &len, err);
    if (rc == RX_OK && (rc = rx__spell_load(d, list, len)) != RX_OK)
        rx__fail(err, rc, NULL, 0,
                 rc == RX_ECORRUPT ? "index is corrupt (bad " RX_META_SPELLING "): rebuild it"
                                   : "out of memory");
    if (rc)
        rx__spell_free(d);
    return rc;
}

/* The index's did-you-mean dictionary, read when a query first needs it. */
static const rx_spell *dictionary(rx_compiler *c)
{
    int rc = rx__spell_read(c->r, c->spell, c->err);
    if (rc) {
        c->rc = rc;
        return NULL;
    }
    return c->spell;
}

/* The everyday words never corrected, read when a query first needs them (NULL when the
 * caller keeps none). */
const rx_wordlist *rx__everyday_words(rx_compiler *c)
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
    const rx_wordlist *words = rx__everyday_words(c);
    if (!words || !rx__wordlist_has(words, n->text, n->len))
        return 0;
    char term[TERM_BUF], stem[TERM_BUF];
    uint32_t tf = 0;
    size_t slen = rx__stem_of(c, n->text, n->len, stem);
    rx__term_df(c, "XTITLE:", stem, slen, term, &tf);
    return tf == 0;
}

/* Notes a word of the query at offset that no monograph has, and no correction replaces,
 * for the notice; not where the query excludes it. */
static void note_missing(rx_compiler *c, size_t offset, size_t len)
{
    if (c->nmissing < RX_MAX_FIXES && !c->excluding) {
        c->missing[c->nmissing].offset = offset;
        c->missing[c->nmissing++].len = len;
    }
}

/* t is a token of the text at offset in the query: a word in no monograph is named, or
 * corrected, by its own span ("addictive", not "addictive?"). */
static void check_spelling(rx_compiler *c, const qtok *t, size_t offset)
{
    size_t len = t->end - t->start;
    offset += t->start;
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
    const rx_wordlist *words = rx__everyday_words(c);
    if (c->rc || (words && rx__wordlist_has(words, t->text, t->len))) {
        note_missing(c, offset, len);
        return;
    }
    const rx_spell *dict = dictionary(c);
    char s[RX_SPELL_MAX_WORD + 1];
    /* One edit first: a word that near always wins, and that walk costs a fraction. */
    size_t n = dict ? rx__spell_suggest(dict, t->text, t->len, 1, s, sizeof s) : 0;
    if (!n && dict && t->len >= 7)
        n = rx__spell_suggest(dict, t->text, t->len, 2, s, sizeof s);
    if (!n && !c->rc)
        note_missing(c, offset, len);
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
    size_t sslen = rx__stem_of(c, with, n, sstem);
    rx__term_df(c, "XTITLE:", sstem, sslen, term, &title);
    int drug = (title > 0 || rx__is_brand_stem(c, sstem, sslen)) &&
               rx__spell_plausible(t->text, t->len, with, n);
    c->fixes[c->nfixes++] = (rx_fix){offset, len, with, drug, 0};
}

/* The positional term of a word: its stem ("Z" prefix), which carries the positions. */
static rx_xq *positional(rx_compiler *c, const char *text, size_t len)
{
    size_t slen;
    const char *stem = rx_stem(c->stemmer, text, len, &slen);
    return rx__xq_term(c, RX_PREFIX_STEM, stem, slen);
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
    rx_xq *q = rx__xq_op(c, RX_XQ_PHRASE, kids, n);
    if (q)
        q->window = (uint32_t)n;
    return q;
}

/* Every non-joined token's stem under the field, AND'ed (or OR'ed): the ranked part. */
rx_xq *rx__stems_of(rx_compiler *c, const qtoks *t, const char *field, rx_xq_op op, double sw)
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
    return rx__xq_op(c, op, kids, n);
}

static rx_xq *compile_word(rx_compiler *c, const rx_qnode *n)
{
    qtoks t;
    if (!rx__tokens_of(c, n->text, n->len, &t))
        return NULL;
    if (t.n == 1) {
        if ((t.v[0].flags & RX_TOKEN_ALPHA) && t.v[0].len >= 4)
            check_spelling(c, &t.v[0], n->offset);
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
        alts[1] = n->field ? rx__stems_of(c, &t, n->field, RX_XQ_AND, 0.5)
                           : rx__xq_op(c, RX_XQ_FILTER,
                                       (rx_xq *[]){rx__stems_of(c, &t, NULL, RX_XQ_AND, 0.5),
                                                   phrase_of(c, &t)},
                                       2);
        return rx__xq_op(c, RX_XQ_SYNONYM, alts, 2);
    }
    /* "50mg", "25-50", "mg/day": the pieces in order, ranked by their stems. */
    if (n->field)
        return rx__stems_of(c, &t, n->field, RX_XQ_AND, 1.0);
    rx_xq *both[2] = {rx__stems_of(c, &t, NULL, RX_XQ_AND, 1.0), phrase_of(c, &t)};
    return rx__xq_op(c, RX_XQ_FILTER, both, 2);
}

static rx_xq *phrase_text(rx_compiler *c, const rx_qnode *n)
{
    qtoks t;
    if (!rx__tokens_of(c, n->text, n->len, &t))
        return NULL;
    rx_xq *ranked = rx__stems_of(c, &t, n->field, RX_XQ_AND, 1.0);
    /* Sections kept without positions (FAQs, summary): the words inside it must do. */
    if (ranked && n->field && !rx__field(n->field, strlen(n->field))->positions)
        return ranked;
    if (t.n == 1 && !n->field && (t.v[0].flags & RX_TOKEN_ALPHA) && t.v[0].len >= 4) {
        /* A quoted word is searched as typed; if no monograph has it, the correction is
         * only suggested ("cetrizine" in quotes: did you mean "cetirizine"?). */
        size_t before = c->nfixes;
        check_spelling(c, &t.v[0], n->offset);
        if (c->nfixes > before)
            c->fixes[before].quoted = 1;
    }
    int loose = ranked && !n->field && ranked->nkids > 1;
    if (loose && c->m->nloose < RX_MAX_LOOSE)
        c->m->loose[c->m->nloose++] = (rx_loose_phrase){.text = n->text, .len = n->len};
    if (loose && c->unplaced) {
        /* The words inside the sections kept without positions, where a phrase that no
         * other section has may still be (rx_search.c asks for this when none has it). */
        return rx__stems_of(c, &t, "faq", RX_XQ_AND, 1.0);
    }
    rx_xq *ph = phrase_of(c, &t);
    if (!ph || !ranked)
        return NULL;
    /* Without a field the phrase is of the ranked stems themselves, and Xapian weighs a
     * phrase as the sum of its terms: no second reading of their posting lists (ranked
     * was still built: it notes the words for snippets). */
    if (!n->field)
        return ph;
    /* Documents must hold the exact phrase and its words in that field; they are ranked
     * by the field's terms. */
    rx_xq *kids[2] = {ranked, ph};
    return rx__xq_op(c, RX_XQ_FILTER, kids, 2);
}

/* A phrase, and where it is a drug's whole name, that drug too: it ranks first. */
static rx_xq *compile_phrase(rx_compiler *c, const rx_qnode *n)
{
    rx_xq *q = phrase_text(c, n);
    int named = q && !n->field && !c->excluding && memchr(n->text, ' ', n->len);
    rx_xq *name = named ? rx__quoted_name(c, n->text, n->len) : NULL;
    return name ? rx__xq_op(c, RX_XQ_OR, (rx_xq *[]){q, name}, 2) : q;
}

static rx_xq *compile_prefix(rx_compiler *c, const rx_qnode *n)
{
    qtoks t;
    if (!rx__tokens_of(c, n->text, n->len, &t))
        return NULL;
    const qtok *last = &t.v[t.n - 1];
    char pbuf[80];
    const char *prefix = prefix_of(c, n->field, pbuf, sizeof pbuf);
    /* Every indexed word is a stem: "diabetes*" must look for "diabet..." */
    size_t slen, len = last->len;
    const char *stem = rx_stem(c->stemmer, last->text, last->len, &slen);
    if (slen && slen < len && memcmp(stem, last->text, slen) == 0)
        len = slen;
    rx_xq *q = rx__xq_term(c, prefix, last->text, len);
    if (q)
        q->op = RX_XQ_WILDCARD;
    return q;
}

/* ------------------------------------------------------------- stopwords */

int rx__is_stopword(const rx_qnode *n)
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
    rx_xq *q = rx__xq_op(c, RX_XQ_OR, in, ni);
    rx_xq *others = rx__xq_op(c, RX_XQ_OR, rest, nr);
    if (!c->m->drug_named)
        others = rx__xq_scale(c, others, OTHERS_SCALE);
    q = rx__xq_op(c, RX_XQ_AND_MAYBE, (rx_xq *[]){q, others}, 2);
    if (q) {
        opt[0] = q;
        *nopt = 1;
    }
}

/* Whether the idiom of p's words [i, i + size) is one no monograph has as a phrase: lay
 * words ("hearing voices") whose literal sense misleads; they count less, in the text and
 * in the section the query asks about. Only idioms whose words are steered to a section
 * are looked up (symptom queries), and only those with a rare word: the lookup reads the
 * positions of every monograph with all its words ("burning urine" 7 -> 24 ms on 100k
 * monographs). */
static int is_lay_idiom(rx_compiler *c, const rx_plain *p, size_t i, size_t size)
{
    int steered = 0;
    for (size_t k = i; k < i + size; k++)
        steered |= p->steer[k].section != NULL;
    if (!steered)
        return 0;
    uint32_t rarest = UINT32_MAX;
    for (size_t k = i; k < i + size; k++)
        if (!rx__is_stopword(p->word[k])) {
            uint32_t df = word_df(c, p->word[k]);
            rarest = df < rarest ? df : rarest;
        }
    if (rarest > IDIOM_LOOKUP * c->doccount)
        return 0;
    const rx_qnode *first = p->word[i], *last = p->word[i + size - 1];
    qtoks t;
    if (last->offset < first->offset ||
        rx__tokens_of(c, first->text, last->offset + last->len - first->offset, &t) < 2)
        return 0;
    rx_xq *ph = phrase_of(c, &t);
    int found = 1;
    return ph && rx_xreader_any(c->r, ph, &found, NULL) == RX_OK && !found;
}

/* Marks p->lay for the words of each lay idiom (is_lay_idiom). */
static void mark_lay_idioms(rx_compiler *c, rx_plain *p)
{
    size_t n = p->n < MAX_PLAIN ? p->n : MAX_PLAIN;
    for (size_t i = 0; i < n && !c->rc;) {
        size_t size = p->covered[i];
        if (size < IDIOM_WORDS || i + size > n) {
            i++;
            continue;
        }
        unsigned char lay = (unsigned char)is_lay_idiom(c, p, i, size);
        for (size_t k = i; k < i + size; k++)
            p->lay[k] = lay;
        i += size;
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
    /* "… that does not cause cough": the negation and the effect leave the query, which
     * asks instead for the monographs that say the effect is rare. */
    unsigned char *skip = rx_arena_alloc(c->a, n->nkids + 1);
    rx_unwanted unwanted;
    if (!skip) {
        c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    memset(skip, 0, n->nkids + 1);
    int spared = rx__unwanted_effect(c, n->kids, n->nkids, skip, &unwanted);
    size_t content = 0;
    for (size_t i = 0; i < n->nkids; i++)
        content += !skip[i] && !rx__is_stopword(n->kids[i]);
    for (size_t i = 0; i < n->nkids && !c->rc; i++) {
        const rx_qnode *k = n->kids[i];
        if (skip[i])
            continue;
        /* A quoted word ("aspirin" in quotes) is the word: never corrected (compile_phrase
         * only suggests a spelling) and no synonym key alone (weak, below), but it still names
         * its drug (Rosuvastatin + Aspirin ranked before Aspirin). */
        int quoted_word = k->type == RX_Q_PHRASE && k->len && !memchr(k->text, ' ', k->len);
        int is_plain = k->sign == 0 && (k->type == RX_Q_WORD || quoted_word) && !k->field;
        if (is_plain)
            plain[nplain++] = n->kids[i];
        if (is_plain && nplain <= MAX_PLAIN)
            optof[nplain - 1] = -1;
        if (content && rx__is_stopword(k))
            continue;
        c->excluding += k->sign < 0;
        rx_xq *q = compile(c, k);
        c->excluding -= k->sign < 0;
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
        unsigned char *role = rx_arena_alloc(c->a, cap); /* of each entry of opt */
        rx_plain *p = rx_arena_alloc(c->a, sizeof *p);
        if (!role || !p) {
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
            return NULL;
        }
        memset(role, 0, cap);
        memset(p, 0, sizeof *p);
        p->word = plain;
        p->n = nplain;
        /* A word the query drops ("if": Olopatadine's "IF"), a word of two letters ("aa",
         * Hindi for "come": Levocetirizine's "AA"), or an everyday word that is no drug's
         * title ("pause": Tranexamic Acid's "Pause"; not "iron"), typed in lower case
         * among others, names no drug; a salt word of one names no synonym alone. */
        for (size_t i = 0; i < nplain && i < MAX_PLAIN && nplain > 1; i++) {
            int lower = !is_upper(plain[i]->text, plain[i]->len);
            p->weak[i] = rx__is_stopword(plain[i]) && lower;
            p->no_name[i] =
                p->weak[i] || (plain[i]->len <= 2 && lower) || everyday_not_title(c, plain[i]);
        }
        for (size_t i = 0; i < nplain && i < MAX_PLAIN; i++)
            p->weak[i] |= plain[i]->type == RX_Q_PHRASE;
        rx__understand(c, p, opt, &nopt, cap, role);
        for (size_t i = 0; i < nplain && i < MAX_PLAIN; i++)
            p->weak[i] |= p->name_part[i];
        rx__expand_synonyms(c, p, opt, &nopt, cap, role);
        rx__keep_synonym_words(c, p);
        mark_lay_idioms(c, p);
        rx__steer(c, p, opt, &nopt, cap);
        int others = 0;   /* words outside the idioms */
        double reach = 0; /* monographs with an idiom word, at most */
        for (size_t i = 0; i < nplain && i < MAX_PLAIN; i++) {
            if (optof[i] < 0)
                continue;
            if (p->covered[i] >= IDIOM_WORDS) {
                opt[optof[i]] = rx__xq_scale(c, opt[optof[i]], p->lay[i] ? LAY_SCALE : IDIOM_SCALE);
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
        base = rx__xq_op(c, RX_XQ_AND, req, nreq);
        if (nopt)
            base = rx__xq_op(c, RX_XQ_AND_MAYBE,
                             (rx_xq *[]){base, rx__xq_op(c, RX_XQ_OR, opt, nopt)}, 2);
    } else if (nopt) {
        base = rx__xq_op(c, RX_XQ_OR, opt, nopt);
    } else if (nexc || nflt) {
        base = xq_new(c, RX_XQ_ALL, 0);
    } else {
        base = NULL;
    }
    /* Saying the effect is rare ranks the hits; it finds none on its own ("non-productive
     * cough" is no blood pressure drug). */
    rx_xq *tolerance = spared ? rx__tolerance(c, n->kids, &unwanted) : NULL;
    if (tolerance)
        base = base ? rx__xq_op(c, RX_XQ_AND_MAYBE, (rx_xq *[]){base, tolerance}, 2) : tolerance;
    if (!base)
        return NULL;
    if (nflt)
        base = rx__xq_op(c, RX_XQ_FILTER, (rx_xq *[]){base, rx__xq_op(c, RX_XQ_AND, flt, nflt)}, 2);
    if (nexc)
        base = rx__xq_op(c, RX_XQ_AND_NOT, (rx_xq *[]){base, rx__xq_op(c, RX_XQ_OR, exc, nexc)}, 2);
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
        return rx__xq_term(c, "", n->text, n->len);
    case RX_Q_SEQ:
        return compile_seq(c, n);
    case RX_Q_AND:
    case RX_Q_OR:
    case RX_Q_NOT: {
        rx_xq **kids = rx_arena_alloc(c->a, (n->nkids + 1) * sizeof *kids);
        if (!kids)
            return NULL;
        for (size_t i = 0; i < n->nkids; i++) {
            int excluded = n->type == RX_Q_NOT && i > 0;
            c->excluding += excluded;
            kids[i] = compile(c, n->kids[i]);
            c->excluding -= excluded;
        }
        if (n->type == RX_Q_NOT) {
            if (!kids[0])
                return NULL;
            rx_xq *rest = rx__xq_op(c, RX_XQ_OR, kids + 1, n->nkids - 1);
            return rest ? rx__xq_op(c, RX_XQ_AND_NOT, (rx_xq *[]){kids[0], rest}, 2) : kids[0];
        }
        return rx__xq_op(c, n->type == RX_Q_AND ? RX_XQ_AND : RX_XQ_OR, kids, n->nkids);
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
        c->first = rx__xq_op(c, RX_XQ_OR, c->named, c->nnamed);
    return q;
}
