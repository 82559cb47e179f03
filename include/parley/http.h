/*
 * parley/http.h - the HTTP/1.1 protocol core: request parser, chunked body
 * decoder, router, response writer and helpers. Sans-IO: bytes in, results
 * and bytes out; no sockets, no event loop.
 *
 * Parsing a connection's byte stream:
 *
 *   pl_http_parser_t p;
 *   pl_http_parser_init(&p, NULL);               // default limits
 *   int n = pl_http_parser_execute(&p, buf, len); // buf: bytes from the
 *                                                 // request's first byte on
 *   n == PL_ERR_INCOMPLETE: read more, call again with the longer buffer.
 *   n < 0: answer pl_http_parser_status(&p) (400, 413, 414, 431, 501, 505)
 *          and close the connection.
 *   n > 0: the head is n bytes; p.req describes it. Body bytes start at
 *          buf + n. Feed them to pl_http_parser_body() until it returns 1;
 *          bytes it did not use belong to the next (pipelined) request:
 *          pl_http_parser_reset(&p) and start again with them.
 *
 * The parser never stores pointers into the caller's buffer, only offsets
 * (pl_http_span_t), so the caller may move or grow its buffer between calls
 * (e.g. evbuffer_pullup) as long as the bytes already given are unchanged.
 * Resolve a span against the buffer that holds the head. The parser does
 * not allocate.
 */
#ifndef PARLEY_HTTP_H
#define PARLEY_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parley/mem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ limits */

/** Capacity of the header table inside the parser; max_headers is clamped to it. */
#define PL_HTTP_MAX_HEADERS 128

/* Default limits (see pl_http_limits_t). */
#define PL_HTTP_DEFAULT_MAX_REQUEST_LINE 8192u
#define PL_HTTP_DEFAULT_MAX_HEADER_BYTES 16384u
#define PL_HTTP_DEFAULT_MAX_HEADERS 100u
#define PL_HTTP_DEFAULT_MAX_BODY (1024u * 1024u)
#define PL_HTTP_DEFAULT_MAX_CHUNK_LINE 4096u
/** Upper bound for max_request_line and max_header_bytes (offsets are 32-bit). */
#define PL_HTTP_LIMIT_CEILING (256u * 1024u * 1024u)

/*
 * Bounds on what a request may use. A zero field takes its default; larger
 * than PL_HTTP_LIMIT_CEILING (or PL_HTTP_MAX_HEADERS for max_headers) is
 * clamped.
 */
typedef struct pl_http_limits {
    size_t max_request_line; /* request line incl. CRLF (and leading empty lines): 414 */
    size_t max_header_bytes; /* header section incl. final CRLF; also trailers: 431 */
    size_t max_headers;      /* field lines in the head; also trailers: 431 */
    uint64_t max_body;       /* Content-Length, or sum of chunk sizes: 413 */
    size_t max_chunk_line;   /* one chunk-size line incl. extensions and CRLF: 400 */
} pl_http_limits_t;

/** Fills *l with the defaults. */
void pl_http_limits_default(pl_http_limits_t *l);

/* ------------------------------------------------------------------- types */

/** A byte range of the caller's buffer: buf + off, len bytes. */
typedef struct pl_http_span {
    uint32_t off;
    uint32_t len;
} pl_http_span_t;

/** A header field line: name as sent (any case), value with OWS trimmed. */
typedef struct pl_http_header {
    pl_http_span_t name;
    pl_http_span_t value;
} pl_http_header_t;

/* Methods the server knows; PL_HTTP_OTHER never leaves a successful parse. */
typedef enum pl_http_method {
    PL_HTTP_OTHER = 0,
    PL_HTTP_GET,
    PL_HTTP_HEAD,
    PL_HTTP_POST,
    PL_HTTP_PUT,
    PL_HTTP_DELETE,
    PL_HTTP_OPTIONS,
    PL_HTTP_PATCH,
    PL_HTTP_METHOD_COUNT
} pl_http_method_t;

