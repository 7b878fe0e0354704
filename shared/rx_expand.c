/*
 * rx_expand.c: a query's words through the synonym table: lay words meet clinical ones
 * ("sugar" -> diabetes), an idiom its meaning ("pins and needles" -> paraesthesia), a
 * brand its generic's title. Keys of one to three words are looked up as typed, stemmed,
 * and with the query's other words between theirs.
 */
#include "rx_compile_parts.h"
#include "rx_buf.h"
#include "rx_docdata.h"
#include "rx_stopwords.h"
#include "rx_strmap.h"
#include "rx_synonyms.h"
#include "rx_termgen.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_SPAN = 6 };  /* a key's two words at most this many content words apart */
enum { SIG_MAX = 256 }; /* a synonym's stems, compared for duplicates */

typedef struct syn_ctx {
    rx_compiler *c;
    rx_xq **out;
    size_t *nout, max;
    int names_drug; /* the key names a drug: its synonyms are that drug's names */
    /* The stems of the synonyms added: "paediatric" and "pediatric" stem alike and must
     * not count twice. */
    rx_strmap seen;
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
            s->key_len[s->nkey] = rx__stem_of(s->c, w, n, s->key[s->nkey]);
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
        size_t slen = rx__stem_of(s->c, t->v[i].text, t->v[i].len, stem);
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

/* t's stems, each followed by a space, into sig[SIG_MAX]; their length, 0 if too long. */
static size_t stems_sig(syn_ctx *s, const qtoks *t, char *sig)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        char stem[TERM_BUF];
        size_t slen = rx__stem_of(s->c, t->v[i].text, t->v[i].len, stem);
        if (n + slen + 1 > SIG_MAX)
            return 0;
        memcpy(sig + n, stem, slen);
        n += slen;
        sig[n++] = ' ';
    }
    return n;
}

static int on_synonym(void *payload, const char *syn, size_t len)
{
    syn_ctx *s = payload;
    rx_compiler *c = s->c;
    if (*s->nout >= s->max)
        return 0;
    qtoks t;
    if (!rx__tokens_of(c, syn, len, &t) || only_key_words(s, &t))
        return 0;
    drop_function_words(&t);
    char sig[SIG_MAX];
    size_t siglen = stems_sig(s, &t, sig);
    rx_strmap_entry *seen = siglen ? rx_strmap_put(&s->seen, sig, siglen) : NULL;
    if (seen && seen->mark++)
        return c->rc; /* a synonym with these stems is in already */
    /* A multi-word synonym ("neuropathic pain") must match as a whole. */
    rx_xq *q = rx__stems_of(c, &t, NULL, RX_XQ_AND, SYNONYM_SCALE);
    if (q)
        s->out[(*s->nout)++] = rx__xq_scale(c, q, SYNONYM_SCALE);
    /* "Pradaxa", "Lantus": in the drug's monograph its generic name does not choose the
     * passage, the question's other words do. */
    for (const char *w = sig, *sp; s->names_drug && w < sig + siglen; w = sp + 1) {
        sp = memchr(w, ' ', (size_t)(sig + siglen - w)); /* every stem ends with one */
        rx__matcher_mark_drug(c->m, w, (size_t)(sp - w));
    }
    /* ... and inside the section the query is about, as the words typed are. */
    if (c->section && *s->nout < s->max) {
        q = rx__stems_of(c, &t, c->section, RX_XQ_AND, 0);
        if (q)
            s->out[(*s->nout)++] = rx__xq_scale(c, q, SYNONYM_SCALE * CUE_SCALE);
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
            int names_drug = sc->names_drug;
            sc->names_drug = 1;
            if (!words.oom && words.len)
                on_synonym(sc, words.ptr, words.len);
            sc->names_drug = names_drug;
        }
        free(data);
    }
    rx_buf_free(&words);
    rx_xmset_free(ms);
}

typedef struct syn_pass {
    rx_compiler *c;
    rx_plain *p;
    rx_xq **out;
    size_t *nout, max;
    unsigned char *role;
    int gapped; /* the key's words are not adjacent: no idiom */
    rx_buf key, w;
} syn_pass;

