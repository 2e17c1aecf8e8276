/* api_followup.c - the follow-up work that rests on the rules engine:
 * an institution's dropout-risk criteria and the candidates they propose
 * (VBK § 36), the guardians' task done (§ 36, stk. 3), the facts the scope
 * rule needs (§ 31), the municipality's 15-17 duty steps and cases with
 * their deadlines (the duty order §§ 7-10) and STU plans (STU-loven). The
 * rules themselves are the engine's: the server builds cases
 * (case_build.c), checks input with the engine's own parsers and shows the
 * engine's findings. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "ungdb/date.h"

static bool inst_access(req *r, db *d, int64_t inst)
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

static char *ids_csv(const int64_t *ids, size_t n)
{
    char *s = malloc(n * 21 + 1);
    if (!s) return NULL;
    size_t k = 0;
    s[0] = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, 22, "%s%lld", k ? "," : "", (long long)ids[i]);
    return s;
}

/* A value in thousandths as a JSON number (3 decimals at most). */
static json_t *milli(int64_t v)
{
    return v % 1000 ? json_real((double)v / 1000.0) : json_integer(v / 1000);
}

/* ------------------------------------------------------------ criteria -- */

json_t *criteria_summary(const ungdb_criteria *cr)
{
    json_t *items = json_array();
    for (size_t i = 0; i < cr->n; i++) {
        const ungdb_criterion *c = &cr->items[i];
        json_t *o =
            json_pack("{s:s, s:s, s:s, s:i, s:o, s:i}", "name", c->name, "label", c->label,
                      "measure", ungdb_measure_name(c->measure), "window_days", c->window_days,
                      "threshold", milli(c->threshold_milli), "line", (int)c->line);
        if (c->measure == UNGDB_MEASURE_EVENTS)
            json_object_set_new(o, "kind",
                                json_string(ungdb_event_kind_name((ungdb_event_kind)c->kind)));
        else if (c->measure == UNGDB_MEASURE_NOTICES)
            json_object_set_new(o, "kind",
                                json_string(ungdb_notice_kind_name((ungdb_notice_kind)c->kind)));
        if (c->min_planned_minutes > 0)
            json_object_set_new(o, "min_planned_hours", milli(c->min_planned_minutes * 1000 / 60));
        json_array_append_new(items, o);
    }
    return json_pack("{s:s, s:s, s:i, s:o}", "institution", cr->institution, "version", cr->version,
                     "min_hits", cr->min_hits, "criteria", items);
}

/* Parses an institution's criteria text with the engine; NULL and err on error. */
static ungdb_criteria *criteria_load(const char *text, int64_t inst, ungdb_error *err)
{
    ungdb_criteria *cr = calloc(1, sizeof *cr);
    if (!cr) return NULL;
    char name[64];
    snprintf(name, sizeof name, "institution-%lld-criteria", (long long)inst);
    if (ungdb_criteria_parse(text, strlen(text), name, cr, err) != UNGDB_OK) {
        free(cr);
        return NULL;
    }
    return cr;
}

void api_criteria_get(req *r)
{
    db *d = db_pool_get(r->s->pool);
    char *text = NULL, at[24] = "";
    ungdb_error err;
    ungdb_criteria *cr = NULL;
    if (!inst_access(r, d, r->param[0])) goto done;
    ungdb_rc rc = db_criteria_get(d, r->param[0], &text, at, &err);
    if (rc == UNGDB_EINPUT) {
        http_error(r, 404, "no_criteria", NULL,
                   "institution %lld has no criteria file; upload one with PUT",
                   (long long)r->param[0]);
        goto done;
    }
    if (rc || !(cr = criteria_load(text, r->param[0], &err))) {
        http_error(r, 500, "internal", NULL, "cannot read the criteria");
        goto done;
    }
    json_t *o = criteria_summary(cr);
    json_object_set_new(o, "text", json_string(text));
    json_object_set_new(o, "uploaded_at", json_string(at));
    json_object_set_new(o, "institution_id", json_integer(r->param[0]));
    http_json(r, 200, o);
done:
    free(cr);
    free(text);
    db_pool_put(r->s->pool, d);
}

typedef struct crit_data {
    int64_t inst;
    char *text;
    ungdb_criteria *cr;
} crit_data;

static void crit_free(void *p)
{
    crit_data *c = p;
    if (!c) return;
    free(c->text);
    free(c->cr);
    free(c);
}

static ungdb_rc crit_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    crit_data *c = r->wdata;
    ungdb_rc rc = db_criteria_put(d, c->inst, c->text, r->user.id, r->now, err);
    char object[48];
    snprintf(object, sizeof object, "institution/%lld/criteria", (long long)c->inst);
    if (!rc) rc = audit_add(d, r, "criteria.put", object, NULL, "ok", err);
    return rc;
}

static void crit_after(req *r)
{
    crit_data *c = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *o = criteria_summary(c->cr);
    json_object_set_new(o, "uploaded_at", json_string(r->now));
    json_object_set_new(o, "institution_id", json_integer(c->inst));
    http_json(r, 200, o);
}

void criteria_reject(req *r, const ungdb_error *err)
{
    char msg[700];
    if (err->line > 0 && err->field[0])
        snprintf(msg, sizeof msg, "line %ld: %s: %s", err->line, err->field, err->message);
    else if (err->line > 0)
        snprintf(msg, sizeof msg, "line %ld: %s", err->line, err->message);
    else
        snprintf(msg, sizeof msg, "%s", err->message);
    json_t *e = json_pack("{s:i, s:s, s:s, s:s}", "status", 422, "code", "bad_criteria", "field",
                          "text", "message", msg);
    if (err->line > 0) json_object_set_new(e, "line", json_integer(err->line));
    if (err->field[0]) json_object_set_new(e, "key", json_string(err->field));
    http_json(r, 422, json_pack("{s:o}", "error", e));
}

/* The file of docs/rules.md as {"text": "..."}; checked by the engine's
 * parser, whose errors name the line and the key. */
