/* cmd_import.c - `ungdb import`: deliveries into the server's store. */
#include "cli.h"
#include "import/import.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb import DELIVERY_DIR... [--db FILE] [--quiet]\n"
               "\n"
               "Loads roster and schedule deliveries (each DELIVERY_DIR is one delivery or a\n"
               "directory of deliveries) into the store (default ungdb.sqlite): institutions,\n"
               "persons, enrolments, groups, lessons. Rejected rows are listed on stderr.\n"
               "Importing the same deliveries again changes nothing. See docs/server.md.\n");
}

int cmd_import(int argc, char **argv)
{
    const char *dbp = "ungdb.sqlite";
    const char *dirs[256];
    size_t n = 0;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--db")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ungdb import: --db needs a value\n");
                return 2;
            }
            dbp = argv[++i];
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            quiet = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "ungdb import: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (n < sizeof dirs / sizeof dirs[0]) {
            dirs[n++] = argv[i];
        } else {
            fprintf(stderr, "ungdb import: at most 256 directories\n");
            return 2;
        }
    }
    if (!n) {
        usage(stderr);
        return 2;
    }
    import_summary s;
    ungdb_error err;
    ungdb_error_clear(&err);
    ungdb_rc rc = import_deliveries(dbp, dirs, n, stderr, &s, &err);
    if (rc) {
        cli_print_error(rc, &err);
        return rc == UNGDB_EUSAGE ? 2 : 1;
    }
    if (!quiet)
        printf("import into %s\n  deliveries      %zu\n  rows rejected   %llu\n"
               "  enrolments      %llu\n  groups          %llu\n  memberships     %llu\n"
               "  lessons         %llu\n  lesson groups   %llu\n  lesson staff    %llu\n"
               "  not loaded      %llu\n  rows changed    %lld%s\n",
               dbp, s.deliveries, (unsigned long long)s.rows_rejected,
               (unsigned long long)s.enrolments, (unsigned long long)s.groups,
               (unsigned long long)s.members, (unsigned long long)s.lessons,
               (unsigned long long)s.lesson_groups, (unsigned long long)s.lesson_staff,
               (unsigned long long)s.skipped, (long long)s.changed,
               s.changed ? "" : " (already imported: nothing to do)");
    return 0;
}
