/*
 * fuzz_ws.c - libFuzzer harness for the WebSocket codec.
 *
 * Input: byte 0 picks the setup, byte 1 the size of the pieces the rest is
 * fed in (0: all at once), the rest is what the peer sends.
 *   bits 0-1 of byte 0: permessage-deflate off / no context takeover /
 *                       context takeover / context takeover, small windows
 *   bit 2: small limits (4 KiB messages, 8 frames)
 *   bit 3: client role (the fuzzed bytes play the server)
 *   bit 4: instead, the rest is a handshake header value: it goes through
 *          key/version checks, subprotocol selection and permessage-deflate
 *          negotiation, and an accepted offer's response must satisfy our
 *          own client-side check with the same parameters
 * Checks, beyond ASan/UBSan/LSan: text messages and close reasons are valid
 * UTF-8, sizes respect the limits, close codes are valid, a failure carries
 * one of the close codes the API documents, and every delivered message
 * survives a round trip through the writer (compressed when negotiated)
 * and a second parser of the same role.
 */
#include "parley/error.h"
#include "parley/ws.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c))                                                              \
            __builtin_trap();                                                  \
    } while (0)

typedef struct harness {
    pl_ws_config_t cfg;      /* the fuzzed codec's and the mirror's */
    pl_ws_config_t peer_cfg; /* the writer playing the fuzzed peer */
    pl_ws_t *ws, *peer, *mirror;
    pl_buf_t out;            /* what the fuzzed codec writes back */
    const uint8_t *expect;   /* the message the mirror must see */
    size_t expect_len;
    pl_ws_opcode_t expect_op;
    int mirror_seen;
    uint32_t mask_counter;
} harness_t;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void mask_source(uint8_t mask[4], void *ud)
{
    uint32_t *n = ud;
    uint32_t v = ++*n * 2654435761u;
    memcpy(mask, &v, 4);
}

static int mirror_message(pl_ws_t *ws, pl_ws_opcode_t op, const uint8_t *d, size_t n, void *ud)
{
    (void)ws;
    harness_t *h = ud;
    CHECK(op == h->expect_op && n == h->expect_len);
    CHECK(n == 0 || memcmp(d, h->expect, n) == 0);
    h->mirror_seen++;
    return 0;
}

static int on_message(pl_ws_t *ws, pl_ws_opcode_t op, const uint8_t *d, size_t n, void *ud)
{
    harness_t *h = ud;
    CHECK(op == PL_WS_OP_TEXT || op == PL_WS_OP_BINARY);
    CHECK(n <= h->cfg.max_message_size);
    CHECK(d != NULL);
    if (op == PL_WS_OP_TEXT)
        CHECK(pl_ws_utf8_validate(d, n) == 0);

    /* round trip: the peer's writer sends it again, the mirror must decode it */
    pl_buf_t wire = PL_BUF_INIT(0);
    CHECK(pl_ws_write_message(h->peer, &wire, op, d, n) == 0);
    h->expect = d;
    h->expect_len = n;
    h->expect_op = op;
    int before = h->mirror_seen;
    CHECK(pl_ws_feed(h->mirror, (uint8_t *)wire.data, wire.len) == 0);
    CHECK(h->mirror_seen == before + 1);
    pl_buf_free(&wire);

    /* and the fuzzed codec's own writer works mid-stream */
    pl_buf_reset(&h->out);
    CHECK(pl_ws_write_message(ws, &h->out, op, d, n < 512 ? n : 512) == 0);
    return 0;
}

static int on_ping(pl_ws_t *ws, const uint8_t *d, size_t n, void *ud)
{
    harness_t *h = ud;
    CHECK(n <= PL_WS_MAX_CONTROL);
    pl_buf_reset(&h->out);
    CHECK(pl_ws_write_pong(ws, &h->out, d, n) == 0);
    return 0;
}

static int on_pong(pl_ws_t *ws, const uint8_t *d, size_t n, void *ud)
{
    (void)ws;
    (void)d;
    (void)ud;
    CHECK(n <= PL_WS_MAX_CONTROL);
    return 0;
}

static int on_close(pl_ws_t *ws, unsigned code, const char *reason, size_t n, void *ud)
{
    harness_t *h = ud;
    CHECK(code == PL_WS_CLOSE_NO_STATUS || pl_ws_close_code_valid(code));
    CHECK(n <= PL_WS_MAX_CONTROL - 2);
    CHECK(pl_ws_utf8_validate(reason, n) == 0);
    CHECK(code != PL_WS_CLOSE_NO_STATUS || n == 0);
    pl_buf_reset(&h->out);
    /* echo the close as a server would */
    CHECK(pl_ws_write_close(ws, &h->out, code == PL_WS_CLOSE_NO_STATUS ? 0 : code, reason, n) == 0);
    return 0;
}

static const pl_ws_callbacks_t callbacks = {on_message, on_ping, on_pong, on_close};
static const pl_ws_callbacks_t mirror_callbacks = {mirror_message, NULL, NULL, NULL};

