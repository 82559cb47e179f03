/*
 * parley/brain.h - the streaming interface every answer source implements.
 *
 * A brain produces one answer per turn: start() → chunk … → done | error.
 * Brains run on the event loop and never block it: an HTTP provider drives
 * its transfer from loop callbacks, an offline tutor either answers fast or
 * uses a worker and posts back. Callbacks into the sink always come from
 * the loop, never from inside start() or cancel() (no re-entrancy), and
 * none comes after cancel() returned or after done/error.
 *
 * Backends: `canned` (this file's companion brain_canned.c: a fixed text in
 * N chunks, for tests and benchmarks only); the offline lessons tutor and
 * LLM providers implement the same ops.
 */
#ifndef PARLEY_BRAIN_H
#define PARLEY_BRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "parley/kb.h"
#include "parley/search.h"

#ifdef __cplusplus
extern "C" {
#endif

struct event_base;

typedef struct pl_brain pl_brain_t;
typedef struct pl_brain_turn pl_brain_turn_t;

/* One earlier message of the conversation, oldest first. */
typedef struct pl_brain_history {
    const char *role;     /* "user" | "assistant" */
    const char *content;
    size_t len;
} pl_brain_history_t;

/* What a turn is asked. Everything is borrowed for the duration of start(). */
typedef struct pl_brain_request {
    const char *dialect;          /* "tutor", "teach", "improv", "studymate", "audio" */
    const char *conversation_id;
    const char *user_id;
    const char *input;            /* the user's message */
    size_t input_len;
    const pl_brain_history_t *history;
    size_t n_history;
    const char *personality;      /* may be NULL */
    const char *session_type;     /* may be NULL */
    const char *topic;            /* may be NULL */
    int use_documents;            /* RAG dialects: the user's documents may be cited */
    const char *conversation_title; /* the conversation's current title; NULL or "": none */
} pl_brain_request_t;

/* The end of a successful turn: what the dialects may show besides the text. */
typedef struct pl_brain_result {
    const char *mode;             /* "teaching", "answering", ... or NULL */
    const char *current_topic;    /* NULL when none */
    const char *title;            /* a title the brain suggests, or NULL */
    const char *citations_json;   /* JSON array of seed 003 citations, or NULL */
} pl_brain_result_t;

/* Where a turn's output goes; all run on the loop. */
typedef struct pl_brain_sink {
    /** A piece of the answer (valid UTF-8, never split inside a code point). */
    void (*on_chunk)(void *ud, const char *text, size_t len);
    /** The answer is complete; r's strings are valid during the call. */
    void (*on_done)(void *ud, const pl_brain_result_t *r);
    /** The turn failed; message is for the user. */
    void (*on_error)(void *ud, int code, const char *message);
} pl_brain_sink_t;

typedef struct pl_brain_ops {
    const char *name;
    /**
     * Starts a turn. Returns 0 and sets *turn (owned by the brain until
     * done/error has been delivered or cancel() returned), or a negative
     * pl_err code (no callback follows).
     */
    int (*start)(pl_brain_t *b, const pl_brain_request_t *req, const pl_brain_sink_t *sink,
                 void *sink_ud, pl_brain_turn_t **turn);
    /** Stops a turn at once; no callback follows; the turn is freed. */
    void (*cancel)(pl_brain_turn_t *turn);
    /** Frees the brain; every turn must have ended or been cancelled. */
    void (*destroy)(pl_brain_t *b);
} pl_brain_ops_t;

/* The common head of every brain; backends embed it first. */
struct pl_brain {
    const pl_brain_ops_t *ops;
    struct event_base *base;
};

/** Starts a turn (see pl_brain_ops_t.start). */
static inline int pl_brain_start(pl_brain_t *b, const pl_brain_request_t *req,
                                 const pl_brain_sink_t *sink, void *ud, pl_brain_turn_t **turn)
{
    return b->ops->start(b, req, sink, ud, turn);
}

/** Cancels a turn (see pl_brain_ops_t.cancel). */
void pl_brain_cancel(pl_brain_t *b, pl_brain_turn_t *turn);
/** Destroys a brain; NULL is fine. */
void pl_brain_free(pl_brain_t *b);

/* ---- canned ---- */

/** The default canned text (also used by the benchmark references). */
extern const char pl_brain_canned_text[];

typedef struct pl_brain_canned_config {
    const char *text;        /* NULL: pl_brain_canned_text */
    unsigned chunks;         /* N chunks, split evenly by code points (default 20) */
    double chunk_delay;      /* seconds between chunks (0: all in one loop turn) */
    const char *fail_prefix; /* inputs starting with this fail the turn (tests); NULL: never */
} pl_brain_canned_config_t;

/** Fills the defaults. */
void pl_brain_canned_config_init(pl_brain_canned_config_t *cfg);

/**
 * Makes the canned brain: streams cfg->text in cfg->chunks pieces. For tests
 * and benchmarks, never presented as a tutor. Returns 0 and sets *out, or
 * PL_ERR_INVALID_ARGUMENT.
 */
int pl_brain_canned_new(pl_brain_t **out, struct event_base *base,
                        const pl_brain_canned_config_t *cfg);

/* ---- lessons: the offline tutor over the knowledge base (docs/brains.md) ---- */

typedef struct pl_brain_lessons_config {
    unsigned words_per_chunk;  /* words per streamed chunk (default 4) */
    double chunk_delay;        /* seconds between chunks (0: one chunk per loop turn) */
    double min_score;          /* best passage below this: "not covered" (default 0.45) */
    double teach_min_score;    /* topic match needed to start a lesson (default 0.5) */
    size_t max_conversations;  /* states kept (default 10000); an evicted one is rebuilt
                                  from the request's history when it comes back */
    struct pl_search *search;  /* web search (borrowed, must outlive the brain): a tutor-dialect
                                  question the lessons do not cover is answered from the
                                  results, labelled as from the web; NULL (default): off */
} pl_brain_lessons_config_t;

/** Fills the defaults. */
void pl_brain_lessons_config_init(pl_brain_lessons_config_t *cfg);

/**
 * Makes the lessons brain: teaches the kb's lessons section by section,
 * quizzes, and answers questions extractively from the kb (lessons, and the
 * user's documents when the request has use_documents). kb is borrowed and
 * must outlive the brain. Returns 0 and sets *out, or PL_ERR_INVALID_ARGUMENT.
 */
int pl_brain_lessons_new(pl_brain_t **out, struct event_base *base, pl_kb_t *kb,
                         const pl_brain_lessons_config_t *cfg);

/* ---- LLM providers: openai (any OpenAI-compatible /chat/completions) and gemini ---- */

struct pl_httpc;

typedef struct pl_brain_llm_config {
    const char *base_url;      /* NULL or "": the provider's public endpoint */
    const char *model;         /* NULL or "": the provider's default model */
    const char *api_key_env;   /* NAME of the environment variable holding the key;
                                  NULL or "": OPENAI_API_KEY | GEMINI_API_KEY */
    double connect_timeout;    /* seconds to connect, TLS included (10) */
    double first_byte_timeout; /* seconds from the request to the first byte of the answer (60) */
    double idle_timeout;       /* seconds of silence allowed inside an answer (30) */
    double total_timeout;      /* seconds one attempt may take (300) */
    unsigned retries;          /* attempts after the first on a connection failure, 429 or 5xx,
                                  only before any text was streamed (2) */
    double backoff_initial;    /* seconds before the first retry, doubling, with jitter (0.5) */
    double backoff_max;        /* longest wait before a retry; a longer Retry-After fails
                                  the turn at once (30) */
    size_t history_chars;      /* characters of earlier messages sent, newest kept (12000) */
    struct pl_httpc *httpc;    /* a client to share (borrowed); NULL: the brain makes its own */
    /* retrieval (docs/brains.md "Retrieval and citations") */
    pl_kb_t *kb;               /* searched for requests with use_documents (borrowed, must outlive
                                  the brain); NULL (default): no retrieval */
    unsigned rag_passages;     /* numbered sources put into the prompt at most (5) */
    double rag_min_score;      /* passages scoring below this are left out (0.15) */
    size_t rag_chars;          /* characters of one passage sent at most (1500) */
    /* web search as a tool (openai brain, tutor dialect; docs/brains.md "Web search") */
    struct pl_search *search;  /* borrowed, must outlive the brain; NULL (default): no tool */
    unsigned max_tool_rounds;  /* searches-then-completion rounds per answer, 1..2 (2) */
    /* titles */
    int titles;                /* on a conversation's first exchange, when it has no title yet,
                                  ask the model for a title (result->title) in parallel with
                                  the answer; 0 (default): off */
    double title_timeout;      /* seconds the title request may take in all (10) */
    double title_grace;        /* seconds the end of a first answer waits for a title still
                                  on its way; then the turn ends without one (0.5) */
} pl_brain_llm_config_t;

/** Fills the defaults. */
void pl_brain_llm_config_init(pl_brain_llm_config_t *cfg);

/**
 * Makes the OpenAI-compatible brain: POST {base_url}/chat/completions with
 * `stream: true` (OpenAI, Ollama, llama.cpp, vLLM, ...). The key is read now
 * from the variable named by api_key_env; without one no Authorization
 * header is sent (local servers need none). Returns 0 and sets *out, or
 * PL_ERR_INVALID_ARGUMENT (a bad setting).
 */
int pl_brain_openai_new(pl_brain_t **out, struct event_base *base, const pl_brain_llm_config_t *cfg);

/**
 * Makes the Gemini brain: POST {base_url}/models/{model}:streamGenerateContent?alt=sse
 * with the key in x-goog-api-key. Returns 0 and sets *out, or
 * PL_ERR_INVALID_ARGUMENT (a bad setting, or the key variable is unset or empty).
 */
int pl_brain_gemini_new(pl_brain_t **out, struct event_base *base, const pl_brain_llm_config_t *cfg);

/**
 * The system prompt the LLM brains send for a dialect, a personality (may
 * be NULL) and a topic (may be NULL); see docs/prompts.md. Owned by the
 * caller (pl_free).
 */
char *pl_brain_system_prompt(const char *dialect, const char *personality, const char *topic);

#ifdef __cplusplus
}
#endif
#endif
