/* error.c - the result enum's strings and the error detail helpers. */
#include "ungdb/ungdb.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ungdb_strerror(ungdb_rc rc)
{
    switch (rc) {
    case UNGDB_OK:
        return "ok";
    case UNGDB_ENOMEM:
        return "out of memory";
    case UNGDB_EINPUT:
        return "bad input";
    case UNGDB_EDELIVERY:
        return "delivery error";
    case UNGDB_EIO:
        return "input/output error";
    case UNGDB_EUSAGE:
        return "wrong usage";
    case UNGDB_ETOOBIG:
        return "input too big";
    case UNGDB_ESTATE:
        return "bad or missing state";
    case UNGDB_EINTERNAL:
        return "internal error";
    }
    return "unknown error";
}

void ungdb_error_clear(ungdb_error *e)
{
    if (e) memset(e, 0, sizeof *e);
}

ungdb_rc ungdb_error_set(ungdb_error *e, ungdb_rc rc, const char *file, long line,
                         const char *field, const char *fmt, ...)
{
    if (!e) return rc;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return rc;
}

const char *ungdb_error_format(const ungdb_error *e, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    if (e->file[0]) {
        n += (size_t)snprintf(buf + n, size - n, "%s", e->file);
        if (n < size && e->line > 0) n += (size_t)snprintf(buf + n, size - n, ":%ld", e->line);
        if (n < size) n += (size_t)snprintf(buf + n, size - n, ": ");
    }
    if (n < size && e->field[0]) n += (size_t)snprintf(buf + n, size - n, "%s: ", e->field);
    if (n < size) snprintf(buf + n, size - n, "%s", e->message);
    return buf;
}