/* How the request body is framed (RFC 9112 §6.3). */
typedef enum pl_http_body {
    PL_HTTP_BODY_NONE = 0, /* no body */
    PL_HTTP_BODY_LENGTH,   /* content_length bytes */
    PL_HTTP_BODY_CHUNKED   /* Transfer-Encoding: chunked */
} pl_http_body_t;

/* The form of the request-target (RFC 9112 §3.2). */
typedef enum pl_http_form {
    PL_HTTP_FORM_ORIGIN = 0, /* /path?query */
    PL_HTTP_FORM_ABSOLUTE,   /* http://host/path?query */
    PL_HTTP_FORM_AUTHORITY,  /* host:port (CONNECT only, so never accepted) */
    PL_HTTP_FORM_ASTERISK    /* * (OPTIONS only) */
} pl_http_form_t;

/*
 * A parsed request head. Spans refer to the buffer given to
 * pl_http_parser_execute(); valid once it returned the head length.
 */
typedef struct pl_http_request {
    pl_http_method_t method;
    pl_http_span_t method_name;
    pl_http_span_t target;  /* request-target as sent */
    pl_http_span_t path;    /* still percent-encoded; empty for "*" and for "http://host" (means "/") */
    pl_http_span_t query;   /* after "?", still encoded; see has_query */
    pl_http_span_t host;    /* Host value, or the authority of an absolute-form target */
    pl_http_span_t upgrade; /* value of the (first) Upgrade field, len 0 if none */
    pl_http_form_t form;
    int version_minor;      /* HTTP/1.<version_minor>: 0 or 1 */
    bool has_query;         /* the target had a "?" (query may still be empty) */
    bool keep_alive;        /* the connection may stay open after this request */
    bool connection_upgrade;/* Connection lists the "upgrade" token */
    pl_http_body_t body;
    uint64_t content_length;/* PL_HTTP_BODY_LENGTH: the body length */
    size_t nheaders;
    pl_http_header_t headers[PL_HTTP_MAX_HEADERS];
} pl_http_request_t;

/*
 * The parser. Allocate it anywhere (it is plain data, about 2 KiB); it holds
 * no resources, so there is nothing to free. Fields after `req` are internal.
 */
typedef struct pl_http_parser {
    pl_http_request_t req;   /* the result; see pl_http_request_t */
    pl_http_limits_t limits;
    int cs;                  /* machine state */
    int status;              /* HTTP status to answer after an error, else 0 */
    int err;                 /* the error code returned, else 0 */
    uint32_t nread;          /* head bytes scanned */
    uint32_t head_len;       /* head length once complete, else 0 */
    uint32_t line_end;       /* offset just past the request line, 0 before */
    uint32_t mark;           /* start of the token being scanned */
    uint32_t field_start, field_name_len, value_start, value_end;
    uint32_t path_off, query_off, auth_off, auth_end, target_end;
    uint32_t version_off, version_len;
    uint32_t host_count, trailer_count;
    uint16_t flags;          /* parser events and framing facts (internal) */
    uint8_t conn_tokens;     /* Connection: close / keep-alive seen (internal) */
    uint64_t body_left;      /* LENGTH: bytes still to come; CHUNKED: of this chunk */
    uint64_t body_total;     /* CHUNKED: sum of chunk sizes so far */
    uint64_t chunk_size;     /* chunk-size being read */
    size_t budget;           /* bytes the current chunk line or trailer section may still use */
} pl_http_parser_t;

/* ----------------------------------------------------------------- parser */

/** Prepares p for the first request; limits NULL means the defaults. */
void pl_http_parser_init(pl_http_parser_t *p, const pl_http_limits_t *limits);

/** Prepares p for the next request on the same connection, keeping its limits. */
void pl_http_parser_reset(pl_http_parser_t *p);

