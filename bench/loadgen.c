/*
 * loadgen.c - parley-loadgen, the WebSocket load generator behind
 * `make bench`. One libevent loop drives non-blocking client sockets through
 * connect, the HTTP upgrade (random Sec-WebSocket-Key, Sec-WebSocket-Accept
 * checked) and masked framing (wsc.c), in one of four workloads:
 *
 *   idle    open N connections (forked workers share them, each bound to a
 *           source address cycling over 127.0.0.0/8) and hold them; report
 *           the server's RSS growth per connection.
 *   closed  C connections each send a message to /test/echo, wait for the
 *           reply, send the next: throughput and latency percentiles.
 *   open    a fixed rate of echo exchanges spread over C connections, latency
 *           measured from each message's intended send time.
 *   fanout  M receivers and one sender in /test/fanout/<room>; the sender
 *           keeps at most a window of messages not yet delivered to every
 *           receiver: deliveries per second, order and completeness.
 *
 * The seed 000 ("AI tutor") workloads tutor-closed, tutor-open and
 * tutor-fanout live in tutor.c and are entered from main().
 *
 * Every payload starts with a kind letter and a 15-digit sequence number and
 * is filled with a fixed pattern, so each reply is checked byte for byte.
 * Results print as text, or with --json as one JSON object on stdout (the
 * text then goes to stderr). The exit status is 0 only when the workload ran
 * without errors, losses or reordering. See bench/README.md.
 */
#include "hist.h"
#include "tutor.h"
#include "lgopt.h"
#include "lgsock.h"
#include "lgconn.h"
#include "lgutil.h"
#include "wsc.h"

#include "parley/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/rand.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

/* Payload prefix: kind letter + 15 decimal digits of sequence number. */
#define SEQ_PREFIX 16
#define SEQ_DIGITS (SEQ_PREFIX - 1)
/* Bounds on the command line. */
#define MAX_PAYLOAD (1024u * 1024u)
#define MAX_CONNECTIONS 1000000L
#define MAX_PER_PROCESS 18000L
#define MAX_WORKERS 64
#define MAX_MESSAGES 100000000L
#define MAX_WINDOW 65536
#define MAX_ROOM 64
#define MAX_PATH_LEN 512
/* Idle mode: default connections per worker process. */
#define DEFAULT_PER_WORKER 5000
/* Fanout: interval between membership probes, and how long without any
 * delivery counts as a stall. */
#define PROBE_INTERVAL_MS 100
#define STALL_SECONDS 5
/* Idle mode: how long workers wait for verification replies. */
#define VERIFY_TIMEOUT_S 15

enum mode { MODE_NONE, MODE_IDLE, MODE_CLOSED, MODE_OPEN, MODE_FANOUT };

typedef struct opts {
    enum mode mode;
    const char *mode_name;
    char host[64];
    int port;
    struct in_addr host_addr;
    uint32_t src_base; /* host order */
    long src_count;    /* 0: do not bind */
    long connections;
    long workers;
    long server_pid;
    double hold_s;
    long concurrency;
    double connect_timeout_s;
    long size;
    int binary;
    double duration_s;
    double warmup_s;
    double drain_s;
    double rate;
    long receivers;
    long messages;
    long window;
    char room[MAX_ROOM + 1];
    char path[MAX_PATH_LEN];
    int json;
} opts_t;

struct lg;

typedef struct conn {
    lg_conn_t ws; /* first: the lg_conn_ops_t callbacks cast back */
    struct lg *lg;
    uint64_t gindex; /* index over all processes: picks the source address */
    /* workload state */
    uint64_t seq_next;  /* closed: next sequence number */
    uint64_t recv_next; /* open/fanout: sequence number expected next */
    uint64_t sent_ns;   /* closed: send time of the outstanding message */
    uint64_t outstanding;
    int done;
    int synced;   /* fanout: a probe arrived, so the socket is in the room */
    int order_ok; /* fanout: every message arrived in order */
} conn_t;

typedef struct lg {
    const opts_t *o;
    struct event_base *base;
    struct sockaddr_in dst;
    conn_t *conns;
    size_t n;
    uint64_t gindex_first, gindex_stride;
    long concurrency;
    /* connect phase */
    size_t next_launch, in_flight, established, failed;
    int connected_all;
    struct event *connect_timer;
    void (*on_connected_all)(struct lg *);
    void (*on_message)(conn_t *, int opcode, const uint8_t *, size_t);
    void (*on_lost)(conn_t *, const char *why);
    /* payload */
    uint8_t *payload;
    size_t psize;
    int opcode;
    uint64_t rng;
    /* outcome */
    lg_hist_t hist;
    lg_hist_t lag_hist; /* open: how late each send left behind its schedule */
    uint64_t errors;
    char first_error[256];
    int finished;
    struct event *timer;
    struct event *tick;
    uint64_t t0, warm_end, end;
    uint64_t exchanges, lost;
    size_t active;
    /* open */
    conn_t **live;
    size_t nlive;
    uint64_t next_k, total_k, sent, replies, window_replies, skipped, max_lag;
    int sending_done;
    /* fanout */
    conn_t *sender;
    uint64_t probe_round, synced, next_send, acked_base, deliveries, last_progress;
    uint64_t first_send_ns, last_delivery_ns, stall_mark, receivers_out_of_order;
    uint32_t *delivered;   /* per window slot: receivers that got it */
    uint64_t *sent_at;     /* per window slot: send time */
    int data_phase;
    /* idle worker */
    int status_fd, ctl_fd;
    struct event *ctl_ev;
    uint64_t dropped, verify_pending, alive;
    int verifying;
} lg_t;

/* Record a worker sends its parent through the status pipe (atomic: < PIPE_BUF). */
typedef struct idle_record {
    uint64_t a, b, c;
    char error[200];
} idle_record_t;

static FILE *hout; /* human-readable output */

/* ---------------------------------------------------------------- utils */

