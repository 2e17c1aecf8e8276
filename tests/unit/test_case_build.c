/* Unit tests of the mapping from the store to the rules engine's case form
 * (src/server/case_build.c, documented in docs/server.md): every kind of
 * row, ids, the kinds of education, statuses, Danish local time of
 * registrations (winter and summer), guardians told, duty steps, STU facts,
 * participation events, interruptions and announcements, employment and
 * activities, the bulk read of the duty cases, and rows the case cannot
 * hold listed as notes, never dropped silently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/db_internal.h"
#include "server/server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], path[128];

static void exec_ok(sqlite3 *c, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "%s\n", msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static const char rows[] =
    "INSERT INTO institutions (id, code, name, kind, municipality) VALUES"
    " (1, '111111', 'FGU', 'fgu', '0751'), (2, '222222', 'Skolen', 'grundskole', '0751');"
    "INSERT INTO persons (id, user_id, cpr, birth_date, municipality, resident_dk,"
    " completed_youth_education, completed_higher_education) VALUES"
    " (10, 'u10', '1506099123', '2009-06-15', '0751', 1, 0, NULL),"
    " (11, 'u11', NULL, '1980-01-01', '0751', 1, NULL, NULL),"
    " (12, 'u12', NULL, NULL, '0751', 1, NULL, NULL);"
    "INSERT INTO guardians VALUES (11, 10);"
    "INSERT INTO enrolments (id, person_id, institution_id, role, grade, start_date, end_date,"
    " planned_end) VALUES (100, 10, 1, 'pupil', -1, '2025-08-11', NULL, '2026-06-30'),"
    " (101, 10, 2, 'pupil', 9, '2024-08-01', '2025-06-30', NULL),"
    " (102, 11, 1, 'teacher', -1, '2020-01-01', NULL, NULL);"
    "INSERT INTO lessons (id, institution_id, code, title, starts_at, ends_at, minutes) VALUES"
    " (500, 1, 'L500', 'Dansk', '2026-02-02T08:00', '2026-02-02T08:45', 45),"
    " (501, 1, 'L501', 'Dansk', '2025-07-01T08:00', '2025-07-01T08:45', 45),"
    " (502, 1, 'L502', 'Dansk', '2026-06-01T08:00', '2026-06-01T09:00', 60);"
    "INSERT INTO attendance VALUES"
    " (500, 10, 0, 45, 0, 'ingen besked', '2026-02-02T07:05:00Z', 1),"
    " (501, 10, 1, 0, NULL, NULL, '2025-07-01T06:05:00Z', 1),"
    " (502, 10, 1, 0, NULL, NULL, '2026-06-01T06:05:00Z', 1);"
    "INSERT INTO attendance_comments (lesson_id, person_id, comment, reason, created_at,"
    " created_by) VALUES (500, 10, 'first', NULL, '2026-02-02T10:00:00Z', 2),"
    " (500, 10, 'I was ill', 'illness', '2026-02-02T11:00:00Z', 2);"
    "INSERT INTO notices (id, person_id, institution_id, kind, given_on, note, created_at,"
    " created_by) VALUES (1, 10, 1, 'concern_absence', '2026-02-03', 'worried',"
    " '2026-02-03T10:00:00Z', 1);"
    "INSERT INTO assessments (id, person_id, institution_id, assessed_on, at_risk, grounds,"
    " created_at, created_by) VALUES (2, 10, 1, '2026-02-03', 1, 'absent',"
    " '2026-02-03T10:00:00Z', 1);"
    "INSERT INTO reports (id, person_id, institution_id, municipality, kind, reported_by,"
    " assessment_id, notice_id, reported_on, contact, created_at, created_by) VALUES"
    " (3, 10, 1, '0751', 'risk', 'institution', 2, 1, '2026-02-03', NULL, 'x', 1),"
    " (4, 10, 1, '0751', 'risk', 'municipality', NULL, NULL, '2026-02-04', 'KUI Aarhus', 'x', 1),"
    " (5, 10, NULL, '0751', 'risk', 'municipality', NULL, NULL, '2023-01-01', 'KUI', 'x', 1);"
    "INSERT INTO tasks (id, kind, person_id, institution_id, report_id, due_on, status,"
    " legal_basis, created_at, done_on, done_by) VALUES"
    " (6, 'notify_guardians', 10, 1, 3, '2026-02-04', 'done', 'VBK', 'x', '2026-02-04', 1),"
    " (7, 'notify_guardians', 10, 1, 3, '2026-02-04', 'open', 'VBK', 'x', NULL, NULL);"
    "INSERT INTO duty_steps (person_id, municipality, step_on, kind, note, guardians_involved,"
    " duty_met, efforts_made, alternatives_discussed, created_at, created_by) VALUES"
    " (10, '0751', '2026-02-05', 'aware', 'no show', NULL, NULL, NULL, NULL, 'x', 1),"
    " (10, '0751', '2026-02-20', 'decision', NULL, NULL, 1, NULL, NULL, 'x', 1);"
    "INSERT INTO stu_cases VALUES (10, '0751', '{\"start\":\"2025-08-11\",\"enrolment\":\"zz\"}',"
    " 'x', 1);"
    /* FGU course facts: of the FGU spell (read), and a row on the folkeskole
     * spell written around the API (left out, noted) */
    "INSERT INTO fgu_facts VALUES (100, 10, 1, '{\"weeks\":[{\"week_start\":\"2025-08-11\","
    "\"teaching_hours\":27}],\"payments\":[{\"date\":\"2025-09-01\",\"amount_kr\":200}]}',"
    " 'x', 1), (101, 10, 2, '{}', 'x', 1);"
    /* version 5: person 13 left FGU for another education */
    "INSERT INTO persons (id, user_id, cpr, birth_date, municipality, resident_dk) VALUES"
    " (13, 'u13', NULL, '2009-03-01', '0751', 1), (14, 'u14', NULL, '2009-03-01', '0746', 1);"
    "INSERT INTO enrolments (id, person_id, institution_id, role, grade, start_date, end_date,"
    " planned_end, interrupted_on, interruption_reason, interruption_note, announced_on,"
    " announced_kind) VALUES (103, 13, 1, 'pupil', -1, '2025-08-11', NULL, '2026-06-30',"
    " '2026-02-10', 'other_education', 'EUD', '2026-02-01', 'other_education');"
    "INSERT INTO participation_events (id, person_id, institution_id, event_on, kind, note,"
    " created_at, created_by) VALUES (1, 13, 1, '2026-02-06', 'missing_hand_in', 'dansk', 'x', 1),"
    " (2, 13, 1, '2024-01-01', 'conduct', NULL, 'x', 1);"
    "INSERT INTO duty_facts VALUES (13, '0751', '[{\"from\":\"2026-02-11\",\"hours_per_week\":30,"
    "\"paid\":true}]', '[]', 'x', 1);";

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ungdb-test-case-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/store.sqlite", dir);
    db *d = NULL;
    ungdb_error err;
    if (db_open(&d, path, true, &err)) return -1;
    exec_ok(d->conn, rows);
    db_close(d);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[160];
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static const char *s_at(json_t *o, const char *jpath)
{
    /* "a.b" or "a[1].b": a tiny path walker for the assertions */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", jpath);
    json_t *v = o;
    for (char *tok = strtok(buf, "."); tok && v; tok = strtok(NULL, ".")) {
        char *br = strchr(tok, '[');
        if (br) {
            *br = 0;
            v = json_object_get(v, tok);
            v = json_array_get(v, (size_t)atoi(br + 1));
        } else {
            v = json_object_get(v, tok);
        }
    }
    if (!v) return "(absent)";
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_true(v)) return "true";
    if (json_is_false(v)) return "false";
    static char num[32];
    if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        return num;
    }
    return "(other)";
}

