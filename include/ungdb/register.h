/* The lesson-level register builder (LER-Grundskole), as specified in
 * shared/spec/register.md: weekly roster and schedule deliveries in, four
 * base tables, three relation tables, validation counts and rejects out. */
#ifndef UNGDB_REGISTER_H
#define UNGDB_REGISTER_H

#include "ungdb/ungdb.h"

/* Progress of a long run, reported between files. */
typedef struct ungdb_progress {
    const char *stage;    /* "read", "integrate", "write" */
    const char *delivery; /* delivery name while reading, else NULL */
    size_t done, total;   /* units of the stage (bytes while reading, tables while writing) */
} ungdb_progress;

typedef void (*ungdb_progress_fn)(void *ctx, const ungdb_progress *p);

typedef struct ungdb_register_opts {
    const char *out_dir;        /* required: where the tables are written */
    const char *pupil_register; /* optional CSV: cpr,institution,grade,start,end */
    const char *pseudonym_key;  /* optional key file: pseudonymise cpr and user_id */
    const char *sqlite_path;    /* optional: also write the tables into SQLite */
    const char *state_dir;      /* optional: keep a state that `update` continues */
    ungdb_progress_fn progress;
    void *progress_ctx;
} ungdb_register_opts;

/* One validation count, for summaries. */
typedef struct ungdb_count {
    const char *code;
    uint64_t count;
} ungdb_count;

typedef struct ungdb_register_summary {
    size_t deliveries;
    uint64_t bytes_read;
    uint64_t rows_read;
    uint64_t rows_rejected;
    uint64_t pupils, staff, groups; /* spells written */
    uint64_t pupil_groups;          /* elev_gruppe rows */
    uint64_t lessons;               /* lektion rows */
    uint64_t lesson_groups, lesson_staff;
    ungdb_count counts[24]; /* validation totals by code, largest first */
    size_t ncounts;
} ungdb_register_summary;

/* Builds the register from every non-hidden subdirectory of `deliveries_dir`.
 * On a delivery error returns UNGDB_EDELIVERY with the delivery, file and
 * column in `err`, and writes nothing. */
ungdb_rc ungdb_register_build(const char *deliveries_dir, const ungdb_register_opts *opts,
                              ungdb_register_summary *sum, ungdb_error *err);

/* Adds the deliveries `dirs[0..n)` to the state kept in `state_dir` by an
 * earlier build or update, and rewrites that build's output. The result is
 * byte-identical to a full build over all deliveries. The new deliveries must
 * be extracted after every delivery already in the state. `progress` and
 * `progress_ctx` of opts are used; its paths come from the state. */
ungdb_rc ungdb_register_update(const char *state_dir, const char *const *dirs, size_t n,
                               const ungdb_register_opts *opts, ungdb_register_summary *sum,
                               ungdb_error *err);

#endif
