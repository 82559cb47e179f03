/*
 * Unit tests of the HTTP/1.1 request parser (gen/fsm/http11.c from
 * fsm/http11.rl): valid requests, bodies, pipelining, keep-alive, every
 * split point, and each error class with the status it maps to.
 */
#include "pl_test.h"

#include "http_drive.h"
#include "parley/error.h"
#include "parley/http.h"
#include "parley/mem.h"

#define S(lit) lit, sizeof(lit) - 1

/* Parses a whole head; returns execute()'s result. */
static int parse(pl_http_parser_t *p, const pl_http_limits_t *lim, const char *s, size_t n)
{
    pl_http_parser_init(p, lim);
    return pl_http_parser_execute(p, s, n);
}

static int span_is(const char *buf, pl_http_span_t sp, const char *want)
{
    return sp.len == strlen(want) && memcmp(buf + sp.off, want, sp.len) == 0;
}

/* Transcript of feeding s whole. The caller frees it. */
static char *transcript(const pl_http_limits_t *lim, const char *s, size_t n)
{
    pl_buf_t t = PL_BUF_INIT(0);
    drive_http(lim, s, n, NULL, 0, &t);
    return t.data ? t.data : pl_strdup("");
}

/* Checks that every single split point and byte-at-a-time give the whole transcript. */
static void check_all_splits(const pl_http_limits_t *lim, const char *s, size_t n)
{
    char *whole = transcript(lim, s, n);
    PL_CHECK(strstr(whole, "INVARIANT") == NULL);
    for (size_t k = 1; k < n; k++) {
        pl_buf_t t = PL_BUF_INIT(0);
        drive_http(lim, s, n, &k, 1, &t);
        if (t.data == NULL || strcmp(t.data, whole) != 0) {
            fprintf(stderr, "  split at %zu differs:\n%s---\n%s", k, whole, t.data ? t.data : "");
            PL_CHECK(0);
            pl_buf_free(&t);
            break;
        }
        pl_buf_free(&t);
    }
    size_t *cuts = pl_malloc(n * sizeof(size_t) + 1);
    for (size_t k = 1; k < n; k++)
        cuts[k - 1] = k;
    pl_buf_t t = PL_BUF_INIT(0);
    drive_http(lim, s, n, cuts, n ? n - 1 : 0, &t);
    PL_CHECK_STR(t.data, whole);
    pl_buf_free(&t);
    pl_free(cuts);
    pl_free(whole);
}

/* The status a head (and body) gets from the driver: 0 when all requests pass. */
static int status_of(const pl_http_limits_t *lim, const char *s, size_t n)
{
    pl_buf_t t = PL_BUF_INIT(0);
    drive_http(lim, s, n, NULL, 0, &t);
    int st = 0;
    const char *e = t.data ? strstr(t.data, "error ") : NULL;
    if (e != NULL)
        st = atoi(e + 6);
    if (t.data && strstr(t.data, "INVARIANT"))
        st = -1;
    pl_buf_free(&t);
    return st;
}

PL_TEST(get_with_query)
{
    static const char req[] =
        "GET /api/v2/conversations/42/messages?last_seq=12&x=y HTTP/1.1\r\n"
        "Host: example.com:8000\r\n"
        "User-Agent:   curl/8.0 \t\r\n"
        "X-Empty:\r\n"
        "X-Obs: caf\xc3\xa9\r\n"
        "\r\n";
    pl_http_parser_t p;
    int n = parse(&p, NULL, S(req));
    PL_CHECK_INT(n, ==, sizeof(req) - 1);
    PL_CHECK_INT(p.req.method, ==, PL_HTTP_GET);
    PL_CHECK(span_is(req, p.req.method_name, "GET"));
    PL_CHECK(span_is(req, p.req.target, "/api/v2/conversations/42/messages?last_seq=12&x=y"));
    PL_CHECK(span_is(req, p.req.path, "/api/v2/conversations/42/messages"));
    PL_CHECK(p.req.has_query);
    PL_CHECK(span_is(req, p.req.query, "last_seq=12&x=y"));
    PL_CHECK(span_is(req, p.req.host, "example.com:8000"));
    PL_CHECK_INT(p.req.form, ==, PL_HTTP_FORM_ORIGIN);
    PL_CHECK_INT(p.req.version_minor, ==, 1);
    PL_CHECK(p.req.keep_alive);
    PL_CHECK_INT(p.req.body, ==, PL_HTTP_BODY_NONE);
    PL_CHECK_INT(p.req.nheaders, ==, 4);
    const pl_http_header_t *h = pl_http_find_header(&p.req, req, "user-agent", NULL);
    PL_CHECK(h != NULL && span_is(req, h->value, "curl/8.0"));
    PL_CHECK(h != NULL && span_is(req, h->name, "User-Agent"));
    h = pl_http_find_header(&p.req, req, "X-EMPTY", NULL);
    PL_CHECK(h != NULL && h->value.len == 0);
    h = pl_http_find_header(&p.req, req, "x-obs", NULL);
    PL_CHECK(h != NULL && span_is(req, h->value, "caf\xc3\xa9"));
    PL_CHECK(pl_http_find_header(&p.req, req, "cookie", NULL) == NULL);
    PL_CHECK(pl_http_parser_is_finished(&p));
    PL_CHECK(!pl_http_parser_has_error(&p));
    PL_CHECK_INT(pl_http_parser_finish(&p), ==, 0);
    /* Asking again returns the same head length. */
    PL_CHECK_INT(pl_http_parser_execute(&p, req, sizeof(req) - 1), ==, n);

    char v[16];
    size_t vl;
    PL_CHECK_INT(pl_http_query_get(req + p.req.query.off, p.req.query.len, "last_seq", v, sizeof v, &vl), ==, 0);
    PL_CHECK_STR(v, "12");
    PL_CHECK_INT(vl, ==, 2);
}

