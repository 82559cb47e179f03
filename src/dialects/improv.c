/*
 * improv.c - the ImprovToday dialect (seed 002): the {type, conversation_id,
 * timestamp, payload} envelope over ws://HOST/api/ws/conversations/{id},
 * the v2 and legacy REST API, and the engine serializer. The /api/test/...
 * endpoints are in improv_test_api.c; speaking feedback in feedback.c.
 *
 * WebSocket. On open: connection_status (connected, active_connections),
 * the replay when the client resumes with ?last_seq=N, then a state_update
 * with the current state (no previous_state). None of these carries a seq:
 * they are per-socket greetings, not conversation events. An unknown
 * conversation gets an error (not_found) and close 1008; an ended one a
 * state_update and connection_status disconnecting, then close 1000.
 *
 * Client messages (generated parser pl_msg_improv_client; every refusal is
 * an `error` to the sender only, the socket stays open):
 *  - transcript_update with a non-blank final_transcript: the user's turn
 *    (pl_engine_user_message). Every committed turn, from any source, is
 *    announced to every socket as a sequenced transcript_update holding
 *    the final transcript (the acknowledgement). Without a final
 *    transcript it is an interim one: relayed to the OTHER sockets (not
 *    sequenced, not stored) and kept as the conversation's current interim
 *    transcript for GET /api/conversations/{id}/state.
 *  - state_change_request: pl_engine_request_state. A valid change is
 *    announced to all as state_update; an invalid one gets error
 *    invalid_transition with from_state / to_state and changes nothing.
 *    Asking for the current state answers the sender with a state_update
 *    snapshot (nothing changes).
 *  - speech_event, relayed to the other sockets, and:
 *      speech_start   IDLE/WAITING_FOR_USER -> LISTENING (user_input);
 *                     LISTENING: nothing; PROCESSING/SPEAKING: barge-in
 *                     (below); ERROR/ENDED: refused (invalid_transition).
 *      speech_end     LISTENING -> PROCESSING (input_complete); the next
 *                     final transcript is the turn's input. If none has
 *                     arrived after --improv-transcript-timeout seconds
 *                     (and none came before speech_end) the turn is
 *                     abandoned: PROCESSING -> WAITING_FOR_USER
 *                     (no_response) and every socket gets error `timeout`.
 *                     Outside LISTENING: no state change.
 *      barge_in       PROCESSING/SPEAKING: the answer in progress stops
 *                     (its partial text is saved as stopped), the state
 *                     goes to WAITING_FOR_USER (or IDLE by reset when
 *                     nothing was running), then LISTENING; every socket,
 *                     the sender included, gets a speech_event barge_in.
 *      synthesis_start, synthesis_end: relayed only (the engine's
 *                     SPEAKING ends when the answer is complete).
 *
 * Engine events: STATE -> state_update (every transition), USER_MESSAGE ->
 * transcript_update (final), STREAM_END of a complete answer -> ai_response
 * (content, audio_url null: Parley has no speech synthesis, feedback on the
 * user turn it answers), ERROR -> error (brain_error, or store_error when a
 * message could not be saved). Typing, chunks and titles are not shown.
 * When the conversation reaches ENDED every socket gets connection_status
 * disconnecting ("conversation ended") and is closed (1000).
 *
 * REST (JSON): POST /api/v2/conversations, POST /api/v2/conversations/{id}
 * /messages (answers once the AI response is complete), GET
 * /api/v2/conversations/{id}, GET /api/conversations/{id}/state, GET
 * /api/conversations/{id}/connections, POST /api/conversation (legacy).
 */
#include "improv_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "schemas/pl_msg_common.h"
#include "schemas/pl_msg_improv_client.h"
#include "schemas/pl_msg_improv_rest.h"
#include "schemas/pl_msg_improv_server.h"

#include <event2/event.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *MOD = "improv";

/* The engine's text when a user message could not be saved (engine.c). */
static const char STORE_FAILED_TEXT[] = "Your message could not be saved; please send it again.";

/* Per socket. */
struct pl_improv_sock {
    pl_improv_t *im;
    pl_improv_sock_t *prev, *next;
    pl_conn_t *conn;
    pl_conv_t *conv;
    pl_participant_t *part;
    pl_improv_conv_t *ic;
    uint64_t id;
    int64_t connected_ms;
    uint64_t received;
    double tokens;
    struct timespec last;
    double speech_start; /* monotonic seconds of the last speech_start, 0 if none */
    double speech_end;   /* of the speech_end after it, 0 if none */
    char peer[64];
    char conv_id[PL_STORE_ID_MAX + 1];
};

static pl_msg_str_t S(const char *s) { return (pl_msg_str_t){s, s ? strlen(s) : 0}; }
static pl_msg_str_t SN(const char *s, size_t n) { return (pl_msg_str_t){s, n}; }

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */

int64_t pl_improv__wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double pl_improv__mono(void)
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

static struct timeval tv_of(double seconds)
{
    struct timeval tv;
    if (seconds < 0)
        seconds = 0;
    tv.tv_sec = (time_t)seconds;
    tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
    return tv;
}

/* The longest prefix of s[0..n) of at most max bytes that ends on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

/* A conversation id usable in a server message (the schema: 1..128 characters). */
static const char *wire_id(const char *id)
{
    if (id == NULL || *id == '\0' || strlen(id) > PL_STORE_ID_MAX ||
        pl_msg_utf8_count(id, strlen(id)) == (size_t)-1)
        return "-";
    return id;
}

/* Schema enums of states: the FSM order, from 1. */
static int state_enum(pl_conv_state_t s) { return (int)s + 1; }

yajl_gen pl_improv__gen(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    return g;
}

void pl_improv__key(yajl_gen g, const char *k)
{
    yajl_gen_string(g, (const unsigned char *)k, strlen(k));
}

void pl_improv__kv(yajl_gen g, const char *k, const char *v)
{
    pl_improv__key(g, k);
    if (v == NULL)
        yajl_gen_null(g);
    else
        yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

void pl_improv__kv_int(yajl_gen g, const char *k, long long v)
{
    pl_improv__key(g, k);
    yajl_gen_integer(g, v);
}

void pl_improv__kv_num(yajl_gen g, const char *k, double v)
{
    pl_improv__key(g, k);
    /* Three decimals are plenty for rates and milliseconds. */
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%.3f", isfinite(v) ? v : 0.0);
    yajl_gen_number(g, buf, (size_t)n);
}

void pl_improv__kv_bool(yajl_gen g, const char *k, int v)
{
    pl_improv__key(g, k);
    yajl_gen_bool(g, v != 0);
}

void pl_improv__kv_time(yajl_gen g, const char *k, int64_t ms)
{
    char ts[32];
    pl_dialect_timestamp(ms, ts);
    pl_improv__kv(g, k, ts);
}

void pl_improv__respond_gen(pl_req_t *req, int status, yajl_gen g)
{
    const unsigned char *b;
    size_t n;
    if (yajl_gen_get_buf(g, &b, &n) == yajl_gen_status_ok)
        pl_req_respond_json(req, status, (const char *)b, n);
    else
        pl_req_respond_error(req, 500, "could not build the response");
    yajl_gen_free(g);
}

void pl_improv__meta_field(const char *meta, const char *key, char *out, size_t len)
{
    out[0] = '\0';
    if (meta == NULL || strchr(meta, '"') == NULL)
        return;
    yajl_val root = yajl_tree_parse(meta, NULL, 0);
    if (root != NULL && YAJL_IS_OBJECT(root)) {
        const char *path[] = {key, NULL};
        yajl_val v = yajl_tree_get(root, path, yajl_t_string);
        if (v != NULL)
            snprintf(out, len, "%s", YAJL_GET_STRING(v));
    }
    yajl_tree_free(root);
}

void pl_improv__feedback_msg(const pl_feedback_t *fb, pl_msg_common_feedback_t *out,
                             pl_msg_common_filler_word_t *items)
{
    pl_msg_common_feedback_init(out);
    out->clarity = fb->clarity;
    out->fluency = fb->fluency;
    if (fb->n_fillers > 0) {
        for (size_t i = 0; i < fb->n_fillers; i++) {
            items[i].word = S(fb->fillers[i].word);
            items[i].count = fb->fillers[i].count;
        }
        out->has_filler_words = true;
        out->filler_words.n = fb->n_fillers;
        out->filler_words.items = items;
    }
    if (fb->repetitions > 0) {
        out->has_repetitions = true;
        out->repetitions = fb->repetitions;
    }
    if (fb->words_per_minute >= 0) {
        out->has_words_per_minute = true;
        out->words_per_minute = round(fb->words_per_minute * 10) / 10;
    }
}

/* ---------------------------------------------------------------------- */
/* Conversation records                                                   */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static pl_improv_conv_t *conv_find(pl_improv_t *im, const char *id)
{
    for (pl_improv_conv_t *c = im->buckets[hash_str(id) & (im->n_buckets - 1)]; c != NULL;
         c = c->hnext)
        if (strcmp(c->id, id) == 0)
            return c;
    return NULL;
}

pl_improv_conv_t *pl_improv__conv(pl_improv_t *im, const char *id)
{
    pl_improv_conv_t *ic = conv_find(im, id);
    if (ic != NULL)
        return ic;
    if (im->n_convs + 1 > im->n_buckets) {
        size_t n = im->n_buckets * 2;
        pl_improv_conv_t **b = pl_calloc(n, sizeof(*b));
        for (size_t i = 0; i < im->n_buckets; i++) {
            pl_improv_conv_t *c = im->buckets[i];
            while (c != NULL) {
                pl_improv_conv_t *next = c->hnext;
                size_t j = hash_str(c->id) & (n - 1);
                c->hnext = b[j];
                b[j] = c;
                c = next;
            }
        }
        pl_free(im->buckets);
        im->buckets = b;
        im->n_buckets = n;
    }
    ic = pl_calloc(1, sizeof(*ic));
    ic->im = im;
    snprintf(ic->id, sizeof(ic->id), "%s", id);
    size_t i = hash_str(ic->id) & (im->n_buckets - 1);
    ic->hnext = im->buckets[i];
    im->buckets[i] = ic;
    im->n_convs++;
    return ic;
}

static void conv_free(pl_improv_conv_t *ic)
{
    if (ic->input_timer != NULL)
        event_free(ic->input_timer);
    if (ic->end_timer != NULL)
        event_free(ic->end_timer);
    pl_free(ic->interim);
    pl_free(ic);
}

void pl_improv__conv_release(pl_improv_conv_t *ic)
{
    if (ic == NULL || ic->n_turns > 0 || ic->n_socks > 0 || ic->input_timer_armed ||
        ic->end_timer_armed || ic->jobs > 0)
        return;
    pl_improv_t *im = ic->im;
    pl_improv_conv_t **pp = &im->buckets[hash_str(ic->id) & (im->n_buckets - 1)];
    while (*pp != NULL && *pp != ic)
        pp = &(*pp)->hnext;
    if (*pp == ic) {
        *pp = ic->hnext;
        im->n_convs--;
    }
    conv_free(ic);
}

pl_conv_t *pl_improv__live(pl_improv_t *im, const char *id)
{
    pl_conv_t *c = pl_engine_conv_get(im->engine, id);
    if (c == NULL || strcmp(pl_conv_dialect(c)->name, im->dialect.name) != 0)
        return NULL;
    return c;
}

/* ---------------------------------------------------------------------- */
/* Waiters                                                                */

static void waiter_unlink(pl_improv_waiter_t *w)
{
    pl_improv_t *im = w->im;
    if (w->prev != NULL)
        w->prev->next = w->next;
    else
        im->waiters = w->next;
    if (w->next != NULL)
        w->next->prev = w->prev;
    w->prev = w->next = NULL;
    im->n_waiters--;
}

static void waiter_destroy(pl_improv_waiter_t *w)
{
    if (w->timer != NULL)
        event_free(w->timer);
    pl_free(w->message_id);
    pl_free(w->content);
    pl_free(w);
}

static void waiter_free(pl_improv_waiter_t *w)
{
    waiter_unlink(w);
    waiter_destroy(w);
}

/* The answer timeout, or the deferred delivery of a recorded outcome. */
static void waiter_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_improv_waiter_t *w = arg;
    if (!w->done)
        w->outcome = PL_IMPROV_TIMED_OUT;
    pl_improv_answer_t a = {0};
    a.outcome = w->outcome;
    a.conversation_id = w->conv_id;
    a.message_id = w->message_id;
    a.content = w->content;
    a.len = w->len;
    a.fb = &w->fb;
    a.state = w->state;
    a.seconds = since(&w->started);
    /* Out of the list first: the callback may submit (and wait) again. */
    waiter_unlink(w);
    w->fn(w->im, &a, w->ud);
    waiter_destroy(w);
}

