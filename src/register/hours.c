/* hours.c - hours against the norm (register spec § 9): per institution and
 * grade the average scheduled hours per pupil, per subject and in total,
 * compared with the annual minimum of folkeskoleloven § 14 b, stk. 1.
 *
 * The join (docs/hours.md, "How it is computed"):
 *  1. elev.csv: each pupil's grade spells per institution. A person is
 *     `user_id` when the row has one, else `cpr` (a pupil register's rows);
 *     elev_gruppe.csv rows find their pupil by user_id first, then by cpr.
 *     Overlapping spells of one pupil at one institution are resolved so
 *     that each day has one grade: the spell that began last wins.
 *  2. elev_gruppe.csv: memberships, bucketed by institution and pupil;
 *     group keys (institution, group_id) are interned.
 *  3. lektion.csv and gruppe_lektion.csv are read side by side, one
 *     institution at a time (both are sorted by institution, spec § 5):
 *     the institution's lessons (date, minutes, subject) are held, its
 *     group-lesson links are bucketed by group, and then every pupil's
 *     memberships are followed to the lessons of their groups on the dates
 *     of the membership. A lesson counts once per pupil even when several
 *     of the pupil's groups have it. Memory is the roster plus one
 *     institution's lessons.
 *  4. Exposure: each pupil contributes the school days of the period on
 *     which it was in the grade; the norm is pro-rated to those days. */
#include "hours.h"

#include "store.h"
#include "ungdb/classify.h"
#include "ungdb/csv.h"
#include "ungdb/date.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONE UINT32_MAX
#define GRADES UNGDB_HOURS_GRADES
#define MAXSUBJ 64     /* distinct subject codes; the spec has 29 */
#define MAXVAL 255     /* bytes of a key value (user_id, cpr, group_id, lesson_id) */
#define OPEN INT32_MAX /* an open end */
#define NCODES 1000000 /* 6-digit institution numbers */

/* The annual minimum of teaching hours (60-minute hours, breaks included)
 * for the grade: folkeskoleloven § 14 b, stk. 1 as register spec § 9 quotes
 * it (0.-3.: 1,200, 4.-6.: 1,320, 7.-9.: 1,400). 0: no norm (grade 10,
 * whose hours the spec does not set). */
static int norm_hours(int grade)
{
    return grade <= 3 ? 1200 : grade <= 6 ? 1320 : grade <= 9 ? 1400 : 0;
}
#define NORM_LCM 92400 /* lcm(1200, 1320, 1400), for the exact band test */

/* The subject rows of hours.csv follow register spec § 7's order
 * (ungdb_subject_code); codes not in the list follow in byte order. */
#define NSPEC UNGDB_SUBJECT_N

typedef struct spell {
    uint32_t pi; /* pupil at an institution */
    int32_t s, e;
    uint8_t grade;
} spell;

typedef struct seg {
    int32_t s, e;
    uint8_t grade;
} seg;

typedef struct member {
    uint32_t inst, pi, g;
    int32_t s, e;
} member;

typedef struct result {
    uint8_t grade, subj;
    uint64_t minutes;
} result;

/* One table of the register, its required columns found by name. */
typedef struct hfile {
    ungdb_csv *r;
    char path[512];
    const char *const *cols;
    int ncols;
    int col[8];
    size_t need;
    int32_t prev_code; /* for the institution order check */
    ungdb_csv_record rec;
} hfile;

/* A gruppe_lektion.csv row. */
typedef struct grow {
    long line;
    int32_t code;
    uint16_t ngid, nlid;
    char gid[MAXVAL], lid[MAXVAL];
} grow;

typedef struct hctx {
    const ungdb_hours_opts *o;
    ungdb_error *err;
    strpool persons; /* 'u' + user_id, or 'c' + cpr */
    strpool gids;    /* group_id values */
    strpool subjects;
    int32_t *inst_of_code;
    vec inst_code; /* int32_t: institution number of each index */
    u64map pimap;  /* person id << 32 | institution index -> pupil at institution */
    vec pi_inst;   /* uint32_t */
    u64map gmap;   /* institution index << 32 | group_id string -> group */
    vec g_inst;    /* uint32_t */
    uint32_t *gnew, *g_first;
    vec spells, members, segs;
    uint32_t *seg_off, *mem_off;
    int32_t emin, emax; /* dates seen in elev.csv */
    int32_t mmin, mmax; /* dates seen in elev_gruppe.csv */
    /* period */
    int year;
    int32_t y0, y1, p0, pend, p1;
    /* the current institution's links */
    vec stamp, pairs, goff, glist;
    int32_t maxdate;
    /* results */
    vec results;                 /* result, grouped by institution */
    uint32_t *res_first, *res_n; /* per institution */
    uint8_t subj_slot_of[MAXSUBJ];
    size_t nsubj;
    ungdb_hours_summary *sum;
} hctx;

/* ---------------------------------------------------------------- input */

