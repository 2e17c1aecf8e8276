/* fgu.c - forberedende grunduddannelse (seed 002: "Bekendtgørelse om
 * forberedende grunduddannelse", UDKAST of 11 March 2019). The order is a
 * DRAFT: every rule here has draft = true, its reference says "udkast", and
 * the command line marks each finding.
 *
 * Rules: attendance registration (§ 17, stk. 2-3), lawful absence during an
 * exclusion (§ 17, stk. 1; Bilag 2, pkt. 3, nr. 6), the pupil's comments
 * (§ 18), teaching time (§ 3, stk. 3-4), combination courses (§ 5), the
 * exam-draw notice (§ 8, stk. 6), the competence certificate (§ 10, § 11),
 * own payments (§ 20, stk. 3), complaints (§ 21, stk. 2), the sanctions of
 * Bilag 2 and the practice agreement (§ 6, Bilag 1). Conventions where the
 * order is silent are in docs/rules.md. */
#include "rules/rules_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FGU "FGU-bekendtgørelsen (udkast af 11. marts 2019)"

/* § 3, stk. 3: an average of at least 26 clock hours of teaching a week. */
#define FGU_WEEK_HOURS 26.0
/* § 5: combination courses at most 5 weeks, by exception (stk. 2) 10. */
#define FGU_COMB_DAYS 35
#define FGU_COMB_EXCEPTION_DAYS 70
/* § 8, stk. 6: the draw is told at the earliest 21 and at the latest 7 days
 * before teaching ends. */
#define FGU_DRAW_EARLIEST 21
#define FGU_DRAW_LATEST 7
/* § 10, stk. 4: certificate data kept 30 years. */
#define FGU_RETENTION_YEARS 30
/* § 17, stk. 3: absence registered as the actual time, at least 30 minutes. */
#define FGU_MIN_ABSENCE 30
/* § 17, stk. 2: "straks ved begyndelsen". Convention (docs/rules.md): a
 * registration within the first 15 minutes of the lesson is at its start. */
#define FGU_REG_GRACE 15
/* § 20, stk. 3: 500 kr. for each started 6 whole calendar months. */
#define FGU_PAY_ORE_PER_PERIOD 50000
#define FGU_PAY_MONTHS 6
/* § 21, stk. 2: a complaint within 4 weeks; 1 week for comments. */
#define FGU_COMPLAINT_DAYS 28
#define FGU_COMMENT_DAYS 7
/* Bilag 2, pkt. 3: nr. 3 confiscation normally at most one day (døgn);
 * nr. 5 loss of allowance up to 5 school days; nr. 6 exclusion from
 * teaching up to 10 school days. */
#define FGU_CONFISCATION_DAYS 1
#define FGU_ALLOWANCE_LOSS_DAYS 5
#define FGU_EXCLUSION_DAYS 10

/* How many lessons a grouped finding lists by name before "and N more". */
#define FGU_LIST_MAX 5

/* ------------------------------------------------------------ helpers -- */

static bool is_fgu(const ungdb_enrolment *e)
{
    return e->kind == UNGDB_EDU_FGU;
}

static void subject_of(const ungdb_case *c, const ungdb_enrolment *e, char *buf, size_t n)
{
    snprintf(buf, n, "enrolments[%zu] (%s)", (size_t)(e - c->enrolments), e->id);
}

/* One not_applicable finding when the case has no FGU enrolment; true then. */
static bool no_fgu(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    for (size_t i = 0; i < ctx->c->nenrolments; i++)
        if (is_fgu(&ctx->c->enrolments[i])) return false;
    rules_na(ctx, rule, "Sagen har ingen FGU-indskrivning (kind \"fgu\").",
             "The case has no FGU enrolment (kind \"fgu\").");
    return true;
}

static const char *tri_en(ungdb_tri t)
{
    return t == UNGDB_YES ? "yes" : t == UNGDB_NO ? "no" : "unknown";
}

/* date + n calendar months, same day of the month; a day the target month
 * lacks (31 -> 30-day month, 29-31 -> February) becomes the 1st of the next
 * month, as a 29 February birthday falls on 1 March (docs/calendar.md). */
static ungdb_date add_months(ungdb_date d, int n)
{
    int y, m, dd;
    ungdb_date_to_ymd(d, &y, &m, &dd);
    int mi = (m - 1) + n;
    y += mi / 12;
    m = mi % 12 + 1;
    if (ungdb_ymd_valid(y, m, dd)) return ungdb_date_from_ymd(y, m, dd);
    return m == 12 ? ungdb_date_from_ymd(y + 1, 1, 1) : ungdb_date_from_ymd(y, m + 1, 1);
}

/* Amount in øre as "600" or "600,50" (Danish) / "600.50" (English). */
static const char *kr(char *buf, size_t n, long long ore, char sep)
{
    if (ore % 100)
        snprintf(buf, n, "%lld%c%02lld", ore / 100, sep, ore % 100);
    else
        snprintf(buf, n, "%lld", ore / 100);
    return buf;
}

static const char *dt(char buf[17], ungdb_datetime t)
{
    if (!ungdb_datetime_is_set(t)) return "-";
    ungdb_datetime_format(t, buf);
    return buf;
}

/* The FGU lessons of enrolment e held on or before ctx->on. */
static bool fgu_lesson(rules_ctx *ctx, const ungdb_enrolment *e, const ungdb_attendance *a)
{
    return !strcmp(a->enrolment, e->id) && ungdb_datetime_date(a->lesson_start).day <= ctx->on.day;
}

/* A grouped finding lists at most FGU_LIST_MAX lessons, then a count. */
typedef struct lesson_list {
    size_t n;
} lesson_list;

static void list_lesson(rules_ctx *ctx, ungdb_finding *f, lesson_list *l, size_t i, const char *da,
                        const char *en)
{
    if (l->n < FGU_LIST_MAX) {
        char b[17];
        const ungdb_attendance *a = &ctx->c->attendance[i];
        rules_say(ctx, f, LANG_DA, "%sattendance[%zu] (%s%s)", l->n ? "; " : "", i,
                  dt(b, a->lesson_start), da);
        rules_say(ctx, f, LANG_EN, "%sattendance[%zu] (%s%s)", l->n ? "; " : "", i,
                  dt(b, a->lesson_start), en);
    }
    l->n++;
}

static void list_end(rules_ctx *ctx, ungdb_finding *f, const lesson_list *l)
{
    if (l->n > FGU_LIST_MAX) {
        rules_say(ctx, f, LANG_DA, " og %zu flere", l->n - FGU_LIST_MAX);
        rules_say(ctx, f, LANG_EN, " and %zu more", l->n - FGU_LIST_MAX);
    }
    rules_say(ctx, f, LANG_DA, ".");
    rules_say(ctx, f, LANG_EN, ".");
}

/* ------------------------------------------------- fgu.registration_time -- */

typedef enum { REG_OK, REG_LATE, REG_AFTER, REG_BEFORE, REG_UNKNOWN } reg_class;

static reg_class reg_classify(const ungdb_attendance *a)
{
    if (!ungdb_datetime_is_set(a->registered_at)) return REG_UNKNOWN;
    int64_t d = a->registered_at.minute - a->lesson_start.minute;
    if (d < 0) return REG_BEFORE;
    if (d <= FGU_REG_GRACE) return REG_OK;
    if (d <= a->lesson_minutes) return REG_LATE;
    return REG_AFTER;
}

/* § 17, stk. 2: attendance is registered immediately at the start of the
 * lesson ("straks ved begyndelsen"); a pupil who breaks off later is
 * registered immediately then. Convention: within the first FGU_REG_GRACE
 * minutes is at the start (ok); after the lesson has ended is too late
 * (breach); later during the lesson may be the registration of a break-off
 * and before the start may be an absence told in advance (a person judges);
 * no registration time recorded: a person judges. */
static void rule_registration_time(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e)) continue;
        subject_of(c, e, subj, sizeof subj);
        size_t cnt[5] = {0}, n = 0;
        for (size_t i = 0; i < c->nattendance; i++) {
            if (!fgu_lesson(ctx, e, &c->attendance[i])) continue;
            cnt[reg_classify(&c->attendance[i])]++;
            n++;
        }
        if (!n) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA, "Ingen registrerede lektioner til og med %s.",
                      rules_ds(ctx, ctx->on));
            rules_say(ctx, f, LANG_EN, "No registered lessons up to %s.", rules_ds(ctx, ctx->on));
            continue;
        }
        if (cnt[REG_OK] == n) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_OK, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "lessons", "%zu", n);
            rules_fact(ctx, f, "registered_at_start", "%zu", n);
            rules_say(ctx, f, LANG_DA,
                      "Lektioner til og med %s: %zu, alle registreret ved lektionens begyndelse "
                      "(inden for de første %d minutter).",
                      rules_ds(ctx, ctx->on), n, FGU_REG_GRACE);
            rules_say(ctx, f, LANG_EN,
                      "Lessons up to %s: %zu, all registered at the start of the lesson (within "
                      "its first %d minutes).",
                      rules_ds(ctx, ctx->on), n, FGU_REG_GRACE);
            continue;
        }
        /* breach: registered after the lesson ended */
        if (cnt[REG_AFTER]) {
            ungdb_finding *f =
                rules_finding(ctx, rule, UNGDB_FINDING_BREACH, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "lessons", "%zu", n);
            rules_fact(ctx, f, "registered_after_lesson", "%zu", cnt[REG_AFTER]);
            rules_say(ctx, f, LANG_DA,
                      "%zu af %zu lektioner er registreret først efter lektionens slutning, ikke "
                      "straks ved begyndelsen: ",
                      cnt[REG_AFTER], n);
            rules_say(ctx, f, LANG_EN,
                      "%zu of %zu lessons were registered only after the lesson ended, not "
                      "immediately at its start: ",
                      cnt[REG_AFTER], n);
            lesson_list l = {0};
            for (size_t i = 0; i < c->nattendance; i++) {
                const ungdb_attendance *a = &c->attendance[i];
                if (!fgu_lesson(ctx, e, a) || reg_classify(a) != REG_AFTER) continue;
                char b[17], da[64], en[64];
                snprintf(da, sizeof da, ", %d min., registreret %s", a->lesson_minutes,
                         dt(b, a->registered_at));
                snprintf(en, sizeof en, ", %d min., registered %s", a->lesson_minutes,
                         dt(b, a->registered_at));
                list_lesson(ctx, f, &l, i, da, en);
            }
            list_end(ctx, f, &l);
        }
        size_t unsure = cnt[REG_LATE] + cnt[REG_BEFORE] + cnt[REG_UNKNOWN];
        if (unsure) {
            ungdb_finding *f =
                rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "lessons", "%zu", n);
            rules_fact(ctx, f, "registered_later_in_lesson", "%zu", cnt[REG_LATE]);
            rules_fact(ctx, f, "registered_before_start", "%zu", cnt[REG_BEFORE]);
            rules_fact(ctx, f, "registration_time_not_recorded", "%zu", cnt[REG_UNKNOWN]);
            rules_say(ctx, f, LANG_DA,
                      "%zu af %zu lektioner er ikke registreret inden for de første %d minutter: ",
                      unsure, n, FGU_REG_GRACE);
            rules_say(ctx, f, LANG_EN,
                      "%zu of %zu lessons were not registered within their first %d minutes: ",
                      unsure, n, FGU_REG_GRACE);
            lesson_list l = {0};
            for (size_t i = 0; i < c->nattendance; i++) {
                const ungdb_attendance *a = &c->attendance[i];
                if (!fgu_lesson(ctx, e, a)) continue;
                reg_class rc = reg_classify(a);
                if (rc == REG_OK || rc == REG_AFTER) continue;
                char b[17], da[64], en[64];
                if (rc == REG_UNKNOWN) {
                    snprintf(da, sizeof da, ", registreringstidspunkt ikke oplyst");
                    snprintf(en, sizeof en, ", time of registration not recorded");
                } else {
                    snprintf(da, sizeof da, ", registreret %s", dt(b, a->registered_at));
                    snprintf(en, sizeof en, ", registered %s", dt(b, a->registered_at));
                }
                list_lesson(ctx, f, &l, i, da, en);
            }
            list_end(ctx, f, &l);
            rules_say(ctx, f, LANG_DA,
                      " En registrering senere i lektionen kan være registreringen af, at eleven "
                      "afbrød sin deltagelse (§ 17, stk. 2, 2. pkt.), og en registrering før "
                      "lektionen et fravær meldt på forhånd; en person vurderer, om registreringen "
                      "skete straks.");
            rules_say(ctx, f, LANG_EN,
                      " A registration later in the lesson may record that the pupil broke off "
                      "(§ 17, stk. 2, 2nd sentence), one before the lesson an absence announced in "
                      "advance; a person judges whether it was immediate.");
        }
    }
}

