/* csv.c - the streaming RFC 4180 reader of include/ungdb/csv.h.
 *
 * The input is memory-mapped (read-only, MAP_PRIVATE) or, when that is not
 * possible (pipes, devices, mmap failing), read whole into a buffer. Fields
 * are slices into the input; only a quoted field with doubled quotes ("")
 * is unescaped, into a scratch buffer owned by the reader and reused for
 * every record.
 *
 * Speed. The hot path is an unquoted field: find_special() jumps to the next
 * ',', '\n' or '"' 16 bytes at a time (SSE2) or 8 bytes at a time (portable
 * word-at-a-time code), and the whole raw record is checked for UTF-8 at once
 * with an ASCII fast path; fields are checked one by one only when the record
 * is not valid, to name the bad one. '\r' is not a special byte: a field that
 * ends at '\n' simply loses one trailing '\r'.
 *
 * Decisions the header leaves open:
 * - Physical lines end at '\n' only. A '\r' not followed by '\n' is data
 *   (inside or outside quotes), so "a\rb" is one field of three bytes; after
 *   a closing quote a lone '\r' is a syntax error like any other byte.
 * - A blank line is exactly "\n" or "\r\n" at the start of a record; a line
 *   holding only spaces or a lone '\r' is a record with one field.
 * - The raw text of a record is counted from its first byte up to, not
 *   including, its line end; max_record caps it. Field lengths are counted
 *   after unquoting.
 * - Problems are reported in input order: the first byte that breaks a rule
 *   decides (a field or the record passing its cap, a stray quote, junk after
 *   a closing quote, the end of the input inside quotes). At one byte, a
 *   syntax problem comes before a cap, and a field's cap before the record's.
 * - An error "at" a byte resumes after the physical line holding that byte:
 *   the offending character for syntax errors, the first byte beyond a cap
 *   for TOOLONG, the ',' that opens one field too many for max_fields.
 * - bad_field for TOOLONG: the field that is too long, the first field beyond
 *   max_fields, or SIZE_MAX when the record as a whole is too long.
 * - Should the scratch or the field array fail to grow (out of memory), the
 *   record is reported as TOOLONG with a message saying so.
 * - Messages never quote input bytes (they could hold a CPR number). */
#include "ungdb/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define DEFAULT_MAX_FIELD ((size_t)1 << 20)
#define DEFAULT_MAX_RECORD ((size_t)4 << 20)
#define DEFAULT_MAX_FIELDS ((size_t)4096)
#define INITIAL_FIELDS ((size_t)64)
#define INITIAL_SCRATCH ((size_t)4096)

struct ungdb_csv {
    const char *buf; /* the input, after nothing: the BOM is skipped by pos */
    size_t size;
    size_t pos;     /* next byte to read */
    long line;      /* physical line of buf[pos] */
    void *map;      /* the mapping, or NULL */
    size_t dropped; /* bytes of the mapping given back (ungdb_csv_drop_consumed) */
    char *owned;    /* the read() buffer, or NULL */
    ungdb_csv_limits lim;
    ungdb_slice *fields; /* fcap entries */
    size_t *soff;        /* for fields in scratch: their offset (p is NULL meanwhile) */
    size_t fcap;
    char *scratch;
    size_t scap;
};

/* ------------------------------------------------------------ scanning */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define LOWS UINT64_C(0x7f7f7f7f7f7f7f7f)

static inline uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* Index of the lowest-addressed byte whose high bit is set in m (m != 0). */
static inline size_t first_byte(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(m) / 8;
#else
    return (size_t)__builtin_ctzll(m) / 8;
#endif
}

/* 0x80 in every byte of w equal to b (exact, no false positives). */
static inline uint64_t byte_eq_not(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (ONES * b);
    return ((x & LOWS) + LOWS) | x; /* high bit clear exactly where x's byte is 0 */
}

