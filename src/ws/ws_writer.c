/*
 * ws_writer.c - the sending half of the WebSocket codec: frames appended to
 * a caller's pl_buf_t. The server never masks; the client masks every frame
 * with 4 bytes from the configured mask source. Messages are compressed
 * (RFC 7692 7.2.1: raw deflate, sync flush, the trailing 00 00 ff ff
 * removed, RSV1 on the frame) when permessage-deflate was negotiated and
 * the message is long enough to be worth it.
 *
 * Every function leaves the output buffer as it was when it fails.
 */
#include "ws_int.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <string.h>

/* Stack buffer deflate output passes through on its way into the pl_buf_t. */
#define DEFLATE_CHUNK 4096
/* Largest input slice handed to one deflate() call (avail_in is a uInt). */
#define DEFLATE_IN_MAX (1u << 30)

void pl_ws__mask(uint8_t *p, size_t n, const uint8_t mask[4], size_t pos)
{
    uint8_t m[8];
    for (size_t i = 0; i < 8; i++)
        m[i] = mask[(pos + i) & 3];
    uint64_t m64;
    memcpy(&m64, m, 8);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        w ^= m64;
        memcpy(p + i, &w, 8);
    }
    for (; i < n; i++)
        p[i] ^= m[i & 7];
}

size_t pl_ws_frame_header(uint8_t hdr[PL_WS_MAX_HEADER], pl_ws_opcode_t op, int fin, int rsv1,
                          uint64_t len, const uint8_t *mask)
{
    size_t n = 2;
    hdr[0] = (uint8_t)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | ((unsigned)op & 0x0f));
    uint8_t mbit = mask != NULL ? 0x80 : 0;
    if (len < 126) {
        hdr[1] = (uint8_t)(mbit | len);
    } else if (len <= 0xffff) {
        hdr[1] = (uint8_t)(mbit | 126);
        hdr[2] = (uint8_t)(len >> 8);
        hdr[3] = (uint8_t)len;
        n = 4;
    } else {
        hdr[1] = (uint8_t)(mbit | 127);
        for (int i = 0; i < 8; i++)
            hdr[2 + i] = (uint8_t)(len >> (56 - 8 * i));
        n = 10;
    }
    if (mask != NULL) {
        memcpy(hdr + n, mask, 4);
        n += 4;
    }
    return n;
}

static void restore(pl_buf_t *out, size_t mark)
{
    out->len = mark;
    if (out->data != NULL)
        out->data[mark] = '\0';
}

static int is_data_op(pl_ws_opcode_t op) { return op == PL_WS_OP_TEXT || op == PL_WS_OP_BINARY; }

static int is_control_op(pl_ws_opcode_t op)
{
    return op == PL_WS_OP_CLOSE || op == PL_WS_OP_PING || op == PL_WS_OP_PONG;
}

/* Header + payload, masked when the codec is a client (ws may be NULL: server). */
static int write_raw(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, int fin, int rsv1,
                     const void *data, size_t len)
{
    uint8_t hdr[PL_WS_MAX_HEADER], mask[4];
    int client = ws != NULL && ws->role == PL_WS_ROLE_CLIENT;
    if (client)
        ws->cfg->mask_fn(mask, ws->cfg->mask_ud);
    size_t hlen = pl_ws_frame_header(hdr, op, fin, rsv1, len, client ? mask : NULL);
    size_t mark = out->len;
    int rv = pl_buf_append(out, hdr, hlen);
    if (rv == 0 && len > 0)
        rv = pl_buf_append(out, data, len);
    if (rv != 0) {
        restore(out, mark);
        return rv;
    }
    if (client)
        pl_ws__mask((uint8_t *)out->data + mark + hlen, len, mask, 0);
    return 0;
}

int pl_ws_frame_build(pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len)
{
    if (!is_data_op(op) && !is_control_op(op))
        return PL_ERR_INVALID_ARGUMENT;
    if (is_control_op(op) && len > PL_WS_MAX_CONTROL)
        return PL_ERR_INVALID_ARGUMENT;
    return write_raw(NULL, out, op, 1, 0, data, len);
}

int pl_ws_write_frame(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, int fin, const void *data,
                      size_t len)
{
    if (!is_data_op(op) && op != PL_WS_OP_CONT)
        return PL_ERR_INVALID_ARGUMENT;
    return write_raw(ws, out, op, fin, 0, data, len);
}

static int write_control(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len)
{
    if (len > PL_WS_MAX_CONTROL || (len > 0 && data == NULL))
        return PL_ERR_INVALID_ARGUMENT;
    return write_raw(ws, out, op, 1, 0, data, len);
}

int pl_ws_write_ping(pl_ws_t *ws, pl_buf_t *out, const void *data, size_t len)
{
    return write_control(ws, out, PL_WS_OP_PING, data, len);
}

int pl_ws_write_pong(pl_ws_t *ws, pl_buf_t *out, const void *data, size_t len)
{
    return write_control(ws, out, PL_WS_OP_PONG, data, len);
}

