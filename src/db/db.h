/* db.h - the one narrow interface between the case-handling server (and
 * `ungdb import`) and its storage. Nothing outside src/db/ writes SQL.
 *
 * The embedded backend is SQLite in WAL mode with synchronous=FULL; a
 * PostgreSQL backend is to implement this same header. Reads that return
 * lists hand back jansson values (the shape the API sends), writes take
 * typed structs. Every statement is prepared once per connection and bound,
 * never built from values.
 *
 * Threads: a `db` is one connection, used by one thread at a time. Readers
 * borrow connections from a `db_pool`; all writes go through one
 * `db_writer`, which groups the writes of many requests into one
 * transaction (group commit, see writer.c). */
#ifndef UNGDB_DB_H
#define UNGDB_DB_H

#include "ungdb/ungdb.h"

#include <jansson.h>

typedef struct db db;

/* Opens (creating if missing) the store at `path` and brings its schema to
 * the newest version when `migrate` is true (only the first opener should).
 * Sets WAL, synchronous=FULL, foreign keys on. */
ungdb_rc db_open(db **out, const char *path, bool migrate, ungdb_error *err);
void db_close(db *d);
/* The schema version recorded in the store (0 for a new file). */
int db_schema_version(db *d);
/* The newest schema version this build knows. */
int db_schema_latest(void);

/* Transactions for single-threaded users (import, demo, tests). */
ungdb_rc db_begin(db *d, ungdb_error *err);
ungdb_rc db_commit(db *d, ungdb_error *err);
void db_rollback(db *d);
/* One read transaction for several reads on a pool connection: the reads
 * see one snapshot, and SQLite checks the WAL and refills its page cache
 * once (after any commit of the writer it drops its cache at the start of
 * every read transaction, and a statement outside BEGIN is one). End it
 * with db_read_end before the connection goes back to the pool. */
void db_read_begin(db *d);
void db_read_end(db *d);

/* ---- a pool of read connections ---- */
typedef struct db_pool db_pool;
ungdb_rc db_pool_open(db_pool **out, const char *path, int n, ungdb_error *err);
/* Borrows a connection (waits while all are in use); give it back with put. */
db *db_pool_get(db_pool *p);
void db_pool_put(db_pool *p, db *d);
void db_pool_close(db_pool *p);

/* ---- group commit ---- */

/* One write: `fn` runs on the writer's connection inside its own SAVEPOINT
 * of the shared transaction. If it fails, only its own changes are rolled
 * back. `done` is called on the writer thread after the transaction has
 * committed durably (or failed), with rc and err filled in. */
typedef struct db_write db_write;
typedef ungdb_rc (*db_write_fn)(db *d, void *arg, ungdb_error *err);
struct db_write {
    db_write_fn fn;
    void *arg;
    void (*done)(db_write *w);
    void *ctx;
    ungdb_rc rc;
    ungdb_error err;
    db_write *next; /* the queue's link; the writer owns it while queued */
};

typedef struct db_writer db_writer;
typedef struct db_writer_opts {
    size_t max_batch; /* writes in one transaction; 0: 4096 */
    /* called after each commit with the batch size and commit seconds (metrics) */
    void (*on_batch)(void *ctx, size_t n, double seconds);
    void *ctx;
} db_writer_opts;

/* Starts the writer thread on its own connection to `path` (migrated already). */
ungdb_rc db_writer_start(db_writer **out, const char *path, const db_writer_opts *o,
                         ungdb_error *err);
/* Queues `w`; `w` must stay alive until its done callback has run. */
void db_writer_submit(db_writer *wr, db_write *w);
/* Queues a write and waits for it to be committed; returns its rc. */
ungdb_rc db_writer_run(db_writer *wr, db_write_fn fn, void *arg, ungdb_error *err);
/* Finishes the queued writes and stops the thread. */
void db_writer_stop(db_writer *wr);

/* ---- users and sessions ---- */

typedef enum {
    DB_ROLE_NONE = 0,
    DB_ROLE_ADMIN,
    DB_ROLE_STAFF,
    DB_ROLE_CASEWORKER,
    DB_ROLE_PUPIL,
    DB_ROLE_GUARDIAN,
    DB_ROLE_RESEARCHER,
} db_role;
const char *db_role_name(db_role r);
db_role db_role_parse(const char *s);

