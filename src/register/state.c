/* state.c - the engine state: creation, release, and its state file, which
 * is every container written whole (store.h) behind a magic and a version. */
#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STATE_MAGIC "UNGDBST3"

/* Every container of the state that the state file keeps, in file order. */
typedef struct state_parts {
    vec *v[32];
    u64map *m[16];
    size_t nv, nm;
} state_parts;

static void state_parts_of(reg_state *st, state_parts *p)
{
    size_t k = 0;
    p->v[k++] = &st->deliveries;
    p->v[k++] = &st->insts;
    p->v[k++] = &st->persons;
    for (int i = 0; i < K_N; i++)
        p->v[k++] = &st->facts[i];
    for (int i = 0; i < K_N; i++)
        p->v[k++] = &st->spells[i];
    p->v[k++] = &st->covers;
    p->v[k++] = &st->scheds;
    p->v[k++] = &st->lessons;
    p->v[k++] = &st->lesson_groups;
    p->v[k++] = &st->lesson_staff;
    p->v[k++] = &st->counts;
    p->v[k++] = &st->rejects;
    p->nv = k;
    k = 0;
    p->m[k++] = &st->inst_of_code;
    p->m[k++] = &st->person_of_user;
    for (int i = 0; i < K_N; i++)
        p->m[k++] = &st->fact_of_key[i];
    p->m[k++] = &st->count_of_key;
    p->nm = k;
}

static const size_t vec_elems[] = {
    sizeof(reg_delivery), sizeof(reg_inst),   sizeof(reg_person), sizeof(reg_fact),
    sizeof(reg_fact),     sizeof(reg_fact),   sizeof(reg_fact),   sizeof(reg_spell),
    sizeof(reg_spell),    sizeof(reg_spell),  sizeof(reg_spell),  sizeof(reg_cover),
    sizeof(reg_cover),    sizeof(reg_lesson), sizeof(reg_rel),    sizeof(reg_rel),
    sizeof(reg_count),    sizeof(reg_reject),
};

/* The parts of the state that are not kept in the state file. */
static void scratch_init(reg_state *st)
{
    st->last_inst = NONE;
    u64map_init(&st->scratch_pupils);
    st->icache = malloc(REG_ICACHE * sizeof *st->icache); /* NULL: no cache */
    for (size_t i = 0; st->icache && i < REG_ICACHE; i++)
        st->icache[i] = (reg_icache_ent){0, NONE, NONE, NONE, 0};
    for (int i = 0; i < 5; i++)
        vec_init(&st->scratch[i], 1);
    for (int i = 0; i < F_NFILES; i++) {
        vec_init(&st->pred[i].prev, sizeof(uint32_t));
        vec_init(&st->pred[i].cur, sizeof(uint32_t));
        st->pred[i].prev_d = NONE;
    }
}

ungdb_rc reg_state_init(reg_state *st)
{
    memset(st, 0, sizeof *st);
    state_parts p;
    state_parts_of(st, &p);
    for (size_t i = 0; i < p.nv; i++)
        vec_init(p.v[i], vec_elems[i]);
    for (size_t i = 0; i < p.nm; i++)
        u64map_init(p.m[i]);
    idxmap_init(&st->lesson_of_key);
    scratch_init(st);
    return strpool_init(&st->str);
}

void reg_state_release(reg_state *st)
{
    state_parts p;
    state_parts_of(st, &p);
    for (size_t i = 0; i < p.nv; i++)
        vec_release(p.v[i]);
    for (size_t i = 0; i < p.nm; i++)
        u64map_release(p.m[i]);
    idxmap_release(&st->lesson_of_key);
    u64map_release(&st->scratch_pupils);
    free(st->icache);
    st->icache = NULL;
    for (int i = 0; i < 5; i++)
        vec_release(&st->scratch[i]);
    for (int i = 0; i < F_NFILES; i++) {
        vec_release(&st->pred[i].prev);
        vec_release(&st->pred[i].cur);
    }
    strpool_release(&st->str);
}

ungdb_rc reg_state_save(const reg_state *cst, const char *path, ungdb_error *err)
{
    reg_state *st = (reg_state *)cst; /* only read */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return ungdb_error_set(err, UNGDB_EIO, tmp, 0, "", "cannot write the state: %s",
                               strerror(errno));
    state_parts p;
    state_parts_of(st, &p);
    uint64_t hdr[4] = {p.nv, p.nm, st->rel_garbage, st->rows_read};
    bool ok = fwrite(STATE_MAGIC, 8, 1, f) == 1 && fwrite(hdr, sizeof hdr, 1, f) == 1 &&
              fwrite(&st->bytes_read, sizeof st->bytes_read, 1, f) == 1 &&
              fwrite(st->rel_prev_start, sizeof st->rel_prev_start, 1, f) == 1 &&
              strpool_write(f, &st->str);
    for (size_t i = 0; ok && i < p.nv; i++)
        ok = vec_write(f, p.v[i]);
    for (size_t i = 0; ok && i < p.nm; i++)
        ok = u64map_write(f, p.m[i]);
    ok = ok && idxmap_write(f, &st->lesson_of_key);
    ok = ok && fwrite(STATE_MAGIC, 8, 1, f) == 1;
    if (fclose(f) != 0) ok = false;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot write the state");
    }
    return UNGDB_OK;
}

ungdb_rc reg_state_load(reg_state *st, const char *path, ungdb_error *err)
{
    memset(st, 0, sizeof *st);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ungdb_error_set(err, UNGDB_ESTATE, path, 0, "", "cannot read the state: %s",
                               strerror(errno));
    char magic[8];
    uint64_t hdr[4];
    state_parts p;
    state_parts_of(st, &p);
    bool ok = fread(magic, 8, 1, f) == 1 && !memcmp(magic, STATE_MAGIC, 8) &&
              fread(hdr, sizeof hdr, 1, f) == 1 && hdr[0] == p.nv && hdr[1] == p.nm &&
              fread(&st->bytes_read, sizeof st->bytes_read, 1, f) == 1 &&
              fread(st->rel_prev_start, sizeof st->rel_prev_start, 1, f) == 1 &&
              strpool_read(f, &st->str);
    for (size_t i = 0; ok && i < p.nv; i++)
        ok = vec_read(f, p.v[i], vec_elems[i]);
    for (size_t i = 0; ok && i < p.nm; i++)
        ok = u64map_read(f, p.m[i]);
    ok = ok && idxmap_read(f, &st->lesson_of_key);
    ok = ok && fread(magic, 8, 1, f) == 1 && !memcmp(magic, STATE_MAGIC, 8);
    fclose(f);
    if (!ok) {
        reg_state_release(st);
        return ungdb_error_set(err, UNGDB_ESTATE, path, 0, "",
                               "the state file is damaged or from another version");
    }
    scratch_init(st);
    st->rel_garbage = (size_t)hdr[2];
    st->rows_read = hdr[3];
    return UNGDB_OK;
}
