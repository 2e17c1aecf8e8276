/* demo.c - `ungdb serve --demo`: a small generated municipality in an empty
 * store. Three institutions (two folkeskoler and one FGU institution) from
 * the delivery generator, imported like real deliveries; residences in two
 * municipalities; guardians; attendance of the past days; a few cases; and
 * one demo user per role, printed with their passwords at start. */
#include "server_internal.h"

#include "import/import.h"
#include "ungdb/date.h"
#include "ungdb/gen.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEMO_MUNI "0751"  /* Aarhus */
#define OTHER_MUNI "0746" /* Skanderborg */

static void remove_tree(const char *path)
{
    DIR *dh = opendir(path);
    if (dh) {
        struct dirent *e;
        while ((e = readdir(dh))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
        }
        closedir(dh);
    }
    rmdir(path);
}

typedef struct demo_user {
    const char *name;
    db_role role;
    const char *what;
} demo_user;

/* Fixed, documented demo passwords: the demo is for trying the API (and its
 * documented examples run against it); never for real data. */
static const char *password_of(const char *user, char out[64])
{
    snprintf(out, 64, "%s-demo-pw", user);
    return out;
}

/* A young person of the demo's own CPR series (7th digit 9), `age` years
 * and 40 + 23 n days old today, resident in `muni`; user id demo-fgu-NN. */
static ungdb_rc demo_young(db *d, ungdb_date today, int n, const char *given, int age,
                           const char *muni, int64_t *id, ungdb_error *err)
{
    int y, m, dd;
    ungdb_date_to_ymd(today, &y, &m, &dd);
    if (m == 2 && dd == 29) dd = 28;
    ungdb_date b = ungdb_add_days(ungdb_date_from_ymd(y - age, m, dd), -(40 + 23 * n));
    ungdb_date_to_ymd(b, &y, &m, &dd);
    char cpr[24], user[24], birth[11];
    snprintf(cpr, sizeof cpr, "%02d%02d%02d9%03d", dd, m, y % 100, 100 + 2 * n + (n % 2));
    snprintf(user, sizeof user, "demo-fgu-%02d", n + 1);
    ungdb_date_format(b, birth);
    ungdb_rc rc;
    if ((rc = db_import_person(d, user, cpr, birth, id, err)) ||
        (rc = db_import_person_names(d, user, given, "Demoelev", err)) ||
        (rc = db_set_residence(d, *id, muni, err)))
        return rc;
    return UNGDB_OK;
}

/* Twelve FGU pupils of 16-24 years (the first is 17 and lives in the demo
 * municipality, *first gets it; the 5th lives in the other one), enrolled
 * from 8 weeks ago in the FGU institution's main groups, in turn. */
static ungdb_rc demo_fgu_pupils(db *d, int64_t inst, ungdb_date today, int64_t ids[12],
                                ungdb_error *err)
{
    static const char *const given[12] = {"Emil",  "Sara", "Noah",  "Ida",   "Lucas", "Freja",
                                          "Oscar", "Alma", "Malte", "Clara", "Aksel", "Ella"};
    static const int ages[12] = {17, 18, 19, 16, 20, 21, 17, 22, 23, 19, 24, 18};
    json_t *groups = NULL;
    ungdb_rc rc = db_groups_list(d, inst, &groups, err);
    if (rc) return rc;
    int64_t main_groups[16];
    size_t ng = 0, gi;
    json_t *gr;
    json_array_foreach(groups, gi, gr)
    {
        if (ng < 16 && !strcmp(json_string_value(json_object_get(gr, "type")), "main"))
            main_groups[ng++] = json_integer_value(json_object_get(gr, "id"));
    }
    json_decref(groups);
    if (!ng) return ungdb_error_set(err, UNGDB_EINTERNAL, "", 0, "", "demo: no FGU groups");
    char start[11];
    ungdb_date_format(ungdb_add_days(today, -56), start);
    for (int i = 0; i < 12 && !rc; i++) {
        int64_t id = 0;
        if ((rc = demo_young(d, today, i, given[i], ages[i], i == 4 ? OTHER_MUNI : DEMO_MUNI, &id,
                             err)) ||
            (rc = db_import_enrolment(d, id, inst, "pupil", -1, start, NULL, err)) ||
            (rc = db_import_member(d, main_groups[(size_t)i % ng], id, start, NULL, err)))
            break;
        ids[i] = id;
    }
    return rc;
}

/* ---- demo content: attendance of the past days, cases, criteria files ---- */

/* The institutions' criteria files (docs/rules.md): each institution's own
 * reading of its conduct rules (VBK § 36; EUD-BEK § 55, stk. 2, nr. 9). */
static const char demo_criteria_school[] =
    "# Eksempel: en folkeskoles kriterier for bekymrende fravær\n"
    "institution = %s\n"
    "version = demo\n"
    "min_hits = 1\n"
    "\n"
    "[unlawful-absence-4w]\n"
    "label = Ulovligt fravær på mindst 10 %% de seneste 4 uger\n"
    "measure = unlawful_absence_percent\n"
    "window = 4 weeks\n"
    "threshold = 10\n"
    "min_planned_hours = 10\n"
    "\n"
    "[absence-2w]\n"
    "label = Fravær i alt på mindst 20 %% de seneste 2 uger\n"
    "measure = absence_percent\n"
    "window = 2 weeks\n"
    "threshold = 20\n"
    "min_planned_hours = 10\n";

