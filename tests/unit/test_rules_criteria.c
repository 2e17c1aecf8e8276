/* Unit tests of the dropout-risk criteria (src/rules/criteria.c): the file
 * format's errors with line and key, and the evaluation at its boundaries. */
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

static ungdb_criteria cr;

static void expect_error(const char *text, long line, const char *key, const char *msg)
{
    ungdb_error err;
    ungdb_rc rc = ungdb_criteria_parse(text, strlen(text), "crit.conf", &cr, &err);
    if (rc != UNGDB_EINPUT || err.line != line || strcmp(err.field, key) ||
        !strstr(err.message, msg)) {
        fprintf(stderr, "text:\n%s\nrc %d line %ld key '%s' message '%s'\nwant %ld '%s' '%s'\n",
                text, rc, err.line, err.field, err.message, line, key, msg);
        fail();
    }
    assert_string_equal(err.file, "crit.conf");
}

static const char *GOOD = "# Eksempelskolen\n"
                          "institution = Eksempelskolen\n"
                          "version = 2025-08-01\n"
                          "min_hits = 1\n"
                          "\n"
                          "[unlawful-4w]\n"
                          "label = Ulovligt fravær mindst 10 %\n"
                          "measure = unlawful_absence_percent\n"
                          "window = 4 weeks\n"
                          "threshold = 10\n"
                          "min_planned_hours = 10\n"
                          "\n"
                          "[hand-ins]\n"
                          "measure = events\n"
                          "kind = missing_hand_in\n"
                          "window = 30 days\n"
                          "threshold = 3\n"
                          "\n"
                          "[warning]\n"
                          "measure = notices\n"
                          "kind = other\n"
                          "window = 90 days\n"
                          "threshold = 1\n"
                          "[hours]\n"
                          "measure = absence_hours\n"
                          "window = 14 days\n"
                          "threshold = 7.5\n";

static void a_good_file_loads(void **state)
{
    (void)state;
    ungdb_error err;
    assert_int_equal(ungdb_criteria_parse(GOOD, strlen(GOOD), "crit.conf", &cr, &err), UNGDB_OK);
    assert_string_equal(cr.institution, "Eksempelskolen");
    assert_string_equal(cr.version, "2025-08-01");
    assert_int_equal(cr.min_hits, 1);
    assert_int_equal(cr.n, 4);
    assert_string_equal(cr.items[0].name, "unlawful-4w");
    assert_string_equal(cr.items[0].label, "Ulovligt fravær mindst 10 %");
    assert_int_equal(cr.items[0].measure, UNGDB_MEASURE_UNLAWFUL_PERCENT);
    assert_int_equal(cr.items[0].window_days, 28);
    assert_int_equal(cr.items[0].threshold_milli, 10000);
    assert_int_equal(cr.items[0].min_planned_minutes, 600);
    assert_int_equal(cr.items[0].line, 6);
    assert_int_equal(cr.items[1].kind, UNGDB_EVENT_MISSING_HAND_IN);
    assert_string_equal(cr.items[1].label, "hand-ins");
    /* "other" resolves by the measure, given before or after it. */
    assert_int_equal(cr.items[2].kind, UNGDB_NOTICE_OTHER);
    assert_int_equal(cr.items[3].threshold_milli, 7500);
}

