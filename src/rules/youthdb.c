/* youthdb.c - reporting pupils at risk of dropout to Ungedatabasen (seed 000:
 * the guide to vocational schools on reporting to Ungedatabasen, resting on
 * bekendtgørelse om vejledning om valg af ungdomsuddannelse og erhverv m.v.,
 * "vejledningsbekendtgørelsen", §§ 31-39, and bekendtgørelse om
 * erhvervsuddannelser § 55, stk. 2, nr. 9).
 *
 * The engine never reports by itself: risk is a person's concrete
 * assessment (§ 36). It shows who is in scope, proposes candidates from the
 * institution's criteria, and checks the deadlines and conditions that
 * follow from recorded assessments, notices and reports. */
#include "rules/rules_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VBK "vejledningsbekendtgørelsen"

/* The course length that brings a pupil into scope (§ 31, stk. 4): at least
 * 6 weeks = 42 calendar days, start and planned end both counted. */
#define UBD_MIN_COURSE_DAYS 42

static void subject_of(const ungdb_case *c, const ungdb_enrolment *e, char *buf, size_t n)
{
    snprintf(buf, n, "enrolments[%zu] (%s)", (size_t)(e - c->enrolments), e->id);
}

/* The scope of § 31, stk. 2 and 4 on date d. YES in scope, NO out of scope,
 * UNKNOWN when a fact is missing. Explains itself into f when f is given. */
static ungdb_tri ubd_scope(rules_ctx *ctx, const ungdb_enrolment *e, ungdb_date d, ungdb_finding *f)
{
    const ungdb_person *p = &ctx->c->person;
    ungdb_tri res = UNGDB_YES;
    int age = ungdb_age_on(p->birth, d);
    rules_fact(ctx, f, "birth_date", "%s", rules_ds(ctx, p->birth));
    rules_fact(ctx, f, "age", "%d", age);
    if (age < 15 || age > 29) {
        rules_say(ctx, f, LANG_DA,
                  "Eleven er %d år den %s (født %s), ikke 15-29 år (§ 31, stk. 2). ", age,
                  rules_ds(ctx, d), rules_ds(ctx, p->birth));
        rules_say(ctx, f, LANG_EN, "The pupil is %d on %s (born %s), not 15-29 (§ 31, stk. 2). ",
                  age, rules_ds(ctx, d), rules_ds(ctx, p->birth));
        res = UNGDB_NO;
    } else {
        rules_say(ctx, f, LANG_DA, "Eleven er %d år den %s (15-29, § 31, stk. 2). ", age,
                  rules_ds(ctx, d));
        rules_say(ctx, f, LANG_EN, "The pupil is %d on %s (15-29, § 31, stk. 2). ", age,
                  rules_ds(ctx, d));
    }
    ungdb_tri done = UNGDB_NO;
    if (p->completed_youth_education == UNGDB_YES || p->completed_higher_education == UNGDB_YES)
        done = UNGDB_YES;
    else if (p->completed_youth_education == UNGDB_UNKNOWN ||
             p->completed_higher_education == UNGDB_UNKNOWN)
        done = UNGDB_UNKNOWN;
    rules_fact(ctx, f, "completed_education",
               done == UNGDB_YES  ? "yes"
               : done == UNGDB_NO ? "no"
                                  : "unknown");
    if (done == UNGDB_YES) {
        rules_say(ctx, f, LANG_DA,
                  "Eleven har gennemført en ungdomsuddannelse eller videregående uddannelse "
                  "(§ 31, stk. 2). ");
        rules_say(ctx, f, LANG_EN,
                  "The pupil has completed a youth or higher education (§ 31, stk. 2). ");
        res = UNGDB_NO;
    } else if (done == UNGDB_UNKNOWN) {
        rules_say(ctx, f, LANG_DA,
                  "Det er ikke oplyst, om eleven har gennemført en ungdomsuddannelse eller "
                  "videregående uddannelse. ");
        rules_say(ctx, f, LANG_EN,
                  "Whether the pupil has completed a youth or higher education is not recorded. ");
        if (res == UNGDB_YES) res = UNGDB_UNKNOWN;
    }
    rules_fact(ctx, f, "lives_in_denmark",
               p->lives_in_denmark == UNGDB_YES  ? "yes"
               : p->lives_in_denmark == UNGDB_NO ? "no"
                                                 : "unknown");
    if (p->lives_in_denmark == UNGDB_NO) {
        rules_say(ctx, f, LANG_DA, "Eleven har ikke bopæl i Danmark (§ 31, stk. 4). ");
        rules_say(ctx, f, LANG_EN, "The pupil does not live in Denmark (§ 31, stk. 4). ");
        res = UNGDB_NO;
    } else if (p->lives_in_denmark == UNGDB_UNKNOWN) {
        rules_say(ctx, f, LANG_DA, "Bopæl i Danmark er ikke oplyst (§ 31, stk. 4). ");
        rules_say(ctx, f, LANG_EN, "Residence in Denmark is not recorded (§ 31, stk. 4). ");
        if (res == UNGDB_YES) res = UNGDB_UNKNOWN;
    }
    ungdb_date pend = ungdb_date_is_set(e->planned_end) ? e->planned_end : UNGDB_DATE_NONE;
    if (!ungdb_date_is_set(pend)) {
        rules_fact(ctx, f, "course_days", "unknown");
        rules_say(ctx, f, LANG_DA,
                  "Forløbets planlagte slutdato er ikke oplyst, så varigheden (mindst 6 uger, "
                  "§ 31, stk. 4) kan ikke afgøres. ");
        rules_say(ctx, f, LANG_EN,
                  "The course's planned end is not recorded, so its length (at least 6 weeks, "
                  "§ 31, stk. 4) cannot be decided. ");
        if (res == UNGDB_YES) res = UNGDB_UNKNOWN;
    } else {
        int days = pend.day - e->start.day + 1;
        rules_fact(ctx, f, "course_days", "%d", days);
        if (days < UBD_MIN_COURSE_DAYS) {
            rules_say(ctx, f, LANG_DA,
                      "Forløbet %s til %s varer %d dage, under 6 uger (42 dage, § 31, stk. 4). ",
                      rules_ds(ctx, e->start), rules_ds(ctx, pend), days);
            rules_say(ctx, f, LANG_EN,
                      "The course %s to %s lasts %d days, less than 6 weeks (42 days, § 31, "
                      "stk. 4). ",
                      rules_ds(ctx, e->start), rules_ds(ctx, pend), days);
            res = UNGDB_NO;
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Forløbet %s til %s varer %d dage (mindst 6 uger, § 31, stk. 4). ",
                      rules_ds(ctx, e->start), rules_ds(ctx, pend), days);
            rules_say(ctx, f, LANG_EN,
                      "The course %s to %s lasts %d days (at least 6 weeks, § 31, stk. 4). ",
                      rules_ds(ctx, e->start), rules_ds(ctx, pend), days);
        }
    }
    return res;
}

