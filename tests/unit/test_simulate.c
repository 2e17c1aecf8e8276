/* Unit tests of the criteria replay (src/simulate/): the hand-made set of
 * tests/simulate/hand/ with weekly counts computed by hand (see its
 * README.md), window boundaries and thresholds met or just missed, bad rows
 * and headers named by file, line and column, the parallel reader against the
 * serial one (quoted line breaks across part boundaries), and the segment
 * replay against ungdb_criteria_eval over plain daily series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/simulate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ungdb_date ymd(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d);
}

static ungdb_criteria *load_hand_criteria(void)
{
    ungdb_criteria *cr = malloc(sizeof *cr);
    ungdb_error err;
    assert_non_null(cr);
    assert_int_equal(
        ungdb_criteria_load(UNGDB_SOURCE_DIR "/tests/simulate/hand/criteria.conf", cr, &err),
        UNGDB_OK);
    return cr;
}

typedef struct want_week {
    uint32_t active, flagged, newly, cumulative, hits[4];
} want_week;

static void expect_weeks(const ungdb_sim_result *r, const want_week *w, size_t n)
{
    assert_int_equal(r->nweeks, n);
    for (size_t i = 0; i < n; i++) {
        const ungdb_sim_week *k = &r->weeks[i];
        if (k->active != w[i].active || k->flagged != w[i].flagged || k->newly != w[i].newly ||
            k->cumulative != w[i].cumulative || memcmp(k->hits, w[i].hits, sizeof w[i].hits)) {
            fprintf(stderr,
                    "week %zu: active %u flagged %u new %u cum %u hits %u %u %u %u; want %u %u "
                    "%u %u hits %u %u %u %u\n",
                    i, k->active, k->flagged, k->newly, k->cumulative, k->hits[0], k->hits[1],
                    k->hits[2], k->hits[3], w[i].active, w[i].flagged, w[i].newly, w[i].cumulative,
                    w[i].hits[0], w[i].hits[1], w[i].hits[2], w[i].hits[3]);
            fail();
        }
    }
}

/* The weekly counts of tests/simulate/hand/README.md, worked out by hand. */
static const want_week HAND[3] = {
    {6, 4, 4, 4, {1, 2, 0, 1}}, /* 2025-W36: A c1; C, D c2; I c4 */
    {5, 5, 4, 8, {2, 3, 1, 0}}, /* 2025-W37: F, L c1; C, E, L c2; G c3; C not new */
    {2, 2, 0, 8, {2, 1, 0, 0}}, /* 2025-W38: F, L c1; L c2 */
};

static void hand_set_weekly_counts(void **state)
{
    (void)state;
    ungdb_criteria *cr = load_hand_criteria();
    /* Any day of the first and last week selects the same weeks. */
    ungdb_sim_opts o = {.from = ymd(2025, 9, 3), .to = ymd(2025, 9, 20), .threads = 1};
    ungdb_sim_result *r;
    ungdb_error err;
    assert_int_equal(ungdb_simulate(cr, UNGDB_SOURCE_DIR "/tests/simulate/hand", &o, &r, &err),
                     UNGDB_OK);
    expect_weeks(r, HAND, 3);
    assert_int_equal(r->weeks[0].monday.day, ymd(2025, 9, 1).day);
    assert_int_equal(r->read_from.day, ymd(2025, 8, 25).day); /* 14 days before the first Sunday */
    assert_int_equal(r->read_to.day, ymd(2025, 9, 21).day);
    assert_int_equal(r->pupils, 11);
    assert_int_equal(r->rejected, 0);
    const ungdb_sim_file_stats *a = &r->files[UNGDB_SIM_ATTENDANCE];
    assert_int_equal(a->rows, 65);
    assert_int_equal(a->outside, 2); /* 2025-08-22 and 2025-09-22 */
    assert_int_equal(a->first.day, ymd(2025, 8, 22).day);
    assert_int_equal(a->last.day, ymd(2025, 9, 22).day);
    assert_string_equal(a->unused_columns, "note");
    assert_int_equal(r->files[UNGDB_SIM_NOTICES].outside, 1); /* 2025-08-24 */
    assert_int_equal(r->files[UNGDB_SIM_EVENTS].rows, 5);
    ungdb_sim_result_free(r);

    /* The same with parts of a few bytes read by several threads. */
    for (int t = 2; t <= 8; t *= 2) {
        o.threads = t;
        o.min_part = 1;
        assert_int_equal(ungdb_simulate(cr, UNGDB_SOURCE_DIR "/tests/simulate/hand", &o, &r, &err),
                         UNGDB_OK);
        expect_weeks(r, HAND, 3);
        assert_int_equal(r->pupils, 11);
        assert_int_equal(r->files[UNGDB_SIM_ATTENDANCE].outside, 2);
        ungdb_sim_result_free(r);
    }
    free(cr);
}

