/*
 * tutor.c - the AI-tutor dialect (seed 000): `mt` messages over
 * ws://HOST/ai-tutor/ws/{conversation_id}, and its REST API.
 *
 * WebSocket: on open, `connected` (with `recovered` when the client resumed
 * with ?last_seq=N), then the replay, then live events. Client messages are
 * parsed by the generated tutor_client parser; every refusal is an `error`
 * message and the socket stays open: "Invalid JSON format" for what is not
 * JSON, the failing field's path for a schema error, "Unknown message
 * type" for an unknown `mt`, a busy message when the queue is full, a rate
 * message past messages-per-second. An unknown conversation gets an `error`
 * and close 1008.
 *
 * Engine events become: user_message_received, typing_indicator,
 * stream_start, stream_chunk, stream_end, stop_typing_indicator, error,
 * title_updated — each with `seq` (a Parley extension). State changes are
 * not shown in this dialect.
 *
 * REST (JSON): POST /ai-tutor/conversations, GET /ai-tutor/conversations
 * ?user_id=&limit=&offset=, GET|DELETE /ai-tutor/conversations/{id},
 * GET /ai-tutor/conversations/{id}/messages?limit=&offset=,
 * GET /ai-tutor/conversations/{id}/export?format=json|markdown.
 */
#include "parley/dialects.h"
#include "tutor_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "schemas/pl_msg_tutor_client.h"
#include "schemas/pl_msg_tutor_rest.h"
#include "schemas/pl_msg_tutor_server.h"

#include <yajl/yajl_gen.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *MOD = "tutor";

struct pl_tutor {
    pl_engine_t *engine;
    pl_server_t *srv;
    pl_store_t *store;
    pl_dialect_t dialect;
    double rate;        /* messages per second per socket */
    double burst;
};

/* Per socket. */
typedef struct tutor_conn {
    pl_tutor_t *t;
    pl_conv_t *conv;
    pl_participant_t *part;
    double tokens;
    struct timespec last;
    char conv_id[PL_STORE_ID_MAX + 1];
} tutor_conn_t;

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static pl_msg_str_t S(const char *s) { return (pl_msg_str_t){s, s ? strlen(s) : 0}; }
static pl_msg_str_t SN(const char *s, size_t n) { return (pl_msg_str_t){s, n}; }

/* ---------------------------------------------------------------------- */
/* Engine events -> seed 000 messages                                     */

/*
 * The fast path. The events of an answer's stream (typing on and off,
 * stream start, every chunk, stream end) are most of what this dialect
 * sends, so they are written here directly into a stack buffer instead of
 * through the generated serializer (yajl_gen behind a descriptor walk).
 * The output is byte for byte what the generated serializer gives: fields
 * in schema order, strings escaped as yajl_gen escapes them (\" \\ \b \f
 * \n \r \t, other control bytes as \u00XX with upper-case hex, nothing
 * else), integers in decimal. Each string is checked as the generated code
 * checks it (strict UTF-8 through pl_msg_utf8_count, the schema's length
 * bounds, in code points): anything outside those bounds, a missing id, a
 * seq out of range, or a message longer than FAST_MAX goes to the
 * generated serializer, which reports it. tests/unit/dialects/
 * test_tutor_wire.c and the tutor_wire fuzzer compare the two paths.
 */
#define FAST_MAX 4096
#define SEQ_MAX INT64_C(9007199254740991) /* the schemas' seq maximum (2^53 - 1) */

typedef struct jw {
    char *p, *end;
} jw_t;

static int jw_raw(jw_t *w, const char *s, size_t n)
{
    if (n > (size_t)(w->end - w->p))
        return -1;
    memcpy(w->p, s, n);
    w->p += n;
    return 0;
}

#define JW_LIT(w, lit) jw_raw((w), (lit), sizeof(lit) - 1)

/* A JSON string as yajl_gen writes it (the text was checked by the caller). */
static int jw_str(jw_t *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (w->p == w->end)
        return -1;
    *w->p++ = '"';
    size_t run = 0; /* bytes copied as they are, waiting */
    for (size_t i = 0; i < n; i++) {
        /* eight plain bytes at a time: none below 0x20, no '"', no '\\' */
        while (n - i >= 8) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
            uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
            uint64_t special = ((v - ones * 0x20) | (q - ones) | (b - ones)) & ~v & highs;
            if (special != 0)
                break;
            i += 8;
            run += 8;
        }
        if (i == n)
            break;
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') {
            run++;
            continue;
        }
        if (jw_raw(w, s + i - run, run) != 0)
            return -1;
        run = 0;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t k = 2;
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            k = 6;
            break;
        }
        if (jw_raw(w, esc, k) != 0)
            return -1;
    }
    if (jw_raw(w, s + n - run, run) != 0 || w->p == w->end)
        return -1;
    *w->p++ = '"';
    return 0;
}

