
#line 1 "fsm/http11.rl"
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


#line 462 "fsm/http11.rl"



#line 412 "gen/fsm/http11.c.tmp"
static const int http11_start = 1;
static const int http11_first_final = 74;
static const int http11_error = 0;

static const int http11_en_chunk_head = 55;
static const int http11_en_chunk_tail = 67;
static const int http11_en_trailers = 69;
static const int http11_en_main = 1;


#line 465 "fsm/http11.rl"

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

    
#line 441 "gen/fsm/http11.c.tmp"
	{
	if ( p == pe )
		goto _test_eof;
	switch (  hp->cs )
	{
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
	switch( (*p) ) {
		case 13u: goto st2;
		case 33u: goto tr2;
		case 124u: goto tr2;
		case 126u: goto tr2;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr2;
		} else if ( (*p) >= 35u )
			goto tr2;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr2;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr2;
		} else
			goto tr2;
	} else
		goto tr2;
	goto st0;
st0:
 hp->cs = 0;
	goto _out;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
	if ( (*p) == 10u )
		goto st1;
	goto st0;
tr2:
#line 414 "fsm/http11.rl"
	{ hp->req.method_name.off = OFF(p); }
	goto st3;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 491 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto st3;
		case 124u: goto st3;
		case 126u: goto st3;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st3;
		} else if ( (*p) >= 35u )
			goto st3;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st3;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st3;
		} else
			goto st3;
	} else
		goto st3;
	goto st0;
tr4:
#line 415 "fsm/http11.rl"
	{ hp->req.method_name.len = OFF(p) - hp->req.method_name.off; }
	goto st4;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 522 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 33u: goto tr6;
		case 37u: goto tr7;
		case 42u: goto tr8;
		case 47u: goto tr9;
		case 58u: goto tr10;
		case 61u: goto tr6;
		case 91u: goto tr12;
		case 95u: goto tr6;
		case 126u: goto tr6;
	}
	if ( (*p) < 65u ) {
		if ( 36u <= (*p) && (*p) <= 59u )
			goto tr6;
	} else if ( (*p) > 90u ) {
		if ( 97u <= (*p) && (*p) <= 122u )
			goto tr11;
	} else
		goto tr11;
	goto st0;
tr6:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
	goto st5;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 549 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 33u: goto st5;
		case 37u: goto st6;
		case 58u: goto st8;
		case 61u: goto st5;
		case 95u: goto st5;
		case 126u: goto st5;
	}
	if ( (*p) < 48u ) {
		if ( 36u <= (*p) && (*p) <= 46u )
			goto st5;
	} else if ( (*p) > 59u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st5;
		} else if ( (*p) >= 65u )
			goto st5;
	} else
		goto st5;
	goto st0;
tr7:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
	goto st6;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
#line 576 "gen/fsm/http11.c.tmp"
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st7;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st7;
	} else
		goto st7;
	goto st0;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st5;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st5;
	} else
		goto st5;
	goto st0;
tr10:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
	goto st8;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
#line 605 "gen/fsm/http11.c.tmp"
	if ( (*p) == 32u )
		goto tr17;
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st8;
	goto st0;
tr17:
#line 424 "fsm/http11.rl"
	{ hp->req.form = PL_HTTP_FORM_AUTHORITY; }
#line 417 "fsm/http11.rl"
	{ hp->target_end = OFF(p); }
	goto st9;
tr40:
#line 425 "fsm/http11.rl"
	{ hp->req.form = PL_HTTP_FORM_ASTERISK; }
#line 417 "fsm/http11.rl"
	{ hp->target_end = OFF(p); }
	goto st9;
tr41:
#line 422 "fsm/http11.rl"
	{ hp->req.form = PL_HTTP_FORM_ORIGIN; }
#line 417 "fsm/http11.rl"
	{ hp->target_end = OFF(p); }
	goto st9;
tr53:
#line 421 "fsm/http11.rl"
	{ hp->auth_end = OFF(p); }
