/*
 * parley/engine.h - the conversation engine, dialect-neutral.
 *
 * A conversation has an id, an owner, a title, a status, a state machine
 * instance (the generated conversation FSM) and any number of sockets.
 * Dialects (one per wire protocol) parse client messages, call the engine,
 * and turn engine events into their JSON: the engine asks the conversation's
 * dialect to serialize each event ONCE, stamps it with the conversation's
 * next seq, keeps the text in a replay window and sends the same frame to
 * every socket, in the same order.
 *
 * The exchange, driven by the FSM (every state change goes through it):
 *
 *   user message ──► LISTENING ──commit──► user_message_received
 *        (queued while busy)     input_complete ──► PROCESSING: typing on
 *   first chunk ── response_started ──► SPEAKING: stream start, chunks
 *   brain done ── response_finished ──► WAITING_FOR_USER: stream end, typing off
 *   brain error ── failure ──► ERROR: error event ── recover ──► IDLE
 *
 * A user message is acknowledged only after it is committed to the store.
 * Everything runs on the event loop thread.
 *
 * What is stored, and when (two store records per exchange):
 *   - the user message, before its acknowledgement, with the seq the
 *     acknowledgement is expected to take (corrected by a second write when
 *     another event took that seq first);
 *   - at the end of the exchange, one all-or-nothing group: the exchange's
 *     state transitions, the answer (complete, stopped or failed) and the
 *     conversation row (state, last seq, updated time). Nobody waits on it,
 *     so it is queued lazily (pl_store_write_group_lazy): it shares the
 *     commit of the next user message, PL_STORE_LAZY_MS later at most.
 * Every transition is stored. In a dialect that shows state changes (its
 * serializer shows PL_EV_STATE) each is written as it happens; otherwise
 * the transitions of an exchange are held until its closing group (or
 * until it ends some other way), so a crash can lose the transition rows of
 * the exchange in flight -- together with its answer, which was not stored
 * yet either -- but never those of a finished exchange, and the stored
 * state and the stored transitions always agree.
 */
#ifndef PARLEY_ENGINE_H
#define PARLEY_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "fsm/conversation.h"
#include "parley/brain.h"
#include "parley/mem.h"
#include "parley/server.h"
#include "parley/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_engine pl_engine_t;
typedef struct pl_conv pl_conv_t;
typedef struct pl_participant pl_participant_t;

/* What the engine tells a conversation's sockets. */
typedef enum pl_ev_kind {
    PL_EV_USER_MESSAGE = 0, /* a user message was committed (the acknowledgement) */
    PL_EV_TYPING_START,     /* the assistant started working */
    PL_EV_STREAM_START,     /* the answer starts */
    PL_EV_STREAM_CHUNK,     /* a piece of the answer */
    PL_EV_STREAM_END,       /* the answer is complete, stopped or failed */
    PL_EV_TYPING_STOP,      /* the assistant stopped working */
    PL_EV_ERROR,            /* something failed for the whole conversation */
    PL_EV_TITLE,            /* the conversation got a title */
    PL_EV_STATE,            /* the state machine moved */
} pl_ev_kind_t;

/* One event. Strings are valid during the serialize call only. */
typedef struct pl_engine_event {
    pl_ev_kind_t kind;
    uint64_t seq;
    int64_t at_ms;
    const pl_conv_t *conv;
    const char *message_id;  /* USER_MESSAGE, STREAM_*: the message */
    const char *text;        /* USER_MESSAGE: its text; CHUNK: the piece; END: the full text;
                                ERROR: the message; TITLE: the title */
    size_t len;
    const char *partial;     /* CHUNK: the answer so far, this chunk included */
    size_t partial_len;
    const char *user_id;     /* USER_MESSAGE */
    int user_id_is_int;      /* USER_MESSAGE: the client sent the id as a JSON integer */
    const char *token;       /* USER_MESSAGE: the client's token, may be NULL */
    const char *client_meta; /* USER_MESSAGE: JSON object of extra client fields, may be NULL */
    const char *status;      /* STREAM_END: "complete" | "stopped" | "failed" */
    const pl_brain_result_t *result; /* STREAM_END when complete; may be NULL */
    pl_conv_state_t from, to;        /* STATE */
    const char *fsm_event;           /* STATE: the event name */
    const char *error_code;          /* ERROR: a common.json error_code ("brain_error",
                                        "store_error", "internal_error") */
} pl_engine_event_t;

