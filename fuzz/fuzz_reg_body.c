/* libFuzzer target: the registrations body read without jansson
 * (src/server/reg_body.c) held against jansson on arbitrary bytes.
 *
 * Whenever reg_fast accepts a body, jansson must accept it too and find the
 * same registrations: an object whose only key is "registrations", an
 * array of as many objects, each with the same person, present,
 * absent_minutes, lawful and reason (a null reason or a missing one is "not
 * given"), and no other key. A body reg_fast refuses goes the full jansson
 * path in the server, so nothing is asserted of it beyond not crashing. */
#include "server/reg_body.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_int(json_t *o, const char *key, int64_t want)
{
    json_t *v = json_object_get(o, key);
    if (want < 0) {
        CHECK(!v);
        return;
    }
    CHECK(json_is_integer(v) && json_integer_value(v) == want);
}

static void check_bool(json_t *o, const char *key, int want)
{
    json_t *v = json_object_get(o, key);
    if (want < 0) {
        CHECK(!v);
        return;
    }
    CHECK(json_is_boolean(v) && json_is_true(v) == (want == 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    reg_raw *x = reg_fast((const char *)data, size, &n);
    if (!x) return 0;
    CHECK(n >= 1 && n <= 1000);
    json_error_t err;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    CHECK(json_is_object(root) && json_object_size(root) == 1);
    json_t *regs = json_object_get(root, "registrations");
    CHECK(json_is_array(regs) && json_array_size(regs) == n);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(regs, i);
        CHECK(json_is_object(o));
        size_t keys = 2; /* person, present */
        CHECK(json_is_integer(json_object_get(o, "person")) &&
              json_integer_value(json_object_get(o, "person")) == x[i].person);
        check_bool(o, "present", x[i].present);
        check_int(o, "absent_minutes", x[i].minutes);
        check_bool(o, "lawful", x[i].lawful);
        keys += (x[i].minutes >= 0) + (x[i].lawful >= 0);
        json_t *r = json_object_get(o, "reason");
        if (x[i].reason) {
            CHECK(json_is_string(r) && json_string_length(r) == x[i].nreason &&
                  !memcmp(json_string_value(r), x[i].reason, x[i].nreason));
            keys++;
        } else if (r) {
            CHECK(json_is_null(r));
            keys++;
        }
        CHECK(json_object_size(o) == keys);
    }
    json_decref(root);
    free(x);
    return 0;
}
