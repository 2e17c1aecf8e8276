/* static.c - the web application's files (docs/web.md): GET and HEAD of any
 * path outside /api/ are served from the web directory (`--web DIR`, by
 * default the `web/` folder the build writes beside the program).
 *
 * Safety: the path must be made of plain segments ([A-Za-z0-9_.-], none
 * starting with a dot, so no "..", no hidden files, no backslashes or
 * percent escapes left after libmicrohttpd's decoding), and the file found
 * must, after resolving symbolic links, lie inside the web directory and be
 * a regular file. Every page carries a Content-Security-Policy of
 * `default-src 'self'` (plus data: images, which the design system's CSS
 * uses for a few icons): nothing is fetched from elsewhere at run time. */
#include "server_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".eot", "application/vnd.ms-fontobject"},
    {".txt", "text/plain; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
    {".pdf", "application/pdf"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcmp(dot, types[i].ext)) return types[i].type;
    return "application/octet-stream";
}

/* True when every segment of `p` (after the leading '/') is plain. */
static bool plain_path(const char *p)
{
    if (p[0] != '/') return false;
    bool seg_start = true;
    for (const char *c = p + 1; *c; c++) {
        if (*c == '/') {
            if (seg_start) return false; /* empty segment: "//" */
            seg_start = true;
            continue;
        }
        if (seg_start && *c == '.') return false; /* "..", ".hidden" */
        seg_start = false;
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.';
        if (!ok) return false;
    }
    return true;
}

const char *server_default_web_dir(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char idx[PATH_MAX + 32];
            snprintf(idx, sizeof idx, "%s/web/index.html", exe);
            if (access(idx, R_OK) == 0) {
                snprintf(out, n, "%s/web", exe);
                return out;
            }
        }
    }
#ifdef UNGDB_BUILD_WEB_DIR
    if (access(UNGDB_BUILD_WEB_DIR "/index.html", R_OK) == 0) {
        snprintf(out, n, "%s", UNGDB_BUILD_WEB_DIR);
        return out;
    }
#endif
    return NULL;
}

static void not_found(req *r)
{
    if (!r->s->web_dir[0])
        http_error(r, 404, "not_found", NULL,
                   "no web application is served: build it (make) or give --web DIR");
    else
        http_error(r, 404, "not_found", NULL, "no such file");
}

void static_serve(req *r)
{
    if (!r->s->web_dir[0] || !plain_path(r->path)) {
        not_found(r);
        return;
    }
    char want[PATH_MAX], real[PATH_MAX];
    const char *rel = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
    if ((size_t)snprintf(want, sizeof want, "%s%s", r->s->web_dir, rel) >= sizeof want ||
        !realpath(want, real)) {
        not_found(r);
        return;
    }
    size_t dl = strlen(r->s->web_dir);
    if (strncmp(real, r->s->web_dir, dl) != 0 || real[dl] != '/') { /* a link out of the dir */
        not_found(r);
        return;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) close(fd);
        not_found(r);
        return;
    }
    /* A weak validator from size and modification time: the browser asks
     * again each time (no-cache) and gets 304 while the file is the same. */
    snprintf(r->etag, sizeof r->etag, "\"%llx-%llx-%lx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    r->content_type = type_of(real);
    r->cache_control = "no-cache";
    r->page = true;
    const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
    r->answered = true;
    if (inm && !strcmp(inm, r->etag)) {
        close(fd);
        r->status = 304;
        r->out_bin_len = 0;
        r->has_fd = false;
        r->out_text = "";
        return;
    }
    r->status = 200;
    r->has_fd = true;
    r->out_fd = fd;
    r->out_fd_size = (uint64_t)st.st_size;
}
