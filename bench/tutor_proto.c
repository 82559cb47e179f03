/*
 * tutor_proto.c - the seed 000 ("AI tutor") dialect for the load generator,
 * no I/O (see tutor_proto.h). Server events go through yajl's callback
 * parser: one handle per parser, reused across messages with
 * yajl_allow_multiple_values (a message must be exactly one object whose
 * closing brace is its last non-blank byte, so the lexer holds nothing
 * between messages) and replaced after any error. Only top-level fields the
 * checks need are copied out; escaped strings arrive decoded.
 */
#include "tutor_proto.h"

#include "parley/error.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_parse.h>

/* Top-level fields copied out of an event; the rest are skipped. */
enum field {
    F_SKIP = 0,
    F_MT,
    F_CONVERSATION_ID,
    F_TOKEN,
    F_MESSAGE_ID,
    F_CHUNK,
    F_FULL_TEXT,
    F_ERROR,
    F_MESSAGE,
    F_IS_FINAL,
};

static const struct {
    const char *name;
    lg_tutor_mt_t mt;
} mt_names[] = {
    {"connected", LG_TUTOR_MT_CONNECTED},
    {"user_message_received", LG_TUTOR_MT_USER_MESSAGE_RECEIVED},
    {"typing_indicator", LG_TUTOR_MT_TYPING_INDICATOR},
    {"stream_start", LG_TUTOR_MT_STREAM_START},
    {"stream_chunk", LG_TUTOR_MT_STREAM_CHUNK},
    {"stream_end", LG_TUTOR_MT_STREAM_END},
    {"stop_typing_indicator", LG_TUTOR_MT_STOP_TYPING_INDICATOR},
    {"error", LG_TUTOR_MT_ERROR},
    {"title_updated", LG_TUTOR_MT_TITLE_UPDATED},
};

lg_tutor_mt_t lg_tutor_mt_from_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(mt_names) / sizeof(mt_names[0]); i++)
        if (strlen(mt_names[i].name) == len && memcmp(mt_names[i].name, name, len) == 0)
            return mt_names[i].mt;
    return LG_TUTOR_MT_UNKNOWN;
}

const char *lg_tutor_mt_name(lg_tutor_mt_t mt)
{
    for (size_t i = 0; i < sizeof(mt_names) / sizeof(mt_names[0]); i++)
        if (mt_names[i].mt == mt)
            return mt_names[i].name;
    return "unknown";
}

/* ------------------------------------------------------------ events */

static enum field field_from_key(const unsigned char *k, size_t n)
{
#define KEY_IS(s) (n == sizeof(s) - 1 && memcmp(k, s, n) == 0)
    if (KEY_IS("mt"))
        return F_MT;
    if (KEY_IS("conversationId"))
        return F_CONVERSATION_ID;
    if (KEY_IS("token"))
        return F_TOKEN;
    if (KEY_IS("messageId"))
        return F_MESSAGE_ID;
    if (KEY_IS("chunk"))
        return F_CHUNK;
    if (KEY_IS("fullText"))
        return F_FULL_TEXT;
    if (KEY_IS("error"))
        return F_ERROR;
    if (KEY_IS("message"))
        return F_MESSAGE;
    if (KEY_IS("isFinal"))
        return F_IS_FINAL;
    return F_SKIP;
#undef KEY_IS
}

/* Stops the parse with err (the callbacks' return value 0 cancels it). */
static int fail(lg_tutor_parser_t *p, int err)
{
    if (p->err == 0)
        p->err = err;
    return 0;
}

/* The value being parsed is a top-level field's own value. */
static int at_field_value(const lg_tutor_parser_t *p)
{
    return p->depth == 1;
}

/* A non-string, non-boolean scalar. */
static int on_scalar(lg_tutor_parser_t *p)
{
    if (p->depth == 0)
        return fail(p, PL_ERR_PARSE);
    if (at_field_value(p) && p->field != F_SKIP)
        return fail(p, PL_ERR_SCHEMA);
    return 1;
}

static int cb_null(void *ctx)
{
    return on_scalar(ctx);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
    (void)s;
    (void)n;
    return on_scalar(ctx);
}

static int cb_boolean(void *ctx, int b)
{
    lg_tutor_parser_t *p = ctx;
    if (p->depth == 0)
        return fail(p, PL_ERR_PARSE);
    if (!at_field_value(p) || p->field == F_SKIP)
        return 1;
    if (p->field != F_IS_FINAL)
        return fail(p, PL_ERR_SCHEMA);
    p->ev.is_final = b ? 1 : 0;
    return 1;
}

