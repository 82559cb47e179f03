/*
 * ws_parser.c - the receiving half of the WebSocket codec: an incremental
 * frame parser (RFC 6455 5) with message reassembly, UTF-8 validation of
 * text, permessage-deflate inflation (RFC 7692) and the strict checks the
 * Autobahn testsuite expects.
 *
 * Bytes may arrive split anywhere. Headers are gathered into ws->hdr (at
 * most 14 bytes); payloads are unmasked in place in the caller's buffer. A
 * whole uncompressed message found in one input chunk is delivered straight
 * from that chunk; anything else is copied (or inflated) into a reassembly
 * buffer that lives only until the message is delivered. Every length is
 * checked against the limits from the frame header, before any buffering.
 */
#include "ws_int.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <string.h>

/* First reassembly buffer for a compressed message; it then doubles. */
#define INFLATE_FIRST_CAP 1024
/* Smallest reassembly buffer for an uncompressed message. */
#define MSG_FIRST_CAP 256

void pl_ws_config_init(pl_ws_config_t *cfg, pl_ws_role_t role)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->role = role;
    cfg->max_message_size = PL_WS_DEFAULT_MAX_MESSAGE;
    cfg->max_frames_per_message = PL_WS_DEFAULT_MAX_FRAMES;
    cfg->deflate_level = 6;
    cfg->deflate_mem_level = 4;
    cfg->deflate_min_size = 64;
}

static int config_valid(const pl_ws_config_t *cfg)
{
    if (cfg->role != PL_WS_ROLE_SERVER && cfg->role != PL_WS_ROLE_CLIENT)
        return 0;
    if (cfg->max_message_size == 0 || cfg->max_message_size >= SIZE_MAX / 2)
        return 0;
    if (cfg->max_frames_per_message == 0)
        return 0;
    if (cfg->deflate_level < 0 || cfg->deflate_level > 9)
        return 0;
    if (cfg->deflate_mem_level < 1 || cfg->deflate_mem_level > 9)
        return 0;
    return cfg->role == PL_WS_ROLE_SERVER || cfg->mask_fn != NULL;
}

int pl_ws_new(pl_ws_t **out, const pl_ws_config_t *cfg, const pl_ws_deflate_params_t *deflate,
              const pl_ws_callbacks_t *cb, void *ud)
{
    static const pl_ws_callbacks_t no_callbacks;
    *out = NULL;
    if (cfg == NULL || !config_valid(cfg))
        return PL_ERR_INVALID_ARGUMENT;
    if (deflate != NULL && deflate->enabled &&
        (deflate->server_max_window_bits < 8 || deflate->server_max_window_bits > 15 ||
         deflate->client_max_window_bits < 8 || deflate->client_max_window_bits > 15))
        return PL_ERR_INVALID_ARGUMENT;
    pl_ws_t *ws = pl_try_calloc(1, sizeof(*ws));
    if (ws == NULL)
        return PL_ERR_NOMEM;
    ws->cfg = cfg;
    ws->cb = cb != NULL ? cb : &no_callbacks;
    ws->ud = ud;
    ws->role = (uint8_t)cfg->role;
    if (deflate != NULL && deflate->enabled) {
        int server = cfg->role == PL_WS_ROLE_SERVER;
        ws->rx_deflate = 1;
        ws->rx_no_ctx = server ? deflate->client_no_context_takeover
                               : deflate->server_no_context_takeover;
        ws->rx_bits = server ? deflate->client_max_window_bits : deflate->server_max_window_bits;
        ws->tx_no_ctx = server ? deflate->server_no_context_takeover
                               : deflate->client_no_context_takeover;
        ws->tx_bits = server ? deflate->server_max_window_bits : deflate->client_max_window_bits;
        /* zlib cannot deflate with a 256-byte window: then send everything
         * uncompressed, which RFC 7692 allows per message */
        ws->tx_deflate = ws->tx_bits >= 9;
    }
    *out = ws;
    return 0;
}

static void msg_release(pl_ws_t *ws)
{
    pl_free(ws->msg);
    ws->msg = NULL;
    ws->msg_len = ws->msg_cap = 0;
    ws->msg_op = 0;
    ws->msg_deflated = 0;
    ws->msg_frames = 0;
    ws->msg_wire = 0;
}

