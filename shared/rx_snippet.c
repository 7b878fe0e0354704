/*
 * rx_snippet.c: snippets. Each passage is tokenized with the index's tokenizer and each
 * token stemmed with its stemmer, so highlights agree with what matched. Passages score
 * by the distinct query terms they hold (idf-weighted) times a per-section preference;
 * the best ones are cut to the window of words with the densest cluster of matches.
 *
 * A function word among other query words (the "of" of "loss of appetite", a quoted
 * phrase) is "weak": it is highlighted only inside a run of matched words that holds
 * another ("loss of appetite", not the "of" of "Mechanism of Action"), and it adds
 * nothing to a passage's score.
 */
#include "rx_snippet.h"
#include "rx_phrase_check.h"
#include "rx_section.h"
#include "rx_stopwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* In a drug's own monograph, how much a query word naming it counts for snippets. */
static const double OWN_NAME_SCALE = 0.1;
/* Usage's snippet preference (rx_section.c: 1.0) when the query names a drug and asks
 * something of it that is not what it is used for ("itching after stopping levocetirizine"
 * is answered by Side Effects, though Usage says "itching" too). */
static const double USAGE_ASKED_ABOUT = 0.5;
/* A list item whose opening holds this share of the best window's score is shown from its
 * start instead (best_item). */
static const double ITEM_SHARE = 0.75;
/* A limit ("rare") counts within this many words of an effect ("cough is rare"). */
enum { LIMIT_REACH = 4 };

typedef struct tok {
    size_t start, end; /* bytes in the passage text */
    uint32_t pos;      /* word position */
    int term;          /* index of the matched query term, or -1 */
} tok;

typedef struct tok_list {
    tok *v;
    size_t n, cap;
    rx_matcher *m;
    const char *section;
    int oom;
} tok_list;

static int same_stem(const rx_match_term *t, const char *stem, size_t len)
{
    return t->len == len && memcmp(t->stem, stem, len) == 0;
}

int rx__matcher_add(rx_matcher *m, const char *stem, size_t len, const char *field, double weight)
{
    for (size_t i = 0; i < m->n; i++)
        if (same_stem(&m->terms[i], stem, len) && m->terms[i].field == field) {
            if (weight > m->terms[i].weight)
                m->terms[i].weight = weight;
            return RX_OK;
        }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        rx_match_term *t = realloc(m->terms, cap * sizeof *t);
        if (!t)
            return RX_ENOMEM;
        m->terms = t;
        m->cap = cap;
    }
    char *s = malloc(len + 1);
    if (!s)
        return RX_ENOMEM;
    memcpy(s, stem, len);
    s[len] = '\0';
    int weak = rx__is_function_word(stem, len);
    m->terms[m->n++] = (rx_match_term){s, len, field, weight, 0, weak, 0, 0, 0};
    m->content |= !weak;
    m->weak |= weak;
    m->words_ready = 0;
    for (size_t i = 0; i < len; i++)
        if (stem[i] < 'a' || stem[i] > 'z')
            m->no_prefilter = 1;
    if (rx__stem_has_irregular_word(stem, len))
        m->irregular = 1;
    if (len)
        m->first[(unsigned char)stem[0]] = 1;
    return RX_OK;
}

void rx__matcher_clear(rx_matcher *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->terms[i].stem);
    free(m->terms);
    m->terms = NULL;
    m->n = m->cap = 0;
    rx__stem_cache_free(&m->stems);
    rx__prefind_free(&m->words);
    m->words_ready = 0;
    m->content = m->weak = m->limits = 0;
    memset(m->first, 0, sizeof m->first);
}

void rx__matcher_mark_drug(rx_matcher *m, const char *stem, size_t len)
{
    for (size_t i = 0; i < m->n; i++)
        if (same_stem(&m->terms[i], stem, len))
            m->terms[i].names_drug = 1;
}

void rx__matcher_mark_answer(rx_matcher *m, const char *stem, size_t len)
{
    for (size_t i = 0; i < m->n; i++)
        if (same_stem(&m->terms[i], stem, len))
            m->terms[i].answers = 1;
}

void rx__matcher_mark_effect(rx_matcher *m, const char *stem, size_t len, int limit)
{
    for (size_t i = 0; i < m->n; i++)
        if (same_stem(&m->terms[i], stem, len)) {
            m->terms[i].effect = !limit;
            m->terms[i].limit = limit;
            m->limits |= limit;
        }
}

