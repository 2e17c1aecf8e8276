/* stu.c - family "stu": the youth education for young people with special
 * needs (seed 003: lov om ungdomsuddannelse for unge med særlige behov,
 * LBK nr. 610 af 28. maj 2019). The rules read the case's `stu` object (and
 * the person's birth date); docs/rules.md documents every rule and the
 * conventions chosen where the act is silent.
 *
 * Periods: "N år/måneder efter" a day ends on the day with the same number N
 * years/months later, or on the month's last day when that month has no such
 * day (2020-02-29 + 5 years = 2025-02-28; 2024-03-31 + 1 month = 2024-04-30):
 * the usual Danish way of counting a deadline in months and years. Ages
 * (the 25th birthday) follow ungdb_birthday: born 29 February, 25 on 1 March
 * in a common year. */
#include "rules/rules_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LOV "lov om ungdomsuddannelse for unge med særlige behov"

/* § 2, stk. 3 and § 8, stk. 2: the age limit. */
#define STU_AGE_LIMIT 25
/* § 4, stk. 2: a clarification period of up to 12 weeks = 84 days. */
#define STU_CLARIFICATION_DAYS 84
/* § 7, stk. 1: at least 840 teaching hours a year (in thousandths). */
#define STU_YEAR_MILLIHOURS 840000
/* § 7, stk. 3: practical activities count 4.2 hours a day (thousandths). */
#define STU_PRACTICAL_DAY_MILLIHOURS 4200
/* § 2, stk. 4: completed at the latest 5 years after the start. */
#define STU_COMPLETION_MONTHS 60
/* § 4, stk. 4: the plan adjusted at least once a year. */
#define STU_REVIEW_MONTHS 12
/* § 5 a, stk. 4: a refund claim at the latest 12 months after the teaching. */
#define STU_REFUND_MONTHS 12

/* ------------------------------------------------------------ helpers -- */

/* `d` plus `months` months: the same day number, or the month's last day
 * when the month is shorter (docs/rules.md, "Periods"). */
static ungdb_date add_months(ungdb_date d, int months)
{
    int y, m, dd;
    ungdb_date_to_ymd(d, &y, &m, &dd);
    int idx = y * 12 + (m - 1) + months;
    y = idx / 12;
    m = idx % 12 + 1;
    while (dd > 28 && !ungdb_ymd_valid(y, m, dd))
        dd--;
    return ungdb_date_from_ymd(y, m, dd);
}

static int days_between(ungdb_date a, ungdb_date b)
{
    return (int)(b.day - a.day);
}

/* Thousandths as a decimal number with `sep` as the decimal mark, trailing
 * zeros dropped: 839500 -> "839.5", 840000 -> "840". */
static const char *fmt_milli(char *buf, size_t n, int64_t milli, char sep)
{
    const char *sign = milli < 0 ? "-" : "";
    uint64_t a = milli < 0 ? (uint64_t)(-milli) : (uint64_t)milli;
    uint64_t frac = a % 1000;
    if (!frac) {
        snprintf(buf, n, "%s%llu", sign, (unsigned long long)(a / 1000));
        return buf;
    }
    int digits = 3;
    while (frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    snprintf(buf, n, "%s%llu%c%0*llu", sign, (unsigned long long)(a / 1000), sep, digits,
             (unsigned long long)frac);
    return buf;
}

/* "12 uger", "12 uger og 1 dag", "11 uger og 5 dage" (Danish) or English. */
static const char *weeks_days(char *buf, size_t n, int days, rules_lang lang)
{
    int w = days / 7, d = days % 7;
    if (lang == LANG_DA)
        snprintf(buf, n, "%d %s%s%.0d%s", w, w == 1 ? "uge" : "uger", d ? " og " : "", d,
                 d == 0   ? ""
                 : d == 1 ? " dag"
                          : " dage");
    else
        snprintf(buf, n, "%d %s%s%.0d%s", w, w == 1 ? "week" : "weeks", d ? " and " : "", d,
                 d == 0   ? ""
                 : d == 1 ? " day"
                          : " days");
    return buf;
}

static const char *const tri_da[] = {"ikke oplyst", "nej", "ja"};
static const char *const tri_en[] = {"not recorded", "no", "yes"};

/* The case has no STU facts: one not-applicable finding; returns true. */
static bool no_stu(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (ctx->c->stu) return false;
    rules_na(ctx, rule, "Sagen har ingen STU-oplysninger.", "The case has no STU facts.");
    return true;
}

/* The 25th birthday (§ 2, stk. 3; § 8, stk. 2). */
static ungdb_date turns_25(const ungdb_case *c)
{
    return ungdb_birthday(c->person.birth, STU_AGE_LIMIT);
}

/* The education has ended on or before `on` (stu.end recorded). */
static bool ended_by(const ungdb_stu *s, ungdb_date on)
{
    return ungdb_date_is_set(s->end) && s->end.day <= on.day;
}

/* The earliest plan of kind `kind` (0 = any) dated in [lo, hi]; NULL if none.
 * Sets *idx to its index. */
static const ungdb_stu_plan *first_plan(const ungdb_stu *s, int kind, ungdb_date lo, ungdb_date hi,
                                        size_t *idx)
{
    const ungdb_stu_plan *best = NULL;
    for (size_t i = 0; i < s->nplans; i++) {
        const ungdb_stu_plan *p = &s->plans[i];
        if (kind && (int)p->kind != kind) continue;
        if (p->date.day < lo.day || p->date.day > hi.day) continue;
        if (!best || p->date.day < best->date.day) {
            best = p;
            if (idx) *idx = i;
        }
    }
    return best;
}

/* ------------------------------------------------------- stu.decision -- */

/* § 3, stk. 1-2: the municipality decides whether the young person is
 * covered by § 2, stk. 1 (can be admitted), after consulting the young person
 * and the parents. The judgement itself is the municipality's; the engine
 * checks that a decision exists before the start, that it was made after
 * consultation, and that nobody starts who was found not eligible. § 2,
 * stk. 2: the offer is given in connection with the end of compulsory (or
 * continued) schooling - no number of days, so a missing decision after the
 * schooling ended is left to a person. */
static void rule_decision(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    const ungdb_stu_decision *d = s->decision;
    bool started = ungdb_date_is_set(s->start) && s->start.day <= ctx->on.day;
    if (!d) {
        ungdb_finding *f =
            rules_finding(ctx, rule, started ? UNGDB_FINDING_BREACH : UNGDB_FINDING_JUDGEMENT,
                          UNGDB_DATE_NONE, "stu");
        if (started) {
            rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
            rules_say(ctx, f, LANG_DA,
                      "Uddannelsen begyndte den %s, men der er ingen registreret afgørelse om, "
                      "at den unge er omfattet og kan optages (§ 3, stk. 1-2).",
                      rules_ds(ctx, s->start));
            rules_say(ctx, f, LANG_EN,
                      "The education started on %s, but no decision that the young person is "
                      "covered and can be admitted is recorded (§ 3, stk. 1-2).",
                      rules_ds(ctx, s->start));
            return;
        }
        rules_say(ctx, f, LANG_DA,
                  "Der er ingen registreret afgørelse. Kommunalbestyrelsen afgør efter samråd "
                  "med den unge og forældrene, om den unge er omfattet af § 2, stk. 1 (§ 3, "
                  "stk. 1-2); det er en persons vurdering.");
        rules_say(ctx, f, LANG_EN,
                  "No decision is recorded. The municipality decides, after consulting the young "
                  "person and the parents, whether the young person is covered by § 2, stk. 1 "
                  "(§ 3, stk. 1-2); that is a person's judgement.");
        if (ungdb_date_is_set(s->schooling_ended)) {
            rules_fact(ctx, f, "schooling_ended", "%s", rules_ds(ctx, s->schooling_ended));
            rules_say(ctx, f, LANG_DA,
                      " Undervisningen sluttede den %s; tilbuddet gives i forbindelse med "
                      "undervisningens ophør (§ 2, stk. 2).",
                      rules_ds(ctx, s->schooling_ended));
            rules_say(ctx, f, LANG_EN,
                      " Schooling ended on %s; the offer is given in connection with the end of "
                      "schooling (§ 2, stk. 2).",
                      rules_ds(ctx, s->schooling_ended));
        }
        return;
    }
    ungdb_finding_status st = UNGDB_FINDING_OK;
    if (d->consulted == UNGDB_UNKNOWN || d->eligible == UNGDB_UNKNOWN) st = UNGDB_FINDING_JUDGEMENT;
    bool started_before = started && s->start.day < d->date.day;
    bool started_not_eligible = started && d->eligible == UNGDB_NO;
    if (d->consulted == UNGDB_NO || started_before || started_not_eligible)
        st = UNGDB_FINDING_BREACH;
    ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, "stu.decision");
    rules_fact(ctx, f, "decision_date", "%s", rules_ds(ctx, d->date));
    rules_fact(ctx, f, "eligible", "%s", tri_en[d->eligible]);
    rules_fact(ctx, f, "consulted", "%s", tri_en[d->consulted]);
    rules_say(ctx, f, LANG_DA,
              "Kommunalbestyrelsen traf afgørelse den %s: omfattet og kan optages: %s; samråd "
              "med den unge og forældrene: %s. ",
              rules_ds(ctx, d->date), tri_da[d->eligible], tri_da[d->consulted]);
    rules_say(ctx, f, LANG_EN,
              "The municipality decided on %s: covered and can be admitted: %s; the young person "
              "and the parents consulted: %s. ",
              rules_ds(ctx, d->date), tri_en[d->eligible], tri_en[d->consulted]);
    if (started) rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
    if (d->consulted == UNGDB_NO) {
        rules_say(ctx, f, LANG_DA,
                  "§ 3, stk. 2, kræver samråd med den unge og forældrene før afgørelsen. ");
        rules_say(ctx, f, LANG_EN,
                  "§ 3, stk. 2, requires consulting the young person and the parents before the "
                  "decision. ");
    }
    if (started_before) {
        rules_say(ctx, f, LANG_DA, "Uddannelsen begyndte allerede den %s, før afgørelsen. ",
                  rules_ds(ctx, s->start));
        rules_say(ctx, f, LANG_EN, "The education started on %s, before the decision. ",
                  rules_ds(ctx, s->start));
    }
    if (started_not_eligible) {
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen begyndte den %s, selv om afgørelsen var, at den unge ikke kan "
                  "optages. ",
                  rules_ds(ctx, s->start));
        rules_say(ctx, f, LANG_EN,
                  "The education started on %s although the decision was that the young person "
                  "cannot be admitted. ",
                  rules_ds(ctx, s->start));
    }
    if (st == UNGDB_FINDING_JUDGEMENT) {
        rules_say(ctx, f, LANG_DA, "En oplysning mangler; en person må vurdere. ");
        rules_say(ctx, f, LANG_EN, "A fact is missing; a person must judge. ");
    }
    rules_say(ctx, f, LANG_DA,
              "Vurderingen af, om den unge er omfattet, er kommunalbestyrelsens; afgørelsen kan "
              "indbringes for Klagenævnet for Specialundervisning (§ 12, stk. 2).");
    rules_say(ctx, f, LANG_EN,
              "Whether the young person is covered is the municipality's judgement; the decision "
              "can be appealed to Klagenævnet for Specialundervisning (§ 12, stk. 2).");
}

