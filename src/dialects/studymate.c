/*
 * studymate.c - the StudyMate chat dialect (seed 003): {type, data}
 * messages over ws://HOST/ws/chat.
 *
 * A connection authenticates first (`auth {user_id, chat_id?}`); anything
 * else before that gets an `error` and the socket stays open. With chat_id
 * the connection joins that chat if the user owns it (another user's chat:
 * `forbidden`; unknown: `not_found`; either way nothing of the chat is
 * sent). Without chat_id a new chat (an engine conversation of dialect
 * "studymate", owned by user_id) is created and, once stored,
 * `chat_created {chat_id}` is sent, which fires the seed client's
 * onChatCreated.
 *
 * A connection is in one chat at a time. The seed's client opens a new
 * connection whenever its chat changes (its effect depends on
 * currentChatId), but its messages name their chat and the seed wants "a
 * single WebSocket connection per user", so a connection may also move: an
 * `auth` again (same user_id) or a `message` naming another chat of the
 * user moves it there; an answer still being written in the chat it left
 * goes on and is saved. `typing`, `stop` and `load_messages` act on the
 * chat they name without moving the connection.
 *
 * Engine events become: the user message's echo (`message`, role user,
 * the client's id and timestamp), `typing` true/false for the assistant,
 * and the answer as repeated `message` events with the same id and growing
 * content (status streaming), then complete/stopped/failed with the
 * citations of the brain's result; brain failures become `error`. A
 * user's `typing` is relayed to the chat's other connections with its
 * user_id. `load_messages` answers `messages` from the store after every
 * pending write has committed.
 *
 * While a chat is being created or a history read waits for the store,
 * later frames of the connection wait (in order, bounded) and are handled
 * after it.
 */
#include "parley/dialects.h"

#include "studymate_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "parley/ws.h"
#include "schemas/pl_msg_studymate_client.h"
#include "schemas/pl_msg_studymate_server.h"

#include <event2/event.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *MOD = "studymate";

/* Frames that may wait behind a chat creation or a history read. */
#define WAIT_FRAMES 16
#define WAIT_BYTES ((size_t)1 << 20)


struct pl_studymate {
    pl_engine_t *engine;
    pl_server_t *srv;
    pl_store_t *store;
    struct event_base *base;
    pl_dialect_t dialect;
    double rate; /* messages per second per socket */
    double burst;
};

/* A frame that arrived while the connection waited. */
typedef struct sm_frame {
    struct sm_frame *next;
    size_t len;
    char data[];
} sm_frame_t;

/* Per connection. Freed when the connection has closed and no store callback holds it. */
typedef struct sm_conn {
    pl_studymate_t *sm;
    pl_conn_t *conn;        /* NULL once closed */
    char user[PL_STORE_ID_MAX + 1]; /* "" until authenticated */
    pl_conv_t *conv;        /* the chat the connection is in, NULL before */
    pl_participant_t *part;
    char chat_id[PL_STORE_ID_MAX + 1];
    int64_t resume_seq;     /* ?last_seq=N: applies to the first chat joined */
    int waiting;            /* a creation or history read is in flight */
    int refs;               /* store callbacks holding this struct */
    sm_frame_t *head, *tail;
    size_t n_frames, frame_bytes;
    double tokens;
    struct timespec last;
} sm_conn_t;

static pl_msg_str_t S(const char *s) { return (pl_msg_str_t){s, s ? strlen(s) : 0}; }
static pl_msg_str_t SN(const char *s, size_t n) { return (pl_msg_str_t){s, n}; }

/* ---------------------------------------------------------------------- */
/* Meta and citations                                                     */

/* Code points in a NUL-terminated UTF-8 string. */
static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *str_field(yajl_val obj, const char *key, size_t max_cp)
{
    const char *path[] = {key, NULL};
    yajl_val v = yajl_tree_get(obj, path, yajl_t_string);
    if (v == NULL)
        return NULL;
    const char *s = YAJL_GET_STRING(v);
    /* yajl passes overlong UTF-8 through; the serializers (rightly) do not. */
    if (pl_ws_utf8_validate(s, strlen(s)) != 0)
        return NULL;
    size_t n = code_points(s);
    return n >= 1 && n <= max_cp ? s : NULL;
}

