/* Unit tests of output tables (src/register/table.c): quoting and byte-order
 * sorting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "register/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 22];
    *n = fread(buf, 1, sizeof buf - 1, f);
    buf[*n] = '\0';
    fclose(f);
    return buf;
}

static void fields_are_quoted_only_where_needed(void **state)
{
    (void)state;
    table t;
    table_init(&t);
    table_cstr(&t, "plain");
    table_cstr(&t, "a,b");
    table_cstr(&t, "say \"hi\"");
    table_cstr(&t, "two\nlines");
    table_cstr(&t, "");
    table_inst(&t, 1234);
    table_date(&t, INT32_MAX);
    table_int(&t, -5);
    table_end_row(&t);
    char path[] = "/tmp/ungdb-table-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(table_write(&t, path, "h"), UNGDB_OK);
    table_release(&t);
    size_t n;
    const char *got = slurp(path, &n);
    assert_string_equal(got, "h\nplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,001234,,-5\n");
    unlink(path);
}

static int ref_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x, y); /* the rows hold no NUL: strcmp is byte order */
}

/* Writes N random rows with the given chunk size and checks the order. */
static void check_random_rows(size_t chunk_bytes, int expect_runs)
{
    enum { N = 20000 };
    static char rows[N][24];
    static char quoted[N][32];
    static const char *ref[N];
    srand(7);
    table t;
    table_init(&t);
    if (chunk_bytes) t.chunk_bytes = chunk_bytes;
    for (int i = 0; i < N; i++) {
        /* Short alphabet and shared prefixes, so that ties go deep and
         * rows that begin other rows are common; bytes above 0x7f too. */
        int len = rand() % 20;
        for (int k = 0; k < len; k++) {
            static const char alpha[] = "aab0,\xc3\xa6";
            rows[i][k] = k < 9 ? 'p' : alpha[rand() % 7];
        }
        rows[i][len] = '\0';
        /* The order is that of the CSV text, quotes included (spec § 8). */
        snprintf(quoted[i], sizeof quoted[i], strchr(rows[i], ',') ? "\"%s\"" : "%s", rows[i]);
        ref[i] = quoted[i];
        table_str(&t, rows[i], (size_t)len);
        table_end_row(&t);
    }
    char path[] = "/tmp/ungdb-table-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    if (expect_runs)
        assert_true(t.nruns >= expect_runs);
    else
        assert_int_equal(t.nruns, 0);
    assert_int_equal(table_write(&t, path, "header"), UNGDB_OK);
    table_release(&t);
    qsort(ref, N, sizeof *ref, ref_cmp);
    size_t n;
    char *got = slurp(path, &n);
    char *line = strtok(got, "\n");
    assert_string_equal(line, "header");
    char *p = got + strlen("header") + 1;
    for (int i = 0; i < N; i++) {
        char *nl = strchr(p, '\n');
        if (!nl) nl = p + strlen(p);
        *nl = '\0';
        assert_string_equal(p, ref[i]);
        p = nl + 1;
    }
    unlink(path);
}

static void rows_are_sorted_in_byte_order(void **state)
{
    (void)state;
    check_random_rows(0, 0);
}

static void large_tables_are_merged_from_sorted_runs(void **state)
{
    (void)state;
    /* About 200 KB of rows in 4 KB chunks: many runs, merged. */
    check_random_rows(4096, 20);
}

static void runs_past_the_limit_grow_instead(void **state)
{
    (void)state;
    /* 16-byte chunks would need thousands of runs: the cap holds. */
    check_random_rows(16, TABLE_MAX_RUNS - 1);
}

/* table_build: rows produced by a callback, in batches when over budget. */
typedef struct fill_ctx {
    int n, calls;
    bool same_start; /* every row begins with the same two bytes */
    bool items;      /* through table_item(); every third item gives no row */
    long checks;     /* items that got past table_item() */
} fill_ctx;

