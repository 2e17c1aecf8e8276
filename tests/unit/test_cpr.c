/* Unit tests of CPR numbers (src/core/cpr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/cpr.h"

#include <string.h>

static ungdb_cpr_status parse(const char *s, ungdb_cpr *c)
{
    return ungdb_cpr_parse(s, strlen(s), c);
}

static void expect_birth(const char *s, int y, int m, int d)
{
    ungdb_cpr c;
    assert_int_equal(parse(s, &c), UNGDB_CPR_VALID);
    assert_int_equal(c.birth.day, ungdb_date_from_ymd(y, m, d).day);
}

static void century_digits_0_to_3_mean_1900s(void **state)
{
    (void)state;
    expect_birth("0101000000", 1900, 1, 1);
    expect_birth("3112993999", 1999, 12, 31);
    expect_birth("150536-2000", 1936, 5, 15);
    expect_birth("150558-1000", 1958, 5, 15);
}

static void century_digits_4_and_9_split_at_yy_36(void **state)
{
    (void)state;
    expect_birth("0101364000", 2036, 1, 1);
    expect_birth("0101374000", 1937, 1, 1);
    expect_birth("0101009000", 2000, 1, 1);
    expect_birth("3112369999", 2036, 12, 31);
    expect_birth("0101379999", 1937, 1, 1);
    expect_birth("0101999000", 1999, 1, 1);
}

static void century_digits_5_to_8_split_at_yy_57(void **state)
{
    (void)state;
    expect_birth("0101575000", 2057, 1, 1);
    expect_birth("0101585000", 1858, 1, 1);
    expect_birth("0101578999", 2057, 1, 1);
    expect_birth("0101588999", 1858, 1, 1);
    expect_birth("0101006000", 2000, 1, 1);
    expect_birth("0101997000", 1899, 1, 1);
}

static void digits_sex_and_dash_are_reported(void **state)
{
    (void)state;
    ungdb_cpr c;
    assert_int_equal(parse("010203-1235", &c), UNGDB_CPR_VALID);
    assert_string_equal(c.digits, "0102031235");
    assert_true(c.male);
    assert_int_equal(parse("0102031234", &c), UNGDB_CPR_VALID);
    assert_string_equal(c.digits, "0102031234");
    assert_false(c.male);
    /* No modulus-11 check: any serial is fine. */
    assert_int_equal(parse("0102030000", NULL), UNGDB_CPR_VALID);
}

static void bad_formats_are_format_errors(void **state)
{
    (void)state;
    static const char *bad[] = {
        "1",
        "010203123",
        "01020312345",
        "010203 1234",
        "0102-031234",
        "010203--1234",
        "01020-31234",
        "0102031234-",
        "-0102031234",
        "01020a1234",
        "010203-123a",
        "０102031234",
        "0102031234\n",
        "010203_1234",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ungdb_cpr c;
        assert_int_equal(parse(bad[i], &c), UNGDB_CPR_FORMAT);
        assert_string_equal(c.digits, "");
    }
    assert_int_equal(parse("", NULL), UNGDB_CPR_EMPTY);
    assert_int_equal(ungdb_cpr_parse(NULL, 0, NULL), UNGDB_CPR_EMPTY);
    /* Only n bytes count. */
    assert_int_equal(ungdb_cpr_parse("0102031234xyz", 10, NULL), UNGDB_CPR_VALID);
}

static void unreal_dates_are_date_errors(void **state)
{
    (void)state;
    assert_int_equal(parse("310299-1234", NULL), UNGDB_CPR_DATE);
    assert_int_equal(parse("0013001234", NULL), UNGDB_CPR_DATE);
    assert_int_equal(parse("0001001234", NULL), UNGDB_CPR_DATE);
    assert_int_equal(parse("3104001234", NULL), UNGDB_CPR_DATE);
    /* 29 February: 1900 is not a leap year, 2000 is, 1800 not. */
    assert_int_equal(parse("2902001234", NULL), UNGDB_CPR_DATE);
    assert_int_equal(parse("2902004234", NULL), UNGDB_CPR_VALID);
    assert_int_equal(parse("2902005234", NULL), UNGDB_CPR_VALID);
    assert_int_equal(parse("2902965234", NULL), UNGDB_CPR_VALID); /* 1896 */
    assert_int_equal(parse("2902007234", NULL), UNGDB_CPR_VALID); /* 2000 */
    assert_int_equal(parse("2902969234", NULL), UNGDB_CPR_VALID); /* 1996 */
    assert_int_equal(parse("2902979234", NULL), UNGDB_CPR_DATE);  /* 1997 */
}

static void reasons_are_short_words(void **state)
{
    (void)state;
    assert_string_equal(ungdb_cpr_reason(UNGDB_CPR_VALID), "valid");
    assert_string_equal(ungdb_cpr_reason(UNGDB_CPR_EMPTY), "empty");
    assert_string_equal(ungdb_cpr_reason(UNGDB_CPR_FORMAT), "format");
    assert_string_equal(ungdb_cpr_reason(UNGDB_CPR_DATE), "date");
}

static int age(const char *s, int y, int m, int d)
{
    ungdb_cpr c;
    assert_int_equal(parse(s, &c), UNGDB_CPR_VALID);
    return ungdb_cpr_age(&c, ungdb_date_from_ymd(y, m, d));
}

static void age_changes_on_the_birthday(void **state)
{
    (void)state;
    assert_int_equal(age("1506801234", 2020, 6, 14), 39);
    assert_int_equal(age("1506801234", 2020, 6, 15), 40);
    assert_int_equal(age("1506801234", 2020, 6, 16), 40);
    assert_int_equal(age("1506801234", 1980, 6, 15), 0);
    assert_int_equal(age("1506801234", 1980, 6, 14), -1);
    assert_int_equal(age("1506801234", 1979, 6, 16), -1);
    assert_int_equal(age("1506801234", 1978, 1, 1), -3);
}

static void age_of_a_29_february_child_rises_on_1_march(void **state)
{
    (void)state;
    assert_int_equal(age("2902044001", 2005, 2, 28), 0);
    assert_int_equal(age("2902044001", 2005, 3, 1), 1);
    assert_int_equal(age("2902044001", 2008, 2, 28), 3);
    assert_int_equal(age("2902044001", 2008, 2, 29), 4);
    assert_int_equal(age("2902044001", 2022, 2, 28), 17);
    assert_int_equal(age("2902044001", 2022, 3, 1), 18);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(century_digits_0_to_3_mean_1900s),
        cmocka_unit_test(century_digits_4_and_9_split_at_yy_36),
        cmocka_unit_test(century_digits_5_to_8_split_at_yy_57),
        cmocka_unit_test(digits_sex_and_dash_are_reported),
        cmocka_unit_test(bad_formats_are_format_errors),
        cmocka_unit_test(unreal_dates_are_date_errors),
        cmocka_unit_test(reasons_are_short_words),
        cmocka_unit_test(age_changes_on_the_birthday),
        cmocka_unit_test(age_of_a_29_february_child_rises_on_1_march),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
