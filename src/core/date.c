/* date.c - civil dates and date-times as plain numbers.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian); a
 * date-time is minutes since 1970-01-01T00:00 local time. The conversions are
 * Howard Hinnant's days_from_civil / civil_from_days
 * (https://howardhinnant.github.io/date_algorithms.html), which work on
 * 400-year eras and need no tables or loops.
 *
 * The parsers sit on the hot path of the delivery reader (tens of millions
 * of rows): they check the exact length and each byte by hand, never call
 * sscanf/strptime and never allocate. */
#include "ungdb/date.h"

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const unsigned char dim[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m];
}

bool ungdb_ymd_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Hinnant's days_from_civil. Any y in int range that is not absurdly large
 * works; callers pass 1..9999. */
ungdb_date ungdb_date_from_ymd(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;                                           /* [0, 399] */
    int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    /* [0, 146096] */
    return (ungdb_date){.day = (int32_t)(era * 146097 + doe - 719468)};
}

/* Hinnant's civil_from_days, in 64-bit so that every int32 day converts. */
void ungdb_date_to_ymd(ungdb_date date, int *y, int *m, int *d)
{
    int64_t z = (int64_t)date.day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;                           /* [1, 31] */
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;                              /* [1, 12] */
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int ungdb_date_weekday(ungdb_date date)
{
    /* Day 0, 1970-01-01, was a Thursday (ISO 4). */
    int r = (int)(((int64_t)date.day % 7 + 7) % 7);
    return (r + 3) % 7 + 1;
}

/* Reads `n` ASCII digits at s into *v; false if any byte is not a digit. */
static bool digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i] - (unsigned)'0';
        if (c > 9) return false;
        x = x * 10 + (int)c;
    }
    *v = x;
    return true;
}

/* "YYYY-MM-DD" at s (the caller has checked that 10 bytes are there). */
static bool parse_ymd10(const char *s, ungdb_date *out)
{
    int y, m, d;
    if (s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
    if (!ungdb_ymd_valid(y, m, d)) return false;
    *out = ungdb_date_from_ymd(y, m, d);
    return true;
}

bool ungdb_date_parse(const char *s, size_t n, ungdb_date *out)
{
    ungdb_date v;
    if (!s || n != 10 || !parse_ymd10(s, &v)) return false;
    if (out) *out = v;
    return true;
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

size_t ungdb_date_format(ungdb_date date, char *buf)
{
    int y, m, d;
    ungdb_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999) {
        /* Outside the type's range: say so visibly, keep the width. */
        static const char bad[] = "\?\?\?\?-\?\?-\?\?";
        for (int i = 0; i < 11; i++)
            buf[i] = bad[i];
        return 10;
    }
    put2(buf, y / 100);
    put2(buf + 2, y % 100);
    buf[4] = '-';
    put2(buf + 5, m);
    buf[7] = '-';
    put2(buf + 8, d);
    buf[10] = '\0';
    return 10;
}

bool ungdb_datetime_parse(const char *s, size_t n, ungdb_datetime *out)
{
    ungdb_date date;
    int hh, mi;
    if (!s || n != 16 || s[10] != 'T' || s[13] != ':') return false;
    if (!parse_ymd10(s, &date)) return false;
    if (!digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mi)) return false;
    if (hh > 23 || mi > 59) return false;
    if (out) out->minute = (int64_t)date.day * 1440 + hh * 60 + mi;
    return true;
}

ungdb_date ungdb_datetime_date(ungdb_datetime t)
{
    int64_t q = t.minute / 1440;
    if (t.minute % 1440 < 0) q--; /* floor, for times before 1970 */
    return (ungdb_date){.day = (int32_t)q};
}

int ungdb_datetime_minute_of_day(ungdb_datetime t)
{
    int64_t r = t.minute % 1440;
    return (int)(r < 0 ? r + 1440 : r);
}

size_t ungdb_datetime_format(ungdb_datetime t, char *buf)
{
    ungdb_date_format(ungdb_datetime_date(t), buf);
    int mod = ungdb_datetime_minute_of_day(t);
    buf[10] = 'T';
    put2(buf + 11, mod / 60);
    buf[13] = ':';
    put2(buf + 14, mod % 60);
    buf[16] = '\0';
    return 16;
}
