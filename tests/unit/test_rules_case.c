/* Unit tests of the case model (src/rules/case.c): JSON errors with their
 * paths, the round trip, the JSON Schema kept in step with the parser's
 * tables, and every example case of tests/rules/ against the parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules/rules_int.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static ungdb_date ymd(int y, int m, int d)
{
    return ungdb_date_from_ymd(y, m, d);
}

static const char *MIN_PERSON = "\"person\": {\"birth_date\": \"2008-05-10\"}";

/* Parses `json` and expects an EINPUT naming `field` with `msg` in the message. */
static void expect_error(const char *json, const char *field, const char *msg)
{
    ungdb_case *c = NULL;
    ungdb_error err;
    ungdb_rc rc = ungdb_case_parse(json, strlen(json), "case.json", &c, &err);
    if (rc != UNGDB_EINPUT || strcmp(err.field, field) || !strstr(err.message, msg)) {
        fprintf(stderr, "input: %s\nrc %d field '%s' message '%s'\nwant field '%s' msg '%s'\n",
                json, rc, err.field, err.message, field, msg);
        fail();
    }
    assert_null(c);
    assert_string_equal(err.file, "case.json");
}

static char *with_person(const char *rest)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "{%s%s%s}", MIN_PERSON, rest[0] ? ", " : "", rest);
    return buf;
}

static void errors_name_the_json_path(void **state)
{
    (void)state;
    expect_error("{\"person\": {\"birth_date\": \"2008-02-30\"}}", "person.birth_date",
                 "not a date (YYYY-MM-DD)");
    expect_error("{}", "person", "required field is missing");
    expect_error("{\"person\": {}}", "person", "needs cpr or birth_date");
    expect_error("{\"person\": {\"cpr\": \"3102081234\"}}", "person.cpr", "not a valid CPR");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\"}, {\"id\": \"e2\", \"kind\": "
                             "\"eud\", \"start\": \"2025-13-01\", \"status\": \"active\"}]"),
                 "enrolments[1].start", "not a date (YYYY-MM-DD)");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eux\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\"}]"),
                 "enrolments[0].kind", "unknown value \"eux\" (one of: eud,");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\", \"colour\": 1}]"),
                 "enrolments[0].colour", "unknown field");
    expect_error(with_person("\"enrolment\": []"), "enrolment", "unknown field");
    expect_error(with_person("\"enrolments\": [{\"kind\": \"eud\", \"start\": \"2025-08-11\", "
                             "\"status\": \"active\"}]"),
                 "enrolments[0].id", "required field is missing");
    expect_error(with_person("\"enrolments\": {}"), "enrolments", "not an array but an object");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"end\": \"2025-08-10\", \"status\": \"active\"}]"),
                 "enrolments[0].end", "2025-08-10 is before start 2025-08-11");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"status\": \"interrupted\"}]"),
                 "enrolments[0].interruption", "required when status is \"interrupted\"");
    expect_error(
        with_person("\"attendance\": [{\"enrolment\": \"e9\", \"lesson_start\": "
                    "\"2025-08-11T08:00\", \"lesson_minutes\": 45, \"absent_minutes\": 0}]"),
        "attendance[0].enrolment", "no enrolment has id \"e9\"");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\"}], \"attendance\": "
                             "[{\"enrolment\": \"e1\", \"lesson_start\": \"2025-08-11T08:00\", "
                             "\"lesson_minutes\": 45, \"absent_minutes\": 50, \"lawful\": true}]"),
                 "attendance[0].absent_minutes", "50 is more than lesson_minutes 45");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\"}], \"attendance\": "
                             "[{\"enrolment\": \"e1\", \"lesson_start\": \"2025-08-11T08:00\", "
                             "\"lesson_minutes\": 45, \"absent_minutes\": 45}]"),
                 "attendance[0].lawful", "required (true or false)");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\"}], \"attendance\": "
                             "[{\"enrolment\": \"e1\", \"lesson_start\": \"2025-08-11 08:00\", "
                             "\"lesson_minutes\": 45, \"absent_minutes\": 0}]"),
                 "attendance[0].lesson_start", "not a date and time (YYYY-MM-DDTHH:MM)");
    expect_error(
        with_person("\"employment\": [{\"from\": \"2025-01-01\", \"hours_per_week\": -1}]"),
        "employment[0].hours_per_week", "outside 0..168");
    expect_error(with_person("\"employment\": [{\"from\": \"2025-01-01\", \"hours_per_week\": "
                             "\"20\"}]"),
                 "employment[0].hours_per_week", "not a number");
    expect_error(with_person("\"steps\": [{\"date\": \"2025-01-01\", \"kind\": \"exemption\"}]"),
                 "steps[0]", "an exemption needs exempt_reason");
    expect_error(with_person("\"steps\": [{\"date\": \"2025-01-01\", \"kind\": \"decision\"}]"),
                 "steps[0]", "a decision needs duty_met");
    expect_error(with_person("\"settings\": {\"summer_from_week\": 27}"), "settings",
                 "give both summer_from_week and summer_to_week");
    expect_error(with_person("\"settings\": {\"summer_from_week\": 33, \"summer_to_week\": 27}"),
                 "settings.summer_to_week", "before summer_from_week");
    expect_error(with_person("\"settings\": {\"summer_from_week\": 54, \"summer_to_week\": 60}"),
                 "settings.summer_from_week", "outside 1..53");
    expect_error(with_person("\"id\": null"), "id", "null is not allowed");
    expect_error(with_person("\"reports\": [], \"guardian_notices\": [{\"date\": \"2025-01-01\", "
                             "\"report\": \"r1\"}]"),
                 "guardian_notices[0].report", "no report has id \"r1\"");
    expect_error(with_person("\"enrolments\": [{\"id\": \"e1\", \"kind\": \"fgu\", \"start\": "
                             "\"2025-08-11\", \"status\": \"active\", \"fgu\": {\"certificate\": "
                             "{\"contents\": [\"period\", \"period\"]}}}]"),
                 "enrolments[0].fgu.certificate.contents[1]", "given twice");
}

