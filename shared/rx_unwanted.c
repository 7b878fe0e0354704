/*
 * rx_unwanted.c: an effect the asker wants to be spared. In "blood pressure tablet that
 * does not cause cough" or "allergy medicine that won't make me sleepy" the words after
 * the negated cause name no condition to treat (cough syrups are no answer) and no side
 * effect to look for (drugs that list cough are the wrong answer): they leave the query,
 * which then also asks for the monographs whose text says that effect is rare or absent
 * ("so cough is rare", "non-sedating", "weight neutral"). "Minimal sexual dysfunction"
 * keeps its words, which are the monographs' own ("low risk of sexual side effects"), and
 * asks the same.
 */
#include "rx_compile_parts.h"
#include "rx_buf.h"
#include "rx_error.h"
#include "rx_section.h"
#include "rx_snippet.h"
#include "rx_stopwords.h"
#include "rx_synonyms.h"
#include "rx_termgen.h"

#include <math.h>
#include <string.h>

enum { NEAR_WINDOW = 4 }; /* "cough is rare", "rarely causes drowsiness" */

/* How much a passage saying the effect is rare weighs beside the query's other words. */
static const double TOLERANCE_SCALE = 5.0;
/* A word like "rarely" counts this share of its weight in choosing the passage shown: it
 * tips the choice toward "cough is rare" but never shows "rarely anaphylaxis" alone. */
static const double LIMIT_SHARE = 0.5;
/* The effect's own words count half too: alone they show a side effect list, which is the
 * wrong answer. */
static const double EFFECT_SHARE = 0.5;

#define ONE_OF(w, list) rx__in_list((w), strlen(w), (list), sizeof(list) / sizeof *(list))

/* "not", "doesn't": negates the verb after it. */
static int is_negator(const char *w)
{
    static const char *const v[] = {"not",   "never", "doesn't", "doesnt",    "don't",   "dont",
                                    "won't", "wont",  "didn't",  "didnt",     "cannot",  "can't",
                                    "cant",  "isn't", "isnt",    "shouldn't", "wouldn't"};
    return ONE_OF(w, v);
}

/* A verb whose object is the effect: "cause drowsiness", "make me sleepy". */
static int is_cause_verb(const char *w)
{
    static const char *const v[] = {"bring",   "cause",    "caused",  "causes",  "causing",
                                    "give",    "gives",    "giving",  "induce",  "induces",
                                    "lead",    "leads",    "make",    "makes",   "making",
                                    "produce", "produces", "trigger", "triggers"};
    return ONE_OF(w, v);
}

/* A verb that is part of the effect: "upset the stomach", "raise blood sugar", "hurt my
 * stomach". */
static int is_harm_verb(const char *w)
{
    static const char *const v[] = {
        "affect",   "affects",   "damage",   "damages",   "harm",  "harms",  "hurt",  "hurts",
        "increase", "increases", "irritate", "irritates", "raise", "raises", "upset", "upsets"};
    return ONE_OF(w, v);
}

/* What a harm verb's object may not be: harming a baby or an organ asks where a drug is
 * safe (the pregnancy cue, rx_population.h), not how it is tolerated ("will not harm the
 * baby", "does not damage the kidneys"). */
static int is_population_word(const char *w)
{
    static const char *const v[] = {"babies",    "baby",    "child",  "children", "fetus",
                                    "foetus",    "hepatic", "kidney", "kidneys",  "liver",
                                    "pregnancy", "renal",   "unborn"};
    return ONE_OF(w, v);
}

/* Says the effect is to be small: "minimal sexual dysfunction", "less fatigue", "low risk
 * of hypoglycaemia" (with "risk of" after it: "low sugar" is itself an effect). */
static int is_lessener(char *const *w, size_t i, size_t n)
{
    static const char *const v[] = {"least", "less", "minimal"};
    if (ONE_OF(w[i], v))
        return 1;
    return (strcmp(w[i], "low") == 0 || strcmp(w[i], "lower") == 0) && i + 2 < n &&
           strcmp(w[i + 1], "risk") == 0 && strcmp(w[i + 2], "of") == 0;
}

/* "gentle on", "easy on", "kind to", "safe for": what follows is spared ("painkiller
 * gentle on the stomach"); a population after them is left to its own reading. "safe to"
 * and "easy to" are before a verb: "is it safe to stop lamotrigine" spares nothing. */
