/* http.c - the HTTP side: libmicrohttpd set-up, limits on size and time,
 * routing, sessions and CSRF on every request, JSON in and out, group-commit
 * suspension, the access log, start and stop.
 *
 * A request's life: MHD calls `on_request` first with no body (we make the
 * req and refuse an oversized Content-Length at once), then with each piece
 * of the body (capped, and timed against the request deadline), then a last
 * time with no data: we route, check the session, role and CSRF token, and
 * call the handler. A handler answers at once (reads) or queues a write with
 * http_submit, which suspends the connection; the writer thread resumes it
 * after the commit and MHD calls `on_request` once more, where the handler's
 * `after` function answers. `on_completed` records metrics and frees. */
#include "server_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ungdb/date.h"

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- time ---- */

static void utc_now(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Danish local time: CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October (the EU
 * rule), computed here so the server does not depend on the host's zone. */
static int64_t local_of_utc(int64_t utc_min)
{
    int64_t day = utc_min / 1440;
    int y, m, d;
    ungdb_date_to_ymd((ungdb_date){(int32_t)day}, &y, &m, &d);
    ungdb_date mar31 = ungdb_date_from_ymd(y, 3, 31), oct31 = ungdb_date_from_ymd(y, 10, 31);
    int64_t start = (int64_t)(mar31.day - ungdb_date_weekday(mar31) % 7) * 1440 + 60;
    int64_t end = (int64_t)(oct31.day - ungdb_date_weekday(oct31) % 7) * 1440 + 60;
    return utc_min + (utc_min >= start && utc_min < end ? 120 : 60);
}

static int64_t local_minutes(void)
{
    return local_of_utc((int64_t)time(NULL) / 60);
}

bool http_utc_to_local(const char *utc, char out[17])
{
    ungdb_datetime t;
    if (!utc || strlen(utc) < 16 || !ungdb_datetime_parse(utc, 16, &t)) return false;
    ungdb_datetime_format((ungdb_datetime){local_of_utc(t.minute)}, out);
    return true;
}

void http_local_now(char out[17])
{
    ungdb_datetime_format((ungdb_datetime){local_minutes()}, out);
}

void http_local_today(char out[11])
{
    ungdb_date_format((ungdb_date){(int32_t)(local_minutes() / 1440)}, out);
}

/* ---- answers ---- */

static void set_json(req *r, int status, json_t *body)
{
    json_decref(r->out);
    r->out = body;
    r->status = status;
    r->answered = true;
}

void http_json(req *r, int status, json_t *body)
{
    set_json(r, status, body);
}

void http_error(req *r, int status, const char *code, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *e = json_pack("{s:i, s:s, s:s}", "status", status, "code", code, "message", msg);
    if (field) json_object_set_new(e, "field", json_string(field));
    set_json(r, status, json_pack("{s:o}", "error", e));
}

void http_write_failed(req *r)
{
    if (r->w.rc == UNGDB_EINPUT)
        http_error(r, 422, "invalid", r->w.err.field[0] ? r->w.err.field : NULL, "%s",
                   r->w.err.message[0] ? r->w.err.message : "the change was refused");
    else {
        char buf[1200];
        fprintf(stderr, "ungdb serve: write failed: %s: %s\n", ungdb_strerror(r->w.rc),
                ungdb_error_format(&r->w.err, buf, sizeof buf));
        http_error(r, 500, "internal", NULL, "the change could not be stored; nothing was changed");
    }
}

const char *http_query(req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result send_answer(req *r)
{
    if (r->export_fmt && r->status == 200 && r->out) export_convert(r);
    char *text = NULL;
    size_t len = 0;
    struct MHD_Response *resp = NULL;
    if (r->has_fd && r->status < 400) {
        resp = MHD_create_response_from_fd64(r->out_fd_size, r->out_fd);
        if (!resp) return MHD_NO;               /* on_completed closes the fd */
        r->has_fd = false;                      /* MHD owns it now */
    } else if (r->out_bin && r->status < 400) { /* a file, unless an error came after it */
        resp = MHD_create_response_from_buffer(r->out_bin_len, r->out_bin, MHD_RESPMEM_MUST_FREE);
        if (!resp) return MHD_NO;
        r->out_bin = NULL;
    } else {
        if (r->out_text) {
            len = strlen(r->out_text);
        } else {
            if (!r->out) http_error(r, 500, "internal", NULL, "no answer");
            text = json_dumps(r->out, JSON_COMPACT);
            if (!text) return MHD_NO;
            len = strlen(text);
        }
        resp =
            MHD_create_response_from_buffer(len, text ? text : (void *)r->out_text,
                                            text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
        if (!resp) {
            free(text);
            return MHD_NO;
        }
    }
    MHD_add_response_header(resp, "Content-Type",
                            r->content_type ? r->content_type : "application/json");
    MHD_add_response_header(resp, "Cache-Control",
                            r->cache_control ? r->cache_control : "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (r->etag[0]) MHD_add_response_header(resp, "ETag", r->etag);
    if (r->disposition[0]) MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    if (r->page) {
        /* The web application (docs/web.md): everything from this server only. */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                "base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    }
    if (r->set_cookie[0]) MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->allow) {
        /* RFC 9110, 15.5.6: a 405 names the methods the path takes */
        static const char *const names[] = {"GET", "POST", "PUT", "DELETE", NULL, "HEAD"};
        char al[48] = "";
        size_t n = 0;
        for (unsigned b = 0; b < sizeof names / sizeof names[0]; b++)
            if ((r->allow & (1u << b)) && names[b])
                n += (size_t)snprintf(al + n, sizeof al - n, "%s%s", n ? ", " : "", names[b]);
        MHD_add_response_header(resp, "Allow", al);
    }
    if (r->retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", ra);
    }
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* ---- group commit from a request ---- */

static void write_done(db_write *w)
{
    req *r = w->ctx;
    r->resumed = true;
    MHD_resume_connection(r->conn);
}

void http_submit(req *r, db_write_fn fn, void *data, void (*wfree)(void *), after_write_fn after)
{
    r->w = (db_write){.fn = fn, .arg = r, .done = write_done, .ctx = r};
    r->wdata = data;
    r->wfree = wfree;
    r->after = after;
    r->suspended = true;
    MHD_suspend_connection(r->conn);
    db_writer_submit(r->s->writer, &r->w);
}

/* ---- JSON input ---- */

bool http_json_type(req *r)
{
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) {
        http_error(r, 415, "unsupported_media_type", NULL,
                   "the body must be JSON with Content-Type: application/json");
        return false;
    }
    return true;
}

json_t *http_body_object(req *r)
{
    if (!http_json_type(r)) return NULL;
    json_error_t je;
    json_t *v = json_loadb(r->body ? r->body : "", r->nbody, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        http_error(r, 400, "malformed_json", NULL, "malformed JSON at line %d, column %d: %s",
                   je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        http_error(r, 422, "invalid", "(body)", "the body must be a JSON object");
        return NULL;
    }
    return v;
}

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

bool in_int(req *r, json_t *o, const char *key, const char *name, bool required, int64_t lo,
            int64_t hi, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (!required) return true;
        http_error(r, 422, "missing_field", name, "%s is required", name);
        return false;
    }
    if (!json_is_integer(v)) {
        http_error(r, 422, "wrong_type", name, "%s must be an integer, not %s", name, type_name(v));
        return false;
    }
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) {
        http_error(r, 422, "out_of_range", name, "%s must be %lld-%lld, not %lld", name,
                   (long long)lo, (long long)hi, (long long)x);
        return false;
    }
    *out = x;
    return true;
}

bool in_bool(req *r, json_t *o, const char *key, const char *name, bool required, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (!required) return true;
        http_error(r, 422, "missing_field", name, "%s is required", name);
        return false;
    }
    if (!json_is_boolean(v)) {
        http_error(r, 422, "wrong_type", name, "%s must be true or false, not %s", name,
                   type_name(v));
        return false;
    }
    *out = json_is_true(v);
    return true;
}

bool in_str(req *r, json_t *o, const char *key, const char *name, bool required, size_t maxlen,
            const char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (!required) return true;
        http_error(r, 422, "missing_field", name, "%s is required", name);
        return false;
    }
    if (!json_is_string(v)) {
        http_error(r, 422, "wrong_type", name, "%s must be a string, not %s", name, type_name(v));
        return false;
    }
    size_t n = json_string_length(v);
    if (n > maxlen || (required && n == 0) || strlen(json_string_value(v)) != n) {
        http_error(r, 422, "bad_length", name, "%s must be 1-%zu bytes without NUL", name, maxlen);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

bool in_date(req *r, json_t *o, const char *key, const char *name, bool required, const char **out)
{
    const char *s = NULL;
    if (!in_str(r, o, key, name, required, 10, &s)) return false;
    if (!s) return true;
    ungdb_date d;
    if (!ungdb_date_parse(s, strlen(s), &d)) {
        http_error(r, 422, "bad_date", name, "%s must be a real date YYYY-MM-DD", name);
        return false;
    }
    *out = s;
    return true;
}

bool in_only(req *r, json_t *o, const char *prefix, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        bool known = false;
        for (const char *const *p = keys; *p && !known; p++)
            known = !strcmp(*p, k);
        if (!known) {
            char name[160];
            snprintf(name, sizeof name, "%s%.100s", prefix, k);
            http_error(r, 422, "unknown_field", name, "%s is not a field of this request", name);
            return false;
        }
    }
    return true;
}

bool query_date(req *r, const char *name, const char *dflt, char out[11])
{
    const char *v = http_query(r, name);
    if (!v) {
        snprintf(out, 11, "%s", dflt);
        return true;
    }
    ungdb_date d;
    if (!ungdb_date_parse(v, strlen(v), &d)) {
        http_error(r, 422, "bad_date", name, "query parameter %s must be a date YYYY-MM-DD", name);
        return false;
    }
    snprintf(out, 11, "%s", v);
    return true;
}

/* ---- routing ---- */

static http_method method_of(const char *m)
{
    if (!strcmp(m, "GET")) return M_GET;
    if (!strcmp(m, "POST")) return M_POST;
    if (!strcmp(m, "PUT")) return M_PUT;
    if (!strcmp(m, "DELETE")) return M_DELETE;
    if (!strcmp(m, "HEAD")) return M_HEAD;
    return M_OTHER;
}

/* Matches `path` against `pattern`; ":x" segments take positive integer ids. */
static bool match(const char *pattern, const char *path, int64_t *param)
{
    int np = 0;
    const char *p = pattern, *u = path;
    while (*p && *u) {
        if (*p != '/' || *u != '/') return false;
        p++, u++;
        const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p), ul = ue ? (size_t)(ue - u) : strlen(u);
        if (*p == ':') {
            if (ul == 0 || ul > 15 || np >= MAX_PARAMS) return false;
            int64_t v = 0;
            for (size_t i = 0; i < ul; i++) {
                if (u[i] < '0' || u[i] > '9') return false;
                v = v * 10 + (u[i] - '0');
            }
            if (v <= 0) return false;
            param[np++] = v;
        } else if (pl != ul || memcmp(p, u, pl) != 0) {
            return false;
        }
        p += pl, u += ul;
    }
    return !*p && !*u;
}

static void dispatch(req *r)
{
    bool path_known = false;
    unsigned allowed = 0;
    for (size_t i = 0; i < nroutes; i++) {
        int64_t param[MAX_PARAMS] = {0};
        if (!match(routes[i].pattern, r->path, param)) continue;
        path_known = true;
        allowed |= routes[i].method;
        if (routes[i].method != r->method) continue;
        r->route = (int)i;
        memcpy(r->param, param, sizeof param);
        break;
    }
    if (r->route < 0) {
        /* the web application: any other GET or HEAD outside the API */
        if (!path_known && (r->method == M_GET || r->method == M_HEAD) &&
            strncmp(r->path, "/api/", 5) != 0) {
            static_serve(r);
            return;
        }
        if (path_known) {
            r->allow = allowed;
            http_error(r, 405, "method_not_allowed", NULL, "this path does not take that method");
            return;
        }
        http_error(r, 404, "not_found", NULL, "no such resource");
        return;
    }
    const route *rt = &routes[r->route];
    if (rt->roles) {
        if (!auth_session(r)) {
            http_error(r, 401, "unauthenticated", NULL,
                       "log in first (POST /api/v1/login); the session is missing or expired");
            return;
        }
        if (r->method != M_GET && !auth_csrf_ok(r)) {
            http_error(r, 403, "csrf", "X-CSRF-Token",
                       "a state-changing request needs the session's CSRF token in the "
                       "X-CSRF-Token header");
            return;
        }
        if (!(rt->roles & ROLE(r->user.role))) {
            http_error(r, 403, "forbidden", NULL, "the role %s may not use this endpoint",
                       db_role_name(r->user.role));
            return;
        }
    }
    if (r->method == M_GET && !export_parse(r)) return;
    if (r->too_big) {
        http_error(r, 413, "too_large", NULL, "the body is larger than %zu bytes",
                   r->s->o.max_body);
        return;
    }
    rt->fn(r);
}

/* ---- MHD callbacks ---- */

static void client_ip(req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    r->ip[0] = 0;
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->ip,
                  sizeof r->ip);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->ip,
                  sizeof r->ip);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    srv *s = cls;
    req *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        *con_cls = r;
        r->s = s;
        r->conn = conn;
        r->started = mono();
        r->route = -1;
        r->method = method_of(method);
        snprintf(r->path, sizeof r->path, "%s", url);
        utc_now(r->now);
        client_ip(r);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > s->o.max_body) {
            r->too_big = true;
            http_error(r, 413, "too_large", NULL, "the body is larger than %zu bytes",
                       s->o.max_body);
            return send_answer(r);
        }
        return MHD_YES;
    }
    if (r->resumed) { /* the write has committed: let the handler answer */
        r->resumed = false;
        r->after(r);
        return send_answer(r);
    }
    if (*upload_data_size) {
        if (mono() - r->started > s->o.request_timeout) r->too_slow = true;
        if (!r->too_big && !r->too_slow) {
            size_t n = *upload_data_size;
            if (r->nbody + n > s->o.max_body) {
                r->too_big = true;
            } else {
                if (r->nbody + n + 1 > r->capbody) {
                    size_t cap = r->capbody ? r->capbody : 1024;
                    while (cap < r->nbody + n + 1)
                        cap *= 2;
                    char *b = realloc(r->body, cap);
                    if (!b) return MHD_NO;
                    r->body = b;
                    r->capbody = cap;
                }
                memcpy(r->body + r->nbody, upload_data, n);
                r->nbody += n;
                r->body[r->nbody] = 0;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->answered || r->suspended) return MHD_YES; /* an early answer is on its way */
    if (r->too_slow || mono() - r->started > s->o.request_timeout) {
        http_error(r, 408, "too_slow", NULL, "the request took longer than %d seconds to arrive",
                   s->o.request_timeout);
        return send_answer(r);
    }
    dispatch(r);
    if (r->suspended && !r->answered) return MHD_YES;
    return send_answer(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    srv *s = cls;
    req *r = *con_cls;
    if (!r) return;
    double secs = mono() - r->started;
    int status = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? r->status : 0;
    metrics_request(s, r->route, status, secs);
    if (!s->o.quiet) {
        /* The access log: method, path (internal ids only, never a query
         * string, a CPR number or a name), status, time, user id. */
        fprintf(stderr, "%s %s %d %.1fms user=%lld\n",
                r->method == M_GET      ? "GET"
                : r->method == M_POST   ? "POST"
                : r->method == M_PUT    ? "PUT"
                : r->method == M_DELETE ? "DELETE"
                : r->method == M_HEAD   ? "HEAD"
                                        : "OTHER",
                r->route >= 0 ? routes[r->route].pattern
                : r->page     ? "(web)"
                              : "(unrouted)",
                status, secs * 1000, (long long)r->user.id);
    }
    json_decref(r->out);
    json_decref(r->stash);
    if (r->out_text_owned) free((void *)r->out_text);
    if (r->has_fd) close(r->out_fd);
    free(r->out_bin);
    if (r->wfree) r->wfree(r->wdata);
    free(r->body);
    free(r);
    *con_cls = NULL;
}

/* Percent-decoding of the path and query (libmicrohttpd's own, except that
 * %00 becomes 0x01 instead of ending the string early, so that
 * "/a.js%00.html" is refused as what it is and not served as "/a.js"). */
static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    char *w = s;
    for (const char *p = s; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            int v = hi * 16 + lo;
            *w++ = (char)(v ? v : 1);
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = 0;
    return (size_t)(w - s);
}

/* ---- start and stop ---- */

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fprintf(stderr, "ungdb serve: http: ");
    vfprintf(stderr, fmt, ap);
}

int server_run(const server_opts *opts)
{
    static srv s; /* large (rate table); one server per process */
    memset(&s, 0, sizeof s);
    s.o = *opts;
    if (!s.o.address) s.o.address = "127.0.0.1";
    if (!s.o.max_body) s.o.max_body = 1 << 20;
    if (s.o.request_timeout <= 0) s.o.request_timeout = 10;
    if (s.o.idle_timeout <= 0) s.o.idle_timeout = 30;
    if (s.o.threads <= 0) s.o.threads = 2;
    if (s.o.login_failures <= 0) s.o.login_failures = 5;
    if (s.o.login_window <= 0) s.o.login_window = 900;
    if (s.o.session_minutes <= 0) s.o.session_minutes = 480;
    snprintf(s.db_path, sizeof s.db_path, "%s", s.o.db_path);
    if (s.o.register_dir) {
        char why[PATH_MAX + 200];
        if (!realpath(s.o.register_dir, s.register_dir)) {
            fprintf(stderr, "ungdb serve: --register %s: %s\n", s.o.register_dir, strerror(errno));
            return 1;
        }
        if (register_check(s.register_dir, why, sizeof why)) {
            fprintf(stderr, "ungdb serve: --register: %s\n", why);
            return 1;
        }
    }
    if (s.o.web_dir && !realpath(s.o.web_dir, s.web_dir)) {
        fprintf(stderr, "ungdb serve: --web %s: %s\n", s.o.web_dir, strerror(errno));
        return 1;
    }
    pthread_mutex_init(&s.rate_mu, NULL);
    /* SIGINT and SIGTERM are blocked in every thread (the threads started
     * below inherit the mask) and taken by sigwait at the end. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    s.route_counts = calloc(nroutes * 6 + 6, sizeof *s.route_counts);
    if (!s.route_counts) return 1;

    ungdb_error err;
    ungdb_error_clear(&err);
    char buf[1200];
    db *first = NULL;
    ungdb_rc rc = db_open(&first, s.db_path, true, &err);
    if (rc) goto fail;
    db_close(first);
    if (s.o.demo && (rc = server_demo_load(s.db_path, s.o.demo_pupils, &err))) goto fail;
    if ((rc = db_pool_open(&s.pool, s.db_path, s.o.threads + 2, &err))) goto fail;
    db_writer_opts wo = {.on_batch = metrics_batch, .ctx = &s};
    if ((rc = db_writer_start(&s.writer, s.db_path, &wo, &err))) goto fail;

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s.o.port)};
    if (inet_pton(AF_INET, s.o.address, &sa.sin_addr) != 1) {
        rc = ungdb_error_set(&err, UNGDB_EUSAGE, "", 0, "--listen", "'%s' is not an IPv4 address",
                             s.o.address);
        goto fail;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    s.mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &s, MHD_OPTION_EXTERNAL_LOGGER,
                             mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                             MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s.o.threads,
                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s.o.idle_timeout,
                             MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                             (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
                             MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!s.mhd) {
        rc = ungdb_error_set(&err, UNGDB_EIO, "", 0, "--listen", "cannot listen on %s:%d: %s",
                             s.o.address, s.o.port, strerror(errno));
        goto fail;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s.mhd, MHD_DAEMON_INFO_BIND_PORT);
    int port = di ? di->port : s.o.port;
    printf("ungdb serve: listening on http://%s:%d/ (store %s, schema version %d)\n", s.o.address,
           port, s.db_path, db_schema_latest());
    if (s.web_dir[0])
        printf("ungdb serve: the web application is at http://%s:%d/ (web application from %s)\n",
               s.o.address, port, s.web_dir);
    else
        printf("ungdb serve: no web application (build it with make, or give --web DIR)\n");
    fflush(stdout);
    if (s.o.port_file) {
        char tmp[600];
        snprintf(tmp, sizeof tmp, "%s.tmp", s.o.port_file);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, s.o.port_file)) {
            rc = ungdb_error_set(&err, UNGDB_EIO, s.o.port_file, 0, "", "cannot write the port");
            goto fail;
        }
    }
    int sig = 0;
    sigwait(&sigs, &sig);
    printf("ungdb serve: stopping\n");
    MHD_stop_daemon(s.mhd);
    db_writer_stop(s.writer);
    db_pool_close(s.pool);
    free(s.route_counts);
    return 0;
fail:
    fprintf(stderr, "ungdb serve: %s: %s\n", ungdb_strerror(rc),
            ungdb_error_format(&err, buf, sizeof buf));
    if (s.mhd) MHD_stop_daemon(s.mhd);
    db_writer_stop(s.writer);
    db_pool_close(s.pool);
    free(s.route_counts);
    return 1;
}
