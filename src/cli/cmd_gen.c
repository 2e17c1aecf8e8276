/* cmd_gen.c - `ungdb gen`: writes synthetic weekly deliveries (docs/gen.md). */
#include "cli.h"
#include "ungdb/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb gen --out DIR --institutions K --pupils-per-institution P --weeks W\n"
               "                 --seed S [--errors RATE] [--start YYYY-MM-DD] [--quiet]\n"
               "\n"
               "Writes W weekly deliveries (DIR/YYYY-MM-DD/, extracted on the --start date\n"
               "and every 7 days after; default 2025-06-02) for K schools of P pupils each.\n"
               "--errors RATE injects errors into about that share of rows (0-1, default 0).\n"
               "Same arguments, same bytes. See docs/gen.md.\n"
               "\n"
               "       ungdb gen attendance --out DIR --pupils N --from D --to D --seed S\n"
               "writes attendance for `ungdb rules simulate` (see docs/gen.md).\n");
}

static void on_progress(void *ctx, int week, int weeks)
{
    cli_progress *p = ctx;
    char label[64];
    snprintf(label, sizeof label, "delivery %d of %d", week, weeks);
    cli_progress_bar(p, label, week, weeks);
}

static bool need_int(const char *opt, const char *val, long lo, long hi, long *out)
{
    if (!val) {
        fprintf(stderr, "ungdb gen: %s needs a value\n", opt);
        return false;
    }
    if (!cli_parse_long(val, out) || *out < lo || *out > hi) {
        fprintf(stderr, "ungdb gen: %s must be a whole number %ld-%ld, not '%s'\n", opt, lo, hi,
                val);
        return false;
    }
    return true;
}

int cmd_gen(int argc, char **argv)
{
    ungdb_gen_opts o = {0};
    bool quiet = false, have_k = false, have_p = false, have_w = false, have_s = false;
    long v;
    if (argc > 1 && !strcmp(argv[1], "attendance")) return cmd_gen_attendance(argc, argv);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
        } else if (!strcmp(a, "--out")) {
            if (!val) goto missing;
            o.out_dir = val;
            i++;
        } else if (!strcmp(a, "--institutions")) {
            if (!need_int(a, val, 1, 60000, &v)) return 2;
            o.institutions = (int)v;
            have_k = true;
            i++;
        } else if (!strcmp(a, "--pupils-per-institution")) {
            if (!need_int(a, val, 1, 5000, &v)) return 2;
            o.pupils_per_institution = (int)v;
            have_p = true;
            i++;
        } else if (!strcmp(a, "--weeks")) {
            if (!need_int(a, val, 1, 1040, &v)) return 2;
            o.weeks = (int)v;
            have_w = true;
            i++;
        } else if (!strcmp(a, "--seed")) {
            if (!val || !cli_parse_long(val, &v)) {
                fprintf(stderr, "ungdb gen: --seed needs a whole number\n");
                return 2;
            }
            o.seed = (uint64_t)v;
            have_s = true;
            i++;
        } else if (!strcmp(a, "--errors")) {
            char *end = NULL;
            double r = val ? strtod(val, &end) : -1;
            if (!val || !end || *end || !(r >= 0 && r <= 1)) {
                fprintf(stderr, "ungdb gen: --errors must be a share 0-1 (e.g. 0.002)\n");
                return 2;
            }
            o.error_rate = r;
            i++;
        } else if (!strcmp(a, "--start")) {
            if (!val || !ungdb_date_parse(val, strlen(val), &o.first_extracted)) {
                fprintf(stderr, "ungdb gen: --start must be a real date YYYY-MM-DD\n");
                return 2;
            }
            i++;
        } else {
            fprintf(stderr, "ungdb gen: unknown option '%s'\n\n", a);
            usage(stderr);
            return 2;
        }
        continue;
    missing:
        fprintf(stderr, "ungdb gen: %s needs a value\n", a);
        return 2;
    }
    if (!o.out_dir || !have_k || !have_p || !have_w || !have_s) {
        fprintf(stderr, "ungdb gen: --out, --institutions, --pupils-per-institution, --weeks "
                        "and --seed are required\n\n");
        usage(stderr);
        return 2;
    }

    cli_progress prog;
    cli_progress_init(&prog, quiet);
    o.progress = on_progress;
    o.progress_ctx = &prog;
    ungdb_error err;
    ungdb_rc rc = ungdb_gen(&o, &err);
    cli_progress_end(&prog);
    if (rc != UNGDB_OK) {
        cli_print_error(rc, &err);
        return rc == UNGDB_EUSAGE ? 2 : 1;
    }
    cli_progress_line(&prog, "wrote %d deliveries to %s in %.1f s", o.weeks, o.out_dir,
                      cli_now() - prog.started);
    if (!quiet && prog.tty) fputc('\n', stderr);
    return 0;
}
