/*
 * improv_test_api.c - the ImprovToday test endpoints (seed 002, "Test
 * Endpoints" and "Testing the System"), all driving the real engine:
 *
 *  POST /api/test/conversations                       a conversation for testing
 *                                                     (201, with its test endpoint paths)
 *  POST /api/test/conversations/{id}/message          a user message through the whole
 *      pipeline; simulate_processing_delay first moves the conversation to
 *      PROCESSING (user_input, input_complete) and submits the message after
 *      --improv-processing-delay seconds (a libevent timer: the loop never
 *      sleeps). Answers post_message_response once the AI response is complete.
 *  POST /api/test/conversations/{id}/speech           simulated speech-to-text: speech_start
 *      (LISTENING), growing interim transcript_updates (at most 20, 50 ms
 *      apart, to every socket) when simulate_interim_steps, speech_end
 *      (PROCESSING), then the final transcript as the user's turn. Answers
 *      once the AI response is complete.
 *  GET  /api/test/system-status                       uptime, sockets, conversations, turns,
 *      waiters, store counters, the FSM's size.
 *  GET  /api/test/conversations/{id}/stress-test?message_count=N  (1..1000, default 10)
 *      N exchanges, one after the other, through the engine on a scratch
 *      conversation (created for the run with the tested one's style,
 *      deleted after); answers when done with throughput, latency
 *      percentiles and errors. The tested conversation is not touched.
 *  GET  /api/test/conversations/{id}/state-transitions
 *      every (state, event) pair of the generated FSM driven through the
 *      engine's real event path on a scratch copy (pl_engine_probe), checked
 *      against the transition table generated from fsm/conversation.fsm;
 *      the coverage of valid transitions and the shortest event path from
 *      the initial state to every state (BFS over the same table). The live
 *      conversation is not changed (its state and seq are checked after).
 */
#include "improv_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "schemas/pl_msg_improv_rest.h"

#include <event2/event.h>
#include <yajl/yajl_gen.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *MOD = "improv-test";

enum job_kind { JOB_MESSAGE, JOB_SPEECH, JOB_STRESS };

struct pl_improv_job {
    pl_improv_job_t *prev, *next;
    pl_improv_t *im;
    enum job_kind kind;
    pl_req_t *req;                 /* answered when the job ends */
    char conv_id[PL_STORE_ID_MAX + 1];
    pl_improv_conv_t *ic;          /* held (jobs++) while the job runs */
    struct event *timer;
    char *text;                    /* MESSAGE, SPEECH: the user's words */
    size_t len;
    /* SPEECH */
    size_t step, n_steps;          /* interim steps sent / to send */
    size_t *cuts;                  /* byte length of each interim step */
    /* STRESS */
    size_t count, sent, completed, errors;
    double *latency_ms;            /* one per completed exchange */
    struct timespec t0;
    char scratch_id[PL_STORE_ID_MAX + 1];
    char personality[80], topic[300];
    char error_samples[3][160];
    size_t n_samples;
};

/* ---------------------------------------------------------------------- */
/* Jobs                                                                   */

static pl_improv_job_t *job_new(pl_improv_t *im, enum job_kind kind, pl_req_t *req, const char *conv_id)
{
    pl_improv_job_t *j = pl_calloc(1, sizeof(*j));
    j->im = im;
    j->kind = kind;
    j->req = req;
    snprintf(j->conv_id, sizeof(j->conv_id), "%s", conv_id);
    j->ic = pl_improv__conv(im, conv_id);
    j->ic->jobs++;
    j->next = im->jobs;
    if (im->jobs != NULL)
        im->jobs->prev = j;
    im->jobs = j;
    return j;
}

static void job_free(pl_improv_job_t *j)
{
    pl_improv_t *im = j->im;
    if (j->prev != NULL)
        j->prev->next = j->next;
    else
        im->jobs = j->next;
    if (j->next != NULL)
        j->next->prev = j->prev;
    pl_improv__cancel_waiters(im, j);
    if (j->timer != NULL)
        event_free(j->timer);
    if (j->kind == JOB_STRESS && im->n_stress > 0)
        im->n_stress--;
    pl_improv_conv_t *ic = j->ic;
    pl_free(j->text);
    pl_free(j->cuts);
    pl_free(j->latency_ms);
    pl_free(j);
    ic->jobs--;
    pl_improv__conv_release(ic);
}