#line 423 "fsm/http11.rl"
	{ hp->req.form = PL_HTTP_FORM_ABSOLUTE; }
#line 417 "fsm/http11.rl"
	{ hp->target_end = OFF(p); }
	goto st9;
tr61:
#line 423 "fsm/http11.rl"
	{ hp->req.form = PL_HTTP_FORM_ABSOLUTE; }
#line 417 "fsm/http11.rl"
	{ hp->target_end = OFF(p); }
	goto st9;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
#line 635 "gen/fsm/http11.c.tmp"
	if ( (*p) == 72u )
		goto tr18;
	goto st0;
tr18:
#line 426 "fsm/http11.rl"
	{ hp->version_off = OFF(p); }
	goto st10;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 645 "gen/fsm/http11.c.tmp"
	if ( (*p) == 84u )
		goto st11;
	goto st0;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
	if ( (*p) == 84u )
		goto st12;
	goto st0;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
	if ( (*p) == 80u )
		goto st13;
	goto st0;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
	if ( (*p) == 47u )
		goto st14;
	goto st0;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st15;
	goto st0;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
	switch( (*p) ) {
		case 13u: goto tr24;
		case 46u: goto st22;
	}
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st26;
	goto st0;
tr24:
#line 427 "fsm/http11.rl"
	{ hp->version_len = OFF(p) - hp->version_off; }
	goto st16;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
#line 694 "gen/fsm/http11.c.tmp"
	if ( (*p) == 10u )
		goto tr27;
	goto st0;
tr27:
#line 428 "fsm/http11.rl"
	{
    on_request_line(hp, buf, OFF(p));
    {p++;  hp->cs = 17; goto _out;}
  }
	goto st17;
tr35:
#line 444 "fsm/http11.rl"
	{ if (on_field(hp, buf) != 0) {p++;  hp->cs = 17; goto _out;} }
	goto st17;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
#line 710 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 13u: goto st18;
		case 33u: goto tr29;
		case 124u: goto tr29;
		case 126u: goto tr29;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr29;
		} else if ( (*p) >= 35u )
			goto tr29;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr29;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr29;
		} else
			goto tr29;
	} else
		goto tr29;
	goto st0;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
	if ( (*p) == 10u )
		goto tr30;
	goto st0;
tr30:
#line 445 "fsm/http11.rl"
	{ hp->head_len = OFF(p) + 1; {p++;  hp->cs = 74; goto _out;} }
	goto st74;
st74:
	if ( ++p == pe )
		goto _test_eof74;
case 74:
#line 748 "gen/fsm/http11.c.tmp"
	goto st0;
tr29:
#line 433 "fsm/http11.rl"
	{
    if (on_field_start(hp, OFF(p)) != 0)
      {p++;  hp->cs = 19; goto _out;}
    {p = (( skip_token(p + 1, pe)))-1;}
  }
	goto st19;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
#line 760 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 33u: goto st19;
		case 58u: goto tr32;
		case 124u: goto st19;
		case 126u: goto st19;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st19;
		} else if ( (*p) >= 35u )
			goto st19;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st19;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st19;
		} else
			goto st19;
	} else
		goto st19;
	goto st0;
tr32:
#line 438 "fsm/http11.rl"
	{ hp->field_name_len = OFF(p) - hp->field_start; }
#line 439 "fsm/http11.rl"
	{
    hp->value_start = OFF(p) + 1;
    {p = (( skip_value(p + 1, pe)))-1;}
  }
	goto st20;
st20:
	if ( ++p == pe )
		goto _test_eof20;
case 20:
#line 795 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 13u: goto tr34;
		case 127u: goto st0;
	}
	if ( (*p) > 8u ) {
		if ( 10u <= (*p) && (*p) <= 31u )
			goto st0;
	} else
		goto st0;
	goto st20;
tr34:
#line 443 "fsm/http11.rl"
	{ hp->value_end = OFF(p); }
	goto st21;
st21:
	if ( ++p == pe )
		goto _test_eof21;
case 21:
#line 812 "gen/fsm/http11.c.tmp"
	if ( (*p) == 10u )
		goto tr35;
	goto st0;
