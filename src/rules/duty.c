/* duty.c - the education duty of 15-17 year olds (seed 004: bekendtgørelse
 * om pligt til uddannelse, beskæftigelse eller anden aktivitet): whether the
 * duty is met on a date (§§ 1-6), exemption (§ 7), the municipality's
 * supervision (§ 8), decision (§ 9) and deadlines (§ 10). */
#include "rules/rules_int.h"

#include <stdio.h>
#include <string.h>

#define BEK "bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden aktivitet"

/* § 4, stk. 2: at least 20 hours a week. */
#define DUTY_MIN_WORK_HOURS 20.0

/* ---------------------------------------------------------- calendar -- */

ungdb_date ungdb_iso_week_monday(int year, int week)
{
    /* Week 1 holds 4 January. */
    ungdb_date jan4 = ungdb_date_from_ymd(year, 1, 4);
    ungdb_date mon1 = ungdb_add_days(jan4, 1 - ungdb_date_weekday(jan4));
    return ungdb_add_days(mon1, 7 * (week - 1));
}

static bool in_summer(ungdb_date d, int from_week, int to_week)
{
    int y, m, dd;
    ungdb_date_to_ymd(d, &y, &m, &dd);
    ungdb_date a = ungdb_iso_week_monday(y, from_week);
    ungdb_date b = ungdb_add_days(ungdb_iso_week_monday(y, to_week), 6);
    return d.day >= a.day && d.day <= b.day;
}

/* § 10, stk. 2: 30 calendar days after the contact, "taking into account the
 * summer holiday period at institutions offering youth education".
 * Convention (docs/rules.md): the days of the summer holiday period are not
 * counted; the deadline is the 30th counted day after the contact day. */
ungdb_date ungdb_duty_offer_deadline(ungdb_date contact, int from_week, int to_week)
{
    ungdb_date d = contact;
    for (int counted = 0; counted < 30;) {
        d = ungdb_add_days(d, 1);
        if (!in_summer(d, from_week, to_week)) counted++;
    }
    return d;
}

/* ------------------------------------------------------------ helpers -- */

static bool active_on(ungdb_date from, ungdb_date to, ungdb_date d)
{
    return from.day <= d.day && (!ungdb_date_is_set(to) || d.day <= to.day);
}

static bool age_15_17(const ungdb_case *c, ungdb_date d, int *age)
{
    *age = ungdb_age_on(c->person.birth, d);
    return *age >= 15 && *age <= 17;
}

/* Says the person is not 15-17 on d and adds an NA finding. */
static void not_15_17(rules_ctx *ctx, const ungdb_rule_info *rule, const char *subject,
                      ungdb_date d, int age)
{
    ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subject);
    rules_fact(ctx, f, "birth_date", "%s", rules_ds(ctx, ctx->c->person.birth));
    rules_fact(ctx, f, "age", "%d", age);
    rules_say(ctx, f, LANG_DA,
              "Den unge er %d år den %s (født %s); pligten gælder 15-17-årige (§ 1, stk. 1).", age,
              rules_ds(ctx, d), rules_ds(ctx, ctx->c->person.birth));
    rules_say(ctx, f, LANG_EN,
              "The young person is %d on %s (born %s); the duty applies to 15-17 year olds (§ 1, "
              "stk. 1).",
              age, rules_ds(ctx, d), rules_ds(ctx, ctx->c->person.birth));
}

static const ungdb_step *exemption_on(const ungdb_case *c, ungdb_date d)
{
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind == UNGDB_STEP_EXEMPTION && s->exempt_reason != UNGDB_EXEMPT_OTHER &&
            s->guardians_involved != UNGDB_NO && active_on(s->date, s->until, d))
            return s;
    }
    return NULL;
}

static const char *activity_da(ungdb_activity_kind k)
{
    static const char *const names[] = {"",
                                        "tilbud efter lov om en aktiv beskæftigelsesindsats",
                                        "forpraktik",
                                        "trainee-aftale",
                                        "80/20-aftale (integrationsstilling)",
                                        "au pair-ophold i udlandet",
                                        "anbringelse uden for hjemmet",
                                        "alternativt uddannelses- og beskæftigelsesforløb",
                                        "frivilligt arbejde"};
    return (unsigned)k <= UNGDB_ACT_VOLUNTARY_WORK ? names[k] : "";
}
static const char *activity_en(ungdb_activity_kind k)
{
    static const char *const names[] = {"",
                                        "an active labour-market offer",
                                        "pre-practice",
                                        "a trainee agreement",
                                        "an 80/20 agreement (integration position)",
                                        "an au pair stay abroad",
                                        "placement outside the home",
                                        "an alternative preparatory course",
                                        "voluntary work"};
    return (unsigned)k <= UNGDB_ACT_VOLUNTARY_WORK ? names[k] : "";
}
static const char *activity_paragraph(ungdb_activity_kind k)
{
    switch (k) {
    case UNGDB_ACT_LABOUR_MARKET_OFFER:
        return "§ 5, nr. 1";
    case UNGDB_ACT_PRE_PRACTICE:
    case UNGDB_ACT_TRAINEE:
        return "§ 5, nr. 2";
    case UNGDB_ACT_INTEGRATION_80_20:
        return "§ 5, nr. 3";
    case UNGDB_ACT_AU_PAIR_ABROAD:
    case UNGDB_ACT_PLACED_OUTSIDE_HOME:
        return "§ 6, stk. 1";
    default:
        return "§ 6, stk. 2-3";
    }
}