static ungdb_rc bad(ungdb_error *err, const hfile *f, long line, const char *field, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static ungdb_rc bad(ungdb_error *err, const hfile *f, long line, const char *field, const char *fmt,
                    ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ungdb_error_set(err, UNGDB_EINPUT, f->path, line, field, "%s", msg);
}

static ungdb_rc hfile_open(hctx *c, hfile *f, const char *name, const char *const *cols, int n)
{
    memset(f, 0, sizeof *f);
    f->prev_code = -1;
    f->cols = cols;
    f->ncols = n;
    snprintf(f->path, sizeof f->path, "%s/%s", c->o->register_dir, name);
    ungdb_error e2;
    if (ungdb_csv_open(&f->r, f->path, NULL, &e2))
        return ungdb_error_set(c->err, UNGDB_EIO, f->path, 0, "",
                               "cannot read this table of the register: %s", e2.message);
    ungdb_csv_status s = ungdb_csv_next(f->r, &f->rec);
    if (s == UNGDB_CSV_END) return bad(c->err, f, 1, "", "the file is empty (no header row)");
    if (s != UNGDB_CSV_RECORD)
        return bad(c->err, f, f->rec.line, "", "the header row cannot be read: %s", f->rec.message);
    for (int i = 0; i < n; i++) {
        f->col[i] = ungdb_csv_column(&f->rec, cols[i]);
        if (f->col[i] < 0) return bad(c->err, f, 1, cols[i], "required column is missing");
        if ((size_t)f->col[i] + 1 > f->need) f->need = (size_t)f->col[i] + 1;
    }
    return UNGDB_OK;
}

static void hfile_close(hfile *f)
{
    ungdb_csv_free(f->r);
    f->r = NULL;
}

/* 1: a record in f->rec, 0: the end, -1: an error (in *rc). */
static int hfile_next(ungdb_error *err, hfile *f, ungdb_rc *rc)
{
    ungdb_csv_status s = ungdb_csv_next(f->r, &f->rec);
    if (s == UNGDB_CSV_END) return 0;
    if (s != UNGDB_CSV_RECORD) {
        const char *field = "";
        for (int i = 0; i < f->ncols; i++)
            if ((size_t)f->col[i] == f->rec.bad_field) field = f->cols[i];
        *rc = bad(err, f, f->rec.line, field, "%s", f->rec.message);
        return -1;
    }
    if (f->rec.nfields < f->need) {
        *rc = bad(err, f, f->rec.line, "", "the row has %zu fields, fewer than the header",
                  f->rec.nfields);
        return -1;
    }
    return 1;
}

static ungdb_slice fld(const hfile *f, int i)
{
    return f->rec.fields[f->col[i]];
}

static bool p_inst(ungdb_slice v, int32_t *code)
{
    if (v.n != 6) return false;
    int32_t x = 0;
    for (size_t i = 0; i < 6; i++) {
        if (v.p[i] < '0' || v.p[i] > '9') return false;
        x = x * 10 + (v.p[i] - '0');
    }
    *code = x;
    return true;
}

static bool p_grade(ungdb_slice v, int *g)
{
    if (v.n == 1 && v.p[0] >= '0' && v.p[0] <= '9') {
        *g = v.p[0] - '0';
        return true;
    }
    if (v.n == 2 && v.p[0] == '1' && v.p[1] == '0') {
        *g = 10;
        return true;
    }
    return false;
}

static bool p_date(ungdb_slice v, int32_t *d)
{
    ungdb_date x;
    if (!ungdb_date_parse(v.p, v.n, &x)) return false;
    *d = x.day;
    return true;
}

static bool p_uint(ungdb_slice v, uint32_t max, uint32_t *out)
{
    if (v.n == 0 || v.n > 9) return false;
    uint32_t x = 0;
    for (size_t i = 0; i < v.n; i++) {
        if (v.p[i] < '0' || v.p[i] > '9') return false;
        x = x * 10 + (uint32_t)(v.p[i] - '0');
    }
    if (x > max) return false;
    *out = x;
    return true;
}

/* start and end of a spell row: columns si and si + 1. */
static ungdb_rc p_period(hctx *c, hfile *f, int si, int32_t *s, int32_t *e)
{
    ungdb_slice vs = fld(f, si), ve = fld(f, si + 1);
    if (!p_date(vs, s))
        return bad(c->err, f, f->rec.line, f->cols[si], "not a date written YYYY-MM-DD");
    if (ve.n == 0) {
        *e = OPEN;
    } else {
        if (!p_date(ve, e))
            return bad(c->err, f, f->rec.line, f->cols[si + 1],
                       "not a date written YYYY-MM-DD (or empty for an open end)");
        if (*e < *s)
            return bad(c->err, f, f->rec.line, f->cols[si + 1], "the end is before the start");
    }
    return UNGDB_OK;
}

static uint32_t inst_index(hctx *c, int32_t code, bool add)
{
    int32_t i = c->inst_of_code[code];
    if (i >= 0 || !add) return i >= 0 ? (uint32_t)i : NONE;
    int32_t *p = vec_push(&c->inst_code);
    if (!p) return NONE;
    *p = code;
    c->inst_of_code[code] = (int32_t)(c->inst_code.n - 1);
    return (uint32_t)(c->inst_code.n - 1);
}

/* The person key of a value: tag + bytes. add: intern, else find. */
static uint32_t person_id(hctx *c, char tag, ungdb_slice v, bool add)
{
    char key[MAXVAL + 1];
    key[0] = tag;
    memcpy(key + 1, v.p, v.n);
    return add ? strpool_intern(&c->persons, key, v.n + 1)
               : strpool_find(&c->persons, key, v.n + 1);
}

static ungdb_rc check_len(hctx *c, hfile *f, int i)
{
    if (fld(f, i).n > MAXVAL)
        return bad(c->err, f, f->rec.line, f->cols[i], "longer than %d bytes", MAXVAL);
    return UNGDB_OK;
}

static ungdb_rc read_elev(hctx *c)
{
    static const char *const cols[] = {"cpr", "user_id", "institution", "grade", "start", "end"};
    hfile f;
    ungdb_rc rc = hfile_open(c, &f, "elev.csv", cols, 6);
    int k;
    while (!rc && (k = hfile_next(c->err, &f, &rc)) > 0) {
        int32_t code, s, e;
        int grade;
        if ((rc = check_len(c, &f, 0)) || (rc = check_len(c, &f, 1))) break;
        if (!p_inst(fld(&f, 2), &code)) {
            rc = bad(c->err, &f, f.rec.line, "institution", "not a 6-digit institution number");
            break;
        }
        if (!p_grade(fld(&f, 3), &grade)) {
            rc = bad(c->err, &f, f.rec.line, "grade", "not a grade 0-10");
            break;
        }
        if ((rc = p_period(c, &f, 4, &s, &e))) break;
        ungdb_slice cpr = fld(&f, 0), uid = fld(&f, 1);
        if (!uid.n && !cpr.n) {
            rc = bad(c->err, &f, f.rec.line, "user_id",
                     "both cpr and user_id are empty: the row names no pupil");
            break;
        }
        uint32_t inst = inst_index(c, code, true);
        uint32_t pid = uid.n ? person_id(c, 'u', uid, true) : person_id(c, 'c', cpr, true);
        if (inst == NONE || pid == NONE) {
            rc = UNGDB_ENOMEM;
            break;
        }
        bool ins;
        uint32_t *pi =
            u64map_put(&c->pimap, (uint64_t)pid << 32 | inst, (uint32_t)c->pi_inst.n, &ins);
        if (!pi) {
            rc = UNGDB_ENOMEM;
            break;
        }
        if (ins) {
            uint32_t *pp = vec_push(&c->pi_inst);
            if (!pp) {
                rc = UNGDB_ENOMEM;
                break;
            }
            *pp = inst;
        }
        spell *sp = vec_push(&c->spells);
        if (!sp) {
            rc = UNGDB_ENOMEM;
            break;
        }
        *sp = (spell){.pi = *pi, .s = s, .e = e, .grade = (uint8_t)grade};
        if (s < c->emin) c->emin = s;
        int32_t last = e == OPEN ? s : e;
        if (last > c->emax) c->emax = last;
    }
    hfile_close(&f);
    return rc;
}

static ungdb_rc read_elev_gruppe(hctx *c)
{
    static const char *const cols[] = {"cpr", "user_id", "institution", "group_id", "start", "end"};
    hfile f;
    ungdb_rc rc = hfile_open(c, &f, "elev_gruppe.csv", cols, 6);
    int k;
    while (!rc && (k = hfile_next(c->err, &f, &rc)) > 0) {
        int32_t code, s, e;
        for (int i = 0; i < 4 && !rc; i++)
            rc = check_len(c, &f, i);
        if (rc) break;
        if (!p_inst(fld(&f, 2), &code)) {
            rc = bad(c->err, &f, f.rec.line, "institution", "not a 6-digit institution number");
            break;
        }
        ungdb_slice gid = fld(&f, 3);
        if (!gid.n) {
            rc = bad(c->err, &f, f.rec.line, "group_id", "empty");
            break;
        }
        if ((rc = p_period(c, &f, 4, &s, &e))) break;
        ungdb_slice cpr = fld(&f, 0), uid = fld(&f, 1);
        uint32_t inst = inst_index(c, code, false), pi = NONE;
        if (inst != NONE && uid.n) {
            uint32_t pid = person_id(c, 'u', uid, false);
            if (pid != NONE) pi = u64map_get(&c->pimap, (uint64_t)pid << 32 | inst);
        }
        if (inst != NONE && pi == NONE && cpr.n) {
            uint32_t pid = person_id(c, 'c', cpr, false);
            if (pid != NONE) pi = u64map_get(&c->pimap, (uint64_t)pid << 32 | inst);
        }
        if (pi == NONE) {
            c->sum->memberships_without_pupil++;
            continue;
        }
        uint32_t sid = strpool_intern(&c->gids, gid.p, gid.n);
        if (sid == NONE) {
            rc = UNGDB_ENOMEM;
            break;
        }
        bool ins;
        uint32_t *g = u64map_put(&c->gmap, (uint64_t)inst << 32 | sid, (uint32_t)c->g_inst.n, &ins);
        if (!g) {
            rc = UNGDB_ENOMEM;
            break;
        }
        if (ins) {
            uint32_t *gp = vec_push(&c->g_inst);
            if (!gp) {
                rc = UNGDB_ENOMEM;
                break;
            }
            *gp = inst;
        }
        member *m = vec_push(&c->members);
        if (!m) {
            rc = UNGDB_ENOMEM;
            break;
        }
        *m = (member){.inst = inst, .pi = pi, .g = *g, .s = s, .e = e};
        if (s < c->mmin) c->mmin = s;
        if (s > c->mmax) c->mmax = s;
        if (e != OPEN && e + 1 > c->mmax) c->mmax = e + 1;
    }
    hfile_close(&f);
    return rc;
}

/* ------------------------------------------------------ roster structure */

static int cmp_spell(const void *a, const void *b)
{
    const spell *x = a, *y = b;
    if (x->pi != y->pi) return x->pi < y->pi ? -1 : 1;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    return (int)x->grade - (int)y->grade;
}

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->inst != y->inst) return x->inst < y->inst ? -1 : 1;
    if (x->pi != y->pi) return x->pi < y->pi ? -1 : 1;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Appends a segment, merged into the last one when that is of the same
 * grade and ends the day before (only past index `floor`: one pupil). */
