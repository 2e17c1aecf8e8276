/* Unit tests of the STU rules (src/rules/stu.c, lov om ungdomsuddannelse for
 * unge med særlige behov) that sweep a boundary over many values, where one
 * golden case per value would be awkward: § 7 (840 hours, 4.2 hours a day),
 * § 4, stk. 2 (12 weeks), § 2, stk. 4 (5 years, every start day of a leap
 * year), § 2, stk. 3 (the 25th birthday of every day of a leap year). */
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

/* Evaluates one rule; returns the status of its only finding and copies its
 * due date to *due. */
static ungdb_finding_status eval1(const char *json, ungdb_date on, const char *id, ungdb_date *due)
{
    ungdb_case *c = parse(json);
    ungdb_findings *fl = ungdb_findings_new();
    assert_non_null(fl);
    assert_int_equal(ungdb_rules_eval(c, on, NULL, id, fl), UNGDB_OK);
    /* The prefix may match longer ids (stu.clarification_plan): take the one. */
    const ungdb_finding *f = NULL;
    for (size_t i = 0; i < ungdb_findings_count(fl); i++)
        if (!strcmp(ungdb_findings_get(fl, i)->rule->id, id)) {
            assert_null(f);
            f = ungdb_findings_get(fl, i);
        }
    assert_non_null(f);
    assert_non_null(strstr(f->text_da, "§"));
    assert_non_null(strstr(f->text_en, "§"));
    ungdb_finding_status st = f->status;
    if (due) *due = f->due;
    ungdb_findings_free(fl);
    ungdb_case_free(c);
    return st;
}

static const char *const person = "\"person\": {\"birth_date\": \"2000-05-10\"}";

/* § 7, stk. 1 and 3: teaching hours + 4.2 hours per practical day >= 840,
 * exactly, for every number of practical days 0..200. */
static void hours_boundary_for_every_practical_day_count(void **state)
{
    (void)state;
    char json[512];
    for (int days = 0; days <= 200; days++) {
        long milli = 840000L - 4200L * days; /* teaching hours that reach 840 exactly */
        for (int below = 0; below <= 1; below++) {
            long m = milli - below; /* 0.001 hour short */
            if (m < 0) continue;
            snprintf(json, sizeof json,
                     "{%s, \"stu\": {\"start\": \"2024-08-12\", \"years\": [{\"from\": "
                     "\"2024-08-12\", \"to\": \"2025-08-11\", \"teaching_hours\": %ld.%03ld, "
                     "\"practical_days\": %d}]}}",
                     person, m / 1000, m % 1000, days);
            ungdb_finding_status st = eval1(json, ymd(2025, 9, 1), "stu.hours", NULL);
            assert_int_equal(st, below ? UNGDB_FINDING_BREACH : UNGDB_FINDING_OK);
        }
    }
}

/* § 4, stk. 2: a clarification period of 1..100 days is within 12 weeks
 * exactly when it is at most 84 days, both ends counted. */
static void clarification_is_at_most_84_days(void **state)
{
    (void)state;
    char json[512], to[11];
    for (int days = 1; days <= 100; days++) {
        ungdb_date_format(ungdb_add_days(ymd(2025, 8, 11), days - 1), to);
        snprintf(json, sizeof json,
                 "{%s, \"stu\": {\"start\": \"2025-08-11\", \"clarification_from\": "
                 "\"2025-08-11\", \"clarification_to\": \"%s\"}}",
                 person, to);
        ungdb_finding_status st = eval1(json, ymd(2025, 12, 1), "stu.clarification", NULL);
        assert_int_equal(st, days <= 84 ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH);
    }
}

/* § 2, stk. 4: for every start day of 2020 (a leap year) the deadline is the
 * same date in 2025; 29 February -> 28 February. The deadline day is still
 * due; the day after is overdue. */
static void completion_deadline_for_every_start_day(void **state)
{
    (void)state;
    char json[512], start[11];
    for (ungdb_date d = ymd(2020, 1, 1); d.day <= ymd(2020, 12, 31).day; d = ungdb_add_days(d, 1)) {
        int y, m, dd;
        ungdb_date_to_ymd(d, &y, &m, &dd);
        ungdb_date want = (m == 2 && dd == 29) ? ymd(2025, 2, 28) : ymd(2025, m, dd);
        ungdb_date_format(d, start);
        snprintf(json, sizeof json, "{%s, \"stu\": {\"start\": \"%s\"}}", person, start);
        ungdb_date due;
        assert_int_equal(eval1(json, want, "stu.completion", &due), UNGDB_FINDING_DUE);
        assert_int_equal(due.day, want.day);
        assert_int_equal(eval1(json, ungdb_add_days(want, 1), "stu.completion", &due),
                         UNGDB_FINDING_OVERDUE);
    }
}

/* § 2, stk. 3: a start on the day before the 25th birthday is in time, on the
 * birthday it is not; for every birth date of 2000 (born 29 February: 25 on
 * 1 March 2025). */
static void age_limit_for_every_birth_day(void **state)
{
    (void)state;
    char json[512], birth[11], start[11];
    for (ungdb_date b = ymd(2000, 1, 1); b.day <= ymd(2000, 12, 31).day; b = ungdb_add_days(b, 1)) {
        ungdb_date b25 = ungdb_birthday(b, 25);
        int y, m, dd;
        ungdb_date_to_ymd(b, &y, &m, &dd);
        assert_int_equal(b25.day,
                         (m == 2 && dd == 29) ? ymd(2025, 3, 1).day : ymd(2025, m, dd).day);
        ungdb_date_format(b, birth);
        for (int k = -1; k <= 0; k++) {
            ungdb_date_format(ungdb_add_days(b25, k), start);
            snprintf(json, sizeof json,
                     "{\"person\": {\"birth_date\": \"%s\"}, \"stu\": {\"start\": \"%s\"}}", birth,
                     start);
            ungdb_finding_status st = eval1(json, ymd(2026, 1, 1), "stu.age_limit", NULL);
            assert_int_equal(st, k < 0 ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH);
        }
    }
}

/* Every STU rule is listed, names its paragraph of the act, and answers
 * "not applicable" for a case without STU facts. */
static void every_stu_rule_is_listed_and_not_applicable_without_facts(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t i = 0; i < ungdb_rules_count(); i++) {
        const ungdb_rule_info *r = ungdb_rules_get(i);
        if (strcmp(r->family, "stu")) continue;
        n++;
        assert_non_null(
            strstr(r->reference, "lov om ungdomsuddannelse for unge med særlige behov § "));
        assert_false(r->draft);
    }
    assert_int_equal(n, 12);
    ungdb_case *c = parse("{\"person\": {\"birth_date\": \"2000-05-10\"}}");
    ungdb_findings *fl = ungdb_findings_new();
    assert_int_equal(ungdb_rules_eval(c, ymd(2025, 1, 1), NULL, "stu.", fl), UNGDB_OK);
    assert_int_equal(ungdb_findings_count(fl), n);
    for (size_t i = 0; i < ungdb_findings_count(fl); i++)
        assert_int_equal(ungdb_findings_get(fl, i)->status, UNGDB_FINDING_NA);
    ungdb_findings_free(fl);
    ungdb_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hours_boundary_for_every_practical_day_count),
        cmocka_unit_test(clarification_is_at_most_84_days),
        cmocka_unit_test(completion_deadline_for_every_start_day),
        cmocka_unit_test(age_limit_for_every_birth_day),
        cmocka_unit_test(every_stu_rule_is_listed_and_not_applicable_without_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
