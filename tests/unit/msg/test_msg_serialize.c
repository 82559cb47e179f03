/*
 * test_msg_serialize.c - the serializer: structs the program filled in
 * (init, set fields, serialize), escaping, constraint checks with paths,
 * buffer caps, free-form JSON, families, arena-built messages, and
 * parse -> serialize -> parse round trips.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_testutil.h"
#include "parley/error.h"
#include "pl_test.h"
#include "schemas/pl_msg_test_all.h"

static void min_record(pl_msg_test_types_record_t *r)
{
    pl_msg_test_types_record_init(r);
    r->id = (pl_msg_id_t){"x", 1, false};
    r->name = PL_MSG_STR("abc");
    r->level = PL_MSG_TEST_TYPES_RECORD_LEVEL_MID;
}

/* Serializes r and checks the exact output. */
static void expect_json_at(int line, const pl_msg_test_types_record_t *r, const char *want)
{
    int before = pl_test__failed_checks;
    pl_buf_t b = PL_BUF_INIT(0);
    pl_msg_error_t err;
    err.message[0] = '\0';
    PL_CHECK_INT(pl_msg_test_types_record_serialize(r, &b, &err), ==, 0);
    PL_CHECK_STR(b.data, want);
    if (pl_test__failed_checks != before)
        fprintf(stderr, "  (line %d: %s)\n", line, err.message);
    pl_buf_free(&b);
}

/* Expects serializing r to fail with code, path and message, leaving buf as it was. */
static void expect_fail_at(int line, const pl_msg_desc_t *d, const void *r, int code, const char *path,
                           const char *message)
{
    int before = pl_test__failed_checks;
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_buf_append_str(&b, "keep"), ==, 0);
    pl_msg_error_t err;
    PL_CHECK_INT(pl_msg_serialize_ex(d, r, &b, &err), ==, code);
    PL_CHECK_INT(err.code, ==, code);
    PL_CHECK_STR(b.data, "keep");
    PL_CHECK_INT(b.len, ==, 4);
    if (path != NULL)
        PL_CHECK_STR(err.path, path);
    if (message != NULL)
        PL_CHECK_STR(err.message, message);
    PL_CHECK_INT(pl_msg_serialize(d, r, &b), ==, code);
    PL_CHECK_STR(b.data, "keep");
    if (pl_test__failed_checks != before)
        fprintf(stderr, "  (line %d)\n", line);
    pl_buf_free(&b);
}

#define EXPECT_JSON(r, want) expect_json_at(__LINE__, (r), (want))
#define EXPECT_FAIL(r, code, path, message)                                                       \
    expect_fail_at(__LINE__, &pl_msg_test_types_record_desc, (r), (code), (path), (message))

PL_TEST(build_and_serialize)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    EXPECT_JSON(&r, "{\"kind\":\"record\",\"id\":\"x\",\"name\":\"abc\",\"level\":\"mid\"}");
    /* Optionals appear only with their has_ flag, in schema order. */
    r.ext = 5;
    r.count = 3;
    EXPECT_JSON(&r, "{\"kind\":\"record\",\"id\":\"x\",\"name\":\"abc\",\"level\":\"mid\"}");
    r.has_ext = r.has_count = true;
    r.has_flag = true;
    r.has_always = true;
    r.has_ratio = true;
    r.ratio = 0.1;
    r.has_temp = true;
    r.temp = -273.15;
    r.has_state = true;
    r.state = PL_MSG_TEST_COMMON_STATE_WAITING_FOR_USER;
    r.has_color = true;
    r.color = PL_MSG_TEST_COMMON_COLOR_LIGHT_BLUE;
    r.id = (pl_msg_id_t){"123", 3, true};
    EXPECT_JSON(&r, "{\"kind\":\"record\",\"id\":123,\"name\":\"abc\",\"level\":\"mid\",\"state\":\"waiting_for_user\","
                    "\"color\":\"light-blue\",\"count\":3,\"ratio\":0.1,\"temp\":-273.15,\"flag\":false,\"always\":true,"
                    "\"ext\":5}");
}

