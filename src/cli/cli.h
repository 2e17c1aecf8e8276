/* cli.h - the subcommands of the ungdb program. Each returns the process
 * exit status: 0 success, 1 a negative answer or bad input, 2 wrong usage. */
#ifndef UNGDB_CLI_H
#define UNGDB_CLI_H

#include "ungdb/ungdb.h"

int cmd_cpr(int argc, char **argv);      /* cmd_cpr.c */
int cmd_calendar(int argc, char **argv); /* cmd_calendar.c */
int cmd_register(int argc, char **argv); /* cmd_register.c */
int cmd_gen(int argc, char **argv);      /* cmd_gen.c */
int cmd_serve(int argc, char **argv);    /* cmd_serve.c */
int cmd_import(int argc, char **argv);   /* cmd_import.c */
int cmd_classify(int argc, char **argv); /* cmd_classify.c */
int cmd_rules(int argc, char **argv);    /* cmd_rules.c */

/* cmd_simulate.c: `ungdb rules simulate` (cmd_rules hands argv over; argv[1] is "simulate"). */
int cmd_rules_simulate(int argc, char **argv);
/* cmd_gen_attendance.c: `ungdb gen attendance` (cmd_gen hands argv over; argv[1] is "attendance").
 */
int cmd_gen_attendance(int argc, char **argv);

/* The subject dictionary a command uses: `opt` (--dictionary), else
 * $UNGDB_SUBJECTS, else NULL for the built-in one (cmd_classify.c). */
const char *cli_dictionary_path(const char *opt);

/* Prints "ungdb: " and the formatted error detail to stderr. */
void cli_print_error(ungdb_rc rc, const ungdb_error *err);

/* Progress on stderr: a redrawn bar on a terminal, plain lines otherwise,
 * nothing when quiet. */
typedef struct cli_progress {
    bool quiet;
    bool tty;
    double started;   /* seconds, monotonic */
    double last_draw; /* seconds, monotonic */
    char last_line[160];
} cli_progress;
void cli_progress_init(cli_progress *p, bool quiet);
void cli_progress_line(cli_progress *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cli_progress_bar(cli_progress *p, const char *label, double done, double total);
void cli_progress_end(cli_progress *p);
double cli_now(void);

/* Parses a whole decimal integer; false on junk or overflow. */
bool cli_parse_long(const char *s, long *out);

#endif
