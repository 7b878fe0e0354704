/*
 * fuzz_tokenize.c: the tokenizer and the stemmer. Every token of the input is checked
 * against what rx.h promises (1..64 bytes of valid, case-folded UTF-8; a source span
 * inside the input; positions in order) and stemmed. The first input byte picks after
 * how many tokens a second pass stops, to check that a callback's stop value comes back
 * and that the tokens are the same both times. The same text is then read as Dosage lines
 * for special populations (rx_population.c), which tokenizes it clause by clause.
 */
#include "fuzz.h"
#include "rx_population.h"

enum { MAX_TOKEN = 64, KEEP = 16, STOP_VALUE = 42 };

typedef struct seen_tok {
    char text[MAX_TOKEN];
    size_t len, start, end;
    uint32_t pos;
    unsigned flags;
} seen_tok;

typedef struct state {
    size_t size;       /* bytes of input */
    size_t count;      /* tokens seen in this pass */
    size_t stop_after; /* second pass: stop at this token (1-based); 0 = never */
    int have_prev;
    uint32_t prev_pos; /* position of the last non-joined token */
    size_t prev_start; /* its source offset */
    seen_tok first[KEEP];
    int replay; /* second pass: compare with first[] */
} state;

static rx_stemmer *stemmer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rx_error err;
    memset(&err, 0, sizeof err);
    if (rx_stemmer_new(&stemmer, &err) != RX_OK) {
        fprintf(stderr, "fuzz_tokenize: rx_stemmer_new: %s\n", err.msg);
        abort();
    }
    return 0;
}

static void check_token(state *s, const rx_token *t)
{
    FUZZ_CHECK(t != NULL && t->text != NULL, "a token");
    FUZZ_CHECK(t->len >= 1 && t->len <= MAX_TOKEN, "token length is 1..64 bytes");
    FUZZ_CHECK(t->start <= t->end, "token span start <= end");
    FUZZ_CHECK(t->end <= s->size, "token span ends inside the input");
    FUZZ_CHECK(fuzz_utf8_valid(t->text, t->len), "token text is valid UTF-8");
    for (size_t i = 0; i < t->len; i++)
        FUZZ_CHECK(!(t->text[i] >= 'A' && t->text[i] <= 'Z'), "token text is case-folded");
    FUZZ_CHECK(memchr(t->text, '\0', t->len) == NULL, "no NUL in a token");
    int digit = t->text[0] >= '0' && t->text[0] <= '9';
    FUZZ_CHECK(!(t->flags & RX_TOKEN_DIGIT) == !digit, "RX_TOKEN_DIGIT iff it starts with one");
    FUZZ_CHECK((t->flags & ~(unsigned)(RX_TOKEN_JOINED | RX_TOKEN_PART | RX_TOKEN_DIGIT |
                                       RX_TOKEN_ALPHA)) == 0,
               "only RX_TOKEN_* flags");
    if (t->flags & RX_TOKEN_JOINED) {
        /* A joined form shares the position of its first part, already emitted. */
        FUZZ_CHECK(s->have_prev && t->pos <= s->prev_pos, "a joined token follows its parts");
    } else {
        FUZZ_CHECK(!s->have_prev || t->pos > s->prev_pos, "positions increase");
        FUZZ_CHECK(!s->have_prev || t->start >= s->prev_start, "tokens come in source order");
        s->have_prev = 1;
        s->prev_pos = t->pos;
        s->prev_start = t->start;
    }

    size_t slen = 0;
    const char *stem = rx_stem(stemmer, t->text, t->len, &slen);
    FUZZ_CHECK(stem != NULL, "rx_stem returns a stem");
    FUZZ_CHECK(slen >= 1 && slen <= t->len, "a stem is no longer than its word");
    FUZZ_CHECK(fuzz_utf8_valid(stem, slen), "a stem is valid UTF-8");
    FUZZ_CHECK(memchr(stem, '\0', slen) == NULL, "no NUL in a stem");
}

static int on_token(void *payload, const rx_token *t)
{
    state *s = payload;
    size_t i = s->count++;
    if (!s->replay) {
        check_token(s, t);
        if (i < KEEP) {
            seen_tok *k = &s->first[i];
            memcpy(k->text, t->text, t->len);
            k->len = t->len, k->start = t->start, k->end = t->end;
            k->pos = t->pos, k->flags = t->flags;
        }
        return 0;
    }
    const seen_tok *k = &s->first[i];
    FUZZ_CHECK(k->len == t->len && memcmp(k->text, t->text, t->len) == 0 && k->start == t->start &&
                   k->end == t->end && k->pos == t->pos && k->flags == t->flags,
               "the same input gives the same tokens");
    return s->count == s->stop_after ? STOP_VALUE : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!stemmer)
        LLVMFuzzerInitialize(NULL, NULL);
    /* A copy exactly as long as the input, so a read past its end is caught. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);

    state *s = calloc(1, sizeof *s);
    if (!s) {
        free(text);
        return 0;
    }
    s->size = size;
    int rc = rx_tokenize(text, size, on_token, s);
    FUZZ_CHECK(rc == 0, "rx_tokenize returns 0 when the callback never stops it");

    /* Second pass, stopped by the callback after 1..KEEP tokens. */
    size_t total = s->count;
    size_t stop = size ? (size_t)data[0] % KEEP + 1 : 1;
    if (total >= stop) {
        s->count = 0;
        s->replay = 1;
        s->stop_after = stop;
        rc = rx_tokenize(text, size, on_token, s);
        FUZZ_CHECK(rc == STOP_VALUE, "the callback's stop value is returned");
        FUZZ_CHECK(s->count == stop, "no token after the callback stopped");
    }
    for (int contraindications = 0; contraindications <= 1; contraindications++) {
        unsigned advice[RX_NPOPS] = {0};
        rx__population_scan(text, size, contraindications, advice);
        for (int p = 0; p < RX_NPOPS; p++)
            FUZZ_CHECK(advice[p] <=
                           (contraindications ? RX_POP_AVOID : RX_POP_ADJUST | RX_POP_AVOID),
                       "only the advice bits are set");
    }
    FUZZ_CHECK(rx_tokenize(NULL, 0, on_token, s) == 0, "empty input");
    free(s);
    free(text);
    return 0;
}