static void lg_error(lg_t *lg, const char *fmt, ...)
{
    lg->errors++;
    if (lg->first_error[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(lg->first_error, sizeof(lg->first_error), fmt, ap);
        va_end(ap);
    }
}

static void lg_finish(lg_t *lg)
{
    if (!lg->finished) {
        lg->finished = 1;
        event_base_loopbreak(lg->base);
    }
}

/* VmRSS of pid in KiB, or -1. */
static long read_rss_kb(long pid)
{
    char path[64], line[256];
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%ld/status", pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

/* ----------------------------------------------------------- buffers */

/* ----------------------------------------------------------- payloads */

static void write_prefix(uint8_t *p, char kind, uint64_t seq)
{
    p[0] = (uint8_t)kind;
    for (int i = SEQ_DIGITS; i >= 1; i--) {
        p[i] = (uint8_t)('0' + seq % 10);
        seq /= 10;
    }
}

/* Parses a payload's prefix and checks its pattern. Returns 0 or -1. */
static int parse_payload(const lg_t *lg, const uint8_t *d, size_t n, char *kind, uint64_t *seq)
{
    uint64_t v = 0;

    if (n != lg->psize)
        return -1;
    for (int i = 1; i <= SEQ_DIGITS; i++) {
        if (d[i] < '0' || d[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(d[i] - '0');
    }
    if (memcmp(d + SEQ_PREFIX, lg->payload + SEQ_PREFIX, n - SEQ_PREFIX) != 0)
        return -1;
    *kind = (char)d[0];
    *seq = v;
    return 0;
}

static int init_payload(lg_t *lg)
{
    lg->psize = (size_t)lg->o->size;
    lg->payload = malloc(lg->psize);
    if (lg->payload == NULL)
        return PL_ERR_NOMEM;
    for (size_t i = 0; i < lg->psize; i++)
        lg->payload[i] = (uint8_t)('a' + i % 26);
    lg->opcode = lg->o->binary ? LG_WS_OP_BINARY : LG_WS_OP_TEXT;
    return 0;
}

/* -------------------------------------------------------- connections */

static void conn_release(conn_t *c)
{
    lg_conn_release(&c->ws);
}

static void conn_goodbye(conn_t *c)
{
    lg_conn_goodbye(&c->ws);
}

/* Sends a payload of the run's size stamped with kind and seq. */
static int conn_send_payload(conn_t *c, char kind, uint64_t seq)
{
    lg_t *lg = c->lg;
    write_prefix(lg->payload, kind, seq);
    return lg_conn_send_frame(&c->ws, lg->opcode, lg->payload, lg->psize);
}

static void launch_more(lg_t *lg);

static void check_connected_all(lg_t *lg)
{
    if (lg->connected_all || lg->established + lg->failed < lg->n)
        return;
    lg->connected_all = 1;
    if (lg->connect_timer)
        event_del(lg->connect_timer);
    lg->on_connected_all(lg);
}

static void connect_finished(lg_t *lg, int ok)
{
    lg->in_flight--;
    if (ok)
        lg->established++;
    else
        lg->failed++;
    launch_more(lg);
    check_connected_all(lg);
}

static void ws_on_open(lg_conn_t *w)
{
    conn_t *c = (conn_t *)w;
    connect_finished(c->lg, 1);
}

static void ws_on_message(lg_conn_t *w, int opcode, const uint8_t *p, size_t n)
{
    conn_t *c = (conn_t *)w;
    c->lg->on_message(c, opcode, p, n);
}

static void ws_on_fail(lg_conn_t *w, lg_conn_state_t was, const char *why)
{
    conn_t *c = (conn_t *)w;
    lg_t *lg = c->lg;
    if (was == LG_CONN_CONNECTING || was == LG_CONN_HANDSHAKE) {
        lg_error(lg, "connection %" PRIu64 ": %s", c->gindex, why);
        connect_finished(lg, 0);
    } else if (was == LG_CONN_OPEN) {
        lg->on_lost(c, why);
    }
}

static const lg_conn_ops_t conn_ops = {ws_on_open, ws_on_message, ws_on_fail};

/* Opens one socket and starts its connect. Returns 0, or -1 with why set. */
static int conn_start(lg_t *lg, conn_t *c, char *why, size_t whylen)
{
    const opts_t *o = lg->o;
    uint32_t src = o->src_count > 0 ? o->src_base + (uint32_t)(c->gindex % (uint64_t)o->src_count) : 0;
    return lg_conn_start(&c->ws, src, &lg->dst, o->host, o->port, o->path, why, whylen);
}

static void launch_more(lg_t *lg)
{
    char why[200];

    while (!lg->connected_all && lg->next_launch < lg->n &&
           lg->in_flight < (size_t)lg->concurrency) {
        conn_t *c = &lg->conns[lg->next_launch++];
        lg->in_flight++;
        if (conn_start(lg, c, why, sizeof(why)) != 0) {
            lg_error(lg, "connection %" PRIu64 ": %s", c->gindex, why);
            lg->in_flight--;
            lg->failed++;
        }
    }
}

static void on_connect_timeout(evutil_socket_t fd, short what, void *arg)
{
    lg_t *lg = arg;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < lg->n; i++) {
        conn_t *c = &lg->conns[i];
        if (c->ws.state == LG_CONN_CONNECTING || c->ws.state == LG_CONN_HANDSHAKE) {
            lg_conn_close(&c->ws);
            lg->in_flight--;
            lg->failed++;
            lg_error(lg, "connection %" PRIu64 ": no WebSocket within %.0f s", c->gindex,
                     lg->o->connect_timeout_s);
        } else if (c->ws.state == LG_CONN_IDLE) {
            lg->failed++;
            lg_error(lg, "connection %" PRIu64 ": not started within %.0f s", c->gindex,
                     lg->o->connect_timeout_s);
        }
    }
    lg->next_launch = lg->n;
    check_connected_all(lg);
}

/* ---------------------------------------------------------- run setup */

static int lg_init(lg_t *lg, const opts_t *o, size_t n, uint64_t gfirst, uint64_t gstride)
{
    struct event_config *cfg;
    unsigned char seed[8];

    memset(lg, 0, sizeof(*lg));
    lg->o = o;
    lg->n = n;
    lg->gindex_first = gfirst;
    lg->gindex_stride = gstride;
    lg->concurrency = o->concurrency;
    lg->status_fd = lg->ctl_fd = -1;
    lg->dst.sin_family = AF_INET;
    lg->dst.sin_port = htons((uint16_t)o->port);
    lg->dst.sin_addr = o->host_addr;
    if (RAND_bytes(seed, sizeof(seed)) != 1)
        return PL_ERR_INTERNAL;
    memcpy(&lg->rng, seed, sizeof(lg->rng));
    lg->rng |= 1;

    cfg = event_config_new();
    if (cfg == NULL)
        return PL_ERR_NOMEM;
    event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER | EVENT_BASE_FLAG_NOLOCK);
    lg->base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    if (lg->base == NULL)
        return PL_ERR_INTERNAL;
    if (lg_hist_init(&lg->hist) != 0 || lg_hist_init(&lg->lag_hist) != 0 || init_payload(lg) != 0)
        return PL_ERR_NOMEM;
    lg->conns = calloc(n ? n : 1, sizeof(conn_t));
    if (lg->conns == NULL)
        return PL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        conn_t *c = &lg->conns[i];
        lg_conn_init(&c->ws, &conn_ops, lg->base, &lg->rng);
        c->lg = lg;
        c->gindex = gfirst + i * gstride;
        c->order_ok = 1;
    }
    lg->connect_timer = evtimer_new(lg->base, on_connect_timeout, lg);
    if (lg->connect_timer == NULL)
        return PL_ERR_NOMEM;
    return 0;
}

static void lg_cleanup(lg_t *lg)
{
    if (lg->conns) {
        for (size_t i = 0; i < lg->n; i++) {
            conn_goodbye(&lg->conns[i]);
            conn_release(&lg->conns[i]);
        }
    }
    if (lg->connect_timer)
        event_free(lg->connect_timer);
    if (lg->timer)
        event_free(lg->timer);
    if (lg->tick)
        event_free(lg->tick);
    if (lg->ctl_ev)
        event_free(lg->ctl_ev);
    if (lg->base)
        event_base_free(lg->base);
    free(lg->conns);
    free(lg->live);
    free(lg->payload);
    free(lg->delivered);
    free(lg->sent_at);
    lg_hist_free(&lg->hist);
    lg_hist_free(&lg->lag_hist);
    memset(lg, 0, sizeof(*lg));
}

/* Runs the connect phase and then the workload until lg_finish(). */
static void lg_run(lg_t *lg)
{
    struct timeval tv = lg_tv_from_ns(lg_ns_from_s(lg->o->connect_timeout_s));
    evtimer_add(lg->connect_timer, &tv);
    launch_more(lg);
    check_connected_all(lg);
    if (!lg->finished)
        event_base_dispatch(lg->base);
}

static void print_latency_json(FILE *f, const lg_hist_t *h)
{
    fprintf(f,
            "\"latency_us\":{\"count\":%" PRIu64 ",\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,"
            "\"p999\":%.1f,\"max\":%.1f,\"mean\":%.1f}",
            h->total, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3);
}

static void print_latency_text(const lg_hist_t *h)
{
    fprintf(hout,
            "  latency (us): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f"
            "  (%" PRIu64 " samples)\n",
            lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3, h->total);
}

static void print_common_json(FILE *f, const lg_t *lg, int ok)
{
    const opts_t *o = lg->o;
    fprintf(f, "{\"mode\":");
    lg_json_string(f, o->mode_name);
    fprintf(f, ",\"ok\":%s,\"host\":", ok ? "true" : "false");
    lg_json_string(f, o->host);
    fprintf(f, ",\"port\":%d,\"path\":", o->port);
    lg_json_string(f, o->path);
    fprintf(f, ",\"size\":%ld,\"binary\":%s,\"errors\":%" PRIu64 ",\"first_error\":", o->size,
            o->binary ? "true" : "false", lg->errors);
    lg_json_string(f, lg->first_error);
}

/* ------------------------------------------------------------- closed */

static void closed_conn_done(conn_t *c)
{
    lg_t *lg = c->lg;
    if (c->done)
        return;
    c->done = 1;
    if (lg->active > 0 && --lg->active == 0)
        lg_finish(lg);
}

static void closed_send(conn_t *c)
{
    c->outstanding = 1;
    c->sent_ns = lg_now_ns();
    conn_send_payload(c, 'E', c->seq_next);
}

static void closed_on_message(conn_t *c, int opcode, const uint8_t *d, size_t n)
{
    lg_t *lg = c->lg;
    uint64_t now = lg_now_ns(), seq;
    char kind;

    if (!c->outstanding || opcode != lg->opcode || parse_payload(lg, d, n, &kind, &seq) != 0 ||
        kind != 'E' || seq != c->seq_next) {
        lg_error(lg, "connection %" PRIu64 ": reply does not match the message sent", c->gindex);
        if (c->outstanding)
            lg->lost++;
        c->outstanding = 0;
        closed_conn_done(c);
        conn_goodbye(c);
        return;
    }
    c->outstanding = 0;
    c->seq_next++;
    if (now >= lg->warm_end && now <= lg->end) {
        lg_hist_record(&lg->hist, now - c->sent_ns);
        lg->exchanges++;
    }
    if (now < lg->end)
        closed_send(c);
    else
        closed_conn_done(c);
}

static void closed_on_lost(conn_t *c, const char *why)
{
    lg_t *lg = c->lg;
    lg_error(lg, "connection %" PRIu64 ": %s", c->gindex, why);
    if (c->outstanding)
        lg->lost++;
    c->outstanding = 0;
    closed_conn_done(c);
}

static void on_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
    lg_t *lg = arg;
    uint64_t missing = 0;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < lg->n; i++) {
        conn_t *c = &lg->conns[i];
        if (c->ws.state == LG_CONN_OPEN && c->outstanding) {
            missing += c->outstanding;
            c->outstanding = 0;
        }
    }
    if (missing) {
        lg->lost += missing;
        lg_error(lg, "%" PRIu64 " replies missing %.1f s after the run", missing, lg->o->drain_s);
    }
    lg_finish(lg);
}