static void json_syntax_errors_name_the_line(void **state)
{
    (void)state;
    const char *j = "{\n  \"person\": {\"birth_date\": \"2008-05-10\"},\n  \"id\": \"x\",,\n}";
    ungdb_case *c;
    ungdb_error err;
    assert_int_equal(ungdb_case_parse(j, strlen(j), "c.json", &c, &err), UNGDB_EINPUT);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "not valid JSON"));
    const char *dup =
        "{\"person\": {\"birth_date\": \"2008-05-10\"}, \"id\": \"a\", \"id\": \"b\"}";
    assert_int_equal(ungdb_case_parse(dup, strlen(dup), "c.json", &c, &err), UNGDB_EINPUT);
    assert_non_null(strstr(err.message, "duplicate"));
}

static void absent_values_have_their_markers(void **state)
{
    (void)state;
    const char *j = "{\"person\": {\"cpr\": \"100508-4234\", \"lives_in_denmark\": null}, "
                    "\"enrolments\": [{\"id\": \"e1\", \"kind\": \"eud\", \"start\": "
                    "\"2025-08-11\", \"status\": \"active\"}]}";
    ungdb_case *c;
    ungdb_error err;
    assert_int_equal(ungdb_case_parse(j, strlen(j), "c.json", &c, &err), UNGDB_OK);
    assert_int_equal(c->person.birth.day, ymd(2008, 5, 10).day);
    assert_int_equal(c->person.lives_in_denmark, UNGDB_UNKNOWN);
    assert_int_equal(c->nenrolments, 1);
    assert_false(ungdb_date_is_set(c->enrolments[0].end));
    assert_false(ungdb_date_is_set(c->enrolments[0].planned_end));
    assert_null(c->enrolments[0].interruption);
    assert_null(c->enrolments[0].institution);
    assert_int_equal(c->enrolments[0].full_time, UNGDB_UNKNOWN);
    assert_int_equal(c->settings.summer_from_week, -1);
    assert_null(c->stu);
    ungdb_case_free(c);
}

static json_t *load_json(const char *path)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) fprintf(stderr, "%s:%d: %s\n", path, je.line, je.text);
    assert_non_null(j);
    return j;
}

/* Marks every field of the tables that the JSON value uses. */
static void mark(const json_t *v, const case_obj *o, const case_obj *const *objs, size_t nobj,
                 bool seen[][32])
{
    size_t oi = 0;
    while (objs[oi] != o)
        oi++;
    for (size_t i = 0; i < o->nfields; i++) {
        const case_field *f = &o->fields[i];
        const json_t *fv = json_object_get(v, f->name);
        if (!fv) continue;
        seen[oi][i] = true;
        if (f->type == FT_OBJ || f->type == FT_INL) mark(fv, f->obj, objs, nobj, seen);
        if (f->type == FT_ARR)
            for (size_t k = 0; k < json_array_size(fv); k++)
                mark(json_array_get(fv, k), f->obj, objs, nobj, seen);
    }
}

/* The full example uses every field of every object; parsing and dumping it
 * gives back the same JSON, so every field is read and written. */
