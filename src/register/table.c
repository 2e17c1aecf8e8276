/* table.c - formatting, sorting and writing output tables (see table.h). */
#include "table.h"

#include "ungdb/date.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    T_PLAIN,   /* table_write(): every row kept, spilled to runs past the budget */
    T_COLLECT, /* table_build() pass 0 while the rows fit the budget */
    T_COUNT,   /* pass 0 after that: rows only counted per partition */
    T_FILTER,  /* later passes: only the batch's rows are formatted and kept */
};

void table_init(table *t)
{
    memset(t, 0, sizeof *t);
    vec_init(&t->text, 1);
    vec_init(&t->rows, sizeof(table_row));
    vec_init(&t->part, sizeof(uint16_t));
    vec_init(&t->item_rows, sizeof(uint64_t));
    t->first_field = true;
    t->chunk_bytes = (size_t)256 << 20;
    /* A knob for tests and small machines: the budget in bytes. */
    const char *env = getenv("UNGDB_TABLE_CHUNK");
    if (env && strtoull(env, NULL, 10) > 0) t->chunk_bytes = (size_t)strtoull(env, NULL, 10);
}

void table_release(table *t)
{
    vec_release(&t->text);
    vec_release(&t->rows);
    vec_release(&t->part);
    vec_release(&t->item_rows);
    free(t->bytes);
    t->bytes = NULL;
    for (int i = 0; i < t->nruns; i++)
        fclose(t->runs[i]);
    t->nruns = 0;
}

static void sort_rows(table *t);
static void spill(table *t, bool last);

static void put(table *t, const char *s, size_t n)
{
    if (t->text.n + n + 1 > t->text.cap && (t->oom || !vec_reserve(&t->text, t->text.n + n + 1))) {
        t->oom = true;
        return;
    }
    memcpy(t->text.data + t->text.n, s, n);
    t->text.n += n;
}

/* The first field of a row: in T_FILTER, decides whether it is formatted. */
static void begin_row(table *t)
{
    if (t->mode == T_FILTER) {
        uint16_t p = t->nrow < t->part.n ? VEC_AT(&t->part, uint16_t, t->nrow) : 0;
        t->skip = p < t->lo || p > t->hi;
    }
}

/* Before each field: the separator. True when the row is not formatted. */
static bool sep(table *t)
{
    if (t->first_field) {
        t->first_field = false;
        begin_row(t);
        return t->skip;
    }
    if (t->skip) return true;
    if (t->text.n + 1 > t->text.cap) {
        put(t, ",", 1);
        return false;
    }
    t->text.data[t->text.n++] = ',';
    return false;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Nonzero when some byte of w is b (exact in the lowest such byte; enough
 * to tell whether there is one). */
static inline uint64_t has_byte(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (ONES * b);
    return (x - ONES) & ~x & HIGHS;
}

/* Does a value need quotes: does it hold ',' '"' LF or CR? */
static bool needs_quotes(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (has_byte(w, ',') | has_byte(w, '"') | has_byte(w, '\n') | has_byte(w, '\r'))
            return true;
    }
    for (; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return true;
    return false;
}

void table_str(table *t, const char *s, size_t n)
{
    if (sep(t)) return;
    if (!needs_quotes(s, n)) {
        put(t, s, n);
        return;
    }
    put(t, "\"", 1);
    size_t from = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"') {
            put(t, s + from, i + 1 - from);
            put(t, "\"", 1);
            from = i + 1;
        }
    put(t, s + from, n - from);
    put(t, "\"", 1);
}

void table_cstr(table *t, const char *s)
{
    table_str(t, s, strlen(s));
}

void table_int(table *t, int64_t v)
{
    if (sep(t)) return;
    char buf[24];
    size_t i = sizeof buf;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) buf[--i] = '-';
    put(t, buf + i, sizeof buf - i);
}

void table_date(table *t, int32_t day)
{
    if (sep(t) || day == INT32_MAX) return;
    char buf[12];
    put(t, buf, ungdb_date_format((ungdb_date){day}, buf));
}

