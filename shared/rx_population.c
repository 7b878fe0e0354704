/* rx_population.c: what a monograph's Dosage lines say for special populations. */
#include "rx_population.h"
#include "rx.h"

#include <stdio.h>
#include <string.h>

enum {
    LABEL_MAX = 80,   /* bytes: a colon further into a line ends no label */
    CLAUSE_WORDS = 64 /* words of a clause read; dosing lines are short */
};

typedef struct word {
    char text[24]; /* folded; longer words are none of the lists below */
    size_t len;
    int digit;  /* starts with a digit */
    char after; /* the source byte just after it ('%' of "50%") */
} word;

typedef struct clause {
    word w[CLAUSE_WORDS];
    size_t n;
    const char *src; /* the clause's text, for the byte after each word */
    size_t src_len;
} clause;

static int in(const char *w, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == len && memcmp(*list, w, len) == 0)
            return 1;
    return 0;
}

static const char *const HEPATIC[] = {"hepatic",   "hepatically", "liver",     "cirrhosis",
                                      "cirrhotic", "pugh",        "childpugh", NULL};
static const char *const RENAL[] = {"renal",         "renally",      "kidney",     "kidneys",
                                    "crcl",          "egfr",         "gfr",        "dialysis",
                                    "haemodialysis", "hemodialysis", "creatinine", NULL};
static const char *const ELDERLY[] = {"elderly", "older", "geriatric", NULL};

/* Words that change a dose, which a negation nearby cancels ("No dose adjustment"). */
static const char *const CHANGE[] = {
    "adjust",   "adjusted",  "adjustment", "adjustments", "adjusting",    "reduce", "reduced",
    "low",      "reducing",  "reduction",  "lower",       "lowered",      "change", "changes",
    "decrease", "decreased", "modify",     "modified",    "modification", NULL};
/* Words that say how it changes, whatever else the clause says ("Do not exceed 2 g"). */
static const char *const LIMIT[] = {"max",      "maximum", "exceed",   "limit",     "halve",
                                    "halved",   "half",    "interval", "intervals", "extend",
                                    "extended", "lowest",  "smaller",  NULL};
static const char *const NEGATE_BEFORE[] = {"no", "without", "cannot", NULL};
/* What an "avoid" is about when it is not the drug: an amount or extent of use ("Avoid
 * high doses", "Avoid large areas", "very large single doses are avoided"), which limits
 * the dose, or another drug ("avoid with P-glycoprotein inhibitors"). */
static const char *const AVOID_AMOUNT[] = {"dose", "doses", "dosing",    "megadose", "megadoses",
                                           "area", "areas", "prolonged", NULL};
static const char *const AVOID_WITH[] = {"with", "concomitant", NULL};
/* Words before a population in a Contraindications clause that make it past or caused by
 * something else ("History of jaundice or hepatic dysfunction with amoxycillin"). */
static const char *const PAST[] = {"history", "previous", "past", NULL};
static const char *const ALONGSIDE[] = {"concomitant", "concurrent", "concurrently", NULL};
static const char *const NEGATE_AFTER[] = {"not", "unnecessary", "unneeded", "none", NULL};
static const char *const AVOID[] = {
    "avoid", "avoided", "contraindicated", "contraindication", "contraindications", "unsafe", NULL};
/* ... and after "not" ("not recommended", "not safe"). */
static const char *const NOT_AVOID[] = {"recommended", "use",  "used", "give",
                                        "given",       "safe", NULL};
static const char *const UNIT[] = {"mg", "mcg", "g", "ml", "iu", "unit", "units", NULL};
static const char *const DOSING[] = {"dose",    "doses",     "dosing",     "dosage",      "dosages",
                                     "adjust",  "adjusted",  "adjustment", "adjustments", "reduce",
                                     "reduced", "reduction", "lower",      "maximum",     "max",
                                     "titrate", "titration", NULL};

const char *rx__population_name(int pop)
{
    static const char *const names[RX_NPOPS] = {"hepatic", "renal", "elderly"};
    return pop >= 0 && pop < RX_NPOPS ? names[pop] : "";
}

size_t rx__population_term(int pop, unsigned kind, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s:%s", rx__population_name(pop),
                     kind == RX_POP_AVOID ? "avoid" : "adjust");
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

