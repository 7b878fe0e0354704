/*
 * rx_understand.c: what a query's plain words ask: the drugs and brands it names (their
 * monographs rank first), the section a cue asks about ("side effects of", "in
 * pregnancy", two drugs: interactions), and a special population's dosing or avoidance
 * ("dose adjustment in hepatic impairment").
 */
#include "rx_compile_parts.h"
#include "rx_buf.h"
#include "rx_error.h"
#include "rx_population.h"
#include "rx_section.h"
#include "rx_stopwords.h"
#include "rx_synonyms.h"
#include "rx_termgen.h"

#include <string.h>

enum { MAX_NAME_SYNONYMS = 4 }; /* a combination brand the corpus lacks: its ingredients */

typedef struct name_syn {
    rx_compiler *c;
    rx_buf term;                         /* scratch: "XEXACT:" + a synonym's words */
    const char *name[MAX_NAME_SYNONYMS]; /* out: the synonyms that are exact names, as terms */
    size_t len[MAX_NAME_SYNONYMS];
    size_t n;
} name_syn;

/* Whether the exact-name term in key ("XEXACT:" + folded words) is in the index: the words
 * are a drug's whole title or a brand. */
static int is_exact_name(rx_compiler *c, const rx_buf *key)
{
    uint32_t tf = 0;
    return !key->oom && rx_xreader_termfreq(c->r, key->ptr, key->len, &tf, NULL) == RX_OK && tf;
}

/* key becomes the exact-name term of text's folded words. */
static void exact_key(rx_buf *key, const char *text, size_t len)
{
    rx_buf w = RX_BUF_INIT;
    rx__words(text, len, &w);
    rx_buf_clear(key);
    rx_buf_puts(key, RX_PREFIX_EXACT);
    rx_buf_put(key, w.ptr ? w.ptr : "", w.len);
    key->oom |= w.oom;
    rx_buf_free(&w);
}

static int on_name_synonym(void *payload, const char *syn, size_t len)
{
    name_syn *ns = payload;
    exact_key(&ns->term, syn, len);
    if (!is_exact_name(ns->c, &ns->term))
        return 0;
    char *copy = rx_arena_alloc(ns->c->a, ns->term.len);
    if (!copy)
        return 0;
    memcpy(copy, ns->term.ptr, ns->term.len);
    ns->name[ns->n] = copy;
    ns->len[ns->n++] = ns->term.len;
    return ns->n == MAX_NAME_SYNONYMS;
}

/* A drug the query names: its exact-name term, boosted, and ranked first. */
static void add_named(rx_compiler *c, const char *term, size_t len, rx_xq **out, size_t *nout)
{
    rx_xq *q = rx__xq_term(c, "", term, len);
    if (q)
        out[(*nout)++] = rx__xq_scale(c, q, DRUG_SCALE);
    if (q && c->nnamed < RX_MAX_NAMED)
        c->named[c->nnamed++] = q;
}

/* The exact-name term "XEXACT:" + words, boosted as a drug the query names, if the index
 * has it, or else the words' synonyms that are exact names: a brand sold elsewhere
 * ("Lipitor", in indexer/synonyms.tsv) names its generic ("atorvastatin"), a combination
 * brand the corpus lacks ("Combiflam") each ingredient; an everyday word does not
 * ("smoking habit", which the table links to nicotine). */
static int exact_name(rx_compiler *c, rx_buf *key, char *const *words, const size_t *at, size_t n,
                      rx_xq **out, size_t *nout, size_t max)
{
    rx_buf_clear(key);
    rx_buf_puts(key, RX_PREFIX_EXACT);
    for (size_t k = 0; k < n; k++) {
        rx_buf_puts(key, words[at[k]]);
        if (k + 1 < n)
            rx_buf_putc(key, ' ');
    }
    if (is_exact_name(c, key)) {
        add_named(c, key->ptr, key->len, out, nout);
        return 1;
    }
    size_t plen = strlen(RX_PREFIX_EXACT);
    name_syn ns = {.c = c, .term = RX_BUF_INIT};
    rx_xreader_synonyms(c->r, key->ptr + plen, key->len - plen, on_name_synonym, &ns, NULL);
    rx_buf_free(&ns.term);
    if (!ns.n)
        return 0;
    /* Not an everyday phrase the table links to a drug ("smoking habit": nicotine); a
     * brand may have everyday words beside a letter or a coined one ("Pan D"). */
    const rx_wordlist *everyday = rx__everyday_words(c);
    int phrase = everyday != NULL;
    for (size_t k = 0; k < n && phrase; k++) {
        size_t len = strlen(words[at[k]]);
        phrase = len >= 2 && rx__wordlist_has(everyday, words[at[k]], len);
    }
    if (phrase)
        return 0;
    for (size_t i = 0; i < ns.n && *nout < max; i++)
        add_named(c, ns.name[i], ns.len[i], out, nout);
    return 1;
}

