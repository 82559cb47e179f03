/*
 * parley/store.h - durable history: conversations, messages, state
 * transitions. SQLite is the embedded backend; the API is a small set of
 * operations behind an ops table so a PostgreSQL backend can follow.
 *
 * Threading: one pl_store_t belongs to one event loop. Writes are queued
 * from the loop and executed by a worker thread that groups every write
 * queued since its last commit into one transaction (group commit: one
 * fsync for many writes); each write's callback then runs ON THE LOOP once
 * its transaction is durable (or failed). Writes execute in the order they
 * were queued. Reads run synchronously on the loop through a separate
 * read-only connection (WAL mode lets them proceed during a commit) and see
 * only committed data.
 *
 * Strings passed to writes are copied at the call; strings returned by
 * reads belong to the caller (free with the matching *_clear function).
 */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "parley/histogram.h"

#ifdef __cplusplus
extern "C" {
#endif

struct event_base;

typedef struct pl_store pl_store_t;

/** Longest id the store accepts (conversation and message ids), without NUL. */
#define PL_STORE_ID_MAX 128
/** Longest short text field (user id, token, title, names of states and statuses), without NUL. */
#define PL_STORE_FIELD_MAX 1024
/** Longest message content or meta JSON text, without NUL. */
#define PL_STORE_TEXT_MAX (4u << 20)

/* A conversation row. */
typedef struct pl_store_conv {
    char *id;
    char *user_id;
    char *title;       /* "" when untitled */
    char *status;      /* "active", ... (dialect-defined) */
    char *dialect;     /* "tutor", "teach", "improv", "studymate", "audio" */
    char *state;       /* FSM state name, e.g. "IDLE" */
    char *meta;        /* JSON object text with dialect settings; "{}" when none */
    int64_t created_ms;/* milliseconds since the Unix epoch */
    int64_t updated_ms;
    int64_t last_seq;  /* highest event seq persisted for the conversation */
} pl_store_conv_t;

/* A message row (a user turn or an assistant answer). */
typedef struct pl_store_msg {
    char *conversation_id;
    char *id;          /* unique within the conversation */
    char *role;        /* "user" | "assistant" */
    char *user_id;     /* may be NULL (assistant) */
    char *token;       /* the client's token (dedup), may be NULL */
    char *content;
    char *status;      /* "complete" | "stopped" | "failed" */
    char *meta;        /* JSON object text (mode, topic, citations, ...), "{}" when none */
    int64_t seq;       /* the conversation event seq that announced it */
    int64_t created_ms;
} pl_store_msg_t;

/** Frees the strings of c and zeroes it; NULL fields are fine. */
void pl_store_conv_clear(pl_store_conv_t *c);
/** Frees the strings of m and zeroes it. */
void pl_store_msg_clear(pl_store_msg_t *m);

typedef struct pl_store_config {
    const char *path;          /* SQLite file; created with its folder if missing */
    int synchronous_full;      /* 1: fsync every commit (default); 0: WAL NORMAL (faster, not durable on power loss) */
    size_t max_batch;          /* most writes in one transaction (default 256) */
    size_t max_queue;          /* most writes queued or running at once (default 65536) */
} pl_store_config_t;

/** Fills defaults (path NULL must be set by the caller). */
void pl_store_config_init(pl_store_config_t *cfg);

/**
 * Opens (creating and migrating as needed) the store and starts its worker
 * thread. base is the loop the completion callbacks run on. Returns 0 and
 * sets *out, or PL_ERR_STORE (message logged: unreadable file, newer schema
 * version than this binary knows, ...) or PL_ERR_IO.
 */
int pl_store_open(pl_store_t **out, struct event_base *base, const pl_store_config_t *cfg);

/**
 * Waits for every queued write to finish (running their callbacks), stops
 * the worker and closes the database. NULL is fine. Called from a write's
 * done callback, it takes effect once the pending callbacks have run; it
 * must not be called from a read's row callback.
 */
void pl_store_close(pl_store_t *st);

/** The schema version the database is at (for tests and /health). */
int pl_store_schema_version(const pl_store_t *st);

/* ---------------------------------------------------------------------- */
/* Writes (asynchronous, group-committed)                                 */

/**
 * Completion of a write, on the loop: rv is 0 when the write is durable,
 * PL_ERR_EXISTS for a duplicate key, PL_ERR_NOT_FOUND when an update or
 * delete matched nothing, or PL_ERR_STORE. done may be NULL.
 */
typedef void (*pl_store_done_fn)(int rv, void *ud);

/*
 * Every write function below returns 0 (queued: done will run), or without
 * queuing: PL_ERR_INVALID_ARGUMENT (a NULL required field, an empty id or
 * one longer than PL_STORE_ID_MAX, a text past its cap, a negative
 * last_seq) or PL_ERR_BUSY (max_queue writes are already waiting).
 */

/**
 * Inserts a conversation (all fields copied; title NULL means "", meta NULL
 * "{}"). Returns 0 (queued), PL_ERR_INVALID_ARGUMENT or PL_ERR_BUSY.
 */
int pl_store_conv_insert(pl_store_t *st, const pl_store_conv_t *c, pl_store_done_fn done, void *ud);

/* Fields of a conversation update: set a pointer / flag to change it. */
typedef struct pl_store_conv_update {
    const char *title;
    const char *status;
    const char *state;
    const char *meta;
    int64_t updated_ms;        /* written when > 0 */
    int64_t last_seq;          /* written when > 0 (never lowered) */
} pl_store_conv_update_t;

/** Updates a conversation. Returns 0 (queued), PL_ERR_INVALID_ARGUMENT or PL_ERR_BUSY. */
int pl_store_conv_update(pl_store_t *st, const char *id, const pl_store_conv_update_t *u,
                         pl_store_done_fn done, void *ud);

/**
 * Deletes a conversation with its messages and transitions. Returns 0
 * (queued), PL_ERR_INVALID_ARGUMENT or PL_ERR_BUSY.
 */
int pl_store_conv_delete(pl_store_t *st, const char *id, pl_store_done_fn done, void *ud);

/**
 * Inserts a message, or replaces the row with the same (conversation_id,
 * seq, id) (an assistant answer saved again with its final status); to
 * move a message to another seq, use pl_store_msg_set_seq (a put with a
 * new seq adds a second row). content NULL means "", meta NULL "{}". Completes with PL_ERR_NOT_FOUND when the
 * conversation does not exist. Returns 0 (queued), PL_ERR_INVALID_ARGUMENT
 * or PL_ERR_BUSY.
 */
int pl_store_msg_put(pl_store_t *st, const pl_store_msg_t *m, pl_store_done_fn done, void *ud);

/**
 * Records a state transition (completes with PL_ERR_NOT_FOUND when the
 * conversation does not exist). Returns 0 (queued), PL_ERR_INVALID_ARGUMENT
 * or PL_ERR_BUSY.
 */
int pl_store_transition_add(pl_store_t *st, const char *conversation_id, const char *from,
                            const char *event, const char *to, int64_t at_ms,
                            pl_store_done_fn done, void *ud);

/**
 * Sets the seq of a stored message and nothing else (cheaper than putting
 * the row again; it looks through the conversation's messages for the
 * id). Completes with PL_ERR_NOT_FOUND when no such message exists. Returns 0 (queued), PL_ERR_INVALID_ARGUMENT or PL_ERR_BUSY.
 */
int pl_store_msg_set_seq(pl_store_t *st, const char *conversation_id, const char *id, int64_t seq,
                         pl_store_done_fn done, void *ud);

/* One write of a group (pl_store_write_group); only the fields of its kind are read. */
typedef enum pl_store_op_kind {
    PL_STORE_OP_MSG_PUT = 0,  /* msg: as pl_store_msg_put */
    PL_STORE_OP_MSG_SEQ,      /* msg->conversation_id, msg->id, msg->seq: as pl_store_msg_set_seq */
    PL_STORE_OP_CONV_UPDATE,  /* conversation_id, update: as pl_store_conv_update */
    PL_STORE_OP_TRANSITION,   /* conversation_id, from, event, to, at_ms: as pl_store_transition_add */
} pl_store_op_kind_t;

typedef struct pl_store_op {
    pl_store_op_kind_t kind;
    const pl_store_msg_t *msg;
    const char *conversation_id;
    const pl_store_conv_update_t *update;
    const char *from, *event, *to;
    int64_t at_ms;
} pl_store_op_t;

/** Most writes in one group. */
#define PL_STORE_GROUP_MAX 64

/**
 * Queues n (1..PL_STORE_GROUP_MAX) writes as one: they run in order in one
 * transaction and take effect all together or not at all; done runs once,
 * with 0 or the code of the first write that failed (nothing of the group
 * is kept then). Everything is copied at the call, in one allocation.
 * Returns 0 (queued), PL_ERR_INVALID_ARGUMENT (any write's arguments, as
 * for its single-write function; n out of range) or PL_ERR_BUSY.
 */
int pl_store_write_group(pl_store_t *st, const pl_store_op_t *ops, size_t n, pl_store_done_fn done,
                         void *ud);

/** Longest a lazy group (pl_store_write_group_lazy) waits for company, in milliseconds. */
#define PL_STORE_LAZY_MS 2

/**
 * pl_store_write_group for writes nobody waits on (an answer's closing
 * write, bookkeeping): the worker may hold them up to PL_STORE_LAZY_MS so
 * that they share the commit of the next write somebody waits on (any
 * other kind of write, a barrier, or closing the store commits them at
 * once). Order is kept: they still commit before every write queued after
 * them. Same arguments and returns as pl_store_write_group.
 */
int pl_store_write_group_lazy(pl_store_t *st, const pl_store_op_t *ops, size_t n,
                              pl_store_done_fn done, void *ud);

/**
 * Completes (rv 0) once every write queued before it has completed: a read
 * made from its callback sees all of them (read-your-writes for REST
 * handlers). Returns 0 (queued), PL_ERR_BUSY or PL_ERR_INVALID_ARGUMENT.
 */
int pl_store_barrier(pl_store_t *st, pl_store_done_fn done, void *ud);

/* ---------------------------------------------------------------------- */
/* Reads (synchronous, committed data only)                               */

/** Loads one conversation into *out (caller clears). Returns 0, PL_ERR_NOT_FOUND or PL_ERR_STORE. */
int pl_store_conv_get(pl_store_t *st, const char *id, pl_store_conv_t *out);

/** Row callback of the list functions: return 0 to go on, non-zero to stop. The row is freed after the call. */
typedef int (*pl_store_conv_fn)(const pl_store_conv_t *c, void *ud);
typedef int (*pl_store_msg_fn)(const pl_store_msg_t *m, void *ud);

/**
 * A user's conversations, newest updated first, limit/offset paged; dialect
 * NULL for all. Returns the number of rows visited (>= 0) or PL_ERR_STORE.
 */
int pl_store_conv_list(pl_store_t *st, const char *user_id, const char *dialect, int limit,
                       int offset, pl_store_conv_fn fn, void *ud);

/** Counts a user's conversations (for the per-user cap). Returns the count or PL_ERR_STORE. */
int pl_store_conv_count(pl_store_t *st, const char *user_id);

/**
 * A conversation's messages in order (seq, then creation), those with seq >
 * after_seq, limit/offset paged (limit <= 0: no limit). Returns the number
 * of rows visited or PL_ERR_STORE.
 */
int pl_store_msg_list(pl_store_t *st, const char *conversation_id, int64_t after_seq, int limit,
                      int offset, pl_store_msg_fn fn, void *ud);

/** Counts a conversation's messages. Returns the count or PL_ERR_STORE. */
int pl_store_msg_count(pl_store_t *st, const char *conversation_id);

/**
 * Finds the user message with this token in a conversation (dedup across
 * restarts). Returns 0 (*out filled; caller clears), PL_ERR_NOT_FOUND or
 * PL_ERR_STORE.
 */
int pl_store_msg_find_token(pl_store_t *st, const char *conversation_id, const char *token,
                            pl_store_msg_t *out);

/** Transition row callback. */
typedef int (*pl_store_transition_fn)(const char *from, const char *event, const char *to,
                                      int64_t at_ms, void *ud);
/** A conversation's transitions in order. Returns the number of rows visited or PL_ERR_STORE. */
int pl_store_transition_list(pl_store_t *st, const char *conversation_id,
                             pl_store_transition_fn fn, void *ud);

/* Counters for /metrics. */
typedef struct pl_store_stats {
    uint64_t writes;        /* completed writes */
    uint64_t commits;       /* transactions committed */
    uint64_t failures;      /* writes that failed */
    uint64_t queued;        /* writes waiting now */
    double commit_seconds;  /* total time in COMMIT (fsync) */
    pl_histogram_t commit_time; /* each COMMIT's time (seconds) */
    pl_histogram_t wait_time;   /* from queuing a write somebody waits on (not lazy) to
                                 * its callback on the loop: what an acknowledgement waits */
} pl_store_stats_t;

/** Copies the counters (thread-safe, but wait_time only on the loop thread). */
void pl_store_stats(pl_store_t *st, pl_store_stats_t *out);

#ifdef __cplusplus
}
#endif
#endif