/* Out of scope, or unknown, on date d: add a finding saying so and return
 * false; in scope: return true without a finding. */
static bool in_scope_or_say(rules_ctx *ctx, const ungdb_rule_info *rule, const ungdb_enrolment *e,
                            ungdb_date d, const char *subject, const char *what_da,
                            const char *what_en)
{
    /* A scratch finding collects the explanation; it is only kept when the
     * pupil is not (known to be) in scope. */
    ungdb_tri t = ubd_scope(ctx, e, d, NULL);
    if (t == UNGDB_YES) return true;
    ungdb_finding *f =
        rules_finding(ctx, rule, t == UNGDB_NO ? UNGDB_FINDING_NA : UNGDB_FINDING_JUDGEMENT,
                      UNGDB_DATE_NONE, subject);
    rules_say(ctx, f, LANG_DA, "%s: ", what_da);
    rules_say(ctx, f, LANG_EN, "%s: ", what_en);
    ubd_scope(ctx, e, d, f);
    if (t == UNGDB_NO) {
        rules_say(ctx, f, LANG_DA, "Eleven er ikke omfattet af indberetningspligten.");
        rules_say(ctx, f, LANG_EN, "The pupil is not covered by the duty to report.");
    } else {
        rules_say(ctx, f, LANG_DA, "En person må afgøre, om eleven er omfattet.");
        rules_say(ctx, f, LANG_EN, "A person must decide whether the pupil is covered.");
    }
    return false;
}

/* ---------------------------------------------------------- ubd.scope -- */

/* vejledningsbekendtgørelsen § 31, stk. 2 og 4: the pupil is 15-29, has not
 * completed a youth or higher education, lives in Denmark and is enrolled on
 * a course of at least 6 weeks. Evaluated on the evaluation date for every
 * enrolment enrolled on it. */
static void rule_scope(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    bool any = false;
    char subj[160];
    for (size_t i = 0; i < c->nenrolments; i++) {
        const ungdb_enrolment *e = &c->enrolments[i];
        if (!rules_enrolled_on(e, ctx->on)) continue;
        any = true;
        subject_of(c, e, subj, sizeof subj);
        ungdb_tri t = ubd_scope(ctx, e, ctx->on, NULL);
        ungdb_finding *f = rules_finding(ctx, rule,
                                         t == UNGDB_YES  ? UNGDB_FINDING_OK
                                         : t == UNGDB_NO ? UNGDB_FINDING_NA
                                                         : UNGDB_FINDING_JUDGEMENT,
                                         UNGDB_DATE_NONE, subj);
        ubd_scope(ctx, e, ctx->on, f);
        if (t == UNGDB_YES) {
            rules_say(ctx, f, LANG_DA,
                      "Eleven er omfattet: risiko for frafald skal indberettes til Ungedatabasen, "
                      "når institutionen vurderer den.");
            rules_say(ctx, f, LANG_EN,
                      "The pupil is covered: a risk of dropout must be reported to Ungedatabasen "
                      "when the institution judges there is one.");
        } else if (t == UNGDB_NO) {
            rules_say(ctx, f, LANG_DA, "Eleven er ikke omfattet af indberetningspligten.");
            rules_say(ctx, f, LANG_EN, "The pupil is not covered by the duty to report.");
        } else {
            rules_say(ctx, f, LANG_DA, "En person må afgøre, om eleven er omfattet.");
            rules_say(ctx, f, LANG_EN, "A person must decide whether the pupil is covered.");
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA, "Personen er ikke indskrevet på en uddannelse den %s.",
                  rules_ds(ctx, ctx->on));
        rules_say(ctx, f, LANG_EN, "The person is not enrolled on an education on %s.",
                  rules_ds(ctx, ctx->on));
    }
}

/* ------------------------------------------------------ ubd.candidate -- */

static const ungdb_report *first_report(const ungdb_case *c, const char *enrolment,
                                        ungdb_report_kind kind, ungdb_reporter by, ungdb_date from,
                                        ungdb_date to)
{
    const ungdb_report *best = NULL;
    for (size_t i = 0; i < c->nreports; i++) {
        const ungdb_report *r = &c->reports[i];
        if (strcmp(r->enrolment, enrolment) || r->kind != kind || (by && r->by != by)) continue;
        if (ungdb_date_is_set(from) && r->date.day < from.day) continue;
        if (ungdb_date_is_set(to) && r->date.day > to.day) continue;
        if (!best || r->date.day < best->date.day) best = r;
    }
    return best;
}

static const ungdb_report *last_report_before(const ungdb_case *c, const char *enrolment,
                                              ungdb_date d)
{
    const ungdb_report *best = NULL;
    for (size_t i = 0; i < c->nreports; i++) {
        const ungdb_report *r = &c->reports[i];
        if (strcmp(r->enrolment, enrolment) || r->kind != UNGDB_REPORT_RISK ||
            r->by != UNGDB_BY_INSTITUTION || r->date.day >= d.day)
            continue;
        if (!best || r->date.day > best->date.day) best = r;
    }
    return best;
}

