/* Replaying an institution's dropout-risk criteria over historical
 * attendance: `ungdb rules simulate` (docs/rules.md, "Simulating criteria").
 *
 * The guidance on reporting pupils at risk of dropout to Ungedatabasen
 * (seed 000, section 3 "Anbefalinger til uddannelsesinstitution")
 * recommends that the institution set up concrete criteria from its conduct
 * rules and evaluate them continuously. A simulation answers "how many
 * pupils would these criteria have proposed, week by week?" from the
 * attendance the institution already has. A flag only proposes a candidate:
 * a person makes the concrete assessment (vejledningsbekendtgørelsen § 36).
 *
 * Input: a directory with attendance.csv and optionally events.csv and
 * notices.csv (format in docs/rules.md, "Attendance files"). Pupils are
 * opaque ids (pseudonyms); a CPR number as a pupil id is rejected.
 *
 * Each ISO week from the one holding `from` to the one holding `to` is
 * evaluated once, on its Sunday, with ungdb_criteria_eval over the pupil's
 * series: the windows then cover whole registered weeks. */
#ifndef UNGDB_SIMULATE_H
#define UNGDB_SIMULATE_H

#include "ungdb/rules.h"

/* The files of an attendance directory, in this order in the result. */
typedef enum {
    UNGDB_SIM_ATTENDANCE = 0, /* attendance.csv (required) */
    UNGDB_SIM_EVENTS = 1,     /* events.csv (optional) */
    UNGDB_SIM_NOTICES = 2,    /* notices.csv (optional) */
} ungdb_sim_file;
#define UNGDB_SIM_FILES 3

/* The input as buffers (for tests and fuzzing; ungdb_simulate reads a
 * directory). A NULL buffer is an absent file (attendance is required). */
typedef struct ungdb_sim_input {
    const char *data[UNGDB_SIM_FILES];
    size_t size[UNGDB_SIM_FILES];
    const char *name[UNGDB_SIM_FILES]; /* shown in messages; NULL: the plain file name */
} ungdb_sim_input;

typedef struct ungdb_sim_opts {
    ungdb_date from, to; /* the weeks holding these days (from <= to) */
    int threads;         /* 0: the number of cores, at most 8; 1 for small input */
    size_t keep_rejects; /* rejected rows kept per file with their message; 0: 1000 */
    size_t min_part;     /* attendance bytes per thread at least; 0: 4 MiB (tests use 1) */
} ungdb_sim_opts;

/* A rejected row: never dropped silently. Messages never hold a pupil id. */
typedef struct ungdb_sim_reject {
    uint8_t file; /* ungdb_sim_file */
    long line;
    char field[24];
    char message[136];
} ungdb_sim_reject;

typedef struct ungdb_sim_file_stats {
    char name[256]; /* as shown in messages */
    bool present;
    uint64_t rows;            /* data rows read (header not counted) */
    uint64_t rejected;        /* of which rejected */
    uint64_t outside;         /* valid rows dated outside the days the replay uses */
    ungdb_date first, last;   /* earliest and latest valid date; NONE when no rows */
    char unused_columns[256]; /* header columns not read, comma-separated, or "" */
} ungdb_sim_file_stats;

typedef struct ungdb_sim_week {
    ungdb_date monday;
    uint32_t active;     /* pupils with lesson minutes in the week */
    uint32_t flagged;    /* pupils with at least min_hits criteria hit on its Sunday */
    uint32_t newly;      /* of those, flagged for the first time in the replay */
    uint32_t cumulative; /* pupils flagged in this or an earlier week of the replay */
    uint32_t hits[UNGDB_CRITERIA_MAX]; /* pupils each criterion hit on its Sunday */
} ungdb_sim_week;

typedef struct ungdb_sim_result {
    size_t nweeks;
    ungdb_sim_week *weeks;
    ungdb_date read_from; /* the first day used: the longest window back from the first Sunday */
    ungdb_date read_to;   /* the last day used: the last Sunday */
    uint64_t pupils;      /* distinct pupils in the files */
    ungdb_sim_file_stats files[UNGDB_SIM_FILES];
    uint64_t rejected;         /* rows rejected, all files */
    ungdb_sim_reject *rejects; /* the first keep_rejects of them, by file and line */
    size_t nrejects;
    int threads; /* threads used */
} ungdb_sim_result;

/* Replays `cr` over the directory `dir` (attendance.csv, events.csv,
 * notices.csv). Bad rows are rejected (counted, the first ones kept in the
 * result) and the replay goes on without them; a missing attendance.csv, a
 * missing or doubled column, or an unreadable file is an error (err names the
 * file, line and column). On success *out must be freed with
 * ungdb_sim_result_free. */
ungdb_rc ungdb_simulate(const ungdb_criteria *cr, const char *dir, const ungdb_sim_opts *opt,
                        ungdb_sim_result **out, ungdb_error *err);

/* The same over buffers. */
ungdb_rc ungdb_simulate_mem(const ungdb_criteria *cr, const ungdb_sim_input *in,
                            const ungdb_sim_opts *opt, ungdb_sim_result **out, ungdb_error *err);

void ungdb_sim_result_free(ungdb_sim_result *r);

/* The ISO week of a date: *year (ISO year) and the week number 1-53. */
void ungdb_iso_week(ungdb_date d, int *year, int *week);

/* The plain names of the files. */
const char *ungdb_sim_file_name(ungdb_sim_file f);

#endif