/* ------------------------------------------------------ stu.age_limit -- */

/* § 2, stk. 3: the offer can be received until the 25th birthday ("indtil
 * det fyldte 25. år"). Convention (docs/rules.md): the education must START
 * at the latest the day before the 25th birthday; once started it continues
 * under the 5-year rule (§ 2, stk. 4). There is no exception to this limit
 * in the act (§ 8, stk. 3 waives only the limit for resumption). */
static void rule_age_limit(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_case *c = ctx->c;
    const ungdb_stu *s = c->stu;
    ungdb_date b25 = turns_25(c);
    ungdb_date last = ungdb_add_days(b25, -1);
    if (ungdb_date_is_set(s->start)) {
        int age = ungdb_age_on(c->person.birth, s->start);
        bool ok = s->start.day < b25.day;
        ungdb_finding *f = rules_finding(ctx, rule, ok ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH,
                                         UNGDB_DATE_NONE, "stu");
        rules_fact(ctx, f, "birth_date", "%s", rules_ds(ctx, c->person.birth));
        rules_fact(ctx, f, "turns_25", "%s", rules_ds(ctx, b25));
        rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
        rules_fact(ctx, f, "age_at_start", "%d", age);
        rules_say(ctx, f, LANG_DA,
                  "Den unge (født %s) fylder 25 år den %s og begyndte uddannelsen den %s, %d år "
                  "gammel. ",
                  rules_ds(ctx, c->person.birth), rules_ds(ctx, b25), rules_ds(ctx, s->start), age);
        rules_say(ctx, f, LANG_EN,
                  "The young person (born %s) turns 25 on %s and started the education on %s, "
                  "aged %d. ",
                  rules_ds(ctx, c->person.birth), rules_ds(ctx, b25), rules_ds(ctx, s->start), age);
        if (ok) {
            rules_say(ctx, f, LANG_DA,
                      "Tilbuddet blev modtaget før det fyldte 25. år (§ 2, stk. 3).");
            rules_say(ctx, f, LANG_EN,
                      "The offer was received before the 25th birthday (§ 2, stk. 3).");
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Tilbuddet kan kun modtages indtil det fyldte 25. år, dvs. senest den %s "
                      "(§ 2, stk. 3).",
                      rules_ds(ctx, last));
            rules_say(ctx, f, LANG_EN,
                      "The offer can be received only until the 25th birthday, i.e. at the latest "
                      "on %s (§ 2, stk. 3).",
                      rules_ds(ctx, last));
        }
        return;
    }
    if (s->decision && s->decision->eligible == UNGDB_NO) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Afgørelsen er, at den unge ikke kan optages (§ 3).");
        rules_say(ctx, f, LANG_EN,
                  "The decision is that the young person cannot be admitted (§ 3).");
        return;
    }
    int age = ungdb_age_on(c->person.birth, ctx->on);
    bool before = ctx->on.day < b25.day;
    ungdb_finding *f =
        rules_finding(ctx, rule, before ? UNGDB_FINDING_DUE : UNGDB_FINDING_JUDGEMENT,
                      before ? last : UNGDB_DATE_NONE, "stu");
    rules_fact(ctx, f, "birth_date", "%s", rules_ds(ctx, c->person.birth));
    rules_fact(ctx, f, "turns_25", "%s", rules_ds(ctx, b25));
    rules_fact(ctx, f, "age", "%d", age);
    if (before) {
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen er ikke begyndt. Den unge er %d år den %s og fylder 25 år den %s; "
                  "tilbuddet kan modtages indtil da, dvs. uddannelsen skal begynde senest den %s "
                  "(§ 2, stk. 3).",
                  age, rules_ds(ctx, ctx->on), rules_ds(ctx, b25), rules_ds(ctx, last));
        rules_say(ctx, f, LANG_EN,
                  "The education has not started. The young person is %d on %s and turns 25 on "
                  "%s; the offer can be received until then, so the education must start at the "
                  "latest on %s (§ 2, stk. 3).",
                  age, rules_ds(ctx, ctx->on), rules_ds(ctx, b25), rules_ds(ctx, last));
    } else {
        rules_say(ctx, f, LANG_DA,
                  "Den unge fyldte 25 år den %s uden at have begyndt uddannelsen; retten til "
                  "tilbuddet efter § 2, stk. 3, er ophørt. En person må vurdere, om tilbuddet "
                  "blev givet rettidigt (§ 2, stk. 2).",
                  rules_ds(ctx, b25));
        rules_say(ctx, f, LANG_EN,
                  "The young person turned 25 on %s without having started the education; the "
                  "right to the offer under § 2, stk. 3, has ended. A person must judge whether "
                  "the offer was made in time (§ 2, stk. 2).",
                  rules_ds(ctx, b25));
    }
}

/* ------------------------------------------------------------ stu.plan -- */

/* § 3, stk. 3 (with § 2, stk. 1 "3-årig"): after a decision that the young
 * person can be admitted, the municipality makes a 3-year individual
 * education plan; without a clarification period the final plan follows the
 * decision (§ 4, stk. 3). Convention: a plan (initial or final) must exist by
 * the start of the education; the latest one must cover 3 years. */
