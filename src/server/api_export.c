/* api_export.c - lists as CSV or Excel files (docs/web.md, "Exports").
 *
 * Any GET endpoint that answers a JSON object holding a list takes
 * `?format=csv` or `?format=xlsx`: the request runs exactly as without it
 * (the same role and scope checks, the same audit record), and only the 200
 * answer is turned into a file of its first list of objects (or the list
 * named by `?list=`). Columns are the keys of the list's objects in order of
 * first appearance; a nested object's keys become `outer.inner`; a nested
 * list is written as its JSON text. Excel files are written with
 * libxlsxwriter. A text cell that begins with =, +, -, @, tab or carriage
 * return is written with a leading apostrophe in CSV (OWASP's advice against
 * formula injection); in Excel files strings are always written as strings. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

bool export_parse(req *r)
{
    const char *f = http_query(r, "format");
    if (!f || !strcmp(f, "json")) return true;
    if (!strcmp(f, "csv"))
        r->export_fmt = EXPORT_CSV;
    else if (!strcmp(f, "xlsx"))
        r->export_fmt = EXPORT_XLSX;
    else {
        http_error(r, 422, "bad_value", "format", "format must be json, csv or xlsx");
        return false;
    }
    return true;
}

/* ---- the table: columns and flattened cells ---- */

typedef struct cols {
    char **name;
    size_t n, cap;
} cols;

static int col_index(cols *c, const char *name, bool add)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->name[i], name)) return (int)i;
    if (!add) return -1;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **p = realloc(c->name, cap * sizeof *p);
        if (!p) return -1;
        c->name = p;
        c->cap = cap;
    }
    if (!(c->name[c->n] = strdup(name))) return -1;
    return (int)c->n++;
}

static void collect(cols *c, json_t *row, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach(row, k, v)
    {
        char name[256];
        snprintf(name, sizeof name, "%s%s", prefix, k);
        if (json_is_object(v) && !prefix[0]) {
            char p[260];
            snprintf(p, sizeof p, "%.250s.", name);
            collect(c, v, p);
        } else {
            col_index(c, name, true);
        }
    }
}

/* The value of column `name` in `row` (NULL when absent). */
static json_t *cell(json_t *row, const char *name)
{
    json_t *v = json_object_get(row, name);
    if (v) return v;
    const char *dot = strchr(name, '.');
    if (!dot) return NULL;
    char outer[256];
    snprintf(outer, sizeof outer, "%.*s", (int)(dot - name), name);
    json_t *o = json_object_get(row, outer);
    return json_is_object(o) ? json_object_get(o, dot + 1) : NULL;
}

static json_t *pick_list(req *r)
{
    const char *want = http_query(r, "list");
    if (want) {
        json_t *l = json_object_get(r->out, want);
        return json_is_array(l) ? l : NULL;
    }
    const char *k;
    json_t *v;
    json_object_foreach(r->out, k, v)
    {
        if (json_is_array(v) && (json_array_size(v) == 0 || json_is_object(json_array_get(v, 0))))
            return v;
    }
    return NULL;
}

/* ---- CSV ---- */

typedef struct sbuf {
    char *p;
    size_t n, cap;
    bool failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void csv_text(sbuf *b, const char *s, bool guard)
{
    bool quote = strpbrk(s, ",\"\r\n;") != NULL;
    bool formula = guard && strchr("=+-@\t\r", s[0]) && s[0];
    if (quote || formula) sb_add(b, "\"", 1);
    if (formula) sb_add(b, "'", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"') sb_add(b, "\"", 1);
        sb_add(b, c, 1);
    }
    if (quote || formula) sb_add(b, "\"", 1);
}

static void csv_value(sbuf *b, json_t *v)
{
    char num[64];
    if (!v || json_is_null(v)) return;
    if (json_is_string(v))
        csv_text(b, json_string_value(v), true);
    else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        sb_add(b, num, strlen(num));
    } else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.15g", json_real_value(v));
        sb_add(b, num, strlen(num));
    } else if (json_is_boolean(v)) {
        sb_add(b, json_is_true(v) ? "true" : "false", json_is_true(v) ? 4 : 5);
    } else {
        char *t = json_dumps(v, JSON_COMPACT);
        if (t) csv_text(b, t, false);
        free(t);
    }
}

