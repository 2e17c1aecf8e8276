/* Unit tests of the Danish calendar (src/core/calendar.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/date.h"

#include <string.h>

static ungdb_date ymd(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d);
}

static void easter_sunday_matches_published_dates(void **state)
{
    (void)state;
    /* Each checked against python-dateutil's easter() (EASTER_WESTERN), an
     * independent implementation; 2038 is the latest possible date. */
    static const int known[][3] = {
        {1900, 4, 15}, {1818, 3, 22}, {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24},
        {2024, 3, 31}, {2025, 4, 20}, {2038, 4, 25}, {2285, 3, 22}, {2200, 4, 6},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        ungdb_date e = ungdb_easter_sunday(known[i][0]);
        assert_int_equal(e.day, ymd(known[i][0], known[i][1], known[i][2]).day);
        assert_int_equal(ungdb_date_weekday(e), 7);
    }
    for (int y = 1583; y <= 9999; y++) {
        ungdb_date e = ungdb_easter_sunday(y);
        assert_int_equal(ungdb_date_weekday(e), 7);
        assert_in_range(e.day, ymd(y, 3, 22).day, ymd(y, 4, 25).day);
    }
}

static void holidays_2023_include_store_bededag(void **state)
{
    (void)state;
    ungdb_holiday h[UNGDB_HOLIDAYS_MAX];
    int n = ungdb_holidays(2023, h, UNGDB_HOLIDAYS_MAX);
    assert_int_equal(n, 14);
    static const struct {
        int m, d;
        const char *da;
        bool pub;
    } want[] = {
        {1, 1, "Nytårsdag", true},
        {4, 6, "Skærtorsdag", true},
        {4, 7, "Langfredag", true},
        {4, 9, "Påskedag", true},
        {4, 10, "2. påskedag", true},
        {5, 5, "Store Bededag", true},
        {5, 18, "Kristi himmelfartsdag", true},
        {5, 28, "Pinsedag", true},
        {5, 29, "2. pinsedag", true},
        {6, 5, "Grundlovsdag", false},
        {12, 24, "Juleaften", false},
        {12, 25, "Juledag", true},
        {12, 26, "2. juledag", true},
        {12, 31, "Nytårsaftensdag", false},
    };
    for (int i = 0; i < n; i++) {
        assert_int_equal(h[i].date.day, ymd(2023, want[i].m, want[i].d).day);
        assert_string_equal(h[i].name_da, want[i].da);
        assert_non_null(h[i].name_en);
        assert_int_equal(h[i].public_holiday, want[i].pub);
    }
    assert_true(ungdb_is_public_holiday(ymd(2023, 5, 5)));
    assert_false(ungdb_is_working_day(ymd(2023, 5, 5)));
}

static void store_bededag_is_abolished_from_2024(void **state)
{
    (void)state;
    ungdb_holiday h[UNGDB_HOLIDAYS_MAX];
    int n = ungdb_holidays(2024, h, UNGDB_HOLIDAYS_MAX);
    assert_int_equal(n, 13);
    for (int i = 0; i < n; i++)
        assert_string_not_equal(h[i].name_da, "Store Bededag");
    /* Easter 2024 is 31 March: Easter + 26 is Friday 26 April, a working day. */
    assert_false(ungdb_is_public_holiday(ymd(2024, 4, 26)));
    assert_true(ungdb_is_working_day(ymd(2024, 4, 26)));
    for (int y = 1900; y <= 2200; y++) {
        ungdb_date sb = {.day = ungdb_easter_sunday(y).day + 26};
        assert_int_equal(ungdb_is_public_holiday(sb), y <= 2023);
    }
}