/* --------------------------------------------------- fgu.absence_minimum -- */

/* § 17, stk. 3: the actual time the pupil is absent from a lesson is
 * registered, but at least 30 minutes. An absence of 1-29 minutes is a
 * breach; a lesson shorter than 30 minutes missed in full is left to a
 * person (the case cannot record more absence than the lesson has). */
static void rule_absence_minimum(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e)) continue;
        subject_of(c, e, subj, sizeof subj);
        size_t absences = 0, under = 0, short_lessons = 0;
        for (size_t i = 0; i < c->nattendance; i++) {
            const ungdb_attendance *a = &c->attendance[i];
            if (!fgu_lesson(ctx, e, a) || a->absent_minutes <= 0) continue;
            absences++;
            if (a->absent_minutes >= FGU_MIN_ABSENCE) continue;
            if (a->absent_minutes == a->lesson_minutes)
                short_lessons++;
            else
                under++;
        }
        if (!absences) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA, "Intet fravær registreret til og med %s.",
                      rules_ds(ctx, ctx->on));
            rules_say(ctx, f, LANG_EN, "No absence registered up to %s.", rules_ds(ctx, ctx->on));
            continue;
        }
        if (!under && !short_lessons) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_OK, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "absences", "%zu", absences);
            rules_say(ctx, f, LANG_DA,
                      "Fraværsregistreringer til og med %s: %zu, alle på mindst %d minutter.",
                      rules_ds(ctx, ctx->on), absences, FGU_MIN_ABSENCE);
            rules_say(ctx, f, LANG_EN,
                      "Absence registrations up to %s: %zu, all of at least %d minutes.",
                      rules_ds(ctx, ctx->on), absences, FGU_MIN_ABSENCE);
            continue;
        }
        for (int pass = 0; pass < 2; pass++) {
            size_t cnt = pass == 0 ? under : short_lessons;
            if (!cnt) continue;
            ungdb_finding *f =
                rules_finding(ctx, rule, pass == 0 ? UNGDB_FINDING_BREACH : UNGDB_FINDING_JUDGEMENT,
                              UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "absences", "%zu", absences);
            rules_fact(ctx, f, pass == 0 ? "under_30_minutes" : "short_lessons_missed", "%zu", cnt);
            if (pass == 0) {
                rules_say(ctx, f, LANG_DA,
                          "%zu af %zu fraværsregistreringer er på under %d minutter; fraværet "
                          "registreres med den faktiske tid, dog mindst %d minutter: ",
                          cnt, absences, FGU_MIN_ABSENCE, FGU_MIN_ABSENCE);
                rules_say(ctx, f, LANG_EN,
                          "%zu of %zu absence registrations are under %d minutes; absence is "
                          "registered as the actual time, but at least %d minutes: ",
                          cnt, absences, FGU_MIN_ABSENCE, FGU_MIN_ABSENCE);
            } else {
                rules_say(ctx, f, LANG_DA,
                          "Lektioner kortere end %d minutter, registreret med fravær i hele "
                          "lektionen (%zu): ",
                          FGU_MIN_ABSENCE, cnt);
                rules_say(ctx, f, LANG_EN,
                          "Lessons shorter than %d minutes, registered as missed in full (%zu): ",
                          FGU_MIN_ABSENCE, cnt);
            }
            lesson_list l = {0};
            for (size_t i = 0; i < c->nattendance; i++) {
                const ungdb_attendance *a = &c->attendance[i];
                if (!fgu_lesson(ctx, e, a) || a->absent_minutes <= 0 ||
                    a->absent_minutes >= FGU_MIN_ABSENCE)
                    continue;
                if ((a->absent_minutes == a->lesson_minutes) != (pass == 1)) continue;
                char da[64], en[64];
                snprintf(da, sizeof da, ", %d af %d min. fravær", a->absent_minutes,
                         a->lesson_minutes);
                snprintf(en, sizeof en, ", %d of %d min. absent", a->absent_minutes,
                         a->lesson_minutes);
                list_lesson(ctx, f, &l, i, da, en);
            }
            list_end(ctx, f, &l);
            if (pass == 1) {
                rules_say(ctx, f, LANG_DA,
                          " Mindstetiden på %d minutter er længere end lektionen; en person "
                          "vurderer registreringen.",
                          FGU_MIN_ABSENCE);
                rules_say(ctx, f, LANG_EN,
                          " The %d-minute minimum is longer than the lesson; a person judges the "
                          "registration.",
                          FGU_MIN_ABSENCE);
            }
        }
    }
}

/* ---------------------------------------------------- fgu.absence_lawful -- */

/* The first `days` dates with lessons of enrolment e on or after `from`
 * (the school days of an exclusion, docs/rules.md); returns the last of
 * them, or NONE if the registrations hold fewer (then *found < days). */
static ungdb_date nth_lesson_day(const ungdb_case *c, const ungdb_enrolment *e, ungdb_date from,
                                 int days, int *found)
{
    ungdb_date last = UNGDB_DATE_NONE;
    *found = 0;
    ungdb_date cur = from;
    /* walk day by day over the dates that occur; bounded by the lessons */
    for (;;) {
        ungdb_date next = UNGDB_DATE_NONE;
        for (size_t i = 0; i < c->nattendance; i++) {
            const ungdb_attendance *a = &c->attendance[i];
            if (strcmp(a->enrolment, e->id)) continue;
            ungdb_date d = ungdb_datetime_date(a->lesson_start);
            if (d.day >= cur.day && (!ungdb_date_is_set(next) || d.day < next.day)) next = d;
        }
        if (!ungdb_date_is_set(next) || *found == days) break;
        (*found)++;
        last = next;
        cur = ungdb_add_days(next, 1);
    }
    return last;
}

/* § 17, stk. 1: the institution registers unlawful and lawful absence (the
 * case form requires `lawful` on every absence). Bilag 2, pkt. 3, nr. 6,
 * 2. pkt.: absence during an exclusion from teaching is registered as
 * ordered and so lawful absence. Checked for each exclusion: its school days
 * are the first `days` days with registered lessons from the sanction's
 * date (convention, docs/rules.md). */
static void rule_absence_lawful(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    bool any = false;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->nsanctions; j++) {
            const ungdb_fgu_sanction *s = &e->fgu->sanctions[j];
            if (s->kind != UNGDB_FGU_SANCTION_EXCLUSION_TEACHING || s->date.day > ctx->on.day)
                continue;
            any = true;
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.sanctions[%zu]", k, j);
            if (s->days < 0 || s->conditional != UNGDB_NO) {
                ungdb_finding *f =
                    rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
                rules_fact(ctx, f, "sanction_date", "%s", rules_ds(ctx, s->date));
                rules_fact(ctx, f, "conditional", "%s", tri_en(s->conditional));
                rules_say(ctx, f, LANG_DA,
                          "Udelukkelse fra undervisningen fra %s: %s; en person afgør, hvilke "
                          "lektioner fraværet skal registreres som lovligt for.",
                          rules_ds(ctx, s->date),
                          s->days < 0                   ? "antallet af skoledage er ikke oplyst"
                          : s->conditional == UNGDB_YES ? "sanktionen er betinget"
                                                        : "det er ikke oplyst, om den er betinget");
                rules_say(ctx, f, LANG_EN,
                          "Exclusion from teaching from %s: %s; a person decides for which "
                          "lessons the absence is registered as lawful.",
                          rules_ds(ctx, s->date),
                          s->days < 0 ? "the number of school days is not recorded"
                          : s->conditional == UNGDB_YES
                              ? "the sanction is conditional"
                              : "whether it is conditional is not recorded");
                continue;
            }
            int found;
            ungdb_date last = nth_lesson_day(c, e, s->date, s->days, &found);
            size_t absent = 0, unlawful = 0;
            for (size_t i = 0; i < c->nattendance; i++) {
                const ungdb_attendance *a = &c->attendance[i];
                ungdb_date d = ungdb_datetime_date(a->lesson_start);
                if (strcmp(a->enrolment, e->id) || a->absent_minutes <= 0 || !found ||
                    d.day < s->date.day || d.day > last.day)
                    continue;
                absent++;
                if (a->lawful == UNGDB_NO) unlawful++;
            }
            ungdb_finding *f = rules_finding(ctx, rule,
                                             unlawful ? UNGDB_FINDING_BREACH
                                             : absent ? UNGDB_FINDING_OK
                                                      : UNGDB_FINDING_NA,
                                             UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "sanction_date", "%s", rules_ds(ctx, s->date));
            rules_fact(ctx, f, "school_days", "%d", s->days);
            rules_fact(ctx, f, "lesson_days_found", "%d", found);
            if (found) rules_fact(ctx, f, "last_day", "%s", rules_ds(ctx, last));
            rules_fact(ctx, f, "absences", "%zu", absent);
            rules_fact(ctx, f, "registered_unlawful", "%zu", unlawful);
            rules_say(ctx, f, LANG_DA,
                      "Udelukkelse fra undervisningen i %d skoledage fra %s (Bilag 2, pkt. 3, "
                      "nr. 6); %d dage med registrerede lektioner%s%s. ",
                      s->days, rules_ds(ctx, s->date), found, found ? " til og med " : "",
                      found ? rules_ds(ctx, last) : "");
            rules_say(ctx, f, LANG_EN,
                      "Exclusion from teaching for %d school days from %s (Bilag 2, pkt. 3, "
                      "nr. 6); %d days with registered lessons%s%s. ",
                      s->days, rules_ds(ctx, s->date), found, found ? " up to " : "",
                      found ? rules_ds(ctx, last) : "");
            if (unlawful) {
                rules_say(ctx, f, LANG_DA,
                          "%zu af %zu fraværsregistreringer i perioden er registreret som ulovligt "
                          "fravær; fravær under udelukkelse er påbudt og dermed lovligt: ",
                          unlawful, absent);
                rules_say(ctx, f, LANG_EN,
                          "%zu of %zu absence registrations in the period are registered as "
                          "unlawful; absence during an exclusion is ordered and so lawful: ",
                          unlawful, absent);
                lesson_list l = {0};
                for (size_t i = 0; i < c->nattendance; i++) {
                    const ungdb_attendance *a = &c->attendance[i];
                    ungdb_date d = ungdb_datetime_date(a->lesson_start);
                    if (strcmp(a->enrolment, e->id) || a->absent_minutes <= 0 ||
                        a->lawful != UNGDB_NO || d.day < s->date.day || d.day > last.day)
                        continue;
                    list_lesson(ctx, f, &l, i, ", ulovligt", ", unlawful");
                }
                list_end(ctx, f, &l);
            } else if (absent) {
                rules_say(ctx, f, LANG_DA,
                          "Alle %zu fraværsregistreringer i perioden er registreret som lovligt "
                          "fravær.",
                          absent);
                rules_say(ctx, f, LANG_EN,
                          "All %zu absence registrations in the period are registered as lawful.",
                          absent);
            } else {
                rules_say(ctx, f, LANG_DA, "Der er intet registreret fravær i perioden.");
                rules_say(ctx, f, LANG_EN, "No absence is registered in the period.");
            }
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA,
                  "Ingen udelukkelse fra undervisningen er registreret. Lovligt eller ulovligt "
                  "fravær er angivet ved hver fraværsregistrering (§ 17, stk. 1).");
        rules_say(ctx, f, LANG_EN,
                  "No exclusion from teaching is recorded. Lawful or unlawful is given on every "
                  "absence registration (§ 17, stk. 1).");
    }
}

