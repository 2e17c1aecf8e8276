/* cmd_rules.c - `ungdb rules list|eval|criteria`: the rules engine on the
 * command line (docs/cli.md, docs/rules.md).
 *   ungdb rules list [--json]
 *   ungdb rules eval CASE.json [--date D] [--json] [--lang da|en]
 *                    [--criteria FILE] [--summer-weeks A-B] [--only PREFIX]
 *   ungdb rules criteria FILE
 * Exit status: 0 evaluated (whatever the findings say), 1 bad input (the
 * case or criteria file, named with the JSON path or line), 2 usage. */
#include "cli.h"

#include "ungdb/rules.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb rules list [--json]\n"
               "       ungdb rules eval CASE.json [--date YYYY-MM-DD] [--json] [--lang da|en]\n"
               "                        [--criteria FILE] [--summer-weeks A-B] [--only PREFIX]\n"
               "       ungdb rules criteria FILE\n"
               "       ungdb rules simulate CRITERIA_FILE ATTENDANCE_DIR --from D --to D ...\n"
               "  list      every rule: id, legal reference, summary\n"
               "  eval      the findings of every rule on the case at the date (default today)\n"
               "  criteria  checks an institution's dropout-risk criteria file and shows it\n"
               "  simulate  replays criteria over past attendance, week by week\n"
               "  Exit status: 0 done, 1 bad input, 2 usage. See docs/rules.md.\n");
}

static int rules_list(int argc, char **argv)
{
    bool json = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else {
            fprintf(stderr, "ungdb: rules list: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    size_t n = ungdb_rules_count();
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            const ungdb_rule_info *r = ungdb_rules_get(i);
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(r->id));
            json_object_set_new(o, "family", json_string(r->family));
            json_object_set_new(o, "reference", json_string(r->reference));
            json_object_set_new(o, "summary_da", json_string(r->summary_da));
            json_object_set_new(o, "summary_en", json_string(r->summary_en));
            json_object_set_new(o, "draft", json_boolean(r->draft));
            json_array_append_new(arr, o);
        }
        char *s = json_dumps(arr, JSON_INDENT(2));
        json_decref(arr);
        if (!s) return 1;
        puts(s);
        free(s);
    } else {
        for (size_t i = 0; i < n; i++) {
            const ungdb_rule_info *r = ungdb_rules_get(i);
            printf("%s\t%s%s\t%s\n", r->id, r->reference, r->draft ? " [UDKAST/draft order]" : "",
                   r->summary_en);
        }
    }
    return fflush(stdout) ? 1 : 0;
}

static bool today(ungdb_date *out)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm)) return false;
    *out = ungdb_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return true;
}

static void print_text(const ungdb_findings *fl, const ungdb_case *c, ungdb_date on, bool da)
{
    char buf[11];
    ungdb_date_format(on, buf);
    size_t n = ungdb_findings_count(fl);
    size_t counts[UNGDB_FINDING_STATUSES] = {0};
    if (da)
        printf("Sag %s, vurderet %s: %zu fund\n", c->id ? c->id : "(uden id)", buf, n);
    else
        printf("Case %s, evaluated %s: %zu findings\n", c->id ? c->id : "(no id)", buf, n);
    for (size_t i = 0; i < n; i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        counts[f->status]++;
        printf("\n[%s] %s - %s%s\n",
               da ? ungdb_finding_status_da(f->status) : ungdb_finding_status_name(f->status),
               f->rule->id, f->rule->reference,
               f->rule->draft ? (da ? " (UDKAST til bekendtgørelse)" : " (DRAFT order)") : "");
        if (f->subject[0] || ungdb_date_is_set(f->due)) {
            printf("  ");
            if (f->subject[0]) printf("%s", f->subject);
            if (ungdb_date_is_set(f->due)) {
                ungdb_date_format(f->due, buf);
                printf("%s%s %s", f->subject[0] ? ", " : "", da ? "frist" : "due", buf);
            }
            printf("\n");
        }
        printf("  %s\n", da ? f->text_da : f->text_en);
    }
    printf("\n%s", da ? "I alt:" : "Total:");
    for (int s = 0; s < UNGDB_FINDING_STATUSES; s++)
        printf("%s %zu %s", s ? "," : "", counts[s],
               da ? ungdb_finding_status_da((ungdb_finding_status)s)
                  : ungdb_finding_status_name((ungdb_finding_status)s));
    printf("\n");
}

