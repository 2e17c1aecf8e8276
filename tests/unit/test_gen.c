/* test_gen.c - the synthetic delivery generator: determinism, file shape,
 * valid CPR numbers, grades that fit ages, lessons that end after they
 * start, clean output without errors, injected errors with them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/cpr.h"
#include "ungdb/gen.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const files[] = {"manifest.json",     "persons.csv",     "roles.csv",
                                    "groups.csv",        "members.csv",     "lessons.csv",
                                    "lesson_groups.csv", "lesson_staff.csv"};
static const char *const headers[] = {NULL,
                                      "user_id,cpr,given_name,family_name",
                                      "user_id,institution,role,grade",
                                      "institution,group_id,name,type",
                                      "user_id,institution,group_id",
                                      "institution,lesson_id,title,start,end",
                                      "institution,lesson_id,group_id",
                                      "institution,lesson_id,user_id"};
#define NFILES 8

/* ---------------------------------------------------------- helpers */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static void rm_rf(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char *make_tmp(void)
{
    char tmpl[] = "/tmp/ungdb-test-gen-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void generate(const char *dir, int k, int p, int w, uint64_t seed, double errors,
                     int32_t start)
{
    ungdb_gen_opts o = {.out_dir = dir,
                        .institutions = k,
                        .pupils_per_institution = p,
                        .weeks = w,
                        .seed = seed,
                        .error_rate = errors,
                        .first_extracted = {start}};
    ungdb_error err;
    assert_int_equal(ungdb_gen(&o, &err), UNGDB_OK);
}

/* The delivery directories of dir, sorted; returns the count. */
static int deliveries(const char *dir, char names[][16], int cap)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && n < cap && strlen(e->d_name) < 16)
            memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[16];
            memcpy(t, names[j], 16);
            memcpy(names[j], names[j - 1], 16);
            memcpy(names[j - 1], t, 16);
        }
    return n;
}

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static bool ymd_valid(int y, int m, int d)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 && d >= 1 && d <= md[m - 1] + (m == 2 && leap);
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + s[i] - '0';
    }
    return v;
}

/* The spec's CPR rule (register.md § 1); *y,*m,*d get the birth date. */
static bool cpr_valid(const char *s, int *y, int *m, int *d)
{
    char dig[11];
    size_t n = strlen(s);
    if (n == 11 && s[6] == '-') {
        memcpy(dig, s, 6);
        memcpy(dig + 6, s + 7, 4);
    } else if (n == 10) {
        memcpy(dig, s, 10);
    } else {
        return false;
    }
    dig[10] = '\0';
    if (num(dig, 5) < 0 || num(dig + 5, 5) < 0) return false;
    int dd = num(dig, 2), mm = num(dig + 2, 2), yy = num(dig + 4, 2), c7 = dig[6] - '0';
    int cen = c7 <= 3                ? 1900
              : (c7 == 4 || c7 == 9) ? (yy <= 36 ? 2000 : 1900)
                                     : (yy <= 57 ? 2000 : 1800);
    *y = cen + yy;
    *m = mm;
    *d = dd;
    return ymd_valid(*y, mm, dd);
}

/* A minimal RFC 4180 reader over a NUL-terminated buffer: the next record's
 * fields (copied into out, NUL-separated). Returns the field count, 0 at the
 * end, -1 for a malformed record (the rest of its line is skipped). */
static int next_record(const char **pp, char *out, size_t cap, const char *f[], int maxf)
{
    const char *p = *pp;
    if (!*p) return 0;
    int nf = 0;
    size_t o = 0;
    bool bad = false;
    f[nf++] = out;
    for (;;) {
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) {
                    bad = true;
                    break;
                }
                if (*p == '"' && p[1] == '"') {
                    out[o++] = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    out[o++] = *p++;
                }
            }
            if (!bad && *p != ',' && *p != '\n' && *p) bad = true;
        } else {
            while (*p && *p != ',' && *p != '\n') {
                if (*p == '"') bad = true;
                out[o++] = *p++;
            }
        }
        if (bad || o + 2 >= cap) {
            while (*p && *p != '\n')
                p++;
            if (*p) p++;
            *pp = p;
            return -1;
        }
        out[o++] = '\0';
        if (*p == ',') {
            p++;
            if (nf == maxf) {
                bad = true;
                continue;
            }
            f[nf++] = out + o;
            continue;
        }
        if (*p == '\n') p++;
        break;
    }
    *pp = p;
    return nf;
}