static void closed_start(lg_t *lg)
{
    struct timeval tv;
    uint64_t now = lg_now_ns();

    if (lg->established == 0) {
        lg_finish(lg);
        return;
    }
    lg->warm_end = now + lg_ns_from_s(lg->o->warmup_s);
    lg->end = lg->warm_end + lg_ns_from_s(lg->o->duration_s);
    lg->timer = evtimer_new(lg->base, on_drain_timeout, lg);
    tv = lg_tv_from_ns(lg->end - now + lg_ns_from_s(lg->o->drain_s));
    evtimer_add(lg->timer, &tv);
    for (size_t i = 0; i < lg->n; i++)
        if (lg->conns[i].ws.state == LG_CONN_OPEN)
            lg->active++;
    for (size_t i = 0; i < lg->n; i++)
        if (lg->conns[i].ws.state == LG_CONN_OPEN)
            closed_send(&lg->conns[i]);
}

static int closed_report(lg_t *lg)
{
    const opts_t *o = lg->o;
    double rate = lg->exchanges / o->duration_s;
    int ok = lg->errors == 0 && lg->lost == 0 && lg->failed == 0 && lg->exchanges > 0;

    fprintf(hout, "closed: %zu connections to %s:%d%s, %ld-byte %s messages, %.1f s warm-up + %.1f s measured\n",
            lg->established, o->host, o->port, o->path, o->size, o->binary ? "binary" : "text",
            o->warmup_s, o->duration_s);
    fprintf(hout, "  exchanges: %" PRIu64 " (%.1f/s), connect failures %zu, errors %" PRIu64 ", lost %" PRIu64 "\n",
            lg->exchanges, rate, lg->failed, lg->errors, lg->lost);
    print_latency_text(&lg->hist);
    if (lg->first_error[0])
        fprintf(hout, "  first error: %s\n", lg->first_error);
    fprintf(hout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        print_common_json(stdout, lg, ok);
        fprintf(stdout,
                ",\"connections\":%ld,\"established\":%zu,\"connect_failures\":%zu,"
                "\"warmup_s\":%.3f,\"duration_s\":%.3f,\"exchanges\":%" PRIu64
                ",\"rate\":%.1f,\"lost\":%" PRIu64 ",",
                o->connections, lg->established, lg->failed, o->warmup_s, o->duration_s,
                lg->exchanges, rate, lg->lost);
        print_latency_json(stdout, &lg->hist);
        fprintf(stdout, "}\n");
    }
    return ok ? 0 : 1;
}

/* --------------------------------------------------------------- open */

static uint64_t open_intended(const lg_t *lg, uint64_t k)
{
    return lg->t0 + (uint64_t)((double)k * 1e9 / lg->o->rate);
}

static void open_maybe_finish(lg_t *lg)
{
    if (lg->sending_done && lg->replies + lg->lost >= lg->sent)
        lg_finish(lg);
}

static void open_on_tick(evutil_socket_t fd, short what, void *arg)
{
    lg_t *lg = arg;
    uint64_t now = lg_now_ns();
    struct timeval tv;
    (void)fd;
    (void)what;

    while (lg->next_k < lg->total_k) {
        uint64_t t = open_intended(lg, lg->next_k);
        if (t > now)
            break;
        conn_t *c = lg->live[lg->next_k % lg->nlive];
        if (c->ws.state == LG_CONN_OPEN && !c->done) {
            if (now - t > lg->max_lag)
                lg->max_lag = now - t;
            lg_hist_record(&lg->lag_hist, now - t);
            c->outstanding++;
            lg->sent++;
            conn_send_payload(c, 'E', lg->next_k);
        } else {
            lg->skipped++;
        }
        lg->next_k++;
        if ((lg->next_k & 63) == 0)
            now = lg_now_ns();
    }
    if (lg->next_k < lg->total_k) {
        tv = lg_tv_from_ns(open_intended(lg, lg->next_k) - now);
        evtimer_add(lg->tick, &tv);
        return;
    }
    lg->sending_done = 1;
    tv = lg_tv_from_ns(lg_ns_from_s(lg->o->drain_s));
    evtimer_add(lg->timer, &tv);
    open_maybe_finish(lg);
}

