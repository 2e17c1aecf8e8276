/* test_hours.c - hours against the norm (register spec § 9) on a tiny
 * hand-made register whose figures were worked out by hand (see the
 * comments at each expected row): membership boundaries, a grade change on
 * 1 August, lessons outside the school year, a lesson shared by two groups
 * of one pupil, overlapping grade spells, a pupil-register register (cpr
 * only in elev.csv), pro-rating, the exact 85-115 % band, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/date.h"
#include "ungdb/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Pseudonymised-looking ids (16 hex digits), as `--pseudonymize` writes them.
 * 100001: P1 (grade 3 until 31 July, grade 4 from 1 August), P2, P3 (grade 4,
 *         P3 only 11-15 August); groups K (class) and T (team, P1 only on
 *         13-14 August). A member "cccc...9" has no pupil row.
 * 100002: P4, spells grade 5 from 11 August and grade 6 from 14 August
 *         (overlapping: grade 6 wins from the 14th).
 * 100003: P5, from a pupil register: elev.csv has the cpr only.
 * 100004-100006: one grade-7 pupil each, exactly 115 %, exactly 85 % and
 *         just over 115 % of the norm.
 * 100007: P9 in grade 10, which has no norm. */
static const char elev[] = "cpr,user_id,institution,grade,start,end\n"
                           "1111111111111111,aaaa000000000001,100001,3,2025-06-02,2025-07-31\n"
                           "1111111111111111,aaaa000000000001,100001,4,2025-08-01,\n"
                           "2222222222222222,aaaa000000000002,100001,4,2025-08-11,\n"
                           "3333333333333333,aaaa000000000003,100001,4,2025-08-11,2025-08-15\n"
                           "4444444444444444,aaaa000000000004,100002,5,2025-08-11,\n"
                           "4444444444444444,aaaa000000000004,100002,6,2025-08-14,\n"
                           "5555555555555555,,100003,0,2025-08-01,\n"
                           "6666666666666666,aaaa000000000006,100004,7,2025-08-01,\n"
                           "7777777777777777,aaaa000000000007,100005,7,2025-08-01,\n"
                           "8888888888888888,aaaa000000000008,100006,7,2025-08-01,\n"
                           "9999999999999999,aaaa000000000009,100007,10,2025-08-01,\n";

static const char elev_gruppe[] =
    "cpr,user_id,institution,group_id,start,end\n"
    "1111111111111111,aaaa000000000001,100001,K,2025-06-02,\n"
    "1111111111111111,aaaa000000000001,100001,T,2025-08-13,2025-08-14\n"
    "2222222222222222,aaaa000000000002,100001,K,2025-08-11,\n"
    "3333333333333333,aaaa000000000003,100001,K,2025-08-11,2025-08-15\n"
    "4444444444444444,aaaa000000000004,100002,K,2025-08-11,\n"
    "5555555555555555,bbbb000000000005,100003,K,2025-08-11,\n"
    "6666666666666666,aaaa000000000006,100004,K,2025-08-11,\n"
    "7777777777777777,aaaa000000000007,100005,K,2025-08-11,\n"
    "8888888888888888,aaaa000000000008,100006,K,2025-08-11,\n"
    ",cccc000000000009,100001,K,2025-08-11,\n"
    "9999999999999999,aaaa000000000009,100007,K,2025-08-11,\n";

