/*
 * tutor.c - parley-loadgen's seed 000 ("AI tutor") workloads. Conversations
 * are created first with blocking HTTP/1.1 POSTs to
 * {prefix}/conversations; then one libevent loop drives non-blocking
 * WebSocket clients (wsc.c) on {prefix}/ws/{conversation_id}. A connection
 * counts as up once its "connected" event names its conversation. Every
 * exchange is checked by tutor_proto.c: user_message_received (with the
 * token and text sent), typing_indicator, stream_start, stream_chunk x N,
 * stream_end (fullText = the chunks, N = --chunks), stop_typing_indicator;
 * title_updated may come between them.
 *
 *   tutor-closed  C connections, each on its own conversation, send a
 *                 user_message, wait for stop_typing_indicator, send the
 *                 next: exchanges/s, latency user_message -> stream_end.
 *   tutor-open    exchanges at a fixed rate over C connections/conversations,
 *                 latency from each exchange's intended send time; a
 *                 connection still busy sends its next one as soon as it is
 *                 free (at most one exchange per connection in flight).
 *   tutor-fanout  M receivers and one sender on one conversation; the sender
 *                 sends K user messages one after the other; every receiver
 *                 must see every event of every exchange, in order:
 *                 delivered messages/s and completeness.
 *
 * With --server-pid the server's CPU time (utime + stime from
 * /proc/PID/stat) is read at the edges of the measured window, so rates can
 * be put per server CPU-second. Results print as text, or with --json as one
 * JSON object on stdout (the text then goes to stderr).
 *
 * --questions FILE (repeatable) replaces the fixed text: connection i's
 * exchange k sends question (i * N / C + k) mod N of the files' N questions,
 * as is, so every conversation goes through the whole list (the same text
 * comes back to a conversation only every N exchanges; Parley's duplicate
 * filter remembers a conversation's last 32 messages). --stamps (the
 * provider relay benchmark, tutor-closed and tutor-open) reads the send-time
 * stamps "t=<us> " the fake provider put in each answer piece out of every
 * stream_chunk (a chunk without one fails the connection) and records
 * receive time - send time per stamp, and counts stalled exchanges: a gap of
 * more than --stall-gap seconds between two stream_chunks of an answer (the
 * wait for the first is the first-chunk latency; the wait from the last to
 * stream_end has its own histogram). The llm-direct mode (relay.c, the same
 * benchmark's reference) is entered from here too.
 */
#include "tutor.h"

#include "hist.h"
#include "questions.h"
#include "relay.h"
#include "relay_proto.h"
#include "tutor_proto.h"
#include "lgopt.h"
#include "lgsock.h"
#include "lgconn.h"
#include "lgutil.h"
#include "wsc.h"

#include "parley/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

/* Connections one process may hold (the open-file limit allows 20,000). */
#define T_MAX_CONNECTIONS 18000L
/* User messages the fanout sender may send. */
#define T_MAX_MESSAGES 1000000L
/* The user_message buffer. */
#define T_MAX_TEXT_OPT 1024
#define T_USER_MESSAGE_MAX (T_MAX_TEXT_OPT * 6 + 512)
/* Conversation creation: request, response and time allowed per POST. */
#define T_HTTP_REQUEST_MAX 2048
#define T_HTTP_RESPONSE_MAX 65536
#define T_HTTP_TIMEOUT_S 10
/* The prefix of the routes, and its longest accepted value. */
#define T_DEFAULT_PREFIX "/ai-tutor"
#define T_MAX_PREFIX 128
/* Fanout: how long without any event counts as a stall, and its check period. */
#define T_STALL_SECONDS 10
#define T_STALL_CHECK_MS 100
/* Default answer size of the canned brain. */
#define T_DEFAULT_CHUNKS 20
/* Files --questions may name; stamps read out of one stream_chunk. */
#define T_MAX_QUESTION_FILES 16
#define T_MAX_STAMPS 64

enum tmode { T_CLOSED, T_OPEN, T_FANOUT };

typedef struct topts {
    enum tmode mode;
    const char *mode_name;
    char host[64];
    int port;
    struct in_addr host_addr;
    char prefix[T_MAX_PREFIX + 1];
    uint32_t src_base; /* host order */
    long src_count;    /* 0: do not bind */
    long concurrency;
    double connect_timeout_s;
    long connections;
    double duration_s;
    double warmup_s;
    double drain_s;
    double rate;
    long receivers;
    long messages;
    long chunks; /* expected per answer; 0: any number from 1 */
    char message[T_MAX_TEXT_OPT + 1];
    char user_id[64];
    long server_pid;
    int json;
    lg_questions_t questions; /* --questions: sent round-robin instead of --message */
    int stamps;               /* --stamps: read send-time stamps out of stream_chunk */
    double stall_s;           /* --stall-gap */
} topts_t;

struct tb;

typedef struct tconn {
    lg_conn_t ws; /* first: the lg_conn_ops_t callbacks cast back */
    struct tb *tb;
    int ready;    /* the server's connected event arrived */
    uint32_t index;
    size_t conv; /* index into tb->conv_ids */
    lg_tutor_exchange_t x;
    int busy;  /* an exchange is under way */
    int dead;  /* failed or finished: no more exchanges */
    uint64_t k;           /* number of the exchange under way */
    uint64_t started_ns;  /* its send time (open: its intended send time) */
    uint64_t first_chunk_ns;
    uint64_t end_ns;      /* when its stream_end arrived */
    uint64_t done;        /* exchanges completed */
    uint64_t open_next;   /* open: this connection's exchanges sent so far */
    uint64_t open_due;    /* open: exchanges due but waiting for the one under way */
    uint64_t pos;         /* open: position among the live connections */
    uint64_t received;    /* fanout: events received since the first send */
    uint64_t last_ns;     /* closed/open: the last stream_chunk of the exchange under way, 0 before */
    int stalled;          /* that exchange already counted as stalled */
} tconn_t;

typedef struct cpu_sample {
    uint64_t wall_ns;
    double server_s; /* -1 when unknown */
    double self_s;
} cpu_sample_t;

typedef struct tb {
    const topts_t *o;
    struct event_base *base;
    struct sockaddr_in dst;
    tconn_t *conns;
    size_t n;
    char (*conv_ids)[LG_TUTOR_MAX_ID + 1];
    size_t nconv;
    char run_id[40];
    uint64_t rng;
    lg_tutor_parser_t parser;
    /* connect phase */
    size_t next_launch, in_flight, ready, failed;
    int connected_all;
    struct event *connect_timer;
    /* outcome */
    lg_hist_t hist;       /* user_message -> stream_end */
    lg_hist_t first_hist; /* user_message -> first stream_chunk */
    lg_hist_t lag_hist;   /* open: how late each send left behind its schedule */
    lg_hist_t stamp_hist; /* --stamps: stamp -> stream_chunk received */
    lg_hist_t end_wait_hist; /* --stamps: last stream_chunk -> stream_end */
    uint64_t stamp_chunks, stamp_count; /* --stamps: chunks and stamps in the window */
    uint64_t stalled, max_gap_ns;       /* closed/open: stalled exchanges, longest gap */
    uint64_t errors, out_of_order, content_errors, server_errors, lost;
    char first_error[256];
    int finished;
    struct event *timer;
    struct event *tick;
    struct event *window_start_ev;
    struct event *window_end_ev;
    cpu_sample_t cpu0, cpu1;
    int have_cpu0, have_cpu1;
    uint64_t t0, warm_end, end;
    uint64_t exchanges;       /* completed inside the measured window */
    uint64_t window_events;   /* events received inside the measured window */
    size_t active;
    /* open */
    tconn_t **live;
    size_t nlive;
    uint64_t next_k, total_k, assigned, completed, skipped, max_lag;
    int sending_done;
    /* fanout */
    tconn_t *sender;
    uint64_t *sent_at;        /* per exchange: the sender's send time */
    uint64_t sender_done;
    uint64_t deliveries;
    uint64_t first_send_ns, last_event_ns, last_progress_ns;
    size_t receivers_complete, receivers_failed;
} tb_t;

static FILE *tout; /* human-readable output */

/* ------------------------------------------------------------- utils */

