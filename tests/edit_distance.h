/* edit_distance.h: the optimal string alignment distance (insert, delete, substitute, swap
 * two neighbours), the plain quadratic way, for checking rx_spell.c's trie walk against. */
#ifndef RX_TEST_EDIT_DISTANCE_H
#define RX_TEST_EDIT_DISTANCE_H

#include <stddef.h>

enum { EDIT_DISTANCE_MAX = 64 }; /* longest string compared */

static inline unsigned edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    static unsigned dp[EDIT_DISTANCE_MAX + 1][EDIT_DISTANCE_MAX + 1];
    if (n > EDIT_DISTANCE_MAX || m > EDIT_DISTANCE_MAX)
        return ~0u;
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            if (!i || !j) {
                dp[i][j] = (unsigned)(i + j);
                continue;
            }
            unsigned v = dp[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (dp[i - 1][j] + 1 < v)
                v = dp[i - 1][j] + 1;
            if (dp[i][j - 1] + 1 < v)
                v = dp[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                dp[i - 2][j - 2] + 1 < v)
                v = dp[i - 2][j - 2] + 1;
            dp[i][j] = v;
        }
    return dp[n][m];
}

#endif /* RX_TEST_EDIT_DISTANCE_H */
