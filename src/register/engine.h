/* engine.h - the register engine's private state and the functions that
 * the files of src/register/ share. See src/register/README.md for the tour.
 *
 * Everything the engine keeps between deliveries lives in `reg_state`, in
 * flat containers (store.h) so that it can be kept in a state file and
 * continued by `register update`. */
#ifndef UNGDB_REGISTER_ENGINE_H
#define UNGDB_REGISTER_ENGINE_H

#include "ungdb/classify.h"
#include "ungdb/csv.h"
#include "ungdb/date.h"
#include "ungdb/register.h"
#include "store.h"

#define NONE UINT32_MAX

/* The delivery files (register spec § 1), in the order they are read. */
enum reg_file {
    F_PERSONS,
    F_ROLES,
    F_GROUPS,
    F_MEMBERS,
    F_LESSONS,
    F_LESSON_GROUPS,
    F_LESSON_STAFF,
    F_NFILES,
    F_PUPIL_REGISTER = F_NFILES, /* the --pupil-register file */
};
extern const char *const reg_file_name[F_NFILES];

/* Validation codes (register spec § 6). */
enum reg_vcode {
    V_CPR_MISSING,
    V_CPR_INVALID,
    V_PUPIL_WITHOUT_GROUP,
    V_MAIN_GROUP_COUNT,
    V_PUPIL_OVERLAP,
    V_LESSON_WITHOUT_GROUP,
    V_LESSON_WITHOUT_STAFF,
    V_STAFF_WITHOUT_USER_ID,
    V_LESSON_OUTSIDE_DAY,
    V_LESSON_OUTSIDE_WINDOW,
    V_INSTITUTION_MISSING,
    V_COUNT_JUMP,
    V_LESSON_GROUP_UNKNOWN,
    V_LESSON_STAFF_NOT_AFFILIATED,
    V_NCODES
};
extern const char *const reg_vcode_name[V_NCODES];

/* Reject codes (register spec § 8). */
enum reg_rcode {
    R_CSV_SYNTAX,
    R_ENCODING,
    R_FIELD_COUNT,
    R_MISSING_VALUE,
    R_BAD_USER_ID,
    R_BAD_INSTITUTION,
    R_BAD_ROLE,
    R_BAD_GRADE,
    R_BAD_TYPE,
    R_BAD_GROUP_ID,
    R_BAD_LESSON_ID,
    R_BAD_DATETIME,
    R_BAD_TIME,
    R_DUPLICATE,
    R_UNKNOWN_LESSON,
    R_BAD_CPR,
    R_BAD_DATE,
    R_BAD_PERIOD,
    R_NCODES
};
extern const char *const reg_rcode_name[R_NCODES];

/* Roles and group types, in the spec's order. */
enum { ROLE_PUPIL, ROLE_TEACHER, ROLE_PEDAGOGUE, ROLE_LEADER, ROLE_ADMIN, ROLE_OTHER, ROLE_N };
extern const char *const reg_role_name[ROLE_N];
enum { GT_MAIN, GT_YEAR, GT_TEAM, GT_ELECTIVE, GT_OTHER, GT_N };
extern const char *const reg_type_name[GT_N];

typedef struct reg_delivery {
    uint32_t name;               /* string id of the directory name */
    int32_t extracted, from, to; /* day numbers */
} reg_delivery;

typedef struct reg_inst {
    int32_t code;         /* the 6-digit number */
    uint32_t last_cover;  /* last delivery that roster-covered it, or NONE */
    uint32_t prev_cover;  /* the covering delivery before last_cover, or NONE */
    uint32_t last_pupils; /* distinct pupils at last_cover */
    uint32_t last_sched;  /* last delivery that schedule-covered it, or NONE */
} reg_inst;

/* A person: the cpr of the latest listing. */
typedef struct reg_person {
    uint32_t user;   /* string id of user_id */
    uint32_t cpr;    /* string id of the output value: 10 digits, or empty */
    uint32_t seen_d; /* last delivery whose persons.csv listed it */
    uint32_t pos;    /* its row's position among the accepted rows of that file */
} reg_person;