static void tb_error(tb_t *tb, const char *fmt, ...)
{
    tb->errors++;
    if (tb->first_error[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(tb->first_error, sizeof(tb->first_error), fmt, ap);
        va_end(ap);
    }
}

static void cpu_sample(const tb_t *tb, cpu_sample_t *s);

static void tb_finish(tb_t *tb)
{
    if (tb->finished)
        return;
    tb->finished = 1;
    /* a run may end before the window's end timer fires */
    if (tb->have_cpu0 && !tb->have_cpu1 && tb->o->mode != T_FANOUT) {
        cpu_sample(tb, &tb->cpu1);
        tb->have_cpu1 = 1;
    }
    event_base_loopbreak(tb->base);
}

/* utime + stime of pid in seconds (all its threads), or -1. */
static double read_proc_cpu(long pid)
{
    char path[64], buf[1024];
    unsigned long long ut = 0, st = 0;
    FILE *f;
    size_t n;
    char *p;

    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
    if (p == NULL)
        return -1;
    /* after ")": state (field 3) ... utime (14), stime (15) */
    if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    return (double)(ut + st) / (double)(hz > 0 ? hz : 100);
}

static void cpu_sample(const tb_t *tb, cpu_sample_t *s)
{
    struct rusage ru;
    s->wall_ns = lg_now_ns();
    s->server_s = tb->o->server_pid > 0 ? read_proc_cpu(tb->o->server_pid) : -1;
    s->self_s = 0;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        s->self_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* ----------------------------------------------------------- buffers */

/* ------------------------------------------- conversation creation */

/* POSTs {prefix}/conversations and stores the new id in out. Returns 0, or
 * -1 with why set. Blocking, with T_HTTP_TIMEOUT_S per send and receive. */
static int create_conversation(const topts_t *o, char out[LG_TUTOR_MAX_ID + 1], char *why,
                               size_t whylen)
{
    static char resp[T_HTTP_RESPONSE_MAX + LG_TUTOR_MAX_HTTP_HEAD];
    static char body[T_HTTP_RESPONSE_MAX];
    char req[T_HTTP_REQUEST_MAX];
    struct sockaddr_in dst;
    struct timeval tv = {T_HTTP_TIMEOUT_S, 0};
    size_t have = 0, body_len = 0;
    int fd, status = 0, rc = -1, n;

    n = lg_tutor_build_create_request(req, sizeof(req), o->host, o->port, o->prefix, o->user_id);
    if (n < 0) {
        snprintf(why, whylen, "conversation request too long");
        return -1;
    }
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(why, whylen, "socket: %s", strerror(errno));
        return -1;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    memset(&dst, 0, sizeof(dst));
    dst.sin_family = AF_INET;
    dst.sin_port = htons((uint16_t)o->port);
    dst.sin_addr = o->host_addr;
    if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) != 0) {
        snprintf(why, whylen, "POST %s/conversations: connect: %s", o->prefix, strerror(errno));
        goto out;
    }
    for (int off = 0; off < n;) {
        ssize_t k = send(fd, req + off, (size_t)(n - off), MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            snprintf(why, whylen, "POST %s/conversations: send: %s", o->prefix,
                     k < 0 ? strerror(errno) : "closed");
            goto out;
        }
        off += (int)k;
    }
    for (;;) {
        int eof = 0, r;
        if (have == sizeof(resp)) {
            snprintf(why, whylen, "POST %s/conversations: response too large", o->prefix);
            goto out;
        }
        ssize_t k = recv(fd, resp + have, sizeof(resp) - have, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            snprintf(why, whylen, "POST %s/conversations: %s", o->prefix,
                     errno == EAGAIN || errno == EWOULDBLOCK ? "no response in time" : strerror(errno));
            goto out;
        }
        if (k == 0)
            eof = 1;
        have += (size_t)k;
        r = lg_tutor_parse_http_response(resp, have, eof, &status, body, sizeof(body), &body_len);
        if (r == PL_ERR_INCOMPLETE)
            continue;
        if (r < 0) {
            snprintf(why, whylen, "POST %s/conversations: %s HTTP response", o->prefix,
                     r == PL_ERR_TOO_LARGE ? "too large an" : "malformed");
            goto out;
        }
        break;
    }
    if (status != 200 && status != 201) {
        snprintf(why, whylen, "POST %s/conversations answered HTTP %d: %.60s", o->prefix, status,
                 body);
        goto out;
    }
    if (lg_tutor_parse_conversation_id(body, body_len, out) != 0) {
        snprintf(why, whylen, "POST %s/conversations: no usable conversation_id in %.60s",
                 o->prefix, body);
        goto out;
    }
    rc = 0;
out:
    close(fd);
    return rc;
}

/* -------------------------------------------------------- connections */

static void conn_fail(tconn_t *c, const char *fmt, ...);
static void launch_more(tb_t *tb);
static void on_event(tconn_t *c, const lg_tutor_event_t *ev, uint64_t now);
static void on_lost(tconn_t *c, const char *why);

static void conn_release(tconn_t *c)
{
    lg_conn_release(&c->ws);
    lg_tutor_exchange_free(&c->x);
}

/* Open and past the server's connected event: exchanges may run. */
static int conn_ready(const tconn_t *c) { return c->ws.state == LG_CONN_OPEN && c->ready; }

static int conn_send_frame(tconn_t *c, int opcode, const uint8_t *p, size_t n)
{
    return lg_conn_send_frame(&c->ws, opcode, p, n);
}

static void conn_goodbye(tconn_t *c) { lg_conn_goodbye(&c->ws); }

static void check_connected_all(tb_t *tb);

static void connect_finished(tb_t *tb, int ok)
{
    tb->in_flight--;
    if (ok)
        tb->ready++;
    else
        tb->failed++;
    launch_more(tb);
    check_connected_all(tb);
}