static void min_hits_two_flags_only_pupils_with_two_hits(void **state)
{
    (void)state;
    ungdb_criteria *cr = load_hand_criteria();
    cr->min_hits = 2;
    ungdb_sim_opts o = {.from = ymd(2025, 9, 1), .to = ymd(2025, 9, 21)};
    ungdb_sim_result *r;
    ungdb_error err;
    assert_int_equal(ungdb_simulate(cr, UNGDB_SOURCE_DIR "/tests/simulate/hand", &o, &r, &err),
                     UNGDB_OK);
    /* Only L has two criteria at once (W37 and W38); the hits do not change. */
    const want_week w[3] = {
        {6, 0, 0, 0, {1, 2, 0, 1}}, {5, 1, 1, 1, {2, 3, 1, 0}}, {2, 1, 0, 1, {2, 1, 0, 0}}};
    expect_weeks(r, w, 3);
    ungdb_sim_result_free(r);
    free(cr);
}

static const char *CRIT1 = "[u]\nmeasure = unlawful_absence_percent\nwindow = 1 week\n"
                           "threshold = 10\n";

static ungdb_rc run_mem(const char *crit, const char *att, const char *ev, const char *no,
                        ungdb_date from, ungdb_date to, int threads, ungdb_sim_result **r,
                        ungdb_error *err)
{
    static ungdb_criteria cr;
    ungdb_rc rc = ungdb_criteria_parse(crit, strlen(crit), "crit.conf", &cr, err);
    if (rc) return rc;
    ungdb_sim_input in = {.data = {att, ev, no},
                          .size = {att ? strlen(att) : 0, ev ? strlen(ev) : 0, no ? strlen(no) : 0},
                          .name = {"att.csv", "ev.csv", "no.csv"}};
    ungdb_sim_opts o = {.from = from, .to = to, .threads = threads, .min_part = 1};
    return ungdb_simulate_mem(&cr, &in, &o, r, err);
}

static void expect_reject(const ungdb_sim_result *r, size_t i, ungdb_sim_file f, long line,
                          const char *field, const char *msg)
{
    assert_true(i < r->nrejects);
    const ungdb_sim_reject *j = &r->rejects[i];
    if (j->file != f || j->line != line || strcmp(j->field, field) || !strstr(j->message, msg)) {
        fprintf(stderr, "reject %zu: file %d line %ld field '%s' message '%s'\n", i, j->file,
                j->line, j->field, j->message);
        fprintf(stderr, "want file %d line %ld field '%s' message '%s'\n", f, line, field, msg);
        fail();
    }
}