static int int_field(yajl_val obj, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    const char *path[] = {key, NULL};
    yajl_val v = yajl_tree_get(obj, path, yajl_t_number);
    if (v == NULL || !YAJL_IS_INTEGER(v))
        return -1;
    long long x = YAJL_GET_INTEGER(v);
    if (x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

/* One citation (common.json#/$defs/citation) from a tree object; -1 if it breaks the schema. */
static int citation_from(yajl_val o, pl_msg_common_citation_t *c)
{
    if (!YAJL_IS_OBJECT(o))
        return -1;
    memset(c, 0, sizeof(*c));
    const char *doc = str_field(o, "document_id", 128), *chunk = str_field(o, "chunk_id", 128),
               *file = str_field(o, "filename", 255);
    if (doc == NULL || chunk == NULL || file == NULL)
        return -1;
    if (int_field(o, "page_start", 1, 1000000, &c->page_start) != 0 ||
        int_field(o, "page_end", 1, 1000000, &c->page_end) != 0)
        return -1;
    const char *path[] = {"score", NULL};
    yajl_val sc = yajl_tree_get(o, path, yajl_t_number);
    if (sc == NULL)
        return -1;
    double score = YAJL_IS_DOUBLE(sc) ? YAJL_GET_DOUBLE(sc)
                   : YAJL_IS_INTEGER(sc) ? (double)YAJL_GET_INTEGER(sc)
                                         : NAN;
    if (!isfinite(score) || score < 0 || score > 1)
        return -1;
    /* Only the keys a citation has: a misspelt one means a broken producer. */
    for (size_t i = 0; i < YAJL_GET_OBJECT(o)->len; i++) {
        const char *k = YAJL_GET_OBJECT(o)->keys[i];
        if (strcmp(k, "document_id") != 0 && strcmp(k, "chunk_id") != 0 &&
            strcmp(k, "filename") != 0 && strcmp(k, "page_start") != 0 &&
            strcmp(k, "page_end") != 0 && strcmp(k, "score") != 0)
            return -1;
    }
    c->document_id = S(doc);
    c->chunk_id = S(chunk);
    c->filename = S(file);
    c->score = score;
    return 0;
}

int pl_studymate_meta_decode(const char *json, size_t len, pl_studymate_meta_t *out)
{
    memset(out, 0, sizeof(*out));
    if (json == NULL || len == 0 || memchr(json, '\0', len) != NULL)
        return PL_ERR_PARSE;
    char *text = pl_strndup(json, len); /* yajl_tree wants a NUL-terminated text */
    yajl_val root = yajl_tree_parse(text, NULL, 0);
    pl_free(text);
    if (root == NULL)
        return PL_ERR_PARSE;
    if (!YAJL_IS_OBJECT(root) && !YAJL_IS_ARRAY(root)) {
        yajl_tree_free(root);
        return PL_ERR_PARSE;
    }
    out->tree = root;
    yajl_val arr = root;
    if (YAJL_IS_OBJECT(root)) {
        out->timestamp = str_field(root, "timestamp", 64);
        const char *path[] = {"citations", NULL};
        arr = yajl_tree_get(root, path, yajl_t_array);
    }
    if (arr == NULL)
        return 0;
    out->has_citations = 1;
    size_t n = YAJL_GET_ARRAY(arr)->len;
    if (n == 0)
        return 0;
    out->citations = pl_calloc(n < PL_STUDYMATE_CITATIONS_MAX ? n : PL_STUDYMATE_CITATIONS_MAX,
                               sizeof(*out->citations));
    for (size_t i = 0; i < n; i++) {
        if (out->n_citations == PL_STUDYMATE_CITATIONS_MAX ||
            citation_from(YAJL_GET_ARRAY(arr)->values[i], &out->citations[out->n_citations]) != 0)
            out->n_dropped++;
        else
            out->n_citations++;
    }
    return 0;
}

void pl_studymate_meta_clear(pl_studymate_meta_t *m)
{
    if (m->tree != NULL)
        yajl_tree_free(m->tree);
    pl_free(m->citations);
    memset(m, 0, sizeof(*m));
}

static void gen_str(yajl_gen g, pl_msg_str_t s)
{
    yajl_gen_string(g, (const unsigned char *)s.ptr, s.len);
}

static void gen_key(yajl_gen g, const char *k)
{
    yajl_gen_string(g, (const unsigned char *)k, strlen(k));
}

static void gen_citations(yajl_gen g, const pl_msg_common_citation_t *c, size_t n)
{
    yajl_gen_array_open(g);
    for (size_t i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        gen_key(g, "document_id");
        gen_str(g, c[i].document_id);
        gen_key(g, "chunk_id");
        gen_str(g, c[i].chunk_id);
        gen_key(g, "filename");
        gen_str(g, c[i].filename);
        gen_key(g, "page_start");
        yajl_gen_integer(g, c[i].page_start);
        gen_key(g, "page_end");
        yajl_gen_integer(g, c[i].page_end);
        gen_key(g, "score");
        yajl_gen_double(g, c[i].score);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static int gen_finish(yajl_gen g, pl_buf_t *out)
{
    const unsigned char *b;
    size_t n;
    int rv = yajl_gen_get_buf(g, &b, &n) == yajl_gen_status_ok ? pl_buf_append(out, b, n)
                                                                : PL_ERR_INTERNAL;
    yajl_gen_free(g);
    return rv;
}

int pl_studymate_citations_json(const pl_msg_common_citation_t *c, size_t n, pl_buf_t *out)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    gen_citations(g, c, n);
    return gen_finish(g, out);
}

int64_t pl_studymate_reply_ms(const char *id, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (id == NULL || strncmp(id, prefix, pl) != 0)
        return -1;
    const char *p = id + pl;
    int64_t sec = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 12) {
        sec = sec * 10 + (*p++ - '0');
        digits++;
    }
    if (digits == 0 || *p != '.' || p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9' ||
        p[3] < '0' || p[3] > '9' || p[4] != '\0')
        return -1;
    return sec * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
}

/* ---------------------------------------------------------------------- */
/* Engine events -> seed 003 messages                                     */

/* Serializes a `message` event; a citation list the schema refuses is left out (logged). */
static int message_json(pl_msg_studymate_server_message_t *m, pl_buf_t *out)
{
    pl_msg_error_t err;
    int rv = pl_msg_studymate_server_message_serialize(m, out, &err);
    if (rv != 0 && m->data.message.has_citations) {
        pl_log_warn(MOD, "citations left out: %s", err.message);
        m->data.message.has_citations = false;
        rv = pl_msg_studymate_server_message_serialize(m, out, &err);
    }
    if (rv != 0)
        pl_log_error(MOD, "cannot serialize a message event: %s", err.message);
    return rv;
}

int pl_studymate_event_json(const pl_engine_event_t *ev, const char *chat_id, pl_buf_t *out)
{
    char ts[32];
    pl_dialect_timestamp(ev->at_ms, ts);
    int64_t seq = (int64_t)ev->seq;
    switch (ev->kind) {
    case PL_EV_USER_MESSAGE: {
        pl_studymate_meta_t meta;
        int has_meta = ev->client_meta != NULL &&
                       pl_studymate_meta_decode(ev->client_meta, strlen(ev->client_meta), &meta) == 0;
        pl_msg_studymate_server_message_t m;
        pl_msg_studymate_server_message_init(&m);
        m.data.chat_id = S(chat_id);
        m.data.message.id = S(ev->token != NULL ? ev->token : ev->message_id);
        m.data.message.role = PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_USER;
        m.data.message.content = SN(ev->text, ev->len);
        m.data.message.timestamp = S(has_meta && meta.timestamp != NULL ? meta.timestamp : ts);
        m.data.message.has_chat_id = true;
        m.data.message.chat_id = S(chat_id);
        m.has_seq = seq > 0;
        m.seq = seq;
        int rv = pl_msg_studymate_server_message_serialize(&m, out, NULL);
        if (rv != 0 && has_meta && meta.timestamp != NULL) {
            m.data.message.timestamp = S(ts); /* a stored timestamp the schema refuses */
            rv = pl_msg_studymate_server_message_serialize(&m, out, NULL);
        }
        if (has_meta)
            pl_studymate_meta_clear(&meta);
        if (rv != 0)
            pl_log_error(MOD, "cannot serialize a user message: %s", pl_strerror(rv));
        return rv;
    }
    case PL_EV_TYPING_START:
    case PL_EV_TYPING_STOP: {
        pl_msg_studymate_server_typing_t m;
        pl_msg_studymate_server_typing_init(&m);
        m.data.chat_id = S(chat_id);
        m.data.is_typing = ev->kind == PL_EV_TYPING_START;
        m.has_seq = true;
        m.seq = seq;
        return pl_msg_studymate_server_typing_serialize(&m, out, NULL);
    }
    case PL_EV_STREAM_START:
    case PL_EV_STREAM_CHUNK:
    case PL_EV_STREAM_END: {
        pl_msg_studymate_server_message_t m;
        pl_msg_studymate_server_message_init(&m);
        m.data.chat_id = S(chat_id);
        m.data.message.id = S(ev->message_id);
        m.data.message.role = PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_ASSISTANT;
        /* One answer, one timestamp: when it started (its id says), on every update. */
        int64_t started = pl_studymate_reply_ms(ev->message_id, PL_STUDYMATE_REPLY_PREFIX);
        char sts[32];
        pl_dialect_timestamp(started >= 0 ? started : ev->at_ms, sts);
        m.data.message.timestamp = S(sts);
        m.data.message.has_chat_id = true;
        m.data.message.chat_id = S(chat_id);
        m.data.has_status = true;
        m.data.status = PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STREAMING;
        m.has_seq = seq > 0;
        m.seq = seq;
        if (ev->kind == PL_EV_STREAM_START)
            m.data.message.content = SN("", 0);
        else if (ev->kind == PL_EV_STREAM_CHUNK)
            m.data.message.content = ev->partial != NULL ? SN(ev->partial, ev->partial_len)
                                                         : SN(ev->text, ev->len);
        if (ev->kind != PL_EV_STREAM_END)
            return message_json(&m, out);
        m.data.message.content = SN(ev->text, ev->len);
        const char *st = ev->status != NULL ? ev->status : "complete";
        m.data.status = strcmp(st, "stopped") == 0 ? PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STOPPED
                        : strcmp(st, "failed") == 0 ? PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_FAILED
                                                    : PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_COMPLETE;
        /* Citations: the brain's result live; the stored meta on a replay from the store. */
        const char *cj = ev->result != NULL ? ev->result->citations_json : ev->client_meta;
        pl_studymate_meta_t meta;
        int has_meta = cj != NULL && pl_studymate_meta_decode(cj, strlen(cj), &meta) == 0;
        if (has_meta && meta.n_dropped > 0)
            pl_log_warn(MOD, "answer %s: %zu citation(s) left out (they break the citation schema)",
                        ev->message_id ? ev->message_id : "?", meta.n_dropped);
        if (has_meta && meta.has_citations && meta.n_citations > 0) {
            m.data.message.has_citations = true;
            m.data.message.citations.n = meta.n_citations;
            m.data.message.citations.items = meta.citations;
        }
        int rv = message_json(&m, out);
        if (has_meta)
            pl_studymate_meta_clear(&meta);
        return rv;
    }
    case PL_EV_ERROR: {
        pl_msg_studymate_server_error_t m;
        pl_msg_studymate_server_error_init(&m);
        m.data.error = pl_dialect_error_code(ev->error_code);
        m.data.message = ev->len > 0 ? SN(ev->text, ev->len) : S("The answer failed.");
        m.data.has_chat_id = true;
        m.data.chat_id = S(chat_id);
        m.has_seq = true;
        m.seq = seq;
        return pl_msg_studymate_server_error_serialize(&m, out, NULL);
    }
    case PL_EV_TITLE:
    case PL_EV_STATE:
        return 1; /* not shown in this dialect */
    }
    return 1;
}

static int serialize(const pl_engine_event_t *ev, pl_buf_t *out, void *ud)
{
    (void)ud;
    /* The engine stores the answer with the brain's citations in its meta. */
    return pl_studymate_event_json(ev, pl_conv_id(ev->conv), out);
}

/* ---------------------------------------------------------------------- */
/* History                                                                */

typedef struct hist_row {
    char *id, *role, *content, *token, *meta;
    int64_t created_ms;
} hist_row_t;

typedef struct hist_ctx {
    hist_row_t *rows;
    size_t n, cap;
} hist_ctx_t;

static char *dup_or_null(const char *s) { return s != NULL ? pl_strdup(s) : NULL; }

static int hist_collect(const pl_store_msg_t *m, void *ud)
{
    hist_ctx_t *x = ud;
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 64;
        x->rows = pl_realloc(x->rows, x->cap * sizeof(*x->rows));
    }
    hist_row_t *r = &x->rows[x->n++];
    r->id = dup_or_null(m->id);
    r->role = dup_or_null(m->role);
    r->content = dup_or_null(m->content);
    r->token = dup_or_null(m->token);
    r->meta = dup_or_null(m->meta);
    r->created_ms = m->created_ms;
    return 0;
}

/* One stored row as a server chat_message; the meta and timestamp buffers hold what it points at. */
static void hist_item(const hist_row_t *r, const char *chat_id, pl_studymate_meta_t *meta,
                      char ts[32], pl_msg_studymate_server_chat_message_t *m)
{
    pl_msg_studymate_server_chat_message_init(m);
    int user = r->role != NULL && strcmp(r->role, "user") == 0;
    int has_meta = r->meta != NULL && pl_studymate_meta_decode(r->meta, strlen(r->meta), meta) == 0;
    if (!has_meta)
        memset(meta, 0, sizeof(*meta));
    m->id = S(user && r->token != NULL ? r->token : r->id);
    m->role = user ? PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_USER
                   : PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_ASSISTANT;
    m->content = S(r->content ? r->content : "");
    int64_t started = user ? -1 : pl_studymate_reply_ms(r->id, PL_STUDYMATE_REPLY_PREFIX);
    pl_dialect_timestamp(started >= 0 ? started : r->created_ms, ts);
    m->timestamp = S(user && meta->timestamp != NULL ? meta->timestamp : ts);
    m->has_chat_id = true;
    m->chat_id = S(chat_id);
    if (!user && meta->n_citations > 0) {
        m->has_citations = true;
        m->citations.n = meta->n_citations;
        m->citations.items = meta->citations;
    }
}

int pl_studymate_history_json(pl_store_t *st, const char *chat_id, size_t max_bytes, pl_buf_t *out)
{
    int total = pl_store_msg_count(st, chat_id);
    if (total < 0)
        return total;
    int offset = total > PL_STUDYMATE_HISTORY_MAX ? total - PL_STUDYMATE_HISTORY_MAX : 0;
    hist_ctx_t x = {0};
    int rv = pl_store_msg_list(st, chat_id, -1, PL_STUDYMATE_HISTORY_MAX, offset, hist_collect, &x);
    if (rv < 0)
        goto out;
    pl_msg_studymate_server_chat_message_t *items = pl_calloc(x.n ? x.n : 1, sizeof(*items));
    pl_studymate_meta_t *metas = pl_calloc(x.n ? x.n : 1, sizeof(*metas));
    char (*stamps)[32] = pl_calloc(x.n ? x.n : 1, sizeof(*stamps));
    int *ok = pl_calloc(x.n ? x.n : 1, sizeof(*ok));
    /* Newest first, each sized alone, until the budget is spent. */
    static const size_t envelope = 96; /* {"type":"messages","data":{"chat_id":...,"messages":[...]}} */
    size_t used = envelope + strlen(chat_id), first = x.n;
    pl_buf_t one = PL_BUF_INIT(0);
    for (size_t i = x.n; i-- > 0;) {
        hist_item(&x.rows[i], chat_id, &metas[i], stamps[i], &items[i]);
        pl_buf_reset(&one);
        pl_msg_error_t err;
        if (pl_msg_studymate_server_chat_message_serialize(&items[i], &one, &err) != 0) {
            /* A citation list the schema refuses goes; a message it refuses is skipped. */
            items[i].has_citations = false;
            if (pl_msg_studymate_server_chat_message_serialize(&items[i], &one, &err) != 0) {
                pl_log_warn(MOD, "chat %s: message %s left out of the history: %s", chat_id,
                            x.rows[i].id ? x.rows[i].id : "?", err.message);
                continue;
            }
        }
        if (used + one.len + 1 > max_bytes)
            break;
        used += one.len + 1;
        ok[i] = 1;
        first = i;
    }
    pl_buf_free(&one);
    size_t n = 0;
    for (size_t i = first; i < x.n; i++)
        if (ok[i])
            items[n++] = items[i];
    pl_msg_studymate_server_messages_t m;
    pl_msg_studymate_server_messages_init(&m);
    m.data.chat_id = S(chat_id);
    m.data.messages.n = n;
    m.data.messages.items = items;
    pl_msg_error_t err;
    rv = pl_msg_studymate_server_messages_serialize(&m, out, &err);
    if (rv != 0)
        pl_log_error(MOD, "chat %s: cannot serialize the history: %s", chat_id, err.message);
    for (size_t i = 0; i < x.n; i++)
        pl_studymate_meta_clear(&metas[i]);
    pl_free(items);
    pl_free(metas);
    pl_free(stamps);
    pl_free(ok);
out:
    for (size_t i = 0; i < x.n; i++) {
        pl_free(x.rows[i].id);
        pl_free(x.rows[i].role);
        pl_free(x.rows[i].content);
        pl_free(x.rows[i].token);
        pl_free(x.rows[i].meta);
    }
    pl_free(x.rows);
    return rv < 0 ? rv : 0;
}

/* ---------------------------------------------------------------------- */
/* Replies to one connection                                              */

static void send_error(pl_conn_t *c, pl_msg_common_error_code_t code, const char *chat_id,
                       const char *text)
{
    if (c == NULL)
        return;
    pl_msg_studymate_server_error_t m;
    pl_msg_studymate_server_error_init(&m);
    m.data.error = code;
    m.data.message = S(text);
    if (chat_id != NULL && chat_id[0] != '\0') {
        m.data.has_chat_id = true;
        m.data.chat_id = S(chat_id);
    }
    pl_buf_t out = PL_BUF_INIT(0);
    pl_msg_error_t err;
    int rv = pl_msg_studymate_server_error_serialize(&m, &out, &err);
    if (rv != 0 && m.data.has_chat_id) {
        /* An id the schema refuses is left out. */
        m.data.has_chat_id = false;
        pl_buf_reset(&out);
        rv = pl_msg_studymate_server_error_serialize(&m, &out, &err);
    }
    if (rv == 0)
        pl_conn_send_text(c, out.data, out.len);
    else
        pl_log_error(MOD, "cannot serialize an error message: %s", err.message);
    pl_buf_free(&out);
}

static void send_errorf(pl_conn_t *c, pl_msg_common_error_code_t code, const char *chat_id,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void send_errorf(pl_conn_t *c, pl_msg_common_error_code_t code, const char *chat_id,
                        const char *fmt, ...)
{
    char text[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    send_error(c, code, chat_id, text);
}

/* ---------------------------------------------------------------------- */
/* Connections                                                            */

static void handle_frame(sm_conn_t *sc, const char *data, size_t len);

static void sc_release(sm_conn_t *sc)
{
    if (--sc->refs > 0 || sc->conn != NULL)
        return;
    pl_free(sc);
}

/* Handles the frames that waited, until one makes the connection wait again. */
static void drain_waiting(sm_conn_t *sc)
{
    while (!sc->waiting && sc->head != NULL && sc->conn != NULL) {
        sm_frame_t *f = sc->head;
        sc->head = f->next;
        if (sc->head == NULL)
            sc->tail = NULL;
        sc->n_frames--;
        sc->frame_bytes -= f->len;
        handle_frame(sc, f->data, f->len);
        pl_free(f);
    }
}

static void drop_waiting(sm_conn_t *sc)
{
    while (sc->head != NULL) {
        sm_frame_t *f = sc->head;
        sc->head = f->next;
        pl_free(f);
    }
    sc->tail = NULL;
    sc->n_frames = sc->frame_bytes = 0;
}

/* Copies an id that the schema bounded to 128 code points; -1 if it holds a NUL or does not fit. */
static int copy_id(pl_msg_str_t s, char out[PL_STORE_ID_MAX + 1])
{
    if (s.ptr == NULL || s.len == 0 || s.len > PL_STORE_ID_MAX || memchr(s.ptr, '\0', s.len) != NULL)
        return -1;
    memcpy(out, s.ptr, s.len);
    out[s.len] = '\0';
    return 0;
}

/*
 * A chat of the user: the live conversation, or NULL with an error sent
 * (not_found for an unknown chat or one of another dialect, forbidden for
 * another user's).
 */
static pl_conv_t *owned_chat(sm_conn_t *sc, const char *chat_id)
{
    pl_conv_t *conv = pl_engine_conv_get(sc->sm->engine, chat_id);
    if (conv == NULL || strcmp(pl_conv_dialect(conv)->name, sc->sm->dialect.name) != 0) {
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, chat_id, "chat %s not found",
                    chat_id);
        return NULL;
    }
    if (strcmp(pl_conv_user_id(conv), sc->user) != 0) {
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN, chat_id,
                    "chat %s belongs to another user", chat_id);
        return NULL;
    }
    return conv;
}

/* Moves the connection into conv (leaving its chat, if any). */
static void join(sm_conn_t *sc, pl_conv_t *conv)
{
    pl_studymate_t *sm = sc->sm;
    if (sc->part != NULL)
        pl_engine_detach(sm->engine, sc->part);
    int recovered = 1;
    sc->part = pl_engine_attach(sm->engine, conv, sc->conn, sc->resume_seq, &recovered);
    sc->conv = conv;
    snprintf(sc->chat_id, sizeof(sc->chat_id), "%s", pl_conv_id(conv));
    if (sc->resume_seq >= 0)
        pl_engine_replay(sm->engine, sc->part);
    sc->resume_seq = -1; /* only the first chat joined resumes */
}

static void chat_created(int rv, const char *id, void *ud)
{
    sm_conn_t *sc = ud;
    sc->waiting = 0;
    if (sc->conn == NULL) {
        sc_release(sc);
        return;
    }
    pl_conv_t *conv = rv == 0 ? pl_engine_conv_get(sc->sm->engine, id) : NULL;
    if (conv == NULL) {
        pl_log_error(MOD, "a new chat could not be stored: %s", pl_strerror(rv));
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR, NULL,
                   "the new chat could not be saved; send auth again");
        if (sc->conv == NULL)
            sc->user[0] = '\0'; /* a first auth that failed leaves the connection unauthenticated */
    } else {
        join(sc, conv);
        pl_msg_studymate_server_chat_created_t m;
        pl_msg_studymate_server_chat_created_init(&m);
        m.data.chat_id = S(id);
        pl_buf_t out = PL_BUF_INIT(0);
        if (pl_msg_studymate_server_chat_created_serialize(&m, &out, NULL) == 0)
            pl_conn_send_text(sc->conn, out.data, out.len);
        pl_buf_free(&out);
    }
    drain_waiting(sc);
    sc_release(sc);
}

