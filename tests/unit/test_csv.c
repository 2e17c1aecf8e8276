/* test_csv.c - the streaming CSV reader (src/core/csv.c): BOM, line ends,
 * quoting, line numbers, blank lines, every syntax error and where reading
 * resumes, UTF-8 checks, caps, empty and header-only inputs, column lookup,
 * and reading real files (mapped, through a pipe, missing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ungdb/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------- helpers */

static ungdb_csv *mem_lim(const char *s, size_t n, const ungdb_csv_limits *lim)
{
    ungdb_csv *r = NULL;
    assert_int_equal(ungdb_csv_open_mem(&r, s, n, lim), UNGDB_OK);
    assert_non_null(r);
    return r;
}

static ungdb_csv *mem(const char *s)
{
    return mem_lim(s, strlen(s), NULL);
}

/* The record's fields as "[f1][f2]..." */
static const char *render(const ungdb_csv_record *rec)
{
    static char buf[8192];
    size_t k = 0;
    for (size_t i = 0; i < rec->nfields; i++) {
        assert_true(k + rec->fields[i].n + 3 < sizeof buf);
        buf[k++] = '[';
        if (rec->fields[i].n) memcpy(buf + k, rec->fields[i].p, rec->fields[i].n);
        k += rec->fields[i].n;
        buf[k++] = ']';
    }
    buf[k] = '\0';
    return buf;
}

/* Next status must be `st`, at `line`, with fields `want` (NULL: not checked). */
static void expect(ungdb_csv *r, ungdb_csv_status st, long line, const char *want)
{
    ungdb_csv_record rec;
    ungdb_csv_status got = ungdb_csv_next(r, &rec);
    if (got != st) fail_msg("status %d, wanted %d (line %ld: %s)", got, st, rec.line, rec.message);
    if (st == UNGDB_CSV_END) return;
    assert_int_equal(rec.line, line);
    if (want) assert_string_equal(render(&rec), want);
}

/* Next status is an error `st` at `line` whose message contains `part`. */
static void expect_error(ungdb_csv *r, ungdb_csv_status st, long line, const char *part)
{
    ungdb_csv_record rec;
    ungdb_csv_status got = ungdb_csv_next(r, &rec);
    if (got != st) fail_msg("status %d, wanted %d at line %ld", got, st, line);
    assert_int_equal(rec.line, line);
    if (!strstr(rec.message, part)) fail_msg("message '%s' lacks '%s'", rec.message, part);
}

static void expect_end(ungdb_csv *r)
{
    expect(r, UNGDB_CSV_END, 0, NULL);
    expect(r, UNGDB_CSV_END, 0, NULL); /* and stays there */
    assert_int_equal(ungdb_csv_offset(r), ungdb_csv_size(r));
}

/* ------------------------------------------------- shape of the input */

static void bom_is_skipped_only_at_the_start(void **state)
{
    (void)state;
    ungdb_csv *r = mem("\xEF\xBB\xBF"
                       "id,name\n1,\xEF\xBB\xBFx\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[id][name]");
    expect(r, UNGDB_CSV_RECORD, 2, "[1][\xEF\xBB\xBFx]");
    expect_end(r);
    ungdb_csv_free(r);

    r = mem("\xEF\xBB\xBF");
    expect_end(r);
    ungdb_csv_free(r);

    r = mem("\xEF\xBB\xBF\"q\"\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[q]");
    ungdb_csv_free(r);
}

