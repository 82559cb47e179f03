/*
 * test_msg_parse.c - the parser on the test schemas: every keyword of the
 * subset accepted and rejected with its exact path-bearing message, family
 * dispatch, and the hostile-input list (malformed, truncated, deep, huge,
 * invalid UTF-8, out of range, duplicate keys).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/error.h"
#include "pl_test.h"
#include "schemas/pl_msg_test_all.h"

#define REC_MIN "\"kind\":\"record\",\"id\":7,\"name\":\"abc\",\"level\":\"mid\""

/* Parses json as a record; returns it or NULL (err filled). */
static pl_msg_test_types_record_t *rec(const char *json, pl_msg_error_t *err)
{
    return pl_msg_test_types_record_parse(json, strlen(json), err);
}

/* Expects desc to reject json with exactly this code, path and message. */
static void expect_err_at(int line, const pl_msg_desc_t *desc, const char *json, size_t len,
                          int code, const char *path, const char *message)
{
    int before = pl_test__failed_checks;
    pl_msg_error_t err;
    memset(&err, 0x5a, sizeof(err));
    void *m = pl_msg_parse(desc, json, len, &err);
    PL_CHECK(m == NULL);
    pl_msg_free(m);
    PL_CHECK_INT(err.code, ==, code);
    if (path != NULL)
        PL_CHECK_STR(err.path, path);
    if (message != NULL)
        PL_CHECK_STR(err.message, message);
    /* The same failure without an error struct. */
    m = pl_msg_parse(desc, json, len, NULL);
    PL_CHECK(m == NULL);
    pl_msg_free(m);
    if (pl_test__failed_checks != before)
        fprintf(stderr, "  (line %d, input %.200s)\n", line, json);
}

#define EXPECT_ERR(desc, json, code, path, message)                                                \
    expect_err_at(__LINE__, (desc), (json), strlen(json), (code), (path), (message))
#define REC_ERR(json, path, message)                                                               \
    EXPECT_ERR(&pl_msg_test_types_record_desc, json, PL_ERR_SCHEMA, path, message)

static void expect_fam_err_at(int line, const char *json, size_t len, int code, const char *path,
                              const char *message)
{
    int before = pl_test__failed_checks;
    pl_msg_test_family_t m = {PL_MSG_TEST_FAMILY_KIND_PING, {NULL}};
    pl_msg_error_t err;
    memset(&err, 0x5a, sizeof(err));
    int rv = pl_msg_test_family_parse(json, len, &m, &err);
    PL_CHECK_INT(rv, ==, code);
    PL_CHECK_INT(err.code, ==, code);
    PL_CHECK_INT(m.kind, ==, PL_MSG_TEST_FAMILY_KIND_UNKNOWN);
    PL_CHECK(m.u.any == NULL);
    if (path != NULL)
        PL_CHECK_STR(err.path, path);
    if (message != NULL)
        PL_CHECK_STR(err.message, message);
    pl_msg_test_family_free(&m);
    if (pl_test__failed_checks != before)
        fprintf(stderr, "  (line %d, input %.200s)\n", line, json);
}

#define FAM_ERR(json, code, path, message) expect_fam_err_at(__LINE__, json, strlen(json), code, path, message)

/* ------------------------------------------------------------ keywords */

PL_TEST(minimal_record)
{
    pl_msg_error_t err;
    pl_msg_test_types_record_t *r = rec("{" REC_MIN "}", &err);
    PL_CHECK(r != NULL);
    if (r == NULL)
        return;
    PL_CHECK(r->id.is_int);
    PL_CHECK_STR(r->id.ptr, "7");
    PL_CHECK_INT(r->id.len, ==, 1);
    PL_CHECK_STR(r->name.ptr, "abc");
    PL_CHECK_INT(r->name.len, ==, 3);
    PL_CHECK_INT(r->level, ==, PL_MSG_TEST_TYPES_RECORD_LEVEL_MID);
    PL_CHECK(!r->has_uuid && !r->has_count && !r->has_note && !r->has_tags && !r->has_meta);
    PL_CHECK_STR(pl_msg_test_types_record_level_names[r->level].ptr, "mid");
    pl_msg_test_types_record_free(r);
    pl_msg_test_types_record_free(NULL);
}

PL_TEST(keyword_const)
{
    REC_ERR("{\"kind\":\"recorx\",\"id\":7,\"name\":\"abc\",\"level\":\"mid\"}", "kind",
            "kind: expected \"record\"");
    REC_ERR("{\"id\":7,\"name\":\"abc\",\"level\":\"mid\"}", "kind", "kind: required");
    REC_ERR("{\"kind\":1,\"id\":7,\"name\":\"abc\",\"level\":\"mid\"}", "kind",
            "kind: expected string, got number");
    REC_ERR("{" REC_MIN ",\"always\":false}", "always", "always: expected true");
    pl_msg_test_types_record_t *r = rec("{" REC_MIN ",\"always\":true}", NULL);
    PL_CHECK(r != NULL && r->has_always);
    pl_msg_test_types_record_free(r);
}

PL_TEST(keyword_type_mismatch)
{
    REC_ERR("{\"kind\":\"record\",\"id\":7,\"name\":5,\"level\":\"mid\"}", "name",
            "name: expected string, got number");
    REC_ERR("{" REC_MIN ",\"ratio\":\"0.5\"}", "ratio", "ratio: expected number, got string");
    REC_ERR("{" REC_MIN ",\"count\":true}", "count", "count: expected integer, got boolean");
    REC_ERR("{" REC_MIN ",\"flag\":\"true\"}", "flag", "flag: expected boolean, got string");
    REC_ERR("{" REC_MIN ",\"tags\":\"a\"}", "tags", "tags: expected array, got string");
    REC_ERR("{" REC_MIN ",\"inner\":[1]}", "inner", "inner: expected object, got array");
    REC_ERR("{" REC_MIN ",\"meta\":[]}", "meta", "meta: expected object, got array");
    REC_ERR("{" REC_MIN ",\"uuid\":{}}", "uuid", "uuid: expected string, got object");
    REC_ERR("{\"kind\":\"record\",\"id\":7,\"name\":\"abc\",\"level\":null}", "level",
            "level: expected string, got null");
}

