/* rx_stopwords.c: the stopword lists, sorted for binary search. */
#include "rx_stopwords.h"

#include <string.h>

/* clang-format off */
static const char *const function_words[] = {
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "by", "can", "could", "do",
    "does", "for", "from", "get", "had", "has", "have", "how", "i", "if", "in", "into", "is",
    "it", "its", "me", "my", "of", "ok", "on", "or", "our", "should", "so", "some", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will",
    "with", "would", "you", "your",
};

/* Words of asking, not of medicine: conversational filler from consumers' questions
 * ("can I actually take…", "is it really safe…"), which, rare in monographs, would rank
 * the few that happen to hold them right after the drug a query names; and the Hindi
 * "dawai" (medicine) of "khujli ki dawai". */
static const char *const generic_words[] = {
    "actually", "anyone", "anything", "been", "being", "come", "comes", "davai", "dawaai",
    "dawai", "did", "just", "like",
    "many", "medication", "medications", "medicine", "medicines", "meds", "much", "new", "off",
    "pill", "pills", "please", "put", "really", "someone", "something", "tablet", "tablets",
    "take", "taking", "took", "way",
};

/* Salts, forms and classes: words of titles ("Zoledronic Acid", "Vitamin D3", "Diclofenac
 * Sodium", "Insulin Human") that name no drug on their own. */
static const char *const title_only_words[] = {
    "acetate", "acid", "alfa", "alpha", "besylate", "bromide", "chloride", "citrate",
    "complex", "dipropionate", "etabonate", "etexilate", "fumarate", "furoate", "hcl",
    "human", "hyclate", "hydrobromide", "hydrochloride", "isophane", "maleate", "medoxomil",
    "mesylate", "mononitrate", "nph", "oxalate", "phosphate", "propionate",
    "proxetil", "recombinant", "sodium", "soluble", "succinate", "sulfate", "sulphate",
    "tartrate", "vitamin", "vitamins",
};
/* Hindi typed in Latin letters between a query's symptom words ("kamar mein dard, jhuk
 * nahi pa raha"): pronouns, postpositions, auxiliaries. */
static const char *const hindi_function_words[] = {
    "aap", "aata", "aati", "abhi", "aur", "baad", "bahut", "bhi", "gaya", "gaye", "gayi",
    "hai", "hain", "hoga", "hota", "hote", "hoti", "jab", "jata", "jate", "jati", "kab",
    "kaise", "kar", "karna", "karne", "kya", "kyun", "liye", "mein", "mera", "mere", "meri",
    "mujhe", "nahi", "nahin", "pehle", "raha", "rahe", "rahi", "sakta", "sakte", "sakti",
    "tak", "wala", "wale", "wali",
};
/* clang-format on */

static int in(const char *const *list, size_t n, const char *word, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        size_t k = strlen(list[mid]);
        int c = memcmp(word, list[mid], len < k ? len : k);
        if (c == 0)
            c = (len > k) - (len < k);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static int sorted(const char *const *list, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (strcmp(list[i - 1], list[i]) >= 0)
            return 0;
    return 1;
}

#define SORTED(list) sorted(list, sizeof list / sizeof list[0])

int rx__stopwords_sorted(void)
{
    return SORTED(function_words) && SORTED(generic_words) && SORTED(title_only_words) &&
           SORTED(hindi_function_words);
}

int rx__is_function_word(const char *word, size_t len)
{
    return in(function_words, sizeof function_words / sizeof function_words[0], word, len);
}

int rx__is_query_stopword(const char *word, size_t len)
{
    return rx__is_function_word(word, len) ||
           in(generic_words, sizeof generic_words / sizeof generic_words[0], word, len);
}

int rx__is_hindi_function_word(const char *word, size_t len)
{
    return in(hindi_function_words, sizeof hindi_function_words / sizeof hindi_function_words[0],
              word, len);
}

int rx__is_title_only_word(const char *word, size_t len)
{
    return in(title_only_words, sizeof title_only_words / sizeof title_only_words[0], word, len);
}