void rx__matcher_scale(rx_matcher *m, const char *stem, size_t len, double factor)
{
    for (size_t i = 0; i < m->n; i++)
        if (same_stem(&m->terms[i], stem, len))
            m->terms[i].weight *= factor;
}

/* The stem of token t, or NULL when no query stem starts with its first letter (a cheap
 * filter before stemming). */
static const char *token_stem(rx_matcher *m, const rx_token *t, size_t *slen)
{
    if (!m->first[(unsigned char)t->text[0]])
        return NULL;
    return rx__stem_cached(&m->stems, m->stemmer, t->text, t->len, slen);
}

static int match(rx_matcher *m, const rx_token *t, const char *section)
{
    size_t slen;
    const char *stem = token_stem(m, t, &slen);
    for (size_t i = 0; stem && i < m->n; i++) {
        const rx_match_term *q = &m->terms[i];
        if (same_stem(q, stem, slen) && (!q->field || strcmp(q->field, section) == 0))
            return (int)i;
    }
    return -1;
}

static int on_token(void *payload, const rx_token *t)
{
    tok_list *l = payload;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        tok *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (tok){t->start, t->end, t->pos, match(l->m, t, l->section)};
    return 0;
}

/* What a match of term t adds to a passage's score: a weak term, nothing. */
static double weight_of(const rx_matcher *m, int t)
{
    return m->terms[t].weak && m->content ? 0 : m->terms[t].weight;
}

/* Distinct-term weight of the matches in tokens [from, to) of l, plus a little per match. */
static double score_range(const tok_list *l, size_t from, size_t to, const rx_matcher *m,
                          unsigned char *seen)
{
    double s = 0;
    memset(seen, 0, m->n);
    for (size_t i = from; i < to; i++) {
        int t = l->v[i].term;
        if (t < 0)
            continue;
        s += seen[t] ? 0.1 * weight_of(m, t) : weight_of(m, t);
        seen[t] = 1;
    }
    return s;
}

/* The score of the `window` words from token i (not past token `end`). */
static double score_window(const tok_list *l, size_t i, size_t end, unsigned window,
                           const rx_matcher *m, unsigned char *seen)
{
    size_t j = i;
    while (j < end && l->v[j].pos < l->v[i].pos + window)
        j++;
    return score_range(l, i, j, m, seen);
}

typedef struct candidate {
    size_t passage;
    double score;
    int other_drug; /* it names another drug the query names */
} candidate;

static int by_score(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    return (x->score < y->score) - (x->score > y->score);
}

static int by_start(const void *a, const void *b)
{
    const rx_span *x = a, *y = b;
    return (x->offset > y->offset) - (x->offset < y->offset);
}

/* Whether a line ends between tokens a and b (b follows a; a joined form such as "5ht3"
 * follows its last part but starts at its first, so it ends no line). */
static int newline_between(const rx_passage *p, const tok *a, const tok *b)
{
    return b->start > a->end && memchr(p->text + a->end, '\n', b->start - a->end) != NULL;
}

/* The first token of the line (a list item: "Patients with Hepatic Dysfunction: ...") whose
 * first `window` words score best, if that is at least ITEM_SHARE of `window_score`, the
 * best window's; else n. In a list, an item reads better whole than the end of one and
 * the start of the next. (Not in FAQs, whose "Q:" line is the context of its "A:".) */
static size_t best_item(const rx_passage *p, const tok_list *l, const rx_matcher *m,
                        unsigned window, double window_score, unsigned char *seen)
{
    size_t n = l->n, best = n;
    double best_score = 0;
    for (size_t i = 0; i < n;) {
        size_t end = i + 1; /* past the line's last token */
        while (end < n && !newline_between(p, &l->v[end - 1], &l->v[end]))
            end++;
        if (i == 0 && end == n)
            return n; /* one line: nothing to align to */
        double s = score_window(l, i, end, window, m, seen);
        if (s > best_score) {
            best_score = s;
            best = i;
        }
        i = end;
    }
    return best_score > 0 && best_score >= ITEM_SHARE * window_score ? best : n;
}

