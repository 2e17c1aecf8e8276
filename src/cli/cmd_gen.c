/* cmd_gen.c - placeholder until the subcommand lands. */
#include "cli.h"

#include <stdio.h>

int cmd_gen(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ungdb: 'gen' is not built yet\n");
    return 2;
}
