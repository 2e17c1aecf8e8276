/* api_cases.c - the institution's and the municipality's work on a pupil at
 * risk: notices, concrete assessments, reports to the youth database (UDB)
 * placed in an outbox for the integration to collect, guardian-notification
 * tasks, the municipality's inbox, an institution's reports and tasks.
 *
 * The rules applied here name their paragraphs of the guidance order (VBK,
 * bekendtgørelse om vejledning om valg af ungdomsuddannelse og erhverv).
 * VBK § 31's in-scope check (age 15-29, no completed education, resident,
 * course of at least 6 weeks) is the rules engine's rule ubd.scope, asked
 * through scope_check (api_rules.c) before a report is accepted. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ungdb/date.h"

/* Staff acting for an institution on one of its pupils. */
static bool staff_on_pupil(req *r, db *d, int64_t person, int64_t inst)
{
    if (!person_access(r, d, person, NULL)) return false;
    db_institution in;
    if (db_institution_get(d, inst, &in) != UNGDB_OK) {
        http_error(r, 422, "unknown", "institution", "institution %lld does not exist",
                   (long long)inst);
        return false;
    }
    if (!scope_institution(r, d, inst)) {
        http_error(r, 403, "forbidden", "institution", "you do not work for institution %lld",
                   (long long)inst);
        return false;
    }
    if (!db_person_pupil_at(d, person, inst)) {
        http_error(r, 422, "not_a_pupil", "institution",
                   "person %lld is not a pupil of institution %lld", (long long)person,
                   (long long)inst);
        return false;
    }
    return true;
}

/* ---- a report, with its outbox entry and (under 18) the guardians' task ---- */

typedef struct case_data {
    int64_t person, inst, assessment, notice, report, task, item;
    char kind[16], on[11], by[16];
    char scope_on[11]; /* the date VBK § 31 is checked on, when not `on` */
    char task_due[11]; /* the guardians' task: the next working day after the report */
    char *text;        /* notice note, assessment grounds */
    char *contact;     /* municipality report */
    char notice_kind[24];
    bool at_risk;
    bool report_too; /* a notice that forces a report */
    bool under18;
    char municipality[8];
    char *payload;
    json_t *scope; /* the engine's VBK § 31 finding for the report */
} case_data;

static void case_free(void *p)
{
    case_data *c = p;
    if (!c) return;
    free(c->text);
    free(c->contact);
    free(c->payload);
    json_decref(c->scope);
    free(c);
}

/* vejledningsbekendtgørelsen § 31, stk. 2 og 4, through the engine: fills
 * c->scope; false (and 500) when it cannot be asked. A person without a
 * birth date cannot be checked: a person must judge (needs_judgement). */
static bool check_scope(req *r, db *d, case_data *c, const char *lang)
{
    ungdb_error err;
    ungdb_rc rc = scope_check(d, c->person, c->inst, c->scope_on[0] ? c->scope_on : c->on, lang,
                              &c->scope, &err);
    if (rc == UNGDB_ESTATE) {
        c->scope =
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "rule", "ubd.scope", "reference",
                      "vejledningsbekendtgørelsen § 31, stk. 2 og 4", "status", "needs_judgement",
                      "status_text", !strcmp(lang, "da") ? "kræver vurdering" : "needs_judgement",
                      "text", err.message, "text_da", err.message, "text_en", err.message);
        return c->scope != NULL;
    }
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot apply the rules engine's scope check");
        return false;
    }
    return true;
}

static bool scope_is(const case_data *c, const char *status)
{
    return !strcmp(json_string_value(json_object_get(c->scope, "status")), status);
}

char *report_payload(db *d, int64_t person, int64_t inst, const char *kind, const char *on,
                     const char *by, const char *contact, bool forced, const char *legal)
{
    db_person p;
    char cpr[16] = "";
    db_institution in = {0};
    if (db_person_get(d, person, &p) != UNGDB_OK) return NULL;
    db_person_cpr(d, person, cpr, sizeof cpr);
    if (inst) db_institution_get(d, inst, &in);
    json_t *pl = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "type",
                           !strcmp(kind, "risk") ? "risk_of_dropout" : "interruption",
                           "legal_basis", legal, "cpr", cpr, "reported_on", on, "reported_by", by,
                           "forced_by_concern_notice", forced);
    json_object_set_new(pl, "institution", in.code[0] ? json_string(in.code) : json_null());
    json_object_set_new(pl, "municipality",
                        p.municipality[0] ? json_string(p.municipality) : json_null());
    json_object_set_new(pl, "contact", contact ? json_string(contact) : json_null());
    char *out = json_dumps(pl, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(pl);
    return out;
}