static void handle_auth(sm_conn_t *sc, const pl_msg_studymate_client_auth_data_t *a)
{
    pl_studymate_t *sm = sc->sm;
    char user[PL_STORE_ID_MAX + 1], chat[PL_STORE_ID_MAX + 1];
    if (copy_id(a->user_id, user) != 0) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL,
                   "data.user_id: must not contain NUL characters");
        return;
    }
    if (a->has_chat_id && copy_id(a->chat_id, chat) != 0) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL,
                   "data.chat_id: must not contain NUL characters");
        return;
    }
    if (sc->user[0] != '\0' && strcmp(sc->user, user) != 0) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN, a->has_chat_id ? chat : NULL,
                   "this connection is authenticated as another user; open a new connection");
        return;
    }
    if (a->has_chat_id) {
        if (sc->conv != NULL && strcmp(sc->chat_id, chat) == 0)
            return; /* already there */
        char was[PL_STORE_ID_MAX + 1];
        memcpy(was, sc->user, sizeof(was));
        memcpy(sc->user, user, sizeof(sc->user)); /* owned_chat checks against it */
        pl_conv_t *conv = owned_chat(sc, chat);
        if (conv == NULL) {
            memcpy(sc->user, was, sizeof(sc->user)); /* a refused auth changes nothing */
            return;
        }
        join(sc, conv);
        return;
    }
    int rv = pl_engine_conv_create(sm->engine, &sm->dialect, user, "", "active", NULL, chat_created, sc);
    if (rv != 0) {
        if (rv == PL_ERR_LIMIT)
            send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED, NULL,
                       "too many chats for this user");
        else
            send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR, NULL,
                        "the new chat could not be created: %s", pl_strerror(rv));
        return;
    }
    /* Authenticated from now on: frames wait until the chat exists. */
    memcpy(sc->user, user, sizeof(sc->user));
    sc->waiting = 1;
    sc->refs++;
}