static int jw_int(jw_t *w, int64_t v)
{
    char d[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        d[sizeof(d) - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        d[sizeof(d) - 1 - n++] = '-';
    return jw_raw(w, d + sizeof(d) - n, n);
}

/* Whether the generated serializer takes s for a string of min..max code points. */
static int fast_ok(const char *s, size_t n, size_t min, size_t max)
{
    if (s == NULL)
        return 0;
    size_t cp = pl_msg_utf8_count(s, n);
    return cp != (size_t)-1 && cp >= min && cp <= max;
}

/* Writes the event through the fast path: 0 done, 1 not taken (use the generated serializer). */
static int serialize_fast(const pl_engine_event_t *ev, const char *conv_id, pl_buf_t *out)
{
    size_t conv_len = conv_id != NULL ? strlen(conv_id) : 0;
    const char *mid = ev->message_id;
    size_t mid_len = mid != NULL ? strlen(mid) : 0;
    int64_t seq = (int64_t)ev->seq;
    int seq_required = ev->kind != PL_EV_STREAM_END;
    if (!fast_ok(conv_id, conv_len, 1, 128) || (int64_t)ev->seq < 0 || seq > SEQ_MAX ||
        (seq_required && seq < 1))
        return 1;
    char buf[FAST_MAX];
    jw_t w = {buf, buf + sizeof(buf)};
    int bad = 0;
    switch (ev->kind) {
    case PL_EV_TYPING_START:
    case PL_EV_TYPING_STOP:
        bad |= ev->kind == PL_EV_TYPING_START ? JW_LIT(&w, "{\"mt\":\"typing_indicator\"")
                                              : JW_LIT(&w, "{\"mt\":\"stop_typing_indicator\"");
        bad |= JW_LIT(&w, ",\"conversationId\":");
        bad |= jw_str(&w, conv_id, conv_len);
        bad |= JW_LIT(&w, ",\"isBot\":true");
        break;
    case PL_EV_STREAM_START:
    case PL_EV_STREAM_CHUNK:
    case PL_EV_STREAM_END:
        if (!fast_ok(mid, mid_len, 1, 128))
            return 1;
        bad |= ev->kind == PL_EV_STREAM_START   ? JW_LIT(&w, "{\"mt\":\"stream_start\"")
               : ev->kind == PL_EV_STREAM_CHUNK ? JW_LIT(&w, "{\"mt\":\"stream_chunk\"")
                                                : JW_LIT(&w, "{\"mt\":\"stream_end\"");
        bad |= JW_LIT(&w, ",\"conversationId\":");
        bad |= jw_str(&w, conv_id, conv_len);
        bad |= JW_LIT(&w, ",\"messageId\":");
        bad |= jw_str(&w, mid, mid_len);
        if (ev->kind == PL_EV_STREAM_CHUNK) {
            if (!fast_ok(ev->text, ev->len, 1, 65536))
                return 1;
            bad |= JW_LIT(&w, ",\"chunk\":");
            bad |= jw_str(&w, ev->text, ev->len);
        } else if (ev->kind == PL_EV_STREAM_END) {
            if (!fast_ok(ev->text, ev->len, 0, 65536))
                return 1;
            bad |= JW_LIT(&w, ",\"fullText\":");
            bad |= jw_str(&w, ev->text, ev->len);
            bad |= JW_LIT(&w, ",\"isFinal\":true");
            if (ev->status != NULL && strcmp(ev->status, "complete") != 0)
                bad |= JW_LIT(&w, ",\"stopped\":true");
        }
        break;
    default:
        return 1;
    }
    char ts[32];
    pl_dialect_timestamp(ev->at_ms, ts);
    bad |= JW_LIT(&w, ",\"timestamp\":");
    bad |= jw_str(&w, ts, strlen(ts));
    if (seq > 0) {
        bad |= JW_LIT(&w, ",\"seq\":");
        bad |= jw_int(&w, seq);
    }
    bad |= JW_LIT(&w, "}");
    if (bad)
        return 1; /* longer than FAST_MAX */
    return pl_buf_append(out, buf, (size_t)(w.p - buf));
}

int pl_tutor__serialize(const pl_engine_event_t *ev, const char *conversation_id, int fast,
                        pl_buf_t *out)
{
    if (fast) {
        int rv = serialize_fast(ev, conversation_id, out);
        if (rv != 1 || fast == 2)
            return rv;
    }
    char ts[32];
    pl_dialect_timestamp(ev->at_ms, ts);
    pl_msg_str_t conv = S(conversation_id);
    int64_t seq = (int64_t)ev->seq;
    switch (ev->kind) {
    case PL_EV_USER_MESSAGE: {
        pl_msg_tutor_server_user_message_received_t m;
        pl_msg_tutor_server_user_message_received_init(&m);
        m.conversationId = conv;
        m.message = SN(ev->text, ev->len);
        m.userId.ptr = ev->user_id;
        m.userId.len = strlen(ev->user_id);
        m.userId.is_int = ev->user_id_is_int != 0 ||
                          (ev->client_meta != NULL &&
                           strstr(ev->client_meta, "\"userIdType\":\"integer\"") != NULL);
        if (ev->token != NULL) {
            m.has_token = true;
            m.token = S(ev->token);
        }
        m.timestamp = S(ts);
        m.has_seq = seq > 0;
        m.seq = seq;
        return pl_msg_tutor_server_user_message_received_serialize(&m, out, NULL);
    }
    case PL_EV_TYPING_START:
    case PL_EV_TYPING_STOP: {
        pl_msg_tutor_server_typing_indicator_t m;
        pl_msg_tutor_server_typing_indicator_init(&m);
        m.conversationId = conv;
        m.isBot = true;
        m.timestamp = S(ts);
        m.has_seq = true;
        m.seq = seq;
        if (ev->kind == PL_EV_TYPING_START)
            return pl_msg_tutor_server_typing_indicator_serialize(&m, out, NULL);
        pl_msg_tutor_server_stop_typing_indicator_t s;
        pl_msg_tutor_server_stop_typing_indicator_init(&s);
        s.conversationId = m.conversationId;
        s.isBot = true;
        s.timestamp = m.timestamp;
        s.has_seq = true;
        s.seq = seq;
        return pl_msg_tutor_server_stop_typing_indicator_serialize(&s, out, NULL);
    }
    case PL_EV_STREAM_START: {
        pl_msg_tutor_server_stream_start_t m;
        pl_msg_tutor_server_stream_start_init(&m);
        m.conversationId = conv;
        m.messageId = S(ev->message_id);
        m.timestamp = S(ts);
        m.has_seq = true;
        m.seq = seq;
        return pl_msg_tutor_server_stream_start_serialize(&m, out, NULL);
    }
    case PL_EV_STREAM_CHUNK: {
        pl_msg_tutor_server_stream_chunk_t m;
        pl_msg_tutor_server_stream_chunk_init(&m);
        m.conversationId = conv;
        m.messageId = S(ev->message_id);
        m.chunk = SN(ev->text, ev->len);
        m.timestamp = S(ts);
        m.has_seq = true;
        m.seq = seq;
        return pl_msg_tutor_server_stream_chunk_serialize(&m, out, NULL);
    }
    case PL_EV_STREAM_END: {
        pl_msg_tutor_server_stream_end_t m;
        pl_msg_tutor_server_stream_end_init(&m);
        m.conversationId = conv;
        m.messageId = S(ev->message_id);
        m.fullText = SN(ev->text, ev->len);
        m.isFinal = true;
        if (ev->status != NULL && strcmp(ev->status, "complete") != 0) {
            m.has_stopped = true;
            m.stopped = true;
        }
        m.timestamp = S(ts);
        m.has_seq = seq > 0;
        m.seq = seq;
        return pl_msg_tutor_server_stream_end_serialize(&m, out, NULL);
    }
    case PL_EV_ERROR: {
        pl_msg_tutor_server_error_t m;
        pl_msg_tutor_server_error_init(&m);
        m.has_conversationId = true;
        m.conversationId = conv;
        m.error = SN(ev->text, ev->len);
        m.has_code = true;
        m.code = pl_dialect_error_code(ev->error_code);
        m.timestamp = S(ts);
        m.has_seq = true;
        m.seq = seq;
        return pl_msg_tutor_server_error_serialize(&m, out, NULL);
    }
    case PL_EV_TITLE: {
        pl_msg_tutor_server_title_updated_t m;
        pl_msg_tutor_server_title_updated_init(&m);
        m.conversationId = conv;
        m.title = SN(ev->text, ev->len);
        m.timestamp = S(ts);
        m.has_seq = true;
        m.seq = seq;
        return pl_msg_tutor_server_title_updated_serialize(&m, out, NULL);
    }
    case PL_EV_STATE:
        return 1; /* not shown in this dialect */
    }
    return 1;
}

static int serialize(const pl_engine_event_t *ev, pl_buf_t *out, void *ud)
{
    (void)ud;
    return pl_tutor__serialize(ev, pl_conv_id(ev->conv), 1, out);
}

/* An error addressed to one socket (no seq: not a conversation event). */
static void send_error(pl_conn_t *c, const char *conv_id, pl_msg_common_error_code_t code,
                       const char *text)
{
    char ts[32];
    pl_dialect_timestamp(wall_ms(), ts);
    pl_msg_tutor_server_error_t m;
    pl_msg_tutor_server_error_init(&m);
    if (conv_id != NULL) {
        m.has_conversationId = true;
        m.conversationId = S(conv_id);
    }
    m.error = S(text);
    m.has_code = code != PL_MSG_COMMON_ERROR_CODE__UNSET;
    m.code = code;
    m.timestamp = S(ts);
    pl_buf_t out = PL_BUF_INIT(0);
    int rv = pl_msg_tutor_server_error_serialize(&m, &out, NULL);
    if (rv != 0 && m.has_conversationId) {
        /* An id the schema refuses (too long, not UTF-8) is left out. */
        m.has_conversationId = false;
        pl_buf_reset(&out);
        rv = pl_msg_tutor_server_error_serialize(&m, &out, NULL);
    }
    if (rv == 0)
        pl_conn_send_text(c, out.data, out.len);
    else
        pl_log_error(MOD, "cannot serialize an error message: %s", pl_strerror(rv));
    pl_buf_free(&out);
}

/* ---------------------------------------------------------------------- */
/* WebSocket                                                              */

static void ws_open(pl_conn_t *c, const pl_http_match_t *route, const char *query, void *ud)
{
    pl_tutor_t *t = ud;
    const char *id = pl_http_match_param(route, "conversation_id");
    pl_conv_t *conv = pl_engine_conv_get(t->engine, id);
    if (conv == NULL || strcmp(pl_conv_dialect(conv)->name, t->dialect.name) != 0) {
        send_error(c, id, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, "Conversation not found");
        pl_conn_close(c, 1008, "conversation not found");
        return;
    }
    int64_t last_seq = pl_dialect_last_seq(query);
    tutor_conn_t *tc = pl_calloc(1, sizeof(*tc));
    tc->t = t;
    tc->conv = conv;
    tc->tokens = t->burst;
    clock_gettime(CLOCK_MONOTONIC, &tc->last);
    snprintf(tc->conv_id, sizeof(tc->conv_id), "%s", id);
    int recovered = 1;
    tc->part = pl_engine_attach(t->engine, conv, c, last_seq, &recovered);
    pl_conn_set_data(c, tc);

    char ts[32];
    pl_dialect_timestamp(wall_ms(), ts);
    pl_msg_tutor_server_connected_t m;
    pl_msg_tutor_server_connected_init(&m);
    m.conversationId = S(id);
    m.message = S("Connected to AI Tutor");
    m.timestamp = S(ts);
    if (last_seq >= 0) {
        m.has_recovered = true;
        m.recovered = recovered != 0;
    }
    /* No seq: a greeting is not a conversation event, and a position here
     * would make a resuming client drop the replay that follows. */
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_tutor_server_connected_serialize(&m, &out, NULL) == 0)
        pl_conn_send_text(c, out.data, out.len);
    pl_buf_free(&out);
    pl_engine_replay(t->engine, tc->part);
}

/* Token bucket: rate per second, burst deep. */
static int rate_ok(tutor_conn_t *tc)
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

static void handle_user_message(pl_conn_t *c, tutor_conn_t *tc, const pl_msg_tutor_client_user_message_t *um)
{
    pl_tutor_t *t = tc->t;
    if (memchr(um->message.ptr, '\0', um->message.len) != NULL) {
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                   "message: must not contain NUL characters");
        return;
    }
    char user[PL_STORE_ID_MAX + 1], token[PL_STORE_ID_MAX + 1];
    snprintf(user, sizeof(user), "%.*s", (int)um->userId.len, um->userId.ptr);
    if (um->has_token)
        snprintf(token, sizeof(token), "%.*s", (int)um->token.len, um->token.ptr);
    /* Extra client fields the acknowledgement does not carry, kept with the message. */
    pl_buf_t meta = PL_BUF_INIT(0);
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_map_open(g);
    if (um->userId.is_int) {
        /* Replays from the store echo the id as the kind it arrived in. */
        yajl_gen_string(g, (const unsigned char *)"userIdType", 10);
        yajl_gen_string(g, (const unsigned char *)"integer", 7);
    }
    if (um->has_timezone) {
        yajl_gen_string(g, (const unsigned char *)"timezone", 8);
        yajl_gen_string(g, (const unsigned char *)um->timezone.ptr, um->timezone.len);
    }
    if (um->has_languageCode) {
        yajl_gen_string(g, (const unsigned char *)"languageCode", 12);
        yajl_gen_string(g, (const unsigned char *)um->languageCode.ptr, um->languageCode.len);
    }
    yajl_gen_map_close(g);
    const unsigned char *mb;
    size_t ml;
    yajl_gen_get_buf(g, &mb, &ml);
    pl_buf_append(&meta, mb, ml);
    yajl_gen_free(g);

    pl_engine_user_msg_t m = {0};
    m.text = um->message.ptr;
    m.len = um->message.len;
    m.user_id = user;
    m.user_id_is_int = um->userId.is_int;
    m.token = um->has_token ? token : NULL;
    m.client_meta = meta.data;
    int rv = pl_engine_user_message(t->engine, tc->conv, tc->part, &m);
    pl_buf_free(&meta);
    if (rv == PL_ERR_BUSY)
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_BUSY,
                   "The tutor is busy: too many messages are waiting for an answer. "
                   "Please wait for the current answer.");
    else if (rv == PL_ERR_CLOSED)
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, "This conversation has ended.");
    else if (rv < 0)
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_INTERNAL_ERROR,
                   "The message could not be processed.");
}

