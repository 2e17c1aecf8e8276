/* Unit tests of the FGU rule family (src/rules/fgu.c, seed 002, a DRAFT
 * order): the calendar conventions and the boundaries that golden cases
 * reach awkwardly (month ends, 29 February, minute boundaries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ungdb_date ymd(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d);
}

static ungdb_case *parse(const char *json)
{
    ungdb_case *c;
    ungdb_error err;
    ungdb_rc rc = ungdb_case_parse(json, strlen(json), "t", &c, &err);
    if (rc) fprintf(stderr, "%s: %s\n", err.field, err.message);
    assert_int_equal(rc, UNGDB_OK);
    return c;
}

/* The findings of one rule on a case given as JSON. */
static ungdb_findings *eval(const char *json, ungdb_date on, const char *rule, ungdb_case **cp)
{
    *cp = parse(json);
    ungdb_findings *fl = ungdb_findings_new();
    assert_int_equal(ungdb_rules_eval(*cp, on, NULL, rule, fl), UNGDB_OK);
    assert_true(ungdb_findings_count(fl) >= 1);
    for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        assert_true(f->rule->draft);
        assert_non_null(strstr(f->rule->reference, "udkast"));
    }
    return fl;
}

static const char *fact(const ungdb_finding *f, const char *name)
{
    for (size_t i = 0; i < f->nfacts; i++)
        if (!strcmp(f->facts[i].name, name)) return f->facts[i].value;
    return NULL;
}

/* § 20, stk. 3: started periods of 6 calendar months, counted from the
 * start; a day the month lacks moves to the 1st of the next month. */
static void payment_periods(void **state)
{
    (void)state;
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 1), ymd(2025, 8, 1)), 1);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 1), ymd(2026, 1, 31)), 1);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 1), ymd(2026, 2, 1)), 2);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 1), ymd(2026, 7, 31)), 2);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 1), ymd(2026, 8, 1)), 3);
    /* 31 August + 6 months: "31 February" -> 1 March. */
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 31), ymd(2026, 2, 28)), 1);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2025, 8, 31), ymd(2026, 3, 1)), 2);
    /* 29 February 2028 + 6 months = 29 August 2028. */
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2028, 2, 29), ymd(2028, 8, 28)), 1);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2028, 2, 29), ymd(2028, 8, 29)), 2);
    /* 31 March + 6 months = 30 September lacks the 31st -> 1 October. */
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2026, 3, 31), ymd(2026, 9, 30)), 1);
    assert_int_equal(ungdb_fgu_payment_periods(ymd(2026, 3, 31), ymd(2026, 10, 1)), 2);
}

#define CASE_HEAD                                                                                  \
    "{\"person\": {\"birth_date\": \"2005-05-05\"}, \"enrolments\": [{\"id\": \"e1\", \"kind\": "  \
    "\"fgu\", \"start\": \"2025-08-11\", \"planned_end\": \"2026-06-26\", \"status\": \"active\""

/* § 17, stk. 2: within the first 15 minutes is at the start; up to the end
 * of the lesson is left to a person; after it is a breach. */
static void registration_minutes(void **state)
{
    (void)state;
    static const struct {
        const char *reg;
        ungdb_finding_status st;
    } tests[] = {
        {"2025-09-29T07:59", UNGDB_FINDING_JUDGEMENT}, /* before the start */
        {"2025-09-29T08:00", UNGDB_FINDING_OK},
        {"2025-09-29T08:15", UNGDB_FINDING_OK},
        {"2025-09-29T08:16", UNGDB_FINDING_JUDGEMENT},
        {"2025-09-29T09:30", UNGDB_FINDING_JUDGEMENT}, /* the lesson's last minute */
        {"2025-09-29T09:31", UNGDB_FINDING_BREACH},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 CASE_HEAD "}], \"attendance\": [{\"enrolment\": \"e1\", \"lesson_start\": "
                           "\"2025-09-29T08:00\", \"lesson_minutes\": 90, \"absent_minutes\": 0, "
                           "\"registered_at\": \"%s\"}]}",
                 tests[i].reg);
        ungdb_case *c;
        ungdb_findings *fl = eval(json, ymd(2025, 9, 29), "fgu.registration_time", &c);
        assert_int_equal(ungdb_findings_count(fl), 1);
        assert_int_equal(ungdb_findings_get(fl, 0)->status, tests[i].st);
        ungdb_findings_free(fl);
        ungdb_case_free(c);
    }
}