void pl_ws_free(pl_ws_t *ws)
{
    if (ws == NULL)
        return;
    msg_release(ws);
    pl_ws__inflater_free(ws);
    pl_ws__deflater_free(ws);
    pl_free(ws);
}

unsigned pl_ws_error_code(const pl_ws_t *ws) { return ws->state == WS_ST_FAILED ? ws->err_code : 0; }

const char *pl_ws_error_reason(const pl_ws_t *ws)
{
    return ws->state == WS_ST_FAILED && ws->err_reason != NULL ? ws->err_reason : "";
}

int pl_ws_close_received(const pl_ws_t *ws) { return ws->state == WS_ST_CLOSED; }

int pl_ws_message_pending(const pl_ws_t *ws)
{
    return ws->msg_op != 0 || ws->state == WS_ST_PAYLOAD || ws->hdr_len != 0;
}

static int fail(pl_ws_t *ws, int err, unsigned code, const char *reason)
{
    ws->state = WS_ST_FAILED;
    ws->err = (int16_t)err;
    ws->err_code = (uint16_t)code;
    ws->err_reason = reason;
    msg_release(ws);
    pl_ws__inflater_free(ws);
    return err;
}

#define PROTO(ws, why) fail((ws), PL_ERR_PROTOCOL, PL_WS_CLOSE_PROTOCOL_ERROR, (why))

/* ------------------------------------------------------------------------ */
/* Frame headers                                                            */

/* Checks the first two header bytes, before the length and mask arrive. */
static int header_start(pl_ws_t *ws)
{
    uint8_t b0 = ws->hdr[0], b1 = ws->hdr[1];
    unsigned op = b0 & 0x0f, len7 = b1 & 0x7f;
    int fin = b0 >> 7, rsv1 = (b0 >> 6) & 1, masked = b1 >> 7;

    if (b0 & 0x30)
        return PROTO(ws, "reserved bit set");
    if (ws->role == PL_WS_ROLE_SERVER && !masked)
        return PROTO(ws, "unmasked client frame");
    if (ws->role == PL_WS_ROLE_CLIENT && masked)
        return PROTO(ws, "masked server frame");
    if (op >= 8) {
        if (op > PL_WS_OP_PONG)
            return PROTO(ws, "reserved opcode");
        if (!fin)
            return PROTO(ws, "fragmented control frame");
        if (rsv1)
            return PROTO(ws, "RSV1 on a control frame");
    } else if (op == PL_WS_OP_CONT) {
        if (ws->msg_op == 0)
            return PROTO(ws, "continuation without a message");
        if (rsv1)
            return PROTO(ws, "RSV1 on a continuation frame");
    } else {
        if (op > PL_WS_OP_BINARY)
            return PROTO(ws, "reserved opcode");
        if (ws->msg_op != 0)
            return PROTO(ws, "new message inside a fragmented one");
        if (rsv1 && !ws->rx_deflate)
            return PROTO(ws, "RSV1 without permessage-deflate");
    }
    ws->frame_op = (uint8_t)op;
    ws->frame_fin = (uint8_t)fin;
    ws->frame_rsv1 = (uint8_t)rsv1;
    ws->hdr_need = (uint8_t)(2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0));
    return 0;
}