static bool push_seg(vec *segs, size_t floor, int32_t s, int32_t e, uint8_t grade)
{
    if (segs->n > floor) {
        seg *last = &VEC_AT(segs, seg, segs->n - 1);
        if (last->grade == grade && last->e != OPEN && last->e + 1 == s) {
            last->e = e;
            return true;
        }
    }
    seg *x = vec_push(segs);
    if (!x) return false;
    *x = (seg){.s = s, .e = e, .grade = grade};
    return true;
}

/* One pupil's grade spells at one institution, sp[0..n) sorted by start,
 * as segments with one grade a day: where spells overlap, the one that
 * began last wins (the latest delivery's word), the higher grade on a tie. */
static bool resolve(vec *segs, const spell *sp, size_t n)
{
    size_t floor = segs->n;
    bool overlap = false;
    int32_t maxe = sp[0].e;
    for (size_t i = 1; i < n && !overlap; i++) {
        if (sp[i].s <= maxe) overlap = true;
        if (sp[i].e > maxe) maxe = sp[i].e;
    }
    if (!overlap) {
        for (size_t i = 0; i < n; i++)
            if (!push_seg(segs, floor, sp[i].s, sp[i].e, sp[i].grade)) return false;
        return true;
    }
    int32_t b[64];
    size_t nb = 0;
    for (size_t i = 0; i < n && nb + 2 <= 64; i++) {
        b[nb++] = sp[i].s;
        if (sp[i].e != OPEN) b[nb++] = sp[i].e + 1;
    }
    qsort(b, nb, sizeof *b, cmp_i32);
    for (size_t j = 0; j < nb; j++) {
        if (j && b[j] == b[j - 1]) continue;
        int32_t x = b[j];
        size_t k = j + 1;
        while (k < nb && b[k] == x)
            k++;
        int32_t y = k < nb ? b[k] - 1 : OPEN;
        const spell *win = NULL;
        for (size_t i = 0; i < n; i++)
            if (sp[i].s <= x && sp[i].e >= x &&
                (!win || sp[i].s > win->s || (sp[i].s == win->s && sp[i].grade > win->grade)))
                win = &sp[i];
        if (win && !push_seg(segs, floor, x, y, win->grade)) return false;
    }
    return true;
}

/* Sorts the spells into one-grade-a-day segments per pupil, the memberships
 * by institution and pupil, and renumbers the groups so that each
 * institution's groups are a contiguous range. */
static ungdb_rc build_roster(hctx *c)
{
    size_t npi = c->pi_inst.n, ninst = c->inst_code.n, ng = c->g_inst.n;
    spell *sp = (spell *)c->spells.data;
    if (c->spells.n) qsort(sp, c->spells.n, sizeof *sp, cmp_spell);
    c->seg_off = calloc(npi + 1, sizeof *c->seg_off);
    c->mem_off = calloc(ninst + 1, sizeof *c->mem_off);
    c->g_first = calloc(ninst + 1, sizeof *c->g_first);
    c->gnew = malloc((ng ? ng : 1) * sizeof *c->gnew);
    c->res_first = calloc(ninst + 1, sizeof *c->res_first);
    c->res_n = calloc(ninst + 1, sizeof *c->res_n);
    if (!c->seg_off || !c->mem_off || !c->g_first || !c->gnew || !c->res_first || !c->res_n)
        return UNGDB_ENOMEM;
    for (size_t i = 0; i < c->spells.n;) {
        size_t j = i;
        while (j < c->spells.n && sp[j].pi == sp[i].pi)
            j++;
        c->seg_off[sp[i].pi] = (uint32_t)c->segs.n;
        if (!resolve(&c->segs, sp + i, j - i)) return UNGDB_ENOMEM;
        c->seg_off[sp[i].pi + 1] = (uint32_t)c->segs.n;
        i = j;
    }
    /* every pupil has a spell, so seg_off is filled for all; keep it monotone */
    for (size_t p = 1; p <= npi; p++)
        if (c->seg_off[p] < c->seg_off[p - 1]) c->seg_off[p] = c->seg_off[p - 1];
    vec_release(&c->spells);

    /* groups: counting sort by institution */
    const uint32_t *gi = (const uint32_t *)c->g_inst.data;
    for (size_t g = 0; g < ng; g++)
        c->g_first[gi[g] + 1]++;
    for (size_t i = 0; i < ninst; i++)
        c->g_first[i + 1] += c->g_first[i];
    uint32_t *fill = calloc(ninst + 1, sizeof *fill);
    if (!fill) return UNGDB_ENOMEM;
    for (size_t g = 0; g < ng; g++)
        c->gnew[g] = c->g_first[gi[g]] + fill[gi[g]]++;
    free(fill);

    member *m = (member *)c->members.data;
    for (size_t i = 0; i < c->members.n; i++)
        m[i].g = c->gnew[m[i].g];
    if (c->members.n) qsort(m, c->members.n, sizeof *m, cmp_member);
    for (size_t i = 0; i < c->members.n; i++)
        c->mem_off[m[i].inst + 1]++;
    for (size_t i = 0; i < ninst; i++)
        c->mem_off[i + 1] += c->mem_off[i];
    return UNGDB_OK;
}

/* --------------------------------------------------------------- period */

static int32_t ymd(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d).day;
}

/* School days in [a, b] (day numbers), by the typical calendar. */
static int school_days(int32_t a, int32_t b)
{
    int n = 0;
    for (int32_t d = a; d <= b; d++)
        n += ungdb_is_school_day((ungdb_date){.day = d});
    return n;
}

/* The school year of the register's memberships (or, without any, of its
 * pupil spells) with the most school days between their first and last
 * date; the later year on a tie. */
static int default_year(hctx *c)
{
    int32_t a = c->mmin <= c->mmax ? c->mmin : c->emin;
    int32_t b = c->mmin <= c->mmax ? c->mmax : c->emax;
    int ya = ungdb_school_year((ungdb_date){.day = a});
    int yb = ungdb_school_year((ungdb_date){.day = b});
    int best = yb, bestn = -1;
    for (int y = ya; y <= yb; y++) {
        int32_t s = a > ymd(y, 8, 1) ? a : ymd(y, 8, 1);
        int32_t e = b < ymd(y + 1, 7, 31) ? b : ymd(y + 1, 7, 31);
        int n = school_days(s, e);
        if (n >= bestn) {
            best = y;
            bestn = n;
        }
    }
    return best;
}

