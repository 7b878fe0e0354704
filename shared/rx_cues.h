/* rx_cues.h: cue words that steer a query toward a section (private). */
#ifndef RX_CUES_H
#define RX_CUES_H

#include <stddef.h>

enum { RX_CUE_MAX_WORDS = 64 };

/*
 * Finds the first cue in `words` (folded query words in order): "side effects of X" ->
 * "side_effects", "X in pregnancy" -> "pregnancy", "how does X work" -> "mechanism".
 * Weak cues ("alcohol", "cause", "children") count only when the query names a drug
 * (`names_drug`). Marks the cue's words in is_cue[] (n entries) and returns the section
 * id, or NULL when there is no cue.
 */
const char *rx__cue_section(const char *const *words, size_t n, int names_drug,
                            unsigned char *is_cue);

#endif /* RX_CUES_H */
