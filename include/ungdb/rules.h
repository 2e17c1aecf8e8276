/* The rules engine: a young person's case, the rules of the source documents
 * as pure functions of (case, evaluation date), and an institution's
 * dropout-risk criteria.
 *
 * Sources (Danish originals in shared/seeds/, digest in shared/spec/domain.md):
 *   seed 000  reporting pupils at risk of dropout to Ungedatabasen
 *             (vejledningsbekendtgørelsen §§ 31-39; family "ubd")
 *   seed 004  bekendtgørelse om pligt til uddannelse, beskæftigelse eller
 *             anden aktivitet (the 15-17 duty; family "duty")
 *   seed 002  FGU (a DRAFT order; family "fgu", rules flagged draft)
 *   seed 003  STU (family "stu")
 *
 * The case form in JSON is documented in docs/rules.md and
 * docs/rules.schema.json. Conventions of the model:
 *   - an absent date is UNGDB_DATE_NONE (test with ungdb_date_is_set);
 *   - an absent string is NULL;
 *   - an absent yes/no fact is UNGDB_UNKNOWN (JSON null or left out): the rules
 *     never guess it, they answer "needs a person's judgement";
 *   - an absent number is -1 (every number of the model is >= 0);
 *   - every enum has 0 = not given.
 * Everything a case points to lives in the case's own arena and is freed by
 * ungdb_case_free. */
#ifndef UNGDB_RULES_H
#define UNGDB_RULES_H

#include "ungdb/date.h"

/* ---------------------------------------------------------------- model -- */

#define UNGDB_DATE_NONE ((ungdb_date){.day = INT32_MIN})
static inline bool ungdb_date_is_set(ungdb_date d)
{
    return d.day != INT32_MIN;
}
#define UNGDB_DATETIME_NONE ((ungdb_datetime){.minute = INT64_MIN})
static inline bool ungdb_datetime_is_set(ungdb_datetime t)
{
    return t.minute != INT64_MIN;
}

/* A yes/no fact that may be unknown. */
typedef enum { UNGDB_UNKNOWN = 0, UNGDB_NO = 1, UNGDB_YES = 2 } ungdb_tri;

/* Kinds of education. 1-16 are the numbers of § 2 of the duty order
 * (bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden
 * aktivitet), in its order; the rest are the other kinds the rules meet. The
 * JSON names are in ungdb_edu_kind_name; the paragraph in
 * ungdb_edu_kind_paragraph. */
typedef enum {
    UNGDB_EDU_NONE = 0,
    UNGDB_EDU_EUD = 1,               /* § 2, nr. 1 erhvervsuddannelse */
    UNGDB_EDU_VOCATIONAL_OTHER = 2,  /* § 2, nr. 2 anden erhvervsrettet fuldtidsuddannelse */
    UNGDB_EDU_UPPER_SECONDARY = 3,   /* § 2, nr. 3 gymnasial uddannelse */
    UNGDB_EDU_EGU = 4,               /* § 2, nr. 4 erhvervsgrunduddannelse */
    UNGDB_EDU_MARITIME = 5,          /* § 2, nr. 5 maritim uddannelse */
    UNGDB_EDU_PRODUCTION_SCHOOL = 6, /* § 2, nr. 6 produktionsskole */
    UNGDB_EDU_STU = 7,               /* § 2, nr. 7 STU */
    UNGDB_EDU_KUU = 8,               /* § 2, nr. 8 kombineret ungdomsuddannelse */
    UNGDB_EDU_YOUTH_SCHOOL = 9,      /* § 2, nr. 9 kommunal ungdomsskole */
    UNGDB_EDU_GRADE10_FREE = 10,     /* § 2, nr. 10 fortsat 10. klasse på fri grundskole */
    UNGDB_EDU_AVU = 11,              /* § 2, nr. 11 avu (SU-berettigende omfang) */
    UNGDB_EDU_SINGLE_SUBJECT = 12,   /* § 2, nr. 12 gymnasial enkeltfag (SU-berettigende) */
    UNGDB_EDU_BOARDING_SCHOOL = 13,  /* § 2, nr. 13 efterskole / fri fagskole */
    UNGDB_EDU_FOLK_HIGH_SCHOOL = 14, /* § 2, nr. 14 folkehøjskole / ungdomshøjskole */
    UNGDB_EDU_BASIC_MUSIC = 15,      /* § 2, nr. 15 musikalsk grundkursus */
    UNGDB_EDU_FGU = 16,              /* § 2, nr. 16 forberedende grunduddannelse */
    UNGDB_EDU_PRIVATE_SU = 17,       /* § 3 privat SU-berettigende uddannelse */
    UNGDB_EDU_OTHER_FULLTIME = 18,   /* § 6, stk. 1 anden fuldtidsuddannelse (DK/udland) */
    UNGDB_EDU_PRIMARY_SCHOOL = 19,   /* § 1, stk. 2 undervisningspligt eller 10. klasse */
    UNGDB_EDU_HIGHER_EDUCATION = 20, /* videregående uddannelse */
    UNGDB_EDU_OTHER = 21,            /* anything else */
} ungdb_edu_kind;
#define UNGDB_EDU_KINDS 22
const char *ungdb_edu_kind_name(ungdb_edu_kind k);      /* JSON name, e.g. "eud" */
const char *ungdb_edu_kind_paragraph(ungdb_edu_kind k); /* e.g. "§ 2, nr. 1"; "" if none */
const char *ungdb_edu_kind_da(ungdb_edu_kind k);        /* Danish name */

