/*
 * parley/ws.h - the WebSocket protocol core (RFC 6455) with permessage-deflate
 * (RFC 7692), sans-IO.
 *
 * Nothing here touches a socket. The module has three parts:
 *
 *  - Handshake helpers: Sec-WebSocket-Key validation and the Accept value,
 *    the version check, subprotocol selection, permessage-deflate
 *    negotiation (server and client side) and the 101 response head.
 *  - pl_ws_utf8_*: an incremental, fail-fast UTF-8 validator (a DFA).
 *  - pl_ws_t: the per-connection frame codec. pl_ws_feed() takes bytes read
 *    from the peer and calls back with whole messages and control frames;
 *    the pl_ws_write_* functions append frames to a caller's pl_buf_t.
 *
 * Memory: an idle pl_ws_t is one heap block of 264 bytes on LP64 (the
 * tests hold it under PL_WS_CONN_SIZE_MAX), 125 of them the inline buffer
 * for a control frame split across reads. A message that does not arrive
 * whole in one pl_ws_feed() call owns one reassembly buffer (never larger
 * than its frame headers announced, or max_message_size + 1 when
 * inflating), freed after delivery. With permessage-deflate and
 * no_context_takeover in the direction concerned (the server's default
 * policy asks for it both ways), zlib state exists only while a message is
 * being inflated or deflated:
 *   inflate: about 7 KiB + 2^max(9, window bits) (39 KiB at 15 bits);
 *   deflate: about 6 KiB + 2^(window_bits+2) + 2^(mem_level+9)
 *            (18 KiB at the server defaults: window 10, memLevel 4).
 * With context takeover the state stays for the connection's life.
 */
#ifndef PARLEY_WS_H
#define PARLEY_WS_H

#include <stddef.h>
#include <stdint.h>

#include "parley/mem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Constants                                                                */

/** The GUID RFC 6455 appends to the client's key. */
#define PL_WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
/** Length of a Sec-WebSocket-Key value (base64 of 16 bytes). */
#define PL_WS_KEY_LEN 24
/** Length of a Sec-WebSocket-Accept value (base64 of a SHA-1). */
#define PL_WS_ACCEPT_LEN 28
/** The header line a 426 answer to a bad Sec-WebSocket-Version carries. */
#define PL_WS_VERSION_HEADER "Sec-WebSocket-Version: 13\r\n"
/** Largest frame header: 2 + 8 (length) + 4 (mask). */
#define PL_WS_MAX_HEADER 14
/** Largest control frame payload (RFC 6455 5.5). */
#define PL_WS_MAX_CONTROL 125
/** Default cap on one message (after inflation), in bytes. */
#define PL_WS_DEFAULT_MAX_MESSAGE (1024u * 1024u)
/** Default cap on the frames of one fragmented message. */
#define PL_WS_DEFAULT_MAX_FRAMES 16384u
/** Upper bound on sizeof the per-connection state (checked by the tests). */
#define PL_WS_CONN_SIZE_MAX 320

/** Frame opcodes (RFC 6455 5.2). */
typedef enum pl_ws_opcode {
    PL_WS_OP_CONT = 0x0,
    PL_WS_OP_TEXT = 0x1,
    PL_WS_OP_BINARY = 0x2,
    PL_WS_OP_CLOSE = 0x8,
    PL_WS_OP_PING = 0x9,
    PL_WS_OP_PONG = 0xA,
} pl_ws_opcode_t;

/** Close codes (RFC 6455 7.4.1). 1005 and 1006 are never sent. */
enum {
    PL_WS_CLOSE_NORMAL = 1000,
    PL_WS_CLOSE_GOING_AWAY = 1001,
    PL_WS_CLOSE_PROTOCOL_ERROR = 1002,
    PL_WS_CLOSE_UNSUPPORTED_DATA = 1003,
    PL_WS_CLOSE_NO_STATUS = 1005,
    PL_WS_CLOSE_ABNORMAL = 1006,
    PL_WS_CLOSE_INVALID_PAYLOAD = 1007,
    PL_WS_CLOSE_POLICY = 1008,
    PL_WS_CLOSE_TOO_BIG = 1009,
    PL_WS_CLOSE_MANDATORY_EXT = 1010,
    PL_WS_CLOSE_INTERNAL_ERROR = 1011,
};