/* The user of a message must be the connection's; sends the error otherwise. */
static int same_user(sm_conn_t *sc, pl_msg_str_t user_id, const char *chat)
{
    if (sc->user[0] == '\0') {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN, chat,
                   "not authenticated: send auth first");
        return 0;
    }
    if (user_id.len != strlen(sc->user) || memcmp(user_id.ptr, sc->user, user_id.len) != 0) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN, chat,
                   "data.user_id: not the user this connection authenticated as");
        return 0;
    }
    return 1;
}

/*
 * The chat a message names (chat_id, or the connection's chat when absent):
 * the conversation, or NULL with an error sent.
 */
static pl_conv_t *named_chat(sm_conn_t *sc, bool has, pl_msg_str_t id, const char *field,
                             char chat[PL_STORE_ID_MAX + 1])
{
    if (!has) {
        if (sc->conv == NULL) {
            send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL,
                       "no chat: send auth (with or without chat_id) first");
            return NULL;
        }
        memcpy(chat, sc->chat_id, sizeof(sc->chat_id));
        return sc->conv;
    }
    if (copy_id(id, chat) != 0) {
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL,
                    "%s: must not contain NUL characters", field);
        return NULL;
    }
    if (sc->conv != NULL && strcmp(chat, sc->chat_id) == 0)
        return sc->conv;
    return owned_chat(sc, chat);
}

