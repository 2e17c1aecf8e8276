/* classify.c - from a lesson title to a subject code (register spec § 7):
 * the codes, the matcher (exact words, phrases, joined letters, truncations,
 * typos, compounds) and the decision when a title names several things.
 * Every rule is described in docs/classify.md. */
#include "classify_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Register spec § 7, in its order. */
const char *const ungdb_subject_code[UNGDB_SUBJECT_N] = {"dansk",
                                                         "dsa",
                                                         "engelsk",
                                                         "tysk",
                                                         "fransk",
                                                         "spansk",
                                                         "kristendom",
                                                         "historie",
                                                         "samfundsfag",
                                                         "matematik",
                                                         "natur_teknologi",
                                                         "geografi",
                                                         "biologi",
                                                         "fysik_kemi",
                                                         "idraet",
                                                         "musik",
                                                         "billedkunst",
                                                         "haandvaerk_design",
                                                         "madkundskab",
                                                         "teknologi",
                                                         "uu",
                                                         "valgfag",
                                                         "modersmaal",
                                                         "specialundervisning",
                                                         "klassens_tid",
                                                         "emne",
                                                         "lektiecafe",
                                                         "praktik",
                                                         "anden"};

const char *const ungdb_subject_name[UNGDB_SUBJECT_N] = {"Dansk",
                                                         "Dansk som andetsprog",
                                                         "Engelsk",
                                                         "Tysk",
                                                         "Fransk",
                                                         "Spansk",
                                                         "Kristendomskundskab",
                                                         "Historie",
                                                         "Samfundsfag",
                                                         "Matematik",
                                                         "Natur/teknologi",
                                                         "Geografi",
                                                         "Biologi",
                                                         "Fysik/kemi",
                                                         "Idræt",
                                                         "Musik",
                                                         "Billedkunst",
                                                         "Håndværk og design",
                                                         "Madkundskab",
                                                         "Teknologiforståelse",
                                                         "Understøttende undervisning",
                                                         "Valgfag",
                                                         "Modersmålsundervisning",
                                                         "Specialundervisning",
                                                         "Klassens tid",
                                                         "Obligatoriske emner",
                                                         "Lektiecafé / faglig fordybelse",
                                                         "Erhvervspraktik / brobygning",
                                                         "Anden fagbetegnelse"};

int ungdb_subject_find(const char *code)
{
    for (int i = 0; i < UNGDB_SUBJECT_N; i++)
        if (!strcmp(code, ungdb_subject_code[i])) return i;
    return -1;
}

/* When a title names several codes, the highest tier decides: the frame of
 * the lesson (UUV, lektiecafé, specialundervisning, DSA, modersmål, klassens
 * tid, praktik: "UUV dansk" is understøttende undervisning) goes before a
 * subject, and a subject goes before the containers valgfag and anden
 * ("Valgfag: madkundskab" is madkundskab). See docs/classify.md. */
enum { TIER_CONTAINER = 1, TIER_SUBJECT = 2, TIER_FRAME = 3 };

int cls_tier(int code)
{
    switch (code) {
    case 1:  /* dsa */
    case 20: /* uu */
    case 22: /* modersmaal */
    case 23: /* specialundervisning */
    case 24: /* klassens_tid */
    case 26: /* lektiecafe */
    case 27: /* praktik */
        return TIER_FRAME;
    case 21: /* valgfag */
    case UNGDB_SUBJECT_ANDEN:
        return TIER_CONTAINER;
    default:
        return TIER_SUBJECT;
    }
}

/* How a title's words met an entry, best first. */
enum mode { M_EXACT, M_JOINED, M_TYPO, M_TRUNC, M_COMPOUND };
static const char *const mode_name[] = {"exact", "joined", "typo", "truncated", "compound"};

typedef struct cand {
    uint32_t v;   /* vocabulary token */
    uint8_t mode; /* M_EXACT, M_TYPO, M_TRUNC or M_COMPOUND */
    uint8_t dist; /* typo distance */
} cand;
#define MAX_CANDS 16

typedef struct match {
    uint32_t entry;
    uint8_t start, len; /* words of the title (after noise is dropped) */
    uint8_t mode;       /* the worst of its words */
    uint8_t dist;       /* typo distances added up */
} match;
#define MAX_MATCHES 256