static void fill_random(void *ctx, table *t)
{
    fill_ctx *c = ctx;
    c->calls++;
    srand(11); /* the same rows on every call */
    for (int i = 0; i < c->n; i++) {
        char row[24];
        int len = rand() % 20;
        if (c->items) {
            if (!table_item(t)) continue;
            c->checks++;
            if (i % 3 == 0) continue;
            len = 2 + i % 17; /* rows of skipped items must not depend on rand() */
        }
        for (int k = 0; k < len; k++) {
            static const char alpha[] = "ab0,\xc3\xa6";
            row[k] =
                c->same_start && k < 2 ? 'q' : alpha[c->items ? (i * 7 + k * k) % 6 : rand() % 6];
        }
        table_str(t, row, (size_t)len);
        table_int(t, c->items ? i % 3 - 1 : rand() % 3 - 1);
        table_end_row(t);
    }
}

static long check_build_items(size_t chunk_bytes, bool same_start, int min_calls, bool items)
{
    fill_ctx c = {20000, 0, same_start, items, 0};
    table t;
    table_init(&t);
    if (chunk_bytes) t.chunk_bytes = chunk_bytes;
    char path[] = "/tmp/ungdb-table-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    uint64_t rows = 0;
    assert_int_equal(table_build(&t, path, "h", fill_random, &c, &rows), UNGDB_OK);
    assert_int_equal(rows, items ? c.n - (c.n + 2) / 3 : c.n);
    long checks = c.checks;
    assert_true(c.calls >= min_calls);
    if (min_calls == 1) assert_int_equal(c.calls, 1);
    /* The reference: the same rows formatted by table_write in one piece. */
    table ref;
    table_init(&ref);
    c.calls = 0;
    fill_random(&c, &ref);
    char rpath[] = "/tmp/ungdb-table-XXXXXX";
    fd = mkstemp(rpath);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(table_write(&ref, rpath, "h"), UNGDB_OK);
    table_release(&ref);
    size_t n, rn;
    char *got = slurp(path, &n);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, got, n + 1);
    char *want = slurp(rpath, &rn);
    assert_int_equal(n, rn);
    assert_memory_equal(copy, want, n);
    free(copy);
    unlink(path);
    unlink(rpath);
    return checks;
}

static void check_build(size_t chunk_bytes, bool same_start, int min_calls)
{
    check_build_items(chunk_bytes, same_start, min_calls, false);
}

static void built_tables_within_budget_take_one_pass(void **state)
{
    (void)state;
    check_build(0, false, 1);
}

static void built_tables_over_budget_are_written_in_batches(void **state)
{
    (void)state;
    /* About 200 KB of rows, 8 KB budget: many batches, each row once. */
    check_build(8192, false, 4);
}

static void items_are_checked_once_and_formatted_in_their_batch(void **state)
{
    (void)state;
    /* Batches: every item is checked in pass 0; later passes check only
     * the items whose row is in the batch, so in all about twice. */
    long checks = check_build_items(8192, false, 4, true);
    assert_true(checks >= 20000 + 20000 * 2 / 3 - 10);
    assert_true(checks <= 20000 + 20000 * 2 / 3 + 10);
}

static void a_partition_over_budget_is_merged_from_runs(void **state)
{
    (void)state;
    /* All rows share their first two bytes: one partition, spilled. */
    check_build(8192, true, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_are_quoted_only_where_needed),
        cmocka_unit_test(rows_are_sorted_in_byte_order),
        cmocka_unit_test(large_tables_are_merged_from_sorted_runs),
        cmocka_unit_test(runs_past_the_limit_grow_instead),
        cmocka_unit_test(built_tables_within_budget_take_one_pass),
        cmocka_unit_test(built_tables_over_budget_are_written_in_batches),
        cmocka_unit_test(a_partition_over_budget_is_merged_from_runs),
        cmocka_unit_test(items_are_checked_once_and_formatted_in_their_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