static void bad_rows_are_rejected_with_file_line_and_field(void **state)
{
    (void)state;
    const char *att = "pupil,date,lesson_minutes,absent_minutes,lawful\n"
                      "p1,2025-09-01,300,30,no\n"     /* 2 good */
                      ",2025-09-01,300,0,\n"          /* 3 empty pupil */
                      "p1,2025-09-31,300,0,\n"        /* 4 bad date */
                      "p1,2025-09-02,0,0,\n"          /* 5 lesson 0 */
                      "p1,2025-09-02,1441,0,\n"       /* 6 lesson > a day */
                      "p1,2025-09-02,60,61,no\n"      /* 7 absent > lesson */
                      "p1,2025-09-02,60,-1,no\n"      /* 8 negative */
                      "p1,2025-09-02,60,30,\n"        /* 9 lawful missing */
                      "p1,2025-09-02,60,30,ja\n"      /* 10 lawful not yes/no */
                      "0101101235,2025-09-02,60,0,\n" /* 11 a CPR number */
                      "p1,2025-09-02,60\n"            /* 12 too few fields */
                      "p1,2025-09-02,6\"0,0,\n"       /* 13 stray quote */
                      "p1,2025-09-03,1440,0,\n"       /* 14 good: a whole day */
                      "p1,2025-09-04,300,0,yes\n"     /* 15 good: lawful with 0 */
                      "\xff,2025-09-04,300,0,\n";     /* 16 not UTF-8 */
    const char *ev = "pupil,date,kind\np1,2025-09-01,late\np1,2025-09-01,conduct\n";
    const char *no = "kind,pupil,date\nwarning,p1,2025-09-01\nnotice,p1,2025-09-01\n";
    ungdb_sim_result *r;
    ungdb_error err;
    for (int t = 1; t <= 4; t *= 2) {
        assert_int_equal(run_mem(CRIT1, att, ev, no, ymd(2025, 9, 1), ymd(2025, 9, 7), t, &r, &err),
                         UNGDB_OK);
        assert_int_equal(r->files[UNGDB_SIM_ATTENDANCE].rows, 15);
        assert_int_equal(r->files[UNGDB_SIM_ATTENDANCE].rejected, 12);
        assert_int_equal(r->files[UNGDB_SIM_EVENTS].rejected, 1);
        assert_int_equal(r->files[UNGDB_SIM_NOTICES].rejected, 1);
        assert_int_equal(r->rejected, 14);
        assert_int_equal(r->nrejects, 14);
        const ungdb_sim_file A = UNGDB_SIM_ATTENDANCE;
        expect_reject(r, 0, A, 3, "pupil", "empty");
        expect_reject(r, 1, A, 4, "date", "not a date");
        expect_reject(r, 2, A, 5, "lesson_minutes", "1-1440");
        expect_reject(r, 3, A, 6, "lesson_minutes", "1-1440");
        expect_reject(r, 4, A, 7, "absent_minutes", "more than lesson_minutes (60)");
        expect_reject(r, 5, A, 8, "absent_minutes", "0-1440");
        expect_reject(r, 6, A, 9, "lawful", "yes or no: absent_minutes is above 0");
        expect_reject(r, 7, A, 10, "lawful", "yes, no, or empty");
        expect_reject(r, 8, A, 11, "pupil", "a CPR number");
        expect_reject(r, 9, A, 12, "", "3 fields, the header has 5");
        expect_reject(r, 10, A, 13, "", "quote");
        expect_reject(r, 11, A, 16, "pupil", "UTF-8");
        expect_reject(r, 12, UNGDB_SIM_EVENTS, 2, "kind", "not an event kind");
        expect_reject(r, 13, UNGDB_SIM_NOTICES, 3, "kind", "not a notice kind");
        for (size_t i = 0; i < r->nrejects; i++) /* never the pupil id */
            assert_null(strstr(r->rejects[i].message, "0101101235"));
        /* The good rows count: 30 unlawful of 300 + 1440 + 300 planned < 10 %. */
        assert_int_equal(r->weeks[0].active, 1);
        assert_int_equal(r->weeks[0].flagged, 0);
        assert_int_equal(r->pupils, 1);
        ungdb_sim_result_free(r);
    }
}

/* A pupil's minutes in one segment (at most a week) passing 24 hours a day
 * stop the replay at the row where they pass, however many threads read. */