static int is_sparing(char *const *w, size_t i, size_t n)
{
    static const char *const adj[] = {"easy", "gentle", "kind", "safe"};
    static const char *const prep[] = {"for", "on", "to"};
    return i + 1 < n && ONE_OF(w[i], adj) && ONE_OF(w[i + 1], prep) &&
           (strcmp(w[i + 1], "to") != 0 || strcmp(w[i], "kind") == 0);
}

/* Words between the verb and the effect: "make me sleepy", "lead to", "any". */
static int is_filler(const char *w)
{
    static const char *const v[] = {"a",  "any",  "her", "him",  "me", "much", "my",  "of",
                                    "on", "risk", "the", "them", "to", "us",   "you", "your"};
    return ONE_OF(w, v);
}

/* Ends the effect: "without drowsiness for hay fever". */
static int ends_effect(const char *w)
{
    static const char *const v[] = {"and", "at", "but",  "during", "for",   "if",
                                    "in",  "or", "side", "when",   "while", "with"};
    return ONE_OF(w, v);
}

/* The folded words of a sequence's plain words ("" for any other node). */
static char *folded(rx_compiler *c, const rx_qnode *k, rx_buf *w)
{
    if (k->sign || k->type != RX_Q_WORD || k->field)
        return "";
    rx__words(k->text, k->len, w);
    char *s = rx_arena_strndup(c->a, w->ptr ? w->ptr : "", w->len);
    return s ? s : "";
}

/* Whether the word is more a side effect than a use: more monographs have it under Side
 * Effects than under Usage and Dosage ("weight", "drowsy", "habit"; not "food" of
 * "without food", "phlegm" of "cough without phlegm", nor "dysfunction", which Dosage
 * lines say of the liver). */
static int is_effect_word(rx_compiler *c, const char *word)
{
    char stem[TERM_BUF], term[TERM_BUF], prefix[64];
    uint32_t side = 0, usage = 0, dosage = 0;
    size_t slen = rx__stem_of(c, word, strlen(word), stem);
    if (!slen)
        return 0;
    rx__field_prefix("side_effects", strlen("side_effects"), prefix, sizeof prefix);
    rx__term_df(c, prefix, stem, slen, term, &side);
    rx__term_df(c, "XUSAGE:", stem, slen, term, &usage);
    rx__term_df(c, "XDOSAGE:", stem, slen, term, &dosage);
    return side > usage + dosage;
}

int rx__unwanted_effect(rx_compiler *c, rx_qnode *const *kids, size_t n, unsigned char *skip,
                        rx_unwanted *out)
{
    if (c->flat || n < 2)
        return 0;
    char **w = rx_arena_alloc(c->a, n * sizeof *w);
    if (!w)
        return 0;
    rx_buf buf = RX_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        w[i] = folded(c, kids[i], &buf);
    rx_buf_free(&buf);
    for (size_t i = 0; i + 1 < n; i++) {
        size_t start = 0, verb = i; /* the effect's first word, the verb before it */
        size_t j = i + 1;
        int after_or = i && strcmp(w[i - 1], "or") == 0; /* "with or without food" */
        int sparing = is_sparing(w, i, n);
        int one_word = 0; /* "non drowsy cough syrup": only "drowsy" */
        int keep = 0;     /* "minimal sexual dysfunction": the monographs' own words */
        if (is_negator(w[i])) {
            /* "does not cause", "won't make me", "doesn't upset the stomach"; not "not"
             * before an effect's word: "could not pass urine", "not sleeping for days"
             * are symptoms */
            if (!is_cause_verb(w[j]) && !is_harm_verb(w[j]) && j + 1 < n && is_filler(w[j]))
                j++;
            verb = j;
            if (is_cause_verb(w[j]))
                start = j + 1;
            else if (is_harm_verb(w[j]))
                start = j;
        } else if (strcmp(w[i], "without") == 0 && !after_or && is_cause_verb(w[j])) {
            start = j + 1, verb = j; /* "without causing drowsiness" */
        } else if (!after_or && (strcmp(w[i], "without") == 0 || strcmp(w[i], "no") == 0 ||
                                 strcmp(w[i], "non") == 0 || is_lessener(w, i, n) || sparing ||
                                 (strcmp(w[i], "free") == 0 &&
                                  (strcmp(w[j], "of") == 0 || strcmp(w[j], "from") == 0)))) {
            /* "without weight gain", "no drowsy side effect", "free of sexual side
             * effects", "less fatigue", "low risk of rash", "gentle on the stomach"; not
             * "no prescription": the effect must be a word of side effects */
            if (sparing || strcmp(w[j], "from") == 0)
                j++;
            while (j + 1 < n && is_filler(w[j]))
                j++;
            if (is_effect_word(c, w[j]))
                start = j;
            one_word = strcmp(w[i], "non") == 0;
            keep = is_lessener(w, i, n);
        }
        if (!start)
            continue;
        while (start < n && is_filler(w[start]))
            start++;
        size_t end = start;
        while (end < n && *w[end] && !ends_effect(w[end]) && !(one_word && end > start))
            end++;
        if (end == start)
            continue;
        int population = 0;
        for (size_t k = start; k < end; k++)
            population |= is_population_word(w[k]);
        if (population)
            continue;
        /* "side effects" after the effect ("no drowsy side effect") go with it */
        if (end + 1 < n && strcmp(w[end], "side") == 0 && strncmp(w[end + 1], "effect", 6) == 0)
            end += 2;
        for (size_t k = i; k < end && !keep; k++)
            skip[k] = 1;
        size_t last = end; /* the effect's words, "side effects" aside */
        while (last > start + 1 &&
               (strcmp(w[last - 1], "side") == 0 || strncmp(w[last - 1], "effect", 6) == 0))
            last--;
        *out = (rx_unwanted){verb, start, last};
        return 1;
    }
    return 0;
}