/* ---------------------------------------------------------- tests */

static void same_seed_gives_identical_bytes(void **state)
{
    (void)state;
    char *a = make_tmp(), *b = make_tmp(), *c = make_tmp();
    generate(a, 3, 50, 3, 42, 0.01, 0);
    generate(b, 3, 50, 3, 42, 0.01, 0);
    generate(c, 3, 50, 3, 43, 0.01, 0);
    char names[8][16];
    int n = deliveries(a, names, 8);
    assert_int_equal(n, 3);
    bool differs = false;
    for (int i = 0; i < n; i++)
        for (int f = 0; f < NFILES; f++) {
            char pa[512], pb[512], pc[512];
            snprintf(pa, sizeof pa, "%s/%s/%s", a, names[i], files[f]);
            snprintf(pb, sizeof pb, "%s/%s/%s", b, names[i], files[f]);
            snprintf(pc, sizeof pc, "%s/%s/%s", c, names[i], files[f]);
            size_t na, nb, nc;
            char *x = slurp(pa, &na), *y = slurp(pb, &nb), *z = slurp(pc, &nc);
            assert_non_null(x);
            assert_non_null(y);
            assert_non_null(z);
            assert_int_equal(na, nb);
            assert_memory_equal(x, y, na);
            if (na != nc || memcmp(x, z, na)) differs = true;
            free(x);
            free(y);
            free(z);
        }
    assert_true(differs);
    rm_rf(a);
    rm_rf(b);
    rm_rf(c);
    free(a);
    free(b);
    free(c);
}

/* Checks one delivery of a run without errors against the rules of the
 * spec that a reader can check cheaply. */
