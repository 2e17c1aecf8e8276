/* replay.c - `ungdb rules simulate`: an institution's dropout-risk criteria
 * replayed week by week over historical attendance (include/ungdb/simulate.h,
 * docs/rules.md "Simulating criteria").
 *
 * Seed 000, section 3 ("Anbefalinger til uddannelsesinstitution"): the
 * institution should set up concrete criteria for judging risk of dropout
 * from its conduct rules and evaluate them continuously; the criteria are the
 * institution's own (vejledningsbekendtgørelsen § 36; bekendtgørelse om
 * erhvervsuddannelser § 55, stk. 2, nr. 9). A flag proposes a candidate; the
 * report is always a person's concrete assessment (§ 36).
 *
 * The days used are cut into segments (sim_span) such that every window of
 * every attendance criterion ending on an evaluated Sunday is whole
 * segments; the reader adds each row's minutes to its pupil's segment. Each
 * pupil's series is then the running totals at the segment ends, and
 * ungdb_criteria_eval over it gives exactly what it gives over the daily
 * series: the criteria are evaluated by the same code as `ungdb rules eval`.
 * Pupils are evaluated in parallel, each worker with its own counters. */
#include "simulate/sim_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const file_names[UNGDB_SIM_FILES] = {"attendance.csv", "events.csv",
                                                        "notices.csv"};

const char *ungdb_sim_file_name(ungdb_sim_file f)
{
    return (unsigned)f < UNGDB_SIM_FILES ? file_names[f] : "";
}

void ungdb_iso_week(ungdb_date d, int *year, int *week)
{
    /* The ISO year is the year of the week's Thursday. */
    int32_t thu = d.day - (ungdb_date_weekday(d) - 1) + 3;
    int y, m, dd;
    ungdb_date_to_ymd((ungdb_date){thu}, &y, &m, &dd);
    int32_t jan1 = ungdb_date_from_ymd(y, 1, 1).day;
    *year = y;
    *week = (thu - jan1) / 7 + 1;
}

/* ---------------------------------------------------------------- span -- */

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static bool is_attendance(ungdb_measure m)
{
    return m >= UNGDB_MEASURE_ABSENCE_PERCENT && m <= UNGDB_MEASURE_UNLAWFUL_HOURS;
}

static void span_release(sim_span *sp)
{
    free(sp->seg_end);
    free(sp->day_seg);
    free(sp->sunday);
    free(sp->week_seg0);
    memset(sp, 0, sizeof *sp);
}

static bool span_build(sim_span *sp, const ungdb_criteria *cr, int32_t monday0, size_t nweeks)
{
    memset(sp, 0, sizeof *sp);
    int maxwin = 1;
    for (size_t i = 0; i < cr->n; i++)
        if (cr->items[i].window_days > maxwin) maxwin = cr->items[i].window_days;
    int32_t sun0 = monday0 + 6;
    sp->first = sun0 - maxwin + 1 < monday0 ? sun0 - maxwin + 1 : monday0;
    sp->last = sun0 + 7 * (int32_t)(nweeks - 1);
    sp->nweeks = nweeks;
    /* Boundaries: every Sunday, and each evaluated Sunday less each attendance window. */
    size_t ndays = (size_t)(sp->last - sp->first + 1);
    size_t cap = ndays / 7 + 2 + nweeks * cr->n;
    int32_t *b = malloc(cap * sizeof *b);
    sp->sunday = malloc(nweeks * sizeof *sp->sunday);
    sp->day_seg = malloc(ndays * sizeof *sp->day_seg);
    sp->week_seg0 = malloc((nweeks + 1) * sizeof *sp->week_seg0);
    if (!b || !sp->sunday || !sp->day_seg || !sp->week_seg0) {
        free(b);
        return false;
    }
    size_t nb = 0;
    for (int32_t d = sp->first; d <= sp->last; d++)
        if (ungdb_date_weekday((ungdb_date){d}) == 7) b[nb++] = d;
    for (size_t w = 0; w < nweeks; w++) {
        sp->sunday[w] = sun0 + 7 * (int32_t)w;
        for (size_t i = 0; i < cr->n; i++) {
            if (!is_attendance(cr->items[i].measure)) continue;
            int32_t lo = sp->sunday[w] - cr->items[i].window_days;
            if (lo >= sp->first) b[nb++] = lo;
        }
    }
    qsort(b, nb, sizeof *b, cmp_i32);
    size_t u = 0;
    for (size_t i = 0; i < nb; i++)
        if (!u || b[u - 1] != b[i]) b[u++] = b[i];
    sp->seg_end = b;
    sp->nseg = (uint32_t)u;
    uint32_t s = 0;
    for (size_t o = 0; o < ndays; o++) {
        while (sp->seg_end[s] < sp->first + (int32_t)o)
            s++;
        sp->day_seg[o] = s;
    }
    /* Week w is the segments after the previous Sunday up to its Sunday. */
    for (size_t w = 0; w <= nweeks; w++) {
        int32_t prev_sunday = sun0 + 7 * (int32_t)w - 7; /* the day before week w */
        uint32_t k = 0;
        while (k < sp->nseg && sp->seg_end[k] <= prev_sunday)
            k++;
        sp->week_seg0[w] = k;
    }
    return true;
}

