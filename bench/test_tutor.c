/*
 * test_tutor.c - unit tests of the load generator's seed 000 ("AI tutor")
 * pieces (tutor_proto.c): the event parser (decoded escapes, skipped
 * fields, refusals, reuse of its yajl handle after errors), the check of an
 * exchange's order and contents, the user_message and creation request
 * builders, and the HTTP response and conversation id parsers.
 */
#include "tutor_proto.h"

#include "parley/error.h"
#include "pl_test.h"

#define CONV "6507f1f77e1a2b3c4d5e6f7a"

static int parse(lg_tutor_parser_t *p, const char *json)
{
    return lg_tutor_parse_event(p, (const uint8_t *)json, strlen(json));
}

PL_TEST(mt_names_round_trip)
{
    const char *names[] = {"connected", "user_message_received", "typing_indicator",
                           "stream_start", "stream_chunk", "stream_end",
                           "stop_typing_indicator", "error", "title_updated"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        lg_tutor_mt_t mt = lg_tutor_mt_from_name(names[i], strlen(names[i]));
        PL_CHECK(mt != LG_TUTOR_MT_UNKNOWN);
        PL_CHECK_STR(lg_tutor_mt_name(mt), names[i]);
    }
    PL_CHECK_INT(lg_tutor_mt_from_name("stream", 6), ==, LG_TUTOR_MT_UNKNOWN);
    PL_CHECK_INT(lg_tutor_mt_from_name("stream_chunks", 13), ==, LG_TUTOR_MT_UNKNOWN);
}

PL_TEST(event_fields_decoded_and_others_skipped)
{
    lg_tutor_parser_t p;
    PL_CHECK_INT(lg_tutor_parser_init(&p), ==, 0);
    PL_CHECK_INT(parse(&p, "{\"seq\": 5, \"mt\":\"stream_chunk\",\"conversationId\":\"" CONV "\","
                           "\"messageId\":\"ai_tutor_response_1705318200.123\","
                           "\"chunk\":\"x = (-b \\u00b1 sqrt(b^2)) / \\\"2a\\\"\\n\","
                           "\"extra\":{\"chunk\":\"nested\",\"mt\":[1,2,{\"a\":null}]},"
                           "\"timestamp\":\"2024-01-15T10:30:00.123Z\",\"isBot\":true}"),
                 ==, 0);
    PL_CHECK_INT(p.ev.mt, ==, LG_TUTOR_MT_STREAM_CHUNK);
    PL_CHECK_STR(p.ev.mt_name, "stream_chunk");
    PL_CHECK_STR(p.ev.conversation_id, CONV);
    PL_CHECK_STR(p.ev.message_id, "ai_tutor_response_1705318200.123");
    PL_CHECK(p.ev.chunk.set);
    PL_CHECK_STR(p.ev.chunk.p, "x = (-b \xc2\xb1 sqrt(b^2)) / \"2a\"\n");
    PL_CHECK_INT(p.ev.chunk.len, ==, strlen("x = (-b \xc2\xb1 sqrt(b^2)) / \"2a\"\n"));
    PL_CHECK(!p.ev.full_text.set && !p.ev.has_token);
    PL_CHECK_INT(p.ev.is_final, ==, -1);

    /* the next message starts from a clean event */
    PL_CHECK_INT(parse(&p, "{\"mt\":\"stream_end\",\"fullText\":\"\",\"isFinal\":true}  \r\n"), ==, 0);
    PL_CHECK_INT(p.ev.mt, ==, LG_TUTOR_MT_STREAM_END);
    PL_CHECK(!p.ev.chunk.set && !p.ev.has_conversation_id && !p.ev.has_message_id);
    PL_CHECK(p.ev.full_text.set);
    PL_CHECK_INT(p.ev.full_text.len, ==, 0);
    PL_CHECK_INT(p.ev.is_final, ==, 1);

    PL_CHECK_INT(parse(&p, "{\"mt\":\"something_new\",\"isFinal\":false}"), ==, 0);
    PL_CHECK_INT(p.ev.mt, ==, LG_TUTOR_MT_UNKNOWN);
    PL_CHECK_STR(p.ev.mt_name, "something_new");
    PL_CHECK_INT(p.ev.is_final, ==, 0);
    lg_tutor_parser_free(&p);
}