static void check_clean_delivery(const char *dir, const char *name)
{
    char path[512], rec[4096];
    const char *f[16];
    size_t n;
    /* Manifest and window. */
    snprintf(path, sizeof path, "%s/%s/manifest.json", dir, name);
    char *man = slurp(path, &n);
    assert_non_null(man);
    char ex[11], from[11], to[11];
    assert_int_equal(sscanf(man,
                            "{\"extracted\": \"%10[0-9-]\", \"schedule_from\": \"%10[0-9-]\", "
                            "\"schedule_to\": \"%10[0-9-]\"}",
                            ex, from, to),
                     3);
    assert_string_equal(ex, name);
    assert_true(strcmp(from, to) < 0);
    free(man);
    int ey = num(ex, 4), em = num(ex + 5, 2);
    int sy = em >= 8 ? ey : ey - 1;

    /* Every file, with the spec's header. */
    char *text[NFILES] = {0};
    for (int i = 1; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s/%s", dir, name, files[i]);
        text[i] = slurp(path, &n);
        assert_non_null(text[i]);
        size_t hl = strlen(headers[i]);
        assert_memory_equal(text[i], headers[i], hl);
        assert_int_equal(text[i][hl], '\n');
        assert_null(strchr(text[i], '\r'));
    }

    /* persons: valid CPR, remember birth dates by user id (a small table). */
    enum { CAP = 4096 };
    static char uids[CAP][24];
    static int32_t births[CAP];
    int np = 0;
    const char *p = strchr(text[1], '\n') + 1;
    int nf;
    while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
        assert_int_equal(nf, 4);
        int y, m, d;
        assert_true(strlen(f[0]) >= 1 && strlen(f[0]) < 24);
        assert_true(cpr_valid(f[1], &y, &m, &d));
        /* The library's parser agrees on validity and birth date. */
        ungdb_cpr cpr;
        assert_int_equal(ungdb_cpr_parse(f[1], strlen(f[1]), &cpr), UNGDB_CPR_VALID);
        assert_int_equal(cpr.birth.day, days_from_civil(y, m, d));
        for (int i = 0; i < np; i++)
            assert_string_not_equal(uids[i], f[0]);
        assert_true(np < CAP);
        snprintf(uids[np], 24, "%s", f[0]);
        births[np++] = days_from_civil(y, m, d);
    }
    /* roles: grade 0-9 for pupils and fitting their age on 1 August of
     * the school year (5-7 years older than the grade), empty for staff. */
    p = strchr(text[2], '\n') + 1;
    int pupils = 0, teachers = 0;
    while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
        assert_int_equal(nf, 4);
        assert_int_equal(strlen(f[1]), 6);
        assert_true(num(f[1], 6) >= 0);
        if (!strcmp(f[2], "pupil")) {
            assert_int_equal(strlen(f[3]), 1);
            int grade = num(f[3], 1);
            assert_true(grade >= 0 && grade <= 9);
            int i = 0;
            while (i < np && strcmp(uids[i], f[0]))
                i++;
            assert_true(i < np);
            int32_t aug1 = days_from_civil(sy, 8, 1);
            int age = (int)((aug1 - births[i]) / 365.2425);
            assert_in_range(age - grade, 5, 7);
            pupils++;
        } else {
            assert_true(!strcmp(f[2], "teacher") || !strcmp(f[2], "pedagogue") ||
                        !strcmp(f[2], "leader") || !strcmp(f[2], "admin") ||
                        !strcmp(f[2], "other"));
            assert_string_equal(f[3], "");
            if (!strcmp(f[2], "teacher")) teachers++;
        }
    }
    assert_true(pupils > 0);
    assert_true(teachers > 0);
    /* groups: known types. */
    p = strchr(text[3], '\n') + 1;
    while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
        assert_int_equal(nf, 4);
        assert_true(!strcmp(f[3], "main") || !strcmp(f[3], "year") || !strcmp(f[3], "team") ||
                    !strcmp(f[3], "elective") || !strcmp(f[3], "other"));
        assert_true(strlen(f[1]) >= 1);
    }
    /* lessons: exact date-times in the window, end after start, ids unique. */
    p = strchr(text[5], '\n') + 1;
    int nl = 0;
    static char lids[20000][40];
    while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
        assert_int_equal(nf, 5);
        for (int j = 3; j <= 4; j++) {
            assert_int_equal(strlen(f[j]), 16);
            assert_int_equal(f[j][10], 'T');
            int y = num(f[j], 4), m = num(f[j] + 5, 2), d = num(f[j] + 8, 2);
            int hh = num(f[j] + 11, 2), mi = num(f[j] + 14, 2);
            assert_true(ymd_valid(y, m, d));
            assert_in_range(hh, 7, 17);
            assert_in_range(mi, 0, 59);
        }
        assert_memory_equal(f[3], f[4], 10); /* same day */
        assert_true(strcmp(f[4], f[3]) > 0); /* end after start */
        assert_true(strncmp(f[3], from, 10) >= 0 && strncmp(f[3], to, 10) <= 0);
        assert_true(strlen(f[2]) > 0);
        assert_true(nl < 20000);
        snprintf(lids[nl++], 40, "%s/%s", f[0], f[1]);
    }
    /* lesson_groups and lesson_staff refer to lessons of the delivery
     * (sorted lookup) and have no empty values. */
    qsort(lids, (size_t)nl, sizeof lids[0], (int (*)(const void *, const void *))strcmp);
    for (int i = 1; i < nl; i++)
        assert_string_not_equal(lids[i - 1], lids[i]);
    for (int t = 6; t <= 7; t++) {
        p = strchr(text[t], '\n') + 1;
        while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
            assert_int_equal(nf, 3);
            char key[40];
            snprintf(key, sizeof key, "%s/%s", f[0], f[1]);
            assert_non_null(bsearch(key, lids, (size_t)nl, sizeof lids[0],
                                    (int (*)(const void *, const void *))strcmp));
            assert_true(strlen(f[2]) > 0);
        }
    }
    for (int i = 1; i < NFILES; i++)
        free(text[i]);
}

static void clean_run_breaks_no_rule(void **state)
{
    (void)state;
    char *dir = make_tmp();
    generate(dir, 2, 60, 3, 7, 0.0, 0);
    char names[8][16];
    int n = deliveries(dir, names, 8);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "2025-06-02");
    assert_string_equal(names[1], "2025-06-09");
    for (int i = 0; i < n; i++) {
        for (int f = 0; f < NFILES; f++) {
            char path[512];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s/%s", dir, names[i], files[f]);
            assert_int_equal(stat(path, &st), 0);
        }
        check_clean_delivery(dir, names[i]);
    }
    rm_rf(dir);
    free(dir);
}