static void conn_fail(tconn_t *c, const char *fmt, ...)
{
    char why[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    lg_conn_fail(&c->ws, "%s", why);
}

/* lg_conn_t callbacks: the connection failed (was: its state before). */
static void ws_on_fail(lg_conn_t *w, lg_conn_state_t was, const char *why)
{
    tconn_t *c = (tconn_t *)w;
    tb_t *tb = c->tb;
    if (was == LG_CONN_CONNECTING || was == LG_CONN_HANDSHAKE ||
        (was == LG_CONN_OPEN && !c->ready)) {
        tb_error(tb, "connection %" PRIu32 ": %s", c->index, why);
        connect_finished(tb, 0);
    } else if (was == LG_CONN_OPEN) {
        on_lost(c, why);
    }
}

/* Sends one user_message with text and token; returns 0 or -1 (connection failed). */
static int conn_send_user_message(tconn_t *c, const char *text, const char *token)
{
    char msg[T_USER_MESSAGE_MAX];
    int n = lg_tutor_build_user_message(msg, sizeof(msg), text, c->tb->o->user_id, token);
    if (n < 0) {
        conn_fail(c, "user_message too long");
        return -1;
    }
    return conn_send_frame(c, LG_WS_OP_TEXT, (const uint8_t *)msg, (size_t)n);
}

static void make_token(const tb_t *tb, char *out, size_t cap, const char *who, uint64_t k)
{
    snprintf(out, cap, "lg-%s-%s-%" PRIu64, tb->run_id, who, k);
}

/* The user text of exchange k, the nth of connection slot: --message and k,
 * so that no two messages of a conversation are alike (a server may also
 * drop the same text from the same user within its duplicate window, as
 * Parley does); with --questions, the slot's nth question of the list (from
 * its own starting point), as is. */
static void make_text(const tb_t *tb, size_t slot, char *out, size_t cap, uint64_t k, uint64_t nth)
{
    const lg_questions_t *q = &tb->o->questions;
    if (q->n > 0) {
        size_t first = (size_t)((uint64_t)slot * q->n / (tb->n ? tb->n : 1));
        snprintf(out, cap, "%s", q->items[(first + (size_t)(nth % q->n)) % q->n]);
        return;
    }
    snprintf(out, cap, "%s (%" PRIu64 ")", tb->o->message, k);
}

/* A text message from the server on an open connection. */
static void on_text(tconn_t *c, const uint8_t *d, size_t n)
{
    tb_t *tb = c->tb;
    uint64_t now = lg_now_ns();
    int rc = lg_tutor_parse_event(&tb->parser, d, n);
    const lg_tutor_event_t *ev = &tb->parser.ev;

    if (rc != 0) {
        tb->content_errors++;
        conn_fail(c, "server message is not a valid event (%s): %.*s",
                  rc == PL_ERR_PARSE    ? "not one JSON object"
                  : rc == PL_ERR_SCHEMA ? "a field of the wrong type, or no mt"
                  : rc == PL_ERR_TOO_LARGE ? "a field too large"
                                           : "out of memory",
                  (int)(n < 60 ? n : 60), (const char *)d);
        return;
    }
    if (!c->ready) {
        const char *want = tb->conv_ids[c->conv];
        if (ev->mt == LG_TUTOR_MT_ERROR) {
            conn_fail(c, "server sent an error instead of connected: %.100s",
                      ev->error.set ? ev->error.p : "(no text)");
            return;
        }
        if (ev->mt != LG_TUTOR_MT_CONNECTED) {
            conn_fail(c, "first message is \"%s\", not connected", ev->mt_name);
            return;
        }
        if (!ev->has_conversation_id || strcmp(ev->conversation_id, want) != 0) {
            conn_fail(c, "connected names conversation \"%s\", not \"%s\"",
                      ev->has_conversation_id ? ev->conversation_id : "(none)", want);
            return;
        }
        c->ready = 1;
        connect_finished(tb, 1);
        return;
    }
    if (now >= tb->warm_end && now <= tb->end)
        tb->window_events++;
    if (tb->o->mode != T_FANOUT && c->busy && ev->mt == LG_TUTOR_MT_STREAM_CHUNK) {
        /* gaps inside the stream: between its pieces */
        uint64_t gap = c->last_ns && now > c->last_ns ? now - c->last_ns : 0;
        if (gap > tb->max_gap_ns)
            tb->max_gap_ns = gap;
        if (!c->stalled && gap > (uint64_t)(tb->o->stall_s * 1e9)) {
            c->stalled = 1;
            tb->stalled++;
        }
        c->last_ns = now;
    } else if (tb->o->stamps && c->busy && ev->mt == LG_TUTOR_MT_STREAM_END && c->last_ns &&
               now >= tb->warm_end && now <= tb->end) {
        /* the last piece to stream_end: the answer's end confirmed */
        lg_hist_record(&tb->end_wait_hist, now > c->last_ns ? now - c->last_ns : 0);
    }
    if (tb->o->stamps && ev->mt == LG_TUTOR_MT_STREAM_CHUNK && ev->chunk.set) {
        uint64_t st[T_MAX_STAMPS], now_us = now / 1000u;
        int k = lg_stamp_parse(ev->chunk.p, ev->chunk.len, st, T_MAX_STAMPS);
        if (k <= 0) {
            tb->content_errors++;
            conn_fail(c, "stream_chunk without a send-time stamp: %.40s", ev->chunk.p);
            return;
        }
        if (now >= tb->warm_end && now <= tb->end) {
            tb->stamp_chunks++;
            tb->stamp_count += (uint64_t)k;
            for (int i = 0; i < k && i < T_MAX_STAMPS; i++)
                lg_hist_record(&tb->stamp_hist, now_us > st[i] ? (now_us - st[i]) * 1000u : 0);
        }
    }
    on_event(c, ev, now);
}

static void ws_on_open(lg_conn_t *w) { ((tconn_t *)w)->ready = 0; }

static void ws_on_message(lg_conn_t *w, int opcode, const uint8_t *p, size_t n)
{
    tconn_t *c = (tconn_t *)w;
    if (opcode == LG_WS_OP_TEXT) {
        on_text(c, p, n);
    } else {
        c->tb->content_errors++;
        conn_fail(c, "binary message from the server");
    }
}

static const lg_conn_ops_t conn_ops = {ws_on_open, ws_on_message, ws_on_fail};

/* Opens one socket and starts its connect. Returns 0, or -1 with why set. */
static int conn_start(tb_t *tb, tconn_t *c, char *why, size_t whylen)
{
    const topts_t *o = tb->o;
    uint32_t src = o->src_count > 0 ? o->src_base + (uint32_t)(c->index % (uint64_t)o->src_count) : 0;
    char path[T_MAX_PREFIX + LG_TUTOR_MAX_ID + 8];
    snprintf(path, sizeof(path), "%s/ws/%s", o->prefix, tb->conv_ids[c->conv]);
    return lg_conn_start(&c->ws, src, &tb->dst, o->host, o->port, path, why, whylen);
}

static void launch_more(tb_t *tb)
{
    char why[200];

    while (!tb->connected_all && tb->next_launch < tb->n &&
           tb->in_flight < (size_t)tb->o->concurrency) {
        tconn_t *c = &tb->conns[tb->next_launch++];
        tb->in_flight++;
        if (conn_start(tb, c, why, sizeof(why)) != 0) {
            tb_error(tb, "connection %" PRIu32 ": %s", c->index, why);
            tb->in_flight--;
            tb->failed++;
        }
    }
}

static void on_connect_timeout(evutil_socket_t fd, short what, void *arg)
{
    tb_t *tb = arg;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < tb->n; i++) {
        tconn_t *c = &tb->conns[i];
        if (c->ws.state == LG_CONN_CONNECTING || c->ws.state == LG_CONN_HANDSHAKE ||
            (c->ws.state == LG_CONN_OPEN && !c->ready)) {
            lg_conn_close(&c->ws);
            tb->in_flight--;
            tb->failed++;
            tb_error(tb, "connection %" PRIu32 ": not connected within %.0f s", c->index,
                     tb->o->connect_timeout_s);
        } else if (c->ws.state == LG_CONN_IDLE) {
            tb->failed++;
            tb_error(tb, "connection %" PRIu32 ": not started within %.0f s", c->index,
                     tb->o->connect_timeout_s);
        }
    }
    tb->next_launch = tb->n;
    check_connected_all(tb);
}

/* ------------------------------------------------------ measurement */

static void on_window_start(evutil_socket_t fd, short what, void *arg)
{
    tb_t *tb = arg;
    (void)fd;
    (void)what;
    cpu_sample(tb, &tb->cpu0);
    tb->have_cpu0 = 1;
}

static void on_window_end(evutil_socket_t fd, short what, void *arg)
{
    tb_t *tb = arg;
    (void)fd;
    (void)what;
    cpu_sample(tb, &tb->cpu1);
    tb->have_cpu1 = 1;
}

/* Samples the CPU clocks at warm_end and end (both in the future). */
static void schedule_window(tb_t *tb)
{
    uint64_t now = lg_now_ns();
    struct timeval tv;

    tb->window_start_ev = evtimer_new(tb->base, on_window_start, tb);
    tb->window_end_ev = evtimer_new(tb->base, on_window_end, tb);
    if (tb->window_start_ev == NULL || tb->window_end_ev == NULL)
        return;
    tv = lg_tv_from_ns(tb->warm_end > now ? tb->warm_end - now : 0);
    evtimer_add(tb->window_start_ev, &tv);
    tv = lg_tv_from_ns(tb->end > now ? tb->end - now : 0);
    evtimer_add(tb->window_end_ev, &tv);
}

/* Classifies a refused event and counts it. */
static void count_refusal(tconn_t *c, const lg_tutor_event_t *ev, int rc)
{
    tb_t *tb = c->tb;
    if (rc == PL_ERR_PROTOCOL && ev->mt == LG_TUTOR_MT_ERROR)
        tb->server_errors++;
    else if (rc == PL_ERR_PROTOCOL)
        tb->out_of_order++;
    else
        tb->content_errors++;
    tb_error(tb, "connection %" PRIu32 ": %s", c->index, c->x.why);
}

/* Starts an exchange on c: begin the check, send the message. */
static int exchange_send(tconn_t *c, uint64_t k, uint64_t started_ns, const char *who)
{
    char token[LG_TUTOR_MAX_ID + 1], text[T_MAX_TEXT_OPT + 32];
    make_token(c->tb, token, sizeof(token), who, k);
    /* open: k counts over all connections, open_next (already moved on) over this one */
    make_text(c->tb, c->tb->o->mode == T_FANOUT ? 0 : c->index, text, sizeof(text), k,
              c->tb->o->mode == T_OPEN ? c->open_next - 1 : k);
    c->last_ns = 0; /* no piece yet */
    c->stalled = 0;
    if (lg_tutor_exchange_begin(&c->x, token, text) != 0) {
        conn_fail(c, "token or text too long");
        return -1;
    }
    c->busy = 1;
    c->k = k;
    c->started_ns = started_ns;
    c->first_chunk_ns = c->end_ns = 0;
    return conn_send_user_message(c, text, token);
}

/* Makes c expect exchange k of the fanout sender. */
static void fanout_expect(tconn_t *c, uint64_t k)
{
    char token[LG_TUTOR_MAX_ID + 1], text[T_MAX_TEXT_OPT + 32];
    make_token(c->tb, token, sizeof(token), "f", k);
    make_text(c->tb, 0, text, sizeof(text), k, k);
    (void)lg_tutor_exchange_begin(&c->x, token, text); /* fits: the sender's did */
    c->busy = 1;
}

/* ----------------------------------------------------------- closed */

static void closed_conn_done(tconn_t *c)
{
    tb_t *tb = c->tb;
    if (c->dead)
        return;
    c->dead = 1;
    if (tb->active > 0 && --tb->active == 0)
        tb_finish(tb);
}

static void closed_send(tconn_t *c)
{
    char who[16];
    snprintf(who, sizeof(who), "%" PRIu32, c->index);
    exchange_send(c, c->done, lg_now_ns(), who);
}

