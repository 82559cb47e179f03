/*
 * test_relay.c - unit tests of the relay benchmark's wire pieces
 * (relay_proto.c): send-time stamps, the chat completion request, the
 * incremental HTTP response reader (chunked, by length, to EOF, byte by
 * byte, refusals), the SSE parser (line endings, multi-line data, comments,
 * event types, caps), the chat.completion.chunk parser and writer, the fake
 * provider's request parser; and of the question lists (questions.c).
 */
#include "questions.h"
#include "relay_proto.h"

#include "parley/error.h"
#include "pl_test.h"

#include <stdint.h>
#include <unistd.h>

/* ------------------------------------------------------------ stamps */

PL_TEST(stamps_round_trip)
{
    const uint64_t values[] = {0, 7, 123456789, UINT64_C(9999999999999999999)};
    char buf[LG_STAMP_MAX];
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        uint64_t got = 1;
        int n = lg_stamp_format(buf, sizeof(buf), values[i]);
        PL_CHECK_INT(n, >, 3);
        PL_CHECK_INT(buf[n - 1], ==, ' ');
        PL_CHECK_INT(lg_stamp_parse(buf, (size_t)n, &got, 1), ==, 1);
        PL_CHECK(got == values[i]);
    }
    PL_CHECK_INT(lg_stamp_format(buf, 4, 123456), ==, -1);
}

PL_TEST(stamps_several_and_words)
{
    uint64_t v[4] = {0};
    const char *t = "t=1 t=22 hello t=333";
    PL_CHECK_INT(lg_stamp_parse(t, strlen(t), v, 4), ==, 3);
    PL_CHECK(v[0] == 1 && v[1] == 22 && v[2] == 333);
    /* more stamps than room: the count still says how many */
    PL_CHECK_INT(lg_stamp_parse(t, strlen(t), v, 1), ==, 3);
    PL_CHECK(v[0] == 1);
    /* "t=" inside a word is not a stamp; no stamp at all is 0 */
    PL_CHECK_INT(lg_stamp_parse("at=5 x", 6, v, 4), ==, 0);
    PL_CHECK_INT(lg_stamp_parse("hello", 5, v, 4), ==, 0);
    PL_CHECK_INT(lg_stamp_parse("", 0, v, 4), ==, 0);
    /* after a line break too */
    PL_CHECK_INT(lg_stamp_parse("x\nt=9 ", 6, v, 4), ==, 1);
    PL_CHECK(v[0] == 9);
}

PL_TEST(stamps_refused_when_mangled)
{
    uint64_t v[2];
    PL_CHECK_INT(lg_stamp_parse("t=", 2, v, 2), ==, PL_ERR_PARSE);
    PL_CHECK_INT(lg_stamp_parse("t= 5", 4, v, 2), ==, PL_ERR_PARSE);
    PL_CHECK_INT(lg_stamp_parse("t=12x ", 6, v, 2), ==, PL_ERR_PARSE);
    PL_CHECK_INT(lg_stamp_parse("t=12345678901234567890 ", 23, v, 2), ==, PL_ERR_PARSE);
    /* a stamp cut by the text's end is still read: the digits end there */
    PL_CHECK_INT(lg_stamp_parse("t=12", 4, v, 2), ==, 1);
}

/* ----------------------------------------------------------- request */