/* Whether the facts show the duty met on d: YES (with the reason in f),
 * NO, or UNKNOWN (a fact missing). Explains every activity it looked at. */
static ungdb_tri duty_met_on(rules_ctx *ctx, ungdb_date d, ungdb_finding *f)
{
    const ungdb_case *c = ctx->c;
    ungdb_tri res = UNGDB_NO;
    for (size_t i = 0; i < c->nenrolments; i++) {
        const ungdb_enrolment *e = &c->enrolments[i];
        if (!rules_enrolled_on(e, d)) continue;
        const char *para = ungdb_edu_kind_paragraph(e->kind);
        ungdb_tri ok = UNGDB_NO;
        const char *why_da = "", *why_en = "";
        if (e->kind == UNGDB_EDU_PRIMARY_SCHOOL) {
            ok = UNGDB_YES;
        } else if (e->kind >= UNGDB_EDU_EUD && e->kind <= UNGDB_EDU_FGU) {
            /* § 2: full-time education funded by the state or municipalities.
             * The sixteen kinds are full-time by nature; full_time = false
             * says otherwise. Nr. 11-12 need an SU-eligible extent. */
            ok = e->full_time == UNGDB_NO ? UNGDB_NO : UNGDB_YES;
            if (ok == UNGDB_NO) why_da = " (ikke på fuldtid)", why_en = " (not full-time)";
            if (ok == UNGDB_YES &&
                (e->kind == UNGDB_EDU_AVU || e->kind == UNGDB_EDU_SINGLE_SUBJECT)) {
                ok = e->su_eligible;
                if (ok == UNGDB_NO)
                    why_da = " (ikke i SU-berettigende omfang)",
                    why_en = " (not of an SU-eligible extent)";
                if (ok == UNGDB_UNKNOWN)
                    why_da = " (SU-berettigende omfang ikke oplyst)",
                    why_en = " (SU-eligible extent not recorded)";
            }
        } else if (e->kind == UNGDB_EDU_PRIVATE_SU) {
            ok = e->su_eligible;
            if (ok == UNGDB_NO) why_da = " (ikke SU-berettigende)", why_en = " (not SU-eligible)";
            if (ok == UNGDB_UNKNOWN)
                why_da = " (SU-berettigelse ikke oplyst)",
                why_en = " (SU eligibility not recorded)";
        } else if (e->kind == UNGDB_EDU_OTHER_FULLTIME) {
            ok = e->full_time == UNGDB_NO ? UNGDB_NO : UNGDB_YES;
            if (ok == UNGDB_NO) why_da = " (ikke på fuldtid)", why_en = " (not full-time)";
        } else {
            why_da = " (ikke en uddannelse efter §§ 2-3 eller § 6)";
            why_en = " (not an education under §§ 2-3 or § 6)";
        }
        rules_say(ctx, f, LANG_DA, "Indskrevet på %s (%s) fra %s%s%s%s: %s. ",
                  ungdb_edu_kind_da(e->kind), e->id, rules_ds(ctx, e->start), para[0] ? ", " : "",
                  para, why_da,
                  ok == UNGDB_YES  ? "opfylder pligten"
                  : ok == UNGDB_NO ? "opfylder ikke pligten"
                                   : "kræver vurdering");
        rules_say(ctx, f, LANG_EN, "Enrolled on %s (%s) from %s%s%s%s: %s. ",
                  ungdb_edu_kind_name(e->kind), e->id, rules_ds(ctx, e->start), para[0] ? ", " : "",
                  para, why_en,
                  ok == UNGDB_YES  ? "meets the duty"
                  : ok == UNGDB_NO ? "does not meet the duty"
                                   : "needs judgement");
        if (ok == UNGDB_YES) {
            rules_fact(ctx, f, "qualifying", "%s %s", ungdb_edu_kind_name(e->kind), para);
            return UNGDB_YES;
        }
        if (ok == UNGDB_UNKNOWN) res = UNGDB_UNKNOWN;
    }
    /* § 4: paid employment, incl. a training position, of at least 20 hours
     * a week. Concurrent paid jobs are added up. */
    double hours = 0;
    bool any_job = false, unknown_pay = false;
    for (size_t i = 0; i < c->nemployment; i++) {
        const ungdb_employment *w = &c->employment[i];
        if (!active_on(w->from, w->to, d)) continue;
        any_job = true;
        if (w->paid == UNGDB_NO) continue;
        if (w->paid == UNGDB_UNKNOWN) unknown_pay = true;
        hours += w->hours_per_week;
    }
    if (any_job) {
        rules_fact(ctx, f, "work_hours_per_week", "%g", hours);
        bool enough = hours >= DUTY_MIN_WORK_HOURS;
        rules_say(ctx, f, LANG_DA, "Lønnet beskæftigelse %g timer om ugen%s (§ 4: mindst 20). ",
                  hours, unknown_pay ? ", løn ikke oplyst" : "");
        rules_say(ctx, f, LANG_EN, "Paid employment %g hours a week%s (§ 4: at least 20). ", hours,
                  unknown_pay ? ", pay not recorded" : "");
        if (enough && !unknown_pay) {
            rules_fact(ctx, f, "qualifying", "employment § 4");
            return UNGDB_YES;
        }
        if (enough) res = UNGDB_UNKNOWN;
    }
    /* §§ 5-6. */
    for (size_t i = 0; i < c->nactivities; i++) {
        const ungdb_activity *a = &c->activities[i];
        if (!active_on(a->from, a->to, d)) continue;
        bool needs_plan = a->kind == UNGDB_ACT_LABOUR_MARKET_OFFER ||
                          a->kind == UNGDB_ACT_ALTERNATIVE_COURSE ||
                          a->kind == UNGDB_ACT_VOLUNTARY_WORK;
        ungdb_tri ok = needs_plan ? a->in_plan : UNGDB_YES;
        rules_say(ctx, f, LANG_DA, "Aktivitet: %s fra %s (%s)%s: %s. ", activity_da(a->kind),
                  rules_ds(ctx, a->from), activity_paragraph(a->kind),
                  !needs_plan               ? ""
                  : a->in_plan == UNGDB_YES ? ", aftalt i uddannelsesplanen"
                  : a->in_plan == UNGDB_NO  ? ", ikke aftalt i uddannelsesplanen"
                                            : ", aftale i uddannelsesplanen ikke oplyst",
                  ok == UNGDB_YES  ? "opfylder pligten"
                  : ok == UNGDB_NO ? "opfylder ikke pligten"
                                   : "kræver vurdering");
        rules_say(ctx, f, LANG_EN, "Activity: %s from %s (%s)%s: %s. ", activity_en(a->kind),
                  rules_ds(ctx, a->from), activity_paragraph(a->kind),
                  !needs_plan               ? ""
                  : a->in_plan == UNGDB_YES ? ", agreed in the education plan"
                  : a->in_plan == UNGDB_NO  ? ", not agreed in the education plan"
                                            : ", agreement in the plan not recorded",
                  ok == UNGDB_YES  ? "meets the duty"
                  : ok == UNGDB_NO ? "does not meet the duty"
                                   : "needs judgement");
        if (ok == UNGDB_YES) {
            rules_fact(ctx, f, "qualifying", "activity %s", activity_paragraph(a->kind));
            return UNGDB_YES;
        }
        if (ok == UNGDB_UNKNOWN) res = UNGDB_UNKNOWN;
    }
    return res;
}