typedef enum {
    UNGDB_ENROL_NONE = 0,
    UNGDB_ENROL_PLANNED,     /* admitted, not started */
    UNGDB_ENROL_ACTIVE,      /* enrolled */
    UNGDB_ENROL_COMPLETED,   /* completed */
    UNGDB_ENROL_INTERRUPTED, /* interrupted (afbrudt): see interruption */
} ungdb_enrol_status;

typedef enum {
    UNGDB_LEAVE_NONE = 0,
    UNGDB_LEAVE_OTHER_EDUCATION, /* got into another education */
    UNGDB_LEAVE_FULLTIME_JOB,    /* got a full-time job */
    UNGDB_LEAVE_ABROAD,          /* travels or moves abroad */
    UNGDB_LEAVE_DROPOUT,         /* does not want to continue (frafald) */
    UNGDB_LEAVE_EXPELLED,        /* removed by the institution */
    UNGDB_LEAVE_ILLNESS,
    UNGDB_LEAVE_OTHER,
} ungdb_leave_reason;

typedef struct ungdb_interruption {
    ungdb_date date;
    ungdb_leave_reason reason;
    const char *note;
} ungdb_interruption;

/* What a pupil has told the institution about leaving (seed 000, 1.2). */
typedef struct ungdb_announcement {
    ungdb_date date;
    ungdb_leave_reason kind; /* OTHER_EDUCATION, FULLTIME_JOB or ABROAD matter */
} ungdb_announcement;

/* FGU course facts (seed 002, draft order). */
typedef struct ungdb_fgu_week {
    ungdb_date week_start; /* a Monday */
    double teaching_hours; /* clock hours of teaching offered to the pupil */
} ungdb_fgu_week;

typedef struct ungdb_fgu_combination {
    ungdb_date from, to;          /* inclusive */
    const char *exception_reason; /* why more than 5 weeks (§ 5, stk. 2), or NULL */
} ungdb_fgu_combination;

typedef struct ungdb_fgu_exam_draw {
    const char *subject;
    ungdb_date teaching_ends; /* the last day of teaching in the subject */
    ungdb_date notified;      /* when the pupil was told whether it was drawn */
    ungdb_tri drawn;
} ungdb_fgu_exam_draw;

/* § 11's minimum contents of the competence certificate, as bits. */
typedef enum {
    UNGDB_FGU_CERT_IDENTITY = 1u << 0,            /* nr. 1 name and CPR or other id */
    UNGDB_FGU_CERT_INSTITUTION = 1u << 1,         /* nr. 2 */
    UNGDB_FGU_CERT_FGU_ACT = 1u << 2,             /* nr. 3 */
    UNGDB_FGU_CERT_PERIOD = 1u << 3,              /* nr. 4 */
    UNGDB_FGU_CERT_OFFERS = 1u << 4,              /* nr. 5 */
    UNGDB_FGU_CERT_EXAMS = 1u << 5,               /* nr. 6 */
    UNGDB_FGU_CERT_FINAL_MARKS = 1u << 6,         /* nr. 7 */
    UNGDB_FGU_CERT_VOCATIONAL_TRAINING = 1u << 7, /* nr. 8 */
    UNGDB_FGU_CERT_COMBINATION = 1u << 8,         /* nr. 9 */
    UNGDB_FGU_CERT_COMPANY_PRACTICE = 1u << 9,    /* nr. 10 */
    UNGDB_FGU_CERT_EDUCATION_CERT = 1u << 10,     /* nr. 11 */
} ungdb_fgu_cert_item;
#define UNGDB_FGU_CERT_ITEMS 11

