/* case.c - a young person's case: C types <-> JSON (jansson).
 *
 * One table per object kind describes its fields (JSON name, type, whether
 * required, where it lives in the C struct). The parser, the dump and the
 * test that keeps docs/rules.schema.json in step all read the same tables.
 * Unknown fields are errors, never ignored; every error names the JSON path
 * ("enrolments[2].start: not a date (YYYY-MM-DD)"). After the per-field pass
 * a second pass checks what spans fields: references between objects, date
 * order, absence minutes, the CPR against a given birth date. */
#include "rules/rules_int.h"

#include "ungdb/cpr.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- arena -- */

#define ARENA_CAP (256u << 20) /* a case never needs more */

struct arena_chunk {
    arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

void *arena_alloc(ungdb_case_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size > ARENA_CAP || a->total + size > ARENA_CAP) return NULL;
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cs = size > 65536 ? size : 65536;
        c = malloc(sizeof *c + cs);
        if (!c) return NULL;
        c->next = a->head;
        c->used = 0;
        c->size = cs;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(ungdb_case_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p) memcpy(p, s, n);
    return p;
}

void arena_release(ungdb_case_arena *a)
{
    for (arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
    a->total = 0;
}

/* ------------------------------------------------------- enum names -- */

static const char *const edu_names[] = {"",
                                        "eud",
                                        "vocational_other",
                                        "upper_secondary",
                                        "egu",
                                        "maritime",
                                        "production_school",
                                        "stu",
                                        "kuu",
                                        "youth_school",
                                        "grade10_free_school",
                                        "avu",
                                        "single_subject",
                                        "boarding_school",
                                        "folk_high_school",
                                        "basic_music_course",
                                        "fgu",
                                        "private_su",
                                        "other_fulltime",
                                        "primary_school",
                                        "higher_education",
                                        "other",
                                        NULL};
_Static_assert(sizeof edu_names / sizeof edu_names[0] == UNGDB_EDU_KINDS + 1, "edu names");

static const char *const edu_paragraphs[] = {"",
                                             "§ 2, nr. 1",
                                             "§ 2, nr. 2",
                                             "§ 2, nr. 3",
                                             "§ 2, nr. 4",
                                             "§ 2, nr. 5",
                                             "§ 2, nr. 6",
                                             "§ 2, nr. 7",
                                             "§ 2, nr. 8",
                                             "§ 2, nr. 9",
                                             "§ 2, nr. 10",
                                             "§ 2, nr. 11",
                                             "§ 2, nr. 12",
                                             "§ 2, nr. 13",
                                             "§ 2, nr. 14",
                                             "§ 2, nr. 15",
                                             "§ 2, nr. 16",
                                             "§ 3",
                                             "§ 6, stk. 1",
                                             "§ 1, stk. 2",
                                             "",
                                             ""};
_Static_assert(sizeof edu_paragraphs / sizeof edu_paragraphs[0] == UNGDB_EDU_KINDS, "paragraphs");

static const char *const edu_da[] = {"",
                                     "erhvervsuddannelse",
                                     "anden erhvervsrettet fuldtidsuddannelse",
                                     "gymnasial uddannelse",
                                     "erhvervsgrunduddannelse",
                                     "maritim uddannelse",
                                     "produktionsskole",
                                     "ungdomsuddannelse for unge med særlige behov (STU)",
                                     "kombineret ungdomsuddannelse",
                                     "kommunal ungdomsskole",
                                     "fortsat 10. klasse på fri grundskole",
                                     "almen voksenuddannelse",
                                     "gymnasial enkeltfagsundervisning",
                                     "efterskole eller fri fagskole",
                                     "folkehøjskole- eller ungdomshøjskoleophold",
                                     "musikalsk grundkursus",
                                     "forberedende grunduddannelse (FGU)",
                                     "privat SU-berettigende uddannelse",
                                     "anden fuldtidsuddannelse i Danmark eller udlandet",
                                     "grundskole (undervisningspligt eller 10. klasse)",
                                     "videregående uddannelse",
                                     "anden uddannelse"};
_Static_assert(sizeof edu_da / sizeof edu_da[0] == UNGDB_EDU_KINDS, "edu_da");

const char *ungdb_edu_kind_name(ungdb_edu_kind k)
{
    return (unsigned)k < UNGDB_EDU_KINDS ? edu_names[k] : "";
}
const char *ungdb_edu_kind_paragraph(ungdb_edu_kind k)
{
    return (unsigned)k < UNGDB_EDU_KINDS ? edu_paragraphs[k] : "";
}
const char *ungdb_edu_kind_da(ungdb_edu_kind k)
{
    return (unsigned)k < UNGDB_EDU_KINDS ? edu_da[k] : "";
}

static const char *const enrol_status_names[] = {"",          "planned",     "active",
                                                 "completed", "interrupted", NULL};
static const char *const leave_names[] = {"",        "other_education", "fulltime_job",
                                          "abroad",  "dropout",         "expelled",
                                          "illness", "other",           NULL};
static const char *const event_names[] = {"",        "missing_hand_in", "missing_participation",
                                          "conduct", "other",           NULL};
static const char *const notice_names[] = {"",         "concern_absence", "reprimand", "warning",
                                           "sanction", "other",           NULL};
static const char *const basis_names[] = {"", "concrete", "group_statistics", "training_placement",
                                          NULL};
static const char *const report_kind_names[] = {"",          "risk",       "interruption",
                                                "enrolment", "completion", NULL};
static const char *const reporter_names[] = {"", "institution", "municipality", NULL};
static const char *const employ_names[] = {"", "ordinary", "training_position", NULL};
static const char *const activity_names[] = {"",
                                             "labour_market_offer",
                                             "pre_practice",
                                             "trainee",
                                             "integration_80_20",
                                             "au_pair_abroad",
                                             "placed_outside_home",
                                             "alternative_course",
                                             "voluntary_work",
                                             NULL};
static const char *const step_names[] = {
    "", "aware", "contact", "offer", "consequences", "exemption", "decision", NULL};
static const char *const exempt_names[] = {"", "illness", "disability", "social", "other", NULL};
static const char *const stu_plan_names[] = {"", "initial", "final", "review", NULL};
static const char *const stu_end_names[] = {"", "completed", "interrupted", "no_participation",
                                            NULL};
static const char *const sanction_names[] = {"",
                                             "reprimand",
                                             "written_warning",
                                             "exclusion_events",
                                             "item_ban",
                                             "confiscation",
                                             "required_exam",
                                             "allowance_loss",
                                             "exclusion_teaching",
                                             "transfer",
                                             "expulsion",
                                             "send_home",
                                             NULL};
static const char *const cert_names[] = {"",
                                         "identity",
                                         "institution",
                                         "fgu_act",
                                         "period",
                                         "offers",
                                         "exams",
                                         "final_marks",
                                         "vocational_training",
                                         "combination",
                                         "company_practice",
                                         "education_certificate",
                                         NULL};
_Static_assert(sizeof cert_names / sizeof cert_names[0] == UNGDB_FGU_CERT_ITEMS + 2, "cert");

const char *ungdb_event_kind_name(ungdb_event_kind k)
{
    return (unsigned)k < UNGDB_EVENT_KINDS ? event_names[k] : "";
}
const char *ungdb_notice_kind_name(ungdb_notice_kind k)
{
    return (unsigned)k < UNGDB_NOTICE_KINDS ? notice_names[k] : "";
}

/* ------------------------------------------------------------ tables -- */

#define FLD(st, m, nm, ty, req)                                                                    \
    {                                                                                              \
        .name = nm, .type = ty, .required = req, .off = offsetof(st, m)                            \
    }
#define FENUM(st, m, nm, req, tbl)                                                                 \
    {                                                                                              \
        .name = nm, .type = FT_ENUM, .required = req, .off = offsetof(st, m), .names = tbl         \
    }
#define FBITS(st, m, nm, tbl)                                                                      \
    {                                                                                              \
        .name = nm, .type = FT_BITS, .off = offsetof(st, m), .names = tbl                          \
    }
#define FINT(st, m, nm, req, lo, hi)                                                               \
    {                                                                                              \
        .name = nm, .type = FT_INT, .required = req, .off = offsetof(st, m), .min = lo, .max = hi  \
    }
#define FNUM(st, m, nm, req, lo, hi)                                                               \
    {                                                                                              \
        .name = nm, .type = FT_NUM, .required = req, .off = offsetof(st, m), .min = lo, .max = hi  \
    }
#define FOBJ(st, m, nm, o)                                                                         \
    {                                                                                              \
        .name = nm, .type = FT_OBJ, .off = offsetof(st, m), .obj = &o                              \
    }
#define FINL(st, m, nm, o)                                                                         \
    {                                                                                              \
        .name = nm, .type = FT_INL, .off = offsetof(st, m), .obj = &o                              \
    }
#define FARR(st, m, cnt, nm, o)                                                                    \
    {                                                                                              \
        .name = nm, .type = FT_ARR, .off = offsetof(st, m), .count_off = offsetof(st, cnt),        \
        .obj = &o                                                                                  \
    }
#define OBJ(var, nm, st, tbl)                                                                      \
    static const case_obj var = {nm, sizeof(st), tbl, sizeof tbl / sizeof tbl[0]}

static const case_field guardian_f[] = {
    FLD(ungdb_guardian, id, "id", FT_STR, true),
    FLD(ungdb_guardian, custody, "custody", FT_TRI, false),
};
OBJ(guardian_o, "guardian", ungdb_guardian, guardian_f);

static const case_field person_f[] = {
    FLD(ungdb_person, cpr, "cpr", FT_STR, false),
    FLD(ungdb_person, birth, "birth_date", FT_DATE, false),
    FLD(ungdb_person, municipality, "municipality", FT_STR, false),
    FLD(ungdb_person, lives_in_denmark, "lives_in_denmark", FT_TRI, false),
    FLD(ungdb_person, completed_youth_education, "completed_youth_education", FT_TRI, false),
    FLD(ungdb_person, completed_higher_education, "completed_higher_education", FT_TRI, false),
    FARR(ungdb_person, guardians, nguardians, "guardians", guardian_o),
};
OBJ(person_o, "person", ungdb_person, person_f);

static const case_field interruption_f[] = {
    FLD(ungdb_interruption, date, "date", FT_DATE, true),
    FENUM(ungdb_interruption, reason, "reason", true, leave_names),
    FLD(ungdb_interruption, note, "note", FT_STR, false),
};
OBJ(interruption_o, "interruption", ungdb_interruption, interruption_f);

static const case_field announcement_f[] = {
    FLD(ungdb_announcement, date, "date", FT_DATE, true),
    FENUM(ungdb_announcement, kind, "kind", true, leave_names),
};
OBJ(announcement_o, "announcement", ungdb_announcement, announcement_f);

static const case_field fgu_week_f[] = {
    FLD(ungdb_fgu_week, week_start, "week_start", FT_DATE, true),
    FNUM(ungdb_fgu_week, teaching_hours, "teaching_hours", true, 0, 168),
};
OBJ(fgu_week_o, "fgu_week", ungdb_fgu_week, fgu_week_f);

static const case_field fgu_comb_f[] = {
    FLD(ungdb_fgu_combination, from, "from", FT_DATE, true),
    FLD(ungdb_fgu_combination, to, "to", FT_DATE, true),
    FLD(ungdb_fgu_combination, exception_reason, "exception_reason", FT_STR, false),
};
OBJ(fgu_comb_o, "fgu_combination", ungdb_fgu_combination, fgu_comb_f);

static const case_field fgu_draw_f[] = {
    FLD(ungdb_fgu_exam_draw, subject, "subject", FT_STR, true),
    FLD(ungdb_fgu_exam_draw, teaching_ends, "teaching_ends", FT_DATE, true),
    FLD(ungdb_fgu_exam_draw, notified, "notified", FT_DATE, false),
    FLD(ungdb_fgu_exam_draw, drawn, "drawn", FT_TRI, false),
};
OBJ(fgu_draw_o, "fgu_exam_draw", ungdb_fgu_exam_draw, fgu_draw_f);

static const case_field fgu_cert_f[] = {
    FLD(ungdb_fgu_certificate, issued, "issued", FT_DATE, false),
    FLD(ungdb_fgu_certificate, completion_judged, "completion_judged", FT_DATE, false),
    FBITS(ungdb_fgu_certificate, contents, "contents", cert_names),
    FBITS(ungdb_fgu_certificate, applicable, "applicable", cert_names),
    FLD(ungdb_fgu_certificate, retained_until, "retained_until", FT_DATE, false),
};
OBJ(fgu_cert_o, "fgu_certificate", ungdb_fgu_certificate, fgu_cert_f);

static const case_field fgu_complaint_f[] = {
    FLD(ungdb_fgu_complaint, decision_communicated, "decision_communicated", FT_DATE, true),
    FLD(ungdb_fgu_complaint, filed, "filed", FT_DATE, false),
    FLD(ungdb_fgu_complaint, institution_agrees, "institution_agrees", FT_TRI, false),
    FLD(ungdb_fgu_complaint, comment_invited, "comment_invited", FT_DATE, false),
    FLD(ungdb_fgu_complaint, comment_received, "comment_received", FT_DATE, false),
    FLD(ungdb_fgu_complaint, forwarded, "forwarded", FT_DATE, false),
};
OBJ(fgu_complaint_o, "fgu_complaint", ungdb_fgu_complaint, fgu_complaint_f);

static const case_field fgu_sanction_f[] = {
    FLD(ungdb_fgu_sanction, date, "date", FT_DATE, true),
    FENUM(ungdb_fgu_sanction, kind, "kind", true, sanction_names),
    FINT(ungdb_fgu_sanction, days, "days", false, 0, 3650),
    FLD(ungdb_fgu_sanction, conditional, "conditional", FT_TRI, false),
};
OBJ(fgu_sanction_o, "fgu_sanction", ungdb_fgu_sanction, fgu_sanction_f);

static const case_field fgu_payment_f[] = {
    FLD(ungdb_fgu_payment, date, "date", FT_DATE, true),
    FNUM(ungdb_fgu_payment, amount_kr, "amount_kr", true, 0, 1e9),
};
OBJ(fgu_payment_o, "fgu_payment", ungdb_fgu_payment, fgu_payment_f);

static const case_field fgu_practice_f[] = {
    FLD(ungdb_fgu_practice, from, "from", FT_DATE, true),
    FLD(ungdb_fgu_practice, to, "to", FT_DATE, true),
    FLD(ungdb_fgu_practice, signed_on, "signed", FT_DATE, false),
    FLD(ungdb_fgu_practice, approved, "approved", FT_DATE, false),
    FLD(ungdb_fgu_practice, guardians_cosigned, "guardians_cosigned", FT_TRI, false),
};
OBJ(fgu_practice_o, "fgu_practice", ungdb_fgu_practice, fgu_practice_f);

static const case_field fgu_f[] = {
    FNUM(ungdb_fgu, reduced_time_percent, "reduced_time_percent", false, 0, 100),
    FARR(ungdb_fgu, weeks, nweeks, "weeks", fgu_week_o),
    FARR(ungdb_fgu, combinations, ncombinations, "combinations", fgu_comb_o),
    FARR(ungdb_fgu, exam_draws, nexam_draws, "exam_draws", fgu_draw_o),
    FOBJ(ungdb_fgu, certificate, "certificate", fgu_cert_o),
    FARR(ungdb_fgu, complaints, ncomplaints, "complaints", fgu_complaint_o),
    FARR(ungdb_fgu, sanctions, nsanctions, "sanctions", fgu_sanction_o),
    FARR(ungdb_fgu, payments, npayments, "payments", fgu_payment_o),
    FARR(ungdb_fgu, practice_agreements, npractice_agreements, "practice_agreements",
         fgu_practice_o),
};
OBJ(fgu_o, "fgu", ungdb_fgu, fgu_f);

static const case_field enrolment_f[] = {
    FLD(ungdb_enrolment, id, "id", FT_STR, true),
    FLD(ungdb_enrolment, institution, "institution", FT_STR, false),
    FENUM(ungdb_enrolment, kind, "kind", true, edu_names),
    FLD(ungdb_enrolment, start, "start", FT_DATE, true),
    FLD(ungdb_enrolment, end, "end", FT_DATE, false),
    FLD(ungdb_enrolment, planned_end, "planned_end", FT_DATE, false),
    FENUM(ungdb_enrolment, status, "status", true, enrol_status_names),
    FLD(ungdb_enrolment, full_time, "full_time", FT_TRI, false),
    FLD(ungdb_enrolment, su_eligible, "su_eligible", FT_TRI, false),
    FLD(ungdb_enrolment, in_plan, "in_plan", FT_TRI, false),
    FLD(ungdb_enrolment, education_injunction, "education_injunction", FT_TRI, false),
    FOBJ(ungdb_enrolment, interruption, "interruption", interruption_o),
    FOBJ(ungdb_enrolment, announcement, "announcement", announcement_o),
    FOBJ(ungdb_enrolment, fgu, "fgu", fgu_o),
};
OBJ(enrolment_o, "enrolment", ungdb_enrolment, enrolment_f);

static const case_field attendance_f[] = {
    FLD(ungdb_attendance, enrolment, "enrolment", FT_STR, true),
    FLD(ungdb_attendance, lesson_start, "lesson_start", FT_DATETIME, true),
    FINT(ungdb_attendance, lesson_minutes, "lesson_minutes", true, 1, 1440),
    FINT(ungdb_attendance, absent_minutes, "absent_minutes", true, 0, 1440),
    FLD(ungdb_attendance, lawful, "lawful", FT_TRI, false),
    FLD(ungdb_attendance, reason, "reason", FT_STR, false),
    FLD(ungdb_attendance, comment, "comment", FT_STR, false),
    FLD(ungdb_attendance, registered_at, "registered_at", FT_DATETIME, false),
};
OBJ(attendance_o, "attendance", ungdb_attendance, attendance_f);

static const case_field event_f[] = {
    FLD(ungdb_event, enrolment, "enrolment", FT_STR, true),
    FLD(ungdb_event, date, "date", FT_DATE, true),
    FENUM(ungdb_event, kind, "kind", true, event_names),
    FLD(ungdb_event, note, "note", FT_STR, false),
};
OBJ(event_o, "event", ungdb_event, event_f);

static const case_field notice_f[] = {
    FLD(ungdb_notice, id, "id", FT_STR, false),
    FLD(ungdb_notice, enrolment, "enrolment", FT_STR, true),
    FLD(ungdb_notice, date, "date", FT_DATE, true),
    FENUM(ungdb_notice, kind, "kind", true, notice_names),
    FLD(ungdb_notice, note, "note", FT_STR, false),
};
OBJ(notice_o, "notice", ungdb_notice, notice_f);

static const case_field assessment_f[] = {
    FLD(ungdb_assessment, id, "id", FT_STR, false),
    FLD(ungdb_assessment, enrolment, "enrolment", FT_STR, true),
    FLD(ungdb_assessment, date, "date", FT_DATE, true),
    FLD(ungdb_assessment, at_risk, "at_risk", FT_TRI, true),
    FENUM(ungdb_assessment, basis, "basis", false, basis_names),
    FLD(ungdb_assessment, by, "by", FT_STR, false),
};
OBJ(assessment_o, "assessment", ungdb_assessment, assessment_f);

static const case_field report_f[] = {
    FLD(ungdb_report, id, "id", FT_STR, false),
    FLD(ungdb_report, enrolment, "enrolment", FT_STR, true),
    FLD(ungdb_report, date, "date", FT_DATE, true),
    FENUM(ungdb_report, kind, "kind", true, report_kind_names),
    FENUM(ungdb_report, by, "by", true, reporter_names),
    FLD(ungdb_report, assessment, "assessment", FT_STR, false),
    FLD(ungdb_report, contact_person, "contact_person", FT_STR, false),
    FLD(ungdb_report, shared_with_institution, "shared_with_institution", FT_DATE, false),
};
OBJ(report_o, "report", ungdb_report, report_f);

static const case_field gnotice_f[] = {
    FLD(ungdb_guardian_notice, date, "date", FT_DATE, true),
    FLD(ungdb_guardian_notice, report, "report", FT_STR, false),
    FLD(ungdb_guardian_notice, guardian, "guardian", FT_STR, false),
};
OBJ(gnotice_o, "guardian_notice", ungdb_guardian_notice, gnotice_f);

static const case_field employment_f[] = {
    FLD(ungdb_employment, from, "from", FT_DATE, true),
    FLD(ungdb_employment, to, "to", FT_DATE, false),
    FNUM(ungdb_employment, hours_per_week, "hours_per_week", true, 0, 168),
    FLD(ungdb_employment, paid, "paid", FT_TRI, false),
    FENUM(ungdb_employment, kind, "kind", false, employ_names),
};
OBJ(employment_o, "employment", ungdb_employment, employment_f);

static const case_field activity_f[] = {
    FENUM(ungdb_activity, kind, "kind", true, activity_names),
    FLD(ungdb_activity, from, "from", FT_DATE, true),
    FLD(ungdb_activity, to, "to", FT_DATE, false),
    FLD(ungdb_activity, in_plan, "in_plan", FT_TRI, false),
};
OBJ(activity_o, "activity", ungdb_activity, activity_f);

static const case_field step_f[] = {
    FLD(ungdb_step, date, "date", FT_DATE, true),
    FENUM(ungdb_step, kind, "kind", true, step_names),
    FLD(ungdb_step, note, "note", FT_STR, false),
    FENUM(ungdb_step, exempt_reason, "exempt_reason", false, exempt_names),
    FLD(ungdb_step, until, "until", FT_DATE, false),
    FLD(ungdb_step, guardians_involved, "guardians_involved", FT_TRI, false),
    FLD(ungdb_step, duty_met, "duty_met", FT_TRI, false),
    FLD(ungdb_step, efforts_made, "efforts_made", FT_TRI, false),
    FLD(ungdb_step, alternatives_discussed, "alternatives_discussed", FT_TRI, false),
};
OBJ(step_o, "step", ungdb_step, step_f);

static const case_field stu_decision_f[] = {
    FLD(ungdb_stu_decision, date, "date", FT_DATE, true),
    FLD(ungdb_stu_decision, eligible, "eligible", FT_TRI, false),
    FLD(ungdb_stu_decision, consulted, "consulted", FT_TRI, false),
    FLD(ungdb_stu_decision, with_clarification, "with_clarification", FT_TRI, false),
};
OBJ(stu_decision_o, "stu_decision", ungdb_stu_decision, stu_decision_f);

static const case_field stu_plan_f[] = {
    FLD(ungdb_stu_plan, date, "date", FT_DATE, true),
    FENUM(ungdb_stu_plan, kind, "kind", true, stu_plan_names),
    FINT(ungdb_stu_plan, covers_years, "covers_years", false, 1, 10),
};
OBJ(stu_plan_o, "stu_plan", ungdb_stu_plan, stu_plan_f);

static const case_field stu_year_f[] = {
    FLD(ungdb_stu_year, from, "from", FT_DATE, true),
    FLD(ungdb_stu_year, to, "to", FT_DATE, true),
    FNUM(ungdb_stu_year, teaching_hours, "teaching_hours", true, 0, 8784),
    FINT(ungdb_stu_year, practical_days, "practical_days", false, 0, 366),
};
OBJ(stu_year_o, "stu_year", ungdb_stu_year, stu_year_f);

static const case_field stu_int_f[] = {
    FLD(ungdb_stu_interruption, from, "from", FT_DATE, true),
    FLD(ungdb_stu_interruption, to, "to", FT_DATE, false),
    FLD(ungdb_stu_interruption, reason, "reason", FT_STR, false),
    FLD(ungdb_stu_interruption, approved, "approved", FT_TRI, false),
    FLD(ungdb_stu_interruption, resumption_requested, "resumption_requested", FT_DATE, false),
    FLD(ungdb_stu_interruption, special_exception, "special_exception", FT_TRI, false),
};
OBJ(stu_int_o, "stu_interruption", ungdb_stu_interruption, stu_int_f);

static const case_field stu_refund_f[] = {
    FLD(ungdb_stu_refund, teaching_from, "teaching_from", FT_DATE, true),
    FLD(ungdb_stu_refund, teaching_to, "teaching_to", FT_DATE, true),
    FLD(ungdb_stu_refund, claimed, "claimed", FT_DATE, false),
};
OBJ(stu_refund_o, "stu_refund", ungdb_stu_refund, stu_refund_f);

static const case_field stu_f[] = {
    FLD(ungdb_stu, enrolment, "enrolment", FT_STR, false),
    FLD(ungdb_stu, schooling_ended, "schooling_ended", FT_DATE, false),
    FOBJ(ungdb_stu, decision, "decision", stu_decision_o),
    FLD(ungdb_stu, start, "start", FT_DATE, false),
    FLD(ungdb_stu, clarification_from, "clarification_from", FT_DATE, false),
    FLD(ungdb_stu, clarification_to, "clarification_to", FT_DATE, false),
    FARR(ungdb_stu, plans, nplans, "plans", stu_plan_o),
    FARR(ungdb_stu, years, nyears, "years", stu_year_o),
    FARR(ungdb_stu, interruptions, ninterruptions, "interruptions", stu_int_o),
    FARR(ungdb_stu, refunds, nrefunds, "refunds", stu_refund_o),
    FLD(ungdb_stu, competence_paper, "competence_paper", FT_DATE, false),
    FLD(ungdb_stu, end, "end", FT_DATE, false),
    FENUM(ungdb_stu, end_kind, "end_kind", false, stu_end_names),
};
OBJ(stu_o, "stu", ungdb_stu, stu_f);

static const case_field settings_f[] = {
    FINT(ungdb_case_settings, summer_from_week, "summer_from_week", false, 1, 53),
    FINT(ungdb_case_settings, summer_to_week, "summer_to_week", false, 1, 53),
};
OBJ(settings_o, "settings", ungdb_case_settings, settings_f);

static const case_field case_f[] = {
    FLD(ungdb_case, id, "id", FT_STR, false),
    {.name = "person",
     .type = FT_INL,
     .required = true,
     .off = offsetof(ungdb_case, person),
     .obj = &person_o},
    FARR(ungdb_case, enrolments, nenrolments, "enrolments", enrolment_o),
    FARR(ungdb_case, attendance, nattendance, "attendance", attendance_o),
    FARR(ungdb_case, events, nevents, "events", event_o),
    FARR(ungdb_case, notices, nnotices, "notices", notice_o),
    FARR(ungdb_case, assessments, nassessments, "assessments", assessment_o),
    FARR(ungdb_case, reports, nreports, "reports", report_o),
    FARR(ungdb_case, guardian_notices, nguardian_notices, "guardian_notices", gnotice_o),
    FARR(ungdb_case, employment, nemployment, "employment", employment_o),
    FARR(ungdb_case, activities, nactivities, "activities", activity_o),
    FARR(ungdb_case, steps, nsteps, "steps", step_o),
    FOBJ(ungdb_case, stu, "stu", stu_o),
    FINL(ungdb_case, settings, "settings", settings_o),
};
OBJ(case_o, "case", ungdb_case, case_f);

static const case_obj *const all_objects[] = {
    &case_o,         &person_o,        &guardian_o,     &enrolment_o,   &interruption_o,
    &announcement_o, &fgu_o,           &fgu_week_o,     &fgu_comb_o,    &fgu_draw_o,
    &fgu_cert_o,     &fgu_complaint_o, &fgu_sanction_o, &fgu_payment_o, &fgu_practice_o,
    &attendance_o,   &event_o,         &notice_o,       &assessment_o,  &report_o,
    &gnotice_o,      &employment_o,    &activity_o,     &step_o,        &stu_o,
    &stu_decision_o, &stu_plan_o,      &stu_year_o,     &stu_int_o,     &stu_refund_o,
    &settings_o,
};

const case_obj *const *case_objects(size_t *n)
{
    *n = sizeof all_objects / sizeof all_objects[0];
    return all_objects;
}

/* ------------------------------------------------------------ parser -- */

typedef struct parser {
    ungdb_case_arena *arena;
    ungdb_error *err;
    const char *name;
    char path[512];
    size_t plen;
} parser;

/* Path building: push ".key" or "[i]", pop back to a saved length. */
static size_t path_key(parser *p, const char *key)
{
    size_t saved = p->plen;
    int k = snprintf(p->path + p->plen, sizeof p->path - p->plen, "%s%s", p->plen ? "." : "", key);
    if (k > 0) p->plen += (size_t)k < sizeof p->path - p->plen ? (size_t)k : 0;
    return saved;
}
static size_t path_index(parser *p, size_t i)
{
    size_t saved = p->plen;
    int k = snprintf(p->path + p->plen, sizeof p->path - p->plen, "[%zu]", i);
    if (k > 0) p->plen += (size_t)k < sizeof p->path - p->plen ? (size_t)k : 0;
    return saved;
}
static void path_pop(parser *p, size_t saved)
{
    p->plen = saved;
    p->path[saved] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static ungdb_rc
fail(parser *p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ungdb_error_set(p->err, UNGDB_EINPUT, p->name, 0, p->path[0] ? p->path : "(root)", "%s",
                           msg);
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

static ungdb_rc parse_obj(parser *p, const json_t *v, const case_obj *o, void *dst);

static ungdb_rc enum_value(parser *p, const char *const *names, const char *s, int *out)
{
    for (int i = 1; names[i]; i++)
        if (!strcmp(names[i], s)) {
            *out = i;
            return UNGDB_OK;
        }
    char list[400];
    size_t len = 0;
    list[0] = '\0';
    for (int i = 1; names[i] && len < sizeof list; i++) {
        int k = snprintf(list + len, sizeof list - len, "%s%s", i > 1 ? ", " : "", names[i]);
        if (k < 0) break;
        len += (size_t)k;
    }
    return fail(p, "unknown value \"%.60s\" (one of: %s)", s, list);
}

static ungdb_rc parse_field(parser *p, const json_t *v, const case_field *f, void *base)
{
    char *at = (char *)base + f->off;
    switch (f->type) {
    case FT_STR: {
        if (!json_is_string(v)) return fail(p, "not a string but %s", json_type_name(v));
        size_t n = json_string_length(v);
        if (n == 0 && f->required) return fail(p, "empty");
        if (n > 4096) return fail(p, "longer than 4096 bytes");
        char *s = arena_strndup(p->arena, json_string_value(v), n);
        if (!s) return ungdb_error_set(p->err, UNGDB_ENOMEM, p->name, 0, p->path, "out of memory");
        *(const char **)(void *)at = s;
        return UNGDB_OK;
    }
    case FT_DATE: {
        ungdb_date d;
        if (!json_is_string(v) ||
            !ungdb_date_parse(json_string_value(v), json_string_length(v), &d))
            return fail(p, "not a date (YYYY-MM-DD)");
        *(ungdb_date *)(void *)at = d;
        return UNGDB_OK;
    }
    case FT_DATETIME: {
        ungdb_datetime t;
        if (!json_is_string(v) ||
            !ungdb_datetime_parse(json_string_value(v), json_string_length(v), &t))
            return fail(p, "not a date and time (YYYY-MM-DDTHH:MM)");
        *(ungdb_datetime *)(void *)at = t;
        return UNGDB_OK;
    }
    case FT_INT: {
        if (!json_is_integer(v)) return fail(p, "not a whole number");
        json_int_t x = json_integer_value(v);
        if ((double)x < f->min || (double)x > f->max)
            return fail(p, "%lld is outside %g..%g", (long long)x, f->min, f->max);
        *(int *)(void *)at = (int)x;
        return UNGDB_OK;
    }
    case FT_NUM: {
        if (!json_is_number(v)) return fail(p, "not a number");
        double x = json_number_value(v);
        if (!isfinite(x) || x < f->min || x > f->max)
            return fail(p, "%g is outside %g..%g", x, f->min, f->max);
        *(double *)(void *)at = x;
        return UNGDB_OK;
    }
    case FT_TRI:
        if (json_is_true(v))
            *(ungdb_tri *)(void *)at = UNGDB_YES;
        else if (json_is_false(v))
            *(ungdb_tri *)(void *)at = UNGDB_NO;
        else if (json_is_null(v))
            *(ungdb_tri *)(void *)at = UNGDB_UNKNOWN;
        else
            return fail(p, "not true, false or null");
        return UNGDB_OK;
    case FT_BOOL:
        if (!json_is_boolean(v)) return fail(p, "not true or false");
        *(bool *)(void *)at = json_is_true(v);
        return UNGDB_OK;
    case FT_ENUM: {
        if (!json_is_string(v)) return fail(p, "not a string but %s", json_type_name(v));
        int x = 0;
        ungdb_rc rc = enum_value(p, f->names, json_string_value(v), &x);
        if (rc) return rc;
        *(int *)(void *)at = x;
        return UNGDB_OK;
    }
    case FT_BITS: {
        if (!json_is_array(v)) return fail(p, "not an array of names");
        uint32_t bits = 0;
        for (size_t i = 0; i < json_array_size(v); i++) {
            size_t saved = path_index(p, i);
            const json_t *e = json_array_get(v, i);
            int x = 0;
            if (!json_is_string(e)) return fail(p, "not a string but %s", json_type_name(e));
            ungdb_rc rc = enum_value(p, f->names, json_string_value(e), &x);
            if (rc) return rc;
            if (bits & (1u << (x - 1))) return fail(p, "\"%s\" given twice", f->names[x]);
            bits |= 1u << (x - 1);
            path_pop(p, saved);
        }
        *(uint32_t *)(void *)at = bits;
        return UNGDB_OK;
    }
    case FT_OBJ: {
        if (json_is_null(v)) return UNGDB_OK;
        void *o = arena_alloc(p->arena, f->obj->size);
        if (!o) return ungdb_error_set(p->err, UNGDB_ENOMEM, p->name, 0, p->path, "out of memory");
        ungdb_rc rc = parse_obj(p, v, f->obj, o);
        if (rc) return rc;
        *(void **)(void *)at = o;
        return UNGDB_OK;
    }
    case FT_INL:
        return parse_obj(p, v, f->obj, at);
    case FT_ARR: {
        if (!json_is_array(v)) return fail(p, "not an array but %s", json_type_name(v));
        size_t n = json_array_size(v);
        if (n > 1000000) return fail(p, "more than 1000000 entries");
        char *arr = n ? arena_alloc(p->arena, n * f->obj->size) : NULL;
        if (n && !arr)
            return ungdb_error_set(p->err, UNGDB_ENOMEM, p->name, 0, p->path, "out of memory");
        for (size_t i = 0; i < n; i++) {
            size_t saved = path_index(p, i);
            ungdb_rc rc = parse_obj(p, json_array_get(v, i), f->obj, arr + i * f->obj->size);
            if (rc) return rc;
            path_pop(p, saved);
        }
        *(void **)(void *)at = arr;
        *(size_t *)(void *)((char *)base + f->count_off) = n;
        return UNGDB_OK;
    }
    }
    return ungdb_error_set(p->err, UNGDB_EINTERNAL, p->name, 0, p->path, "bad field table");
}

/* Sets the "absent" value of every field of an object. */
static void init_obj(const case_obj *o, void *dst)
{
    for (size_t i = 0; i < o->nfields; i++) {
        const case_field *f = &o->fields[i];
        char *at = (char *)dst + f->off;
        if (f->type == FT_DATE) *(ungdb_date *)(void *)at = UNGDB_DATE_NONE;
        if (f->type == FT_DATETIME) *(ungdb_datetime *)(void *)at = UNGDB_DATETIME_NONE;
        if (f->type == FT_INT) *(int *)(void *)at = -1;
        if (f->type == FT_NUM) *(double *)(void *)at = -1;
        if (f->type == FT_INL) init_obj(f->obj, at);
    }
}

static ungdb_rc parse_obj(parser *p, const json_t *v, const case_obj *o, void *dst)
{
    if (!json_is_object(v)) return fail(p, "not an object but %s", json_type_name(v));
    init_obj(o, dst);
    const char *key;
    json_t *val;
    /* Unknown keys first, so that a typo is named rather than a missing field. */
    json_object_foreach((json_t *)v, key, val)
    {
        size_t i = 0;
        while (i < o->nfields && strcmp(o->fields[i].name, key))
            i++;
        if (i == o->nfields) {
            size_t saved = path_key(p, key);
            ungdb_rc rc = fail(p, "unknown field");
            path_pop(p, saved);
            return rc;
        }
    }
    for (size_t i = 0; i < o->nfields; i++) {
        const case_field *f = &o->fields[i];
        const json_t *fv = json_object_get(v, f->name);
        size_t saved = path_key(p, f->name);
        if (!fv) {
            if (f->required) return fail(p, "required field is missing");
            if (f->type == FT_INL) init_obj(f->obj, (char *)dst + f->off);
            path_pop(p, saved);
            continue;
        }
        if (json_is_null(fv) && f->required) return fail(p, "required field is null");
        if (json_is_null(fv) && f->type != FT_TRI && f->type != FT_OBJ)
            return fail(p, "null is not allowed (leave the field out)");
        ungdb_rc rc = parse_field(p, fv, f, dst);
        if (rc) return rc;
        path_pop(p, saved);
    }
    return UNGDB_OK;
}

/* ---------------------------------------------- cross-field checks -- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static ungdb_rc
failat(parser *p, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ungdb_error_set(p->err, UNGDB_EINPUT, p->name, 0, path, "%s", msg);
}

static bool before(ungdb_date a, ungdb_date b)
{
    return ungdb_date_is_set(a) && ungdb_date_is_set(b) && b.day < a.day;
}

static ungdb_rc check_order(parser *p, const char *path, ungdb_date from, const char *fname,
                            ungdb_date to, const char *tname)
{
    if (!before(from, to)) return UNGDB_OK;
    char a[11], b[11];
    ungdb_date_format(from, a);
    ungdb_date_format(to, b);
    char full[300];
    snprintf(full, sizeof full, "%s.%s", path, tname);
    return failat(p, full, "%s is before %s %s", b, fname, a);
}

static ungdb_rc check_ref(parser *p, const ungdb_case *c, const char *path, const char *id)
{
    if (!id || rules_enrolment(c, id)) return UNGDB_OK;
    return failat(p, path, "no enrolment has id \"%.80s\"", id);
}

static ungdb_rc check_case(parser *p, ungdb_case *c)
{
    char path[300];
    ungdb_person *pe = &c->person;
    if (pe->cpr) {
        ungdb_cpr cpr;
        ungdb_cpr_status st = ungdb_cpr_parse(pe->cpr, strlen(pe->cpr), &cpr);
        if (st != UNGDB_CPR_VALID)
            return failat(p, "person.cpr", "not a valid CPR number (%s)", ungdb_cpr_reason(st));
        if (ungdb_date_is_set(pe->birth) && pe->birth.day != cpr.birth.day)
            return failat(p, "person.birth_date", "does not match the CPR number's birth date");
        pe->birth = cpr.birth;
    } else if (!ungdb_date_is_set(pe->birth)) {
        return failat(p, "person", "needs cpr or birth_date");
    }
    for (size_t i = 0; i < pe->nguardians; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(pe->guardians[i].id, pe->guardians[j].id)) {
                snprintf(path, sizeof path, "person.guardians[%zu].id", i);
                return failat(p, path, "\"%.80s\" is used twice", pe->guardians[i].id);
            }
    for (size_t i = 0; i < c->nenrolments; i++) {
        const ungdb_enrolment *e = &c->enrolments[i];
        snprintf(path, sizeof path, "enrolments[%zu]", i);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(e->id, c->enrolments[j].id)) {
                snprintf(path, sizeof path, "enrolments[%zu].id", i);
                return failat(p, path, "\"%.80s\" is used twice", e->id);
            }
        ungdb_rc rc = check_order(p, path, e->start, "start", e->end, "end");
        if (!rc) rc = check_order(p, path, e->start, "start", e->planned_end, "planned_end");
        if (rc) return rc;
        if (e->status == UNGDB_ENROL_INTERRUPTED && !e->interruption) {
            snprintf(path, sizeof path, "enrolments[%zu].interruption", i);
            return failat(p, path, "required when status is \"interrupted\"");
        }
        if (e->interruption && e->status != UNGDB_ENROL_INTERRUPTED) {
            snprintf(path, sizeof path, "enrolments[%zu].interruption", i);
            return failat(p, path, "given, but status is not \"interrupted\"");
        }
        if (e->interruption) {
            snprintf(path, sizeof path, "enrolments[%zu].interruption", i);
            if ((rc = check_order(p, path, e->start, "the enrolment's start", e->interruption->date,
                                  "date")))
                return rc;
        }
        if (e->fgu)
            for (size_t k = 0; k < e->fgu->ncombinations; k++) {
                snprintf(path, sizeof path, "enrolments[%zu].fgu.combinations[%zu]", i, k);
                if ((rc = check_order(p, path, e->fgu->combinations[k].from, "from",
                                      e->fgu->combinations[k].to, "to")))
                    return rc;
            }
        if (e->fgu)
            for (size_t k = 0; k < e->fgu->npractice_agreements; k++) {
                snprintf(path, sizeof path, "enrolments[%zu].fgu.practice_agreements[%zu]", i, k);
                if ((rc = check_order(p, path, e->fgu->practice_agreements[k].from, "from",
                                      e->fgu->practice_agreements[k].to, "to")))
                    return rc;
            }
    }
    for (size_t i = 0; i < c->nattendance; i++) {
        const ungdb_attendance *a = &c->attendance[i];
        snprintf(path, sizeof path, "attendance[%zu].enrolment", i);
        ungdb_rc rc = check_ref(p, c, path, a->enrolment);
        if (rc) return rc;
        snprintf(path, sizeof path, "attendance[%zu].absent_minutes", i);
        if (a->absent_minutes > a->lesson_minutes)
            return failat(p, path, "%d is more than lesson_minutes %d", a->absent_minutes,
                          a->lesson_minutes);
        snprintf(path, sizeof path, "attendance[%zu].lawful", i);
        if (a->absent_minutes > 0 && a->lawful == UNGDB_UNKNOWN)
            return failat(p, path, "required (true or false) when absent_minutes > 0");
    }
    for (size_t i = 0; i < c->nevents; i++) {
        snprintf(path, sizeof path, "events[%zu].enrolment", i);
        ungdb_rc rc = check_ref(p, c, path, c->events[i].enrolment);
        if (rc) return rc;
    }
    for (size_t i = 0; i < c->nnotices; i++) {
        snprintf(path, sizeof path, "notices[%zu].enrolment", i);
        ungdb_rc rc = check_ref(p, c, path, c->notices[i].enrolment);
        if (rc) return rc;
    }
    for (size_t i = 0; i < c->nassessments; i++) {
        snprintf(path, sizeof path, "assessments[%zu].enrolment", i);
        ungdb_rc rc = check_ref(p, c, path, c->assessments[i].enrolment);
        if (rc) return rc;
    }
    for (size_t i = 0; i < c->nreports; i++) {
        const ungdb_report *r = &c->reports[i];
        snprintf(path, sizeof path, "reports[%zu].enrolment", i);
        ungdb_rc rc = check_ref(p, c, path, r->enrolment);
        if (rc) return rc;
        if (r->assessment) {
            size_t k = 0;
            while (k < c->nassessments &&
                   !(c->assessments[k].id && !strcmp(c->assessments[k].id, r->assessment)))
                k++;
            snprintf(path, sizeof path, "reports[%zu].assessment", i);
            if (k == c->nassessments)
                return failat(p, path, "no assessment has id \"%.80s\"", r->assessment);
        }
        if (r->id)
            for (size_t j = 0; j < i; j++)
                if (c->reports[j].id && !strcmp(c->reports[j].id, r->id)) {
                    snprintf(path, sizeof path, "reports[%zu].id", i);
                    return failat(p, path, "\"%.80s\" is used twice", r->id);
                }
    }
    for (size_t i = 0; i < c->nassessments; i++)
        for (size_t j = 0; j < i; j++)
            if (c->assessments[i].id && c->assessments[j].id &&
                !strcmp(c->assessments[i].id, c->assessments[j].id)) {
                snprintf(path, sizeof path, "assessments[%zu].id", i);
                return failat(p, path, "\"%.80s\" is used twice", c->assessments[i].id);
            }
    for (size_t i = 0; i < c->nguardian_notices; i++) {
        const ungdb_guardian_notice *g = &c->guardian_notices[i];
        if (g->report) {
            size_t k = 0;
            while (k < c->nreports && !(c->reports[k].id && !strcmp(c->reports[k].id, g->report)))
                k++;
            snprintf(path, sizeof path, "guardian_notices[%zu].report", i);
            if (k == c->nreports) return failat(p, path, "no report has id \"%.80s\"", g->report);
        }
        if (g->guardian) {
            size_t k = 0;
            while (k < pe->nguardians && strcmp(pe->guardians[k].id, g->guardian))
                k++;
            snprintf(path, sizeof path, "guardian_notices[%zu].guardian", i);
            if (k == pe->nguardians)
                return failat(p, path, "no guardian has id \"%.80s\"", g->guardian);
        }
    }
    for (size_t i = 0; i < c->nemployment; i++) {
        snprintf(path, sizeof path, "employment[%zu]", i);
        ungdb_rc rc =
            check_order(p, path, c->employment[i].from, "from", c->employment[i].to, "to");
        if (rc) return rc;
    }
    for (size_t i = 0; i < c->nactivities; i++) {
        snprintf(path, sizeof path, "activities[%zu]", i);
        ungdb_rc rc =
            check_order(p, path, c->activities[i].from, "from", c->activities[i].to, "to");
        if (rc) return rc;
    }
    for (size_t i = 0; i < c->nsteps; i++) {
        const ungdb_step *s = &c->steps[i];
        snprintf(path, sizeof path, "steps[%zu]", i);
        if (s->kind == UNGDB_STEP_EXEMPTION && !s->exempt_reason)
            return failat(p, path, "an exemption needs exempt_reason");
        if (s->kind != UNGDB_STEP_EXEMPTION &&
            (s->exempt_reason || ungdb_date_is_set(s->until) || s->guardians_involved))
            return failat(p, path,
                          "exempt_reason, until and guardians_involved belong to an "
                          "exemption");
        if (s->kind != UNGDB_STEP_DECISION &&
            (s->duty_met || s->efforts_made || s->alternatives_discussed))
            return failat(p, path,
                          "duty_met, efforts_made and alternatives_discussed belong to a "
                          "decision");
        if (s->kind == UNGDB_STEP_DECISION && !s->duty_met)
            return failat(p, path, "a decision needs duty_met (true or false)");
        ungdb_rc rc = check_order(p, path, s->date, "date", s->until, "until");
        if (rc) return rc;
    }
    if (c->stu) {
        const ungdb_stu *s = c->stu;
        ungdb_rc rc = check_ref(p, c, "stu.enrolment", s->enrolment);
        if (!rc)
            rc = check_order(p, "stu", s->clarification_from, "clarification_from",
                             s->clarification_to, "clarification_to");
        if (!rc) rc = check_order(p, "stu", s->start, "start", s->end, "end");
        if (rc) return rc;
        for (size_t i = 0; i < s->nyears; i++) {
            snprintf(path, sizeof path, "stu.years[%zu]", i);
            if ((rc = check_order(p, path, s->years[i].from, "from", s->years[i].to, "to")))
                return rc;
        }
        for (size_t i = 0; i < s->ninterruptions; i++) {
            snprintf(path, sizeof path, "stu.interruptions[%zu]", i);
            if ((rc = check_order(p, path, s->interruptions[i].from, "from", s->interruptions[i].to,
                                  "to")))
                return rc;
        }
        for (size_t i = 0; i < s->nrefunds; i++) {
            snprintf(path, sizeof path, "stu.refunds[%zu]", i);
            if ((rc = check_order(p, path, s->refunds[i].teaching_from, "teaching_from",
                                  s->refunds[i].teaching_to, "teaching_to")))
                return rc;
        }
    }
    const ungdb_case_settings *st = &c->settings;
    if ((st->summer_from_week > 0) != (st->summer_to_week > 0))
        return failat(p, "settings", "give both summer_from_week and summer_to_week, or neither");
    if (st->summer_from_week > st->summer_to_week)
        return failat(p, "settings.summer_to_week", "week %d is before summer_from_week %d",
                      st->summer_to_week, st->summer_from_week);
    return UNGDB_OK;
}

/* ------------------------------------------------------------ public -- */

ungdb_rc ungdb_case_parse(const char *json, size_t n, const char *name, ungdb_case **out,
                          ungdb_error *err)
{
    *out = NULL;
    ungdb_error_clear(err);
    json_error_t jerr;
    json_t *root = json_loadb(json, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return ungdb_error_set(err, UNGDB_EINPUT, name, jerr.line, "", "not valid JSON: %s",
                               jerr.text);
    ungdb_case_arena arena = {0};
    ungdb_case *c = arena_alloc(&arena, sizeof *c);
    ungdb_case_arena *ap = c ? arena_alloc(&arena, sizeof *ap) : NULL;
    if (!ap) {
        json_decref(root);
        arena_release(&arena);
        return ungdb_error_set(err, UNGDB_ENOMEM, name, 0, "", "out of memory");
    }
    parser p = {.arena = &arena, .err = err, .name = name};
    ungdb_rc rc = parse_obj(&p, root, &case_o, c);
    json_decref(root);
    if (!rc) rc = check_case(&p, c);
    if (rc) {
        arena_release(&arena);
        return rc;
    }
    *ap = arena; /* the arena now lives inside itself */
    c->arena = ap;
    *out = c;
    return UNGDB_OK;
}

ungdb_rc ungdb_case_load(const char *path, ungdb_case **out, ungdb_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot open");
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    ungdb_rc rc = UNGDB_OK;
    while (buf) {
        size_t k = fread(buf + len, 1, cap - len, f);
        len += k;
        if (k == 0) break;
        if (len == cap) {
            if (cap >= (64u << 20)) {
                rc = ungdb_error_set(err, UNGDB_ETOOBIG, path, 0, "", "larger than 64 MiB");
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    bool ioerr = ferror(f);
    fclose(f);
    if (!buf) return ungdb_error_set(err, UNGDB_ENOMEM, path, 0, "", "out of memory");
    if (!rc && ioerr) rc = ungdb_error_set(err, UNGDB_EIO, path, 0, "", "read error");
    if (!rc) rc = ungdb_case_parse(buf, len, path, out, err);
    free(buf);
    return rc;
}

void ungdb_case_free(ungdb_case *c)
{
    if (!c) return;
    ungdb_case_arena a = *c->arena; /* copy out: the arena holds c itself */
    arena_release(&a);
}

/* -------------------------------------------------------------- dump -- */

static json_t *dump_obj(const case_obj *o, const void *src);

static json_t *dump_field(const case_field *f, const void *base, bool *present)
{
    const char *at = (const char *)base + f->off;
    char buf[32];
    *present = true;
    switch (f->type) {
    case FT_STR: {
        const char *s = *(const char *const *)(const void *)at;
        if (!s) break;
        return json_string(s);
    }
    case FT_DATE: {
        ungdb_date d = *(const ungdb_date *)(const void *)at;
        if (!ungdb_date_is_set(d)) break;
        ungdb_date_format(d, buf);
        return json_string(buf);
    }
    case FT_DATETIME: {
        ungdb_datetime t = *(const ungdb_datetime *)(const void *)at;
        if (!ungdb_datetime_is_set(t)) break;
        ungdb_datetime_format(t, buf);
        return json_string(buf);
    }
    case FT_INT: {
        int x = *(const int *)(const void *)at;
        if (x < 0) break;
        return json_integer(x);
    }
    case FT_NUM: {
        double x = *(const double *)(const void *)at;
        if (x < 0) break;
        if (x == floor(x) && x < 1e15) return json_integer((json_int_t)x);
        return json_real(x);
    }
    case FT_TRI: {
        ungdb_tri t = *(const ungdb_tri *)(const void *)at;
        if (t == UNGDB_UNKNOWN) break;
        return json_boolean(t == UNGDB_YES);
    }
    case FT_BOOL:
        return json_boolean(*(const bool *)(const void *)at);
    case FT_ENUM: {
        int x = *(const int *)(const void *)at;
        if (x <= 0) break;
        return json_string(f->names[x]);
    }
    case FT_BITS: {
        uint32_t bits = *(const uint32_t *)(const void *)at;
        if (!bits) break;
        json_t *a = json_array();
        for (int i = 1; f->names[i]; i++)
            if (bits & (1u << (i - 1))) json_array_append_new(a, json_string(f->names[i]));
        return a;
    }
    case FT_OBJ: {
        const void *o = *(const void *const *)(const void *)at;
        if (!o) break;
        return dump_obj(f->obj, o);
    }
    case FT_INL: {
        json_t *o = dump_obj(f->obj, at);
        if (o && json_object_size(o) == 0) {
            json_decref(o);
            break;
        }
        return o;
    }
    case FT_ARR: {
        const char *arr = *(const char *const *)(const void *)at;
        size_t n = *(const size_t *)(const void *)((const char *)base + f->count_off);
        if (!n) break;
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, dump_obj(f->obj, arr + i * f->obj->size));
        return a;
    }
    }
    *present = false;
    return NULL;
}

static json_t *dump_obj(const case_obj *o, const void *src)
{
    json_t *j = json_object();
    if (!j) return NULL;
    for (size_t i = 0; i < o->nfields; i++) {
        bool present;
        json_t *v = dump_field(&o->fields[i], src, &present);
        if (present) json_object_set_new(j, o->fields[i].name, v ? v : json_null());
    }
    return j;
}

char *ungdb_case_dump(const ungdb_case *c)
{
    json_t *j = dump_obj(&case_o, c);
    if (!j) return NULL;
    char *s = json_dumps(j, JSON_INDENT(2));
    json_decref(j);
    return s;
}

/* ------------------------------------------------------------- ages -- */

int ungdb_age_on(ungdb_date birth, ungdb_date on)
{
    ungdb_cpr c = {.birth = birth};
    return ungdb_cpr_age(&c, on);
}

ungdb_date ungdb_birthday(ungdb_date birth, int years)
{
    int y, m, d;
    ungdb_date_to_ymd(birth, &y, &m, &d);
    y += years;
    if (m == 2 && d == 29 && !ungdb_ymd_valid(y, 2, 29)) return ungdb_date_from_ymd(y, 3, 1);
    return ungdb_date_from_ymd(y, m, d);
}