static pl_improv_waiter_t *waiter_new(pl_improv_t *im, const char *conv_id, pl_improv_answer_fn fn,
                                      void *ud)
{
    pl_improv_waiter_t *w = pl_calloc(1, sizeof(*w));
    w->im = im;
    w->ticket = ++im->next_ticket;
    snprintf(w->conv_id, sizeof(w->conv_id), "%s", conv_id);
    w->fn = fn;
    w->ud = ud;
    clock_gettime(CLOCK_MONOTONIC, &w->started);
    w->timer = evtimer_new(im->base, waiter_timer_cb, w);
    struct timeval tv = tv_of(im->cfg.answer_timeout);
    evtimer_add(w->timer, &tv);
    w->next = im->waiters;
    if (im->waiters != NULL)
        im->waiters->prev = w;
    im->waiters = w;
    im->n_waiters++;
    return w;
}

void pl_improv__cancel_waiters(pl_improv_t *im, const void *ud)
{
    pl_improv_waiter_t *next;
    for (pl_improv_waiter_t *w = im->waiters; w != NULL; w = next) {
        next = w->next;
        if (w->ud == ud)
            waiter_free(w);
    }
}

static pl_improv_waiter_t *waiter_find(pl_improv_t *im, uint64_t ticket)
{
    if (ticket == 0)
        return NULL;
    for (pl_improv_waiter_t *w = im->waiters; w != NULL; w = w->next)
        if (w->ticket == ticket)
            return w;
    return NULL;
}

/*
 * Records a waiter's outcome; the callback runs from the loop right after
 * (never inside the engine's event delivery, which may not be re-entered).
 */
static void waiter_settle(pl_improv_waiter_t *w, pl_improv_outcome_t outcome, const char *mid,
                          const char *content, size_t len, pl_conv_state_t state)
{
    if (w == NULL || w->done)
        return;
    w->done = 1;
    w->outcome = outcome;
    w->message_id = mid ? pl_strdup(mid) : NULL;
    w->content = content ? pl_strndup(content, len) : NULL;
    w->len = content ? len : 0;
    w->state = state;
    evtimer_del(w->timer);
    struct timeval tv = {0, 0};
    evtimer_add(w->timer, &tv);
}

/* ---------------------------------------------------------------------- */
/* Turns and answers (see improv_int.h)                                   */

/* What a user message's client meta says (written by pl_improv__submit). */
typedef struct turn_meta {
    double confidence;    /* < 0: unknown */
    double speech_seconds;/* <= 0: unknown */
    uint64_t ticket;
} turn_meta_t;

static void read_turn_meta(const char *meta, turn_meta_t *tm)
{
    tm->confidence = -1;
    tm->speech_seconds = 0;
    tm->ticket = 0;
    if (meta == NULL || strchr(meta, ':') == NULL)
        return;
    yajl_val root = yajl_tree_parse(meta, NULL, 0);
    if (root != NULL && YAJL_IS_OBJECT(root)) {
        const char *pc[] = {"confidence", NULL}, *ps[] = {"speech_ms", NULL},
                   *pt[] = {"ticket", NULL};
        yajl_val v = yajl_tree_get(root, pc, yajl_t_number);
        if (v != NULL && YAJL_GET_DOUBLE(v) >= 0 && YAJL_GET_DOUBLE(v) <= 1)
            tm->confidence = YAJL_GET_DOUBLE(v);
        v = yajl_tree_get(root, ps, yajl_t_number);
        if (v != NULL && YAJL_IS_INTEGER(v) && YAJL_GET_INTEGER(v) > 0)
            tm->speech_seconds = (double)YAJL_GET_INTEGER(v) / 1000.0;
        v = yajl_tree_get(root, pt, yajl_t_number);
        if (v != NULL && YAJL_IS_INTEGER(v) && YAJL_GET_INTEGER(v) > 0)
            tm->ticket = (uint64_t)YAJL_GET_INTEGER(v);
    }
    yajl_tree_free(root);
}

static void turns_drop_front(pl_improv_conv_t *ic, size_t k)
{
    if (k > ic->n_turns)
        k = ic->n_turns;
    memmove(ic->turns, ic->turns + k, (ic->n_turns - k) * sizeof(ic->turns[0]));
    ic->n_turns -= k;
}

static void settle_turn(pl_improv_t *im, const pl_improv_turn_t *t, pl_improv_outcome_t outcome)
{
    waiter_settle(waiter_find(im, t->ticket), outcome, NULL, NULL, 0, PL_CONV_STATE_IDLE);
}

/* A live acknowledgement: the turn joins those waiting for their answer. */
static void track_ack(pl_improv_t *im, const pl_engine_event_t *ev, const turn_meta_t *tm,
                      pl_feedback_t *fb)
{
    pl_improv_conv_t *ic = pl_improv__conv(im, pl_conv_id(ev->conv));
    pl_improv_waiter_t *w = waiter_find(im, tm->ticket);
    if (w != NULL) {
        w->committed = 1;
        *fb = w->fb;
    } else {
        pl_feedback_score(ev->text, ev->len, tm->confidence, tm->speech_seconds, fb);
    }
    if (ic->n_turns == PL_IMPROV_MAX_TURNS) {
        settle_turn(im, &ic->turns[0], PL_IMPROV_LOST);
        turns_drop_front(ic, 1);
    }
    ic->turns[ic->n_turns].fb = *fb;
    ic->turns[ic->n_turns].ticket = tm->ticket;
    ic->n_turns++;
    ic->last_fb = *fb;
    ic->has_last_fb = 1;
    pl_free(ic->interim);
    ic->interim = NULL;
}