/* Lessons after the evaluation date are not judged yet. */
static void registration_future_lessons(void **state)
{
    (void)state;
    const char *json = CASE_HEAD "}], \"attendance\": [{\"enrolment\": \"e1\", \"lesson_start\": "
                                 "\"2025-09-30T08:00\", \"lesson_minutes\": 90, "
                                 "\"absent_minutes\": 0}]}";
    ungdb_case *c;
    ungdb_findings *fl = eval(json, ymd(2025, 9, 29), "fgu.registration_time", &c);
    assert_int_equal(ungdb_findings_count(fl), 1);
    assert_int_equal(ungdb_findings_get(fl, 0)->status, UNGDB_FINDING_NA);
    ungdb_findings_free(fl);
    ungdb_case_free(c);
    fl = eval(json, ymd(2025, 9, 30), "fgu.registration_time", &c);
    assert_int_equal(ungdb_findings_get(fl, 0)->status, UNGDB_FINDING_JUDGEMENT);
    assert_string_equal(fact(ungdb_findings_get(fl, 0), "registration_time_not_recorded"), "1");
    ungdb_findings_free(fl);
    ungdb_case_free(c);
}

/* § 10, stk. 4: 30 years from a 29 February issue date run to 1 March. */
static void retention_from_29_february(void **state)
{
    (void)state;
    const char *tpl = CASE_HEAD ", \"fgu\": {\"certificate\": {\"issued\": \"2028-02-29\", "
                                "\"completion_judged\": \"2028-02-28\", \"retained_until\": "
                                "\"%s\"}}}]}";
    char json[1024];
    snprintf(json, sizeof json, tpl, "2058-02-28");
    ungdb_case *c;
    ungdb_findings *fl = eval(json, ymd(2028, 3, 1), "fgu.certificate_retention", &c);
    assert_int_equal(ungdb_findings_get(fl, 0)->status, UNGDB_FINDING_BREACH);
    assert_string_equal(fact(ungdb_findings_get(fl, 0), "keep_until"), "2058-03-01");
    ungdb_findings_free(fl);
    ungdb_case_free(c);
    snprintf(json, sizeof json, tpl, "2058-03-01");
    fl = eval(json, ymd(2028, 3, 1), "fgu.certificate_retention", &c);
    assert_int_equal(ungdb_findings_get(fl, 0)->status, UNGDB_FINDING_OK);
    ungdb_findings_free(fl);
    ungdb_case_free(c);
}

/* § 5: days of overlapping or repeated periods count once; separate periods
 * add up; the reason on any period covers the total. */
static void combination_days(void **state)
{
    (void)state;
    static const struct {
        const char *periods;
        const char *days;
        ungdb_finding_status st;
    } tests[] = {
        /* same period twice */
        {"{\"from\": \"2025-09-01\", \"to\": \"2025-10-05\"}, {\"from\": \"2025-09-01\", \"to\": "
         "\"2025-10-05\"}",
         "35", UNGDB_FINDING_OK},
        /* one contained in the other */
        {"{\"from\": \"2025-09-01\", \"to\": \"2025-10-05\"}, {\"from\": \"2025-09-10\", \"to\": "
         "\"2025-09-12\"}",
         "35", UNGDB_FINDING_OK},
        /* two separate periods: 21 + 15 days */
        {"{\"from\": \"2026-01-05\", \"to\": \"2026-01-19\"}, {\"from\": \"2025-09-01\", \"to\": "
         "\"2025-09-21\"}",
         "36", UNGDB_FINDING_BREACH},
        /* the reason is on the second period */
        {"{\"from\": \"2025-09-01\", \"to\": \"2025-09-21\"}, {\"from\": \"2026-01-05\", \"to\": "
         "\"2026-01-19\", \"exception_reason\": \"særligt gavn\"}",
         "36", UNGDB_FINDING_OK},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        char json[1024];
        snprintf(json, sizeof json, CASE_HEAD ", \"fgu\": {\"combinations\": [%s]}}]}",
                 tests[i].periods);
        ungdb_case *c;
        ungdb_findings *fl = eval(json, ymd(2025, 9, 1), "fgu.combination_length", &c);
        const ungdb_finding *f = ungdb_findings_get(fl, 0);
        assert_string_equal(fact(f, "combination_days"), tests[i].days);
        assert_int_equal(f->status, tests[i].st);
        ungdb_findings_free(fl);
        ungdb_case_free(c);
    }
}

/* § 3, stk. 4: the norm is pro rata; 80 % of 26 is 20.8 hours, met exactly
 * despite binary fractions; a pupil with no reduced time is full-time. */