static void say_value(rules_ctx *ctx, ungdb_finding *f, const ungdb_criterion *cr,
                      const ungdb_criterion_hit *h)
{
    long long v = (long long)h->value_milli;
    const char *unit_da = "", *unit_en = "";
    switch (cr->measure) {
    case UNGDB_MEASURE_ABSENCE_PERCENT:
    case UNGDB_MEASURE_LAWFUL_PERCENT:
    case UNGDB_MEASURE_UNLAWFUL_PERCENT:
        unit_da = unit_en = " %";
        break;
    case UNGDB_MEASURE_EVENTS:
    case UNGDB_MEASURE_NOTICES:
        unit_da = "";
        unit_en = "";
        break;
    default:
        unit_da = " timer";
        unit_en = " hours";
        break;
    }
    long long t = (long long)cr->threshold_milli;
    rules_say(ctx, f, LANG_DA, "[%s] %s: %lld.%03lld%s over %d dage (grænse %lld.%03lld", cr->name,
              cr->label, v / 1000, v % 1000, unit_da, cr->window_days, t / 1000, t % 1000);
    rules_say(ctx, f, LANG_EN, "[%s] %s: %lld.%03lld%s over %d days (threshold %lld.%03lld",
              cr->name, cr->label, v / 1000, v % 1000, unit_en, cr->window_days, t / 1000,
              t % 1000);
    if (cr->measure < UNGDB_MEASURE_EVENTS) {
        rules_say(ctx, f, LANG_DA, "; %lld af %lld planlagte minutter",
                  (long long)h->absent_minutes, (long long)h->planned_minutes);
        rules_say(ctx, f, LANG_EN, "; %lld of %lld planned minutes", (long long)h->absent_minutes,
                  (long long)h->planned_minutes);
    }
    rules_say(ctx, f, LANG_DA, "). ");
    rules_say(ctx, f, LANG_EN, "). ");
}

/* vejledningsbekendtgørelsen § 36 and bekendtgørelse om erhvervsuddannelser
 * § 55, stk. 2, nr. 9: the institution judges risk under its own conduct
 * rules. The engine proposes candidates from the institution's criteria; the
 * report itself is always a person's concrete assessment, so a hit is
 * "needs judgement", never a report. */
static void rule_candidate(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    const ungdb_criteria *cr = ctx->opt->criteria;
    char subj[160];
    bool any = false;
    for (size_t i = 0; i < c->nenrolments; i++) {
        const ungdb_enrolment *e = &c->enrolments[i];
        if (!rules_enrolled_on(e, ctx->on)) continue;
        any = true;
        subject_of(c, e, subj, sizeof subj);
        if (!cr) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA,
                      "Ingen kriterier fra institutionens studie- og ordensregler er givet "
                      "(--criteria), så der foreslås ingen kandidater.");
            rules_say(ctx, f, LANG_EN,
                      "No criteria from the institution's conduct rules were given (--criteria), "
                      "so no candidates are proposed.");
            continue;
        }
        if (!in_scope_or_say(ctx, rule, e, ctx->on, subj, "Kandidat for indberetning",
                             "Candidate for a report"))
            continue;
        ungdb_pupil_series s;
        if (!rules_series_build(c, e->id, &s)) {
            ctx->oom = true;
            return;
        }
        ungdb_criterion_hit hits[UNGDB_CRITERIA_MAX];
        size_t nh = ungdb_criteria_eval(cr, &s, ctx->on, hits, UNGDB_CRITERIA_MAX);
        rules_series_free(&s);
        bool cand = nh >= (size_t)cr->min_hits;
        ungdb_finding *f = rules_finding(
            ctx, rule, cand ? UNGDB_FINDING_JUDGEMENT : UNGDB_FINDING_OK, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "criteria", "%s", cr->source);
        rules_fact(ctx, f, "criteria_hit", "%zu", nh);
        rules_fact(ctx, f, "min_hits", "%d", cr->min_hits);
        rules_say(ctx, f, LANG_DA, "Kriterier %s%s%s: %zu af %zu ramt (mindst %d kræves). ",
                  cr->institution[0] ? cr->institution : cr->source,
                  cr->version[0] ? " version " : "", cr->version, nh, cr->n, cr->min_hits);
        rules_say(ctx, f, LANG_EN, "Criteria %s%s%s: %zu of %zu hit (at least %d needed). ",
                  cr->institution[0] ? cr->institution : cr->source,
                  cr->version[0] ? " version " : "", cr->version, nh, cr->n, cr->min_hits);
        for (size_t k = 0; k < nh && k < UNGDB_CRITERIA_MAX; k++)
            say_value(ctx, f, &cr->items[hits[k].criterion], &hits[k]);
        if (cand) {
            const ungdb_report *prev = last_report_before(c, e->id, ungdb_add_days(ctx->on, 1));
            rules_say(ctx, f, LANG_DA,
                      "Eleven er kandidat: en person skal foretage en konkret vurdering af "
                      "elevens aktuelle risiko for frafald, før der indberettes (§ 36). "
                      "Programmet indberetter ikke selv.");
            rules_say(ctx, f, LANG_EN,
                      "The pupil is a candidate: a person must make a concrete assessment of the "
                      "pupil's current risk of dropout before any report (§ 36). The program "
                      "never reports by itself.");
            if (prev) {
                rules_fact(ctx, f, "last_risk_report", "%s", rules_ds(ctx, prev->date));
                rules_say(ctx, f, LANG_DA, " Seneste indberetning om risiko: %s.",
                          rules_ds(ctx, prev->date));
                rules_say(ctx, f, LANG_EN, " Latest risk report: %s.", rules_ds(ctx, prev->date));
            }
        } else {
            rules_say(ctx, f, LANG_DA, "Kriterierne peger ikke på eleven.");
            rules_say(ctx, f, LANG_EN, "The criteria do not point to the pupil.");
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA, "Personen er ikke indskrevet på en uddannelse den %s.",
                  rules_ds(ctx, ctx->on));
        rules_say(ctx, f, LANG_EN, "The person is not enrolled on an education on %s.",
                  rules_ds(ctx, ctx->on));
    }
}

