/*
 * relay.c - parley-loadgen's llm-direct workload: C connections to an
 * OpenAI-compatible provider (the fake, fakellm.c), each streaming one
 * chat completion after another (closed loop, keep-alive; a new connection
 * when the provider closes one). Every delta's content carries its send
 * time ("t=<us> ", relay_proto.h); its receive time minus that is the
 * token's latency through the provider's socket and this process alone.
 * That is the reference of the relay benchmark: the same streams through
 * parleyd (tutor-closed --stamps) add parleyd's relay to it.
 *
 * Reports, over the measured window (after --warmup): streams completed
 * per second, deltas per second, token latency (p50 ... max), time from
 * the request to the first delta, and stalls: streams with a gap of more
 * than --stall-gap seconds between two deltas (over the whole run; the wait
 * for the first one is the first-delta latency), plus streams that failed
 * or never finished.
 * Text, or with --json one JSON object on stdout (the text on stderr).
 */
#include "relay.h"

#include "hist.h"
#include "lgopt.h"
#include "lgsock.h"
#include "lgutil.h"
#include "relay_proto.h"

#include "parley/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define R_SCRATCH_SIZE (256u * 1024u)
#define R_MAX_CONNECTIONS 18000L
#define R_REQUEST_MAX 8192
#define R_MAX_TEXT 1024
#define R_MAX_CONTENT 65536
#define R_MAX_STAMPS 64

typedef struct ropts {
    char host[64];
    int port;
    struct in_addr addr;
    char path[LG_RELAY_MAX_PATH + 1];
    char model[64];
    char message[R_MAX_TEXT + 1];
    long connections;
    double duration_s, warmup_s, drain_s, connect_timeout_s, stall_s;
    uint32_t src_base;
    long src_count;
    long concurrency;
    int json;
} ropts_t;

enum rstate { RS_IDLE, RS_CONNECTING, RS_READY, RS_CLOSED };

struct rb;

typedef struct rconn {
    struct rb *rb;
    int fd;
    enum rstate state;
    uint32_t index;
    int wev_on;
    struct event *rev, *wev;
    size_t out_off, out_len;  /* the request being sent: rb->req[out_off..out_len) */
    lg_relay_http_t http;
    lg_relay_sse_t sse;
    int busy;        /* a stream is under way */
    int dead;        /* no more streams on this slot */
    int got_done;    /* "[DONE]" or a finish reason came */
    int stalled;     /* this stream already counted as stalled */
    int reconnect;   /* the next stream needs a new connection */
    uint64_t started_ns, last_ns, deltas; /* last_ns: the last delta's arrival */
    uint64_t now;    /* receive time of the bytes being fed */
    char why[200];   /* why a callback stopped the feed */
} rconn_t;

typedef struct rb {
    const ropts_t *o;
    struct event_base *base;
    struct sockaddr_in dst;
    rconn_t *conns;
    size_t n;
    char req[R_REQUEST_MAX];
    size_t req_len;
    /* connect phase */
    size_t next_launch, in_flight, ready, failed;
    int started;
    struct event *connect_timer, *drain_timer;
    /* window */
    uint64_t t0, warm_end, end;
    double cpu0, cpu1;
    int have_cpu0, have_cpu1;
    struct event *window_start_ev, *window_end_ev;
    size_t active;
    int finished;
    /* outcome */
    lg_hist_t lat;    /* stamp -> received */
    lg_hist_t first;  /* request -> first delta */
    uint64_t streams, chunks, stamps, stalled, lost, errors, max_gap_ns, reconnects;
    char first_error[256];
    char content[R_MAX_CONTENT];
} rb_t;

static uint8_t scratch[R_SCRATCH_SIZE];
static FILE *rout;

