/*
 * lgconn.h - one client WebSocket of the load generator on libevent:
 * connect, upgrade, frames out (masked, queued while the socket is full),
 * frames in (pings answered, a Close answered and reported), shared by
 * the transport (loadgen.c) and seed 000 (tutor.c) modes. A mode embeds an
 * lg_conn_t as the first member of its own connection and gets its
 * messages and failures through lg_conn_ops_t. Private to bench/.
 */
#ifndef PARLEY_BENCH_LGCONN_H
#define PARLEY_BENCH_LGCONN_H

#include "lgutil.h"
#include "wsc.h"

#include <event2/event.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lg_conn_state {
    LG_CONN_IDLE,       /* not started */
    LG_CONN_CONNECTING, /* TCP connect under way */
    LG_CONN_HANDSHAKE,  /* upgrade request sent */
    LG_CONN_OPEN,       /* WebSocket open */
    LG_CONN_CLOSED,
} lg_conn_state_t;

typedef struct lg_conn lg_conn_t;

typedef struct lg_conn_ops {
    /* The upgrade succeeded (state is now LG_CONN_OPEN). */
    void (*on_open)(lg_conn_t *c);
    /* A text or binary message (not a control frame). */
    void (*on_message)(lg_conn_t *c, int opcode, const uint8_t *p, size_t n);
    /* The connection failed and is closed; was: its state before. */
    void (*on_fail)(lg_conn_t *c, lg_conn_state_t was, const char *why);
} lg_conn_ops_t;

struct lg_conn {
    /* set by the mode before lg_conn_start */
    const lg_conn_ops_t *ops;
    struct event_base *base;
    uint64_t *rng;        /* the mode's mask generator state */
    /* owned here */
    int fd;
    lg_conn_state_t state;
    int wev_on;
    struct event *rev, *wev;
    lg_buf_t in, out;
    lg_ws_decoder_t dec;
    char key[LG_WS_KEY_LEN + 1];
    char *request;        /* the upgrade request, sent once connected */
};

/** Zeroes c and sets what the mode provides (fd -1, decoder ready). */
void lg_conn_init(lg_conn_t *c, const lg_conn_ops_t *ops, struct event_base *base, uint64_t *rng);

/**
 * Opens a socket from source address src (host order; 0: any) to dst and
 * starts connecting; once connected it asks for host:port path. Returns 0,
 * or -1 with why set (c is closed).
 */
int lg_conn_start(lg_conn_t *c, uint32_t src, const struct sockaddr_in *dst, const char *host,
                  int port, const char *path, char *why, size_t whylen);

/** Queues one frame and sends what it can; 0, or -1 (not open, or the connection failed). */
int lg_conn_send_frame(lg_conn_t *c, int opcode, const uint8_t *p, size_t n);

/** Closes c and reports why through ops->on_fail (when it was not closed already). */
void lg_conn_fail(lg_conn_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Closes an open connection politely: a Close frame (1000), then the socket. */
void lg_conn_goodbye(lg_conn_t *c);

/** Closes the socket (no callback); buffers stay until lg_conn_release. */
void lg_conn_close(lg_conn_t *c);

/** Closes and frees everything c owns. */
void lg_conn_release(lg_conn_t *c);

#endif