/* ---------------------------------------------------------- evaluation -- */

typedef struct evalw {
    const ungdb_criteria *cr;
    const sim_span *sp;
    const sim_tab *tab;
    const sim_dated *ev, *no;
    size_t p0, p1;
    uint32_t *active, *flagged, *newly, *hits; /* [nweeks], hits [nweeks * UNGDB_CRITERIA_MAX] */
    ungdb_attendance_day *days;                /* scratch [nseg] */
} evalw;

static void eval_range(evalw *e)
{
    const sim_span *sp = e->sp;
    const ungdb_criteria *cr = e->cr;
    ungdb_criterion_hit hb[UNGDB_CRITERIA_MAX];
    for (size_t p = e->p0; p < e->p1; p++) {
        size_t nd = 0;
        uint32_t cp = 0, cl = 0, cu = 0;
        for (uint32_t k = 0; k < sp->nseg; k++) {
            const uint16_t *x = sim_tab_at(e->tab, p, k);
            if (!(x[0] | x[1] | x[2])) continue;
            cp += x[0];
            cl += x[1];
            cu += x[2];
            e->days[nd++] = (ungdb_attendance_day){{sp->seg_end[k]}, cp, cl, cu};
        }
        for (size_t w = 0; w < sp->nweeks; w++) {
            uint32_t planned = 0;
            for (uint32_t k = sp->week_seg0[w]; k < sp->week_seg0[w + 1]; k++)
                planned += sim_tab_at(e->tab, p, k)[0];
            e->active[w] += planned > 0;
        }
        ungdb_pupil_series s = {e->days,
                                nd,
                                e->ev->items + e->ev->off[p],
                                e->ev->off[p + 1] - e->ev->off[p],
                                e->no->items + e->no->off[p],
                                e->no->off[p + 1] - e->no->off[p]};
        if (!nd && !s.nevents && !s.nnotices) continue;
        bool ever = false;
        for (size_t w = 0; w < sp->nweeks; w++) {
            size_t nh =
                ungdb_criteria_eval(cr, &s, (ungdb_date){sp->sunday[w]}, hb, UNGDB_CRITERIA_MAX);
            uint32_t *h = e->hits + w * UNGDB_CRITERIA_MAX;
            for (size_t i = 0; i < nh; i++)
                h[hb[i].criterion]++;
            if (nh >= (size_t)cr->min_hits) {
                e->flagged[w]++;
                if (!ever) e->newly[w]++;
                ever = true;
            }
        }
    }
}

static void *eval_thread(void *arg)
{
    eval_range(arg);
    return NULL;
}

