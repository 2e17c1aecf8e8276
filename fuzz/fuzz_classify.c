/* libFuzzer target: the subject classifier on arbitrary titles, with the
 * built-in dictionary. The result is always a valid code with an
 * explanation, the same when asked twice, and `anden` whenever the call
 * says the title could not be read. */
#include "ungdb/classify.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ungdb_subjects *dict;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict) {
        ungdb_error err;
        CHECK(ungdb_subjects_load(NULL, &dict, &err) == UNGDB_OK);
    }
    ungdb_classification a, b;
    ungdb_rc rc = ungdb_classify(dict, (const char *)data, size, &a);
    CHECK(rc == UNGDB_OK || rc == UNGDB_EINPUT || rc == UNGDB_ETOOBIG);
    CHECK(a.subject >= 0 && a.subject < UNGDB_SUBJECT_N);
    CHECK(a.code == ungdb_subject_code[a.subject]);
    CHECK(a.why[0] != '\0' && strlen(a.why) < sizeof a.why);
    if (rc) CHECK(a.subject == UNGDB_SUBJECT_ANDEN);
    CHECK(ungdb_classify(dict, (const char *)data, size, &b) == rc);
    CHECK(a.subject == b.subject && !strcmp(a.why, b.why));
    return 0;
}