/* --------------------------------------------------- fgu.absence_comment -- */

/* § 18: the pupil can check the registrations and comment on them
 * digitally, including the reason for an absence (illness or another lawful
 * reason, civic duties such as Forsvarets Dag, student-democracy meetings:
 * lawful unless more than the institution finds reasonable). A comment on an
 * absence registered as unlawful is for a person to weigh; the engine never
 * reclassifies. Whether the pupil has the regular access is not in the case. */
static void rule_absence_comment(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e)) continue;
        subject_of(c, e, subj, sizeof subj);
        size_t comments = 0, on_unlawful = 0;
        for (size_t i = 0; i < c->nattendance; i++) {
            const ungdb_attendance *a = &c->attendance[i];
            if (!fgu_lesson(ctx, e, a) || !a->comment) continue;
            comments++;
            if (a->absent_minutes > 0 && a->lawful == UNGDB_NO) on_unlawful++;
        }
        if (!on_unlawful) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "comments", "%zu", comments);
            rules_say(ctx, f, LANG_DA,
                      "Elevens bemærkninger til registreringerne: %zu, ingen til ulovligt "
                      "fravær. Om eleven regelmæssigt kan kontrollere og kommentere sine "
                      "registreringer digitalt, fremgår ikke af sagen.",
                      comments);
            rules_say(ctx, f, LANG_EN,
                      "The pupil's comments on the registrations: %zu, none on unlawful absence. "
                      "Whether the pupil can regularly check and comment on the registrations "
                      "digitally is not in the case.",
                      comments);
            continue;
        }
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "comments", "%zu", comments);
        rules_fact(ctx, f, "comments_on_unlawful_absence", "%zu", on_unlawful);
        rules_say(ctx, f, LANG_DA,
                  "Eleven har kommenteret fraværsregistreringer, der står som ulovligt fravær "
                  "(%zu): ",
                  on_unlawful);
        rules_say(ctx, f, LANG_EN,
                  "The pupil commented on absence registrations that stand as unlawful (%zu): ",
                  on_unlawful);
        lesson_list l = {0};
        for (size_t i = 0; i < c->nattendance; i++) {
            const ungdb_attendance *a = &c->attendance[i];
            if (!fgu_lesson(ctx, e, a) || !a->comment || a->absent_minutes <= 0 ||
                a->lawful != UNGDB_NO)
                continue;
            char da[96], en[96];
            snprintf(da, sizeof da, ", %d min., bemærkning: \"%.60s\"", a->absent_minutes,
                     a->comment);
            snprintf(en, sizeof en, ", %d min., comment: \"%.60s\"", a->absent_minutes, a->comment);
            list_lesson(ctx, f, &l, i, da, en);
        }
        list_end(ctx, f, &l);
        rules_say(ctx, f, LANG_DA,
                  " En person vurderer, om årsagen gør fraværet lovligt (sygdom eller anden "
                  "lovlig grund, borgerlige pligter som Forsvarets Dag, elevdemokratiske møder i "
                  "rimeligt omfang).");
        rules_say(ctx, f, LANG_EN,
                  " A person judges whether the reason makes the absence lawful (illness or "
                  "another lawful reason, civic duties such as Forsvarets Dag, student-democracy "
                  "meetings within reason).");
    }
}

/* ---------------------------------------------------- fgu.teaching_hours -- */

/* § 3, stk. 3: on average at least 26 clock hours of teaching a week for
 * each pupil; stk. 4: adjusted for a pupil on reduced time (the act's § 9,
 * stk. 3): 26 x the share of full time. The average is over every week
 * recorded for the enrolment (past and planned; convention, docs/rules.md). */
static void rule_teaching_hours(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e)) continue;
        subject_of(c, e, subj, sizeof subj);
        if (!e->fgu || !e->fgu->nweeks) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA, "Ingen uger med undervisningstimer er registreret.");
            rules_say(ctx, f, LANG_EN, "No weeks of teaching hours are recorded.");
            continue;
        }
        const ungdb_fgu *g = e->fgu;
        double pct = g->reduced_time_percent < 0 ? 100.0 : g->reduced_time_percent;
        if (pct <= 0) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "reduced_time_percent", "%g", pct);
            rules_say(ctx, f, LANG_DA, "Eleven deltager på 0 %% tid.");
            rules_say(ctx, f, LANG_EN, "The pupil takes part at 0 %% time.");
            continue;
        }
        double sum = 0;
        ungdb_date first = g->weeks[0].week_start;
        for (size_t i = 0; i < g->nweeks; i++) {
            sum += g->weeks[i].teaching_hours;
            if (g->weeks[i].week_start.day < first.day) first = g->weeks[i].week_start;
        }
        double avg = sum / (double)g->nweeks;
        double norm = FGU_WEEK_HOURS * pct / 100.0;
        /* Compare sums, with a tolerance far below a minute, so that an
         * average of exactly the norm is met despite binary fractions. */
        bool ok = sum >= norm * (double)g->nweeks - 1e-6;
        ungdb_finding *f = rules_finding(ctx, rule, ok ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH,
                                         UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "weeks", "%zu", g->nweeks);
        rules_fact(ctx, f, "teaching_hours", "%.2f", sum);
        rules_fact(ctx, f, "average_hours", "%.2f", avg);
        rules_fact(ctx, f, "reduced_time_percent", "%g", pct);
        rules_fact(ctx, f, "minimum_average_hours", "%.2f", norm);
        if (pct < 100) {
            rules_say(ctx, f, LANG_DA,
                      "Eleven deltager på nedsat tid (%g %%); mindstetimetallet er %.2f x %g %% = "
                      "%.2f klokketimer om ugen i gennemsnit (§ 3, stk. 4). ",
                      pct, FGU_WEEK_HOURS, pct, norm);
            rules_say(ctx, f, LANG_EN,
                      "The pupil takes part on reduced time (%g %%); the minimum is %.2f x %g %% "
                      "= %.2f clock hours a week on average (§ 3, stk. 4). ",
                      pct, FGU_WEEK_HOURS, pct, norm);
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Eleven deltager på fuld tid%s; mindstetimetallet er %.2f klokketimer om "
                      "ugen i gennemsnit (§ 3, stk. 3). ",
                      g->reduced_time_percent < 0 ? " (nedsat tid er ikke registreret)" : "", norm);
            rules_say(ctx, f, LANG_EN,
                      "The pupil takes part full-time%s; the minimum is %.2f clock hours a week "
                      "on average (§ 3, stk. 3). ",
                      g->reduced_time_percent < 0 ? " (no reduced time recorded)" : "", norm);
        }
        rules_say(
            ctx, f, LANG_DA,
            "Registrerede uger fra %s: %zu med i alt %.2f timer, i gennemsnit %.2f om ugen: %s.",
            rules_ds(ctx, first), g->nweeks, sum, avg, ok ? "opfyldt" : "under mindstetimetallet");
        rules_say(ctx, f, LANG_EN,
                  "Recorded weeks from %s: %zu with %.2f hours in all, on average %.2f a week: %s.",
                  rules_ds(ctx, first), g->nweeks, sum, avg, ok ? "met" : "below the minimum");
    }
}

/* ------------------------------------------------ fgu.combination_length -- */

static int cmp_comb(const void *a, const void *b)
{
    const ungdb_fgu_combination *x = *(const ungdb_fgu_combination *const *)a;
    const ungdb_fgu_combination *y = *(const ungdb_fgu_combination *const *)b;
    return (x->from.day > y->from.day) - (x->from.day < y->from.day);
}

/* § 5, stk. 1: combination courses (in general and production basic
 * education) at most 5 weeks of the whole course; stk. 2: up to 10 weeks in
 * total when the institution exceptionally judges that the pupil will
 * benefit particularly. Weeks are calendar weeks: 5 weeks = 35 calendar
 * days, the days of all periods counted once (overlaps once), both ends
 * included. Over 35 days needs a stated reason (exception_reason); whether
 * the reason holds is the institution's judgement. */