typedef struct ungdb_fgu_certificate {
    ungdb_date issued;
    ungdb_date completion_judged; /* judged satisfactorily completed (§ 10) */
    uint32_t contents;            /* ungdb_fgu_cert_item bits present */
    uint32_t applicable;          /* the "any" items 7-11 that apply to this pupil */
    ungdb_date retained_until;    /* data kept until (§ 10, stk. 4) */
} ungdb_fgu_certificate;

typedef struct ungdb_fgu_complaint {
    ungdb_date decision_communicated;
    ungdb_date filed;
    ungdb_tri institution_agrees;
    ungdb_date comment_invited;  /* complainant told and invited to comment */
    ungdb_date comment_received; /* complainant's comment, if any */
    ungdb_date forwarded;        /* sent to the agency */
} ungdb_fgu_complaint;

typedef enum {
    UNGDB_FGU_SANCTION_NONE = 0,
    UNGDB_FGU_SANCTION_REPRIMAND,          /* Bilag 2, nr. 1 */
    UNGDB_FGU_SANCTION_WRITTEN_WARNING,    /* nr. 2 */
    UNGDB_FGU_SANCTION_EXCLUSION_EVENTS,   /* nr. 3 */
    UNGDB_FGU_SANCTION_ITEM_BAN,           /* nr. 3 */
    UNGDB_FGU_SANCTION_CONFISCATION,       /* nr. 3, normally at most one day */
    UNGDB_FGU_SANCTION_REQUIRED_EXAM,      /* nr. 3 */
    UNGDB_FGU_SANCTION_ALLOWANCE_LOSS,     /* nr. 3, up to 5 school days */
    UNGDB_FGU_SANCTION_EXCLUSION_TEACHING, /* nr. 3, up to 10 school days */
    UNGDB_FGU_SANCTION_TRANSFER,           /* nr. 3, only once */
    UNGDB_FGU_SANCTION_EXPULSION,          /* nr. 3 */
    UNGDB_FGU_SANCTION_SEND_HOME,          /* temporary, while a case is examined */
} ungdb_fgu_sanction_kind;

typedef struct ungdb_fgu_sanction {
    ungdb_date date;
    ungdb_fgu_sanction_kind kind;
    int days; /* school days (confiscation: days), -1 if not given */
    ungdb_tri conditional;
} ungdb_fgu_sanction;

typedef struct ungdb_fgu_payment {
    ungdb_date date;
    double amount_kr;
} ungdb_fgu_payment;

/* A practice agreement on company practice (FGU § 6, Bilag 1). */
typedef struct ungdb_fgu_practice {
    ungdb_date from, to;          /* the practice period (inclusive) */
    ungdb_date signed_on;         /* the agreement signed, NONE if not recorded */
    ungdb_date approved;          /* approved by the municipality, NONE if not (yet) */
    ungdb_tri guardians_cosigned; /* co-signed by the holder(s) of parental responsibility */
} ungdb_fgu_practice;

typedef struct ungdb_fgu {
    double reduced_time_percent; /* share of full time (100 = full time), -1 if not given */
    ungdb_fgu_week *weeks;
    size_t nweeks;
    ungdb_fgu_combination *combinations;
    size_t ncombinations;
    ungdb_fgu_exam_draw *exam_draws;
    size_t nexam_draws;
    ungdb_fgu_certificate *certificate; /* NULL if none */
    ungdb_fgu_complaint *complaints;
    size_t ncomplaints;
    ungdb_fgu_sanction *sanctions;
    size_t nsanctions;
    ungdb_fgu_payment *payments;
    size_t npayments;
    ungdb_fgu_practice *practice_agreements;
    size_t npractice_agreements;
} ungdb_fgu;

typedef struct ungdb_enrolment {
    const char *id; /* unique in the case; others refer to it */
    const char *institution;
    ungdb_edu_kind kind;
    ungdb_date start;
    ungdb_date end;         /* actual end, if ended */
    ungdb_date planned_end; /* planned end: the course length is start..planned_end */
    ungdb_enrol_status status;
    ungdb_tri full_time;              /* § 2: fuldtidsuddannelse */
    ungdb_tri su_eligible;            /* § 2, nr. 11-12 and § 3: SU-eligible extent */
    ungdb_tri in_plan;                /* agreed in the education plan (§ 6, stk. 3) */
    ungdb_tri education_injunction;   /* started with uddannelsespålæg */
    ungdb_interruption *interruption; /* NULL if none */
    ungdb_announcement *announcement; /* NULL if none */
    ungdb_fgu *fgu;                   /* FGU course facts, NULL if none */
} ungdb_enrolment;

