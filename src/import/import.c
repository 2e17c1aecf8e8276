/* import.c - deliveries into the case-handling store.
 *
 * The register engine already does everything hard about deliveries: the
 * format checks and rejects, duplicates, the merging of weekly snapshots
 * into spells, the schedule replacement rules and the consistency between
 * tables (register spec sections 1-4). So the import builds the register of
 * the given deliveries into a temporary directory with that engine, and then
 * loads its tables into the store with upserts on natural keys: the same
 * deliveries give the same tables, and the same tables change no row. */
#include "import.h"

#include "db/db.h"
#include "ungdb/cpr.h"
#include "ungdb/csv.h"
#include "ungdb/date.h"
#include "ungdb/register.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAXF 8

/* snprintf that tells whether everything fitted (and that the compiler does
 * not second-guess: truncation is checked here, not warned about). */
static bool fmt(char *buf, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));
static bool fmt(char *buf, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int k = vsnprintf(buf, n, f, ap);
    va_end(ap);
    return k >= 0 && (size_t)k < n;
}

typedef struct row {
    char f[MAXF][512];
    long line;
} row;

typedef ungdb_rc (*row_fn)(db *d, const row *r, void *ctx, ungdb_error *err);

/* Reads `dir/name` and calls fn for each record with the named columns, in order. */
/* `lenient`: skip malformed records (a delivery's own file, whose bad rows the
 * register build has already reported) instead of stopping. */
static ungdb_rc each_row(db *d, const char *dir, const char *name, const char *const *cols,
                         bool lenient, row_fn fn, void *ctx, uint64_t *count, ungdb_error *err)
{
    char path[PATH_MAX];
    fmt(path, sizeof path, "%s/%s", dir, name);
    ungdb_csv *c = NULL;
    ungdb_rc rc = ungdb_csv_open(&c, path, NULL, err);
    if (rc) return rc;
    ungdb_csv_record rec;
    int idx[MAXF];
    size_t ncols = 0;
    if (ungdb_csv_next(c, &rec) != UNGDB_CSV_RECORD) {
        ungdb_csv_free(c);
        return ungdb_error_set(err, UNGDB_EINPUT, path, 1, "", "no header row");
    }
    for (; cols[ncols]; ncols++) {
        idx[ncols] = ungdb_csv_column(&rec, cols[ncols]);
        if (idx[ncols] < 0 && ncols < MAXF) {
            ungdb_csv_free(c);
            return ungdb_error_set(err, UNGDB_EINPUT, path, 1, cols[ncols], "missing column");
        }
    }
    row *r = malloc(sizeof *r);
    if (!r) {
        ungdb_csv_free(c);
        return UNGDB_ENOMEM;
    }
    ungdb_csv_status st;
    while ((st = ungdb_csv_next(c, &rec)) != UNGDB_CSV_END) {
        if (st != UNGDB_CSV_RECORD && lenient) continue;
        if (st != UNGDB_CSV_RECORD) {
            rc = ungdb_error_set(err, UNGDB_EINPUT, path, rec.line, "", "%s", rec.message);
            break;
        }
        r->line = rec.line;
        bool skip = false;
        for (size_t i = 0; i < ncols && !skip; i++) {
            if ((size_t)idx[i] >= rec.nfields || rec.fields[idx[i]].n >= sizeof r->f[i]) {
                if (lenient) {
                    skip = true;
                    break;
                }
                rc = ungdb_error_set(err, UNGDB_EINPUT, path, rec.line, cols[i],
                                     "missing or too long");
                break;
            }
            memcpy(r->f[i], rec.fields[idx[i]].p, rec.fields[idx[i]].n);
            r->f[i][rec.fields[idx[i]].n] = 0;
        }
        if (rc) break;
        if (skip) continue;
        if ((rc = fn(d, r, ctx, err))) {
            if (!err || !err->file[0])
                ungdb_error_set(err, rc, path, rec.line, "", "%s", err ? err->message : "");
            break;
        }
        if (count) (*count)++;
    }
    free(r);
    ungdb_csv_free(c);
    return rc;
}

/* ---- the deliveries' windows ---- */

typedef struct window {
    char extracted[11];
    char from[11];
} window;

typedef struct ctx {
    window *w;
    size_t nw;
    import_summary *sum;
    FILE *rejects;
    /* a group's spells, merged before they are stored */
    char g_inst[16], g_code[512], g_name[512], g_type[32], g_start[11], g_end[11];
    bool g_open, g_have;
} ctx;

