/*
 * storebench.c - parley-storebench: what the durable store costs per seed
 * 000 exchange, measured without the server. It drives pl_store exactly as
 * the engine does for one exchange of the tutor dialect with the canned
 * brain, on a libevent loop of its own:
 *
 *   1. the user message (pl_store_msg_put), which the client's
 *      user_message_received waits for: the acknowledgement;
 *   2. once it is durable, the exchange's closing group, lazily (nobody
 *      waits on it): the four state transitions, the answer (the canned
 *      text) and the conversation row's state, updated_ms and last_seq;
 *   3. then the conversation's next user message at once (a closed loop:
 *      parleyd would wait for the client to read stream_end first).
 *
 *   parley-storebench --data-dir DIR [-c C] [--duration S] [--warmup S]
 *                     [--sync full|normal] [--json]
 *
 * C conversations (default 50, as the tutor-closed workload) run the loop
 * side by side. DIR must exist; the database is DIR/storebench.db, which
 * must not exist yet (a fresh file, as each parleyd of a benchmark run
 * starts with). Reports, for the measured window after the warm-up:
 * exchanges per second, the process's CPU time per exchange (loop and
 * worker threads together, the figure that bounds a one-core server), the
 * bytes the process wrote per exchange (/proc/self/io: the WAL and the
 * checkpoints), commits per second, and the acknowledgement latency (queue
 * to callback) percentiles. One JSON object on stdout with --json.
 */
#include "hist.h"
#include "lgopt.h"

#include "parley/brain.h"
#include "parley/error.h"
#include "parley/log.h"
#include "parley/server.h"
#include "parley/store.h"

#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SB_MAX_CONVERSATIONS 10000

/* The transitions of one exchange, as the engine records them. */
static const char *const sb_transitions[][3] = {
    {"WAITING_FOR_USER", "user_input", "LISTENING"},
    {"LISTENING", "input_complete", "PROCESSING"},
    {"PROCESSING", "response_started", "SPEAKING"},
    {"SPEAKING", "response_finished", "WAITING_FOR_USER"},
};
#define SB_NTRANS (sizeof(sb_transitions) / sizeof(sb_transitions[0]))
/* Events of one exchange on the wire (seed 000, 20 chunks): each takes a seq. */
#define SB_EVENTS_PER_EXCHANGE 25

typedef struct sb_run sb_run_t;

typedef struct sb_conv {
    sb_run_t *run;
    char id[40];
    int64_t seq;    /* the conversation's last event seq */
    uint64_t n;     /* exchanges started */
    uint64_t sent_ns;
} sb_conv_t;

struct sb_run {
    struct event_base *base;
    pl_store_t *st;
    sb_conv_t *convs;
    long nconv;
    int measuring;
    int stopping;
    int failed;
    uint64_t exchanges;  /* acknowledged in the window */
    lg_hist_t ack;       /* acknowledgement latency in the window (ns) */
    uint64_t next_id;
};

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Bytes this process has caused to be written to storage (-1: unknown). */
static long long write_bytes(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    char line[128];
    long long v = -1;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f) != NULL)
        if (sscanf(line, "write_bytes: %lld", &v) == 1)
            break;
    fclose(f);
    return v;
}

static void send_user(sb_conv_t *c);

static void closing_done(int rv, void *ud)
{
    sb_conv_t *c = ud;
    if (rv != 0 && !c->run->failed) {
        fprintf(stderr, "storebench: a closing write failed: %s\n", pl_strerror(rv));
        c->run->failed = 1;
        event_base_loopbreak(c->run->base);
    }
}

static void user_done(int rv, void *ud)
{
    sb_conv_t *c = ud;
    sb_run_t *r = c->run;
    if (rv != 0) {
        if (!r->failed)
            fprintf(stderr, "storebench: a user message failed: %s\n", pl_strerror(rv));
        r->failed = 1;
        event_base_loopbreak(r->base);
        return;
    }
    if (r->stopping)
        return; /* pl_store_close drains the last ones: nothing more is queued */
    if (r->measuring) {
        r->exchanges++;
        lg_hist_record(&r->ack, mono_ns() - c->sent_ns);
    }
    /* the answer streamed: its events took their seqs; the closing group follows */
    char reply_id[64];
    snprintf(reply_id, sizeof(reply_id), "response_%" PRIu64, ++r->next_id);
    int64_t now = wall_ms();
    c->seq += SB_EVENTS_PER_EXCHANGE;
    pl_store_msg_t m = {0};
    m.conversation_id = c->id;
    m.id = reply_id;
    m.role = (char *)"assistant";
    m.content = (char *)pl_brain_canned_text;
    m.status = (char *)"complete";
    m.seq = c->seq - 1; /* stream_end; stop_typing comes after it */
    m.created_ms = now;
    pl_store_conv_update_t u = {0};
    u.state = "WAITING_FOR_USER";
    u.updated_ms = now;
    u.last_seq = c->seq;
    pl_store_op_t ops[SB_NTRANS + 2];
    size_t n = 0;
    for (size_t i = 0; i < SB_NTRANS; i++)
        ops[n++] = (pl_store_op_t){.kind = PL_STORE_OP_TRANSITION,
                                   .conversation_id = c->id,
                                   .from = sb_transitions[i][0],
                                   .event = sb_transitions[i][1],
                                   .to = sb_transitions[i][2],
                                   .at_ms = now};
    ops[n++] = (pl_store_op_t){.kind = PL_STORE_OP_MSG_PUT, .msg = &m};
    ops[n++] = (pl_store_op_t){.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = c->id,
                               .update = &u};
    int qrv = pl_store_write_group_lazy(r->st, ops, n, closing_done, c);
    if (qrv != 0) {
        fprintf(stderr, "storebench: the closing group was not queued: %s\n", pl_strerror(qrv));
        r->failed = 1;
        event_base_loopbreak(r->base);
        return;
    }
    if (!r->stopping)
        send_user(c);
}