/* A live answer's end: finds the turn it answers and settles it. */
static void track_answer(pl_improv_t *im, const pl_engine_event_t *ev, pl_feedback_t *fb)
{
    pl_improv_conv_t *ic = pl_improv__conv(im, pl_conv_id(ev->conv));
    size_t queued = pl_conv_queued(ev->conv);
    if (ic->n_turns > queued) {
        size_t idx = ic->n_turns - 1 - queued;
        for (size_t i = 0; i < idx; i++)
            settle_turn(im, &ic->turns[i], PL_IMPROV_LOST);
        const pl_improv_turn_t *t = &ic->turns[idx];
        *fb = t->fb;
        int complete = ev->status == NULL || strcmp(ev->status, "complete") == 0;
        pl_improv_outcome_t outcome = complete ? PL_IMPROV_ANSWERED
                                      : strcmp(ev->status, "failed") == 0 ? PL_IMPROV_FAILED
                                                                          : PL_IMPROV_STOPPED;
        if (outcome == PL_IMPROV_ANSWERED && ev->len == 0)
            outcome = PL_IMPROV_LOST; /* an empty answer cannot be shown */
        /* A complete answer leaves SPEAKING by response_finished. */
        waiter_settle(waiter_find(im, t->ticket), outcome, ev->message_id, ev->text, ev->len,
                      PL_CONV_STATE_WAITING_FOR_USER);
        turns_drop_front(ic, idx + 1);
        im->n_answers++;
    } else if (ic->has_last_fb) {
        *fb = ic->last_fb;
    } else {
        pl_feedback_score("", 0, -1, 0, fb);
    }
    pl_improv__conv_release(ic);
}

static void end_timer_cb(evutil_socket_t fd, short what, void *arg);

/* A live transition. */
static void track_state(pl_improv_t *im, const pl_engine_event_t *ev)
{
    pl_improv_conv_t *ic = pl_improv__conv(im, pl_conv_id(ev->conv));
    if (ev->to == PL_CONV_STATE_LISTENING)
        ic->turn_input = 0; /* a new turn begins */
    if (ev->to == PL_CONV_STATE_PROCESSING)
        ic->processing_epoch++;
    if (ev->to == PL_CONV_STATE_IDLE || ev->to == PL_CONV_STATE_WAITING_FOR_USER ||
        ev->to == PL_CONV_STATE_ERROR || ev->to == PL_CONV_STATE_ENDED) {
        /* The exchange is over: turns beyond the queue got no answer. */
        size_t queued = pl_conv_queued(ev->conv);
        int failed = ev->fsm_event != NULL && strcmp(ev->fsm_event, "failure") == 0;
        while (ic->n_turns > queued) {
            settle_turn(im, &ic->turns[0], failed ? PL_IMPROV_FAILED : PL_IMPROV_STOPPED);
            turns_drop_front(ic, 1);
        }
    }
    if (ev->to == PL_CONV_STATE_ENDED && !ic->end_timer_armed) {
        if (ic->end_timer == NULL)
            ic->end_timer = evtimer_new(im->base, end_timer_cb, ic);
        struct timeval tv = {0, 0};
        evtimer_add(ic->end_timer, &tv);
        ic->end_timer_armed = 1;
    }
    pl_improv__conv_release(ic);
}

/* A live error event: a message that could not be saved fails its waiter. */
static void track_error(pl_improv_t *im, const pl_engine_event_t *ev)
{
    if (ev->len != sizeof(STORE_FAILED_TEXT) - 1 || memcmp(ev->text, STORE_FAILED_TEXT, ev->len) != 0)
        return;
    const char *cid = pl_conv_id(ev->conv);
    pl_improv_waiter_t *oldest = NULL;
    for (pl_improv_waiter_t *w = im->waiters; w != NULL; w = w->next)
        if (!w->committed && !w->done && strcmp(w->conv_id, cid) == 0)
            oldest = w; /* the list is newest first */
    waiter_settle(oldest, PL_IMPROV_STORE_FAILED, NULL, NULL, 0, PL_CONV_STATE_IDLE);
}

/* ---------------------------------------------------------------------- */
/* Engine events -> seed 002 messages                                     */

static int serialize(const pl_engine_event_t *ev, pl_buf_t *out, void *ud)
{
    pl_improv_t *im = ud;
    /* A live event takes the next seq; replays carry stored ones. */
    int live = ev->seq == pl_conv_last_seq(ev->conv) + 1;
    char ts[32];
    pl_dialect_timestamp(ev->at_ms, ts);
    pl_msg_str_t conv = S(pl_conv_id(ev->conv));
    int64_t seq = (int64_t)ev->seq;
    switch (ev->kind) {
    case PL_EV_USER_MESSAGE: {
        turn_meta_t tm;
        read_turn_meta(ev->client_meta, &tm);
        pl_feedback_t fb;
        if (live) {
            track_ack(im, ev, &tm, &fb);
        } else {
            if (im->replay_conv != ev->conv) {
                im->replay_conv = ev->conv;
                im->replay_n = 0;
            }
            pl_feedback_score(ev->text, ev->len, tm.confidence, tm.speech_seconds, &fb);
            if (im->replay_n == PL_IMPROV_MAX_TURNS) {
                memmove(im->replay_fb, im->replay_fb + 1, (PL_IMPROV_MAX_TURNS - 1) * sizeof(fb));
                im->replay_n--;
            }
            im->replay_fb[im->replay_n++] = fb;
        }
        pl_msg_improv_server_transcript_update_t m;
        pl_msg_improv_server_transcript_update_init(&m);
        m.conversation_id = conv;
        m.timestamp = S(ts);
        m.payload.interim_transcript = S("");
        m.payload.final_transcript = SN(ev->text, ev->len);
        if (tm.confidence >= 0) {
            m.payload.has_confidence = true;
            m.payload.confidence = tm.confidence;
        }
        m.has_seq = seq > 0;
        m.seq = seq;
        return pl_msg_improv_server_transcript_update_serialize(&m, out, NULL);
    }
    case PL_EV_STREAM_END: {
        pl_feedback_t fb;
        if (live) {
            track_answer(im, ev, &fb);
        } else if (im->replay_conv == ev->conv && im->replay_n > 0) {
            fb = im->replay_fb[0];
            memmove(im->replay_fb, im->replay_fb + 1, (im->replay_n - 1) * sizeof(fb));
            im->replay_n--;
        } else {
            pl_feedback_score("", 0, -1, 0, &fb);
        }
        if ((ev->status != NULL && strcmp(ev->status, "complete") != 0) || ev->len == 0)
            return 1; /* only complete answers are AI responses */
        pl_msg_common_filler_word_t items[PL_FEEDBACK_MAX_FILLERS];
        pl_msg_improv_server_ai_response_t m;
        pl_msg_improv_server_ai_response_init(&m);
        m.conversation_id = conv;
        m.timestamp = S(ts);
        m.payload.message_id = S(ev->message_id);
        m.payload.content = SN(ev->text, ev->len);
        m.payload.audio_url_is_null = true;
        pl_improv__feedback_msg(&fb, &m.payload.feedback, items);
        m.has_seq = seq > 0;
        m.seq = seq;
        return pl_msg_improv_server_ai_response_serialize(&m, out, NULL);
    }
    case PL_EV_STATE: {
        if (live)
            track_state(im, ev);
        pl_msg_improv_server_state_update_t m;
        pl_msg_improv_server_state_update_init(&m);
        m.conversation_id = conv;
        m.timestamp = S(ts);
        m.payload.current_state = state_enum(ev->to);
        m.payload.has_previous_state = true;
        m.payload.previous_state = state_enum(ev->from);
        m.payload.speech_recognition_active = ev->to == PL_CONV_STATE_LISTENING;
        m.payload.speech_synthesis_active = ev->to == PL_CONV_STATE_SPEAKING;
        m.has_seq = seq > 0;
        m.seq = seq;
        return pl_msg_improv_server_state_update_serialize(&m, out, NULL);
    }
    case PL_EV_ERROR: {
        if (live)
            track_error(im, ev);
        if (live && im->in_request)
            return 1; /* ERROR entered on a client's request: nothing failed to report */
        int store = ev->len == sizeof(STORE_FAILED_TEXT) - 1 &&
                    memcmp(ev->text, STORE_FAILED_TEXT, ev->len) == 0;
        pl_msg_improv_server_error_t m;
        pl_msg_improv_server_error_init(&m);
        m.conversation_id = conv;
        m.timestamp = S(ts);
        m.payload.error = store ? PL_MSG_COMMON_ERROR_CODE_STORE_ERROR
                                : PL_MSG_COMMON_ERROR_CODE_BRAIN_ERROR;
        m.payload.message = ev->len > 0 ? SN(ev->text, utf8_cut(ev->text, ev->len, 1000))
                                        : S("Something went wrong.");
        m.has_seq = seq > 0;
        m.seq = seq;
        return pl_msg_improv_server_error_serialize(&m, out, NULL);
    }
    default:
        return 1; /* typing, chunks, stream start and titles are not shown */
    }
}

/* ---------------------------------------------------------------------- */
/* Transient messages (one socket, or relays)                             */

static void send_buf(pl_conn_t *c, const pl_buf_t *b)
{
    if (b->len > 0)
        pl_conn_send_text(c, b->data, b->len);
}

static int error_json(const char *conv_id, pl_msg_common_error_code_t code, const char *text,
                      int from, int to, pl_buf_t *out)
{
    char ts[32];
    pl_dialect_timestamp(pl_improv__wall_ms(), ts);
    pl_msg_improv_server_error_t m;
    pl_msg_improv_server_error_init(&m);
    m.conversation_id = S(wire_id(conv_id));
    m.timestamp = S(ts);
    m.payload.error = code;
    m.payload.message = SN(text, utf8_cut(text, strlen(text), 1000));
    if (from >= 0) {
        m.payload.has_from_state = true;
        m.payload.from_state = state_enum((pl_conv_state_t)from);
    }
    if (to >= 0) {
        m.payload.has_to_state = true;
        m.payload.to_state = state_enum((pl_conv_state_t)to);
    }
    return pl_msg_improv_server_error_serialize(&m, out, NULL);
}

