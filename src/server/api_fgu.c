/* api_fgu.c - the FGU course facts of a pupil's FGU enrolment:
 *   GET, PUT /api/v1/persons/{id}/enrolments/{enrolment}/fgu
 * The body is the `fgu` object of an enrolment in the rules engine's case
 * form (docs/rules.md: weeks, combinations, exam_draws, certificate,
 * complaints, sanctions, payments, practice_agreements), checked by the
 * engine's own parser so that an error names the JSON path; the draft FGU
 * order's rules (FGU-bekendtgørelsen, udkast af 11. marts 2019; family fgu,
 * src/rules/fgu.c) read it through the person's case (case_build.c).
 *
 * Who (docs/server.md, "FGU course facts"):
 * - administrators; staff of the FGU institution of the enrolment read and
 *   change them (the facts are the institution's own records: its weeks of
 *   teaching § 3, combination courses § 5, exam draws § 8, stk. 6, the
 *   competence certificate §§ 10-11, sanctions § 15 and Bilag 2, payments
 *   § 20, complaints § 21);
 * - the caseworker of the pupil's municipality of residence reads only the
 *   practice agreements: the municipality approves an agreement before the
 *   practice begins (§ 6 and Bilag 1, pkt. 7; FGU-loven § 18, stk. 2);
 *   the rest is the institution's.
 * Only a pupil spell at an institution of kind fgu holds FGU facts (else 409
 * `not_fgu`). Reads and changes are audited. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FGU_PRACTICE_BASIS                                                                          \
    "FGU-bekendtgørelsen (udkast af 11. marts 2019) § 6 og bilag 1, pkt. 7: praktikaftalen skal " \
    "være godkendt af kommunen inden praktikopholdets begyndelse (FGU-loven § 18, stk. 2)"

#define FGU_FACTS_BASIS                                                                                   \
    "FGU-bekendtgørelsen (udkast af 11. marts 2019): undervisningstid § 3, kombinationsforløb "        \
    "§ 5, praktikaftaler § 6 og bilag 1, udtræk til prøve § 8, stk. 6, kompetencebevis §§ 10-11, " \
    "sanktioner § 15 og bilag 2, egenbetaling § 20, stk. 3, klager § 21"

/* The person and their FGU spell, checked for the caller: 404 when the
 * person is not in scope or the enrolment is not their pupil spell, 409 when
 * it is not at an FGU institution, 403 when staff do not work there. */
static bool fgu_spell(req *r, db *d, db_person *p, db_fgu_spell *e)
{
    int64_t person = r->param[0], enrol = r->param[1];
    ungdb_error err;
    if (!person_access(r, d, person, p)) return false;
    ungdb_rc rc = db_fgu_enrolment(d, person, enrol, e, &err);
    if (rc == UNGDB_EINPUT) {
        http_error(r, 404, "not_found", "enrolment", "%s", err.message);
        return false;
    }
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot read the enrolment");
        return false;
    }
    if (strcmp(e->kind, "fgu") != 0) {
        http_error(r, 409, "not_fgu", "enrolment",
                   "enrolment %lld is at an institution of kind %s; FGU course facts "
                   "(FGU-bekendtgørelsen) belong to a pupil spell at an FGU institution",
                   (long long)enrol, e->kind);
        return false;
    }
    if (r->user.role == DB_ROLE_STAFF && !scope_institution(r, d, e->institution_id)) {
        http_error(r, 403, "forbidden", "enrolment",
                   "you do not work for institution %lld of enrolment %lld",
                   (long long)e->institution_id, (long long)enrol);
        return false;
    }
    return true;
}

static void object_of(req *r, char *buf, size_t n)
{
    snprintf(buf, n, "person/%lld/enrolment/%lld/fgu", (long long)r->param[0],
             (long long)r->param[1]);
}