/* A membership that starts with a delivery counts from that delivery's
 * schedule_from when that is earlier: its lessons of the days before were
 * taught to the groups it lists (register spec section 4, applied here to
 * which pupils a lesson has). */
static const char *effective_start(const ctx *c, const char *start)
{
    for (size_t i = 0; i < c->nw; i++)
        if (!strcmp(c->w[i].extracted, start) && strcmp(c->w[i].from, start) < 0)
            return c->w[i].from;
    return start;
}

/* ---- loaders, one per table of the register ---- */

static ungdb_rc person_of(db *d, const char *user_id, const char *cpr, int64_t *id,
                          ungdb_error *err)
{
    ungdb_cpr p;
    char birth[11] = "";
    if (cpr[0] && ungdb_cpr_parse(cpr, strlen(cpr), &p) == UNGDB_CPR_VALID)
        ungdb_date_format(p.birth, birth);
    return db_import_person(d, user_id, cpr, birth, id, err);
}

static ungdb_rc on_elev(db *d, const row *r, void *vc, ungdb_error *err)
{
    ctx *c = vc;
    /* cpr,user_id,institution,grade,start,end */
    if (!r->f[1][0]) {
        c->sum->skipped++;
        return UNGDB_OK;
    }
    int64_t inst, person;
    ungdb_rc rc = db_import_institution(d, r->f[2], &inst, err);
    if (!rc) rc = person_of(d, r->f[1], r->f[0], &person, err);
    if (!rc)
        rc = db_import_enrolment(d, person, inst, "pupil", (int)strtol(r->f[3], NULL, 10), r->f[4],
                                 r->f[5], err);
    return rc;
}

static ungdb_rc on_medarbejder(db *d, const row *r, void *vc, ungdb_error *err)
{
    ctx *c = vc;
    /* cpr,user_id,institution,role,start,end */
    if (!r->f[1][0]) {
        c->sum->skipped++;
        return UNGDB_OK;
    }
    int64_t inst, person;
    ungdb_rc rc = db_import_institution(d, r->f[2], &inst, err);
    if (!rc) rc = person_of(d, r->f[1], r->f[0], &person, err);
    if (!rc) rc = db_import_enrolment(d, person, inst, r->f[3], -1, r->f[4], r->f[5], err);
    return rc;
}

static ungdb_rc flush_group(db *d, ctx *c, ungdb_error *err)
{
    if (!c->g_have) return UNGDB_OK;
    c->g_have = false;
    int64_t inst, id;
    ungdb_rc rc = db_import_institution(d, c->g_inst, &inst, err);
    if (!rc)
        rc = db_import_group(d, inst, c->g_code, c->g_name, c->g_type, c->g_start,
                             c->g_open ? NULL : c->g_end, &id, err);
    return rc;
}

static ungdb_rc on_gruppe(db *d, const row *r, void *vc, ungdb_error *err)
{
    ctx *c = vc;
    /* institution,group_id,name,type,start,end; sorted, so a group's spells are together,
     * the latest last (its name and type are the latest delivery's anyway) */
    if (c->g_have && !strcmp(c->g_inst, r->f[0]) && !strcmp(c->g_code, r->f[1])) {
        if (strcmp(r->f[4], c->g_start) < 0) fmt(c->g_start, sizeof c->g_start, "%s", r->f[4]);
        if (!r->f[5][0])
            c->g_open = true;
        else if (strcmp(r->f[5], c->g_end) > 0)
            fmt(c->g_end, sizeof c->g_end, "%s", r->f[5]);
        return UNGDB_OK;
    }
    ungdb_rc rc = flush_group(d, c, err);
    if (rc) return rc;
    c->g_have = true;
    fmt(c->g_inst, sizeof c->g_inst, "%s", r->f[0]);
    fmt(c->g_code, sizeof c->g_code, "%s", r->f[1]);
    fmt(c->g_name, sizeof c->g_name, "%s", r->f[2]);
    fmt(c->g_type, sizeof c->g_type, "%s", r->f[3]);
    fmt(c->g_start, sizeof c->g_start, "%s", r->f[4]);
    fmt(c->g_end, sizeof c->g_end, "%s", r->f[5]);
    c->g_open = !r->f[5][0];
    return UNGDB_OK;
}