PL_TEST(request_builder)
{
    char out[1024];
    int n = lg_relay_build_request(out, sizeof(out), "127.0.0.1", 8080, "/v1/chat/completions",
                                   "fake", "say \"hi\"");
    PL_CHECK_INT(n, >, 0);
    PL_CHECK(strncmp(out, "POST /v1/chat/completions HTTP/1.1\r\n", 36) == 0);
    PL_CHECK_CONTAINS(out, "Host: 127.0.0.1:8080\r\n");
    PL_CHECK_CONTAINS(out, "\"stream\":true");
    PL_CHECK_CONTAINS(out, "\"content\":\"say \\\"hi\\\"\"");
    const char *body = strstr(out, "\r\n\r\n");
    PL_CHECK(body != NULL);
    if (body != NULL) {
        char want[64];
        snprintf(want, sizeof(want), "Content-Length: %zu\r\n", strlen(body + 4));
        PL_CHECK_CONTAINS(out, want);
    }
    /* the request parses back with the fake's parser */
    lg_relay_request_t r;
    PL_CHECK_INT(lg_relay_parse_request(out, (size_t)(body + 4 - out), &r), ==, 0);
    PL_CHECK_STR(r.method, "POST");
    PL_CHECK_STR(r.path, "/v1/chat/completions");
    PL_CHECK_INT((long long)r.content_length, ==, (long long)strlen(body + 4));
    PL_CHECK_INT(r.keep_alive, ==, 1);

    PL_CHECK_INT(lg_relay_build_request(out, sizeof(out), "h", 1, "v1/x", "m", "t"), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(lg_relay_build_request(out, sizeof(out), "h", 1, "/a b", "m", "t"), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(lg_relay_build_request(out, sizeof(out), "h", 1, "/x", "m", "\xff"), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(lg_relay_build_request(out, 40, "h", 1, "/x", "m", "t"), ==, PL_ERR_TOO_LARGE);
}

/* ---------------------------------------------------- response reader */

typedef struct sink {
    char buf[4096];
    size_t len;
    int stop_after; /* refuse the call after this many (0: never) */
    int calls;
} sink_t;

static int collect(void *ud, const char *data, size_t len)
{
    sink_t *s = ud;
    if (s->stop_after && ++s->calls > s->stop_after)
        return 1;
    if (s->len + len < sizeof(s->buf)) {
        memcpy(s->buf + s->len, data, len);
        s->len += len;
    }
    s->buf[s->len] = '\0';
    return 0;
}

static const char chunked[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    "6\r\nhello \r\n"
    "5;ext=1\r\nworld\r\n"
    "0\r\nX-Trailer: 1\r\n\r\n";

PL_TEST(http_chunked_whole_and_byte_by_byte)
{
    lg_relay_http_t h;
    sink_t s = {{0}, 0, 0, 0};
    size_t n = strlen(chunked);
    char in[sizeof(chunked) + 16];

    memcpy(in, chunked, n);
    memcpy(in + n, "HTTP/1.1", 8); /* the next response: must not be consumed */
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, in, n + 8, collect, &s), ==, (long)n);
    PL_CHECK_INT(h.state, ==, LG_RELAY_H_DONE);
    PL_CHECK_INT(h.status, ==, 200);
    PL_CHECK_INT(h.close, ==, 0);
    PL_CHECK_STR(s.buf, "hello world");

    memset(&s, 0, sizeof(s));
    lg_relay_http_init(&h);
    for (size_t i = 0; i < n; i++) {
        PL_CHECK_INT(lg_relay_http_feed(&h, chunked + i, 1, collect, &s), ==, 1);
        PL_CHECK(i == n - 1 || h.state != LG_RELAY_H_DONE);
    }
    PL_CHECK_INT(h.state, ==, LG_RELAY_H_DONE);
    PL_CHECK_STR(s.buf, "hello world");
    PL_CHECK_INT((long long)h.body_bytes, ==, 11);
    /* done: more bytes are not taken */
    PL_CHECK_INT(lg_relay_http_feed(&h, "x", 1, collect, &s), ==, 0);
}

PL_TEST(http_length_eof_and_close)
{
    lg_relay_http_t h;
    sink_t s = {{0}, 0, 0, 0};
    const char *cl = "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, cl, strlen(cl), collect, &s), ==, (long)strlen(cl));
    PL_CHECK_INT(h.state, ==, LG_RELAY_H_DONE);
    PL_CHECK_INT(h.status, ==, 404);
    PL_CHECK_INT(h.close, ==, 1);
    PL_CHECK_STR(s.buf, "abc");

    const char *eof = "HTTP/1.0 200 OK\r\n\r\npart";
    memset(&s, 0, sizeof(s));
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, eof, strlen(eof), collect, &s), ==, (long)strlen(eof));
    PL_CHECK_INT(h.state, ==, LG_RELAY_H_TO_EOF);
    PL_CHECK_INT(h.close, ==, 1);
    PL_CHECK_INT(lg_relay_http_eof(&h), ==, 0);
    PL_CHECK_STR(s.buf, "part");

    /* cut short: inside a chunk, or inside the head */
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, chunked, 90, NULL, NULL), ==, 90);
    PL_CHECK_INT(lg_relay_http_eof(&h), ==, PL_ERR_INCOMPLETE);
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, "HTTP/1.1 2", 10, NULL, NULL), ==, 10);
    PL_CHECK_INT(lg_relay_http_eof(&h), ==, PL_ERR_INCOMPLETE);

    /* 204: no body at all */
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, "HTTP/1.1 204 No Content\r\n\r\n", 27, NULL, NULL), ==, 27);
    PL_CHECK_INT(h.state, ==, LG_RELAY_H_DONE);
}

