/* scan.c - finding the deliveries and checking them before any row is read:
 * manifest, required files, complete schedule set, required columns
 * (register spec §§ 1 and 8). Every failure here is a delivery error, so a
 * build either stops before it has written anything or reads clean inputs. */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const reg_file_name[F_NFILES] = {
    "persons.csv", "roles.csv",         "groups.csv",       "members.csv",
    "lessons.csv", "lesson_groups.csv", "lesson_staff.csv",
};

/* Required columns of each file (spec § 1). */
static const char *const required_cols[F_NFILES][6] = {
    [F_PERSONS] = {"user_id", "cpr"},
    [F_ROLES] = {"user_id", "institution", "role", "grade"},
    [F_GROUPS] = {"institution", "group_id", "name", "type"},
    [F_MEMBERS] = {"user_id", "institution", "group_id"},
    [F_LESSONS] = {"institution", "lesson_id", "title", "start", "end"},
    [F_LESSON_GROUPS] = {"institution", "lesson_id", "group_id"},
    [F_LESSON_STAFF] = {"institution", "lesson_id", "user_id"},
};

const char *reg_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    while (s && s[1] == '\0' && s > path) { /* trailing slash */
        const char *t = s - 1;
        while (t > path && *t != '/')
            t--;
        if (*t != '/') return path;
        s = t;
    }
    return s ? s + 1 : path;
}

static char *path_join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = malloc(na + nb + 2);
    if (!p) return NULL;
    memcpy(p, a, na);
    p[na] = '/';
    memcpy(p + na + 1, b, nb + 1);
    return p;
}

static bool file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static ungdb_rc read_manifest(const char *dir, reg_pending *p, ungdb_error *err)
{
    char *path = path_join(dir, "manifest.json");
    if (!path) return UNGDB_ENOMEM;
    ungdb_rc rc = UNGDB_OK;
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, jerr.line > 0 ? jerr.line : 0, "",
                             "unreadable manifest: %s", jerr.text);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, "", "manifest is not a JSON object");
        goto out;
    }
    static const char *const keys[3] = {"extracted", "schedule_from", "schedule_to"};
    int32_t *dst[3] = {&p->extracted, &p->from, &p->to};
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(root, keys[i]);
        ungdb_date d;
        if (!v) {
            rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, keys[i], "required key is missing");
            goto out;
        }
        if (!json_is_string(v) ||
            !ungdb_date_parse(json_string_value(v), json_string_length(v), &d)) {
            rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, keys[i],
                                 "not a date written YYYY-MM-DD");
            goto out;
        }
        *dst[i] = d.day;
    }
    if (p->from > p->to)
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, "schedule_from",
                             "schedule_from is after schedule_to");
out:
    json_decref(root);
    free(path);
    return rc;
}

static ungdb_rc check_header(const char *path, int file, ungdb_error *err)
{
    ungdb_csv *r;
    ungdb_rc rc = ungdb_csv_open(&r, path, NULL, err);
    if (rc) return ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, "", "%s", err->message);
    ungdb_csv_record rec;
    ungdb_csv_status s = ungdb_csv_next(r, &rec);
    if (s == UNGDB_CSV_END) {
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 1, "", "the file has no header row");
    } else if (s != UNGDB_CSV_RECORD || rec.line != 1) {
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 1, "", "the header row cannot be read: %s",
                             s == UNGDB_CSV_RECORD ? "it is not on line 1" : rec.message);
    } else {
        for (int c = 0; c < 6 && required_cols[file][c]; c++)
            if (ungdb_csv_column(&rec, required_cols[file][c]) < 0) {
                rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 1, required_cols[file][c],
                                     "required column is missing");
                break;
            }
    }
    ungdb_csv_free(r);
    return rc;
}