static bool to_csv(req *r, json_t *list, cols *c)
{
    sbuf b = {0};
    sb_add(&b, "\xEF\xBB\xBF", 3); /* a BOM, so that Excel reads UTF-8 */
    for (size_t i = 0; i < c->n; i++) {
        if (i) sb_add(&b, ",", 1);
        csv_text(&b, c->name[i], false);
    }
    sb_add(&b, "\r\n", 2);
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        for (size_t k = 0; k < c->n; k++) {
            if (k) sb_add(&b, ",", 1);
            csv_value(&b, cell(row, c->name[k]));
        }
        sb_add(&b, "\r\n", 2);
    }
    if (b.failed) {
        free(b.p);
        return false;
    }
    r->out_bin = (unsigned char *)b.p;
    r->out_bin_len = b.n;
    r->content_type = "text/csv; charset=utf-8";
    return true;
}

/* ---- Excel ---- */

static bool to_xlsx(req *r, json_t *list, cols *c, const char *sheet)
{
    char path[] = "/tmp/ungdb-export-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return false;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, sheet) : NULL;
    if (!ws) {
        if (wb) workbook_close(wb);
        unlink(path);
        return false;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (size_t k = 0; k < c->n; k++)
        worksheet_write_string(ws, 0, (lxw_col_t)k, c->name[k], bold);
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        lxw_row_t y = (lxw_row_t)(i + 1);
        for (size_t k = 0; k < c->n; k++) {
            json_t *v = cell(row, c->name[k]);
            lxw_col_t x = (lxw_col_t)k;
            if (!v || json_is_null(v)) continue;
            if (json_is_string(v))
                worksheet_write_string(ws, y, x, json_string_value(v), NULL);
            else if (json_is_number(v))
                worksheet_write_number(ws, y, x, json_number_value(v), NULL);
            else if (json_is_boolean(v))
                worksheet_write_boolean(ws, y, x, json_is_true(v), NULL);
            else {
                char *t = json_dumps(v, JSON_COMPACT);
                if (t) worksheet_write_string(ws, y, x, t, NULL);
                free(t);
            }
        }
    }
    worksheet_freeze_panes(ws, 1, 0);
    bool ok = workbook_close(wb) == LXW_NO_ERROR;
    FILE *f = ok ? fopen(path, "rb") : NULL;
    unsigned char *data = NULL;
    long size = 0;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)size)) && fread(data, 1, (size_t)size, f) == (size_t)size) {
        r->out_bin = data;
        r->out_bin_len = (size_t)size;
        r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    } else {
        free(data);
        ok = false;
    }
    if (f) fclose(f);
    unlink(path);
    return ok;
}

void export_convert(req *r)
{
    json_t *list = pick_list(r);
    int fmt = r->export_fmt;
    r->export_fmt = EXPORT_NONE; /* once */
    if (!list) {
        http_error(r, 422, "not_a_list", "format", "this answer holds no list to export");
        return;
    }
    cols c = {0};
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        if (json_is_object(row)) collect(&c, row, "");
    }
    /* the file's name: the route's name and the date, e.g. reports-2026-11-30.csv */
    char name[64] = "export", today[11];
    if (r->route >= 0) snprintf(name, sizeof name, "%s", routes[r->route].name);
    for (char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) *p = '-';
    http_local_today(today);
    bool ok = fmt == EXPORT_CSV ? to_csv(r, list, &c) : to_xlsx(r, list, &c, name);
    for (size_t k = 0; k < c.n; k++)
        free(c.name[k]);
    free(c.name);
    if (!ok) {
        http_error(r, 500, "internal", NULL, "cannot write the export");
        return;
    }
    snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s-%s.%s\"", name,
             today, fmt == EXPORT_CSV ? "csv" : "xlsx");
    json_decref(r->out);
    r->out = NULL;
}