void table_datetime(table *t, int32_t minute)
{
    if (sep(t)) return;
    char buf[20];
    put(t, buf, ungdb_datetime_format((ungdb_datetime){minute}, buf));
}

void table_inst(table *t, int32_t code)
{
    if (sep(t)) return;
    char buf[6];
    uint32_t u = code < 0 ? 0 : (uint32_t)code; /* codes are 6 digits (checked on input) */
    for (int i = 5; i >= 0; i--) {
        buf[i] = (char)('0' + u % 10);
        u /= 10;
    }
    put(t, buf, 6);
}

/* The first 8 bytes of s[0..n), big-endian, zero-padded. */
static inline uint64_t prefix8(const unsigned char *s, size_t n)
{
    uint64_t p = 0;
    if (n >= 8) {
        for (size_t i = 0; i < 8; i++)
            p = (p << 8) | s[i];
        return p;
    }
    for (size_t i = 0; i < 8; i++)
        p = (p << 8) | (i < n ? s[i] : 0);
    return p;
}

/* The rows kept so far become counts per partition (pass 0 past the budget). */
static void start_counting(table *t)
{
    t->bytes = calloc(TABLE_NPART, sizeof *t->bytes);
    if (!t->bytes || !vec_reserve(&t->part, t->rows.n + 1)) {
        t->oom = true;
        return;
    }
    const table_row *rows = (const table_row *)t->rows.data;
    for (size_t i = 0; i < t->rows.n; i++) {
        uint16_t p = (uint16_t)(rows[i].prefix >> 48);
        *(uint16_t *)vec_push(&t->part) = p;
        t->bytes[p] += rows[i].len + 1;
    }
    t->text.n = t->rows.n = t->row_start = 0;
    t->mode = T_COUNT;
}

bool table_item(table *t)
{
    uint64_t i = t->nitem++;
    if (t->pass == 0) {
        if ((i >> 6) >= t->item_rows.n) {
            uint64_t *w = t->oom ? NULL : vec_push(&t->item_rows);
            if (!w) {
                t->oom = true;
                return false;
            }
        }
        t->item_open = true;
        return true;
    }
    if (!(VEC_AT(&t->item_rows, uint64_t, i >> 6) >> (i & 63) & 1)) return false;
    if (t->mode != T_FILTER) return true;
    uint16_t p = t->nrow < t->part.n ? VEC_AT(&t->part, uint16_t, t->nrow) : 0;
    if (p < t->lo || p > t->hi) {
        t->nrow++; /* the item's row, in another batch */
        return false;
    }
    return true;
}

void table_end_row(table *t)
{
    if (t->pass == 0 && t->item_open) { /* the item gave this row */
        uint64_t i = t->nitem - 1;
        VEC_AT(&t->item_rows, uint64_t, i >> 6) |= (uint64_t)1 << (i & 63);
        t->item_open = false;
    }
    if (t->first_field) begin_row(t); /* a row without fields */
    t->first_field = true;
    t->nrow++;
    if (t->skip) {
        t->skip = false;
        return;
    }
    size_t len = t->text.n - t->row_start;
    const unsigned char *s = (const unsigned char *)t->text.data + t->row_start;
    if (t->mode == T_COUNT) {
        uint16_t p = (uint16_t)(prefix8(s, len) >> 48);
        uint16_t *pp = t->oom ? NULL : vec_push(&t->part);
        if (!pp) {
            t->oom = true;
            return;
        }
        *pp = p;
        t->bytes[p] += len + 1;
        t->text.n = t->row_start;
        return;
    }
    table_row *r = t->oom ? NULL : vec_push(&t->rows);
    if (!r) {
        t->oom = true;
        return;
    }
    r->off = (uint32_t)t->row_start;
    r->len = (uint32_t)len;
    r->prefix = prefix8(s, len);
    t->row_start = t->text.n;
    if (t->mode == T_COLLECT && t->text.n >= t->chunk_bytes)
        start_counting(t);
    else if ((t->mode == T_PLAIN && t->text.n >= t->chunk_bytes) ||
             (t->mode == T_FILTER && t->text.n > t->chunk_bytes) || t->text.n >= UINT32_MAX / 2)
        spill(t, false);
}