static void open_on_message(conn_t *c, int opcode, const uint8_t *d, size_t n)
{
    lg_t *lg = c->lg;
    uint64_t now = lg_now_ns(), seq;
    char kind;

    if (c->outstanding == 0 || opcode != lg->opcode || parse_payload(lg, d, n, &kind, &seq) != 0 ||
        kind != 'E' || seq != c->recv_next) {
        lg_error(lg, "connection %" PRIu64 ": reply does not match the message sent (expected #%" PRIu64 ")",
                 c->gindex, c->recv_next);
        lg->lost += c->outstanding;
        c->outstanding = 0;
        c->done = 1;
        conn_goodbye(c);
        open_maybe_finish(lg);
        return;
    }
    uint64_t t = open_intended(lg, seq);
    if (t >= lg->warm_end && t < lg->end)
        lg_hist_record(&lg->hist, now > t ? now - t : 0);
    if (now >= lg->warm_end && now <= lg->end)
        lg->window_replies++;
    c->outstanding--;
    c->recv_next += lg->nlive;
    lg->replies++;
    open_maybe_finish(lg);
}

static void open_on_lost(conn_t *c, const char *why)
{
    lg_t *lg = c->lg;
    lg_error(lg, "connection %" PRIu64 ": %s", c->gindex, why);
    lg->lost += c->outstanding;
    c->outstanding = 0;
    c->done = 1;
    open_maybe_finish(lg);
}

static void open_start(lg_t *lg)
{
    struct timeval tv;

    lg->live = calloc(lg->n ? lg->n : 1, sizeof(conn_t *));
    if (lg->live == NULL) {
        lg_error(lg, "out of memory");
        lg_finish(lg);
        return;
    }
    for (size_t i = 0; i < lg->n; i++)
        if (lg->conns[i].ws.state == LG_CONN_OPEN)
            lg->live[lg->nlive++] = &lg->conns[i];
    if (lg->nlive == 0) {
        lg_finish(lg);
        return;
    }
    for (size_t i = 0; i < lg->nlive; i++)
        lg->live[i]->recv_next = i;
    lg->t0 = lg_now_ns() + 1000000; /* 1 ms from now */
    lg->warm_end = lg->t0 + lg_ns_from_s(lg->o->warmup_s);
    lg->end = lg->warm_end + lg_ns_from_s(lg->o->duration_s);
    lg->total_k = (uint64_t)((lg->o->warmup_s + lg->o->duration_s) * lg->o->rate);
    lg->timer = evtimer_new(lg->base, on_drain_timeout, lg);
    lg->tick = evtimer_new(lg->base, open_on_tick, lg);
    tv = lg_tv_from_ns(1000000);
    evtimer_add(lg->tick, &tv);
}

static int open_report(lg_t *lg)
{
    const opts_t *o = lg->o;
    double achieved = lg->window_replies / o->duration_s;
    int ok = lg->errors == 0 && lg->lost == 0 && lg->failed == 0 && lg->skipped == 0 &&
             lg->replies > 0;

    fprintf(hout, "open: %.1f exchanges/s over %zu connections to %s:%d%s, %ld-byte %s messages, %.1f s warm-up + %.1f s measured\n",
            o->rate, lg->nlive, o->host, o->port, o->path, o->size, o->binary ? "binary" : "text",
            o->warmup_s, o->duration_s);
    fprintf(hout, "  achieved: %.1f replies/s in the measured window; sent %" PRIu64 ", replies %" PRIu64
            ", lost %" PRIu64 ", errors %" PRIu64 "\n",
            achieved, lg->sent, lg->replies, lg->lost, lg->errors);
    fprintf(hout, "  send lag behind schedule (us): p50 %.1f  p99 %.1f  max %.1f (latency counts from the intended time)\n",
            lg_hist_percentile(&lg->lag_hist, 50) / 1e3, lg_hist_percentile(&lg->lag_hist, 99) / 1e3,
            lg->max_lag / 1e3);
    print_latency_text(&lg->hist);
    if (lg->first_error[0])
        fprintf(hout, "  first error: %s\n", lg->first_error);
    fprintf(hout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        print_common_json(stdout, lg, ok);
        fprintf(stdout,
                ",\"connections\":%ld,\"established\":%zu,\"connect_failures\":%zu,"
                "\"warmup_s\":%.3f,\"duration_s\":%.3f,\"target_rate\":%.1f,\"achieved_rate\":%.1f,"
                "\"sent\":%" PRIu64 ",\"replies\":%" PRIu64 ",\"lost\":%" PRIu64
                ",\"send_lag_p99_us\":%.1f,\"max_send_lag_us\":%.1f,",
                o->connections, lg->established, lg->failed, o->warmup_s, o->duration_s, o->rate,
                achieved, lg->sent, lg->replies, lg->lost,
                lg_hist_percentile(&lg->lag_hist, 99) / 1e3, lg->max_lag / 1e3);
        print_latency_json(stdout, &lg->hist);
        fprintf(stdout, "}\n");
    }
    return ok ? 0 : 1;
}

/* ------------------------------------------------------------- fanout */

static void fanout_pump(lg_t *lg)
{
    uint64_t k = (uint64_t)lg->o->messages, w = (uint64_t)lg->o->window;

    while (lg->next_send < k && lg->next_send < lg->acked_base + w &&
           lg->sender->ws.state == LG_CONN_OPEN) {
        uint64_t s = lg->next_send++;
        lg->delivered[s % w] = 0;
        lg->sent_at[s % w] = lg_now_ns();
        if (lg->first_send_ns == 0)
            lg->first_send_ns = lg->sent_at[s % w];
        conn_send_payload(lg->sender, 'D', s);
    }
}

static void fanout_on_message(conn_t *c, int opcode, const uint8_t *d, size_t n)
{
    lg_t *lg = c->lg;
    uint64_t seq, now, w = (uint64_t)lg->o->window, m = (uint64_t)lg->o->receivers;
    char kind;

    if (opcode != lg->opcode || parse_payload(lg, d, n, &kind, &seq) != 0 ||
        (kind != 'P' && kind != 'D')) {
        lg_error(lg, "connection %" PRIu64 ": message is not one the sender sent", c->gindex);
        return;
    }
    if (c == lg->sender)
        return; /* the sender's own copies are read and dropped */
    if (kind == 'P') {
        if (!c->synced) {
            c->synced = 1;
            if (++lg->synced == m && !lg->data_phase) {
                lg->data_phase = 1;
                lg->last_progress = lg_now_ns();
                fanout_pump(lg);
            }
        }
        return;
    }
    if (!lg->data_phase || seq < lg->acked_base || seq >= lg->next_send) {
        lg_error(lg, "receiver %" PRIu64 ": message #%" PRIu64 " was not in flight", c->gindex, seq);
        return;
    }
    if (seq != c->recv_next) {
        if (c->order_ok)
            lg->receivers_out_of_order++;
        c->order_ok = 0;
        lg_error(lg, "receiver %" PRIu64 ": got message #%" PRIu64 ", expected #%" PRIu64,
                 c->gindex, seq, c->recv_next);
    }
    c->recv_next = seq + 1;
    now = lg_now_ns();
    lg_hist_record(&lg->hist, now - lg->sent_at[seq % w]);
    lg->deliveries++;
    lg->last_delivery_ns = now;
    lg->last_progress = now;
    lg->delivered[seq % w]++;
    while (lg->acked_base < lg->next_send && lg->delivered[lg->acked_base % w] >= m)
        lg->acked_base++;
    if (lg->acked_base == (uint64_t)lg->o->messages) {
        lg_finish(lg);
        return;
    }
    fanout_pump(lg);
}