static void rule_plan(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!s->decision || s->decision->eligible != UNGDB_YES) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA,
                  "Der er ingen registreret afgørelse om, at den unge kan optages (§ 3, stk. 3).");
        rules_say(ctx, f, LANG_EN,
                  "No decision that the young person can be admitted is recorded (§ 3, stk. 3).");
        return;
    }
    size_t li = 0;
    const ungdb_stu_plan *first = NULL, *latest = NULL;
    for (size_t i = 0; i < s->nplans; i++) {
        const ungdb_stu_plan *p = &s->plans[i];
        if (p->kind != UNGDB_STU_PLAN_INITIAL && p->kind != UNGDB_STU_PLAN_FINAL) continue;
        if (p->date.day > ctx->on.day) continue;
        if (!first || p->date.day < first->date.day) first = p;
        if (!latest || p->date.day >= latest->date.day) latest = p, li = i;
    }
    bool has_start = ungdb_date_is_set(s->start);
    if (!first) {
        ungdb_finding_status st = !has_start                    ? UNGDB_FINDING_JUDGEMENT
                                  : ctx->on.day <= s->start.day ? UNGDB_FINDING_DUE
                                                                : UNGDB_FINDING_OVERDUE;
        ungdb_finding *f =
            rules_finding(ctx, rule, st, has_start ? s->start : UNGDB_DATE_NONE, "stu");
        rules_fact(ctx, f, "decision_date", "%s", rules_ds(ctx, s->decision->date));
        rules_say(ctx, f, LANG_DA,
                  "Afgørelsen den %s giver adgang til uddannelsen, men der er ingen registreret "
                  "3-årig uddannelsesplan (§ 3, stk. 3). ",
                  rules_ds(ctx, s->decision->date));
        rules_say(ctx, f, LANG_EN,
                  "The decision of %s admits the young person, but no 3-year education plan is "
                  "recorded (§ 3, stk. 3). ",
                  rules_ds(ctx, s->decision->date));
        if (has_start) {
            rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
            rules_say(ctx, f, LANG_DA, "Planen skal foreligge senest ved starten den %s.",
                      rules_ds(ctx, s->start));
            rules_say(ctx, f, LANG_EN, "The plan is due at the latest at the start on %s.",
                      rules_ds(ctx, s->start));
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Loven sætter ingen frist, og starten er ikke registreret; en person må "
                      "vurdere.");
            rules_say(ctx, f, LANG_EN,
                      "The act sets no deadline and the start is not recorded; a person must "
                      "judge.");
        }
        return;
    }
    bool late = has_start && first->date.day > s->start.day;
    int years = latest->covers_years;
    ungdb_finding_status st = UNGDB_FINDING_OK;
    if (years < 0 || years > 3) st = UNGDB_FINDING_JUDGEMENT;
    if (late || (years >= 0 && years < 3)) st = UNGDB_FINDING_BREACH;
    char subj[48];
    snprintf(subj, sizeof subj, "stu.plans[%zu]", li);
    ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
    rules_fact(ctx, f, "plan_date", "%s", rules_ds(ctx, latest->date));
    if (years >= 0)
        rules_fact(ctx, f, "covers_years", "%d", years);
    else
        rules_fact(ctx, f, "covers_years", "not recorded");
    rules_say(ctx, f, LANG_DA, "Seneste uddannelsesplan: %s af %s. ",
              latest->kind == UNGDB_STU_PLAN_FINAL ? "den endelige plan" : "planen ved afgørelsen",
              rules_ds(ctx, latest->date));
    rules_say(ctx, f, LANG_EN, "Latest education plan: %s of %s. ",
              latest->kind == UNGDB_STU_PLAN_FINAL ? "the final plan"
                                                   : "the plan made with the decision",
              rules_ds(ctx, latest->date));
    if (years >= 0 && years < 3) {
        rules_say(ctx, f, LANG_DA,
                  "Den dækker %d år; uddannelsen og planen er 3-årige (§ 2, stk. 1, "
                  "§ 3, stk. 3).",
                  years);
        rules_say(ctx, f, LANG_EN,
                  "It covers %d years; the education and the plan are 3-year "
                  "(§ 2, stk. 1, § 3, stk. 3).",
                  years);
    } else if (years == 3) {
        rules_say(ctx, f, LANG_DA, "Den dækker 3 år (§ 3, stk. 3).");
        rules_say(ctx, f, LANG_EN, "It covers 3 years (§ 3, stk. 3).");
    } else if (years > 3) {
        rules_say(ctx, f, LANG_DA,
                  "Den dækker %d år; retten er en 3-årig uddannelse (§ 2, stk. 1), der skal være "
                  "færdig senest 5 år efter start (§ 2, stk. 4); en person må vurdere.",
                  years);
        rules_say(ctx, f, LANG_EN,
                  "It covers %d years; the right is to a 3-year education (§ 2, stk. 1), to be "
                  "completed within 5 years of the start (§ 2, stk. 4); a person must judge.",
                  years);
    } else {
        rules_say(ctx, f, LANG_DA,
                  "Hvor mange år den dækker, er ikke oplyst; en person må kontrollere, at den er "
                  "3-årig (§ 3, stk. 3).");
        rules_say(ctx, f, LANG_EN,
                  "How many years it covers is not recorded; a person must check that it is a "
                  "3-year plan (§ 3, stk. 3).");
    }
    if (late) {
        rules_fact(ctx, f, "first_plan_date", "%s", rules_ds(ctx, first->date));
        rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
        rules_say(ctx, f, LANG_DA, " Uddannelsen begyndte den %s, før den første plan (%s).",
                  rules_ds(ctx, s->start), rules_ds(ctx, first->date));
        rules_say(ctx, f, LANG_EN, " The education started on %s, before the first plan (%s).",
                  rules_ds(ctx, s->start), rules_ds(ctx, first->date));
    }
}

/* --------------------------------------------------- stu.clarification -- */

/* § 4, stk. 2, 1. pkt.: the education may begin with a clarification period
 * of up to 12 weeks. 12 weeks = 84 calendar days counted from the first day
 * of the period, both ends included: from 2025-08-11 the last day is
 * 2025-11-02 (84 days); a period to 2025-11-03 (85 days) is too long. */
static void rule_clarification(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!ungdb_date_is_set(s->clarification_from)) {
        bool expected = s->decision && s->decision->with_clarification == UNGDB_YES &&
                        ungdb_date_is_set(s->start) && s->start.day <= ctx->on.day;
        ungdb_finding *f =
            rules_finding(ctx, rule, expected ? UNGDB_FINDING_JUDGEMENT : UNGDB_FINDING_NA,
                          UNGDB_DATE_NONE, "stu");
        if (expected) {
            rules_say(ctx, f, LANG_DA,
                      "Afgørelsen siger, at uddannelsen indledes med et afklaringsforløb, og "
                      "uddannelsen begyndte den %s, men forløbets datoer er ikke registreret.",
                      rules_ds(ctx, s->start));
            rules_say(ctx, f, LANG_EN,
                      "The decision says the education begins with a clarification period, and it "
                      "started on %s, but the period's dates are not recorded.",
                      rules_ds(ctx, s->start));
        } else {
            rules_say(ctx, f, LANG_DA, "Der er intet registreret afklaringsforløb.");
            rules_say(ctx, f, LANG_EN, "No clarification period is recorded.");
        }
        return;
    }
    ungdb_date from = s->clarification_from;
    ungdb_date last = ungdb_add_days(from, STU_CLARIFICATION_DAYS - 1);
    if (ungdb_date_is_set(s->clarification_to)) {
        int days = days_between(from, s->clarification_to) + 1;
        char wd[48];
        bool ok = days <= STU_CLARIFICATION_DAYS;
        ungdb_finding *f = rules_finding(ctx, rule, ok ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH,
                                         UNGDB_DATE_NONE, "stu");
        rules_fact(ctx, f, "clarification_from", "%s", rules_ds(ctx, from));
        rules_fact(ctx, f, "clarification_to", "%s", rules_ds(ctx, s->clarification_to));
        rules_fact(ctx, f, "days", "%d", days);
        rules_fact(ctx, f, "last_allowed_day", "%s", rules_ds(ctx, last));
        rules_say(ctx, f, LANG_DA,
                  "Afklaringsforløbet varede fra %s til %s, %d dage (%s); det må "
                  "vare indtil 12 uger, dvs. til og med %s (§ 4, stk. 2).",
                  rules_ds(ctx, from), rules_ds(ctx, s->clarification_to), days,
                  weeks_days(wd, sizeof wd, days, LANG_DA), rules_ds(ctx, last));
        rules_say(ctx, f, LANG_EN,
                  "The clarification period lasted from %s to %s, %d days (%s); "
                  "it may last up to 12 weeks, i.e. to %s inclusive (§ 4, stk. 2).",
                  rules_ds(ctx, from), rules_ds(ctx, s->clarification_to), days,
                  weeks_days(wd, sizeof wd, days, LANG_EN), rules_ds(ctx, last));
        return;
    }
    bool late = ctx->on.day > last.day;
    ungdb_finding *f =
        rules_finding(ctx, rule, late ? UNGDB_FINDING_OVERDUE : UNGDB_FINDING_DUE, last, "stu");
    rules_fact(ctx, f, "clarification_from", "%s", rules_ds(ctx, from));
    rules_fact(ctx, f, "last_allowed_day", "%s", rules_ds(ctx, last));
    rules_say(ctx, f, LANG_DA,
              "Afklaringsforløbet begyndte den %s og har ingen registreret slutdato; det må vare "
              "indtil 12 uger, dvs. slutte senest den %s (§ 4, stk. 2).",
              rules_ds(ctx, from), rules_ds(ctx, last));
    rules_say(ctx, f, LANG_EN,
              "The clarification period began on %s and has no recorded end; it may last up to "
              "12 weeks, i.e. end at the latest on %s (§ 4, stk. 2).",
              rules_ds(ctx, from), rules_ds(ctx, last));
}

/* ---------------------------------------------- stu.clarification_plan -- */