/** Which end of the connection a codec plays. */
typedef enum pl_ws_role {
    PL_WS_ROLE_SERVER = 0, /* expects masked frames, sends unmasked */
    PL_WS_ROLE_CLIENT = 1, /* expects unmasked frames, sends masked */
} pl_ws_role_t;

/** Returns 1 when code may appear in a Close frame on the wire (1000-1003, 1007-1014, 3000-4999), else 0. */
int pl_ws_close_code_valid(unsigned code);

/* ------------------------------------------------------------------------ */
/* UTF-8 validation                                                         */

/*
 * An incremental validator: feed the bytes of one text in any number of
 * pieces; a code point may be split between pieces. It fails at the first
 * byte after which no continuation could be valid (overlongs, surrogates,
 * code points above U+10FFFF, stray continuation bytes).
 */
typedef struct pl_ws_utf8 {
    uint32_t state;
} pl_ws_utf8_t;

/** Resets the validator to the start of a text. Cannot fail. */
void pl_ws_utf8_init(pl_ws_utf8_t *v);
/** Validates the next n bytes. Returns 0, or PL_ERR_UTF8 (sticky) when the text can no longer be valid. */
int pl_ws_utf8_feed(pl_ws_utf8_t *v, const void *p, size_t n);
/** Ends the text. Returns 0, or PL_ERR_UTF8 if it failed or stops inside a code point. */
int pl_ws_utf8_finish(const pl_ws_utf8_t *v);
/** Validates one whole text. Returns 0 or PL_ERR_UTF8. */
int pl_ws_utf8_validate(const void *p, size_t n);

/* ------------------------------------------------------------------------ */
/* Handshake helpers                                                        */

/** Checks a Sec-WebSocket-Key: base64 of exactly 16 bytes, canonical. Returns 0 or PL_ERR_PARSE (answer 400). */
int pl_ws_key_validate(const char *key, size_t len);

/**
 * Computes Sec-WebSocket-Accept for a key into out (PL_WS_ACCEPT_LEN chars
 * plus a NUL). Returns 0, PL_ERR_PARSE (invalid key) or PL_ERR_INTERNAL
 * (SHA-1 unavailable).
 */
int pl_ws_accept_compute(const char *key, size_t len, char out[PL_WS_ACCEPT_LEN + 1]);

/** Checks Sec-WebSocket-Version. Returns 0 for "13", else PL_ERR_UNSUPPORTED (answer 426 with PL_WS_VERSION_HEADER). */
int pl_ws_version_check(const char *value, size_t len);

/**
 * Picks a subprotocol: the first entry of supported[] (the server's order of
 * preference) that the client's comma-separated Sec-WebSocket-Protocol value
 * lists (repeated header lines must be joined with ", " first). Returns its index (>= 0), PL_ERR_NOT_FOUND (no common protocol:
 * answer without the header) or PL_ERR_PARSE (malformed list).
 */
int pl_ws_subprotocol_select(const char *value, size_t len, const char *const *supported,
                             size_t nsupported);

/*
 * permessage-deflate. The policy says what one side wants; the params are
 * the negotiated outcome handed to pl_ws_new().
 */
typedef struct pl_ws_deflate_policy {
    /** 0 declines every offer (server) / makes no offer (client). */
    uint8_t enabled;
    /** Server: always answer server_no_context_takeover. Client: offer it. */
    uint8_t server_no_context_takeover;
    /** Server: always answer client_no_context_takeover (RFC 7692 7.1.1.2 allows it). Client: offer it. */
    uint8_t client_no_context_takeover;
    /** Server: window bits of its compressor, 9-15 (lowered further when the client asks). Client: offer this limit when < 15. */
    uint8_t server_max_window_bits;
    /** Server: limit the client's window to this (8-15) when the client allows it; 15 = no limit. Client: window bits of its compressor, 9-15. */
    uint8_t client_max_window_bits;
} pl_ws_deflate_policy_t;

/** The negotiated permessage-deflate parameters of one connection. */
typedef struct pl_ws_deflate_params {
    uint8_t enabled;                    /* 1: RSV1 messages allowed */
    uint8_t server_no_context_takeover; /* the server resets its compressor per message */
    uint8_t client_no_context_takeover; /* the client resets its compressor per message */
    uint8_t server_max_window_bits;     /* window of the server's compressor, 8-15 */
    uint8_t client_max_window_bits;     /* window of the client's compressor, 8-15 */
} pl_ws_deflate_params_t;

