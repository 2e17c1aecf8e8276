/* calendar.c - the Danish calendar: Easter, public holidays, working days.
 *
 * Sources (see docs/calendar.md): the public holidays (helligdage) are those
 * of helligdagsloven (bekendtgørelse af lov om søgnehelligdagsfred); Store
 * Bededag stopped being one from 2024 (lov nr. 2023-03-01, Lov om afskaffelse
 * af store bededag som helligdag). Grundlovsdag (5 June), Juleaften
 * (24 December) and Nytårsaftensdag (31 December) are not public holidays,
 * but Danish public administration is closed on them, so they are not working
 * days either.
 *
 * Decision: ungdb_holidays lists the eleven (ten from 2024) public holidays
 * with public_holiday = true AND the three administrative closing days with
 * public_holiday = false, all in date order, so that one list explains every
 * weekday that ungdb_is_working_day rejects and the CLI can show the closing
 * days marked. ungdb_is_public_holiday is true only for the real holidays.
 *
 * The rules are stated for 1900-2200 (ungdb_holidays refuses other years).
 * ungdb_is_public_holiday and ungdb_is_working_day have no error channel, so
 * they apply the same rules to any year rather than fail. */
#include "ungdb/date.h"

#include <limits.h>

/* Day numbers of 0001-01-01 and 9999-12-31: the range of ungdb_date. Both
 * are non-working days (Nytårsdag and Nytårsaftensdag), so a saturated
 * ungdb_add_working_days result can never be mistaken for a real one. */
#define DAY_MIN (-719162)
#define DAY_MAX 2932896

/* Anonymous Gregorian computus (Meeus/Jones/Butcher). */
ungdb_date ungdb_easter_sunday(int year)
{
    int a = year % 19;
    int b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return ungdb_date_from_ymd(year, month, day);
}

/* The last year with Store Bededag as a public holiday. */
#define STORE_BEDEDAG_LAST_YEAR 2023

typedef struct {
    int month, day; /* a fixed date, or month 0 for an Easter offset */
    int easter_off; /* days after Easter Sunday when month == 0 */
    const char *da, *en;
    bool public_holiday;
} rule;

/* In the order of the year where it is fixed; ungdb_holidays sorts anyway
 * because Grundlovsdag can fall before or after Pinse. */
static const rule rules[] = {
    {1, 1, 0, "Nytårsdag", "New Year's Day", true},
    {0, 0, -3, "Skærtorsdag", "Maundy Thursday", true},
    {0, 0, -2, "Langfredag", "Good Friday", true},
    {0, 0, 0, "Påskedag", "Easter Sunday", true},
    {0, 0, 1, "2. påskedag", "Easter Monday", true},
    {0, 0, 26, "Store Bededag", "General Prayer Day", true},
    {0, 0, 39, "Kristi himmelfartsdag", "Ascension Day", true},
    {0, 0, 49, "Pinsedag", "Whit Sunday", true},
    {0, 0, 50, "2. pinsedag", "Whit Monday", true},
    {6, 5, 0, "Grundlovsdag", "Constitution Day", false},
    {12, 24, 0, "Juleaften", "Christmas Eve", false},
    {12, 25, 0, "Juledag", "Christmas Day", true},
    {12, 26, 0, "2. juledag", "Boxing Day", true},
    {12, 31, 0, "Nytårsaftensdag", "New Year's Eve", false},
};
#define NRULES (sizeof rules / sizeof rules[0])
_Static_assert(NRULES == UNGDB_HOLIDAYS_MAX, "UNGDB_HOLIDAYS_MAX is the number of rules");

static bool rule_applies(const rule *r, int year)
{
    return !(r->month == 0 && r->easter_off == 26 && year > STORE_BEDEDAG_LAST_YEAR);
}

/* All days of `year` (public holidays and closing days) in date order,
 * without the year range check. Returns the count. */
static int year_days(int year, ungdb_holiday *out)
{
    ungdb_date easter = ungdb_easter_sunday(year);
    int n = 0;
    for (size_t i = 0; i < NRULES; i++) {
        const rule *r = &rules[i];
        if (!rule_applies(r, year)) continue;
        ungdb_holiday h = {
            .date = r->month ? ungdb_date_from_ymd(year, r->month, r->day)
                             : (ungdb_date){.day = easter.day + r->easter_off},
            .name_da = r->da,
            .name_en = r->en,
            .public_holiday = r->public_holiday,
        };
        /* Insertion sort, stable: on a shared date (Pinse on 5 June) the
         * rule listed first stays first. */
        int j = n++;
        while (j > 0 && out[j - 1].date.day > h.date.day) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = h;
    }
    return n;
}

int ungdb_holidays(int year, ungdb_holiday *out, size_t cap)
{
    if (year < UNGDB_CAL_MIN_YEAR || year > UNGDB_CAL_MAX_YEAR) return -1;
    ungdb_holiday all[NRULES];
    int n = year_days(year, all);
    for (int i = 0; i < n && (size_t)i < cap; i++)
        out[i] = all[i];
    return n;
}

/* Shared test of ungdb_is_public_holiday and ungdb_is_working_day: which
 * kind of listed day `date` is. 0 none, 1 closing day, 2 public holiday. */
static int day_kind(ungdb_date date)
{
    int y, m, d;
    ungdb_date_to_ymd(date, &y, &m, &d);
    /* Fast paths: most days are in months with no movable feast. */
    if (m == 1) return d == 1 ? 2 : 0;
    if (m == 12) return d == 25 || d == 26 ? 2 : d == 24 || d == 31 ? 1 : 0;
    if (m < 3 || m > 6) return 0;
    int kind = m == 6 && d == 5 ? 1 : 0;
    int off = date.day - ungdb_easter_sunday(y).day;
    switch (off) {
    case -3:
    case -2:
    case 0:
    case 1:
    case 39:
    case 49:
    case 50:
        return 2;
    case 26:
        return y <= STORE_BEDEDAG_LAST_YEAR ? 2 : kind;
    default:
        return kind;
    }
}

