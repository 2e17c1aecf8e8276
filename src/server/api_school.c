/* api_school.c - institutions, groups, lessons and the registration of a
 * whole lesson's attendance in one request. */
#include "server_internal.h"
#include "reg_body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ungdb/date.h"

/* Comma-separated ids for the audit record. */
static char *id_list(const int64_t *ids, size_t n)
{
    char *s = malloc(n * 21 + 1);
    if (!s) return NULL;
    /* without printf: every registration writes the list of its pupils */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char d[20];
        size_t nd = 0;
        uint64_t v = ids[i] < 0 ? 0 - (uint64_t)ids[i] : (uint64_t)ids[i];
        do {
            d[nd++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        if (i) s[k++] = ',';
        if (ids[i] < 0) s[k++] = '-';
        while (nd)
            s[k++] = d[--nd];
    }
    s[k] = 0;
    return s;
}

static char *ids_of_rows(json_t *rows, const char *key)
{
    size_t n = json_array_size(rows), i;
    int64_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids) return NULL;
    json_t *row;
    size_t k = 0;
    json_array_foreach(rows, i, row)
    {
        int64_t id = json_integer_value(json_object_get(row, key));
        if (k == 0 || ids[k - 1] != id) ids[k++] = id;
    }
    char *s = id_list(ids, k);
    free(ids);
    return s;
}

void api_institutions(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    ungdb_rc rc =
        db_institutions_list(d, r->user.role == DB_ROLE_STAFF ? r->user.id : 0, &out, &err);
    db_pool_put(r->s->pool, d);
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read institutions");
        return;
    }
    http_json(r, 200, json_pack("{s:o}", "institutions", out));
}

/* Institutions are public facts; their groups, lessons and pupils are not. */
void api_institution(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    ungdb_rc rc = db_institution_json(d, r->param[0], &out, &err);
    bool staff_ok = r->user.role != DB_ROLE_STAFF || scope_institution(r, d, r->param[0]);
    db_pool_put(r->s->pool, d);
    if (rc == UNGDB_EINPUT) {
        http_error(r, 404, "not_found", NULL, "no institution %lld", (long long)r->param[0]);
    } else if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read the institution");
    } else if (!staff_ok) {
        json_decref(out);
        http_error(r, 403, "forbidden", NULL, "you do not work for this institution");
        return;
    } else {
        http_json(r, 200, out);
        return;
    }
    json_decref(out);
}

/* Staff of the institution and administrators; 404 for a missing one, 403
 * for someone else's (institutions are public, so existence is no secret). */
static bool institution_access(req *r, db *d, int64_t inst)
{
    db_institution in;
    if (db_institution_get(d, inst, &in) != UNGDB_OK) {
        http_error(r, 404, "not_found", NULL, "no institution %lld", (long long)inst);
        return false;
    }
    if (!scope_institution(r, d, inst)) {
        http_error(r, 403, "forbidden", NULL, "you do not work for this institution");
        return false;
    }
    return true;
}

void api_groups(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    if (institution_access(r, d, r->param[0])) {
        if (db_groups_list(d, r->param[0], &out, &err))
            http_error(r, 500, "internal", NULL, "cannot read groups");
        else
            http_json(r, 200, json_pack("{s:o}", "groups", out));
    }
    db_pool_put(r->s->pool, d);
}