void pl_improv__test_free(pl_improv_t *im)
{
    while (im->jobs != NULL) {
        pl_improv_job_t *j = im->jobs;
        if (j->req != NULL)
            pl_req_respond_error(j->req, 503, "the server is shutting down");
        job_free(j);
    }
}

static void arm(pl_improv_job_t *j, void (*cb)(evutil_socket_t, short, void *), double seconds)
{
    if (j->timer == NULL)
        j->timer = evtimer_new(j->im->base, cb, j);
    struct timeval tv;
    tv.tv_sec = (time_t)seconds;
    tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
    evtimer_add(j->timer, &tv);
}

static int busy_state(pl_conv_state_t st)
{
    return st != PL_CONV_STATE_IDLE && st != PL_CONV_STATE_WAITING_FOR_USER;
}

/* ---------------------------------------------------------------------- */
/* POST /api/test/conversations                                           */

typedef struct test_create {
    pl_req_t *req;
    char personality[80], session_type[80], topic[300];
} test_create_t;

static void test_created(pl_improv_t *im, int rv, const char *id, int64_t created_ms, void *ud)
{
    (void)im;
    test_create_t *x = ud;
    if (rv != 0)
        pl_req_respond_error(x->req, 500, "could not create the conversation");
    else
        pl_improv__respond_created(x->req, id, x->personality, x->session_type,
                                   x->topic[0] ? x->topic : NULL, created_ms, 1);
    pl_free(x);
}

static void rest_test_create(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    pl_msg_improv_rest_test_create_conversation_request_t *m =
        pl_improv__parse_body(req, &pl_msg_improv_rest_test_create_conversation_request_desc);
    if (m == NULL)
        return;
    test_create_t *x = pl_calloc(1, sizeof(*x));
    x->req = req;
    snprintf(x->personality, sizeof(x->personality), "%.*s", (int)m->personality.len,
             m->personality.ptr);
    if (m->has_session_type)
        snprintf(x->session_type, sizeof(x->session_type), "%.*s", (int)m->session_type.len,
                 m->session_type.ptr);
    else
        snprintf(x->session_type, sizeof(x->session_type), "test");
    if (m->has_topic)
        snprintf(x->topic, sizeof(x->topic), "%.*s", (int)m->topic.len, m->topic.ptr);
    pl_msg_improv_rest_test_create_conversation_request_free(m);
    int rv = pl_improv__create(im, PL_IMPROV_USER, x->personality, x->session_type,
                               x->topic[0] ? x->topic : NULL, test_created, x);
    if (rv != 0) {
        pl_free(x);
        pl_req_respond_error(req, rv == PL_ERR_LIMIT ? 429 : 503, "could not create the conversation");
    }
}

/* ---------------------------------------------------------------------- */
/* POST /api/test/conversations/{id}/message                              */

static void job_answered(pl_improv_t *im, const pl_improv_answer_t *a, void *ud)
{
    (void)im;
    pl_improv_job_t *j = ud;
    if (a->outcome == PL_IMPROV_ANSWERED)
        pl_improv__respond_answer(j->req, a);
    else
        pl_improv__respond_outcome_error(j->req, a);
    j->req = NULL;
    job_free(j);
}

/* Submits the job's text; the job ends with the answer (or at once on refusal). */
static void job_submit(pl_improv_job_t *j, const char *source)
{
    pl_improv_t *im = j->im;
    pl_conv_t *c = pl_improv__live(im, j->conv_id);
    if (c == NULL) {
        pl_req_respond_error(j->req, 404, "Conversation not found");
        j->req = NULL;
        job_free(j);
        return;
    }
    int rv = pl_improv__submit(im, c, NULL, j->text, j->len, -1, 0, source, job_answered, j);
    if (rv != PL_ACCEPT_PROCESSING && rv != PL_ACCEPT_QUEUED) {
        pl_improv__respond_submit_error(j->req, c, rv);
        j->req = NULL;
        job_free(j);
    }
}

static void delay_done(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    job_submit(arg, "test");
}