/* Reads the length and mask; opens a message; applies the limits. */
static int header_finish(pl_ws_t *ws)
{
    const uint8_t *h = ws->hdr + 2;
    uint64_t len = ws->hdr[1] & 0x7f;
    if (len == 126) {
        len = (uint64_t)h[0] << 8 | h[1];
        h += 2;
    } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++)
            len = len << 8 | h[i];
        h += 8;
        if (len >> 63)
            return PROTO(ws, "64-bit length with the high bit set");
    }
    if (ws->role == PL_WS_ROLE_SERVER)
        memcpy(ws->mask, h, 4);
    ws->mask_pos = 0;
    ws->frame_left = len;
    if (ws->frame_op >= 8) {
        /* extended length forms are accepted like any non-minimal encoding */
        if (len > PL_WS_MAX_CONTROL)
            return PROTO(ws, "control frame too long");
        ws->ctrl_len = 0;
        return 0;
    }
    if (ws->frame_op != PL_WS_OP_CONT) {
        ws->msg_op = ws->frame_op;
        ws->msg_deflated = ws->frame_rsv1;
        ws->msg_frames = 0;
        ws->msg_wire = 0;
        pl_ws_utf8_init(&ws->utf8);
    }
    if (ws->msg_frames >= ws->cfg->max_frames_per_message)
        return fail(ws, PL_ERR_LIMIT, PL_WS_CLOSE_POLICY, "too many frames");
    ws->msg_frames++;
    if (len > ws->cfg->max_message_size - ws->msg_wire)
        return fail(ws, PL_ERR_TOO_LARGE, PL_WS_CLOSE_TOO_BIG, "message too big");
    ws->msg_wire += len;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Data                                                                     */

/* Grows msg to hold extra more bytes; never past limit (>= the need). */
static int msg_reserve(pl_ws_t *ws, size_t extra, size_t limit)
{
    size_t need = ws->msg_len + extra;
    if (need <= ws->msg_cap)
        return 0;
    size_t cap = ws->msg_cap ? ws->msg_cap * 2 : MSG_FIRST_CAP;
    if (cap > limit)
        cap = limit;
    if (cap < need)
        cap = need;
    uint8_t *p = pl_try_realloc(ws->msg, cap);
    if (p == NULL)
        return fail(ws, PL_ERR_NOMEM, PL_WS_CLOSE_INTERNAL_ERROR, "out of memory");
    ws->msg = p;
    ws->msg_cap = cap;
    return 0;
}

static int check_text(pl_ws_t *ws, const uint8_t *p, size_t n)
{
    if (ws->msg_op == PL_WS_OP_TEXT && pl_ws_utf8_feed(&ws->utf8, p, n) != 0)
        return fail(ws, PL_ERR_UTF8, PL_WS_CLOSE_INVALID_PAYLOAD, "invalid UTF-8 in text");
    return 0;
}

/* Inflates n compressed bytes into msg, in steps bounded by the message
 * limit: a message inflating past max_message_size fails with 1009 after
 * at most max_message_size + 1 bytes of output. */
static int inflate_chunk(pl_ws_t *ws, const uint8_t *in, size_t n)
{
    size_t limit = ws->cfg->max_message_size;
    int rv;

    if ((rv = pl_ws__inflater_get(ws)) != 0)
        return fail(ws, rv, PL_WS_CLOSE_INTERNAL_ERROR, "out of memory");
    z_stream *z = ws->inflater;
    ws->rx_ended = 0;
    z->next_in = in;
    z->avail_in = (uInt)n; /* n <= frame bytes in one input chunk, bounded by the caller */
    for (;;) {
        if (ws->msg_len == ws->msg_cap) {
            /* double, but stop one byte past the limit (msg_len <= limit here) */
            size_t grow = ws->msg_cap ? ws->msg_cap : INFLATE_FIRST_CAP;
            if (grow > limit + 1 - ws->msg_len)
                grow = limit + 1 - ws->msg_len;
            if ((rv = msg_reserve(ws, grow, limit + 1)) != 0)
                return rv;
        }
        size_t before = ws->msg_len, room = ws->msg_cap - before;
        if (room > (1u << 30))
            room = 1u << 30;
        z->next_out = ws->msg + before;
        z->avail_out = (uInt)room;
        int zr = inflate(z, Z_SYNC_FLUSH);
        ws->msg_len = before + (room - z->avail_out);
        if (ws->msg_len > limit)
            return fail(ws, PL_ERR_TOO_LARGE, PL_WS_CLOSE_TOO_BIG, "message too big");
        if ((rv = check_text(ws, ws->msg + before, ws->msg_len - before)) != 0)
            return rv;
        if (zr == Z_STREAM_END) {
            /* the peer ended its stream (BFINAL, RFC 7692 7.2.3.4): later
             * bytes start a new one, and the message needs no tail */
            inflateReset(z);
            if (z->avail_in == 0) {
                ws->rx_ended = 1;
                return 0;
            }
            continue;
        }
        if (zr == Z_BUF_ERROR && z->avail_out != 0)
            return 0; /* no progress possible: all input consumed */
        if (zr == Z_MEM_ERROR)
            return fail(ws, PL_ERR_NOMEM, PL_WS_CLOSE_INTERNAL_ERROR, "out of memory");
        if (zr != Z_OK && zr != Z_BUF_ERROR)
            return fail(ws, PL_ERR_PARSE, PL_WS_CLOSE_INVALID_PAYLOAD, "invalid compressed data");
        if (z->avail_in == 0 && z->avail_out != 0)
            return 0;
    }
}

