/*
 * parley/server.h - the network server: HTTP/1.1 and WebSocket on libevent.
 *
 * One pl_server_t owns a libevent loop's listener and every connection.
 * Everything runs on the loop thread; no function here is thread-safe.
 * Applications register HTTP routes (handlers answer synchronously or later)
 * and WebSocket routes (an endpoint: open / message / close callbacks).
 *
 * Connections are never freed inside a callback that can see them: closing
 * marks the connection and the server reaps it after the callback returns,
 * so a handler may close any connection, including its own, at any time.
 */
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "parley/config.h"
#include "parley/http.h"
#include "parley/metrics.h"
#include "parley/ws.h"

#ifdef __cplusplus
extern "C" {
#endif

struct event_base;

typedef struct pl_server pl_server_t;
typedef struct pl_conn pl_conn_t;
typedef struct pl_req pl_req_t;

/* Path parameters of a matched route ({conversation_id}) are read from the
 * router's match with pl_http_match_param(). */

/* ---------------------------------------------------------------------- */
/* HTTP                                                                   */

/**
 * An HTTP handler. It answers with pl_req_respond*() now, or keeps req and
 * answers later from the loop (pl_req_respond works until the connection
 * closes: check pl_req_alive()). The request is freed after the answer.
 */
typedef void (*pl_req_handler_fn)(pl_req_t *req, void *ud);

/** Method of the request ("GET"), NUL-terminated. */
const char *pl_req_method(const pl_req_t *req);
/** The decoded path ("/api/v2/conversations/abc"). */
const char *pl_req_path(const pl_req_t *req);
/** A path parameter of the matched route, decoded; NULL if the route has none of that name. */
const char *pl_req_param(const pl_req_t *req, const char *name);
/** A decoded query parameter into buf; returns its length, or -1 if absent/too long. */
int pl_req_query(const pl_req_t *req, const char *name, char *buf, size_t len);
/** A request header (first of that name, case-insensitive); NULL if absent. Sets *len. */
const char *pl_req_header(const pl_req_t *req, const char *name, size_t *len);
/** The request body (decoded from chunked if it was); len 0 when none. NUL-terminated. */
const char *pl_req_body(const pl_req_t *req, size_t *len);
/** The server the request arrived on. */
pl_server_t *pl_req_server(const pl_req_t *req);
/** 1 while the connection can still receive the answer. */
int pl_req_alive(const pl_req_t *req);

/**
 * Answers the request: status, Content-Type (NULL: none) and body (copied).
 * HEAD requests get the head only. Returns 0, or PL_ERR_CLOSED when the
 * connection went away (req is freed either way).
 */
int pl_req_respond(pl_req_t *req, int status, const char *content_type, const void *body,
                   size_t len);
/** Answers with a JSON body. Same returns as pl_req_respond. */
int pl_req_respond_json(pl_req_t *req, int status, const char *json, size_t len);
/** Answers {"error": message, "status": status}. Same returns as pl_req_respond. */
int pl_req_respond_error(pl_req_t *req, int status, const char *message);

/**
 * Registers an HTTP route: method ("GET", ...) and a pattern with {name}
 * parameters ("/api/conversations/{id}/state"). HEAD is served by GET
 * routes. Returns 0, PL_ERR_INVALID_ARGUMENT (bad pattern) or PL_ERR_LIMIT.
 */
int pl_server_route(pl_server_t *s, const char *method, const char *pattern,
                    pl_req_handler_fn fn, void *ud);

/* ---------------------------------------------------------------------- */
/* WebSocket                                                              */

/**
 * A WebSocket endpoint. Callbacks run on the loop; any may be NULL.
 *  on_open:    the handshake succeeded and the 101 is queued. The endpoint
 *              may send and may close (e.g. 1008 for an unknown
 *              conversation). query is the raw query string (may be "").
 *  on_message: one whole text or binary message (text is valid UTF-8).
 *  on_close:   the connection is gone (code: what was sent or received,
 *              1006 when it dropped). Called once; c is invalid afterwards.
 */
typedef struct pl_ws_endpoint {
    void (*on_open)(pl_conn_t *c, const pl_http_match_t *route, const char *query, void *ud);
    void (*on_message)(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud);
    void (*on_close)(pl_conn_t *c, unsigned code, void *ud);
    /** Subprotocols the endpoint speaks, in order of preference; NULL-terminated or NULL. */
    const char *const *subprotocols;
} pl_ws_endpoint_t;

/** Registers a WebSocket route. Same returns as pl_server_route. */
int pl_server_ws_route(pl_server_t *s, const char *pattern, const pl_ws_endpoint_t *ep, void *ud);

/**
 * Queues one text or binary message. Returns 0; PL_ERR_CLOSED (closing or
 * closed: dropped); PL_ERR_LIMIT (the client's pending output passed the
 * output cap: the connection is being closed as a slow reader).
 */
int pl_conn_send(pl_conn_t *c, pl_ws_opcode_t op, const void *data, size_t len);
/** pl_conn_send for text. */
int pl_conn_send_text(pl_conn_t *c, const char *data, size_t len);

/**
 * Fan-out: a frame made once with pl_ws_frame_build() sent to many
 * connections. Connections that negotiated compression get the payload
 * re-framed (compressed) instead. payload/len are the unframed message for
 * that case. Same returns as pl_conn_send.
 */
int pl_conn_send_prebuilt(pl_conn_t *c, const pl_buf_t *frame, pl_ws_opcode_t op,
                          const void *payload, size_t len);

/**
 * Starts the close handshake with code and reason (reason may be NULL).
 * The endpoint's on_close follows once the connection is gone. Idempotent.
 */
void pl_conn_close(pl_conn_t *c, unsigned code, const char *reason);
/** Per-connection user data for the endpoint. */
void pl_conn_set_data(pl_conn_t *c, void *data);
void *pl_conn_data(const pl_conn_t *c);
/** The peer address as text ("127.0.0.1"). */
const char *pl_conn_peer(const pl_conn_t *c);
/** The server a connection belongs to. */
pl_server_t *pl_conn_server(const pl_conn_t *c);
/** Bytes queued for the client and not yet written. */
size_t pl_conn_pending_output(const pl_conn_t *c);

/* ---------------------------------------------------------------------- */
/* Server                                                                 */

/** Statistics callback for /health ("conversations"); may be NULL. */
typedef size_t (*pl_server_count_fn)(void *ud);

/**
 * Makes a server on base with cfg (borrowed: must outlive the server).
 * Registers /health and /metrics. Returns NULL (logged) on bad settings.
 */
pl_server_t *pl_server_new(struct event_base *base, const pl_config_t *cfg);

/**
 * A new event base for a server's loop (NULL when libevent cannot make
 * one): timers at the clock's precision. libevent's default reads the
 * coarse clock, a scheduler tick wide (4 ms on a 250 Hz kernel), so a 1 ms
 * timer (libcurl asks for many) could fire a tick late. The caller frees it
 * with event_base_free().
 */
struct event_base *pl_server_base_new(void);

/**
 * Writes every connection's pending output now, as the end of the loop
 * turn would (that flush then finds less to do): for callbacks the server
 * does not run, such as an upstream's data, whose frames should not wait
 * for the rest of the turn. From the loop thread, outside the server's own
 * callbacks; it may close connections whose peer is gone. Returns how many
 * connections had output waiting.
 */
size_t pl_server_flush(pl_server_t *s);
/** Binds and listens. Returns 0 or PL_ERR_IO (logged, e.g. port in use). */
int pl_server_listen(pl_server_t *s);
/** The port actually bound (useful with --port 0). */
int pl_server_port(const pl_server_t *s);
/** Installs SIGTERM/SIGINT handlers that call pl_server_shutdown. */
int pl_server_handle_signals(pl_server_t *s);
/**
 * Graceful shutdown: stops accepting, sends close 1001 to every WebSocket,
 * lets in-flight HTTP answers finish, and exits the loop when all
 * connections are gone or after cfg->shutdown_timeout.
 */
void pl_server_shutdown(pl_server_t *s);
/** The server's metrics (for other modules to render or update). */
pl_metrics_t *pl_server_metrics(pl_server_t *s);
/** Sets the /health "conversations" counter source. */
void pl_server_set_conversation_counter(pl_server_t *s, pl_server_count_fn fn, void *ud);
/** Extra /metrics text appended by other modules; called at each scrape. */
typedef int (*pl_server_metrics_fn)(pl_buf_t *out, void *ud);
void pl_server_add_metrics(pl_server_t *s, pl_server_metrics_fn fn, void *ud);
/** Frees the server and closes every connection at once (no handshake). */
void pl_server_free(pl_server_t *s);
/** The loop the server runs on. */
struct event_base *pl_server_base(const pl_server_t *s);

#ifdef __cplusplus
}
#endif
#endif
