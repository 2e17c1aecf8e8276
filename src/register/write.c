/* write.c - integration (register spec § 4) and the output tables (§ 5):
 * spell ends, the final lessons, the relation tables, the pupil register,
 * pseudonymisation and the validation and reject tables. Everything here is
 * derived from the state and recomputed on every build and update. */
#include "engine.h"
#include "table.h"

#include "ungdb/cpr.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OPEN INT32_MAX

/* Per-institution lists of covering deliveries (compressed rows). */
typedef struct cover_index {
    uint32_t *start; /* ninst + 1 */
    uint32_t *d;
    int32_t *suffix_from, *suffix_to; /* schedule: min from / max to from here on */
} cover_index;

static ungdb_rc cover_index_build(const reg_state *st, const vec *covers, cover_index *ci)
{
    size_t ni = st->insts.n, nc = covers->n;
    ci->start = calloc(ni + 2, sizeof *ci->start);
    ci->d = malloc((nc + 1) * sizeof *ci->d);
    ci->suffix_from = malloc((nc + 1) * sizeof *ci->suffix_from);
    ci->suffix_to = malloc((nc + 1) * sizeof *ci->suffix_to);
    if (!ci->start || !ci->d || !ci->suffix_from || !ci->suffix_to) return UNGDB_ENOMEM;
    const reg_cover *cv = (const reg_cover *)covers->data;
    for (size_t i = 0; i < nc; i++)
        ci->start[cv[i].inst + 1]++;
    for (size_t i = 0; i < ni; i++)
        ci->start[i + 1] += ci->start[i];
    uint32_t *fill = calloc(ni + 1, sizeof *fill);
    if (!fill) return UNGDB_ENOMEM;
    for (size_t i = 0; i < nc; i++) /* covers are in delivery order, so each list is sorted */
        ci->d[ci->start[cv[i].inst] + fill[cv[i].inst]++] = cv[i].d;
    free(fill);
    for (size_t i = 0; i < ni; i++) {
        int32_t mf = INT32_MAX, mt = INT32_MIN;
        for (uint32_t k = ci->start[i + 1]; k-- > ci->start[i];) {
            const reg_delivery *dv = &VEC_AT(&st->deliveries, reg_delivery, ci->d[k]);
            if (dv->from < mf) mf = dv->from;
            if (dv->to > mt) mt = dv->to;
            ci->suffix_from[k] = mf;
            ci->suffix_to[k] = mt;
        }
    }
    return UNGDB_OK;
}

static void cover_index_release(cover_index *ci)
{
    free(ci->start);
    free(ci->d);
    free(ci->suffix_from);
    free(ci->suffix_to);
}