static int data_chunk(pl_ws_t *ws, const uint8_t *p, size_t n)
{
    int rv;
    if (ws->msg_deflated) {
        /* keep each inflate() call within uInt */
        while (n > 0) {
            size_t take = n > (1u << 30) ? (1u << 30) : n;
            if ((rv = inflate_chunk(ws, p, take)) != 0)
                return rv;
            p += take;
            n -= take;
        }
        return 0;
    }
    if (n == 0)
        return 0;
    if ((rv = check_text(ws, p, n)) != 0)
        return rv;
    /* msg_wire bounds the message: never allocate past what was announced */
    if ((rv = msg_reserve(ws, n, (size_t)ws->msg_wire)) != 0)
        return rv;
    memcpy(ws->msg + ws->msg_len, p, n);
    ws->msg_len += n;
    return 0;
}

/* Hands a complete message to on_message and resets the message state. */
static int deliver(pl_ws_t *ws, const uint8_t *data, size_t len)
{
    static const uint8_t empty[1];
    pl_ws_opcode_t op = (pl_ws_opcode_t)ws->msg_op;
    int deflated = ws->msg_deflated;
    uint8_t *buf = ws->msg;

    ws->msg = NULL; /* freed below, after the callback */
    msg_release(ws);
    int rv = 0;
    if (ws->cb->on_message != NULL)
        rv = ws->cb->on_message(ws, op, data != NULL ? data : empty, len, ws->ud);
    pl_free(buf);
    if (deflated && ws->rx_no_ctx)
        pl_ws__inflater_free(ws);
    if (rv != 0)
        return fail(ws, PL_ERR_CALLBACK_FAILURE, PL_WS_CLOSE_INTERNAL_ERROR, "callback failed");
    return 0;
}

static int data_frame_end(pl_ws_t *ws)
{
    static const uint8_t tail[4] = {0x00, 0x00, 0xff, 0xff};
    int rv;
    if (!ws->frame_fin)
        return 0;
    if (ws->msg_deflated && !ws->rx_ended && (rv = inflate_chunk(ws, tail, sizeof(tail))) != 0)
        return rv;
    ws->rx_ended = 0;
    if (ws->msg_op == PL_WS_OP_TEXT && pl_ws_utf8_finish(&ws->utf8) != 0)
        return fail(ws, PL_ERR_UTF8, PL_WS_CLOSE_INVALID_PAYLOAD, "truncated UTF-8 in text");
    return deliver(ws, ws->msg, ws->msg_len);
}

/* ------------------------------------------------------------------------ */
/* Control frames                                                           */