/* § 4, stk. 2, 2. pkt.: in connection with the clarification period the
 * municipality makes the individual education plan with the young person and
 * the parents. Convention: the final plan is due at the latest on the last
 * day of the period (or of its 12 weeks, when no end is recorded); a final
 * plan made later is left to a person ("i forbindelse med" has no number of
 * days), none at all is overdue. */
static void rule_clarification_plan(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!ungdb_date_is_set(s->clarification_from)) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Der er intet registreret afklaringsforløb.");
        rules_say(ctx, f, LANG_EN, "No clarification period is recorded.");
        return;
    }
    ungdb_date from = s->clarification_from;
    ungdb_date end = ungdb_date_is_set(s->clarification_to)
                         ? s->clarification_to
                         : ungdb_add_days(from, STU_CLARIFICATION_DAYS - 1);
    size_t pi = 0;
    const ungdb_stu_plan *p = first_plan(s, UNGDB_STU_PLAN_FINAL, from, ctx->on, &pi);
    ungdb_finding_status st;
    if (p)
        st = p->date.day <= end.day ? UNGDB_FINDING_OK : UNGDB_FINDING_JUDGEMENT;
    else
        st = ctx->on.day <= end.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
    char subj[48];
    if (p) snprintf(subj, sizeof subj, "stu.plans[%zu]", pi);
    ungdb_finding *f = rules_finding(ctx, rule, st, p ? UNGDB_DATE_NONE : end, p ? subj : "stu");
    rules_fact(ctx, f, "clarification_from", "%s", rules_ds(ctx, from));
    rules_fact(ctx, f, "clarification_end", "%s", rules_ds(ctx, end));
    rules_say(ctx, f, LANG_DA,
              "Afklaringsforløbet begyndte den %s og slutter%s den %s; i forbindelse med det "
              "udarbejdes den individuelle uddannelsesplan med den unge og forældrene (§ 4, "
              "stk. 2). ",
              rules_ds(ctx, from), ungdb_date_is_set(s->clarification_to) ? "" : " senest",
              rules_ds(ctx, end));
    rules_say(ctx, f, LANG_EN,
              "The clarification period began on %s and ends%s on %s; in connection with it the "
              "individual education plan is made with the young person and the parents (§ 4, "
              "stk. 2). ",
              rules_ds(ctx, from), ungdb_date_is_set(s->clarification_to) ? "" : " at the latest",
              rules_ds(ctx, end));
    if (!p) {
        rules_say(ctx, f, LANG_DA, "Der er ingen registreret endelig plan.");
        rules_say(ctx, f, LANG_EN, "No final plan is recorded.");
        return;
    }
    rules_fact(ctx, f, "plan_date", "%s", rules_ds(ctx, p->date));
    if (st == UNGDB_FINDING_OK) {
        rules_say(ctx, f, LANG_DA, "Den endelige plan blev udarbejdet den %s.",
                  rules_ds(ctx, p->date));
        rules_say(ctx, f, LANG_EN, "The final plan was made on %s.", rules_ds(ctx, p->date));
    } else {
        int days = days_between(end, p->date);
        rules_fact(ctx, f, "days_after", "%d", days);
        rules_say(ctx, f, LANG_DA,
                  "Den endelige plan blev udarbejdet den %s, %d dage efter forløbet; en person "
                  "må vurdere, om det var i forbindelse med forløbet.",
                  rules_ds(ctx, p->date), days);
        rules_say(ctx, f, LANG_EN,
                  "The final plan was made on %s, %d days after the period; a person must judge "
                  "whether that was in connection with it.",
                  rules_ds(ctx, p->date), days);
    }
}

/* ----------------------------------------------------- stu.plan_review -- */

/* § 4, stk. 4: the municipality adjusts the plan as needed and at least once
 * a year. Convention: counted from the start of the education; each plan
 * (of any kind) dated after the start restarts the count; the next
 * adjustment is due at the latest 12 months after the previous one (the same
 * date a year later; 29 February -> 28 February). Plans before the start do
 * not count: the duty runs while the young person is in the education.
 * Interruptions do not stop the count (the act says nothing). */
static void rule_plan_review(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!ungdb_date_is_set(s->start) || s->start.day > ctx->on.day) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Uddannelsen er ikke begyndt den %s.", rules_ds(ctx, ctx->on));
        rules_say(ctx, f, LANG_EN, "The education has not started on %s.", rules_ds(ctx, ctx->on));
        return;
    }
    bool ended = ended_by(s, ctx->on);
    ungdb_date limit = ended ? s->end : ctx->on;
    ungdb_date prev = s->start;
    bool prev_is_start = true;
    char subj[48];
    size_t count = 0;
    for (;;) {
        /* The next adjustment: the earliest plan after prev, up to limit. */
        size_t pi = 0;
        const ungdb_stu_plan *p = first_plan(s, 0, ungdb_add_days(prev, 1), limit, &pi);
        if (!p) break;
        count++;
        ungdb_date due = add_months(prev, STU_REVIEW_MONTHS);
        bool late = p->date.day > due.day;
        snprintf(subj, sizeof subj, "stu.plans[%zu]", pi);
        ungdb_finding *f = rules_finding(ctx, rule, late ? UNGDB_FINDING_BREACH : UNGDB_FINDING_OK,
                                         UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "previous", "%s", rules_ds(ctx, prev));
        rules_fact(ctx, f, "due", "%s", rules_ds(ctx, due));
        rules_fact(ctx, f, "adjusted", "%s", rules_ds(ctx, p->date));
        const char *prev_da = prev_is_start ? "starten" : "den forrige plan";
        const char *prev_en = prev_is_start ? "the start" : "the previous plan";
        if (late) {
            rules_say(ctx, f, LANG_DA,
                      "Planen blev justeret den %s, mere end et år efter %s den %s; den skulle "
                      "justeres senest den %s (§ 4, stk. 4).",
                      rules_ds(ctx, p->date), prev_da, rules_ds(ctx, prev), rules_ds(ctx, due));
            rules_say(ctx, f, LANG_EN,
                      "The plan was adjusted on %s, more than a year after %s on %s; it was due "
                      "at the latest on %s (§ 4, stk. 4).",
                      rules_ds(ctx, p->date), prev_en, rules_ds(ctx, prev), rules_ds(ctx, due));
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Planen blev justeret den %s, senest et år efter %s den %s (frist %s, § 4, "
                      "stk. 4).",
                      rules_ds(ctx, p->date), prev_da, rules_ds(ctx, prev), rules_ds(ctx, due));
            rules_say(ctx, f, LANG_EN,
                      "The plan was adjusted on %s, within a year of %s on %s (due %s, § 4, "
                      "stk. 4).",
                      rules_ds(ctx, p->date), prev_en, rules_ds(ctx, prev), rules_ds(ctx, due));
        }
        prev = p->date;
        prev_is_start = false;
    }
    ungdb_date due = add_months(prev, STU_REVIEW_MONTHS);
    ungdb_finding_status st;
    if (ended)
        st = s->end.day > due.day ? UNGDB_FINDING_BREACH : UNGDB_FINDING_OK;
    else
        st = ctx->on.day <= due.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
    ungdb_finding *f = rules_finding(ctx, rule, st, ended ? UNGDB_DATE_NONE : due, "stu");
    rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
    rules_fact(ctx, f, "last_adjustment", "%s", prev_is_start ? "none" : rules_ds(ctx, prev));
    rules_fact(ctx, f, "adjustments", "%zu", count);
    rules_fact(ctx, f, "next_due", "%s", rules_ds(ctx, due));
    rules_say(ctx, f, LANG_DA, "Uddannelsen begyndte den %s; ", rules_ds(ctx, s->start));
    rules_say(ctx, f, LANG_EN, "The education started on %s; ", rules_ds(ctx, s->start));
    if (prev_is_start) {
        rules_say(ctx, f, LANG_DA, "planen er ikke justeret siden. ");
        rules_say(ctx, f, LANG_EN, "the plan has not been adjusted since. ");
    } else {
        rules_say(ctx, f, LANG_DA, "planen blev senest justeret den %s. ", rules_ds(ctx, prev));
        rules_say(ctx, f, LANG_EN, "the plan was last adjusted on %s. ", rules_ds(ctx, prev));
    }
    if (ended) {
        rules_fact(ctx, f, "end", "%s", rules_ds(ctx, s->end));
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen sluttede den %s%s (mindst én justering om året, "
                  "§ 4, stk. 4).",
                  rules_ds(ctx, s->end), st == UNGDB_FINDING_OK ? "" : ", mere end et år efter");
        rules_say(ctx, f, LANG_EN,
                  "The education ended on %s%s (at least one adjustment a year, "
                  "§ 4, stk. 4).",
                  rules_ds(ctx, s->end), st == UNGDB_FINDING_OK ? "" : ", more than a year later");
    } else {
        rules_say(ctx, f, LANG_DA,
                  "Næste justering skal ske senest den %s (mindst én gang årligt, § 4, stk. 4).",
                  rules_ds(ctx, due));
        rules_say(ctx, f, LANG_EN,
                  "The next adjustment is due at the latest on %s (at least once a year, § 4, "
                  "stk. 4).",
                  rules_ds(ctx, due));
    }
}

