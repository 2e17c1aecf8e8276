/* case_build.c - the one place where the store's data becomes the rules
 * engine's case form (include/ungdb/rules.h, docs/rules.md). The server
 * never applies a rule itself: it builds the case here and asks the engine.
 *
 * The mapping (documented in docs/server.md, "The case built for the rules
 * engine"):
 *   person        birth_date, municipality; lives_in_denmark from
 *                 resident_dk; completed_youth_education and
 *                 completed_higher_education as recorded (NULL = unknown);
 *                 guardians "g<person id>" with custody (the guardians table
 *                 holds holders of parental responsibility). Never the CPR
 *                 number or a name.
 *   enrolments    every pupil spell "e<enrolment id>": institution = its
 *                 6-digit code; kind from the institution's kind (grundskole
 *                 -> primary_school, fgu -> fgu, eud -> eud, gym ->
 *                 upper_secondary, stu -> stu, else other); start, end,
 *                 planned_end; status completed when the spell ended before
 *                 the evaluation date, else active; interrupted, with its
 *                 interruption (date, reason, note), when one is recorded on
 *                 or before the evaluation date (VBK § 32, nr. 3); the
 *                 pupil's announcement of leaving (§ 31) when made by then.
 *   attendance    every registration, on the pupil's spell at the lesson's
 *                 institution that holds the lesson's date: lesson_start,
 *                 lesson_minutes, absent_minutes, lawful, reason, the latest
 *                 comment, registered_at in Danish local time.
 *   notices       "n<id>" on the spell at the notice's institution on its date
 *                 (kinds are the same names).
 *   events        participation events (VBK § 36) on the spell at the
 *                 event's institution on its date.
 *   assessments   "a<id>", basis concrete: the API's assessment is the
 *                 staff member's concrete assessment with its grounds (VBK
 *                 § 36), by "staff".
 *   reports       "r<id>" on the spell at the report's institution on its
 *                 date (a municipality's report without an institution: the
 *                 spell current on its date); a municipality's report
 *                 naming an institution is shared with it the same day (the
 *                 institution sees it at once, with the contact).
 *   guardian_notices  a done notify_guardians task: one notice per guardian
 *                 on its done date, following its report.
 *   steps         the municipality's duty steps as recorded.
 *   employment, activities  the duty order's §§ 4-6 facts as stored (the
 *                 case form's own arrays, checked by the engine on input).
 *   stu           the stored STU facts, with enrolment = the pupil's spell at
 *                 an institution of kind stu, if any.
 *   enrolments[].fgu  the stored FGU course facts of a spell at an
 *                 institution of kind fgu (fgu_facts, one per spell).
 * Rows that the case cannot hold (a registration outside every spell, a
 * report with no spell) are left out and listed in `notes`. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *edu_kind(const char *inst_kind)
{
    static const char *const map[][2] = {{"grundskole", "primary_school"},
                                         {"fgu", "fgu"},
                                         {"eud", "eud"},
                                         {"gym", "upper_secondary"},
                                         {"stu", "stu"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (inst_kind && !strcmp(inst_kind, map[i][0])) return map[i][1];
    return "other";
}

static const char *str(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

static int64_t num(json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

/* SQLite 0/1/NULL as a JSON yes/no fact (NULL = unknown, left out). */
static void set_tri(json_t *o, const char *key, json_t *v)
{
    if (json_is_integer(v)) json_object_set_new(o, key, json_boolean(json_integer_value(v)));
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v && *v) json_object_set_new(o, key, json_string(v));
}

/* The pupil's spell at `inst` holding `day` (YYYY-MM-DD...), as its case id. */
static const char *spell_at(json_t *enrols, int64_t inst, const char *day, char buf[32])
{
    size_t i;
    json_t *e;
    json_array_foreach(enrols, i, e)
    {
        if (inst && num(e, "institution") != inst) continue;
        const char *s = str(e, "start_date"), *end = str(e, "end_date");
        if (!s || strncmp(s, day, 10) > 0) continue;
        if (end && strncmp(end, day, 10) < 0) continue;
        snprintf(buf, 32, "e%lld", (long long)num(e, "id"));
        return buf;
    }
    return NULL;
}

