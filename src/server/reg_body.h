/* reg_body.h - a whole lesson's registrations body read without jansson
 * (reg_body.c). Kept apart from server_internal.h so that its fuzz target
 * (fuzz/fuzz_reg_body.c) can hold it against jansson without a server. */
#ifndef UNGDB_REG_BODY_H
#define UNGDB_REG_BODY_H

#include <stddef.h>
#include <stdint.h>

typedef struct reg_raw {
    int64_t person;
    int64_t minutes; /* -1: not given */
    int present;
    int lawful;         /* -1: not given */
    const char *reason; /* into the body, not terminated; NULL: not given */
    size_t nreason;
} reg_raw;

/* The body's registrations (1-1000), malloc'ed, with *count set; NULL when
 * the body is not of the usual shape (the caller then takes the full path
 * through jansson, which also gives every error answer). */
reg_raw *reg_fast(const char *body, size_t n, size_t *count);

#endif
