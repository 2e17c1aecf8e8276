/* reader.c - the files of an attendance directory (docs/rules.md,
 * "Attendance files") into a pupil table of minutes per segment, and the
 * pupils' events and notices.
 *
 * Speed. attendance.csv is the big one (a year of a whole country is about
 * 60 M rows). It is read by `threads` workers at once, each from its own
 * part of the file, with the CSV reader of include/ungdb/csv.h over its part.
 * Parts begin after a line feed, which is a record boundary unless the line
 * feed is inside a quoted field; so each worker's start is checked
 * afterwards: the worker before it must have ended exactly there. If not,
 * that worker's part is thrown away and the worker before goes on through it
 * (so quoted line breaks are read right, only slower). Each worker has its
 * own pupil table; the tables are added up at the end. A row's pupil is
 * found by comparing with the previous row's pupil and with the pupil that
 * followed that one last time (exports list pupils in a fixed order every
 * day), and only then by hashing. Read pages of a mapped file are given back
 * as the workers go, so the file is never resident as a whole. */
#include "simulate/sim_int.h"

#include "ungdb/cpr.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_PUPILS 10000000u
#define MAX_COLUMNS 64
#define DROP_EVERY ((size_t)32 << 20)

/* ------------------------------------------------------- pupil table -- */

static uint64_t hash_bytes(const char *k, size_t n)
{
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, k, 8);
        h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 29;
        k += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, k, n);
    h ^= w;
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

void sim_tab_init(sim_tab *t, uint32_t nseg)
{
    memset(t, 0, sizeof *t);
    t->nseg = nseg;
    t->last = SIM_NONE;
}

void sim_tab_release(sim_tab *t)
{
    free(t->keys);
    free(t->key_off);
    free(t->key_len);
    free(t->succ);
    for (size_t b = 0; b < t->cap / SIM_BLOCK; b++)
        free(t->blocks[b]);
    free(t->blocks);
    free(t->slots);
    sim_tab_init(t, t->nseg);
}

static bool key_eq(const sim_tab *t, uint32_t id, const char *k, size_t n)
{
    if (t->key_len[id] != n) return false;
    const char *a = t->keys + t->key_off[id];
    if (n > 16) return !memcmp(a, k, n);
    unsigned char d = 0; /* short ids (most): no call */
    for (size_t i = 0; i < n; i++)
        d |= (unsigned char)(a[i] ^ k[i]);
    return d == 0;
}

static bool tab_rehash(sim_tab *t)
{
    size_t ns = t->nslots ? t->nslots * 2 : 4096;
    uint64_t *s = calloc(ns, sizeof *s);
    if (!s) return false;
    for (size_t id = 0; id < t->n; id++) {
        uint64_t h = hash_bytes(t->keys + t->key_off[id], t->key_len[id]);
        size_t i = (size_t)h & (ns - 1);
        while (s[i])
            i = (i + 1) & (ns - 1);
        s[i] = (h >> 32) << 32 | (uint64_t)(id + 1);
    }
    free(t->slots);
    t->slots = s;
    t->nslots = ns;
    return true;
}

static bool tab_grow(sim_tab *t)
{
    size_t nc = t->cap + SIM_BLOCK, per = (size_t)t->nseg * 3;
    uint32_t *off = realloc(t->key_off, nc * sizeof *off);
    if (!off) return false;
    t->key_off = off;
    uint8_t *len = realloc(t->key_len, nc);
    if (!len) return false;
    t->key_len = len;
    uint32_t *succ = realloc(t->succ, nc * sizeof *succ);
    if (!succ) return false;
    t->succ = succ;
    uint16_t **bl = realloc(t->blocks, (nc / SIM_BLOCK) * sizeof *bl);
    if (!bl) return false;
    t->blocks = bl;
    if (!(bl[t->cap / SIM_BLOCK] = calloc(SIM_BLOCK * per, sizeof **bl))) return false;
    t->cap = nc;
    return true;
}