bool ungdb_is_public_holiday(ungdb_date date)
{
    return day_kind(date) == 2;
}

bool ungdb_is_working_day(ungdb_date date)
{
    return ungdb_date_weekday(date) <= 5 && day_kind(date) == 0;
}

ungdb_date ungdb_add_days(ungdb_date date, int n)
{
    int64_t v = (int64_t)date.day + n;
    if (v < INT32_MIN) v = INT32_MIN;
    if (v > INT32_MAX) v = INT32_MAX;
    return (ungdb_date){.day = (int32_t)v};
}

/* Monday-Friday days with day number < x (counted from the Monday
 * 1970-01-05, negative before it); a difference of two is a count. */
static int64_t weekdays_before(int64_t x)
{
    int64_t k = x - 4;
    int64_t w = k >= 0 ? k / 7 : -((-k + 6) / 7);
    int64_t r = k - 7 * w; /* 0..6 */
    return 5 * w + (r < 5 ? r : 5);
}

/* Working days in [a, b], both inside one year `year`. */
static int64_t working_days_in(int year, int32_t a, int32_t b)
{
    if (a > b) return 0;
    int64_t n = weekdays_before((int64_t)b + 1) - weekdays_before(a);
    ungdb_holiday days[NRULES];
    int k = year_days(year, days);
    for (int i = 0; i < k; i++) {
        int32_t d = days[i].date.day;
        if (i > 0 && days[i - 1].date.day == d) continue; /* one date, two names */
        if (d >= a && d <= b && ungdb_date_weekday(days[i].date) <= 5) n--;
    }
    return n;
}

static int year_of(int32_t day)
{
    int y, m, d;
    ungdb_date_to_ymd((ungdb_date){.day = day}, &y, &m, &d);
    return y;
}

/* Whole years are skipped by counting their working days in closed form;
 * at most about one year is then walked day by day. Results beyond the
 * range of ungdb_date saturate at 0001-01-01 / 9999-12-31, which are never
 * working days. */
ungdb_date ungdb_add_working_days(ungdb_date date, int n)
{
    int32_t cur = date.day;
    if (cur < DAY_MIN || cur > DAY_MAX) return date;
    if (n > 0) {
        int64_t rem = n;
        for (;;) {
            if (cur >= DAY_MAX) return (ungdb_date){.day = DAY_MAX};
            int y = year_of(cur + 1);
            int32_t end = ungdb_date_from_ymd(y, 12, 31).day;
            int64_t c = working_days_in(y, cur + 1, end);
            if (c >= rem) break;
            rem -= c;
            cur = end;
        }
        while (rem > 0) {
            cur++;
            if (ungdb_is_working_day((ungdb_date){.day = cur})) rem--;
        }
    } else if (n < 0) {
        int64_t rem = -(int64_t)n;
        for (;;) {
            if (cur <= DAY_MIN) return (ungdb_date){.day = DAY_MIN};
            int y = year_of(cur - 1);
            int32_t start = ungdb_date_from_ymd(y, 1, 1).day;
            int64_t c = working_days_in(y, start, cur - 1);
            if (c >= rem) break;
            rem -= c;
            cur = start;
        }
        while (rem > 0) {
            cur--;
            if (ungdb_is_working_day((ungdb_date){.day = cur})) rem--;
        }
    }
    return (ungdb_date){.day = cur};
}

/* ISO week number of `date` within the ISO year that begins in its calendar
 * year (0 for days before that year's week 1). */
static int iso_week_in_year(ungdb_date date, int y)
{
    ungdb_date jan4 = ungdb_date_from_ymd(y, 1, 4);
    int32_t w1 = jan4.day - (ungdb_date_weekday(jan4) - 1);
    return date.day >= w1 ? (int)((date.day - w1) / 7) + 1 : 0;
}

int ungdb_school_year(ungdb_date date)
{
    int y, m, d;
    ungdb_date_to_ymd(date, &y, &m, &d);
    return m >= 8 ? y : y - 1;
}

/* folkeskoleloven § 14 a (school year, summer holiday); the other holidays
 * are the typical municipal ones (§ 40, stk. 2 leaves them to the
 * municipal council). Kept identical to what `ungdb gen` schedules. */
bool ungdb_is_school_day(ungdb_date date)
{
    if (ungdb_date_weekday(date) >= 6) return false;
    int y, m, d;
    ungdb_date_to_ymd(date, &y, &m, &d);
    if ((m == 12 && d >= 20) || (m == 1 && d <= 2) || (m == 6 && d == 5)) return false;
    /* Summer: from the last Saturday of June (the first on or after 24 June)
     * to the day before the second Monday of August. */
    ungdb_date j24 = ungdb_date_from_ymd(y, 6, 24);
    int32_t summer = j24.day + (6 - ungdb_date_weekday(j24) + 7) % 7;
    ungdb_date a1 = ungdb_date_from_ymd(y, 8, 1);
    int32_t back = a1.day + (8 - ungdb_date_weekday(a1)) % 7 + 7;
    if (date.day >= summer && date.day < back) return false;
    int week = iso_week_in_year(date, y);
    if (week == 7 || week == 42) return false;
    int32_t e = ungdb_easter_sunday(y).day;
    if (date.day >= e - 8 && date.day <= e + 1) return false;
    if (date.day == e + 39 || date.day == e + 40 || date.day == e + 50) return false;
    if (y <= STORE_BEDEDAG_LAST_YEAR && date.day == e + 26) return false;
    return true;
}
