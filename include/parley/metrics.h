/*
 * parley/metrics.h - the server's counters and histograms, and their
 * Prometheus text exposition (format 0.0.4).
 *
 * One pl_metrics_t per process, owned by the event loop thread: updates are
 * plain increments, never locked. Kinds with a fixed set of values (close
 * codes, limit kinds, handshake outcomes) are arrays indexed by enums.
 */
#ifndef PARLEY_METRICS_H
#define PARLEY_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "parley/histogram.h"
#include "parley/mem.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pl_handshake_outcome {
    PL_HS_OK = 0,
    PL_HS_BAD_REQUEST,   /* 400: missing/malformed key, not GET, bad Upgrade/Connection */
    PL_HS_BAD_VERSION,   /* 426: Sec-WebSocket-Version other than 13 */
    PL_HS_FORBIDDEN,     /* 403: Origin not allowed */
    PL_HS_NOT_FOUND,     /* 404: no WebSocket route at that path */
    PL_HS_OVERLOADED,    /* 503: connection caps */
    PL_HS_REJECTED,      /* refused by the endpoint (e.g. unknown conversation) */
    PL_HS__COUNT
} pl_handshake_outcome_t;

typedef enum pl_limit_kind {
    PL_LIMIT_MAX_CONNECTIONS = 0,
    PL_LIMIT_PER_IP,
    PL_LIMIT_HEADER_BYTES,
    PL_LIMIT_HEADER_COUNT,
    PL_LIMIT_BODY_BYTES,
    PL_LIMIT_MESSAGE_SIZE,
    PL_LIMIT_FRAMES_PER_MESSAGE,
    PL_LIMIT_OUTPUT_CAP,
    PL_LIMIT_HANDSHAKE_TIMEOUT,
    PL_LIMIT_IDLE_TIMEOUT,
    PL_LIMIT_KEEPALIVE_TIMEOUT,
    PL_LIMIT__COUNT
} pl_limit_kind_t;

/* Close codes counted individually; others go to the last slot. */
#define PL_METRICS_CLOSE_CODES {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1013}
#define PL_METRICS_N_CLOSE_CODES 11

typedef struct pl_metrics {
    uint64_t connections_open;         /* gauge */
    uint64_t connections_total;
    uint64_t websockets_open;          /* gauge */
    uint64_t http_requests[6];         /* by status class: 0 = other, 1xx..5xx */
    uint64_t handshakes[PL_HS__COUNT];
    uint64_t frames_in, frames_out;
    uint64_t messages_in, messages_out;
    uint64_t bytes_in, bytes_out;
    uint64_t closes[PL_METRICS_N_CLOSE_CODES];
    uint64_t limit_hits[PL_LIMIT__COUNT];
    pl_histogram_t request_latency;    /* HTTP request head complete -> response queued */
} pl_metrics_t;

/** Counts a close by its code. */
void pl_metrics_count_close(pl_metrics_t *m, int code);
/** Counts an HTTP response by its status. */
void pl_metrics_count_status(pl_metrics_t *m, int status);

/** Name used in the exposition for a limit kind ("output_cap"). */
const char *pl_metrics_limit_name(pl_limit_kind_t k);
/** Name used for a handshake outcome ("bad_version"). */
const char *pl_metrics_handshake_name(pl_handshake_outcome_t o);

/**
 * Appends the Prometheus text exposition of m to out.
 * Returns 0, or the pl_buf_append error.
 */
int pl_metrics_render(const pl_metrics_t *m, pl_buf_t *out);

/** Appends one histogram in exposition format (for other modules' metrics). */
int pl_metrics_render_histogram(pl_buf_t *out, const char *name, const char *help,
                                const char *labels, const pl_histogram_t *h);

#ifdef __cplusplus
}
#endif
#endif
