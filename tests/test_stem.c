/* test_stem.c: the Snowball stemmer and its medical exceptions, and the stopword lists. */
#include "harness.h"
#include "rx.h"
#include "rx_stopwords.h"

static const char *stem(rx_stemmer *st, const char *w)
{
    static char out[128];
    size_t n;
    const char *s = rx_stem(st, w, strlen(w), &n);
    snprintf(out, sizeof out, "%.*s", (int)n, s);
    return out;
}

int main(void)
{
    rx_stemmer *st = NULL;
    INT_EQ(rx_stemmer_new(&st, NULL), RX_OK, "stemmer created");
    STR_EQ(stem(st, "headaches"), "headach", "plural");
    STR_EQ(stem(st, "drowsiness"), "drowsi", "drowsiness");
    STR_EQ(stem(st, "drowsy"), "drowsi", "drowsy meets drowsiness");
    STR_EQ(stem(st, "diabetic"), "diabet", "diabetic");
    STR_EQ(stem(st, "diabetes"), "diabet", "diabetes meets diabetic");
    STR_EQ(stem(st, "pregnant"), "pregnanc", "exception: pregnant meets pregnancy");
    STR_EQ(stem(st, "allergic"), "allergi", "exception: allergic meets allergy");
    STR_EQ(stem(st, "allergy"), "allergi", "allergy, by Snowball");
    STR_EQ(stem(st, "allergies"), "allergi", "and allergies");
    STR_EQ(stem(st, "mgs"), "mg", "exception: 'how many mgs' meets mg");
    STR_EQ(stem(st, "ius"), "iu", "and IUs (folded) meets IU");
    STR_EQ(stem(st, "pregnancy"), "pregnanc", "pregnancy");
    STR_EQ(stem(st, "dosage"), "dose", "exception: dosage meets dose");
    STR_EQ(stem(st, "dose"), "dose", "dose");
    STR_EQ(stem(st, "hepatitis"), "hepatitis", "exception: hepatitis is not hepatic");
    STR_EQ(stem(st, "hepatic"), "hepat", "hepatic");
    STR_EQ(stem(st, "arthritis"), "arthrit", "exception: arthritis");
    STR_EQ(stem(st, "anaemia"), "anem", "British anaemia meets anemia");
    STR_EQ(stem(st, "anemic"), "anem", "and anemic");
    STR_EQ(stem(st, "hyponatraemia"), "hyponatremia", "-aemia is -emia");
    STR_EQ(stem(st, "hypoglycaemic"), "hypoglycem", "-aemic is -emic");
    STR_EQ(stem(st, "haemorrhage"), "hemorrhag", "haem- is hem-");
    STR_EQ(stem(st, "dyspnoea"), "dyspnea", "a final -oea is -ea");
    STR_EQ(stem(st, "diarrhoeal"), "diarrheal", "and -oeal -eal");
    STR_EQ(stem(st, "oedema"), "edema", "oedema");
    STR_EQ(stem(st, "oesophagitis"), "esophag", "oesophag-");
    STR_EQ(stem(st, "coeliac"), "celiac", "coeliac, the whole word");
    STR_EQ(stem(st, "paediatric"), "pediatr", "paed-");
    STR_EQ(stem(st, "tumours"), "tumor", "exception: tumours meets tumor");
    STR_EQ(stem(st, "aeruginosa"), "aeruginosa", "not every ae");
    STR_EQ(stem(st, "canoe"), "cano", "nor every oe");
    STR_EQ(stem(st, "organic"), "organic", "exception: organic is not organ");
    STR_EQ(stem(st, "children"), "child", "exception: irregular plural children");
    STR_EQ(stem(st, "child"), "child", "child meets children");
    STR_EQ(stem(st, "feet"), "feet", "feet is not foot (diabetic foot)");
    STR_EQ(stem(st, "women"), "woman", "exception: women meets woman");
    STR_EQ(stem(st, "woman"), "woman", "woman");
    STR_EQ(stem(st, "lice"), "lous", "exception: lice meets louse");
    STR_EQ(stem(st, "louse"), "lous", "louse");
    STR_EQ(stem(st, "cyp2d6"), "cyp2d6", "codes are not stemmed");
    STR_EQ(stem(st, "1500"), "1500", "numbers are not stemmed");
    STR_EQ(stem(st, "ht3"), "ht3", "alphanumerics are not stemmed");
    STR_EQ(stem(st, "neuropathy"), "neuropath", "-pathy");
    STR_EQ(stem(st, "neuropathic"), "neuropath", "-pathic meets -pathy");
    STR_EQ(stem(st, "neuropathies"), "neuropath", "-pathies");
    STR_EQ(rx_stemmer_id(), "snowball-english+rx5", "stemmer id");
    rx_stemmer_free(st);
    rx_stemmer_free(NULL);

    OK(rx__stopwords_sorted(), "stopword lists sorted for their binary search");
    OK(rx__is_function_word("with", 4), "'with' is a function word");
    OK(!rx__is_function_word("without", 7), "'without' is not ('with or without food')");
    OK(rx__is_query_stopword("actually", 8), "conversational filler is a query stopword");
    OK(!rx__is_function_word("actually", 8), "and is indexed in its sections");
    OK(rx__is_title_only_word("hydrochloride", 13), "a salt names no drug");
    OK(rx__is_hindi_function_word("wali", 4), "the last Hindi word is found");
    return done_testing();
}
