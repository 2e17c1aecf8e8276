/* facts.c - the facts of schema version 5 that the rules engine reads:
 * participation events (vejledningsbekendtgørelsen § 36), an enrolment's
 * interruption (§ 32, nr. 3) and the pupil's announcement of leaving (§ 31),
 * the duty order's employment and §§ 5-6 activities, and the bulk read of a
 * municipality's 15-17 year olds for their duty cases. */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ungdb_rc db_event_add(db *d, int64_t person_id, int64_t institution_id, const char *on,
                      const char *kind, const char *note, int64_t by_user, const char *now,
                      int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_EVENT_ADD,
                              "INSERT INTO participation_events (person_id, institution_id, "
                              "event_on, kind, note, created_at, created_by) VALUES (?, ?, ?, ?, "
                              "?, ?, ?) RETURNING id");
    if (!s) return db_fail(d, err, "event");
    sqlite3_bind_int64(s, 1, person_id);
    sqlite3_bind_int64(s, 2, institution_id);
    sqlite3_bind_text(s, 3, on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, kind, -1, SQLITE_TRANSIENT);
    db_bind_text(s, 5, note);
    sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 7, by_user);
    if (sqlite3_step(s) != SQLITE_ROW) {
        ungdb_rc rc = db_fail(d, err, "event");
        sqlite3_reset(s);
        return rc;
    }
    if (id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return UNGDB_OK;
}

ungdb_rc db_events_list(db *d, int64_t person_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_EVENTS_LIST,
                              "SELECT id, institution_id AS institution, event_on AS date, kind, "
                              "note, created_at FROM participation_events WHERE person_id = ? "
                              "ORDER BY event_on DESC, id DESC");
    if (s) sqlite3_bind_int64(s, 1, person_id);
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_institution_events(db *d, int64_t institution_id, const char *from, const char *to,
                               db_notice_fn row, void *ctx, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_INST_EVENTS,
                              "SELECT person_id, event_on, kind FROM participation_events WHERE "
                              "institution_id = ? AND event_on >= ? AND event_on <= ? ORDER BY "
                              "person_id, event_on, id");
    return db_institution_dated(d, s, "events", institution_id, from, to, row, ctx, err);
}

bool db_pupil_spell_on(db *d, int64_t person_id, int64_t institution_id, const char *on)
{
    sqlite3_stmt *s = db_stmt(d, Q_SPELL_ON,
                              "SELECT 1 FROM enrolments WHERE person_id = ?1 AND institution_id "
                              "= ?2 AND role = 'pupil' AND start_date <= ?3 AND (end_date IS "
                              "NULL OR end_date >= ?3)");
    if (!s) return false;
    sqlite3_bind_int64(s, 1, person_id);
    sqlite3_bind_int64(s, 2, institution_id);
    sqlite3_bind_text(s, 3, on, -1, SQLITE_TRANSIENT);
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return yes;
}

void db_interrupted_on(db *d, int64_t person_id, int64_t institution_id, const char *on,
                       char out[11])
{
    out[0] = 0;
    sqlite3_stmt *s = db_stmt(d, Q_INTERRUPTED_ON,
                              "SELECT max(interrupted_on) FROM enrolments WHERE person_id = ? AND "
                              "institution_id = ? AND role = 'pupil' AND interrupted_on <= ?");
    if (!s) return;
    sqlite3_bind_int64(s, 1, person_id);
    sqlite3_bind_int64(s, 2, institution_id);
    sqlite3_bind_text(s, 3, on, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) db_col_text(s, 0, out, 11);
    sqlite3_reset(s);
}

