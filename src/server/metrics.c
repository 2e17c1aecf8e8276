/* metrics.c - counters for /metrics in the Prometheus text format: requests
 * by route and status class, a latency histogram, and the sizes and commit
 * times of group-commit batches. Lock-free (C11 atomics). */
#include "server_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* upper bounds in seconds */
static const double lat_le[METRIC_LAT_BUCKETS] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
                                                  0.1,    0.2,   0.5,   1,     2,    5,    10};
static const double batch_le[METRIC_BATCH_BUCKETS] = {1,  2,   4,   8,   16,   32,
                                                      64, 128, 256, 512, 1024, 4096};

static int status_class(int status)
{
    return status >= 100 && status < 600 ? status / 100 : 0; /* 0: aborted */
}

void metrics_request(srv *s, int route_index, int status, double seconds)
{
    size_t row = route_index >= 0 ? (size_t)route_index : nroutes;
    atomic_fetch_add(&s->route_counts[row * 6 + (size_t)status_class(status)], 1);
    int b = 0;
    while (b < METRIC_LAT_BUCKETS && seconds > lat_le[b])
        b++;
    atomic_fetch_add(&s->m.lat_bucket[b], 1);
    atomic_fetch_add(&s->m.lat_count, 1);
    atomic_fetch_add(&s->m.lat_sum_us, (uint64_t)(seconds * 1e6));
}

void metrics_batch(void *ctx, size_t n, double seconds)
{
    srv *s = ctx;
    int b = 0;
    while (b < METRIC_BATCH_BUCKETS && (double)n > batch_le[b])
        b++;
    atomic_fetch_add(&s->m.batch_bucket[b], 1);
    atomic_fetch_add(&s->m.batch_count, 1);
    atomic_fetch_add(&s->m.batch_sum, n);
    atomic_fetch_add(&s->m.commit_sum_us, (uint64_t)(seconds * 1e6));
}

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0) return;
        if (b->p && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 8192;
        while (cap < b->n + (size_t)k + 1)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) return;
        b->p = q;
        b->cap = cap;
    }
}

void metrics_render(srv *s, req *r)
{
    static const char *const cls[] = {"aborted", "1xx", "2xx", "3xx", "4xx", "5xx"};
    buf b = {0};
    put(&b, "# HELP ungdb_http_requests_total HTTP requests by route and status class.\n"
            "# TYPE ungdb_http_requests_total counter\n");
    for (size_t i = 0; i <= nroutes; i++)
        for (int c = 0; c < 6; c++) {
            uint64_t v = atomic_load(&s->route_counts[i * 6 + (size_t)c]);
            if (!v) continue;
            put(&b, "ungdb_http_requests_total{route=\"%s %s\",status=\"%s\"} %llu\n",
                i < nroutes ? (routes[i].method == M_GET    ? "GET"
                               : routes[i].method == M_POST ? "POST"
                                                            : "OTHER")
                            : "ANY",
                i < nroutes ? routes[i].pattern : "(unrouted)", cls[c], (unsigned long long)v);
        }
    put(&b, "# HELP ungdb_http_request_duration_seconds Time from the first byte of a request "
            "to its answer.\n# TYPE ungdb_http_request_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (int i = 0; i <= METRIC_LAT_BUCKETS; i++) {
        cum += atomic_load(&s->m.lat_bucket[i]);
        if (i < METRIC_LAT_BUCKETS)
            put(&b, "ungdb_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", lat_le[i],
                (unsigned long long)cum);
        else
            put(&b, "ungdb_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                (unsigned long long)cum);
    }
    put(&b, "ungdb_http_request_duration_seconds_sum %.6f\n",
        (double)atomic_load(&s->m.lat_sum_us) / 1e6);
    put(&b, "ungdb_http_request_duration_seconds_count %llu\n",
        (unsigned long long)atomic_load(&s->m.lat_count));
    put(&b, "# HELP ungdb_commit_batch_size Writes committed together in one transaction.\n"
            "# TYPE ungdb_commit_batch_size histogram\n");
    cum = 0;
    for (int i = 0; i <= METRIC_BATCH_BUCKETS; i++) {
        cum += atomic_load(&s->m.batch_bucket[i]);
        if (i < METRIC_BATCH_BUCKETS)
            put(&b, "ungdb_commit_batch_size_bucket{le=\"%g\"} %llu\n", batch_le[i],
                (unsigned long long)cum);
        else
            put(&b, "ungdb_commit_batch_size_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
    }
    put(&b, "ungdb_commit_batch_size_sum %llu\n", (unsigned long long)atomic_load(&s->m.batch_sum));
    put(&b, "ungdb_commit_batch_size_count %llu\n",
        (unsigned long long)atomic_load(&s->m.batch_count));
    put(&b,
        "# HELP ungdb_commit_seconds_total Time spent running and committing batches.\n"
        "# TYPE ungdb_commit_seconds_total counter\nungdb_commit_seconds_total %.6f\n",
        (double)atomic_load(&s->m.commit_sum_us) / 1e6);
    if (!b.p) {
        http_error(r, 500, "internal", NULL, "out of memory");
        return;
    }
    r->out_text = b.p;
    r->out_text_owned = true;
    r->content_type = "text/plain; version=0.0.4";
    r->status = 200;
    r->answered = true;
}
