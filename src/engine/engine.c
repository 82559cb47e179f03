/*
 * engine.c - conversations, their sockets, and the exchange driven by the
 * generated conversation FSM.
 *
 * Every state change goes through pl_conv_fsm_fire(); the FSM's hooks emit
 * the events that follow a transition (typing on when PROCESSING is
 * entered, stream start when SPEAKING is entered, stream end when it is
 * left, typing off when WAITING_FOR_USER is entered, the error when ERROR
 * is entered), so the order the dialects show is the machine's order:
 *
 *   IDLE/WAITING_FOR_USER --user_input--> LISTENING      (message accepted)
 *   [store commit] -> USER_MESSAGE event (the acknowledgement)
 *   LISTENING --input_complete--> PROCESSING             enter: TYPING_START
 *   first chunk: PROCESSING --response_started--> SPEAKING  enter: STREAM_START
 *   chunks: STREAM_CHUNK
 *   done: SPEAKING --response_finished--> WAITING_FOR_USER
 *         exit SPEAKING: STREAM_END; enter WAITING_FOR_USER: TYPING_STOP
 *   stop before the first chunk: PROCESSING --no_response--> WAITING_FOR_USER
 *   brain error: --failure--> ERROR (enter: [STREAM_END failed], ERROR,
 *         TYPING_STOP) then --recover--> IDLE
 *
 * A message arriving while an answer runs is committed and acknowledged at
 * once, then queued; the next one starts when the machine is back in
 * WAITING_FOR_USER or IDLE. Conversations with no socket and nothing running
 * stay in memory for resume_window seconds (for resumes from the replay
 * window), then are dropped; the store has everything that matters.
 */
#include "parley/engine.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "parley/metrics.h"

#include <event2/event.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static const char *MOD = "engine";

#define DEDUP_SLOTS 32
/* Seqs reserved in the store at a time (see broadcast()). */
#define SEQ_BLOCK 1024

/* A state transition waiting to be written (names are the FSM's static strings). */
typedef struct trans_rec {
    const char *from, *event, *to;
    int64_t at_ms;
} trans_rec_t;
/* Transitions held per conversation before they are written as one group. */
#define TRANS_BUF 16

/* One event kept for resume: its text is at ring_buf + off. */
typedef struct ring_ev {
    uint64_t seq;
    size_t off;
    size_t len;
} ring_ev_t;
/* First size of a conversation's replay text buffer (it doubles as needed). */
#define RING_BUF_MIN 8192

/* A user message acknowledged and waiting for its answer. */
typedef struct pending {
    struct pending *next;
    char *id;
    char *text;
    size_t len;
    char *user_id;
} pending_t;

/* Recently seen user messages (dedup). */
typedef struct dedup {
    double at;          /* monotonic seconds; 0 = free slot */
    char *token;        /* may be NULL */
    uint64_t token_hash;
    char *user_id;
    uint64_t text_hash;
    char *ack;          /* the acknowledgement's text once sent, else NULL */
    size_t ack_len;
} dedup_t;

/* A history entry for the brain. */
typedef struct hist {
    char *role;
    char *content;
    size_t len;
} hist_t;

struct pl_participant {
    pl_engine_t *e;
    pl_conv_t *conv;
    pl_conn_t *conn;
    pl_participant_t *prev, *next;
    int64_t resume_after; /* replay events with seq > this; -1: none */
    int recovered;
};

struct pl_conv {
    pl_engine_t *e;
    pl_conv_t *hnext;            /* hash chain */
    char *id, *user_id, *title, *status, *meta;
    const pl_dialect_t *dialect;
    pl_conv_fsm_t fsm;
    uint64_t seq;                /* last seq used */
    uint64_t seq_reserved;       /* seqs up to this are saved as used (crash-safe) */
    int64_t created_ms;
    int64_t last_id_ms;          /* for unique reply ids */
    pl_participant_t *parts;
    size_t n_parts;
    /* replay window */
    ring_ev_t *ring;
    size_t ring_start, ring_n, ring_bytes;
    char *ring_buf;              /* the events' texts, circular, each one contiguous */
    size_t ring_cap;
    /* the answer in progress */
    pl_brain_turn_t *turn;
    char *reply_id;
    pl_buf_t reply;
    const char *reply_status;    /* "complete" | "stopped" | "failed" */
    const pl_brain_result_t *reply_result;
    char *error_text;
    const char *error_code;      /* common.json error_code of error_text (static) */
    struct timespec turn_started;
    uint64_t stream_end_seq;
    char *current_id;            /* the user message being answered */
    char *current_text;
    size_t current_len;
    char *current_user;
    /* messages */
    pending_t *queue_head, *queue_tail;
    size_t n_queued;
    size_t commits_pending;      /* user messages being committed */
    size_t commits_queued;       /* of those, the ones that will wait in the queue */
    dedup_t dedup[DEDUP_SLOTS];
    hist_t *hist;
    size_t n_hist;
    size_t n_user_messages;      /* acknowledged so far (auto-title after the first answer) */
    struct event *evict_timer;
    struct timespec state_since;
    int deleted;
    int refs;                    /* store callbacks in flight that point at it */
    int exchange;                /* a user message is being answered (from acceptance to the end) */
    int scratch;                 /* a probe's copy: no store, no sockets, no metrics */
    char *personality, *session_type, *topic; /* from the conversation's meta, may be NULL */
    /* transitions not yet queued to the store (see flush_transitions()) */
    trans_rec_t trans[TRANS_BUF];
    size_t n_trans;
    int ack_unshown;             /* the dialect showed no acknowledgement last time (seq guess) */
};

