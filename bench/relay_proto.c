/*
 * relay_proto.c - the provider-relay benchmark's wire pieces, no I/O (see
 * relay_proto.h): send-time stamps, the streamed chat completion request,
 * an incremental HTTP/1.x response reader, an incremental SSE parser and
 * the chat.completion.chunk parser (yajl's tree API on a NUL-terminated
 * copy, so an embedded NUL byte cannot hide the rest of the data).
 */
#include "relay_proto.h"

#include "parley/error.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

/* ------------------------------------------------------------ stamps */

int lg_stamp_format(char *out, size_t cap, uint64_t us)
{
    int n = snprintf(out, cap, "t=%" PRIu64 " ", us);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    return n;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int lg_stamp_parse(const char *text, size_t len, uint64_t *out, size_t max)
{
    size_t found = 0;

    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] != 't' || text[i + 1] != '=' || (i > 0 && !is_space(text[i - 1])))
            continue;
        size_t j = i + 2, digits = 0;
        uint64_t v = 0;
        while (j < len && text[j] >= '0' && text[j] <= '9') {
            if (digits == 19)
                return PL_ERR_PARSE; /* 19 digits always fit in 64 bits */
            v = v * 10 + (uint64_t)(text[j] - '0');
            j++;
            digits++;
        }
        if (digits == 0 || (j < len && text[j] != ' '))
            return PL_ERR_PARSE;
        if (found < max)
            out[found] = v;
        found++;
        i = j;
    }
    return found > INT_MAX ? INT_MAX : (int)found;
}

/* ----------------------------------------------------------- request */