/* Builds the UDB payload and the task of a report (needs the CPR number:
 * it goes to the youth database, never to a log). */
static bool prepare_report(req *r, db *d, case_data *c, const char *legal)
{
    db_person p;
    if (db_person_get(d, c->person, &p) != UNGDB_OK) return false;
    snprintf(c->municipality, sizeof c->municipality, "%s", p.municipality);
    /* VBK § 36, stk. 3: a pupil under 18 on the day of the assessment: the
     * guardians are told immediately after the report. */
    int age = age_on(p.birth_date, c->on);
    c->under18 = age >= 0 && age < 18;
    /* "umiddelbart efter": the rules engine's convention for ubd.guardians is
     * the next working day after the report at the latest (docs/rules.md) */
    ungdb_date rd;
    if (ungdb_date_parse(c->on, strlen(c->on), &rd))
        ungdb_date_format(ungdb_add_working_days(rd, 1), c->task_due);
    c->payload = report_payload(d, c->person, c->inst, c->kind, c->on, c->by, c->contact,
                                c->notice != 0 || c->report_too, legal);
    (void)r;
    return c->payload != NULL;
}

static ungdb_rc add_report(db *d, req *r, case_data *c, ungdb_error *err)
{
    db_report_new n = {.person_id = c->person,
                       .institution_id = c->inst,
                       .municipality = c->municipality,
                       .kind = c->kind,
                       .reported_by = c->by,
                       .assessment_id = c->assessment,
                       .notice_id = c->notice,
                       .reported_on = c->on,
                       .contact = c->contact,
                       .by_user = r->user.id,
                       .now = r->now,
                       .payload = c->payload,
                       .task_kind = c->under18 && c->inst ? "notify_guardians" : NULL,
                       .task_due = c->task_due,
                       .task_basis = GUARDIANS_TASK_BASIS};
    return db_report_add(d, &n, &c->report, &c->task, err);
}

static json_t *report_json(req *r, case_data *c)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->report, "person",
                          (json_int_t)c->person, "kind", c->kind, "reported_on", c->on,
                          "reported_by", c->by, "created_at", r->now);
    json_object_set_new(o, "task",
                        c->task ? json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)c->task,
                                            "kind", "notify_guardians", "due_on", c->task_due,
                                            "legal_basis", "VBK § 36, stk. 3")
                                : json_null());
    json_object_set(o, "in_scope_check", c->scope);
    return o;
}

/* ---- notices ---- */

static ungdb_rc notice_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    case_data *c = r->wdata;
    ungdb_rc rc = db_notice_add(d, c->person, c->inst, c->notice_kind, c->on, c->text, r->user.id,
                                r->now, &c->item, err);
    if (!rc && c->report_too) {
        c->notice = c->item;
        rc = add_report(d, r, c, err);
    }
    char object[40], subj[24];
    snprintf(object, sizeof object, "notice/%lld", (long long)c->item);
    snprintf(subj, sizeof subj, "%lld", (long long)c->person);
    if (!rc) rc = audit_add(d, r, "notice.add", object, subj, "ok", err);
    return rc;
}

static void notice_after(req *r)
{
    case_data *c = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)c->item, "person",
                          (json_int_t)c->person, "institution", (json_int_t)c->inst, "kind",
                          c->notice_kind, "given_on", c->on);
    json_object_set_new(o, "report", c->report_too ? report_json(r, c) : json_null());
    if (c->report_too)
        json_object_set_new(o, "rule",
                            json_string("VBK § 36, stk. 2: a notice that the pupil's absence is "
                                        "of concerning extent is reported to the youth database "
                                        "as a risk of dropout at the same time"));
    else if (c->scope) {
        json_object_set_new(o, "rule",
                            json_string("VBK § 36, stk. 2 forces a report only for a pupil covered "
                                        "by VBK § 31; the rules engine finds this pupil is not, "
                                        "so no report was made"));
        json_object_set(o, "in_scope_check", c->scope);
    }
    http_json(r, 201, o);
}

static const char *const notice_kinds[] = {"concern_absence", "reprimand", "warning", "other",
                                           NULL};

