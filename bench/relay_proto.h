/*
 * relay_proto.h - the provider-relay benchmark's wire pieces, no I/O: the
 * send-time stamps the fake provider (fakellm.c) puts in every delta and
 * the load generator reads back out of stream_chunk texts, and the client
 * side of an OpenAI-compatible streaming answer as the load generator's
 * direct reference reads it (relay.c): the request, an incremental HTTP/1.1
 * response reader (Content-Length, chunked, or to the end of the
 * connection), an incremental Server-Sent Events parser, and the parser of
 * one chat.completion.chunk; and the fake provider's side: the parser of a
 * request head and the writer of one chat.completion.chunk event. Private
 * to bench/.
 */
#ifndef PARLEY_BENCH_RELAY_PROTO_H
#define PARLEY_BENCH_RELAY_PROTO_H

#include <stddef.h>
#include <stdint.h>

/* Longest stamp written: "t=" + 20 digits + " ". */
#define LG_STAMP_MAX 24
/* Longest response head accepted, blank line included. */
#define LG_RELAY_MAX_HEAD 8192
/* Longest chunk-size line or trailer line. */
#define LG_RELAY_MAX_LINE 1024
/* Longest SSE line, and the most data one event may gather. */
#define LG_RELAY_MAX_SSE (1024u * 1024u)
/* Longest "event:" type kept; longer ones are refused. */
#define LG_RELAY_MAX_EVENT_TYPE 64
/* Longest request path the fake provider accepts. */
#define LG_RELAY_MAX_PATH 512

/**
 * Writes the stamp of a send time, "t=<us> " (CLOCK_MONOTONIC microseconds),
 * NUL-terminated, into out. Returns its length, or -1 when cap is too small.
 */
int lg_stamp_format(char *out, size_t cap, uint64_t us);

/**
 * Reads every stamp out of a text: "t=" at the start of the text or after
 * white space, then 1 to 19 digits, then a space or the end of the text.
 * Fills up to max values (in order) and returns how many stamps the text
 * holds (which may exceed max), or PL_ERR_PARSE when a "t=" at a word start
 * is not followed by such digits (the text was cut or mangled on its way).
 */
int lg_stamp_parse(const char *text, size_t len, uint64_t *out, size_t max);

/**
 * Writes the POST {path} request of a streamed chat completion ("stream":
 * true, model, one user message with text, JSON-escaped), HTTP/1.1 with
 * keep-alive, into out, NUL-terminated. Returns its length,
 * PL_ERR_INVALID_ARGUMENT (a path not starting with '/' or holding spaces
 * or control characters, a host with them) or PL_ERR_TOO_LARGE.
 */
int lg_relay_build_request(char *out, size_t cap, const char *host, int port, const char *path,
                           const char *model, const char *text);

/* Where a response reader is. */
typedef enum lg_relay_hstate {
    LG_RELAY_H_HEAD = 0,   /* reading the status line and headers */
    LG_RELAY_H_LENGTH,     /* a body of known length */
    LG_RELAY_H_CHUNK_SIZE, /* a chunk-size line */
    LG_RELAY_H_CHUNK_DATA, /* inside a chunk */
    LG_RELAY_H_CHUNK_CRLF, /* the CRLF after a chunk */
    LG_RELAY_H_TRAILER,    /* trailer lines after the last chunk */
    LG_RELAY_H_TO_EOF,     /* a body delimited by the end of the connection */
    LG_RELAY_H_DONE,       /* the response is complete */
} lg_relay_hstate_t;

/* An incremental reader of one HTTP/1.x response; no allocation. */
typedef struct lg_relay_http {
    lg_relay_hstate_t state;
    char head[LG_RELAY_MAX_HEAD];
    size_t head_len;
    char line[LG_RELAY_MAX_LINE];
    size_t line_len;
    int status;
    int close;            /* Connection: close, HTTP/1.0 or a body to EOF: no reuse */
    uint64_t remaining;   /* LENGTH / CHUNK_DATA: body bytes left */
    uint64_t body_bytes;  /* body bytes delivered so far */
} lg_relay_http_t;

/* Receives body bytes; returns 0 to go on, anything else to stop the feed. */
typedef int (*lg_relay_body_fn)(void *ud, const char *data, size_t len);

/** Prepares h for a new response (also between responses on one connection). Returns nothing. */
void lg_relay_http_init(lg_relay_http_t *h);

/**
 * Feeds len bytes of the connection to h, passing the body (de-chunked) to
 * on_body as it comes. Stops at the end of the response: bytes after it
 * belong to the next one. Returns the bytes used (all of them unless the
 * response ended), or PL_ERR_PARSE (malformed: status line, header, chunk
 * size, a coding other than chunked, conflicting lengths),
 * PL_ERR_TOO_LARGE (head or a line past its cap), PL_ERR_CALLBACK_FAILURE
 * (on_body returned non-zero). After an error h must be initialised again.
 */
