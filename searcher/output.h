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

/* One monograph (rxsearch --show): title, path, brands, then each heading once with the
 * passages under it. */
void output_document_text(FILE *f, const rx_document *doc, int tty);

/* {"id", "path", "title", "brands", "is_banned", "parts": [{"section", "heading", "text"}]}
 * (README.md); as a malloc'd compact string for the server. Returns 0 or -1 / NULL. */
int output_document_json(FILE *f, const rx_document *doc, int compact);
char *output_document_json_string(const rx_document *doc);

/* {"query": q, "error": msg} for --batch, so every input line gets one output line. */
int output_json_error(FILE *f, const char *query, const char *msg);

/* The same, compact, as a malloc'd string (free()), or NULL when out of memory. */
char *output_json_string(const rx_results *res);
char *output_json_error_string(const char *query, const char *msg);

#endif /* RXSEARCH_OUTPUT_H */
