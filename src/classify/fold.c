/* fold.c - the one folded form in which titles and dictionary terms are
 * compared: Unicode compatibility normalisation and case folding (utf8proc),
 * then æ ø å -> ae oe aa (and ä ö -> ae oe), other accents dropped, and a
 * split into tokens of letters or of digits. See docs/classify.md. */
#include "classify_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Appends one character class run; `cls` is 0 for a separator, 1 for a
 * letter, 2 for a digit. A change of class ends the current token. */
typedef struct folder {
    cls_tokens *t;
    char *out;
    size_t n, cap;
    int cur; /* class of the token being built, 0 when none */
} folder;

static void end_token(folder *f)
{
    cls_tokens *t = f->t;
    /* A token is only started while t->n < CLS_MAX_TOKENS (put). */
    if (f->cur) {
        t->len[t->n] = (uint16_t)(f->n - t->off[t->n]);
        t->digit[t->n] = f->cur == 2;
        t->n++;
        f->out[f->n++] = '\0';
    }
    f->cur = 0;
}

/* Adds bytes of class cls (1 letter, 2 digit). */
static void put(folder *f, int cls, const char *b, size_t n)
{
    if (f->t->n >= CLS_MAX_TOKENS) return;
    if (f->cur != cls) {
        end_token(f);
        if (f->t->n >= CLS_MAX_TOKENS) return;
        f->t->off[f->t->n] = (uint32_t)f->n;
        f->cur = cls;
    }
    memcpy(f->out + f->n, b, n);
    f->n += n;
}

ungdb_rc cls_fold(const char *s, size_t len, cls_tokens *t, size_t *bad)
{
    memset(t, 0, sizeof *t);
    *bad = 0;
    if (len > CLS_MAX_BYTES) return UNGDB_ETOOBIG;
    /* Check the bytes first, so that the message can name the offset. */
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp == 0) {
            *bad = i;
            return UNGDB_EINPUT;
        }
        i += (size_t)k;
    }
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t nn =
        len ? utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &norm,
                           UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                               UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)
            : 0;
    if (nn < 0) {
        *bad = 0;
        return nn == UTF8PROC_ERROR_NOMEM ? UNGDB_ENOMEM : UNGDB_EINPUT;
    }
    /* Folding at most doubles a character's bytes (æ -> ae) and adds one
     * NUL per token. */
    folder f = {.t = t, .cap = (size_t)nn * 2 + CLS_MAX_TOKENS + 2};
    f.out = malloc(f.cap);
    if (!f.out) {
        free(norm);
        return UNGDB_ENOMEM;
    }
    for (utf8proc_ssize_t i = 0; i < nn;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(norm + i, nn - i, &cp);
        if (k <= 0) break; /* cannot happen: utf8proc_map wrote valid UTF-8 */
        const char *raw = (const char *)norm + i;
        i += k;
        if (cp >= 'a' && cp <= 'z') {
            char c = (char)cp;
            put(&f, 1, &c, 1);
            continue;
        }
        if (cp >= '0' && cp <= '9') {
            char c = (char)cp;
            put(&f, 2, &c, 1);
            continue;
        }
        switch (cp) {
        case 0x00E6:             /* æ */
        case 0x00E4:             /* ä (composed forms do not occur after decomposition, */
            put(&f, 1, "ae", 2); /* but æ has no decomposition) */
            continue;
        case 0x00F8: /* ø */
        case 0x0153: /* œ */
            put(&f, 1, "oe", 2);
            continue;
        case 0x00F0: /* ð */
            put(&f, 1, "d", 1);
            continue;
        case 0x0131: /* dotless i */
            put(&f, 1, "i", 1);
            continue;
        default:
            break;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
            cat == UTF8PROC_CATEGORY_ME) {
            /* A combining mark after a letter: å -> aa, ä ö -> ae oe, others
             * dropped (é -> e). A mark elsewhere is dropped too. */
            char prev = f.cur == 1 && f.n > t->off[t->n] ? f.out[f.n - 1] : 0;
            if (cp == 0x030A && prev == 'a')
                put(&f, 1, "a", 1);
            else if (cp == 0x0308 && (prev == 'a' || prev == 'o'))
                put(&f, 1, "e", 1);
            continue;
        }
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            put(&f, 1, raw, (size_t)k); /* another script's letter, kept as it is */
            continue;
        }
        if (cat == UTF8PROC_CATEGORY_ND) {
            put(&f, 2, raw, (size_t)k);
            continue;
        }
        end_token(&f); /* punctuation, symbols, spaces, controls separate tokens */
    }
    end_token(&f);
    free(norm);
    t->buf = f.out;
    return UNGDB_OK;
}

int cls_distance(const char *a, size_t na, const char *b, size_t nb, int max)
{
    if (na > 64 || nb > 64) return max + 1;
    size_t d = na > nb ? na - nb : nb - na;
    if ((int)d > max) return max + 1;
    /* Three rows of the optimal-string-alignment table. */
    int r0[65], r1[65], r2[65];
    int *pp = r0, *p = r1, *c = r2;
    for (size_t j = 0; j <= nb; j++)
        p[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        c[0] = (int)i;
        int best = c[0];
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = p[j] + 1;
            if (c[j - 1] + 1 < v) v = c[j - 1] + 1;
            if (p[j - 1] + cost < v) v = p[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < best) best = v;
        }
        if (best > max) return max + 1;
        int *tmp = pp;
        pp = p;
        p = c;
        c = tmp;
    }
    return p[nb] > max ? max + 1 : p[nb];
}