uint32_t sim_tab_get(sim_tab *t, const char *k, size_t n, bool chain)
{
    uint32_t last = t->last;
    if (chain && last != SIM_NONE) {
        if (key_eq(t, last, k, n)) return last;
        uint32_t c = t->succ[last];
        if (c != SIM_NONE && key_eq(t, c, k, n)) {
            t->last = c;
            return c;
        }
    }
    if ((t->n + 1) * 2 > t->nslots && !tab_rehash(t)) return SIM_NONE;
    uint64_t h = hash_bytes(k, n);
    uint64_t tag = (h >> 32) << 32;
    size_t mask = t->nslots - 1, i = (size_t)h & mask;
    uint32_t id;
    for (;;) {
        uint64_t s = t->slots[i];
        if (!s) break;
        if ((s & ~UINT64_C(0xffffffff)) == tag) {
            id = (uint32_t)s - 1;
            if (key_eq(t, id, k, n)) goto found;
        }
        i = (i + 1) & mask;
    }
    if (t->n >= MAX_PUPILS) return SIM_NONE;
    if (t->n == t->cap && !tab_grow(t)) return SIM_NONE;
    if (t->keys_n + n > t->keys_cap) {
        size_t kc = t->keys_cap ? t->keys_cap * 2 : 16384;
        while (kc < t->keys_n + n)
            kc *= 2;
        char *nk = realloc(t->keys, kc);
        if (!nk) return SIM_NONE;
        t->keys = nk;
        t->keys_cap = kc;
    }
    id = (uint32_t)t->n++;
    memcpy(t->keys + t->keys_n, k, n);
    t->key_off[id] = (uint32_t)t->keys_n;
    t->key_len[id] = (uint8_t)n;
    t->keys_n += n;
    t->succ[id] = SIM_NONE;
    t->slots[i] = tag | (uint64_t)(id + 1);
found:
    if (chain) {
        if (last != SIM_NONE) t->succ[last] = id;
        t->last = id;
    }
    return id;
}

/* ----------------------------------------------------------- columns -- */

enum { C_PUPIL, C_DATE, C_LESSON, C_ABSENT, C_LAWFUL, C_KIND };

typedef struct sim_cols {
    size_t nfields;
    int idx[6];
    char names[MAX_COLUMNS][24];
} sim_cols;

static const char *const col_names[] = {"pupil",          "date",   "lesson_minutes",
                                        "absent_minutes", "lawful", "kind"};

static ungdb_rc read_header(ungdb_csv *r, ungdb_sim_file file, const char *name, sim_cols *c,
                            ungdb_sim_file_stats *st, long *line, ungdb_error *err)
{
    static const int att[] = {C_PUPIL, C_DATE, C_LESSON, C_ABSENT, C_LAWFUL};
    static const int kinds[] = {C_PUPIL, C_DATE, C_KIND};
    const int *want = file == UNGDB_SIM_ATTENDANCE ? att : kinds;
    size_t nwant = file == UNGDB_SIM_ATTENDANCE ? 5 : 3;
    const char *list = file == UNGDB_SIM_ATTENDANCE
                           ? "pupil, date, lesson_minutes, absent_minutes, lawful"
                           : "pupil, date, kind";
    ungdb_csv_record rec;
    ungdb_csv_status s = ungdb_csv_next(r, &rec);
    if (s == UNGDB_CSV_END)
        return ungdb_error_set(err, UNGDB_EINPUT, name, 0, "",
                               "empty: the first line must be the header (%s)", list);
    if (s != UNGDB_CSV_RECORD)
        return ungdb_error_set(err, UNGDB_EINPUT, name, rec.line, "", "header: %s", rec.message);
    if (rec.nfields > MAX_COLUMNS)
        return ungdb_error_set(err, UNGDB_EINPUT, name, rec.line, "",
                               "header: more than %d columns", MAX_COLUMNS);
    memset(c, 0, sizeof *c);
    *line = rec.line;
    for (int k = 0; k < 6; k++)
        c->idx[k] = -1;
    c->nfields = rec.nfields;
    size_t ulen = 0;
    st->unused_columns[0] = '\0';
    for (size_t i = 0; i < rec.nfields; i++) {
        const ungdb_slice *f = &rec.fields[i];
        snprintf(c->names[i], sizeof c->names[i], "%.*s", (int)(f->n > 23 ? 23 : f->n), f->p);
        bool used = false;
        for (size_t k = 0; k < nwant; k++) {
            const char *cn = col_names[want[k]];
            if (f->n == strlen(cn) && !memcmp(f->p, cn, f->n)) {
                if (c->idx[want[k]] >= 0)
                    return ungdb_error_set(err, UNGDB_EINPUT, name, rec.line, cn,
                                           "header: the column is named twice");
                c->idx[want[k]] = (int)i;
                used = true;
            }
        }
        if (!used && ulen + f->n + 3 < sizeof st->unused_columns) {
            ulen += (size_t)snprintf(st->unused_columns + ulen, sizeof st->unused_columns - ulen,
                                     "%s%s", ulen ? ", " : "", c->names[i]);
        }
    }
    for (size_t k = 0; k < nwant; k++)
        if (c->idx[want[k]] < 0)
            return ungdb_error_set(err, UNGDB_EINPUT, name, rec.line, col_names[want[k]],
                                   "header: missing column (the header names %s)", list);
    return UNGDB_OK;
}

/* ----------------------------------------------------------- workers -- */

typedef struct dated_row {
    uint32_t pupil;
    int32_t day;
    uint16_t kind;
} dated_row;

