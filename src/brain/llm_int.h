/*
 * llm_int.h - what the LLM brains share (private to src/brain/): the turn
 * machinery of llm.c (one streaming HTTP request per attempt, the SSE
 * parser, retries, the sink, tool rounds, the title request), the prompt
 * helpers of prompt.c (system prompts, history, numbered sources), the
 * tool-call and citation parsers of llm_tools.c, and the provider table
 * each of openai.c and gemini.c fills.
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
/* Tool calls kept from one answer; further ones are ignored (never answered). */
#define LLM_MAX_TOOL_CALLS 4
/* Bytes of one tool call's arguments, id or name at most. */
#define LLM_MAX_TOOL_ARGS (16u * 1024u)
#define LLM_MAX_TOOL_ID 256u
/* Tool rounds (searches, then a completion with their results) per answer at most. */
#define LLM_MAX_TOOL_ROUNDS 2u
/* Numbered sources a prompt may carry at most. */
#define LLM_MAX_SOURCES 16u
/* Characters of a tool result (all search results of one call) sent at most. */
#define LLM_MAX_TOOL_RESULT 6000u
/* Bytes of a title answer read at most, and of the title kept. */
#define LLM_MAX_TITLE_TEXT 1024u
#define LLM_MAX_TITLE 100u

struct event;
typedef struct llm llm_t;

/* One tool call the model asked for, as accumulated from stream fragments. */
typedef struct llm_tool_call {
    int index;        /* the model's index of the call */
    char *id;         /* NULL until a fragment carried it */
    pl_buf_t name;
    pl_buf_t args;    /* the JSON text of the arguments */
} llm_tool_call_t;

/* The tool calls of one answer. */
typedef struct llm_tools {
    llm_tool_call_t calls[LLM_MAX_TOOL_CALLS];
    size_t n;
    size_t dropped;   /* calls past LLM_MAX_TOOL_CALLS, ignored */
    int malformed;    /* a fragment that was not a tool call object, or over a bound */
} llm_tools_t;

/* One message of the prompt; everything owned (llm_msgs_free). */
typedef struct llm_msg {
    const char *role;           /* "user", "assistant", "tool" (static) */
    char *text;
    size_t len;
    llm_tool_call_t *calls;     /* role "assistant": the tool calls it made, or NULL */
    size_t n_calls;
    char *tool_call_id;         /* role "tool": the call this answers */
} llm_msg_t;

/* A numbered source of a prompt ([1] is sources[0]); strings owned. */
typedef struct llm_source {
    int is_document;
    char *document_id, *chunk_id, *filename; /* documents */
    int page_start, page_end;
    char *title;                /* lesson title or file name */
    char *heading;              /* lessons: the section heading, or NULL */
    char *text;
    double score;
} llm_source_t;

/* What a turn is waiting for. */
typedef enum llm_phase {
    LLM_PHASE_ANSWER = 0,  /* a completion streaming to the user */
    LLM_PHASE_SEARCH,      /* the web searches its tool calls asked for */
    LLM_PHASE_TITLE,       /* a title turn: the title completion (collected, never streamed) */
} llm_phase_t;

