/*
 * server_int.h - the server's private types, shared by its source files:
 * server.c (listener, connection lifecycle, limits, shutdown), http_conn.c
 * (requests, responses, the WebSocket upgrade) and ws_conn.c (frames).
 */
#ifndef PARLEY_SERVER_INT_H
#define PARLEY_SERVER_INT_H

#include "parley/http.h"
#include "parley/server.h"
#include "parley/ws.h"

#include "iptable.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#define PL_SERVER_MAX_EXTRA_METRICS 8
/* Connections accepted past max_connections only to be told 503 / 1013. */
#define PL_SERVER_REJECT_RESERVE 64
/* Seconds a closing WebSocket waits for the peer's Close frame. */
#define PL_SERVER_CLOSE_WAIT 2.0

typedef enum pl_conn_state {
    PL_CONN_HTTP = 0, /* reading requests */
    PL_CONN_WS,       /* WebSocket open */
    PL_CONN_CLOSING,  /* output flushing, then the socket closes */
    PL_CONN_DEAD,     /* waiting to be reaped */
} pl_conn_state_t;

/* One route of either kind; the HTTP router stores a pointer to it. */
typedef struct pl_route {
    struct pl_route *next;
    pl_req_handler_fn http_fn;       /* HTTP routes */
    const pl_ws_endpoint_t *ep;      /* WebSocket routes */
    void *ud;
} pl_route_t;

/* State of a connection while it speaks HTTP; freed on upgrade. */
typedef struct pl_http_conn {
    pl_http_parser_t parser;
    pl_req_t *building;       /* head complete, body being read */
    struct timespec head_started; /* first byte of the head being read */
    int head_timing;          /* head_started is set */
    pl_buf_t body;            /* request body so far */
    pl_req_t *pending;        /* a request whose answer is not written yet */
} pl_http_conn_t;

struct pl_conn {
    pl_server_t *srv;
    struct bufferevent *bev;
    pl_conn_t *prev, *next;    /* the server's list of live connections */
    pl_conn_t *reap_next;      /* the server's reap list */
    pl_conn_t *dirty_next;     /* the server's list of connections with output to write */
    pl_ipaddr_t addr;
    uint8_t state;             /* pl_conn_state_t */
    uint8_t over_limit;        /* accepted past a connection cap: answer 503 / 1013 */
    uint8_t counted_ip;        /* counted in the per-address table */
    uint8_t ping_outstanding;  /* a keepalive ping is unanswered */
    uint8_t close_sent;        /* our Close frame is queued */
    uint8_t close_received;    /* the peer's Close frame arrived */
    uint8_t discard_input;     /* the peer broke the protocol: read and drop until it closes */
    uint8_t close_notified;    /* the endpoint's on_close ran */
    uint8_t deflate;           /* permessage-deflate negotiated */
    uint8_t dirty;             /* on the dirty list */
    uint16_t close_code;       /* code sent or received */
    pl_http_conn_t *http;      /* PL_CONN_HTTP only */
    pl_ws_t *ws;               /* PL_CONN_WS and its closing */
    const pl_ws_endpoint_t *ep;
    void *ep_ud;
    void *data;                /* the endpoint's per-connection data */
};

struct pl_req {
    pl_conn_t *conn;           /* NULL once the connection is gone */
    pl_http_method_t method;
    char method_name[16];
    char *head;                /* copy of the request head: spans resolve here */
    pl_http_request_t hreq;    /* parsed head (spans into head) */
    char *path;                /* decoded path */
    char *body;                /* NUL-terminated body (owned) */
    size_t body_len;
    pl_http_match_t match;
    struct timespec started;
    uint8_t keep_alive;
};

struct pl_server {
    const pl_config_t *cfg;
    struct event_base *base;
    struct evconnlistener *listener;
    struct event *sig_term, *sig_int;
    struct event *reaper;
    struct event *flusher;        /* writes every dirty connection at the end of a loop turn */
    pl_conn_t *dirty_list;
    struct event *shutdown_timer;
    pl_conn_t *conns;
    pl_conn_t *reap_list;
    size_t n_conns;            /* every accepted connection not yet reaped */
    size_t max_conns;
    int port;
    int shutting_down;
    pl_iptable_t ips;
    pl_metrics_t metrics;
    pl_http_router_t *router;     /* HTTP routes */
    pl_http_router_t *ws_router;  /* WebSocket routes (matched as GET) */
    pl_route_t *routes;
    pl_http_limits_t limits;
    pl_ws_config_t ws_cfg;
    pl_ws_deflate_policy_t deflate_policy;
    pl_http_cors_t cors;
    char **cors_list;
    size_t n_cors;
    char **ws_origins;
    size_t n_ws_origins;
    int ws_origins_any, ws_origins_localhost;
    struct timeval tv_handshake, tv_keepalive, tv_ping, tv_idle_rest, tv_close_wait;
    struct timespec started;
    pl_buf_t scratch;             /* frames and responses are built here, then copied out */
    pl_server_count_fn conv_count;
    void *conv_count_ud;
    struct {
        pl_server_metrics_fn fn;
        void *ud;
    } extra_metrics[PL_SERVER_MAX_EXTRA_METRICS];
    size_t n_extra_metrics;
};

/* server.c */
void pl_conn__close_now(pl_conn_t *c);
int pl_conn__queue(pl_conn_t *c, const void *data, size_t len);
void pl_conn__mark_dirty(pl_conn_t *c);
int pl_conn__check_output(pl_conn_t *c);
double pl_server__elapsed(const struct timespec *since);

/* http_conn.c */
void pl_http_conn__read(pl_conn_t *c);
void pl_http_conn__free(pl_conn_t *c);
void pl_http_conn__timeout(pl_conn_t *c);
int pl_http_conn__register_builtin(pl_server_t *s);

/* ws_conn.c */
int pl_ws_conn__start(pl_conn_t *c, const pl_ws_deflate_params_t *deflate);
void pl_ws_conn__read(pl_conn_t *c);
void pl_ws_conn__timeout(pl_conn_t *c);
void pl_ws_conn__notify_closed(pl_conn_t *c, unsigned code);

#endif