/* Cuts the best window of `window` words from passage p into snip. */
static int cut(rx_snippet *snip, const rx_passage *p, const tok_list *l, const rx_matcher *m,
               unsigned window, unsigned char *seen)
{
    size_t best = 0, n = l->n;
    double best_score = -1;
    /* Tokens come in position order (a joined form right after its parts), so a window is a
     * contiguous range; slide its start over the matches. */
    for (size_t i = 0; i < n; i++) {
        if (l->v[i].term < 0 && best_score >= 0)
            continue;
        double s = score_window(l, i, n, window, m, seen);
        if (s > best_score) {
            best_score = s;
            best = i;
        }
    }
    /* Open at a list item that holds most of it; else centre the cluster: move the start
     * back by half the unused room. */
    size_t a = strcmp(p->section, "faq") != 0 ? best_item(p, l, m, window, best_score, seen) : n;
    if (a == n) {
        size_t first = best, last = best;
        for (size_t i = best; i < n && l->v[i].pos < l->v[best].pos + window; i++)
            if (l->v[i].term >= 0)
                last = i;
        uint32_t span = l->v[last].pos - l->v[first].pos + 1;
        uint32_t back = span < window ? (window - span) / 2 : 0;
        uint32_t start_pos = l->v[first].pos > back ? l->v[first].pos - back : 0;
        a = first;
        while (a > 0 && l->v[a - 1].pos >= start_pos)
            a--;
    }
    size_t b = a;
    size_t end_byte = l->v[a].end;
    while (b < n && l->v[b].pos < l->v[a].pos + window) {
        if (l->v[b].end > end_byte)
            end_byte = l->v[b].end;
        b++;
    }
    size_t start_byte = l->v[a].start;
    /* Keep closing punctuation that belongs to the last word. */
    while (end_byte < p->text_len && strchr(".,;:)%]", p->text[end_byte]))
        end_byte++;
    int cut_front = a > 0, cut_back = b < n;
    const char *ell = "…";
    size_t el = strlen(ell), len = end_byte - start_byte;
    size_t total = len + (cut_front ? el + 1 : 0) + (cut_back ? el + 1 : 0);
    char *text = malloc(total + 1);
    rx_span *hl = malloc((b - a + 1) * sizeof *hl);
    if (!text || !hl) {
        free(text);
        free(hl);
        return RX_ENOMEM;
    }
    size_t o = 0;
    if (cut_front) {
        memcpy(text, ell, el);
        text[el] = ' ';
        o = el + 1;
    }
    size_t base = o;
    for (size_t i = 0; i < len; i++) {
        char c = p->text[start_byte + i];
        text[o++] = c == '\n' ? ' ' : c;
    }
    if (cut_back) {
        text[o++] = ' ';
        memcpy(text + o, ell, el);
        o += el;
    }
    text[o] = '\0';
    size_t nh = 0;
    for (size_t i = a; i < b; i++)
        /* A joined form comes after its parts but starts with the first: when the window
         * opens on a later part, that form begins before the cut and is left out. */
        if (l->v[i].term >= 0 && l->v[i].start >= start_byte && l->v[i].end <= end_byte)
            hl[nh++] = (rx_span){base + l->v[i].start - start_byte, l->v[i].end - l->v[i].start};
    /* A joined form ("5-HT3") and its parts overlap: keep one span per stretch. */
    qsort(hl, nh, sizeof *hl, by_start);
    size_t k = 0;
    for (size_t i = 0; i < nh; i++) {
        if (k && hl[i].offset < hl[k - 1].offset + hl[k - 1].length) {
            size_t end = hl[i].offset + hl[i].length;
            if (end > hl[k - 1].offset + hl[k - 1].length)
                hl[k - 1].length = end - hl[k - 1].offset;
            continue;
        }
        hl[k++] = hl[i];
    }
    snip->section = p->section;
    snip->heading = p->heading;
    snip->text = text;
    snip->highlights = hl;
    snip->nhighlights = k;
    return RX_OK;
}

/* Scores the tokens of one span of text, for quick_score. */
typedef struct span_score {
    rx_matcher *m;
    const char *section;
    unsigned char *seen;
    double s;
} span_score;

static void add_match(span_score *q, int term)
{
    if (term < 0)
        return;
    q->s += q->seen[term] ? 0.1 * weight_of(q->m, term) : weight_of(q->m, term);
    q->seen[term] = 1;
}