static void fuzz_handshake(const char *v, size_t n, uint8_t opts)
{
    static const char *const protos[] = {"parley.v1", "chat", "x"};
    char accept[PL_WS_ACCEPT_LEN + 1];
    if (pl_ws_key_validate(v, n) == 0)
        CHECK(pl_ws_accept_compute(v, n, accept) == 0 && strlen(accept) == PL_WS_ACCEPT_LEN);
    else
        CHECK(pl_ws_accept_compute(v, n, accept) == PL_ERR_PARSE);
    (void)pl_ws_version_check(v, n);
    int idx = pl_ws_subprotocol_select(v, n, protos, 3);
    CHECK(idx == PL_ERR_PARSE || idx == PL_ERR_NOT_FOUND || (idx >= 0 && idx < 3));

    pl_ws_deflate_policy_t pol;
    pl_ws_deflate_policy_init(&pol);
    pol.server_no_context_takeover = opts & 1;
    pol.client_no_context_takeover = (opts >> 1) & 1;
    pol.server_max_window_bits = (opts & 4) ? 9 : 15;
    pol.client_max_window_bits = (opts & 8) ? 8 : 15;
    pl_ws_deflate_params_t srv, cli;
    pl_buf_t resp = PL_BUF_INIT(0);
    int rv = pl_ws_deflate_negotiate(v, n, &pol, &srv, &resp);
    CHECK(rv == 0 || rv == PL_ERR_PARSE);
    if (rv == 0 && srv.enabled) {
        pl_ws_deflate_policy_t cpol;
        pl_ws_deflate_policy_init(&cpol);
        cpol.server_max_window_bits = 15; /* as if no limit was offered */
        CHECK(pl_ws_deflate_response_parse(resp.data, resp.len, &cpol, &cli) == 0);
        CHECK(cli.enabled && cli.server_no_context_takeover == srv.server_no_context_takeover);
        CHECK(!srv.client_no_context_takeover || cli.client_no_context_takeover);
        CHECK(srv.server_max_window_bits <= cli.server_max_window_bits);
        CHECK(cli.client_max_window_bits <= srv.client_max_window_bits);
        /* and a codec accepts the parameters */
        pl_ws_config_t cfg;
        pl_ws_config_init(&cfg, PL_WS_ROLE_SERVER);
        pl_ws_t *ws;
        CHECK(pl_ws_new(&ws, &cfg, &srv, NULL, NULL) == 0);
        pl_ws_free(ws);
    } else {
        CHECK(resp.len == 0 && !srv.enabled);
    }
    pl_buf_free(&resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pl_ws_deflate_params_t modes[4] = {
        {0, 0, 0, 15, 15},
        {1, 1, 1, 15, 15},
        {1, 0, 0, 15, 15},
        {1, 0, 0, 9, 10},
    };
    if (size < 2)
        return 0;
    uint8_t opts = data[0];
    size_t chunk = data[1];
    data += 2;
    size -= 2;
    if (opts & 0x10) {
        fuzz_handshake((const char *)data, size, (uint8_t)chunk);
        return 0;
    }

    harness_t h;
    memset(&h, 0, sizeof(h));
    const pl_ws_deflate_params_t *d = &modes[opts & 3];
    pl_ws_role_t role = (opts & 8) ? PL_WS_ROLE_CLIENT : PL_WS_ROLE_SERVER;
    pl_ws_config_init(&h.cfg, role);
    pl_ws_config_init(&h.peer_cfg, role == PL_WS_ROLE_SERVER ? PL_WS_ROLE_CLIENT : PL_WS_ROLE_SERVER);
    h.cfg.mask_fn = h.peer_cfg.mask_fn = mask_source;
    h.cfg.mask_ud = h.peer_cfg.mask_ud = &h.mask_counter;
    h.cfg.deflate_min_size = h.peer_cfg.deflate_min_size = 16;
    if (opts & 4) {
        h.cfg.max_message_size = 4096;
        h.cfg.max_frames_per_message = 8;
    }
    h.peer_cfg.max_message_size = h.cfg.max_message_size;
    CHECK(pl_ws_new(&h.ws, &h.cfg, d, &callbacks, &h) == 0);
    CHECK(pl_ws_new(&h.peer, &h.peer_cfg, d, NULL, NULL) == 0);
    CHECK(pl_ws_new(&h.mirror, &h.cfg, d, &mirror_callbacks, &h) == 0);
    h.out = (pl_buf_t)PL_BUF_INIT(0);

    uint8_t *copy = malloc(size ? size : 1);
    CHECK(copy != NULL);
    memcpy(copy, data, size);
    size_t step = chunk ? chunk : (size ? size : 1);
    int rv = 0;
    for (size_t off = 0; off < size && rv == 0; off += step)
        rv = pl_ws_feed(h.ws, copy + off, size - off < step ? size - off : step);

    unsigned code = pl_ws_error_code(h.ws);
    switch (rv) {
    case 0:
        CHECK(code == 0);
        break;
    case PL_ERR_PROTOCOL:
        CHECK(code == PL_WS_CLOSE_PROTOCOL_ERROR);
        break;
    case PL_ERR_UTF8:
    case PL_ERR_PARSE:
        CHECK(code == PL_WS_CLOSE_INVALID_PAYLOAD);
        break;
    case PL_ERR_TOO_LARGE:
        CHECK(code == PL_WS_CLOSE_TOO_BIG);
        break;
    case PL_ERR_LIMIT:
        CHECK(code == PL_WS_CLOSE_POLICY);
        break;
    case PL_ERR_NOMEM:
    case PL_ERR_CALLBACK_FAILURE:
        CHECK(code == PL_WS_CLOSE_INTERNAL_ERROR);
        break;
    default:
        CHECK(0);
    }
    if (rv != 0) {
        CHECK(pl_ws_close_code_valid(code));
        CHECK(pl_ws_error_reason(h.ws)[0] != '\0');
        /* the close frame the glue would send must be writable */
        pl_buf_reset(&h.out);
        CHECK(pl_ws_write_close(h.ws, &h.out, code, pl_ws_error_reason(h.ws),
                                strlen(pl_ws_error_reason(h.ws))) == 0);
        CHECK(pl_ws_feed(h.ws, copy, 0) == rv); /* sticky */
    }

    free(copy);
    pl_buf_free(&h.out);
    pl_ws_free(h.ws);
    pl_ws_free(h.peer);
    pl_ws_free(h.mirror);
    return 0;
}
