/*
 * store_int.h - internals of the durable store: the queued write record,
 * the store object shared by the loop thread and the worker, and the
 * backend operations table (SQLite today; the generic half in store.c,
 * store_write.c and store_read.c knows nothing of SQL).
 *
 * Threads: the loop thread owns everything except the fields marked
 * "under mu", which the worker shares. The backend's write half (begin,
 * exec, commit, rollback) runs only on the worker; its read half only on
 * the loop.
 */
#ifndef PARLEY_STORE_INT_H
#define PARLEY_STORE_INT_H

#include "parley/store.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct event;
struct sqlite3;

/* Defaults of pl_store_config_t. */
#define STORE_DEFAULT_MAX_BATCH 256
#define STORE_DEFAULT_MAX_QUEUE 65536
/* How much lower the worker thread's priority is than the process's (store.c). */
#define STORE_WORKER_NICE 10
/* Time the loop gives completion callbacks per turn, in µs (store.c, run_slice). */
#define STORE_DONE_BUDGET_US 500
/* How long a connection waits for a lock held by another process (ms). */
#define STORE_BUSY_TIMEOUT_MS 5000
/* Longest database path accepted. */
#define STORE_PATH_MAX 4096

typedef enum store_write_kind {
    STORE_W_CONV_INSERT = 0,
    STORE_W_CONV_UPDATE,
    STORE_W_CONV_DELETE,
    STORE_W_MSG_PUT,
    STORE_W_TRANSITION_ADD,
    STORE_W_MSG_SEQ,
    STORE_W_BARRIER,        /* no statement: completes once every earlier write did */
    STORE_W_KIND_COUNT
} store_write_kind_t;

/* Most text and integer parameters of one write. */
#define STORE_WRITE_MAX_TEXT 8
#define STORE_WRITE_MAX_INT 3

/*
 * One write's statement and parameters. Parameters are positional, text
 * first, then integers, in the order the backend binds them:
 *   CONV_INSERT     text: id user_id title status dialect state meta
 *                   int:  created_ms updated_ms last_seq
 *   CONV_UPDATE     text: id title status state meta   (NULL: unchanged)
 *                   int:  updated_ms last_seq          (<= 0: unchanged)
 *   CONV_DELETE     text: id
 *   MSG_PUT         text: conversation_id id role user_id token content status meta
 *                   int:  seq created_ms
 *   TRANSITION_ADD  text: conversation_id from event to
 *                   int:  at_ms
 *   MSG_SEQ         text: conversation_id id
 *                   int:  seq
 * The text points into the record's data[]; a NULL text is bound as SQL NULL.
 */
typedef struct store_op {
    store_write_kind_t kind;
    unsigned ntext, nint;
    const char *text[STORE_WRITE_MAX_TEXT];
    int64_t num[STORE_WRITE_MAX_INT];
} store_op_t;

/*
 * One queued record: a single write (nops 1, ops == &op) or a group
 * (nops > 1, ops[] at the start of data[]) that the backend applies all or
 * nothing. One allocation per record, freed with pl_free after its
 * callback ran.
 */
typedef struct store_write {
    struct store_write *next;
    int rv; /* set by the worker: 0 or a pl_err code */
    int lazy;         /* nobody waits: may wait for the next commit (pl_store_write_group_lazy) */
    double queued_at; /* monotonic seconds, set when queued */
    pl_store_done_fn done;
    void *ud;
    unsigned nops;
    store_op_t *ops;
    store_op_t op;
    char data[];
} store_write_t;

/* A backend: where the rows live. Every function returns 0 or a pl_err code. */
typedef struct store_ops {
    const char *name;
    /** Opens (creating and migrating) the database behind cfg->path; sets *be and *version. */
    int (*open)(void **be, const pl_store_config_t *cfg, int *version);
    /** Closes both connections and frees be. */
    void (*close)(void *be);

    /* Worker thread. */
    /** Starts the batch's transaction. */
    int (*begin)(void *be);
    /**
     * Runs one record inside it (every op of a group); only that record's
     * effects are undone when it fails.
     */
    int (*exec)(void *be, const store_write_t *w);
    /** True while the batch's transaction is still open (a failed write may have ended it). */
    int (*in_transaction)(void *be);
    /** Commits; the batch is durable when it returns 0. */
    int (*commit)(void *be);
    /** Abandons the transaction, if one is open. */
    void (*rollback)(void *be);

    /* Loop thread: the read API, arguments already checked. */
    int (*conv_get)(void *be, const char *id, pl_store_conv_t *out);
    int (*conv_list)(void *be, const char *user_id, const char *dialect, int limit, int offset,
                     pl_store_conv_fn fn, void *ud);
    int (*conv_count)(void *be, const char *user_id);
    int (*msg_list)(void *be, const char *conversation_id, int64_t after_seq, int limit,
                    int offset, pl_store_msg_fn fn, void *ud);
    int (*msg_count)(void *be, const char *conversation_id);
    int (*msg_find_token)(void *be, const char *conversation_id, const char *token,
                          pl_store_msg_t *out);
    int (*transition_list)(void *be, const char *conversation_id, pl_store_transition_fn fn,
                           void *ud);
} store_ops_t;

