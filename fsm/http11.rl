/*
 * http11.rl - the HTTP/1.1 request parser and chunked body decoder: the
 * Ragel host of the grammar in fsm/http11_common.rl.
 *
 * gen/fsm/http11.c is generated from this file by `make regen`
 * (tools/regen.py), which runs from the repository root
 *     ragel -G2 -o gen/fsm/http11.c.tmp fsm/http11.rl
 * and renames the output; `make regen-check` fails when it is stale. Edit
 * this file, never the generated one.
 *
 * Actions only record offsets into the caller's buffer and call the small
 * functions below; every check that is not pure syntax (known methods,
 * versions, framing fields, Host, limits) lives in those functions. An
 * action that finds an error records it (fail()) and breaks out of the
 * machine; the driver then moves the machine to its error state, so
 * has_error() follows from cs alone (is_finished() from cs and, for a
 * Content-Length body, the bytes still due). Runs of field-name and
 * field-value bytes are skipped in C (skip_token(), skip_value()) rather than
 * stepped through by the machine.
 *
 * Limits on bytes are enforced by clamping the end of the input given to
 * the machine: the request line may use max_request_line bytes from the
 * request's first byte, the header section max_header_bytes from the end of
 * the request line, each chunk line max_chunk_line and the trailer section
 * max_header_bytes. Errors therefore depend only on the bytes, never on how
 * they were split across calls.
 */
#include "parley/http.h"
#include "parley/error.h"

#include <string.h>

/* hp->flags */
#define F_LINE_DONE 0x01u  /* the request line is parsed */
#define F_HEAD_DONE 0x02u  /* the head is parsed and checked */
#define F_CL 0x04u         /* a Content-Length field was seen */
#define F_TE 0x08u         /* Transfer-Encoding: chunked was seen */
#define F_PATH 0x10u       /* the target has a path (path_off is set) */
#define F_TRAILERS 0x20u   /* the chunked body is in its trailer section */
#define F_EV_CHUNK_LINE 0x40u  /* events: a chunk machine finished its unit */
#define F_EV_CHUNK_TAIL 0x80u
#define F_EV_TRAILERS 0x100u
#define F_EVENTS (F_EV_CHUNK_LINE | F_EV_CHUNK_TAIL | F_EV_TRAILERS)

/* hp->conn_tokens: Connection tokens seen */
#define C_CLOSE 0x01u
#define C_KEEP_ALIVE 0x02u

#define OFF(fpc) ((uint32_t)((fpc) - buf))

static int fail(pl_http_parser_t *hp, int status)
{
    hp->status = status;
    switch (status) {
    case 413:
    case 414:
    case 431:
        hp->err = PL_ERR_TOO_LARGE;
        break;
    case 501:
    case 505:
        hp->err = PL_ERR_UNSUPPORTED;
        break;
    case 500:
        hp->err = PL_ERR_INVALID_ARGUMENT;
        break;
    default:
        hp->err = PL_ERR_PARSE;
        break;
    }
    return hp->err;
}

static bool is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* s[0..n) equals the lower-case literal lc, ignoring ASCII case. */
static bool ieq(const unsigned char *s, size_t n, const char *lc)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (lc[i] == '\0' || lower(s[i]) != (unsigned char)lc[i])
            return false;
    }
    return lc[i] == '\0';
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986 unreserved / sub-delims: the plain bytes of a reg-name. */
static bool is_host_char(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("-._~!$&'()*+,;=", c) != NULL;
}

/* RFC 9110 §7.2: Host = uri-host [ ":" port ]; empty is allowed. */
static bool host_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    if (n > 0 && s[0] == '[') {
        for (i = 1; i < n && s[i] != ']'; i++) {
            if (!is_host_char(s[i]) && s[i] != ':')
                return false;
        }
        if (i == n || i == 1)
            return false;
        i++; /* past ']' */
    } else {
        while (i < n && s[i] != ':') {
            if (s[i] == '%') {
                if (n - i < 3 || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
                    return false;
                i += 3;
            } else if (is_host_char(s[i])) {
                i++;
            } else {
                return false;
            }
        }
    }
    if (i < n) {
        if (s[i] != ':')
            return false;
        for (i++; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return false;
        }
    }
    return true;
}