typedef struct worker {
    const sim_read *rd;
    ungdb_sim_file file;
    const sim_cols *cols;
    const char *base; /* the reader's buffer */
    size_t base_off;  /* its offset in the file */
    size_t stop;      /* read records until the offset reaches this (relative) */
    ungdb_csv *r;
    sim_tab *tab; /* the worker's own (attendance) or the shared one */
    sim_tab own;
    /* events and notices */
    dated_row *items;
    size_t nitems, capitems;
    /* statistics */
    uint64_t rows, rejected, outside;
    int32_t first, last;
    ungdb_sim_reject *rej;
    size_t nrej, caprej;
    long line_base; /* add to the reader's lines */
    /* where the last record began, for the line at the end */
    size_t prev_off;
    long prev_line;
    bool have_rec;
    size_t dropped; /* relative offset up to which pages were given back */
    size_t end;     /* relative offset where reading stopped */
    char date_txt[10];
    int32_t date_day;
    bool have_date;
    bool valid;
    ungdb_rc rc;
    /* probe mode (find_sum_line): no table, only this pupil and segment */
    const char *probe_key;
    size_t probe_len;
    uint32_t probe_seg;
    uint64_t probe_sum, probe_cap;
    long probe_line;
} worker;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
reject(worker *w, long line, const char *field, const char *fmt, ...)
{
    w->rejected++;
    if (w->nrej >= w->rd->keep) return;
    if (w->nrej == w->caprej) {
        size_t nc = w->caprej ? w->caprej * 2 : 64;
        if (nc > w->rd->keep) nc = w->rd->keep;
        ungdb_sim_reject *n = realloc(w->rej, nc * sizeof *n);
        if (!n) {
            w->rc = UNGDB_ENOMEM;
            return;
        }
        w->rej = n;
        w->caprej = nc;
    }
    ungdb_sim_reject *j = &w->rej[w->nrej++];
    j->file = (uint8_t)w->file;
    j->line = line;
    snprintf(j->field, sizeof j->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->message, sizeof j->message, fmt, ap);
    va_end(ap);
}

/* A whole number 0..max without sign or spaces. */
static bool parse_uint(const ungdb_slice *f, long max, long *out)
{
    if (f->n == 0 || f->n > 6) return false;
    long v = 0;
    for (size_t i = 0; i < f->n; i++) {
        unsigned d = (unsigned)(unsigned char)f->p[i] - '0';
        if (d > 9) return false;
        v = v * 10 + (long)d;
    }
    if (v > max) return false;
    *out = v;
    return true;
}

static bool check_pupil(worker *w, long line, const ungdb_slice *f)
{
    if (f->n == 0) {
        reject(w, line, "pupil", "empty");
        return false;
    }
    if (f->n > SIM_MAX_PUPIL_ID) {
        reject(w, line, "pupil", "longer than %d bytes", SIM_MAX_PUPIL_ID);
        return false;
    }
    for (size_t i = 0; i < f->n; i++) {
        unsigned char ch = (unsigned char)f->p[i];
        if (ch < 0x20 || ch == 0x7f) {
            reject(w, line, "pupil", "a control character");
            return false;
        }
    }
    if ((f->n == 10 || f->n == 11) && ungdb_cpr_parse(f->p, f->n, NULL) == UNGDB_CPR_VALID) {
        reject(w, line, "pupil",
               "a CPR number: give the pupil's pseudonym instead (ids are opaque; "
               "CPR numbers are not read)");
        return false;
    }
    return true;
}

static bool parse_day(worker *w, const ungdb_slice *f, int32_t *day)
{
    if (f->n == 10 && w->have_date && !memcmp(f->p, w->date_txt, 10)) {
        *day = w->date_day;
        return true;
    }
    ungdb_date d;
    if (!ungdb_date_parse(f->p, f->n, &d)) return false;
    memcpy(w->date_txt, f->p, 10);
    w->date_day = d.day;
    w->have_date = true;
    *day = d.day;
    return true;
}

/* The common start of a row: status, field count, pupil, date. */
static bool row_start(worker *w, ungdb_csv_status st, const ungdb_csv_record *rec,
                      const ungdb_slice **f, int32_t *day)
{
    const sim_cols *c = w->cols;
    w->rows++;
    if (st != UNGDB_CSV_RECORD) {
        const char *field = rec->bad_field < c->nfields ? c->names[rec->bad_field] : "";
        reject(w, rec->line, field, "%s", rec->message);
        return false;
    }
    if (rec->nfields != c->nfields) {
        reject(w, rec->line, "", "%zu fields, the header has %zu", rec->nfields, c->nfields);
        return false;
    }
    *f = rec->fields;
    if (!check_pupil(w, rec->line, &rec->fields[c->idx[C_PUPIL]])) return false;
    if (!parse_day(w, &rec->fields[c->idx[C_DATE]], day)) {
        reject(w, rec->line, "date", "not a date (YYYY-MM-DD)");
        return false;
    }
    return true;
}

