/* table.c - formatting, sorting and writing output tables. */
#include "table.h"

#include "ungdb/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void table_init(table *t)
{
    memset(t, 0, sizeof *t);
    vec_init(&t->text, 1);
    vec_init(&t->rows, sizeof(table_row));
    t->first_field = true;
    t->chunk_bytes = (size_t)256 << 20;
    /* A knob for tests and small machines: the chunk size in bytes. */
    const char *env = getenv("UNGDB_TABLE_CHUNK");
    if (env && strtoull(env, NULL, 10) > 0) t->chunk_bytes = (size_t)strtoull(env, NULL, 10);
}

void table_release(table *t)
{
    vec_release(&t->text);
    vec_release(&t->rows);
    for (int i = 0; i < t->nruns; i++)
        fclose(t->runs[i]);
    t->nruns = 0;
}

static void sort_rows(table *t);
static void spill(table *t, bool last);

static void put(table *t, const char *s, size_t n)
{
    if (t->oom || !vec_reserve(&t->text, t->text.n + n + 1)) {
        t->oom = true;
        return;
    }
    memcpy(t->text.data + t->text.n, s, n);
    t->text.n += n;
}

static void sep(table *t)
{
    if (!t->first_field) put(t, ",", 1);
    t->first_field = false;
}

void table_str(table *t, const char *s, size_t n)
{
    sep(t);
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
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
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    sep(t);
    put(t, buf, (size_t)n);
}

void table_date(table *t, int32_t day)
{
    sep(t);
    if (day == INT32_MAX) return;
    char buf[12];
    put(t, buf, ungdb_date_format((ungdb_date){day}, buf));
}

void table_datetime(table *t, int32_t minute)
{
    char buf[20];
    sep(t);
    put(t, buf, ungdb_datetime_format((ungdb_datetime){minute}, buf));
}

void table_inst(table *t, int32_t code)
{
    char buf[8];
    snprintf(buf, sizeof buf, "%06d", (int)code);
    sep(t);
    put(t, buf, 6);
}

void table_end_row(table *t)
{
    table_row *r = t->oom ? NULL : vec_push(&t->rows);
    if (!r) {
        t->oom = true;
        return;
    }
    r->off = t->row_start;
    r->len = t->text.n - t->row_start;
    uint64_t p = 0;
    const unsigned char *s = (const unsigned char *)t->text.data + r->off;
    for (size_t i = 0; i < 8; i++)
        p = (p << 8) | (i < r->len ? s[i] : 0);
    r->prefix = p;
    t->row_start = t->text.n;
    t->first_field = true;
    if (t->text.n >= t->chunk_bytes) spill(t, false);
}

/* Byte `depth` of a row, plus one; 0 when the row is shorter. */
static inline unsigned row_byte(const char *text, const table_row *r, size_t depth)
{
    if (depth >= r->len) return 0;
    if (depth < 8) return (unsigned)((r->prefix >> (56 - 8 * depth)) & 0xff) + 1;
    return (unsigned char)text[r->off + depth] + 1;
}

static int row_cmp_from(const char *text, const table_row *x, const table_row *y, size_t depth)
{
    if (depth < 8 && x->prefix != y->prefix) return x->prefix < y->prefix ? -1 : 1;
    if (depth < 8) depth = 8;
    size_t n = x->len < y->len ? x->len : y->len;
    if (depth < n) {
        int c = memcmp(text + x->off + depth, text + y->off + depth, n - depth);
        if (c) return c;
    }
    return (x->len > y->len) - (x->len < y->len);
}

/* MSD radix sort on the bytes of the rows (the first eight come from the
 * cached prefix); small buckets by insertion sort. Byte order of the whole
 * text, a shorter row before a longer one that it begins. */
static void radix_sort(const char *text, table_row *a, table_row *tmp, size_t n, size_t depth)
{
    while (n > 48) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[row_byte(text, &a[i], depth)]++;
        size_t pos[257], sum = 0;
        for (int b = 0; b < 257; b++) {
            pos[b] = sum;
            sum += count[b];
        }
        for (size_t i = 0; i < n; i++)
            tmp[pos[row_byte(text, &a[i], depth)]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
        /* Bucket 0 holds rows that ended: all equal. Recurse on the others,
         * looping on the largest to bound the stack. */
        size_t start = count[0], big = 0, big_start = 0;
        for (int b = 1; b < 257; b++) {
            if (count[b] > big) {
                if (big) radix_sort(text, a + big_start, tmp, big, depth + 1);
                big = count[b];
                big_start = start;
            } else if (count[b] > 1) {
                radix_sort(text, a + start, tmp, count[b], depth + 1);
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
        while (j > 0 && row_cmp_from(text, &r, &a[j - 1], depth) < 0) {
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
    radix_sort(t->text.data, (table_row *)t->rows.data, tmp, t->rows.n, 0);
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
        uint32_t len = (uint32_t)rows[i].len;
        fwrite(&len, sizeof len, 1, f);
        if (len) fwrite(t->text.data + rows[i].off, 1, len, f);
    }
    if (fflush(f) != 0 || ferror(f)) t->io_error = true;
    rewind(f);
    t->runs[t->nruns++] = f;
    t->text.n = t->rows.n = t->row_start = 0;
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

/* Merges the runs into out with a binary heap of cursors. */
static bool merge_runs(table *t, FILE *out)
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
        if (top->len) fwrite(top->buf, 1, top->len, out);
        fputc('\n', out);
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
    return ok;
}

ungdb_rc table_write(table *t, const char *path, const char *header)
{
    if (t->nruns && t->rows.n) spill(t, true);
    if (t->oom) return UNGDB_ENOMEM;
    if (t->io_error) return UNGDB_EIO;
    sort_rows(t);
    if (t->oom) return UNGDB_ENOMEM;
    table_row *rows = (table_row *)t->rows.data;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) return UNGDB_EIO;
    char *buf = malloc(1 << 20); /* tables are written from several threads */
    if (buf) setvbuf(f, buf, _IOFBF, 1 << 20);
    fputs(header, f);
    fputc('\n', f);
    bool ok = true;
    if (t->nruns) {
        ok = merge_runs(t, f);
    } else {
        for (size_t i = 0; i < t->rows.n; i++) {
            if (rows[i].len) fwrite(t->text.data + rows[i].off, 1, rows[i].len, f);
            fputc('\n', f);
        }
    }
    ok = ok && !ferror(f);
    if (fclose(f) != 0) ok = false;
    free(buf);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return UNGDB_EIO;
    }
    return UNGDB_OK;
}