static void ws_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)ud;
    tutor_conn_t *tc = pl_conn_data(c);
    if (tc == NULL)
        return;
    if (op != PL_WS_OP_TEXT) {
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_UNSUPPORTED,
                   "Binary messages are not supported: send JSON text");
        return;
    }
    if (!rate_ok(tc)) {
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED,
                   "Too many messages: slow down");
        return;
    }
    pl_msg_tutor_client_t msg;
    pl_msg_error_t err;
    int rv = pl_msg_tutor_client_parse((const char *)data, len, &msg, &err);
    if (rv != 0) {
        if (rv == PL_ERR_PARSE || rv == PL_ERR_UTF8) {
            send_error(c, NULL, PL_MSG_COMMON_ERROR_CODE__UNSET, "Invalid JSON format");
        } else {
            /* A field over its maxLength is "too_large" (docs/protocols.md). */
            int too_large = rv == PL_ERR_TOO_LARGE || strstr(err.message, ": must be at most ") != NULL;
            send_error(c, tc->conv_id,
                       too_large ? PL_MSG_COMMON_ERROR_CODE_TOO_LARGE
                                 : PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE,
                       err.message);
        }
        return;
    }
    switch (msg.kind) {
    case PL_MSG_TUTOR_CLIENT_KIND_USER_MESSAGE:
        handle_user_message(c, tc, msg.u.user_message);
        break;
    case PL_MSG_TUTOR_CLIENT_KIND_STOP: {
        char mid[PL_STORE_ID_MAX + 1];
        const pl_msg_tutor_client_stop_t *st = msg.u.stop;
        if (st->has_messageId)
            snprintf(mid, sizeof(mid), "%.*s", (int)st->messageId.len, st->messageId.ptr);
        if (pl_engine_stop(tc->t->engine, tc->conv, st->has_messageId ? mid : NULL) != 0)
            send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND,
                       "Nothing to stop: no such answer is streaming");
        break;
    }
    default:
        send_error(c, tc->conv_id, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, "Unknown message type");
        break;
    }
    pl_msg_tutor_client_free(&msg);
}