PL_TEST(event_refusals_and_recovery)
{
    static const struct {
        const char *json;
        int rc;
    } bad[] = {
        {"", PL_ERR_PARSE},
        {"not json", PL_ERR_PARSE},
        {"[{\"mt\":\"connected\"}]", PL_ERR_PARSE},
        {"{\"mt\":\"connected\"}{\"mt\":\"connected\"}", PL_ERR_PARSE},
        {"{\"mt\":\"connected\"} x", PL_ERR_PARSE},
        {"{\"mt\":\"connected\",}", PL_ERR_PARSE},
        {"{\"mt\":\"connected\",\"a\":{}", PL_ERR_PARSE},
        {"{\"mt\":\"conn\xff\"}", PL_ERR_PARSE},
        {"{\"mt\":\"connected\"", PL_ERR_PARSE},
        {"{\"mt\":\"x\",\"mt7\":\"ya\"}\"}", PL_ERR_PARSE},
        {"{\"mt\":\"x\"} \"a}", PL_ERR_PARSE},
        {"{}", PL_ERR_SCHEMA},
        {"{\"message\":\"no type\"}", PL_ERR_SCHEMA},
        {"{\"mt\":3}", PL_ERR_SCHEMA},
        {"{\"mt\":\"\"}", PL_ERR_SCHEMA},
        {"{\"mt\":\"stream_chunk\",\"chunk\":null}", PL_ERR_SCHEMA},
        {"{\"mt\":\"stream_chunk\",\"chunk\":[\"a\"]}", PL_ERR_SCHEMA},
        {"{\"mt\":\"stream_end\",\"isFinal\":\"true\"}", PL_ERR_SCHEMA},
        {"{\"mt\":\"stream_end\",\"mt\":\"stream_chunk\"}", PL_ERR_SCHEMA},
        {"{\"mt\":\"error\",\"token\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", PL_ERR_SCHEMA},
        {"{\"mt\":\"x\",\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
         PL_ERR_TOO_LARGE},
    };
    lg_tutor_parser_t p;
    PL_CHECK_INT(lg_tutor_parser_init(&p), ==, 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse(&p, bad[i].json);
        if (rc != bad[i].rc)
            fprintf(stderr, "  case %zu: %s\n", i, bad[i].json);
        PL_CHECK_INT(rc, ==, bad[i].rc);
        /* whatever the failure, the parser takes the next message */
        PL_CHECK_INT(parse(&p, "{\"mt\":\"typing_indicator\",\"conversationId\":\"c1\"}"), ==, 0);
        PL_CHECK_INT(p.ev.mt, ==, LG_TUTOR_MT_TYPING_INDICATOR);
        PL_CHECK_STR(p.ev.conversation_id, "c1");
    }
    lg_tutor_parser_free(&p);
}

PL_TEST(event_text_cap)
{
    lg_tutor_parser_t p;
    size_t n = LG_TUTOR_MAX_TEXT + 1;
    char *big = malloc(n + 64);
    PL_CHECK(big != NULL);
    if (big == NULL)
        return;
    PL_CHECK_INT(lg_tutor_parser_init(&p), ==, 0);
    const char *head = "{\"mt\":\"stream_chunk\",\"chunk\":\"";
    size_t h = strlen(head);
    memcpy(big, head, h);
    memset(big + h, 'a', n);
    memcpy(big + h + n, "\"}", 3);
    PL_CHECK_INT(parse(&p, big), ==, PL_ERR_TOO_LARGE);
    big[h + n - 1] = '"';
    big[h + n] = '}';
    big[h + n + 1] = '\0';
    PL_CHECK_INT(parse(&p, big), ==, 0);
    PL_CHECK_INT(p.ev.chunk.len, ==, LG_TUTOR_MAX_TEXT);
    free(big);
    lg_tutor_parser_free(&p);
}

