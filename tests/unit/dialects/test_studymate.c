/*
 * test_studymate.c - unit tests of the StudyMate dialect (seed 003): meta
 * and citation decoding, the engine-event serializer, and, over a real
 * store and engine with a brain that cites documents, what load_messages
 * returns (client ids and timestamps, citations saved with the answer, the
 * 1000-message and byte caps). The WebSocket side is tested end to end in
 * tests/e2e/34-studymate.py.
 */
#include "pl_test.h"

#include "dialects/studymate_int.h"
#include "parley/brain.h"
#include "parley/config.h"
#include "parley/engine.h"
#include "parley/error.h"
#include "parley/mem.h"
#include "parley/server.h"
#include "parley/store.h"
#include "schemas/pl_msg_studymate_server.h"
#include "../store/store_test_util.h"

#include <event2/event.h>

static const char CITE1[] = "{\"document_id\":\"doc_42\",\"chunk_id\":\"doc_42_c7\",\"filename\":"
                            "\"biology-ch3.pdf\",\"page_start\":12,\"page_end\":13,\"score\":0.87}";

static int str_eq(pl_msg_str_t s, const char *want)
{
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* Parses a server message; kind UNKNOWN when it does not parse. */
static pl_msg_studymate_server_t parse_server(const pl_buf_t *b)
{
    pl_msg_studymate_server_t m;
    pl_msg_error_t err;
    if (pl_msg_studymate_server_parse(b->data, b->len, &m, &err) != 0) {
        fprintf(stderr, "  does not parse (%s): %.*s\n", err.message, (int)b->len, b->data);
        m.kind = PL_MSG_STUDYMATE_SERVER_KIND_UNKNOWN;
    }
    return m;
}

/* ---------------------------------------------------------------------- */

PL_TEST(meta_object_with_timestamp_and_citations)
{
    char json[2048];
    snprintf(json, sizeof(json),
             "{\"timestamp\":\"2025-01-04T14:00:00.000Z\",\"citations\":[%s,"
             "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":0,\"page_end\":1,\"score\":0.5},"
             "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":0.5,\"url\":\"x\"},"
             "{\"document_id\":\"d2\",\"chunk_id\":\"c2\",\"filename\":\"g.md\",\"page_start\":1,\"page_end\":1,\"score\":1}]}",
             CITE1);
    pl_studymate_meta_t m;
    PL_CHECK_INT(pl_studymate_meta_decode(json, strlen(json), &m), ==, 0);
    PL_CHECK_STR(m.timestamp, "2025-01-04T14:00:00.000Z");
    PL_CHECK(m.has_citations);
    PL_CHECK_INT(m.n_citations, ==, 2);
    PL_CHECK_INT(m.n_dropped, ==, 2);
    if (m.n_citations == 2) {
        PL_CHECK(str_eq(m.citations[0].document_id, "doc_42"));
        PL_CHECK(str_eq(m.citations[0].chunk_id, "doc_42_c7"));
        PL_CHECK(str_eq(m.citations[0].filename, "biology-ch3.pdf"));
        PL_CHECK_INT(m.citations[0].page_start, ==, 12);
        PL_CHECK_INT(m.citations[0].page_end, ==, 13);
        PL_CHECK(m.citations[0].score > 0.869 && m.citations[0].score < 0.871);
        PL_CHECK(m.citations[1].score == 1.0);
    }
    /* Written back as JSON, they decode the same. */
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_studymate_citations_json(m.citations, m.n_citations, &out), ==, 0);
    pl_studymate_meta_t again;
    PL_CHECK_INT(pl_studymate_meta_decode(out.data, out.len, &again), ==, 0);
    PL_CHECK_INT(again.n_citations, ==, 2);
    PL_CHECK_INT(again.n_dropped, ==, 0);
    PL_CHECK(again.timestamp == NULL);
    pl_studymate_meta_clear(&again);
    pl_buf_free(&out);
    pl_studymate_meta_clear(&m);
    PL_CHECK(m.tree == NULL && m.citations == NULL && m.n_citations == 0);
    pl_studymate_meta_clear(&m); /* cleared twice is fine */
}

