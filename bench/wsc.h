/*
 * wsc.h - the client side of RFC 6455 as the load generator needs it, with
 * no I/O: the opening handshake request and the check of the server's 101
 * response (Sec-WebSocket-Accept through OpenSSL's SHA-1), masked client
 * frames, and an incremental decoder of unmasked server frames that
 * reassembles fragmented messages. Private to bench/; no extensions and no
 * subprotocols are offered, so none may be accepted.
 */
#ifndef PARLEY_BENCH_WSC_H
#define PARLEY_BENCH_WSC_H

#include <stddef.h>
#include <stdint.h>

/* Length of a Sec-WebSocket-Key: base64 of 16 random bytes. */
#define LG_WS_KEY_LEN 24
/* Length of a Sec-WebSocket-Accept: base64 of a 20-byte SHA-1. */
#define LG_WS_ACCEPT_LEN 28
/* Longest 101 response head accepted, blank line included. */
#define LG_WS_MAX_RESPONSE_HEAD 8192
/* Longest client frame header: 2 + 8 (64-bit length) + 4 (mask). */
#define LG_WS_FRAME_HEADER_MAX 14
/* Default cap on one reassembled server message. */
#define LG_WS_DEFAULT_MAX_MESSAGE (16u * 1024u * 1024u)

enum {
    LG_WS_OP_CONT = 0x0,
    LG_WS_OP_TEXT = 0x1,
    LG_WS_OP_BINARY = 0x2,
    LG_WS_OP_CLOSE = 0x8,
    LG_WS_OP_PING = 0x9,
    LG_WS_OP_PONG = 0xA,
};

/* Incremental decoder state of one connection. Owns msg (the reassembly
 * buffer of a fragmented message); release it with lg_ws_decoder_free(). */
typedef struct lg_ws_decoder {
    size_t max_message; /* cap on one message, fragments summed */
    uint8_t *msg;       /* reassembly buffer, owned */
    size_t msg_len;
    size_t msg_cap;
    int msg_opcode;     /* opcode of the message being reassembled */
    int in_message;     /* a fragmented message is open */
} lg_ws_decoder_t;

/* One decoded message or control frame. data points into the caller's input
 * or into the decoder's buffer and is valid until the next decode call. */
typedef struct lg_ws_event {
    int opcode;
    const uint8_t *data;
    size_t len;
} lg_ws_event_t;

/** Fills key with a fresh random Sec-WebSocket-Key, NUL-terminated. Returns 0 or PL_ERR_INTERNAL (no randomness). */
int lg_ws_make_key(char key[LG_WS_KEY_LEN + 1]);

/** Computes the Sec-WebSocket-Accept value for key, NUL-terminated. Returns 0 or PL_ERR_INTERNAL. */
int lg_ws_accept_for(const char *key, char accept[LG_WS_ACCEPT_LEN + 1]);

/** Writes the GET upgrade request for path into out (cap bytes). Returns its length, or PL_ERR_TOO_LARGE. */
int lg_ws_build_request(char *out, size_t cap, const char *host, int port,
                        const char *path, const char *key);

/**
 * Checks the server's response head at the start of buf against key.
 * *status receives the status code once the status line is complete.
 * Returns the length of the head (through the blank line) for a valid 101,
 * PL_ERR_INCOMPLETE when more bytes are needed, PL_ERR_TOO_LARGE past
 * LG_WS_MAX_RESPONSE_HEAD, PL_ERR_PARSE for a malformed head,
 * PL_ERR_PROTOCOL for another status or a missing/wrong Upgrade,
 * Connection or Sec-WebSocket-Accept, PL_ERR_UNSUPPORTED when the server
 * selected an extension or subprotocol that was never offered.
 */
int lg_ws_check_response(const char *buf, size_t len, const char *key, int *status);

/** Bytes lg_ws_encode_frame() writes for a payload of len bytes. Returns that size. */
size_t lg_ws_frame_size(size_t len);

/**
 * Writes one final (FIN) client frame of opcode with payload masked by mask
 * into out, which must hold lg_ws_frame_size(len) bytes. Returns the bytes written.
 */
size_t lg_ws_encode_frame(uint8_t *out, int opcode, const uint8_t *payload,
                          size_t len, uint32_t mask);

/** Prepares d with a message cap (0 selects LG_WS_DEFAULT_MAX_MESSAGE). Returns nothing. */
void lg_ws_decoder_init(lg_ws_decoder_t *d, size_t max_message);

/** Frees d's reassembly buffer; d may be initialised again. Returns nothing. */
void lg_ws_decoder_free(lg_ws_decoder_t *d);

/**
 * Decodes the next frame at the start of buf. On success *consumed is the
 * frame's length. Returns 1 when *ev holds a complete message or a control
 * frame, 0 when the frame was a fragment that did not finish its message,
 * PL_ERR_INCOMPLETE when buf holds no whole frame (nothing consumed),
 * PL_ERR_PROTOCOL for a masked, reserved-bit, bad-opcode, non-minimal or
 * misfragmented frame, PL_ERR_TOO_LARGE past the message cap, PL_ERR_NOMEM.
 */
int lg_ws_decode(lg_ws_decoder_t *d, const uint8_t *buf, size_t len,
                 size_t *consumed, lg_ws_event_t *ev);

#endif