/* ------------------------------------------------------------ duty.met -- */

/* §§ 1-6 (and § 7): a 15-17 year old meets the duty on the date through
 * compulsory schooling or 10th grade (§ 1, stk. 2), one of the sixteen kinds
 * of § 2, private SU-eligible education (§ 3), paid work of at least 20 hours
 * a week (§ 4), or the activities of §§ 5-6; or is exempted (§ 7). When the
 * facts show none, the municipality still decides (§ 9). */
static void rule_met(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    int age;
    if (!age_15_17(ctx->c, ctx->on, &age)) {
        not_15_17(ctx, rule, NULL, ctx->on, age);
        return;
    }
    const ungdb_step *ex = exemption_on(ctx->c, ctx->on);
    if (ex) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_OK, UNGDB_DATE_NONE, NULL);
        rules_fact(ctx, f, "age", "%d", age);
        rules_fact(ctx, f, "exemption_date", "%s", rules_ds(ctx, ex->date));
        rules_say(ctx, f, LANG_DA,
                  "Den unge (%d år den %s) er fritaget for pligten fra %s%s%s (§ 7).", age,
                  rules_ds(ctx, ctx->on), rules_ds(ctx, ex->date),
                  ungdb_date_is_set(ex->until) ? " til " : "",
                  ungdb_date_is_set(ex->until) ? rules_ds(ctx, ex->until) : "");
        rules_say(ctx, f, LANG_EN,
                  "The young person (%d on %s) is exempted from the duty from %s%s%s "
                  "(§ 7).",
                  age, rules_ds(ctx, ctx->on), rules_ds(ctx, ex->date),
                  ungdb_date_is_set(ex->until) ? " to " : "",
                  ungdb_date_is_set(ex->until) ? rules_ds(ctx, ex->until) : "");
        return;
    }
    /* Two passes: decide, then explain into the kept finding. */
    ungdb_tri t = duty_met_on(ctx, ctx->on, NULL);
    ungdb_finding *f = rules_finding(ctx, rule,
                                     t == UNGDB_YES  ? UNGDB_FINDING_OK
                                     : t == UNGDB_NO ? UNGDB_FINDING_BREACH
                                                     : UNGDB_FINDING_JUDGEMENT,
                                     UNGDB_DATE_NONE, NULL);
    rules_fact(ctx, f, "age", "%d", age);
    rules_say(ctx, f, LANG_DA, "Den unge er %d år den %s. ", age, rules_ds(ctx, ctx->on));
    rules_say(ctx, f, LANG_EN, "The young person is %d on %s. ", age, rules_ds(ctx, ctx->on));
    duty_met_on(ctx, ctx->on, f);
    if (t == UNGDB_YES) {
        rules_say(ctx, f, LANG_DA, "Pligten er opfyldt.");
        rules_say(ctx, f, LANG_EN, "The duty is met.");
    } else if (t == UNGDB_NO) {
        rules_say(ctx, f, LANG_DA,
                  "Ingen registreret aktivitet opfylder pligten efter §§ 2-6. Kommunen træffer "
                  "afgørelse efter § 9 efter betydelige bestræbelser.");
        rules_say(ctx, f, LANG_EN,
                  "No recorded activity meets the duty under §§ 2-6. The municipality decides "
                  "under § 9 after considerable efforts.");
    } else {
        rules_say(ctx, f, LANG_DA,
                  "En oplysning mangler; en person må vurdere, om pligten er "
                  "opfyldt.");
        rules_say(ctx, f, LANG_EN,
                  "A fact is missing; a person must judge whether the duty is "
                  "met.");
    }
}

