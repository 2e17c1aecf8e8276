/* import.h - `ungdb import`: loads the roster and schedule deliveries of the
 * register spec into the case-handling store (docs/server.md, "Import"). */
#ifndef UNGDB_IMPORT_H
#define UNGDB_IMPORT_H

#include "ungdb/ungdb.h"

#include <stdio.h>

typedef struct import_summary {
    size_t deliveries;
    uint64_t rows_rejected; /* rows the register builder rejected (listed on `rejects`) */
    uint64_t institutions, persons, enrolments, groups, members, lessons, lesson_groups,
        lesson_staff; /* rows read from the built tables */
    uint64_t skipped; /* rows that could not be loaded (no user id) */
    int64_t changed;  /* rows of the store inserted or updated: 0 on a re-import */
} import_summary;

/* Builds the register history of the deliveries (each `dirs[i]` is one
 * delivery directory, or a directory of deliveries) with the register engine
 * and its checks, then upserts institutions, persons, enrolments, groups,
 * members, lessons and their relations into the store at `db_path`, in one
 * transaction. Rejected rows are written to `rejects` (may be NULL) as
 * "delivery/file:line: code: message". Idempotent: importing the same
 * deliveries again changes no row. */
ungdb_rc import_deliveries(const char *db_path, const char *const *dirs, size_t n, FILE *rejects,
                           import_summary *sum, ungdb_error *err);

#endif
