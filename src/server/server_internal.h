/* server_internal.h - shared by the files of src/server/: the server and
 * request structs, the routing table, response and input helpers, auth,
 * audit and metrics. */
#ifndef UNGDB_SERVER_INTERNAL_H
#define UNGDB_SERVER_INTERNAL_H

#include "server.h"
#include "db/db.h"
#include "ungdb/rules.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

typedef struct srv srv;
typedef struct req req;

/* ---- metrics (metrics.c) ---- */
#define METRIC_LAT_BUCKETS 14
#define METRIC_BATCH_BUCKETS 12
typedef struct metrics {
    _Atomic uint64_t lat_bucket[METRIC_LAT_BUCKETS + 1]; /* +Inf last */
    _Atomic uint64_t lat_count;
    _Atomic uint64_t lat_sum_us;
    _Atomic uint64_t batch_bucket[METRIC_BATCH_BUCKETS + 1];
    _Atomic uint64_t batch_count;
    _Atomic uint64_t batch_sum;
    _Atomic uint64_t commit_sum_us;
} metrics;
void metrics_request(srv *s, int route_index, int status, double seconds);
void metrics_batch(void *ctx, size_t n, double seconds);
void metrics_render(srv *s, req *r);

/* ---- login rate limiting (auth.c) ---- */
#define RATE_SLOTS 4096
typedef struct rate_slot {
    uint64_t key;
    int64_t window_start;
    int failures;
} rate_slot;

struct srv {
    server_opts o;
    char db_path[512];
    db_pool *pool;
    db_writer *writer;
    struct MHD_Daemon *mhd;
    metrics m;
    pthread_mutex_t rate_mu;
    rate_slot rate[RATE_SLOTS];
    unsigned char pseudonym_key[32];
    _Atomic uint64_t *route_counts; /* [route][status class] */
    char web_dir[4096];             /* realpath of the web application, "" if none */
    char register_dir[4096];        /* realpath of the served register, "" if none */
};

/* ---- requests (http.c) ---- */
typedef void (*after_write_fn)(req *r);

typedef enum {
    M_GET = 1,
    M_POST = 2,
    M_PUT = 4,
    M_DELETE = 8,
    M_OTHER = 16,
    M_HEAD = 32
} http_method;

#define MAX_PARAMS 4
struct req {
    srv *s;
    struct MHD_Connection *conn;
    http_method method;
    char path[256];
    double started; /* monotonic seconds */
    int route;      /* index into the routing table, -1 if none */
    int64_t param[MAX_PARAMS];
    /* the body */
    char *body;
    size_t nbody, capbody;
    bool too_big, too_slow;
    /* who asks */
    db_user user; /* role DB_ROLE_NONE when not logged in */
    char session_hash[65];
    char csrf[65];
    char ip[64];
    /* the answer */
    int status;
    json_t *out;          /* the JSON body of the response */
    const char *out_text; /* or a text body (metrics); owned when out_text_owned */
    bool out_text_owned;
    const char *content_type;
    char set_cookie[256];
    int retry_after;
    unsigned allow; /* 405: the methods the path takes (http_method bits) */
    /* a file or binary body instead of JSON (static.c, api_export.c) */
    bool has_fd;
    int out_fd; /* owned: MHD closes it */
    uint64_t out_fd_size;
    unsigned char *out_bin; /* owned, freed by MHD */
    size_t out_bin_len;
    char etag[48];
    const char *cache_control; /* default no-store */
    char disposition[200];     /* Content-Disposition */
    bool page;                 /* a page of the web app: CSP and frame headers */
    int export_fmt;            /* EXPORT_* of ?format= on a GET (api_export.c) */
    bool answered;
    /* a pending write (group commit) */
    db_write w;
    after_write_fn after;
    bool suspended, resumed;
    json_t *stash; /* a read result waiting for its audit record */
    void *wdata;   /* the write's own data, freed by wfree */
    void (*wfree)(void *);
    char now[24]; /* UTC timestamp of the request */
};