/* One lesson's attendance registration. */
typedef struct ungdb_attendance {
    const char *enrolment;
    ungdb_datetime lesson_start;
    int lesson_minutes;           /* planned length */
    int absent_minutes;           /* 0 = present */
    ungdb_tri lawful;             /* required when absent_minutes > 0 */
    const char *reason;           /* e.g. "illness", free text */
    const char *comment;          /* the pupil's comment (FGU § 18) */
    ungdb_datetime registered_at; /* when registered (FGU § 17, stk. 2) */
} ungdb_attendance;

typedef enum {
    UNGDB_EVENT_NONE = 0,
    UNGDB_EVENT_MISSING_HAND_IN,
    UNGDB_EVENT_MISSING_PARTICIPATION, /* no active participation */
    UNGDB_EVENT_CONDUCT,               /* other breach of the conduct rules */
    UNGDB_EVENT_OTHER,
} ungdb_event_kind;
#define UNGDB_EVENT_KINDS 5

typedef struct ungdb_event {
    const char *enrolment;
    ungdb_date date;
    ungdb_event_kind kind;
    const char *note;
} ungdb_event;

typedef enum {
    UNGDB_NOTICE_NONE = 0,
    UNGDB_NOTICE_CONCERN_ABSENCE, /* absence of concerning extent (VBK § 36, stk. 2) */
    UNGDB_NOTICE_REPRIMAND,
    UNGDB_NOTICE_WARNING,
    UNGDB_NOTICE_SANCTION,
    UNGDB_NOTICE_OTHER,
} ungdb_notice_kind;
#define UNGDB_NOTICE_KINDS 6

typedef struct ungdb_notice {
    const char *id;
    const char *enrolment;
    ungdb_date date;
    ungdb_notice_kind kind;
    const char *note;
} ungdb_notice;

typedef enum {
    UNGDB_BASIS_NONE = 0,
    UNGDB_BASIS_CONCRETE,           /* concrete assessment of the pupil's current risk */
    UNGDB_BASIS_GROUP_STATISTICS,   /* belongs to a group statistically at risk */
    UNGDB_BASIS_TRAINING_PLACEMENT, /* risk only from the training placement */
} ungdb_assessment_basis;

/* A person's assessment of the pupil's dropout risk. */
typedef struct ungdb_assessment {
    const char *id;
    const char *enrolment;
    ungdb_date date;
    ungdb_tri at_risk;
    ungdb_assessment_basis basis;
    const char *by; /* role, never a name */
} ungdb_assessment;

typedef enum {
    UNGDB_REPORT_NONE = 0,
    UNGDB_REPORT_RISK,         /* risk of dropout or interruption (§ 36 / § 39, stk. 4) */
    UNGDB_REPORT_INTERRUPTION, /* afbrud (§ 32, nr. 3, § 33, nr. 2) */
    UNGDB_REPORT_ENROLMENT,
    UNGDB_REPORT_COMPLETION,
} ungdb_report_kind;

typedef enum { UNGDB_BY_NONE = 0, UNGDB_BY_INSTITUTION, UNGDB_BY_MUNICIPALITY } ungdb_reporter;

/* A report to Ungedatabasen. */
typedef struct ungdb_report {
    const char *id;
    const char *enrolment;
    ungdb_date date;
    ungdb_report_kind kind;
    ungdb_reporter by;
    const char *assessment;             /* the assessment it rests on (id), or NULL */
    const char *contact_person;         /* municipality reports: the caseworker (role/unit) */
    ungdb_date shared_with_institution; /* municipality reports (§ 39, stk. 4) */
} ungdb_report;

typedef struct ungdb_guardian {
    const char *id; /* never a name or CPR */
    ungdb_tri custody;
} ungdb_guardian;

typedef struct ungdb_guardian_notice {
    ungdb_date date;
    const char *report; /* report id it follows, or NULL */
    const char *guardian;
} ungdb_guardian_notice;

typedef enum {
    UNGDB_EMPLOY_NONE = 0,
    UNGDB_EMPLOY_ORDINARY,
    UNGDB_EMPLOY_TRAINING_POSITION, /* uddannelsesstilling (§ 4) */
} ungdb_employment_kind;

typedef struct ungdb_employment {
    ungdb_date from, to; /* to: UNGDB_DATE_NONE = ongoing */
    double hours_per_week;
    ungdb_tri paid;
    ungdb_employment_kind kind;
} ungdb_employment;

