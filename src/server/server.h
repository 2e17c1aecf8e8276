/* server.h - the case-handling server, as the command line starts it
 * (`ungdb serve`, docs/server.md). Everything else of src/server/ is
 * internal (server_internal.h). */
#ifndef UNGDB_SERVER_H
#define UNGDB_SERVER_H

#include "ungdb/ungdb.h"

typedef struct server_opts {
    const char *db_path;       /* the store; created and migrated at start */
    const char *address;       /* listen address, default 127.0.0.1 */
    int port;                  /* 0: any free port */
    const char *port_file;     /* if set, the bound port is written here once listening */
    bool demo;                 /* load the demo municipality first (an empty store only) */
    int demo_pupils;           /* pupils per generated demo institution; 0: 60 */
    bool quiet;                /* no access log */
    size_t max_body;           /* bytes of a request body; 0: 1 MiB */
    int request_timeout;       /* seconds for a whole request to arrive; 0: 10 */
    int idle_timeout;          /* seconds a keep-alive connection may idle; 0: 30 */
    int threads;               /* HTTP threads; 0: 2 */
    int login_failures;        /* failed logins per user name or address per window; 0: 5 */
    int login_window;          /* seconds; 0: 900 */
    int session_minutes;       /* session lifetime; 0: 480 */
    const char *pseudonym_key; /* researcher output key file; NULL: a random key per run */
    const char *web_dir;       /* the built web application (static.c); NULL: none */
    const char *register_dir;  /* a pseudonymised register for researchers; NULL: none */
} server_opts;

/* Runs until SIGINT or SIGTERM; returns 0, or prints why it could not start and
 * returns 1. */
int server_run(const server_opts *o);

/* The default web directory: `web/` beside the program (the build tree's
 * `build/web/`), else the build tree this program was built in; NULL when
 * neither holds an index.html. `out` gets the path. */
const char *server_default_web_dir(char *out, size_t n);

/* Loads the demo municipality into the (empty) store at `path` and prints the
 * demo users with their passwords on stdout. */
ungdb_rc server_demo_load(const char *path, int pupils_per_institution, ungdb_error *err);

#endif
