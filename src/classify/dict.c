/* dict.c - the subject dictionary: reading and checking the file
 * (data/subjects.tsv or another), folding its terms, and the vocabulary of
 * folded tokens that the matcher looks words up in. The format is in
 * docs/classify.md. */
#include "classify_int.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DICT_MAX_BYTES (4u << 20)
#define DICT_MAX_ENTRIES 100000u
#define DICT_MAX_LINE 4096u

const char *const cls_kind_name[KIND_N] = {"name", "abbr", "nonteaching", "noise"};

/* The built-in dictionary, generated from data/subjects.tsv by CMake
 * (scripts/embed.cmake). */
extern const char ungdb_builtin_subjects_tsv[];
extern const size_t ungdb_builtin_subjects_tsv_len;

const char *ungdb_subjects_builtin(size_t *len)
{
    *len = ungdb_builtin_subjects_tsv_len;
    return ungdb_builtin_subjects_tsv;
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint32_t cls_vocab_find(const ungdb_subjects *d, const char *s, size_t n)
{
    if (!d->vslots_cap) return UINT32_MAX;
    size_t mask = d->vslots_cap - 1;
    for (size_t i = hash_str(s, n) & mask;; i = (i + 1) & mask) {
        uint32_t v = d->vslots[i];
        if (!v) return UINT32_MAX;
        v--;
        if (d->vlen[v] == n && !memcmp(d->vocab + d->voff[v], s, n)) return v;
    }
}

/* The id of token s[0..n), added when new; UINT32_MAX when out of memory. */
static uint32_t vocab_add(ungdb_subjects *d, const char *s, size_t n)
{
    uint32_t v = cls_vocab_find(d, s, n);
    if (v != UINT32_MAX) return v;
    if ((d->nvoc + 1) * 2 > d->vslots_cap) {
        size_t cap = d->vslots_cap ? d->vslots_cap * 2 : 256;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots) return UINT32_MAX;
        for (size_t i = 0; i < d->nvoc; i++) {
            size_t j = hash_str(d->vocab + d->voff[i], d->vlen[i]) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = (uint32_t)i + 1;
        }
        free(d->vslots);
        d->vslots = slots;
        d->vslots_cap = cap;
    }
    if (!grow((void **)&d->vocab, &d->vocab_cap, d->vocab_n + n + 1, 1)) return UINT32_MAX;
    if (d->nvoc == d->voc_cap) {
        size_t cap = d->voc_cap ? d->voc_cap * 2 : 256;
        uint32_t *voff = realloc(d->voff, cap * sizeof *voff);
        if (voff) d->voff = voff;
        uint16_t *vlen = realloc(d->vlen, cap * sizeof *vlen);
        if (vlen) d->vlen = vlen;
        uint8_t *vflags = realloc(d->vflags, cap);
        if (vflags) d->vflags = vflags;
        if (!voff || !vlen || !vflags) return UINT32_MAX;
        d->voc_cap = cap;
    }
    v = (uint32_t)d->nvoc++;
    d->voff[v] = (uint32_t)d->vocab_n;
    d->vlen[v] = (uint16_t)n;
    d->vflags[v] = 0;
    memcpy(d->vocab + d->vocab_n, s, n);
    d->vocab[d->vocab_n + n] = '\0';
    d->vocab_n += n + 1;
    size_t j = hash_str(s, n) & (d->vslots_cap - 1);
    while (d->vslots[j])
        j = (j + 1) & (d->vslots_cap - 1);
    d->vslots[j] = v + 1;
    return v;
}

/* One line's fields, trimmed of spaces. */
typedef struct field {
    const char *p;
    size_t n;
} field;

static field trim(const char *p, size_t n)
{
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return (field){p, n};
}

/* A raw line kept between the two passes. */
typedef struct raw {
    uint32_t line;
    int code; /* subject index, -1 for "-" */
    int kind;
    field term;
} raw;

static ungdb_rc fail(ungdb_error *err, const ungdb_subjects *d, long line, const char *field_name,
                     const char *msg)
{
    return ungdb_error_set(err, UNGDB_EINPUT, d->source, line, field_name, "%s", msg);
}

