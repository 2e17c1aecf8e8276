/* Unit tests of rule evaluation (src/rules/registry.c, findings.c, duty.c,
 * youthdb.c): the registry, the calendar of the duty order, findings built
 * from a case through the API. */
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

static void registry_ids_are_unique_and_referenced(void **state)
{
    (void)state;
    size_t n = ungdb_rules_count();
    assert_true(n >= 15);
    for (size_t i = 0; i < n; i++) {
        const ungdb_rule_info *r = ungdb_rules_get(i);
        assert_non_null(r);
        /* id is FAMILY.name */
        size_t fl = strlen(r->family);
        assert_int_equal(strncmp(r->id, r->family, fl), 0);
        assert_int_equal(r->id[fl], '.');
        assert_non_null(strstr(r->reference, "§"));
        assert_true(strlen(r->summary_da) > 10 && strlen(r->summary_en) > 10);
        /* FGU comes from a draft order, and only FGU. */
        assert_true(r->draft == !strcmp(r->family, "fgu"));
        assert_ptr_equal(ungdb_rules_find(r->id), r);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(ungdb_rules_get(k)->id, r->id);
    }
    assert_null(ungdb_rules_get(n));
    assert_null(ungdb_rules_find("no.such"));
}

static void iso_week_mondays(void **state)
{
    (void)state;
    assert_int_equal(ungdb_iso_week_monday(2025, 1).day, ymd(2024, 12, 30).day);
    assert_int_equal(ungdb_iso_week_monday(2025, 27).day, ymd(2025, 6, 30).day);
    assert_int_equal(ungdb_iso_week_monday(2025, 32).day, ymd(2025, 8, 4).day);
    assert_int_equal(ungdb_iso_week_monday(2026, 1).day, ymd(2025, 12, 29).day);
    assert_int_equal(ungdb_iso_week_monday(2026, 27).day, ymd(2026, 6, 29).day);
    assert_int_equal(ungdb_iso_week_monday(2021, 1).day, ymd(2021, 1, 4).day);
}

/* Duty order § 10, stk. 2: 30 calendar days, not counting the summer
 * holiday (weeks 27-32: 2025-06-30 .. 2025-08-10). */
static void offer_deadline_skips_the_summer_holiday(void **state)
{
    (void)state;
    /* Untouched by summer. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 4, 28), 27, 32).day, ymd(2025, 5, 28).day);
    /* The 30th day is 2025-06-29, the Sunday before week 27. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 5, 30), 27, 32).day, ymd(2025, 6, 29).day);
    /* One day later: the 30th counted day is the first after the holiday. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 5, 31), 27, 32).day, ymd(2025, 8, 11).day);
    /* Contact inside the holiday: counting starts after it. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 7, 15), 27, 32).day, ymd(2025, 9, 9).day);
    /* Contact on the holiday's last day. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 8, 10), 27, 32).day, ymd(2025, 9, 9).day);
    /* The first day after the holiday is counted normally. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 8, 11), 27, 32).day, ymd(2025, 9, 10).day);
    /* Another period: weeks 28-30 of 2025 = 2025-07-07 .. 2025-07-27. */
    assert_int_equal(ungdb_duty_offer_deadline(ymd(2025, 6, 20), 28, 30).day, ymd(2025, 8, 10).day);
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

static const ungdb_finding *only(ungdb_findings *fl, const char *id)
{
    const ungdb_finding *hit = NULL;
    for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        if (!strcmp(f->rule->id, id)) {
            assert_null(hit); /* exactly one */
            hit = f;
        }
    }
    assert_non_null(hit);
    return hit;
}

static const char *fact(const ungdb_finding *f, const char *name)
{
    for (size_t i = 0; i < f->nfacts; i++)
        if (!strcmp(f->facts[i].name, name)) return f->facts[i].value;
    return NULL;
}

/* Duty order § 4, stk. 2: paid work of at least 20 hours a week; two jobs
 * are added up. */