static const char demo_criteria_fgu[] =
    "# Eksempel: FGU-institutionens kriterier (studie- og ordensregler)\n"
    "institution = FGU Østjylland\n"
    "version = demo\n"
    "min_hits = 1\n"
    "\n"
    "[unlawful-absence-4w]\n"
    "label = Ulovligt fravær på mindst 10 % de seneste 4 uger\n"
    "measure = unlawful_absence_percent\n"
    "window = 4 weeks\n"
    "threshold = 10\n"
    "min_planned_hours = 10\n"
    "\n"
    "[unlawful-hours-2w]\n"
    "label = Mindst 8 timers ulovligt fravær de seneste 2 uger\n"
    "measure = unlawful_absence_hours\n"
    "window = 2 weeks\n"
    "threshold = 8\n"
    "\n"
    "[concern-notices]\n"
    "label = Meddelelse om bekymrende fravær inden for 90 dage\n"
    "measure = notices\n"
    "kind = concern_absence\n"
    "window = 90 days\n"
    "threshold = 1\n"
    "\n"
    "[missing-hand-ins]\n"
    "label = Mindst 3 manglende afleveringer de seneste 30 dage\n"
    "measure = events\n"
    "kind = missing_hand_in\n"
    "window = 30 days\n"
    "threshold = 3\n";

/* A deterministic draw in [0, 1000) for a pupil and a lesson. */
static unsigned draw(int64_t a, int64_t b)
{
    uint64_t x = (uint64_t)a * 0x9e3779b97f4a7c15u ^ (uint64_t)b * 0xc2b2ae3d27d4eb4fu;
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 29;
    return (unsigned)(x % 1000);
}

/* Attendance of every lesson that started before today: most pupils
 * present, a little lawful and unlawful absence, and the pupils of `risky`
 * with unlawful absence rising week by week (5 %, 25 %, 60 %), so that the
 * criteria point to them. */
static ungdb_rc demo_attendance(db *d, int64_t inst, ungdb_date first, ungdb_date today,
                                const int64_t *risky, size_t nrisky, bool grundskole,
                                int64_t by_user, const char *now, size_t *count, ungdb_error *err)
{
    char from[11], to[11];
    ungdb_date_format(first, from);
    ungdb_date_format(ungdb_add_days(today, -1), to);
    json_t *lessons = NULL;
    ungdb_rc rc = db_lessons_list(d, inst, from, to, 100000, 0, false, &lessons, err);
    if (rc) return rc;
    size_t i;
    json_t *lj;
    db_attendance *rows = NULL;
    json_array_foreach(lessons, i, lj)
    {
        db_lesson l;
        int64_t *pupils = NULL;
        size_t np = 0;
        if ((rc = db_lesson_get(d, json_integer_value(json_object_get(lj, "id")), &l)) ||
            (rc = db_lesson_pupils(d, &l, &pupils, &np, err)))
            break;
        ungdb_date day;
        ungdb_date_parse(l.starts_at, 10, &day);
        int week = (day.day - first.day) / 7;
        db_attendance *m = realloc(rows, (np ? np : 1) * sizeof *rows);
        if (!m) {
            free(pupils);
            rc = UNGDB_ENOMEM;
            break;
        }
        rows = m;
        for (size_t k = 0; k < np; k++) {
            bool risk = grundskole ? pupils[k] % 11 == 3 : false;
            for (size_t q = 0; q < nrisky && !risk; q++)
                risk = risky[q] == pupils[k];
            unsigned x = draw(pupils[k], l.id);
            unsigned p_unlawful = risk ? (week <= 0 ? 50 : week == 1 ? 250 : 600) : 10;
            db_attendance *a = &rows[k];
            a->person_id = pupils[k];
            a->reason = NULL;
            if (x < p_unlawful) {
                a->present = false;
                a->absent_minutes = l.minutes;
                a->lawful = 0;
                a->reason = "ingen besked";
            } else if (x >= 970) {
                a->present = false;
                a->absent_minutes = l.minutes;
                a->lawful = 1;
                a->reason = "sygdom";
            } else {
                a->present = true;
                a->absent_minutes = 0;
                a->lawful = -1;
            }
        }
        if (np) rc = db_attendance_put(d, l.id, rows, np, by_user, now, err);
        *count += np;
        free(pupils);
        if (rc) break;
    }
    free(rows);
    json_decref(lessons);
    return rc;
}

/* A risk report as the API makes it (api_cases.c): the payload for the
 * youth database, and the guardians' task when asked. */
static ungdb_rc demo_report(db *d, int64_t person, int64_t inst, const char *kind, const char *on,
                            const char *by, int64_t assessment, int64_t notice, const char *contact,
                            bool guardians_task, int64_t user, const char *now, ungdb_error *err)
{
    bool muni = !strcmp(by, "municipality");
    char *payload = report_payload(d, person, inst, kind, on, by, contact, notice != 0,
                                   !strcmp(kind, "interruption") ? "VBK § 32, nr. 3"
                                   : muni                        ? "VBK § 39, stk. 4"
                                   : notice                      ? "VBK § 36, stk. 2"
                                                                 : "VBK § 36");
    if (!payload) return UNGDB_ENOMEM;
    db_person p;
    db_person_get(d, person, &p);
    ungdb_date rd;
    ungdb_date_parse(on, 10, &rd);
    char due[11];
    ungdb_date_format(ungdb_add_working_days(rd, 1), due);
    db_report_new n = {.person_id = person,
                       .institution_id = inst,
                       .municipality = p.municipality,
                       .kind = kind,
                       .reported_by = by,
                       .assessment_id = assessment,
                       .notice_id = notice,
                       .reported_on = on,
                       .contact = contact,
                       .by_user = user,
                       .now = now,
                       .payload = payload,
                       .task_kind = guardians_task ? "notify_guardians" : NULL,
                       .task_due = due,
                       .task_basis = GUARDIANS_TASK_BASIS};
    ungdb_rc rc = db_report_add(d, &n, NULL, NULL, err);
    free(payload);
    return rc;
}