PL_TEST(meta_citation_bounds)
{
    /* Each line breaks one rule of common.json#/$defs/citation. */
    static const char *bad[] = {
        "{\"document_id\":\"\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":0.5}",
        "{\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":0.5}",
        "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1000001,\"score\":0.5}",
        "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1.5,\"page_end\":2,\"score\":0.5}",
        "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":1.01}",
        "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":-0.1}",
        "{\"document_id\":\"d\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":\"0.5\"}",
        "{\"document_id\":7,\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,\"page_end\":1,\"score\":0.5}",
        "[1]",
        "\"doc\"",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char json[512];
        snprintf(json, sizeof(json), "[%s]", bad[i]);
        pl_studymate_meta_t m;
        PL_CHECK_INT(pl_studymate_meta_decode(json, strlen(json), &m), ==, 0);
        if (m.n_citations != 0 || m.n_dropped != 1)
            fprintf(stderr, "  case %zu: %s\n", i, bad[i]);
        PL_CHECK_INT(m.n_citations, ==, 0);
        PL_CHECK_INT(m.n_dropped, ==, 1);
        pl_studymate_meta_clear(&m);
    }
    /* Lengths are code points: 128 two-byte characters fit, 129 do not. */
    char id[600], json[2048];
    for (int n = 128; n <= 129; n++) {
        size_t k = 0;
        for (int i = 0; i < n; i++) {
            id[k++] = (char)0xC3;
            id[k++] = (char)0xA9;
        }
        id[k] = '\0';
        snprintf(json, sizeof(json),
                 "[{\"document_id\":\"%s\",\"chunk_id\":\"c\",\"filename\":\"f\",\"page_start\":1,"
                 "\"page_end\":1,\"score\":0}]", id);
        pl_studymate_meta_t m;
        PL_CHECK_INT(pl_studymate_meta_decode(json, strlen(json), &m), ==, 0);
        PL_CHECK_INT(m.n_citations, ==, n == 128 ? 1 : 0);
        pl_studymate_meta_clear(&m);
    }
    /* At most 64 citations. */
    pl_buf_t many = PL_BUF_INIT(0);
    pl_buf_append_str(&many, "[");
    for (int i = 0; i < 70; i++)
        pl_buf_appendf(&many, "%s%s", i ? "," : "", CITE1);
    pl_buf_append_str(&many, "]");
    pl_studymate_meta_t m;
    PL_CHECK_INT(pl_studymate_meta_decode(many.data, many.len, &m), ==, 0);
    PL_CHECK_INT(m.n_citations, ==, PL_STUDYMATE_CITATIONS_MAX);
    PL_CHECK_INT(m.n_dropped, ==, 70 - PL_STUDYMATE_CITATIONS_MAX);
    pl_studymate_meta_clear(&m);
    pl_buf_free(&many);
}

PL_TEST(meta_refuses_what_is_not_an_object_or_array)
{
    static const char *bad[] = {"", "not json", "\"text\"", "42", "null", "{\"a\":", "{} {}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        pl_studymate_meta_t m;
        PL_CHECK_INT(pl_studymate_meta_decode(bad[i], strlen(bad[i]), &m), ==, PL_ERR_PARSE);
        PL_CHECK(m.tree == NULL && m.citations == NULL);
    }
    pl_studymate_meta_t m;
    PL_CHECK_INT(pl_studymate_meta_decode("{\"a\\u0000\":1}", 13, &m), ==, 0);
    pl_studymate_meta_clear(&m);
    PL_CHECK_INT(pl_studymate_meta_decode("{}\0{}", 5, &m), ==, PL_ERR_PARSE);
    const char *wrong = "{\"timestamp\":5,\"citations\":{}}";
    PL_CHECK_INT(pl_studymate_meta_decode(wrong, strlen(wrong), &m), ==, 0);
    PL_CHECK(m.timestamp == NULL && !m.has_citations);
    pl_studymate_meta_clear(&m);
    PL_CHECK_INT(pl_studymate_meta_decode("[]", 2, &m), ==, 0);
    PL_CHECK(m.has_citations && m.n_citations == 0);
    pl_studymate_meta_clear(&m);
}

