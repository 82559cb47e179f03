/*
 * test_engine_ring.c - the replay window of a conversation (ring_push in
 * engine.c): the texts of the newest events share one circular buffer.
 * Checked against a model: what is kept is always the newest events, in
 * order, byte for byte, within replay_events and replay_bytes; with no
 * byte pressure exactly the newest replay_events are kept; the buffer
 * wraps, grows and stays bounded.
 */
#include "pl_test.h"

#include "../../../src/engine/engine.c"

#include <stdlib.h>

#define MAX_PUSH 20000
#define MAX_LEN 20000

/* Push k's text: lens[k] bytes, byte j is text_byte(k, j). */
static size_t lens[MAX_PUSH];
static char scratch[MAX_LEN];

static char text_byte(size_t k, size_t j) { return (char)('A' + (k * 31 + j) % 57); }

static const char *text_of(size_t k)
{
    for (size_t j = 0; j < lens[k]; j++)
        scratch[j] = text_byte(k, j);
    return scratch;
}

/* A conversation with only what the ring needs. */
static void setup(pl_engine_t *e, pl_conv_t *c, size_t events, size_t bytes)
{
    memset(e, 0, sizeof(*e));
    memset(c, 0, sizeof(*c));
    e->cfg.replay_events = events;
    e->cfg.replay_bytes = bytes;
    c->e = e;
}

/* Checks the kept events are the newest of pushes 0..n-1; returns how many are kept. */
static size_t check_ring(const pl_conv_t *c, size_t n)
{
    size_t cap = c->e->cfg.replay_events, bytes = 0;
    PL_CHECK_INT(c->ring_n, <=, cap);
    PL_CHECK_INT(c->ring_n, <=, n);
    for (size_t i = 0; i < c->ring_n; i++) {
        const ring_ev_t *r = &c->ring[(c->ring_start + i) % cap];
        size_t k = n - c->ring_n + i; /* the push it must be */
        PL_CHECK_INT(r->seq, ==, k + 1);
        PL_CHECK_INT(r->len, ==, lens[k]);
        PL_CHECK_INT(r->off + r->len, <=, c->ring_cap);
        int same = r->len == lens[k];
        for (size_t j = 0; same && j < r->len; j++)
            same = c->ring_buf[r->off + j] == text_byte(k, j);
        if (!same) {
            PL_CHECK(!"kept text differs");
            break;
        }
        bytes += r->len;
    }
    PL_CHECK_INT(bytes, ==, c->ring_bytes);
    if (c->ring_n > 1)
        PL_CHECK_INT(c->ring_bytes, <=, c->e->cfg.replay_bytes);
    return c->ring_n;
}

static void fill(size_t k, unsigned *seed, size_t maxlen)
{
    lens[k] = 1 + (size_t)rand_r(seed) % maxlen;
}

PL_TEST(count_bound_keeps_exactly_the_newest)
{
    pl_engine_t e;
    pl_conv_t c;
    setup(&e, &c, 64, 1 << 20);
    unsigned seed = 1;
    for (size_t k = 0; k < 5000; k++) {
        fill(k, &seed, 300);
        ring_push(&c, k + 1, text_of(k), lens[k]);
        size_t kept = check_ring(&c, k + 1);
        PL_CHECK_INT(kept, ==, k + 1 < 64 ? k + 1 : 64);
    }
    /* 64 events of at most 300 bytes: the buffer stayed small */
    PL_CHECK_INT(c.ring_cap, <=, 64 * 1024);
    ring_free(&c);
}

PL_TEST(byte_bound_and_wrapping)
{
    size_t events[] = {8, 100, 1024};
    size_t bytes[] = {600, 5000, 20000, 100000};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 4; b++) {
            pl_engine_t e;
            pl_conv_t c;
            setup(&e, &c, events[a], bytes[b]);
            unsigned seed = (unsigned)(a * 10 + b + 7);
            size_t max_cap = 0, under = 0;
            for (size_t k = 0; k < MAX_PUSH; k++) {
                fill(k, &seed, 599);
                ring_push(&c, k + 1, text_of(k), lens[k]);
                size_t kept = check_ring(&c, k + 1);
                PL_CHECK_INT(kept, >=, 1);
                /* what the policy alone keeps */
                size_t want = 0, sum = 0;
                while (want < k + 1 && want < events[a] && sum + lens[k - want] <= bytes[b]) {
                    sum += lens[k - want];
                    want++;
                }
                if (want == 0)
                    want = 1;
                PL_CHECK_INT(kept, <=, want);
                under += kept < want;
                if (c.ring_cap > max_cap)
                    max_cap = c.ring_cap;
            }
            /* bounded memory: at most twice replay_bytes (or the first size) */
            PL_CHECK_INT(max_cap, <=, 2 * bytes[b] > RING_BUF_MIN ? 2 * bytes[b] * 2 : RING_BUF_MIN);
            /* fragmentation rarely costs an event beyond the policy */
            PL_CHECK_INT(under, <, MAX_PUSH / 20);
            ring_free(&c);
        }
}