static void ws_close(pl_conn_t *c, unsigned code, void *ud)
{
    (void)code;
    pl_tutor_t *t = ud;
    tutor_conn_t *tc = pl_conn_data(c);
    if (tc == NULL)
        return;
    pl_engine_detach(t->engine, tc->part);
    pl_conn_set_data(c, NULL);
    pl_free(tc);
}

static const pl_ws_endpoint_t tutor_ep = {
    .on_open = ws_open,
    .on_message = ws_message,
    .on_close = ws_close,
};

/* ---------------------------------------------------------------------- */
/* REST                                                                   */

static void gen_str(yajl_gen g, const char *s)
{
    if (s == NULL)
        yajl_gen_null(g);
    else
        yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void gen_key(yajl_gen g, const char *k) { gen_str(g, k); }

static void gen_time(yajl_gen g, int64_t ms)
{
    char ts[32];
    pl_dialect_timestamp(ms, ts);
    gen_str(g, ts);
}

static void gen_kv(yajl_gen g, const char *k, const char *v)
{
    gen_key(g, k);
    gen_str(g, v);
}

static void gen_kv_time(yajl_gen g, const char *k, int64_t ms)
{
    gen_key(g, k);
    gen_time(g, ms);
}

static void gen_kv_int(yajl_gen g, const char *k, long long v)
{
    gen_key(g, k);
    yajl_gen_integer(g, v);
}

static void respond_gen(pl_req_t *req, int status, yajl_gen g)
{
    const unsigned char *b;
    size_t n;
    yajl_gen_get_buf(g, &b, &n);
    pl_req_respond_json(req, status, (const char *)b, n);
    yajl_gen_free(g);
}

static yajl_gen new_gen(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    return g;
}

typedef struct create_req {
    pl_req_t *req;
} create_req_t;

static void created(int rv, const char *id, void *ud)
{
    create_req_t *x = ud;
    if (rv != 0) {
        pl_req_respond_error(x->req, rv == PL_ERR_EXISTS ? 409 : 500, "could not create the conversation");
    } else {
        yajl_gen g = new_gen();
        yajl_gen_map_open(g);
        gen_kv(g, "conversation_id", id);
        yajl_gen_map_close(g);
        respond_gen(x->req, 201, g);
    }
    pl_free(x);
}

static void rest_create(pl_req_t *req, void *ud)
{
    pl_tutor_t *t = ud;
    size_t len;
    const char *body = pl_req_body(req, &len);
    pl_msg_error_t err;
    pl_msg_tutor_rest_create_conversation_request_t *m =
        pl_msg_tutor_rest_create_conversation_request_parse(body, len, &err);
    if (m == NULL) {
        char text[600];
        snprintf(text, sizeof(text), "%s", err.code == PL_ERR_PARSE ? "Invalid JSON format" : err.message);
        pl_req_respond_error(req, 422, text);
        return;
    }
    char user[PL_STORE_ID_MAX + 1];
    snprintf(user, sizeof(user), "%.*s", (int)m->user_id.len, m->user_id.ptr);
    char title[512] = "";
    if (m->has_title)
        snprintf(title, sizeof(title), "%.*s", (int)m->title.len, m->title.ptr);
    const char *status = "active";
    if (m->has_status && m->status != 0)
        status = pl_msg_tutor_rest_create_conversation_request_status_names[m->status].ptr;
    create_req_t *x = pl_calloc(1, sizeof(*x));
    x->req = req;
    int rv = pl_engine_conv_create(t->engine, &t->dialect, user, title, status, NULL, created, x);
    pl_msg_tutor_rest_create_conversation_request_free(m);
    if (rv != 0) {
        pl_free(x);
        pl_req_respond_error(req, rv == PL_ERR_LIMIT ? 429 : 400,
                             rv == PL_ERR_LIMIT ? "too many conversations for this user"
                                                : "could not create the conversation");
    }
}

static void gen_conv_row(yajl_gen g, const pl_store_conv_t *c)
{
    yajl_gen_map_open(g);
    gen_kv(g, "conversation_id", c->id);
    gen_kv(g, "user_id", c->user_id);
    gen_kv(g, "title", c->title);
    gen_kv(g, "status", c->status);
    gen_kv(g, "state", c->state);
    gen_kv_time(g, "created_at", c->created_ms);
    gen_kv_time(g, "updated_at", c->updated_ms);
    yajl_gen_map_close(g);
}

static int list_conv_row(const pl_store_conv_t *c, void *ud)
{
    gen_conv_row(ud, c);
    return 0;
}

static int query_int(pl_req_t *req, const char *name, int def, int min, int max)
{
    char buf[32];
    if (pl_req_query(req, name, buf, sizeof(buf)) < 0)
        return def;
    char *end;
    long v = strtol(buf, &end, 10);
    if (end == buf || *end != '\0')
        return -1;
    if (v < min)
        v = min;
    if (v > max)
        v = max;
    return (int)v;
}

/*
 * REST reads answer after every write queued before them has committed, so
 * a client that saw stream_end (or any acknowledgement) reads what it saw.
 */
typedef struct after_writes {
    pl_req_t *req;
    pl_tutor_t *t;
    void (*fn)(pl_req_t *req, void *ud);
} after_writes_t;

static void after_writes_done(int rv, void *ud)
{
    after_writes_t *x = ud;
    if (rv != 0)
        pl_req_respond_error(x->req, 503, "the store is not available");
    else
        x->fn(x->req, x->t);
    pl_free(x);
}

static void after_writes(pl_req_t *req, pl_tutor_t *t, void (*fn)(pl_req_t *req, void *ud))
{
    after_writes_t *x = pl_calloc(1, sizeof(*x));
    x->req = req;
    x->t = t;
    x->fn = fn;
    if (pl_store_barrier(t->store, after_writes_done, x) != 0) {
        pl_free(x);
        pl_req_respond_error(req, 503, "the store is busy");
    }
}

static void rest_list_now(pl_req_t *req, void *ud)
{
    pl_tutor_t *t = ud;
    char user[PL_STORE_ID_MAX + 1];
    if (pl_req_query(req, "user_id", user, sizeof(user)) <= 0) {
        pl_req_respond_error(req, 422, "user_id: required query parameter");
        return;
    }
    int limit = query_int(req, "limit", 50, 1, 500), offset = query_int(req, "offset", 0, 0, 1 << 30);
    if (limit < 0 || offset < 0) {
        pl_req_respond_error(req, 422, "limit and offset must be integers");
        return;
    }
    yajl_gen g = new_gen();
    yajl_gen_map_open(g);
    gen_key(g, "conversations");
    yajl_gen_array_open(g);
    pl_store_conv_list(t->store, user, t->dialect.name, limit, offset, list_conv_row, g);
    yajl_gen_array_close(g);
    gen_kv_int(g, "total", pl_store_conv_count(t->store, user));
    gen_kv_int(g, "limit", limit);
    gen_kv_int(g, "offset", offset);
    yajl_gen_map_close(g);
    respond_gen(req, 200, g);
}

/* Loads a tutor conversation row or answers 404. */
static int load_row(pl_tutor_t *t, pl_req_t *req, pl_store_conv_t *row)
{
    const char *id = pl_req_param(req, "conversation_id");
    if (id == NULL || pl_store_conv_get(t->store, id, row) != 0 || row->dialect == NULL ||
        strcmp(row->dialect, t->dialect.name) != 0) {
        pl_store_conv_clear(row);
        pl_req_respond_error(req, 404, "Conversation not found");
        return -1;
    }
    return 0;
}

static void rest_get_now(pl_req_t *req, void *ud)
{
    pl_tutor_t *t = ud;
    pl_store_conv_t row = {0};
    if (load_row(t, req, &row) != 0)
        return;
    pl_conv_t *live = pl_engine_conv_get(t->engine, row.id);
    yajl_gen g = new_gen();
    yajl_gen_map_open(g);
    gen_kv(g, "conversation_id", row.id);
    gen_kv(g, "user_id", row.user_id);
    gen_kv(g, "title", live ? pl_conv_title(live) : row.title);
    gen_kv(g, "status", row.status);
    gen_kv(g, "state", live ? pl_conv_state_name(pl_conv_state(live)) : row.state);
    gen_kv_int(g, "message_count", pl_store_msg_count(t->store, row.id));
    gen_kv_int(g, "connections", live ? (long long)pl_conv_sockets(live) : 0);
    gen_kv_int(g, "last_seq", live ? (long long)pl_conv_last_seq(live) : row.last_seq);
    gen_kv_time(g, "created_at", row.created_ms);
    gen_kv_time(g, "updated_at", row.updated_ms);
    yajl_gen_map_close(g);
    respond_gen(req, 200, g);
    pl_store_conv_clear(&row);
}

static void deleted(int rv, void *ud)
{
    pl_req_t *req = ud;
    if (rv != 0 && rv != PL_ERR_NOT_FOUND) {
        pl_req_respond_error(req, 500, "could not delete the conversation");
        return;
    }
    pl_req_respond_json(req, 200, "{\"deleted\":true}", 16);
}

static void rest_delete(pl_req_t *req, void *ud)
{
    pl_tutor_t *t = ud;
    pl_store_conv_t row = {0};
    if (load_row(t, req, &row) != 0)
        return;
    if (pl_engine_conv_delete(t->engine, row.id, deleted, req) != 0)
        pl_req_respond_error(req, 404, "Conversation not found");
    pl_store_conv_clear(&row);
}

static void gen_msg_row(yajl_gen g, const pl_store_msg_t *m)
{
    yajl_gen_map_open(g);
    gen_kv(g, "id", m->id);
    gen_kv(g, "role", m->role);
    gen_kv(g, "content", m->content);
    gen_kv(g, "user_id", m->user_id);
    gen_kv(g, "token", m->token);
    gen_kv(g, "status", m->status);
    gen_kv_int(g, "seq", m->seq);
    gen_kv_time(g, "timestamp", m->created_ms);
    yajl_gen_map_close(g);
}

static int msg_row(const pl_store_msg_t *m, void *ud)
{
    gen_msg_row(ud, m);
    return 0;
}

static void rest_messages_now(pl_req_t *req, void *ud)
{
    pl_tutor_t *t = ud;
    pl_store_conv_t row = {0};
    if (load_row(t, req, &row) != 0)
        return;
    int limit = query_int(req, "limit", 50, 1, 500), offset = query_int(req, "offset", 0, 0, 1 << 30);
    if (limit < 0 || offset < 0) {
        pl_store_conv_clear(&row);
        pl_req_respond_error(req, 422, "limit and offset must be integers");
        return;
    }
    yajl_gen g = new_gen();
    yajl_gen_map_open(g);
    gen_kv(g, "conversation_id", row.id);
    gen_key(g, "messages");
    yajl_gen_array_open(g);
    pl_store_msg_list(t->store, row.id, -1, limit, offset, msg_row, g);
    yajl_gen_array_close(g);
    gen_kv_int(g, "total", pl_store_msg_count(t->store, row.id));
    gen_kv_int(g, "limit", limit);
    gen_kv_int(g, "offset", offset);
    yajl_gen_map_close(g);
    respond_gen(req, 200, g);
    pl_store_conv_clear(&row);
}

static int md_row(const pl_store_msg_t *m, void *ud)
{
    pl_buf_t *out = ud;
    char ts[32];
    pl_dialect_timestamp(m->created_ms, ts);
    int user = m->role != NULL && strcmp(m->role, "user") == 0;
    int partial = m->status != NULL && strcmp(m->status, "complete") != 0;
    pl_buf_appendf(out, "### %s (%s)%s%s%s\n\n", user ? "User" : "Tutor", ts, partial ? " [" : "",
                   partial ? m->status : "", partial ? "]" : "");
    pl_buf_append_str(out, m->content ? m->content : "");
    pl_buf_append_str(out, "\n\n");
    return 0;
}

static void rest_export_now(pl_req_t *req, void *ud)
{
    pl_tutor_t *t = ud;
    pl_store_conv_t row = {0};
    if (load_row(t, req, &row) != 0)
        return;
    char fmt[16] = "json";
    if (pl_req_query(req, "format", fmt, sizeof(fmt)) < 0)
        snprintf(fmt, sizeof(fmt), "json");
    if (strcmp(fmt, "markdown") == 0 || strcmp(fmt, "md") == 0) {
        pl_buf_t out = PL_BUF_INIT(0);
        pl_buf_appendf(&out, "# %s\n\n", row.title && row.title[0] ? row.title : "Conversation");
        char ts[32];
        pl_dialect_timestamp(row.created_ms, ts);
        pl_buf_appendf(&out, "Conversation %s, user %s, started %s.\n\n", row.id, row.user_id, ts);
        pl_store_msg_list(t->store, row.id, -1, 0, 0, md_row, &out);
        pl_req_respond(req, 200, "text/markdown; charset=utf-8", out.data, out.len);
        pl_buf_free(&out);
    } else if (strcmp(fmt, "json") == 0) {
        yajl_gen g = new_gen();
        yajl_gen_map_open(g);
        gen_key(g, "conversation");
        gen_conv_row(g, &row);
        gen_key(g, "messages");
        yajl_gen_array_open(g);
        pl_store_msg_list(t->store, row.id, -1, 0, 0, msg_row, g);
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
        respond_gen(req, 200, g);
    } else {
        pl_req_respond_error(req, 422, "format: expected json or markdown");
    }
    pl_store_conv_clear(&row);
}

static void rest_list(pl_req_t *req, void *ud) { after_writes(req, ud, rest_list_now); }
static void rest_get(pl_req_t *req, void *ud) { after_writes(req, ud, rest_get_now); }
static void rest_messages(pl_req_t *req, void *ud) { after_writes(req, ud, rest_messages_now); }
static void rest_export(pl_req_t *req, void *ud) { after_writes(req, ud, rest_export_now); }

/* ---------------------------------------------------------------------- */

pl_tutor_t *pl_tutor_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                         double messages_per_second)
{
    pl_tutor_t *t = pl_calloc(1, sizeof(*t));
    t->engine = engine;
    t->srv = srv;
    t->store = store;
    t->rate = messages_per_second > 0 ? messages_per_second : 1e9;
    t->burst = messages_per_second > 0 ? 2 * messages_per_second : 1e9;
    t->dialect.name = "tutor";
    t->dialect.serialize = serialize;
    t->dialect.ud = t;
    t->dialect.use_documents = 0; /* seed 000: no RAG */
    t->dialect.dedup_same_text = 1; /* the seed's "same message within 5 seconds" */
    t->dialect.reply_id_prefix = "ai_tutor_response_";
    pl_engine_add_dialect(engine, &t->dialect);
    int rv = pl_server_ws_route(srv, "/ai-tutor/ws/{conversation_id}", &tutor_ep, t);
    if (rv == 0)
        rv = pl_server_route(srv, "POST", "/ai-tutor/conversations", rest_create, t);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/ai-tutor/conversations", rest_list, t);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/ai-tutor/conversations/{conversation_id}", rest_get, t);
    if (rv == 0)
        rv = pl_server_route(srv, "DELETE", "/ai-tutor/conversations/{conversation_id}", rest_delete, t);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/ai-tutor/conversations/{conversation_id}/messages",
                             rest_messages, t);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/ai-tutor/conversations/{conversation_id}/export",
                             rest_export, t);
    if (rv != 0) {
        pl_log_error(MOD, "cannot register routes: %s", pl_strerror(rv));
        pl_free(t);
        return NULL;
    }
    return t;
}

void pl_tutor_free(pl_tutor_t *t) { pl_free(t); }