static void teaching_hours_pro_rata(void **state)
{
    (void)state;
    static const struct {
        const char *pct;
        const char *hours;
        ungdb_finding_status st;
    } tests[] = {
        {", \"reduced_time_percent\": 80", "20.8, 20.8, 20.8", UNGDB_FINDING_OK},
        {", \"reduced_time_percent\": 80", "20.8, 20.8, 20.7", UNGDB_FINDING_BREACH},
        {", \"reduced_time_percent\": 100", "26, 26, 26", UNGDB_FINDING_OK},
        {"", "26.1, 25.9, 26", UNGDB_FINDING_OK},
        {"", "26, 26, 25.99", UNGDB_FINDING_BREACH},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        double h[3];
        assert_int_equal(sscanf(tests[i].hours, "%lf, %lf, %lf", &h[0], &h[1], &h[2]), 3);
        char json[1024];
        snprintf(json, sizeof json,
                 CASE_HEAD ", \"fgu\": {\"weeks\": [{\"week_start\": \"2025-08-11\", "
                           "\"teaching_hours\": %g}, {\"week_start\": \"2025-08-18\", "
                           "\"teaching_hours\": %g}, {\"week_start\": \"2025-08-25\", "
                           "\"teaching_hours\": %g}]%s}}]}",
                 h[0], h[1], h[2], tests[i].pct);
        ungdb_case *c;
        ungdb_findings *fl = eval(json, ymd(2025, 9, 1), "fgu.teaching_hours", &c);
        assert_int_equal(ungdb_findings_get(fl, 0)->status, tests[i].st);
        ungdb_findings_free(fl);
        ungdb_case_free(c);
    }
}

/* Bilag 2, pkt. 3, nr. 6: the exclusion's school days are the days with
 * lessons; a weekend or a day without lessons does not use one up. */
static void exclusion_school_days(void **state)
{
    (void)state;
    const char *json =
        CASE_HEAD ", \"fgu\": {\"sanctions\": [{\"date\": \"2025-10-03\", \"kind\": "
                  "\"exclusion_teaching\", \"days\": 2, \"conditional\": false}]}}],"
                  " \"attendance\": ["
                  "{\"enrolment\": \"e1\", \"lesson_start\": \"2025-10-03T08:00\", "
                  "\"lesson_minutes\": 90, \"absent_minutes\": 90, \"lawful\": true},"
                  "{\"enrolment\": \"e1\", \"lesson_start\": \"2025-10-08T08:00\", "
                  "\"lesson_minutes\": 90, \"absent_minutes\": 90, \"lawful\": false},"
                  "{\"enrolment\": \"e1\", \"lesson_start\": \"2025-10-09T08:00\", "
                  "\"lesson_minutes\": 90, \"absent_minutes\": 90, \"lawful\": false}]}";
    ungdb_case *c;
    ungdb_findings *fl = eval(json, ymd(2025, 10, 10), "fgu.absence_lawful", &c);
    const ungdb_finding *f = ungdb_findings_get(fl, 0);
    /* Friday 3 and Wednesday 8 October are the two school days. */
    assert_int_equal(f->status, UNGDB_FINDING_BREACH);
    assert_string_equal(fact(f, "last_day"), "2025-10-08");
    assert_string_equal(fact(f, "registered_unlawful"), "1");
    ungdb_findings_free(fl);
    ungdb_case_free(c);
}

/* Every FGU rule answers on a case without FGU, and says it is a draft. */
static void every_rule_without_fgu(void **state)
{
    (void)state;
    ungdb_case *c;
    ungdb_findings *fl =
        eval("{\"person\": {\"birth_date\": \"2005-05-05\"}}", ymd(2025, 9, 1), "fgu.", &c);
    size_t n = 0;
    for (size_t i = 0; i < ungdb_rules_count(); i++)
        if (!strcmp(ungdb_rules_get(i)->family, "fgu")) n++;
    assert_true(n >= 15);
    assert_int_equal(ungdb_findings_count(fl), n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ungdb_findings_get(fl, i)->status, UNGDB_FINDING_NA);
    ungdb_findings_free(fl);
    ungdb_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(payment_periods),
        cmocka_unit_test(registration_minutes),
        cmocka_unit_test(registration_future_lessons),
        cmocka_unit_test(retention_from_29_february),
        cmocka_unit_test(combination_days),
        cmocka_unit_test(teaching_hours_pro_rata),
        cmocka_unit_test(exclusion_school_days),
        cmocka_unit_test(every_rule_without_fgu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