PL_TEST(nulls_arrays_objects)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    r.has_note = r.note_is_null = true;
    r.has_num_or_null = true;
    r.num_or_null = -9;
    pl_msg_str_t tags[2] = {PL_MSG_STR("a"), PL_MSG_STR("")};
    r.has_tags = true;
    r.tags.n = 2;
    r.tags.items = tags;
    pl_msg_test_types_record_maybe_slot_t maybe[3] = {{false, 1}, {true, 0}, {false, -1}};
    r.has_maybe = true;
    r.maybe.n = 3;
    r.maybe.items = maybe;
    pl_msg_test_common_citation_t cites[1];
    memset(cites, 0, sizeof(cites));
    cites[0].source = PL_MSG_STR("book");
    cites[0].score = 0.75;
    cites[0].has_page = true;
    cites[0].page = 12;
    r.has_cites = true;
    r.cites.n = 1;
    r.cites.items = cites;
    r.has_inner = true;
    r.inner.a = 1;
    r.inner.has_b = true;
    r.has_obj_or_null = r.obj_or_null_is_null = true;
    EXPECT_JSON(&r, "{\"kind\":\"record\",\"id\":\"x\",\"name\":\"abc\",\"level\":\"mid\",\"note\":null,"
                    "\"num_or_null\":-9,\"tags\":[\"a\",\"\"],\"maybe\":[1,null,-1],"
                    "\"cites\":[{\"source\":\"book\",\"score\":0.75,\"page\":12}],\"inner\":{\"a\":1,\"b\":{}},"
                    "\"obj_or_null\":null}");
}

PL_TEST(escaping)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    r.has_default_ = true;
    /* quote, backslash, controls, slash, DEL, non-ASCII, a NUL byte. */
    static const char s[] = "q\"b\\n\n\t\x01\x1f/\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \0z";
    r.default_ = (pl_msg_str_t){s, sizeof(s) - 1};
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_msg_test_types_record_serialize(&r, &b, NULL), ==, 0);
    PL_CHECK_CONTAINS(b.data, "\"default\":\"q\\\"b\\\\n\\n\\t\\u0001\\u001F/\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 "
                              "\\u0000z\"}");
    /* It reads back as the same bytes. */
    pl_msg_test_types_record_t *p = pl_msg_test_types_record_parse(b.data, b.len, NULL);
    PL_CHECK(p != NULL && p->default_.len == sizeof(s) - 1 && memcmp(p->default_.ptr, s, sizeof(s) - 1) == 0);
    pl_msg_test_types_record_free(p);
    pl_buf_free(&b);
}

PL_TEST(rejects_invalid_utf8)
{
    static const char *const bad[] = {"\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xff", "a\xf4\x90\x80\x80"};
    pl_msg_test_types_record_t r;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        min_record(&r);
        r.has_default_ = true;
        r.default_ = (pl_msg_str_t){bad[i], strlen(bad[i])};
        EXPECT_FAIL(&r, PL_ERR_UTF8, "default", "default: invalid UTF-8");
        min_record(&r);
        pl_msg_str_t tags[2] = {PL_MSG_STR("a"), {bad[i], strlen(bad[i])}};
        r.has_tags = true;
        r.tags.n = 2;
        r.tags.items = tags;
        EXPECT_FAIL(&r, PL_ERR_UTF8, "tags[1]", "tags[1]: invalid UTF-8");
    }
}

PL_TEST(refuses_missing_required)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    r.name.ptr = NULL;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "name", "name: required");
    min_record(&r);
    r.level = 0;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "level", "level: required");
    min_record(&r);
    r.id.ptr = NULL;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", "id: required");
    pl_msg_test_types_record_init(&r);
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", "id: required");
    /* Nested: a required field of an item. */
    min_record(&r);
    pl_msg_test_common_citation_t cites[2];
    memset(cites, 0, sizeof(cites));
    cites[0].source = PL_MSG_STR("a");
    r.has_cites = true;
    r.cites.n = 2;
    r.cites.items = cites;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "cites[1].source", "cites[1].source: required");
    /* A has_ flag for a NULL string is a missing value too. */
    min_record(&r);
    r.has_uuid = true;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "uuid", "uuid: required");
    /* Families: a message with the discriminator const always carries it. */
    pl_msg_test_family_state_update_t su;
    pl_msg_test_family_state_update_init(&su);
    expect_fail_at(__LINE__, &pl_msg_test_family_state_update_desc, &su, PL_ERR_SCHEMA, "payload.state",
                   "payload.state: required");
}