static long feed_str(const char *s)
{
    lg_relay_http_t h;
    lg_relay_http_init(&h);
    return lg_relay_http_feed(&h, s, strlen(s), NULL, NULL);
}

PL_TEST(http_refusals)
{
    PL_CHECK_INT(feed_str("HTTP/2 200 OK\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 20 OK\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 100 Continue\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\n folded\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nno-colon\r\n\r\n"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab"), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(feed_str("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "1234567890123456\r\n"), ==, PL_ERR_PARSE);

    /* a head that never ends */
    static char big[LG_RELAY_MAX_HEAD + 100];
    memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
    memset(big + 20, 'a', sizeof(big) - 21);
    big[sizeof(big) - 1] = '\0';
    PL_CHECK_INT(feed_str(big), ==, PL_ERR_TOO_LARGE);

    /* the body callback stops the feed */
    lg_relay_http_t h;
    sink_t s = {{0}, 0, 1, 0};
    lg_relay_http_init(&h);
    PL_CHECK_INT(lg_relay_http_feed(&h, chunked, strlen(chunked), collect, &s), ==,
                 PL_ERR_CALLBACK_FAILURE);
    PL_CHECK_STR(s.buf, "hello ");
}

/* ---------------------------------------------------------------- SSE */

typedef struct events {
    char log[4096];
    size_t len;
    int n;
} events_t;

static int log_event(void *ud, const char *type, const char *data, size_t len)
{
    events_t *e = ud;
    int k = snprintf(e->log + e->len, sizeof(e->log) - e->len, "[%s|%.*s]", type, (int)len, data);
    if (k > 0 && (size_t)k < sizeof(e->log) - e->len)
        e->len += (size_t)k;
    e->n++;
    return 0;
}

static const char stream[] = ": comment\r\n"
                             "data: one\n\n"
                             "data:two\r\ndata: lines\r\n\r\n"
                             "event: ping\rdata: p\r\r"
                             "id: 5\nretry: 10\nunknown: x\ndata\n\n"
                             "data: no end yet";

PL_TEST(sse_events_whole_and_byte_by_byte)
{
    lg_relay_sse_t s;
    events_t whole = {{0}, 0, 0}, bytes = {{0}, 0, 0};
    const char *want = "[message|one][message|two\nlines][ping|p][message|]";

    lg_relay_sse_init(&s);
    PL_CHECK_INT(lg_relay_sse_feed(&s, stream, strlen(stream), log_event, &whole), ==, 0);
    PL_CHECK_STR(whole.log, want);
    PL_CHECK_INT(whole.n, ==, 4);
    PL_CHECK_INT(lg_relay_sse_feed(&s, "\n\n", 2, log_event, &whole), ==, 0);
    PL_CHECK_INT(whole.n, ==, 5);
    lg_relay_sse_free(&s);

    lg_relay_sse_init(&s);
    for (size_t i = 0; i < strlen(stream); i++)
        PL_CHECK_INT(lg_relay_sse_feed(&s, stream + i, 1, log_event, &bytes), ==, 0);
    PL_CHECK_STR(bytes.log, want);
    lg_relay_sse_free(&s);
}

static int refuse_event(void *ud, const char *type, const char *data, size_t len)
{
    (void)ud;
    (void)type;
    (void)data;
    (void)len;
    return 1;
}

PL_TEST(sse_caps_and_callback_stop)
{
    lg_relay_sse_t s;
    static char piece[64 * 1024];
    events_t e = {{0}, 0, 0};
    int rc = 0;

    memset(piece, 'a', sizeof(piece));
    lg_relay_sse_init(&s);
    PL_CHECK_INT(lg_relay_sse_feed(&s, "data: ", 6, log_event, &e), ==, 0);
    for (int i = 0; i < 20 && rc == 0; i++)
        rc = lg_relay_sse_feed(&s, piece, sizeof(piece), log_event, &e);
    PL_CHECK_INT(rc, ==, PL_ERR_TOO_LARGE);
    lg_relay_sse_free(&s);

    char type[LG_RELAY_MAX_EVENT_TYPE + 20];
    memcpy(type, "event: ", 7);
    memset(type + 7, 'x', sizeof(type) - 9);
    type[sizeof(type) - 2] = '\n';
    type[sizeof(type) - 1] = '\0';
    lg_relay_sse_init(&s);
    PL_CHECK_INT(lg_relay_sse_feed(&s, type, strlen(type), log_event, &e), ==, PL_ERR_TOO_LARGE);
    lg_relay_sse_free(&s);

    lg_relay_sse_init(&s);
    PL_CHECK_INT(lg_relay_sse_feed(&s, "data: x\n\n", 9, refuse_event, NULL), ==,
                 PL_ERR_CALLBACK_FAILURE);
    lg_relay_sse_free(&s);
}

