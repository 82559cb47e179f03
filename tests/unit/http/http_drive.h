/*
 * http_drive.h - drives pl_http_parser_t over a byte stream the way the
 * server's connection code does, and writes a transcript of what it saw.
 *
 * The stream is delivered in pieces (cut at given offsets) into a growing
 * input buffer; each parser call gets a fresh, exact-size copy of the
 * buffered bytes, so a parser that kept a pointer or read past the end is
 * caught by AddressSanitizer. Every complete request adds a line describing
 * its head and its body; an error adds "error <status> <code>"; the end of
 * the stream adds "eof <finish() result>". Two deliveries of the same bytes
 * must give the same transcript. Shared by the unit tests and the fuzzer.
 */
#ifndef PL_HTTP_DRIVE_H
#define PL_HTTP_DRIVE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/error.h"
#include "parley/http.h"
#include "parley/mem.h"

/* Appends s[0..n) with non-printable bytes as \xNN. */
static void drive_put_bytes(pl_buf_t *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            pl_buf_append(t, &s[i], 1);
        else
            pl_buf_appendf(t, "\\x%02x", c);
    }
}

static void drive_put_span(pl_buf_t *t, const char *label, const char *buf, pl_http_span_t s)
{
    pl_buf_appendf(t, " %s=", label);
    drive_put_bytes(t, buf + s.off, s.len);
}

/* Checks that a span lies inside buf[0..len). */
static int drive_span_ok(pl_http_span_t s, size_t len)
{
    return (size_t)s.off <= len && (size_t)s.len <= len - s.off;
}

static int drive_describe_head(pl_buf_t *t, const pl_http_parser_t *p, const char *buf, size_t len)
{
    const pl_http_request_t *r = &p->req;
    const pl_http_span_t spans[] = {r->method_name, r->target, r->path, r->query, r->host, r->upgrade};
    for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
        if (!drive_span_ok(spans[i], len))
            return -1;
    }
    if (r->nheaders > p->limits.max_headers)
        return -1;
    pl_buf_appendf(t, "request %s", pl_http_method_name(r->method));
    drive_put_span(t, "target", buf, r->target);
    drive_put_span(t, "path", buf, r->path);
    if (r->has_query)
        drive_put_span(t, "query", buf, r->query);
    drive_put_span(t, "host", buf, r->host);
    pl_buf_appendf(t, " form=%d v=1.%d ka=%d up=%d body=%d cl=%llu", (int)r->form,
                   r->version_minor, (int)r->keep_alive, (int)r->connection_upgrade,
                   (int)r->body, (unsigned long long)r->content_length);
    for (size_t i = 0; i < r->nheaders; i++) {
        if (!drive_span_ok(r->headers[i].name, len) || !drive_span_ok(r->headers[i].value, len))
            return -1;
        pl_buf_append_str(t, " [");
        drive_put_bytes(t, buf + r->headers[i].name.off, r->headers[i].name.len);
        pl_buf_append_str(t, ": ");
        drive_put_bytes(t, buf + r->headers[i].value.off, r->headers[i].value.len);
        pl_buf_append_str(t, "]");
    }
    pl_buf_append_str(t, "\n");
    return 0;
}

/*
 * Feeds s[0..n) cut at cuts[0..ncuts) (increasing offsets) to a parser with
 * limits lim (NULL: defaults) and writes the transcript to t. Returns the
 * number of complete requests, or -1 when the parser broke an invariant
 * (the transcript then ends with "INVARIANT").
 */
static int drive_http(const pl_http_limits_t *lim, const char *s, size_t n, const size_t *cuts,
                      size_t ncuts, pl_buf_t *t)
{
    pl_http_parser_t p;
    pl_buf_t in = PL_BUF_INIT(0);
    pl_buf_t body = PL_BUF_INIT(0);
    size_t fed = 0, ci = 0;
    int requests = 0, in_body = 0, broken = 0;
    pl_http_parser_init(&p, lim);
    for (;;) {
        int need_more = 0;
        char *copy = pl_malloc(in.len ? in.len : 1);
        if (in.len)
            memcpy(copy, in.data, in.len);
        if (!in_body) {
            int rv = pl_http_parser_execute(&p, copy, in.len);
            if (rv == PL_ERR_INCOMPLETE) {
                need_more = 1;
                if (pl_http_parser_has_error(&p) || pl_http_parser_status(&p) != 0)
                    broken = 1;
            } else if (rv < 0) {
                pl_buf_appendf(t, "error %d %d\n", pl_http_parser_status(&p), rv);
                if (!pl_http_parser_has_error(&p) || pl_http_parser_status(&p) < 400 ||
                    pl_http_parser_execute(&p, copy, in.len) != rv)
                    broken = 1;
                pl_free(copy);
                break;
            } else if ((size_t)rv > in.len || drive_describe_head(t, &p, copy, in.len) != 0 ||
                       pl_http_parser_execute(&p, copy, in.len) != rv) {
                broken = 1;
                pl_free(copy);
                break;
            } else {
                pl_buf_consume(&in, (size_t)rv);
                in_body = 1;
            }
        } else {
            size_t used = 0;
            pl_http_span_t data;
            int rv = pl_http_parser_body(&p, copy, in.len, &used, &data);
            if (rv < 0) {
                pl_buf_appendf(t, "error %d %d\n", pl_http_parser_status(&p), rv);
                if (!pl_http_parser_has_error(&p) || pl_http_parser_status(&p) < 400)
                    broken = 1;
                pl_free(copy);
                break;
            }
            if (used > in.len || !drive_span_ok(data, used)) {
                broken = 1;
                pl_free(copy);
                break;
            }
            pl_buf_append(&body, copy + data.off, data.len);
            pl_buf_consume(&in, used);
            if (rv == 1) {
                if (!pl_http_parser_is_finished(&p) || pl_http_parser_finish(&p) != 0) {
                    broken = 1;
                    pl_free(copy);
                    break;
                }
                pl_buf_appendf(t, "body %zu ", body.len);
                drive_put_bytes(t, body.data ? body.data : "", body.len);
                pl_buf_append_str(t, "\n");
                pl_buf_reset(&body);
                pl_http_parser_reset(&p);
                in_body = 0;
                requests++;
            } else if (used == 0 && data.len == 0) {
                need_more = 1;
                if (in.len != 0)
                    broken = 1; /* no progress on available bytes */
            } else if (in.len == 0) {
                need_more = 1;
            }
        }
        pl_free(copy);
        if (broken)
            break;
        if (!need_more)
            continue;
        if (fed == n) {
            pl_buf_appendf(t, "eof %d\n", pl_http_parser_finish(&p));
            break;
        }
        size_t end = n;
        while (ci < ncuts && cuts[ci] <= fed)
            ci++;
        if (ci < ncuts && cuts[ci] < n)
            end = cuts[ci++];
        pl_buf_append(&in, s + fed, end - fed);
        fed = end;
    }
    pl_buf_free(&in);
    pl_buf_free(&body);
    if (broken) {
        pl_buf_append_str(t, "INVARIANT\n");
        return -1;
    }
    return requests;
}

#endif