st22:
	if ( ++p == pe )
		goto _test_eof22;
case 22:
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st23;
	goto st0;
st23:
	if ( ++p == pe )
		goto _test_eof23;
case 23:
	if ( (*p) == 13u )
		goto tr24;
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st24;
	goto st0;
st24:
	if ( ++p == pe )
		goto _test_eof24;
case 24:
	if ( (*p) == 13u )
		goto tr24;
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st25;
	goto st0;
st25:
	if ( ++p == pe )
		goto _test_eof25;
case 25:
	if ( (*p) == 13u )
		goto tr24;
	goto st0;
st26:
	if ( ++p == pe )
		goto _test_eof26;
case 26:
	switch( (*p) ) {
		case 13u: goto tr24;
		case 46u: goto st22;
	}
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st27;
	goto st0;
st27:
	if ( ++p == pe )
		goto _test_eof27;
case 27:
	switch( (*p) ) {
		case 13u: goto tr24;
		case 46u: goto st22;
	}
	goto st0;
tr8:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
	goto st28;
st28:
	if ( ++p == pe )
		goto _test_eof28;
case 28:
#line 874 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr40;
		case 33u: goto st5;
		case 37u: goto st6;
		case 58u: goto st8;
		case 61u: goto st5;
		case 95u: goto st5;
		case 126u: goto st5;
	}
	if ( (*p) < 48u ) {
		if ( 36u <= (*p) && (*p) <= 46u )
			goto st5;
	} else if ( (*p) > 59u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st5;
		} else if ( (*p) >= 65u )
			goto st5;
	} else
		goto st5;
	goto st0;
tr9:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
#line 418 "fsm/http11.rl"
	{ hp->path_off = OFF(p); hp->flags |= F_PATH; }
	goto st29;
st29:
	if ( ++p == pe )
		goto _test_eof29;
case 29:
#line 903 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr41;
		case 33u: goto st29;
		case 37u: goto st30;
		case 61u: goto st29;
		case 63u: goto tr44;
	}
	if ( (*p) > 59u ) {
		if ( 64u <= (*p) && (*p) <= 126u )
			goto st29;
	} else if ( (*p) >= 36u )
		goto st29;
	goto st0;
st30:
	if ( ++p == pe )
		goto _test_eof30;
case 30:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st31;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st31;
	} else
		goto st31;
	goto st0;
st31:
	if ( ++p == pe )
		goto _test_eof31;
case 31:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st29;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st29;
	} else
		goto st29;
	goto st0;
tr44:
#line 419 "fsm/http11.rl"
	{ hp->query_off = OFF(p) + 1; hp->req.has_query = true; }
	goto st32;
st32:
	if ( ++p == pe )
		goto _test_eof32;
case 32:
#line 949 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr41;
		case 33u: goto st32;
		case 37u: goto st33;
		case 61u: goto st32;
	}
	if ( (*p) > 59u ) {
		if ( 63u <= (*p) && (*p) <= 126u )
			goto st32;
	} else if ( (*p) >= 36u )
		goto st32;
	goto st0;
st33:
	if ( ++p == pe )
		goto _test_eof33;
case 33:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st34;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st34;
	} else
		goto st34;
	goto st0;
st34:
	if ( ++p == pe )
		goto _test_eof34;
case 34:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st32;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st32;
	} else
		goto st32;
	goto st0;
tr11:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
	goto st35;
st35:
	if ( ++p == pe )
		goto _test_eof35;
case 35:
#line 994 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 33u: goto st5;
		case 37u: goto st6;
		case 43u: goto st35;
		case 58u: goto st36;
		case 59u: goto st5;
		case 61u: goto st5;
		case 95u: goto st5;
		case 126u: goto st5;
	}
	if ( (*p) < 48u ) {
		if ( (*p) > 44u ) {
			if ( 45u <= (*p) && (*p) <= 46u )
				goto st35;
		} else if ( (*p) >= 36u )
			goto st5;
	} else if ( (*p) > 57u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st35;
		} else if ( (*p) >= 65u )
			goto st35;
	} else
		goto st35;
	goto st0;
