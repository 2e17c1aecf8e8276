/* store.c - vectors, the interning string pool and the u64 hash map, and
 * their state-file form. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

/* ---- vec ---- */

void vec_init(vec *v, size_t elem)
{
    memset(v, 0, sizeof *v);
    v->elem = elem;
}

void vec_release(vec *v)
{
    free(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

bool vec_reserve(vec *v, size_t cap)
{
    if (cap <= v->cap) return true;
    size_t nc = v->cap ? v->cap : 16;
    while (nc < cap)
        nc += nc / 2 + 16;
    char *d = realloc(v->data, nc * v->elem);
    if (!d) return false;
    v->data = d;
    v->cap = nc;
    return true;
}

void *vec_push(vec *v)
{
    if (v->n == v->cap && !vec_reserve(v, v->n + 1)) return NULL;
    void *p = v->data + v->n * v->elem;
    memset(p, 0, v->elem);
    v->n++;
    return p;
}

/* ---- u64map ---- */

void u64map_init(u64map *m)
{
    memset(m, 0, sizeof *m);
}

void u64map_release(u64map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void u64map_clear(u64map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        m->slots[i].val = UINT32_MAX;
    m->n = 0;
}

uint32_t u64map_get(const u64map *m, uint64_t key)
{
    if (!m->cap) return UINT32_MAX;
    size_t mask = m->cap - 1;
    for (size_t i = hash_u64(key) & mask;; i = (i + 1) & mask) {
        const u64slot *s = &m->slots[i];
        if (s->val == UINT32_MAX) return UINT32_MAX;
        if (s->key == key) return s->val;
    }
}

static bool u64map_grow(u64map *m)
{
    size_t nc = m->cap ? m->cap * 2 : 1024;
    u64slot *slots = malloc(nc * sizeof *slots);
    if (!slots) return false;
    memset(slots, 0xff, nc * sizeof *slots); /* padding too: state files are deterministic */
    for (size_t j = 0; j < m->cap; j++) {
        if (m->slots[j].val == UINT32_MAX) continue;
        size_t i = hash_u64(m->slots[j].key) & (nc - 1);
        while (slots[i].val != UINT32_MAX)
            i = (i + 1) & (nc - 1);
        slots[i] = m->slots[j];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = nc;
    return true;
}

uint32_t *u64map_put(u64map *m, uint64_t key, uint32_t fresh, bool *inserted)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !u64map_grow(m)) return NULL;
    size_t mask = m->cap - 1;
    size_t i = hash_u64(key) & mask;
    for (;; i = (i + 1) & mask) {
        u64slot *s = &m->slots[i];
        if (s->val == UINT32_MAX) break;
        if (s->key == key) {
            if (inserted) *inserted = false;
            return &s->val;
        }
    }
    m->slots[i].key = key;
    m->slots[i].val = fresh;
    m->n++;
    if (inserted) *inserted = true;
    return &m->slots[i].val;
}

/* ---- idxmap ---- */

#define IDX_EMPTY UINT64_MAX
#define IDX_TAG(h) ((h) >> 32 << 32)

void idxmap_init(idxmap *m)
{
    memset(m, 0, sizeof *m);
}

void idxmap_release(idxmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

uint32_t idxmap_find(const idxmap *m, uint64_t h, idxmap_eq_fn eq, const void *ctx)
{
    if (!m->cap) return UINT32_MAX;
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t s = m->slots[i];
        if (s == IDX_EMPTY) return UINT32_MAX;
        if (IDX_TAG(s) == IDX_TAG(h) && eq(ctx, (uint32_t)s)) return (uint32_t)s;
    }
}

bool idxmap_add(idxmap *m, uint64_t h, uint32_t id, idxmap_hash_fn hash, const void *ctx)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        uint64_t *slots = malloc(nc * sizeof *slots);
        if (!slots) return false;
        memset(slots, 0xff, nc * sizeof *slots);
        /* The ids are 0..n-1: asked in that order, hash() reads the
         * elements sequentially (through the old slots it would read them
         * in random order, a cache miss each at tens of millions). */
        for (size_t k = 0; k < m->n; k++) {
            uint64_t hk = hash(ctx, (uint32_t)k);
            size_t i = hk & (nc - 1);
            while (slots[i] != IDX_EMPTY)
                i = (i + 1) & (nc - 1);
            slots[i] = IDX_TAG(hk) | k;
        }
        free(m->slots);
        m->slots = slots;
        m->cap = nc;
    }
    size_t mask = m->cap - 1, i = h & mask;
    while (m->slots[i] != IDX_EMPTY)
        i = (i + 1) & mask;
    m->slots[i] = IDX_TAG(h) | id;
    m->n++;
    return true;
}