/* ------------------------------------------------------ lessons (thread) */

/* lektion.csv is read by a second thread, one institution at a time: it
 * parses the rows and builds the institution's lesson table (ids interned,
 * date, minutes, subject) in a block that it hands to the main thread,
 * which joins the institution's links and pupils to it. Reading and
 * interning the lessons is about half of the work; two cores. */
#define NBLOCK 3

typedef struct lblock {
    int32_t code;   /* institution */
    bool active;    /* its pupils have memberships: lessons are kept */
    uint64_t nrows; /* rows read */
    int32_t maxdate;
    strpool lids; /* lesson_id; id - 1 is the lesson's index */
    vec date, minutes, subj;
    bool last; /* nothing follows (the end of the file, or an error) */
    ungdb_rc rc;
    ungdb_error err;
} lblock;

typedef struct lreader {
    hctx *c;
    hfile f;
    lblock *b; /* NBLOCK */
    bool full[NBLOCK];
    bool stop; /* the consumer gave up */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t cur;      /* consumer: the block it holds or waits for */
    ungdb_error err; /* the reader thread's own error detail */
    /* the reader's row in hand: the first of the next institution */
    bool have;
    int32_t code, date;
    uint32_t minutes;
    uint8_t subj;
    uint16_t nlid;
    long line;
    char lid[MAXVAL];
} lreader;

/* Parses the current record of lr->f into the row in hand. */
static ungdb_rc lesson_row(lreader *lr)
{
    hctx *c = lr->c;
    hfile *f = &lr->f;
    ungdb_error *e = &lr->err;
    int32_t code;
    uint32_t minutes;
    if (!p_inst(fld(f, 0), &code))
        return bad(e, f, f->rec.line, "institution", "not a 6-digit institution number");
    if (code < f->prev_code)
        return bad(e, f, f->rec.line, "institution",
                   "rows are not sorted by institution as register spec § 5 writes them");
    f->prev_code = code;
    ungdb_slice lid = fld(f, 1), subj = fld(f, 2), st = fld(f, 3);
    if (!lid.n || lid.n > MAXVAL)
        return bad(e, f, f->rec.line, "lesson_id", "empty or longer than %d bytes", MAXVAL);
    ungdb_datetime t;
    if (!ungdb_datetime_parse(st.p, st.n, &t))
        return bad(e, f, f->rec.line, "start", "not a date-time written YYYY-MM-DDTHH:MM");
    if (!p_uint(fld(f, 4), 100000, &minutes))
        return bad(e, f, f->rec.line, "minutes", "not a whole number of minutes 0-100000");
    if (subj.n > 64) return bad(e, f, f->rec.line, "subject", "longer than 64 bytes");
    /* An empty subject (unknown) counts as `anden`, the spec's "Anden fagbetegnelse". */
    uint32_t sid = subj.n ? strpool_intern(&c->subjects, subj.p, subj.n)
                          : strpool_intern(&c->subjects, "anden", 5);
    if (sid == NONE) return UNGDB_ENOMEM;
    if (sid > MAXSUBJ)
        return bad(e, f, f->rec.line, "subject", "more than %d distinct subject codes", MAXSUBJ);
    lr->code = code;
    lr->date = ungdb_datetime_date(t).day;
    lr->minutes = minutes;
    lr->subj = (uint8_t)(sid - 1);
    lr->nlid = (uint16_t)lid.n;
    memcpy(lr->lid, lid.p, lid.n);
    lr->line = f->rec.line;
    lr->have = true;
    return UNGDB_OK;
}

/* Adds the row in hand to block b. */
static ungdb_rc block_add(lreader *lr, lblock *b)
{
    b->nrows++;
    if (lr->date > b->maxdate) b->maxdate = lr->date;
    lr->have = false;
    if (!b->active) return UNGDB_OK;
    uint32_t id = strpool_intern(&b->lids, lr->lid, lr->nlid);
    if (id == NONE) return UNGDB_ENOMEM;
    if (id != b->date.n + 1)
        return ungdb_error_set(&lr->err, UNGDB_EINPUT, lr->f.path, lr->line, "lesson_id",
                               "repeats an earlier row of institution %06d", (int)lr->code);
    int32_t *d = vec_push(&b->date);
    uint32_t *m = vec_push(&b->minutes);
    uint8_t *sj = vec_push(&b->subj);
    if (!d || !m || !sj) return UNGDB_ENOMEM;
    *d = lr->date;
    *m = lr->minutes;
    *sj = lr->subj;
    return UNGDB_OK;
}

/* Fills block b with the next institution's rows. */
static void fill_block(lreader *lr, lblock *b)
{
    hctx *c = lr->c;
    b->nrows = 0;
    b->maxdate = INT32_MIN;
    b->last = false;
    b->rc = UNGDB_OK;
    b->date.n = b->minutes.n = b->subj.n = 0;
    strpool_clear(&b->lids);
    ungdb_rc rc = UNGDB_OK;
    if (!lr->have) { /* the first row of the file */
        int r = hfile_next(&lr->err, &lr->f, &rc);
        if (r > 0) rc = lesson_row(lr);
        if (r <= 0 || rc) goto end;
    }
    b->code = lr->code;
    uint32_t inst = inst_index(c, b->code, false);
    b->active = inst != NONE && c->mem_off[inst + 1] > c->mem_off[inst];
    while (!(rc = block_add(lr, b))) {
        int r = hfile_next(&lr->err, &lr->f, &rc);
        if (r <= 0) break;
        if ((rc = lesson_row(lr))) break;
        if (lr->code != b->code) break; /* kept in hand for the next block */
    }
end:
    if (!lr->have) b->last = true;
    if (rc) {
        b->last = true;
        b->rc = rc;
        b->err = lr->err;
    }
    ungdb_csv_drop_consumed(lr->f.r); /* the block holds copies */
}

static void *reader_main(void *arg)
{
    lreader *lr = arg;
    for (size_t k = 0;; k = (k + 1) % NBLOCK) {
        pthread_mutex_lock(&lr->mu);
        while (lr->full[k] && !lr->stop)
            pthread_cond_wait(&lr->cv, &lr->mu);
        bool stop = lr->stop;
        pthread_mutex_unlock(&lr->mu);
        if (stop) return NULL;
        lblock *b = &lr->b[k];
        fill_block(lr, b);
        pthread_mutex_lock(&lr->mu);
        lr->full[k] = true;
        pthread_cond_broadcast(&lr->cv);
        pthread_mutex_unlock(&lr->mu);
        if (b->last) return NULL;
    }
}

/* The next institution's block, waiting for it; NULL at the end or on an
 * error (in *rc and *err). `done` gives the previous one back. */
static lblock *reader_block(lreader *lr, lblock *done, ungdb_rc *rc, ungdb_error *err)
{
    if (done) {
        if (done->last) return NULL;
        pthread_mutex_lock(&lr->mu);
        lr->full[lr->cur] = false;
        pthread_cond_broadcast(&lr->cv);
        pthread_mutex_unlock(&lr->mu);
        lr->cur = (lr->cur + 1) % NBLOCK;
    }
    pthread_mutex_lock(&lr->mu);
    while (!lr->full[lr->cur])
        pthread_cond_wait(&lr->cv, &lr->mu);
    pthread_mutex_unlock(&lr->mu);
    lblock *b = &lr->b[lr->cur];
    if (b->rc) {
        *rc = b->rc;
        if (err) *err = b->err;
        return NULL;
    }
    if (!b->nrows) return NULL; /* an empty file */
    return b;
}