PL_TEST(reply_ids_carry_their_start)
{
    PL_CHECK_INT(pl_studymate_reply_ms("a_1736000000.450", "a_"), ==, 1736000000450LL);
    PL_CHECK_INT(pl_studymate_reply_ms("a_0.001", "a_"), ==, 1);
    PL_CHECK_INT(pl_studymate_reply_ms("a_1736000000.45", "a_"), ==, -1);
    PL_CHECK_INT(pl_studymate_reply_ms("a_1736000000.4500", "a_"), ==, -1);
    PL_CHECK_INT(pl_studymate_reply_ms("a_.450", "a_"), ==, -1);
    PL_CHECK_INT(pl_studymate_reply_ms("b_1736000000.450", "a_"), ==, -1);
    PL_CHECK_INT(pl_studymate_reply_ms("a_1736000000450", "a_"), ==, -1);
    PL_CHECK_INT(pl_studymate_reply_ms(NULL, "a_"), ==, -1);
}

/* ---------------------------------------------------------------------- */
/* Events                                                                 */

PL_TEST(user_message_echo_keeps_client_id_and_time)
{
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_USER_MESSAGE;
    ev.seq = 4;
    ev.at_ms = 1736000001000LL;
    ev.message_id = "user_1736000001000_1";
    ev.text = "What does chapter 3 say about osmosis?";
    ev.len = strlen(ev.text);
    ev.user_id = "user_123";
    ev.token = "m_1736000000000";
    ev.client_meta = "{\"timestamp\":\"2025-01-04T14:00:00.000Z\"}";
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_studymate_event_json(&ev, "chat_456", &out), ==, 0);
    pl_msg_studymate_server_t m = parse_server(&out);
    PL_CHECK_INT(m.kind, ==, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE) {
        const pl_msg_studymate_server_message_t *x = m.u.message;
        PL_CHECK(str_eq(x->data.message.id, "m_1736000000000"));
        PL_CHECK_INT(x->data.message.role, ==, PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_USER);
        PL_CHECK(str_eq(x->data.message.content, "What does chapter 3 say about osmosis?"));
        PL_CHECK(str_eq(x->data.message.timestamp, "2025-01-04T14:00:00.000Z"));
        PL_CHECK(str_eq(x->data.message.chat_id, "chat_456"));
        PL_CHECK(str_eq(x->data.chat_id, "chat_456"));
        PL_CHECK(!x->data.has_status && !x->data.message.has_citations);
        PL_CHECK(x->has_seq && x->seq == 4);
    }
    pl_msg_studymate_server_free(&m);
    /* Without the client's id and time: the engine's id and the event's time. */
    ev.token = NULL;
    ev.client_meta = "{\"timestamp\":\"yesterday\"}";
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_studymate_event_json(&ev, "chat_456", &out), ==, 0);
    PL_CHECK_CONTAINS(out.data, "\"id\":\"user_1736000001000_1\"");
    PL_CHECK_CONTAINS(out.data, "\"timestamp\":\"2025-01-04T14:13:21.000Z\"");
    ev.client_meta = "garbage";
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_studymate_event_json(&ev, "chat_456", &out), ==, 0);
    PL_CHECK_CONTAINS(out.data, "\"timestamp\":\"2025-01-04T14:13:21.000Z\"");
    pl_buf_free(&out);
}