void api_criteria_put(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"text", NULL};
    const char *text = NULL;
    crit_data *c = NULL;
    db *d = NULL;
    if (!in_only(r, b, "", keys) || !in_str(r, b, "text", "text", true, 256 * 1024, &text))
        goto done;
    d = db_pool_get(r->s->pool);
    bool ok = inst_access(r, d, r->param[0]);
    db_pool_put(r->s->pool, d);
    d = NULL;
    if (!ok) goto done;
    c = calloc(1, sizeof *c);
    ungdb_error err;
    ungdb_error_clear(&err);
    if (!c || !(c->text = strdup(text))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    c->inst = r->param[0];
    if (!(c->cr = criteria_load(text, c->inst, &err))) {
        criteria_reject(r, &err);
        goto done;
    }
    json_decref(b);
    http_submit(r, crit_write, c, crit_free, crit_after);
    return;
done:
    crit_free(c);
    json_decref(b);
}

/* ---------------------------------------------------------- candidates -- */

/* Per-pupil series from the institution's rows (ascending by person). */
typedef struct series_build {
    const db_spell *pupils;
    size_t npupils;
    ungdb_attendance_day **days; /* per pupil index */
    size_t *ndays, *capdays;
    ungdb_dated_kind **notices;
    size_t *nnotices, *capnotices;
    ungdb_dated_kind **events; /* participation events (VBK § 36) */
    size_t *nevents, *capevents;
    size_t at; /* cursor into pupils */
    bool oom;
} series_build;

static ssize_t pupil_index(series_build *sb, int64_t person)
{
    /* rows come by ascending person; the cursor moves forward */
    while (sb->at < sb->npupils && sb->pupils[sb->at].person_id < person)
        sb->at++;
    if (sb->at < sb->npupils && sb->pupils[sb->at].person_id == person) return (ssize_t)sb->at;
    return -1;
}

/* A per-pupil array of n elements with room for one more (doubling, first
 * capacity `first`): arr itself or its reallocation; NULL, with sb->oom set,
 * when out of memory (arr is then unchanged). */
static void *room_for_one(series_build *sb, void *arr, size_t *cap, size_t n, size_t elem,
                          size_t first)
{
    if (n < *cap) return arr;
    size_t c = *cap ? *cap * 2 : first;
    void *m = realloc(arr, c * elem);
    if (!m) {
        sb->oom = true;
        return NULL;
    }
    *cap = c;
    return m;
}

static void on_day(void *ctx, int64_t person, const char *day, int64_t planned, int64_t lawful,
                   int64_t unlawful)
{
    series_build *sb = ctx;
    ssize_t i = pupil_index(sb, person);
    /* only the days of the pupil's current spell (the engine's series is per spell) */
    if (i < 0 || strcmp(day, sb->pupils[i].start) < 0 || sb->oom) return;
    void *m = room_for_one(sb, sb->days[i], &sb->capdays[i], sb->ndays[i], sizeof *sb->days[i], 32);
    if (!m) return;
    sb->days[i] = m;
    ungdb_attendance_day *x = &sb->days[i][sb->ndays[i]++];
    ungdb_date_parse(day, 10, &x->date);
    x->planned = (uint32_t)planned;
    x->lawful = (uint32_t)lawful;
    x->unlawful = (uint32_t)unlawful;
}

static uint16_t notice_kind(const char *k)
{
    for (int i = 1; i < UNGDB_NOTICE_KINDS; i++)
        if (!strcmp(k, ungdb_notice_kind_name((ungdb_notice_kind)i))) return (uint16_t)i;
    return UNGDB_NOTICE_OTHER;
}

static void on_notice(void *ctx, int64_t person, const char *day, const char *kind)
{
    series_build *sb = ctx;
    ssize_t i = pupil_index(sb, person);
    if (i < 0 || strcmp(day, sb->pupils[i].start) < 0 || sb->oom) return;
    void *m = room_for_one(sb, sb->notices[i], &sb->capnotices[i], sb->nnotices[i],
                           sizeof *sb->notices[i], 4);
    if (!m) return;
    sb->notices[i] = m;
    ungdb_dated_kind *x = &sb->notices[i][sb->nnotices[i]++];
    ungdb_date_parse(day, 10, &x->date);
    x->kind = notice_kind(kind);
}

static uint16_t event_kind(const char *k)
{
    for (int i = 1; i < UNGDB_EVENT_KINDS; i++)
        if (!strcmp(k, ungdb_event_kind_name((ungdb_event_kind)i))) return (uint16_t)i;
    return UNGDB_EVENT_OTHER;
}

static void on_event(void *ctx, int64_t person, const char *day, const char *kind)
{
    series_build *sb = ctx;
    ssize_t i = pupil_index(sb, person);
    if (i < 0 || strcmp(day, sb->pupils[i].start) < 0 || sb->oom) return;
    void *m = room_for_one(sb, sb->events[i], &sb->capevents[i], sb->nevents[i],
                           sizeof *sb->events[i], 4);
    if (!m) return;
    sb->events[i] = m;
    ungdb_dated_kind *x = &sb->events[i][sb->nevents[i]++];
    ungdb_date_parse(day, 10, &x->date);
    x->kind = event_kind(kind);
}

static void sb_free(series_build *sb)
{
    for (size_t i = 0; i < sb->npupils; i++) {
        if (sb->days) free(sb->days[i]);
        if (sb->notices) free(sb->notices[i]);
        if (sb->events) free(sb->events[i]);
    }
    free(sb->events);
    free(sb->nevents);
    free(sb->capevents);
    free(sb->days);
    free(sb->ndays);
    free(sb->capdays);
    free(sb->notices);
    free(sb->nnotices);
    free(sb->capnotices);
}