static const char lektion[] =
    "institution,lesson_id,title,subject,start,end,minutes\n"
    "100001,L0,Dansk,dansk,2025-07-31T10:00,2025-07-31T11:00,60\n"
    "100001,L1,Dansk,dansk,2025-08-11T08:00,2025-08-11T08:45,45\n"
    "100001,L2,Mat,matematik,2025-08-12T08:00,2025-08-12T08:45,45\n"
    "100001,L3,Mat,matematik,2025-08-13T08:00,2025-08-13T09:30,90\n"
    "100001,L4,Idræt,idraet,2025-08-14T08:00,2025-08-14T09:00,60\n"
    "100001,L5,Eng,engelsk,2025-08-15T08:00,2025-08-15T08:45,45\n"
    "100001,L6,Dansk,dansk,2025-08-18T08:00,2025-08-18T08:45,45\n"
    "100002,L1,da,dansk,2025-08-12T08:00,2025-08-12T09:00,60\n"
    "100002,L2,da,dansk,2025-08-14T08:00,2025-08-14T09:00,60\n"
    "100003,L1,Klassens tid,klassens_tid,2025-08-11T08:00,2025-08-11T13:00,300\n"
    "100004,L1,Mat,matematik,2025-08-12T08:00,2025-08-12T09:00,2898\n"
    "100005,L1,Mat,matematik,2025-08-12T08:00,2025-08-12T09:00,2142\n"
    "100006,L1,Mat,matematik,2025-08-12T08:00,2025-08-12T09:00,2899\n"
    "100007,L1,Dansk,dansk,2025-08-12T08:00,2025-08-12T09:00,60\n";

static const char gruppe_lektion[] = "institution,group_id,lesson_id\n"
                                     "100001,K,L0\n"
                                     "100001,K,L1\n"
                                     "100001,K,L2\n"
                                     "100001,K,L3\n"
                                     "100001,K,L6\n"
                                     "100001,K,LX\n" /* no such lesson */
                                     "100001,S,L1\n" /* a group without pupils */
                                     "100001,T,L2\n"
                                     "100001,T,L3\n"
                                     "100001,T,L4\n"
                                     "100001,T,L5\n"
                                     "100002,K,L1\n"
                                     "100002,K,L2\n"
                                     "100003,K,L1\n"
                                     "100004,K,L1\n"
                                     "100005,K,L1\n"
                                     "100006,K,L1\n"
                                     "100007,K,L1\n";

static char dir[64];

static void put(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *name)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    if (!f) return NULL;
    static char buf[16384];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ungdb-test-hours.XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("elev.csv", elev);
    put("elev_gruppe.csv", elev_gruppe);
    put("lektion.csv", lektion);
    put("gruppe_lektion.csv", gruppe_lektion);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"elev.csv",           "elev_gruppe.csv", "lektion.csv",
                                        "gruppe_lektion.csv", "hours.csv",       "hours.svg"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static ungdb_rc run(int year, int32_t from, int32_t to, ungdb_hours_summary *s, ungdb_error *e)
{
    char csv[128], svg[128];
    snprintf(csv, sizeof csv, "%s/hours.csv", dir);
    snprintf(svg, sizeof svg, "%s/hours.svg", dir);
    ungdb_hours_opts o = {.register_dir = dir,
                          .school_year = year,
                          .from = from,
                          .to = to,
                          .csv_path = csv,
                          .svg_path = svg};
    return ungdb_register_hours(&o, s, e);
}

static int32_t day(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d).day;
}

static void school_calendar_has_200_days_in_2025_26(void **state)
{
    (void)state;
    int n = 0;
    for (int32_t d = day(2025, 8, 1); d <= day(2026, 7, 31); d++)
        n += ungdb_is_school_day((ungdb_date){.day = d});
    assert_int_equal(n, 200);
    /* summer holiday: from Saturday 28 June 2025 to Sunday 10 August 2025 */
    assert_true(ungdb_is_school_day((ungdb_date){.day = day(2025, 6, 27)}));
    assert_false(ungdb_is_school_day((ungdb_date){.day = day(2025, 6, 30)}));
    assert_false(ungdb_is_school_day((ungdb_date){.day = day(2025, 8, 8)}));
    assert_true(ungdb_is_school_day((ungdb_date){.day = day(2025, 8, 11)}));
    assert_false(ungdb_is_school_day((ungdb_date){.day = day(2025, 10, 13)})); /* week 42 */
    assert_false(ungdb_is_school_day((ungdb_date){.day = day(2025, 6, 5)}));   /* Grundlovsdag */
    assert_int_equal(ungdb_school_year((ungdb_date){.day = day(2025, 7, 31)}), 2024);
    assert_int_equal(ungdb_school_year((ungdb_date){.day = day(2025, 8, 1)}), 2025);
}

