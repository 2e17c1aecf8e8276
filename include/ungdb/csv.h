/* A streaming RFC 4180 CSV reader built for speed.
 *
 * The reader maps a file (or takes a buffer) and hands out one record at a
 * time as slices into it. A leading UTF-8 BOM is skipped; LF and CRLF line
 * ends are accepted; blank physical lines are skipped. Every record carries
 * the physical line number where it starts (the first line is 1). Field and
 * record lengths are capped, so hostile input cannot make it allocate without
 * bound.
 *
 * Errors are per record and the reader always goes on: after a syntax error
 * (a '"' inside an unquoted field, anything but ',' or a line end after a
 * closing quote) the record is reported and reading resumes after the
 * physical line on which the error was found; a quote still open at the end
 * of the input reports that record and ends the input. */
#ifndef UNGDB_CSV_H
#define UNGDB_CSV_H

#include "ungdb/ungdb.h"

typedef struct ungdb_slice {
    const char *p;
    size_t n;
} ungdb_slice;

typedef enum {
    UNGDB_CSV_RECORD = 0,   /* a well-formed record with valid UTF-8 */
    UNGDB_CSV_END = 1,      /* no more records */
    UNGDB_CSV_SYNTAX = 2,   /* a malformed record; fields are not available */
    UNGDB_CSV_ENCODING = 3, /* well-formed, but a field is not valid UTF-8 */
    UNGDB_CSV_TOOLONG = 4,  /* a field or the record exceeds the caps */
} ungdb_csv_status;

typedef struct ungdb_csv_record {
    long line;           /* physical line where the record starts */
    size_t nfields;      /* fields (for RECORD and ENCODING) */
    ungdb_slice *fields; /* valid until the next call on the reader */
    size_t bad_field;    /* for ENCODING/TOOLONG: 0-based field index, or SIZE_MAX */
    char message[160];   /* for errors: what is wrong, in English */
} ungdb_csv_record;

typedef struct ungdb_csv_limits {
    size_t max_field;  /* bytes in one field (after unquoting); 0: 1 MiB */
    size_t max_record; /* bytes of one record's raw text; 0: 4 MiB */
    size_t max_fields; /* fields in one record; 0: 4096 */
} ungdb_csv_limits;

typedef struct ungdb_csv ungdb_csv;

/* Opens `path` for reading (memory-mapped). `lim` may be NULL for defaults.
 * On failure returns UNGDB_EIO (detail in err) and sets *out to NULL. */
ungdb_rc ungdb_csv_open(ungdb_csv **out, const char *path, const ungdb_csv_limits *lim,
                        ungdb_error *err);

/* Reads from a caller's buffer, which must outlive the reader (not copied). */
ungdb_rc ungdb_csv_open_mem(ungdb_csv **out, const char *buf, size_t n,
                            const ungdb_csv_limits *lim);

/* The next record. The header is simply the first record. */
ungdb_csv_status ungdb_csv_next(ungdb_csv *r, ungdb_csv_record *rec);

/* Bytes consumed so far and in all (for progress reports). */
size_t ungdb_csv_offset(const ungdb_csv *r);
size_t ungdb_csv_size(const ungdb_csv *r);

/* The input being read (the mapping or buffer, BOM included) and its size:
 * fields outside it live in the reader's scratch until the next record. */
const char *ungdb_csv_input(const ungdb_csv *r, size_t *n);

/* Gives back to the kernel the mapped input before the record last
 * returned (madvise MADV_DONTNEED on whole pages, at most every 16 MiB), so
 * that reading a file of gigabytes from start to end does not keep it all
 * in the process's resident set. The fields of the last record stay valid;
 * earlier slices do not. No effect without a mapping. */
void ungdb_csv_drop_consumed(ungdb_csv *r);

void ungdb_csv_free(ungdb_csv *r);

/* Index of the first field of `header` equal to `name` (exact bytes), or -1. */
int ungdb_csv_column(const ungdb_csv_record *header, const char *name);

/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool ungdb_utf8_valid(const char *s, size_t n);

#endif