PL_TEST(keyword_string_or_integer)
{
    pl_msg_test_types_record_t *r = rec("{\"kind\":\"record\",\"id\":\"u-1\",\"name\":\"a\",\"level\":\"low\"}", NULL);
    PL_CHECK(r != NULL && !r->id.is_int && strcmp(r->id.ptr, "u-1") == 0);
    pl_msg_test_types_record_free(r);
    r = rec("{\"kind\":\"record\",\"id\":1.5e2,\"name\":\"a\",\"level\":\"low\"}", NULL);
    PL_CHECK(r != NULL && r->id.is_int && strcmp(r->id.ptr, "150") == 0);
    pl_msg_test_types_record_free(r);
    REC_ERR("{\"kind\":\"record\",\"id\":1.5,\"name\":\"a\",\"level\":\"low\"}", "id",
            "id: expected string or integer, got a number with a fraction");
    REC_ERR("{\"kind\":\"record\",\"id\":-1,\"name\":\"a\",\"level\":\"low\"}", "id",
            "id: must be >= 0, got -1");
    REC_ERR("{\"kind\":\"record\",\"id\":true,\"name\":\"a\",\"level\":\"low\"}", "id",
            "id: expected string or integer, got boolean");
    REC_ERR("{\"kind\":\"record\",\"id\":\"12345678901234567\",\"name\":\"a\",\"level\":\"low\"}", "id",
            "id: must be at most 16 characters long, got 17");
}

PL_TEST(keyword_min_max_length)
{
    REC_ERR("{\"kind\":\"record\",\"id\":7,\"name\":\"\",\"level\":\"mid\"}", "name",
            "name: must be at least 1 character long, got 0");
    /* Code points, not bytes: 8 two-byte characters fit, 9 do not. */
    pl_msg_test_types_record_t *r =
        rec("{\"kind\":\"record\",\"id\":7,\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\",\"level\":\"mid\"}", NULL);
    PL_CHECK(r != NULL && r->name.len == 16);
    pl_msg_test_types_record_free(r);
    REC_ERR("{\"kind\":\"record\",\"id\":7,\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xf0\x9f\x98\x80\",\"level\":\"mid\"}",
            "name", "name: must be at most 8 characters long, got 9");
    REC_ERR("{" REC_MIN ",\"tags\":[\"abcd\"]}", "tags[0]", "tags[0]: must be at most 3 characters long, got 4");
}

PL_TEST(keyword_format)
{
    const char *good[] = {"2024-01-15T10:30:00Z", "2024-01-15T10:30:00.123Z", "2024-02-29T23:59:60+05:30",
                          "2000-12-31T00:00:00-12:00"};
    const char *bad[] = {"2024-01-15T10:30:00", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
                         "2024-01-15 10:30:00Z", "2024-01-15T10:30:00.Z", "2024-01-15T24:00:00Z",
                         "2024-01-15T10:30:00+0530", "2024-01-15T10:30:00z", "2024-01-15"};
    char json[256];
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(json, sizeof(json), "{" REC_MIN ",\"at\":\"%s\"}", good[i]);
        pl_msg_test_types_record_t *r = rec(json, NULL);
        PL_CHECK(r != NULL && r->has_at && strcmp(r->at.ptr, good[i]) == 0);
        pl_msg_test_types_record_free(r);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(json, sizeof(json), "{" REC_MIN ",\"at\":\"%s\"}", bad[i]);
        REC_ERR(json, "at", "at: expected a date-time like 2024-01-15T10:30:00Z");
    }
    pl_msg_test_types_record_t *r = rec("{" REC_MIN ",\"uuid\":\"123e4567-E89B-12d3-a456-426614174000\"}", NULL);
    PL_CHECK(r != NULL && r->has_uuid);
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"uuid\":\"123e4567-e89b-12d3-a456-42661417400\"}", "uuid", "uuid: expected a UUID");
    REC_ERR("{" REC_MIN ",\"uuid\":\"123e4567xe89b-12d3-a456-426614174000\"}", "uuid", "uuid: expected a UUID");
    REC_ERR("{" REC_MIN ",\"uuid\":\"g23e4567-e89b-12d3-a456-426614174000\"}", "uuid", "uuid: expected a UUID");
}

PL_TEST(keyword_enum)
{
    REC_ERR("{\"kind\":\"record\",\"id\":7,\"name\":\"a\",\"level\":\"max\"}", "level",
            "level: expected one of low, mid, high");
    REC_ERR("{\"kind\":\"record\",\"id\":7,\"name\":\"a\",\"level\":\"MID\"}", "level",
            "level: expected one of low, mid, high");
    pl_msg_test_types_record_t *r =
        rec("{" REC_MIN ",\"color\":\"light-blue\",\"levels\":[\"b\",\"a\",\"b\"]}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_INT(r->color, ==, PL_MSG_TEST_COMMON_COLOR_LIGHT_BLUE);
        PL_CHECK_INT(r->levels.n, ==, 3);
        PL_CHECK_INT(r->levels.items[0], ==, PL_MSG_TEST_TYPES_RECORD_LEVELS_ITEM_B);
        PL_CHECK_INT(r->levels.items[1], ==, PL_MSG_TEST_TYPES_RECORD_LEVELS_ITEM_A);
    }
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"levels\":[\"a\",\"c\"]}", "levels[1]", "levels[1]: expected one of a, b");
}