/* Activities of §§ 5-6 of the duty order. */
typedef enum {
    UNGDB_ACT_NONE = 0,
    UNGDB_ACT_LABOUR_MARKET_OFFER, /* § 5, nr. 1 (must be agreed in the plan) */
    UNGDB_ACT_PRE_PRACTICE,        /* § 5, nr. 2 forpraktik */
    UNGDB_ACT_TRAINEE,             /* § 5, nr. 2 trainee-aftale */
    UNGDB_ACT_INTEGRATION_80_20,   /* § 5, nr. 3 */
    UNGDB_ACT_AU_PAIR_ABROAD,      /* § 6, stk. 1 */
    UNGDB_ACT_PLACED_OUTSIDE_HOME, /* § 6, stk. 1 */
    UNGDB_ACT_ALTERNATIVE_COURSE,  /* § 6, stk. 2 (agreed, stk. 3) */
    UNGDB_ACT_VOLUNTARY_WORK,      /* § 6, stk. 2 (agreed, stk. 3) */
} ungdb_activity_kind;

typedef struct ungdb_activity {
    ungdb_activity_kind kind;
    ungdb_date from, to;
    ungdb_tri in_plan; /* agreed by the young person, guardian and UU/KUI, in the plan */
} ungdb_activity;

/* The municipality's steps under the duty order. */
typedef enum {
    UNGDB_STEP_NONE = 0,
    UNGDB_STEP_AWARE,        /* learned the plan is not followed (§ 10, stk. 1) */
    UNGDB_STEP_CONTACT,      /* contact established (§ 10, stk. 1) */
    UNGDB_STEP_OFFER,        /* new activity offered (§ 10, stk. 2) */
    UNGDB_STEP_CONSEQUENCES, /* told about the consequences (§ 8, stk. 4) */
    UNGDB_STEP_EXEMPTION,    /* exemption (§ 7) */
    UNGDB_STEP_DECISION,     /* decision whether the duty is met (§ 9) */
} ungdb_step_kind;

typedef enum {
    UNGDB_EXEMPT_NONE = 0,
    UNGDB_EXEMPT_ILLNESS,
    UNGDB_EXEMPT_DISABILITY,
    UNGDB_EXEMPT_SOCIAL, /* væsentlige sociale problemer */
    UNGDB_EXEMPT_OTHER,
} ungdb_exempt_reason;

typedef struct ungdb_step {
    ungdb_date date;
    ungdb_step_kind kind;
    const char *note;
    /* exemption */
    ungdb_exempt_reason exempt_reason;
    ungdb_date until; /* exemption end, NONE = permanent */
    ungdb_tri guardians_involved;
    /* decision */
    ungdb_tri duty_met;
    ungdb_tri efforts_made;           /* betydelige bestræbelser (§ 9, stk. 1) */
    ungdb_tri alternatives_discussed; /* with the young person and guardian */
} ungdb_step;

/* STU (seed 003). */
typedef struct ungdb_stu_decision {
    ungdb_date date;
    ungdb_tri eligible;
    ungdb_tri consulted; /* the young person and parents consulted (§ 3) */
    ungdb_tri with_clarification;
} ungdb_stu_decision;

typedef enum {
    UNGDB_STU_PLAN_NONE = 0,
    UNGDB_STU_PLAN_INITIAL, /* with the decision (§ 3) */
    UNGDB_STU_PLAN_FINAL,   /* after clarification (§ 4, stk. 2-3) */
    UNGDB_STU_PLAN_REVIEW,  /* adjustment (§ 4, stk. 4) */
} ungdb_stu_plan_kind;

typedef struct ungdb_stu_plan {
    ungdb_date date;
    ungdb_stu_plan_kind kind;
    int covers_years; /* education years the plan lays out (§ 3, stk. 3: 3), -1 if not given */
} ungdb_stu_plan;

typedef struct ungdb_stu_year {
    ungdb_date from, to;   /* one education year */
    double teaching_hours; /* teaching hours offered (60 minutes) */
    int practical_days;    /* days of practical activities / practice / other institutions */
} ungdb_stu_year;

typedef struct ungdb_stu_interruption {
    ungdb_date from, to; /* to: NONE = not resumed */
    const char *reason;
    ungdb_tri approved;
    ungdb_date resumption_requested;
    ungdb_tri special_exception; /* age limit waived in a special case (§ 8, stk. 3) */
} ungdb_stu_interruption;

typedef struct ungdb_stu_refund {
    ungdb_date teaching_from, teaching_to;
    ungdb_date claimed; /* NONE = not claimed yet */
} ungdb_stu_refund;