struct pl_engine {
    pl_server_t *srv;
    struct event_base *base;
    pl_store_t *store;
    pl_brain_t *brain;
    pl_engine_config_t cfg;
    pl_conv_t **buckets;
    size_t n_buckets, n_convs;
    const pl_dialect_t *dialects[16];
    size_t n_dialects;
    pl_buf_t ser;                /* serialization scratch */
    pl_buf_t frame;              /* the frame sent to every socket */
    pl_buf_t meta;               /* an answer's stored meta */
    pl_conv_hooks_t hooks;
    uint64_t id_counter;
    /* metrics */
    uint64_t m_exchanges, m_dedup_hits, m_stops, m_brain_errors, m_busy, m_events;
    uint64_t m_transitions[PL_CONV_TRANSITION_COUNT];
    pl_histogram_t m_state_time[PL_CONV_STATE_COUNT];
    pl_histogram_t m_first_chunk;
    pl_histogram_t m_exchange_time;
};

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double since(const struct timespec *t)
{
    struct timespec n;
    clock_gettime(CLOCK_MONOTONIC, &n);
    return (double)(n.tv_sec - t->tv_sec) + (double)(n.tv_nsec - t->tv_nsec) / 1e9;
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static char *dup_or_null(const char *s) { return s ? pl_strdup(s) : NULL; }

void pl_engine_config_init(pl_engine_config_t *cfg)
{
    cfg->dedup_window = 5.0;
    cfg->max_queued = 8;
    cfg->replay_events = 1024;
    cfg->replay_bytes = 1024 * 1024;
    cfg->resume_window = 60.0;
    cfg->max_conversations_per_user = 0;
    cfg->history_messages = 20;
}

/* ---------------------------------------------------------------------- */
/* Conversation table                                                     */

static size_t bucket_of(const pl_engine_t *e, const char *id)
{
    return (size_t)hash_bytes(id, strlen(id)) & (e->n_buckets - 1);
}

static void table_grow(pl_engine_t *e)
{
    size_t n = e->n_buckets * 2;
    pl_conv_t **b = pl_calloc(n, sizeof(*b));
    for (size_t i = 0; i < e->n_buckets; i++) {
        pl_conv_t *c = e->buckets[i];
        while (c != NULL) {
            pl_conv_t *next = c->hnext;
            size_t j = (size_t)hash_bytes(c->id, strlen(c->id)) & (n - 1);
            c->hnext = b[j];
            b[j] = c;
            c = next;
        }
    }
    pl_free(e->buckets);
    e->buckets = b;
    e->n_buckets = n;
}

static pl_conv_t *table_find(const pl_engine_t *e, const char *id)
{
    for (pl_conv_t *c = e->buckets[bucket_of(e, id)]; c != NULL; c = c->hnext)
        if (strcmp(c->id, id) == 0)
            return c;
    return NULL;
}

static void table_add(pl_engine_t *e, pl_conv_t *c)
{
    if (e->n_convs + 1 > e->n_buckets)
        table_grow(e);
    size_t i = bucket_of(e, c->id);
    c->hnext = e->buckets[i];
    e->buckets[i] = c;
    e->n_convs++;
}

static void table_remove(pl_engine_t *e, pl_conv_t *c)
{
    pl_conv_t **pp = &e->buckets[bucket_of(e, c->id)];
    while (*pp != NULL && *pp != c)
        pp = &(*pp)->hnext;
    if (*pp == c) {
        *pp = c->hnext;
        e->n_convs--;
    }
}

static const pl_dialect_t *dialect_by_name(const pl_engine_t *e, const char *name)
{
    for (size_t i = 0; i < e->n_dialects; i++)
        if (strcmp(e->dialects[i]->name, name) == 0)
            return e->dialects[i];
    return NULL;
}

void pl_engine_add_dialect(pl_engine_t *e, const pl_dialect_t *d)
{
    if (e->n_dialects < sizeof(e->dialects) / sizeof(e->dialects[0]))
        e->dialects[e->n_dialects++] = d;
}

/* ---------------------------------------------------------------------- */
/* Events                                                                 */

static void store_done_quiet(int rv, void *ud);

/* Drops the oldest event kept. */
static void ring_drop_oldest(pl_conv_t *c)
{
    ring_ev_t *old = &c->ring[c->ring_start];
    c->ring_bytes -= old->len;
    c->ring_start = (c->ring_start + 1) % c->e->cfg.replay_events;
    c->ring_n--;
}

/* Where len contiguous bytes fit in ring_buf after the newest event, or (size_t)-1. */
static size_t ring_room(const pl_conv_t *c, size_t len)
{
    if (c->ring_n == 0)
        return len <= c->ring_cap ? 0 : (size_t)-1;
    size_t cap = c->e->cfg.replay_events;
    const ring_ev_t *oldest = &c->ring[c->ring_start];
    const ring_ev_t *newest = &c->ring[(c->ring_start + c->ring_n - 1) % cap];
    size_t head = oldest->off, tail = newest->off + newest->len;
    if (newest->off >= head) {
        /* in use: [head, tail); free: [tail, ring_cap) then [0, head) */
        if (len <= c->ring_cap - tail)
            return tail;
        return len <= head ? 0 : (size_t)-1;
    }
    /* wrapped: in use [head, ...) and [0, tail); free: [tail, head) */
    return len <= head - tail ? tail : (size_t)-1;
}

/* Moves the kept texts, oldest first, to the start of a buffer of new_cap bytes. */
static void ring_regrow(pl_conv_t *c, size_t new_cap)
{
    size_t cap = c->e->cfg.replay_events;
    char *buf = pl_malloc(new_cap);
    size_t at = 0;
    for (size_t i = 0; i < c->ring_n; i++) {
        ring_ev_t *r = &c->ring[(c->ring_start + i) % cap];
        memcpy(buf + at, c->ring_buf + r->off, r->len);
        r->off = at;
        at += r->len;
    }
    pl_free(c->ring_buf);
    c->ring_buf = buf;
    c->ring_cap = new_cap;
}

/*
 * Keeps an event for resume: the newest replay_events events, within
 * replay_bytes of text. The texts share one circular buffer per
 * conversation (no allocation per event); it grows by doubling up to twice
 * replay_bytes, past which the oldest events also make room.
 */
static void ring_push(pl_conv_t *c, uint64_t seq, const char *text, size_t len)
{
    pl_engine_t *e = c->e;
    size_t cap = e->cfg.replay_events;
    if (cap == 0)
        return;
    if (c->ring == NULL)
        c->ring = pl_calloc(cap, sizeof(*c->ring));
    while (c->ring_n > 0 && (c->ring_n == cap || c->ring_bytes + len > e->cfg.replay_bytes))
        ring_drop_oldest(c);
    size_t max_cap = 2 * e->cfg.replay_bytes > RING_BUF_MIN ? 2 * e->cfg.replay_bytes : RING_BUF_MIN;
    size_t off;
    while ((off = ring_room(c, len)) == (size_t)-1) {
        if (c->ring_cap < max_cap || c->ring_cap < len) {
            size_t want = c->ring_cap > 0 ? 2 * c->ring_cap : RING_BUF_MIN;
            while (want < c->ring_bytes + len)
                want *= 2;
            ring_regrow(c, want);
        } else {
            ring_drop_oldest(c);
        }
    }
    ring_ev_t *slot = &c->ring[(c->ring_start + c->ring_n) % cap];
    slot->seq = seq;
    slot->off = off;
    slot->len = len;
    if (len > 0)
        memcpy(c->ring_buf + off, text, len);
    c->ring_n++;
    c->ring_bytes += len;
}

static void ring_free(pl_conv_t *c)
{
    pl_free(c->ring);
    pl_free(c->ring_buf);
    c->ring = NULL;
    c->ring_buf = NULL;
    c->ring_cap = 0;
    c->ring_n = c->ring_bytes = 0;
}

/*
 * Serializes an event once, stamps it with the next seq, keeps it for
 * resume and sends the same frame to every socket. Returns the seq used
 * (0 when the dialect does not show the event).
 */
static uint64_t broadcast(pl_conv_t *c, pl_engine_event_t *ev)
{
    pl_engine_t *e = c->e;
    ev->conv = c;
    ev->seq = c->seq + 1;
    ev->at_ms = now_ms();
    pl_buf_reset(&e->ser);
    int rv = c->dialect->serialize(ev, &e->ser, c->dialect->ud);
    if (rv == 1)
        return 0;
    if (rv != 0) {
        pl_log_error(MOD, "conversation %s: cannot serialize event %d: %s", c->id, (int)ev->kind,
                     pl_strerror(rv));
        return 0;
    }
    c->seq = ev->seq;
    e->m_events++;
    if (c->seq >= c->seq_reserved) {
        /* Persist a high-water mark ahead of use, a block at a time, so a
         * conversation reloaded after a crash never reuses a seq a client saw. */
        c->seq_reserved = c->seq + SEQ_BLOCK;
        pl_store_conv_update_t u = {0};
        u.updated_ms = ev->at_ms;
        u.last_seq = (int64_t)c->seq_reserved;
        pl_store_conv_update(e->store, c->id, &u, store_done_quiet, NULL);
    }
    ring_push(c, ev->seq, e->ser.data, e->ser.len);
    if (c->n_parts > 0) {
        pl_buf_reset(&e->frame);
        if (pl_ws_frame_build(&e->frame, PL_WS_OP_TEXT, e->ser.data, e->ser.len) == 0)
            for (pl_participant_t *p = c->parts; p != NULL; p = p->next)
                (void)pl_conn_send_prebuilt(p->conn, &e->frame, PL_WS_OP_TEXT, e->ser.data,
                                            e->ser.len);
    }
    return ev->seq;
}

static void emit_simple(pl_conv_t *c, pl_ev_kind_t kind)
{
    pl_engine_event_t ev = {0};
    ev.kind = kind;
    ev.message_id = c->reply_id;
    broadcast(c, &ev);
}

/* ---------------------------------------------------------------------- */
/* FSM hooks                                                              */

static void hook_start_typing(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)m;
    (void)t;
    emit_simple(ud, PL_EV_TYPING_START);
}

static void hook_start_speaking(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)m;
    (void)t;
    emit_simple(ud, PL_EV_STREAM_START);
}

static void hook_stop_speaking(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)m;
    pl_conv_t *c = ud;
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_STREAM_END;
    ev.message_id = c->reply_id;
    ev.text = c->reply.data ? c->reply.data : "";
    ev.len = c->reply.len;
    ev.status = t->to == PL_CONV_STATE_WAITING_FOR_USER ? c->reply_status
                : t->to == PL_CONV_STATE_ERROR            ? "failed"
                                                          : "stopped";
    c->reply_status = ev.status;
    ev.result = c->reply_result;
    c->stream_end_seq = broadcast(c, &ev);
}

static void hook_stop_typing(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)m;
    (void)t;
    emit_simple(ud, PL_EV_TYPING_STOP);
}

static void hook_report_error(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)m;
    pl_conv_t *c = ud;
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_ERROR;
    ev.text = c->error_text ? c->error_text : "Something went wrong.";
    ev.error_code = c->error_text ? c->error_code : "internal_error";
    ev.len = strlen(ev.text);
    broadcast(c, &ev);
    if (t->from == PL_CONV_STATE_PROCESSING || t->from == PL_CONV_STATE_SPEAKING)
        emit_simple(c, PL_EV_TYPING_STOP);
}

static void store_done_quiet(int rv, void *ud)
{
    (void)ud;
    if (rv != 0)
        pl_log_warn(MOD, "store write failed: %s", pl_strerror(rv));
}

/*
 * Queues the conversation's held transitions followed by `extra` (at most 4
 * writes) as one store group: one record, one transaction, all or nothing.
 * With no extra write, the conversation's stored state follows the
 * transitions in the same group.
 */
static void write_with_transitions(pl_conv_t *c, const pl_store_op_t *extra, size_t n_extra)
{
    pl_store_op_t ops[TRANS_BUF + 5];
    pl_store_conv_update_t u = {0};
    pl_store_op_t state_op = {.kind = PL_STORE_OP_CONV_UPDATE, .update = &u};
    size_t n = 0;
    if (c->scratch || n_extra > 4)
        return;
    if (n_extra == 0 && c->n_trans > 0) {
        u.state = pl_conv_state_name(pl_conv_fsm_state(&c->fsm));
        state_op.conversation_id = c->id;
        extra = &state_op;
        n_extra = 1;
    }
    for (size_t i = 0; i < c->n_trans; i++) {
        pl_store_op_t *o = &ops[n++];
        memset(o, 0, sizeof(*o));
        o->kind = PL_STORE_OP_TRANSITION;
        o->conversation_id = c->id;
        o->from = c->trans[i].from;
        o->event = c->trans[i].event;
        o->to = c->trans[i].to;
        o->at_ms = c->trans[i].at_ms;
    }
    c->n_trans = 0;
    for (size_t i = 0; i < n_extra; i++)
        ops[n++] = extra[i];
    if (n == 0)
        return;
    /* nobody waits on these: they may share the commit of the next user message */
    int rv = pl_store_write_group_lazy(c->e->store, ops, n, store_done_quiet, NULL);
    if (rv != 0)
        pl_log_warn(MOD, "conversation %s: %zu store writes not queued: %s", c->id, n,
                    pl_strerror(rv));
}

