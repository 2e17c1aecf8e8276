/* sqlite.c - the register's tables in one SQLite file a researcher can open:
 * each output CSV becomes a table of the same name, with indexes on the
 * columns researchers join on. */
#include "engine.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct tdef {
    const char *name;
    const char *columns; /* column definitions, in the CSV's order */
    const char *indexes; /* CREATE INDEX statements */
} tdef;

static const tdef tables[] = {
    {"elev", "cpr TEXT, user_id TEXT, institution TEXT, grade INTEGER, start TEXT, end TEXT",
     "CREATE INDEX elev_cpr ON elev(cpr); CREATE INDEX elev_user ON elev(user_id, institution);"},
    {"medarbejder", "cpr TEXT, user_id TEXT, institution TEXT, role TEXT, start TEXT, end TEXT",
     "CREATE INDEX medarbejder_user ON medarbejder(user_id, institution);"},
    {"gruppe", "institution TEXT, group_id TEXT, name TEXT, type TEXT, start TEXT, end TEXT",
     "CREATE INDEX gruppe_key ON gruppe(institution, group_id);"},
    {"lektion",
     "institution TEXT, lesson_id TEXT, title TEXT, subject TEXT, start TEXT, end TEXT, minutes "
     "INTEGER",
     "CREATE INDEX lektion_key ON lektion(institution, lesson_id); "
     "CREATE INDEX lektion_start ON lektion(start);"},
    {"elev_gruppe", "cpr TEXT, user_id TEXT, institution TEXT, group_id TEXT, start TEXT, end TEXT",
     "CREATE INDEX elev_gruppe_group ON elev_gruppe(institution, group_id); "
     "CREATE INDEX elev_gruppe_user ON elev_gruppe(user_id);"},
    {"gruppe_lektion", "institution TEXT, group_id TEXT, lesson_id TEXT",
     "CREATE INDEX gruppe_lektion_group ON gruppe_lektion(institution, group_id); "
     "CREATE INDEX gruppe_lektion_lesson ON gruppe_lektion(institution, lesson_id);"},
    {"medarbejder_lektion", "cpr TEXT, user_id TEXT, institution TEXT, lesson_id TEXT",
     "CREATE INDEX medarbejder_lektion_lesson ON medarbejder_lektion(institution, lesson_id); "
     "CREATE INDEX medarbejder_lektion_user ON medarbejder_lektion(user_id);"},
    {"validation", "delivery TEXT, institution TEXT, code TEXT, count INTEGER", ""},
    {"rejects", "delivery TEXT, file TEXT, line INTEGER, code TEXT, message TEXT", ""},
    {"match", "grade INTEGER, register_spells INTEGER, matched INTEGER", ""},
};

static ungdb_rc fail(sqlite3 *db, const char *path, ungdb_error *err)
{
    return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "SQLite: %s", sqlite3_errmsg(db));
}

static ungdb_rc load_table(sqlite3 *db, const tdef *t, const char *csv, const char *path,
                           ungdb_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "CREATE TABLE \"%s\" (%s);", t->name, t->columns);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) return fail(db, path, err);
    int ncols = 1;
    for (const char *p = t->columns; *p; p++)
        ncols += *p == ',';
    int n = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" VALUES (?", t->name);
    for (int i = 1; i < ncols; i++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, ",?");
    snprintf(sql + n, sizeof sql - (size_t)n, ")");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, sql, -1, &ins, NULL) != SQLITE_OK) return fail(db, path, err);
    ungdb_csv *r;
    ungdb_rc rc = ungdb_csv_open(&r, csv, NULL, err);
    ungdb_csv_record rec;
    if (!rc && ungdb_csv_next(r, &rec) != UNGDB_CSV_RECORD) rc = UNGDB_EINTERNAL;
    while (!rc) {
        ungdb_csv_status s = ungdb_csv_next(r, &rec);
        if (s == UNGDB_CSV_END) break;
        if (s != UNGDB_CSV_RECORD || (int)rec.nfields != ncols) {
            rc = ungdb_error_set(err, UNGDB_EINTERNAL, csv, rec.line, "", "unexpected row");
            break;
        }
        for (int i = 0; i < ncols; i++) {
            /* Empty means unknown or open: NULL in SQL. */
            if (rec.fields[i].n == 0)
                sqlite3_bind_null(ins, i + 1);
            else
                sqlite3_bind_text(ins, i + 1, rec.fields[i].p, (int)rec.fields[i].n, SQLITE_STATIC);
        }
        if (sqlite3_step(ins) != SQLITE_DONE) rc = fail(db, path, err);
        sqlite3_reset(ins);
    }
    if (r) ungdb_csv_free(r);
    sqlite3_finalize(ins);
    if (!rc && t->indexes[0] && sqlite3_exec(db, t->indexes, NULL, NULL, NULL) != SQLITE_OK)
        rc = fail(db, path, err);
    return rc;
}

ungdb_rc reg_write_sqlite(const char *out_dir, const char *path, ungdb_error *err)
{
    char tmp[4200], csv[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    sqlite3 *db;
    if (sqlite3_open(tmp, &db) != SQLITE_OK) {
        ungdb_rc rc = fail(db, tmp, err);
        sqlite3_close(db);
        return rc;
    }
    ungdb_rc rc = UNGDB_OK;
    if (sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;", NULL, NULL,
                     NULL) != SQLITE_OK)
        rc = fail(db, tmp, err);
    for (size_t i = 0; !rc && i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(csv, sizeof csv, "%s/%s.csv", out_dir, tables[i].name);
        if (access(csv, R_OK) != 0) continue; /* match.csv only with a pupil register */
        rc = load_table(db, &tables[i], csv, tmp, err);
    }
    if (!rc && sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK) rc = fail(db, tmp, err);
    sqlite3_close(db);
    if (!rc && rename(tmp, path) != 0)
        rc = ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot write the SQLite file");
    if (rc) unlink(tmp);
    return rc;
}