const char *const *rx__population_words(int pop)
{
    static const char *const none[] = {NULL};
    return pop == RX_POP_HEPATIC   ? HEPATIC
           : pop == RX_POP_RENAL   ? RENAL
           : pop == RX_POP_ELDERLY ? ELDERLY
                                   : none;
}

int rx__population_of_word(const char *w, size_t len)
{
    return in(w, len, HEPATIC)   ? RX_POP_HEPATIC
           : in(w, len, RENAL)   ? RX_POP_RENAL
           : in(w, len, ELDERLY) ? RX_POP_ELDERLY
                                 : -1;
}

int rx__population_dosing_word(const char *w, size_t len)
{
    return in(w, len, DOSING);
}

int rx__population_avoid_word(const char *w, size_t len, const char *next, size_t next_len)
{
    return in(w, len, AVOID) ||
           (len == 3 && memcmp(w, "not", 3) == 0 && next && in(next, next_len, NOT_AVOID));
}

static int on_word(void *payload, const rx_token *t)
{
    clause *c = payload;
    if (c->n == CLAUSE_WORDS)
        return 1;
    if (t->flags & RX_TOKEN_PART)
        return 0; /* "30-49": its joined form stands for it */
    word *w = &c->w[c->n++];
    w->len = t->len < sizeof w->text ? t->len : 0;
    memcpy(w->text, t->text, w->len);
    w->digit = (t->flags & RX_TOKEN_DIGIT) != 0;
    w->after = t->end < c->src_len ? c->src[t->end] : '\0';
    return 0;
}

static int is(const word *w, const char *const *list)
{
    return w->len && in(w->text, w->len, list);
}

/* Whether one of words j in [from, to) of c is in list. */
static int any_in(const clause *c, size_t from, size_t to, const char *const *list)
{
    for (size_t j = from; j < to && j < c->n; j++)
        if (is(&c->w[j], list))
            return 1;
    return 0;
}

/* Whether the avoid word at i is about one of list: up to three words after an active
 * "avoid", before a passive "avoided" or "not recommended". */
static int avoids(const clause *c, size_t i, int passive, const char *const *list)
{
    return passive ? any_in(c, i >= 3 ? i - 3 : 0, i, list) : any_in(c, i + 1, i + 4, list);
}

/* A change word with "no"/"without" up to three words before it, or "not"/"unnecessary"
 * up to three after ("adjustment is not required"). */
static int negated(const clause *c, size_t i)
{
    for (size_t j = i >= 3 ? i - 3 : 0; j < i; j++)
        if (is(&c->w[j], NEGATE_BEFORE))
            return 1;
    for (size_t j = i + 1; j < c->n && j <= i + 3; j++)
        if (is(&c->w[j], NEGATE_AFTER))
            return 1;
    return 0;
}

int rx__population_before(const char *w, size_t len, const char *next, size_t next_len)
{
    /* Not "kidney" of "kidney transplant", an indication ("stable kidney transplant: 400
     * mg/m2"), nor "older" of "older children", nor organs' other diseases ("kidney
     * stones", "renal artery stenosis", "liver tumours"). */
    static const char *const NOT_BEFORE[] = {
        "transplant", "transplants", "transplantation", "transplanted", "child",
        "children",   "infants",     "adolescents",     "kids",         "stone",
        "stones",     "artery",      "tumour",          "tumours",      "tumor",
        "tumors",     NULL};
    int pop = rx__population_of_word(w, len);
    return pop >= 0 && next && in(next, next_len, NOT_BEFORE) ? -1 : pop;
}

/* The population word i of c names, or -1. */
static int population_at(const clause *c, size_t i)
{
    const word *w = &c->w[i], *next = i + 1 < c->n ? &c->w[i + 1] : NULL;
    return w->len ? rx__population_before(w->text, w->len, next ? next->text : NULL,
                                          next ? next->len : 0)
                  : -1;
}

