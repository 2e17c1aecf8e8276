/* cmd_calendar.c - `ungdb calendar ...`: the Danish calendar of the engine.
 *   calendar holidays [--public-only] YEAR
 *       one line per day, in date order: "YYYY-MM-DD<TAB>Danish name" for each
 *       public holiday; the administrative closing days (Grundlovsdag,
 *       Juleaften, Nytårsaftensdag), which are not working days but not
 *       public holidays either, get a third column "administrative closing
 *       day". --public-only leaves them out.
 *   calendar add-workdays DATE N     DATE plus N working days
 *   calendar add-days DATE N         DATE plus N calendar days
 * Bad arguments: a message naming the argument, exit 2. */
#include "cli.h"

#include "ungdb/date.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ungdb calendar holidays [--public-only] YEAR\n"
            "       ungdb calendar add-workdays DATE N\n"
            "       ungdb calendar add-days DATE N\n"
            "  YEAR is %d-%d; DATE is YYYY-MM-DD; N is a whole number, may be negative.\n",
            UNGDB_CAL_MIN_YEAR, UNGDB_CAL_MAX_YEAR);
}

static int bad(const char *what, const char *arg, const char *expected)
{
    fprintf(stderr, "ungdb: calendar: bad %s '%s': expected %s\n", what, arg, expected);
    return 2;
}

static int finish(void)
{
    if (fflush(stdout) != 0) {
        perror("ungdb: calendar: stdout");
        return 2;
    }
    return 0;
}

static int holidays(int argc, char **argv)
{
    bool public_only = false;
    const char *year_arg = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--public-only"))
            public_only = true;
        else if (!year_arg)
            year_arg = argv[i];
        else
            return bad("argument", argv[i], "only one YEAR");
    }
    if (!year_arg) {
        usage(stderr);
        return 2;
    }
    long year;
    if (!cli_parse_long(year_arg, &year) || year < UNGDB_CAL_MIN_YEAR || year > UNGDB_CAL_MAX_YEAR)
        return bad("YEAR", year_arg, "a year from 1900 to 2200");
    ungdb_holiday h[UNGDB_HOLIDAYS_MAX];
    int n = ungdb_holidays((int)year, h, UNGDB_HOLIDAYS_MAX);
    for (int i = 0; i < n && i < UNGDB_HOLIDAYS_MAX; i++) {
        char buf[11];
        ungdb_date_format(h[i].date, buf);
        if (h[i].public_holiday)
            printf("%s\t%s\n", buf, h[i].name_da);
        else if (!public_only)
            printf("%s\t%s\tadministrative closing day\n", buf, h[i].name_da);
    }
    return finish();
}

/* add-workdays / add-days DATE N */
static int add(int argc, char **argv, bool workdays)
{
    if (argc != 3) {
        usage(stderr);
        return 2;
    }
    ungdb_date date;
    long n;
    if (!ungdb_date_parse(argv[1], strlen(argv[1]), &date))
        return bad("DATE", argv[1], "a real date YYYY-MM-DD");
    if (!cli_parse_long(argv[2], &n) || n < INT_MIN || n > INT_MAX)
        return bad("N", argv[2], "a whole number of days");
    int y, m, d;
    ungdb_date res;
    if (workdays) {
        ungdb_date_to_ymd(date, &y, &m, &d);
        if (y < UNGDB_CAL_MIN_YEAR || y > UNGDB_CAL_MAX_YEAR)
            return bad("DATE", argv[1], "a date in the years 1900-2200 (the holiday rules)");
        res = ungdb_add_working_days(date, (int)n);
        ungdb_date_to_ymd(res, &y, &m, &d);
        if (y < UNGDB_CAL_MIN_YEAR || y > UNGDB_CAL_MAX_YEAR)
            return bad("N", argv[2], "a count whose result stays in the years 1900-2200");
    } else {
        int64_t v = (int64_t)date.day + n;
        res = ungdb_add_days(date, (int)n);
        ungdb_date_to_ymd(res, &y, &m, &d);
        if (v != res.day || !ungdb_ymd_valid(y, m, d))
            return bad("N", argv[2], "a count whose result stays in the years 1-9999");
    }
    char buf[11];
    ungdb_date_format(res, buf);
    printf("%s\n", buf);
    return finish();
}

int cmd_calendar(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(sub, "holidays")) return holidays(argc - 1, argv + 1);
    if (!strcmp(sub, "add-workdays")) return add(argc - 1, argv + 1, true);
    if (!strcmp(sub, "add-days")) return add(argc - 1, argv + 1, false);
    fprintf(stderr, "ungdb: calendar: unknown subcommand '%s'\n", sub);
    usage(stderr);
    return 2;
}
