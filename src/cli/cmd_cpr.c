/* cmd_cpr.c - `ungdb cpr NUMBER...`: checks CPR numbers, one line each:
 *   NUMBER valid YYYY-MM-DD male|female
 *   NUMBER invalid REASON        (REASON: empty, format, date)
 * NUMBER is echoed exactly as given. Exit 0 when all are valid, 1 when any
 * is not, 2 without arguments. */
#include "cli.h"

#include "ungdb/cpr.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb cpr NUMBER...\n"
               "  Checks each NUMBER (DDMMYYSSSS, optional '-' after the sixth digit) and\n"
               "  prints 'NUMBER valid YYYY-MM-DD male|female' or 'NUMBER invalid REASON'.\n"
               "  Exit status: 0 all valid, 1 some invalid, 2 usage.\n");
}

int cmd_cpr(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        usage(stdout);
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        ungdb_cpr c;
        ungdb_cpr_status st = ungdb_cpr_parse(argv[i], strlen(argv[i]), &c);
        if (st == UNGDB_CPR_VALID) {
            char buf[11];
            ungdb_date_format(c.birth, buf);
            printf("%s valid %s %s\n", argv[i], buf, c.male ? "male" : "female");
        } else {
            printf("%s invalid %s\n", argv[i], ungdb_cpr_reason(st));
            status = 1;
        }
    }
    if (fflush(stdout) != 0) {
        perror("ungdb: cpr: stdout");
        return 2;
    }
    return status;
}