PL_TEST(repeated_headers_are_iterable)
{
    static const char req[] = "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\nX-B: 3\r\n\r\n";
    pl_http_parser_t p;
    PL_CHECK_INT(parse(&p, NULL, S(req)), >, 0);
    const pl_http_header_t *h = pl_http_find_header(&p.req, req, "X-A", NULL);
    PL_CHECK(h != NULL && span_is(req, h->value, "1"));
    h = pl_http_find_header(&p.req, req, "X-A", h);
    PL_CHECK(h != NULL && span_is(req, h->value, "2"));
    PL_CHECK(pl_http_find_header(&p.req, req, "X-A", h) == NULL);
}

PL_TEST(post_with_content_length)
{
    static const char req[] = "POST /api/v2/conversations HTTP/1.1\r\nHost: a\r\n"
                              "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                              "{\"text\":\"hi\"}";
    pl_http_parser_t p;
    int n = parse(&p, NULL, S(req));
    PL_CHECK_INT(n, ==, sizeof(req) - 1 - 13);
    PL_CHECK_INT(p.req.body, ==, PL_HTTP_BODY_LENGTH);
    PL_CHECK_INT(p.req.content_length, ==, 13);
    PL_CHECK(!pl_http_parser_is_finished(&p));
    PL_CHECK_INT(pl_http_parser_finish(&p), ==, PL_ERR_INCOMPLETE);

    size_t used;
    pl_http_span_t d;
    /* The first 5 body bytes, then the rest plus extra bytes of a next request. */
    PL_CHECK_INT(pl_http_parser_body(&p, req + n, 5, &used, &d), ==, 0);
    PL_CHECK_INT(used, ==, 5);
    PL_CHECK_INT(d.off, ==, 0);
    PL_CHECK_INT(d.len, ==, 5);
    static const char rest[] = "t\":\"hi\"}GET";
    PL_CHECK_INT(pl_http_parser_body(&p, rest, sizeof(rest) - 1, &used, &d), ==, 1);
    PL_CHECK_INT(used, ==, 8);
    PL_CHECK_INT(d.len, ==, 8);
    PL_CHECK(pl_http_parser_is_finished(&p));
    PL_CHECK_INT(pl_http_parser_finish(&p), ==, 0);
    PL_CHECK_INT(pl_http_parser_body(&p, rest + 8, 3, &used, &d), ==, 1);
    PL_CHECK_INT(used, ==, 0);

    char *t = transcript(NULL, S(req));
    PL_CHECK_CONTAINS(t, "body 13 {\"text\":\"hi\"}\n");
    PL_CHECK_CONTAINS(t, "eof 0\n");
    pl_free(t);
}

PL_TEST(body_before_head_is_refused)
{
    pl_http_parser_t p;
    size_t used;
    pl_http_span_t d;
    pl_http_parser_init(&p, NULL);
    PL_CHECK_INT(pl_http_parser_body(&p, "x", 1, &used, &d), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(used, ==, 0);
}

PL_TEST(chunked_with_extensions_and_trailers)
{
    static const char req[] = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip-not, chunked\r\n\r\n";
    pl_http_parser_t p;
    PL_CHECK_INT(parse(&p, NULL, S(req)), ==, PL_ERR_UNSUPPORTED);

    static const char msg[] =
        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
        "5;name=value\r\nhello\r\n"
        "6 ; q=\"a \\\" b\" ;flag\r\n world\r\n"
        "A\r\n, chunked!\r\n"
        "0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n";
    char *t = transcript(NULL, S(msg));
    PL_CHECK_CONTAINS(t, "body=2 cl=0");
    PL_CHECK_CONTAINS(t, "body 21 hello world, chunked!\n");
    PL_CHECK_CONTAINS(t, "eof 0\n");
    PL_CHECK(strstr(t, "error") == NULL);
    pl_free(t);
    check_all_splits(NULL, S(msg));

    /* Uppercase hex, leading zeros, no trailers. */
    static const char msg2[] = "PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "00000000000000000000000000F\r\n0123456789abcde\r\n0\r\n\r\n";
    t = transcript(NULL, S(msg2));
    PL_CHECK_CONTAINS(t, "body 15 0123456789abcde\n");
    pl_free(t);
}

PL_TEST(pipelined_requests)
{
    static const char stream[] =
        "GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
        "POST /api/v2/conversations/1/messages HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        "\r\n" /* an extra CRLF after a body is skipped */
        "PATCH /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
        "DELETE /d?x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    char *t = transcript(NULL, S(stream));
    PL_CHECK_STR(t,
                 "request GET target=/health path=/health host=a form=0 v=1.1 ka=1 up=0 body=0 cl=0 [Host: a]\n"
                 "body 0 \n"
                 "request POST target=/api/v2/conversations/1/messages path=/api/v2/conversations/1/messages host=a form=0 v=1.1 ka=1 up=0 body=1 cl=3 [Host: a] [Content-Length: 3]\n"
                 "body 3 abc\n"
                 "request PATCH target=/p path=/p host=a form=0 v=1.1 ka=1 up=0 body=2 cl=0 [Host: a] [Transfer-Encoding: chunked]\n"
                 "body 2 xy\n"
                 "request DELETE target=/d?x path=/d query=x host=a form=0 v=1.1 ka=0 up=0 body=0 cl=0 [Host: a] [Connection: close]\n"
                 "body 0 \n"
                 "eof 0\n");
    pl_free(t);
    check_all_splits(NULL, S(stream));
}

PL_TEST(keep_alive_rules)
{
    static const struct {
        const char *req;
        bool keep_alive;
    } cases[] = {
        {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, CLOSE\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n", true},
        {"GET / HTTP/1.0\r\n\r\n", false},
        {"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true},
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", false},
        {"GET / HTTP/1.0\r\nConnection: keep-alives\r\n\r\n", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pl_http_parser_t p;
        int n = parse(&p, NULL, cases[i].req, strlen(cases[i].req));
        PL_CHECK_INT(n, ==, strlen(cases[i].req));
        if (p.req.keep_alive != cases[i].keep_alive) {
            fprintf(stderr, "  case %zu: %s", i, cases[i].req);
            PL_CHECK(0);
        }
    }
}

PL_TEST(websocket_upgrade_head)
{
    static const char req[] = "GET /ai-tutor/ws/c-1?last_seq=5 HTTP/1.1\r\nHost: chat.example\r\n"
                              "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                              "Origin: https://app.example\r\n\r\n\x81\x85";
    pl_http_parser_t p;
    int n = parse(&p, NULL, S(req));
    PL_CHECK_INT(n, ==, sizeof(req) - 3);
    PL_CHECK(p.req.connection_upgrade);
    PL_CHECK(span_is(req, p.req.upgrade, "websocket"));
    PL_CHECK(pl_http_header_has_token(req + p.req.upgrade.off, p.req.upgrade.len, "WebSocket"));
    const pl_http_header_t *k = pl_http_find_header(&p.req, req, "sec-websocket-key", NULL);
    PL_CHECK(k != NULL && span_is(req, k->value, "dGhlIHNhbXBsZSBub25jZQ=="));
}

PL_TEST(target_forms)
{
    pl_http_parser_t p;
    static const char abs[] = "GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: other\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(abs)), ==, sizeof(abs) - 1);
    PL_CHECK_INT(p.req.form, ==, PL_HTTP_FORM_ABSOLUTE);
    PL_CHECK(span_is(abs, p.req.path, "/a/b"));
    PL_CHECK(span_is(abs, p.req.query, "c=d"));
    PL_CHECK(span_is(abs, p.req.host, "example.com:8080"));

    static const char abs2[] = "GET https://[::1] HTTP/1.1\r\nHost: x\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(abs2)), ==, sizeof(abs2) - 1);
    PL_CHECK(span_is(abs2, p.req.host, "[::1]"));
    PL_CHECK_INT(p.req.path.len, ==, 0);

    static const char star[] = "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(star)), ==, sizeof(star) - 1);
    PL_CHECK_INT(p.req.form, ==, PL_HTTP_FORM_ASTERISK);
    PL_CHECK_INT(p.req.path.len, ==, 0);

    static const char q[] = "GET /?? HTTP/1.1\r\nHost: a\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(q)), ==, sizeof(q) - 1);
    PL_CHECK(span_is(q, p.req.path, "/"));
    PL_CHECK(span_is(q, p.req.query, "?"));

    static const char empty_q[] = "GET /x? HTTP/1.1\r\nHost: a\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(empty_q)), ==, sizeof(empty_q) - 1);
    PL_CHECK(p.req.has_query);
    PL_CHECK_INT(p.req.query.len, ==, 0);

    static const char browser[] = "GET /a[1]/{b}|c^?q=[x]`{}|\\ HTTP/1.1\r\nHost: a\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(browser)), ==, sizeof(browser) - 1);

    static const char lead[] = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(lead)), ==, sizeof(lead) - 1);
    PL_CHECK(span_is(lead, p.req.method_name, "GET"));
}

PL_TEST(every_split_point)
{
    static const char *const reqs[] = {
        "GET /api/v2/conversations/42/messages?last_seq=12&x=y HTTP/1.1\r\nHost: h\r\nA: b\r\n\r\n",
        "POST /p HTTP/1.0\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\nbodyGET /q HTTP/1.0\r\n\r\n",
        "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\"b\"\r\nabc\r\n0\r\nT: 1\r\n\r\n",
        "GET /x HTTP/1.1\r\nHost: h\r\nX: y\r\n z\r\n\r\n",    /* obs-fold: 400 */
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", /* 400 */
        "BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n",               /* 501 */
        "GET / HTTP/2.0\r\nHost: h\r\n\r\n",                   /* 505 */
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab", /* cut short */
    };
    for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++)
        check_all_splits(NULL, reqs[i], strlen(reqs[i]));

    /* Limits too: the error must not depend on where the input was cut. */
    pl_http_limits_t lim = {.max_request_line = 20, .max_header_bytes = 24, .max_headers = 2,
                            .max_body = 5, .max_chunk_line = 8};
    static const char *const limited[] = {
        "GET /0123456789abcdef HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: 0123456789\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n123456",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;abcdef\r\na\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: 0123456789012345678901234\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof(limited) / sizeof(limited[0]); i++)
        check_all_splits(&lim, limited[i], strlen(limited[i]));
}

typedef struct err_case {
    const char *req;
    int status;
    size_t len;
} err_case_t;

#define E(lit, st) {lit, st, sizeof(lit) - 1}

static void check_errors(const err_case_t *cases, size_t n, const pl_http_limits_t *lim)
{
    for (size_t i = 0; i < n; i++) {
        int st = status_of(lim, cases[i].req, cases[i].len);
        if (st != cases[i].status) {
            fprintf(stderr, "  case %zu: got %d, want %d: ", i, st, cases[i].status);
            pl_buf_t t = PL_BUF_INIT(0);
            drive_put_bytes(&t, cases[i].req, cases[i].len);
            fprintf(stderr, "%s\n", t.data);
            pl_buf_free(&t);
            PL_CHECK(0);
        }
    }
}

PL_TEST(bad_syntax_is_400)
{
    static const err_case_t cases[] = {
        E("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),             /* raw space */
        E("GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n", 400),           /* control char */
        E("GET /a\x80 HTTP/1.1\r\nHost: a\r\n\r\n", 400),           /* raw non-ASCII */
        E("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400),          /* fragment */
        E("GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400),            /* malformed escape */
        E("GET /a%2 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        E("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),               /* two spaces */
        E("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
        E("GET / HTTP/1.1\rHost: a\r\n\r\n", 400),                  /* bare CR */
        E("GET / HTTP/1.1\nHost: a\n\n", 400),                      /* bare LF */
        E("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),     /* CR in value */
        E("GET / HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n", 400),     /* LF in value */
        E("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 400),     /* NUL in value */
        E("GET / HTTP/1.1\r\nHost: a\r\nX: a\x7f\r\n\r\n", 400),    /* DEL in value */
        E("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400),  /* obs-fold */
        E("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n", 400), /* obs-fold, tab */
        E("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),               /* space before first field */
        E("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),               /* space before colon */
        E("GET / HTTP/1.1\r\nHo(st: a\r\n\r\n", 400),               /* name not a token */
        E("GET / HTTP/1.1\r\n: a\r\n\r\n", 400),                    /* empty name */
        E("GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),               /* method not a token */
        E("GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400),                /* version junk */
        E("GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400),
        E("GET / HTTP/1.1000\r\nHost: a\r\n\r\n", 400),
        E("GET / http/1.1\r\nHost: a\r\n\r\n", 400),
        E("GET /\r\nHost: a\r\n\r\n", 400),                          /* HTTP/0.9 style */
        E("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),                /* * needs OPTIONS */
        E("GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400),   /* authority-form */
        E("GET http://u@example.com/ HTTP/1.1\r\nHost: a\r\n\r\n", 400), /* userinfo */
        E("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400),        /* empty host */
        E("GET http://:80/x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        E("GET / HTTP/1.1\r\n\r\n", 400),                           /* missing Host */
        E("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),     /* two Host */
        E("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),              /* bad Host */
        E("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
        E("GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", 400),
        E("GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", 400),
        E("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12a\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551616\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;x=1\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", 400),
        E("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        /* chunked framing */
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nx\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1 \r\na\r\n0\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\na\r\n0\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\n0\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;\r\na\r\n0\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;a=\"b\r\na\r\n0\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX : y\r\n\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", 400),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x1\r\n", 400),
    };
    check_errors(cases, sizeof(cases) / sizeof(cases[0]), NULL);

    pl_http_parser_t p;
    static const char bad[] = "GET / HTTP/1.1\rX";
    PL_CHECK_INT(parse(&p, NULL, S(bad)), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 400);
    PL_CHECK(pl_http_parser_has_error(&p));
    PL_CHECK(!pl_http_parser_is_finished(&p));
    PL_CHECK_INT(pl_http_parser_finish(&p), ==, PL_ERR_PARSE);
    /* The error sticks. */
    PL_CHECK_INT(pl_http_parser_execute(&p, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 28), ==, PL_ERR_PARSE);
}

PL_TEST(accepted_edge_cases)
{
    static const err_case_t cases[] = {
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab", 0),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n1234567", 0),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked ,\r\n\r\n0\r\n\r\n", 0),
        E("GET / HTTP/1.0\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHost:\r\n\r\n", 0),                   /* empty Host is allowed */
        E("GET / HTTP/1.1\r\nHost: [2001:db8::1]:443\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHost: xn--bcher-kva.example%2e:80\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHOST: a\r\n\r\n", 0),
        E("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHost: a\r\nX:\t v \t\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHost: a\r\nX: \xff\xfe\r\n\r\n", 0),
        E("GET /%41%62 HTTP/1.1\r\nHost: a\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHost: a\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n", 0),
    };
    check_errors(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

PL_TEST(unknown_method_and_coding_are_501)
{
    static const err_case_t cases[] = {
        E("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 501),
        E("get / HTTP/1.1\r\nHost: a\r\n\r\n", 501),               /* methods are case-sensitive */
        E("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n", 501),
        E("TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
        E("M-SEARCH * HTTP/1.1\r\nHost: a\r\n\r\n", 501),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 501),
    };
    check_errors(cases, sizeof(cases) / sizeof(cases[0]), NULL);

    pl_http_parser_t p;
    static const char r[] = "BREW /pot HTTP/1.1\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(r)), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 501);
}

PL_TEST(unsupported_version_is_505)
{
    static const err_case_t cases[] = {
        E("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        E("GET / HTTP/3\r\nHost: a\r\n\r\n", 505),
        E("GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
        E("GET / HTTP/0.9\r\n\r\n", 505),
        E("GET / HTTP/01.1\r\nHost: a\r\n\r\n", 505),
        E("BREW / HTTP/2.0\r\nHost: a\r\n\r\n", 505),              /* version is checked first */
    };
    check_errors(cases, sizeof(cases) / sizeof(cases[0]), NULL);
    pl_http_parser_t p;
    static const char r[] = "GET / HTTP/3\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(r)), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 505);
}

/* Builds "GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n". */
static char *head_with(size_t nfields, size_t value_len)
{
    pl_buf_t b = PL_BUF_INIT(0);
    pl_buf_append_str(&b, "GET / HTTP/1.1\r\nHost: a\r\n");
    for (size_t i = 0; i < nfields; i++) {
        pl_buf_appendf(&b, "X-%zu: ", i);
        for (size_t k = 0; k < value_len; k++)
            pl_buf_append(&b, "v", 1);
        pl_buf_append_str(&b, "\r\n");
    }
    pl_buf_append_str(&b, "\r\n");
    return b.data;
}

PL_TEST(header_limits_are_431)
{
    pl_http_parser_t p;
    /* Count: 100 fields pass (Host + 99), 101 do not. */
    char *h = head_with(99, 1);
    PL_CHECK_INT(parse(&p, NULL, h, strlen(h)), ==, strlen(h));
    PL_CHECK_INT(p.req.nheaders, ==, 100);
    pl_free(h);
    h = head_with(100, 1);
    PL_CHECK_INT(parse(&p, NULL, h, strlen(h)), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 431);
    pl_free(h);

    /* Bytes: the section (after the request line) may use exactly 16 KiB. */
    const size_t line = strlen("GET / HTTP/1.1\r\n");
    h = head_with(1, 0);
    size_t base = strlen(h) - line; /* section without value bytes */
    pl_free(h);
    h = head_with(1, PL_HTTP_DEFAULT_MAX_HEADER_BYTES - base);
    PL_CHECK_INT(strlen(h) - line, ==, PL_HTTP_DEFAULT_MAX_HEADER_BYTES);
    PL_CHECK_INT(parse(&p, NULL, h, strlen(h)), ==, strlen(h));
    pl_free(h);
    h = head_with(1, PL_HTTP_DEFAULT_MAX_HEADER_BYTES - base + 1);
    PL_CHECK_INT(parse(&p, NULL, h, strlen(h)), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 431);
    /* Too large is known before the end of the head arrives. */
    PL_CHECK_INT(parse(&p, NULL, h, PL_HTTP_DEFAULT_MAX_HEADER_BYTES + line + 1), ==, PL_ERR_TOO_LARGE);
    pl_free(h);

    /* Configured limits, each reported distinctly. */
    pl_http_limits_t lim = {.max_headers = 3, .max_header_bytes = 64};
    static const err_case_t cases[] = {
        E("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", 0),
        E("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431),
        /* Trailers share the count limit. */
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 0),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431),
    };
    check_errors(cases, sizeof(cases) / sizeof(cases[0]), &lim);
    /* Section "Host: a\r\nA: <k>\r\n\r\n" is 16 + k bytes; trailers "A: <k>\r\n\r\n" 7 + k. */
    static const char head_pre[] = "GET / HTTP/1.1\r\nHost: a\r\nA: ";
    static const char trailer_pre[] = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: ";
    for (size_t k = 46; k <= 60; k++) {
        pl_buf_t b = PL_BUF_INIT(0);
        pl_buf_append_str(&b, head_pre);
        for (size_t i = 0; i < k; i++)
            pl_buf_append(&b, "v", 1);
        pl_buf_append_str(&b, "\r\n\r\n");
        PL_CHECK_INT(status_of(&lim, b.data, b.len), ==, 16 + k <= 64 ? 0 : 431);
        pl_buf_reset(&b);
        pl_buf_append_str(&b, trailer_pre);
        for (size_t i = 0; i < k; i++)
            pl_buf_append(&b, "v", 1);
        pl_buf_append_str(&b, "\r\n\r\n");
        PL_CHECK_INT(status_of(&lim, b.data, b.len), ==, 7 + k <= 64 ? 0 : 431);
        pl_buf_free(&b);
    }

    /* max_headers is clamped to the table size. */
    lim.max_headers = 100000;
    pl_http_parser_init(&p, &lim);
    PL_CHECK_INT(p.limits.max_headers, ==, PL_HTTP_MAX_HEADERS);
}

PL_TEST(long_request_line_is_414)
{
    pl_buf_t b = PL_BUF_INIT(0);
    pl_buf_append_str(&b, "GET /");
    while (b.len < PL_HTTP_DEFAULT_MAX_REQUEST_LINE - strlen(" HTTP/1.1\r\n"))
        pl_buf_append(&b, "a", 1);
    pl_buf_append_str(&b, " HTTP/1.1\r\nHost: a\r\n\r\n");
    pl_http_parser_t p;
    PL_CHECK_INT(parse(&p, NULL, b.data, b.len), ==, b.len);
    pl_buf_reset(&b);
    pl_buf_append_str(&b, "GET /");
    while (b.len < PL_HTTP_DEFAULT_MAX_REQUEST_LINE - strlen(" HTTP/1.1\r\n") + 1)
        pl_buf_append(&b, "a", 1);
    pl_buf_append_str(&b, " HTTP/1.1\r\nHost: a\r\n\r\n");
    PL_CHECK_INT(parse(&p, NULL, b.data, b.len), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 414);
    pl_buf_free(&b);
}

PL_TEST(body_limits_are_413)
{
    static const err_case_t cases[] = {
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", 413),
        E("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999\r\n\r\n", 413),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", 413),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n", 413),
    };
    check_errors(cases, sizeof(cases) / sizeof(cases[0]), NULL);

    /* 413 from Content-Length comes with the head, before any body byte. */
    pl_http_parser_t p;
    static const char r[] = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(r)), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_parser_status(&p), ==, 413);
    static const char ok[] = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n";
    PL_CHECK_INT(parse(&p, NULL, S(ok)), ==, sizeof(ok) - 1);

    /* Chunks: the sum counts, detected at the chunk-size line that passes it. */
    pl_http_limits_t lim = {.max_body = 10};
    static const err_case_t chunked[] = {
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n5\r\n12345\r\n0\r\n\r\n", 0),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n123456\r\n5\r\n", 413),
    };
    check_errors(chunked, 2, &lim);
    char *t = transcript(&lim, chunked[1].req, strlen(chunked[1].req));
    PL_CHECK_CONTAINS(t, "error 413 -6\n");
    pl_free(t);
}

PL_TEST(chunk_line_limit_is_400)
{
    pl_http_limits_t lim = {.max_chunk_line = 16};
    static const err_case_t cases[] = {
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;abcdefghijkl\r\na\r\n0\r\n\r\n", 0),
        E("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;abcdefghijklm\r\na\r\n0\r\n\r\n", 400),
    };
    check_errors(cases, 2, &lim);
}

PL_TEST(finish_reports_truncation)
{
    pl_http_parser_t p;
    pl_http_parser_init(&p, NULL);
    PL_CHECK_INT(pl_http_parser_finish(&p), ==, 0);
    PL_CHECK(!pl_http_parser_is_finished(&p));
    PL_CHECK_INT(pl_http_parser_execute(&p, "GET / HT", 8), ==, PL_ERR_INCOMPLETE);
    PL_CHECK_INT(pl_http_parser_finish(&p), ==, PL_ERR_INCOMPLETE);
    /* The buffer may not shrink. */
    PL_CHECK_INT(pl_http_parser_execute(&p, "GET", 3), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK(pl_http_parser_has_error(&p));

    static const char chunked[] = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab";
    char *t = transcript(NULL, S(chunked));
    PL_CHECK_CONTAINS(t, "eof -9\n");
    pl_free(t);
}

PL_TEST(reset_reuses_the_parser)
{
    pl_http_limits_t lim = {.max_headers = 5};
    pl_http_parser_t p;
    static const char a[] = "GET /a HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n";
    static const char b[] = "HEAD /b HTTP/1.0\r\n\r\n";
    PL_CHECK_INT(parse(&p, &lim, S(a)), ==, sizeof(a) - 1);
    pl_http_parser_reset(&p);
    PL_CHECK_INT(p.limits.max_headers, ==, 5);
    PL_CHECK_INT(pl_http_parser_execute(&p, S(b)), ==, sizeof(b) - 1);
    PL_CHECK_INT(p.req.method, ==, PL_HTTP_HEAD);
    PL_CHECK_INT(p.req.nheaders, ==, 0);
    PL_CHECK_INT(p.req.host.len, ==, 0);
    PL_CHECK(!p.req.keep_alive);
}

PL_TEST(token_lists)
{
    PL_CHECK(pl_http_header_has_token(S("keep-alive, Upgrade"), "upgrade"));
    PL_CHECK(pl_http_header_has_token(S("keep-alive, Upgrade"), "KEEP-ALIVE"));
    PL_CHECK(pl_http_header_has_token(S(" \tUpgrade\t ,"), "upgrade"));
    PL_CHECK(pl_http_header_has_token(S(",,close"), "close"));
    PL_CHECK(!pl_http_header_has_token(S("upgrades"), "upgrade"));
    PL_CHECK(!pl_http_header_has_token(S("up grade"), "upgrade"));
    PL_CHECK(!pl_http_header_has_token(S(""), "upgrade"));
    PL_CHECK(!pl_http_header_has_token(S("keep-alive"), "alive"));
    PL_CHECK(pl_http_header_has_token(S("websocket"), "WebSocket"));
}

PL_TEST(percent_decoding)
{
    char out[16];
    size_t n;
    PL_CHECK_INT(pl_http_pct_decode(S("a%20b%2Fc%e2%82%ac"), out, sizeof out, &n, 0), ==, 0);
    PL_CHECK_STR(out, "a b/c\xe2\x82\xac");
    PL_CHECK_INT(n, ==, 8);
    PL_CHECK_INT(pl_http_pct_decode(S("a+b"), out, sizeof out, &n, 0), ==, 0);
    PL_CHECK_STR(out, "a+b");
    PL_CHECK_INT(pl_http_pct_decode(S("a+b"), out, sizeof out, &n, PL_HTTP_DECODE_PLUS), ==, 0);
    PL_CHECK_STR(out, "a b");
    PL_CHECK_INT(pl_http_pct_decode(S("a%2fb"), out, sizeof out, &n, PL_HTTP_DECODE_NO_SLASH), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_pct_decode(S("a%00"), out, sizeof out, &n, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_pct_decode(S("a%0"), out, sizeof out, &n, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_pct_decode(S("a%"), out, sizeof out, &n, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_pct_decode(S("a%g0"), out, sizeof out, &n, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_pct_decode("a\0b", 3, out, sizeof out, &n, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_pct_decode(S("0123456789abcdef"), out, sizeof out, &n, 0), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_pct_decode(S("0123456789abcde"), out, sizeof out, &n, 0), ==, 0);
    PL_CHECK_INT(pl_http_pct_decode(S(""), out, sizeof out, &n, 0), ==, 0);
    PL_CHECK_INT(n, ==, 0);
    PL_CHECK_STR(out, "");
}

PL_TEST(query_lookup)
{
    static const char q[] = "last_seq=12&x=y&&flag&name=J%C3%B6rg+M&last%5Fseq=99&enc%3D=1&bad=%zz";
    char out[8];
    size_t n;
    PL_CHECK_INT(pl_http_query_get(S(q), "last_seq", out, sizeof out, &n), ==, 0);
    PL_CHECK_STR(out, "12");
    PL_CHECK_INT(pl_http_query_get(S(q), "x", out, sizeof out, &n), ==, 0);
    PL_CHECK_STR(out, "y");
    PL_CHECK_INT(pl_http_query_get(S(q), "flag", out, sizeof out, &n), ==, 0);
    PL_CHECK_STR(out, "");
    PL_CHECK_INT(n, ==, 0);
    PL_CHECK_INT(pl_http_query_get(S(q), "name", out, sizeof out, &n), ==, 0);
    PL_CHECK_STR(out, "J\xc3\xb6rg M");
    PL_CHECK_INT(pl_http_query_get(S(q), "enc=", out, sizeof out, &n), ==, 0);
    PL_CHECK_STR(out, "1");
    PL_CHECK_INT(pl_http_query_get(S(q), "missing", out, sizeof out, &n), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_http_query_get(S(q), "las", out, sizeof out, &n), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_http_query_get(S(q), "bad", out, sizeof out, &n), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_query_get(S("k=123456789"), "k", out, sizeof out, &n), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_query_get(S(""), "k", out, sizeof out, &n), ==, PL_ERR_NOT_FOUND);
}

PL_TEST(names_and_reasons)
{
    PL_CHECK_STR(pl_http_reason(200), "OK");
    PL_CHECK_STR(pl_http_reason(404), "Not Found");
    PL_CHECK_STR(pl_http_reason(413), "Content Too Large");
    PL_CHECK_STR(pl_http_reason(431), "Request Header Fields Too Large");
    PL_CHECK_STR(pl_http_reason(505), "HTTP Version Not Supported");
    PL_CHECK_STR(pl_http_reason(299), "Unknown");
    PL_CHECK_STR(pl_http_method_name(PL_HTTP_PATCH), "PATCH");
    PL_CHECK_STR(pl_http_method_name((pl_http_method_t)99), "OTHER");
    PL_CHECK_INT(pl_http_method_from(S("OPTIONS")), ==, PL_HTTP_OPTIONS);
    PL_CHECK_INT(pl_http_method_from(S("GETS")), ==, PL_HTTP_OTHER);
    PL_CHECK_INT(pl_http_method_from(S("get")), ==, PL_HTTP_OTHER);
}

PL_TEST_MAIN(PL_TEST_ENTRY(get_with_query), PL_TEST_ENTRY(repeated_headers_are_iterable),
             PL_TEST_ENTRY(post_with_content_length), PL_TEST_ENTRY(body_before_head_is_refused),
             PL_TEST_ENTRY(chunked_with_extensions_and_trailers), PL_TEST_ENTRY(pipelined_requests),
             PL_TEST_ENTRY(keep_alive_rules), PL_TEST_ENTRY(websocket_upgrade_head),
             PL_TEST_ENTRY(target_forms), PL_TEST_ENTRY(every_split_point),
             PL_TEST_ENTRY(bad_syntax_is_400), PL_TEST_ENTRY(accepted_edge_cases),
             PL_TEST_ENTRY(unknown_method_and_coding_are_501),
             PL_TEST_ENTRY(unsupported_version_is_505), PL_TEST_ENTRY(header_limits_are_431),
             PL_TEST_ENTRY(long_request_line_is_414), PL_TEST_ENTRY(body_limits_are_413),
             PL_TEST_ENTRY(chunk_line_limit_is_400), PL_TEST_ENTRY(finish_reports_truncation),
             PL_TEST_ENTRY(reset_reuses_the_parser), PL_TEST_ENTRY(token_lists),
             PL_TEST_ENTRY(percent_decoding), PL_TEST_ENTRY(query_lookup),
             PL_TEST_ENTRY(names_and_reasons))
