/*
 * llm_int.h - what the LLM brains share (private to src/brain/): the turn
 * machinery of llm.c (one streaming HTTP request per attempt, the SSE
 * parser, retries, the sink), the prompt helpers of prompt.c, and the
 * provider table each of openai.c and gemini.c fills.
 */
#ifndef PARLEY_BRAIN_LLM_INT_H
#define PARLEY_BRAIN_LLM_INT_H

#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "parley/brain.h"
#include "parley/httpc.h"
#include "parley/mem.h"
#include "parley/sse.h"

/* Bytes of a non-2xx response body kept for its error message. */
#define LLM_MAX_ERROR_BODY (64u * 1024u)
/* Characters of a provider's error message passed on to the user. */
#define LLM_MAX_ERROR_TEXT 300u
/* Headers a provider may add (NULL-terminated list in the turn). */
#define LLM_MAX_HEADERS 6

struct event;
typedef struct llm llm_t;

/* One message of the prompt (role "user" or "assistant"); text owned. */
typedef struct llm_msg {
    const char *role;
    char *text;
    size_t len;
} llm_msg_t;

/* What differs between providers. */
typedef struct llm_provider {
    const char *name;             /* "openai", "gemini" */
    const char *default_base_url;
    const char *default_model;
    const char *default_key_env;
    int key_required;
    /**
     * Fills the turn's url, headers and body for a request: system prompt,
     * messages (trimmed history, then the user message). Returns 0 or a
     * negative pl_err code.
     */
    int (*build)(const llm_t *b, pl_brain_turn_t *t, const char *system, const llm_msg_t *msgs,
                 size_t n);
    /**
     * One SSE event of a 2xx response. Text goes out through llm_emit();
     * the end through llm_finish(); a failure through llm_fail().
     */
    void (*on_event)(pl_brain_turn_t *t, const pl_sse_event_t *ev);
} llm_provider_t;

struct llm {
    pl_brain_t base;
    const llm_provider_t *prov;
    pl_httpc_t *httpc;
    int own_httpc;
    char *base_url;  /* no trailing '/' */
    char *model;
    char *api_key;   /* NULL when none; never logged */
    char *key_env;
    pl_brain_llm_config_t cfg; /* strings above, not these */
    uint64_t rng;
};

struct pl_brain_turn {
    llm_t *b;
    const pl_brain_sink_t *sink;
    void *ud;
    /* the request, built once for every attempt */
    char *url;
    char *headers[LLM_MAX_HEADERS + 1];
    size_t n_headers;
    char *body;
    size_t body_len;
    /* the current attempt */
    pl_httpc_req_t *req;
    pl_sse_parser_t *sse;
    struct event *retry_timer;
    unsigned attempt;       /* attempts started */
    long status;            /* HTTP status of the current attempt */
    int streaming;          /* the current response is 2xx: its body is SSE */
    pl_buf_t errbody;       /* a non-2xx body, bounded */
    /* the answer */
    int got_text;           /* a chunk reached the sink */
    int finished;           /* the provider said the answer is complete */
    char *finish_reason;
    int fail_code;          /* an error found in the stream (0: none) */
    char *fail_msg;
    pl_buf_t scratch;       /* UTF-8 repairs */
    /* re-entrancy: the sink may cancel from inside on_chunk */
    int depth;
    int cancelled;
};

/* ---- llm.c ---- */

/** Makes a brain for a provider (see pl_brain_openai_new). */
int llm_brain_new(pl_brain_t **out, struct event_base *base, const llm_provider_t *prov,
                  const pl_brain_llm_config_t *cfg);
/** Adds "Name: value" to the turn's headers (copied). */
void llm_add_header(pl_brain_turn_t *t, const char *name, const char *value);
/**
 * Sends a piece of the answer to the sink (invalid UTF-8 is replaced by
 * U+FFFD; empty text is skipped). Returns 0, or -1 when the turn was
 * cancelled meanwhile (stop reading).
 */
int llm_emit(pl_brain_turn_t *t, const char *text, size_t len);
/** The provider says the answer is complete; reason may be NULL. */
void llm_finish(pl_brain_turn_t *t, const char *reason);
/** The answer failed (the first failure wins); message is for the user. */
void llm_fail(pl_brain_turn_t *t, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Copies a provider's error message (trimmed, bounded, never cut inside UTF-8) into out. */
void llm_error_text(const char *msg, char *out, size_t cap);
/** The message of a provider error JSON ({"error":{"message":...}} or [that]) or NULL. */
const char *llm_error_message(yajl_val root);

/* ---- prompt.c ---- */

/**
 * The messages to send: the request's history trimmed to budget characters
 * (newest kept; the oldest kept one may be cut at a code point, marked with
 * "…"), empty ones skipped, then the user message. *out owned by the caller
 * (llm_msgs_free). Returns the count.
 */
size_t llm_prompt_messages(const pl_brain_request_t *req, size_t budget, llm_msg_t **out);
/** Frees what llm_prompt_messages made. */
void llm_msgs_free(llm_msg_t *msgs, size_t n);
/** Code points in s[0..n). */
size_t llm_utf8_chars(const char *s, size_t n);
/** Appends s[0..n) to out with every invalid UTF-8 sequence replaced by U+FFFD. */
int llm_utf8_repair(pl_buf_t *out, const char *s, size_t n);
/** True when s[0..n) is valid UTF-8. */
int llm_utf8_valid(const char *s, size_t n);

/* yajl_gen helpers */
void llm_gen_str(yajl_gen g, const char *s);
void llm_gen_strn(yajl_gen g, const char *s, size_t n);
/** Copies the generated text into *body (owned by the caller). */
void llm_gen_take(yajl_gen g, char **body, size_t *len);

#endif