static int copy_id(lg_tutor_parser_t *p, char *dst, int *has, const unsigned char *s, size_t n)
{
    if (n > LG_TUTOR_MAX_ID)
        return fail(p, PL_ERR_SCHEMA);
    memcpy(dst, s, n);
    dst[n] = '\0';
    *has = 1;
    return 1;
}

static int copy_text(lg_tutor_parser_t *p, lg_tutor_text_t *t, const unsigned char *s, size_t n)
{
    if (n > LG_TUTOR_MAX_TEXT)
        return fail(p, PL_ERR_TOO_LARGE);
    if (t->cap < n + 1) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < n + 1)
            cap *= 2;
        char *np = realloc(t->p, cap);
        if (np == NULL)
            return fail(p, PL_ERR_NOMEM);
        t->p = np;
        t->cap = cap;
    }
    memcpy(t->p, s, n);
    t->p[n] = '\0';
    t->len = n;
    t->set = 1;
    return 1;
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
    lg_tutor_parser_t *p = ctx;
    lg_tutor_event_t *ev = &p->ev;

    if (p->depth == 0)
        return fail(p, PL_ERR_PARSE);
    if (!at_field_value(p))
        return 1;
    switch (p->field) {
    case F_MT: {
        size_t k = n < LG_TUTOR_MAX_MT ? n : LG_TUTOR_MAX_MT;
        memcpy(ev->mt_name, s, k);
        ev->mt_name[k] = '\0';
        ev->mt = lg_tutor_mt_from_name((const char *)s, n);
        return 1;
    }
    case F_CONVERSATION_ID:
        return copy_id(p, ev->conversation_id, &ev->has_conversation_id, s, n);
    case F_TOKEN:
        return copy_id(p, ev->token, &ev->has_token, s, n);
    case F_MESSAGE_ID:
        return copy_id(p, ev->message_id, &ev->has_message_id, s, n);
    case F_CHUNK:
        return copy_text(p, &ev->chunk, s, n);
    case F_FULL_TEXT:
        return copy_text(p, &ev->full_text, s, n);
    case F_ERROR:
        return copy_text(p, &ev->error, s, n);
    case F_MESSAGE:
        return copy_text(p, &ev->message, s, n);
    case F_IS_FINAL:
        return fail(p, PL_ERR_SCHEMA);
    default:
        return 1;
    }
}

static int open_container(lg_tutor_parser_t *p, int is_map)
{
    if (p->depth == 0) {
        if (!is_map || p->objects > 0)
            return fail(p, PL_ERR_PARSE); /* not an object, or a second value */
    } else if (at_field_value(p) && p->field != F_SKIP) {
        return fail(p, PL_ERR_SCHEMA);
    }
    if (p->depth >= LG_TUTOR_MAX_DEPTH)
        return fail(p, PL_ERR_TOO_LARGE);
    p->depth++;
    return 1;
}

static int cb_start_map(void *ctx)
{
    return open_container(ctx, 1);
}

static int cb_start_array(void *ctx)
{
    return open_container(ctx, 0);
}

static int cb_map_key(void *ctx, const unsigned char *k, size_t n)
{
    lg_tutor_parser_t *p = ctx;
    if (p->depth != 1)
        return 1;
    p->field = field_from_key(k, n);
    if (p->field != F_SKIP) {
        unsigned bit = 1u << p->field;
        if (p->seen & bit)
            return fail(p, PL_ERR_SCHEMA);
        p->seen |= bit;
    }
    return 1;
}

static int cb_end_container(void *ctx)
{
    lg_tutor_parser_t *p = ctx;
    if (--p->depth == 0) {
        p->objects++;
        p->end = yajl_get_bytes_consumed((yajl_handle)p->yajl);
    }
    return 1;
}

static const yajl_callbacks event_callbacks = {
    cb_null, cb_boolean, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end_container, cb_start_array, cb_end_container,
};

static int new_handle(lg_tutor_parser_t *p)
{
    yajl_handle h = yajl_alloc(&event_callbacks, NULL, p);
    if (h == NULL)
        return PL_ERR_NOMEM;
    yajl_config(h, yajl_allow_multiple_values, 1);
    p->yajl = h;
    return 0;
}