/* ---- strpool ---- */

uint64_t hash_bytes(const char *s, size_t n)
{
    /* FNV-1a over 8-byte words, finished with a 64-bit mixer. */
    uint64_t h = 0xcbf29ce484222325ULL ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0x100000001b3ULL;
    return hash_u64(h);
}

ungdb_rc strpool_init(strpool *sp)
{
    memset(sp, 0, sizeof *sp);
    vec_init(&sp->bytes, 1);
    vec_init(&sp->offsets, sizeof(uint64_t));
    vec_init(&sp->hashes, sizeof(uint64_t));
    uint64_t *o = vec_push(&sp->offsets);
    if (!o) return UNGDB_ENOMEM;
    *o = 0;
    /* id 0: the empty string */
    return strpool_intern(sp, "", 0) == 0 ? UNGDB_OK : UNGDB_ENOMEM;
}

void strpool_release(strpool *sp)
{
    vec_release(&sp->bytes);
    vec_release(&sp->offsets);
    vec_release(&sp->hashes);
    free(sp->slots);
    sp->slots = NULL;
    sp->cap = 0;
}

#define SLOT_EMPTY UINT64_MAX
#define SLOT_ID(s) ((uint32_t)(s))
#define SLOT_TAG(h) ((h) >> 32 << 32)

static bool strpool_rehash(strpool *sp, size_t nc)
{
    uint64_t *slots = malloc(nc * sizeof *slots);
    if (!slots) return false;
    memset(slots, 0xff, nc * sizeof *slots);
    const uint64_t *h = (const uint64_t *)sp->hashes.data;
    for (uint32_t id = 0; id < sp->hashes.n; id++) {
        size_t i = h[id] & (nc - 1);
        while (slots[i] != SLOT_EMPTY)
            i = (i + 1) & (nc - 1);
        slots[i] = SLOT_TAG(h[id]) | id;
    }
    free(sp->slots);
    sp->slots = slots;
    sp->cap = nc;
    return true;
}

static uint32_t strpool_lookup(const strpool *sp, const char *s, size_t n, uint64_t h, size_t *slot)
{
    size_t mask = sp->cap - 1;
    const uint64_t *hs = (const uint64_t *)sp->hashes.data;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t sl = sp->slots[i];
        if (sl == SLOT_EMPTY) {
            *slot = i;
            return UINT32_MAX;
        }
        uint32_t id = SLOT_ID(sl);
        if (SLOT_TAG(sl) == SLOT_TAG(h) && hs[id] == h) {
            size_t len;
            const char *p = strpool_get(sp, id, &len);
            if (len == n && (n == 0 || memcmp(p, s, n) == 0)) return id;
        }
    }
}

uint32_t strpool_find(const strpool *sp, const char *s, size_t n)
{
    if (!sp->cap) return UINT32_MAX;
    size_t slot;
    return strpool_lookup(sp, s, n, hash_bytes(s, n), &slot);
}

uint32_t strpool_intern(strpool *sp, const char *s, size_t n)
{
    return strpool_intern_hashed(sp, s, n, hash_bytes(s, n));
}

uint32_t strpool_intern_hashed(strpool *sp, const char *s, size_t n, uint64_t h)
{
    if ((sp->hashes.n + 1) * 2 > sp->cap && !strpool_rehash(sp, sp->cap ? sp->cap * 2 : 4096))
        return UINT32_MAX;
    size_t slot;
    uint32_t id = strpool_lookup(sp, s, n, h, &slot);
    if (id != UINT32_MAX) return id;
    if (sp->hashes.n >= UINT32_MAX - 1) return UINT32_MAX;
    if (!vec_reserve(&sp->bytes, sp->bytes.n + n)) return UINT32_MAX;
    uint64_t *hp = vec_push(&sp->hashes);
    uint64_t *op = vec_push(&sp->offsets);
    if (!hp || !op) return UINT32_MAX;
    if (n) memcpy(sp->bytes.data + sp->bytes.n, s, n);
    sp->bytes.n += n;
    *hp = h;
    *op = sp->bytes.n;
    id = (uint32_t)(sp->hashes.n - 1);
    sp->slots[slot] = SLOT_TAG(h) | id;
    return id;
}

