/*
 * ws_conn.c - a WebSocket on a connection: the glue between the bufferevent
 * and the sans-IO codec (src/ws), keepalive pings, the close handshake and
 * the send functions endpoints use.
 *
 * Input: the read callback hands every contiguous chunk of the input buffer
 * to pl_ws_feed() (which unmasks in place) and drains it. Output: frames are
 * appended to the bufferevent's output buffer; the bufferevent writes them
 * when the socket is writable, so everything queued for a socket during one
 * loop turn leaves in one writev(2).
 *
 * Close handshake: when the peer's Close arrives we echo its code, flush and
 * close the socket (the server closes TCP first, RFC 6455 7.1.1). When we
 * close first we send our Close, keep reading (bounded by a short read
 * timeout) until the peer's Close or EOF, then close.
 */
#include "server_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <string.h>
#include <sys/socket.h>

static const char *MOD = "ws";

void pl_ws_conn__notify_closed(pl_conn_t *c, unsigned code)
{
    if (c->close_notified || c->ep == NULL)
        return;
    c->close_notified = 1;
    c->srv->metrics.websockets_open--;
    if (c->ep->on_close != NULL)
        c->ep->on_close(c, code, c->ep_ud);
}

/* Appends what the codec wrote to the scratch buffer to the output. */
static int flush_scratch(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    int rv = pl_conn__queue(c, s->scratch.data, s->scratch.len);
    pl_buf_reset(&s->scratch);
    return rv;
}

static void close_with(pl_conn_t *c, unsigned code, const char *reason)
{
    pl_server_t *s = c->srv;
    if (c->state == PL_CONN_DEAD)
        return;
    if (!c->close_sent) {
        c->close_sent = 1;
        c->close_code = (uint16_t)code;
        pl_metrics_count_close(&s->metrics, (int)code);
        pl_buf_reset(&s->scratch);
        size_t rlen = reason ? strlen(reason) : 0;
        if (rlen > 123)
            rlen = 123;
        if (pl_ws_write_close(c->ws, &s->scratch, code == PL_WS_CLOSE_NO_STATUS ? 0 : code,
                              reason, code == PL_WS_CLOSE_NO_STATUS ? 0 : rlen) == 0) {
            s->metrics.frames_out++;
            if (flush_scratch(c) != 0)
                return;
        }
    }
    c->state = PL_CONN_CLOSING;
    /* The endpoint learns now: nothing more may be sent. */
    pl_ws_conn__notify_closed(c, code);
    if (c->close_received) {
        if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
            pl_conn__close_now(c);
        return;
    }
    /* Wait (briefly) for the peer's Close. */
    bufferevent_set_timeouts(c->bev, &s->tv_close_wait, NULL);
}

void pl_conn_close(pl_conn_t *c, unsigned code, const char *reason)
{
    if (c->state != PL_CONN_WS)
        return;
    close_with(c, code, reason);
}

static int on_message(pl_ws_t *ws, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)ws;
    pl_conn_t *c = ud;
    c->srv->metrics.messages_in++;
    c->srv->metrics.frames_in++;
    if (c->state == PL_CONN_WS && c->ep->on_message != NULL)
        c->ep->on_message(c, op, data, len, c->ep_ud);
    return 0;
}

static int on_ping(pl_ws_t *ws, const uint8_t *data, size_t len, void *ud)
{
    pl_conn_t *c = ud;
    pl_server_t *s = c->srv;
    s->metrics.frames_in++;
    if (c->state != PL_CONN_WS)
        return 0;
    pl_buf_reset(&s->scratch);
    if (pl_ws_write_pong(ws, &s->scratch, data, len) == 0) {
        s->metrics.frames_out++;
        (void)flush_scratch(c);
    }
    return 0;
}

static int on_pong(pl_ws_t *ws, const uint8_t *data, size_t len, void *ud)
{
    (void)ws;
    (void)data;
    (void)len;
    pl_conn_t *c = ud;
    c->srv->metrics.frames_in++;
    c->ping_outstanding = 0;
    return 0;
}

static int on_close(pl_ws_t *ws, unsigned code, const char *reason, size_t reason_len, void *ud)
{
    (void)ws;
    (void)reason;
    (void)reason_len;
    pl_conn_t *c = ud;
    c->srv->metrics.frames_in++;
    c->close_received = 1;
    if (!c->close_sent) {
        /* Echo the code (an empty Close is answered with an empty Close). */
        close_with(c, code, NULL);
    } else if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
        pl_conn__close_now(c);
    }
    return 0;
}

static const pl_ws_callbacks_t codec_callbacks = {
    .on_message = on_message,
    .on_ping = on_ping,
    .on_pong = on_pong,
    .on_close = on_close,
};

int pl_ws_conn__start(pl_conn_t *c, const pl_ws_deflate_params_t *deflate)
{
    pl_server_t *s = c->srv;
    int rv = pl_ws_new(&c->ws, &s->ws_cfg, deflate->enabled ? deflate : NULL, &codec_callbacks, c);
    if (rv != 0)
        return rv;
    c->deflate = deflate->enabled;
    c->state = PL_CONN_WS;
    s->metrics.websockets_open++;
    bufferevent_set_timeouts(c->bev, &s->tv_ping, NULL);
    return 0;
}