/* RFC 9112 §6.3: Content-Length = 1*DIGIT; equal repeats are tolerated. */
static int on_content_length(pl_http_parser_t *hp, const unsigned char *v, size_t n)
{
    uint64_t cl = 0;
    if (n == 0)
        return fail(hp, 400);
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return fail(hp, 400);
        unsigned d = (unsigned)(v[i] - '0');
        if (cl > (UINT64_MAX - d) / 10)
            return fail(hp, 400);
        cl = cl * 10 + d;
    }
    if ((hp->flags & F_CL) && cl != hp->req.content_length)
        return fail(hp, 400);
    hp->flags |= F_CL;
    hp->req.content_length = cl;
    return 0;
}

/*
 * RFC 9112 §6.1: chunked must be the last coding and appear once. We
 * implement no other coding: one before chunked is 501, one after it (or
 * without chunked) means the length cannot be known, 400 per RFC, except
 * that a list without chunked at all is answered 501 at its first coding.
 */
static int on_transfer_encoding(pl_http_parser_t *hp, const unsigned char *v, size_t n)
{
    size_t i = 0;
    int elements = 0;
    while (i <= n) {
        size_t s = i, e;
        while (i < n && v[i] != ',')
            i++;
        e = i;
        i++; /* past the comma (or past the end) */
        while (s < e && (v[s] == ' ' || v[s] == '\t'))
            s++;
        while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
            e--;
        if (s == e)
            continue;
        elements++;
        size_t t = s;
        while (t < e && is_tchar(v[t]))
            t++;
        if (t == s)
            return fail(hp, 400);
        bool params = t < e;
        if (params) {
            size_t q = t;
            while (q < e && (v[q] == ' ' || v[q] == '\t'))
                q++;
            if (q == e || v[q] != ';')
                return fail(hp, 400);
        }
        if (ieq(v + s, t - s, "chunked")) {
            if (params || (hp->flags & F_TE))
                return fail(hp, 400);
            hp->flags |= F_TE;
        } else {
            return fail(hp, (hp->flags & F_TE) ? 400 : 501);
        }
    }
    if (elements == 0)
        return fail(hp, 400);
    return 0;
}

/* Connection: a token list; we act on close, keep-alive and upgrade. */
static void on_connection(pl_http_parser_t *hp, const unsigned char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t s = i, e;
        while (i < n && v[i] != ',')
            i++;
        e = i++;
        while (s < e && (v[s] == ' ' || v[s] == '\t'))
            s++;
        while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
            e--;
        if (ieq(v + s, e - s, "close"))
            hp->conn_tokens |= C_CLOSE;
        else if (ieq(v + s, e - s, "keep-alive"))
            hp->conn_tokens |= C_KEEP_ALIVE;
        else if (ieq(v + s, e - s, "upgrade"))
            hp->req.connection_upgrade = true;
    }
}

static int on_field_start(pl_http_parser_t *hp, uint32_t off)
{
    if (hp->req.nheaders >= hp->limits.max_headers)
        return fail(hp, 431);
    hp->field_start = off;
    return 0;
}