static void work_hours_meet_the_duty_from_20(void **state)
{
    (void)state;
    const char *tpl = "{\"person\": {\"birth_date\": \"2009-01-01\"}, \"employment\": ["
                      "{\"from\": \"2025-01-01\", \"hours_per_week\": %s, \"paid\": true},"
                      "{\"from\": \"2025-01-01\", \"hours_per_week\": 5, \"paid\": true}]}";
    struct {
        const char *hours;
        ungdb_finding_status want;
    } cases[] = {{"14.99", UNGDB_FINDING_BREACH}, {"15", UNGDB_FINDING_OK}};
    for (size_t i = 0; i < 2; i++) {
        char json[512];
        snprintf(json, sizeof json, tpl, cases[i].hours);
        ungdb_case *c = parse(json);
        ungdb_findings *fl = ungdb_findings_new();
        assert_int_equal(ungdb_rules_eval(c, ymd(2025, 3, 3), NULL, "duty.met", fl), UNGDB_OK);
        const ungdb_finding *f = only(fl, "duty.met");
        assert_int_equal(f->status, cases[i].want);
        assert_non_null(strstr(f->text_en, "§ 4: at least 20"));
        ungdb_findings_free(fl);
        ungdb_case_free(c);
    }
}

/* The evaluation is a pure function: the same inputs give the same JSON. */
static void evaluation_is_pure(void **state)
{
    (void)state;
    const char *path = UNGDB_SOURCE_DIR "/tests/unit/data/rules-full-case.json";
    ungdb_case *c;
    ungdb_error err;
    assert_int_equal(ungdb_case_load(path, &c, &err), UNGDB_OK);
    char *prev = NULL;
    for (int round = 0; round < 2; round++) {
        ungdb_findings *fl = ungdb_findings_new();
        assert_int_equal(ungdb_rules_eval(c, ymd(2025, 4, 2), NULL, NULL, fl), UNGDB_OK);
        /* Every rule says something. */
        for (size_t i = 0; i < ungdb_rules_count(); i++) {
            const ungdb_rule_info *r = ungdb_rules_get(i);
            bool found = false;
            for (size_t k = 0; k < ungdb_findings_count(fl); k++) {
                const ungdb_finding *f = ungdb_findings_get(fl, k);
                if (f->rule == r) {
                    found = true;
                    assert_true(strlen(f->text_da) > 0 && strlen(f->text_en) > 0);
                    if (f->status == UNGDB_FINDING_DUE || f->status == UNGDB_FINDING_OVERDUE)
                        assert_true(ungdb_date_is_set(f->due));
                }
            }
            if (!found) fprintf(stderr, "no finding from %s\n", r->id);
            assert_true(found);
        }
        char *js = ungdb_findings_json(fl, c, ymd(2025, 4, 2));
        assert_non_null(js);
        if (prev) {
            assert_string_equal(prev, js);
            free(js);
        } else {
            prev = js;
        }
        ungdb_findings_free(fl);
    }
    free(prev);
    ungdb_case_free(c);
}

/* VBK § 36, stk. 3 at the 18th birthday: under 18 on the assessment date
 * needs a notice to the guardians; 18 that day does not. */