/* Byte `depth` of a row, plus one; 0 when the row is shorter. The row's
 * prefix holds the bytes from `base` on, and depth < base + 8. */
static inline unsigned row_byte(const table_row *r, size_t depth, size_t base)
{
    if (depth >= r->len) return 0;
    return (unsigned)((r->prefix >> (56 - 8 * (depth - base))) & 0xff) + 1;
}

static int row_cmp_from(const char *text, const table_row *x, const table_row *y, size_t depth,
                        size_t base)
{
    if (depth < base + 8) {
        if (x->prefix != y->prefix) return x->prefix < y->prefix ? -1 : 1;
        depth = base + 8;
    }
    size_t n = x->len < y->len ? x->len : y->len;
    if (depth < n) {
        int c = memcmp(text + x->off + depth, text + y->off + depth, n - depth);
        if (c) return c;
    }
    return (x->len > y->len) - (x->len < y->len);
}

/* MSD radix sort on the bytes of the rows, read from the cached prefix,
 * which is reloaded from the text every 8 bytes of depth; a level where all
 * rows share the byte costs one counting pass; small buckets by insertion
 * sort. Byte order of the whole text, a shorter row before a longer one
 * that it begins. All rows of a call share their first `depth` bytes. */
static void radix_sort(const char *text, table_row *a, table_row *tmp, size_t n, size_t depth,
                       size_t base)
{
    while (n > 48) {
        if (depth == base + 8) {
            for (size_t i = 0; i < n; i++)
                a[i].prefix =
                    depth < a[i].len
                        ? prefix8((const unsigned char *)text + a[i].off + depth, a[i].len - depth)
                        : 0;
            base = depth;
        }
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[row_byte(&a[i], depth, base)]++;
        if (count[0] == n) return; /* all ended: equal */
        unsigned only = row_byte(&a[0], depth, base);
        if (count[only] == n) { /* one bucket: nothing to move */
            depth++;
            continue;
        }
        size_t pos[257], sum = 0;
        for (int b = 0; b < 257; b++) {
            pos[b] = sum;
            sum += count[b];
        }
        for (size_t i = 0; i < n; i++)
            tmp[pos[row_byte(&a[i], depth, base)]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
        /* Bucket 0 holds rows that ended: all equal. Recurse on the others,
         * looping on the largest to bound the stack. */
        size_t start = count[0], big = 0, big_start = 0;
        for (int b = 1; b < 257; b++) {
            if (count[b] > big) {
                if (big) radix_sort(text, a + big_start, tmp, big, depth + 1, base);
                big = count[b];
                big_start = start;
            } else if (count[b] > 1) {
                radix_sort(text, a + start, tmp, count[b], depth + 1, base);
            }
            start += count[b];
        }
        a += big_start;
        n = big;
        depth++;
    }
    for (size_t i = 1; i < n; i++) {
        table_row r = a[i];
        size_t j = i;
        while (j > 0 && row_cmp_from(text, &r, &a[j - 1], depth, base) < 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = r;
    }
}

static void sort_rows(table *t)
{
    if (t->rows.n < 2) return;
    table_row *tmp = malloc(t->rows.n * sizeof *tmp);
    if (!tmp) {
        t->oom = true;
        return;
    }
    radix_sort(t->text.data, (table_row *)t->rows.data, tmp, t->rows.n, 0, 0);
    free(tmp);
}

/* Sorts the rows held and writes them as a run to a temporary file. The
 * last slot is kept for the final run that table_write spills. */
static void spill(table *t, bool last)
{
    if (t->oom || t->io_error) return;
    if (!last && t->nruns >= TABLE_MAX_RUNS - 1) { /* past this the chunks just grow */
        t->chunk_bytes *= 2;
        return;
    }
    sort_rows(t);
    FILE *f = tmpfile();
    if (!f) {
        t->io_error = true;
        return;
    }
    const table_row *rows = (const table_row *)t->rows.data;
    for (size_t i = 0; i < t->rows.n; i++) {
        uint32_t len = rows[i].len;
        fwrite(&len, sizeof len, 1, f);
        if (len) fwrite(t->text.data + rows[i].off, 1, len, f);
    }
    if (fflush(f) != 0 || ferror(f)) t->io_error = true;
    rewind(f);
    t->runs[t->nruns++] = f;
    t->text.n = t->rows.n = t->row_start = 0;
}

/* ---- the output file ---- */

typedef struct outbuf {
    int fd;
    char *buf;
    size_t n, cap;
    bool error;
} outbuf;

static void out_flush(outbuf *o)
{
    size_t done = 0;
    while (!o->error && done < o->n) {
        ssize_t w = write(o->fd, o->buf + done, o->n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0)
            o->error = true;
        else
            done += (size_t)w;
    }
    o->n = 0;
}

/* Appends s[0..n) and a line end. */
static void out_line(outbuf *o, const char *s, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        out_flush(o);
        if (n + 1 > o->cap) { /* longer than the buffer: straight through */
            o->n = n;
            char *keep = o->buf;
            o->buf = (char *)s;
            out_flush(o);
            o->buf = keep;
            n = 0;
            s = "";
        }
    }
    if (n) memcpy(o->buf + o->n, s, n);
    o->buf[o->n + n] = '\n';
    o->n += n + 1;
}

/* One run being merged: its current record. */
typedef struct run_cursor {
    FILE *f;
    char *buf;
    size_t cap;
    uint32_t len;
} run_cursor;

static bool run_next(run_cursor *c)
{
    if (fread(&c->len, sizeof c->len, 1, c->f) != 1) return false;
    if (c->len > c->cap) {
        char *nb = realloc(c->buf, c->len);
        if (!nb) return false;
        c->buf = nb;
        c->cap = c->len;
    }
    return c->len == 0 || fread(c->buf, 1, c->len, c->f) == c->len;
}

static bool run_less(const run_cursor *a, const run_cursor *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->buf, b->buf, n) : 0;
    return c < 0 || (c == 0 && a->len < b->len);
}