/* -------------------------------------------------------- gruppe_lektion */

static int grow_next(hctx *c, hfile *f, grow *r, ungdb_rc *rc)
{
    int k = hfile_next(c->err, f, rc);
    if (k <= 0) return k;
    if (!p_inst(fld(f, 0), &r->code)) {
        *rc = bad(c->err, f, f->rec.line, "institution", "not a 6-digit institution number");
        return -1;
    }
    if (r->code < f->prev_code) {
        *rc = bad(c->err, f, f->rec.line, "institution",
                  "rows are not sorted by institution as register spec § 5 writes them");
        return -1;
    }
    f->prev_code = r->code;
    ungdb_slice g = fld(f, 1), l = fld(f, 2);
    if (!g.n || g.n > MAXVAL) {
        *rc = bad(c->err, f, f->rec.line, "group_id", "empty or longer than %d bytes", MAXVAL);
        return -1;
    }
    if (!l.n || l.n > MAXVAL) {
        *rc = bad(c->err, f, f->rec.line, "lesson_id", "empty or longer than %d bytes", MAXVAL);
        return -1;
    }
    memcpy(r->gid, g.p, g.n);
    memcpy(r->lid, l.p, l.n);
    if ((f->rec.line & 0xffff) == 0) ungdb_csv_drop_consumed(f->r); /* the row is copied */
    r->ngid = (uint16_t)g.n;
    r->nlid = (uint16_t)l.n;
    r->line = f->rec.line;
    return 1;
}

/* The group (renumbered) of a gruppe_lektion row, NONE when no pupil of
 * the register is a member of it. */
static uint32_t row_group(hctx *c, uint32_t inst, const grow *r)
{
    if (inst == NONE) return NONE;
    uint32_t sid = strpool_find(&c->gids, r->gid, r->ngid);
    if (sid == NONE) return NONE;
    uint32_t g = u64map_get(&c->gmap, (uint64_t)inst << 32 | sid);
    return g == NONE ? NONE : c->gnew[g];
}

/* ------------------------------------------------------------- the sweep */

/* Follows every pupil of institution `inst` from its memberships to the
 * lessons of its groups (block b's lessons, linked in c->pairs). */
static ungdb_rc sweep(hctx *c, uint32_t inst, const lblock *b)
{
    uint32_t g0 = c->g_first[inst], ng = c->g_first[inst + 1] - g0;
    size_t nl = b ? b->date.n : 0, np = c->pairs.n;
    if (!vec_reserve(&c->goff, ng + 1) || !vec_reserve(&c->glist, np ? np : 1) ||
        !vec_reserve(&c->stamp, nl ? nl : 1))
        return UNGDB_ENOMEM;
    uint32_t *goff = (uint32_t *)c->goff.data, *glist = (uint32_t *)c->glist.data;
    uint32_t *stamp = (uint32_t *)c->stamp.data;
    const uint32_t *pairs = (const uint32_t *)c->pairs.data; /* group, lesson */
    memset(goff, 0, (ng + 1) * sizeof *goff);
    for (size_t i = 0; i < np; i++)
        goff[pairs[2 * i] + 1]++;
    for (uint32_t g = 0; g < ng; g++)
        goff[g + 1] += goff[g];
    for (size_t i = 0; i < np; i++)
        glist[goff[pairs[2 * i]]++] = pairs[2 * i + 1];
    for (uint32_t g = ng; g > 0; g--)
        goff[g] = goff[g - 1];
    goff[0] = 0;
    memset(stamp, 0xff, nl * sizeof *stamp);

    const int32_t *ldate = b ? (const int32_t *)b->date.data : NULL;
    const uint32_t *lmin = b ? (const uint32_t *)b->minutes.data : NULL;
    const uint8_t *lsubj = b ? (const uint8_t *)b->subj.data : NULL;
    const member *m = (const member *)c->members.data;
    const seg *segs = (const seg *)c->segs.data;
    uint64_t acc[GRADES][MAXSUBJ];
    memset(acc, 0, sizeof acc);
    uint64_t counted = 0, unattributed = 0;
    for (uint32_t k = c->mem_off[inst]; k < c->mem_off[inst + 1] && np; k++) {
        const member *x = &m[k];
        int32_t s = x->s > c->p0 ? x->s : c->p0, e = x->e < c->pend ? x->e : c->pend;
        if (s > e) continue;
        uint32_t pi = x->pi, gl = x->g - g0;
        const seg *sg = segs + c->seg_off[pi], *sg_end = segs + c->seg_off[pi + 1];
        for (uint32_t q = goff[gl]; q < goff[gl + 1]; q++) {
            uint32_t l = glist[q];
            int32_t d = ldate[l];
            if (d < s || d > e || stamp[l] == pi) continue;
            stamp[l] = pi; /* a pupil attends a lesson once */
            const seg *t = sg;
            while (t < sg_end && !(t->s <= d && d <= t->e))
                t++;
            if (t == sg_end) {
                unattributed++;
                continue;
            }
            acc[t->grade][lsubj[l]] += lmin[l];
            counted++;
        }
    }
    c->sum->pupil_lessons += counted;
    c->sum->unattributed_lessons += unattributed;
    c->res_first[inst] = (uint32_t)c->results.n;
    for (int g = 0; g < GRADES; g++)
        for (size_t j = 0; j < MAXSUBJ; j++)
            if (acc[g][j]) {
                result *r = vec_push(&c->results);
                if (!r) return UNGDB_ENOMEM;
                *r = (result){.grade = (uint8_t)g, .subj = (uint8_t)j, .minutes = acc[g][j]};
                c->sum->pupil_minutes += acc[g][j];
            }
    c->res_n[inst] = (uint32_t)(c->results.n - c->res_first[inst]);
    return UNGDB_OK;
}