/* The first ',', '\n' or '"' in [p, end), or end. */
static inline const char *find_special(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, nl)),
                                 _mm_cmpeq_epi8(v, quote));
        int bits = _mm_movemask_epi8(m);
        if (bits) return p + __builtin_ctz((unsigned)bits);
        p += 16;
    }
#endif
    while (end - p >= 8) {
        uint64_t w = load64(p);
        uint64_t m = ~(byte_eq_not(w, ',') & byte_eq_not(w, '\n') & byte_eq_not(w, '"')) & HIGHS;
        if (m) return p + first_byte(m);
        p += 8;
    }
    while (p < end && *p != ',' && *p != '\n' && *p != '"')
        p++;
    return p;
}

static size_t count_newlines(const char *p, const char *end)
{
    size_t n = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

/* ---------------------------------------------------------------- UTF-8 */

/* Index of the first byte of the first invalid sequence in s[0..n), or n.
 * Well-formed sequences follow Unicode Table 3-7. */
static size_t utf8_check(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    for (;;) {
        while (n - i >= 8 && (load64((const char *)s + i) & HIGHS) == 0)
            i += 8;
        while (i < n && s[i] < 0x80)
            i++; /* at most 7 bytes, or up to the next */
        if (i >= n) return n;
        unsigned c = s[i];
        size_t len;
        unsigned lo = 0x80, hi = 0xbf; /* range of the second byte */
        if (c >= 0xc2 && c <= 0xdf)
            len = 2;
        else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            if (c == 0xe0)
                lo = 0xa0; /* overlong */
            else if (c == 0xed)
                hi = 0x9f; /* surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            if (c == 0xf0)
                lo = 0x90; /* overlong */
            else if (c == 0xf4)
                hi = 0x8f; /* above U+10FFFF */
        } else
            return i;              /* 80..C1 (continuation, overlong), F5..FF */
        if (n - i < len) return i; /* truncated */
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80) return i;
        i += len;
    }
}

bool ungdb_utf8_valid(const char *s, size_t n)
{
    return utf8_check(s, n) == n;
}

/* -------------------------------------------------------------- records */

static ungdb_csv_status fail(ungdb_csv *r, ungdb_csv_record *rec, const char *start, const char *at,
                             ungdb_csv_status st, size_t bad, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Reports an error found at byte `at` of the record that starts at `start`
 * and resumes after the physical line holding `at`. */
static ungdb_csv_status fail(ungdb_csv *r, ungdb_csv_record *rec, const char *start, const char *at,
                             ungdb_csv_status st, size_t bad, const char *fmt, ...)
{
    const char *end = r->buf + r->size;
    const char *nl = at < end ? memchr(at, '\n', (size_t)(end - at)) : NULL;
    const char *resume = nl ? nl + 1 : end;
    r->line = rec->line + (long)count_newlines(start, resume);
    r->pos = (size_t)(resume - r->buf);
    rec->nfields = 0;
    rec->bad_field = bad;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rec->message, sizeof rec->message, fmt, ap);
    va_end(ap);
    return st;
}

static bool grow_fields(ungdb_csv *r)
{
    size_t cap = r->fcap * 2;
    if (cap > r->lim.max_fields) cap = r->lim.max_fields;
    ungdb_slice *f = realloc(r->fields, cap * sizeof *f);
    if (!f) return false;
    r->fields = f;
    size_t *o = realloc(r->soff, cap * sizeof *o);
    if (!o) return false;
    r->soff = o;
    r->fcap = cap;
    return true;
}

/* Room for `need` bytes of scratch; need <= max_record is guaranteed. */
static bool grow_scratch(ungdb_csv *r, size_t need)
{
    size_t cap = r->scap ? r->scap : INITIAL_SCRATCH;
    while (cap < need)
        cap *= 2;
    if (cap > r->lim.max_record) cap = r->lim.max_record;
    if (cap < need) cap = need;
    char *s = realloc(r->scratch, cap);
    if (!s) return false;
    r->scratch = s;
    r->scap = cap;
    return true;
}