typedef enum {
    UNGDB_STU_END_NONE = 0,
    UNGDB_STU_END_COMPLETED,
    UNGDB_STU_END_INTERRUPTED,
    UNGDB_STU_END_NO_PARTICIPATION, /* ended by the municipality (§ 8, stk. 4) */
} ungdb_stu_end_kind;

typedef struct ungdb_stu {
    const char *enrolment;        /* the STU enrolment, or NULL */
    ungdb_date schooling_ended;   /* compulsory schooling or continued schooling ended */
    ungdb_stu_decision *decision; /* NULL if none */
    ungdb_date start;
    ungdb_date clarification_from, clarification_to;
    ungdb_stu_plan *plans;
    size_t nplans;
    ungdb_stu_year *years;
    size_t nyears;
    ungdb_stu_interruption *interruptions;
    size_t ninterruptions;
    ungdb_stu_refund *refunds;
    size_t nrefunds;
    ungdb_date competence_paper;
    ungdb_date end;
    ungdb_stu_end_kind end_kind;
} ungdb_stu;

/* Case settings. */
typedef struct ungdb_case_settings {
    /* The summer holiday of institutions offering youth education (duty order
     * § 10, stk. 2): ISO weeks from..to of each year, inclusive. -1 = the
     * default (UNGDB_SUMMER_FROM_WEEK..UNGDB_SUMMER_TO_WEEK). */
    int summer_from_week, summer_to_week;
} ungdb_case_settings;
#define UNGDB_SUMMER_FROM_WEEK 27
#define UNGDB_SUMMER_TO_WEEK 32

typedef struct ungdb_person {
    const char *cpr;          /* as given, or NULL; never printed by the rules */
    ungdb_date birth;         /* from the CPR, or given as birth_date */
    const char *municipality; /* municipality of residence (code or name) */
    ungdb_tri lives_in_denmark;
    ungdb_tri completed_youth_education;
    ungdb_tri completed_higher_education;
    ungdb_guardian *guardians;
    size_t nguardians;
} ungdb_person;

typedef struct ungdb_case_arena ungdb_case_arena;

typedef struct ungdb_case {
    const char *id; /* a case reference, never a CPR */
    ungdb_person person;
    ungdb_enrolment *enrolments;
    size_t nenrolments;
    ungdb_attendance *attendance;
    size_t nattendance;
    ungdb_event *events;
    size_t nevents;
    ungdb_notice *notices;
    size_t nnotices;
    ungdb_assessment *assessments;
    size_t nassessments;
    ungdb_report *reports;
    size_t nreports;
    ungdb_guardian_notice *guardian_notices;
    size_t nguardian_notices;
    ungdb_employment *employment;
    size_t nemployment;
    ungdb_activity *activities;
    size_t nactivities;
    ungdb_step *steps;
    size_t nsteps;
    ungdb_stu *stu; /* NULL if none */
    ungdb_case_settings settings;
    ungdb_case_arena *arena; /* owns everything above */
} ungdb_case;

/* Parses a case from JSON text (n bytes; `name` is used in error messages,
 * e.g. the file name). Unknown fields, wrong types, bad dates, dangling
 * references and inconsistent values are errors: err->file = name,
 * err->field = the JSON path (e.g. "enrolments[2].start"), err->line = the
 * line for JSON syntax errors. On success *out must be released with
 * ungdb_case_free. */
ungdb_rc ungdb_case_parse(const char *json, size_t n, const char *name, ungdb_case **out,
                          ungdb_error *err);
/* Reads and parses a file (at most 64 MiB). */
ungdb_rc ungdb_case_load(const char *path, ungdb_case **out, ungdb_error *err);
void ungdb_case_free(ungdb_case *c);
/* The case as JSON (the same form ungdb_case_parse reads; absent values left
 * out), a malloc'd NUL-terminated string the caller frees; NULL on ENOMEM. */
char *ungdb_case_dump(const ungdb_case *c);

/* Age in whole years on `on`; 29 February birthdays count from 1 March in
 * common years (as ungdb_cpr_age). */
int ungdb_age_on(ungdb_date birth, ungdb_date on);
/* The date a person born on `birth` turns `years` old. */
ungdb_date ungdb_birthday(ungdb_date birth, int years);

/* ------------------------------------------------------------- findings -- */