/* ------------------------------------------------ ubd.report_promptly -- */

/* vejledningsbekendtgørelsen § 36 (and § 31): when the institution has
 * judged a pupil at risk, it reports "hurtigst muligt". The order sets no
 * number of days: a report on the day of the assessment is ok, a later one
 * is left to a person's judgement, none yet is due on the assessment day and
 * overdue after it. */
static void rule_report_promptly(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[160];
    bool any = false;
    for (size_t i = 0; i < c->nassessments; i++) {
        const ungdb_assessment *a = &c->assessments[i];
        if (a->at_risk != UNGDB_YES || a->date.day > ctx->on.day) continue;
        if (a->basis == UNGDB_BASIS_GROUP_STATISTICS || a->basis == UNGDB_BASIS_TRAINING_PLACEMENT)
            continue; /* ubd.concrete_assessment speaks to these */
        any = true;
        const ungdb_enrolment *e = rules_enrolment(c, a->enrolment);
        snprintf(subj, sizeof subj, "assessments[%zu]", i);
        if (!in_scope_or_say(ctx, rule, e, a->date, subj, "Vurdering af risiko", "Risk assessment"))
            continue;
        const ungdb_report *r =
            first_report(c, e->id, UNGDB_REPORT_RISK, UNGDB_BY_INSTITUTION, a->date, ctx->on);
        ungdb_finding *f;
        if (r && r->date.day == a->date.day) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_OK, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA,
                      "Eleven blev vurderet i risiko for frafald den %s og indberettet samme dag.",
                      rules_ds(ctx, a->date));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was judged at risk of dropout on %s and reported the same day.",
                      rules_ds(ctx, a->date));
        } else if (r) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
            int late = r->date.day - a->date.day;
            rules_say(ctx, f, LANG_DA,
                      "Eleven blev vurderet i risiko den %s og indberettet den %s, %d dage efter. "
                      "§ 36 kræver indberetning hurtigst muligt; en person må vurdere, om det "
                      "var tilfældet.",
                      rules_ds(ctx, a->date), rules_ds(ctx, r->date), late);
            rules_say(ctx, f, LANG_EN,
                      "The pupil was judged at risk on %s and reported on %s, %d days later. "
                      "§ 36 requires a report as soon as possible; a person must judge whether "
                      "it was.",
                      rules_ds(ctx, a->date), rules_ds(ctx, r->date), late);
            rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, r->date));
        } else {
            bool over = ctx->on.day > a->date.day;
            f = rules_finding(ctx, rule, over ? UNGDB_FINDING_OVERDUE : UNGDB_FINDING_DUE, a->date,
                              subj);
            rules_say(ctx, f, LANG_DA,
                      "Eleven blev vurderet i risiko for frafald den %s, men der er ingen "
                      "indberetning til Ungedatabasen. Indberetning skal ske hurtigst muligt "
                      "(§ 36).",
                      rules_ds(ctx, a->date));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was judged at risk of dropout on %s, but there is no report to "
                      "Ungedatabasen. The report is due as soon as possible (§ 36).",
                      rules_ds(ctx, a->date));
        }
        rules_fact(ctx, f, "assessment_date", "%s", rules_ds(ctx, a->date));
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen konkret vurdering af risiko for frafald er registreret.",
                 "No concrete assessment of a dropout risk is recorded.");
    }
}

/* ------------------------------------------ ubd.concrete_assessment -- */

static const ungdb_assessment *assessment_for(const ungdb_case *c, const ungdb_report *r)
{
    if (r->assessment)
        for (size_t i = 0; i < c->nassessments; i++)
            if (c->assessments[i].id && !strcmp(c->assessments[i].id, r->assessment))
                return &c->assessments[i];
    const ungdb_assessment *best = NULL;
    for (size_t i = 0; i < c->nassessments; i++) {
        const ungdb_assessment *a = &c->assessments[i];
        if (strcmp(a->enrolment, r->enrolment) || a->date.day > r->date.day) continue;
        if (!best || a->date.day >= best->date.day) best = a;
    }
    return best;
}

/* vejledningsbekendtgørelsen § 36 with the guide's section 1.2: a risk report
 * always rests on a concrete assessment of the individual pupil's current
 * risk, never on belonging to a group that is statistically more at risk;
 * a risk arising only from the training placement is normally not a risk
 * under the conduct rules (the institution judges). */
