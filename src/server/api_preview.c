/* api_preview.c - a criteria file tried on the institution's own
 * attendance before it is saved: how many pupils it would flag, week by week
 * (POST /api/v1/institutions/{id}/criteria/preview).
 *
 * Seed 000, section 3 ("Anbefalinger til uddannelsesinstitution"): the
 * institution sets up concrete criteria from its conduct rules and evaluates
 * them continuously; the criteria are its own (vejledningsbekendtgørelsen
 * § 36). The replay is the engine's `ungdb rules simulate`
 * (include/ungdb/simulate.h): the store's attendance, participation events
 * and notices are written
 * in the simulate input format (docs/rules.md, "Attendance files") and
 * ungdb_simulate_mem evaluates the criteria on every Sunday with
 * ungdb_criteria_eval, as the command line does. The pupil ids in those
 * buffers are internal ("p" and the person id) and never leave this file:
 * the answer holds counts only. */
#include "server_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ungdb/date.h"
#include "ungdb/simulate.h"

/* At most a year of weeks per preview: the server shares its cores. */
#define PREVIEW_MAX_WEEKS 53
/* Default: the week of `to` and the 7 before it. */
#define PREVIEW_DEFAULT_WEEKS 8
/* The buffers of one preview stop growing here (about 1.5 M pupil-days). */
#define PREVIEW_MAX_BYTES ((size_t)64 << 20)

/* A growable text buffer with a cap. */
typedef struct pv_buf {
    char *p;
    size_t n, cap;
    bool full; /* out of memory or over PREVIEW_MAX_BYTES */
} pv_buf;

static void pv_printf(pv_buf *b, const char *fmt, ...)
{
    if (b->full) return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->full = true;
            return;
        }
        if (b->p && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t c = b->cap ? b->cap * 2 : 1 << 16;
        while (c < b->n + (size_t)k + 1)
            c *= 2;
        char *m = c <= PREVIEW_MAX_BYTES ? realloc(b->p, c) : NULL;
        if (!m) {
            b->full = true;
            return;
        }
        b->p = m;
        b->cap = c;
    }
}

/* One row per pupil and day in the "per day" layout of attendance.csv: the
 * day's lesson minutes split so that each row has one kind of absence
 * (lawful, unlawful, none); rows of a pupil and day add up in the replay. */
static void on_day(void *ctx, int64_t person, const char *day, int64_t planned, int64_t lawful,
                   int64_t unlawful)
{
    pv_buf *b = ctx;
    int64_t present = planned - lawful - unlawful;
    if (lawful > 0)
        pv_printf(b, "p%lld,%s,%lld,%lld,yes\n", (long long)person, day, (long long)lawful,
                  (long long)lawful);
    if (unlawful > 0)
        pv_printf(b, "p%lld,%s,%lld,%lld,no\n", (long long)person, day, (long long)unlawful,
                  (long long)unlawful);
    if (present > 0) pv_printf(b, "p%lld,%s,%lld,0,\n", (long long)person, day, (long long)present);
}

static void on_notice(void *ctx, int64_t person, const char *day, const char *kind)
{
    pv_printf(ctx, "p%lld,%s,%s\n", (long long)person, day, kind);
}

static const char *proposal_text(bool da)
{
    return da ? "Forhåndsvisning: så mange elever ville kriterierne have peget på hver uge "
                "(evalueret om søndagen over det registrerede fremmøde, deltagelseshændelserne og "
                "de givne meddelelser). "
                "Kriterierne foreslår kun kandidater; en indberetning til Ungedatabasen hviler "
                "altid på en medarbejders konkrete vurdering (vejledningsbekendtgørelsen § 36)."
              : "Preview: how many pupils the criteria would have pointed to each week "
                "(evaluated on the Sunday over the registered attendance, the participation "
                "events and the notices given). "
                "The criteria only propose candidates; a report to the youth database always "
                "rests on a staff member's concrete assessment (vejledningsbekendtgørelsen § 36).";
}

static json_t *week_json(const ungdb_sim_week *w, const ungdb_criteria *cr)
{
    int y, k;
    ungdb_iso_week(w->monday, &y, &k);
    char name[12], mon[11], sun[11];
    snprintf(name, sizeof name, "%04d-W%02d", y, k);
    ungdb_date_format(w->monday, mon);
    ungdb_date_format(ungdb_add_days(w->monday, 6), sun);
    json_t *hits = json_object();
    for (size_t i = 0; i < cr->n; i++)
        json_object_set_new(hits, cr->items[i].name, json_integer(w->hits[i]));
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "week", name, "monday", mon,
                     "sunday", sun, "active", (json_int_t)w->active, "flagged",
                     (json_int_t)w->flagged, "new", (json_int_t)w->newly, "cumulative",
                     (json_int_t)w->cumulative, "hits", hits);
}

/* {"text": criteria file, "from"?, "to"?: dates, the weeks holding them}.
 * The text is checked by the engine's parser (422 with line and key as for
 * PUT); nothing is saved. */
