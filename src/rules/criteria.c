/* criteria.c - an institution's conduct rules for judging dropout risk:
 * the file format of docs/rules.md ("key = value" lines in [sections]) and
 * the allocation-free evaluation over a pupil's compact series.
 *
 * Seed 000, 1.1: there are no central criteria; the institution judges risk
 * under its own conduct rules on attendance, absence and active
 * participation (vejledningsbekendtgørelsen § 36), and its conduct rules must
 * say how (bekendtgørelse om erhvervsuddannelser § 55, stk. 2, nr. 9). So the
 * criteria are configuration; a hit only proposes a candidate. */
#include "rules/rules_int.h"

#include "ungdb/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const measure_names[] = {"",
                                            "absence_percent",
                                            "lawful_absence_percent",
                                            "unlawful_absence_percent",
                                            "absence_hours",
                                            "lawful_absence_hours",
                                            "unlawful_absence_hours",
                                            "events",
                                            "notices",
                                            NULL};

const char *ungdb_measure_name(ungdb_measure m)
{
    return m > 0 && m <= UNGDB_MEASURE_NOTICES ? measure_names[m] : "";
}

static bool is_percent(ungdb_measure m)
{
    return m >= UNGDB_MEASURE_ABSENCE_PERCENT && m <= UNGDB_MEASURE_UNLAWFUL_PERCENT;
}

/* ------------------------------------------------------------ parser -- */

typedef struct cparser {
    const char *name;
    long line;
    ungdb_error *err;
} cparser;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static ungdb_rc
cfail(cparser *p, const char *key, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ungdb_error_set(p->err, UNGDB_EINPUT, p->name, p->line, key ? key : "", "%s", msg);
}

static const char *trim(const char *s, const char *e, const char **end)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    *end = e;
    return s;
}

/* A decimal number with at most 3 decimals, 0 <= x <= 1e9, in thousandths. */
static bool parse_milli(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;
    int decimals = -1;
    if (n == 0) return false;
    for (; i < n; i++) {
        if (s[i] == '.' && decimals < 0 && i > 0) {
            decimals = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') return false;
        if (decimals >= 0 && ++decimals > 3) return false;
        v = v * 10 + (s[i] - '0');
        if (v > 1000000000000LL) return false;
    }
    if (decimals == 0) return false; /* "5." */
    for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
        v *= 10;
    *out = v;
    return true;
}

static bool parse_int(const char *s, size_t n, long lo, long hi, long *out)
{
    if (n == 0 || n > 9) return false;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi) return false;
    *out = v;
    return true;
}

static bool eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && !memcmp(s, lit, n);
}

enum { K_LABEL = 1, K_MEASURE = 2, K_WINDOW = 4, K_THRESHOLD = 8, K_MINPLANNED = 16, K_KIND = 32 };

static ungdb_rc finish_criterion(cparser *p, ungdb_criterion *c, unsigned seen)
{
    long saved = p->line;
    p->line = c->line;
    ungdb_rc rc = UNGDB_OK;
    if (!(seen & K_MEASURE))
        rc = cfail(p, "measure", "criterion [%s] has no measure", c->name);
    else if (!(seen & K_WINDOW))
        rc = cfail(p, "window", "criterion [%s] has no window", c->name);
    else if (!(seen & K_THRESHOLD))
        rc = cfail(p, "threshold", "criterion [%s] has no threshold", c->name);
    else if ((c->measure == UNGDB_MEASURE_EVENTS || c->measure == UNGDB_MEASURE_NOTICES) &&
             !(seen & K_KIND))
        rc = cfail(p, "kind", "criterion [%s] counts %s: say which kind", c->name,
                   ungdb_measure_name(c->measure));
    else if (!(c->measure == UNGDB_MEASURE_EVENTS || c->measure == UNGDB_MEASURE_NOTICES) &&
             (seen & K_KIND))
        rc = cfail(p, "kind", "criterion [%s]: kind belongs to events or notices", c->name);
    else if (!is_percent(c->measure) && (seen & K_MINPLANNED))
        rc = cfail(p, "min_planned_hours", "criterion [%s]: only for percent measures", c->name);
    else if (is_percent(c->measure) && c->threshold_milli > 100000)
        rc = cfail(p, "threshold", "criterion [%s]: a percentage above 100", c->name);
    else if (c->measure == UNGDB_MEASURE_EVENTS || c->measure == UNGDB_MEASURE_NOTICES) {
        if (c->threshold_milli % 1000)
            rc = cfail(p, "threshold", "criterion [%s]: a count is a whole number", c->name);
        else if (c->measure == UNGDB_MEASURE_EVENTS &&
                 (c->kind == 0 || c->kind >= UNGDB_EVENT_KINDS))
            rc = cfail(p, "kind", "criterion [%s]: not an event kind", c->name);
        else if (c->measure == UNGDB_MEASURE_NOTICES &&
                 (c->kind == 0 || c->kind >= UNGDB_NOTICE_KINDS))
            rc = cfail(p, "kind", "criterion [%s]: not a notice kind", c->name);
    }
    if (!rc && !(seen & K_LABEL)) snprintf(c->label, sizeof c->label, "%s", c->name);
    p->line = saved;
    return rc;
}

