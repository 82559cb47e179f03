/*
 * Unit tests of the per-address connection table, checked against a plain
 * array model through many random increments and decrements.
 */
#include "pl_test.h"

#include "server/iptable.h"

static pl_ipaddr_t addr_n(unsigned n)
{
    pl_ipaddr_t a;
    memset(&a, 0, sizeof(a));
    a.bytes[10] = 0xff;
    a.bytes[11] = 0xff;
    a.bytes[12] = 127;
    a.bytes[13] = (uint8_t)(n >> 16);
    a.bytes[14] = (uint8_t)(n >> 8);
    a.bytes[15] = (uint8_t)n;
    return a;
}

PL_TEST(counts_up_and_down)
{
    pl_iptable_t t;
    pl_iptable_init(&t);
    pl_ipaddr_t a = addr_n(1), b = addr_n(2);
    PL_CHECK_INT(pl_iptable_get(&t, &a), ==, 0);
    PL_CHECK_INT(pl_iptable_dec(&t, &a), ==, 0);
    PL_CHECK_INT(pl_iptable_inc(&t, &a), ==, 1);
    PL_CHECK_INT(pl_iptable_inc(&t, &a), ==, 2);
    PL_CHECK_INT(pl_iptable_inc(&t, &b), ==, 1);
    PL_CHECK_INT(pl_iptable_dec(&t, &a), ==, 1);
    PL_CHECK_INT(pl_iptable_dec(&t, &a), ==, 0);
    PL_CHECK_INT(pl_iptable_get(&t, &a), ==, 0);
    PL_CHECK_INT(pl_iptable_get(&t, &b), ==, 1);
    PL_CHECK_INT(t.used, ==, 1);
    pl_iptable_free(&t);
}

PL_TEST(random_against_model)
{
    enum { N = 3000 };
    static uint32_t model[N];
    memset(model, 0, sizeof(model));
    pl_iptable_t t;
    pl_iptable_init(&t);
    uint32_t x = 12345;
    for (int step = 0; step < 200000; step++) {
        x = x * 1103515245u + 12345u;
        unsigned n = (x >> 8) % N;
        pl_ipaddr_t a = addr_n(n);
        if ((x >> 20) % 3 != 0) {
            PL_CHECK_INT(pl_iptable_inc(&t, &a), ==, ++model[n]);
        } else {
            if (model[n] > 0)
                model[n]--;
            PL_CHECK_INT(pl_iptable_dec(&t, &a), ==, model[n]);
        }
    }
    size_t nonzero = 0;
    for (unsigned n = 0; n < N; n++) {
        pl_ipaddr_t a = addr_n(n);
        PL_CHECK_INT(pl_iptable_get(&t, &a), ==, model[n]);
        nonzero += model[n] != 0;
    }
    PL_CHECK_INT(t.used, ==, nonzero);
    /* Drain everything: the table ends empty. */
    for (unsigned n = 0; n < N; n++) {
        pl_ipaddr_t a = addr_n(n);
        while (model[n] > 0)
            PL_CHECK_INT(pl_iptable_dec(&t, &a), ==, --model[n]);
    }
    PL_CHECK_INT(t.used, ==, 0);
    pl_iptable_free(&t);
}

PL_TEST_MAIN(PL_TEST_ENTRY(counts_up_and_down), PL_TEST_ENTRY(random_against_model))
