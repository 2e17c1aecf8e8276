/* auth.c - passwords (Argon2id), sessions, CSRF tokens, login rate
 * limiting, and the scope rules: which persons and institutions a user may
 * see. The rules of scope are the server's, checked on every request. */
#include "server_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ungdb/date.h"

ungdb_rc auth_hash_password(const char *password, char out[128])
{
    _Static_assert(crypto_pwhash_STRBYTES <= 128, "pwhash string fits");
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return UNGDB_ENOMEM;
    return UNGDB_OK;
}

/* The session id's SHA-256 in hex: what the store keeps. */
static void hash_id(const char *id, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)id, strlen(id));
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool auth_session(req *r)
{
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "ungdb_session");
    if (!cookie || strlen(cookie) != 64) return false;
    for (const char *c = cookie; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))) return false;
    hash_id(cookie, r->session_hash);
    db *d = db_pool_get(r->s->pool);
    int64_t uid = 0;
    bool ok = db_session_get(d, r->session_hash, r->now, &uid, r->csrf) == UNGDB_OK &&
              db_user_get(d, uid, &r->user) == UNGDB_OK;
    db_pool_put(r->s->pool, d);
    if (!ok) memset(&r->user, 0, sizeof r->user);
    /* the password hash is not needed past login */
    sodium_memzero(r->user.pwhash, sizeof r->user.pwhash);
    return ok;
}

bool auth_csrf_ok(req *r)
{
    const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    return t && strlen(t) == 64 && r->csrf[0] && sodium_memcmp(t, r->csrf, 64) == 0;
}

/* ---- login rate limiting ----
 * A fixed table of counters keyed by a hash of the user name, and of the
 * client address: after `login_failures` failures within `login_window`
 * seconds, logins for that name (or from that address, at four times the
 * number) are refused with 429 until the window has passed. Two keys that
 * share a slot share a counter, which only ever refuses more, not less. */

static uint64_t rate_key(const char *kind, const char *v)
{
    unsigned char h[8];
    crypto_generichash(h, sizeof h, (const unsigned char *)v, strlen(v),
                       (const unsigned char *)kind, strlen(kind));
    uint64_t k;
    memcpy(&k, h, sizeof k);
    return k | 1;
}

static rate_slot *slot_of(srv *s, uint64_t key)
{
    return &s->rate[key % RATE_SLOTS];
}

static bool over(srv *s, uint64_t key, int limit, int64_t now, int *retry)
{
    rate_slot *sl = slot_of(s, key);
    if (now - sl->window_start >= s->o.login_window) return false;
    if (sl->failures < limit) return false;
    *retry = (int)(s->o.login_window - (now - sl->window_start));
    return true;
}

bool auth_rate_limited(srv *s, const char *username, const char *ip, int *retry)
{
    int64_t now = (int64_t)time(NULL);
    pthread_mutex_lock(&s->rate_mu);
    bool limited = over(s, rate_key("user", username), s->o.login_failures, now, retry) ||
                   over(s, rate_key("ip", ip), 4 * s->o.login_failures, now, retry);
    pthread_mutex_unlock(&s->rate_mu);
    return limited;
}

static void count_failure(srv *s, uint64_t key, int64_t now)
{
    rate_slot *sl = slot_of(s, key);
    if (now - sl->window_start >= s->o.login_window) {
        sl->window_start = now;
        sl->failures = 0;
    }
    sl->key = key;
    sl->failures++;
}

void auth_rate_failure(srv *s, const char *username, const char *ip)
{
    int64_t now = (int64_t)time(NULL);
    pthread_mutex_lock(&s->rate_mu);
    count_failure(s, rate_key("user", username), now);
    count_failure(s, rate_key("ip", ip), now);
    pthread_mutex_unlock(&s->rate_mu);
}

void auth_rate_success(srv *s, const char *username)
{
    pthread_mutex_lock(&s->rate_mu);
    rate_slot *sl = slot_of(s, rate_key("user", username));
    sl->failures = 0;
    pthread_mutex_unlock(&s->rate_mu);
}

/* ---- scope ---- */

int age_on(const char *birth, const char *on)
{
    ungdb_date b, o;
    if (!birth || !ungdb_date_parse(birth, strlen(birth), &b) || !ungdb_date_parse(on, 10, &o))
        return -1;
    int by, bm, bd, oy, om, od;
    ungdb_date_to_ymd(b, &by, &bm, &bd);
    ungdb_date_to_ymd(o, &oy, &om, &od);
    /* A person is N years old from their Nth birthday; one born on
     * 29 February has the birthday on 1 March in common years (docs/calendar.md). */
    int age = oy - by;
    if (om < bm || (om == bm && od < bd)) age--;
    return age;
}

/* A person the user may see, else a 404 (whether the person exists is itself
 * secret); the person's row into *p when p is not NULL. */
bool person_access(req *r, db *d, int64_t id, db_person *p)
{
    db_person row;
    if (db_person_get(d, id, p ? p : &row) != UNGDB_OK || !scope_person(r, d, id)) {
        http_error(r, 404, "not_found", NULL, "no person %lld that you may see", (long long)id);
        return false;
    }
    return true;
}

bool scope_person(req *r, db *d, int64_t person_id)
{
    switch (r->user.role) {
    case DB_ROLE_ADMIN:
        return true;
    case DB_ROLE_STAFF:
        return db_person_at_user_institution(d, r->user.id, person_id);
    case DB_ROLE_CASEWORKER: {
        db_person p;
        return db_person_get(d, person_id, &p) == UNGDB_OK && r->user.municipality[0] &&
               !strcmp(p.municipality, r->user.municipality);
    }
    case DB_ROLE_PUPIL:
        return r->user.person_id && person_id == r->user.person_id;
    case DB_ROLE_GUARDIAN: {
        /* guardians see their own children while these are under 18 */
        db_person p;
        char today[11];
        http_local_today(today);
        if (!db_is_guardian_of(d, r->user.person_id, person_id)) return false;
        if (db_person_get(d, person_id, &p) != UNGDB_OK) return false;
        int age = age_on(p.birth_date, today);
        return age >= 0 && age < 18;
    }
    default:
        return false;
    }
}

bool scope_institution(req *r, db *d, int64_t institution_id)
{
    if (r->user.role == DB_ROLE_ADMIN) return true;
    if (r->user.role == DB_ROLE_STAFF)
        return db_user_has_institution(d, r->user.id, institution_id);
    return false;
}