/* Across 1 August pupils move up a grade and classes are renamed. */
static void school_year_turns_on_first_of_august(void **state)
{
    (void)state;
    char *dir = make_tmp();
    generate(dir, 2, 40, 3, 3, 0.0, days_from_civil(2025, 7, 21));
    char names[8][16];
    assert_int_equal(deliveries(dir, names, 8), 3);
    assert_string_equal(names[2], "2025-08-04");
    char path[512], rec[1024];
    const char *f[8];
    size_t n;
    /* The grade of each pupil before (a small table). */
    static char uids[200][24];
    static int grades[200];
    int np = 0, up = 0, other = 0;
    snprintf(path, sizeof path, "%s/%s/roles.csv", dir, names[0]);
    char *t = slurp(path, &n);
    const char *p = strchr(t, '\n') + 1;
    while (next_record(&p, rec, sizeof rec, f, 8) > 0)
        if (!strcmp(f[2], "pupil") && np < 200) {
            snprintf(uids[np], 24, "%s", f[0]);
            grades[np++] = num(f[3], 1);
        }
    free(t);
    snprintf(path, sizeof path, "%s/%s/roles.csv", dir, names[2]);
    t = slurp(path, &n);
    p = strchr(t, '\n') + 1;
    while (next_record(&p, rec, sizeof rec, f, 8) > 0) {
        if (strcmp(f[2], "pupil")) continue;
        for (int i = 0; i < np; i++)
            if (!strcmp(uids[i], f[0])) {
                if (num(f[3], 1) == grades[i] + 1)
                    up++;
                else
                    other++;
            }
    }
    free(t);
    assert_true(up > 50);
    assert_int_equal(other, 0);
    rm_rf(dir);
    free(dir);
}

static bool ok_role(const char *s)
{
    return !strcmp(s, "pupil") || !strcmp(s, "teacher") || !strcmp(s, "pedagogue") ||
           !strcmp(s, "leader") || !strcmp(s, "admin") || !strcmp(s, "other");
}

static void error_rate_injects_errors(void **state)
{
    (void)state;
    char *dir = make_tmp();
    generate(dir, 2, 60, 2, 11, 0.05, 0);
    char names[8][16];
    assert_int_equal(deliveries(dir, names, 8), 2);
    int syntax = 0, bad_cpr = 0, bad_role = 0, bad_grade = 0, bad_time = 0;
    char path[512], rec[4096];
    const char *f[16];
    size_t n;
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s/persons.csv", dir, names[i]);
        char *t = slurp(path, &n);
        const char *p = strchr(t, '\n') + 1;
        int nf, y, m, d;
        while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
            if (nf < 0)
                syntax++;
            else if (nf == 4 && !cpr_valid(f[1], &y, &m, &d))
                bad_cpr++;
        }
        free(t);
        snprintf(path, sizeof path, "%s/%s/roles.csv", dir, names[i]);
        t = slurp(path, &n);
        p = strchr(t, '\n') + 1;
        while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
            if (nf < 0)
                syntax++;
            else if (nf == 4 && !ok_role(f[2]))
                bad_role++;
            else if (nf == 4 && !strcmp(f[2], "pupil") && strlen(f[3]) != 1)
                bad_grade++;
            else if (nf == 4 && strcmp(f[2], "pupil") && f[3][0])
                bad_grade++;
        }
        free(t);
        snprintf(path, sizeof path, "%s/%s/lessons.csv", dir, names[i]);
        t = slurp(path, &n);
        p = strchr(t, '\n') + 1;
        while ((nf = next_record(&p, rec, sizeof rec, f, 16))) {
            if (nf < 0)
                syntax++;
            else if (nf == 5 &&
                     (strlen(f[3]) != 16 || strlen(f[4]) != 16 || strcmp(f[4], f[3]) <= 0))
                bad_time++;
        }
        free(t);
    }
    assert_true(bad_cpr > 0);
    assert_true(bad_role > 0);
    assert_true(bad_grade > 0);
    assert_true(bad_time > 0);
    assert_true(syntax > 0);
    rm_rf(dir);
    free(dir);
}

/* Registration habits (docs/gen.md): most schools register their whole
 * timetable, some leave lessons or a whole stage out, some also register
 * their breaks. One term-time week of 60 schools, by lessons per class. */