static ungdb_rc evaluate(const ungdb_criteria *cr, const sim_span *sp, const sim_tab *tab,
                         const sim_dated *ev, const sim_dated *no, int threads,
                         ungdb_sim_result *res)
{
    int T = threads < 1 ? 1 : threads;
    if (tab->n < 64) T = 1;
    size_t nw = sp->nweeks, per = nw * (3 + UNGDB_CRITERIA_MAX);
    evalw E[8];
    pthread_t th[8];
    bool started[8] = {false};
    ungdb_rc rc = UNGDB_OK;
    memset(E, 0, sizeof E);
    for (int t = 0; t < T; t++) {
        uint32_t *c = calloc(per, sizeof *c);
        E[t] = (evalw){cr,
                       sp,
                       tab,
                       ev,
                       no,
                       tab->n * (size_t)t / (size_t)T,
                       tab->n * (size_t)(t + 1) / (size_t)T,
                       c,
                       c ? c + nw : NULL,
                       c ? c + 2 * nw : NULL,
                       c ? c + 3 * nw : NULL,
                       malloc((sp->nseg ? sp->nseg : 1) * sizeof(ungdb_attendance_day))};
        if (!c || !E[t].days) rc = UNGDB_ENOMEM;
    }
    if (!rc) {
        for (int t = 1; t < T; t++)
            started[t] = pthread_create(&th[t], NULL, eval_thread, &E[t]) == 0;
        eval_range(&E[0]);
        for (int t = 1; t < T; t++) {
            if (started[t])
                pthread_join(th[t], NULL);
            else
                eval_range(&E[t]);
        }
        uint32_t cum = 0;
        for (size_t w = 0; w < nw; w++) {
            ungdb_sim_week *k = &res->weeks[w];
            for (int t = 0; t < T; t++) {
                k->active += E[t].active[w];
                k->flagged += E[t].flagged[w];
                k->newly += E[t].newly[w];
                for (size_t i = 0; i < cr->n; i++)
                    k->hits[i] += E[t].hits[w * UNGDB_CRITERIA_MAX + i];
            }
            cum += k->newly;
            k->cumulative = cum;
        }
    }
    for (int t = 0; t < T; t++) {
        free(E[t].active);
        free(E[t].days);
    }
    return rc;
}

/* ------------------------------------------------------------------ API -- */

/* Diagnostics: with UNGDB_TIMING set in the environment, the phases' wall
 * times go to stderr (as the register build's). */
static double timing_now(void)
{
    static int on = -1;
    if (on < 0) on = getenv("UNGDB_TIMING") != NULL;
    if (!on) return 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void timing(const char *phase, double *t)
{
    double n = timing_now();
    if (n == 0) return;
    fprintf(stderr, "ungdb: timing: %s %.3f s\n", phase, n - *t);
    *t = n;
}

static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

static ungdb_rc simulate(const ungdb_criteria *cr, const ungdb_sim_input *in,
                         const bool mapped[UNGDB_SIM_FILES], const ungdb_sim_opts *opt,
                         ungdb_sim_result **out, ungdb_error *err)
{
    *out = NULL;
    ungdb_error_clear(err);
    if (!cr || cr->n == 0 || !opt)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "", "no criteria or no options");
    if (opt->to.day < opt->from.day)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "--to", "before --from");
    int32_t monday0 = opt->from.day - (ungdb_date_weekday(opt->from) - 1);
    int32_t sunday1 = opt->to.day + (7 - ungdb_date_weekday(opt->to));
    size_t nweeks = (size_t)(sunday1 - monday0 + 1) / 7;
    if (nweeks > SIM_MAX_WEEKS)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "--to", "more than %d weeks from --from",
                               SIM_MAX_WEEKS);
    ungdb_sim_result *res = calloc(1, sizeof *res);
    sim_span sp;
    sim_tab tab;
    sim_dated ev = {0}, no = {0};
    if (!res || !(res->weeks = calloc(nweeks, sizeof *res->weeks))) {
        free(res);
        return ungdb_error_set(err, UNGDB_ENOMEM, "", 0, "", "out of memory");
    }
    res->nweeks = nweeks;
    for (size_t w = 0; w < nweeks; w++)
        res->weeks[w].monday.day = monday0 + 7 * (int32_t)w;
    if (!span_build(&sp, cr, monday0, nweeks)) {
        span_release(&sp);
        ungdb_sim_result_free(res);
        return ungdb_error_set(err, UNGDB_ENOMEM, "", 0, "", "out of memory");
    }
    res->read_from.day = sp.first;
    res->read_to.day = sp.last;
    sim_tab_init(&tab, sp.nseg);
    int threads = opt->threads > 0 ? (opt->threads > 8 ? 8 : opt->threads) : default_threads();
    sim_read rd = {.cr = cr,
                   .span = &sp,
                   .in = in,
                   .keep = opt->keep_rejects ? opt->keep_rejects : 1000,
                   .threads = threads,
                   .min_part = opt->min_part ? opt->min_part : (size_t)4 << 20};
    for (int f = 0; f < UNGDB_SIM_FILES; f++)
        rd.mapped[f] = mapped[f];
    double t = timing_now();
    ungdb_rc rc = sim_read_all(&rd, &tab, &ev, &no, res, err);
    timing("read", &t);
    if (!rc) {
        for (int f = 0; f < UNGDB_SIM_FILES; f++)
            res->rejected += res->files[f].rejected;
        if (res->threads < 1) res->threads = 1;
        if ((rc = evaluate(cr, &sp, &tab, &ev, &no, threads, res)))
            ungdb_error_set(err, rc, "", 0, "", "out of memory");
        timing("evaluate", &t);
    }
    sim_tab_release(&tab);
    free(ev.off);
    free(ev.items);
    free(no.off);
    free(no.items);
    span_release(&sp);
    if (rc) {
        ungdb_sim_result_free(res);
        return rc;
    }
    *out = res;
    return UNGDB_OK;
}