/** Fills the default policy: enabled, no context takeover both ways, server window 10, client window unlimited (15). */
void pl_ws_deflate_policy_init(pl_ws_deflate_policy_t *p);

/**
 * Server side: reads the client's Sec-WebSocket-Extensions value (offers in
 * order of preference, possibly several extensions and several
 * permessage-deflate offers; repeated header lines joined with ", ") and accepts the first acceptable
 * permessage-deflate offer (RFC 7692 5 and 7: offers with unknown,
 * duplicate or invalid parameters are declined). On acceptance sets
 * *params (enabled = 1) and appends the response header value to resp.
 * Returns 0 (accepted, or declined with params->enabled = 0 and nothing
 * appended), PL_ERR_PARSE (malformed header: params->enabled = 0; the
 * caller may answer 400 or go on without extensions), or PL_ERR_TOO_LARGE /
 * PL_ERR_NOMEM from resp.
 */
int pl_ws_deflate_negotiate(const char *value, size_t len, const pl_ws_deflate_policy_t *policy,
                            pl_ws_deflate_params_t *params, pl_buf_t *resp);

/** Client side: appends a Sec-WebSocket-Extensions offer for the policy. Returns 0, PL_ERR_TOO_LARGE or PL_ERR_NOMEM. */
int pl_ws_deflate_offer(const pl_ws_deflate_policy_t *policy, pl_buf_t *out);

/**
 * Client side: checks the server's Sec-WebSocket-Extensions response against
 * the offer made from policy and fills *params. A NULL/empty value means no
 * extension. Returns 0, or PL_ERR_PROTOCOL (the client must fail the
 * connection: unknown extension, bad or unrequested parameter).
 */
int pl_ws_deflate_response_parse(const char *value, size_t len, const pl_ws_deflate_policy_t *policy,
                                 pl_ws_deflate_params_t *params);

/** The WebSocket headers of an upgrade request; absent headers have NULL pointers. */
typedef struct pl_ws_upgrade_request {
    const char *key;
    size_t key_len;
    const char *version;
    size_t version_len;
    const char *protocols; /* Sec-WebSocket-Protocol, NULL when absent */
    size_t protocols_len;
    const char *extensions; /* Sec-WebSocket-Extensions, NULL when absent */
    size_t extensions_len;
} pl_ws_upgrade_request_t;

/**
 * Appends a 101 Switching Protocols head (ending with the blank line) to out.
 * protocol (NUL-terminated) and extensions (len bytes) may be NULL to omit
 * those headers. Returns 0, PL_ERR_PARSE (invalid key), PL_ERR_TOO_LARGE or
 * PL_ERR_NOMEM (out is then unchanged).
 */
int pl_ws_handshake_response(pl_buf_t *out, const char *key, size_t key_len, const char *protocol,
                             const char *extensions, size_t extensions_len);

/**
 * The whole server handshake: checks version and key, selects a
 * subprotocol, negotiates permessage-deflate (policy may be NULL: none) and
 * appends the 101 head to out. *protocol_index gets the chosen index into
 * protocols[] or -1; *deflate gets the negotiated parameters. Returns 0,
 * PL_ERR_UNSUPPORTED (answer 426 with PL_WS_VERSION_HEADER), PL_ERR_PARSE
 * (answer 400: bad or missing key, malformed protocol or extension list),
 * PL_ERR_TOO_LARGE or PL_ERR_NOMEM. On failure out is unchanged.
 */
int pl_ws_server_handshake(const pl_ws_upgrade_request_t *req, const char *const *protocols,
                           size_t nprotocols, const pl_ws_deflate_policy_t *policy,
                           int *protocol_index, pl_ws_deflate_params_t *deflate, pl_buf_t *out);

/* ------------------------------------------------------------------------ */
/* The frame codec                                                          */

typedef struct pl_ws pl_ws_t;

/**
 * Callbacks; any may be NULL (the event is then dropped). Data pointers are
 * valid only during the call. Return 0 to go on; any other value stops
 * pl_ws_feed(), which returns PL_ERR_CALLBACK_FAILURE (the codec then
 * stays failed with close code 1011). A callback may call the pl_ws_write_*
 * functions, but must not feed or free the codec that called it.
 */
