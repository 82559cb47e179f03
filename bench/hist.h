/*
 * hist.h - an HDR-style latency histogram for the load generator: values
 * (nanoseconds) go into log-linear buckets, 1024 per power of two above
 * 2048, so every reported percentile is within 0.1% of the true value while
 * recording stays O(1) and the table a fixed 256 KiB. Private to bench/.
 */
#ifndef PARLEY_BENCH_HIST_H
#define PARLEY_BENCH_HIST_H

#include <stddef.h>
#include <stdint.h>

/* Linear buckets below 2^LG_HIST_SUB_BITS; that many/2 per power of two above. */
#define LG_HIST_SUB_BITS 11
/* Values at or above 2^LG_HIST_MAX_BITS (about 18 minutes in ns) are clamped. */
#define LG_HIST_MAX_BITS 40

/* A histogram; owns counts. Release with lg_hist_free(). */
typedef struct lg_hist {
    uint64_t *counts;
    size_t nbuckets;
    uint64_t total;
    uint64_t min;
    uint64_t max;   /* exact, not bucketed */
    double sum;     /* for the mean */
} lg_hist_t;

/** Allocates an empty histogram. Returns 0 or PL_ERR_NOMEM. */
int lg_hist_init(lg_hist_t *h);

/** Frees h's table; h may be initialised again. Returns nothing. */
void lg_hist_free(lg_hist_t *h);

/** Forgets every recorded value. Returns nothing. */
void lg_hist_reset(lg_hist_t *h);

/** Records one value. Returns nothing. */
void lg_hist_record(lg_hist_t *h, uint64_t v);

/** Adds every value of src to dst. Returns nothing. */
void lg_hist_merge(lg_hist_t *dst, const lg_hist_t *src);

/**
 * The value at percentile p (0..100]: the highest value equivalent to the
 * bucket holding the ceil(p% * total)-th smallest value, capped at the exact
 * maximum. Returns it, or 0 when h is empty.
 */
uint64_t lg_hist_percentile(const lg_hist_t *h, double p);

/** The mean of the recorded values. Returns it, or 0 when h is empty. */
double lg_hist_mean(const lg_hist_t *h);

/** Bucket index of v (exposed for the tests). Returns the index. */
size_t lg_hist_index(uint64_t v);

/** Highest value that lands in bucket idx (exposed for the tests). Returns it. */
uint64_t lg_hist_bucket_high(size_t idx);

#endif
