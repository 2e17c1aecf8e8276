/* cmd_cpr.c - placeholder until the subcommand lands. */
#include "cli.h"

#include <stdio.h>

int cmd_cpr(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ungdb: 'cpr' is not built yet\n");
    return 2;
}