static double self_cpu(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static void rb_error(rb_t *rb, const char *fmt, ...)
{
    rb->errors++;
    if (rb->first_error[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(rb->first_error, sizeof(rb->first_error), fmt, ap);
        va_end(ap);
    }
}

static void rb_finish(rb_t *rb)
{
    if (rb->finished)
        return;
    rb->finished = 1;
    if (rb->have_cpu0 && !rb->have_cpu1) {
        rb->cpu1 = self_cpu();
        rb->have_cpu1 = 1;
    }
    event_base_loopbreak(rb->base);
}

static int in_window(const rb_t *rb, uint64_t t)
{
    return rb->started && t >= rb->warm_end && t <= rb->end;
}

/* ------------------------------------------------------- connections */

static void conn_close(rconn_t *c)
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
    c->state = RS_CLOSED;
}

static void launch_more(rb_t *rb);
static void check_start(rb_t *rb);
static void stream_next(rconn_t *c);
static int conn_start(rconn_t *c, char *why, size_t whylen);

/* The slot is finished: no more streams. */
static void conn_retire(rconn_t *c)
{
    rb_t *rb = c->rb;
    if (c->dead)
        return;
    c->dead = 1;
    if (rb->started && rb->active > 0 && --rb->active == 0)
        rb_finish(rb);
}

static void conn_fail(rconn_t *c, const char *fmt, ...)
{
    rb_t *rb = c->rb;
    char why[200];
    va_list ap;
    enum rstate was = c->state;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    conn_close(c);
    rb_error(rb, "connection %" PRIu32 ": %s", c->index, why);
    if (!rb->started && (was == RS_CONNECTING || was == RS_IDLE)) {
        rb->in_flight--;
        rb->failed++;
        launch_more(rb);
        check_start(rb);
        return;
    }
    if (c->busy) {
        rb->lost++;
        c->busy = 0;
    }
    conn_retire(c);
}

static int conn_flush(rconn_t *c)
{
    if (lg_sock_send_pending(c->fd, (const uint8_t *)c->rb->req, c->out_len, &c->out_off, c->wev,
                             &c->wev_on) != 0) {
        conn_fail(c, "send: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* The stream under way ended with its response complete. */
static void stream_end(rconn_t *c)
{
    rb_t *rb = c->rb;
    uint64_t now = c->now;

    if (c->http.status != 200) {
        conn_fail(c, "the provider answered HTTP %d", c->http.status);
        return;
    }
    if (!c->got_done) {
        conn_fail(c, "the stream ended without [DONE] or a finish reason");
        return;
    }
    if (c->deltas == 0) {
        conn_fail(c, "the stream ended without a delta");
        return;
    }
    c->busy = 0;
    if (in_window(rb, now))
        rb->streams++;
    if (c->http.close) {
        conn_close(c);
        c->reconnect = 1;
    }
    if (now < rb->end && !rb->finished)
        stream_next(c);
    else
        conn_retire(c);
}

/* One SSE event of the stream. */
static int on_sse_event(void *ud, const char *type, const char *data, size_t len)
{
    rconn_t *c = ud;
    rb_t *rb = c->rb;
    uint64_t stamps[R_MAX_STAMPS], now = c->now, now_us = now / 1000u;
    size_t clen = 0;
    int finished = 0, n, rc;

    if (strcmp(type, "message") != 0)
        return 0;
    rc = lg_relay_parse_delta(data, len, rb->content, sizeof(rb->content), &clen, &finished);
    if (rc == LG_RELAY_DELTA_DONE) {
        c->got_done = 1;
        return 0;
    }
    if (rc < 0) {
        snprintf(c->why, sizeof(c->why), "%s",
                 rc == PL_ERR_PROTOCOL ? "the provider sent an error event"
                                       : "an event that is not a chat.completion.chunk");
        return -1;
    }
    if (finished)
        c->got_done = 1;
    if (clen == 0)
        return 0;
    n = lg_stamp_parse(rb->content, clen, stamps, R_MAX_STAMPS);
    if (n <= 0) {
        snprintf(c->why, sizeof(c->why), "a delta without a send-time stamp: %.40s", rb->content);
        return -1;
    }
    if (c->deltas > 0) {
        uint64_t gap = now > c->last_ns ? now - c->last_ns : 0;
        if (gap > rb->max_gap_ns)
            rb->max_gap_ns = gap;
        if (!c->stalled && gap > (uint64_t)(rb->o->stall_s * 1e9)) {
            c->stalled = 1;
            rb->stalled++;
        }
    }
    if (in_window(rb, now)) {
        if (c->deltas == 0)
            lg_hist_record(&rb->first, now - c->started_ns);
        rb->chunks++;
        rb->stamps += (uint64_t)n;
        for (int i = 0; i < n && i < R_MAX_STAMPS; i++)
            lg_hist_record(&rb->lat, now_us > stamps[i] ? (now_us - stamps[i]) * 1000u : 0);
    }
    c->last_ns = now;
    c->deltas++;
    return 0;
}

static int on_body(void *ud, const char *data, size_t len)
{
    rconn_t *c = ud;
    int rc = lg_relay_sse_feed(&c->sse, data, len, on_sse_event, c);
    if (rc != 0 && rc != PL_ERR_CALLBACK_FAILURE)
        snprintf(c->why, sizeof(c->why), "%s",
                 rc == PL_ERR_TOO_LARGE ? "an SSE line or event too large" : "out of memory");
    return rc;
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
    rconn_t *c = arg;
    ssize_t n;
    size_t off = 0;
    (void)what;

    n = recv(fd, scratch, sizeof(scratch), 0);
    c->now = lg_now_ns();
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        conn_fail(c, "recv: %s", strerror(errno));
        return;
    }
    if (n == 0) {
        if (c->busy && lg_relay_http_eof(&c->http) == 0) {
            conn_close(c);
            stream_end(c);
            return;
        }
        conn_fail(c, c->busy ? "the provider closed the connection mid-stream"
                             : "the provider closed the connection");
        return;
    }
    if (!c->busy) {
        conn_fail(c, "bytes from the provider outside a response");
        return;
    }
    while (off < (size_t)n && c->busy) {
        long used = lg_relay_http_feed(&c->http, (const char *)scratch + off, (size_t)n - off,
                                       on_body, c);
        if (used < 0) {
            conn_fail(c, "%s", used == PL_ERR_CALLBACK_FAILURE ? c->why
                               : used == PL_ERR_TOO_LARGE  ? "an HTTP response head or line too large"
                                                           : "a malformed HTTP response");
            return;
        }
        off += (size_t)used;
        if (c->http.state != LG_RELAY_H_DONE)
            break;
        if (off < (size_t)n) {
            conn_fail(c, "bytes after the response");
            return;
        }
        stream_end(c);
        return;
    }
}

static void on_writable(evutil_socket_t fd, short what, void *arg)
{
    rconn_t *c = arg;
    rb_t *rb = c->rb;
    int err = 0;
    socklen_t elen = sizeof(err);
    (void)what;

    if (c->state != RS_CONNECTING) {
        conn_flush(c);
        return;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
        err = errno;
    if (err != 0) {
        conn_fail(c, "connect: %s", strerror(err));
        return;
    }
    c->state = RS_READY;
    event_del(c->wev);
    c->wev_on = 0;
    event_add(c->rev, NULL);
    if (!rb->started) {
        rb->in_flight--;
        rb->ready++;
        launch_more(rb);
        check_start(rb);
    } else if (c->reconnect) {
        c->reconnect = 0;
        rb->reconnects++;
        if (lg_now_ns() < rb->end && !rb->finished)
            stream_next(c);
        else
            conn_retire(c);
    }
}

static int conn_start(rconn_t *c, char *why, size_t whylen)
{
    rb_t *rb = c->rb;
    const ropts_t *o = rb->o;
    uint32_t src = o->src_count > 0 ? o->src_base + (uint32_t)(c->index % (uint64_t)o->src_count) : 0;
    int fd = lg_sock_connect(src, &rb->dst, why, whylen);
    if (fd < 0)
        return -1;
    c->fd = fd;
    c->rev = event_new(rb->base, fd, EV_READ | EV_PERSIST, on_readable, c);
    c->wev = event_new(rb->base, fd, EV_WRITE | EV_PERSIST, on_writable, c);
    if (c->rev == NULL || c->wev == NULL) {
        snprintf(why, whylen, "event_new failed");
        conn_close(c);
        return -1;
    }
    c->state = RS_CONNECTING;
    event_add(c->wev, NULL);
    c->wev_on = 1;
    return 0;
}

/* Starts c's next stream: the request on its connection (a new one if needed). */
static void stream_next(rconn_t *c)
{
    rb_t *rb = c->rb;
    char why[200];

    if (c->state != RS_READY) {
        c->reconnect = 1;
        if (conn_start(c, why, sizeof(why)) != 0) {
            rb_error(rb, "connection %" PRIu32 ": reconnect: %s", c->index, why);
            conn_retire(c);
        }
        return;
    }
    lg_relay_http_init(&c->http);
    /* a new event stream, its buffers kept */
    c->sse.line_len = c->sse.data_len = 0;
    c->sse.has_data = c->sse.after_cr = 0;
    c->sse.type[0] = '\0';
    c->busy = 1;
    c->got_done = 0;
    c->stalled = 0;
    c->deltas = 0;
    c->started_ns = c->last_ns = lg_now_ns();
    c->out_off = 0;
    c->out_len = rb->req_len;
    conn_flush(c);
}

static void launch_more(rb_t *rb)
{
    char why[200];
    while (!rb->started && rb->next_launch < rb->n && rb->in_flight < (size_t)rb->o->concurrency) {
        rconn_t *c = &rb->conns[rb->next_launch++];
        rb->in_flight++;
        if (conn_start(c, why, sizeof(why)) != 0) {
            rb_error(rb, "connection %" PRIu32 ": %s", c->index, why);
            rb->in_flight--;
            rb->failed++;
        }
    }
}

static void on_connect_timeout(evutil_socket_t fd, short what, void *arg)
{
    rb_t *rb = arg;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < rb->n; i++) {
        rconn_t *c = &rb->conns[i];
        if (c->state == RS_CONNECTING) {
            conn_close(c);
            rb->in_flight--;
            rb->failed++;
            rb_error(rb, "connection %zu: not connected within %.0f s", i, rb->o->connect_timeout_s);
        } else if (c->state == RS_IDLE) {
            rb->failed++;
            rb_error(rb, "connection %zu: not started within %.0f s", i, rb->o->connect_timeout_s);
        }
    }
    rb->next_launch = rb->n;
    check_start(rb);
}

static void on_window_start(evutil_socket_t fd, short what, void *arg)
{
    rb_t *rb = arg;
    (void)fd;
    (void)what;
    rb->cpu0 = self_cpu();
    rb->have_cpu0 = 1;
}

static void on_window_end(evutil_socket_t fd, short what, void *arg)
{
    rb_t *rb = arg;
    (void)fd;
    (void)what;
    rb->cpu1 = self_cpu();
    rb->have_cpu1 = 1;
}

static void on_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
    rb_t *rb = arg;
    uint64_t missing = 0;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < rb->n; i++) {
        if (rb->conns[i].busy) {
            missing++;
            rb->conns[i].busy = 0;
        }
    }
    if (missing) {
        rb->lost += missing;
        rb_error(rb, "%" PRIu64 " streams unfinished %.1f s after the run", missing, rb->o->drain_s);
    }
    rb_finish(rb);
}

static void check_start(rb_t *rb)
{
    uint64_t now;
    struct timeval tv;

    if (rb->started || rb->ready + rb->failed < rb->n)
        return;
    rb->started = 1;
    event_del(rb->connect_timer);
    if (rb->ready == 0) {
        rb_finish(rb);
        return;
    }
    now = lg_now_ns();
    rb->t0 = now;
    rb->warm_end = now + (uint64_t)(rb->o->warmup_s * 1e9);
    rb->end = rb->warm_end + (uint64_t)(rb->o->duration_s * 1e9);
    rb->window_start_ev = evtimer_new(rb->base, on_window_start, rb);
    rb->window_end_ev = evtimer_new(rb->base, on_window_end, rb);
    rb->drain_timer = evtimer_new(rb->base, on_drain_timeout, rb);
    if (rb->window_start_ev == NULL || rb->window_end_ev == NULL || rb->drain_timer == NULL) {
        rb_error(rb, "out of memory");
        rb_finish(rb);
        return;
    }
    tv = lg_tv_from_ns(rb->warm_end - now);
    evtimer_add(rb->window_start_ev, &tv);
    tv = lg_tv_from_ns(rb->end - now);
    evtimer_add(rb->window_end_ev, &tv);
    tv = lg_tv_from_ns(rb->end - now + (uint64_t)(rb->o->drain_s * 1e9));
    evtimer_add(rb->drain_timer, &tv);
    for (size_t i = 0; i < rb->n; i++)
        if (rb->conns[i].state == RS_READY)
            rb->active++;
    for (size_t i = 0; i < rb->n; i++)
        if (rb->conns[i].state == RS_READY)
            stream_next(&rb->conns[i]);
}

/* ------------------------------------------------------------ report */

static void hist_json(FILE *f, const char *name, const lg_hist_t *h)
{
    fprintf(f,
            "\"%s\":{\"count\":%" PRIu64 ",\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,"
            "\"p999\":%.1f,\"max\":%.1f,\"mean\":%.1f}",
            name, h->total, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3);
}

static void hist_text(const char *what, const lg_hist_t *h)
{
    fprintf(rout,
            "  %s (us): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f"
            "  (%" PRIu64 " samples)\n",
            what, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3, h->total);
}

static int report(rb_t *rb)
{
    const ropts_t *o = rb->o;
    double rate = rb->streams / o->duration_s, cps = rb->chunks / o->duration_s;
    double cpu = rb->have_cpu0 && rb->have_cpu1 ? (rb->cpu1 - rb->cpu0) / o->duration_s : -1;
    int ok = rb->errors == 0 && rb->lost == 0 && rb->failed == 0 && rb->streams > 0;

    fprintf(rout, "llm-direct: %zu connections to http://%s:%d%s, one stream after another, "
            "%.1f s warm-up + %.1f s measured\n",
            rb->ready, o->host, o->port, o->path, o->warmup_s, o->duration_s);
    fprintf(rout, "  streams: %" PRIu64 " (%.1f/s), deltas %" PRIu64 " (%.1f/s); connect failures %zu, "
            "errors %" PRIu64 ", lost %" PRIu64 ", reconnects %" PRIu64 "\n",
            rb->streams, rate, rb->chunks, cps, rb->failed, rb->errors, rb->lost, rb->reconnects);
    fprintf(rout, "  stalled streams (a gap over %.1f s): %" PRIu64 "; longest gap %.1f ms\n",
            o->stall_s, rb->stalled, rb->max_gap_ns / 1e6);
    hist_text("stamp -> delta received", &rb->lat);
    hist_text("request -> first delta", &rb->first);
    if (cpu >= 0)
        fprintf(rout, "  load generator CPU: %.0f%% of one core\n", cpu * 100);
    if (rb->first_error[0])
        fprintf(rout, "  first error: %s\n", rb->first_error);
    fprintf(rout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        fprintf(stdout, "{\"mode\":\"llm-direct\",\"ok\":%s,\"host\":", ok ? "true" : "false");
        lg_json_string(stdout, o->host);
        fprintf(stdout, ",\"port\":%d,\"path\":", o->port);
        lg_json_string(stdout, o->path);
        fprintf(stdout,
                ",\"connections\":%ld,\"established\":%zu,\"connect_failures\":%zu,"
                "\"warmup_s\":%.3f,\"duration_s\":%.3f,\"streams\":%" PRIu64 ",\"rate\":%.1f,"
                "\"chunks\":%" PRIu64 ",\"chunks_per_s\":%.1f,\"stamps\":%" PRIu64
                ",\"stalled_streams\":%" PRIu64 ",\"stall_gap_s\":%.3f,\"max_gap_us\":%.1f,"
                "\"lost\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"reconnects\":%" PRIu64
                ",\"loadgen_cpu_util\":%.3f,",
                o->connections, rb->ready, rb->failed, o->warmup_s, o->duration_s, rb->streams,
                rate, rb->chunks, cps, rb->stamps, rb->stalled, o->stall_s, rb->max_gap_ns / 1e3,
                rb->lost, rb->errors, rb->reconnects, cpu);
        hist_json(stdout, "token_latency_us", &rb->lat);
        fputc(',', stdout);
        hist_json(stdout, "first_token_us", &rb->first);
        fprintf(stdout, ",\"first_error\":");
        lg_json_string(stdout, rb->first_error);
        fprintf(stdout, "}\n");
    }
    return ok ? 0 : 1;
}

/* ------------------------------------------------------ command line */

int lg_relay_is_mode(const char *mode)
{
    return strcmp(mode, "llm-direct") == 0;
}

void lg_relay_usage(FILE *f)
{
    fprintf(f,
            "provider relay reference (streams straight from an OpenAI-compatible provider):\n"
            "  llm-direct    C connections, one streamed chat completion after another\n"
            "  --port PORT (required)  --host ADDR (127.0.0.1)  --path PATH (/v1/chat/completions)\n"
            "  --model NAME (fake)  --message TEXT  -c C (500)  --duration S (10)  --warmup S (2)\n"
            "  --drain S (5)  --stall-gap S (1: a longer gap between two deltas is a stall)\n"
            "  --src-base ADDR  --src-count K  --concurrency K\n"
            "  --connect-timeout S  --json\n");
}

enum {
    RO_HOST = 256, RO_PORT, RO_PATH, RO_MODEL, RO_MESSAGE, RO_DURATION, RO_WARMUP, RO_DRAIN,
    RO_STALL, RO_SRC_BASE, RO_SRC_COUNT, RO_CONCURRENCY, RO_CONNECT_TIMEOUT, RO_JSON, RO_HELP,
};

static int relay_parse_args(int argc, char **argv, ropts_t *o)
{
    static const struct option longopts[] = {
        {"host", required_argument, NULL, RO_HOST},
        {"port", required_argument, NULL, RO_PORT},
        {"path", required_argument, NULL, RO_PATH},
        {"model", required_argument, NULL, RO_MODEL},
        {"message", required_argument, NULL, RO_MESSAGE},
        {"connections", required_argument, NULL, 'c'},
        {"duration", required_argument, NULL, RO_DURATION},
        {"warmup", required_argument, NULL, RO_WARMUP},
        {"drain", required_argument, NULL, RO_DRAIN},
        {"stall-gap", required_argument, NULL, RO_STALL},
        {"src-base", required_argument, NULL, RO_SRC_BASE},
        {"src-count", required_argument, NULL, RO_SRC_COUNT},
        {"concurrency", required_argument, NULL, RO_CONCURRENCY},
        {"connect-timeout", required_argument, NULL, RO_CONNECT_TIMEOUT},
        {"json", no_argument, NULL, RO_JSON},
        {"help", no_argument, NULL, RO_HELP},
        {NULL, 0, NULL, 0},
    };
    struct in_addr a;
    int ch;

    memset(o, 0, sizeof(*o));
    snprintf(o->host, sizeof(o->host), "127.0.0.1");
    snprintf(o->path, sizeof(o->path), "/v1/chat/completions");
    snprintf(o->model, sizeof(o->model), "fake");
    snprintf(o->message, sizeof(o->message), "Can you explain quadratic equations?");
    o->connections = 500;
    o->duration_s = 10;
    o->warmup_s = 2;
    o->drain_s = 5;
    o->stall_s = 1;
    o->connect_timeout_s = 60;
    o->src_base = 0x7f000001u;
    o->src_count = 64;
    o->concurrency = 100;
    optind = 2;
    while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case RO_HOST:
            bad = strlen(optarg) >= sizeof(o->host) || inet_pton(AF_INET, optarg, &a) != 1;
            if (!bad)
                snprintf(o->host, sizeof(o->host), "%s", optarg);
            break;
        case RO_PORT: {
            long v = 0;
            bad = lg_parse_long(optarg, 1, 65535, &v);
            o->port = (int)v;
            break;
        }
        case RO_PATH:
            bad = strlen(optarg) > LG_RELAY_MAX_PATH || optarg[0] != '/' ||
                  strpbrk(optarg, " \t\r\n") != NULL;
            if (!bad)
                snprintf(o->path, sizeof(o->path), "%s", optarg);
            break;
        case RO_MODEL:
            bad = strlen(optarg) == 0 || strlen(optarg) >= sizeof(o->model);
            if (!bad)
                snprintf(o->model, sizeof(o->model), "%s", optarg);
            break;
        case RO_MESSAGE:
            bad = strlen(optarg) == 0 || strlen(optarg) > R_MAX_TEXT;
            if (!bad)
                snprintf(o->message, sizeof(o->message), "%s", optarg);
            break;
        case 'c':
            bad = lg_parse_long(optarg, 1, R_MAX_CONNECTIONS, &o->connections);
            break;
        case RO_DURATION:
            bad = lg_parse_double(optarg, 0.01, 3600, &o->duration_s);
            break;
        case RO_WARMUP:
            bad = lg_parse_double(optarg, 0, 3600, &o->warmup_s);
            break;
        case RO_DRAIN:
            bad = lg_parse_double(optarg, 0.01, 600, &o->drain_s);
            break;
        case RO_STALL:
            bad = lg_parse_double(optarg, 0.001, 3600, &o->stall_s);
            break;
        case RO_SRC_BASE:
            bad = inet_pton(AF_INET, optarg, &a) != 1;
            if (!bad)
                o->src_base = ntohl(a.s_addr);
            break;
        case RO_SRC_COUNT:
            bad = lg_parse_long(optarg, 0, 1L << 20, &o->src_count);
            break;
        case RO_CONCURRENCY:
            bad = lg_parse_long(optarg, 1, 100000, &o->concurrency);
            break;
        case RO_CONNECT_TIMEOUT:
            bad = lg_parse_double(optarg, 0.1, 3600, &o->connect_timeout_s);
            break;
        case RO_JSON:
            o->json = 1;
            break;
        case 'h':
        case RO_HELP:
            lg_relay_usage(stdout);
            exit(0);
        default:
            lg_relay_usage(stderr);
            return -1;
        }
        if (bad) {
            fprintf(stderr, "parley-loadgen: bad value for an option: '%s'\n", optarg);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "parley-loadgen: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    if (o->port == 0) {
        fprintf(stderr, "parley-loadgen: --port is required\n");
        return -1;
    }
    inet_pton(AF_INET, o->host, &o->addr);
    return 0;
}