extern const store_ops_t store_sqlite_ops;

struct pl_store {
    const store_ops_t *ops;
    void *be;
    int version;
    size_t max_batch;
    size_t max_queue;

    struct event_base *base;
    struct event *wake_ev; /* readable wake_fd: completions are waiting */
    struct event *more_ev; /* zero timer: the next slice of completions (run_slice) */
    store_write_t *ready_head, *ready_tail; /* loop thread: completed, callbacks not yet run */
    int wake_fd;           /* eventfd the worker bumps after each batch */
    pthread_t worker;

    pthread_mutex_t mu;
    pthread_cond_t work_cond; /* worker: something queued, stop, or hold lifted */
    pthread_cond_t idle_cond; /* close: a batch completed */
    store_write_t *pend_head, *pend_tail; /* under mu: queued, not yet taken */
    size_t npend;                         /* under mu */
    size_t inflight;                      /* under mu: writes of the running batch */
    store_write_t *done_head, *done_tail; /* under mu: completed, callbacks not run */
    int stopping;                         /* under mu */
    int hold;                             /* under mu: worker takes nothing while set */
    size_t nurgent;                       /* under mu: queued writes that are not lazy */
    int draining;                         /* under mu: close: lazy writes wait no more */
    pl_store_stats_t stats;               /* under mu (queued computed on read) */
    pl_histogram_t wait_time;             /* loop thread: stats.wait_time's source */

    /* Loop thread only. */
    int dispatching; /* completion callbacks are running */
    int close_requested;
    int closing;
};

/* A conversation or message id: 1..PL_STORE_ID_MAX bytes. */
static inline int store_id_ok(const char *s)
{
    return s != NULL && s[0] != '\0' && strnlen(s, PL_STORE_ID_MAX + 1) <= PL_STORE_ID_MAX;
}

/* A short text field of at most PL_STORE_FIELD_MAX bytes; NULL passes only when optional. */
static inline int store_field_ok(const char *s, int required)
{
    if (s == NULL)
        return !required;
    return strnlen(s, PL_STORE_FIELD_MAX + 1) <= PL_STORE_FIELD_MAX;
}

/* store_write.c: hands a filled record to the worker (queue cap checked). */
int store_enqueue(pl_store_t *st, store_write_t *w);

/* store_sqlite_schema.c: brings db to the newest schema version. */
int store_sqlite_migrate(struct sqlite3 *db, const char *path, int *version);
/* The newest schema version this binary knows. */
int store_sqlite_schema_latest(void);
/* The SQL of migration step `to` (1-based; tests build old files with it), or NULL. */
const char *store_sqlite_migration_sql(int to);

/* store_ckpt.c: the checkpointer thread (see there). */
typedef struct store_ckpt store_ckpt_t;
/* WAL frames after which a commit asks the checkpointer to run. */
#define STORE_CKPT_FRAMES 8192
/* WAL frames after which the writer checkpoints itself (the thread fell behind). */
#define STORE_CKPT_HARD_FRAMES (4 * STORE_CKPT_FRAMES)
/* Opens its connection to path and starts it; NULL (logged) when it cannot. */
store_ckpt_t *store_ckpt_start(const char *path, int synchronous_full);
/* Asks for a checkpoint soon (any thread). */
void store_ckpt_poke(store_ckpt_t *k);
/* Checkpoints run so far (tests); 0 for NULL. */
int store_ckpt_count(store_ckpt_t *k);
/* Stops the thread and closes its connection; NULL is fine. */
void store_ckpt_stop(store_ckpt_t *k);

/* store_walbuf.c: the name of the VFS that gathers WAL appends (registered on
 * first use), or NULL when it cannot be had (the default VFS is used then). */
#define STORE_WALBUF_VFS "parley-walbuf"
const char *store_walbuf_vfs(void);

/* Test access. */
/** Holds (1) or releases (0) the worker so tests can shape batches. */
void store_hold_worker(pl_store_t *st, int hold);
/** The SQLite backend's write connection (tests install hooks on it while the worker is held). */
struct sqlite3 *store_sqlite_writer(pl_store_t *st);
/** Checkpoints the SQLite backend's checkpointer thread has run (tests). */
int store_sqlite_checkpoints(pl_store_t *st);

#endif