static ungdb_rc set_kind(cparser *p, ungdb_criterion *c, const char *v, size_t n)
{
    for (int i = 1; i < UNGDB_EVENT_KINDS; i++)
        if (eq(v, n, ungdb_event_kind_name((ungdb_event_kind)i))) {
            c->kind = (uint16_t)i;
            return UNGDB_OK;
        }
    for (int i = 1; i < UNGDB_NOTICE_KINDS; i++)
        if (eq(v, n, ungdb_notice_kind_name((ungdb_notice_kind)i))) {
            c->kind = (uint16_t)i;
            return UNGDB_OK;
        }
    return cfail(p, "kind",
                 "unknown kind \"%.*s\" (events: missing_hand_in, missing_participation, "
                 "conduct, other; notices: concern_absence, reprimand, warning, sanction, other)",
                 (int)(n > 60 ? 60 : n), v);
}

/* A kind name valid for both lists ("other") resolves by the measure, which
 * may come after it: remember the text and resolve at the end. */
static ungdb_rc resolve_kind(cparser *p, ungdb_criterion *c, const char *kind_text)
{
    size_t n = strlen(kind_text);
    if (c->measure == UNGDB_MEASURE_EVENTS) {
        for (int i = 1; i < UNGDB_EVENT_KINDS; i++)
            if (eq(kind_text, n, ungdb_event_kind_name((ungdb_event_kind)i))) {
                c->kind = (uint16_t)i;
                return UNGDB_OK;
            }
        return cfail(p, "kind", "criterion [%s]: \"%s\" is not an event kind", c->name, kind_text);
    }
    if (c->measure == UNGDB_MEASURE_NOTICES) {
        for (int i = 1; i < UNGDB_NOTICE_KINDS; i++)
            if (eq(kind_text, n, ungdb_notice_kind_name((ungdb_notice_kind)i))) {
                c->kind = (uint16_t)i;
                return UNGDB_OK;
            }
        return cfail(p, "kind", "criterion [%s]: \"%s\" is not a notice kind", c->name, kind_text);
    }
    return UNGDB_OK;
}