st36:
	if ( ++p == pe )
		goto _test_eof36;
case 36:
	switch( (*p) ) {
		case 32u: goto tr17;
		case 47u: goto st37;
	}
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st8;
	goto st0;
st37:
	if ( ++p == pe )
		goto _test_eof37;
case 37:
	if ( (*p) == 47u )
		goto tr52;
	goto st0;
tr52:
#line 420 "fsm/http11.rl"
	{ hp->auth_off = OFF(p) + 1; }
	goto st38;
st38:
	if ( ++p == pe )
		goto _test_eof38;
case 38:
#line 1044 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr53;
		case 33u: goto st39;
		case 37u: goto st40;
		case 47u: goto tr56;
		case 58u: goto st48;
		case 61u: goto st39;
		case 63u: goto tr58;
		case 91u: goto st49;
		case 95u: goto st39;
		case 126u: goto st39;
	}
	if ( (*p) < 65u ) {
		if ( 36u <= (*p) && (*p) <= 59u )
			goto st39;
	} else if ( (*p) > 90u ) {
		if ( 97u <= (*p) && (*p) <= 122u )
			goto st39;
	} else
		goto st39;
	goto st0;
st39:
	if ( ++p == pe )
		goto _test_eof39;
case 39:
	switch( (*p) ) {
		case 32u: goto tr53;
		case 33u: goto st39;
		case 37u: goto st40;
		case 47u: goto tr56;
		case 58u: goto st48;
		case 61u: goto st39;
		case 63u: goto tr58;
		case 95u: goto st39;
		case 126u: goto st39;
	}
	if ( (*p) < 65u ) {
		if ( 36u <= (*p) && (*p) <= 59u )
			goto st39;
	} else if ( (*p) > 90u ) {
		if ( 97u <= (*p) && (*p) <= 122u )
			goto st39;
	} else
		goto st39;
	goto st0;
st40:
	if ( ++p == pe )
		goto _test_eof40;
case 40:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st41;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st41;
	} else
		goto st41;
	goto st0;
st41:
	if ( ++p == pe )
		goto _test_eof41;
case 41:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st39;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st39;
	} else
		goto st39;
	goto st0;
tr56:
#line 421 "fsm/http11.rl"
	{ hp->auth_end = OFF(p); }
#line 418 "fsm/http11.rl"
	{ hp->path_off = OFF(p); hp->flags |= F_PATH; }
	goto st42;
st42:
	if ( ++p == pe )
		goto _test_eof42;
case 42:
#line 1123 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr61;
		case 33u: goto st42;
		case 37u: goto st43;
		case 61u: goto st42;
		case 63u: goto tr64;
	}
	if ( (*p) > 59u ) {
		if ( 64u <= (*p) && (*p) <= 126u )
			goto st42;
	} else if ( (*p) >= 36u )
		goto st42;
	goto st0;
st43:
	if ( ++p == pe )
		goto _test_eof43;
case 43:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st44;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st44;
	} else
		goto st44;
	goto st0;
st44:
	if ( ++p == pe )
		goto _test_eof44;
case 44:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st42;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st42;
	} else
		goto st42;
	goto st0;
tr64:
#line 419 "fsm/http11.rl"
	{ hp->query_off = OFF(p) + 1; hp->req.has_query = true; }
	goto st45;
tr58:
#line 421 "fsm/http11.rl"
	{ hp->auth_end = OFF(p); }
#line 419 "fsm/http11.rl"
	{ hp->query_off = OFF(p) + 1; hp->req.has_query = true; }
	goto st45;
st45:
	if ( ++p == pe )
		goto _test_eof45;
case 45:
#line 1173 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 32u: goto tr61;
		case 33u: goto st45;
		case 37u: goto st46;
		case 61u: goto st45;
	}
	if ( (*p) > 59u ) {
		if ( 63u <= (*p) && (*p) <= 126u )
			goto st45;
	} else if ( (*p) >= 36u )
		goto st45;
	goto st0;