ungdb_rc db_enrolment_get(db *d, int64_t person_id, int64_t enrolment_id, db_enrolment *out,
                          ungdb_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = db_stmt(
        d, Q_ENROL_GET,
        "SELECT id, institution_id, start_date, end_date, planned_end, "
        "interrupted_on, interruption_reason, announced_on, announced_kind, "
        "interruption_note FROM enrolments WHERE id = ? AND person_id = ? AND role = 'pupil'");
    if (!s) return db_fail(d, err, "enrolment");
    sqlite3_bind_int64(s, 1, enrolment_id);
    sqlite3_bind_int64(s, 2, person_id);
    int r = sqlite3_step(s);
    ungdb_rc rc = UNGDB_OK;
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->institution_id = sqlite3_column_int64(s, 1);
        db_col_text(s, 2, out->start, sizeof out->start);
        db_col_text(s, 3, out->end, sizeof out->end);
        db_col_text(s, 4, out->planned_end, sizeof out->planned_end);
        db_col_text(s, 5, out->interrupted_on, sizeof out->interrupted_on);
        db_col_text(s, 6, out->interruption_reason, sizeof out->interruption_reason);
        db_col_text(s, 7, out->announced_on, sizeof out->announced_on);
        db_col_text(s, 8, out->announced_kind, sizeof out->announced_kind);
        db_col_text(s, 9, out->interruption_note, sizeof out->interruption_note);
    } else if (r == SQLITE_DONE) {
        rc = ungdb_error_set(err, UNGDB_EINPUT, "", 0, "enrolment",
                             "enrolment %lld is not a pupil spell of person %lld",
                             (long long)enrolment_id, (long long)person_id);
    } else {
        rc = db_fail(d, err, "enrolment");
    }
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_enrolment_facts_set(db *d, int64_t person_id, int64_t enrolment_id,
                                const db_enrolment_facts *f, ungdb_error *err)
{
    /* each group of columns is kept unless its flag is 1 */
    sqlite3_stmt *s = db_stmt(
        d, Q_ENROL_FACTS,
        "UPDATE enrolments SET planned_end = CASE WHEN ?1 = 1 THEN ?2 ELSE planned_end END, "
        "interrupted_on = CASE WHEN ?3 = 1 THEN ?4 ELSE interrupted_on END, interruption_reason = "
        "CASE WHEN ?3 = 1 THEN ?5 ELSE interruption_reason END, interruption_note = CASE WHEN ?3 "
        "= 1 THEN ?6 ELSE interruption_note END, announced_on = CASE WHEN ?7 = 1 THEN ?8 ELSE "
        "announced_on END, announced_kind = CASE WHEN ?7 = 1 THEN ?9 ELSE announced_kind END "
        "WHERE id = ?10 AND person_id = ?11 AND role = 'pupil'");
    if (s) {
        sqlite3_bind_int(s, 1, f->set_planned_end);
        db_bind_text(s, 2, f->planned_end);
        sqlite3_bind_int(s, 3, f->set_interruption);
        db_bind_text(s, 4, f->interrupted_on);
        db_bind_text(s, 5, f->interruption_reason);
        db_bind_text(s, 6, f->interruption_note);
        sqlite3_bind_int(s, 7, f->set_announcement);
        db_bind_text(s, 8, f->announced_on);
        db_bind_text(s, 9, f->announced_kind);
        sqlite3_bind_int64(s, 10, enrolment_id);
        sqlite3_bind_int64(s, 11, person_id);
    }
    ungdb_rc rc = db_exec_stmt(d, s, err, "enrolment");
    if (!rc && sqlite3_changes(d->conn) != 1)
        rc = ungdb_error_set(err, UNGDB_EINPUT, "", 0, "enrolment",
                             "enrolment %lld is not a pupil spell of person %lld",
                             (long long)enrolment_id, (long long)person_id);
    return rc;
}

ungdb_rc db_duty_facts_get(db *d, int64_t person_id, char **employment, char **activities,
                           char updated_at[24], ungdb_error *err)
{
    *employment = *activities = NULL;
    sqlite3_stmt *s = db_stmt(d, Q_DUTY_FACTS_GET,
                              "SELECT employment, activities, updated_at FROM duty_facts WHERE "
                              "person_id = ?");
    if (!s) return db_fail(d, err, "duty facts");
    sqlite3_bind_int64(s, 1, person_id);
    int r = sqlite3_step(s);
    ungdb_rc rc = UNGDB_OK;
    if (r == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(s, 0);
        const char *a = (const char *)sqlite3_column_text(s, 1);
        *employment = strdup(e ? e : "[]");
        *activities = strdup(a ? a : "[]");
        if (!*employment || !*activities) {
            free(*employment);
            free(*activities);
            *employment = *activities = NULL;
            rc = UNGDB_ENOMEM;
        }
        if (updated_at) db_col_text(s, 2, updated_at, 24);
    } else {
        rc = r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "duty facts");
    }
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_duty_facts_put(db *d, int64_t person_id, const char *municipality,
                           const char *employment, const char *activities, int64_t by_user,
                           const char *now, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_DUTY_FACTS_PUT,
                              "INSERT INTO duty_facts (person_id, municipality, employment, "
                              "activities, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON "
                              "CONFLICT (person_id) DO UPDATE SET municipality = "
                              "excluded.municipality, employment = excluded.employment, "
                              "activities = excluded.activities, updated_at = "
                              "excluded.updated_at, updated_by = excluded.updated_by");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        sqlite3_bind_text(s, 2, municipality, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, employment, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, activities, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 6, by_user);
    }
    return db_exec_stmt(d, s, err, "duty facts");
}

/* Appends the rows of a bound statement whose first column is the person id
 * to the per-person objects of `by_id` (person id -> object) under `key`;
 * the person_id column itself is dropped. */
