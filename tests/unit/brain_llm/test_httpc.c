/*
 * test_httpc.c - the libcurl multi-socket client on libevent, against
 * tests/support/fake_llm.py: a streamed body arrives in pieces with its
 * status; an error response with Retry-After; starting and cancelling
 * requests from inside a body callback (deferred until curl returns);
 * cancelling another running request; the first-byte and idle deadlines
 * (the idle one counted from the last piece); the connection cap (a request
 * past it waits for a free connection); freeing the client with requests
 * running; bad arguments; the after-I/O hook (after every piece, outside
 * the callbacks).
 */
#include "fake_provider.h"
#include "pl_test.h"

#include "parley/error.h"
#include "parley/httpc.h"

#include <time.h>

static fake_t F;
static int fake_ok = -1;

static void stop_fake(void)
{
    fake_stop(&F);
}

static int fake(void)
{
    if (fake_ok < 0) {
        fake_ok = fake_start(&F, NULL) == 0;
        if (fake_ok)
            atexit(stop_fake);
    }
    if (fake_ok)
        fake_reset(&F);
    return fake_ok;
}

typedef struct hrec {
    struct event_base *base;
    pl_httpc_t *h;
    pl_httpc_req_t *req;
    long status;
    char ctype[64];
    double retry_after;
    int heads, pieces, dones, after_done;
    pl_buf_t body;
    pl_httpc_result_t res;
    char msg[256];
    /* actions from inside on_body */
    int cancel_self_at;          /* cancel this request at this piece */
    struct hrec *start_other;    /* start this one at the first piece */
    struct hrec *cancel_other;   /* cancel this one at the first piece */
    const char *other_body;
    int cancelled;
    int break_on_done;
} hrec_t;

static int h_head(void *ud, long status, const char *ct, double ra)
{
    hrec_t *r = ud;
    r->heads++;
    r->status = status;
    snprintf(r->ctype, sizeof(r->ctype), "%s", ct ? ct : "");
    r->retry_after = ra;
    return 0;
}

static int start_req(hrec_t *r, const char *body, double first_byte, double idle);

static int h_body(void *ud, const char *data, size_t len)
{
    hrec_t *r = ud;
    if (r->dones || r->cancelled)
        r->after_done++;
    r->pieces++;
    (void)pl_buf_append(&r->body, data, len);
    if (r->pieces == 1 && r->start_other != NULL)
        PL_CHECK_INT(start_req(r->start_other, r->other_body, 0, 0), ==, 0);
    if (r->pieces == 1 && r->cancel_other != NULL) {
        pl_httpc_cancel(r->cancel_other->req);
        r->cancel_other->cancelled = 1;
    }
    if (r->cancel_self_at > 0 && r->pieces == r->cancel_self_at) {
        pl_httpc_cancel(r->req);
        r->cancelled = 1;
    }
    return 0;
}

static void h_done(void *ud, const pl_httpc_result_t *res)
{
    hrec_t *r = ud;
    if (r->dones || r->cancelled)
        r->after_done++;
    r->dones++;
    r->res = *res;
    snprintf(r->msg, sizeof(r->msg), "%s", res->message);
    r->res.message = r->msg;
    if (r->break_on_done)
        event_base_loopbreak(r->base);
}

static const pl_httpc_callbacks_t hcb = {h_head, h_body, h_done};

static char url_buf[256];

/* Starts a streamed completion for r with callbacks cb (hcb unless a test wraps one). */
static int start_req_cb(hrec_t *r, const char *body, double first_byte, double idle,
                        const pl_httpc_callbacks_t *cb)
{
    snprintf(url_buf, sizeof(url_buf), "%s/v1/chat/completions", F.base);
    static const char *const headers[] = {"Content-Type: application/json", NULL};
    pl_httpc_request_t rq = {0};
    rq.url = url_buf;
    rq.headers = headers;
    rq.body = body;
    rq.body_len = strlen(body);
    rq.connect_timeout = 2;
    rq.first_byte_timeout = first_byte;
    rq.idle_timeout = idle;
    rq.total_timeout = 20;
    return pl_httpc_start(r->h, &rq, cb, r, &r->req);
}

static int start_req(hrec_t *r, const char *body, double first_byte, double idle)
{
    return start_req_cb(r, body, first_byte, idle, &hcb);
}

static void hrec_init(hrec_t *r, struct event_base *base, pl_httpc_t *h)
{
    memset(r, 0, sizeof(*r));
    r->base = base;
    r->h = h;
    r->retry_after = -2;
}

#define BODY(msg) "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" msg "\"}]}"

