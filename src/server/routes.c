/* routes.c - every endpoint: method, path, handler and the roles that may
 * call it (checked in http.c before the handler runs; the handler then checks
 * scope). The same table is documented in docs/openapi.yaml. */
#include "server_internal.h"

#define R_ADMIN ROLE(DB_ROLE_ADMIN)
#define R_STAFF ROLE(DB_ROLE_STAFF)
#define R_CASE ROLE(DB_ROLE_CASEWORKER)
#define R_PUPIL ROLE(DB_ROLE_PUPIL)
#define R_GUARD ROLE(DB_ROLE_GUARDIAN)

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
};
const size_t nroutes = sizeof routes / sizeof routes[0];