static void fanout_on_lost(conn_t *c, const char *why)
{
    lg_t *lg = c->lg;
    lg_error(lg, "%s %" PRIu64 ": %s", c == lg->sender ? "sender" : "receiver", c->gindex, why);
    lg_finish(lg);
}

/* Periodic: resend a membership probe until every receiver is in the room;
 * afterwards, fail the run when deliveries stall. */
static void fanout_on_timer(evutil_socket_t fd, short what, void *arg)
{
    lg_t *lg = arg;
    (void)fd;
    (void)what;
    if (!lg->data_phase) {
        if (++lg->probe_round * PROBE_INTERVAL_MS > STALL_SECONDS * 1000 * 2) {
            lg_error(lg, "only %" PRIu64 " of %ld receivers joined the room", lg->synced,
                     lg->o->receivers);
            lg_finish(lg);
            return;
        }
        conn_send_payload(lg->sender, 'P', lg->probe_round);
        return;
    }
    if (lg_now_ns() - lg->last_progress > (uint64_t)STALL_SECONDS * 1000000000u) {
        lg_error(lg, "deliveries stalled for %d s: messages lost", STALL_SECONDS);
        lg_finish(lg);
    }
}

static void fanout_start(lg_t *lg)
{
    struct timeval tv = {0, PROBE_INTERVAL_MS * 1000};
    size_t w = (size_t)lg->o->window;

    if (lg->failed > 0 || lg->sender->ws.state != LG_CONN_OPEN) {
        lg_finish(lg);
        return;
    }
    lg->delivered = calloc(w, sizeof(uint32_t));
    lg->sent_at = calloc(w, sizeof(uint64_t));
    lg->timer = event_new(lg->base, -1, EV_PERSIST, fanout_on_timer, lg);
    if (lg->delivered == NULL || lg->sent_at == NULL || lg->timer == NULL) {
        lg_error(lg, "out of memory");
        lg_finish(lg);
        return;
    }
    evtimer_add(lg->timer, &tv);
    lg->probe_round = 1;
    conn_send_payload(lg->sender, 'P', lg->probe_round);
}

static int fanout_report(lg_t *lg)
{
    const opts_t *o = lg->o;
    uint64_t expected = (uint64_t)o->receivers * (uint64_t)o->messages;
    double secs = lg->last_delivery_ns > lg->first_send_ns
                      ? (lg->last_delivery_ns - lg->first_send_ns) / 1e9 : 0;
    double rate = secs > 0 ? lg->deliveries / secs : 0;
    int complete = lg->deliveries == expected && lg->receivers_out_of_order == 0;
    int ok = complete && lg->errors == 0 && lg->failed == 0;

    fprintf(hout, "fanout: %ld receivers + 1 sender in %s:%d%s, %ld %ld-byte %s messages, window %ld\n",
            o->receivers, o->host, o->port, o->path, o->messages, o->size,
            o->binary ? "binary" : "text", o->window);
    fprintf(hout, "  delivered: %" PRIu64 " of %" PRIu64 " in %.3f s (%.1f deliveries/s, %.1f messages/s sent)\n",
            lg->deliveries, expected, secs, rate, secs > 0 ? lg->next_send / secs : 0);
    fprintf(hout, "  every receiver got every message in order: %s (receivers out of order: %" PRIu64 ")\n",
            complete ? "yes" : "NO", lg->receivers_out_of_order);
    print_latency_text(&lg->hist);
    if (lg->first_error[0])
        fprintf(hout, "  first error: %s\n", lg->first_error);
    fprintf(hout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        print_common_json(stdout, lg, ok);
        fprintf(stdout,
                ",\"receivers\":%ld,\"established\":%zu,\"connect_failures\":%zu,\"messages\":%ld,"
                "\"window\":%ld,\"deliveries\":%" PRIu64 ",\"expected_deliveries\":%" PRIu64
                ",\"seconds\":%.3f,\"delivered_per_s\":%.1f,\"in_order_complete\":%s,"
                "\"receivers_out_of_order\":%" PRIu64 ",",
                o->receivers, lg->established, lg->failed, o->messages, o->window, lg->deliveries,
                expected, secs, rate, complete ? "true" : "false", lg->receivers_out_of_order);
        print_latency_json(stdout, &lg->hist);
        fprintf(stdout, "}\n");
    }
    return ok ? 0 : 1;
}

/* --------------------------------------------------------------- idle */

static void idle_on_lost(conn_t *c, const char *why)
{
    lg_t *lg = c->lg;
    lg_error(lg, "connection %" PRIu64 ": %s", c->gindex, why);
    lg->dropped++;
    if (lg->verifying && c->outstanding) {
        c->outstanding = 0;
        if (--lg->verify_pending == 0)
            lg_finish(lg);
    }
}

static void idle_on_message(conn_t *c, int opcode, const uint8_t *d, size_t n)
{
    lg_t *lg = c->lg;
    uint64_t seq;
    char kind;

    if (!c->outstanding || opcode != lg->opcode || parse_payload(lg, d, n, &kind, &seq) != 0 ||
        kind != 'E' || seq != c->gindex) {
        lg_error(lg, "connection %" PRIu64 ": unexpected message", c->gindex);
        return;
    }
    c->outstanding = 0;
    lg->alive++;
    if (--lg->verify_pending == 0)
        lg_finish(lg);
}

static int write_record(int fd, uint64_t a, uint64_t b, uint64_t c, const char *err)
{
    idle_record_t r;
    memset(&r, 0, sizeof(r));
    r.a = a;
    r.b = b;
    r.c = c;
    snprintf(r.error, sizeof(r.error), "%s", err);
    ssize_t n;
    do {
        n = write(fd, &r, sizeof(r));
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t)sizeof(r) ? 0 : -1;
}

static void idle_on_verify_timeout(evutil_socket_t fd, short what, void *arg)
{
    lg_t *lg = arg;
    (void)fd;
    (void)what;
    lg_error(lg, "%" PRIu64 " connections did not echo within %d s", lg->verify_pending,
             VERIFY_TIMEOUT_S);
    lg_finish(lg);
}

/* The parent asked for the end of the hold: echo once on every open
 * connection to show it is still served, then report. */