/**
 * Parses the request head in buf[0..len). After PL_ERR_INCOMPLETE call again
 * with the same bytes plus more (the buffer may have moved). Returns the
 * head length (> 0, body starts at buf + it) once complete (again on every
 * later call), PL_ERR_INCOMPLETE, or an error with pl_http_parser_status():
 * PL_ERR_PARSE (400), PL_ERR_TOO_LARGE (413, 414, 431), PL_ERR_UNSUPPORTED
 * (501, 505), PL_ERR_INVALID_ARGUMENT (len shrank; 500).
 */
int pl_http_parser_execute(pl_http_parser_t *p, const char *buf, size_t len);

/**
 * Consumes body bytes from buf[0..len) (new bytes only: what follows the
 * head, then what follows the previous call's *used). Sets *used to the bytes
 * consumed and *data to the body bytes among them (buf + data->off; len 0 if
 * none; one span per call). Returns 0 when more body follows (call again with
 * buf + *used, or with new input when everything was used), 1 when the body is
 * complete (bytes from buf + *used belong to the next request), or an error
 * with pl_http_parser_status(): PL_ERR_PARSE (400), PL_ERR_TOO_LARGE (413,
 * 431), PL_ERR_INVALID_ARGUMENT (the head is not complete). Chunk extensions
 * are ignored; trailers are checked against the limits and dropped.
 */
int pl_http_parser_body(pl_http_parser_t *p, const char *buf, size_t len, size_t *used,
                        pl_http_span_t *data);

/**
 * Tells what the end of the input means for the current request: returns 0
 * when nothing of a request was received or the request (head and body) is
 * complete, PL_ERR_INCOMPLETE when it was cut short, or the recorded error.
 */
int pl_http_parser_finish(const pl_http_parser_t *p);

/** Returns true once the machine failed (also after limit and semantic errors). */
bool pl_http_parser_has_error(const pl_http_parser_t *p);

/** Returns true when the request, head and body, is complete. */
bool pl_http_parser_is_finished(const pl_http_parser_t *p);

/** Returns the HTTP status to answer for the recorded error, or 0 without error. */
int pl_http_parser_status(const pl_http_parser_t *p);

/**
 * Finds a header of req by case-insensitive name. Pass after = NULL for the
 * first, or the previous result for the next one with that name. Returns the
 * header or NULL when there is none (more).
 */
const pl_http_header_t *pl_http_find_header(const pl_http_request_t *req, const char *buf,
                                            const char *name, const pl_http_header_t *after);

/** Returns buf + s.off: the bytes of a span (s.len of them, not NUL-terminated). */
static inline const char *pl_http_span_ptr(const char *buf, pl_http_span_t s)
{
    return buf + s.off;
}

/* ---------------------------------------------------------------- helpers */

/** Returns the method's name ("GET", ...) or "OTHER". Never NULL. */
const char *pl_http_method_name(pl_http_method_t m);

/** Returns the method for an exact, case-sensitive name, or PL_HTTP_OTHER. */
pl_http_method_t pl_http_method_from(const char *name, size_t len);

/** Returns the reason phrase of a status code ("Not Found"), "Unknown" if unlisted. */
const char *pl_http_reason(int status);

/**
 * Returns true when the comma-separated list value[0..len) (a field value
 * such as "keep-alive, Upgrade") holds token, compared case-insensitively,
 * with OWS around the elements ignored.
 */
bool pl_http_header_has_token(const char *value, size_t len, const char *token);

/* Flags of pl_http_pct_decode(). */
#define PL_HTTP_DECODE_PLUS 1u    /* "+" decodes to a space (query strings) */
#define PL_HTTP_DECODE_NO_SLASH 2u /* refuse a decoded "/" (one path segment) */

