/* load.c - a small HTTP load client for `make bench` (server section): N
 * keep-alive connections on plain sockets, one thread each, each posting
 * whole lessons' attendance registrations back to back for D seconds, then
 * throughput and latency percentiles.
 *
 *   load PORT SESSION CSRF LESSONS_FILE CONNECTIONS SECONDS
 *
 * LESSONS_FILE has one line per lesson: "LESSON_ID|PUPIL,PUPIL,...". Each
 * connection takes every N-th lesson in turn, so no two connections write the
 * same lesson at once. Every answer must be 200, else it is counted as an
 * error. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct lesson {
    char *body;
    size_t n;
    long id;
} lesson;

static lesson *lessons;
static size_t nlessons;
static int port, nconn;
static double seconds;
static const char *session, *csrf;
static atomic_int stop;

typedef struct worker {
    int index;
    pthread_t th;
    double *lat; /* seconds */
    size_t nlat, caplat;
    long errors;
} worker;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_to(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0) return -1;
        p += k, n -= (size_t)k;
    }
    return 0;
}

/* Reads one response; returns its status or -1. */
static int read_response(int fd, char *buf, size_t cap)
{
    size_t have = 0;
    char *hend = NULL;
    while (!hend) {
        ssize_t k = recv(fd, buf + have, cap - have - 1, 0);
        if (k <= 0) return -1;
        have += (size_t)k;
        buf[have] = 0;
        hend = strstr(buf, "\r\n\r\n");
        if (!hend && have >= cap - 1) return -1;
    }
    int status = atoi(buf + 9);
    const char *cl = strcasestr(buf, "content-length:");
    size_t body = cl ? strtoul(cl + 15, NULL, 10) : 0;
    size_t need = (size_t)(hend + 4 - buf) + body;
    while (have < need) {
        ssize_t k =
            recv(fd, buf + have, need - have < cap - have - 1 ? need - have : cap - have - 1, 0);
        if (k <= 0) return -1;
        have += (size_t)k;
        if (have >= cap - 1 && have < need) have = (size_t)(hend + 4 - buf); /* discard */
    }
    return status;
}

static void *run(void *arg)
{
    worker *w = arg;
    char *req = malloc(1 << 20), *resp = malloc(1 << 16);
    int fd = connect_to();
    size_t next = (size_t)w->index;
    while (!atomic_load(&stop) && fd >= 0) {
        lesson *l = &lessons[next % nlessons];
        next += (size_t)nconn;
        int n = snprintf(req, 1 << 20,
                         "POST /api/v1/lessons/%ld/attendance HTTP/1.1\r\nHost: localhost\r\n"
                         "Cookie: ungdb_session=%s\r\nX-CSRF-Token: %s\r\n"
                         "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                         l->id, session, csrf, l->n, l->body);
        double t0 = now();
        if (send_all(fd, req, (size_t)n) != 0) break;
        int status = read_response(fd, resp, 1 << 16);
        double t = now() - t0;
        if (status < 0) break;
        if (status != 200) {
            if (w->errors++ < 3) fprintf(stderr, "load: status %d: %.200s\n", status, resp);
        }
        if (w->nlat == w->caplat) {
            w->caplat = w->caplat ? 2 * w->caplat : 65536;
            w->lat = realloc(w->lat, w->caplat * sizeof *w->lat);
        }
        w->lat[w->nlat++] = t;
    }
    if (fd >= 0) close(fd);
    free(req);
    free(resp);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: load PORT SESSION CSRF LESSONS_FILE CONNECTIONS SECONDS\n");
        return 2;
    }
    port = atoi(argv[1]);
    session = argv[2];
    csrf = argv[3];
    nconn = atoi(argv[5]);
    seconds = atof(argv[6]);
    FILE *f = fopen(argv[4], "r");
    if (!f) return 1;
    char line[65536];
    while (fgets(line, sizeof line, f)) {
        char *bar = strchr(line, '|');
        if (!bar) continue;
        lessons = realloc(lessons, (nlessons + 1) * sizeof *lessons);
        lesson *l = &lessons[nlessons++];
        l->id = atol(line);
        size_t cap = strlen(bar) * 64 + 64, k = 0;
        l->body = malloc(cap);
        k += (size_t)snprintf(l->body + k, cap - k, "{\"registrations\":[");
        int i = 0;
        for (char *p = strtok(bar + 1, ",\n"); p; p = strtok(NULL, ",\n"), i++)
            k += (size_t)snprintf(l->body + k, cap - k,
                                  i % 10 == 3 ? "%s{\"person\":%s,\"present\":false,\"lawful\":"
                                                "true,\"reason\":\"illness\"}"
                                              : "%s{\"person\":%s,\"present\":true}",
                                  i ? "," : "", p);
        k += (size_t)snprintf(l->body + k, cap - k, "]}");
        l->n = k;
    }
    fclose(f);
    if (!nlessons) {
        fprintf(stderr, "load: no lessons\n");
        return 1;
    }
    worker *w = calloc((size_t)nconn, sizeof *w);
    double t0 = now();
    for (int i = 0; i < nconn; i++) {
        w[i].index = i;
        pthread_create(&w[i].th, NULL, run, &w[i]);
    }
    while (now() - t0 < seconds)
        usleep(50000);
    atomic_store(&stop, 1);
    size_t total = 0;
    long errors = 0;
    for (int i = 0; i < nconn; i++) {
        pthread_join(w[i].th, NULL);
        total += w[i].nlat;
        errors += w[i].errors;
    }
    double elapsed = now() - t0;
    double *all = malloc((total ? total : 1) * sizeof *all);
    size_t k = 0;
    for (int i = 0; i < nconn; i++) {
        memcpy(all + k, w[i].lat, w[i].nlat * sizeof *all);
        k += w[i].nlat;
        free(w[i].lat);
    }
    qsort(all, total, sizeof *all, cmp);
    double pct[3] = {0.50, 0.95, 0.99}, v[3] = {0};
    for (int i = 0; i < 3 && total; i++)
        v[i] = all[(size_t)(pct[i] * (double)(total - 1))] * 1000;
    printf("requests %zu errors %ld seconds %.1f throughput %.0f/s p50 %.2f ms p95 %.2f ms "
           "p99 %.2f ms max %.2f ms\n",
           total, errors, elapsed, (double)total / elapsed, v[0], v[1], v[2],
           total ? all[total - 1] * 1000 : 0);
    free(all);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("load client CPU %.1f s\n",
           (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
               ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6);
    return errors ? 1 : 0;
}