/* School year 2025/26. The period runs from 1 August (the register's first
 * membership is earlier) to 18 August (the last lesson): school days 11-15
 * and 18 August = 6 of the year's 200.
 *
 * 100001, grade 4: P1 and P2 6 school days each, P3 5 (11-15 August):
 * 17 pupil days, 17/6 = 2.83 full-period pupils. Lessons counted:
 *   P1 (K all period, T 13-14 August): L1 dansk 45, L2 mat 45 (K; T did not
 *      have P1 on the 12th), L3 mat 90 (K and T: once), L4 idraet 60 (T, on
 *      the membership's last day), L6 dansk 45; not L5 (T after the 14th)
 *      and not L0 (31 July, school year 2024/25).
 *   P2: L1, L2, L3, L6. P3: L1, L2, L3 (not L6, after 15 August).
 *   dansk 5 x 45 = 225, matematik 3 x 135 = 405, idraet 60: 690 minutes.
 *   per pupil: M / 60 / (17 / 6) = M / 170: dansk 1.32, mat 2.38, idraet
 *   0.35, total 4.06; a year: x 200 / 6: 44.1, 79.4, 11.8, 135.3;
 *   135.29 / 1,320 = 10.2 %.
 * 100002: P4 grade 5 on 11-13 August (3 days), grade 6 on 14, 15, 18 (3):
 *   0.50 pupils each; 60 minutes each: 60/60/0.5 = 2.0 h, 66.7 a year,
 *   5.1 % of 1,320; the institution: (3 x 5.05 + 3 x 5.05) / 6 = 5.1 %.
 * 100003: P5 found by cpr, grade 0 all 6 days: 300 min = 5.0 h, 166.7 a
 *   year, 13.9 % of 1,200.
 * 100004: 2,898 min / 60 = 48.3 h in 6 of 200 days: 1,610.0 a year =
 *   115.0 % of 1,400 exactly: in the band. 100005: 2,142 min: 1,190.0 =
 *   85.0 % exactly: in. 100006: 2,899 min: 1,610.6 = 115.04 %, printed
 *   115.0 but out of the band.
 * 100007: grade 10, 6 days, 60 minutes: 1.0 h, 33.3 a year, no norm, so
 *   no percent; the institution (grades 0-9 only) has no pupils and is not
 *   judged. */
static const char expected_2025[] =
    "institution,grade,subject,pupils,fte_pupils,hours_per_pupil,hours_per_pupil_year,"
    "norm_hours_year,percent_of_norm,in_band\n"
    "100001,,total,3,2.83,4.1,135.3,,10.2,no\n"
    "100001,4,dansk,3,2.83,1.3,44.1,,,\n"
    "100001,4,matematik,3,2.83,2.4,79.4,,,\n"
    "100001,4,idraet,3,2.83,0.4,11.8,,,\n"
    "100001,4,total,3,2.83,4.1,135.3,1320,10.2,no\n"
    "100002,,total,1,1.00,2.0,66.7,,5.1,no\n"
    "100002,5,dansk,1,0.50,2.0,66.7,,,\n"
    "100002,5,total,1,0.50,2.0,66.7,1320,5.1,no\n"
    "100002,6,dansk,1,0.50,2.0,66.7,,,\n"
    "100002,6,total,1,0.50,2.0,66.7,1320,5.1,no\n"
    "100003,,total,1,1.00,5.0,166.7,,13.9,no\n"
    "100003,0,klassens_tid,1,1.00,5.0,166.7,,,\n"
    "100003,0,total,1,1.00,5.0,166.7,1200,13.9,no\n"
    "100004,,total,1,1.00,48.3,1610.0,,115.0,yes\n"
    "100004,7,matematik,1,1.00,48.3,1610.0,,,\n"
    "100004,7,total,1,1.00,48.3,1610.0,1400,115.0,yes\n"
    "100005,,total,1,1.00,35.7,1190.0,,85.0,yes\n"
    "100005,7,matematik,1,1.00,35.7,1190.0,,,\n"
    "100005,7,total,1,1.00,35.7,1190.0,1400,85.0,yes\n"
    "100006,,total,1,1.00,48.3,1610.6,,115.0,no\n"
    "100006,7,matematik,1,1.00,48.3,1610.6,,,\n"
    "100006,7,total,1,1.00,48.3,1610.6,1400,115.0,no\n"
    "100007,,total,0,0.00,,,,,\n"
    "100007,10,dansk,1,1.00,1.0,33.3,,,\n"
    "100007,10,total,1,1.00,1.0,33.3,,,\n";