/**
 * Percent-decodes in[0..len) into out (out_cap bytes; a NUL is written after
 * the result, so out_cap must exceed it) and sets *out_len. Returns 0,
 * PL_ERR_PARSE (malformed escape, %00, or a decoded "/" with
 * PL_HTTP_DECODE_NO_SLASH) or PL_ERR_TOO_LARGE (out too small).
 */
int pl_http_pct_decode(const char *in, size_t len, char *out, size_t out_cap, size_t *out_len,
                       unsigned flags);

/**
 * Looks up key in a query string ("last_seq=12&x=y", without the "?"):
 * the first pair whose decoded name equals key; a pair without "=" has an
 * empty value. Decodes the value ("+" is a space) into out as
 * pl_http_pct_decode() does. Returns 0, PL_ERR_NOT_FOUND, PL_ERR_PARSE
 * (malformed escape in the value or a name) or PL_ERR_TOO_LARGE.
 */
int pl_http_query_get(const char *query, size_t len, const char *key, char *out, size_t out_cap,
                      size_t *out_len);

/* ----------------------------------------------------------------- router */

#define PL_HTTP_ROUTE_MAX_SEGMENTS 16 /* path segments of a pattern or matched path */
#define PL_HTTP_ROUTE_MAX_PARAMS 8    /* {parameters} per pattern */
#define PL_HTTP_PARAM_NAME_MAX 32     /* bytes of a parameter name */
#define PL_HTTP_PARAM_MAX 256         /* decoded bytes of a parameter value */

struct pl_http_match;

/*
 * A route handler. The router only stores it and hands it back in the match:
 * ctx is whatever the caller's dispatcher passes (its request context).
 */
typedef int (*pl_http_handler_fn)(void *ctx, const struct pl_http_match *match, void *ud);

/* The result of pl_http_router_match(); caller-provided, filled without allocation. */
typedef struct pl_http_match {
    int status;                 /* 200 matched, 400, 404 or 405 */
    pl_http_handler_fn handler; /* the matched route's, else NULL */
    void *ud;                   /* the matched route's user data */
    const char *pattern;        /* the matched route's pattern (owned by the router) */
    unsigned allow;             /* 405: bit (1u << method) for every allowed method */
    size_t nparams;
    struct {
        const char *name;                /* owned by the router */
        char value[PL_HTTP_PARAM_MAX + 1]; /* decoded, NUL-terminated */
        size_t len;
    } params[PL_HTTP_ROUTE_MAX_PARAMS];
} pl_http_match_t;

typedef struct pl_http_router pl_http_router_t;

/** Creates an empty router (aborts when out of memory); free with pl_http_router_free(). */
pl_http_router_t *pl_http_router_new(void);

/** Frees r and its routes; NULL is fine. */
void pl_http_router_free(pl_http_router_t *r);

/**
 * Registers handler for method on pattern: "/" then segments separated by
 * "/", each a literal (RFC 3986 pchar, no "%") or a whole-segment parameter
 * "{name}" (name: letters, digits, "_"). The router copies pattern. Returns
 * 0, PL_ERR_INVALID_ARGUMENT (bad method or pattern, too many segments or
 * parameters, a repeated parameter name) or PL_ERR_EXISTS (the same method
 * on the same pattern shape is already registered).
 */
int pl_http_router_add(pl_http_router_t *r, pl_http_method_t method, const char *pattern,
                       pl_http_handler_fn handler, void *ud);

/**
 * Matches a raw (percent-encoded) path. Segments are compared after
 * decoding; a literal segment beats a parameter at the first position where
 * two matching patterns differ; HEAD falls back to GET routes. A parameter
 * binds one non-empty segment whose decoded value fits PL_HTTP_PARAM_MAX and
 * holds no "/". Fills *m (m->status) and returns 0 (200), PL_ERR_NOT_FOUND
 * (404), PL_ERR_UNSUPPORTED (405, m->allow lists the methods) or
 * PL_ERR_PARSE (400: malformed escape or %00 in the path).
 */
