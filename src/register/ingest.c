/* ingest.c - reading one delivery's rows into the state: value checks and
 * rejects (register spec §§ 1, 8), roster facts and their spells (§ 2), the
 * schedule (§ 3) and the per-delivery checks (§ 6). */
#include "engine.h"

#include "ungdb/cpr.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const reg_vcode_name[V_NCODES] = {
    "cpr_missing",          "cpr_invalid",
    "pupil_without_group",  "main_group_count",
    "pupil_overlap",        "lesson_without_group",
    "lesson_without_staff", "staff_without_user_id",
    "lesson_outside_day",   "lesson_outside_window",
    "institution_missing",  "count_jump",
    "lesson_group_unknown", "lesson_staff_not_affiliated",
};
const char *const reg_rcode_name[R_NCODES] = {
    "csv_syntax",      "encoding",     "field_count", "missing_value", "bad_user_id",
    "bad_institution", "bad_role",     "bad_grade",   "bad_type",      "bad_group_id",
    "bad_lesson_id",   "bad_datetime", "bad_time",    "duplicate",     "unknown_lesson",
    "bad_cpr",         "bad_date",     "bad_period",
};
const char *const reg_role_name[ROLE_N] = {"pupil",  "teacher", "pedagogue",
                                           "leader", "admin",   "other"};
const char *const reg_type_name[GT_N] = {"main", "year", "team", "elective", "other"};

/* ---- counts and rejects ---- */

ungdb_rc reg_count_add(reg_state *st, uint32_t d, uint32_t inst, int code, uint64_t by)
{
    uint64_t key = ((uint64_t)(d + 1) << 44) | ((uint64_t)(inst + 1) << 8) | (uint64_t)code;
    bool fresh;
    uint32_t *slot = u64map_put(&st->count_of_key, key, (uint32_t)st->counts.n, &fresh);
    if (!slot) return UNGDB_ENOMEM;
    if (fresh) {
        reg_count *c = vec_push(&st->counts);
        if (!c) return UNGDB_ENOMEM;
        c->d = d;
        c->inst = inst;
        c->code = (uint32_t)code;
    }
    VEC_AT(&st->counts, reg_count, *slot).count += by;
    return UNGDB_OK;
}

ungdb_rc reg_reject_add(reg_state *st, uint32_t d, uint32_t file, uint64_t line, int code,
                        const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof msg) n = sizeof msg - 1;
    uint32_t id = strpool_intern(&st->str, msg, (size_t)n);
    reg_reject *r = id == NONE ? NULL : vec_push(&st->rejects);
    if (!r) return UNGDB_ENOMEM;
    r->d = d;
    r->file = file;
    r->line = line;
    r->code = (uint32_t)code;
    r->message = id;
    return UNGDB_OK;
}

/* ---- columns and value checks ---- */

enum col_kind {
    C_USER,
    C_USER_OR_EMPTY,
    C_CPR,
    C_INST,
    C_ROLE,
    C_GRADE,
    C_GROUP,
    C_NAME,
    C_TYPE,
    C_LESSON,
    C_TITLE,
    C_START,
    C_END
};

typedef struct col_def {
    const char *name;
    enum col_kind kind;
} col_def;

static const col_def file_cols[F_NFILES][5] = {
    [F_PERSONS] = {{"user_id", C_USER}, {"cpr", C_CPR}},
    [F_ROLES] = {{"user_id", C_USER},
                 {"institution", C_INST},
                 {"role", C_ROLE},
                 {"grade", C_GRADE}},
    [F_GROUPS] = {{"institution", C_INST},
                  {"group_id", C_GROUP},
                  {"name", C_NAME},
                  {"type", C_TYPE}},
    [F_MEMBERS] = {{"user_id", C_USER}, {"institution", C_INST}, {"group_id", C_GROUP}},
    [F_LESSONS] = {{"institution", C_INST},
                   {"lesson_id", C_LESSON},
                   {"title", C_TITLE},
                   {"start", C_START},
                   {"end", C_END}},
    [F_LESSON_GROUPS] = {{"institution", C_INST}, {"lesson_id", C_LESSON}, {"group_id", C_GROUP}},
    [F_LESSON_STAFF] = {{"institution", C_INST},
                        {"lesson_id", C_LESSON},
                        {"user_id", C_USER_OR_EMPTY}},
};

/* A column of the file being read: its definition and its index. */
typedef struct col_at {
    const col_def *def;
    int index;
} col_at;

/* The parsed values of one row. */
typedef struct row {
    ungdb_slice user, cpr, group, name, lesson, title;
    int32_t inst;
    int role, grade, type;
    int32_t start, end;
} row;

static bool has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return true;
    return false;
}

static int match_name(ungdb_slice v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == v.n && memcmp(names[i], v.p, v.n) == 0) return i;
    return -1;
}

/* The date of the last date-time parsed: lessons come by day, so most
 * date-times only need their time parsed. */
typedef struct date_cache {
    char date[10];
    int64_t day;
    bool valid;
} date_cache;

/* ungdb_datetime_parse, with the date part looked up in dc first. */
static bool parse_datetime(date_cache *dc, const char *s, size_t n, ungdb_datetime *t)
{
    if (dc->valid && n == 16 && memcmp(s, dc->date, 10) == 0) {
        unsigned h1 = (unsigned char)s[11] - '0', h2 = (unsigned char)s[12] - '0';
        unsigned m1 = (unsigned char)s[14] - '0', m2 = (unsigned char)s[15] - '0';
        if (s[10] != 'T' || s[13] != ':' || h1 > 9 || h2 > 9 || m1 > 9 || m2 > 9) return false;
        unsigned hh = h1 * 10 + h2, mi = m1 * 10 + m2;
        if (hh > 23 || mi > 59) return false;
        t->minute = dc->day * 1440 + (int64_t)(hh * 60 + mi);
        return true;
    }
    if (!ungdb_datetime_parse(s, n, t)) return false;
    memcpy(dc->date, s, 10);
    dc->day = t->minute >= 0 ? t->minute / 1440 : -((-t->minute + 1439) / 1440);
    dc->valid = true;
    return true;
}