static void idle_on_ctl(evutil_socket_t fd, short what, void *arg)
{
    lg_t *lg = arg;
    char ch;
    struct timeval tv = {VERIFY_TIMEOUT_S, 0};
    (void)what;

    ssize_t n = read(fd, &ch, 1);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    event_del(lg->ctl_ev);
    lg->verifying = 1;
    lg->timer = evtimer_new(lg->base, idle_on_verify_timeout, lg);
    evtimer_add(lg->timer, &tv);
    for (size_t i = 0; i < lg->n; i++) {
        conn_t *c = &lg->conns[i];
        if (c->ws.state == LG_CONN_OPEN) {
            c->outstanding = 1;
            lg->verify_pending++;
        }
    }
    if (lg->verify_pending == 0) {
        lg_finish(lg);
        return;
    }
    for (size_t i = 0; i < lg->n; i++) {
        conn_t *c = &lg->conns[i];
        if (c->ws.state == LG_CONN_OPEN && c->outstanding)
            conn_send_payload(c, 'E', c->gindex);
    }
}

static void idle_connected_all(lg_t *lg)
{
    if (write_record(lg->status_fd, lg->established, lg->failed, 0, lg->first_error) != 0) {
        lg_finish(lg);
        return;
    }
    lg->ctl_ev = event_new(lg->base, lg->ctl_fd, EV_READ | EV_PERSIST, idle_on_ctl, lg);
    if (lg->ctl_ev == NULL) {
        lg_finish(lg);
        return;
    }
    event_add(lg->ctl_ev, NULL);
}

static int idle_worker(const opts_t *o, long w, long nworkers, size_t count, int status_fd,
                       int ctl_fd)
{
    lg_t lg;
    int rc = 1;

    if (lg_init(&lg, o, count, (uint64_t)w, (uint64_t)nworkers) != 0) {
        write_record(status_fd, 0, count, 0, "worker setup failed");
        lg_cleanup(&lg);
        return 1;
    }
    lg.status_fd = status_fd;
    lg.ctl_fd = ctl_fd;
    lg.on_connected_all = idle_connected_all;
    lg.on_message = idle_on_message;
    lg.on_lost = idle_on_lost;
    lg_run(&lg);
    if (write_record(status_fd, lg.alive, lg.dropped, lg.errors, lg.first_error) == 0)
        rc = 0;
    lg_cleanup(&lg);
    return rc;
}