static int has_text(const char *p, size_t n)
{
    if (memchr(p, '\0', n) != NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return 1;
    return 0;
}

static void rest_test_message(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    pl_msg_improv_rest_test_message_request_t *m =
        pl_improv__parse_body(req, &pl_msg_improv_rest_test_message_request_desc);
    if (m == NULL)
        return;
    if (!has_text(m->content.ptr, m->content.len)) {
        pl_msg_improv_rest_test_message_request_free(m);
        pl_req_respond_error(req, 400, "content: must hold text (not blank, no NUL characters)");
        return;
    }
    pl_improv_job_t *j = job_new(im, JOB_MESSAGE, req, id);
    j->text = pl_strndup(m->content.ptr, m->content.len);
    j->len = m->content.len;
    int delay = m->has_simulate_processing_delay && m->simulate_processing_delay;
    pl_msg_improv_rest_test_message_request_free(m);
    /* The pause happens in PROCESSING, reached through the machine; when the
     * conversation is in the middle of something the message just queues. */
    if (delay && !busy_state(pl_conv_state(c)) && pl_conv_queued(c) == 0 &&
        pl_engine_fire_event(im->engine, c, PL_CONV_EVENT_USER_INPUT, NULL, 0) == 0) {
        if (pl_engine_fire_event(im->engine, c, PL_CONV_EVENT_INPUT_COMPLETE, NULL, 0) == 0) {
            arm(j, delay_done, im->cfg.processing_delay);
            return;
        }
    }
    job_submit(j, "test");
}

/* ---------------------------------------------------------------------- */
/* POST /api/test/conversations/{id}/speech                               */

static void speech_step(evutil_socket_t fd, short what, void *arg);

/* Ends a speech job before its turn (the conversation went away or moved on). */
static void speech_abort(pl_improv_job_t *j, int status, const char *why)
{
    pl_req_respond_error(j->req, status, why);
    j->req = NULL;
    job_free(j);
}

static void send_speech_event(pl_improv_t *im, pl_conv_t *c, const char *id,
                              pl_msg_common_speech_event_type_t type)
{
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_improv__speech_json(id, type, "{\"simulated\":true}", 18, &out) == 0)
        pl_improv__send_all(im, c, out.data, out.len);
    pl_buf_free(&out);
}

static void speech_step(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_improv_job_t *j = arg;
    pl_improv_t *im = j->im;
    pl_conv_t *c = pl_improv__live(im, j->conv_id);
    if (c == NULL) {
        speech_abort(j, 404, "Conversation not found");
        return;
    }
    if (pl_conv_state(c) == PL_CONV_STATE_ENDED) {
        speech_abort(j, 409, "the conversation ended during the simulated speech");
        return;
    }
    if (j->step < j->n_steps) {
        size_t cut = j->cuts[j->step++];
        pl_buf_t out = PL_BUF_INIT(0);
        if (pl_improv__transcript_json(j->conv_id, j->text, cut, "", 0, -1, &out) == 0)
            pl_improv__send_all(im, c, out.data, out.len);
        pl_buf_free(&out);
        pl_free(j->ic->interim);
        j->ic->interim = pl_strndup(j->text, cut);
        arm(j, speech_step, PL_IMPROV_SPEECH_STEP_SECONDS);
        return;
    }
    /* The end of speech, then the final transcript as the turn. */
    send_speech_event(im, c, j->conv_id, PL_MSG_COMMON_SPEECH_EVENT_TYPE_SPEECH_END);
    if (pl_conv_state(c) == PL_CONV_STATE_LISTENING)
        pl_engine_fire_event(im->engine, c, PL_CONV_EVENT_INPUT_COMPLETE, NULL, 0);
    job_submit(j, "test_speech");
}

/* Byte lengths of growing prefixes ending at word ends: at most max steps. */
static size_t speech_cuts(const char *t, size_t len, size_t **out)
{
    size_t words = 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r' &&
            (i + 1 == len || t[i + 1] == ' ' || t[i + 1] == '\t' || t[i + 1] == '\n' ||
             t[i + 1] == '\r'))
            words++;
    size_t steps = words < PL_IMPROV_SPEECH_STEPS_MAX ? words : PL_IMPROV_SPEECH_STEPS_MAX;
    size_t *cuts = pl_calloc(steps + 1, sizeof(*cuts));
    size_t seen = 0, k = 0;
    for (size_t i = 0; i < len && k < steps; i++) {
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
            continue;
        if (i + 1 == len || t[i + 1] == ' ' || t[i + 1] == '\t' || t[i + 1] == '\n' ||
            t[i + 1] == '\r') {
            seen++;
            /* Step k ends after word ceil((k + 1) * words / steps). */
            if (seen * steps >= (k + 1) * words)
                cuts[k++] = i + 1;
        }
    }
    *out = cuts;
    return k;
}