int pl_ws_write_close(pl_ws_t *ws, pl_buf_t *out, unsigned code, const char *reason, size_t reason_len)
{
    uint8_t payload[PL_WS_MAX_CONTROL];
    if (code == 0)
        return reason_len == 0 ? write_control(ws, out, PL_WS_OP_CLOSE, NULL, 0)
                               : PL_ERR_INVALID_ARGUMENT;
    if (!pl_ws_close_code_valid(code) || reason_len > PL_WS_MAX_CONTROL - 2 ||
        (reason_len > 0 && (reason == NULL || pl_ws_utf8_validate(reason, reason_len) != 0)))
        return PL_ERR_INVALID_ARGUMENT;
    payload[0] = (uint8_t)(code >> 8);
    payload[1] = (uint8_t)code;
    if (reason_len > 0)
        memcpy(payload + 2, reason, reason_len);
    return write_control(ws, out, PL_WS_OP_CLOSE, payload, reason_len + 2);
}

/* Deflates data into out after a header-sized gap, then writes the header
 * into place. On failure the deflater is reset (the peer never saw the
 * bytes, so our history must not include them). */
static int write_compressed(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, const uint8_t *data,
                            size_t len)
{
    static const uint8_t tail[4] = {0x00, 0x00, 0xff, 0xff};
    uint8_t chunk[DEFLATE_CHUNK], hdr[PL_WS_MAX_HEADER], mask[4];
    int client = ws->role == PL_WS_ROLE_CLIENT;
    size_t gap = client ? PL_WS_MAX_HEADER : PL_WS_MAX_HEADER - 4;
    size_t mark = out->len;
    int rv;

    if ((rv = pl_ws__deflater_get(ws)) != 0)
        return rv;
    z_stream *z = ws->deflater;
    memset(hdr, 0, sizeof(hdr));
    if ((rv = pl_buf_append(out, hdr, gap)) != 0)
        goto out;
    z->next_in = data;
    size_t left = len;
    do {
        size_t take = left > DEFLATE_IN_MAX ? DEFLATE_IN_MAX : left;
        z->avail_in = (uInt)take;
        left -= take;
        int flush = left == 0 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do {
            z->next_out = chunk;
            z->avail_out = sizeof(chunk);
            int zr = deflate(z, flush);
            if (zr != Z_OK && zr != Z_BUF_ERROR) {
                rv = PL_ERR_INTERNAL;
                goto out;
            }
            if ((rv = pl_buf_append(out, chunk, sizeof(chunk) - z->avail_out)) != 0)
                goto out;
        } while (z->avail_out == 0);
    } while (left > 0);

    size_t plen = out->len - mark - gap;
    if (plen < 4 || memcmp(out->data + out->len - 4, tail, 4) != 0) {
        rv = PL_ERR_INTERNAL;
        goto out;
    }
    plen -= 4;
    if (client)
        ws->cfg->mask_fn(mask, ws->cfg->mask_ud);
    size_t hlen = pl_ws_frame_header(hdr, op, 1, 1, plen, client ? mask : NULL);
    uint8_t *base = (uint8_t *)out->data + mark;
    memcpy(base, hdr, hlen);
    memmove(base + hlen, base + gap, plen);
    out->len = mark + hlen + plen;
    out->data[out->len] = '\0';
    if (client)
        pl_ws__mask(base + hlen, plen, mask, 0);
out:
    if (rv != 0) {
        restore(out, mark);
        if (!ws->tx_no_ctx)
            deflateReset(z);
    }
    if (ws->tx_no_ctx)
        pl_ws__deflater_free(ws);
    return rv;
}

int pl_ws_write_message(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len)
{
    if (!is_data_op(op) || (len > 0 && data == NULL))
        return PL_ERR_INVALID_ARGUMENT;
    /* an empty message gains nothing from compression, and a deflater that
     * was just flushed has no output to give for it */
    if (ws->tx_deflate && len > 0 && len >= ws->cfg->deflate_min_size)
        return write_compressed(ws, out, op, data, len);
    return write_raw(ws, out, op, 1, 0, data, len);
}

int pl_ws_frame_build_deflated(pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len,
                               int level, int mem_level, int window_bits)
{
    if (!is_data_op(op) || (len > 0 && data == NULL) || level < 1 || level > 9 || mem_level < 1 ||
        mem_level > 9 || window_bits < 9 || window_bits > 15)
        return PL_ERR_INVALID_ARGUMENT;
    if (len == 0)
        return write_raw(NULL, out, op, 1, 0, data, 0);
    /* a throw-away server codec without context takeover */
    pl_ws_config_t cfg;
    pl_ws_config_init(&cfg, PL_WS_ROLE_SERVER);
    cfg.deflate_level = level;
    cfg.deflate_mem_level = mem_level;
    struct pl_ws tmp;
    memset(&tmp, 0, sizeof(tmp));
    tmp.cfg = &cfg;
    tmp.role = PL_WS_ROLE_SERVER;
    tmp.tx_deflate = 1;
    tmp.tx_no_ctx = 1;
    tmp.tx_bits = (uint8_t)window_bits;
    return write_compressed(&tmp, out, op, data, len);
}

int pl_ws_shared_deflate_ok(const pl_ws_t *ws, int window_bits)
{
    return ws->role == PL_WS_ROLE_SERVER && ws->rx_deflate && ws->tx_no_ctx &&
           ws->tx_bits >= window_bits;
}
