/*
 * Unit tests of the response writer (src/http/response.c), byte for byte:
 * status line, Date, framing for HEAD/1xx/204/304, Connection, CORS and
 * preflight, field validation, caps, JSON error bodies.
 */
#include "pl_test.h"

#include "parley/error.h"
#include "parley/http.h"
#include "parley/mem.h"

#define RFC_DATE 784111777 /* Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example) */

static const char *const app_origins[] = {"https://app.example", "http://localhost:3000"};
static const pl_http_cors_t app_cors = {
    .origins = app_origins,
    .norigins = 2,
    .methods = "GET, POST, OPTIONS",
    .headers = "Content-Type, Authorization",
    .max_age = 600,
};

static void check_written(const pl_http_response_t *r, const char *want)
{
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_http_response_write(&b, r), ==, 0);
    PL_CHECK_STR(b.data, want);
    PL_CHECK_INT(b.len, ==, strlen(want));
    pl_buf_free(&b);
}

PL_TEST(json_ok)
{
    pl_http_response_t r = {.status = 200, .date = RFC_DATE, .content_type = "application/json",
                            .body = "{\"ok\":true}", .body_len = 11};
    check_written(&r, "HTTP/1.1 200 OK\r\n"
                      "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: 11\r\n"
                      "\r\n"
                      "{\"ok\":true}");
}

PL_TEST(head_keeps_length_drops_body)
{
    pl_http_response_t r = {.status = 200, .request_method = PL_HTTP_HEAD,
                            .content_type = "text/plain", .body = "hello", .body_len = 5};
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
}

