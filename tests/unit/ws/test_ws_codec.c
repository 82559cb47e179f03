/*
 * Unit tests of the WebSocket frame codec (pl_ws_t): RFC 6455 examples,
 * every strictness rule with its close code, fragmentation with interleaved
 * control frames, every split point of a stream, limits checked before
 * allocation, permessage-deflate (RFC 7692 examples, round trips with and
 * without context takeover, zip bombs, no zlib state while idle) and the
 * writer's exact bytes.
 */
#include "ws_test_util.h"

#include "ws/ws_int.h"

/* ---- running a codec over bytes --------------------------------------- */

typedef struct res {
    int rv;
    unsigned code;
} res_t;

static void client_mask(uint8_t mask[4], void *ud)
{
    (void)ud;
    memcpy(mask, test_mask, 4);
}

/* A counter-based mask source, so consecutive frames get different masks. */
static void counting_mask(uint8_t mask[4], void *ud)
{
    uint32_t *n = ud;
    uint32_t v = ++*n * 2654435761u;
    memcpy(mask, &v, 4);
}

static pl_ws_config_t server_cfg(void)
{
    pl_ws_config_t c;
    pl_ws_config_init(&c, PL_WS_ROLE_SERVER);
    return c;
}

static pl_ws_config_t client_cfg(void)
{
    pl_ws_config_t c;
    pl_ws_config_init(&c, PL_WS_ROLE_CLIENT);
    c.mask_fn = client_mask;
    return c;
}

/* Feeds in (a copy: the codec unmasks in place) in pieces of chunk bytes
 * (0: all at once), stopping at the first error. */
static res_t feed_copy(pl_ws_t *ws, const void *in, size_t n, size_t chunk)
{
    res_t r = {0, 0};
    uint8_t *copy = malloc(n ? n : 1);
    memcpy(copy, in, n);
    size_t step = chunk ? chunk : (n ? n : 1);
    for (size_t off = 0; off < n && r.rv == 0; off += step)
        r.rv = pl_ws_feed(ws, copy + off, n - off < step ? n - off : step);
    if (n == 0)
        r.rv = pl_ws_feed(ws, copy, 0);
    r.code = pl_ws_error_code(ws);
    free(copy);
    return r;
}

static res_t run(const pl_ws_config_t *cfg, const pl_ws_deflate_params_t *d, const pl_buf_t *in,
                 size_t chunk, rec_t *r)
{
    pl_ws_t *ws = NULL;
    res_t res = {PL_ERR_INTERNAL, 0};
    if (pl_ws_new(&ws, cfg, d, &rec_callbacks, r) != 0)
        return res;
    res = feed_copy(ws, in->data, in->len, chunk);
    pl_ws_free(ws);
    return res;
}

/* Runs a server codec (deflate: NULL or negotiated) and checks rv, close
 * code and event log. */
static void expect_server(const pl_buf_t *in, const pl_ws_deflate_params_t *d, int rv, unsigned code,
                          const char *log, int line)
{
    pl_ws_config_t cfg = server_cfg();
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    res_t res = run(&cfg, d, in, 0, &r);
    if (res.rv != rv || res.code != code || strcmp(rec_log(&r), log) != 0)
        fprintf(stderr, "  case at line %d: rv %d code %u log %s\n", line, res.rv, res.code,
                rec_log(&r));
    PL_CHECK_INT(res.rv, ==, rv);
    PL_CHECK_INT(res.code, ==, code);
    PL_CHECK_STR(rec_log(&r), log);
    pl_buf_free(&r.log);
}

#define EXPECT(in, d, rv, code, log) expect_server((in), (d), (rv), (code), (log), __LINE__)

static const pl_ws_deflate_params_t deflate_no_ctx = {1, 1, 1, 15, 15};
static const pl_ws_deflate_params_t deflate_ctx = {1, 0, 0, 15, 15};

/* ---- RFC 6455 5.7 examples -------------------------------------------- */

PL_TEST(rfc6455_examples_parse)
{
    static const uint8_t masked_hello[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d,
                                           0x7f, 0x9f, 0x4d, 0x51, 0x58};
    static const uint8_t unmasked_hello[] = {0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
    static const uint8_t fragmented[] = {0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f};
    static const uint8_t ping[] = {0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
    static const uint8_t pong_masked[] = {0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d,
                                          0x7f, 0x9f, 0x4d, 0x51, 0x58};
    pl_ws_config_t scfg = server_cfg(), ccfg = client_cfg();
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    pl_buf_t in = PL_BUF_INIT(0);

    pl_buf_append(&in, masked_hello, sizeof(masked_hello));
    pl_buf_append(&in, pong_masked, sizeof(pong_masked));
    res_t res = run(&scfg, NULL, &in, 0, &r);
    PL_CHECK_INT(res.rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "text[Hello]pong[Hello]");

    pl_buf_reset(&in);
    pl_buf_reset(&r.log);
    pl_buf_append(&in, unmasked_hello, sizeof(unmasked_hello));
    pl_buf_append(&in, fragmented, sizeof(fragmented));
    pl_buf_append(&in, ping, sizeof(ping));
    res = run(&ccfg, NULL, &in, 0, &r);
    PL_CHECK_INT(res.rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "text[Hello]text[Hello]ping[Hello]");

    /* 256 bytes and 64 KiB binary messages with 16- and 64-bit lengths */
    pl_buf_reset(&in);
    pl_buf_reset(&r.log);
    static uint8_t big[65536];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 7);
    static const uint8_t h256[] = {0x82, 0x7e, 0x01, 0x00};
    static const uint8_t h64k[] = {0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00};
    pl_buf_append(&in, h256, sizeof(h256));
    pl_buf_append(&in, big, 256);
    pl_buf_append(&in, h64k, sizeof(h64k));
    pl_buf_append(&in, big, sizeof(big));
    res = run(&ccfg, NULL, &in, 1000, &r);
    PL_CHECK_INT(res.rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "binary[256 bytes]binary[65536 bytes]");
    pl_buf_free(&in);
    pl_buf_free(&r.log);
}

/* ---- strictness --------------------------------------------------------- */

PL_TEST(frame_rules_close_codes)
{
    pl_buf_t in = PL_BUF_INIT(0);
    const int P = PL_ERR_PROTOCOL;

    /* unmasked client frame */
    frame_ex(&in, FIN | PL_WS_OP_TEXT, 0, 0, "Hello", 5);
    EXPECT(&in, NULL, P, 1002, "");
    /* RSV1 without permessage-deflate, RSV2, RSV3 */
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV1 | PL_WS_OP_TEXT, "Hello", 5);
    EXPECT(&in, NULL, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV2 | PL_WS_OP_TEXT, "Hello", 5);
    EXPECT(&in, &deflate_no_ctx, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV3 | PL_WS_OP_BINARY, "Hello", 5);
    EXPECT(&in, &deflate_no_ctx, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV2 | PL_WS_OP_PING, "", 0);
    EXPECT(&in, NULL, P, 1002, "");
    /* reserved opcodes */
    for (unsigned op = 3; op < 16; op++) {
        if (op >= 8 && op <= 10)
            continue;
        pl_buf_reset(&in);
        cframe(&in, (uint8_t)(FIN | op), "x", 1);
        EXPECT(&in, NULL, P, 1002, "");
    }
    /* control frames: > 125 bytes, fragmented, RSV1 even with deflate */
    char big[126];
    memset(big, 'a', sizeof(big));
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_PING, big, 126);
    EXPECT(&in, NULL, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CLOSE, big, 126);
    EXPECT(&in, NULL, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, PL_WS_OP_PING, "x", 1);
    EXPECT(&in, NULL, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV1 | PL_WS_OP_PING, "x", 1);
    EXPECT(&in, &deflate_no_ctx, P, 1002, "");
    /* continuation without a message */
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CONT, "x", 1);
    EXPECT(&in, NULL, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_TEXT, "a", 1);
    cframe(&in, FIN | PL_WS_OP_CONT, "b", 1);
    EXPECT(&in, NULL, P, 1002, "text[a]");
    /* a new data frame while a fragmented message is open */
    pl_buf_reset(&in);
    cframe(&in, PL_WS_OP_TEXT, "a", 1);
    cframe(&in, FIN | PL_WS_OP_TEXT, "b", 1);
    EXPECT(&in, NULL, P, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, PL_WS_OP_BINARY, "a", 1);
    cframe(&in, PL_WS_OP_BINARY, "b", 1);
    EXPECT(&in, NULL, P, 1002, "");
    /* RSV1 on a continuation frame */
    pl_buf_reset(&in);
    cframe(&in, RSV1 | PL_WS_OP_TEXT, "\xf2\x48", 2);
    cframe(&in, FIN | RSV1 | PL_WS_OP_CONT, "\xcd", 1);
    EXPECT(&in, &deflate_no_ctx, P, 1002, "");
    /* 64-bit length with the high bit set */
    static const uint8_t huge[] = {0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
    pl_buf_reset(&in);
    pl_buf_append(&in, huge, sizeof(huge));
    EXPECT(&in, NULL, P, 1002, "");
    /* invalid UTF-8 in text, truncated at the end */
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_TEXT, "ok\xed\xa0\x80", 5);
    EXPECT(&in, NULL, PL_ERR_UTF8, 1007, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_TEXT, "ok\xe2\x82", 4);
    EXPECT(&in, NULL, PL_ERR_UTF8, 1007, "");
    pl_buf_reset(&in);
    cframe(&in, PL_WS_OP_TEXT, "ok", 2);
    cframe(&in, FIN | PL_WS_OP_CONT, "\xe2\x82", 2);
    EXPECT(&in, NULL, PL_ERR_UTF8, 1007, "");
    /* binary is not checked */
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_BINARY, "\xff\xfe", 2);
    EXPECT(&in, NULL, 0, 0, "binary[\\xff\\xfe]");
    pl_buf_free(&in);
}

