/* cmd_register.c - `ungdb register build` and `ungdb register update`: a thin
 * client of ungdb_register_build/update with progress and a summary. */
#include "cli.h"

#include "ungdb/register.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb register build DELIVERIES_DIR --out OUT_DIR [--pupil-register FILE]\n"
               "                            [--pseudonymize KEYFILE] [--sqlite FILE] [--state DIR] "
               "[--quiet]\n"
               "       ungdb register update STATE_DIR DELIVERY_DIR... [--quiet]\n");
}

static void on_progress(void *ctx, const ungdb_progress *p)
{
    cli_progress *cp = ctx;
    char label[200];
    if (!strcmp(p->stage, "read") && p->delivery) {
        snprintf(label, sizeof label, "reading delivery %s (%zu of %zu)", p->delivery, p->done + 1,
                 p->total);
        cli_progress_bar(cp, label, (double)p->done, (double)p->total);
    } else if (!strcmp(p->stage, "write")) {
        snprintf(label, sizeof label, "writing tables (%zu of %zu)", p->done + 1, p->total);
        cli_progress_bar(cp, label, (double)p->done, (double)p->total);
    }
}

static void summary(const ungdb_register_summary *s, double seconds)
{
    printf("register built in %.1f s\n", seconds);
    printf("  deliveries      %zu\n", s->deliveries);
    printf("  input           %.1f MB, %llu rows read, %llu rejected (rejects.csv)\n",
           (double)s->bytes_read / 1e6, (unsigned long long)s->rows_read,
           (unsigned long long)s->rows_rejected);
    printf("  spells          %llu pupils, %llu staff, %llu groups, %llu pupil-group\n",
           (unsigned long long)s->pupils, (unsigned long long)s->staff,
           (unsigned long long)s->groups, (unsigned long long)s->pupil_groups);
    printf("  lessons         %llu, with %llu group and %llu staff links\n",
           (unsigned long long)s->lessons, (unsigned long long)s->lesson_groups,
           (unsigned long long)s->lesson_staff);
    if (s->ncounts) {
        printf("  top validation counts (validation.csv):\n");
        for (size_t i = 0; i < s->ncounts && i < 8; i++)
            printf("    %-28s %llu\n", s->counts[i].code, (unsigned long long)s->counts[i].count);
    } else {
        printf("  validation      no findings\n");
    }
}

int cmd_register(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    bool build = !strcmp(argv[1], "build");
    if (!build && strcmp(argv[1], "update")) {
        if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
            usage(stdout);
            return 0;
        }
        fprintf(stderr, "ungdb register: unknown subcommand '%s'\n", argv[1]);
        usage(stderr);
        return 2;
    }
    ungdb_register_opts o = {0};
    bool quiet = false;
    const char *positional[256];
    size_t npos = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **dst = NULL;
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
            continue;
        }
        if (build && !strcmp(a, "--out"))
            dst = &o.out_dir;
        else if (build && !strcmp(a, "--pupil-register"))
            dst = &o.pupil_register;
        else if (build && !strcmp(a, "--pseudonymize"))
            dst = &o.pseudonym_key;
        else if (build && !strcmp(a, "--sqlite"))
            dst = &o.sqlite_path;
        else if (build && !strcmp(a, "--state"))
            dst = &o.state_dir;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ungdb register %s: unknown option '%s'\n", argv[1], a);
            usage(stderr);
            return 2;
        }
        if (dst) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ungdb register %s: option '%s' needs a value\n", argv[1], a);
                return 2;
            }
            *dst = argv[++i];
        } else if (npos < sizeof positional / sizeof positional[0]) {
            positional[npos++] = a;
        } else {
            fprintf(stderr, "ungdb register: too many arguments\n");
            return 2;
        }
    }
    if (build ? (npos != 1 || !o.out_dir) : npos < 2) {
        usage(stderr);
        return 2;
    }
    cli_progress cp;
    cli_progress_init(&cp, quiet);
    o.progress = on_progress;
    o.progress_ctx = &cp;
    ungdb_register_summary sum;
    ungdb_error err;
    ungdb_rc rc =
        build ? ungdb_register_build(positional[0], &o, &sum, &err)
              : ungdb_register_update(positional[0], positional + 1, npos - 1, &o, &sum, &err);
    cli_progress_end(&cp);
    if (rc) {
        cli_print_error(rc, &err);
        if (rc == UNGDB_EDELIVERY) fprintf(stderr, "ungdb: nothing was written\n");
        return rc == UNGDB_EUSAGE ? 2 : 1;
    }
    if (!quiet) summary(&sum, cli_now() - cp.started);
    return 0;
}