void api_group_members(req *r)
{
    char on[11];
    char today[11];
    http_local_today(today);
    if (!query_date(r, "on", today, on)) return;
    db *d = db_pool_get(r->s->pool);
    int64_t inst = 0;
    json_t *out = NULL;
    ungdb_error err;
    if (db_group_institution(d, r->param[0], &inst) != UNGDB_OK) {
        http_error(r, 404, "not_found", NULL, "no group %lld", (long long)r->param[0]);
    } else if (!scope_institution(r, d, inst)) {
        http_error(r, 403, "forbidden", NULL, "you do not work for this group's institution");
    } else if (db_group_members(d, r->param[0], on, &out, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the group");
    }
    db_pool_put(r->s->pool, d);
    if (r->answered) return;
    char *subjects = ids_of_rows(out, "person");
    char object[40];
    snprintf(object, sizeof object, "group/%lld", (long long)r->param[0]);
    audit_read_then_send(
        r, json_pack("{s:I, s:s, s:o}", "group", (json_int_t)r->param[0], "on", on, "members", out),
        "group.members.read", object, subjects);
    free(subjects);
}

/* The schedule of an institution. Each lesson says whether the user's own
 * staff person teaches it (`mine`, from the schedule's lesson_staff; the
 * user's person is users.person_id); ?mine=true keeps those only: the
 * teacher's own lessons, while the whole schedule stays open to them (a
 * substitute, a colleague's class). */
void api_lessons(req *r)
{
    char today[11], from[11], to[11];
    http_local_today(today);
    if (!query_date(r, "from", today, from) || !query_date(r, "to", from, to)) return;
    const char *m = http_query(r, "mine");
    if (m && strcmp(m, "true") && strcmp(m, "false")) {
        http_error(r, 422, "bad_value", "mine", "mine must be true or false");
        return;
    }
    bool only_mine = m && !strcmp(m, "true");
    int64_t me = r->user.role == DB_ROLE_STAFF ? r->user.person_id : 0;
    if (only_mine && !me) {
        http_error(r, 409, "no_staff_person", "mine",
                   "your user is not linked to a staff person of the schedule; ask for all the "
                   "institution's lessons (without mine=true)");
        return;
    }
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    if (institution_access(r, d, r->param[0])) {
        if (db_lessons_list(d, r->param[0], from, to, 2000, me, only_mine, &out, &err)) {
            http_error(r, 500, "internal", NULL, "cannot read lessons");
        } else {
            size_t i;
            json_t *l;
            json_array_foreach(out, i, l)
            {
                json_t *x = json_object_get(l, "mine");
                json_object_set_new(l, "mine", json_boolean(json_integer_value(x) != 0));
            }
            http_json(r, 200,
                      json_pack("{s:s, s:s, s:b, s:o, s:o}", "from", from, "to", to, "mine",
                                only_mine, "staff_person", me ? json_integer(me) : json_null(),
                                "lessons", out));
        }
    }
    db_pool_put(r->s->pool, d);
}

void api_lesson(req *r)
{
    db *d = db_pool_get(r->s->pool);
    db_lesson l;
    json_t *out = NULL;
    ungdb_error err;
    if (db_lesson_get(d, r->param[0], &l) != UNGDB_OK)
        http_error(r, 404, "not_found", NULL, "no lesson %lld", (long long)r->param[0]);
    else if (!scope_institution(r, d, l.institution_id))
        http_error(r, 403, "forbidden", NULL, "you do not work for this lesson's institution");
    else if (db_lesson_json(d, l.id, &out, &err))
        http_error(r, 500, "internal", NULL, "cannot read the lesson");
    db_pool_put(r->s->pool, d);
    if (r->answered) return;
    char *subjects = ids_of_rows(json_object_get(out, "pupils"), "person");
    char object[40];
    snprintf(object, sizeof object, "lesson/%lld", (long long)l.id);
    audit_read_then_send(r, out, "lesson.read", object, subjects);
    free(subjects);
}

/* ---- attendance ---- */

/* ---- the draft FGU order § 17 through the rules engine ---- */

/* The rules whose id starts with `prefix` on the lesson's case, evaluated on
 * the lesson's date, appended to fl. */
static bool fgu_eval(const lesson_case *lc, const db_lesson *l, const char *prefix,
                     ungdb_findings *fl)
{
    ungdb_date on;
    return ungdb_date_parse(l->starts_at, 10, &on) &&
           ungdb_rules_eval(&lc->c, on, NULL, prefix, fl) == UNGDB_OK;
}

/* The value of a finding's fact, or NULL. */
static const char *fact_of(const ungdb_finding *f, const char *name)
{
    for (size_t i = 0; i < f->nfacts; i++)
        if (!strcmp(f->facts[i].name, name)) return f->facts[i].value;
    return NULL;
}

typedef struct att_data {
    int64_t lesson;
    db_attendance *rows;
    size_t n;
    char *subjects;
    json_t *adjusted;
    json_t *findings; /* FGU: the engine's findings on the stored registrations */
    char *reasons;    /* the fast path's reasons, terminated (rows point here) */
    bool fgu;
} att_data;

static void att_free(void *p)
{
    att_data *a = p;
    if (!a) return;
    free(a->rows);
    free(a->reasons);
    free(a->subjects);
    json_decref(a->adjusted);
    json_decref(a->findings);
    free(a);
}

static ungdb_rc att_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    att_data *a = r->wdata;
    ungdb_rc rc = db_attendance_put(d, a->lesson, a->rows, a->n, r->user.id, r->now, err);
    if (rc) return rc;
    char object[40];
    snprintf(object, sizeof object, "lesson/%lld", (long long)a->lesson);
    return audit_add(d, r, "attendance.register", object, a->subjects, "ok", err);
}