/* A dialect as the engine sees it. */
typedef struct pl_dialect {
    const char *name;        /* stored with the conversation: "tutor", ... */
    /**
     * Appends the event's JSON text to out. Returns 0, 1 when this dialect
     * does not show that kind of event (nothing is sent, no seq is used),
     * or a negative pl_err code.
     */
    int (*serialize)(const pl_engine_event_t *ev, pl_buf_t *out, void *ud);
    void *ud;
    int use_documents;       /* passed to the brain */
    int dedup_same_text;     /* 1: the same text from the same user within the dedup window is a
                                duplicate (seed 000); 0: only a repeated client token is */
    const char *reply_id_prefix; /* assistant message ids: prefix + "<seconds>.<ms>" */
} pl_dialect_t;

typedef struct pl_engine_config {
    double dedup_window;        /* seconds a token / same text is remembered (5) */
    size_t max_queued;          /* user messages waiting behind a running answer (8) */
    size_t replay_events;       /* events kept per conversation for resume (1024) */
    size_t replay_bytes;        /* bytes of event text kept per conversation (1 MiB) */
    double resume_window;       /* seconds an idle conversation stays in memory (60) */
    long max_conversations_per_user; /* 0 = no cap */
    size_t history_messages;    /* earlier messages given to the brain (20) */
} pl_engine_config_t;

/** Fills the defaults. */
void pl_engine_config_init(pl_engine_config_t *cfg);

/**
 * Makes an engine on a server's loop with a store and a brain (borrowed;
 * they must outlive it). Registers its metrics with the server. Aborts on OOM.
 */
pl_engine_t *pl_engine_new(pl_server_t *srv, pl_store_t *store, pl_brain_t *brain,
                           const pl_engine_config_t *cfg);
/** Frees the engine: cancels running answers (their partial text is not saved). */
void pl_engine_free(pl_engine_t *e);

/** Registers a dialect (borrowed) so stored conversations can find theirs by name. */
void pl_engine_add_dialect(pl_engine_t *e, const pl_dialect_t *d);

/* ---- conversations ---- */

/** Result of an asynchronous create: id is the new conversation's id. */
typedef void (*pl_engine_created_fn)(int rv, const char *id, void *ud);

/**
 * Creates a conversation (id generated: 24 hex digits) and stores it; done
 * runs once it is durable. meta_json is a JSON object kept with it; its
 * string fields personality, session_type and topic are given to the brain.
 * Returns 0 (queued), PL_ERR_LIMIT (the user has max_conversations_per_user)
 * or PL_ERR_INVALID_ARGUMENT.
 */
int pl_engine_conv_create(pl_engine_t *e, const pl_dialect_t *d, const char *user_id,
                          const char *title, const char *status, const char *meta_json,
                          pl_engine_created_fn done, void *ud);

/**
 * Creates a conversation with a caller-chosen id (e.g. seed 001's client id)
 * unless it exists. Same returns as pl_engine_conv_create.
 */
int pl_engine_conv_create_with_id(pl_engine_t *e, const pl_dialect_t *d, const char *id,
                                  const char *user_id, const char *title, const char *status,
                                  const char *meta_json, pl_engine_created_fn done, void *ud);

/** The live conversation, loading it from the store if needed; NULL if unknown. */
pl_conv_t *pl_engine_conv_get(pl_engine_t *e, const char *id);
/** Deletes a conversation: its sockets are closed (1000). done runs when durable. */
int pl_engine_conv_delete(pl_engine_t *e, const char *id, pl_store_done_fn done, void *ud);
/** Number of conversations in memory. */
size_t pl_engine_conv_count(const pl_engine_t *e);

const char *pl_conv_id(const pl_conv_t *c);
const char *pl_conv_user_id(const pl_conv_t *c);
const char *pl_conv_title(const pl_conv_t *c);
const char *pl_conv_meta(const pl_conv_t *c);
const pl_dialect_t *pl_conv_dialect(const pl_conv_t *c);
pl_conv_state_t pl_conv_state(const pl_conv_t *c);
uint64_t pl_conv_last_seq(const pl_conv_t *c);
size_t pl_conv_sockets(const pl_conv_t *c);
size_t pl_conv_queued(const pl_conv_t *c);

/* ---- sockets ---- */