typedef struct db_user {
    int64_t id;
    char username[65];
    db_role role;
    int64_t person_id; /* pupil, guardian; staff when linked to a roster person; else 0 */
    char municipality[8];
    char pwhash[128];
} db_user;

typedef struct db_user_new {
    const char *username;
    const char *pwhash;
    db_role role;
    int64_t person_id;
    const char *municipality;
    const int64_t *institutions; /* staff: the institutions the user works for */
    size_t ninstitutions;
} db_user_new;

ungdb_rc db_user_add(db *d, const db_user_new *u, int64_t *id, ungdb_error *err);
/* Returns UNGDB_OK and fills `u`, or UNGDB_EINPUT when there is no such user. */
ungdb_rc db_user_by_name(db *d, const char *username, db_user *u);
ungdb_rc db_user_get(db *d, int64_t id, db_user *u);
/* true when the staff user works for the institution */
bool db_user_has_institution(db *d, int64_t user_id, int64_t institution_id);

ungdb_rc db_session_add(db *d, const char *id_hash, int64_t user_id, const char *csrf,
                        const char *created_at, const char *expires_at, ungdb_error *err);
/* Finds a session that has not expired at `now`; UNGDB_EINPUT when none. */
ungdb_rc db_session_get(db *d, const char *id_hash, const char *now, int64_t *user_id,
                        char csrf[65]);
ungdb_rc db_session_delete(db *d, const char *id_hash, ungdb_error *err);
ungdb_rc db_sessions_expire(db *d, const char *now, ungdb_error *err);

/* ---- audit ---- */

typedef struct db_audit {
    const char *at;
    int64_t user_id; /* 0: none */
    const char *role;
    const char *action;
    const char *object;
    const char *subjects; /* comma-separated person ids, or NULL */
    const char *ip;
    const char *outcome;
} db_audit;

ungdb_rc db_audit_add(db *d, const db_audit *a, ungdb_error *err);
/* Newest first; filters may be 0/NULL. `before_id` pages backwards. */
ungdb_rc db_audit_list(db *d, int64_t user_id, int64_t subject, const char *from, const char *to,
                       int64_t before_id, int limit, json_t **out, ungdb_error *err);

/* ---- institutions, groups, lessons, persons ---- */

typedef struct db_institution {
    int64_t id;
    char code[16];
    char kind[16];
    char municipality[8];
} db_institution;

typedef struct db_lesson {
    int64_t id;
    int64_t institution_id;
    char starts_at[20]; /* YYYY-MM-DDTHH:MM local */
    char ends_at[20];
    int minutes;
} db_lesson;

typedef struct db_person {
    int64_t id;
    char birth_date[11]; /* empty when unknown */
    char municipality[8];
} db_person;

/* user_id 0: every institution; else only those the staff user works for. */
ungdb_rc db_institutions_list(db *d, int64_t user_id, json_t **out, ungdb_error *err);
/* UNGDB_EINPUT when not found. */
ungdb_rc db_institution_get(db *d, int64_t id, db_institution *out);
ungdb_rc db_institution_json(db *d, int64_t id, json_t **out, ungdb_error *err);
ungdb_rc db_groups_list(db *d, int64_t institution_id, json_t **out, ungdb_error *err);
/* The group's institution, or UNGDB_EINPUT when there is no such group. */
ungdb_rc db_group_institution(db *d, int64_t group_id, int64_t *institution_id);
/* Members of a group with their membership spells; `on` (may be NULL) keeps those current
 * on that date. */
ungdb_rc db_group_members(db *d, int64_t group_id, const char *on, json_t **out, ungdb_error *err);
/* Lessons of an institution starting in [from, to] (dates, inclusive), each
 * with `mine`: 1 when `staff_person` teaches it (lesson_staff), else 0.
 * `only_mine` keeps those only. staff_person 0: no one's. */
ungdb_rc db_lessons_list(db *d, int64_t institution_id, const char *from, const char *to, int limit,
                         int64_t staff_person, bool only_mine, json_t **out, ungdb_error *err);
ungdb_rc db_lesson_get(db *d, int64_t id, db_lesson *out);
/* The pupils of a lesson: members of its groups on the lesson's date who
 * are enrolled as pupils at the institution on that date. Sorted ids. */