PL_TEST(client_role_rejects_masked_frames)
{
    pl_ws_config_t cfg = client_cfg();
    pl_buf_t in = PL_BUF_INIT(0);
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    cframe(&in, FIN | PL_WS_OP_TEXT, "Hello", 5);
    res_t res = run(&cfg, NULL, &in, 0, &r);
    PL_CHECK_INT(res.rv, ==, PL_ERR_PROTOCOL);
    PL_CHECK_INT(res.code, ==, 1002);
    pl_buf_free(&in);
    pl_buf_free(&r.log);
}

PL_TEST(errors_fail_fast_on_the_header)
{
    /* header-level errors need no payload bytes to be reported */
    static const uint8_t cases[][2] = {
        {FIN | PL_WS_OP_TEXT, 0x05},        /* unmasked */
        {FIN | RSV1 | PL_WS_OP_TEXT, 0x85}, /* RSV1 */
        {FIN | 0x3, 0x81},                  /* reserved opcode */
        {PL_WS_OP_PING, 0x81},              /* fragmented control */
        {FIN | PL_WS_OP_CONT, 0x81},        /* no message */
    };
    pl_ws_config_t cfg = server_cfg();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pl_ws_t *ws;
        PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, 0);
        uint8_t b[2] = {cases[i][0], cases[i][1]};
        PL_CHECK_INT(pl_ws_feed(ws, b, 1), ==, 0);
        PL_CHECK_INT(pl_ws_feed(ws, b + 1, 1), ==, PL_ERR_PROTOCOL);
        PL_CHECK_INT(pl_ws_error_code(ws), ==, 1002);
        PL_CHECK(strlen(pl_ws_error_reason(ws)) > 0);
        pl_ws_free(ws);
    }
}

PL_TEST(non_minimal_lengths_accepted)
{
    pl_buf_t in = PL_BUF_INIT(0);
    frame_ex(&in, FIN | PL_WS_OP_TEXT, 1, 16, "Hello", 5);
    frame_ex(&in, FIN | PL_WS_OP_TEXT, 1, 64, "World", 5);
    frame_ex(&in, FIN | PL_WS_OP_PING, 1, 16, "p", 1);
    frame_ex(&in, FIN | PL_WS_OP_PONG, 1, 64, "q", 1);
    EXPECT(&in, NULL, 0, 0, "text[Hello]text[World]ping[p]pong[q]");
    pl_buf_free(&in);
}

PL_TEST(close_frames)
{
    pl_buf_t in = PL_BUF_INIT(0);
    cframe(&in, FIN | PL_WS_OP_CLOSE, "", 0);
    EXPECT(&in, NULL, 0, 0, "close[1005,]");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CLOSE, "\x03\xe8" "bye", 5);
    EXPECT(&in, NULL, 0, 0, "close[1000,bye]");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CLOSE, "\x03", 1);
    EXPECT(&in, NULL, PL_ERR_PROTOCOL, 1002, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CLOSE, "\x03\xe8\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80", 16);
    EXPECT(&in, NULL, PL_ERR_UTF8, 1007, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CLOSE, "\x03\xe8\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", 13);
    EXPECT(&in, NULL, 0, 0, "close[1000,\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5]");

    /* every code from 0 to 5099 */
    int delivered = 0;
    for (unsigned code = 0; code < 5100; code++) {
        uint8_t p[2] = {(uint8_t)(code >> 8), (uint8_t)code};
        pl_buf_reset(&in);
        cframe(&in, FIN | PL_WS_OP_CLOSE, p, 2);
        int valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                    (code >= 3000 && code <= 4999);
        pl_ws_config_t cfg = server_cfg();
        rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
        res_t res = run(&cfg, NULL, &in, 0, &r);
        if (valid) {
            char want[32];
            snprintf(want, sizeof(want), "close[%u,]", code);
            PL_CHECK_INT(res.rv, ==, 0);
            PL_CHECK_STR(rec_log(&r), want);
            delivered++;
        } else {
            PL_CHECK_INT(res.rv, ==, PL_ERR_PROTOCOL);
            PL_CHECK_INT(res.code, ==, 1002);
        }
        pl_buf_free(&r.log);
    }
    PL_CHECK_INT(delivered, ==, 4 + 8 + 2000);

    /* after a close, input is ignored */
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_CLOSE, "\x03\xe9", 2);
    cframe(&in, FIN | PL_WS_OP_TEXT, "late", 4);
    frame_ex(&in, FIN | PL_WS_OP_TEXT, 0, 0, "garbage", 7);
    EXPECT(&in, NULL, 0, 0, "close[1001,]");
    pl_ws_config_t cfg = server_cfg();
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    pl_ws_t *ws;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, &rec_callbacks, &r), ==, 0);
    PL_CHECK_INT(pl_ws_close_received(ws), ==, 0);
    res_t res = feed_copy(ws, in.data, in.len, 3);
    PL_CHECK_INT(res.rv, ==, 0);
    PL_CHECK_INT(pl_ws_close_received(ws), ==, 1);
    res = feed_copy(ws, "\x81\x85zzzz", 6, 0);
    PL_CHECK_INT(res.rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "close[1001,]");
    pl_ws_free(ws);
    pl_buf_free(&r.log);
    pl_buf_free(&in);
}