typedef struct pl_ws_callbacks {
    /** A complete data message: op is PL_WS_OP_TEXT (valid UTF-8) or PL_WS_OP_BINARY. */
    int (*on_message)(pl_ws_t *ws, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud);
    /** A ping (answer with a pong carrying the same payload); may arrive inside a fragmented message. */
    int (*on_ping)(pl_ws_t *ws, const uint8_t *data, size_t len, void *ud);
    /** A pong. */
    int (*on_pong)(pl_ws_t *ws, const uint8_t *data, size_t len, void *ud);
    /** A valid Close frame: code is PL_WS_CLOSE_NO_STATUS (1005) when it had no payload; reason is UTF-8, not NUL-terminated. Later input is ignored. */
    int (*on_close)(pl_ws_t *ws, unsigned code, const char *reason, size_t reason_len, void *ud);
} pl_ws_callbacks_t;

/** Fills *mask with 4 bytes the peer cannot predict (client role). */
typedef void (*pl_ws_mask_fn)(uint8_t mask[4], void *ud);

/**
 * Settings shared by many connections. The caller owns it; it must outlive
 * every codec made with it and not change while they live.
 */
typedef struct pl_ws_config {
    pl_ws_role_t role;
    size_t max_message_size;         /* > 0; inflated size for compressed messages (1009) */
    uint32_t max_frames_per_message; /* > 0; more frames in one message fail with 1008 */
    int deflate_level;               /* zlib level 1-9 for outgoing messages */
    int deflate_mem_level;           /* zlib memLevel 1-9 for outgoing messages */
    size_t deflate_min_size;         /* shorter (and empty) messages go out uncompressed */
    pl_ws_mask_fn mask_fn;           /* client role: required */
    void *mask_ud;
} pl_ws_config_t;

/** Fills defaults: 1 MiB messages, PL_WS_DEFAULT_MAX_FRAMES frames, deflate level 6, memLevel 4, min size 64. */
void pl_ws_config_init(pl_ws_config_t *cfg, pl_ws_role_t role);

/**
 * Makes a codec. cfg and cb are borrowed (must outlive it); deflate may be
 * NULL (no extension) and is copied. Returns 0 and sets *out (free with
 * pl_ws_free), PL_ERR_INVALID_ARGUMENT (bad config, client without
 * mask_fn, bad deflate params) or PL_ERR_NOMEM.
 */
int pl_ws_new(pl_ws_t **out, const pl_ws_config_t *cfg, const pl_ws_deflate_params_t *deflate,
              const pl_ws_callbacks_t *cb, void *ud);
/** Frees the codec, its buffers and zlib state; NULL is fine. */
void pl_ws_free(pl_ws_t *ws);

/**
 * Consumes len bytes read from the peer, calling back for each complete
 * message and control frame. The bytes are unmasked IN PLACE (data is
 * modified) so that a whole message in one read is delivered without a
 * copy. Returns 0 when every byte was consumed, or:
 *   PL_ERR_PROTOCOL  frame rule broken (close 1002)
 *   PL_ERR_UTF8      invalid text or close reason (1007)
 *   PL_ERR_PARSE     corrupt compressed data (1007)
 *   PL_ERR_TOO_LARGE message over max_message_size (1009)
 *   PL_ERR_LIMIT     more than max_frames_per_message frames (1008)
 *   PL_ERR_NOMEM     allocation failed (1011)
 *   PL_ERR_CALLBACK_FAILURE a callback returned non-zero (1011)
 * An error is sticky: later calls return it again. pl_ws_error_code() and
 * pl_ws_error_reason() say what to put in the Close frame. After a Close
 * frame was delivered, further input is ignored (returns 0).
 */
int pl_ws_feed(pl_ws_t *ws, uint8_t *data, size_t len);

/** The close code to send after pl_ws_feed() failed (1002, 1007, 1008, 1009, 1011), or 0 if it did not. */
unsigned pl_ws_error_code(const pl_ws_t *ws);
/** A static, short, ASCII close reason for the failure ("" if none). */
const char *pl_ws_error_reason(const pl_ws_t *ws);
/** Returns 1 once a Close frame from the peer was delivered, else 0. */
int pl_ws_close_received(const pl_ws_t *ws);
/** Returns 1 when a message is partly received (buffered or open), else 0. */
int pl_ws_message_pending(const pl_ws_t *ws);