/* ------------------------------------------------------ duty.exemption -- */

/* § 7: the municipality may, after involving the holder of parental
 * responsibility, exempt a young person who because of illness, disability
 * or significant social problems temporarily or permanently cannot meet the
 * duty. Whether that is so is the municipality's concrete assessment. */
static void rule_exemption(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    static const char *const reason_da[] = {"", "sygdom", "handicap",
                                            "væsentlige sociale problemer", "anden grund"};
    static const char *const reason_en[] = {"", "illness", "disability",
                                            "significant social problems", "another reason"};
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind != UNGDB_STEP_EXEMPTION || s->date.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "steps[%zu]", i);
        int age;
        if (!age_15_17(c, s->date, &age)) {
            not_15_17(ctx, rule, subj, s->date, age);
            continue;
        }
        ungdb_finding_status st = UNGDB_FINDING_OK;
        if (s->exempt_reason == UNGDB_EXEMPT_OTHER || s->guardians_involved == UNGDB_NO)
            st = UNGDB_FINDING_BREACH;
        else if (s->guardians_involved == UNGDB_UNKNOWN)
            st = UNGDB_FINDING_JUDGEMENT;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "exemption_date", "%s", rules_ds(ctx, s->date));
        rules_fact(ctx, f, "reason", "%s", reason_en[s->exempt_reason]);
        rules_say(ctx, f, LANG_DA, "Fritagelse den %s%s%s på grund af %s. ", rules_ds(ctx, s->date),
                  ungdb_date_is_set(s->until) ? " til " : " (varig)",
                  ungdb_date_is_set(s->until) ? rules_ds(ctx, s->until) : "",
                  reason_da[s->exempt_reason]);
        rules_say(ctx, f, LANG_EN, "Exemption on %s%s%s because of %s. ", rules_ds(ctx, s->date),
                  ungdb_date_is_set(s->until) ? " until " : " (permanent)",
                  ungdb_date_is_set(s->until) ? rules_ds(ctx, s->until) : "",
                  reason_en[s->exempt_reason]);
        if (s->exempt_reason == UNGDB_EXEMPT_OTHER) {
            rules_say(ctx, f, LANG_DA,
                      "§ 7 tillader kun fritagelse på grund af sygdom, handicap eller væsentlige "
                      "sociale problemer. ");
            rules_say(ctx, f, LANG_EN,
                      "§ 7 allows exemption only because of illness, disability or significant "
                      "social problems. ");
        }
        if (s->guardians_involved == UNGDB_NO) {
            rules_say(ctx, f, LANG_DA, "Forældremyndighedens indehaver blev ikke inddraget. ");
            rules_say(ctx, f, LANG_EN, "The holder of parental responsibility was not involved. ");
        } else if (s->guardians_involved == UNGDB_UNKNOWN) {
            rules_say(ctx, f, LANG_DA,
                      "Det er ikke oplyst, om forældremyndighedens indehaver blev inddraget. ");
            rules_say(ctx, f, LANG_EN,
                      "Whether the holder of parental responsibility was involved is not "
                      "recorded. ");
        } else {
            rules_say(ctx, f, LANG_DA, "Forældremyndighedens indehaver blev inddraget. ");
            rules_say(ctx, f, LANG_EN, "The holder of parental responsibility was involved. ");
        }
        rules_say(ctx, f, LANG_DA,
                  "Om den unge ikke er i stand til at opfylde pligten, er kommunens konkrete "
                  "vurdering.");
        rules_say(ctx, f, LANG_EN,
                  "Whether the young person cannot meet the duty is the municipality's concrete "
                  "assessment.");
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen fritagelse er registreret.", "No exemption is recorded.");
    }
}