st46:
	if ( ++p == pe )
		goto _test_eof46;
case 46:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st47;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st47;
	} else
		goto st47;
	goto st0;
st47:
	if ( ++p == pe )
		goto _test_eof47;
case 47:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto st45;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto st45;
	} else
		goto st45;
	goto st0;
st48:
	if ( ++p == pe )
		goto _test_eof48;
case 48:
	switch( (*p) ) {
		case 32u: goto tr53;
		case 47u: goto tr56;
		case 63u: goto tr58;
	}
	if ( 48u <= (*p) && (*p) <= 57u )
		goto st48;
	goto st0;
st49:
	if ( ++p == pe )
		goto _test_eof49;
case 49:
	switch( (*p) ) {
		case 33u: goto st50;
		case 36u: goto st50;
		case 61u: goto st50;
		case 95u: goto st50;
		case 126u: goto st50;
	}
	if ( (*p) < 48u ) {
		if ( 38u <= (*p) && (*p) <= 46u )
			goto st50;
	} else if ( (*p) > 59u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st50;
		} else if ( (*p) >= 65u )
			goto st50;
	} else
		goto st50;
	goto st0;
st50:
	if ( ++p == pe )
		goto _test_eof50;
case 50:
	switch( (*p) ) {
		case 33u: goto st50;
		case 36u: goto st50;
		case 61u: goto st50;
		case 93u: goto st51;
		case 95u: goto st50;
		case 126u: goto st50;
	}
	if ( (*p) < 48u ) {
		if ( 38u <= (*p) && (*p) <= 46u )
			goto st50;
	} else if ( (*p) > 59u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st50;
		} else if ( (*p) >= 65u )
			goto st50;
	} else
		goto st50;
	goto st0;
st51:
	if ( ++p == pe )
		goto _test_eof51;
case 51:
	switch( (*p) ) {
		case 32u: goto tr53;
		case 47u: goto tr56;
		case 58u: goto st48;
		case 63u: goto tr58;
	}
	goto st0;
tr12:
#line 416 "fsm/http11.rl"
	{ hp->req.target.off = OFF(p); }
	goto st52;
st52:
	if ( ++p == pe )
		goto _test_eof52;
case 52:
#line 1288 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 33u: goto st53;
		case 36u: goto st53;
		case 61u: goto st53;
		case 95u: goto st53;
		case 126u: goto st53;
	}
	if ( (*p) < 48u ) {
		if ( 38u <= (*p) && (*p) <= 46u )
			goto st53;
	} else if ( (*p) > 59u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st53;
		} else if ( (*p) >= 65u )
			goto st53;
	} else
		goto st53;
	goto st0;
st53:
	if ( ++p == pe )
		goto _test_eof53;
case 53:
	switch( (*p) ) {
		case 33u: goto st53;
		case 36u: goto st53;
		case 61u: goto st53;
		case 93u: goto st54;
		case 95u: goto st53;
		case 126u: goto st53;
	}
	if ( (*p) < 48u ) {
		if ( 38u <= (*p) && (*p) <= 46u )
			goto st53;
	} else if ( (*p) > 59u ) {
		if ( (*p) > 90u ) {
			if ( 97u <= (*p) && (*p) <= 122u )
				goto st53;
		} else if ( (*p) >= 65u )
			goto st53;
	} else
		goto st53;
	goto st0;
st54:
	if ( ++p == pe )
		goto _test_eof54;
case 54:
	if ( (*p) == 58u )
		goto st8;
	goto st0;
case 55:
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr73;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto tr73;
	} else
		goto tr73;
	goto st0;
tr73:
#line 447 "fsm/http11.rl"
	{
    if (chunk_digit(hp, (*p)) != 0)
      {p++;  hp->cs = 56; goto _out;}
  }
	goto st56;
st56:
	if ( ++p == pe )
		goto _test_eof56;
