/* A generator of realistic synthetic deliveries in the register spec's format. */
#ifndef UNGDB_GEN_H
#define UNGDB_GEN_H

#include "ungdb/date.h"

typedef struct ungdb_gen_opts {
    const char *out_dir;        /* a directory of deliveries is written here */
    int institutions;           /* K */
    int pupils_per_institution; /* P */
    int weeks;                  /* W: one delivery per week */
    uint64_t seed;              /* same seed, same bytes */
    double error_rate;          /* share of rows with an injected error, 0..1 */
    ungdb_date first_extracted; /* day number 0 means the default (a Monday in June 2025) */
    void (*progress)(void *ctx, int week, int weeks);
    void *progress_ctx;
} ungdb_gen_opts;

ungdb_rc ungdb_gen(const ungdb_gen_opts *opts, ungdb_error *err);

#endif
