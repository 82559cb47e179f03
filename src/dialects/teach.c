/*
 * teach.c - the teaching-agent dialect (seed 001): `{type, ...}` messages
 * over ws://HOST/ws/{client_id}, and the API information at GET /.
 *
 * One conversation per client id: the client id is the conversation's id
 * and its user id. The first connection of a client creates it (durably,
 * before anything is answered); later connections, after a disconnect or a
 * server restart, continue it with its history. Several sockets may share
 * one client id: every response goes to all of them.
 *
 * WebSocket: once the conversation is ready, `welcome`; then one `response`
 * per user message, whole (the brain's chunks are collected by the engine
 * and sent once, at the end, with the brain's mode and current_topic).
 * Messages sent before the welcome are held and handled right after it
 * (or, if the socket closed meanwhile, once the conversation exists);
 * messages sent while an answer runs are queued by the engine and answered
 * in order. Every refusal is an `error` ({type, error, code, timestamp})
 * and the socket stays open: "Invalid JSON format" (invalid_json), the
 * failing field's path for a schema error (invalid_message, or too_large for
 * content past its limit), binary frames (unsupported), past the
 * messages-per-second cap or the same text repeated within the engine's
 * dedup window (rate_limited), a full queue (busy). A client id that is
 * not 1-63 bytes of UTF-8 without control characters, or that names
 * another dialect's conversation, gets an `error` and close 1008.
 *
 * The dialect shows no typing indicators, no user-message acknowledgements,
 * no stream pieces, no titles and no state changes (the seed has none), and
 * no `seq` (nothing to resume: see docs/protocols.md).
 */
#include "parley/dialects.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "parley/ws.h"
#include "schemas/pl_msg_teach_client.h"
#include "schemas/pl_msg_teach_server.h"

#include <yajl/yajl_gen.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#ifndef PARLEY_VERSION
#define PARLEY_VERSION "0.0.0"
#endif

static const char *MOD = "teach";

/* Client messages held while the conversation is being created. */
#define TEACH_MAX_PENDING 16
/*
 * Longest client id, in bytes. The schema and the store allow 128, but
 * pl_engine_conv_create_with_id keeps ids in a 64-byte buffer today (a
 * longer one would be stored cut short), so longer ids are refused.
 */
#define TEACH_CLIENT_ID_MAX 63
/* Limits of teach_server.json: topic and error texts, in code points. */
#define TEACH_TOPIC_MAX 256
#define TEACH_ERROR_MAX 1024

struct pl_teach {
    pl_engine_t *engine;
    pl_server_t *srv;
    pl_store_t *store;
    pl_dialect_t dialect;
    double rate; /* messages per second per socket */
    double burst;
};

/* A message that arrived before the conversation was ready (owned copy). */
typedef struct teach_pending {
    struct teach_pending *next;
    size_t len;
    char data[];
} teach_pending_t;

/* Per socket; owned by the connection, or by a create in flight once the
 * connection has gone (closed set: the create's callback frees it). */
typedef struct teach_conn {
    pl_teach_t *t;
    pl_conn_t *conn;
    pl_conv_t *conv;
    pl_participant_t *part; /* NULL until the conversation is ready */
    int creating;
    int closed;
    teach_pending_t *pending_head, *pending_tail;
    size_t n_pending;
    double tokens;
    struct timespec last;
    char client_id[PL_STORE_ID_MAX + 1];
} teach_conn_t;

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static pl_msg_str_t S(const char *s) { return (pl_msg_str_t){s, s ? strlen(s) : 0}; }

/* The longest prefix of s[0..len) with at most max code points (s is UTF-8). */
static size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    size_t i = 0, n = 0;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == max)
                return i;
            n++;
        }
        i++;
    }
    return len;
}

/* ---------------------------------------------------------------------- */
/* Engine events -> seed 001 messages                                     */