ungdb_rc db_lesson_pupils(db *d, const db_lesson *l, int64_t **ids, size_t *n, ungdb_error *err);
/* The lesson with its groups, staff, pupils and their registrations. */
ungdb_rc db_lesson_json(db *d, int64_t id, json_t **out, ungdb_error *err);
ungdb_rc db_person_get(db *d, int64_t id, db_person *out);
/* The person's CPR number (empty when unknown): only for the youth-database
 * payload, never for logs or answers. */
ungdb_rc db_person_cpr(db *d, int64_t id, char *buf, size_t n);
/* true when the person has a spell (pupil or staff) at an institution of the staff user */
bool db_person_at_user_institution(db *d, int64_t user_id, int64_t person_id);
/* true when the person has a pupil spell at the institution */
bool db_person_pupil_at(db *d, int64_t person_id, int64_t institution_id);
bool db_is_guardian_of(db *d, int64_t guardian_id, int64_t child_id);
/* A person's own data as the API shows it: names, birth date, municipality,
 * enrolments (never the CPR number). */
ungdb_rc db_person_json(db *d, int64_t id, json_t **out, ungdb_error *err);
/* A guardian's children (all of them; the caller applies the age rule). */
ungdb_rc db_children(db *d, int64_t guardian_id, json_t **out, ungdb_error *err);

/* ---- attendance ---- */

typedef struct db_attendance {
    int64_t person_id;
    bool present;
    int absent_minutes;
    int lawful; /* -1 unknown/present, 0 unlawful, 1 lawful */
    const char *reason;
} db_attendance;

/* Writes all registrations of one lesson (replacing earlier ones). */
ungdb_rc db_attendance_put(db *d, int64_t lesson_id, const db_attendance *rows, size_t n,
                           int64_t by_user, const char *now, ungdb_error *err);
/* A person's registrations with lesson times and comments, lessons starting in [from, to]. */
ungdb_rc db_person_attendance(db *d, int64_t person_id, const char *from, const char *to,
                              json_t **out, ungdb_error *err);
/* UNGDB_EINPUT when the person has no registration for the lesson. */
ungdb_rc db_attendance_exists(db *d, int64_t lesson_id, int64_t person_id);
ungdb_rc db_comment_add(db *d, int64_t lesson_id, int64_t person_id, const char *comment,
                        const char *reason, int64_t by_user, const char *now, int64_t *id,
                        ungdb_error *err);

/* ---- cases ---- */

ungdb_rc db_notice_add(db *d, int64_t person_id, int64_t institution_id, const char *kind,
                       const char *given_on, const char *note, int64_t by_user, const char *now,
                       int64_t *id, ungdb_error *err);
ungdb_rc db_assessment_add(db *d, int64_t person_id, int64_t institution_id,
                           const char *assessed_on, bool at_risk, const char *grounds,
                           int64_t by_user, const char *now, int64_t *id, ungdb_error *err);

typedef struct db_report_new {
    int64_t person_id;
    int64_t institution_id; /* 0 for a municipality's own report */
    const char *municipality;
    const char *kind;        /* risk, interruption */
    const char *reported_by; /* institution, municipality */
    int64_t assessment_id;   /* 0: none */
    int64_t notice_id;       /* 0: none */
    const char *reported_on;
    const char *contact;
    int64_t by_user;
    const char *now;
    const char *payload;    /* the outbox JSON */
    const char *task_kind;  /* NULL: no task */
    const char *task_due;   /* date */
    const char *task_basis; /* legal reference of the task */
} db_report_new;
ungdb_rc db_report_add(db *d, const db_report_new *r, int64_t *report_id, int64_t *task_id,
                       ungdb_error *err);
/* Reports about residents of `municipality` (or all when NULL), newest first. */
ungdb_rc db_reports_list(db *d, const char *municipality, int64_t institution_id, int64_t person_id,
                         json_t **out, ungdb_error *err);
