/* api_register.c - the researcher's view of the research register
 * (docs/web.md, "Register"): `ungdb serve --register DIR` serves a register
 * directory written by `ungdb register build --pseudonymize KEY` (and,
 * optionally, `ungdb register hours`) to researchers and administrators:
 *   GET /api/v1/register             the files with their sizes
 *   GET /api/v1/register/validation  validation.csv as JSON (counts per delivery)
 *   GET /api/v1/register/hours       hours.csv as JSON (hours against the norm)
 *   GET /api/v1/register/file?name=  one file to download (a fixed list of names)
 *
 * Researchers see pseudonymised register output only (issue 5): at start the
 * server refuses a directory whose person columns (`cpr`, `user_id` of
 * elev.csv, medarbejder.csv, elev_gruppe.csv, medarbejder_lektion.csv) hold
 * anything but pseudonyms (16 lowercase hex digits, the builder's
 * HMAC-SHA256 prefix) or empty values in their first 10,000 rows (the builder
 * pseudonymises all of a register or none of it). Every read is audited. */
#include "server_internal.h"

#include "ungdb/csv.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The files a researcher may download: the register's tables (spec § 5) and
 * what `register hours` writes beside them. */
static const char *const files[] = {"elev.csv",
                                    "medarbejder.csv",
                                    "gruppe.csv",
                                    "lektion.csv",
                                    "elev_gruppe.csv",
                                    "gruppe_lektion.csv",
                                    "medarbejder_lektion.csv",
                                    "validation.csv",
                                    "rejects.csv",
                                    "match.csv",
                                    "hours.csv",
                                    "hours.svg",
                                    NULL};

static bool pseudonym(const ungdb_slice *f)
{
    if (f->n == 0) return true;
    if (f->n != 16) return false;
    for (size_t i = 0; i < 16; i++) {
        char c = f->p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

int register_check(const char *dir, char *why, size_t n)
{
    static const char *const people[] = {"elev.csv", "medarbejder.csv", "elev_gruppe.csv",
                                         "medarbejder_lektion.csv"};
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/elev.csv", dir);
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, n, "%s: not a register directory (no elev.csv)", dir);
        return -1;
    }
    for (size_t k = 0; k < sizeof people / sizeof people[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, people[k]);
        ungdb_csv *c = NULL;
        ungdb_error err;
        if (stat(path, &st) != 0) continue;
        if (ungdb_csv_open(&c, path, NULL, &err)) {
            snprintf(why, n, "%s: cannot read", path);
            return -1;
        }
        ungdb_csv_record rec;
        int col[2] = {-1, -1};
        int bad = 0;
        for (long row = 0; row <= 10000 && !bad; row++) {
            ungdb_csv_status s = ungdb_csv_next(c, &rec);
            if (s == UNGDB_CSV_END) break;
            if (s != UNGDB_CSV_RECORD) continue;
            if (row == 0) {
                col[0] = ungdb_csv_column(&rec, "cpr");
                col[1] = ungdb_csv_column(&rec, "user_id");
                continue;
            }
            for (int i = 0; i < 2 && !bad; i++)
                if (col[i] >= 0 && (size_t)col[i] < rec.nfields && !pseudonym(&rec.fields[col[i]]))
                    bad = i + 1;
            if (bad)
                snprintf(why, n,
                         "%s, line %ld, %s: not a pseudonym; serve only a register built with "
                         "--pseudonymize",
                         path, rec.line, bad == 1 ? "cpr" : "user_id");
        }
        ungdb_csv_free(c);
        if (bad) return -1;
    }
    return 0;
}

static bool known_file(const char *name)
{
    for (const char *const *f = files; *f; f++)
        if (!strcmp(*f, name)) return true;
    return false;
}

static bool have_register(req *r)
{
    if (r->s->register_dir[0]) return true;
    http_error(r, 404, "not_found", NULL,
               "no register is served (start the server with --register DIR)");
    return false;
}

/* A CSV file as a JSON array of objects (header names as keys); the columns
 * named in `numbers` become numbers (empty: null). NULL when unreadable. */