typedef struct effect_terms {
    rx_compiler *c;
    rx_xq *kids[32];
    size_t n;
} effect_terms;

/* Notes the stem for snippets, at its idf times share: the passage that says the effect is
 * rare is the one to show. */
static void note(rx_compiler *c, const char *stem, size_t slen, double share, int limit)
{
    char term[TERM_BUF];
    uint32_t df = 0;
    rx__term_df(c, RX_PREFIX_STEM, stem, slen, term, &df);
    double idf = log(1.0 + (double)c->doccount / (df ? df : 1));
    if (rx__matcher_add(c->m, stem, slen, NULL, idf * share) != RX_OK && !c->rc)
        c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
    rx__matcher_mark_effect(c->m, stem, slen, limit);
}

/* Whether the effect's terms have "Z" + stem. */
static int has_stem(const effect_terms *e, const char *stem, size_t slen)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->kids[i]->term_len == slen + 1 && memcmp(e->kids[i]->term + 1, stem, slen) == 0)
            return 1;
    return 0;
}

/* The stem of one content word, once. */
static void add_word(effect_terms *e, const char *text, size_t len)
{
    if (rx__is_function_word(text, len) || e->n == sizeof e->kids / sizeof *e->kids)
        return;
    char stem[TERM_BUF];
    size_t slen = rx__stem_of(e->c, text, len, stem);
    if (!slen || has_stem(e, stem, slen))
        return;
    rx_xq *q = rx__xq_term(e->c, RX_PREFIX_STEM, stem, slen);
    if (q)
        e->kids[e->n++] = q;
    note(e->c, stem, slen, EFFECT_SHARE, 0);
}

/* A synonym of one word ("sleepy" -> "drowsiness"); one of more words cannot stand in a
 * NEAR query's list of alternatives. */
static int on_synonym(void *payload, const char *syn, size_t len)
{
    effect_terms *e = payload;
    rx_buf w = RX_BUF_INIT;
    rx__words(syn, len, &w);
    if (w.ptr && !memchr(w.ptr, ' ', w.len))
        add_word(e, w.ptr, w.len);
    rx_buf_free(&w);
    return 0;
}

static void add_synonyms(effect_terms *e, const char *key, size_t len)
{
    rx_xreader_synonyms(e->c->r, key, len, on_synonym, e, NULL);
}