case 56:
#line 1358 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 9u: goto st57;
		case 13u: goto st63;
		case 32u: goto st57;
		case 59u: goto st58;
	}
	if ( (*p) < 65u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr73;
	} else if ( (*p) > 70u ) {
		if ( 97u <= (*p) && (*p) <= 102u )
			goto tr73;
	} else
		goto tr73;
	goto st0;
st57:
	if ( ++p == pe )
		goto _test_eof57;
case 57:
	switch( (*p) ) {
		case 9u: goto st57;
		case 32u: goto st57;
		case 59u: goto st58;
	}
	goto st0;
st58:
	if ( ++p == pe )
		goto _test_eof58;
case 58:
	switch( (*p) ) {
		case 9u: goto st58;
		case 32u: goto st58;
		case 33u: goto st59;
		case 124u: goto st59;
		case 126u: goto st59;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st59;
		} else if ( (*p) >= 35u )
			goto st59;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st59;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st59;
		} else
			goto st59;
	} else
		goto st59;
	goto st0;
st59:
	if ( ++p == pe )
		goto _test_eof59;
case 59:
	switch( (*p) ) {
		case 9u: goto st60;
		case 13u: goto st63;
		case 32u: goto st60;
		case 33u: goto st59;
		case 59u: goto st58;
		case 61u: goto st61;
		case 124u: goto st59;
		case 126u: goto st59;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st59;
		} else if ( (*p) >= 35u )
			goto st59;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st59;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st59;
		} else
			goto st59;
	} else
		goto st59;
	goto st0;
st60:
	if ( ++p == pe )
		goto _test_eof60;
case 60:
	switch( (*p) ) {
		case 9u: goto st60;
		case 32u: goto st60;
		case 59u: goto st58;
		case 61u: goto st61;
	}
	goto st0;
st61:
	if ( ++p == pe )
		goto _test_eof61;
case 61:
	switch( (*p) ) {
		case 9u: goto st61;
		case 32u: goto st61;
		case 34u: goto st64;
		case 124u: goto st62;
		case 126u: goto st62;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st62;
		} else if ( (*p) >= 33u )
			goto st62;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st62;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st62;
		} else
			goto st62;
	} else
		goto st62;
	goto st0;
st62:
	if ( ++p == pe )
		goto _test_eof62;
case 62:
	switch( (*p) ) {
		case 9u: goto st57;
		case 13u: goto st63;
		case 32u: goto st57;
		case 33u: goto st62;
		case 59u: goto st58;
		case 124u: goto st62;
		case 126u: goto st62;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st62;
		} else if ( (*p) >= 35u )
			goto st62;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st62;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st62;
		} else
			goto st62;
	} else
		goto st62;
	goto st0;
st63:
	if ( ++p == pe )
		goto _test_eof63;
case 63:
	if ( (*p) == 10u )
		goto tr82;
	goto st0;
tr82:
#line 451 "fsm/http11.rl"
	{ hp->flags |= F_EV_CHUNK_LINE; {p++;  hp->cs = 75; goto _out;} }
	goto st75;
st75:
	if ( ++p == pe )
		goto _test_eof75;
case 75:
#line 1529 "gen/fsm/http11.c.tmp"
	goto st0;
st64:
	if ( ++p == pe )
		goto _test_eof64;
case 64:
	switch( (*p) ) {
		case 34u: goto st65;
		case 92u: goto st66;
		case 127u: goto st0;
	}
	if ( (*p) > 8u ) {
		if ( 10u <= (*p) && (*p) <= 31u )
			goto st0;
	} else
		goto st0;
	goto st64;
st65:
	if ( ++p == pe )
		goto _test_eof65;
case 65:
	switch( (*p) ) {
		case 9u: goto st57;
		case 13u: goto st63;
		case 32u: goto st57;
		case 59u: goto st58;
	}
	goto st0;
st66:
	if ( ++p == pe )
		goto _test_eof66;
case 66:
	if ( (*p) == 127u )
		goto st0;
	if ( (*p) > 8u ) {
		if ( 10u <= (*p) && (*p) <= 31u )
			goto st0;
	} else
		goto st0;
	goto st64;
