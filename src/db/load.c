/* load.c - the upserts behind `ungdb import` and the demo set-up. Every
 * statement is keyed on the natural key of the deliveries (institution
 * code, roster user id, group and lesson ids), so loading the same data
 * twice changes nothing. */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

/* Steps an upsert with RETURNING id. An upsert whose DO UPDATE ... WHERE
 * found nothing to change returns no row (and changes nothing): *id is then
 * left at 0 and the caller looks the row up. */
static ungdb_rc returning(db *d, sqlite3_stmt *s, int64_t *id, ungdb_error *err, const char *what)
{
    if (!s) return db_fail(d, err, what);
    int r = sqlite3_step(s);
    if (r == SQLITE_DONE) {
        sqlite3_reset(s);
        if (id) *id = 0;
        return UNGDB_OK;
    }
    if (r != SQLITE_ROW) {
        ungdb_rc rc = db_fail(d, err, what);
        sqlite3_reset(s);
        return rc;
    }
    if (id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return UNGDB_OK;
}

static ungdb_rc find(db *d, sqlite3_stmt *s, int64_t *id)
{
    if (!s) return UNGDB_EIO;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    (void)d;
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

ungdb_rc db_import_institution(db *d, const char *code, int64_t *id, ungdb_error *err)
{
    /* DO UPDATE with an unchanged value, so that RETURNING gives the id of an
     * existing row too; the name of a new institution is its number until
     * someone names it. */
    sqlite3_stmt *s = db_stmt(d, Q_IMP_INST,
                              "INSERT INTO institutions (code, name) VALUES (?1, 'Institution ' "
                              "|| ?1) ON CONFLICT (code) DO NOTHING RETURNING id");
    if (s) sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    ungdb_rc rc = returning(d, s, id, err, "institution");
    if (!rc && !*id) rc = db_find_institution(d, code, id);
    return rc;
}

ungdb_rc db_import_person(db *d, const char *user_id, const char *cpr, const char *birth_date,
                          int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_PERSON,
                              "INSERT INTO persons (user_id, cpr, birth_date) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (user_id) DO UPDATE SET cpr = excluded.cpr, "
                              "birth_date = excluded.birth_date WHERE persons.cpr IS NOT "
                              "excluded.cpr OR persons.birth_date IS NOT excluded.birth_date "
                              "RETURNING id");
    if (s) {
        sqlite3_bind_text(s, 1, user_id, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 2, cpr);
        db_bind_text(s, 3, birth_date);
    }
    ungdb_rc rc = returning(d, s, id, err, "person");
    if (!rc && !*id) rc = db_find_person(d, user_id, id);
    return rc;
}

ungdb_rc db_import_person_names(db *d, const char *user_id, const char *given, const char *family,
                                ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_NAMES,
                              "UPDATE persons SET given_name = ?2, family_name = ?3 WHERE "
                              "user_id = ?1 AND (given_name IS NOT ?2 OR family_name IS NOT ?3)");
    if (s) {
        sqlite3_bind_text(s, 1, user_id, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 2, given);
        db_bind_text(s, 3, family);
    }
    return db_exec_stmt(d, s, err, "person names");
}

ungdb_rc db_import_enrolment(db *d, int64_t person_id, int64_t institution_id, const char *role,
                             int grade, const char *start, const char *end, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_ENROL,
                              "INSERT INTO enrolments (person_id, institution_id, role, grade, "
                              "start_date, end_date) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                              "(person_id, institution_id, role, grade, start_date) DO UPDATE "
                              "SET end_date = excluded.end_date WHERE enrolments.end_date IS NOT "
                              "excluded.end_date");
    if (s) {
        sqlite3_bind_int64(s, 1, person_id);
        sqlite3_bind_int64(s, 2, institution_id);
        sqlite3_bind_text(s, 3, role, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 4, grade);
        sqlite3_bind_text(s, 5, start, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 6, end);
    }
    return db_exec_stmt(d, s, err, "enrolment");
}

ungdb_rc db_import_group(db *d, int64_t institution_id, const char *code, const char *name,
                         const char *type, const char *start, const char *end, int64_t *id,
                         ungdb_error *err)
{
    /* The caller merges a group's spells into one (first start, last end). */
    sqlite3_stmt *s = db_stmt(
        d, Q_IMP_GROUP,
        "INSERT INTO groups (institution_id, code, name, type, start_date, end_date) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (institution_id, code) DO UPDATE SET "
        "name = excluded.name, type = excluded.type, start_date = excluded.start_date, "
        "end_date = excluded.end_date WHERE groups.name IS NOT excluded.name OR groups.type IS "
        "NOT excluded.type OR groups.start_date IS NOT excluded.start_date OR groups.end_date "
        "IS NOT excluded.end_date RETURNING id");
    if (s) {
        sqlite3_bind_int64(s, 1, institution_id);
        sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, type, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 5, start);
        db_bind_text(s, 6, end);
    }
    ungdb_rc rc = returning(d, s, id, err, "group");
    if (!rc && !*id) rc = db_find_group(d, institution_id, code, id);
    return rc;
}