PL_TEST(refuses_broken_constraints)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    r.has_count = true;
    r.count = 9;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "count", "count: must be <= 5, got 9");
    min_record(&r);
    r.has_ratio = true;
    r.ratio = NAN;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "ratio", "ratio: number out of range");
    r.ratio = INFINITY;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "ratio", "ratio: number out of range");
    r.ratio = 1.25;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "ratio", "ratio: must be <= 1, got 1.25");
    min_record(&r);
    r.level = 4;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "level", "level: expected one of low, mid, high");
    min_record(&r);
    r.name = PL_MSG_STR("123456789");
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "name", "name: must be at most 8 characters long, got 9");
    min_record(&r);
    r.has_at = true;
    r.at = PL_MSG_STR("yesterday");
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "at", "at: expected a date-time like 2024-01-15T10:30:00Z");
    min_record(&r);
    r.has_tags = true;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "tags", "tags: must have at least 1 item, got 0");
    r.tags.n = 2;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "tags", "tags: 2 items at NULL");
    min_record(&r);
    r.id = (pl_msg_id_t){"12a", 3, true};
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", "id: expected an integer id, got text");
    r.id = (pl_msg_id_t){"-0", 2, true};
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", NULL);
    r.id = (pl_msg_id_t){"007", 3, true};
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", NULL);
    r.id = (pl_msg_id_t){"-5", 2, true};
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", "id: must be >= 0, got -5");
    r.id = (pl_msg_id_t){"99999999999999999999", 20, true};
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "id", NULL);
    min_record(&r);
    pl_msg_test_common_citation_t c = {PL_MSG_STR("s"), 2.0, false, 0};
    r.has_cites = true;
    r.cites.n = 1;
    r.cites.items = &c;
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "cites[0].score", "cites[0].score: must be <= 1, got 2");
}

PL_TEST(free_form_json)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    r.has_meta = true;
    r.meta = PL_MSG_STR(" { \"a\" : [ 1 , 2.50 , {\"b\" : null} ] ,\n \"c\":\"\\u00e9\" } ");
    EXPECT_JSON(&r, "{\"kind\":\"record\",\"id\":\"x\",\"name\":\"abc\",\"level\":\"mid\","
                    "\"meta\":{\"a\":[1,2.50,{\"b\":null}],\"c\":\"\xc3\xa9\"}}");
    r.meta = PL_MSG_STR("{\"a\":");
    EXPECT_FAIL(&r, PL_ERR_PARSE, "meta", NULL);
    r.meta = PL_MSG_STR("[1]");
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "meta", "meta: expected object, got array");
    r.meta = PL_MSG_STR("{\"a\":1,\"a\":2}");
    EXPECT_FAIL(&r, PL_ERR_SCHEMA, "meta.a", "meta.a: duplicate key");
    r.meta = PL_MSG_STR("{\"a\":\"\xc0\xaf\"}");
    EXPECT_FAIL(&r, PL_ERR_UTF8, "meta", NULL);
    r.meta = PL_MSG_STR("{} {}");
    EXPECT_FAIL(&r, PL_ERR_PARSE, "meta", NULL);
    /* Depth counts the containers around the field: 62 more levels fit. */
    char deep[200];
    for (int levels = 62; levels <= 63; levels++) {
        size_t n = 0;
        memcpy(deep, "{\"a\":", 5);
        n = 5;
        for (int i = 0; i < levels; i++)
            deep[n++] = '[';
        for (int i = 0; i < levels; i++)
            deep[n++] = ']';
        deep[n++] = '}';
        r.meta = (pl_msg_str_t){deep, n};
        if (levels == 62) {
            pl_buf_t b = PL_BUF_INIT(0);
            PL_CHECK_INT(pl_msg_test_types_record_serialize(&r, &b, NULL), ==, 0);
            pl_buf_free(&b);
        } else {
            EXPECT_FAIL(&r, PL_ERR_TOO_LARGE, "meta", "meta: nesting deeper than 64 levels");
        }
    }
}