/* Feeds one event to x; returns the step result. */
static int feed(lg_tutor_parser_t *p, lg_tutor_exchange_t *x, const char *json)
{
    int rc = parse(p, json);
    if (rc != 0) {
        fprintf(stderr, "  does not parse (%d): %s\n", rc, json);
        return -1000;
    }
    return lg_tutor_exchange_step(x, &p->ev);
}

#define EV(mt, rest) "{\"mt\":\"" mt "\",\"conversationId\":\"" CONV "\"" rest "}"
#define RECEIVED EV("user_message_received", ",\"message\":\"Hi \\\"there\\\"\",\"userId\":\"123\",\"token\":\"t1\"")
#define TYPING EV("typing_indicator", ",\"isBot\":true")
#define START EV("stream_start", ",\"messageId\":\"m1\"")
#define CHUNK(text) EV("stream_chunk", ",\"messageId\":\"m1\",\"chunk\":\"" text "\"")
#define END(text) EV("stream_end", ",\"messageId\":\"m1\",\"fullText\":\"" text "\",\"isFinal\":true")
#define STOP EV("stop_typing_indicator", ",\"isBot\":true,\"seq\":9")
#define TITLE EV("title_updated", ",\"title\":\"Quadratics\"")

PL_TEST(exchange_in_order)
{
    lg_tutor_parser_t p;
    lg_tutor_exchange_t x;
    PL_CHECK_INT(lg_tutor_parser_init(&p), ==, 0);
    PL_CHECK_INT(lg_tutor_exchange_init(&x, CONV, 3), ==, 0);
    for (int round = 0; round < 2; round++) {
        PL_CHECK_INT(lg_tutor_exchange_begin(&x, "t1", "Hi \"there\""), ==, 0);
        PL_CHECK_INT(feed(&p, &x, RECEIVED), ==, LG_TUTOR_STEP_OK);
        PL_CHECK_INT(feed(&p, &x, TYPING), ==, LG_TUTOR_STEP_OK);
        PL_CHECK_INT(feed(&p, &x, TITLE), ==, LG_TUTOR_STEP_IGNORED);
        PL_CHECK_INT(feed(&p, &x, START), ==, LG_TUTOR_STEP_OK);
        PL_CHECK_INT(feed(&p, &x, CHUNK("A qu")), ==, LG_TUTOR_STEP_FIRST_CHUNK);
        PL_CHECK_INT(feed(&p, &x, CHUNK("adratic \\u00b1")), ==, LG_TUTOR_STEP_OK);
        PL_CHECK_INT(feed(&p, &x, CHUNK(" \\\"eq\\\"")), ==, LG_TUTOR_STEP_OK);
        PL_CHECK_INT(feed(&p, &x, END("A quadratic \xc2\xb1 \\\"eq\\\"")), ==, LG_TUTOR_STEP_END);
        PL_CHECK_INT(feed(&p, &x, STOP), ==, LG_TUTOR_STEP_DONE);
        PL_CHECK_INT(x.state, ==, LG_TUTOR_X_IDLE);
        PL_CHECK_INT(feed(&p, &x, TITLE), ==, LG_TUTOR_STEP_IGNORED);
    }
    /* any number of chunks when none is expected */
    lg_tutor_exchange_free(&x);
    PL_CHECK_INT(lg_tutor_exchange_init(&x, CONV, 0), ==, 0);
    PL_CHECK_INT(lg_tutor_exchange_begin(&x, "t1", NULL), ==, 0);
    PL_CHECK_INT(feed(&p, &x, RECEIVED), ==, LG_TUTOR_STEP_OK);
    PL_CHECK_INT(feed(&p, &x, TYPING), ==, LG_TUTOR_STEP_OK);
    PL_CHECK_INT(feed(&p, &x, START), ==, LG_TUTOR_STEP_OK);
    PL_CHECK_INT(feed(&p, &x, CHUNK("one")), ==, LG_TUTOR_STEP_FIRST_CHUNK);
    PL_CHECK_INT(feed(&p, &x, END("one")), ==, LG_TUTOR_STEP_END);
    PL_CHECK_INT(feed(&p, &x, STOP), ==, LG_TUTOR_STEP_DONE);
    lg_tutor_exchange_free(&x);
    lg_tutor_parser_free(&p);
}