/* The demo's cases, each through the same store functions as the API:
 *   Sara (18, FGU)   a notice of concerning absence and the report it forces
 *                    (VBK § 36, stk. 2), waiting in the outbox;
 *   Oscar (17, FGU)  a concrete assessment and a risk report resting on it,
 *                    with the open task to tell the guardians (§ 36, stk. 3);
 *   Freja (21, FGU)  the municipality's own risk report with the
 *                    caseworker's contact (§ 39, stk. 4);
 *   Ida (16, FGU)    a 15-17 duty case: the municipality learned 2 days ago
 *                    that her plan is not followed; the contact deadline
 *                    (duty order § 10, stk. 1) is pending;
 *   the grown-up child (19)  an STU case in its second year;
 * and a criteria file for each institution. */
static ungdb_rc demo_cases(db *d, const int64_t inst[3], const int64_t fgu[12], int64_t grown,
                           ungdb_date today, int64_t staff, int64_t caseworker, const char *now,
                           ungdb_error *err)
{
    char d1[11], d2[11], d3[11];
    ungdb_date_format(ungdb_add_days(today, -1), d1);
    ungdb_date_format(ungdb_add_days(today, -2), d2);
    ungdb_date_format(ungdb_add_days(today, -3), d3);
    int64_t nid = 0, aid = 0;
    ungdb_rc rc;
    if ((rc = db_notice_add(d, fgu[1], inst[2], "concern_absence", d3,
                            "Fravær over 40 % de seneste to uger; samtale med eleven aftalt", staff,
                            now, &nid, err)) ||
        (rc = demo_report(d, fgu[1], inst[2], "risk", d3, "institution", 0, nid, NULL, false, staff,
                          now, err)) ||
        (rc = db_assessment_add(d, fgu[6], inst[2], d2, true,
                                "Ulovligt fravær i 9 af de seneste 15 lektioner og ingen "
                                "afleveringer; eleven siger selv, at han overvejer at stoppe",
                                staff, now, &aid, err)) ||
        (rc = demo_report(d, fgu[6], inst[2], "risk", d2, "institution", aid, 0, NULL, true, staff,
                          now, err)) ||
        (rc = demo_report(d, fgu[5], inst[2], "risk", d1, "municipality", 0, 0,
                          "UU Aarhus, Kim Sørensen, 8940 0000", false, caseworker, now, err)))
        return rc;
    db_step_new step = {.person_id = fgu[3],
                        .municipality = DEMO_MUNI,
                        .on = d2,
                        .kind = "aware",
                        .note = "Skolen meldte, at Ida ikke er mødt i to uger",
                        .guardians_involved = -1,
                        .duty_met = -1,
                        .efforts_made = -1,
                        .alternatives_discussed = -1,
                        .by_user = caseworker,
                        .now = now};
    if ((rc = db_step_add(d, &step, NULL, err))) return rc;
    char start[11], decided[11], planned[11], y1end[11], stu[600];
    ungdb_date s = ungdb_add_days(today, -450);
    ungdb_date_format(s, start);
    ungdb_date_format(ungdb_add_days(s, -70), decided);
    ungdb_date_format(ungdb_add_days(s, -10), planned);
    ungdb_date_format(ungdb_add_days(s, 364), y1end);
    snprintf(stu, sizeof stu,
             "{\"decision\":{\"date\":\"%s\",\"eligible\":true,\"consulted\":true},"
             "\"start\":\"%s\",\"plans\":[{\"date\":\"%s\",\"kind\":\"initial\","
             "\"covers_years\":3}],\"years\":[{\"from\":\"%s\",\"to\":\"%s\","
             "\"teaching_hours\":800,\"practical_days\":15}]}",
             decided, start, planned, start, y1end);
    if ((rc = db_stu_put(d, grown, DEMO_MUNI, stu, caseworker, now, err))) return rc;
    static const char *const names[2] = {"Nordskolen", "Sydskolen"};
    for (int i = 0; i < 3 && !rc; i++) {
        char text[2048];
        if (i < 2)
            snprintf(text, sizeof text, demo_criteria_school, names[i]);
        else
            snprintf(text, sizeof text, "%s", demo_criteria_fgu);
        rc = db_criteria_put(d, inst[i], text, staff, now, err);
    }
    return rc;
}

/* ---- FGU course facts of the FGU pupils (draft FGU order) ---- */

/* `today` + n days as YYYY-MM-DD, in one of a few rotating buffers. */
static const char *day_off(ungdb_date today, int n)
{
    static char buf[16][11];
    static int k;
    k = (k + 1) % 16;
    ungdb_date_format(ungdb_add_days(today, n), buf[k]);
    return buf[k];
}

/* `n` weeks of teaching from the Monday of `start`'s week, hours[i] each. */
static json_t *demo_weeks(ungdb_date start, const double *hours, int n)
{
    json_t *a = json_array();
    ungdb_date monday = ungdb_add_days(start, -(ungdb_date_weekday(start) - 1));
    for (int i = 0; i < n; i++) {
        char w[11];
        ungdb_date_format(ungdb_add_days(monday, 7 * i), w);
        json_array_append_new(a,
                              json_pack("{s:s, s:f}", "week_start", w, "teaching_hours", hours[i]));
    }
    return a;
}