PL_TEST(keyword_fsm_states)
{
    /* The enum comes from fsm/conversation.fsm, in its order. */
    pl_msg_test_types_record_t *r =
        rec("{" REC_MIN ",\"state\":\"waiting_for_user\",\"state_upper\":\"IDLE\"}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_INT(r->state, ==, PL_MSG_TEST_COMMON_STATE_WAITING_FOR_USER);
        PL_CHECK_INT(r->state_upper, ==, PL_MSG_TEST_COMMON_STATE_UPPER_IDLE);
        PL_CHECK_INT(PL_MSG_TEST_COMMON_STATE__COUNT, ==, 7);
        PL_CHECK_STR(pl_msg_test_common_state_names[PL_MSG_TEST_COMMON_STATE_IDLE].ptr, "idle");
        PL_CHECK_STR(pl_msg_test_common_state_upper_names[PL_MSG_TEST_COMMON_STATE_UPPER_ENDED].ptr, "ENDED");
    }
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"state\":\"WAITING_FOR_USER\"}", "state",
            "state: expected one of idle, listening, processing, speaking, waiting_for_user, error, ended");
    REC_ERR("{" REC_MIN ",\"state_upper\":\"idle\"}", "state_upper",
            "state_upper: expected one of IDLE, LISTENING, PROCESSING, SPEAKING, WAITING_FOR_USER, ERROR, ENDED");
}

PL_TEST(keyword_integer_range)
{
    pl_msg_test_types_record_t *r =
        rec("{" REC_MIN ",\"count\":-5,\"big\":9223372036854775807,\"ext\":-9223372036854775808}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_INT(r->count, ==, -5);
        PL_CHECK(r->big == INT64_MAX);
        PL_CHECK(r->ext == INT64_MIN);
    }
    pl_msg_test_types_record_free(r);
    r = rec("{" REC_MIN ",\"count\":2.0,\"big\":1.5e1,\"ext\":12300e-2}", NULL);
    PL_CHECK(r != NULL && r->count == 2 && r->big == 15 && r->ext == 123);
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"count\":6}", "count", "count: must be <= 5, got 6");
    REC_ERR("{" REC_MIN ",\"count\":-6}", "count", "count: must be >= -5, got -6");
    REC_ERR("{" REC_MIN ",\"count\":2.5}", "count", "count: expected integer, got a number with a fraction");
    REC_ERR("{" REC_MIN ",\"big\":9223372036854775808}", "big", "big: integer out of range");
    REC_ERR("{" REC_MIN ",\"big\":-9223372036854775809}", "big", "big: integer out of range");
    REC_ERR("{" REC_MIN ",\"big\":1e19}", "big", "big: integer out of range");
    REC_ERR("{" REC_MIN ",\"big\":1e999999999999}", "big", "big: integer out of range");
    REC_ERR("{" REC_MIN ",\"big\":1e-999999999999}", "big", "big: expected integer, got a number with a fraction");
}

PL_TEST(keyword_number_range)
{
    pl_msg_test_types_record_t *r = rec("{" REC_MIN ",\"ratio\":1,\"temp\":-273.15}", NULL);
    PL_CHECK(r != NULL && r->ratio == 1.0 && r->temp == -273.15);
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"ratio\":1.5}", "ratio", "ratio: must be <= 1, got 1.5");
    REC_ERR("{" REC_MIN ",\"ratio\":-0.1}", "ratio", "ratio: must be >= 0, got -0.1");
    REC_ERR("{" REC_MIN ",\"temp\":-273.16}", "temp", "temp: must be >= -273.15, got -273.16");
    REC_ERR("{" REC_MIN ",\"temp\":1e999}", "temp", "temp: number out of range");
    REC_ERR("{" REC_MIN ",\"temp\":-1e400}", "temp", "temp: number out of range");
}

PL_TEST(keyword_nullable)
{
    pl_msg_test_types_record_t *r =
        rec("{" REC_MIN ",\"note\":null,\"num_or_null\":null,\"meta_or_null\":null,\"obj_or_null\":null}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK(r->has_note && r->note_is_null && r->note.ptr == NULL);
        PL_CHECK(r->has_num_or_null && r->num_or_null_is_null);
        PL_CHECK(r->has_meta_or_null && r->meta_or_null_is_null);
        PL_CHECK(r->has_obj_or_null && r->obj_or_null_is_null);
    }
    pl_msg_test_types_record_free(r);
    r = rec("{" REC_MIN ",\"note\":\"abcd\",\"num_or_null\":3,\"obj_or_null\":{\"v\":2}}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK(r->has_note && !r->note_is_null && strcmp(r->note.ptr, "abcd") == 0);
        PL_CHECK(r->has_num_or_null && !r->num_or_null_is_null && r->num_or_null == 3);
        PL_CHECK(!r->obj_or_null_is_null && r->obj_or_null.has_v && r->obj_or_null.v == 2);
        PL_CHECK(!r->has_meta_or_null);
    }
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"note\":\"abcde\"}", "note", "note: must be at most 4 characters long, got 5");
    REC_ERR("{" REC_MIN ",\"num_or_null\":\"1\"}", "num_or_null", "num_or_null: expected integer or null, got string");
}

PL_TEST(keyword_arrays)
{
    pl_msg_test_types_record_t *r = rec("{" REC_MIN ",\"tags\":[\"a\",\"bc\",\"\"],\"matrix\":[[1,2],[],[3]],"
                                        "\"maybe\":[1,null,3]}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_INT(r->tags.n, ==, 3);
        PL_CHECK_STR(r->tags.items[1].ptr, "bc");
        PL_CHECK_INT(r->tags.items[2].len, ==, 0);
        PL_CHECK_INT(r->matrix.n, ==, 3);
        PL_CHECK_INT(r->matrix.items[0].n, ==, 2);
        PL_CHECK_INT(r->matrix.items[0].items[1], ==, 2);
        PL_CHECK_INT(r->matrix.items[1].n, ==, 0);
        PL_CHECK_INT(r->matrix.items[2].items[0], ==, 3);
        PL_CHECK_INT(r->maybe.n, ==, 3);
        PL_CHECK(!r->maybe.items[0].is_null && r->maybe.items[0].value == 1);
        PL_CHECK(r->maybe.items[1].is_null);
        PL_CHECK(!r->maybe.items[2].is_null && r->maybe.items[2].value == 3);
    }
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"tags\":[]}", "tags", "tags: must have at least 1 item, got 0");
    REC_ERR("{" REC_MIN ",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}", "tags", "tags: must have at most 3 items");
    REC_ERR("{" REC_MIN ",\"matrix\":[[1],[2,\"x\"]]}", "matrix[1][1]", "matrix[1][1]: expected integer, got string");
    REC_ERR("{" REC_MIN ",\"maybe\":[1,null,\"x\"]}", "maybe[2]", "maybe[2]: expected integer or null, got string");
    REC_ERR("{" REC_MIN ",\"tags\":[null]}", "tags[0]", "tags[0]: expected string, got null");
}