typedef enum {
    UNGDB_FINDING_OK = 0,    /* the rule is met */
    UNGDB_FINDING_DUE,       /* something must be done by `due` */
    UNGDB_FINDING_OVERDUE,   /* `due` has passed and it is not done */
    UNGDB_FINDING_BREACH,    /* the facts break the rule */
    UNGDB_FINDING_NA,        /* the rule does not apply to this case */
    UNGDB_FINDING_JUDGEMENT, /* a person must decide; the engine does not guess */
} ungdb_finding_status;
#define UNGDB_FINDING_STATUSES 6
const char *ungdb_finding_status_name(ungdb_finding_status s); /* "ok", "due", ... */
const char *ungdb_finding_status_da(ungdb_finding_status s);   /* "opfyldt", ... */

typedef struct ungdb_fact {
    const char *name;  /* e.g. "birth_date" */
    const char *value; /* e.g. "2008-03-01" */
} ungdb_fact;

typedef struct ungdb_rule_info ungdb_rule_info;

typedef struct ungdb_finding {
    const ungdb_rule_info *rule;
    ungdb_finding_status status;
    ungdb_date due;      /* NONE when there is no date */
    const char *subject; /* what it is about, e.g. "enrolments[0] (e1)", or "" */
    const char *text_da; /* explanation naming the facts used */
    const char *text_en;
    ungdb_fact *facts;
    size_t nfacts;
} ungdb_finding;

typedef struct ungdb_findings ungdb_findings;

ungdb_findings *ungdb_findings_new(void);
void ungdb_findings_free(ungdb_findings *fl);
size_t ungdb_findings_count(const ungdb_findings *fl);
const ungdb_finding *ungdb_findings_get(const ungdb_findings *fl, size_t i);

/* ---------------------------------------------------------------- rules -- */

struct ungdb_criteria;

/* What an evaluation may use besides the case. */
typedef struct ungdb_rules_options {
    const struct ungdb_criteria *criteria; /* the institution's criteria, or NULL */
    int summer_from_week, summer_to_week;  /* > 0 overrides the case's settings */
} ungdb_rules_options;

struct ungdb_rule_info {
    const char *id;        /* stable, e.g. "duty.contact_deadline" */
    const char *family;    /* "ubd", "duty", "fgu", "stu" */
    const char *reference; /* e.g. "vejledningsbekendtgørelsen § 36, stk. 3" */
    const char *summary_da;
    const char *summary_en;
    bool draft; /* from a draft order (FGU, seed 002): output must say so */
};

size_t ungdb_rules_count(void);
const ungdb_rule_info *ungdb_rules_get(size_t i);
const ungdb_rule_info *ungdb_rules_find(const char *id);

/* Evaluates every rule (or only those whose id starts with `prefix`, if not
 * NULL, e.g. "duty.") on the case at date `on` and appends the findings, in
 * registry order, to fl. Pure: the result depends only on the arguments.
 * Returns UNGDB_ENOMEM only. */
ungdb_rc ungdb_rules_eval(const ungdb_case *c, ungdb_date on, const ungdb_rules_options *opt,
                          const char *prefix, ungdb_findings *fl);

/* Findings as JSON text (the form docs/rules.md documents); malloc'd. */
char *ungdb_findings_json(const ungdb_findings *fl, const ungdb_case *c, ungdb_date on);

/* Duty order § 10, stk. 2: the last day of "30 calendar days after `contact`"
 * when the days of the summer holiday (ISO weeks from_week..to_week of every
 * year, inclusive) are not counted. */
ungdb_date ungdb_duty_offer_deadline(ungdb_date contact, int from_week, int to_week);
/* FGU order (draft) § 20, stk. 3: the number of started periods of 6
 * calendar months in a course planned from `start` to `planned_end` (both
 * included). Period k begins on start + 6k months, same day of the month; a
 * day the month lacks moves to the 1st of the next month. 2025-08-01 ..
 * 2026-01-31 is 1 period, .. 2026-02-01 is 2. */
int ungdb_fgu_payment_periods(ungdb_date start, ungdb_date planned_end);
/* Monday of ISO week `week` of ISO year `year`. */
ungdb_date ungdb_iso_week_monday(int year, int week);

/* -------------------------------------------------------------- criteria -- */