static void rb_cleanup(rb_t *rb)
{
    if (rb->conns) {
        for (size_t i = 0; i < rb->n; i++) {
            conn_close(&rb->conns[i]);
            lg_relay_sse_free(&rb->conns[i].sse);
        }
    }
    if (rb->connect_timer)
        event_free(rb->connect_timer);
    if (rb->drain_timer)
        event_free(rb->drain_timer);
    if (rb->window_start_ev)
        event_free(rb->window_start_ev);
    if (rb->window_end_ev)
        event_free(rb->window_end_ev);
    if (rb->base)
        event_base_free(rb->base);
    free(rb->conns);
    lg_hist_free(&rb->lat);
    lg_hist_free(&rb->first);
}

int lg_relay_main(int argc, char **argv)
{
    static rb_t rb; /* large (its content buffer); one run per process */
    ropts_t o;
    struct rlimit rl;
    struct event_config *cfg;
    struct timeval tv;
    int n, rc;

    if (relay_parse_args(argc, argv, &o) != 0)
        return 2;
    rout = o.json ? stderr : stdout;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && (rlim_t)o.connections + 16 > rl.rlim_cur) {
        fprintf(stderr, "parley-loadgen: %ld connections need more open files than the limit %lu\n",
                o.connections, (unsigned long)rl.rlim_cur);
        return 2;
    }
    memset(&rb, 0, sizeof(rb));
    rb.o = &o;
    rb.n = (size_t)o.connections;
    rb.dst.sin_family = AF_INET;
    rb.dst.sin_port = htons((uint16_t)o.port);
    rb.dst.sin_addr = o.addr;
    n = lg_relay_build_request(rb.req, sizeof(rb.req), o.host, o.port, o.path, o.model, o.message);
    if (n < 0) {
        fprintf(stderr, "parley-loadgen: the request cannot be built (bad --message?)\n");
        return 2;
    }
    rb.req_len = (size_t)n;
    cfg = event_config_new();
    if (cfg != NULL) {
        event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER | EVENT_BASE_FLAG_NOLOCK);
        rb.base = event_base_new_with_config(cfg);
        event_config_free(cfg);
    }
    rb.conns = calloc(rb.n, sizeof(rconn_t));
    if (rb.base == NULL || rb.conns == NULL || lg_hist_init(&rb.lat) != 0 ||
        lg_hist_init(&rb.first) != 0 ||
        (rb.connect_timer = evtimer_new(rb.base, on_connect_timeout, &rb)) == NULL) {
        fprintf(stderr, "parley-loadgen: setup failed (out of memory or libevent)\n");
        rb_cleanup(&rb);
        return 2;
    }
    for (size_t i = 0; i < rb.n; i++) {
        rb.conns[i].rb = &rb;
        rb.conns[i].fd = -1;
        rb.conns[i].index = (uint32_t)i;
        lg_relay_sse_init(&rb.conns[i].sse);
    }
    tv = lg_tv_from_ns((uint64_t)(o.connect_timeout_s * 1e9));
    evtimer_add(rb.connect_timer, &tv);
    launch_more(&rb);
    check_start(&rb);
    if (!rb.finished)
        event_base_dispatch(rb.base);
    rc = report(&rb);
    rb_cleanup(&rb);
    return rc;
}