static ungdb_rc on_lektion(db *d, const row *r, void *vc, ungdb_error *err)
{
    (void)vc;
    /* institution,lesson_id,title,subject,start,end,minutes */
    int64_t inst, id;
    ungdb_rc rc = db_import_institution(d, r->f[0], &inst, err);
    if (!rc)
        rc = db_import_lesson(d, inst, r->f[1], r->f[2], r->f[3], r->f[4], r->f[5],
                              (int)strtol(r->f[6], NULL, 10), &id, err);
    return rc;
}

static ungdb_rc on_elev_gruppe(db *d, const row *r, void *vc, ungdb_error *err)
{
    ctx *c = vc;
    /* cpr,user_id,institution,group_id,start,end */
    if (!r->f[1][0]) {
        c->sum->skipped++;
        return UNGDB_OK;
    }
    int64_t inst, group, person;
    if (db_find_institution(d, r->f[2], &inst) || db_find_group(d, inst, r->f[3], &group) ||
        db_find_person(d, r->f[1], &person)) {
        /* The register keeps memberships of a group whose groups.csv rows were
         * all rejected; the store cannot hold a membership without its group. */
        c->sum->skipped++;
        if (c->rejects)
            fprintf(c->rejects,
                    "register/elev_gruppe.csv:%ld: group_unknown: a membership of group '%s' at "
                    "%s, which has no accepted group row: not loaded\n",
                    r->line, r->f[3], r->f[2]);
        return UNGDB_OK;
    }
    return db_import_member(d, group, person, effective_start(c, r->f[4]), r->f[5], err);
}

static ungdb_rc on_gruppe_lektion(db *d, const row *r, void *vc, ungdb_error *err)
{
    (void)vc;
    /* institution,group_id,lesson_id */
    int64_t inst, group, lesson;
    if (db_find_institution(d, r->f[0], &inst) || db_find_group(d, inst, r->f[1], &group) ||
        db_find_lesson(d, inst, r->f[2], &lesson))
        return ungdb_error_set(err, UNGDB_EINTERNAL, "gruppe_lektion.csv", r->line, "",
                               "a pair whose group or lesson is not in the register");
    return db_import_lesson_group(d, lesson, group, err);
}

static ungdb_rc on_medarbejder_lektion(db *d, const row *r, void *vc, ungdb_error *err)
{
    ctx *c = vc;
    /* cpr,user_id,institution,lesson_id */
    if (!r->f[1][0]) {
        c->sum->skipped++;
        return UNGDB_OK;
    }
    int64_t inst, person, lesson;
    if (db_find_institution(d, r->f[2], &inst) || db_find_person(d, r->f[1], &person) ||
        db_find_lesson(d, inst, r->f[3], &lesson))
        return ungdb_error_set(err, UNGDB_EINTERNAL, "medarbejder_lektion.csv", r->line, "",
                               "a pair whose person or lesson is not in the register");
    return db_import_lesson_staff(d, lesson, person, err);
}

static ungdb_rc on_names(db *d, const row *r, void *vc, ungdb_error *err)
{
    (void)vc;
    /* user_id,given_name,family_name: only persons the register kept */
    int64_t id;
    if (db_find_person(d, r->f[0], &id)) return UNGDB_OK;
    return db_import_person_names(d, r->f[0], r->f[1], r->f[2], err);
}

static ungdb_rc on_reject(db *d, const row *r, void *vc, ungdb_error *err)
{
    (void)d;
    (void)err;
    FILE *out = vc;
    /* delivery,file,line,code,message: the register engine's messages never
     * hold a CPR number or a user id */
    if (out) fprintf(out, "%s/%s:%s: %s: %s\n", r->f[0], r->f[1], r->f[2], r->f[3], r->f[4]);
    return UNGDB_OK;
}

/* ---- setting up the register build ---- */

static bool is_delivery(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    fmt(p, sizeof p, "%s/manifest.json", dir);
    return stat(p, &st) == 0;
}

static ungdb_rc link_delivery(const char *stage, const char *dir, ungdb_error *err)
{
    char real[PATH_MAX], link[PATH_MAX];
    if (!realpath(dir, real))
        return ungdb_error_set(err, UNGDB_EIO, dir, 0, "", "cannot open: %s", strerror(errno));
    const char *base = strrchr(real, '/');
    base = base ? base + 1 : real;
    fmt(link, sizeof link, "%s/%s", stage, base);
    if (symlink(real, link) != 0)
        return ungdb_error_set(err, errno == EEXIST ? UNGDB_EUSAGE : UNGDB_EIO, dir, 0, "",
                               errno == EEXIST ? "two deliveries named '%s'" : "cannot link: %s",
                               errno == EEXIST ? base : strerror(errno));
    return UNGDB_OK;
}