/* The FGU course facts of the twelve FGU pupils, so that each rule of the
 * draft FGU order (family fgu) has something to say on the demo, some met
 * and some not (docs/server.md, "Demo"; tests/cli/server_fgu_rules.sh):
 *   Emil (17)  teaching weeks averaging 26.4 hours (§ 3, stk. 3: ok); a
 *              practice agreement approved by the municipality before it
 *              begins and co-signed by his guardians (§ 6, Bilag 1); 300 kr
 *              paid (§ 20, stk. 3);
 *   Sara (18)  an exclusion from teaching, not recorded whether conditional
 *              (Bilag 2, pkt. 3, nr. 6: a person decides); her comment on an
 *              unlawful absence (§ 18); a complaint not yet filed, the 4
 *              weeks running (§ 21, stk. 2);
 *   Noah (19)  reduced time 80 % but 19 hours a week (§ 3, stk. 4: breach);
 *              combination courses of 42 days without a reason (§ 5:
 *              breach); an exam draw not yet told (§ 8, stk. 6: due);
 *   Ida (16)   a practice agreement begun without the municipality's
 *              approval (overdue) and without her guardians' signature
 *              (breach);
 *   Lucas (20) the draw told 10 days before teaching ends (ok); 28 days of
 *              combination course (ok);
 *   Freja (21) a complaint filed in time and forwarded after the week for
 *              comments (§ 21, stk. 2: ok);
 *   Oscar (17) loss of allowance for 6 school days (Bilag 2, pkt. 3, nr. 5:
 *              breach) and one unconditional transfer (nr. 7: ok);
 *   Alma (22)  a complete certificate issued after the judgement of
 *              completion, kept 30 years (§§ 10-11: ok);
 *   Malte (23) an unconditional exclusion of 2 school days during which he
 *              is registered unlawfully absent (breach); 1300 kr paid over
 *              a course with a cap of at most 1000 kr (§ 20, stk. 3: breach);
 *   Clara (19) a draft certificate without exams and the combination course
 *              she took (§ 11: breach);
 *   Aksel (24) a complaint forwarded without inviting his comments (§ 21,
 *              stk. 2, 2. pkt.: breach);
 *   Ella (18)  a certificate issued with no recorded judgement of completion
 *              and no retention date (a person judges). */
static ungdb_rc demo_fgu_facts(db *d, const int64_t fgu[12], ungdb_date today, int64_t staff,
                               const char *now, ungdb_error *err)
{
    ungdb_date start = ungdb_add_days(today, -56);
#define D(n) day_off(today, (n))
    static const double emil_h[8] = {27, 26, 25.5, 27, 26, 26.5, 27, 26};
    static const double noah_h[8] = {19, 19, 18.5, 19.5, 19, 19, 19, 19};
    json_t *facts[12] = {NULL};
    facts[0] = json_pack("{s:o, s:[{s:s, s:s, s:s, s:s, s:b}], s:[{s:s, s:i}]}", "weeks",
                         demo_weeks(start, emil_h, 8), "practice_agreements", "from", D(14), "to",
                         D(55), "signed", D(-3), "approved", D(-1), "guardians_cosigned", 1,
                         "payments", "date", D(-40), "amount_kr", 300);
    facts[1] =
        json_pack("{s:[{s:s, s:s, s:i}], s:[{s:s}]}", "sanctions", "date", D(-8), "kind",
                  "exclusion_teaching", "days", 3, "complaints", "decision_communicated", D(-20));
    facts[2] = json_pack("{s:i, s:o, s:[{s:s, s:s}, {s:s, s:s}], s:[{s:s, s:s}]}",
                         "reduced_time_percent", 80, "weeks", demo_weeks(start, noah_h, 8),
                         "combinations", "from", D(-50), "to", D(-30), "from", D(-28), "to", D(-8),
                         "exam_draws", "subject", "Samfundsfag", "teaching_ends", D(20));
    facts[3] = json_pack("{s:[{s:s, s:s, s:s, s:b}]}", "practice_agreements", "from", D(-5), "to",
                         D(30), "signed", D(-12), "guardians_cosigned", 0);
    facts[4] = json_pack("{s:[{s:s, s:s, s:s, s:b}], s:[{s:s, s:s}]}", "exam_draws", "subject",
                         "Naturfag", "teaching_ends", D(5), "notified", D(-5), "drawn", 1,
                         "combinations", "from", D(-48), "to", D(-21));
    facts[5] = json_pack("{s:[{s:s, s:s, s:b, s:s, s:s}]}", "complaints", "decision_communicated",
                         D(-30), "filed", D(-25), "institution_agrees", 0, "comment_invited",
                         D(-18), "forwarded", D(-9));
    facts[6] =
        json_pack("{s:[{s:s, s:s, s:i}, {s:s, s:s, s:b}]}", "sanctions", "date", D(-20), "kind",
                  "allowance_loss", "days", 6, "date", D(-4), "kind", "transfer", "conditional", 0);
    {
        /* § 10, stk. 4: kept 30 years from the issue date */
        int y, m, dd;
        ungdb_date_to_ymd(ungdb_add_days(today, -1), &y, &m, &dd);
        if (m == 2 && dd == 29) dd = 28;
        char kept[11];
        ungdb_date_format(ungdb_date_from_ymd(y + 30, m, dd), kept);
        facts[7] =
            json_pack("{s:{s:s, s:s, s:[s, s, s, s, s, s], s:[], s:s}}", "certificate", "issued",
                      D(-1), "completion_judged", D(-3), "contents", "identity", "institution",
                      "fgu_act", "period", "offers", "exams", "applicable", "retained_until", kept);
    }
    facts[8] =
        json_pack("{s:[{s:s, s:s, s:i, s:b}], s:[{s:s, s:i}, {s:s, s:i}]}", "sanctions", "date",
                  D(-9), "kind", "exclusion_teaching", "days", 2, "conditional", 0, "payments",
                  "date", D(-50), "amount_kr", 700, "date", D(-10), "amount_kr", 600);
    facts[9] = json_pack("{s:[{s:s, s:s}], s:{s:[s, s, s, s, s], s:[]}}", "combinations", "from",
                         D(-40), "to", D(-20), "certificate", "contents", "identity", "institution",
                         "fgu_act", "period", "offers", "applicable");
    facts[10] = json_pack("{s:[{s:s, s:s, s:b, s:s}]}", "complaints", "decision_communicated",
                          D(-15), "filed", D(-10), "institution_agrees", 0, "forwarded", D(-2));
    facts[11] =
        json_pack("{s:{s:s, s:[s, s, s, s, s, s]}}", "certificate", "issued", D(-2), "contents",
                  "identity", "institution", "fgu_act", "period", "offers", "exams");
#undef D
    ungdb_rc rc = UNGDB_OK;
    for (int i = 0; i < 12 && !rc; i++) {
        json_t *pj = NULL;
        if (!facts[i]) {
            rc = ungdb_error_set(err, UNGDB_EINTERNAL, "", 0, "", "demo: FGU facts %d", i);
            break;
        }
        if ((rc = db_person_json(d, fgu[i], &pj, err))) break;
        json_t *e = json_array_get(json_object_get(pj, "enrolments"), 0);
        db_fgu_spell spell;
        char *text = json_dumps(facts[i], JSON_COMPACT | JSON_SORT_KEYS);
        rc = text ? db_fgu_enrolment(d, fgu[i], json_integer_value(json_object_get(e, "id")),
                                     &spell, err)
                  : UNGDB_ENOMEM;
        if (!rc) rc = db_fgu_put(d, &spell, fgu[i], text, staff, now, err);
        free(text);
        json_decref(pj);
    }
    for (int i = 0; i < 12; i++)
        json_decref(facts[i]);
    if (rc) return rc;
    /* § 18: Sara's comment on her latest absence registered unlawful */
    json_t *att = NULL;
    if ((rc = db_person_attendance(d, fgu[1], day_off(start, 0), day_off(today, 0), &att, err)))
        return rc;
    int64_t lesson = 0;
    size_t i;
    json_t *row;
    json_array_foreach(att, i, row)
    {
        if (json_integer_value(json_object_get(row, "absent_minutes")) > 0 &&
            json_is_false(json_object_get(row, "lawful")))
            lesson = json_integer_value(json_object_get(row, "lesson"));
    }
    json_decref(att);
    if (lesson)
        rc = db_comment_add(d, lesson, fgu[1], "Jeg var indkaldt til Forsvarets Dag", "civic_duty",
                            staff, now, NULL, err);
    return rc;
}

