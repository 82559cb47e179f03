/*
 * histogram.c - latency histograms with fixed buckets.
 */
#include "parley/histogram.h"

#include <stddef.h>

const double pl_histogram_bounds[PL_HISTOGRAM_BUCKETS] = {
    0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.025,   0.05,   0.1,     0.25,   0.5,   1.0,    2.5,   10.0,
};

void pl_histogram_observe(pl_histogram_t *h, double seconds)
{
    size_t i = 0;
    while (i < PL_HISTOGRAM_BUCKETS && seconds > pl_histogram_bounds[i])
        i++;
    h->counts[i]++;
    h->count++;
    h->sum += seconds;
}

double pl_histogram_quantile(const pl_histogram_t *h, double q)
{
    if (h->count == 0)
        return 0;
    uint64_t rank = (uint64_t)(q * (double)h->count);
    if (rank >= h->count)
        rank = h->count - 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < PL_HISTOGRAM_BUCKETS; i++) {
        seen += h->counts[i];
        if (seen > rank)
            return pl_histogram_bounds[i];
    }
    return pl_histogram_bounds[PL_HISTOGRAM_BUCKETS - 1];
}
