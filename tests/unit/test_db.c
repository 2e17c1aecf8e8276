/* Unit tests of the case-handling store (src/db/): migrations from scratch
 * and from every older version (data kept), a store newer than the program
 * refused, and group commit's savepoints: a failing write in a batch rolls
 * back only its own changes; a lesson's registrations of any size written
 * whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/db_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *temp_store(char dir[64])
{
    snprintf(dir, 64, "/tmp/ungdb-test-db-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char *path = malloc(128);
    snprintf(path, 128, "%s/store.sqlite", dir);
    return path;
}

static void remove_store(const char *dir, char *path)
{
    char p[160];
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
    rmdir(dir);
    free(path);
}

static int64_t scalar(sqlite3 *c, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &s, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
}

static void exec_ok(sqlite3 *c, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

/* Every table the newest schema documents (docs/server.md). */
static const char *const tables[] = {
    "institutions", "persons",    "enrolments", "guardians", "groups",  "group_members",
    "lessons",      "attendance", "users",      "sessions",  "audit",   "notices",
    "assessments",  "reports",    "outbox",     "tasks",     "imports", "institution_criteria",
    "duty_steps",   "stu_cases",  "fgu_facts",  NULL};

static void migrates_a_new_store_to_the_newest_version(void **state)
{
    (void)state;
    char dir[64];
    char *path = temp_store(dir);
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, true, &err), UNGDB_OK);
    assert_int_equal(db_schema_version(d), db_schema_latest());
    assert_true(db_schema_latest() >= 2);
    for (const char *const *t = tables; *t; t++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE name = '%s'", *t);
        assert_int_equal(scalar(d->conn, sql), 1);
    }
    /* one row per migration, in order */
    assert_int_equal(scalar(d->conn, "SELECT count(*) FROM schema_version"),
                     (int64_t)db_nmigrations);
    /* WAL and full synchronous durability */
    assert_int_equal(scalar(d->conn, "PRAGMA synchronous"), 2);
    db_close(d);
    /* opening again changes nothing */
    assert_int_equal(db_open(&d, path, true, &err), UNGDB_OK);
    assert_int_equal(scalar(d->conn, "SELECT count(*) FROM schema_version"),
                     (int64_t)db_nmigrations);
    db_close(d);
    remove_store(dir, path);
}

/* A store made by an older program (migrations 1..v only) with data in it:
 * opening it runs the rest, keeps the data, and the new columns are NULL
 * (not recorded), never guessed. */
static void migrates_every_older_version_keeping_the_data(void **state)
{
    (void)state;
    for (size_t v = 1; v < db_nmigrations; v++) {
        char dir[64];
        char *path = temp_store(dir);
        sqlite3 *c = NULL;
        assert_int_equal(sqlite3_open(path, &c), SQLITE_OK);
        exec_ok(c, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, what TEXT NOT "
                   "NULL, applied_at TEXT NOT NULL)");
        for (size_t i = 0; i < v; i++) {
            exec_ok(c, db_migrations[i].sql);
            char sql[200];
            snprintf(sql, sizeof sql,
                     "INSERT INTO schema_version VALUES (%d, 'old', '2026-01-01T00:00:00Z')",
                     db_migrations[i].version);
            exec_ok(c, sql);
        }
        exec_ok(c, "INSERT INTO institutions (id, code, name, kind) VALUES (7, '123456', "
                   "'Gammel Skole', 'fgu');"
                   "INSERT INTO persons (id, user_id, birth_date, municipality) VALUES (9, "
                   "'u9', '2008-05-01', '0751');"
                   "INSERT INTO enrolments (person_id, institution_id, role, start_date) "
                   "VALUES (9, 7, 'pupil', '2025-08-11')");
        sqlite3_close(c);
        db *d = NULL;
        ungdb_error err;
        assert_int_equal(db_open(&d, path, true, &err), UNGDB_OK);
        assert_int_equal(db_schema_version(d), db_schema_latest());
        assert_int_equal(scalar(d->conn, "SELECT count(*) FROM persons WHERE id = 9 AND "
                                         "birth_date = '2008-05-01'"),
                         1);
        assert_int_equal(scalar(d->conn, "SELECT count(*) FROM enrolments WHERE person_id = 9 "
                                         "AND planned_end IS NULL"),
                         1);
        assert_int_equal(scalar(d->conn, "SELECT count(*) FROM persons WHERE id = 9 AND "
                                         "completed_youth_education IS NULL"),
                         1);
        /* the store works through the interface */
        db_person p;
        assert_int_equal(db_person_get(d, 9, &p), UNGDB_OK);
        assert_string_equal(p.municipality, "0751");
        assert_int_equal(db_criteria_put(d, 7, "[a]\n", 1, "2026-01-01T00:00:00Z", &err), UNGDB_OK);
        db_close(d);
        remove_store(dir, path);
    }
}

