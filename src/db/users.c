/* users.c - users, their institutions, sessions and the audit log. */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

ungdb_rc db_user_add(db *d, const db_user_new *u, int64_t *id, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_USER_ADD,
                              "INSERT INTO users (username, pwhash, role, person_id, municipality, "
                              "created_at) VALUES (?, ?, ?, ?, ?, "
                              "strftime('%Y-%m-%dT%H:%M:%SZ','now')) RETURNING id");
    if (!s) return db_fail(d, err, "add user");
    sqlite3_bind_text(s, 1, u->username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, u->pwhash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, db_role_name(u->role), -1, SQLITE_STATIC);
    if (u->person_id)
        sqlite3_bind_int64(s, 4, u->person_id);
    else
        sqlite3_bind_null(s, 4);
    db_bind_text(s, 5, u->municipality);
    if (sqlite3_step(s) != SQLITE_ROW) {
        ungdb_rc rc = db_fail(d, err, "add user");
        sqlite3_reset(s);
        return rc;
    }
    int64_t uid = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    for (size_t i = 0; i < u->ninstitutions; i++) {
        sqlite3_stmt *t = db_stmt(d, Q_USER_INST_ADD,
                                  "INSERT INTO user_institutions VALUES (?, ?) "
                                  "ON CONFLICT DO NOTHING");
        if (!t) return db_fail(d, err, "add user");
        sqlite3_bind_int64(t, 1, uid);
        sqlite3_bind_int64(t, 2, u->institutions[i]);
        ungdb_rc rc = db_exec_stmt(d, t, err, "add user institution");
        if (rc) return rc;
    }
    if (id) *id = uid;
    return UNGDB_OK;
}

static ungdb_rc user_row(sqlite3_stmt *s, db_user *u)
{
    memset(u, 0, sizeof *u);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        u->id = sqlite3_column_int64(s, 0);
        db_col_text(s, 1, u->username, sizeof u->username);
        db_col_text(s, 2, u->pwhash, sizeof u->pwhash);
        u->role = db_role_parse((const char *)sqlite3_column_text(s, 3));
        u->person_id = sqlite3_column_int64(s, 4);
        db_col_text(s, 5, u->municipality, sizeof u->municipality);
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

#define USER_COLS                                                                                  \
    "SELECT id, username, pwhash, role, coalesce(person_id, 0), municipality FROM users"

ungdb_rc db_user_by_name(db *d, const char *username, db_user *u)
{
    sqlite3_stmt *s = db_stmt(d, Q_USER_BY_NAME, USER_COLS " WHERE username = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    return user_row(s, u);
}

ungdb_rc db_user_get(db *d, int64_t id, db_user *u)
{
    sqlite3_stmt *s = db_stmt(d, Q_USER_GET, USER_COLS " WHERE id = ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_int64(s, 1, id);
    return user_row(s, u);
}

static bool exists(sqlite3_stmt *s)
{
    if (!s) return false;
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return yes;
}

bool db_user_has_institution(db *d, int64_t user_id, int64_t institution_id)
{
    sqlite3_stmt *s = db_stmt(d, Q_USER_HAS_INST,
                              "SELECT 1 FROM user_institutions WHERE user_id = ? AND "
                              "institution_id = ?");
    if (!s) return false;
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, institution_id);
    return exists(s);
}

ungdb_rc db_session_add(db *d, const char *id_hash, int64_t user_id, const char *csrf,
                        const char *created_at, const char *expires_at, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_SESSION_ADD, "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)");
    if (!s) return db_fail(d, err, "add session");
    sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, user_id);
    sqlite3_bind_text(s, 3, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, created_at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, expires_at, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(d, s, err, "add session");
}

ungdb_rc db_session_get(db *d, const char *id_hash, const char *now, int64_t *user_id,
                        char csrf[65])
{
    sqlite3_stmt *s = db_stmt(d, Q_SESSION_GET,
                              "SELECT user_id, csrf FROM sessions WHERE id_hash = ? AND "
                              "expires_at > ?");
    if (!s) return UNGDB_EIO;
    sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(s, 0);
        db_col_text(s, 1, csrf, 65);
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW ? UNGDB_OK : r == SQLITE_DONE ? UNGDB_EINPUT : UNGDB_EIO;
}

ungdb_rc db_session_delete(db *d, const char *id_hash, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_SESSION_DELETE, "DELETE FROM sessions WHERE id_hash = ?");
    if (!s) return db_fail(d, err, "delete session");
    sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(d, s, err, "delete session");
}

ungdb_rc db_sessions_expire(db *d, const char *now, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_SESSION_EXPIRE, "DELETE FROM sessions WHERE expires_at <= ?");
    if (!s) return db_fail(d, err, "expire sessions");
    sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(d, s, err, "expire sessions");
}

ungdb_rc db_audit_add(db *d, const db_audit *a, ungdb_error *err)
{
    sqlite3_stmt *s = db_stmt(d, Q_AUDIT_ADD,
                              "INSERT INTO audit (at, user_id, role, action, object, subjects, "
                              "ip, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) return db_fail(d, err, "audit");
    sqlite3_bind_text(s, 1, a->at, -1, SQLITE_TRANSIENT);
    if (a->user_id)
        sqlite3_bind_int64(s, 2, a->user_id);
    else
        sqlite3_bind_null(s, 2);
    db_bind_text(s, 3, a->role);
    sqlite3_bind_text(s, 4, a->action, -1, SQLITE_TRANSIENT);
    db_bind_text(s, 5, a->object);
    db_bind_text(s, 6, a->subjects);
    db_bind_text(s, 7, a->ip);
    sqlite3_bind_text(s, 8, a->outcome, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(d, s, err, "audit");
}

ungdb_rc db_audit_list(db *d, int64_t user_id, int64_t subject, const char *from, const char *to,
                       int64_t before_id, int limit, json_t **out, ungdb_error *err)
{
    /* `subjects` is a comma list: the match is on ',' || subjects || ',' so
     * that 12 does not match 123. */
    sqlite3_stmt *s =
        db_stmt(d, Q_AUDIT_LIST,
                "SELECT id, at, user_id, role, action, object, subjects, ip, outcome FROM audit "
                "WHERE (?1 = 0 OR user_id = ?1) "
                "AND (?2 = 0 OR instr(',' || coalesce(subjects, '') || ',', ',' || ?2 || ',') > 0) "
                "AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4) "
                "AND (?5 = 0 OR id < ?5) ORDER BY id DESC LIMIT ?6");
    if (!s) return db_fail(d, err, "audit");
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, subject);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, to);
    sqlite3_bind_int64(s, 5, before_id);
    sqlite3_bind_int(s, 6, limit);
    return db_rows_json(d, s, out, err);
}