/* Merges the runs into out with a binary heap of cursors, and closes them. */
static bool merge_runs(table *t, outbuf *out)
{
    int n = t->nruns, k = 0;
    run_cursor *cur = calloc((size_t)n, sizeof *cur);
    int *heap = malloc((size_t)n * sizeof *heap);
    bool ok = cur && heap;
    for (int i = 0; ok && i < n; i++) {
        cur[i].f = t->runs[i];
        if (!run_next(&cur[i])) continue; /* an empty run */
        int j = k++;
        for (; j > 0 && run_less(&cur[i], &cur[heap[(j - 1) / 2]]); j = (j - 1) / 2)
            heap[j] = heap[(j - 1) / 2];
        heap[j] = i;
    }
    while (ok && k > 0) {
        run_cursor *top = &cur[heap[0]];
        out_line(out, top->buf, top->len);
        int moved = heap[0];
        if (!run_next(top)) moved = heap[--k];
        /* sift `moved` down from the root */
        int j = 0;
        for (;;) {
            int l = 2 * j + 1, m = j;
            const run_cursor *best = &cur[moved];
            if (l < k && run_less(&cur[heap[l]], best)) m = l, best = &cur[heap[l]];
            if (l + 1 < k && run_less(&cur[heap[l + 1]], best)) m = l + 1;
            if (m == j) break;
            heap[j] = heap[m];
            j = m;
        }
        if (k > 0) heap[j] = moved;
    }
    for (int i = 0; cur && i < n; i++)
        free(cur[i].buf);
    free(cur);
    free(heap);
    for (int i = 0; i < t->nruns; i++)
        fclose(t->runs[i]);
    t->nruns = 0;
    return ok;
}

