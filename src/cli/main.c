/* main.c - the ungdb command-line program: dispatches to a subcommand. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"cpr", cmd_cpr, "cpr NUMBER...                  check CPR numbers"},
    {"calendar", cmd_calendar, "calendar holidays|add-workdays|add-days ...  Danish calendar"},
    {"register", cmd_register, "register build|update ...     build the lesson-level register"},
    {"classify", cmd_classify, "classify [--explain] < TITLES   lesson titles to subject codes"},
    {"gen", cmd_gen, "gen --out DIR ...              generate synthetic deliveries"},
    {"rules", cmd_rules, "rules list|eval|criteria ...   the rules engine (docs/rules.md)"},
    {"serve", cmd_serve, "serve [--db F] [--listen A:P] [--demo]  the case-handling server"},
    {"import", cmd_import, "import DELIVERY_DIR... [--db F]  deliveries into the server's store"},
};

static void usage(FILE *f)
{
    fprintf(f, "ungdb %s - the Danish youth-education register\n\nusage: ungdb COMMAND ...\n\n",
            UNGDB_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  ungdb %s\n", commands[i].help);
    fprintf(f, "\nSee docs/cli.md for every option.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ungdb %s\n", UNGDB_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "ungdb: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