static int on_field(pl_http_parser_t *hp, const unsigned char *buf)
{
    pl_http_request_t *req = &hp->req;
    uint32_t vs = hp->value_start, ve = hp->value_end;
    while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t'))
        vs++;
    while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t'))
        ve--;

    pl_http_header_t *h = &req->headers[req->nheaders++];
    h->name.off = hp->field_start;
    h->name.len = hp->field_name_len;
    h->value.off = vs;
    h->value.len = ve - vs;

    const unsigned char *name = buf + hp->field_start, *v = buf + vs;
    size_t n = ve - vs;
    switch (hp->field_name_len) {
    case 4:
        if (ieq(name, 4, "host")) {
            if (++hp->host_count > 1 || !host_valid(v, n))
                return fail(hp, 400);
            if (req->form != PL_HTTP_FORM_ABSOLUTE)
                req->host = h->value;
        }
        break;
    case 7:
        if (ieq(name, 7, "upgrade") && req->upgrade.off == 0)
            req->upgrade = h->value;
        break;
    case 10:
        if (ieq(name, 10, "connection"))
            on_connection(hp, v, n);
        break;
    case 14:
        if (ieq(name, 14, "content-length"))
            return on_content_length(hp, v, n);
        break;
    case 17:
        if (ieq(name, 17, "transfer-encoding"))
            return on_transfer_encoding(hp, v, n);
        break;
    default:
        break;
    }
    return 0;
}

/* The request line ends at buf[lf]: check version, method and target form. */
static int on_request_line(pl_http_parser_t *hp, const unsigned char *buf, uint32_t lf)
{
    pl_http_request_t *req = &hp->req;
    hp->line_end = lf + 1;
    hp->flags |= F_LINE_DONE;

    const unsigned char *v = buf + hp->version_off;
    if (hp->version_len == 8 && memcmp(v, "HTTP/1.1", 8) == 0)
        req->version_minor = 1;
    else if (hp->version_len == 8 && memcmp(v, "HTTP/1.0", 8) == 0)
        req->version_minor = 0;
    else
        return fail(hp, 505);

    req->method = pl_http_method_from((const char *)buf + req->method_name.off, req->method_name.len);
    if (req->method == PL_HTTP_OTHER)
        return fail(hp, 501);

    req->target.len = hp->target_end - req->target.off;
    uint32_t path_end = req->has_query ? hp->query_off - 1 : hp->target_end;
    if (hp->flags & F_PATH) {
        req->path.off = hp->path_off;
        req->path.len = path_end - hp->path_off;
    } else {
        req->path.off = path_end;
        req->path.len = 0;
    }
    if (req->has_query) {
        req->query.off = hp->query_off;
        req->query.len = hp->target_end - hp->query_off;
    }
    switch (req->form) {
    case PL_HTTP_FORM_ORIGIN:
        break;
    case PL_HTTP_FORM_ABSOLUTE:
        /* RFC 9110 §4.2.1: an http(s) URI with an empty host is invalid. */
        if (hp->auth_end == hp->auth_off || buf[hp->auth_off] == ':')
            return fail(hp, 400);
        req->host.off = hp->auth_off;
        req->host.len = hp->auth_end - hp->auth_off;
        break;
    case PL_HTTP_FORM_ASTERISK:
        if (req->method != PL_HTTP_OPTIONS)
            return fail(hp, 400);
        break;
    case PL_HTTP_FORM_AUTHORITY:
    default:
        return fail(hp, 400); /* only CONNECT uses it, and CONNECT is not served */
    }
    return 0;
}

/*
 * Fast paths over the bulk of a head: field names and field values. The
 * grammar keeps each of them a loop on one byte class (field_name = tchar+,
 * field_value = ( field_vchar | SP | HTAB )*), so the machine stays in one
 * state over such a run, and jumping past it (fexec) from the action at its
 * start is the same as stepping through it byte by byte. Each returns the
 * first byte at or after p outside its class.
 */
static const unsigned char *skip_token(const unsigned char *p, const unsigned char *pe)
{
    /* 1 for tchar (RFC 9110 §5.6.2). */
    static const unsigned char ok[256] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    while (p < pe && ok[*p])
        p++;
    return p;
}

static const unsigned char *skip_value(const unsigned char *p, const unsigned char *pe)
{
    /* 1 for HTAB, SP, VCHAR and obs-text (0x80-0xFF). */
    static const unsigned char ok[256] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    };
    while (pe - p >= 4 && ok[p[0]] & ok[p[1]] & ok[p[2]] & ok[p[3]])
        p += 4;
    while (p < pe && ok[*p])
        p++;
    return p;
}