static void flush_transitions(pl_conv_t *c) { write_with_transitions(c, NULL, 0); }

/* The exchange is over: what it held back is written now. */
static void exchange_over(pl_conv_t *c)
{
    c->exchange = 0;
    flush_transitions(c);
}

/*
 * Every transition is persisted. Inside an exchange of a dialect that does
 * not show state changes they are held and written with the exchange's
 * closing write (save_reply) or when it ends otherwise (exchange_over), so
 * a crash can lose the transition rows of the exchange in flight, never
 * those of a finished one; the stored state column is written in that same
 * group, so the two always agree. Elsewhere each is written at once.
 */
static void hook_transition(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)m;
    pl_conv_t *c = ud;
    pl_engine_t *e = c->e;
    if (c->scratch)
        return;
    int idx = (int)(t - pl_conv_transitions);
    if (idx >= 0 && idx < PL_CONV_TRANSITION_COUNT)
        e->m_transitions[idx]++;
    pl_histogram_observe(&e->m_state_time[t->from], since(&c->state_since));
    clock_gettime(CLOCK_MONOTONIC, &c->state_since);
    if (pl_log_enabled(PL_LOG_DEBUG))
        pl_log_debug(MOD, "conversation %s: %s --%s--> %s (fsm line %d)", c->id,
                     pl_conv_state_name(t->from), pl_conv_event_name(t->event),
                     pl_conv_state_name(t->to), t->line);
    if (c->n_trans == TRANS_BUF)
        flush_transitions(c);
    trans_rec_t *r = &c->trans[c->n_trans++];
    r->from = pl_conv_state_name(t->from);
    r->event = pl_conv_event_name(t->event);
    r->to = pl_conv_state_name(t->to);
    r->at_ms = now_ms();
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_STATE;
    ev.from = t->from;
    ev.to = t->to;
    ev.fsm_event = pl_conv_event_name(t->event);
    /* shown to clients (they may read it back at once), or outside an exchange: write now */
    if (broadcast(c, &ev) != 0 || !c->exchange)
        flush_transitions(c);
}

static int fire(pl_conv_t *c, pl_conv_event_t ev)
{
    int rv = pl_conv_fsm_fire(&c->fsm, ev);
    if (rv != 0)
        pl_log_warn(MOD, "conversation %s: event %s refused in state %s", c->id,
                    pl_conv_event_name(ev), pl_conv_state_name(pl_conv_fsm_state(&c->fsm)));
    return rv;
}

/* ---------------------------------------------------------------------- */
/* Conversation life                                                      */

static void hist_add(pl_conv_t *c, const char *role, const char *text, size_t len)
{
    size_t cap = c->e->cfg.history_messages;
    if (cap == 0)
        return;
    if (c->hist == NULL)
        c->hist = pl_calloc(cap, sizeof(*c->hist));
    if (c->n_hist == cap) {
        pl_free(c->hist[0].role);
        pl_free(c->hist[0].content);
        memmove(c->hist, c->hist + 1, (cap - 1) * sizeof(*c->hist));
        c->n_hist--;
    }
    c->hist[c->n_hist].role = pl_strdup(role);
    c->hist[c->n_hist].content = pl_strndup(text, len);
    c->hist[c->n_hist].len = len;
    c->n_hist++;
}

static void conv_free(pl_conv_t *c)
{
    if (c->turn != NULL)
        pl_brain_cancel(c->e->brain, c->turn);
    if (c->evict_timer != NULL)
        event_free(c->evict_timer);
    ring_free(c);
    while (c->queue_head != NULL) {
        pending_t *q = c->queue_head;
        c->queue_head = q->next;
        pl_free(q->id);
        pl_free(q->text);
        pl_free(q->user_id);
        pl_free(q);
    }
    for (size_t i = 0; i < DEDUP_SLOTS; i++) {
        pl_free(c->dedup[i].token);
        pl_free(c->dedup[i].user_id);
        pl_free(c->dedup[i].ack);
    }
    for (size_t i = 0; i < c->n_hist; i++) {
        pl_free(c->hist[i].role);
        pl_free(c->hist[i].content);
    }
    pl_free(c->hist);
    pl_buf_free(&c->reply);
    pl_free(c->reply_id);
    pl_free(c->error_text);
    pl_free(c->current_id);
    pl_free(c->current_text);
    pl_free(c->current_user);
    pl_free(c->id);
    pl_free(c->user_id);
    pl_free(c->title);
    pl_free(c->status);
    pl_free(c->meta);
    pl_free(c->personality);
    pl_free(c->session_type);
    pl_free(c->topic);
    pl_free(c);
}

/*
 * Busy: an exchange runs or waits. A conversation moved to LISTENING or
 * PROCESSING from outside (speech events, state requests) with no message
 * yet is not busy: its next user message is that turn's input.
 */
static int conv_busy(const pl_conv_t *c)
{
    return c->exchange || c->turn != NULL || c->n_queued > 0 || c->commits_pending > 0;
}

/* Whether a user message can start a turn in this state. */
static int state_takes_input(pl_conv_state_t st)
{
    return st == PL_CONV_STATE_IDLE || st == PL_CONV_STATE_WAITING_FOR_USER ||
           st == PL_CONV_STATE_LISTENING || st == PL_CONV_STATE_PROCESSING;
}

static void evict_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_conv_t *c = arg;
    if (c->n_parts > 0 || conv_busy(c) || c->refs > 0)
        return;
    /* Its seq goes on from here when it is loaded again. */
    pl_store_conv_update_t u = {0};
    u.updated_ms = now_ms();
    u.last_seq = (int64_t)c->seq;
    pl_store_op_t op = {.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = c->id, .update = &u};
    write_with_transitions(c, &op, 1);
    table_remove(c->e, c);
    conv_free(c);
}

/* Arms eviction once a conversation has no socket and nothing running. */
static void maybe_idle(pl_conv_t *c)
{
    if (c->n_parts > 0 || conv_busy(c) || c->deleted)
        return;
    struct timeval tv;
    tv.tv_sec = (time_t)c->e->cfg.resume_window;
    tv.tv_usec = (suseconds_t)((c->e->cfg.resume_window - (double)tv.tv_sec) * 1e6);
    if (c->evict_timer == NULL)
        c->evict_timer = evtimer_new(c->e->base, evict_cb, c);
    evtimer_add(c->evict_timer, &tv);
}

/* The brain's style hints from the conversation's meta object, if any. */
static void read_style(pl_conv_t *c)
{
    static const char *const keys[] = {"personality", "session_type", "topic"};
    char **slots[] = {&c->personality, &c->session_type, &c->topic};
    if (strchr(c->meta, '"') == NULL)
        return;
    yajl_val root = yajl_tree_parse(c->meta, NULL, 0);
    if (root == NULL || !YAJL_IS_OBJECT(root)) {
        yajl_tree_free(root);
        return;
    }
    for (size_t i = 0; i < 3; i++) {
        const char *path[] = {keys[i], NULL};
        yajl_val v = yajl_tree_get(root, path, yajl_t_string);
        if (v != NULL && YAJL_GET_STRING(v)[0] != '\0')
            *slots[i] = pl_strdup(YAJL_GET_STRING(v));
    }
    yajl_tree_free(root);
}

static pl_conv_t *conv_new(pl_engine_t *e, const pl_store_conv_t *row, const pl_dialect_t *d)
{
    pl_conv_t *c = pl_calloc(1, sizeof(*c));
    c->e = e;
    c->id = pl_strdup(row->id);
    c->user_id = pl_strdup(row->user_id ? row->user_id : "");
    c->title = pl_strdup(row->title ? row->title : "");
    c->status = pl_strdup(row->status ? row->status : "active");
    c->meta = pl_strdup(row->meta ? row->meta : "{}");
    read_style(c);
    c->dialect = d;
    c->created_ms = row->created_ms;
    c->seq = row->last_seq > 0 ? (uint64_t)row->last_seq : 0;
    c->seq_reserved = c->seq;
    clock_gettime(CLOCK_MONOTONIC, &c->state_since);
    pl_conv_fsm_init(&c->fsm, &e->hooks, c);
    int st = row->state ? pl_conv_state_from_name(row->state, strlen(row->state)) : -1;
    if (st >= 0)
        pl_conv_fsm_restore(&c->fsm, (pl_conv_state_t)st);
    table_add(e, c);
    return c;
}