/* What differs between providers. */
typedef struct llm_provider {
    const char *name;             /* "openai", "gemini" */
    const char *default_base_url;
    const char *default_model;
    const char *default_key_env;
    int key_required;
    /**
     * Fills the turn's url, headers and body for a request: system prompt,
     * messages (trimmed history, then the user message, then any tool
     * round), and the web_search tool when `tools` is set (only providers
     * with supports_tools get it). Returns 0 or a negative pl_err code.
     */
    int (*build)(const llm_t *b, pl_brain_turn_t *t, const char *system, const llm_msg_t *msgs,
                 size_t n, int tools);
    int supports_tools;
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
    /* the conversation, kept for later requests (tool rounds, the title) */
    llm_phase_t phase;
    char *system;
    llm_msg_t *msgs;
    size_t n_msgs, cap_msgs;
    size_t n_base_msgs;     /* history + the user message, before any tool round */
    int req_text;           /* text of the current request reached the sink (no retry then) */
    pl_buf_t answer;        /* every piece sent to the sink */
    size_t round_start;     /* where this request's text starts in answer */
    /* tools */
    int tools_on;           /* the current request offers web_search */
    unsigned rounds;        /* tool rounds done */
    llm_tools_t tools;      /* calls of the current request */
    size_t search_i;        /* the call being searched */
    struct pl_search_req *sreq;
    char **tool_results;    /* one text per call of the round */
    /* retrieval */
    llm_source_t *sources;
    size_t n_sources;
    /* title: the answer turn runs a second, independent turn for it (phase
     * LLM_PHASE_TITLE, parent set) from its start; see llm.c "Titles" */
    pl_brain_turn_t *title_turn;  /* the title request still running, or NULL */
    pl_brain_turn_t *parent;      /* in a title turn: the answer's turn */
    char *title;                  /* the tidied title once it arrived (owned), or NULL */
    struct event *grace_timer;    /* the answer is complete and waits for the title */
    pl_buf_t title_text;          /* in a title turn: the reply collected */
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
/* ---- openai.c: the fast reading of a chat.completion.chunk ---- */

/* Nesting the fast reading follows at most; deeper chunks go to yajl. */
#define LLM_DELTA_MAX_DEPTH 32
/* Bytes of a decoded (escaped) content the fast reading holds; longer ones go to yajl. */
#define LLM_DELTA_MAX_TEXT 2048u

/* What llm_openai_delta() read; valid while the data and this struct are. */
typedef struct llm_delta {
    const char *content;       /* choices[0].delta.content (a string), or NULL */
    size_t content_len;        /* never holds a NUL byte; strict UTF-8 */
    const char *finish_reason; /* choices[0].finish_reason (a string, NUL-terminated), or NULL */
    char text[LLM_DELTA_MAX_TEXT]; /* storage of a content that had escapes */
    char reason[64];               /* storage of the finish reason */
} llm_delta_t;

/**
 * Reads the common shape of a chat.completion.chunk without a tree or an
 * allocation. Returns 1 when it took the data (out says what it holds,
 * exactly as the yajl_tree reading would), 0 when the data must go to the
 * general reading: not strict JSON, not an object, an "error" member,
 * non-null delta.tool_calls, a key of interest twice or with escapes,
 * \u0000 or an unpaired surrogate in a string read, deeper than
 * LLM_DELTA_MAX_DEPTH, or a decoded text past its storage.
 */
int llm_openai_delta(const char *data, size_t len, llm_delta_t *out);

/* ---- llm_tools.c: tool-call fragments, the web_search arguments, [n] markers ---- */

/** Empties an accumulator (frees what it holds). */
void llm_tools_reset(llm_tools_t *a);
/**
 * Adds the fragments of one streamed `delta.tool_calls` array (OpenAI:
 * [{index, id?, type?, function: {name?, arguments?}}]): an index seen for
 * the first time opens a call, later fragments append to its name and
 * arguments. Bounded: LLM_MAX_TOOL_CALLS calls, LLM_MAX_TOOL_ARGS bytes.
 * Returns 0, or PL_ERR_PROTOCOL when an element is malformed (it is skipped
 * and a->malformed set) or PL_ERR_TOO_LARGE past a bound.
 */
int llm_tools_add(llm_tools_t *a, yajl_val tool_calls);
/**
 * Feeds one SSE data payload (a chat.completion.chunk) to the accumulator:
 * its choices[0].delta.tool_calls, if any. Returns what llm_tools_add
 * does, 0 when there is none, or PL_ERR_PARSE when data is not a JSON
 * object. (The fuzz harness drives the accumulator through this.)
 */
int llm_tools_feed(llm_tools_t *a, const char *data, size_t len);
/**
 * The query of web_search arguments ({"query": "..."}; a bare JSON string
 * is taken as the query too). Returns 0 and sets *query (owned by the
 * caller), or PL_ERR_PARSE.
 */
int llm_tool_query(const char *args, size_t len, char **query);
/**
 * Finds the source markers an answer uses: "[2]", "[1, 3]", "[1-3]",
 * "[Source 2]", "[2][3]"; numbers outside 1..n_sources are ignored. Writes
 * the distinct numbers in order of first use to out (at most max) and
 * returns how many.
 */
size_t llm_cited(const char *text, size_t len, size_t n_sources, unsigned *out, size_t max);
/** Copies a tool call (owned by the caller: llm_tool_call_free). */
void llm_tool_call_copy(llm_tool_call_t *dst, const llm_tool_call_t *src);
/** Frees what a tool call holds. */
void llm_tool_call_free(llm_tool_call_t *c);

/* ---- prompt.c ---- */

/**
 * The messages to send: the request's history trimmed to budget characters
 * (newest kept; the oldest kept one may be cut at a code point, marked with
 * "…"), empty ones skipped, then the user message. *out owned by the caller
 * (llm_msgs_free). Returns the count.
 */
size_t llm_prompt_messages(const pl_brain_request_t *req, size_t budget, llm_msg_t **out);
/** Frees what llm_prompt_messages made (and messages added to it). */
void llm_msgs_free(llm_msg_t *msgs, size_t n);
/**
 * Appends the numbered sources block to a system prompt (the texts of
 * docs/prompts.md "Sources"): the sources with their numbers and the
 * instruction to cite them as [n], or, with none, the line saying no
 * passage matched.
 */
void llm_prompt_sources(pl_buf_t *system, const llm_source_t *src, size_t n, size_t max_chars);
/** Appends the web_search tool instruction to a system prompt (docs/prompts.md "Web search"). */
void llm_prompt_tools(pl_buf_t *system);
/** The system prompt of the title request (docs/prompts.md "Titles"). */
extern const char llm_title_system[];
/**
 * The user message of the title request, sent while the answer is still
 * being written: the student's first message (cut), the topic when there
 * is one (may be NULL or ""), then the instruction. Owned by the caller
 * (pl_free).
 */
char *llm_title_request(const char *question, size_t question_len, const char *topic);
/**
 * Tidies a model's title: its first non-empty line, without a "Title:"
 * label, quotes, markdown marks or final punctuation, white space
 * collapsed, at most 6 words and LLM_MAX_TITLE bytes (cut at a code point).
 * Returns NULL when nothing is left. Owned by the caller (pl_free).
 */
char *llm_title_clean(const char *text, size_t len);
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