static void bad_files_name_line_and_key(void **state)
{
    (void)state;
    expect_error("[a]\nmeasure = absence_percent\nwindow = 4 weeks\nthreshold = 10\ncolour = 1\n",
                 5, "colour", "unknown key");
    expect_error("institution = X\nfoo = 1\n", 2, "foo", "unknown key before the first");
    expect_error("[a]\nmeasure = absent\n", 2, "measure", "unknown measure \"absent\"");
    expect_error("[a]\nmeasure = absence_percent\nwindow = 4 months\n", 3, "window",
                 "N days or N weeks");
    expect_error("[a]\nmeasure = absence_percent\nwindow = 0 days\n", 3, "window",
                 "N days or N weeks");
    expect_error("[a]\nmeasure = absence_percent\nwindow = 4 weeks\nthreshold = 10,5\n", 4,
                 "threshold", "at most 3 decimals");
    expect_error("[a]\nmeasure = absence_percent\nwindow = 4 weeks\nthreshold = 0\n", 4,
                 "threshold", "above 0");
    expect_error("[a]\nmeasure = absence_percent\nwindow = 4 weeks\nthreshold = 101\n", 1,
                 "threshold", "a percentage above 100");
    expect_error("[a]\nmeasure = absence_percent\nwindow = 4 weeks\n\n[b]\n", 1, "threshold",
                 "criterion [a] has no threshold");
    expect_error("[a]\nwindow = 4 weeks\nthreshold = 1\n", 1, "measure", "has no measure");
    expect_error("[a]\nmeasure = events\nwindow = 4 weeks\nthreshold = 1\n", 1, "kind",
                 "say which kind");
    expect_error("[a]\nmeasure = events\nkind = warning\nwindow = 4 weeks\nthreshold = 1\n", 3,
                 "kind", "\"warning\" is not an event kind");
    expect_error("[a]\nmeasure = notices\nkind = warnings\n", 3, "kind", "unknown kind");
    expect_error("[a]\nmeasure = events\nkind = conduct\nwindow = 4 weeks\nthreshold = 1.5\n", 1,
                 "threshold", "a count is a whole number");
    expect_error("[a]\nmeasure = absence_hours\nkind = conduct\nwindow = 4 weeks\nthreshold = "
                 "1\n",
                 1, "kind", "kind belongs to events or notices");
    expect_error("[a]\nmeasure = absence_hours\nmin_planned_hours = 3\nwindow = 4 weeks\n"
                 "threshold = 1\n",
                 1, "min_planned_hours", "only for percent");
    expect_error("[a]\nmeasure = absence_hours\nmeasure = absence_hours\n", 3, "measure",
                 "given twice");
    expect_error("[a]\nmeasure = absence_hours\nwindow = 1 day\nthreshold = 1\n[a]\n", 5, "",
                 "defined twice");
    expect_error("[a b]\n", 1, "", "letters a-z");
    expect_error("[a\n", 1, "", "section header");
    expect_error("just words\n", 1, "", "expected key = value");
    expect_error("[a]\nlabel =\n", 2, "label", "no value");
    expect_error("# nothing\n", 0, "", "no [criterion] section");
    expect_error("min_hits = 2\n[a]\nmeasure = absence_hours\nwindow = 1 day\nthreshold = 1\n", 0,
                 "min_hits", "more than the 1 criteria");
    expect_error("min_hits = 0\n", 1, "min_hits", "a whole number");
    expect_error("institution = \xff\n", 0, "", "not UTF-8");
}

static void load_names_a_missing_file(void **state)
{
    (void)state;
    ungdb_error err;
    assert_int_equal(ungdb_criteria_load("/nonexistent/crit.conf", &cr, &err), UNGDB_EIO);
    assert_string_equal(err.file, "/nonexistent/crit.conf");
}

static void example_file_loads(void **state)
{
    (void)state;
    ungdb_error err;
    ungdb_rc rc = ungdb_criteria_load(UNGDB_SOURCE_DIR "/data/criteria/example.conf", &cr, &err);
    if (rc) fprintf(stderr, "%s:%ld: %s: %s\n", err.file, err.line, err.field, err.message);
    assert_int_equal(rc, UNGDB_OK);
    assert_true(cr.n >= 3);
}

/* One criterion, a series of days, and the answer on `on`. */
static size_t eval1(const char *text, const ungdb_pupil_series *s, ungdb_date on,
                    ungdb_criterion_hit *h)
{
    ungdb_error err;
    assert_int_equal(ungdb_criteria_parse(text, strlen(text), "t", &cr, &err), UNGDB_OK);
    return ungdb_criteria_eval(&cr, s, on, h, 1);
}

static void percent_is_exact_at_the_threshold(void **state)
{
    (void)state;
    /* 10 days of 300 planned minutes; 300 unlawful minutes in all = 10 %. */
    ungdb_attendance_day days[10];
    for (int i = 0; i < 10; i++)
        days[i] = (ungdb_attendance_day){ymd(2025, 9, 1 + i), 300, 0, i == 3 ? 300 : 0};
    ungdb_attendance_accumulate(days, 10);
    assert_int_equal(days[9].planned, 3000);
    assert_int_equal(days[9].unlawful, 300);
    ungdb_pupil_series s = {.days = days, .ndays = 10};
    ungdb_criterion_hit h;
    const char *at10 =
        "[a]\nmeasure = unlawful_absence_percent\nwindow = 10 days\nthreshold = 10\n";
    const char *at10_001 =
        "[a]\nmeasure = unlawful_absence_percent\nwindow = 10 days\nthreshold = 10.001\n";
    assert_int_equal(eval1(at10, &s, ymd(2025, 9, 10), &h), 1);
    assert_int_equal(h.value_milli, 10000);
    assert_int_equal(h.planned_minutes, 3000);
    assert_int_equal(h.absent_minutes, 300);
    assert_int_equal(eval1(at10_001, &s, ymd(2025, 9, 10), &h), 0);
    /* The window is on-N+1 .. on: on 9-13 the window 9-4..9-13 still holds
     * day 4 (7 days x 300 = 2100 planned, 300 absent = 14.3 %). */
    assert_int_equal(eval1(at10, &s, ymd(2025, 9, 13), &h), 1);
    assert_int_equal(h.planned_minutes, 2100);
    /* On 9-14 the window starts 9-5: day 4 is out. */
    assert_int_equal(eval1(at10, &s, ymd(2025, 9, 14), &h), 0);
    /* lawful absence does not count as unlawful. */
    const char *lawful = "[a]\nmeasure = lawful_absence_percent\nwindow = 10 days\nthreshold = 1\n";
    assert_int_equal(eval1(lawful, &s, ymd(2025, 9, 10), &h), 0);
    /* min_planned_hours: 50 hours needed, 3000 minutes = 50 hours is enough,
     * 50.001 is not. */
    const char *minp = "[a]\nmeasure = unlawful_absence_percent\nwindow = 10 days\nthreshold = "
                       "10\nmin_planned_hours = 50\n";
    const char *minp2 = "[a]\nmeasure = unlawful_absence_percent\nwindow = 10 days\nthreshold = "
                        "10\nmin_planned_hours = 50.017\n";
    assert_int_equal(eval1(minp, &s, ymd(2025, 9, 10), &h), 1);
    assert_int_equal(eval1(minp2, &s, ymd(2025, 9, 10), &h), 0);
    /* Before the first day: nothing planned, no hit. */
    assert_int_equal(eval1(at10, &s, ymd(2025, 8, 1), &h), 0);
}