void api_notice(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"institution", "kind", "given_on", "note", NULL};
    int64_t inst = 0;
    const char *kind = NULL, *on = NULL, *note = NULL;
    case_data *c = NULL;
    db *d = NULL;
    if (!in_only(r, b, "", keys) ||
        !in_int(r, b, "institution", "institution", true, 1, INT64_MAX / 2, &inst) ||
        !in_str(r, b, "kind", "kind", true, 24, &kind) ||
        !in_date(r, b, "given_on", "given_on", true, &on) ||
        !in_str(r, b, "note", "note", false, 4000, &note))
        goto done;
    bool known = false;
    for (const char *const *p = notice_kinds; *p && !known; p++)
        known = !strcmp(*p, kind);
    if (!known) {
        http_error(r, 422, "bad_value", "kind",
                   "kind must be one of concern_absence, reprimand, warning, other");
        goto done;
    }
    d = db_pool_get(r->s->pool);
    if (!staff_on_pupil(r, d, r->param[0], inst)) goto done;
    c = calloc(1, sizeof *c);
    if (!c || (note && !(c->text = strdup(note)))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    c->person = r->param[0];
    c->inst = inst;
    snprintf(c->notice_kind, sizeof c->notice_kind, "%s", kind);
    snprintf(c->on, sizeof c->on, "%s", on);
    snprintf(c->kind, sizeof c->kind, "risk");
    snprintf(c->by, sizeof c->by, "institution");
    /* VBK § 36, stk. 2: concern about absence forces a report at the same
     * time, for a pupil covered by the duty to report (VBK § 31) */
    c->report_too = !strcmp(kind, "concern_absence");
    if (c->report_too) {
        const char *lang = query_lang(r);
        if (!lang || !check_scope(r, d, c, lang)) goto done;
        if (scope_is(c, "not_applicable")) c->report_too = false;
    }
    if (c->report_too && !prepare_report(r, d, c, "VBK § 36, stk. 2")) {
        http_error(r, 500, "internal", NULL, "cannot prepare the report");
        goto done;
    }
    db_pool_put(r->s->pool, d);
    json_decref(b);
    http_submit(r, notice_write, c, case_free, notice_after);
    return;
done:
    if (d) db_pool_put(r->s->pool, d);
    case_free(c);
    json_decref(b);
}

/* ---- assessments ---- */

static ungdb_rc assessment_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    case_data *c = r->wdata;
    ungdb_rc rc = db_assessment_add(d, c->person, c->inst, c->on, c->at_risk, c->text, r->user.id,
                                    r->now, &c->item, err);
    char object[40], subj[24];
    snprintf(object, sizeof object, "assessment/%lld", (long long)c->item);
    snprintf(subj, sizeof subj, "%lld", (long long)c->person);
    if (!rc) rc = audit_add(d, r, "assessment.add", object, subj, "ok", err);
    return rc;
}

static void assessment_after(req *r)
{
    case_data *c = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    http_json(r, 201,
              json_pack("{s:I, s:I, s:I, s:s, s:b, s:s, s:s}", "id", (json_int_t)c->item, "person",
                        (json_int_t)c->person, "institution", (json_int_t)c->inst, "assessed_on",
                        c->on, "at_risk", c->at_risk, "grounds", c->text, "rule",
                        "VBK § 36: a report rests on a concrete assessment of the individual "
                        "pupil's current risk under the institution's rules, never on group "
                        "statistics"));
}

void api_assessment(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"institution", "assessed_on", "at_risk", "grounds", NULL};
    int64_t inst = 0;
    int at_risk = 0;
    const char *on = NULL, *grounds = NULL;
    case_data *c = NULL;
    db *d = NULL;
    if (!in_only(r, b, "", keys) ||
        !in_int(r, b, "institution", "institution", true, 1, INT64_MAX / 2, &inst) ||
        !in_date(r, b, "assessed_on", "assessed_on", true, &on) ||
        !in_bool(r, b, "at_risk", "at_risk", true, &at_risk) ||
        !in_str(r, b, "grounds", "grounds", true, 8000, &grounds))
        goto done;
    d = db_pool_get(r->s->pool);
    if (!staff_on_pupil(r, d, r->param[0], inst)) goto done;
    c = calloc(1, sizeof *c);
    if (!c || !(c->text = strdup(grounds))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    c->person = r->param[0];
    c->inst = inst;
    c->at_risk = at_risk;
    snprintf(c->on, sizeof c->on, "%s", on);
    db_pool_put(r->s->pool, d);
    json_decref(b);
    http_submit(r, assessment_write, c, case_free, assessment_after);
    return;
done:
    if (d) db_pool_put(r->s->pool, d);
    case_free(c);
    json_decref(b);
}

