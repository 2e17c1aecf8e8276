/* db_internal.h - shared by the files of src/db/ only: the connection
 * struct, the statement cache and the migrations table. */
#ifndef UNGDB_DB_INTERNAL_H
#define UNGDB_DB_INTERNAL_H

#include "db.h"

#include <sqlite3.h>

typedef struct db_migration {
    int version;
    const char *what;
    const char *sql;
} db_migration;
extern const db_migration db_migrations[];
extern const size_t db_nmigrations;

/* Every prepared statement has a slot; it is prepared on first use and kept
 * for the life of the connection. */
enum {
    Q_BEGIN,
    Q_COMMIT,
    Q_ROLLBACK,
    Q_READ_BEGIN,
    Q_READ_END,
    Q_SAVEPOINT,
    Q_RELEASE,
    Q_ROLLBACK_TO,
    Q_USER_ADD,
    Q_USER_INST_ADD,
    Q_USER_BY_NAME,
    Q_USER_GET,
    Q_USER_HAS_INST,
    Q_SESSION_ADD,
    Q_SESSION_GET,
    Q_SESSION_DELETE,
    Q_SESSION_EXPIRE,
    Q_AUDIT_ADD,
    Q_AUDIT_LIST,
    Q_INST_LIST_ALL,
    Q_INST_LIST_USER,
    Q_INST_GET,
    Q_GROUPS_LIST,
    Q_GROUP_INST,
    Q_GROUP_MEMBERS,
    Q_LESSONS_LIST,
    Q_LESSON_GET,
    Q_LESSON_FULL,
    Q_LESSON_PUPILS,
    Q_LESSON_GROUPS,
    Q_LESSON_STAFF,
    Q_LESSON_ATTENDANCE,
    Q_PERSON_GET,
    Q_PERSON_FULL,
    Q_PERSON_CPR,
    Q_PERSON_AT_USER_INST,
    Q_PERSON_PUPIL_AT,
    Q_IS_GUARDIAN,
    Q_PERSON_ENROLMENTS,
    Q_CHILDREN,
    Q_ATT_PUT, /* ATT_PUT_SIZES slots: 1, 2, 4, ... rows a statement */
    Q_ATT_PUT_LAST = Q_ATT_PUT + 5,
    Q_PERSON_ATT,
    Q_ATT_EXISTS,
    Q_COMMENT_ADD,
    Q_NOTICE_ADD,
    Q_ASSESS_ADD,
    Q_REPORT_ADD,
    Q_OUTBOX_ADD,
    Q_TASK_ADD,
    Q_REPORTS_LIST,
    Q_OUTBOX_PENDING,
    Q_OUTBOX_ACK,
    Q_TASKS_LIST,
    Q_ASSESS_LIST,
    Q_NOTICES_LIST,
    Q_IMP_INST,
    Q_IMP_PERSON,
    Q_IMP_NAMES,
    Q_IMP_ENROL,
    Q_IMP_GROUP,
    Q_IMP_MEMBER,
    Q_IMP_LESSON,
    Q_IMP_LESSON_GROUP,
    Q_IMP_LESSON_STAFF,
    Q_IMP_RECORD,
    Q_FIND_INST,
    Q_FIND_PERSON,
    Q_FIND_GROUP,
    Q_FIND_LESSON,
    Q_SET_INST,
    Q_SET_RESIDENCE,
    Q_ADD_GUARDIAN,
    Q_ADD_PERSON,
    Q_CASE_PERSON,
    Q_CASE_ENROL,
    Q_CASE_GUARD,
    Q_CASE_ATT,
    Q_CASE_NOTICES,
    Q_CASE_ASSESS,
    Q_CASE_REPORTS,
    Q_CASE_TOLD,
    Q_CASE_STEPS,
    Q_CASE_STU,
    Q_CRIT_GET,
    Q_CRIT_PUT,
    Q_INST_PUPILS_ON,
    Q_INST_DAYS,
    Q_INST_NOTICES,
    Q_PERSON_FACTS,
    Q_ENROL_PLANNED,
    Q_TASK_GET,
    Q_TASK_DONE,
    Q_STEP_ADD,
    Q_MUNI_DUTY,
    Q_MUNI_STU,
    Q_STU_PUT,
    Q_CASE_FGU,
    Q_FGU_ENROL,
    Q_FGU_GET,
    Q_FGU_PUT,
    Q_EVENT_ADD,
    Q_EVENTS_LIST,
    Q_CASE_EVENTS,
    Q_INST_EVENTS,
    Q_ENROL_GET,
    Q_ENROL_FACTS,
    Q_DUTY_FACTS_GET,
    Q_DUTY_FACTS_PUT,
    Q_CASE_DUTY_FACTS,
    Q_DUTY_PERSONS,
    Q_DUTY_ENROL,
    Q_DUTY_STEPS,
    Q_DUTY_DUTYFACTS,
    Q_SPELL_ON,
    Q_INTERRUPTED_ON,
    Q_COUNT
};

struct db {
    sqlite3 *conn;
    char path[512];
    sqlite3_stmt *stmts[Q_COUNT];
};

/* The statement of `slot`, reset and with its bindings cleared; NULL on a
 * preparation error (a bug: the message goes to err via db_fail). */
sqlite3_stmt *db_stmt(db *d, int slot, const char *sql);
/* Fills err from the connection's last error and returns UNGDB_EIO (or
 * UNGDB_EINPUT for a constraint violation). */
ungdb_rc db_fail(db *d, ungdb_error *err, const char *what);
/* Runs s (binding institution_id, from, to) and calls row for each
 * (person, day, kind) row: an institution's notices or participation
 * events between two days. */
ungdb_rc db_institution_dated(db *d, sqlite3_stmt *s, const char *what, int64_t institution_id,
                              const char *from, const char *to, db_notice_fn row, void *ctx,
                              ungdb_error *err);
/* Binds text, or NULL when s is NULL or empty. */
void db_bind_text(sqlite3_stmt *s, int i, const char *s_val);
/* Runs a statement that returns no rows (or ignores them). */
ungdb_rc db_exec_stmt(db *d, sqlite3_stmt *s, ungdb_error *err, const char *what);
/* Copies column i as text into buf (empty for NULL). */
void db_col_text(sqlite3_stmt *s, int i, char *buf, size_t size);
/* The current row as a JSON object: column names as keys; INTEGER -> integer,
 * TEXT -> string, NULL -> null. */
json_t *db_row_json(sqlite3_stmt *s);
/* All rows of a bound statement as a JSON array of objects. */
ungdb_rc db_rows_json(db *d, sqlite3_stmt *s, json_t **out, ungdb_error *err);

ungdb_rc db_savepoint(db *d, ungdb_error *err);
ungdb_rc db_release(db *d, ungdb_error *err);
void db_rollback_to(db *d);

#endif
