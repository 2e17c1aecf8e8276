/* classify_int.h - private types shared by the files of src/classify/:
 * the folded token form of a text (fold.c), the loaded dictionary (dict.c)
 * and the matcher (classify.c). See src/classify/README.md. */
#ifndef UNGDB_CLASSIFY_INT_H
#define UNGDB_CLASSIFY_INT_H

#include "ungdb/classify.h"

#include <stddef.h>
#include <stdint.h>

/* ---- folding (fold.c) ---- */

/* At most this many tokens of a title are looked at; the rest is ignored. */
#define CLS_MAX_TOKENS 64
/* Titles and dictionary terms longer than this are not classified. */
#define CLS_MAX_BYTES 4096

/* The folded tokens of a text: lowercase letters with æ ø å written ae oe
 * aa, accents dropped, split at everything that is not a letter or digit and
 * between letters and digits. */
typedef struct cls_tokens {
    char *buf; /* malloc'd; token i is buf[off[i]..off[i]+len[i]) */
    uint32_t off[CLS_MAX_TOKENS];
    uint16_t len[CLS_MAX_TOKENS];
    uint8_t digit[CLS_MAX_TOKENS]; /* the token is all digits */
    size_t n;
} cls_tokens;

/* Folds s[0..len) into tokens. Returns UNGDB_EINPUT for invalid UTF-8 with
 * the byte offset of the first bad byte in *bad, UNGDB_ETOOBIG over
 * CLS_MAX_BYTES, UNGDB_ENOMEM. On success the caller frees t->buf. */
ungdb_rc cls_fold(const char *s, size_t len, cls_tokens *t, size_t *bad);

/* Damerau-Levenshtein distance (optimal string alignment) of a and b, or
 * max + 1 when it is over max. */
int cls_distance(const char *a, size_t na, const char *b, size_t nb, int max);

/* ---- the dictionary (dict.c) ---- */

enum cls_kind { KIND_NAME, KIND_ABBR, KIND_NONTEACHING, KIND_NOISE, KIND_N };
extern const char *const cls_kind_name[KIND_N];

#define CLS_MAX_PHRASE 8

typedef struct cls_entry {
    uint32_t line;                /* its line in the dictionary file */
    uint32_t term;                /* offset of the term as written, in d->text */
    uint8_t code;                 /* subject index; unused for noise */
    uint8_t kind;                 /* enum cls_kind */
    uint8_t ntok;                 /* folded tokens */
    uint32_t tok[CLS_MAX_PHRASE]; /* vocabulary ids */
} cls_entry;

/* Flags of a vocabulary token. */
enum {
    VOC_NOISE = 1, /* a noise word: dropped from titles and terms */
    VOC_FUZZY = 2, /* in a name or non-teaching term: typos reach it */
    VOC_HEAD = 4,  /* the single token of a name or non-teaching term, 4+ letters:
                      a compound word may start with it */
    VOC_TAIL = 8,  /* the single token of a non-teaching term, 4+ letters: a compound
                      word may end with it */
    VOC_CUT = 16,  /* in a name term: a word may be this one cut short ("matem");
                      non-teaching words are not, so that "ude" is not "udeleg" */
};

struct ungdb_subjects {
    char *source; /* what messages and explanations call the file */
    bool builtin; /* the built-in dictionary */
    char sha256[65];
    char *text; /* the terms as written, NUL-separated */
    size_t text_n, text_cap;
    cls_entry *entries;
    size_t nentries, entries_cap;
    /* The vocabulary: every distinct folded token of every term. */
    char *vocab; /* tokens NUL-terminated back to back */
    size_t vocab_n, vocab_cap;
    uint32_t *voff; /* token id -> offset in vocab */
    uint16_t *vlen;
    uint8_t *vflags;
    size_t nvoc, voc_cap;
    uint32_t *vslots; /* open addressing: token id + 1, 0 empty */
    size_t vslots_cap;
    /* Entries by their first token: by_first[first[v]..first[v+1]). */
    uint32_t *first, *by_first;
    /* Tokens with VOC_FUZZY, for the scans of typos and truncations. */
    uint32_t *fuzzy;
    size_t nfuzzy;
};

/* The id of a folded token, or UINT32_MAX. */
uint32_t cls_vocab_find(const ungdb_subjects *d, const char *s, size_t n);

/* The tier of a code when a title names several (classify.c). */
int cls_tier(int code);

#endif