void api_criteria_preview(req *r)
{
    json_t *b = http_body_object(r);
    if (!b) return;
    static const char *const keys[] = {"text", "from", "to", NULL};
    const char *text = NULL, *from_s = NULL, *to_s = NULL, *lang = query_lang(r);
    ungdb_criteria *cr = NULL;
    ungdb_sim_result *res = NULL;
    pv_buf att = {0}, notices = {0}, events = {0};
    db *d = NULL;
    ungdb_error err;
    ungdb_error_clear(&err);
    if (!lang || !in_only(r, b, "", keys) ||
        !in_str(r, b, "text", "text", true, 256 * 1024, &text) ||
        !in_date(r, b, "from", "from", false, &from_s) || !in_date(r, b, "to", "to", false, &to_s))
        goto done;
    char today[11];
    http_local_today(today);
    ungdb_date to, from;
    ungdb_date_parse(to_s ? to_s : today, 10, &to);
    if (from_s)
        ungdb_date_parse(from_s, 10, &from);
    else
        from = ungdb_add_days(to, -7 * (PREVIEW_DEFAULT_WEEKS - 1));
    if (from.day > to.day) {
        http_error(r, 422, "bad_value", "from", "from is after to");
        goto done;
    }
    int32_t monday0 = from.day - (ungdb_date_weekday(from) - 1);
    int32_t sunday1 = to.day + (7 - ungdb_date_weekday(to));
    if ((sunday1 - monday0 + 1) / 7 > PREVIEW_MAX_WEEKS) {
        http_error(r, 422, "bad_value", "to", "at most %d weeks from from", PREVIEW_MAX_WEEKS);
        goto done;
    }
    d = db_pool_get(r->s->pool);
    db_institution in;
    if (db_institution_get(d, r->param[0], &in) != UNGDB_OK) {
        http_error(r, 404, "not_found", NULL, "no institution %lld", (long long)r->param[0]);
        goto done;
    }
    if (!scope_institution(r, d, r->param[0])) {
        http_error(r, 403, "forbidden", NULL, "you do not work for this institution");
        goto done;
    }
    if (!(cr = calloc(1, sizeof *cr))) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    char name[64];
    snprintf(name, sizeof name, "institution-%lld-criteria", (long long)r->param[0]);
    if (ungdb_criteria_parse(text, strlen(text), name, cr, &err) != UNGDB_OK) {
        criteria_reject(r, &err);
        goto done;
    }
    /* The days the replay reads: the longest window back from the first
     * Sunday to the last Sunday (as ungdb_simulate; rows outside them would
     * only be counted as unused). */
    int maxwin = 1;
    for (size_t i = 0; i < cr->n; i++)
        if (cr->items[i].window_days > maxwin) maxwin = cr->items[i].window_days;
    int32_t first = monday0 + 6 - maxwin + 1 < monday0 ? monday0 + 6 - maxwin + 1 : monday0;
    char dfrom[11], dto[11];
    ungdb_date_format((ungdb_date){first}, dfrom);
    ungdb_date_format((ungdb_date){sunday1}, dto);
    pv_printf(&att, "pupil,date,lesson_minutes,absent_minutes,lawful\n");
    pv_printf(&notices, "pupil,date,kind\n");
    pv_printf(&events, "pupil,date,kind\n");
    /* events and notices have the same columns (pupil, date, kind) */
    if (db_institution_days(d, r->param[0], dfrom, dto, on_day, &att, &err) ||
        db_institution_notices(d, r->param[0], dfrom, dto, on_notice, &notices, &err) ||
        db_institution_events(d, r->param[0], dfrom, dto, on_notice, &events, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the attendance");
        goto done;
    }
    db_pool_put(r->s->pool, d);
    d = NULL;
    if (att.full || notices.full || events.full) {
        http_error(r, 413, "too_large", "to",
                   "too much attendance for one preview: choose fewer weeks");
        goto done;
    }
    ungdb_sim_input input = {.data = {att.p, events.p, notices.p},
                             .size = {att.n, events.n, notices.n},
                             .name = {"attendance", "events", "notices"}};
    ungdb_sim_opts opt = {.from = {monday0}, .to = {sunday1}, .threads = 1};
    ungdb_rc rc = ungdb_simulate_mem(cr, &input, &opt, &res, &err);
    if (rc) {
        http_error(r, 500, "internal", NULL, "the replay failed: %s", err.message);
        goto done;
    }
    bool da = !strcmp(lang, "da");
    json_t *weeks = json_array(), *notes = json_array();
    for (size_t w = 0; w < res->nweeks; w++)
        json_array_append_new(weeks, week_json(&res->weeks[w], cr));
    if (res->rejected) /* the store's rows are checked when registered; a reject is a fault here */
        json_array_append_new(
            notes, json_pack("{s:n, s:s}", "criterion", "text",
                             da ? "Nogle registreringer kunne ikke læses og er ikke talt med."
                                : "Some registrations could not be read and are not counted."));
    char rf[11], rt[11], wf[11], wt[11];
    ungdb_date_format(res->read_from, rf);
    ungdb_date_format(res->read_to, rt);
    ungdb_date_format((ungdb_date){monday0}, wf);
    ungdb_date_format((ungdb_date){sunday1}, wt);
    json_t *out = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:I, s:{s:s, s:s}, s:I, s:I, s:I, s:I, s:o, s:o, s:s}",
        "institution", (json_int_t)r->param[0], "lang", lang, "from", wf, "to", wt, "criteria",
        criteria_summary(cr), "pupils", (json_int_t)res->pupils, "days_read", "from", rf, "to", rt,
        "attendance_rows", (json_int_t)res->files[UNGDB_SIM_ATTENDANCE].rows, "notice_rows",
        (json_int_t)res->files[UNGDB_SIM_NOTICES].rows, "event_rows",
        (json_int_t)res->files[UNGDB_SIM_EVENTS].rows, "rejected", (json_int_t)res->rejected,
        "weeks", weeks, "notes", notes, "proposal", proposal_text(da));
    char object[64];
    snprintf(object, sizeof object, "institution/%lld/criteria/preview", (long long)r->param[0]);
    /* counts only: no person's data in the answer, so no subjects */
    audit_read_then_send(r, out, "criteria.preview", object, NULL);
done:
    if (d) db_pool_put(r->s->pool, d);
    ungdb_sim_result_free(res);
    free(att.p);
    free(notices.p);
    free(events.p);
    free(cr);
    json_decref(b);
}