static json_t *csv_json(const char *path, const char *const *numbers, size_t max_rows)
{
    ungdb_csv *c = NULL;
    ungdb_error err;
    if (ungdb_csv_open(&c, path, NULL, &err)) return NULL;
    json_t *rows = json_array();
    ungdb_csv_record rec;
    char **head = NULL;
    size_t nhead = 0;
    for (size_t row = 0; row <= max_rows; row++) {
        ungdb_csv_status s = ungdb_csv_next(c, &rec);
        if (s == UNGDB_CSV_END) break;
        if (s != UNGDB_CSV_RECORD) continue;
        if (row == 0) {
            head = calloc(rec.nfields ? rec.nfields : 1, sizeof *head);
            if (!head) break;
            nhead = rec.nfields;
            for (size_t i = 0; i < nhead; i++)
                head[i] = strndup(rec.fields[i].p, rec.fields[i].n);
            continue;
        }
        json_t *o = json_object();
        for (size_t i = 0; i < nhead && i < rec.nfields; i++) {
            if (!head[i]) continue;
            bool num = false;
            for (const char *const *p = numbers; *p && !num; p++)
                num = !strcmp(*p, head[i]);
            char v[64];
            if (num) {
                if (rec.fields[i].n == 0 || rec.fields[i].n >= sizeof v) {
                    json_object_set_new(o, head[i], json_null());
                    continue;
                }
                memcpy(v, rec.fields[i].p, rec.fields[i].n);
                v[rec.fields[i].n] = 0;
                char *end = NULL;
                double d = strtod(v, &end);
                json_object_set_new(o, head[i], *end ? json_null() : json_real(d));
            } else {
                json_object_set_new(o, head[i], json_stringn(rec.fields[i].p, rec.fields[i].n));
            }
        }
        json_array_append_new(rows, o);
    }
    for (size_t i = 0; i < nhead; i++)
        free(head[i]);
    free(head);
    ungdb_csv_free(c);
    return rows;
}

void api_register_index(req *r)
{
    if (!have_register(r)) return;
    json_t *list = json_array();
    for (const char *const *f = files; *f; f++) {
        char path[PATH_MAX + 64];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", r->s->register_dir, *f);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        json_array_append_new(list,
                              json_pack("{s:s, s:I}", "name", *f, "bytes", (json_int_t)st.st_size));
    }
    audit_read_then_send(r, json_pack("{s:b, s:o}", "pseudonymised", 1, "files", list),
                         "register.list", "register", NULL);
}

static void send_table(req *r, const char *file, const char *key, const char *const *numbers)
{
    if (!have_register(r)) return;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", r->s->register_dir, file);
    json_t *rows = csv_json(path, numbers, 200000);
    if (!rows) {
        http_error(r, 404, "not_found", NULL, "the register has no %s", file);
        return;
    }
    char object[64];
    snprintf(object, sizeof object, "register/%s", file);
    audit_read_then_send(r, json_pack("{s:s, s:o}", "file", file, key, rows), "register.read",
                         object, NULL);
}

void api_register_validation(req *r)
{
    static const char *const numbers[] = {"count", NULL};
    send_table(r, "validation.csv", "counts", numbers);
}

void api_register_hours(req *r)
{
    static const char *const numbers[] = {"pupils",
                                          "fte_pupils",
                                          "hours_per_pupil",
                                          "hours_per_pupil_year",
                                          "norm_hours_year",
                                          "percent_of_norm",
                                          NULL};
    send_table(r, "hours.csv", "rows", numbers);
}

void api_register_file(req *r)
{
    if (!have_register(r)) return;
    const char *name = http_query(r, "name");
    if (!name || !known_file(name)) {
        http_error(r, 422, "bad_value", "name", "name must be one of the register's files");
        return;
    }
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", r->s->register_dir, name);
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        if (f) fclose(f);
        http_error(r, 404, "not_found", NULL, "the register has no %s", name);
        return;
    }
    int fd = dup(fileno(f));
    fclose(f);
    if (fd < 0) {
        http_error(r, 500, "internal", NULL, "cannot open %s", name);
        return;
    }
    r->has_fd = true;
    r->out_fd = fd;
    r->out_fd_size = (uint64_t)st.st_size;
    bool svg = strstr(name, ".svg") != NULL;
    r->page = svg; /* an SVG opened on its own gets the pages' CSP */
    r->content_type = svg ? "image/svg+xml" : "text/csv; charset=utf-8";
    snprintf(r->disposition, sizeof r->disposition, "%s; filename=\"%s\"",
             svg ? "inline" : "attachment", name);
    /* audited before the answer; the file in out_fd is what is sent */
    char object[64];
    snprintf(object, sizeof object, "register/%s", name);
    audit_read_then_send(r, json_object(), "register.download", object, NULL);
}