/* ----------------------------------------------------------- stu.hours -- */

/* § 7, stk. 1: at least 840 teaching hours a year available (60 minutes = 1
 * hour); stk. 3: practical activities, practice and teaching at other
 * institutions count 4.2 hours a day. Each `years[]` entry is one education
 * year as the municipality lays it out; the act has no pro-rating, so a year
 * below 840 hours with an interruption in it is left to a person. Exact: the
 * hours are compared in thousandths (200 practical days = 840 hours). */
static void rule_hours(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!s->nyears) {
        bool started = ungdb_date_is_set(s->start) && s->start.day <= ctx->on.day;
        ungdb_finding *f =
            rules_finding(ctx, rule, started ? UNGDB_FINDING_JUDGEMENT : UNGDB_FINDING_NA,
                          UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Der er ingen registrerede årstimetal%s.",
                  started ? "; en person må kontrollere de mindst 840 timer om året (§ 7, stk. 1)"
                          : "");
        rules_say(ctx, f, LANG_EN, "No yearly hours are recorded%s.",
                  started ? "; a person must check the at least 840 hours a year (§ 7, stk. 1)"
                          : "");
        return;
    }
    char subj[48], a[32], b[32], t[32], sh[32];
    for (size_t i = 0; i < s->nyears; i++) {
        const ungdb_stu_year *y = &s->years[i];
        snprintf(subj, sizeof subj, "stu.years[%zu]", i);
        int64_t teach = llround(y->teaching_hours * 1000.0);
        int64_t prac =
            y->practical_days > 0 ? (int64_t)y->practical_days * STU_PRACTICAL_DAY_MILLIHOURS : 0;
        int64_t total = teach + prac;
        bool longer = y->to.day >= add_months(y->from, 12).day;
        const ungdb_stu_interruption *in = NULL;
        for (size_t k = 0; k < s->ninterruptions && !in; k++) {
            const ungdb_stu_interruption *x = &s->interruptions[k];
            if (x->from.day <= y->to.day && (!ungdb_date_is_set(x->to) || x->to.day >= y->from.day))
                in = x;
        }
        ungdb_finding_status st = UNGDB_FINDING_OK;
        if (total < STU_YEAR_MILLIHOURS)
            st = (y->practical_days < 0 || in) ? UNGDB_FINDING_JUDGEMENT : UNGDB_FINDING_BREACH;
        if (longer) st = UNGDB_FINDING_JUDGEMENT;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "from", "%s", rules_ds(ctx, y->from));
        rules_fact(ctx, f, "to", "%s", rules_ds(ctx, y->to));
        rules_fact(ctx, f, "teaching_hours", "%s", fmt_milli(a, sizeof a, teach, '.'));
        if (y->practical_days >= 0)
            rules_fact(ctx, f, "practical_days", "%d", y->practical_days);
        else
            rules_fact(ctx, f, "practical_days", "not recorded");
        rules_fact(ctx, f, "practical_hours", "%s", fmt_milli(b, sizeof b, prac, '.'));
        rules_fact(ctx, f, "counted_hours", "%s", fmt_milli(t, sizeof t, total, '.'));
        rules_say(ctx, f, LANG_DA, "Uddannelsesåret %s til %s: %s undervisningstimer",
                  rules_ds(ctx, y->from), rules_ds(ctx, y->to), fmt_milli(a, sizeof a, teach, ','));
        rules_say(ctx, f, LANG_EN, "The education year %s to %s: %s teaching hours",
                  rules_ds(ctx, y->from), rules_ds(ctx, y->to), fmt_milli(a, sizeof a, teach, '.'));
        if (y->practical_days >= 0) {
            rules_say(ctx, f, LANG_DA,
                      " og %d dage med praktiske aktiviteter à 4,2 timer = %s timer",
                      y->practical_days, fmt_milli(b, sizeof b, prac, ','));
            rules_say(ctx, f, LANG_EN,
                      " and %d days of practical activities at 4.2 hours = %s hours",
                      y->practical_days, fmt_milli(b, sizeof b, prac, '.'));
        } else {
            rules_say(ctx, f, LANG_DA, "; dage med praktiske aktiviteter er ikke oplyst");
            rules_say(ctx, f, LANG_EN, "; days of practical activities not recorded");
        }
        rules_say(ctx, f, LANG_DA, ", i alt %s timer; mindst 840 timer om året (§ 7, stk. 1 og 3)",
                  fmt_milli(t, sizeof t, total, ','));
        rules_say(ctx, f, LANG_EN,
                  ", in all %s hours; at least 840 hours a year (§ 7, stk. 1 and 3)",
                  fmt_milli(t, sizeof t, total, '.'));
        if (total < STU_YEAR_MILLIHOURS) {
            rules_fact(ctx, f, "shortfall_hours", "%s",
                       fmt_milli(sh, sizeof sh, STU_YEAR_MILLIHOURS - total, '.'));
            rules_say(ctx, f, LANG_DA, ": %s timer for lidt",
                      fmt_milli(sh, sizeof sh, STU_YEAR_MILLIHOURS - total, ','));
            rules_say(ctx, f, LANG_EN, ": %s hours short",
                      fmt_milli(sh, sizeof sh, STU_YEAR_MILLIHOURS - total, '.'));
        }
        rules_say(ctx, f, LANG_DA, ".");
        rules_say(ctx, f, LANG_EN, ".");
        if (longer) {
            rules_say(ctx, f, LANG_DA,
                      " Perioden er længere end et år; en person må fordele timerne på årene.");
            rules_say(ctx, f, LANG_EN,
                      " The period is longer than a year; a person must split the hours by "
                      "year.");
        } else if (st == UNGDB_FINDING_JUDGEMENT && y->practical_days < 0) {
            rules_say(ctx, f, LANG_DA,
                      " Praktiske aktiviteter tæller med 4,2 timer pr. dag; en person må vurdere.");
            rules_say(ctx, f, LANG_EN,
                      " Practical activities count 4.2 hours a day; a person must judge.");
        } else if (st == UNGDB_FINDING_JUDGEMENT) {
            rules_fact(ctx, f, "interruption_from", "%s", rules_ds(ctx, in->from));
            rules_say(ctx, f, LANG_DA,
                      " Uddannelsen var afbrudt fra %s i året; loven har ingen forholdsmæssig "
                      "nedsættelse, så en person må vurdere.",
                      rules_ds(ctx, in->from));
            rules_say(ctx, f, LANG_EN,
                      " The education was interrupted from %s in that year; the act has no "
                      "pro-rating, so a person must judge.",
                      rules_ds(ctx, in->from));
        }
    }
}

/* ------------------------------------------------------ stu.completion -- */

/* § 2, stk. 4: the education is completed at the latest 5 years after it
 * started: start 2020-08-10 -> at the latest 2025-08-10 (2020-02-29 ->
 * 2025-02-28). Temporary interruptions do not extend it (the act has no
 * extension). */