/* ---- fragmentation and splits ------------------------------------------ */

PL_TEST(fragmented_message_with_interleaved_control_frames)
{
    pl_buf_t in = PL_BUF_INIT(0);
    cframe(&in, PL_WS_OP_TEXT, "Hel", 3);
    cframe(&in, FIN | PL_WS_OP_PING, "p1", 2);
    cframe(&in, PL_WS_OP_CONT, "", 0);
    cframe(&in, FIN | PL_WS_OP_PONG, "", 0);
    cframe(&in, PL_WS_OP_CONT, "l\xe2\x82", 3); /* a code point split across frames */
    cframe(&in, FIN | PL_WS_OP_CONT, "\xac" "o", 2);
    cframe(&in, FIN | PL_WS_OP_BINARY, "b", 1);
    EXPECT(&in, NULL, 0, 0, "ping[p1]pong[]text[Hell\\xe2\\x82\\xaco]binary[b]");

    /* the ping is delivered before the message completes */
    pl_ws_config_t cfg = server_cfg();
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    pl_ws_t *ws;
    pl_buf_t part = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, &rec_callbacks, &r), ==, 0);
    cframe(&part, PL_WS_OP_BINARY, "abc", 3);
    cframe(&part, FIN | PL_WS_OP_PING, "mid", 3);
    PL_CHECK_INT(feed_copy(ws, part.data, part.len, 0).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "ping[mid]");
    PL_CHECK_INT(pl_ws_message_pending(ws), ==, 1);
    pl_buf_reset(&part);
    cframe(&part, FIN | PL_WS_OP_CONT, "def", 3);
    PL_CHECK_INT(feed_copy(ws, part.data, part.len, 0).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "ping[mid]binary[abcdef]");
    PL_CHECK_INT(pl_ws_message_pending(ws), ==, 0);
    pl_ws_free(ws);
    pl_buf_free(&part);
    pl_buf_free(&r.log);
    pl_buf_free(&in);
}

PL_TEST(utf8_fails_fast_across_fragments)
{
    pl_ws_config_t cfg = server_cfg();
    pl_ws_t *ws;
    pl_buf_t in = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, 0);
    cframe(&in, PL_WS_OP_TEXT, "ok", 2);
    PL_CHECK_INT(feed_copy(ws, in.data, in.len, 0).rv, ==, 0);
    pl_buf_reset(&in);
    /* F4 90 can never start a valid code point: fail before FIN arrives */
    cframe(&in, PL_WS_OP_CONT, "\xf4\x90", 2);
    res_t res = feed_copy(ws, in.data, in.len, 0);
    PL_CHECK_INT(res.rv, ==, PL_ERR_UTF8);
    PL_CHECK_INT(res.code, ==, 1007);
    pl_ws_free(ws);

    /* inside one frame, before the frame's end */
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, 0);
    pl_buf_reset(&in);
    char payload[100];
    memset(payload, 'a', sizeof(payload));
    payload[10] = (char)0xc0;
    cframe(&in, FIN | PL_WS_OP_TEXT, payload, sizeof(payload));
    PL_CHECK_INT(feed_copy(ws, in.data, 6 + 11, 0).rv, ==, PL_ERR_UTF8);
    pl_ws_free(ws);
    pl_buf_free(&in);
}

static void build_mixed_stream(pl_buf_t *in)
{
    static char bin[300];
    for (size_t i = 0; i < sizeof(bin); i++)
        bin[i] = (char)i;
    cframe(in, PL_WS_OP_TEXT, "frag\xc3", 5);
    cframe(in, FIN | PL_WS_OP_PING, "ping!", 5);
    cframe(in, PL_WS_OP_CONT, "\xa9-", 2);
    cframe(in, FIN | PL_WS_OP_CONT, "end", 3);
    cframe(in, FIN | PL_WS_OP_BINARY, bin, sizeof(bin));
    cframe(in, FIN | PL_WS_OP_TEXT, "", 0);
    frame_ex(in, FIN | PL_WS_OP_PONG, 1, 16, "pong", 4);
    cframe(in, FIN | PL_WS_OP_TEXT, "tail", 4);
    cframe(in, FIN | PL_WS_OP_CLOSE, "\x03\xe8" "bye", 5);
}

static void check_every_split(const pl_buf_t *in, const pl_ws_deflate_params_t *d, const char *want)
{
    pl_ws_config_t cfg = server_cfg();
    int mismatches = 0;
    for (size_t cut = 0; cut <= in->len; cut++) {
        rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
        pl_ws_t *ws;
        PL_CHECK_INT(pl_ws_new(&ws, &cfg, d, &rec_callbacks, &r), ==, 0);
        res_t a = feed_copy(ws, in->data, cut, 0);
        res_t b = feed_copy(ws, in->data + cut, in->len - cut, 0);
        if (a.rv != 0 || b.rv != 0 || strcmp(rec_log(&r), want) != 0) {
            if (mismatches++ == 0)
                fprintf(stderr, "  split at %zu: %s\n", cut, rec_log(&r));
        }
        pl_ws_free(ws);
        pl_buf_free(&r.log);
    }
    PL_CHECK_INT(mismatches, ==, 0);
    /* and one byte at a time */
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    PL_CHECK_INT(run(&cfg, d, in, 1, &r).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), want);
    pl_buf_free(&r.log);
}

PL_TEST(every_split_point)
{
    pl_buf_t in = PL_BUF_INIT(0);
    build_mixed_stream(&in);
    const char *want = "ping[ping!]text[frag\\xc3\\xa9-end]binary[300 bytes]text[]pong[pong]"
                       "text[tail]close[1000,bye]";
    EXPECT(&in, NULL, 0, 0, want);
    check_every_split(&in, NULL, want);
    /* the same stream is valid with deflate negotiated (no RSV1 used) */
    check_every_split(&in, &deflate_no_ctx, want);
    pl_buf_free(&in);
}

