/* util.c - shared helpers of the command-line program: errors, progress,
 * number parsing. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void cli_print_error(ungdb_rc rc, const ungdb_error *err)
{
    char buf[1200];
    if (err && (err->message[0] || err->file[0]))
        fprintf(stderr, "ungdb: %s: %s\n", ungdb_strerror(rc),
                ungdb_error_format(err, buf, sizeof buf));
    else
        fprintf(stderr, "ungdb: %s\n", ungdb_strerror(rc));
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, bool quiet)
{
    memset(p, 0, sizeof *p);
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->started = cli_now();
}

void cli_progress_line(cli_progress *p, const char *fmt, ...)
{
    if (p->quiet) return;
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (!strcmp(line, p->last_line)) return;
    snprintf(p->last_line, sizeof p->last_line, "%s", line);
    if (p->tty)
        fprintf(stderr, "\r\033[K[%6.1fs] %s", cli_now() - p->started, line);
    else
        fprintf(stderr, "[%6.1fs] %s\n", cli_now() - p->started, line);
}

void cli_progress_bar(cli_progress *p, const char *label, double done, double total)
{
    if (p->quiet) return;
    double now = cli_now();
    if (!p->tty) {
        /* Plain lines: at most one every 2 seconds. */
        if (now - p->last_draw < 2.0 && done < total) return;
        p->last_draw = now;
        cli_progress_line(p, "%s %3.0f%%", label, total > 0 ? 100.0 * done / total : 100.0);
        return;
    }
    if (now - p->last_draw < 0.1 && done < total) return;
    p->last_draw = now;
    int width = 30, fill = total > 0 ? (int)(width * done / total) : width;
    if (fill > width) fill = width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r\033[K[%6.1fs] [%s] %3.0f%% %s", now - p->started, bar,
            total > 0 ? 100.0 * done / total : 100.0, label);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->quiet && p->tty) fprintf(stderr, "\r\033[K");
}

bool cli_parse_long(const char *s, long *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}
