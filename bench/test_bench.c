/*
 * test_bench.c - unit tests of the load generator's private pieces: the
 * client handshake (RFC 6455 4.1/4.2 example key, response checks), masked
 * frame encoding, the server-frame decoder with fragmentation and its
 * protocol errors, and the latency histogram's buckets and percentiles.
 */
#include "hist.h"
#include "wsc.h"

#include "parley/error.h"
#include "pl_test.h"

/* Builds an unmasked server frame; returns its length. */
static size_t server_frame(uint8_t *out, int fin, int opcode, const void *payload, size_t len)
{
    size_t h;
    out[0] = (uint8_t)((fin ? 0x80 : 0) | opcode);
    if (len < 126) {
        out[1] = (uint8_t)len;
        h = 2;
    } else if (len <= 0xffff) {
        out[1] = 126;
        out[2] = (uint8_t)(len >> 8);
        out[3] = (uint8_t)len;
        h = 4;
    } else {
        out[1] = 127;
        for (int i = 0; i < 8; i++)
            out[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
        h = 10;
    }
    if (len)
        memcpy(out + h, payload, len);
    return h + len;
}

PL_TEST(accept_matches_rfc_example)
{
    char accept[LG_WS_ACCEPT_LEN + 1];
    PL_CHECK_INT(lg_ws_accept_for("dGhlIHNhbXBsZSBub25jZQ==", accept), ==, 0);
    PL_CHECK_STR(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

PL_TEST(keys_are_random_base64_of_16_bytes)
{
    char a[LG_WS_KEY_LEN + 1], b[LG_WS_KEY_LEN + 1];
    PL_CHECK_INT(lg_ws_make_key(a), ==, 0);
    PL_CHECK_INT(lg_ws_make_key(b), ==, 0);
    PL_CHECK_INT(strlen(a), ==, LG_WS_KEY_LEN);
    PL_CHECK(a[22] == '=' && a[23] == '=');
    PL_CHECK(strcmp(a, b) != 0);
}

PL_TEST(request_has_upgrade_headers)
{
    char req[512];
    int n = lg_ws_build_request(req, sizeof(req), "127.0.0.1", 8080, "/test/echo", "KEY");
    PL_CHECK(n > 0);
    PL_CHECK_INT(strlen(req), ==, n);
    PL_CHECK(strncmp(req, "GET /test/echo HTTP/1.1\r\n", 25) == 0);
    PL_CHECK_CONTAINS(req, "\r\nHost: 127.0.0.1:8080\r\n");
    PL_CHECK_CONTAINS(req, "\r\nUpgrade: websocket\r\n");
    PL_CHECK_CONTAINS(req, "\r\nConnection: Upgrade\r\n");
    PL_CHECK_CONTAINS(req, "\r\nSec-WebSocket-Key: KEY\r\n");
    PL_CHECK_CONTAINS(req, "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    PL_CHECK_INT(lg_ws_build_request(req, 40, "127.0.0.1", 8080, "/test/echo", "KEY"), ==,
                 PL_ERR_TOO_LARGE);
}

static const char *key = "dGhlIHNhbXBsZSBub25jZQ==";

PL_TEST(response_101_accepted)
{
    const char *ok = "HTTP/1.1 101 Switching Protocols\r\n"
                     "upgrade: WebSocket\r\n"
                     "connection: keep-alive, Upgrade\r\n"
                     "sec-websocket-accept:  s3pPLMBiTxaQ9kYGzzhZRbK+xOo= \r\n"
                     "\r\n\x81\x02hi";
    int status = 0;
    int r = lg_ws_check_response(ok, strlen(ok), key, &status);
    PL_CHECK_INT(status, ==, 101);
    PL_CHECK_INT(r, ==, (int)(strstr(ok, "\r\n\r\n") - ok) + 4);
}

PL_TEST(response_incomplete_until_blank_line)
{
    const char *part = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n";
    int status = 0;
    PL_CHECK_INT(lg_ws_check_response(part, strlen(part), key, &status), ==, PL_ERR_INCOMPLETE);
    PL_CHECK_INT(lg_ws_check_response("", 0, key, &status), ==, PL_ERR_INCOMPLETE);
}

PL_TEST(response_rejections)
{
    int status = 0;
    const char *wrong_accept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                               "Connection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n";
    PL_CHECK_INT(lg_ws_check_response(wrong_accept, strlen(wrong_accept), key, &status), ==,
                 PL_ERR_PROTOCOL);

    const char *no_upgrade = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    PL_CHECK_INT(lg_ws_check_response(no_upgrade, strlen(no_upgrade), key, &status), ==,
                 PL_ERR_PROTOCOL);

    const char *not_found = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    status = 0;
    PL_CHECK_INT(lg_ws_check_response(not_found, strlen(not_found), key, &status), ==,
                 PL_ERR_PROTOCOL);
    PL_CHECK_INT(status, ==, 404);

    const char *ext = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
    PL_CHECK_INT(lg_ws_check_response(ext, strlen(ext), key, &status), ==, PL_ERR_UNSUPPORTED);

    const char *garbage = "SSH-2.0-OpenSSH\r\n\r\n";
    PL_CHECK_INT(lg_ws_check_response(garbage, strlen(garbage), key, &status), ==, PL_ERR_PARSE);

    const char *bad_header = "HTTP/1.1 101 OK\r\nNoColonHere\r\n\r\n";
    PL_CHECK_INT(lg_ws_check_response(bad_header, strlen(bad_header), key, &status), ==,
                 PL_ERR_PARSE);

    static char big[LG_WS_MAX_RESPONSE_HEAD + 10];
    memset(big, 'x', sizeof(big));
    memcpy(big, "HTTP/1.1 101 OK\r\n", 17);
    PL_CHECK_INT(lg_ws_check_response(big, sizeof(big), key, &status), ==, PL_ERR_TOO_LARGE);
}

PL_TEST(encode_masks_payload_and_sizes_header)
{
    static uint8_t payload[70000], out[70000 + LG_WS_FRAME_HEADER_MAX];
    const size_t lens[] = {0, 5, 125, 126, 65535, 65536, 70000};
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)(i * 7);
    for (size_t t = 0; t < sizeof(lens) / sizeof(lens[0]); t++) {
        size_t len = lens[t];
        size_t n = lg_ws_encode_frame(out, LG_WS_OP_BINARY, payload, len, 0xA1B2C3D4u);
        size_t h = len < 126 ? 2 : len <= 0xffff ? 4 : 10;
        PL_CHECK_INT(n, ==, lg_ws_frame_size(len));
        PL_CHECK_INT(n, ==, h + 4 + len);
        PL_CHECK_INT(out[0], ==, 0x82);
        PL_CHECK(out[1] & 0x80);
        PL_CHECK_INT(out[1] & 0x7f, ==, len < 126 ? (int)len : len <= 0xffff ? 126 : 127);
        PL_CHECK(memcmp(out + h, "\xA1\xB2\xC3\xD4", 4) == 0);
        int same = 1;
        for (size_t i = 0; i < len; i++)
            if ((uint8_t)(out[h + 4 + i] ^ out[h + (i & 3)]) != payload[i])
                same = 0;
        PL_CHECK(same);
    }
}

PL_TEST(decode_single_frames_and_incomplete)
{
    lg_ws_decoder_t d;
    lg_ws_event_t ev;
    uint8_t buf[300];
    size_t used = 0;
    char big[200];

    memset(big, 'q', sizeof(big));
    lg_ws_decoder_init(&d, 0);
    size_t n = server_frame(buf, 1, LG_WS_OP_TEXT, "hello", 5);
    for (size_t cut = 0; cut < n; cut++)
        PL_CHECK_INT(lg_ws_decode(&d, buf, cut, &used, &ev), ==, PL_ERR_INCOMPLETE);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, 1);
    PL_CHECK_INT(used, ==, n);
    PL_CHECK_INT(ev.opcode, ==, LG_WS_OP_TEXT);
    PL_CHECK(ev.len == 5 && memcmp(ev.data, "hello", 5) == 0);

    n = server_frame(buf, 1, LG_WS_OP_BINARY, big, sizeof(big));
    PL_CHECK_INT(lg_ws_decode(&d, buf, 3, &used, &ev), ==, PL_ERR_INCOMPLETE);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, 1);
    PL_CHECK_INT(used, ==, 4 + sizeof(big));
    PL_CHECK_INT(ev.len, ==, sizeof(big));
    lg_ws_decoder_free(&d);
}