static void more_than_a_day_a_day_stops_at_the_row(void **state)
{
    (void)state;
    char att[4096];
    size_t n = (size_t)snprintf(att, sizeof att,
                                "pupil,date,lesson_minutes,absent_minutes,lawful\n"
                                "p2,2025-09-03,1440,0,\n"
                                "p1,2025-09-01,300,0,\n");
    for (int i = 0; i < 7; i++) /* lines 4-10; 300 + 7 x 1440 passes 7 x 1440 at line 10 */
        n += (size_t)snprintf(att + n, sizeof att - n, "p1,2025-09-0%d,1440,0,\n", 1 + i);
    snprintf(att + n, sizeof att - n, "p1,2025-09-08,1440,0,\n");
    for (int t = 1; t <= 4; t++) {
        ungdb_sim_result *r = NULL;
        ungdb_error err;
        assert_int_equal(
            run_mem(CRIT1, att, NULL, NULL, ymd(2025, 9, 1), ymd(2025, 9, 14), t, &r, &err),
            UNGDB_EINPUT);
        assert_null(r);
        assert_string_equal(err.file, "att.csv");
        assert_int_equal(err.line, 10);
        assert_string_equal(err.field, "lesson_minutes");
        assert_non_null(strstr(err.message, "2025-09-01..2025-09-07 add up to more than 24 hours"));
    }
}

static void bad_headers_stop_with_file_line_and_column(void **state)
{
    (void)state;
    ungdb_sim_result *r = NULL;
    ungdb_error err;
    ungdb_date a = ymd(2025, 9, 1), b = ymd(2025, 9, 7);
    assert_int_equal(
        run_mem(CRIT1, "pupil,date,lesson_minutes,lawful\n", NULL, NULL, a, b, 1, &r, &err),
        UNGDB_EINPUT);
    assert_string_equal(err.file, "att.csv");
    assert_int_equal(err.line, 1);
    assert_string_equal(err.field, "absent_minutes");
    assert_non_null(strstr(err.message, "missing column"));
    assert_null(r);
    assert_int_equal(run_mem(CRIT1, "\n\npupil,date,date,lesson_minutes,absent_minutes,lawful\n",
                             NULL, NULL, a, b, 1, &r, &err),
                     UNGDB_EINPUT);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.field, "date");
    assert_non_null(strstr(err.message, "named twice"));
    assert_int_equal(run_mem(CRIT1, "", NULL, NULL, a, b, 1, &r, &err), UNGDB_EINPUT);
    assert_non_null(strstr(err.message, "empty"));
    assert_int_equal(run_mem(CRIT1, "pupil,date,lesson_minutes,absent_minutes,lawful\n",
                             "pupil,day,kind\n", NULL, a, b, 1, &r, &err),
                     UNGDB_EINPUT);
    assert_string_equal(err.file, "ev.csv");
    assert_string_equal(err.field, "date");
    assert_int_equal(run_mem(CRIT1, NULL, NULL, NULL, a, b, 1, &r, &err), UNGDB_EIO);
    assert_string_equal(err.file, "att.csv");
    /* --to before --from */
    assert_int_equal(run_mem(CRIT1, "pupil,date,lesson_minutes,absent_minutes,lawful\n", NULL, NULL,
                             b, a, 1, &r, &err),
                     UNGDB_EUSAGE);
    /* A directory without attendance.csv. */
    ungdb_criteria cr;
    assert_int_equal(ungdb_criteria_parse(CRIT1, strlen(CRIT1), "c", &cr, &err), UNGDB_OK);
    ungdb_sim_opts o = {.from = a, .to = b};
    assert_int_equal(ungdb_simulate(&cr, UNGDB_SOURCE_DIR "/tests/unit", &o, &r, &err), UNGDB_EIO);
    assert_non_null(strstr(err.file, "tests/unit/attendance.csv"));
}

/* Quoted fields with line breaks, at every place a part may begin: the
 * parallel reader must give what the serial one gives, rejects' lines too. */
