/* libFuzzer target: the subject dictionary loader on arbitrary bytes. A
 * dictionary that loads classifies its own terms and a few titles to valid
 * codes; one that does not says where (a line within the input). */
#include "ungdb/classify.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ungdb_subjects *d = NULL;
    ungdb_error err;
    ungdb_rc rc = ungdb_subjects_parse((const char *)data, size, "fuzz.tsv", &d, &err);
    if (rc) {
        CHECK(d == NULL);
        CHECK(rc == UNGDB_EINPUT || rc == UNGDB_ETOOBIG);
        CHECK(err.message[0] != '\0');
        long lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        CHECK(err.line >= 0 && err.line <= lines);
        return 0;
    }
    CHECK(ungdb_subjects_count(d) > 0);
    CHECK(strlen(ungdb_subjects_sha256(d)) == 64);
    static const char *const titles[] = {"Dansk 4.a", "fys/kem", "", "UUV", "Møde", "x y z"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        ungdb_classification c;
        CHECK(ungdb_classify(d, titles[i], strlen(titles[i]), &c) == UNGDB_OK);
        CHECK(c.subject >= 0 && c.subject < UNGDB_SUBJECT_N);
    }
    /* Every line of the input, as a title. */
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && data[i] != '\n') continue;
        ungdb_classification c;
        ungdb_rc r = ungdb_classify(d, (const char *)data + start, i - start, &c);
        CHECK(r == UNGDB_OK || r == UNGDB_EINPUT || r == UNGDB_ETOOBIG);
        CHECK(c.subject >= 0 && c.subject < UNGDB_SUBJECT_N);
        start = i + 1;
    }
    ungdb_subjects_free(d);
    return 0;
}