static void note_day(worker *w, int32_t day)
{
    if (day < w->first) w->first = day;
    if (day > w->last) w->last = day;
}

static void attendance_row(worker *w, ungdb_csv_status st, const ungdb_csv_record *rec)
{
    const sim_cols *c = w->cols;
    const ungdb_slice *f;
    int32_t day;
    if (!row_start(w, st, rec, &f, &day)) return;
    long lesson, absent;
    if (!parse_uint(&f[c->idx[C_LESSON]], 1440, &lesson) || lesson == 0) {
        reject(w, rec->line, "lesson_minutes", "a whole number of minutes 1-1440");
        return;
    }
    if (!parse_uint(&f[c->idx[C_ABSENT]], 1440, &absent)) {
        reject(w, rec->line, "absent_minutes", "a whole number of minutes 0-1440");
        return;
    }
    if (absent > lesson) {
        reject(w, rec->line, "absent_minutes", "more than lesson_minutes (%ld)", lesson);
        return;
    }
    const ungdb_slice *lw = &f[c->idx[C_LAWFUL]];
    int kind; /* 0 none, 1 lawful, 2 unlawful */
    if (lw->n == 3 && !memcmp(lw->p, "yes", 3))
        kind = 1;
    else if (lw->n == 2 && !memcmp(lw->p, "no", 2))
        kind = 2;
    else if (lw->n == 0)
        kind = 0;
    else {
        reject(w, rec->line, "lawful", "yes, no, or empty when absent_minutes is 0");
        return;
    }
    if (kind == 0 && absent > 0) {
        reject(w, rec->line, "lawful", "yes or no: absent_minutes is above 0");
        return;
    }
    note_day(w, day);
    const sim_span *sp = w->rd->span;
    if (day < sp->first || day > sp->last) {
        w->outside++;
        return;
    }
    uint32_t seg = sp->day_seg[day - sp->first];
    const ungdb_slice *pu = &f[c->idx[C_PUPIL]];
    if (w->probe_key) { /* looking for the row where a segment passes 24 hours a day */
        if (seg == w->probe_seg && pu->n == w->probe_len && !memcmp(pu->p, w->probe_key, pu->n)) {
            w->probe_sum += (uint64_t)lesson;
            if (w->probe_sum > w->probe_cap && !w->probe_line) {
                w->probe_line = rec->line;
                w->stop = 0;
            }
        }
        return;
    }
    uint32_t id = sim_tab_get(w->tab, pu->p, pu->n, true);
    if (id == SIM_NONE) {
        w->rc = w->tab->n >= MAX_PUPILS ? UNGDB_ETOOBIG : UNGDB_ENOMEM;
        return;
    }
    /* Sums saturate; merge_tab checks them against 24 hours a day. */
    uint16_t *m = sim_tab_at(w->tab, id, seg);
    m[0] = (uint16_t)(m[0] + lesson > UINT16_MAX ? UINT16_MAX : m[0] + lesson);
    if (kind) m[kind] = (uint16_t)(m[kind] + absent > UINT16_MAX ? UINT16_MAX : m[kind] + absent);
}

static void dated_row_fn(worker *w, ungdb_csv_status st, const ungdb_csv_record *rec)
{
    const sim_cols *c = w->cols;
    const ungdb_slice *f;
    int32_t day;
    if (!row_start(w, st, rec, &f, &day)) return;
    const ungdb_slice *k = &f[c->idx[C_KIND]];
    int kind = 0;
    if (w->file == UNGDB_SIM_EVENTS) {
        for (int i = 1; i < UNGDB_EVENT_KINDS && !kind; i++) {
            const char *nm = ungdb_event_kind_name((ungdb_event_kind)i);
            if (k->n == strlen(nm) && !memcmp(k->p, nm, k->n)) kind = i;
        }
        if (!kind) {
            reject(w, rec->line, "kind",
                   "not an event kind (missing_hand_in, missing_participation, conduct, other)");
            return;
        }
    } else {
        for (int i = 1; i < UNGDB_NOTICE_KINDS && !kind; i++) {
            const char *nm = ungdb_notice_kind_name((ungdb_notice_kind)i);
            if (k->n == strlen(nm) && !memcmp(k->p, nm, k->n)) kind = i;
        }
        if (!kind) {
            reject(w, rec->line, "kind",
                   "not a notice kind (concern_absence, reprimand, warning, sanction, other)");
            return;
        }
    }
    note_day(w, day);
    const sim_span *sp = w->rd->span;
    if (day < sp->first || day > sp->last) {
        w->outside++;
        return;
    }
    uint32_t id = sim_tab_get(w->tab, f[c->idx[C_PUPIL]].p, f[c->idx[C_PUPIL]].n, true);
    if (id == SIM_NONE) {
        w->rc = w->tab->n >= MAX_PUPILS ? UNGDB_ETOOBIG : UNGDB_ENOMEM;
        return;
    }
    if (w->nitems == w->capitems) {
        size_t nc = w->capitems ? w->capitems * 2 : 1024;
        dated_row *n = realloc(w->items, nc * sizeof *n);
        if (!n) {
            w->rc = UNGDB_ENOMEM;
            return;
        }
        w->items = n;
        w->capitems = nc;
    }
    w->items[w->nitems++] = (dated_row){id, day, (uint16_t)kind};
}