/* The engine's ubd.candidate finding about the pupil's spell at `code`. */
static json_t *candidate_finding(db *d, int64_t person, const char *code, const char *on,
                                 const ungdb_criteria *cr, const char *lang, ungdb_error *err)
{
    ungdb_date day;
    ungdb_date_parse(on, 10, &day);
    case_built b;
    if (case_build(d, person, on, &b, err) != UNGDB_OK) return NULL;
    const char *spell = NULL;
    for (size_t i = 0; i < b.c->nenrolments && !spell; i++) {
        const ungdb_enrolment *e = &b.c->enrolments[i];
        if (e->institution && !strcmp(e->institution, code) && e->start.day <= day.day &&
            (!ungdb_date_is_set(e->end) || e->end.day >= day.day))
            spell = e->id;
    }
    json_t *pick = NULL;
    ungdb_findings *fl = ungdb_findings_new();
    ungdb_rules_options opt = {.criteria = cr};
    if (spell && fl && ungdb_rules_eval(b.c, day, &opt, "ubd.candidate", fl) == UNGDB_OK) {
        json_t *all = findings_json(fl, lang, day);
        size_t n = strlen(spell), i;
        json_t *f;
        json_array_foreach(all, i, f)
        {
            const char *subj = json_string_value(json_object_get(f, "subject"));
            const char *p = subj ? strrchr(subj, '(') : NULL;
            if (p && !strncmp(p + 1, spell, n) && p[1 + n] == ')') pick = json_incref(f);
        }
        json_decref(all);
    }
    ungdb_findings_free(fl);
    case_built_free(&b);
    return pick;
}

/* Risk candidates of an institution on a date from its criteria file: a
 * PROPOSAL. VBK § 36: a report rests on a staff member's concrete
 * assessment of the pupil; the engine only points to pupils to assess. The
 * criteria are screened over every pupil with ungdb_criteria_eval, and each
 * hit is confirmed and explained by the engine's rule ubd.candidate on the
 * pupil's whole case (which also applies VBK § 31's scope). */