static void holidays_are_in_date_order_and_refuse_other_years(void **state)
{
    (void)state;
    ungdb_holiday h[UNGDB_HOLIDAYS_MAX];
    for (int y = 1900; y <= 2200; y++) {
        int n = ungdb_holidays(y, h, UNGDB_HOLIDAYS_MAX);
        assert_int_equal(n, y <= 2023 ? 14 : 13);
        for (int i = 1; i < n; i++)
            assert_true(h[i - 1].date.day <= h[i].date.day);
        for (int i = 0; i < n; i++)
            assert_int_equal(ungdb_is_public_holiday(h[i].date),
                             h[i].public_holiday || (i > 0 && h[i - 1].date.day == h[i].date.day) ||
                                 (i + 1 < n && h[i + 1].date.day == h[i].date.day));
    }
    assert_int_equal(ungdb_holidays(1899, h, UNGDB_HOLIDAYS_MAX), -1);
    assert_int_equal(ungdb_holidays(2201, h, UNGDB_HOLIDAYS_MAX), -1);
    /* A short buffer: the full count comes back, only cap entries written. */
    memset(h, 0, sizeof h);
    assert_int_equal(ungdb_holidays(2025, h, 2), 13);
    assert_int_equal(h[1].date.day, ymd(2025, 4, 17).day);
    assert_null(h[2].name_da);
}

static void pinse_on_grundlovsdag_lists_both_holiday_first(void **state)
{
    (void)state;
    /* Easter 2022 is 17 April, so Pinsedag (Easter + 49) is 5 June. */
    ungdb_holiday h[UNGDB_HOLIDAYS_MAX];
    int n = ungdb_holidays(2022, h, UNGDB_HOLIDAYS_MAX);
    int k = -1;
    for (int i = 0; i < n; i++)
        if (h[i].date.day == ymd(2022, 6, 5).day && k < 0) k = i;
    assert_true(k >= 0);
    assert_string_equal(h[k].name_da, "Pinsedag");
    assert_string_equal(h[k + 1].name_da, "Grundlovsdag");
    assert_false(h[k + 1].public_holiday);
}

static void working_days_exclude_weekends_holidays_and_closing_days(void **state)
{
    (void)state;
    assert_true(ungdb_is_working_day(ymd(2025, 4, 16)));  /* Wednesday */
    assert_false(ungdb_is_working_day(ymd(2025, 4, 17))); /* Skærtorsdag */
    assert_false(ungdb_is_working_day(ymd(2025, 4, 18))); /* Langfredag */
    assert_false(ungdb_is_working_day(ymd(2025, 4, 21))); /* 2. påskedag */
    assert_true(ungdb_is_working_day(ymd(2025, 4, 22)));
    assert_false(ungdb_is_working_day(ymd(2025, 1, 4))); /* Saturday */
    assert_false(ungdb_is_working_day(ymd(2025, 1, 5))); /* Sunday */
    assert_false(ungdb_is_working_day(ymd(2024, 6, 5))); /* Grundlovsdag, Wednesday */
    assert_false(ungdb_is_public_holiday(ymd(2024, 6, 5)));
    assert_false(ungdb_is_working_day(ymd(2024, 12, 24)));
    assert_false(ungdb_is_working_day(ymd(2024, 12, 31)));
    assert_false(ungdb_is_public_holiday(ymd(2024, 12, 24)));
    assert_true(ungdb_is_public_holiday(ymd(2024, 12, 25)));
    assert_true(ungdb_is_working_day(ymd(2024, 12, 30)));
}

static ungdb_date addw(int y, int m, int d, int n)
{
    return ungdb_add_working_days(ymd(y, m, d), n);
}

static void add_working_days_skips_easter_christmas_and_grundlovsdag(void **state)
{
    (void)state;
    assert_int_equal(addw(2025, 4, 16, 1).day, ymd(2025, 4, 22).day);
    assert_int_equal(addw(2025, 4, 22, -1).day, ymd(2025, 4, 16).day);
    assert_int_equal(addw(2025, 4, 17, 1).day, ymd(2025, 4, 22).day); /* from a holiday */
    assert_int_equal(addw(2025, 4, 17, -1).day, ymd(2025, 4, 16).day);
    assert_int_equal(addw(2024, 12, 23, 1).day, ymd(2024, 12, 27).day);
    assert_int_equal(addw(2024, 12, 27, 1).day, ymd(2024, 12, 30).day);
    assert_int_equal(addw(2024, 12, 30, 1).day, ymd(2025, 1, 2).day);
    assert_int_equal(addw(2025, 1, 2, -2).day, ymd(2024, 12, 27).day);
    assert_int_equal(addw(2024, 6, 4, 1).day, ymd(2024, 6, 6).day);
    assert_int_equal(addw(2023, 5, 4, 1).day, ymd(2023, 5, 8).day);   /* Store Bededag 2023 */
    assert_int_equal(addw(2024, 4, 25, 1).day, ymd(2024, 4, 26).day); /* not in 2024 */
}