static void rule_completion(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!ungdb_date_is_set(s->start)) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Uddannelsens start er ikke registreret.");
        rules_say(ctx, f, LANG_EN, "The start of the education is not recorded.");
        return;
    }
    ungdb_date deadline = add_months(s->start, STU_COMPLETION_MONTHS);
    bool ended = ended_by(s, ctx->on);
    ungdb_finding_status st;
    if (!ended)
        st = ctx->on.day <= deadline.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
    else if (s->end_kind == UNGDB_STU_END_COMPLETED)
        st = s->end.day <= deadline.day ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH;
    else if (s->end_kind == UNGDB_STU_END_NONE)
        st = UNGDB_FINDING_JUDGEMENT;
    else
        st = UNGDB_FINDING_NA;
    ungdb_finding *f = rules_finding(ctx, rule, st, ended ? UNGDB_DATE_NONE : deadline, "stu");
    rules_fact(ctx, f, "start", "%s", rules_ds(ctx, s->start));
    rules_fact(ctx, f, "deadline", "%s", rules_ds(ctx, deadline));
    rules_say(ctx, f, LANG_DA,
              "Uddannelsen begyndte den %s og skal være færdig senest 5 år efter, dvs. den %s "
              "(§ 2, stk. 4). ",
              rules_ds(ctx, s->start), rules_ds(ctx, deadline));
    rules_say(ctx, f, LANG_EN,
              "The education started on %s and must be completed at the latest 5 years later, "
              "i.e. on %s (§ 2, stk. 4). ",
              rules_ds(ctx, s->start), rules_ds(ctx, deadline));
    if (!ended) {
        rules_say(ctx, f, LANG_DA, "Den er ikke afsluttet den %s%s.", rules_ds(ctx, ctx->on),
                  st == UNGDB_FINDING_OVERDUE ? ", og fristen er overskredet" : "");
        rules_say(ctx, f, LANG_EN, "It is not finished on %s%s.", rules_ds(ctx, ctx->on),
                  st == UNGDB_FINDING_OVERDUE ? ", and the deadline has passed" : "");
        return;
    }
    rules_fact(ctx, f, "end", "%s", rules_ds(ctx, s->end));
    switch (s->end_kind) {
    case UNGDB_STU_END_COMPLETED:
        rules_say(ctx, f, LANG_DA, "Den blev fuldført den %s%s.", rules_ds(ctx, s->end),
                  st == UNGDB_FINDING_OK ? "" : ", efter fristen");
        rules_say(ctx, f, LANG_EN, "It was completed on %s%s.", rules_ds(ctx, s->end),
                  st == UNGDB_FINDING_OK ? "" : ", after the deadline");
        break;
    case UNGDB_STU_END_NONE:
        rules_say(ctx, f, LANG_DA,
                  "Den sluttede den %s, men det er ikke oplyst, om den blev fuldført; en person "
                  "må vurdere.",
                  rules_ds(ctx, s->end));
        rules_say(ctx, f, LANG_EN,
                  "It ended on %s, but whether it was completed is not recorded; a person must "
                  "judge.",
                  rules_ds(ctx, s->end));
        break;
    default:
        rules_say(ctx, f, LANG_DA, "Den blev afbrudt den %s%s og fuldføres ikke.",
                  rules_ds(ctx, s->end),
                  s->end_kind == UNGDB_STU_END_NO_PARTICIPATION
                      ? " af kommunalbestyrelsen, fordi den unge ikke deltog aktivt (§ 8, stk. 4),"
                      : "");
        rules_say(ctx, f, LANG_EN, "It was interrupted on %s%s and is not completed.",
                  rules_ds(ctx, s->end),
                  s->end_kind == UNGDB_STU_END_NO_PARTICIPATION
                      ? " by the municipality because the young person did not take part "
                        "actively (§ 8, stk. 4),"
                      : "");
        break;
    }
}

/* ------------------------------------------ stu.interruption_approved -- */

/* § 8, stk. 1: the municipality can approve the young person's request to
 * interrupt the education temporarily because of illness or for other
 * reasons. Each recorded interruption: approved -> ok; refused -> breach (it
 * is then not a temporary interruption under § 8, stk. 1); not recorded ->
 * a person. The decision can be appealed (§ 12, stk. 2). */
static void rule_interruption_approved(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!s->ninterruptions) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Der er ingen registreret midlertidig afbrydelse.");
        rules_say(ctx, f, LANG_EN, "No temporary interruption is recorded.");
        return;
    }
    char subj[48];
    for (size_t i = 0; i < s->ninterruptions; i++) {
        const ungdb_stu_interruption *x = &s->interruptions[i];
        snprintf(subj, sizeof subj, "stu.interruptions[%zu]", i);
        ungdb_finding_status st = x->approved == UNGDB_YES  ? UNGDB_FINDING_OK
                                  : x->approved == UNGDB_NO ? UNGDB_FINDING_BREACH
                                                            : UNGDB_FINDING_JUDGEMENT;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "from", "%s", rules_ds(ctx, x->from));
        rules_fact(ctx, f, "approved", "%s", tri_en[x->approved]);
        rules_say(ctx, f, LANG_DA,
                  "Afbrydelse fra %s%s%s%s%s. Godkendt af kommunalbestyrelsen: %s. ",
                  rules_ds(ctx, x->from), ungdb_date_is_set(x->to) ? " til " : "",
                  ungdb_date_is_set(x->to) ? rules_ds(ctx, x->to) : "",
                  x->reason ? ", grund: " : "", x->reason ? x->reason : "", tri_da[x->approved]);
        rules_say(ctx, f, LANG_EN,
                  "Interruption from %s%s%s%s%s. Approved by the municipality: %s. ",
                  rules_ds(ctx, x->from), ungdb_date_is_set(x->to) ? " to " : "",
                  ungdb_date_is_set(x->to) ? rules_ds(ctx, x->to) : "",
                  x->reason ? ", reason: " : "", x->reason ? x->reason : "", tri_en[x->approved]);
        if (st == UNGDB_FINDING_BREACH) {
            rules_say(ctx, f, LANG_DA,
                      "Uden godkendelse er det ikke en midlertidig afbrydelse efter § 8, stk. 1. ");
            rules_say(ctx, f, LANG_EN,
                      "Without approval it is not a temporary interruption under § 8, stk. 1. ");
        } else if (st == UNGDB_FINDING_JUDGEMENT) {
            rules_say(ctx, f, LANG_DA, "En person må registrere kommunalbestyrelsens afgørelse. ");
            rules_say(ctx, f, LANG_EN, "A person must record the municipality's decision. ");
        }
        rules_say(ctx, f, LANG_DA,
                  "Afgørelsen kan indbringes for Klagenævnet for Specialundervisning (§ 12, stk. "
                  "2).");
        rules_say(ctx, f, LANG_EN,
                  "The decision can be appealed to Klagenævnet for Specialundervisning (§ 12, "
                  "stk. 2).");
    }
}

/* ----------------------------------------------------- stu.resumption -- */

/* § 8, stk. 2, 2. pkt.: resumption after a temporary interruption must be
 * requested before the young person turns 25 (the last day is the day
 * before the 25th birthday); stk. 3: the municipality can waive the age
 * limit in special cases (special_exception). With no recorded request date
 * but a resumption before the 25th birthday, the request came before it. */
static void rule_resumption(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_case *c = ctx->c;
    const ungdb_stu *s = c->stu;
    ungdb_date b25 = turns_25(c);
    ungdb_date last = ungdb_add_days(b25, -1);
    char subj[48];
    bool any = false;
    for (size_t i = 0; i < s->ninterruptions; i++) {
        const ungdb_stu_interruption *x = &s->interruptions[i];
        if (x->from.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "stu.interruptions[%zu]", i);
        bool resumed = ungdb_date_is_set(x->to) && x->to.day <= ctx->on.day;
        bool asked = ungdb_date_is_set(x->resumption_requested) &&
                     x->resumption_requested.day <= ctx->on.day;
        /* The date that shows when the request came at the latest. */
        ungdb_date when = asked ? x->resumption_requested : resumed ? x->to : UNGDB_DATE_NONE;
        ungdb_finding_status st;
        ungdb_date due = UNGDB_DATE_NONE;
        if (ungdb_date_is_set(when) && when.day < b25.day)
            st = UNGDB_FINDING_OK;
        else if (!ungdb_date_is_set(when) && ctx->on.day < b25.day)
            st = UNGDB_FINDING_DUE, due = last;
        else if (x->special_exception == UNGDB_YES)
            st = UNGDB_FINDING_OK;
        else if (x->special_exception == UNGDB_NO && asked)
            st = UNGDB_FINDING_BREACH;
        else
            st = UNGDB_FINDING_JUDGEMENT;
        ungdb_finding *f = rules_finding(ctx, rule, st, due, subj);
        rules_fact(ctx, f, "from", "%s", rules_ds(ctx, x->from));
        rules_fact(ctx, f, "turns_25", "%s", rules_ds(ctx, b25));
        if (asked)
            rules_fact(ctx, f, "resumption_requested", "%s",
                       rules_ds(ctx, x->resumption_requested));
        if (resumed) rules_fact(ctx, f, "resumed", "%s", rules_ds(ctx, x->to));
        rules_fact(ctx, f, "special_exception", "%s", tri_en[x->special_exception]);
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen blev afbrudt midlertidigt den %s. Den unge fylder 25 år den %s; "
                  "anmodning om genoptagelse skal ske inden da, dvs. senest den %s (§ 8, stk. 2). ",
                  rules_ds(ctx, x->from), rules_ds(ctx, b25), rules_ds(ctx, last));
        rules_say(ctx, f, LANG_EN,
                  "The education was interrupted temporarily on %s. The young person turns 25 on "
                  "%s; resumption must be requested before then, i.e. at the latest on %s (§ 8, "
                  "stk. 2). ",
                  rules_ds(ctx, x->from), rules_ds(ctx, b25), rules_ds(ctx, last));
        if (asked) {
            rules_say(ctx, f, LANG_DA, "Genoptagelse blev anmodet om den %s. ",
                      rules_ds(ctx, x->resumption_requested));
            rules_say(ctx, f, LANG_EN, "Resumption was requested on %s. ",
                      rules_ds(ctx, x->resumption_requested));
        } else if (resumed) {
            rules_say(ctx, f, LANG_DA,
                      "Anmodningens dato er ikke registreret; uddannelsen blev genoptaget den %s. ",
                      rules_ds(ctx, x->to));
            rules_say(ctx, f, LANG_EN,
                      "The request's date is not recorded; the education resumed on %s. ",
                      rules_ds(ctx, x->to));
        } else {
            const char *sp = st == UNGDB_FINDING_DUE ? "" : " ";
            rules_say(ctx, f, LANG_DA, "Der er ingen registreret anmodning om genoptagelse.%s", sp);
            rules_say(ctx, f, LANG_EN, "No request for resumption is recorded.%s", sp);
        }
        bool in_time = ungdb_date_is_set(when) && when.day < b25.day;
        if (!in_time && st != UNGDB_FINDING_DUE) {
            if (x->special_exception == UNGDB_YES) {
                rules_say(ctx, f, LANG_DA,
                          "Kommunalbestyrelsen har fraveget alderskravet i et særligt tilfælde "
                          "(§ 8, stk. 3).");
                rules_say(ctx, f, LANG_EN,
                          "The municipality has waived the age limit in a special case (§ 8, "
                          "stk. 3).");
            } else if (st == UNGDB_FINDING_BREACH) {
                rules_say(ctx, f, LANG_DA,
                          "Anmodningen kom efter det fyldte 25. år, og alderskravet er ikke "
                          "fraveget (§ 8, stk. 3).");
                rules_say(ctx, f, LANG_EN,
                          "The request came after the 25th birthday and the age limit was not "
                          "waived (§ 8, stk. 3).");
            } else {
                rules_say(ctx, f, LANG_DA,
                          "Fristen er udløbet; kun hvis kommunalbestyrelsen fraviger alderskravet "
                          "i et særligt tilfælde (§ 8, stk. 3), kan uddannelsen genoptages. En "
                          "person må vurdere.");
                rules_say(ctx, f, LANG_EN,
                          "The time limit has passed; the education can be resumed only if the "
                          "municipality waives the age limit in a special case (§ 8, stk. 3). A "
                          "person must judge.");
            }
        } else if (resumed || asked) {
            rules_say(ctx, f, LANG_DA,
                      "Kommunalbestyrelsen kan beslutte, at der skal træffes ny afgørelse efter "
                      "§ 3, stk. 1 og 2 (§ 8, stk. 2).");
            rules_say(ctx, f, LANG_EN,
                      "The municipality may decide that a new decision under § 3, stk. 1 and 2, "
                      "is made (§ 8, stk. 2).");
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Der er ingen registreret midlertidig afbrydelse.");
        rules_say(ctx, f, LANG_EN, "No temporary interruption is recorded.");
    }
}