static void full_case_round_trips_through_every_field(void **state)
{
    (void)state;
    const char *path = UNGDB_SOURCE_DIR "/tests/unit/data/rules-full-case.json";
    ungdb_case *c;
    ungdb_error err;
    ungdb_rc rc = ungdb_case_load(path, &c, &err);
    if (rc) fprintf(stderr, "%s: %s\n", err.field, err.message);
    assert_int_equal(rc, UNGDB_OK);
    char *dump = ungdb_case_dump(c);
    assert_non_null(dump);
    json_t *in = load_json(path);
    json_error_t je;
    json_t *out = json_loads(dump, 0, &je);
    assert_non_null(out);
    assert_true(json_equal(in, out));

    size_t nobj;
    const case_obj *const *objs = case_objects(&nobj);
    static bool seen[64][32];
    assert_true(nobj <= 64);
    memset(seen, 0, sizeof seen);
    mark(in, objs[0], objs, nobj, seen);
    for (size_t i = 0; i < nobj; i++) {
        assert_true(objs[i]->nfields <= 32);
        for (size_t k = 0; k < objs[i]->nfields; k++)
            if (!seen[i][k]) {
                fprintf(stderr, "the full case lacks %s.%s\n", objs[i]->name,
                        objs[i]->fields[k].name);
                fail();
            }
    }
    /* And a second round gives the same text. */
    ungdb_case *c2;
    assert_int_equal(ungdb_case_parse(dump, strlen(dump), "dump", &c2, &err), UNGDB_OK);
    char *dump2 = ungdb_case_dump(c2);
    assert_string_equal(dump, dump2);
    free(dump);
    free(dump2);
    json_decref(in);
    json_decref(out);
    ungdb_case_free(c);
    ungdb_case_free(c2);
}

static bool names_equal(const json_t *arr, const char *const *names)
{
    size_t n = 0;
    while (names[n + 1])
        n++;
    if (json_array_size(arr) != n) return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(json_string_value(json_array_get(arr, i)), names[i + 1])) return false;
    return true;
}

static const char *ref_of(const json_t *p)
{
    const json_t *r = json_object_get(p, "$ref");
    if (!r && json_object_get(p, "oneOf"))
        r = json_object_get(json_array_get(json_object_get(p, "oneOf"), 0), "$ref");
    if (!r && json_object_get(p, "items")) r = json_object_get(json_object_get(p, "items"), "$ref");
    return r ? json_string_value(r) : "";
}

/* docs/rules.schema.json describes exactly the parser's tables: the same
 * objects, property names, required lists, types, enum values and bounds. */
static void schema_matches_the_parser_tables(void **state)
{
    (void)state;
    json_t *schema = load_json(UNGDB_SOURCE_DIR "/docs/rules.schema.json");
    assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    assert_string_equal(json_string_value(json_object_get(schema, "$ref")), "#/$defs/case");
    json_t *defs = json_object_get(schema, "$defs");
    size_t nobj;
    const case_obj *const *objs = case_objects(&nobj);
    size_t nschema_objs = 0;
    const char *k;
    json_t *v;
    json_object_foreach(defs, k, v) if (!strcmp(json_string_value(json_object_get(v, "type"))
                                                    ? json_string_value(json_object_get(v, "type"))
                                                    : "",
                                                "object")) nschema_objs++;
    assert_int_equal(nschema_objs, nobj);
    for (size_t i = 0; i < nobj; i++) {
        const case_obj *o = objs[i];
        json_t *d = json_object_get(defs, o->name);
        if (!d) fprintf(stderr, "schema lacks $defs/%s\n", o->name);
        assert_non_null(d);
        assert_true(json_is_false(json_object_get(d, "additionalProperties")));
        json_t *props = json_object_get(d, "properties");
        assert_int_equal(json_object_size(props), o->nfields);
        size_t nreq = 0;
        for (size_t f = 0; f < o->nfields; f++) {
            const case_field *fl = &o->fields[f];
            json_t *p = json_object_get(props, fl->name);
            if (!p) fprintf(stderr, "schema lacks %s.%s\n", o->name, fl->name);
            assert_non_null(p);
            const char *type = json_string_value(json_object_get(p, "type"));
            char want[80];
            switch (fl->type) {
            case FT_STR:
                assert_string_equal(type, "string");
                break;
            case FT_DATE:
                assert_string_equal(ref_of(p), "#/$defs/date");
                break;
            case FT_DATETIME:
                assert_string_equal(ref_of(p), "#/$defs/datetime");
                break;
            case FT_TRI:
                assert_string_equal(ref_of(p), "#/$defs/tri");
                break;
            case FT_BOOL:
                assert_string_equal(type, "boolean");
                break;
            case FT_INT:
            case FT_NUM:
                assert_string_equal(type, fl->type == FT_INT ? "integer" : "number");
                assert_true(json_number_value(json_object_get(p, "minimum")) == fl->min);
                assert_true(json_number_value(json_object_get(p, "maximum")) == fl->max);
                break;
            case FT_ENUM:
                assert_true(names_equal(json_object_get(p, "enum"), fl->names));
                break;
            case FT_BITS:
                assert_string_equal(type, "array");
                assert_true(
                    names_equal(json_object_get(json_object_get(p, "items"), "enum"), fl->names));
                break;
            case FT_OBJ:
            case FT_INL:
            case FT_ARR:
                snprintf(want, sizeof want, "#/$defs/%s", fl->obj->name);
                assert_string_equal(ref_of(p), want);
                if (fl->type == FT_ARR) assert_string_equal(type, "array");
                break;
            }
            bool in_req = false;
            json_t *req = json_object_get(d, "required");
            for (size_t r = 0; r < json_array_size(req); r++)
                if (!strcmp(json_string_value(json_array_get(req, r)), fl->name)) in_req = true;
            if (in_req != fl->required)
                fprintf(stderr, "required differs: %s.%s\n", o->name, fl->name);
            assert_true(in_req == fl->required);
            nreq += fl->required;
        }
        assert_int_equal(json_array_size(json_object_get(d, "required")), nreq);
    }
    json_decref(schema);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Every tests/rules/CASE/case.json parses, except the cases that pin an
 * input error (expected.exit 1), which must fail the parser. */
static void every_example_case_parses(void **state)
{
    (void)state;
    const char *dir = UNGDB_SOURCE_DIR "/tests/rules";
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int cases = 0, errors = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[1024], exitp[1024];
        snprintf(path, sizeof path, "%s/%s/case.json", dir, de->d_name);
        snprintf(exitp, sizeof exitp, "%s/%s/expected.exit", dir, de->d_name);
        struct stat st;
        if (stat(path, &st)) continue;
        char *ex = read_all(exitp);
        bool bad = ex && strtol(ex, NULL, 10) != 0;
        free(ex);
        ungdb_case *c = NULL;
        ungdb_error err;
        ungdb_rc rc = ungdb_case_load(path, &c, &err);
        if (bad) {
            errors++;
            /* An input error may also come from the criteria file. */
            if (rc == UNGDB_OK) {
                char critp[1024];
                snprintf(critp, sizeof critp, "%s/%s/criteria.conf", dir, de->d_name);
                ungdb_criteria *cr = malloc(sizeof *cr);
                assert_int_not_equal(ungdb_criteria_load(critp, cr, &err), UNGDB_OK);
                free(cr);
            }
        } else {
            if (rc) fprintf(stderr, "%s: %s: %s\n", path, err.field, err.message);
            assert_int_equal(rc, UNGDB_OK);
            cases++;
        }
        ungdb_case_free(c);
    }
    closedir(d);
    assert_true(cases >= 1);
    (void)errors;
}