static ungdb_rc read_schedule(hctx *c)
{
    static const char *const lcols[] = {"institution", "lesson_id", "subject", "start", "minutes"};
    static const char *const gcols[] = {"institution", "group_id", "lesson_id"};
    lreader lr;
    memset(&lr, 0, sizeof lr);
    lr.c = c;
    hfile gf;
    memset(&gf, 0, sizeof gf);
    ungdb_rc rc = hfile_open(c, &lr.f, "lektion.csv", lcols, 5);
    if (!rc) rc = hfile_open(c, &gf, "gruppe_lektion.csv", gcols, 3);
    lr.b = rc ? NULL : calloc(NBLOCK, sizeof *lr.b);
    if (!rc && !lr.b) rc = UNGDB_ENOMEM;
    for (int k = 0; !rc && k < NBLOCK; k++) {
        vec_init(&lr.b[k].date, sizeof(int32_t));
        vec_init(&lr.b[k].minutes, sizeof(uint32_t));
        vec_init(&lr.b[k].subj, sizeof(uint8_t));
        rc = strpool_init(&lr.b[k].lids);
    }
    pthread_mutex_init(&lr.mu, NULL);
    pthread_cond_init(&lr.cv, NULL);
    pthread_t th;
    bool started = !rc && pthread_create(&th, NULL, reader_main, &lr) == 0;
    if (!rc && !started)
        rc = ungdb_error_set(c->err, UNGDB_EINTERNAL, "", 0, "", "cannot start a thread");

    grow gr;
    int have_g = rc ? 0 : grow_next(c, &gf, &gr, &rc);
    int32_t g_cached_code = -1;
    uint32_t g_cached = NONE;
    char g_cached_id[MAXVAL];
    uint16_t g_cached_n = 0;
    lblock *b = rc ? NULL : reader_block(&lr, NULL, &rc, c->err);
    c->maxdate = INT32_MIN;
    while (!rc && (b || have_g > 0)) {
        /* the next institution: the smaller of the two files' next rows */
        int32_t code = b ? b->code : INT32_MAX;
        if (have_g > 0 && gr.code < code) code = gr.code;
        const lblock *lb = b && b->code == code ? b : NULL;
        uint32_t inst = inst_index(c, code, false);
        bool active = inst != NONE && c->mem_off[inst + 1] > c->mem_off[inst];
        if (lb) {
            c->sum->lessons += lb->nrows;
            if (lb->maxdate > c->maxdate) c->maxdate = lb->maxdate;
        }
        c->pairs.n = 0;
        while (!rc && have_g > 0 && gr.code == code) {
            uint32_t g;
            if (gr.code == g_cached_code && gr.ngid == g_cached_n &&
                !memcmp(gr.gid, g_cached_id, gr.ngid)) {
                g = g_cached;
            } else {
                g = row_group(c, inst, &gr);
                g_cached_code = gr.code;
                g_cached_n = gr.ngid;
                memcpy(g_cached_id, gr.gid, gr.ngid);
                g_cached = g;
            }
            if (g != NONE) {
                uint32_t id = lb ? strpool_find(&lb->lids, gr.lid, gr.nlid) : NONE;
                if (id == NONE || id == 0) {
                    c->sum->dangling_links++;
                } else {
                    uint32_t *p = vec_push(&c->pairs);
                    if (!p) {
                        rc = UNGDB_ENOMEM;
                        break;
                    }
                    p[0] = g - c->g_first[inst];
                    p[1] = id - 1;
                }
            }
            have_g = grow_next(c, &gf, &gr, &rc);
        }
        if (!rc && active) rc = sweep(c, inst, lb);
        if (!rc && lb) b = reader_block(&lr, b, &rc, c->err);
    }
    if (started) {
        pthread_mutex_lock(&lr.mu);
        lr.stop = true;
        pthread_cond_broadcast(&lr.cv);
        pthread_mutex_unlock(&lr.mu);
        pthread_join(th, NULL);
    }
    pthread_mutex_destroy(&lr.mu);
    pthread_cond_destroy(&lr.cv);
    for (int k = 0; lr.b && k < NBLOCK; k++) {
        vec_release(&lr.b[k].date);
        vec_release(&lr.b[k].minutes);
        vec_release(&lr.b[k].subj);
        strpool_release(&lr.b[k].lids);
    }
    free(lr.b);
    hfile_close(&lr.f);
    hfile_close(&gf);
    return rc;
}

/* ------------------------------------------------------------- exposure */

typedef struct igrade {
    uint64_t days;   /* pupil school days in the period */
    uint32_t pupils; /* distinct pupils with at least one */
} igrade;

/* Pupil school days per institution and grade, from the segments clipped
 * to the period; pre[i] = school days in [p0, p0 + i). */
static void exposure(hctx *c, igrade *ig, uint32_t *ipupils, const int *pre)
{
    const seg *segs = (const seg *)c->segs.data;
    const uint32_t *pinst = (const uint32_t *)c->pi_inst.data;
    for (size_t p = 0; p < c->pi_inst.n; p++) {
        uint32_t inst = pinst[p];
        unsigned seen = 0;
        for (uint32_t k = c->seg_off[p]; k < c->seg_off[p + 1]; k++) {
            int32_t s = segs[k].s > c->p0 ? segs[k].s : c->p0;
            int32_t e = segs[k].e < c->p1 ? segs[k].e : c->p1;
            if (s > e) continue;
            int days = pre[e - c->p0 + 1] - pre[s - c->p0];
            if (!days) continue;
            igrade *x = &ig[(size_t)inst * GRADES + segs[k].grade];
            x->days += (uint64_t)days;
            if (!(seen >> segs[k].grade & 1)) x->pupils++;
            seen |= 1u << segs[k].grade;
        }
        if (seen & 0x3ff) ipupils[inst]++; /* grades 0-9 */
    }
}

/* ---------------------------------------------------------------- output */

typedef struct inst_out {
    int32_t code;
    uint32_t inst;
    double pct;
    bool judged, in_band;
} inst_out;