static void schools_differ_in_how_completely_they_register(void **state)
{
    (void)state;
    char *dir = make_tmp();
    generate(dir, 60, 40, 1, 3, 0, days_from_civil(2025, 9, 1));
    char path[1024];
    snprintf(path, sizeof path, "%s/2025-09-01/groups.csv", dir);
    size_t n;
    char *groups = slurp(path, &n);
    snprintf(path, sizeof path, "%s/2025-09-01/lesson_groups.csv", dir);
    char *links = slurp(path, &n);
    snprintf(path, sizeof path, "%s/2025-09-01/lessons.csv", dir);
    char *lessons = slurp(path, &n);
    assert_non_null(groups);
    assert_non_null(links);
    assert_non_null(lessons);
    /* per school: class groups, class lessons, class groups without any,
     * and the registered breaks */
    enum { MAXK = 60 };
    int code[MAXK], classes[MAXK] = {0}, linked[MAXK] = {0}, breaks[MAXK] = {0}, nk = 0;
    char seen[MAXK][40][12];
    int nseen[MAXK] = {0};
    for (char *line = strchr(groups, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        int inst = atoi(line);
        if (strstr(line, ",main\n") != strchr(line, '\n') - 5) continue;
        int k = 0;
        while (k < nk && code[k] != inst)
            k++;
        if (k == nk) code[nk++] = inst;
        classes[k]++;
    }
    for (char *line = strchr(links, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        int inst = atoi(line);
        char *eol = strchr(line, '\n'), *gid = eol;
        while (gid > line && gid[-1] != ',')
            gid--;
        if (*gid != 'K') continue;
        size_t gl = (size_t)(eol - gid);
        int k = 0;
        while (k < nk && code[k] != inst)
            k++;
        assert_true(k < nk);
        linked[k]++;
        int j = 0;
        while (j < nseen[k] && (strlen(seen[k][j]) != gl || memcmp(seen[k][j], gid, gl)))
            j++;
        if (j == nseen[k] && j < 40) {
            memcpy(seen[k][j], gid, gl);
            seen[k][j][gl] = '\0';
            nseen[k]++;
        }
    }
    for (char *line = strchr(lessons, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        int inst = atoi(line);
        for (int k = 0; k < nk; k++)
            if (code[k] == inst && strstr(line, ",Frikvarter,") &&
                strstr(line, ",Frikvarter,") < strchr(line, '\n'))
                breaks[k]++;
    }
    assert_int_equal(nk, 60);
    /* lessons per class: the median school, and how the others compare */
    double per[MAXK] = {0}, sorted[MAXK] = {0};
    for (int k = 0; k < nk; k++)
        sorted[k] = per[k] = (double)linked[k] / classes[k];
    for (int i = 1; i < nk; i++)
        for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
            double t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    double median = sorted[nk / 2];
    int complete = 0, partial = 0, stage = 0, extra = 0;
    for (int k = 0; k < nk; k++) {
        if (breaks[k])
            extra++;
        else if (nseen[k] < classes[k])
            stage++; /* some classes have no lessons at all */
        else if (per[k] < 0.75 * median)
            partial++;
        else if (per[k] >= 0.85 * median && per[k] <= 1.1 * median)
            complete++;
    }
    /* 85 % / 5 % / 5 % / 5 % of 60 schools: about 51 / 3 / 3 / 3 */
    assert_true(complete >= 45);
    assert_true(partial >= 1 && partial <= 8);
    assert_true(stage >= 1 && stage <= 8);
    assert_true(extra >= 1 && extra <= 8);
    assert_int_equal(complete + partial + stage + extra, nk);
    free(groups);
    free(links);
    free(lessons);
    rm_rf(dir);
    free(dir);
}

static void bad_options_are_usage_errors(void **state)
{
    (void)state;
    ungdb_error err;
    ungdb_gen_opts o = {.out_dir = "/tmp/never-written",
                        .institutions = 0,
                        .pupils_per_institution = 10,
                        .weeks = 1};
    assert_int_equal(ungdb_gen(&o, &err), UNGDB_EUSAGE);
    assert_string_equal(err.field, "institutions");
    o.institutions = 1;
    o.error_rate = 1.5;
    assert_int_equal(ungdb_gen(&o, &err), UNGDB_EUSAGE);
    o.error_rate = 0;
    o.out_dir = NULL;
    assert_int_equal(ungdb_gen(&o, &err), UNGDB_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_gives_identical_bytes),
        cmocka_unit_test(clean_run_breaks_no_rule),
        cmocka_unit_test(school_year_turns_on_first_of_august),
        cmocka_unit_test(error_rate_injects_errors),
        cmocka_unit_test(schools_differ_in_how_completely_they_register),
        cmocka_unit_test(bad_options_are_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