rx_xq *rx__tolerance(rx_compiler *c, rx_qnode *const *kids, const rx_unwanted *u)
{
    size_t verb = u->verb, from = u->from, to = u->to;
    effect_terms e = {.c = c};
    rx_buf w = RX_BUF_INIT, key = RX_BUF_INIT;
    /* Of an effect of several words, those that name side effects ("sexual" of "sexual
     * dysfunction": a Dosage line says "Hepatic Dysfunction: use less frequent doses"). */
    unsigned char side[MAX_PLAIN] = {0};
    size_t named = 0;
    for (size_t i = from; i < to && i - from < MAX_PLAIN && to - from > 1; i++) {
        rx__words(kids[i]->text, kids[i]->len, &w);
        named += side[i - from] = w.ptr && is_effect_word(c, w.ptr);
    }
    for (size_t i = from; i < to; i++) {
        rx__words(kids[i]->text, kids[i]->len, &w);
        int counts = !named || (i - from < MAX_PLAIN && side[i - from]);
        if (w.ptr && !memchr(w.ptr, ' ', w.len) && counts)
            add_word(&e, w.ptr, w.len);
        if (w.ptr) {
            if (key.len)
                rx_buf_putc(&key, ' ');
            rx_buf_put(&key, w.ptr, w.len);
        }
    }
    /* The effect as a whole ("weight gain"), then, when a verb came before it, with that
     * verb ("cause sleep": drowsiness, where "sleep" alone asks about insomnia). */
    if (key.ptr && !key.oom) {
        add_synonyms(&e, key.ptr, key.len);
        rx__words(kids[verb]->text, kids[verb]->len, &w);
        if (verb < from && w.ptr) {
            rx_buf both = RX_BUF_INIT;
            rx_buf_put(&both, w.ptr, w.len);
            rx_buf_putc(&both, ' ');
            rx_buf_put(&both, key.ptr, key.len);
            if (both.ptr && !both.oom)
                add_synonyms(&e, both.ptr, both.len);
            rx_buf_free(&both);
        }
    }
    rx_buf_free(&w);
    rx_buf_free(&key);
    if (!e.n)
        return NULL;
    /* What says an effect is rare: "rarely", "uncommon", "no weight gain", "less common
     * than with ACE inhibitors", "weight neutral"; and "non-" just before it
     * ("non-sedating", not the "non-productive" of a cough). Not "no" or "not" ("use for
     * no more than 5 days if the cough persists", "not for chronic cough"), nor "low"
     * ("low libido", "hypoglycaemia (low blood sugar)"). */
    static const char *const limits[] = {"free",       "less",     "little",   "minimal",
                                         "negligible", "neutral",  "rare",     "rarely",
                                         "seldom",     "uncommon", "unlikely", "without"};
    rx_xq *lim[sizeof limits / sizeof *limits];
    size_t nl = 0;
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        char stem[TERM_BUF];
        size_t slen = rx__stem_of(c, limits[i], strlen(limits[i]), stem);
        /* a limit that is a word of the effect says nothing of it */
        if (slen && !has_stem(&e, stem, slen)) {
            lim[nl++] = rx__xq_term(c, RX_PREFIX_STEM, stem, slen);
            note(c, stem, slen, LIMIT_SHARE, 1);
        }
    }
    rx_xq *effects = rx__xq_op(c, RX_XQ_OR, e.kids, e.n);
    rx_xq *near =
        rx__xq_op(c, RX_XQ_NEAR, (rx_xq *[]){effects, rx__xq_op(c, RX_XQ_OR, lim, nl)}, 2);
    rx_xq *non = rx__xq_op(c, RX_XQ_PHRASE,
                           (rx_xq *[]){rx__xq_term(c, RX_PREFIX_STEM, "non", 3), effects}, 2);
    /* "low risk of hypoglycaemia", though "low" alone is no limit */
    rx_xq *low = rx__xq_op(c, RX_XQ_PHRASE,
                           (rx_xq *[]){rx__xq_term(c, RX_PREFIX_STEM, "low", 3),
                                       rx__xq_term(c, RX_PREFIX_STEM, "risk", 4), effects},
                           3);
    if (!near || !non || !low)
        return NULL;
    near->window = NEAR_WINDOW;
    non->window = 2;
    low->window = 4;
    note(c, "non", 3, LIMIT_SHARE, 1);
    /* The effect's words weigh, as one term, in the monographs that say it is rare. */
    rx_xq *said = rx__xq_op(c, RX_XQ_OR, (rx_xq *[]){near, non, low}, 3);
    rx_xq *weight = rx__xq_op(c, RX_XQ_SYNONYM, e.kids, e.n);
    rx_xq *q = rx__xq_op(c, RX_XQ_FILTER, (rx_xq *[]){weight, said}, 2);
    if (!q)
        return NULL;
    return rx__xq_scale(c, q, TOLERANCE_SCALE);
}
