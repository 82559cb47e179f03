/*
 * tutor_proto.h - the seed 000 ("AI tutor") dialect as the load generator
 * sees it, with no I/O: the client's user_message and conversation-creation
 * request, a parser of the server's JSON events (yajl's event API, so
 * escaped strings come out decoded and no tree is built per message), the
 * check of one exchange against the order user_message_received,
 * typing_indicator, stream_start, stream_chunk x N, stream_end,
 * stop_typing_indicator, and a parser of the HTTP response that carries a
 * new conversation's id. Private to bench/.
 */
#ifndef PARLEY_BENCH_TUTOR_PROTO_H
#define PARLEY_BENCH_TUTOR_PROTO_H

#include <stddef.h>
#include <stdint.h>

/* Longest id (conversation, message, token) accepted, as in the schemas. */
#define LG_TUTOR_MAX_ID 128
/* Longest "mt" kept for reports; longer ones are unknown types. */
#define LG_TUTOR_MAX_MT 40
/* Cap on one text field of an event (chunk, fullText, error, message). */
#define LG_TUTOR_MAX_TEXT (1024u * 1024u)
/* Longest user text an exchange checks the confirmation against. */
#define LG_TUTOR_MAX_USER_TEXT 2048
/* Cap on the answer assembled from one stream's chunks. */
#define LG_TUTOR_MAX_ANSWER (1024u * 1024u)
/* Deepest JSON nesting accepted in an event. */
#define LG_TUTOR_MAX_DEPTH 32
/* Longest HTTP response head accepted, blank line included. */
#define LG_TUTOR_MAX_HTTP_HEAD 8192

/* The server message types of the dialect. */
typedef enum lg_tutor_mt {
    LG_TUTOR_MT_UNKNOWN = 0,
    LG_TUTOR_MT_CONNECTED,
    LG_TUTOR_MT_USER_MESSAGE_RECEIVED,
    LG_TUTOR_MT_TYPING_INDICATOR,
    LG_TUTOR_MT_STREAM_START,
    LG_TUTOR_MT_STREAM_CHUNK,
    LG_TUTOR_MT_STREAM_END,
    LG_TUTOR_MT_STOP_TYPING_INDICATOR,
    LG_TUTOR_MT_ERROR,
    LG_TUTOR_MT_TITLE_UPDATED,
} lg_tutor_mt_t;

/* A decoded string field; p is owned by the parser that filled it. */
typedef struct lg_tutor_text {
    char *p;    /* NUL-terminated when set */
    size_t len;
    size_t cap;
    int set;    /* the field was present */
} lg_tutor_text_t;

/* The fields of one server event the load generator checks. Every other
 * field (timestamp, seq, isBot, ...) is skipped whatever its value. */
typedef struct lg_tutor_event {
    lg_tutor_mt_t mt;
    char mt_name[LG_TUTOR_MAX_MT + 1]; /* "mt" as sent (truncated), for reports */
    char conversation_id[LG_TUTOR_MAX_ID + 1];
    char token[LG_TUTOR_MAX_ID + 1];
    char message_id[LG_TUTOR_MAX_ID + 1];
    int has_conversation_id, has_token, has_message_id;
    lg_tutor_text_t chunk, full_text, error, message;
    int is_final; /* -1 absent, else the boolean */
} lg_tutor_event_t;

/* Parser of server events; owns its yajl handle (reused from message to
 * message) and the event's text buffers. Release with lg_tutor_parser_free(). */
typedef struct lg_tutor_parser {
    void *yajl;       /* yajl_handle */
    lg_tutor_event_t ev;
    int depth;        /* current nesting, 0 outside the event object */
    int objects;      /* top-level objects completed in this message */
    size_t end;       /* offset just past the object's closing brace */
    int field;        /* which top-level field the next value belongs to */
    unsigned seen;    /* bit per known field, to refuse duplicates */
    int err;          /* error found by a callback */
} lg_tutor_parser_t;

/* What one event did to an exchange (lg_tutor_exchange_step). */
enum {
    LG_TUTOR_STEP_OK = 0,      /* expected; the exchange goes on */
    LG_TUTOR_STEP_IGNORED,     /* an event outside exchanges (title_updated) */
    LG_TUTOR_STEP_FIRST_CHUNK, /* the first stream_chunk */
    LG_TUTOR_STEP_END,         /* stream_end, checked against the chunks */
    LG_TUTOR_STEP_DONE,        /* stop_typing_indicator: the exchange is over */
};

/* Where an exchange is. */
typedef enum lg_tutor_xstate {
    LG_TUTOR_X_IDLE = 0, /* no exchange begun */
    LG_TUTOR_X_RECEIVED, /* waiting for user_message_received */
    LG_TUTOR_X_TYPING,   /* waiting for typing_indicator */
    LG_TUTOR_X_START,    /* waiting for stream_start */
    LG_TUTOR_X_CHUNKS,   /* stream_chunk... then stream_end */
    LG_TUTOR_X_STOP,     /* waiting for stop_typing_indicator */
} lg_tutor_xstate_t;

/* The check of one connection's exchanges, one at a time. Owns answer.
 * Release with lg_tutor_exchange_free(). */