static int on_span_token(void *payload, const rx_token *t)
{
    span_score *q = payload;
    add_match(q, match(q->m, t, q->section));
    return 0;
}

/* The needles that find every word whose stem may be a query stem: each stem bar its last
 * letter, and the exception words ("teeth") that stem to a query stem without beginning
 * with it. */
static int find_query_words(rx_matcher *m)
{
    rx_prefind *f = &m->words;
    if (m->words_ready)
        return RX_OK;
    /* Stems with other bytes than a-z are refused (RX_EINVAL): quick_score then tokenizes
     * (m->no_prefilter) and needs no needle. */
    for (size_t i = 0; i < m->n; i++) {
        const rx_match_term *q = &m->terms[i];
        if (q->len && rx__prefind_add(f, q->stem, q->len > 1 ? q->len - 1 : q->len, 0) == RX_ENOMEM)
            return RX_ENOMEM;
        const char *word, *stem;
        for (size_t k = 0; m->irregular && (word = rx__stem_exception(k, &stem)); k++)
            if (strlen(stem) == q->len && memcmp(stem, q->stem, q->len) == 0 &&
                rx__prefind_add(f, word, strlen(word), 1) == RX_ENOMEM)
                return RX_ENOMEM;
    }
    m->words_ready = 1;
    return RX_OK;
}

/* Where the next span between spaces with a non-ASCII byte begins at or after `from`
 * (*start, *end), or n for none. Eight bytes at a time: most text is ASCII. */
static void next_wide_span(const unsigned char *t, size_t n, size_t from, size_t *start,
                           size_t *end)
{
    size_t i = from;
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, t + i, 8);
        if (w & 0x8080808080808080u)
            break;
    }
    while (i < n && t[i] < 0x80)
        i++;
    if (i == n) {
        *start = *end = n;
        return;
    }
    size_t a = i, b = i;
    while (a > from && t[a - 1] != ' ' && t[a - 1] != '\n')
        a--;
    while (b < n && t[b] != ' ' && t[b] != '\n')
        b++;
    *start = a;
    *end = b;
}

/*
 * A passage's score without tokenizing all of it: tokenizing and stemming every passage
 * of every hit was most of a query's time, and only the few passages shown need exact
 * token offsets. In ASCII, for letter-only stems, a token that can match is a run of
 * letters (hyphen parts included) that begins with a stem's letters bar the last, so only
 * the runs the finder meets are stemmed (through the cache) and looked up. Joined forms
 * ("narrowangle") are not seen here; their parts are. A span between spaces with other
 * bytes ("µg", "naïve", "–") goes through the tokenizer, which never joins across spaces.
 * Matches are added in text order. Returns -1 for stems with digits or symbols, and when
 * memory runs out: the caller tokenizes.
 */
static double quick_score(rx_matcher *m, const rx_passage *p, unsigned char *seen)
{
    rx_prefind *f = &m->words;
    /* A limit counts only near an effect, which needs the words' positions. */
    if (m->no_prefilter || m->limits || rx__prefind_run(f, p->text, p->text_len) != RX_OK)
        return -1;
    const unsigned char *t = (const unsigned char *)p->text;
    size_t n = p->text_len, k = 0, wide, wide_end;
    span_score q = {m, p->section, seen, 0};
    memset(seen, 0, m->n);
    next_wide_span(t, n, 0, &wide, &wide_end);
    while (k < f->nstarts || wide < n) {
        if (wide < n && (k == f->nstarts || f->starts[k] >= wide)) {
            rx_tokenize(p->text + wide, wide_end - wide, on_span_token, &q);
            while (k < f->nstarts && f->starts[k] < wide_end)
                k++;
            next_wide_span(t, n, wide_end, &wide, &wide_end);
            continue;
        }
        size_t a = f->starts[k++], b = a;
        while (b < n && (unsigned char)((f->fold[b] | 0x20) - 'a') < 26)
            b++;
        if (b - a < 64) {
            rx_token tok = {.text = (const char *)f->fold + a, .len = b - a};
            add_match(&q, match(m, &tok, p->section));
        }
    }
    return q.s;
}

typedef struct own_name {
    rx_matcher *m;
    double *saved;         /* the weights before this document */
    unsigned char *in_row; /* per term: in the class row (weigh_class) */
    unsigned char *own;    /* out, per term: names this drug */
    int scale;             /* weigh those terms down (the query has other words) */
} own_name;