static void ages_and_birthdays(void **state)
{
    (void)state;
    ungdb_date b = ymd(2008, 2, 29);
    assert_int_equal(ungdb_age_on(b, ymd(2026, 2, 28)), 17);
    assert_int_equal(ungdb_age_on(b, ymd(2026, 3, 1)), 18);
    assert_int_equal(ungdb_birthday(b, 18).day, ymd(2026, 3, 1).day);
    assert_int_equal(ungdb_birthday(b, 16).day, ymd(2024, 2, 29).day);
    assert_int_equal(ungdb_birthday(ymd(2010, 5, 10), 15).day, ymd(2025, 5, 10).day);
    assert_int_equal(ungdb_age_on(ymd(2010, 5, 10), ymd(2025, 5, 9)), 14);
    assert_int_equal(ungdb_age_on(ymd(2010, 5, 10), ymd(2025, 5, 10)), 15);
}

static void edu_kinds_carry_their_paragraphs(void **state)
{
    (void)state;
    assert_string_equal(ungdb_edu_kind_name(UNGDB_EDU_EUD), "eud");
    assert_string_equal(ungdb_edu_kind_paragraph(UNGDB_EDU_EUD), "§ 2, nr. 1");
    assert_string_equal(ungdb_edu_kind_paragraph(UNGDB_EDU_FGU), "§ 2, nr. 16");
    assert_string_equal(ungdb_edu_kind_name(UNGDB_EDU_FGU), "fgu");
    assert_string_equal(ungdb_edu_kind_paragraph(UNGDB_EDU_PRIVATE_SU), "§ 3");
    for (int k = 1; k <= 16; k++) {
        char want[16];
        snprintf(want, sizeof want, "§ 2, nr. %d", k);
        assert_string_equal(ungdb_edu_kind_paragraph((ungdb_edu_kind)k), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(errors_name_the_json_path),
        cmocka_unit_test(json_syntax_errors_name_the_line),
        cmocka_unit_test(absent_values_have_their_markers),
        cmocka_unit_test(full_case_round_trips_through_every_field),
        cmocka_unit_test(schema_matches_the_parser_tables),
        cmocka_unit_test(every_example_case_parses),
        cmocka_unit_test(ages_and_birthdays),
        cmocka_unit_test(edu_kinds_carry_their_paragraphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