/* The assistant message of a serialized stream event. */
static pl_msg_studymate_server_t stream_event(pl_ev_kind_t kind, const char *partial, const char *text,
                                              const char *status, const pl_brain_result_t *r,
                                              const char *stored_meta, pl_buf_t *out)
{
    pl_engine_event_t ev = {0};
    ev.kind = kind;
    ev.seq = 9;
    ev.at_ms = 1736000009999LL;
    ev.message_id = "a_1736000000.450";
    ev.text = text;
    ev.len = text ? strlen(text) : 0;
    ev.partial = partial;
    ev.partial_len = partial ? strlen(partial) : 0;
    ev.status = status;
    ev.result = r;
    ev.client_meta = stored_meta;
    pl_buf_reset(out);
    int rv = pl_studymate_event_json(&ev, "chat_456", out);
    PL_CHECK_INT(rv, ==, 0);
    pl_msg_studymate_server_t m = parse_server(out);
    PL_CHECK_INT(m.kind, ==, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE) {
        const pl_msg_studymate_server_message_t *x = m.u.message;
        PL_CHECK(str_eq(x->data.message.id, "a_1736000000.450"));
        PL_CHECK_INT(x->data.message.role, ==, PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_ASSISTANT);
        /* Every update of one answer has the time it started. */
        PL_CHECK(str_eq(x->data.message.timestamp, "2025-01-04T14:13:20.450Z"));
        PL_CHECK(x->data.has_status && x->seq == 9);
    }
    return m;
}

PL_TEST(answer_streams_as_one_growing_message)
{
    pl_buf_t out = PL_BUF_INIT(0);
    pl_msg_studymate_server_t m = stream_event(PL_EV_STREAM_START, NULL, NULL, NULL, NULL, NULL, &out);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE) {
        PL_CHECK(m.u.message->data.message.content.len == 0);
        PL_CHECK_INT(m.u.message->data.status, ==, PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STREAMING);
    }
    pl_msg_studymate_server_free(&m);

    m = stream_event(PL_EV_STREAM_CHUNK, "Chapter 3 describes", " describes", NULL, NULL, NULL, &out);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE) {
        PL_CHECK(str_eq(m.u.message->data.message.content, "Chapter 3 describes"));
        PL_CHECK_INT(m.u.message->data.status, ==, PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STREAMING);
    }
    pl_msg_studymate_server_free(&m);

    char cites[600];
    snprintf(cites, sizeof(cites), "[%s]", CITE1);
    pl_brain_result_t r = {0};
    r.citations_json = cites;
    m = stream_event(PL_EV_STREAM_END, NULL, "Chapter 3 describes osmosis.", "complete", &r, NULL, &out);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE) {
        const pl_msg_studymate_server_message_t *x = m.u.message;
        PL_CHECK(str_eq(x->data.message.content, "Chapter 3 describes osmosis."));
        PL_CHECK_INT(x->data.status, ==, PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_COMPLETE);
        PL_CHECK(x->data.message.has_citations && x->data.message.citations.n == 1);
        if (x->data.message.citations.n == 1) {
            PL_CHECK(str_eq(x->data.message.citations.items[0].filename, "biology-ch3.pdf"));
            PL_CHECK_INT(x->data.message.citations.items[0].page_end, ==, 13);
        }
    }
    pl_msg_studymate_server_free(&m);

    /* A brain without citations, and a broken citations text: no citations field. */
    r.citations_json = NULL;
    m = stream_event(PL_EV_STREAM_END, NULL, "Plain.", "complete", &r, NULL, &out);
    PL_CHECK(m.kind != PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE || !m.u.message->data.message.has_citations);
    pl_msg_studymate_server_free(&m);
    r.citations_json = "[{\"document_id\":";
    m = stream_event(PL_EV_STREAM_END, NULL, "Plain.", "complete", &r, NULL, &out);
    PL_CHECK(m.kind != PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE || !m.u.message->data.message.has_citations);
    pl_msg_studymate_server_free(&m);

    m = stream_event(PL_EV_STREAM_END, NULL, "Chapter 3", "stopped", NULL, NULL, &out);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE)
        PL_CHECK_INT(m.u.message->data.status, ==, PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STOPPED);
    pl_msg_studymate_server_free(&m);
    m = stream_event(PL_EV_STREAM_END, NULL, "Chapter 3", "failed", NULL, NULL, &out);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE)
        PL_CHECK_INT(m.u.message->data.status, ==, PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_FAILED);
    pl_msg_studymate_server_free(&m);

    /* Replayed from the store: the citations come from the stored meta. */
    char meta[700];
    snprintf(meta, sizeof(meta), "{\"citations\":[%s]}", CITE1);
    m = stream_event(PL_EV_STREAM_END, NULL, "Chapter 3 describes osmosis.", "complete", NULL, meta, &out);
    PL_CHECK(m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE && m.u.message->data.message.has_citations);
    pl_msg_studymate_server_free(&m);
    pl_buf_free(&out);
}