static void days_from(ungdb_date t, int days, char out[11])
{
    ungdb_date_format(ungdb_add_days(t, days), out);
}

/* The facts of schema version 5, so that every rule that reads them has
 * something to say on the demo (docs/server.md, "Demo"):
 *   Alma (22, FGU)   three missing hand-ins in 30 days: the FGU criteria's
 *                    events measure proposes her (VBK § 36);
 *   Viggo (17, FGU)  announced 20 days ago that he has got a full-time job
 *                    (VBK § 31; the guide 1.2: not reported at risk), the
 *                    spell interrupted 14 days ago and reported as an
 *                    interruption the next day (§ 32, nr. 3), paid work of 30
 *                    hours a week since (the duty order § 4);
 *   Asta (16)        left school; a whole duty case (the duty order §§ 8-10):
 *                    aware, contact after 4 days, consequences, an offer, a
 *                    labour-market offer agreed in her plan (§ 5, nr. 1) and
 *                    the decision that the duty is met (§ 9);
 *   Bertil (15)      exempted for illness with his guardians involved (§ 7);
 *   Karla (24)       an STU education that has ended: clarification period,
 *                    plans and yearly adjustments, three years of hours, an
 *                    approved interruption with resumption, a refund claim,
 *                    the competence paper (STU-loven §§ 2-9);
 * and a participation event of the Nordskolen pupil. Each through the same
 * store functions as the API. */