static void send_error(pl_improv_t *im, pl_conn_t *c, const char *conv_id,
                       pl_msg_common_error_code_t code, const char *text, int from, int to)
{
    pl_buf_t out = PL_BUF_INIT(0);
    if (error_json(conv_id, code, text, from, to, &out) == 0)
        send_buf(c, &out);
    else
        pl_log_error(MOD, "cannot serialize an error message");
    pl_buf_free(&out);
    im->n_ws_errors++;
}

/* The current state as a state_update without previous_state and seq. */
static void send_snapshot(pl_conn_t *c, const char *conv_id, pl_conv_state_t st)
{
    char ts[32];
    pl_dialect_timestamp(pl_improv__wall_ms(), ts);
    pl_msg_improv_server_state_update_t m;
    pl_msg_improv_server_state_update_init(&m);
    m.conversation_id = S(wire_id(conv_id));
    m.timestamp = S(ts);
    m.payload.current_state = state_enum(st);
    m.payload.speech_recognition_active = st == PL_CONV_STATE_LISTENING;
    m.payload.speech_synthesis_active = st == PL_CONV_STATE_SPEAKING;
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_improv_server_state_update_serialize(&m, &out, NULL) == 0)
        send_buf(c, &out);
    pl_buf_free(&out);
}

static void send_status(pl_conn_t *c, const char *conv_id, int connected, size_t active,
                        const char *message)
{
    char ts[32];
    pl_dialect_timestamp(pl_improv__wall_ms(), ts);
    pl_msg_improv_server_connection_status_t m;
    pl_msg_improv_server_connection_status_init(&m);
    m.conversation_id = S(wire_id(conv_id));
    m.timestamp = S(ts);
    m.payload.status = connected ? PL_MSG_IMPROV_SERVER_CONNECTION_STATUS_PAYLOAD_STATUS_CONNECTED
                                 : PL_MSG_IMPROV_SERVER_CONNECTION_STATUS_PAYLOAD_STATUS_DISCONNECTING;
    m.payload.active_connections = (int64_t)active;
    if (message != NULL) {
        m.payload.has_message = true;
        m.payload.message = S(message);
    }
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_improv_server_connection_status_serialize(&m, &out, NULL) == 0)
        send_buf(c, &out);
    pl_buf_free(&out);
}

int pl_improv__transcript_json(const char *conv_id, const char *interim, size_t ilen,
                               const char *final, size_t flen, double confidence, pl_buf_t *out)
{
    char ts[32];
    pl_dialect_timestamp(pl_improv__wall_ms(), ts);
    pl_msg_improv_server_transcript_update_t m;
    pl_msg_improv_server_transcript_update_init(&m);
    m.conversation_id = S(wire_id(conv_id));
    m.timestamp = S(ts);
    m.payload.interim_transcript = SN(interim ? interim : "", interim ? ilen : 0);
    m.payload.final_transcript = SN(final ? final : "", final ? flen : 0);
    if (confidence >= 0 && confidence <= 1) {
        m.payload.has_confidence = true;
        m.payload.confidence = confidence;
    }
    return pl_msg_improv_server_transcript_update_serialize(&m, out, NULL);
}

int pl_improv__speech_json(const char *conv_id, pl_msg_common_speech_event_type_t type,
                           const char *data_json, size_t data_len, pl_buf_t *out)
{
    char ts[32];
    pl_dialect_timestamp(pl_improv__wall_ms(), ts);
    pl_msg_improv_server_speech_event_t m;
    pl_msg_improv_server_speech_event_init(&m);
    m.conversation_id = S(wire_id(conv_id));
    m.timestamp = S(ts);
    m.payload.event_type = type;
    if (data_json != NULL) {
        m.payload.has_data = true;
        m.payload.data = SN(data_json, data_len);
    }
    return pl_msg_improv_server_speech_event_serialize(&m, out, NULL);
}

void pl_improv__send_all(pl_improv_t *im, pl_conv_t *c, const char *text, size_t len)
{
    im->n_relayed++;
    pl_engine_send_all(im->engine, c, text, len);
}

/* ---------------------------------------------------------------------- */
/* Submitting turns                                                       */

int pl_improv__submit(pl_improv_t *im, pl_conv_t *c, pl_participant_t *p, const char *text,
                      size_t len, double confidence, double speech_seconds, const char *source,
                      pl_improv_answer_fn fn, void *ud)
{
    const char *cid = pl_conv_id(c);
    pl_improv_waiter_t *w = fn != NULL ? waiter_new(im, cid, fn, ud) : NULL;
    if (w != NULL)
        pl_feedback_score(text, len, confidence, speech_seconds, &w->fb);
    /* What the feedback needs again on replays, kept with the message. */
    char meta[160];
    int n = snprintf(meta, sizeof(meta), "{\"source\":\"%s\"", source);
    if (confidence >= 0 && confidence <= 1)
        n += snprintf(meta + n, sizeof(meta) - (size_t)n, ",\"confidence\":%.4f", confidence);
    if (speech_seconds > 0)
        n += snprintf(meta + n, sizeof(meta) - (size_t)n, ",\"speech_ms\":%lld",
                      (long long)llround(speech_seconds * 1000));
    if (w != NULL)
        n += snprintf(meta + n, sizeof(meta) - (size_t)n, ",\"ticket\":%" PRIu64, w->ticket);
    snprintf(meta + n, sizeof(meta) - (size_t)n, "}");
    pl_engine_user_msg_t m = {0};
    m.text = text;
    m.len = len;
    m.user_id = pl_conv_user_id(c);
    m.client_meta = meta;
    int rv = pl_engine_user_message(im->engine, c, p, &m);
    if (rv == PL_ACCEPT_PROCESSING || rv == PL_ACCEPT_QUEUED) {
        pl_improv_conv_t *ic = pl_improv__conv(im, cid);
        ic->turn_input = 1;
        im->n_turns_submitted++;
        return rv;
    }
    if (w != NULL)
        waiter_free(w);
    return rv;
}

/* ---------------------------------------------------------------------- */
/* Timers                                                                 */

/* speech_end (or a state request) put the conversation in PROCESSING and
 * no final transcript followed in time. */
static void input_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_improv_conv_t *ic = arg;
    pl_improv_t *im = ic->im;
    ic->input_timer_armed = 0;
    ic->jobs++; /* the engine calls below may settle everything else it holds */
    pl_conv_t *c = pl_improv__live(im, ic->id);
    if (c != NULL && !ic->turn_input && ic->processing_epoch == ic->timer_epoch &&
        pl_conv_state(c) == PL_CONV_STATE_PROCESSING &&
        pl_engine_fire_event(im->engine, c, PL_CONV_EVENT_NO_RESPONSE, NULL, 0) == 0) {
        char text[200];
        snprintf(text, sizeof(text),
                 "No final transcript arrived within %g s of the end of speech: the turn was "
                 "abandoned.",
                 im->cfg.transcript_timeout);
        pl_buf_t out = PL_BUF_INIT(0);
        if (error_json(ic->id, PL_MSG_COMMON_ERROR_CODE_TIMEOUT, text, -1, -1, &out) == 0)
            pl_improv__send_all(im, c, out.data, out.len);
        pl_buf_free(&out);
    }
    ic->jobs--;
    pl_improv__conv_release(ic);
}

static void arm_input_timer(pl_improv_t *im, pl_improv_conv_t *ic)
{
    if (ic->turn_input)
        return;
    if (ic->input_timer == NULL)
        ic->input_timer = evtimer_new(im->base, input_timer_cb, ic);
    ic->timer_epoch = ic->processing_epoch;
    struct timeval tv = tv_of(im->cfg.transcript_timeout);
    evtimer_add(ic->input_timer, &tv);
    ic->input_timer_armed = 1;
}

/* The conversation ended: every socket is told and closed. */
static void end_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_improv_conv_t *ic = arg;
    pl_improv_t *im = ic->im;
    ic->end_timer_armed = 0;
    ic->jobs++; /* keep it while its sockets close */
    pl_improv_sock_t *next;
    for (pl_improv_sock_t *s = im->socks; s != NULL; s = next) {
        next = s->next;
        if (s->ic != ic)
            continue;
        send_status(s->conn, ic->id, 0, ic->n_socks - 1, "conversation ended");
        pl_conn_close(s->conn, 1000, "conversation ended"); /* frees s */
    }
    ic->jobs--;
    pl_improv__conv_release(ic);
}

/* ---------------------------------------------------------------------- */
/* WebSocket                                                              */