PL_TEST(typing_error_and_hidden_events)
{
    pl_buf_t out = PL_BUF_INIT(0);
    pl_engine_event_t ev = {0};
    ev.seq = 3;
    ev.at_ms = 1736000000000LL;
    ev.kind = PL_EV_TYPING_START;
    PL_CHECK_INT(pl_studymate_event_json(&ev, "c1", &out), ==, 0);
    PL_CHECK_STR(out.data, "{\"type\":\"typing\",\"data\":{\"chat_id\":\"c1\",\"is_typing\":true},\"seq\":3}");
    ev.kind = PL_EV_TYPING_STOP;
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_studymate_event_json(&ev, "c1", &out), ==, 0);
    PL_CHECK_CONTAINS(out.data, "\"is_typing\":false");
    ev.kind = PL_EV_ERROR;
    ev.text = "The tutor is not available right now.";
    ev.len = strlen(ev.text);
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_studymate_event_json(&ev, "c1", &out), ==, 0);
    PL_CHECK_STR(out.data, "{\"type\":\"error\",\"data\":{\"error\":\"brain_error\",\"message\":"
                           "\"The tutor is not available right now.\",\"chat_id\":\"c1\"},\"seq\":3}");
    pl_buf_reset(&out);
    ev.kind = PL_EV_TITLE;
    PL_CHECK_INT(pl_studymate_event_json(&ev, "c1", &out), ==, 1);
    ev.kind = PL_EV_STATE;
    PL_CHECK_INT(pl_studymate_event_json(&ev, "c1", &out), ==, 1);
    PL_CHECK_INT(out.len, ==, 0);
    pl_buf_free(&out);
}

/* ---------------------------------------------------------------------- */
/* Over a real store and engine                                           */

/* A brain that answers in two chunks and cites what it was given. */
typedef struct cite_brain {
    pl_brain_t base;
    const char *citations;
    int turns, use_documents;
    char dialect[32];
} cite_brain_t;

struct pl_brain_turn {
    cite_brain_t *b;
    struct event *ev;
    const pl_brain_sink_t *sink;
    void *ud;
};

static void cite_run(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_brain_turn_t *t = arg;
    t->sink->on_chunk(t->ud, "Osmosis moves water ", 20);
    t->sink->on_chunk(t->ud, "across a membrane.", 18);
    pl_brain_result_t r = {0};
    r.citations_json = t->b->citations;
    const pl_brain_sink_t *sink = t->sink;
    void *ud = t->ud;
    event_free(t->ev);
    pl_free(t);
    sink->on_done(ud, &r);
}

static int cite_start(pl_brain_t *b, const pl_brain_request_t *req, const pl_brain_sink_t *sink,
                      void *ud, pl_brain_turn_t **turn)
{
    cite_brain_t *cb = (cite_brain_t *)b;
    cb->turns++;
    cb->use_documents = req->use_documents;
    snprintf(cb->dialect, sizeof(cb->dialect), "%s", req->dialect);
    pl_brain_turn_t *t = pl_calloc(1, sizeof(*t));
    t->b = cb;
    t->sink = sink;
    t->ud = ud;
    t->ev = event_new(b->base, -1, 0, cite_run, t);
    event_active(t->ev, EV_TIMEOUT, 0);
    *turn = t;
    return 0;
}