static void closed_on_event(tconn_t *c, const lg_tutor_event_t *ev, uint64_t now)
{
    tb_t *tb = c->tb;
    int rc = lg_tutor_exchange_step(&c->x, ev);

    if (rc < 0) {
        count_refusal(c, ev, rc);
        if (c->busy)
            tb->lost++;
        c->busy = 0;
        closed_conn_done(c);
        conn_goodbye(c);
        return;
    }
    if (rc == LG_TUTOR_STEP_FIRST_CHUNK)
        c->first_chunk_ns = now;
    else if (rc == LG_TUTOR_STEP_END)
        c->end_ns = now;
    if (rc != LG_TUTOR_STEP_DONE)
        return;
    c->busy = 0;
    c->done++;
    if (now >= tb->warm_end && now <= tb->end) {
        lg_hist_record(&tb->hist, c->end_ns - c->started_ns);
        lg_hist_record(&tb->first_hist, c->first_chunk_ns - c->started_ns);
        tb->exchanges++;
    }
    if (now < tb->end && !c->dead)
        closed_send(c);
    else
        closed_conn_done(c);
}

static void closed_on_lost(tconn_t *c, const char *why)
{
    tb_t *tb = c->tb;
    tb_error(tb, "connection %" PRIu32 ": %s", c->index, why);
    if (c->busy)
        tb->lost++;
    c->busy = 0;
    closed_conn_done(c);
}

static void on_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
    tb_t *tb = arg;
    uint64_t missing = 0;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < tb->n; i++) {
        tconn_t *c = &tb->conns[i];
        if (conn_ready(c) && (c->busy || c->open_due)) {
            missing += (uint64_t)c->busy + c->open_due;
            c->busy = 0;
            c->open_due = 0;
        }
    }
    if (missing) {
        tb->lost += missing;
        tb_error(tb, "%" PRIu64 " exchanges unfinished %.1f s after the run", missing,
                 tb->o->drain_s);
    }
    tb_finish(tb);
}

static void closed_start(tb_t *tb)
{
    struct timeval tv;
    uint64_t now = lg_now_ns();

    if (tb->ready == 0) {
        tb_finish(tb);
        return;
    }
    tb->warm_end = now + lg_ns_from_s(tb->o->warmup_s);
    tb->end = tb->warm_end + lg_ns_from_s(tb->o->duration_s);
    schedule_window(tb);
    tb->timer = evtimer_new(tb->base, on_drain_timeout, tb);
    tv = lg_tv_from_ns(tb->end - now + lg_ns_from_s(tb->o->drain_s));
    evtimer_add(tb->timer, &tv);
    for (size_t i = 0; i < tb->n; i++)
        if (conn_ready(&tb->conns[i]))
            tb->active++;
    for (size_t i = 0; i < tb->n; i++)
        if (conn_ready(&tb->conns[i]))
            closed_send(&tb->conns[i]);
}

/* ------------------------------------------------------------- open */

static uint64_t open_intended(const tb_t *tb, uint64_t k)
{
    return tb->t0 + (uint64_t)((double)k * 1e9 / tb->o->rate);
}

static void open_maybe_finish(tb_t *tb)
{
    if (tb->sending_done && tb->completed + tb->lost >= tb->assigned)
        tb_finish(tb);
}

/* Sends c's next exchange (its intended time may have passed). */
static void open_send_next(tconn_t *c, uint64_t now)
{
    tb_t *tb = c->tb;
    uint64_t k = c->open_next * tb->nlive + c->pos;
    uint64_t t;
    char who[16];

    t = open_intended(tb, k);
    c->open_next++;
    if (now > t) {
        if (now - t > tb->max_lag)
            tb->max_lag = now - t;
        lg_hist_record(&tb->lag_hist, now - t);
    } else {
        lg_hist_record(&tb->lag_hist, 0);
    }
    snprintf(who, sizeof(who), "%" PRIu32, c->index);
    exchange_send(c, k, t, who);
}

static void open_conn_dead(tconn_t *c)
{
    tb_t *tb = c->tb;
    if (c->dead)
        return;
    c->dead = 1;
    tb->lost += (uint64_t)c->busy + c->open_due;
    c->busy = 0;
    c->open_due = 0;
    open_maybe_finish(tb);
}

static void open_on_tick(evutil_socket_t fd, short what, void *arg)
{
    tb_t *tb = arg;
    uint64_t now = lg_now_ns();
    struct timeval tv;
    (void)fd;
    (void)what;

    while (tb->next_k < tb->total_k) {
        uint64_t t = open_intended(tb, tb->next_k);
        if (t > now)
            break;
        tconn_t *c = tb->live[tb->next_k % tb->nlive];
        if (conn_ready(c) && !c->dead) {
            tb->assigned++;
            if (c->busy)
                c->open_due++;
            else
                open_send_next(c, now);
        } else {
            tb->skipped++;
        }
        tb->next_k++;
        if ((tb->next_k & 63) == 0)
            now = lg_now_ns();
    }
    if (tb->next_k < tb->total_k) {
        tv = lg_tv_from_ns(open_intended(tb, tb->next_k) - now);
        evtimer_add(tb->tick, &tv);
        return;
    }
    tb->sending_done = 1;
    tv = lg_tv_from_ns(lg_ns_from_s(tb->o->drain_s));
    evtimer_add(tb->timer, &tv);
    open_maybe_finish(tb);
}

static void open_on_event(tconn_t *c, const lg_tutor_event_t *ev, uint64_t now)
{
    tb_t *tb = c->tb;
    int rc = lg_tutor_exchange_step(&c->x, ev);

    if (rc < 0) {
        count_refusal(c, ev, rc);
        open_conn_dead(c);
        conn_goodbye(c);
        return;
    }
    if (rc == LG_TUTOR_STEP_FIRST_CHUNK)
        c->first_chunk_ns = now;
    else if (rc == LG_TUTOR_STEP_END)
        c->end_ns = now;
    if (rc != LG_TUTOR_STEP_DONE)
        return;
    c->busy = 0;
    c->done++;
    tb->completed++;
    if (c->started_ns >= tb->warm_end && c->started_ns < tb->end) {
        lg_hist_record(&tb->hist, c->end_ns > c->started_ns ? c->end_ns - c->started_ns : 0);
        lg_hist_record(&tb->first_hist,
                       c->first_chunk_ns > c->started_ns ? c->first_chunk_ns - c->started_ns : 0);
    }
    if (now >= tb->warm_end && now <= tb->end)
        tb->exchanges++;
    if (c->open_due > 0) {
        c->open_due--;
        open_send_next(c, now);
    }
    open_maybe_finish(tb);
}

static void open_on_lost(tconn_t *c, const char *why)
{
    tb_error(c->tb, "connection %" PRIu32 ": %s", c->index, why);
    open_conn_dead(c);
}

static void open_start(tb_t *tb)
{
    struct timeval tv;

    tb->live = calloc(tb->n ? tb->n : 1, sizeof(tconn_t *));
    if (tb->live == NULL) {
        tb_error(tb, "out of memory");
        tb_finish(tb);
        return;
    }
    for (size_t i = 0; i < tb->n; i++)
        if (conn_ready(&tb->conns[i]))
            tb->live[tb->nlive++] = &tb->conns[i];
    if (tb->nlive == 0) {
        tb_finish(tb);
        return;
    }
    /* A live connection's exchanges are k = pos + j * nlive. */
    for (size_t i = 0; i < tb->nlive; i++)
        tb->live[i]->pos = i;
    tb->t0 = lg_now_ns() + 1000000; /* 1 ms from now */
    tb->warm_end = tb->t0 + lg_ns_from_s(tb->o->warmup_s);
    tb->end = tb->warm_end + lg_ns_from_s(tb->o->duration_s);
    tb->total_k = (uint64_t)((tb->o->warmup_s + tb->o->duration_s) * tb->o->rate);
    schedule_window(tb);
    tb->timer = evtimer_new(tb->base, on_drain_timeout, tb);
    tb->tick = evtimer_new(tb->base, open_on_tick, tb);
    tv = lg_tv_from_ns(1000000);
    evtimer_add(tb->tick, &tv);
}

/* ----------------------------------------------------------- fanout */

static void fanout_maybe_finish(tb_t *tb)
{
    if (tb->sender_done >= (uint64_t)tb->o->messages &&
        tb->receivers_complete + tb->receivers_failed >= (size_t)tb->o->receivers)
        tb_finish(tb);
    else if (tb->sender->dead && tb->sender_done < (uint64_t)tb->o->messages)
        tb_finish(tb); /* nothing more will be sent */
}