ungdb_rc reg_scan_one(const char *dir, reg_pending *p, ungdb_error *err)
{
    memset(p, 0, sizeof *p);
    p->dir = strdup(dir);
    p->name = p->dir ? strdup(reg_basename(dir)) : NULL;
    if (!p->dir || !p->name) return UNGDB_ENOMEM;
    /* A trailing slash would leave the base name ending in '/'. */
    size_t nl = strlen(p->name);
    while (nl > 1 && p->name[nl - 1] == '/')
        p->name[--nl] = '\0';
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return ungdb_error_set(err, UNGDB_EDELIVERY, dir, 0, "", "not a delivery directory");
    ungdb_rc rc = read_manifest(dir, p, err);
    if (rc) return rc;
    int nsched = 0, missing_sched = -1;
    for (int f = 0; f < F_NFILES; f++) {
        char *path = path_join(dir, reg_file_name[f]);
        if (!path) return UNGDB_ENOMEM;
        bool there = file_exists(path);
        if (f >= F_LESSONS) {
            nsched += there;
            if (!there && missing_sched < 0) missing_sched = f;
        } else if (!there) {
            rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, "", "required file is missing");
        }
        if (!rc && there) rc = check_header(path, f, err);
        free(path);
        if (rc) return rc;
    }
    if (nsched != 0 && nsched != 3) {
        char *path = path_join(dir, reg_file_name[missing_sched]);
        if (!path) return UNGDB_ENOMEM;
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, path, 0, "",
                             "incomplete schedule: lessons.csv, lesson_groups.csv and "
                             "lesson_staff.csv come all together or not at all");
        free(path);
        return rc;
    }
    p->has_schedule = nsched == 3;
    return UNGDB_OK;
}

void reg_pending_free(reg_pending *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].dir);
        free(p[i].name);
    }
    free(p);
}

static int by_extracted(const void *a, const void *b)
{
    const reg_pending *x = a, *y = b;
    return (x->extracted > y->extracted) - (x->extracted < y->extracted);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ungdb_rc reg_scan_dir(const char *dir, reg_pending **out, size_t *n, ungdb_error *err)
{
    *out = NULL;
    *n = 0;
    DIR *dh = opendir(dir);
    if (!dh)
        return ungdb_error_set(err, UNGDB_EIO, dir, 0, "",
                               "cannot open the deliveries directory: %s", strerror(errno));
    char **names = NULL;
    size_t nn = 0, cap = 0;
    ungdb_rc rc = UNGDB_OK;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.') continue;
        char *path = path_join(dir, de->d_name);
        struct stat sb;
        bool isdir = path && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (!path) rc = UNGDB_ENOMEM;
        if (isdir) {
            if (nn == cap) {
                cap = cap ? cap * 2 : 64;
                char **nv = realloc(names, cap * sizeof *names);
                if (!nv)
                    rc = UNGDB_ENOMEM;
                else
                    names = nv;
            }
            if (!rc) names[nn++] = path, path = NULL;
        }
        free(path);
        if (rc) break;
    }
    closedir(dh);
    reg_pending *ps = NULL;
    if (!rc && nn == 0)
        rc = ungdb_error_set(err, UNGDB_EDELIVERY, dir, 0, "", "no deliveries in the directory");
    if (!rc) {
        /* Check in name order so that the first error reported is stable. */
        qsort(names, nn, sizeof *names, by_name);
        ps = calloc(nn, sizeof *ps);
        if (!ps) rc = UNGDB_ENOMEM;
        for (size_t i = 0; !rc && i < nn; i++)
            rc = reg_scan_one(names[i], &ps[i], err);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    if (!rc) {
        qsort(ps, nn, sizeof *ps, by_extracted);
        for (size_t i = 1; !rc && i < nn; i++)
            if (ps[i].extracted == ps[i - 1].extracted) {
                char d[11];
                ungdb_date_format((ungdb_date){ps[i].extracted}, d);
                rc = ungdb_error_set(err, UNGDB_EDELIVERY, ps[i].dir, 0, "extracted",
                                     "deliveries %s and %s have the same extracted date %s",
                                     ps[i - 1].name, ps[i].name, d);
            }
    }
    if (rc) {
        reg_pending_free(ps, ps ? nn : 0);
        return rc;
    }
    *out = ps;
    *n = nn;
    return UNGDB_OK;
}