static void rule_concrete(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nreports; i++) {
        const ungdb_report *r = &c->reports[i];
        if (r->kind != UNGDB_REPORT_RISK || r->by != UNGDB_BY_INSTITUTION ||
            r->date.day > ctx->on.day)
            continue;
        any = true;
        snprintf(subj, sizeof subj, "reports[%zu]", i);
        const ungdb_assessment *a = assessment_for(c, r);
        ungdb_finding *f;
        if (!a) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA,
                      "Indberetningen af %s om risiko for frafald har ingen registreret vurdering. "
                      "En indberetning skal bygge på en konkret vurdering af elevens aktuelle "
                      "risiko; en person må bekræfte, at den gjorde det.",
                      rules_ds(ctx, r->date));
            rules_say(ctx, f, LANG_EN,
                      "The risk report of %s has no recorded assessment. A report must rest on a "
                      "concrete assessment of the pupil's current risk; a person must confirm "
                      "that it did.",
                      rules_ds(ctx, r->date));
            rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, r->date));
            continue;
        }
        ungdb_finding_status st = UNGDB_FINDING_OK;
        if (a->at_risk == UNGDB_NO || a->basis == UNGDB_BASIS_GROUP_STATISTICS)
            st = UNGDB_FINDING_BREACH;
        else if (a->at_risk == UNGDB_UNKNOWN || a->basis != UNGDB_BASIS_CONCRETE)
            st = UNGDB_FINDING_JUDGEMENT;
        f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, r->date));
        rules_fact(ctx, f, "assessment_date", "%s", rules_ds(ctx, a->date));
        rules_fact(ctx, f, "basis", "%s",
                   a->basis == UNGDB_BASIS_CONCRETE             ? "concrete"
                   : a->basis == UNGDB_BASIS_GROUP_STATISTICS   ? "group_statistics"
                   : a->basis == UNGDB_BASIS_TRAINING_PLACEMENT ? "training_placement"
                                                                : "not recorded");
        rules_say(ctx, f, LANG_DA, "Indberetningen af %s bygger på vurderingen af %s. ",
                  rules_ds(ctx, r->date), rules_ds(ctx, a->date));
        rules_say(ctx, f, LANG_EN, "The report of %s rests on the assessment of %s. ",
                  rules_ds(ctx, r->date), rules_ds(ctx, a->date));
        if (a->at_risk == UNGDB_NO) {
            rules_say(ctx, f, LANG_DA,
                      "Vurderingen fandt ikke eleven i risiko, så der skulle ikke indberettes.");
            rules_say(ctx, f, LANG_EN,
                      "The assessment did not find the pupil at risk, so no report was due.");
        } else if (a->basis == UNGDB_BASIS_GROUP_STATISTICS) {
            rules_say(ctx, f, LANG_DA,
                      "Den bygger alene på, at eleven tilhører en gruppe, der statistisk er i "
                      "øget risiko. Det er ikke grundlag for en indberetning; der kræves en "
                      "konkret vurdering af den enkelte elevs aktuelle risiko.");
            rules_say(ctx, f, LANG_EN,
                      "It rests only on the pupil belonging to a group that is statistically "
                      "more at risk. That is no ground for a report; a concrete assessment of "
                      "the individual pupil's current risk is required.");
        } else if (a->basis == UNGDB_BASIS_TRAINING_PLACEMENT) {
            rules_say(ctx, f, LANG_DA,
                      "Risikoen vedrører alene forhold i oplæringen, hvilket normalt ikke er "
                      "risiko for frafald efter studie- og ordensreglerne; institutionen "
                      "vurderer.");
            rules_say(ctx, f, LANG_EN,
                      "The risk concerns only the training placement, which is normally not a "
                      "dropout risk under the conduct rules; the institution judges.");
        } else if (st == UNGDB_FINDING_JUDGEMENT) {
            rules_say(ctx, f, LANG_DA,
                      "Vurderingens grundlag eller resultat er ikke registreret; en person må "
                      "bekræfte, at den var konkret.");
            rules_say(ctx, f, LANG_EN,
                      "The assessment's basis or outcome is not recorded; a person must confirm "
                      "that it was concrete.");
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Det er en konkret vurdering af elevens aktuelle risiko for frafald.");
            rules_say(ctx, f, LANG_EN,
                      "It is a concrete assessment of the pupil's current risk of dropout.");
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Institutionen har ikke indberettet risiko for frafald.",
                 "The institution has not reported a dropout risk.");
    }
}

/* --------------------------------------------- ubd.not_when_leaving -- */

static const char *leave_da(ungdb_leave_reason r)
{
    switch (r) {
    case UNGDB_LEAVE_OTHER_EDUCATION:
        return "er kommet ind på en anden uddannelse";
    case UNGDB_LEAVE_FULLTIME_JOB:
        return "har fået et fuldtidsarbejde";
    case UNGDB_LEAVE_ABROAD:
        return "skal rejse eller flytte til udlandet";
    default:
        return "stopper af en anden grund";
    }
}
static const char *leave_en(ungdb_leave_reason r)
{
    switch (r) {
    case UNGDB_LEAVE_OTHER_EDUCATION:
        return "got into another education";
    case UNGDB_LEAVE_FULLTIME_JOB:
        return "got a full-time job";
    case UNGDB_LEAVE_ABROAD:
        return "will travel or move abroad";
    default:
        return "stops for another reason";
    }
}

/* vejledningsbekendtgørelsen § 31 with the guide's section 1.2: a pupil who
 * is about to stop after announcing another education, a full-time job or
 * travelling or moving abroad is not reported as at risk of dropout (in
 * doubt, the institution contacts KUI in the pupil's municipality). */
static void rule_not_when_leaving(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[160];
    bool any = false;
    for (size_t i = 0; i < c->nenrolments; i++) {
        const ungdb_enrolment *e = &c->enrolments[i];
        const ungdb_announcement *an = e->announcement;
        if (!an || an->date.day > ctx->on.day) continue;
        if (an->kind != UNGDB_LEAVE_OTHER_EDUCATION && an->kind != UNGDB_LEAVE_FULLTIME_JOB &&
            an->kind != UNGDB_LEAVE_ABROAD)
            continue;
        any = true;
        subject_of(c, e, subj, sizeof subj);
        const ungdb_report *r =
            first_report(c, e->id, UNGDB_REPORT_RISK, UNGDB_BY_INSTITUTION, an->date, ctx->on);
        ungdb_finding *f = rules_finding(ctx, rule, r ? UNGDB_FINDING_BREACH : UNGDB_FINDING_OK,
                                         UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "announcement_date", "%s", rules_ds(ctx, an->date));
        rules_say(ctx, f, LANG_DA, "Eleven meddelte den %s, at eleven %s. ",
                  rules_ds(ctx, an->date), leave_da(an->kind));
        rules_say(ctx, f, LANG_EN, "On %s the pupil said they %s. ", rules_ds(ctx, an->date),
                  leave_en(an->kind));
        if (r) {
            rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, r->date));
            rules_say(ctx, f, LANG_DA,
                      "Alligevel blev eleven indberettet i risiko for frafald den %s; en sådan "
                      "elev skal ikke indberettes som frafaldstruet.",
                      rules_ds(ctx, r->date));
            rules_say(ctx, f, LANG_EN,
                      "Still the pupil was reported at risk of dropout on %s; such a pupil is not "
                      "to be reported at risk.",
                      rules_ds(ctx, r->date));
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Eleven skal ikke indberettes som frafaldstruet (ved tvivl: kontakt KUI i "
                      "elevens bopælskommune). Et afbrud indberettes som afbrud.");
            rules_say(ctx, f, LANG_EN,
                      "The pupil is not to be reported at risk (in doubt: contact KUI in the "
                      "pupil's municipality). An interruption is reported as an interruption.");
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA,
                  "Eleven har ikke meddelt en anden uddannelse, et fuldtidsarbejde eller "
                  "udlandsophold.");
        rules_say(ctx, f, LANG_EN,
                  "The pupil has not announced another education, a full-time job or going "
                  "abroad.");
    }
}

