/* api_facts.c - facts the rules engine reads beyond attendance and cases:
 * a pupil's participation events (vejledningsbekendtgørelsen § 36: active
 * participation; the criteria's `events` measures) and the duty order's
 * employment and §§ 5-6 activities of a 15-17 year old (bekendtgørelse om
 * pligt til uddannelse, beskæftigelse eller anden aktivitet §§ 4-6). An
 * enrolment's interruption and announcement are in api_followup.c with its
 * other facts. Input in the case form's shapes is checked by the engine's
 * own parser (engine_check), so an error names the JSON field. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ participation events -- */

typedef struct event_data {
    int64_t person, inst, id;
    char on[11], kind[32];
    char *note;
} event_data;

static void event_free(void *p)
{
    event_data *e = p;
    if (!e) return;
    free(e->note);
    free(e);
}

static ungdb_rc event_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    event_data *e = r->wdata;
    ungdb_rc rc = db_event_add(d, e->person, e->inst, e->on, e->kind, e->note, r->user.id, r->now,
                               &e->id, err);
    char object[40], subj[24];
    snprintf(object, sizeof object, "event/%lld", (long long)e->id);
    snprintf(subj, sizeof subj, "%lld", (long long)e->person);
    if (!rc) rc = audit_add(d, r, "event.add", object, subj, "ok", err);
    return rc;
}

static const char event_rule[] =
    "vejledningsbekendtgørelsen § 36: the institution judges the risk of dropout from "
    "attendance, absence and active participation under its own conduct rules; an event counts "
    "in the criteria's events measures and never reports by itself";

static void event_after(req *r)
{
    event_data *e = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id, "person",
                          (json_int_t)e->person, "institution", (json_int_t)e->inst, "date", e->on,
                          "kind", e->kind, "created_at", r->now, "rule", event_rule);
    json_object_set_new(o, "note", e->note ? json_string(e->note) : json_null());
    http_json(r, 201, o);
}

/* POST persons/{id}/events: {institution, date, kind, note}; kind is one of
 * the engine's event kinds; the date must be in a pupil spell of the person
 * at the institution and not after today. */
void api_event_add(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"institution", "date", "kind", "note", NULL};
    int64_t inst = 0;
    const char *kind = NULL, *on = NULL, *note = NULL;
    event_data *e = NULL;
    db *d = NULL;
    if (!in_only(r, b, "", keys) ||
        !in_int(r, b, "institution", "institution", true, 1, INT64_MAX / 2, &inst) ||
        !in_date(r, b, "date", "date", true, &on) ||
        !in_str(r, b, "kind", "kind", true, 32, &kind) ||
        !in_str(r, b, "note", "note", false, 4000, &note))
        goto done;
    bool known = false;
    char kinds[160] = "";
    for (int i = 1; i < UNGDB_EVENT_KINDS; i++) {
        const char *k = ungdb_event_kind_name((ungdb_event_kind)i);
        known = known || !strcmp(k, kind);
        snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s", i > 1 ? ", " : "", k);
    }
    if (!known) {
        http_error(r, 422, "bad_value", "kind", "kind must be one of %s", kinds);
        goto done;
    }
    char today[11];
    http_local_today(today);
    if (strcmp(on, today) > 0) {
        http_error(r, 422, "bad_date", "date",
                   "date must not be after today (%s): an event is recorded when it happened",
                   today);
        goto done;
    }
    d = db_pool_get(r->s->pool);
    if (!person_access(r, d, r->param[0], NULL)) goto done;
    db_institution in;
    if (db_institution_get(d, inst, &in) != UNGDB_OK) {
        http_error(r, 422, "unknown", "institution", "institution %lld does not exist",
                   (long long)inst);
        goto done;
    }
    if (!scope_institution(r, d, inst)) {
        http_error(r, 403, "forbidden", "institution", "you do not work for institution %lld",
                   (long long)inst);
        goto done;
    }
    if (!db_pupil_spell_on(d, r->param[0], inst, on)) {
        http_error(r, 422, "not_a_pupil", "date",
                   "person %lld was not a pupil of institution %lld on %s", (long long)r->param[0],
                   (long long)inst, on);
        goto done;
    }
    db_pool_put(r->s->pool, d);
    d = NULL;
    if (!(e = calloc(1, sizeof *e)) || (note && !(e->note = strdup(note)))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    e->person = r->param[0];
    e->inst = inst;
    snprintf(e->on, sizeof e->on, "%s", on);
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    json_decref(b);
    http_submit(r, event_write, e, event_free, event_after);
    return;
done:
    if (d) db_pool_put(r->s->pool, d);
    event_free(e);
    json_decref(b);
}

/* ------------------------------------ employment and §§ 5-6 activities -- */