static void maps_every_kind_of_row(void **state)
{
    (void)state;
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, false, &err), UNGDB_OK);
    case_built b;
    assert_int_equal(case_build(d, 10, "2026-03-02", &b, &err), UNGDB_OK);
    json_t *c = b.json;
    assert_string_equal(s_at(c, "id"), "person-10");
    /* never the CPR number */
    char *text = json_dumps(c, 0);
    assert_null(strstr(text, "1506099123"));
    free(text);
    assert_string_equal(s_at(c, "person.birth_date"), "2009-06-15");
    assert_string_equal(s_at(c, "person.municipality"), "0751");
    assert_string_equal(s_at(c, "person.lives_in_denmark"), "true");
    assert_string_equal(s_at(c, "person.completed_youth_education"), "false");
    assert_string_equal(s_at(c, "person.completed_higher_education"), "(absent)");
    assert_string_equal(s_at(c, "person.guardians[0].id"), "g11");
    assert_string_equal(s_at(c, "person.guardians[0].custody"), "true");
    /* pupil spells only; kinds from the institution; completed before the date */
    assert_int_equal(json_array_size(json_object_get(c, "enrolments")), 2);
    assert_string_equal(s_at(c, "enrolments[0].id"), "e101");
    assert_string_equal(s_at(c, "enrolments[0].kind"), "primary_school");
    assert_string_equal(s_at(c, "enrolments[0].status"), "completed");
    assert_string_equal(s_at(c, "enrolments[0].institution"), "222222");
    assert_string_equal(s_at(c, "enrolments[1].id"), "e100");
    assert_string_equal(s_at(c, "enrolments[1].kind"), "fgu");
    assert_string_equal(s_at(c, "enrolments[1].status"), "active");
    assert_string_equal(s_at(c, "enrolments[1].planned_end"), "2026-06-30");
    /* the stored FGU facts on the FGU spell only */
    assert_string_equal(s_at(c, "enrolments[1].fgu.weeks[0].week_start"), "2025-08-11");
    assert_string_equal(s_at(c, "enrolments[1].fgu.payments[0].date"), "2025-09-01");
    assert_string_equal(s_at(c, "enrolments[0].fgu"), "(absent)");
    /* attendance: the lesson outside every spell at its institution is a note */
    assert_int_equal(json_array_size(json_object_get(c, "attendance")), 2);
    assert_string_equal(s_at(c, "attendance[0].enrolment"), "e100");
    assert_string_equal(s_at(c, "attendance[0].lesson_start"), "2026-02-02T08:00");
    assert_string_equal(s_at(c, "attendance[0].absent_minutes"), "45");
    assert_string_equal(s_at(c, "attendance[0].lawful"), "false");
    assert_string_equal(s_at(c, "attendance[0].comment"), "I was ill");
    /* 07:05 UTC in February is 08:05 CET; 06:05 UTC in June is 08:05 CEST */
    assert_string_equal(s_at(c, "attendance[0].registered_at"), "2026-02-02T08:05");
    assert_string_equal(s_at(c, "attendance[1].registered_at"), "2026-06-01T08:05");
    assert_string_equal(s_at(c, "attendance[1].absent_minutes"), "0");
    assert_string_equal(s_at(c, "attendance[1].lawful"), "(absent)");
    assert_string_equal(s_at(c, "notices[0].id"), "n1");
    assert_string_equal(s_at(c, "notices[0].enrolment"), "e100");
    assert_string_equal(s_at(c, "notices[0].kind"), "concern_absence");
    assert_string_equal(s_at(c, "assessments[0].id"), "a2");
    assert_string_equal(s_at(c, "assessments[0].basis"), "concrete");
    assert_string_equal(s_at(c, "assessments[0].at_risk"), "true");
    /* reports: the institution's on its assessment; the municipality's shared the same day */
    assert_int_equal(json_array_size(json_object_get(c, "reports")), 2);
    assert_string_equal(s_at(c, "reports[0].id"), "r3");
    assert_string_equal(s_at(c, "reports[0].by"), "institution");
    assert_string_equal(s_at(c, "reports[0].assessment"), "a2");
    assert_string_equal(s_at(c, "reports[1].by"), "municipality");
    assert_string_equal(s_at(c, "reports[1].contact_person"), "KUI Aarhus");
    assert_string_equal(s_at(c, "reports[1].shared_with_institution"), "2026-02-04");
    /* the done task only, once per guardian */
    assert_int_equal(json_array_size(json_object_get(c, "guardian_notices")), 1);
    assert_string_equal(s_at(c, "guardian_notices[0].date"), "2026-02-04");
    assert_string_equal(s_at(c, "guardian_notices[0].report"), "r3");
    assert_string_equal(s_at(c, "guardian_notices[0].guardian"), "g11");
    assert_string_equal(s_at(c, "steps[0].kind"), "aware");
    assert_string_equal(s_at(c, "steps[0].guardians_involved"), "(absent)");
    assert_string_equal(s_at(c, "steps[1].duty_met"), "true");
    /* STU facts: a stored enrolment is not trusted; no STU spell, none set */
    assert_string_equal(s_at(c, "stu.start"), "2025-08-11");
    assert_string_equal(s_at(c, "stu.enrolment"), "(absent)");
    /* the notes name what was left out */
    assert_int_equal(json_array_size(b.notes), 3);
    json_t *nf = json_array_get(b.notes, 0);
    assert_string_equal(json_string_value(json_object_get(nf, "row")), "fgu");
    assert_int_equal(json_integer_value(json_object_get(nf, "id")), 101);
    json_t *n0 = json_array_get(b.notes, 1), *n1 = json_array_get(b.notes, 2);
    assert_string_equal(json_string_value(json_object_get(n0, "row")), "attendance (lesson)");
    assert_int_equal(json_integer_value(json_object_get(n0, "id")), 501);
    assert_string_equal(json_string_value(json_object_get(n1, "row")), "report");
    assert_int_equal(json_integer_value(json_object_get(n1, "id")), 5);
    /* the engine parsed the same case */
    assert_int_equal(b.c->nenrolments, 2);
    assert_int_equal(b.c->nattendance, 2);
    assert_int_equal(b.c->nreports, 2);
    assert_int_equal(b.c->person.guardians[0].custody, UNGDB_YES);
    assert_non_null(b.c->stu);
    assert_null(b.c->enrolments[0].fgu);
    assert_non_null(b.c->enrolments[1].fgu);
    assert_int_equal(b.c->enrolments[1].fgu->nweeks, 1);
    assert_int_equal(b.c->enrolments[1].fgu->npayments, 1);
    case_built_free(&b);
    db_close(d);
}