void api_candidates(req *r)
{
    char today[11], on[11];
    http_local_today(today);
    const char *lang = query_lang(r);
    if (!lang || !query_date(r, "date", today, on)) return;
    ungdb_date day;
    ungdb_date_parse(on, 10, &day);
    db *d = db_pool_get(r->s->pool);
    char *text = NULL, at[24] = "";
    ungdb_criteria *cr = NULL;
    db_spell *pupils = NULL;
    size_t npupils = 0;
    series_build sb = {0};
    json_t *cands = NULL, *uncovered = NULL;
    int64_t *ids = NULL;
    ungdb_error err;
    if (!inst_access(r, d, r->param[0])) goto done;
    db_institution in;
    db_institution_get(d, r->param[0], &in);
    ungdb_rc rc = db_criteria_get(d, r->param[0], &text, at, &err);
    if (rc == UNGDB_EINPUT) {
        http_error(r, 409, "no_criteria", NULL,
                   "institution %lld has no criteria file: upload it first (PUT "
                   "/api/v1/institutions/%lld/criteria)",
                   (long long)r->param[0], (long long)r->param[0]);
        goto done;
    }
    if (rc || !(cr = criteria_load(text, r->param[0], &err))) {
        http_error(r, 500, "internal", NULL, "cannot read the criteria");
        goto done;
    }
    int maxwin = 1;
    for (size_t k = 0; k < cr->n; k++)
        if (cr->items[k].window_days > maxwin) maxwin = cr->items[k].window_days;
    char from[11];
    ungdb_date_format(ungdb_add_days(day, -(maxwin - 1)), from);
    if (db_institution_pupils_on(d, r->param[0], on, &pupils, &npupils, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the pupils");
        goto done;
    }
    sb.pupils = pupils;
    sb.npupils = npupils;
    size_t np = npupils ? npupils : 1;
    sb.days = calloc(np, sizeof *sb.days);
    sb.ndays = calloc(np, sizeof *sb.ndays);
    sb.capdays = calloc(np, sizeof *sb.capdays);
    sb.notices = calloc(np, sizeof *sb.notices);
    sb.nnotices = calloc(np, sizeof *sb.nnotices);
    sb.capnotices = calloc(np, sizeof *sb.capnotices);
    sb.events = calloc(np, sizeof *sb.events);
    sb.nevents = calloc(np, sizeof *sb.nevents);
    sb.capevents = calloc(np, sizeof *sb.capevents);
    ids = calloc(np, sizeof *ids);
    if (!sb.days || !sb.ndays || !sb.capdays || !sb.notices || !sb.nnotices || !sb.capnotices ||
        !sb.events || !sb.nevents || !sb.capevents || !ids) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    if (db_institution_days(d, r->param[0], from, on, on_day, &sb, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the attendance");
        goto done;
    }
    sb.at = 0;
    if (db_institution_notices(d, r->param[0], from, on, on_notice, &sb, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the notices");
        goto done;
    }
    sb.at = 0;
    if (db_institution_events(d, r->param[0], from, on, on_event, &sb, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the participation events");
        goto done;
    }
    if (sb.oom) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    cands = json_array();
    uncovered = json_array();
    size_t nids = 0, screened_hits = 0;
    for (size_t i = 0; i < npupils; i++) {
        ungdb_attendance_accumulate(sb.days[i], sb.ndays[i]);
        ungdb_pupil_series s = {sb.days[i],    sb.ndays[i],   sb.events[i],
                                sb.nevents[i], sb.notices[i], sb.nnotices[i]};
        ungdb_criterion_hit hits[UNGDB_CRITERIA_MAX];
        size_t nh = ungdb_criteria_eval(cr, &s, day, hits, UNGDB_CRITERIA_MAX);
        if (nh < (size_t)cr->min_hits) continue;
        screened_hits++;
        json_t *f = candidate_finding(d, pupils[i].person_id, in.code, on, cr, lang, &err);
        const char *st = f ? json_string_value(json_object_get(f, "status")) : NULL;
        if (!st || strcmp(st, "needs_judgement") != 0) {
            /* not covered by VBK § 31 (or no birth date): not a candidate for a report */
            json_array_append_new(uncovered,
                                  json_pack("{s:I, s:o}", "person", (json_int_t)pupils[i].person_id,
                                            "scope", f ? f : json_null()));
            continue;
        }
        json_t *hl = json_array();
        for (size_t k = 0; k < nh && k < UNGDB_CRITERIA_MAX; k++) {
            const ungdb_criterion *c = &cr->items[hits[k].criterion];
            json_t *h = json_pack("{s:s, s:s, s:s, s:o, s:o, s:i}", "criterion", c->name, "label",
                                  c->label, "measure", ungdb_measure_name(c->measure), "value",
                                  milli(hits[k].value_milli), "threshold",
                                  milli(c->threshold_milli), "window_days", c->window_days);
            if (c->measure != UNGDB_MEASURE_EVENTS && c->measure != UNGDB_MEASURE_NOTICES) {
                json_object_set_new(h, "planned_minutes", json_integer(hits[k].planned_minutes));
                json_object_set_new(h, "absent_minutes", json_integer(hits[k].absent_minutes));
            }
            json_array_append_new(hl, h);
        }
        json_array_append_new(cands,
                              json_pack("{s:I, s:o, s:o}", "person",
                                        (json_int_t)pupils[i].person_id, "hits", hl, "finding", f));
        ids[nids++] = pupils[i].person_id;
    }
    json_t *out = json_pack(
        "{s:I, s:s, s:s, s:{s:s, s:s, s:i, s:s}, s:s, s:I, s:o, s:o}", "institution",
        (json_int_t)r->param[0], "date", on, "lang", lang, "criteria", "institution",
        cr->institution, "version", cr->version, "min_hits", cr->min_hits, "uploaded_at", at,
        "proposal",
        !strcmp(lang, "da")
            ? "Forslag: kriterierne peger på disse elever. En medarbejder skal foretage en konkret "
              "vurdering af hver elevs aktuelle risiko for frafald, før der indberettes "
              "(vejledningsbekendtgørelsen § 36). Programmet indberetter ikke selv."
            : "A proposal: the criteria point to these pupils. A staff member must make a "
              "concrete assessment of each pupil's current risk of dropout before any report "
              "(vejledningsbekendtgørelsen § 36). The program never reports by itself.",
        "pupils_screened", (json_int_t)npupils, "candidates", cands, "hit_but_not_covered",
        uncovered);
    cands = uncovered = NULL;
    (void)screened_hits;
    char *subj = ids_csv(ids, nids);
    db_pool_put(r->s->pool, d);
    d = NULL;
    char object[48];
    snprintf(object, sizeof object, "institution/%lld/candidates", (long long)r->param[0]);
    audit_read_then_send(r, out, "institution.candidates.read", object, subj);
    free(subj);
done:
    json_decref(cands);
    json_decref(uncovered);
    free(ids);
    sb_free(&sb);
    free(pupils);
    free(cr);
    free(text);
    if (d) db_pool_put(r->s->pool, d);
}

/* --------------------------------------------------- the guardians' task -- */

typedef struct task_data {
    db_task t;
    char done_on[11];
} task_data;

static ungdb_rc task_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    task_data *t = r->wdata;
    ungdb_rc rc = db_task_done(d, t->t.id, t->done_on, r->user.id, err);
    char object[40], subj[24];
    snprintf(object, sizeof object, "task/%lld", (long long)t->t.id);
    snprintf(subj, sizeof subj, "%lld", (long long)t->t.person_id);
    if (!rc) rc = audit_add(d, r, "task.done", object, subj, "ok", err);
    return rc;
}

static void task_after(req *r)
{
    task_data *t = r->wdata;
    if (r->w.rc) {
        if (r->w.rc == UNGDB_EINPUT)
            http_error(r, 409, "already_done", NULL, "task %lld is done already",
                       (long long)t->t.id);
        else
            http_write_failed(r);
        return;
    }
    http_json(r, 200,
              json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)t->t.id,
                        "kind", t->t.kind, "person", (json_int_t)t->t.person_id, "report",
                        (json_int_t)t->t.report_id, "due_on", t->t.due_on, "done_on", t->done_on,
                        "status", "done", "rule",
                        "VBK § 36, stk. 3: the holders of parental responsibility are told "
                        "immediately after the report"));
}

void api_task_done(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"done_on", NULL};
    const char *on = NULL;
    task_data *t = NULL;
    if (!in_only(r, b, "", keys) || !in_date(r, b, "done_on", "done_on", true, &on)) goto done;
    t = calloc(1, sizeof *t);
    if (!t) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    db *d = db_pool_get(r->s->pool);
    bool ok = db_task_get(d, r->param[0], &t->t) == UNGDB_OK;
    if (!ok)
        http_error(r, 404, "not_found", NULL, "no task %lld", (long long)r->param[0]);
    else if (!t->t.institution_id || !scope_institution(r, d, t->t.institution_id)) {
        http_error(r, 403, "forbidden", NULL, "the task is not your institution's");
        ok = false;
    }
    db_pool_put(r->s->pool, d);
    if (!ok) goto done;
    if (t->t.done_on[0]) {
        http_error(r, 409, "already_done", NULL, "task %lld was done on %s", (long long)t->t.id,
                   t->t.done_on);
        goto done;
    }
    snprintf(t->done_on, sizeof t->done_on, "%s", on);
    json_decref(b);
    http_submit(r, task_write, t, free, task_after);
    return;
done:
    free(t);
    json_decref(b);
}

/* ------------------------------------------- input checked by the engine -- */

/* Checks `frag` with the engine's case parser, as {"person": {...}, key: frag}
 * (or key: [frag]); on an error answers 422 naming the field inside the body
 * (the case path without its `strip` prefix). */
bool engine_check(req *r, const char *birth, const char *key, json_t *frag, bool array,
                  const char *strip)
{
    json_t *c = json_pack("{s:{s:s}, s:O}", "person", "birth_date",
                          birth && *birth ? birth : "2000-01-01", key, frag);
    if (array) json_object_set_new(c, key, json_pack("[O]", frag));
    bool ok = engine_check_case(r, c, strip);
    json_decref(c);
    return ok;
}