PL_TEST(every_split_point_compressed)
{
    /* compressed messages written by a client codec, fragmented by hand */
    uint32_t n = 0;
    pl_ws_config_t ccfg = client_cfg();
    ccfg.mask_fn = counting_mask;
    ccfg.mask_ud = &n;
    ccfg.deflate_min_size = 0;
    pl_ws_t *cli;
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    pl_buf_t in = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_write_message(cli, &in, PL_WS_OP_TEXT, "Hello Hello Hello \xe2\x82\xac", 21), ==, 0);
    PL_CHECK_INT(pl_ws_write_ping(cli, &in, "x", 1), ==, 0);
    PL_CHECK_INT(pl_ws_write_message(cli, &in, PL_WS_OP_BINARY, "", 0), ==, 0);
    /* RFC 7692's "Hello" split in two frames, masked */
    cframe(&in, RSV1 | PL_WS_OP_TEXT, "\xf2\x48\xcd", 3);
    cframe(&in, FIN | PL_WS_OP_PING, "", 0);
    cframe(&in, FIN | PL_WS_OP_CONT, "\xc9\xc9\x07\x00", 4);
    PL_CHECK_INT(pl_ws_write_close(cli, &in, 1000, NULL, 0), ==, 0);
    const char *want = "text[Hello Hello Hello \\xe2\\x82\\xac]ping[x]binary[]ping[]text[Hello]close[1000,]";
    EXPECT(&in, &deflate_no_ctx, 0, 0, want);
    check_every_split(&in, &deflate_no_ctx, want);
    pl_ws_free(cli);
    pl_buf_free(&in);
}

/* ---- limits ------------------------------------------------------------ */

PL_TEST(huge_length_rejected_before_allocating)
{
    /* a header announcing 2^40 bytes, and nothing else */
    uint8_t hdr[] = {0x82, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4};
    pl_ws_config_t cfg = server_cfg();
    counting_start();
    pl_ws_t *ws;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    long before = alloc_stats.total_allocs;
    PL_CHECK_INT(pl_ws_feed(ws, hdr, sizeof(hdr)), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(alloc_stats.total_allocs, ==, before);
    PL_CHECK_INT(pl_ws_error_code(ws), ==, 1009);
    pl_ws_free(ws);
    PL_CHECK_INT(alloc_stats.live_blocks, ==, 0);
    counting_stop();
}

PL_TEST(message_size_counts_all_fragments)
{
    pl_ws_config_t cfg = server_cfg();
    cfg.max_message_size = 100;
    char data[101];
    memset(data, 'x', sizeof(data));
    pl_buf_t in = PL_BUF_INIT(0);
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};

    /* exactly the limit passes, in one frame or several */
    cframe(&in, FIN | PL_WS_OP_BINARY, data, 100);
    cframe(&in, PL_WS_OP_BINARY, data, 60);
    cframe(&in, FIN | PL_WS_OP_CONT, data, 40);
    PL_CHECK_INT(run(&cfg, NULL, &in, 0, &r).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "binary[100 bytes]binary[100 bytes]");

    /* one byte more fails at the header of the frame that crosses */
    pl_buf_reset(&in);
    cframe(&in, PL_WS_OP_TEXT, data, 60);
    cframe(&in, FIN | PL_WS_OP_CONT, data, 41);
    pl_ws_t *ws;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, 0);
    PL_CHECK_INT(feed_copy(ws, in.data, 66 + 60 + 6, 0).rv, ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_ws_error_code(ws), ==, 1009);
    pl_ws_free(ws);

    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_BINARY, data, 101);
    rec_t r2 = {PL_BUF_INIT(0), 0, 0, 0};
    res_t res = run(&cfg, NULL, &in, 0, &r2);
    PL_CHECK_INT(res.rv, ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(res.code, ==, 1009);
    pl_buf_free(&r2.log);
    pl_buf_free(&r.log);
    pl_buf_free(&in);
}

PL_TEST(frames_per_message_limit)
{
    pl_ws_config_t cfg = server_cfg();
    cfg.max_frames_per_message = 3;
    pl_buf_t in = PL_BUF_INIT(0);
    cframe(&in, PL_WS_OP_TEXT, "a", 1);
    cframe(&in, PL_WS_OP_CONT, "b", 1);
    cframe(&in, FIN | PL_WS_OP_CONT, "c", 1);
    cframe(&in, PL_WS_OP_TEXT, "a", 1);
    cframe(&in, FIN | PL_WS_OP_PING, "", 0); /* control frames do not count */
    cframe(&in, PL_WS_OP_CONT, "", 0);
    cframe(&in, PL_WS_OP_CONT, "", 0);
    cframe(&in, FIN | PL_WS_OP_CONT, "", 0);
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    res_t res = run(&cfg, NULL, &in, 0, &r);
    PL_CHECK_INT(res.rv, ==, PL_ERR_LIMIT);
    PL_CHECK_INT(res.code, ==, 1008);
    PL_CHECK_STR(rec_log(&r), "text[abc]ping[]");
    pl_buf_free(&r.log);
    pl_buf_free(&in);
}

PL_TEST(errors_are_sticky_and_callbacks_can_stop)
{
    pl_ws_config_t cfg = server_cfg();
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    pl_ws_t *ws;
    pl_buf_t in = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, &rec_callbacks, &r), ==, 0);
    PL_CHECK_INT(pl_ws_error_code(ws), ==, 0);
    PL_CHECK_STR(pl_ws_error_reason(ws), "");
    cframe(&in, FIN | 0x3, "", 0);
    PL_CHECK_INT(feed_copy(ws, in.data, in.len, 0).rv, ==, PL_ERR_PROTOCOL);
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_TEXT, "fine", 4);
    PL_CHECK_INT(feed_copy(ws, in.data, in.len, 0).rv, ==, PL_ERR_PROTOCOL);
    PL_CHECK_INT(pl_ws_error_code(ws), ==, 1002);
    PL_CHECK_STR(pl_ws_error_reason(ws), "reserved opcode");
    PL_CHECK_STR(rec_log(&r), "");
    pl_ws_free(ws);

    /* a callback returning non-zero stops the feed: later events are not delivered */
    r.stop_after = 2;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, &rec_callbacks, &r), ==, 0);
    pl_buf_reset(&in);
    cframe(&in, FIN | PL_WS_OP_TEXT, "one", 3);
    cframe(&in, PL_WS_OP_TEXT, "t", 1);
    cframe(&in, FIN | PL_WS_OP_CONT, "wo", 2);
    cframe(&in, FIN | PL_WS_OP_TEXT, "three", 5);
    res_t res = feed_copy(ws, in.data, in.len, 0);
    PL_CHECK_INT(res.rv, ==, PL_ERR_CALLBACK_FAILURE);
    PL_CHECK_INT(res.code, ==, 1011);
    PL_CHECK_STR(rec_log(&r), "text[one]text[two]");
    pl_ws_free(ws);
    pl_buf_free(&r.log);
    pl_buf_free(&in);
}