static void refuses_a_store_newer_than_the_program(void **state)
{
    (void)state;
    char dir[64];
    char *path = temp_store(dir);
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, true, &err), UNGDB_OK);
    exec_ok(d->conn, "INSERT INTO schema_version VALUES (999, 'future', '2030-01-01T00:00:00Z')");
    db_close(d);
    ungdb_error_clear(&err);
    assert_int_equal(db_open(&d, path, true, &err), UNGDB_ESTATE);
    assert_null(d);
    assert_non_null(strstr(err.message, "newer than this program"));
    remove_store(dir, path);
}

/* ---- group commit: a SAVEPOINT per request ---- */

typedef struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool entered; /* the writer is inside hold() */
    bool open;
} gate;

static gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false};

/* The first write holds the writer until the others are queued, so that
 * they are taken as one batch. */
static ungdb_rc hold(db *d, void *arg, ungdb_error *err)
{
    (void)d, (void)arg, (void)err;
    pthread_mutex_lock(&g.mu);
    g.entered = true;
    pthread_cond_broadcast(&g.cv);
    while (!g.open)
        pthread_cond_wait(&g.cv, &g.mu);
    pthread_mutex_unlock(&g.mu);
    return UNGDB_OK;
}

static ungdb_rc add_institution(db *d, void *arg, ungdb_error *err)
{
    int64_t id;
    return db_import_institution(d, (const char *)arg, &id, err);
}

/* Inserts a row, then fails: its row must not survive. */
static ungdb_rc add_then_fail(db *d, void *arg, ungdb_error *err)
{
    int64_t id;
    ungdb_rc rc = db_import_institution(d, (const char *)arg, &id, err);
    if (rc) return rc;
    return ungdb_error_set(err, UNGDB_EINPUT, "", 0, "x", "refused after a change");
}

/* A constraint violation inside the store: a session of a user that does
 * not exist (foreign key). */
static ungdb_rc violate(db *d, void *arg, ungdb_error *err)
{
    (void)arg;
    int64_t id;
    ungdb_rc rc = db_import_institution(d, "999001", &id, err);
    if (rc) return rc;
    return db_session_add(d, "h", 424242, "c", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", err);
}

typedef struct done_box {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done;
} done_box;
static done_box box = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static void on_done(db_write *w)
{
    (void)w;
    pthread_mutex_lock(&box.mu);
    box.done++;
    pthread_cond_broadcast(&box.cv);
    pthread_mutex_unlock(&box.mu);
}

static size_t batches[16], nbatches;
static void on_batch(void *ctx, size_t n, double seconds)
{
    (void)ctx, (void)seconds;
    if (nbatches < 16) batches[nbatches++] = n;
}

static void a_failing_write_rolls_back_only_itself(void **state)
{
    (void)state;
    char dir[64];
    char *path = temp_store(dir);
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, true, &err), UNGDB_OK);
    db_close(d);
    db_writer *wr = NULL;
    db_writer_opts o = {.on_batch = on_batch};
    assert_int_equal(db_writer_start(&wr, path, &o, &err), UNGDB_OK);
    db_write w[6] = {
        {.fn = hold, .done = on_done},
        {.fn = add_institution, .arg = (void *)"100001", .done = on_done},
        {.fn = add_then_fail, .arg = (void *)"100002", .done = on_done},
        {.fn = add_institution, .arg = (void *)"100003", .done = on_done},
        {.fn = violate, .done = on_done},
        {.fn = add_institution, .arg = (void *)"100004", .done = on_done},
    };
    db_writer_submit(wr, &w[0]);
    /* wait until the writer is inside w[0] (not a sleep: under load the
     * writer may take longer to start it), then queue the rest behind it */
    pthread_mutex_lock(&g.mu);
    while (!g.entered)
        pthread_cond_wait(&g.cv, &g.mu);
    pthread_mutex_unlock(&g.mu);
    for (int i = 1; i < 6; i++)
        db_writer_submit(wr, &w[i]);
    pthread_mutex_lock(&g.mu);
    g.open = true;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.mu);
    pthread_mutex_lock(&box.mu);
    while (box.done < 6)
        pthread_cond_wait(&box.cv, &box.mu);
    pthread_mutex_unlock(&box.mu);
    db_writer_stop(wr);
    /* the five were one batch (one transaction, one commit) */
    assert_int_equal(nbatches, 2);
    assert_int_equal(batches[0], 1);
    assert_int_equal(batches[1], 5);
    assert_int_equal(w[1].rc, UNGDB_OK);
    assert_int_equal(w[2].rc, UNGDB_EINPUT);
    assert_string_equal(w[2].err.field, "x");
    assert_int_equal(w[3].rc, UNGDB_OK);
    assert_int_not_equal(w[4].rc, UNGDB_OK);
    assert_int_equal(w[5].rc, UNGDB_OK);
    assert_int_equal(db_open(&d, path, false, &err), UNGDB_OK);
    assert_int_equal(scalar(d->conn, "SELECT count(*) FROM institutions WHERE code IN "
                                     "('100001', '100003', '100004')"),
                     3);
    /* the failing writes left nothing, not even their first change */
    assert_int_equal(
        scalar(d->conn, "SELECT count(*) FROM institutions WHERE code IN ('100002', '999001')"), 0);
    assert_int_equal(scalar(d->conn, "SELECT count(*) FROM sessions"), 0);
    db_close(d);
    remove_store(dir, path);
}

