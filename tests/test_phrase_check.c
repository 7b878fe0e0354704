/* test_phrase_check.c: a quoted phrase's words in order in a stored FAQ, compared by stem
 * as a phrase query compares them (rx_phrase_check.h). */
#include "harness.h"
#include "rx.h"
#include "rx_phrase_check.h"

static const struct {
    const char *phrase, *text;
    int want;
    const char *what;
} cases[] = {
    {"stomach bleeding", "Avoid alcohol; it raises stomach bleeding risk.", 1,
     "the words one after the other"},
    {"stomach bleeding", "Heartburn, upset stomach, nausea and a tendency to bleed.", 0,
     "both words, apart"},
    {"bleeding stomach", "it raises stomach bleeding risk", 0, "the words reversed"},
    {"Stomach Bleeding", "STOMACH BLEEDING (black stools)", 1, "case is folded"},
    {"side effect", "What are the common side effects?", 1, "by stem: a plural"},
    {"breastfeeding women take", "Can pregnant or breastfeeding women take it?", 1,
     "by stem: women is woman on both sides"},
    {"how long", "How often and how long can I take it?", 1, "a false start before it"},
    {"low low dose", "a low low low dose", 1, "a repeated word"},
    {"stomach, bleeding", "stomach bleeding", 1, "punctuation is no word"},
    {"5-HT3 receptor", "It blocks 5-HT3 receptors in the gut.", 1, "a code by its parts"},
    {"5 HT3 receptor", "It blocks 5-HT3 receptors in the gut.", 1, "the parts typed apart"},
    {"stomach bleeding", "stomach", 0, "a text shorter than the phrase"},
    {"stomach bleeding", "", 0, "no text"},
    {"", "stomach bleeding", 0, "no phrase"},
    {" -- ", "stomach bleeding", 0, "a phrase of no words"},
    {"a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g",
     "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g", 0,
     "over 32 words is no phrase of the index"},
    {"a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f",
     "z a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f", 1, "32 words is"},
};

int main(void)
{
    rx_stemmer *st = NULL;
    rx_stem_cache cache = {0};
    INT_EQ(rx_stemmer_new(&st, NULL), RX_OK, "stemmer created");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        INT_EQ(rx__has_phrase(&cache, st, cases[i].phrase, strlen(cases[i].phrase), cases[i].text,
                              strlen(cases[i].text)),
               cases[i].want, cases[i].what);
    rx__stem_cache_free(&cache);
    rx_stemmer_free(st);
    return done_testing();
}