/* Checks one value; returns a reject code or -1, and writes the problem into msg. */
static int check_value(const col_def *c, ungdb_slice v, ungdb_slice role_raw, row *r,
                       date_cache *dc, char *msg, size_t size)
{
    switch (c->kind) {
    case C_USER_OR_EMPTY:
        if (v.n == 0) {
            r->user = v;
            return -1;
        }
        /* fall through */
    case C_USER:
        if (v.n == 0) return snprintf(msg, size, "user_id is empty"), R_MISSING_VALUE;
        if (v.n > 64) return snprintf(msg, size, "user_id is longer than 64 bytes"), R_BAD_USER_ID;
        if (has_control(v.p, v.n))
            return snprintf(msg, size, "user_id contains a control character"), R_BAD_USER_ID;
        r->user = v;
        return -1;
    case C_CPR:
        r->cpr = v;
        return -1;
    case C_INST:
        if (v.n == 0) return snprintf(msg, size, "institution is empty"), R_MISSING_VALUE;
        if (v.n != 6) return snprintf(msg, size, "institution is not 6 digits"), R_BAD_INSTITUTION;
        r->inst = 0;
        for (int i = 0; i < 6; i++) {
            if (v.p[i] < '0' || v.p[i] > '9')
                return snprintf(msg, size, "institution is not 6 digits"), R_BAD_INSTITUTION;
            r->inst = r->inst * 10 + (v.p[i] - '0');
        }
        return -1;
    case C_ROLE:
        if (v.n == 0) return snprintf(msg, size, "role is empty"), R_MISSING_VALUE;
        if ((r->role = match_name(v, reg_role_name, ROLE_N)) < 0)
            return snprintf(msg, size,
                            "role is not one of pupil, teacher, pedagogue, leader, admin, other"),
                   R_BAD_ROLE;
        return -1;
    case C_GRADE: {
        bool pupil = role_raw.n == 5 && memcmp(role_raw.p, "pupil", 5) == 0;
        if (!pupil) {
            if (v.n)
                return snprintf(msg, size, "grade is given for a role that is not pupil"),
                       R_BAD_GRADE;
            r->grade = -1;
            return -1;
        }
        if (v.n == 0) return snprintf(msg, size, "grade is empty for a pupil"), R_MISSING_VALUE;
        if (v.n == 1 && v.p[0] >= '0' && v.p[0] <= '9')
            r->grade = v.p[0] - '0';
        else if (v.n == 2 && v.p[0] == '1' && v.p[1] == '0')
            r->grade = 10;
        else
            return snprintf(msg, size, "grade is not an integer 0-10 written canonically"),
                   R_BAD_GRADE;
        return -1;
    }
    case C_GROUP:
        if (v.n == 0) return snprintf(msg, size, "group_id is empty"), R_MISSING_VALUE;
        if (v.n > 64)
            return snprintf(msg, size, "group_id is longer than 64 bytes"), R_BAD_GROUP_ID;
        r->group = v;
        return -1;
    case C_LESSON:
        if (v.n == 0) return snprintf(msg, size, "lesson_id is empty"), R_MISSING_VALUE;
        if (v.n > 64)
            return snprintf(msg, size, "lesson_id is longer than 64 bytes"), R_BAD_LESSON_ID;
        r->lesson = v;
        return -1;
    case C_NAME:
        r->name = v;
        return -1;
    case C_TITLE:
        r->title = v;
        return -1;
    case C_TYPE:
        if (v.n == 0) return snprintf(msg, size, "type is empty"), R_MISSING_VALUE;
        if ((r->type = match_name(v, reg_type_name, GT_N)) < 0)
            return snprintf(msg, size, "type is not one of main, year, team, elective, other"),
                   R_BAD_TYPE;
        return -1;
    case C_START:
    case C_END: {
        ungdb_datetime t;
        if (v.n == 0) return snprintf(msg, size, "%s is empty", c->name), R_MISSING_VALUE;
        if (!parse_datetime(dc, v.p, v.n, &t))
            return snprintf(msg, size, "%s is not a date-time YYYY-MM-DDTHH:MM", c->name),
                   R_BAD_DATETIME;
        *(c->kind == C_START ? &r->start : &r->end) = (int32_t)t.minute;
        return -1;
    }
    }
    return -1;
}

/* ---- facts and spells ---- */

static uint32_t inst_get(reg_state *st, int32_t code)
{
    if (code == st->last_code && st->last_inst != NONE) return st->last_inst;
    bool fresh;
    uint32_t *slot = u64map_put(&st->inst_of_code, (uint64_t)code, (uint32_t)st->insts.n, &fresh);
    if (!slot) return NONE;
    if (fresh) {
        reg_inst *in = vec_push(&st->insts);
        if (!in) return NONE;
        in->code = code;
        in->last_cover = in->prev_cover = in->last_sched = NONE;
    }
    st->last_code = code;
    return st->last_inst = *slot;
}

static uint32_t fact_get(reg_state *st, int kind, uint64_t key, uint32_t user, uint32_t inst,
                         uint32_t attr)
{
    bool fresh;
    uint32_t *slot = u64map_put(&st->fact_of_key[kind], key, (uint32_t)st->facts[kind].n, &fresh);
    if (!slot) return NONE;
    if (fresh) {
        reg_fact *f = vec_push(&st->facts[kind]);
        if (!f) return NONE;
        f->user = user;
        f->inst = inst;
        f->attr = attr;
        f->cur = f->seen_d = NONE;
    }
    return *slot;
}

/* The group (inst, group_id): created on first reference from any file. */
static uint32_t group_get(reg_state *st, uint32_t inst, uint32_t gid)
{
    return fact_get(st, K_GROUP, ((uint64_t)inst << 32) | gid, 0, inst, gid);
}

/* Records that fact `fi` is present in covering delivery d of its
 * institution: extends its spell when it was present in the institution's
 * previous covering delivery, else starts a new one (spec § 2). */
static ungdb_rc fact_present(reg_state *st, int kind, uint32_t fi, uint32_t d)
{
    reg_fact *f = &VEC_AT(&st->facts[kind], reg_fact, fi);
    const reg_inst *in = &VEC_AT(&st->insts, reg_inst, f->inst);
    if (f->cur != NONE) {
        reg_spell *s = &VEC_AT(&st->spells[kind], reg_spell, f->cur);
        if (s->last_d == in->prev_cover) {
            s->last_d = d;
            return UNGDB_OK;
        }
    }
    uint32_t prev = f->cur;
    reg_spell *s = vec_push(&st->spells[kind]);
    if (!s) return UNGDB_ENOMEM;
    s->fact = fi;
    s->first_d = s->last_d = d;
    s->prev = prev;
    VEC_AT(&st->facts[kind], reg_fact, fi).cur = (uint32_t)(st->spells[kind].n - 1);
    return UNGDB_OK;
}

/* ---- prediction of the next row (see reg_predictor) ---- */

static bool same_str(const reg_state *st, uint32_t id, ungdb_slice v)
{
    size_t n;
    const char *s = strpool_get(&st->str, id, &n);
    return n == v.n && (n == 0 || memcmp(s, v.p, n) == 0);
}

/* The string id of v through the cache; NONE when out of memory. *ent gets
 * its cache entry (NULL without a cache). */
static uint32_t intern_cached(reg_state *st, ungdb_slice v, reg_icache_ent **ent)
{
    uint64_t h = hash_bytes(v.p, v.n);
    *ent = NULL;
    if (!st->icache) return strpool_intern_hashed(&st->str, v.p, v.n, h);
    reg_icache_ent *e = &st->icache[(h ^ (h >> 32)) & (REG_ICACHE - 1)];
    *ent = e;
    if (e->h == h && e->id != NONE && same_str(st, e->id, v)) return e->id;
    uint32_t id = strpool_intern_hashed(&st->str, v.p, v.n, h);
    *e = (reg_icache_ent){h, id, NONE, NONE, 0};
    return id;
}