static void rule_combination_length(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e)) continue;
        subject_of(c, e, subj, sizeof subj);
        const ungdb_fgu *g = e->fgu;
        if (!g || !g->ncombinations) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA, "Intet kombinationsforløb er registreret.");
            rules_say(ctx, f, LANG_EN, "No combination course is recorded.");
            continue;
        }
        const ungdb_fgu_combination **p = malloc(g->ncombinations * sizeof *p);
        if (!p) {
            ctx->oom = true;
            return;
        }
        const char *reason = NULL;
        for (size_t i = 0; i < g->ncombinations; i++) {
            p[i] = &g->combinations[i];
            if (!reason && p[i]->exception_reason && p[i]->exception_reason[0])
                reason = p[i]->exception_reason;
        }
        qsort(p, g->ncombinations, sizeof *p, cmp_comb);
        long days = 0;
        int32_t end = INT32_MIN; /* last day counted */
        for (size_t i = 0; i < g->ncombinations; i++) {
            int32_t a = p[i]->from.day, b = p[i]->to.day;
            if (a <= end) a = end + 1;
            if (b >= a) days += b - a + 1;
            if (b > end) end = b;
        }
        ungdb_date first = p[0]->from;
        free(p);
        ungdb_finding_status st;
        if (days <= FGU_COMB_DAYS)
            st = UNGDB_FINDING_OK;
        else if (days <= FGU_COMB_EXCEPTION_DAYS && reason)
            st = UNGDB_FINDING_OK;
        else
            st = UNGDB_FINDING_BREACH;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "periods", "%zu", g->ncombinations);
        rules_fact(ctx, f, "first_day", "%s", rules_ds(ctx, first));
        rules_fact(ctx, f, "combination_days", "%ld", days);
        rules_fact(ctx, f, "limit_days", "%d", reason ? FGU_COMB_EXCEPTION_DAYS : FGU_COMB_DAYS);
        if (reason) rules_fact(ctx, f, "exception_reason", "%s", reason);
        rules_say(ctx, f, LANG_DA,
                  "Kombinationsforløbene fra %s varer i alt %ld kalenderdage (%ld uger",
                  rules_ds(ctx, first), days, days / 7);
        rules_say(ctx, f, LANG_EN,
                  "The combination courses from %s last %ld calendar days in all (%ld weeks",
                  rules_ds(ctx, first), days, days / 7);
        if (days % 7) {
            rules_say(ctx, f, LANG_DA, " og %ld %s", days % 7, days % 7 == 1 ? "dag" : "dage");
            rules_say(ctx, f, LANG_EN, " and %ld %s", days % 7, days % 7 == 1 ? "day" : "days");
        }
        rules_say(ctx, f, LANG_DA, "). ");
        rules_say(ctx, f, LANG_EN, "). ");
        if (days <= FGU_COMB_DAYS) {
            rules_say(ctx, f, LANG_DA, "Højst 5 uger (35 dage) er tilladt (§ 5, stk. 1).");
            rules_say(ctx, f, LANG_EN, "At most 5 weeks (35 days) are allowed (§ 5, stk. 1).");
        } else if (days > FGU_COMB_EXCEPTION_DAYS) {
            rules_say(ctx, f, LANG_DA,
                      "Det er mere end 10 uger (70 dage), grænsen selv undtagelsesvist (§ 5, "
                      "stk. 2).");
            rules_say(ctx, f, LANG_EN,
                      "That is more than 10 weeks (70 days), the limit even as an exception "
                      "(§ 5, stk. 2).");
        } else if (reason) {
            rules_say(ctx, f, LANG_DA,
                      "Over 5 uger, højst 10 uger: undtagelsesvis forlængelse med begrundelsen "
                      "\"%.120s\" (§ 5, stk. 2); vurderingen af, at eleven vil have særligt gavn "
                      "af det, er institutionens.",
                      reason);
            rules_say(ctx, f, LANG_EN,
                      "Over 5 weeks, at most 10: an exceptional extension with the reason "
                      "\"%.120s\" (§ 5, stk. 2); the judgement that the pupil will benefit "
                      "particularly is the institution's.",
                      reason);
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Det er mere end 5 uger (35 dage), og ingen begrundelse for en "
                      "undtagelsesvis forlængelse er registreret (§ 5, stk. 1-2).");
            rules_say(ctx, f, LANG_EN,
                      "That is more than 5 weeks (35 days), and no reason for an exceptional "
                      "extension is recorded (§ 5, stk. 1-2).");
        }
    }
}

/* --------------------------------------------------- fgu.exam_draw_notice -- */

/* § 8, stk. 6: when subjects are in the draw, the pupil is told whether the
 * subject is drawn at the earliest 21 days and at the latest 7 days before
 * teaching ends (calendar days before the last day of teaching). */
static void rule_exam_draw_notice(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    bool any = false;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->nexam_draws; j++) {
            const ungdb_fgu_exam_draw *x = &e->fgu->exam_draws[j];
            any = true;
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.exam_draws[%zu]", k, j);
            ungdb_date earliest = ungdb_add_days(x->teaching_ends, -FGU_DRAW_EARLIEST);
            ungdb_date latest = ungdb_add_days(x->teaching_ends, -FGU_DRAW_LATEST);
            bool told = ungdb_date_is_set(x->notified) && x->notified.day <= ctx->on.day;
            ungdb_finding_status st;
            if (told)
                st = x->notified.day < earliest.day || x->notified.day > latest.day
                         ? UNGDB_FINDING_BREACH
                         : UNGDB_FINDING_OK;
            else
                st = ctx->on.day <= latest.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
            ungdb_finding *f = rules_finding(ctx, rule, st, told ? UNGDB_DATE_NONE : latest, subj);
            rules_fact(ctx, f, "subject", "%s", x->subject);
            rules_fact(ctx, f, "teaching_ends", "%s", rules_ds(ctx, x->teaching_ends));
            rules_fact(ctx, f, "earliest", "%s", rules_ds(ctx, earliest));
            rules_fact(ctx, f, "latest", "%s", rules_ds(ctx, latest));
            rules_say(ctx, f, LANG_DA,
                      "Undervisningen i %s slutter %s; eleven skal have besked om udtræk tidligst "
                      "21 dage og senest 7 dage før, dvs. fra %s til %s. ",
                      x->subject, rules_ds(ctx, x->teaching_ends), rules_ds(ctx, earliest),
                      rules_ds(ctx, latest));
            rules_say(ctx, f, LANG_EN,
                      "Teaching in %s ends on %s; the pupil must be told whether it is drawn at "
                      "the earliest 21 days and at the latest 7 days before, i.e. from %s to %s. ",
                      x->subject, rules_ds(ctx, x->teaching_ends), rules_ds(ctx, earliest),
                      rules_ds(ctx, latest));
            if (told) {
                int before = x->teaching_ends.day - x->notified.day;
                rules_fact(ctx, f, "notified", "%s", rules_ds(ctx, x->notified));
                rules_fact(ctx, f, "days_before", "%d", before);
                rules_say(ctx, f, LANG_DA, "Eleven fik besked %s, %d dage før%s.",
                          rules_ds(ctx, x->notified), before,
                          st == UNGDB_FINDING_OK       ? ""
                          : before > FGU_DRAW_EARLIEST ? ", for tidligt"
                                                       : ", for sent");
                rules_say(ctx, f, LANG_EN, "The pupil was told on %s, %d days before%s.",
                          rules_ds(ctx, x->notified), before,
                          st == UNGDB_FINDING_OK       ? ""
                          : before > FGU_DRAW_EARLIEST ? ", too early"
                                                       : ", too late");
            } else {
                rules_say(ctx, f, LANG_DA, "Der er ikke registreret nogen besked.");
                rules_say(ctx, f, LANG_EN, "No notice is recorded.");
            }
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen fag i udtræk til prøve er registreret.",
                 "No subject in the exam draw is recorded.");
    }
}

/* --------------------------------------------------- certificate helpers -- */

static const char *const cert_da[UNGDB_FGU_CERT_ITEMS] = {
    "elevens navn og cpr-nr. eller anden tydelig identifikation",
    "den udstedende institutions navn",
    "at beviset vedrører FGU i medfør af lov om forberedende grunduddannelse",
    "perioden for uddannelsesforløbet",
    "de undervisningstilbud, eleven har deltaget i",
    "de uddannelseselementer, der er aflagt prøve i, med bedømmelser",
    "afsluttende standpunktskarakterer",
    "gennemført erhvervstræning",
    "gennemført kombinationsforløb",
    "gennemført virksomhedspraktik",
    "uddannelsesbevis efter lovens § 36, stk. 3 og 4",
};
static const char *const cert_en[UNGDB_FGU_CERT_ITEMS] = {
    "the pupil's name and CPR number or other clear identification",
    "the issuing institution's name",
    "that it concerns FGU under the FGU act",
    "the period of the course",
    "the teaching offers the pupil took part in",
    "the elements examined, with the marks",
    "final standing marks",
    "vocational training completed",
    "combination course completed",
    "company practice completed",
    "education certificate under the act's § 36, stk. 3 and 4",
};

/* Iterates over FGU enrolments with a certificate; NA when there is none. */
static bool no_certificate(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    for (size_t k = 0; k < ctx->c->nenrolments; k++) {
        const ungdb_enrolment *e = &ctx->c->enrolments[k];
        if (is_fgu(e) && e->fgu && e->fgu->certificate) return false;
    }
    rules_na(ctx, rule, "Intet kompetencebevis er registreret.",
             "No competence certificate is recorded.");
    return true;
}

static bool cert_issued(rules_ctx *ctx, const ungdb_fgu_certificate *ce)
{
    return ungdb_date_is_set(ce->issued) && ce->issued.day <= ctx->on.day;
}

/* -------------------------------------------- fgu.certificate_completion -- */

/* § 10, stk. 1: before issuing the competence certificate the institution
 * judges whether the pupil completed a course satisfactorily; stk. 2: and
 * has given the pupil an understanding of it through progression follow-up
 * (not in the case: left to a person). */
static void rule_certificate_completion(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule) || no_certificate(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu || !e->fgu->certificate) continue;
        const ungdb_fgu_certificate *ce = e->fgu->certificate;
        snprintf(subj, sizeof subj, "enrolments[%zu].fgu.certificate", k);
        bool issued = cert_issued(ctx, ce);
        bool judged =
            ungdb_date_is_set(ce->completion_judged) && ce->completion_judged.day <= ctx->on.day;
        ungdb_finding_status st;
        if (!issued)
            st = judged ? UNGDB_FINDING_OK : UNGDB_FINDING_NA;
        else if (!judged)
            st = UNGDB_FINDING_JUDGEMENT;
        else
            st = ce->completion_judged.day <= ce->issued.day ? UNGDB_FINDING_OK
                                                             : UNGDB_FINDING_BREACH;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        if (issued) rules_fact(ctx, f, "issued", "%s", rules_ds(ctx, ce->issued));
        if (judged)
            rules_fact(ctx, f, "completion_judged", "%s", rules_ds(ctx, ce->completion_judged));
        if (issued) {
            rules_say(ctx, f, LANG_DA, "Kompetencebeviset blev udstedt %s. ",
                      rules_ds(ctx, ce->issued));
            rules_say(ctx, f, LANG_EN, "The competence certificate was issued on %s. ",
                      rules_ds(ctx, ce->issued));
        } else {
            rules_say(ctx, f, LANG_DA, "Kompetencebeviset er ikke udstedt endnu. ");
            rules_say(ctx, f, LANG_EN, "The competence certificate is not issued yet. ");
        }
        if (judged) {
            rules_say(ctx, f, LANG_DA,
                      "Institutionen vurderede %s, at forløbet er gennemført tilfredsstillende%s. ",
                      rules_ds(ctx, ce->completion_judged),
                      st == UNGDB_FINDING_BREACH ? ", efter udstedelsen" : "");
            rules_say(ctx, f, LANG_EN,
                      "The institution judged on %s that the course was completed "
                      "satisfactorily%s. ",
                      rules_ds(ctx, ce->completion_judged),
                      st == UNGDB_FINDING_BREACH ? ", after issuing it" : "");
        } else {
            rules_say(ctx, f, LANG_DA,
                      "Institutionens vurdering af, om forløbet er gennemført tilfredsstillende, "
                      "er ikke registreret. ");
            rules_say(ctx, f, LANG_EN,
                      "The institution's judgement whether the course was completed "
                      "satisfactorily is not recorded. ");
        }
        rules_say(ctx, f, LANG_DA,
                  "Vurderingen skal ligge før udstedelsen (§ 10, stk. 1); om eleven gennem "
                  "progressionsopfølgningen har fået en forståelse heraf (stk. 2), vurderer en "
                  "person.");
        rules_say(ctx, f, LANG_EN,
                  "The judgement must come before the certificate is issued (§ 10, stk. 1); "
                  "whether the progression follow-up gave the pupil an understanding of it "
                  "(stk. 2) is for a person to judge.");
    }
}