case 67:
	if ( (*p) == 13u )
		goto st68;
	goto st0;
st68:
	if ( ++p == pe )
		goto _test_eof68;
case 68:
	if ( (*p) == 10u )
		goto tr86;
	goto st0;
tr86:
#line 452 "fsm/http11.rl"
	{ hp->flags |= F_EV_CHUNK_TAIL; {p++;  hp->cs = 76; goto _out;} }
	goto st76;
st76:
	if ( ++p == pe )
		goto _test_eof76;
case 76:
#line 1586 "gen/fsm/http11.c.tmp"
	goto st0;
tr92:
#line 453 "fsm/http11.rl"
	{
    if (++hp->trailer_count > hp->limits.max_headers) {
      fail(hp, 431);
      {p++;  hp->cs = 69; goto _out;}
    }
  }
	goto st69;
st69:
	if ( ++p == pe )
		goto _test_eof69;
case 69:
#line 1599 "gen/fsm/http11.c.tmp"
	switch( (*p) ) {
		case 13u: goto st70;
		case 33u: goto st71;
		case 124u: goto st71;
		case 126u: goto st71;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st71;
		} else if ( (*p) >= 35u )
			goto st71;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st71;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st71;
		} else
			goto st71;
	} else
		goto st71;
	goto st0;
st70:
	if ( ++p == pe )
		goto _test_eof70;
case 70:
	if ( (*p) == 10u )
		goto tr89;
	goto st0;
tr89:
#line 459 "fsm/http11.rl"
	{ hp->flags |= F_EV_TRAILERS; {p++;  hp->cs = 77; goto _out;} }
	goto st77;
st77:
	if ( ++p == pe )
		goto _test_eof77;
case 77:
#line 1637 "gen/fsm/http11.c.tmp"
	goto st0;
st71:
	if ( ++p == pe )
		goto _test_eof71;
case 71:
	switch( (*p) ) {
		case 33u: goto st71;
		case 58u: goto st72;
		case 124u: goto st71;
		case 126u: goto st71;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto st71;
		} else if ( (*p) >= 35u )
			goto st71;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto st71;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto st71;
		} else
			goto st71;
	} else
		goto st71;
	goto st0;
st72:
	if ( ++p == pe )
		goto _test_eof72;
case 72:
	switch( (*p) ) {
		case 13u: goto st73;
		case 127u: goto st0;
	}
	if ( (*p) > 8u ) {
		if ( 10u <= (*p) && (*p) <= 31u )
			goto st0;
	} else
		goto st0;
	goto st72;
st73:
	if ( ++p == pe )
		goto _test_eof73;