/* The schema's mode for the brain's (NULL or unknown: "idle"). */
static pl_msg_teach_server_response_mode_t mode_of(const pl_brain_result_t *r)
{
    if (r != NULL && r->mode != NULL)
        for (int i = 1; i <= PL_MSG_TEACH_SERVER_RESPONSE_MODE__COUNT; i++)
            if (strcmp(r->mode, pl_msg_teach_server_response_mode_names[i].ptr) == 0)
                return (pl_msg_teach_server_response_mode_t)i;
    return PL_MSG_TEACH_SERVER_RESPONSE_MODE_IDLE;
}

static int serialize_error(pl_buf_t *out, const char *ts, pl_msg_common_error_code_t code,
                           const char *text, size_t len)
{
    pl_msg_teach_server_error_t m;
    pl_msg_teach_server_error_init(&m);
    if (len == 0) {
        text = "Something went wrong.";
        len = strlen(text);
    }
    m.error = (pl_msg_str_t){text, utf8_prefix(text, len, TEACH_ERROR_MAX)};
    m.code = code;
    m.timestamp = S(ts);
    return pl_msg_teach_server_error_serialize(&m, out, NULL);
}

static int serialize(const pl_engine_event_t *ev, pl_buf_t *out, void *ud)
{
    (void)ud;
    char ts[32];
    pl_dialect_timestamp(ev->at_ms, ts);
    switch (ev->kind) {
    case PL_EV_STREAM_END: {
        /* A failed answer is reported by the ERROR event that follows; a
         * stopped one (deletion, restart) has no shape in this protocol. */
        if (ev->status != NULL && strcmp(ev->status, "complete") != 0)
            return 1;
        if (ev->len == 0)
            return serialize_error(out, ts, PL_MSG_COMMON_ERROR_CODE_BRAIN_ERROR,
                                   "The agent gave an empty answer.", 31);
        pl_msg_teach_server_response_t m;
        pl_msg_teach_server_response_init(&m);
        m.response = (pl_msg_str_t){ev->text, ev->len};
        m.mode = mode_of(ev->result);
        const char *topic = ev->result != NULL ? ev->result->current_topic : NULL;
        if (topic == NULL || *topic == '\0') {
            m.current_topic_is_null = true;
        } else {
            size_t tl = strlen(topic);
            m.current_topic = (pl_msg_str_t){topic, utf8_prefix(topic, tl, TEACH_TOPIC_MAX)};
        }
        m.timestamp = S(ts);
        return pl_msg_teach_server_response_serialize(&m, out, NULL);
    }
    case PL_EV_ERROR:
        return serialize_error(out, ts, pl_dialect_error_code(ev->error_code), ev->text, ev->len);
    case PL_EV_USER_MESSAGE:
    case PL_EV_TYPING_START:
    case PL_EV_STREAM_START:
    case PL_EV_STREAM_CHUNK:
    case PL_EV_TYPING_STOP:
    case PL_EV_TITLE:
    case PL_EV_STATE:
        return 1; /* not shown in this dialect */
    }
    return 1;
}

/* An error addressed to one socket (none: c is NULL, the socket has gone). */
static void send_error(pl_conn_t *c, pl_msg_common_error_code_t code, const char *text)
{
    if (c == NULL)
        return;
    char ts[32];
    pl_dialect_timestamp(wall_ms(), ts);
    pl_buf_t out = PL_BUF_INIT(0);
    int rv = serialize_error(&out, ts, code, text, strlen(text));
    if (rv == 0)
        pl_conn_send_text(c, out.data, out.len);
    else
        pl_log_error(MOD, "cannot serialize an error message: %s", pl_strerror(rv));
    pl_buf_free(&out);
}

/* ---------------------------------------------------------------------- */
/* Client messages                                                        */

/* Token bucket: rate per second, burst deep. */
static int rate_ok(teach_conn_t *tc)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - tc->last.tv_sec) + (double)(now.tv_nsec - tc->last.tv_nsec) / 1e9;
    tc->last = now;
    tc->tokens += dt * tc->t->rate;
    if (tc->tokens > tc->t->burst)
        tc->tokens = tc->t->burst;
    if (tc->tokens < 1.0)
        return 0;
    tc->tokens -= 1.0;
    return 1;
}