PL_TEST(decode_reassembles_fragments_around_ping)
{
    lg_ws_decoder_t d;
    lg_ws_event_t ev;
    uint8_t buf[256];
    size_t n = 0, used = 0, off = 0;
    int r;

    lg_ws_decoder_init(&d, 0);
    n += server_frame(buf + n, 0, LG_WS_OP_TEXT, "ab", 2);
    n += server_frame(buf + n, 1, LG_WS_OP_PING, "p", 1);
    n += server_frame(buf + n, 0, LG_WS_OP_CONT, "cd", 2);
    n += server_frame(buf + n, 1, LG_WS_OP_CONT, "ef", 2);

    r = lg_ws_decode(&d, buf + off, n - off, &used, &ev);
    PL_CHECK_INT(r, ==, 0);
    off += used;
    r = lg_ws_decode(&d, buf + off, n - off, &used, &ev);
    PL_CHECK_INT(r, ==, 1);
    PL_CHECK_INT(ev.opcode, ==, LG_WS_OP_PING);
    off += used;
    r = lg_ws_decode(&d, buf + off, n - off, &used, &ev);
    PL_CHECK_INT(r, ==, 0);
    off += used;
    r = lg_ws_decode(&d, buf + off, n - off, &used, &ev);
    PL_CHECK_INT(r, ==, 1);
    off += used;
    PL_CHECK_INT(off, ==, n);
    PL_CHECK_INT(ev.opcode, ==, LG_WS_OP_TEXT);
    PL_CHECK(ev.len == 6 && memcmp(ev.data, "abcdef", 6) == 0);
    lg_ws_decoder_free(&d);
}