/* ---------------------------------------------- fgu.certificate_contents -- */

/* § 11: the certificate contains at least nr. 1-6, and nr. 7-11 where they
 * apply to the pupil ("hvor disse gives", "eventuelt"): the items listed in
 * `applicable`, and nr. 9 whenever the enrolment records a combination
 * course that ended by the issue date (or the evaluation date, before issue).
 * Checked before issue too: a certificate lacking an item must not be issued
 * as it is (breach). */
static void rule_certificate_contents(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule) || no_certificate(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu || !e->fgu->certificate) continue;
        const ungdb_fgu_certificate *ce = e->fgu->certificate;
        snprintf(subj, sizeof subj, "enrolments[%zu].fgu.certificate", k);
        bool issued = cert_issued(ctx, ce);
        ungdb_date asof = issued ? ce->issued : ctx->on;
        uint32_t required = 0x3Fu | (ce->applicable & ~0x3Fu);
        bool comb = false;
        for (size_t i = 0; i < e->fgu->ncombinations; i++)
            if (e->fgu->combinations[i].to.day <= asof.day) comb = true;
        if (comb) required |= UNGDB_FGU_CERT_COMBINATION;
        uint32_t missing = required & ~ce->contents;
        ungdb_finding *f = rules_finding(
            ctx, rule, missing ? UNGDB_FINDING_BREACH : UNGDB_FINDING_OK, UNGDB_DATE_NONE, subj);
        if (issued) rules_fact(ctx, f, "issued", "%s", rules_ds(ctx, ce->issued));
        char req[64] = "", mis[64] = "";
        for (int i = 0; i < UNGDB_FGU_CERT_ITEMS; i++) {
            char num[8];
            snprintf(num, sizeof num, "%d", i + 1);
            if (required & (1u << i))
                snprintf(req + strlen(req), sizeof req - strlen(req), "%s%s", req[0] ? ", " : "",
                         num);
            if (missing & (1u << i))
                snprintf(mis + strlen(mis), sizeof mis - strlen(mis), "%s%s", mis[0] ? ", " : "",
                         num);
        }
        rules_fact(ctx, f, "required_items", "%s", req);
        if (missing) rules_fact(ctx, f, "missing_items", "%s", mis);
        rules_say(ctx, f, LANG_DA, "Kompetencebeviset (%s) skal indeholde § 11, nr. %s%s. ",
                  issued ? "udstedt" : "ikke udstedt endnu", req,
                  comb ? " (nr. 9, da eleven har gennemført kombinationsforløb)" : "");
        rules_say(ctx, f, LANG_EN, "The competence certificate (%s) must contain § 11, nr. %s%s. ",
                  issued ? "issued" : "not issued yet", req,
                  comb ? " (nr. 9 as the pupil completed a combination course)" : "");
        if (!missing) {
            rules_say(ctx, f, LANG_DA, "Alle er med.");
            rules_say(ctx, f, LANG_EN, "All are there.");
            continue;
        }
        rules_say(ctx, f, LANG_DA, "Mangler: ");
        rules_say(ctx, f, LANG_EN, "Missing: ");
        bool first = true;
        for (int i = 0; i < UNGDB_FGU_CERT_ITEMS; i++) {
            if (!(missing & (1u << i))) continue;
            rules_say(ctx, f, LANG_DA, "%snr. %d %s", first ? "" : "; ", i + 1, cert_da[i]);
            rules_say(ctx, f, LANG_EN, "%snr. %d %s", first ? "" : "; ", i + 1, cert_en[i]);
            first = false;
        }
        rules_say(ctx, f, LANG_DA, ".%s",
                  issued ? "" : " Beviset må ikke udstedes, før oplysningerne er med.");
        rules_say(ctx, f, LANG_EN, ".%s",
                  issued ? "" : " The certificate must not be issued until they are there.");
    }
}

/* --------------------------------------------- fgu.certificate_retention -- */

/* § 10, stk. 4: the data needed to issue a digital certificate are kept for
 * 30 years. Convention: from the issue date, to the same date 30 years later
 * (29 February -> 1 March). */
static void rule_certificate_retention(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule) || no_certificate(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu || !e->fgu->certificate) continue;
        const ungdb_fgu_certificate *ce = e->fgu->certificate;
        snprintf(subj, sizeof subj, "enrolments[%zu].fgu.certificate", k);
        if (!cert_issued(ctx, ce)) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA, "Kompetencebeviset er ikke udstedt endnu.");
            rules_say(ctx, f, LANG_EN, "The competence certificate is not issued yet.");
            continue;
        }
        ungdb_date keep = ungdb_birthday(ce->issued, FGU_RETENTION_YEARS);
        bool known = ungdb_date_is_set(ce->retained_until);
        ungdb_finding_status st = !known                               ? UNGDB_FINDING_JUDGEMENT
                                  : ce->retained_until.day >= keep.day ? UNGDB_FINDING_OK
                                                                       : UNGDB_FINDING_BREACH;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "issued", "%s", rules_ds(ctx, ce->issued));
        rules_fact(ctx, f, "keep_until", "%s", rules_ds(ctx, keep));
        if (known) rules_fact(ctx, f, "retained_until", "%s", rules_ds(ctx, ce->retained_until));
        rules_say(ctx, f, LANG_DA,
                  "Beviset blev udstedt %s; oplysningerne til et digitalt bevis opbevares i 30 år, "
                  "dvs. mindst til %s. ",
                  rules_ds(ctx, ce->issued), rules_ds(ctx, keep));
        rules_say(ctx, f, LANG_EN,
                  "The certificate was issued on %s; the data for a digital certificate are kept "
                  "for 30 years, i.e. at least until %s. ",
                  rules_ds(ctx, ce->issued), rules_ds(ctx, keep));
        if (!known) {
            rules_say(ctx, f, LANG_DA,
                      "Opbevaringsperioden er ikke registreret; en person kontrollerer den.");
            rules_say(ctx, f, LANG_EN, "The retention period is not recorded; a person checks it.");
        } else {
            rules_say(ctx, f, LANG_DA, "De opbevares til %s%s.", rules_ds(ctx, ce->retained_until),
                      st == UNGDB_FINDING_OK ? "" : ", for kort tid");
            rules_say(ctx, f, LANG_EN, "They are kept until %s%s.",
                      rules_ds(ctx, ce->retained_until),
                      st == UNGDB_FINDING_OK ? "" : ", too short");
        }
    }
}

/* ------------------------------------------------ fgu.complaint_deadline -- */

/* § 21, stk. 2, 1. pkt.: a complaint is filed with the institution at the
 * latest 4 weeks after the decision was communicated (28 days: the same
 * weekday four weeks later is the last day). */
static void rule_complaint_deadline(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    bool any = false;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->ncomplaints; j++) {
            const ungdb_fgu_complaint *q = &e->fgu->complaints[j];
            if (q->decision_communicated.day > ctx->on.day) continue;
            any = true;
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.complaints[%zu]", k, j);
            ungdb_date last = ungdb_add_days(q->decision_communicated, FGU_COMPLAINT_DAYS);
            bool filed = ungdb_date_is_set(q->filed) && q->filed.day <= ctx->on.day;
            ungdb_finding_status st;
            if (filed)
                st = q->filed.day <= last.day ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH;
            else
                st = ctx->on.day <= last.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_NA;
            ungdb_finding *f = rules_finding(
                ctx, rule, st,
                st == UNGDB_FINDING_DUE || st == UNGDB_FINDING_BREACH ? last : UNGDB_DATE_NONE,
                subj);
            rules_fact(ctx, f, "decision_communicated", "%s",
                       rules_ds(ctx, q->decision_communicated));
            rules_fact(ctx, f, "deadline", "%s", rules_ds(ctx, last));
            rules_say(ctx, f, LANG_DA,
                      "Afgørelsen blev meddelt %s; klagefristen er 4 uger, dvs. til og med %s. ",
                      rules_ds(ctx, q->decision_communicated), rules_ds(ctx, last));
            rules_say(ctx, f, LANG_EN,
                      "The decision was communicated on %s; the complaint period is 4 weeks, i.e. "
                      "up to and including %s. ",
                      rules_ds(ctx, q->decision_communicated), rules_ds(ctx, last));
            if (filed) {
                rules_fact(ctx, f, "filed", "%s", rules_ds(ctx, q->filed));
                if (st == UNGDB_FINDING_OK) {
                    rules_say(ctx, f, LANG_DA, "Klagen blev indgivet %s, rettidigt.",
                              rules_ds(ctx, q->filed));
                    rules_say(ctx, f, LANG_EN, "The complaint was filed on %s, in time.",
                              rules_ds(ctx, q->filed));
                } else {
                    rules_say(ctx, f, LANG_DA,
                              "Klagen blev indgivet %s, %d %s for sent; om den alligevel skal "
                              "behandles, afgør en person.",
                              rules_ds(ctx, q->filed), q->filed.day - last.day,
                              q->filed.day - last.day == 1 ? "dag" : "dage");
                    rules_say(ctx, f, LANG_EN,
                              "The complaint was filed on %s, %d %s late; whether it is "
                              "considered anyway is for a person to decide.",
                              rules_ds(ctx, q->filed), q->filed.day - last.day,
                              q->filed.day - last.day == 1 ? "day" : "days");
                }
            } else if (st == UNGDB_FINDING_DUE) {
                rules_say(ctx, f, LANG_DA, "Der er ikke registreret nogen klage endnu.");
                rules_say(ctx, f, LANG_EN, "No complaint is recorded yet.");
            } else {
                rules_say(ctx, f, LANG_DA, "Fristen udløb uden en registreret klage.");
                rules_say(ctx, f, LANG_EN, "The period ended without a recorded complaint.");
            }
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen klagesag er registreret.", "No complaint case is recorded.");
    }
}

/* ------------------------------------------ fgu.complaint_comment_period -- */

/* § 21, stk. 2, 2.-4. pkt.: when the institution does not agree with the
 * complaint, it tells the complainant and gives 1 week for comments before
 * it forwards the complaint to the agency; it forwards when the complainant
 * has commented or when the week is over. The week's last day is 7 days
 * after the invitation; forwarding without a comment is allowed from the day
 * after. The order sets no deadline for forwarding. */