static void handle_message(sm_conn_t *sc, const pl_msg_studymate_client_message_data_t *d)
{
    pl_studymate_t *sm = sc->sm;
    const pl_msg_studymate_client_chat_message_t *msg = &d->message;
    char chat[PL_STORE_ID_MAX + 1], id[PL_STORE_ID_MAX + 1];
    const char *hint = d->has_chat_id && copy_id(d->chat_id, chat) == 0 ? chat : NULL;
    if (!same_user(sc, d->user_id, hint))
        return;
    if (d->has_chat_id && msg->has_chat_id &&
        (d->chat_id.len != msg->chat_id.len ||
         memcmp(d->chat_id.ptr, msg->chat_id.ptr, d->chat_id.len) != 0)) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, hint,
                   "data.chat_id and data.message.chat_id name different chats");
        return;
    }
    pl_conv_t *conv = d->has_chat_id ? named_chat(sc, true, d->chat_id, "data.chat_id", chat)
                                     : named_chat(sc, msg->has_chat_id, msg->chat_id,
                                                  "data.message.chat_id", chat);
    if (conv == NULL)
        return;
    if (copy_id(msg->id, id) != 0) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, chat,
                   "data.message.id: must not contain NUL characters");
        return;
    }
    if (memchr(msg->content.ptr, '\0', msg->content.len) != NULL) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, chat,
                   "data.message.content: must not contain NUL characters");
        return;
    }
    if (memchr(msg->timestamp.ptr, '\0', msg->timestamp.len) != NULL) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, chat,
                   "data.message.timestamp: must not contain NUL characters");
        return;
    }
    if (conv != sc->conv)
        join(sc, conv); /* a message for another of the user's chats moves the connection */
    /* The client's timestamp rides with the message: the echo and the history show it. */
    pl_buf_t meta = PL_BUF_INIT(0);
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_map_open(g);
    gen_key(g, "timestamp");
    gen_str(g, msg->timestamp);
    yajl_gen_map_close(g);
    if (gen_finish(g, &meta) != 0 || pl_buf_append(&meta, "", 1) != 0) {
        pl_buf_free(&meta);
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INTERNAL_ERROR, chat,
                   "the message could not be processed");
        return;
    }
    pl_engine_user_msg_t m = {0};
    m.text = msg->content.ptr;
    m.len = msg->content.len;
    m.user_id = sc->user;
    m.token = id; /* the client's id: the echo carries it, and a resend is recognised */
    m.client_meta = meta.data;
    int rv = pl_engine_user_message(sm->engine, conv, sc->part, &m);
    pl_buf_free(&meta);
    if (rv == PL_ERR_BUSY)
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_BUSY, chat,
                   "the assistant is busy: too many messages are waiting for an answer");
    else if (rv == PL_ERR_CLOSED)
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, chat, "chat %s has ended", chat);
    else if (rv == PL_ERR_FSM_TRANSITION)
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_TRANSITION, chat,
                   "the chat cannot take a message in its current state");
    else if (rv == PL_ERR_STORE)
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR, chat,
                   "the message could not be saved; send it again");
    else if (rv < 0)
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_INTERNAL_ERROR, chat,
                    "the message could not be processed: %s", pl_strerror(rv));
}