/* History for the brain, from the store, when a conversation is loaded. */
static int load_hist_row(const pl_store_msg_t *m, void *ud)
{
    pl_conv_t *c = ud;
    if (m->seq > 0 && (uint64_t)m->seq > c->seq)
        c->seq = (uint64_t)m->seq;
    if (m->role != NULL && m->content != NULL)
        hist_add(c, m->role, m->content, strlen(m->content));
    if (m->role != NULL && strcmp(m->role, "user") == 0)
        c->n_user_messages++;
    return 0;
}

pl_conv_t *pl_engine_conv_get(pl_engine_t *e, const char *id)
{
    if (id == NULL || *id == '\0' || strlen(id) > PL_STORE_ID_MAX)
        return NULL;
    pl_conv_t *c = table_find(e, id);
    if (c != NULL)
        return c->deleted ? NULL : c;
    pl_store_conv_t row = {0};
    if (pl_store_conv_get(e->store, id, &row) != 0)
        return NULL;
    const pl_dialect_t *d = dialect_by_name(e, row.dialect ? row.dialect : "");
    if (d == NULL) {
        pl_log_warn(MOD, "conversation %s has unknown dialect '%s'", id, row.dialect);
        pl_store_conv_clear(&row);
        return NULL;
    }
    c = conv_new(e, &row, d);
    pl_store_conv_clear(&row);
    int n = pl_store_msg_count(e->store, c->id);
    int skip = n > (int)e->cfg.history_messages ? n - (int)e->cfg.history_messages : 0;
    pl_store_msg_list(e->store, c->id, -1, 0, skip, load_hist_row, c);
    if (n > 0 && c->n_user_messages < (size_t)n)
        c->n_user_messages = (size_t)n; /* enough to know it is not the first exchange */
    /* An exchange the previous process did not finish is over. */
    switch (pl_conv_fsm_state(&c->fsm)) {
    case PL_CONV_STATE_LISTENING:
    case PL_CONV_STATE_SPEAKING:
        fire(c, PL_CONV_EVENT_RESET);
        break;
    case PL_CONV_STATE_PROCESSING:
        pl_free(c->error_text);
        c->error_text = pl_strdup("The previous answer was interrupted by a server restart.");
        c->error_code = "internal_error";
        fire(c, PL_CONV_EVENT_FAILURE);
        /* fall through */
    case PL_CONV_STATE_ERROR:
        fire(c, PL_CONV_EVENT_RECOVER);
        break;
    default:
        break;
    }
    maybe_idle(c);
    return c;
}

/* ---------------------------------------------------------------------- */
/* Creating and deleting                                                  */

typedef struct create_ctx {
    pl_engine_t *e;
    pl_engine_created_fn done;
    void *ud;
    char id[PL_STORE_ID_MAX + 1];
} create_ctx_t;

static void created(int rv, void *ud)
{
    create_ctx_t *x = ud;
    x->done(rv, rv == 0 ? x->id : NULL, x->ud);
    pl_free(x);
}

static int conv_create(pl_engine_t *e, const pl_dialect_t *d, const char *id, const char *user_id,
                       const char *title, const char *status, const char *meta,
                       pl_engine_created_fn done, void *ud)
{
    if (d == NULL || user_id == NULL || done == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    if (e->cfg.max_conversations_per_user > 0 &&
        pl_store_conv_count(e->store, user_id) >= e->cfg.max_conversations_per_user)
        return PL_ERR_LIMIT;
    create_ctx_t *x = pl_calloc(1, sizeof(*x));
    x->e = e;
    x->done = done;
    x->ud = ud;
    if (id != NULL) {
        snprintf(x->id, sizeof(x->id), "%s", id);
    } else {
        uint8_t r[12];
        if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
            uint64_t v = (uint64_t)now_ms() ^ (++e->id_counter * 0x9E3779B97F4A7C15ull);
            memcpy(r, &v, 8);
            memcpy(r + 8, &e->id_counter, 4);
        }
        for (int i = 0; i < 12; i++)
            snprintf(x->id + 2 * i, 3, "%02x", r[i]);
    }
    int64_t t = now_ms();
    pl_store_conv_t row = {0};
    row.id = x->id;
    row.user_id = (char *)user_id;
    row.title = (char *)(title ? title : "");
    row.status = (char *)(status ? status : "active");
    row.dialect = (char *)d->name;
    row.state = (char *)pl_conv_state_name(PL_CONV_INITIAL_STATE);
    row.meta = (char *)(meta ? meta : "{}");
    row.created_ms = row.updated_ms = t;
    int rv = pl_store_conv_insert(e->store, &row, created, x);
    if (rv != 0)
        pl_free(x);
    return rv;
}

int pl_engine_conv_create(pl_engine_t *e, const pl_dialect_t *d, const char *user_id,
                          const char *title, const char *status, const char *meta_json,
                          pl_engine_created_fn done, void *ud)
{
    return conv_create(e, d, NULL, user_id, title, status, meta_json, done, ud);
}

int pl_engine_conv_create_with_id(pl_engine_t *e, const pl_dialect_t *d, const char *id,
                                  const char *user_id, const char *title, const char *status,
                                  const char *meta_json, pl_engine_created_fn done, void *ud)
{
    if (id == NULL || *id == '\0' || strlen(id) > PL_STORE_ID_MAX)
        return PL_ERR_INVALID_ARGUMENT;
    return conv_create(e, d, id, user_id, title, status, meta_json, done, ud);
}

int pl_engine_conv_delete(pl_engine_t *e, const char *id, pl_store_done_fn done, void *ud)
{
    pl_conv_t *c = pl_engine_conv_get(e, id);
    if (c == NULL)
        return PL_ERR_NOT_FOUND;
    c->deleted = 1;
    c->n_trans = 0; /* they would go with the conversation */
    if (c->turn != NULL) {
        pl_brain_cancel(e->brain, c->turn);
        c->turn = NULL;
    }
    /* Closing a socket detaches it at once; the reference keeps c alive. */
    c->refs++;
    pl_participant_t *next;
    for (pl_participant_t *p = c->parts; p != NULL; p = next) {
        next = p->next;
        pl_conn_close(p->conn, 1000, "conversation deleted");
    }
    c->refs--;
    int rv = pl_store_conv_delete(e->store, id, done, ud);
    if (c->parts == NULL && c->refs == 0) {
        table_remove(e, c);
        conv_free(c);
    }
    return rv;
}

size_t pl_engine_conv_count(const pl_engine_t *e) { return e->n_convs; }
const char *pl_conv_id(const pl_conv_t *c) { return c->id; }
const char *pl_conv_user_id(const pl_conv_t *c) { return c->user_id; }
const char *pl_conv_title(const pl_conv_t *c) { return c->title; }
const char *pl_conv_meta(const pl_conv_t *c) { return c->meta; }
const pl_dialect_t *pl_conv_dialect(const pl_conv_t *c) { return c->dialect; }
pl_conv_state_t pl_conv_state(const pl_conv_t *c) { return pl_conv_fsm_state(&c->fsm); }
uint64_t pl_conv_last_seq(const pl_conv_t *c) { return c->seq; }
size_t pl_conv_sockets(const pl_conv_t *c) { return c->n_parts; }
size_t pl_conv_queued(const pl_conv_t *c) { return c->n_queued; }

/* ---------------------------------------------------------------------- */
/* Sockets                                                                */

pl_participant_t *pl_engine_attach(pl_engine_t *e, pl_conv_t *c, pl_conn_t *conn, int64_t last_seq,
                                   int *recovered)
{
    pl_participant_t *p = pl_calloc(1, sizeof(*p));
    p->e = e;
    p->conv = c;
    p->conn = conn;
    p->resume_after = last_seq;
    p->next = c->parts;
    if (c->parts != NULL)
        c->parts->prev = p;
    c->parts = p;
    c->n_parts++;
    if (c->evict_timer != NULL)
        evtimer_del(c->evict_timer);
    p->recovered = 1;
    if (last_seq >= 0) {
        if ((uint64_t)last_seq >= c->seq)
            p->recovered = (uint64_t)last_seq == c->seq;
        else if (c->ring_n == 0 || c->ring[c->ring_start].seq > (uint64_t)last_seq + 1)
            p->recovered = 0;
    }
    if (recovered != NULL)
        *recovered = p->recovered;
    return p;
}

typedef struct replay_ctx {
    pl_participant_t *p;
    uint64_t max_seq;
} replay_ctx_t;

/* Store fallback: a persisted message becomes its dialect's event again. */
static int replay_row(const pl_store_msg_t *m, void *ud)
{
    replay_ctx_t *x = ud;
    pl_conv_t *c = x->p->conv;
    pl_engine_t *e = c->e;
    pl_engine_event_t ev = {0};
    int is_user = m->role != NULL && strcmp(m->role, "user") == 0;
    ev.kind = is_user ? PL_EV_USER_MESSAGE : PL_EV_STREAM_END;
    ev.conv = c;
    ev.seq = (uint64_t)m->seq;
    ev.at_ms = m->created_ms;
    ev.message_id = m->id;
    ev.text = m->content ? m->content : "";
    ev.len = strlen(ev.text);
    ev.user_id = m->user_id ? m->user_id : "";
    ev.token = m->token;
    ev.client_meta = m->meta;
    ev.status = m->status ? m->status : "complete";
    pl_buf_reset(&e->ser);
    if (c->dialect->serialize(&ev, &e->ser, c->dialect->ud) == 0)
        pl_conn_send_text(x->p->conn, e->ser.data, e->ser.len);
    if ((uint64_t)m->seq > x->max_seq)
        x->max_seq = (uint64_t)m->seq;
    return 0;
}

