/* sqlite.c - the SQLite backend's connection: opening with the durability
 * settings, running the migrations, the prepared-statement cache, small row
 * helpers, transactions and the pool of read connections. */
#include "db_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *db_role_name(db_role r)
{
    switch (r) {
    case DB_ROLE_ADMIN:
        return "admin";
    case DB_ROLE_STAFF:
        return "staff";
    case DB_ROLE_CASEWORKER:
        return "caseworker";
    case DB_ROLE_PUPIL:
        return "pupil";
    case DB_ROLE_GUARDIAN:
        return "guardian";
    case DB_ROLE_RESEARCHER:
        return "researcher";
    default:
        return "none";
    }
}

db_role db_role_parse(const char *s)
{
    for (int r = DB_ROLE_ADMIN; r <= DB_ROLE_RESEARCHER; r++)
        if (s && !strcmp(s, db_role_name((db_role)r))) return (db_role)r;
    return DB_ROLE_NONE;
}

ungdb_rc db_fail(db *d, ungdb_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(d->conn);
    ungdb_rc rc = (code & 0xff) == SQLITE_CONSTRAINT ? UNGDB_EINPUT : UNGDB_EIO;
    return ungdb_error_set(err, rc, "", 0, "", "%s: SQLite: %s", what, sqlite3_errmsg(d->conn));
}