static void handle_typing(sm_conn_t *sc, const pl_msg_studymate_client_typing_data_t *d)
{
    char chat[PL_STORE_ID_MAX + 1];
    const char *hint = d->has_chat_id && copy_id(d->chat_id, chat) == 0 ? chat : NULL;
    if (!same_user(sc, d->user_id, hint))
        return;
    pl_conv_t *conv = named_chat(sc, d->has_chat_id, d->chat_id, "data.chat_id", chat);
    if (conv == NULL)
        return;
    pl_msg_studymate_server_typing_t m;
    pl_msg_studymate_server_typing_init(&m);
    m.data.chat_id = S(chat);
    m.data.has_user_id = true;
    m.data.user_id = S(sc->user);
    m.data.is_typing = d->is_typing;
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_studymate_server_typing_serialize(&m, &out, NULL) == 0) {
        if (conv == sc->conv)
            pl_engine_send_others(sc->sm->engine, sc->part, out.data, out.len);
        else
            pl_engine_send_all(sc->sm->engine, conv, out.data, out.len); /* not attached there */
    }
    pl_buf_free(&out);
}

static void handle_stop(sm_conn_t *sc, const pl_msg_studymate_client_stop_data_t *d)
{
    char chat[PL_STORE_ID_MAX + 1], mid[PL_STORE_ID_MAX + 1];
    const char *hint = d->has_chat_id && copy_id(d->chat_id, chat) == 0 ? chat : NULL;
    if (!same_user(sc, d->user_id, hint))
        return;
    pl_conv_t *conv = named_chat(sc, d->has_chat_id, d->chat_id, "data.chat_id", chat);
    if (conv == NULL)
        return;
    if (d->has_message_id && copy_id(d->message_id, mid) != 0) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, chat,
                   "data.message_id: must not contain NUL characters");
        return;
    }
    if (pl_engine_stop(sc->sm->engine, conv, d->has_message_id ? mid : NULL) != 0)
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, chat,
                   "nothing to stop: no such answer is being written");
}

