/*
 * lgutil.c - the load generator's shared helpers (see lgutil.h).
 */
#include "lgutil.h"

#include "parley/error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t lg_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

struct timeval lg_tv_from_ns(uint64_t ns)
{
    struct timeval tv;
    tv.tv_sec = (time_t)(ns / 1000000000u);
    tv.tv_usec = (suseconds_t)((ns % 1000000000u) / 1000u);
    return tv;
}

uint64_t lg_ns_from_s(double s) { return (uint64_t)(s * 1e9); }

uint32_t lg_next_mask(uint64_t *rng)
{
    uint64_t x = *rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *rng = x;
    return (uint32_t)((x * UINT64_C(2685821657736338717)) >> 32);
}

void lg_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

int lg_buf_reserve(lg_buf_t *b, size_t n)
{
    if (b->cap - b->end >= n)
        return 0;
    if (b->start > 0) {
        memmove(b->p, b->p + b->start, b->end - b->start);
        b->end -= b->start;
        b->start = 0;
        if (b->cap - b->end >= n)
            return 0;
    }
    size_t cap = b->cap ? b->cap : 1024;
    while (cap - b->end < n)
        cap *= 2;
    uint8_t *np = realloc(b->p, cap);
    if (np == NULL)
        return PL_ERR_NOMEM;
    b->p = np;
    b->cap = cap;
    return 0;
}

int lg_buf_append(lg_buf_t *b, const void *p, size_t n)
{
    int rc = lg_buf_reserve(b, n);
    if (rc != 0)
        return rc;
    memcpy(b->p + b->end, p, n);
    b->end += n;
    return 0;
}

size_t lg_buf_len(const lg_buf_t *b) { return b->end - b->start; }

void lg_buf_consume(lg_buf_t *b, size_t n)
{
    b->start += n;
    if (b->start == b->end)
        b->start = b->end = 0;
}

void lg_buf_free(lg_buf_t *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}