PL_TEST(allocation_failures_are_errors)
{
    /* a fragmented plain message and a compressed one: fail each
     * allocation in turn; no crash, no leak, close code 1011 */
    uint32_t n = 0;
    pl_ws_config_t ccfg = client_cfg();
    ccfg.mask_fn = counting_mask;
    ccfg.mask_ud = &n;
    ccfg.deflate_min_size = 0;
    pl_ws_t *cli;
    pl_buf_t in = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    char text[3000];
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + i % 26);
    PL_CHECK_INT(pl_ws_write_message(cli, &in, PL_WS_OP_TEXT, text, sizeof(text)), ==, 0);
    cframe(&in, PL_WS_OP_BINARY, text, 1000);
    cframe(&in, FIN | PL_WS_OP_CONT, text, 1000);
    pl_ws_free(cli);

    pl_ws_config_t cfg = server_cfg();
    int nomem_seen = 0;
    for (long k = 1; k < 40; k++) {
        counting_start();
        alloc_stats.fail_after = k;
        pl_ws_t *ws;
        int rv = pl_ws_new(&ws, &cfg, &deflate_no_ctx, NULL, NULL);
        if (rv == 0) {
            res_t res = feed_copy(ws, in.data, in.len, 700);
            if (res.rv == PL_ERR_NOMEM) {
                nomem_seen++;
                PL_CHECK_INT(res.code, ==, 1011);
            } else {
                PL_CHECK_INT(res.rv, ==, 0);
            }
            pl_ws_free(ws);
        } else {
            PL_CHECK_INT(rv, ==, PL_ERR_NOMEM);
        }
        PL_CHECK_INT(alloc_stats.live_blocks, ==, 0);
        counting_stop();
    }
    PL_CHECK(nomem_seen > 3);
    pl_buf_free(&in);
}

/* ---- permessage-deflate ------------------------------------------------ */

PL_TEST(rfc7692_examples)
{
    static const uint8_t hello[] = {0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00};
    static const uint8_t frag[] = {0x41, 0x03, 0xf2, 0x48, 0xcd, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00};
    static const uint8_t stored[] = {0xc1, 0x0b, 0x00, 0x05, 0x00, 0xfa, 0xff, 0x48,
                                     0x65, 0x6c, 0x6c, 0x6f, 0x00};
    static const uint8_t again[] = {0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00};
    static const uint8_t bfinal[] = {0xc1, 0x08, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00};
    static const uint8_t two_blocks[] = {0xc1, 0x0d, 0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff,
                                         0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00};
    static const uint8_t empty[] = {0xc1, 0x01, 0x00};
    pl_ws_config_t cfg = client_cfg();
    pl_buf_t in = PL_BUF_INIT(0);
    rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
    pl_buf_append(&in, hello, sizeof(hello));
    pl_buf_append(&in, frag, sizeof(frag));
    pl_buf_append(&in, stored, sizeof(stored));
    pl_buf_append(&in, bfinal, sizeof(bfinal));
    pl_buf_append(&in, two_blocks, sizeof(two_blocks));
    pl_buf_append(&in, empty, sizeof(empty));
    PL_CHECK_INT(run(&cfg, &deflate_no_ctx, &in, 0, &r).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "text[Hello]text[Hello]text[Hello]text[Hello]text[Hello]text[]");

    /* the second message refers back into the first: needs context takeover */
    pl_buf_reset(&in);
    pl_buf_reset(&r.log);
    pl_buf_append(&in, hello, sizeof(hello));
    pl_buf_append(&in, again, sizeof(again));
    PL_CHECK_INT(run(&cfg, &deflate_ctx, &in, 0, &r).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "text[Hello]text[Hello]");
    /* a message ending its deflate stream (BFINAL) leaves the inflater
     * ready for the next message, with context takeover too */
    pl_buf_reset(&in);
    pl_buf_reset(&r.log);
    pl_buf_append(&in, bfinal, sizeof(bfinal));
    pl_buf_append(&in, hello, sizeof(hello));
    pl_buf_append(&in, bfinal, sizeof(bfinal));
    PL_CHECK_INT(run(&cfg, &deflate_ctx, &in, 0, &r).rv, ==, 0);
    PL_CHECK_STR(rec_log(&r), "text[Hello]text[Hello]text[Hello]");
    /* without it the back reference is corrupt data: 1007 */
    pl_buf_reset(&in);
    pl_buf_reset(&r.log);
    pl_buf_append(&in, hello, sizeof(hello));
    pl_buf_append(&in, again, sizeof(again));
    res_t res = run(&cfg, &deflate_no_ctx, &in, 0, &r);
    PL_CHECK_INT(res.rv, ==, PL_ERR_PARSE);
    PL_CHECK_INT(res.code, ==, 1007);
    PL_CHECK_STR(rec_log(&r), "text[Hello]");
    pl_buf_free(&r.log);
    pl_buf_free(&in);
}

PL_TEST(compressed_text_checked_as_utf8)
{
    /* deflate of "\xff" as a stored block */
    static const uint8_t bad[] = {0x00, 0x01, 0x00, 0xfe, 0xff, 0xff, 0x00};
    pl_buf_t in = PL_BUF_INIT(0);
    cframe(&in, FIN | RSV1 | PL_WS_OP_TEXT, bad, sizeof(bad));
    EXPECT(&in, &deflate_no_ctx, PL_ERR_UTF8, 1007, "");
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV1 | PL_WS_OP_BINARY, bad, sizeof(bad));
    EXPECT(&in, &deflate_no_ctx, 0, 0, "binary[\\xff]");
    /* garbage is corrupt data */
    pl_buf_reset(&in);
    cframe(&in, FIN | RSV1 | PL_WS_OP_BINARY, "\xff\xff\xff\xff", 4);
    EXPECT(&in, &deflate_no_ctx, PL_ERR_PARSE, 1007, "");
    pl_buf_free(&in);
}

PL_TEST(server_writes_rfc7692_hello)
{
    pl_ws_config_t cfg = server_cfg();
    cfg.deflate_min_size = 0;
    pl_ws_t *ws;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_write_message(ws, &out, PL_WS_OP_TEXT, "Hello", 5), ==, 0);
    static const uint8_t want[] = {0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00};
    PL_CHECK_INT(out.len, ==, sizeof(want));
    PL_CHECK(out.len == sizeof(want) && memcmp(out.data, want, sizeof(want)) == 0);
    /* below deflate_min_size: sent plain */
    cfg.deflate_min_size = 6;
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_ws_write_message(ws, &out, PL_WS_OP_TEXT, "Hello", 5), ==, 0);
    PL_CHECK_INT(out.len, ==, 7);
    PL_CHECK(memcmp(out.data, "\x81\x05Hello", 7) == 0);
    pl_ws_free(ws);
    pl_buf_free(&out);
}

/* Sends msgs client->server and server->client; checks delivery and returns
 * the wire size of each client->server frame in sizes[]. */