static void handle_message(teach_conn_t *tc, const pl_msg_teach_client_message_t *um)
{
    pl_conn_t *c = tc->conn;
    if (memchr(um->content.ptr, '\0', um->content.len) != NULL) {
        send_error(c, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                   "content: must not contain NUL characters");
        return;
    }
    pl_engine_user_msg_t m = {0};
    m.text = um->content.ptr;
    m.len = um->content.len;
    m.user_id = tc->client_id;
    int rv = pl_engine_user_message(tc->t->engine, tc->conv, tc->part, &m);
    if (rv == PL_ACCEPT_DUPLICATE)
        send_error(c, PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED,
                   "The same message arrived again within a few seconds and was dropped as a "
                   "duplicate: the first one is being answered. Send it again a little later if "
                   "you meant it twice.");
    else if (rv == PL_ERR_BUSY)
        send_error(c, PL_MSG_COMMON_ERROR_CODE_BUSY,
                   "The agent is busy: too many messages are waiting for an answer. "
                   "Please wait for the current answer.");
    else if (rv == PL_ERR_CLOSED)
        send_error(c, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, "This conversation has ended.");
    else if (rv == PL_ERR_FSM_TRANSITION)
        send_error(c, PL_MSG_COMMON_ERROR_CODE_INVALID_TRANSITION,
                   "The conversation cannot take a message in its current state.");
    else if (rv < 0)
        send_error(c, PL_MSG_COMMON_ERROR_CODE_INTERNAL_ERROR, "The message could not be processed.");
}

/* One text frame from the client, once the conversation is ready. */
static void handle_text(teach_conn_t *tc, const char *data, size_t len)
{
    pl_conn_t *c = tc->conn;
    pl_msg_teach_client_t msg;
    pl_msg_error_t err;
    int rv = pl_msg_teach_client_parse(data, len, &msg, &err);
    if (rv != 0) {
        if (rv == PL_ERR_PARSE || rv == PL_ERR_UTF8) {
            send_error(c, PL_MSG_COMMON_ERROR_CODE_INVALID_JSON, "Invalid JSON format");
        } else {
            /* A field over its maxLength is "too_large" (docs/protocols.md). */
            int too_large = rv == PL_ERR_TOO_LARGE || strstr(err.message, ": must be at most ") != NULL;
            send_error(c,
                       too_large ? PL_MSG_COMMON_ERROR_CODE_TOO_LARGE
                                 : PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                       err.message[0] ? err.message : "Invalid message");
        }
        return;
    }
    if (msg.kind == PL_MSG_TEACH_CLIENT_KIND_MESSAGE)
        handle_message(tc, msg.u.message);
    else
        send_error(c, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, "Unknown message type");
    pl_msg_teach_client_free(&msg);
}

static void pending_free(teach_conn_t *tc)
{
    teach_pending_t *next;
    for (teach_pending_t *p = tc->pending_head; p != NULL; p = next) {
        next = p->next;
        pl_free(p);
    }
    tc->pending_head = tc->pending_tail = NULL;
    tc->n_pending = 0;
}

/* ---------------------------------------------------------------------- */
/* WebSocket                                                              */

/* Refuses the connection: an error, then close 1008 (or code). */
static void refuse(pl_conn_t *c, pl_msg_common_error_code_t code, const char *text, unsigned close_code)
{
    send_error(c, code, text);
    pl_conn_close(c, close_code, text);
}

/* The conversation exists: attach, greet, then handle what arrived meanwhile. */
static void ready(teach_conn_t *tc, pl_conv_t *conv)
{
    pl_teach_t *t = tc->t;
    tc->conv = conv;
    tc->part = pl_engine_attach(t->engine, conv, tc->conn, -1, NULL);
    int returning = pl_conv_last_seq(conv) > 0 || pl_store_msg_count(t->store, tc->client_id) > 0;
    char ts[32];
    pl_dialect_timestamp(wall_ms(), ts);
    pl_msg_teach_server_welcome_t m;
    pl_msg_teach_server_welcome_init(&m);
    m.client_id = S(tc->client_id);
    m.message = S(returning
                      ? "Welcome back! We continue where you left off: say \"continue\", ask a "
                        "question, or say \"teach me about\" a new topic."
                      : "Welcome! Ask me a question, or say \"teach me about\" a topic; say "
                        "\"continue\" to go on with a lesson.");
    m.timestamp = S(ts);
    pl_buf_t out = PL_BUF_INIT(0);
    int rv = pl_msg_teach_server_welcome_serialize(&m, &out, NULL);
    if (rv == 0)
        pl_conn_send_text(tc->conn, out.data, out.len);
    else
        pl_log_error(MOD, "cannot serialize the welcome: %s", pl_strerror(rv));
    pl_buf_free(&out);
    while (tc->pending_head != NULL) {
        teach_pending_t *p = tc->pending_head;
        tc->pending_head = p->next;
        tc->n_pending--;
        handle_text(tc, p->data, p->len);
        pl_free(p);
    }
    tc->pending_tail = NULL;
}