/* A word of this drug's names (title, brands, alternate names) that the query used to
 * name it weighs OWN_NAME_SCALE. */
static int on_name_token(void *payload, const rx_token *t)
{
    own_name *o = payload;
    rx_matcher *m = o->m;
    size_t slen;
    const char *stem = token_stem(m, t, &slen);
    for (size_t i = 0; stem && i < m->n; i++)
        if (m->terms[i].names_drug && same_stem(&m->terms[i], stem, slen)) {
            if (o->scale)
                m->terms[i].weight = o->saved[i] * OWN_NAME_SCALE;
            o->own[i] = 1;
        }
    return 0;
}

static int on_class_token(void *payload, const rx_token *t)
{
    own_name *o = payload;
    size_t slen;
    const char *stem = token_stem(o->m, t, &slen);
    for (size_t i = 0; stem && i < o->m->n; i++)
        if (same_stem(&o->m->terms[i], stem, slen))
            o->in_row[i] = 1;
    return 0;
}

/* A class word names the drug as its title does: "statin" of "statin muscle pain" is in
 * every statin's class row ("HMG-CoA reductase inhibitor (statin)"), which its synonyms
 * fill with matches; there the query's other words choose the passage (the Side Effects
 * one), as they do for a drug's name. A query all of whose words are in the row asks
 * for the class, and the row is the answer. */
static int weigh_class(own_name *o, const rx_stored *doc)
{
    rx_matcher *m = o->m;
    size_t len = 0;
    const char *row = rx__stored_class_row(doc, &len);
    if (!row)
        return 0;
    memset(o->in_row, 0, m->n);
    rx_tokenize(row, len, on_class_token, o);
    int in = 0, out = 0;
    for (size_t i = 0; i < m->n; i++)
        if (!m->terms[i].weak && !m->terms[i].names_drug) {
            in += o->in_row[i];
            out += !o->in_row[i];
        }
    for (size_t i = 0; in && out && i < m->n; i++)
        if (o->in_row[i] && m->terms[i].weight > o->saved[i] * OWN_NAME_SCALE)
            m->terms[i].weight = o->saved[i] * OWN_NAME_SCALE;
    return in && out;
}

/* The query asks how drugs go together (Interactions shown first, query words or not):
 * a passage naming the other drug then answers before them (rx__snippets). */
static int asks_pair(const rx_matcher *m)
{
    return m->force_prefer && m->prefer && strcmp(m->prefer, "interactions") == 0;
}

/* In the monograph a query names, its other words choose the passage: "atorvastatin
 * muscle pain" shows Atorvastatin's Side Effects, not its Usage, which says
 * "atorvastatin" most; so do they where the query names the drug's class (weigh_class:
 * *by_class is then set). own[i] is set for the words that name this drug, also where the
 * query is two drug names alone asked together. Returns the weights to restore, or NULL when
 * nothing changed. */
static double *weigh_own_name(rx_matcher *m, const rx_stored *doc, int *by_class,
                              unsigned char *own)
{
    *by_class = 0;
    int names = 0, others = 0;
    for (size_t i = 0; i < m->n; i++) {
        names += m->terms[i].names_drug;
        others += !m->terms[i].names_drug;
    }
    if (!doc->title || (!others && (names < 2 || !asks_pair(m))))
        return NULL;
    double *saved = malloc(m->n * sizeof *saved);
    unsigned char *in_row = malloc(m->n);
    if (!saved || !in_row) {
        free(saved);
        free(in_row);
        return NULL; /* only the choice of passage is less good */
    }
    for (size_t i = 0; i < m->n; i++)
        saved[i] = m->terms[i].weight;
    own_name o = {m, saved, in_row, own, others > 0};
    if (names) {
        rx_tokenize(doc->title, strlen(doc->title), on_name_token, &o);
        for (size_t i = 0; i < doc->nbrands; i++)
            rx_tokenize(doc->brands[i], strlen(doc->brands[i]), on_name_token, &o);
        for (size_t i = 0; i < doc->npassages; i++)
            if (strcmp(doc->passages[i].section, "names") == 0)
                rx_tokenize(doc->passages[i].text, doc->passages[i].text_len, on_name_token, &o);
    }
    if (!others) { /* two names alone: only own[] was wanted */
        free(saved);
        saved = NULL;
    } else {
        *by_class = weigh_class(&o, doc);
    }
    free(in_row);
    return saved;
}

