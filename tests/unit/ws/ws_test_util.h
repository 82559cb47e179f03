/*
 * ws_test_util.h - helpers the WebSocket codec tests share: an event
 * recorder behind the codec callbacks, a hand-rolled frame builder that
 * does not use the codec's writer, and allocation-counting memory hooks.
 */
#ifndef WS_TEST_UTIL_H
#define WS_TEST_UTIL_H

#include "pl_test.h"

#include "parley/error.h"
#include "parley/mem.h"
#include "parley/ws.h"

#include <stdint.h>
#include <string.h>

/* ---- the event log: "text[hello]ping[]close[1000,bye]" ---------------- */

typedef struct rec {
    pl_buf_t log;
    int messages;
    int stop_after; /* a callback returns -1 once this many events were seen (0: never) */
    int events;
} rec_t;

static void rec_bytes(rec_t *r, const char *tag, const uint8_t *d, size_t n)
{
    pl_buf_append_str(&r->log, tag);
    pl_buf_append_str(&r->log, "[");
    if (n > 64) {
        pl_buf_appendf(&r->log, "%zu bytes", n);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (d[i] >= 0x20 && d[i] < 0x7f && d[i] != '[' && d[i] != ']')
                pl_buf_append(&r->log, d + i, 1);
            else
                pl_buf_appendf(&r->log, "\\x%02x", d[i]);
        }
    }
    pl_buf_append_str(&r->log, "]");
}

static int rec_event(rec_t *r)
{
    r->events++;
    return r->stop_after != 0 && r->events >= r->stop_after ? -1 : 0;
}

static int rec_message(pl_ws_t *ws, pl_ws_opcode_t op, const uint8_t *d, size_t n, void *ud)
{
    (void)ws;
    rec_t *r = ud;
    r->messages++;
    rec_bytes(r, op == PL_WS_OP_TEXT ? "text" : "binary", d, n);
    return rec_event(r);
}

static int rec_ping(pl_ws_t *ws, const uint8_t *d, size_t n, void *ud)
{
    (void)ws;
    rec_bytes(ud, "ping", d, n);
    return rec_event(ud);
}

static int rec_pong(pl_ws_t *ws, const uint8_t *d, size_t n, void *ud)
{
    (void)ws;
    rec_bytes(ud, "pong", d, n);
    return rec_event(ud);
}

static int rec_close(pl_ws_t *ws, unsigned code, const char *reason, size_t n, void *ud)
{
    (void)ws;
    rec_t *r = ud;
    pl_buf_appendf(&r->log, "close[%u,", code);
    pl_buf_append(&r->log, reason, n);
    pl_buf_append_str(&r->log, "]");
    return rec_event(r);
}

static const pl_ws_callbacks_t rec_callbacks = {rec_message, rec_ping, rec_pong, rec_close};

static const char *rec_log(rec_t *r)
{
    if (r->log.data == NULL)
        pl_buf_append(&r->log, "", 0);
    return r->log.data;
}

/* ---- frames built by hand --------------------------------------------- */

static const uint8_t test_mask[4] = {0x37, 0xfa, 0x21, 0x3d};

/* Appends a frame: b0 is FIN|RSV|opcode; masked with test_mask when mask;
 * lenform 0 = minimal length encoding, 16 / 64 = forced extended form. */
static void frame_ex(pl_buf_t *b, uint8_t b0, int mask, int lenform, const void *payload, size_t n)
{
    uint8_t h[14];
    size_t hl = 0;
    uint8_t mb = mask ? 0x80 : 0;
    h[hl++] = b0;
    if (lenform == 0 && n < 126) {
        h[hl++] = (uint8_t)(mb | n);
    } else if (lenform != 64 && n <= 0xffff) {
        h[hl++] = mb | 126;
        h[hl++] = (uint8_t)(n >> 8);
        h[hl++] = (uint8_t)n;
    } else {
        h[hl++] = mb | 127;
        for (int i = 7; i >= 0; i--)
            h[hl++] = (uint8_t)((uint64_t)n >> (8 * i));
    }
    if (mask) {
        memcpy(h + hl, test_mask, 4);
        hl += 4;
    }
    pl_buf_append(b, h, hl);
    size_t at = b->len;
    if (n > 0)
        pl_buf_append(b, payload, n);
    if (mask)
        for (size_t i = 0; i < n; i++)
            b->data[at + i] = (char)(b->data[at + i] ^ test_mask[i & 3]);
}

/* A masked client frame with minimal length encoding. */
static void cframe(pl_buf_t *b, uint8_t b0, const void *payload, size_t n)
{
    frame_ex(b, b0, 1, 0, payload, n);
}

#define FIN 0x80
#define RSV1 0x40
#define RSV2 0x20
#define RSV3 0x10

/* ---- counting allocator ----------------------------------------------- */

typedef struct alloc_stats {
    long live_blocks;
    long long live_bytes;
    long long peak_bytes;
    long total_allocs;
    size_t max_block;
    long fail_after; /* > 0: the Nth allocation from now fails */
} alloc_stats_t;

static alloc_stats_t alloc_stats;

#define HDR_SIZE 16

static void *count_malloc(size_t size, void *ud)
{
    (void)ud;
    if (alloc_stats.fail_after > 0 && --alloc_stats.fail_after == 0)
        return NULL;
    unsigned char *p = malloc(size + HDR_SIZE);
    if (p == NULL)
        return NULL;
    memcpy(p, &size, sizeof(size));
    alloc_stats.live_blocks++;
    alloc_stats.total_allocs++;
    if (size > alloc_stats.max_block)
        alloc_stats.max_block = size;
    alloc_stats.live_bytes += (long long)size;
    if (alloc_stats.live_bytes > alloc_stats.peak_bytes)
        alloc_stats.peak_bytes = alloc_stats.live_bytes;
    return p + HDR_SIZE;
}

static void count_free(void *ptr, void *ud)
{
    (void)ud;
    if (ptr == NULL)
        return;
    unsigned char *p = (unsigned char *)ptr - HDR_SIZE;
    size_t size;
    memcpy(&size, p, sizeof(size));
    alloc_stats.live_blocks--;
    alloc_stats.live_bytes -= (long long)size;
    free(p);
}

static void *count_realloc(void *ptr, size_t size, void *ud)
{
    if (ptr == NULL)
        return count_malloc(size, ud);
    unsigned char *p = (unsigned char *)ptr - HDR_SIZE;
    size_t old;
    memcpy(&old, p, sizeof(old));
    void *n = count_malloc(size, ud);
    if (n == NULL)
        return NULL;
    memcpy(n, ptr, old < size ? old : size);
    count_free(ptr, ud);
    return n;
}

static void counting_start(void)
{
    static const pl_mem_hooks_t hooks = {count_malloc, count_realloc, count_free, NULL};
    memset(&alloc_stats, 0, sizeof(alloc_stats));
    pl_mem_set_hooks(&hooks);
}

static void counting_stop(void) { pl_mem_set_hooks(NULL); }

#endif