/* Gives back the pages of a mapped file wholly before relative offset `to`. */
static void drop_pages(worker *w, size_t to)
{
    if (!w->rd->mapped[w->file]) return;
    long pg = sysconf(_SC_PAGESIZE);
    uintptr_t page = pg > 0 ? (uintptr_t)pg : 4096;
    uintptr_t a = ((uintptr_t)(w->base + w->dropped) + page - 1) & ~(page - 1);
    uintptr_t b = (uintptr_t)(w->base + to) & ~(page - 1);
    if (b > a) madvise((void *)a, b - a, MADV_DONTNEED);
    w->dropped = to;
}

static void worker_run(worker *w)
{
    ungdb_csv_record rec;
    while (!w->rc) {
        size_t off = ungdb_csv_offset(w->r);
        if (off >= w->stop) break;
        if (off - w->dropped >= DROP_EVERY) drop_pages(w, off);
        ungdb_csv_status st = ungdb_csv_next(w->r, &rec);
        if (st == UNGDB_CSV_END) break;
        w->prev_off = off;
        w->prev_line = rec.line;
        w->have_rec = true;
        if (w->file == UNGDB_SIM_ATTENDANCE)
            attendance_row(w, st, &rec);
        else
            dated_row_fn(w, st, &rec);
    }
    w->end = ungdb_csv_offset(w->r);
}

static void *worker_thread(void *arg)
{
    worker_run(arg);
    return NULL;
}

/* The (relative) physical line at the worker's end offset. */
static long end_line(const worker *w)
{
    size_t p = w->prev_off;
    long line = w->prev_line;
    if (w->have_rec) { /* from where the last record began, after blank lines */
        while (p < w->end && (w->base[p] == '\n' ||
                              (w->base[p] == '\r' && p + 1 < w->end && w->base[p + 1] == '\n')))
            p += w->base[p] == '\n' ? 1 : 2;
    }
    for (; p < w->end; p++)
        line += w->base[p] == '\n';
    return line;
}

static void worker_release(worker *w)
{
    if (w->r) ungdb_csv_free(w->r);
    w->r = NULL;
    sim_tab_release(&w->own);
    free(w->rej);
    free(w->items);
    w->rej = NULL;
    w->items = NULL;
}

static void worker_init(worker *w, const sim_read *rd, ungdb_sim_file file, const sim_cols *c)
{
    memset(w, 0, sizeof *w);
    w->rd = rd;
    w->file = file;
    w->cols = c;
    w->first = INT32_MAX;
    w->last = INT32_MIN;
    w->valid = true;
    sim_tab_init(&w->own, rd->span->nseg);
}

static const ungdb_csv_limits LIMITS = {.max_field = 4096, .max_record = 65536, .max_fields = 256};

static const char *file_name(const sim_read *rd, ungdb_sim_file f)
{
    return rd->in->name[f] ? rd->in->name[f] : ungdb_sim_file_name(f);
}

static ungdb_rc oom(ungdb_error *err, const char *name)
{
    return ungdb_error_set(err, UNGDB_ENOMEM, name, 0, "", "out of memory");
}

/* Adds `src` (a worker's rejects with relative lines) to the result. */
static ungdb_rc keep_rejects(const sim_read *rd, ungdb_sim_result *res, const worker *src,
                             ungdb_error *err)
{
    size_t kept = 0;
    for (size_t j = 0; j < res->nrejects; j++)
        kept += res->rejects[j].file == src->file;
    size_t add = src->nrej < rd->keep - kept ? src->nrej : rd->keep - kept;
    if (!add) return UNGDB_OK;
    ungdb_sim_reject *n = realloc(res->rejects, (res->nrejects + add) * sizeof *n);
    if (!n) return oom(err, file_name(rd, src->file));
    res->rejects = n;
    for (size_t i = 0; i < add; i++) {
        n[res->nrejects] = src->rej[i];
        n[res->nrejects].line += src->line_base;
        res->nrejects++;
    }
    return UNGDB_OK;
}