static void fanout_send(tb_t *tb)
{
    uint64_t k = tb->sender_done, now = lg_now_ns();
    tb->sent_at[k] = now;
    if (tb->first_send_ns == 0)
        tb->first_send_ns = now;
    exchange_send(tb->sender, k, now, "f");
}

static void fanout_receiver_failed(tconn_t *c)
{
    tb_t *tb = c->tb;
    if (c->dead)
        return;
    c->dead = 1;
    tb->receivers_failed++;
    fanout_maybe_finish(tb);
}

static void fanout_on_event(tconn_t *c, const lg_tutor_event_t *ev, uint64_t now)
{
    tb_t *tb = c->tb;
    uint64_t k = (uint64_t)tb->o->messages;
    int rc;

    if (c != tb->sender) {
        c->received++;
        tb->deliveries++;
        tb->last_event_ns = now;
    }
    tb->last_progress_ns = now;
    if (c->dead)
        return;
    rc = lg_tutor_exchange_step(&c->x, ev);
    if (rc < 0) {
        count_refusal(c, ev, rc);
        if (c == tb->sender) {
            c->dead = 1;
            fanout_maybe_finish(tb);
        } else {
            fanout_receiver_failed(c);
        }
        return;
    }
    if (rc == LG_TUTOR_STEP_END && c != tb->sender)
        lg_hist_record(&tb->hist, now - tb->sent_at[c->done]);
    if (rc == LG_TUTOR_STEP_FIRST_CHUNK && c != tb->sender)
        lg_hist_record(&tb->first_hist, now - tb->sent_at[c->done]);
    if (rc != LG_TUTOR_STEP_DONE)
        return;
    c->done++;
    c->busy = 0;
    if (c == tb->sender) {
        tb->sender_done++;
        if (tb->sender_done < k)
            fanout_send(tb);
        else
            fanout_maybe_finish(tb);
        return;
    }
    if (c->done == k) {
        tb->receivers_complete++;
        fanout_maybe_finish(tb);
        return;
    }
    fanout_expect(c, c->done);
}

static void fanout_on_lost(tconn_t *c, const char *why)
{
    tb_t *tb = c->tb;
    tb_error(tb, "%s %" PRIu32 ": %s", c == tb->sender ? "sender" : "receiver", c->index, why);
    if (c == tb->sender) {
        c->dead = 1;
        fanout_maybe_finish(tb);
    } else {
        fanout_receiver_failed(c);
    }
}

static void fanout_on_timer(evutil_socket_t fd, short what, void *arg)
{
    tb_t *tb = arg;
    (void)fd;
    (void)what;
    if (lg_now_ns() - tb->last_progress_ns > (uint64_t)T_STALL_SECONDS * 1000000000u) {
        tb_error(tb, "no event for %d s: %zu of %ld receivers complete, sender at exchange %" PRIu64,
                 T_STALL_SECONDS, tb->receivers_complete, tb->o->receivers, tb->sender_done);
        tb_finish(tb);
    }
}

static void fanout_start(tb_t *tb)
{
    struct timeval tv = {0, T_STALL_CHECK_MS * 1000};

    if (tb->failed > 0 || !conn_ready(tb->sender)) {
        tb_finish(tb);
        return;
    }
    tb->sent_at = calloc((size_t)tb->o->messages, sizeof(uint64_t));
    tb->timer = event_new(tb->base, -1, EV_PERSIST, fanout_on_timer, tb);
    if (tb->sent_at == NULL || tb->timer == NULL) {
        tb_error(tb, "out of memory");
        tb_finish(tb);
        return;
    }
    evtimer_add(tb->timer, &tv);
    for (size_t i = 1; i < tb->n; i++)
        fanout_expect(&tb->conns[i], 0);
    cpu_sample(tb, &tb->cpu0);
    tb->have_cpu0 = 1;
    tb->last_progress_ns = lg_now_ns();
    fanout_send(tb);
}

/* ------------------------------------------------------- dispatching */

static void check_connected_all(tb_t *tb)
{
    if (tb->connected_all || tb->ready + tb->failed < tb->n)
        return;
    tb->connected_all = 1;
    if (tb->connect_timer)
        event_del(tb->connect_timer);
    switch (tb->o->mode) {
    case T_CLOSED:
        closed_start(tb);
        break;
    case T_OPEN:
        open_start(tb);
        break;
    default:
        fanout_start(tb);
        break;
    }
}

static void on_event(tconn_t *c, const lg_tutor_event_t *ev, uint64_t now)
{
    switch (c->tb->o->mode) {
    case T_CLOSED:
        closed_on_event(c, ev, now);
        break;
    case T_OPEN:
        open_on_event(c, ev, now);
        break;
    default:
        fanout_on_event(c, ev, now);
        break;
    }
}

static void on_lost(tconn_t *c, const char *why)
{
    switch (c->tb->o->mode) {
    case T_CLOSED:
        closed_on_lost(c, why);
        break;
    case T_OPEN:
        open_on_lost(c, why);
        break;
    default:
        fanout_on_lost(c, why);
        break;
    }
}

/* ------------------------------------------------------------ setup */

static int tb_init(tb_t *tb, const topts_t *o)
{
    struct event_config *cfg;
    unsigned char seed[8], rid[4];

    memset(tb, 0, sizeof(*tb));
    tb->o = o;
    tb->n = o->mode == T_FANOUT ? (size_t)o->receivers + 1 : (size_t)o->connections;
    tb->nconv = o->mode == T_FANOUT ? 1 : tb->n;
    tb->dst.sin_family = AF_INET;
    tb->dst.sin_port = htons((uint16_t)o->port);
    tb->dst.sin_addr = o->host_addr;
    if (RAND_bytes(seed, sizeof(seed)) != 1 || RAND_bytes(rid, sizeof(rid)) != 1)
        return PL_ERR_INTERNAL;
    memcpy(&tb->rng, seed, sizeof(tb->rng));
    tb->rng |= 1;
    snprintf(tb->run_id, sizeof(tb->run_id), "%ld-%02x%02x%02x%02x", (long)getpid(), rid[0],
             rid[1], rid[2], rid[3]);

    cfg = event_config_new();
    if (cfg == NULL)
        return PL_ERR_NOMEM;
    event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER | EVENT_BASE_FLAG_NOLOCK);
    tb->base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    if (tb->base == NULL)
        return PL_ERR_INTERNAL;
    if (lg_hist_init(&tb->hist) != 0 || lg_hist_init(&tb->first_hist) != 0 ||
        lg_hist_init(&tb->lag_hist) != 0 || lg_hist_init(&tb->stamp_hist) != 0 ||
        lg_hist_init(&tb->end_wait_hist) != 0 ||
        lg_tutor_parser_init(&tb->parser) != 0)
        return PL_ERR_NOMEM;
    tb->conv_ids = calloc(tb->nconv, sizeof(*tb->conv_ids));
    tb->conns = calloc(tb->n, sizeof(tconn_t));
    if (tb->conv_ids == NULL || tb->conns == NULL)
        return PL_ERR_NOMEM;
    for (size_t i = 0; i < tb->n; i++) {
        tconn_t *c = &tb->conns[i];
        lg_conn_init(&c->ws, &conn_ops, tb->base, &tb->rng);
        c->tb = tb;
        c->index = (uint32_t)i;
        c->conv = o->mode == T_FANOUT ? 0 : i;
    }
    tb->connect_timer = evtimer_new(tb->base, on_connect_timeout, tb);
    if (tb->connect_timer == NULL)
        return PL_ERR_NOMEM;
    return 0;
}

static void tb_cleanup(tb_t *tb)
{
    if (tb->conns) {
        for (size_t i = 0; i < tb->n; i++) {
            conn_goodbye(&tb->conns[i]);
            conn_release(&tb->conns[i]);
        }
    }
    if (tb->connect_timer)
        event_free(tb->connect_timer);
    if (tb->timer)
        event_free(tb->timer);
    if (tb->tick)
        event_free(tb->tick);
    if (tb->window_start_ev)
        event_free(tb->window_start_ev);
    if (tb->window_end_ev)
        event_free(tb->window_end_ev);
    if (tb->base)
        event_base_free(tb->base);
    free(tb->conns);
    free(tb->conv_ids);
    free(tb->live);
    free(tb->sent_at);
    lg_tutor_parser_free(&tb->parser);
    lg_hist_free(&tb->hist);
    lg_hist_free(&tb->first_hist);
    lg_hist_free(&tb->lag_hist);
    lg_hist_free(&tb->stamp_hist);
    lg_hist_free(&tb->end_wait_hist);
    memset(tb, 0, sizeof(*tb));
}