int lg_tutor_parser_init(lg_tutor_parser_t *p)
{
    memset(p, 0, sizeof(*p));
    p->ev.is_final = -1;
    return new_handle(p);
}

static void text_free(lg_tutor_text_t *t)
{
    free(t->p);
    memset(t, 0, sizeof(*t));
}

void lg_tutor_parser_free(lg_tutor_parser_t *p)
{
    if (p->yajl)
        yajl_free((yajl_handle)p->yajl);
    text_free(&p->ev.chunk);
    text_free(&p->ev.full_text);
    text_free(&p->ev.error);
    text_free(&p->ev.message);
    memset(p, 0, sizeof(*p));
}

static void text_reset(lg_tutor_text_t *t)
{
    t->len = 0;
    t->set = 0;
    if (t->p)
        t->p[0] = '\0';
}

static void event_reset(lg_tutor_event_t *ev)
{
    ev->mt = LG_TUTOR_MT_UNKNOWN;
    ev->mt_name[0] = ev->conversation_id[0] = ev->token[0] = ev->message_id[0] = '\0';
    ev->has_conversation_id = ev->has_token = ev->has_message_id = 0;
    text_reset(&ev->chunk);
    text_reset(&ev->full_text);
    text_reset(&ev->error);
    text_reset(&ev->message);
    ev->is_final = -1;
}

/* Only blanks in json[from, len). */
static int blank_after(const uint8_t *json, size_t len, size_t from)
{
    if (from > len)
        return 0;
    for (size_t i = from; i < len; i++)
        if (json[i] != ' ' && json[i] != '\t' && json[i] != '\r' && json[i] != '\n')
            return 0;
    return 1;
}

int lg_tutor_parse_event(lg_tutor_parser_t *p, const uint8_t *json, size_t len)
{
    int rc = 0;
    size_t end = len;

    if (p->yajl == NULL && new_handle(p) != 0)
        return PL_ERR_NOMEM;
    event_reset(&p->ev);
    p->depth = p->objects = 0;
    p->end = 0;
    p->field = F_SKIP;
    p->seen = 0;
    p->err = 0;

    while (end > 0 && (json[end - 1] == ' ' || json[end - 1] == '\t' || json[end - 1] == '\r' ||
                       json[end - 1] == '\n'))
        end--;
    if (end == 0 || json[end - 1] != '}')
        return PL_ERR_PARSE; /* nothing parsed: the handle stays clean */
    if (yajl_parse((yajl_handle)p->yajl, json, len) != yajl_status_ok)
        rc = p->err ? p->err : PL_ERR_PARSE;
    else if (p->objects != 1 || p->depth != 0 || !blank_after(json, len, p->end))
        rc = PL_ERR_PARSE; /* e.g. an unterminated string after the object */
    else if (!(p->seen & (1u << F_MT)) || p->ev.mt_name[0] == '\0')
        rc = PL_ERR_SCHEMA;
    if (rc != 0 && !(rc == PL_ERR_SCHEMA && p->err == 0)) {
        /* The handle may hold state from the broken text: replace it. */
        yajl_free((yajl_handle)p->yajl);
        p->yajl = NULL;
        if (new_handle(p) != 0 && rc != PL_ERR_NOMEM)
            rc = PL_ERR_NOMEM;
    }
    return rc;
}

/* --------------------------------------------------------- exchanges */

static void set_why(lg_tutor_exchange_t *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->why, sizeof(x->why), fmt, ap);
    va_end(ap);
}

int lg_tutor_exchange_init(lg_tutor_exchange_t *x, const char *conversation_id,
                           unsigned expect_chunks)
{
    memset(x, 0, sizeof(*x));
    if (strlen(conversation_id) > LG_TUTOR_MAX_ID)
        return PL_ERR_TOO_LARGE;
    snprintf(x->conversation_id, sizeof(x->conversation_id), "%s", conversation_id);
    x->expect_chunks = expect_chunks;
    return 0;
}

void lg_tutor_exchange_free(lg_tutor_exchange_t *x)
{
    free(x->answer);
    x->answer = NULL;
    x->answer_len = x->answer_cap = 0;
}