static void the_engine_evaluates_the_built_case(void **state)
{
    (void)state;
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, false, &err), UNGDB_OK);
    case_built b;
    assert_int_equal(case_build(d, 10, "2026-02-03", &b, &err), UNGDB_OK);
    ungdb_findings *fl = ungdb_findings_new();
    ungdb_date on;
    ungdb_date_parse("2026-02-03", 10, &on);
    assert_int_equal(ungdb_rules_eval(b.c, on, NULL, "ubd.", fl), UNGDB_OK);
    /* 16 years old, no completed youth education, resident, a course of 324
     * days, but completed higher education is not recorded (NULL): the
     * engine does not guess, a person must judge */
    bool scope_judgement = false;
    for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        if (!strcmp(f->rule->id, "ubd.scope") && strstr(f->subject, "(e100)"))
            scope_judgement = f->status == UNGDB_FINDING_JUDGEMENT;
    }
    assert_true(scope_judgement);
    ungdb_findings_free(fl);
    case_built_free(&b);
    /* recorded as not completed: covered */
    assert_int_equal(db_person_facts_set(d, 10, -1, 0, -1, &err), UNGDB_OK);
    assert_int_equal(case_build(d, 10, "2026-02-03", &b, &err), UNGDB_OK);
    assert_string_equal(s_at(b.json, "person.completed_higher_education"), "false");
    fl = ungdb_findings_new();
    assert_int_equal(ungdb_rules_eval(b.c, on, NULL, "ubd.", fl), UNGDB_OK);
    bool scope_ok = false, concern_ok = false;
    for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        if (!strcmp(f->rule->id, "ubd.scope") && strstr(f->subject, "(e100)"))
            scope_ok = f->status == UNGDB_FINDING_OK;
        if (!strcmp(f->rule->id, "ubd.concern_notice")) concern_ok = f->status == UNGDB_FINDING_OK;
    }
    assert_true(scope_ok);
    assert_true(concern_ok); /* the notice of 2026-02-03 and the report the same day */
    ungdb_findings_free(fl);
    case_built_free(&b);
    /* back to not recorded (2) */
    assert_int_equal(db_person_facts_set(d, 10, -1, 2, -1, &err), UNGDB_OK);
    db_close(d);
}