/* Creates the conversations and prepares each connection's check. Returns 0 or -1. */
static int tb_conversations(tb_t *tb)
{
    const topts_t *o = tb->o;
    char why[256];

    for (size_t i = 0; i < tb->nconv; i++) {
        if (create_conversation(o, tb->conv_ids[i], why, sizeof(why)) != 0) {
            tb_error(tb, "%s", why);
            return -1;
        }
    }
    for (size_t i = 0; i < tb->n; i++) {
        tconn_t *c = &tb->conns[i];
        if (lg_tutor_exchange_init(&c->x, tb->conv_ids[c->conv], (unsigned)o->chunks) != 0) {
            tb_error(tb, "conversation id too long");
            return -1;
        }
    }
    return 0;
}

static void tb_run(tb_t *tb)
{
    struct timeval tv = lg_tv_from_ns(lg_ns_from_s(tb->o->connect_timeout_s));
    if (tb->o->mode == T_FANOUT)
        tb->sender = &tb->conns[0];
    evtimer_add(tb->connect_timer, &tv);
    launch_more(tb);
    check_connected_all(tb);
    if (!tb->finished)
        event_base_dispatch(tb->base);
}

/* ---------------------------------------------------------- reports */

static void print_hist_json(FILE *f, const char *name, const lg_hist_t *h)
{
    fprintf(f,
            "\"%s\":{\"count\":%" PRIu64 ",\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,"
            "\"p999\":%.1f,\"max\":%.1f,\"mean\":%.1f}",
            name, h->total, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3);
}

static void print_hist_text(const char *what, const lg_hist_t *h)
{
    fprintf(tout,
            "  %s (us): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f"
            "  (%" PRIu64 " samples)\n",
            what, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3, h->total);
}

typedef struct cpu_figures {
    double window_s;  /* wall time between the samples, 0 when missing */
    double server_s;  /* server CPU seconds in it, -1 when unknown */
    double self_s;
} cpu_figures_t;

static cpu_figures_t cpu_figures(const tb_t *tb)
{
    cpu_figures_t f = {0, -1, 0};
    if (!tb->have_cpu0 || !tb->have_cpu1 || tb->cpu1.wall_ns <= tb->cpu0.wall_ns)
        return f;
    f.window_s = (tb->cpu1.wall_ns - tb->cpu0.wall_ns) / 1e9;
    if (tb->cpu0.server_s >= 0 && tb->cpu1.server_s >= 0)
        f.server_s = tb->cpu1.server_s - tb->cpu0.server_s;
    f.self_s = tb->cpu1.self_s - tb->cpu0.self_s;
    return f;
}

/* Per server CPU-second, or -1. */
static double per_cpu(double count_in_window, const cpu_figures_t *f)
{
    return f->server_s > 0 ? count_in_window / f->server_s : -1;
}

static void print_cpu_text(const cpu_figures_t *f, const char *what, double count)
{
    if (f->window_s <= 0)
        return;
    if (f->server_s >= 0)
        fprintf(tout, "  server CPU: %.2f s in %.2f s (%.0f%%): %.1f %s per server CPU-second\n",
                f->server_s, f->window_s, 100 * f->server_s / f->window_s, per_cpu(count, f), what);
    fprintf(tout, "  load generator CPU: %.0f%% of one core\n", 100 * f->self_s / f->window_s);
}

static void print_common_json(FILE *f, const tb_t *tb, int ok, const cpu_figures_t *cf)
{
    const topts_t *o = tb->o;
    fprintf(f, "{\"mode\":");
    lg_json_string(f, o->mode_name);
    fprintf(f, ",\"ok\":%s,\"host\":", ok ? "true" : "false");
    lg_json_string(f, o->host);
    fprintf(f, ",\"port\":%d,\"prefix\":", o->port);
    lg_json_string(f, o->prefix);
    fprintf(f,
            ",\"chunks_expected\":%ld,\"established\":%zu,\"connect_failures\":%zu,"
            "\"errors\":%" PRIu64 ",\"out_of_order\":%" PRIu64 ",\"content_errors\":%" PRIu64
            ",\"server_errors\":%" PRIu64 ",\"server_pid\":%ld,\"window_s\":%.3f,"
            "\"server_cpu_s\":%.3f,\"server_cpu_util\":%.3f,\"loadgen_cpu_util\":%.3f,",
            o->chunks, tb->ready, tb->failed, tb->errors, tb->out_of_order, tb->content_errors,
            tb->server_errors, o->server_pid, cf->window_s, cf->server_s,
            cf->window_s > 0 && cf->server_s >= 0 ? cf->server_s / cf->window_s : -1,
            cf->window_s > 0 ? cf->self_s / cf->window_s : -1);
    print_hist_json(f, "latency_us", &tb->hist);
    fputc(',', f);
    print_hist_json(f, "first_chunk_us", &tb->first_hist);
    if (o->stamps) {
        fprintf(f,
                ",\"chunks\":%" PRIu64 ",\"chunks_per_s\":%.1f,\"stamps\":%" PRIu64
                ",\"stalled_streams\":%" PRIu64 ",\"stall_gap_s\":%.3f,\"max_gap_us\":%.1f,",
                tb->stamp_chunks, tb->stamp_chunks / o->duration_s, tb->stamp_count, tb->stalled,
                o->stall_s, tb->max_gap_ns / 1e3);
        print_hist_json(f, "token_latency_us", &tb->stamp_hist);
        fputc(',', f);
        print_hist_json(f, "end_wait_us", &tb->end_wait_hist);
    }
    fprintf(f, ",\"first_error\":");
    lg_json_string(f, tb->first_error);
}

/* The --stamps figures, as text. */
static void print_stamps_text(const tb_t *tb)
{
    const topts_t *o = tb->o;
    if (!o->stamps)
        return;
    fprintf(tout, "  stream_chunk: %" PRIu64 " in the window (%.1f/s), %" PRIu64 " stamps; "
            "stalled exchanges (a gap over %.1f s): %" PRIu64 "; longest gap %.1f ms\n",
            tb->stamp_chunks, tb->stamp_chunks / o->duration_s, tb->stamp_count, o->stall_s,
            tb->stalled, tb->max_gap_ns / 1e6);
    print_hist_text("stamp -> stream_chunk received", &tb->stamp_hist);
    print_hist_text("last stream_chunk -> stream_end", &tb->end_wait_hist);
}

static int closed_report(tb_t *tb)
{
    const topts_t *o = tb->o;
    cpu_figures_t cf = cpu_figures(tb);
    double rate = tb->exchanges / o->duration_s;
    double events = tb->window_events / o->duration_s;
    int ok = tb->errors == 0 && tb->lost == 0 && tb->failed == 0 && tb->exchanges > 0;

    fprintf(tout, "tutor-closed: %zu connections, one conversation each, to %s:%d%s/ws/..., "
            "%.1f s warm-up + %.1f s measured\n",
            tb->ready, o->host, o->port, o->prefix, o->warmup_s, o->duration_s);
    fprintf(tout, "  exchanges: %" PRIu64 " (%.1f/s, %.1f server events/s); connect failures %zu, "
            "errors %" PRIu64 " (out of order %" PRIu64 ", content %" PRIu64 ", server %" PRIu64
            "), unfinished %" PRIu64 "\n",
            tb->exchanges, rate, events, tb->failed, tb->errors, tb->out_of_order,
            tb->content_errors, tb->server_errors, tb->lost);
    print_hist_text("user_message -> stream_end", &tb->hist);
    print_hist_text("user_message -> first chunk", &tb->first_hist);
    print_stamps_text(tb);
    print_cpu_text(&cf, "exchanges", (double)tb->exchanges * (cf.window_s / o->duration_s));
    if (tb->first_error[0])
        fprintf(tout, "  first error: %s\n", tb->first_error);
    fprintf(tout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        print_common_json(stdout, tb, ok, &cf);
        fprintf(stdout,
                ",\"connections\":%ld,\"warmup_s\":%.3f,\"duration_s\":%.3f,\"exchanges\":%" PRIu64
                ",\"rate\":%.1f,\"events_per_s\":%.1f,\"lost\":%" PRIu64
                ",\"exchanges_per_server_cpu_s\":%.1f}\n",
                o->connections, o->warmup_s, o->duration_s, tb->exchanges, rate, events, tb->lost,
                cf.server_s > 0 ? rate * cf.window_s / cf.server_s : -1);
    }
    return ok ? 0 : 1;
}

