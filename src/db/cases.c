/* cases.c - notices, assessments, reports to the youth database with their
 * outbox entries and tasks. */
#include "db_internal.h"

#include <string.h>

static ungdb_rc insert_id(db *d, sqlite3_stmt *s, int64_t *id, ungdb_error *err, const char *what)
{
    if (!s) return db_fail(d, err, what);
    if (sqlite3_step(s) != SQLITE_ROW) {
        ungdb_rc rc = db_fail(d, err, what);
        sqlite3_reset(s);
        return rc;
    }
    if (id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return UNGDB_OK;
}

ungdb_rc db_notice_add(db *d, int64_t person_id, int64_t institution_id, const char *kind,
                       const char *given_on, const char *note, int64_t by_user, const char *now,
                       int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_NOTICE_ADD,
                              "INSERT INTO notices (person_id, institution_id, kind, given_on, "
                              "note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
                              "RETURNING id");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        sqlite3_bind_int64(s, 2, institution_id);
        sqlite3_bind_text(s, 3, kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, given_on, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 5, note);
        sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 7, by_user);
    }
    return insert_id(d, s, id, err, "notice");
}

ungdb_rc db_assessment_add(db *d, int64_t person_id, int64_t institution_id,
                           const char *assessed_on, bool at_risk, const char *grounds,
                           int64_t by_user, const char *now, int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_ASSESS_ADD,
                              "INSERT INTO assessments (person_id, institution_id, assessed_on, "
                              "at_risk, grounds, created_at, created_by) VALUES (?, ?, ?, ?, ?, "
                              "?, ?) RETURNING id");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        sqlite3_bind_int64(s, 2, institution_id);
        sqlite3_bind_text(s, 3, assessed_on, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 4, at_risk);
        sqlite3_bind_text(s, 5, grounds, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 7, by_user);
    }
    return insert_id(d, s, id, err, "assessment");
}