%%{
  machine http11;
  alphtype unsigned char;
  access hp->;

  action mark_method { hp->req.method_name.off = OFF(fpc); }
  action end_method { hp->req.method_name.len = OFF(fpc) - hp->req.method_name.off; }
  action mark_target { hp->req.target.off = OFF(fpc); }
  action end_target { hp->target_end = OFF(fpc); }
  action mark_path { hp->path_off = OFF(fpc); hp->flags |= F_PATH; }
  action mark_query { hp->query_off = OFF(fpc) + 1; hp->req.has_query = true; }
  action mark_authority { hp->auth_off = OFF(fpc) + 1; }
  action end_authority { hp->auth_end = OFF(fpc); }
  action form_origin { hp->req.form = PL_HTTP_FORM_ORIGIN; }
  action form_absolute { hp->req.form = PL_HTTP_FORM_ABSOLUTE; }
  action form_authority { hp->req.form = PL_HTTP_FORM_AUTHORITY; }
  action form_asterisk { hp->req.form = PL_HTTP_FORM_ASTERISK; }
  action mark_version { hp->version_off = OFF(fpc); }
  action end_version { hp->version_len = OFF(fpc) - hp->version_off; }
  action request_line_done {
    on_request_line(hp, buf, OFF(fpc));
    fbreak;
  }

  action start_field {
    if (on_field_start(hp, OFF(fpc)) != 0)
      fbreak;
    fexec skip_token(fpc + 1, pe);
  }
  action end_field_name { hp->field_name_len = OFF(fpc) - hp->field_start; }
  action start_value {
    hp->value_start = OFF(fpc) + 1;
    fexec skip_value(fpc + 1, pe);
  }
  action end_value { hp->value_end = OFF(fpc); }
  action field_done { if (on_field(hp, buf) != 0) fbreak; }
  action head_done { hp->head_len = OFF(fpc) + 1; fbreak; }

  action chunk_size_digit {
    if (chunk_digit(hp, fc) != 0)
      fbreak;
  }
  action chunk_line_done { hp->flags |= F_EV_CHUNK_LINE; fbreak; }
  action chunk_tail_done { hp->flags |= F_EV_CHUNK_TAIL; fbreak; }
  action trailer_field_done {
    if (++hp->trailer_count > hp->limits.max_headers) {
      fail(hp, 431);
      fbreak;
    }
  }
  action trailers_done { hp->flags |= F_EV_TRAILERS; fbreak; }

  include http11_common "http11_common.rl";
}%%

%% write data;

/* One hex digit of a chunk-size; refuses sizes past 64 bits. */
static int chunk_digit(pl_http_parser_t *hp, unsigned char c)
{
    unsigned d = (c <= '9') ? (unsigned)(c - '0') : (unsigned)(lower(c) - 'a' + 10);
    if (hp->chunk_size >> 60)
        return fail(hp, 400);
    hp->chunk_size = (hp->chunk_size << 4) | d;
    return 0;
}

/*
 * Runs the machine over buf[off..end) from hp->cs; returns the offset where
 * it stopped (end, or just past the byte whose action broke out).
 */
static size_t run(pl_http_parser_t *hp, const unsigned char *buf, size_t off, size_t end)
{
    const unsigned char *p = buf + off;
    const unsigned char *pe = buf + end;

    %% write exec;

    return (size_t)(p - buf);
}

static size_t clamp_limit(size_t v, size_t dflt, size_t ceiling)
{
    if (v == 0)
        return dflt;
    return v > ceiling ? ceiling : v;
}

void pl_http_limits_default(pl_http_limits_t *l)
{
    l->max_request_line = PL_HTTP_DEFAULT_MAX_REQUEST_LINE;
    l->max_header_bytes = PL_HTTP_DEFAULT_MAX_HEADER_BYTES;
    l->max_headers = PL_HTTP_DEFAULT_MAX_HEADERS;
    l->max_body = PL_HTTP_DEFAULT_MAX_BODY;
    l->max_chunk_line = PL_HTTP_DEFAULT_MAX_CHUNK_LINE;
}