/* ---- reports ---- */

static ungdb_rc report_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    case_data *c = r->wdata;
    ungdb_rc rc = add_report(d, r, c, err);
    char object[40], subj[24];
    snprintf(object, sizeof object, "report/%lld", (long long)c->report);
    snprintf(subj, sizeof subj, "%lld", (long long)c->person);
    if (!rc) rc = audit_add(d, r, "report.add", object, subj, "ok", err);
    return rc;
}

static void report_after(req *r)
{
    case_data *c = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    http_json(r, 201, report_json(r, c));
}

void api_report(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"institution", "kind",    "assessment",
                                       "reported_on", "contact", NULL};
    int64_t inst = 0, assessment = 0;
    const char *kind = NULL, *on = NULL, *contact = NULL;
    case_data *c = NULL;
    db *d = NULL;
    bool muni = r->user.role == DB_ROLE_CASEWORKER;
    if (!in_only(r, b, "", keys) ||
        !in_int(r, b, "institution", "institution", !muni, 1, INT64_MAX / 2, &inst) ||
        !in_str(r, b, "kind", "kind", true, 16, &kind) ||
        !in_int(r, b, "assessment", "assessment", false, 1, INT64_MAX / 2, &assessment) ||
        !in_date(r, b, "reported_on", "reported_on", false, &on) ||
        !in_str(r, b, "contact", "contact", muni, 500, &contact))
        goto done;
    if (strcmp(kind, "risk") != 0 && strcmp(kind, "interruption") != 0) {
        http_error(r, 422, "bad_value", "kind", "kind must be risk or interruption");
        goto done;
    }
    if (muni && strcmp(kind, "risk") != 0) {
        http_error(r, 422, "bad_value", "kind",
                   "VBK § 39, stk. 4: the municipality reports risk of interruption");
        goto done;
    }
    if (!muni && !strcmp(kind, "risk") && !assessment) {
        http_error(r, 422, "missing_field", "assessment",
                   "VBK § 36: a risk report needs the concrete assessment it rests on");
        goto done;
    }
    char today[11];
    http_local_today(today);
    d = db_pool_get(r->s->pool);
    if (muni) {
        if (!person_access(r, d, r->param[0], NULL)) goto done;
        if (inst && !db_person_pupil_at(d, r->param[0], inst)) {
            http_error(r, 422, "not_a_pupil", "institution",
                       "person %lld is not a pupil of institution %lld", (long long)r->param[0],
                       (long long)inst);
            goto done;
        }
    } else if (!staff_on_pupil(r, d, r->param[0], inst)) {
        goto done;
    }
    c = calloc(1, sizeof *c);
    if (!c || (contact && !(c->contact = strdup(contact)))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    c->person = r->param[0];
    c->inst = inst;
    c->assessment = assessment;
    snprintf(c->kind, sizeof c->kind, "%s", kind);
    snprintf(c->by, sizeof c->by, "%s", muni ? "municipality" : "institution");
    snprintf(c->on, sizeof c->on, "%s", on ? on : today);
    if (assessment) {
        json_t *as = NULL;
        ungdb_error err;
        bool ok = false;
        if (db_assessments_list(d, c->person, &as, &err) == UNGDB_OK) {
            size_t i;
            json_t *a;
            json_array_foreach(as, i, a)
            {
                if (json_integer_value(json_object_get(a, "id")) != assessment) continue;
                if (json_integer_value(json_object_get(a, "institution")) != inst) break;
                if (!json_is_true(json_object_get(a, "at_risk"))) {
                    http_error(r, 422, "not_at_risk", "assessment",
                               "VBK § 36: assessment %lld found the pupil not at risk",
                               (long long)assessment);
                    break;
                }
                /* the age rule of § 36, stk. 3 is on the day of the assessment */
                snprintf(c->on, sizeof c->on, "%s",
                         json_string_value(json_object_get(a, "assessed_on")));
                ok = true;
            }
        }
        json_decref(as);
        if (!ok) {
            if (!r->answered)
                http_error(r, 422, "unknown", "assessment",
                           "assessment %lld is not one of this pupil's at this institution",
                           (long long)assessment);
            goto done;
        }
        if (on) snprintf(c->on, sizeof c->on, "%s", on);
    }
    /* VBK § 31, stk. 2 og 4: only a covered pupil is reported; the engine
     * decides (ubd.scope). Not covered: refused; a fact missing: accepted,
     * and the answer says a person must judge. An interruption (VBK § 32,
     * nr. 3) is reported after the pupil has left: it is checked on the last
     * day of the spell before the recorded interruption. */
    if (!strcmp(kind, "interruption") && inst) {
        char ion[11];
        db_interrupted_on(d, c->person, inst, c->on, ion);
        ungdb_date id;
        if (ion[0] && ungdb_date_parse(ion, 10, &id))
            ungdb_date_format(ungdb_add_days(id, -1), c->scope_on);
    }
    const char *lang = query_lang(r);
    if (!lang || !check_scope(r, d, c, lang)) goto done;
    if (scope_is(c, "not_applicable")) {
        http_error(r, 422, "not_in_scope", NULL, "%s: %s",
                   json_string_value(json_object_get(c->scope, "reference")),
                   json_string_value(json_object_get(c->scope, "text")));
        goto done;
    }
    if (!prepare_report(r, d, c,
                        muni ? "VBK § 39, stk. 4"
                             : (!strcmp(kind, "risk") ? "VBK § 36" : "VBK § 32, nr. 3"))) {
        http_error(r, 500, "internal", NULL, "cannot prepare the report");
        goto done;
    }
    db_pool_put(r->s->pool, d);
    json_decref(b);
    http_submit(r, report_write, c, case_free, report_after);
    return;
done:
    if (d) db_pool_put(r->s->pool, d);
    case_free(c);
    json_decref(b);
}