static void add_stats(ungdb_sim_file_stats *st, const worker *w)
{
    st->rows += w->rows;
    st->rejected += w->rejected;
    st->outside += w->outside;
    if (w->first <= w->last) {
        if (!ungdb_date_is_set(st->first) || w->first < st->first.day) st->first.day = w->first;
        if (!ungdb_date_is_set(st->last) || w->last > st->last.day) st->last.day = w->last;
    }
}

/* The line of attendance.csv where the lesson minutes of pupil `key` in
 * segment `seg` first pass `cap`: the file is read again, serially (this
 * only happens when the file is wrong). 0 if not found. */
static long find_sum_line(const sim_read *rd, const sim_cols *cols, const char *key, size_t n,
                          uint32_t seg, uint64_t cap)
{
    worker w;
    worker_init(&w, rd, UNGDB_SIM_ATTENDANCE, cols);
    w.tab = &w.own;
    w.probe_key = key;
    w.probe_len = n;
    w.probe_seg = seg;
    w.probe_cap = cap;
    ungdb_sim_file_stats st;
    sim_cols hc;
    long hl;
    ungdb_error err;
    const char *data = rd->in->data[UNGDB_SIM_ATTENDANCE];
    size_t size = rd->in->size[UNGDB_SIM_ATTENDANCE];
    if (!ungdb_csv_open_mem(&w.r, data, size, &LIMITS) &&
        !read_header(w.r, UNGDB_SIM_ATTENDANCE, "", &hc, &st, &hl, &err)) {
        w.base = data;
        w.stop = size;
        worker_run(&w);
    }
    long line = w.probe_line;
    worker_release(&w);
    return line;
}

/* Adds a worker's pupil table into `dst`. A pupil's lesson minutes in a
 * segment may not pass 24 hours a day: an error naming the row where they
 * do (the same row however many threads read the file). */
static ungdb_rc merge_tab(const sim_read *rd, const sim_cols *cols, sim_tab *dst,
                          const sim_tab *src, ungdb_error *err)
{
    const sim_span *sp = rd->span;
    const char *name = file_name(rd, UNGDB_SIM_ATTENDANCE);
    for (size_t id = 0; id < src->n; id++) {
        uint32_t d = sim_tab_get(dst, src->keys + src->key_off[id], src->key_len[id], false);
        if (d == SIM_NONE)
            return dst->n >= MAX_PUPILS ? ungdb_error_set(err, UNGDB_ETOOBIG, name, 0, "pupil",
                                                          "more than %u pupils", MAX_PUPILS)
                                        : oom(err, name);
        for (uint32_t s = 0; s < sp->nseg; s++) {
            uint16_t *a = sim_tab_at(dst, d, s);
            const uint16_t *b = sim_tab_at(src, id, s);
            uint32_t planned = (uint32_t)a[0] + b[0];
            int32_t seg_first = s ? sp->seg_end[s - 1] + 1 : sp->first;
            uint32_t cap = (uint32_t)(sp->seg_end[s] - seg_first + 1) * 1440;
            if (planned > cap) {
                char x[11], y[11];
                ungdb_date_format((ungdb_date){seg_first}, x);
                ungdb_date_format((ungdb_date){sp->seg_end[s]}, y);
                long line =
                    find_sum_line(rd, cols, src->keys + src->key_off[id], src->key_len[id], s, cap);
                return ungdb_error_set(err, UNGDB_EINPUT, name, line, "lesson_minutes",
                                       "the pupil's lesson minutes on %s..%s add up to more than "
                                       "24 hours a day here (rows given twice?)",
                                       x, y);
            }
            a[0] = (uint16_t)planned;
            a[1] = (uint16_t)(a[1] + b[1]);
            a[2] = (uint16_t)(a[2] + b[2]);
        }
    }
    return UNGDB_OK;
}

/* The same check on a table taken over whole (the first part's). */
static ungdb_rc check_tab(const sim_read *rd, const sim_cols *cols, const sim_tab *t,
                          ungdb_error *err)
{
    const sim_span *sp = rd->span;
    for (size_t id = 0; id < t->n; id++) {
        for (uint32_t s = 0; s < sp->nseg; s++) {
            int32_t seg_first = s ? sp->seg_end[s - 1] + 1 : sp->first;
            uint32_t cap = (uint32_t)(sp->seg_end[s] - seg_first + 1) * 1440;
            if (sim_tab_at(t, id, s)[0] > cap) {
                char x[11], y[11];
                ungdb_date_format((ungdb_date){seg_first}, x);
                ungdb_date_format((ungdb_date){sp->seg_end[s]}, y);
                long line =
                    find_sum_line(rd, cols, t->keys + t->key_off[id], t->key_len[id], s, cap);
                return ungdb_error_set(err, UNGDB_EINPUT, file_name(rd, UNGDB_SIM_ATTENDANCE), line,
                                       "lesson_minutes",
                                       "the pupil's lesson minutes on %s..%s add up to more than "
                                       "24 hours a day here (rows given twice?)",
                                       x, y);
            }
        }
    }
    return UNGDB_OK;
}

