/*
 * lgconn.c - the load generator's client WebSocket (see lgconn.h).
 */
#include "lgconn.h"

#include "lgsock.h"

#include "parley/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What one recv may read; bytes left over wait in the connection's buffer. */
#define LG_CONN_SCRATCH (256u * 1024u)
/* Unsent output past which the server is taken to have stopped reading. */
#define LG_CONN_MAX_BACKLOG (64u * 1024u * 1024u)
/* Longest upgrade request. */
#define LG_CONN_REQUEST_MAX 1024

static uint8_t scratch[LG_CONN_SCRATCH];

void lg_conn_init(lg_conn_t *c, const lg_conn_ops_t *ops, struct event_base *base, uint64_t *rng)
{
    memset(c, 0, sizeof(*c));
    c->ops = ops;
    c->base = base;
    c->rng = rng;
    c->fd = -1;
    lg_ws_decoder_init(&c->dec, 0);
}

void lg_conn_close(lg_conn_t *c)
{
    if (c->rev) {
        event_free(c->rev);
        c->rev = NULL;
    }
    if (c->wev) {
        event_free(c->wev);
        c->wev = NULL;
    }
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    c->wev_on = 0;
    c->state = LG_CONN_CLOSED;
}

void lg_conn_release(lg_conn_t *c)
{
    lg_conn_close(c);
    lg_buf_free(&c->in);
    lg_buf_free(&c->out);
    lg_ws_decoder_free(&c->dec);
    free(c->request);
    c->request = NULL;
}

void lg_conn_fail(lg_conn_t *c, const char *fmt, ...)
{
    char why[200];
    va_list ap;
    lg_conn_state_t was = c->state;

    if (was == LG_CONN_CLOSED || was == LG_CONN_IDLE)
        return;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    lg_conn_close(c);
    c->ops->on_fail(c, was, why);
}