/* ------------------------------------------------ duty.contact_deadline -- */

static const ungdb_step *first_step(const ungdb_case *c, ungdb_step_kind kind, ungdb_date from,
                                    ungdb_date to)
{
    const ungdb_step *best = NULL;
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind != kind || s->date.day < from.day || s->date.day > to.day) continue;
        if (!best || s->date.day < best->date.day) best = s;
    }
    return best;
}

/* § 10, stk. 1: contact at the latest 5 working days after learning that the
 * young person does not follow the education plan. Working days: Monday to
 * Friday except public holidays, Grundlovsdag, 24 and 31 December
 * (ungdb_add_working_days). */
static void rule_contact(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind != UNGDB_STEP_AWARE || s->date.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "steps[%zu]", i);
        int age;
        if (!age_15_17(c, s->date, &age)) {
            not_15_17(ctx, rule, subj, s->date, age);
            continue;
        }
        ungdb_date due = ungdb_add_working_days(s->date, 5);
        const ungdb_step *k = first_step(c, UNGDB_STEP_CONTACT, s->date, ctx->on);
        ungdb_finding_status st;
        if (k)
            st = k->date.day <= due.day ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH;
        else
            st = ctx->on.day <= due.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
        ungdb_finding *f =
            rules_finding(ctx, rule, st, st == UNGDB_FINDING_OK ? UNGDB_DATE_NONE : due, subj);
        rules_fact(ctx, f, "aware_date", "%s", rules_ds(ctx, s->date));
        rules_fact(ctx, f, "deadline", "%s", rules_ds(ctx, due));
        rules_say(ctx, f, LANG_DA,
                  "Kommunen blev den %s bekendt med, at den unge (%d år) ikke følger sin "
                  "uddannelsesplan; kontakt senest 5 arbejdsdage efter, dvs. %s. ",
                  rules_ds(ctx, s->date), age, rules_ds(ctx, due));
        rules_say(ctx, f, LANG_EN,
                  "The municipality learned on %s that the young person (%d) does not follow the "
                  "education plan; contact is due within 5 working days, i.e. by %s. ",
                  rules_ds(ctx, s->date), age, rules_ds(ctx, due));
        if (k) {
            rules_fact(ctx, f, "contact_date", "%s", rules_ds(ctx, k->date));
            rules_say(ctx, f, LANG_DA, "Kontakten blev etableret den %s%s.", rules_ds(ctx, k->date),
                      st == UNGDB_FINDING_OK ? "" : ", efter fristen");
            rules_say(ctx, f, LANG_EN, "Contact was established on %s%s.", rules_ds(ctx, k->date),
                      st == UNGDB_FINDING_OK ? "" : ", after the deadline");
        } else {
            rules_say(ctx, f, LANG_DA, "Der er ingen registreret kontakt.");
            rules_say(ctx, f, LANG_EN, "No contact is recorded.");
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA,
                  "Det er ikke registreret, at kommunen er blevet bekendt med, at den unge ikke "
                  "følger sin uddannelsesplan.");
        rules_say(ctx, f, LANG_EN,
                  "It is not recorded that the municipality learned the young person does not "
                  "follow the education plan.");
    }
}

/* -------------------------------------------------- duty.offer_deadline -- */

/* § 10, stk. 2: a new activity (§§ 2-6) offered at the latest 30 calendar days
 * after the contact, taking into account the summer holiday period at
 * institutions offering youth education (see ungdb_duty_offer_deadline). */