static void round_trip(const pl_ws_deflate_params_t *d, const char *const *msgs, size_t n,
                       size_t *sizes)
{
    uint32_t counter = 0;
    pl_ws_config_t scfg = server_cfg(), ccfg = client_cfg();
    scfg.deflate_min_size = ccfg.deflate_min_size = 0;
    ccfg.mask_fn = counting_mask;
    ccfg.mask_ud = &counter;
    rec_t rs = {PL_BUF_INIT(0), 0, 0, 0}, rc = {PL_BUF_INIT(0), 0, 0, 0};
    pl_ws_t *srv, *cli;
    PL_CHECK_INT(pl_ws_new(&srv, &scfg, d, &rec_callbacks, &rs), ==, 0);
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, d, &rec_callbacks, &rc), ==, 0);
    for (size_t i = 0; i < n; i++) {
        pl_buf_t wire = PL_BUF_INIT(0);
        pl_ws_opcode_t op = i % 2 ? PL_WS_OP_BINARY : PL_WS_OP_TEXT;
        PL_CHECK_INT(pl_ws_write_message(cli, &wire, op, msgs[i], strlen(msgs[i])), ==, 0);
        sizes[i] = wire.len;
        PL_CHECK_INT(feed_copy(srv, wire.data, wire.len, 0).rv, ==, 0);
        pl_buf_reset(&wire);
        PL_CHECK_INT(pl_ws_write_message(srv, &wire, op, msgs[i], strlen(msgs[i])), ==, 0);
        PL_CHECK_INT(feed_copy(cli, wire.data, wire.len, 0).rv, ==, 0);
        pl_buf_free(&wire);
    }
    PL_CHECK_INT(rs.messages, ==, (int)n);
    PL_CHECK_INT(rc.messages, ==, (int)n);
    PL_CHECK_STR(rec_log(&rs), rec_log(&rc));
    pl_ws_free(srv);
    pl_ws_free(cli);
    pl_buf_free(&rs.log);
    pl_buf_free(&rc.log);
}

PL_TEST(compression_round_trip)
{
    static char big[200000];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof(big) - 1; i++) {
        x = x * 1103515245u + 12345u;
        big[i] = (char)('a' + (x >> 16) % 8); /* compressible but not trivial */
    }
    const char *const msgs[] = {
        "{\"type\":\"chat\",\"text\":\"hello there, how are you doing today?\"}",
        "{\"type\":\"chat\",\"text\":\"hello there, how are you doing today?\"}",
        "{\"type\":\"chat\",\"text\":\"hello there, how are you doing today?\"}",
        big,
        "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5 \xf0\x9f\x98\x80",
        "",
    };
    size_t n = sizeof(msgs) / sizeof(msgs[0]);
    size_t with_ctx[6], without_ctx[6], plain[6];
    round_trip(&deflate_ctx, msgs, n, with_ctx);
    round_trip(&deflate_no_ctx, msgs, n, without_ctx);
    round_trip(NULL, msgs, n, plain);
    /* context takeover makes the repeat much smaller; without it, equal */
    PL_CHECK(with_ctx[2] < with_ctx[0] / 2);
    PL_CHECK_INT(without_ctx[2], ==, without_ctx[0]);
    PL_CHECK(without_ctx[3] < plain[3] / 2);
    PL_CHECK_INT(plain[0], ==, strlen(msgs[0]) + 6);

    /* small windows on both sides */
    const pl_ws_deflate_params_t small = {1, 1, 1, 9, 9};
    size_t s[6];
    round_trip(&small, msgs, n, s);
    const pl_ws_deflate_params_t small_ctx = {1, 0, 0, 10, 11};
    round_trip(&small_ctx, msgs, n, s);
}

PL_TEST(window_bits_8_sends_uncompressed)
{
    const pl_ws_deflate_params_t d8 = {1, 1, 1, 8, 15};
    pl_ws_config_t cfg = server_cfg();
    cfg.deflate_min_size = 0;
    pl_ws_t *ws;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, &d8, NULL, NULL), ==, 0);
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_write_message(ws, &out, PL_WS_OP_TEXT, "Hello Hello Hello", 17), ==, 0);
    PL_CHECK_INT((uint8_t)out.data[0], ==, 0x81);
    pl_ws_free(ws);
    pl_buf_free(&out);
}

static int count_message(pl_ws_t *ws, pl_ws_opcode_t op, const uint8_t *d, size_t n, void *ud)
{
    (void)ws;
    (void)op;
    (void)d;
    *(size_t *)ud += n;
    return 0;
}

PL_TEST(idle_connection_holds_no_zlib_state)
{
    static const pl_ws_callbacks_t cb = {count_message, NULL, NULL, NULL};
    uint32_t counter = 0;
    pl_ws_config_t scfg = server_cfg(), ccfg = client_cfg();
    scfg.deflate_min_size = ccfg.deflate_min_size = 0;
    ccfg.mask_fn = counting_mask;
    ccfg.mask_ud = &counter;
    char text[5000];
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + (i * i) % 23);

    pl_buf_t wire = PL_BUF_INIT(0), out = PL_BUF_INIT(0);
    pl_ws_t *cli;
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_write_message(cli, &wire, PL_WS_OP_TEXT, text, sizeof(text)), ==, 0);
    pl_ws_free(cli);

    for (int ctx = 0; ctx < 2; ctx++) {
        size_t got = 0;
        counting_start();
        pl_ws_t *ws;
        PL_CHECK_INT(pl_ws_new(&ws, &scfg, ctx ? &deflate_ctx : &deflate_no_ctx, &cb, &got), ==, 0);
        long long idle = alloc_stats.live_bytes;
        PL_CHECK_INT(idle, ==, sizeof(struct pl_ws));
        PL_CHECK_INT(feed_copy(ws, wire.data, wire.len, 0).rv, ==, 0);
        PL_CHECK_INT(got, ==, sizeof(text));
        PL_CHECK_INT(pl_ws_write_message(ws, &out, PL_WS_OP_TEXT, text, sizeof(text)), ==, 0);
        long long out_bytes = (long long)out.cap;
        if (ctx == 0) {
            /* only the struct (and our output buffer) remain */
            PL_CHECK_INT(alloc_stats.live_bytes - out_bytes, ==, idle);
            PL_CHECK(alloc_stats.peak_bytes > idle + 8192); /* zlib was used meanwhile */
        } else {
            PL_CHECK(alloc_stats.live_bytes - out_bytes > idle + 8192);
        }
        pl_ws_free(ws);
        pl_buf_free(&out);
        PL_CHECK_INT(alloc_stats.live_blocks, ==, 0);
        counting_stop();
    }
    PL_CHECK(sizeof(struct pl_ws) <= PL_WS_CONN_SIZE_MAX);
    pl_buf_free(&wire);
}

PL_TEST(zip_bomb_stops_at_the_limit)
{
    /* 16 MiB of zeros deflate to ~16 KiB */
    size_t bomb_len = 16u << 20;
    char *zeros = calloc(1, bomb_len);
    pl_ws_config_t ccfg = client_cfg();
    ccfg.max_message_size = bomb_len;
    pl_ws_t *cli;
    pl_buf_t wire = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_write_message(cli, &wire, PL_WS_OP_BINARY, zeros, bomb_len), ==, 0);
    pl_ws_free(cli);
    free(zeros);
    PL_CHECK(wire.len < 100000);

    pl_ws_config_t cfg = server_cfg();
    counting_start();
    pl_ws_t *ws;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, &deflate_no_ctx, NULL, NULL), ==, 0);
    res_t res = feed_copy(ws, wire.data, wire.len, 4096);
    PL_CHECK_INT(res.rv, ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(res.code, ==, 1009);
    /* no block passes the limit plus one byte; growth by doubling */
    PL_CHECK_INT(alloc_stats.max_block, ==, cfg.max_message_size + 1);
    PL_CHECK(alloc_stats.peak_bytes < 2 * (long long)cfg.max_message_size + 64 * 1024);
    pl_ws_free(ws);
    PL_CHECK_INT(alloc_stats.live_blocks, ==, 0);
    counting_stop();

    /* the same message is fine under a big enough limit */
    cfg.max_message_size = bomb_len;
    size_t got = 0;
    static const pl_ws_callbacks_t cb = {count_message, NULL, NULL, NULL};
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, &deflate_no_ctx, &cb, &got), ==, 0);
    PL_CHECK_INT(feed_copy(ws, wire.data, wire.len, 0).rv, ==, 0);
    PL_CHECK_INT(got, ==, bomb_len);
    pl_ws_free(ws);
    pl_buf_free(&wire);
}

