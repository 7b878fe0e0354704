/*
 * rx_cues.c: the cue table. A pattern is a sequence of words; "x*" matches any word that
 * starts with x, and "~" skips up to three words. Patterns are tried in table order, so
 * the more specific ("miss* dose") come before the general ("dose"). Hindi typed in Latin
 * letters asks the same questions ("kis liye" what for, "kitni" how much, "nuksan" harm).
 */
#include "rx_cues.h"

#include <string.h>

typedef struct cue {
    const char *pattern;
    const char *section;
    int weak; /* only when the query also names a drug */
} cue;

/* clang-format off */
static const cue cues[] = {
    {"miss*",                 "missed",            0}, /* a FAQ: what to do (rx_understand.c) */
    {"forg*",                 "missed",            0},
    {"contraindicat*",        "contraindications", 0},
    {"avoid* in",             "contraindications", 0},
    {"who should not",        "contraindications", 1},
    {"should not take",       "contraindications", 1},
    {"must not",              "contraindications", 1},
    {"should not",            "contraindications", 1},
    {"allerg*",               "contraindications", 1},
    {"pregnan*",              "pregnancy",         0},
    {"conceiv*",              "pregnancy",         0},
    {"try* ~ baby",           "pregnancy",         1},
    {"breastfe*",             "pregnancy",         0},
    {"breast feed*",          "pregnancy",         0},
    {"lactat*",               "pregnancy",         0},
    {"nursing",               "pregnancy",         1},
    {"trimester*",            "pregnancy",         0},
    {"expecting",             "pregnancy",         1},
    {"expectant",             "pregnancy",         1},
    {"garbh*",                "pregnancy",         0},
    {"doodh pila*",           "pregnancy",         0},
    /* After the pregnancy cues: "how long after X can I try for a baby" asks about
     * pregnancy, "how long does X take to work" is a FAQ. */
    {"how long",              "faq",               1},
    {"how many ~ before",     "faq",               1},
    {"how soon",              "faq",               1},
    {"how quickly",           "faq",               1},
    {"before or after",       "faq",               1},
    {"or without",            "faq",               1},
    /* "timing": when in the day or against meals to take it, Dosage first (rx_understand.c) */
    {"when to take",          "timing",            1},
    {"best time",             "timing",            1},
    {"what time",             "timing",            1},
    {"time of day",           "timing",            1},
    {"morning or night",      "timing",            1},
    {"morning or evening",    "timing",            1},
    {"night or morning",      "timing",            1},
    {"evening or morning",    "timing",            1},
    /* "why did my doctor give me X": what it is for (not "giving me", a side effect) */
    {"why ~ giv*",            "usage",             1},
    {"why ~ gave",            "usage",             1},
    {"why ~ prescrib*",       "usage",             1},
    {"why am i on",           "usage",             1},
    /* "stopping": how to come off the drug (taper, not abruptly), said wherever it is */
    {"how to ~ stop",         "stopping",          1}, /* not "how does X stop bleeding" */
    {"how do i stop",         "stopping",          1},
    {"how can i stop",        "stopping",          1},
    {"how should i stop",     "stopping",          1},
    {"can i stop",            "stopping",          1},
    {"safe* ~ stop",          "stopping",          1},
    {"stop taking",           "stopping",          1},
    {"stop using",            "stopping",          1},
    {"stopping",              "stopping",          1},
    {"wean*",                 "stopping",          1},
    {"come off",              "stopping",          1},
    {"coming off",            "stopping",          1},
    {"get off",               "stopping",          1},
    {"taper*",                "stopping",          1},
    /* "diet": what to eat or avoid with it ("take with food", "avoid grapefruit"),
     * said wherever it is */
    {"diet*",                 "diet",              1},
    {"what ~ eat",            "diet",              1},
    {"what ~ not eat",        "diet",              1},
    /* "strengths": the forms and strengths it comes in ("available as 5 mg and 10 mg
     * tablets"), said wherever it is */
    {"what strength*",        "strengths",         1},
    {"which strength*",       "strengths",         1},
    {"strengths",             "strengths",         1},
    {"come* in",              "strengths",         1},
    {"available in",          "strengths",         1},
    {"how supplied",          "strengths",         1},
    {"what mg",               "strengths",         1},
    /* "swallow": how the drug is swallowed, said wherever it is (rx_understand.c) */
    {"crush*",                "swallow",           1},
    {"chew*",                 "swallow",           1},
    {"open* ~ capsule*",      "swallow",           1},
    {"capsule* ~ open*",      "swallow",           1},
    {"one tablet",            "combinations",      0},
    {"one pill",              "combinations",      0},
    {"single tablet",         "combinations",      0},
    {"single pill",           "combinations",      0},
    {"advers* ~ interact*",   "interactions",      0},
    {"side effect*",          "side_effects",      0},
    {"sideeffect*",           "side_effects",      0},
    {"advers*",               "side_effects",      0},
    {"drug induc*",           "side_effects",      0},
    /* "drugs that cause hyperkalemia": the drugs whose side effect it is, not its
     * treatment; "tablet for cough caused by allergy" is no such question */
    {"drug* caus*",           "side_effects",      0},
    {"drug* that caus*",      "side_effects",      0},
    {"drug* which caus*",     "side_effects",      0},
    {"drug* that can caus*",  "side_effects",      0},
    {"medicine* caus*",       "side_effects",      0},
    {"medicine* that caus*",  "side_effects",      0},
    {"medication* caus*",     "side_effects",      0},
    {"medication* that caus*", "side_effects",     0},
    {"drug related",          "side_effects",      0},
    {"caus*",                 "side_effects",      1},
    {"feel*",                 "side_effects",      1},
    {"making",                "side_effects",      1},
    {"made me",               "side_effects",      1},
    {"giving",                "side_effects",      1},
    {"nuksan*",               "side_effects",      1},
    {"nuksaan*",              "side_effects",      1},
    {"changed",               "side_effects",      1},
    {"turned",                "side_effects",      1},
    {"since starting",        "side_effects",      1},
    {"since i started",       "side_effects",      1},
    {"colour*",               "side_effects",      1},
    {"color*",                "side_effects",      1},
    {"interact*",             "interactions",      0},
    {"together",              "interactions",      1},
    {"alcohol",               "interactions",      1},
    {"drink*",                "interactions",      1},
    {"grapefruit",            "interactions",      1},
    {"smok*",                 "interactions",      1},
    {"cigarette*",            "interactions",      1},
    {"tobacco",               "interactions",      1},
    {"mechanism*",            "mechanism",         0},
    {"mode of action",        "mechanism",         0},
    {"how ~ work*",           "mechanism",         1},
    {"how does",              "mechanism",         1},
    {"what does ~ do",        "mechanism",         1},
    {"what way",              "mechanism",         1},
    /* After "how does" and "what way": "how does X make you lose weight" asks how it works. */
    {"make* me",              "side_effects",      1},
    {"make* you",             "side_effects",      1},
    {"make* my",              "side_effects",      1},
    {"brand name*",           "names",             0},
    {"other name*",           "names",             0},
    {"generic name*",         "names",             0},
    {"same ~ as",             "names",             0},
    {"also called",           "names",             0},
    {"also known",            "names",             0},
    {"overdos*",              "dosage",            0},
    {"dose*",                 "dosage",            0},
    {"dosage*",               "dosage",            0},
    {"dosing",                "dosage",            0},
    {"how much",              "dosage",            1},
    {"how many",              "dosage",            1}, /* after "how many ~ before" */
    {"how to take",           "dosage",            1},
    {"how to use",            "dosage",            1},
    {"max*",                  "dosage",            1},
    {"empty stomach",         "dosage",            1},
    /* "age": whether a child that old may take it, answered by the passage that speaks of
     * ages (rx_understand.c); a dose asked for ("dose for a 3 year old") is matched above. */
    {"year* old",             "age",               1},
    {"child*",                "dosage",            1},
    {"per day",               "dosage",            1},
    {"in one day",            "dosage",            1},
    {"in a day",              "dosage",            1},
    {"kitn*",                 "dosage",            1},
    {"khali pet",             "dosage",            1},
    {"used for",              "usage",             1},
    {"use for",               "usage",             1},
    {"what ~ for",            "usage",             1},
    {"for what",              "usage",             1},
    {"given for",             "usage",             1},
    {"kis ~ liye",            "usage",             1},
    {"kis kaam",              "usage",             1},
    {"indicat*",              "usage",             0},
    {"treat*",                "usage",             1},
    {"combin*",               "combinations",      1},
    {"precaution*",           "precautions",       0},
    {"warning*",              "precautions",       0},
    {"avoid",                 "precautions",       1},
    {"sun",                   "precautions",       1},
    {"sunlight",              "precautions",       1},
    /* "compare": the profile summary, unforced (rx_understand.c) */
    {"differen*",             "compare",           1},
    {"compar*",               "compare",           1},
    {"vs",                    "compare",           1},
    {"versus",                "compare",           1},
    {"better than",           "compare",           1},
    {"which ~ better",        "compare",           1},
    {"blood test*",           "summary",           1},
    {"blood level*",          "summary",           1},
    {"monitor*",              "summary",           1},
    {"check*",                "summary",           1},
    {"while on",              "interactions",      1},
    /* Last: a condition the asker has, when nothing above named what they ask. */
    {"patient* can take",     "contraindications", 1},
    {"can ~ patient* take",   "contraindications", 1},
    {"patient* ~ safe",       "contraindications", 1},
    {"history of",            "contraindications", 1},
    {"in the past",           "contraindications", 1},
    {"year* ago",             "contraindications", 1},
    {"year* back",            "contraindications", 1},
};
/* clang-format on */

