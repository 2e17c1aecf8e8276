/* rules_data.c - what the rules engine reads from the store (a person's
 * rows for the case form, an institution's attendance per pupil and day for
 * its criteria), the criteria files, the person facts the rules need, the
 * guardians' tasks, the municipality's duty steps and STU facts (and the
 * FGU facts of a person's enrolments, stored by fgu.c). */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ungdb_rc rows_into(db *d, json_t *o, const char *key, sqlite3_stmt *s, int64_t id,
                          ungdb_error *err)
{
    if (s) sqlite3_bind_int64(s, 1, id);
    json_t *rows = NULL;
    ungdb_rc rc = db_rows_json(d, s, &rows, err);
    if (!rc) json_object_set_new(o, key, rows);
    return rc;
}

/* The lists of a person's case (db_case_data): key, statement, SQL with the
 * person's id as its one parameter. */
static const struct {
    const char *key;
    int slot;
    const char *sql;
} case_lists[] = {
    {"enrolments", Q_CASE_ENROL,
     "SELECT e.id, e.institution_id AS institution, i.code AS institution_code, i.kind AS "
     "institution_kind, e.start_date, e.end_date, e.planned_end, e.interrupted_on, "
     "e.interruption_reason, e.interruption_note, e.announced_on, e.announced_kind FROM "
     "enrolments e JOIN institutions i ON i.id = e.institution_id WHERE e.person_id = ? AND "
     "e.role = 'pupil' ORDER BY e.start_date, e.id"},
    {"guardians", Q_CASE_GUARD,
     "SELECT guardian_id AS id FROM guardians WHERE child_id = ? ORDER BY guardian_id"},
    {"attendance", Q_CASE_ATT,
     "SELECT a.lesson_id AS lesson, l.institution_id AS institution, l.starts_at, l.minutes, "
     "a.absent_minutes, a.lawful, a.reason, a.registered_at, (SELECT c.comment FROM "
     "attendance_comments c WHERE c.lesson_id = a.lesson_id AND c.person_id = a.person_id ORDER "
     "BY c.id DESC LIMIT 1) AS comment FROM attendance a JOIN lessons l ON l.id = a.lesson_id "
     "WHERE a.person_id = ? ORDER BY l.starts_at, a.lesson_id"},
    {"notices", Q_CASE_NOTICES,
     "SELECT id, institution_id AS institution, kind, given_on, note FROM notices WHERE "
     "person_id = ? ORDER BY given_on, id"},
    {"assessments", Q_CASE_ASSESS,
     "SELECT id, institution_id AS institution, assessed_on, at_risk FROM assessments WHERE "
     "person_id = ? ORDER BY assessed_on, id"},
    {"reports", Q_CASE_REPORTS,
     "SELECT id, institution_id AS institution, kind, reported_by, assessment_id AS assessment, "
     "reported_on, contact FROM reports WHERE person_id = ? ORDER BY reported_on, id"},
    {"guardians_told", Q_CASE_TOLD,
     "SELECT id, report_id AS report, done_on FROM tasks WHERE person_id = ? AND kind = "
     "'notify_guardians' AND done_on IS NOT NULL ORDER BY done_on, id"},
    {"steps", Q_CASE_STEPS,
     "SELECT id, step_on, kind, note, exempt_reason, exempt_until, guardians_involved, duty_met, "
     "efforts_made, alternatives_discussed FROM duty_steps WHERE person_id = ? ORDER BY step_on, "
     "id"},
    {"events", Q_CASE_EVENTS,
     "SELECT id, institution_id AS institution, event_on, kind, note FROM participation_events "
     "WHERE person_id = ? ORDER BY event_on, id"},
    {"fgu", Q_CASE_FGU,
     "SELECT enrolment_id AS enrolment, facts FROM fgu_facts WHERE person_id = ? ORDER BY "
     "enrolment_id"},
};

