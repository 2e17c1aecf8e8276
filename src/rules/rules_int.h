/* rules_int.h - internal interfaces of the rules engine (src/rules/).
 *
 * How a rule family is written (see src/rules/README.md):
 *   1. a file src/rules/FAMILY.c with one static function per rule,
 *        static void rule_x(rules_ctx *ctx, const ungdb_rule_info *rule);
 *      that appends findings with rules_finding() and explains them with
 *      rules_say() (Danish and English) and rules_fact();
 *   2. a table  const rules_family rules_family_FAMILY = {...}  listing each
 *      rule's id, family, reference, summaries, draft flag and function;
 *   3. one line in registry.c's `families` list and an extern below. */
#ifndef UNGDB_RULES_INT_H
#define UNGDB_RULES_INT_H

#include "ungdb/rules.h"

#include <stdarg.h>

/* ---- the case arena (case.c) ---- */
typedef struct arena_chunk arena_chunk;
struct ungdb_case_arena {
    arena_chunk *head;
    size_t total; /* bytes handed out, capped */
};
void *arena_alloc(ungdb_case_arena *a, size_t size); /* zeroed; NULL on ENOMEM or cap */
char *arena_strndup(ungdb_case_arena *a, const char *s, size_t n);
void arena_release(ungdb_case_arena *a);

/* ---- the case's description tables (case.c), for the dump and for tests
 * that compare them with docs/rules.schema.json ---- */
typedef enum {
    FT_STR = 1,
    FT_DATE,
    FT_DATETIME,
    FT_INT,
    FT_NUM,
    FT_TRI,
    FT_BOOL,
    FT_ENUM,
    FT_BITS, /* array of enum names -> uint32 bits (value i -> bit i-1) */
    FT_OBJ,  /* optional object: a pointer to a struct */
    FT_INL,  /* an object stored inline */
    FT_ARR,  /* array of objects: pointer + size_t count */
} case_ftype;

typedef struct case_obj case_obj;
typedef struct case_field {
    const char *name;
    case_ftype type;
    bool required;
    size_t off;
    size_t count_off;         /* FT_ARR */
    const case_obj *obj;      /* FT_OBJ, FT_INL, FT_ARR */
    const char *const *names; /* FT_ENUM, FT_BITS: names by value, [0] = "", NULL-ended */
    double min, max;          /* FT_INT, FT_NUM */
} case_field;

struct case_obj {
    const char *name; /* the $defs name in docs/rules.schema.json */
    size_t size;
    const case_field *fields;
    size_t nfields;
};

/* Every object kind of the case form, the root ("case") first. */
const case_obj *const *case_objects(size_t *n);

/* ---- evaluation context (registry.c) ---- */
typedef struct rules_ctx {
    const ungdb_case *c;
    ungdb_date on;
    const ungdb_rules_options *opt;
    ungdb_findings *fl;
    int summer_from_week, summer_to_week;
    bool oom;
    char datebuf[16][11]; /* ring for rules_ds */
    unsigned dateidx;
} rules_ctx;

typedef void (*rules_eval_fn)(rules_ctx *ctx, const ungdb_rule_info *rule);

typedef struct rules_def {
    ungdb_rule_info info;
    rules_eval_fn eval;
} rules_def;

typedef struct rules_family {
    const char *name;
    const rules_def *rules;
    size_t n;
} rules_family;

extern const rules_family rules_family_ubd;  /* youthdb.c */
extern const rules_family rules_family_duty; /* duty.c */
extern const rules_family rules_family_fgu;  /* fgu.c */
extern const rules_family rules_family_stu;  /* stu.c */

/* ---- building findings (findings.c) ---- */
typedef enum { LANG_DA = 0, LANG_EN = 1 } rules_lang;

/* Appends a finding; subject may be NULL. Returns NULL (and sets ctx->oom)
 * on ENOMEM; the other builders accept NULL and do nothing. */
ungdb_finding *rules_finding(rules_ctx *ctx, const ungdb_rule_info *rule, ungdb_finding_status st,
                             ungdb_date due, const char *subject);
/* Appends formatted text to the finding's Danish or English explanation. */
void rules_say(rules_ctx *ctx, ungdb_finding *f, rules_lang lang, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* A "not applicable" finding whose explanation is a fixed text in each
 * language (no facts, no due date). */
void rules_na(rules_ctx *ctx, const ungdb_rule_info *rule, const char *da, const char *en);
/* Records a fact the finding used (name, formatted value). */
void rules_fact(rules_ctx *ctx, ungdb_finding *f, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* "YYYY-MM-DD" in a ring of 16 buffers of ctx, "-" for NONE. */
const char *rules_ds(rules_ctx *ctx, ungdb_date d);

/* ---- helpers shared by the families (registry.c) ---- */
const ungdb_enrolment *rules_enrolment(const ungdb_case *c, const char *id);
/* The enrolment is enrolled on `d`: start <= d and (no end or d <= end). */
bool rules_enrolled_on(const ungdb_enrolment *e, ungdb_date d);
/* Builds the criteria series of one enrolment (attendance summed per day,
 * events, notices, up to and including `upto`) into malloc'd arrays in s;
 * free with rules_series_free. Returns false on ENOMEM. */
bool rules_series_build(const ungdb_case *c, const char *enrolment, ungdb_pupil_series *s);
void rules_series_free(ungdb_pupil_series *s);

#endif