static int open_report(tb_t *tb)
{
    const topts_t *o = tb->o;
    cpu_figures_t cf = cpu_figures(tb);
    double achieved = tb->exchanges / o->duration_s;
    int ok = tb->errors == 0 && tb->lost == 0 && tb->failed == 0 && tb->skipped == 0 &&
             tb->completed > 0;

    fprintf(tout, "tutor-open: %.1f exchanges/s over %zu connections (one conversation each) "
            "to %s:%d%s/ws/..., %.1f s warm-up + %.1f s measured\n",
            o->rate, tb->nlive, o->host, o->port, o->prefix, o->warmup_s, o->duration_s);
    fprintf(tout, "  achieved: %.1f exchanges/s in the measured window; sent %" PRIu64
            ", completed %" PRIu64 ", unfinished %" PRIu64 ", errors %" PRIu64 "\n",
            achieved, tb->assigned, tb->completed, tb->lost, tb->errors);
    fprintf(tout, "  send lag behind schedule (us): p50 %.1f  p99 %.1f  max %.1f "
            "(latency counts from the intended time)\n",
            lg_hist_percentile(&tb->lag_hist, 50) / 1e3,
            lg_hist_percentile(&tb->lag_hist, 99) / 1e3, tb->max_lag / 1e3);
    print_hist_text("user_message -> stream_end", &tb->hist);
    print_hist_text("user_message -> first chunk", &tb->first_hist);
    print_stamps_text(tb);
    print_cpu_text(&cf, "exchanges", achieved * cf.window_s);
    if (tb->first_error[0])
        fprintf(tout, "  first error: %s\n", tb->first_error);
    fprintf(tout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        print_common_json(stdout, tb, ok, &cf);
        fprintf(stdout,
                ",\"connections\":%ld,\"warmup_s\":%.3f,\"duration_s\":%.3f,\"target_rate\":%.1f,"
                "\"achieved_rate\":%.1f,\"sent\":%" PRIu64 ",\"completed\":%" PRIu64
                ",\"lost\":%" PRIu64 ",\"skipped\":%" PRIu64
                ",\"send_lag_p99_us\":%.1f,\"max_send_lag_us\":%.1f,"
                "\"exchanges_per_server_cpu_s\":%.1f}\n",
                o->connections, o->warmup_s, o->duration_s, o->rate, achieved, tb->assigned,
                tb->completed, tb->lost, tb->skipped,
                lg_hist_percentile(&tb->lag_hist, 99) / 1e3, tb->max_lag / 1e3,
                cf.server_s > 0 ? achieved * cf.window_s / cf.server_s : -1);
    }
    return ok ? 0 : 1;
}

static int fanout_report(tb_t *tb)
{
    const topts_t *o = tb->o;
    cpu_figures_t cf;
    double secs = tb->last_event_ns > tb->first_send_ns
                      ? (tb->last_event_ns - tb->first_send_ns) / 1e9 : 0;
    double rate = secs > 0 ? tb->deliveries / secs : 0;
    uint64_t per_exchange = o->chunks ? (uint64_t)o->chunks + 5 : 0;
    uint64_t expected = per_exchange * (uint64_t)o->messages * (uint64_t)o->receivers;
    int complete = tb->receivers_complete == (size_t)o->receivers && tb->receivers_failed == 0 &&
                   tb->sender_done == (uint64_t)o->messages;
    int ok = complete && tb->errors == 0 && tb->failed == 0;

    if (tb->have_cpu0) {
        cpu_sample(tb, &tb->cpu1);
        tb->have_cpu1 = 1;
        if (tb->last_event_ns > 0 && tb->last_event_ns < tb->cpu1.wall_ns)
            tb->cpu1.wall_ns = tb->last_event_ns;
        tb->cpu0.wall_ns = tb->first_send_ns ? tb->first_send_ns : tb->cpu0.wall_ns;
    }
    cf = cpu_figures(tb);
    fprintf(tout, "tutor-fanout: %ld receivers + 1 sender on one conversation at %s:%d%s/ws/..., "
            "%ld user messages one after another\n",
            o->receivers, o->host, o->port, o->prefix, o->messages);
    fprintf(tout, "  delivered: %" PRIu64 " events to receivers in %.3f s (%.1f/s)%s; "
            "sender finished %" PRIu64 " exchanges\n",
            tb->deliveries, secs, rate, expected ? "" : " (no --chunks: total not known ahead)",
            tb->sender_done);
    fprintf(tout, "  every receiver got every event of every exchange in order: %s "
            "(%zu complete, %zu failed)\n",
            complete ? "yes" : "NO", tb->receivers_complete, tb->receivers_failed);
    print_hist_text("send -> stream_end at receivers", &tb->hist);
    print_hist_text("send -> first chunk at receivers", &tb->first_hist);
    print_cpu_text(&cf, "events delivered", (double)tb->deliveries);
    if (tb->first_error[0])
        fprintf(tout, "  first error: %s\n", tb->first_error);
    fprintf(tout, "  result: %s\n", ok ? "ok" : "FAILED");
    if (o->json) {
        print_common_json(stdout, tb, ok, &cf);
        fprintf(stdout,
                ",\"receivers\":%ld,\"messages\":%ld,\"exchanges\":%" PRIu64
                ",\"deliveries\":%" PRIu64 ",\"expected_deliveries\":%" PRIu64
                ",\"seconds\":%.3f,\"delivered_per_s\":%.1f,\"in_order_complete\":%s,"
                "\"receivers_complete\":%zu,\"receivers_failed\":%zu,"
                "\"deliveries_per_server_cpu_s\":%.1f}\n",
                o->receivers, o->messages, tb->sender_done, tb->deliveries, expected, secs, rate,
                complete ? "true" : "false", tb->receivers_complete, tb->receivers_failed,
                per_cpu((double)tb->deliveries, &cf));
    }
    return ok ? 0 : 1;
}

/* ----------------------------------------------------- command line */

void lg_tutor_usage(FILE *f)
{
    fprintf(f,
            "seed 000 (AI tutor) modes, on {prefix}/ws/{conversation_id} after POST {prefix}/conversations:\n"
            "  tutor-closed  C connections, one conversation each, one exchange at a time\n"
            "  tutor-open    fixed rate of exchanges over C connections: latency from intended send time\n"
            "  tutor-fanout  M receivers + 1 sender on one conversation, K exchanges in turn\n"
            "tutor options (and --host, --port, --src-base, --src-count, --concurrency,\n"
            "--connect-timeout, --json as in the other modes):\n"
            "  --prefix PATH          route prefix (%s)\n"
            "  --chunks N             stream_chunk messages expected per answer; 0: any (%d)\n"
            "  --message TEXT         the user message sent (\"Can you explain quadratic equations?\")\n"
            "  --questions FILE       send these questions round-robin instead (repeatable; a\n"
            "                         tests/eval/*.tsv table or one per line), each as is\n"
            "  --stamps               read \"t=<us> \" send-time stamps out of every stream_chunk\n"
            "                         (closed, open): token latency, chunks/s, stalls\n"
            "  --stall-gap S          a gap this long between two pieces of an answer is a stall (1)\n"
            "  --user-id ID           userId / user_id sent (123)\n"
            "  --server-pid PID       read the server's CPU time over the measured window\n"
            "  tutor-closed: -c C (50)  --duration S (10)  --warmup S (2)  --drain S (5)\n"
            "  tutor-open:   --rate R (required)  -c C (50)  --duration S (10)  --warmup S (2)  --drain S (5)\n"
            "  tutor-fanout: --receivers M (100)  --messages K (20)\n",
            T_DEFAULT_PREFIX, T_DEFAULT_CHUNKS);
    lg_relay_usage(f);
}

int lg_tutor_is_mode(const char *mode)
{
    return strcmp(mode, "tutor-closed") == 0 || strcmp(mode, "tutor-open") == 0 ||
           strcmp(mode, "tutor-fanout") == 0 || lg_relay_is_mode(mode);
}

enum {
    TO_HOST = 256, TO_PORT, TO_PREFIX, TO_SRC_BASE, TO_SRC_COUNT, TO_CONCURRENCY,
    TO_CONNECT_TIMEOUT, TO_JSON, TO_DURATION, TO_WARMUP, TO_DRAIN, TO_RATE, TO_RECEIVERS,
    TO_MESSAGES, TO_CHUNKS, TO_MESSAGE, TO_USER_ID, TO_SERVER_PID, TO_HELP, TO_QUESTIONS,
    TO_STAMPS, TO_STALL_GAP,
};

