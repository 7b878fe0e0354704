/* test_population.c: what Dosage lines say for special populations (rx_population.h). */
#include "harness.h"
#include "rx_population.h"

#include <string.h>

/* The advice bits one text gives one population. */
static unsigned advice(const char *text, int pop)
{
    unsigned a[RX_NPOPS] = {0};
    rx__population_scan(text, strlen(text), 0, a);
    return a[pop];
}

/* The same for a Contraindications passage. */
static unsigned contraindicated(const char *text, int pop)
{
    unsigned a[RX_NPOPS] = {0};
    rx__population_scan(text, strlen(text), 1, a);
    return a[pop];
}

int main(void)
{
    const unsigned ADJ = RX_POP_ADJUST, AVOID = RX_POP_AVOID;
    /* A label speaks for its population: a change, an amount, a maximum, an interval. */
    INT_EQ(advice("Patients with Hepatic Dysfunction: Reduce the dose.", RX_POP_HEPATIC), ADJ,
           "reduce the dose");
    INT_EQ(advice("Patients with Hepatic Dysfunction: Maximum 40 mg/day in mild impairment.",
                  RX_POP_HEPATIC),
           ADJ, "a maximum");
    INT_EQ(
        advice("Patients with Renal Impairment: CrCl 30-49: 0.5 mg every 48 hours.", RX_POP_RENAL),
        ADJ, "an amount, after a threshold");
    INT_EQ(advice("Patients with Renal Impairment: give 50% of the dose.", RX_POP_RENAL), ADJ,
           "a percentage");
    INT_EQ(advice("Elderly Patients: Use the lowest dose; avoid if possible.", RX_POP_ELDERLY),
           ADJ | AVOID, "both, clause by clause");
    /* Negation: "No adjustment" in any of its forms changes nothing. */
    INT_EQ(advice("Patients with Hepatic Dysfunction: No adjustment.", RX_POP_HEPATIC), 0,
           "no adjustment");
    INT_EQ(advice("Patients with Hepatic Dysfunction: No dose adjustment needed.", RX_POP_HEPATIC),
           0, "no dose adjustment");
    INT_EQ(advice("Patients with Renal Impairment: Dose adjustment is not required.", RX_POP_RENAL),
           0, "negation after the change word");
    INT_EQ(advice("Patients with Renal Impairment: the dose cannot be reduced in the fixed "
                  "combination.",
                  RX_POP_RENAL),
           0, "cannot");
    INT_EQ(advice("Patients with Hepatic Dysfunction: No adjustment; max 40 mg in severe "
                  "impairment.",
                  RX_POP_HEPATIC),
           ADJ, "a negated clause does not cancel the next");
    INT_EQ(advice("Patients with Hepatic Dysfunction: Do not exceed 2 g daily.", RX_POP_HEPATIC),
           ADJ, "'not exceed' is a limit, not a negation");
    /* A rate is a threshold, not a dose; caution and monitoring change nothing. */
    INT_EQ(advice("Patients with Renal Impairment: Use with caution if CrCl is below 30 ml/min.",
                  RX_POP_RENAL),
           0, "ml/min is a rate");
    INT_EQ(advice("Patients with Renal Impairment: Contraindicated if CrCl below 30 ml/min.",
                  RX_POP_RENAL),
           AVOID, "contraindicated");
    INT_EQ(advice("Patients with Hepatic Dysfunction: Not recommended in severe impairment.",
                  RX_POP_HEPATIC),
           AVOID, "not recommended");
    INT_EQ(advice("Patients with Hepatic Dysfunction: Use with caution; monitor liver tests.",
                  RX_POP_HEPATIC),
           0, "caution only");
    /* The label decides whom a line is about; a label naming nobody is skipped. */
    INT_EQ(advice("Elderly Patients: Adjust according to renal function.", RX_POP_RENAL), 0,
           "an elderly line that mentions renal function is not about renal impairment");
    INT_EQ(advice("Elderly Patients: Adjust according to renal function.", RX_POP_ELDERLY), ADJ,
           "it is about the elderly");
    INT_EQ(advice("Adults: 500 mg twice daily; reduce in liver disease.", RX_POP_HEPATIC), 0,
           "an Adults: line speaks for nobody");
    INT_EQ(advice("5-16 years (stable kidney transplant): 400 mg/m2 twice daily.", RX_POP_RENAL), 0,
           "a kidney transplant is an indication, not an impairment");
    INT_EQ(advice("Older children: 2 mg + 5 mg per mL, by age.", RX_POP_ELDERLY), 0,
           "older children are not the elderly");
    INT_EQ(rx__population_before("older", 5, "children", 8), -1, "nor in a query");
    INT_EQ(rx__population_before("older", 5, "patients", 8), RX_POP_ELDERLY, "older patients are");
    /* Unlabelled lines: each clause for the populations it names. */
    INT_EQ(advice("Dose interval is extended in renal impairment; monitor HBV DNA.", RX_POP_RENAL),
           ADJ, "an unlabelled sentence");
    INT_EQ(advice("Single-dose regimens need no renal adjustment.", RX_POP_RENAL), 0,
           "an unlabelled negation");
    INT_EQ(advice("Reduce the dose in the elderly.\nAvoid in cirrhosis.", RX_POP_HEPATIC), AVOID,
           "line by line");
    /* Query words. */
    INT_EQ(rx__population_of_word("liver", 5), RX_POP_HEPATIC, "liver is hepatic");
    INT_EQ(rx__population_of_word("kidneys", 7), RX_POP_RENAL, "kidneys are renal");
    INT_EQ(rx__population_of_word("hepatitis", 9), -1, "hepatitis is a disease, not a population");
    OK(rx__population_dosing_word("adjustment", 10), "adjustment asks about a dose");
    OK(!rx__population_dosing_word("damage", 6), "damage does not");
    OK(rx__population_avoid_word("contraindicated", 15, NULL, 0),
       "contraindicated asks what to avoid");
    OK(rx__population_avoid_word("not", 3, "recommended", 11), "so does not recommended");
    OK(!rx__population_avoid_word("not", 3, "required", 8), "not required does not");
    STR_EQ(rx__population_name(RX_POP_ELDERLY), "elderly", "names");
    char term[32];
    INT_EQ(rx__population_term(RX_POP_HEPATIC, RX_POP_AVOID, term, sizeof term), 13,
           "a record's term");
    STR_EQ(term, "hepatic:avoid", "spelled once for indexer and queries");
    /* A Contraindications list avoids the drug in every population it names. */
    const char *list = "- Hypersensitivity to valsartan.\n"
                       "- Severe hepatic impairment, biliary cirrhosis or cholestasis.\n"
                       "- End-stage renal disease (CrCl below 10 ml/min).";
    INT_EQ(contraindicated(list, RX_POP_HEPATIC), AVOID, "contraindicated: severe hepatic");
    INT_EQ(contraindicated(list, RX_POP_RENAL), AVOID, "contraindicated: end-stage renal");
    INT_EQ(contraindicated(list, RX_POP_ELDERLY), 0, "contraindicated: not the elderly");
    INT_EQ(contraindicated("Dementia-related psychosis in elderly patients.", RX_POP_ELDERLY),
           AVOID, "contraindicated: elderly, in a clause");
    INT_EQ(
        contraindicated("- With aliskiren in diabetes mellitus or renal impairment.", RX_POP_RENAL),
        0, "contraindicated with another drug: not the population");
    INT_EQ(contraindicated("No contraindication in renal impairment.", RX_POP_RENAL), 0,
           "a negated clause");
    INT_EQ(contraindicated("Hepatic Impairment: Child-Pugh C.", RX_POP_HEPATIC), AVOID,
           "a label in a Contraindications list is one more mention");
    INT_EQ(contraindicated("Severe hepatic impairment.", RX_POP_RENAL), 0, "only what it names");
    INT_EQ(advice("Severe hepatic impairment.", RX_POP_HEPATIC), 0,
           "a Dosage line naming a population says nothing by itself");
    return done_testing();
}