PL_TEST(no_body_statuses)
{
    pl_http_response_t r = {.status = 204, .body = "ignored", .body_len = 7};
    check_written(&r, "HTTP/1.1 204 No Content\r\n\r\n");
    r.status = 304;
    check_written(&r, "HTTP/1.1 304 Not Modified\r\n\r\n");
    static const pl_http_field_t ws[] = {
        {"Upgrade", "websocket"},
        {"Connection", "Upgrade"},
        {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
    };
    pl_http_response_t up = {.status = 101, .fields = ws, .nfields = 3};
    check_written(&up, "HTTP/1.1 101 Switching Protocols\r\n"
                       "Upgrade: websocket\r\n"
                       "Connection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                       "\r\n");
    pl_http_response_t empty = {.status = 200};
    check_written(&empty, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

PL_TEST(close_and_fields)
{
    static const pl_http_field_t allow[] = {{"Allow", "GET, HEAD, POST"}};
    pl_http_response_t r = {.status = 405, .close = true, .date = RFC_DATE,
                            .content_type = "application/json", .body = "{}", .body_len = 2,
                            .fields = allow, .nfields = 1};
    check_written(&r, "HTTP/1.1 405 Method Not Allowed\r\n"
                      "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: 2\r\n"
                      "Connection: close\r\n"
                      "Allow: GET, HEAD, POST\r\n"
                      "\r\n"
                      "{}");
}

PL_TEST(cors_echoes_allowed_origins_only)
{
    pl_http_response_t r = {.status = 200, .body = "x", .body_len = 1, .cors = &app_cors,
                            .origin = "https://app.example", .origin_len = 19};
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                      "Access-Control-Allow-Origin: https://app.example\r\n"
                      "Vary: Origin\r\n\r\nx");
    r.origin = "https://evil.example";
    r.origin_len = 20;
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nVary: Origin\r\n\r\nx");
    /* A prefix of an allowed origin is not allowed. */
    r.origin = "https://app.example.evil";
    r.origin_len = 19 + 5;
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nVary: Origin\r\n\r\nx");
    r.origin = NULL;
    r.origin_len = 0;
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nVary: Origin\r\n\r\nx");

    static const char *const any[] = {"*"};
    pl_http_cors_t star = {.origins = any, .norigins = 1, .allow_credentials = true};
    r.cors = &star;
    r.origin = "https://whoever.example";
    r.origin_len = strlen(r.origin);
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                      "Access-Control-Allow-Origin: https://whoever.example\r\n"
                      "Access-Control-Allow-Credentials: true\r\n"
                      "Vary: Origin\r\n\r\nx");
    /* An origin with a line break is never echoed. */
    r.origin = "https://a\r\nSet-Cookie: x";
    r.origin_len = strlen(r.origin);
    check_written(&r, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nVary: Origin\r\n\r\nx");
    PL_CHECK(!pl_http_cors_allows(&star, r.origin, r.origin_len));
    PL_CHECK(pl_http_cors_allows(&app_cors, "http://localhost:3000", 21));
    PL_CHECK(!pl_http_cors_allows(&app_cors, "http://localhost:300", 20));
    PL_CHECK(!pl_http_cors_allows(NULL, "http://localhost:3000", 21));
}

PL_TEST(preflight)
{
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_http_response_preflight(&b, &app_cors, "http://localhost:3000", 21, RFC_DATE, false), ==, 0);
    PL_CHECK_STR(b.data, "HTTP/1.1 204 No Content\r\n"
                         "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                         "Access-Control-Allow-Origin: http://localhost:3000\r\n"
                         "Vary: Origin\r\n"
                         "Access-Control-Allow-Methods: GET, POST, OPTIONS\r\n"
                         "Access-Control-Allow-Headers: Content-Type, Authorization\r\n"
                         "Access-Control-Max-Age: 600\r\n"
                         "\r\n");
    pl_buf_reset(&b);
    PL_CHECK_INT(pl_http_response_preflight(&b, &app_cors, "https://evil.example", 20, 0, true), ==, 0);
    PL_CHECK_STR(b.data, "HTTP/1.1 204 No Content\r\nConnection: close\r\nVary: Origin\r\n\r\n");
    pl_buf_reset(&b);
    PL_CHECK_INT(pl_http_response_preflight(&b, NULL, "x", 1, 0, false), ==, PL_ERR_INVALID_ARGUMENT);
    pl_buf_free(&b);
}

PL_TEST(bad_input_leaves_buffer_alone)
{
    pl_buf_t b = PL_BUF_INIT(0);
    pl_buf_append_str(&b, "keep");
    static const pl_http_field_t inject[] = {{"X-A", "a\r\nInjected: 1"}};
    pl_http_response_t r = {.status = 200, .fields = inject, .nfields = 1};
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_STR(b.data, "keep");
    static const pl_http_field_t badname[] = {{"X A", "v"}};
    r.fields = badname;
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    static const pl_http_field_t nul[] = {{"X-A", NULL}};
    r.fields = nul;
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    r.nfields = 0;
    r.content_type = "text/plain\n";
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    r.content_type = NULL;
    r.status = 99;
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    r.status = 600;
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    r.status = 200;
    r.body_len = 3; /* with a NULL body */
    PL_CHECK_INT(pl_http_response_write(&b, &r), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_STR(b.data, "keep");
    PL_CHECK_INT(b.len, ==, 4);
    pl_buf_free(&b);

    /* A capped buffer refuses whole responses. */
    pl_buf_t capped = PL_BUF_INIT(40);
    pl_buf_append_str(&capped, "x");
    pl_http_response_t big = {.status = 200, .body = "0123456789", .body_len = 10};
    PL_CHECK_INT(pl_http_response_write(&capped, &big), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_STR(capped.data, "x");
    big.body_len = 0;
    PL_CHECK_INT(pl_http_response_write(&capped, &big), ==, 0);
    PL_CHECK_STR(capped.data, "xHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    pl_buf_free(&capped);
}

PL_TEST(dates)
{
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_http_format_date(&b, RFC_DATE), ==, 0);
    PL_CHECK_STR(b.data, "Sun, 06 Nov 1994 08:49:37 GMT");
    pl_buf_reset(&b);
    PL_CHECK_INT(pl_http_format_date(&b, (time_t)4102444800LL), ==, 0);
    PL_CHECK_STR(b.data, "Fri, 01 Jan 2100 00:00:00 GMT");
    pl_buf_reset(&b);
    PL_CHECK_INT(pl_http_format_date(&b, (time_t)951782400), ==, 0); /* leap day */
    PL_CHECK_STR(b.data, "Tue, 29 Feb 2000 00:00:00 GMT");
    pl_buf_free(&b);
}

PL_TEST(json_errors)
{
    pl_buf_t b = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_http_json_error(&b, 404, NULL), ==, 0);
    PL_CHECK_STR(b.data, "{\"error\": \"Not Found\", \"status\": 404}");
    pl_buf_reset(&b);
    PL_CHECK_INT(pl_http_json_error(&b, 400, "say \"hi\"\n\\ \x01\t caf\xc3\xa9 \xff \xe2\x82 \xed\xa0\x80 \xf0\x9f\x98\x80"), ==, 0);
    PL_CHECK_STR(b.data, "{\"error\": \"say \\\"hi\\\"\\n\\\\ \\u0001\\t caf\xc3\xa9 \\ufffd \\ufffd\\ufffd "
                         "\\ufffd\\ufffd\\ufffd \xf0\x9f\x98\x80\", \"status\": 400}");
    pl_buf_reset(&b);
    PL_CHECK_INT(pl_http_json_error(&b, 500, "\xc0\xaf"), ==, 0); /* overlong "/" */
    PL_CHECK_STR(b.data, "{\"error\": \"\\ufffd\\ufffd\", \"status\": 500}");
    pl_buf_free(&b);

    pl_buf_t capped = PL_BUF_INIT(20);
    pl_buf_append_str(&capped, "ab");
    PL_CHECK_INT(pl_http_json_error(&capped, 413, NULL), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_STR(capped.data, "ab");
    pl_buf_free(&capped);
}

PL_TEST_MAIN(PL_TEST_ENTRY(json_ok), PL_TEST_ENTRY(head_keeps_length_drops_body),
             PL_TEST_ENTRY(no_body_statuses), PL_TEST_ENTRY(close_and_fields),
             PL_TEST_ENTRY(cors_echoes_allowed_origins_only), PL_TEST_ENTRY(preflight),
             PL_TEST_ENTRY(bad_input_leaves_buffer_alone), PL_TEST_ENTRY(dates),
             PL_TEST_ENTRY(json_errors))