/* --------------------------------------------------- stu.refund_claim -- */

/* § 5 a, stk. 4: a claim for refund of the costs of teaching etc. between
 * municipalities must be made at the latest 12 months after the teaching was
 * held; by lov nr. 612 af 12. juni 2013 § 2, stk. 3, not for teaching held
 * before 1 August 2013. A claim covers a period; each day's teaching has its
 * own deadline (that day + 12 months), so the claim is in time for all of
 * it when made by the first day's deadline. */
static void rule_refund_claim(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!s->nrefunds) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Der er ingen registreret refusion mellem kommuner.");
        rules_say(ctx, f, LANG_EN, "No refund between municipalities is recorded.");
        return;
    }
    const ungdb_date in_force = ungdb_date_from_ymd(2013, 8, 1);
    char subj[48];
    for (size_t i = 0; i < s->nrefunds; i++) {
        const ungdb_stu_refund *r = &s->refunds[i];
        snprintf(subj, sizeof subj, "stu.refunds[%zu]", i);
        if (r->teaching_to.day < in_force.day) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA,
                      "Undervisningen (%s til %s) blev afholdt før 1. august 2013; 12-måneders-"
                      "fristen gælder ikke (lov nr. 612 af 12. juni 2013, § 2, stk. 3).",
                      rules_ds(ctx, r->teaching_from), rules_ds(ctx, r->teaching_to));
            rules_say(ctx, f, LANG_EN,
                      "The teaching (%s to %s) was held before 1 August 2013; the 12-month limit "
                      "does not apply (lov nr. 612 af 12. juni 2013, § 2, stk. 3).",
                      rules_ds(ctx, r->teaching_from), rules_ds(ctx, r->teaching_to));
            continue;
        }
        ungdb_date from = r->teaching_from.day < in_force.day ? in_force : r->teaching_from;
        ungdb_date first_deadline = add_months(from, STU_REFUND_MONTHS);
        ungdb_date last_deadline = add_months(r->teaching_to, STU_REFUND_MONTHS);
        bool claimed = ungdb_date_is_set(r->claimed) && r->claimed.day <= ctx->on.day;
        ungdb_finding_status st;
        ungdb_date due = UNGDB_DATE_NONE;
        ungdb_date ok_from = from; /* the first day of teaching still in time */
        if (claimed) {
            if (r->claimed.day <= first_deadline.day) {
                st = UNGDB_FINDING_OK;
            } else {
                st = UNGDB_FINDING_BREACH;
                /* The earliest teaching day T with T + 12 months >= claimed. */
                ok_from = add_months(r->claimed, -STU_REFUND_MONTHS);
                ok_from = ungdb_add_days(ok_from, -4);
                while (add_months(ok_from, STU_REFUND_MONTHS).day < r->claimed.day)
                    ok_from = ungdb_add_days(ok_from, 1);
            }
        } else {
            st = ctx->on.day <= first_deadline.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
            due = first_deadline;
        }
        ungdb_finding *f = rules_finding(ctx, rule, st, due, subj);
        rules_fact(ctx, f, "teaching_from", "%s", rules_ds(ctx, r->teaching_from));
        rules_fact(ctx, f, "teaching_to", "%s", rules_ds(ctx, r->teaching_to));
        rules_fact(ctx, f, "deadline", "%s", rules_ds(ctx, first_deadline));
        rules_say(ctx, f, LANG_DA,
                  "Refusion for undervisning fra %s til %s skal kræves senest 12 måneder efter, "
                  "at undervisningen er afholdt (§ 5 a, stk. 4): for hele perioden senest den %s, "
                  "for den sidste dag senest den %s. ",
                  rules_ds(ctx, from), rules_ds(ctx, r->teaching_to), rules_ds(ctx, first_deadline),
                  rules_ds(ctx, last_deadline));
        rules_say(ctx, f, LANG_EN,
                  "Refund for teaching from %s to %s must be claimed at the latest 12 months after "
                  "the teaching was held (§ 5 a, stk. 4): for the whole period at the latest on "
                  "%s, for its last day at the latest on %s. ",
                  rules_ds(ctx, from), rules_ds(ctx, r->teaching_to), rules_ds(ctx, first_deadline),
                  rules_ds(ctx, last_deadline));
        if (!claimed) {
            rules_say(ctx, f, LANG_DA, "Der er intet registreret krav%s.",
                      st == UNGDB_FINDING_OVERDUE ? "; krav for den tidligste undervisning er "
                                                    "forældet"
                                                  : "");
            rules_say(ctx, f, LANG_EN, "No claim is recorded%s.",
                      st == UNGDB_FINDING_OVERDUE
                          ? "; a claim for the earliest teaching is out of time"
                          : "");
            continue;
        }
        rules_fact(ctx, f, "claimed", "%s", rules_ds(ctx, r->claimed));
        if (st == UNGDB_FINDING_OK) {
            rules_say(ctx, f, LANG_DA, "Kravet blev fremsat den %s.", rules_ds(ctx, r->claimed));
            rules_say(ctx, f, LANG_EN, "The claim was made on %s.", rules_ds(ctx, r->claimed));
        } else if (ok_from.day > r->teaching_to.day) {
            rules_say(ctx, f, LANG_DA, "Kravet blev fremsat den %s, for sent for hele perioden.",
                      rules_ds(ctx, r->claimed));
            rules_say(ctx, f, LANG_EN, "The claim was made on %s, too late for the whole period.",
                      rules_ds(ctx, r->claimed));
        } else {
            ungdb_date late_to = ungdb_add_days(ok_from, -1);
            rules_fact(ctx, f, "late_to", "%s", rules_ds(ctx, late_to));
            if (late_to.day == from.day) {
                rules_say(ctx, f, LANG_DA,
                          "Kravet blev fremsat den %s, for sent for undervisningen den %s.",
                          rules_ds(ctx, r->claimed), rules_ds(ctx, from));
                rules_say(ctx, f, LANG_EN,
                          "The claim was made on %s, too late for the teaching on %s.",
                          rules_ds(ctx, r->claimed), rules_ds(ctx, from));
            } else {
                rules_say(ctx, f, LANG_DA,
                          "Kravet blev fremsat den %s, for sent for undervisningen fra %s til %s.",
                          rules_ds(ctx, r->claimed), rules_ds(ctx, from), rules_ds(ctx, late_to));
                rules_say(ctx, f, LANG_EN,
                          "The claim was made on %s, too late for the teaching from %s to %s.",
                          rules_ds(ctx, r->claimed), rules_ds(ctx, from), rules_ds(ctx, late_to));
            }
        }
    }
}

