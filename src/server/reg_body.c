/* reg_body.c - the registrations body of a whole lesson without jansson.
 * Registering a whole lesson is the server's most frequent request, and
 * jansson's parse of its 25-30 small objects (a hash table and a malloc for
 * every key and value) was an eighth of the server's CPU (docs/bench.md).
 * reg_fast reads the usual shape directly:
 *   {"registrations":[{"person":N,"present":B,"absent_minutes":N,
 *                      "lawful":B,"reason":"S"}, ...]}
 * keys in any order, any JSON whitespace, "reason" a string of printable
 * ASCII without escapes (or null), numbers plain integers. Anything else (an
 * escape, another key, a duplicate key, a value of another type, a number
 * with a sign, fraction or exponent, trailing text) makes it give up, and
 * the handler takes the full path through jansson and in_* as before. The
 * rules of the request are checked afterwards on the parsed rows
 * (reg_fast_check), again giving up on any breach, so that every error
 * answer comes from the full path alone: the fast path only accepts bodies
 * the full path accepts, with the same rows. fuzz/fuzz_reg_body.c holds
 * that against jansson on arbitrary bytes. */

#include "reg_body.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct reg_parse {
    const char *p, *end;
} reg_parse;

static void ws(reg_parse *q)
{
    while (q->p < q->end && (*q->p == ' ' || *q->p == '\t' || *q->p == '\n' || *q->p == '\r'))
        q->p++;
}

static bool lit(reg_parse *q, char c)
{
    ws(q);
    if (q->p < q->end && *q->p == c) {
        q->p++;
        return true;
    }
    return false;
}

/* A string of printable ASCII without escapes; *s and *n point into the body. */
static bool plain_string(reg_parse *q, const char **s, size_t *n)
{
    if (!lit(q, '"')) return false;
    const char *b = q->p;
    while (q->p < q->end && *q->p != '"') {
        unsigned char c = (unsigned char)*q->p;
        if (c < 0x20 || c > 0x7e || c == '\\') return false;
        q->p++;
    }
    if (q->p == q->end) return false;
    *s = b;
    *n = (size_t)(q->p - b);
    q->p++;
    return true;
}

/* A non-negative integer without sign, fraction, exponent or leading zero,
 * at most 18 digits (jansson reads it as the same integer). */
static bool plain_int(reg_parse *q, int64_t *out)
{
    ws(q);
    const char *b = q->p;
    int64_t v = 0;
    while (q->p < q->end && *q->p >= '0' && *q->p <= '9' && q->p - b < 18)
        v = v * 10 + (*q->p++ - '0');
    size_t n = (size_t)(q->p - b);
    if (n == 0 || (n > 1 && *b == '0')) return false;
    /* a 19th digit, a fraction or an exponent: not this shape */
    if (q->p < q->end &&
        ((*q->p >= '0' && *q->p <= '9') || *q->p == '.' || *q->p == 'e' || *q->p == 'E'))
        return false;
    *out = v;
    return true;
}

static bool plain_bool(reg_parse *q, int *out)
{
    ws(q);
    size_t left = (size_t)(q->end - q->p);
    if (left >= 4 && !memcmp(q->p, "true", 4)) {
        q->p += 4;
        *out = 1;
        return true;
    }
    if (left >= 5 && !memcmp(q->p, "false", 5)) {
        q->p += 5;
        *out = 0;
        return true;
    }
    return false;
}

static bool is_key(const char *s, size_t n, const char *key)
{
    return strlen(key) == n && !memcmp(s, key, n);
}

/* One registration object; false when it is not of the usual shape. */
static bool reg_fast_one(reg_parse *q, reg_raw *x)
{
    *x = (reg_raw){.minutes = -1, .lawful = -1};
    unsigned have = 0;
    if (!lit(q, '{')) return false;
    do {
        const char *k;
        size_t nk;
        unsigned bit;
        if (!plain_string(q, &k, &nk) || !lit(q, ':')) return false;
        if (is_key(k, nk, "person")) {
            bit = 1;
            if (!plain_int(q, &x->person)) return false;
        } else if (is_key(k, nk, "present")) {
            bit = 2;
            if (!plain_bool(q, &x->present)) return false;
        } else if (is_key(k, nk, "absent_minutes")) {
            bit = 4;
            if (!plain_int(q, &x->minutes)) return false;
        } else if (is_key(k, nk, "lawful")) {
            bit = 8;
            if (!plain_bool(q, &x->lawful)) return false;
        } else if (is_key(k, nk, "reason")) {
            bit = 16;
            ws(q);
            if ((size_t)(q->end - q->p) >= 4 && !memcmp(q->p, "null", 4))
                q->p += 4; /* null: not given, as in_str reads it */
            else if (!plain_string(q, &x->reason, &x->nreason))
                return false;
        } else {
            return false;
        }
        if (have & bit) return false; /* a duplicate key */
        have |= bit;
    } while (lit(q, ','));
    return lit(q, '}') && (have & 3) == 3;
}

reg_raw *reg_fast(const char *body, size_t n, size_t *count)
{
    reg_parse q = {body, body + n};
    const char *k;
    size_t nk;
    if (!body || !lit(&q, '{') || !plain_string(&q, &k, &nk) || !is_key(k, nk, "registrations") ||
        !lit(&q, ':') || !lit(&q, '['))
        return NULL;
    size_t cap = 32, m = 0;
    reg_raw *x = malloc(cap * sizeof *x);
    if (!x) return NULL;
    do {
        if (m == 1000) goto fail;
        if (m == cap) {
            reg_raw *g = realloc(x, (cap *= 2) * sizeof *x);
            if (!g) goto fail;
            x = g;
        }
        if (!reg_fast_one(&q, &x[m++])) goto fail;
    } while (lit(&q, ','));
    if (!lit(&q, ']') || !lit(&q, '}')) goto fail;
    ws(&q);
    if (q.p != q.end) goto fail;
    *count = m;
    return x;
fail:
    free(x);
    return NULL;
}