/* The work of one title. */
typedef struct work {
    const ungdb_subjects *d;
    cls_tokens t;
    uint8_t w[CLS_MAX_TOKENS];   /* words: indices into t, noise and numbers dropped */
    uint8_t adj[CLS_MAX_TOKENS]; /* word i follows word i-1 with nothing dropped between */
    size_t nw;
    cand c[CLS_MAX_TOKENS][MAX_CANDS];
    uint8_t nc[CLS_MAX_TOKENS];
    match m[MAX_MATCHES];
    size_t nm;
} work;

static const char *word(const work *k, size_t i, size_t *n)
{
    *n = k->t.len[k->w[i]];
    return k->t.buf + k->t.off[k->w[i]];
}

static const char *voc(const ungdb_subjects *d, uint32_t v)
{
    return d->vocab + d->voff[v];
}

static void add_cand(work *k, size_t i, uint32_t v, int mode, int dist)
{
    for (size_t j = 0; j < k->nc[i]; j++)
        if (k->c[i][j].v == v) return;
    if (k->nc[i] < MAX_CANDS) k->c[i][k->nc[i]++] = (cand){v, (uint8_t)mode, (uint8_t)dist};
}

/* Typos allowed between a word and a dictionary word: none when the shorter
 * is under 5 letters (short abbreviations never collide), 1 up to 10, 2 from
 * 11 (docs/classify.md, "Typos"). */
static int typo_allowance(size_t a, size_t b)
{
    size_t n = a < b ? a : b;
    return n >= 11 ? 2 : n >= 5 ? 1 : 0;
}

/* Under 5 letters a typo is only taken in two narrow forms (below), so that
 * short words and abbreviations never turn into each other. Two 4-letter
 * words that differ by one swap of neighbours, first letter kept ("tyks" for
 * "tysk"). */
static bool swap4(const char *a, const char *b)
{
    if (a[0] != b[0]) return false;
    for (int i = 1; i < 3; i++)
        if (a[i] != b[i])
            return a[i] == b[i + 1] && a[i + 1] == b[i] && (i + 2 > 3 || a[i + 2] == b[i + 2]);
    return false;
}

/* A 4-letter word that is a 5-letter word with one letter left out, the
 * first letter kept ("msik" for "musik"). */
static bool drop5(const char *a, const char *b)
{
    if (a[0] != b[0]) return false;
    int skipped = 0;
    for (int i = 1, j = 1; i < 4; j++) {
        if (a[i] == b[j]) {
            i++;
            continue;
        }
        if (skipped++) return false;
    }
    return true;
}

/* The dictionary words that word i can stand for. */
static void candidates(work *k, size_t i)
{
    const ungdb_subjects *d = k->d;
    size_t n;
    const char *s = word(k, i, &n);
    uint32_t v = cls_vocab_find(d, s, n);
    if (v != UINT32_MAX) {
        add_cand(k, i, v, M_EXACT, 0);
        /* A word of a name is taken as it is; a word known only from an
         * abbreviation ("und" of "spec.und") may still be a name cut short. */
        if (d->vflags[v] & VOC_FUZZY) return;
    }
    /* Typos: only the closest (a same first letter counts as closer). */
    int best = 99;
    cand typos[MAX_CANDS];
    size_t nt = 0;
    for (size_t f = 0; f < d->nfuzzy; f++) {
        uint32_t u = d->fuzzy[f];
        size_t un = d->vlen[u];
        const char *us = voc(d, u);
        if (n >= 3 && n < un && (d->vflags[u] & VOC_CUT) && !memcmp(s, us, n))
            add_cand(k, i, u, M_TRUNC, 0);
        int allow = typo_allowance(n, un), dist;
        if (allow)
            dist = cls_distance(s, n, us, un, allow);
        else if ((n == 4 && un == 4 && swap4(s, us)) || (n == 4 && un == 5 && drop5(s, us)))
            dist = 1;
        else
            continue;
        if (dist > (allow ? allow : 1)) continue;
        int key = dist * 2 + (s[0] != us[0]);
        if (key < best) {
            best = key;
            nt = 0;
        }
        if (key == best && nt < MAX_CANDS) typos[nt++] = (cand){u, M_TYPO, (uint8_t)dist};
    }
    for (size_t j = 0; j < nt; j++)
        add_cand(k, i, typos[j].v, M_TYPO, typos[j].dist);
    if (k->nc[i]) return;
    /* A compound: starts with a name ("dansktime"), or ends with a
     * non-teaching word ("forældremøde"); the longest such. */
    uint32_t head = UINT32_MAX, tail = UINT32_MAX;
    for (size_t f = 0; f < d->nfuzzy; f++) {
        uint32_t u = d->fuzzy[f];
        size_t un = d->vlen[u];
        if (un >= n) continue;
        const char *us = voc(d, u);
        if ((d->vflags[u] & VOC_HEAD) && !memcmp(s, us, un) &&
            (head == UINT32_MAX || un > d->vlen[head]))
            head = u;
        if ((d->vflags[u] & VOC_TAIL) && !memcmp(s + n - un, us, un) &&
            (tail == UINT32_MAX || un > d->vlen[tail]))
            tail = u;
    }
    if (tail != UINT32_MAX) add_cand(k, i, tail, M_COMPOUND, 0);
    if (head != UINT32_MAX) add_cand(k, i, head, M_COMPOUND, 0);
}

