/* Unit tests of civil dates and date-times (src/core/date.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/date.h"

#include <stdio.h>
#include <string.h>

static ungdb_date ymd(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d);
}

static void epoch_is_day_zero_and_known_days_match(void **state)
{
    (void)state;
    assert_int_equal(ymd(1970, 1, 1).day, 0);
    assert_int_equal(ymd(1970, 1, 2).day, 1);
    assert_int_equal(ymd(1969, 12, 31).day, -1);
    assert_int_equal(ymd(2000, 3, 1).day, 11017);
    assert_int_equal(ymd(2024, 1, 1).day, 19723);
    assert_int_equal(ymd(1900, 1, 1).day, -25567);
    assert_int_equal(ymd(1, 1, 1).day, -719162);
    assert_int_equal(ymd(9999, 12, 31).day, 2932896);
}

static void day_numbers_round_trip_over_years_1_to_9999(void **state)
{
    (void)state;
    /* Every day from 0001-01-01 to 9999-12-31: consecutive numbers, each a
     * valid date that converts back to its number. */
    int py = 1, pm = 1, pd = 1;
    int32_t first = ymd(1, 1, 1).day, last = ymd(9999, 12, 31).day;
    for (int32_t n = first; n <= last; n++) {
        int y, m, d;
        ungdb_date_to_ymd((ungdb_date){.day = n}, &y, &m, &d);
        assert_true(ungdb_ymd_valid(y, m, d));
        assert_int_equal(ymd(y, m, d).day, n);
        if (n > first) {
            /* The next calendar day of the previous one. */
            bool next = (y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1) ||
                        (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
            assert_true(next);
        }
        py = y, pm = m, pd = d;
    }
}

static void leap_years_follow_the_gregorian_rule(void **state)
{
    (void)state;
    assert_false(ungdb_ymd_valid(1900, 2, 29)); /* divisible by 100 */
    assert_true(ungdb_ymd_valid(2000, 2, 29));  /* divisible by 400 */
    assert_true(ungdb_ymd_valid(2024, 2, 29));
    assert_false(ungdb_ymd_valid(2023, 2, 29));
    assert_false(ungdb_ymd_valid(2100, 2, 29));
    assert_int_equal(ymd(1900, 3, 1).day - ymd(1900, 2, 28).day, 1);
    assert_int_equal(ymd(2000, 3, 1).day - ymd(2000, 2, 28).day, 2);
    assert_int_equal(ymd(2001, 1, 1).day - ymd(2000, 1, 1).day, 366);
    assert_int_equal(ymd(1901, 1, 1).day - ymd(1900, 1, 1).day, 365);
}

static void ymd_valid_rejects_out_of_range_parts(void **state)
{
    (void)state;
    assert_false(ungdb_ymd_valid(0, 1, 1));
    assert_false(ungdb_ymd_valid(10000, 1, 1));
    assert_false(ungdb_ymd_valid(2024, 0, 1));
    assert_false(ungdb_ymd_valid(2024, 13, 1));
    assert_false(ungdb_ymd_valid(2024, 1, 0));
    assert_false(ungdb_ymd_valid(2024, 1, 32));
    assert_false(ungdb_ymd_valid(2024, 4, 31));
    assert_true(ungdb_ymd_valid(2024, 12, 31));
    assert_true(ungdb_ymd_valid(1, 1, 1));
    assert_true(ungdb_ymd_valid(9999, 12, 31));
}

static void weekday_is_iso_monday_1_to_sunday_7(void **state)
{
    (void)state;
    assert_int_equal(ungdb_date_weekday(ymd(1970, 1, 1)), 4);  /* Thursday */
    assert_int_equal(ungdb_date_weekday(ymd(2024, 1, 1)), 1);  /* Monday */
    assert_int_equal(ungdb_date_weekday(ymd(2025, 4, 20)), 7); /* Easter Sunday */
    assert_int_equal(ungdb_date_weekday(ymd(1900, 1, 1)), 1);
    assert_int_equal(ungdb_date_weekday(ymd(1969, 12, 31)), 3);
    assert_int_equal(ungdb_date_weekday(ymd(1, 1, 1)), 1);
    /* Consecutive days cycle 1..7 on both sides of the epoch. */
    for (int32_t n = -1000; n < 1000; n++) {
        int a = ungdb_date_weekday((ungdb_date){.day = n});
        int b = ungdb_date_weekday((ungdb_date){.day = n + 1});
        assert_in_range(a, 1, 7);
        assert_int_equal(b, a % 7 + 1);
    }
}

static bool parse(const char *s, ungdb_date *d)
{
    return ungdb_date_parse(s, strlen(s), d);
}

static void date_parse_accepts_exactly_yyyy_mm_dd(void **state)
{
    (void)state;
    ungdb_date d;
    assert_true(parse("2024-02-29", &d));
    assert_int_equal(d.day, ymd(2024, 2, 29).day);
    assert_true(parse("0001-01-01", &d));
    assert_int_equal(d.day, ymd(1, 1, 1).day);
    assert_true(parse("9999-12-31", &d));
    /* The length is what the caller says: a longer buffer is fine. */
    assert_true(ungdb_date_parse("2024-01-02xyz", 10, &d));
    assert_int_equal(d.day, ymd(2024, 1, 2).day);
    assert_true(ungdb_date_parse("2024-01-02", 10, NULL));
}