static void rule_offer(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind != UNGDB_STEP_CONTACT || s->date.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "steps[%zu]", i);
        int age;
        if (!age_15_17(c, s->date, &age)) {
            not_15_17(ctx, rule, subj, s->date, age);
            continue;
        }
        ungdb_date due =
            ungdb_duty_offer_deadline(s->date, ctx->summer_from_week, ctx->summer_to_week);
        int skipped = due.day - s->date.day - 30;
        const ungdb_step *o = first_step(c, UNGDB_STEP_OFFER, s->date, ctx->on);
        ungdb_date turns18 = ungdb_birthday(c->person.birth, 18);
        ungdb_finding_status st;
        if (o)
            st = o->date.day <= due.day ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH;
        else if (ctx->on.day >= turns18.day && turns18.day <= due.day)
            st = UNGDB_FINDING_NA;
        else
            st = ctx->on.day <= due.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
        ungdb_finding *f = rules_finding(ctx, rule, st,
                                         st == UNGDB_FINDING_DUE || st == UNGDB_FINDING_OVERDUE ||
                                                 st == UNGDB_FINDING_BREACH
                                             ? due
                                             : UNGDB_DATE_NONE,
                                         subj);
        rules_fact(ctx, f, "contact_date", "%s", rules_ds(ctx, s->date));
        rules_fact(ctx, f, "deadline", "%s", rules_ds(ctx, due));
        rules_fact(ctx, f, "summer_weeks", "%d-%d", ctx->summer_from_week, ctx->summer_to_week);
        rules_fact(ctx, f, "summer_days_skipped", "%d", skipped);
        rules_say(ctx, f, LANG_DA,
                  "Kontakt etableret den %s; nyt tilbud senest 30 kalenderdage efter, dvs. %s",
                  rules_ds(ctx, s->date), rules_ds(ctx, due));
        rules_say(ctx, f, LANG_EN,
                  "Contact established on %s; a new offer is due within 30 calendar days, i.e. "
                  "by %s",
                  rules_ds(ctx, s->date), rules_ds(ctx, due));
        if (skipped > 0) {
            rules_say(ctx, f, LANG_DA,
                      " (%d dage i sommerferieperioden, uge %d-%d, er ikke talt med)", skipped,
                      ctx->summer_from_week, ctx->summer_to_week);
            rules_say(ctx, f, LANG_EN,
                      " (%d days of the summer holiday period, weeks %d-%d, are not counted)",
                      skipped, ctx->summer_from_week, ctx->summer_to_week);
        }
        rules_say(ctx, f, LANG_DA, ". ");
        rules_say(ctx, f, LANG_EN, ". ");
        if (o) {
            rules_fact(ctx, f, "offer_date", "%s", rules_ds(ctx, o->date));
            rules_say(ctx, f, LANG_DA, "Tilbuddet blev givet den %s%s.", rules_ds(ctx, o->date),
                      st == UNGDB_FINDING_OK ? "" : ", efter fristen");
            rules_say(ctx, f, LANG_EN, "The offer was made on %s%s.", rules_ds(ctx, o->date),
                      st == UNGDB_FINDING_OK ? "" : ", after the deadline");
        } else if (st == UNGDB_FINDING_NA) {
            rules_say(ctx, f, LANG_DA,
                      "Den unge fyldte 18 år den %s, før fristen; pligten ophørte.",
                      rules_ds(ctx, turns18));
            rules_say(ctx, f, LANG_EN,
                      "The young person turned 18 on %s, before the deadline; the duty ended.",
                      rules_ds(ctx, turns18));
        } else {
            rules_say(ctx, f, LANG_DA, "Der er intet registreret tilbud.");
            rules_say(ctx, f, LANG_EN, "No offer is recorded.");
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen kontakt efter § 10, stk. 1, er registreret.",
                 "No contact under § 10, stk. 1, is recorded.");
    }
}

/* ------------------------------------------------ duty.consequences -- */

/* § 8, stk. 4: the municipality tells the young person and the holder of
 * parental responsibility about the consequences of not meeting the duty
 * (under the child and youth benefit act). The order sets no deadline; it
 * must have happened before a decision that the duty is not met. */
static void rule_consequences(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind != UNGDB_STEP_AWARE || s->date.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "steps[%zu]", i);
        int age;
        if (!age_15_17(c, s->date, &age)) {
            not_15_17(ctx, rule, subj, s->date, age);
            continue;
        }
        const ungdb_step *told = first_step(c, UNGDB_STEP_CONSEQUENCES, s->date, ctx->on);
        const ungdb_step *dec = NULL;
        for (size_t k = 0; k < c->nsteps; k++)
            if (c->steps[k].kind == UNGDB_STEP_DECISION && c->steps[k].duty_met == UNGDB_NO &&
                c->steps[k].date.day >= s->date.day && c->steps[k].date.day <= ctx->on.day &&
                (!dec || c->steps[k].date.day < dec->date.day))
                dec = &c->steps[k];
        ungdb_finding_status st;
        if (told && (!dec || told->date.day <= dec->date.day))
            st = UNGDB_FINDING_OK;
        else if (dec)
            st = UNGDB_FINDING_BREACH;
        else
            st = UNGDB_FINDING_JUDGEMENT;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "aware_date", "%s", rules_ds(ctx, s->date));
        rules_say(ctx, f, LANG_DA, "Kommunen blev den %s bekendt med, at planen ikke følges. ",
                  rules_ds(ctx, s->date));
        rules_say(ctx, f, LANG_EN, "The municipality learned on %s that the plan is not followed. ",
                  rules_ds(ctx, s->date));
        if (told) {
            rules_fact(ctx, f, "told_date", "%s", rules_ds(ctx, told->date));
            rules_say(ctx, f, LANG_DA,
                      "Den unge og forældremyndighedens indehaver blev orienteret om "
                      "konsekvenserne den %s. ",
                      rules_ds(ctx, told->date));
            rules_say(ctx, f, LANG_EN,
                      "The young person and the holder of parental responsibility were told about "
                      "the consequences on %s. ",
                      rules_ds(ctx, told->date));
        }
        if (st == UNGDB_FINDING_OK) {
            rules_say(ctx, f, LANG_DA,
                      "Orienteringen kom før enhver afgørelse om, at pligten "
                      "ikke er overholdt.");
            rules_say(ctx, f, LANG_EN,
                      "They were told before any decision that the duty is "
                      "not met.");
        } else if (st == UNGDB_FINDING_BREACH) {
            rules_fact(ctx, f, "decision_date", "%s", rules_ds(ctx, dec->date));
            rules_say(ctx, f, LANG_DA,
                      "Der blev truffet afgørelse om, at pligten ikke er overholdt, den %s, uden "
                      "forudgående orientering om konsekvenserne.",
                      rules_ds(ctx, dec->date));
            rules_say(ctx, f, LANG_EN,
                      "A decision that the duty is not met was made on %s without telling them "
                      "about the consequences first.",
                      rules_ds(ctx, dec->date));
        } else if (st == UNGDB_FINDING_JUDGEMENT) {
            rules_say(ctx, f, LANG_DA,
                      "Der er ingen registreret orientering om konsekvenserne af manglende "
                      "overholdelse; bekendtgørelsen sætter ingen frist, så en person må vurdere "
                      "hvornår.");
            rules_say(ctx, f, LANG_EN,
                      "No information about the consequences of not meeting the duty is "
                      "recorded; the order sets no deadline, so a person must judge when.");
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Det er ikke registreret, at planen ikke følges.",
                 "It is not recorded that the plan is not followed.");
    }
}

