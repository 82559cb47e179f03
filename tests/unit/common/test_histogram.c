/*
 * Unit tests of src/common/histogram.c: bucket edges (a value equal to a
 * bound goes in that bound's bucket), the +Inf bucket, count and sum, and
 * quantiles read from the buckets.
 */
#include "pl_test.h"

#include "parley/histogram.h"

#include <string.h>

PL_TEST(bounds_ascend)
{
    for (int i = 1; i < PL_HISTOGRAM_BUCKETS; i++)
        PL_CHECK(pl_histogram_bounds[i] > pl_histogram_bounds[i - 1]);
    PL_CHECK(pl_histogram_bounds[0] == 0.00005);
    PL_CHECK(pl_histogram_bounds[2] == 0.0002); /* the relay target's bound */
}

PL_TEST(values_land_in_their_buckets)
{
    pl_histogram_t h;
    memset(&h, 0, sizeof(h));
    pl_histogram_observe(&h, 0);                       /* first bucket */
    pl_histogram_observe(&h, pl_histogram_bounds[0]);  /* on a bound: that bucket */
    pl_histogram_observe(&h, 0.00015);                 /* (0.0001, 0.0002] */
    pl_histogram_observe(&h, 0.0002);                  /* on the bound */
    pl_histogram_observe(&h, 0.00020001);              /* just past it */
    pl_histogram_observe(&h, 11.0);                    /* past the last bound: +Inf */
    PL_CHECK_INT(h.counts[0], ==, 2);
    PL_CHECK_INT(h.counts[1], ==, 0);
    PL_CHECK_INT(h.counts[2], ==, 2);
    PL_CHECK_INT(h.counts[3], ==, 1);
    PL_CHECK_INT(h.counts[PL_HISTOGRAM_BUCKETS], ==, 1);
    PL_CHECK_INT(h.count, ==, 6);
    PL_CHECK(h.sum > 11.0005 && h.sum < 11.0007);
}

PL_TEST(quantiles_are_bucket_bounds)
{
    pl_histogram_t h;
    memset(&h, 0, sizeof(h));
    PL_CHECK(pl_histogram_quantile(&h, 0.5) == 0); /* empty */
    for (int i = 0; i < 99; i++)
        pl_histogram_observe(&h, 0.00003); /* 99 in the first bucket */
    pl_histogram_observe(&h, 0.003);       /* one in (0.0025, 0.005] */
    PL_CHECK(pl_histogram_quantile(&h, 0.5) == pl_histogram_bounds[0]);
    PL_CHECK(pl_histogram_quantile(&h, 0.98) == pl_histogram_bounds[0]);
    PL_CHECK(pl_histogram_quantile(&h, 0.995) == 0.005);
    PL_CHECK(pl_histogram_quantile(&h, 1.0) == 0.005);
    /* beyond the last bound, the last bound is the answer */
    pl_histogram_t big;
    memset(&big, 0, sizeof(big));
    pl_histogram_observe(&big, 100.0);
    PL_CHECK(pl_histogram_quantile(&big, 0.5) == pl_histogram_bounds[PL_HISTOGRAM_BUCKETS - 1]);
}

PL_TEST_MAIN(PL_TEST_ENTRY(bounds_ascend), PL_TEST_ENTRY(values_land_in_their_buckets),
             PL_TEST_ENTRY(quantiles_are_bucket_bounds))