void pl_http_parser_reset(pl_http_parser_t *hp)
{
    /* The header table is overwritten as fields arrive: skip clearing it. */
    memset(&hp->req, 0, offsetof(pl_http_request_t, headers));
    memset((char *)hp + offsetof(pl_http_parser_t, cs), 0,
           sizeof(*hp) - offsetof(pl_http_parser_t, cs));
    hp->cs = http11_en_main;
}

void pl_http_parser_init(pl_http_parser_t *hp, const pl_http_limits_t *limits)
{
    pl_http_limits_t l;
    pl_http_limits_default(&l);
    if (limits != NULL) {
        l.max_request_line = clamp_limit(limits->max_request_line, l.max_request_line,
                                         PL_HTTP_LIMIT_CEILING);
        l.max_header_bytes = clamp_limit(limits->max_header_bytes, l.max_header_bytes,
                                         PL_HTTP_LIMIT_CEILING);
        l.max_headers = clamp_limit(limits->max_headers, l.max_headers, PL_HTTP_MAX_HEADERS);
        l.max_chunk_line = clamp_limit(limits->max_chunk_line, l.max_chunk_line,
                                       PL_HTTP_LIMIT_CEILING);
        if (limits->max_body != 0)
            l.max_body = limits->max_body;
    }
    hp->limits = l;
    pl_http_parser_reset(hp);
}

bool pl_http_parser_has_error(const pl_http_parser_t *hp)
{
    return hp->cs == http11_error;
}

bool pl_http_parser_is_finished(const pl_http_parser_t *hp)
{
    return hp->cs >= http11_first_final && hp->body_left == 0;
}

int pl_http_parser_status(const pl_http_parser_t *hp)
{
    return hp->status;
}

int pl_http_parser_finish(const pl_http_parser_t *hp)
{
    if (pl_http_parser_has_error(hp))
        return hp->err != 0 ? hp->err : PL_ERR_PARSE;
    if (pl_http_parser_is_finished(hp))
        return 0;
    if (!(hp->flags & F_HEAD_DONE) && hp->nread == 0)
        return 0;
    return PL_ERR_INCOMPLETE;
}

/* Records an error found outside the machine and moves it to its error state. */
static int stop(pl_http_parser_t *hp, int status)
{
    int rv = fail(hp, status);
    hp->cs = http11_error;
    return rv;
}

/* The head is complete: checks that need all fields, then the framing. */
static int finish_head(pl_http_parser_t *hp)
{
    pl_http_request_t *req = &hp->req;
    if (req->version_minor == 1 && hp->host_count == 0)
        return stop(hp, 400);
    if (hp->flags & F_TE) {
        /* RFC 9112 §6.1, §6.3: CL with TE, or TE in HTTP/1.0, is faulty framing. */
        if ((hp->flags & F_CL) || req->version_minor == 0)
            return stop(hp, 400);
        req->body = PL_HTTP_BODY_CHUNKED;
        hp->cs = http11_en_chunk_head;
        hp->budget = hp->limits.max_chunk_line;
    } else if (hp->flags & F_CL) {
        if (req->content_length > hp->limits.max_body)
            return stop(hp, 413);
        req->body = PL_HTTP_BODY_LENGTH;
        hp->body_left = req->content_length;
    }
    if (req->version_minor == 1)
        req->keep_alive = !(hp->conn_tokens & C_CLOSE);
    else
        req->keep_alive = (hp->conn_tokens & (C_CLOSE | C_KEEP_ALIVE)) == C_KEEP_ALIVE;
    hp->flags |= F_HEAD_DONE;
    return 0;
}

