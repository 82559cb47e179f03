/*
 * sse_drive.h - helpers shared by the SSE parser's unit tests and fuzzer:
 * a transcript of what the parser reports for a stream fed in given slices,
 * and an independent reference: a plain, whole-buffer reading of the
 * WHATWG rules (no state machine) that writes the same transcript.
 *
 * Transcript: one "E type|id|data" record per event (each string as
 * <length>:<bytes>), "X<err>" when feed() fails (nothing after it), then
 * "F<finish()>" and "R<retry>".
 */
#ifndef SSE_DRIVE_H
#define SSE_DRIVE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parley/error.h"
#include "parley/mem.h"
#include "parley/sse.h"

static void sse_put_str(pl_buf_t *t, const char *s, size_t n)
{
    (void)pl_buf_appendf(t, "%zu:", n);
    (void)pl_buf_append(t, s, n);
}

static void sse_put_event(pl_buf_t *t, const char *type, size_t tl, const char *id, size_t il,
                          const char *data, size_t dl)
{
    (void)pl_buf_append_str(t, "E ");
    sse_put_str(t, type, tl);
    (void)pl_buf_append_str(t, "|");
    sse_put_str(t, id, il);
    (void)pl_buf_append_str(t, "|");
    sse_put_str(t, data, dl);
    (void)pl_buf_append_str(t, "\n");
}

typedef struct sse_rec {
    pl_buf_t *t;
    int stop_after; /* stop (return 1) at this event number, or 0 */
    int events;
} sse_rec_t;

static int sse_rec_event(void *ud, const pl_sse_event_t *ev)
{
    sse_rec_t *r = ud;
    /* The strings are NUL-terminated as documented. */
    if (ev->type[ev->type_len] != '\0' || ev->data[ev->data_len] != '\0' ||
        ev->id[ev->id_len] != '\0')
        (void)pl_buf_append_str(r->t, "BADTERM\n");
    sse_put_event(r->t, ev->type, ev->type_len, ev->id, ev->id_len, ev->data, ev->data_len);
    r->events++;
    return r->stop_after != 0 && r->events >= r->stop_after;
}

/*
 * Feeds buf in slices: cuts[0..ncuts) are increasing offsets where a slice
 * ends (the last slice runs to n). Appends the transcript to t.
 */
static void sse_run_cuts(pl_buf_t *t, const pl_sse_limits_t *lim, const unsigned char *buf,
                         size_t n, const size_t *cuts, size_t ncuts, int stop_after)
{
    sse_rec_t r = {t, stop_after, 0};
    pl_sse_parser_t *p = NULL;
    if (pl_sse_parser_new(&p, lim, sse_rec_event, &r) != 0) {
        (void)pl_buf_append_str(t, "NEWFAIL\n");
        return;
    }
    size_t off = 0;
    int err = 0;
    for (size_t i = 0; i <= ncuts && err == 0; i++) {
        size_t end = i < ncuts ? cuts[i] : n;
        if (end < off)
            end = off;
        if (end > n)
            end = n;
        err = pl_sse_parser_feed(p, buf + off, end - off);
        off = end;
    }
    if (err != 0) {
        (void)pl_buf_appendf(t, "X%d\n", err);
        /* The error sticks. */
        if (pl_sse_parser_feed(p, "\n\n", 2) != err)
            (void)pl_buf_append_str(t, "NOTSTICKY\n");
    }
    (void)pl_buf_appendf(t, "F%d\nR%lld\n", pl_sse_parser_finish(p),
                         (long long)pl_sse_parser_retry(p));
    pl_sse_parser_free(p);
}

/* Feeds buf in slices of `step` bytes (0: whole). */
static void sse_run_step(pl_buf_t *t, const pl_sse_limits_t *lim, const unsigned char *buf,
                         size_t n, size_t step, int stop_after)
{
    if (step == 0 || step >= n) {
        sse_run_cuts(t, lim, buf, n, NULL, 0, stop_after);
        return;
    }
    size_t ncuts = (n - 1) / step;
    size_t *cuts = pl_malloc((ncuts + 1) * sizeof(*cuts));
    for (size_t i = 0; i < ncuts; i++)
        cuts[i] = (i + 1) * step;
    sse_run_cuts(t, lim, buf, n, cuts, ncuts, stop_after);
    pl_free(cuts);
}

/* ------------------------------------------------------------- reference */

typedef struct sse_ref {
    pl_sse_limits_t lim;
    pl_buf_t data, type, id;
    int64_t retry;
} sse_ref_t;