static void rest_test_speech(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    pl_msg_improv_rest_test_speech_request_t *m =
        pl_improv__parse_body(req, &pl_msg_improv_rest_test_speech_request_desc);
    if (m == NULL)
        return;
    if (!has_text(m->text.ptr, m->text.len)) {
        pl_msg_improv_rest_test_speech_request_free(m);
        pl_req_respond_error(req, 400, "text: must hold text (not blank, no NUL characters)");
        return;
    }
    pl_conv_state_t st = pl_conv_state(c);
    if ((busy_state(st) && st != PL_CONV_STATE_LISTENING) || pl_conv_queued(c) > 0) {
        char why[160];
        snprintf(why, sizeof(why), "the conversation cannot take speech now (state %s)",
                 pl_conv_state_name_lower(st));
        pl_msg_improv_rest_test_speech_request_free(m);
        pl_req_respond_error(req, 409, why);
        return;
    }
    pl_improv_job_t *j = job_new(im, JOB_SPEECH, req, id);
    j->text = pl_strndup(m->text.ptr, m->text.len);
    j->len = m->text.len;
    if (m->has_simulate_interim_steps && m->simulate_interim_steps)
        j->n_steps = speech_cuts(j->text, j->len, &j->cuts);
    pl_msg_improv_rest_test_speech_request_free(m);
    send_speech_event(im, c, id, PL_MSG_COMMON_SPEECH_EVENT_TYPE_SPEECH_START);
    if (st != PL_CONV_STATE_LISTENING)
        pl_engine_fire_event(im->engine, c, PL_CONV_EVENT_USER_INPUT, NULL, 0);
    arm(j, speech_step, j->n_steps > 0 ? PL_IMPROV_SPEECH_STEP_SECONDS : 0);
}

/* ---------------------------------------------------------------------- */
/* GET /api/test/system-status                                            */

static void rest_system_status(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    size_t jobs = 0;
    for (pl_improv_job_t *j = im->jobs; j != NULL; j = j->next)
        jobs++;
    pl_store_stats_t st;
    pl_store_stats(im->store, &st);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double up = (double)(now.tv_sec - im->started_mono.tv_sec) +
                (double)(now.tv_nsec - im->started_mono.tv_nsec) / 1e9;
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "status", "ok");
    pl_improv__kv_time(g, "timestamp", pl_improv__wall_ms());
    pl_improv__kv_time(g, "started_at", im->started_ms);
    pl_improv__kv_num(g, "uptime_seconds", up);
    pl_improv__key(g, "websocket");
    yajl_gen_map_open(g);
    pl_improv__kv(g, "endpoint", "/api/ws/conversations/{conversation_id}");
    pl_improv__kv_int(g, "active_connections", (long long)im->n_socks);
    pl_improv__kv_int(g, "messages_received", (long long)im->n_ws_messages);
    pl_improv__kv_int(g, "errors_sent", (long long)im->n_ws_errors);
    pl_improv__kv_int(g, "relayed", (long long)im->n_relayed);
    yajl_gen_map_close(g);
    pl_improv__key(g, "conversations");
    yajl_gen_map_open(g);
    pl_improv__kv_int(g, "in_memory", (long long)pl_engine_conv_count(im->engine));
    pl_improv__kv_int(g, "tracked_by_dialect", (long long)im->n_convs);
    pl_improv__kv_int(g, "turns_submitted", (long long)im->n_turns_submitted);
    pl_improv__kv_int(g, "ai_responses", (long long)im->n_answers);
    pl_improv__kv_int(g, "rest_waiting", (long long)im->n_waiters);
    pl_improv__kv_int(g, "test_jobs", (long long)jobs);
    pl_improv__kv_int(g, "stress_tests_running", (long long)im->n_stress);
    yajl_gen_map_close(g);
    pl_improv__key(g, "store");
    yajl_gen_map_open(g);
    pl_improv__kv_int(g, "schema_version", pl_store_schema_version(im->store));
    pl_improv__kv_int(g, "writes", (long long)st.writes);
    pl_improv__kv_int(g, "commits", (long long)st.commits);
    pl_improv__kv_int(g, "failures", (long long)st.failures);
    pl_improv__kv_int(g, "queued", (long long)st.queued);
    yajl_gen_map_close(g);
    pl_improv__key(g, "state_machine");
    yajl_gen_map_open(g);
    pl_improv__kv_int(g, "states", PL_CONV_STATE_COUNT);
    pl_improv__kv_int(g, "events", PL_CONV_EVENT_COUNT);
    pl_improv__kv_int(g, "transitions", PL_CONV_TRANSITION_COUNT);
    pl_improv__kv(g, "initial_state", pl_conv_state_name_lower(PL_CONV_INITIAL_STATE));
    yajl_gen_map_close(g);
    pl_improv__key(g, "settings");
    yajl_gen_map_open(g);
    pl_improv__kv_num(g, "transcript_timeout_seconds", im->cfg.transcript_timeout);
    pl_improv__kv_num(g, "processing_delay_seconds", im->cfg.processing_delay);
    pl_improv__kv_num(g, "answer_timeout_seconds", im->cfg.answer_timeout);
    pl_improv__kv_num(g, "messages_per_second", im->cfg.messages_per_second);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    pl_improv__respond_gen(req, 200, g);
}

