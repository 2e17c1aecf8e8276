/* store.h - flat, pointer-free containers of the register engine: growable
 * vectors, a string pool with interning, and a 64-bit-key hash map. Being
 * flat (indices, never pointers) they can be written to and read from a
 * state file as whole arrays, which is what makes `register update` cheap. */
#ifndef UNGDB_REGISTER_STORE_H
#define UNGDB_REGISTER_STORE_H

#include "ungdb/ungdb.h"

#include <stdio.h>

/* A growable array of fixed-size elements. */
typedef struct vec {
    char *data;
    size_t n, cap, elem;
} vec;

void vec_init(vec *v, size_t elem);
void vec_release(vec *v);
/* Appends one zeroed element and returns it (NULL when out of memory). */
void *vec_push(vec *v);
bool vec_reserve(vec *v, size_t cap);
#define VEC_AT(v, T, i) (((T *)(v)->data)[(i)])

/* A hash map from any 64-bit key to a 32-bit value. Open
 * addressing with linear probing; the empty slot is marked by val == UINT32_MAX. */
typedef struct u64slot {
    uint64_t key;
    uint32_t val;
} u64slot;

typedef struct u64map {
    u64slot *slots; /* key and value side by side: one cache miss a probe */
    size_t cap, n;  /* cap is a power of two */
} u64map;

void u64map_init(u64map *m);
void u64map_release(u64map *m);
/* Looks key up; returns its value or UINT32_MAX. */
uint32_t u64map_get(const u64map *m, uint64_t key);
/* Returns a pointer to the value slot of key, inserting `fresh` when absent
 * (*inserted tells which). NULL when out of memory. */
uint32_t *u64map_put(u64map *m, uint64_t key, uint32_t fresh, bool *inserted);
void u64map_clear(u64map *m);

/* A hash index of elements that live elsewhere (their keys are not stored):
 * a slot is 8 bytes, the element's 32-bit id below the high 32 bits of its
 * key's hash, so that most mismatches are told without touching the
 * element. Half the size of a u64map, for the largest maps. Empty slots are
 * UINT64_MAX. */
typedef struct idxmap {
    uint64_t *slots;
    size_t cap, n; /* cap is a power of two */
} idxmap;

typedef bool (*idxmap_eq_fn)(const void *ctx, uint32_t id);
typedef uint64_t (*idxmap_hash_fn)(const void *ctx, uint32_t id);
void idxmap_init(idxmap *m);
void idxmap_release(idxmap *m);
/* The id whose element eq() accepts among those with hash h, or UINT32_MAX. */
uint32_t idxmap_find(const idxmap *m, uint64_t h, idxmap_eq_fn eq, const void *ctx);
/* Adds id (not present) with hash h. The ids must be 0, 1, 2, ... in the
 * order they are added; hash() gives a stored id's hash when the map grows.
 * False when out of memory. */
bool idxmap_add(idxmap *m, uint64_t h, uint32_t id, idxmap_hash_fn hash, const void *ctx);

/* Interned byte strings: equal bytes, equal id. Id 0 is the empty string. */
typedef struct strpool {
    vec bytes;       /* char: all strings back to back */
    vec offsets;     /* uint64_t: start of string i; offsets[n] is the end */
    vec hashes;      /* uint64_t: hash of string i */
    uint64_t *slots; /* open addressing: id in the low 32 bits (UINT32_MAX when
                        empty), the hash's high 32 bits above, so that most
                        mismatches are told without touching the strings */
    size_t cap;      /* slots, a power of two */
} strpool;

ungdb_rc strpool_init(strpool *sp);
void strpool_release(strpool *sp);
/* Returns the id of s[0..n), adding it when new; UINT32_MAX when out of memory. */
uint32_t strpool_intern(strpool *sp, const char *s, size_t n);
/* Empties the pool but keeps its memory; only the empty string (id 0) stays. */
void strpool_clear(strpool *sp);
/* The same, with h == hash_bytes(s, n) computed by the caller. */
uint32_t strpool_intern_hashed(strpool *sp, const char *s, size_t n, uint64_t h);
/* Looks s up without adding; UINT32_MAX when absent. */
uint32_t strpool_find(const strpool *sp, const char *s, size_t n);
static inline size_t strpool_count(const strpool *sp)
{
    return sp->offsets.n - 1;
}
static inline const char *strpool_get(const strpool *sp, uint32_t id, size_t *len)
{
    const uint64_t *o = (const uint64_t *)sp->offsets.data;
    *len = (size_t)(o[id + 1] - o[id]);
    return sp->bytes.data + o[id];
}

uint64_t hash_bytes(const char *s, size_t n);
static inline uint64_t hash_u64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* State files: each container is written as a tagged block. */
bool vec_write(FILE *f, const vec *v);
bool vec_read(FILE *f, vec *v, size_t elem);
bool u64map_write(FILE *f, const u64map *m);
bool u64map_read(FILE *f, u64map *m);
bool idxmap_write(FILE *f, const idxmap *m);
bool idxmap_read(FILE *f, idxmap *m);
bool strpool_write(FILE *f, const strpool *sp);
bool strpool_read(FILE *f, strpool *sp);

#endif