/* -------------------------------------------------------------- delta */

PL_TEST(delta_parser)
{
    char c[32];
    size_t n = 99;
    int fin = 9;
    const char *ok = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t=5 \\u00e9\"},"
                     "\"finish_reason\":null}]}";
    PL_CHECK_INT(lg_relay_parse_delta(ok, strlen(ok), c, sizeof(c), &n, &fin), ==, LG_RELAY_DELTA);
    PL_CHECK_STR(c, "t=5 \xc3\xa9");
    PL_CHECK_INT(n, ==, 6);
    PL_CHECK_INT(fin, ==, 0);

    const char *role = "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":null}}]}";
    PL_CHECK_INT(lg_relay_parse_delta(role, strlen(role), c, sizeof(c), &n, &fin), ==, LG_RELAY_DELTA);
    PL_CHECK_INT(n, ==, 0);
    const char *stop = "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}";
    PL_CHECK_INT(lg_relay_parse_delta(stop, strlen(stop), c, sizeof(c), &n, &fin), ==, LG_RELAY_DELTA);
    PL_CHECK_INT(fin, ==, 1);
    PL_CHECK_INT(lg_relay_parse_delta("{\"choices\":[]}", 14, c, sizeof(c), &n, &fin), ==,
                 LG_RELAY_DELTA);
    PL_CHECK_INT(lg_relay_parse_delta("[DONE]", 6, c, sizeof(c), &n, &fin), ==, LG_RELAY_DELTA_DONE);

    PL_CHECK_INT(lg_relay_parse_delta("{\"error\":{\"message\":\"x\"}}", 25, c, sizeof(c), &n, &fin),
                 ==, PL_ERR_PROTOCOL);
    PL_CHECK_INT(lg_relay_parse_delta("{nope", 5, c, sizeof(c), &n, &fin), ==, PL_ERR_PARSE);
    PL_CHECK_INT(lg_relay_parse_delta("[1]", 3, c, sizeof(c), &n, &fin), ==, PL_ERR_SCHEMA);
    PL_CHECK_INT(lg_relay_parse_delta("{}", 2, c, sizeof(c), &n, &fin), ==, PL_ERR_SCHEMA);
    const char *num = "{\"choices\":[{\"delta\":{\"content\":5}}]}";
    PL_CHECK_INT(lg_relay_parse_delta(num, strlen(num), c, sizeof(c), &n, &fin), ==, PL_ERR_SCHEMA);
    const char *big = "{\"choices\":[{\"delta\":{\"content\":\"0123456789012345678901234567890123\"}}]}";
    PL_CHECK_INT(lg_relay_parse_delta(big, strlen(big), c, sizeof(c), &n, &fin), ==, PL_ERR_TOO_LARGE);
    /* an embedded NUL cannot hide the rest */
    PL_CHECK_INT(lg_relay_parse_delta("{}\0{", 4, c, sizeof(c), &n, &fin), ==, PL_ERR_PARSE);
}

static int delta_of_event(void *ud, const char *type, const char *data, size_t len)
{
    char *out = ud;
    size_t n;
    int fin;
    (void)type;
    int rc = lg_relay_parse_delta(data, len, out, 64, &n, &fin);
    if (rc == LG_RELAY_DELTA && fin)
        strcat(out, "|stop");
    return rc < 0 ? 1 : 0;
}