PL_TEST(stream_in_pieces)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t r;
    hrec_init(&r, base, h);
    r.break_on_done = 1;
    PL_CHECK_INT(start_req(&r, BODY("fake:split pieces"), 5, 5), ==, 0);
    PL_CHECK_INT(r.heads + r.pieces + r.dones, ==, 0); /* nothing inside start() */
    PL_CHECK_INT(pl_httpc_active(h), ==, 1);
    run_for(base, 10);
    PL_CHECK_INT(r.dones, ==, 1);
    PL_CHECK_INT(r.heads, ==, 1);
    PL_CHECK_INT(r.res.err, ==, 0);
    PL_CHECK_INT(r.res.status, ==, 200);
    PL_CHECK_INT(r.status, ==, 200);
    PL_CHECK_STR(r.ctype, "text/event-stream");
    PL_CHECK(r.pieces > 10); /* the fake flushed many small pieces */
    PL_CHECK_INT(r.res.body_bytes, ==, r.body.len);
    PL_CHECK_CONTAINS(r.body.data, "data: [DONE]");
    PL_CHECK_INT(r.res.connected, ==, 1);
    PL_CHECK_INT(pl_httpc_active(h), ==, 0);
    pl_buf_free(&r.body);
    pl_httpc_free(h);
    event_base_free(base);
}

/* The after-I/O hook: after every round that delivered body, outside the callbacks. */
typedef struct hook_rec {
    hrec_t *r;
    int calls;
    int inside_body; /* calls made while a body callback was running */
    int unflushed;   /* pieces delivered since the last call */
} hook_rec_t;

static hook_rec_t hook;
static int in_body;

static int hook_body(void *ud, const char *data, size_t len)
{
    in_body = 1;
    int rv = h_body(ud, data, len);
    in_body = 0;
    hook.unflushed++;
    return rv;
}

static void hook_after_io(void *ud, double started)
{
    PL_CHECK(ud == &hook);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
    PL_CHECK(started > 0 && started <= now && now - started < 5.0);
    hook.calls++;
    hook.inside_body += in_body;
    hook.unflushed = 0;
}