/**
 * Attaches a socket. With resume (last_seq given, i.e. >= 0), *recovered
 * tells whether every event after last_seq is still in the replay window
 * (1) or the store must be used (0). Send the dialect's greeting, then call
 * pl_engine_replay(). Returns the participant (freed by detach).
 */
pl_participant_t *pl_engine_attach(pl_engine_t *e, pl_conv_t *c, pl_conn_t *conn, int64_t last_seq,
                                   int *recovered);
/** Sends the events after the attach's last_seq (window, or the store's messages). */
void pl_engine_replay(pl_engine_t *e, pl_participant_t *p);
/** Detaches a socket (its connection is closing). The answer in progress goes on. */
void pl_engine_detach(pl_engine_t *e, pl_participant_t *p);

/* ---- input ---- */

typedef struct pl_engine_user_msg {
    const char *text;
    size_t len;
    const char *user_id;
    int user_id_is_int;      /* echo the id back as a JSON integer */
    const char *token;       /* may be NULL */
    const char *client_meta; /* JSON object text of extra fields to echo, may be NULL */
} pl_engine_user_msg_t;

/* What became of a user message. */
typedef enum pl_engine_accept {
    PL_ACCEPT_PROCESSING = 0, /* committed next, then answered */
    PL_ACCEPT_QUEUED,         /* committed next, answered after the current answer */
    PL_ACCEPT_DUPLICATE,      /* seen within the dedup window: the earlier ack was re-sent */
} pl_engine_accept_t;

/**
 * A user message from socket p (or NULL for REST). Returns a
 * pl_engine_accept_t (>= 0), PL_ERR_BUSY (the queue is full: tell the user
 * the tutor is busy), PL_ERR_CLOSED (the conversation has ended),
 * PL_ERR_FSM_TRANSITION (a state request left it in a state that takes no
 * input, e.g. SPEAKING with nothing running) or PL_ERR_INVALID_ARGUMENT.
 */
int pl_engine_user_message(pl_engine_t *e, pl_conv_t *c, pl_participant_t *p,
                           const pl_engine_user_msg_t *m);

/**
 * Stops the answer in progress (message_id NULL: whichever is running;
 * otherwise only that answer): the brain is cancelled, the partial text is
 * saved as "stopped" and the stream ends with it. Returns 0 or
 * PL_ERR_NOT_FOUND (nothing, or not that answer, is running).
 */
int pl_engine_stop(pl_engine_t *e, pl_conv_t *c, const char *message_id);

/**
 * Requests a state change through the FSM (seed 002). Returns 0 (done and
 * announced), or PL_ERR_FSM_TRANSITION (nothing changed; why describes it).
 */
int pl_engine_request_state(pl_engine_t *e, pl_conv_t *c, pl_conv_state_t to, char *why,
                            size_t why_len);

/**
 * Fires one FSM event asked for from outside the exchange (seed 002's
 * speech events: speech_start = user_input, speech_end = input_complete).
 * reset, failure and end abandon the answer in progress (the brain is
 * cancelled, its partial text saved as stopped/failed). A conversation put
 * in LISTENING or PROCESSING this way takes its next user message as the
 * turn's input. Returns 0 or PL_ERR_FSM_TRANSITION (why describes it).
 */
int pl_engine_fire_event(pl_engine_t *e, pl_conv_t *c, pl_conv_event_t ev, char *why,
                         size_t why_len);

/**
 * Drives one (state, event) pair through the engine's real event path on a
 * scratch conversation (restored to from; no store, no sockets, no
 * metrics; live, which may be NULL, only lends its id). *observed is the
 * state after. Returns what the engine returned: 0 or PL_ERR_FSM_TRANSITION.
 */
int pl_engine_probe(pl_engine_t *e, const pl_conv_t *live, pl_conv_state_t from,
                    pl_conv_event_t ev, pl_conv_state_t *observed);

/* ---- transient messages (not sequenced, not replayed, not stored) ---- */

/** Sends text to every socket of p's conversation except p (typing and transcript relays). */
void pl_engine_send_others(pl_engine_t *e, pl_participant_t *p, const char *text, size_t len);
/** Sends text to every socket of the conversation. */
void pl_engine_send_all(pl_engine_t *e, pl_conv_t *c, const char *text, size_t len);
/** The conversation a socket is attached to. */
pl_conv_t *pl_participant_conv(const pl_participant_t *p);
/** The connection of a participant. */
pl_conn_t *pl_participant_conn(const pl_participant_t *p);

#ifdef __cplusplus
}
#endif
#endif
