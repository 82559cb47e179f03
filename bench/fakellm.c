/*
 * fakellm.c - parley-fakellm: a fake OpenAI-compatible streaming provider
 * for the relay benchmark. One libevent loop, one bufferevent per
 * connection, HTTP/1.1 keep-alive; many concurrent streams.
 *
 *   parley-fakellm [--port N] [--bind ADDR] [--tokens N] [--interval-ms MS]
 *                  [--first-delay-ms MS] [--seed N]
 *
 * POST .../chat/completions (any prefix) answers 200 with
 * Transfer-Encoding: chunked and an SSE stream: a role delta at once, then
 * --tokens deltas --interval-ms apart, each delta's content the stamp of its
 * send time "t=<CLOCK_MONOTONIC microseconds> " (relay_proto.h), then a
 * chunk with finish_reason "stop" and "data: [DONE]". The first token comes
 * --first-delay-ms after the request (default: a random delay below one
 * interval, so concurrent streams do not tick in step). Every token is due
 * at first + k * interval, so a late tick does not shift the rest. The
 * request body is read (by Content-Length; Expect: 100-continue is
 * answered) but not interpreted.
 *
 * GET /health answers JSON counters: streams active, started, completed,
 * abandoned (the client went away), tokens sent, requests refused.
 * Anything else: 404; a malformed request: 400 and close. With --port 0 it
 * picks a free port; either way it prints "PORT <n>" on stdout once it
 * listens. SIGTERM or SIGINT: exit 0.
 */
#include "lgopt.h"
#include "relay_proto.h"

#include "parley/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Request head cap; past it: 431 and close. */
#define FK_MAX_HEAD 16384
/* Request body cap; past it: 413 and close. */
#define FK_MAX_BODY (8u * 1024u * 1024u)
/* Unsent output per connection before a client counts as gone. */
#define FK_MAX_OUTPUT (4u * 1024u * 1024u)
#define FK_MODEL "fake"

typedef struct fopts {
    char bind[64];
    int port;
    long tokens;
    double interval_ms;
    double first_delay_ms; /* < 0: random below one interval */
    uint64_t seed;
} fopts_t;

typedef struct fake {
    const fopts_t *o;
    struct event_base *base;
    struct evconnlistener *listener;
    uint64_t rng;
    struct fconn *conns; /* every open connection, for the clean-up at exit */
    uint64_t active, started, completed, abandoned, tokens_sent, refused, connections;
} fake_t;

enum fstate { FS_HEAD, FS_BODY, FS_STREAM, FS_CLOSING };

typedef struct fconn {
    fake_t *f;
    struct fconn *prev, *next;
    struct bufferevent *bev;
    struct event *timer;
    enum fstate state;
    lg_relay_request_t req;
    uint64_t body_left;
    int keep_alive;
    long sent;          /* tokens sent in the stream under way */
    uint64_t first_ns;  /* when its first token is due */
} fconn_t;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

static uint64_t rnd(fake_t *f)
{
    uint64_t x = f->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    f->rng = x;
    return x * UINT64_C(2685821657736338717);
}

static void conn_free(fconn_t *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else if (c->f->conns == c)
        c->f->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->state == FS_STREAM) {
        c->f->active--;
        c->f->abandoned++;
    }
    if (c->timer)
        event_free(c->timer);
    if (c->bev)
        bufferevent_free(c->bev);
    free(c);
}

static void on_event(struct bufferevent *bev, short what, void *arg);

static void on_flushed_close(struct bufferevent *bev, void *arg)
{
    fconn_t *c = arg;
    if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
        conn_free(c);
}

/* Answers a short response; with close, closes once it is written. */
static void respond(fconn_t *c, int status, const char *reason, const char *ctype,
                    const char *body, int close)
{
    struct evbuffer *out = bufferevent_get_output(c->bev);
    size_t n = strlen(body);
    evbuffer_add_printf(out,
                        "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n",
                        status, reason, ctype, n, close ? "Connection: close\r\n" : "");
    evbuffer_add(out, body, n);
    if (close) {
        c->state = FS_CLOSING;
        bufferevent_disable(c->bev, EV_READ);
        bufferevent_setcb(c->bev, NULL, on_flushed_close, on_event, c);
    }
}