void api_fgu_get(req *r)
{
    db *d = db_pool_get(r->s->pool);
    db_person p;
    db_fgu_spell e;
    char *text = NULL, at[24] = "";
    ungdb_error err;
    bool ok = fgu_spell(r, d, &p, &e);
    ungdb_rc rc = ok ? db_fgu_get(d, e.enrolment_id, &text, at, &err) : UNGDB_OK;
    db_pool_put(r->s->pool, d);
    if (!ok) return;
    if (rc && rc != UNGDB_EINPUT) {
        http_error(r, 500, "internal", NULL, "cannot read the FGU facts");
        return;
    }
    json_t *facts = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    json_t *o = json_pack("{s:I, s:I, s:I}", "person", (json_int_t)r->param[0], "enrolment",
                          (json_int_t)e.enrolment_id, "institution", (json_int_t)e.institution_id);
    if (r->user.role == DB_ROLE_CASEWORKER) {
        /* the municipality's part: the practice agreements it approves */
        json_t *pa = json_object_get(facts, "practice_agreements");
        json_object_set_new(o, "fgu",
                            json_pack("{s:o}", "practice_agreements",
                                      json_is_array(pa) ? json_incref(pa) : json_array()));
        json_object_set_new(o, "view", json_string("municipality"));
        json_object_set_new(o, "legal_basis", json_string(FGU_PRACTICE_BASIS));
        json_decref(facts);
    } else {
        json_object_set_new(o, "fgu", facts ? facts : json_null());
        json_object_set_new(o, "view", json_string("institution"));
        json_object_set_new(o, "legal_basis", json_string(FGU_FACTS_BASIS));
    }
    json_object_set_new(o, "updated_at", at[0] ? json_string(at) : json_null());
    char object[80], subj[24];
    object_of(r, object, sizeof object);
    snprintf(subj, sizeof subj, "%lld", (long long)r->param[0]);
    audit_read_then_send(r, o, "enrolment.fgu.read", object, subj);
}

typedef struct fgu_data {
    int64_t person;
    db_fgu_spell e;
    char *facts;
} fgu_data;

static void fgu_free(void *p)
{
    fgu_data *f = p;
    if (!f) return;
    free(f->facts);
    free(f);
}

static ungdb_rc fgu_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    fgu_data *f = r->wdata;
    ungdb_rc rc = db_fgu_put(d, &f->e, f->person, f->facts, r->user.id, r->now, err);
    char object[80], subj[24];
    object_of(r, object, sizeof object);
    snprintf(subj, sizeof subj, "%lld", (long long)f->person);
    if (!rc) rc = audit_add(d, r, "enrolment.fgu.put", object, subj, "ok", err);
    return rc;
}

static void fgu_after(req *r)
{
    fgu_data *f = r->wdata;
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    http_json(r, 200,
              json_pack("{s:I, s:I, s:I, s:o, s:s, s:s, s:s}", "person", (json_int_t)f->person,
                        "enrolment", (json_int_t)f->e.enrolment_id, "institution",
                        (json_int_t)f->e.institution_id, "fgu", json_loads(f->facts, 0, NULL),
                        "view", "institution", "legal_basis", FGU_FACTS_BASIS, "updated_at",
                        r->now));
}

/* Replaces the enrolment's FGU facts with the body, after the engine's
 * parser has accepted it inside a case with the pupil's birth date and the
 * spell's dates (so an error is the one the rules would meet). */
void api_fgu_put(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    fgu_data *f = NULL;
    db *d = db_pool_get(r->s->pool);
    db_person p;
    db_fgu_spell e;
    if (!fgu_spell(r, d, &p, &e)) goto done;
    json_t *enrol = json_pack("{s:s, s:s, s:s, s:s, s:O}", "id", "e", "kind", "fgu", "start",
                              e.start, "status", "active", "fgu", b);
    if (e.end[0]) json_object_set_new(enrol, "end", json_string(e.end));
    json_t *c = json_pack("{s:{s:s}, s:[o]}", "person", "birth_date",
                          p.birth_date[0] ? p.birth_date : "2000-01-01", "enrolments", enrol);
    bool ok = engine_check_case(r, c, "enrolments[0].fgu.");
    json_decref(c);
    if (!ok) goto done;
    if (!(f = calloc(1, sizeof *f)) || !(f->facts = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    f->person = r->param[0];
    f->e = e;
    db_pool_put(r->s->pool, d);
    json_decref(b);
    http_submit(r, fgu_write, f, fgu_free, fgu_after);
    return;
done:
    db_pool_put(r->s->pool, d);
    fgu_free(f);
    json_decref(b);
}