/* ------------------------------------------------------ duty.decision -- */

/* § 9: the municipality decides whether the duty is met; before deciding it
 * is not, it must make considerable efforts to secure it and discuss
 * alternatives for an education plan with the young person and the holder
 * of parental responsibility (stk. 1). The decision can be appealed to
 * Ankestyrelsen when the youth benefit is stopped or paid to the young
 * person (stk. 2). */
static void rule_decision(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    char subj[64];
    bool any = false;
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        if (s->kind != UNGDB_STEP_DECISION || s->date.day > ctx->on.day) continue;
        any = true;
        snprintf(subj, sizeof subj, "steps[%zu]", i);
        int age;
        if (!age_15_17(c, s->date, &age)) {
            not_15_17(ctx, rule, subj, s->date, age);
            continue;
        }
        ungdb_finding_status st = UNGDB_FINDING_OK;
        if (s->duty_met == UNGDB_NO) {
            if (s->efforts_made == UNGDB_NO || s->alternatives_discussed == UNGDB_NO)
                st = UNGDB_FINDING_BREACH;
            else if (s->efforts_made == UNGDB_UNKNOWN || s->alternatives_discussed == UNGDB_UNKNOWN)
                st = UNGDB_FINDING_JUDGEMENT;
        }
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "decision_date", "%s", rules_ds(ctx, s->date));
        rules_fact(ctx, f, "duty_met", "%s", s->duty_met == UNGDB_YES ? "yes" : "no");
        if (s->duty_met == UNGDB_YES) {
            rules_say(ctx, f, LANG_DA, "Kommunen afgjorde den %s, at pligten er overholdt.",
                      rules_ds(ctx, s->date));
            rules_say(ctx, f, LANG_EN, "The municipality decided on %s that the duty is met.",
                      rules_ds(ctx, s->date));
            continue;
        }
        static const char *const tri_da[] = {"ikke oplyst", "nej", "ja"};
        static const char *const tri_en[] = {"not recorded", "no", "yes"};
        rules_fact(ctx, f, "efforts_made", "%s", tri_en[s->efforts_made]);
        rules_fact(ctx, f, "alternatives_discussed", "%s", tri_en[s->alternatives_discussed]);
        rules_say(ctx, f, LANG_DA,
                  "Kommunen afgjorde den %s, at pligten ikke er overholdt. Betydelige "
                  "bestræbelser: %s; alternative muligheder drøftet med den unge og "
                  "forældremyndighedens indehaver: %s. ",
                  rules_ds(ctx, s->date), tri_da[s->efforts_made],
                  tri_da[s->alternatives_discussed]);
        rules_say(ctx, f, LANG_EN,
                  "The municipality decided on %s that the duty is not met. Considerable efforts: "
                  "%s; alternatives discussed with the young person and the holder of parental "
                  "responsibility: %s. ",
                  rules_ds(ctx, s->date), tri_en[s->efforts_made],
                  tri_en[s->alternatives_discussed]);
        if (st == UNGDB_FINDING_BREACH) {
            rules_say(ctx, f, LANG_DA, "§ 9, stk. 1, kræver begge dele før en sådan afgørelse. ");
            rules_say(ctx, f, LANG_EN, "§ 9, stk. 1, requires both before such a decision. ");
        }
        rules_say(ctx, f, LANG_DA,
                  "Afgørelsen kan indbringes for Ankestyrelsen, hvis ungeydelsen standses eller "
                  "udbetales til den unge (§ 9, stk. 2).");
        rules_say(ctx, f, LANG_EN,
                  "It can be appealed to Ankestyrelsen if the youth benefit is stopped or paid to "
                  "the young person (§ 9, stk. 2).");
    }
    if (any) return;
    /* No decision yet: after the offer deadline has passed and the facts
     * still show the duty not met, the municipality must decide. */
    int age;
    if (!age_15_17(c, ctx->on, &age)) {
        not_15_17(ctx, rule, NULL, ctx->on, age);
        return;
    }
    const ungdb_step *last_contact = NULL;
    for (size_t i = 0; i < c->nsteps; i++)
        if (c->steps[i].kind == UNGDB_STEP_CONTACT && c->steps[i].date.day <= ctx->on.day &&
            (!last_contact || c->steps[i].date.day > last_contact->date.day))
            last_contact = &c->steps[i];
    ungdb_tri met = exemption_on(c, ctx->on) ? UNGDB_YES : duty_met_on(ctx, ctx->on, NULL);
    if (!last_contact || met == UNGDB_YES) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA, "Ingen afgørelse er registreret, og ingen er påkrævet nu%s.",
                  met == UNGDB_YES ? " (pligten er opfyldt)" : " (ingen kontakt efter § 10)");
        rules_say(ctx, f, LANG_EN, "No decision is recorded, and none is called for now%s.",
                  met == UNGDB_YES ? " (the duty is met)" : " (no contact under § 10)");
        return;
    }
    ungdb_date due =
        ungdb_duty_offer_deadline(last_contact->date, ctx->summer_from_week, ctx->summer_to_week);
    if (ctx->on.day <= due.day) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA,
                  "Ingen afgørelse endnu; fristen for et nyt tilbud (%s) er ikke udløbet.",
                  rules_ds(ctx, due));
        rules_say(ctx, f, LANG_EN,
                  "No decision yet; the deadline for a new offer (%s) has not "
                  "passed.",
                  rules_ds(ctx, due));
        return;
    }
    ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, NULL);
    rules_fact(ctx, f, "contact_date", "%s", rules_ds(ctx, last_contact->date));
    rules_fact(ctx, f, "offer_deadline", "%s", rules_ds(ctx, due));
    rules_say(ctx, f, LANG_DA,
              "Kontakt den %s, fristen for nyt tilbud var %s, og de registrerede oplysninger viser "
              "ikke pligten opfyldt. Kommunen skal træffe afgørelse om, hvorvidt pligten er "
              "overholdt (§ 9), efter betydelige bestræbelser og drøftelse af alternativer.",
              rules_ds(ctx, last_contact->date), rules_ds(ctx, due));
    rules_say(
        ctx, f, LANG_EN,
        "Contact on %s, the deadline for a new offer was %s, and the recorded facts do not "
        "show the duty met. The municipality must decide whether the duty is met (§ 9), after "
        "considerable efforts and a discussion of alternatives.",
        rules_ds(ctx, last_contact->date), rules_ds(ctx, due));
}