/* A roster fact (spec § 2): pupil (user, inst, grade), staff (user, inst,
 * role), member (user, group) or group (inst, group_id). */
typedef struct reg_fact {
    uint32_t user;         /* string id; unused for groups */
    uint32_t inst;         /* institution index */
    uint32_t attr;         /* grade, role, group index (members) or group_id string (groups) */
    uint32_t cur;          /* its latest spell, or NONE */
    uint32_t seen_d;       /* last delivery in which it was present, or NONE */
    uint32_t pos;          /* its row's position among the accepted rows of that file */
    uint32_t name;         /* groups: name of the latest delivery */
    uint8_t type;          /* groups: type of the latest delivery */
    uint8_t in_groups_csv; /* groups: present in some groups.csv */
} reg_fact;

/* A maximal run of consecutive covering deliveries in which a fact is present. */
typedef struct reg_spell {
    uint32_t fact;
    uint32_t first_d, last_d; /* deliveries of the first and last presence */
    uint32_t prev;            /* the fact's previous spell, or NONE */
} reg_spell;

enum { K_PUPIL, K_STAFF, K_MEMBER, K_GROUP, K_N };

typedef struct reg_lesson {
    uint32_t inst, lesson_id, title;
    int32_t start, end; /* minutes since 1970-01-01T00:00, local time */
    uint32_t last_d;    /* delivery of its latest version */
    uint32_t dpos;      /* its position in its delivery's lessons.csv order */
    uint16_t nrels;     /* relation rows of its latest version (saturating; for rel_garbage) */
    uint16_t unused;
} reg_lesson;
_Static_assert(sizeof(reg_lesson) == 32, "a lesson is 32 bytes: there are tens of millions");

typedef struct reg_cover {
    uint32_t inst, d;
} reg_cover;

typedef struct reg_rel {
    uint32_t lesson, other; /* group index, or user string id */
    uint32_t d;
} reg_rel;

typedef struct reg_count {
    uint32_t d, inst; /* NONE: the whole build / no institution */
    uint32_t code;
    uint64_t count;
} reg_count;

typedef struct reg_reject {
    uint32_t d; /* NONE for the pupil register */
    uint32_t file;
    uint64_t line;
    uint32_t code;
    uint32_t message; /* string id */
} reg_reject;

/* Deliveries repeat most rows of the previous one in the same order: the
 * row expected next is checked before any hashing (ingest.c). Only a speed-up:
 * results are the same without it, so it is not kept in the state file. */
typedef struct reg_predictor {
    vec prev, cur;   /* uint32_t handles of accepted rows, in file order */
    uint32_t prev_d; /* the delivery of prev, or NONE */
    size_t next;     /* index in prev of the row expected next */
} reg_predictor;

/* A small direct-mapped cache in front of the string pool for the values
 * that repeat row after row (relation rows' group and user ids, titles), with
 * one institution-dependent value (the group index) beside the string id.
 * Only a speed-up, not kept in the state file. */
#define REG_ICACHE 4096
typedef struct reg_icache_ent {
    uint64_t h;      /* hash_bytes of the value */
    uint32_t id;     /* its string id, or NONE */
    uint32_t inst;   /* the institution of aux */
    uint32_t aux;    /* the group (inst, id), or NONE */
    uint32_t unused; /* (padding) */
} reg_icache_ent;