/* Runs an exchange up to (not including) its step-th event, then feeds bad. */
static int break_at(int step, const char *bad, unsigned chunks, char *why, size_t whylen)
{
    const char *seq[] = {RECEIVED, TYPING, START, CHUNK("ab"), CHUNK("c"), END("abc"), STOP};
    lg_tutor_parser_t p;
    lg_tutor_exchange_t x;
    int rc = -2000;

    if (lg_tutor_parser_init(&p) != 0)
        return rc;
    lg_tutor_exchange_init(&x, CONV, chunks);
    lg_tutor_exchange_begin(&x, "t1", "Hi \"there\"");
    for (int i = 0; i < step; i++) {
        rc = feed(&p, &x, seq[i]);
        if (rc < 0)
            goto out;
    }
    rc = feed(&p, &x, bad);
    snprintf(why, whylen, "%s", x.why);
    if (rc < 0 && x.state != LG_TUTOR_X_IDLE)
        rc = -3000; /* a refusal must leave the exchange idle */
out:
    lg_tutor_exchange_free(&x);
    lg_tutor_parser_free(&p);
    return rc;
}

PL_TEST(exchange_refusals)
{
    char why[200];
    /* order */
    PL_CHECK_INT(break_at(0, TYPING, 2, why, sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_CONTAINS(why, "user_message_received was due");
    PL_CHECK_INT(break_at(1, START, 2, why, sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_INT(break_at(3, STOP, 2, why, sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_CONTAINS(why, "stream_chunk or stream_end");
    PL_CHECK_INT(break_at(6, CHUNK("x"), 2, why, sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_INT(break_at(2, EV("connected", ",\"message\":\"Connected to AI Tutor\""), 2, why,
                          sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_INT(break_at(2, EV("brand_new", ""), 2, why, sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_CONTAINS(why, "brand_new");
    PL_CHECK_INT(break_at(4, "{\"mt\":\"error\",\"error\":\"Invalid JSON format\"}", 2, why,
                          sizeof(why)), ==, PL_ERR_PROTOCOL);
    PL_CHECK_CONTAINS(why, "Invalid JSON format");
    /* contents */
    PL_CHECK_INT(break_at(0, EV("user_message_received", ",\"message\":\"Hi \\\"there\\\"\",\"token\":\"t2\""),
                          2, why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_CONTAINS(why, "t2");
    PL_CHECK_INT(break_at(0, EV("user_message_received", ",\"message\":\"Hi\",\"token\":\"t1\""), 2,
                          why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(0, EV("user_message_received", ",\"message\":\"Hi \\\"there\\\"\""), 2,
                          why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(1, "{\"mt\":\"typing_indicator\",\"conversationId\":\"other\"}", 2, why,
                          sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(1, "{\"mt\":\"typing_indicator\"}", 2, why, sizeof(why)), ==,
                 PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(2, EV("stream_start", ""), 2, why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(4, EV("stream_chunk", ",\"messageId\":\"m2\",\"chunk\":\"c\""), 2, why,
                          sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_CONTAINS(why, "m2");
    PL_CHECK_INT(break_at(4, EV("stream_chunk", ",\"messageId\":\"m1\""), 2, why, sizeof(why)), ==,
                 PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(5, END("abd"), 2, why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_CONTAINS(why, "fullText");
    PL_CHECK_INT(break_at(5, END("ab"), 2, why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(5, EV("stream_end", ",\"messageId\":\"m1\",\"fullText\":\"abc\""), 2, why,
                          sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_CONTAINS(why, "isFinal");
    PL_CHECK_INT(break_at(5, END("abc"), 3, why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_CONTAINS(why, "2 chunks, expected 3");
    PL_CHECK_INT(break_at(3, END(""), 0, why, sizeof(why)), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(break_at(2, "{\"mt\":\"title_updated\",\"conversationId\":\"other\"}", 2, why,
                          sizeof(why)), ==, PL_ERR_SCHEMA);
    /* the happy path through the same helper, as a control */
    PL_CHECK_INT(break_at(6, STOP, 2, why, sizeof(why)), ==, LG_TUTOR_STEP_DONE);
}

PL_TEST(exchange_idle_refuses_events)
{
    lg_tutor_parser_t p;
    lg_tutor_exchange_t x;
    PL_CHECK_INT(lg_tutor_parser_init(&p), ==, 0);
    PL_CHECK_INT(lg_tutor_exchange_init(&x, CONV, 0), ==, 0);
    PL_CHECK_INT(feed(&p, &x, RECEIVED), ==, PL_ERR_PROTOCOL);
    PL_CHECK_CONTAINS(x.why, "outside an exchange");
    PL_CHECK_INT(feed(&p, &x, TITLE), ==, LG_TUTOR_STEP_IGNORED);
    PL_CHECK_INT(lg_tutor_exchange_init(&x, "a-very-long-id-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                            "aaaaaaaaaaaaaaaaaaaaaaaaa", 0),
                 ==, PL_ERR_TOO_LARGE);
    static char long_text[LG_TUTOR_MAX_USER_TEXT + 2];
    memset(long_text, 'a', sizeof(long_text) - 1);
    PL_CHECK_INT(lg_tutor_exchange_init(&x, CONV, 0), ==, 0);
    PL_CHECK_INT(lg_tutor_exchange_begin(&x, "t1", long_text), ==, PL_ERR_TOO_LARGE);
    long_text[LG_TUTOR_MAX_USER_TEXT] = '\0';
    PL_CHECK_INT(lg_tutor_exchange_begin(&x, "t1", long_text), ==, 0);
    lg_tutor_exchange_free(&x);
    lg_tutor_parser_free(&p);
}

PL_TEST(user_message_escapes_and_round_trips)
{
    char out[512];
    const char *text = "He said \"x\\y\"\n\ttab \x01 and \xc2\xb1";
    lg_tutor_parser_t p;
    int n = lg_tutor_build_user_message(out, sizeof(out), text, "123", "lg-1-0-7");
    PL_CHECK(n > 0);
    PL_CHECK_INT(strlen(out), ==, n);
    PL_CHECK_CONTAINS(out, "\"mt\":\"user_message\"");
    PL_CHECK_CONTAINS(out, "\"userId\":\"123\"");
    PL_CHECK_CONTAINS(out, "\"token\":\"lg-1-0-7\"");
    PL_CHECK_CONTAINS(out, "\"timezone\":\"UTC\",\"languageCode\":\"en\"");
    PL_CHECK_CONTAINS(out, "\\\"x\\\\y\\\"\\n\\ttab \\u0001");
    PL_CHECK_INT(lg_tutor_parser_init(&p), ==, 0);
    PL_CHECK_INT(parse(&p, out), ==, 0);
    PL_CHECK_STR(p.ev.mt_name, "user_message");
    PL_CHECK_STR(p.ev.message.p, text);
    PL_CHECK_STR(p.ev.token, "lg-1-0-7");
    lg_tutor_parser_free(&p);
    for (size_t cap = 1; cap <= (size_t)n; cap++)
        PL_CHECK_INT(lg_tutor_build_user_message(out, cap, text, "123", "lg-1-0-7"), ==,
                     PL_ERR_TOO_LARGE);
    PL_CHECK_INT(lg_tutor_build_user_message(out, (size_t)n + 1, text, "123", "lg-1-0-7"), ==, n);
}

PL_TEST(create_request_shape)
{
    char out[1024];
    int n = lg_tutor_build_create_request(out, sizeof(out), "127.0.0.1", 8000, "/ai-tutor", "123");
    PL_CHECK(n > 0);
    PL_CHECK(strncmp(out, "POST /ai-tutor/conversations HTTP/1.1\r\n", 39) == 0);
    PL_CHECK_CONTAINS(out, "\r\nHost: 127.0.0.1:8000\r\n");
    PL_CHECK_CONTAINS(out, "\r\nContent-Type: application/json\r\n");
    PL_CHECK_CONTAINS(out, "\r\nConnection: close\r\n");
    const char *body = strstr(out, "\r\n\r\n");
    PL_CHECK(body != NULL);
    if (body) {
        body += 4;
        PL_CHECK_STR(body, "{\"user_id\": 123, \"title\": \"\", \"status\": \"active\"}");
        char cl[64];
        snprintf(cl, sizeof(cl), "\r\nContent-Length: %zu\r\n", strlen(body));
        PL_CHECK_CONTAINS(out, cl);
    }
    n = lg_tutor_build_create_request(out, sizeof(out), "127.0.0.1", 8000, "", "u-\"7\"");
    PL_CHECK(n > 0);
    PL_CHECK(strncmp(out, "POST /conversations ", 20) == 0);
    PL_CHECK_CONTAINS(out, "{\"user_id\": \"u-\\\"7\\\"\", ");
    PL_CHECK_INT(lg_tutor_build_create_request(out, 50, "127.0.0.1", 8000, "/ai-tutor", "1"), ==,
                 PL_ERR_TOO_LARGE);
}

static int http(const char *resp, int eof, int *status, char *body, size_t cap, size_t *blen)
{
    return lg_tutor_parse_http_response(resp, strlen(resp), eof, status, body, cap, blen);
}

PL_TEST(http_response_framings)
{
    char body[256];
    size_t blen = 0;
    int status = 0;
    const char *cl = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\n"
                     "content-length: 22\r\n\r\n{\"conversation_id\":\"a\"}";
    /* 22 bytes of body announced, 23 sent: the extra byte is not part of it */
    PL_CHECK_INT(http(cl, 0, &status, body, sizeof(body), &blen), ==, (int)strlen(cl) - 1);
    PL_CHECK_INT(status, ==, 201);
    PL_CHECK_INT(blen, ==, 22);
    PL_CHECK(memcmp(body, "{\"conversation_id\":\"a\"", 22) == 0);

    const char *chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5\r\n{\"con\r\n13;ext=1\r\nversation_id\":\"b1\"}\r\n0\r\nX-T: 1\r\n\r\n";
    size_t full = strlen(chunked);
    for (size_t cut = 0; cut < full; cut++) {
        int r = lg_tutor_parse_http_response(chunked, cut, 0, &status, body, sizeof(body), &blen);
        if (r != PL_ERR_INCOMPLETE)
            fprintf(stderr, "  cut %zu: %d\n", cut, r);
        PL_CHECK_INT(r, ==, PL_ERR_INCOMPLETE);
    }
    PL_CHECK_INT(http(chunked, 0, &status, body, sizeof(body), &blen), ==, (int)full);
    PL_CHECK_INT(status, ==, 200);
    PL_CHECK_STR(body, "{\"conversation_id\":\"b1\"}");

    const char *close_delimited = "HTTP/1.0 201 Created\r\nServer: x\r\n\r\n{\"conversation_id\":7}";
    PL_CHECK_INT(http(close_delimited, 0, &status, body, sizeof(body), &blen), ==,
                 PL_ERR_INCOMPLETE);
    PL_CHECK_INT(http(close_delimited, 1, &status, body, sizeof(body), &blen), ==,
                 (int)strlen(close_delimited));
    PL_CHECK_STR(body, "{\"conversation_id\":7}");

    const char *no_content = "HTTP/1.1 204 No Content\r\n\r\n";
    PL_CHECK_INT(http(no_content, 0, &status, body, sizeof(body), &blen), ==,
                 (int)strlen(no_content));
    PL_CHECK_INT(blen, ==, 0);
}

PL_TEST(http_response_refusals)
{
    char body[32];
    size_t blen = 0;
    int status = 0;
    PL_CHECK_INT(http("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n", 0, &status, body,
                      sizeof(body), &blen), ==, PL_ERR_INCOMPLETE);
    PL_CHECK_INT(http("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n", 1, &status, body,
                      sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nab", 1, &status, body,
                      sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/2 200 OK\r\n\r\n", 1, &status, body, sizeof(body), &blen), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 20 OK\r\n\r\n", 1, &status, body, sizeof(body), &blen), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 000 OK\r\n\r\n", 1, &status, body, sizeof(body), &blen), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nNo colon\r\n\r\n", 1, &status, body, sizeof(body),
                      &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 1, &status, body,
                      sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 1,
                      &status, body, sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 1, &status, body,
                      sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, &status,
                      body, sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 0,
                      &status, body, sizeof(body), &blen), ==, PL_ERR_PARSE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n", 0, &status,
                      body, sizeof(body), &blen), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(http("HTTP/1.1 200 OK\r\nContent-Length: 32\r\n\r\n", 0, &status, body,
                      sizeof(body), &blen), ==, PL_ERR_TOO_LARGE);
    static char big[LG_TUTOR_MAX_HTTP_HEAD + 16];
    memset(big, 'a', sizeof(big) - 1);
    memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
    PL_CHECK_INT(http(big, 0, &status, body, sizeof(body), &blen), ==, PL_ERR_TOO_LARGE);
}

PL_TEST(conversation_id_extraction)
{
    char id[LG_TUTOR_MAX_ID + 1];
#define CID(s) lg_tutor_parse_conversation_id(s, strlen(s), id)
    PL_CHECK_INT(CID("{\"conversation_id\": \"" CONV "\"}"), ==, 0);
    PL_CHECK_STR(id, CONV);
    PL_CHECK_INT(CID("{\"other\":{\"conversation_id\":\"x\"},\"conversation_id\":\"a.b_c~d-e\","
                     "\"title\":\"\"}"), ==, 0);
    PL_CHECK_STR(id, "a.b_c~d-e");
    PL_CHECK_INT(CID("{\"conversation_id\": 42}"), ==, 0);
    PL_CHECK_STR(id, "42");
    PL_CHECK_INT(CID("{\"conversation_id\": 4.2}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"conversation_id\": \"a/b\"}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"conversation_id\": \"a b\"}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"conversation_id\": \"\"}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"conversation_id\": null}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"conversation_id\": {\"id\":\"x\"}}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"conversation_id\":\"a\",\"conversation_id\":\"b\"}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("{\"id\": \"x\"}"), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(CID("[\"x\"]"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(CID("{\"conversation_id\": \"x\""), ==, PL_ERR_PARSE);
    PL_CHECK_INT(CID("{\"conversation_id\": \"x\"} {}"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(CID(""), ==, PL_ERR_PARSE);
    PL_CHECK_STR(id, "");
    char longer[200];
    snprintf(longer, sizeof(longer), "{\"conversation_id\":\"%0129d\"}", 0);
    PL_CHECK_INT(CID(longer), ==, PL_ERR_SCHEMA);
#undef CID
}

PL_TEST_MAIN(PL_TEST_ENTRY(mt_names_round_trip),
             PL_TEST_ENTRY(event_fields_decoded_and_others_skipped),
             PL_TEST_ENTRY(event_refusals_and_recovery),
             PL_TEST_ENTRY(event_text_cap),
             PL_TEST_ENTRY(exchange_in_order),
             PL_TEST_ENTRY(exchange_refusals),
             PL_TEST_ENTRY(exchange_idle_refuses_events),
             PL_TEST_ENTRY(user_message_escapes_and_round_trips),
             PL_TEST_ENTRY(create_request_shape),
             PL_TEST_ENTRY(http_response_framings),
             PL_TEST_ENTRY(http_response_refusals),
             PL_TEST_ENTRY(conversation_id_extraction))