static int word_matches(const char *pat, size_t plen, const char *word)
{
    if (plen && pat[plen - 1] == '*')
        return strncmp(word, pat, plen - 1) == 0;
    return strlen(word) == plen && strncmp(word, pat, plen) == 0;
}

/* Matches pattern p against words[i..]; fills is_cue for the words it used. */
static int match_at(const char *p, const char *const *words, size_t n, size_t i,
                    unsigned char *mark)
{
    while (*p == ' ')
        p++;
    if (!*p)
        return 1;
    const char *end = strchr(p, ' ');
    size_t plen = end ? (size_t)(end - p) : strlen(p);
    const char *rest = p + plen;
    if (plen == 1 && p[0] == '~') {
        for (size_t skip = 0; skip <= 3 && i + skip <= n; skip++)
            if (match_at(rest, words, n, i + skip, mark))
                return 1;
        return 0;
    }
    if (i >= n || !word_matches(p, plen, words[i]))
        return 0;
    if (!match_at(rest, words, n, i + 1, mark))
        return 0;
    mark[i] = 1;
    return 1;
}

const char *rx__cue_section(const char *const *words, size_t n, int names_drug,
                            unsigned char *is_cue)
{
    if (n > RX_CUE_MAX_WORDS)
        n = RX_CUE_MAX_WORDS;
    /* A hyphenated query word ("drug-induced") is one entry of words: its parts are matched
     * as words, and a cue on any part marks the whole entry. */
    char buf[512];
    const char *flat[RX_CUE_MAX_WORDS];
    size_t owner[RX_CUE_MAX_WORDS], nflat = 0, used = 0;
    for (size_t i = 0; i < n && nflat < RX_CUE_MAX_WORDS; i++) {
        for (const char *w = words[i]; *w && nflat < RX_CUE_MAX_WORDS;) {
            size_t len = strcspn(w, " ");
            if (len && used + len + 1 <= sizeof buf) {
                memcpy(buf + used, w, len);
                buf[used + len] = '\0';
                flat[nflat] = buf + used;
                owner[nflat++] = i;
                used += len + 1;
            }
            w += len;
            w += *w == ' ';
        }
    }
    for (size_t c = 0; c < sizeof cues / sizeof cues[0]; c++) {
        if (cues[c].weak && !names_drug)
            continue;
        for (size_t i = 0; i < nflat; i++) {
            unsigned char mark[RX_CUE_MAX_WORDS] = {0};
            if (match_at(cues[c].pattern, flat, nflat, i, mark)) {
                memset(is_cue, 0, n);
                for (size_t k = 0; k < nflat; k++)
                    if (mark[k])
                        is_cue[owner[k]] = 1;
                return cues[c].section;
            }
        }
    }
    return NULL;
}