static void hand_computed_register_2025(void **state)
{
    (void)state;
    ungdb_hours_summary s;
    ungdb_error e;
    assert_int_equal(run(2025, INT32_MIN, INT32_MAX, &s, &e), UNGDB_OK);
    assert_string_equal(slurp("hours.csv"), expected_2025);
    assert_int_equal(s.school_year, 2025);
    assert_int_equal(s.from, day(2025, 8, 1));
    assert_int_equal(s.to, day(2025, 8, 18));
    assert_int_equal(s.school_days, 6);
    assert_int_equal(s.school_days_year, 200);
    assert_int_equal(s.institutions, 6);
    assert_int_equal(s.in_band, 2);
    assert_int_equal(s.pupils, 8);
    assert_int_equal(s.lessons, 14);
    /* P1 5, P2 4, P3 3, P4 2, P5 1, P6-P9 1 each */
    assert_int_equal(s.pupil_lessons, 19);
    assert_int_equal(s.memberships_without_pupil, 1);
    assert_int_equal(s.dangling_links, 1);
    assert_int_equal(s.unattributed_lessons, 0);
    char *svg = slurp("hours.svg");
    assert_non_null(svg);
    assert_non_null(strstr(svg, "<svg"));
    assert_non_null(strstr(svg, "2 of 6 institutions (33.3 %) lie within 85-115 %"));
    assert_non_null(strstr(svg, "</svg>"));
}

/* School year 2024/25: 2 June (first membership) to 31 July: 18 school days
 * (2-27 June without Grundlovsdag and Whit Monday). Only P1 is a pupil then
 * (grade 3); its one lesson L0 on 31 July (60 minutes, in the summer
 * holiday but in the school year and the membership) counts: 1.0 h per
 * pupil, 1.0 x 200 / 18 = 11.1 a year, 0.9 % of 1,200. The grade changes
 * on 1 August, so nothing of grade 4 belongs to this year. The school year
 * with the most school days in the roster's dates (2 June - 16 August) is
 * this one, so it is also the default. */
static void grade_change_on_1_august_and_default_year(void **state)
{
    (void)state;
    ungdb_hours_summary s;
    ungdb_error e;
    assert_int_equal(run(0, INT32_MIN, INT32_MAX, &s, &e), UNGDB_OK);
    assert_int_equal(s.school_year, 2024);
    assert_int_equal(s.school_days, 18);
    assert_int_equal(s.institutions, 1);
    assert_string_equal(slurp("hours.csv"),
                        "institution,grade,subject,pupils,fte_pupils,hours_per_pupil,"
                        "hours_per_pupil_year,norm_hours_year,percent_of_norm,in_band\n"
                        "100001,,total,1,1.00,1.0,11.1,,0.9,no\n"
                        "100001,3,dansk,1,1.00,1.0,11.1,,,\n"
                        "100001,3,total,1,1.00,1.0,11.1,1200,0.9,no\n");
}

/* --from/--to: 11-15 August is 5 school days. 100003: 300 minutes in
 * 5 of 5 days: 5.0 h, 5 x 200 / 5 = 200.0 a year, 16.7 % of 1,200.
 * 100001: P1, P2, P3 5 days each (15 pupil days, 3.00 pupils); L1, L2, L3
 * for all three (180 each) and L4 for P1: 600 minutes: 600/60/3 = 3.3 h,
 * 3.33 x 40 = 133.3 a year, 10.1 %. */