/* Writes one SSE event as one HTTP chunk. */
static void write_event(fconn_t *c, const char *content, const char *finish)
{
    char ev[512];
    int n = lg_relay_format_event(ev, sizeof(ev), FK_MODEL, content, finish);
    if (n > 0)
        evbuffer_add_printf(bufferevent_get_output(c->bev), "%x\r\n%s\r\n", (unsigned)n, ev);
}

static void process(fconn_t *c);

static void schedule(fconn_t *c)
{
    const fopts_t *o = c->f->o;
    uint64_t due = c->first_ns + (uint64_t)((double)c->sent * o->interval_ms * 1e6);
    uint64_t now = now_ns();
    uint64_t wait = due > now ? due - now : 0;
    struct timeval tv = {(time_t)(wait / 1000000000u), (suseconds_t)((wait % 1000000000u) / 1000u)};
    evtimer_add(c->timer, &tv);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    fconn_t *c = arg;
    fake_t *f = c->f;
    char stamp[LG_STAMP_MAX];
    struct timespec ts;
    (void)fd;
    (void)what;

    if (c->state != FS_STREAM)
        return;
    if (evbuffer_get_length(bufferevent_get_output(c->bev)) > FK_MAX_OUTPUT) {
        conn_free(c); /* the client stopped reading */
        return;
    }
    if (c->sent < f->o->tokens) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        lg_stamp_format(stamp, sizeof(stamp),
                        (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
        write_event(c, stamp, NULL);
        c->sent++;
        f->tokens_sent++;
        if (c->sent < f->o->tokens) {
            schedule(c);
            return;
        }
    }
    write_event(c, NULL, "stop");
    evbuffer_add_printf(bufferevent_get_output(c->bev), "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n");
    c->state = FS_HEAD;
    f->active--;
    f->completed++;
    if (!c->keep_alive) {
        c->state = FS_CLOSING;
        bufferevent_disable(c->bev, EV_READ);
        bufferevent_setcb(c->bev, NULL, on_flushed_close, on_event, c);
        return;
    }
    process(c); /* a request that came meanwhile */
}

static int is_completions(const char *path)
{
    const char *q = strchr(path, '?');
    size_t n = q ? (size_t)(q - path) : strlen(path);
    static const char suffix[] = "/chat/completions";
    size_t k = sizeof(suffix) - 1;
    return n >= k && memcmp(path + n - k, suffix, k) == 0;
}

static void start_stream(fconn_t *c)
{
    fake_t *f = c->f;
    const fopts_t *o = f->o;
    double first = o->first_delay_ms >= 0 ? o->first_delay_ms
                                          : (double)(rnd(f) >> 11) / 9007199254740992.0 * o->interval_ms;
    evbuffer_add_printf(bufferevent_get_output(c->bev),
                        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n%s\r\n",
                        c->keep_alive ? "" : "Connection: close\r\n");
    write_event(c, NULL, NULL);
    c->state = FS_STREAM;
    c->sent = 0;
    c->first_ns = now_ns() + (uint64_t)(first * 1e6);
    f->active++;
    f->started++;
    schedule(c);
}

static void route(fconn_t *c)
{
    fake_t *f = c->f;
    const lg_relay_request_t *r = &c->req;
    char body[512];

    if (strcmp(r->method, "POST") == 0 && is_completions(r->path)) {
        start_stream(c);
        return;
    }
    if (strcmp(r->method, "GET") == 0 && strcmp(r->path, "/health") == 0) {
        snprintf(body, sizeof(body),
                 "{\"ok\":true,\"stack\":\"parley-fakellm\",\"tokens_per_stream\":%ld,"
                 "\"interval_ms\":%.3f,\"streams_active\":%" PRIu64 ",\"streams_started\":%" PRIu64
                 ",\"streams_completed\":%" PRIu64 ",\"streams_abandoned\":%" PRIu64
                 ",\"tokens_sent\":%" PRIu64 ",\"refused\":%" PRIu64 ",\"connections\":%" PRIu64 "}",
                 f->o->tokens, f->o->interval_ms, f->active, f->started, f->completed, f->abandoned,
                 f->tokens_sent, f->refused, f->connections);
        respond(c, 200, "OK", "application/json", body, !c->keep_alive);
        return;
    }
    f->refused++;
    respond(c, 404, "Not Found", "application/json",
            "{\"error\":{\"message\":\"no such route\",\"type\":\"invalid_request_error\"}}",
            !c->keep_alive);
}

/* Handles what is buffered: request heads and bodies, until a stream starts. */
static void process(fconn_t *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    fake_t *f = c->f;

    while (c->state == FS_HEAD || c->state == FS_BODY) {
        if (c->state == FS_HEAD) {
            struct evbuffer_ptr at = evbuffer_search(in, "\r\n\r\n", 4, NULL);
            size_t have = evbuffer_get_length(in);
            char *head;
            int rc;
            if (at.pos < 0) {
                if (have > FK_MAX_HEAD) {
                    f->refused++;
                    respond(c, 431, "Request Header Fields Too Large", "text/plain", "", 1);
                }
                return;
            }
            if ((size_t)at.pos + 4 > FK_MAX_HEAD) {
                f->refused++;
                respond(c, 431, "Request Header Fields Too Large", "text/plain", "", 1);
                return;
            }
            head = (char *)evbuffer_pullup(in, at.pos + 4);
            rc = lg_relay_parse_request(head, (size_t)at.pos + 4, &c->req);
            evbuffer_drain(in, (size_t)at.pos + 4);
            if (rc != 0) {
                f->refused++;
                respond(c, rc == PL_ERR_UNSUPPORTED ? 501 : 400,
                        rc == PL_ERR_UNSUPPORTED ? "Not Implemented" : "Bad Request", "text/plain",
                        "", 1);
                return;
            }
            if (c->req.content_length > FK_MAX_BODY) {
                f->refused++;
                respond(c, 413, "Payload Too Large", "text/plain", "", 1);
                return;
            }
            c->keep_alive = c->req.keep_alive;
            c->body_left = c->req.content_length;
            if (c->req.expect_continue && c->body_left > 0)
                evbuffer_add_printf(bufferevent_get_output(c->bev), "HTTP/1.1 100 Continue\r\n\r\n");
            c->state = FS_BODY;
        }
        if (c->state == FS_BODY) {
            size_t have = evbuffer_get_length(in);
            size_t n = have < c->body_left ? have : (size_t)c->body_left;
            evbuffer_drain(in, n);
            c->body_left -= n;
            if (c->body_left > 0)
                return;
            c->state = FS_HEAD;
            route(c);
        }
    }
}

static void on_read(struct bufferevent *bev, void *arg)
{
    (void)bev;
    process(arg);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
        conn_free(arg);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
    fake_t *f = arg;
    fconn_t *c = calloc(1, sizeof(*c));
    int one = 1;
    (void)l;
    (void)sa;
    (void)salen;
    if (c == NULL) {
        evutil_closesocket(fd);
        return;
    }
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    c->f = f;
    c->state = FS_HEAD;
    c->bev = bufferevent_socket_new(f->base, fd, BEV_OPT_CLOSE_ON_FREE);
    c->timer = evtimer_new(f->base, on_tick, c);
    if (c->bev == NULL || c->timer == NULL) {
        if (c->bev == NULL)
            evutil_closesocket(fd);
        conn_free(c);
        return;
    }
    f->connections++;
    c->next = f->conns;
    if (f->conns)
        f->conns->prev = c;
    f->conns = c;
    bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
    (void)sig;
    (void)what;
    event_base_loopexit(arg, NULL);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parley-fakellm [options]\n"
            "  --port N            port on --bind; 0 picks a free one (0); prints \"PORT <n>\"\n"
            "  --bind ADDR         IPv4 address to listen on (127.0.0.1)\n"
            "  --tokens N          content deltas per answer (50)\n"
            "  --interval-ms MS    between deltas (20)\n"
            "  --first-delay-ms MS before the first delta (default: random below one interval)\n"
            "  --seed N            seed of that random delay (1)\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"port", required_argument, NULL, 'p'},          {"bind", required_argument, NULL, 'b'},
        {"tokens", required_argument, NULL, 't'},        {"interval-ms", required_argument, NULL, 'i'},
        {"first-delay-ms", required_argument, NULL, 'f'}, {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},                {NULL, 0, NULL, 0},
    };
    fopts_t o = {"127.0.0.1", 0, 50, 20, -1, 1};
    fake_t f;
    struct sockaddr_in sa;
    socklen_t slen = sizeof(sa);
    struct event_config *cfg;
    struct event *sigterm, *sigint;
    struct rlimit rl;
    int ch;

    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        double v = 0;
        int bad = 0;
        switch (ch) {
        case 'p':
            bad = lg_parse_double(optarg, 0, 65535, &v) || v != (int)v;
            o.port = (int)v;
            break;
        case 'b':
            bad = strlen(optarg) >= sizeof(o.bind) || inet_pton(AF_INET, optarg, &sa.sin_addr) != 1;
            if (!bad)
                snprintf(o.bind, sizeof(o.bind), "%s", optarg);
            break;
        case 't':
            bad = lg_parse_double(optarg, 0, 1e7, &v) || v != (long)v;
            o.tokens = (long)v;
            break;
        case 'i':
            bad = lg_parse_double(optarg, 0, 3600e3, &o.interval_ms);
            break;
        case 'f':
            bad = lg_parse_double(optarg, 0, 3600e3, &o.first_delay_ms);
            break;
        case 's':
            bad = lg_parse_double(optarg, 0, 1e18, &v);
            o.seed = (uint64_t)v;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "parley-fakellm: bad value '%s'\n", optarg);
            return 2;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
    memset(&f, 0, sizeof(f));
    f.o = &o;
    f.rng = o.seed * UINT64_C(0x9e3779b97f4a7c15) + 1;
    cfg = event_config_new();
    if (cfg == NULL)
        return 1;
    event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER | EVENT_BASE_FLAG_NOLOCK);
    f.base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    if (f.base == NULL)
        return 1;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o.port);
    inet_pton(AF_INET, o.bind, &sa.sin_addr);
    f.listener = evconnlistener_new_bind(f.base, on_accept, &f,
                                         LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 4096,
                                         (struct sockaddr *)&sa, sizeof(sa));
    if (f.listener == NULL) {
        fprintf(stderr, "parley-fakellm: cannot listen on %s:%d: %s\n", o.bind, o.port,
                strerror(errno));
        event_base_free(f.base);
        return 1;
    }
    if (getsockname(evconnlistener_get_fd(f.listener), (struct sockaddr *)&sa, &slen) != 0) {
        evconnlistener_free(f.listener);
        event_base_free(f.base);
        return 1;
    }
    sigterm = evsignal_new(f.base, SIGTERM, on_signal, f.base);
    sigint = evsignal_new(f.base, SIGINT, on_signal, f.base);
    if (sigterm)
        evsignal_add(sigterm, NULL);
    if (sigint)
        evsignal_add(sigint, NULL);
    printf("PORT %d\n", ntohs(sa.sin_port));
    fflush(stdout);
    event_base_dispatch(f.base);
    fprintf(stderr,
            "parley-fakellm: streams started %" PRIu64 ", completed %" PRIu64 ", abandoned %" PRIu64
            ", tokens %" PRIu64 ", refused %" PRIu64 "\n",
            f.started, f.completed, f.abandoned, f.tokens_sent, f.refused);
    if (sigterm)
        event_free(sigterm);
    if (sigint)
        event_free(sigint);
    evconnlistener_free(f.listener);
    while (f.conns != NULL)
        conn_free(f.conns);
    event_base_free(f.base);
    return 0;
}