static void cite_cancel(pl_brain_turn_t *t)
{
    event_free(t->ev);
    pl_free(t);
}

static void cite_destroy(pl_brain_t *b) { (void)b; }

static const pl_brain_ops_t cite_ops = {"cite", cite_start, cite_cancel, cite_destroy};

typedef struct fixture {
    char dir[64], db[128];
    struct event_base *base;
    pl_config_t cfg;
    pl_store_t *store;
    pl_server_t *srv;
    pl_engine_t *engine;
    pl_studymate_t *sm;
    cite_brain_t brain;
} fixture_t;

static int fx_open(fixture_t *fx, const char *citations)
{
    memset(fx, 0, sizeof(*fx));
    if (tdir_make(fx->dir) != 0)
        return -1;
    snprintf(fx->db, sizeof(fx->db), "%s/parley.db", fx->dir);
    fx->base = event_base_new();
    pl_config_defaults(&fx->cfg);
    pl_store_config_t sc;
    pl_store_config_init(&sc);
    sc.path = fx->db;
    sc.synchronous_full = 0;
    if (pl_store_open(&fx->store, fx->base, &sc) != 0)
        return -1;
    fx->srv = pl_server_new(fx->base, &fx->cfg);
    if (fx->srv == NULL)
        return -1;
    fx->brain.base.ops = &cite_ops;
    fx->brain.base.base = fx->base;
    fx->brain.citations = citations;
    pl_engine_config_t ec;
    pl_engine_config_init(&ec);
    fx->engine = pl_engine_new(fx->srv, fx->store, &fx->brain.base, &ec);
    fx->sm = pl_studymate_new(fx->srv, fx->engine, fx->store, 0);
    return fx->sm != NULL ? 0 : -1;
}

static void fx_close(fixture_t *fx)
{
    pl_store_close(fx->store);
    pl_server_free(fx->srv);
    pl_studymate_free(fx->sm);
    pl_engine_free(fx->engine);
    event_base_free(fx->base);
    pl_config_free(&fx->cfg);
    tdir_remove(fx->dir);
}