/* ---------------------------------------------------------------------- */
/* GET /api/test/conversations/{id}/stress-test                           */

static void stress_next(pl_improv_job_t *j);

static void stress_sample(pl_improv_job_t *j, const char *what)
{
    if (j->n_samples < 3)
        snprintf(j->error_samples[j->n_samples++], sizeof(j->error_samples[0]), "%s", what);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n). */
static double percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    return v[rank - 1];
}

static void stress_report(pl_improv_job_t *j, int deleted)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs = (double)(now.tv_sec - j->t0.tv_sec) + (double)(now.tv_nsec - j->t0.tv_nsec) / 1e9;
    qsort(j->latency_ms, j->completed, sizeof(double), cmp_double);
    double sum = 0;
    for (size_t i = 0; i < j->completed; i++)
        sum += j->latency_ms[i];
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "conversation_id", j->conv_id);
    pl_improv__kv(g, "scratch_conversation_id", j->scratch_id);
    pl_improv__kv_bool(g, "scratch_deleted", deleted);
    pl_improv__kv_int(g, "message_count", (long long)j->count);
    pl_improv__kv_int(g, "completed", (long long)j->completed);
    pl_improv__kv_int(g, "errors", (long long)j->errors);
    pl_improv__key(g, "error_samples");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < j->n_samples; i++)
        yajl_gen_string(g, (const unsigned char *)j->error_samples[i], strlen(j->error_samples[i]));
    yajl_gen_array_close(g);
    {
        /* Microseconds: a short run is a few milliseconds, and rate x duration must hold. */
        char buf[64];
        int n = snprintf(buf, sizeof(buf), "%.6f", isfinite(secs) ? secs : 0.0);
        pl_improv__key(g, "duration_seconds");
        yajl_gen_number(g, buf, (size_t)n);
    }
    pl_improv__kv_num(g, "throughput_per_second", secs > 0 ? (double)j->completed / secs : 0);
    pl_improv__key(g, "latency_ms");
    yajl_gen_map_open(g);
    pl_improv__kv_num(g, "min", j->completed ? j->latency_ms[0] : 0);
    pl_improv__kv_num(g, "mean", j->completed ? sum / (double)j->completed : 0);
    pl_improv__kv_num(g, "p50", percentile(j->latency_ms, j->completed, 50));
    pl_improv__kv_num(g, "p90", percentile(j->latency_ms, j->completed, 90));
    pl_improv__kv_num(g, "p95", percentile(j->latency_ms, j->completed, 95));
    pl_improv__kv_num(g, "p99", percentile(j->latency_ms, j->completed, 99));
    pl_improv__kv_num(g, "max", j->completed ? j->latency_ms[j->completed - 1] : 0);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    pl_improv__respond_gen(j->req, 200, g);
    j->req = NULL;
}

static void stress_deleted(int rv, void *ud)
{
    pl_improv_job_t *j = ud;
    stress_report(j, rv == 0);
    job_free(j);
}

