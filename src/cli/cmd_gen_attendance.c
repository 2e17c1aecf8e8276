/* cmd_gen_attendance.c - `ungdb gen attendance`: synthetic attendance,
 * events and notices for `ungdb rules simulate` (docs/gen.md "Attendance"). */
#include "cli.h"
#include "ungdb/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb gen attendance --out DIR --pupils N --from YYYY-MM-DD\n"
               "                            --to YYYY-MM-DD --seed S [--quiet]\n"
               "\n"
               "Writes DIR/attendance.csv (a row per pupil per school day), events.csv and\n"
               "notices.csv for N pupils (1-10000000) over the school days from..to (at most\n"
               "10 years). Same arguments, same bytes. See docs/gen.md.\n");
}

static void on_progress(void *ctx, double done)
{
    cli_progress_bar(ctx, "school days", done * 100, 100);
}

int cmd_gen_attendance(int argc, char **argv)
{
    ungdb_gen_attendance_opts o = {0};
    bool quiet = false, have_n = false, have_from = false, have_to = false, have_seed = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        long v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
            continue;
        } else if (!val) {
            fprintf(stderr, "ungdb gen attendance: unknown option or missing value '%s'\n", a);
            return 2;
        } else if (!strcmp(a, "--out")) {
            o.out_dir = val;
        } else if (!strcmp(a, "--pupils")) {
            if (!cli_parse_long(val, &v) || v < 1 || v > 10000000) {
                fprintf(stderr, "ungdb gen attendance: --pupils must be 1-10000000\n");
                return 2;
            }
            o.pupils = (uint32_t)v;
            have_n = true;
        } else if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
            ungdb_date *d = a[2] == 'f' ? &o.from : &o.to;
            if (!ungdb_date_parse(val, strlen(val), d)) {
                fprintf(stderr, "ungdb gen attendance: %s must be a real date YYYY-MM-DD\n", a);
                return 2;
            }
            if (a[2] == 'f')
                have_from = true;
            else
                have_to = true;
        } else if (!strcmp(a, "--seed")) {
            if (!cli_parse_long(val, &v)) {
                fprintf(stderr, "ungdb gen attendance: --seed needs a whole number\n");
                return 2;
            }
            o.seed = (uint64_t)v;
            have_seed = true;
        } else {
            fprintf(stderr, "ungdb gen attendance: unknown option '%s'\n\n", a);
            usage(stderr);
            return 2;
        }
        i++;
    }
    if (!o.out_dir || !have_n || !have_from || !have_to || !have_seed) {
        fprintf(stderr, "ungdb gen attendance: --out, --pupils, --from, --to and --seed are "
                        "required\n\n");
        usage(stderr);
        return 2;
    }
    if (o.to.day < o.from.day || o.to.day - o.from.day > 3660) {
        fprintf(stderr, "ungdb gen attendance: --to must be on or after --from, within 10 "
                        "years\n");
        return 2;
    }
    cli_progress prog;
    cli_progress_init(&prog, quiet);
    o.progress = on_progress;
    o.progress_ctx = &prog;
    ungdb_gen_attendance_stats st;
    ungdb_error err;
    ungdb_rc rc = ungdb_gen_attendance(&o, &st, &err);
    cli_progress_end(&prog);
    if (rc != UNGDB_OK) {
        cli_print_error(rc, &err);
        return rc == UNGDB_EUSAGE ? 2 : 1;
    }
    cli_progress_line(&prog,
                      "wrote %llu attendance rows (%u school days), %llu events, %llu notices "
                      "to %s in %.1f s",
                      (unsigned long long)st.attendance_rows, st.school_days,
                      (unsigned long long)st.event_rows, (unsigned long long)st.notice_rows,
                      o.out_dir, cli_now() - prog.started);
    if (!quiet && prog.tty) fputc('\n', stderr);
    return 0;
}