bool engine_check_case(req *r, json_t *c, const char *strip)
{
    char *text = json_dumps(c, JSON_COMPACT);
    ungdb_case *cs = NULL;
    ungdb_error err;
    ungdb_error_clear(&err);
    ungdb_rc rc = text ? ungdb_case_parse(text, strlen(text), "body", &cs, &err) : UNGDB_ENOMEM;
    free(text);
    ungdb_case_free(cs);
    if (rc == UNGDB_OK) return true;
    if (rc == UNGDB_ENOMEM) {
        http_error(r, 500, "internal", NULL, "out of memory");
        return false;
    }
    const char *f = err.field;
    size_t n = strlen(strip);
    if (!strncmp(f, strip, n))
        f += n;
    else if (n && !strncmp(f, strip, n - 1) && !f[n - 1])
        f += n - 1; /* the body itself */
    /* the engine's message begins with the case path; say it in the body's terms */
    const char *m = err.message;
    if (!strncmp(m, err.field, strlen(err.field)) && m[strlen(err.field)] == ':')
        m += strlen(err.field) + 1;
    while (*m == ' ')
        m++;
    http_error(r, 422, "invalid", *f ? f : NULL, "%s%s%s", *f ? f : "", *f ? ": " : "", m);
    return false;
}

/* ------------------------------------------------ the person's facts -- */

typedef struct facts_data {
    int64_t person, enrolment;
    int youth, higher, resident; /* -1 keep, 0/1, 2 unknown */
    db_enrolment_facts ef;       /* an enrolment's facts */
    json_t *body;                /* owns the strings of ef */
} facts_data;

static void facts_free(void *p)
{
    facts_data *f = p;
    if (!f) return;
    json_decref(f->body);
    free(f);
}

static int tri_in(json_t *b, const char *key)
{
    json_t *v = json_object_get(b, key);
    if (!v) return -1;
    if (json_is_null(v)) return 2;
    return json_is_true(v) ? 1 : 0;
}

static ungdb_rc facts_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    facts_data *f = r->wdata;
    ungdb_rc rc = f->enrolment
                      ? db_enrolment_facts_set(d, f->person, f->enrolment, &f->ef, err)
                      : db_person_facts_set(d, f->person, f->youth, f->higher, f->resident, err);
    char object[64], subj[24];
    if (f->enrolment)
        snprintf(object, sizeof object, "person/%lld/enrolment/%lld", (long long)f->person,
                 (long long)f->enrolment);
    else
        snprintf(object, sizeof object, "person/%lld/facts", (long long)f->person);
    snprintf(subj, sizeof subj, "%lld", (long long)f->person);
    if (!rc)
        rc = audit_add(d, r, f->enrolment ? "enrolment.update" : "person.facts", object, subj, "ok",
                       err);
    return rc;
}

static json_t *enrolment_facts_json(int64_t person, const db_enrolment *e);

static void facts_after(req *r)
{
    facts_data *f = r->wdata;
    if (r->w.rc) {
        if (r->w.rc == UNGDB_EINPUT)
            http_error(r, 404, "not_found", NULL, "%s", r->w.err.message);
        else
            http_write_failed(r);
        return;
    }
    db *d = db_pool_get(r->s->pool);
    if (f->enrolment) {
        db_enrolment e;
        ungdb_error err;
        ungdb_rc rc = db_enrolment_get(d, f->person, f->enrolment, &e, &err);
        db_pool_put(r->s->pool, d);
        if (rc) {
            http_error(r, 500, "internal", NULL, "cannot read the enrolment back");
            return;
        }
        http_json(r, 200, enrolment_facts_json(f->person, &e));
        return;
    }
    json_t *o = NULL;
    ungdb_error err;
    db_person_json(d, f->person, &o, &err);
    db_pool_put(r->s->pool, d);
    http_json(r, 200, o ? o : json_object());
}

/* Who may change the facts the rules read about a person: administrators,
 * staff of an institution where the person is enrolled, the caseworker of
 * the municipality of residence (the same scope as reading the person). */
static bool facts_access(req *r)
{
    if (r->user.role != DB_ROLE_ADMIN && r->user.role != DB_ROLE_STAFF &&
        r->user.role != DB_ROLE_CASEWORKER) {
        http_error(r, 403, "forbidden", NULL, "your role may not change a person's facts");
        return false;
    }
    db *d = db_pool_get(r->s->pool);
    bool ok = person_access(r, d, r->param[0], NULL);
    db_pool_put(r->s->pool, d);
    return ok;
}

void api_person_facts(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"completed_youth_education", "completed_higher_education",
                                       "lives_in_denmark", NULL};
    facts_data *f = NULL;
    if (!in_only(r, b, "", keys)) goto done;
    for (const char *const *k = keys; *k; k++) {
        json_t *v = json_object_get(b, *k);
        if (v && !json_is_boolean(v) && !json_is_null(v)) {
            http_error(r, 422, "wrong_type", *k, "%s must be true, false or null (unknown)", *k);
            goto done;
        }
    }
    if (json_is_null(json_object_get(b, "lives_in_denmark"))) {
        http_error(r, 422, "wrong_type", "lives_in_denmark",
                   "lives_in_denmark must be true or false (the store records residence)");
        goto done;
    }
    if (!facts_access(r)) goto done;
    if (!(f = calloc(1, sizeof *f))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    f->person = r->param[0];
    f->youth = tri_in(b, "completed_youth_education");
    f->higher = tri_in(b, "completed_higher_education");
    f->resident = tri_in(b, "lives_in_denmark");
    json_decref(b);
    http_submit(r, facts_write, f, facts_free, facts_after);
    return;
done:
    free(f);
    json_decref(b);
}

/* An enrolment's facts in the answer: the planned end (VBK § 31, stk. 4),
 * the interruption (§ 32, nr. 3) and the announcement of leaving (§ 31). */
