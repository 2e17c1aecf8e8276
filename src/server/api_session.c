/* api_session.c - login, logout, the session (me), /healthz and /metrics. */
#include "server_internal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A hash to verify against when the user name is unknown, so that a wrong
 * name takes as long as a wrong password. */
static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
    if (auth_hash_password("not a password of anyone", dummy_hash)) dummy_hash[0] = 0;
}

typedef struct login_data {
    bool ok;
    int64_t target; /* the user the name belongs to, 0 if none */
    char id[65];    /* the session id (only in the cookie) */
    char id_hash[65];
    char csrf[65];
    char expires[24];
} login_data;

static ungdb_rc login_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    login_data *l = r->wdata;
    char object[40];
    snprintf(object, sizeof object, "user/%lld", (long long)l->target);
    if (!l->ok) return audit_add(d, r, "login", l->target ? object : NULL, NULL, "failed", err);
    ungdb_rc rc = db_session_add(d, l->id_hash, r->user.id, l->csrf, r->now, l->expires, err);
    if (!rc) rc = db_sessions_expire(d, r->now, err);
    if (!rc) rc = audit_add(d, r, "login", object, NULL, "ok", err);
    return rc;
}

static json_t *user_json(req *r, db *d)
{
    json_t *u = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r->user.id, "username",
                          r->user.username, "role", db_role_name(r->user.role));
    json_object_set_new(u, "person",
                        r->user.person_id ? json_integer(r->user.person_id) : json_null());
    json_object_set_new(u, "municipality",
                        r->user.municipality[0] ? json_string(r->user.municipality) : json_null());
    json_t *insts = NULL;
    ungdb_error err;
    if (r->user.role == DB_ROLE_STAFF &&
        db_institutions_list(d, r->user.id, &insts, &err) == UNGDB_OK)
        json_object_set_new(u, "institutions", insts);
    else
        json_object_set_new(u, "institutions", json_array());
    return u;
}

static void login_after(req *r)
{
    login_data *l = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    if (!l->ok) {
        http_error(r, 401, "invalid_credentials", NULL, "wrong user name or password");
        return;
    }
    snprintf(r->set_cookie, sizeof r->set_cookie,
             "ungdb_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", l->id,
             r->s->o.session_minutes * 60);
    db *d = db_pool_get(r->s->pool);
    json_t *u = user_json(r, d);
    db_pool_put(r->s->pool, d);
    http_json(
        r, 200,
        json_pack("{s:o, s:s, s:s}", "user", u, "csrf_token", l->csrf, "expires_at", l->expires));
}

void api_login(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"username", "password", NULL};
    const char *name = NULL, *pw = NULL;
    if (!in_only(r, b, "", keys) || !in_str(r, b, "username", "username", true, 64, &name) ||
        !in_str(r, b, "password", "password", true, 1024, &pw)) {
        json_decref(b);
        return;
    }
    int retry = 0;
    if (auth_rate_limited(r->s, name, r->ip, &retry)) {
        json_decref(b);
        r->retry_after = retry;
        http_error(r, 429, "rate_limited", NULL, "too many failed logins; try again in %d seconds",
                   retry);
        return;
    }
    login_data *l = calloc(1, sizeof *l);
    if (!l) {
        json_decref(b);
        http_error(r, 500, "internal", NULL, "out of memory");
        return;
    }
    db_user u;
    db *d = db_pool_get(r->s->pool);
    bool found = db_user_by_name(d, name, &u) == UNGDB_OK;
    db_pool_put(r->s->pool, d);
    if (found) {
        l->ok = crypto_pwhash_str_verify(u.pwhash, pw, strlen(pw)) == 0;
        l->target = u.id;
    } else {
        pthread_once(&dummy_once, make_dummy);
        if (dummy_hash[0]) {
            int same_time = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw));
            (void)same_time;
        }
    }
    sodium_memzero(u.pwhash, sizeof u.pwhash);
    if (l->ok) {
        auth_rate_success(r->s, name);
        r->user = u;
        unsigned char raw[32];
        randombytes_buf(raw, sizeof raw); /* 256-bit session id */
        sodium_bin2hex(l->id, sizeof l->id, raw, sizeof raw);
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(l->csrf, sizeof l->csrf, raw, sizeof raw);
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)l->id, strlen(l->id));
        sodium_bin2hex(l->id_hash, sizeof l->id_hash, h, sizeof h);
        time_t t = time(NULL) + (time_t)r->s->o.session_minutes * 60;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(l->expires, sizeof l->expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
    } else {
        auth_rate_failure(r->s, name, r->ip);
    }
    json_decref(b);
    http_submit(r, login_write, l, free, login_after);
}

static ungdb_rc logout_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    ungdb_rc rc = db_session_delete(d, r->session_hash, err);
    if (!rc) rc = audit_add(d, r, "logout", NULL, NULL, "ok", err);
    return rc;
}

static void logout_after(req *r)
{
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    snprintf(r->set_cookie, sizeof r->set_cookie,
             "ungdb_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    http_json(r, 200, json_pack("{s:b}", "logged_out", 1));
}

void api_logout(req *r)
{
    http_submit(r, logout_write, NULL, NULL, logout_after);
}

void api_me(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *u = user_json(r, d);
    db_pool_put(r->s->pool, d);
    http_json(r, 200, json_pack("{s:o, s:s}", "user", u, "csrf_token", r->csrf));
}

void api_healthz(req *r)
{
    db *d = db_pool_get(r->s->pool);
    int v = db_schema_version(d);
    db_pool_put(r->s->pool, d);
    if (v != db_schema_latest()) {
        http_error(r, 503, "unavailable", NULL, "the store is at schema version %d, not %d", v,
                   db_schema_latest());
        return;
    }
    http_json(r, 200,
              json_pack("{s:s, s:i, s:s}", "status", "ok", "schema_version", v, "version",
                        UNGDB_VERSION));
}

void api_metrics(req *r)
{
    metrics_render(r->s, r);
}