/* Runs the loop until *flag is set (or 10 s pass). */
static void loop_until(fixture_t *fx, const int *flag)
{
    for (int i = 0; i < 10000 && !*flag; i++) {
        event_base_loop(fx->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
        if (!*flag)
            usleep(1000);
    }
}

typedef struct created {
    int done, rv;
    char id[PL_STORE_ID_MAX + 1];
} created_t;

static void on_created(int rv, const char *id, void *ud)
{
    created_t *c = ud;
    c->rv = rv;
    if (rv == 0)
        snprintf(c->id, sizeof(c->id), "%s", id);
    c->done = 1;
}

static void on_flag(int rv, void *ud)
{
    (void)rv;
    *(int *)ud = 1;
}

/* Waits for every write queued so far. */
static void settle(fixture_t *fx)
{
    for (int i = 0; i < 5; i++)
        event_base_loop(fx->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
    int done = 0;
    PL_CHECK_INT(pl_store_barrier(fx->store, on_flag, &done), ==, 0);
    loop_until(fx, &done);
    PL_CHECK(done);
}

static pl_conv_t *new_chat(fixture_t *fx, const char *user, char id[PL_STORE_ID_MAX + 1])
{
    created_t c = {0};
    PL_CHECK_INT(pl_engine_conv_create(fx->engine, pl_studymate_dialect(fx->sm), user, "", "active",
                                       NULL, on_created, &c), ==, 0);
    loop_until(fx, &c.done);
    PL_CHECK(c.done && c.rv == 0);
    snprintf(id, PL_STORE_ID_MAX + 1, "%s", c.id);
    return pl_engine_conv_get(fx->engine, c.id);
}

static int answered(const pl_conv_t *c)
{
    return pl_conv_state(c) == PL_CONV_STATE_WAITING_FOR_USER;
}

static void ask(fixture_t *fx, pl_conv_t *c, const char *text, const char *client_id, const char *ts)
{
    char meta[128];
    snprintf(meta, sizeof(meta), "{\"timestamp\":\"%s\"}", ts);
    pl_engine_user_msg_t m = {0};
    m.text = text;
    m.len = strlen(text);
    m.user_id = "user_123";
    m.token = client_id;
    m.client_meta = meta;
    PL_CHECK_INT(pl_engine_user_message(fx->engine, c, NULL, &m), ==, PL_ACCEPT_PROCESSING);
    for (int i = 0; i < 10000 && !answered(c); i++) {
        event_base_loop(fx->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
        if (!answered(c))
            usleep(1000);
    }
    PL_CHECK(answered(c));
    settle(fx);
}

PL_TEST(history_has_client_ids_times_and_citations)
{
    char cites[700];
    snprintf(cites, sizeof(cites), "[%s,{\"document_id\":\"bad\"}]", CITE1);
    fixture_t fx;
    PL_CHECK_INT(fx_open(&fx, cites), ==, 0);
    if (fx.sm == NULL) {
        fx_close(&fx);
        return;
    }
    char chat[PL_STORE_ID_MAX + 1];
    pl_conv_t *c = new_chat(&fx, "user_123", chat);
    PL_CHECK(c != NULL);
    if (c == NULL) {
        fx_close(&fx);
        return;
    }
    ask(&fx, c, "What does chapter 3 say about osmosis?", "m_1", "2025-01-04T14:00:00.000Z");
    ask(&fx, c, "And diffusion?", "m_2", "2025-01-04T14:01:00.000+01:00");
    PL_CHECK_INT(fx.brain.turns, ==, 2);
    PL_CHECK_INT(fx.brain.use_documents, ==, 1);
    PL_CHECK_STR(fx.brain.dialect, "studymate");

    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_studymate_history_json(fx.store, chat, PL_STUDYMATE_HISTORY_BYTES, &out), ==, 0);
    pl_msg_studymate_server_t m = parse_server(&out);
    PL_CHECK_INT(m.kind, ==, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES) {
        const pl_msg_studymate_server_messages_data_t *d = &m.u.messages->data;
        PL_CHECK(str_eq(d->chat_id, chat));
        PL_CHECK_INT(d->messages.n, ==, 4);
        if (d->messages.n == 4) {
            const pl_msg_studymate_server_chat_message_t *x = d->messages.items;
            PL_CHECK(str_eq(x[0].id, "m_1") && str_eq(x[0].timestamp, "2025-01-04T14:00:00.000Z"));
            PL_CHECK(str_eq(x[0].content, "What does chapter 3 say about osmosis?"));
            PL_CHECK(str_eq(x[2].id, "m_2") && str_eq(x[2].timestamp, "2025-01-04T14:01:00.000+01:00"));
            for (int i = 0; i < 4; i++)
                PL_CHECK(str_eq(x[i].chat_id, chat));
            for (int i = 1; i < 4; i += 2) {
                PL_CHECK_INT(x[i].role, ==, PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_ASSISTANT);
                PL_CHECK(str_eq(x[i].content, "Osmosis moves water across a membrane."));
                PL_CHECK(x[i].id.len > 2 && memcmp(x[i].id.ptr, "a_", 2) == 0);
                /* The citations the brain gave (the broken one left out) were saved with the answer. */
                PL_CHECK(x[i].has_citations && x[i].citations.n == 1);
                if (x[i].citations.n == 1)
                    PL_CHECK(str_eq(x[i].citations.items[0].chunk_id, "doc_42_c7"));
            }
            PL_CHECK(!x[0].has_citations && !x[2].has_citations);
        }
    }
    pl_msg_studymate_server_free(&m);

    /* An unknown chat has an empty history. */
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_studymate_history_json(fx.store, "nope", PL_STUDYMATE_HISTORY_BYTES, &out), ==, 0);
    PL_CHECK_STR(out.data, "{\"type\":\"messages\",\"data\":{\"chat_id\":\"nope\",\"messages\":[]}}");
    pl_buf_free(&out);
    fx_close(&fx);
}

PL_TEST(history_keeps_the_most_recent_within_its_caps)
{
    fixture_t fx;
    PL_CHECK_INT(fx_open(&fx, NULL), ==, 0);
    if (fx.sm == NULL) {
        fx_close(&fx);
        return;
    }
    char chat[PL_STORE_ID_MAX + 1];
    pl_conv_t *c = new_chat(&fx, "user_123", chat);
    PL_CHECK(c != NULL);
    const int total = PL_STUDYMATE_HISTORY_MAX + 5;
    for (int i = 0; i < total; i++) {
        char id[32], tok[32], content[64];
        snprintf(id, sizeof(id), "user_%d", i);
        snprintf(tok, sizeof(tok), "m_%d", i);
        snprintf(content, sizeof(content), "message number %d", i);
        pl_store_msg_t m = {0};
        m.conversation_id = chat;
        m.id = id;
        m.role = "user";
        m.user_id = "user_123";
        m.token = tok;
        m.content = content;
        m.status = "complete";
        m.meta = "{\"timestamp\":\"2025-01-04T14:00:00.000Z\"}";
        m.seq = i + 1;
        m.created_ms = 1736000000000LL + i;
        PL_CHECK_INT(pl_store_msg_put(fx.store, &m, NULL, NULL), ==, 0);
    }
    settle(&fx);
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_studymate_history_json(fx.store, chat, 64u << 20, &out), ==, 0);
    pl_msg_studymate_server_t m = parse_server(&out);
    PL_CHECK_INT(m.kind, ==, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES) {
        const pl_msg_studymate_server_messages_data_t *d = &m.u.messages->data;
        PL_CHECK_INT(d->messages.n, ==, PL_STUDYMATE_HISTORY_MAX);
        if (d->messages.n == PL_STUDYMATE_HISTORY_MAX) {
            PL_CHECK(str_eq(d->messages.items[0].id, "m_5"));
            PL_CHECK(str_eq(d->messages.items[PL_STUDYMATE_HISTORY_MAX - 1].id, "m_1004"));
        }
    }
    pl_msg_studymate_server_free(&m);
    /* A byte budget keeps the newest messages that fit. */
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_studymate_history_json(fx.store, chat, 2000, &out), ==, 0);
    PL_CHECK(out.len <= 2000);
    m = parse_server(&out);
    PL_CHECK_INT(m.kind, ==, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES);
    if (m.kind == PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES) {
        const pl_msg_studymate_server_messages_data_t *d = &m.u.messages->data;
        PL_CHECK(d->messages.n > 5 && d->messages.n < 30);
        if (d->messages.n > 0)
            PL_CHECK(str_eq(d->messages.items[d->messages.n - 1].id, "m_1004"));
    }
    pl_msg_studymate_server_free(&m);
    pl_buf_free(&out);
    fx_close(&fx);
}

PL_TEST_MAIN(PL_TEST_ENTRY(meta_object_with_timestamp_and_citations), PL_TEST_ENTRY(meta_citation_bounds),
             PL_TEST_ENTRY(meta_refuses_what_is_not_an_object_or_array),
             PL_TEST_ENTRY(reply_ids_carry_their_start),
             PL_TEST_ENTRY(user_message_echo_keeps_client_id_and_time),
             PL_TEST_ENTRY(answer_streams_as_one_growing_message),
             PL_TEST_ENTRY(typing_error_and_hidden_events),
             PL_TEST_ENTRY(history_has_client_ids_times_and_citations),
             PL_TEST_ENTRY(history_keeps_the_most_recent_within_its_caps))