/* Looks up the words at[0..size) as one key: as typed, then stemmed (for two words, in
 * either order). Marks them covered when the table has it. */
static void expand_run(syn_pass *p, const size_t *at, size_t size)
{
    for (size_t k = 0; k < size; k++)
        if (p->p->covered[at[k]])
            return;
    rx_buf_clear(&p->key);
    for (size_t k = 0; k < size; k++) {
        rx__words(p->p->word[at[k]]->text, p->p->word[at[k]]->len, &p->w);
        if (p->key.len && p->w.len)
            rx_buf_putc(&p->key, ' ');
        rx_buf_put(&p->key, p->w.ptr, p->w.len);
    }
    if (p->key.oom || p->w.oom || !p->key.len)
        return;
    size_t before = *p->nout;
    int named = 1;
    for (size_t k = 0; k < size; k++)
        named &= p->p->named[at[k]];
    syn_ctx sc = {.c = p->c,
                  .out = p->out,
                  .nout = p->nout,
                  .max = p->max,
                  .names_drug = named,
                  .seen = RX_STRMAP_INIT};
    stem_key(&sc, p->key.ptr, p->key.len);
    rx_xreader_synonyms(p->c->r, p->key.ptr, p->key.len, on_synonym, &sc, NULL);
    if (size > 1 || !p->p->no_name[at[0]])
        exact_name_titles(&sc, p->key.ptr, p->key.len);
    for (int reverse = 0; reverse <= (size == 2) && *p->nout == before; reverse++) {
        rx__stem_key(p->c->stemmer, p->key.ptr, p->key.len, reverse, &p->w);
        if (!p->w.oom)
            rx_xreader_synonyms(p->c->r, p->w.ptr, p->w.len, on_synonym, &sc, NULL);
    }
    rx_strmap_free(&sc.seen);
    /* "side effects" asks for a section (its words are a cue), it is not what the query
     * is about: no idiom. */
    int cue = 1;
    for (size_t k = 0; k < size; k++)
        cue &= p->p->is_cue[at[k]];
    if (*p->nout > before)
        for (size_t k = 0; k < size; k++)
            p->p->covered[at[k]] = (unsigned char)(cue || p->gapped ? 1 : size);
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
void rx__expand_synonyms(rx_compiler *c, rx_plain *plain, rx_xq **out, size_t *nout, size_t max,
                         unsigned char *role)
{
    syn_pass p = {c, plain, out, nout, max, role, 0, RX_BUF_INIT, RX_BUF_INIT};
    size_t nwords = plain->n;
    if (nwords > MAX_PLAIN)
        nwords = MAX_PLAIN;
    size_t all[MAX_PLAIN], content[MAX_PLAIN], ncontent = 0;
    size_t part[MAX_PLAIN]; /* of each word: how many joining words come before it */
    for (size_t i = 0, joins = 0; i < nwords; i++) {
        all[i] = i;
        part[i] = joins;
        if (!rx__is_stopword(plain->word[i]))
            content[ncontent++] = i;
        joins += is_joining_word(plain->word[i]);
    }
    for (size_t size = RX_SYNONYM_MAX_WORDS; size >= 1; size--) {
        for (size_t i = 0; size > 1 && i + size <= ncontent; i++)
            if (content[i + size - 1] - content[i] >= size && /* not a run as typed */
                part[content[i]] == part[content[i + size - 1]])
                expand_run(&p, content + i, size);
        for (size_t i = 0; i + size <= nwords; i++)
            if (size > 1 || !plain->weak[i]) /* not "if" as a brand, "acid" of a drug */
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
void rx__keep_synonym_words(rx_compiler *c, const rx_plain *p)
{
    size_t kept = 0;
    for (size_t f = 0; f < c->nfixes; f++) {
        int known = 0;
        for (size_t i = 0; i < p->n && i < MAX_PLAIN && !known; i++)
            known = p->covered[i] && p->word[i]->offset == c->fixes[f].offset;
        if (known)
            free(c->fixes[f].with);
        else
            c->fixes[kept++] = c->fixes[f];
    }
    c->nfixes = kept;
}
