/* cmd_simulate.c - `ungdb rules simulate`: an institution's dropout-risk
 * criteria replayed week by week over its historical attendance
 * (docs/rules.md "Simulating criteria", docs/cli.md).
 *
 *   ungdb rules simulate CRITERIA_FILE ATTENDANCE_DIR --from D --to D
 *                        [--csv FILE] [--rejects FILE] [--threads N]
 *
 * Exit status: 0 the report was printed and every row was read; 1 bad input:
 * the criteria file or the attendance directory cannot be used (nothing
 * printed on stdout), or rows were rejected (the report is printed, without
 * them, and stderr names each); 2 usage. */
#include "cli.h"

#include "ungdb/simulate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seed 000, section 3, first recommendation, quoted in the output. */
static const char *const GUIDANCE =
    "The guidance on reporting pupils at risk of dropout to Ungedatabasen (seed 000),\n"
    "section 3 \"Anbefalinger til uddannelsesinstitution\", recommends that the\n"
    "institution set up concrete criteria from its conduct rules and evaluate them\n"
    "continuously: \"... at institutionen udarbejder konkrete kriterier for, hvordan\n"
    "institutionen vurderer om en elev er i risiko for frafald samt at\n"
    "vurderingskriterierne løbende evalueres.\" The criteria are the institution's own\n"
    "(vejledningsbekendtgørelsen § 36; bekendtgørelse om erhvervsuddannelser § 55,\n"
    "stk. 2, nr. 9). A flag only proposes a candidate: a report to Ungedatabasen is\n"
    "always a person's concrete assessment of the pupil's current risk\n"
    "(vejledningsbekendtgørelsen § 36).\n";

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb rules simulate CRITERIA_FILE ATTENDANCE_DIR --from YYYY-MM-DD\n"
               "                            --to YYYY-MM-DD [--csv FILE] [--rejects FILE]\n"
               "                            [--threads N]\n"
               "  Replays the criteria over the attendance in ATTENDANCE_DIR (attendance.csv,\n"
               "  optional events.csv and notices.csv) and prints, for each ISO week from the\n"
               "  one holding --from to the one holding --to, how many pupils they flag on the\n"
               "  week's Sunday. Exit status: 0 done, 1 bad input or rejected rows, 2 usage.\n"
               "  See docs/rules.md.\n");
}

static void print_criterion(FILE *f, size_t i, const ungdb_criterion *c)
{
    long long t = (long long)c->threshold_milli;
    fprintf(f, "  c%zu [%s]", i + 1, c->name);
    if (strcmp(c->label, c->name)) fprintf(f, " %s", c->label);
    fprintf(f, ": %s", ungdb_measure_name(c->measure));
    if (c->measure == UNGDB_MEASURE_EVENTS)
        fprintf(f, " %s", ungdb_event_kind_name((ungdb_event_kind)c->kind));
    if (c->measure == UNGDB_MEASURE_NOTICES)
        fprintf(f, " %s", ungdb_notice_kind_name((ungdb_notice_kind)c->kind));
    if (t % 1000)
        fprintf(f, " >= %lld.%03lld", t / 1000, t % 1000);
    else
        fprintf(f, " >= %lld", t / 1000);
    fprintf(f, " over %d days", c->window_days);
    if (c->min_planned_minutes)
        fprintf(f, " (at least %lld planned minutes)", (long long)c->min_planned_minutes);
    fprintf(f, "\n");
}