ungdb_csv_status ungdb_csv_next(ungdb_csv *r, ungdb_csv_record *rec)
{
    const char *const end = r->buf + r->size;
    const char *p = r->buf + r->pos;
    long line = r->line;
    rec->nfields = 0;
    rec->fields = r->fields;
    rec->bad_field = SIZE_MAX;
    rec->message[0] = '\0';

    for (;;) { /* blank lines */
        if (p == end) {
            r->pos = r->size;
            r->line = line;
            rec->line = line;
            return UNGDB_CSV_END;
        }
        if (*p == '\n')
            p++;
        else if (*p == '\r' && end - p >= 2 && p[1] == '\n')
            p += 2;
        else
            break;
        line++;
    }
    rec->line = line;

    const char *const start = p;
    const size_t max_field = r->lim.max_field, max_record = r->lim.max_record;
    ungdb_slice *fields = r->fields;
    size_t nf = 0, sused = 0, inner_nl = 0;
    bool scratched = false;
    const char *next; /* where the following record begins */
    bool line_end;    /* the record ended at a line end (not at the end of input) */

    for (;;) { /* one field per turn; p is its first byte */
        if (nf == r->fcap) {
            if (nf == r->lim.max_fields)
                return fail(r, rec, start, p - 1, UNGDB_CSV_TOOLONG, nf, "more than %zu fields",
                            r->lim.max_fields);
            if (!grow_fields(r))
                return fail(r, rec, start, p - 1, UNGDB_CSV_TOOLONG, nf,
                            "out of memory for %zu fields", nf + 1);
            fields = rec->fields = r->fields;
        }

        if (p == end || *p != '"') { /* unquoted: the common case */
            const char *q = find_special(p, end);
            const char *fe = q;
            if (q != end && *q == '\n' && fe > p && fe[-1] == '\r') fe--;
            size_t n = (size_t)(fe - p);
            if (n > max_field || (size_t)(fe - start) > max_record) {
                if (n > max_field && (size_t)(p + max_field - start) <= max_record)
                    return fail(r, rec, start, p + max_field, UNGDB_CSV_TOOLONG, nf,
                                "column %zu: field longer than %zu bytes", nf + 1, max_field);
                return fail(r, rec, start, start + max_record, UNGDB_CSV_TOOLONG, SIZE_MAX,
                            "record longer than %zu bytes", max_record);
            }
            if (q != end && *q == '"')
                return fail(r, rec, start, q, UNGDB_CSV_SYNTAX, SIZE_MAX,
                            "column %zu: '\"' inside an unquoted field", nf + 1);
            fields[nf].p = p;
            fields[nf].n = n;
            nf++;
            if (q == end) {
                next = end;
                line_end = false;
                break;
            }
            if (*q == '\n') {
                next = q + 1;
                line_end = true;
                break;
            }
            p = q + 1; /* ',' */
            continue;
        }

        /* Quoted: segments up to each '"'; a doubled quote continues. */
        const char *fs = p + 1, *seg = fs, *q;
        size_t flen = 0, off = sused;
        bool esc = false;
        for (;;) {
            q = memchr(seg, '"', (size_t)(end - seg));
            bool open = !q; /* checked after the caps, which come first in the input */
            if (open) q = end;
            bool dbl = !open && end - q >= 2 && q[1] == '"';
            size_t add = (size_t)(q - seg) + dbl;
            if (flen + add > max_field || (size_t)(q + !open - start) > max_record) {
                const char *hf = flen + add > max_field ? seg + (max_field - flen) : end;
                const char *hr =
                    (size_t)(q + !open - start) > max_record ? start + max_record : end;
                if (hf <= hr)
                    return fail(r, rec, start, hf, UNGDB_CSV_TOOLONG, nf,
                                "column %zu: field longer than %zu bytes", nf + 1, max_field);
                return fail(r, rec, start, hr, UNGDB_CSV_TOOLONG, SIZE_MAX,
                            "record longer than %zu bytes", max_record);
            }
            if (open)
                return fail(r, rec, start, end, UNGDB_CSV_SYNTAX, SIZE_MAX,
                            "column %zu: quote still open at the end of the file", nf + 1);
            if (dbl || esc) {
                if (sused + add > r->scap && !grow_scratch(r, sused + add))
                    return fail(r, rec, start, q, UNGDB_CSV_TOOLONG, nf,
                                "column %zu: out of memory unquoting the field", nf + 1);
                memcpy(r->scratch + sused, seg, (size_t)(q - seg));
                sused += (size_t)(q - seg);
                if (dbl) r->scratch[sused++] = '"';
                esc = true;
            }
            flen += add;
            if (!dbl) break;
            seg = q + 2;
        }
        inner_nl += count_newlines(fs, q);
        if (esc) {
            fields[nf].p = NULL;
            r->soff[nf] = off;
            scratched = true;
        } else {
            fields[nf].p = fs;
        }
        fields[nf].n = flen;
        nf++;
        const char *a = q + 1;
        if (a == end) {
            next = end;
            line_end = false;
            break;
        }
        if (*a == ',') {
            p = a + 1;
            continue;
        }
        if (*a == '\n' || (*a == '\r' && end - a >= 2 && a[1] == '\n')) {
            next = a + (*a == '\n' ? 1 : 2);
            line_end = true;
            break;
        }
        return fail(r, rec, start, a, UNGDB_CSV_SYNTAX, SIZE_MAX,
                    "column %zu: expected ',' or a line end after the closing quote", nf);
    }

    r->pos = (size_t)(next - r->buf);
    r->line = line + (long)inner_nl + line_end;
    rec->nfields = nf;
    if (scratched)
        for (size_t i = 0; i < nf; i++)
            if (!fields[i].p) fields[i].p = r->scratch + r->soff[i];

    /* The raw record is valid UTF-8 exactly when every field is: fields are
     * cut at ASCII bytes, which never sit inside a multi-byte sequence. */
    if (utf8_check(start, (size_t)(next - start)) != (size_t)(next - start)) {
        for (size_t i = 0; i < nf; i++) {
            size_t at = utf8_check(fields[i].p, fields[i].n);
            if (at != fields[i].n) {
                rec->bad_field = i;
                snprintf(rec->message, sizeof rec->message,
                         "column %zu: invalid UTF-8 at byte %zu of the field", i + 1, at + 1);
                return UNGDB_CSV_ENCODING;
            }
        }
    }
    return UNGDB_CSV_RECORD;
}

