/* sim_int.h - internal interfaces of the criteria replay (src/simulate/). */
#ifndef UNGDB_SIM_INT_H
#define UNGDB_SIM_INT_H

#include "ungdb/simulate.h"
#include "ungdb/csv.h"

#define SIM_NONE UINT32_MAX
#define SIM_MAX_PUPIL_ID 64 /* bytes */
#define SIM_MAX_WEEKS 530   /* about ten years */

/* The days the replay uses, cut into segments so that every window of every
 * attendance criterion, ending on any evaluated Sunday, is a whole number of
 * segments. Every Sunday ends a segment, so a segment has at most 7 days and
 * its minutes fit 16 bits (7 x 1440 = 10080). */
typedef struct sim_span {
    int32_t first;     /* first day used */
    int32_t last;      /* last day used: the last evaluated Sunday */
    uint32_t nseg;     /* segments */
    int32_t *seg_end;  /* [nseg] the last day of each segment, ascending */
    uint32_t *day_seg; /* [last - first + 1] day -> its segment */
    size_t nweeks;
    int32_t *sunday;     /* [nweeks] the evaluated Sundays */
    uint32_t *week_seg0; /* [nweeks + 1] first segment of week w (the week's range is
                            week_seg0[w] .. week_seg0[w + 1] - 1) */
} sim_span;

/* Pupils: interned ids and their minutes per segment. */
typedef struct sim_tab {
    char *keys; /* id bytes, one after the other */
    size_t keys_n, keys_cap;
    uint32_t *key_off; /* [cap] */
    uint8_t *key_len;  /* [cap] */
    uint32_t *succ;    /* [cap] the pupil of the row that followed this one's last row */
    uint16_t **blocks; /* minutes of SIM_BLOCK pupils a block, segment-major: for each
                          segment, for each pupil of the block, planned, lawful and unlawful
                          (rows of one day for many pupils touch adjacent bytes; no slack and
                          no copying when the table grows) */
    uint64_t *slots;   /* hash table: (hash >> 32) << 32 | (id + 1); 0 = empty */
    size_t nslots;     /* a power of two */
    uint32_t nseg;
    size_t n, cap;
    uint32_t last; /* the previous row's pupil, SIM_NONE at first */
} sim_tab;

#define SIM_BLOCK 4096

/* The minutes of pupil `id` in segment `seg`: planned, lawful, unlawful. */
static inline uint16_t *sim_tab_at(const sim_tab *t, size_t id, uint32_t seg)
{
    return t->blocks[id / SIM_BLOCK] + ((size_t)seg * SIM_BLOCK + id % SIM_BLOCK) * 3;
}

void sim_tab_init(sim_tab *t, uint32_t nseg);
void sim_tab_release(sim_tab *t);
/* The id of a pupil, added when new; SIM_NONE when out of memory. `chain`
 * uses and updates the successor cache (rows in a repeating order). */
uint32_t sim_tab_get(sim_tab *t, const char *k, size_t n, bool chain);

/* The context shared by the readers of one replay. */
typedef struct sim_read {
    const ungdb_criteria *cr;
    const sim_span *span;
    const ungdb_sim_input *in;
    size_t keep; /* rejects kept per file */
    int threads;
    size_t min_part;              /* bytes of attendance per worker at least */
    bool mapped[UNGDB_SIM_FILES]; /* data[] is a file mapping: give read pages back */
} sim_read;

/* Events or notices of every pupil, grouped by pupil (CSR), each pupil's
 * sorted by date and kind. */
typedef struct sim_dated {
    uint32_t *off; /* [pupils + 1] */
    ungdb_dated_kind *items;
} sim_dated;

/* Reads the three files into `tab` (every pupil) and ev/no, filling the
 * result's file statistics and rejects. Errors: a missing attendance file, a
 * bad header, out of memory. */
ungdb_rc sim_read_all(const sim_read *rd, sim_tab *tab, sim_dated *ev, sim_dated *no,
                      ungdb_sim_result *res, ungdb_error *err);

#endif