int lg_tutor_exchange_begin(lg_tutor_exchange_t *x, const char *token, const char *message)
{
    if (strlen(token) > LG_TUTOR_MAX_ID || (message && strlen(message) > LG_TUTOR_MAX_USER_TEXT))
        return PL_ERR_TOO_LARGE;
    snprintf(x->token, sizeof(x->token), "%s", token);
    x->check_message = message != NULL;
    snprintf(x->message, sizeof(x->message), "%s", message ? message : "");
    x->message_id[0] = '\0';
    x->answer_len = 0;
    x->chunks = 0;
    x->why[0] = '\0';
    x->state = LG_TUTOR_X_RECEIVED;
    return 0;
}

static int append_answer(lg_tutor_exchange_t *x, const char *s, size_t n)
{
    if (x->answer_len + n > LG_TUTOR_MAX_ANSWER) {
        set_why(x, "the answer passes %u bytes", LG_TUTOR_MAX_ANSWER);
        return PL_ERR_TOO_LARGE;
    }
    if (x->answer_cap < x->answer_len + n + 1) {
        size_t cap = x->answer_cap ? x->answer_cap : 512;
        while (cap < x->answer_len + n + 1)
            cap *= 2;
        char *np = realloc(x->answer, cap);
        if (np == NULL) {
            set_why(x, "out of memory");
            return PL_ERR_NOMEM;
        }
        x->answer = np;
        x->answer_cap = cap;
    }
    memcpy(x->answer + x->answer_len, s, n);
    x->answer_len += n;
    x->answer[x->answer_len] = '\0';
    return 0;
}

/* The event names the stream under way. */
static int same_stream(lg_tutor_exchange_t *x, const lg_tutor_event_t *ev)
{
    if (!ev->has_message_id || strcmp(ev->message_id, x->message_id) != 0) {
        set_why(x, "%s of messageId \"%s\" inside the stream of \"%s\"",
                lg_tutor_mt_name(ev->mt), ev->has_message_id ? ev->message_id : "(none)",
                x->message_id);
        return 0;
    }
    return 1;
}