static ungdb_rc demo_facts(db *d, const int64_t inst[3], const int64_t fgu[12], int64_t pupil_a,
                           ungdb_date t, int64_t staff, int64_t caseworker, const char *now,
                           ungdb_error *err)
{
    char a[11], b[11], c[11], e[11];
    ungdb_rc rc = UNGDB_OK;
    static const int hand_in_days[3] = {-3, -10, -17};
    for (int i = 0; i < 3 && !rc; i++) {
        days_from(t, hand_in_days[i], a);
        rc = db_event_add(d, fgu[7], inst[2], a, "missing_hand_in",
                          i ? NULL : "Opgaven i dansk er ikke afleveret", staff, now, NULL, err);
    }
    days_from(t, -2, a);
    if (!rc)
        rc = db_event_add(d, pupil_a, inst[0], a, "missing_participation",
                          "Deltog ikke i gruppearbejdet", staff, now, NULL, err);
    if (rc) return rc;

    int64_t viggo = 0, asta = 0, bertil = 0, karla = 0;
    days_from(t, -56, a);
    if ((rc = demo_young(d, t, 12, "Viggo", 17, DEMO_MUNI, &viggo, err)) ||
        (rc = db_import_enrolment(d, viggo, inst[2], "pupil", -1, a, NULL, err)) ||
        (rc = demo_young(d, t, 13, "Asta", 16, DEMO_MUNI, &asta, err)) ||
        (rc = demo_young(d, t, 14, "Bertil", 15, DEMO_MUNI, &bertil, err)) ||
        (rc = demo_young(d, t, 15, "Karla", 24, DEMO_MUNI, &karla, err)))
        return rc;
    int64_t enrol = 0;
    {
        json_t *pj = NULL;
        if ((rc = db_person_json(d, viggo, &pj, err))) return rc;
        enrol = json_integer_value(
            json_object_get(json_array_get(json_object_get(pj, "enrolments"), 0), "id"));
        json_decref(pj);
    }
    days_from(t, -20, a);
    days_from(t, -14, b);
    db_enrolment_facts ef = {.set_interruption = true,
                             .interrupted_on = b,
                             .interruption_reason = "fulltime_job",
                             .interruption_note = "Har fået fuldtidsarbejde som lagerarbejder",
                             .set_announcement = true,
                             .announced_on = a,
                             .announced_kind = "fulltime_job"};
    days_from(t, -13, c);
    days_from(t, -12, e);
    char emp[160];
    snprintf(emp, sizeof emp,
             "[{\"from\":\"%s\",\"hours_per_week\":30,\"kind\":\"ordinary\",\"paid\":true}]", e);
    if ((rc = db_enrolment_facts_set(d, viggo, enrol, &ef, err)) ||
        (rc = demo_report(d, viggo, inst[2], "interruption", c, "institution", 0, 0, NULL, false,
                          staff, now, err)) ||
        (rc = db_duty_facts_put(d, viggo, DEMO_MUNI, emp, "[]", caseworker, now, err)))
        return rc;

    /* Asta: the municipality's steps (duty order § 10, stk. 1-2; § 8, stk. 4; § 9) */
    static const struct {
        int day;
        const char *kind, *note;
        int met;
    } steps[] = {{-70, "aware", "Skolen meldte, at Asta er stoppet efter 9. klasse", -1},
                 {-66, "contact", "Samtale med Asta og hendes mor", -1},
                 {-60, "consequences", "Asta og hendes mor er orienteret om konsekvenserne", -1},
                 {-50, "offer", "Tilbud om et forløb i jobcentret", -1},
                 {-40, "decision", "Pligten er opfyldt gennem forløbet i jobcentret", 1}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && !rc; i++) {
        days_from(t, steps[i].day, a);
        db_step_new st = {.person_id = asta,
                          .municipality = DEMO_MUNI,
                          .on = a,
                          .kind = steps[i].kind,
                          .note = steps[i].note,
                          .guardians_involved = -1,
                          .duty_met = steps[i].met,
                          .efforts_made = -1,
                          .alternatives_discussed = -1,
                          .by_user = caseworker,
                          .now = now};
        rc = db_step_add(d, &st, NULL, err);
    }
    if (rc) return rc;
    char act[160];
    days_from(t, -45, a);
    snprintf(act, sizeof act,
             "[{\"from\":\"%s\",\"in_plan\":true,\"kind\":\"labour_market_offer\"}]", a);
    if ((rc = db_duty_facts_put(d, asta, DEMO_MUNI, "[]", act, caseworker, now, err))) return rc;

    /* Bertil: exempted (duty order § 7) for illness, his guardians involved */
    days_from(t, -30, a);
    days_from(t, 150, b);
    db_step_new ex = {.person_id = bertil,
                      .municipality = DEMO_MUNI,
                      .on = a,
                      .kind = "exemption",
                      .note = "Fritaget i et halvt år på grund af sygdom",
                      .exempt_reason = "illness",
                      .exempt_until = b,
                      .guardians_involved = 1,
                      .duty_met = -1,
                      .efforts_made = -1,
                      .alternatives_discussed = -1,
                      .by_user = caseworker,
                      .now = now};
    if ((rc = db_step_add(d, &ex, NULL, err))) return rc;

    /* Karla: an STU education from S to E (1740 days, within the 5 years of
     * STU-loven § 2, stk. 4, with an approved interruption, § 8) */
    ungdb_date S = ungdb_add_days(t, -1760);
    char s_[11], dec[11], cl_to[11], p0[11], p1[11], p2[11], p3[11], p4[11], p5[11], p6[11];
    char y1[11], y2a[11], y2[11], y3a[11], y3[11], i_from[11], i_to[11], i_req[11], claim[11],
        end[11];
    days_from(S, 0, s_);
    days_from(S, -100, dec);
    days_from(S, 69, cl_to);
    days_from(S, -10, p0);
    days_from(S, 60, p1);
    days_from(S, 400, p2);
    days_from(S, 760, p3);
    days_from(S, 1100, p4);
    days_from(S, 1420, p5);
    days_from(S, 1700, p6);
    days_from(S, 364, y1);
    days_from(S, 365, y2a);
    days_from(S, 729, y2);
    days_from(S, 1030, y3a);
    days_from(S, 1394, y3);
    days_from(S, 730, i_from);
    days_from(S, 1029, i_to);
    days_from(S, 1020, i_req);
    days_from(S, 200, claim);
    days_from(t, -20, end);
    char stu[2048];
    snprintf(stu, sizeof stu,
             "{\"decision\":{\"date\":\"%s\",\"eligible\":true,\"consulted\":true,"
             "\"with_clarification\":true},\"start\":\"%s\",\"clarification_from\":\"%s\","
             "\"clarification_to\":\"%s\",\"plans\":[{\"date\":\"%s\",\"kind\":\"initial\","
             "\"covers_years\":3},{\"date\":\"%s\",\"kind\":\"final\",\"covers_years\":3},"
             "{\"date\":\"%s\",\"kind\":\"review\",\"covers_years\":3},{\"date\":\"%s\","
             "\"kind\":\"review\",\"covers_years\":3},{\"date\":\"%s\",\"kind\":\"review\","
             "\"covers_years\":3},{\"date\":\"%s\",\"kind\":\"review\",\"covers_years\":3},"
             "{\"date\":\"%s\",\"kind\":\"review\",\"covers_years\":3}],\"years\":["
             "{\"from\":\"%s\",\"to\":\"%s\",\"teaching_hours\":700,\"practical_days\":40},"
             "{\"from\":\"%s\",\"to\":\"%s\",\"teaching_hours\":720,\"practical_days\":35},"
             "{\"from\":\"%s\",\"to\":\"%s\",\"teaching_hours\":760,\"practical_days\":25}],"
             "\"interruptions\":[{\"from\":\"%s\",\"to\":\"%s\",\"reason\":\"sygdom\","
             "\"approved\":true,\"resumption_requested\":\"%s\"}],\"refunds\":[{"
             "\"teaching_from\":\"%s\",\"teaching_to\":\"%s\",\"claimed\":\"%s\"}],"
             "\"competence_paper\":\"%s\",\"end\":\"%s\",\"end_kind\":\"completed\"}",
             dec, s_, s_, cl_to, p0, p1, p2, p3, p4, p5, p6, s_, y1, y2a, y2, y3a, y3, i_from, i_to,
             i_req, s_, y1, claim, end, end);
    return db_stu_put(d, karla, DEMO_MUNI, stu, caseworker, now, err);
}