static void period_from_to_pro_rates(void **state)
{
    (void)state;
    ungdb_hours_summary s;
    ungdb_error e;
    assert_int_equal(run(2025, day(2025, 8, 11), day(2025, 8, 15), &s, &e), UNGDB_OK);
    assert_int_equal(s.school_days, 5);
    char *csv = slurp("hours.csv");
    assert_non_null(strstr(csv, "\n100003,0,total,1,1.00,5.0,200.0,1200,16.7,no\n"));
    assert_non_null(strstr(csv, "\n100001,4,total,3,3.00,3.3,133.3,1320,10.1,no\n"));
}

static void expect_error(const char *name, const char *text, ungdb_rc want, long line,
                         const char *field)
{
    char p[128], *saved;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    saved = strdup(slurp(name));
    if (text)
        put(name, text);
    else
        unlink(p);
    char csv[128];
    snprintf(csv, sizeof csv, "%s/hours.csv", dir);
    unlink(csv);
    ungdb_hours_summary s;
    ungdb_error e;
    assert_int_equal(run(2025, INT32_MIN, INT32_MAX, &s, &e), want);
    assert_non_null(strstr(e.file, name));
    assert_int_equal(e.line, line);
    assert_string_equal(e.field, field);
    assert_null(slurp("hours.csv")); /* nothing written */
    put(name, saved);
    free(saved);
}

static void bad_input_names_file_line_and_field(void **state)
{
    (void)state;
    expect_error("lektion.csv", NULL, UNGDB_EIO, 0, "");
    expect_error("elev.csv", "cpr,user_id,institution,start,end\n", UNGDB_EINPUT, 1, "grade");
    expect_error("elev.csv",
                 "cpr,user_id,institution,grade,start,end\n"
                 "1,u1,100001,4,2025-08-01,\n"
                 "2,u2,100001,04,2025-08-01,\n",
                 UNGDB_EINPUT, 3, "grade");
    expect_error("elev_gruppe.csv",
                 "cpr,user_id,institution,group_id,start,end\n"
                 "1,u1,100001,K,2025-08-11,2025-08-10\n",
                 UNGDB_EINPUT, 2, "end");
    expect_error("lektion.csv",
                 "institution,lesson_id,title,subject,start,end,minutes\n"
                 "100001,L1,Dansk,dansk,2025-08-11 08:00,2025-08-11T08:45,45\n",
                 UNGDB_EINPUT, 2, "start");
    expect_error("lektion.csv",
                 "institution,lesson_id,title,subject,start,end,minutes\n"
                 "100002,L1,Dansk,dansk,2025-08-11T08:00,2025-08-11T08:45,45\n"
                 "100001,L1,Dansk,dansk,2025-08-11T08:00,2025-08-11T08:45,4a\n",
                 UNGDB_EINPUT, 3, "institution");
    expect_error("lektion.csv",
                 "institution,lesson_id,title,subject,start,end,minutes\n"
                 "100001,L1,Dansk,dansk,2025-08-11T08:00,2025-08-11T08:45,4a\n",
                 UNGDB_EINPUT, 2, "minutes");
    expect_error("lektion.csv",
                 "institution,lesson_id,title,subject,start,end,minutes\n"
                 "100001,L1,Dansk,dansk,2025-08-11T08:00,2025-08-11T08:45,45\n"
                 "100001,L1,Dansk,dansk,2025-08-12T08:00,2025-08-12T08:45,45\n",
                 UNGDB_EINPUT, 3, "lesson_id");
    expect_error("gruppe_lektion.csv",
                 "institution,group_id,lesson_id\n100001,K,L1\n100001,\"K,L2\n", UNGDB_EINPUT, 3,
                 "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(school_calendar_has_200_days_in_2025_26),
        cmocka_unit_test(hand_computed_register_2025),
        cmocka_unit_test(grade_change_on_1_august_and_default_year),
        cmocka_unit_test(period_from_to_pro_rates),
        cmocka_unit_test(bad_input_names_file_line_and_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