static int step(lg_tutor_exchange_t *x, const lg_tutor_event_t *ev)
{
    static const lg_tutor_mt_t expected[] = {
        [LG_TUTOR_X_IDLE] = LG_TUTOR_MT_UNKNOWN,
        [LG_TUTOR_X_RECEIVED] = LG_TUTOR_MT_USER_MESSAGE_RECEIVED,
        [LG_TUTOR_X_TYPING] = LG_TUTOR_MT_TYPING_INDICATOR,
        [LG_TUTOR_X_START] = LG_TUTOR_MT_STREAM_START,
        [LG_TUTOR_X_CHUNKS] = LG_TUTOR_MT_STREAM_CHUNK,
        [LG_TUTOR_X_STOP] = LG_TUTOR_MT_STOP_TYPING_INDICATOR,
    };

    if (ev->mt == LG_TUTOR_MT_ERROR) {
        set_why(x, "server sent an error: %.150s", ev->error.set ? ev->error.p : "(no text)");
        return PL_ERR_PROTOCOL;
    }
    if (ev->mt == LG_TUTOR_MT_TITLE_UPDATED) {
        if (ev->has_conversation_id && strcmp(ev->conversation_id, x->conversation_id) != 0) {
            set_why(x, "title_updated for conversation \"%s\"", ev->conversation_id);
            return PL_ERR_SCHEMA;
        }
        return LG_TUTOR_STEP_IGNORED;
    }
    if (x->state == LG_TUTOR_X_IDLE) {
        set_why(x, "%s (\"%s\") outside an exchange", lg_tutor_mt_name(ev->mt), ev->mt_name);
        return PL_ERR_PROTOCOL;
    }
    if (ev->mt != expected[x->state] &&
        !(x->state == LG_TUTOR_X_CHUNKS && ev->mt == LG_TUTOR_MT_STREAM_END)) {
        set_why(x, "%s (\"%s\") where %s was due", lg_tutor_mt_name(ev->mt), ev->mt_name,
                x->state == LG_TUTOR_X_CHUNKS ? "stream_chunk or stream_end"
                                              : lg_tutor_mt_name(expected[x->state]));
        return PL_ERR_PROTOCOL;
    }
    if (!ev->has_conversation_id || strcmp(ev->conversation_id, x->conversation_id) != 0) {
        set_why(x, "%s names conversation \"%s\", not \"%s\"", lg_tutor_mt_name(ev->mt),
                ev->has_conversation_id ? ev->conversation_id : "(none)", x->conversation_id);
        return PL_ERR_SCHEMA;
    }
    switch (x->state) {
    case LG_TUTOR_X_RECEIVED:
        if (!ev->has_token || strcmp(ev->token, x->token) != 0) {
            set_why(x, "user_message_received has token \"%s\", not \"%s\"",
                    ev->has_token ? ev->token : "(none)", x->token);
            return PL_ERR_SCHEMA;
        }
        if (x->check_message && (!ev->message.set || ev->message.len != strlen(x->message) ||
                                 memcmp(ev->message.p, x->message, ev->message.len) != 0)) {
            set_why(x, "user_message_received does not repeat the message sent");
            return PL_ERR_SCHEMA;
        }
        x->state = LG_TUTOR_X_TYPING;
        return LG_TUTOR_STEP_OK;
    case LG_TUTOR_X_TYPING:
        x->state = LG_TUTOR_X_START;
        return LG_TUTOR_STEP_OK;
    case LG_TUTOR_X_START:
        if (!ev->has_message_id || ev->message_id[0] == '\0') {
            set_why(x, "stream_start without messageId");
            return PL_ERR_SCHEMA;
        }
        memcpy(x->message_id, ev->message_id, sizeof(x->message_id));
        x->answer_len = 0;
        x->chunks = 0;
        x->state = LG_TUTOR_X_CHUNKS;
        return LG_TUTOR_STEP_OK;
    case LG_TUTOR_X_CHUNKS:
        if (!same_stream(x, ev))
            return PL_ERR_SCHEMA;
        if (ev->mt == LG_TUTOR_MT_STREAM_CHUNK) {
            int rc;
            if (!ev->chunk.set) {
                set_why(x, "stream_chunk without chunk");
                return PL_ERR_SCHEMA;
            }
            rc = append_answer(x, ev->chunk.p, ev->chunk.len);
            if (rc != 0)
                return rc;
            return ++x->chunks == 1 ? LG_TUTOR_STEP_FIRST_CHUNK : LG_TUTOR_STEP_OK;
        }
        if (!ev->full_text.set || ev->full_text.len != x->answer_len ||
            memcmp(ev->full_text.p, x->answer ? x->answer : "", x->answer_len) != 0) {
            set_why(x, "stream_end fullText (%zu bytes) is not its %u chunks concatenated (%zu bytes)",
                    ev->full_text.set ? ev->full_text.len : 0, x->chunks, x->answer_len);
            return PL_ERR_SCHEMA;
        }
        if (ev->is_final != 1) {
            set_why(x, "stream_end without isFinal: true");
            return PL_ERR_SCHEMA;
        }
        if (x->expect_chunks ? x->chunks != x->expect_chunks : x->chunks == 0) {
            set_why(x, "stream of %u chunks, expected %u", x->chunks, x->expect_chunks);
            return PL_ERR_SCHEMA;
        }
        x->state = LG_TUTOR_X_STOP;
        return LG_TUTOR_STEP_END;
    case LG_TUTOR_X_STOP:
        x->state = LG_TUTOR_X_IDLE;
        return LG_TUTOR_STEP_DONE;
    default:
        set_why(x, "internal: bad exchange state");
        return PL_ERR_PROTOCOL;
    }
}

int lg_tutor_exchange_step(lg_tutor_exchange_t *x, const lg_tutor_event_t *ev)
{
    int rc = step(x, ev);
    if (rc < 0)
        x->state = LG_TUTOR_X_IDLE;
    return rc;
}

/* ------------------------------------------------------ client output */

/* Appends s as a JSON string; returns the new length or -1 past cap. */
static long put_json_string(char *out, size_t cap, size_t at, const char *s)
{
    static const char hex[] = "0123456789abcdef";
#define PUT(ch)                  \
    do {                         \
        if (at + 1 >= cap)       \
            return -1;           \
        out[at++] = (char)(ch);  \
    } while (0)
    PUT('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            PUT('\\');
            PUT(ch);
        } else if (ch == '\n' || ch == '\r' || ch == '\t') {
            PUT('\\');
            PUT(ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't');
        } else if (ch < 0x20) {
            PUT('\\');
            PUT('u');
            PUT('0');
            PUT('0');
            PUT(hex[ch >> 4]);
            PUT(hex[ch & 15]);
        } else {
            PUT(ch);
        }
    }
    PUT('"');
    out[at] = '\0';
    return (long)at;
#undef PUT
}