static void print_report(const ungdb_criteria *cr, const char *crit_path, const char *dir,
                         const ungdb_sim_result *r)
{
    char a[11], b[11];
    printf("Simulation of dropout-risk criteria\n\n%s\n", GUIDANCE);
    printf("Criteria: %s%s%s (%s): a pupil is flagged when at least %d of %zu hit\n",
           cr->institution[0] ? cr->institution : "(no institution)",
           cr->version[0] ? ", version " : "", cr->version, crit_path, cr->min_hits, cr->n);
    for (size_t i = 0; i < cr->n; i++)
        print_criterion(stdout, i, &cr->items[i]);
    printf("Attendance: %s\n", dir);
    for (int f = 0; f < UNGDB_SIM_FILES; f++) {
        const ungdb_sim_file_stats *s = &r->files[f];
        const char *fn = ungdb_sim_file_name((ungdb_sim_file)f);
        if (!s->present) {
            printf("  %s: not present\n", fn);
            continue;
        }
        printf("  %s: %llu rows", fn, (unsigned long long)s->rows);
        if (ungdb_date_is_set(s->first)) {
            ungdb_date_format(s->first, a);
            ungdb_date_format(s->last, b);
            printf(", dated %s..%s", a, b);
        }
        printf("; %llu rejected; %llu outside the days used\n", (unsigned long long)s->rejected,
               (unsigned long long)s->outside);
        if (s->unused_columns[0]) printf("    columns not used: %s\n", s->unused_columns);
    }
    for (size_t i = 0; i < cr->n; i++) {
        ungdb_measure m = cr->items[i].measure;
        int need = m == UNGDB_MEASURE_EVENTS    ? UNGDB_SIM_EVENTS
                   : m == UNGDB_MEASURE_NOTICES ? UNGDB_SIM_NOTICES
                                                : -1;
        if (need >= 0 && !r->files[need].present)
            printf("  note: c%zu [%s] counts %s, but there is no %s: it cannot hit\n", i + 1,
                   cr->items[i].name, ungdb_measure_name(m),
                   ungdb_sim_file_name((ungdb_sim_file)need));
    }
    printf("  pupils: %llu\n", (unsigned long long)r->pupils);
    if (r->rejected)
        printf("  WARNING: %llu rows rejected (see stderr): the counts leave them out\n",
               (unsigned long long)r->rejected);
    int y0, w0, y1, w1;
    ungdb_iso_week(r->weeks[0].monday, &y0, &w0);
    ungdb_iso_week(r->weeks[r->nweeks - 1].monday, &y1, &w1);
    ungdb_date_format(r->read_from, a);
    ungdb_date_format(r->read_to, b);
    printf("Weeks: %d-W%02d .. %d-W%02d (%zu), each evaluated on its Sunday; days used %s..%s\n",
           y0, w0, y1, w1, r->nweeks, a, b);
    printf("  active: pupils with lesson minutes in the week; flagged: pupils the criteria\n"
           "  flag on the Sunday; new: flagged for the first time in these weeks;\n"
           "  cumulative: pupils flagged so far; cN: pupils criterion N hits on the Sunday\n\n");
    printf("%-8s  %-10s  %7s  %7s  %5s  %10s", "week", "monday", "active", "flagged", "new",
           "cumulative");
    for (size_t i = 0; i < cr->n; i++) {
        char h[24];
        snprintf(h, sizeof h, "c%zu", i + 1);
        printf("  %6s", h);
    }
    printf("\n");
    for (size_t w = 0; w < r->nweeks; w++) {
        const ungdb_sim_week *k = &r->weeks[w];
        int y, wk;
        ungdb_iso_week(k->monday, &y, &wk);
        ungdb_date_format(k->monday, a);
        printf("%d-W%02d  %s  %7u  %7u  %5u  %10u", y, wk, a, k->active, k->flagged, k->newly,
               k->cumulative);
        for (size_t i = 0; i < cr->n; i++)
            printf("  %6u", k->hits[i]);
        printf("\n");
    }
}