PL_TEST(decode_protocol_errors)
{
    lg_ws_decoder_t d;
    lg_ws_event_t ev;
    uint8_t buf[300];
    size_t used = 0;
    char big[130];

    memset(big, 'z', sizeof(big));
    lg_ws_decoder_init(&d, 100);

    /* masked server frame */
    uint8_t masked[] = {0x81, 0x81, 1, 2, 3, 4, 'x'};
    PL_CHECK_INT(lg_ws_decode(&d, masked, sizeof(masked), &used, &ev), ==, PL_ERR_PROTOCOL);
    /* reserved bit */
    uint8_t rsv[] = {0xC1, 0x01, 'x'};
    PL_CHECK_INT(lg_ws_decode(&d, rsv, sizeof(rsv), &used, &ev), ==, PL_ERR_PROTOCOL);
    /* reserved opcode */
    uint8_t op3[] = {0x83, 0x00};
    PL_CHECK_INT(lg_ws_decode(&d, op3, sizeof(op3), &used, &ev), ==, PL_ERR_PROTOCOL);
    /* non-minimal 16-bit length */
    uint8_t nonmin[] = {0x81, 126, 0x00, 0x05, 'a', 'b', 'c', 'd', 'e'};
    PL_CHECK_INT(lg_ws_decode(&d, nonmin, sizeof(nonmin), &used, &ev), ==, PL_ERR_PROTOCOL);
    /* fragmented control frame, oversized control frame */
    uint8_t frag_ping[] = {0x09, 0x00};
    PL_CHECK_INT(lg_ws_decode(&d, frag_ping, sizeof(frag_ping), &used, &ev), ==, PL_ERR_PROTOCOL);
    size_t n = server_frame(buf, 1, LG_WS_OP_PING, big, 126);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, PL_ERR_PROTOCOL);
    /* close with a one-byte body */
    uint8_t close1[] = {0x88, 0x01, 0x03};
    PL_CHECK_INT(lg_ws_decode(&d, close1, sizeof(close1), &used, &ev), ==, PL_ERR_PROTOCOL);
    /* continuation with no message open */
    n = server_frame(buf, 1, LG_WS_OP_CONT, "x", 1);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, PL_ERR_PROTOCOL);
    /* past the cap, in one frame and summed over fragments */
    n = server_frame(buf, 1, LG_WS_OP_TEXT, big, 101);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, PL_ERR_TOO_LARGE);
    n = server_frame(buf, 0, LG_WS_OP_TEXT, big, 60);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, 0);
    /* a new message inside the open one */
    size_t m = server_frame(buf, 1, LG_WS_OP_TEXT, "y", 1);
    PL_CHECK_INT(lg_ws_decode(&d, buf, m, &used, &ev), ==, PL_ERR_PROTOCOL);
    n = server_frame(buf, 1, LG_WS_OP_CONT, big, 41);
    PL_CHECK_INT(lg_ws_decode(&d, buf, n, &used, &ev), ==, PL_ERR_TOO_LARGE);
    lg_ws_decoder_free(&d);
}