long lg_relay_http_feed(lg_relay_http_t *h, const char *data, size_t len, lg_relay_body_fn on_body,
                        void *ud);

/**
 * The connection ended. Returns 0 when that completes the response (a body
 * delimited by the end of the connection, or a response already done), or
 * PL_ERR_INCOMPLETE when it was cut short.
 */
int lg_relay_http_eof(lg_relay_http_t *h);

/* An incremental Server-Sent Events parser (the WHATWG rules: lines end in
 * CR, LF or CRLF; "data:" lines gather, a blank line dispatches; comments
 * and unknown fields are skipped). Owns its buffers: lg_relay_sse_free(). */
typedef struct lg_relay_sse {
    char *line;
    size_t line_len, line_cap;
    char *data;
    size_t data_len, data_cap;
    int has_data;     /* a data: line came since the last dispatch */
    int after_cr;     /* the last byte was CR (an LF right after it is skipped) */
    char type[LG_RELAY_MAX_EVENT_TYPE + 1];
} lg_relay_sse_t;

/* Receives one event: its type ("message" unless an event: field said
 * otherwise) and its data (NUL-terminated). Returns 0 to go on. */
typedef int (*lg_relay_event_fn)(void *ud, const char *type, const char *data, size_t len);

/** Prepares s. Returns nothing. */
void lg_relay_sse_init(lg_relay_sse_t *s);

/** Frees s's buffers; s may be initialised again. Returns nothing. */
void lg_relay_sse_free(lg_relay_sse_t *s);

/**
 * Feeds bytes of the event stream, calling on_event for every complete
 * event with data. Returns 0, PL_ERR_TOO_LARGE (a line or an event's data
 * past LG_RELAY_MAX_SSE, or an event type past its cap), PL_ERR_NOMEM, or
 * PL_ERR_CALLBACK_FAILURE (on_event returned non-zero).
 */
int lg_relay_sse_feed(lg_relay_sse_t *s, const char *data, size_t len, lg_relay_event_fn on_event,
                      void *ud);

/* What one chat.completion.chunk said (lg_relay_parse_delta). */
enum {
    LG_RELAY_DELTA = 0,    /* a chunk: content (maybe empty), maybe a finish reason */
    LG_RELAY_DELTA_DONE,   /* "data: [DONE]" */
};

/**
 * Parses one event's data: "[DONE]", or a JSON object whose
 * choices[0].delta.content (a string, or absent) is copied NUL-terminated
 * into content (at most cap - 1 bytes) and whose choices[0].finish_reason
 * (a string) sets *finished. Returns LG_RELAY_DELTA or LG_RELAY_DELTA_DONE,
 * PL_ERR_PARSE (not JSON), PL_ERR_SCHEMA (not an object, no choices array,
 * a content that is not a string), PL_ERR_PROTOCOL (an "error" object in
 * place of a chunk), PL_ERR_TOO_LARGE (content past cap - 1).
 */
int lg_relay_parse_delta(const char *data, size_t len, char *content, size_t cap,
                         size_t *content_len, int *finished);

/* A request head as the fake provider reads it. */
typedef struct lg_relay_request {
    char method[16];
    char path[LG_RELAY_MAX_PATH + 1]; /* the target as sent, query included */
    uint64_t content_length;          /* 0 when absent */
    int keep_alive;                   /* HTTP/1.1 without Connection: close, or 1.0 with keep-alive */
    int expect_continue;              /* Expect: 100-continue */
} lg_relay_request_t;

/**
 * Parses a request head: the request line (METHOD SP origin-form SP
 * HTTP/1.0 or HTTP/1.1), then header lines, through the blank line (len
 * bytes, ending in CRLFCRLF; bare LFs are refused). Returns 0,
 * PL_ERR_PARSE (malformed, a repeated Content-Length that differs, an
 * Expect other than 100-continue), PL_ERR_TOO_LARGE (method or path past
 * its cap, a Content-Length of more than 15 digits) or PL_ERR_UNSUPPORTED
 * (a Transfer-Encoding: the fake reads bodies by length only).
 */
int lg_relay_parse_request(const char *head, size_t len, lg_relay_request_t *r);

/**
 * Writes one chat.completion.chunk as an SSE event, "data: {...}\n\n",
 * NUL-terminated: choices[0].delta.content = content (NULL: a delta with
 * only the role), finish_reason = finish (NULL: null). Returns its length,
 * or PL_ERR_TOO_LARGE.
 */
int lg_relay_format_event(char *out, size_t cap, const char *model, const char *content,
                          const char *finish);

#endif
