/* test_tokenize.c: the tokenizer on medical text. */
#include "harness.h"
#include "rx.h"

typedef struct toks {
    char out[4096]; /* "text@pos" joined by spaces; joined forms marked with '+' */
    size_t len;
} toks;

static int collect(void *payload, const rx_token *t)
{
    toks *k = payload;
    k->len +=
        (size_t)snprintf(k->out + k->len, sizeof k->out - k->len, "%s%.*s%s@%u", k->len ? " " : "",
                         (int)t->len, t->text, (t->flags & RX_TOKEN_JOINED) ? "+" : "", t->pos);
    return 0;
}

static const char *tok(const char *text)
{
    static toks k;
    k.len = 0;
    k.out[0] = '\0';
    rx_tokenize(text, strlen(text), collect, &k);
    return k.out;
}

typedef struct spans {
    size_t start[16], end[16];
    int n;
} spans;

static int span_cb(void *payload, const rx_token *t)
{
    spans *s = payload;
    if (s->n < 16) {
        s->start[s->n] = t->start;
        s->end[s->n] = t->end;
        s->n++;
    }
    return 0;
}

static int stop_at_second(void *payload, const rx_token *t)
{
    int *count = payload;
    (void)t;
    return ++*count == 2 ? 42 : 0;
}

int main(void)
{
    STR_EQ(tok("Metabolised by CYP2D6 and CYP2C19."), "metabolised@0 by@1 cyp2d6@2 and@3 cyp2c19@4",
           "codes stay whole and lower-cased");
    STR_EQ(tok("vitamin B12"), "vitamin@0 b12@1", "B12 is one token");
    STR_EQ(tok("5-HT3 antagonist"), "5@0 ht3@1 5ht3+@0 antagonist@2",
           "5-HT3: parts plus the joined form at the first part's position");
    STR_EQ(tok("5HT3"), "5ht3@0", "5HT3 written solid is the joined form");
    STR_EQ(tok("COVID-19"), "covid@0 19@1 covid19+@0", "COVID-19");
    STR_EQ(tok("25-50 mg"), "25@0 50@1 mg@2", "a numeric range has no joined form");
    STR_EQ(tok("1500 mcg"), "1500@0 mcg@1", "dose and unit");
    STR_EQ(tok("1,500 mg"), "1500@0 mg@1", "thousands separator removed");
    STR_EQ(tok("1,500,000 units"), "1500000@0 units@1", "two thousands separators");
    STR_EQ(tok("0.5 mg, 2.5mg"), "0.5@0 mg@1 2.5@2 mg@3 2.5mg+@2", "decimals; unit split off");
    STR_EQ(tok("50mg"), "50@0 mg@1 50mg+@0", "unit split off a number");
    STR_EQ(tok("500 µg"), "500@0 mcg@1", "micro sign folded to mcg");
    STR_EQ(tok("Headaches"), "headaches@0", "case folded");
    STR_EQ(tok("Café Müller"), "cafe@0 muller@1", "accents stripped");
    STR_EQ(tok("Alzheimer’s disease"), "alzheimer's@0 disease@1", "curly apostrophe kept as '");
    STR_EQ(tok("non-invasive"), "non@0 invasive@1 noninvasive+@0", "hyphenated word");
    STR_EQ(tok("25–50 mg"), "25@0 50@1 mg@2", "en dash joins like a hyphen");
    STR_EQ(tok("a - b"), "a@0 b@1", "a spaced hyphen separates");
    STR_EQ(tok("≥ 18 years; ≤65"), "18@0 years@1 65@2", "symbols separate");
    STR_EQ(tok(""), "", "empty text");
    STR_EQ(tok("--- ***"), "", "punctuation only");
    char bad[] = {'a', 'b', (char)0xff, 'c', 'd', 0};
    STR_EQ(tok(bad), "ab@0 cd@1", "invalid UTF-8 separates tokens");
    char longword[200];
    memset(longword, 'x', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    char text[300];
    snprintf(text, sizeof text, "before %s after", longword);
    STR_EQ(tok(text), "before@0 after@2", "a word over 64 bytes is skipped");

    spans s = {0};
    const char *src = "Take 5-HT3 now";
    rx_tokenize(src, strlen(src), span_cb, &s);
    INT_EQ(s.n, 5, "five tokens with spans");
    INT_EQ(s.start[1], 5, "first part starts at its byte");
    INT_EQ(s.end[2], 10, "second part ends at its byte");
    INT_EQ(s.start[3], 5, "joined form starts with the compound");
    INT_EQ(s.end[3], 10, "joined form spans the whole compound");
    INT_EQ(s.start[4], 11, "next word");

    int count = 0;
    INT_EQ(rx_tokenize("a b c", 5, stop_at_second, &count), 42, "callback's value stops the run");
    INT_EQ(count, 2, "no token after the stop");
    return done_testing();
}