rx_xq *rx__quoted_name(rx_compiler *c, const char *text, size_t len)
{
    rx_buf key = RX_BUF_INIT;
    rx_xq *q = NULL;
    size_t n = 0;
    exact_key(&key, text, len);
    if (is_exact_name(c, &key))
        add_named(c, key.ptr, key.len, &q, &n);
    rx_buf_free(&key);
    return q;
}

int rx__in_list(const char *word, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(word, list[i], len) == 0)
            return 1;
    return 0;
}

/* Whether w, or w without a plural "s", is in the list. */
static int in_list_singular(const char *w, const char *const *list, size_t n)
{
    size_t len = strlen(w);
    return rx__in_list(w, len && w[len - 1] == 's' ? len - 1 : len, list, n);
}

/* The word is the head of a drug class named after what it acts on ("dopamine agonist",
 * "calcium channel blocker"): the words before it name a target, not a drug. */
static int is_class_head(const char *w)
{
    static const char *const heads[] = {"agonist", "antagonist", "blocker", "inhibitor"};
    return in_list_singular(w, heads, sizeof heads / sizeof *heads);
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
        if (t > 0 && rx__in_list(words[t], strlen(words[t]), mids, sizeof mids / sizeof *mids))
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
        if (rx__in_list(words[i], strlen(words[i]), asks, sizeof asks / sizeof *asks))
            return 1;
    return 0;
}

/* Whether one monograph has all n exact names (a drug and its brand). */
static int one_monograph(rx_compiler *c, rx_xq **names, size_t n)
{
    rx_xq *all = rx__xq_op(c, RX_XQ_AND, names, n);
    int one = 0;
    return all && rx_xreader_any(c->r, all, &one, NULL) == RX_OK && one;
}

/* Names of drugs or brands in the query: runs of up to four words that are a whole
 * title or brand ("glimepiride metformin", "Amnurite"); then two to four single drug
 * names in another order or apart ("amlodipine and telmisartan") as a combination's. A
 * word marked no_name is no name on its own: "if" of "what happens if I miss a dose" is not
 * Olopatadine's brand "IF". */
static int find_drugs(rx_compiler *c, char **words, size_t n, unsigned char *is_drug,
                      const unsigned char *target, const unsigned char *no_name, rx_xq **out,
                      size_t *nout, size_t max)
{
    int found = 0; /* names found */
    rx_buf key = RX_BUF_INIT;
    size_t single[4], nsingle = 0, at[4];
    for (size_t size = 4; size >= 1; size--)
        for (size_t i = 0; i + size <= n && *nout < max; i++) {
            int skip = 0;
            for (size_t k = i; k < i + size; k++) {
                skip |= is_drug[k] || target[k] || !words[k][0] || (size == 1 && no_name[k]);
                at[k - i] = k;
            }
            if (skip || !exact_name(c, &key, words, at, size, out, nout, max))
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
        if (exact_name(c, &key, words, at, nsingle, out, nout, max)) {
            found++;
            break;
        }
    }
    rx_buf_free(&key);
    return found;
}

/* Word i names a drug: in that drug's monograph it does not choose snippets, and its
 * synonyms are that drug's names (rx_expand.c). */