/* Sorts what t holds (rows, or runs and rows) and appends it to out. */
static bool write_held(table *t, outbuf *out)
{
    if (t->nruns) {
        if (t->rows.n) spill(t, true);
        if (t->oom || t->io_error) return false;
        return merge_runs(t, out);
    }
    sort_rows(t);
    if (t->oom) return false;
    const table_row *rows = (const table_row *)t->rows.data;
    for (size_t i = 0; i < t->rows.n; i++)
        out_line(out, t->text.data + rows[i].off, rows[i].len);
    return true;
}

static ungdb_rc out_open(outbuf *o, char *tmp, size_t size, const char *path, const char *header)
{
    snprintf(tmp, size, "%s.tmp", path);
    memset(o, 0, sizeof *o);
    o->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (o->fd < 0) return UNGDB_EIO;
    o->cap = (size_t)1 << 20;
    o->buf = malloc(o->cap);
    if (!o->buf) {
        close(o->fd);
        remove(tmp);
        return UNGDB_ENOMEM;
    }
    out_line(o, header, strlen(header));
    return UNGDB_OK;
}

static ungdb_rc out_close(outbuf *o, const char *tmp, const char *path, ungdb_rc rc)
{
    if (!rc) out_flush(o);
    if (!rc && o->error) rc = UNGDB_EIO;
    if (close(o->fd) != 0 && !rc) rc = UNGDB_EIO;
    free(o->buf);
    if (!rc && rename(tmp, path) != 0) rc = UNGDB_EIO;
    if (rc) remove(tmp);
    return rc;
}

static ungdb_rc held_rc(const table *t)
{
    return t->oom ? UNGDB_ENOMEM : t->io_error ? UNGDB_EIO : UNGDB_OK;
}

ungdb_rc table_write(table *t, const char *path, const char *header)
{
    ungdb_rc rc = held_rc(t);
    if (rc) return rc;
    char tmp[4200];
    outbuf o;
    if ((rc = out_open(&o, tmp, sizeof tmp, path, header))) return rc;
    if (!write_held(t, &o)) rc = held_rc(t) ? held_rc(t) : UNGDB_EIO;
    return out_close(&o, tmp, path, rc);
}

ungdb_rc table_build(table *t, const char *path, const char *header, table_fill_fn fill, void *ctx,
                     uint64_t *rows)
{
    t->mode = T_COLLECT;
    t->pass = 0;
    t->nrow = 0;
    fill(ctx, t);
    ungdb_rc rc = held_rc(t);
    if (rows) *rows = t->nrow;
    char tmp[4200];
    outbuf o;
    if (!rc) rc = out_open(&o, tmp, sizeof tmp, path, header);
    if (rc) {
        table_release(t);
        return rc;
    }
    if (t->mode == T_COLLECT) {
        if (!write_held(t, &o)) rc = held_rc(t) ? held_rc(t) : UNGDB_EIO;
    } else {
        uint64_t total = t->nrow;
        /* Batches of consecutive partitions within the budget. */
        for (uint32_t p = 0; !rc && p < TABLE_NPART; p++) {
            if (!t->bytes[p]) continue;
            uint64_t sum = t->bytes[p];
            uint32_t q = p;
            while (q + 1 < TABLE_NPART && sum + t->bytes[q + 1] <= t->chunk_bytes)
                sum += t->bytes[++q];
            t->mode = T_FILTER;
            t->lo = p;
            t->hi = q;
            t->pass++;
            t->nrow = 0;
            t->nitem = 0;
            t->text.n = t->rows.n = t->row_start = 0;
            fill(ctx, t);
            if (!(rc = held_rc(t)) && t->nrow != total) rc = UNGDB_EINTERNAL;
            if (!rc && !write_held(t, &o)) rc = held_rc(t) ? held_rc(t) : UNGDB_EIO;
            p = q;
        }
    }
    rc = out_close(&o, tmp, path, rc);
    table_release(t);
    return rc;
}