/* ------------------------------------------------ ubd.concern_notice -- */

/* vejledningsbekendtgørelsen § 36, stk. 2: when the institution has told a
 * pupil that it finds the absence of concerning extent, it reports a risk of
 * dropout to Ungedatabasen at the same time, i.e. on the same day. */
static void rule_concern_notice(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nnotices; i++) {
        const ungdb_notice *n = &c->notices[i];
        if (n->kind != UNGDB_NOTICE_CONCERN_ABSENCE || n->date.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "notices[%zu]", i);
        const ungdb_enrolment *e = rules_enrolment(c, n->enrolment);
        if (!in_scope_or_say(ctx, rule, e, n->date, subj, "Meddelelse om bekymrende fravær",
                             "Notice of concerning absence"))
            continue;
        const ungdb_report *same =
            first_report(c, e->id, UNGDB_REPORT_RISK, UNGDB_BY_INSTITUTION, n->date, n->date);
        const ungdb_report *later =
            first_report(c, e->id, UNGDB_REPORT_RISK, UNGDB_BY_INSTITUTION, n->date, ctx->on);
        const ungdb_report *earlier = last_report_before(c, e->id, n->date);
        ungdb_finding *f;
        if (same) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_OK, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA,
                      "Eleven fik den %s meddelelse om bekymrende fravær, og risiko for frafald "
                      "blev indberettet samme dag.",
                      rules_ds(ctx, n->date));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was told on %s that the absence is of concerning extent, and a "
                      "dropout risk was reported the same day.",
                      rules_ds(ctx, n->date));
        } else if (later) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_BREACH, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, later->date));
            rules_say(ctx, f, LANG_DA,
                      "Eleven fik den %s meddelelse om bekymrende fravær, men risiko for frafald "
                      "blev først indberettet den %s; indberetningen skal ske samtidig.",
                      rules_ds(ctx, n->date), rules_ds(ctx, later->date));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was told on %s that the absence is of concerning extent, but the "
                      "risk was only reported on %s; the report must be made at the same time.",
                      rules_ds(ctx, n->date), rules_ds(ctx, later->date));
        } else if (earlier) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "earlier_report_date", "%s", rules_ds(ctx, earlier->date));
            rules_say(ctx, f, LANG_DA,
                      "Eleven fik den %s meddelelse om bekymrende fravær. Der er ingen "
                      "indberetning samme dag, men en tidligere indberetning af risiko af %s; en "
                      "person må vurdere, om den dækker den aktuelle bekymring.",
                      rules_ds(ctx, n->date), rules_ds(ctx, earlier->date));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was told on %s that the absence is of concerning extent. There "
                      "is no report that day, but an earlier risk report of %s; a person must "
                      "judge whether it covers the present concern.",
                      rules_ds(ctx, n->date), rules_ds(ctx, earlier->date));
        } else {
            bool over = ctx->on.day > n->date.day;
            f = rules_finding(ctx, rule, over ? UNGDB_FINDING_OVERDUE : UNGDB_FINDING_DUE, n->date,
                              subj);
            rules_say(ctx, f, LANG_DA,
                      "Eleven fik den %s meddelelse om bekymrende fravær; risiko for frafald skal "
                      "indberettes samtidig, og der er ingen indberetning.",
                      rules_ds(ctx, n->date));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was told on %s that the absence is of concerning extent; a "
                      "dropout risk must be reported at the same time, and there is no report.",
                      rules_ds(ctx, n->date));
        }
        rules_fact(ctx, f, "notice_date", "%s", rules_ds(ctx, n->date));
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA, "Eleven har ikke fået meddelelse om bekymrende fravær.");
        rules_say(ctx, f, LANG_EN,
                  "The pupil has not been told the absence is of concerning "
                  "extent.");
    }
}

/* ------------------------------------------------------ ubd.guardians -- */

/* vejledningsbekendtgørelsen § 36, stk. 3: when the pupil is under 18 at the
 * time of the assessment, the institution tells the holder(s) of parental
 * responsibility, immediately after ("umiddelbart efter") the report.
 * Convention (docs/rules.md): immediately after = on the day of the report or
 * the next working day. */