/* A lesson's registrations of every count from 1 to 70 are written whole
 * (multi-row statements of 32, 16, ... rows: each row with its own values),
 * and a second registration replaces the first row by row. */
static void attendance_of_any_size_is_written_whole(void **state)
{
    (void)state;
    char dir[64];
    char *path = temp_store(dir);
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, true, &err), UNGDB_OK);
    exec_ok(d->conn, "INSERT INTO institutions (id, code, name, kind) VALUES (1, '100001', 'S', "
                     "'grundskole')");
    char sql[600];
    for (int p = 1; p <= 70; p++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO persons (id, user_id, birth_date) VALUES (%d, 'u%d', '2010-01-01')",
                 p, p);
        exec_ok(d->conn, sql);
    }
    db_attendance rows[70];
    char reason[70][16];
    for (int n = 1; n <= 70; n++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO lessons (id, institution_id, code, title, starts_at, ends_at, "
                 "minutes) VALUES (%d, 1, 'L%d', 'T', '2026-03-02T08:00', '2026-03-02T08:45', 45)",
                 n, n);
        exec_ok(d->conn, sql);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                bool absent = (i + round) % 3 == 0;
                snprintf(reason[i], sizeof reason[i], "r%d-%d", i, round);
                rows[i] = (db_attendance){.person_id = i + 1,
                                          .present = !absent,
                                          .absent_minutes = absent ? 45 : 0,
                                          .lawful = absent ? i % 2 : -1,
                                          .reason = absent ? reason[i] : NULL};
            }
            exec_ok(d->conn, "BEGIN");
            assert_int_equal(
                db_attendance_put(d, n, rows, (size_t)n, 5,
                                  round ? "2026-03-02T09:00:00Z" : "2026-03-02T08:01:00Z", &err),
                UNGDB_OK);
            exec_ok(d->conn, "COMMIT");
            snprintf(sql, sizeof sql, "SELECT count(*) FROM attendance WHERE lesson_id = %d", n);
            assert_int_equal(scalar(d->conn, sql), n);
            /* every row holds its own values */
            for (int i = 0; i < n; i++) {
                bool absent = (i + round) % 3 == 0;
                snprintf(sql, sizeof sql,
                         "SELECT count(*) FROM attendance WHERE lesson_id = %d AND person_id = %d "
                         "AND present = %d AND absent_minutes = %d AND lawful IS %s AND reason "
                         "IS %s%.15s%s AND registered_at = '%s' AND registered_by = 5",
                         n, i + 1, !absent, absent ? 45 : 0, absent ? (i % 2 ? "1" : "0") : "NULL",
                         absent ? "'" : "", absent ? reason[i] : "NULL", absent ? "'" : "",
                         round ? "2026-03-02T09:00:00Z" : "2026-03-02T08:01:00Z");
                assert_int_equal(scalar(d->conn, sql), 1);
            }
        }
    }
    assert_int_equal(scalar(d->conn, "SELECT count(*) FROM attendance"), 70 * 71 / 2);
    db_close(d);
    remove_store(dir, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrates_a_new_store_to_the_newest_version),
        cmocka_unit_test(migrates_every_older_version_keeping_the_data),
        cmocka_unit_test(refuses_a_store_newer_than_the_program),
        cmocka_unit_test(a_failing_write_rolls_back_only_itself),
        cmocka_unit_test(attendance_of_any_size_is_written_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