static json_t *enrolment_facts_json(int64_t person, const db_enrolment *e)
{
    json_t *o = json_pack("{s:I, s:I, s:s}", "person", (json_int_t)person, "enrolment",
                          (json_int_t)e->id, "start", e->start);
    json_object_set_new(o, "planned_end",
                        e->planned_end[0] ? json_string(e->planned_end) : json_null());
    json_t *it = json_null();
    if (e->interrupted_on[0]) {
        it = json_pack("{s:s, s:s}", "date", e->interrupted_on, "reason", e->interruption_reason);
        if (e->interruption_note[0])
            json_object_set_new(it, "note", json_string(e->interruption_note));
    }
    json_object_set_new(o, "interruption", it);
    json_object_set_new(o, "announcement",
                        e->announced_on[0] ? json_pack("{s:s, s:s}", "date", e->announced_on,
                                                       "kind", e->announced_kind)
                                           : json_null());
    json_object_set_new(
        o, "rules",
        json_string("VBK § 31, stk. 4 (planned end: a course of at least 6 weeks); VBK § 32, nr. "
                    "3, og § 33, nr. 2 (an interruption is reported as such, snarest); VBK § 31 "
                    "(a pupil who announced another education, a full-time job or going abroad "
                    "is not reported as at risk)"));
    return o;
}

/* A date of a fact that has happened: not after today. */
static bool not_future(req *r, json_t *o, const char *name)
{
    const char *v = json_string_value(json_object_get(o, "date"));
    char today[11];
    http_local_today(today);
    if (v && strcmp(v, today) > 0) {
        http_error(r, 422, "bad_date", name,
                   "%s must not be after today (%s): record what has happened", name, today);
        return false;
    }
    return true;
}

/* PUT persons/{id}/enrolments/{enrolment}: planned_end (a date or null),
 * interruption ({date, reason, note} or null) and announcement ({date,
 * kind} or null), in the rules engine's case form, checked by its parser;
 * a field left out is kept, null removes it; at least one is required. */
void api_enrolment_update(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"planned_end", "interruption", "announcement", NULL};
    facts_data *f = NULL;
    const char *end = NULL;
    db *d = NULL;
    if (!in_only(r, b, "", keys)) goto done;
    if (!json_object_get(b, "planned_end") && !json_object_get(b, "interruption") &&
        !json_object_get(b, "announcement")) {
        http_error(r, 422, "missing_field", "planned_end",
                   "give planned_end (a date, or null for unknown), interruption or announcement "
                   "(an object, or null to remove it)");
        goto done;
    }
    if (json_object_get(b, "planned_end") &&
        !in_date(r, b, "planned_end", "planned_end", false, &end))
        goto done;
    json_t *in = json_object_get(b, "interruption"), *an = json_object_get(b, "announcement");
    for (int k = 0; k < 2; k++) {
        json_t *v = k ? an : in;
        const char *name = k ? "announcement" : "interruption";
        if (v && !json_is_null(v) && !json_is_object(v)) {
            http_error(r, 422, "wrong_type", name, "%s must be an object or null", name);
            goto done;
        }
        char dname[32];
        snprintf(dname, sizeof dname, "%s.date", name);
        if (json_is_object(v) && !not_future(r, v, dname)) goto done;
        const char *note = NULL;
        if (json_is_object(v) &&
            !in_str(r, v, "note", k ? "announcement.note" : "interruption.note", false, 1000,
                    &note))
            goto done;
    }
    if (!facts_access(r)) goto done;
    d = db_pool_get(r->s->pool);
    db_enrolment e;
    db_person p;
    ungdb_error err;
    if (db_enrolment_get(d, r->param[0], r->param[1], &e, &err) != UNGDB_OK) {
        http_error(r, 404, "not_found", NULL, "%s", err.message);
        goto done;
    }
    db_person_get(d, r->param[0], &p);
    db_pool_put(r->s->pool, d);
    d = NULL;
    /* the engine's parser checks the shapes, the kinds and the order of
     * dates (an interruption not before the enrolment's start) */
    json_t *frag = json_pack("{s:s, s:s, s:s, s:s}", "id", "e", "kind", "other", "start", e.start,
                             "status", json_is_object(in) ? "interrupted" : "active");
    if (json_is_object(in)) json_object_set(frag, "interruption", in);
    if (json_is_object(an)) json_object_set(frag, "announcement", an);
    bool ok = engine_check(r, p.birth_date, "enrolments", frag, true, "enrolments[0].");
    json_decref(frag);
    if (!ok) goto done;
    if (!(f = calloc(1, sizeof *f))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    f->person = r->param[0];
    f->enrolment = r->param[1];
    f->body = b;
    b = NULL;
    f->ef.set_planned_end = json_object_get(f->body, "planned_end") != NULL;
    f->ef.planned_end = end;
    f->ef.set_interruption = in != NULL;
    f->ef.interrupted_on = json_string_value(json_object_get(in, "date"));
    f->ef.interruption_reason = json_string_value(json_object_get(in, "reason"));
    f->ef.interruption_note = json_string_value(json_object_get(in, "note"));
    f->ef.set_announcement = an != NULL;
    f->ef.announced_on = json_string_value(json_object_get(an, "date"));
    f->ef.announced_kind = json_string_value(json_object_get(an, "kind"));
    http_submit(r, facts_write, f, facts_free, facts_after);
    return;
done:
    if (d) db_pool_put(r->s->pool, d);
    facts_free(f);
    json_decref(b);
}

/* ---------------------------------------------------- the 15-17 duty -- */

typedef struct step_data {
    db_step_new n;
    json_t *body; /* owns the strings of n */
    int64_t id;
    char municipality[8];
} step_data;

static void step_free(void *p)
{
    step_data *s = p;
    if (!s) return;
    json_decref(s->body);
    free(s);
}

static ungdb_rc step_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    step_data *s = r->wdata;
    s->n.by_user = r->user.id;
    s->n.now = r->now;
    ungdb_rc rc = db_step_add(d, &s->n, &s->id, err);
    char object[40], subj[24];
    snprintf(object, sizeof object, "duty_step/%lld", (long long)s->id);
    snprintf(subj, sizeof subj, "%lld", (long long)s->n.person_id);
    if (!rc) rc = audit_add(d, r, "duty.step.add", object, subj, "ok", err);
    return rc;
}