static void stress_finish(pl_improv_job_t *j)
{
    if (j->scratch_id[0] == '\0' ||
        pl_engine_conv_delete(j->im->engine, j->scratch_id, stress_deleted, j) != 0) {
        stress_report(j, 0);
        job_free(j);
    }
}

static void stress_answered(pl_improv_t *im, const pl_improv_answer_t *a, void *ud)
{
    (void)im;
    pl_improv_job_t *j = ud;
    if (a->outcome == PL_IMPROV_ANSWERED) {
        j->latency_ms[j->completed++] = a->seconds * 1000.0;
    } else {
        static const char *const names[] = {"answered", "failed",       "stopped",
                                             "lost",     "store_failed", "timed_out"};
        char what[160];
        snprintf(what, sizeof(what), "exchange %zu: %s", j->sent, names[a->outcome]);
        stress_sample(j, what);
        j->errors++;
    }
    stress_next(j);
}

static void stress_next_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    stress_next(arg);
}

static void stress_next(pl_improv_job_t *j)
{
    pl_improv_t *im = j->im;
    while (j->sent < j->count) {
        pl_conv_t *c = pl_improv__live(im, j->scratch_id);
        if (c == NULL) {
            stress_sample(j, "the scratch conversation disappeared");
            j->errors += j->count - j->sent;
            j->sent = j->count;
            break;
        }
        char text[96];
        snprintf(text, sizeof(text), "Stress test message %zu of %zu", j->sent + 1, j->count);
        j->sent++;
        int rv = pl_improv__submit(im, c, NULL, text, strlen(text), -1, 0, "stress",
                                   stress_answered, j);
        if (rv == PL_ACCEPT_PROCESSING || rv == PL_ACCEPT_QUEUED)
            return; /* stress_answered goes on */
        char what[160];
        snprintf(what, sizeof(what), "exchange %zu: refused (%s)", j->sent,
                 rv == PL_ACCEPT_DUPLICATE ? "duplicate" : pl_strerror(rv));
        stress_sample(j, what);
        j->errors++;
        if (rv == PL_ERR_BUSY) {
            arm(j, stress_next_cb, 0.01); /* let the running answer finish */
            return;
        }
    }
    stress_finish(j);
}

static void stress_created(pl_improv_t *im, int rv, const char *id, int64_t created_ms, void *ud)
{
    (void)im;
    (void)created_ms;
    pl_improv_job_t *j = ud;
    if (rv != 0) {
        pl_req_respond_error(j->req, 503, "could not create the scratch conversation");
        j->req = NULL;
        job_free(j);
        return;
    }
    snprintf(j->scratch_id, sizeof(j->scratch_id), "%s", id);
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
    stress_next(j);
}

static void rest_stress(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    long count = 10;
    char buf[32];
    if (pl_req_query(req, "message_count", buf, sizeof(buf)) >= 0) {
        char *end;
        count = strtol(buf, &end, 10);
        if (end == buf || *end != '\0' || count < 1 || count > PL_IMPROV_STRESS_MAX) {
            char text[120];
            snprintf(text, sizeof(text), "message_count: expected an integer from 1 to %d",
                     PL_IMPROV_STRESS_MAX);
            pl_req_respond_error(req, 422, text);
            return;
        }
    }
    if (im->n_stress >= PL_IMPROV_STRESS_CONCURRENT) {
        pl_req_respond_error(req, 429, "too many stress tests are running; try again later");
        return;
    }
    pl_improv_job_t *j = job_new(im, JOB_STRESS, req, id);
    im->n_stress++;
    j->count = (size_t)count;
    j->latency_ms = pl_calloc(j->count, sizeof(double));
    pl_improv__meta_field(pl_conv_meta(c), "personality", j->personality, sizeof(j->personality));
    pl_improv__meta_field(pl_conv_meta(c), "topic", j->topic, sizeof(j->topic));
    int rv = pl_improv__create(im, "stress-test", j->personality[0] ? j->personality : "friendly_neutral",
                               "stress_test", j->topic[0] ? j->topic : NULL, stress_created, j);
    if (rv != 0) {
        pl_req_respond_error(req, rv == PL_ERR_LIMIT ? 429 : 503,
                             "could not create the scratch conversation");
        j->req = NULL;
        job_free(j);
    }
}

/* ---------------------------------------------------------------------- */
/* GET /api/test/conversations/{id}/state-transitions                     */