PL_TEST(keyword_array_of_objects)
{
    pl_msg_test_types_record_t *r =
        rec("{" REC_MIN ",\"cites\":[{\"source\":\"a\",\"score\":0},{\"source\":\"b\",\"score\":0.5,\"page\":2}],"
            "\"points\":[{\"x\":1.25}]}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_INT(r->cites.n, ==, 2);
        PL_CHECK_STR(r->cites.items[1].source.ptr, "b");
        PL_CHECK(r->cites.items[1].score == 0.5 && r->cites.items[1].has_page && r->cites.items[1].page == 2);
        PL_CHECK(!r->cites.items[0].has_page);
        PL_CHECK(r->points.n == 1 && r->points.items[0].x == 1.25);
    }
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"cites\":[{\"source\":\"a\",\"score\":0},{\"source\":\"b\",\"score\":2}]}", "cites[1].score",
            "cites[1].score: must be <= 1, got 2");
    REC_ERR("{" REC_MIN ",\"cites\":[{\"source\":\"a\"}]}", "cites[0].score", "cites[0].score: required");
    REC_ERR("{" REC_MIN ",\"cites\":[{\"source\":\"a\",\"score\":1,\"x\":1}]}", "cites[0].x", "cites[0].x: unknown field");
    REC_ERR("{" REC_MIN ",\"points\":[{\"x\":1},{}]}", "points[1].x", "points[1].x: required");
}

PL_TEST(keyword_nested_objects)
{
    pl_msg_test_types_record_t *r = rec("{" REC_MIN ",\"inner\":{\"b\":{\"c\":\"x\"},\"a\":4}}", NULL);
    PL_CHECK(r != NULL && r->has_inner && r->inner.a == 4 && r->inner.has_b && r->inner.b.has_c);
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"inner\":{}}", "inner.a", "inner.a: required");
    REC_ERR("{" REC_MIN ",\"inner\":{\"a\":1,\"z\":1}}", "inner.z", "inner.z: unknown field");
    REC_ERR("{" REC_MIN ",\"inner\":{\"a\":1,\"b\":{\"d\":1}}}", "inner.b.d", "inner.b.d: unknown field");
    REC_ERR("{" REC_MIN ",\"inner\":{\"a\":1,\"b\":{\"c\":1}}}", "inner.b.c", "inner.b.c: expected string, got number");
}

PL_TEST(keyword_additional_properties)
{
    /* open: unknown keys are skipped, whatever they hold. */
    pl_msg_test_types_record_t *r =
        rec("{" REC_MIN ",\"open\":{\"y\":{\"deep\":[1,{\"q\":null}]},\"x\":1,\"z\":\"s\"}}", NULL);
    PL_CHECK(r != NULL && r->has_open && r->open.has_x && r->open.x == 1);
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"zzz\":1}", "zzz", "zzz: unknown field");
    REC_ERR("{" REC_MIN ",\"open\":{\"y\":1,\"x\":1,\"y\":2}}", "open.y", "open.y: duplicate key");
    REC_ERR("{" REC_MIN ",\"open\":{\"y\":{\"a\":1,\"a\":2}}}", "open.y.a", "open.y.a: duplicate key");
    REC_ERR("{" REC_MIN ",\"open\":{\"y\":{\"b\":{\"a\":1,\"a\":2}}}}", "open.y", "open.y: duplicate key");
    /* The default (absent) is open too: the family's "data" object. */
    pl_msg_test_types_node_t *n =
        pl_msg_test_types_node_parse("{\"name\":\"n\",\"extra\":[1,2]}", 26, NULL);
    PL_CHECK(n != NULL);
    pl_msg_test_types_node_free(n);
    EXPECT_ERR(&pl_msg_test_types_empty_desc, "{\"a\":1}", PL_ERR_SCHEMA, "a", "a: unknown field");
    pl_msg_test_types_empty_t *e = pl_msg_test_types_empty_parse("{}", 2, NULL);
    PL_CHECK(e != NULL);
    pl_msg_test_types_empty_free(e);
}

PL_TEST(keyword_free_form)
{
    pl_msg_test_types_record_t *r = rec(
        "{" REC_MIN ",\"meta\": { \"a\" : [1, 2.50, -0, 1e3, \"x\\\"y\\u00e9\\n\"], \"b\":{\"c\":null,\"d\":true,\"e\":false},"
        "\"f\":{}, \"g\":[]}}", NULL);
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK(r->has_meta);
        PL_CHECK_STR(r->meta.ptr, "{\"a\":[1,2.50,-0,1e3,\"x\\\"y\xc3\xa9\\n\"],\"b\":{\"c\":null,\"d\":true,"
                                  "\"e\":false},\"f\":{},\"g\":[]}");
        PL_CHECK_INT(r->meta.len, ==, strlen(r->meta.ptr));
    }
    pl_msg_test_types_record_free(r);
    REC_ERR("{" REC_MIN ",\"meta\":{\"a\":1,\"a\":2}}", "meta.a", "meta.a: duplicate key");
    REC_ERR("{" REC_MIN ",\"meta\":{\"k\":{\"a\":1,\"a\":2}}}", "meta", "meta: duplicate key");
    REC_ERR("{" REC_MIN ",\"meta\":\"{}\"}", "meta", "meta: expected object, got string");
}