/* Sends an error: {"error": {"status", "code", "message", "field"}}. */
void http_error(req *r, int status, const char *code, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Sends a JSON value (takes ownership). */
void http_json(req *r, int status, json_t *body);
/* Queues a write for group commit and suspends the request; `after` runs when
 * the write has committed (or failed) and must answer. `data` is freed with
 * `wfree` when the request ends. */
void http_submit(req *r, db_write_fn fn, void *data, void (*wfree)(void *), after_write_fn after);
/* The standard answer after a failed write: 422 for bad input, 500 otherwise. */
void http_write_failed(req *r);
/* A query-string parameter, or NULL. */
const char *http_query(req *r, const char *name);
/* Local Danish time now (CET/CEST by the EU rule) as 'YYYY-MM-DDTHH:MM'. */
void http_local_now(char out[17]);
/* Today's date in Denmark, 'YYYY-MM-DD'. */
void http_local_today(char out[11]);
/* A UTC timestamp 'YYYY-MM-DDTHH:MM...' as Danish local 'YYYY-MM-DDTHH:MM'. */
bool http_utc_to_local(const char *utc, char out[17]);

/* The request says Content-Type: application/json; answers 415 and returns
 * false when not. */
bool http_json_type(req *r);
/* The body as a JSON object; answers 400/415/422 itself and returns NULL
 * when it is not one. */
json_t *http_body_object(req *r);

/* Field readers: on a wrong or missing value they answer 422 naming the
 * field and return false. `name` is the field's full path for the message. */
bool in_int(req *r, json_t *o, const char *key, const char *name, bool required, int64_t lo,
            int64_t hi, int64_t *out);
bool in_bool(req *r, json_t *o, const char *key, const char *name, bool required, int *out);
bool in_str(req *r, json_t *o, const char *key, const char *name, bool required, size_t maxlen,
            const char **out);
bool in_date(req *r, json_t *o, const char *key, const char *name, bool required, const char **out);
/* Refuses keys that the endpoint does not know (a typo is an error, not ignored). */
bool in_only(req *r, json_t *o, const char *prefix, const char *const *keys);
/* A date query parameter, or `dflt`; answers 422 and returns false when malformed. */
bool query_date(req *r, const char *name, const char *dflt, char out[11]);

/* ---- routing (http.c) ---- */
typedef void (*handler_fn)(req *r);
#define ROLE(x) (1u << (x))
#define ANY_USER 0x7eu /* every role */
typedef struct route {
    http_method method;
    const char *pattern; /* "/api/v1/lessons/:id/attendance" */
    handler_fn fn;
    unsigned roles; /* 0: public, no session needed */
    const char *name;
} route;
extern const route routes[];
extern const size_t nroutes;

/* ---- auth (auth.c) ---- */
/* Reads the session cookie; fills r->user. False when there is no valid session. */
bool auth_session(req *r);
bool auth_csrf_ok(req *r);
/* Hash of a password for storage (Argon2id). */
ungdb_rc auth_hash_password(const char *password, char out[128]);
/* True when the login of `username` from r->ip is refused for now; sets *retry. */
bool auth_rate_limited(srv *s, const char *username, const char *ip, int *retry);
void auth_rate_failure(srv *s, const char *username, const char *ip);
void auth_rate_success(srv *s, const char *username);
/* Scope: may the user see (and, for staff, work with) this person's data? */
bool scope_person(req *r, db *d, int64_t person_id);
/* scope_person, or a 404 answered; the person's row into *p (may be NULL). */
bool person_access(req *r, db *d, int64_t id, db_person *p);
bool scope_institution(req *r, db *d, int64_t institution_id);
/* The number of whole years between a birth date and a date (both YYYY-MM-DD). */
int age_on(const char *birth, const char *on);

/* ---- audit (audit.c) ---- */
/* Adds an audit record on `d` (inside the caller's transaction). */
ungdb_rc audit_add(db *d, req *r, const char *action, const char *object, const char *subjects,
                   const char *outcome, ungdb_error *err);
/* Sends `body` only after the read has an audit record committed. */
void audit_read_then_send(req *r, json_t *body, const char *action, const char *object,
                          const char *subjects);

/* ---- the web application (static.c) ---- */
/* Serves GET/HEAD of a path outside /api/ from the web directory. */
void static_serve(req *r);

/* ---- exports (api_export.c) ---- */
enum { EXPORT_NONE = 0, EXPORT_CSV = 1, EXPORT_XLSX = 2 };
/* Reads ?format= of a GET; answers 422 and returns false when it is unknown. */
bool export_parse(req *r);
/* Turns a 200 JSON answer into the CSV or XLSX file of its first list. */
void export_convert(req *r);

/* ---- input checked by the rules engine's own parser (api_followup.c) ---- */
/* Checks `frag` as the case form's `key` (as [frag] when `array`) of a case
 * of a person born on `birth`; on an error answers 422 naming the field in
 * the body's terms (the case path without the prefix `strip`). */
bool engine_check(req *r, const char *birth, const char *key, json_t *frag, bool array,
                  const char *strip);

/* ---- the rules engine's case of a person (case_build.c) ---- */
typedef struct case_built {
    ungdb_case *c; /* parsed by the engine */
    json_t *json;  /* the case form it was parsed from */
    json_t *notes; /* rows of the store the case could not hold, with why */
} case_built;
/* Builds the case of a person from the store for evaluation on `on`
 * (YYYY-MM-DD). UNGDB_EINPUT: no such person; UNGDB_ESTATE: no birth date
 * (err says so). Free with case_built_free. */
ungdb_rc case_build(db *d, int64_t person_id, const char *on, case_built *out, ungdb_error *err);
/* The same from the raw rows of db_case_data (or one person of
 * db_duty_case_data), which it takes over (and frees). */
ungdb_rc case_build_raw(json_t *raw, int64_t person_id, const char *on, case_built *out,
                        ungdb_error *err);
void case_built_free(case_built *b);
/* One lesson's registrations as the engine's case, for the FGU rules of
 * § 17 (fgu.registration_time, fgu.absence_minimum), which read only the
 * lesson, the minutes and the time of registration: a placeholder person
 * (born 2000-01-01, no person data), one active FGU enrolment "e" from the
 * lesson's date, one attendance row per registration registered at
 * `now_local` (YYYY-MM-DDTHH:MM, Danish time). The same case as
 * ungdb_case_parse gives for that form, without the JSON round trip. The
 * rows' absent_minutes may be changed in lc->att afterwards. */
typedef struct lesson_case {
    ungdb_case c;
    ungdb_enrolment enrolment;
    ungdb_attendance *att;
} lesson_case;
ungdb_rc lesson_case_init(lesson_case *lc, const db_lesson *l, const db_attendance *rows, size_t n,
                          const char *now_local);
void lesson_case_free(lesson_case *lc);

/* ---- findings as the API shows them (api_rules.c) ---- */
/* `lang` is "da" or "en": `text` and `status_text` in that language, both
 * texts always present. `on` gives days_left for dated findings. */
json_t *findings_json(const ungdb_findings *fl, const char *lang, ungdb_date on);
/* The ?lang= parameter (da default, en); answers 422 and returns NULL when bad. */
const char *query_lang(req *r);
/* VBK § 31 through the engine (ubd.scope) for the person's spell at
 * `institution` (0: any spell) on `on`: the finding as JSON (status ok,
 * not_applicable or needs_judgement) in *out; NULL with rc when the case
 * cannot be built. */
ungdb_rc scope_check(db *d, int64_t person, int64_t institution, const char *on, const char *lang,
                     json_t **out, ungdb_error *err);

/* Checks a case form with the engine's parser (ungdb_case_parse); on an
 * error answers 422 `invalid` naming the field in the request body's terms:
 * the case path without its `strip` prefix (api_followup.c). */
bool engine_check_case(req *r, json_t *case_form, const char *strip);

/* ---- criteria files (api_followup.c) ---- */
/* The criteria as the API shows them: institution, version, min_hits and
 * each criterion (name, label, measure, window, threshold, line). */
json_t *criteria_summary(const ungdb_criteria *cr);
/* Answers 422 bad_criteria with the engine's parse error (line, key). */
void criteria_reject(req *r, const ungdb_error *err);

/* ---- reports (api_cases.c) ---- */
#define GUARDIANS_TASK_BASIS                                                                       \
    "VBK § 36, stk. 3: tell the holders of parental responsibility immediately after the report"
/* The youth database's JSON of a report (with the CPR number: for the
 * outbox only, never a log); malloc'd, NULL on failure. */
char *report_payload(db *d, int64_t person, int64_t inst, const char *kind, const char *on,
                     const char *by, const char *contact, bool forced, const char *legal);

/* ---- handlers ---- */
void api_login(req *r);
void api_logout(req *r);
void api_me(req *r);
void api_healthz(req *r);
void api_metrics(req *r);
void api_institutions(req *r);
void api_institution(req *r);
void api_groups(req *r);
void api_group_members(req *r);
void api_lessons(req *r);
void api_lesson(req *r);
void api_attendance_put(req *r);
void api_person(req *r);
void api_person_attendance(req *r);
void api_comment(req *r);
void api_children(req *r);
void api_notice(req *r);
void api_assessment(req *r);
void api_report(req *r);
void api_person_cases(req *r);
void api_reports(req *r);
void api_inst_reports(req *r);
void api_tasks(req *r);
void api_outbox(req *r);
void api_outbox_ack(req *r);
void api_audit(req *r);
void api_fgu_certificate(req *r);
void api_stu_paper(req *r);
void api_register_index(req *r);
void api_register_validation(req *r);
void api_register_hours(req *r);
void api_register_file(req *r);
/* 0 when `dir` is a register whose person columns are pseudonyms; else -1
 * with the reason (file, line, column) in `why` (api_register.c). */
int register_check(const char *dir, char *why, size_t n);
void api_findings(req *r);
void api_criteria_get(req *r);
void api_criteria_put(req *r);
void api_criteria_preview(req *r);
void api_candidates(req *r);
void api_task_done(req *r);
void api_person_facts(req *r);
void api_enrolment_update(req *r);
void api_duty_step(req *r);
void api_duty_cases(req *r);
void api_stu_put(req *r);
void api_event_add(req *r);
void api_duty_facts_get(req *r);
void api_duty_facts_put(req *r);
void api_stu_cases(req *r);
void api_fgu_get(req *r);
void api_fgu_put(req *r);

#endif