PL_TEST(buffer_cap)
{
    pl_msg_test_types_record_t r;
    min_record(&r);
    pl_buf_t b = PL_BUF_INIT(16);
    pl_msg_error_t err;
    PL_CHECK_INT(pl_msg_test_types_record_serialize(&r, &b, &err), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(err.code, ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(b.len, ==, 0);
    b.max = 0;
    PL_CHECK_INT(pl_msg_test_types_record_serialize(&r, &b, &err), ==, 0);
    PL_CHECK_INT(err.code, ==, 0);
    /* Appends after what the buffer already holds. */
    PL_CHECK_INT(pl_msg_test_types_record_serialize(&r, &b, NULL), ==, 0);
    PL_CHECK_CONTAINS(b.data, "\"mid\"}{\"kind\"");
    pl_buf_free(&b);
    PL_CHECK_INT(pl_msg_serialize(NULL, &r, &b), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_msg_serialize(&pl_msg_test_types_record_desc, NULL, &b), ==, PL_ERR_INVALID_ARGUMENT);
}

PL_TEST(families)
{
    pl_msg_test_family_ping_t ping;
    pl_msg_test_family_ping_init(&ping);
    pl_msg_test_family_t m = {PL_MSG_TEST_FAMILY_KIND_PING, {.ping = &ping}};
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_msg_test_family_serialize(&m, &b, NULL), ==, 0);
    PL_CHECK_STR(b.data, "{\"type\":\"ping\"}");
    pl_buf_reset(&b);
    ping.has_seq = true;
    ping.seq = 42;
    PL_CHECK_INT(pl_msg_test_family_serialize(&m, &b, NULL), ==, 0);
    PL_CHECK_STR(b.data, "{\"type\":\"ping\",\"seq\":42}");
    pl_buf_reset(&b);
    m.kind = PL_MSG_TEST_FAMILY_KIND_UNKNOWN;
    pl_msg_error_t err;
    PL_CHECK_INT(pl_msg_test_family_serialize(&m, &b, &err), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(b.len, ==, 0);
    /* state_update with an FSM-state enum. */
    pl_msg_test_family_state_update_t su;
    pl_msg_test_family_state_update_init(&su);
    su.payload.state = PL_MSG_TEST_COMMON_STATE_ENDED;
    su.payload.has_confidence = true;
    su.payload.confidence = 1;
    PL_CHECK_INT(pl_msg_test_family_state_update_serialize(&su, &b, NULL), ==, 0);
    PL_CHECK_STR(b.data, "{\"type\":\"state_update\",\"payload\":{\"state\":\"ended\",\"confidence\":1}}");
    pl_buf_free(&b);
}

PL_TEST(arena_built_message)
{
    /* A heap message whose strings and arrays live in its own arena. */
    pl_msg_test_types_node_t *n = pl_msg_new(&pl_msg_test_types_node_desc);
    PL_CHECK(n != NULL);
    if (n == NULL)
        return;
    char name[] = "root";
    PL_CHECK_INT(pl_msg_set_str(n, &n->name, name, 4), ==, 0);
    name[0] = 'X'; /* the message has its own copy */
    n->has_children = true;
    n->children.n = 3;
    n->children.items = pl_msg_alloc(n, 3 * sizeof(*n->children.items));
    PL_CHECK(n->children.items != NULL);
    for (int i = 0; i < 3; i++) {
        char t[8];
        int len = snprintf(t, sizeof(t), "c%d", i);
        PL_CHECK_INT(pl_msg_set_str(n, &n->children.items[i].name, t, (size_t)len), ==, 0);
    }
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_msg_test_types_node_serialize(n, &b, NULL), ==, 0);
    PL_CHECK_STR(b.data, "{\"name\":\"root\",\"children\":[{\"name\":\"c0\"},{\"name\":\"c1\"},{\"name\":\"c2\"}]}");
    pl_buf_free(&b);
    pl_msg_test_types_node_free(n);
}

PL_TEST(depth_limit)
{
    /* A program-built tree deeper than 64 levels is refused. */
    enum { N = 40 };
    pl_msg_test_types_node_t nodes[N];
    memset(nodes, 0, sizeof(nodes));
    for (int i = 0; i < N; i++) {
        nodes[i].name = PL_MSG_STR("n");
        if (i + 1 < N) {
            nodes[i].has_children = true;
            nodes[i].children.n = 1;
            nodes[i].children.items = &nodes[i + 1];
        }
    }
    pl_buf_t b = PL_BUF_INIT(0);
    pl_msg_error_t err;
    PL_CHECK_INT(pl_msg_test_types_node_serialize(&nodes[0], &b, &err), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_CONTAINS(err.message, "nesting deeper than 64 levels");
    PL_CHECK_INT(b.len, ==, 0);
    /* 32 nodes = 64 levels (object + array each): fits. */
    nodes[31].has_children = false;
    PL_CHECK_INT(pl_msg_test_types_node_serialize(&nodes[0], &b, &err), ==, 0);
    pl_msg_test_types_node_t *p = pl_msg_test_types_node_parse(b.data, b.len, &err);
    PL_CHECK(p != NULL);
    pl_msg_test_types_node_free(p);
    pl_buf_free(&b);
}

PL_TEST(round_trip)
{
    const char *in =
        "{\"kind\":\"record\",\"id\":\"u\",\"name\":\"n\xc3\xa9\",\"level\":\"high\",\"uuid\":\"123e4567-e89b-12d3-a456-426614174000\","
        "\"at\":\"2024-01-15T10:30:00.5+01:00\",\"state\":\"error\",\"state_upper\":\"ENDED\",\"color\":\"green\","
        "\"count\":-5,\"big\":-9223372036854775808,\"ratio\":0.3333333333333333,\"temp\":1e300,\"flag\":true,"
        "\"always\":true,\"note\":null,\"num_or_null\":null,\"tags\":[\"x\"],\"matrix\":[[1],[]],\"maybe\":[null],"
        "\"levels\":[\"a\"],\"cites\":[{\"source\":\"s\",\"score\":1,\"page\":1}],\"points\":[{\"x\":-0.5}],"
        "\"meta\":{\"z\":[true,false,null,\"s\",1.5e-7]},\"meta_or_null\":{},\"inner\":{\"a\":0,\"b\":{\"c\":\"\"}},"
        "\"open\":{\"x\":3},\"obj_or_null\":{\"v\":1},\"ext\":0,\"default\":\"d\"}";
    pl_msg_error_t err;
    pl_msg_test_types_record_t *r = pl_msg_test_types_record_parse(in, strlen(in), &err);
    PL_CHECK(r != NULL);
    if (r == NULL) {
        fprintf(stderr, "  %s\n", err.message);
        return;
    }
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_msg_test_types_record_serialize(r, &b, &err), ==, 0);
    char why[256] = "";
    PL_CHECK(mt_json_equal(in, strlen(in), b.data, b.len, why, sizeof(why)));
    if (why[0])
        fprintf(stderr, "  %s\n  %s\n", why, b.data);
    /* Serializing the re-parsed message gives the same bytes. */
    pl_msg_test_types_record_t *r2 = pl_msg_test_types_record_parse(b.data, b.len, &err);
    PL_CHECK(r2 != NULL);
    pl_buf_t b2 = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_msg_test_types_record_serialize(r2, &b2, &err), ==, 0);
    PL_CHECK_STR(b2.data, b.data);
    pl_buf_free(&b);
    pl_buf_free(&b2);
    pl_msg_test_types_record_free(r);
    pl_msg_test_types_record_free(r2);
}

PL_TEST_MAIN(PL_TEST_ENTRY(build_and_serialize), PL_TEST_ENTRY(nulls_arrays_objects), PL_TEST_ENTRY(escaping),
             PL_TEST_ENTRY(rejects_invalid_utf8), PL_TEST_ENTRY(refuses_missing_required),
             PL_TEST_ENTRY(refuses_broken_constraints), PL_TEST_ENTRY(free_form_json), PL_TEST_ENTRY(buffer_cap),
             PL_TEST_ENTRY(families), PL_TEST_ENTRY(arena_built_message), PL_TEST_ENTRY(depth_limit),
             PL_TEST_ENTRY(round_trip))
