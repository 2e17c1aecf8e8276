/* libFuzzer target: the dropout-risk criteria file parser on arbitrary
 * bytes. Whatever parses must hold valid criteria, and evaluating them on a
 * small series must stay within its bounds. */
#include "ungdb/rules.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ungdb_criteria cr;
    ungdb_error err;
    ungdb_rc rc = ungdb_criteria_parse((const char *)data, size, "fuzz", &cr, &err);
    if (rc != UNGDB_OK) {
        CHECK(rc == UNGDB_EINPUT);
        CHECK(err.line >= 0);
        return 0;
    }
    CHECK(cr.n >= 1 && cr.n <= UNGDB_CRITERIA_MAX);
    CHECK(cr.min_hits >= 1 && (size_t)cr.min_hits <= cr.n);
    for (size_t i = 0; i < cr.n; i++) {
        const ungdb_criterion *c = &cr.items[i];
        CHECK(c->measure >= UNGDB_MEASURE_ABSENCE_PERCENT && c->measure <= UNGDB_MEASURE_NOTICES);
        CHECK(c->window_days >= 1 && c->window_days <= 3650);
        CHECK(c->threshold_milli > 0);
        CHECK(c->name[0] && c->label[0]);
        if (c->measure == UNGDB_MEASURE_EVENTS) CHECK(c->kind >= 1 && c->kind < UNGDB_EVENT_KINDS);
        if (c->measure == UNGDB_MEASURE_NOTICES)
            CHECK(c->kind >= 1 && c->kind < UNGDB_NOTICE_KINDS);
    }
    ungdb_attendance_day days[3] = {{ungdb_date_from_ymd(2025, 9, 1), 300, 30, 60},
                                    {ungdb_date_from_ymd(2025, 9, 2), 300, 0, 300},
                                    {ungdb_date_from_ymd(2025, 9, 8), 300, 0, 0}};
    ungdb_attendance_accumulate(days, 3);
    ungdb_dated_kind ev[1] = {{ungdb_date_from_ymd(2025, 9, 2), UNGDB_EVENT_MISSING_HAND_IN}};
    ungdb_dated_kind no[1] = {{ungdb_date_from_ymd(2025, 9, 3), UNGDB_NOTICE_WARNING}};
    ungdb_pupil_series s = {days, 3, ev, 1, no, 1};
    ungdb_criterion_hit hits[4];
    size_t n = ungdb_criteria_eval(&cr, &s, ungdb_date_from_ymd(2025, 9, 8), hits, 4);
    CHECK(n <= cr.n);
    for (size_t i = 0; i < n && i < 4; i++) {
        CHECK(hits[i].criterion < cr.n);
        CHECK(hits[i].value_milli >= 0);
        if (i) CHECK(hits[i].criterion > hits[i - 1].criterion);
    }
    return 0;
}