static void rule_guardians(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nreports; i++) {
        const ungdb_report *r = &c->reports[i];
        if (r->kind != UNGDB_REPORT_RISK || r->by != UNGDB_BY_INSTITUTION ||
            r->date.day > ctx->on.day)
            continue;
        any = true;
        snprintf(subj, sizeof subj, "reports[%zu]", i);
        const ungdb_assessment *a = assessment_for(c, r);
        ungdb_date adate = a ? a->date : r->date;
        int age = ungdb_age_on(c->person.birth, adate);
        ungdb_finding *f;
        if (age >= 18) {
            f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA,
                      "Eleven var %d år ved vurderingen den %s (født %s), ikke under 18; "
                      "forældremyndighedsindehaveren skal ikke underrettes efter § 36, stk. 3.",
                      age, rules_ds(ctx, adate), rules_ds(ctx, c->person.birth));
            rules_say(ctx, f, LANG_EN,
                      "The pupil was %d at the assessment on %s (born %s), not under 18; the "
                      "holder of parental responsibility need not be told under § 36, stk. 3.",
                      age, rules_ds(ctx, adate), rules_ds(ctx, c->person.birth));
            rules_fact(ctx, f, "age_at_assessment", "%d", age);
            continue;
        }
        ungdb_date due = ungdb_add_working_days(r->date, 1);
        const ungdb_guardian_notice *g = NULL;
        for (size_t k = 0; k < c->nguardian_notices; k++) {
            const ungdb_guardian_notice *x = &c->guardian_notices[k];
            if (x->report && (!r->id || strcmp(x->report, r->id))) continue;
            if (x->date.day < r->date.day || x->date.day > ctx->on.day) continue;
            if (!g || x->date.day < g->date.day) g = x;
        }
        ungdb_finding_status st;
        if (g)
            st = g->date.day <= due.day ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH;
        else
            st = ctx->on.day <= due.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
        f = rules_finding(ctx, rule, st, g && st == UNGDB_FINDING_OK ? UNGDB_DATE_NONE : due, subj);
        rules_fact(ctx, f, "age_at_assessment", "%d", age);
        rules_fact(ctx, f, "assessment_date", "%s", rules_ds(ctx, adate));
        rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, r->date));
        rules_say(ctx, f, LANG_DA,
                  "Eleven var %d år ved vurderingen den %s (født %s) og blev indberettet den %s; "
                  "forældremyndighedsindehaveren skal underrettes umiddelbart efter "
                  "indberetningen (senest %s, næste arbejdsdag). ",
                  age, rules_ds(ctx, adate), rules_ds(ctx, c->person.birth), rules_ds(ctx, r->date),
                  rules_ds(ctx, due));
        rules_say(ctx, f, LANG_EN,
                  "The pupil was %d at the assessment on %s (born %s) and was reported on %s; the "
                  "holder of parental responsibility must be told immediately after the report "
                  "(by %s, the next working day). ",
                  age, rules_ds(ctx, adate), rules_ds(ctx, c->person.birth), rules_ds(ctx, r->date),
                  rules_ds(ctx, due));
        if (g) {
            rules_fact(ctx, f, "guardian_notice_date", "%s", rules_ds(ctx, g->date));
            rules_say(ctx, f, LANG_DA, "Underretningen skete den %s.", rules_ds(ctx, g->date));
            rules_say(ctx, f, LANG_EN, "They were told on %s.", rules_ds(ctx, g->date));
        } else {
            rules_say(ctx, f, LANG_DA, "Der er ingen registreret underretning.");
            rules_say(ctx, f, LANG_EN, "No notification is recorded.");
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Institutionen har ikke indberettet risiko for frafald.",
                 "The institution has not reported a dropout risk.");
    }
}

/* ------------------------------------------- ubd.municipality_report -- */

/* vejledningsbekendtgørelsen § 39, stk. 4: the municipality may report a
 * risk when it judges the risk of interruption imminent; the report is made
 * available to the institution where the pupil is enrolled together with the
 * pupil's contact person in the municipality. */
static void rule_municipality_report(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nreports; i++) {
        const ungdb_report *r = &c->reports[i];
        if (r->kind != UNGDB_REPORT_RISK || r->by != UNGDB_BY_MUNICIPALITY ||
            r->date.day > ctx->on.day)
            continue;
        any = true;
        snprintf(subj, sizeof subj, "reports[%zu]", i);
        bool shared = ungdb_date_is_set(r->shared_with_institution) &&
                      r->shared_with_institution.day <= ctx->on.day;
        bool contact = r->contact_person != NULL;
        ungdb_finding_status st;
        if (!contact)
            st = UNGDB_FINDING_BREACH;
        else if (shared)
            st = UNGDB_FINDING_OK;
        else
            st = ctx->on.day > r->date.day ? UNGDB_FINDING_OVERDUE : UNGDB_FINDING_DUE;
        ungdb_finding *f = rules_finding(
            ctx, rule, st,
            st == UNGDB_FINDING_DUE || st == UNGDB_FINDING_OVERDUE ? r->date : UNGDB_DATE_NONE,
            subj);
        rules_fact(ctx, f, "report_date", "%s", rules_ds(ctx, r->date));
        rules_fact(ctx, f, "contact_person", "%s", contact ? "given" : "missing");
        rules_fact(ctx, f, "shared_with_institution", "%s",
                   rules_ds(ctx, r->shared_with_institution));
        rules_say(ctx, f, LANG_DA, "Kommunen indberettede risiko for frafald den %s. ",
                  rules_ds(ctx, r->date));
        rules_say(ctx, f, LANG_EN, "The municipality reported a dropout risk on %s. ",
                  rules_ds(ctx, r->date));
        if (!contact) {
            rules_say(ctx, f, LANG_DA,
                      "Elevens kontaktperson i kommunen er ikke angivet; den skal stilles til "
                      "rådighed for institutionen sammen med indberetningen. ");
            rules_say(ctx, f, LANG_EN,
                      "The pupil's contact person in the municipality is not given; it must be "
                      "made available to the institution together with the report. ");
        }
        if (shared) {
            rules_say(ctx, f, LANG_DA, "Indberetningen blev stillet til rådighed for %s den %s.",
                      rules_enrolment(c, r->enrolment)->institution
                          ? rules_enrolment(c, r->enrolment)->institution
                          : "institutionen",
                      rules_ds(ctx, r->shared_with_institution));
            rules_say(ctx, f, LANG_EN, "The report was made available to %s on %s.",
                      rules_enrolment(c, r->enrolment)->institution
                          ? rules_enrolment(c, r->enrolment)->institution
                          : "the institution",
                      rules_ds(ctx, r->shared_with_institution));
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Indberetningen er ikke stillet til rådighed for institutionen, hvor eleven "
                      "er indskrevet.");
            rules_say(ctx, f, LANG_EN,
                      "The report has not been made available to the institution where the pupil "
                      "is enrolled.");
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Kommunen har ikke indberettet risiko for frafald.",
                 "The municipality has not reported a dropout risk.");
    }
}

/* ---------------------------------------------------- ubd.interruption -- */