ungdb_rc ungdb_criteria_parse(const char *text, size_t n, const char *name, ungdb_criteria *out,
                              ungdb_error *err)
{
    memset(out, 0, sizeof *out);
    ungdb_error_clear(err);
    snprintf(out->source, sizeof out->source, "%s", name);
    out->min_hits = 1;
    cparser p = {.name = name, .err = err};
    if (!ungdb_utf8_valid(text, n)) return cfail(&p, NULL, "not UTF-8 text");
    const char *s = text, *end = text + n;
    ungdb_criterion *cur = NULL;
    unsigned seen = 0, top_seen = 0;
    long kind_line = 0;
    char kind_text[64] = "";
    ungdb_rc rc;
    while (s < end) {
        p.line++;
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        const char *ve;
        const char *ls = trim(s, le, &ve);
        s = nl ? nl + 1 : end;
        if (ls == ve || *ls == '#' || *ls == ';') continue;
        if (memchr(ls, '\0', (size_t)(ve - ls))) return cfail(&p, NULL, "a NUL byte");
        if (*ls == '[') {
            if (ve[-1] != ']') return cfail(&p, NULL, "a section header is [name]");
            const char *ns = ls + 1, *ne = ve - 1;
            ns = trim(ns, ne, &ne);
            if (ns == ne || ne - ns >= (long)sizeof cur->name)
                return cfail(&p, NULL, "a criterion's name has 1-63 characters");
            for (const char *q = ns; q < ne; q++)
                if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                      (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' || *q == '.'))
                    return cfail(&p, NULL, "a criterion's name uses letters a-z, digits, - _ .");
            if (cur) {
                if ((rc = finish_criterion(&p, cur, seen))) return rc;
                long sl = p.line;
                p.line = kind_line;
                if (kind_text[0] && (rc = resolve_kind(&p, cur, kind_text))) return rc;
                p.line = sl;
            }
            if (out->n == UNGDB_CRITERIA_MAX)
                return cfail(&p, NULL, "more than %d criteria", UNGDB_CRITERIA_MAX);
            for (size_t i = 0; i < out->n; i++)
                if (eq(ns, (size_t)(ne - ns), out->items[i].name))
                    return cfail(&p, NULL, "criterion [%.*s] is defined twice", (int)(ne - ns), ns);
            cur = &out->items[out->n++];
            memcpy(cur->name, ns, (size_t)(ne - ns));
            cur->line = p.line;
            seen = 0;
            kind_text[0] = '\0';
            continue;
        }
        const char *eqp = memchr(ls, '=', (size_t)(ve - ls));
        if (!eqp) return cfail(&p, NULL, "expected key = value, or [name]");
        const char *ke, *vend;
        const char *k = trim(ls, eqp, &ke);
        const char *v = trim(eqp + 1, ve, &vend);
        size_t kn = (size_t)(ke - k), vn = (size_t)(vend - v);
        char key[40];
        snprintf(key, sizeof key, "%.*s", (int)(kn > 39 ? 39 : kn), k);
        if (vn == 0) return cfail(&p, key, "no value");
        if (!cur) {
            unsigned bit;
            if (eq(k, kn, "institution")) {
                bit = 1;
                if (vn >= sizeof out->institution) return cfail(&p, key, "too long");
                memcpy(out->institution, v, vn);
            } else if (eq(k, kn, "version")) {
                bit = 2;
                if (vn >= sizeof out->version) return cfail(&p, key, "too long");
                memcpy(out->version, v, vn);
            } else if (eq(k, kn, "min_hits")) {
                bit = 4;
                long x;
                if (!parse_int(v, vn, 1, UNGDB_CRITERIA_MAX, &x))
                    return cfail(&p, key, "a whole number 1-%d", UNGDB_CRITERIA_MAX);
                out->min_hits = (int)x;
            } else {
                return cfail(&p, key,
                             "unknown key before the first [criterion] (institution, "
                             "version, min_hits)");
            }
            if (top_seen & bit) return cfail(&p, key, "given twice");
            top_seen |= bit;
            continue;
        }
        unsigned bit;
        if (eq(k, kn, "label")) {
            bit = K_LABEL;
            if (vn >= sizeof cur->label) return cfail(&p, key, "longer than 159 bytes");
            memcpy(cur->label, v, vn);
        } else if (eq(k, kn, "measure")) {
            bit = K_MEASURE;
            int m = 1;
            while (measure_names[m] && !eq(v, vn, measure_names[m]))
                m++;
            if (!measure_names[m])
                return cfail(&p, key,
                             "unknown measure \"%.*s\" (absence_percent, lawful_absence_percent, "
                             "unlawful_absence_percent, absence_hours, lawful_absence_hours, "
                             "unlawful_absence_hours, events, notices)",
                             (int)(vn > 60 ? 60 : vn), v);
            cur->measure = (ungdb_measure)m;
        } else if (eq(k, kn, "window")) {
            bit = K_WINDOW;
            const char *sp = v;
            while (sp < vend && *sp >= '0' && *sp <= '9')
                sp++;
            long x;
            if (!parse_int(v, (size_t)(sp - v), 1, 3650, &x))
                return cfail(&p, key,
                             "a window is N days or N weeks, N from 1 (at most 3650 days)");
            const char *ue;
            const char *u = trim(sp, vend, &ue);
            size_t un = (size_t)(ue - u);
            if (eq(u, un, "days") || eq(u, un, "day"))
                cur->window_days = (int)x;
            else if ((eq(u, un, "weeks") || eq(u, un, "week")) && x * 7 <= 3650)
                cur->window_days = (int)x * 7;
            else
                return cfail(&p, key,
                             "a window is N days or N weeks, N from 1 (at most 3650 days)");
        } else if (eq(k, kn, "threshold")) {
            bit = K_THRESHOLD;
            if (!parse_milli(v, vn, &cur->threshold_milli) || cur->threshold_milli == 0)
                return cfail(&p, key, "a number above 0 with at most 3 decimals (e.g. 10 or 7.5)");
        } else if (eq(k, kn, "min_planned_hours")) {
            bit = K_MINPLANNED;
            int64_t h;
            if (!parse_milli(v, vn, &h)) return cfail(&p, key, "a number of hours (e.g. 20)");
            cur->min_planned_minutes = (h * 60 + 999) / 1000;
        } else if (eq(k, kn, "kind")) {
            bit = K_KIND;
            if ((rc = set_kind(&p, cur, v, vn))) return rc;
            snprintf(kind_text, sizeof kind_text, "%.*s", (int)(vn > 63 ? 63 : vn), v);
            kind_line = p.line;
        } else {
            return cfail(&p, key,
                         "unknown key (label, measure, window, threshold, "
                         "min_planned_hours, kind)");
        }
        if (seen & bit) return cfail(&p, key, "given twice in [%s]", cur->name);
        seen |= bit;
    }
    if (cur) {
        if ((rc = finish_criterion(&p, cur, seen))) return rc;
        p.line = kind_line;
        if (kind_text[0] && (rc = resolve_kind(&p, cur, kind_text))) return rc;
    }
    p.line = 0;
    if (out->n == 0) return cfail(&p, NULL, "no [criterion] section");
    if ((size_t)out->min_hits > out->n)
        return cfail(&p, "min_hits", "%d is more than the %zu criteria", out->min_hits, out->n);
    return UNGDB_OK;
}

ungdb_rc ungdb_criteria_load(const char *path, ungdb_criteria *out, ungdb_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot open: %s", strerror(errno));
    enum { CAP = 1 << 20 };
    char *buf = malloc(CAP + 1);
    if (!buf) {
        fclose(f);
        return ungdb_error_set(err, UNGDB_ENOMEM, path, 0, "", "out of memory");
    }
    size_t n = fread(buf, 1, CAP + 1, f);
    bool ioerr = ferror(f);
    fclose(f);
    ungdb_rc rc;
    if (ioerr)
        rc = ungdb_error_set(err, UNGDB_EIO, path, 0, "", "read error");
    else if (n > CAP)
        rc = ungdb_error_set(err, UNGDB_ETOOBIG, path, 0, "", "larger than 1 MiB");
    else
        rc = ungdb_criteria_parse(buf, n, path, out, err);
    free(buf);
    return rc;
}

/* -------------------------------------------------------- evaluation -- */

void ungdb_attendance_accumulate(ungdb_attendance_day *days, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        days[i].planned += days[i - 1].planned;
        days[i].lawful += days[i - 1].lawful;
        days[i].unlawful += days[i - 1].unlawful;
    }
}