static void note(json_t *notes, const char *what, int64_t id, const char *why)
{
    json_array_append_new(
        notes, json_pack("{s:s, s:I, s:s}", "row", what, "id", (json_int_t)id, "left_out", why));
}

void case_built_free(case_built *b)
{
    if (!b) return;
    ungdb_case_free(b->c);
    json_decref(b->json);
    json_decref(b->notes);
    memset(b, 0, sizeof *b);
}

/* A stored JSON array of the case form (employment, activities) into c. */
static void stored_array(json_t *c, json_t *raw, const char *key, json_t *notes, int64_t person_id)
{
    const char *text = str(raw, key);
    if (!text) return;
    json_t *a = json_loads(text, 0, NULL);
    if (json_is_array(a)) {
        json_object_set_new(c, key, a);
        return;
    }
    json_decref(a);
    note(notes, key, person_id, "the stored facts are not a JSON array");
}

ungdb_rc case_build(db *d, int64_t person_id, const char *on, case_built *out, ungdb_error *err)
{
    json_t *raw = NULL;
    memset(out, 0, sizeof *out);
    ungdb_rc rc = db_case_data(d, person_id, &raw, err);
    if (rc) return rc;
    return case_build_raw(raw, person_id, on, out, err);
}

ungdb_rc case_build_raw(json_t *raw, int64_t person_id, const char *on, case_built *out,
                        ungdb_error *err)
{
    memset(out, 0, sizeof *out);
    ungdb_rc rc;
    json_t *p = json_object_get(raw, "person");
    if (!str(p, "birth_date")) {
        json_decref(raw);
        return ungdb_error_set(err, UNGDB_ESTATE, "", 0, "birth_date",
                               "person %lld has no recorded birth date (no valid CPR number), so "
                               "the rules, which depend on age, cannot be applied",
                               (long long)person_id);
    }
    json_t *c = json_object(), *notes = json_array();
    char id[32], spell[32], buf[32];
    snprintf(id, sizeof id, "person-%lld", (long long)person_id);
    json_object_set_new(c, "id", json_string(id));

    json_t *person = json_object();
    set_str(person, "birth_date", str(p, "birth_date"));
    set_str(person, "municipality", str(p, "municipality"));
    set_tri(person, "lives_in_denmark", json_object_get(p, "resident_dk"));
    set_tri(person, "completed_youth_education", json_object_get(p, "completed_youth_education"));
    set_tri(person, "completed_higher_education", json_object_get(p, "completed_higher_education"));
    json_t *guardians = json_array(), *gids = json_object_get(raw, "guardians");
    size_t i;
    json_t *row;
    json_array_foreach(gids, i, row)
    {
        snprintf(buf, sizeof buf, "g%lld", (long long)num(row, "id"));
        json_array_append_new(guardians, json_pack("{s:s, s:b}", "id", buf, "custody", 1));
    }
    json_object_set_new(person, "guardians", guardians);
    json_object_set_new(c, "person", person);

    json_t *enrols = json_object_get(raw, "enrolments"), *ce = json_array();
    const char *stu_spell = NULL;
    char stu_buf[32];
    json_array_foreach(enrols, i, row)
    {
        json_t *e = json_object();
        snprintf(buf, sizeof buf, "e%lld", (long long)num(row, "id"));
        json_object_set_new(e, "id", json_string(buf));
        set_str(e, "institution", str(row, "institution_code"));
        const char *kind = edu_kind(str(row, "institution_kind"));
        json_object_set_new(e, "kind", json_string(kind));
        if (!strcmp(kind, "stu")) {
            snprintf(stu_buf, sizeof stu_buf, "%s", buf);
            stu_spell = stu_buf;
        }
        set_str(e, "start", str(row, "start_date"));
        const char *end = str(row, "end_date");
        set_str(e, "end", end);
        set_str(e, "planned_end", str(row, "planned_end"));
        const char *ion = str(row, "interrupted_on"), *aon = str(row, "announced_on");
        /* VBK § 32, nr. 3: an interruption recorded by the evaluation date */
        bool interrupted = ion && on && strcmp(ion, on) <= 0;
        json_object_set_new(e, "status",
                            json_string(interrupted                        ? "interrupted"
                                        : end && on && strcmp(end, on) < 0 ? "completed"
                                                                           : "active"));
        if (interrupted) {
            json_t *it = json_pack("{s:s, s:s}", "date", ion, "reason",
                                   str(row, "interruption_reason") ? str(row, "interruption_reason")
                                                                   : "other");
            set_str(it, "note", str(row, "interruption_note"));
            json_object_set_new(e, "interruption", it);
        }
        /* § 31 (the guide, section 1.2): what the pupil told about leaving */
        if (aon && on && strcmp(aon, on) <= 0 && str(row, "announced_kind"))
            json_object_set_new(
                e, "announcement",
                json_pack("{s:s, s:s}", "date", aon, "kind", str(row, "announced_kind")));
        /* the stored FGU course facts of an FGU spell (draft FGU order,
         * checked by the engine's parser when stored) */
        json_t *fr;
        size_t k;
        json_array_foreach(json_object_get(raw, "fgu"), k, fr)
        {
            if (num(fr, "enrolment") != num(row, "id")) continue;
            json_t *facts = json_loads(str(fr, "facts") ? str(fr, "facts") : "", 0, NULL);
            if (json_is_object(facts) && !strcmp(kind, "fgu")) {
                json_object_set_new(e, "fgu", facts);
            } else {
                json_decref(facts);
                note(notes, "fgu", num(row, "id"),
                     "the stored FGU facts are not a JSON object, or the spell is not at an FGU "
                     "institution");
            }
        }
        json_array_append_new(ce, e);
    }
    json_object_set_new(c, "enrolments", ce);

    json_t *att = json_array();
    json_array_foreach(json_object_get(raw, "attendance"), i, row)
    {
        const char *start = str(row, "starts_at");
        if (!start || !spell_at(enrols, num(row, "institution"), start, spell)) {
            note(notes, "attendance (lesson)", num(row, "lesson"),
                 "the lesson's date is outside the pupil's spells at its institution");
            continue;
        }
        int64_t minutes = num(row, "minutes"), absent = num(row, "absent_minutes");
        json_t *a = json_pack("{s:s, s:s, s:I, s:I}", "enrolment", spell, "lesson_start", start,
                              "lesson_minutes", (json_int_t)minutes, "absent_minutes",
                              (json_int_t)(absent < minutes ? absent : minutes));
        if (absent > 0) set_tri(a, "lawful", json_object_get(row, "lawful"));
        set_str(a, "reason", str(row, "reason"));
        set_str(a, "comment", str(row, "comment"));
        char local[17];
        if (http_utc_to_local(str(row, "registered_at"), local))
            json_object_set_new(a, "registered_at", json_string(local));
        json_array_append_new(att, a);
    }
    json_object_set_new(c, "attendance", att);

    json_t *no = json_array();
    json_array_foreach(json_object_get(raw, "notices"), i, row)
    {
        const char *day = str(row, "given_on");
        if (!spell_at(enrols, num(row, "institution"), day, spell)) {
            note(notes, "notice", num(row, "id"), "no pupil spell at its institution on its date");
            continue;
        }
        snprintf(buf, sizeof buf, "n%lld", (long long)num(row, "id"));
        json_t *n = json_pack("{s:s, s:s, s:s, s:s}", "id", buf, "enrolment", spell, "date", day,
                              "kind", str(row, "kind"));
        set_str(n, "note", str(row, "note"));
        json_array_append_new(no, n);
    }
    json_object_set_new(c, "notices", no);

    json_t *ev = json_array();
    json_array_foreach(json_object_get(raw, "events"), i, row)
    {
        const char *day = str(row, "event_on");
        if (!spell_at(enrols, num(row, "institution"), day, spell)) {
            note(notes, "participation event", num(row, "id"),
                 "no pupil spell at its institution on its date");
            continue;
        }
        json_t *n =
            json_pack("{s:s, s:s, s:s}", "enrolment", spell, "date", day, "kind", str(row, "kind"));
        set_str(n, "note", str(row, "note"));
        json_array_append_new(ev, n);
    }
    json_object_set_new(c, "events", ev);

    json_t *as = json_array(), *known_as = json_object();
    json_array_foreach(json_object_get(raw, "assessments"), i, row)
    {
        const char *day = str(row, "assessed_on");
        if (!spell_at(enrols, num(row, "institution"), day, spell)) {
            note(notes, "assessment", num(row, "id"),
                 "no pupil spell at its institution on its date");
            continue;
        }
        snprintf(buf, sizeof buf, "a%lld", (long long)num(row, "id"));
        json_object_set_new(known_as, buf, json_true());
        json_array_append_new(as,
                              json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "id", buf, "enrolment",
                                        spell, "date", day, "at_risk", (int)num(row, "at_risk"),
                                        "basis", "concrete", "by", "staff"));
    }
    json_object_set_new(c, "assessments", as);

    json_t *rep = json_array(), *known_rep = json_object();
    json_array_foreach(json_object_get(raw, "reports"), i, row)
    {
        const char *day = str(row, "reported_on");
        int64_t inst = num(row, "institution");
        if (!spell_at(enrols, inst, day, spell)) {
            note(notes, "report", num(row, "id"),
                 inst ? "no pupil spell at its institution on its date"
                      : "the person had no pupil spell on its date");
            continue;
        }
        bool muni = !strcmp(str(row, "reported_by"), "municipality");
        snprintf(buf, sizeof buf, "r%lld", (long long)num(row, "id"));
        json_object_set_new(known_rep, buf, json_true());
        json_t *r =
            json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", buf, "enrolment", spell, "date", day,
                      "kind", str(row, "kind"), "by", muni ? "municipality" : "institution");
        if (num(row, "assessment")) {
            char aid[32];
            snprintf(aid, sizeof aid, "a%lld", (long long)num(row, "assessment"));
            if (json_object_get(known_as, aid))
                json_object_set_new(r, "assessment", json_string(aid));
        }
        if (muni) {
            set_str(r, "contact_person", str(row, "contact"));
            /* VBK § 39, stk. 4: the institution sees the report at once */
            if (inst) set_str(r, "shared_with_institution", day);
        }
        json_array_append_new(rep, r);
    }
    json_object_set_new(c, "reports", rep);

    json_t *told = json_array();
    json_array_foreach(json_object_get(raw, "guardians_told"), i, row)
    {
        char rid[32];
        snprintf(rid, sizeof rid, "r%lld", (long long)num(row, "report"));
        size_t k;
        json_t *g;
        json_array_foreach(gids, k, g)
        {
            snprintf(buf, sizeof buf, "g%lld", (long long)num(g, "id"));
            json_t *n = json_pack("{s:s, s:s}", "date", str(row, "done_on"), "guardian", buf);
            if (json_object_get(known_rep, rid)) json_object_set_new(n, "report", json_string(rid));
            json_array_append_new(told, n);
        }
    }
    json_object_set_new(c, "guardian_notices", told);

    json_t *steps = json_array();
    json_array_foreach(json_object_get(raw, "steps"), i, row)
    {
        json_t *s = json_pack("{s:s, s:s}", "date", str(row, "step_on"), "kind", str(row, "kind"));
        set_str(s, "note", str(row, "note"));
        set_str(s, "exempt_reason", str(row, "exempt_reason"));
        set_str(s, "until", str(row, "exempt_until"));
        set_tri(s, "guardians_involved", json_object_get(row, "guardians_involved"));
        set_tri(s, "duty_met", json_object_get(row, "duty_met"));
        set_tri(s, "efforts_made", json_object_get(row, "efforts_made"));
        set_tri(s, "alternatives_discussed", json_object_get(row, "alternatives_discussed"));
        json_array_append_new(steps, s);
    }
    json_object_set_new(c, "steps", steps);
    stored_array(c, raw, "employment", notes, person_id);
    stored_array(c, raw, "activities", notes, person_id);

    const char *stu = str(raw, "stu");
    if (stu) {
        json_t *facts = json_loads(stu, 0, NULL);
        if (json_is_object(facts)) {
            json_object_del(facts, "enrolment");
            if (stu_spell) json_object_set_new(facts, "enrolment", json_string(stu_spell));
            json_object_set_new(c, "stu", facts);
        } else {
            json_decref(facts);
            note(notes, "stu", person_id, "the stored STU facts are not a JSON object");
        }
    }
    json_decref(known_as);
    json_decref(known_rep);
    json_decref(raw);

    char *text = json_dumps(c, JSON_COMPACT);
    rc = text ? ungdb_case_parse(text, strlen(text), id, &out->c, err) : UNGDB_ENOMEM;
    free(text);
    if (rc) {
        /* The store's data always fits the form; a failure here is a bug in
         * this mapping or data written around the API. */
        json_decref(c);
        json_decref(notes);
        return rc == UNGDB_ENOMEM ? rc : UNGDB_EINTERNAL;
    }
    out->json = c;
    out->notes = notes;
    return UNGDB_OK;
}