/* ---- the writer --------------------------------------------------------- */

static int bytes_eq(const pl_buf_t *b, const void *want, size_t n)
{
    return b->len == n && memcmp(b->data, want, n) == 0;
}

PL_TEST(writer_exact_bytes)
{
    pl_ws_config_t scfg = server_cfg(), ccfg = client_cfg();
    pl_ws_t *srv, *cli;
    PL_CHECK_INT(pl_ws_new(&srv, &scfg, NULL, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, NULL, NULL, NULL), ==, 0);
    pl_buf_t o = PL_BUF_INIT(0);

    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_TEXT, "Hello", 5), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x81\x05Hello", 7));
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(cli, &o, PL_WS_OP_TEXT, "Hello", 5), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11));
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_ping(srv, &o, "Hello", 5), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x89\x05Hello", 7));
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_pong(cli, &o, "Hello", 5), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11));
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 1000, "bye", 3), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x88\x05\x03\xe8" "bye", 7));
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 0, NULL, 0), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x88\x00", 2));
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_frame(srv, &o, PL_WS_OP_TEXT, 0, "Hel", 3), ==, 0);
    PL_CHECK_INT(pl_ws_write_frame(srv, &o, PL_WS_OP_CONT, 1, "lo", 2), ==, 0);
    PL_CHECK(bytes_eq(&o, "\x01\x03Hel\x80\x02lo", 9));

    /* 16- and 64-bit lengths */
    static uint8_t big[65536];
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_BINARY, big, 256), ==, 0);
    PL_CHECK_INT(o.len, ==, 4 + 256);
    PL_CHECK(memcmp(o.data, "\x82\x7e\x01\x00", 4) == 0);
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_BINARY, big, 125), ==, 0);
    PL_CHECK(memcmp(o.data, "\x82\x7d", 2) == 0);
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_BINARY, big, 126), ==, 0);
    PL_CHECK(memcmp(o.data, "\x82\x7e\x00\x7e", 4) == 0);
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_BINARY, big, 65535), ==, 0);
    PL_CHECK(memcmp(o.data, "\x82\x7e\xff\xff", 4) == 0);
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_BINARY, big, 65536), ==, 0);
    PL_CHECK_INT(o.len, ==, 10 + 65536);
    PL_CHECK(memcmp(o.data, "\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10) == 0);

    uint8_t h[PL_WS_MAX_HEADER];
    PL_CHECK_INT(pl_ws_frame_header(h, PL_WS_OP_BINARY, 1, 0, UINT64_C(1) << 40, test_mask), ==, 14);
    PL_CHECK(memcmp(h, "\x82\xff\x00\x00\x01\x00\x00\x00\x00\x00\x37\xfa\x21\x3d", 14) == 0);
    PL_CHECK_INT(pl_ws_frame_header(h, PL_WS_OP_TEXT, 0, 1, 3, NULL), ==, 2);
    PL_CHECK(memcmp(h, "\x41\x03", 2) == 0);

    /* invalid arguments */
    char c126[126] = {0};
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_ping(srv, &o, c126, 126), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 1005, NULL, 0), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 0, "x", 1), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 1000, c126, 124), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 1000, "\xff", 1), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_write_close(srv, &o, 4999, c126, 123), ==, 0);
    pl_buf_reset(&o);
    PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_PING, "x", 1), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_write_frame(srv, &o, PL_WS_OP_CLOSE, 1, "", 0), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_frame_build(&o, (pl_ws_opcode_t)3, "", 0), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_frame_build(&o, PL_WS_OP_PONG, c126, 126), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(o.len, ==, 0);

    pl_ws_free(srv);
    pl_ws_free(cli);
    pl_buf_free(&o);
}

PL_TEST(frame_build_matches_writer_and_parses)
{
    pl_ws_config_t scfg = server_cfg();
    pl_ws_t *srv;
    PL_CHECK_INT(pl_ws_new(&srv, &scfg, NULL, NULL, NULL), ==, 0);
    static char payload[70000];
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (char)('A' + i % 26);
    size_t lens[] = {0, 1, 125, 126, 65535, 65536, 70000};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        pl_buf_t a = PL_BUF_INIT(0), b = PL_BUF_INIT(0);
        PL_CHECK_INT(pl_ws_frame_build(&a, PL_WS_OP_TEXT, payload, lens[i]), ==, 0);
        PL_CHECK_INT(pl_ws_write_message(srv, &b, PL_WS_OP_TEXT, payload, lens[i]), ==, 0);
        PL_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
        /* one serialization, parsed by many clients: it stays intact */
        pl_ws_config_t ccfg = client_cfg();
        for (int k = 0; k < 3; k++) {
            rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
            PL_CHECK_INT(run(&ccfg, NULL, &a, 0, &r).rv, ==, 0);
            PL_CHECK_INT(r.messages, ==, 1);
            pl_buf_free(&r.log);
        }
        PL_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
        pl_buf_free(&a);
        pl_buf_free(&b);
    }
    pl_ws_free(srv);
}