case 73:
	if ( (*p) == 10u )
		goto tr92;
	goto st0;
	}
	_test_eof1:  hp->cs = 1; goto _test_eof; 
	_test_eof2:  hp->cs = 2; goto _test_eof; 
	_test_eof3:  hp->cs = 3; goto _test_eof; 
	_test_eof4:  hp->cs = 4; goto _test_eof; 
	_test_eof5:  hp->cs = 5; goto _test_eof; 
	_test_eof6:  hp->cs = 6; goto _test_eof; 
	_test_eof7:  hp->cs = 7; goto _test_eof; 
	_test_eof8:  hp->cs = 8; goto _test_eof; 
	_test_eof9:  hp->cs = 9; goto _test_eof; 
	_test_eof10:  hp->cs = 10; goto _test_eof; 
	_test_eof11:  hp->cs = 11; goto _test_eof; 
	_test_eof12:  hp->cs = 12; goto _test_eof; 
	_test_eof13:  hp->cs = 13; goto _test_eof; 
	_test_eof14:  hp->cs = 14; goto _test_eof; 
	_test_eof15:  hp->cs = 15; goto _test_eof; 
	_test_eof16:  hp->cs = 16; goto _test_eof; 
	_test_eof17:  hp->cs = 17; goto _test_eof; 
	_test_eof18:  hp->cs = 18; goto _test_eof; 
	_test_eof74:  hp->cs = 74; goto _test_eof; 
	_test_eof19:  hp->cs = 19; goto _test_eof; 
	_test_eof20:  hp->cs = 20; goto _test_eof; 
	_test_eof21:  hp->cs = 21; goto _test_eof; 
	_test_eof22:  hp->cs = 22; goto _test_eof; 
	_test_eof23:  hp->cs = 23; goto _test_eof; 
	_test_eof24:  hp->cs = 24; goto _test_eof; 
	_test_eof25:  hp->cs = 25; goto _test_eof; 
	_test_eof26:  hp->cs = 26; goto _test_eof; 
	_test_eof27:  hp->cs = 27; goto _test_eof; 
	_test_eof28:  hp->cs = 28; goto _test_eof; 
	_test_eof29:  hp->cs = 29; goto _test_eof; 
	_test_eof30:  hp->cs = 30; goto _test_eof; 
	_test_eof31:  hp->cs = 31; goto _test_eof; 
	_test_eof32:  hp->cs = 32; goto _test_eof; 
	_test_eof33:  hp->cs = 33; goto _test_eof; 
	_test_eof34:  hp->cs = 34; goto _test_eof; 
	_test_eof35:  hp->cs = 35; goto _test_eof; 
	_test_eof36:  hp->cs = 36; goto _test_eof; 
	_test_eof37:  hp->cs = 37; goto _test_eof; 
	_test_eof38:  hp->cs = 38; goto _test_eof; 
	_test_eof39:  hp->cs = 39; goto _test_eof; 
	_test_eof40:  hp->cs = 40; goto _test_eof; 
	_test_eof41:  hp->cs = 41; goto _test_eof; 
	_test_eof42:  hp->cs = 42; goto _test_eof; 
	_test_eof43:  hp->cs = 43; goto _test_eof; 
	_test_eof44:  hp->cs = 44; goto _test_eof; 
	_test_eof45:  hp->cs = 45; goto _test_eof; 
	_test_eof46:  hp->cs = 46; goto _test_eof; 
	_test_eof47:  hp->cs = 47; goto _test_eof; 
	_test_eof48:  hp->cs = 48; goto _test_eof; 
	_test_eof49:  hp->cs = 49; goto _test_eof; 
	_test_eof50:  hp->cs = 50; goto _test_eof; 
	_test_eof51:  hp->cs = 51; goto _test_eof; 
	_test_eof52:  hp->cs = 52; goto _test_eof; 
	_test_eof53:  hp->cs = 53; goto _test_eof; 
	_test_eof54:  hp->cs = 54; goto _test_eof; 
	_test_eof56:  hp->cs = 56; goto _test_eof; 
	_test_eof57:  hp->cs = 57; goto _test_eof; 
	_test_eof58:  hp->cs = 58; goto _test_eof; 
	_test_eof59:  hp->cs = 59; goto _test_eof; 
	_test_eof60:  hp->cs = 60; goto _test_eof; 
	_test_eof61:  hp->cs = 61; goto _test_eof; 
	_test_eof62:  hp->cs = 62; goto _test_eof; 
	_test_eof63:  hp->cs = 63; goto _test_eof; 
	_test_eof75:  hp->cs = 75; goto _test_eof; 
	_test_eof64:  hp->cs = 64; goto _test_eof; 
	_test_eof65:  hp->cs = 65; goto _test_eof; 
	_test_eof66:  hp->cs = 66; goto _test_eof; 
	_test_eof68:  hp->cs = 68; goto _test_eof; 
	_test_eof76:  hp->cs = 76; goto _test_eof; 
	_test_eof69:  hp->cs = 69; goto _test_eof; 
	_test_eof70:  hp->cs = 70; goto _test_eof; 
	_test_eof77:  hp->cs = 77; goto _test_eof; 
	_test_eof71:  hp->cs = 71; goto _test_eof; 
	_test_eof72:  hp->cs = 72; goto _test_eof; 
	_test_eof73:  hp->cs = 73; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 486 "fsm/http11.rl"

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