static void crlf_lf_and_mixed_line_ends_give_the_same_fields(void **state)
{
    (void)state;
    ungdb_csv *r = mem("a,b\r\n1,2\n3,\r\n\"4\",\"5\"\r\n6,7");
    expect(r, UNGDB_CSV_RECORD, 1, "[a][b]");
    expect(r, UNGDB_CSV_RECORD, 2, "[1][2]");
    expect(r, UNGDB_CSV_RECORD, 3, "[3][]");
    expect(r, UNGDB_CSV_RECORD, 4, "[4][5]");
    expect(r, UNGDB_CSV_RECORD, 5, "[6][7]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void lone_cr_is_field_data(void **state)
{
    (void)state;
    ungdb_csv *r = mem("a\rb,c\n\r\n\"x\ry\",z\r\r\nlast\r");
    expect(r, UNGDB_CSV_RECORD, 1, "[a\rb][c]");
    expect(r, UNGDB_CSV_RECORD, 3, "[x\ry][z\r]");
    expect(r, UNGDB_CSV_RECORD, 4, "[last\r]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void blank_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    ungdb_csv *r = mem("\n\nh\n\r\n\n1\n\n\r\n");
    expect(r, UNGDB_CSV_RECORD, 3, "[h]");
    expect(r, UNGDB_CSV_RECORD, 6, "[1]");
    expect_end(r);
    ungdb_csv_free(r);

    /* A line of spaces or an empty quoted field is a record, not a blank. */
    r = mem(" \n\"\"\n,\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[ ]");
    expect(r, UNGDB_CSV_RECORD, 2, "[]");
    expect(r, UNGDB_CSV_RECORD, 3, "[][]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void quoted_fields_hold_commas_quotes_and_line_breaks(void **state)
{
    (void)state;
    const char *s = "h1,h2,h3\n"
                    "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
                    "next,\"\"\"\",\"\"\n"
                    "\"x\r\ny\r\nz\",\"\"\"q\"\"\",3\r\n"
                    "end,\"\",\n";
    ungdb_csv *r = mem(s);
    expect(r, UNGDB_CSV_RECORD, 1, "[h1][h2][h3]");
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
    assert_int_equal(rec.line, 2);
    assert_string_equal(render(&rec), "[a,b][say \"hi\"][two\nlines]");
    /* Fields without doubled quotes are slices of the input itself. */
    assert_ptr_equal(rec.fields[0].p, s + 10);
    assert_ptr_equal(rec.fields[2].p, strstr(s, "two"));
    assert_false(rec.fields[1].p >= s && rec.fields[1].p < s + strlen(s));
    expect(r, UNGDB_CSV_RECORD, 4, "[next][\"][]");
    expect(r, UNGDB_CSV_RECORD, 5, "[x\r\ny\r\nz][\"q\"][3]");
    expect(r, UNGDB_CSV_RECORD, 8, "[end][][]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void the_last_line_may_lack_a_line_end(void **state)
{
    (void)state;
    ungdb_csv *r = mem("a,b\n1,2");
    expect(r, UNGDB_CSV_RECORD, 1, "[a][b]");
    expect(r, UNGDB_CSV_RECORD, 2, "[1][2]");
    expect_end(r);
    ungdb_csv_free(r);

    r = mem("a\n\"q\"\"\"");
    expect(r, UNGDB_CSV_RECORD, 1, "[a]");
    expect(r, UNGDB_CSV_RECORD, 2, "[q\"]");
    expect_end(r);
    ungdb_csv_free(r);

    r = mem("a\n1,");
    expect(r, UNGDB_CSV_RECORD, 1, "[a]");
    expect(r, UNGDB_CSV_RECORD, 2, "[1][]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void empty_input_has_no_records(void **state)
{
    (void)state;
    ungdb_csv *r = mem_lim(NULL, 0, NULL);
    assert_int_equal(ungdb_csv_size(r), 0);
    assert_int_equal(ungdb_csv_offset(r), 0);
    expect_end(r);
    ungdb_csv_free(r);

    r = mem("\n\r\n\n");
    expect_end(r);
    ungdb_csv_free(r);
}

static void header_only_input_has_one_record(void **state)
{
    (void)state;
    ungdb_csv *r = mem("user_id,cpr\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[user_id][cpr]");
    expect_end(r);
    ungdb_csv_free(r);
    r = mem("user_id,cpr");
    expect(r, UNGDB_CSV_RECORD, 1, "[user_id][cpr]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void fields_of_every_length_split_exactly(void **state)
{
    (void)state;
    /* Crosses the 8- and 16-byte scanning steps and the tail of the input. */
    char buf[4096];
    for (size_t len = 0; len < 40; len++) {
        size_t k = 0;
        for (int f = 0; f < 3; f++) {
            for (size_t i = 0; i < len + (size_t)f; i++)
                buf[k++] = (char)('a' + (i % 26));
            buf[k++] = f < 2 ? ',' : '\n';
        }
        for (size_t i = 0; i < len; i++)
            buf[k++] = 'z';
        ungdb_csv *r = mem_lim(buf, k, NULL);
        ungdb_csv_record rec;
        assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
        assert_int_equal(rec.nfields, 3);
        for (size_t f = 0; f < 3; f++)
            assert_int_equal(rec.fields[f].n, len + f);
        if (len) {
            assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
            assert_int_equal(rec.nfields, 1);
            assert_int_equal(rec.fields[0].n, len);
        }
        expect_end(r);
        ungdb_csv_free(r);
    }
}

static void wide_records_and_long_unquoting_grow_the_buffers(void **state)
{
    (void)state;
    /* 1000 fields (beyond the first field array) and two fields of 3000
     * doubled quotes each (beyond the first scratch buffer, which moves). */
    size_t cap = 20000, k = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int i = 0; i < 1000; i++)
        k += (size_t)snprintf(s + k, cap - k, "%d,", i);
    for (int f = 0; f < 2; f++) {
        s[k++] = '"';
        for (int i = 0; i < 3000; i++) {
            s[k++] = '"';
            s[k++] = '"';
        }
        s[k++] = f ? 'y' : 'x';
        s[k++] = '"';
        s[k++] = ',';
    }
    s[k++] = '\n';
    ungdb_csv *r = mem_lim(s, k, NULL);
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
    assert_int_equal(rec.nfields, 1003);
    assert_int_equal(rec.fields[999].n, 3);
    assert_memory_equal(rec.fields[999].p, "999", 3);
    for (int f = 0; f < 2; f++) {
        const ungdb_slice *v = &rec.fields[1000 + f];
        assert_int_equal(v->n, 3001);
        for (size_t i = 0; i < 3000; i++)
            assert_int_equal(v->p[i], '"');
        assert_int_equal(v->p[3000], f ? 'y' : 'x');
    }
    assert_int_equal(rec.fields[1002].n, 0);
    expect_end(r);
    ungdb_csv_free(r);
    free(s);
}

/* ------------------------------------------------------ syntax errors */

static void quote_inside_unquoted_field_resumes_on_next_line(void **state)
{
    (void)state;
    ungdb_csv *r = mem("h\nab\"c,d\nx,y\"\"\nok\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[h]");
    expect_error(r, UNGDB_CSV_SYNTAX, 2, "column 1: '\"' inside an unquoted field");
    expect_error(r, UNGDB_CSV_SYNTAX, 3, "column 2");
    expect(r, UNGDB_CSV_RECORD, 4, "[ok]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void junk_after_closing_quote_resumes_on_next_line(void **state)
{
    (void)state;
    ungdb_csv *r = mem("\"a\"b,c\n1,\"x\" \n\"p\"\rq\nok\n");
    expect_error(r, UNGDB_CSV_SYNTAX, 1, "column 1: expected ',' or a line end");
    expect_error(r, UNGDB_CSV_SYNTAX, 2, "column 2");
    expect_error(r, UNGDB_CSV_SYNTAX, 3, "column 1"); /* a lone CR is no line end */
    expect(r, UNGDB_CSV_RECORD, 4, "[ok]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void error_in_multiline_record_resumes_after_its_own_line(void **state)
{
    (void)state;
    /* The record starts on line 2; the junk after the quote is on line 4. */
    ungdb_csv *r = mem("h\n\"a\nb\nc\"!\nok\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[h]");
    expect_error(r, UNGDB_CSV_SYNTAX, 2, "column 1");
    expect(r, UNGDB_CSV_RECORD, 5, "[ok]");
    expect_end(r);
    ungdb_csv_free(r);

    /* A '"' in an unquoted field after a multi-line quoted one. */
    r = mem("\"a\nb\",c\"d\ne\n");
    expect_error(r, UNGDB_CSV_SYNTAX, 1, "column 2");
    expect(r, UNGDB_CSV_RECORD, 3, "[e]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void quote_open_at_end_of_input_ends_the_input(void **state)
{
    (void)state;
    ungdb_csv *r = mem("h\n1,\"abc\ndef\n\nghi,jkl\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[h]");
    expect_error(r, UNGDB_CSV_SYNTAX, 2, "column 2: quote still open at the end of the file");
    expect_end(r);
    ungdb_csv_free(r);

    r = mem("\"");
    expect_error(r, UNGDB_CSV_SYNTAX, 1, "column 1");
    expect_end(r);
    ungdb_csv_free(r);
}

/* ------------------------------------------------------------- UTF-8 */

static void utf8_validator_accepts_well_formed_text(void **state)
{
    (void)state;
    static const char *const good[] = {
        "",
        "plain ascii that is longer than sixteen bytes",
        "\xC3\xA6\xC3\xB8\xC3\xA5 \xC3\x86\xC3\x98\xC3\x85", /* æøå ÆØÅ */
        "\xC2\x80",                                          /* U+0080 */
        "\xE0\xA0\x80",                                      /* U+0800 */
        "\xED\x9F\xBF",                                      /* U+D7FF */
        "\xEE\x80\x80",                                      /* U+E000 */
        "\xEF\xBF\xBF",                                      /* U+FFFF */
        "\xF0\x90\x80\x80",                                  /* U+10000 */
        "\xF4\x8F\xBF\xBF",                                  /* U+10FFFF */
        ("12345678\xF0\x9F\x98\x80"
         "abcdefghijklmnop\xC3\xA5"), /* emoji after a word */
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!ungdb_utf8_valid(good[i], strlen(good[i]))) fail_msg("rejected good[%zu]", i);
    assert_true(ungdb_utf8_valid("a\0b", 3)); /* NUL is a valid character */
}

static void utf8_validator_rejects_each_kind_of_bad_sequence(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xC0\x80",             /* overlong NUL */
        "\xC1\xBF",             /* overlong */
        "\xE0\x9F\xBF",         /* overlong 3-byte */
        "\xF0\x8F\xBF\xBF",     /* overlong 4-byte */
        "\xED\xA0\x80",         /* surrogate D800 */
        "\xED\xBF\xBF",         /* surrogate DFFF */
        "\xF4\x90\x80\x80",     /* U+110000 */
        "\xF5\x80\x80\x80",     /* beyond */
        "\xFF",                 /* never used */
        "\x80",                 /* lone continuation */
        "\xC3",                 /* truncated at the end */
        "\xE2\x82",             /* truncated at the end */
        "\xF0\x9F\x98",         /* truncated at the end */
        "\xC3(",                /* truncated by ASCII */
        "\xE2\x28\xA1",         /* bad second byte */
        "\xE2\x82\x28",         /* bad third byte */
        "abcdefghijklmnop\x80", /* after the ASCII fast path */
        "abcdefgh\xC3\xA5xyz\xED\xA0\x80pqrstuvwxyz",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (ungdb_utf8_valid(bad[i], strlen(bad[i]))) fail_msg("accepted bad[%zu]", i);
    /* A good sequence cut short by the length given. */
    assert_false(ungdb_utf8_valid("\xC3\xA5", 1));
}

static void invalid_utf8_names_the_field_and_keeps_the_fields(void **state)
{
    (void)state;
    ungdb_csv *r = mem("a,b,c\n1,\xC0\x80,\xED\xA0\x80\n\xC3,\"\xF4\x90\x80\x80\"\"\"\n"
                       "\"x\"\"\xC3\",y\n\xC3\xA5,\xE2\x82\xAC\n");
    expect(r, UNGDB_CSV_RECORD, 1, "[a][b][c]");
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_ENCODING);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.bad_field, 1);
    assert_int_equal(rec.nfields, 3);
    assert_string_equal(render(&rec), "[1][\xC0\x80][\xED\xA0\x80]");
    assert_non_null(strstr(rec.message, "column 2: invalid UTF-8"));

    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_ENCODING);
    assert_int_equal(rec.line, 3);
    assert_int_equal(rec.bad_field, 0); /* truncated by the comma */
    assert_int_equal(rec.nfields, 2);
    assert_string_equal(render(&rec), "[\xC3][\xF4\x90\x80\x80\"]");

    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_ENCODING);
    assert_int_equal(rec.bad_field, 0); /* truncated by the unescaped quote */
    assert_string_equal(render(&rec), "[x\"\xC3][y]");
    expect(r, UNGDB_CSV_RECORD, 5, "[\xC3\xA5][\xE2\x82\xAC]");
    expect_end(r);
    ungdb_csv_free(r);
}

/* -------------------------------------------------------------- caps */

static void field_longer_than_max_field_is_too_long(void **state)
{
    (void)state;
    ungdb_csv_limits lim = {.max_field = 4};
    const char *s = "abcd,\"ab\"\"c\"\nabcd,abcde\n\"ab\"\"cd\"\nok\n";
    ungdb_csv *r = mem_lim(s, strlen(s), &lim);
    expect(r, UNGDB_CSV_RECORD, 1, "[abcd][ab\"c]");
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_TOOLONG);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.bad_field, 1);
    assert_non_null(strstr(rec.message, "column 2: field longer than 4 bytes"));
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_TOOLONG); /* 5 after unquoting */
    assert_int_equal(rec.line, 3);
    assert_int_equal(rec.bad_field, 0);
    expect(r, UNGDB_CSV_RECORD, 4, "[ok]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void cap_hit_inside_a_multiline_field_resumes_after_that_line(void **state)
{
    (void)state;
    /* The fifth byte of the field ('d') is on line 2: resume on line 3. */
    ungdb_csv_limits lim = {.max_field = 4};
    const char *s = "\"ab\ncdefgh\"\nx\n";
    ungdb_csv *r = mem_lim(s, strlen(s), &lim);
    expect_error(r, UNGDB_CSV_TOOLONG, 1, "column 1");
    expect(r, UNGDB_CSV_RECORD, 3, "[x]");
    expect_end(r);
    ungdb_csv_free(r);

    /* With a cap of 1 the cap is hit on line 1; line 2 is then read as a
     * record of its own, whose field passes the cap before its stray quote. */
    lim.max_field = 1;
    r = mem_lim(s, strlen(s), &lim);
    expect_error(r, UNGDB_CSV_TOOLONG, 1, "longer than 1 bytes");
    expect_error(r, UNGDB_CSV_TOOLONG, 2, "column 1");
    expect(r, UNGDB_CSV_RECORD, 3, "[x]");
    expect_end(r);
    ungdb_csv_free(r);

    /* A stray quote before the cap is a syntax error; at the cap's byte too. */
    lim.max_field = 3;
    r = mem_lim("ab\"cd\nabc\"\n\"abc", 15, &lim);
    expect_error(r, UNGDB_CSV_SYNTAX, 1, "column 1");
    expect_error(r, UNGDB_CSV_SYNTAX, 2, "column 1");
    expect_error(r, UNGDB_CSV_SYNTAX, 3, "still open");
    expect_end(r);
    ungdb_csv_free(r);

    /* Caps come before the end of the input inside quotes. */
    lim.max_field = 2;
    r = mem_lim("\"abc\nd", 6, &lim);
    expect_error(r, UNGDB_CSV_TOOLONG, 1, "column 1");
    expect(r, UNGDB_CSV_RECORD, 2, "[d]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void record_longer_than_max_record_is_too_long(void **state)
{
    (void)state;
    ungdb_csv_limits lim = {.max_record = 10};
    const char *s = "12345,7890\r\n12345,78901\n\"1\n3\",\"6789\nx\"\nok";
    ungdb_csv *r = mem_lim(s, strlen(s), &lim);
    expect(r, UNGDB_CSV_RECORD, 1, "[12345][7890]"); /* the line end does not count */
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_TOOLONG);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.bad_field, SIZE_MAX);
    assert_int_equal(rec.nfields, 0);
    assert_non_null(strstr(rec.message, "record longer than 10 bytes"));
    /* Byte 11 of the record starting on line 3 is on line 4. */
    expect_error(r, UNGDB_CSV_TOOLONG, 3, "record longer");
    expect_error(r, UNGDB_CSV_SYNTAX, 5, "column 1"); /* x" */
    expect(r, UNGDB_CSV_RECORD, 6, "[ok]");
    expect_end(r);
    ungdb_csv_free(r);
}

static void more_than_max_fields_is_too_long(void **state)
{
    (void)state;
    ungdb_csv_limits lim = {.max_fields = 3};
    const char *s = "a,b,c\na,b,c,\n\"a\nb\",b,\"c\",\"d\nd\"\nok,,\n";
    ungdb_csv *r = mem_lim(s, strlen(s), &lim);
    expect(r, UNGDB_CSV_RECORD, 1, "[a][b][c]");
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_TOOLONG);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.bad_field, 3);
    assert_non_null(strstr(rec.message, "more than 3 fields"));
    /* The fourth field's comma is on line 4: resume on line 5. */
    expect_error(r, UNGDB_CSV_TOOLONG, 3, "more than 3 fields");
    expect_error(r, UNGDB_CSV_SYNTAX, 5, "column 1"); /* d" */
    expect(r, UNGDB_CSV_RECORD, 6, "[ok][][]");
    expect_end(r);
    ungdb_csv_free(r);
}

/* ------------------------------------------------------ column lookup */

static void column_lookup_is_exact_and_first_wins(void **state)
{
    (void)state;
    ungdb_csv *r = mem("id,Name,id,name,,\"user_id\"\n");
    ungdb_csv_record h;
    assert_int_equal(ungdb_csv_next(r, &h), UNGDB_CSV_RECORD);
    assert_int_equal(ungdb_csv_column(&h, "id"), 0);
    assert_int_equal(ungdb_csv_column(&h, "Name"), 1);
    assert_int_equal(ungdb_csv_column(&h, "name"), 3);
    assert_int_equal(ungdb_csv_column(&h, "NAME"), -1);
    assert_int_equal(ungdb_csv_column(&h, "i"), -1);
    assert_int_equal(ungdb_csv_column(&h, "id "), -1);
    assert_int_equal(ungdb_csv_column(&h, ""), 4);
    assert_int_equal(ungdb_csv_column(&h, "user_id"), 5);
    ungdb_csv_free(r);
}

/* ------------------------------------------------------------- files */

static char *temp_file(const char *content, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/ungdb_test_csv_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
    return path;
}

static void open_reads_a_mapped_file(void **state)
{
    (void)state;
    const char s[] = "\xEF\xBB\xBFuser_id,grade\r\nu1,3\r\n\r\n\"u\"\"2\",10";
    char *path = temp_file(s, sizeof s - 1);
    ungdb_csv *r = NULL;
    ungdb_error err;
    assert_int_equal(ungdb_csv_open(&r, path, NULL, &err), UNGDB_OK);
    assert_int_equal(ungdb_csv_size(r), sizeof s - 1);
    expect(r, UNGDB_CSV_RECORD, 1, "[user_id][grade]");
    expect(r, UNGDB_CSV_RECORD, 2, "[u1][3]");
    assert_int_equal(ungdb_csv_offset(r), 3 + 15 + 6);
    expect(r, UNGDB_CSV_RECORD, 4, "[u\"2][10]");
    expect_end(r);
    ungdb_csv_free(r);
    unlink(path);
}

static void open_reads_an_empty_file(void **state)
{
    (void)state;
    char *path = temp_file("", 0);
    ungdb_csv *r = NULL;
    ungdb_error err;
    assert_int_equal(ungdb_csv_open(&r, path, NULL, &err), UNGDB_OK);
    assert_int_equal(ungdb_csv_size(r), 0);
    expect_end(r);
    ungdb_csv_free(r);
    unlink(path);
}

static void open_reads_a_pipe_without_mapping(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const char s[] = "a,b\n\"x\ny\",2\n";
    assert_int_equal(write(fds[1], s, sizeof s - 1), (ssize_t)(sizeof s - 1));
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    ungdb_csv *r = NULL;
    ungdb_error err;
    assert_int_equal(ungdb_csv_open(&r, path, NULL, &err), UNGDB_OK);
    assert_int_equal(ungdb_csv_size(r), sizeof s - 1);
    expect(r, UNGDB_CSV_RECORD, 1, "[a][b]");
    expect(r, UNGDB_CSV_RECORD, 2, "[x\ny][2]");
    expect_end(r);
    ungdb_csv_free(r);
    close(fds[0]);
}

static void open_fails_on_a_missing_file_or_a_directory(void **state)
{
    (void)state;
    ungdb_csv *r = (ungdb_csv *)&r; /* must be reset to NULL */
    ungdb_error err;
    ungdb_error_clear(&err);
    const char *path = "/nonexistent/ungdb/persons.csv";
    assert_int_equal(ungdb_csv_open(&r, path, NULL, &err), UNGDB_EIO);
    assert_null(r);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "cannot open"));

    r = (ungdb_csv *)&r;
    assert_int_equal(ungdb_csv_open(&r, UNGDB_SOURCE_DIR, NULL, &err), UNGDB_EIO);
    assert_null(r);
    assert_non_null(strstr(err.message, "directory"));
}

static void offset_advances_to_size(void **state)
{
    (void)state;
    const char *s = "a\nbb\n\nccc";
    ungdb_csv *r = mem(s);
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
    assert_int_equal(ungdb_csv_offset(r), 2);
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
    assert_int_equal(ungdb_csv_offset(r), 5);
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
    assert_int_equal(rec.line, 4);
    assert_int_equal(ungdb_csv_offset(r), strlen(s));
    expect_end(r);
    ungdb_csv_free(r);
    ungdb_csv_free(NULL);
}

/* Giving back consumed pages while reading a 50 MB file: every record
 * stays intact (a dropped page of a private file mapping is read again from
 * the file if touched, so this is safe by construction), and the file's
 * pages do not pile up in the resident set. */
static long resident_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &res) != 2) res = 0;
        fclose(f);
    }
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static void drop_consumed_keeps_records_intact(void **state)
{
    (void)state;
    char path[] = "/tmp/ungdb-test-csv-drop.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("id,text\n", f);
    const long n = 1000000;
    for (long i = 0; i < n; i++)
        fprintf(f, "%ld,\"row %ld, quoted\",padding padding padding\n", i, i);
    fclose(f);
    ungdb_csv *r;
    ungdb_error err;
    assert_int_equal(ungdb_csv_open(&r, path, NULL, &err), UNGDB_OK);
    ungdb_csv_record rec;
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
    char want[64];
    long before = resident_kib();
    for (long i = 0; i < n; i++) {
        assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_RECORD);
        ungdb_csv_drop_consumed(r);
        int k = snprintf(want, sizeof want, "%ld", i);
        assert_int_equal(rec.fields[0].n, (size_t)k);
        assert_memory_equal(rec.fields[0].p, want, (size_t)k);
        k = snprintf(want, sizeof want, "row %ld, quoted", i);
        assert_int_equal(rec.fields[1].n, (size_t)k);
        assert_memory_equal(rec.fields[1].p, want, (size_t)k);
    }
    assert_int_equal(ungdb_csv_next(r, &rec), UNGDB_CSV_END);
    /* at most the last 4 MiB record window and 16 MiB between drops stay */
    assert_true(ungdb_csv_size(r) > 45000000);
    assert_true(resident_kib() - before < 28 * 1024);
    ungdb_csv_free(r);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bom_is_skipped_only_at_the_start),
        cmocka_unit_test(crlf_lf_and_mixed_line_ends_give_the_same_fields),
        cmocka_unit_test(lone_cr_is_field_data),
        cmocka_unit_test(blank_lines_are_skipped_but_counted),
        cmocka_unit_test(quoted_fields_hold_commas_quotes_and_line_breaks),
        cmocka_unit_test(the_last_line_may_lack_a_line_end),
        cmocka_unit_test(empty_input_has_no_records),
        cmocka_unit_test(header_only_input_has_one_record),
        cmocka_unit_test(fields_of_every_length_split_exactly),
        cmocka_unit_test(wide_records_and_long_unquoting_grow_the_buffers),
        cmocka_unit_test(quote_inside_unquoted_field_resumes_on_next_line),
        cmocka_unit_test(junk_after_closing_quote_resumes_on_next_line),
        cmocka_unit_test(error_in_multiline_record_resumes_after_its_own_line),
        cmocka_unit_test(quote_open_at_end_of_input_ends_the_input),
        cmocka_unit_test(utf8_validator_accepts_well_formed_text),
        cmocka_unit_test(utf8_validator_rejects_each_kind_of_bad_sequence),
        cmocka_unit_test(invalid_utf8_names_the_field_and_keeps_the_fields),
        cmocka_unit_test(field_longer_than_max_field_is_too_long),
        cmocka_unit_test(cap_hit_inside_a_multiline_field_resumes_after_that_line),
        cmocka_unit_test(record_longer_than_max_record_is_too_long),
        cmocka_unit_test(more_than_max_fields_is_too_long),
        cmocka_unit_test(column_lookup_is_exact_and_first_wins),
        cmocka_unit_test(open_reads_a_mapped_file),
        cmocka_unit_test(open_reads_an_empty_file),
        cmocka_unit_test(open_reads_a_pipe_without_mapping),
        cmocka_unit_test(open_fails_on_a_missing_file_or_a_directory),
        cmocka_unit_test(offset_advances_to_size),
        cmocka_unit_test(drop_consumed_keeps_records_intact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
