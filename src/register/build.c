/* build.c - the public entry points: `register build` and `register update`,
 * and the settings a kept state remembers. */
#include "engine.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void reg_timing(const char *phase)
{
    static int on = -1;
    static double last;
    if (on < 0) on = getenv("UNGDB_TIMING") != NULL;
    if (!on) return;
    struct timespec ts, cpu;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (phase)
        fprintf(stderr, "timing: %-28s %8.3f s wall since last, %8.3f s cpu in all\n", phase,
                now - last, (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9);
    last = now;
}

/* An absolute form of path (not resolved), malloc'd. */
static char *absolute(const char *path)
{
    if (!path) return NULL;
    if (path[0] == '/') return strdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return strdup(path);
    size_t n = strlen(cwd) + strlen(path) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", cwd, path);
    return p;
}

static ungdb_rc read_key(const char *path, unsigned char **key, size_t *len, ungdb_error *err)
{
    *key = NULL;
    *len = 0;
    if (!path) return UNGDB_OK;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot read the key file: %s",
                               strerror(errno));
    unsigned char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    bool more = fgetc(f) != EOF;
    fclose(f);
    if (n == 0) return ungdb_error_set(err, UNGDB_EINPUT, path, 0, "", "the key file is empty");
    if (more)
        return ungdb_error_set(err, UNGDB_EINPUT, path, 0, "", "the key file is over 4096 bytes");
    *key = malloc(n);
    if (!*key) return UNGDB_ENOMEM;
    memcpy(*key, buf, n);
    *len = n;
    return UNGDB_OK;
}

/* The settings of a kept state: where and how its output is written, and
 * the subject dictionary it was last written with (its file, NULL for the
 * built-in one, and the SHA-256 of its bytes). */
typedef struct settings {
    char *out_dir, *pupil_register, *pseudonym_key, *sqlite_path, *dictionary, *dictionary_sha256;
} settings;
#define NSETTINGS 6

static void settings_free(settings *s)
{
    free(s->out_dir);
    free(s->pupil_register);
    free(s->pseudonym_key);
    free(s->sqlite_path);
    free(s->dictionary);
    free(s->dictionary_sha256);
}

static const char *const settings_keys[NSETTINGS] = {
    "out_dir", "pupil_register", "pseudonym_key", "sqlite", "dictionary", "dictionary_sha256"};

static ungdb_rc settings_save(const settings *s, const char *dir, ungdb_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/settings.json", dir);
    json_t *o = json_object();
    const char *vals[NSETTINGS] = {s->out_dir,     s->pupil_register, s->pseudonym_key,
                                   s->sqlite_path, s->dictionary,     s->dictionary_sha256};
    for (int i = 0; o && i < NSETTINGS; i++)
        json_object_set_new(o, settings_keys[i], vals[i] ? json_string(vals[i]) : json_null());
    int r = o ? json_dump_file(o, path, JSON_INDENT(2) | JSON_SORT_KEYS) : -1;
    json_decref(o);
    return r == 0 ? UNGDB_OK
                  : ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot write the settings");
}

static ungdb_rc settings_load(settings *s, const char *dir, ungdb_error *err)
{
    memset(s, 0, sizeof *s);
    char path[4200];
    snprintf(path, sizeof path, "%s/settings.json", dir);
    json_error_t jerr;
    json_t *o = json_load_file(path, 0, &jerr);
    if (!o)
        return ungdb_error_set(err, UNGDB_ESTATE, path, 0, "",
                               "cannot read the state's settings: %s", jerr.text);
    char **dst[NSETTINGS] = {&s->out_dir,     &s->pupil_register, &s->pseudonym_key,
                             &s->sqlite_path, &s->dictionary,     &s->dictionary_sha256};
    for (int i = 0; i < NSETTINGS; i++) {
        json_t *v = json_object_get(o, settings_keys[i]);
        if (json_is_string(v)) *dst[i] = strdup(json_string_value(v));
    }
    json_decref(o);
    if (!s->out_dir) return ungdb_error_set(err, UNGDB_ESTATE, path, 0, "out_dir", "missing");
    return UNGDB_OK;
}

