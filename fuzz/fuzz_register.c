/* libFuzzer target: a whole delivery from arbitrary bytes. The input is cut
 * at each 0x00 byte into the contents of manifest.json and the seven CSV
 * files (in spec order); the delivery is written to a temporary directory
 * and built. Whatever the bytes, the build must end with a result code
 * (never crash, leak or read out of bounds), and a delivery error must leave
 * the output directory unwritten. */
#include "ungdb/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const files[] = {"manifest.json",     "persons.csv",     "roles.csv",
                                    "groups.csv",        "members.csv",     "lessons.csv",
                                    "lesson_groups.csv", "lesson_staff.csv"};

static char root[64];

static void rm_tree(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!root[0]) {
        snprintf(root, sizeof root, "/tmp/ungdb-fuzz-XXXXXX");
        if (!mkdtemp(root)) abort();
    }
    char dir[128], out[128], path[256];
    snprintf(dir, sizeof dir, "%s/in", root);
    snprintf(out, sizeof out, "%s/out", root);
    rm_tree(dir);
    rm_tree(out);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/d1", dir);
    mkdir(path, 0700);
    size_t start = 0;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t end = start;
        while (end < size && data[end] != 0)
            end++;
        if (start > size) break; /* the remaining files are missing */
        snprintf(path, sizeof path, "%s/d1/%s", dir, files[f]);
        FILE *fp = fopen(path, "wb");
        if (!fp) abort();
        if (end > start) fwrite(data + start, 1, end - start, fp);
        fclose(fp);
        start = end + 1;
    }
    ungdb_register_opts o = {.out_dir = out};
    ungdb_register_summary sum;
    ungdb_error err;
    ungdb_rc rc = ungdb_register_build(dir, &o, &sum, &err);
    if (rc == UNGDB_EDELIVERY && access(out, F_OK) == 0) abort(); /* wrote despite an error */
    return 0;
}