static ungdb_rc worker_error(const sim_read *rd, const worker *w, ungdb_error *err)
{
    const char *name = file_name(rd, w->file);
    if (w->rc == UNGDB_ETOOBIG)
        return ungdb_error_set(err, UNGDB_ETOOBIG, name, 0, "pupil", "more than %u pupils",
                               MAX_PUPILS);
    return oom(err, name);
}

/* attendance.csv: read in parallel parts into `tab`. */
static ungdb_rc read_attendance(const sim_read *rd, sim_tab *tab, ungdb_sim_result *res,
                                ungdb_error *err)
{
    const ungdb_sim_file F = UNGDB_SIM_ATTENDANCE;
    const char *data = rd->in->data[F], *name = file_name(rd, F);
    size_t size = rd->in->size[F];
    ungdb_sim_file_stats *st = &res->files[F];
    sim_cols cols;
    ungdb_csv *r0;
    if (ungdb_csv_open_mem(&r0, data, size, &LIMITS)) return oom(err, name);
    size_t hdr_start = ungdb_csv_offset(r0);
    long hdr_line;
    ungdb_rc rc = read_header(r0, F, name, &cols, st, &hdr_line, err);
    if (rc) {
        ungdb_csv_free(r0);
        return rc;
    }
    size_t hdr_end = ungdb_csv_offset(r0);

    /* Parts: split after a line feed, not where a BOM-like sequence would
     * begin (a reader would skip it at its start). */
    int T = rd->threads < 1 ? 1 : rd->threads;
    while (T > 1 && (size - hdr_end) / (size_t)T < rd->min_part)
        T--;
    size_t splits[9];
    int nparts = 1;
    splits[0] = 0;
    for (int i = 1; i < T; i++) {
        size_t p = hdr_end + (size - hdr_end) / (size_t)T * (size_t)i;
        if (p <= splits[nparts - 1]) continue;
        const char *nl = memchr(data + p, '\n', size - p);
        while (nl && (size_t)(nl + 1 - data) + 3 <= size && !memcmp(nl + 1, "\xEF\xBB\xBF", 3))
            nl = memchr(nl + 1, '\n', size - (size_t)(nl + 1 - data));
        if (!nl || (size_t)(nl + 1 - data) >= size) break;
        splits[nparts++] = (size_t)(nl + 1 - data);
    }
    worker *W = calloc((size_t)nparts, sizeof *W);
    if (!W) {
        ungdb_csv_free(r0);
        return oom(err, name);
    }
    for (int i = 0; i < nparts; i++) {
        worker_init(&W[i], rd, F, &cols);
        W[i].tab = &W[i].own;
        size_t next = i + 1 < nparts ? splits[i + 1] : size;
        if (i == 0) {
            W[i].r = r0;
            W[i].base = data;
            W[i].base_off = 0;
            /* The header is the last record so far. */
            W[i].prev_off = hdr_start;
            W[i].prev_line = hdr_line;
            W[i].have_rec = true;
            W[i].stop = next;
        } else {
            W[i].base = data + splits[i];
            W[i].base_off = splits[i];
            W[i].prev_line = 1;
            W[i].stop = next - splits[i];
            if (ungdb_csv_open_mem(&W[i].r, W[i].base, size - splits[i], &LIMITS)) {
                rc = oom(err, name);
                goto out;
            }
        }
    }
    pthread_t th[9];
    bool started[9] = {false};
    for (int i = 1; i < nparts; i++)
        started[i] = pthread_create(&th[i], NULL, worker_thread, &W[i]) == 0;
    worker_run(&W[0]);
    for (int i = 1; i < nparts; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            worker_run(&W[i]);
    }
    /* Check each part's start; redo a part that began inside a record. */
    int cur = 0;
    for (int i = 1; i < nparts; i++) {
        if (W[cur].rc) break;
        if (W[cur].base_off + W[cur].end == W[i].base_off) {
            W[i].line_base = W[cur].line_base + end_line(&W[cur]) - 1;
            cur = i;
        } else {
            W[i].valid = false;
            W[cur].stop = (i + 1 < nparts ? splits[i + 1] : size) - W[cur].base_off;
            worker_run(&W[cur]);
        }
    }
    res->threads = nparts;
    for (int i = 0; i < nparts; i++) {
        if (!W[i].valid) continue;
        if (W[i].rc) {
            rc = worker_error(rd, &W[i], err);
            goto out;
        }
    }
    for (int i = 0; i < nparts; i++) {
        if (!W[i].valid) continue;
        add_stats(st, &W[i]);
        if ((rc = keep_rejects(rd, res, &W[i], err))) goto out;
        if (tab->n == 0) { /* the first part's table becomes the result */
            sim_tab_release(tab);
            *tab = W[i].own;
            sim_tab_init(&W[i].own, rd->span->nseg);
            if ((rc = check_tab(rd, &cols, tab, err))) goto out;
        } else {
            if ((rc = merge_tab(rd, &cols, tab, &W[i].own, err))) goto out;
            sim_tab_release(&W[i].own);
        }
    }
    drop_pages(&W[cur], W[cur].end);
out:
    for (int i = 0; i < nparts; i++)
        worker_release(&W[i]);
    free(W);
    return rc;
}