static int cmp_inst_out(const void *a, const void *b)
{
    const inst_out *x = a, *y = b;
    return x->code < y->code ? -1 : x->code > y->code;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantile of sorted v[0..n) by linear interpolation (R's type 7). */
static double quantile(const double *v, size_t n, double q)
{
    if (!n) return -1;
    double h = (double)(n - 1) * q;
    size_t i = (size_t)h;
    return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

typedef struct subj_order {
    uint8_t slot;
    int rank;
    const char *s;
    size_t n;
} subj_order;

static int cmp_subj(const void *a, const void *b)
{
    const subj_order *x = a, *y = b;
    if (x->rank != y->rank) return x->rank - y->rank;
    size_t n = x->n < y->n ? x->n : y->n;
    int r = memcmp(x->s, y->s, n);
    return r ? r : (x->n > y->n) - (x->n < y->n);
}

static void put_num(FILE *f, double v, int decimals, bool show)
{
    if (show) fprintf(f, "%.*f", decimals, v);
}

/* Whether num / unit (a percent) lies in the band [85, 115], exactly in
 * integers; `approx` (the same percent as a double) where they could
 * overflow, which takes inputs far beyond any real register. */
static bool in_band(uint64_t num, uint64_t unit, double approx)
{
    if (num < (1ull << 56) && unit < (1ull << 56) / HOURS_BAND_HI)
        return num >= HOURS_BAND_LO * unit && num <= HOURS_BAND_HI * unit;
    return approx >= HOURS_BAND_LO && approx <= HOURS_BAND_HI;
}

/* Writes hours.csv (docs/hours.md, "The table"). */
static ungdb_rc write_csv(hctx *c, const char *path, const inst_out *io, size_t nio,
                          const igrade *ig, const uint32_t *ipupils)
{
    int sdp = c->sum->school_days, sdy = c->sum->school_days_year;
    size_t ns = strpool_count(&c->subjects) - 1; /* without the empty string */
    subj_order order[MAXSUBJ];
    for (size_t i = 0; i < ns; i++) {
        size_t n;
        const char *s = strpool_get(&c->subjects, (uint32_t)(i + 1), &n);
        int rank = (int)NSPEC;
        for (size_t k = 0; k < NSPEC; k++)
            if (strlen(ungdb_subject_code[k]) == n && !memcmp(ungdb_subject_code[k], s, n))
                rank = (int)k;
        order[i] = (subj_order){.slot = (uint8_t)i, .rank = rank, .s = s, .n = n};
    }
    qsort(order, ns, sizeof *order, cmp_subj);

    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) return ungdb_error_set(c->err, UNGDB_EIO, path, 0, "", "cannot write the table");
    fputs("institution,grade,subject,pupils,fte_pupils,hours_per_pupil,hours_per_pupil_year,"
          "norm_hours_year,percent_of_norm,in_band\n",
          f);
    const result *res = (const result *)c->results.data;
    for (size_t k = 0; k < nio; k++) {
        uint32_t inst = io[k].inst;
        uint64_t min[GRADES][MAXSUBJ];
        uint64_t tot[GRADES];
        memset(min, 0, sizeof min);
        memset(tot, 0, sizeof tot);
        for (uint32_t r = c->res_first[inst]; r < c->res_first[inst] + c->res_n[inst]; r++) {
            min[res[r].grade][res[r].subj] += res[r].minutes;
            tot[res[r].grade] += res[r].minutes;
        }
        /* the institution: grades 0-9, pupil-weighted */
        uint64_t days09 = 0, min09 = 0;
        for (int g = 0; g < 10; g++) {
            days09 += ig[(size_t)inst * GRADES + g].days;
            min09 += tot[g];
        }
        double fte = sdp ? (double)days09 / sdp : 0;
        double hp = days09 ? (double)min09 * sdp / (60.0 * (double)days09) : 0;
        fprintf(f, "%06d,,total,%u,%.2f,", (int)io[k].code, ipupils[inst], fte);
        put_num(f, hp, 1, days09 > 0);
        fputc(',', f);
        put_num(f, hp * sdy / (sdp ? sdp : 1), 1, days09 > 0);
        fputs(",,", f);
        put_num(f, io[k].pct, 1, io[k].judged);
        fputs(io[k].judged ? (io[k].in_band ? ",yes\n" : ",no\n") : ",\n", f);
        for (int g = 0; g < GRADES; g++) {
            const igrade *x = &ig[(size_t)inst * GRADES + g];
            if (!x->days && !tot[g]) continue;
            double gfte = sdp ? (double)x->days / sdp : 0;
            bool has = x->days > 0;
            for (size_t i = 0; i < ns; i++) {
                uint64_t mm = min[g][order[i].slot];
                if (!mm) continue;
                double h = has ? (double)mm * sdp / (60.0 * (double)x->days) : 0;
                fprintf(f, "%06d,%d,%.*s,%u,%.2f,", (int)io[k].code, g, (int)order[i].n, order[i].s,
                        x->pupils, gfte);
                put_num(f, h, 1, has);
                fputc(',', f);
                put_num(f, h * sdy / sdp, 1, has);
                fputs(",,,\n", f);
            }
            double h = has ? (double)tot[g] * sdp / (60.0 * (double)x->days) : 0;
            fprintf(f, "%06d,%d,total,%u,%.2f,", (int)io[k].code, g, x->pupils, gfte);
            put_num(f, h, 1, has);
            fputc(',', f);
            put_num(f, h * sdy / sdp, 1, has);
            fputc(',', f);
            if (norm_hours(g)) fprintf(f, "%d", norm_hours(g));
            fputc(',', f);
            put_num(f, h * sdy / sdp * 100.0 / norm_hours(g), 1, has && norm_hours(g));
            if (has && norm_hours(g))
                fputs(in_band(100 * (uint64_t)sdy * tot[g],
                              60ull * (uint64_t)norm_hours(g) * x->days,
                              h * sdy / sdp * 100.0 / norm_hours(g))
                          ? ",yes\n"
                          : ",no\n",
                      f);
            else
                fputs(",\n", f);
        }
    }
    bool ok = !ferror(f);
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        remove(tmp);
        return ungdb_error_set(c->err, UNGDB_EIO, path, 0, "", "cannot write the table");
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return ungdb_error_set(c->err, UNGDB_EIO, path, 0, "", "cannot write the table");
    }
    return UNGDB_OK;
}

/* The institution's percent of the norm: the average of its pupils'
 * percent of their own grade's norm, each pupil weighted by its school days
 * in the period (= sum over grades 0-9 of days_g * pct_g / sum of days_g).
 * The band test is done in integers, exactly. */
static void judge(hctx *c, inst_out *o, const igrade *ig)
{
    const result *res = (const result *)c->results.data;
    uint64_t tot[GRADES] = {0};
    for (uint32_t r = c->res_first[o->inst]; r < c->res_first[o->inst] + c->res_n[o->inst]; r++)
        tot[res[r].grade] += res[r].minutes;
    uint64_t days = 0, a = 0; /* a = sum of minutes_g * NORM_LCM / norm_g */
    double sum = 0;
    for (int g = 0; g < 10; g++) {
        const igrade *x = &ig[(size_t)o->inst * GRADES + g];
        if (!x->days) continue;
        days += x->days;
        a += tot[g] * (uint64_t)(NORM_LCM / norm_hours(g));
        sum += (double)tot[g] / norm_hours(g);
    }
    o->judged = days > 0;
    if (!o->judged) return;
    uint64_t sdy = (uint64_t)c->sum->school_days_year;
    o->pct = 100.0 * (double)sdy * sum / (60.0 * (double)days);
    /* 85 <= 100 * sdy * a / (60 * NORM_LCM * days) <= 115 */
    if (a < (1ull << 40) && days < (1ull << 30))
        o->in_band = in_band(100 * sdy * a, 60ull * NORM_LCM * days, o->pct);
    else
        o->in_band = o->pct >= HOURS_BAND_LO && o->pct <= HOURS_BAND_HI;
}

/* --------------------------------------------------------------- driver */

static void ctx_release(hctx *c)
{
    strpool_release(&c->persons);
    strpool_release(&c->gids);
    strpool_release(&c->subjects);
    free(c->inst_of_code);
    vec_release(&c->inst_code);
    u64map_release(&c->pimap);
    vec_release(&c->pi_inst);
    u64map_release(&c->gmap);
    vec_release(&c->g_inst);
    free(c->gnew);
    free(c->g_first);
    vec_release(&c->spells);
    vec_release(&c->members);
    vec_release(&c->segs);
    free(c->seg_off);
    free(c->mem_off);
    vec_release(&c->stamp);
    vec_release(&c->pairs);
    vec_release(&c->goff);
    vec_release(&c->glist);
    vec_release(&c->results);
    free(c->res_first);
    free(c->res_n);
}

static ungdb_rc run(hctx *c)
{
    const ungdb_hours_opts *o = c->o;
    ungdb_hours_summary *sum = c->sum;
    ungdb_rc rc;
    if ((rc = read_elev(c)) || (rc = read_elev_gruppe(c)) || (rc = build_roster(c))) return rc;
    if (!c->pi_inst.n)
        return ungdb_error_set(c->err, UNGDB_EINPUT, "", 0, "",
                               "%s/elev.csv has no pupils: nothing to measure", o->register_dir);
    c->year = o->school_year ? o->school_year : default_year(c);
    if (c->year < UNGDB_CAL_MIN_YEAR || c->year >= UNGDB_CAL_MAX_YEAR)
        return ungdb_error_set(c->err, UNGDB_EUSAGE, "", 0, "school-year",
                               "school year %d is outside %d-%d", c->year, UNGDB_CAL_MIN_YEAR,
                               UNGDB_CAL_MAX_YEAR - 1);
    c->y0 = ymd(c->year, 8, 1);
    c->y1 = ymd(c->year + 1, 7, 31);
    /* The period starts where the roster starts: the first day a membership
     * is known (elev_gruppe.csv), or --from. */
    int32_t first = c->mmin <= c->mmax ? c->mmin : c->emin;
    c->p0 = o->from != INT32_MIN ? o->from : first;
    if (c->p0 < c->y0) c->p0 = c->y0;
    c->pend = o->to != INT32_MAX ? o->to : c->y1;
    if (c->pend > c->y1) c->pend = c->y1;
    if ((rc = read_schedule(c))) return rc;
    /* It ends with the last lesson of the register (or the last roster date
     * when that is later), or --to. */
    if (o->to != INT32_MAX) {
        c->p1 = c->pend;
    } else {
        int32_t last = c->maxdate > c->mmax ? c->maxdate : c->mmax;
        if (c->mmin > c->mmax && c->emax > last) last = c->emax;
        c->p1 = last < c->pend ? last : c->pend;
    }
    sum->school_year = c->year;
    sum->from = c->p0;
    sum->to = c->p1;
    sum->school_days_year = school_days(c->y0, c->y1);
    sum->school_days = c->p0 <= c->p1 ? school_days(c->p0, c->p1) : 0;
    if (!sum->school_days) {
        char a[11], b[11];
        ungdb_date_format((ungdb_date){.day = first}, a);
        ungdb_date_format((ungdb_date){.day = c->maxdate > c->mmax ? c->maxdate : c->mmax}, b);
        return ungdb_error_set(c->err, UNGDB_EINPUT, "", 0, "school-year",
                               "the register (memberships and lessons from %s to %s) covers no "
                               "school day of school year %d/%02d in the period asked for",
                               a, b, c->year, (c->year + 1) % 100);
    }

    size_t ninst = c->inst_code.n;
    int *pre = malloc(((size_t)(c->p1 - c->p0) + 2) * sizeof *pre);
    igrade *ig = calloc(ninst * GRADES, sizeof *ig);
    uint32_t *ipupils = calloc(ninst ? ninst : 1, sizeof *ipupils);
    inst_out *io = calloc(ninst ? ninst : 1, sizeof *io);
    double *pcts = calloc(ninst ? ninst : 1, sizeof *pcts);
    bool *band = calloc(ninst ? ninst : 1, sizeof *band);
    double *gp = calloc(ninst ? ninst : 1, sizeof *gp);
    if (!pre || !ig || !ipupils || !io || !pcts || !band || !gp) {
        rc = UNGDB_ENOMEM;
        goto out;
    }
    pre[0] = 0;
    for (int32_t d = c->p0; d <= c->p1; d++)
        pre[d - c->p0 + 1] = pre[d - c->p0] + ungdb_is_school_day((ungdb_date){.day = d});
    exposure(c, ig, ipupils, pre);

    const int32_t *codes = (const int32_t *)c->inst_code.data;
    size_t nio = 0;
    for (uint32_t i = 0; i < ninst; i++) {
        bool any = c->res_n[i] > 0;
        for (int g = 0; g < GRADES && !any; g++)
            any = ig[(size_t)i * GRADES + g].days > 0;
        if (!any) continue;
        io[nio] = (inst_out){.code = codes[i], .inst = i};
        judge(c, &io[nio], ig);
        nio++;
    }
    qsort(io, nio, sizeof *io, cmp_inst_out);
    size_t nj = 0;
    for (size_t k = 0; k < nio; k++) {
        sum->pupils += ipupils[io[k].inst];
        for (int g = 0; g < 10; g++)
            sum->fte_pupils += (double)ig[(size_t)io[k].inst * GRADES + g].days;
        if (!io[k].judged) continue;
        pcts[nj] = io[k].pct;
        band[nj] = io[k].in_band;
        sum->in_band += io[k].in_band;
        nj++;
    }
    sum->fte_pupils /= sum->school_days;
    sum->institutions = nj;
    /* the chart wants the institutions in their order; the quantiles sorted */
    double *sorted = gp; /* reuse: grade percents come after */
    memcpy(sorted, pcts, nj * sizeof *sorted);
    qsort(sorted, nj, sizeof *sorted, cmp_double);
    sum->pct_min = nj ? sorted[0] : -1;
    sum->pct_q1 = quantile(sorted, nj, 0.25);
    sum->pct_median = quantile(sorted, nj, 0.5);
    sum->pct_q3 = quantile(sorted, nj, 0.75);
    sum->pct_max = nj ? sorted[nj - 1] : -1;
    const result *res = (const result *)c->results.data;
    for (int g = 0; g < GRADES; g++) {
        size_t n = 0;
        for (size_t k = 0; g < 10 && k < nio; k++) {
            const igrade *x = &ig[(size_t)io[k].inst * GRADES + g];
            if (!x->days) continue;
            uint64_t m = 0;
            for (uint32_t r = c->res_first[io[k].inst];
                 r < c->res_first[io[k].inst] + c->res_n[io[k].inst]; r++)
                if (res[r].grade == g) m += res[r].minutes;
            gp[n++] = 100.0 * (double)m * sum->school_days_year /
                      (60.0 * (double)x->days * norm_hours(g));
        }
        qsort(gp, n, sizeof *gp, cmp_double);
        sum->grade_institutions[g] = n;
        sum->grade_median[g] = n ? quantile(gp, n, 0.5) : -1;
    }

    if ((rc = write_csv(c, o->csv_path, io, nio, ig, ipupils))) goto out;
    if (o->svg_path) {
        hours_chart ch = {.school_year = c->year,
                          .from = c->p0,
                          .to = c->p1,
                          .school_days = sum->school_days,
                          .school_days_year = sum->school_days_year,
                          .pct = pcts,
                          .in_band = band,
                          .n = nj,
                          .in_band_n = sum->in_band,
                          .median = sum->pct_median};
        rc = hours_svg_write(o->svg_path, &ch, c->err);
    }
out:
    free(pre);
    free(ig);
    free(ipupils);
    free(io);
    free(pcts);
    free(band);
    free(gp);
    return rc;
}

ungdb_rc ungdb_register_hours(const ungdb_hours_opts *opts, ungdb_hours_summary *sum,
                              ungdb_error *err)
{
    ungdb_error_clear(err);
    memset(sum, 0, sizeof *sum);
    if (!opts || !opts->register_dir || !opts->csv_path)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "",
                               "register_dir and csv_path are required");
    hctx c;
    memset(&c, 0, sizeof c);
    c.o = opts;
    c.err = err;
    c.sum = sum;
    c.emin = c.mmin = INT32_MAX;
    c.emax = c.mmax = INT32_MIN;
    vec_init(&c.inst_code, sizeof(int32_t));
    vec_init(&c.pi_inst, sizeof(uint32_t));
    vec_init(&c.g_inst, sizeof(uint32_t));
    vec_init(&c.spells, sizeof(spell));
    vec_init(&c.members, sizeof(member));
    vec_init(&c.segs, sizeof(seg));
    vec_init(&c.stamp, sizeof(uint32_t));
    vec_init(&c.pairs, 2 * sizeof(uint32_t));
    vec_init(&c.goff, sizeof(uint32_t));
    vec_init(&c.glist, sizeof(uint32_t));
    vec_init(&c.results, sizeof(result));
    u64map_init(&c.pimap);
    u64map_init(&c.gmap);
    ungdb_rc rc = UNGDB_OK;
    c.inst_of_code = malloc(NCODES * sizeof *c.inst_of_code);
    if (!c.inst_of_code || strpool_init(&c.persons) || strpool_init(&c.gids) ||
        strpool_init(&c.subjects)) {
        rc = UNGDB_ENOMEM;
    } else {
        memset(c.inst_of_code, 0xff, NCODES * sizeof *c.inst_of_code);
        rc = run(&c);
    }
    if (rc == UNGDB_ENOMEM && !err->message[0])
        ungdb_error_set(err, rc, "", 0, "", "out of memory");
    ctx_release(&c);
    return rc;
}