void pl_engine_replay(pl_engine_t *e, pl_participant_t *p)
{
    pl_conv_t *c = p->conv;
    if (p->resume_after < 0 || (uint64_t)p->resume_after >= c->seq)
        return;
    uint64_t from = (uint64_t)p->resume_after;
    if (!p->recovered) {
        replay_ctx_t x = {p, from};
        pl_store_msg_list(e->store, c->id, (int64_t)from, 0, 0, replay_row, &x);
        from = x.max_seq;
    }
    size_t cap = e->cfg.replay_events;
    for (size_t i = 0; i < c->ring_n; i++) {
        ring_ev_t *r = &c->ring[(c->ring_start + i) % cap];
        if (r->seq > from)
            pl_conn_send_text(p->conn, c->ring_buf + r->off, r->len);
    }
}

void pl_engine_detach(pl_engine_t *e, pl_participant_t *p)
{
    (void)e;
    pl_conv_t *c = p->conv;
    if (p->prev != NULL)
        p->prev->next = p->next;
    else
        c->parts = p->next;
    if (p->next != NULL)
        p->next->prev = p->prev;
    c->n_parts--;
    pl_free(p);
    if (c->deleted && c->n_parts == 0 && c->refs == 0) {
        table_remove(c->e, c);
        conv_free(c);
        return;
    }
    maybe_idle(c);
}

/* ---------------------------------------------------------------------- */
/* The exchange                                                           */

static void start_answer(pl_conv_t *c);
static void after_answer(pl_conv_t *c);

static void make_reply_id(pl_conv_t *c)
{
    int64_t t = now_ms();
    if (t <= c->last_id_ms)
        t = c->last_id_ms + 1; /* unique within the conversation */
    c->last_id_ms = t;
    char id[96];
    snprintf(id, sizeof(id), "%s%" PRId64 ".%03d",
             c->dialect->reply_id_prefix ? c->dialect->reply_id_prefix : "response_", t / 1000,
             (int)(t % 1000));
    pl_free(c->reply_id);
    c->reply_id = pl_strdup(id);
}

/*
 * The stored meta of an answer: what the brain said besides the text
 * ({"mode", "current_topic", "citations"}), so history shows it again.
 * Returns the JSON text in out (NUL-terminated), "{}" when there is none.
 */
static const char *reply_meta(const pl_brain_result_t *r, pl_buf_t *out)
{
    pl_buf_reset(out);
    if (r == NULL || (r->mode == NULL && r->current_topic == NULL && r->citations_json == NULL))
        return "{}";
    yajl_gen g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return "{}";
    yajl_gen_map_open(g);
    if (r->mode != NULL) {
        yajl_gen_string(g, (const unsigned char *)"mode", 4);
        yajl_gen_string(g, (const unsigned char *)r->mode, strlen(r->mode));
    }
    if (r->current_topic != NULL) {
        yajl_gen_string(g, (const unsigned char *)"current_topic", 13);
        yajl_gen_string(g, (const unsigned char *)r->current_topic, strlen(r->current_topic));
    }
    yajl_gen_map_close(g);
    const unsigned char *txt;
    size_t len;
    yajl_gen_get_buf(g, &txt, &len);
    (void)pl_buf_append(out, (const char *)txt, len - 1); /* without the closing brace */
    yajl_gen_free(g);
    if (r->citations_json != NULL) {
        /* The brain's citations array, spliced in verbatim once it parses as one. */
        yajl_val v = yajl_tree_parse(r->citations_json, NULL, 0);
        if (v != NULL && YAJL_IS_ARRAY(v)) {
            if (out->len > 1)
                (void)pl_buf_append(out, ",", 1);
            (void)pl_buf_append(out, "\"citations\":", 12);
            (void)pl_buf_append(out, r->citations_json, strlen(r->citations_json));
        }
        yajl_tree_free(v);
    }
    (void)pl_buf_append(out, "}", 1);
    return out->data;
}

static void save_reply(pl_conv_t *c, const char *status, const pl_brain_result_t *r)
{
    pl_engine_t *e = c->e;
    if (c->scratch)
        return;
    if (c->reply_id == NULL || (c->reply.len == 0 && strcmp(status, "complete") != 0))
        return;
    pl_store_msg_t m = {0};
    m.conversation_id = c->id;
    m.id = c->reply_id;
    m.role = "assistant";
    m.content = c->reply.data ? c->reply.data : "";
    m.status = (char *)status;
    m.meta = (char *)reply_meta(r, &e->meta);
    m.seq = (int64_t)c->stream_end_seq;
    m.created_ms = now_ms();
    pl_store_conv_update_t u = {0};
    u.updated_ms = m.created_ms;
    u.last_seq = (int64_t)c->seq;
    u.state = pl_conv_state_name(pl_conv_fsm_state(&c->fsm));
    /* The exchange's closing write: its transitions, the answer, the conversation row. */
    pl_store_op_t ops[2] = {
        {.kind = PL_STORE_OP_MSG_PUT, .msg = &m},
        {.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = c->id, .update = &u},
    };
    write_with_transitions(c, ops, 2);
}

static void on_chunk(void *ud, const char *text, size_t len)
{
    pl_conv_t *c = ud;
    pl_engine_t *e = c->e;
    if (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_PROCESSING) {
        pl_histogram_observe(&e->m_first_chunk, since(&c->turn_started));
        fire(c, PL_CONV_EVENT_RESPONSE_STARTED);
    }
    (void)pl_buf_append(&c->reply, text, len);
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_STREAM_CHUNK;
    ev.message_id = c->reply_id;
    ev.text = text;
    ev.len = len;
    ev.partial = c->reply.data;
    ev.partial_len = c->reply.len;
    broadcast(c, &ev);
}

