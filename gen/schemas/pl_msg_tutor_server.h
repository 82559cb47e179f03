/* PARLEY-GEN schema tutor_server.json -- DO NOT EDIT. Source: schemas/tutor_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_tutor_server.h - AI tutor: server to client
 *
 * Seed 000 "AI Tutor WebSocket": what the server sends on ws://HOST/ai-
 * tutor/ws/{conversation_id}. Every message is a JSON object whose "mt" field
 * names its type. Parley adds "seq" to every event (resumable streams),
 * "recovered" to connected, "stopped" to stream_end and "code" to error, and
 * the title_updated event; all optional.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_tutor_server_<def>_free() (or pl_msg_tutor_server_free() for a family
 * message). Messages the program builds (init, set fields, serialize) point at
 * the program's own strings.
 */
#ifndef PL_MSG_TUTOR_SERVER_H
#define PL_MSG_TUTOR_SERVER_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_tutor_server.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_msg_tutor_server_connected pl_msg_tutor_server_connected_t;
typedef struct pl_msg_tutor_server_user_message_received pl_msg_tutor_server_user_message_received_t;
typedef struct pl_msg_tutor_server_typing_indicator pl_msg_tutor_server_typing_indicator_t;
typedef struct pl_msg_tutor_server_stop_typing_indicator pl_msg_tutor_server_stop_typing_indicator_t;
typedef struct pl_msg_tutor_server_stream_start pl_msg_tutor_server_stream_start_t;
typedef struct pl_msg_tutor_server_stream_chunk pl_msg_tutor_server_stream_chunk_t;
typedef struct pl_msg_tutor_server_stream_end pl_msg_tutor_server_stream_end_t;
typedef struct pl_msg_tutor_server_error pl_msg_tutor_server_error_t;
typedef struct pl_msg_tutor_server_title_updated pl_msg_tutor_server_title_updated_t;

/**
 * Sent first on every connection: the connection to the conversation is established.
 * (tutor_server.connected)
 */