/* vejledningsbekendtgørelsen § 32, nr. 3, and § 33, nr. 2 (with § 31: "snarest
 * efter" the information exists): a pupil who leaves is reported as an
 * interruption (afbrud), not as a risk of dropout. */
static void rule_interruption(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[160];
    bool any = false;
    for (size_t i = 0; i < c->nenrolments; i++) {
        const ungdb_enrolment *e = &c->enrolments[i];
        if (!e->interruption || e->interruption->date.day > ctx->on.day) continue;
        any = true;
        subject_of(c, e, subj, sizeof subj);
        ungdb_date d = e->interruption->date;
        const ungdb_report *ir = first_report(c, e->id, UNGDB_REPORT_INTERRUPTION, UNGDB_BY_NONE,
                                              UNGDB_DATE_NONE, ctx->on);
        const ungdb_report *rr =
            first_report(c, e->id, UNGDB_REPORT_RISK, UNGDB_BY_INSTITUTION, d, ctx->on);
        ungdb_finding_status st;
        ungdb_date due = UNGDB_DATE_NONE;
        if (rr)
            st = UNGDB_FINDING_BREACH;
        else if (ir)
            st = UNGDB_FINDING_OK;
        else {
            st = ctx->on.day > d.day ? UNGDB_FINDING_OVERDUE : UNGDB_FINDING_DUE;
            due = d;
        }
        ungdb_finding *f = rules_finding(ctx, rule, st, due, subj);
        rules_fact(ctx, f, "interruption_date", "%s", rules_ds(ctx, d));
        rules_say(ctx, f, LANG_DA, "Uddannelsen blev afbrudt den %s. ", rules_ds(ctx, d));
        rules_say(ctx, f, LANG_EN, "The education was interrupted on %s. ", rules_ds(ctx, d));
        if (rr) {
            rules_fact(ctx, f, "risk_report_date", "%s", rules_ds(ctx, rr->date));
            rules_say(ctx, f, LANG_DA,
                      "Den %s blev det indberettet som risiko for frafald; et afbrud skal "
                      "indberettes som afbrud, ikke som risiko.",
                      rules_ds(ctx, rr->date));
            rules_say(ctx, f, LANG_EN,
                      "On %s it was reported as a risk of dropout; an interruption is reported as "
                      "an interruption, not as a risk.",
                      rules_ds(ctx, rr->date));
        } else if (ir) {
            rules_fact(ctx, f, "interruption_report_date", "%s", rules_ds(ctx, ir->date));
            rules_say(ctx, f, LANG_DA, "Afbruddet blev indberettet den %s.",
                      rules_ds(ctx, ir->date));
            rules_say(ctx, f, LANG_EN, "The interruption was reported on %s.",
                      rules_ds(ctx, ir->date));
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Afbruddet er ikke indberettet; det skal indberettes som afbrud snarest "
                      "efter, at oplysningen foreligger (§ 31).");
            rules_say(ctx, f, LANG_EN,
                      "The interruption is not reported; it must be reported as an interruption "
                      "as soon as the information exists (§ 31).");
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen uddannelse er afbrudt.", "No education is interrupted.");
    }
}

/* ------------------------------------------------------------- table -- */

static const rules_def defs[] = {
    {{"ubd.scope", "ubd", VBK " § 31, stk. 2 og 4",
      "Omfattet af indberetningspligten: 15-29 år, ingen ungdoms- eller videregående uddannelse, "
      "bopæl i Danmark, forløb på mindst 6 uger",
      "Covered by the duty to report: aged 15-29, no completed youth or higher education, "
      "resident in Denmark, course of at least 6 weeks",
      false},
     rule_scope},
    {{"ubd.candidate", "ubd",
      VBK " § 36; bekendtgørelse om erhvervsuddannelser § 55, stk. 2, nr. 9",
      "Kandidat efter institutionens kriterier; indberetning kræver en persons konkrete vurdering",
      "Candidate under the institution's criteria; a report needs a person's concrete assessment",
      false},
     rule_candidate},
    {{"ubd.report_promptly", "ubd", VBK " § 36",
      "Elev vurderet i risiko for frafald indberettes hurtigst muligt",
      "A pupil judged at risk of dropout is reported as soon as possible", false},
     rule_report_promptly},
    {{"ubd.concrete_assessment", "ubd", VBK " § 36 (vejledningen afsnit 1.2)",
      "Indberetning bygger på en konkret vurdering, ikke på gruppestatistik",
      "A report rests on a concrete assessment, not on group statistics", false},
     rule_concrete},
    {{"ubd.not_when_leaving", "ubd", VBK " § 31 (vejledningen afsnit 1.2)",
      "Ikke indberette risiko, når eleven har meddelt anden uddannelse, fuldtidsarbejde eller "
      "udlandsophold",
      "No risk report when the pupil has announced another education, a full-time job or going "
      "abroad",
      false},
     rule_not_when_leaving},
    {{"ubd.concern_notice", "ubd", VBK " § 36, stk. 2",
      "Meddelelse om bekymrende fravær: samtidig indberetning af risiko for frafald",
      "Notice of concerning absence: a risk report at the same time", false},
     rule_concern_notice},
    {{"ubd.guardians", "ubd", VBK " § 36, stk. 3",
      "Elev under 18: forældremyndighedsindehaveren underrettes umiddelbart efter indberetningen",
      "Pupil under 18: the holder of parental responsibility is told right after the report",
      false},
     rule_guardians},
    {{"ubd.municipality_report", "ubd", VBK " § 39, stk. 4",
      "Kommunens indberetning stilles til rådighed for institutionen med kontaktpersonen",
      "The municipality's report is made available to the institution with the contact person",
      false},
     rule_municipality_report},
    {{"ubd.interruption", "ubd", VBK " § 32, nr. 3, og § 33, nr. 2",
      "Afbrud indberettes som afbrud, ikke som risiko for frafald",
      "An interruption is reported as an interruption, not as a risk of dropout", false},
     rule_interruption},
};

const rules_family rules_family_ubd = {"ubd", defs, sizeof defs / sizeof defs[0]};
