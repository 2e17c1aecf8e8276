/* A generator of realistic synthetic deliveries in the register spec's format. */
#ifndef UNGDB_GEN_H
#define UNGDB_GEN_H

#include "ungdb/date.h"

typedef struct ungdb_gen_opts {
    const char *out_dir;        /* a directory of deliveries is written here */
    int institutions;           /* K */
    int pupils_per_institution; /* P */
    int weeks;                  /* W: one delivery per week */
    uint64_t seed;              /* same seed, same bytes */
    double error_rate;          /* share of rows with an injected error, 0..1 */
    ungdb_date first_extracted; /* day number 0 means the default (a Monday in June 2025) */
    void (*progress)(void *ctx, int week, int weeks);
    void *progress_ctx;
} ungdb_gen_opts;

ungdb_rc ungdb_gen(const ungdb_gen_opts *opts, ungdb_error *err);

/* Synthetic attendance for `ungdb rules simulate` (docs/gen.md, "Attendance"):
 * out_dir/attendance.csv, events.csv and notices.csv in the format of
 * docs/rules.md, one row per pupil per school day (two on days with both
 * lawful and unlawful absence), in date order, pupils in a fixed order. */
typedef struct ungdb_gen_attendance_opts {
    const char *out_dir; /* created if missing (not its parents) */
    uint32_t pupils;     /* 1..10,000,000 */
    ungdb_date from, to; /* school days (ungdb_is_school_day) in from..to get rows */
    uint64_t seed;       /* same arguments, same bytes */
    void (*progress)(void *ctx, double done); /* 0..1, may be NULL */
    void *progress_ctx;
} ungdb_gen_attendance_opts;

/* Rows written, per file, for the caller's summary. */
typedef struct ungdb_gen_attendance_stats {
    uint64_t attendance_rows, event_rows, notice_rows;
    uint32_t school_days;
} ungdb_gen_attendance_stats;

ungdb_rc ungdb_gen_attendance(const ungdb_gen_attendance_opts *o, ungdb_gen_attendance_stats *st,
                              ungdb_error *err);

#endif