PL_TEST(keyword_refs_and_recursion)
{
    const char *json = "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{\"name\":\"c\"}]},{\"name\":\"d\"}]}";
    pl_msg_test_types_node_t *n = pl_msg_test_types_node_parse(json, strlen(json), NULL);
    PL_CHECK(n != NULL);
    if (n != NULL) {
        PL_CHECK_INT(n->children.n, ==, 2);
        PL_CHECK_STR(n->children.items[0].children.items[0].name.ptr, "c");
        PL_CHECK_STR(n->children.items[1].name.ptr, "d");
        PL_CHECK(!n->children.items[1].has_children);
    }
    pl_msg_test_types_node_free(n);
    EXPECT_ERR(&pl_msg_test_types_node_desc, "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{}]}]}",
               PL_ERR_SCHEMA, "children[0].children[0].name", "children[0].children[0].name: required");
    const char *h = "{\"record\":{" REC_MIN "},\"color\":\"red\"}";
    pl_msg_test_types_holder_t *ho = pl_msg_test_types_holder_parse(h, strlen(h), NULL);
    PL_CHECK(ho != NULL && ho->has_record && ho->record.level == PL_MSG_TEST_TYPES_RECORD_LEVEL_MID &&
             ho->color == PL_MSG_TEST_COMMON_COLOR_RED);
    pl_msg_test_types_holder_free(ho);
    EXPECT_ERR(&pl_msg_test_types_holder_desc, "{\"record\":{\"kind\":\"record\",\"id\":7,\"name\":\"abc\"}}",
               PL_ERR_SCHEMA, "record.level", "record.level: required");
}

PL_TEST(keyword_c_names)
{
    /* A property named like a C keyword gets a trailing underscore. */
    pl_msg_test_types_record_t *r = rec("{" REC_MIN ",\"default\":\"d\"}", NULL);
    PL_CHECK(r != NULL && r->has_default_ && strcmp(r->default_.ptr, "d") == 0);
    pl_msg_test_types_record_free(r);
}

/* ------------------------------------------------------------- families */

PL_TEST(family_dispatch)
{
    pl_msg_test_family_t m;
    pl_msg_error_t err;
    const char *j = "{\"seq\":3,\"type\":\"ping\"}";
    PL_CHECK_INT(pl_msg_test_family_parse(j, strlen(j), &m, &err), ==, 0);
    PL_CHECK_INT(m.kind, ==, PL_MSG_TEST_FAMILY_KIND_PING);
    PL_CHECK(m.u.ping != NULL && m.u.ping->has_seq && m.u.ping->seq == 3);
    pl_msg_test_family_free(&m);
    PL_CHECK(m.u.any == NULL && m.kind == PL_MSG_TEST_FAMILY_KIND_UNKNOWN);
    pl_msg_test_family_free(NULL);
    /* The discriminator may come last, after nested objects with their own "type". */
    j = "{\"payload\":{\"state\":\"speaking\",\"confidence\":0.25},\"type\":\"state_update\"}";
    PL_CHECK_INT(pl_msg_test_family_parse(j, strlen(j), &m, &err), ==, 0);
    PL_CHECK_INT(m.kind, ==, PL_MSG_TEST_FAMILY_KIND_STATE_UPDATE);
    PL_CHECK(m.u.state_update->payload.state == PL_MSG_TEST_COMMON_STATE_SPEAKING);
    pl_msg_test_family_free(&m);
    j = "{\"data\":{\"type\":\"ping\",\"x\":[{\"type\":1}]},\"type\":\"big\"}";
    PL_CHECK_INT(pl_msg_test_family_parse(j, strlen(j), &m, &err), ==, 0);
    PL_CHECK_INT(m.kind, ==, PL_MSG_TEST_FAMILY_KIND_BIG);
    PL_CHECK_STR(m.u.big->data.ptr, "{\"type\":\"ping\",\"x\":[{\"type\":1}]}");
    pl_msg_test_family_free(&m);
    PL_CHECK_STR(pl_msg_test_family_kind_name(PL_MSG_TEST_FAMILY_KIND_STATE_UPDATE), "state_update");
    PL_CHECK(pl_msg_test_family_kind_name(PL_MSG_TEST_FAMILY_KIND_UNKNOWN) == NULL);
    PL_CHECK_INT(pl_msg_test_family_kind_from_name("chat", 4), ==, PL_MSG_TEST_FAMILY_KIND_CHAT);
    PL_CHECK_INT(pl_msg_test_family_kind_from_name("chat2", 5), ==, PL_MSG_TEST_FAMILY_KIND_UNKNOWN);
}

PL_TEST(family_errors)
{
    FAM_ERR("{\"type\":\"foo\"}", PL_ERR_SCHEMA, "type", "type: unknown message type \"foo\"");
    FAM_ERR("{\"seq\":1}", PL_ERR_SCHEMA, "type", "type: required");
    FAM_ERR("{\"payload\":{\"type\":\"ping\"}}", PL_ERR_SCHEMA, "type", "type: required");
    FAM_ERR("{\"type\":5}", PL_ERR_SCHEMA, "type", "type: expected string, got number");
    FAM_ERR("{\"type\":[\"ping\"]}", PL_ERR_SCHEMA, "type", "type: expected string, got array");
    FAM_ERR("[{\"type\":\"ping\"}]", PL_ERR_SCHEMA, "", "expected object, got array");
    FAM_ERR("\"ping\"", PL_ERR_SCHEMA, "", "expected object, got string");
    FAM_ERR("{\"type\":\"ping\",\"x\":1}", PL_ERR_SCHEMA, "x", "x: unknown field");
    FAM_ERR("{\"type\":\"pi\xc0\xafng\"}", PL_ERR_UTF8, "type", "type: invalid UTF-8");
    FAM_ERR("{\"type\":\"ping\",\"type\":\"ping\"}", PL_ERR_SCHEMA, "type", "type: duplicate key");
    FAM_ERR("{\"type\":\"chat\",\"data\":{\"user_id\":\"u\",\"message\":{\"text\":\"hi\",\"citations\":["
            "{\"source\":\"a\",\"score\":0},{\"source\":\"b\",\"score\":0.5},{\"source\":\"c\",\"score\":\"high\"}]}}}",
            PL_ERR_SCHEMA, "data.message.citations[2].score",
            "data.message.citations[2].score: expected number, got string");
    FAM_ERR("{\"type\":\"chat\",\"data\":{\"message\":{\"text\":\"x\"}}}", PL_ERR_SCHEMA, "data.user_id",
            "data.user_id: required");
    FAM_ERR("{\"type\":\"state_update\",\"payload\":{\"state\":\"dancing\"}}", PL_ERR_SCHEMA, "payload.state",
            "payload.state: expected one of idle, listening, processing, speaking, waiting_for_user, error, ended");
    FAM_ERR("{\"type\":\"state_update\",\"payload\":{\"state\":\"idle\",\"confidence\":\"high\"}}", PL_ERR_SCHEMA,
            "payload.confidence", "payload.confidence: expected number, got string");
    FAM_ERR("{\"type\":\"state_update\",\"payload\":{\"state\":\"idle\",\"foo\":1}}", PL_ERR_SCHEMA, "payload.foo",
            "payload.foo: unknown field");
    FAM_ERR("{\"type\":\"state_update\",\"payload\":{\"state\":\"idle\",\"state\":\"idle\"}}", PL_ERR_SCHEMA,
            "payload.state", "payload.state: duplicate key");
    FAM_ERR("{\"type\":\"ping\",\"seq\":0}", PL_ERR_SCHEMA, "seq", "seq: must be >= 1, got 0");
    /* A long unknown value is shortened in the message, and stays valid UTF-8. */
    pl_msg_test_family_t m;
    pl_msg_error_t err;
    char j[400];
    memset(j, 0, sizeof(j));
    strcpy(j, "{\"type\":\"");
    for (int i = 0; i < 100; i++)
        strcat(j, "\xc3\xa9");
    strcat(j, "\"}");
    PL_CHECK_INT(pl_msg_test_family_parse(j, strlen(j), &m, &err), ==, PL_ERR_SCHEMA);
    PL_CHECK_CONTAINS(err.message, "type: unknown message type \"\xc3\xa9\xc3\xa9");
    PL_CHECK_CONTAINS(err.message, "...\"");
    PL_CHECK(pl_msg_utf8_count(err.message, strlen(err.message)) != (size_t)-1);
}