sqlite3_stmt *db_stmt(db *d, int slot, const char *sql)
{
    sqlite3_stmt *s = d->stmts[slot];
    if (!s) {
        if (sqlite3_prepare_v3(d->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &d->stmts[slot],
                               NULL) != SQLITE_OK) {
            fprintf(stderr, "ungdb: db: cannot prepare statement %d: %s\n", slot,
                    sqlite3_errmsg(d->conn));
            return NULL;
        }
        s = d->stmts[slot];
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

void db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

ungdb_rc db_exec_stmt(db *d, sqlite3_stmt *s, ungdb_error *err, const char *what)
{
    if (!s) return ungdb_error_set(err, UNGDB_EINTERNAL, "", 0, "", "%s: no statement", what);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    }
    if (r != SQLITE_DONE) {
        ungdb_rc rc = db_fail(d, err, what);
        sqlite3_reset(s);
        return rc;
    }
    sqlite3_reset(s);
    return UNGDB_OK;
}

void db_col_text(sqlite3_stmt *s, int i, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

json_t *db_row_json(sqlite3_stmt *s)
{
    json_t *o = json_object();
    if (!o) return NULL;
    int n = sqlite3_column_count(s);
    for (int i = 0; i < n; i++) {
        json_t *v;
        switch (sqlite3_column_type(s, i)) {
        case SQLITE_INTEGER:
            v = json_integer(sqlite3_column_int64(s, i));
            break;
        case SQLITE_FLOAT:
            v = json_real(sqlite3_column_double(s, i));
            break;
        case SQLITE_NULL:
            v = json_null();
            break;
        default:
            v = json_string((const char *)sqlite3_column_text(s, i));
            break;
        }
        if (!v) v = json_null(); /* text that is not UTF-8 cannot be in the store */
        json_object_set_new(o, sqlite3_column_name(s, i), v);
    }
    return o;
}

ungdb_rc db_rows_json(db *d, sqlite3_stmt *s, json_t **out, ungdb_error *err)
{
    *out = NULL;
    if (!s) return ungdb_error_set(err, UNGDB_EINTERNAL, "", 0, "", "no statement");
    json_t *a = json_array();
    if (!a) return UNGDB_ENOMEM;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        json_array_append_new(a, db_row_json(s));
    if (r != SQLITE_DONE) {
        ungdb_rc rc = db_fail(d, err, "read");
        sqlite3_reset(s);
        json_decref(a);
        return rc;
    }
    sqlite3_reset(s);
    *out = a;
    return UNGDB_OK;
}

static ungdb_rc exec(db *d, const char *sql, ungdb_error *err, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(d->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ungdb_rc rc = ungdb_error_set(err, UNGDB_EIO, d->path, 0, "", "%s: SQLite: %s", what,
                                      msg ? msg : sqlite3_errmsg(d->conn));
        sqlite3_free(msg);
        return rc;
    }
    return UNGDB_OK;
}

int db_schema_latest(void)
{
    return db_migrations[db_nmigrations - 1].version;
}

int db_schema_version(db *d)
{
    sqlite3_stmt *s = NULL;
    int v = 0;
    if (sqlite3_prepare_v2(d->conn, "SELECT max(version) FROM schema_version", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static ungdb_rc migrate(db *d, ungdb_error *err)
{
    ungdb_rc rc = exec(d,
                       "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                       "what TEXT NOT NULL, applied_at TEXT NOT NULL)",
                       err, "schema_version");
    if (rc) return rc;
    int have = db_schema_version(d);
    if (have > db_schema_latest())
        return ungdb_error_set(err, UNGDB_ESTATE, d->path, 0, "",
                               "the store has schema version %d, newer than this program's %d; "
                               "use a newer ungdb",
                               have, db_schema_latest());
    for (size_t i = 0; i < db_nmigrations; i++) {
        const db_migration *m = &db_migrations[i];
        if (m->version <= have) continue;
        if ((rc = exec(d, "BEGIN IMMEDIATE", err, "migration"))) return rc;
        rc = exec(d, m->sql, err, "migration");
        if (!rc) {
            sqlite3_stmt *s = NULL;
            if (sqlite3_prepare_v2(d->conn,
                                   "INSERT INTO schema_version VALUES (?, ?, "
                                   "strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                                   -1, &s, NULL) != SQLITE_OK) {
                rc = db_fail(d, err, "migration");
            } else {
                sqlite3_bind_int(s, 1, m->version);
                sqlite3_bind_text(s, 2, m->what, -1, SQLITE_STATIC);
                if (sqlite3_step(s) != SQLITE_DONE) rc = db_fail(d, err, "migration");
                sqlite3_finalize(s);
            }
        }
        if (!rc) rc = exec(d, "COMMIT", err, "migration");
        if (rc) {
            exec(d, "ROLLBACK", NULL, "migration");
            return rc;
        }
    }
    return UNGDB_OK;
}

/* Process-wide settings, before SQLite's first use: no memory statistics
 * (with them every allocation of every connection takes one global mutex;
 * nothing here reads them). sqlite3_config refuses once SQLite is in use, which
 * leaves the defaults: only slower. */
static void configure_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

ungdb_rc db_open(db **out, const char *path, bool migrate_now, ungdb_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_once);
    *out = NULL;
    db *d = calloc(1, sizeof *d);
    if (!d) return UNGDB_ENOMEM;
    snprintf(d->path, sizeof d->path, "%s", path);
    ungdb_rc rc;
    if (sqlite3_open_v2(path, &d->conn,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot open the store: %s",
                             d->conn ? sqlite3_errmsg(d->conn) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(d->conn, 10000);
    /* WAL with synchronous=FULL: every COMMIT is fsync'ed to the WAL before
     * it returns, so an acknowledged change survives a crash or power loss. */
    if ((rc = exec(d,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                   "PRAGMA temp_store=MEMORY;",
                   err, "settings")))
        goto fail;
    if (migrate_now && (rc = migrate(d, err))) goto fail;
    *out = d;
    return UNGDB_OK;
fail:
    db_close(d);
    return rc;
}

void db_close(db *d)
{
    if (!d) return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(d->stmts[i]);
    sqlite3_close(d->conn);
    free(d);
}

ungdb_rc db_begin(db *d, ungdb_error *err)
{
    return db_exec_stmt(d, db_stmt(d, Q_BEGIN, "BEGIN IMMEDIATE"), err, "begin");
}

ungdb_rc db_commit(db *d, ungdb_error *err)
{
    return db_exec_stmt(d, db_stmt(d, Q_COMMIT, "COMMIT"), err, "commit");
}

void db_rollback(db *d)
{
    if (!sqlite3_get_autocommit(d->conn))
        db_exec_stmt(d, db_stmt(d, Q_ROLLBACK, "ROLLBACK"), NULL, "rollback");
}

void db_read_begin(db *d)
{
    /* a failure only means the reads run as statements of their own */
    db_exec_stmt(d, db_stmt(d, Q_READ_BEGIN, "BEGIN DEFERRED"), NULL, "read begin");
}

void db_read_end(db *d)
{
    if (!sqlite3_get_autocommit(d->conn))
        db_exec_stmt(d, db_stmt(d, Q_READ_END, "COMMIT"), NULL, "read end");
}

ungdb_rc db_savepoint(db *d, ungdb_error *err)
{
    return db_exec_stmt(d, db_stmt(d, Q_SAVEPOINT, "SAVEPOINT w"), err, "savepoint");
}

ungdb_rc db_release(db *d, ungdb_error *err)
{
    return db_exec_stmt(d, db_stmt(d, Q_RELEASE, "RELEASE w"), err, "release");
}

void db_rollback_to(db *d)
{
    db_exec_stmt(d, db_stmt(d, Q_ROLLBACK_TO, "ROLLBACK TO w"), NULL, "rollback to");
    db_release(d, NULL);
}

/* ---- the read pool ---- */

struct db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    db **free_list;
    int nfree, n;
};

ungdb_rc db_pool_open(db_pool **out, const char *path, int n, ungdb_error *err)
{
    *out = NULL;
    db_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->free_list = calloc((size_t)n, sizeof *p->free_list))) {
        free(p);
        return UNGDB_ENOMEM;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < n; i++) {
        ungdb_rc rc = db_open(&p->free_list[i], path, false, err);
        if (rc) {
            p->nfree = p->n = i;
            db_pool_close(p);
            return rc;
        }
    }
    p->nfree = p->n = n;
    *out = p;
    return UNGDB_OK;
}

db *db_pool_get(db_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->nfree == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    db *d = p->free_list[--p->nfree];
    pthread_mutex_unlock(&p->mu);
    return d;
}

void db_pool_put(db_pool *p, db *d)
{
    if (!d) return;
    /* never back into the pool inside a transaction (a read transaction's
     * snapshot would go stale and hold back the WAL's checkpoints); the pool's
     * connections only read, so this ends what a caller left open */
    db_rollback(d);
    pthread_mutex_lock(&p->mu);
    p->free_list[p->nfree++] = d;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void db_pool_close(db_pool *p)
{
    if (!p) return;
    for (int i = 0; i < p->nfree; i++)
        db_close(p->free_list[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->free_list);
    free(p);
}
