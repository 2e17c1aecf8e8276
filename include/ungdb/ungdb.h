/* ungdb: the Danish youth-education register engine.
 *
 * This is the umbrella header: the result enum and the error detail that every
 * subsystem uses. Subsystem headers (date.h, cpr.h, csv.h, register.h, gen.h)
 * include it. */
#ifndef UNGDB_UNGDB_H
#define UNGDB_UNGDB_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define UNGDB_VERSION "0.1.0"

/* One result code for the whole library (libuv style). 0 is success. */
typedef enum {
    UNGDB_OK = 0,
    UNGDB_ENOMEM = -1,    /* out of memory */
    UNGDB_EINPUT = -2,    /* bad input value (a row or an argument) */
    UNGDB_EDELIVERY = -3, /* a delivery error: the build stops and writes nothing */
    UNGDB_EIO = -4,       /* a file could not be read or written */
    UNGDB_EUSAGE = -5,    /* wrong use of an API or a command */
    UNGDB_ETOOBIG = -6,   /* an input exceeded a size cap */
    UNGDB_ESTATE = -7,    /* a kept state is missing, damaged or does not fit */
    UNGDB_EINTERNAL = -8, /* a bug: an invariant did not hold */
} ungdb_rc;

/* A static English string naming the code. */
const char *ungdb_strerror(ungdb_rc rc);

/* Detail that a caller can show a person (PostgreSQL's message/detail):
 * which file, which line, which field, what was wrong. Empty strings and
 * line 0 mean "not applicable". Never contains a CPR number or a user id. */
typedef struct ungdb_error {
    char file[512];
    long line;
    char field[64];
    char message[512];
} ungdb_error;

/* Clears `e` (which may be NULL). */
void ungdb_error_clear(ungdb_error *e);

/* Fills `e` (which may be NULL) and returns `rc`, so that a failing path can
 * say `return ungdb_error_set(e, UNGDB_EDELIVERY, path, 0, "extracted", "...")`. */
ungdb_rc ungdb_error_set(ungdb_error *e, ungdb_rc rc, const char *file, long line,
                         const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Formats `e` as one line "file:line: field: message" (parts that are empty
 * are left out) into buf; returns buf. */
const char *ungdb_error_format(const ungdb_error *e, char *buf, size_t size);

#endif
