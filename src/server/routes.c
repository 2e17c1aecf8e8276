/* routes.c - every endpoint: method, path, handler and the roles that may
 * call it (checked in http.c before the handler runs; the handler then checks
 * scope). The same table is documented in docs/openapi.yaml. */
#include "server_internal.h"

#define R_ADMIN ROLE(DB_ROLE_ADMIN)
#define R_STAFF ROLE(DB_ROLE_STAFF)
#define R_CASE ROLE(DB_ROLE_CASEWORKER)
#define R_PUPIL ROLE(DB_ROLE_PUPIL)
#define R_GUARD ROLE(DB_ROLE_GUARDIAN)
#define R_RESEARCH ROLE(DB_ROLE_RESEARCHER)

const route routes[] = {
    {M_GET, "/healthz", api_healthz, 0, "health"},
    {M_GET, "/metrics", api_metrics, 0, "metrics"},
    {M_POST, "/api/v1/login", api_login, 0, "login"},
    {M_POST, "/api/v1/logout", api_logout, ANY_USER, "logout"},
    {M_GET, "/api/v1/session", api_me, ANY_USER, "session"},
    {M_GET, "/api/v1/institutions", api_institutions, R_ADMIN | R_STAFF | R_CASE, "institutions"},
    {M_GET, "/api/v1/institutions/:id", api_institution, R_ADMIN | R_STAFF | R_CASE, "institution"},
    {M_GET, "/api/v1/institutions/:id/groups", api_groups, R_ADMIN | R_STAFF, "groups"},
    {M_GET, "/api/v1/institutions/:id/lessons", api_lessons, R_ADMIN | R_STAFF, "lessons"},
    {M_GET, "/api/v1/groups/:id/members", api_group_members, R_ADMIN | R_STAFF, "members"},
    {M_GET, "/api/v1/lessons/:id", api_lesson, R_ADMIN | R_STAFF, "lesson"},
    {M_POST, "/api/v1/lessons/:id/attendance", api_attendance_put, R_ADMIN | R_STAFF, "attendance"},
    {M_GET, "/api/v1/persons/:id", api_person, R_ADMIN | R_STAFF | R_CASE | R_PUPIL | R_GUARD,
     "person"},
    {M_GET, "/api/v1/persons/:id/attendance", api_person_attendance,
     R_ADMIN | R_STAFF | R_CASE | R_PUPIL | R_GUARD, "person attendance"},
    {M_POST, "/api/v1/persons/:id/attendance/:lesson/comments", api_comment, R_PUPIL, "comment"},
    {M_GET, "/api/v1/persons/:id/documents/fgu-certificate", api_fgu_certificate,
     R_ADMIN | R_STAFF | R_PUPIL, "fgu certificate"},
    {M_GET, "/api/v1/persons/:id/documents/stu-competence-paper", api_stu_paper, R_ADMIN | R_CASE,
     "stu competence paper"},
    {M_GET, "/api/v1/persons/:id/findings", api_findings, R_ADMIN | R_STAFF | R_CASE, "findings"},
    {M_GET, "/api/v1/persons/:id/cases", api_person_cases, R_ADMIN | R_STAFF | R_CASE, "cases"},
    {M_POST, "/api/v1/persons/:id/notices", api_notice, R_ADMIN | R_STAFF, "notice"},
    {M_POST, "/api/v1/persons/:id/assessments", api_assessment, R_ADMIN | R_STAFF, "assessment"},
    {M_POST, "/api/v1/persons/:id/reports", api_report, R_ADMIN | R_STAFF | R_CASE, "report"},
    {M_GET, "/api/v1/me/children", api_children, R_GUARD, "children"},
    {M_GET, "/api/v1/municipality/reports", api_reports, R_CASE, "inbox"},
    {M_GET, "/api/v1/institutions/:id/reports", api_inst_reports, R_ADMIN | R_STAFF, "reports"},
    {M_GET, "/api/v1/institutions/:id/tasks", api_tasks, R_ADMIN | R_STAFF, "tasks"},
    {M_GET, "/api/v1/institutions/:id/criteria", api_criteria_get, R_ADMIN | R_STAFF, "criteria"},
    {M_PUT, "/api/v1/institutions/:id/criteria", api_criteria_put, R_ADMIN | R_STAFF,
     "criteria put"},
    {M_POST, "/api/v1/institutions/:id/criteria/preview", api_criteria_preview, R_ADMIN | R_STAFF,
     "criteria preview"},
    {M_GET, "/api/v1/institutions/:id/candidates", api_candidates, R_ADMIN | R_STAFF, "candidates"},
    {M_POST, "/api/v1/tasks/:id/done", api_task_done, R_ADMIN | R_STAFF, "task done"},
    {M_PUT, "/api/v1/persons/:id/facts", api_person_facts, R_ADMIN | R_STAFF | R_CASE, "facts"},
    {M_PUT, "/api/v1/persons/:id/enrolments/:enrolment", api_enrolment_update,
     R_ADMIN | R_STAFF | R_CASE, "enrolment"},
    {M_GET, "/api/v1/persons/:id/enrolments/:enrolment/fgu", api_fgu_get,
     R_ADMIN | R_STAFF | R_CASE, "fgu facts"},
    {M_PUT, "/api/v1/persons/:id/enrolments/:enrolment/fgu", api_fgu_put, R_ADMIN | R_STAFF,
     "fgu facts put"},
    {M_POST, "/api/v1/persons/:id/events", api_event_add, R_ADMIN | R_STAFF, "event"},
    {M_POST, "/api/v1/persons/:id/duty-steps", api_duty_step, R_ADMIN | R_CASE, "duty step"},
    {M_GET, "/api/v1/persons/:id/duty-facts", api_duty_facts_get, R_ADMIN | R_CASE, "duty facts"},
    {M_PUT, "/api/v1/persons/:id/duty-facts", api_duty_facts_put, R_ADMIN | R_CASE,
     "duty facts put"},
    {M_GET, "/api/v1/municipality/duty", api_duty_cases, R_CASE, "duty cases"},
    {M_PUT, "/api/v1/persons/:id/stu", api_stu_put, R_ADMIN | R_CASE, "stu put"},
    {M_GET, "/api/v1/municipality/stu", api_stu_cases, R_CASE, "stu cases"},
    {M_GET, "/api/v1/integration/outbox", api_outbox, R_ADMIN, "outbox"},
    {M_POST, "/api/v1/integration/outbox/ack", api_outbox_ack, R_ADMIN, "outbox ack"},
    {M_GET, "/api/v1/audit", api_audit, R_ADMIN, "audit"},
    {M_GET, "/api/v1/register", api_register_index, R_ADMIN | R_RESEARCH, "register"},
    {M_GET, "/api/v1/register/validation", api_register_validation, R_ADMIN | R_RESEARCH,
     "register validation"},
    {M_GET, "/api/v1/register/hours", api_register_hours, R_ADMIN | R_RESEARCH, "register hours"},
    {M_GET, "/api/v1/register/file", api_register_file, R_ADMIN | R_RESEARCH, "register file"},
};
const size_t nroutes = sizeof routes / sizeof routes[0];