static void rule_complaint_comment(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    bool any = false;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->ncomplaints; j++) {
            const ungdb_fgu_complaint *q = &e->fgu->complaints[j];
            if (!ungdb_date_is_set(q->filed) || q->filed.day > ctx->on.day) continue;
            any = true;
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.complaints[%zu]", k, j);
            bool invited =
                ungdb_date_is_set(q->comment_invited) && q->comment_invited.day <= ctx->on.day;
            bool commented =
                ungdb_date_is_set(q->comment_received) && q->comment_received.day <= ctx->on.day;
            bool forwarded = ungdb_date_is_set(q->forwarded) && q->forwarded.day <= ctx->on.day;
            ungdb_date last =
                invited ? ungdb_add_days(q->comment_invited, FGU_COMMENT_DAYS) : UNGDB_DATE_NONE;
            ungdb_finding_status st;
            int why = 0; /* text variant */
            if (q->institution_agrees == UNGDB_YES && !forwarded) {
                st = UNGDB_FINDING_NA, why = 1;
            } else if (q->institution_agrees == UNGDB_UNKNOWN && !forwarded && !invited) {
                st = UNGDB_FINDING_JUDGEMENT, why = 2;
            } else if (forwarded) {
                if (!invited || q->comment_invited.day > q->forwarded.day)
                    st = UNGDB_FINDING_BREACH, why = 3;
                else if (commented && q->comment_received.day <= q->forwarded.day)
                    st = UNGDB_FINDING_OK, why = 4;
                else if (q->forwarded.day > last.day)
                    st = UNGDB_FINDING_OK, why = 5;
                else
                    st = UNGDB_FINDING_BREACH, why = 6;
            } else if (!invited) {
                st = UNGDB_FINDING_JUDGEMENT, why = 7;
            } else if (commented || ctx->on.day > last.day) {
                st = UNGDB_FINDING_JUDGEMENT, why = 8;
            } else {
                st = UNGDB_FINDING_OK, why = 9;
            }
            ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "filed", "%s", rules_ds(ctx, q->filed));
            rules_fact(ctx, f, "institution_agrees", "%s", tri_en(q->institution_agrees));
            if (invited) {
                rules_fact(ctx, f, "comment_invited", "%s", rules_ds(ctx, q->comment_invited));
                rules_fact(ctx, f, "comment_period_ends", "%s", rules_ds(ctx, last));
            }
            if (commented)
                rules_fact(ctx, f, "comment_received", "%s", rules_ds(ctx, q->comment_received));
            if (forwarded) rules_fact(ctx, f, "forwarded", "%s", rules_ds(ctx, q->forwarded));
            rules_say(ctx, f, LANG_DA, "Klagen blev indgivet %s. ", rules_ds(ctx, q->filed));
            rules_say(ctx, f, LANG_EN, "The complaint was filed on %s. ", rules_ds(ctx, q->filed));
            if (invited) {
                rules_say(ctx, f, LANG_DA,
                          "Klageren fik %s besked og en frist på 1 uge til bemærkninger, til og "
                          "med %s. ",
                          rules_ds(ctx, q->comment_invited), rules_ds(ctx, last));
                rules_say(ctx, f, LANG_EN,
                          "The complainant was told on %s and given 1 week to comment, up to and "
                          "including %s. ",
                          rules_ds(ctx, q->comment_invited), rules_ds(ctx, last));
            }
            if (commented) {
                rules_say(ctx, f, LANG_DA, "Bemærkninger modtaget %s. ",
                          rules_ds(ctx, q->comment_received));
                rules_say(ctx, f, LANG_EN, "Comments received on %s. ",
                          rules_ds(ctx, q->comment_received));
            }
            switch (why) {
            case 1:
                rules_say(ctx, f, LANG_DA, "Institutionen giver klageren medhold.");
                rules_say(ctx, f, LANG_EN, "The institution agrees with the complainant.");
                break;
            case 2:
                rules_say(ctx, f, LANG_DA,
                          "Det er ikke registreret, om institutionen giver klageren medhold; en "
                          "person tager stilling.");
                rules_say(ctx, f, LANG_EN,
                          "Whether the institution agrees with the complaint is not recorded; a "
                          "person decides.");
                break;
            case 3:
                rules_say(ctx, f, LANG_DA,
                          "Klagen blev videresendt til styrelsen %s uden at klageren forinden "
                          "fik besked og en frist på 1 uge til bemærkninger.",
                          rules_ds(ctx, q->forwarded));
                rules_say(ctx, f, LANG_EN,
                          "The complaint was forwarded to the agency on %s without first telling "
                          "the complainant and giving 1 week to comment.",
                          rules_ds(ctx, q->forwarded));
                break;
            case 4:
                rules_say(ctx, f, LANG_DA, "Klagen blev videresendt %s, efter bemærkningerne.",
                          rules_ds(ctx, q->forwarded));
                rules_say(ctx, f, LANG_EN, "The complaint was forwarded on %s, after the comments.",
                          rules_ds(ctx, q->forwarded));
                break;
            case 5:
                rules_say(ctx, f, LANG_DA, "Klagen blev videresendt %s, efter fristens udløb.",
                          rules_ds(ctx, q->forwarded));
                rules_say(ctx, f, LANG_EN,
                          "The complaint was forwarded on %s, after the period had ended.",
                          rules_ds(ctx, q->forwarded));
                break;
            case 6:
                rules_say(ctx, f, LANG_DA,
                          "Klagen blev videresendt %s, før fristen for bemærkninger var udløbet "
                          "og uden bemærkninger.",
                          rules_ds(ctx, q->forwarded));
                rules_say(ctx, f, LANG_EN,
                          "The complaint was forwarded on %s, before the comment period had ended "
                          "and without comments.",
                          rules_ds(ctx, q->forwarded));
                break;
            case 7:
                rules_say(ctx, f, LANG_DA,
                          "Institutionen giver ikke medhold: den skal give klageren besked og en "
                          "frist på 1 uge til bemærkninger, før klagen videresendes til "
                          "styrelsen. Bekendtgørelsen sætter ingen frist for det; en person "
                          "sørger for det.");
                rules_say(ctx, f, LANG_EN,
                          "The institution does not agree: it must tell the complainant and give "
                          "1 week to comment before forwarding the complaint to the agency. The "
                          "order sets no deadline for it; a person sees to it.");
                break;
            case 8:
                rules_say(ctx, f, LANG_DA,
                          "Klagen skal nu videresendes til styrelsen med institutionens "
                          "bemærkninger og sagens akter. Bekendtgørelsen sætter ingen frist for "
                          "det; en person sørger for det.");
                rules_say(ctx, f, LANG_EN,
                          "The complaint is now to be forwarded to the agency with the "
                          "institution's comments and the case files. The order sets no "
                          "deadline for it; a person sees to it.");
                break;
            default:
                rules_say(ctx, f, LANG_DA,
                          "Fristen for bemærkninger løber; klagen videresendes, når klageren har "
                          "udtalt sig eller fristen er udløbet.");
                rules_say(ctx, f, LANG_EN,
                          "The comment period is running; the complaint is forwarded when the "
                          "complainant has commented or the period has ended.");
            }
        }
    }
    if (!any) {
        rules_na(ctx, rule, "Ingen indgivet klage er registreret.",
                 "No filed complaint is recorded.");
    }
}

/* ---------------------------------------------------- fgu.sanction_limits -- */

/* Bilag 2, pkt. 3: nr. 3 confiscation of private items normally at most one
 * day (døgn) (longer: a person judges, the conduct rules may allow it);
 * nr. 5 loss of school allowance up to 5 school days; nr. 6 exclusion from
 * teaching up to 10 school days. */
static void rule_sanction_limits(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    bool any = false;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->nsanctions; j++) {
            const ungdb_fgu_sanction *s = &e->fgu->sanctions[j];
            int limit;
            const char *nr, *what_da, *what_en, *unit_da, *unit_en;
            switch (s->kind) {
            case UNGDB_FGU_SANCTION_CONFISCATION:
                limit = FGU_CONFISCATION_DAYS, nr = "nr. 3";
                what_da = "tilbageholdelse af private genstande", unit_da = "døgn";
                what_en = "confiscation of private items", unit_en = "day(s) (døgn)";
                break;
            case UNGDB_FGU_SANCTION_ALLOWANCE_LOSS:
                limit = FGU_ALLOWANCE_LOSS_DAYS, nr = "nr. 5";
                what_da = "midlertidigt bortfald af skoleydelse", unit_da = "skoledage";
                what_en = "temporary loss of school allowance", unit_en = "school days";
                break;
            case UNGDB_FGU_SANCTION_EXCLUSION_TEACHING:
                limit = FGU_EXCLUSION_DAYS, nr = "nr. 6";
                what_da = "midlertidig udelukkelse fra undervisning", unit_da = "skoledage";
                what_en = "temporary exclusion from teaching", unit_en = "school days";
                break;
            default:
                continue;
            }
            if (s->date.day > ctx->on.day) continue;
            any = true;
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.sanctions[%zu]", k, j);
            ungdb_finding_status st;
            if (s->days < 0)
                st = UNGDB_FINDING_JUDGEMENT;
            else if (s->days <= limit)
                st = UNGDB_FINDING_OK;
            else if (s->kind == UNGDB_FGU_SANCTION_CONFISCATION)
                st = UNGDB_FINDING_JUDGEMENT; /* "normalt højst" */
            else
                st = UNGDB_FINDING_BREACH;
            ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "date", "%s", rules_ds(ctx, s->date));
            if (s->days >= 0) rules_fact(ctx, f, "days", "%d", s->days);
            rules_fact(ctx, f, "limit", "%d", limit);
            rules_say(ctx, f, LANG_DA, "Sanktion %s: %s (Bilag 2, pkt. 3, %s), %shøjst %d %s. ",
                      rules_ds(ctx, s->date), what_da, nr,
                      s->kind == UNGDB_FGU_SANCTION_CONFISCATION ? "normalt " : "", limit, unit_da);
            rules_say(
                ctx, f, LANG_EN, "Sanction of %s: %s (Bilag 2, pkt. 3, %s), %sat most %d %s. ",
                rules_ds(ctx, s->date), what_en, nr,
                s->kind == UNGDB_FGU_SANCTION_CONFISCATION ? "normally " : "", limit, unit_en);
            if (s->days < 0) {
                rules_say(ctx, f, LANG_DA, "Varigheden er ikke registreret.");
                rules_say(ctx, f, LANG_EN, "Its length is not recorded.");
            } else {
                rules_say(ctx, f, LANG_DA, "Den er på %d %s%s.", s->days, unit_da,
                          st == UNGDB_FINDING_OK       ? ""
                          : st == UNGDB_FINDING_BREACH ? ", over grænsen"
                                                       : ", over det normale; en person vurderer, "
                                                         "om ordensreglerne tillader det");
                rules_say(ctx, f, LANG_EN, "It is %d %s%s.", s->days, unit_en,
                          st == UNGDB_FINDING_OK       ? ""
                          : st == UNGDB_FINDING_BREACH ? ", over the limit"
                                                       : ", more than normal; a person judges "
                                                         "whether the conduct rules allow it");
            }
        }
    }
    if (!any) {
        ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
        rules_say(ctx, f, LANG_DA,
                  "Ingen tilbageholdelse, bortfald af skoleydelse eller udelukkelse fra "
                  "undervisning er registreret.");
        rules_say(ctx, f, LANG_EN,
                  "No confiscation, loss of school allowance or exclusion from teaching is "
                  "recorded.");
    }
}