ungdb_rc server_demo_load(const char *path, int pupils_per_institution, ungdb_error *err)
{
    char today[11];
    http_local_today(today);
    ungdb_date t;
    ungdb_date_parse(today, 10, &t);
    /* three weekly deliveries, the last one extracted this week's Monday */
    ungdb_date monday = ungdb_add_days(t, -(ungdb_date_weekday(t) - 1));
    ungdb_date first = ungdb_add_days(monday, -14);

    char tmp[] = "/tmp/ungdb-demo-XXXXXX";
    if (!mkdtemp(tmp))
        return ungdb_error_set(err, UNGDB_EIO, tmp, 0, "", "cannot make a directory");
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/deliveries", tmp);
    ungdb_gen_opts g = {.out_dir = dir,
                        .institutions = 3,
                        .pupils_per_institution =
                            pupils_per_institution > 0 ? pupils_per_institution : 60,
                        .weeks = 3,
                        .seed = 2026,
                        .first_extracted = first};
    db *d = NULL;
    ungdb_rc rc = mkdir(dir, 0700) == 0 ? ungdb_gen(&g, err)
                                        : ungdb_error_set(err, UNGDB_EIO, dir, 0, "", "mkdir");
    if (rc) goto done;
    const char *dirs[] = {dir};
    import_summary sum;
    if ((rc = import_deliveries(path, dirs, 1, NULL, &sum, err))) goto done;
    if ((rc = db_open(&d, path, true, err))) goto done;
    json_t *insts = NULL;
    if ((rc = db_institutions_list(d, 0, &insts, err))) goto done;
    if (json_array_size(insts) != 3) {
        json_decref(insts);
        rc = ungdb_error_set(err, UNGDB_ESTATE, path, 0, "", "--demo needs an empty store");
        goto done;
    }
    int64_t inst[3];
    for (size_t i = 0; i < 3; i++)
        inst[i] = json_integer_value(json_object_get(json_array_get(insts, i), "id"));
    json_decref(insts);
    if ((rc = db_begin(d, err))) goto done;
    static const char *const names[3] = {"Nordskolen", "Sydskolen", "FGU Østjylland"};
    static const char *const kinds[3] = {"grundskole", "grundskole", "fgu"};
    for (int i = 0; i < 3 && !rc; i++)
        rc = db_set_institution(d, inst[i], names[i], kinds[i], DEMO_MUNI, err);
    if (rc) goto done;
    /* residences: every seventh pupil lives in the neighbouring municipality */
    json_t *people = NULL;
    int64_t pupil_a = 0, pupil_b = 0, pupil_other = 0, pupil_fgu = 0;
    for (int i = 0; i < 3 && !rc; i++) {
        json_t *groups = NULL;
        if ((rc = db_groups_list(d, inst[i], &groups, err))) break;
        size_t gi;
        json_t *gr;
        json_array_foreach(groups, gi, gr)
        {
            if (strcmp(json_string_value(json_object_get(gr, "type")), "main") != 0) continue;
            if ((rc = db_group_members(d, json_integer_value(json_object_get(gr, "id")), NULL,
                                       &people, err)))
                break;
            size_t pi;
            json_t *p;
            json_array_foreach(people, pi, p)
            {
                int64_t id = json_integer_value(json_object_get(p, "person"));
                bool other = id % 7 == 0;
                if ((rc = db_set_residence(d, id, other ? OTHER_MUNI : DEMO_MUNI, err))) break;
                if (i == 0 && !other && !pupil_a)
                    pupil_a = id;
                else if (i == 0 && !other && !pupil_b && id != pupil_a)
                    pupil_b = id;
                if (i == 0 && other && !pupil_other) pupil_other = id;
            }
            json_decref(people);
            people = NULL;
            if (rc) break;
        }
        json_decref(groups);
    }
    if (rc) goto done;
    /* FGU Østjylland's own pupils: FGU is for young people under 25 (FGU-loven
     * § 2), so the demo enrols twelve of 16-24 years in its main groups (with
     * CPR numbers of the demo's own series, 7th digit 9), all covered by the
     * duty to report of VBK § 31 (age 15-29, no completed youth education,
     * resident, a course of at least 6 weeks). */
    int64_t fgu_ids[12] = {0};
    if ((rc = demo_fgu_pupils(d, inst[2], t, fgu_ids, err))) goto done;
    pupil_fgu = fgu_ids[0];
    /* what the rules need that deliveries do not hold: pupils of a
     * folkeskole or FGU have not completed a youth or higher education, and
     * a spell without an end is planned to last to the end of the school
     * year (30 June) */
    {
        int y, m, dd;
        ungdb_date_to_ymd(t, &y, &m, &dd);
        char june[11];
        ungdb_date_format(ungdb_date_from_ymd(m >= 7 ? y + 1 : y, 6, 30), june);
        if ((rc = db_demo_rules_facts(d, june, err))) goto done;
    }
    /* a guardian of pupil_a and the FGU pupil (17), and of a grown-up child (19) */
    int64_t guardian = 0, grown = 0;
    char birth[11];
    ungdb_date_format(ungdb_add_days(t, -19 * 366), birth);
    if ((rc = db_add_person(d, "Gitte", "Demoforælder", "1985-04-12", DEMO_MUNI, &guardian, err)) ||
        (rc = db_add_person(d, "Voksen", "Demobarn", birth, DEMO_MUNI, &grown, err)) ||
        (rc = db_add_guardian(d, guardian, pupil_a, err)) ||
        (rc = db_add_guardian(d, guardian, pupil_fgu, err)) ||
        (rc = db_add_guardian(d, guardian, grown, err)))
        goto done;

    /* the demo user "staff" is a teacher of Nordskolen: the staff person of
     * the schedule with the most lessons today (users.person_id; the
     * teacher's page lists their own lessons first, docs/web.md) */
    int64_t teacher = 0;
    if ((rc = db_demo_busiest_teacher(d, inst[0], today, &teacher, err))) goto done;
    const struct {
        const char *name;
        db_role role;
        int64_t person;
        const char *muni;
        int64_t inst[2];
        const char *what;
    } users[] = {
        {"admin", DB_ROLE_ADMIN, 0, NULL, {0, 0}, "administrator: everything, the audit log"},
        {"staff",
         DB_ROLE_STAFF,
         teacher,
         NULL,
         {inst[0], inst[2]},
         "staff of Nordskolen (a teacher there) and FGU Østjylland"},
        {"staff2", DB_ROLE_STAFF, 0, NULL, {inst[1], 0}, "staff of Sydskolen"},
        {"caseworker", DB_ROLE_CASEWORKER, 0, DEMO_MUNI, {0, 0}, "caseworker, Aarhus (0751)"},
        {"caseworker2",
         DB_ROLE_CASEWORKER,
         0,
         OTHER_MUNI,
         {0, 0},
         "caseworker, Skanderborg (0746)"},
        {"pupil", DB_ROLE_PUPIL, pupil_a, NULL, {0, 0}, "a pupil of Nordskolen"},
        {"pupil2", DB_ROLE_PUPIL, pupil_fgu, NULL, {0, 0}, "a pupil of FGU Østjylland (17)"},
        {"guardian",
         DB_ROLE_GUARDIAN,
         guardian,
         NULL,
         {0, 0},
         "guardian of two pupils and of a child of 19"},
        {"researcher", DB_ROLE_RESEARCHER, 0, NULL, {0, 0}, "researcher: pseudonymised output"},
    };
    int64_t user_ids[sizeof users / sizeof users[0]] = {0};
    printf("Demo users (passwords for the demo only):\n");
    for (size_t i = 0; i < sizeof users / sizeof users[0] && !rc; i++) {
        char pw[64], hash[128];
        password_of(users[i].name, pw);
        if ((rc = auth_hash_password(pw, hash))) break;
        int64_t ninst = users[i].inst[1] ? 2 : users[i].inst[0] ? 1 : 0;
        db_user_new u = {.username = users[i].name,
                         .pwhash = hash,
                         .role = users[i].role,
                         .person_id = users[i].person,
                         .municipality = users[i].muni,
                         .institutions = users[i].inst,
                         .ninstitutions = (size_t)ninst};
        rc = db_user_add(d, &u, &user_ids[i], err);
        printf("  %-12s %-20s %s\n", users[i].name, pw, users[i].what);
    }
    if (rc) goto done;
    /* the past days' attendance, the cases and the criteria files; users[1]
     * is staff, users[3] the caseworker of the demo municipality */
    {
        char now[24];
        time_t tt = time(NULL);
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        static const int64_t no_risk[1] = {0};
        const int64_t fgu_risky[3] = {fgu_ids[1], fgu_ids[5], fgu_ids[8]};
        size_t regs = 0;
        for (int i = 0; i < 3 && !rc; i++)
            rc = demo_attendance(d, inst[i], first, t, i == 2 ? fgu_risky : no_risk, i == 2 ? 3 : 0,
                                 i < 2, user_ids[1], now, &regs, err);
        if (!rc) rc = demo_cases(d, inst, fgu_ids, grown, t, user_ids[1], user_ids[3], now, err);
        if (!rc) rc = demo_fgu_facts(d, fgu_ids, t, user_ids[1], now, err);
        if (!rc) rc = demo_facts(d, inst, fgu_ids, pupil_a, t, user_ids[1], user_ids[3], now, err);
        if (rc) goto done;
        printf("Demo content: %zu registrations of the past days' lessons, cases of 10 young "
               "people, a criteria file per institution\n",
               regs);
    }
    printf("Demo persons: pupil %lld (Nordskolen), pupil %lld (lives in %s), pupil %lld (FGU), "
           "grown-up child %lld, teacher %lld (Nordskolen, user staff)\n",
           (long long)pupil_a, (long long)pupil_other, OTHER_MUNI, (long long)pupil_fgu,
           (long long)grown, (long long)teacher);
    rc = db_commit(d, err);
done:
    if (d) {
        if (rc) db_rollback(d);
        db_close(d);
    }
    remove_tree(tmp);
    fflush(stdout);
    return rc;
}