PL_TEST(format_event_parses_back)
{
    char ev[512], got[80];
    lg_relay_sse_t s;
    int n = lg_relay_format_event(ev, sizeof(ev), "fake", "t=42 \"q\"\n", NULL);
    PL_CHECK_INT(n, >, 0);
    PL_CHECK(strncmp(ev, "data: {", 7) == 0);
    PL_CHECK(n >= 2 && ev[n - 1] == '\n' && ev[n - 2] == '\n');
    got[0] = '\0';
    lg_relay_sse_init(&s);
    PL_CHECK_INT(lg_relay_sse_feed(&s, ev, (size_t)n, delta_of_event, got), ==, 0);
    PL_CHECK_STR(got, "t=42 \"q\"\n");
    n = lg_relay_format_event(ev, sizeof(ev), "fake", NULL, "stop");
    PL_CHECK_INT(lg_relay_sse_feed(&s, ev, (size_t)n, delta_of_event, got), ==, 0);
    PL_CHECK_STR(got, "|stop");
    n = lg_relay_format_event(ev, sizeof(ev), "fake", NULL, NULL);
    PL_CHECK_CONTAINS(ev, "\"role\":\"assistant\"");
    PL_CHECK_INT(lg_relay_sse_feed(&s, ev, (size_t)n, delta_of_event, got), ==, 0);
    PL_CHECK_STR(got, "");
    lg_relay_sse_free(&s);
    PL_CHECK_INT(lg_relay_format_event(ev, 50, "fake", "x", NULL), ==, PL_ERR_TOO_LARGE);
}

/* ------------------------------------------------- the fake's requests */

static int req(const char *head, lg_relay_request_t *r)
{
    return lg_relay_parse_request(head, strlen(head), r);
}