/* The conversation of this client, if it belongs to this dialect; else refuses. */
static pl_conv_t *own_conv(teach_conn_t *tc, pl_conv_t *conv)
{
    if (conv != NULL && strcmp(pl_conv_dialect(conv)->name, tc->t->dialect.name) != 0) {
        refuse(tc->conn, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN,
               "client_id: names a conversation of another protocol; choose another client id",
               1008);
        return NULL;
    }
    return conv;
}

/* Hands the held messages of a socket that has gone to the engine (their
 * answers are stored for the client's next connection), then frees tc. */
static void orphan_done(teach_conn_t *tc, int rv)
{
    pl_conv_t *conv = NULL;
    if (rv == 0 || rv == PL_ERR_EXISTS)
        conv = pl_engine_conv_get(tc->t->engine, tc->client_id);
    if (conv != NULL && strcmp(pl_conv_dialect(conv)->name, tc->t->dialect.name) == 0) {
        tc->conv = conv;
        while (tc->pending_head != NULL) {
            teach_pending_t *p = tc->pending_head;
            tc->pending_head = p->next;
            handle_text(tc, p->data, p->len);
            pl_free(p);
        }
    }
    pending_free(tc);
    pl_free(tc);
}

static void created(int rv, const char *id, void *ud)
{
    (void)id;
    teach_conn_t *tc = ud;
    tc->creating = 0;
    if (tc->closed) {
        /* The socket went away meanwhile; what it sent is still answered. */
        orphan_done(tc, rv);
        return;
    }
    if (rv != 0 && rv != PL_ERR_EXISTS) {
        /* EXISTS: another socket of the same client created it first. */
        pl_log_error(MOD, "client %s: cannot create its conversation: %s", tc->client_id,
                     pl_strerror(rv));
        refuse(tc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR,
               "The conversation could not be created; try again later.", 1011);
        return;
    }
    pl_conv_t *conv = pl_engine_conv_get(tc->t->engine, tc->client_id);
    if (conv == NULL) {
        refuse(tc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR,
               "The conversation could not be loaded; try again later.", 1011);
        return;
    }
    if ((conv = own_conv(tc, conv)) != NULL)
        ready(tc, conv);
}