static void refuses_what_it_cannot_build(void **state)
{
    (void)state;
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, false, &err), UNGDB_OK);
    case_built b;
    assert_int_equal(case_build(d, 12, "2026-03-02", &b, &err), UNGDB_ESTATE);
    assert_string_equal(err.field, "birth_date");
    assert_null(b.c);
    assert_int_equal(case_build(d, 99, "2026-03-02", &b, &err), UNGDB_EINPUT);
    db_close(d);
}

/* The lesson's case built in C equals the case the engine parses from the
 * form it stands for (compared through ungdb_case_dump), and the engine's
 * FGU § 17 rules see the same facts in it: present, an absence under 30
 * minutes (lawful), a whole-lesson absence (unlawful). */
static void lesson_case_equals_the_parsed_form(void **state)
{
    (void)state;
    db_lesson l = {.id = 7,
                   .institution_id = 3,
                   .starts_at = "2026-03-02T08:15",
                   .ends_at = "2026-03-02T09:45",
                   .minutes = 90};
    db_attendance regs[] = {{.person_id = 1, .present = true, .absent_minutes = 0, .lawful = -1},
                            {.person_id = 2, .absent_minutes = 10, .lawful = 1, .reason = "x"},
                            {.person_id = 3, .absent_minutes = 90, .lawful = 0}};
    lesson_case lc;
    assert_int_equal(lesson_case_init(&lc, &l, regs, 3, "2026-03-02T08:20"), UNGDB_OK);
    const char *form =
        "{\"id\":\"lesson\",\"person\":{\"birth_date\":\"2000-01-01\"},"
        "\"enrolments\":[{\"id\":\"e\",\"kind\":\"fgu\",\"start\":\"2026-03-02\","
        "\"status\":\"active\"}],\"attendance\":["
        "{\"enrolment\":\"e\",\"lesson_start\":\"2026-03-02T08:15\",\"lesson_minutes\":90,"
        "\"absent_minutes\":0,\"registered_at\":\"2026-03-02T08:20\"},"
        "{\"enrolment\":\"e\",\"lesson_start\":\"2026-03-02T08:15\",\"lesson_minutes\":90,"
        "\"absent_minutes\":10,\"lawful\":true,\"registered_at\":\"2026-03-02T08:20\"},"
        "{\"enrolment\":\"e\",\"lesson_start\":\"2026-03-02T08:15\",\"lesson_minutes\":90,"
        "\"absent_minutes\":90,\"lawful\":false,\"registered_at\":\"2026-03-02T08:20\"}]}";
    ungdb_case *parsed = NULL;
    ungdb_error err;
    assert_int_equal(ungdb_case_parse(form, strlen(form), "lesson", &parsed, &err), UNGDB_OK);
    char *want = ungdb_case_dump(parsed), *got = ungdb_case_dump(&lc.c);
    assert_non_null(want);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(want);
    free(got);
    ungdb_case_free(parsed);
    /* the engine on it: registered within the grace minutes; one absence under 30 */
    ungdb_findings *fl = ungdb_findings_new();
    ungdb_date on = ungdb_date_from_ymd(2026, 3, 2);
    assert_int_equal(ungdb_rules_eval(&lc.c, on, NULL, "fgu.registration_time", fl), UNGDB_OK);
    assert_int_equal(ungdb_rules_eval(&lc.c, on, NULL, "fgu.absence_minimum", fl), UNGDB_OK);
    assert_int_equal(ungdb_findings_count(fl), 2);
    assert_int_equal(ungdb_findings_get(fl, 0)->status, UNGDB_FINDING_OK);
    assert_int_equal(ungdb_findings_get(fl, 1)->status, UNGDB_FINDING_BREACH);
    ungdb_findings_free(fl);
    /* raised to 30 in the case, the minimum is met */
    lc.att[1].absent_minutes = 30;
    fl = ungdb_findings_new();
    assert_int_equal(ungdb_rules_eval(&lc.c, on, NULL, "fgu.absence_minimum", fl), UNGDB_OK);
    assert_int_equal(ungdb_findings_get(fl, 0)->status, UNGDB_FINDING_OK);
    ungdb_findings_free(fl);
    lesson_case_free(&lc);
    /* a lesson time the engine cannot read is refused, not guessed */
    strcpy(l.starts_at, "2026-03-02");
    assert_int_equal(lesson_case_init(&lc, &l, regs, 3, "2026-03-02T08:20"), UNGDB_EINTERNAL);
    lesson_case_free(&lc);
}