/* ------------------------------------------------ stu.competence_paper -- */

/* § 9, stk. 1: at the end of the education the municipality issues a
 * competence paper (competences gained, an assessment against the goals of
 * the whole education and of each part); stk. 2: when the education is
 * interrupted, one for the completed parts. The act sets no number of days
 * ("ved afslutning"): the paper is due on the end date; none after it is
 * overdue; a paper issued later is left to a person. Its contents are a
 * person's check. An end by the municipality for lack of active
 * participation (§ 8, stk. 4) is an interruption. */
static void rule_competence_paper(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    if (no_stu(ctx, rule)) return;
    const ungdb_stu *s = ctx->c->stu;
    if (!ended_by(s, ctx->on)) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, "stu");
        rules_say(ctx, f, LANG_DA, "Uddannelsen er ikke afsluttet eller afbrudt den %s.",
                  rules_ds(ctx, ctx->on));
        rules_say(ctx, f, LANG_EN, "The education has not ended or been interrupted on %s.",
                  rules_ds(ctx, ctx->on));
        return;
    }
    bool completed = s->end_kind == UNGDB_STU_END_COMPLETED;
    bool paper = ungdb_date_is_set(s->competence_paper) && s->competence_paper.day <= ctx->on.day;
    ungdb_finding_status st;
    if (s->end_kind == UNGDB_STU_END_NONE)
        st = UNGDB_FINDING_JUDGEMENT;
    else if (paper)
        st = s->competence_paper.day <= s->end.day ? UNGDB_FINDING_OK : UNGDB_FINDING_JUDGEMENT;
    else
        st = ctx->on.day <= s->end.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
    bool due = st == UNGDB_FINDING_DUE || st == UNGDB_FINDING_OVERDUE;
    ungdb_finding *f = rules_finding(ctx, rule, st, due ? s->end : UNGDB_DATE_NONE, "stu");
    rules_fact(ctx, f, "end", "%s", rules_ds(ctx, s->end));
    rules_fact(ctx, f, "end_kind", "%s",
               completed                                       ? "completed"
               : s->end_kind == UNGDB_STU_END_INTERRUPTED      ? "interrupted"
               : s->end_kind == UNGDB_STU_END_NO_PARTICIPATION ? "no_participation"
                                                               : "not recorded");
    if (s->end_kind == UNGDB_STU_END_NONE) {
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen sluttede den %s, men det er ikke oplyst, om den blev fuldført "
                  "eller afbrudt; en person må vurdere, hvilket kompetencepapir der skal udstedes "
                  "(§ 9, stk. 1-2).",
                  rules_ds(ctx, s->end));
        rules_say(ctx, f, LANG_EN,
                  "The education ended on %s, but whether it was completed or interrupted is not "
                  "recorded; a person must judge which competence paper is issued (§ 9, stk. "
                  "1-2).",
                  rules_ds(ctx, s->end));
        return;
    }
    if (completed) {
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen blev fuldført den %s; ved afslutningen udstedes et "
                  "kompetencepapir med de opnåede kompetencer og en vurdering af målopfyldelsen "
                  "(§ 9, stk. 1). ",
                  rules_ds(ctx, s->end));
        rules_say(ctx, f, LANG_EN,
                  "The education was completed on %s; at the end a competence paper is issued "
                  "with the competences gained and an assessment against the goals (§ 9, "
                  "stk. 1). ",
                  rules_ds(ctx, s->end));
    } else {
        rules_say(ctx, f, LANG_DA,
                  "Uddannelsen blev afbrudt den %s%s; der udstedes et kompetencepapir for de "
                  "færdiggjorte uddannelsesdele (§ 9, stk. 2). ",
                  rules_ds(ctx, s->end),
                  s->end_kind == UNGDB_STU_END_NO_PARTICIPATION
                      ? " af kommunalbestyrelsen (§ 8, stk. 4)"
                      : "");
        rules_say(ctx, f, LANG_EN,
                  "The education was interrupted on %s%s; a competence paper is issued for the "
                  "completed parts (§ 9, stk. 2). ",
                  rules_ds(ctx, s->end),
                  s->end_kind == UNGDB_STU_END_NO_PARTICIPATION
                      ? " by the municipality (§ 8, stk. 4)"
                      : "");
    }
    if (!paper) {
        rules_say(ctx, f, LANG_DA, "Der er intet registreret kompetencepapir.");
        rules_say(ctx, f, LANG_EN, "No competence paper is recorded.");
        return;
    }
    rules_fact(ctx, f, "competence_paper", "%s", rules_ds(ctx, s->competence_paper));
    if (st == UNGDB_FINDING_OK) {
        rules_say(ctx, f, LANG_DA,
                  "Kompetencepapiret blev udstedt den %s; dets indhold kontrolleres af en person.",
                  rules_ds(ctx, s->competence_paper));
        rules_say(ctx, f, LANG_EN,
                  "The competence paper was issued on %s; a person checks its contents.",
                  rules_ds(ctx, s->competence_paper));
    } else {
        int days = days_between(s->end, s->competence_paper);
        rules_fact(ctx, f, "days_after", "%d", days);
        rules_say(ctx, f, LANG_DA,
                  "Kompetencepapiret blev udstedt den %s, %d dage efter; loven siger \"ved "
                  "afslutning\" uden et antal dage, så en person må vurdere.",
                  rules_ds(ctx, s->competence_paper), days);
        rules_say(ctx, f, LANG_EN,
                  "The competence paper was issued on %s, %d days later; the act says \"at the "
                  "end\" without a number of days, so a person must judge.",
                  rules_ds(ctx, s->competence_paper), days);
    }
}

/* ------------------------------------------------------------- table -- */

static const rules_def defs[] = {
    {{"stu.decision", "stu", LOV " § 3, stk. 1-2",
      "Afgørelse om optagelse efter samråd med den unge og forældrene, før start",
      "A decision on admission after consulting the young person and the parents, before the "
      "start",
      false},
     rule_decision},
    {{"stu.age_limit", "stu", LOV " § 2, stk. 3",
      "Tilbuddet kan modtages indtil det fyldte 25. år (start senest dagen før)",
      "The offer can be received until the 25th birthday (start at the latest the day before)",
      false},
     rule_age_limit},
    {{"stu.plan", "stu", LOV " § 3, stk. 3",
      "En 3-årig individuel uddannelsesplan efter afgørelsen, senest ved start",
      "A 3-year individual education plan after the decision, at the latest at the start", false},
     rule_plan},
    {{"stu.clarification", "stu", LOV " § 4, stk. 2, 1. pkt.",
      "Afklaringsforløb på indtil 12 uger (84 dage)",
      "A clarification period of up to 12 weeks (84 days)", false},
     rule_clarification},
    {{"stu.clarification_plan", "stu", LOV " § 4, stk. 2, 2. pkt.",
      "Uddannelsesplanen udarbejdes i forbindelse med afklaringsforløbet",
      "The education plan is made in connection with the clarification period", false},
     rule_clarification_plan},
    {{"stu.plan_review", "stu", LOV " § 4, stk. 4",
      "Uddannelsesplanen justeres mindst en gang årligt",
      "The education plan is adjusted at least once a year", false},
     rule_plan_review},
    {{"stu.hours", "stu", LOV " § 7, stk. 1 og 3",
      "Mindst 840 undervisningstimer årligt; praktiske aktiviteter tæller 4,2 timer pr. dag",
      "At least 840 teaching hours a year; practical activities count 4.2 hours a day", false},
     rule_hours},
    {{"stu.completion", "stu", LOV " § 2, stk. 4",
      "Uddannelsen færdiggøres senest 5 år efter start",
      "The education is completed at the latest 5 years after the start", false},
     rule_completion},
    {{"stu.interruption_approved", "stu", LOV " § 8, stk. 1",
      "Midlertidig afbrydelse kræver kommunalbestyrelsens godkendelse",
      "A temporary interruption needs the municipality's approval", false},
     rule_interruption_approved},
    {{"stu.resumption", "stu", LOV " § 8, stk. 2-3",
      "Anmodning om genoptagelse inden det fyldte 25. år, medmindre alderskravet fraviges",
      "Resumption requested before the 25th birthday, unless the age limit is waived", false},
     rule_resumption},
    {{"stu.refund_claim", "stu", LOV " § 5 a, stk. 4",
      "Refusionskrav mellem kommuner senest 12 måneder efter undervisningen",
      "Refund claims between municipalities at the latest 12 months after the teaching", false},
     rule_refund_claim},
    {{"stu.competence_paper", "stu", LOV " § 9, stk. 1-2",
      "Kompetencepapir ved afslutning eller afbrydelse",
      "A competence paper on completion or interruption", false},
     rule_competence_paper},
};

const rules_family rules_family_stu = {"stu", defs, sizeof defs / sizeof defs[0]};