/* ---- one lesson's registrations as a case (FGU § 17 on a registration) ----
 * Built directly in C rather than as JSON text for ungdb_case_parse: this
 * runs on every FGU registration, where the JSON round trip cost more CPU
 * than the rest of the request (docs/bench.md, 2026-11-30). The unit test
 * (test_case_build.c) pins that it equals the case the engine parses from
 * the form docs/server.md describes. */
ungdb_rc lesson_case_init(lesson_case *lc, const db_lesson *l, const db_attendance *rows, size_t n,
                          const char *now_local)
{
    memset(lc, 0, sizeof *lc);
    ungdb_datetime start, at;
    ungdb_date day;
    if (!ungdb_datetime_parse(l->starts_at, strlen(l->starts_at), &start) ||
        !ungdb_datetime_parse(now_local, strlen(now_local), &at))
        return UNGDB_EINTERNAL;
    day = ungdb_datetime_date(start);
    lc->att = malloc((n ? n : 1) * sizeof *lc->att);
    if (!lc->att) return UNGDB_ENOMEM;
    ungdb_case *c = &lc->c;
    c->id = "lesson";
    /* a placeholder person: the rules of § 17 read no person data */
    c->person.birth = ungdb_date_from_ymd(2000, 1, 1);
    c->settings.summer_from_week = -1;
    c->settings.summer_to_week = -1;
    ungdb_enrolment *e = &lc->enrolment;
    e->id = "e";
    e->kind = UNGDB_EDU_FGU;
    e->start = day;
    e->end = UNGDB_DATE_NONE;
    e->planned_end = UNGDB_DATE_NONE;
    e->status = UNGDB_ENROL_ACTIVE;
    c->enrolments = e;
    c->nenrolments = 1;
    for (size_t i = 0; i < n; i++) {
        ungdb_attendance *a = &lc->att[i];
        memset(a, 0, sizeof *a);
        a->enrolment = "e";
        a->lesson_start = start;
        a->lesson_minutes = l->minutes;
        a->absent_minutes = rows[i].absent_minutes;
        a->lawful = rows[i].absent_minutes <= 0 ? UNGDB_UNKNOWN
                    : rows[i].lawful == 1       ? UNGDB_YES
                                                : UNGDB_NO;
        a->registered_at = at;
    }
    c->attendance = lc->att;
    c->nattendance = n;
    return UNGDB_OK;
}

void lesson_case_free(lesson_case *lc)
{
    free(lc->att);
    lc->att = NULL;
}