static void mark_drug(rx_compiler *c, rx_plain *p, char *const *words, size_t i)
{
    size_t slen;
    const char *stem = rx_stem(c->stemmer, words[i], strlen(words[i]), &slen);
    rx__matcher_mark_drug(c->m, stem, slen);
    p->named[i] = 1;
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
            out[(*nout)++] = rx__xq_scale(c, rx__xq_term(c, RX_PREFIX_POP, term, len), POP_SCALE);
        len = rx__population_term(pop, RX_POP_AVOID, term, sizeof term);
        if (*nout < max)
            out[(*nout)++] = rx__xq_scale(c, rx__xq_term(c, RX_PREFIX_POP, term, len),
                                          avoid ? POP_SCALE : POP_SCALE / 8);
        /* The passage shown is the one about this population, not the line beside it
         * (once per query, though two groups of it may ask). */
        if (c->pops_shown & (1u << pop))
            continue;
        c->pops_shown |= 1u << pop;
        for (const char *const *w = rx__population_words(pop); *w; w++) {
            char stem[TERM_BUF];
            size_t slen = rx__stem_of(c, *w, strlen(*w), stem);
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
    size_t slen = rx__stem_of(c, word, strlen(word), stem);
    rx__field_prefix(section, strlen(section), prefix, sizeof prefix);
    rx__term_df(c, prefix, stem, slen, term, &in_section);
    rx__term_df(c, "XUSAGE:", stem, slen, term, &in_usage);
    return in_usage > in_section ? "usage" : section;
}

/* Whether the query speaks of a drug the corpus has no monograph for, by its content words:
 * one that no monograph's Usage has and few Side Effects, but the Drug Interactions of
 * INTERACTING_MIN or more do, as most of those that name it at all ("lithium",
 * "rifampicin", "grapefruit"; not "rash", a side effect a few interaction lines name, nor
 * "QT", which Side Effects name as often). */
enum { INTERACTING_MIN = 5 };

static int names_interacting_drug(rx_compiler *c, char *const *words, size_t n,
                                  const unsigned char *skip)
{
    char inter[64], effects[64], term[TERM_BUF], stem[TERM_BUF];
    rx__field_prefix("interactions", strlen("interactions"), inter, sizeof inter);
    rx__field_prefix("side_effects", strlen("side_effects"), effects, sizeof effects);
    for (size_t i = 0; i < n; i++) {
        uint32_t in_usage, in_interactions, in_effects, all;
        size_t slen = skip[i] ? 0 : rx__stem_of(c, words[i], strlen(words[i]), stem);
        if (!slen || !rx__term_df(c, inter, stem, slen, term, &in_interactions) ||
            in_interactions < INTERACTING_MIN)
            continue;
        rx__term_df(c, "XUSAGE:", stem, slen, term, &in_usage);
        rx__term_df(c, effects, stem, slen, term, &in_effects);
        rx__term_df(c, RX_PREFIX_STEM, stem, slen, term, &all);
        if (in_usage == 0 && in_effects * 4 < in_interactions &&
            (uint64_t)in_interactions * 5 >= (uint64_t)all * 3)
            return 1;
    }
    return 0;
}

/* Whether word is a class word: in the class rows of two monographs or more, and of a
 * share of those that have it at all ("statin", "sulfonylurea", "beta"; not "acid" of
 * "fibric acid derivative", which most monographs that say "acid" do not mean). The word
 * before a class head ("ACE" of "ACE inhibitor") needs no share. */
static int is_class_word(rx_compiler *c, const char *word, int before_head, char *term)
{
    char stem[TERM_BUF], other[TERM_BUF];
    uint32_t all = 0, in_class = 0;
    size_t slen = rx__stem_of(c, word, strlen(word), stem);
    /* The class term first: most words are in no class row, and need no second lookup. */
    if (!slen || !rx__term_df(c, RX_PREFIX_CLASS, stem, slen, term, &in_class) ||
        in_class < CLASS_MIN_DRUGS)
        return 0;
    if (!before_head)
        rx__term_df(c, RX_PREFIX_STEM, stem, slen, other, &all);
    return before_head || in_class >= CLASS_SHARE * all;
}

/* The word is a kind of drug named by what it does ("antibiotic", "laxative"): an everyday
 * word, but one that asks for drugs of its kind ("which antibiotic for a boil"). */
static int is_kind_noun(const char *w)
{
    static const char *const kinds[] = {"antibacterial",  "antibiotic",     "anticoagulant",
                                        "anticonvulsant", "antidepressant", "antiemetic",
                                        "antifungal",     "antihistamine",  "antipsychotic",
                                        "antiviral",      "diuretic",       "laxative"};
    return in_list_singular(w, kinds, sizeof kinds / sizeof *kinds);
}

/* Whether the run of words names a class: it ends in a class head ("proton pump
 * inhibitor", "beta blocker") or a kind ("macrolide antibiotic"), or none of its words is
 * an everyday word ("statin", "sulfonylurea", "SSRI"): "second" ("second-generation"),
 * "pumping" or "steroid" of a patient's sentence name none. */
static int names_class(rx_compiler *c, char *const *words, size_t from, size_t to)
{
    if (is_class_head(words[to - 1]) || is_kind_noun(words[to - 1]))
        return 1;
    const rx_wordlist *everyday = rx__everyday_words(c);
    for (size_t i = from; i < to; i++)
        if (!everyday || rx__wordlist_has(everyday, words[i], strlen(words[i])))
            return 0;
    return 1;
}

/* Runs of class words ("beta blocker", "statin") name the drugs whose class row has them
 * all, as a drug's name names its monograph: those come first, and the query's other
 * words ask about them (section cues apply as to a named drug). Returns how many runs,
 * not counting the kinds ("antibiotic"), which only boost. */
static int classes(rx_compiler *c, char *const *words, size_t n, const unsigned char *is_drug,
                   const unsigned char *stop, const unsigned char *target, rx_xq **out,
                   size_t *nout, size_t max)
{
    if (c->flat)
        return 0;
    int runs = 0;
    for (size_t i = 0; i < n && *nout < max && !c->rc;) {
        rx_xq *kids[RX_CUE_MAX_WORDS];
        char term[TERM_BUF];
        size_t from = i;
        for (; i < n && !is_drug[i] && !stop[i] && is_class_word(c, words[i], target[i], term); i++)
            kids[i - from] = rx__xq_term(c, "", term, strlen(term));
        if (i == from) {
            i++;
            continue;
        }
        rx_xq *q = names_class(c, words, from, i) ? rx__xq_op(c, RX_XQ_AND, kids, i - from) : NULL;
        if (q) {
            out[(*nout)++] = rx__xq_scale(c, q, CLASS_SCALE);
            /* A kind asks for drugs, it is not the drug asked about: "which antibiotic
             * for a boil" still asks what treats a boil. */
            runs += !is_kind_noun(words[i - 1]);
        }
    }
    return runs;
}

/*
 * Query understanding over the plain words of a sequence: exact drug and brand names,
 * a cue for the section the query asks about (boosting the other words inside that
 * section, and steering snippets to it). (Boosting adjacent words as a phrase added
 * nothing once phrases matched stems, and cost the most in the slowest queries.)
 */
enum { MAX_ANSWER_WORDS = 8 };

/* Cues (rx_cues.c) whose answer is the passage with one of some words, which is shown
 * first; in the section named, or wherever it is. */
static const struct {
    const char *cue;
    const char *section; /* the section asked about then, or NULL */
    const char *answer[MAX_ANSWER_WORDS];
} answered_cues[] = {
    /* "can i crush pantoprazole": "swallowed whole", "do not crush or chew", "may be
     * opened", in Precautions or Dosage or a FAQ. The cue is weak: "crushing chest pain"
     * is no such question. */
    {"swallow", NULL, {"whole", "swallow", "crush", "chew", "chewable", "open"}},
    /* "how to stop taking fluvoxamine": "taper over at least 1-2 weeks", "do not stop
     * suddenly" */
    {"stopping", NULL, {"taper", "tapering", "abruptly", "suddenly", "discontinuation"}},
    /* "what should I do if I forget a dose of albendazole": the FAQ on a missed dose
     * ("take it as soon as you remember"), not the first FAQ */
    {"missed", "faq", {"miss", "missed", "remember", "double"}},
    /* "what special dietary instructions should I follow with cefpodoxime": "best taken
     * with food", "avoid grapefruit juice" */
    {"diet", NULL, {"food", "meal", "meals", "diet", "juice", "dairy", "milk"}},
    /* "what strengths does olanzapine come in": "available as 2.5, 5, 7.5 and 10 mg" */
    {"strengths", NULL, {"available", "supplied", "strengths"}},
    /* "best time to take levothyroxine": when, in the day or against meals ("30-60
     * minutes before breakfast", "at bedtime"), before Dosage's first line that names
     * the drug (Thyroxine's IV use in the ICU) */
    {"timing",
     "dosage",
     {"morning", "night", "bedtime", "evening", "breakfast", "dinner", "meal", "empty"}},
};

/* The passage shown first is one that holds one of these words, though the query does not
 * (rx_snippet.c lifts a passage with an answer term above the others). */
static void answer_with(rx_compiler *c, const char *const *words, size_t n)
{
    for (size_t k = 0; k < n && !c->rc; k++) {
        size_t slen;
        const char *stem = rx_stem(c->stemmer, words[k], strlen(words[k]), &slen);
        if (rx__matcher_add(c->m, stem, slen, NULL, ANSWER_WEIGHT) != RX_OK)
            c->rc = rx__fail(c->err, RX_ENOMEM, NULL, 0, "out of memory");
        rx__matcher_mark_answer(c->m, stem, slen);
    }
}

void rx__understand(rx_compiler *c, rx_plain *p, rx_xq **out, size_t *nout, size_t max,
                    unsigned char *role)
{
    rx_qnode **plain = p->word;
    unsigned char *is_cue = p->is_cue;
    char *words[RX_CUE_MAX_WORDS];
    unsigned char stop[RX_CUE_MAX_WORDS] = {0}, is_drug[RX_CUE_MAX_WORDS] = {0};
    unsigned char target[RX_CUE_MAX_WORDS] = {0}; /* names a class's target, not a drug */
    size_t n = p->n < MAX_PLAIN ? p->n : MAX_PLAIN;
    rx_buf w = RX_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        rx__words(plain[i]->text, plain[i]->len, &w);
        words[i] = rx_arena_strndup(c->a, w.ptr ? w.ptr : "", w.len);
        stop[i] = rx__is_stopword(plain[i]);
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
    int drugs = find_drugs(c, words, n, is_drug, target, p->no_name, out, nout, max);
    if (drugs >= 2 && c->nnamed - named_before == (size_t)drugs &&
        one_monograph(c, c->named + named_before, (size_t)drugs))
        drugs = 1;     /* "glucagon" and its "GlucaGen": one drug, no interaction */
    size_t others = 0; /* content words that name no drug */
    memset(role + first, NAMED_ENTRY, *nout - first);
    for (size_t i = 0; i < n; i++) {
        if (is_drug[i])
            mark_drug(c, p, words, i);
        /* "acid" of "ursodeoxycholic acid" names no acidity */
        p->name_part[i] = is_drug[i] && rx__is_title_only_word(words[i], strlen(words[i]));
        /* A word of a title ("amitriptyline" of "Amitriptyline + Methylcobalamin") names a
         * drug too, for steering snippets. */
        size_t wlen = strlen(words[i]);
        if (is_drug[i] || stop[i] || target[i] || rx__is_title_only_word(words[i], wlen))
            continue;
        if (p->no_name[i]) { /* "pause" is not the brand Pause's first word either */
            others++;
            continue;
        }
        char term[TERM_BUF], stem[TERM_BUF];
        uint32_t tf;
        size_t slen = rx__stem_of(c, words[i], wlen, stem);
        size_t len = rx__term_df(c, "XTITLE:", stem, slen, term, &tf);
        int inflected = slen != wlen || memcmp(stem, words[i], wlen) != 0;
        if (!tf && wlen >= 4 && !inflected && rx__is_brand_stem(c, stem, slen)) {
            /* A brand's first word ("Sotret" of "Sotret NF") names the drug too; not a
             * word that only stems like one ("trying" like "Tri-Azulix"). */
            drugs++;
            mark_drug(c, p, words, i);
            continue;
        }
        if (!len || !tf) {
            others++;
            continue;
        }
        drugs++;
        mark_drug(c, p, words, i);
        /* No monograph has this name alone ("valproate"): the ones whose title has it
         * come before those that only mention it. */
        rx_xq *q = *nout < max ? rx__xq_term(c, "", term, len) : NULL;
        if (q) {
            role[*nout] = NAMED_ENTRY;
            out[(*nout)++] = rx__xq_scale(c, q, TITLE_WORD_SCALE);
        }
    }
    /* A class named is a drug named for the cues, but two classes ask no interaction
     * ("ARB for heart failure when ACE inhibitor not tolerated"). */
    int nclasses = classes(c, words, n, is_drug, stop, target, out, nout, max);
    int drug = drugs > 0 || nclasses > 0;
    c->m->drug_named = drug;
    int avoid = !c->flat && populations(c, words, n, out, nout, max);
    /* A clear cue wins, then a weaker one ("difference between losartan and telmisartan"
     * compares them); else two drugs in one query ask how they interact. */
    const char *section = rx__cue_section((const char *const *)words, n, 0, is_cue);
    if (!section)
        section = rx__cue_section((const char *const *)words, n, drug, is_cue);
    if (!section && drugs >= 2)
        section = "interactions";
    if (!section && !drug && !c->flat) {
        /* "lithium toxicity": what other monographs' Drug Interactions say of it */
        unsigned char *skip = rx_arena_alloc(c->a, n + 1);
        for (size_t i = 0; skip && i < n; i++)
            skip[i] = is_drug[i] || stop[i] || is_cue[i];
        if (skip && names_interacting_drug(c, words, n, skip))
            section = "interactions";
    }
    /* Drugs compared ("losartan vs telmisartan") read best side by side in their profile
     * summaries, unless a passage speaks of the difference (a FAQ). */
    int compare = section && strcmp(section, "compare") == 0;
    if (compare)
        section = "summary";
    for (size_t i = 0; compare && i < n; i++)
        if (is_cue[i] &&
            (strncmp(words[i], "differ", 6) == 0 || strncmp(words[i], "compar", 6) == 0)) {
            size_t slen;
            const char *stem = rx_stem(c->stemmer, words[i], strlen(words[i]), &slen);
            rx__matcher_mark_answer(c->m, stem, slen);
        }
    /* "can nimesulide be given to my 8 year old": the passage with an age in it answers,
     * a lower limit in Contraindications ("children under 12 years") before the
     * children's dose ("2-6 years: 2.5 mg"), and no Contraindications without one. */
    int age = section && strcmp(section, "age") == 0;
    if (age) {
        section = "contraindications";
        size_t slen;
        const char *stem = rx_stem(c->stemmer, "years", 5, &slen);
        rx__matcher_mark_answer(c->m, stem, slen);
    }
    /* A cue answered by the passages with certain words (answered_cues) */
    for (size_t k = 0; section && k < sizeof answered_cues / sizeof *answered_cues; k++)
        if (strcmp(section, answered_cues[k].cue) == 0) {
            const char *const *answer = answered_cues[k].answer;
            size_t na = 0;
            while (na < MAX_ANSWER_WORDS && answer[na])
                na++;
            section = answered_cues[k].section;
            answer_with(c, answer, na);
            break;
        }
    /* "metformin before or after food": the passage that says how to take it against
     * meals ("with meals"), not the FAQ that has "before" and "after" ("stopped before a
     * scan ... restarted after 48 hours"). */
    static const char *const meal_words[] = {"food", "meal", "meals", "eating"};
    for (size_t i = 0; section && drug && i < n; i++)
        if (rx__in_list(words[i], strlen(words[i]), meal_words,
                        sizeof meal_words / sizeof *meal_words)) {
            static const char *const answer[] = {"meal", "food", "empty", "breakfast"};
            answer_with(c, answer, sizeof answer / sizeof *answer);
            break;
        }
    /* "antidote for heparin overdose": the passage on what reverses it ("protamine sulfate
     * reverses heparin"), not Dosage's first line naming the drug. */
    static const char *const antidote[] = {"antidote", "antidotes"};
    for (size_t i = 0; i < n; i++)
        if (rx__in_list(words[i], strlen(words[i]), antidote, 2)) {
            static const char *const answer[] = {"antidote", "reverse", "reversal"};
            answer_with(c, answer, sizeof answer / sizeof *answer);
            break;
        }
    /* "avoid in kidney failure": not the drugs used for it */
    if (!section && avoid)
        section = "contraindications";
    /* "pins and needles": which drugs are used for it */
    int by_default = !section && !drug;
    if (by_default)
        section = "usage";

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
        c->m->force_prefer = drug && !age;
        c->m->usage_by_default = by_default;
        /* "avoid in kidney failure": the Contraindications line that names it, not the
         * side effect "chronic kidney disease" */
        c->m->first_prefer = avoid;
        for (size_t i = 0; i < n; i++)
            if (!stop[i] && !is_cue[i]) {
                p->steer[i].word = words[i];
                p->steer[i].section = drug ? section : typical_section(c, words[i], section);
            }
    }
}

void rx__steer(rx_compiler *c, const rx_plain *p, rx_xq **out, size_t *nout, size_t max)
{
    size_t n = p->n < MAX_PLAIN ? p->n : MAX_PLAIN, nk = 0;
    rx_xq **kids = rx_arena_alloc(c->a, (n + 1) * sizeof *kids);
    for (size_t i = 0; kids && i < n; i++) {
        qtoks t;
        if (!p->steer[i].section ||
            !rx__tokens_of(c, p->steer[i].word, strlen(p->steer[i].word), &t))
            continue;
        rx_xq *q = rx__stems_of(c, &t, p->steer[i].section, RX_XQ_OR, 0);
        kids[nk++] = p->lay[i] ? rx__xq_scale(c, q, IDIOM_SCALE) : q;
    }
    rx_xq *q = kids ? rx__xq_op(c, RX_XQ_OR, kids, nk) : NULL;
    if (q && *nout < max)
        out[(*nout)++] = rx__xq_scale(c, q, CUE_SCALE);
}