/* ------------------------------------------------------- open and close */

static ungdb_rc make_reader(ungdb_csv **out, const char *buf, size_t n, const ungdb_csv_limits *lim)
{
    *out = NULL;
    ungdb_csv *r = calloc(1, sizeof *r);
    if (!r) return UNGDB_ENOMEM;
    if (lim) r->lim = *lim;
    if (!r->lim.max_field) r->lim.max_field = DEFAULT_MAX_FIELD;
    if (!r->lim.max_record) r->lim.max_record = DEFAULT_MAX_RECORD;
    if (!r->lim.max_fields) r->lim.max_fields = DEFAULT_MAX_FIELDS;
    r->fcap = r->lim.max_fields < INITIAL_FIELDS ? r->lim.max_fields : INITIAL_FIELDS;
    r->fields = malloc(r->fcap * sizeof *r->fields);
    r->soff = malloc(r->fcap * sizeof *r->soff);
    if (!r->fields || !r->soff) {
        free(r->soff);
        free(r->fields);
        free(r);
        return UNGDB_ENOMEM;
    }
    r->buf = n ? buf : "";
    r->size = n;
    r->line = 1;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    *out = r;
    return UNGDB_OK;
}

ungdb_rc ungdb_csv_open_mem(ungdb_csv **out, const char *buf, size_t n, const ungdb_csv_limits *lim)
{
    return make_reader(out, buf, n, lim);
}

