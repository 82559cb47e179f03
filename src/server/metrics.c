/*
 * metrics.c - counters, histograms and the Prometheus text exposition.
 */
#include "parley/metrics.h"

#include <inttypes.h>
#include <string.h>

static const int close_codes[PL_METRICS_N_CLOSE_CODES - 1] = PL_METRICS_CLOSE_CODES;

static const char *const limit_names[PL_LIMIT__COUNT] = {
    "max_connections", "per_ip",       "header_bytes",       "header_count",
    "body_bytes",      "message_size", "frames_per_message", "output_cap",
    "handshake_timeout", "idle_timeout", "keepalive_timeout",
};

static const char *const hs_names[PL_HS__COUNT] = {
    "ok", "bad_request", "bad_version", "forbidden", "not_found", "overloaded", "rejected",
};

void pl_metrics_count_close(pl_metrics_t *m, int code)
{
    for (size_t i = 0; i < PL_METRICS_N_CLOSE_CODES - 1; i++) {
        if (close_codes[i] == code) {
            m->closes[i]++;
            return;
        }
    }
    m->closes[PL_METRICS_N_CLOSE_CODES - 1]++;
}

void pl_metrics_count_status(pl_metrics_t *m, int status)
{
    int cls = status / 100;
    m->http_requests[cls >= 1 && cls <= 5 ? cls : 0]++;
}

const char *pl_metrics_limit_name(pl_limit_kind_t k)
{
    return (int)k >= 0 && k < PL_LIMIT__COUNT ? limit_names[k] : "?";
}

const char *pl_metrics_handshake_name(pl_handshake_outcome_t o)
{
    return (int)o >= 0 && o < PL_HS__COUNT ? hs_names[o] : "?";
}

static int head(pl_buf_t *out, const char *name, const char *type, const char *help)
{
    return pl_buf_appendf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int simple(pl_buf_t *out, const char *name, const char *type, const char *help, uint64_t v)
{
    int rv = head(out, name, type, help);
    return rv ? rv : pl_buf_appendf(out, "%s %" PRIu64 "\n", name, v);
}

int pl_metrics_render_histogram(pl_buf_t *out, const char *name, const char *help,
                                const char *labels, const pl_histogram_t *h)
{
    int rv = head(out, name, "histogram", help);
    const char *sep = labels && *labels ? "," : "";
    const char *lb = labels ? labels : "";
    uint64_t cum = 0;
    for (size_t i = 0; rv == 0 && i < PL_HISTOGRAM_BUCKETS; i++) {
        cum += h->counts[i];
        rv = pl_buf_appendf(out, "%s_bucket{%s%sle=\"%g\"} %" PRIu64 "\n", name, lb, sep,
                            pl_histogram_bounds[i], cum);
    }
    if (rv == 0)
        rv = pl_buf_appendf(out, "%s_bucket{%s%sle=\"+Inf\"} %" PRIu64 "\n", name, lb, sep, h->count);
    if (rv == 0)
        rv = pl_buf_appendf(out, "%s_sum%s%s%s %.9g\n%s_count%s%s%s %" PRIu64 "\n", name,
                            *lb ? "{" : "", lb, *lb ? "}" : "", h->sum, name, *lb ? "{" : "", lb,
                            *lb ? "}" : "", h->count);
    return rv;
}

int pl_metrics_render(const pl_metrics_t *m, pl_buf_t *out)
{
    int rv = 0;
#define TRY(x)           \
    do {                 \
        if ((rv = (x)))  \
            return rv;   \
    } while (0)
    TRY(simple(out, "parley_connections_open", "gauge", "Open TCP connections.", m->connections_open));
    TRY(simple(out, "parley_connections_total", "counter", "Accepted TCP connections.",
               m->connections_total));
    TRY(simple(out, "parley_websockets_open", "gauge", "Open WebSocket connections.",
               m->websockets_open));
    TRY(head(out, "parley_http_responses_total", "counter", "HTTP responses by status class."));
    static const char *const cls[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
    for (int i = 0; i < 6; i++)
        TRY(pl_buf_appendf(out, "parley_http_responses_total{class=\"%s\"} %" PRIu64 "\n", cls[i],
                           m->http_requests[i]));
    TRY(head(out, "parley_ws_handshakes_total", "counter", "WebSocket handshakes by outcome."));
    for (int i = 0; i < PL_HS__COUNT; i++)
        TRY(pl_buf_appendf(out, "parley_ws_handshakes_total{outcome=\"%s\"} %" PRIu64 "\n",
                           hs_names[i], m->handshakes[i]));
    TRY(head(out, "parley_ws_frames_total", "counter", "WebSocket frames by direction."));
    TRY(pl_buf_appendf(out, "parley_ws_frames_total{direction=\"in\"} %" PRIu64 "\n", m->frames_in));
    TRY(pl_buf_appendf(out, "parley_ws_frames_total{direction=\"out\"} %" PRIu64 "\n", m->frames_out));
    TRY(head(out, "parley_ws_messages_total", "counter", "WebSocket messages by direction."));
    TRY(pl_buf_appendf(out, "parley_ws_messages_total{direction=\"in\"} %" PRIu64 "\n", m->messages_in));
    TRY(pl_buf_appendf(out, "parley_ws_messages_total{direction=\"out\"} %" PRIu64 "\n", m->messages_out));
    TRY(head(out, "parley_bytes_total", "counter", "Bytes read and written on all connections."));
    TRY(pl_buf_appendf(out, "parley_bytes_total{direction=\"in\"} %" PRIu64 "\n", m->bytes_in));
    TRY(pl_buf_appendf(out, "parley_bytes_total{direction=\"out\"} %" PRIu64 "\n", m->bytes_out));
    TRY(head(out, "parley_ws_closes_total", "counter", "WebSocket closes by close code."));
    for (size_t i = 0; i < PL_METRICS_N_CLOSE_CODES; i++) {
        if (i < PL_METRICS_N_CLOSE_CODES - 1)
            TRY(pl_buf_appendf(out, "parley_ws_closes_total{code=\"%d\"} %" PRIu64 "\n",
                               close_codes[i], m->closes[i]));
        else
            TRY(pl_buf_appendf(out, "parley_ws_closes_total{code=\"other\"} %" PRIu64 "\n",
                               m->closes[i]));
    }
    TRY(head(out, "parley_limit_hits_total", "counter", "Requests or connections stopped by a limit."));
    for (int i = 0; i < PL_LIMIT__COUNT; i++)
        TRY(pl_buf_appendf(out, "parley_limit_hits_total{limit=\"%s\"} %" PRIu64 "\n",
                           limit_names[i], m->limit_hits[i]));
    TRY(pl_metrics_render_histogram(out, "parley_http_request_duration_seconds",
                                    "Time from a complete request head to its queued response.",
                                    NULL, &m->request_latency));
#undef TRY
    return rv;
}