/* ------------------------------------------------------------ bad input */

PL_TEST(bad_json)
{
    const pl_msg_desc_t *d = &pl_msg_test_family_ping_desc;
    pl_msg_error_t err;
    EXPECT_ERR(d, "{\"type\":\"ping\",}", PL_ERR_PARSE, "", NULL);
    PL_CHECK(pl_msg_parse(d, "{\"type\":\"ping\",}", 16, &err) == NULL);
    PL_CHECK_CONTAINS(err.message, "Invalid JSON at byte ");
    PL_CHECK_INT(err.offset, >=, 14);
    PL_CHECK_INT(err.offset, <=, 16);
    EXPECT_ERR(d, "{\"type\" \"ping\"}", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "{'type':'ping'}", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "{\"type\":\"ping\"} // c", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "{\"type\":\"pi\x01ng\"}", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(&pl_msg_test_family_big_desc, "{\"type\":\"big\",\"x\":01}", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "{\"seq\":NaN,\"type\":\"ping\"}", PL_ERR_PARSE, "", NULL);
    FAM_ERR("{\"type\":\"ping\",}", PL_ERR_PARSE, "", NULL);
    FAM_ERR("{\"a\":tru, \"type\":\"ping\"}", PL_ERR_PARSE, "", NULL);
}

PL_TEST(truncated_documents)
{
    const char *full = "{\"type\":\"chat\",\"data\":{\"user_id\":\"u\",\"message\":{\"text\":\"hi\",\"citations\":"
                       "[{\"source\":\"a\",\"score\":0.5}]}}}";
    size_t n = strlen(full);
    pl_msg_test_family_t m;
    PL_CHECK_INT(pl_msg_test_family_parse(full, n, &m, NULL), ==, 0);
    pl_msg_test_family_free(&m);
    /* Every proper prefix fails cleanly as malformed (or empty) JSON. */
    for (size_t i = 0; i < n; i++) {
        pl_msg_error_t err;
        void *p = pl_msg_parse(&pl_msg_test_family_chat_desc, full, i, &err);
        PL_CHECK(p == NULL);
        pl_msg_free(p);
        PL_CHECK_INT(err.code, ==, PL_ERR_PARSE);
        PL_CHECK(strncmp(err.message, "Invalid JSON", 12) == 0);
        PL_CHECK_INT(pl_msg_test_family_parse(full, i, &m, &err), ==, PL_ERR_PARSE);
    }
    pl_msg_error_t err;
    PL_CHECK(pl_msg_parse(&pl_msg_test_family_chat_desc, full, n - 1, &err) == NULL);
    PL_CHECK_CONTAINS(err.message, "premature EOF");
}

PL_TEST(trailing_garbage_and_empty)
{
    const pl_msg_desc_t *d = &pl_msg_test_family_ping_desc;
    EXPECT_ERR(d, "{\"type\":\"ping\"} x", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "{\"type\":\"ping\"}{\"type\":\"ping\"}", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "{\"type\":\"ping\"} {}", PL_ERR_PARSE, "", NULL);
    EXPECT_ERR(d, "", PL_ERR_PARSE, "", "Invalid JSON: empty input");
    EXPECT_ERR(d, " \n\t ", PL_ERR_PARSE, "", "Invalid JSON: empty input");
    FAM_ERR("", PL_ERR_PARSE, "", "Invalid JSON: empty input");
    /* Whitespace around the value is fine. */
    void *p = pl_msg_parse(d, "\n {\"type\":\"ping\"} \r\n", 20, NULL);
    PL_CHECK(p != NULL);
    pl_msg_free(p);
    /* NULL input. */
    pl_msg_error_t err;
    PL_CHECK(pl_msg_parse(d, NULL, 0, &err) == NULL && err.code == PL_ERR_PARSE);
    PL_CHECK(pl_msg_parse(d, NULL, 5, &err) == NULL && err.code == PL_ERR_INVALID_ARGUMENT);
}

PL_TEST(non_object_top_level)
{
    const pl_msg_desc_t *d = &pl_msg_test_family_ping_desc;
    EXPECT_ERR(d, "[1]", PL_ERR_SCHEMA, "", "expected object, got array");
    EXPECT_ERR(d, "\"x\"", PL_ERR_SCHEMA, "", "expected object, got string");
    EXPECT_ERR(d, "42", PL_ERR_SCHEMA, "", "expected object, got number");
    EXPECT_ERR(d, "null", PL_ERR_SCHEMA, "", "expected object, got null");
    EXPECT_ERR(d, "true", PL_ERR_SCHEMA, "", "expected object, got boolean");
    FAM_ERR("42", PL_ERR_SCHEMA, "", "expected object, got number");
    FAM_ERR("null", PL_ERR_SCHEMA, "", "expected object, got null");
}

/* A document nesting depth containers: prefix + depth * open + close. */
static char *deep(const char *prefix, const char *open, const char *close, const char *suffix, size_t depth,
                  size_t *len)
{
    size_t pl = strlen(prefix), ol = strlen(open), cl = strlen(close), sl = strlen(suffix);
    char *s = malloc(pl + depth * (ol + cl) + sl + 1), *p = s;
    memcpy(p, prefix, pl);
    p += pl;
    for (size_t i = 0; i < depth; i++, p += ol)
        memcpy(p, open, ol);
    for (size_t i = 0; i < depth; i++, p += cl)
        memcpy(p, close, cl);
    memcpy(p, suffix, sl);
    p[sl] = '\0';
    *len = (size_t)(p + sl - s);
    return s;
}

PL_TEST(nesting_depth)
{
    const pl_msg_desc_t *d = &pl_msg_test_types_record_desc;
    size_t len;
    pl_msg_error_t err;
    /* The record is level 1, meta level 2: 62 more levels fit, 63 do not. */
    char *s = deep("{" REC_MIN ",\"meta\":{\"a\":", "[", "]", "}}", 62, &len);
    void *m = pl_msg_parse(d, s, len, &err);
    PL_CHECK(m != NULL);
    pl_msg_free(m);
    free(s);
    s = deep("{" REC_MIN ",\"meta\":{\"a\":", "[", "]", "}}", 63, &len);
    expect_err_at(__LINE__, d, s, len, PL_ERR_TOO_LARGE, "meta", "meta: nesting deeper than 64 levels");
    free(s);
    /* 10,000 deep: in free-form JSON, in skipped content, at the top level;
     * rejected quickly and without recursion. */
    clock_t t0 = clock();
    s = deep("{" REC_MIN ",\"meta\":", "{\"a\":", "}", "}", 10000, &len);
    expect_err_at(__LINE__, d, s, len, PL_ERR_TOO_LARGE, "meta", "meta: nesting deeper than 64 levels");
    free(s);
    s = deep("{" REC_MIN ",\"open\":{\"skip\":", "[", "]", "}}", 10000, &len);
    expect_err_at(__LINE__, d, s, len, PL_ERR_TOO_LARGE, "open.skip", "open.skip: nesting deeper than 64 levels");
    free(s);
    s = deep("", "{\"a\":", "}", "", 10000, &len);
    expect_err_at(__LINE__, &pl_msg_test_types_empty_desc, s, len, PL_ERR_SCHEMA, "a", "a: unknown field");
    expect_err_at(__LINE__, &pl_msg_test_types_node_desc, s, len, PL_ERR_TOO_LARGE, NULL, NULL);
    expect_fam_err_at(__LINE__, s, len, PL_ERR_TOO_LARGE, "", "nesting deeper than 64 levels");
    free(s);
    s = deep("", "[", "]", "", 10000, &len);
    expect_err_at(__LINE__, d, s, len, PL_ERR_SCHEMA, "", "expected object, got array");
    free(s);
    /* Nested schema objects through the recursive node type. */
    s = deep("", "{\"name\":\"n\",\"children\":[", "]}", "", 10000, &len);
    expect_err_at(__LINE__, &pl_msg_test_types_node_desc, s, len, PL_ERR_TOO_LARGE, NULL,
                  NULL);
    free(s);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    PL_CHECK(secs < 2.0);
}

/* {"type":"big","<key>":"aaaa...a"} with n letters. */
static char *big_doc(const char *key, size_t n, size_t *len)
{
    char pre[64];
    int pl = snprintf(pre, sizeof(pre), "{\"type\":\"big\",\"%s\":\"", key);
    char *s = malloc((size_t)pl + n + 3);
    memcpy(s, pre, (size_t)pl);
    memset(s + pl, 'a', n);
    memcpy(s + (size_t)pl + n, "\"}", 3);
    *len = (size_t)pl + n + 2;
    return s;
}

PL_TEST(huge_strings)
{
    size_t n = (size_t)10 << 20, len;
    pl_msg_test_family_t m;
    pl_msg_error_t err;
    char *s = big_doc("text", n, &len);
    PL_CHECK_INT(pl_msg_test_family_parse(s, len, &m, &err), ==, 0);
    PL_CHECK(m.kind == PL_MSG_TEST_FAMILY_KIND_BIG && m.u.big->text.len == n && m.u.big->text.ptr[n] == '\0');
    pl_msg_test_family_free(&m);
    free(s);
    /* The same length under a maxLength is refused with its path. */
    s = big_doc("short", n, &len);
    PL_CHECK_INT(pl_msg_test_family_parse(s, len, &m, &err), ==, PL_ERR_SCHEMA);
    PL_CHECK_STR(err.path, "short");
    PL_CHECK_STR(err.message, "short: must be at most 5 characters long, got 10485760");
    free(s);
}

PL_TEST(invalid_utf8)
{
    static const char *const bad[] = {
        "\xc0\xaf",             /* overlong '/' */
        "\xe0\x80\xaf",         /* overlong, 3 bytes */
        "\xf0\x80\x80\xaf",     /* overlong, 4 bytes */
        "\xed\xa0\x80",         /* high surrogate */
        "\xed\xbf\xbf",         /* low surrogate */
        "\xf4\x90\x80\x80",     /* past U+10FFFF */
        "\xe2\x82",             /* truncated sequence */
        "\xe2\x82z",            /* truncated, then ASCII */
        "\x80",                 /* lone continuation */
        "\xff",                 /* never valid */
        "\xf8\x88\x80\x80\x80", /* 5-byte form */
        "ok\xc3",               /* truncated at the end */
    };
    char json[128];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(json, sizeof(json), "{\"type\":\"big\",\"text\":\"%s\"}", bad[i]);
        EXPECT_ERR(&pl_msg_test_family_big_desc, json, PL_ERR_UTF8, "text", "text: invalid UTF-8");
        FAM_ERR(json, PL_ERR_UTF8, NULL, NULL);
        /* In a key, in skipped content and in free-form JSON too. */
        snprintf(json, sizeof(json), "{\"type\":\"big\",\"k%s\":1}", bad[i]);
        EXPECT_ERR(&pl_msg_test_family_big_desc, json, PL_ERR_UTF8, NULL, NULL);
        snprintf(json, sizeof(json), "{\"type\":\"big\",\"x\":[\"%s\"]}", bad[i]);
        EXPECT_ERR(&pl_msg_test_family_big_desc, json, PL_ERR_UTF8, NULL, NULL);
        snprintf(json, sizeof(json), "{\"type\":\"big\",\"data\":{\"a\":\"%s\"}}", bad[i]);
        EXPECT_ERR(&pl_msg_test_family_big_desc, json, PL_ERR_UTF8, "data", "data: invalid UTF-8");
    }
    /* An escaped lone low surrogate decodes to invalid UTF-8 too. */
    EXPECT_ERR(&pl_msg_test_family_big_desc, "{\"type\":\"big\",\"text\":\"a\\udc00\"}", PL_ERR_UTF8, "text",
               "text: invalid UTF-8");
    /* Valid: 2, 3, 4-byte forms, an escaped pair, and \u0000 (kept, with len). */
    const char *good = "{\"type\":\"big\",\"text\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\ud83d\\ude00\\u0000!\"}";
    pl_msg_test_family_big_t *b = pl_msg_test_family_big_parse(good, strlen(good), NULL);
    PL_CHECK(b != NULL);
    if (b != NULL) {
        PL_CHECK_INT(b->text.len, ==, 2 + 3 + 4 + 4 + 1 + 1);
        PL_CHECK(memcmp(b->text.ptr + 9, "\xf0\x9f\x98\x80\0!", 6) == 0);
    }
    pl_msg_test_family_big_free(b);
    PL_CHECK_INT(pl_msg_utf8_count("\xf4\x8f\xbf\xbf", 4), ==, 1);
    PL_CHECK_INT(pl_msg_utf8_count("", 0), ==, 0);
}