static int rules_eval(int argc, char **argv)
{
    const char *path = NULL, *criteria_path = NULL, *only = NULL;
    bool json = false, da = true;
    ungdb_date on;
    bool have_date = false;
    ungdb_rules_options opt = {0};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (!strcmp(a, "--json")) {
            json = true;
        } else if (!strcmp(a, "--date") && has_val) {
            const char *v = argv[++i];
            if (!ungdb_date_parse(v, strlen(v), &on)) {
                fprintf(stderr, "ungdb: rules eval: --date: '%s' is not a date (YYYY-MM-DD)\n", v);
                return 2;
            }
            have_date = true;
        } else if (!strcmp(a, "--lang") && has_val) {
            const char *v = argv[++i];
            if (!strcmp(v, "da"))
                da = true;
            else if (!strcmp(v, "en"))
                da = false;
            else {
                fprintf(stderr, "ungdb: rules eval: --lang: 'da' or 'en', not '%s'\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--criteria") && has_val) {
            criteria_path = argv[++i];
        } else if (!strcmp(a, "--only") && has_val) {
            only = argv[++i];
        } else if (!strcmp(a, "--summer-weeks") && has_val) {
            const char *v = argv[++i];
            int x, y;
            char tail;
            if (sscanf(v, "%d-%d%c", &x, &y, &tail) != 2 || x < 1 || y > 53 || x > y) {
                fprintf(stderr,
                        "ungdb: rules eval: --summer-weeks: 'A-B' with ISO weeks 1 <= A <= B "
                        "<= 53, not '%s'\n",
                        v);
                return 2;
            }
            opt.summer_from_week = x;
            opt.summer_to_week = y;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ungdb: rules eval: unknown option or missing value '%s'\n", a);
            return 2;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "ungdb: rules eval: one case file only\n");
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    if (!have_date && !today(&on)) {
        fprintf(stderr, "ungdb: rules eval: cannot read today's date; give --date\n");
        return 2;
    }
    ungdb_error err;
    ungdb_criteria *cr = NULL;
    if (criteria_path) {
        cr = malloc(sizeof *cr);
        if (!cr) return 1;
        ungdb_rc rc = ungdb_criteria_load(criteria_path, cr, &err);
        if (rc) {
            cli_print_error(rc, &err);
            free(cr);
            return 1;
        }
        opt.criteria = cr;
    }
    ungdb_case *c;
    ungdb_rc rc = ungdb_case_load(path, &c, &err);
    if (rc) {
        cli_print_error(rc, &err);
        free(cr);
        return 1;
    }
    ungdb_findings *fl = ungdb_findings_new();
    int status = 0;
    if (!fl || ungdb_rules_eval(c, on, &opt, only, fl)) {
        fprintf(stderr, "ungdb: rules eval: out of memory\n");
        status = 1;
    } else if (json) {
        char *s = ungdb_findings_json(fl, c, on);
        if (s) {
            puts(s);
            free(s);
        } else {
            status = 1;
        }
    } else {
        print_text(fl, c, on, da);
    }
    ungdb_findings_free(fl);
    ungdb_case_free(c);
    free(cr);
    if (fflush(stdout)) status = 1;
    return status;
}

static int rules_criteria(int argc, char **argv)
{
    if (argc != 3) {
        usage(stderr);
        return 2;
    }
    ungdb_criteria *cr = malloc(sizeof *cr);
    if (!cr) return 1;
    ungdb_error err;
    ungdb_rc rc = ungdb_criteria_load(argv[2], cr, &err);
    if (rc) {
        cli_print_error(rc, &err);
        free(cr);
        return 1;
    }
    printf("%s: %s%s%s, %zu criteria, a candidate when at least %d hit\n", argv[2],
           cr->institution[0] ? cr->institution : "(no institution)",
           cr->version[0] ? " version " : "", cr->version, cr->n, cr->min_hits);
    for (size_t i = 0; i < cr->n; i++) {
        const ungdb_criterion *c = &cr->items[i];
        long long t = (long long)c->threshold_milli;
        printf("  [%s] %s: %s", c->name, c->label, ungdb_measure_name(c->measure));
        if (c->measure == UNGDB_MEASURE_EVENTS)
            printf(" %s", ungdb_event_kind_name((ungdb_event_kind)c->kind));
        if (c->measure == UNGDB_MEASURE_NOTICES)
            printf(" %s", ungdb_notice_kind_name((ungdb_notice_kind)c->kind));
        printf(" >= %lld.%03lld over %d days", t / 1000, t % 1000, c->window_days);
        if (c->min_planned_minutes)
            printf(" (at least %lld planned minutes)", (long long)c->min_planned_minutes);
        printf("\n");
    }
    free(cr);
    return fflush(stdout) ? 1 : 0;
}

int cmd_rules(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "list")) return rules_list(argc, argv);
    if (!strcmp(argv[1], "eval")) return rules_eval(argc, argv);
    if (!strcmp(argv[1], "criteria")) return rules_criteria(argc, argv);
    if (!strcmp(argv[1], "simulate")) return cmd_rules_simulate(argc, argv);
    fprintf(stderr, "ungdb: rules: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