/* Position in inst's list of the first covering delivery after d. */
static uint32_t cover_after(const cover_index *ci, uint32_t inst, uint32_t d)
{
    uint32_t lo = ci->start[inst], hi = ci->start[inst + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ci->d[mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A row of the pupil register (spec § 4). */
typedef struct preg {
    uint32_t cpr; /* string id of the 10 digits */
    int32_t inst; /* code */
    int32_t grade, start, end;
} preg;
_Static_assert(sizeof(preg) == 20, "preg has no padding: its bytes are its duplicate key");

typedef struct wctx {
    reg_state *st;
    const reg_output_opts *o;
    cover_index roster, sched;
    char (*pseudo)[16]; /* per string id, when pseudonymising */
    uint8_t *pseudo_done;
    uint64_t group_unknown, staff_not_affiliated;
    vec reg_spells;      /* preg: the pupil register's accepted rows */
    vec reg_rejects;     /* reg_reject rows of the pupil register (not kept in the state) */
    uint8_t *alive;      /* per lesson: its final version is in the register */
    uint8_t *subject_of; /* per string id: the subject of that title (spec § 7), or
                            NO_SUBJECT when not a title of a written lesson */
    size_t budget;       /* text bytes a table holds in memory (table.h) */
    uint32_t *cpr_of;    /* per string id: the cpr string id of that user (0: none) */
    const char *out_dir;
} wctx;

static int32_t d_extracted(const wctx *w, uint32_t d)
{
    return VEC_AT(&w->st->deliveries, reg_delivery, d).extracted;
}

/* Start and end day of a spell (spec § 2). */
static void spell_dates(const wctx *w, int kind, const reg_spell *s, int32_t *start, int32_t *end)
{
    const reg_fact *f = &VEC_AT(&w->st->facts[kind], reg_fact, s->fact);
    *start = d_extracted(w, s->first_d);
    uint32_t k = cover_after(&w->roster, f->inst, s->last_d);
    *end = k < w->roster.start[f->inst + 1] ? d_extracted(w, w->roster.d[k]) - 1 : OPEN;
}

/* Does a spell of fact fi cover `day` for the integration checks? A spell
 * counts from the schedule_from of the delivery in which it starts when that
 * is earlier (spec § 4). */
static bool fact_covers(const wctx *w, int kind, uint32_t fi, int32_t day)
{
    const reg_fact *f = &VEC_AT(&w->st->facts[kind], reg_fact, fi);
    for (uint32_t si = f->cur; si != NONE;) {
        const reg_spell *s = &VEC_AT(&w->st->spells[kind], reg_spell, si);
        int32_t start, end;
        spell_dates(w, kind, s, &start, &end);
        int32_t from = VEC_AT(&w->st->deliveries, reg_delivery, s->first_d).from;
        if (from < start) start = from;
        if (start <= day && day <= end) return true;
        si = s->prev;
    }
    return false;
}

/* A lesson's final version is gone when a later delivery schedule-covers its
 * institution with a window that contains its start date (spec § 3). */
static bool lesson_alive(const wctx *w, const reg_lesson *l)
{
    if (l->last_d == NONE) return false;
    int32_t day = ungdb_datetime_date((ungdb_datetime){l->start}).day;
    uint32_t k = cover_after(&w->sched, l->inst, l->last_d), end = w->sched.start[l->inst + 1];
    if (k >= end || day < w->sched.suffix_from[k] || day > w->sched.suffix_to[k]) return true;
    for (; k < end; k++) {
        const reg_delivery *dv = &VEC_AT(&w->st->deliveries, reg_delivery, w->sched.d[k]);
        if (dv->from <= day && day <= dv->to) return false;
    }
    return true;
}

/* Writes a cpr or user_id string, pseudonymised when asked (spec § 5). */
static void put_id(wctx *w, table *t, uint32_t id)
{
    size_t n;
    const char *s = strpool_get(&w->st->str, id, &n);
    if (!w->o->key || n == 0) {
        table_str(t, s, n);
        return;
    }
    /* Computed by pseudonymize() before the tables are written. */
    table_str(t, w->pseudo[id], 16);
}

/* The pseudonym of string `id`: the first 16 lowercase hex digits of
 * HMAC-SHA256(key, value) (spec § 5). */
static void pseudonym(wctx *w, uint32_t id)
{
    if (w->pseudo_done[id]) return;
    size_t n;
    const char *s = strpool_get(&w->st->str, id, &n);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state hs;
    crypto_auth_hmacsha256_init(&hs, w->o->key, w->o->keylen);
    crypto_auth_hmacsha256_update(&hs, (const unsigned char *)s, n);
    crypto_auth_hmacsha256_final(&hs, mac);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++) {
        w->pseudo[id][2 * i] = hex[mac[i] >> 4];
        w->pseudo[id][2 * i + 1] = hex[mac[i] & 15];
    }
    w->pseudo_done[id] = 1;
}

/* Every cpr and user_id the tables can show: persons, facts, staff links
 * and the pupil register. Done once, before the tables are written in
 * parallel, so that writing only reads. */
static ungdb_rc pseudonymize(wctx *w)
{
    size_t n = strpool_count(&w->st->str);
    w->pseudo = malloc((n + 1) * sizeof *w->pseudo);
    w->pseudo_done = calloc(n + 1, 1);
    if (!w->pseudo || !w->pseudo_done) return UNGDB_ENOMEM;
    const reg_state *st = w->st;
    for (size_t i = 0; i < st->persons.n; i++) {
        pseudonym(w, VEC_AT(&st->persons, reg_person, i).user);
        pseudonym(w, VEC_AT(&st->persons, reg_person, i).cpr);
    }
    for (int k = K_PUPIL; k <= K_MEMBER; k++)
        for (size_t i = 0; i < st->facts[k].n; i++)
            pseudonym(w, VEC_AT(&st->facts[k], reg_fact, i).user);
    for (size_t i = 0; i < st->lesson_staff.n; i++)
        pseudonym(w, VEC_AT(&st->lesson_staff, reg_rel, i).other);
    for (size_t i = 0; i < w->reg_spells.n; i++) {
        uint32_t cpr = VEC_AT(&w->reg_spells, preg, i).cpr;
        pseudonym(w, cpr);
    }
    return UNGDB_OK;
}

static uint32_t cpr_of_user(const wctx *w, uint32_t user)
{
    if (w->cpr_of) return w->cpr_of[user];
    uint32_t pi = u64map_get(&w->st->person_of_user, user);
    return pi == NONE ? 0 : VEC_AT(&w->st->persons, reg_person, pi).cpr;
}

/* cpr_of_user for every string id at once (one array look-up a row instead
 * of a hash look-up; the relation tables ask once per row). Without memory
 * for it, the map is asked. */
static void index_cprs(wctx *w)
{
    const reg_state *st = w->st;
    w->cpr_of = calloc(strpool_count(&st->str) + 1, sizeof *w->cpr_of);
    for (size_t i = 0; w->cpr_of && i < st->persons.n; i++) {
        const reg_person *p = &VEC_AT(&st->persons, reg_person, i);
        w->cpr_of[p->user] = p->cpr;
    }
}

static void put_str(const wctx *w, table *t, uint32_t id)
{
    size_t n;
    const char *s = strpool_get(&w->st->str, id, &n);
    table_str(t, s, n);
}

static int32_t inst_code(const wctx *w, uint32_t inst)
{
    return VEC_AT(&w->st->insts, reg_inst, inst).code;
}

static ungdb_rc finish(wctx *w, table *t, const char *file, const char *header, uint64_t *rows)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", w->out_dir, file);
    if (rows) *rows = t->rows.n;
    ungdb_rc rc = table_write(t, path, header);
    table_release(t);
    return rc;
}

/* A table produced by `fill`, written within the memory budget (table.h). */
static ungdb_rc build(wctx *w, table_fill_fn fill, const char *file, const char *header,
                      uint64_t *rows)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", w->out_dir, file);
    table t;
    table_init(&t);
    if (!getenv("UNGDB_TABLE_CHUNK")) t.chunk_bytes = w->budget;
    return table_build(&t, path, header, fill, w, rows);
}