/* Appends a literal; returns the new length or -1 past cap. */
static long put_raw(char *out, size_t cap, size_t at, const char *s)
{
    size_t n = strlen(s);
    if (at + n + 1 > cap)
        return -1;
    memcpy(out + at, s, n + 1);
    return (long)(at + n);
}

int lg_tutor_build_user_message(char *out, size_t cap, const char *message,
                                const char *user_id, const char *token)
{
    long at = 0;
    if (cap == 0 || cap > INT_MAX)
        return PL_ERR_TOO_LARGE;
    if ((at = put_raw(out, cap, 0, "{\"mt\":\"user_message\",\"message\":")) < 0 ||
        (at = put_json_string(out, cap, (size_t)at, message)) < 0 ||
        (at = put_raw(out, cap, (size_t)at, ",\"userId\":")) < 0 ||
        (at = put_json_string(out, cap, (size_t)at, user_id)) < 0 ||
        (at = put_raw(out, cap, (size_t)at, ",\"token\":")) < 0 ||
        (at = put_json_string(out, cap, (size_t)at, token)) < 0 ||
        (at = put_raw(out, cap, (size_t)at, ",\"timezone\":\"UTC\",\"languageCode\":\"en\"}")) < 0)
        return PL_ERR_TOO_LARGE;
    return (int)at;
}