ungdb_rc db_import_member(db *d, int64_t group_id, int64_t person_id, const char *start,
                          const char *end, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_MEMBER,
                              "INSERT INTO group_members VALUES (?, ?, ?, ?) ON CONFLICT "
                              "(group_id, person_id, start_date) DO UPDATE SET end_date = "
                              "excluded.end_date WHERE group_members.end_date IS NOT "
                              "excluded.end_date");
    if (s) {
        sqlite3_bind_int64(s, 1, group_id);
        sqlite3_bind_int64(s, 2, person_id);
        sqlite3_bind_text(s, 3, start, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 4, end);
    }
    return db_exec_stmt(d, s, err, "group member");
}

ungdb_rc db_import_lesson(db *d, int64_t institution_id, const char *code, const char *title,
                          const char *subject, const char *starts_at, const char *ends_at,
                          int minutes, int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_LESSON,
                              "INSERT INTO lessons (institution_id, code, title, subject, "
                              "starts_at, ends_at, minutes) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
                              "CONFLICT (institution_id, code) DO UPDATE SET title = "
                              "excluded.title, subject = excluded.subject, starts_at = "
                              "excluded.starts_at, ends_at = excluded.ends_at, minutes = "
                              "excluded.minutes WHERE lessons.title IS NOT excluded.title OR "
                              "lessons.subject IS NOT excluded.subject OR lessons.starts_at IS "
                              "NOT excluded.starts_at OR lessons.ends_at IS NOT excluded.ends_at "
                              "OR lessons.minutes IS NOT excluded.minutes RETURNING id");
    if (s) {
        sqlite3_bind_int64(s, 1, institution_id);
        sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, title, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 4, subject);
        sqlite3_bind_text(s, 5, starts_at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 6, ends_at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 7, minutes);
    }
    ungdb_rc rc = returning(d, s, id, err, "lesson");
    if (!rc && !*id) rc = db_find_lesson(d, institution_id, code, id);
    return rc;
}

ungdb_rc db_import_lesson_group(db *d, int64_t lesson_id, int64_t group_id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_LESSON_GROUP,
                              "INSERT INTO lesson_groups VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (s) {
        sqlite3_bind_int64(s, 1, lesson_id);
        sqlite3_bind_int64(s, 2, group_id);
    }
    return db_exec_stmt(d, s, err, "lesson group");
}

ungdb_rc db_import_lesson_staff(db *d, int64_t lesson_id, int64_t person_id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_LESSON_STAFF,
                              "INSERT INTO lesson_staff VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (s) {
        sqlite3_bind_int64(s, 1, lesson_id);
        sqlite3_bind_int64(s, 2, person_id);
    }
    return db_exec_stmt(d, s, err, "lesson staff");
}

ungdb_rc db_import_record(db *d, const char *deliveries, const char *now, const char *summary,
                          ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_IMP_RECORD,
                              "INSERT INTO imports (deliveries, imported_at, summary) VALUES (?, "
                              "?, ?)");
    if (s) {
        sqlite3_bind_text(s, 1, deliveries, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, summary, -1, SQLITE_TRANSIENT);
    }
    return db_exec_stmt(d, s, err, "import record");
}

ungdb_rc db_find_institution(db *d, const char *code, int64_t *id)
{
    sqlite3_stmt *s = db_stmt(d, Q_FIND_INST, "SELECT id FROM institutions WHERE code = ?");
    if (s) sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    return find(d, s, id);
}

ungdb_rc db_find_person(db *d, const char *user_id, int64_t *id)
{
    sqlite3_stmt *s = db_stmt(d, Q_FIND_PERSON, "SELECT id FROM persons WHERE user_id = ?");
    if (s) sqlite3_bind_text(s, 1, user_id, -1, SQLITE_TRANSIENT);
    return find(d, s, id);
}

ungdb_rc db_find_group(db *d, int64_t institution_id, const char *code, int64_t *id)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_FIND_GROUP, "SELECT id FROM groups WHERE institution_id = ? AND code = ?");
    if (s) {
        sqlite3_bind_int64(s, 1, institution_id);
        sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
    }
    return find(d, s, id);
}

ungdb_rc db_find_lesson(db *d, int64_t institution_id, const char *code, int64_t *id)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_FIND_LESSON, "SELECT id FROM lessons WHERE institution_id = ? AND code = ?");
    if (s) {
        sqlite3_bind_int64(s, 1, institution_id);
        sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
    }
    return find(d, s, id);
}

