/* rx_explain.h: why a hit ranked: the terms it matched and what each contributed
 * (private). */
#ifndef RX_EXPLAIN_H
#define RX_EXPLAIN_H

#include "rx.h"
#include "rx_strmap.h"
#include "rx_xapian.h"

/* Query-time weight factor of every term in q: the product of the SCALE factors above it,
 * summed where a term occurs more than once. Terms under a FILTER's or AND_NOT's right
 * side get nothing: they select, they do not score. Values are doubles stored bitwise. */
int rx__explain_factors(const rx_xq *q, rx_strmap *out);

/* Fills hit->explain from the terms hit i of ms matched, most weighty first. */
int rx__explain_hit(rx_hit *hit, rx_xmset *ms, size_t i, rx_strmap *factors, double k1, double b,
                    rx_error *err);

#endif /* RX_EXPLAIN_H */