static void hours_and_counts_at_the_threshold(void **state)
{
    (void)state;
    ungdb_attendance_day days[2] = {{ymd(2025, 9, 1), 450, 200, 250}, {ymd(2025, 9, 2), 450, 0, 0}};
    ungdb_attendance_accumulate(days, 2);
    ungdb_dated_kind ev[4] = {{ymd(2025, 9, 1), UNGDB_EVENT_MISSING_HAND_IN},
                              {ymd(2025, 9, 5), UNGDB_EVENT_CONDUCT},
                              {ymd(2025, 9, 10), UNGDB_EVENT_MISSING_HAND_IN},
                              {ymd(2025, 9, 30), UNGDB_EVENT_MISSING_HAND_IN}};
    ungdb_dated_kind no[1] = {{ymd(2025, 9, 20), UNGDB_NOTICE_WARNING}};
    ungdb_pupil_series s = {days, 2, ev, 4, no, 1};
    ungdb_criterion_hit h;
    /* 450 minutes = 7.5 hours. */
    assert_int_equal(eval1("[a]\nmeasure = absence_hours\nwindow = 7 days\nthreshold = 7.5\n", &s,
                           ymd(2025, 9, 2), &h),
                     1);
    assert_int_equal(h.value_milli, 7500);
    assert_int_equal(eval1("[a]\nmeasure = absence_hours\nwindow = 7 days\nthreshold = 7.501\n", &s,
                           ymd(2025, 9, 2), &h),
                     0);
    assert_int_equal(
        eval1("[a]\nmeasure = unlawful_absence_hours\nwindow = 7 days\nthreshold = 4.166\n", &s,
              ymd(2025, 9, 2), &h),
        1);
    /* 3 missing hand-ins on 9-1, 9-10, 9-30: a 30-day window ending 9-30
     * holds 9-1..9-30. */
    const char *hand = "[a]\nmeasure = events\nkind = missing_hand_in\nwindow = 30 days\n"
                       "threshold = 3\n";
    assert_int_equal(eval1(hand, &s, ymd(2025, 9, 30), &h), 1);
    assert_int_equal(h.value_milli, 3000);
    assert_int_equal(eval1(hand, &s, ymd(2025, 10, 1), &h), 0);
    assert_int_equal(eval1(hand, &s, ymd(2025, 9, 29), &h), 0);
    const char *warn = "[a]\nmeasure = notices\nkind = warning\nwindow = 1 day\nthreshold = 1\n";
    assert_int_equal(eval1(warn, &s, ymd(2025, 9, 20), &h), 1);
    assert_int_equal(eval1(warn, &s, ymd(2025, 9, 21), &h), 0);
}

static void hits_beyond_cap_are_counted(void **state)
{
    (void)state;
    const char *two = "[a]\nmeasure = absence_hours\nwindow = 1 day\nthreshold = 1\n"
                      "[b]\nmeasure = absence_hours\nwindow = 2 days\nthreshold = 1\n";
    ungdb_attendance_day days[1] = {{ymd(2025, 9, 1), 120, 0, 120}};
    ungdb_pupil_series s = {.days = days, .ndays = 1};
    ungdb_error err;
    assert_int_equal(ungdb_criteria_parse(two, strlen(two), "t", &cr, &err), UNGDB_OK);
    ungdb_criterion_hit h[1];
    assert_int_equal(ungdb_criteria_eval(&cr, &s, ymd(2025, 9, 1), h, 1), 2);
    assert_int_equal(h[0].criterion, 0);
    assert_int_equal(ungdb_criteria_eval(&cr, &s, ymd(2025, 9, 1), NULL, 0), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_file_loads),
        cmocka_unit_test(bad_files_name_line_and_key),
        cmocka_unit_test(load_names_a_missing_file),
        cmocka_unit_test(example_file_loads),
        cmocka_unit_test(percent_is_exact_at_the_threshold),
        cmocka_unit_test(hours_and_counts_at_the_threshold),
        cmocka_unit_test(hits_beyond_cap_are_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