/* 1 if id can be a client id: 1-63 bytes of UTF-8 without control characters. */
static int client_id_ok(const char *id)
{
    size_t n = id != NULL ? strlen(id) : 0;
    if (n == 0 || n > TEACH_CLIENT_ID_MAX || pl_ws_utf8_validate(id, n) != 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
            return 0;
    return 1;
}

static void ws_open(pl_conn_t *c, const pl_http_match_t *route, const char *query, void *ud)
{
    (void)query;
    pl_teach_t *t = ud;
    const char *id = pl_http_match_param(route, "client_id");
    if (!client_id_ok(id)) {
        refuse(c, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
               "client_id: must be 1 to 63 bytes of UTF-8 without control characters", 1008);
        return;
    }
    teach_conn_t *tc = pl_calloc(1, sizeof(*tc));
    tc->t = t;
    tc->conn = c;
    tc->tokens = t->burst;
    clock_gettime(CLOCK_MONOTONIC, &tc->last);
    snprintf(tc->client_id, sizeof(tc->client_id), "%s", id);
    pl_conn_set_data(c, tc);
    pl_conv_t *conv = pl_engine_conv_get(t->engine, id);
    if (conv != NULL) {
        if ((conv = own_conv(tc, conv)) != NULL)
            ready(tc, conv);
        return;
    }
    tc->creating = 1;
    int rv = pl_engine_conv_create_with_id(t->engine, &t->dialect, id, id, "", "active", NULL,
                                           created, tc);
    if (rv != 0) {
        tc->creating = 0;
        if (rv == PL_ERR_LIMIT)
            refuse(c, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN,
                   "client_id: this user has too many conversations", 1008);
        else
            refuse(c, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR,
                   "The conversation could not be created; try again later.", 1011);
    }
}

static void ws_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)ud;
    teach_conn_t *tc = pl_conn_data(c);
    if (tc == NULL || tc->closed)
        return;
    if (op != PL_WS_OP_TEXT) {
        send_error(c, PL_MSG_COMMON_ERROR_CODE_UNSUPPORTED,
                   "Binary messages are not supported: send JSON text");
        return;
    }
    if (!rate_ok(tc)) {
        send_error(c, PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED, "Too many messages: slow down");
        return;
    }
    if (tc->part != NULL) {
        handle_text(tc, (const char *)data, len);
        return;
    }
    if (!tc->creating)
        return; /* refused: the socket is closing */
    if (tc->n_pending >= TEACH_MAX_PENDING) {
        send_error(c, PL_MSG_COMMON_ERROR_CODE_BUSY,
                   "The agent is still starting: wait for the welcome message.");
        return;
    }
    teach_pending_t *p = pl_malloc(sizeof(*p) + len);
    p->next = NULL;
    p->len = len;
    memcpy(p->data, data, len);
    if (tc->pending_tail != NULL)
        tc->pending_tail->next = p;
    else
        tc->pending_head = p;
    tc->pending_tail = p;
    tc->n_pending++;
}

static void ws_close(pl_conn_t *c, unsigned code, void *ud)
{
    (void)code;
    pl_teach_t *t = ud;
    teach_conn_t *tc = pl_conn_data(c);
    if (tc == NULL)
        return;
    pl_conn_set_data(c, NULL);
    if (tc->part != NULL)
        pl_engine_detach(t->engine, tc->part);
    if (tc->creating) {
        tc->closed = 1; /* freed by created() */
        tc->conn = NULL;
        return;
    }
    pending_free(tc);
    pl_free(tc);
}

static const pl_ws_endpoint_t teach_ep = {
    .on_open = ws_open,
    .on_message = ws_message,
    .on_close = ws_close,
};

/* ---------------------------------------------------------------------- */
/* GET /: API information                                                 */

typedef struct api_endpoint {
    const char *method;      /* "GET", "POST", "DELETE"; WebSockets are "GET" upgrades */
    const char *path;
    const char *protocol;    /* "websocket" | "http" */
    const char *dialect;     /* NULL: the server's own */
    const char *seed;
    const char *description;
} api_endpoint_t;