/* The handle of the row expected next, or NONE. */
static uint32_t pred_peek(const reg_predictor *p)
{
    return p->next < p->prev.n ? VEC_AT(&p->prev, uint32_t, p->next) : NONE;
}

/* Records an accepted row's handle; `seen_d` and `pos` are where the same
 * entity was last seen. Returns its position in this delivery, or NONE when
 * out of memory. */
static uint32_t pred_note(reg_predictor *p, uint32_t handle, uint32_t seen_d, uint32_t pos)
{
    if (seen_d != NONE && seen_d == p->prev_d) p->next = (size_t)pos + 1;
    uint32_t *h = vec_push(&p->cur);
    if (!h) return NONE;
    *h = handle;
    return (uint32_t)(p->cur.n - 1);
}

static void pred_turn(reg_predictor *p, uint32_t d)
{
    vec t = p->prev;
    p->prev = p->cur;
    p->cur = t;
    p->cur.n = 0;
    p->prev_d = d;
    p->next = 0;
}

/* ---- one delivery ---- */

/* Per-delivery scratch for the checks of § 6. */
typedef struct dscratch {
    u64map *pupil_of;   /* (user, inst) -> index in pupils */
    vec pupils;         /* dpupil */
    vec pupil_roles;    /* dpupil_role */
    vec lessons;        /* dlesson: lessons delivered in this delivery, by dpos */
    vec rel_next[2];    /* uint32_t per relation row of this delivery (groups, staff):
                           the lesson's previous row of this delivery, or NONE */
    size_t rel_base[2]; /* index of this delivery's first relation row */
} dscratch;

/* A lesson of this delivery: its relation rows so far. */
typedef struct dlesson {
    uint32_t lesson;
    uint32_t head[2]; /* latest relation row (groups, staff), chained by rel_next */
    uint32_t n[2];
} dlesson;

typedef struct dpupil {
    uint32_t user, inst, nmember, nmain;
} dpupil;

typedef struct dpupil_role {
    uint32_t user, inst, grade;
} dpupil_role;

typedef struct ctx {
    reg_state *st;
    const reg_pending *p;
    uint32_t d;
    dscratch ds;
    /* Relation rows usually come in the order of lessons.csv: the lesson of
     * the previous row and the one after it are tried before the hash maps. */
    uint32_t last_lesson;
    char path[4096];
} ctx;

static ungdb_rc on_person(ctx *c, const row *r)
{
    reg_state *st = c->st;
    reg_predictor *pr = &st->pred[F_PERSONS];
    uint32_t pi = pred_peek(pr);
    if (pi != NONE && !same_str(st, VEC_AT(&st->persons, reg_person, pi).user, r->user)) pi = NONE;
    if (pi == NONE) {
        uint32_t user = strpool_intern(&st->str, r->user.p, r->user.n);
        if (user == NONE) return UNGDB_ENOMEM;
        bool fresh;
        uint32_t *slot = u64map_put(&st->person_of_user, user, (uint32_t)st->persons.n, &fresh);
        if (!slot) return UNGDB_ENOMEM;
        if (fresh) {
            reg_person *np = vec_push(&st->persons);
            if (!np) return UNGDB_ENOMEM;
            np->user = user;
            np->seen_d = NONE;
        }
        pi = *slot;
    }
    reg_person *pp = &VEC_AT(&st->persons, reg_person, pi);
    if (pp->seen_d == c->d) return UNGDB_EINPUT; /* duplicate */
    if ((pp->pos = pred_note(pr, pi, pp->seen_d, pp->pos)) == NONE) return UNGDB_ENOMEM;
    pp->seen_d = c->d;
    ungdb_cpr cpr;
    ungdb_cpr_status cs = ungdb_cpr_parse(r->cpr.p, r->cpr.n, &cpr);
    if (cs == UNGDB_CPR_VALID) {
        if (!same_str(st, pp->cpr, (ungdb_slice){cpr.digits, 10})) {
            uint32_t id = strpool_intern(&st->str, cpr.digits, 10);
            if (id == NONE) return UNGDB_ENOMEM;
            VEC_AT(&st->persons, reg_person, pi).cpr = id;
        }
        return UNGDB_OK;
    }
    /* Empty or invalid: counted, written as empty (the latest listing wins). */
    pp->cpr = 0;
    return reg_count_add(st, c->d, NONE, cs == UNGDB_CPR_EMPTY ? V_CPR_MISSING : V_CPR_INVALID, 1);
}

static ungdb_rc cover(ctx *c, uint32_t inst)
{
    reg_inst *in = &VEC_AT(&c->st->insts, reg_inst, inst);
    if (in->last_cover == c->d) return UNGDB_OK;
    in->prev_cover = in->last_cover;
    in->last_cover = c->d;
    reg_cover *cv = vec_push(&c->st->covers);
    if (!cv) return UNGDB_ENOMEM;
    cv->inst = inst;
    cv->d = c->d;
    return UNGDB_OK;
}

static ungdb_rc on_role(ctx *c, const row *r)
{
    reg_state *st = c->st;
    uint32_t inst = inst_get(st, r->inst);
    if (inst == NONE) return UNGDB_ENOMEM;
    bool pupil = r->role == ROLE_PUPIL;
    int kind = pupil ? K_PUPIL : K_STAFF;
    uint32_t attr = pupil ? (uint32_t)r->grade : (uint32_t)r->role;
    reg_predictor *pr = &st->pred[F_ROLES];
    uint32_t h = pred_peek(pr), fi = NONE;
    if (h != NONE && (h >> 31) == (uint32_t)kind - K_PUPIL) {
        const reg_fact *f = &VEC_AT(&st->facts[kind], reg_fact, h & 0x7fffffff);
        if (f->inst == inst && f->attr == attr && same_str(st, f->user, r->user))
            fi = h & 0x7fffffff;
    }
    if (fi == NONE) {
        uint32_t u = strpool_intern(&st->str, r->user.p, r->user.n);
        if (u == NONE) return UNGDB_ENOMEM;
        uint64_t key = ((uint64_t)u << 32) | ((uint64_t)inst << 4) | attr;
        if ((fi = fact_get(st, kind, key, u, inst, attr)) == NONE) return UNGDB_ENOMEM;
    }
    reg_fact *f = &VEC_AT(&st->facts[kind], reg_fact, fi);
    uint32_t user = f->user;
    if (f->seen_d == c->d) return UNGDB_EINPUT; /* duplicate */
    f->pos = pred_note(pr, fi | ((uint32_t)(kind - K_PUPIL) << 31), f->seen_d, f->pos);
    if (f->pos == NONE) return UNGDB_ENOMEM;
    f->seen_d = c->d;
    ungdb_rc rc = cover(c, inst);
    if (!rc) rc = fact_present(st, kind, fi, c->d);
    if (rc || !pupil) return rc;
    bool fresh;
    uint32_t *slot =
        u64map_put(c->ds.pupil_of, ((uint64_t)user << 32) | inst, (uint32_t)c->ds.pupils.n, &fresh);
    if (!slot) return UNGDB_ENOMEM;
    if (fresh) {
        dpupil *dp = vec_push(&c->ds.pupils);
        if (!dp) return UNGDB_ENOMEM;
        dp->user = user;
        dp->inst = inst;
    }
    dpupil_role *prole = vec_push(&c->ds.pupil_roles);
    if (!prole) return UNGDB_ENOMEM;
    prole->user = user;
    prole->inst = inst;
    prole->grade = attr;
    return UNGDB_OK;
}