/* Frames in the input: the codec counts nothing, so count from its calls. */
void pl_ws_conn__read(pl_conn_t *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    /* Any byte proves the peer alive. The read timeout re-arms by itself on
     * every read; it only changes back after a keepalive ping. */
    if (c->ping_outstanding) {
        c->ping_outstanding = 0;
        if (c->state == PL_CONN_WS)
            bufferevent_set_timeouts(c->bev, &c->srv->tv_ping, NULL);
    }
    while (c->state != PL_CONN_DEAD && evbuffer_get_length(in) > 0) {
        struct evbuffer_iovec vec[8];
        int n = evbuffer_peek(in, -1, NULL, vec, 8);
        if (n <= 0)
            break;
        if (n > 8)
            n = 8;
        size_t consumed = 0;
        int rv = 0;
        for (int i = 0; i < n && rv == 0; i++) {
            rv = pl_ws_feed(c->ws, vec[i].iov_base, vec[i].iov_len);
            consumed += vec[i].iov_len;
            if (c->state == PL_CONN_DEAD)
                return;
        }
        evbuffer_drain(in, consumed);
        if (rv != 0) {
            unsigned code = pl_ws_error_code(c->ws);
            const char *why = pl_ws_error_reason(c->ws);
            if (code == PL_WS_CLOSE_TOO_BIG)
                c->srv->metrics.limit_hits[PL_LIMIT_MESSAGE_SIZE]++;
            else if (code == PL_WS_CLOSE_POLICY && rv == PL_ERR_LIMIT)
                c->srv->metrics.limit_hits[PL_LIMIT_FRAMES_PER_MESSAGE]++;
            pl_log_info(MOD, "closing %s: %s (%u)", pl_conn_peer(c), why, code);
            if (c->state == PL_CONN_WS) {
                close_with(c, code ? code : PL_WS_CLOSE_PROTOCOL_ERROR, why);
            }
            /* Nothing more is parsed: the peer broke the protocol. What it
             * still sends is dropped until it closes or the close wait
             * ends (output_drained sends our FIN once the Close is out). */
            evbuffer_drain(in, evbuffer_get_length(in));
            if (c->state == PL_CONN_DEAD)
                return;
            c->discard_input = 1;
            if (c->state != PL_CONN_CLOSING) {
                pl_conn__close_now(c);
                return;
            }
            bufferevent_set_timeouts(c->bev, &c->srv->tv_close_wait, NULL);
            if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
                shutdown(bufferevent_getfd(c->bev), SHUT_WR);
            return;
        }
    }
}

void pl_ws_conn__timeout(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    if (c->ping_outstanding) {
        s->metrics.limit_hits[PL_LIMIT_IDLE_TIMEOUT]++;
        pl_log_info(MOD, "closing %s: idle timeout", pl_conn_peer(c));
        close_with(c, PL_WS_CLOSE_GOING_AWAY, "idle timeout");
        /* The peer is silent: do not wait for its Close. */
        c->close_received = 1;
        bufferevent_enable(c->bev, EV_READ);
        if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
            pl_conn__close_now(c);
        return;
    }
    pl_buf_reset(&s->scratch);
    if (pl_ws_write_ping(c->ws, &s->scratch, "keepalive", 9) == 0) {
        s->metrics.frames_out++;
        if (flush_scratch(c) != 0)
            return;
    }
    c->ping_outstanding = 1;
    bufferevent_set_timeouts(c->bev, &s->tv_idle_rest, NULL);
    /* A read timeout disables reading: turn it back on. */
    bufferevent_enable(c->bev, EV_READ);
}

int pl_conn_send(pl_conn_t *c, pl_ws_opcode_t op, const void *data, size_t len)
{
    pl_server_t *s = c->srv;
    if (c->state != PL_CONN_WS)
        return PL_ERR_CLOSED;
    int rv = pl_conn__check_output(c);
    if (rv != 0)
        return rv;
    if (!c->deflate) {
        /* Header and payload copied once into the output: small frames are
         * assembled on the stack so they cost one evbuffer_add. */
        uint8_t frame[PL_WS_MAX_HEADER + 512];
        size_t hlen = pl_ws_frame_header(frame, op, 1, 0, len, NULL);
        struct evbuffer *out = bufferevent_get_output(c->bev);
        if (len <= sizeof(frame) - hlen) {
            if (len > 0)
                memcpy(frame + hlen, data, len);
            if (evbuffer_add(out, frame, hlen + len) != 0)
                return PL_ERR_NOMEM;
        } else if (evbuffer_add(out, frame, hlen) != 0 || evbuffer_add(out, data, len) != 0) {
            return PL_ERR_NOMEM;
        }
        s->metrics.bytes_out += hlen + len;
        pl_conn__mark_dirty(c);
    } else {
        pl_buf_reset(&s->scratch);
        rv = pl_ws_write_message(c->ws, &s->scratch, op, data, len);
        if (rv != 0)
            return rv;
        rv = pl_conn__queue(c, s->scratch.data, s->scratch.len);
        pl_buf_reset(&s->scratch);
        if (rv != 0)
            return rv;
    }
    s->metrics.frames_out++;
    s->metrics.messages_out++;
    return 0;
}

int pl_conn_send_text(pl_conn_t *c, const char *data, size_t len)
{
    return pl_conn_send(c, PL_WS_OP_TEXT, data, len);
}

int pl_conn_send_prebuilt(pl_conn_t *c, const pl_buf_t *frame, pl_ws_opcode_t op,
                          const void *payload, size_t len)
{
    pl_server_t *s = c->srv;
    if (c->state != PL_CONN_WS)
        return PL_ERR_CLOSED;
    if (c->deflate)
        return pl_conn_send(c, op, payload, len);
    int rv = pl_conn__check_output(c);
    if (rv != 0)
        return rv;
    if (evbuffer_add(bufferevent_get_output(c->bev), frame->data, frame->len) != 0)
        return PL_ERR_NOMEM;
    pl_conn__mark_dirty(c);
    s->metrics.bytes_out += frame->len;
    s->metrics.frames_out++;
    s->metrics.messages_out++;
    return 0;
}
