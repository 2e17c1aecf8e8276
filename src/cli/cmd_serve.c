/* cmd_serve.c - `ungdb serve`: the case-handling server (docs/server.md). */
#include "cli.h"
#include "server/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb serve [--db FILE] [--listen ADDR:PORT] [--demo] [--port-file FILE]\n"
               "                   [--threads N] [--max-body BYTES] [--request-timeout S]\n"
               "                   [--idle-timeout S] [--login-failures N] [--login-window S]\n"
               "                   [--session-minutes M] [--web DIR] [--register DIR] [--quiet]\n"
               "                   [--demo-pupils N]\n"
               "\n"
               "Serves the JSON API of docs/openapi.yaml. --db defaults to ungdb.sqlite (with\n"
               "--demo: a new temporary file); --listen to 127.0.0.1:8080 (port 0: any free\n"
               "port, written to --port-file). --demo loads a generated municipality and\n"
               "prints its users (--demo-pupils: pupils per generated institution, default\n"
               "60; 250 gives whole classes of 25). --web serves the web application from DIR\n"
               "(default: web/ beside the program, where the build puts it). --register serves a "
               "pseudonymised\n"
               "register (register build --pseudonymize) to researchers. See docs/server.md,\n"
               "docs/web.md.\n");
}

static bool need_int(const char *opt, const char *val, long lo, long hi, long *out)
{
    if (!val) {
        fprintf(stderr, "ungdb serve: %s needs a value\n", opt);
        return false;
    }
    if (!cli_parse_long(val, out) || *out < lo || *out > hi) {
        fprintf(stderr, "ungdb serve: %s must be a whole number %ld-%ld, not '%s'\n", opt, lo, hi,
                val);
        return false;
    }
    return true;
}

int cmd_serve(int argc, char **argv)
{
    server_opts o = {.port = 8080};
    char addr[64] = "127.0.0.1", tmpdb[64] = "";
    long v;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--demo")) {
            o.demo = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o.quiet = true;
        } else if (!strcmp(a, "--web") || !strcmp(a, "--register")) {
            if (!val) {
                fprintf(stderr, "ungdb serve: %s needs a directory\n", a);
                return 2;
            }
            if (!strcmp(a, "--web"))
                o.web_dir = val;
            else
                o.register_dir = val;
            i++;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--port-file")) {
            if (!val) {
                fprintf(stderr, "ungdb serve: %s needs a value\n", a);
                return 2;
            }
            if (!strcmp(a, "--db"))
                o.db_path = val;
            else
                o.port_file = val;
            i++;
        } else if (!strcmp(a, "--listen")) {
            const char *colon = val ? strrchr(val, ':') : NULL;
            if (!colon || (size_t)(colon - val) >= sizeof addr || colon == val ||
                !need_int("--listen port", colon + 1, 0, 65535, &v)) {
                fprintf(stderr, "ungdb serve: --listen needs ADDR:PORT, e.g. 127.0.0.1:8080\n");
                return 2;
            }
            memcpy(addr, val, (size_t)(colon - val));
            addr[colon - val] = 0;
            o.port = (int)v;
            i++;
        } else if (!strcmp(a, "--demo-pupils")) {
            if (!need_int(a, val, 10, 2000, &v)) return 2;
            o.demo_pupils = (int)v, i++;
        } else if (!strcmp(a, "--threads")) {
            if (!need_int(a, val, 1, 64, &v)) return 2;
            o.threads = (int)v, i++;
        } else if (!strcmp(a, "--max-body")) {
            if (!need_int(a, val, 1024, 64L << 20, &v)) return 2;
            o.max_body = (size_t)v, i++;
        } else if (!strcmp(a, "--request-timeout")) {
            if (!need_int(a, val, 1, 3600, &v)) return 2;
            o.request_timeout = (int)v, i++;
        } else if (!strcmp(a, "--idle-timeout")) {
            if (!need_int(a, val, 1, 3600, &v)) return 2;
            o.idle_timeout = (int)v, i++;
        } else if (!strcmp(a, "--login-failures")) {
            if (!need_int(a, val, 1, 1000, &v)) return 2;
            o.login_failures = (int)v, i++;
        } else if (!strcmp(a, "--login-window")) {
            if (!need_int(a, val, 1, 86400, &v)) return 2;
            o.login_window = (int)v, i++;
        } else if (!strcmp(a, "--session-minutes")) {
            if (!need_int(a, val, 1, 100000, &v)) return 2;
            o.session_minutes = (int)v, i++;
        } else {
            fprintf(stderr, "ungdb serve: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    o.address = addr;
    if (!o.db_path && o.demo) {
        snprintf(tmpdb, sizeof tmpdb, "/tmp/ungdb-demo-%ld.sqlite", (long)getpid());
        unlink(tmpdb);
        o.db_path = tmpdb;
    }
    if (!o.db_path) o.db_path = "ungdb.sqlite";
    char web[4096];
    if (!o.web_dir) o.web_dir = server_default_web_dir(web, sizeof web);
    return server_run(&o);
}