static bool covered(const ctx *c, uint32_t inst)
{
    return VEC_AT(&c->st->insts, reg_inst, inst).last_cover == c->d;
}

static ungdb_rc on_group(ctx *c, const row *r)
{
    reg_state *st = c->st;
    uint32_t gid = strpool_intern(&st->str, r->group.p, r->group.n);
    uint32_t name = strpool_intern(&st->str, r->name.p, r->name.n);
    uint32_t inst = inst_get(st, r->inst);
    uint32_t gi = gid == NONE || name == NONE || inst == NONE ? NONE : group_get(st, inst, gid);
    if (gi == NONE) return UNGDB_ENOMEM;
    reg_fact *g = &VEC_AT(&st->facts[K_GROUP], reg_fact, gi);
    if (g->seen_d == c->d) return UNGDB_EINPUT; /* duplicate */
    g->seen_d = c->d;
    /* A delivery that does not cover the institution tells nothing about it. */
    if (!covered(c, inst)) return UNGDB_OK;
    g->name = name;
    g->type = (uint8_t)r->type;
    g->in_groups_csv = 1;
    return fact_present(st, K_GROUP, gi, c->d);
}

static ungdb_rc on_member(ctx *c, const row *r)
{
    reg_state *st = c->st;
    uint32_t inst = inst_get(st, r->inst);
    if (inst == NONE) return UNGDB_ENOMEM;
    reg_predictor *pr = &st->pred[F_MEMBERS];
    uint32_t mi = pred_peek(pr);
    if (mi != NONE) {
        const reg_fact *m = &VEC_AT(&st->facts[K_MEMBER], reg_fact, mi);
        if (m->inst != inst || !same_str(st, m->user, r->user) ||
            !same_str(st, VEC_AT(&st->facts[K_GROUP], reg_fact, m->attr).attr, r->group))
            mi = NONE;
    }
    if (mi == NONE) {
        uint32_t u = strpool_intern(&st->str, r->user.p, r->user.n);
        uint32_t gid = strpool_intern(&st->str, r->group.p, r->group.n);
        uint32_t g = u == NONE || gid == NONE ? NONE : group_get(st, inst, gid);
        mi = g == NONE ? NONE : fact_get(st, K_MEMBER, ((uint64_t)u << 32) | g, u, inst, g);
        if (mi == NONE) return UNGDB_ENOMEM;
    }
    reg_fact *m = &VEC_AT(&st->facts[K_MEMBER], reg_fact, mi);
    uint32_t user = m->user, gi = m->attr;
    if (m->seen_d == c->d) return UNGDB_EINPUT; /* duplicate */
    if ((m->pos = pred_note(pr, mi, m->seen_d, m->pos)) == NONE) return UNGDB_ENOMEM;
    m->seen_d = c->d;
    if (!covered(c, inst)) return UNGDB_OK;
    uint32_t pi = u64map_get(c->ds.pupil_of, ((uint64_t)user << 32) | inst);
    if (pi != NONE) {
        dpupil *dp = &VEC_AT(&c->ds.pupils, dpupil, pi);
        const reg_fact *g = &VEC_AT(&st->facts[K_GROUP], reg_fact, gi);
        dp->nmember++;
        /* The group's type as this delivery's groups.csv gives it (spec § 8). */
        if (g->seen_d == c->d && g->in_groups_csv && g->type == GT_MAIN) dp->nmain++;
    }
    return fact_present(st, K_MEMBER, mi, c->d);
}

/* The lesson map's keys: (inst, lesson_id string id), read from the lessons. */
typedef struct lesson_key {
    const reg_state *st;
    uint32_t inst, lid;
} lesson_key;

static uint64_t lesson_hash(uint32_t inst, uint32_t lid)
{
    return hash_u64(((uint64_t)inst << 32) | lid);
}

static bool lesson_eq(const void *arg, uint32_t li)
{
    const lesson_key *k = arg;
    const reg_lesson *l = &VEC_AT(&k->st->lessons, reg_lesson, li);
    return l->inst == k->inst && l->lesson_id == k->lid;
}

static uint64_t lesson_hash_of(const void *arg, uint32_t li)
{
    const reg_lesson *l = &VEC_AT(&((const reg_state *)arg)->lessons, reg_lesson, li);
    return lesson_hash(l->inst, l->lesson_id);
}

static uint32_t lesson_find(const reg_state *st, uint32_t inst, uint32_t lid)
{
    lesson_key k = {st, inst, lid};
    return idxmap_find(&st->lesson_of_key, lesson_hash(inst, lid), lesson_eq, &k);
}

static ungdb_rc on_lesson(ctx *c, const row *r)
{
    reg_state *st = c->st;
    uint32_t inst = inst_get(st, r->inst);
    if (inst == NONE) return UNGDB_ENOMEM;
    reg_predictor *pr = &st->pred[F_LESSONS];
    uint32_t li = pred_peek(pr);
    if (li != NONE) {
        const reg_lesson *l = &VEC_AT(&st->lessons, reg_lesson, li);
        if (l->inst != inst || !same_str(st, l->lesson_id, r->lesson)) li = NONE;
    }
    if (li == NONE) {
        uint32_t lid = strpool_intern(&st->str, r->lesson.p, r->lesson.n);
        if (lid == NONE) return UNGDB_ENOMEM;
        li = lesson_find(st, inst, lid);
        if (li == NONE) {
            li = (uint32_t)st->lessons.n;
            reg_lesson *nl = vec_push(&st->lessons);
            if (!nl ||
                !idxmap_add(&st->lesson_of_key, lesson_hash(inst, lid), li, lesson_hash_of, st))
                return UNGDB_ENOMEM;
            nl->inst = inst;
            nl->lesson_id = lid;
            nl->last_d = NONE;
        }
    }
    reg_lesson *l = &VEC_AT(&st->lessons, reg_lesson, li);
    if (l->last_d == c->d) return UNGDB_EINPUT; /* duplicate */
    reg_icache_ent *ent;
    uint32_t title = same_str(st, l->title, r->title) && l->last_d != NONE
                         ? l->title
                         : intern_cached(st, r->title, &ent);
    if (title == NONE || pred_note(pr, li, l->last_d, l->dpos) == NONE) return UNGDB_ENOMEM;
    if (l->last_d != NONE) st->rel_garbage += l->nrels;
    l->last_d = c->d;
    l->title = title;
    l->start = r->start;
    l->end = r->end;
    l->nrels = 0;
    l->dpos = (uint32_t)c->ds.lessons.n;
    dlesson *dl = vec_push(&c->ds.lessons);
    if (!dl) return UNGDB_ENOMEM;
    *dl = (dlesson){li, {NONE, NONE}, {0, 0}};
    reg_inst *in = &VEC_AT(&st->insts, reg_inst, inst);
    if (in->last_sched != c->d) {
        in->last_sched = c->d;
        reg_cover *cv = vec_push(&st->scheds);
        if (!cv) return UNGDB_ENOMEM;
        cv->inst = inst;
        cv->d = c->d;
    }
    /* lesson_outside_day: before 07:00, after 17:00 or on another day (§ 6). */
    ungdb_datetime s = {r->start}, e = {r->end};
    ungdb_rc rc = UNGDB_OK;
    if (ungdb_datetime_minute_of_day(s) < 7 * 60 ||
        ungdb_datetime_date(e).day != ungdb_datetime_date(s).day ||
        ungdb_datetime_minute_of_day(e) > 17 * 60)
        rc = reg_count_add(st, c->d, inst, V_LESSON_OUTSIDE_DAY, 1);
    int32_t day = ungdb_datetime_date(s).day;
    if (!rc && (day < c->p->from || day > c->p->to))
        rc = reg_count_add(st, c->d, inst, V_LESSON_OUTSIDE_WINDOW, 1);
    return rc;
}

