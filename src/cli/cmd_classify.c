/* cmd_classify.c - `ungdb classify`: lesson titles on stdin, one a line, to
 * `CODE<TAB>TITLE` (and with --explain a third column saying which
 * dictionary entry or rule decided). A thin client of ungdb_classify. */
#include "cli.h"

#include "ungdb/classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: ungdb classify [--dictionary FILE] [--explain] < TITLES\n"
               "       ungdb classify [--dictionary FILE] --check\n"
               "Reads lesson titles, one a line, and prints CODE<TAB>TITLE per line.\n"
               "The dictionary is FILE, else $UNGDB_SUBJECTS, else the built-in one.\n");
}

/* The dictionary a command uses: --dictionary, else $UNGDB_SUBJECTS, else
 * NULL (the built-in one). */
const char *cli_dictionary_path(const char *opt)
{
    if (opt) return opt;
    const char *env = getenv("UNGDB_SUBJECTS");
    return env && *env ? env : NULL;
}

/* Writes s[0..n) with every TAB as a space, so that the columns stay. */
static void put_title(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        putchar(s[i] == '\t' ? ' ' : s[i]);
}

int cmd_classify(int argc, char **argv)
{
    const char *dict_opt = NULL;
    bool explain = false, check = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--explain")) {
            explain = true;
        } else if (!strcmp(argv[i], "--check")) {
            check = true;
        } else if (!strcmp(argv[i], "--dictionary")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ungdb classify: option '--dictionary' needs a value\n");
                return 2;
            }
            dict_opt = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "ungdb classify: unknown argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    ungdb_subjects *d;
    ungdb_error err;
    ungdb_rc rc = ungdb_subjects_load(cli_dictionary_path(dict_opt), &d, &err);
    if (rc) {
        cli_print_error(rc, &err);
        return 1;
    }
    if (check) {
        printf("%s: %zu entries, sha256 %s\n", ungdb_subjects_source(d), ungdb_subjects_count(d),
               ungdb_subjects_sha256(d));
        ungdb_subjects_free(d);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0, bad = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n') len--;
        if (len && line[len - 1] == '\r') len--;
        ungdb_classification c;
        rc = ungdb_classify(d, line, len, &c);
        if (rc == UNGDB_ENOMEM) {
            fprintf(stderr, "ungdb classify: out of memory\n");
            break;
        }
        if (rc) {
            fprintf(stderr, "ungdb classify: stdin:%ld: title: %s; written as anden\n", lineno,
                    c.why);
            bad++;
        }
        fputs(c.code, stdout);
        putchar('\t');
        put_title(line, len);
        if (explain) {
            putchar('\t');
            fputs(c.why, stdout);
        }
        putchar('\n');
    }
    free(line);
    ungdb_subjects_free(d);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ungdb classify: cannot write the output\n");
        return 1;
    }
    if (rc == UNGDB_ENOMEM) return 1;
    if (bad) {
        fprintf(stderr, "ungdb classify: %ld line%s could not be read (see above)\n", bad,
                bad == 1 ? "" : "s");
        return 1;
    }
    return 0;
}