PL_TEST(duplicate_keys)
{
    REC_ERR("{\"kind\":\"record\",\"kind\":\"record\",\"id\":7,\"name\":\"abc\",\"level\":\"mid\"}", "kind",
            "kind: duplicate key");
    /* Many distinct unknown keys are fine; one repeat among them is not. */
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_buf_append_str(&b, "{\"type\":\"big\""), ==, 0);
    for (int i = 0; i < 5000; i++)
        PL_CHECK_INT(pl_buf_appendf(&b, ",\"k%d\":%d", (i * 7919) % 5000, i), ==, 0);
    PL_CHECK_INT(pl_buf_append_str(&b, "}"), ==, 0);
    void *m = pl_msg_parse(&pl_msg_test_family_big_desc, b.data, b.len, NULL);
    PL_CHECK(m != NULL);
    pl_msg_free(m);
    b.len--;
    PL_CHECK_INT(pl_buf_append_str(&b, ",\"k4321\":0}"), ==, 0);
    expect_err_at(__LINE__, &pl_msg_test_family_big_desc, b.data, b.len, PL_ERR_SCHEMA, "k4321",
                  "k4321: duplicate key");
    pl_buf_free(&b);
    /* The same key in different objects is fine. */
    m = pl_msg_parse(&pl_msg_test_family_big_desc, "{\"type\":\"big\",\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":1}}",
                     44, NULL);
    PL_CHECK(m != NULL);
    pl_msg_free(m);
}