/* lesson_groups and lesson_staff rows. Returns UNGDB_EINPUT with *code set
 * for a duplicate or an unknown lesson. */
static ungdb_rc on_relation(ctx *c, const row *r, bool staff, int *code)
{
    reg_state *st = c->st;
    uint32_t inst = inst_get(st, r->inst);
    if (inst == NONE) return UNGDB_ENOMEM;
    if (staff && r->user.n == 0) /* counted and dropped, even for an unknown lesson (§ 8) */
        return reg_count_add(st, c->d, inst, V_STAFF_WITHOUT_USER_ID, 1);
    uint32_t li = NONE;
    if (c->last_lesson != NONE) {
        /* the same lesson again, or one of the next few of lessons.csv
         * (lessons without rows of this file are skipped) */
        uint32_t pos = VEC_AT(&st->lessons, reg_lesson, c->last_lesson).dpos;
        for (uint32_t k = pos; k <= pos + 4 && k < c->ds.lessons.n && li == NONE; k++) {
            uint32_t cand = VEC_AT(&c->ds.lessons, dlesson, k).lesson;
            const reg_lesson *l = &VEC_AT(&st->lessons, reg_lesson, cand);
            size_t n;
            const char *id = strpool_get(&st->str, l->lesson_id, &n);
            if (l->inst == inst && n == r->lesson.n && memcmp(id, r->lesson.p, n) == 0) li = cand;
        }
    }
    if (li == NONE) {
        uint32_t lid = strpool_find(&st->str, r->lesson.p, r->lesson.n);
        li = lid == NONE ? NONE : lesson_find(st, inst, lid);
    }
    if (li == NONE || VEC_AT(&st->lessons, reg_lesson, li).last_d != c->d) {
        *code = R_UNKNOWN_LESSON;
        return UNGDB_EINPUT;
    }
    reg_icache_ent *ent;
    uint32_t other = intern_cached(st, staff ? r->user : r->group, &ent);
    if (other == NONE) return UNGDB_ENOMEM;
    if (!staff) {
        if (ent && ent->inst == inst && ent->aux != NONE) {
            other = ent->aux;
        } else {
            uint32_t gid = other;
            if ((other = group_get(st, inst, gid)) == NONE) return UNGDB_ENOMEM;
            if (ent && ent->id == gid) {
                ent->inst = inst;
                ent->aux = other;
            }
        }
    }
    /* The whole row repeats an earlier accepted one: look along the
     * lesson's rows of this delivery (a lesson has a few). */
    vec *rels = staff ? &st->lesson_staff : &st->lesson_groups;
    reg_lesson *l = &VEC_AT(&st->lessons, reg_lesson, li);
    dlesson *dl = &VEC_AT(&c->ds.lessons, dlesson, l->dpos);
    vec *next = &c->ds.rel_next[staff];
    size_t base = c->ds.rel_base[staff];
    for (uint32_t ri = dl->head[staff]; ri != NONE; ri = VEC_AT(next, uint32_t, ri - base))
        if (VEC_AT(rels, reg_rel, ri).other == other) {
            *code = R_DUPLICATE;
            return UNGDB_EINPUT;
        }
    c->last_lesson = li;
    reg_rel *rel = vec_push(rels);
    uint32_t *nx = vec_push(next);
    if (!rel || !nx || rels->n > UINT32_MAX) return UNGDB_ENOMEM;
    rel->lesson = li;
    rel->other = other;
    rel->d = c->d;
    *nx = dl->head[staff];
    dl->head[staff] = (uint32_t)(rels->n - 1);
    dl->n[staff]++;
    if (l->nrels < UINT16_MAX) l->nrels++;
    return UNGDB_OK;
}

/* ---- the reader: parsing and value checks on a second thread ---- */

/* Rows are parsed and checked (csv_syntax, encoding, field_count and the
 * value checks of § 8) by a reader thread, one batch of rows ahead of the
 * thread that applies them to the state, which is the only one to touch the
 * state. Batches come in file order, so everything happens in the same
 * order as when one thread does both. */
#define BATCH_ROWS 4096
#define NBATCH 4

typedef struct prow {
    row r;
    uint64_t line;
    int32_t code;     /* reject code, or -1 when the values passed */
    uint32_t msg;     /* rejects: offset of the message in the batch's bytes */
    uint8_t copied;   /* bit i: slice i of r is in the batch's bytes, at coff[i] */
    uint32_t coff[6]; /* (the bytes may move while the batch fills) */
} prow;

typedef struct batch {
    size_t delivery;
    int file;
    size_t n;
    bool eof;          /* the file's last batch */
    ungdb_csv *csv;    /* with eof: the file's reader, freed once the rows are applied */
    size_t file_bytes; /* with eof */
    ungdb_rc rc;       /* an error opening the file (err) */
    ungdb_error err;
    vec bytes; /* char: unescaped fields and messages */
    prow rows[BATCH_ROWS];
} batch;

struct reg_reader {
    const reg_pending *ps;
    size_t n;
    size_t di; /* the delivery and file being read */
    int fi;
    ungdb_csv *csv; /* the open file, or NULL */
    const char *base;
    size_t size;
    col_at cols[5];
    int ncols, role_index;
    size_t nheader;
    date_cache dates;
    char path[4096];
    batch *b[NBATCH];
    uint64_t head, tail; /* batches produced and given back */
    bool eoi;            /* the filler's own: every file read, or an error */
    bool done;           /* eoi, set under mu once the last batch is published */
    bool stop;
    bool threaded;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t can_produce, can_consume;
};

static int nfiles_of(const reg_pending *p)
{
    return p->has_schedule ? F_NFILES : F_LESSONS;
}

static void reader_advance(reg_reader *rd)
{
    if (++rd->fi >= nfiles_of(&rd->ps[rd->di])) {
        rd->fi = 0;
        rd->di++;
    }
    if (rd->di >= rd->n) rd->eoi = true;
}