ungdb_rc ungdb_simulate_mem(const ungdb_criteria *cr, const ungdb_sim_input *in,
                            const ungdb_sim_opts *opt, ungdb_sim_result **out, ungdb_error *err)
{
    static const bool none[UNGDB_SIM_FILES] = {false};
    return simulate(cr, in, none, opt, out, err);
}

ungdb_rc ungdb_simulate(const ungdb_criteria *cr, const char *dir, const ungdb_sim_opts *opt,
                        ungdb_sim_result **out, ungdb_error *err)
{
    ungdb_sim_input in = {0};
    bool mapped[UNGDB_SIM_FILES] = {false};
    char paths[UNGDB_SIM_FILES][512];
    ungdb_rc rc = UNGDB_OK;
    *out = NULL;
    for (int f = 0; f < UNGDB_SIM_FILES && !rc; f++) {
        int n = snprintf(paths[f], sizeof paths[f], "%s/%s", dir, file_names[f]);
        in.name[f] = paths[f];
        if (n < 0 || (size_t)n >= sizeof paths[f]) {
            rc = ungdb_error_set(err, UNGDB_EUSAGE, dir, 0, "", "directory name too long");
            break;
        }
        int fd = open(paths[f], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT && f != UNGDB_SIM_ATTENDANCE) continue;
            rc = ungdb_error_set(err, UNGDB_EIO, paths[f], 0, "", "cannot open: %s",
                                 strerror(errno));
            break;
        }
        struct stat st;
        if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
            rc = ungdb_error_set(err, UNGDB_EIO, paths[f], 0, "", "not a regular file");
        } else if (st.st_size == 0) {
            in.data[f] = "";
            in.size[f] = 0;
        } else {
            void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (m == MAP_FAILED) {
                rc = ungdb_error_set(err, UNGDB_EIO, paths[f], 0, "", "cannot map: %s",
                                     strerror(errno));
            } else {
                madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
                in.data[f] = m;
                in.size[f] = (size_t)st.st_size;
                mapped[f] = true;
            }
        }
        close(fd);
    }
    if (!rc) rc = simulate(cr, &in, mapped, opt, out, err);
    for (int f = 0; f < UNGDB_SIM_FILES; f++)
        if (mapped[f]) munmap((void *)in.data[f], in.size[f]);
    return rc;
}

void ungdb_sim_result_free(ungdb_sim_result *r)
{
    if (!r) return;
    free(r->weeks);
    free(r->rejects);
    free(r);
}