ungdb_rc db_outbox_pending(db *d, int limit, json_t **out, ungdb_error *err);
/* Marks outbox entries up to and including `upto_id` collected; *n is how many. */
ungdb_rc db_outbox_ack(db *d, int64_t upto_id, const char *now, int64_t *n, ungdb_error *err);
ungdb_rc db_tasks_list(db *d, int64_t institution_id, json_t **out, ungdb_error *err);
ungdb_rc db_assessments_list(db *d, int64_t person_id, json_t **out, ungdb_error *err);
ungdb_rc db_notices_list(db *d, int64_t person_id, json_t **out, ungdb_error *err);

/* ---- what the rules engine reads (rules_data.c) ---- */

/* Everything the store knows about one person that the rules engine's case
 * form can hold, as one JSON object of raw rows (the server maps it to the
 * case form in src/server/case_build.c): "person" (birth_date, municipality,
 * resident_dk, completed_youth_education, completed_higher_education; never
 * the CPR number or names), "enrolments" (pupil spells with the institution's
 * code and kind), "guardians" (ids), "attendance" (with the lesson's
 * institution, start and minutes and the latest comment), "notices",
 * "assessments", "reports", "guardians_told" (done notify_guardians tasks),
 * "steps" (duty steps), "stu" (the stored STU facts text, or null), "fgu"
 * (rows of enrolment id and the stored FGU facts text), "events"
 * (participation events), "employment" and "activities" (the stored JSON
 * texts; absent when none). Enrolments carry their interruption and
 * announcement columns.
 * UNGDB_EINPUT when there is no such person. */
ungdb_rc db_case_data(db *d, int64_t person_id, json_t **out, ungdb_error *err);

/* An institution's criteria file; UNGDB_EINPUT when none is stored. `text`
 * is malloc'd. */
ungdb_rc db_criteria_get(db *d, int64_t institution_id, char **text, char uploaded_at[24],
                         ungdb_error *err);
ungdb_rc db_criteria_put(db *d, int64_t institution_id, const char *text, int64_t by_user,
                         const char *now, ungdb_error *err);

/* The pupils enrolled at the institution on `on` (spells containing it):
 * person id and spell start, ascending by person. */
typedef struct db_spell {
    int64_t person_id;
    char start[11];
} db_spell;
ungdb_rc db_institution_pupils_on(db *d, int64_t institution_id, const char *on, db_spell **out,
                                  size_t *n, ungdb_error *err);
/* Per pupil and day, the registered lesson minutes at the institution in
 * lessons starting on days [from, to]: planned, lawfully and unlawfully
 * absent minutes; ascending by person, then day. Calls `row` for each. */
typedef void (*db_day_fn)(void *ctx, int64_t person_id, const char *day, int64_t planned,
                          int64_t lawful, int64_t unlawful);
ungdb_rc db_institution_days(db *d, int64_t institution_id, const char *from, const char *to,
                             db_day_fn row, void *ctx, ungdb_error *err);
/* The institution's notices in [from, to], ascending by person and date. */
typedef void (*db_notice_fn)(void *ctx, int64_t person_id, const char *day, const char *kind);
ungdb_rc db_institution_notices(db *d, int64_t institution_id, const char *from, const char *to,
                                db_notice_fn row, void *ctx, ungdb_error *err);

/* The person's completed education and residence facts; -1 leaves a value
 * as it is, 2 sets it unknown (NULL). */
ungdb_rc db_person_facts_set(db *d, int64_t person_id, int completed_youth, int completed_higher,
                             int resident_dk, ungdb_error *err);
/* An enrolment's planned end (NULL/empty: unknown); UNGDB_EINPUT when the
 * enrolment is not the person's. */
ungdb_rc db_enrolment_planned_end(db *d, int64_t person_id, int64_t enrolment_id,
                                  const char *planned_end, ungdb_error *err);

/* A notify_guardians task; UNGDB_EINPUT when none. */
typedef struct db_task {
    int64_t id, person_id, institution_id, report_id;
    char kind[24], due_on[11], done_on[11];
} db_task;
ungdb_rc db_task_get(db *d, int64_t id, db_task *out);
ungdb_rc db_task_done(db *d, int64_t id, const char *done_on, int64_t by_user, ungdb_error *err);

/* ---- the 15-17 duty and STU (rules_data.c) ---- */