/* The target of (from, ev) in the generated transition table, or -1. */
static int table_target(pl_conv_state_t from, pl_conv_event_t ev)
{
    for (int i = 0; i < PL_CONV_TRANSITION_COUNT; i++)
        if (pl_conv_transitions[i].from == from && pl_conv_transitions[i].event == ev)
            return (int)pl_conv_transitions[i].to;
    return -1;
}

/* Shortest event paths from the initial state (BFS over the table). */
static void gen_paths(yajl_gen g)
{
    int prev_state[PL_CONV_STATE_COUNT], prev_event[PL_CONV_STATE_COUNT], seen[PL_CONV_STATE_COUNT];
    int queue[PL_CONV_STATE_COUNT], head = 0, tail = 0;
    for (int s = 0; s < PL_CONV_STATE_COUNT; s++)
        seen[s] = 0, prev_state[s] = prev_event[s] = -1;
    seen[PL_CONV_INITIAL_STATE] = 1;
    queue[tail++] = PL_CONV_INITIAL_STATE;
    while (head < tail) {
        int s = queue[head++];
        for (int i = 0; i < PL_CONV_TRANSITION_COUNT; i++) {
            const pl_conv_transition_t *t = &pl_conv_transitions[i];
            if ((int)t->from != s || seen[t->to])
                continue;
            seen[t->to] = 1;
            prev_state[t->to] = s;
            prev_event[t->to] = (int)t->event;
            queue[tail++] = (int)t->to;
        }
    }
    yajl_gen_array_open(g);
    for (int s = 0; s < PL_CONV_STATE_COUNT; s++) {
        int events[PL_CONV_STATE_COUNT], states[PL_CONV_STATE_COUNT + 1], n = 0;
        if (seen[s]) {
            for (int at = s; at != (int)PL_CONV_INITIAL_STATE; at = prev_state[at]) {
                events[n] = prev_event[at];
                states[n] = at;
                n++;
            }
        }
        yajl_gen_map_open(g);
        pl_improv__kv(g, "state", pl_conv_state_name_lower((pl_conv_state_t)s));
        pl_improv__kv_bool(g, "reachable", seen[s]);
        pl_improv__key(g, "events");
        if (!seen[s]) {
            yajl_gen_null(g);
        } else {
            yajl_gen_array_open(g);
            for (int k = n - 1; k >= 0; k--) {
                const char *e = pl_conv_event_name((pl_conv_event_t)events[k]);
                yajl_gen_string(g, (const unsigned char *)e, strlen(e));
            }
            yajl_gen_array_close(g);
        }
        pl_improv__key(g, "states");
        if (!seen[s]) {
            yajl_gen_null(g);
        } else {
            yajl_gen_array_open(g);
            const char *init = pl_conv_state_name_lower(PL_CONV_INITIAL_STATE);
            yajl_gen_string(g, (const unsigned char *)init, strlen(init));
            for (int k = n - 1; k >= 0; k--) {
                const char *x = pl_conv_state_name_lower((pl_conv_state_t)states[k]);
                yajl_gen_string(g, (const unsigned char *)x, strlen(x));
            }
            yajl_gen_array_close(g);
        }
        pl_improv__kv_int(g, "length", seen[s] ? n : -1);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static void rest_transitions(pl_req_t *req, void *ud)
{
    pl_improv_t *im = ud;
    const char *id = pl_req_param(req, "conversation_id");
    pl_conv_t *c = pl_improv__live(im, id);
    if (c == NULL) {
        pl_req_respond_error(req, 404, "Conversation not found");
        return;
    }
    pl_conv_state_t live_state = pl_conv_state(c);
    uint64_t live_seq = pl_conv_last_seq(c);
    int passed = 0, failed = 0, valid_total = 0, valid_observed = 0, rejected_total = 0,
        rejected_ok = 0;
    yajl_gen g = pl_improv__gen();
    yajl_gen_map_open(g);
    pl_improv__kv(g, "conversation_id", id);
    pl_improv__kv(g, "source", "fsm/conversation.fsm");
    pl_improv__kv(g, "method", "each (state, event) pair fired through the engine's external event "
                               "path (pl_engine_probe) on a scratch copy of the conversation");
    pl_improv__key(g, "results");
    yajl_gen_array_open(g);
    for (int s = 0; s < PL_CONV_STATE_COUNT; s++) {
        for (int e = 0; e < PL_CONV_EVENT_COUNT; e++) {
            int expected = table_target((pl_conv_state_t)s, (pl_conv_event_t)e);
            pl_conv_state_t observed = (pl_conv_state_t)s;
            int rv = pl_engine_probe(im->engine, c, (pl_conv_state_t)s, (pl_conv_event_t)e, &observed);
            int ok;
            const char *obs_text;
            if (rv == PL_ERR_FSM_TRANSITION && observed == (pl_conv_state_t)s) {
                obs_text = "rejected";
                ok = expected < 0;
            } else if (rv == 0) {
                obs_text = pl_conv_state_name_lower(observed);
                ok = expected >= 0 && (int)observed == expected;
            } else {
                obs_text = "error";
                ok = 0;
            }
            if (expected >= 0) {
                valid_total++;
                valid_observed += ok;
            } else {
                rejected_total++;
                rejected_ok += ok;
            }
            passed += ok;
            failed += !ok;
            yajl_gen_map_open(g);
            pl_improv__kv(g, "from", pl_conv_state_name_lower((pl_conv_state_t)s));
            pl_improv__kv(g, "event", pl_conv_event_name((pl_conv_event_t)e));
            pl_improv__kv(g, "expected",
                          expected >= 0 ? pl_conv_state_name_lower((pl_conv_state_t)expected)
                                        : "rejected");
            pl_improv__kv(g, "observed", obs_text);
            pl_improv__kv(g, "result", ok ? "pass" : "fail");
            yajl_gen_map_close(g);
            if (!ok)
                pl_log_warn(MOD, "state-transitions: %s --%s--> expected %s, observed %s",
                            pl_conv_state_name_lower((pl_conv_state_t)s),
                            pl_conv_event_name((pl_conv_event_t)e),
                            expected >= 0 ? pl_conv_state_name_lower((pl_conv_state_t)expected)
                                          : "rejected",
                            obs_text);
        }
    }
    yajl_gen_array_close(g);
    pl_improv__key(g, "summary");
    yajl_gen_map_open(g);
    pl_improv__kv_int(g, "pairs", passed + failed);
    pl_improv__kv_int(g, "passed", passed);
    pl_improv__kv_int(g, "failed", failed);
    pl_improv__kv_int(g, "valid_transitions", valid_total);
    pl_improv__kv_int(g, "valid_transitions_observed", valid_observed);
    pl_improv__kv_int(g, "invalid_pairs", rejected_total);
    pl_improv__kv_int(g, "invalid_pairs_rejected", rejected_ok);
    pl_improv__kv_num(g, "transition_coverage",
                      valid_total > 0 ? (double)valid_observed / (double)valid_total : 0);
    pl_improv__kv_bool(g, "all_passed", failed == 0);
    yajl_gen_map_close(g);
    pl_improv__key(g, "shortest_paths");
    gen_paths(g);
    /* The probes ran on scratch copies: the live conversation is as it was. */
    int unchanged = pl_conv_state(c) == live_state && pl_conv_last_seq(c) == live_seq;
    pl_improv__key(g, "live_conversation");
    yajl_gen_map_open(g);
    pl_improv__kv(g, "state", pl_conv_state_name_lower(pl_conv_state(c)));
    pl_improv__kv_int(g, "last_seq", (long long)pl_conv_last_seq(c));
    pl_improv__kv_bool(g, "unchanged", unchanged);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    pl_improv__respond_gen(req, 200, g);
}

/* ---------------------------------------------------------------------- */

int pl_improv__test_routes(pl_improv_t *im)
{
    pl_server_t *srv = im->srv;
    int rv = pl_server_route(srv, "POST", "/api/test/conversations", rest_test_create, im);
    if (rv == 0)
        rv = pl_server_route(srv, "POST", "/api/test/conversations/{conversation_id}/message",
                             rest_test_message, im);
    if (rv == 0)
        rv = pl_server_route(srv, "POST", "/api/test/conversations/{conversation_id}/speech",
                             rest_test_speech, im);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/api/test/system-status", rest_system_status, im);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/api/test/conversations/{conversation_id}/stress-test",
                             rest_stress, im);
    if (rv == 0)
        rv = pl_server_route(srv, "GET",
                             "/api/test/conversations/{conversation_id}/state-transitions",
                             rest_transitions, im);
    return rv;
}