/* ---- the pupil register (spec § 4) ---- */

static ungdb_rc read_pupil_register(wctx *w, ungdb_error *err)
{
    const char *path = w->o->pupil_register;
    ungdb_csv *r;
    ungdb_rc rc = ungdb_csv_open(&r, path, NULL, err);
    if (rc) return rc;
    ungdb_csv_record rec;
    static const char *const names[5] = {"cpr", "institution", "grade", "start", "end"};
    int col[5];
    if (ungdb_csv_next(r, &rec) != UNGDB_CSV_RECORD) {
        ungdb_csv_free(r);
        return ungdb_error_set(err, UNGDB_EINPUT, path, 1, "", "the header row cannot be read");
    }
    size_t nheader = rec.nfields;
    for (int i = 0; i < 5; i++)
        if ((col[i] = ungdb_csv_column(&rec, names[i])) < 0) {
            ungdb_csv_free(r);
            return ungdb_error_set(err, UNGDB_EINPUT, path, 1, names[i],
                                   "required column is missing");
        }
    strpool seen; /* the accepted rows' values */
    if (strpool_init(&seen)) {
        ungdb_csv_free(r);
        return UNGDB_ENOMEM;
    }
    vec_init(&w->reg_spells, sizeof(preg));
    vec_init(&w->reg_rejects, sizeof(reg_reject));
    ungdb_csv_status s;
    char msg[160];
    while (!rc && (s = ungdb_csv_next(r, &rec)) != UNGDB_CSV_END) {
        int code = -1;
        preg p = {0};
        if (s == UNGDB_CSV_SYNTAX || s == UNGDB_CSV_TOOLONG) {
            code = R_CSV_SYNTAX;
            snprintf(msg, sizeof msg, "%s", rec.message);
        } else if (s == UNGDB_CSV_ENCODING) {
            code = R_ENCODING;
            snprintf(msg, sizeof msg, "%s", rec.message);
        } else if (rec.nfields != nheader) {
            code = R_FIELD_COUNT;
            snprintf(msg, sizeof msg, "%zu fields, the header has %zu", rec.nfields, nheader);
        }
        /* Fields in the order of the file's columns. */
        int order[5] = {0, 1, 2, 3, 4};
        for (int i = 1; i < 5; i++)
            for (int j = i; j > 0 && col[order[j]] < col[order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        for (int oi = 0; oi < 5 && code < 0; oi++) {
            int i = order[oi];
            ungdb_slice v = rec.fields[col[i]];
            if (v.n == 0 && i != 4) {
                code = R_MISSING_VALUE;
                snprintf(msg, sizeof msg, "%s is empty", names[i]);
                break;
            }
            if (i == 0) {
                ungdb_cpr c;
                if (ungdb_cpr_parse(v.p, v.n, &c) != UNGDB_CPR_VALID) {
                    code = R_BAD_CPR;
                    snprintf(msg, sizeof msg, "cpr is not a valid CPR number");
                } else if ((p.cpr = strpool_intern(&w->st->str, c.digits, 10)) == NONE) {
                    rc = UNGDB_ENOMEM;
                }
            } else if (i == 1) {
                bool ok = v.n == 6;
                p.inst = 0;
                for (size_t k = 0; ok && k < 6; k++) {
                    ok = v.p[k] >= '0' && v.p[k] <= '9';
                    p.inst = p.inst * 10 + (v.p[k] - '0');
                }
                if (!ok) {
                    code = R_BAD_INSTITUTION;
                    snprintf(msg, sizeof msg, "institution is not 6 digits");
                }
            } else if (i == 2) {
                if (v.n == 1 && v.p[0] >= '0' && v.p[0] <= '9')
                    p.grade = v.p[0] - '0';
                else if (v.n == 2 && v.p[0] == '1' && v.p[1] == '0')
                    p.grade = 10;
                else {
                    code = R_BAD_GRADE;
                    snprintf(msg, sizeof msg, "grade is not an integer 0-10 written canonically");
                }
            } else {
                ungdb_date dt = {OPEN};
                if ((v.n || i == 3) && !ungdb_date_parse(v.p, v.n, &dt)) {
                    code = R_BAD_DATE;
                    snprintf(msg, sizeof msg, "%s is not a date YYYY-MM-DD", names[i]);
                }
                *(i == 3 ? &p.start : &p.end) = dt.day;
            }
        }
        if (code < 0 && !rc && p.end < p.start) {
            code = R_BAD_PERIOD;
            snprintf(msg, sizeof msg, "end is before start");
        }
        if (code < 0 && !rc) {
            /* Exact duplicates: the row's values, interned as bytes, are
             * new or not. */
            size_t before = strpool_count(&seen);
            if (strpool_intern(&seen, (const char *)&p, sizeof p) == NONE) {
                rc = UNGDB_ENOMEM;
            } else if (strpool_count(&seen) == before) {
                code = R_DUPLICATE;
                snprintf(msg, sizeof msg, "the row repeats an earlier row");
            } else {
                preg *np = vec_push(&w->reg_spells);
                if (!np)
                    rc = UNGDB_ENOMEM;
                else
                    *np = p;
            }
        }
        if (code >= 0 && !rc) {
            reg_reject *rj = vec_push(&w->reg_rejects);
            uint32_t m = strpool_intern(&w->st->str, msg, strlen(msg));
            if (!rj || m == NONE)
                rc = UNGDB_ENOMEM;
            else
                *rj = (reg_reject){NONE, F_PUPIL_REGISTER, (uint64_t)rec.line, (uint32_t)code, m};
        }
    }
    strpool_release(&seen);
    ungdb_csv_free(r);
    return rc;
}

/* ---- tables ---- */

static ungdb_rc write_elev(wctx *w, ungdb_register_summary *sum)
{
    table t;
    table_init(&t);
    if (w->o->pupil_register) {
        for (size_t i = 0; i < w->reg_spells.n; i++) {
            const preg *p = &VEC_AT(&w->reg_spells, preg, i);
            put_id(w, &t, p->cpr);
            table_str(&t, "", 0);
            table_inst(&t, p->inst);
            table_int(&t, p->grade);
            table_date(&t, p->start);
            table_date(&t, p->end);
            table_end_row(&t);
        }
    } else {
        const vec *sp = &w->st->spells[K_PUPIL];
        for (size_t i = 0; i < sp->n; i++) {
            const reg_spell *s = &VEC_AT(sp, reg_spell, i);
            const reg_fact *f = &VEC_AT(&w->st->facts[K_PUPIL], reg_fact, s->fact);
            int32_t start, end;
            spell_dates(w, K_PUPIL, s, &start, &end);
            put_id(w, &t, cpr_of_user(w, f->user));
            put_id(w, &t, f->user);
            table_inst(&t, inst_code(w, f->inst));
            table_int(&t, f->attr);
            table_date(&t, start);
            table_date(&t, end);
            table_end_row(&t);
        }
    }
    return finish(w, &t, "elev.csv", "cpr,user_id,institution,grade,start,end", &sum->pupils);
}

static ungdb_rc write_medarbejder(wctx *w, ungdb_register_summary *sum)
{
    table t;
    table_init(&t);
    const vec *sp = &w->st->spells[K_STAFF];
    for (size_t i = 0; i < sp->n; i++) {
        const reg_spell *s = &VEC_AT(sp, reg_spell, i);
        const reg_fact *f = &VEC_AT(&w->st->facts[K_STAFF], reg_fact, s->fact);
        int32_t start, end;
        spell_dates(w, K_STAFF, s, &start, &end);
        put_id(w, &t, cpr_of_user(w, f->user));
        put_id(w, &t, f->user);
        table_inst(&t, inst_code(w, f->inst));
        table_cstr(&t, reg_role_name[f->attr]);
        table_date(&t, start);
        table_date(&t, end);
        table_end_row(&t);
    }
    return finish(w, &t, "medarbejder.csv", "cpr,user_id,institution,role,start,end", &sum->staff);
}

static ungdb_rc write_gruppe(wctx *w, ungdb_register_summary *sum)
{
    table t;
    table_init(&t);
    const vec *sp = &w->st->spells[K_GROUP];
    for (size_t i = 0; i < sp->n; i++) {
        const reg_spell *s = &VEC_AT(sp, reg_spell, i);
        const reg_fact *f = &VEC_AT(&w->st->facts[K_GROUP], reg_fact, s->fact);
        int32_t start, end;
        spell_dates(w, K_GROUP, s, &start, &end);
        table_inst(&t, inst_code(w, f->inst));
        put_str(w, &t, f->attr);
        put_str(w, &t, f->name);
        table_cstr(&t, reg_type_name[f->type]);
        table_date(&t, start);
        table_date(&t, end);
        table_end_row(&t);
    }
    return finish(w, &t, "gruppe.csv", "institution,group_id,name,type,start,end", &sum->groups);
}

static void fill_lessons(void *ctx, table *t)
{
    wctx *w = ctx;
    const vec *ls = &w->st->lessons;
    for (size_t i = 0; i < ls->n; i++) {
        const reg_lesson *l = &VEC_AT(ls, reg_lesson, i);
        if (!table_item(t) || !w->alive[i]) continue;
        table_inst(t, inst_code(w, l->inst));
        put_str(w, t, l->lesson_id);
        put_str(w, t, l->title);
        table_cstr(t, ungdb_subject_code[w->subject_of[l->title]]);
        table_datetime(t, l->start);
        table_datetime(t, l->end);
        table_int(t, (int64_t)l->end - l->start);
        table_end_row(t);
    }
}

/* Classifies the title of every written lesson, each distinct title once
 * (titles are interned, so a title is its string id), before the tables are
 * written in parallel (spec § 7, src/classify/). */
#define NO_SUBJECT UINT8_MAX
_Static_assert(UNGDB_SUBJECT_N < NO_SUBJECT, "a subject index fits a byte");
static ungdb_rc classify_titles(wctx *w, ungdb_register_summary *sum)
{
    size_t n = strpool_count(&w->st->str);
    w->subject_of = malloc(n + 1);
    if (!w->subject_of) return UNGDB_ENOMEM;
    memset(w->subject_of, NO_SUBJECT, n + 1);
    const vec *ls = &w->st->lessons;
    for (size_t i = 0; i < ls->n; i++) {
        const reg_lesson *l = &VEC_AT(ls, reg_lesson, i);
        if (!w->alive[i]) continue;
        if (w->subject_of[l->title] == NO_SUBJECT) {
            size_t len;
            const char *s = strpool_get(&w->st->str, l->title, &len);
            ungdb_classification c;
            /* A title that cannot be read is anden (titles were checked
             * for UTF-8 when read, so this does not happen). */
            if (ungdb_classify(w->o->subjects, s, len, &c) == UNGDB_ENOMEM) return UNGDB_ENOMEM;
            w->subject_of[l->title] = (uint8_t)c.subject;
            sum->titles++;
            sum->titles_anden += c.subject == UNGDB_SUBJECT_ANDEN;
        }
        sum->lessons_anden += w->subject_of[l->title] == UNGDB_SUBJECT_ANDEN;
    }
    return UNGDB_OK;
}

static ungdb_rc write_lessons(wctx *w, ungdb_register_summary *sum)
{
    return build(w, fill_lessons, "lektion.csv",
                 "institution,lesson_id,title,subject,start,end,minutes", &sum->lessons);
}

static void fill_lesson_groups(void *ctx, table *t)
{
    wctx *w = ctx;
    const uint8_t *alive = w->alive;
    reg_state *st = w->st;
    for (size_t i = 0; i < st->lesson_groups.n; i++) {
        if (!table_item(t)) continue;
        const reg_rel *r = &VEC_AT(&st->lesson_groups, reg_rel, i);
        const reg_lesson *l = &VEC_AT(&st->lessons, reg_lesson, r->lesson);
        if (!alive[r->lesson] || r->d != l->last_d) continue;
        if (!fact_covers(w, K_GROUP, r->other,
                         ungdb_datetime_date((ungdb_datetime){l->start}).day)) {
            if (table_pass(t) == 0) w->group_unknown++;
            continue;
        }
        table_inst(t, inst_code(w, l->inst));
        put_str(w, t, VEC_AT(&st->facts[K_GROUP], reg_fact, r->other).attr);
        put_str(w, t, l->lesson_id);
        table_end_row(t);
    }
}

static ungdb_rc write_lesson_groups(wctx *w, ungdb_register_summary *sum)
{
    return build(w, fill_lesson_groups, "gruppe_lektion.csv", "institution,group_id,lesson_id",
                 &sum->lesson_groups);
}

static void fill_lesson_staff(void *ctx, table *t)
{
    wctx *w = ctx;
    const uint8_t *alive = w->alive;
    reg_state *st = w->st;
    for (size_t i = 0; i < st->lesson_staff.n; i++) {
        if (!table_item(t)) continue;
        const reg_rel *r = &VEC_AT(&st->lesson_staff, reg_rel, i);
        const reg_lesson *l = &VEC_AT(&st->lessons, reg_lesson, r->lesson);
        if (!alive[r->lesson] || r->d != l->last_d) continue;
        int32_t day = ungdb_datetime_date((ungdb_datetime){l->start}).day;
        bool ok = false;
        for (uint32_t role = ROLE_TEACHER; role < ROLE_N && !ok; role++) {
            uint64_t key = ((uint64_t)r->other << 32) | ((uint64_t)l->inst << 4) | role;
            uint32_t fi = u64map_get(&st->fact_of_key[K_STAFF], key);
            ok = fi != NONE && fact_covers(w, K_STAFF, fi, day);
        }
        if (!ok) {
            if (table_pass(t) == 0) w->staff_not_affiliated++;
            continue;
        }
        put_id(w, t, cpr_of_user(w, r->other));
        put_id(w, t, r->other);
        table_inst(t, inst_code(w, l->inst));
        put_str(w, t, l->lesson_id);
        table_end_row(t);
    }
}

static ungdb_rc write_lesson_staff(wctx *w, ungdb_register_summary *sum)
{
    return build(w, fill_lesson_staff, "medarbejder_lektion.csv",
                 "cpr,user_id,institution,lesson_id", &sum->lesson_staff);
}

/* ---- elev_gruppe (spec § 4) ---- */

typedef struct piece {
    int32_t start, end;
} piece;

static int by_start(const void *a, const void *b)
{
    const piece *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

static uint64_t reg_key(uint32_t cpr, int32_t inst, int32_t grade)
{
    return ((uint64_t)cpr << 32) | ((uint64_t)(uint32_t)inst << 4) | (uint64_t)grade;
}

/* Groups of rows of a sorted index that share a key: key -> first, then a
 * chain in next[]. */
typedef struct multimap {
    u64map first;
    uint32_t *next;
} multimap;

static ungdb_rc multimap_add(multimap *m, uint64_t key, uint32_t i)
{
    bool fresh;
    uint32_t *slot = u64map_put(&m->first, key, i, &fresh);
    if (!slot) return UNGDB_ENOMEM;
    m->next[i] = fresh ? NONE : *slot;
    *slot = i;
    return UNGDB_OK;
}

typedef struct eg_ctx {
    wctx *w;
    multimap pupils, regs;
    vec pieces;
} eg_ctx;

static void fill_elev_gruppe(void *ctx, table *t)
{
    eg_ctx *e = ctx;
    wctx *w = e->w;
    reg_state *st = w->st;
    const vec *pf = &st->facts[K_PUPIL], *mf = &st->facts[K_MEMBER];
    for (uint32_t mi = 0; !t->oom && mi < mf->n; mi++) {
        const reg_fact *m = &VEC_AT(mf, reg_fact, mi);
        if (m->cur == NONE) continue;
        uint32_t cpr = cpr_of_user(w, m->user);
        e->pieces.n = 0;
        for (uint32_t msi = m->cur; !t->oom && msi != NONE;) {
            const reg_spell *ms = &VEC_AT(&st->spells[K_MEMBER], reg_spell, msi);
            int32_t ms_start, ms_end;
            spell_dates(w, K_MEMBER, ms, &ms_start, &ms_end);
            for (uint32_t pi = u64map_get(&e->pupils.first, ((uint64_t)m->user << 32) | m->inst);
                 !t->oom && pi != NONE; pi = e->pupils.next[pi]) {
                const reg_fact *p = &VEC_AT(pf, reg_fact, pi);
                for (uint32_t psi = p->cur; !t->oom && psi != NONE;) {
                    const reg_spell *ps = &VEC_AT(&st->spells[K_PUPIL], reg_spell, psi);
                    int32_t s, en;
                    spell_dates(w, K_PUPIL, ps, &s, &en);
                    if (s < ms_start) s = ms_start;
                    if (en > ms_end) en = ms_end;
                    if (s <= en) {
                        if (!w->o->pupil_register) {
                            piece *pc = vec_push(&e->pieces);
                            if (!pc)
                                t->oom = true;
                            else
                                *pc = (piece){s, en};
                        } else if (cpr != 0) {
                            /* Kept only where it overlaps a register spell of the
                             * same cpr, institution and grade, clipped to it. */
                            uint64_t key = reg_key(cpr, inst_code(w, m->inst), (int32_t)p->attr);
                            for (uint32_t ri = u64map_get(&e->regs.first, key);
                                 !t->oom && ri != NONE; ri = e->regs.next[ri]) {
                                const preg *rg = &VEC_AT(&w->reg_spells, preg, ri);
                                int32_t cs = s > rg->start ? s : rg->start;
                                int32_t ce = en < rg->end ? en : rg->end;
                                if (cs > ce) continue;
                                piece *pc = vec_push(&e->pieces);
                                if (!pc)
                                    t->oom = true;
                                else
                                    *pc = (piece){cs, ce};
                            }
                        }
                    }
                    psi = ps->prev;
                }
            }
            msi = ms->prev;
        }
        if (t->oom || e->pieces.n == 0) continue;
        piece *pc = (piece *)e->pieces.data;
        qsort(pc, e->pieces.n, sizeof *pc, by_start);
        size_t k = 0;
        for (size_t i = 1; i < e->pieces.n; i++) {
            /* merge where they overlap or touch */
            if (pc[k].end == OPEN || pc[i].start <= pc[k].end + 1) {
                if (pc[i].end > pc[k].end) pc[k].end = pc[i].end;
            } else {
                pc[++k] = pc[i];
            }
        }
        const reg_fact *g = &VEC_AT(&st->facts[K_GROUP], reg_fact, m->attr);
        for (size_t i = 0; i <= k; i++) {
            put_id(w, t, cpr);
            put_id(w, t, m->user);
            table_inst(t, inst_code(w, m->inst));
            put_str(w, t, g->attr);
            table_date(t, pc[i].start);
            table_date(t, pc[i].end);
            table_end_row(t);
        }
    }
}

static ungdb_rc write_elev_gruppe(wctx *w, ungdb_register_summary *sum)
{
    reg_state *st = w->st;
    ungdb_rc rc = UNGDB_OK;
    const vec *pf = &st->facts[K_PUPIL];
    eg_ctx e = {.w = w};
    u64map_init(&e.pupils.first);
    u64map_init(&e.regs.first);
    e.pupils.next = malloc((pf->n + 1) * sizeof *e.pupils.next);
    e.regs.next = malloc((w->reg_spells.n + 1) * sizeof *e.regs.next);
    vec_init(&e.pieces, sizeof(piece));
    if (!e.pupils.next || !e.regs.next) rc = UNGDB_ENOMEM;
    for (uint32_t i = 0; !rc && i < pf->n; i++) {
        const reg_fact *f = &VEC_AT(pf, reg_fact, i);
        rc = multimap_add(&e.pupils, ((uint64_t)f->user << 32) | f->inst, i);
    }
    for (uint32_t i = 0; !rc && i < w->reg_spells.n; i++) {
        const preg *p = &VEC_AT(&w->reg_spells, preg, i);
        rc = multimap_add(&e.regs, reg_key(p->cpr, p->inst, p->grade), i);
    }
    if (!rc) {
        char path[4200];
        snprintf(path, sizeof path, "%s/elev_gruppe.csv", w->out_dir);
        table t;
        table_init(&t);
        if (!getenv("UNGDB_TABLE_CHUNK")) t.chunk_bytes = w->budget;
        rc = table_build(&t, path, "cpr,user_id,institution,group_id,start,end", fill_elev_gruppe,
                         &e, &sum->pupil_groups);
    }
    u64map_release(&e.pupils.first);
    u64map_release(&e.regs.first);
    free(e.pupils.next);
    free(e.regs.next);
    vec_release(&e.pieces);
    return rc;
}

/* match.csv: per grade of the register, its spells and how many of them a
 * roster pupil spell with the same cpr, institution and grade overlaps. */
static ungdb_rc write_match(wctx *w, ungdb_register_summary *sum)
{
    (void)sum;
    if (!w->o->pupil_register) {
        char path[4200];
        snprintf(path, sizeof path, "%s/match.csv", w->out_dir);
        unlink(path); /* a stale one from an earlier build */
        return UNGDB_OK;
    }
    reg_state *st = w->st;
    multimap roster = {0};
    u64map_init(&roster.first);
    const vec *pf = &st->facts[K_PUPIL];
    roster.next = malloc((pf->n + 1) * sizeof *roster.next);
    ungdb_rc rc = roster.next ? UNGDB_OK : UNGDB_ENOMEM;
    for (uint32_t i = 0; !rc && i < pf->n; i++) {
        const reg_fact *f = &VEC_AT(pf, reg_fact, i);
        uint32_t cpr = cpr_of_user(w, f->user);
        if (cpr == 0) continue; /* an empty cpr never matches */
        rc = multimap_add(&roster, reg_key(cpr, inst_code(w, f->inst), (int32_t)f->attr), i);
    }
    uint64_t spells[11] = {0}, matched[11] = {0};
    for (size_t i = 0; !rc && i < w->reg_spells.n; i++) {
        const preg *p = &VEC_AT(&w->reg_spells, preg, i);
        spells[p->grade]++;
        bool hit = false;
        for (uint32_t fi = u64map_get(&roster.first, reg_key(p->cpr, p->inst, p->grade));
             fi != NONE && !hit; fi = roster.next[fi]) {
            for (uint32_t si = VEC_AT(pf, reg_fact, fi).cur; si != NONE && !hit;) {
                const reg_spell *s = &VEC_AT(&st->spells[K_PUPIL], reg_spell, si);
                int32_t start, end;
                spell_dates(w, K_PUPIL, s, &start, &end);
                hit = start <= p->end && p->start <= end;
                si = s->prev;
            }
        }
        matched[p->grade] += hit;
    }
    u64map_release(&roster.first);
    free(roster.next);
    if (rc) return rc;
    table t;
    table_init(&t);
    for (int g = 0; g <= 10; g++) {
        if (!spells[g]) continue;
        table_int(&t, g);
        table_int(&t, (int64_t)spells[g]);
        table_int(&t, (int64_t)matched[g]);
        table_end_row(&t);
    }
    return finish(w, &t, "match.csv", "grade,register_spells,matched", NULL);
}

static int by_count_desc(const void *a, const void *b)
{
    const ungdb_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->code, y->code);
}

static ungdb_rc write_validation(wctx *w, ungdb_register_summary *sum)
{
    reg_state *st = w->st;
    uint64_t totals[V_NCODES] = {0};
    table t;
    table_init(&t);
    for (size_t i = 0; i < st->counts.n; i++) {
        const reg_count *c = &VEC_AT(&st->counts, reg_count, i);
        if (!c->count) continue;
        put_str(w, &t, VEC_AT(&st->deliveries, reg_delivery, c->d).name);
        if (c->inst == NONE)
            table_str(&t, "", 0);
        else
            table_inst(&t, inst_code(w, c->inst));
        table_cstr(&t, reg_vcode_name[c->code]);
        table_int(&t, (int64_t)c->count);
        table_end_row(&t);
        totals[c->code] += c->count;
    }
    const uint64_t whole[2] = {w->group_unknown, w->staff_not_affiliated};
    const int codes[2] = {V_LESSON_GROUP_UNKNOWN, V_LESSON_STAFF_NOT_AFFILIATED};
    for (int i = 0; i < 2; i++) {
        if (!whole[i]) continue;
        table_str(&t, "", 0);
        table_str(&t, "", 0);
        table_cstr(&t, reg_vcode_name[codes[i]]);
        table_int(&t, (int64_t)whole[i]);
        table_end_row(&t);
        totals[codes[i]] += whole[i];
    }
    sum->ncounts = 0;
    for (int c = 0; c < V_NCODES; c++)
        if (totals[c]) sum->counts[sum->ncounts++] = (ungdb_count){reg_vcode_name[c], totals[c]};
    qsort(sum->counts, sum->ncounts, sizeof *sum->counts, by_count_desc);
    return finish(w, &t, "validation.csv", "delivery,institution,code,count", NULL);
}

static ungdb_rc write_rejects(wctx *w, ungdb_register_summary *sum)
{
    reg_state *st = w->st;
    table t;
    table_init(&t);
    const vec *vs[2] = {&st->rejects, &w->reg_rejects};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < vs[k]->n; i++) {
            const reg_reject *r = &VEC_AT(vs[k], reg_reject, i);
            if (r->d == NONE)
                table_str(&t, "", 0);
            else
                put_str(w, &t, VEC_AT(&st->deliveries, reg_delivery, r->d).name);
            table_cstr(&t, r->file == F_PUPIL_REGISTER ? reg_basename(w->o->pupil_register)
                                                       : reg_file_name[r->file]);
            table_int(&t, (int64_t)r->line);
            table_cstr(&t, reg_rcode_name[r->code]);
            put_str(w, &t, r->message);
            table_end_row(&t);
        }
    return finish(w, &t, "rejects.csv", "delivery,file,line,code,message", &sum->rows_rejected);
}

/* The tables are independent of each other (validation.csv, which counts
 * what the relation tables dropped, is written last), so two threads write
 * them; the state is only read. */
typedef ungdb_rc (*step_fn)(wctx *, ungdb_register_summary *);
static const step_fn steps[] = {write_lessons,     write_lesson_staff, write_lesson_groups,
                                write_elev_gruppe, write_elev,         write_medarbejder,
                                write_gruppe,      write_rejects,      write_match};
#define NSTEPS (sizeof steps / sizeof steps[0])

typedef struct pool {
    wctx *w;
    ungdb_register_summary *sum;
    pthread_mutex_t lock;
    size_t next, done;
    ungdb_rc rc[NSTEPS];
    ungdb_progress_fn fn; /* called from the calling thread only */
    void *fctx;
} pool;

static void pool_work(pool *p, bool report)
{
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < NSTEPS ? p->next++ : NSTEPS;
        size_t done = p->done;
        pthread_mutex_unlock(&p->lock);
        if (i == NSTEPS) return;
        if (report && p->fn) {
            ungdb_progress pr = {"write", NULL, done, NSTEPS + 1};
            p->fn(p->fctx, &pr);
        }
        p->rc[i] = steps[i](p->w, p->sum);
        pthread_mutex_lock(&p->lock);
        p->done++;
        pthread_mutex_unlock(&p->lock);
    }
}