PL_TEST(shared_deflated_frame_for_many_connections)
{
    const char *json = "{\"type\":\"chat\",\"text\":\"hello hello hello, everyone in the room\"}";
    size_t n = strlen(json);
    pl_buf_t frame = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_frame_build_deflated(&frame, PL_WS_OP_TEXT, json, n, 6, 4, 10), ==, 0);
    PL_CHECK_INT((uint8_t)frame.data[0], ==, 0xc1);
    PL_CHECK((size_t)frame.len < n + 2);
    /* the same bytes decode on several clients, with or without their own
     * context takeover, and twice in a row on one */
    const pl_ws_deflate_params_t peers[] = {{1, 1, 1, 10, 15}, {1, 1, 0, 12, 15}, {1, 1, 1, 15, 9}};
    pl_ws_config_t ccfg = client_cfg();
    for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
        rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
        pl_ws_t *cli;
        PL_CHECK_INT(pl_ws_new(&cli, &ccfg, &peers[i], &rec_callbacks, &r), ==, 0);
        PL_CHECK_INT(feed_copy(cli, frame.data, frame.len, 0).rv, ==, 0);
        PL_CHECK_INT(feed_copy(cli, frame.data, frame.len, 0).rv, ==, 0);
        PL_CHECK_INT(r.messages, ==, 2);
        PL_CHECK_CONTAINS(rec_log(&r), "text[{\"type\":\"chat\"");
        pl_ws_free(cli);
        pl_buf_free(&r.log);
    }
    /* which server connections may carry it */
    pl_ws_config_t scfg = server_cfg();
    const pl_ws_deflate_params_t ok = {1, 1, 0, 10, 15}, small = {1, 1, 1, 9, 15},
                                 ctx = {1, 0, 1, 15, 15};
    pl_ws_t *a, *b, *c, *plain, *cli;
    PL_CHECK_INT(pl_ws_new(&a, &scfg, &ok, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_new(&b, &scfg, &small, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_new(&c, &scfg, &ctx, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_new(&plain, &scfg, NULL, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_new(&cli, &ccfg, &ok, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_ws_shared_deflate_ok(a, 10), ==, 1);
    PL_CHECK_INT(pl_ws_shared_deflate_ok(b, 10), ==, 0);
    PL_CHECK_INT(pl_ws_shared_deflate_ok(c, 10), ==, 0);
    PL_CHECK_INT(pl_ws_shared_deflate_ok(plain, 10), ==, 0);
    PL_CHECK_INT(pl_ws_shared_deflate_ok(cli, 10), ==, 0);
    pl_ws_free(a);
    pl_ws_free(b);
    pl_ws_free(c);
    pl_ws_free(plain);
    pl_ws_free(cli);

    pl_buf_reset(&frame);
    PL_CHECK_INT(pl_ws_frame_build_deflated(&frame, PL_WS_OP_BINARY, "", 0, 6, 4, 10), ==, 0);
    PL_CHECK(bytes_eq(&frame, "\x82\x00", 2));
    PL_CHECK_INT(pl_ws_frame_build_deflated(&frame, PL_WS_OP_TEXT, "x", 1, 6, 4, 8), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_frame_build_deflated(&frame, PL_WS_OP_PING, "x", 1, 6, 4, 10), ==,
                 PL_ERR_INVALID_ARGUMENT);
    pl_buf_free(&frame);
}

PL_TEST(writer_failure_leaves_buffer_unchanged)
{
    pl_ws_config_t scfg = server_cfg(), ccfg = client_cfg();
    scfg.deflate_min_size = 0;
    char text[4000];
    uint32_t x = 1;
    for (size_t i = 0; i < sizeof(text); i++) {
        x = x * 1103515245u + 12345u;
        text[i] = (char)('a' + (x >> 16) % 26);
    }
    for (int ctx = 0; ctx < 2; ctx++) {
        pl_ws_t *srv, *cli;
        rec_t r = {PL_BUF_INIT(0), 0, 0, 0};
        PL_CHECK_INT(pl_ws_new(&srv, &scfg, ctx ? &deflate_ctx : &deflate_no_ctx, NULL, NULL), ==, 0);
        PL_CHECK_INT(pl_ws_new(&cli, &ccfg, ctx ? &deflate_ctx : &deflate_no_ctx, &rec_callbacks, &r), ==, 0);
        pl_buf_t o = PL_BUF_INIT(600);
        PL_CHECK_INT(pl_buf_append_str(&o, "keep"), ==, 0);
        PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_TEXT, text, sizeof(text)), ==, PL_ERR_TOO_LARGE);
        PL_CHECK_INT(o.len, ==, 4);
        PL_CHECK_STR(o.data, "keep");
        PL_CHECK_INT(pl_ws_write_ping(srv, &o, text, 100), ==, 0);
        PL_CHECK_INT(pl_ws_write_message(srv, &o, PL_WS_OP_BINARY, text, 1500), ==, PL_ERR_TOO_LARGE);
        PL_CHECK_INT(o.len, ==, 4 + 102);
        /* the stream after a failed write is still decodable by the peer */
        pl_buf_t big = PL_BUF_INIT(0);
        PL_CHECK_INT(pl_ws_write_message(srv, &big, PL_WS_OP_TEXT, text, 300), ==, 0);
        PL_CHECK_INT(pl_ws_write_message(srv, &big, PL_WS_OP_TEXT, text, 300), ==, 0);
        PL_CHECK_INT(feed_copy(cli, big.data, big.len, 0).rv, ==, 0);
        PL_CHECK_INT(r.messages, ==, 2);
        pl_ws_free(srv);
        pl_ws_free(cli);
        pl_buf_free(&o);
        pl_buf_free(&big);
        pl_buf_free(&r.log);
    }
}

PL_TEST(new_rejects_bad_arguments)
{
    pl_ws_t *ws = (pl_ws_t *)1;
    pl_ws_config_t cfg = client_cfg();
    cfg.mask_fn = NULL;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK(ws == NULL);
    cfg = server_cfg();
    cfg.max_message_size = 0;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    cfg = server_cfg();
    cfg.deflate_mem_level = 10;
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    cfg = server_cfg();
    const pl_ws_deflate_params_t bad = {1, 1, 1, 7, 15};
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, &bad, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_new(&ws, NULL, NULL, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_ws_new(&ws, &cfg, NULL, NULL, NULL), ==, 0);
    pl_ws_free(ws);
    pl_ws_free(NULL);
}

PL_TEST_MAIN(PL_TEST_ENTRY(rfc6455_examples_parse), PL_TEST_ENTRY(frame_rules_close_codes),
             PL_TEST_ENTRY(client_role_rejects_masked_frames),
             PL_TEST_ENTRY(errors_fail_fast_on_the_header),
             PL_TEST_ENTRY(non_minimal_lengths_accepted), PL_TEST_ENTRY(close_frames),
             PL_TEST_ENTRY(fragmented_message_with_interleaved_control_frames),
             PL_TEST_ENTRY(utf8_fails_fast_across_fragments), PL_TEST_ENTRY(every_split_point),
             PL_TEST_ENTRY(every_split_point_compressed),
             PL_TEST_ENTRY(huge_length_rejected_before_allocating),
             PL_TEST_ENTRY(message_size_counts_all_fragments),
             PL_TEST_ENTRY(frames_per_message_limit),
             PL_TEST_ENTRY(errors_are_sticky_and_callbacks_can_stop),
             PL_TEST_ENTRY(allocation_failures_are_errors), PL_TEST_ENTRY(rfc7692_examples),
             PL_TEST_ENTRY(compressed_text_checked_as_utf8),
             PL_TEST_ENTRY(server_writes_rfc7692_hello), PL_TEST_ENTRY(compression_round_trip),
             PL_TEST_ENTRY(window_bits_8_sends_uncompressed),
             PL_TEST_ENTRY(idle_connection_holds_no_zlib_state),
             PL_TEST_ENTRY(zip_bomb_stops_at_the_limit), PL_TEST_ENTRY(writer_exact_bytes),
             PL_TEST_ENTRY(frame_build_matches_writer_and_parses),
             PL_TEST_ENTRY(shared_deflated_frame_for_many_connections),
             PL_TEST_ENTRY(writer_failure_leaves_buffer_unchanged),
             PL_TEST_ENTRY(new_rejects_bad_arguments))
