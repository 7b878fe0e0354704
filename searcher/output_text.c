/* output_text.c: results for a terminal or a pipe. */
#include "output.h"

#include <string.h>

static void snippet(FILE *f, const rx_snippet *s, int tty)
{
    const char *on = tty ? "\033[1m" : "«", *off = tty ? "\033[0m" : "»";
    fprintf(f, "    [%s] ", s->heading);
    size_t at = 0;
    for (size_t i = 0; i < s->nhighlights; i++) {
        const rx_span *h = &s->highlights[i];
        fwrite(s->text + at, 1, h->offset - at, f);
        fputs(on, f);
        fwrite(s->text + h->offset, 1, h->length, f);
        fputs(off, f);
        at = h->offset + h->length;
    }
    fputs(s->text + at, f);
    fputc('\n', f);
}

/* A query, in quotes unless it has quotes of its own ("cetirizine" in quotes is shown
 * once quoted, not twice). */
static void put_query(FILE *f, const char *before, const char *q, const char *after)
{
    const char *mark = strchr(q, '"') ? "" : "\"";
    fprintf(f, "%s%s%s%s%s", before, mark, q, mark, after);
}

void output_text(FILE *f, const rx_results *res, int tty)
{
    if (res->corrected) {
        put_query(f, "Showing results for ", res->suggestion, "");
        put_query(f, " instead of ", res->query, "\n");
    } else if (res->suggestion) {
        put_query(f, "Did you mean ", res->suggestion, "?\n");
    }
    if (res->nhits == 0) {
        put_query(f, "No results for ", res->query, "\n");
        return;
    }
    fprintf(f, "About %llu result%s\n\n", (unsigned long long)res->total,
            res->total == 1 ? "" : "s");
    for (size_t i = 0; i < res->nhits; i++) {
        const rx_hit *h = &res->hits[i];
        fprintf(f, "%u. %s%s%s  (score %.2f)%s\n", h->rank, tty ? "\033[1m" : "", h->title,
                tty ? "\033[0m" : "", h->score, h->is_banned ? "  [banned]" : "");
        fprintf(f, "    %s", h->path);
        if (h->nbrands) {
            fputs("  brands: ", f);
            for (size_t b = 0; b < h->nbrands; b++)
                fprintf(f, "%s%s", b ? ", " : "", h->brands[b]);
        }
        fputc('\n', f);
        for (size_t k = 0; k < h->nsnippets; k++)
            snippet(f, &h->snippets[k], tty);
        if (h->nexplain) {
            fputs("    why:", f);
            for (size_t k = 0; k < h->nexplain && k < 12; k++)
                fprintf(f, "%s %s [%s] %.2f", k ? "," : "", h->explain[k].term, h->explain[k].field,
                        h->explain[k].weight);
            fputc('\n', f);
        }
        fputc('\n', f);
    }
}

void output_document_text(FILE *f, const rx_document *doc, int tty)
{
    fprintf(f, "%s%s%s%s\n    %s", tty ? "\033[1m" : "", doc->title, tty ? "\033[0m" : "",
            doc->is_banned ? "  [banned]" : "", doc->path);
    if (doc->nbrands) {
        fputs("  brands: ", f);
        for (size_t b = 0; b < doc->nbrands; b++)
            fprintf(f, "%s%s", b ? ", " : "", doc->brands[b]);
    }
    fputc('\n', f);
    const char *heading = NULL;
    for (size_t k = 0; k < doc->nparts; k++) {
        const rx_document_part *p = &doc->parts[k];
        if (!heading || strcmp(heading, p->heading) != 0)
            fprintf(f, "\n%s[%s]%s\n", tty ? "\033[1m" : "", p->heading, tty ? "\033[0m" : "");
        heading = p->heading;
        fprintf(f, "%s\n", p->text);
    }
}