/* -------------------------------------------- fgu.sanction_transfer_once -- */

typedef struct transfer_ref {
    size_t enrol, idx;
    const ungdb_fgu_sanction *s;
} transfer_ref;

static int cmp_transfer(const void *a, const void *b)
{
    const transfer_ref *x = a, *y = b;
    if (x->s->date.day != y->s->date.day) return x->s->date.day < y->s->date.day ? -1 : 1;
    if (x->enrol != y->enrol) return x->enrol < y->enrol ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Bilag 2, pkt. 3, nr. 7, sidste pkt.: expulsion with transfer to another
 * institution or school can be decided only if it has not been used on the
 * pupil before in the pupil's course. Counted over every FGU enrolment of
 * the case (a transfer moves the pupil to a new enrolment). An earlier
 * transfer that was conditional (pkt. 6), or not recorded as unconditional,
 * may not have been carried out: a person judges. */
static void rule_sanction_transfer(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    size_t n = 0;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->nsanctions; j++)
            if (e->fgu->sanctions[j].kind == UNGDB_FGU_SANCTION_TRANSFER &&
                e->fgu->sanctions[j].date.day <= ctx->on.day)
                n++;
    }
    if (!n) {
        rules_na(ctx, rule, "Ingen bortvisning med overflytning er registreret.",
                 "No expulsion with transfer is recorded.");
        return;
    }
    transfer_ref *t = malloc(n * sizeof *t);
    if (!t) {
        ctx->oom = true;
        return;
    }
    n = 0;
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->nsanctions; j++)
            if (e->fgu->sanctions[j].kind == UNGDB_FGU_SANCTION_TRANSFER &&
                e->fgu->sanctions[j].date.day <= ctx->on.day)
                t[n++] = (transfer_ref){k, j, &e->fgu->sanctions[j]};
    }
    qsort(t, n, sizeof *t, cmp_transfer);
    char subj[96];
    for (size_t i = 0; i < n; i++) {
        snprintf(subj, sizeof subj, "enrolments[%zu].fgu.sanctions[%zu]", t[i].enrol, t[i].idx);
        ungdb_finding_status st = UNGDB_FINDING_OK;
        const transfer_ref *prev = NULL;
        for (size_t p = 0; p < i; p++) {
            if (t[p].s->conditional == UNGDB_NO) {
                st = UNGDB_FINDING_BREACH;
                prev = &t[p];
                break;
            }
            if (!prev) prev = &t[p];
            st = UNGDB_FINDING_JUDGEMENT;
        }
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "date", "%s", rules_ds(ctx, t[i].s->date));
        rules_fact(ctx, f, "earlier_transfers", "%zu", i);
        rules_say(ctx, f, LANG_DA, "Bortvisning med overflytning %s (Bilag 2, pkt. 3, nr. 7). ",
                  rules_ds(ctx, t[i].s->date));
        rules_say(ctx, f, LANG_EN, "Expulsion with transfer on %s (Bilag 2, pkt. 3, nr. 7). ",
                  rules_ds(ctx, t[i].s->date));
        if (!prev) {
            rules_say(ctx, f, LANG_DA,
                      "Sanktionen er ikke tidligere anvendt over for eleven; den kan kun "
                      "anvendes én gang i uddannelsesforløbet.");
            rules_say(ctx, f, LANG_EN,
                      "It has not been used on the pupil before; it can be used only once in the "
                      "pupil's course.");
            continue;
        }
        rules_fact(ctx, f, "earlier_transfer", "%s", rules_ds(ctx, prev->s->date));
        if (st == UNGDB_FINDING_BREACH) {
            rules_say(ctx, f, LANG_DA,
                      "Sanktionen blev allerede anvendt %s (enrolments[%zu]); den kan kun "
                      "anvendes én gang i uddannelsesforløbet.",
                      rules_ds(ctx, prev->s->date), prev->enrol);
            rules_say(ctx, f, LANG_EN,
                      "It was already used on %s (enrolments[%zu]); it can be used only once in "
                      "the pupil's course.",
                      rules_ds(ctx, prev->s->date), prev->enrol);
        } else {
            rules_say(ctx, f, LANG_DA,
                      "En tidligere overflytning %s var %s; en person vurderer, om den blev "
                      "iværksat.",
                      rules_ds(ctx, prev->s->date),
                      prev->s->conditional == UNGDB_YES ? "betinget"
                                                        : "ikke registreret som ubetinget");
            rules_say(ctx, f, LANG_EN,
                      "An earlier transfer on %s was %s; a person judges whether it was carried "
                      "out.",
                      rules_ds(ctx, prev->s->date),
                      prev->s->conditional == UNGDB_YES ? "conditional"
                                                        : "not recorded as unconditional");
        }
    }
    free(t);
}

/* ---------------------------------------------------- fgu.own_payment_cap -- */

/* The number of started periods of FGU_PAY_MONTHS calendar months in the
 * course start..planned_end (both included): period k starts on
 * start + 6k months (add_months). */
int ungdb_fgu_payment_periods(ungdb_date start, ungdb_date planned_end)
{
    int k = 1;
    while (k < 1000 && add_months(start, FGU_PAY_MONTHS * k).day <= planned_end.day)
        k++;
    return k;
}

/* § 20, stk. 3: the materials pupils buy themselves and the payment for
 * copies (stk. 1-2) may not exceed 500 kr. for each started six whole
 * calendar months that the course is set to last in the education plan
 * (start .. planned_end). Whether an item may be charged at all (stk. 1: not
 * work clothes or protective gear; after discussion with the student
 * council) is for a person. */
static void rule_own_payment_cap(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e)) continue;
        subject_of(c, e, subj, sizeof subj);
        if (!e->fgu || !e->fgu->npayments) {
            ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, subj);
            rules_say(ctx, f, LANG_DA, "Ingen egenbetaling er registreret.");
            rules_say(ctx, f, LANG_EN, "No own payment is recorded.");
            continue;
        }
        long long ore = 0;
        for (size_t i = 0; i < e->fgu->npayments; i++)
            ore += llround(e->fgu->payments[i].amount_kr * 100.0);
        char b1[32], b2[32];
        if (!ungdb_date_is_set(e->planned_end)) {
            ungdb_finding *f =
                rules_finding(ctx, rule, UNGDB_FINDING_JUDGEMENT, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, "paid_kr", "%s", kr(b1, sizeof b1, ore, '.'));
            rules_say(ctx, f, LANG_DA,
                      "Eleven har betalt %s kr., men forløbets planlagte slutdato (planned_end) er "
                      "ikke registreret, så loftet kan ikke beregnes.",
                      kr(b1, sizeof b1, ore, ','));
            rules_say(ctx, f, LANG_EN,
                      "The pupil paid %s kr, but the course's planned end (planned_end) is not "
                      "recorded, so the cap cannot be computed.",
                      kr(b1, sizeof b1, ore, '.'));
            continue;
        }
        int periods = ungdb_fgu_payment_periods(e->start, e->planned_end);
        long long cap = (long long)periods * FGU_PAY_ORE_PER_PERIOD;
        ungdb_finding_status st = ore <= cap ? UNGDB_FINDING_OK : UNGDB_FINDING_BREACH;
        ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
        rules_fact(ctx, f, "start", "%s", rules_ds(ctx, e->start));
        rules_fact(ctx, f, "planned_end", "%s", rules_ds(ctx, e->planned_end));
        rules_fact(ctx, f, "started_6_month_periods", "%d", periods);
        rules_fact(ctx, f, "cap_kr", "%s", kr(b1, sizeof b1, cap, '.'));
        rules_fact(ctx, f, "paid_kr", "%s", kr(b2, sizeof b2, ore, '.'));
        rules_say(ctx, f, LANG_DA,
                  "Forløbet er fastsat til %s - %s; påbegyndte perioder på 6 kalendermåneder: %d, "
                  "så egenbetalingen må højst være %d x 500 = %s kr. ",
                  rules_ds(ctx, e->start), rules_ds(ctx, e->planned_end), periods, periods,
                  kr(b1, sizeof b1, cap, ','));
        rules_say(ctx, f, LANG_EN,
                  "The course is set to run %s - %s; started periods of 6 calendar months: %d, so "
                  "own payments may be at most %d x 500 = %s kr. ",
                  rules_ds(ctx, e->start), rules_ds(ctx, e->planned_end), periods, periods,
                  kr(b1, sizeof b1, cap, '.'));
        rules_fact(ctx, f, "payments", "%zu", e->fgu->npayments);
        rules_say(ctx, f, LANG_DA, "Betalt i alt %s kr.%s", kr(b2, sizeof b2, ore, ','),
                  st == UNGDB_FINDING_OK ? "" : ", over loftet.");
        rules_say(ctx, f, LANG_EN, "Paid in all %s kr%s.", kr(b2, sizeof b2, ore, '.'),
                  st == UNGDB_FINDING_OK ? "" : ", over the cap");
    }
}

/* ------------------------------------------------ fgu.practice_approval -- */

/* One not_applicable finding when no FGU enrolment has a practice agreement. */
static bool no_practice(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    for (size_t k = 0; k < ctx->c->nenrolments; k++) {
        const ungdb_enrolment *e = &ctx->c->enrolments[k];
        if (is_fgu(e) && e->fgu && e->fgu->npractice_agreements) return false;
    }
    rules_na(ctx, rule, "Ingen praktikaftale er registreret.",
             "No practice agreement is recorded.");
    return true;
}

/* § 6 and Bilag 1: the practice agreement on company practice is made on
 * the form of Bilag 1, which says "Praktikaftalen skal være godkendt af
 * kommunen inden praktikopholdets begyndelse". Approved on a day before the
 * first day of practice -> ok; on the first day itself the hour decides and
 * the case has only dates (a person judges); after it -> breach. Not approved:
 * due the day before the first day, overdue from the first day. */