static void add_match(work *k, uint32_t e, size_t start, size_t len, int mode, int dist)
{
    if (k->nm < MAX_MATCHES)
        k->m[k->nm++] = (match){e, (uint8_t)start, (uint8_t)len, (uint8_t)mode, (uint8_t)dist};
}

/* Every entry that matches at word i: phrases word by word, and runs of 2-3
 * words written apart that are one dictionary word ("N/T" is "nt"). */
static void matches_at(work *k, size_t i)
{
    const ungdb_subjects *d = k->d;
    for (size_t ci = 0; ci < k->nc[i]; ci++) {
        const cand *c0 = &k->c[i][ci];
        for (uint32_t x = d->first[c0->v]; x < d->first[c0->v + 1]; x++) {
            const cls_entry *e = &d->entries[d->by_first[x]];
            if (i + e->ntok > k->nw) continue;
            int mode = c0->mode, dist = c0->dist;
            bool ok = true;
            for (size_t j = 1; ok && j < e->ntok; j++) {
                ok = false;
                for (size_t cj = 0; cj < k->nc[i + j]; cj++) {
                    const cand *c = &k->c[i + j][cj];
                    if (c->v != e->tok[j]) continue;
                    ok = true;
                    if (c->mode > mode) mode = c->mode;
                    dist += c->dist;
                    break;
                }
            }
            if (!ok) continue;
            /* An abbreviation is only ever taken as written. */
            if (e->kind == KIND_ABBR && mode != M_EXACT) continue;
            add_match(k, d->by_first[x], i, e->ntok, mode, dist);
        }
    }
    char joined[72];
    size_t jn = 0;
    for (size_t len = 1; len <= 3 && i + len <= k->nw; len++) {
        if (len > 1 && !k->adj[i + len - 1]) break;
        size_t n;
        const char *s = word(k, i + len - 1, &n);
        if (jn + n >= sizeof joined) break;
        memcpy(joined + jn, s, n);
        jn += n;
        if (len == 1) continue;
        uint32_t v = cls_vocab_find(d, joined, jn);
        if (v == UINT32_MAX) continue;
        for (uint32_t x = d->first[v]; x < d->first[v + 1]; x++)
            if (d->entries[d->by_first[x]].ntok == 1)
                add_match(k, d->by_first[x], i, len, M_JOINED, 0);
    }
}

static int cmp_match(const void *a, const void *b, const ungdb_subjects *d)
{
    const match *x = a, *y = b;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    if (x->mode != y->mode) return x->mode < y->mode ? -1 : 1;
    if (x->dist != y->dist) return x->dist < y->dist ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    uint32_t lx = d->entries[x->entry].line, ly = d->entries[y->entry].line;
    return lx < ly ? -1 : lx > ly;
}

/* Insertion sort: few matches, and qsort has no context argument. */
static void sort_matches(work *k)
{
    for (size_t i = 1; i < k->nm; i++)
        for (size_t j = i; j > 0 && cmp_match(&k->m[j], &k->m[j - 1], k->d) < 0; j--) {
            match t = k->m[j];
            k->m[j] = k->m[j - 1];
            k->m[j - 1] = t;
        }
}

/* A bounded appender for the explanation. */
typedef struct why {
    char *p;
    size_t n, cap;
} why;