static int tutor_parse_args(int argc, char **argv, topts_t *o)
{
    static const struct option longopts[] = {
        {"host", required_argument, NULL, TO_HOST},
        {"port", required_argument, NULL, TO_PORT},
        {"prefix", required_argument, NULL, TO_PREFIX},
        {"src-base", required_argument, NULL, TO_SRC_BASE},
        {"src-count", required_argument, NULL, TO_SRC_COUNT},
        {"concurrency", required_argument, NULL, TO_CONCURRENCY},
        {"connect-timeout", required_argument, NULL, TO_CONNECT_TIMEOUT},
        {"json", no_argument, NULL, TO_JSON},
        {"connections", required_argument, NULL, 'c'},
        {"duration", required_argument, NULL, TO_DURATION},
        {"warmup", required_argument, NULL, TO_WARMUP},
        {"drain", required_argument, NULL, TO_DRAIN},
        {"rate", required_argument, NULL, TO_RATE},
        {"receivers", required_argument, NULL, TO_RECEIVERS},
        {"messages", required_argument, NULL, TO_MESSAGES},
        {"chunks", required_argument, NULL, TO_CHUNKS},
        {"message", required_argument, NULL, TO_MESSAGE},
        {"user-id", required_argument, NULL, TO_USER_ID},
        {"server-pid", required_argument, NULL, TO_SERVER_PID},
        {"questions", required_argument, NULL, TO_QUESTIONS},
        {"stamps", no_argument, NULL, TO_STAMPS},
        {"stall-gap", required_argument, NULL, TO_STALL_GAP},
        {"help", no_argument, NULL, TO_HELP},
        {NULL, 0, NULL, 0},
    };
    struct in_addr a;
    const char *qfiles[T_MAX_QUESTION_FILES];
    size_t nqfiles = 0;
    int ch;

    memset(o, 0, sizeof(*o));
    snprintf(o->host, sizeof(o->host), "127.0.0.1");
    snprintf(o->prefix, sizeof(o->prefix), "%s", T_DEFAULT_PREFIX);
    snprintf(o->message, sizeof(o->message), "Can you explain quadratic equations?");
    snprintf(o->user_id, sizeof(o->user_id), "123");
    o->src_base = 0x7f000001u;
    o->src_count = 64;
    o->concurrency = 100;
    o->connect_timeout_s = 60;
    o->connections = 50;
    o->duration_s = 10;
    o->warmup_s = 2;
    o->drain_s = 5;
    o->receivers = 100;
    o->messages = 20;
    o->chunks = T_DEFAULT_CHUNKS;
    o->stall_s = 1;

    o->mode_name = argv[1];
    if (strcmp(argv[1], "tutor-closed") == 0)
        o->mode = T_CLOSED;
    else if (strcmp(argv[1], "tutor-open") == 0)
        o->mode = T_OPEN;
    else
        o->mode = T_FANOUT;
    optind = 2;
    while ((ch = getopt_long(argc, argv, "c:n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case TO_HOST:
            if (strlen(optarg) >= sizeof(o->host) || inet_pton(AF_INET, optarg, &a) != 1)
                bad = 1;
            else
                snprintf(o->host, sizeof(o->host), "%s", optarg);
            break;
        case TO_PORT: {
            long v = 0;
            bad = lg_parse_long(optarg, 1, 65535, &v);
            o->port = (int)v;
            break;
        }
        case TO_PREFIX: {
            size_t n = strlen(optarg);
            /* "" or "/seg..." with URL-safe characters, no trailing slash */
            if (n > T_MAX_PREFIX || (n > 0 && (optarg[0] != '/' || optarg[n - 1] == '/')) ||
                strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/") != n)
                bad = 1;
            else
                snprintf(o->prefix, sizeof(o->prefix), "%s", optarg);
            break;
        }
        case TO_SRC_BASE:
            if (inet_pton(AF_INET, optarg, &a) != 1)
                bad = 1;
            else
                o->src_base = ntohl(a.s_addr);
            break;
        case TO_SRC_COUNT:
            bad = lg_parse_long(optarg, 0, 1L << 20, &o->src_count);
            break;
        case TO_CONCURRENCY:
            bad = lg_parse_long(optarg, 1, 100000, &o->concurrency);
            break;
        case TO_CONNECT_TIMEOUT:
            bad = lg_parse_double(optarg, 0.1, 3600, &o->connect_timeout_s);
            break;
        case TO_JSON:
            o->json = 1;
            break;
        case 'c':
        case 'n':
            bad = lg_parse_long(optarg, 1, T_MAX_CONNECTIONS, &o->connections);
            break;
        case TO_DURATION:
            bad = lg_parse_double(optarg, 0.01, 3600, &o->duration_s);
            break;
        case TO_WARMUP:
            bad = lg_parse_double(optarg, 0, 3600, &o->warmup_s);
            break;
        case TO_DRAIN:
            bad = lg_parse_double(optarg, 0.01, 600, &o->drain_s);
            break;
        case TO_RATE:
            bad = lg_parse_double(optarg, 0.001, 1e7, &o->rate);
            break;
        case TO_RECEIVERS:
            bad = lg_parse_long(optarg, 1, T_MAX_CONNECTIONS - 1, &o->receivers);
            break;
        case TO_MESSAGES:
            bad = lg_parse_long(optarg, 1, T_MAX_MESSAGES, &o->messages);
            break;
        case TO_CHUNKS:
            bad = lg_parse_long(optarg, 0, 1000000, &o->chunks);
            break;
        case TO_MESSAGE:
            if (strlen(optarg) == 0 || strlen(optarg) > T_MAX_TEXT_OPT)
                bad = 1;
            else
                snprintf(o->message, sizeof(o->message), "%s", optarg);
            break;
        case TO_USER_ID:
            if (strlen(optarg) == 0 || strlen(optarg) >= sizeof(o->user_id))
                bad = 1;
            else
                snprintf(o->user_id, sizeof(o->user_id), "%s", optarg);
            break;
        case TO_SERVER_PID:
            bad = lg_parse_long(optarg, 1, LONG_MAX, &o->server_pid);
            break;
        case TO_QUESTIONS:
            if (nqfiles == T_MAX_QUESTION_FILES)
                bad = 1;
            else
                qfiles[nqfiles++] = optarg;
            break;
        case TO_STAMPS:
            o->stamps = 1;
            break;
        case TO_STALL_GAP:
            bad = lg_parse_double(optarg, 0.001, 3600, &o->stall_s);
            break;
        case 'h':
        case TO_HELP:
            lg_tutor_usage(stdout);
            exit(0);
        default:
            lg_tutor_usage(stderr);
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
    if (o->mode == T_OPEN && o->rate <= 0) {
        fprintf(stderr, "parley-loadgen: tutor-open needs --rate\n");
        return -1;
    }
    if (o->stamps && o->mode == T_FANOUT) {
        fprintf(stderr, "parley-loadgen: --stamps is for tutor-closed and tutor-open\n");
        return -1;
    }
    for (size_t i = 0; i < nqfiles; i++) {
        char err[300];
        if (lg_questions_load(&o->questions, qfiles[i], T_MAX_TEXT_OPT, err, sizeof(err)) < 0) {
            fprintf(stderr, "parley-loadgen: --questions %s\n", err);
            lg_questions_free(&o->questions);
            return -1;
        }
    }
    if (nqfiles > 0 && o->questions.n == 0) {
        fprintf(stderr, "parley-loadgen: no question in the --questions files\n");
        return -1;
    }
    return 0;
}

int lg_tutor_main(int argc, char **argv)
{
    topts_t o;
    tb_t tb;
    struct rlimit rl;
    int rc;

    if (lg_relay_is_mode(argv[1]))
        return lg_relay_main(argc, argv);
    if (tutor_parse_args(argc, argv, &o) != 0)
        return 2;
    tout = o.json ? stderr : stdout;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t need = (rlim_t)(o.mode == T_FANOUT ? o.receivers + 1 : o.connections) + 16;
        if (need > rl.rlim_cur) {
            fprintf(stderr, "parley-loadgen: %lu connections need more open files than the limit %lu\n",
                    (unsigned long)need, (unsigned long)rl.rlim_cur);
            rc = 2;
            goto out;
        }
    }
    if (tb_init(&tb, &o) != 0) {
        fprintf(stderr, "parley-loadgen: setup failed (out of memory or libevent)\n");
        tb_cleanup(&tb);
        rc = 2;
        goto out;
    }
    if (tb_conversations(&tb) != 0) {
        fprintf(tout, "%s: %s\n  result: FAILED\n", o.mode_name, tb.first_error);
        if (o.json) {
            cpu_figures_t cf = {0, -1, 0};
            print_common_json(stdout, &tb, 0, &cf);
            fprintf(stdout, "}\n");
        }
        tb_cleanup(&tb);
        rc = 1;
        goto out;
    }
    tb_run(&tb);
    if (o.mode == T_CLOSED)
        rc = closed_report(&tb);
    else if (o.mode == T_OPEN)
        rc = open_report(&tb);
    else
        rc = fanout_report(&tb);
    tb_cleanup(&tb);
out:
    lg_questions_free(&o.questions);
    return rc;
}
