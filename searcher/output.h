/* output.h: rendering results as text or JSON. */
#ifndef RXSEARCH_OUTPUT_H
#define RXSEARCH_OUTPUT_H

#include "rx.h"

#include <stdio.h>

/* Text for people: rank, title, score, then `[Section › Sub] …text…` per snippet, with
 * matches in bold when `tty`, else between « and ». */
void output_text(FILE *f, const rx_results *res, int tty);

/* One JSON object (schema in README.md), on one line when `compact`. Returns 0 or -1. */
int output_json(FILE *f, const rx_results *res, int compact);

/* {"query": q, "error": msg} for --batch, so every input line gets one output line. */
int output_json_error(FILE *f, const char *query, const char *msg);

/* The same, compact, as a malloc'd string (free()), or NULL when out of memory. */
char *output_json_string(const rx_results *res);
char *output_json_error_string(const char *query, const char *msg);

#endif /* RXSEARCH_OUTPUT_H */
