/* libFuzzer target: the rules engine's case parser on arbitrary bytes.
 * Whatever parses must dump to JSON that parses again to the same dump, and
 * every rule must evaluate it without a crash, with an explanation in both
 * languages for every finding. */
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
    ungdb_case *c = NULL;
    ungdb_error err;
    ungdb_rc rc = ungdb_case_parse((const char *)data, size, "fuzz", &c, &err);
    if (rc != UNGDB_OK) {
        CHECK(rc == UNGDB_EINPUT || rc == UNGDB_ENOMEM);
        CHECK(c == NULL);
        CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        return 0;
    }
    char *dump = ungdb_case_dump(c);
    CHECK(dump);
    ungdb_case *c2 = NULL;
    CHECK(ungdb_case_parse(dump, strlen(dump), "dump", &c2, &err) == UNGDB_OK);
    char *dump2 = ungdb_case_dump(c2);
    CHECK(dump2 && strcmp(dump, dump2) == 0);
    free(dump2);
    ungdb_case_free(c2);
    free(dump);

    /* Evaluate on a date near the case's facts and on a fixed one. */
    ungdb_date dates[2] = {ungdb_date_from_ymd(2025, 6, 30), c->person.birth};
    dates[1] = ungdb_add_days(dates[1], 16 * 365);
    for (int k = 0; k < 2; k++) {
        int y, m, d;
        ungdb_date_to_ymd(dates[k], &y, &m, &d);
        if (y < UNGDB_CAL_MIN_YEAR || y > UNGDB_CAL_MAX_YEAR) continue;
        ungdb_findings *fl = ungdb_findings_new();
        CHECK(fl);
        CHECK(ungdb_rules_eval(c, dates[k], NULL, NULL, fl) == UNGDB_OK);
        CHECK(ungdb_findings_count(fl) >= ungdb_rules_count());
        for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
            const ungdb_finding *f = ungdb_findings_get(fl, i);
            CHECK(f->text_da[0] && f->text_en[0]);
            if (f->status == UNGDB_FINDING_DUE || f->status == UNGDB_FINDING_OVERDUE)
                CHECK(ungdb_date_is_set(f->due));
        }
        char *js = ungdb_findings_json(fl, c, dates[k]);
        CHECK(js);
        free(js);
        ungdb_findings_free(fl);
    }
    ungdb_case_free(c);
    return 0;
}