/* Records in s the dictionary d that the output is written with; true when
 * it is another than the one s held (spec § 7; docs/classify.md). */
static ungdb_rc settings_dictionary(settings *s, const char *path, const ungdb_subjects *d,
                                    bool *changed)
{
    const char *sha = ungdb_subjects_sha256(d);
    *changed = !s->dictionary_sha256 || strcmp(s->dictionary_sha256, sha) != 0;
    char *p = absolute(path), *h = strdup(sha);
    if ((path && !p) || !h) {
        free(p);
        free(h);
        return UNGDB_ENOMEM;
    }
    free(s->dictionary);
    free(s->dictionary_sha256);
    s->dictionary = p;
    s->dictionary_sha256 = h;
    return UNGDB_OK;
}

static ungdb_rc finish(reg_state *st, const settings *s, const ungdb_subjects *dict,
                       const char *state_dir, const ungdb_register_opts *opts,
                       ungdb_register_summary *sum, ungdb_error *err)
{
    unsigned char *key = NULL;
    size_t keylen = 0;
    ungdb_rc rc = read_key(s->pseudonym_key, &key, &keylen, err);
    if (!rc && key && sodium_init() < 0) rc = UNGDB_EINTERNAL;
    reg_output_opts o = {dict, s->pupil_register, key, keylen};
    memset(sum, 0, sizeof *sum);
    snprintf(sum->dictionary, sizeof sum->dictionary, "%s", ungdb_subjects_source(dict));
    snprintf(sum->dictionary_sha256, sizeof sum->dictionary_sha256, "%s",
             ungdb_subjects_sha256(dict));
    reg_timing("ingest");
    if (!rc) rc = reg_write(st, s->out_dir, &o, sum, opts->progress, opts->progress_ctx, err);
    reg_timing("write tables");
    if (!rc && s->sqlite_path) rc = reg_write_sqlite(s->out_dir, s->sqlite_path, err);
    /* The state is kept last, so that it never runs ahead of the output it
     * describes: after a failed write the same update can be run again. */
    if (!rc && state_dir) {
        if (mkdir(state_dir, 0700) != 0 && errno != EEXIST)
            rc = ungdb_error_set(err, UNGDB_EIO, state_dir, 0, "",
                                 "cannot create the state directory: %s", strerror(errno));
        char path[4200];
        snprintf(path, sizeof path, "%s/state.bin", state_dir);
        if (!rc) rc = reg_state_save(st, path, err);
        if (!rc) rc = settings_save(s, state_dir, err);
        reg_timing("save state");
    }
    sum->deliveries = st->deliveries.n;
    sum->rows_read = st->rows_read;
    sum->bytes_read = st->bytes_read;
    if (key) sodium_memzero(key, keylen);
    free(key);
    return rc;
}

static void progress_delivery(const ungdb_register_opts *opts, const char *name, size_t i, size_t n)
{
    if (!opts->progress) return;
    ungdb_progress p = {"read", name, i, n};
    opts->progress(opts->progress_ctx, &p);
}

ungdb_rc ungdb_register_build(const char *deliveries_dir, const ungdb_register_opts *opts,
                              ungdb_register_summary *sum, ungdb_error *err)
{
    ungdb_error_clear(err);
    reg_timing(NULL);
    if (!opts || !opts->out_dir)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "--out",
                               "an output directory is required");
    /* The dictionary first: a bad one is found before any delivery is read. */
    ungdb_subjects *dict;
    ungdb_rc rc = ungdb_subjects_load(opts->dictionary, &dict, err);
    if (rc) return rc;
    reg_pending *ps;
    size_t n;
    rc = reg_scan_dir(deliveries_dir, &ps, &n, err);
    if (rc) {
        ungdb_subjects_free(dict);
        return rc;
    }
    reg_state st;
    rc = reg_state_init(&st);
    reg_reader *rd = NULL;
    if (!rc) rc = reg_reader_start(&rd, ps, n);
    for (size_t i = 0; !rc && i < n; i++) {
        progress_delivery(opts, ps[i].name, i, n);
        rc = reg_ingest(&st, &ps[i], rd, err);
    }
    reg_reader_stop(rd);
    settings s = {absolute(opts->out_dir),
                  absolute(opts->pupil_register),
                  absolute(opts->pseudonym_key),
                  absolute(opts->sqlite_path),
                  NULL,
                  NULL};
    bool changed;
    if (!rc) rc = settings_dictionary(&s, opts->dictionary, dict, &changed);
    if (!rc) rc = finish(&st, &s, dict, opts->state_dir, opts, sum, err);
    settings_free(&s);
    ungdb_subjects_free(dict);
    reg_pending_free(ps, n);
    reg_state_release(&st);
    return rc;
}