typedef struct db_step_new {
    int64_t person_id;
    const char *municipality;
    const char *on, *kind, *note;
    const char *exempt_reason, *exempt_until;
    int guardians_involved, duty_met, efforts_made, alternatives_discussed; /* -1 none */
    int64_t by_user;
    const char *now;
} db_step_new;
ungdb_rc db_step_add(db *d, const db_step_new *s, int64_t *id, ungdb_error *err);
/* Persons resident in `municipality` with a duty step, or an STU case (stu
 * true); ascending ids. */
ungdb_rc db_municipality_cases(db *d, const char *municipality, bool stu, int64_t **ids, size_t *n,
                               ungdb_error *err);
ungdb_rc db_stu_put(db *d, int64_t person_id, const char *municipality, const char *facts,
                    int64_t by_user, const char *now, ungdb_error *err);

/* ---- FGU course facts (fgu.c) ---- */

/* A pupil spell of a person, with its institution's kind. */
typedef struct db_fgu_spell {
    int64_t enrolment_id, institution_id;
    char kind[16];
    char start[11], end[11];
} db_fgu_spell;
/* The person's pupil spell `enrolment_id`; UNGDB_EINPUT when it is not one
 * (err names the field "enrolment"). */
ungdb_rc db_fgu_enrolment(db *d, int64_t person_id, int64_t enrolment_id, db_fgu_spell *out,
                          ungdb_error *err);
/* The stored FGU facts of an enrolment (JSON text, malloc'd) and when they
 * were last changed; UNGDB_EINPUT when none are stored. */
ungdb_rc db_fgu_get(db *d, int64_t enrolment_id, char **facts, char updated_at[24],
                    ungdb_error *err);
/* Stores (replaces) the FGU facts of the spell `e` of `person_id`. */
ungdb_rc db_fgu_put(db *d, const db_fgu_spell *e, int64_t person_id, const char *facts,
                    int64_t by_user, const char *now, ungdb_error *err);

/* ---- facts of version 5 (facts.c) ---- */

/* A participation event (VBK § 36: active participation; the criteria's
 * `events`): kind missing_hand_in, missing_participation, conduct, other. */
ungdb_rc db_event_add(db *d, int64_t person_id, int64_t institution_id, const char *on,
                      const char *kind, const char *note, int64_t by_user, const char *now,
                      int64_t *id, ungdb_error *err);
/* A person's events, newest first: id, institution, date, kind, note, created_at. */
ungdb_rc db_events_list(db *d, int64_t person_id, json_t **out, ungdb_error *err);
/* The institution's events in [from, to], ascending by person and date. */
ungdb_rc db_institution_events(db *d, int64_t institution_id, const char *from, const char *to,
                               db_notice_fn row, void *ctx, ungdb_error *err);

/* true when the person has a pupil spell at the institution holding `on`. */
bool db_pupil_spell_on(db *d, int64_t person_id, int64_t institution_id, const char *on);

/* The latest interruption date, on or before `on`, of the person's pupil
 * spells at the institution into out (empty when none). */
void db_interrupted_on(db *d, int64_t person_id, int64_t institution_id, const char *on,
                       char out[11]);

/* A pupil spell of the person; UNGDB_EINPUT when the enrolment is not one. */
typedef struct db_enrolment {
    int64_t id, institution_id;
    char start[11], end[11], planned_end[11];
    char interrupted_on[11], interruption_reason[24], announced_on[11], announced_kind[24];
    char interruption_note[1024]; /* the API takes at most 1000 bytes */
} db_enrolment;
ungdb_rc db_enrolment_get(db *d, int64_t person_id, int64_t enrolment_id, db_enrolment *out,
                          ungdb_error *err);
/* Sets the facts of a pupil spell that are marked `set_*` (NULL clears):
 * planned end (VBK § 31, stk. 4), interruption (§ 32, nr. 3), announcement
 * of leaving (§ 31). UNGDB_EINPUT when the enrolment is not the person's. */
typedef struct db_enrolment_facts {
    bool set_planned_end, set_interruption, set_announcement;
    const char *planned_end;
    const char *interrupted_on, *interruption_reason, *interruption_note;
    const char *announced_on, *announced_kind;
} db_enrolment_facts;
ungdb_rc db_enrolment_facts_set(db *d, int64_t person_id, int64_t enrolment_id,
                                const db_enrolment_facts *f, ungdb_error *err);