/**
 * Appends one whole data message as a single frame, compressed (RSV1) when
 * permessage-deflate was negotiated and len >= deflate_min_size, masked in
 * the client role. op is PL_WS_OP_TEXT or PL_WS_OP_BINARY (the payload is
 * not checked). Returns 0, PL_ERR_INVALID_ARGUMENT, PL_ERR_TOO_LARGE or
 * PL_ERR_NOMEM (out is then unchanged).
 */
int pl_ws_write_message(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len);

/**
 * Appends one uncompressed frame as given: op may be PL_WS_OP_CONT for the
 * later fragments of a message; fin says whether it ends it. Masked in the
 * client role. Returns 0, PL_ERR_INVALID_ARGUMENT (control op, or reserved
 * op), PL_ERR_TOO_LARGE or PL_ERR_NOMEM.
 */
int pl_ws_write_frame(pl_ws_t *ws, pl_buf_t *out, pl_ws_opcode_t op, int fin, const void *data,
                      size_t len);

/** Appends a ping (len <= 125). Returns 0, PL_ERR_INVALID_ARGUMENT, PL_ERR_TOO_LARGE or PL_ERR_NOMEM. */
int pl_ws_write_ping(pl_ws_t *ws, pl_buf_t *out, const void *data, size_t len);
/** Appends a pong (len <= 125). Returns 0, PL_ERR_INVALID_ARGUMENT, PL_ERR_TOO_LARGE or PL_ERR_NOMEM. */
int pl_ws_write_pong(pl_ws_t *ws, pl_buf_t *out, const void *data, size_t len);
/**
 * Appends a Close frame. code 0 sends an empty payload (no reason allowed);
 * otherwise code must satisfy pl_ws_close_code_valid() and reason (UTF-8,
 * <= 123 bytes, may be NULL when reason_len is 0) follows it. Returns 0,
 * PL_ERR_INVALID_ARGUMENT, PL_ERR_TOO_LARGE or PL_ERR_NOMEM.
 */
int pl_ws_write_close(pl_ws_t *ws, pl_buf_t *out, unsigned code, const char *reason, size_t reason_len);

/**
 * The fan-out fast path: appends one unmasked, uncompressed, final frame
 * (header and payload) to out with no codec at all. The bytes are what
 * pl_ws_write_message() produces for a server without compression, so one
 * event can be serialized once and the same buffer sent to many
 * connections that did not negotiate permessage-deflate. Returns 0,
 * PL_ERR_INVALID_ARGUMENT (op not text/binary/ping/pong/close, or a control
 * payload over 125), PL_ERR_TOO_LARGE or PL_ERR_NOMEM.
 */
int pl_ws_frame_build(pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len);

/**
 * The fan-out fast path with compression: appends one unmasked, final,
 * compressed (RSV1) frame whose deflate stream uses no earlier context and a
 * window of window_bits (9-15), at zlib level (1-9) and mem_level (1-9).
 * Such a frame is valid on every server connection for which
 * pl_ws_shared_deflate_ok(ws, window_bits) says 1, so a broadcast is
 * compressed once. Empty data is written uncompressed. zlib state lives
 * only during the call. Returns 0, PL_ERR_INVALID_ARGUMENT, PL_ERR_TOO_LARGE
 * or PL_ERR_NOMEM (out unchanged).
 */
int pl_ws_frame_build_deflated(pl_buf_t *out, pl_ws_opcode_t op, const void *data, size_t len,
                               int level, int mem_level, int window_bits);

/**
 * Returns 1 when frames from pl_ws_frame_build_deflated(..., window_bits)
 * may be sent on this connection (server role, permessage-deflate with
 * server_no_context_takeover, a window of at least window_bits), else 0.
 */
int pl_ws_shared_deflate_ok(const pl_ws_t *ws, int window_bits);

/**
 * Writes a frame header into hdr: fin, rsv1, opcode, payload length and,
 * when mask is non-NULL, the masking key (the payload is not touched).
 * Returns the header length (2 to PL_WS_MAX_HEADER). Cannot fail.
 */
size_t pl_ws_frame_header(uint8_t hdr[PL_WS_MAX_HEADER], pl_ws_opcode_t op, int fin, int rsv1,
                          uint64_t len, const uint8_t *mask);

#ifdef __cplusplus
}
#endif
#endif