static void add_working_days_from_weekend_and_zero(void **state)
{
    (void)state;
    assert_int_equal(addw(2025, 1, 4, 0).day, ymd(2025, 1, 4).day); /* Saturday stays */
    assert_int_equal(addw(2025, 1, 4, 1).day, ymd(2025, 1, 6).day);
    assert_int_equal(addw(2025, 1, 4, -1).day, ymd(2025, 1, 3).day);
    assert_int_equal(addw(2025, 1, 5, 5).day, ymd(2025, 1, 10).day);
    assert_int_equal(addw(2025, 1, 6, 5).day, ymd(2025, 1, 13).day);
    assert_int_equal(addw(2025, 1, 6, -5).day, ymd(2024, 12, 23).day);
    assert_int_equal(addw(2025, 4, 16, 0).day, ymd(2025, 4, 16).day);
}

/* The plain definition, one day at a time. */
static ungdb_date naive_add(ungdb_date d, int n)
{
    int step = n < 0 ? -1 : 1;
    while (n != 0) {
        d.day += step;
        if (ungdb_is_working_day(d)) n -= step;
    }
    return d;
}

static void add_working_days_agrees_with_stepping_for_large_n(void **state)
{
    (void)state;
    static const int ns[] = {1, 2, 7, 23, 250, 251, 252, 253, 600, 2500, 9999, 21000};
    for (int32_t s = ymd(1950, 1, 1).day; s < ymd(2150, 1, 1).day; s += 397) {
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            ungdb_date d = {.day = s};
            assert_int_equal(ungdb_add_working_days(d, ns[i]).day, naive_add(d, ns[i]).day);
            assert_int_equal(ungdb_add_working_days(d, -ns[i]).day, naive_add(d, -ns[i]).day);
        }
    }
    /* Every start day of 2023-2025, short counts across the year ends. */
    for (int32_t s = ymd(2023, 1, 1).day; s < ymd(2026, 1, 1).day; s++)
        for (int n = -12; n <= 12; n++) {
            ungdb_date d = {.day = s};
            assert_int_equal(ungdb_add_working_days(d, n).day, naive_add(d, n).day);
        }
}

static void add_working_days_saturates_at_the_date_range(void **state)
{
    (void)state;
    assert_int_equal(addw(2025, 1, 1, INT32_MAX).day, ymd(9999, 12, 31).day);
    assert_int_equal(addw(2025, 1, 1, INT32_MIN).day, ymd(1, 1, 1).day);
}

static void add_days_crosses_leap_days(void **state)
{
    (void)state;
    assert_int_equal(ungdb_add_days(ymd(2024, 2, 28), 1).day, ymd(2024, 2, 29).day);
    assert_int_equal(ungdb_add_days(ymd(2024, 2, 28), 2).day, ymd(2024, 3, 1).day);
    assert_int_equal(ungdb_add_days(ymd(1900, 2, 28), 1).day, ymd(1900, 3, 1).day);
    assert_int_equal(ungdb_add_days(ymd(2024, 3, 1), -1).day, ymd(2024, 2, 29).day);
    assert_int_equal(ungdb_add_days(ymd(2024, 3, 1), 0).day, ymd(2024, 3, 1).day);
    assert_int_equal(ungdb_add_days((ungdb_date){.day = INT32_MAX - 1}, 5).day, INT32_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(easter_sunday_matches_published_dates),
        cmocka_unit_test(holidays_2023_include_store_bededag),
        cmocka_unit_test(store_bededag_is_abolished_from_2024),
        cmocka_unit_test(holidays_are_in_date_order_and_refuse_other_years),
        cmocka_unit_test(pinse_on_grundlovsdag_lists_both_holiday_first),
        cmocka_unit_test(working_days_exclude_weekends_holidays_and_closing_days),
        cmocka_unit_test(add_working_days_skips_easter_christmas_and_grundlovsdag),
        cmocka_unit_test(add_working_days_from_weekend_and_zero),
        cmocka_unit_test(add_working_days_agrees_with_stepping_for_large_n),
        cmocka_unit_test(add_working_days_saturates_at_the_date_range),
        cmocka_unit_test(add_days_crosses_leap_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