ungdb_rc ungdb_register_update(const char *state_dir, const char *const *dirs, size_t n,
                               const ungdb_register_opts *opts, ungdb_register_summary *sum,
                               ungdb_error *err)
{
    ungdb_error_clear(err);
    reg_timing(NULL);
    settings s;
    ungdb_rc rc = settings_load(&s, state_dir, err);
    if (rc) return rc;
    /* The dictionary given, else the one the state was written with. Every
     * lesson is classified again at every write, so the output always
     * follows one dictionary; a changed one is reported (docs/classify.md). */
    const char *dict_path = opts->dictionary ? opts->dictionary : s.dictionary;
    ungdb_subjects *dict = NULL;
    rc = ungdb_subjects_load(dict_path, &dict, err);
    if (rc) {
        settings_free(&s);
        return rc;
    }
    bool changed = false;
    rc = settings_dictionary(&s, dict_path, dict, &changed);
    reg_pending *ps = rc ? NULL : calloc(n ? n : 1, sizeof *ps);
    if (!rc && !ps) rc = UNGDB_ENOMEM;
    /* Check every new delivery before the state is touched. */
    for (size_t i = 0; !rc && i < n; i++)
        rc = reg_scan_one(dirs[i], &ps[i], err);
    /* Sorted by extracted (each must come after everything the state holds). */
    for (size_t i = 1; !rc && i < n; i++)
        for (size_t j = i; j > 0 && ps[j].extracted < ps[j - 1].extracted; j--) {
            reg_pending t = ps[j];
            ps[j] = ps[j - 1];
            ps[j - 1] = t;
        }
    /* The new rows are parsed while the state loads. */
    reg_reader *rd = NULL;
    if (!rc) rc = reg_reader_start(&rd, ps, n);
    reg_state st;
    char path[4200];
    snprintf(path, sizeof path, "%s/state.bin", state_dir);
    bool loaded = false;
    if (!rc) {
        rc = reg_state_load(&st, path, err);
        loaded = !rc;
        reg_timing("load state");
    }
    if (!rc) {
        int32_t last = st.deliveries.n
                           ? VEC_AT(&st.deliveries, reg_delivery, st.deliveries.n - 1).extracted
                           : INT32_MIN;
        for (size_t i = 0; !rc && i < n; i++) {
            if (ps[i].extracted <= last) {
                char d[11];
                ungdb_date_format((ungdb_date){ps[i].extracted}, d);
                rc = ungdb_error_set(err, UNGDB_EDELIVERY, ps[i].dir, 0, "extracted",
                                     "extracted %s is not after the deliveries already in the "
                                     "state; run a full build instead",
                                     d);
            }
            last = ps[i].extracted;
        }
    }
    for (size_t i = 0; !rc && i < n; i++) {
        progress_delivery(opts, ps[i].name, i, n);
        rc = reg_ingest(&st, &ps[i], rd, err);
    }
    reg_reader_stop(rd);
    if (!rc) rc = finish(&st, &s, dict, state_dir, opts, sum, err);
    if (!rc) sum->dictionary_changed = changed;
    if (loaded) reg_state_release(&st);
    reg_pending_free(ps, ps ? n : 0);
    settings_free(&s);
    ungdb_subjects_free(dict);
    return rc;
}
