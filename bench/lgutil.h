/*
 * lgutil.h - what the load generator's modes (loadgen.c, tutor.c, relay.c)
 * share besides sockets: the monotonic clock in nanoseconds, a growable
 * byte buffer consumed from the front, WebSocket masks, JSON strings.
 * Private to bench/.
 */
#ifndef PARLEY_BENCH_LGUTIL_H
#define PARLEY_BENCH_LGUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

/** CLOCK_MONOTONIC in nanoseconds. */
uint64_t lg_now_ns(void);
/** ns as a struct timeval (for libevent timers). */
struct timeval lg_tv_from_ns(uint64_t ns);
/** s seconds in nanoseconds. */
uint64_t lg_ns_from_s(double s);

/** A client frame's mask from the xorshift64* state *rng (masks need not be
 * secret against our own server). */
uint32_t lg_next_mask(uint64_t *rng);

/** Writes s to f as a JSON string, quotes included. */
void lg_json_string(FILE *f, const char *s);

/* Bytes p[start..end) of a buffer of cap bytes; zeroed is empty. */
typedef struct lg_buf {
    uint8_t *p;
    size_t start, end, cap;
} lg_buf_t;

/** Room for n more bytes after end (moving the content to the front first);
 * 0 or PL_ERR_NOMEM. */
int lg_buf_reserve(lg_buf_t *b, size_t n);
/** Appends n bytes; 0 or PL_ERR_NOMEM. */
int lg_buf_append(lg_buf_t *b, const void *p, size_t n);
/** Bytes held. */
size_t lg_buf_len(const lg_buf_t *b);
/** Drops n bytes from the front. */
void lg_buf_consume(lg_buf_t *b, size_t n);
/** Frees the memory; b is empty again. */
void lg_buf_free(lg_buf_t *b);

#endif