static void send_user(sb_conv_t *c)
{
    sb_run_t *r = c->run;
    char id[64], token[64];
    snprintf(id, sizeof(id), "user_%" PRId64 "_%" PRIu64, wall_ms(), ++r->next_id);
    snprintf(token, sizeof(token), "tok-%s-%" PRIu64, c->id, ++c->n);
    pl_store_msg_t m = {0};
    m.conversation_id = c->id;
    m.id = id;
    m.role = (char *)"user";
    m.user_id = (char *)"bench-user";
    m.token = token;
    m.content = (char *)"Can you explain how photosynthesis works?";
    m.status = (char *)"complete";
    m.seq = c->seq + 1; /* user_message_received */
    m.created_ms = wall_ms();
    c->sent_ns = mono_ns();
    int rv = pl_store_msg_put(r->st, &m, user_done, c);
    if (rv != 0) {
        fprintf(stderr, "storebench: a user message was not queued: %s\n", pl_strerror(rv));
        r->failed = 1;
        event_base_loopbreak(r->base);
    }
}

static void conv_created(int rv, void *ud)
{
    int *left = ud;
    if (rv != 0)
        fprintf(stderr, "storebench: creating a conversation failed: %s\n", pl_strerror(rv));
    (*left) -= rv == 0 ? 1 : 1000000;
}

static void on_timer(evutil_socket_t fd, short what, void *ud)
{
    (void)fd;
    (void)what;
    event_base_loopbreak(ud);
}