static void step_after(req *r)
{
    step_data *s = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *o = json_deep_copy(s->body);
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "person", json_integer(s->n.person_id));
    json_object_set_new(o, "municipality", json_string(s->municipality));
    http_json(r, 201, o);
}

static int opt_tri(json_t *b, const char *key)
{
    json_t *v = json_object_get(b, key);
    return json_is_boolean(v) ? json_is_true(v) : -1;
}

/* A step of the municipality under the duty order, in the rules engine's
 * case form (docs/rules.md, `steps`): date, kind (aware, contact, offer,
 * consequences, exemption, decision), note; exemption: exempt_reason,
 * until, guardians_involved; decision: duty_met, efforts_made,
 * alternatives_discussed. Checked by the engine's parser. */
void api_duty_step(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    step_data *s = NULL;
    db *d = db_pool_get(r->s->pool);
    db_person p;
    if (!person_access(r, d, r->param[0], &p)) goto done;
    if (!engine_check(r, p.birth_date, "steps", b, true, "steps[0].")) goto done;
    if (!(s = calloc(1, sizeof *s))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    s->body = b;
    b = NULL;
    snprintf(s->municipality, sizeof s->municipality, "%s",
             r->user.role == DB_ROLE_CASEWORKER ? r->user.municipality : p.municipality);
    s->n =
        (db_step_new){.person_id = r->param[0],
                      .municipality = s->municipality,
                      .on = json_string_value(json_object_get(s->body, "date")),
                      .kind = json_string_value(json_object_get(s->body, "kind")),
                      .note = json_string_value(json_object_get(s->body, "note")),
                      .exempt_reason = json_string_value(json_object_get(s->body, "exempt_reason")),
                      .exempt_until = json_string_value(json_object_get(s->body, "until")),
                      .guardians_involved = opt_tri(s->body, "guardians_involved"),
                      .duty_met = opt_tri(s->body, "duty_met"),
                      .efforts_made = opt_tri(s->body, "efforts_made"),
                      .alternatives_discussed = opt_tri(s->body, "alternatives_discussed")};
    db_pool_put(r->s->pool, d);
    http_submit(r, step_write, s, step_free, step_after);
    return;
done:
    db_pool_put(r->s->pool, d);
    step_free(s);
    json_decref(b);
}

/* The earliest dated finding still open (due or overdue), or NULL. */
static json_t *next_deadline(json_t *findings)
{
    json_t *best = NULL, *f;
    size_t i;
    json_array_foreach(findings, i, f)
    {
        const char *st = json_string_value(json_object_get(f, "status"));
        if (strcmp(st, "due") != 0 && strcmp(st, "overdue") != 0) continue;
        const char *due = json_string_value(json_object_get(f, "due"));
        if (!due) continue;
        if (!best || strcmp(due, json_string_value(json_object_get(best, "due"))) < 0) best = f;
    }
    return best;
}

static int by_deadline(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *dx = json_string_value(json_object_get(x, "deadline"));
    const char *dy = json_string_value(json_object_get(y, "deadline"));
    if (dx && dy) {
        int c = strcmp(dx, dy);
        if (c) return c;
    } else if (dx || dy) {
        return dx ? -1 : 1;
    }
    json_int_t px = json_integer_value(json_object_get(x, "person"));
    json_int_t py = json_integer_value(json_object_get(y, "person"));
    return (px > py) - (px < py);
}

/* A duty finding that needs the caseworker: a deadline (due, overdue), a
 * breach, or a question for a person (needs_judgement). */
static bool needs_attention(json_t *findings)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *st = json_string_value(json_object_get(f, "status"));
        if (st && strcmp(st, "ok") != 0 && strcmp(st, "not_applicable") != 0) return true;
    }
    return false;
}

/* The cases of the caller's municipality, sorted by their next deadline:
 * duty (every resident aged 15-17 on the date, the duty order § 1, read in
 * four queries; listed when a duty finding needs attention or a step is
 * recorded, or all with ?all=true) or STU (residents with STU facts). */
