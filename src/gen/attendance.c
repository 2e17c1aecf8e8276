/* attendance.c - `ungdb gen attendance`: synthetic attendance, events and
 * notices for `ungdb rules simulate` (docs/gen.md "Attendance"; the format is
 * docs/rules.md "Attendance files").
 *
 * What it looks like. Most pupils are rarely absent: a sickness spell now and
 * then (lawful, whole days, mostly 1-3 days), a late arrival or a skipped
 * lesson (unlawful, 15-90 minutes) a few times a term. A minority skips more
 * often, a smaller tail has unlawful absence that rises from an onset day
 * (and some of them leave: their rows stop), and a few have long lawful
 * illness. Some pupils start after the first day (a January intake). Days
 * with both a lawful appointment and unlawful absence are written as two
 * rows that share the day's minutes, as the format allows. Missing hand-ins
 * follow the same profiles; the school gives a warning when a pupil's
 * recent unlawful absence is high, and a concern-about-absence notice
 * (vejledningsbekendtgørelsen § 36, stk. 2) when it is higher. School days
 * are ungdb_is_school_day (include/ungdb/date.h): weekends and holidays get
 * no rows.
 *
 * Determinism: each pupil's profile comes from a hash of (seed, pupil), each
 * day's draws from a hash of (seed, pupil, day, draw); the per-pupil state
 * advances day by day in order. Streaming: one 24-byte state per pupil;
 * rows go through 1 MiB buffers. */
#include "ungdb/gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { P_REGULAR, P_SKIPPER, P_RISING, P_ILL };

typedef struct pupil {
    int32_t start;       /* first day enrolled */
    int32_t leave;       /* first day no longer enrolled (INT32_MAX: stays) */
    int32_t onset;       /* rising: the day unlawful absence starts to rise */
    uint16_t ema;        /* recent unlawful share, 1/65536 (exponential average) */
    uint8_t profile;     /* P_* */
    uint8_t schedule;    /* index into SCHEDULES */
    uint8_t sick_left;   /* days left of a sickness spell */
    uint8_t slope;       /* rising: extra per mille a school day */
    int16_t warn_quiet;  /* school days until another warning may be given */
    int16_t worry_quiet; /* school days until another concern notice may be given */
} pupil;

/* Planned lesson minutes Monday..Friday. */
static const uint16_t SCHEDULES[4][5] = {
    {360, 360, 360, 360, 270}, /* upper secondary */
    {390, 390, 345, 390, 300}, /* vocational basic course */
    {330, 330, 330, 330, 330},
    {300, 360, 300, 360, 240},
};

