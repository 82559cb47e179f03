/*
 * hist.c - the log-linear latency histogram (see hist.h). Values below
 * 2^SUB_BITS each get their own bucket; above, a value v with its highest
 * bit at position b lands in bucket (b - SUB_BITS + 2) * HALF + (v >> shift)
 * - HALF with shift = b - SUB_BITS + 1, which keeps SUB_BITS - 1 significant
 * bits: relative error below 1/1024.
 */
#include "hist.h"

#include "parley/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SUB (1u << LG_HIST_SUB_BITS)
#define HALF (SUB / 2)
#define MAX_SHIFT (LG_HIST_MAX_BITS - LG_HIST_SUB_BITS + 1)
#define NBUCKETS ((size_t)(MAX_SHIFT + 2) * HALF)
#define MAX_VALUE ((UINT64_C(1) << LG_HIST_MAX_BITS) - 1)

size_t lg_hist_index(uint64_t v)
{
    if (v > MAX_VALUE)
        v = MAX_VALUE;
    if (v < SUB)
        return (size_t)v;
    int b = 63 - __builtin_clzll(v);
    int shift = b - LG_HIST_SUB_BITS + 1;
    return (size_t)shift * HALF + (size_t)(v >> shift);
}

uint64_t lg_hist_bucket_high(size_t idx)
{
    if (idx < SUB)
        return idx;
    size_t shift = idx / HALF - 1;
    uint64_t m = idx - shift * HALF;
    return ((m + 1) << shift) - 1;
}

int lg_hist_init(lg_hist_t *h)
{
    memset(h, 0, sizeof(*h));
    h->counts = calloc(NBUCKETS, sizeof(uint64_t));
    if (h->counts == NULL)
        return PL_ERR_NOMEM;
    h->nbuckets = NBUCKETS;
    h->min = UINT64_MAX;
    return 0;
}

void lg_hist_free(lg_hist_t *h)
{
    free(h->counts);
    memset(h, 0, sizeof(*h));
}

void lg_hist_reset(lg_hist_t *h)
{
    memset(h->counts, 0, h->nbuckets * sizeof(uint64_t));
    h->total = 0;
    h->min = UINT64_MAX;
    h->max = 0;
    h->sum = 0;
}

void lg_hist_record(lg_hist_t *h, uint64_t v)
{
    h->counts[lg_hist_index(v)]++;
    h->total++;
    if (v < h->min)
        h->min = v;
    if (v > h->max)
        h->max = v;
    h->sum += (double)v;
}

void lg_hist_merge(lg_hist_t *dst, const lg_hist_t *src)
{
    for (size_t i = 0; i < dst->nbuckets && i < src->nbuckets; i++)
        dst->counts[i] += src->counts[i];
    dst->total += src->total;
    if (src->min < dst->min)
        dst->min = src->min;
    if (src->max > dst->max)
        dst->max = src->max;
    dst->sum += src->sum;
}

uint64_t lg_hist_percentile(const lg_hist_t *h, double p)
{
    if (h->total == 0)
        return 0;
    if (p <= 0)
        return h->min;
    if (p >= 100)
        return h->max;
    uint64_t rank = (uint64_t)ceil(p / 100.0 * (double)h->total);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < h->nbuckets; i++) {
        seen += h->counts[i];
        if (seen >= rank) {
            uint64_t v = lg_hist_bucket_high(i);
            return v < h->max ? v : h->max;
        }
    }
    return h->max;
}

double lg_hist_mean(const lg_hist_t *h)
{
    return h->total ? h->sum / (double)h->total : 0.0;
}