/* Opens the next file and reads its header; false on an error (in b). */
static bool reader_open(reg_reader *rd, batch *b)
{
    const reg_pending *p = &rd->ps[rd->di];
    snprintf(rd->path, sizeof rd->path, "%s/%s", p->dir, reg_file_name[rd->fi]);
    b->rc = ungdb_csv_open(&rd->csv, rd->path, NULL, &b->err);
    if (b->rc) return false;
    ungdb_csv_record rec;
    /* The header was checked by reg_scan_one. */
    if (ungdb_csv_next(rd->csv, &rec) != UNGDB_CSV_RECORD) {
        b->rc =
            ungdb_error_set(&b->err, UNGDB_EDELIVERY, rd->path, 1, "", "the header row changed");
        ungdb_csv_free(rd->csv);
        rd->csv = NULL;
        return false;
    }
    rd->base = ungdb_csv_input(rd->csv, &rd->size);
    rd->nheader = rec.nfields;
    int file = rd->fi;
    rd->ncols = 0;
    rd->role_index = -1;
    for (int i = 0; i < 5 && file_cols[file][i].name; i++) {
        col_at *c = &rd->cols[rd->ncols++];
        c->def = &file_cols[file][i];
        c->index = ungdb_csv_column(&rec, file_cols[file][i].name);
        if (c->def->kind == C_ROLE) rd->role_index = c->index;
    }
    /* Values are checked in the order of the file's columns (§ 8). */
    for (int i = 1; i < rd->ncols; i++)
        for (int j = i; j > 0 && rd->cols[j].index < rd->cols[j - 1].index; j--) {
            col_at t = rd->cols[j];
            rd->cols[j] = rd->cols[j - 1];
            rd->cols[j - 1] = t;
        }
    return true;
}

/* Appends s[0..n) and a NUL to the batch's bytes; its offset, or UINT32_MAX. */
static uint32_t batch_keep(batch *b, const char *s, size_t n)
{
    if (b->bytes.n + n + 1 > UINT32_MAX || !vec_reserve(&b->bytes, b->bytes.n + n + 1))
        return UINT32_MAX;
    uint32_t off = (uint32_t)b->bytes.n;
    if (n) memcpy(b->bytes.data + off, s, n);
    b->bytes.data[off + n] = '\0';
    b->bytes.n += n + 1;
    return off;
}

/* The slices of the row that point into the batch's bytes. */
static void row_slices(row *r, ungdb_slice *sl[6])
{
    sl[0] = &r->user;
    sl[1] = &r->cpr;
    sl[2] = &r->group;
    sl[3] = &r->name;
    sl[4] = &r->lesson;
    sl[5] = &r->title;
}

/* Fills b with the next rows of the current file (opening it first). */
static void reader_fill_rows(reg_reader *rd, batch *b)
{
    b->n = 0;
    b->bytes.n = 0;
    b->eof = false;
    b->csv = NULL;
    b->file_bytes = 0;
    b->rc = UNGDB_OK;
    b->delivery = rd->di;
    b->file = rd->fi;
    if (!rd->csv && !reader_open(rd, b)) {
        b->eof = true;
        rd->eoi = true;
        return;
    }
    ungdb_csv_record rec;
    char msg[256];
    while (b->n < BATCH_ROWS) {
        ungdb_csv_status s = ungdb_csv_next(rd->csv, &rec);
        if (s == UNGDB_CSV_END) {
            b->eof = true;
            b->csv = rd->csv;
            b->file_bytes = ungdb_csv_size(rd->csv);
            rd->csv = NULL;
            reader_advance(rd);
            return;
        }
        prow *pr = &b->rows[b->n++];
        pr->line = (uint64_t)rec.line;
        pr->copied = 0;
        int code = -1;
        if (s == UNGDB_CSV_SYNTAX || s == UNGDB_CSV_TOOLONG) {
            code = R_CSV_SYNTAX;
            snprintf(msg, sizeof msg, "%s", rec.message);
        } else if (s == UNGDB_CSV_ENCODING) {
            code = R_ENCODING;
            snprintf(msg, sizeof msg, "%s", rec.message);
        } else if (rec.nfields != rd->nheader) {
            code = R_FIELD_COUNT;
            snprintf(msg, sizeof msg, "%zu fields, the header has %zu", rec.nfields, rd->nheader);
        } else {
            row *r = &pr->r;
            memset(r, 0, sizeof *r);
            ungdb_slice role_raw =
                rd->role_index >= 0 ? rec.fields[rd->role_index] : (ungdb_slice){"", 0};
            for (int i = 0; i < rd->ncols && code < 0; i++)
                code = check_value(rd->cols[i].def, rec.fields[rd->cols[i].index], role_raw, r,
                                   &rd->dates, msg, sizeof msg);
            if (code < 0 && rd->fi == F_LESSONS && r->end <= r->start) {
                code = R_BAD_TIME;
                snprintf(msg, sizeof msg, "end is not after start");
            }
            /* Unescaped fields live in the CSV reader's scratch, which the
             * next record reuses: they are copied. */
            ungdb_slice *sl[6];
            row_slices(r, sl);
            for (int i = 0; code < 0 && i < 6; i++) {
                if (!sl[i]->n || (sl[i]->p >= rd->base && sl[i]->p < rd->base + rd->size)) continue;
                uint32_t off = batch_keep(b, sl[i]->p, sl[i]->n);
                if (off == UINT32_MAX) {
                    code = R_CSV_SYNTAX; /* only when out of memory */
                    snprintf(msg, sizeof msg, "out of memory keeping the field");
                    break;
                }
                pr->coff[i] = off;
                pr->copied |= (uint8_t)(1u << i);
            }
        }
        pr->code = code;
        if (code >= 0 && (pr->msg = batch_keep(b, msg, strlen(msg))) == UINT32_MAX) {
            b->rc = ungdb_error_set(&b->err, UNGDB_ENOMEM, rd->path, 0, "", "out of memory");
            b->eof = true;
            rd->eoi = true;
            return;
        }
    }
}

static void reader_fill(reg_reader *rd, batch *b)
{
    reader_fill_rows(rd, b);
    for (size_t i = 0; i < b->n; i++) {
        prow *pr = &b->rows[i];
        if (!pr->copied) continue;
        ungdb_slice *sl[6];
        row_slices(&pr->r, sl);
        for (int k = 0; k < 6; k++)
            if (pr->copied & (1u << k)) sl[k]->p = b->bytes.data + pr->coff[k];
    }
}

static void *reader_main(void *arg)
{
    reg_reader *rd = arg;
    pthread_mutex_lock(&rd->mu);
    for (;;) {
        while (!rd->stop && !rd->eoi && rd->head - rd->tail == NBATCH)
            pthread_cond_wait(&rd->can_produce, &rd->mu);
        if (rd->stop || rd->eoi) break;
        batch *b = rd->b[rd->head % NBATCH];
        pthread_mutex_unlock(&rd->mu);
        reader_fill(rd, b);
        pthread_mutex_lock(&rd->mu);
        rd->head++;
        rd->done = rd->eoi; /* only now: the last batch is visible */
        pthread_cond_signal(&rd->can_consume);
    }
    pthread_cond_signal(&rd->can_consume);
    pthread_mutex_unlock(&rd->mu);
    return NULL;
}