static void guardians_rule_at_the_18th_birthday(void **state)
{
    (void)state;
    const char *tpl =
        "{\"person\": {\"birth_date\": \"2007-03-10\", \"lives_in_denmark\": true,"
        " \"completed_youth_education\": false, \"completed_higher_education\": false},"
        " \"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": \"2024-08-12\","
        " \"planned_end\": \"2026-06-26\", \"status\": \"active\"}],"
        " \"assessments\": [{\"id\": \"a1\", \"enrolment\": \"e1\", \"date\": \"%s\","
        " \"at_risk\": true, \"basis\": \"concrete\"}],"
        " \"reports\": [{\"id\": \"r1\", \"enrolment\": \"e1\", \"date\": \"%s\", \"kind\":"
        " \"risk\", \"by\": \"institution\", \"assessment\": \"a1\"}]}";
    char json[1024];
    snprintf(json, sizeof json, tpl, "2025-03-09", "2025-03-10");
    ungdb_case *c = parse(json);
    ungdb_findings *fl = ungdb_findings_new();
    assert_int_equal(ungdb_rules_eval(c, ymd(2025, 3, 10), NULL, "ubd.guardians", fl), UNGDB_OK);
    const ungdb_finding *f = only(fl, "ubd.guardians");
    assert_int_equal(f->status, UNGDB_FINDING_DUE);
    assert_int_equal(f->due.day, ymd(2025, 3, 11).day);
    assert_string_equal(fact(f, "age_at_assessment"), "17");
    ungdb_findings_free(fl);
    ungdb_case_free(c);

    snprintf(json, sizeof json, tpl, "2025-03-10", "2025-03-10");
    c = parse(json);
    fl = ungdb_findings_new();
    assert_int_equal(ungdb_rules_eval(c, ymd(2025, 3, 10), NULL, "ubd.guardians", fl), UNGDB_OK);
    f = only(fl, "ubd.guardians");
    assert_int_equal(f->status, UNGDB_FINDING_NA);
    assert_string_equal(fact(f, "age_at_assessment"), "18");
    ungdb_findings_free(fl);
    ungdb_case_free(c);
}

/* Duty order § 2: each of the sixteen kinds meets the duty when enrolled on
 * the date (full-time unless said otherwise; nr. 11-12 only of an
 * SU-eligible extent), and not when full_time is false. */
static void all_sixteen_kinds_meet_the_duty(void **state)
{
    (void)state;
    for (int k = 1; k <= 16; k++) {
        for (int variant = 0; variant < 3; variant++) {
            char json[512];
            const char *extra = variant == 0   ? ""
                                : variant == 1 ? ", \"full_time\": false"
                                               : ", \"su_eligible\": true";
            snprintf(json, sizeof json,
                     "{\"person\": {\"birth_date\": \"2009-01-01\"}, \"enrolments\": [{\"id\": "
                     "\"e1\", \"kind\": \"%s\", \"start\": \"2025-01-06\", \"status\": "
                     "\"active\"%s}]}",
                     ungdb_edu_kind_name((ungdb_edu_kind)k), extra);
            ungdb_case *c = parse(json);
            ungdb_findings *fl = ungdb_findings_new();
            assert_int_equal(ungdb_rules_eval(c, ymd(2025, 3, 3), NULL, "duty.met", fl), UNGDB_OK);
            const ungdb_finding *f = only(fl, "duty.met");
            bool su_kind = k == UNGDB_EDU_AVU || k == UNGDB_EDU_SINGLE_SUBJECT;
            ungdb_finding_status want = variant == 1   ? UNGDB_FINDING_BREACH
                                        : variant == 2 ? UNGDB_FINDING_OK
                                        : su_kind      ? UNGDB_FINDING_JUDGEMENT
                                                       : UNGDB_FINDING_OK;
            if (f->status != want)
                fprintf(stderr, "kind %d variant %d: %s\n", k, variant, f->text_en);
            assert_int_equal(f->status, want);
            char para[16];
            snprintf(para, sizeof para, "§ 2, nr. %d", k);
            assert_non_null(strstr(f->text_da, para));
            ungdb_findings_free(fl);
            ungdb_case_free(c);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registry_ids_are_unique_and_referenced),
        cmocka_unit_test(iso_week_mondays),
        cmocka_unit_test(offer_deadline_skips_the_summer_holiday),
        cmocka_unit_test(work_hours_meet_the_duty_from_20),
        cmocka_unit_test(evaluation_is_pure),
        cmocka_unit_test(guardians_rule_at_the_18th_birthday),
        cmocka_unit_test(all_sixteen_kinds_meet_the_duty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