static void parallel_reader_agrees_with_serial_reader(void **state)
{
    (void)state;
    char *att = malloc(200000);
    assert_non_null(att);
    size_t n = (size_t)snprintf(att, 200000, "pupil,date,lesson_minutes,absent_minutes,lawful,c\n");
    long line = 2, bad_lines[64];
    size_t nbad = 0;
    for (int i = 0; i < 2000; i++) {
        int d = 1 + i % 5, absent = i % 50 < 10 ? 60 : 0; /* q0-q9 are flagged */
        if (i % 97 == 13 && nbad < 64) {                  /* a bad row */
            bad_lines[nbad++] = line;
            n += (size_t)snprintf(att + n, 200000 - n, "q%d,2025-09-0%d,x,0,,\n", i % 50, d);
            line++;
        } else if (i % 7 == 3) { /* a comment over three physical lines */
            n += (size_t)snprintf(att + n, 200000 - n,
                                  "q%d,2025-09-0%d,100,%d,no,\"one\nq1,2025-09-01,9,9,no\ntwo\"\n",
                                  i % 50, d, absent);
            line += 3;
        } else {
            n += (size_t)snprintf(att + n, 200000 - n, "q%d,2025-09-0%d,100,%d,%s,\n", i % 50, d,
                                  absent, absent ? "no" : "");
            line++;
        }
    }
    ungdb_sim_result *r1, *rt;
    ungdb_error err;
    assert_int_equal(
        run_mem(CRIT1, att, NULL, NULL, ymd(2025, 9, 1), ymd(2025, 9, 7), 1, &r1, &err), UNGDB_OK);
    assert_int_equal(r1->nrejects, nbad);
    for (size_t i = 0; i < nbad; i++)
        expect_reject(r1, i, UNGDB_SIM_ATTENDANCE, bad_lines[i], "lesson_minutes", "1-1440");
    assert_int_equal(r1->pupils, 50);
    assert_int_equal(r1->weeks[0].flagged, 10);
    for (int t = 2; t <= 8; t++) {
        assert_int_equal(
            run_mem(CRIT1, att, NULL, NULL, ymd(2025, 9, 1), ymd(2025, 9, 7), t, &rt, &err),
            UNGDB_OK);
        assert_int_equal(rt->nrejects, r1->nrejects);
        for (size_t i = 0; i < r1->nrejects; i++)
            assert_int_equal(rt->rejects[i].line, r1->rejects[i].line);
        assert_int_equal(rt->files[0].rows, r1->files[0].rows);
        assert_memory_equal(rt->weeks, r1->weeks, sizeof *r1->weeks);
        assert_int_equal(rt->pupils, r1->pupils);
        ungdb_sim_result_free(rt);
    }
    ungdb_sim_result_free(r1);
    free(att);
}

/* More pupils than one block of the pupil table (4096), so that tables grow
 * by blocks and parts are merged block by block. */
static void many_pupils_over_several_blocks(void **state)
{
    (void)state;
    enum { N = 9000 };
    size_t cap = (size_t)N * 2 * 40 + 100, n = 0;
    char *att = malloc(cap);
    assert_non_null(att);
    n += (size_t)snprintf(att + n, cap - n, "pupil,date,lesson_minutes,absent_minutes,lawful\n");
    for (int day = 1; day <= 2; day++)
        for (int p = 0; p < N; p++) /* every 7th pupil absent unlawfully on day 2 */
            n += (size_t)snprintf(att + n, cap - n, "x%d,2025-09-0%d,300,%d,%s\n", p, day,
                                  day == 2 && p % 7 == 0 ? 300 : 0,
                                  day == 2 && p % 7 == 0 ? "no" : "");
    for (int t = 1; t <= 4; t++) {
        ungdb_sim_result *r;
        ungdb_error err;
        assert_int_equal(
            run_mem(CRIT1, att, NULL, NULL, ymd(2025, 9, 1), ymd(2025, 9, 7), t, &r, &err),
            UNGDB_OK);
        assert_int_equal(r->pupils, N);
        assert_int_equal(r->weeks[0].active, N);
        assert_int_equal(r->weeks[0].flagged, (N + 6) / 7); /* 300 of 600 minutes = 50 % */
        assert_int_equal(r->weeks[0].hits[0], (N + 6) / 7);
        ungdb_sim_result_free(r);
    }
    free(att);
}

/* ------------------------------------------------------------------------
 * The replay over segments against ungdb_criteria_eval over daily series
 * (the form `ungdb rules eval` uses), on random pupils and criteria. */

static uint64_t rng = 88172645463325252u;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

typedef struct day_row {
    int pupil;
    int32_t day;
    uint32_t planned, lawful, unlawful;
} day_row;

