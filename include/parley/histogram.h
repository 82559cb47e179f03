/*
 * histogram.h - latency histograms with fixed buckets (pl_histogram_*).
 *
 * Plain counters: no allocation, no locking (the owner serializes access,
 * or copies one under its own lock). server/metrics.c renders them in the
 * Prometheus text format.
 */
#ifndef PARLEY_HISTOGRAM_H
#define PARLEY_HISTOGRAM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PL_HISTOGRAM_BUCKETS 16

/* Latency histogram in seconds, with fixed buckets from 50 µs to 10 s. */
typedef struct pl_histogram {
    uint64_t counts[PL_HISTOGRAM_BUCKETS + 1]; /* last: +Inf */
    uint64_t count;
    double sum;
} pl_histogram_t;

/** The upper bounds of the buckets, in seconds. */
extern const double pl_histogram_bounds[PL_HISTOGRAM_BUCKETS];
/** Records one observation (seconds). */
void pl_histogram_observe(pl_histogram_t *h, double seconds);
/** The q-quantile (0..1) estimated from the buckets: the bound of the bucket
 * holding it; 0 when empty. */
double pl_histogram_quantile(const pl_histogram_t *h, double q);

#ifdef __cplusplus
}
#endif

#endif