typedef struct lg_tutor_exchange {
    lg_tutor_xstate_t state;
    char conversation_id[LG_TUTOR_MAX_ID + 1]; /* every event must name it */
    unsigned expect_chunks;                    /* 0: any number from 1 */
    char token[LG_TUTOR_MAX_ID + 1];           /* token of the exchange under way */
    char message[LG_TUTOR_MAX_USER_TEXT + 1];  /* its user text */
    int check_message;                         /* message is to be compared */
    char message_id[LG_TUTOR_MAX_ID + 1];      /* from its stream_start */
    char *answer;                              /* its chunks, concatenated */
    size_t answer_len, answer_cap;
    unsigned chunks;
    char why[200];                             /* reason for the last refusal */
} lg_tutor_exchange_t;

/** Maps an "mt" value to its type. Returns the type, LG_TUTOR_MT_UNKNOWN for any other. */
lg_tutor_mt_t lg_tutor_mt_from_name(const char *name, size_t len);

/** Name of a type ("stream_chunk"). Returns a static string. */
const char *lg_tutor_mt_name(lg_tutor_mt_t mt);

/** Prepares p. Returns 0 or PL_ERR_NOMEM. */
int lg_tutor_parser_init(lg_tutor_parser_t *p);

/** Frees what p owns; p may be initialised again. Returns nothing. */
void lg_tutor_parser_free(lg_tutor_parser_t *p);

/**
 * Parses one server message (a WebSocket text message) into p->ev, valid
 * until the next call. The message must be exactly one JSON object with a
 * string "mt"; conversationId, token and messageId must be strings of at
 * most LG_TUTOR_MAX_ID bytes, chunk, fullText, error and message strings of
 * at most LG_TUTOR_MAX_TEXT, isFinal a boolean, and none of these may repeat.
 * Returns 0, PL_ERR_PARSE (not one JSON object, or invalid UTF-8),
 * PL_ERR_SCHEMA (a field of the wrong type, missing mt, a repeated field, an
 * id too long), PL_ERR_TOO_LARGE (a text or the nesting past its cap),
 * PL_ERR_NOMEM.
 */
int lg_tutor_parse_event(lg_tutor_parser_t *p, const uint8_t *json, size_t len);

/** Prepares x for the exchanges of one conversation. Returns 0 or PL_ERR_TOO_LARGE (id too long). */
int lg_tutor_exchange_init(lg_tutor_exchange_t *x, const char *conversation_id,
                           unsigned expect_chunks);

/** Frees x's answer buffer. Returns nothing. */
void lg_tutor_exchange_free(lg_tutor_exchange_t *x);

/**
 * Starts the check of an exchange whose user_message carried token and the
 * text message (copied; NULL: the confirmation's text is not checked).
 * Returns 0 or PL_ERR_TOO_LARGE (token or text past its cap).
 */
int lg_tutor_exchange_begin(lg_tutor_exchange_t *x, const char *token, const char *message);

/**
 * Checks the next event of the connection against the exchange. After DONE
 * (and after any error) x is idle until the next begin. Returns an
 * LG_TUTOR_STEP_* value, PL_ERR_PROTOCOL for an event out of order (x->why
 * says which; an "error" event is one too), PL_ERR_SCHEMA for a field that
 * does not match (conversationId, token, message, messageId, isFinal,
 * fullText against the chunks, the chunk count), PL_ERR_TOO_LARGE for an
 * answer past LG_TUTOR_MAX_ANSWER, PL_ERR_NOMEM.
 */
int lg_tutor_exchange_step(lg_tutor_exchange_t *x, const lg_tutor_event_t *ev);

/**
 * Writes a user_message (mt, message, userId, token, timezone "UTC",
 * languageCode "en") into out, NUL-terminated. Returns its length, or
 * PL_ERR_TOO_LARGE when cap is too small.
 */
int lg_tutor_build_user_message(char *out, size_t cap, const char *message,
                                const char *user_id, const char *token);

/**
 * Writes the POST {prefix}/conversations request creating a conversation for
 * user_id (sent as a JSON integer when it is all digits, else a string),
 * with Connection: close, into out, NUL-terminated. Returns its length, or
 * PL_ERR_TOO_LARGE.
 */
int lg_tutor_build_create_request(char *out, size_t cap, const char *host, int port,
                                  const char *prefix, const char *user_id);

/**
 * Parses an HTTP/1.x response in buf: status line, headers, then a body
 * framed by Content-Length, by chunked transfer coding, or (with eof set) by
 * the end of the connection. The body is copied (de-chunked) into body.
 * Returns the bytes of the response, PL_ERR_INCOMPLETE when more are needed,
 * PL_ERR_PARSE when malformed, PL_ERR_TOO_LARGE when the head passes
 * LG_TUTOR_MAX_HTTP_HEAD or the body body_cap - 1.
 */
int lg_tutor_parse_http_response(const char *buf, size_t len, int eof, int *status,
                                 char *body, size_t body_cap, size_t *body_len);

/**
 * Extracts "conversation_id" from a creation response body: a JSON object
 * whose conversation_id is a string (or integer) of 1..LG_TUTOR_MAX_ID
 * characters from [A-Za-z0-9._~-], so it can go into a URL path as is.
 * Returns 0, PL_ERR_PARSE (not a JSON object), PL_ERR_SCHEMA (missing,
 * wrong type, empty, too long or unsafe characters), PL_ERR_NOMEM.
 */
int lg_tutor_parse_conversation_id(const char *body, size_t len, char out[LG_TUTOR_MAX_ID + 1]);

#endif