static void bind_id(sqlite3_stmt *s, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

ungdb_rc db_report_add(db *d, const db_report_new *r, int64_t *report_id, int64_t *task_id,
                       ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_REPORT_ADD,
                              "INSERT INTO reports (person_id, institution_id, municipality, "
                              "kind, reported_by, assessment_id, notice_id, reported_on, "
                              "contact, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, ?) RETURNING id");
    if (s) {
        sqlite3_bind_int64(s, 1, r->person_id);
        bind_id(s, 2, r->institution_id);
        db_bind_text(s, 3, r->municipality);
        sqlite3_bind_text(s, 4, r->kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 5, r->reported_by, -1, SQLITE_TRANSIENT);
        bind_id(s, 6, r->assessment_id);
        bind_id(s, 7, r->notice_id);
        sqlite3_bind_text(s, 8, r->reported_on, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 9, r->contact);
        sqlite3_bind_text(s, 10, r->now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 11, r->by_user);
    }
    int64_t rid = 0;
    ungdb_rc rc = insert_id(d, s, &rid, err, "report");
    if (rc) return rc;
    sqlite3_stmt *o = db_stmt(d, Q_OUTBOX_ADD,
                              "INSERT INTO outbox (report_id, payload, created_at) VALUES (?, "
                              "json_set(?, '$.report', ?), ?) RETURNING id");
    if (o) {
        sqlite3_bind_int64(o, 1, rid);
        sqlite3_bind_text(o, 2, r->payload, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(o, 3, rid);
        sqlite3_bind_text(o, 4, r->now, -1, SQLITE_TRANSIENT);
    }
    if ((rc = insert_id(d, o, NULL, err, "outbox"))) return rc;
    if (task_id) *task_id = 0;
    if (r->task_kind) {
        sqlite3_stmt *t = db_stmt(d, Q_TASK_ADD,
                                  "INSERT INTO tasks (kind, person_id, institution_id, report_id, "
                                  "due_on, legal_basis, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                  "RETURNING id");
        if (t) {
            sqlite3_bind_text(t, 1, r->task_kind, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(t, 2, r->person_id);
            bind_id(t, 3, r->institution_id);
            sqlite3_bind_int64(t, 4, rid);
            sqlite3_bind_text(t, 5, r->task_due, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(t, 6, r->task_basis, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(t, 7, r->now, -1, SQLITE_TRANSIENT);
        }
        if ((rc = insert_id(d, t, task_id, err, "task"))) return rc;
    }
    if (report_id) *report_id = rid;
    return UNGDB_OK;
}

ungdb_rc db_reports_list(db *d, const char *municipality, int64_t institution_id, int64_t person_id,
                         json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(
        d, Q_REPORTS_LIST,
        "SELECT r.id, r.person_id AS person, p.given_name, p.family_name, r.institution_id AS "
        "institution, i.name AS institution_name, r.municipality, r.kind, r.reported_by, "
        "r.assessment_id AS assessment, r.notice_id AS notice, r.reported_on, r.contact, "
        "r.created_at FROM reports r JOIN persons p ON p.id = r.person_id LEFT JOIN "
        "institutions i ON i.id = r.institution_id WHERE (?1 IS NULL OR r.municipality = ?1) "
        "AND (?2 = 0 OR r.institution_id = ?2) AND (?3 = 0 OR r.person_id = ?3) "
        "ORDER BY r.id DESC LIMIT 1000");
    if (s) {
        db_bind_text(s, 1, municipality);
        sqlite3_bind_int64(s, 2, institution_id);
        sqlite3_bind_int64(s, 3, person_id);
    }
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_outbox_pending(db *d, int limit, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_OUTBOX_PENDING,
                              "SELECT id, report_id AS report, payload, created_at FROM outbox "
                              "WHERE collected_at IS NULL ORDER BY id LIMIT ?");
    if (s) sqlite3_bind_int(s, 1, limit);
    ungdb_rc rc = db_rows_json(d, s, out, err);
    if (rc) return rc;
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row)
    {
        json_t *p = json_object_get(row, "payload");
        json_t *parsed = json_is_string(p) ? json_loads(json_string_value(p), 0, NULL) : NULL;
        json_object_set_new(row, "payload", parsed ? parsed : json_null());
    }
    return UNGDB_OK;
}

ungdb_rc db_outbox_ack(db *d, int64_t upto_id, const char *now, int64_t *n, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_OUTBOX_ACK,
                              "UPDATE outbox SET collected_at = ? WHERE collected_at IS NULL AND "
                              "id <= ?");
    if (s) {
        sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, upto_id);
    }
    ungdb_rc rc = db_exec_stmt(d, s, err, "outbox");
    if (!rc && n) *n = sqlite3_changes(d->conn);
    return rc;
}

ungdb_rc db_tasks_list(db *d, int64_t institution_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_TASKS_LIST,
                              "SELECT t.id, t.kind, t.person_id AS person, p.given_name, "
                              "p.family_name, t.report_id AS report, t.due_on, t.status, "
                              "t.legal_basis, t.created_at FROM tasks t JOIN persons p ON p.id = "
                              "t.person_id WHERE t.institution_id = ? ORDER BY t.id DESC LIMIT "
                              "1000");
    if (s) sqlite3_bind_int64(s, 1, institution_id);
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_assessments_list(db *d, int64_t person_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_ASSESS_LIST,
                              "SELECT id, institution_id AS institution, assessed_on, at_risk, "
                              "grounds, created_at FROM assessments WHERE person_id = ? ORDER BY "
                              "id DESC");
    if (s) sqlite3_bind_int64(s, 1, person_id);
    ungdb_rc rc = db_rows_json(d, s, out, err);
    if (rc) return rc;
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row)
    {
        json_t *a = json_object_get(row, "at_risk");
        json_object_set_new(row, "at_risk", json_boolean(json_integer_value(a)));
    }
    return UNGDB_OK;
}

ungdb_rc db_notices_list(db *d, int64_t person_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_NOTICES_LIST,
                              "SELECT id, institution_id AS institution, kind, given_on, note, "
                              "created_at FROM notices WHERE person_id = ? ORDER BY id DESC");
    if (s) sqlite3_bind_int64(s, 1, person_id);
    return db_rows_json(d, s, out, err);
}