PL_TEST(after_io_hook_follows_every_piece)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t r;
    hrec_init(&r, base, h);
    r.break_on_done = 1;
    memset(&hook, 0, sizeof(hook));
    pl_httpc_set_after_io(h, hook_after_io, &hook);
    static const pl_httpc_callbacks_t cb = {h_head, hook_body, h_done};
    PL_CHECK_INT(start_req_cb(&r, BODY("fake:split pieces"), 0, 0, &cb), ==, 0);
    run_for(base, 10);
    PL_CHECK_INT(r.dones, ==, 1);
    PL_CHECK_INT(r.res.err, ==, 0);
    PL_CHECK(r.pieces > 10);
    PL_CHECK(hook.calls >= 1);
    PL_CHECK_INT(hook.inside_body, ==, 0);
    PL_CHECK_INT(hook.unflushed, ==, 0); /* the last piece too was followed by a call */

    /* unset: a second stream calls nothing */
    pl_httpc_set_after_io(h, NULL, &hook);
    int calls = hook.calls;
    hrec_t r2;
    hrec_init(&r2, base, h);
    r2.break_on_done = 1;
    PL_CHECK_INT(start_req_cb(&r2, BODY("fake:split pieces"), 0, 0, &cb), ==, 0);
    run_for(base, 10);
    PL_CHECK_INT(r2.dones, ==, 1);
    PL_CHECK(r2.pieces > 10);
    PL_CHECK_INT(hook.calls, ==, calls);
    pl_buf_free(&r.body);
    pl_buf_free(&r2.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(error_status_and_retry_after)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t r;
    hrec_init(&r, base, h);
    r.break_on_done = 1;
    PL_CHECK_INT(start_req(&r, BODY("fake:ratelimit-long"), 5, 5), ==, 0);
    run_for(base, 10);
    PL_CHECK_INT(r.dones, ==, 1);
    PL_CHECK_INT(r.res.err, ==, 0);
    PL_CHECK_INT(r.res.status, ==, 429);
    PL_CHECK(r.res.retry_after == 3600);
    PL_CHECK(r.retry_after == 3600);
    PL_CHECK_CONTAINS(r.body.data, "Rate limit reached");
    pl_buf_free(&r.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(start_and_cancel_inside_body_callback)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t a, b, c;
    hrec_init(&a, base, h);
    hrec_init(&b, base, h);
    hrec_init(&c, base, h);
    b.break_on_done = 1;
    /* c stalls; a's first piece starts b and cancels c; a's third piece cancels a. */
    PL_CHECK_INT(start_req(&c, BODY("fake:stall-first c"), 0, 0), ==, 0);
    run_for(base, 0.3);
    a.start_other = &b;
    a.other_body = BODY("plain b");
    a.cancel_other = &c;
    a.cancel_self_at = 3;
    PL_CHECK_INT(start_req(&a, BODY("fake:slow a"), 0, 0), ==, 0);
    run_for(base, 10);
    PL_CHECK_INT(b.dones, ==, 1);
    PL_CHECK_INT(b.res.err, ==, 0);
    PL_CHECK_CONTAINS(b.body.data, "[DONE]");
    run_for(base, 0.5);
    PL_CHECK_INT(a.pieces, ==, 3);
    PL_CHECK_INT(a.dones + a.after_done, ==, 0);
    PL_CHECK_INT(c.dones + c.after_done + c.pieces, ==, 0);
    PL_CHECK_INT(pl_httpc_active(h), ==, 0);
    /* The fake saw both cancelled connections close. */
    yajl_val log = fake_log(&F);
    int closed = 0;
    for (size_t i = 0; i < jlen(log); i++) {
        const char *sc = jstr(jat(log, i), "scenario", NULL, NULL);
        if (sc != NULL && (strcmp(sc, "slow") == 0 || strcmp(sc, "stall-first") == 0))
            closed += jtrue(jat(log, i), "client_closed");
    }
    PL_CHECK_INT(closed, ==, 2);
    yajl_tree_free(log);
    pl_buf_free(&a.body);
    pl_buf_free(&b.body);
    pl_buf_free(&c.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(deadlines)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t a, b;
    hrec_init(&a, base, h);
    hrec_init(&b, base, h);
    PL_CHECK_INT(start_req(&a, BODY("fake:stall-first deadline"), 0.3, 5), ==, 0);
    PL_CHECK_INT(start_req(&b, BODY("fake:stall deadline"), 5, 0.3), ==, 0);
    double t0 = now_s();
    run_for(base, 1.5);
    PL_CHECK_INT(a.dones, ==, 1);
    PL_CHECK_INT(a.res.err, ==, PL_ERR_TIMEOUT);
    PL_CHECK_INT(a.res.timeout, ==, PL_HTTPC_TIMEOUT_FIRST_BYTE);
    PL_CHECK_STR(a.msg, "first byte timeout");
    PL_CHECK_INT(b.dones, ==, 1);
    PL_CHECK_INT(b.res.err, ==, PL_ERR_TIMEOUT);
    PL_CHECK_INT(b.res.timeout, ==, PL_HTTPC_TIMEOUT_IDLE);
    PL_CHECK(b.pieces > 0);
    PL_CHECK(now_s() - t0 < 1.6);
    PL_CHECK_STR(pl_httpc_timeout_name(PL_HTTPC_TIMEOUT_TOTAL), "total");
    pl_buf_free(&a.body);
    pl_buf_free(&b.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(idle_deadline_counts_from_the_last_piece)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t r;
    hrec_init(&r, base, h);
    r.break_on_done = 1;
    /* deltas 0.25 s apart for about 2 s: the 0.4 s idle deadline, re-armed lazily from the
     * last piece, never passes, though it is far shorter than the stream */
    double t0 = now_s();
    PL_CHECK_INT(start_req(&r, BODY("fake:slow idle"), 5, 0.4), ==, 0);
    run_for(base, 10);
    PL_CHECK_INT(r.dones, ==, 1);
    PL_CHECK_INT(r.res.err, ==, 0);
    PL_CHECK_INT(r.res.timeout, ==, PL_HTTPC_TIMEOUT_NONE);
    PL_CHECK(now_s() - t0 > 1.0);
    PL_CHECK(r.pieces > 5);
    PL_CHECK_CONTAINS(r.body.data, "[DONE]");
    pl_buf_free(&r.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(connection_cap_queues_requests)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    PL_CHECK_INT(pl_httpc_set_max_connections(h, 1), ==, 0);
    PL_CHECK_INT(pl_httpc_set_max_connections(NULL, 1), ==, PL_ERR_INVALID_ARGUMENT);
    hrec_t a, b;
    hrec_init(&a, base, h);
    hrec_init(&b, base, h);
    b.break_on_done = 1;
    /* a holds the one connection (the fake sends its head, then nothing); b waits */
    PL_CHECK_INT(start_req(&a, BODY("fake:stall-first cap"), 0, 0), ==, 0);
    PL_CHECK_INT(start_req(&b, BODY("plain cap b"), 5, 5), ==, 0);
    run_for(base, 0.6);
    PL_CHECK_INT(b.heads + b.pieces + b.dones, ==, 0);
    PL_CHECK_INT(pl_httpc_active(h), ==, 2);
    yajl_val log = fake_log(&F);
    PL_CHECK_INT(jlen(log), ==, 1);
    yajl_tree_free(log);
    /* a goes: b gets the connection's place and completes */
    pl_httpc_cancel(a.req);
    run_for(base, 5);
    PL_CHECK_INT(b.dones, ==, 1);
    PL_CHECK_INT(b.res.err, ==, 0);
    PL_CHECK_INT(b.res.status, ==, 200);
    PL_CHECK_CONTAINS(b.body.data, "[DONE]");
    PL_CHECK_INT(a.dones + a.after_done, ==, 0);
    log = fake_log(&F);
    PL_CHECK_INT(jlen(log), ==, 2);
    yajl_tree_free(log);
    /* no cap again: two stalls are served at once */
    PL_CHECK_INT(pl_httpc_set_max_connections(h, 0), ==, 0);
    hrec_t c, d;
    hrec_init(&c, base, h);
    hrec_init(&d, base, h);
    PL_CHECK_INT(start_req(&c, BODY("fake:stall-first cap c"), 0, 0), ==, 0);
    PL_CHECK_INT(start_req(&d, BODY("fake:stall-first cap d"), 0, 0), ==, 0);
    run_for(base, 0.6);
    log = fake_log(&F);
    PL_CHECK_INT(jlen(log), ==, 4);
    yajl_tree_free(log);
    pl_buf_free(&a.body);
    pl_buf_free(&b.body);
    pl_buf_free(&c.body);
    pl_buf_free(&d.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(connect_failure_and_bad_arguments)
{
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t r;
    hrec_init(&r, base, h);
    r.break_on_done = 1;
    pl_httpc_request_t rq = {0};
    rq.url = "http://127.0.0.1:1/nothing";
    rq.connect_timeout = 2;
    PL_CHECK_INT(pl_httpc_start(h, &rq, &hcb, &r, &r.req), ==, 0);
    run_for(base, 5);
    PL_CHECK_INT(r.dones, ==, 1);
    PL_CHECK_INT(r.res.err, ==, PL_ERR_IO);
    PL_CHECK_INT(r.res.status, ==, 0);
    PL_CHECK_INT(r.res.connected, ==, 0);
    PL_CHECK(r.msg[0] != '\0');
    pl_httpc_req_t *x = NULL;
    rq.url = NULL;
    PL_CHECK_INT(pl_httpc_start(h, &rq, &hcb, &r, &x), ==, PL_ERR_INVALID_ARGUMENT);
    rq.url = "http://127.0.0.1:1/";
    rq.idle_timeout = -1;
    PL_CHECK_INT(pl_httpc_start(h, &rq, &hcb, &r, &x), ==, PL_ERR_INVALID_ARGUMENT);
    pl_httpc_callbacks_t nodone = {h_head, h_body, NULL};
    rq.idle_timeout = 0;
    PL_CHECK_INT(pl_httpc_start(h, &rq, &nodone, &r, &x), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK(x == NULL);
    pl_buf_free(&r.body);
    pl_httpc_free(h);
    event_base_free(base);
}

PL_TEST(free_with_requests_running)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_httpc_t *h = pl_httpc_new(base);
    hrec_t a, b;
    hrec_init(&a, base, h);
    hrec_init(&b, base, h);
    PL_CHECK_INT(start_req(&a, BODY("fake:stall-first free"), 0, 0), ==, 0);
    PL_CHECK_INT(start_req(&b, BODY("fake:slow free"), 0, 0), ==, 0);
    run_for(base, 0.5);
    PL_CHECK_INT(pl_httpc_active(h), ==, 2);
    pl_httpc_free(h);
    run_for(base, 0.2);
    PL_CHECK_INT(a.dones + b.dones, ==, 0);
    pl_buf_free(&a.body);
    pl_buf_free(&b.body);
    event_base_free(base);
}

PL_TEST_MAIN(PL_TEST_ENTRY(stream_in_pieces), PL_TEST_ENTRY(after_io_hook_follows_every_piece),
             PL_TEST_ENTRY(error_status_and_retry_after),
             PL_TEST_ENTRY(start_and_cancel_inside_body_callback), PL_TEST_ENTRY(deadlines),
             PL_TEST_ENTRY(idle_deadline_counts_from_the_last_piece),
             PL_TEST_ENTRY(connection_cap_queues_requests),
             PL_TEST_ENTRY(connect_failure_and_bad_arguments),
             PL_TEST_ENTRY(free_with_requests_running))