static void maps_the_facts_of_version_5(void **state)
{
    (void)state;
    db *d = NULL;
    ungdb_error err;
    assert_int_equal(db_open(&d, path, false, &err), UNGDB_OK);
    case_built b;
    /* after the interruption: interrupted, with its reason and note */
    assert_int_equal(case_build(d, 13, "2026-03-02", &b, &err), UNGDB_OK);
    json_t *c = b.json;
    assert_string_equal(s_at(c, "enrolments[0].status"), "interrupted");
    assert_string_equal(s_at(c, "enrolments[0].interruption.date"), "2026-02-10");
    assert_string_equal(s_at(c, "enrolments[0].interruption.reason"), "other_education");
    assert_string_equal(s_at(c, "enrolments[0].interruption.note"), "EUD");
    assert_string_equal(s_at(c, "enrolments[0].announcement.date"), "2026-02-01");
    assert_string_equal(s_at(c, "enrolments[0].announcement.kind"), "other_education");
    /* the event in the spell; the one before it is a note */
    assert_int_equal(json_array_size(json_object_get(c, "events")), 1);
    assert_string_equal(s_at(c, "events[0].enrolment"), "e103");
    assert_string_equal(s_at(c, "events[0].date"), "2026-02-06");
    assert_string_equal(s_at(c, "events[0].kind"), "missing_hand_in");
    assert_string_equal(s_at(c, "events[0].note"), "dansk");
    assert_int_equal(json_array_size(b.notes), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(b.notes, 0), "row")),
                        "participation event");
    assert_string_equal(s_at(c, "employment[0].hours_per_week"), "30");
    assert_string_equal(s_at(c, "employment[0].paid"), "true");
    assert_int_equal(json_array_size(json_object_get(c, "activities")), 0);
    assert_int_equal(b.c->nevents, 1);
    assert_int_equal(b.c->nemployment, 1);
    assert_non_null(b.c->enrolments[0].interruption);
    case_built_free(&b);
    /* before the interruption the spell is active; the announcement is there */
    assert_int_equal(case_build(d, 13, "2026-02-05", &b, &err), UNGDB_OK);
    assert_string_equal(s_at(b.json, "enrolments[0].status"), "active");
    assert_string_equal(s_at(b.json, "enrolments[0].interruption"), "(absent)");
    assert_string_equal(s_at(b.json, "enrolments[0].announcement.kind"), "other_education");
    case_built_free(&b);
    /* before the announcement, neither */
    assert_int_equal(case_build(d, 13, "2026-01-15", &b, &err), UNGDB_OK);
    assert_string_equal(s_at(b.json, "enrolments[0].announcement"), "(absent)");
    case_built_free(&b);
    /* the bulk read of the duty cases: residents of 0751 born in the range
     * (persons 10 and 13, not 14 of 0746 nor 11 born 1980), the same case */
    json_t *all = NULL;
    assert_int_equal(db_duty_case_data(d, "0751", "2008-01-01", "2010-12-31", &all, &err),
                     UNGDB_OK);
    assert_int_equal(json_array_size(all), 2);
    json_t *raw13 = json_array_get(all, 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(raw13, "person"), "id")),
                     13);
    assert_int_equal(case_build_raw(json_incref(raw13), 13, "2026-03-02", &b, &err), UNGDB_OK);
    assert_string_equal(s_at(b.json, "enrolments[0].status"), "interrupted");
    assert_string_equal(s_at(b.json, "employment[0].hours_per_week"), "30");
    assert_int_equal(json_array_size(json_object_get(b.json, "steps")), 0);
    case_built_free(&b);
    json_t *raw10 = json_array_get(all, 0);
    assert_int_equal(json_array_size(json_object_get(raw10, "steps")), 2);
    assert_int_equal(json_array_size(json_object_get(raw10, "enrolments")), 2);
    json_decref(all);
    db_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(maps_the_facts_of_version_5),
        cmocka_unit_test(maps_every_kind_of_row),
        cmocka_unit_test(the_engine_evaluates_the_built_case),
        cmocka_unit_test(refuses_what_it_cannot_build),
        cmocka_unit_test(lesson_case_equals_the_parsed_form),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