static void say(why *y, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(why *y, const char *fmt, ...)
{
    if (y->n + 1 >= y->cap) return;
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(y->p + y->n, y->cap - y->n, fmt, ap);
    va_end(ap);
    if (r > 0) y->n += (size_t)r < y->cap - y->n ? (size_t)r : y->cap - y->n - 1;
}

static const char *kind_word(int kind)
{
    return kind == KIND_NONTEACHING ? "non-teaching" : cls_kind_name[kind];
}

/* `name "Matematik" (data/subjects.tsv:12) typo "matmatik" distance 1` */
static void describe(why *y, const work *k, const match *m)
{
    const ungdb_subjects *d = k->d;
    const cls_entry *e = &d->entries[m->entry];
    say(y, "%s \"%s\" (%s:%u) %s", kind_word(e->kind), d->text + e->term, d->source, e->line,
        mode_name[m->mode]);
    if (m->mode == M_EXACT) return;
    say(y, " \"");
    for (size_t i = m->start; i < (size_t)m->start + m->len; i++) {
        size_t n;
        const char *s = word(k, i, &n);
        say(y, "%s%.*s", i > m->start ? " " : "", (int)n, s);
    }
    say(y, "\"");
    if (m->mode == M_TYPO) say(y, " distance %u", (unsigned)m->dist);
}

/* A full match names the subject in full (a name taken as written, joined
 * or with a typo); abbreviations, truncations and compounds are weaker. */
static bool full(const work *k, const match *m)
{
    const cls_entry *e = &k->d->entries[m->entry];
    return e->kind != KIND_ABBR && m->mode <= M_TYPO;
}

static void result(ungdb_classification *out, int code)
{
    out->subject = code;
    out->code = ungdb_subject_code[code];
}

static void decide(work *k, ungdb_classification *out, why *y)
{
    const ungdb_subjects *d = k->d;
    sort_matches(k);
    /* Take the best matches that do not overlap (longest, then best mode,
     * then fewest typos, then leftmost, then earliest line). */
    uint8_t covered[CLS_MAX_TOKENS] = {0};
    match chosen[CLS_MAX_TOKENS];
    size_t nch = 0;
    const match *tie_a = NULL, *tie_b = NULL;
    for (size_t i = 0; i < k->nm; i++) {
        const match *m = &k->m[i];
        bool free_span = true;
        for (size_t j = m->start; j < (size_t)m->start + m->len; j++)
            free_span = free_span && !covered[j];
        if (!free_span) continue;
        /* An equally good match of the same words that means another code
         * makes those words ambiguous: neither is taken. */
        const match *other = NULL;
        for (size_t j = i + 1; j < k->nm; j++) {
            const match *n = &k->m[j];
            if (n->len != m->len || n->mode != m->mode || n->dist != m->dist ||
                n->start != m->start)
                break;
            const cls_entry *a = &d->entries[m->entry], *b = &d->entries[n->entry];
            if (a->code != b->code ||
                (a->kind == KIND_NONTEACHING) != (b->kind == KIND_NONTEACHING))
                other = n;
        }
        for (size_t j = m->start; j < (size_t)m->start + m->len; j++)
            covered[j] = 1;
        if (other) {
            if (!tie_a) {
                tie_a = m;
                tie_b = other;
            }
            continue;
        }
        chosen[nch++] = *m;
    }
    /* Non-teaching anywhere: the title is not teaching. */
    for (size_t i = 0; i < nch; i++)
        if (d->entries[chosen[i].entry].kind == KIND_NONTEACHING) {
            result(out, UNGDB_SUBJECT_ANDEN);
            say(y, "not teaching: ");
            describe(y, k, &chosen[i]);
            return;
        }
    if (!nch) {
        result(out, UNGDB_SUBJECT_ANDEN);
        if (tie_a) {
            say(y, "ambiguous: ");
            describe(y, k, tie_a);
            say(y, " means %s, ", ungdb_subject_code[d->entries[tie_a->entry].code]);
            describe(y, k, tie_b);
            say(y, " means %s", ungdb_subject_code[d->entries[tie_b->entry].code]);
            return;
        }
        say(y, "no entry matched");
        if (k->nw) {
            say(y, " \"");
            for (size_t i = 0; i < k->nw; i++) {
                size_t n;
                const char *s = word(k, i, &n);
                say(y, "%s%.*s", i ? " " : "", (int)n, s);
            }
            say(y, "\"");
        } else {
            say(y, " (no words once numbers, punctuation and noise words are dropped)");
        }
        return;
    }
    /* The highest tier present decides. */
    int top = 0;
    for (size_t i = 0; i < nch; i++) {
        int t = cls_tier(d->entries[chosen[i].entry].code);
        if (t > top) top = t;
    }
    /* Distinct codes of that tier, with their first match, and whether any
     * of their matches is full. */
    int codes[CLS_MAX_TOKENS];
    const match *first[CLS_MAX_TOKENS];
    bool isfull[CLS_MAX_TOKENS];
    size_t ncodes = 0, nfull = 0;
    /* Chosen matches in title order for stable explanations. */
    for (size_t i = 1; i < nch; i++)
        for (size_t j = i; j > 0 && chosen[j].start < chosen[j - 1].start; j--) {
            match t = chosen[j];
            chosen[j] = chosen[j - 1];
            chosen[j - 1] = t;
        }
    for (size_t i = 0; i < nch; i++) {
        int code = d->entries[chosen[i].entry].code;
        if (cls_tier(code) != top) continue;
        size_t c = 0;
        while (c < ncodes && codes[c] != code)
            c++;
        if (c == ncodes) {
            codes[ncodes] = code;
            first[ncodes] = &chosen[i];
            isfull[ncodes++] = false;
        }
        if (full(k, &chosen[i]) && !isfull[c]) {
            isfull[c] = true;
            first[c] = &chosen[i];
            nfull++;
        }
    }
    size_t win = 0;
    if (ncodes > 1) {
        if (nfull != 1) {
            result(out, UNGDB_SUBJECT_ANDEN);
            say(y, "ambiguous, names several subjects: ");
            for (size_t c = 0; c < ncodes; c++) {
                say(y, "%s%s by ", c ? "; " : "", ungdb_subject_code[codes[c]]);
                describe(y, k, first[c]);
            }
            return;
        }
        while (!isfull[win])
            win++;
    }
    result(out, codes[win]);
    describe(y, k, first[win]);
    for (size_t c = 0; c < ncodes; c++)
        if (c != win) {
            say(y, "; goes before %s by ", ungdb_subject_code[codes[c]]);
            describe(y, k, first[c]);
            say(y, " (a full name goes before an abbreviation)");
        }
    /* Lower tiers that lost. */
    int shown[UNGDB_SUBJECT_N] = {0};
    for (size_t i = 0; i < nch; i++) {
        int code = d->entries[chosen[i].entry].code;
        if (cls_tier(code) == top || shown[code]) continue;
        shown[code] = 1;
        say(y, "; goes before %s (%s)", ungdb_subject_code[code],
            top == TIER_FRAME ? "the lesson's frame goes before a subject named in it"
                              : "a subject goes before valgfag and anden");
    }
}

ungdb_rc ungdb_classify(const ungdb_subjects *d, const char *s, size_t len,
                        ungdb_classification *out)
{
    why y = {out->why, 0, sizeof out->why};
    out->why[0] = '\0';
    result(out, UNGDB_SUBJECT_ANDEN);
    work *k = malloc(sizeof *k);
    if (!k) {
        say(&y, "out of memory");
        return UNGDB_ENOMEM;
    }
    k->d = d;
    k->nm = 0;
    k->nw = 0;
    size_t bad;
    ungdb_rc rc = cls_fold(s, len, &k->t, &bad);
    if (rc) {
        if (rc == UNGDB_EINPUT)
            say(&y, "invalid UTF-8 at byte %zu", bad + 1);
        else if (rc == UNGDB_ETOOBIG)
            say(&y, "the title is over %d bytes", CLS_MAX_BYTES);
        else
            say(&y, "out of memory");
        free(k);
        return rc;
    }
    /* Words: numbers ("4.a" is 4 and a) and noise words dropped. */
    bool dropped = false;
    for (size_t i = 0; i < k->t.n; i++) {
        uint32_t v =
            k->t.digit[i] ? UINT32_MAX : cls_vocab_find(d, k->t.buf + k->t.off[i], k->t.len[i]);
        if (k->t.digit[i] || (v != UINT32_MAX && (d->vflags[v] & VOC_NOISE))) {
            dropped = true;
            continue;
        }
        k->adj[k->nw] = !dropped && k->nw > 0;
        k->w[k->nw++] = (uint8_t)i;
        dropped = false;
    }
    for (size_t i = 0; i < k->nw; i++) {
        k->nc[i] = 0;
        candidates(k, i);
    }
    for (size_t i = 0; i < k->nw; i++)
        matches_at(k, i);
    decide(k, out, &y);
    free(k->t.buf);
    free(k);
    return UNGDB_OK;
}
