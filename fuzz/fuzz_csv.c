/* libFuzzer target: the CSV reader (src/core/csv.c) on arbitrary bytes.
 *
 * The first byte picks small caps (so that every cap is hit often); the rest
 * is the CSV text, read twice: with those caps and with the defaults. Every
 * record is checked against invariants (lines strictly rising, at most
 * max_fields fields, each field inside the input or, when unquoted from
 * doubled quotes, holding a '"'; UTF-8 status agreeing with the fields; the
 * offset rising to the size) and against a byte-at-a-time reference reader
 * written straight from the rules in csv.c's header comment. */
#include "ungdb/csv.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

/* ------------------------------------------------ the reference reader */

typedef struct {
    const unsigned char *b;
    size_t n, pos;
    long line;
    size_t mf, mr, mn;
    /* the last record */
    long rline;
    size_t nf, bad;
    size_t *off, *len; /* fields in store */
    char *store;
} ref;

static size_t nl_count(const unsigned char *b, size_t from, size_t to)
{
    size_t k = 0;
    for (size_t i = from; i < to; i++)
        k += b[i] == '\n';
    return k;
}

static ungdb_csv_status ref_fail(ref *R, size_t start, size_t at, ungdb_csv_status st, size_t bad)
{
    size_t i = at;
    while (i < R->n && R->b[i] != '\n')
        i++;
    size_t resume = i < R->n ? i + 1 : R->n;
    R->line = R->rline + (long)nl_count(R->b, start, resume);
    R->pos = resume;
    R->nf = 0;
    R->bad = bad;
    return st;
}