/* Sends what is queued; on EAGAIN waits for writability. 0, or -1 (failed, closed). */
static int conn_flush(lg_conn_t *c)
{
    size_t off = c->out.start;
    int rc = lg_sock_send_pending(c->fd, c->out.p, c->out.end, &off, c->wev, &c->wev_on);
    lg_buf_consume(&c->out, off - c->out.start);
    if (rc != 0) {
        lg_conn_fail(c, "send: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int lg_conn_send_frame(lg_conn_t *c, int opcode, const uint8_t *p, size_t n)
{
    size_t need = lg_ws_frame_size(n);

    if (c->state != LG_CONN_OPEN)
        return -1;
    if (lg_buf_len(&c->out) + need > LG_CONN_MAX_BACKLOG) {
        lg_conn_fail(c, "more than %u bytes queued unsent: the server stopped reading",
                     LG_CONN_MAX_BACKLOG);
        return -1;
    }
    if (lg_buf_reserve(&c->out, need) != 0) {
        lg_conn_fail(c, "out of memory");
        return -1;
    }
    c->out.end += lg_ws_encode_frame(c->out.p + c->out.end, opcode, p, n, lg_next_mask(c->rng));
    if (c->wev_on)
        return 0; /* the writable callback flushes */
    return conn_flush(c);
}

void lg_conn_goodbye(lg_conn_t *c)
{
    static const uint8_t code[2] = {0x03, 0xe8};
    if (c->state == LG_CONN_OPEN && lg_buf_len(&c->out) == 0) {
        uint8_t frame[LG_WS_FRAME_HEADER_MAX + 2];
        size_t n = lg_ws_encode_frame(frame, LG_WS_OP_CLOSE, code, 2, lg_next_mask(c->rng));
        (void)send(c->fd, frame, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    lg_conn_close(c);
}

static void handle_frames(lg_conn_t *c, const uint8_t *data, size_t len, size_t *used)
{
    while (c->state == LG_CONN_OPEN && *used < len) {
        size_t k = 0;
        lg_ws_event_t ev;
        int r = lg_ws_decode(&c->dec, data + *used, len - *used, &k, &ev);
        if (r == PL_ERR_INCOMPLETE)
            return;
        if (r < 0) {
            lg_conn_fail(c, "bad frame from server (%s)",
                         r == PL_ERR_TOO_LARGE ? "message too large" : "protocol error");
            return;
        }
        *used += k;
        if (r == 0)
            continue;
        switch (ev.opcode) {
        case LG_WS_OP_PING:
            lg_conn_send_frame(c, LG_WS_OP_PONG, ev.data, ev.len);
            break;
        case LG_WS_OP_PONG:
            break;
        case LG_WS_OP_CLOSE: {
            unsigned code = ev.len >= 2 ? (unsigned)ev.data[0] << 8 | ev.data[1] : 1005;
            lg_conn_send_frame(c, LG_WS_OP_CLOSE, ev.data, ev.len >= 2 ? 2 : 0);
            if (c->state == LG_CONN_OPEN)
                lg_conn_fail(c, "server closed the WebSocket (code %u)", code);
            return;
        }
        default:
            c->ops->on_message(c, ev.opcode, ev.data, ev.len);
            break;
        }
    }
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
    lg_conn_t *c = arg;
    const uint8_t *data;
    size_t len, used = 0;
    ssize_t n;

    (void)what;
    n = recv(fd, scratch, sizeof(scratch), 0);
    if (n == 0) {
        lg_conn_fail(c, c->state == LG_CONN_OPEN
                            ? "server closed the connection"
                            : "server closed the connection during the handshake");
        return;
    }
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        lg_conn_fail(c, "recv: %s", strerror(errno));
        return;
    }
    if (lg_buf_len(&c->in) == 0) {
        data = scratch;
        len = (size_t)n;
    } else {
        if (lg_buf_append(&c->in, scratch, (size_t)n) != 0) {
            lg_conn_fail(c, "out of memory");
            return;
        }
        data = c->in.p + c->in.start;
        len = lg_buf_len(&c->in);
    }

    if (c->state == LG_CONN_HANDSHAKE) {
        int status = 0;
        int r = lg_ws_check_response((const char *)data, len, c->key, &status);
        if (r == PL_ERR_INCOMPLETE)
            goto stash;
        if (r < 0) {
            if (status && status != 101)
                lg_conn_fail(c, "upgrade refused with HTTP status %d", status);
            else
                lg_conn_fail(c, "bad upgrade response (%s)",
                             r == PL_ERR_UNSUPPORTED ? "unrequested extension or subprotocol"
                                                     : "missing or wrong upgrade headers");
            return;
        }
        used = (size_t)r;
        c->state = LG_CONN_OPEN;
        c->ops->on_open(c);
        if (c->state != LG_CONN_OPEN)
            return;
    }
    handle_frames(c, data, len, &used);
    if (c->state != LG_CONN_OPEN)
        return;
stash:
    if (data == scratch) {
        if (used < len && lg_buf_append(&c->in, data + used, len - used) != 0)
            lg_conn_fail(c, "out of memory");
    } else {
        lg_buf_consume(&c->in, used);
    }
}

static void on_writable(evutil_socket_t fd, short what, void *arg)
{
    lg_conn_t *c = arg;
    int err = 0;
    socklen_t elen = sizeof(err);

    (void)what;
    if (c->state != LG_CONN_CONNECTING) {
        conn_flush(c);
        return;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
        err = errno;
    if (err != 0) {
        lg_conn_fail(c, "connect: %s", strerror(err));
        return;
    }
    c->state = LG_CONN_HANDSHAKE;
    event_del(c->wev);
    c->wev_on = 0;
    event_add(c->rev, NULL);
    int rc = lg_buf_append(&c->out, c->request, strlen(c->request));
    free(c->request);
    c->request = NULL;
    if (rc != 0) {
        lg_conn_fail(c, "out of memory");
        return;
    }
    conn_flush(c);
}

int lg_conn_start(lg_conn_t *c, uint32_t src, const struct sockaddr_in *dst, const char *host,
                  int port, const char *path, char *why, size_t whylen)
{
    char req[LG_CONN_REQUEST_MAX];
    if (lg_ws_make_key(c->key) != 0) {
        snprintf(why, whylen, "no randomness for Sec-WebSocket-Key");
        return -1;
    }
    int n = lg_ws_build_request(req, sizeof(req), host, port, path, c->key);
    if (n < 0) {
        snprintf(why, whylen, "upgrade request too long");
        return -1;
    }
    free(c->request);
    if ((c->request = strdup(req)) == NULL) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    int fd = lg_sock_connect(src, dst, why, whylen);
    if (fd < 0) {
        lg_conn_close(c);
        return -1;
    }
    c->fd = fd;
    c->rev = event_new(c->base, fd, EV_READ | EV_PERSIST, on_readable, c);
    c->wev = event_new(c->base, fd, EV_WRITE | EV_PERSIST, on_writable, c);
    if (c->rev == NULL || c->wev == NULL) {
        snprintf(why, whylen, "event_new failed");
        lg_conn_close(c);
        return -1;
    }
    c->state = LG_CONN_CONNECTING;
    event_add(c->wev, NULL);
    c->wev_on = 1;
    return 0;
}