int pl_http_parser_execute(pl_http_parser_t *hp, const char *cbuf, size_t len)
{
    const unsigned char *buf = (const unsigned char *)cbuf;
    if (hp->cs == http11_error)
        return hp->err;
    if (hp->flags & F_HEAD_DONE)
        return (int)hp->head_len;
    if (len < hp->nread)
        return stop(hp, 500);
    for (;;) {
        size_t limit = (hp->flags & F_LINE_DONE)
                           ? (size_t)hp->line_end + hp->limits.max_header_bytes
                           : hp->limits.max_request_line;
        size_t end = len < limit ? len : limit;
        if (hp->nread >= end) {
            if (len > limit)
                return stop(hp, (hp->flags & F_LINE_DONE) ? 431 : 414);
            return PL_ERR_INCOMPLETE;
        }
        hp->nread = (uint32_t)run(hp, buf, hp->nread, end);
        if (hp->err != 0) {
            hp->cs = http11_error;
            return hp->err;
        }
        if (hp->cs == http11_error)
            return stop(hp, 400);
        if (hp->head_len != 0) {
            int rv = finish_head(hp);
            return rv != 0 ? rv : (int)hp->head_len;
        }
    }
}

/*
 * Decodes a chunked body: runs the chunk machines over framing bytes and
 * hands out chunk data without running the machine over it.
 */
static int decode_chunked(pl_http_parser_t *hp, const unsigned char *buf, size_t len,
                          size_t *used, pl_http_span_t *data)
{
    size_t off = 0;
    while (off < len) {
        if (hp->body_left > 0) {
            uint64_t n = len - off;
            if (n > hp->body_left)
                n = hp->body_left;
            if (n > UINT32_MAX)
                n = UINT32_MAX;
            data->off = (uint32_t)off;
            data->len = (uint32_t)n;
            hp->body_left -= n;
            *used = off + (size_t)n;
            return 0;
        }
        if (hp->budget == 0)
            return stop(hp, (hp->flags & F_TRAILERS) ? 431 : 400);
        size_t end = off + (len - off < hp->budget ? len - off : hp->budget);
        size_t np = run(hp, buf, off, end);
        hp->budget -= np - off;
        off = np;
        if (hp->err != 0) {
            hp->cs = http11_error;
            return hp->err;
        }
        if (hp->cs == http11_error)
            return stop(hp, 400);
        unsigned ev = hp->flags & F_EVENTS;
        hp->flags &= (uint16_t)~F_EVENTS;
        if (ev == F_EV_CHUNK_LINE) {
            uint64_t size = hp->chunk_size;
            hp->chunk_size = 0;
            if (size > hp->limits.max_body - hp->body_total)
                return stop(hp, 413);
            hp->body_total += size;
            if (size == 0) {
                hp->flags |= F_TRAILERS;
                hp->cs = http11_en_trailers;
                hp->budget = hp->limits.max_header_bytes;
            } else {
                hp->body_left = size;
                hp->cs = http11_en_chunk_tail;
                hp->budget = hp->limits.max_chunk_line;
            }
        } else if (ev == F_EV_CHUNK_TAIL) {
            hp->cs = http11_en_chunk_head;
            hp->budget = hp->limits.max_chunk_line;
        } else if (ev == F_EV_TRAILERS) {
            *used = off;
            return 1;
        }
    }
    *used = off;
    return 0;
}

int pl_http_parser_body(pl_http_parser_t *hp, const char *cbuf, size_t len, size_t *used,
                        pl_http_span_t *data)
{
    *used = 0;
    data->off = 0;
    data->len = 0;
    if (hp->cs == http11_error)
        return hp->err;
    if (!(hp->flags & F_HEAD_DONE))
        return PL_ERR_INVALID_ARGUMENT;
    if (pl_http_parser_is_finished(hp))
        return 1;
    if (hp->req.body == PL_HTTP_BODY_LENGTH) {
        uint64_t n = len < hp->body_left ? len : hp->body_left;
        if (n > UINT32_MAX)
            n = UINT32_MAX;
        data->len = (uint32_t)n;
        *used = (size_t)n;
        hp->body_left -= n;
        return hp->body_left == 0 ? 1 : 0;
    }
    return decode_chunked(hp, (const unsigned char *)cbuf, len, used, data);
}
