/* cmd_calendar.c - placeholder until the subcommand lands. */
#include "cli.h"

#include <stdio.h>

int cmd_calendar(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ungdb: 'calendar' is not built yet\n");
    return 2;
}
