/* school.c - institutions, groups, lessons, persons and attendance. */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool exists(sqlite3_stmt *s)
{
    if (!s) return false;
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return yes;
}

ungdb_rc db_institutions_list(db *d, int64_t user_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s;
    if (user_id) {
        s = db_stmt(d, Q_INST_LIST_USER,
                    "SELECT i.id, i.code, i.name, i.kind, i.municipality FROM institutions i "
                    "JOIN user_institutions u ON u.institution_id = i.id WHERE u.user_id = ? "
                    "ORDER BY i.code");
        if (s) sqlite3_bind_int64(s, 1, user_id);
    } else {
        s = db_stmt(d, Q_INST_LIST_ALL,
                    "SELECT id, code, name, kind, municipality FROM institutions ORDER BY code");
    }
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_institution_get(db *d, int64_t id, db_institution *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = db_stmt(d, Q_INST_GET,
                              "SELECT id, code, name, kind, municipality FROM institutions "
                              "WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        db_col_text(s, 1, out->code, sizeof out->code);
        db_col_text(s, 3, out->kind, sizeof out->kind);
        db_col_text(s, 4, out->municipality, sizeof out->municipality);
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

ungdb_rc db_institution_json(db *d, int64_t id, json_t **out, ungdb_error *err)
{
    *out = NULL;
    sqlite3_stmt *s = db_stmt(d, Q_INST_GET,
                              "SELECT id, code, name, kind, municipality FROM institutions "
                              "WHERE id = ?");
    if (!s) return db_fail(d, err, "institution");
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) *out = db_row_json(s);
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "read");
}

ungdb_rc db_groups_list(db *d, int64_t institution_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_GROUPS_LIST,
                              "SELECT id, code, name, type, start_date, end_date FROM groups "
                              "WHERE institution_id = ? ORDER BY type, name, id");
    if (s) sqlite3_bind_int64(s, 1, institution_id);
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_group_institution(db *d, int64_t group_id, int64_t *institution_id)
{
    sqlite3_stmt *s = db_stmt(d, Q_GROUP_INST, "SELECT institution_id FROM groups WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, group_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) *institution_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

ungdb_rc db_group_members(db *d, int64_t group_id, const char *on, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_GROUP_MEMBERS,
                "SELECT p.id AS person, p.given_name, p.family_name, m.start_date, m.end_date "
                "FROM group_members m JOIN persons p ON p.id = m.person_id "
                "WHERE m.group_id = ?1 AND (?2 IS NULL OR (m.start_date <= ?2 AND "
                "(m.end_date IS NULL OR m.end_date >= ?2))) "
                "ORDER BY p.family_name, p.given_name, p.id, m.start_date");
    if (s) {
        sqlite3_bind_int64(s, 1, group_id);
        db_bind_text(s, 2, on);
    }
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_lessons_list(db *d, int64_t institution_id, const char *from, const char *to, int limit,
                         int64_t staff_person, bool only_mine, json_t **out, ungdb_error *err)
{
    /* starts_at is 'YYYY-MM-DDTHH:MM': a date range compares on the prefix,
     * and 'to' + 'T99' is after every time of that day. */
    sqlite3_stmt *s = db_stmt(
        d, Q_LESSONS_LIST,
        "SELECT id, code, title, subject, starts_at, ends_at, minutes, EXISTS (SELECT 1 "
        "FROM lesson_staff ls WHERE ls.lesson_id = lessons.id AND ls.person_id = ?5) AS "
        "mine FROM lessons WHERE institution_id = ?1 AND starts_at >= ?2 AND starts_at < "
        "?3 || 'T99' AND (?6 = 0 OR EXISTS (SELECT 1 FROM lesson_staff ls WHERE "
        "ls.lesson_id = lessons.id AND ls.person_id = ?5)) ORDER BY starts_at, id LIMIT ?4");
    if (s) {
        sqlite3_bind_int64(s, 1, institution_id);
        sqlite3_bind_text(s, 2, from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 4, limit);
        sqlite3_bind_int64(s, 5, staff_person);
        sqlite3_bind_int(s, 6, only_mine ? 1 : 0);
    }
    return db_rows_json(d, s, out, err);
}

ungdb_rc db_lesson_get(db *d, int64_t id, db_lesson *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = db_stmt(d, Q_LESSON_GET,
                              "SELECT id, institution_id, starts_at, ends_at, minutes FROM "
                              "lessons WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->institution_id = sqlite3_column_int64(s, 1);
        db_col_text(s, 2, out->starts_at, sizeof out->starts_at);
        db_col_text(s, 3, out->ends_at, sizeof out->ends_at);
        out->minutes = sqlite3_column_int(s, 4);
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

/* Group memberships hold pupils only (the register's elev_gruppe): a lesson's
 * pupils are the members of its groups whose spell covers the lesson's date. */
#define LESSON_PUPILS_SQL                                                                          \
    "SELECT DISTINCT m.person_id FROM lesson_groups lg JOIN group_members m "                      \
    "ON m.group_id = lg.group_id AND m.start_date <= ?2 AND "                                      \
    "(m.end_date IS NULL OR m.end_date >= ?2) WHERE lg.lesson_id = ?1 ORDER BY m.person_id"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The same rows as LESSON_PUPILS_SQL, sorted and made distinct here rather
 * than by SQLite's sorter: this runs for every registration request. */
ungdb_rc db_lesson_pupils(db *d, const db_lesson *l, int64_t **ids, size_t *n, ungdb_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s = db_stmt(d, Q_LESSON_PUPILS,
                              "SELECT m.person_id FROM lesson_groups lg JOIN group_members m "
                              "ON m.group_id = lg.group_id AND m.start_date <= ?2 AND "
                              "(m.end_date IS NULL OR m.end_date >= ?2) WHERE lg.lesson_id = ?1");
    if (!s) return db_fail(d, err, "lesson pupils");
    char date[11];
    snprintf(date, sizeof date, "%.10s", l->starts_at);
    sqlite3_bind_int64(s, 1, l->id);
    sqlite3_bind_text(s, 2, date, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            int64_t *g = realloc(*ids, cap * sizeof **ids);
            if (!g) {
                sqlite3_reset(s);
                free(*ids);
                *ids = NULL;
                return UNGDB_ENOMEM;
            }
            *ids = g;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return db_fail(d, err, "lesson pupils");
    }
    qsort(*ids, *n, sizeof **ids, cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (k == 0 || (*ids)[k - 1] != (*ids)[i]) (*ids)[k++] = (*ids)[i];
    *n = k;
    return UNGDB_OK;
}

ungdb_rc db_lesson_json(db *d, int64_t id, json_t **out, ungdb_error *err)
{
    *out = NULL;
    sqlite3_stmt *full = db_stmt(d, Q_LESSON_FULL,
                                 "SELECT id, institution_id AS institution, code, title, subject, "
                                 "starts_at, ends_at, minutes FROM lessons WHERE id = ?");
    if (!full) return db_fail(d, err, "lesson");
    sqlite3_bind_int64(full, 1, id);
    int r = sqlite3_step(full);
    json_t *o = r == SQLITE_ROW ? db_row_json(full) : NULL;
    sqlite3_reset(full);
    if (!o) return r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "lesson");

    json_t *groups = NULL, *staff = NULL, *pupils = NULL;
    ungdb_rc rc;
    sqlite3_stmt *g = db_stmt(d, Q_LESSON_GROUPS,
                              "SELECT g.id, g.code, g.name, g.type FROM lesson_groups lg JOIN "
                              "groups g ON g.id = lg.group_id WHERE lg.lesson_id = ? ORDER BY "
                              "g.name");
    if (g) sqlite3_bind_int64(g, 1, id);
    if ((rc = db_rows_json(d, g, &groups, err))) goto fail;
    sqlite3_stmt *st = db_stmt(d, Q_LESSON_STAFF,
                               "SELECT p.id AS person, p.given_name, p.family_name FROM "
                               "lesson_staff ls JOIN persons p ON p.id = ls.person_id WHERE "
                               "ls.lesson_id = ? ORDER BY p.family_name, p.given_name");
    if (st) sqlite3_bind_int64(st, 1, id);
    if ((rc = db_rows_json(d, st, &staff, err))) goto fail;
    /* every pupil of the lesson with the registration if there is one */
    sqlite3_stmt *a = db_stmt(
        d, Q_LESSON_ATTENDANCE,
        "WITH pupils AS (" LESSON_PUPILS_SQL ") SELECT p.id AS person, p.given_name, "
        "p.family_name, a.present, a.absent_minutes, a.lawful, a.reason, a.registered_at "
        "FROM pupils x JOIN persons p ON p.id = x.person_id LEFT JOIN attendance a ON "
        "a.lesson_id = ?1 AND a.person_id = p.id ORDER BY p.family_name, p.given_name, p.id");
    if (a) {
        char date[11];
        json_t *sa = json_object_get(o, "starts_at");
        snprintf(date, sizeof date, "%.10s", json_string_value(sa) ? json_string_value(sa) : "");
        sqlite3_bind_int64(a, 1, id);
        sqlite3_bind_text(a, 2, date, -1, SQLITE_TRANSIENT);
    }
    if ((rc = db_rows_json(d, a, &pupils, err))) goto fail;
    /* present and lawful as booleans in the API */
    size_t i;
    json_t *row;
    json_array_foreach(pupils, i, row)
    {
        json_t *p = json_object_get(row, "present");
        if (json_is_integer(p))
            json_object_set_new(row, "present", json_boolean(json_integer_value(p)));
        json_t *l = json_object_get(row, "lawful");
        if (json_is_integer(l))
            json_object_set_new(row, "lawful", json_boolean(json_integer_value(l)));
    }
    json_object_set_new(o, "groups", groups);
    json_object_set_new(o, "staff", staff);
    json_object_set_new(o, "pupils", pupils);
    *out = o;
    return UNGDB_OK;
fail:
    json_decref(groups);
    json_decref(staff);
    json_decref(pupils);
    json_decref(o);
    return rc;
}

ungdb_rc db_person_get(db *d, int64_t id, db_person *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s =
        db_stmt(d, Q_PERSON_GET, "SELECT id, birth_date, municipality FROM persons WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        db_col_text(s, 1, out->birth_date, sizeof out->birth_date);
        db_col_text(s, 2, out->municipality, sizeof out->municipality);
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

ungdb_rc db_person_cpr(db *d, int64_t id, char *buf, size_t n)
{
    buf[0] = 0;
    sqlite3_stmt *s = db_stmt(d, Q_PERSON_CPR, "SELECT cpr FROM persons WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) db_col_text(s, 0, buf, n);
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : UNGDB_EINPUT;
}

bool db_person_at_user_institution(db *d, int64_t user_id, int64_t person_id)
{
    sqlite3_stmt *s = db_stmt(d, Q_PERSON_AT_USER_INST,
                              "SELECT 1 FROM enrolments e JOIN user_institutions u ON "
                              "u.institution_id = e.institution_id WHERE u.user_id = ? AND "
                              "e.person_id = ? LIMIT 1");
    if (!s) return false;
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, person_id);
    return exists(s);
}

bool db_person_pupil_at(db *d, int64_t person_id, int64_t institution_id)
{
    sqlite3_stmt *s = db_stmt(d, Q_PERSON_PUPIL_AT,
                              "SELECT 1 FROM enrolments WHERE person_id = ? AND institution_id = "
                              "? AND role = 'pupil' LIMIT 1");
    if (!s) return false;
    sqlite3_bind_int64(s, 1, person_id);
    sqlite3_bind_int64(s, 2, institution_id);
    return exists(s);
}

bool db_is_guardian_of(db *d, int64_t guardian_id, int64_t child_id)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_IS_GUARDIAN, "SELECT 1 FROM guardians WHERE guardian_id = ? AND child_id = ?");
    if (!s) return false;
    sqlite3_bind_int64(s, 1, guardian_id);
    sqlite3_bind_int64(s, 2, child_id);
    return exists(s);
}

ungdb_rc db_person_json(db *d, int64_t id, json_t **out, ungdb_error *err)
{
    *out = NULL;
    sqlite3_stmt *p = db_stmt(d, Q_PERSON_FULL,
                              "SELECT id, given_name, family_name, birth_date, municipality, "
                              "resident_dk, completed_youth_education, "
                              "completed_higher_education FROM persons WHERE id = ?");
    if (!p) return db_fail(d, err, "person");
    sqlite3_bind_int64(p, 1, id);
    int r = sqlite3_step(p);
    json_t *o = r == SQLITE_ROW ? db_row_json(p) : NULL;
    sqlite3_reset(p);
    if (!o) return r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "person");
    json_t *rd = json_object_get(o, "resident_dk");
    json_object_set_new(o, "resident_dk", json_boolean(json_integer_value(rd)));
    /* NULL = not recorded (the rules then ask for a person's judgement) */
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "completed_higher_education" : "completed_youth_education";
        json_t *v = json_object_get(o, key);
        if (json_is_integer(v)) json_object_set_new(o, key, json_boolean(json_integer_value(v)));
    }
    json_t *en = NULL;
    sqlite3_stmt *s = db_stmt(d, Q_PERSON_ENROLMENTS,
                              "SELECT e.id, e.institution_id AS institution, i.name AS "
                              "institution_name, i.kind, e.role, nullif(e.grade, -1) AS grade, "
                              "e.start_date, e.end_date, e.planned_end, e.interrupted_on, "
                              "e.interruption_reason, e.announced_on, e.announced_kind FROM "
                              "enrolments e JOIN "
                              "institutions i ON "
                              "i.id = e.institution_id WHERE e.person_id = ? ORDER BY "
                              "e.start_date, e.id");
    if (s) sqlite3_bind_int64(s, 1, id);
    ungdb_rc rc = db_rows_json(d, s, &en, err);
    if (rc) {
        json_decref(o);
        return rc;
    }
    json_object_set_new(o, "enrolments", en);
    *out = o;
    return UNGDB_OK;
}

ungdb_rc db_children(db *d, int64_t guardian_id, json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_CHILDREN,
                              "SELECT p.id, p.given_name, p.family_name, p.birth_date FROM "
                              "guardians g JOIN persons p ON p.id = g.child_id WHERE "
                              "g.guardian_id = ? ORDER BY p.birth_date, p.id");
    if (s) sqlite3_bind_int64(s, 1, guardian_id);
    return db_rows_json(d, s, out, err);
}

/* A lesson's registrations are written by multi-row upserts of 32, 16, 8, 4,
 * 2 and 1 rows (the binary digits of the count: at most six statements,
 * each prepared once): one statement for many rows costs about half the CPU
 * of one a row (docs/bench.md). The SQL text is the same placeholders
 * repeated, never built from input. */
#define ATT_PUT_SIZES 6
#define ATT_PUT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?)"

static sqlite3_stmt *att_put_stmt(db *d, int size_log2)
{
    int rows = 1 << size_log2;
    char sql[32 * (sizeof ATT_PUT_VALUES + 1) + 512];
    size_t k = 0;
    static const char head[] = "INSERT INTO attendance VALUES ";
    static const char tail[] =
        " ON CONFLICT (lesson_id, person_id) DO UPDATE SET present = excluded.present, "
        "absent_minutes = excluded.absent_minutes, lawful = excluded.lawful, "
        "reason = excluded.reason, registered_at = excluded.registered_at, "
        "registered_by = excluded.registered_by";
    memcpy(sql, head, sizeof head - 1);
    k = sizeof head - 1;
    for (int i = 0; i < rows; i++) {
        if (i) sql[k++] = ',';
        memcpy(sql + k, ATT_PUT_VALUES, sizeof ATT_PUT_VALUES - 1);
        k += sizeof ATT_PUT_VALUES - 1;
    }
    memcpy(sql + k, tail, sizeof tail);
    return db_stmt(d, Q_ATT_PUT + size_log2, sql);
}

ungdb_rc db_attendance_put(db *d, int64_t lesson_id, const db_attendance *rows, size_t n,
                           int64_t by_user, const char *now, ungdb_error *err)
{
    _Static_assert(Q_ATT_PUT + ATT_PUT_SIZES - 1 == Q_ATT_PUT_LAST, "a slot for each size");
    size_t done = 0;
    for (int lg = ATT_PUT_SIZES - 1; lg >= 0; lg--) {
        size_t size = (size_t)1 << lg;
        while (n - done >= size) {
            sqlite3_stmt *s = att_put_stmt(d, lg);
            if (!s) return db_fail(d, err, "attendance");
            for (size_t i = 0; i < size; i++) {
                const db_attendance *a = &rows[done + i];
                int b = (int)i * 8;
                sqlite3_bind_int64(s, b + 1, lesson_id);
                sqlite3_bind_int64(s, b + 2, a->person_id);
                sqlite3_bind_int(s, b + 3, a->present);
                sqlite3_bind_int(s, b + 4, a->absent_minutes);
                if (a->lawful < 0)
                    sqlite3_bind_null(s, b + 5);
                else
                    sqlite3_bind_int(s, b + 5, a->lawful);
                db_bind_text(s, b + 6, a->reason);
                sqlite3_bind_text(s, b + 7, now, -1, SQLITE_STATIC);
                sqlite3_bind_int64(s, b + 8, by_user);
            }
            ungdb_rc rc = db_exec_stmt(d, s, err, "attendance");
            if (rc) return rc;
            done += size;
        }
    }
    return UNGDB_OK;
}

ungdb_rc db_person_attendance(db *d, int64_t person_id, const char *from, const char *to,
                              json_t **out, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(
        d, Q_PERSON_ATT,
        "SELECT l.id AS lesson, l.institution_id AS institution, l.title, l.starts_at, "
        "l.ends_at, l.minutes, a.present, a.absent_minutes, a.lawful, a.reason, "
        "a.registered_at, (SELECT json_group_array(json_object('id', c.id, 'comment', "
        "c.comment, 'reason', c.reason, 'created_at', c.created_at)) FROM "
        "attendance_comments c WHERE c.lesson_id = a.lesson_id AND c.person_id = a.person_id) "
        "AS comments FROM attendance a JOIN lessons l ON l.id = a.lesson_id WHERE "
        "a.person_id = ?1 AND l.starts_at >= ?2 AND l.starts_at < ?3 || 'T99' ORDER BY "
        "l.starts_at, l.id");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        sqlite3_bind_text(s, 2, from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
    }
    ungdb_rc rc = db_rows_json(d, s, out, err);
    if (rc) return rc;
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row)
    {
        json_t *p = json_object_get(row, "present");
        json_object_set_new(row, "present", json_boolean(json_integer_value(p)));
        json_t *l = json_object_get(row, "lawful");
        if (json_is_integer(l))
            json_object_set_new(row, "lawful", json_boolean(json_integer_value(l)));
        json_t *c = json_object_get(row, "comments");
        json_t *parsed = json_is_string(c) ? json_loads(json_string_value(c), 0, NULL) : NULL;
        json_object_set_new(row, "comments", parsed ? parsed : json_array());
    }
    return UNGDB_OK;
}

ungdb_rc db_attendance_exists(db *d, int64_t lesson_id, int64_t person_id)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_ATT_EXISTS, "SELECT 1 FROM attendance WHERE lesson_id = ? AND person_id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, lesson_id);
    sqlite3_bind_int64(s, 2, person_id);
    return exists(s) ? UNGDB_OK : UNGDB_EINPUT;
}

ungdb_rc db_comment_add(db *d, int64_t lesson_id, int64_t person_id, const char *comment,
                        const char *reason, int64_t by_user, const char *now, int64_t *id,
                        ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_COMMENT_ADD,
                              "INSERT INTO attendance_comments (lesson_id, person_id, comment, "
                              "reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?) "
                              "RETURNING id");
    if (!s) return db_fail(d, err, "comment");
    sqlite3_bind_int64(s, 1, lesson_id);
    sqlite3_bind_int64(s, 2, person_id);
    sqlite3_bind_text(s, 3, comment, -1, SQLITE_TRANSIENT);
    db_bind_text(s, 4, reason);
    sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 6, by_user);
    if (sqlite3_step(s) != SQLITE_ROW) {
        ungdb_rc rc = db_fail(d, err, "comment");
        sqlite3_reset(s);
        return rc;
    }
    if (id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return UNGDB_OK;
}