static void att_after(req *r)
{
    att_data *a = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *o = json_pack("{s:I, s:I, s:s}", "lesson", (json_int_t)a->lesson, "registered",
                          (json_int_t)a->n, "registered_at", r->now);
    if (a->fgu) {
        json_object_set_new(o, "rules",
                            json_pack("[s, s]",
                                      "FGU-bekendtgørelsen (udkast af 11. marts 2019) § 17, "
                                      "stk. 2: registered at the start of the lesson",
                                      "FGU-bekendtgørelsen (udkast af 11. marts 2019) § 17, "
                                      "stk. 3: the actual time absent, at least 30 minutes"));
        json_object_set(o, "adjusted", a->adjusted);
        json_object_set(o, "findings", a->findings);
    }
    http_json(r, 200, o);
}

/* FGU-bekendtgørelsen (draft order of 11 March 2019) § 17 through the
 * engine: stk. 2, attendance is registered at the start of the lesson (a
 * registration the engine finds made before the lesson starts is refused:
 * it cannot record the lesson's attendance); stk. 3, absence is registered
 * as the actual time but at least 30 minutes (a registration the engine
 * finds under the minimum is raised to it, never above the lesson, and
 * listed in `adjusted`). The answer carries the engine's findings on what is
 * stored. False when it has answered. */
