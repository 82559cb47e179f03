/*
 * ws_int.h - the per-connection state of the WebSocket codec, shared by the
 * parser (ws_parser.c), the writer (ws_writer.c) and the permessage-deflate
 * glue to zlib (ws_deflate.c). Not part of the public API.
 */
#ifndef PARLEY_WS_INT_H
#define PARLEY_WS_INT_H

#define ZLIB_CONST
#include <zlib.h>

#include "parley/ws.h"

/* Parser states. */
enum {
    WS_ST_HEADER = 0, /* gathering a frame header */
    WS_ST_PAYLOAD,    /* inside a frame's payload */
    WS_ST_CLOSED,     /* a Close frame was delivered: input is ignored */
    WS_ST_FAILED,     /* a protocol error: pl_ws_feed returns err */
};

/*
 * Ordered by size to keep padding out: 264 bytes on LP64, of which 125 are
 * the inline control-frame payload.
 */
struct pl_ws {
    const pl_ws_config_t *cfg;
    const pl_ws_callbacks_t *cb;
    void *ud;

    uint8_t *msg;         /* reassembly buffer; NULL unless a message is pending */
    size_t msg_len;       /* bytes in msg (inflated bytes for compressed messages) */
    size_t msg_cap;
    uint64_t msg_wire;    /* payload bytes the open message's frame headers announced */
    uint64_t frame_left;  /* payload bytes of the current frame still to come */
    z_stream *inflater;   /* NULL unless inflating (or rx context takeover) */
    z_stream *deflater;   /* NULL unless deflating (or tx context takeover) */
    const char *err_reason;

    pl_ws_utf8_t utf8;    /* validator of the open text message */
    uint32_t msg_frames;  /* frames of the open message so far */
    int16_t err;          /* sticky pl_err code once failed */
    uint16_t err_code;    /* close code to send once failed */

    uint8_t state;
    uint8_t role;
    uint8_t hdr_len;      /* header bytes gathered */
    uint8_t hdr_need;     /* full header length, known after two bytes */
    uint8_t frame_op;
    uint8_t frame_fin;
    uint8_t frame_rsv1;
    uint8_t mask_pos;     /* payload offset of the current frame, mod 4 */
    uint8_t msg_op;       /* opcode of the open data message; 0 when none */
    uint8_t msg_deflated; /* the open message has RSV1 */
    uint8_t ctrl_len;
    uint8_t rx_ended;     /* the peer's deflate stream ended (BFINAL) and all input was used */
    uint8_t rx_deflate;   /* peer may send RSV1 messages */
    uint8_t rx_no_ctx;    /* drop the inflater after each message */
    uint8_t rx_bits;      /* the peer's compressor window */
    uint8_t tx_deflate;   /* we compress outgoing messages */
    uint8_t tx_no_ctx;    /* drop the deflater after each message */
    uint8_t tx_bits;      /* our compressor window */
    uint8_t mask[4];
    uint8_t hdr[PL_WS_MAX_HEADER];
    uint8_t ctrl[PL_WS_MAX_CONTROL];
};

/* zlib state, allocated through pl_try_* (ws_deflate.c). Return 0 or PL_ERR_NOMEM. */
int pl_ws__inflater_get(pl_ws_t *ws);
void pl_ws__inflater_free(pl_ws_t *ws);
int pl_ws__deflater_get(pl_ws_t *ws);
void pl_ws__deflater_free(pl_ws_t *ws);

/* XORs n bytes with the mask, starting at mask offset pos (0-3). */
void pl_ws__mask(uint8_t *p, size_t n, const uint8_t mask[4], size_t pos);

#endif