typedef struct reg_state {
    strpool str;
    vec deliveries; /* reg_delivery, in extracted order */
    vec insts;      /* reg_inst */
    u64map inst_of_code;
    vec persons; /* reg_person */
    u64map person_of_user;
    vec facts[K_N]; /* reg_fact */
    u64map fact_of_key[K_N];
    vec spells[K_N];                 /* reg_spell */
    vec covers;                      /* reg_cover: roster coverage, in delivery order */
    vec scheds;                      /* reg_cover: schedule coverage, in delivery order */
    vec lessons;                     /* reg_lesson */
    idxmap lesson_of_key;            /* (inst, lesson_id) */
    vec lesson_groups, lesson_staff; /* reg_rel */
    size_t rel_garbage;              /* relation rows of replaced versions */
    vec counts;                      /* reg_count */
    u64map count_of_key;
    vec rejects; /* reg_reject */
    uint64_t rows_read, bytes_read;
    int32_t last_code; /* a one-entry cache of inst_of_code (rows come by institution) */
    uint32_t last_inst;
    /* Per-delivery scratch maps, kept (not in the state file) so that their
     * capacity is reused from one delivery to the next. */
    u64map scratch_pupils;
    vec scratch[5];           /* the vectors of ingest.c's per-delivery scratch */
    reg_icache_ent *icache;   /* REG_ICACHE entries, or NULL */
    size_t rel_prev_start[2]; /* where the last delivery's relation rows begin (ingest.c) */
    reg_predictor pred[F_NFILES];
} reg_state;

ungdb_rc reg_state_init(reg_state *st);
void reg_state_release(reg_state *st);
ungdb_rc reg_state_save(const reg_state *st, const char *path, ungdb_error *err);
ungdb_rc reg_state_load(reg_state *st, const char *path, ungdb_error *err);

/* A delivery checked before any row is read (ingest.c). */
typedef struct reg_pending {
    char *dir;  /* path of the delivery directory */
    char *name; /* its base name */
    int32_t extracted, from, to;
    bool has_schedule;
} reg_pending;

/* Lists the deliveries under `dir` (every non-hidden subdirectory), reads
 * their manifests, checks their files and headers; sorted by extracted. */
ungdb_rc reg_scan_dir(const char *dir, reg_pending **out, size_t *n, ungdb_error *err);
/* Checks one delivery directory. */
ungdb_rc reg_scan_one(const char *dir, reg_pending *p, ungdb_error *err);
void reg_pending_free(reg_pending *p, size_t n);
/* Parses and checks the rows of deliveries ps[0..n) in reading order, on a
 * thread of its own, ahead of reg_ingest (ingest.c); ps must outlive it. */
typedef struct reg_reader reg_reader;
ungdb_rc reg_reader_start(reg_reader **out, const reg_pending *ps, size_t n);
void reg_reader_stop(reg_reader *rd); /* also after an error; NULL is fine */
/* Reads one checked delivery into the state: the next one of the reader's. */
ungdb_rc reg_ingest(reg_state *st, const reg_pending *p, reg_reader *rd, ungdb_error *err);

/* Adds to a validation count. inst may be NONE. */
ungdb_rc reg_count_add(reg_state *st, uint32_t d, uint32_t inst, int code, uint64_t by);
ungdb_rc reg_reject_add(reg_state *st, uint32_t d, uint32_t file, uint64_t line, int code,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Writes every output table into out_dir (write.c). */
typedef struct reg_output_opts {
    const ungdb_subjects *subjects; /* classifies lektion.csv's subject */
    const char *pupil_register;
    const unsigned char *key; /* NULL: no pseudonymisation */
    size_t keylen;
} reg_output_opts;
ungdb_rc reg_write(reg_state *st, const char *out_dir, const reg_output_opts *o,
                   ungdb_register_summary *sum, ungdb_progress_fn fn, void *ctx, ungdb_error *err);

/* Copies the CSV tables of out_dir into a new SQLite file (sqlite.c). */
ungdb_rc reg_write_sqlite(const char *out_dir, const char *path, ungdb_error *err);

/* Diagnostics: with UNGDB_TIMING set in the environment, phases of a build
 * print their elapsed and CPU seconds to stderr (build.c). */
void reg_timing(const char *phase);

/* The base name of a path (a pointer into it). */
const char *reg_basename(const char *path);

#endif
