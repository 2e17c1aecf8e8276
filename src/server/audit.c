/* audit.c - the audit trail: who (user and role) did what (action and
 * object) to whose data (internal person ids) when and from where. A change
 * writes its record inside its own savepoint, so the record and the change
 * commit together or not at all; a read is answered only after its record has
 * committed. The store refuses UPDATE and DELETE on the table (triggers), and
 * no endpoint changes it. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ungdb_rc audit_add(db *d, req *r, const char *action, const char *object, const char *subjects,
                   const char *outcome, ungdb_error *err)
{
    db_audit a = {.at = r->now,
                  .user_id = r->user.id,
                  .role = r->user.id ? db_role_name(r->user.role) : NULL,
                  .action = action,
                  .object = object,
                  .subjects = subjects,
                  .ip = r->ip,
                  .outcome = outcome};
    return db_audit_add(d, &a, err);
}

typedef struct read_audit {
    char action[64];
    char object[64];
    char *subjects;
} read_audit;

static void read_audit_free(void *p)
{
    read_audit *a = p;
    if (a) free(a->subjects);
    free(a);
}

static ungdb_rc read_audit_write(db *d, void *arg, ungdb_error *err)
{
    req *r = arg;
    read_audit *a = r->wdata;
    return audit_add(d, r, a->action, a->object, a->subjects, "ok", err);
}

static void read_audit_after(req *r)
{
    if (r->w.rc) {
        http_write_failed(r);
        return;
    }
    json_t *b = r->stash;
    r->stash = NULL;
    http_json(r, 200, b);
}

void audit_read_then_send(req *r, json_t *body, const char *action, const char *object,
                          const char *subjects)
{
    read_audit *a = calloc(1, sizeof *a);
    if (!a || (subjects && !(a->subjects = strdup(subjects)))) {
        free(a);
        json_decref(body);
        http_error(r, 500, "internal", NULL, "out of memory");
        return;
    }
    snprintf(a->action, sizeof a->action, "%s", action);
    snprintf(a->object, sizeof a->object, "%s", object);
    r->stash = body;
    http_submit(r, read_audit_write, a, read_audit_free, read_audit_after);
}