/* ------------------------------------------------------------- table -- */

static const rules_def defs[] = {
    {{"duty.met", "duty", BEK " §§ 1-6",
      "15-17-årige: pligten opfyldt ved uddannelse, beskæftigelse eller anden aktivitet",
      "15-17 year olds: the duty met by education, employment or another activity", false},
     rule_met},
    {{"duty.exemption", "duty", BEK " § 7",
      "Fritagelse kun ved sygdom, handicap eller væsentlige sociale problemer, efter inddragelse "
      "af forældremyndighedens indehaver",
      "Exemption only for illness, disability or significant social problems, after involving the "
      "holder of parental responsibility",
      false},
     rule_exemption},
    {{"duty.contact_deadline", "duty", BEK " § 10, stk. 1",
      "Kontakt senest 5 arbejdsdage efter, at kommunen er blevet bekendt med, at planen ikke "
      "følges",
      "Contact within 5 working days of learning that the plan is not followed", false},
     rule_contact},
    {{"duty.offer_deadline", "duty", BEK " § 10, stk. 2",
      "Nyt tilbud senest 30 kalenderdage efter kontakten, under hensyn til sommerferien",
      "A new offer within 30 calendar days of the contact, taking the summer holiday into account",
      false},
     rule_offer},
    {{"duty.consequences", "duty", BEK " § 8, stk. 4",
      "Den unge og forældremyndighedens indehaver orienteres om konsekvenserne",
      "The young person and the holder of parental responsibility are told the consequences",
      false},
     rule_consequences},
    {{"duty.decision", "duty", BEK " § 9",
      "Afgørelse om pligten; før 'ikke overholdt': betydelige bestræbelser og drøftelse af "
      "alternativer",
      "Decision on the duty; before 'not met': considerable efforts and a discussion of "
      "alternatives",
      false},
     rule_decision},
};

const rules_family rules_family_duty = {"duty", defs, sizeof defs / sizeof defs[0]};