static void rule_practice_approval(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule) || no_practice(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->npractice_agreements; j++) {
            const ungdb_fgu_practice *pa = &e->fgu->practice_agreements[j];
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.practice_agreements[%zu]", k, j);
            bool approved = ungdb_date_is_set(pa->approved) && pa->approved.day <= ctx->on.day;
            ungdb_date last = ungdb_add_days(pa->from, -1);
            ungdb_finding_status st;
            if (approved)
                st = pa->approved.day < pa->from.day    ? UNGDB_FINDING_OK
                     : pa->approved.day == pa->from.day ? UNGDB_FINDING_JUDGEMENT
                                                        : UNGDB_FINDING_BREACH;
            else
                st = ctx->on.day <= last.day ? UNGDB_FINDING_DUE : UNGDB_FINDING_OVERDUE;
            ungdb_finding *f =
                rules_finding(ctx, rule, st, approved ? UNGDB_DATE_NONE : last, subj);
            rules_fact(ctx, f, "practice_from", "%s", rules_ds(ctx, pa->from));
            rules_fact(ctx, f, "practice_to", "%s", rules_ds(ctx, pa->to));
            if (approved) rules_fact(ctx, f, "approved", "%s", rules_ds(ctx, pa->approved));
            rules_say(ctx, f, LANG_DA,
                      "Virksomhedspraktik %s - %s; praktikaftalen skal være godkendt af kommunen "
                      "inden praktikopholdets begyndelse (bilag 1). ",
                      rules_ds(ctx, pa->from), rules_ds(ctx, pa->to));
            rules_say(ctx, f, LANG_EN,
                      "Company practice %s - %s; the practice agreement must be approved by the "
                      "municipality before the practice begins (Bilag 1). ",
                      rules_ds(ctx, pa->from), rules_ds(ctx, pa->to));
            if (!approved) {
                rules_say(ctx, f, LANG_DA, "Der er ikke registreret nogen godkendelse.");
                rules_say(ctx, f, LANG_EN, "No approval is recorded.");
            } else if (st == UNGDB_FINDING_OK) {
                rules_say(ctx, f, LANG_DA, "Godkendt %s.", rules_ds(ctx, pa->approved));
                rules_say(ctx, f, LANG_EN, "Approved on %s.", rules_ds(ctx, pa->approved));
            } else if (st == UNGDB_FINDING_JUDGEMENT) {
                rules_say(ctx, f, LANG_DA,
                          "Godkendt %s, praktikkens første dag; om det var før praktikken "
                          "begyndte, vurderer en person.",
                          rules_ds(ctx, pa->approved));
                rules_say(ctx, f, LANG_EN,
                          "Approved on %s, the first day of practice; whether that was before it "
                          "began is for a person to judge.",
                          rules_ds(ctx, pa->approved));
            } else {
                rules_say(ctx, f, LANG_DA, "Godkendt %s, efter at praktikken begyndte.",
                          rules_ds(ctx, pa->approved));
                rules_say(ctx, f, LANG_EN, "Approved on %s, after the practice began.",
                          rules_ds(ctx, pa->approved));
            }
        }
    }
}

/* ----------------------------------------------- fgu.practice_guardians -- */

/* § 6 and Bilag 1, pkt. 6: "Hvis eleven er under 18 år: Praktikaftalen skal
 * medunderskrives af forældremyndighedens indehaver(e)." The age is taken on
 * the day the agreement was signed (`signed`), else on the first day of
 * practice. */
static void rule_practice_guardians(rules_ctx *ctx, const ungdb_rule_info *rule)
{
    const ungdb_case *c = ctx->c;
    if (no_fgu(ctx, rule) || no_practice(ctx, rule)) return;
    char subj[96];
    for (size_t k = 0; k < c->nenrolments; k++) {
        const ungdb_enrolment *e = &c->enrolments[k];
        if (!is_fgu(e) || !e->fgu) continue;
        for (size_t j = 0; j < e->fgu->npractice_agreements; j++) {
            const ungdb_fgu_practice *pa = &e->fgu->practice_agreements[j];
            snprintf(subj, sizeof subj, "enrolments[%zu].fgu.practice_agreements[%zu]", k, j);
            bool has_signed = ungdb_date_is_set(pa->signed_on);
            ungdb_date d = has_signed ? pa->signed_on : pa->from;
            int age = ungdb_age_on(c->person.birth, d);
            ungdb_finding_status st = age >= 18                             ? UNGDB_FINDING_NA
                                      : pa->guardians_cosigned == UNGDB_YES ? UNGDB_FINDING_OK
                                      : pa->guardians_cosigned == UNGDB_NO
                                          ? UNGDB_FINDING_BREACH
                                          : UNGDB_FINDING_JUDGEMENT;
            ungdb_finding *f = rules_finding(ctx, rule, st, UNGDB_DATE_NONE, subj);
            rules_fact(ctx, f, has_signed ? "signed" : "practice_from", "%s", rules_ds(ctx, d));
            rules_fact(ctx, f, "birth_date", "%s", rules_ds(ctx, c->person.birth));
            rules_fact(ctx, f, "age", "%d", age);
            rules_fact(ctx, f, "guardians_cosigned", "%s", tri_en(pa->guardians_cosigned));
            rules_say(ctx, f, LANG_DA, "Eleven (født %s) var %d år%s %s. ",
                      rules_ds(ctx, c->person.birth), age,
                      has_signed ? ", da praktikaftalen blev underskrevet"
                                 : " ved praktikkens start",
                      rules_ds(ctx, d));
            rules_say(ctx, f, LANG_EN, "The pupil (born %s) was %d %s %s. ",
                      rules_ds(ctx, c->person.birth), age,
                      has_signed ? "when the practice agreement was signed on"
                                 : "when the practice began on",
                      rules_ds(ctx, d));
            if (age >= 18) {
                rules_say(ctx, f, LANG_DA,
                          "Forældremyndighedens indehaver skal kun medunderskrive for elever under "
                          "18 år.");
                rules_say(ctx, f, LANG_EN,
                          "The holder of parental responsibility co-signs only for pupils under "
                          "18.");
                continue;
            }
            rules_say(ctx, f, LANG_DA,
                      "Under 18 år: aftalen skal medunderskrives af forældremyndighedens "
                      "indehaver(e) (bilag 1, pkt. 6). %s",
                      st == UNGDB_FINDING_OK       ? "Det er sket."
                      : st == UNGDB_FINDING_BREACH ? "Det er ikke sket."
                                                   : "Det er ikke registreret, om det er sket.");
            rules_say(ctx, f, LANG_EN,
                      "Under 18: the agreement must be co-signed by the holder(s) of parental "
                      "responsibility (Bilag 1, pkt. 6). %s",
                      st == UNGDB_FINDING_OK       ? "It was."
                      : st == UNGDB_FINDING_BREACH ? "It was not."
                                                   : "Whether it was is not recorded.");
        }
    }
}

/* ------------------------------------------------------------- table -- */

#define R(id, ref, da, en, fn)                                                                     \
    {                                                                                              \
        {"fgu." id, "fgu", FGU " " ref, da, en, true}, fn                                          \
    }

static const rules_def defs[] = {
    R("registration_time", "§ 17, stk. 2",
      "Deltagelse registreres straks ved begyndelsen af undervisningen",
      "Attendance is registered immediately at the start of the lesson", rule_registration_time),
    R("absence_minimum", "§ 17, stk. 3",
      "Fravær registreres med den faktiske tid, mindst 30 minutter",
      "Absence is registered as the actual time, at least 30 minutes", rule_absence_minimum),
    R("absence_lawful", "§ 17, stk. 1, og bilag 2, pkt. 3, nr. 6",
      "Lovligt og ulovligt fravær registreres; fravær under udelukkelse er lovligt",
      "Lawful and unlawful absence are registered; absence during an exclusion is lawful",
      rule_absence_lawful),
    R("absence_comment", "§ 18",
      "Elevens bemærkninger til registreringen af fravær vurderes af en person",
      "The pupil's comments on absence registrations are weighed by a person",
      rule_absence_comment),
    R("teaching_hours", "§ 3, stk. 3-4",
      "Mindst 26 klokketimers undervisning om ugen i gennemsnit, forholdsmæssigt ved nedsat tid",
      "At least 26 clock hours of teaching a week on average, pro rata on reduced time",
      rule_teaching_hours),
    R("combination_length", "§ 5",
      "Kombinationsforløb højst 5 uger, undtagelsesvis op til 10 uger med begrundelse",
      "Combination courses at most 5 weeks, as an exception up to 10 weeks with a reason",
      rule_combination_length),
    R("exam_draw_notice", "§ 8, stk. 6",
      "Besked om udtræk til prøve tidligst 21 og senest 7 dage før undervisningens afslutning",
      "The exam-draw notice at the earliest 21 and at the latest 7 days before teaching ends",
      rule_exam_draw_notice),
    R("certificate_completion", "§ 10, stk. 1-2",
      "Kompetencebevis først efter vurdering af, at forløbet er gennemført tilfredsstillende",
      "A competence certificate only after judging the course completed satisfactorily",
      rule_certificate_completion),
    R("certificate_contents", "§ 11",
      "Kompetencebevisets mindsteindhold kontrolleres før udstedelse",
      "The competence certificate's minimum contents are checked before issue",
      rule_certificate_contents),
    R("certificate_retention", "§ 10, stk. 4",
      "Oplysninger til digitalt kompetencebevis opbevares i 30 år",
      "The data for a digital competence certificate are kept for 30 years",
      rule_certificate_retention),
    R("complaint_deadline", "§ 21, stk. 2, 1. pkt.",
      "Klage indgives til institutionen senest 4 uger efter, at afgørelsen er meddelt",
      "A complaint is filed with the institution within 4 weeks of the decision",
      rule_complaint_deadline),
    R("complaint_comment_period", "§ 21, stk. 2, 2.-4. pkt.",
      "Uden medhold: klageren får 1 uge til bemærkninger, før klagen videresendes til styrelsen",
      "Without agreement: the complainant gets 1 week to comment before the complaint is "
      "forwarded",
      rule_complaint_comment),
    R("sanction_limits", "§ 15 og bilag 2, pkt. 3, nr. 3, 5 og 6",
      "Tilbageholdelse normalt højst et døgn, bortfald af skoleydelse højst 5 og udelukkelse højst "
      "10 skoledage",
      "Confiscation normally at most a day, loss of allowance at most 5 and exclusion at most 10 "
      "school days",
      rule_sanction_limits),
    R("sanction_transfer_once", "§ 15 og bilag 2, pkt. 3, nr. 7",
      "Bortvisning med overflytning kun én gang i elevens uddannelsesforløb",
      "Expulsion with transfer only once in the pupil's course", rule_sanction_transfer),
    R("own_payment_cap", "§ 20, stk. 3",
      "Egenbetaling højst 500 kr. pr. påbegyndte 6 kalendermåneder af det planlagte forløb",
      "Own payments at most 500 kr per started 6 calendar months of the planned course",
      rule_own_payment_cap),
    R("practice_approval", "§ 6 og bilag 1",
      "Praktikaftalen godkendes af kommunen inden praktikopholdets begyndelse",
      "The practice agreement is approved by the municipality before the practice begins",
      rule_practice_approval),
    R("practice_guardians", "§ 6 og bilag 1, pkt. 6",
      "Elev under 18 år: praktikaftalen medunderskrives af forældremyndighedens indehaver",
      "Pupil under 18: the practice agreement is co-signed by the holder of parental "
      "responsibility",
      rule_practice_guardians),
};

const rules_family rules_family_fgu = {"fgu", defs, sizeof defs / sizeof defs[0]};