static int all_digits(const char *s)
{
    if (*s == '\0' || strlen(s) > 15)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

int lg_tutor_build_create_request(char *out, size_t cap, const char *host, int port,
                                  const char *prefix, const char *user_id)
{
    char body[512];
    long at;
    int n;

    if (cap == 0 || cap > INT_MAX)
        return PL_ERR_TOO_LARGE;
    at = put_raw(body, sizeof(body), 0, "{\"user_id\": ");
    if (at >= 0 && all_digits(user_id))
        at = put_raw(body, sizeof(body), (size_t)at, user_id);
    else if (at >= 0)
        at = put_json_string(body, sizeof(body), (size_t)at, user_id);
    if (at >= 0)
        at = put_raw(body, sizeof(body), (size_t)at, ", \"title\": \"\", \"status\": \"active\"}");
    if (at < 0)
        return PL_ERR_TOO_LARGE;
    n = snprintf(out, cap,
                 "POST %s/conversations HTTP/1.1\r\n"
                 "Host: %s:%d\r\n"
                 "Content-Type: application/json\r\n"
                 "Accept: application/json\r\n"
                 "Content-Length: %ld\r\n"
                 "Connection: close\r\n"
                 "\r\n"
                 "%s",
                 prefix, host, port, at, body);
    if (n < 0 || (size_t)n >= cap)
        return PL_ERR_TOO_LARGE;
    return n;
}

/* --------------------------------------------------------- HTTP reply */

static const char *find_crlf(const char *p, const char *end)
{
    for (; p + 1 < end; p++)
        if (p[0] == '\r' && p[1] == '\n')
            return p;
    return NULL;
}

/* Case-insensitive: header line [p, e) is "name:"; *value gets the trimmed value. */
static int header_is(const char *p, const char *e, const char *name, const char **v, const char **ve)
{
    size_t n = strlen(name);
    if ((size_t)(e - p) <= n || strncasecmp(p, name, n) != 0 || p[n] != ':')
        return 0;
    p += n + 1;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *v = p;
    *ve = e;
    return 1;
}

/* Longest chunk-size line (size and extensions) accepted. */
#define MAX_CHUNK_LINE 1024

/* De-chunks [p, end) into body. Returns the bytes consumed, INCOMPLETE, PARSE, TOO_LARGE. */
static long dechunk(const char *p, const char *end, char *body, size_t cap, size_t *blen)
{
    const char *start = p;
    size_t out = 0;

    for (;;) {
        const char *eol = find_crlf(p, end);
        unsigned long size = 0;
        int digits = 0;
        if (eol == NULL) /* the last byte may be the line's CR */
            return (size_t)(end - p) > MAX_CHUNK_LINE + 1 ? PL_ERR_PARSE : PL_ERR_INCOMPLETE;
        if (eol - p > MAX_CHUNK_LINE)
            return PL_ERR_PARSE;
        for (; p < eol && isxdigit((unsigned char)*p); p++, digits++) {
            if (size > (ULONG_MAX >> 4))
                return PL_ERR_PARSE;
            size = size * 16 + (unsigned long)(isdigit((unsigned char)*p)
                                                   ? *p - '0'
                                                   : (tolower((unsigned char)*p) - 'a' + 10));
        }
        if (digits == 0 || (p < eol && *p != ';' && *p != ' ' && *p != '\t'))
            return PL_ERR_PARSE;
        p = eol + 2;
        if (size == 0) {
            /* trailers, then the blank line */
            for (;;) {
                const char *t = find_crlf(p, end);
                if (t == NULL)
                    return (size_t)(end - p) > MAX_CHUNK_LINE + 1 ? PL_ERR_PARSE
                                                                  : PL_ERR_INCOMPLETE;
                if (t - p > MAX_CHUNK_LINE)
                    return PL_ERR_PARSE;
                if (t == p) {
                    *blen = out;
                    body[out] = '\0';
                    return (long)(t + 2 - start);
                }
                p = t + 2;
            }
        }
        if (size >= cap || out + size >= cap)
            return PL_ERR_TOO_LARGE;
        if ((size_t)(end - p) < size + 2)
            return PL_ERR_INCOMPLETE;
        if (p[size] != '\r' || p[size + 1] != '\n')
            return PL_ERR_PARSE;
        memcpy(body + out, p, size);
        out += size;
        p += size + 2;
    }
}

int lg_tutor_parse_http_response(const char *buf, size_t len, int eof, int *status,
                                 char *body, size_t body_cap, size_t *body_len)
{
    const char *end = buf + len, *head_end = NULL, *p, *e;
    long clen = -1;
    int chunked = 0;
    size_t hlen;

    if (body_cap == 0 || body_cap > INT_MAX / 2)
        return PL_ERR_TOO_LARGE;
    for (p = buf; p + 3 < end && p + 4 <= buf + LG_TUTOR_MAX_HTTP_HEAD; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == '\r' && p[3] == '\n') {
            head_end = p;
            break;
        }
    }
    if (head_end == NULL) {
        if (len >= LG_TUTOR_MAX_HTTP_HEAD)
            return PL_ERR_TOO_LARGE;
        return eof ? PL_ERR_PARSE : PL_ERR_INCOMPLETE;
    }
    hlen = (size_t)(head_end - buf) + 4;

    /* status line: HTTP/1.x SP 3DIGIT [SP reason] */
    e = find_crlf(buf, head_end + 2);
    if (e == NULL || e - buf < 12 || memcmp(buf, "HTTP/1.", 7) != 0 ||
        !isdigit((unsigned char)buf[7]) || buf[8] != ' ' || buf[9] < '1' || buf[9] > '9' ||
        !isdigit((unsigned char)buf[10]) || !isdigit((unsigned char)buf[11]) ||
        (e - buf > 12 && buf[12] != ' '))
        return PL_ERR_PARSE;
    *status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');

    for (p = e + 2; p < head_end + 2; p = e + 2) {
        const char *v, *ve;
        e = find_crlf(p, head_end + 2);
        if (e == NULL)
            return PL_ERR_PARSE;
        if (memchr(p, ':', (size_t)(e - p)) == NULL || *p == ' ' || *p == '\t' || *p == ':')
            return PL_ERR_PARSE;
        if (header_is(p, e, "content-length", &v, &ve)) {
            long n = 0;
            if (v == ve || ve - v > 9)
                return PL_ERR_PARSE;
            for (; v < ve; v++) {
                if (!isdigit((unsigned char)*v))
                    return PL_ERR_PARSE;
                n = n * 10 + (*v - '0');
            }
            if (clen >= 0 && clen != n)
                return PL_ERR_PARSE;
            clen = n;
        } else if (header_is(p, e, "transfer-encoding", &v, &ve)) {
            size_t n = (size_t)(ve - v);
            chunked = n >= 7 && strncasecmp(ve - 7, "chunked", 7) == 0;
            if (!chunked)
                return PL_ERR_PARSE; /* a coding this client cannot undo */
        }
    }

    if (chunked) {
        long used = dechunk(buf + hlen, end, body, body_cap, body_len);
        if (used == PL_ERR_INCOMPLETE && eof)
            return PL_ERR_PARSE;
        if (used < 0)
            return (int)used;
        return (int)(hlen + (size_t)used);
    }
    if (*status / 100 == 1 || *status == 204 || *status == 304)
        clen = 0;
    if (clen >= 0) {
        if ((size_t)clen >= body_cap)
            return PL_ERR_TOO_LARGE;
        if (len - hlen < (size_t)clen)
            return eof ? PL_ERR_PARSE : PL_ERR_INCOMPLETE;
        memcpy(body, buf + hlen, (size_t)clen);
        body[clen] = '\0';
        *body_len = (size_t)clen;
        return (int)(hlen + (size_t)clen);
    }
    if (len - hlen >= body_cap)
        return PL_ERR_TOO_LARGE;
    if (!eof)
        return PL_ERR_INCOMPLETE;
    memcpy(body, buf + hlen, len - hlen);
    body[len - hlen] = '\0';
    *body_len = len - hlen;
    return (int)len;
}

