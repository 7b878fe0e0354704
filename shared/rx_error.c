/* rx_error.c: status codes and error records. */
#include "rx_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *rx_strerror(int code)
{
    switch (code) {
    case RX_OK:
        return "success";
    case RX_EINVAL:
        return "invalid argument";
    case RX_ENOTFOUND:
        return "not found";
    case RX_EPARSE:
        return "parse error";
    case RX_EQUERY:
        return "bad query";
    case RX_EIO:
        return "input/output error";
    case RX_ENOMEM:
        return "out of memory";
    case RX_ECORRUPT:
        return "index is corrupt";
    case RX_EMODIFIED:
        return "index was modified during the read";
    case RX_ELOCKED:
        return "index is locked by another indexer";
    case RX_EXAPIAN:
        return "Xapian error";
    case RX_EINTERNAL:
        return "internal error";
    default:
        return "unknown error";
    }
}

int rx__fail(rx_error *err, int code, const char *file, int line, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* One line, always: a message built from input text must not break the log format. */
    for (char *p = err->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return code;
}

const char *rx_error_format(const rx_error *err, char *buf, size_t size)
{
    if (!err || !size)
        return buf;
    if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg[0] ? err->msg : rx_strerror(err->code));
    return buf;
}