ungdb_rc reg_reader_start(reg_reader **out, const reg_pending *ps, size_t n)
{
    reg_reader *rd = calloc(1, sizeof *rd);
    *out = rd;
    if (!rd) return UNGDB_ENOMEM;
    rd->ps = ps;
    rd->n = n;
    rd->done = rd->eoi = n == 0;
    for (int i = 0; i < NBATCH; i++) {
        if (!(rd->b[i] = malloc(sizeof *rd->b[i]))) return UNGDB_ENOMEM;
        vec_init(&rd->b[i]->bytes, 1);
        rd->b[i]->csv = NULL;
    }
    pthread_mutex_init(&rd->mu, NULL);
    pthread_cond_init(&rd->can_produce, NULL);
    pthread_cond_init(&rd->can_consume, NULL);
    /* Without a thread, batches are filled when they are taken. */
    const char *env = getenv("UNGDB_READER_THREAD"); /* "0": one thread (tests, comparisons) */
    rd->threaded =
        !(env && !strcmp(env, "0")) && pthread_create(&rd->th, NULL, reader_main, rd) == 0;
    return UNGDB_OK;
}

void reg_reader_stop(reg_reader *rd)
{
    if (!rd) return;
    if (rd->b[NBATCH - 1]) {
        pthread_mutex_lock(&rd->mu);
        rd->stop = true;
        pthread_cond_signal(&rd->can_produce);
        pthread_mutex_unlock(&rd->mu);
        if (rd->threaded) pthread_join(rd->th, NULL);
        pthread_mutex_destroy(&rd->mu);
        pthread_cond_destroy(&rd->can_produce);
        pthread_cond_destroy(&rd->can_consume);
    }
    for (uint64_t k = rd->tail; k < rd->head; k++)
        ungdb_csv_free(rd->b[k % NBATCH]->csv);
    for (int i = 0; i < NBATCH; i++)
        if (rd->b[i]) {
            vec_release(&rd->b[i]->bytes);
            free(rd->b[i]);
        }
    ungdb_csv_free(rd->csv);
    free(rd);
}

/* The next batch, in file order; NULL when there is none (a bug). */
static batch *reader_take(reg_reader *rd)
{
    pthread_mutex_lock(&rd->mu);
    while (rd->tail == rd->head) {
        if (rd->done) {
            pthread_mutex_unlock(&rd->mu);
            return NULL;
        }
        if (!rd->threaded) {
            reader_fill(rd, rd->b[rd->head % NBATCH]);
            rd->head++;
            rd->done = rd->eoi;
            break;
        }
        pthread_cond_wait(&rd->can_consume, &rd->mu);
    }
    batch *b = rd->b[rd->tail % NBATCH];
    pthread_mutex_unlock(&rd->mu);
    return b;
}

static void reader_give_back(reg_reader *rd, batch *b)
{
    ungdb_csv_free(b->csv); /* the rows that pointed into it are applied */
    b->csv = NULL;
    pthread_mutex_lock(&rd->mu);
    rd->tail++;
    pthread_cond_signal(&rd->can_produce);
    pthread_mutex_unlock(&rd->mu);
}

static ungdb_rc read_file(ctx *c, int file, reg_reader *rd, ungdb_error *err)
{
    reg_state *st = c->st;
    snprintf(c->path, sizeof c->path, "%s/%s", c->p->dir, reg_file_name[file]);
    const char *fname = reg_file_name[file];
    ungdb_rc rc = UNGDB_OK;
    bool eof = false;
    while (!rc && !eof) {
        batch *b = reader_take(rd);
        if (!b || b->file != file || rd->ps + b->delivery != c->p) {
            rc = ungdb_error_set(err, UNGDB_EINTERNAL, c->path, 0, "", "the reader lost its place");
            break;
        }
        if (b->rc) {
            *err = b->err;
            rc = b->rc;
        }
        for (size_t i = 0; !rc && i < b->n; i++) {
            const prow *pr = &b->rows[i];
            st->rows_read++;
            if (pr->code >= 0) {
                rc = reg_reject_add(st, c->d, (uint32_t)file, pr->line, pr->code, "%s",
                                    b->bytes.data + pr->msg);
                continue;
            }
            int code = -1;
            switch (file) {
            case F_PERSONS:
                rc = on_person(c, &pr->r);
                break;
            case F_ROLES:
                rc = on_role(c, &pr->r);
                break;
            case F_GROUPS:
                rc = on_group(c, &pr->r);
                break;
            case F_MEMBERS:
                rc = on_member(c, &pr->r);
                break;
            case F_LESSONS:
                rc = on_lesson(c, &pr->r);
                break;
            case F_LESSON_GROUPS:
                rc = on_relation(c, &pr->r, false, &code);
                break;
            case F_LESSON_STAFF:
                rc = on_relation(c, &pr->r, true, &code);
                break;
            }
            if (rc == UNGDB_EINPUT) {
                if (code < 0) code = R_DUPLICATE;
                rc = reg_reject_add(st, c->d, (uint32_t)file, pr->line, code,
                                    code == R_DUPLICATE
                                        ? "the row's key repeats an earlier row of %s"
                                        : "the lesson is not in this delivery's lessons.csv",
                                    code == R_DUPLICATE ? fname : "");
            }
        }
        eof = b->eof;
        if (eof) st->bytes_read += b->file_bytes;
        reader_give_back(rd, b);
    }
    if (file == F_PERSONS || file == F_ROLES || file == F_MEMBERS || file == F_LESSONS)
        pred_turn(&st->pred[file], c->d);
    if (rc == UNGDB_ENOMEM && !err->message[0])
        ungdb_error_set(err, rc, c->path, 0, "", "out of memory");
    return rc;
}

static int by_user_inst_grade(const void *a, const void *b)
{
    const dpupil_role *x = a, *y = b;
    if (x->user != y->user) return x->user < y->user ? -1 : 1;
    if (x->inst != y->inst) return x->inst < y->inst ? -1 : 1;
    return (x->grade > y->grade) - (x->grade < y->grade);
}