static uint64_t mix(uint64_t z)
{
    z += UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A uniform draw 0..n-1 for (seed, pupil, day, k). */
static uint32_t draw(uint64_t seed, uint32_t p, int32_t day, uint32_t k, uint32_t n)
{
    uint64_t h =
        mix(seed ^ mix(((uint64_t)p << 32) ^ (uint64_t)(uint32_t)day ^ ((uint64_t)k << 56)));
    return (uint32_t)(((h >> 32) * (uint64_t)n) >> 32);
}

/* The pupil's opaque id: "e" and 8 hex digits of a bijection of its index. */
static void pupil_id(uint64_t seed, uint32_t p, char out[10])
{
    uint32_t x = p ^ (uint32_t)mix(seed);
    x *= 0x9E3779B1u; /* odd: a bijection mod 2^32 */
    x ^= x >> 15;
    x *= 0x85EBCA77u;
    x ^= x >> 13;
    static const char hex[] = "0123456789abcdef";
    out[0] = 'e';
    for (int i = 0; i < 8; i++)
        out[1 + i] = hex[(x >> (28 - 4 * i)) & 15];
    out[9] = '\0';
}

typedef struct outbuf {
    FILE *f;
    char *b;
    size_t n, cap;
    bool failed;
} outbuf;

static void ob_flush(outbuf *o)
{
    if (o->n && fwrite(o->b, 1, o->n, o->f) != o->n) o->failed = true;
    o->n = 0;
}

static inline char *ob_room(outbuf *o, size_t need)
{
    if (o->n + need > o->cap) ob_flush(o);
    return o->b + o->n;
}

static inline size_t put_uint(char *p, uint32_t v)
{
    char t[10];
    size_t n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        p[i] = t[n - 1 - i];
    return n;
}

static void row(outbuf *o, const char *id, const char *date, uint32_t lesson, uint32_t absent,
                const char *lawful)
{
    char *p = ob_room(o, 64), *s = p;
    memcpy(p, id, 9);
    p += 9;
    *p++ = ',';
    memcpy(p, date, 10);
    p += 10;
    *p++ = ',';
    p += put_uint(p, lesson);
    *p++ = ',';
    p += put_uint(p, absent);
    *p++ = ',';
    size_t l = strlen(lawful);
    memcpy(p, lawful, l);
    p += l;
    *p++ = '\n';
    o->n += (size_t)(p - s);
}

static void kind_row(outbuf *o, const char *id, const char *date, const char *kind)
{
    char *p = ob_room(o, 64), *s = p;
    memcpy(p, id, 9);
    p += 9;
    *p++ = ',';
    memcpy(p, date, 10);
    p += 10;
    *p++ = ',';
    size_t l = strlen(kind);
    memcpy(p, kind, l);
    p += l;
    *p++ = '\n';
    o->n += (size_t)(p - s);
}

static ungdb_rc open_out(outbuf *o, const char *dir, const char *name, const char *header,
                         ungdb_error *err)
{
    char path[1024];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return ungdb_error_set(err, UNGDB_EUSAGE, dir, 0, "", "directory name too long");
    memset(o, 0, sizeof *o);
    o->cap = (size_t)1 << 20;
    o->b = malloc(o->cap);
    if (!o->b) return ungdb_error_set(err, UNGDB_ENOMEM, path, 0, "", "out of memory");
    o->f = fopen(path, "wb");
    if (!o->f) {
        free(o->b);
        o->b = NULL;
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot write: %s", strerror(errno));
    }
    size_t l = strlen(header);
    memcpy(o->b, header, l);
    o->n = l;
    return UNGDB_OK;
}

static bool close_out(outbuf *o)
{
    if (!o->f) return true;
    ob_flush(o);
    bool ok = !o->failed && !ferror(o->f);
    if (fclose(o->f)) ok = false;
    free(o->b);
    o->f = NULL;
    o->b = NULL;
    return ok;
}

static void setup(pupil *u, uint64_t seed, uint32_t p, int32_t from, int32_t to)
{
    memset(u, 0, sizeof *u);
    uint32_t r = draw(seed, p, -1, 1, 1000);
    u->profile = r < 800 ? P_REGULAR : r < 900 ? P_SKIPPER : r < 980 ? P_RISING : P_ILL;
    u->schedule = (uint8_t)draw(seed, p, -1, 2, 4);
    int32_t span = to - from + 1;
    u->start = from;
    if (draw(seed, p, -1, 3, 100) < 5) /* a later intake, in the middle of the period */
        u->start = from + span / 2 + (int32_t)draw(seed, p, -1, 4, 14);
    u->leave = INT32_MAX;
    if (u->profile == P_RISING) {
        u->onset = u->start + (int32_t)draw(seed, p, -1, 5, (uint32_t)(span * 3 / 4 + 1));
        u->slope = (uint8_t)(1 + draw(seed, p, -1, 6, 6));
        if (draw(seed, p, -1, 7, 100) < 40) /* leaves 8-20 weeks after the onset */
            u->leave = u->onset + 56 + (int32_t)draw(seed, p, -1, 8, 84);
    }
}

ungdb_rc ungdb_gen_attendance(const ungdb_gen_attendance_opts *o, ungdb_gen_attendance_stats *st,
                              ungdb_error *err)
{
    ungdb_error_clear(err);
    memset(st, 0, sizeof *st);
    if (!o->out_dir || o->pupils < 1 || o->pupils > 10000000 || o->to.day < o->from.day ||
        o->to.day - o->from.day > 3660)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "",
                               "out dir, 1-10000000 pupils and from <= to within 10 years");
    if (mkdir(o->out_dir, 0755) != 0 && errno != EEXIST)
        return ungdb_error_set(err, UNGDB_EIO, o->out_dir, 0, "", "cannot create: %s",
                               strerror(errno));
    uint32_t n = o->pupils;
    pupil *u = malloc((size_t)n * sizeof *u);
    char *ids = malloc((size_t)n * 10);
    outbuf att = {0}, ev = {0}, no = {0};
    ungdb_rc rc = UNGDB_OK;
    if (!u || !ids) {
        rc = ungdb_error_set(err, UNGDB_ENOMEM, o->out_dir, 0, "", "out of memory");
        goto out;
    }
    for (uint32_t p = 0; p < n; p++) {
        setup(&u[p], o->seed, p, o->from.day, o->to.day);
        pupil_id(o->seed, p, ids + (size_t)p * 10);
    }
    if ((rc = open_out(&att, o->out_dir, "attendance.csv",
                       "pupil,date,lesson_minutes,absent_minutes,lawful\n", err)) ||
        (rc = open_out(&ev, o->out_dir, "events.csv", "pupil,date,kind\n", err)) ||
        (rc = open_out(&no, o->out_dir, "notices.csv", "pupil,date,kind\n", err)))
        goto out;
    for (int32_t day = o->from.day; day <= o->to.day; day++) {
        ungdb_date d = {day};
        if (o->progress)
            o->progress(o->progress_ctx,
                        (double)(day - o->from.day) / (double)(o->to.day - o->from.day + 1));
        if (!ungdb_is_school_day(d)) continue;
        st->school_days++;
        char date[11];
        ungdb_date_format(d, date);
        int wd = ungdb_date_weekday(d) - 1;
        for (uint32_t p = 0; p < n; p++) {
            pupil *x = &u[p];
            if (day < x->start || day >= x->leave) continue;
            const char *id = ids + (size_t)p * 10;
            uint32_t planned = SCHEDULES[x->schedule][wd];
            uint32_t lawful = 0, unlawful = 0;
            /* Sickness: whole days, lawful. Per mille a day of starting a spell. */
            if (!x->sick_left) {
                uint32_t pm = x->profile == P_ILL ? 45 : 12;
                if (draw(o->seed, p, day, 1, 1000) < pm) {
                    uint32_t r = draw(o->seed, p, day, 2, 100);
                    x->sick_left = (uint8_t)(r < 80 ? 1 + r % 3 : 4 + r % 7);
                    if (x->profile == P_ILL && r >= 90) x->sick_left = (uint8_t)(10 + r % 15);
                }
            }
            if (x->sick_left) {
                x->sick_left--;
                lawful = planned;
            } else {
                /* Unlawful: per mille a day of a skipped day and of a partial absence. */
                uint32_t full = 2, part = 12;
                if (x->profile == P_SKIPPER) {
                    full = 12;
                    part = 50;
                }
                if (x->profile == P_RISING && day >= x->onset) {
                    uint32_t extra = (uint32_t)(day - x->onset) / 7 * x->slope * 3;
                    if (extra > 450) extra = 450;
                    full = 8 + extra / 2;
                    part = 30 + extra / 2;
                }
                uint32_t r = draw(o->seed, p, day, 3, 1000);
                if (r < full)
                    unlawful = planned;
                else if (r < full + part)
                    unlawful = 15 + 15 * draw(o->seed, p, day, 4, 6); /* 15-90 minutes */
                /* A lawful appointment (doctor, driving test) now and then. */
                if (unlawful < planned && draw(o->seed, p, day, 5, 1000) < 6)
                    lawful = 60 + 30 * draw(o->seed, p, day, 6, 3);
                if (lawful + unlawful > planned) unlawful = planned - lawful;
            }
            if (lawful && unlawful) { /* two rows sharing the day's lessons */
                row(&att, id, date, planned - lawful, unlawful, "no");
                row(&att, id, date, lawful, lawful, "yes");
                st->attendance_rows += 2;
            } else {
                row(&att, id, date, planned, lawful + unlawful,
                    lawful     ? "yes"
                    : unlawful ? "no"
                               : "");
                st->attendance_rows++;
            }
            /* Recent unlawful share, and the school's reactions to it. */
            uint32_t share = unlawful * 65536u / planned;
            x->ema = (uint16_t)(((uint32_t)x->ema * 15 + share) / 16);
            if (x->warn_quiet) x->warn_quiet--;
            if (x->worry_quiet) x->worry_quiet--;
            if (x->ema > 65536 / 8 && !x->warn_quiet) { /* above 12.5 % */
                kind_row(&no, id, date, "warning");
                st->notice_rows++;
                x->warn_quiet = 30;
            }
            if (x->ema > 65536 / 5 && !x->worry_quiet) { /* above 20 % */
                kind_row(&no, id, date, "concern_absence");
                st->notice_rows++;
                x->worry_quiet = 60;
            }
            /* Missing hand-ins and other participation events. */
            uint32_t hand = x->profile == P_REGULAR ? 4 : x->profile == P_ILL ? 8 : 15;
            if (x->profile == P_RISING && day >= x->onset) hand += (uint32_t)(day - x->onset) / 10;
            uint32_t e = draw(o->seed, p, day, 7, 1000);
            if (e < hand) {
                kind_row(&ev, id, date, "missing_hand_in");
                st->event_rows++;
            } else if (e < hand + 2) {
                kind_row(&ev, id, date, "missing_participation");
                st->event_rows++;
            } else if (e == 999 && draw(o->seed, p, day, 8, 4) == 0) {
                kind_row(&ev, id, date, "conduct");
                st->event_rows++;
            }
        }
    }
    if (o->progress) o->progress(o->progress_ctx, 1.0);
out:;
    bool ok = close_out(&att);
    ok = close_out(&ev) && ok;
    ok = close_out(&no) && ok;
    if (!rc && !ok)
        rc = ungdb_error_set(err, UNGDB_EIO, o->out_dir, 0, "", "write error (disk full?)");
    free(u);
    free(ids);
    return rc;
}
