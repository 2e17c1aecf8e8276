/* csv_bench.c - throughput of the CSV reader (src/core/csv.c) on one file.
 *
 * Build (from the repository root, after building the engine into build-csv):
 *   cc -O2 -Iinclude bench/csv_bench.c build-csv/libungdb_engine.a \
 *      $(pkg-config --libs sqlite3 libsodium jansson) -lm -o /tmp/csv_bench
 * Run:
 *   /tmp/csv_bench FILE [ROUNDS]
 * Reads FILE ROUNDS times (default 3) with ungdb_csv_next, touching every
 * field, and prints the best round's MB/s (10^6 bytes) and records/s. The
 * first round also pays for faulting the mapping in; the best round shows
 * the parser itself when the file is in the page cache. */
#include "ungdb/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3; /* NOLINT: a bench argument */
    if (rounds < 1) rounds = 1;
    double best = 0;
    size_t bytes = 0, records = 0, fields = 0, errors = 0, sink = 0;
    for (int k = 0; k < rounds; k++) {
        ungdb_error err;
        ungdb_csv *r;
        double t0 = now();
        if (ungdb_csv_open(&r, argv[1], NULL, &err) != UNGDB_OK) {
            char buf[1200];
            fprintf(stderr, "%s\n", ungdb_error_format(&err, buf, sizeof buf));
            return 1;
        }
        ungdb_csv_record rec;
        ungdb_csv_status s;
        records = fields = errors = sink = 0;
        while ((s = ungdb_csv_next(r, &rec)) != UNGDB_CSV_END) {
            if (s != UNGDB_CSV_RECORD) errors++;
            records++;
            fields += rec.nfields;
            for (size_t i = 0; i < rec.nfields; i++) sink += rec.fields[i].n;
        }
        bytes = ungdb_csv_size(r);
        ungdb_csv_free(r);
        double dt = now() - t0;
        printf("round %d: %.3f s, %.0f MB/s, %.2f M records/s\n", k + 1, dt,
               (double)bytes / dt / 1e6, (double)records / dt / 1e6);
        if (k == 0 || dt < best) best = dt;
    }
    printf("best: %.0f MB/s, %.2f M records/s (%zu bytes, %zu records, %zu fields, %zu errors,"
           " %zu field bytes)\n",
           (double)bytes / best / 1e6, (double)records / best / 1e6, bytes, records, fields,
           errors, sink);
    return 0;
}