void api_person_cases(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *n = NULL, *a = NULL, *rep = NULL, *ev = NULL;
    ungdb_error err;
    if (person_access(r, d, r->param[0], NULL) &&
        (db_notices_list(d, r->param[0], &n, &err) ||
         db_assessments_list(d, r->param[0], &a, &err) ||
         db_reports_list(d, NULL, 0, r->param[0], &rep, &err) ||
         db_events_list(d, r->param[0], &ev, &err)))
        http_error(r, 500, "internal", NULL, "cannot read the cases");
    db_pool_put(r->s->pool, d);
    if (r->answered) {
        json_decref(n);
        json_decref(a);
        json_decref(rep);
        json_decref(ev);
        return;
    }
    char object[40], subj[24];
    snprintf(object, sizeof object, "person/%lld/cases", (long long)r->param[0]);
    snprintf(subj, sizeof subj, "%lld", (long long)r->param[0]);
    audit_read_then_send(r,
                         json_pack("{s:I, s:o, s:o, s:o, s:o}", "person", (json_int_t)r->param[0],
                                   "notices", n, "assessments", a, "reports", rep, "events", ev),
                         "person.cases.read", object, subj);
}

static char *subjects_of(json_t *rows)
{
    size_t n = json_array_size(rows), i, k = 0;
    char *s = malloc(n * 21 + 1);
    if (!s) return NULL;
    s[0] = 0;
    json_t *row;
    json_array_foreach(rows, i, row) k +=
        (size_t)snprintf(s + k, 22, "%s%lld", k ? "," : "",
                         (long long)json_integer_value(json_object_get(row, "person")));
    return s;
}

void api_reports(req *r)
{
    /* the municipality's inbox: reports about its residents */
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    ungdb_rc rc = db_reports_list(d, r->user.municipality, 0, 0, &out, &err);
    db_pool_put(r->s->pool, d);
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read the reports");
        return;
    }
    char *subj = subjects_of(out);
    audit_read_then_send(
        r, json_pack("{s:s, s:o}", "municipality", r->user.municipality, "reports", out),
        "municipality.reports.read", "municipality", subj);
    free(subj);
}

static bool inst_access(req *r, db *d)
{
    db_institution in;
    if (db_institution_get(d, r->param[0], &in) != UNGDB_OK) {
        http_error(r, 404, "not_found", NULL, "no institution %lld", (long long)r->param[0]);
        return false;
    }
    if (!scope_institution(r, d, r->param[0])) {
        http_error(r, 403, "forbidden", NULL, "you do not work for this institution");
        return false;
    }
    return true;
}

