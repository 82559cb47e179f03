/*
 * improv_int.h - internals of the ImprovToday dialect (seed 002) shared by
 * improv.c (WebSocket, v2 and legacy REST, the engine serializer) and
 * improv_test_api.c (the /api/test/... endpoints). Not part of the public
 * API (include/parley/dialects.h has that).
 *
 * Answers and the user turns they answer. The engine answers a
 * conversation's user messages in order and tells the dialect about each
 * (the acknowledgement, then the answer's end) without saying which answer
 * belongs to which message. The dialect keeps, per conversation, the turns
 * acknowledged and not yet answered (their feedback and, for REST callers,
 * a ticket). When an answer ends, the engine's queue length says how many
 * of those turns are still waiting, so the one answered is the one just
 * before them; turns older than it ended without an answer (their waiter
 * learns why). A turn whose exchange ends without any answer (the brain
 * failed or was stopped before its first chunk, a reset) is settled when
 * the machine reaches IDLE, WAITING_FOR_USER, ERROR or ENDED.
 */
#ifndef PL_IMPROV_INT_H
#define PL_IMPROV_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parley/dialects.h"
#include "parley/engine.h"
#include "parley/server.h"
#include "parley/store.h"
#include "schemas/pl_msg_common.h"

#include <yajl/yajl_gen.h>

