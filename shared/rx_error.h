/* rx_error.h: filling a caller's rx_error (private). */
#ifndef RX_ERROR_H
#define RX_ERROR_H

#include "rx.h"

/* Fills err (when not NULL) and returns code, so callers can `return rx__fail(...)`. */
int rx__fail(rx_error *err, int code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif /* RX_ERROR_H */