static void segment_replay_equals_daily_evaluation(void **state)
{
    (void)state;
    enum { PUPILS = 40, DAYS = 150 };
    const char *measures[] = {"absence_percent",          "lawful_absence_percent",
                              "unlawful_absence_percent", "absence_hours",
                              "lawful_absence_hours",     "unlawful_absence_hours"};
    for (int round = 0; round < 6; round++) {
        /* Random criteria: windows of odd lengths, thresholds, min_planned_hours. */
        char crit[2048];
        size_t cn = (size_t)snprintf(crit, sizeof crit, "min_hits = %u\n", 1 + rnd(2));
        int ncrit = 2 + (int)rnd(4);
        for (int c = 0; c < ncrit; c++) {
            int m = (int)rnd(8);
            if (m < 6) {
                cn += (size_t)snprintf(crit + cn, sizeof crit - cn,
                                       "[c%d]\nmeasure = %s\nwindow = %u days\nthreshold = %u\n", c,
                                       measures[m], 1 + rnd(40), 1 + rnd(m < 3 ? 30 : 12));
                if (m < 3 && rnd(2))
                    cn += (size_t)snprintf(crit + cn, sizeof crit - cn, "min_planned_hours = %u\n",
                                           rnd(20));
            } else {
                cn += (size_t)snprintf(crit + cn, sizeof crit - cn,
                                       "[c%d]\nmeasure = %s\nkind = %s\nwindow = %u days\n"
                                       "threshold = %u\n",
                                       c, m == 6 ? "events" : "notices",
                                       m == 6 ? "missing_hand_in" : "warning", 1 + rnd(30),
                                       1 + rnd(3));
            }
        }
        ungdb_criteria cr;
        ungdb_error err;
        assert_int_equal(ungdb_criteria_parse(crit, cn, "rand", &cr, &err), UNGDB_OK);
        /* Random daily data from 2025-08-01 for DAYS days. */
        int32_t d0 = ymd(2025, 8, 1).day;
        size_t cap = PUPILS * DAYS;
        day_row *rows = calloc(cap, sizeof *rows);
        ungdb_dated_kind *ev[PUPILS], *no[PUPILS];
        size_t nev[PUPILS] = {0}, nno[PUPILS] = {0};
        size_t nrows = 0;
        char *att = malloc(cap * 48 + 100), *evt = malloc(PUPILS * DAYS * 32 + 32),
             *not = malloc(PUPILS * DAYS * 32 + 32);
        assert_true(rows && att && evt && not );
        size_t na = (size_t)sprintf(att, "pupil,date,lesson_minutes,absent_minutes,lawful\n");
        size_t ne = (size_t)sprintf(evt, "pupil,date,kind\n");
        size_t nn = (size_t)sprintf(not, "pupil,date,kind\n");
        for (int p = 0; p < PUPILS; p++) {
            ev[p] = calloc(DAYS, sizeof **ev);
            no[p] = calloc(DAYS, sizeof **no);
            int prob = 1 + (int)rnd(6);
            for (int d = 0; d < DAYS; d++) {
                char ds[11];
                ungdb_date_format((ungdb_date){d0 + d}, ds);
                if (rnd(10) < 7) {
                    uint32_t planned = 60 + rnd(300), lawful = 0, unlawful = 0;
                    int k = (int)rnd(8);
                    if (k < prob) {
                        uint32_t ab = rnd(planned + 1);
                        if (rnd(2))
                            lawful = ab;
                        else
                            unlawful = ab;
                    }
                    rows[nrows++] = (day_row){p, d0 + d, planned, lawful, unlawful};
                    na += (size_t)sprintf(att + na, "p%d,%s,%u,%u,%s\n", p, ds, planned,
                                          lawful + unlawful,
                                          lawful     ? "yes"
                                          : unlawful ? "no"
                                                     : "");
                }
                if (rnd(12) == 0) {
                    ev[p][nev[p]++] = (ungdb_dated_kind){{d0 + d}, UNGDB_EVENT_MISSING_HAND_IN};
                    ne += (size_t)sprintf(evt + ne, "p%d,%s,missing_hand_in\n", p, ds);
                }
                if (rnd(25) == 0) {
                    no[p][nno[p]++] = (ungdb_dated_kind){{d0 + d}, UNGDB_NOTICE_WARNING};
                    nn += (size_t)sprintf(not +nn, "p%d,%s,warning\n", p, ds);
                }
            }
        }
        ungdb_date from = {d0 + 40 + (int32_t)rnd(7)}, to = {d0 + DAYS - 1};
        ungdb_sim_input in = {.data = {att, evt, not }, .size = {na, ne, nn}};
        ungdb_sim_opts o = {.from = from, .to = to, .threads = 1 + (int)(round % 3), .min_part = 1};
        ungdb_sim_result *r;
        assert_int_equal(ungdb_simulate_mem(&cr, &in, &o, &r, &err), UNGDB_OK);
        /* The expected counts from daily series. */
        uint32_t flagged[40] = {0}, newly[40] = {0}, hits[40][UNGDB_CRITERIA_MAX];
        memset(hits, 0, sizeof hits);
        assert_true(r->nweeks <= 40);
        ungdb_attendance_day *days = calloc(DAYS, sizeof *days);
        for (int p = 0; p < PUPILS; p++) {
            size_t nd = 0;
            for (size_t i = 0; i < nrows; i++)
                if (rows[i].pupil == p)
                    days[nd++] = (ungdb_attendance_day){
                        {rows[i].day}, rows[i].planned, rows[i].lawful, rows[i].unlawful};
            ungdb_attendance_accumulate(days, nd);
            ungdb_pupil_series s = {days, nd, ev[p], nev[p], no[p], nno[p]};
            bool ever = false;
            for (size_t w = 0; w < r->nweeks; w++) {
                ungdb_criterion_hit hb[UNGDB_CRITERIA_MAX];
                ungdb_date sun = {r->weeks[w].monday.day + 6};
                size_t nh = ungdb_criteria_eval(&cr, &s, sun, hb, UNGDB_CRITERIA_MAX);
                for (size_t i = 0; i < nh; i++)
                    hits[w][hb[i].criterion]++;
                if (nh >= (size_t)cr.min_hits) {
                    flagged[w]++;
                    if (!ever) newly[w]++;
                    ever = true;
                }
            }
        }
        for (size_t w = 0; w < r->nweeks; w++) {
            assert_int_equal(r->weeks[w].flagged, flagged[w]);
            assert_int_equal(r->weeks[w].newly, newly[w]);
            for (int c = 0; c < ncrit; c++)
                assert_int_equal(r->weeks[w].hits[c], hits[w][c]);
        }
        uint32_t total = 0;
        for (size_t w = 0; w < r->nweeks; w++)
            total += flagged[w];
        assert_true(total > 0); /* the comparison is not vacuous */
        ungdb_sim_result_free(r);
        free(days);
        for (int p = 0; p < PUPILS; p++) {
            free(ev[p]);
            free(no[p]);
        }
        free(rows);
        free(att);
        free(evt);
        free(not );
    }
}