/* Reads all of fd into a malloc'd buffer (for what cannot be mapped). */
static int read_all(int fd, char **out, size_t *n)
{
    size_t cap = 65536, len = 0;
    char *b = malloc(cap);
    if (!b) return ENOMEM;
    for (;;) {
        if (len == cap) {
            char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(b, cap * 2);
            if (!nb) {
                free(b);
                return ENOMEM;
            }
            b = nb;
            cap *= 2;
        }
        ssize_t k = read(fd, b + len, cap - len);
        if (k < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(b);
            return e;
        }
        if (k == 0) break;
        len += (size_t)k;
    }
    *out = b;
    *n = len;
    return 0;
}

ungdb_rc ungdb_csv_open(ungdb_csv **out, const char *path, const ungdb_csv_limits *lim,
                        ungdb_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot stat: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "is a directory");
    }
    void *map = NULL;
    char *owned = NULL;
    const char *data = NULL;
    size_t size = 0;
    bool regular = S_ISREG(st.st_mode);
    if (regular && st.st_size > 0 && (uintmax_t)st.st_size <= SIZE_MAX) {
        size = (size_t)st.st_size;
        map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED)
            map = NULL;
        else {
            (void)madvise(map, size, MADV_SEQUENTIAL);
            data = map;
        }
    }
    if (!map && !(regular && st.st_size == 0)) { /* pipes, devices, mmap failing */
        int e = read_all(fd, &owned, &size);
        if (e) {
            close(fd);
            if (e == ENOMEM)
                return ungdb_error_set(err, UNGDB_ENOMEM, path, 0, "", "out of memory");
            return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot read: %s", strerror(e));
        }
        data = owned;
    }
    close(fd);
    ungdb_csv *r;
    if (make_reader(&r, data, size, lim) != UNGDB_OK) {
        if (map) munmap(map, size);
        free(owned);
        return ungdb_error_set(err, UNGDB_ENOMEM, path, 0, "", "out of memory");
    }
    r->map = map;
    r->owned = owned;
    *out = r;
    return UNGDB_OK;
}

size_t ungdb_csv_offset(const ungdb_csv *r)
{
    return r->pos;
}

void ungdb_csv_drop_consumed(ungdb_csv *r)
{
    if (!r->map) return;
    size_t max_record = r->lim.max_record ? r->lim.max_record : (size_t)4 << 20;
    size_t at = (size_t)(r->buf - (const char *)r->map) + r->pos; /* offset in the mapping */
    if (at <= max_record + 1) return;
    long pg = sysconf(_SC_PAGESIZE);
    size_t page = pg > 0 ? (size_t)pg : 4096;
    /* the last record returned starts at most max_record bytes back */
    size_t end = (at - max_record - 1) / page * page;
    if (end < r->dropped + ((size_t)16 << 20)) return;
    (void)madvise((char *)r->map + r->dropped, end - r->dropped, MADV_DONTNEED);
    r->dropped = end;
}

size_t ungdb_csv_size(const ungdb_csv *r)
{
    return r->size;
}

const char *ungdb_csv_input(const ungdb_csv *r, size_t *n)
{
    *n = r->size;
    return r->buf;
}

void ungdb_csv_free(ungdb_csv *r)
{
    if (!r) return;
    if (r->map) munmap(r->map, r->size);
    free(r->owned);
    free(r->scratch);
    free(r->soff);
    free(r->fields);
    free(r);
}

int ungdb_csv_column(const ungdb_csv_record *header, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < header->nfields && i <= (size_t)INT_MAX; i++)
        if (header->fields[i].n == n && memcmp(header->fields[i].p, name, n) == 0) return (int)i;
    return -1;
}