ungdb_rc db_case_data(db *d, int64_t person_id, json_t **out, ungdb_error *err)
{
    *out = NULL;
    sqlite3_stmt *p = db_stmt(d, Q_CASE_PERSON,
                              "SELECT id, birth_date, municipality, resident_dk, "
                              "completed_youth_education, completed_higher_education FROM "
                              "persons WHERE id = ?");
    if (!p) return db_fail(d, err, "case");
    sqlite3_bind_int64(p, 1, person_id);
    int r = sqlite3_step(p);
    json_t *person = r == SQLITE_ROW ? db_row_json(p) : NULL;
    sqlite3_reset(p);
    if (!person) return r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "case");
    json_t *o = json_pack("{s:o}", "person", person);
    if (!o) return UNGDB_ENOMEM;
    ungdb_rc rc = UNGDB_OK;
    for (size_t i = 0; !rc && i < sizeof case_lists / sizeof case_lists[0]; i++)
        rc = rows_into(d, o, case_lists[i].key, db_stmt(d, case_lists[i].slot, case_lists[i].sql),
                       person_id, err);
    if (!rc) {
        sqlite3_stmt *s = db_stmt(d, Q_CASE_DUTY_FACTS,
                                  "SELECT employment, activities FROM duty_facts WHERE person_id "
                                  "= ?");
        if (!s) {
            rc = db_fail(d, err, "case");
        } else {
            sqlite3_bind_int64(s, 1, person_id);
            int k = sqlite3_step(s);
            if (k == SQLITE_ROW) {
                json_object_set_new(o, "employment",
                                    json_string((const char *)sqlite3_column_text(s, 0)));
                json_object_set_new(o, "activities",
                                    json_string((const char *)sqlite3_column_text(s, 1)));
            } else if (k != SQLITE_DONE) {
                rc = db_fail(d, err, "case");
            }
            sqlite3_reset(s);
        }
    }
    if (!rc) {
        sqlite3_stmt *s =
            db_stmt(d, Q_CASE_STU, "SELECT facts, updated_at FROM stu_cases WHERE person_id = ?");
        if (!s) {
            rc = db_fail(d, err, "case");
        } else {
            sqlite3_bind_int64(s, 1, person_id);
            int k = sqlite3_step(s);
            json_object_set_new(o, "stu",
                                k == SQLITE_ROW
                                    ? json_string((const char *)sqlite3_column_text(s, 0))
                                    : json_null());
            if (k != SQLITE_ROW && k != SQLITE_DONE) rc = db_fail(d, err, "case");
            sqlite3_reset(s);
        }
    }
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return UNGDB_OK;
}

ungdb_rc db_criteria_get(db *d, int64_t institution_id, char **text, char uploaded_at[24],
                         ungdb_error *err)
{
    *text = NULL;
    sqlite3_stmt *s = db_stmt(d, Q_CRIT_GET,
                              "SELECT text, uploaded_at FROM institution_criteria WHERE "
                              "institution_id = ?");
    if (!s) return db_fail(d, err, "criteria");
    sqlite3_bind_int64(s, 1, institution_id);
    int r = sqlite3_step(s);
    ungdb_rc rc = UNGDB_OK;
    if (r == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (!(*text = strdup(t ? t : ""))) rc = UNGDB_ENOMEM;
        if (uploaded_at) db_col_text(s, 1, uploaded_at, 24);
    } else {
        rc = r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "criteria");
    }
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_criteria_put(db *d, int64_t institution_id, const char *text, int64_t by_user,
                         const char *now, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_CRIT_PUT,
                              "INSERT INTO institution_criteria (institution_id, text, "
                              "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?) ON CONFLICT "
                              "(institution_id) DO UPDATE SET text = excluded.text, uploaded_at "
                              "= excluded.uploaded_at, uploaded_by = excluded.uploaded_by");
    if (s) {
        sqlite3_bind_int64(s, 1, institution_id);
        sqlite3_bind_text(s, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 4, by_user);
    }
    return db_exec_stmt(d, s, err, "criteria");
}