void strpool_clear(strpool *sp)
{
    sp->bytes.n = 0;
    sp->offsets.n = 1; /* offsets[0] == 0 */
    sp->hashes.n = 0;
    if (sp->slots) memset(sp->slots, 0xff, sp->cap * sizeof *sp->slots);
    (void)strpool_intern(sp, "", 0); /* id 0; cannot fail: the capacity is kept */
}

/* ---- state-file form ---- */

bool vec_write(FILE *f, const vec *v)
{
    uint64_t hdr[2] = {v->elem, v->n};
    return fwrite(hdr, sizeof hdr, 1, f) == 1 &&
           (v->n == 0 || fwrite(v->data, v->elem, v->n, f) == v->n);
}

bool vec_read(FILE *f, vec *v, size_t elem)
{
    uint64_t hdr[2];
    vec_init(v, elem);
    if (fread(hdr, sizeof hdr, 1, f) != 1 || hdr[0] != elem) return false;
    if (!vec_reserve(v, (size_t)hdr[1])) return false;
    if (hdr[1] && fread(v->data, elem, (size_t)hdr[1], f) != hdr[1]) return false;
    v->n = (size_t)hdr[1];
    return true;
}

bool u64map_write(FILE *f, const u64map *m)
{
    uint64_t hdr[2] = {m->cap, m->n};
    return fwrite(hdr, sizeof hdr, 1, f) == 1 &&
           (m->cap == 0 || fwrite(m->slots, sizeof *m->slots, m->cap, f) == m->cap);
}

bool u64map_read(FILE *f, u64map *m)
{
    uint64_t hdr[2];
    u64map_init(m);
    if (fread(hdr, sizeof hdr, 1, f) != 1) return false;
    if (hdr[0] & (hdr[0] - 1)) return false; /* must be a power of two */
    m->cap = (size_t)hdr[0];
    m->n = (size_t)hdr[1];
    if (!m->cap) return true;
    m->slots = malloc(m->cap * sizeof *m->slots);
    return m->slots && fread(m->slots, sizeof *m->slots, m->cap, f) == m->cap;
}

bool idxmap_write(FILE *f, const idxmap *m)
{
    uint64_t hdr[2] = {m->cap, m->n};
    return fwrite(hdr, sizeof hdr, 1, f) == 1 &&
           (m->cap == 0 || fwrite(m->slots, sizeof *m->slots, m->cap, f) == m->cap);
}

bool idxmap_read(FILE *f, idxmap *m)
{
    uint64_t hdr[2];
    idxmap_init(m);
    if (fread(hdr, sizeof hdr, 1, f) != 1) return false;
    if (hdr[0] & (hdr[0] - 1)) return false; /* must be a power of two */
    m->cap = (size_t)hdr[0];
    m->n = (size_t)hdr[1];
    if (!m->cap) return true;
    m->slots = malloc(m->cap * sizeof *m->slots);
    return m->slots && fread(m->slots, sizeof *m->slots, m->cap, f) == m->cap;
}

bool strpool_write(FILE *f, const strpool *sp)
{
    return vec_write(f, &sp->bytes) && vec_write(f, &sp->offsets) && vec_write(f, &sp->hashes);
}

bool strpool_read(FILE *f, strpool *sp)
{
    memset(sp, 0, sizeof *sp);
    if (!vec_read(f, &sp->bytes, 1) || !vec_read(f, &sp->offsets, sizeof(uint64_t)) ||
        !vec_read(f, &sp->hashes, sizeof(uint64_t)))
        return false;
    if (sp->offsets.n != sp->hashes.n + 1) return false;
    size_t cap = 4096;
    while (cap < sp->hashes.n * 2 + 2)
        cap *= 2;
    return strpool_rehash(sp, cap);
}