#ifdef __cplusplus
extern "C" {
#endif

struct event;

/* Assistant message ids: this prefix, then "<seconds>.<milliseconds>". */
#define PL_IMPROV_REPLY_PREFIX "ai_response_"
/* User id the seed's conversations are stored under (the seed has no users). */
#define PL_IMPROV_USER "anonymous"
/* Turns kept per conversation while they wait for their answer. */
#define PL_IMPROV_MAX_TURNS 64
/* Most exchanges one stress test runs. */
#define PL_IMPROV_STRESS_MAX 1000
/* Stress tests running at once. */
#define PL_IMPROV_STRESS_CONCURRENT 4
/* Interim steps of a simulated utterance at most, and the pause between them (s). */
#define PL_IMPROV_SPEECH_STEPS_MAX 20
#define PL_IMPROV_SPEECH_STEP_SECONDS 0.05

/* How a waited-for turn ended. */
typedef enum pl_improv_outcome {
    PL_IMPROV_ANSWERED = 0, /* the answer is complete */
    PL_IMPROV_FAILED,       /* the brain failed */
    PL_IMPROV_STOPPED,      /* stopped, reset or ended before the answer completed */
    PL_IMPROV_LOST,         /* the turn's exchange ended without a trace of its answer */
    PL_IMPROV_STORE_FAILED, /* the message could not be saved */
    PL_IMPROV_TIMED_OUT,    /* no answer within the answer timeout */
} pl_improv_outcome_t;

/* What a waiter receives. Strings are valid during the callback only. */
typedef struct pl_improv_answer {
    pl_improv_outcome_t outcome;
    const char *conversation_id;
    const char *message_id;     /* ANSWERED: the AI message */
    const char *content;        /* ANSWERED: its text */
    size_t len;
    const pl_feedback_t *fb;    /* feedback on the user's turn (always set) */
    pl_conv_state_t state;      /* ANSWERED: the state the answer left the conversation in */
    double seconds;             /* from submission to the outcome */
} pl_improv_answer_t;

typedef void (*pl_improv_answer_fn)(pl_improv_t *im, const pl_improv_answer_t *a, void *ud);

/* A user turn acknowledged and not yet answered. */
typedef struct pl_improv_turn {
    pl_feedback_t fb;
    uint64_t ticket; /* the waiter's, 0 when nobody waits */
} pl_improv_turn_t;

typedef struct pl_improv_sock pl_improv_sock_t;

/* What the dialect keeps about one conversation (while it has something to keep). */
typedef struct pl_improv_conv {
    pl_improv_t *im;
    struct pl_improv_conv *hnext;
    char id[PL_STORE_ID_MAX + 1];
    pl_improv_turn_t turns[PL_IMPROV_MAX_TURNS];
    size_t n_turns;
    size_t n_socks;
    char *interim;               /* the last interim transcript relayed, or NULL */
    pl_feedback_t last_fb;       /* of the last turn acknowledged */
    int has_last_fb;
    int turn_input;              /* a user message was accepted since the turn began (LISTENING) */
    unsigned processing_epoch;   /* times the conversation entered PROCESSING */
    unsigned timer_epoch;        /* the epoch the transcript timer watches */
    struct event *input_timer;   /* speech_end waiting for its final transcript */
    int input_timer_armed;
    struct event *end_timer;     /* closing the sockets of an ended conversation */
    int end_timer_armed;
    int jobs;                    /* test jobs (speech, delayed messages) using it */
} pl_improv_conv_t;

/* A waiter: someone (a REST request, a test job) wants a turn's answer. */
typedef struct pl_improv_waiter {
    struct pl_improv_waiter *prev, *next;
    pl_improv_t *im;
    uint64_t ticket;
    char conv_id[PL_STORE_ID_MAX + 1];
    int committed;               /* its acknowledgement was seen */
    int done;                    /* the outcome is recorded; the callback is scheduled */
    struct event *timer;         /* the answer timeout, then the deferred callback */
    struct timespec started;
    pl_improv_answer_fn fn;
    void *ud;
    /* the recorded outcome */
    pl_improv_outcome_t outcome;
    char *message_id, *content;
    size_t len;
    pl_feedback_t fb;
    pl_conv_state_t state;
} pl_improv_waiter_t;

typedef struct pl_improv_job pl_improv_job_t;

struct pl_improv {
    pl_engine_t *engine;
    pl_server_t *srv;
    pl_store_t *store;
    struct event_base *base;
    pl_dialect_t dialect;
    pl_improv_config_t cfg;
    double rate, burst;          /* WebSocket messages per second per socket */
    pl_improv_conv_t **buckets;
    size_t n_buckets, n_convs;
    pl_improv_sock_t *socks;     /* every open socket */
    size_t n_socks;
    uint64_t next_sock_id;
    pl_improv_waiter_t *waiters;
    size_t n_waiters;
    uint64_t next_ticket;
    pl_improv_job_t *jobs;       /* test jobs in flight */
    size_t n_stress;             /* stress tests running */
    int in_request;              /* inside pl_engine_request_state for a client */
    /* Replays from the store: feedback of replayed user turns not yet answered. */
    const pl_conv_t *replay_conv;
    pl_feedback_t replay_fb[PL_IMPROV_MAX_TURNS];
    size_t replay_n;
    int64_t started_ms;
    struct timespec started_mono;
    /* counters for /api/test/system-status */
    uint64_t n_ws_messages, n_ws_errors, n_relayed, n_turns_submitted, n_answers;
};

/* ---- improv.c: shared machinery ---- */

/** The dialect's record of a conversation, made if missing. Never NULL. */
pl_improv_conv_t *pl_improv__conv(pl_improv_t *im, const char *id);
/** Frees a conversation record once nothing uses it any more. */
void pl_improv__conv_release(pl_improv_conv_t *ic);

/**
 * Submits a user turn to the engine (p NULL: not from a socket). With fn,
 * a waiter gets the outcome later (from the loop, never from inside this
 * call). Returns what pl_engine_user_message returned; when it is not
 * PL_ACCEPT_PROCESSING or PL_ACCEPT_QUEUED, fn is never called.
 */
int pl_improv__submit(pl_improv_t *im, pl_conv_t *c, pl_participant_t *p, const char *text,
                      size_t len, double confidence, double speech_seconds, const char *source,
                      pl_improv_answer_fn fn, void *ud);

/** Drops the waiters whose callback data is ud, without calling them. */
void pl_improv__cancel_waiters(pl_improv_t *im, const void *ud);

/** Sends text to every socket of a conversation (not sequenced, not stored). */
void pl_improv__send_all(pl_improv_t *im, pl_conv_t *c, const char *text, size_t len);

/**
 * Builds a transient transcript_update (no seq) for a conversation into
 * out. confidence < 0 leaves it out. Returns 0 or a negative pl_err code.
 */
int pl_improv__transcript_json(const char *conv_id, const char *interim, size_t ilen,
                               const char *final, size_t flen, double confidence, pl_buf_t *out);
/** Builds a transient speech_event (no seq); data_json may be NULL. Same returns. */
int pl_improv__speech_json(const char *conv_id, pl_msg_common_speech_event_type_t type,
                           const char *data_json, size_t data_len, pl_buf_t *out);

/** The live conversation of this dialect with that id, or NULL. */
pl_conv_t *pl_improv__live(pl_improv_t *im, const char *id);

/**
 * Creates a conversation with meta {personality, session_type, topic}
 * (topic may be NULL); done runs with the new id (NULL on failure) and
 * its creation time. Returns 0 (queued) or a negative pl_err code.
 */
typedef void (*pl_improv_created_fn)(pl_improv_t *im, int rv, const char *id, int64_t created_ms,
                                     void *ud);
int pl_improv__create(pl_improv_t *im, const char *user, const char *personality,
                      const char *session_type, const char *topic, pl_improv_created_fn done,
                      void *ud);

/** Answers a create request with create_conversation_response (201). */
void pl_improv__respond_created(pl_req_t *req, const char *id, const char *personality,
                                const char *session_type, const char *topic, int64_t created_ms,
                                int with_test_endpoints);

/** Answers a REST call with a JSON error body for a submit failure code. */
void pl_improv__respond_submit_error(pl_req_t *req, pl_conv_t *c, int rv);
/** Answers a REST call whose turn did not get an answer (outcome != ANSWERED). */
void pl_improv__respond_outcome_error(pl_req_t *req, const pl_improv_answer_t *a);
/** Answers with post_message_response for an answered turn. */
void pl_improv__respond_answer(pl_req_t *req, const pl_improv_answer_t *a);

/** Fills a schema feedback object from a score; items must hold PL_FEEDBACK_MAX_FILLERS. */
void pl_improv__feedback_msg(const pl_feedback_t *fb, pl_msg_common_feedback_t *out,
                             pl_msg_common_filler_word_t *items);

/** Parses a REST body with a generated parser; on failure answers 400 and returns NULL. */
void *pl_improv__parse_body(pl_req_t *req, const pl_msg_desc_t *desc);

/** Answers with the JSON a yajl generator holds (and frees it). */
void pl_improv__respond_gen(pl_req_t *req, int status, yajl_gen g);
/** A generator that validates UTF-8. */
yajl_gen pl_improv__gen(void);
void pl_improv__kv(yajl_gen g, const char *k, const char *v);
void pl_improv__kv_int(yajl_gen g, const char *k, long long v);
void pl_improv__kv_num(yajl_gen g, const char *k, double v);
void pl_improv__kv_bool(yajl_gen g, const char *k, int v);
void pl_improv__kv_time(yajl_gen g, const char *k, int64_t ms);
void pl_improv__key(yajl_gen g, const char *k);

/** Milliseconds since the epoch / monotonic seconds. */
int64_t pl_improv__wall_ms(void);
double pl_improv__mono(void);

/** Looks up a style field (personality, session_type, topic) in meta JSON into out ("" if none). */
void pl_improv__meta_field(const char *meta, const char *key, char *out, size_t len);

/* ---- improv_test_api.c ---- */

/** Registers the /api/test/... routes. Returns 0 or a negative pl_err code. */
int pl_improv__test_routes(pl_improv_t *im);
/** Ends every test job (at shutdown): their requests are answered 503. */
void pl_improv__test_free(pl_improv_t *im);

#ifdef __cplusplus
}
#endif
#endif