/* Reads one record from each of n fds within timeout_ms. Returns how many arrived. */
static long read_records(const int *fds, long n, idle_record_t *out, int *got, int timeout_ms)
{
    struct pollfd pfd[MAX_WORKERS];
    long have = 0;
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000u;

    for (long i = 0; i < n; i++)
        if (got[i])
            have++;
    while (have < n) {
        long np = 0;
        long map[MAX_WORKERS];
        for (long i = 0; i < n; i++) {
            if (!got[i]) {
                pfd[np].fd = fds[i];
                pfd[np].events = POLLIN;
                map[np++] = i;
            }
        }
        uint64_t now = lg_now_ns();
        if (now >= deadline)
            break;
        int r = poll(pfd, (nfds_t)np, (int)((deadline - now) / 1000000u) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        for (long j = 0; j < np; j++) {
            if (!(pfd[j].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            long i = map[j];
            ssize_t k = read(fds[i], &out[i], sizeof(out[i]));
            if (k != (ssize_t)sizeof(out[i])) {
                memset(&out[i], 0, sizeof(out[i]));
                snprintf(out[i].error, sizeof(out[i].error), "worker %ld exited early", i);
            }
            got[i] = k == (ssize_t)sizeof(out[i]) ? 1 : -1;
            have++;
        }
    }
    return have;
}

static int idle_run(const opts_t *o)
{
    long W = o->workers;
    pid_t pids[MAX_WORKERS] = {0};
    int status_r[MAX_WORKERS] = {0}, ctl_w[MAX_WORKERS] = {0};
    idle_record_t rec1[MAX_WORKERS], rec2[MAX_WORKERS];
    int got1[MAX_WORKERS] = {0}, got2[MAX_WORKERS] = {0};
    long rss_before = -1, rss_after = -1, started = 0;
    uint64_t established = 0, failed = 0, alive = 0, dropped = 0, werrors = 0;
    char first_error[256] = "";
    int worker_fail = 0;

    if (o->server_pid > 0) {
        rss_before = read_rss_kb(o->server_pid);
        if (rss_before < 0) {
            fprintf(stderr, "parley-loadgen: cannot read /proc/%ld/status\n", o->server_pid);
            return 2;
        }
    }
    fflush(NULL);
    uint64_t t_start = lg_now_ns();
    for (long w = 0; w < W; w++) {
        int sp[2], cp[2];
        size_t count = (size_t)(o->connections / W + (w < o->connections % W ? 1 : 0));
        if (pipe(sp) != 0 || pipe(cp) != 0) {
            fprintf(stderr, "parley-loadgen: pipe: %s\n", strerror(errno));
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "parley-loadgen: fork: %s\n", strerror(errno));
            close(sp[0]);
            close(sp[1]);
            close(cp[0]);
            close(cp[1]);
            break;
        }
        if (pid == 0) {
            for (long j = 0; j < w; j++) {
                close(status_r[j]);
                close(ctl_w[j]);
            }
            close(sp[0]);
            close(cp[1]);
            int rc = idle_worker(o, w, W, count, sp[1], cp[0]);
            close(sp[1]);
            close(cp[0]);
            fflush(NULL);
            exit(rc);
        }
        close(sp[1]);
        close(cp[0]);
        pids[w] = pid;
        status_r[w] = sp[0];
        ctl_w[w] = cp[1];
        started++;
    }
    if (started < W)
        worker_fail = 1;

    read_records(status_r, started, rec1, got1,
                 (int)(o->connect_timeout_s * 1000) + 10000);
    double connect_s = (lg_now_ns() - t_start) / 1e9;
    for (long w = 0; w < started; w++) {
        if (got1[w] != 1) {
            worker_fail = 1;
            if (!first_error[0])
                snprintf(first_error, sizeof(first_error), "worker %ld did not report", w);
            continue;
        }
        established += rec1[w].a;
        failed += rec1[w].b;
        if (!first_error[0] && rec1[w].error[0])
            snprintf(first_error, sizeof(first_error), "%s", rec1[w].error);
    }
    if (o->hold_s > 0 && established > 0) {
        struct timespec ts = {(time_t)o->hold_s, (long)((o->hold_s - (time_t)o->hold_s) * 1e9)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    if (o->server_pid > 0)
        rss_after = read_rss_kb(o->server_pid);
    for (long w = 0; w < started; w++) {
        ssize_t k = write(ctl_w[w], "q", 1);
        (void)k;
    }
    read_records(status_r, started, rec2, got2, (VERIFY_TIMEOUT_S + 10) * 1000);
    for (long w = 0; w < started; w++) {
        if (got2[w] != 1) {
            worker_fail = 1;
            continue;
        }
        alive += rec2[w].a;
        dropped += rec2[w].b;
        werrors += rec2[w].c;
        if (!first_error[0] && rec2[w].error[0])
            snprintf(first_error, sizeof(first_error), "%s", rec2[w].error);
    }
    for (long w = 0; w < started; w++) {
        int st = 0;
        close(ctl_w[w]);
        close(status_r[w]);
        while (waitpid(pids[w], &st, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            worker_fail = 1;
    }
    if (worker_fail && !first_error[0])
        snprintf(first_error, sizeof(first_error), "a worker process failed");

    double per_conn = -1;
    if (rss_before >= 0 && rss_after >= 0 && established > 0)
        per_conn = (double)(rss_after - rss_before) * 1024.0 / (double)established;
    int ok = !worker_fail && failed == 0 && dropped == 0 && alive == established &&
             established == (uint64_t)o->connections && (rss_after >= 0 || o->server_pid <= 0);

    fprintf(hout, "idle: %ld connections to %s:%d%s from %ld processes, %ld source addresses\n",
            o->connections, o->host, o->port, o->path, started, o->src_count);
    fprintf(hout, "  established %" PRIu64 ", failed %" PRIu64 " in %.2f s (%.0f/s); after %.1f s hold: %" PRIu64
            " answered an echo, %" PRIu64 " dropped\n",
            established, failed, connect_s, connect_s > 0 ? established / connect_s : 0, o->hold_s,
            alive, dropped);
    if (o->server_pid > 0)
        fprintf(hout, "  server pid %ld RSS: %ld KiB before, %ld KiB after: %.0f bytes per connection\n",
                o->server_pid, rss_before, rss_after, per_conn);
    if (first_error[0])
        fprintf(hout, "  first error: %s\n", first_error);
    fprintf(hout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        fprintf(stdout, "{\"mode\":\"idle\",\"ok\":%s,\"host\":", ok ? "true" : "false");
        lg_json_string(stdout, o->host);
        fprintf(stdout, ",\"port\":%d,\"path\":", o->port);
        lg_json_string(stdout, o->path);
        fprintf(stdout,
                ",\"connections\":%ld,\"workers\":%ld,\"source_addresses\":%ld,\"established\":%" PRIu64
                ",\"failed\":%" PRIu64 ",\"alive\":%" PRIu64 ",\"dropped\":%" PRIu64
                ",\"errors\":%" PRIu64 ",\"connect_seconds\":%.3f,\"hold_s\":%.3f,"
                "\"server_pid\":%ld,\"rss_before_kb\":%ld,\"rss_after_kb\":%ld,"
                "\"rss_per_conn_bytes\":%.1f,\"first_error\":",
                o->connections, started, o->src_count, established, failed, alive, dropped,
                werrors, connect_s, o->hold_s, o->server_pid, rss_before, rss_after, per_conn);
        lg_json_string(stdout, first_error);
        fprintf(stdout, "}\n");
    }
    return ok ? 0 : 1;
}

/* ---------------------------------------------------------- one-process modes */

static int single_run(const opts_t *o)
{
    lg_t lg;
    size_t n = o->mode == MODE_FANOUT ? (size_t)o->receivers + 1 : (size_t)o->connections;
    int rc;

    if (lg_init(&lg, o, n, 0, 1) != 0) {
        fprintf(stderr, "parley-loadgen: setup failed (out of memory or libevent)\n");
        lg_cleanup(&lg);
        return 2;
    }
    switch (o->mode) {
    case MODE_CLOSED:
        lg.on_connected_all = closed_start;
        lg.on_message = closed_on_message;
        lg.on_lost = closed_on_lost;
        break;
    case MODE_OPEN:
        lg.on_connected_all = open_start;
        lg.on_message = open_on_message;
        lg.on_lost = open_on_lost;
        break;
    default:
        lg.sender = &lg.conns[0];
        lg.on_connected_all = fanout_start;
        lg.on_message = fanout_on_message;
        lg.on_lost = fanout_on_lost;
        break;
    }
    lg_run(&lg);
    if (o->mode == MODE_CLOSED)
        rc = closed_report(&lg);
    else if (o->mode == MODE_OPEN)
        rc = open_report(&lg);
    else
        rc = fanout_report(&lg);
    lg_cleanup(&lg);
    return rc;
}

/* ---------------------------------------------------------- command line */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parley-loadgen MODE --port PORT [options]\n"
            "modes:\n"
            "  idle    hold N WebSocket connections; report server RSS per connection\n"
            "  closed  C connections, one echo exchange at a time each: rate and latency\n"
            "  open    fixed rate of echo exchanges over C connections: latency from intended send time\n"
            "  fanout  M receivers + 1 sender in one room: deliveries/s, order, completeness\n"
            "common options:\n"
            "  --host ADDR            server IPv4 address (127.0.0.1)\n"
            "  --port PORT            server port (required)\n"
            "  --path PATH            WebSocket path (/test/echo; fanout: /test/fanout/ROOM)\n"
            "  --size BYTES           message size, >= %d (64)\n"
            "  --binary               send binary messages instead of text\n"
            "  --src-base ADDR        first source address (127.0.0.1)\n"
            "  --src-count K          source addresses cycled from --src-base; 0: no bind (64)\n"
            "  --concurrency K        connects in progress at once, per process (100)\n"
            "  --connect-timeout S    seconds for all connections to open (60)\n"
            "  --json                 print one JSON object on stdout (text goes to stderr)\n"
            "idle:   -n, --connections N (1000)  --workers W (N/%d rounded up)\n"
            "        --server-pid PID  --hold S (2)\n"
            "closed: -c, --connections C (50)  --duration S (10)  --warmup S (2)  --drain S (5)\n"
            "open:   --rate R (required)  -c, --connections C (50)  --duration S (10)  --warmup S (2)\n"
            "fanout: --receivers M (100)  --messages K (1000)  --window W (32)  --room NAME\n",
            SEQ_PREFIX, DEFAULT_PER_WORKER);
    lg_tutor_usage(f);
}

enum {
    OPT_HOST = 256, OPT_PORT, OPT_PATH, OPT_SIZE, OPT_BINARY, OPT_SRC_BASE, OPT_SRC_COUNT,
    OPT_CONCURRENCY, OPT_CONNECT_TIMEOUT, OPT_JSON, OPT_WORKERS, OPT_SERVER_PID, OPT_HOLD,
    OPT_DURATION, OPT_WARMUP, OPT_DRAIN, OPT_RATE, OPT_RECEIVERS, OPT_MESSAGES, OPT_WINDOW,
    OPT_ROOM, OPT_HELP,
};

static int parse_args(int argc, char **argv, opts_t *o)
{
    static const struct option longopts[] = {
        {"host", required_argument, NULL, OPT_HOST},
        {"port", required_argument, NULL, OPT_PORT},
        {"path", required_argument, NULL, OPT_PATH},
        {"size", required_argument, NULL, OPT_SIZE},
        {"binary", no_argument, NULL, OPT_BINARY},
        {"src-base", required_argument, NULL, OPT_SRC_BASE},
        {"src-count", required_argument, NULL, OPT_SRC_COUNT},
        {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"json", no_argument, NULL, OPT_JSON},
        {"connections", required_argument, NULL, 'n'},
        {"workers", required_argument, NULL, OPT_WORKERS},
        {"server-pid", required_argument, NULL, OPT_SERVER_PID},
        {"hold", required_argument, NULL, OPT_HOLD},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"warmup", required_argument, NULL, OPT_WARMUP},
        {"drain", required_argument, NULL, OPT_DRAIN},
        {"rate", required_argument, NULL, OPT_RATE},
        {"receivers", required_argument, NULL, OPT_RECEIVERS},
        {"messages", required_argument, NULL, OPT_MESSAGES},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"room", required_argument, NULL, OPT_ROOM},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    struct in_addr a;
    int have_path = 0, ch;
    long connections = -1;

    memset(o, 0, sizeof(*o));
    snprintf(o->host, sizeof(o->host), "127.0.0.1");
    o->src_base = 0x7f000001u;
    o->src_count = 64;
    o->concurrency = 100;
    o->connect_timeout_s = 60;
    o->size = 64;
    o->hold_s = 2;
    o->duration_s = 10;
    o->warmup_s = 2;
    o->drain_s = 5;
    o->receivers = 100;
    o->messages = 1000;
    o->window = 32;

    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            usage(stdout);
            exit(0);
        }
        usage(stderr);
        return -1;
    }
    o->mode_name = argv[1];
    if (strcmp(argv[1], "idle") == 0)
        o->mode = MODE_IDLE;
    else if (strcmp(argv[1], "closed") == 0)
        o->mode = MODE_CLOSED;
    else if (strcmp(argv[1], "open") == 0)
        o->mode = MODE_OPEN;
    else if (strcmp(argv[1], "fanout") == 0)
        o->mode = MODE_FANOUT;
    else {
        fprintf(stderr, "parley-loadgen: unknown mode '%s'\n", argv[1]);
        usage(stderr);
        return -1;
    }
    optind = 2;
    while ((ch = getopt_long(argc, argv, "n:c:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case OPT_HOST:
            if (strlen(optarg) >= sizeof(o->host) || inet_pton(AF_INET, optarg, &a) != 1)
                bad = 1;
            else
                snprintf(o->host, sizeof(o->host), "%s", optarg);
            break;
        case OPT_PORT: {
            long v;
            bad = lg_parse_long(optarg, 1, 65535, &v);
            o->port = (int)v;
            break;
        }
        case OPT_PATH:
            if (optarg[0] != '/' || strlen(optarg) >= sizeof(o->path) || strpbrk(optarg, " \r\n"))
                bad = 1;
            else {
                snprintf(o->path, sizeof(o->path), "%s", optarg);
                have_path = 1;
            }
            break;
        case OPT_SIZE:
            bad = lg_parse_long(optarg, SEQ_PREFIX, MAX_PAYLOAD, &o->size);
            break;
        case OPT_BINARY:
            o->binary = 1;
            break;
        case OPT_SRC_BASE:
            if (inet_pton(AF_INET, optarg, &a) != 1)
                bad = 1;
            else
                o->src_base = ntohl(a.s_addr);
            break;
        case OPT_SRC_COUNT:
            bad = lg_parse_long(optarg, 0, 1L << 20, &o->src_count);
            break;
        case OPT_CONCURRENCY:
            bad = lg_parse_long(optarg, 1, 100000, &o->concurrency);
            break;
        case OPT_CONNECT_TIMEOUT:
            bad = lg_parse_double(optarg, 0.1, 3600, &o->connect_timeout_s);
            break;
        case OPT_JSON:
            o->json = 1;
            break;
        case 'n':
        case 'c':
            bad = lg_parse_long(optarg, 1, MAX_CONNECTIONS, &connections);
            break;
        case OPT_WORKERS:
            bad = lg_parse_long(optarg, 1, MAX_WORKERS, &o->workers);
            break;
        case OPT_SERVER_PID:
            bad = lg_parse_long(optarg, 1, LONG_MAX, &o->server_pid);
            break;
        case OPT_HOLD:
            bad = lg_parse_double(optarg, 0, 3600, &o->hold_s);
            break;
        case OPT_DURATION:
            bad = lg_parse_double(optarg, 0.01, 3600, &o->duration_s);
            break;
        case OPT_WARMUP:
            bad = lg_parse_double(optarg, 0, 3600, &o->warmup_s);
            break;
        case OPT_DRAIN:
            bad = lg_parse_double(optarg, 0.01, 600, &o->drain_s);
            break;
        case OPT_RATE:
            bad = lg_parse_double(optarg, 0.001, 1e8, &o->rate);
            break;
        case OPT_RECEIVERS:
            bad = lg_parse_long(optarg, 1, MAX_PER_PROCESS - 1, &o->receivers);
            break;
        case OPT_MESSAGES:
            bad = lg_parse_long(optarg, 1, MAX_MESSAGES, &o->messages);
            break;
        case OPT_WINDOW:
            bad = lg_parse_long(optarg, 1, MAX_WINDOW, &o->window);
            break;
        case OPT_ROOM:
            if (strlen(optarg) == 0 || strlen(optarg) > MAX_ROOM ||
                strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
                    strlen(optarg))
                bad = 1;
            else
                snprintf(o->room, sizeof(o->room), "%s", optarg);
            break;
        case 'h':
        case OPT_HELP:
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
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
    inet_pton(AF_INET, o->host, &o->host_addr);
    if (o->mode == MODE_OPEN && o->rate <= 0) {
        fprintf(stderr, "parley-loadgen: open mode needs --rate\n");
        return -1;
    }
    if (o->mode == MODE_IDLE) {
        o->connections = connections > 0 ? connections : 1000;
        if (o->workers == 0)
            o->workers = (o->connections + DEFAULT_PER_WORKER - 1) / DEFAULT_PER_WORKER;
        if (o->workers > o->connections)
            o->workers = o->connections;
        if ((o->connections + o->workers - 1) / o->workers > MAX_PER_PROCESS) {
            fprintf(stderr, "parley-loadgen: more than %ld connections per worker: raise --workers\n",
                    MAX_PER_PROCESS);
            return -1;
        }
    } else {
        o->connections = connections > 0 ? connections : 50;
        if (o->mode != MODE_FANOUT && o->connections > MAX_PER_PROCESS) {
            fprintf(stderr, "parley-loadgen: at most %ld connections in this mode\n", MAX_PER_PROCESS);
            return -1;
        }
    }
    if (o->mode == MODE_FANOUT) {
        if (o->room[0] == '\0') {
            unsigned char r[4] = {0};
            (void)RAND_bytes(r, sizeof(r));
            snprintf(o->room, sizeof(o->room), "bench-%ld-%02x%02x%02x%02x", (long)getpid(), r[0],
                     r[1], r[2], r[3]);
        }
        if (!have_path)
            snprintf(o->path, sizeof(o->path), "/test/fanout/%s", o->room);
    } else if (!have_path) {
        snprintf(o->path, sizeof(o->path), "/test/echo");
    }
    return 0;
}

/* Lifts the open-file limit to its hard maximum. */
static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int main(int argc, char **argv)
{
    opts_t o;
    struct rlimit rl;

    if (argc >= 2 && lg_tutor_is_mode(argv[1])) {
        signal(SIGPIPE, SIG_IGN);
        raise_nofile();
        return lg_tutor_main(argc, argv);
    }
    if (parse_args(argc, argv, &o) != 0)
        return 2;
    hout = o.json ? stderr : stdout;
    signal(SIGPIPE, SIG_IGN);
    raise_nofile();
    if (o.mode != MODE_IDLE && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t need = (rlim_t)(o.mode == MODE_FANOUT ? o.receivers + 1 : o.connections) + 16;
        if (need > rl.rlim_cur) {
            fprintf(stderr, "parley-loadgen: %lu connections need more open files than the limit %lu\n",
                    (unsigned long)need, (unsigned long)rl.rlim_cur);
            return 2;
        }
    }
    if (o.mode == MODE_IDLE)
        return idle_run(&o);
    return single_run(&o);
}