static ungdb_rc stage_deliveries(const char *stage, const char *const *dirs, size_t n,
                                 ungdb_error *err)
{
    for (size_t i = 0; i < n; i++) {
        ungdb_rc rc;
        if (is_delivery(dirs[i])) {
            if ((rc = link_delivery(stage, dirs[i], err))) return rc;
            continue;
        }
        DIR *dh = opendir(dirs[i]);
        if (!dh)
            return ungdb_error_set(err, UNGDB_EIO, dirs[i], 0, "", "cannot open: %s",
                                   strerror(errno));
        struct dirent *e;
        size_t found = 0;
        while ((e = readdir(dh))) {
            if (e->d_name[0] == '.') continue;
            char p[PATH_MAX];
            fmt(p, sizeof p, "%s/%s", dirs[i], e->d_name);
            if (!is_delivery(p)) continue;
            if ((rc = link_delivery(stage, p, err))) {
                closedir(dh);
                return rc;
            }
            found++;
        }
        closedir(dh);
        if (!found)
            return ungdb_error_set(err, UNGDB_EDELIVERY, dirs[i], 0, "manifest.json",
                                   "neither a delivery nor a directory of deliveries");
    }
    return UNGDB_OK;
}

static int cmp_window(const void *a, const void *b)
{
    return strcmp(((const window *)a)->extracted, ((const window *)b)->extracted);
}

static ungdb_rc read_windows(const char *stage, ctx *c, char ***names, size_t *nnames,
                             ungdb_error *err)
{
    DIR *dh = opendir(stage);
    if (!dh) return ungdb_error_set(err, UNGDB_EIO, stage, 0, "", "cannot open");
    struct dirent *e;
    ungdb_rc rc = UNGDB_OK;
    while ((e = readdir(dh)) && !rc) {
        if (e->d_name[0] == '.') continue;
        char p[PATH_MAX];
        fmt(p, sizeof p, "%s/%s/manifest.json", stage, e->d_name);
        json_t *m = json_load_file(p, 0, NULL);
        const char *x = json_string_value(json_object_get(m, "extracted"));
        const char *f = json_string_value(json_object_get(m, "schedule_from"));
        window *w = realloc(c->w, (c->nw + 1) * sizeof *w);
        char **nm = realloc(*names, (*nnames + 1) * sizeof *nm);
        if (!w || !nm) rc = UNGDB_ENOMEM;
        if (w) c->w = w;
        if (nm) *names = nm;
        if (!rc && x && f) {
            fmt(c->w[c->nw].extracted, 11, "%s", x);
            fmt(c->w[c->nw].from, 11, "%s", f);
            c->nw++;
        }
        if (!rc && !((*names)[(*nnames)++] = strdup(e->d_name))) rc = UNGDB_ENOMEM;
        json_decref(m);
    }
    closedir(dh);
    qsort(c->w, c->nw, sizeof *c->w, cmp_window);
    return rc;
}