/* Returns 0 or PL_ERR_TOO_LARGE; *stop set when the callback stopped. */
static int sse_ref_line(sse_ref_t *s, pl_buf_t *t, const unsigned char *l, size_t n, int complete,
                        int stop_after, int *events, int *stop)
{
    if (n > s->lim.max_line)
        return PL_ERR_TOO_LARGE;
    if (!complete) {
        /* An open line can only fail by its size: a data value counts now. */
        const unsigned char *c = memchr(l, ':', n);
        if (c != NULL && c - l == 4 && memcmp(l, "data", 4) == 0) {
            size_t v = n - 5;
            if (v > 0 && l[5] == ' ')
                v--;
            if (s->data.len + s->type.len + v > s->lim.max_event)
                return PL_ERR_TOO_LARGE;
        }
        return 0;
    }
    if (n == 0) {
        if (s->data.len == 0) {
            pl_buf_reset(&s->type);
            return 0;
        }
        s->data.len--;
        const char *type = s->type.len ? s->type.data : "message";
        size_t tl = s->type.len ? s->type.len : 7;
        sse_put_event(t, type, tl, s->id.data ? s->id.data : "", s->id.len, s->data.data,
                      s->data.len);
        (*events)++;
        pl_buf_reset(&s->data);
        pl_buf_reset(&s->type);
        if (stop_after != 0 && *events >= stop_after)
            *stop = 1;
        return 0;
    }
    if (l[0] == ':')
        return 0;
    const unsigned char *c = memchr(l, ':', n);
    size_t nl = c ? (size_t)(c - l) : n;
    const unsigned char *v = c ? c + 1 : l + n;
    size_t vl = c ? n - nl - 1 : 0;
    if (vl > 0 && v[0] == ' ') {
        v++;
        vl--;
    }
    if (nl == 4 && memcmp(l, "data", 4) == 0) {
        if (s->data.len + s->type.len + vl > s->lim.max_event)
            return PL_ERR_TOO_LARGE;
        (void)pl_buf_append(&s->data, v, vl);
        if (s->data.len + s->type.len + 1 > s->lim.max_event)
            return PL_ERR_TOO_LARGE;
        (void)pl_buf_append(&s->data, "\n", 1);
    } else if (nl == 5 && memcmp(l, "event", 5) == 0) {
        if (s->data.len + vl > s->lim.max_event)
            return PL_ERR_TOO_LARGE;
        pl_buf_reset(&s->type);
        (void)pl_buf_append(&s->type, v, vl);
    } else if (nl == 2 && memcmp(l, "id", 2) == 0) {
        if (memchr(v, 0, vl) == NULL) {
            pl_buf_reset(&s->id);
            (void)pl_buf_append(&s->id, v, vl);
        }
    } else if (nl == 5 && memcmp(l, "retry", 5) == 0) {
        int64_t r = 0;
        size_t i;
        for (i = 0; i < vl && v[i] >= '0' && v[i] <= '9'; i++)
            r = r <= (INT64_MAX - 9) / 10 ? r * 10 + (v[i] - '0') : INT64_MAX;
        if (vl > 0 && i == vl)
            s->retry = r;
    }
    return 0;
}

/* The reference transcript of the whole buffer. */
static void sse_reference(pl_buf_t *t, const pl_sse_limits_t *lim, const unsigned char *buf,
                          size_t n, int stop_after)
{
    sse_ref_t s;
    memset(&s, 0, sizeof(s));
    pl_sse_limits_default(&s.lim);
    if (lim != NULL) {
        if (lim->max_line)
            s.lim.max_line = lim->max_line;
        if (lim->max_event)
            s.lim.max_event = lim->max_event;
    }
    s.retry = -1;
    size_t pos = 0;
    if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        pos = 3;
    int err = 0, events = 0, stop = 0, pending = 0;
    while (err == 0) {
        size_t e = pos;
        while (e < n && buf[e] != '\r' && buf[e] != '\n')
            e++;
        if (e == n) {
            pending = e > pos;
            /* What may still become a byte order mark is not a line yet. */
            if (pos == 0 && n < 3 && memcmp(buf, "\xEF\xBB", n) == 0)
                break;
            err = sse_ref_line(&s, t, buf + pos, e - pos, 0, stop_after, &events, &stop);
            break;
        }
        err = sse_ref_line(&s, t, buf + pos, e - pos, 1, stop_after, &events, &stop);
        if (err == 0 && stop)
            err = PL_ERR_CALLBACK_FAILURE;
        pos = e + 1;
        if (buf[e] == '\r' && pos < n && buf[pos] == '\n')
            pos++;
    }
    if (err != 0) {
        (void)pl_buf_appendf(t, "X%d\n", err);
        (void)pl_buf_appendf(t, "F%d\n", err);
    } else {
        (void)pl_buf_appendf(t, "F%d\n", (pending || s.data.len > 0) ? PL_ERR_INCOMPLETE : 0);
    }
    (void)pl_buf_appendf(t, "R%lld\n", (long long)s.retry);
    pl_buf_free(&s.data);
    pl_buf_free(&s.type);
    pl_buf_free(&s.id);
}

#endif