static ungdb_csv_status ref_next(ref *R)
{
    const unsigned char *b = R->b;
    size_t n = R->n, i = R->pos;
    for (;;) {
        if (i >= n) {
            R->pos = n;
            return UNGDB_CSV_END;
        }
        if (b[i] == '\n')
            i++;
        else if (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n')
            i += 2;
        else
            break;
        R->line++;
    }
    size_t start = i, sk = 0;
    R->rline = R->line;
    R->nf = 0;
    R->bad = SIZE_MAX;
    long inner = 0;
    for (;;) { /* i: first byte of field R->nf */
        size_t f0 = sk;
        size_t after; /* first byte after the field's text */
        if (i < n && b[i] == '"') {
            if (i - start >= R->mr)
                return ref_fail(R, start, start + R->mr, UNGDB_CSV_TOOLONG, SIZE_MAX);
            size_t j = i + 1;
            for (;;) {
                if (j >= n) return ref_fail(R, start, n, UNGDB_CSV_SYNTAX, SIZE_MAX);
                if (b[j] == '"' && !(j + 1 < n && b[j + 1] == '"')) break;
                if (sk - f0 + 1 > R->mf) return ref_fail(R, start, j, UNGDB_CSV_TOOLONG, R->nf);
                if (j - start >= R->mr)
                    return ref_fail(R, start, start + R->mr, UNGDB_CSV_TOOLONG, SIZE_MAX);
                inner += b[j] == '\n';
                R->store[sk++] = (char)b[j];
                if (b[j] == '"') {
                    j++;
                    if (j - start >= R->mr)
                        return ref_fail(R, start, start + R->mr, UNGDB_CSV_TOOLONG, SIZE_MAX);
                }
                j++;
            }
            if (j - start >= R->mr)
                return ref_fail(R, start, start + R->mr, UNGDB_CSV_TOOLONG, SIZE_MAX);
            after = j + 1;
            if (after < n && b[after] != ',' && b[after] != '\n' &&
                !(b[after] == '\r' && after + 1 < n && b[after + 1] == '\n'))
                return ref_fail(R, start, after, UNGDB_CSV_SYNTAX, SIZE_MAX);
        } else {
            size_t j = i;
            for (;;) {
                if (j >= n || b[j] == ',' || b[j] == '\n') break;
                if (b[j] == '\r' && j + 1 < n && b[j + 1] == '\n') break;
                if (b[j] == '"') return ref_fail(R, start, j, UNGDB_CSV_SYNTAX, SIZE_MAX);
                if (sk - f0 + 1 > R->mf) return ref_fail(R, start, j, UNGDB_CSV_TOOLONG, R->nf);
                if (j - start >= R->mr)
                    return ref_fail(R, start, start + R->mr, UNGDB_CSV_TOOLONG, SIZE_MAX);
                R->store[sk++] = (char)b[j];
                j++;
            }
            after = j;
        }
        R->off[R->nf] = f0;
        R->len[R->nf] = sk - f0;
        R->nf++;
        if (after >= n) {
            R->pos = n;
            R->line += inner;
            break;
        }
        if (b[after] == ',') {
            if (R->nf == R->mn) return ref_fail(R, start, after, UNGDB_CSV_TOOLONG, R->nf);
            if (after - start >= R->mr)
                return ref_fail(R, start, start + R->mr, UNGDB_CSV_TOOLONG, SIZE_MAX);
            i = after + 1;
            continue;
        }
        R->pos = after + (b[after] == '\n' ? 1 : 2);
        R->line += inner + 1;
        break;
    }
    for (size_t k = 0; k < R->nf; k++)
        if (!ungdb_utf8_valid(R->store + R->off[k], R->len[k])) {
            R->bad = k;
            return UNGDB_CSV_ENCODING;
        }
    return UNGDB_CSV_RECORD;
}

/* ------------------------------------------------------------ the run */

static void run(const char *s, size_t n, const ungdb_csv_limits *lim)
{
    ungdb_csv *r;
    CHECK(ungdb_csv_open_mem(&r, s, n, lim) == UNGDB_OK);
    CHECK(ungdb_csv_size(r) == n);
    size_t mf = lim->max_field ? lim->max_field : (size_t)1 << 20;
    size_t mr = lim->max_record ? lim->max_record : (size_t)4 << 20;
    size_t mn = lim->max_fields ? lim->max_fields : 4096;
    ref R = {.b = (const unsigned char *)s, .n = n, .line = 1, .mf = mf, .mr = mr, .mn = mn};
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) R.pos = 3;
    R.off = malloc((n + 2) * sizeof *R.off);
    R.len = malloc((n + 2) * sizeof *R.len);
    R.store = malloc(n + 1);
    CHECK(R.off && R.len && R.store);

    long prev_line = 0;
    size_t prev_off = ungdb_csv_offset(r);
    for (;;) {
        ungdb_csv_record rec;
        ungdb_csv_status st = ungdb_csv_next(r, &rec);
        ungdb_csv_status want = ref_next(&R);
        CHECK(st == want);
        CHECK(ungdb_csv_offset(r) == R.pos);
        CHECK(ungdb_csv_offset(r) >= prev_off && ungdb_csv_offset(r) <= n);
        prev_off = ungdb_csv_offset(r);
        if (st == UNGDB_CSV_END) break;
        CHECK(rec.line == R.rline);
        CHECK(rec.line > prev_line);
        prev_line = rec.line;
        CHECK(rec.bad_field == R.bad);
        CHECK(rec.nfields == R.nf);
        CHECK(rec.nfields <= mn);
        CHECK(strlen(rec.message) < sizeof rec.message);
        CHECK((st == UNGDB_CSV_RECORD) == (rec.message[0] == '\0'));
        if (st == UNGDB_CSV_SYNTAX || st == UNGDB_CSV_TOOLONG) CHECK(rec.nfields == 0);
        for (size_t i = 0; i < rec.nfields; i++) {
            const ungdb_slice *f = &rec.fields[i];
            CHECK(f->n <= mf);
            CHECK(f->n == R.len[i]);
            CHECK(memcmp(f->p, R.store + R.off[i], f->n) == 0);
            bool inside = f->p >= s && f->p + f->n <= s + n;
            /* Only fields unquoted from doubled quotes live in the scratch. */
            CHECK(inside == (memchr(f->p, '"', f->n) == NULL));
        }
        if (st == UNGDB_CSV_ENCODING) {
            CHECK(rec.bad_field < rec.nfields);
            CHECK(!ungdb_utf8_valid(rec.fields[rec.bad_field].p, rec.fields[rec.bad_field].n));
        }
    }
    CHECK(ungdb_csv_offset(r) == n);
    ungdb_csv_record rec;
    CHECK(ungdb_csv_next(r, &rec) == UNGDB_CSV_END);
    free(R.store);
    free(R.len);
    free(R.off);
    ungdb_csv_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned c = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    /* Copy into an exact-size buffer so that ASan sees any read past it. */
    char *copy = malloc(n ? n : 1);
    CHECK(copy);
    memcpy(copy, s, n);
    ungdb_csv_limits small = {.max_field = 1 + (c & 7),
                              .max_record = 4 + ((c >> 3) & 15) * 3,
                              .max_fields = 1 + (c >> 7) * 3};
    run(copy, n, &small);
    ungdb_csv_limits defaults = {0};
    run(copy, n, &defaults);
    free(copy);
    return 0;
}