/* Checks one line's columns into r; r->kind is -1 for a comment or blank line. */
static ungdb_rc parse_line(const ungdb_subjects *d, const char *p, size_t n, uint32_t line, raw *r,
                           ungdb_error *err)
{
    r->kind = -1;
    r->line = line;
    field all = trim(p, n);
    if (!all.n || all.p[0] == '#') return UNGDB_OK;
    if (n > DICT_MAX_LINE) return fail(err, d, line, "", "the line is over 4096 bytes");
    field f[5];
    size_t nf = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n && nf < 5; i++) {
        if (i == n || p[i] == '\t') {
            f[nf++] = trim(p + start, i - start);
            start = i + 1;
        }
    }
    /* A fourth column is allowed when it is a comment. */
    if (nf == 4 && f[3].n && f[3].p[0] == '#') nf = 3;
    if (nf != 3) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "expected 3 columns separated by tabs (code, term, kind), found %zu%s", nf,
                 nf == 1 ? " (are the columns separated by spaces instead of tabs?)" : "");
        return fail(err, d, line, "columns", msg);
    }
    if (!f[0].n) return fail(err, d, line, "code", "the code is empty");
    if (!f[1].n) return fail(err, d, line, "term", "the term is empty");
    if (!f[2].n) return fail(err, d, line, "kind", "the kind is empty");
    r->kind = -1;
    for (int k = 0; k < KIND_N; k++)
        if (strlen(cls_kind_name[k]) == f[2].n && !memcmp(cls_kind_name[k], f[2].p, f[2].n))
            r->kind = k;
    if (r->kind < 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "unknown kind '%.*s' (one of name, abbr, nonteaching, noise)",
                 (int)(f[2].n > 40 ? 40 : f[2].n), f[2].p);
        return fail(err, d, line, "kind", msg);
    }
    char code[40];
    if (f[0].n >= sizeof code) return fail(err, d, line, "code", "unknown code (too long)");
    memcpy(code, f[0].p, f[0].n);
    code[f[0].n] = '\0';
    r->code = strcmp(code, "-") ? ungdb_subject_find(code) : -1;
    if (strcmp(code, "-") && r->code < 0) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "unknown code '%s' (the codes are register spec section 7's, e.g. dansk, "
                 "matematik, anden; docs/classify.md lists them)",
                 code);
        return fail(err, d, line, "code", msg);
    }
    if (r->kind == KIND_NOISE && r->code >= 0)
        return fail(err, d, line, "code", "a noise word has the code '-'");
    if (r->kind != KIND_NOISE && r->code < 0)
        return fail(err, d, line, "code", "the code '-' is only for noise words");
    if (r->kind == KIND_NONTEACHING && r->code != UNGDB_SUBJECT_ANDEN)
        return fail(err, d, line, "code", "a nonteaching term has the code anden");
    r->term = f[1];
    return UNGDB_OK;
}

/* Folds a term; on a bad term fills err. */
static ungdb_rc fold_term(const ungdb_subjects *d, const raw *r, cls_tokens *t, ungdb_error *err)
{
    size_t bad;
    ungdb_rc rc = cls_fold(r->term.p, r->term.n, t, &bad);
    if (rc == UNGDB_EINPUT) {
        char msg[120];
        snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu of the term", bad + 1);
        return fail(err, d, r->line, "term", msg);
    }
    if (rc == UNGDB_ETOOBIG) return fail(err, d, r->line, "term", "the term is too long");
    return rc;
}