/* Unmatches the weak matches of each run of matched words (consecutive positions) that
 * holds no other match. */
static void drop_lone_weak(tok_list *l)
{
    const rx_matcher *m = l->m;
    for (size_t a = 0, b; a < l->n; a = b) {
        b = a + 1;
        if (l->v[a].term < 0)
            continue;
        int strong = !m->terms[l->v[a].term].weak;
        /* The run: matched tokens each at most one position after the one before. */
        while (b < l->n && l->v[b].term >= 0 && l->v[b].pos <= l->v[b - 1].pos + 1) {
            strong |= !m->terms[l->v[b].term].weak;
            b++;
        }
        for (size_t i = a; i < b && !strong; i++)
            l->v[i].term = -1;
    }
}

/* Unmatches each limit ("rarely") with no effect word within LIMIT_REACH positions. */
static void drop_lone_limits(tok_list *l)
{
    const rx_matcher *m = l->m;
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].term < 0 || !m->terms[l->v[i].term].limit)
            continue;
        int near = 0;
        for (size_t j = i; j-- > 0 && !near && l->v[j].pos + LIMIT_REACH >= l->v[i].pos;)
            near = l->v[j].term >= 0 && m->terms[l->v[j].term].effect;
        for (size_t j = i + 1; j < l->n && !near && l->v[j].pos <= l->v[i].pos + LIMIT_REACH; j++)
            near = l->v[j].term >= 0 && m->terms[l->v[j].term].effect;
        if (!near)
            l->v[i].term = -1;
    }
}

static int tokenize_passage(tok_list *l, const rx_passage *p)
{
    l->n = 0;
    l->section = p->section;
    rx_tokenize(p->text, p->text_len, on_token, l);
    if (l->m->content && l->m->weak)
        drop_lone_weak(l);
    if (l->m->limits)
        drop_lone_limits(l);
    return l->oom ? RX_ENOMEM : RX_OK;
}

typedef struct phrase_map {
    rx_matcher *m;
    rx_loose_phrase *lp;
} phrase_map;

static int on_loose_word(void *payload, const rx_token *tok)
{
    phrase_map *pm = payload;
    rx_matcher *m = pm->m;
    if ((tok->flags & RX_TOKEN_JOINED) || pm->lp->nterms == RX_MAX_LOOSE_TERMS)
        return 0;
    size_t len;
    const char *stem = rx__stem_cached(&m->stems, m->stemmer, tok->text, tok->len, &len);
    for (size_t t = 0; stem && t < m->n; t++)
        if (!m->terms[t].field && !m->terms[t].weak && same_stem(&m->terms[t], stem, len)) {
            pm->lp->terms[pm->lp->nterms++] = (int)t;
            break;
        }
    return 0;
}

int rx__holds_loose_phrase(rx_matcher *m, const rx_passage *p, const unsigned char *seen)
{
    for (size_t k = 0; k < m->nloose; k++) {
        rx_loose_phrase *lp = &m->loose[k];
        if (seen && !lp->mapped) {
            phrase_map pm = {m, lp};
            rx_tokenize(lp->text, lp->len, on_loose_word, &pm);
            lp->mapped = 1;
        }
        int all = 1;
        for (unsigned i = 0; seen && i < lp->nterms && all; i++)
            all = seen[lp->terms[i]];
        if (all && rx__has_phrase(&m->stems, m->stemmer, lp->text, lp->len, p->text, p->text_len))
            return 1;
    }
    return 0;
}