PL_TEST(request_parser)
{
    lg_relay_request_t r;
    PL_CHECK_INT(req("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n"
                     "Expect: 100-continue\r\n\r\n", &r), ==, 0);
    PL_CHECK_STR(r.method, "POST");
    PL_CHECK_STR(r.path, "/v1/chat/completions");
    PL_CHECK_INT((long long)r.content_length, ==, 12);
    PL_CHECK_INT(r.keep_alive, ==, 1);
    PL_CHECK_INT(r.expect_continue, ==, 1);
    PL_CHECK_INT(req("GET /health HTTP/1.0\r\n\r\n", &r), ==, 0);
    PL_CHECK_INT(r.keep_alive, ==, 0);
    PL_CHECK_INT((long long)r.content_length, ==, 0);
    PL_CHECK_INT(req("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", &r), ==, 0);
    PL_CHECK_INT(r.keep_alive, ==, 1);
    PL_CHECK_INT(req("GET / HTTP/1.1\r\nconnection:  Close \r\n\r\n", &r), ==, 0);
    PL_CHECK_INT(r.keep_alive, ==, 0);

    PL_CHECK_INT(req("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &r), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(req("POST /x HTTP/1.1\r\n\r", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("POST /x HTTP/1.1\n\n", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("POST x HTTP/1.1\r\n\r\n", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("POST /x HTTP/2.0\r\n\r\n", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("POST /x  HTTP/1.1\r\n\r\n", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("PO(ST /x HTTP/1.1\r\n\r\n", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("VERYLONGMETHODNAME /x HTTP/1.1\r\n\r\n", &r), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(req("POST /x HTTP/1.1\r\nbad header\r\n\r\n", &r), ==, PL_ERR_PARSE);
    PL_CHECK_INT(req("POST /x HTTP/1.1\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\n", &r), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(req("POST /x HTTP/1.1\r\nContent-Length: 1234567890123456\r\n\r\n", &r), ==,
                 PL_ERR_TOO_LARGE);
    PL_CHECK_INT(req("POST /x HTTP/1.1\r\nExpect: something\r\n\r\n", &r), ==, PL_ERR_PARSE);

    char longpath[LG_RELAY_MAX_PATH + 64];
    memcpy(longpath, "GET /", 5);
    memset(longpath + 5, 'a', LG_RELAY_MAX_PATH);
    strcpy(longpath + 5 + LG_RELAY_MAX_PATH, " HTTP/1.1\r\n\r\n");
    PL_CHECK_INT(req(longpath, &r), ==, PL_ERR_TOO_LARGE);
}

/* ---------------------------------------------------------- questions */

PL_TEST(questions_table_and_plain)
{
    lg_questions_t q = {NULL, 0, 0};
    char err[200];
    const char *table = "lesson\tquestion\tfact\r\n"
                        "photosynthesis\twhat do plants need\tlight\r\n"
                        "\n"
                        "# a comment\n"
                        "fractions\t  what is a half?  \thalf\n";
    PL_CHECK_INT(lg_questions_parse(&q, table, strlen(table), 100, err, sizeof(err)), ==, 2);
    PL_CHECK_INT(q.n, ==, 2);
    PL_CHECK_STR(q.items[0], "what do plants need");
    PL_CHECK_STR(q.items[1], "what is a half?");
    const char *plain = "Why is the sky blue?\nWhat is \xc3\xa9nergie?";
    PL_CHECK_INT(lg_questions_parse(&q, plain, strlen(plain), 100, err, sizeof(err)), ==, 2);
    PL_CHECK_INT(q.n, ==, 4);
    PL_CHECK_STR(q.items[3], "What is \xc3\xa9nergie?");
    lg_questions_free(&q);
    PL_CHECK_INT(q.n, ==, 0);
}

PL_TEST(questions_refusals_leave_the_list)
{
    lg_questions_t q = {NULL, 0, 0};
    char err[200];
    PL_CHECK_INT(lg_questions_parse(&q, "one\ntwo\n", 8, 100, err, sizeof(err)), ==, 2);
    PL_CHECK_INT(lg_questions_parse(&q, "three\nfour\tx\n", 13, 100, err, sizeof(err)), ==,
                 PL_ERR_PARSE);
    PL_CHECK_CONTAINS(err, "line 2");
    PL_CHECK_INT(q.n, ==, 2);
    PL_CHECK_INT(lg_questions_parse(&q, "a\tquestion\nx\n", 13, 100, err, sizeof(err)), ==,
                 PL_ERR_PARSE);
    PL_CHECK_INT(lg_questions_parse(&q, "a\tquestion\nx\t \n", 15, 100, err, sizeof(err)), ==,
                 PL_ERR_PARSE);
    PL_CHECK_CONTAINS(err, "empty");
    PL_CHECK_INT(lg_questions_parse(&q, "ok\nbad \xff\n", 9, 100, err, sizeof(err)), ==, PL_ERR_UTF8);
    PL_CHECK_INT(lg_questions_parse(&q, "ok\nbad \xed\xa0\x80\n", 11, 100, err, sizeof(err)), ==,
                 PL_ERR_UTF8);
    PL_CHECK_INT(lg_questions_parse(&q, "bell\x07\n", 6, 100, err, sizeof(err)), ==, PL_ERR_PARSE);
    PL_CHECK_INT(lg_questions_parse(&q, "0123456789\n", 11, 5, err, sizeof(err)), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(q.n, ==, 2);
    PL_CHECK_STR(q.items[1], "two");
    lg_questions_free(&q);
}

PL_TEST(questions_load_file)
{
    lg_questions_t q = {NULL, 0, 0};
    char path[] = "/tmp/parley-questions-XXXXXX", err[300];
    int fd = mkstemp(path);
    PL_CHECK(fd >= 0);
    if (fd < 0)
        return;
    const char *text = "lesson\tquestion\nx\tfirst\ny\tsecond\n";
    PL_CHECK_INT(write(fd, text, strlen(text)), ==, (long long)strlen(text));
    close(fd);
    PL_CHECK_INT(lg_questions_load(&q, path, 100, err, sizeof(err)), ==, 2);
    PL_CHECK_STR(q.items[1], "second");
    unlink(path);
    PL_CHECK_INT(lg_questions_load(&q, path, 100, err, sizeof(err)), ==, PL_ERR_IO);
    PL_CHECK_CONTAINS(err, path);
    lg_questions_free(&q);
}

PL_TEST_MAIN(PL_TEST_ENTRY(stamps_round_trip),
             PL_TEST_ENTRY(stamps_several_and_words),
             PL_TEST_ENTRY(stamps_refused_when_mangled),
             PL_TEST_ENTRY(request_builder),
             PL_TEST_ENTRY(http_chunked_whole_and_byte_by_byte),
             PL_TEST_ENTRY(http_length_eof_and_close),
             PL_TEST_ENTRY(http_refusals),
             PL_TEST_ENTRY(sse_events_whole_and_byte_by_byte),
             PL_TEST_ENTRY(sse_caps_and_callback_stop),
             PL_TEST_ENTRY(delta_parser),
             PL_TEST_ENTRY(format_event_parses_back),
             PL_TEST_ENTRY(request_parser),
             PL_TEST_ENTRY(questions_table_and_plain),
             PL_TEST_ENTRY(questions_refusals_leave_the_list),
             PL_TEST_ENTRY(questions_load_file))
