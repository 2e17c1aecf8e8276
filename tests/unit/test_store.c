/* Unit tests of the register engine's containers (src/register/store.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "register/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void strpool_interns_equal_bytes_to_equal_ids(void **state)
{
    (void)state;
    strpool sp;
    assert_int_equal(strpool_init(&sp), UNGDB_OK);
    assert_int_equal(strpool_find(&sp, "", 0), 0);
    uint32_t a = strpool_intern(&sp, "abc", 3);
    uint32_t b = strpool_intern(&sp, "abd", 3);
    uint32_t a2 = strpool_intern(&sp, "abcdef", 3);
    assert_int_not_equal(a, b);
    assert_int_equal(a, a2);
    size_t n;
    const char *s = strpool_get(&sp, b, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "abd", 3);
    assert_int_equal(strpool_find(&sp, "zzz", 3), UINT32_MAX);
    /* Many strings force rehashing; ids stay stable. */
    char buf[32];
    for (int i = 0; i < 100000; i++) {
        int k = snprintf(buf, sizeof buf, "user%d", i);
        assert_int_equal(strpool_intern(&sp, buf, (size_t)k), (uint32_t)(i + 3));
    }
    assert_int_equal(strpool_find(&sp, "user777", 7), 780);
    assert_int_equal(strpool_count(&sp), 100003);
    strpool_release(&sp);
}

static void strpool_keeps_embedded_nul_bytes_apart(void **state)
{
    (void)state;
    strpool sp;
    assert_int_equal(strpool_init(&sp), UNGDB_OK);
    uint32_t a = strpool_intern(&sp, "a\0b", 3);
    uint32_t b = strpool_intern(&sp, "a\0c", 3);
    uint32_t c = strpool_intern(&sp, "a", 1);
    assert_int_not_equal(a, b);
    assert_int_not_equal(a, c);
    strpool_release(&sp);
}

static void u64map_puts_gets_and_grows(void **state)
{
    (void)state;
    u64map m;
    u64map_init(&m);
    assert_int_equal(u64map_get(&m, 5), UINT32_MAX);
    bool fresh;
    for (uint64_t k = 0; k < 50000; k++) {
        uint32_t *v = u64map_put(&m, k * 0x9e3779b97f4a7c15ULL, (uint32_t)k, &fresh);
        assert_non_null(v);
        assert_true(fresh);
    }
    uint32_t *v = u64map_put(&m, 7 * 0x9e3779b97f4a7c15ULL, 99, &fresh);
    assert_false(fresh);
    assert_int_equal(*v, 7);
    assert_int_equal(u64map_get(&m, 49999 * 0x9e3779b97f4a7c15ULL), 49999);
    assert_int_equal(u64map_get(&m, 1), UINT32_MAX);
    assert_int_equal(m.n, 50000);
    u64map_clear(&m);
    assert_int_equal(u64map_get(&m, 0), UINT32_MAX);
    u64map_release(&m);
}

static void containers_survive_a_state_file_round_trip(void **state)
{
    (void)state;
    strpool sp;
    u64map m;
    vec v;
    assert_int_equal(strpool_init(&sp), UNGDB_OK);
    u64map_init(&m);
    vec_init(&v, sizeof(uint64_t));
    for (uint32_t i = 0; i < 1000; i++) {
        char buf[16];
        int k = snprintf(buf, sizeof buf, "s%u", i);
        uint32_t id = strpool_intern(&sp, buf, (size_t)k);
        assert_non_null(u64map_put(&m, id, i, NULL));
        *(uint64_t *)vec_push(&v) = (uint64_t)i * i;
    }
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_true(strpool_write(f, &sp) && u64map_write(f, &m) && vec_write(f, &v));
    rewind(f);
    strpool sp2;
    u64map m2;
    vec v2;
    assert_true(strpool_read(f, &sp2));
    assert_true(u64map_read(f, &m2));
    assert_true(vec_read(f, &v2, sizeof(uint64_t)));
    fclose(f);
    assert_int_equal(strpool_find(&sp2, "s500", 4), strpool_find(&sp, "s500", 4));
    assert_int_equal(strpool_intern(&sp2, "new", 3), strpool_count(&sp));
    assert_int_equal(u64map_get(&m2, strpool_find(&sp, "s999", 4)), 999);
    assert_int_equal(v2.n, 1000);
    assert_int_equal(VEC_AT(&v2, uint64_t, 30), 900);
    /* A wrong element size is refused. */
    f = tmpfile();
    assert_true(vec_write(f, &v));
    rewind(f);
    vec v3;
    assert_false(vec_read(f, &v3, 4));
    vec_release(&v3);
    fclose(f);
    strpool_release(&sp);
    strpool_release(&sp2);
    u64map_release(&m);
    u64map_release(&m2);
    vec_release(&v);
    vec_release(&v2);
}

/* idxmap: the keys live in an array beside it (here: key of id i). */
static uint64_t idx_keys[100000];
static uint64_t idx_key_hash(uint64_t key)
{
    return hash_u64(key) & (key % 7 == 0 ? 0xffffffffull : ~0ull); /* some equal tags */
}
static uint64_t idx_hash_of(const void *ctx, uint32_t id)
{
    (void)ctx;
    return idx_key_hash(idx_keys[id]);
}
static bool idx_eq(const void *ctx, uint32_t id)
{
    return idx_keys[id] == *(const uint64_t *)ctx;
}

static void idxmap_finds_ids_by_their_elements_and_grows(void **state)
{
    (void)state;
    idxmap m;
    idxmap_init(&m);
    enum { N = 100000 };
    for (uint32_t i = 0; i < N; i++) {
        idx_keys[i] = (uint64_t)i * 2654435761u + 17;
        assert_int_equal(idxmap_find(&m, idx_key_hash(idx_keys[i]), idx_eq, &idx_keys[i]),
                         UINT32_MAX);
        assert_true(idxmap_add(&m, idx_key_hash(idx_keys[i]), i, idx_hash_of, NULL));
    }
    assert_true(m.cap >= N);
    for (uint32_t i = 0; i < N; i++)
        assert_int_equal(idxmap_find(&m, idx_key_hash(idx_keys[i]), idx_eq, &idx_keys[i]), i);
    uint64_t absent = 5;
    assert_int_equal(idxmap_find(&m, idx_key_hash(absent), idx_eq, &absent), UINT32_MAX);
    /* a state-file round trip */
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_true(idxmap_write(f, &m));
    rewind(f);
    idxmap back;
    assert_true(idxmap_read(f, &back));
    fclose(f);
    assert_int_equal(back.n, N);
    for (uint32_t i = 0; i < N; i += 97)
        assert_int_equal(idxmap_find(&back, idx_key_hash(idx_keys[i]), idx_eq, &idx_keys[i]), i);
    idxmap_release(&back);
    idxmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strpool_interns_equal_bytes_to_equal_ids),
        cmocka_unit_test(strpool_keeps_embedded_nul_bytes_apart),
        cmocka_unit_test(u64map_puts_gets_and_grows),
        cmocka_unit_test(idxmap_finds_ids_by_their_elements_and_grows),
        cmocka_unit_test(containers_survive_a_state_file_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