ungdb_rc db_institution_pupils_on(db *d, int64_t institution_id, const char *on, db_spell **out,
                                  size_t *n, ungdb_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = db_stmt(d, Q_INST_PUPILS_ON,
                              "SELECT person_id, max(start_date) FROM enrolments WHERE "
                              "institution_id = ?1 AND role = 'pupil' AND start_date <= ?2 AND "
                              "(end_date IS NULL OR end_date >= ?2) GROUP BY person_id ORDER BY "
                              "person_id");
    if (!s) return db_fail(d, err, "pupils");
    sqlite3_bind_int64(s, 1, institution_id);
    sqlite3_bind_text(s, 2, on, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            db_spell *m = realloc(*out, cap * sizeof *m);
            if (!m) {
                sqlite3_reset(s);
                free(*out);
                *out = NULL;
                *n = 0;
                return UNGDB_ENOMEM;
            }
            *out = m;
        }
        (*out)[*n].person_id = sqlite3_column_int64(s, 0);
        db_col_text(s, 1, (*out)[*n].start, sizeof(*out)[*n].start);
        (*n)++;
    }
    ungdb_rc rc = r == SQLITE_DONE ? UNGDB_OK : db_fail(d, err, "pupils");
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_institution_days(db *d, int64_t institution_id, const char *from, const char *to,
                             db_day_fn row, void *ctx, ungdb_error *err)
{
    /* Lesson times are 'YYYY-MM-DDTHH:MM': a day's lessons are those whose
     * start is >= 'FROM' and < 'TO' || 'U' (after every time of that day). */
    sqlite3_stmt *s = db_stmt(
        d, Q_INST_DAYS,
        "SELECT a.person_id, substr(l.starts_at, 1, 10) AS day, sum(l.minutes), sum(CASE WHEN "
        "a.lawful = 1 THEN a.absent_minutes ELSE 0 END), sum(CASE WHEN a.lawful = 0 THEN "
        "a.absent_minutes ELSE 0 END) FROM attendance a JOIN lessons l ON l.id = a.lesson_id "
        "WHERE l.institution_id = ?1 AND l.starts_at >= ?2 AND l.starts_at < ?3 || 'U' GROUP BY "
        "a.person_id, day ORDER BY a.person_id, day");
    if (!s) return db_fail(d, err, "attendance");
    sqlite3_bind_int64(s, 1, institution_id);
    sqlite3_bind_text(s, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        row(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
            sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4));
    ungdb_rc rc = r == SQLITE_DONE ? UNGDB_OK : db_fail(d, err, "attendance");
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_institution_dated(db *d, sqlite3_stmt *s, const char *what, int64_t institution_id,
                              const char *from, const char *to, db_notice_fn row, void *ctx,
                              ungdb_error *err)
{
    if (!s) return db_fail(d, err, what);
    sqlite3_bind_int64(s, 1, institution_id);
    sqlite3_bind_text(s, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        row(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
            (const char *)sqlite3_column_text(s, 2));
    ungdb_rc rc = r == SQLITE_DONE ? UNGDB_OK : db_fail(d, err, what);
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_institution_notices(db *d, int64_t institution_id, const char *from, const char *to,
                                db_notice_fn row, void *ctx, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_INST_NOTICES,
                              "SELECT person_id, given_on, kind FROM notices WHERE "
                              "institution_id = ? AND given_on >= ? AND given_on <= ? ORDER BY "
                              "person_id, given_on, id");
    return db_institution_dated(d, s, "notices", institution_id, from, to, row, ctx, err);
}

static void bind_tri(sqlite3_stmt *s, int i, int v)
{
    /* -1 keep (bound as -1, see the SQL), 0/1 a value, 2 unknown */
    if (v == 2)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int(s, i, v);
}

ungdb_rc db_person_facts_set(db *d, int64_t person_id, int completed_youth, int completed_higher,
                             int resident_dk, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(
        d, Q_PERSON_FACTS,
        "UPDATE persons SET completed_youth_education = CASE WHEN ?2 IS NULL OR ?2 >= 0 THEN ?2 "
        "ELSE completed_youth_education END, completed_higher_education = CASE WHEN ?3 IS NULL "
        "OR ?3 >= 0 THEN ?3 ELSE completed_higher_education END, resident_dk = CASE WHEN ?4 >= 0 "
        "THEN ?4 ELSE resident_dk END WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        bind_tri(s, 2, completed_youth);
        bind_tri(s, 3, completed_higher);
        sqlite3_bind_int(s, 4, resident_dk == 2 ? -1 : resident_dk);
    }
    ungdb_rc rc = db_exec_stmt(d, s, err, "person");
    if (!rc && sqlite3_changes(d->conn) != 1)
        rc = ungdb_error_set(err, UNGDB_EINPUT, "", 0, "person", "no such person");
    return rc;
}

ungdb_rc db_enrolment_planned_end(db *d, int64_t person_id, int64_t enrolment_id,
                                  const char *planned_end, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_ENROL_PLANNED,
                              "UPDATE enrolments SET planned_end = ? WHERE id = ? AND person_id = "
                              "? AND role = 'pupil'");
    if (s) {
        db_bind_text(s, 1, planned_end);
        sqlite3_bind_int64(s, 2, enrolment_id);
        sqlite3_bind_int64(s, 3, person_id);
    }
    ungdb_rc rc = db_exec_stmt(d, s, err, "enrolment");
    if (!rc && sqlite3_changes(d->conn) != 1)
        rc = ungdb_error_set(err, UNGDB_EINPUT, "", 0, "enrolment",
                             "enrolment %lld is not a pupil spell of person %lld",
                             (long long)enrolment_id, (long long)person_id);
    return rc;
}

ungdb_rc db_task_get(db *d, int64_t id, db_task *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = db_stmt(d, Q_TASK_GET,
                              "SELECT id, person_id, institution_id, report_id, kind, due_on, "
                              "done_on FROM tasks WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->person_id = sqlite3_column_int64(s, 1);
        out->institution_id = sqlite3_column_int64(s, 2);
        out->report_id = sqlite3_column_int64(s, 3);
        db_col_text(s, 4, out->kind, sizeof out->kind);
        db_col_text(s, 5, out->due_on, sizeof out->due_on);
        db_col_text(s, 6, out->done_on, sizeof out->done_on);
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

ungdb_rc db_task_done(db *d, int64_t id, const char *done_on, int64_t by_user, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_TASK_DONE,
                              "UPDATE tasks SET status = 'done', done_on = ?, done_by = ? WHERE "
                              "id = ? AND done_on IS NULL");
    if (s) {
        sqlite3_bind_text(s, 1, done_on, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, by_user);
        sqlite3_bind_int64(s, 3, id);
    }
    ungdb_rc rc = db_exec_stmt(d, s, err, "task");
    if (!rc && sqlite3_changes(d->conn) != 1)
        rc = ungdb_error_set(err, UNGDB_EINPUT, "", 0, "task", "task %lld is done already",
                             (long long)id);
    return rc;
}

static void bind_opt(sqlite3_stmt *s, int i, int v)
{
    if (v < 0)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int(s, i, v);
}

ungdb_rc db_step_add(db *d, const db_step_new *n, int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_STEP_ADD,
                              "INSERT INTO duty_steps (person_id, municipality, step_on, kind, "
                              "note, exempt_reason, exempt_until, guardians_involved, duty_met, "
                              "efforts_made, alternatives_discussed, created_at, created_by) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!s) return db_fail(d, err, "duty step");
    sqlite3_bind_int64(s, 1, n->person_id);
    sqlite3_bind_text(s, 2, n->municipality, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, n->on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, n->kind, -1, SQLITE_TRANSIENT);
    db_bind_text(s, 5, n->note);
    db_bind_text(s, 6, n->exempt_reason);
    db_bind_text(s, 7, n->exempt_until);
    bind_opt(s, 8, n->guardians_involved);
    bind_opt(s, 9, n->duty_met);
    bind_opt(s, 10, n->efforts_made);
    bind_opt(s, 11, n->alternatives_discussed);
    sqlite3_bind_text(s, 12, n->now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 13, n->by_user);
    if (sqlite3_step(s) != SQLITE_ROW) {
        ungdb_rc rc = db_fail(d, err, "duty step");
        sqlite3_reset(s);
        return rc;
    }
    if (id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return UNGDB_OK;
}

ungdb_rc db_municipality_cases(db *d, const char *municipality, bool stu, int64_t **ids, size_t *n,
                               ungdb_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s =
        stu ? db_stmt(d, Q_MUNI_STU,
                      "SELECT s.person_id FROM stu_cases s JOIN persons p ON p.id = s.person_id "
                      "WHERE p.municipality = ? ORDER BY s.person_id")
            : db_stmt(d, Q_MUNI_DUTY,
                      "SELECT DISTINCT s.person_id FROM duty_steps s JOIN persons p ON p.id = "
                      "s.person_id WHERE p.municipality = ? ORDER BY s.person_id");
    if (!s) return db_fail(d, err, "cases");
    sqlite3_bind_text(s, 1, municipality, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            int64_t *m = realloc(*ids, cap * sizeof *m);
            if (!m) {
                sqlite3_reset(s);
                free(*ids);
                *ids = NULL;
                *n = 0;
                return UNGDB_ENOMEM;
            }
            *ids = m;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    ungdb_rc rc = r == SQLITE_DONE ? UNGDB_OK : db_fail(d, err, "cases");
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_stu_put(db *d, int64_t person_id, const char *municipality, const char *facts,
                    int64_t by_user, const char *now, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_STU_PUT,
                              "INSERT INTO stu_cases (person_id, municipality, facts, "
                              "updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                              "(person_id) DO UPDATE SET municipality = excluded.municipality, "
                              "facts = excluded.facts, updated_at = excluded.updated_at, "
                              "updated_by = excluded.updated_by");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        sqlite3_bind_text(s, 2, municipality, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, facts, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 5, by_user);
    }
    return db_exec_stmt(d, s, err, "stu");
}
