/* api_person.c - a person's own data: the person, their attendance, the
 * pupil's comments on their registrations, a guardian's children.
 *
 * Whether a person exists, or is enrolled somewhere, is personal data: a
 * person outside the caller's scope gets 404, the same as one that does not
 * exist (docs/server.md, "403 or 404"). */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ungdb/date.h"

/* Answers 404 and returns false when the person is unknown or out of scope. */
void api_person(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    if (person_access(r, d, r->param[0], NULL) && db_person_json(d, r->param[0], &out, &err))
        http_error(r, 500, "internal", NULL, "cannot read the person");
    db_pool_put(r->s->pool, d);
    if (r->answered) return;
    char object[40], subj[24];
    snprintf(object, sizeof object, "person/%lld", (long long)r->param[0]);
    snprintf(subj, sizeof subj, "%lld", (long long)r->param[0]);
    audit_read_then_send(r, out, "person.read", object, subj);
}

void api_person_attendance(req *r)
{
    char today[11], year_ago[11], from[11], to[11];
    http_local_today(today);
    ungdb_date t;
    ungdb_date_parse(today, 10, &t);
    ungdb_date_format(ungdb_add_days(t, -366), year_ago);
    if (!query_date(r, "from", year_ago, from) || !query_date(r, "to", today, to)) return;
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    if (person_access(r, d, r->param[0], NULL) &&
        db_person_attendance(d, r->param[0], from, to, &out, &err))
        http_error(r, 500, "internal", NULL, "cannot read the attendance");
    db_pool_put(r->s->pool, d);
    if (r->answered) return;
    int64_t absent = 0, unlawful = 0;
    size_t i;
    json_t *row;
    json_array_foreach(out, i, row)
    {
        int64_t m = json_integer_value(json_object_get(row, "absent_minutes"));
        absent += m;
        if (json_is_false(json_object_get(row, "lawful"))) unlawful += m;
    }
    char object[48], subj[24];
    snprintf(object, sizeof object, "person/%lld/attendance", (long long)r->param[0]);
    snprintf(subj, sizeof subj, "%lld", (long long)r->param[0]);
    audit_read_then_send(r,
                         json_pack("{s:I, s:s, s:s, s:{s:I, s:I, s:I}, s:o}", "person",
                                   (json_int_t)r->param[0], "from", from, "to", to, "totals",
                                   "registrations", (json_int_t)json_array_size(out),
                                   "absent_minutes", (json_int_t)absent, "unlawful_absent_minutes",
                                   (json_int_t)unlawful, "registrations", out),
                         "person.attendance.read", object, subj);
}

/* ---- the pupil's comment on a registration ---- */

typedef struct comment_data {
    int64_t person, lesson, id;
    char *comment;
    char *reason;
} comment_data;

static void comment_free(void *p)
{
    comment_data *c = p;
    if (!c) return;
    free(c->comment);
    free(c->reason);
    free(c);
}

static ungdb_rc comment_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    comment_data *c = r->wdata;
    ungdb_rc rc = db_comment_add(d, c->lesson, c->person, c->comment, c->reason, r->user.id, r->now,
                                 &c->id, err);
    char object[64], subj[24];
    snprintf(object, sizeof object, "lesson/%lld/attendance/%lld", (long long)c->lesson,
             (long long)c->person);
    snprintf(subj, sizeof subj, "%lld", (long long)c->person);
    if (!rc) rc = audit_add(d, r, "attendance.comment", object, subj, "ok", err);
    return rc;
}

static void comment_after(req *r)
{
    comment_data *c = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)c->id, "lesson",
                          (json_int_t)c->lesson, "person", (json_int_t)c->person, "comment",
                          c->comment, "created_at", r->now);
    json_object_set_new(o, "reason", c->reason ? json_string(c->reason) : json_null());
    json_object_set_new(o, "rule",
                        json_string("FGU-bekendtgørelsen (udkast af 11. marts 2019) § 18: the "
                                    "pupil may check and comment on their own registrations, "
                                    "including the reason for an absence"));
    http_json(r, 201, o);
}

static const char *const comment_reasons[] = {"illness",           "other_lawful", "civic_duty",
                                              "student_democracy", "other",        NULL};

void api_comment(req *r)
{
    /* only the pupil on their own registration: anyone else's person is 404 */
    if (r->user.person_id != r->param[0]) {
        http_error(r, 404, "not_found", NULL, "no registration of yours for that lesson");
        return;
    }
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"comment", "reason", NULL};
    const char *comment = NULL, *reason = NULL;
    comment_data *c = NULL;
    if (!in_only(r, b, "", keys) || !in_str(r, b, "comment", "comment", true, 2000, &comment) ||
        !in_str(r, b, "reason", "reason", false, 32, &reason))
        goto done;
    if (reason) {
        bool known = false;
        for (const char *const *p = comment_reasons; *p && !known; p++)
            known = !strcmp(*p, reason);
        if (!known) {
            http_error(r, 422, "bad_value", "reason",
                       "reason must be one of illness, other_lawful, civic_duty, "
                       "student_democracy, other");
            goto done;
        }
    }
    db *d = db_pool_get(r->s->pool);
    bool exists = db_attendance_exists(d, r->param[1], r->param[0]) == UNGDB_OK;
    db_pool_put(r->s->pool, d);
    if (!exists) {
        http_error(r, 404, "not_found", NULL, "no registration of yours for that lesson");
        goto done;
    }
    c = calloc(1, sizeof *c);
    if (!c || !(c->comment = strdup(comment)) || (reason && !(c->reason = strdup(reason)))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    c->person = r->param[0];
    c->lesson = r->param[1];
    json_decref(b);
    http_submit(r, comment_write, c, comment_free, comment_after);
    return;
done:
    comment_free(c);
    json_decref(b);
}

void api_children(req *r)
{
    char today[11];
    http_local_today(today);
    db *d = db_pool_get(r->s->pool);
    json_t *all = NULL;
    ungdb_error err;
    ungdb_rc rc = db_children(d, r->user.person_id, &all, &err);
    db_pool_put(r->s->pool, d);
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read children");
        return;
    }
    /* a guardian sees a child only while the child is under 18 */
    json_t *kids = json_array();
    char subj[1024] = "";
    size_t k = 0, i;
    json_t *c;
    json_array_foreach(all, i, c)
    {
        int age = age_on(json_string_value(json_object_get(c, "birth_date")), today);
        if (age < 0 || age >= 18) continue;
        json_array_append(kids, c);
        if (k < sizeof subj - 24)
            k += (size_t)snprintf(subj + k, sizeof subj - k, "%s%lld", k ? "," : "",
                                  (long long)json_integer_value(json_object_get(c, "id")));
    }
    json_decref(all);
    audit_read_then_send(r, json_pack("{s:o}", "children", kids), "children.read", "me/children",
                         subj);
}