static int safe_token(const char *s, int path)
{
    if (s == NULL || *s == '\0' || (path && *s != '/'))
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

int lg_relay_build_request(char *out, size_t cap, const char *host, int port, const char *path,
                           const char *model, const char *text)
{
    const unsigned char *body;
    size_t blen;
    int n, bad = 0;
    yajl_gen g;

    if (!safe_token(host, 0) || !safe_token(path, 1) || model == NULL || text == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return PL_ERR_NOMEM;
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    yajl_gen_map_open(g);
    yajl_gen_string(g, (const unsigned char *)"model", 5);
    bad |= yajl_gen_string(g, (const unsigned char *)model, strlen(model)) != yajl_gen_status_ok;
    yajl_gen_string(g, (const unsigned char *)"stream", 6);
    yajl_gen_bool(g, 1);
    yajl_gen_string(g, (const unsigned char *)"messages", 8);
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    yajl_gen_string(g, (const unsigned char *)"role", 4);
    yajl_gen_string(g, (const unsigned char *)"user", 4);
    yajl_gen_string(g, (const unsigned char *)"content", 7);
    bad |= yajl_gen_string(g, (const unsigned char *)text, strlen(text)) != yajl_gen_status_ok;
    yajl_gen_map_close(g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (bad || yajl_gen_get_buf(g, &body, &blen) != yajl_gen_status_ok) {
        yajl_gen_free(g);
        return PL_ERR_INVALID_ARGUMENT; /* text or model not UTF-8 */
    }
    n = snprintf(out, cap,
                 "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                 "Accept: text/event-stream\r\nContent-Length: %zu\r\n\r\n%.*s",
                 path, host, port, blen, (int)blen, (const char *)body);
    yajl_gen_free(g);
    if (n < 0 || (size_t)n >= cap)
        return PL_ERR_TOO_LARGE;
    return n;
}

/* --------------------------------------------------- response reader */

void lg_relay_http_init(lg_relay_http_t *h)
{
    h->state = LG_RELAY_H_HEAD;
    h->head_len = 0;
    h->line_len = 0;
    h->status = 0;
    h->close = 0;
    h->remaining = 0;
    h->body_bytes = 0;
}

/* The header named name (lowercase) in [p, e): its trimmed value in [*v, *ve). */
static int header_is(const char *p, const char *e, const char *name, const char **v,
                     const char **ve)
{
    size_t n = strlen(name);
    if ((size_t)(e - p) <= n || p[n] != ':' || strncasecmp(p, name, n) != 0)
        return 0;
    p += n + 1;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *v = p;
    *ve = e;
    return 1;
}

static int value_is(const char *v, const char *ve, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(ve - v) == n && strncasecmp(v, word, n) == 0;
}

/* Parses the complete head in h->head (head_len bytes, ending in CRLFCRLF)
 * and picks the body's framing. Returns 0 or PL_ERR_PARSE. */
static int parse_head(lg_relay_http_t *h)
{
    const char *buf = h->head, *end = h->head + h->head_len - 2; /* past the last header's CRLF */
    const char *p, *e;
    int64_t clen = -1;
    int chunked = 0, http10;

    e = memchr(buf, '\n', (size_t)(end - buf));
    if (e == NULL || e == buf || e[-1] != '\r')
        return PL_ERR_PARSE;
    e--; /* at the CR */
    if (e - buf < 12 || memcmp(buf, "HTTP/1.", 7) != 0 || (buf[7] != '0' && buf[7] != '1') ||
        buf[8] != ' ' || buf[9] < '1' || buf[9] > '5' || !isdigit((unsigned char)buf[10]) ||
        !isdigit((unsigned char)buf[11]) || (e - buf > 12 && buf[12] != ' '))
        return PL_ERR_PARSE;
    http10 = buf[7] == '0';
    h->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    h->close = http10;

    for (p = e + 2; p < end; p = e + 2) {
        const char *v, *ve, *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL || nl == p || nl[-1] != '\r')
            return PL_ERR_PARSE;
        e = nl - 1;
        if (e == p || *p == ' ' || *p == '\t' || *p == ':' || memchr(p, ':', (size_t)(e - p)) == NULL)
            return PL_ERR_PARSE;
        for (const char *q = p; q < e; q++)
            if ((unsigned char)*q < 0x20 && *q != '\t')
                return PL_ERR_PARSE;
        if (header_is(p, e, "content-length", &v, &ve)) {
            int64_t n = 0;
            if (v == ve || ve - v > 15)
                return PL_ERR_PARSE;
            for (; v < ve; v++) {
                if (!isdigit((unsigned char)*v))
                    return PL_ERR_PARSE;
                n = n * 10 + (*v - '0');
            }
            if (clen >= 0 && clen != n)
                return PL_ERR_PARSE;
            clen = n;
        } else if (header_is(p, e, "transfer-encoding", &v, &ve)) {
            if (!value_is(v, ve, "chunked"))
                return PL_ERR_PARSE; /* a coding this client cannot undo */
            chunked = 1;
        } else if (header_is(p, e, "connection", &v, &ve)) {
            if (value_is(v, ve, "close"))
                h->close = 1;
            else if (value_is(v, ve, "keep-alive"))
                h->close = 0;
        }
    }
    if (h->status < 200)
        return PL_ERR_PARSE; /* no interim response is asked for */
    if (h->status == 204 || h->status == 304) {
        h->state = LG_RELAY_H_DONE;
    } else if (chunked) {
        h->state = LG_RELAY_H_CHUNK_SIZE;
    } else if (clen >= 0) {
        h->remaining = (uint64_t)clen;
        h->state = clen > 0 ? LG_RELAY_H_LENGTH : LG_RELAY_H_DONE;
    } else {
        h->close = 1;
        h->state = LG_RELAY_H_TO_EOF;
    }
    h->line_len = 0;
    return 0;
}

/* Gathers a line ending in LF (a CR before it dropped) into h->line.
 * Returns 1 with the line complete (NUL-terminated), 0 when more bytes are
 * needed, PL_ERR_TOO_LARGE. *i moves past what was used. */
static int read_line(lg_relay_http_t *h, const char *data, size_t len, size_t *i)
{
    while (*i < len) {
        char c = data[(*i)++];
        if (c == '\n') {
            if (h->line_len > 0 && h->line[h->line_len - 1] == '\r')
                h->line_len--;
            h->line[h->line_len] = '\0';
            return 1;
        }
        if (h->line_len + 1 >= sizeof(h->line))
            return PL_ERR_TOO_LARGE;
        h->line[h->line_len++] = c;
    }
    return 0;
}

/* A chunk-size line: hex digits, then optional white space and extensions. */
static int chunk_size(const char *line, uint64_t *out)
{
    uint64_t n = 0;
    int digits = 0;
    const char *p = line;
    for (; isxdigit((unsigned char)*p); p++) {
        if (++digits > 15)
            return PL_ERR_PARSE;
        int c = (unsigned char)*p;
        n = n * 16 + (uint64_t)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
    }
    if (digits == 0)
        return PL_ERR_PARSE;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0' && *p != ';')
        return PL_ERR_PARSE;
    *out = n;
    return 0;
}

static long deliver(lg_relay_http_t *h, const char *p, size_t n, lg_relay_body_fn on_body, void *ud)
{
    h->body_bytes += n;
    if (n > 0 && on_body != NULL && on_body(ud, p, n) != 0)
        return PL_ERR_CALLBACK_FAILURE;
    return 0;
}

long lg_relay_http_feed(lg_relay_http_t *h, const char *data, size_t len, lg_relay_body_fn on_body,
                        void *ud)
{
    size_t i = 0;
    int r;

    while (i < len && h->state != LG_RELAY_H_DONE) {
        switch (h->state) {
        case LG_RELAY_H_HEAD: {
            size_t old = h->head_len, room = sizeof(h->head) - old, n = len - i;
            size_t from = old >= 3 ? old - 3 : 0;
            if (n > room)
                n = room;
            memcpy(h->head + old, data + i, n);
            h->head_len += n;
            for (size_t k = from; k + 4 <= h->head_len; k++) {
                if (memcmp(h->head + k, "\r\n\r\n", 4) == 0) {
                    size_t used = k + 4 - old;
                    h->head_len = k + 4;
                    i += used;
                    if (parse_head(h) != 0)
                        return PL_ERR_PARSE;
                    goto next;
                }
            }
            if (h->head_len == sizeof(h->head))
                return PL_ERR_TOO_LARGE;
            i += n;
            break;
        }
        case LG_RELAY_H_LENGTH:
        case LG_RELAY_H_CHUNK_DATA: {
            size_t n = len - i;
            if ((uint64_t)n > h->remaining)
                n = (size_t)h->remaining;
            if (deliver(h, data + i, n, on_body, ud) != 0)
                return PL_ERR_CALLBACK_FAILURE;
            i += n;
            h->remaining -= n;
            if (h->remaining == 0)
                h->state = h->state == LG_RELAY_H_LENGTH ? LG_RELAY_H_DONE : LG_RELAY_H_CHUNK_CRLF;
            break;
        }
        case LG_RELAY_H_CHUNK_CRLF:
            /* exactly CRLF (or a bare LF) after a chunk's data */
            if (data[i] == '\r' && h->line_len == 0) {
                h->line_len = 1;
                i++;
                break;
            }
            if (data[i] != '\n')
                return PL_ERR_PARSE;
            i++;
            h->line_len = 0;
            h->state = LG_RELAY_H_CHUNK_SIZE;
            break;
        case LG_RELAY_H_CHUNK_SIZE: {
            uint64_t n = 0;
            r = read_line(h, data, len, &i);
            if (r < 0)
                return r;
            if (r == 0)
                break;
            h->line_len = 0;
            if (chunk_size(h->line, &n) != 0)
                return PL_ERR_PARSE;
            h->remaining = n;
            h->state = n > 0 ? LG_RELAY_H_CHUNK_DATA : LG_RELAY_H_TRAILER;
            break;
        }
        case LG_RELAY_H_TRAILER:
            r = read_line(h, data, len, &i);
            if (r < 0)
                return r;
            if (r == 0)
                break;
            if (h->line_len == 0)
                h->state = LG_RELAY_H_DONE;
            else if (strchr(h->line, ':') == NULL)
                return PL_ERR_PARSE;
            h->line_len = 0;
            break;
        case LG_RELAY_H_TO_EOF:
            if (deliver(h, data + i, len - i, on_body, ud) != 0)
                return PL_ERR_CALLBACK_FAILURE;
            i = len;
            break;
        case LG_RELAY_H_DONE:
            break;
        }
    next:;
    }
    return (long)i;
}

int lg_relay_http_eof(lg_relay_http_t *h)
{
    if (h->state == LG_RELAY_H_TO_EOF)
        h->state = LG_RELAY_H_DONE;
    return h->state == LG_RELAY_H_DONE ? 0 : PL_ERR_INCOMPLETE;
}

/* ---------------------------------------------------------------- SSE */

void lg_relay_sse_init(lg_relay_sse_t *s)
{
    memset(s, 0, sizeof(*s));
}

void lg_relay_sse_free(lg_relay_sse_t *s)
{
    free(s->line);
    free(s->data);
    memset(s, 0, sizeof(*s));
}

static int grow(char **p, size_t *cap, size_t need)
{
    size_t c;
    char *np;
    if (need <= *cap)
        return 0;
    if (need > LG_RELAY_MAX_SSE + 2)
        return PL_ERR_TOO_LARGE;
    c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    np = realloc(*p, c);
    if (np == NULL)
        return PL_ERR_NOMEM;
    *p = np;
    *cap = c;
    return 0;
}

/* One complete line (s->line, s->line_len bytes). */
static int sse_line(lg_relay_sse_t *s, lg_relay_event_fn on_event, void *ud)
{
    const char *line = s->line ? s->line : "";
    size_t n = s->line_len, name_len, vlen;
    const char *colon, *v;
    int rc;

    if (n == 0) {
        if (s->has_data) {
            /* the data lines were joined with LF; the last one goes */
            s->data_len--;
            s->data[s->data_len] = '\0';
            rc = on_event(ud, s->type[0] ? s->type : "message", s->data, s->data_len);
            s->data_len = 0;
            s->has_data = 0;
            s->type[0] = '\0';
            return rc != 0 ? PL_ERR_CALLBACK_FAILURE : 0;
        }
        s->type[0] = '\0';
        return 0;
    }
    if (line[0] == ':')
        return 0; /* a comment */
    colon = memchr(line, ':', n);
    name_len = colon ? (size_t)(colon - line) : n;
    v = colon ? colon + 1 : line + n;
    vlen = (size_t)(line + n - v);
    if (vlen > 0 && *v == ' ') {
        v++;
        vlen--;
    }
    if (name_len == 4 && memcmp(line, "data", 4) == 0) {
        if (s->data_len + vlen + 1 > LG_RELAY_MAX_SSE)
            return PL_ERR_TOO_LARGE;
        rc = grow(&s->data, &s->data_cap, s->data_len + vlen + 2);
        if (rc != 0)
            return rc;
        memcpy(s->data + s->data_len, v, vlen);
        s->data_len += vlen;
        s->data[s->data_len++] = '\n';
        s->data[s->data_len] = '\0';
        s->has_data = 1;
    } else if (name_len == 5 && memcmp(line, "event", 5) == 0) {
        if (vlen > LG_RELAY_MAX_EVENT_TYPE || memchr(v, '\0', vlen) != NULL)
            return PL_ERR_TOO_LARGE;
        memcpy(s->type, v, vlen);
        s->type[vlen] = '\0';
    }
    /* id, retry and unknown fields are skipped */
    return 0;
}

int lg_relay_sse_feed(lg_relay_sse_t *s, const char *data, size_t len, lg_relay_event_fn on_event,
                      void *ud)
{
    size_t i = 0;
    int rc;

    while (i < len) {
        size_t j = i;
        if (s->after_cr) {
            s->after_cr = 0;
            if (data[i] == '\n') {
                i++;
                continue;
            }
        }
        while (j < len && data[j] != '\r' && data[j] != '\n')
            j++;
        if (j > i) {
            if (s->line_len + (j - i) > LG_RELAY_MAX_SSE)
                return PL_ERR_TOO_LARGE;
            rc = grow(&s->line, &s->line_cap, s->line_len + (j - i) + 1);
            if (rc != 0)
                return rc;
            memcpy(s->line + s->line_len, data + i, j - i);
            s->line_len += j - i;
            s->line[s->line_len] = '\0';
        }
        if (j == len)
            return 0;
        s->after_cr = data[j] == '\r';
        rc = sse_line(s, on_event, ud);
        s->line_len = 0;
        if (rc != 0)
            return rc;
        i = j + 1;
    }
    return 0;
}

/* --------------------------------------------------------------- delta */

int lg_relay_parse_delta(const char *data, size_t len, char *content, size_t cap,
                         size_t *content_len, int *finished)
{
    static const char *error_path[] = {"error", NULL};
    static const char *choices_path[] = {"choices", NULL};
    static const char *content_path[] = {"delta", "content", NULL};
    static const char *finish_path[] = {"finish_reason", NULL};
    char errbuf[64], *copy;
    yajl_val root, choices;
    int rc = LG_RELAY_DELTA;

    *content_len = 0;
    *finished = 0;
    if (cap > 0)
        content[0] = '\0';
    if (len == 6 && memcmp(data, "[DONE]", 6) == 0)
        return LG_RELAY_DELTA_DONE;
    if (memchr(data, '\0', len) != NULL)
        return PL_ERR_PARSE;
    copy = malloc(len + 1);
    if (copy == NULL)
        return PL_ERR_NOMEM;
    memcpy(copy, data, len);
    copy[len] = '\0';
    root = yajl_tree_parse(copy, errbuf, sizeof(errbuf));
    free(copy);
    if (root == NULL)
        return PL_ERR_PARSE;
    if (!YAJL_IS_OBJECT(root)) {
        rc = PL_ERR_SCHEMA;
        goto out;
    }
    if (yajl_tree_get(root, error_path, yajl_t_any) != NULL) {
        rc = PL_ERR_PROTOCOL;
        goto out;
    }
    choices = yajl_tree_get(root, choices_path, yajl_t_any);
    if (choices == NULL || !YAJL_IS_ARRAY(choices)) {
        rc = PL_ERR_SCHEMA;
        goto out;
    }
    if (choices->u.array.len > 0) {
        yajl_val c = choices->u.array.values[0], v, fin;
        if (!YAJL_IS_OBJECT(c)) {
            rc = PL_ERR_SCHEMA;
            goto out;
        }
        v = yajl_tree_get(c, content_path, yajl_t_any);
        if (v != NULL && !YAJL_IS_NULL(v)) {
            const char *s;
            size_t n;
            if (!YAJL_IS_STRING(v)) {
                rc = PL_ERR_SCHEMA;
                goto out;
            }
            s = YAJL_GET_STRING(v);
            n = strlen(s);
            if (cap == 0 || n > cap - 1) {
                rc = PL_ERR_TOO_LARGE;
                goto out;
            }
            memcpy(content, s, n + 1);
            *content_len = n;
        }
        fin = yajl_tree_get(c, finish_path, yajl_t_any);
        if (fin != NULL && YAJL_IS_STRING(fin))
            *finished = 1;
    }
out:
    yajl_tree_free(root);
    return rc;
}

/* ------------------------------------------------- the fake's requests */

static int tchar(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int lg_relay_parse_request(const char *head, size_t len, lg_relay_request_t *r)
{
    const char *p = head, *end, *e, *sp;
    int have_len = 0, http10;

    memset(r, 0, sizeof(*r));
    if (len < 4 || memcmp(head + len - 4, "\r\n\r\n", 4) != 0)
        return PL_ERR_PARSE;
    end = head + len - 2; /* at the blank line */
    /* request line */
    e = memchr(p, '\n', (size_t)(end - p));
    if (e == NULL || e == p || e[-1] != '\r')
        return PL_ERR_PARSE;
    e--;
    sp = memchr(p, ' ', (size_t)(e - p));
    if (sp == NULL || sp == p)
        return PL_ERR_PARSE;
    if ((size_t)(sp - p) >= sizeof(r->method))
        return PL_ERR_TOO_LARGE;
    for (const char *q = p; q < sp; q++)
        if (!tchar((unsigned char)*q))
            return PL_ERR_PARSE;
    memcpy(r->method, p, (size_t)(sp - p));
    p = sp + 1;
    sp = memchr(p, ' ', (size_t)(e - p));
    if (sp == NULL || sp == p || *p != '/')
        return PL_ERR_PARSE;
    if ((size_t)(sp - p) > LG_RELAY_MAX_PATH)
        return PL_ERR_TOO_LARGE;
    for (const char *q = p; q < sp; q++)
        if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f)
            return PL_ERR_PARSE;
    memcpy(r->path, p, (size_t)(sp - p));
    p = sp + 1;
    if (e - p != 8 || memcmp(p, "HTTP/1.", 7) != 0 || (p[7] != '0' && p[7] != '1'))
        return PL_ERR_PARSE;
    http10 = p[7] == '0';
    r->keep_alive = !http10;

    for (p = e + 2; p < end; p = e + 2) {
        const char *v, *ve, *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL || nl == p || nl[-1] != '\r')
            return PL_ERR_PARSE;
        e = nl - 1;
        const char *colon = memchr(p, ':', (size_t)(e - p));
        if (colon == NULL || colon == p)
            return PL_ERR_PARSE;
        for (const char *q = p; q < colon; q++)
            if (!tchar((unsigned char)*q))
                return PL_ERR_PARSE;
        for (const char *q = colon; q < e; q++)
            if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
                return PL_ERR_PARSE;
        if (header_is(p, e, "content-length", &v, &ve)) {
            uint64_t n = 0;
            if (v == ve)
                return PL_ERR_PARSE;
            if (ve - v > 15)
                return PL_ERR_TOO_LARGE;
            for (; v < ve; v++) {
                if (!isdigit((unsigned char)*v))
                    return PL_ERR_PARSE;
                n = n * 10 + (uint64_t)(*v - '0');
            }
            if (have_len && n != r->content_length)
                return PL_ERR_PARSE;
            have_len = 1;
            r->content_length = n;
        } else if (header_is(p, e, "transfer-encoding", &v, &ve)) {
            return PL_ERR_UNSUPPORTED;
        } else if (header_is(p, e, "connection", &v, &ve)) {
            if (value_is(v, ve, "close"))
                r->keep_alive = 0;
            else if (value_is(v, ve, "keep-alive"))
                r->keep_alive = 1;
        } else if (header_is(p, e, "expect", &v, &ve)) {
            if (!value_is(v, ve, "100-continue"))
                return PL_ERR_PARSE;
            r->expect_continue = 1;
        }
    }
    return 0;
}

/* Appends s JSON-escaped at out[at]; returns the new length or -1 when full. */
static long put_json(char *out, size_t cap, size_t at, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (at >= cap)
        return -1;
    out[at++] = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[7];
        size_t n = 0;
        if (c == '"' || c == '\\') {
            esc[n++] = '\\';
            esc[n++] = (char)c;
        } else if (c < 0x20) {
            esc[n++] = '\\';
            esc[n++] = 'u';
            esc[n++] = '0';
            esc[n++] = '0';
            esc[n++] = hex[c >> 4];
            esc[n++] = hex[c & 15];
        } else {
            esc[n++] = (char)c;
        }
        if (at + n >= cap)
            return -1;
        memcpy(out + at, esc, n);
        at += n;
    }
    if (at + 1 >= cap)
        return -1;
    out[at++] = '"';
    out[at] = '\0';
    return (long)at;
}