ungdb_rc db_set_institution(db *d, int64_t id, const char *name, const char *kind,
                            const char *municipality, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_SET_INST,
                              "UPDATE institutions SET name = ?, kind = ?, municipality = ? "
                              "WHERE id = ?");
    if (s) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, kind, -1, SQLITE_TRANSIENT);
        db_bind_text(s, 3, municipality);
        sqlite3_bind_int64(s, 4, id);
    }
    return db_exec_stmt(d, s, err, "institution");
}

ungdb_rc db_set_residence(db *d, int64_t person_id, const char *municipality, ungdb_error *err)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_SET_RESIDENCE, "UPDATE persons SET municipality = ? WHERE id = ?");
    if (s) {
        db_bind_text(s, 1, municipality);
        sqlite3_bind_int64(s, 2, person_id);
    }
    return db_exec_stmt(d, s, err, "residence");
}

ungdb_rc db_add_guardian(db *d, int64_t guardian_id, int64_t child_id, ungdb_error *err)
{
    sqlite3_stmt *s =
        db_stmt(d, Q_ADD_GUARDIAN, "INSERT INTO guardians VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (s) {
        sqlite3_bind_int64(s, 1, guardian_id);
        sqlite3_bind_int64(s, 2, child_id);
    }
    return db_exec_stmt(d, s, err, "guardian");
}

ungdb_rc db_add_person(db *d, const char *given, const char *family, const char *birth_date,
                       const char *municipality, int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_ADD_PERSON,
                              "INSERT INTO persons (given_name, family_name, birth_date, "
                              "municipality) VALUES (?, ?, ?, ?) RETURNING id");
    if (s) {
        db_bind_text(s, 1, given);
        db_bind_text(s, 2, family);
        db_bind_text(s, 3, birth_date);
        db_bind_text(s, 4, municipality);
    }
    return returning(d, s, id, err, "person");
}

int64_t db_total_changes(db *d)
{
    return sqlite3_total_changes64(d->conn);
}

ungdb_rc db_counts(db *d, json_t **out, ungdb_error *err)
{
    static const char *const tables[] = {"institutions",  "persons",       "enrolments",
                                         "groups",        "group_members", "lessons",
                                         "lesson_groups", "lesson_staff",  "attendance",
                                         "users",         "audit",         "reports",
                                         "outbox",        "tasks",         "guardians",
                                         "assessments",   "notices",       "attendance_comments"};
    *out = json_object();
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        /* Table names come from the fixed list above, never from input. */
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(d->conn, sql, -1, &s, NULL) != SQLITE_OK ||
            sqlite3_step(s) != SQLITE_ROW) {
            sqlite3_finalize(s);
            json_decref(*out);
            *out = NULL;
            return db_fail(d, err, "counts");
        }
        json_object_set_new(*out, tables[i], json_integer(sqlite3_column_int64(s, 0)));
        sqlite3_finalize(s);
    }
    return UNGDB_OK;
}

ungdb_rc db_demo_rules_facts(db *d, const char *planned_end, ungdb_error *err)
{
    static const char *const sql[] = {
        "UPDATE persons SET completed_youth_education = 0, completed_higher_education = 0 "
        "WHERE id IN (SELECT person_id FROM enrolments WHERE role = 'pupil')",
        "UPDATE enrolments SET planned_end = ?1 WHERE role = 'pupil' AND end_date IS NULL AND "
        "planned_end IS NULL AND start_date <= ?1"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(d->conn, sql[i], -1, &s, NULL) != SQLITE_OK)
            return db_fail(d, err, "demo");
        if (i == 1) sqlite3_bind_text(s, 1, planned_end, -1, SQLITE_TRANSIENT);
        int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE) return db_fail(d, err, "demo");
    }
    return UNGDB_OK;
}

ungdb_rc db_demo_busiest_teacher(db *d, int64_t institution_id, const char *day, int64_t *person,
                                 ungdb_error *err)
{
    *person = 0;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(d->conn,
                           "SELECT ls.person_id, sum(substr(l.starts_at, 1, 10) = ?2) AS today, "
                           "count(*) AS n FROM lesson_staff ls JOIN lessons l ON l.id = "
                           "ls.lesson_id WHERE l.institution_id = ?1 GROUP BY ls.person_id ORDER "
                           "BY today DESC, n DESC, ls.person_id LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return db_fail(d, err, "demo");
    sqlite3_bind_int64(s, 1, institution_id);
    sqlite3_bind_text(s, 2, day, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) *person = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (r == SQLITE_ROW) return UNGDB_OK;
    if (r == SQLITE_DONE)
        return ungdb_error_set(err, UNGDB_EINPUT, "", 0, "", "no lessons with staff");
    return db_fail(d, err, "demo");
}
