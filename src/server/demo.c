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

/* Twelve FGU pupils of 16-24 years (the first is 17 and lives in the demo
 * municipality, *first gets it; the 5th lives in the other one), enrolled
 * from 8 weeks ago in the FGU institution's main groups, in turn. */
static ungdb_rc demo_fgu_pupils(db *d, int64_t inst, ungdb_date today, int64_t *first,
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
        /* born ages[i] years and 40 + 23 i days before today */
        int y, m, dd;
        ungdb_date_to_ymd(today, &y, &m, &dd);
        if (m == 2 && dd == 29) dd = 28;
        ungdb_date b = ungdb_add_days(ungdb_date_from_ymd(y - ages[i], m, dd), -(40 + 23 * i));
        ungdb_date_to_ymd(b, &y, &m, &dd);
        char cpr[24], user[24], birth[11];
        snprintf(cpr, sizeof cpr, "%02d%02d%02d9%03d", dd, m, y % 100, 100 + 2 * i + (i % 2));
        snprintf(user, sizeof user, "demo-fgu-%02d", i + 1);
        ungdb_date_format(b, birth);
        int64_t id = 0;
        if ((rc = db_import_person(d, user, cpr, birth, &id, err)) ||
            (rc = db_import_person_names(d, user, given[i], "Demoelev", err)) ||
            (rc = db_import_enrolment(d, id, inst, "pupil", -1, start, NULL, err)) ||
            (rc = db_import_member(d, main_groups[(size_t)i % ng], id, start, NULL, err)) ||
            (rc = db_set_residence(d, id, i == 4 ? OTHER_MUNI : DEMO_MUNI, err)))
            break;
        if (i == 0) *first = id;
    }
    return rc;
}

ungdb_rc server_demo_load(const char *path, ungdb_error *err)
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
                        .pupils_per_institution = 60,
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
    if ((rc = demo_fgu_pupils(d, inst[2], t, &pupil_fgu, err))) goto done;
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
         0,
         NULL,
         {inst[0], inst[2]},
         "staff of Nordskolen and FGU Østjylland"},
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
        rc = db_user_add(d, &u, NULL, err);
        printf("  %-12s %-20s %s\n", users[i].name, pw, users[i].what);
    }
    if (rc) goto done;
    printf("Demo persons: pupil %lld (Nordskolen), pupil %lld (lives in %s), pupil %lld (FGU), "
           "grown-up child %lld\n",
           (long long)pupil_a, (long long)pupil_other, OTHER_MUNI, (long long)pupil_fgu,
           (long long)grown);
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