static void *pool_thread(void *arg)
{
    pool_work(arg, false);
    return NULL;
}

static ungdb_rc make_dir(const char *path, ungdb_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) goto fail;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) goto fail;
    return UNGDB_OK;
fail:
    return ungdb_error_set(err, UNGDB_EIO, buf, 0, "", "cannot create the directory: %s",
                           strerror(errno));
}

/* The memory a table may hold: what is left of 7.5 GiB (the 8 GiB target
 * with room for the rest) beside the state, shared by the two writing
 * threads, each holding text plus 32 bytes of sort entries per row (up to
 * 1.5 times the text for short rows) and the per-row partitions: a fifth
 * each. At least 64 MiB, at most 1 GiB. */
static size_t table_budget(void)
{
    size_t rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long size, res;
    if (f && fscanf(f, "%llu %llu", &size, &res) == 2)
        rss = (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
    if (f) fclose(f);
    const size_t target = (size_t)15 << 29, lo = (size_t)64 << 20, hi = (size_t)1 << 30;
    size_t b = rss < target ? (target - rss) / 5 : 0;
    return b < lo ? lo : b > hi ? hi : b;
}

ungdb_rc reg_write(reg_state *st, const char *out_dir, const reg_output_opts *o,
                   ungdb_register_summary *sum, ungdb_progress_fn fn, void *fctx, ungdb_error *err)
{
    wctx w;
    memset(&w, 0, sizeof w);
    w.st = st;
    w.o = o;
    w.out_dir = out_dir;
    w.budget = table_budget();
    vec_init(&w.reg_spells, sizeof(preg));
    vec_init(&w.reg_rejects, sizeof(reg_reject));
    w.alive = malloc(st->lessons.n + 1);
    ungdb_rc rc = w.alive ? UNGDB_OK : UNGDB_ENOMEM;
    if (!rc && o->pupil_register) rc = read_pupil_register(&w, err);
    if (!rc) rc = make_dir(out_dir, err);
    if (!rc) rc = cover_index_build(st, &st->covers, &w.roster);
    if (!rc) rc = cover_index_build(st, &st->scheds, &w.sched);
    if (!rc && o->key) rc = pseudonymize(&w);
    if (!rc) index_cprs(&w);
    for (size_t i = 0; !rc && i < st->lessons.n; i++)
        w.alive[i] = lesson_alive(&w, &VEC_AT(&st->lessons, reg_lesson, i));
    reg_timing("write: prepare");
    if (!rc) rc = classify_titles(&w, sum);
    reg_timing("write: classify titles");
    if (!rc) {
        pool p = {.w = &w, .sum = sum, .fn = fn, .fctx = fctx};
        pthread_mutex_init(&p.lock, NULL);
        pthread_t th;
        bool threaded = pthread_create(&th, NULL, pool_thread, &p) == 0;
        pool_work(&p, true);
        if (threaded) pthread_join(th, NULL);
        pthread_mutex_destroy(&p.lock);
        for (size_t i = 0; !rc && i < NSTEPS; i++)
            rc = p.rc[i];
        if (!rc) {
            if (fn) {
                ungdb_progress pr = {"write", NULL, NSTEPS, NSTEPS + 1};
                fn(fctx, &pr);
            }
            rc = write_validation(&w, sum);
        }
    }
    if (rc && !err->message[0])
        ungdb_error_set(err, rc, out_dir, 0, "",
                        rc == UNGDB_EIO ? "cannot write the tables: %s" : "%s",
                        rc == UNGDB_EIO ? strerror(errno) : ungdb_strerror(rc));
    cover_index_release(&w.roster);
    cover_index_release(&w.sched);
    free(w.pseudo);
    free(w.pseudo_done);
    vec_release(&w.reg_spells);
    vec_release(&w.reg_rejects);
    free(w.alive);
    free(w.subject_of);
    free(w.cpr_of);
    return rc;
}