PL_TEST(big_events_fill_the_buffer_exactly)
{
    /* events as large as the window: the buffer (2 x replay_bytes) is as
     * full as it gets and every fit, exact or not, is taken */
    size_t bytes[] = {8192, 10000, 16384};
    for (size_t b = 0; b < 3; b++)
        for (size_t maxlen = 64; maxlen <= bytes[b]; maxlen *= 4) {
            pl_engine_t e;
            pl_conv_t c;
            setup(&e, &c, 1024, bytes[b]);
            unsigned seed = (unsigned)(b * 100 + maxlen);
            for (size_t k = 0; k < 4000; k++) {
                fill(k, &seed, maxlen);
                ring_push(&c, k + 1, text_of(k), lens[k]);
                PL_CHECK_INT(check_ring(&c, k + 1), >=, 1);
                PL_CHECK_INT(c.ring_cap, <=, 4 * bytes[b]);
            }
            ring_free(&c);
        }
}

PL_TEST(exact_fits_at_both_ends)
{
    pl_engine_t e;
    pl_conv_t c;
    setup(&e, &c, 3, 1 << 20);
    /* 8 KiB buffer: A [0,4000) B [4000,8000) C [8000,8100); D drops A (count),
     * then needs 4004 bytes: the end has 92, the start 4000 (B is there) */
    size_t want[] = {4000, 4000, 100, 4004, 4000, 92, 8};
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        lens[k] = want[k];
        ring_push(&c, k + 1, text_of(k), lens[k]);
        PL_CHECK_INT(check_ring(&c, k + 1), ==, k + 1 < 3 ? k + 1 : 3);
    }
    ring_free(&c);
    /* and the same with a full buffer that may not grow: exact fits are taken */
    setup(&e, &c, 1024, 4096); /* the buffer stays at 8 KiB */
    size_t fit[] = {4096, 4096, 4096, 1, 4095, 4096, 2, 4094};
    for (size_t k = 0; k < sizeof(fit) / sizeof(fit[0]); k++) {
        lens[k] = fit[k];
        ring_push(&c, k + 1, text_of(k), lens[k]);
        check_ring(&c, k + 1);
        PL_CHECK_INT(c.ring_cap, ==, RING_BUF_MIN);
    }
    PL_CHECK_INT(c.ring_n, ==, 2); /* 2 + 4094 bytes, nothing dropped beyond the policy */
    ring_free(&c);
}

PL_TEST(event_larger_than_the_window_is_kept_alone)
{
    pl_engine_t e;
    pl_conv_t c;
    setup(&e, &c, 16, 100);
    unsigned seed = 3;
    for (size_t k = 0; k < 10; k++)
        fill(k, &seed, 40);
    lens[10] = 500;
    for (size_t k = 0; k < 11; k++)
        ring_push(&c, k + 1, text_of(k), lens[k]);
    PL_CHECK_INT(check_ring(&c, 11), ==, 1);
    fill(11, &seed, 40);
    ring_push(&c, 12, text_of(11), lens[11]);
    PL_CHECK_INT(check_ring(&c, 12), ==, 1);
    ring_free(&c);
    /* no replay window at all */
    setup(&e, &c, 0, 100);
    ring_push(&c, 1, "x", 1);
    PL_CHECK_INT(c.ring_n, ==, 0);
    PL_CHECK(c.ring_buf == NULL);
    ring_free(&c);
}

PL_TEST_MAIN(PL_TEST_ENTRY(count_bound_keeps_exactly_the_newest),
             PL_TEST_ENTRY(byte_bound_and_wrapping), PL_TEST_ENTRY(big_events_fill_the_buffer_exactly),
             PL_TEST_ENTRY(exact_fits_at_both_ends),
             PL_TEST_ENTRY(event_larger_than_the_window_is_kept_alone))