/* The per-delivery roster checks of § 6. */
static ungdb_rc roster_checks(ctx *c)
{
    reg_state *st = c->st;
    ungdb_rc rc = UNGDB_OK;
    /* Distinct pupils per institution, for count_jump. */
    uint32_t *npupils = calloc(st->insts.n + 1, sizeof *npupils);
    if (!npupils) return UNGDB_ENOMEM;
    for (size_t i = 0; !rc && i < c->ds.pupils.n; i++) {
        const dpupil *dp = &VEC_AT(&c->ds.pupils, dpupil, i);
        npupils[dp->inst]++;
        if (dp->nmember == 0) rc = reg_count_add(st, c->d, dp->inst, V_PUPIL_WITHOUT_GROUP, 1);
        if (!rc && dp->nmain != 1) rc = reg_count_add(st, c->d, dp->inst, V_MAIN_GROUP_COUNT, 1);
    }
    /* pupil_overlap: more than one institution or more than one grade. */
    vec *pr = &c->ds.pupil_roles;
    if (pr->n > 1) qsort(pr->data, pr->n, pr->elem, by_user_inst_grade);
    for (size_t i = 0; !rc && i < pr->n;) {
        size_t j = i;
        bool many = false;
        const dpupil_role *a = &VEC_AT(pr, dpupil_role, i);
        while (j < pr->n && VEC_AT(pr, dpupil_role, j).user == a->user) {
            const dpupil_role *b = &VEC_AT(pr, dpupil_role, j);
            if (b->inst != a->inst || b->grade != a->grade) many = true;
            j++;
        }
        for (size_t k = i; many && !rc && k < j; k++)
            if (k == i || VEC_AT(pr, dpupil_role, k).inst != VEC_AT(pr, dpupil_role, k - 1).inst)
                rc = reg_count_add(st, c->d, VEC_AT(pr, dpupil_role, k).inst, V_PUPIL_OVERLAP, 1);
        i = j;
    }
    for (uint32_t i = 0; !rc && i < st->insts.n; i++) {
        reg_inst *in = &VEC_AT(&st->insts, reg_inst, i);
        if (in->last_cover == c->d) {
            if (in->prev_cover != NONE) {
                uint32_t n = npupils[i], p = in->last_pupils;
                uint32_t diff = n > p ? n - p : p - n;
                if (diff >= 10 && (uint64_t)diff * 5 > p)
                    rc = reg_count_add(st, c->d, i, V_COUNT_JUMP, 1);
            }
            in->last_pupils = npupils[i];
        } else if (c->d > 0 && in->last_cover == c->d - 1) {
            rc = reg_count_add(st, c->d, i, V_INSTITUTION_MISSING, 1);
        }
    }
    free(npupils);
    return rc;
}

static ungdb_rc schedule_checks(ctx *c)
{
    ungdb_rc rc = UNGDB_OK;
    for (size_t i = 0; !rc && i < c->ds.lessons.n; i++) {
        const dlesson *dl = &VEC_AT(&c->ds.lessons, dlesson, i);
        const reg_lesson *l = &VEC_AT(&c->st->lessons, reg_lesson, dl->lesson);
        if (dl->n[0] == 0) rc = reg_count_add(c->st, c->d, l->inst, V_LESSON_WITHOUT_GROUP, 1);
        if (!rc && dl->n[1] == 0)
            rc = reg_count_add(c->st, c->d, l->inst, V_LESSON_WITHOUT_STAFF, 1);
    }
    return rc;
}

/* Drops relation rows of replaced lesson versions from rows[from..n):
 * returns how many were dropped; *mark (an index in the region) moves
 * with the rows. */
static size_t compact_from(reg_state *st, vec *v, size_t from, size_t *mark)
{
    reg_rel *r = (reg_rel *)v->data;
    const reg_lesson *ls = (const reg_lesson *)st->lessons.data;
    size_t w = from, new_mark = *mark;
    for (size_t i = from; i < v->n; i++) {
        if (i == *mark) new_mark = w;
        if (ls[r[i].lesson].last_d == r[i].d) r[w++] = r[i];
    }
    if (*mark >= v->n) new_mark = w;
    size_t dropped = v->n - w;
    v->n = w;
    *mark = new_mark;
    return dropped;
}

/* Drops relation rows of replaced lesson versions. A lesson is delivered
 * again mostly by the next deliveries (their windows overlap), so after
 * each delivery the rows of it and of the one before are compacted, which
 * is cheap; rows of older lessons that a later delivery replaced (rare) are
 * dropped by a pass over all rows once they are a third of them. */
static void compact_relations(reg_state *st, const size_t base[2])
{
    vec *vs[2] = {&st->lesson_groups, &st->lesson_staff};
    size_t dropped = 0;
    for (int k = 0; k < 2; k++) {
        size_t from = st->rel_prev_start[k] <= base[k] ? st->rel_prev_start[k] : base[k];
        size_t mark = base[k];
        dropped += compact_from(st, vs[k], from, &mark);
        st->rel_prev_start[k] = mark; /* where this delivery's rows begin now */
    }
    st->rel_garbage = st->rel_garbage > dropped ? st->rel_garbage - dropped : 0;
    size_t total = st->lesson_groups.n + st->lesson_staff.n;
    if (st->rel_garbage < 1024 || st->rel_garbage * 3 < total) return;
    for (int k = 0; k < 2; k++) {
        size_t mark = st->rel_prev_start[k];
        compact_from(st, vs[k], 0, &mark);
        st->rel_prev_start[k] = mark;
    }
    st->rel_garbage = 0;
}

ungdb_rc reg_ingest(reg_state *st, const reg_pending *p, reg_reader *rd, ungdb_error *err)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.p = p;
    reg_delivery *dv = vec_push(&st->deliveries);
    uint32_t name = strpool_intern(&st->str, p->name, strlen(p->name));
    if (!dv || name == NONE) return UNGDB_ENOMEM;
    dv->name = name;
    dv->extracted = p->extracted;
    dv->from = p->from;
    dv->to = p->to;
    c.d = (uint32_t)(st->deliveries.n - 1);
    /* The scratch vectors are the state's, so their memory is reused. */
    vec *sv[5] = {&c.ds.pupils, &c.ds.pupil_roles, &c.ds.lessons, &c.ds.rel_next[0],
                  &c.ds.rel_next[1]};
    const size_t elems[5] = {sizeof(dpupil), sizeof(dpupil_role), sizeof(dlesson), sizeof(uint32_t),
                             sizeof(uint32_t)};
    for (int i = 0; i < 5; i++) {
        if (st->scratch[i].elem != elems[i]) vec_init(&st->scratch[i], elems[i]);
        *sv[i] = st->scratch[i];
        sv[i]->n = 0;
    }
    c.ds.rel_base[0] = st->lesson_groups.n;
    c.ds.rel_base[1] = st->lesson_staff.n;
    c.last_lesson = NONE;
    c.ds.pupil_of = &st->scratch_pupils;
    u64map_clear(c.ds.pupil_of);
    ungdb_rc rc = UNGDB_OK;
    int nfiles = p->has_schedule ? F_NFILES : F_LESSONS;
    for (int f = 0; !rc && f < nfiles; f++) {
        rc = read_file(&c, f, rd, err);
        if (!rc && f == F_MEMBERS) rc = roster_checks(&c);
    }
    if (!rc) rc = schedule_checks(&c);
    if (!rc) compact_relations(st, c.ds.rel_base);
    for (int i = 0; i < 5; i++)
        st->scratch[i] = *sv[i];
    if (rc == UNGDB_ENOMEM && !err->message[0])
        ungdb_error_set(err, rc, p->dir, 0, "", "out of memory");
    return rc;
}