typedef struct history_req {
    sm_conn_t *sc;
    char chat_id[PL_STORE_ID_MAX + 1];
} history_req_t;

static void history_ready(int rv, void *ud)
{
    history_req_t *x = ud;
    sm_conn_t *sc = x->sc;
    sc->waiting = 0;
    if (sc->conn != NULL) {
        pl_buf_t out = PL_BUF_INIT(0);
        if (rv == 0)
            rv = pl_studymate_history_json(sc->sm->store, x->chat_id, PL_STUDYMATE_HISTORY_BYTES, &out);
        if (rv == 0)
            pl_conn_send_text(sc->conn, out.data, out.len);
        else
            send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR, x->chat_id,
                        "the messages of chat %s could not be loaded", x->chat_id);
        pl_buf_free(&out);
        drain_waiting(sc);
    }
    pl_free(x);
    sc_release(sc);
}

static void handle_load(sm_conn_t *sc, const pl_msg_studymate_client_load_messages_data_t *d)
{
    pl_studymate_t *sm = sc->sm;
    char chat[PL_STORE_ID_MAX + 1];
    int chat_ok = copy_id(d->chat_id, chat) == 0;
    if (!same_user(sc, d->user_id, chat_ok ? chat : NULL))
        return;
    if (!chat_ok) {
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL,
                   "data.chat_id: must not contain NUL characters");
        return;
    }
    /* Ownership from the stored row: reading a history does not load the chat. */
    pl_store_conv_t row = {0};
    int rv = pl_store_conv_get(sm->store, chat, &row);
    if (rv == PL_ERR_STORE) {
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_STORE_ERROR, chat,
                    "the messages of chat %s could not be loaded", chat);
        return;
    }
    int found = rv == 0 && row.dialect != NULL && strcmp(row.dialect, sm->dialect.name) == 0;
    int mine = found && row.user_id != NULL && strcmp(row.user_id, sc->user) == 0;
    pl_store_conv_clear(&row);
    if (!found) {
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND, chat, "chat %s not found", chat);
        return;
    }
    if (!mine) {
        send_errorf(sc->conn, PL_MSG_COMMON_ERROR_CODE_FORBIDDEN, chat,
                    "chat %s belongs to another user", chat);
        return;
    }
    /* Read after every queued write: an answer the client saw end is in the history. */
    history_req_t *x = pl_calloc(1, sizeof(*x));
    x->sc = sc;
    memcpy(x->chat_id, chat, sizeof(chat));
    if (pl_store_barrier(sm->store, history_ready, x) != 0) {
        pl_free(x);
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_BUSY, chat, "the store is busy; try again");
        return;
    }
    sc->waiting = 1;
    sc->refs++;
}

/* Token bucket: rate per second, burst deep. */
static int rate_ok(sm_conn_t *sc)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - sc->last.tv_sec) + (double)(now.tv_nsec - sc->last.tv_nsec) / 1e9;
    sc->last = now;
    sc->tokens += dt * sc->sm->rate;
    if (sc->tokens > sc->sm->burst)
        sc->tokens = sc->sm->burst;
    if (sc->tokens < 1.0)
        return 0;
    sc->tokens -= 1.0;
    return 1;
}

