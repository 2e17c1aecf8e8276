/* state.c - the engine state: creation, release, and its state file, which
 * is every container written whole (store.h) behind a magic and a version. */
#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STATE_MAGIC "UNGDBST1"

static void state_vecs(reg_state *st, vec **v, size_t *n)
{
    size_t k = 0;
    v[k++] = &st->deliveries;
    v[k++] = &st->insts;
    v[k++] = &st->persons;
    for (int i = 0; i < K_N; i++)
        v[k++] = &st->facts[i];
    for (int i = 0; i < K_N; i++)
        v[k++] = &st->spells[i];
    v[k++] = &st->covers;
    v[k++] = &st->scheds;
    v[k++] = &st->lessons;
    v[k++] = &st->lesson_groups;
    v[k++] = &st->lesson_staff;
    v[k++] = &st->counts;
    v[k++] = &st->rejects;
    *n = k;
}

static void state_maps(reg_state *st, u64map **m, size_t *n)
{
    size_t k = 0;
    m[k++] = &st->inst_of_code;
    m[k++] = &st->person_of_user;
    for (int i = 0; i < K_N; i++)
        m[k++] = &st->fact_of_key[i];
    m[k++] = &st->lesson_of_key;
    m[k++] = &st->count_of_key;
    *n = k;
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
    for (int i = 0; i < F_NFILES; i++) {
        vec_init(&st->pred[i].prev, sizeof(uint32_t));
        vec_init(&st->pred[i].cur, sizeof(uint32_t));
        st->pred[i].prev_d = NONE;
    }
}

ungdb_rc reg_state_init(reg_state *st)
{
    memset(st, 0, sizeof *st);
    vec *v[32];
    u64map *m[16];
    size_t nv, nm;
    state_vecs(st, v, &nv);
    state_maps(st, m, &nm);
    for (size_t i = 0; i < nv; i++)
        vec_init(v[i], vec_elems[i]);
    for (size_t i = 0; i < nm; i++)
        u64map_init(m[i]);
    scratch_init(st);
    return strpool_init(&st->str);
}

void reg_state_release(reg_state *st)
{
    vec *v[32];
    u64map *m[16];
    size_t nv, nm;
    state_vecs(st, v, &nv);
    state_maps(st, m, &nm);
    for (size_t i = 0; i < nv; i++)
        vec_release(v[i]);
    for (size_t i = 0; i < nm; i++)
        u64map_release(m[i]);
    u64map_release(&st->scratch_pupils);
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
    vec *v[32];
    u64map *m[16];
    size_t nv, nm;
    state_vecs(st, v, &nv);
    state_maps(st, m, &nm);
    uint64_t hdr[4] = {nv, nm, st->rel_garbage, st->rows_read};
    bool ok = fwrite(STATE_MAGIC, 8, 1, f) == 1 && fwrite(hdr, sizeof hdr, 1, f) == 1 &&
              fwrite(&st->bytes_read, sizeof st->bytes_read, 1, f) == 1 &&
              strpool_write(f, &st->str);
    for (size_t i = 0; ok && i < nv; i++)
        ok = vec_write(f, v[i]);
    for (size_t i = 0; ok && i < nm; i++)
        ok = u64map_write(f, m[i]);
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
    vec *v[32];
    u64map *m[16];
    size_t nv, nm;
    state_vecs(st, v, &nv);
    state_maps(st, m, &nm);
    bool ok = fread(magic, 8, 1, f) == 1 && !memcmp(magic, STATE_MAGIC, 8) &&
              fread(hdr, sizeof hdr, 1, f) == 1 && hdr[0] == nv && hdr[1] == nm &&
              fread(&st->bytes_read, sizeof st->bytes_read, 1, f) == 1 && strpool_read(f, &st->str);
    for (size_t i = 0; ok && i < nv; i++)
        ok = vec_read(f, v[i], vec_elems[i]);
    for (size_t i = 0; ok && i < nm; i++)
        ok = u64map_read(f, m[i]);
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
