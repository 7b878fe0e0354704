/* args.c: option values shared by the command line and the HTTP API. */
#include "args.h"

int parse_count(const char *s, size_t len, unsigned max, unsigned *out)
{
    if (!s || !len)
        return -1;
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
        if (v > max)
            return -1;
    }
    *out = (unsigned)v;
    return 0;
}
