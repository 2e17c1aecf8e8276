/* The subject classifier (register spec § 7): a free-text lesson title such
 * as "Dansk 4.a", "fys/kem" or "UUV" becomes one of the spec's subject codes,
 * or `anden` when it cannot tell. The words it knows are data, a dictionary
 * file (data/subjects.tsv in the repository, built into the program), that
 * a statistician extends without a compiler. See docs/classify.md. */
#ifndef UNGDB_CLASSIFY_H
#define UNGDB_CLASSIFY_H

#include "ungdb/ungdb.h"

/* The subject codes of register spec § 7, in the spec's order; the last is
 * `anden` ("Anden fagbetegnelse"). */
enum { UNGDB_SUBJECT_N = 29, UNGDB_SUBJECT_ANDEN = UNGDB_SUBJECT_N - 1 };
extern const char *const ungdb_subject_code[UNGDB_SUBJECT_N];
/* The spec's name of each code ("Natur/teknologi"). */
extern const char *const ungdb_subject_name[UNGDB_SUBJECT_N];
/* The index of a code, or -1. */
int ungdb_subject_find(const char *code);

/* A loaded, validated dictionary. Immutable after loading: classifying only
 * reads it, so one dictionary may serve several threads. */
typedef struct ungdb_subjects ungdb_subjects;

/* Loads the dictionary file at `path`, or the built-in one when `path` is
 * NULL. Every line is checked: a bad line fails the load with the file, the
 * line and the column in `err` (UNGDB_EINPUT), nothing is skipped. */
ungdb_rc ungdb_subjects_load(const char *path, ungdb_subjects **out, ungdb_error *err);

/* The same from bytes in memory; `name` is what messages and explanations
 * call the file. */
ungdb_rc ungdb_subjects_parse(const char *text, size_t len, const char *name, ungdb_subjects **out,
                              ungdb_error *err);

void ungdb_subjects_free(ungdb_subjects *d);

/* What messages call the dictionary: its path, or "data/subjects.tsv
 * (built in)". Lives until ungdb_subjects_free. */
const char *ungdb_subjects_source(const ungdb_subjects *d);

/* The SHA-256 of the dictionary's bytes, 64 lowercase hex digits; a kept
 * register state records it. Lives until ungdb_subjects_free. */
const char *ungdb_subjects_sha256(const ungdb_subjects *d);

/* Number of entries (lines that are not comments or blank). */
size_t ungdb_subjects_count(const ungdb_subjects *d);

/* The built-in dictionary's bytes (data/subjects.tsv, embedded at build time). */
const char *ungdb_subjects_builtin(size_t *len);

/* The result of classifying one title. */
typedef struct ungdb_classification {
    int subject;      /* index into ungdb_subject_code */
    const char *code; /* ungdb_subject_code[subject] */
    char why[480];    /* which entry or rule decided, and how */
} ungdb_classification;

/* Classifies the title s[0..len). Deterministic: the same dictionary and
 * title always give the same result. `out` is always filled; when the title
 * cannot be read it is `anden` and `why` says why, and the result is
 * UNGDB_EINPUT (not valid UTF-8, or a NUL byte; `why` names the byte),
 * UNGDB_ETOOBIG (over 4096 bytes) or UNGDB_ENOMEM. */
ungdb_rc ungdb_classify(const ungdb_subjects *d, const char *s, size_t len,
                        ungdb_classification *out);

#endif
