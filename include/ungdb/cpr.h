/* Danish civil registration numbers (CPR). */
#ifndef UNGDB_CPR_H
#define UNGDB_CPR_H

#include "ungdb/date.h"

typedef enum {
    UNGDB_CPR_VALID = 0,
    UNGDB_CPR_EMPTY,  /* no characters */
    UNGDB_CPR_FORMAT, /* not 10 digits with an optional '-' after the sixth */
    UNGDB_CPR_DATE,   /* the first six digits are not a real date in the century */
} ungdb_cpr_status;

typedef struct ungdb_cpr {
    char digits[11]; /* the 10 digits without dash, NUL-terminated */
    ungdb_date birth;
    bool male; /* odd last digit */
} ungdb_cpr;

/* Parses s (n bytes). The century comes from the 7th digit: 0-3: 1900s;
 * 4 and 9: 2000s if YY <= 36, else 1900s; 5-8: 2000s if YY <= 57, else 1800s.
 * No modulus-11 check (dropped in 2007). `out` may be NULL; it is
 * cleared first and filled only when the result is UNGDB_CPR_VALID. */
ungdb_cpr_status ungdb_cpr_parse(const char *s, size_t n, ungdb_cpr *out);

/* Short English reason for a status: "valid", "empty", "format", "date". */
const char *ungdb_cpr_reason(ungdb_cpr_status st);

/* Age in whole years on `on` (a person born 29 February turns a year older
 * on 1 March in non-leap years). Negative if `on` is before the birth. */
int ungdb_cpr_age(const ungdb_cpr *cpr, ungdb_date on);

#endif
