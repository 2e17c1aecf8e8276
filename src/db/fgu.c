/* fgu.c - the FGU course facts of an enrolment (schema version 3,
 * `fgu_facts`): the `fgu` object of the rules engine's case form
 * (docs/rules.md) as JSON text, checked by the engine's parser before it is
 * stored (src/server/api_fgu.c). The draft FGU order's rules (family fgu,
 * src/rules/fgu.c) read it through the case built in
 * src/server/case_build.c. */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ungdb_rc db_fgu_enrolment(db *d, int64_t person_id, int64_t enrolment_id, db_fgu_spell *out,
                          ungdb_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = db_stmt(d, Q_FGU_ENROL,
                              "SELECT e.institution_id, i.kind, e.start_date, e.end_date FROM "
                              "enrolments e JOIN institutions i ON i.id = e.institution_id WHERE "
                              "e.id = ? AND e.person_id = ? AND e.role = 'pupil'");
    if (!s) return db_fail(d, err, "enrolment");
    sqlite3_bind_int64(s, 1, enrolment_id);
    sqlite3_bind_int64(s, 2, person_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->enrolment_id = enrolment_id;
        out->institution_id = sqlite3_column_int64(s, 0);
        db_col_text(s, 1, out->kind, sizeof out->kind);
        db_col_text(s, 2, out->start, sizeof out->start);
        db_col_text(s, 3, out->end, sizeof out->end);
    }
    sqlite3_reset(s);
    if (r == SQLITE_ROW) return UNGDB_OK;
    if (r == SQLITE_DONE)
        return ungdb_error_set(err, UNGDB_EINPUT, "", 0, "enrolment",
                               "enrolment %lld is not a pupil spell of person %lld",
                               (long long)enrolment_id, (long long)person_id);
    return db_fail(d, err, "enrolment");
}

ungdb_rc db_fgu_get(db *d, int64_t enrolment_id, char **facts, char updated_at[24],
                    ungdb_error *err)
{
    *facts = NULL;
    if (updated_at) updated_at[0] = 0;
    sqlite3_stmt *s =
        db_stmt(d, Q_FGU_GET, "SELECT facts, updated_at FROM fgu_facts WHERE enrolment_id = ?");
    if (!s) return db_fail(d, err, "fgu");
    sqlite3_bind_int64(s, 1, enrolment_id);
    int r = sqlite3_step(s);
    ungdb_rc rc = UNGDB_OK;
    if (r == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (!(*facts = strdup(t ? t : "{}"))) rc = UNGDB_ENOMEM;
        if (updated_at) db_col_text(s, 1, updated_at, 24);
    } else {
        rc = r == SQLITE_DONE ? UNGDB_EINPUT : db_fail(d, err, "fgu");
    }
    sqlite3_reset(s);
    return rc;
}

ungdb_rc db_fgu_put(db *d, const db_fgu_spell *e, int64_t person_id, const char *facts,
                    int64_t by_user, const char *now, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_FGU_PUT,
                              "INSERT INTO fgu_facts (enrolment_id, person_id, institution_id, "
                              "facts, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON "
                              "CONFLICT (enrolment_id) DO UPDATE SET facts = excluded.facts, "
                              "updated_at = excluded.updated_at, updated_by = "
                              "excluded.updated_by");
    if (s) {
        sqlite3_bind_int64(s, 1, e->enrolment_id);
        sqlite3_bind_int64(s, 2, person_id);
        sqlite3_bind_int64(s, 3, e->institution_id);
        sqlite3_bind_text(s, 4, facts, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 6, by_user);
    }
    return db_exec_stmt(d, s, err, "fgu");
}