static int cmp_dated(const void *a, const void *b)
{
    const ungdb_dated_kind *x = a, *y = b;
    if (x->date.day != y->date.day) return x->date.day < y->date.day ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

/* events.csv or notices.csv into tab's pupils. */
static ungdb_rc read_dated(const sim_read *rd, ungdb_sim_file F, sim_tab *tab, worker *w,
                           ungdb_sim_result *res, ungdb_error *err)
{
    const char *name = file_name(rd, F);
    sim_cols cols;
    long hdr_line;
    worker_init(w, rd, F, &cols);
    w->tab = tab;
    tab->last = SIM_NONE;
    if (ungdb_csv_open_mem(&w->r, rd->in->data[F], rd->in->size[F], &LIMITS)) return oom(err, name);
    ungdb_rc rc = read_header(w->r, F, name, &cols, &res->files[F], &hdr_line, err);
    if (rc) return rc;
    w->base = rd->in->data[F];
    w->stop = rd->in->size[F];
    worker_run(w);
    w->cols = NULL;
    if (w->rc) return worker_error(rd, w, err);
    add_stats(&res->files[F], w);
    return keep_rejects(rd, res, w, err);
}

static ungdb_rc group(const worker *w, size_t npupils, sim_dated *out, ungdb_error *err,
                      const char *name)
{
    out->off = calloc(npupils + 1, sizeof *out->off);
    out->items = malloc((w->nitems ? w->nitems : 1) * sizeof *out->items);
    if (!out->off || !out->items) return oom(err, name);
    for (size_t i = 0; i < w->nitems; i++)
        out->off[w->items[i].pupil + 1]++;
    for (size_t p = 0; p < npupils; p++)
        out->off[p + 1] += out->off[p];
    uint32_t *fill = malloc((npupils ? npupils : 1) * sizeof *fill);
    if (!fill) return oom(err, name);
    memcpy(fill, out->off, npupils * sizeof *fill);
    for (size_t i = 0; i < w->nitems; i++)
        out->items[fill[w->items[i].pupil]++] =
            (ungdb_dated_kind){(ungdb_date){w->items[i].day}, w->items[i].kind};
    free(fill);
    for (size_t p = 0; p < npupils; p++)
        if (out->off[p + 1] - out->off[p] > 1)
            qsort(out->items + out->off[p], out->off[p + 1] - out->off[p], sizeof *out->items,
                  cmp_dated);
    return UNGDB_OK;
}

ungdb_rc sim_read_all(const sim_read *rd, sim_tab *tab, sim_dated *ev, sim_dated *no,
                      ungdb_sim_result *res, ungdb_error *err)
{
    for (int f = 0; f < UNGDB_SIM_FILES; f++) {
        ungdb_sim_file_stats *st = &res->files[f];
        snprintf(st->name, sizeof st->name, "%s", file_name(rd, (ungdb_sim_file)f));
        st->present = rd->in->data[f] != NULL;
        st->first = UNGDB_DATE_NONE;
        st->last = UNGDB_DATE_NONE;
    }
    if (!rd->in->data[UNGDB_SIM_ATTENDANCE])
        return ungdb_error_set(err, UNGDB_EIO, file_name(rd, UNGDB_SIM_ATTENDANCE), 0, "",
                               "missing: the attendance file is required");
    ungdb_rc rc = read_attendance(rd, tab, res, err);
    if (rc) return rc;
    worker w[2];
    memset(w, 0, sizeof w);
    for (int k = 0; k < 2 && !rc; k++) {
        ungdb_sim_file F = k ? UNGDB_SIM_NOTICES : UNGDB_SIM_EVENTS;
        if (!rd->in->data[F]) continue;
        rc = read_dated(rd, F, tab, &w[k], res, err);
    }
    res->pupils = tab->n;
    if (!rc) rc = group(&w[0], tab->n, ev, err, file_name(rd, UNGDB_SIM_EVENTS));
    if (!rc) rc = group(&w[1], tab->n, no, err, file_name(rd, UNGDB_SIM_NOTICES));
    worker_release(&w[0]);
    worker_release(&w[1]);
    return rc;
}