static bool write_csv(const char *path, const ungdb_criteria *cr, const ungdb_sim_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    fprintf(f, "week,monday,active,flagged,new,cumulative");
    for (size_t i = 0; i < cr->n; i++)
        fprintf(f, ",%s", cr->items[i].name);
    fprintf(f, "\n");
    for (size_t w = 0; w < r->nweeks; w++) {
        const ungdb_sim_week *k = &r->weeks[w];
        char a[11];
        int y, wk;
        ungdb_iso_week(k->monday, &y, &wk);
        ungdb_date_format(k->monday, a);
        fprintf(f, "%d-W%02d,%s,%u,%u,%u,%u", y, wk, a, k->active, k->flagged, k->newly,
                k->cumulative);
        for (size_t i = 0; i < cr->n; i++)
            fprintf(f, ",%u", k->hits[i]);
        fprintf(f, "\n");
    }
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

/* CSV quoting for a message (it may hold a comma). */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static bool write_rejects(const char *path, const ungdb_sim_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    fprintf(f, "file,line,field,message\n");
    for (size_t i = 0; i < r->nrejects; i++) {
        const ungdb_sim_reject *j = &r->rejects[i];
        fprintf(f, "%s,%ld,%s,", ungdb_sim_file_name((ungdb_sim_file)j->file), j->line, j->field);
        csv_field(f, j->message);
        fputc('\n', f);
    }
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

static bool date_opt(const char *opt, const char *v, ungdb_date *out)
{
    if (!ungdb_date_parse(v, strlen(v), out)) {
        fprintf(stderr, "ungdb: rules simulate: %s: '%s' is not a date (YYYY-MM-DD)\n", opt, v);
        return false;
    }
    return true;
}

int cmd_rules_simulate(int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL}, *csv = NULL, *rejects = NULL;
    size_t npos = 0;
    bool have_from = false, have_to = false;
    ungdb_sim_opts opt = {0};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--from") && has_val) {
            if (!date_opt(a, argv[++i], &opt.from)) return 2;
            have_from = true;
        } else if (!strcmp(a, "--to") && has_val) {
            if (!date_opt(a, argv[++i], &opt.to)) return 2;
            have_to = true;
        } else if (!strcmp(a, "--csv") && has_val) {
            csv = argv[++i];
        } else if (!strcmp(a, "--rejects") && has_val) {
            rejects = argv[++i];
        } else if (!strcmp(a, "--threads") && has_val) {
            long t;
            if (!cli_parse_long(argv[++i], &t) || t < 1 || t > 8) {
                fprintf(stderr, "ungdb: rules simulate: --threads: a whole number 1-8\n");
                return 2;
            }
            opt.threads = (int)t;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ungdb: rules simulate: unknown option or missing value '%s'\n", a);
            return 2;
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            fprintf(stderr, "ungdb: rules simulate: one criteria file and one directory\n");
            return 2;
        }
    }
    if (npos != 2 || !have_from || !have_to) {
        usage(stderr);
        return 2;
    }
    if (opt.to.day < opt.from.day) {
        fprintf(stderr, "ungdb: rules simulate: --to is before --from\n");
        return 2;
    }
    opt.keep_rejects = rejects ? 100000 : 10;
    ungdb_criteria *cr = malloc(sizeof *cr);
    if (!cr) return 1;
    ungdb_error err;
    ungdb_rc rc = ungdb_criteria_load(pos[0], cr, &err);
    if (rc) {
        cli_print_error(rc, &err);
        free(cr);
        return 1;
    }
    ungdb_sim_result *r;
    rc = ungdb_simulate(cr, pos[1], &opt, &r, &err);
    if (rc) {
        cli_print_error(rc, &err);
        free(cr);
        return rc == UNGDB_EUSAGE ? 2 : 1;
    }
    int status = 0;
    print_report(cr, pos[0], pos[1], r);
    if (fflush(stdout)) status = 1;
    if (csv && !write_csv(csv, cr, r)) {
        fprintf(stderr, "ungdb: rules simulate: cannot write %s\n", csv);
        status = 1;
    }
    if (r->rejected) {
        size_t show = r->nrejects < 10 ? r->nrejects : 10;
        for (size_t i = 0; i < show; i++) {
            const ungdb_sim_reject *j = &r->rejects[i];
            fprintf(stderr, "ungdb: rejected: %s:%ld: %s%s%s\n", r->files[j->file].name, j->line,
                    j->field, j->field[0] ? ": " : "", j->message);
        }
        fprintf(stderr, "ungdb: %llu rows rejected in all", (unsigned long long)r->rejected);
        if (rejects) {
            if (!write_rejects(rejects, r)) {
                fprintf(stderr, "\nungdb: rules simulate: cannot write %s\n", rejects);
            } else {
                fprintf(stderr, "; %s lists %s%zu\n", rejects,
                        r->nrejects < r->rejected ? "the first " : "", r->nrejects);
            }
        } else {
            fprintf(stderr, " (--rejects FILE lists them)\n");
        }
        status = 1;
    } else if (rejects && !write_rejects(rejects, r)) {
        fprintf(stderr, "ungdb: rules simulate: cannot write %s\n", rejects);
        status = 1;
    }
    ungdb_sim_result_free(r);
    free(cr);
    return status;
}