static void municipality_cases(req *r, bool stu)
{
    char today[11], on[11];
    http_local_today(today);
    const char *lang = query_lang(r);
    if (!lang || !query_date(r, "date", today, on)) return;
    const char *all_q = http_query(r, "all");
    if (all_q && strcmp(all_q, "true") != 0 && strcmp(all_q, "false") != 0) {
        http_error(r, 422, "bad_value", "all", "all must be true or false");
        return;
    }
    bool all = all_q && !strcmp(all_q, "true");
    ungdb_date day;
    ungdb_date_parse(on, 10, &day);
    const char *muni = r->user.municipality;
    db *d = db_pool_get(r->s->pool);
    int64_t *ids = NULL;
    size_t n = 0;
    ungdb_error err;
    json_t **rows = NULL, *raws = NULL;
    size_t nrows = 0;
    ungdb_rc rc;
    if (stu) {
        rc = db_municipality_cases(d, muni, true, &ids, &n, &err);
    } else {
        /* born from a month before the 18th birthday to a month after the
         * 15th (loose bounds; the exact age is checked below) */
        int y, m, dd;
        ungdb_date_to_ymd(day, &y, &m, &dd);
        char from[11], to[11];
        ungdb_date_format(ungdb_add_days(ungdb_date_from_ymd(y - 18, m, 1), -1), from);
        ungdb_date_format(ungdb_add_days(ungdb_date_from_ymd(y - 15, m, 1), 31), to);
        rc = db_duty_case_data(d, muni, from, to, &raws, &err);
        n = json_array_size(raws);
    }
    if (rc || !(rows = calloc(n ? n : 1, sizeof *rows))) {
        http_error(r, 500, "internal", NULL, "cannot read the cases");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        case_built b;
        int64_t pid = stu ? ids[i]
                          : json_integer_value(json_object_get(
                                json_object_get(json_array_get(raws, i), "person"), "id"));
        rc = stu ? case_build(d, pid, on, &b, &err)
                 : case_build_raw(json_incref(json_array_get(raws, i)), pid, on, &b, &err);
        if (rc != UNGDB_OK) continue; /* no birth date */
        int age = ungdb_age_on(b.c->person.birth, day);
        /* the duty order § 1: young people of 15-17 */
        if (!stu && (age < 15 || age > 17)) {
            case_built_free(&b);
            continue;
        }
        ungdb_findings *fl = ungdb_findings_new();
        if (!fl || ungdb_rules_eval(b.c, day, NULL, stu ? "stu." : "duty.", fl) != UNGDB_OK) {
            ungdb_findings_free(fl);
            case_built_free(&b);
            http_error(r, 500, "internal", NULL, "out of memory");
            goto done;
        }
        json_t *fj = findings_json(fl, lang, day);
        bool attention = needs_attention(fj);
        if (!stu && !all && !attention && b.c->nsteps == 0) {
            json_decref(fj);
            ungdb_findings_free(fl);
            case_built_free(&b);
            continue;
        }
        json_t *next = next_deadline(fj);
        json_t *row = json_pack("{s:I, s:i, s:b}", "person", (json_int_t)pid, "age", age,
                                "attention", attention);
        if (stu) {
            json_t *facts = json_object_get(b.json, "stu");
            json_object_set(row, "stu", facts ? facts : json_null());
        } else {
            json_object_set(row, "steps", json_object_get(b.json, "steps"));
            json_t *emp = json_object_get(b.json, "employment");
            json_t *act = json_object_get(b.json, "activities");
            json_object_set_new(row, "employment", emp ? json_incref(emp) : json_array());
            json_object_set_new(row, "activities", act ? json_incref(act) : json_array());
        }
        json_object_set_new(row, "deadline",
                            next ? json_incref(json_object_get(next, "due")) : json_null());
        json_object_set_new(row, "days_left",
                            next ? json_incref(json_object_get(next, "days_left")) : json_null());
        json_object_set_new(row, "deadline_rule",
                            next ? json_incref(json_object_get(next, "rule")) : json_null());
        json_object_set_new(row, "deadline_reference",
                            next ? json_incref(json_object_get(next, "reference")) : json_null());
        json_object_set_new(row, "findings", fj);
        rows[nrows++] = row;
        ungdb_findings_free(fl);
        case_built_free(&b);
    }
    qsort(rows, nrows, sizeof *rows, by_deadline);
    json_t *list = json_array();
    int64_t *subj_ids = calloc(nrows ? nrows : 1, sizeof *subj_ids);
    for (size_t i = 0; i < nrows; i++) {
        if (subj_ids) subj_ids[i] = json_integer_value(json_object_get(rows[i], "person"));
        json_array_append_new(list, rows[i]);
    }
    nrows = 0;
    char *subj = subj_ids ? ids_csv(subj_ids, json_array_size(list)) : NULL;
    free(subj_ids);
    db_pool_put(r->s->pool, d);
    d = NULL;
    audit_read_then_send(r,
                         json_pack("{s:s, s:s, s:s, s:o}", "municipality", muni, "date", on, "lang",
                                   lang, "cases", list),
                         stu ? "municipality.stu.read" : "municipality.duty.read",
                         stu ? "municipality/stu" : "municipality/duty", subj);
    free(subj);
done:
    for (size_t i = 0; i < nrows; i++)
        json_decref(rows[i]);
    free(rows);
    free(ids);
    json_decref(raws);
    if (d) db_pool_put(r->s->pool, d);
}

void api_duty_cases(req *r)
{
    municipality_cases(r, false);
}

void api_stu_cases(req *r)
{
    municipality_cases(r, true);
}

/* ------------------------------------------------------------------ STU -- */

typedef struct stu_data {
    int64_t person;
    char municipality[8];
    char *facts;
} stu_data;

static void stu_free(void *p)
{
    stu_data *s = p;
    if (!s) return;
    free(s->facts);
    free(s);
}

static ungdb_rc stu_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    stu_data *s = r->wdata;
    ungdb_rc rc = db_stu_put(d, s->person, s->municipality, s->facts, r->user.id, r->now, err);
    char object[40], subj[24];
    snprintf(object, sizeof object, "person/%lld/stu", (long long)s->person);
    snprintf(subj, sizeof subj, "%lld", (long long)s->person);
    if (!rc) rc = audit_add(d, r, "stu.put", object, subj, "ok", err);
    return rc;
}

static void stu_after(req *r)
{
    stu_data *s = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    http_json(r, 200,
              json_pack("{s:I, s:s, s:o, s:s}", "person", (json_int_t)s->person, "municipality",
                        s->municipality, "stu", json_loads(s->facts, 0, NULL), "updated_at",
                        r->now));
}

/* A person's STU facts (plans, years with hours and practical days,
 * interruptions, ...) in the rules engine's case form (`stu`, docs/rules.md)
 * without `enrolment` (the server links the pupil's STU spell). */
void api_stu_put(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    stu_data *s = NULL;
    db *d = db_pool_get(r->s->pool);
    db_person p;
    if (!person_access(r, d, r->param[0], &p)) goto done;
    if (json_object_get(b, "enrolment")) {
        http_error(r, 422, "unknown_field", "enrolment",
                   "enrolment is set by the server (the pupil's spell at an STU institution)");
        goto done;
    }
    if (!engine_check(r, p.birth_date, "stu", b, false, "stu.")) goto done;
    if (!(s = calloc(1, sizeof *s)) || !(s->facts = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    s->person = r->param[0];
    snprintf(s->municipality, sizeof s->municipality, "%s",
             r->user.role == DB_ROLE_CASEWORKER ? r->user.municipality : p.municipality);
    db_pool_put(r->s->pool, d);
    json_decref(b);
    http_submit(r, stu_write, s, stu_free, stu_after);
    return;
done:
    db_pool_put(r->s->pool, d);
    stu_free(s);
    json_decref(b);
}
