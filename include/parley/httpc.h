/*
 * parley/httpc.h - outgoing HTTP requests on the event loop: libcurl's
 * multi-socket interface driven by libevent.
 *
 * One pl_httpc_t per event_base holds one CURLM; curl tells it which sockets
 * to watch (CURLMOPT_SOCKETFUNCTION) and when to wake it
 * (CURLMOPT_TIMERFUNCTION), and it answers with libevent events and one
 * timer. No thread per request and no blocking call on the loop (name
 * resolution is curl's asynchronous resolver).
 *
 * A request streams: on_head once the response head is in (before any body
 * byte), on_body for each piece of the body as it arrives, then on_done
 * exactly once, unless the request was cancelled. Every callback runs on the
 * loop and never from inside pl_httpc_start() or pl_httpc_cancel().
 * Callbacks may start new requests and cancel any request, their own
 * included (calls made while curl is running are deferred until it
 * returns, which libcurl requires). A cancelled request gets no further
 * callback; its transfer is removed from curl at once (or, from inside a
 * callback, as soon as curl returns), which closes its connection.
 *
 * Timeouts (seconds; 0 = none): connect (TCP and TLS), first byte (from
 * the start to the first body byte), idle (between body pieces, once the
 * first has arrived) and total.
 */
#ifndef PARLEY_HTTPC_H
#define PARLEY_HTTPC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct event_base;

typedef struct pl_httpc pl_httpc_t;
typedef struct pl_httpc_req pl_httpc_req_t;

/* Which deadline ended a request (pl_httpc_result_t.timeout). */
typedef enum pl_httpc_timeout_kind {
    PL_HTTPC_TIMEOUT_NONE = 0,
    PL_HTTPC_TIMEOUT_CONNECT,
    PL_HTTPC_TIMEOUT_FIRST_BYTE,
    PL_HTTPC_TIMEOUT_IDLE,
    PL_HTTPC_TIMEOUT_TOTAL,
} pl_httpc_timeout_kind_t;

/* How a request ended. Strings are valid during on_done only. */
typedef struct pl_httpc_result {
    /*
     * 0: a complete response (any HTTP status). Otherwise:
     * PL_ERR_IO       no connection could be made (refused, unreachable,
     *                 name not found, TLS handshake failed); nothing was sent
     * PL_ERR_TIMEOUT  a deadline passed (see timeout)
     * PL_ERR_CLOSED   the connection broke or closed before the response
     *                 was complete
     * PL_ERR_CALLBACK_FAILURE  on_head or on_body asked to stop
     * PL_ERR_PROTOCOL any other transfer error (see curl_code)
     */
    int err;
    pl_httpc_timeout_kind_t timeout;
    int curl_code;          /* the CURLcode */
    const char *message;    /* curl's description of the failure, "" on success */
    long status;            /* HTTP status, 0 when no response head came */
    int connected;          /* a connection was made (so the request may have been sent) */
    double retry_after;     /* seconds from a Retry-After header, -1 when absent */
    size_t body_bytes;      /* body bytes delivered to on_body */
} pl_httpc_result_t;

typedef struct pl_httpc_callbacks {
    /**
     * The response head is complete. content_type may be NULL. Return 0 to
     * go on, non-zero to stop (on_done follows with PL_ERR_CALLBACK_FAILURE).
     * Optional.
     */
    int (*on_head)(void *ud, long status, const char *content_type, double retry_after);
    /** A piece of the body. Return 0 to go on, non-zero to stop (as above). */
    int (*on_body)(void *ud, const char *data, size_t len);
    /** The request ended; exactly once, unless it was cancelled. */
    void (*on_done)(void *ud, const pl_httpc_result_t *r);
} pl_httpc_callbacks_t;

/* One request. Everything is copied by pl_httpc_start(). */
typedef struct pl_httpc_request {
    const char *method;             /* "POST" (default when NULL), "GET", ... */
    const char *url;
    const char *const *headers;     /* "Name: value" strings, NULL-terminated; may be NULL */
    const char *body;               /* request body, may be NULL */
    size_t body_len;
    double connect_timeout;         /* seconds; 0 = none (curl's default of 300 s) */
    double first_byte_timeout;      /* seconds from the start to the first body byte; 0 = none */
    double idle_timeout;            /* seconds between body pieces; 0 = none */
    double total_timeout;           /* seconds for the whole request; 0 = none */
} pl_httpc_request_t;

/**
 * Makes the client of an event loop (owned by the caller: pl_httpc_free).
 * Returns NULL when libcurl cannot be set up.
 */
pl_httpc_t *pl_httpc_new(struct event_base *base);

/**
 * Calls fn(ud, started) after each round of libcurl work on a socket that
 * became ready, once every callback of the round has returned; started is
 * when the round began (CLOCK_MONOTONIC seconds), before libcurl read the
 * socket. Where a server writes out what the round produced (the streamed
 * tokens) instead of leaving it for the end of the loop turn, behind every
 * other socket's work, and times that. NULL fn: nothing (the default).
 */
void pl_httpc_set_after_io(pl_httpc_t *h, void (*fn)(void *ud, double started), void *ud);

/**
 * Frees the client, cancelling every request still running (no callback
 * follows). Not from inside one of its callbacks. NULL is fine.
 */
void pl_httpc_free(pl_httpc_t *h);

/**
 * Starts a request. Returns 0 and sets *out (the handle stays valid until
 * on_done has returned or pl_httpc_cancel() is called), or
 * PL_ERR_INVALID_ARGUMENT (no url or no on_done, a bad option) or
 * PL_ERR_NOMEM. No callback runs before this returns.
 */
int pl_httpc_start(pl_httpc_t *h, const pl_httpc_request_t *req, const pl_httpc_callbacks_t *cb,
                   void *ud, pl_httpc_req_t **out);

/**
 * Cancels a request: no callback follows, the connection is closed and the
 * handle freed. Not after its on_done has returned.
 */
void pl_httpc_cancel(pl_httpc_req_t *r);

/**
 * Caps the connections the client holds open at once, idle kept-alive ones
 * included (0: no cap, the default). Requests past the cap wait for a free
 * connection (their deadlines run meanwhile). Returns 0 or
 * PL_ERR_INVALID_ARGUMENT.
 */
int pl_httpc_set_max_connections(pl_httpc_t *h, size_t n);

/** Requests running (started and neither done nor cancelled). */
size_t pl_httpc_active(const pl_httpc_t *h);

/** A static name of a timeout kind ("connect", "first byte", "idle", "total", "none"). */
const char *pl_httpc_timeout_name(pl_httpc_timeout_kind_t k);

#ifdef __cplusplus
}
#endif
#endif