static long put(char *out, size_t cap, size_t at, const char *s)
{
    size_t n = strlen(s);
    if (at + n >= cap)
        return -1;
    memcpy(out + at, s, n + 1);
    return (long)(at + n);
}

int lg_relay_format_event(char *out, size_t cap, const char *model, const char *content,
                          const char *finish)
{
    long at = 0;
    at = put(out, cap, 0,
             "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":0,"
             "\"model\":");
    if (at >= 0)
        at = put_json(out, cap, (size_t)at, model ? model : "fake");
    if (at >= 0)
        at = put(out, cap, (size_t)at, ",\"choices\":[{\"index\":0,\"delta\":{");
    if (at >= 0 && content == NULL)
        at = put(out, cap, (size_t)at, finish ? "" : "\"role\":\"assistant\",\"content\":\"\"");
    else if (at >= 0) {
        at = put(out, cap, (size_t)at, "\"content\":");
        if (at >= 0)
            at = put_json(out, cap, (size_t)at, content);
    }
    if (at >= 0)
        at = put(out, cap, (size_t)at, "},\"finish_reason\":");
    if (at >= 0)
        at = finish ? put_json(out, cap, (size_t)at, finish) : put(out, cap, (size_t)at, "null");
    if (at >= 0)
        at = put(out, cap, (size_t)at, "}]}\n\n");
    if (at < 0 || at > INT_MAX)
        return PL_ERR_TOO_LARGE;
    return (int)at;
}