/* ------------------------------------------------- conversation id */

typedef struct id_ctx {
    int depth;
    int objects;
    int want;   /* the next depth-1 value is conversation_id's */
    int found;
    int err;
    char *out;
} id_ctx_t;

static int id_fail(id_ctx_t *c, int err)
{
    if (c->err == 0)
        c->err = err;
    return 0;
}

static int id_value(id_ctx_t *c, const char *s, size_t n, int is_string_or_int)
{
    if (c->depth == 0)
        return id_fail(c, PL_ERR_PARSE);
    if (c->depth != 1 || !c->want)
        return 1;
    c->want = 0;
    if (!is_string_or_int || n == 0 || n > LG_TUTOR_MAX_ID)
        return id_fail(c, PL_ERR_SCHEMA);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isalnum(ch) && ch != '.' && ch != '_' && ch != '~' && ch != '-')
            return id_fail(c, PL_ERR_SCHEMA);
    }
    memcpy(c->out, s, n);
    c->out[n] = '\0';
    c->found = 1;
    return 1;
}

static int id_null(void *ctx)
{
    return id_value(ctx, "", 0, 0);
}

static int id_boolean(void *ctx, int b)
{
    (void)b;
    return id_value(ctx, "", 0, 0);
}

static int id_number(void *ctx, const char *s, size_t n)
{
    int integer = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            integer = 0;
    return id_value(ctx, s, n, integer);
}

static int id_string(void *ctx, const unsigned char *s, size_t n)
{
    return id_value(ctx, (const char *)s, n, 1);
}

static int id_open(void *ctx, int is_map)
{
    id_ctx_t *c = ctx;
    if (c->depth == 0 && (!is_map || c->objects > 0))
        return id_fail(c, PL_ERR_PARSE);
    if (c->depth == 1 && c->want)
        return id_fail(c, PL_ERR_SCHEMA);
    if (c->depth >= LG_TUTOR_MAX_DEPTH)
        return id_fail(c, PL_ERR_TOO_LARGE);
    c->depth++;
    return 1;
}

static int id_start_map(void *ctx)
{
    return id_open(ctx, 1);
}

static int id_start_array(void *ctx)
{
    return id_open(ctx, 0);
}

static int id_key(void *ctx, const unsigned char *k, size_t n)
{
    id_ctx_t *c = ctx;
    if (c->depth == 1) {
        c->want = n == 15 && memcmp(k, "conversation_id", 15) == 0;
        if (c->want && c->found)
            return id_fail(c, PL_ERR_SCHEMA);
    }
    return 1;
}

static int id_close(void *ctx)
{
    id_ctx_t *c = ctx;
    if (--c->depth == 0)
        c->objects++;
    return 1;
}

static const yajl_callbacks id_callbacks = {
    id_null, id_boolean, NULL, NULL, id_number, id_string,
    id_start_map, id_key, id_close, id_start_array, id_close,
};

int lg_tutor_parse_conversation_id(const char *body, size_t len, char out[LG_TUTOR_MAX_ID + 1])
{
    id_ctx_t c;
    yajl_handle h;
    int rc = 0;

    memset(&c, 0, sizeof(c));
    c.out = out;
    out[0] = '\0';
    h = yajl_alloc(&id_callbacks, NULL, &c);
    if (h == NULL)
        return PL_ERR_NOMEM;
    if (yajl_parse(h, (const unsigned char *)body, len) != yajl_status_ok ||
        yajl_complete_parse(h) != yajl_status_ok)
        rc = c.err ? c.err : PL_ERR_PARSE;
    else if (c.objects != 1)
        rc = PL_ERR_PARSE;
    else if (!c.found)
        rc = PL_ERR_SCHEMA;
    yajl_free(h);
    if (rc != 0)
        out[0] = '\0';
    return rc;
}