static int control_frame_end(pl_ws_t *ws)
{
    const pl_ws_callbacks_t *cb = ws->cb;
    int rv = 0;
    switch (ws->frame_op) {
    case PL_WS_OP_PING:
        if (cb->on_ping != NULL)
            rv = cb->on_ping(ws, ws->ctrl, ws->ctrl_len, ws->ud);
        break;
    case PL_WS_OP_PONG:
        if (cb->on_pong != NULL)
            rv = cb->on_pong(ws, ws->ctrl, ws->ctrl_len, ws->ud);
        break;
    default: { /* close */
        unsigned code = PL_WS_CLOSE_NO_STATUS;
        if (ws->ctrl_len == 1)
            return PROTO(ws, "close frame with a 1-byte payload");
        if (ws->ctrl_len >= 2) {
            code = (unsigned)ws->ctrl[0] << 8 | ws->ctrl[1];
            if (!pl_ws_close_code_valid(code))
                return PROTO(ws, "invalid close code");
            if (pl_ws_utf8_validate(ws->ctrl + 2, ws->ctrl_len - 2u) != 0)
                return fail(ws, PL_ERR_UTF8, PL_WS_CLOSE_INVALID_PAYLOAD, "invalid UTF-8 in close reason");
        }
        ws->state = WS_ST_CLOSED;
        msg_release(ws);
        pl_ws__inflater_free(ws);
        if (cb->on_close != NULL)
            rv = cb->on_close(ws, code, ws->ctrl_len > 2 ? (const char *)ws->ctrl + 2 : "",
                              ws->ctrl_len > 2 ? ws->ctrl_len - 2u : 0, ws->ud);
        break;
    }
    }
    if (rv != 0)
        return fail(ws, PL_ERR_CALLBACK_FAILURE, PL_WS_CLOSE_INTERNAL_ERROR, "callback failed");
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The feed loop                                                            */

static size_t gather(pl_ws_t *ws, const uint8_t *p, const uint8_t *end, size_t upto)
{
    size_t n = upto - ws->hdr_len;
    if ((size_t)(end - p) < n)
        n = (size_t)(end - p);
    memcpy(ws->hdr + ws->hdr_len, p, n);
    ws->hdr_len = (uint8_t)(ws->hdr_len + n);
    return n;
}

int pl_ws_feed(pl_ws_t *ws, uint8_t *data, size_t len)
{
    int rv;

    if (ws->state == WS_ST_FAILED)
        return ws->err;
    if (len == 0)
        return 0;
    uint8_t *p = data, *end = data + len;
    while (p < end && ws->state != WS_ST_CLOSED) {
        if (ws->state == WS_ST_HEADER) {
            if (ws->hdr_len < 2) {
                p += gather(ws, p, end, 2);
                if (ws->hdr_len < 2)
                    break;
                if ((rv = header_start(ws)) != 0)
                    return rv;
            }
            if (ws->hdr_len < ws->hdr_need) {
                p += gather(ws, p, end, ws->hdr_need);
                if (ws->hdr_len < ws->hdr_need)
                    break;
            }
            if ((rv = header_finish(ws)) != 0)
                return rv;
            ws->hdr_len = ws->hdr_need = 0;
            ws->state = WS_ST_PAYLOAD;
            /* fast path: a whole uncompressed single-frame message in hand */
            if (ws->frame_op != PL_WS_OP_CONT && ws->frame_op < 8 && ws->frame_fin &&
                !ws->frame_rsv1 && (uint64_t)(end - p) >= ws->frame_left) {
                size_t n = (size_t)ws->frame_left;
                if (ws->role == PL_WS_ROLE_SERVER)
                    pl_ws__mask(p, n, ws->mask, 0);
                if (ws->frame_op == PL_WS_OP_TEXT && pl_ws_utf8_validate(p, n) != 0)
                    return fail(ws, PL_ERR_UTF8, PL_WS_CLOSE_INVALID_PAYLOAD, "invalid UTF-8 in text");
                p += n;
                ws->frame_left = 0;
                ws->state = WS_ST_HEADER;
                if ((rv = deliver(ws, p - n, n)) != 0)
                    return rv;
                continue;
            }
        }
        /* payload */
        size_t n = (size_t)end - (size_t)p;
        if (ws->frame_left < n)
            n = (size_t)ws->frame_left;
        if (n > 0) {
            if (ws->role == PL_WS_ROLE_SERVER) {
                pl_ws__mask(p, n, ws->mask, ws->mask_pos);
                ws->mask_pos = (uint8_t)((ws->mask_pos + n) & 3);
            }
            if (ws->frame_op >= 8) {
                memcpy(ws->ctrl + ws->ctrl_len, p, n);
                ws->ctrl_len = (uint8_t)(ws->ctrl_len + n);
            } else if ((rv = data_chunk(ws, p, n)) != 0) {
                return rv;
            }
            p += n;
            ws->frame_left -= n;
        }
        if (ws->frame_left == 0) {
            ws->state = WS_ST_HEADER;
            rv = ws->frame_op >= 8 ? control_frame_end(ws) : data_frame_end(ws);
            if (rv != 0)
                return rv;
        }
    }
    return 0;
}