static const char duty_facts_rule[] =
    "bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden aktivitet § 4 (paid "
    "work of at least 20 hours a week), § 5 and § 6 (other activities; § 5, nr. 1 and § 6, "
    "stk. 2 when agreed in the education plan)";

static json_t *duty_facts_json(int64_t person, const char *employment, const char *activities,
                               const char *updated_at)
{
    json_t *o = json_pack("{s:I, s:o, s:o, s:s}", "person", (json_int_t)person, "employment",
                          json_loads(employment, 0, NULL), "activities",
                          json_loads(activities, 0, NULL), "rule", duty_facts_rule);
    json_object_set_new(o, "updated_at", updated_at ? json_string(updated_at) : json_null());
    return o;
}

void api_duty_facts_get(req *r)
{
    db *d = db_pool_get(r->s->pool);
    char *emp = NULL, *act = NULL, at[24] = "";
    ungdb_error err;
    json_t *out = NULL;
    if (person_access(r, d, r->param[0], NULL)) {
        ungdb_rc rc = db_duty_facts_get(d, r->param[0], &emp, &act, at, &err);
        if (rc == UNGDB_EINPUT)
            out = duty_facts_json(r->param[0], "[]", "[]", NULL);
        else if (rc)
            http_error(r, 500, "internal", NULL, "cannot read the facts");
        else
            out = duty_facts_json(r->param[0], emp, act, at);
    }
    db_pool_put(r->s->pool, d);
    free(emp);
    free(act);
    if (r->answered) return;
    char object[48], subj[24];
    snprintf(object, sizeof object, "person/%lld/duty-facts", (long long)r->param[0]);
    snprintf(subj, sizeof subj, "%lld", (long long)r->param[0]);
    audit_read_then_send(r, out, "duty.facts.read", object, subj);
}

typedef struct dfacts_data {
    int64_t person;
    char municipality[8];
    char *employment, *activities;
} dfacts_data;

static void dfacts_free(void *p)
{
    dfacts_data *f = p;
    if (!f) return;
    free(f->employment);
    free(f->activities);
    free(f);
}

static ungdb_rc dfacts_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    dfacts_data *f = r->wdata;
    ungdb_rc rc = db_duty_facts_put(d, f->person, f->municipality, f->employment, f->activities,
                                    r->user.id, r->now, err);
    char object[48], subj[24];
    snprintf(object, sizeof object, "person/%lld/duty-facts", (long long)f->person);
    snprintf(subj, sizeof subj, "%lld", (long long)f->person);
    if (!rc) rc = audit_add(d, r, "duty.facts.put", object, subj, "ok", err);
    return rc;
}

static void dfacts_after(req *r)
{
    dfacts_data *f = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    http_json(r, 200, duty_facts_json(f->person, f->employment, f->activities, r->now));
}

/* PUT persons/{id}/duty-facts: {employment: [...], activities: [...]} in the
 * case form's shapes (docs/rules.md), the whole set (a list left out is
 * stored empty). */
void api_duty_facts_put(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"employment", "activities", NULL};
    dfacts_data *f = NULL;
    db *d = NULL;
    if (!in_only(r, b, "", keys)) goto done;
    json_t *lists[2];
    for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(b, keys[k]);
        if (v && !json_is_array(v)) {
            http_error(r, 422, "wrong_type", keys[k], "%s must be a list (array)", keys[k]);
            goto done;
        }
        if (json_array_size(v) > 100) {
            http_error(r, 422, "too_many", keys[k], "%s holds at most 100 entries", keys[k]);
            goto done;
        }
        lists[k] = v ? json_incref(v) : json_array();
        json_object_set_new(b, keys[k], lists[k]);
    }
    d = db_pool_get(r->s->pool);
    db_person p;
    if (!person_access(r, d, r->param[0], &p)) goto done;
    db_pool_put(r->s->pool, d);
    d = NULL;
    for (int k = 0; k < 2; k++)
        if (!engine_check(r, p.birth_date, keys[k], lists[k], false, "")) goto done;
    if (!(f = calloc(1, sizeof *f)) ||
        !(f->employment = json_dumps(lists[0], JSON_COMPACT | JSON_SORT_KEYS)) ||
        !(f->activities = json_dumps(lists[1], JSON_COMPACT | JSON_SORT_KEYS))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    f->person = r->param[0];
    snprintf(f->municipality, sizeof f->municipality, "%s",
             r->user.role == DB_ROLE_CASEWORKER ? r->user.municipality : p.municipality);
    json_decref(b);
    http_submit(r, dfacts_write, f, dfacts_free, dfacts_after);
    return;
done:
    if (d) db_pool_put(r->s->pool, d);
    dfacts_free(f);
    json_decref(b);
}