static void ws_open(pl_conn_t *c, const pl_http_match_t *route, const char *query, void *ud)
{
    pl_improv_t *im = ud;
    const char *id = pl_http_match_param(route, "conversation_id");
    pl_conv_t *conv = id ? pl_improv__live(im, id) : NULL;
    if (conv == NULL) {
        send_error(im, c, id, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, "Conversation not found", -1, -1);
        pl_conn_close(c, 1008, "conversation not found");
        return;
    }
    if (pl_conv_state(conv) == PL_CONV_STATE_ENDED) {
        send_snapshot(c, id, PL_CONV_STATE_ENDED);
        send_status(c, id, 0, pl_conv_sockets(conv), "conversation ended");
        pl_conn_close(c, 1000, "conversation ended");
        return;
    }
    int64_t last_seq = pl_dialect_last_seq(query);
    pl_improv_sock_t *s = pl_calloc(1, sizeof(*s));
    s->im = im;
    s->conn = c;
    s->conv = conv;
    s->id = ++im->next_sock_id;
    s->connected_ms = pl_improv__wall_ms();
    s->tokens = im->burst;
    clock_gettime(CLOCK_MONOTONIC, &s->last);
    snprintf(s->peer, sizeof(s->peer), "%s", pl_conn_peer(c));
    snprintf(s->conv_id, sizeof(s->conv_id), "%s", id);
    s->ic = pl_improv__conv(im, id);
    s->ic->n_socks++;
    s->next = im->socks;
    if (im->socks != NULL)
        im->socks->prev = s;
    im->socks = s;
    im->n_socks++;
    s->part = pl_engine_attach(im->engine, conv, c, last_seq, NULL);
    pl_conn_set_data(c, s);
    send_status(c, id, 1, pl_conv_sockets(conv), NULL);
    im->replay_conv = NULL;
    im->replay_n = 0;
    pl_engine_replay(im->engine, s->part);
    im->replay_conv = NULL;
    im->replay_n = 0;
    send_snapshot(c, id, pl_conv_state(conv));
}

/* Token bucket: rate per second, burst deep. */
static int rate_ok(pl_improv_sock_t *s)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - s->last.tv_sec) + (double)(now.tv_nsec - s->last.tv_nsec) / 1e9;
    s->last = now;
    s->tokens += dt * s->im->rate;
    if (s->tokens > s->im->burst)
        s->tokens = s->im->burst;
    if (s->tokens < 1.0)
        return 0;
    s->tokens -= 1.0;
    return 1;
}

static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return 0;
    return 1;
}

/* The answer to a refused user turn from a socket. */
static void turn_refused(pl_improv_sock_t *s, int rv)
{
    pl_improv_t *im = s->im;
    pl_conv_state_t st = pl_conv_state(s->conv);
    if (rv == PL_ERR_BUSY)
        send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_BUSY,
                   "The conversation is busy: too many turns are waiting for an answer.", -1, -1);
    else if (rv == PL_ERR_CLOSED)
        send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND,
                   "This conversation has ended.", -1, -1);
    else if (rv == PL_ERR_FSM_TRANSITION) {
        char text[160];
        snprintf(text, sizeof(text), "cannot take a user turn in state %s",
                 pl_conv_state_name_lower(st));
        send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_TRANSITION, text,
                   (int)st, PL_CONV_STATE_LISTENING);
    } else
        send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INTERNAL_ERROR,
                   "The transcript could not be processed.", -1, -1);
}

static void on_transcript(pl_improv_sock_t *s, const pl_msg_improv_client_transcript_update_t *m)
{
    pl_improv_t *im = s->im;
    const pl_msg_str_t *fin = &m->payload.final_transcript, *inter = &m->payload.interim_transcript;
    if (memchr(fin->ptr, '\0', fin->len) != NULL || memchr(inter->ptr, '\0', inter->len) != NULL) {
        send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                   "payload: transcripts must not contain NUL characters", -1, -1);
        return;
    }
    double conf = m->payload.has_confidence ? m->payload.confidence : -1;
    if (!blank(fin->ptr, fin->len)) {
        /* A final transcript: the user's turn. */
        double speech = 0;
        if (s->speech_start > 0)
            speech = (s->speech_end > s->speech_start ? s->speech_end : pl_improv__mono()) -
                     s->speech_start;
        int rv = pl_improv__submit(im, s->conv, s->part, fin->ptr, fin->len, conf, speech,
                                   "websocket", NULL, NULL);
        s->speech_start = s->speech_end = 0;
        if (rv < 0)
            turn_refused(s, rv);
        return;
    }
    /* Interim: relayed as the client sent it, to the other sockets. */
    pl_improv_conv_t *ic = s->ic;
    pl_free(ic->interim);
    ic->interim = pl_strndup(inter->ptr, inter->len);
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_improv__transcript_json(s->conv_id, inter->ptr, inter->len, fin->ptr, fin->len, conf,
                                   &out) == 0) {
        im->n_relayed++;
        pl_engine_send_others(im->engine, s->part, out.data, out.len);
    }
    pl_buf_free(&out);
}

static void on_state_request(pl_improv_sock_t *s,
                             const pl_msg_improv_client_state_change_request_t *m)
{
    pl_improv_t *im = s->im;
    pl_conv_state_t to = (pl_conv_state_t)((int)m->payload.state - 1);
    pl_conv_state_t from = pl_conv_state(s->conv);
    if (to == from) {
        send_snapshot(s->conn, s->conv_id, from); /* already there */
        return;
    }
    char why[256];
    im->in_request = 1;
    int rv = pl_engine_request_state(im->engine, s->conv, to, why, sizeof(why));
    im->in_request = 0;
    if (rv != 0) {
        char text[160];
        snprintf(text, sizeof(text), "cannot move from %s to %s", pl_conv_state_name_lower(from),
                 pl_conv_state_name_lower(to));
        send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_TRANSITION, text,
                   (int)from, (int)to);
        return;
    }
    if (to == PL_CONV_STATE_PROCESSING && pl_conv_state(s->conv) == PL_CONV_STATE_PROCESSING)
        arm_input_timer(im, s->ic);
}

/*
 * The user speaks over the answer: stop it (its partial text is saved as
 * stopped) and leave PROCESSING/SPEAKING through valid transitions. Returns
 * 1 when it did, 0 when there was nothing to barge into.
 */
static int barge_in(pl_improv_sock_t *s)
{
    pl_improv_t *im = s->im;
    pl_conv_state_t st = pl_conv_state(s->conv);
    if (st != PL_CONV_STATE_PROCESSING && st != PL_CONV_STATE_SPEAKING)
        return 0;
    (void)pl_engine_stop(im->engine, s->conv, NULL);
    st = pl_conv_state(s->conv);
    if (st == PL_CONV_STATE_SPEAKING)
        pl_engine_fire_event(im->engine, s->conv, PL_CONV_EVENT_RESET, NULL, 0);
    else if (st == PL_CONV_STATE_PROCESSING)
        pl_engine_fire_event(im->engine, s->conv, PL_CONV_EVENT_NO_RESPONSE, NULL, 0);
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_improv__speech_json(s->conv_id, PL_MSG_COMMON_SPEECH_EVENT_TYPE_BARGE_IN, NULL, 0, &out) ==
        0)
        pl_improv__send_all(im, s->conv, out.data, out.len);
    pl_buf_free(&out);
    return 1;
}

static void on_speech(pl_improv_sock_t *s, const pl_msg_improv_client_speech_event_t *m)
{
    pl_improv_t *im = s->im;
    pl_msg_common_speech_event_type_t type = m->payload.event_type;
    pl_conv_state_t st = pl_conv_state(s->conv);
    int relay = 1;
    switch (type) {
    case PL_MSG_COMMON_SPEECH_EVENT_TYPE_SPEECH_START:
    case PL_MSG_COMMON_SPEECH_EVENT_TYPE_BARGE_IN:
        if (st == PL_CONV_STATE_ERROR || st == PL_CONV_STATE_ENDED) {
            char text[160];
            snprintf(text, sizeof(text), "cannot move from %s to listening",
                     pl_conv_state_name_lower(st));
            send_error(im, s->conn, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_TRANSITION, text,
                       (int)st, PL_CONV_STATE_LISTENING);
            return;
        }
        s->speech_start = pl_improv__mono();
        s->speech_end = 0;
        if (barge_in(s))
            relay = type != PL_MSG_COMMON_SPEECH_EVENT_TYPE_BARGE_IN; /* everyone got barge_in */
        st = pl_conv_state(s->conv);
        if (st == PL_CONV_STATE_IDLE || st == PL_CONV_STATE_WAITING_FOR_USER)
            pl_engine_fire_event(im->engine, s->conv, PL_CONV_EVENT_USER_INPUT, NULL, 0);
        break;
    case PL_MSG_COMMON_SPEECH_EVENT_TYPE_SPEECH_END:
        if (s->speech_start > 0)
            s->speech_end = pl_improv__mono();
        if (st == PL_CONV_STATE_LISTENING &&
            pl_engine_fire_event(im->engine, s->conv, PL_CONV_EVENT_INPUT_COMPLETE, NULL, 0) == 0 &&
            pl_conv_state(s->conv) == PL_CONV_STATE_PROCESSING)
            arm_input_timer(im, s->ic);
        break;
    default:
        break; /* synthesis_start / synthesis_end: relayed only */
    }
    if (!relay)
        return;
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_improv__speech_json(s->conv_id, type, m->payload.has_data ? m->payload.data.ptr : NULL,
                               m->payload.data.len, &out) == 0) {
        im->n_relayed++;
        pl_engine_send_others(im->engine, s->part, out.data, out.len);
    }
    pl_buf_free(&out);
}

