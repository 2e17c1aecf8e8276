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
    const char *dictionary;     /* optional: the subject dictionary file (classify.h);
                                   NULL: the built-in one for build, the one the
                                   state recorded for update */
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
    /* Subjects (spec § 7): every lesson's title classified, each distinct
     * title once. */
    uint64_t titles;        /* distinct titles of the lessons written */
    uint64_t titles_anden;  /* of them classified anden */
    uint64_t lessons_anden; /* lektion rows whose subject is anden */
    char dictionary[600];   /* the dictionary used: a path or "data/subjects.tsv (built in)" */
    char dictionary_sha256[65];
    bool dictionary_changed; /* update: the state was built with another dictionary (or
                                before subjects were classified); every lesson is
                                classified with the new one */
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

/* ---- hours against the norm (register spec § 9) ---- */

/* The grades of the register (0-10) and the number of institutions' percent
 * values the summary can hand back for a chart. */
#define UNGDB_HOURS_GRADES 11

typedef struct ungdb_hours_opts {
    const char *register_dir; /* required: a built register (elev.csv, elev_gruppe.csv,
                                 gruppe_lektion.csv, lektion.csv) */
    int school_year;          /* the year of its 1 August; 0: the school year in which
                                 the register's memberships cover the most school days */
    int32_t from, to;         /* day numbers limiting the period; INT32_MIN / INT32_MAX:
                                 not given (taken from the register) */
    const char *csv_path;     /* required: the table is written here */
    const char *svg_path;     /* optional: the chart is written here */
} ungdb_hours_opts;

typedef struct ungdb_hours_summary {
    int school_year;
    int32_t from, to;                  /* the period measured (day numbers) */
    int school_days, school_days_year; /* of the period, of the whole school year */
    uint64_t pupils;                   /* distinct pupils in grades 0-9 present in the period */
    double fte_pupils;                 /* their pupil school days / school days of the period */
    uint64_t lessons;                  /* lektion.csv rows read */
    uint64_t pupil_lessons;            /* pupil-lessons counted */
    uint64_t pupil_minutes;
    uint64_t memberships_without_pupil; /* elev_gruppe rows with no elev row of that person
                                           at that institution (not counted) */
    uint64_t unattributed_lessons;      /* pupil-lessons on a day without a pupil spell (not
                                           counted) */
    uint64_t dangling_links;            /* gruppe_lektion rows of pupils' groups whose lesson
                                           is not in lektion.csv (not counted) */
    size_t institutions;                /* judged: with pupils in grades 0-9 in the period */
    size_t in_band;                     /* of those, 85-115 % of the norm */
    double pct_min, pct_q1, pct_median, pct_q3, pct_max; /* over judged institutions */
    double grade_median[UNGDB_HOURS_GRADES];             /* median percent of the institutions that
                                                            have the grade; < 0 when none (and 10) */
    size_t grade_institutions[UNGDB_HOURS_GRADES];
} ungdb_hours_summary;

/* Reads the register in opts->register_dir, computes per institution and
 * grade the average scheduled hours per pupil per subject and in total,
 * compares them with the annual minimum of folkeskoleloven § 14 b, stk. 1,
 * pro-rated to the school days of the period, and writes the table (and the
 * chart). See docs/hours.md. Bad input gives UNGDB_EINPUT or UNGDB_EIO with
 * the file, line and column in `err`; nothing is written then. */
ungdb_rc ungdb_register_hours(const ungdb_hours_opts *opts, ungdb_hours_summary *sum,
                              ungdb_error *err);

#endif