static void date_parse_rejects_bad_text_and_unreal_dates(void **state)
{
    (void)state;
    static const char *bad[] = {
        "",
        "2024-1-01",
        "2024-01-1",
        "24-01-01",
        "2024-01-011",
        "2024-01-01 ",
        " 2024-01-01",
        "2024/01/01",
        "2024-01-0a",
        "+024-01-01",
        "-024-01-01",
        "2024-+1-01",
        "2024-01- 1",
        "0000-01-01",
        "2023-02-29",
        "1900-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "2024-01-00",
        "2024-01-32",
        "2024-01-01T00:00",
        "2024\0-01-0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ungdb_date d = {.day = 12345};
        assert_false(parse(bad[i], &d));
        assert_int_equal(d.day, 12345); /* untouched on failure */
    }
    assert_false(ungdb_date_parse("2024-01-01", 9, NULL));
    assert_false(ungdb_date_parse(NULL, 10, NULL));
}

static void date_format_writes_ten_bytes_and_round_trips(void **state)
{
    (void)state;
    char buf[16];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(ungdb_date_format(ymd(2024, 2, 29), buf), 10);
    assert_string_equal(buf, "2024-02-29");
    ungdb_date_format(ymd(1, 1, 1), buf);
    assert_string_equal(buf, "0001-01-01");
    ungdb_date_format(ymd(9999, 12, 31), buf);
    assert_string_equal(buf, "9999-12-31");
    for (int32_t n = ymd(1800, 1, 1).day; n <= ymd(2300, 1, 1).day; n += 7) {
        ungdb_date d;
        ungdb_date_format((ungdb_date){.day = n}, buf);
        assert_true(parse(buf, &d));
        assert_int_equal(d.day, n);
    }
    /* Outside years 0-9999 the width stays and the text says it is wrong. */
    ungdb_date_format((ungdb_date){.day = INT32_MAX}, buf);
    assert_int_equal(strlen(buf), 10);
    assert_false(parse(buf, NULL));
}

static bool parse_dt(const char *s, ungdb_datetime *t)
{
    return ungdb_datetime_parse(s, strlen(s), t);
}

static void datetime_parse_accepts_exact_minutes_of_real_days(void **state)
{
    (void)state;
    ungdb_datetime t;
    assert_true(parse_dt("1970-01-01T00:00", &t));
    assert_int_equal(t.minute, 0);
    assert_true(parse_dt("1970-01-01T23:59", &t));
    assert_int_equal(t.minute, 1439);
    assert_true(parse_dt("2024-02-29T08:15", &t));
    assert_int_equal(t.minute, (int64_t)ymd(2024, 2, 29).day * 1440 + 8 * 60 + 15);
    assert_int_equal(ungdb_datetime_date(t).day, ymd(2024, 2, 29).day);
    assert_int_equal(ungdb_datetime_minute_of_day(t), 495);
    /* Before 1970 the date is floored, not truncated toward zero. */
    assert_true(parse_dt("1969-12-31T23:59", &t));
    assert_int_equal(t.minute, -1);
    assert_int_equal(ungdb_datetime_date(t).day, -1);
    assert_int_equal(ungdb_datetime_minute_of_day(t), 1439);
    assert_true(parse_dt("1969-12-31T00:00", &t));
    assert_int_equal(ungdb_datetime_date(t).day, -1);
    assert_int_equal(ungdb_datetime_minute_of_day(t), 0);
}

static void datetime_parse_rejects_bad_text_and_times(void **state)
{
    (void)state;
    static const char *bad[] = {
        "",
        "2024-01-01",
        "2024-01-01T24:00",
        "2024-01-01T23:60",
        "2024-01-01T9:00",
        "2024-01-01 08:00",
        "2024-01-01t08:00",
        "2024-01-01T08:00:00",
        "2024-01-01T08-00",
        "2023-02-29T08:00",
        "2024-01-01T0a:00",
        "2024-01-01T08:00Z",
        "2024-01-01T-1:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ungdb_datetime t = {.minute = 77};
        assert_false(parse_dt(bad[i], &t));
        assert_int_equal(t.minute, 77);
    }
}

static void datetime_format_round_trips(void **state)
{
    (void)state;
    char buf[20];
    ungdb_datetime t;
    assert_true(parse_dt("2025-04-20T07:05", &t));
    assert_int_equal(ungdb_datetime_format(t, buf), 16);
    assert_string_equal(buf, "2025-04-20T07:05");
    for (int64_t m = -3 * 1440 - 7; m < 3 * 1440; m += 13) {
        ungdb_datetime u;
        ungdb_datetime_format((ungdb_datetime){.minute = m}, buf);
        assert_true(parse_dt(buf, &u));
        assert_int_equal(u.minute, m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(epoch_is_day_zero_and_known_days_match),
        cmocka_unit_test(day_numbers_round_trip_over_years_1_to_9999),
        cmocka_unit_test(leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(ymd_valid_rejects_out_of_range_parts),
        cmocka_unit_test(weekday_is_iso_monday_1_to_sunday_7),
        cmocka_unit_test(date_parse_accepts_exactly_yyyy_mm_dd),
        cmocka_unit_test(date_parse_rejects_bad_text_and_unreal_dates),
        cmocka_unit_test(date_format_writes_ten_bytes_and_round_trips),
        cmocka_unit_test(datetime_parse_accepts_exact_minutes_of_real_days),
        cmocka_unit_test(datetime_parse_rejects_bad_text_and_times),
        cmocka_unit_test(datetime_format_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