void api_inst_reports(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    if (inst_access(r, d) && db_reports_list(d, NULL, r->param[0], 0, &out, &err))
        http_error(r, 500, "internal", NULL, "cannot read the reports");
    db_pool_put(r->s->pool, d);
    if (r->answered) return;
    char *subj = subjects_of(out);
    char object[40];
    snprintf(object, sizeof object, "institution/%lld/reports", (long long)r->param[0]);
    audit_read_then_send(r, json_pack("{s:o}", "reports", out), "institution.reports.read", object,
                         subj);
    free(subj);
}

void api_tasks(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    if (inst_access(r, d) && db_tasks_list(d, r->param[0], &out, &err))
        http_error(r, 500, "internal", NULL, "cannot read the tasks");
    db_pool_put(r->s->pool, d);
    if (r->answered) return;
    char *subj = subjects_of(out);
    char object[40];
    snprintf(object, sizeof object, "institution/%lld/tasks", (long long)r->param[0]);
    audit_read_then_send(r, json_pack("{s:o}", "tasks", out), "institution.tasks.read", object,
                         subj);
    free(subj);
}

/* ---- the outbox, for the integration with the youth database ---- */

void api_outbox(req *r)
{
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    ungdb_rc rc = db_outbox_pending(d, 500, &out, &err);
    db_pool_put(r->s->pool, d);
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read the outbox");
        return;
    }
    audit_read_then_send(r, json_pack("{s:o}", "items", out), "outbox.read", "outbox", NULL);
}

typedef struct ack_data {
    int64_t upto, n;
} ack_data;

static ungdb_rc ack_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    ack_data *a = r->wdata;
    ungdb_rc rc = db_outbox_ack(d, a->upto, r->now, &a->n, err);
    char object[40];
    snprintf(object, sizeof object, "outbox/..%lld", (long long)a->upto);
    if (!rc) rc = audit_add(d, r, "outbox.ack", object, NULL, "ok", err);
    return rc;
}

static void ack_after(req *r)
{
    ack_data *a = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    http_json(r, 200,
              json_pack("{s:I, s:I}", "upto", (json_int_t)a->upto, "collected", (json_int_t)a->n));
}

void api_outbox_ack(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"upto", NULL};
    int64_t upto = 0;
    if (!in_only(r, b, "", keys) || !in_int(r, b, "upto", "upto", true, 1, INT64_MAX / 2, &upto)) {
        json_decref(b);
        return;
    }
    json_decref(b);
    ack_data *a = calloc(1, sizeof *a);
    if (!a) {
        http_error(r, 500, "internal", NULL, "out of memory");
        return;
    }
    a->upto = upto;
    http_submit(r, ack_write, a, free, ack_after);
}

/* ---- the audit log (administrators) ---- */

void api_audit(req *r)
{
    char from[11] = "", to[11] = "";
    const char *u = http_query(r, "user"), *p = http_query(r, "person"),
               *before = http_query(r, "before"), *lim = http_query(r, "limit");
    char *end;
    long long user = u ? strtoll(u, &end, 10) : 0;
    if (u && (*end || user <= 0)) {
        http_error(r, 422, "bad_value", "user", "user must be a user id");
        return;
    }
    long long person = p ? strtoll(p, &end, 10) : 0;
    if (p && (*end || person <= 0)) {
        http_error(r, 422, "bad_value", "person", "person must be a person id");
        return;
    }
    long long bid = before ? strtoll(before, &end, 10) : 0;
    if (before && (*end || bid <= 0)) {
        http_error(r, 422, "bad_value", "before", "before must be an audit record id");
        return;
    }
    long long limit = lim ? strtoll(lim, &end, 10) : 100;
    if (lim && (*end || limit < 1 || limit > 1000)) {
        http_error(r, 422, "bad_value", "limit", "limit must be 1-1000");
        return;
    }
    if (!query_date(r, "from", "", from) || !query_date(r, "to", "", to)) return;
    db *d = db_pool_get(r->s->pool);
    json_t *out = NULL;
    ungdb_error err;
    ungdb_rc rc = db_audit_list(d, user, person, from[0] ? from : NULL, to[0] ? to : NULL, bid,
                                (int)limit, &out, &err);
    db_pool_put(r->s->pool, d);
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read the audit log");
        return;
    }
    audit_read_then_send(r, json_pack("{s:o}", "records", out), "audit.read", "audit", NULL);
}
