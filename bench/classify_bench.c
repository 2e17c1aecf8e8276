/* classify_bench.c - speed of the subject classifier (ungdb_classify) on
 * distinct titles: every title of the labelled sets, each also written with
 * class, team and teacher decorations ("Dansk 4.a", "7B Dansk (KL)",
 * "Dansk hold 3", ...), so that none repeats. Prints titles per second.
 *   classify_bench LABELLED.tsv... */
#include "ungdb/classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: classify_bench LABELLED.tsv...\n");
        return 2;
    }
    size_t nbase = 0, cap = 1024;
    char **base = malloc(cap * sizeof *base);
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        char line[1024];
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            char *tab = strchr(line, '\t');
            if (line[0] == '#' || !tab) continue;
            if (nbase == cap) base = realloc(base, (cap *= 2) * sizeof *base);
            base[nbase++] = strdup(tab + 1);
        }
        fclose(f);
    }
    ungdb_subjects *d;
    ungdb_error err;
    double t0 = now();
    if (ungdb_subjects_load(NULL, &d, &err)) {
        fprintf(stderr, "cannot load the dictionary: %s\n", err.message);
        return 1;
    }
    double load = now() - t0;
    /* 6 grades x 4 letters x 4 forms of decoration per title. */
    static const char *const forms[] = {"%s %d.%c", "%d%c %s", "%s %d.%c (T%c)", "%s hold %d%c"};
    size_t n = 0, anden = 0;
    char title[1200];
    t0 = now();
    for (size_t i = 0; i < nbase; i++)
        for (int g = 1; g <= 6; g++)
            for (char c = 'a'; c <= 'd'; c++)
                for (int k = 0; k < 4; k++) {
                    int len;
                    if (k == 1)
                        len = snprintf(title, sizeof title, forms[k], g, c, base[i]);
                    else if (k == 2)
                        len = snprintf(title, sizeof title, forms[k], base[i], g, c, c);
                    else if (k == 3)
                        len = snprintf(title, sizeof title, forms[k], base[i], g, c);
                    else
                        len = snprintf(title, sizeof title, forms[k], base[i], g, c);
                    ungdb_classification r;
                    ungdb_classify(d, title, (size_t)len, &r);
                    anden += r.subject == UNGDB_SUBJECT_ANDEN;
                    n++;
                }
    double wall = now() - t0;
    printf("classified %zu distinct titles in %.3f s: %.0f titles/s (%zu anden); "
           "dictionary of %zu entries loaded in %.1f ms\n",
           n, wall, (double)n / wall, anden, ungdb_subjects_count(d), load * 1e3);
    ungdb_subjects_free(d);
    for (size_t i = 0; i < nbase; i++)
        free(base[i]);
    free(base);
    return 0;
}
