/* cpr.c - Danish civil registration numbers (CPR): format, birth date from
 * DDMMYY and the century digit, sex, age. The rules are the register spec's
 * § 1 (docs/calendar.md); there is no modulus-11 check, which CPR dropped in
 * 2007. Called once per person row, so no allocation and no sscanf. */
#include "ungdb/cpr.h"

#include <string.h>

/* The century of a two-digit year YY given the 7th digit c. */
static int cpr_century(int c, int yy)
{
    if (c <= 3) return 1900;
    if (c == 4 || c == 9) return yy <= 36 ? 2000 : 1900;
    return yy <= 57 ? 2000 : 1800; /* 5-8 */
}

ungdb_cpr_status ungdb_cpr_parse(const char *s, size_t n, ungdb_cpr *out)
{
    if (out) memset(out, 0, sizeof *out);
    if (!s || n == 0) return UNGDB_CPR_EMPTY;
    if (n != 10 && !(n == 11 && s[6] == '-')) return UNGDB_CPR_FORMAT;
    char dg[11];
    for (size_t i = 0, k = 0; i < n; i++) {
        if (n == 11 && i == 6) continue;
        if ((unsigned char)s[i] - (unsigned)'0' > 9u) return UNGDB_CPR_FORMAT;
        dg[k++] = s[i];
    }
    dg[10] = '\0';
#define D(i) (dg[i] - '0')
    int dd = D(0) * 10 + D(1), mm = D(2) * 10 + D(3), yy = D(4) * 10 + D(5);
    int year = cpr_century(D(6), yy) + yy;
    bool male = D(9) % 2 == 1;
#undef D
    if (!ungdb_ymd_valid(year, mm, dd)) return UNGDB_CPR_DATE;
    if (out) {
        memcpy(out->digits, dg, sizeof dg);
        out->birth = ungdb_date_from_ymd(year, mm, dd);
        out->male = male;
    }
    return UNGDB_CPR_VALID;
}

const char *ungdb_cpr_reason(ungdb_cpr_status st)
{
    switch (st) {
    case UNGDB_CPR_VALID:
        return "valid";
    case UNGDB_CPR_EMPTY:
        return "empty";
    case UNGDB_CPR_FORMAT:
        return "format";
    case UNGDB_CPR_DATE:
        return "date";
    }
    return "unknown";
}

int ungdb_cpr_age(const ungdb_cpr *cpr, ungdb_date on)
{
    int by, bm, bd, y, m, d;
    ungdb_date_to_ymd(cpr->birth, &by, &bm, &bd);
    ungdb_date_to_ymd(on, &y, &m, &d);
    /* Not yet had this year's birthday: one year less. Comparing (m, d) with
     * (2, 29) makes a 29 February child a year older on 1 March. */
    int age = y - by;
    if (m < bm || (m == bm && d < bd)) age--;
    return age;
}