/* Orders entry pointers by folded tokens, then line. */
static int cmp_entries(const void *a, const void *b)
{
    const cls_entry *x = *(const cls_entry *const *)a;
    const cls_entry *y = *(const cls_entry *const *)b;
    if (x->ntok != y->ntok) return x->ntok < y->ntok ? -1 : 1;
    for (int i = 0; i < x->ntok; i++)
        if (x->tok[i] != y->tok[i]) return x->tok[i] < y->tok[i] ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static bool same_tokens(const cls_entry *a, const cls_entry *b)
{
    return a->ntok == b->ntok && !memcmp(a->tok, b->tok, a->ntok * sizeof a->tok[0]);
}

/* Two entries whose terms fold to the same tokens: the later line is an
 * error, naming the earlier one. */
static ungdb_rc dup_check(ungdb_subjects *d, ungdb_error *err)
{
    const cls_entry **idx = malloc((d->nentries + 1) * sizeof *idx);
    if (!idx) return UNGDB_ENOMEM;
    for (size_t i = 0; i < d->nentries; i++)
        idx[i] = &d->entries[i];
    qsort(idx, d->nentries, sizeof *idx, cmp_entries);
    /* Of all repeats, the one on the earliest line is reported, naming the
     * first line of its group. */
    const cls_entry *worst = NULL, *first = NULL;
    for (size_t i = 1, g = 0; i < d->nentries; i++) {
        if (!same_tokens(idx[i - 1], idx[i])) {
            g = i;
            continue;
        }
        if (!worst || idx[i]->line < worst->line) {
            worst = idx[i];
            first = idx[g];
        }
    }
    free(idx);
    if (!worst) return UNGDB_OK;
    char msg[400];
    if (worst->code != first->code || worst->kind != first->kind)
        snprintf(msg, sizeof msg,
                 "'%s' is the same term as '%s' on line %u once folded, but maps to %s (%s) "
                 "there and to %s (%s) here",
                 d->text + worst->term, d->text + first->term, first->line,
                 ungdb_subject_code[first->code], cls_kind_name[first->kind],
                 ungdb_subject_code[worst->code], cls_kind_name[worst->kind]);
    else
        snprintf(msg, sizeof msg, "'%s' repeats '%s' on line %u (the same once folded)",
                 d->text + worst->term, d->text + first->term, first->line);
    return fail(err, d, worst->line, "term", msg);
}

static ungdb_rc keep_term(ungdb_subjects *d, field term, uint32_t *off)
{
    if (!grow((void **)&d->text, &d->text_cap, d->text_n + term.n + 1, 1)) return UNGDB_ENOMEM;
    *off = (uint32_t)d->text_n;
    memcpy(d->text + d->text_n, term.p, term.n);
    d->text[d->text_n + term.n] = '\0';
    d->text_n += term.n + 1;
    return UNGDB_OK;
}

/* The second pass: one entry per term line, noise words already known. */
static ungdb_rc add_entry(ungdb_subjects *d, const raw *r, ungdb_error *err)
{
    cls_tokens t;
    ungdb_rc rc = fold_term(d, r, &t, err);
    if (rc) return rc;
    cls_entry e = {.line = r->line, .code = (uint8_t)r->code, .kind = (uint8_t)r->kind};
    for (size_t i = 0; i < t.n; i++) {
        const char *s = t.buf + t.off[i];
        if (t.digit[i]) continue; /* numbers never decide: "Dansk som 2. sprog" */
        uint32_t v = cls_vocab_find(d, s, t.len[i]);
        if (v != UINT32_MAX && (d->vflags[v] & VOC_NOISE)) continue;
        if (e.ntok == CLS_MAX_PHRASE) {
            free(t.buf);
            return fail(err, d, r->line, "term", "the term has more than 8 words");
        }
        v = vocab_add(d, s, t.len[i]);
        if (v == UINT32_MAX) {
            free(t.buf);
            return UNGDB_ENOMEM;
        }
        e.tok[e.ntok++] = v;
    }
    free(t.buf);
    if (!e.ntok)
        return fail(err, d, r->line, "term",
                    "the term has no word left once numbers, punctuation and noise words are "
                    "dropped");
    if (d->nentries >= DICT_MAX_ENTRIES)
        return fail(err, d, r->line, "", "more than 100000 entries");
    if (!grow((void **)&d->entries, &d->entries_cap, d->nentries + 1, sizeof *d->entries) ||
        keep_term(d, r->term, &e.term))
        return UNGDB_ENOMEM;
    bool fuzzy = e.kind == KIND_NAME || e.kind == KIND_NONTEACHING;
    for (int i = 0; i < e.ntok; i++) {
        if (fuzzy) d->vflags[e.tok[i]] |= VOC_FUZZY;
        if (e.kind == KIND_NAME) d->vflags[e.tok[i]] |= VOC_CUT;
    }
    if (fuzzy && e.ntok == 1 && d->vlen[e.tok[0]] >= 4) {
        d->vflags[e.tok[0]] |= VOC_HEAD;
        if (e.kind == KIND_NONTEACHING) d->vflags[e.tok[0]] |= VOC_TAIL;
    }
    d->entries[d->nentries++] = e;
    return UNGDB_OK;
}

static ungdb_rc add_noise(ungdb_subjects *d, const raw *r, ungdb_error *err)
{
    cls_tokens t;
    ungdb_rc rc = fold_term(d, r, &t, err);
    if (rc) return rc;
    if (t.n != 1 || t.digit[0]) {
        free(t.buf);
        return fail(err, d, r->line, "term", "a noise word is one word of letters");
    }
    uint32_t v = vocab_add(d, t.buf, t.len[0]);
    free(t.buf);
    if (v == UINT32_MAX) return UNGDB_ENOMEM;
    if (d->vflags[v] & VOC_NOISE) {
        char msg[120];
        snprintf(msg, sizeof msg, "the noise word '%.*s' is listed twice", (int)r->term.n,
                 r->term.p);
        return fail(err, d, r->line, "term", msg);
    }
    d->vflags[v] |= VOC_NOISE;
    return UNGDB_OK;
}

/* Entries by first token, and the list of fuzzy tokens. */
static ungdb_rc index_entries(ungdb_subjects *d)
{
    d->first = calloc(d->nvoc + 2, sizeof *d->first);
    d->by_first = malloc((d->nentries + 1) * sizeof *d->by_first);
    d->fuzzy = malloc((d->nvoc + 1) * sizeof *d->fuzzy);
    if (!d->first || !d->by_first || !d->fuzzy) return UNGDB_ENOMEM;
    for (size_t i = 0; i < d->nentries; i++)
        d->first[d->entries[i].tok[0] + 1]++;
    for (size_t v = 0; v < d->nvoc; v++)
        d->first[v + 1] += d->first[v];
    uint32_t *fill = calloc(d->nvoc + 1, sizeof *fill);
    if (!fill) return UNGDB_ENOMEM;
    for (size_t i = 0; i < d->nentries; i++) { /* in line order within a token */
        uint32_t v = d->entries[i].tok[0];
        d->by_first[d->first[v] + fill[v]++] = (uint32_t)i;
    }
    free(fill);
    for (size_t v = 0; v < d->nvoc; v++)
        if (d->vflags[v] & VOC_FUZZY) d->fuzzy[d->nfuzzy++] = (uint32_t)v;
    return UNGDB_OK;
}

ungdb_rc ungdb_subjects_parse(const char *text, size_t len, const char *name, ungdb_subjects **out,
                              ungdb_error *err)
{
    ungdb_error_clear(err);
    *out = NULL;
    ungdb_subjects *d = calloc(1, sizeof *d);
    if (!d) return UNGDB_ENOMEM;
    ungdb_rc rc = UNGDB_OK;
    raw *raws = NULL;
    size_t nraw = 0, raw_cap = 0;
    d->source = strdup(name ? name : "dictionary");
    if (!d->source) {
        rc = UNGDB_ENOMEM;
        goto done;
    }
    if (len > DICT_MAX_BYTES) {
        rc = ungdb_error_set(err, UNGDB_ETOOBIG, d->source, 0, "", "the dictionary is over 4 MiB");
        goto done;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(d->sha256 + 2 * i, 3, "%02x", digest[i]);
    size_t pos = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3; /* a BOM */
    /* Pass 1: every line's columns; noise words into the vocabulary. */
    for (uint32_t line = 1; pos < len; line++) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        size_t m = n && text[pos + n - 1] == '\r' ? n - 1 : n;
        raw r;
        rc = parse_line(d, text + pos, m, line, &r, err);
        if (rc) goto done;
        pos += n + 1;
        if (r.kind < 0) continue;
        if (r.kind == KIND_NOISE) {
            rc = add_noise(d, &r, err);
            if (rc) goto done;
            continue;
        }
        if (!grow((void **)&raws, &raw_cap, nraw + 1, sizeof *raws)) {
            rc = UNGDB_ENOMEM;
            goto done;
        }
        raws[nraw++] = r;
    }
    /* Pass 2: the terms, folded without noise words. */
    for (size_t i = 0; i < nraw; i++) {
        rc = add_entry(d, &raws[i], err);
        if (rc) goto done;
    }
    if (!d->nentries) {
        rc = ungdb_error_set(err, UNGDB_EINPUT, d->source, 0, "", "the dictionary has no entries");
        goto done;
    }
    rc = dup_check(d, err);
    if (!rc) rc = index_entries(d);
done:
    free(raws);
    if (rc) {
        if (rc == UNGDB_ENOMEM && !err->message[0])
            ungdb_error_set(err, rc, d->source ? d->source : "", 0, "", "out of memory");
        ungdb_subjects_free(d);
        return rc;
    }
    *out = d;
    return UNGDB_OK;
}

ungdb_rc ungdb_subjects_load(const char *path, ungdb_subjects **out, ungdb_error *err)
{
    ungdb_error_clear(err);
    *out = NULL;
    if (!path) {
        size_t n;
        const char *t = ungdb_subjects_builtin(&n);
        ungdb_rc rc = ungdb_subjects_parse(t, n, "data/subjects.tsv", out, err);
        if (!rc) (*out)->builtin = true;
        return rc;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot read the dictionary: %s",
                               strerror(errno));
    char *buf = malloc(DICT_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return UNGDB_ENOMEM;
    }
    size_t n = fread(buf, 1, DICT_MAX_BYTES + 1, f);
    bool rerr = ferror(f);
    fclose(f);
    ungdb_rc rc;
    if (rerr)
        rc = ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot read the dictionary");
    else if (n > DICT_MAX_BYTES)
        rc = ungdb_error_set(err, UNGDB_ETOOBIG, path, 0, "", "the dictionary is over 4 MiB");
    else
        rc = ungdb_subjects_parse(buf, n, path, out, err);
    free(buf);
    return rc;
}

void ungdb_subjects_free(ungdb_subjects *d)
{
    if (!d) return;
    free(d->source);
    free(d->text);
    free(d->entries);
    free(d->vocab);
    free(d->voff);
    free(d->vlen);
    free(d->vflags);
    free(d->vslots);
    free(d->first);
    free(d->by_first);
    free(d->fuzzy);
    free(d);
}

const char *ungdb_subjects_source(const ungdb_subjects *d)
{
    return d->builtin ? "data/subjects.tsv (built in)" : d->source;
}

const char *ungdb_subjects_sha256(const ungdb_subjects *d)
{
    return d->sha256;
}

size_t ungdb_subjects_count(const ungdb_subjects *d)
{
    return d->nentries;
}
