/* rx_population.h: special populations whose dosing a monograph changes (private).
 *
 * "dose adjustment in hepatic impairment" asks which drugs change their dose for liver
 * impairment. Every monograph has a "Patients with Hepatic Dysfunction:" line, a quarter
 * of them saying "No adjustment", so the words alone rank those as well as the ones that
 * say "Reduce the dose". The indexer reads the Dosage lines about a population (a label
 * naming it, or a sentence naming it) and records whether they change the dose (a lower
 * dose, a maximum, an interval, an amount) or avoid the drug, with negation
 * ("No dose adjustment", "adjustment not required") read as no change; a population the
 * Contraindications section names avoids the drug there. The query side
 * asks for those records when a query pairs a population with dosing or avoidance words.
 */
#ifndef RX_POPULATION_H
#define RX_POPULATION_H

#include <stddef.h>

enum { RX_POP_HEPATIC, RX_POP_RENAL, RX_POP_ELDERLY, RX_NPOPS };

enum {
    RX_POP_ADJUST = 1 << 0, /* the dose changes: lower, a maximum, an interval, an amount */
    RX_POP_AVOID = 1 << 1   /* avoided, contraindicated, not recommended */
};

/* "hepatic", "renal", "elderly". */
const char *rx__population_name(int pop);

/* The index term of one record after its prefix (RX_PREFIX_POP): "hepatic:adjust" for
 * (RX_POP_HEPATIC, RX_POP_ADJUST). Written into buf; returns its length. The indexer and
 * the query side both spell it here. */
size_t rx__population_term(int pop, unsigned kind, char *buf, size_t size);

/* The folded words that name a population, NULL-terminated. */
const char *const *rx__population_words(int pop);

/* The population a folded word names ("liver" -> RX_POP_HEPATIC), or -1. */
int rx__population_of_word(const char *word, size_t len);

/* The same, given the word after it (or NULL): -1 where that word makes it name something
 * else ("kidney transplant", "older children"). */
int rx__population_before(const char *word, size_t len, const char *next, size_t next_len);

/* ORs into advice[pop] what the lines of one Dosage passage say for each population, or,
 * with contraindications set, which populations the lines of a Contraindications passage
 * name (RX_POP_AVOID). */
void rx__population_scan(const char *text, size_t len, int contraindications,
                         unsigned advice[RX_NPOPS]);

/* Query words: one that asks about a dose ("dose", "adjustment", "reduce", "maximum") or
 * about avoiding a drug ("avoid", "contraindicated", "not" before "recommended"; next is
 * the word after it, or NULL); folded. */
int rx__population_dosing_word(const char *word, size_t len);
int rx__population_avoid_word(const char *word, size_t len, const char *next, size_t next_len);

#endif /* RX_POPULATION_H */