static void ws_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    pl_improv_t *im = ud;
    pl_improv_sock_t *s = pl_conn_data(c);
    if (s == NULL)
        return;
    s->received++;
    im->n_ws_messages++;
    if (op != PL_WS_OP_TEXT) {
        send_error(im, c, s->conv_id, PL_MSG_COMMON_ERROR_CODE_UNSUPPORTED,
                   "Binary messages are not supported: send JSON text", -1, -1);
        return;
    }
    if (!rate_ok(s)) {
        send_error(im, c, s->conv_id, PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED,
                   "Too many messages: slow down", -1, -1);
        return;
    }
    pl_msg_improv_client_t msg;
    pl_msg_error_t err;
    int rv = pl_msg_improv_client_parse((const char *)data, len, &msg, &err);
    if (rv != 0) {
        if (rv == PL_ERR_PARSE || rv == PL_ERR_UTF8) {
            char text[PL_MSG_ERR_TEXT_MAX + 32];
            snprintf(text, sizeof(text), "Invalid JSON format: %s", err.message);
            send_error(im, c, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_JSON, text, -1, -1);
        } else {
            int too_large = rv == PL_ERR_TOO_LARGE || strstr(err.message, ": must be at most ") != NULL;
            send_error(im, c, s->conv_id,
                       too_large ? PL_MSG_COMMON_ERROR_CODE_TOO_LARGE
                                 : PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                       err.message, -1, -1);
        }
        return;
    }
    /* The envelope may name its conversation; it must be this socket's. */
    const pl_msg_str_t *named = NULL;
    switch (msg.kind) {
    case PL_MSG_IMPROV_CLIENT_KIND_TRANSCRIPT_UPDATE:
        if (msg.u.transcript_update->has_conversation_id)
            named = &msg.u.transcript_update->conversation_id;
        break;
    case PL_MSG_IMPROV_CLIENT_KIND_STATE_CHANGE_REQUEST:
        if (msg.u.state_change_request->has_conversation_id)
            named = &msg.u.state_change_request->conversation_id;
        break;
    case PL_MSG_IMPROV_CLIENT_KIND_SPEECH_EVENT:
        if (msg.u.speech_event->has_conversation_id)
            named = &msg.u.speech_event->conversation_id;
        break;
    default:
        break;
    }
    if (named != NULL && (named->len != strlen(s->conv_id) ||
                          memcmp(named->ptr, s->conv_id, named->len) != 0)) {
        send_error(im, c, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                   "conversation_id: does not match the conversation of this connection", -1, -1);
        pl_msg_improv_client_free(&msg);
        return;
    }
    switch (msg.kind) {
    case PL_MSG_IMPROV_CLIENT_KIND_TRANSCRIPT_UPDATE:
        on_transcript(s, msg.u.transcript_update);
        break;
    case PL_MSG_IMPROV_CLIENT_KIND_STATE_CHANGE_REQUEST:
        on_state_request(s, msg.u.state_change_request);
        break;
    case PL_MSG_IMPROV_CLIENT_KIND_SPEECH_EVENT:
        on_speech(s, msg.u.speech_event);
        break;
    default:
        send_error(im, c, s->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                   "type: unknown message type", -1, -1);
        break;
    }
    pl_msg_improv_client_free(&msg);
}

static void ws_close(pl_conn_t *c, unsigned code, void *ud)
{
    (void)code;
    pl_improv_t *im = ud;
    pl_improv_sock_t *s = pl_conn_data(c);
    if (s == NULL)
        return;
    pl_engine_detach(im->engine, s->part);
    pl_conn_set_data(c, NULL);
    if (s->prev != NULL)
        s->prev->next = s->next;
    else
        im->socks = s->next;
    if (s->next != NULL)
        s->next->prev = s->prev;
    im->n_socks--;
    pl_improv_conv_t *ic = s->ic;
    ic->n_socks--;
    pl_free(s);
    pl_improv__conv_release(ic);
}

static const pl_ws_endpoint_t improv_ep = {
    .on_open = ws_open,
    .on_message = ws_message,
    .on_close = ws_close,
};

/* ---------------------------------------------------------------------- */
/* REST helpers                                                           */

void *pl_improv__parse_body(pl_req_t *req, const pl_msg_desc_t *desc)
{
    size_t len;
    const char *body = pl_req_body(req, &len);
    pl_msg_error_t err;
    void *m = pl_msg_parse(desc, body, len, &err);
    if (m == NULL) {
        char text[PL_MSG_ERR_TEXT_MAX + 32];
        if (err.code == PL_ERR_PARSE || err.code == PL_ERR_UTF8)
            snprintf(text, sizeof(text), "Invalid JSON format: %s", err.message);
        else
            snprintf(text, sizeof(text), "%s", err.message);
        pl_req_respond_error(req, 400, text);
    }
    return m;
}

void pl_improv__respond_submit_error(pl_req_t *req, pl_conv_t *c, int rv)
{
    char text[200];
    switch (rv) {
    case PL_ACCEPT_DUPLICATE:
        pl_req_respond_error(req, 409,
                             "duplicate message: the same text was just sent to this "
                             "conversation and is being answered");
        return;
    case PL_ERR_BUSY:
        pl_req_respond_error(req, 429,
                             "the conversation is busy: too many messages are waiting for an answer");
        return;
    case PL_ERR_CLOSED:
        pl_req_respond_error(req, 409, "this conversation has ended");
        return;
    case PL_ERR_FSM_TRANSITION:
        snprintf(text, sizeof(text), "the conversation takes no message in state %s",
                 pl_conv_state_name_lower(pl_conv_state(c)));
        pl_req_respond_error(req, 409, text);
        return;
    default:
        pl_req_respond_error(req, 500, "the message could not be processed");
        return;
    }
}

void pl_improv__respond_outcome_error(pl_req_t *req, const pl_improv_answer_t *a)
{
    switch (a->outcome) {
    case PL_IMPROV_FAILED:
        pl_req_respond_error(req, 502, "the AI response failed; the conversation recovered");
        break;
    case PL_IMPROV_STOPPED:
        pl_req_respond_error(req, 409, "the AI response was interrupted before it completed");
        break;
    case PL_IMPROV_STORE_FAILED:
        pl_req_respond_error(req, 503, "the message could not be saved; please send it again");
        break;
    case PL_IMPROV_TIMED_OUT:
        pl_req_respond_error(req, 504, "no AI response within the answer timeout");
        break;
    default:
        pl_req_respond_error(req, 500, "the AI response was lost");
        break;
    }
}

void pl_improv__respond_answer(pl_req_t *req, const pl_improv_answer_t *a)
{
    pl_msg_common_filler_word_t items[PL_FEEDBACK_MAX_FILLERS];
    pl_msg_improv_rest_post_message_response_t m;
    pl_msg_improv_rest_post_message_response_init(&m);
    m.message_id = S(a->message_id);
    m.content = SN(a->content, a->len);
    m.audio_url_is_null = true;
    pl_improv__feedback_msg(a->fb, &m.feedback, items);
    m.state = state_enum(a->state);
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_improv_rest_post_message_response_serialize(&m, &out, NULL) == 0)
        pl_req_respond_json(req, 200, out.data, out.len);
    else
        pl_req_respond_error(req, 500, "could not build the response");
    pl_buf_free(&out);
}

/* ---------------------------------------------------------------------- */
/* Creating conversations                                                 */

typedef struct create_ctx {
    pl_improv_t *im;
    pl_improv_created_fn done;
    void *ud;
} create_ctx_t;

static void engine_created(int rv, const char *id, void *ud)
{
    create_ctx_t *x = ud;
    int64_t created = pl_improv__wall_ms();
    if (rv == 0) {
        pl_store_conv_t row = {0};
        if (pl_store_conv_get(x->im->store, id, &row) == 0)
            created = row.created_ms;
        pl_store_conv_clear(&row);
    }
    x->done(x->im, rv, rv == 0 ? id : NULL, created, x->ud);
    pl_free(x);
}

int pl_improv__create(pl_improv_t *im, const char *user, const char *personality,
                      const char *session_type, const char *topic, pl_improv_created_fn done,
                      void *ud)
{
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "personality", personality);
    pl_improv__kv(g, "session_type", session_type);
    if (topic != NULL)
        pl_improv__kv(g, "topic", topic);
    yajl_gen_map_close(g);
    const unsigned char *b;
    size_t n;
    yajl_gen_get_buf(g, &b, &n);
    char *meta = pl_strndup((const char *)b, n);
    yajl_gen_free(g);
    create_ctx_t *x = pl_calloc(1, sizeof(*x));
    x->im = im;
    x->done = done;
    x->ud = ud;
    int rv = pl_engine_conv_create(im->engine, &im->dialect, user, "", "active", meta,
                                   engine_created, x);
    pl_free(meta);
    if (rv != 0)
        pl_free(x);
    return rv;
}

void pl_improv__respond_created(pl_req_t *req, const char *id, const char *personality,
                                const char *session_type, const char *topic, int64_t created_ms,
                                int with_test_endpoints)
{
    char ts[32], ws[256], msg[256], speech[256], trans[256];
    pl_dialect_timestamp(created_ms, ts);
    snprintf(ws, sizeof(ws), "/api/ws/conversations/%s", id);
    pl_msg_improv_rest_create_conversation_response_t m;
    pl_msg_improv_rest_create_conversation_response_init(&m);
    m.conversation.conversation_id = S(id);
    m.conversation.personality = S(personality);
    m.conversation.session_type = S(session_type);
    if (topic != NULL && *topic != '\0') {
        m.conversation.has_topic = true;
        m.conversation.topic = S(topic);
    }
    m.conversation.state = state_enum(PL_CONV_INITIAL_STATE);
    m.conversation.created_at = S(ts);
    m.websocket_path = S(ws);
    if (with_test_endpoints) {
        snprintf(msg, sizeof(msg), "/api/test/conversations/%s/message", id);
        snprintf(speech, sizeof(speech), "/api/test/conversations/%s/speech", id);
        snprintf(trans, sizeof(trans), "/api/test/conversations/%s/state-transitions", id);
        m.has_test_endpoints = true;
        m.test_endpoints.message = S(msg);
        m.test_endpoints.speech = S(speech);
        m.test_endpoints.state_transitions = S(trans);
    }
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_improv_rest_create_conversation_response_serialize(&m, &out, NULL) == 0)
        pl_req_respond_json(req, 201, out.data, out.len);
    else
        pl_req_respond_error(req, 500, "could not build the response");
    pl_buf_free(&out);
}