int pl_http_router_match(const pl_http_router_t *r, pl_http_method_t method, const char *path,
                         size_t len, pl_http_match_t *m);

/** Returns the decoded value of parameter name in m, or NULL when there is none. */
const char *pl_http_match_param(const pl_http_match_t *m, const char *name);

/**
 * Writes the methods of an allow mask as an Allow value ("GET, HEAD, POST")
 * into out (out_cap bytes, NUL-terminated). Returns the length or
 * PL_ERR_TOO_LARGE.
 */
int pl_http_allow_format(unsigned allow, char *out, size_t out_cap);

/* -------------------------------------------------------- response writer */

/* CORS policy. origins are exact "scheme://host[:port]" strings or "*". */
typedef struct pl_http_cors {
    const char *const *origins; /* allowed origins; "*" allows any */
    size_t norigins;
    const char *methods;        /* preflight Access-Control-Allow-Methods, e.g. "GET, POST" */
    const char *headers;        /* preflight Access-Control-Allow-Headers, e.g. "Content-Type" */
    unsigned max_age;           /* preflight Access-Control-Max-Age in seconds; 0 omits it */
    bool allow_credentials;     /* send Access-Control-Allow-Credentials: true */
} pl_http_cors_t;

/* One extra header field for a response. */
typedef struct pl_http_field {
    const char *name;
    const char *value;
} pl_http_field_t;

/* What pl_http_response_write() writes. Zero-initialise, then set. */
typedef struct pl_http_response {
    int status;                     /* 100..599 */
    pl_http_method_t request_method;/* HEAD: head only, Content-Length kept */
    bool close;                     /* write Connection: close */
    time_t date;                    /* Date header (the caller's clock); 0 omits it */
    const char *content_type;       /* NULL: no Content-Type */
    const char *body;               /* body bytes (not written for HEAD, 1xx, 204, 304) */
    size_t body_len;
    const pl_http_field_t *fields;  /* extra header fields, written in order */
    size_t nfields;
    const pl_http_cors_t *cors;     /* NULL: no CORS headers */
    const char *origin;             /* the request's Origin value, NULL if none */
    size_t origin_len;
} pl_http_response_t;

/**
 * Appends a complete response (status line, Date, Content-Type,
 * Content-Length unless 1xx/204/304, CORS, Connection, extra fields, blank
 * line, body) to out. Returns 0, PL_ERR_INVALID_ARGUMENT (bad status, or a
 * field name or value that is not a token / holds CR, LF or NUL),
 * PL_ERR_TOO_LARGE or PL_ERR_NOMEM (out is then left as it was).
 */
int pl_http_response_write(pl_buf_t *out, const pl_http_response_t *r);

/**
 * Appends the answer to a CORS preflight (OPTIONS with Origin): 204 with
 * Access-Control-Allow-Origin (the origin echoed), -Methods, -Headers,
 * -Max-Age and Vary: Origin when the origin is allowed; 204 with only
 * Vary: Origin otherwise. Same returns as pl_http_response_write().
 */
int pl_http_response_preflight(pl_buf_t *out, const pl_http_cors_t *cors, const char *origin,
                               size_t origin_len, time_t date, bool close);

/** Returns true when origin[0..len) may be echoed under cors. */
bool pl_http_cors_allows(const pl_http_cors_t *cors, const char *origin, size_t len);

/**
 * Appends an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for t.
 * Returns 0, PL_ERR_INVALID_ARGUMENT (t not representable) or the
 * pl_buf_append() errors.
 */
int pl_http_format_date(pl_buf_t *out, time_t t);

/**
 * Appends a JSON error body {"error": "<message>", "status": N}; message is
 * escaped (invalid UTF-8 becomes U+FFFD); NULL uses the reason phrase.
 * Returns 0 or the pl_buf_append() errors (out is then left as it was).
 */
int pl_http_json_error(pl_buf_t *out, int status, const char *message);

#ifdef __cplusplus
}
#endif
#endif