PL_TEST(hist_buckets_cover_values_tightly)
{
    size_t prev = 0;
    for (uint64_t v = 0; v < (UINT64_C(1) << 24); v = v < 5000 ? v + 1 : v + v / 997) {
        size_t idx = lg_hist_index(v);
        uint64_t hi = lg_hist_bucket_high(idx);
        PL_CHECK(idx >= prev);
        prev = idx;
        if (hi < v || (double)(hi - v) > (double)v / 1000.0 + 1.0) {
            PL_CHECK(!"bucket bound too loose");
            break;
        }
    }
    /* consecutive buckets are contiguous */
    for (size_t i = 1; i < 40000 && lg_hist_bucket_high(i) < (UINT64_C(1) << 39); i++) {
        if (lg_hist_index(lg_hist_bucket_high(i - 1) + 1) != i) {
            PL_CHECK(!"buckets not contiguous");
            break;
        }
    }
    /* huge values clamp into the table */
    lg_hist_t h;
    PL_CHECK_INT(lg_hist_init(&h), ==, 0);
    PL_CHECK(lg_hist_index(UINT64_MAX) < h.nbuckets);
    lg_hist_free(&h);
}

PL_TEST(hist_percentiles)
{
    lg_hist_t h, g;
    PL_CHECK_INT(lg_hist_init(&h), ==, 0);
    PL_CHECK_INT(lg_hist_init(&g), ==, 0);
    PL_CHECK_INT(lg_hist_percentile(&h, 50), ==, 0);

    for (uint64_t v = 1; v <= 100000; v++)
        lg_hist_record(&h, v * 1000);
    PL_CHECK_INT(h.total, ==, 100000);
    PL_CHECK_INT(h.max, ==, 100000000);
    uint64_t p50 = lg_hist_percentile(&h, 50);
    uint64_t p99 = lg_hist_percentile(&h, 99);
    uint64_t p999 = lg_hist_percentile(&h, 99.9);
    PL_CHECK(p50 >= 50000000 && p50 <= 50000000 + 50000000 / 1000);
    PL_CHECK(p99 >= 99000000 && p99 <= 99000000 + 99000000 / 1000);
    PL_CHECK(p999 >= 99900000 && p999 <= 100000000);
    PL_CHECK_INT(lg_hist_percentile(&h, 100), ==, 100000000);
    double mean = lg_hist_mean(&h);
    PL_CHECK(mean > 50000400.0 && mean < 50000600.0);

    /* one outlier moves p99.9 and max but not p50 */
    lg_hist_record(&g, 5000000000ull);
    lg_hist_merge(&g, &h);
    PL_CHECK_INT(g.total, ==, 100001);
    PL_CHECK_INT(g.max, ==, 5000000000ull);
    PL_CHECK_INT(lg_hist_percentile(&g, 50), ==, p50);
    lg_hist_reset(&g);
    PL_CHECK_INT(g.total, ==, 0);
    PL_CHECK_INT(lg_hist_percentile(&g, 99), ==, 0);
    lg_hist_free(&h);
    lg_hist_free(&g);
}

PL_TEST_MAIN(PL_TEST_ENTRY(accept_matches_rfc_example),
             PL_TEST_ENTRY(keys_are_random_base64_of_16_bytes),
             PL_TEST_ENTRY(request_has_upgrade_headers),
             PL_TEST_ENTRY(response_101_accepted),
             PL_TEST_ENTRY(response_incomplete_until_blank_line),
             PL_TEST_ENTRY(response_rejections),
             PL_TEST_ENTRY(encode_masks_payload_and_sizes_header),
             PL_TEST_ENTRY(decode_single_frames_and_incomplete),
             PL_TEST_ENTRY(decode_reassembles_fragments_around_ping),
             PL_TEST_ENTRY(decode_protocol_errors),
             PL_TEST_ENTRY(hist_buckets_cover_values_tightly),
             PL_TEST_ENTRY(hist_percentiles))
