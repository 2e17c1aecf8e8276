/* cmd_register.c - placeholder until the subcommand lands. */
#include "cli.h"

#include <stdio.h>

int cmd_register(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ungdb: 'register' is not built yet\n");
    return 2;
}