static void iso_weeks(void **state)
{
    (void)state;
    int y, w;
    ungdb_iso_week(ymd(2025, 12, 29), &y, &w);
    assert_int_equal(y, 2026);
    assert_int_equal(w, 1);
    ungdb_iso_week(ymd(2021, 1, 3), &y, &w);
    assert_int_equal(y, 2020);
    assert_int_equal(w, 53);
    ungdb_iso_week(ymd(2025, 9, 1), &y, &w);
    assert_int_equal(y, 2025);
    assert_int_equal(w, 36);
    ungdb_iso_week(ymd(2026, 1, 4), &y, &w);
    assert_int_equal(y, 2026);
    assert_int_equal(w, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_set_weekly_counts),
        cmocka_unit_test(min_hits_two_flags_only_pupils_with_two_hits),
        cmocka_unit_test(bad_rows_are_rejected_with_file_line_and_field),
        cmocka_unit_test(more_than_a_day_a_day_stops_at_the_row),
        cmocka_unit_test(bad_headers_stop_with_file_line_and_column),
        cmocka_unit_test(parallel_reader_agrees_with_serial_reader),
        cmocka_unit_test(many_pupils_over_several_blocks),
        cmocka_unit_test(segment_replay_equals_daily_evaluation),
        cmocka_unit_test(iso_weeks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
