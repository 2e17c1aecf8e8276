/* Civil dates, date-times and Danish calendars. */
#ifndef UNGDB_DATE_H
#define UNGDB_DATE_H

#include "ungdb/ungdb.h"

/* A civil date as a day number: days since 1970-01-01 (negative before).
 * Proleptic Gregorian. Valid for years 1 to 9999. */
typedef struct ungdb_date {
    int32_t day;
} ungdb_date;

/* A local date-time without zone, in whole minutes since 1970-01-01T00:00.
 * The difference of two is the plain local-time difference (register spec § 8). */
typedef struct ungdb_datetime {
    int64_t minute;
} ungdb_datetime;

bool ungdb_ymd_valid(int y, int m, int d);
ungdb_date ungdb_date_from_ymd(int y, int m, int d); /* caller checks validity */
void ungdb_date_to_ymd(ungdb_date date, int *y, int *m, int *d);
/* 1 = Monday ... 7 = Sunday (ISO). */
int ungdb_date_weekday(ungdb_date date);
/* Parses exactly "YYYY-MM-DD" (n bytes, no trailing text) into a real date. */
bool ungdb_date_parse(const char *s, size_t n, ungdb_date *out);
/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes); returns 10. */
size_t ungdb_date_format(ungdb_date date, char *buf);
/* Parses exactly "YYYY-MM-DDTHH:MM" with a real date and 00:00-23:59. */
bool ungdb_datetime_parse(const char *s, size_t n, ungdb_datetime *out);
ungdb_date ungdb_datetime_date(ungdb_datetime t);
int ungdb_datetime_minute_of_day(ungdb_datetime t); /* 0..1439 */
/* Writes "YYYY-MM-DDTHH:MM" and a NUL into buf (at least 17 bytes); returns 16. */
size_t ungdb_datetime_format(ungdb_datetime t, char *buf);

/* ---- Danish calendar ---- */

/* Years for which the holiday rules are defined. */
#define UNGDB_CAL_MIN_YEAR 1900
#define UNGDB_CAL_MAX_YEAR 2200

typedef struct ungdb_holiday {
    ungdb_date date;
    const char *name_da; /* e.g. "Skærtorsdag" */
    const char *name_en; /* e.g. "Maundy Thursday" */
    bool public_holiday; /* false for the administrative closing days */
} ungdb_holiday;

/* Easter Sunday of `year` (Gregorian computus). */
ungdb_date ungdb_easter_sunday(int year);

/* The most entries ungdb_holidays can return for one year. */
#define UNGDB_HOLIDAYS_MAX 14

/* The Danish public holidays (helligdage) of `year`, in date order: Nytårsdag,
 * Skærtorsdag, Langfredag, Påskedag, 2. påskedag, Store Bededag (up to 2023),
 * Kristi himmelfartsdag, Pinsedag, 2. pinsedag, Juledag, 2. juledag, all with
 * public_holiday = true; interleaved in date order with the three
 * administrative closing days Grundlovsdag (5 June), Juleaften (24 December)
 * and Nytårsaftensdag (31 December), with public_holiday = false. Two entries
 * may share a date (Pinse on 5 June). Names are static UTF-8 strings.
 * Writes at most `cap` entries; returns the full count (as snprintf does, so
 * a result > cap means truncation), or -1 when year is outside
 * UNGDB_CAL_MIN_YEAR..UNGDB_CAL_MAX_YEAR.
 * Ordinary Sundays are not listed (they are never working days anyway). */
int ungdb_holidays(int year, ungdb_holiday *out, size_t cap);

/* True only for the public holidays (not for the closing days). These two
 * apply the same rules to years outside 1900-2200 rather than fail. */
bool ungdb_is_public_holiday(ungdb_date date);

/* A working day: Monday-Friday and not a public holiday, and, by the
 * convention of Danish public administration, not Grundlovsdag (5 June),
 * 24 December or 31 December. */
bool ungdb_is_working_day(ungdb_date date);

/* Adds n working days (n may be 0 or negative). From a non-working day the
 * count starts at that day: +1 is the next working day after it, and 0
 * returns the date unchanged. Negative n is symmetric: -1 is the last
 * working day before `date`. A result beyond 0001-01-01..9999-12-31
 * saturates at that bound (neither bound is a working day, so it cannot be
 * mistaken for a real answer). */
ungdb_date ungdb_add_working_days(ungdb_date date, int n);

/* A school day of the typical Danish municipal school calendar: Monday-Friday
 * outside the pupils' holidays that most municipalities set. The school
 * year begins on 1 August (folkeskoleloven § 14 a, stk. 1); the summer
 * holiday begins on the last Saturday of June (§ 14 a, stk. 2) and here
 * lasts until the second Monday of August (the municipal council sets the
 * first school day, § 40, stk. 2); autumn holiday ISO week 42, winter
 * holiday ISO week 7, Christmas 20 December - 2 January, Easter from the
 * Saturday before Palm Sunday to Easter Monday, Ascension Thursday and
 * Friday, Whit Monday, Grundlovsdag, and Store Bededag up to 2023. That gives
 * 200 school days in most school years (2025/26: 200). It is a model:
 * a real municipality may move a holiday week. Used by `ungdb gen` to place
 * lessons and by `register hours` to pro-rate the norm. */
bool ungdb_is_school_day(ungdb_date date);

/* The school year that `date` belongs to, named by the year of its
 * 1 August (folkeskoleloven § 14 a, stk. 1): 2026-03-02 is in 2025. */
int ungdb_school_year(ungdb_date date);

/* date + n days; saturates at the int32 range instead of overflowing (check
 * the year when n may be huge). */
ungdb_date ungdb_add_days(ungdb_date date, int n);

#endif