static void handle_frame(sm_conn_t *sc, const char *data, size_t len)
{
    pl_msg_studymate_client_t msg;
    pl_msg_error_t err;
    int rv = pl_msg_studymate_client_parse(data, len, &msg, &err);
    if (rv != 0) {
        if (rv == PL_ERR_PARSE || rv == PL_ERR_UTF8)
            send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_JSON, NULL,
                       err.message[0] != '\0' ? err.message : "Invalid JSON");
        else if (rv == PL_ERR_TOO_LARGE || strstr(err.message, ": must be at most ") != NULL)
            send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_TOO_LARGE, NULL, err.message);
        else
            send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL, err.message);
        return;
    }
    switch (msg.kind) {
    case PL_MSG_STUDYMATE_CLIENT_KIND_AUTH:
        handle_auth(sc, &msg.u.auth->data);
        break;
    case PL_MSG_STUDYMATE_CLIENT_KIND_MESSAGE:
        handle_message(sc, &msg.u.message->data);
        break;
    case PL_MSG_STUDYMATE_CLIENT_KIND_TYPING:
        handle_typing(sc, &msg.u.typing->data);
        break;
    case PL_MSG_STUDYMATE_CLIENT_KIND_LOAD_MESSAGES:
        handle_load(sc, &msg.u.load_messages->data);
        break;
    case PL_MSG_STUDYMATE_CLIENT_KIND_STOP:
        handle_stop(sc, &msg.u.stop->data);
        break;
    default:
        send_error(sc->conn, PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE, NULL, "type: unknown message type");
        break;
    }
    pl_msg_studymate_client_free(&msg);
}

/* ---------------------------------------------------------------------- */
/* WebSocket                                                              */

static void ws_open(pl_conn_t *c, const pl_http_match_t *route, const char *query, void *ud)
{
    (void)route;
    pl_studymate_t *sm = ud;
    sm_conn_t *sc = pl_calloc(1, sizeof(*sc));
    sc->sm = sm;
    sc->conn = c;
    sc->tokens = sm->burst;
    clock_gettime(CLOCK_MONOTONIC, &sc->last);
    sc->resume_seq = pl_dialect_last_seq(query);
    pl_conn_set_data(c, sc);
}

static void ws_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)ud;
    sm_conn_t *sc = pl_conn_data(c);
    if (sc == NULL)
        return;
    if (op != PL_WS_OP_TEXT) {
        send_error(c, PL_MSG_COMMON_ERROR_CODE_UNSUPPORTED, NULL,
                   "binary messages are not supported: send JSON text");
        return;
    }
    if (!rate_ok(sc)) {
        send_error(c, PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED, NULL, "too many messages: slow down");
        return;
    }
    if (sc->waiting || sc->head != NULL) {
        if (sc->n_frames >= WAIT_FRAMES || sc->frame_bytes + len > WAIT_BYTES) {
            send_error(c, PL_MSG_COMMON_ERROR_CODE_BUSY, NULL,
                       "too many messages while the previous one is processed; send it again");
            return;
        }
        sm_frame_t *f = pl_malloc(sizeof(*f) + len);
        f->next = NULL;
        f->len = len;
        memcpy(f->data, data, len);
        if (sc->tail != NULL)
            sc->tail->next = f;
        else
            sc->head = f;
        sc->tail = f;
        sc->n_frames++;
        sc->frame_bytes += len;
        return;
    }
    handle_frame(sc, (const char *)data, len);
}

static void ws_close(pl_conn_t *c, unsigned code, void *ud)
{
    (void)code;
    pl_studymate_t *sm = ud;
    sm_conn_t *sc = pl_conn_data(c);
    if (sc == NULL)
        return;
    pl_conn_set_data(c, NULL);
    if (sc->part != NULL)
        pl_engine_detach(sm->engine, sc->part);
    sc->part = NULL;
    sc->conv = NULL;
    sc->conn = NULL;
    drop_waiting(sc);
    if (sc->refs == 0)
        pl_free(sc);
}

static const pl_ws_endpoint_t studymate_ep = {
    .on_open = ws_open,
    .on_message = ws_message,
    .on_close = ws_close,
};

/* ---------------------------------------------------------------------- */

const pl_dialect_t *pl_studymate_dialect(const pl_studymate_t *sm) { return &sm->dialect; }

pl_studymate_t *pl_studymate_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                                 double messages_per_second)
{
    pl_studymate_t *sm = pl_calloc(1, sizeof(*sm));
    sm->engine = engine;
    sm->srv = srv;
    sm->store = store;
    sm->base = pl_server_base(srv);
    sm->rate = messages_per_second > 0 ? messages_per_second : 1e9;
    sm->burst = messages_per_second > 0 ? 2 * messages_per_second : 1e9;
    sm->dialect.name = "studymate";
    sm->dialect.serialize = serialize;
    sm->dialect.ud = sm;
    sm->dialect.use_documents = 1; /* seed 003: answers cite the user's documents */
    sm->dialect.reply_id_prefix = PL_STUDYMATE_REPLY_PREFIX;
    int rv = pl_server_ws_route(srv, "/ws/chat", &studymate_ep, sm);
    if (rv != 0) {
        pl_log_error(MOD, "cannot register /ws/chat: %s", pl_strerror(rv));
        pl_free(sm);
        return NULL;
    }
    pl_engine_add_dialect(engine, &sm->dialect);
    return sm;
}

void pl_studymate_free(pl_studymate_t *sm)
{
    if (sm == NULL)
        return;
    pl_free(sm);
}