/* Index of the first entry with date > d. */
static size_t upper_days(const ungdb_attendance_day *a, size_t n, int32_t d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid].date.day <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t upper_kinds(const ungdb_dated_kind *a, size_t n, int32_t d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid].date.day <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t ungdb_criteria_eval(const ungdb_criteria *cr, const ungdb_pupil_series *s, ungdb_date on,
                           ungdb_criterion_hit *hits, size_t cap)
{
    size_t nhit = 0;
    for (size_t i = 0; i < cr->n; i++) {
        const ungdb_criterion *c = &cr->items[i];
        int32_t hi = on.day, lo = on.day - c->window_days; /* window: (lo, hi] */
        ungdb_criterion_hit h = {.criterion = (uint16_t)i};
        bool hit = false;
        if (c->measure == UNGDB_MEASURE_EVENTS || c->measure == UNGDB_MEASURE_NOTICES) {
            const ungdb_dated_kind *a = c->measure == UNGDB_MEASURE_EVENTS ? s->events : s->notices;
            size_t n = c->measure == UNGDB_MEASURE_EVENTS ? s->nevents : s->nnotices;
            size_t b = upper_kinds(a, n, lo), e = upper_kinds(a, n, hi);
            int64_t count = 0;
            for (size_t k = b; k < e; k++)
                count += a[k].kind == c->kind;
            h.value_milli = count * 1000;
            hit = h.value_milli >= c->threshold_milli;
        } else {
            size_t b = upper_days(s->days, s->ndays, lo), e = upper_days(s->days, s->ndays, hi);
            int64_t planned = 0, lawful = 0, unlawful = 0;
            if (e > 0) {
                planned = s->days[e - 1].planned;
                lawful = s->days[e - 1].lawful;
                unlawful = s->days[e - 1].unlawful;
            }
            if (b > 0) {
                planned -= s->days[b - 1].planned;
                lawful -= s->days[b - 1].lawful;
                unlawful -= s->days[b - 1].unlawful;
            }
            int64_t absent = 0;
            switch (c->measure) {
            case UNGDB_MEASURE_ABSENCE_PERCENT:
            case UNGDB_MEASURE_ABSENCE_HOURS:
                absent = lawful + unlawful;
                break;
            case UNGDB_MEASURE_LAWFUL_PERCENT:
            case UNGDB_MEASURE_LAWFUL_HOURS:
                absent = lawful;
                break;
            default:
                absent = unlawful;
                break;
            }
            h.planned_minutes = planned;
            h.absent_minutes = absent;
            if (is_percent(c->measure)) {
                if (planned > 0 && planned >= c->min_planned_minutes) {
                    h.value_milli = absent * 100000 / planned;
                    /* exact: absent/planned*100 >= threshold */
                    hit = absent * 100000 >= c->threshold_milli * planned;
                }
            } else {
                h.value_milli = absent * 1000 / 60;
                hit = absent * 1000 >= c->threshold_milli * 60;
            }
        }
        if (hit) {
            if (nhit < cap) hits[nhit] = h;
            nhit++;
        }
    }
    return nhit;
}