/* A create request waiting for the store. */
typedef struct rest_create {
    pl_req_t *req;
    char personality[80], session_type[80];
} rest_create_t;

static void v2_created(pl_improv_t *im, int rv, const char *id, int64_t created_ms, void *ud)
{
    (void)im;
    rest_create_t *x = ud;
    if (rv != 0)
        pl_req_respond_error(x->req, 500, "could not create the conversation");
    else
        pl_improv__respond_created(x->req, id, x->personality, x->session_type, NULL, created_ms, 0);
    pl_free(x);
}

static void rest_v2_create(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    pl_msg_improv_rest_create_conversation_request_t *m =
        pl_improv__parse_body(req, &pl_msg_improv_rest_create_conversation_request_desc);
    if (m == NULL)
        return;
    rest_create_t *x = pl_calloc(1, sizeof(*x));
    x->req = req;
    snprintf(x->personality, sizeof(x->personality), "%.*s", (int)m->personality.len,
             m->personality.ptr);
    if (m->has_session_type)
        snprintf(x->session_type, sizeof(x->session_type), "%.*s", (int)m->session_type.len,
                 m->session_type.ptr);
    else
        snprintf(x->session_type, sizeof(x->session_type), "daily");
    pl_msg_improv_rest_create_conversation_request_free(m);
    int rv = pl_improv__create(im, PL_IMPROV_USER, x->personality, x->session_type, NULL,
                               v2_created, x);
    if (rv != 0) {
        pl_free(x);
        pl_req_respond_error(req, rv == PL_ERR_LIMIT ? 429 : 503, "could not create the conversation");
    }
}

/* ---------------------------------------------------------------------- */
/* Messages (v2) and the legacy API                                       */

static void v2_answered(pl_improv_t *im, const pl_improv_answer_t *a, void *ud)
{
    (void)im;
    pl_req_t *req = ud;
    if (a->outcome == PL_IMPROV_ANSWERED)
        pl_improv__respond_answer(req, a);
    else
        pl_improv__respond_outcome_error(req, a);
}

static void rest_v2_message(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    pl_conv_t *c = pl_improv__live(im, pl_req_param(req, "conversation_id"));
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    pl_msg_improv_rest_post_message_request_t *m =
        pl_improv__parse_body(req, &pl_msg_improv_rest_post_message_request_desc);
    if (m == NULL)
        return;
    if (memchr(m->content.ptr, '\0', m->content.len) != NULL || blank(m->content.ptr, m->content.len)) {
        pl_msg_improv_rest_post_message_request_free(m);
        pl_req_respond_error(req, 400, "content: must hold text (not blank, no NUL characters)");
        return;
    }
    int rv = pl_improv__submit(im, c, NULL, m->content.ptr, m->content.len, -1, 0, "rest",
                               v2_answered, req);
    pl_msg_improv_rest_post_message_request_free(m);
    if (rv != PL_ACCEPT_PROCESSING && rv != PL_ACCEPT_QUEUED)
        pl_improv__respond_submit_error(req, c, rv);
}

typedef struct legacy {
    pl_req_t *req;
    char *text;
    size_t len;
} legacy_t;

static void legacy_answered(pl_improv_t *im, const pl_improv_answer_t *a, void *ud)
{
    (void)im;
    pl_req_t *req = ud;
    if (a->outcome != PL_IMPROV_ANSWERED) {
        pl_improv__respond_outcome_error(req, a);
        return;
    }
    pl_msg_common_filler_word_t items[PL_FEEDBACK_MAX_FILLERS];
    pl_msg_improv_rest_legacy_conversation_response_t m;
    pl_msg_improv_rest_legacy_conversation_response_init(&m);
    m.conversation_id = S(a->conversation_id);
    m.response = SN(a->content, a->len);
    pl_improv__feedback_msg(a->fb, &m.feedback, items);
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_improv_rest_legacy_conversation_response_serialize(&m, &out, NULL) == 0)
        pl_req_respond_json(req, 200, out.data, out.len);
    else
        pl_req_respond_error(req, 500, "could not build the response");
    pl_buf_free(&out);
}

static void legacy_submit(pl_improv_t *im, pl_req_t *req, pl_conv_t *c, const char *text, size_t len)
{
    int rv = pl_improv__submit(im, c, NULL, text, len, -1, 0, "legacy", legacy_answered, req);
    if (rv != PL_ACCEPT_PROCESSING && rv != PL_ACCEPT_QUEUED)
        pl_improv__respond_submit_error(req, c, rv);
}

static void legacy_created(pl_improv_t *im, int rv, const char *id, int64_t created_ms, void *ud)
{
    (void)created_ms;
    legacy_t *x = ud;
    pl_conv_t *c = rv == 0 ? pl_improv__live(im, id) : NULL;
    if (c == NULL)
        pl_req_respond_error(x->req, 500, "could not create the conversation");
    else
        legacy_submit(im, x->req, c, x->text, x->len);
    pl_free(x->text);
    pl_free(x);
}

static void rest_legacy(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    pl_msg_improv_rest_legacy_conversation_request_t *m =
        pl_improv__parse_body(req, &pl_msg_improv_rest_legacy_conversation_request_desc);
    if (m == NULL)
        return;
    if (memchr(m->message.ptr, '\0', m->message.len) != NULL || blank(m->message.ptr, m->message.len)) {
        pl_msg_improv_rest_legacy_conversation_request_free(m);
        pl_req_respond_error(req, 400, "message: must hold text (not blank, no NUL characters)");
        return;
    }
    if (m->has_conversation_id) {
        char id[PL_STORE_ID_MAX + 1];
        snprintf(id, sizeof(id), "%.*s", (int)m->conversation_id.len, m->conversation_id.ptr);
        pl_conv_t *c = pl_improv__live(im, id);
        if (c == NULL)
            pl_req_respond_error(req, 404, "Conversation not found");
        else
            legacy_submit(im, req, c, m->message.ptr, m->message.len);
        pl_msg_improv_rest_legacy_conversation_request_free(m);
        return;
    }
    char personality[80];
    if (m->has_personality)
        snprintf(personality, sizeof(personality), "%.*s", (int)m->personality.len,
                 m->personality.ptr);
    else
        snprintf(personality, sizeof(personality), "friendly_neutral");
    legacy_t *x = pl_calloc(1, sizeof(*x));
    x->req = req;
    x->text = pl_strndup(m->message.ptr, m->message.len);
    x->len = m->message.len;
    pl_msg_improv_rest_legacy_conversation_request_free(m);
    int rv = pl_improv__create(im, PL_IMPROV_USER, personality, "legacy", NULL, legacy_created, x);
    if (rv != 0) {
        pl_free(x->text);
        pl_free(x);
        pl_req_respond_error(req, rv == PL_ERR_LIMIT ? 429 : 503, "could not create the conversation");
    }
}

/* ---------------------------------------------------------------------- */
/* Reads                                                                  */

/*
 * REST reads answer after every write queued before them has committed,
 * so a client that saw an event reads what it saw.
 */
typedef struct after_writes {
    pl_req_t *req;
    pl_improv_t *im;
    void (*fn)(pl_req_t *req, pl_improv_t *im);
} after_writes_t;

static void after_writes_done(int rv, void *ud)
{
    after_writes_t *x = ud;
    if (rv != 0)
        pl_req_respond_error(x->req, 503, "the store is not available");
    else
        x->fn(x->req, x->im);
    pl_free(x);
}

static void after_writes(pl_req_t *req, pl_improv_t *im, void (*fn)(pl_req_t *, pl_improv_t *))
{
    after_writes_t *x = pl_calloc(1, sizeof(*x));
    x->req = req;
    x->im = im;
    x->fn = fn;
    if (pl_store_barrier(im->store, after_writes_done, x) != 0) {
        pl_free(x);
        pl_req_respond_error(req, 503, "the store is busy");
    }
}

/* The last transition (for previous_state) and how many there were. */
typedef struct last_transition {
    char from[32];
    long long count;
} last_transition_t;

static int transition_row(const char *from, const char *event, const char *to, int64_t at_ms,
                          void *ud)
{
    (void)event;
    (void)to;
    (void)at_ms;
    last_transition_t *x = ud;
    snprintf(x->from, sizeof(x->from), "%s", from ? from : "");
    x->count++;
    return 0;
}

/* The last user message of a conversation (its final transcript). */
typedef struct last_user {
    char *text;
} last_user_t;

static int last_user_row(const pl_store_msg_t *m, void *ud)
{
    last_user_t *x = ud;
    if (m->role != NULL && strcmp(m->role, "user") == 0) {
        pl_free(x->text);
        x->text = pl_strdup(m->content ? m->content : "");
    }
    return 0;
}