static void remove_tree(const char *path)
{
    DIR *dh = opendir(path);
    if (dh) {
        struct dirent *e;
        while ((e = readdir(dh))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[PATH_MAX];
            fmt(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
        }
        closedir(dh);
    }
    rmdir(path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ungdb_rc import_deliveries(const char *db_path, const char *const *dirs, size_t n, FILE *rejects,
                           import_summary *sum, ungdb_error *err)
{
    memset(sum, 0, sizeof *sum);
    const char *tmpdir = getenv("TMPDIR");
    char base[PATH_MAX], stage[PATH_MAX], out[PATH_MAX];
    fmt(base, sizeof base, "%s/ungdb-import-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(base))
        return ungdb_error_set(err, UNGDB_EIO, base, 0, "", "cannot make a temporary directory");
    fmt(stage, sizeof stage, "%s/deliveries", base);
    fmt(out, sizeof out, "%s/register", base);
    ctx c = {.sum = sum, .rejects = rejects};
    char **names = NULL;
    size_t nnames = 0;
    db *d = NULL;
    ungdb_rc rc;
    if (mkdir(stage, 0700) != 0) {
        rc = ungdb_error_set(err, UNGDB_EIO, stage, 0, "", "cannot make a directory");
        goto done;
    }
    if ((rc = stage_deliveries(stage, dirs, n, err))) goto done;
    if ((rc = read_windows(stage, &c, &names, &nnames, err))) goto done;
    qsort(names, nnames, sizeof *names, cmp_str);
    ungdb_register_opts ro = {.out_dir = out};
    ungdb_register_summary rs;
    if ((rc = ungdb_register_build(stage, &ro, &rs, err))) goto done;
    sum->deliveries = rs.deliveries;
    sum->rows_rejected = rs.rows_rejected;

    if ((rc = db_open(&d, db_path, true, err))) goto done;
    if ((rc = db_begin(d, err))) goto done;
    int64_t before = db_total_changes(d);
    static const char *const c_elev[] = {"cpr",   "user_id", "institution", "grade",
                                         "start", "end",     NULL};
    static const char *const c_med[] = {"cpr",   "user_id", "institution", "role",
                                        "start", "end",     NULL};
    static const char *const c_grp[] = {"institution", "group_id", "name", "type",
                                        "start",       "end",      NULL};
    static const char *const c_les[] = {"institution", "lesson_id", "title",   "subject",
                                        "start",       "end",       "minutes", NULL};
    static const char *const c_eg[] = {"cpr",   "user_id", "institution", "group_id",
                                       "start", "end",     NULL};
    static const char *const c_gl[] = {"institution", "group_id", "lesson_id", NULL};
    static const char *const c_ml[] = {"cpr", "user_id", "institution", "lesson_id", NULL};
    static const char *const c_names[] = {"user_id", "given_name", "family_name", NULL};
    static const char *const c_rej[] = {"delivery", "file", "line", "code", "message", NULL};
    if ((rc = each_row(d, out, "elev.csv", c_elev, false, on_elev, &c, &sum->enrolments, err)) ||
        (rc = each_row(d, out, "medarbejder.csv", c_med, false, on_medarbejder, &c,
                       &sum->enrolments, err)) ||
        (rc = each_row(d, out, "gruppe.csv", c_grp, false, on_gruppe, &c, &sum->groups, err)) ||
        (rc = flush_group(d, &c, err)) ||
        (rc = each_row(d, out, "lektion.csv", c_les, false, on_lektion, &c, &sum->lessons, err)) ||
        (rc = each_row(d, out, "elev_gruppe.csv", c_eg, false, on_elev_gruppe, &c, &sum->members,
                       err)) ||
        (rc = each_row(d, out, "gruppe_lektion.csv", c_gl, false, on_gruppe_lektion, &c,
                       &sum->lesson_groups, err)) ||
        (rc = each_row(d, out, "medarbejder_lektion.csv", c_ml, false, on_medarbejder_lektion, &c,
                       &sum->lesson_staff, err)) ||
        (rc = each_row(d, out, "rejects.csv", c_rej, false, on_reject, rejects, NULL, err)))
        goto done;
    /* Names: persons.csv of each delivery in date order, the latest listing
     * wins (name columns are optional in the format). */
    for (size_t i = 0; i < nnames; i++) {
        char dir[PATH_MAX];
        fmt(dir, sizeof dir, "%s/%s", stage, names[i]);
        ungdb_error e2;
        ungdb_error_clear(&e2);
        rc = each_row(d, dir, "persons.csv", c_names, true, on_names, &c, NULL, &e2);
        if (rc == UNGDB_EINPUT && !strcmp(e2.message, "missing column")) rc = UNGDB_OK;
        if (rc) {
            if (err) *err = e2;
            goto done;
        }
    }
    sum->changed = db_total_changes(d) - before;
    if (sum->changed > 0) {
        char list[4096] = "", now[24];
        size_t k = 0;
        for (size_t i = 0; i < nnames && k < sizeof list - 80; i++) {
            size_t len = strlen(names[i]) + (i ? 1 : 0);
            if (k + len + 1 >= sizeof list) break;
            fmt(list + k, sizeof list - k, "%s%s", i ? "," : "", names[i]);
            k += len;
        }
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        char summary[256];
        fmt(summary, sizeof summary,
            "{\"deliveries\":%zu,\"rows_rejected\":%llu,\"rows_changed\":%lld}", sum->deliveries,
            (unsigned long long)sum->rows_rejected, (long long)sum->changed);
        if ((rc = db_import_record(d, list, now, summary, err))) goto done;
    }
    rc = db_commit(d, err);
done:
    if (d) {
        if (rc) db_rollback(d);
        db_close(d);
    }
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    free(c.w);
    remove_tree(base);
    return rc;
}