PL_TEST(error_texts_are_bounded)
{
    /* An unknown key longer than the path buffer is shortened. */
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_buf_append_str(&b, "{\"type\":\"ping\",\""), ==, 0);
    for (int i = 0; i < 1000; i++)
        PL_CHECK_INT(pl_buf_append_str(&b, "k"), ==, 0);
    PL_CHECK_INT(pl_buf_append_str(&b, "\":1}"), ==, 0);
    pl_msg_error_t err;
    PL_CHECK(pl_msg_parse(&pl_msg_test_family_ping_desc, b.data, b.len, &err) == NULL);
    PL_CHECK_INT(err.code, ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(strlen(err.path), <, PL_MSG_ERR_PATH_MAX);
    PL_CHECK_CONTAINS(err.message, "...: unknown field");
    pl_buf_free(&b);
}

PL_TEST_MAIN(PL_TEST_ENTRY(minimal_record), PL_TEST_ENTRY(keyword_const), PL_TEST_ENTRY(keyword_type_mismatch),
             PL_TEST_ENTRY(keyword_string_or_integer), PL_TEST_ENTRY(keyword_min_max_length),
             PL_TEST_ENTRY(keyword_format), PL_TEST_ENTRY(keyword_enum), PL_TEST_ENTRY(keyword_fsm_states),
             PL_TEST_ENTRY(keyword_integer_range), PL_TEST_ENTRY(keyword_number_range),
             PL_TEST_ENTRY(keyword_nullable), PL_TEST_ENTRY(keyword_arrays), PL_TEST_ENTRY(keyword_array_of_objects),
             PL_TEST_ENTRY(keyword_nested_objects), PL_TEST_ENTRY(keyword_additional_properties),
             PL_TEST_ENTRY(keyword_free_form), PL_TEST_ENTRY(keyword_refs_and_recursion),
             PL_TEST_ENTRY(keyword_c_names), PL_TEST_ENTRY(family_dispatch), PL_TEST_ENTRY(family_errors),
             PL_TEST_ENTRY(bad_json), PL_TEST_ENTRY(truncated_documents), PL_TEST_ENTRY(trailing_garbage_and_empty),
             PL_TEST_ENTRY(non_object_top_level), PL_TEST_ENTRY(nesting_depth), PL_TEST_ENTRY(huge_strings),
             PL_TEST_ENTRY(invalid_utf8), PL_TEST_ENTRY(duplicate_keys), PL_TEST_ENTRY(error_texts_are_bounded))