/* Runs the loop for seconds (or until a failure breaks it). */
static void run_for(sb_run_t *r, double seconds)
{
    struct timeval tv = {(time_t)seconds, (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6)};
    struct event *t = evtimer_new(r->base, on_timer, r->base);
    evtimer_add(t, &tv);
    event_base_dispatch(r->base);
    event_free(t);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: parley-storebench --data-dir DIR [-c C] [--duration S] [--warmup S]\n"
               "                         [--sync full|normal] [--json]\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"data-dir", required_argument, NULL, 'd'}, {"conversations", required_argument, NULL, 'c'},
        {"duration", required_argument, NULL, 't'}, {"warmup", required_argument, NULL, 'w'},
        {"sync", required_argument, NULL, 's'},     {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    const char *dir = NULL;
    long nconv = 50;
    double duration = 5, warmup = 1;
    int full = 1, json = 0, ch;
    while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case 'd':
            dir = optarg;
            break;
        case 'c':
            bad = lg_parse_long(optarg, 1, SB_MAX_CONVERSATIONS, &nconv);
            break;
        case 't':
            bad = lg_parse_double(optarg, 0.01, 3600, &duration);
            break;
        case 'w':
            bad = lg_parse_double(optarg, 0, 3600, &warmup);
            break;
        case 's':
            bad = strcmp(optarg, "full") != 0 && strcmp(optarg, "normal") != 0;
            full = strcmp(optarg, "full") == 0;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            bad = 1;
        }
        if (bad) {
            if (ch != '?')
                fprintf(stderr, "storebench: bad value for --%s: %s\n",
                        ch == 'c' ? "conversations" : ch == 't' ? "duration" : ch == 'w' ? "warmup" : "sync",
                        optarg != NULL ? optarg : "");
            usage(stderr);
            return 2;
        }
    }
    if (dir == NULL || optind != argc) {
        usage(stderr);
        return 2;
    }
    char path[4096];
    struct stat sb;
    if ((size_t)snprintf(path, sizeof(path), "%s/storebench.db", dir) >= sizeof(path)) {
        fprintf(stderr, "storebench: --data-dir is too long\n");
        return 2;
    }
    if (stat(path, &sb) == 0) {
        fprintf(stderr, "storebench: %s exists; give a folder without it\n", path);
        return 2;
    }
    pl_log_setup(PL_LOG_WARN, PL_LOG_TEXT);

    int status = 1;
    sb_run_t r;
    memset(&r, 0, sizeof(r));
    r.nconv = nconv;
    r.base = pl_server_base_new();
    if (r.base == NULL || lg_hist_init(&r.ack) != 0) {
        fprintf(stderr, "storebench: out of memory\n");
        goto out;
    }
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = path;
    cfg.synchronous_full = full;
    if (pl_store_open(&r.st, r.base, &cfg) != 0) {
        fprintf(stderr, "storebench: cannot open %s\n", path);
        goto out;
    }
    r.convs = calloc((size_t)nconv, sizeof(*r.convs));
    if (r.convs == NULL)
        goto out;
    int left = (int)nconv;
    for (long i = 0; i < nconv; i++) {
        sb_conv_t *c = &r.convs[i];
        c->run = &r;
        snprintf(c->id, sizeof(c->id), "bench-%08lx-%06ld", (unsigned long)mono_ns() & 0xffffffffu, i);
        pl_store_conv_t row = {0};
        row.id = c->id;
        row.user_id = (char *)"bench-user";
        row.status = (char *)"active";
        row.dialect = (char *)"tutor";
        row.state = (char *)"IDLE";
        row.created_ms = row.updated_ms = wall_ms();
        if (pl_store_conv_insert(r.st, &row, conv_created, &left) != 0) {
            fprintf(stderr, "storebench: cannot queue a conversation\n");
            goto out;
        }
    }
    while (left > 0)
        event_base_loop(r.base, EVLOOP_ONCE);
    if (left < 0)
        goto out;

    for (long i = 0; i < nconv; i++)
        send_user(&r.convs[i]);
    run_for(&r, warmup);
    if (r.failed)
        goto out;
    r.measuring = 1;
    pl_store_stats_t s0, s1;
    pl_store_stats(r.st, &s0);
    long long w0 = write_bytes();
    double cpu0 = cpu_seconds();
    uint64_t t0 = mono_ns();
    run_for(&r, duration);
    double secs = (double)(mono_ns() - t0) / 1e9;
    double cpu = cpu_seconds() - cpu0;
    long long w1 = write_bytes();
    pl_store_stats(r.st, &s1);
    r.measuring = 0;
    r.stopping = 1;
    if (r.failed)
        goto out;

    double ex = (double)r.exchanges;
    double rate = ex / secs, us_cpu = ex > 0 ? cpu * 1e6 / ex : 0;
    double bytes = w0 >= 0 && w1 >= 0 && ex > 0 ? (double)(w1 - w0) / ex : -1;
    double commits = (double)(s1.commits - s0.commits) / secs;
    double p50 = (double)lg_hist_percentile(&r.ack, 50) / 1e3;
    double p99 = (double)lg_hist_percentile(&r.ack, 99) / 1e3;
    double p999 = (double)lg_hist_percentile(&r.ack, 99.9) / 1e3;
    double pmax = (double)r.ack.max / 1e3;
    if (json) {
        printf("{\"conversations\":%ld,\"sync\":\"%s\",\"seconds\":%.3f,\"exchanges\":%" PRIu64
               ",\"exchanges_per_s\":%.1f,\"cpu_seconds\":%.3f,\"cpu_us_per_exchange\":%.2f,"
               "\"bytes_written_per_exchange\":%.0f,\"commits_per_s\":%.1f,"
               "\"ack_us\":{\"p50\":%.1f,\"p99\":%.1f,\"p99.9\":%.1f,\"max\":%.1f}}\n",
               nconv, full ? "full" : "normal", secs, r.exchanges, rate, cpu, us_cpu, bytes, commits,
               p50, p99, p999, pmax);
    } else {
        printf("storebench: %ld conversations, synchronous %s, %.1f s warm-up + %.1f s measured\n",
               nconv, full ? "full" : "normal", warmup, secs);
        printf("  exchanges: %" PRIu64 " (%.1f/s); %.1f commits/s\n", r.exchanges, rate, commits);
        printf("  process CPU: %.2f s (%.1f us per exchange); written: %.0f bytes per exchange\n",
               cpu, us_cpu, bytes);
        printf("  acknowledgement (us): p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n", p50, p99, p999,
               pmax);
    }
    status = r.exchanges > 0 ? 0 : 1;
    if (r.exchanges == 0)
        fprintf(stderr, "storebench: no exchange completed in the window\n");

out:
    /* the last lazy groups and the next user messages drain here */
    pl_store_close(r.st);
    free(r.convs);
    lg_hist_free(&r.ack);
    if (r.base != NULL)
        event_base_free(r.base);
    return status;
}