static void gen_state_name(yajl_gen g, const char *k, const char *upper)
{
    int s = upper ? pl_conv_state_from_name(upper, strlen(upper)) : -1;
    pl_improv__kv(g, k, s >= 0 ? pl_conv_state_name_lower((pl_conv_state_t)s) : NULL);
}

/* Most messages GET /api/v2/conversations/{id} lists (the most recent). */
#define V2_MESSAGES_MAX 200

static int v2_message_row(const pl_store_msg_t *m, void *ud)
{
    yajl_gen g = ud;
    yajl_gen_map_open(g);
    pl_improv__kv(g, "message_id", m->id);
    pl_improv__kv(g, "role", m->role);
    pl_improv__kv(g, "content", m->content ? m->content : "");
    pl_improv__kv(g, "status", m->status);
    pl_improv__kv_time(g, "timestamp", m->created_ms);
    yajl_gen_map_close(g);
    return 0;
}

static void v2_get_now(pl_req_t *req, pl_improv_t *im)
{
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    pl_store_conv_t row = {0};
    if (c == NULL || pl_store_conv_get(im->store, id, &row) != 0) {
        pl_store_conv_clear(&row);
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    char personality[128], session[128], topic[300];
    pl_improv__meta_field(pl_conv_meta(c), "personality", personality, sizeof(personality));
    pl_improv__meta_field(pl_conv_meta(c), "session_type", session, sizeof(session));
    pl_improv__meta_field(pl_conv_meta(c), "topic", topic, sizeof(topic));
    last_transition_t lt = {{0}, 0};
    pl_store_transition_list(im->store, id, transition_row, &lt);
    pl_conv_state_t st = pl_conv_state(c);
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "conversation_id", id);
    pl_improv__kv(g, "status", row.status);
    pl_improv__kv(g, "state", pl_conv_state_name_lower(st));
    pl_improv__kv(g, "personality", personality);
    pl_improv__kv(g, "session_type", session);
    pl_improv__kv(g, "topic", topic[0] ? topic : NULL);
    pl_improv__kv(g, "title", pl_conv_title(c));
    int count = pl_store_msg_count(im->store, id);
    pl_improv__kv_int(g, "message_count", count);
    pl_improv__kv_int(g, "active_connections", (long long)pl_conv_sockets(c));
    pl_improv__kv_int(g, "queued_messages", (long long)pl_conv_queued(c));
    pl_improv__kv_int(g, "transitions", lt.count);
    pl_improv__kv_int(g, "last_seq", (long long)pl_conv_last_seq(c));
    pl_improv__kv_bool(g, "websocket_enabled", 1);
    pl_improv__kv_time(g, "created_at", row.created_ms);
    pl_improv__kv_time(g, "updated_at", row.updated_ms);
    pl_improv__key(g, "messages");
    yajl_gen_array_open(g);
    pl_store_msg_list(im->store, id, -1, V2_MESSAGES_MAX,
                      count > V2_MESSAGES_MAX ? count - V2_MESSAGES_MAX : 0, v2_message_row, g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    pl_improv__respond_gen(req, 200, g);
    pl_store_conv_clear(&row);
}

static void state_now(pl_req_t *req, pl_improv_t *im)
{
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    last_transition_t lt = {{0}, 0};
    pl_store_transition_list(im->store, id, transition_row, &lt);
    last_user_t lu = {NULL};
    int n = pl_store_msg_count(im->store, id);
    pl_store_msg_list(im->store, id, -1, 0, n > 8 ? n - 8 : 0, last_user_row, &lu);
    pl_improv_conv_t *ic = conv_find(im, id);
    pl_conv_state_t st = pl_conv_state(c);
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "conversation_id", id);
    pl_improv__kv(g, "current_state", pl_conv_state_name_lower(st));
    gen_state_name(g, "previous_state", lt.count > 0 ? lt.from : NULL);
    pl_improv__kv_bool(g, "speech_recognition_active", st == PL_CONV_STATE_LISTENING);
    pl_improv__kv_bool(g, "speech_synthesis_active", st == PL_CONV_STATE_SPEAKING);
    pl_improv__key(g, "transcript");
    yajl_gen_map_open(g);
    pl_improv__kv(g, "interim_transcript", ic != NULL && ic->interim != NULL ? ic->interim : "");
    pl_improv__kv(g, "final_transcript", lu.text != NULL ? lu.text : "");
    yajl_gen_map_close(g);
    pl_improv__kv_int(g, "active_connections", (long long)pl_conv_sockets(c));
    pl_improv__kv_int(g, "queued_messages", (long long)pl_conv_queued(c));
    pl_improv__kv_int(g, "transitions", lt.count);
    pl_improv__kv_int(g, "last_seq", (long long)pl_conv_last_seq(c));
    yajl_gen_map_close(g);
    pl_improv__respond_gen(req, 200, g);
    pl_free(lu.text);
}

static void connections_now(pl_req_t *req, pl_improv_t *im)
{
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "conversation_id", id);
    pl_improv__kv_int(g, "active_connections", (long long)pl_conv_sockets(c));
    pl_improv__key(g, "connections");
    yajl_gen_array_open(g);
    /* Oldest first (the list is newest first). */
    pl_improv_sock_t *last = NULL;
    for (pl_improv_sock_t *s = im->socks; s != NULL; s = s->next)
        last = s;
    for (pl_improv_sock_t *s = last; s != NULL; s = s->prev) {
        if (strcmp(s->conv_id, id) != 0)
            continue;
        yajl_gen_map_open(g);
        pl_improv__kv_int(g, "connection_id", (long long)s->id);
        pl_improv__kv(g, "peer", s->peer);
        pl_improv__kv_time(g, "connected_at", s->connected_ms);
        pl_improv__kv_int(g, "messages_received", (long long)s->received);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    pl_improv__respond_gen(req, 200, g);
}

static void rest_v2_get(pl_req_t *req, void *ud) { after_writes(req, ud, v2_get_now); }
static void rest_state(pl_req_t *req, void *ud) { after_writes(req, ud, state_now); }
static void rest_connections(pl_req_t *req, void *ud) { after_writes(req, ud, connections_now); }

/* ---------------------------------------------------------------------- */

void pl_improv_config_init(pl_improv_config_t *cfg)
{
    cfg->messages_per_second = 20;
    cfg->transcript_timeout = 10;
    cfg->processing_delay = 2;
    cfg->answer_timeout = 120;
}

pl_improv_t *pl_improv_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                           const pl_improv_config_t *cfg)
{
    pl_improv_t *im = pl_calloc(1, sizeof(*im));
    im->engine = engine;
    im->srv = srv;
    im->store = store;
    im->base = pl_server_base(srv);
    if (cfg != NULL)
        im->cfg = *cfg;
    else
        pl_improv_config_init(&im->cfg);
    if (!(im->cfg.answer_timeout > 0))
        im->cfg.answer_timeout = 120;
    double mps = im->cfg.messages_per_second;
    im->rate = mps > 0 ? mps : 1e9;
    im->burst = mps > 0 ? 2 * mps : 1e9;
    im->n_buckets = 256;
    im->buckets = pl_calloc(im->n_buckets, sizeof(*im->buckets));
    im->started_ms = pl_improv__wall_ms();
    clock_gettime(CLOCK_MONOTONIC, &im->started_mono);
    im->dialect.name = "improv";
    im->dialect.serialize = serialize;
    im->dialect.ud = im;
    im->dialect.use_documents = 0;
    im->dialect.reply_id_prefix = PL_IMPROV_REPLY_PREFIX;
    pl_engine_add_dialect(engine, &im->dialect);
    int rv = pl_server_ws_route(srv, "/api/ws/conversations/{conversation_id}", &improv_ep, im);
    if (rv == 0)
        rv = pl_server_route(srv, "POST", "/api/v2/conversations", rest_v2_create, im);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/api/v2/conversations/{conversation_id}", rest_v2_get, im);
    if (rv == 0)
        rv = pl_server_route(srv, "POST", "/api/v2/conversations/{conversation_id}/messages",
                             rest_v2_message, im);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/api/conversations/{conversation_id}/state", rest_state, im);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/api/conversations/{conversation_id}/connections",
                             rest_connections, im);
    if (rv == 0)
        rv = pl_server_route(srv, "POST", "/api/conversation", rest_legacy, im);
    if (rv == 0)
        rv = pl_improv__test_routes(im);
    if (rv != 0) {
        pl_log_error(MOD, "cannot register routes: %s", pl_strerror(rv));
        pl_improv_free(im);
        return NULL;
    }
    return im;
}

void pl_improv_free(pl_improv_t *im)
{
    if (im == NULL)
        return;
    pl_improv__test_free(im);
    /* Requests still waiting are answered (they fail: the server is gone). */
    while (im->waiters != NULL) {
        pl_improv_waiter_t *w = im->waiters;
        if (!w->done)
            w->outcome = PL_IMPROV_TIMED_OUT;
        waiter_timer_cb(-1, 0, w);
    }
    while (im->socks != NULL) {
        pl_improv_sock_t *s = im->socks;
        im->socks = s->next;
        pl_free(s);
    }
    for (size_t i = 0; i < im->n_buckets; i++) {
        pl_improv_conv_t *c = im->buckets[i];
        while (c != NULL) {
            pl_improv_conv_t *next = c->hnext;
            conv_free(c);
            c = next;
        }
    }
    pl_free(im->buckets);
    pl_free(im);
}