/* An institution's conduct rules for judging dropout risk (seed 000, 1.1;
 * EUD-BEK § 55, stk. 2, nr. 9), loaded from the file format of docs/rules.md.
 *
 * Evaluation input is compact and sorted so that a replay over a year of
 * national attendance needs no allocation per pupil:
 *
 *   days    one entry per day with registrations, ascending by date, holding
 *           RUNNING TOTALS of minutes from the first entry to that day
 *           inclusive (planned, lawful absence, unlawful absence). Build them
 *           from per-day minutes with ungdb_attendance_accumulate().
 *   events  participation events (date, ungdb_event_kind), ascending by date.
 *   notices notices (date, ungdb_notice_kind), ascending by date.
 *
 * A window of N days ending on `on` is the days on-N+1 .. on. Sums over a
 * window cost two binary searches; counts of events/notices a binary search
 * and a walk over the window's items. */
typedef struct ungdb_attendance_day {
    ungdb_date date;
    uint32_t planned;  /* running total of planned lesson minutes */
    uint32_t lawful;   /* running total of lawfully absent minutes */
    uint32_t unlawful; /* running total of unlawfully absent minutes */
} ungdb_attendance_day;

/* Turns per-day minutes (each entry that day's own minutes) into running
 * totals, in place. */
void ungdb_attendance_accumulate(ungdb_attendance_day *days, size_t n);

typedef struct ungdb_dated_kind {
    ungdb_date date;
    uint16_t kind; /* ungdb_event_kind or ungdb_notice_kind */
} ungdb_dated_kind;

typedef struct ungdb_pupil_series {
    const ungdb_attendance_day *days;
    size_t ndays;
    const ungdb_dated_kind *events;
    size_t nevents;
    const ungdb_dated_kind *notices;
    size_t nnotices;
} ungdb_pupil_series;

typedef enum {
    UNGDB_MEASURE_NONE = 0,
    UNGDB_MEASURE_ABSENCE_PERCENT,  /* (lawful+unlawful)/planned, percent */
    UNGDB_MEASURE_LAWFUL_PERCENT,   /* lawful/planned, percent */
    UNGDB_MEASURE_UNLAWFUL_PERCENT, /* unlawful/planned, percent */
    UNGDB_MEASURE_ABSENCE_HOURS,    /* absent minutes / 60 */
    UNGDB_MEASURE_LAWFUL_HOURS,
    UNGDB_MEASURE_UNLAWFUL_HOURS,
    UNGDB_MEASURE_EVENTS,  /* number of participation events of one kind */
    UNGDB_MEASURE_NOTICES, /* number of notices of one kind */
} ungdb_measure;

typedef struct ungdb_criterion {
    char name[64];   /* the section's name, e.g. "unlawful-absence-4w" */
    char label[160]; /* a person's description, UTF-8 */
    ungdb_measure measure;
    uint16_t kind;               /* event or notice kind for EVENTS/NOTICES */
    int window_days;             /* rolling window ending on the evaluation date */
    int64_t threshold_milli;     /* hit when value >= threshold (value in thousandths) */
    int64_t min_planned_minutes; /* percent measures: no hit below this many planned minutes */
    long line;                   /* line of the section header in the file */
} ungdb_criterion;

#define UNGDB_CRITERIA_MAX 32

typedef struct ungdb_criteria {
    char institution[160];
    char version[64];
    int min_hits; /* a pupil is a candidate when at least this many criteria hit */
    size_t n;
    ungdb_criterion items[UNGDB_CRITERIA_MAX];
    char source[256]; /* the file it came from */
} ungdb_criteria;

/* Parses criteria text (n bytes, UTF-8); `name` goes into error messages.
 * Errors name the line and the key. */
ungdb_rc ungdb_criteria_parse(const char *text, size_t n, const char *name, ungdb_criteria *out,
                              ungdb_error *err);
ungdb_rc ungdb_criteria_load(const char *path, ungdb_criteria *out, ungdb_error *err);

typedef struct ungdb_criterion_hit {
    uint16_t criterion;      /* index into criteria->items */
    int64_t value_milli;     /* the measured value in thousandths (percent, hours or count) */
    int64_t planned_minutes; /* planned minutes in the window (attendance measures) */
    int64_t absent_minutes;  /* the minutes counted (attendance measures) */
} ungdb_criterion_hit;

/* Which criteria hit for one pupil on `on`. Writes at most `cap` hits in
 * criteria order and returns how many criteria hit (may exceed cap). No
 * allocation; thread-safe; O(criteria x log(series)). */
size_t ungdb_criteria_eval(const ungdb_criteria *cr, const ungdb_pupil_series *s, ungdb_date on,
                           ungdb_criterion_hit *hits, size_t cap);

/* Names used in the file and in output. */
const char *ungdb_measure_name(ungdb_measure m);
const char *ungdb_event_kind_name(ungdb_event_kind k);
const char *ungdb_notice_kind_name(ungdb_notice_kind k);

#endif