int rx__snippets(rx_hit *hit, const rx_stored *doc, rx_matcher *m, unsigned max, unsigned window)
{
    int rc = RX_OK;
    tok_list l = {.m = m};
    candidate *cands = NULL;
    unsigned char *seen = calloc(m->n ? m->n : 1, 1);
    unsigned char *own = calloc(m->n ? m->n : 1, 1);
    double *saved = NULL;
    int by_class = 0;
    hit->snippets = NULL;
    hit->nsnippets = 0;
    if (max == 0 || doc->npassages == 0)
        goto done;
    if (!own) {
        rc = RX_ENOMEM;
        goto done;
    }
    saved = weigh_own_name(m, doc, &by_class, own);
    cands = calloc(doc->npassages, sizeof *cands);
    hit->snippets = calloc(max, sizeof *hit->snippets);
    if (!cands || !hit->snippets || !seen || find_query_words(m)) {
        rc = RX_ENOMEM;
        goto done;
    }
    size_t nc = 0;
    for (size_t i = 0; i < doc->npassages && m->n; i++) {
        const rx_passage *p = &doc->passages[i];
        double s = quick_score(m, p, seen);
        if (s < 0) {
            if ((rc = tokenize_passage(&l, p)))
                goto done;
            s = score_range(&l, 0, l.n, m, seen);
        }
        if (s <= 0)
            continue;
        const rx_field *f = rx__field(p->section, strlen(p->section));
        /* A query that names the drug's class names the drug: Usage is no longer what it
         * asks about by default ("statin muscle pain"). */
        int preferred =
            m->prefer && strcmp(p->section, m->prefer) == 0 && !(by_class && m->usage_by_default);
        double pref = f->snippet;
        if ((m->drug_named || by_class) && !preferred && strcmp(p->section, "usage") == 0)
            pref = USAGE_ASKED_ABOUT;
        double score = s * (0.5 + pref) * (preferred ? 4.0 : 1.0);
        int first = preferred && (m->force_prefer || m->first_prefer);
        int answers = 0, other_drug = 0;
        for (size_t t = 0; t < m->n; t++) {
            answers |= seen[t] && m->terms[t].answers;
            other_drug |= seen[t] && m->terms[t].names_drug && !own[t];
        }
        double lift = answers ? 1e10 : first ? 1e6 : 0;
        if (m->nloose && rx__holds_loose_phrase(m, p, seen))
            lift += 1e7; /* the passage with the quoted phrase, before those with its words */
        cands[nc++] = (candidate){i, score + lift, other_drug};
    }
    if (m->prefer && m->force_prefer) {
        /* "side effects of X": the Side Effects passage answers it, query words or not. */
        int have = 0;
        for (size_t c = 0; c < nc && !have; c++)
            have = strcmp(doc->passages[cands[c].passage].section, m->prefer) == 0;
        /* ... but where Interactions does not name the other drug of "ibuprofen with
         * paracetamol", the passages that do come first ("Paracetamol + Ibuprofen"),
         * Interactions next. */
        int pair = asks_pair(m);
        for (size_t c = 0; c < nc && pair && !have; c++)
            if (cands[c].other_drug)
                cands[c].score += 2e9;
        for (size_t i = 0; i < doc->npassages && !have; i++)
            if (strcmp(doc->passages[i].section, m->prefer) == 0) {
                cands[nc++] = (candidate){i, 1e9, 0};
                have = 1;
            }
    }
    qsort(cands, nc, sizeof *cands, by_score);
    for (size_t c = 0; c < nc && hit->nsnippets < max; c++) {
        const rx_passage *p = &doc->passages[cands[c].passage];
        /* The front matter description repeats Usage: show it only when nothing else. */
        if (strcmp(p->section, "description") == 0 && nc > 1)
            continue;
        if ((rc = tokenize_passage(&l, p)))
            goto done;
        if ((rc = cut(&hit->snippets[hit->nsnippets], p, &l, m, window, seen)))
            goto done;
        hit->nsnippets++;
    }
    if (hit->nsnippets == 0) {
        /* Nothing to highlight (a title or wildcard match): show how the drug is used. */
        size_t pick = 0;
        for (size_t i = 0; i < doc->npassages; i++)
            if (strcmp(doc->passages[i].section, "usage") == 0) {
                pick = i;
                break;
            }
        const rx_passage *p = &doc->passages[pick];
        rx_matcher none = {0};
        none.stemmer = m->stemmer;
        l.m = &none;
        if ((rc = tokenize_passage(&l, p)))
            goto done;
        if (l.n && (rc = cut(&hit->snippets[0], p, &l, &none, window, seen)) == RX_OK)
            hit->nsnippets = 1;
    }
done:
    for (size_t i = 0; saved && i < m->n; i++)
        m->terms[i].weight = saved[i];
    free(saved);
    free(l.v);
    free(cands);
    free(seen);
    free(own);
    return rc;
}