struct pl_msg_tutor_server_connected {
    /** Message type. (required; always "connected") */
    /* mt: no member, always "connected" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** Greeting text, "Connected to AI Tutor". (required; 1..1024 characters) */
    pl_msg_str_t message;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: true when this connection took up a conversation after a dropped
     * connection and the events the client missed follow (each with its seq); false or
     * absent on a fresh connection. (optional; Parley extension)
     */
    bool has_recovered;
    bool recovered;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * Confirms a user_message: the server accepted and stored it. Every connection of the
 * conversation receives it (multi-user support per conversation).
 * (tutor_server.user_message_received)
 */
struct pl_msg_tutor_server_user_message_received {
    /** Message type. (required; always "user_message_received") */
    /* mt: no member, always "user_message_received" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** The user's message text, as received. (required; 1..32768 characters) */
    pl_msg_str_t message;
    /**
     * Id of the user who sent the message. The seed sends it as a JSON string ("123"); an
     * integer is accepted too and Parley echoes it back in the kind it arrived in.
     * (required; 1..128 characters)
     */
    pl_msg_id_t userId;
    /** The token of the user_message, when it had one. (optional; 1..128 characters) */
    bool has_token;
    pl_msg_str_t token;
    /**
     * When the server received the message. (required; common.timestamp; at most 64
     * characters; format date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** Start typing: the tutor is composing an answer. (tutor_server.typing_indicator) */
struct pl_msg_tutor_server_typing_indicator {
    /** Message type. (required; always "typing_indicator") */
    /* mt: no member, always "typing_indicator" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** True: the one typing is the tutor (the only case the seed shows). (required) */
    bool isBot;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * Stop typing: the tutor finished (or abandoned) its answer.
 * (tutor_server.stop_typing_indicator)
 */
struct pl_msg_tutor_server_stop_typing_indicator {
    /** Message type. (required; always "stop_typing_indicator") */
    /* mt: no member, always "stop_typing_indicator" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** True: the one who stopped typing is the tutor. (required) */
    bool isBot;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * Bot response streaming begins: stream_chunk messages with the same messageId follow, then
 * one stream_end. (tutor_server.stream_start)
 */
struct pl_msg_tutor_server_stream_start {
    /** Message type. (required; always "stream_start") */
    /* mt: no member, always "stream_start" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /**
     * Id of the answer being streamed, e.g. "ai_tutor_response_1705318200.123"; every chunk
     * and the end of this stream carry it. (required; 1..128 characters)
     */
    pl_msg_str_t messageId;
    /**
     * When the answer started. (required; common.timestamp; at most 64 characters; format
     * date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * The next piece of the answer; the client appends chunk to what it has shown.
 * (tutor_server.stream_chunk)
 */
struct pl_msg_tutor_server_stream_chunk {
    /** Message type. (required; always "stream_chunk") */
    /* mt: no member, always "stream_chunk" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** Id of the answer (as in its stream_start). (required; 1..128 characters) */
    pl_msg_str_t messageId;
    /**
     * The next piece of the answer text, e.g. "Of course! ". (required; 1..65536
     * characters)
     */
    pl_msg_str_t chunk;
    /**
     * When the server sent the chunk. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * Bot response complete: the whole answer text. The client replaces what it assembled from
 * the chunks with fullText. (tutor_server.stream_end)
 */
struct pl_msg_tutor_server_stream_end {
    /** Message type. (required; always "stream_end") */
    /* mt: no member, always "stream_end" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** Id of the answer (as in its stream_start). (required; 1..128 characters) */
    pl_msg_str_t messageId;
    /**
     * The complete answer: every chunk, concatenated. With stopped: the text streamed
     * before the stop (possibly empty). (required; at most 65536 characters)
     */
    pl_msg_str_t fullText;
    /** True: this is the final text of the answer (always true). (required) */
    bool isFinal;
    /**
     * Parley extension: true when a stop request cut the answer short; fullText then holds
     * what was streamed so far. (optional; Parley extension)
     */
    bool has_stopped;
    bool stopped;
    /**
     * When the answer ended. (required; common.timestamp; at most 64 characters; format
     * date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * Something went wrong (invalid JSON, a message breaking its schema, a processing error).
 * The connection stays open. (tutor_server.error)
 */
struct pl_msg_tutor_server_error {
    /** Message type. (required; always "error") */
    /* mt: no member, always "error" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". Absent when the error is about a frame that could not be
     * read, as in the seed's "Invalid JSON format". (optional; 1..128 characters)
     */
    bool has_conversationId;
    pl_msg_str_t conversationId;
    /**
     * Human-readable description, e.g. "Invalid JSON format" or "message: required".
     * (required; 1..1024 characters)
     */
    pl_msg_str_t error;
    /**
     * Parley extension: machine-readable error name. (optional; common.error_code; one of
     * invalid_json, invalid_message, invalid_transition, too_large, unsupported, not_found,
     * forbidden, rate_limited, busy, timeout, brain_error, store_error, internal_error;
     * Parley extension)
     */
    bool has_code;
    pl_msg_common_error_code_t code;
    /**
     * When the error happened. (required; common.timestamp; at most 64 characters; format
     * date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/**
 * Parley extension: the conversation got a title (auto-title generation after the first
 * exchange, or a rename). Sent to every connection of the conversation.
 * (tutor_server.title_updated)
 */
struct pl_msg_tutor_server_title_updated {
    /** Message type. (required; always "title_updated") */
    /* mt: no member, always "title_updated" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL), e.g.
     * "6507f1f77e1a2b3c4d5e6f7a". (required; 1..128 characters)
     */
    pl_msg_str_t conversationId;
    /** The new title, e.g. "Quadratic equations". (required; 1..256 characters) */
    pl_msg_str_t title;
    /**
     * When the title changed. (required; common.timestamp; at most 64 characters; format
     * date-time)
     */
    pl_msg_str_t timestamp;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** Descriptor of tutor_server.connected, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_connected_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_connected_init(pl_msg_tutor_server_connected_t *msg);
/**
 * Parses and validates a tutor_server.connected message. Returns it (owning its arena; free
 * with pl_msg_tutor_server_connected_free()), or NULL with *err filled when err is not
 * NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_connected_t *pl_msg_tutor_server_connected_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_connected_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_tutor_server_connected_free(pl_msg_tutor_server_connected_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_connected_serialize(const pl_msg_tutor_server_connected_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.user_message_received, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_user_message_received_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_user_message_received_init(pl_msg_tutor_server_user_message_received_t *msg);
/**
 * Parses and validates a tutor_server.user_message_received message. Returns it (owning its
 * arena; free with pl_msg_tutor_server_user_message_received_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_user_message_received_t *pl_msg_tutor_server_user_message_received_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_user_message_received_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_tutor_server_user_message_received_free(pl_msg_tutor_server_user_message_received_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_user_message_received_serialize(const pl_msg_tutor_server_user_message_received_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.typing_indicator, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_typing_indicator_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_typing_indicator_init(pl_msg_tutor_server_typing_indicator_t *msg);
/**
 * Parses and validates a tutor_server.typing_indicator message. Returns it (owning its
 * arena; free with pl_msg_tutor_server_typing_indicator_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_typing_indicator_t *pl_msg_tutor_server_typing_indicator_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_typing_indicator_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_tutor_server_typing_indicator_free(pl_msg_tutor_server_typing_indicator_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_typing_indicator_serialize(const pl_msg_tutor_server_typing_indicator_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.stop_typing_indicator, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_stop_typing_indicator_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_stop_typing_indicator_init(pl_msg_tutor_server_stop_typing_indicator_t *msg);
/**
 * Parses and validates a tutor_server.stop_typing_indicator message. Returns it (owning its
 * arena; free with pl_msg_tutor_server_stop_typing_indicator_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_stop_typing_indicator_t *pl_msg_tutor_server_stop_typing_indicator_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_stop_typing_indicator_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_tutor_server_stop_typing_indicator_free(pl_msg_tutor_server_stop_typing_indicator_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_stop_typing_indicator_serialize(const pl_msg_tutor_server_stop_typing_indicator_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.stream_start, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_stream_start_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_stream_start_init(pl_msg_tutor_server_stream_start_t *msg);
/**
 * Parses and validates a tutor_server.stream_start message. Returns it (owning its arena;
 * free with pl_msg_tutor_server_stream_start_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_stream_start_t *pl_msg_tutor_server_stream_start_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_stream_start_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_tutor_server_stream_start_free(pl_msg_tutor_server_stream_start_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_stream_start_serialize(const pl_msg_tutor_server_stream_start_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.stream_chunk, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_stream_chunk_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_stream_chunk_init(pl_msg_tutor_server_stream_chunk_t *msg);
/**
 * Parses and validates a tutor_server.stream_chunk message. Returns it (owning its arena;
 * free with pl_msg_tutor_server_stream_chunk_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_stream_chunk_t *pl_msg_tutor_server_stream_chunk_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_stream_chunk_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_tutor_server_stream_chunk_free(pl_msg_tutor_server_stream_chunk_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_stream_chunk_serialize(const pl_msg_tutor_server_stream_chunk_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.stream_end, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_stream_end_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_stream_end_init(pl_msg_tutor_server_stream_end_t *msg);
/**
 * Parses and validates a tutor_server.stream_end message. Returns it (owning its arena;
 * free with pl_msg_tutor_server_stream_end_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_stream_end_t *pl_msg_tutor_server_stream_end_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_stream_end_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_tutor_server_stream_end_free(pl_msg_tutor_server_stream_end_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_stream_end_serialize(const pl_msg_tutor_server_stream_end_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.error, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_error_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_error_init(pl_msg_tutor_server_error_t *msg);
/**
 * Parses and validates a tutor_server.error message. Returns it (owning its arena; free
 * with pl_msg_tutor_server_error_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_error_t *pl_msg_tutor_server_error_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_error_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_tutor_server_error_free(pl_msg_tutor_server_error_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_error_serialize(const pl_msg_tutor_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_server.title_updated, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_server_title_updated_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_server_title_updated_init(pl_msg_tutor_server_title_updated_t *msg);
/**
 * Parses and validates a tutor_server.title_updated message. Returns it (owning its arena;
 * free with pl_msg_tutor_server_title_updated_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_server_title_updated_t *pl_msg_tutor_server_title_updated_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_server_title_updated_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_tutor_server_title_updated_free(pl_msg_tutor_server_title_updated_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_server_title_updated_serialize(const pl_msg_tutor_server_title_updated_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of tutor_server a pl_msg_tutor_server_t holds (discriminator "mt"). */
typedef enum pl_msg_tutor_server_kind {
    PL_MSG_TUTOR_SERVER_KIND_UNKNOWN = 0,
    PL_MSG_TUTOR_SERVER_KIND_CONNECTED = 1, /* "connected" */
    PL_MSG_TUTOR_SERVER_KIND_USER_MESSAGE_RECEIVED = 2, /* "user_message_received" */
    PL_MSG_TUTOR_SERVER_KIND_TYPING_INDICATOR = 3, /* "typing_indicator" */
    PL_MSG_TUTOR_SERVER_KIND_STOP_TYPING_INDICATOR = 4, /* "stop_typing_indicator" */
    PL_MSG_TUTOR_SERVER_KIND_STREAM_START = 5, /* "stream_start" */
    PL_MSG_TUTOR_SERVER_KIND_STREAM_CHUNK = 6, /* "stream_chunk" */
    PL_MSG_TUTOR_SERVER_KIND_STREAM_END = 7, /* "stream_end" */
    PL_MSG_TUTOR_SERVER_KIND_ERROR = 8, /* "error" */
    PL_MSG_TUTOR_SERVER_KIND_TITLE_UPDATED = 9, /* "title_updated" */
} pl_msg_tutor_server_kind_t;

/** Any message of tutor_server: kind says which union member is set. */
typedef struct pl_msg_tutor_server {
    pl_msg_tutor_server_kind_t kind;
    union {
        void *any;
        pl_msg_tutor_server_connected_t *connected;
        pl_msg_tutor_server_user_message_received_t *user_message_received;
        pl_msg_tutor_server_typing_indicator_t *typing_indicator;
        pl_msg_tutor_server_stop_typing_indicator_t *stop_typing_indicator;
        pl_msg_tutor_server_stream_start_t *stream_start;
        pl_msg_tutor_server_stream_chunk_t *stream_chunk;
        pl_msg_tutor_server_stream_end_t *stream_end;
        pl_msg_tutor_server_error_t *error;
        pl_msg_tutor_server_title_updated_t *title_updated;
    } u;
} pl_msg_tutor_server_t;

/** The family descriptor of tutor_server, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_tutor_server_family;
/**
 * Parses any tutor_server message: a prescan finds "mt", then the member parses. Returns 0
 * with *out set (free with pl_msg_tutor_server_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "mt"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_tutor_server_parse(const char *json, size_t len, pl_msg_tutor_server_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_tutor_server_free(pl_msg_tutor_server_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_tutor_server_serialize(const pl_msg_tutor_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_tutor_server_kind_name(pl_msg_tutor_server_kind_t kind);
/** The kind whose discriminator value is s[0..len), or PL_MSG_TUTOR_SERVER_KIND_UNKNOWN. */
pl_msg_tutor_server_kind_t pl_msg_tutor_server_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