/* Derives a title from the first user message: its first words, tidied. */
static void auto_title(pl_conv_t *c, const pl_brain_result_t *r)
{
    pl_engine_t *e = c->e;
    if (c->title[0] != '\0' || c->deleted)
        return;
    char title[128];
    size_t n = 0;
    if (r != NULL && r->title != NULL && r->title[0] != '\0') {
        n = (size_t)snprintf(title, sizeof(title), "%s", r->title);
        if (n >= sizeof(title))
            n = sizeof(title) - 1;
    } else {
        const char *src = c->current_text ? c->current_text : "";
        int words = 0, in_word = 0;
        for (const char *p = src; *p != '\0' && n < 60 && words <= 8; p++) {
            unsigned char ch = (unsigned char)*p;
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
                if (in_word) {
                    words++;
                    in_word = 0;
                }
                continue;
            }
            if (words >= 8)
                break;
            if (!in_word && n > 0)
                title[n++] = ' ';
            in_word = 1;
            title[n++] = (char)ch;
        }
        /* Trailing punctuation goes; never cut a UTF-8 sequence in half. */
        while (n > 0 && (title[n - 1] == '?' || title[n - 1] == '.' || title[n - 1] == '!' ||
                         title[n - 1] == ',' || title[n - 1] == ':' || title[n - 1] == ';'))
            n--;
        while (n > 0 && ((unsigned char)title[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && ((unsigned char)title[n - 1] & 0x80)) {
            /* n-1 starts a multi-byte sequence whose tail was dropped. */
            n--;
        }
        if (n > 0 && title[0] >= 'a' && title[0] <= 'z')
            title[0] = (char)(title[0] - 'a' + 'A');
    }
    title[n] = '\0';
    if (n == 0)
        return;
    pl_free(c->title);
    c->title = pl_strdup(title);
    pl_store_conv_update_t u = {0};
    u.title = c->title;
    u.updated_ms = now_ms();
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_TITLE;
    ev.text = c->title;
    ev.len = n;
    broadcast(c, &ev);
    u.last_seq = (int64_t)c->seq;
    pl_store_conv_update(e->store, c->id, &u, store_done_quiet, NULL);
}

static void on_done(void *ud, const pl_brain_result_t *r)
{
    pl_conv_t *c = ud;
    pl_engine_t *e = c->e;
    c->turn = NULL;
    e->m_exchanges++;
    pl_histogram_observe(&e->m_exchange_time, since(&c->turn_started));
    if (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_PROCESSING) {
        /* An answer with no chunk at all: still a (empty) stream. */
        fire(c, PL_CONV_EVENT_RESPONSE_STARTED);
    }
    c->reply_status = "complete";
    c->reply_result = r;
    fire(c, PL_CONV_EVENT_RESPONSE_FINISHED);
    c->reply_result = NULL;
    hist_add(c, "assistant", c->reply.data ? c->reply.data : "", c->reply.len);
    save_reply(c, "complete", r);
    auto_title(c, r); /* only while the conversation has no title */
    exchange_over(c);
    after_answer(c);
}

static void on_error(void *ud, int code, const char *message)
{
    pl_conv_t *c = ud;
    pl_engine_t *e = c->e;
    c->turn = NULL;
    e->m_brain_errors++;
    pl_log_warn(MOD, "conversation %s: brain failed (%s): %s", c->id, pl_strerror(code), message);
    pl_free(c->error_text);
    c->error_text = pl_strdup(message ? message : "The tutor could not answer.");
    c->error_code = "brain_error";
    pl_conv_state_t st = pl_conv_fsm_state(&c->fsm);
    fire(c, PL_CONV_EVENT_FAILURE);
    fire(c, PL_CONV_EVENT_RECOVER);
    /* the partial answer, stored with both transitions and the state after them */
    if (st == PL_CONV_STATE_SPEAKING)
        save_reply(c, "failed", NULL);
    exchange_over(c);
    after_answer(c);
}

static const pl_brain_sink_t sink = {on_chunk, on_done, on_error};

static void start_answer(pl_conv_t *c)
{
    pl_engine_t *e = c->e;
    pl_buf_reset(&c->reply);
    c->reply_status = "complete";
    make_reply_id(c);
    /* Speech may have moved it to PROCESSING already (seed 002's speech_end). */
    if (pl_conv_fsm_state(&c->fsm) != PL_CONV_STATE_PROCESSING &&
        fire(c, PL_CONV_EVENT_INPUT_COMPLETE) != 0) {
        exchange_over(c);
        return;
    }
    pl_brain_history_t hist[64];
    size_t nh = 0;
    for (size_t i = 0; i < c->n_hist && nh < 64; i++) {
        hist[nh].role = c->hist[i].role;
        hist[nh].content = c->hist[i].content;
        hist[nh].len = c->hist[i].len;
        nh++;
    }
    /* The last history entry is the message being answered. */
    if (nh > 0)
        nh--;
    pl_brain_request_t req = {0};
    req.dialect = c->dialect->name;
    req.conversation_id = c->id;
    req.user_id = c->current_user;
    req.input = c->current_text;
    req.input_len = c->current_len;
    req.history = hist;
    req.n_history = nh;
    req.use_documents = c->dialect->use_documents;
    req.personality = c->personality;
    req.session_type = c->session_type;
    req.topic = c->topic;
    req.conversation_title = c->title;
    clock_gettime(CLOCK_MONOTONIC, &c->turn_started);
    int rv = pl_brain_start(e->brain, &req, &sink, c, &c->turn);
    if (rv != 0) {
        c->turn = NULL;
        on_error(c, rv, "The tutor is not available right now.");
    }
}

/* Takes the next queued message, or settles. */
static void after_answer(pl_conv_t *c)
{
    while (c->turn == NULL && c->queue_head != NULL && !c->deleted) {
        pl_conv_state_t st = pl_conv_fsm_state(&c->fsm);
        if (st != PL_CONV_STATE_IDLE && st != PL_CONV_STATE_WAITING_FOR_USER)
            return;
        pending_t *q = c->queue_head;
        c->queue_head = q->next;
        if (c->queue_head == NULL)
            c->queue_tail = NULL;
        c->n_queued--;
        pl_free(c->current_id);
        pl_free(c->current_text);
        pl_free(c->current_user);
        c->current_id = q->id;
        c->current_text = q->text;
        c->current_len = q->len;
        c->current_user = q->user_id;
        pl_free(q);
        c->exchange = 1;
        if (fire(c, PL_CONV_EVENT_USER_INPUT) != 0) {
            exchange_over(c);
            return;
        }
        start_answer(c);
    }
    maybe_idle(c);
}

/* A user message on its way to the store. */
typedef struct commit_ctx {
    pl_conv_t *c;
    char *id, *text, *user_id, *token, *meta;
    size_t len;
    int user_id_is_int;
    int dedup_slot;
    int queued;             /* arrived while busy: joins the queue when committed */
    int64_t seq_guess;      /* the seq stored with the row, before its acknowledgement */
} commit_ctx_t;

static void commit_ctx_free(commit_ctx_t *x)
{
    pl_free(x->id);
    pl_free(x->text);
    pl_free(x->user_id);
    pl_free(x->token);
    pl_free(x->meta);
    pl_free(x);
}

static void user_committed(int rv, void *ud)
{
    commit_ctx_t *x = ud;
    pl_conv_t *c = x->c;
    pl_engine_t *e = c->e;
    c->refs--;
    c->commits_pending--;
    if (x->queued)
        c->commits_queued--;
    if (c->deleted) {
        if (c->refs == 0 && c->n_parts == 0) {
            table_remove(e, c);
            conv_free(c);
        }
        commit_ctx_free(x);
        return;
    }
    dedup_t *d = &c->dedup[x->dedup_slot];
    if (rv != 0) {
        pl_log_error(MOD, "conversation %s: user message not saved: %s", c->id, pl_strerror(rv));
        if (d->at != 0 && d->ack == NULL) {
            pl_free(d->token);
            pl_free(d->user_id);
            memset(d, 0, sizeof(*d));
        }
        pl_free(c->error_text);
        c->error_text = pl_strdup("Your message could not be saved; please send it again.");
        pl_engine_event_t ev = {0};
        ev.kind = PL_EV_ERROR;
        ev.error_code = "store_error";
        ev.text = c->error_text;
        ev.len = strlen(ev.text);
        broadcast(c, &ev);
        if (c->current_id != NULL && strcmp(c->current_id, x->id) == 0) {
            exchange_over(c);
            if (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_LISTENING)
                fire(c, PL_CONV_EVENT_RESET);
            else if (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_PROCESSING)
                fire(c, PL_CONV_EVENT_NO_RESPONSE);
        }
        commit_ctx_free(x);
        after_answer(c);
        return;
    }
    /* Durable: acknowledge. */
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_USER_MESSAGE;
    ev.message_id = x->id;
    ev.text = x->text;
    ev.len = x->len;
    ev.user_id = x->user_id;
    ev.user_id_is_int = x->user_id_is_int;
    ev.token = x->token;
    ev.client_meta = x->meta;
    uint64_t seq = broadcast(c, &ev);
    if (d->at != 0 && d->ack == NULL && e->ser.len > 0) {
        d->ack = pl_strndup(e->ser.data, e->ser.len);
        d->ack_len = e->ser.len;
    }
    c->n_user_messages++;
    hist_add(c, "user", x->text, x->len);
    /* Its seq, for resumes that fall back to the store: the row was stored
     * with a guess (right unless another event came in between); a dialect
     * that shows no acknowledgement used no seq, and the last one orders it
     * after what came before (history reloads sort by seq). */
    c->ack_unshown = seq == 0;
    int64_t want = (int64_t)(seq != 0 ? seq : c->seq);
    if (want != x->seq_guess) {
        pl_store_msg_t fix = {0};
        fix.conversation_id = c->id;
        fix.id = x->id;
        fix.seq = want;
        pl_store_op_t op = {.kind = PL_STORE_OP_MSG_SEQ, .msg = &fix};
        pl_store_write_group_lazy(e->store, &op, 1, store_done_quiet, NULL);
    }

    if (c->exchange && c->turn == NULL && c->current_id != NULL &&
        strcmp(c->current_id, x->id) == 0 &&
        (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_LISTENING ||
         pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_PROCESSING)) {
        start_answer(c);
    } else {
        /* It arrived while another answer ran: its turn comes after. */
        pending_t *q = pl_calloc(1, sizeof(*q));
        q->id = x->id;
        q->text = x->text;
        q->len = x->len;
        q->user_id = x->user_id;
        x->id = x->text = x->user_id = NULL;
        if (c->queue_tail != NULL)
            c->queue_tail->next = q;
        else
            c->queue_head = q;
        c->queue_tail = q;
        c->n_queued++;
        after_answer(c);
    }
    commit_ctx_free(x);
}

static int dedup_check(pl_conv_t *c, pl_participant_t *p, const pl_engine_user_msg_t *m,
                       uint64_t h, int *slot)
{
    pl_engine_t *e = c->e;
    double t = mono(), window = e->cfg.dedup_window;
    int free_slot = -1, oldest = 0;
    uint64_t th = m->token != NULL ? hash_bytes(m->token, strlen(m->token)) : 0;
    for (int i = 0; i < DEDUP_SLOTS; i++) {
        dedup_t *d = &c->dedup[i];
        if (d->at != 0 && t - d->at > window) {
            pl_free(d->token);
            pl_free(d->user_id);
            pl_free(d->ack);
            memset(d, 0, sizeof(*d));
        }
        if (d->at == 0) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        if (d->at < c->dedup[oldest].at || c->dedup[oldest].at == 0)
            oldest = i;
        int same_token = m->token != NULL && d->token != NULL && d->token_hash == th &&
                         strcmp(m->token, d->token) == 0;
        int same_text = c->dialect->dedup_same_text && d->text_hash == h && d->user_id != NULL &&
                        m->user_id != NULL && strcmp(d->user_id, m->user_id) == 0;
        if (same_token || same_text) {
            e->m_dedup_hits++;
            /* Answer with the earlier acknowledgement (if it was sent yet:
             * otherwise it is on its way to every socket, this one too). */
            if (d->ack != NULL && p != NULL)
                pl_conn_send_text(p->conn, d->ack, d->ack_len);
            return 1;
        }
    }
    *slot = free_slot >= 0 ? free_slot : oldest;
    dedup_t *d = &c->dedup[*slot];
    pl_free(d->token);
    pl_free(d->user_id);
    pl_free(d->ack);
    memset(d, 0, sizeof(*d));
    d->at = t;
    d->token = dup_or_null(m->token);
    d->token_hash = th;
    d->user_id = dup_or_null(m->user_id);
    d->text_hash = h;
    return 0;
}

int pl_engine_user_message(pl_engine_t *e, pl_conv_t *c, pl_participant_t *p,
                           const pl_engine_user_msg_t *m)
{
    if (m == NULL || m->text == NULL || m->user_id == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    if (c->deleted || pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_ENDED)
        return PL_ERR_CLOSED;
    if (!conv_busy(c) && !state_takes_input(pl_conv_fsm_state(&c->fsm)))
        return PL_ERR_FSM_TRANSITION; /* e.g. put in SPEAKING or ERROR by a state request */
    uint64_t h = hash_bytes(m->text, m->len);
    int slot = 0;
    if (dedup_check(c, p, m, h, &slot))
        return PL_ACCEPT_DUPLICATE;
    int busy = conv_busy(c);
    if (busy && c->n_queued + c->commits_queued >= e->cfg.max_queued) {
        e->m_busy++;
        /* Not taken: forget it so the user can send it again. */
        dedup_t *d = &c->dedup[slot];
        pl_free(d->token);
        pl_free(d->user_id);
        memset(d, 0, sizeof(*d));
        return PL_ERR_BUSY;
    }
    commit_ctx_t *x = pl_calloc(1, sizeof(*x));
    x->c = c;
    x->text = pl_strndup(m->text, m->len);
    x->len = m->len;
    x->user_id = pl_strdup(m->user_id);
    x->user_id_is_int = m->user_id_is_int;
    x->token = dup_or_null(m->token);
    x->meta = dup_or_null(m->client_meta);
    x->dedup_slot = slot;
    x->queued = busy;
    char id[64];
    snprintf(id, sizeof(id), "user_%" PRId64 "_%" PRIu64, now_ms(), ++e->id_counter);
    x->id = pl_strdup(id);
    if (!busy) {
        pl_free(c->current_id);
        pl_free(c->current_text);
        pl_free(c->current_user);
        c->current_id = pl_strdup(x->id);
        c->current_text = pl_strndup(m->text, m->len);
        c->current_len = m->len;
        c->current_user = pl_strdup(m->user_id);
        c->exchange = 1;
        pl_conv_state_t st = pl_conv_fsm_state(&c->fsm);
        if (st == PL_CONV_STATE_IDLE || st == PL_CONV_STATE_WAITING_FOR_USER)
            fire(c, PL_CONV_EVENT_USER_INPUT);
    }
    pl_store_msg_t row = {0};
    row.conversation_id = c->id;
    row.id = x->id;
    row.role = "user";
    row.user_id = x->user_id;
    row.token = x->token;
    row.content = x->text;
    row.status = "complete";
    row.meta = x->meta ? x->meta : "{}";
    row.created_ms = now_ms();
    /* The seq its acknowledgement will most likely get (see user_committed). */
    row.seq = x->seq_guess = (int64_t)(c->seq + (c->ack_unshown ? 0 : 1));
    c->commits_pending++;
    c->commits_queued += (size_t)busy;
    c->refs++;
    if (c->evict_timer != NULL)
        evtimer_del(c->evict_timer);
    int rv = pl_store_msg_put(e->store, &row, user_committed, x);
    if (rv != 0) {
        c->commits_pending--;
        c->commits_queued -= (size_t)busy;
        c->refs--;
        commit_ctx_free(x);
        if (!busy) {
            exchange_over(c);
            if (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_LISTENING)
                fire(c, PL_CONV_EVENT_RESET);
        }
        return rv;
    }
    return busy ? PL_ACCEPT_QUEUED : PL_ACCEPT_PROCESSING;
}

int pl_engine_stop(pl_engine_t *e, pl_conv_t *c, const char *message_id)
{
    if (c->turn == NULL)
        return PL_ERR_NOT_FOUND;
    if (message_id != NULL && (c->reply_id == NULL || strcmp(message_id, c->reply_id) != 0))
        return PL_ERR_NOT_FOUND;
    e->m_stops++;
    pl_brain_cancel(e->brain, c->turn);
    c->turn = NULL;
    if (pl_conv_fsm_state(&c->fsm) == PL_CONV_STATE_PROCESSING) {
        fire(c, PL_CONV_EVENT_NO_RESPONSE);
    } else {
        c->reply_status = "stopped";
        fire(c, PL_CONV_EVENT_RESPONSE_FINISHED);
        hist_add(c, "assistant", c->reply.data ? c->reply.data : "", c->reply.len);
        save_reply(c, "stopped", NULL);
    }
    exchange_over(c);
    after_answer(c);
    return 0;
}

/*
 * An FSM event asked for from outside the exchange (a state request, a
 * speech event, a probe). Events that abandon the turn (reset, failure,
 * end) cancel the brain first; a stopped answer keeps its partial text.
 */
static int external_fire(pl_conv_t *c, pl_conv_event_t ev, char *why, size_t why_len)
{
    pl_engine_t *e = c->e;
    pl_conv_state_t from = pl_conv_fsm_state(&c->fsm);
#if defined(PL_ENGINE_FAULT_STATE) && defined(PL_ENGINE_FAULT_EVENT)
    /* Test builds only: a deliberately broken transition, which the
     * state-transitions report must catch. */
    if (from == PL_ENGINE_FAULT_STATE && ev == PL_ENGINE_FAULT_EVENT)
        return 0;
#endif
    if (pl_conv_target(from, ev) < 0) {
        if (why != NULL)
            pl_conv_describe_invalid(from, ev, why, why_len);
        return PL_ERR_FSM_TRANSITION;
    }
    int abandons = ev == PL_CONV_EVENT_RESET || ev == PL_CONV_EVENT_FAILURE ||
                   ev == PL_CONV_EVENT_END;
    int was_turn = c->turn != NULL;
    if (abandons && was_turn) {
        pl_brain_cancel(e->brain, c->turn);
        c->turn = NULL;
        e->m_stops += !c->scratch;
    }
    if (abandons && ev != PL_CONV_EVENT_FAILURE)
        c->reply_status = "stopped";
    int rv = fire(c, ev);
    if (rv != 0)
        return rv;
    if (abandons && c->exchange) {
        if (from == PL_CONV_STATE_SPEAKING) {
            hist_add(c, "assistant", c->reply.data ? c->reply.data : "", c->reply.len);
            save_reply(c, ev == PL_CONV_EVENT_FAILURE ? "failed" : "stopped", NULL);
        }
        exchange_over(c);
    }
    if (!c->scratch)
        after_answer(c);
    return 0;
}

int pl_engine_request_state(pl_engine_t *e, pl_conv_t *c, pl_conv_state_t to, char *why,
                            size_t why_len)
{
    (void)e;
    pl_conv_state_t from = pl_conv_fsm_state(&c->fsm);
    int ev = pl_conv_event_between(from, to);
    if (ev < 0) {
        if (why != NULL)
            snprintf(why, why_len, "invalid transition from %s to %s", pl_conv_state_name(from),
                     pl_conv_state_name(to));
        return PL_ERR_FSM_TRANSITION;
    }
    return external_fire(c, (pl_conv_event_t)ev, why, why_len);
}

int pl_engine_fire_event(pl_engine_t *e, pl_conv_t *c, pl_conv_event_t ev, char *why,
                         size_t why_len)
{
    (void)e;
    return external_fire(c, ev, why, why_len);
}

/* A probe's dialect: shows nothing. */
static int probe_serialize(const pl_engine_event_t *ev, pl_buf_t *out, void *ud)
{
    (void)ev;
    (void)out;
    (void)ud;
    return 1;
}

static const pl_dialect_t probe_dialect = {
    .name = "probe", .serialize = probe_serialize, .reply_id_prefix = "probe_"};

int pl_engine_probe(pl_engine_t *e, const pl_conv_t *live, pl_conv_state_t from,
                    pl_conv_event_t ev, pl_conv_state_t *observed)
{
    if ((unsigned)from >= PL_CONV_STATE_COUNT || (unsigned)ev >= PL_CONV_EVENT_COUNT)
        return PL_ERR_INVALID_ARGUMENT;
    pl_conv_t *c = pl_calloc(1, sizeof(*c));
    c->e = e;
    c->scratch = 1;
    c->id = pl_strdup(live != NULL ? live->id : "probe");
    c->user_id = pl_strdup(live != NULL ? live->user_id : "");
    c->title = pl_strdup("");
    c->status = pl_strdup("active");
    c->meta = pl_strdup("{}");
    c->dialect = &probe_dialect;
    clock_gettime(CLOCK_MONOTONIC, &c->state_since);
    pl_conv_fsm_init(&c->fsm, &e->hooks, c);
    pl_conv_fsm_restore(&c->fsm, from);
    int rv = external_fire(c, ev, NULL, 0);
    if (observed != NULL)
        *observed = pl_conv_fsm_state(&c->fsm);
    conv_free(c);
    return rv;
}

static void relay(pl_conv_t *c, const pl_participant_t *except, const char *text, size_t len)
{
    pl_engine_t *e = c->e;
    if (c->n_parts == 0)
        return;
    pl_buf_reset(&e->frame);
    if (pl_ws_frame_build(&e->frame, PL_WS_OP_TEXT, text, len) != 0)
        return;
    for (pl_participant_t *p = c->parts; p != NULL; p = p->next)
        if (p != except)
            (void)pl_conn_send_prebuilt(p->conn, &e->frame, PL_WS_OP_TEXT, text, len);
}

void pl_engine_send_others(pl_engine_t *e, pl_participant_t *from, const char *text, size_t len)
{
    (void)e;
    relay(from->conv, from, text, len);
}

void pl_engine_send_all(pl_engine_t *e, pl_conv_t *c, const char *text, size_t len)
{
    (void)e;
    relay(c, NULL, text, len);
}

pl_conv_t *pl_participant_conv(const pl_participant_t *p) { return p->conv; }
pl_conn_t *pl_participant_conn(const pl_participant_t *p) { return p->conn; }

/* ---------------------------------------------------------------------- */
/* Engine                                                                 */

static int render_metrics(pl_buf_t *out, void *ud)
{
    pl_engine_t *e = ud;
    size_t queued = 0, sockets = 0;
    for (size_t i = 0; i < e->n_buckets; i++)
        for (pl_conv_t *c = e->buckets[i]; c != NULL; c = c->hnext) {
            queued += c->n_queued;
            sockets += c->n_parts;
        }
    int rv = pl_buf_appendf(out,
                            "# HELP parley_conversations_live Conversations in memory.\n"
                            "# TYPE parley_conversations_live gauge\nparley_conversations_live %zu\n"
                            "# HELP parley_conversation_sockets Sockets attached to conversations.\n"
                            "# TYPE parley_conversation_sockets gauge\nparley_conversation_sockets %zu\n"
                            "# HELP parley_exchanges_total Answers completed.\n"
                            "# TYPE parley_exchanges_total counter\nparley_exchanges_total %" PRIu64 "\n"
                            "# HELP parley_dedup_hits_total User messages dropped as duplicates.\n"
                            "# TYPE parley_dedup_hits_total counter\nparley_dedup_hits_total %" PRIu64 "\n"
                            "# HELP parley_queue_depth User messages waiting behind an answer.\n"
                            "# TYPE parley_queue_depth gauge\nparley_queue_depth %zu\n"
                            "# HELP parley_busy_rejections_total User messages refused: queue full.\n"
                            "# TYPE parley_busy_rejections_total counter\nparley_busy_rejections_total %" PRIu64 "\n"
                            "# HELP parley_stops_total Answers stopped on request.\n"
                            "# TYPE parley_stops_total counter\nparley_stops_total %" PRIu64 "\n"
                            "# HELP parley_brain_errors_total Answers that failed.\n"
                            "# TYPE parley_brain_errors_total counter\nparley_brain_errors_total %" PRIu64 "\n"
                            "# HELP parley_events_total Conversation events sent.\n"
                            "# TYPE parley_events_total counter\nparley_events_total %" PRIu64 "\n",
                            e->n_convs, sockets, e->m_exchanges, e->m_dedup_hits, queued, e->m_busy,
                            e->m_stops, e->m_brain_errors, e->m_events);
    if (rv == 0)
        rv = pl_buf_append_str(out, "# HELP parley_fsm_transitions_total State transitions taken.\n"
                                    "# TYPE parley_fsm_transitions_total counter\n");
    for (int i = 0; rv == 0 && i < PL_CONV_TRANSITION_COUNT; i++)
        rv = pl_buf_appendf(out,
                            "parley_fsm_transitions_total{from=\"%s\",event=\"%s\",to=\"%s\"} %" PRIu64 "\n",
                            pl_conv_state_name(pl_conv_transitions[i].from),
                            pl_conv_event_name(pl_conv_transitions[i].event),
                            pl_conv_state_name(pl_conv_transitions[i].to), e->m_transitions[i]);
    if (rv == 0)
        rv = pl_buf_append_str(out, "# HELP parley_fsm_state_seconds Time spent in each state.\n"
                                    "# TYPE parley_fsm_state_seconds histogram\n");
    for (int s = 0; rv == 0 && s < PL_CONV_STATE_COUNT; s++) {
        char labels[64];
        snprintf(labels, sizeof(labels), "state=\"%s\"", pl_conv_state_name((pl_conv_state_t)s));
        /* One HELP/TYPE block above; the series below share the name. */
        pl_buf_t tmp = PL_BUF_INIT(0);
        rv = pl_metrics_render_histogram(&tmp, "parley_fsm_state_seconds", "-", labels,
                                         &e->m_state_time[s]);
        if (rv == 0) {
            /* Drop the per-call HELP and TYPE lines (two lines). */
            const char *body = tmp.data;
            for (int k = 0; k < 2 && body != NULL; k++) {
                body = strchr(body, '\n');
                if (body != NULL)
                    body++;
            }
            if (body != NULL)
                rv = pl_buf_append_str(out, body);
        }
        pl_buf_free(&tmp);
    }
    if (rv == 0)
        rv = pl_metrics_render_histogram(out, "parley_first_chunk_seconds",
                                         "Time from starting an answer to its first chunk.", NULL,
                                         &e->m_first_chunk);
    if (rv == 0)
        rv = pl_metrics_render_histogram(out, "parley_answer_seconds",
                                         "Time from starting an answer to its end.", NULL,
                                         &e->m_exchange_time);
    pl_store_stats_t ss;
    pl_store_stats(e->store, &ss);
    if (rv == 0)
        rv = pl_buf_appendf(out,
                            "# HELP parley_store_writes_total Writes the store completed.\n"
                            "# TYPE parley_store_writes_total counter\nparley_store_writes_total %" PRIu64 "\n"
                            "# HELP parley_store_write_failures_total Writes the store refused or failed.\n"
                            "# TYPE parley_store_write_failures_total counter\n"
                            "parley_store_write_failures_total %" PRIu64 "\n"
                            "# HELP parley_store_commits_total Transactions committed (each holds a batch of writes).\n"
                            "# TYPE parley_store_commits_total counter\nparley_store_commits_total %" PRIu64 "\n"
                            "# HELP parley_store_queued Writes waiting for the store.\n"
                            "# TYPE parley_store_queued gauge\nparley_store_queued %" PRIu64 "\n",
                            ss.writes, ss.failures, ss.commits, ss.queued);
    if (rv == 0)
        rv = pl_metrics_render_histogram(out, "parley_store_commit_seconds",
                                         "Time of each store commit, its sync included.", NULL,
                                         &ss.commit_time);
    if (rv == 0)
        rv = pl_metrics_render_histogram(out, "parley_store_wait_seconds",
                                         "Time from queuing a write that is waited on (a user "
                                         "message) to its completion on the loop.",
                                         NULL, &ss.wait_time);
    return rv;
}

static size_t count_convs(void *ud) { return ((pl_engine_t *)ud)->n_convs; }

pl_engine_t *pl_engine_new(pl_server_t *srv, pl_store_t *store, pl_brain_t *brain,
                           const pl_engine_config_t *cfg)
{
    pl_engine_t *e = pl_calloc(1, sizeof(*e));
    e->srv = srv;
    e->base = pl_server_base(srv);
    e->store = store;
    e->brain = brain;
    if (cfg != NULL)
        e->cfg = *cfg;
    else
        pl_engine_config_init(&e->cfg);
    e->n_buckets = 64;
    e->buckets = pl_calloc(e->n_buckets, sizeof(*e->buckets));
    e->hooks.start_typing = hook_start_typing;
    e->hooks.start_speaking = hook_start_speaking;
    e->hooks.stop_speaking = hook_stop_speaking;
    e->hooks.stop_typing = hook_stop_typing;
    e->hooks.report_error = hook_report_error;
    e->hooks.on_transition = hook_transition;
    pl_server_add_metrics(srv, render_metrics, e);
    pl_server_set_conversation_counter(srv, count_convs, e);
    return e;
}

void pl_engine_free(pl_engine_t *e)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < e->n_buckets; i++) {
        pl_conv_t *c = e->buckets[i];
        while (c != NULL) {
            pl_conv_t *next = c->hnext;
            while (c->parts != NULL) {
                pl_participant_t *p = c->parts;
                c->parts = p->next;
                pl_free(p);
            }
            conv_free(c);
            c = next;
        }
    }
    pl_free(e->buckets);
    pl_buf_free(&e->ser);
    pl_buf_free(&e->frame);
    pl_buf_free(&e->meta);
    pl_free(e);
}
