/* cmd_register.c - `ungdb register build`, `update` and `hours`: a thin
 * client of ungdb_register_build/update/hours with progress and a summary. */
#include "cli.h"

#include "ungdb/date.h"
#include "ungdb/register.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ungdb register build DELIVERIES_DIR --out OUT_DIR [--pupil-register FILE]\n"
            "                            [--pseudonymize KEYFILE] [--sqlite FILE] [--state DIR]\n"
            "                            [--dictionary FILE] [--quiet]\n"
            "       ungdb register update STATE_DIR DELIVERY_DIR... [--dictionary FILE] "
            "[--quiet]\n"
            "       ungdb register hours REGISTER_DIR [--school-year YEAR] [--from DATE] "
            "[--to DATE]\n"
            "                            [--csv FILE] [--svg FILE] [--quiet]\n");
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
    printf("  subjects        %llu distinct titles, %llu of them anden (%llu lessons); "
           "dictionary %s\n",
           (unsigned long long)s->titles, (unsigned long long)s->titles_anden,
           (unsigned long long)s->lessons_anden, s->dictionary);
    if (s->dictionary_changed)
        printf("  note            the dictionary differs from the one the state was written "
               "with:\n                  every lesson's subject was classified again "
               "(sha256 %.12s...)\n",
               s->dictionary_sha256);
    if (s->ncounts) {
        printf("  top validation counts (validation.csv):\n");
        for (size_t i = 0; i < s->ncounts && i < 8; i++)
            printf("    %-28s %llu\n", s->counts[i].code, (unsigned long long)s->counts[i].count);
    } else {
        printf("  validation      no findings\n");
    }
}

static void hours_summary(const ungdb_hours_summary *s, const char *csv, const char *svg,
                          double seconds)
{
    char a[11], b[11];
    ungdb_date_format((ungdb_date){.day = s->from}, a);
    ungdb_date_format((ungdb_date){.day = s->to}, b);
    printf("hours against the norm, school year %d/%02d (folkeskoleloven § 14 b, stk. 1; "
           "register spec § 9)\n",
           s->school_year, (s->school_year + 1) % 100);
    printf("  period        %s to %s: %d of the year's %d school days (%.1f %%); the norm is\n"
           "                pro-rated to the school days each pupil was enrolled\n",
           a, b, s->school_days, s->school_days_year,
           100.0 * s->school_days / (s->school_days_year ? s->school_days_year : 1));
    printf("  pupils        %llu in grades 0-9 (%.1f full-period equivalents); %llu "
           "pupil-lessons, %.0f hours\n",
           (unsigned long long)s->pupils, s->fte_pupils, (unsigned long long)s->pupil_lessons,
           (double)s->pupil_minutes / 60.0);
    if (s->institutions) {
        printf("  institutions  %zu; %zu (%.1f %%) within 85-115 %% of the norm\n", s->institutions,
               s->in_band, 100.0 * (double)s->in_band / (double)s->institutions);
        printf("  percent       min %.1f, quartiles %.1f / %.1f / %.1f, max %.1f "
               "(average pupil per institution)\n",
               s->pct_min, s->pct_q1, s->pct_median, s->pct_q3, s->pct_max);
        printf("  by grade      median %%:");
        for (int g = 0; g < 10; g++)
            if (s->grade_institutions[g]) printf(" %d: %.0f", g, s->grade_median[g]);
        printf("\n");
    } else {
        printf("  institutions  none with pupils in grades 0-9 in the period\n");
    }
    if (s->memberships_without_pupil)
        printf("  not counted   %llu elev_gruppe rows without a pupil in elev.csv\n",
               (unsigned long long)s->memberships_without_pupil);
    if (s->unattributed_lessons)
        printf("  not counted   %llu pupil-lessons on days without a grade in elev.csv\n",
               (unsigned long long)s->unattributed_lessons);
    if (s->dangling_links)
        printf("  not counted   %llu gruppe_lektion rows whose lesson is not in lektion.csv\n",
               (unsigned long long)s->dangling_links);
    printf("  written       %s%s%s (%.1f s)\n", csv, svg ? ", " : "", svg ? svg : "", seconds);
}

static bool parse_date_arg(const char *s, int32_t *out)
{
    ungdb_date d;
    if (!ungdb_date_parse(s, strlen(s), &d)) return false;
    *out = d.day;
    return true;
}

static int cmd_hours(int argc, char **argv)
{
    ungdb_hours_opts o = {.from = INT32_MIN, .to = INT32_MAX};
    const char *dir = NULL, *csv = NULL, *svg = NULL;
    bool quiet = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = true;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        bool opt = !strcmp(a, "--school-year") || !strcmp(a, "--from") || !strcmp(a, "--to") ||
                   !strcmp(a, "--csv") || !strcmp(a, "--svg");
        if (!opt && a[0] == '-' && a[1]) {
            fprintf(stderr, "ungdb register hours: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
        if (!opt) {
            if (dir) {
                fprintf(stderr, "ungdb register hours: one register directory only\n");
                return 2;
            }
            dir = a;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "ungdb register hours: option '%s' needs a value\n", a);
            return 2;
        }
        const char *v = argv[++i];
        long y;
        if (!strcmp(a, "--school-year")) {
            if (!cli_parse_long(v, &y) || y < UNGDB_CAL_MIN_YEAR || y >= UNGDB_CAL_MAX_YEAR) {
                fprintf(stderr, "ungdb register hours: --school-year: not a year %d-%d: '%s'\n",
                        UNGDB_CAL_MIN_YEAR, UNGDB_CAL_MAX_YEAR - 1, v);
                return 2;
            }
            o.school_year = (int)y;
        } else if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
            if (!parse_date_arg(v, !strcmp(a, "--from") ? &o.from : &o.to)) {
                fprintf(stderr, "ungdb register hours: %s: not a date YYYY-MM-DD: '%s'\n", a, v);
                return 2;
            }
        } else if (!strcmp(a, "--csv")) {
            csv = v;
        } else {
            svg = v;
        }
    }
    if (!dir) {
        usage(stderr);
        return 2;
    }
    if (o.from != INT32_MIN && o.to != INT32_MAX && o.to < o.from) {
        fprintf(stderr, "ungdb register hours: --to is before --from\n");
        return 2;
    }
    char csv_def[4096], svg_def[4096];
    if (!csv) {
        snprintf(csv_def, sizeof csv_def, "%s/hours.csv", dir);
        csv = csv_def;
    }
    if (!svg) {
        snprintf(svg_def, sizeof svg_def, "%s/hours.svg", dir);
        svg = svg_def;
    }
    o.register_dir = dir;
    o.csv_path = csv;
    o.svg_path = svg;
    double t0 = cli_now();
    ungdb_hours_summary sum;
    ungdb_error err;
    ungdb_rc rc = ungdb_register_hours(&o, &sum, &err);
    if (rc) {
        cli_print_error(rc, &err);
        fprintf(stderr, "ungdb: nothing was written\n");
        return rc == UNGDB_EUSAGE ? 2 : 1;
    }
    if (!quiet) hours_summary(&sum, csv, svg, cli_now() - t0);
    return 0;
}

int cmd_register(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "hours")) return cmd_hours(argc, argv);
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
        else if (!strcmp(a, "--dictionary"))
            dst = &o.dictionary;
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
    o.dictionary = cli_dictionary_path(o.dictionary);
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
