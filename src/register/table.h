/* table.h - writing one output table: rows are formatted as CSV text into a
 * buffer, sorted in byte order of their text (register spec § 8) and written
 * behind the header with LF line ends and RFC 4180 quoting only where needed.
 * A table larger than its chunk is sorted chunk by chunk into temporary runs
 * that are merged when it is written, so memory stays bounded. */
#ifndef UNGDB_REGISTER_TABLE_H
#define UNGDB_REGISTER_TABLE_H

#include "store.h"

#define TABLE_MAX_RUNS 256

typedef struct table {
    vec text; /* char: the rows back to back, without line ends */
    vec rows; /* table_row */
    size_t row_start;
    bool first_field;
    bool oom, io_error;
    size_t chunk_bytes;         /* text held before a run is spilled (default 256 MiB) */
    FILE *runs[TABLE_MAX_RUNS]; /* sorted runs: records of a uint32 length and the bytes */
    int nruns;
} table;

typedef struct table_row {
    uint64_t prefix; /* the first 8 bytes, big-endian, zero-padded */
    uint64_t off;
    uint64_t len;
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

#endif
