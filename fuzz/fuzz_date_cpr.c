/* libFuzzer target: the date, date-time and CPR parsers on arbitrary bytes.
 * Whatever parses must format back to the same bytes (dates, date-times) or
 * to the same digits (CPR), and the derived values must be in range. */
#include "ungdb/cpr.h"
#include "ungdb/date.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char buf[32];

    ungdb_date d;
    if (ungdb_date_parse(s, size, &d)) {
        CHECK(size == 10);
        CHECK(ungdb_date_format(d, buf) == 10);
        CHECK(memcmp(buf, s, 10) == 0);
        int y, m, dd;
        ungdb_date_to_ymd(d, &y, &m, &dd);
        CHECK(ungdb_ymd_valid(y, m, dd));
        CHECK(ungdb_date_from_ymd(y, m, dd).day == d.day);
        int wd = ungdb_date_weekday(d);
        CHECK(wd >= 1 && wd <= 7);
        if (y >= UNGDB_CAL_MIN_YEAR && y <= UNGDB_CAL_MAX_YEAR) {
            ungdb_date next = ungdb_add_working_days(d, 1);
            CHECK(next.day > d.day && ungdb_is_working_day(next));
            CHECK(ungdb_add_working_days(next, -1).day <= d.day);
        }
    }

    ungdb_datetime t;
    if (ungdb_datetime_parse(s, size, &t)) {
        CHECK(size == 16);
        CHECK(ungdb_datetime_format(t, buf) == 16);
        CHECK(memcmp(buf, s, 16) == 0);
        int mod = ungdb_datetime_minute_of_day(t);
        CHECK(mod >= 0 && mod < 1440);
        CHECK((int64_t)ungdb_datetime_date(t).day * 1440 + mod == t.minute);
    }

    ungdb_cpr c;
    ungdb_cpr_status st = ungdb_cpr_parse(s, size, &c);
    CHECK(strcmp(ungdb_cpr_reason(st), "unknown") != 0);
    if (st == UNGDB_CPR_VALID) {
        CHECK(size == 10 || size == 11);
        CHECK(strlen(c.digits) == 10);
        const char *rest = size == 11 ? s + 7 : s + 6;
        CHECK(memcmp(c.digits, s, 6) == 0 && memcmp(c.digits + 6, rest, 4) == 0);
        CHECK(c.male == ((c.digits[9] - '0') % 2 == 1));
        CHECK(ungdb_cpr_age(&c, c.birth) == 0);
        CHECK(ungdb_cpr_parse(c.digits, 10, NULL) == UNGDB_CPR_VALID);
        /* The birth date's DDMMYY is the first six digits. */
        ungdb_date_format(c.birth, buf);
        CHECK(buf[8] == c.digits[0] && buf[9] == c.digits[1] && buf[5] == c.digits[2] &&
              buf[6] == c.digits[3] && buf[2] == c.digits[4] && buf[3] == c.digits[5]);
    }
    return 0;
}
