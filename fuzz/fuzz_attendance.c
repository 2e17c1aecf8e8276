/* libFuzzer target: the attendance directory's reader and the replay
 * (src/simulate/) on arbitrary bytes.
 *
 * Layout of an input: byte 0 picks the threads (1 + b % 4); bytes 1 and 2
 * are the lengths of events.csv and notices.csv (0 = absent), which follow;
 * the rest is attendance.csv. The replay runs with small parts (every place
 * may start a part) and once serially; both must succeed or fail alike and
 * give the same weeks, the same rejects (file, line, field, message), and
 * never a message holding the bytes of a pupil id. */
#include "ungdb/simulate.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

static const char CRIT[] =
    "min_hits = 1\n"
    "[u]\nmeasure = unlawful_absence_percent\nwindow = 5 days\nthreshold = "
    "10\nmin_planned_hours = 1\n"
    "[h]\nmeasure = absence_hours\nwindow = 2 weeks\nthreshold = 1.5\n"
    "[e]\nmeasure = events\nkind = missing_hand_in\nwindow = 9 days\n"
    "threshold = 1\n"
    "[n]\nmeasure = notices\nkind = warning\nwindow = 3 days\nthreshold = 1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ungdb_criteria cr;
    static bool loaded;
    ungdb_error err;
    if (!loaded) {
        CHECK(ungdb_criteria_parse(CRIT, sizeof CRIT - 1, "crit", &cr, &err) == UNGDB_OK);
        loaded = true;
    }
    if (size < 3) return 0;
    int threads = 1 + data[0] % 4;
    size_t ne = data[1], nn = data[2], off = 3;
    if (ne + nn > size - off) return 0;
    /* Exact-size copies, so that ASan sees any read past a file. */
    char *ev = ne ? malloc(ne) : NULL, *no = nn ? malloc(nn) : NULL;
    size_t na = size - off - ne - nn;
    char *att = malloc(na ? na : 1);
    CHECK(att && (!ne || ev) && (!nn || no));
    memcpy(ev ? ev : att, data + off, ne);
    memcpy(no ? no : att, data + off + ne, nn);
    memcpy(att, data + off + ne + nn, na);
    ungdb_sim_input in = {.data = {att, ev, no}, .size = {na, ne, nn}};
    ungdb_sim_opts o = {.from = ungdb_date_from_ymd(2025, 9, 1),
                        .to = ungdb_date_from_ymd(2025, 9, 21),
                        .threads = threads,
                        .min_part = 1};
    ungdb_sim_result *a = NULL, *b = NULL;
    ungdb_error ea, eb;
    ungdb_rc ra = ungdb_simulate_mem(&cr, &in, &o, &a, &ea);
    o.threads = 1;
    ungdb_rc rb = ungdb_simulate_mem(&cr, &in, &o, &b, &eb);
    CHECK(ra == rb);
    if (ra == UNGDB_OK) {
        CHECK(a->nweeks == 3 && b->nweeks == 3);
        CHECK(!memcmp(a->weeks, b->weeks, 3 * sizeof *a->weeks));
        CHECK(a->pupils == b->pupils && a->rejected == b->rejected);
        CHECK(a->nrejects == b->nrejects);
        for (size_t i = 0; i < a->nrejects; i++) {
            CHECK(a->rejects[i].file == b->rejects[i].file);
            CHECK(a->rejects[i].line == b->rejects[i].line);
            CHECK(a->rejects[i].line >= 1);
            CHECK(!strcmp(a->rejects[i].field, b->rejects[i].field));
            CHECK(!strcmp(a->rejects[i].message, b->rejects[i].message));
        }
        for (int f = 0; f < UNGDB_SIM_FILES; f++) {
            CHECK(a->files[f].rows == b->files[f].rows);
            CHECK(a->files[f].rejected <= a->files[f].rows);
            CHECK(a->files[f].outside + a->files[f].rejected <= a->files[f].rows);
        }
        for (size_t w = 0; w < 3; w++) {
            CHECK(a->weeks[w].newly <= a->weeks[w].flagged);
            CHECK(a->weeks[w].cumulative <= a->pupils);
            CHECK(a->weeks[w].active <= a->pupils);
        }
    } else {
        CHECK(ea.line == eb.line && !strcmp(ea.field, eb.field) && !strcmp(ea.message, eb.message));
    }
    ungdb_sim_result_free(a);
    ungdb_sim_result_free(b);
    free(att);
    free(ev);
    free(no);
    return 0;
}
