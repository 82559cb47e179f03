/*
 * parley/search.h - web search for the brains: Tavily's search API
 * (`POST {base}/search`) over pl_httpc, asynchronous on the event loop,
 * with a connect and a total timeout.
 *
 * Request: {"query", "max_results", "search_depth", "include_answer"} as
 * JSON, the key in "Authorization: Bearer <key>" (Tavily's documented
 * form). Response: {"query", "answer", "results": [{"title", "url",
 * "content", "score"}, ...], "response_time", ...}; unknown fields are
 * ignored. The key is read once, from the environment variable named by
 * the configuration; it is only ever put into that header, never logged.
 *
 * A search ends with exactly one callback, on the loop, never from inside
 * pl_search_start() or pl_search_cancel(), and none after a cancel.
 */
#ifndef PARLEY_SEARCH_H
#define PARLEY_SEARCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct event_base;
struct pl_httpc;

typedef struct pl_search pl_search_t;
typedef struct pl_search_req pl_search_req_t;

/* Bytes of a response body read at most (a larger one fails the search). */
#define PL_SEARCH_MAX_BODY (2u * 1024u * 1024u)
/* Bytes of a query sent at most (cut at a code point). */
#define PL_SEARCH_MAX_QUERY 400u
/* Results kept from one response at most. */
#define PL_SEARCH_MAX_RESULTS 20u

typedef struct pl_search_config {
    const char *base_url;     /* NULL or "": https://api.tavily.com */
    const char *api_key_env;  /* NAME of the variable holding the key; NULL or "": TAVILY_API_KEY */
    unsigned max_results;     /* results asked for, 1..20 (5) */
    const char *search_depth; /* "basic" (default) | "advanced" */
    int include_answer;       /* ask the provider for its own short answer (0) */
    double connect_timeout;   /* seconds to connect, TLS included (5) */
    double timeout;           /* seconds for the whole search (10) */
    struct pl_httpc *httpc;   /* a client to share (borrowed); NULL: the search makes its own */
} pl_search_config_t;

/* One web page found. */
typedef struct pl_search_hit {
    char *title;   /* "" when the provider gave none */
    char *url;
    char *content; /* the provider's extract of the page, "" when none */
    double score;  /* the provider's relevance in [0, 1]; 0 when absent */
} pl_search_hit_t;

/* A parsed response; everything owned by it (pl_search_results_free). */
typedef struct pl_search_results {
    char *query;   /* the query the provider ran, or NULL */
    char *answer;  /* the provider's own answer, or NULL */
    pl_search_hit_t *hits;
    size_t n;
} pl_search_results_t;

/**
 * How a search ended. err 0: res holds the results (possibly none), valid
 * during the call only. Otherwise res is NULL, err a pl_err code
 * (PL_ERR_TIMEOUT, PL_ERR_IO, PL_ERR_CLOSED, PL_ERR_FORBIDDEN for 401/403,
 * PL_ERR_LIMIT for 429, PL_ERR_BUSY for 5xx, PL_ERR_PROTOCOL for another
 * status or a malformed body, PL_ERR_TOO_LARGE) and message says why (for
 * the log and, shortened, for a model; it never holds the key).
 */
typedef void (*pl_search_cb)(void *ud, int err, const char *message, const pl_search_results_t *res);

/** Fills the defaults. */
void pl_search_config_init(pl_search_config_t *cfg);

/**
 * Makes a Tavily search client on a loop (owned by the caller:
 * pl_search_free). The key is read now. Returns 0 and sets *out, or
 * PL_ERR_INVALID_ARGUMENT (a bad setting, or the key variable is unset or
 * empty; logged naming the variable).
 */
int pl_search_new(pl_search_t **out, struct event_base *base, const pl_search_config_t *cfg);

/**
 * Frees the client, cancelling searches still running (no callback
 * follows). Not from inside one of its callbacks. NULL is fine.
 */
void pl_search_free(pl_search_t *s);

/**
 * Starts a search for query (cut to PL_SEARCH_MAX_QUERY bytes). Returns 0
 * and sets *out (valid until the callback has returned or pl_search_cancel),
 * or PL_ERR_INVALID_ARGUMENT (empty query) or another pl_err code; no
 * callback follows a failure.
 */
int pl_search_start(pl_search_t *s, const char *query, pl_search_cb cb, void *ud,
                    pl_search_req_t **out);

/** Cancels a search: no callback follows; the request is freed. Not from inside or after its callback. */
void pl_search_cancel(pl_search_req_t *r);

/** Searches running. */
size_t pl_search_active(const pl_search_t *s);

/**
 * Parses a Tavily response body. Results without a url are skipped; at
 * most PL_SEARCH_MAX_RESULTS are kept; a score outside [0, 1] is clamped;
 * every string is valid UTF-8 (sequences the JSON parser lets through, such
 * as overlong forms, are replaced by U+FFFD). Returns 0 and sets *out (owned
 * by the caller: pl_search_results_free), or PL_ERR_PARSE (not JSON,
 * malformed UTF-8 the JSON parser refuses, a NUL byte, not an object, or
 * `results` present but not an array) with a reason in err.
 */
int pl_search_parse(const char *body, size_t len, pl_search_results_t **out, char *err,
                    size_t errlen);

/** Frees parsed results; NULL is fine. */
void pl_search_results_free(pl_search_results_t *r);

/**
 * The results as plain text for a language model: one numbered block per
 * hit ("[1] title\nURL: url\ncontent"), each content cut to per_hit
 * characters, the provider's answer first when present; at most max_chars
 * characters in all (cut at a code point). Owned by the caller (pl_free).
 */
char *pl_search_results_text(const pl_search_results_t *r, size_t per_hit, size_t max_chars);

#ifdef __cplusplus
}
#endif
#endif