static ungdb_rc spread(db *d, sqlite3_stmt *s, json_t *by_id, const char *key, ungdb_error *err)
{
    if (!s) return db_fail(d, err, "duty cases");
    int r;
    char k[24];
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        snprintf(k, sizeof k, "%lld", (long long)sqlite3_column_int64(s, 0));
        json_t *o = json_object_get(by_id, k);
        json_t *row = db_row_json(s);
        if (!o || !row) {
            json_decref(row);
            continue;
        }
        json_object_del(row, "person_id");
        json_t *arr = json_object_get(o, key);
        if (!arr) json_object_set_new(o, key, arr = json_array());
        json_array_append_new(arr, row);
    }
    ungdb_rc rc = r == SQLITE_DONE ? UNGDB_OK : db_fail(d, err, "duty cases");
    sqlite3_reset(s);
    return rc;
}

static void bind_range(sqlite3_stmt *s, const char *muni, const char *from, const char *to)
{
    if (!s) return;
    sqlite3_bind_text(s, 1, muni, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
}

ungdb_rc db_duty_case_data(db *d, const char *municipality, const char *born_from,
                           const char *born_to, json_t **out, ungdb_error *err)
{
    *out = NULL;
    /* the same columns as db_case_data's */
    sqlite3_stmt *s = db_stmt(d, Q_DUTY_PERSONS,
                              "SELECT id, birth_date, municipality, resident_dk, "
                              "completed_youth_education, completed_higher_education FROM "
                              "persons WHERE municipality = ?1 AND birth_date >= ?2 AND "
                              "birth_date <= ?3 ORDER BY id");
    if (!s) return db_fail(d, err, "duty cases");
    bind_range(s, municipality, born_from, born_to);
    json_t *list = json_array(), *by_id = json_object();
    int r;
    char k[24];
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *p = db_row_json(s);
        json_t *o = json_pack("{s:o, s:[], s:[]}", "person", p, "enrolments", "steps");
        snprintf(k, sizeof k, "%lld", (long long)sqlite3_column_int64(s, 0));
        json_object_set(by_id, k, o);
        json_array_append_new(list, o);
    }
    ungdb_rc rc = r == SQLITE_DONE ? UNGDB_OK : db_fail(d, err, "duty cases");
    sqlite3_reset(s);
    if (!rc) {
        s = db_stmt(d, Q_DUTY_ENROL,
                    "SELECT e.person_id, e.id, e.institution_id AS institution, i.code AS "
                    "institution_code, i.kind AS institution_kind, e.start_date, e.end_date, "
                    "e.planned_end, e.interrupted_on, e.interruption_reason, e.interruption_note, "
                    "e.announced_on, e.announced_kind FROM enrolments e JOIN institutions i ON "
                    "i.id = e.institution_id JOIN persons p ON p.id = e.person_id WHERE "
                    "p.municipality = ?1 AND p.birth_date >= ?2 AND p.birth_date <= ?3 AND e.role "
                    "= 'pupil' ORDER BY e.person_id, e.start_date, e.id");
        bind_range(s, municipality, born_from, born_to);
        rc = spread(d, s, by_id, "enrolments", err);
    }
    if (!rc) {
        s = db_stmt(d, Q_DUTY_STEPS,
                    "SELECT s.person_id, s.id, s.step_on, s.kind, s.note, s.exempt_reason, "
                    "s.exempt_until, s.guardians_involved, s.duty_met, s.efforts_made, "
                    "s.alternatives_discussed FROM duty_steps s JOIN persons p ON p.id = "
                    "s.person_id WHERE p.municipality = ?1 AND p.birth_date >= ?2 AND "
                    "p.birth_date <= ?3 ORDER BY s.person_id, s.step_on, s.id");
        bind_range(s, municipality, born_from, born_to);
        rc = spread(d, s, by_id, "steps", err);
    }
    if (!rc) {
        s = db_stmt(d, Q_DUTY_DUTYFACTS,
                    "SELECT f.person_id, f.employment, f.activities FROM duty_facts f JOIN "
                    "persons p ON p.id = f.person_id WHERE p.municipality = ?1 AND p.birth_date "
                    ">= ?2 AND p.birth_date <= ?3");
        if (!s) rc = db_fail(d, err, "duty cases");
        bind_range(s, municipality, born_from, born_to);
        while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
            snprintf(k, sizeof k, "%lld", (long long)sqlite3_column_int64(s, 0));
            json_t *o = json_object_get(by_id, k);
            if (!o) continue;
            json_object_set_new(o, "employment",
                                json_string((const char *)sqlite3_column_text(s, 1)));
            json_object_set_new(o, "activities",
                                json_string((const char *)sqlite3_column_text(s, 2)));
        }
        if (!rc) {
            if (r != SQLITE_DONE) rc = db_fail(d, err, "duty cases");
            sqlite3_reset(s);
        }
    }
    json_decref(by_id);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return UNGDB_OK;
}