static bool fgu_rules(req *r, att_data *a, const db_lesson *l)
{
    char now_local[17];
    http_local_now(now_local);
    lesson_case lc, one;
    ungdb_findings *fl = NULL;
    bool ok = false;
    memset(&one, 0, sizeof one);
    /* fgu.registration_time reads the lesson and the time of registration,
     * not the minutes absent, so its findings before the adjustment below
     * are the findings on what is stored. */
    if (lesson_case_init(&lc, l, a->rows, a->n, now_local) != UNGDB_OK ||
        !(fl = ungdb_findings_new()) || !fgu_eval(&lc, l, "fgu.registration_time", fl)) {
        http_error(r, 500, "internal", NULL, "cannot apply the FGU rules");
        goto out;
    }
    for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        const char *before = fact_of(f, "registered_before_start");
        if (before && strcmp(before, "0") != 0) {
            http_error(r, 409, "before_lesson_start", NULL,
                       "%s (draft): attendance is registered at the start of the lesson; this "
                       "lesson starts %s (now %s). %s",
                       f->rule->reference, l->starts_at, now_local, f->text_en);
            goto out;
        }
    }
    for (size_t i = 0; i < a->n; i++) {
        db_attendance *x = &a->rows[i];
        if (x->absent_minutes <= 0 || x->absent_minutes >= l->minutes) continue;
        ungdb_findings *f1 = ungdb_findings_new();
        bool under = false;
        if (!f1 || lesson_case_init(&one, l, x, 1, now_local) != UNGDB_OK ||
            !fgu_eval(&one, l, "fgu.absence_minimum", f1)) {
            ungdb_findings_free(f1);
            http_error(r, 500, "internal", NULL, "cannot apply the FGU rules");
            goto out;
        }
        for (size_t k = 0; k < ungdb_findings_count(f1); k++)
            under |= ungdb_findings_get(f1, k)->status == UNGDB_FINDING_BREACH;
        ungdb_findings_free(f1);
        lesson_case_free(&one);
        if (!under) continue;
        int raised = l->minutes < 30 ? l->minutes : 30; /* § 17, stk. 3: at least 30 minutes */
        json_array_append_new(
            a->adjusted, json_pack("{s:I, s:i, s:i, s:s}", "person", (json_int_t)x->person_id,
                                   "absent_minutes_given", x->absent_minutes, "absent_minutes",
                                   raised, "rule", "FGU-bekendtgørelsen (udkast) § 17, stk. 3"));
        x->absent_minutes = raised;
        lc.att[i].absent_minutes = raised;
    }
    /* the engine's findings on what is stored: fgu.registration_time (above)
     * and fgu.absence_minimum on the adjusted minutes, in registry order */
    if (!fgu_eval(&lc, l, "fgu.absence_minimum", fl)) {
        http_error(r, 500, "internal", NULL, "cannot apply the FGU rules");
        goto out;
    }
    const char *lang = http_query(r, "lang");
    ungdb_date on;
    ungdb_date_parse(l->starts_at, 10, &on);
    a->findings = findings_json(fl, lang && !strcmp(lang, "en") ? "en" : "da", on);
    ok = a->findings != NULL;
    if (!ok) http_error(r, 500, "internal", NULL, "cannot apply the FGU rules");
out:
    lesson_case_free(&one);
    lesson_case_free(&lc);
    ungdb_findings_free(fl);
    return ok;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* "registrations[I]." into p (at least 40 bytes); returns its length. Done
 * for every registration of every request, so without printf. */