/* The duty order's employment and §§ 5-6 activities of a person, as the
 * JSON arrays of the case form (texts); UNGDB_EINPUT when none are stored.
 * The strings are malloc'd. */
ungdb_rc db_duty_facts_get(db *d, int64_t person_id, char **employment, char **activities,
                           char updated_at[24], ungdb_error *err);
ungdb_rc db_duty_facts_put(db *d, int64_t person_id, const char *municipality,
                           const char *employment, const char *activities, int64_t by_user,
                           const char *now, ungdb_error *err);

/* The raw rows of db_case_data, for every resident of `municipality` born
 * in [born_from, born_to], with only what the duty order's rules read:
 * "person", "enrolments", "steps", "employment", "activities" (an array of
 * objects, ascending by person id). Four queries, whatever the number of
 * persons. */
ungdb_rc db_duty_case_data(db *d, const char *municipality, const char *born_from,
                           const char *born_to, json_t **out, ungdb_error *err);

/* ---- import (single writer, inside db_begin/db_commit) ---- */

ungdb_rc db_import_institution(db *d, const char *code, int64_t *id, ungdb_error *err);
ungdb_rc db_import_person(db *d, const char *user_id, const char *cpr, const char *birth_date,
                          int64_t *id, ungdb_error *err);
ungdb_rc db_import_person_names(db *d, const char *user_id, const char *given, const char *family,
                                ungdb_error *err);
ungdb_rc db_import_enrolment(db *d, int64_t person_id, int64_t institution_id, const char *role,
                             int grade, const char *start, const char *end, ungdb_error *err);
ungdb_rc db_import_group(db *d, int64_t institution_id, const char *code, const char *name,
                         const char *type, const char *start, const char *end, int64_t *id,
                         ungdb_error *err);
ungdb_rc db_import_member(db *d, int64_t group_id, int64_t person_id, const char *start,
                          const char *end, ungdb_error *err);
ungdb_rc db_import_lesson(db *d, int64_t institution_id, const char *code, const char *title,
                          const char *subject, const char *starts_at, const char *ends_at,
                          int minutes, int64_t *id, ungdb_error *err);
ungdb_rc db_import_lesson_group(db *d, int64_t lesson_id, int64_t group_id, ungdb_error *err);
ungdb_rc db_import_lesson_staff(db *d, int64_t lesson_id, int64_t person_id, ungdb_error *err);
ungdb_rc db_import_record(db *d, const char *deliveries, const char *now, const char *summary,
                          ungdb_error *err);
/* Look-ups by natural key (UNGDB_EINPUT when missing). */
ungdb_rc db_find_institution(db *d, const char *code, int64_t *id);
ungdb_rc db_find_person(db *d, const char *user_id, int64_t *id);
ungdb_rc db_find_group(db *d, int64_t institution_id, const char *code, int64_t *id);
ungdb_rc db_find_lesson(db *d, int64_t institution_id, const char *code, int64_t *id);
/* Demo set-up: institution name, kind and municipality; a person's residence; guardians. */
ungdb_rc db_set_institution(db *d, int64_t id, const char *name, const char *kind,
                            const char *municipality, ungdb_error *err);
ungdb_rc db_set_residence(db *d, int64_t person_id, const char *municipality, ungdb_error *err);
ungdb_rc db_add_guardian(db *d, int64_t guardian_id, int64_t child_id, ungdb_error *err);
/* Demo: pupils have completed no youth or higher education; open pupil
 * spells are planned to end on `planned_end`. */
ungdb_rc db_demo_rules_facts(db *d, const char *planned_end, ungdb_error *err);
/* Demo: the staff person of the institution with the most lessons on `day`,
 * else with the most lessons of all; UNGDB_EINPUT when it has no lessons
 * with staff. */
ungdb_rc db_demo_busiest_teacher(db *d, int64_t institution_id, const char *day, int64_t *person,
                                 ungdb_error *err);
ungdb_rc db_add_person(db *d, const char *given, const char *family, const char *birth_date,
                       const char *municipality, int64_t *id, ungdb_error *err);
/* Rows inserted, updated or deleted on this connection so far. */
int64_t db_total_changes(db *d);
/* Counts of rows per table as one JSON object (import summaries, tests). */
ungdb_rc db_counts(db *d, json_t **out, ungdb_error *err);

#endif
