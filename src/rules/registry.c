/* registry.c - the list of rules, the evaluation loop, and helpers the rule
 * families share. A family is added by one line in `families`. */
#include "rules/rules_int.h"

#include <stdlib.h>
#include <string.h>

static const rules_family *const families[] = {
    &rules_family_ubd,
    &rules_family_duty,
    &rules_family_fgu,
    &rules_family_stu,
};
#define NFAMILIES (sizeof families / sizeof families[0])

size_t ungdb_rules_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < NFAMILIES; i++)
        n += families[i]->n;
    return n;
}

static const rules_def *def_at(size_t i)
{
    for (size_t k = 0; k < NFAMILIES; k++) {
        if (i < families[k]->n) return &families[k]->rules[i];
        i -= families[k]->n;
    }
    return NULL;
}

const ungdb_rule_info *ungdb_rules_get(size_t i)
{
    const rules_def *d = def_at(i);
    return d ? &d->info : NULL;
}

const ungdb_rule_info *ungdb_rules_find(const char *id)
{
    for (size_t i = 0, n = ungdb_rules_count(); i < n; i++)
        if (!strcmp(def_at(i)->info.id, id)) return &def_at(i)->info;
    return NULL;
}

ungdb_rc ungdb_rules_eval(const ungdb_case *c, ungdb_date on, const ungdb_rules_options *opt,
                          const char *prefix, ungdb_findings *fl)
{
    static const ungdb_rules_options none = {0};
    rules_ctx ctx = {.c = c, .on = on, .opt = opt ? opt : &none, .fl = fl};
    ctx.summer_from_week = UNGDB_SUMMER_FROM_WEEK;
    ctx.summer_to_week = UNGDB_SUMMER_TO_WEEK;
    if (c->settings.summer_from_week > 0) {
        ctx.summer_from_week = c->settings.summer_from_week;
        ctx.summer_to_week = c->settings.summer_to_week;
    }
    if (ctx.opt->summer_from_week > 0 && ctx.opt->summer_to_week >= ctx.opt->summer_from_week) {
        ctx.summer_from_week = ctx.opt->summer_from_week;
        ctx.summer_to_week = ctx.opt->summer_to_week;
    }
    for (size_t k = 0; k < NFAMILIES; k++)
        for (size_t i = 0; i < families[k]->n; i++) {
            const rules_def *d = &families[k]->rules[i];
            if (prefix && strncmp(d->info.id, prefix, strlen(prefix))) continue;
            d->eval(&ctx, &d->info);
            if (ctx.oom) return UNGDB_ENOMEM;
        }
    return UNGDB_OK;
}

/* ------------------------------------------------------------ helpers -- */

const ungdb_enrolment *rules_enrolment(const ungdb_case *c, const char *id)
{
    for (size_t i = 0; i < c->nenrolments; i++)
        if (!strcmp(c->enrolments[i].id, id)) return &c->enrolments[i];
    return NULL;
}

bool rules_enrolled_on(const ungdb_enrolment *e, ungdb_date d)
{
    if (e->status == UNGDB_ENROL_PLANNED) return false;
    if (e->start.day > d.day) return false;
    if (ungdb_date_is_set(e->end) && d.day > e->end.day) return false;
    if (e->interruption && d.day >= e->interruption->date.day) return false;
    return true;
}

static int cmp_day(const void *a, const void *b)
{
    const ungdb_attendance_day *x = a, *y = b;
    return (x->date.day > y->date.day) - (x->date.day < y->date.day);
}

static int cmp_kind(const void *a, const void *b)
{
    const ungdb_dated_kind *x = a, *y = b;
    if (x->date.day != y->date.day)
        return (x->date.day > y->date.day) - (x->date.day < y->date.day);
    return (x->kind > y->kind) - (x->kind < y->kind);
}

bool rules_series_build(const ungdb_case *c, const char *enrolment, ungdb_pupil_series *s)
{
    memset(s, 0, sizeof *s);
    ungdb_attendance_day *days = NULL;
    ungdb_dated_kind *ev = NULL, *no = NULL;
    size_t nd = 0, ne = 0, nn = 0;
    if (c->nattendance && !(days = calloc(c->nattendance, sizeof *days))) goto oom;
    if (c->nevents && !(ev = calloc(c->nevents, sizeof *ev))) goto oom;
    if (c->nnotices && !(no = calloc(c->nnotices, sizeof *no))) goto oom;
    for (size_t i = 0; i < c->nattendance; i++) {
        const ungdb_attendance *a = &c->attendance[i];
        if (strcmp(a->enrolment, enrolment)) continue;
        days[nd].date = ungdb_datetime_date(a->lesson_start);
        days[nd].planned = (uint32_t)a->lesson_minutes;
        days[nd].lawful = a->lawful == UNGDB_YES ? (uint32_t)a->absent_minutes : 0;
        days[nd].unlawful = a->lawful == UNGDB_NO ? (uint32_t)a->absent_minutes : 0;
        nd++;
    }
    if (nd) qsort(days, nd, sizeof *days, cmp_day);
    /* One entry per day: merge lessons of the same day. */
    size_t w = 0;
    for (size_t i = 0; i < nd; i++) {
        if (w && days[w - 1].date.day == days[i].date.day) {
            days[w - 1].planned += days[i].planned;
            days[w - 1].lawful += days[i].lawful;
            days[w - 1].unlawful += days[i].unlawful;
        } else {
            days[w++] = days[i];
        }
    }
    nd = w;
    ungdb_attendance_accumulate(days, nd);
    for (size_t i = 0; i < c->nevents; i++)
        if (!strcmp(c->events[i].enrolment, enrolment))
            ev[ne++] = (ungdb_dated_kind){c->events[i].date, (uint16_t)c->events[i].kind};
    for (size_t i = 0; i < c->nnotices; i++)
        if (!strcmp(c->notices[i].enrolment, enrolment))
            no[nn++] = (ungdb_dated_kind){c->notices[i].date, (uint16_t)c->notices[i].kind};
    if (ne) qsort(ev, ne, sizeof *ev, cmp_kind);
    if (nn) qsort(no, nn, sizeof *no, cmp_kind);
    *s = (ungdb_pupil_series){days, nd, ev, ne, no, nn};
    return true;
oom:
    free(days);
    free(ev);
    free(no);
    return false;
}

void rules_series_free(ungdb_pupil_series *s)
{
    free((void *)s->days);
    free((void *)s->events);
    free((void *)s->notices);
    memset(s, 0, sizeof *s);
}
