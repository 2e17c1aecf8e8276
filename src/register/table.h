/* table.h - writing one output table: rows are formatted as CSV text into a
 * buffer, sorted in byte order of their text (register spec § 8) and written
 * behind the header with LF line ends and RFC 4180 quoting only where needed.
 *
 * Memory is bounded by a budget of text per table (chunk_bytes). A table
 * written through table_build() that fits its budget is formatted, sorted
 * and written once. One that does not is written in batches: the rows'
 * first two bytes (the partition) are recorded, consecutive partitions are
 * grouped into batches that fit the budget, and the rows are produced again
 * once per batch, only the batch's rows being formatted; each batch is sorted
 * and appended, so every byte is written once. Rows sorted by their first
 * two bytes and then within a batch are in byte order overall. Only when a
 * single partition exceeds the budget are its rows spilled to sorted
 * temporary runs and merged (table_write() does this for any table). */
#ifndef UNGDB_REGISTER_TABLE_H
#define UNGDB_REGISTER_TABLE_H

#include "store.h"

#define TABLE_MAX_RUNS 256
#define TABLE_NPART 65536

typedef struct table {
    vec text; /* char: the rows back to back, without line ends */
    vec rows; /* table_row */
    size_t row_start;
    bool first_field;
    bool oom, io_error;
    size_t chunk_bytes;         /* text held before a batch or run is cut (default 256 MiB) */
    FILE *runs[TABLE_MAX_RUNS]; /* sorted runs: records of a uint32 length and the bytes */
    int nruns;
    /* table_build() only */
    int mode;        /* T_COLLECT, T_COUNT or T_FILTER (table.c) */
    int pass;        /* 0 while the rows are produced the first time */
    uint64_t nrow;   /* rows ended in this pass */
    vec part;        /* uint16_t per row: its partition, recorded in pass 0 */
    uint64_t *bytes; /* TABLE_NPART: text bytes per partition */
    uint32_t lo, hi; /* T_FILTER: the batch's partitions, lo..hi */
    bool skip;       /* T_FILTER: the current row is not in the batch */
    /* table_item() */
    uint64_t nitem; /* items begun in this pass */
    vec item_rows;  /* uint64_t: bit per item, set when it gave a row in pass 0 */
    bool item_open; /* pass 0: an item is begun */
} table;

typedef struct table_row {
    uint64_t prefix; /* 8 bytes from `depth` on (table.c), big-endian, zero-padded */
    uint32_t off;    /* in text; a batch or run holds less than 4 GiB */
    uint32_t len;
} table_row;

void table_init(table *t);
void table_release(table *t);
void table_str(table *t, const char *s, size_t n); /* quoted when needed */
void table_cstr(table *t, const char *s);
void table_int(table *t, int64_t v);
void table_date(table *t, int32_t day); /* INT32_MAX: empty (open) */
void table_datetime(table *t, int32_t minute);
void table_inst(table *t, int32_t code); /* 6 digits */
void table_end_row(table *t);
/* Sorts and writes `header` plus the rows to path (via a temporary file and
 * rename). Returns UNGDB_OK, UNGDB_ENOMEM or UNGDB_EIO. */
ungdb_rc table_write(table *t, const char *path, const char *header);

/* Produces every row of a table into t, the same rows in the same order on
 * every call; sets t->oom on failure. table_pass(t) is 0 on the first call
 * only (for counting something once). */
typedef void (*table_fill_fn)(void *ctx, table *t);
static inline int table_pass(const table *t)
{
    return t->pass;
}
/* For a fill whose source items (lessons, relation rows) give at most one
 * row each: called before each item's checks. False when the item is to be
 * skipped: it gave no row in the first pass, or its row is in another batch
 * (the row is then counted, not formatted). So the checks that decide
 * whether an item gives a row run once, not once per batch. */
bool table_item(table *t);

/* Writes the table that `fill` produces to path, within t's budget (see
 * above); *rows gets the number of data rows. t is initialised by the
 * caller (table_init, chunk_bytes) and released here. */
ungdb_rc table_build(table *t, const char *path, const char *header, table_fill_fn fill, void *ctx,
                     uint64_t *rows);

#endif