/* Every dialect's endpoints (docs/protocols.md), then the server's own. */
static const api_endpoint_t api_endpoints[] = {
    {"GET", "/ai-tutor/ws/{conversation_id}", "websocket", "tutor", "000",
     "AI tutor: streamed answers on a conversation"},
    {"POST", "/ai-tutor/conversations", "http", "tutor", "000", "AI tutor: create a conversation"},
    {"GET", "/ai-tutor/conversations", "http", "tutor", "000", "AI tutor: list a user's conversations"},
    {"GET", "/ai-tutor/conversations/{conversation_id}", "http", "tutor", "000",
     "AI tutor: a conversation"},
    {"DELETE", "/ai-tutor/conversations/{conversation_id}", "http", "tutor", "000",
     "AI tutor: delete a conversation"},
    {"GET", "/ai-tutor/conversations/{conversation_id}/messages", "http", "tutor", "000",
     "AI tutor: a conversation's messages"},
    {"GET", "/ai-tutor/conversations/{conversation_id}/export", "http", "tutor", "000",
     "AI tutor: export a conversation (json or markdown)"},
    {"GET", "/ws/{client_id}", "websocket", "teach", "001",
     "Teaching agent: one conversation per client id"},
    {"GET", "/api/ws/conversations/{conversation_id}", "websocket", "improv", "002",
     "ImprovToday: the conversation state machine"},
    {"POST", "/api/v2/conversations", "http", "improv", "002", "ImprovToday: create a conversation"},
    {"POST", "/api/v2/conversations/{conversation_id}/messages", "http", "improv", "002",
     "ImprovToday: post a message"},
    {"GET", "/api/v2/conversations/{conversation_id}", "http", "improv", "002",
     "ImprovToday: a conversation"},
    {"GET", "/api/conversations/{conversation_id}/state", "http", "improv", "002",
     "ImprovToday: a conversation's state"},
    {"POST", "/api/conversation", "http", "improv", "002", "ImprovToday: the legacy message API"},
    {"POST", "/api/test/conversations", "http", "improv", "002",
     "ImprovToday: create a test conversation"},
    {"GET", "/api/test/system-status", "http", "improv", "002", "ImprovToday: system status"},
    {"GET", "/ws/chat", "websocket", "studymate", "003", "StudyMate: chats of an authenticated user"},
    {"GET", "/session", "websocket", "audio", "004", "Audio session: PCM in, speech and text out"},
    {"GET", "/", "http", NULL, NULL, "API information"},
    {"GET", "/health", "http", NULL, NULL, "Health check"},
    {"GET", "/metrics", "http", NULL, NULL, "Prometheus metrics"},
    {"GET", "/demo", "http", NULL, NULL, "Interactive demo client"},
};

static void gen_kv(yajl_gen g, const char *k, const char *v)
{
    yajl_gen_string(g, (const unsigned char *)k, strlen(k));
    if (v == NULL)
        yajl_gen_null(g);
    else
        yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

static void rest_root(pl_req_t *req, void *ud)
{
    (void)ud;
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    yajl_gen_map_open(g);
    gen_kv(g, "name", "Parley");
    gen_kv(g, "version", PARLEY_VERSION);
    gen_kv(g, "description",
           "Real-time conversation engine for AI tutoring and chat: WebSocket dialects of five "
           "protocols over one engine, with persisted conversations.");
    gen_kv(g, "status", "running");
    yajl_gen_string(g, (const unsigned char *)"endpoints", 9);
    yajl_gen_array_open(g);
    for (size_t i = 0; i < sizeof(api_endpoints) / sizeof(api_endpoints[0]); i++) {
        const api_endpoint_t *a = &api_endpoints[i];
        yajl_gen_map_open(g);
        gen_kv(g, "method", a->method);
        gen_kv(g, "path", a->path);
        gen_kv(g, "protocol", a->protocol);
        gen_kv(g, "dialect", a->dialect);
        gen_kv(g, "seed", a->seed);
        gen_kv(g, "description", a->description);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    const unsigned char *b;
    size_t n;
    yajl_gen_get_buf(g, &b, &n);
    pl_req_respond_json(req, 200, (const char *)b, n);
    yajl_gen_free(g);
}

/* ---------------------------------------------------------------------- */

pl_teach_t *pl_teach_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                         double messages_per_second)
{
    pl_teach_t *t = pl_calloc(1, sizeof(*t));
    t->engine = engine;
    t->srv = srv;
    t->store = store;
    t->rate = messages_per_second > 0 ? messages_per_second : 1e9;
    t->burst = messages_per_second > 0 ? 2 * messages_per_second : 1e9;
    t->dialect.name = "teach";
    t->dialect.serialize = serialize;
    t->dialect.ud = t;
    t->dialect.use_documents = 1; /* a RAG dialect: the brain may retrieve and cite */
    t->dialect.reply_id_prefix = "teach_response_";
    pl_engine_add_dialect(engine, &t->dialect);
    int rv = pl_server_ws_route(srv, "/ws/{client_id}", &teach_ep, t);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/", rest_root, t);
    if (rv != 0) {
        pl_log_error(MOD, "cannot register routes: %s", pl_strerror(rv));
        pl_free(t);
        return NULL;
    }
    return t;
}

void pl_teach_free(pl_teach_t *t) { pl_free(t); }