/* What one clause says (RX_POP_*), and the populations it names itself. */
static unsigned read_clause(const clause *c, unsigned *pops)
{
    unsigned says = 0;
    for (size_t i = 0; i < c->n; i++) {
        const word *w = &c->w[i];
        int pop = population_at(c, i);
        if (pop >= 0)
            *pops |= 1u << pop;
        if ((is(w, CHANGE) && !negated(c, i)) || is(w, LIMIT))
            says |= RX_POP_ADJUST;
        /* An amount: "0.5 mg", "50%"; not a rate ("CrCl below 30 ml/min"). */
        int unit =
            i + 1 < c->n && is(&c->w[i + 1], UNIT) &&
            !(i + 2 < c->n && c->w[i + 2].len == 3 && memcmp(c->w[i + 2].text, "min", 3) == 0);
        if (w->digit && (w->after == '%' || unit))
            says |= RX_POP_ADJUST;
        int not_for = w->len == 3 && memcmp(w->text, "not", 3) == 0 && i + 1 < c->n &&
                      is(&c->w[i + 1], NOT_AVOID);
        int active = w->len == 5 && memcmp(w->text, "avoid", 5) == 0;
        /* "to avoid hypoglycemia" is what a change is for */
        int purpose =
            active && i > 0 && c->w[i - 1].len == 2 && memcmp(c->w[i - 1].text, "to", 2) == 0;
        if ((is(w, AVOID) || not_for) && !purpose && !avoids(c, i, !active, AVOID_WITH))
            says |= avoids(c, i, !active, AVOID_AMOUNT) ? RX_POP_ADJUST : RX_POP_AVOID;
    }
    return says;
}

static unsigned label_populations(const char *s, size_t len)
{
    clause c = {.src = s, .src_len = len};
    rx_tokenize(s, len, on_word, &c);
    unsigned pops = 0;
    read_clause(&c, &pops);
    return pops;
}

/* The populations a clause names before any word of its past ("Hepatic impairment or
 * previous liver reaction to nimesulide": hepatic; "History of hepatic dysfunction with
 * amoxycillin": none). */
static unsigned named_before_past(const clause *c)
{
    unsigned pops = 0;
    for (size_t i = 0; i < c->n && !is(&c->w[i], PAST); i++) {
        int pop = population_at(c, i);
        if (pop >= 0)
            pops |= 1u << pop;
    }
    return pops;
}

/* Whether the clause's first word is one of list. */
static int starts_with(const clause *c, const char *const *list)
{
    return c->n && is(&c->w[0], list);
}

/* One line: "Label: text" speaks for the label's populations only (an "Elderly Patients:"
 * line that mentions renal function is about the elderly), and a label naming none
 * ("Adults:", "Children:") for nobody; an unlabelled line, clause by clause, for the
 * populations each clause names. In a Contraindications list every clause that names a
 * population avoids the drug there ("Severe renal or hepatic impairment"), but one about
 * taking it with another drug ("Use with aliskiren in diabetes or renal impairment",
 * "with concomitant P-gp inhibitors"), or negated ("No contraindication in renal
 * impairment"), does not, nor a past event ("History of hepatic dysfunction"). */
static void scan_line(const char *s, size_t len, int contraindications, unsigned advice[RX_NPOPS])
{
    static const char *const NOT_THE_DRUG[] = {"with", "use", "no", "not", "without", NULL};
    size_t body = 0;
    unsigned label = 0;
    for (size_t i = 0; i < len && i < LABEL_MAX && !contraindications; i++) {
        if (s[i] == '.' && i + 1 < len && s[i + 1] == ' ')
            break;
        if (s[i] == ':') {
            if (!(label = label_populations(s, i)))
                return;
            body = i + 1;
            break;
        }
    }
    for (size_t start = body; start < len;) {
        size_t end = start;
        while (end < len && s[end] != ';' &&
               !(s[end] == '.' && (end + 1 == len || s[end + 1] == ' ')))
            end++;
        clause c = {.src = s + start, .src_len = end - start};
        rx_tokenize(s + start, end - start, on_word, &c);
        unsigned named = 0, says = read_clause(&c, &named);
        if (contraindications) {
            says =
                starts_with(&c, NOT_THE_DRUG) || any_in(&c, 0, c.n, ALONGSIDE) ? 0 : RX_POP_AVOID;
            named = named_before_past(&c);
        }
        unsigned pops = label ? label : named;
        for (int p = 0; p < RX_NPOPS; p++)
            if (pops & (1u << p))
                advice[p] |= says;
        start = end + 1;
    }
}

void rx__population_scan(const char *text, size_t len, int contraindications,
                         unsigned advice[RX_NPOPS])
{
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        scan_line(text + start, end - start, contraindications, advice);
        start = end + 1;
    }
}