static size_t field_prefix(char *p, size_t i)
{
    static const char head[] = "registrations[";
    char digits[24];
    size_t nd = 0, k = sizeof head - 1;
    do {
        digits[nd++] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    memcpy(p, head, k);
    while (nd)
        p[k++] = digits[--nd];
    p[k++] = ']';
    p[k++] = '.';
    p[k] = 0;
    return k;
}

/* The prefix of length pl and the key into f (at least 96 bytes). */
static void field_name(char *f, const char *p, size_t pl, const char *key)
{
    size_t kl = strlen(key); /* a field name of this handler: short */
    memcpy(f, p, pl);
    memcpy(f + pl, key, kl + 1);
}

/* The rules of the request on rows read by reg_fast, as the full path
 * applies them (a pupil of the lesson, once; minutes within the lesson,
 * more than 0 for an absent pupil; lawful exactly for an absence; a reason
 * of at most 200 bytes). Fills a->rows and copies the reasons, terminated,
 * into a->reasons. False on any breach: the full path then answers it. */
static bool reg_fast_check(att_data *a, const reg_raw *x, size_t n, const int64_t *pupils,
                           size_t npupils, const db_lesson *l)
{
    size_t text = 0;
    for (size_t i = 0; i < n; i++)
        text += x[i].nreason + 1;
    bool *seen = calloc(npupils ? npupils : 1, sizeof *seen);
    a->rows = calloc(n, sizeof *a->rows);
    a->reasons = malloc(text);
    bool ok = seen && a->rows && a->reasons;
    char *t = a->reasons;
    for (size_t i = 0; i < n && ok; i++) {
        const reg_raw *e = &x[i];
        const int64_t *k = bsearch(&e->person, pupils, npupils, sizeof *pupils, cmp_id);
        int64_t minutes = e->minutes;
        if (!k || seen[k - pupils] || minutes > l->minutes || e->nreason > 200) {
            ok = false;
            break;
        }
        seen[k - pupils] = true;
        if (minutes < 0) minutes = e->present ? 0 : l->minutes;
        if ((!e->present && minutes == 0) || (minutes > 0 && e->lawful < 0) ||
            (minutes == 0 && e->lawful >= 0)) {
            ok = false;
            break;
        }
        db_attendance *y = &a->rows[i];
        y->person_id = e->person;
        y->present = e->present;
        y->absent_minutes = (int)minutes;
        y->lawful = e->lawful;
        if (e->reason) {
            memcpy(t, e->reason, e->nreason);
            t[e->nreason] = 0;
            y->reason = t;
            t += e->nreason + 1;
        }
    }
    free(seen);
    if (!ok) {
        free(a->rows);
        free(a->reasons);
        a->rows = NULL;
        a->reasons = NULL;
    }
    return ok;
}

/* The full path: the body through jansson and in_*, each error answered
 * with its JSON field. Fills a->rows (the reasons point into b) and the
 * lesson's pupils. False when it has answered. */
static bool reg_full(req *r, json_t *b, att_data *a, db *d, const db_lesson *l, int64_t **pupils,
                     size_t *npupils)
{
    ungdb_error err;
    static const char *const top[] = {"registrations", NULL};
    static const char *const keys[] = {"person", "present", "absent_minutes",
                                       "lawful", "reason",  NULL};
    if (!in_only(r, b, "", top)) return false;
    json_t *regs = json_object_get(b, "registrations");
    if (!regs) {
        http_error(r, 422, "missing_field", "registrations", "registrations is required");
        return false;
    }
    if (!json_is_array(regs) || json_array_size(regs) == 0 || json_array_size(regs) > 1000) {
        http_error(r, 422, "wrong_type", "registrations",
                   "registrations must be an array of 1-1000 objects");
        return false;
    }
    if (db_lesson_pupils(d, l, pupils, npupils, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the lesson's pupils");
        return false;
    }
    a->n = json_array_size(regs);
    a->rows = calloc(a->n, sizeof *a->rows);
    /* seen[k]: pupil k of the lesson (pupils is sorted) already registered */
    bool *seen = calloc(*npupils ? *npupils : 1, sizeof *seen);
    if (!a->rows || !seen) {
        free(seen);
        http_error(r, 500, "internal", NULL, "out of memory");
        return false;
    }
    size_t i;
    json_t *e;
    json_array_foreach(regs, i, e)
    {
        /* the JSON field names for messages: "registrations[i]." + key */
        char p[64], f[96];
        size_t pl = field_prefix(p, i);
        if (!json_is_object(e)) {
            snprintf(f, sizeof f, "registrations[%zu]", i);
            http_error(r, 422, "wrong_type", f, "%s must be an object", f);
            break;
        }
        if (!in_only(r, e, p, keys)) break;
        db_attendance *x = &a->rows[i];
        int64_t person = 0, minutes = -1;
        int present = 0, lawful = -1;
        const char *reason = NULL;
        field_name(f, p, pl, "person");
        if (!in_int(r, e, "person", f, true, 1, INT64_MAX / 2, &person)) break;
        const int64_t *k = bsearch(&person, *pupils, *npupils, sizeof **pupils, cmp_id);
        if (!k) {
            http_error(r, 422, "not_a_pupil", f, "%s: person %lld is not a pupil of this lesson", f,
                       (long long)person);
            break;
        }
        if (seen[k - *pupils]) {
            http_error(r, 422, "duplicate", f, "%s: person %lld is registered twice", f,
                       (long long)person);
            break;
        }
        seen[k - *pupils] = true;
        field_name(f, p, pl, "present");
        if (!in_bool(r, e, "present", f, true, &present)) break;
        field_name(f, p, pl, "absent_minutes");
        if (!in_int(r, e, "absent_minutes", f, false, 0, l->minutes, &minutes)) break;
        if (minutes < 0) minutes = present ? 0 : l->minutes;
        if (!present && minutes == 0) {
            http_error(r, 422, "inconsistent", f, "%s must be more than 0 for an absent pupil", f);
            break;
        }
        field_name(f, p, pl, "lawful");
        if (!in_bool(r, e, "lawful", f, false, &lawful)) break;
        if (minutes > 0 && lawful < 0) {
            http_error(r, 422, "missing_field", f, "%s is required when the pupil was absent", f);
            break;
        }
        if (minutes == 0 && lawful >= 0) {
            http_error(r, 422, "inconsistent", f, "%s is only for an absence", f);
            break;
        }
        field_name(f, p, pl, "reason");
        if (!in_str(r, e, "reason", f, false, 200, &reason)) break;
        x->person_id = person;
        x->present = present;
        x->absent_minutes = (int)minutes;
        x->lawful = lawful;
        x->reason = reason; /* lives in b, which lives until the write is done */
    }
    free(seen);
    return !r->answered;
}

void api_attendance_put(req *r)
{
    /* the usual body without jansson (reg_fast), else the full path */
    if (!http_json_type(r)) return;
    size_t nraw = 0;
    reg_raw *raw = reg_fast(r->body, r->nbody, &nraw);
    json_t *b = NULL;
    if (!raw && !(b = http_body_object(r))) return;
    att_data *a = calloc(1, sizeof *a);
    db *d = db_pool_get(r->s->pool);
    db_read_begin(d); /* the lesson, scope, institution and pupils: one snapshot */
    int64_t *pupils = NULL;
    size_t npupils = 0;
    db_lesson l;
    db_institution in;
    ungdb_error err;
    if (!a) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    a->lesson = r->param[0];
    if (db_lesson_get(d, a->lesson, &l) != UNGDB_OK) {
        http_error(r, 404, "not_found", NULL, "no lesson %lld", (long long)a->lesson);
        goto done;
    }
    if (!scope_institution(r, d, l.institution_id)) {
        http_error(r, 403, "forbidden", NULL, "you do not work for this lesson's institution");
        goto done;
    }
    if (db_institution_get(d, l.institution_id, &in) != UNGDB_OK) {
        http_error(r, 500, "internal", NULL, "the lesson's institution is missing");
        goto done;
    }
    a->fgu = !strcmp(in.kind, "fgu");
    if (a->fgu) a->adjusted = json_array();
    if (raw) {
        if (db_lesson_pupils(d, &l, &pupils, &npupils, &err)) {
            http_error(r, 500, "internal", NULL, "cannot read the lesson's pupils");
            goto done;
        }
        if (reg_fast_check(a, raw, nraw, pupils, npupils, &l)) {
            a->n = nraw;
        } else {
            /* a rule is broken: the full path finds it and answers */
            free(pupils);
            pupils = NULL;
            npupils = 0;
            if (!(b = http_body_object(r))) goto done;
        }
    }
    if (b && !reg_full(r, b, a, d, &l, &pupils, &npupils)) goto done;
    if (a->fgu && !fgu_rules(r, a, &l)) goto done;
    {
        int64_t *ids = malloc(a->n * sizeof *ids);
        if (!ids) {
            http_error(r, 500, "internal", NULL, "out of memory");
            goto done;
        }
        for (size_t k = 0; k < a->n; k++)
            ids[k] = a->rows[k].person_id;
        qsort(ids, a->n, sizeof *ids, cmp_id);
        a->subjects = id_list(ids, a->n);
        free(ids);
    }
    /* The full path's reasons point into the body: keep it with the write. */
    r->stash = b;
    b = NULL;
    db_read_end(d);
    db_pool_put(r->s->pool, d);
    d = NULL;
    free(pupils);
    free(raw);
    http_submit(r, att_write, a, att_free, att_after);
    return;
done:
    if (d) {
        db_read_end(d);
        db_pool_put(r->s->pool, d);
    }
    free(pupils);
    free(raw);
    att_free(a);
    json_decref(b);
}
