/*
 * fuzz_relay.c - libFuzzer harness for the relay benchmark's parsers of
 * network bytes (relay_proto.c) and of question files (questions.c). The
 * first input byte picks the target, the second (where it matters) a split
 * size; the rest is the input:
 *   0  stamps: the count does not depend on the room given;
 *   1  HTTP response reader: fed whole and in pieces, the same outcome,
 *      body and bytes used; bytes used never past the input;
 *   2  SSE parser: fed whole and in pieces, the same events;
 *   3  chat.completion.chunk parser: content within its buffer, terminated;
 *   4  the fake's request parser: on success a method and a path from '/';
 *   5  question lists: every question within its cap, no control byte.
 */
#include "questions.h"
#include "relay_proto.h"

#include "parley/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_stamps(const char *p, size_t n)
{
    uint64_t v[4];
    int a = lg_stamp_parse(p, n, v, 4);
    int b = lg_stamp_parse(p, n, NULL, 0);
    if (a != b)
        abort();
}

typedef struct hsink {
    uint64_t hash;
    size_t bytes;
} hsink_t;

static int hbody(void *ud, const char *d, size_t n)
{
    hsink_t *s = ud;
    for (size_t i = 0; i < n; i++)
        s->hash = (s->hash ^ (uint8_t)d[i]) * 1099511628211u;
    s->bytes += n;
    return 0;
}

/* Feeds everything in pieces of at most step bytes (0: at once) until done or an error. */
static long http_run(const char *p, size_t n, size_t step, lg_relay_http_t *h, hsink_t *s)
{
    size_t off = 0;
    lg_relay_http_init(h);
    while (off < n && h->state != LG_RELAY_H_DONE) {
        size_t k = step == 0 || n - off < step ? n - off : step;
        long used = lg_relay_http_feed(h, p + off, k, hbody, s);
        if (used < 0)
            return used;
        if ((size_t)used > k)
            abort();
        off += (size_t)used;
        if ((size_t)used < k && h->state != LG_RELAY_H_DONE)
            abort(); /* it stops early only at the end of the response */
    }
    return (long)off;
}

static void fuzz_http(const char *p, size_t n, size_t step)
{
    lg_relay_http_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    hsink_t sa = {14695981039346656037u, 0}, sb = {14695981039346656037u, 0};
    if (a == NULL || b == NULL)
        goto out;
    long ra = http_run(p, n, 0, a, &sa);
    long rb = http_run(p, n, step, b, &sb);
    /* the head's cap may be hit in pieces a little differently: the same verdict still */
    if ((ra < 0) != (rb < 0))
        abort();
    if (ra >= 0) {
        if (ra != rb || a->state != b->state || sa.hash != sb.hash || sa.bytes != sb.bytes ||
            a->status != b->status || a->close != b->close)
            abort();
        if (sa.bytes > n)
            abort();
        (void)lg_relay_http_eof(a);
    }
out:
    free(a);
    free(b);
}

static int sse_log(void *ud, const char *type, const char *d, size_t n)
{
    hsink_t *s = ud;
    hbody(s, type, strlen(type) + 1);
    hbody(s, d, n);
    hbody(s, "|", 1);
    if (d[n] != '\0')
        abort();
    return 0;
}

static void fuzz_sse(const char *p, size_t n, size_t step)
{
    lg_relay_sse_t a, b;
    hsink_t sa = {1, 0}, sb = {1, 0};
    int ra, rb = 0;
    lg_relay_sse_init(&a);
    lg_relay_sse_init(&b);
    ra = lg_relay_sse_feed(&a, p, n, sse_log, &sa);
    for (size_t off = 0; off < n && rb == 0; off += step) {
        size_t k = n - off < step ? n - off : step;
        rb = lg_relay_sse_feed(&b, p + off, k, sse_log, &sb);
    }
    if (ra != rb || (ra == 0 && (sa.hash != sb.hash || sa.bytes != sb.bytes)))
        abort();
    lg_relay_sse_free(&a);
    lg_relay_sse_free(&b);
}

static void fuzz_delta(const char *p, size_t n)
{
    char c[64];
    size_t clen = 0;
    int fin = 0;
    int rc = lg_relay_parse_delta(p, n, c, sizeof(c), &clen, &fin);
    if (rc == LG_RELAY_DELTA && (clen >= sizeof(c) || strlen(c) > clen))
        abort();
    if (rc < 0 && rc != PL_ERR_PARSE && rc != PL_ERR_SCHEMA && rc != PL_ERR_PROTOCOL &&
        rc != PL_ERR_TOO_LARGE && rc != PL_ERR_NOMEM)
        abort();
}

static void fuzz_request(const char *p, size_t n)
{
    lg_relay_request_t r;
    int rc = lg_relay_parse_request(p, n, &r);
    if (rc == 0 && (r.method[0] == '\0' || r.path[0] != '/' || strlen(r.path) > LG_RELAY_MAX_PATH))
        abort();
}

static void fuzz_questions(const char *p, size_t n)
{
    lg_questions_t q = {NULL, 0, 0};
    int rc = lg_questions_parse(&q, p, n, 64, NULL, 0);
    if (rc >= 0 && (size_t)rc != q.n)
        abort();
    if (rc < 0 && q.n != 0)
        abort();
    for (size_t i = 0; i < q.n; i++) {
        size_t len = strlen(q.items[i]);
        if (len == 0 || len > 64)
            abort();
        for (size_t k = 0; k < len; k++)
            if ((unsigned char)q.items[i][k] < 0x20)
                abort();
    }
    lg_questions_free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *p = (const char *)data + 2;
    size_t n = size - 2, step = (size_t)data[1] % 17 + 1;
    switch (data[0] % 6) {
    case 0:
        fuzz_stamps(p, n);
        break;
    case 1:
        fuzz_http(p, n, step);
        break;
    case 2:
        fuzz_sse(p, n, step);
        break;
    case 3:
        fuzz_delta(p, n);
        break;
    case 4:
        fuzz_request(p, n);
        break;
    default:
        fuzz_questions(p, n);
        break;
    }
    return 0;
}
