/* PARLEY-GEN schema studymate_server.json -- DO NOT EDIT. Source: schemas/studymate_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_studymate_server.h - StudyMate: server to client
 *
 * Seed 003 "StudyMate" real-time chat: what the server sends on
 * ws://HOST/ws/chat. Every message is {type, data} whose "type" names its
 * type; Parley adds "seq".
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_studymate_server_<def>_free() (or pl_msg_studymate_server_free() for
 * a family message). Messages the program builds (init, set fields, serialize)
 * point at the program's own strings.
 */
#ifndef PL_MSG_STUDYMATE_SERVER_H
#define PL_MSG_STUDYMATE_SERVER_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_studymate_server.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of studymate_server_message_data_status (0 means unset). */
typedef enum pl_msg_studymate_server_message_data_status {
    PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS__UNSET = 0,
    PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STREAMING = 1, /* "streaming" */
    PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_COMPLETE = 2, /* "complete" */
    PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_STOPPED = 3, /* "stopped" */
    PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS_FAILED = 4, /* "failed" */
} pl_msg_studymate_server_message_data_status_t;
#define PL_MSG_STUDYMATE_SERVER_MESSAGE_DATA_STATUS__COUNT 4
/**
 * Wire names of pl_msg_studymate_server_message_data_status_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_studymate_server_message_data_status_names[5];

/** Values of studymate_server_chat_message_role (0 means unset). */
typedef enum pl_msg_studymate_server_chat_message_role {
    PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE__UNSET = 0,
    PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_USER = 1, /* "user" */
    PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE_ASSISTANT = 2, /* "assistant" */
} pl_msg_studymate_server_chat_message_role_t;
#define PL_MSG_STUDYMATE_SERVER_CHAT_MESSAGE_ROLE__COUNT 2
/**
 * Wire names of pl_msg_studymate_server_chat_message_role_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_studymate_server_chat_message_role_names[3];

typedef struct pl_msg_studymate_server_chat_message pl_msg_studymate_server_chat_message_t;
typedef struct pl_msg_studymate_server_message_data pl_msg_studymate_server_message_data_t;
typedef struct pl_msg_studymate_server_message pl_msg_studymate_server_message_t;
typedef struct pl_msg_studymate_server_typing_data pl_msg_studymate_server_typing_data_t;
typedef struct pl_msg_studymate_server_typing pl_msg_studymate_server_typing_t;
typedef struct pl_msg_studymate_server_chat_created_data pl_msg_studymate_server_chat_created_data_t;
typedef struct pl_msg_studymate_server_chat_created pl_msg_studymate_server_chat_created_t;
typedef struct pl_msg_studymate_server_messages_data pl_msg_studymate_server_messages_data_t;
typedef struct pl_msg_studymate_server_messages pl_msg_studymate_server_messages_t;
typedef struct pl_msg_studymate_server_error_data pl_msg_studymate_server_error_data_t;
typedef struct pl_msg_studymate_server_error pl_msg_studymate_server_error_t;

/**
 * A Message (seed 003 interface) as the server sends it. (studymate_server.chat_message)
 */
struct pl_msg_studymate_server_chat_message {
    /**
     * Id of the message (the client's id for the echo of a user message). (required; 1..128
     * characters)
     */
    pl_msg_str_t id;
    /** Who wrote the message. (required; one of user, assistant) */
    pl_msg_studymate_server_chat_message_role_t role;
    /**
     * The message text; for an answer still streaming, the text so far (empty on its first
     * update). (required; at most 65536 characters)
     */
    pl_msg_str_t content;
    /**
     * Sources the answer draws on, best first; only on assistant messages. (optional; at
     * most 64 items)
     */
    bool has_citations;
    struct { size_t n; pl_msg_common_citation_t *items; } citations;
    /**
     * When the message was written. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** Id of the chat the message belongs to. (optional; 1..128 characters) */
    bool has_chat_id;
    pl_msg_str_t chat_id;
};

/**
 * The message, its chat, and (Parley extension) how far its generation got.
 * (studymate_server.message_data)
 */
struct pl_msg_studymate_server_message_data {
    /** The message. (required) */
    pl_msg_studymate_server_chat_message_t message;
    /** Id of the chat the message belongs to. (required; 1..128 characters) */
    pl_msg_str_t chat_id;
    /**
     * Parley extension, on assistant messages: "streaming" while the answer is being
     * generated (more updates with the same id follow), "complete" on its last update,
     * "stopped" when a stop request cut it short, "failed" when the answering backend
     * failed part way (an error event follows; the partial text is kept). (optional; one of
     * streaming, complete, stopped, failed; Parley extension)
     */
    bool has_status;
    pl_msg_studymate_server_message_data_status_t status;
};

/**
 * A chat message: the echo of the user's message, or the assistant's answer. An answer
 * being generated is sent again and again with the same id and growing content (the seed's
 * client merges messages by id), then a last time complete, with its citations.
 * (studymate_server.message)
 */
struct pl_msg_studymate_server_message {
    /** Message type. (required; always "message") */
    /* type: no member, always "message" */
    /** The message fields. (required) */
    pl_msg_studymate_server_message_data_t data;
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
 * Whether the assistant (or, with user_id, a user) is typing, in which chat.
 * (studymate_server.typing_data)
 */
struct pl_msg_studymate_server_typing_data {
    /** Id of the chat. (required; 1..128 characters) */
    pl_msg_str_t chat_id;
    /**
     * Parley extension: present when the typing is a user's, relayed from another
     * connection of the chat; absent when the assistant is typing. (optional; 1..128
     * characters; Parley extension)
     */
    bool has_user_id;
    pl_msg_str_t user_id;
    /** True: the assistant (or the user) is composing; false: it is done. (required) */
    bool is_typing;
};

/**
 * The AI is processing a response (is_typing true) or done (false); or, with data.user_id,
 * the user is typing on another connection of the chat (relayed, not stored).
 * (studymate_server.typing)
 */
struct pl_msg_studymate_server_typing {
    /** Message type. (required; always "typing") */
    /* type: no member, always "typing" */
    /** The typing fields. (required) */
    pl_msg_studymate_server_typing_data_t data;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** The new chat. (studymate_server.chat_created_data) */
struct pl_msg_studymate_server_chat_created_data {
    /**
     * Id of the new chat; the connection is now in it, and later messages should carry it.
     * (required; 1..128 characters)
     */
    pl_msg_str_t chat_id;
};

/**
 * A new chat was created because the connection authenticated without chat_id; sent to that
 * connection only, right after the chat is stored. The seed's client passes chat_id to
 * onChatCreated. (studymate_server.chat_created)
 */
struct pl_msg_studymate_server_chat_created {
    /** Message type. (required; always "chat_created") */
    /* type: no member, always "chat_created" */
    /** The chat_created fields. (required) */
    pl_msg_studymate_server_chat_created_data_t data;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** A chat and its messages. (studymate_server.messages_data) */
struct pl_msg_studymate_server_messages_data {
    /** Id of the chat. (required; 1..128 characters) */
    pl_msg_str_t chat_id;
    /**
     * The chat's messages, oldest first: the most recent 1000 when there are more, and
     * fewer when those would pass 1 MiB of JSON. (required; at most 1000 items)
     */
    struct { size_t n; pl_msg_studymate_server_chat_message_t *items; } messages;
};

/**
 * The history of a chat, oldest first: the answer to load_messages.
 * (studymate_server.messages)
 */
struct pl_msg_studymate_server_messages {
    /** Message type. (required; always "messages") */
    /* type: no member, always "messages" */
    /** The messages fields. (required) */
    pl_msg_studymate_server_messages_data_t data;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** What went wrong. (studymate_server.error_data) */
struct pl_msg_studymate_server_error_data {
    /**
     * Machine-readable error name. (required; common.error_code; one of invalid_json,
     * invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden,
     * rate_limited, busy, timeout, brain_error, store_error, internal_error)
     */
    pl_msg_common_error_code_t error;
    /**
     * Human-readable description, with the path of the offending field when a message broke
     * its schema. (required; 1..1024 characters)
     */
    pl_msg_str_t message;
    /** The chat concerned, when there is one. (optional; 1..128 characters) */
    bool has_chat_id;
    pl_msg_str_t chat_id;
};

/**
 * A message could not be processed (invalid message, unknown chat, not authenticated,
 * processing failure). The connection stays open. (studymate_server.error)
 */
struct pl_msg_studymate_server_error {
    /** Message type. (required; always "error") */
    /* type: no member, always "error" */
    /** The error fields. (required) */
    pl_msg_studymate_server_error_data_t data;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** Descriptor of studymate_server.message, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_message_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_message_init(pl_msg_studymate_server_message_t *msg);
/**
 * Parses and validates a studymate_server.message message. Returns it (owning its arena;
 * free with pl_msg_studymate_server_message_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_message_t *pl_msg_studymate_server_message_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_message_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_studymate_server_message_free(pl_msg_studymate_server_message_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_message_serialize(const pl_msg_studymate_server_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.message_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_message_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_message_data_init(pl_msg_studymate_server_message_data_t *msg);
/**
 * Parses and validates a studymate_server.message_data message. Returns it (owning its
 * arena; free with pl_msg_studymate_server_message_data_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_message_data_t *pl_msg_studymate_server_message_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_message_data_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_server_message_data_free(pl_msg_studymate_server_message_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_message_data_serialize(const pl_msg_studymate_server_message_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.chat_message, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_chat_message_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_chat_message_init(pl_msg_studymate_server_chat_message_t *msg);
/**
 * Parses and validates a studymate_server.chat_message message. Returns it (owning its
 * arena; free with pl_msg_studymate_server_chat_message_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_chat_message_t *pl_msg_studymate_server_chat_message_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_chat_message_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_server_chat_message_free(pl_msg_studymate_server_chat_message_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_chat_message_serialize(const pl_msg_studymate_server_chat_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.typing, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_typing_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_typing_init(pl_msg_studymate_server_typing_t *msg);
/**
 * Parses and validates a studymate_server.typing message. Returns it (owning its arena;
 * free with pl_msg_studymate_server_typing_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_typing_t *pl_msg_studymate_server_typing_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_typing_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_studymate_server_typing_free(pl_msg_studymate_server_typing_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_typing_serialize(const pl_msg_studymate_server_typing_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.typing_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_typing_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_typing_data_init(pl_msg_studymate_server_typing_data_t *msg);
/**
 * Parses and validates a studymate_server.typing_data message. Returns it (owning its
 * arena; free with pl_msg_studymate_server_typing_data_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_typing_data_t *pl_msg_studymate_server_typing_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_typing_data_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_server_typing_data_free(pl_msg_studymate_server_typing_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_typing_data_serialize(const pl_msg_studymate_server_typing_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.chat_created, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_chat_created_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_chat_created_init(pl_msg_studymate_server_chat_created_t *msg);
/**
 * Parses and validates a studymate_server.chat_created message. Returns it (owning its
 * arena; free with pl_msg_studymate_server_chat_created_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_chat_created_t *pl_msg_studymate_server_chat_created_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_chat_created_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_server_chat_created_free(pl_msg_studymate_server_chat_created_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_chat_created_serialize(const pl_msg_studymate_server_chat_created_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.chat_created_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_chat_created_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_chat_created_data_init(pl_msg_studymate_server_chat_created_data_t *msg);
/**
 * Parses and validates a studymate_server.chat_created_data message. Returns it (owning its
 * arena; free with pl_msg_studymate_server_chat_created_data_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_chat_created_data_t *pl_msg_studymate_server_chat_created_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_chat_created_data_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_studymate_server_chat_created_data_free(pl_msg_studymate_server_chat_created_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_chat_created_data_serialize(const pl_msg_studymate_server_chat_created_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.messages, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_messages_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_messages_init(pl_msg_studymate_server_messages_t *msg);
/**
 * Parses and validates a studymate_server.messages message. Returns it (owning its arena;
 * free with pl_msg_studymate_server_messages_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_messages_t *pl_msg_studymate_server_messages_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_messages_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_studymate_server_messages_free(pl_msg_studymate_server_messages_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_messages_serialize(const pl_msg_studymate_server_messages_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.messages_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_messages_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_messages_data_init(pl_msg_studymate_server_messages_data_t *msg);
/**
 * Parses and validates a studymate_server.messages_data message. Returns it (owning its
 * arena; free with pl_msg_studymate_server_messages_data_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_messages_data_t *pl_msg_studymate_server_messages_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_messages_data_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_server_messages_data_free(pl_msg_studymate_server_messages_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_messages_data_serialize(const pl_msg_studymate_server_messages_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.error, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_error_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_error_init(pl_msg_studymate_server_error_t *msg);
/**
 * Parses and validates a studymate_server.error message. Returns it (owning its arena; free
 * with pl_msg_studymate_server_error_free()), or NULL with *err filled when err is not
 * NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_error_t *pl_msg_studymate_server_error_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_error_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_studymate_server_error_free(pl_msg_studymate_server_error_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_error_serialize(const pl_msg_studymate_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_server.error_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_server_error_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_server_error_data_init(pl_msg_studymate_server_error_data_t *msg);
/**
 * Parses and validates a studymate_server.error_data message. Returns it (owning its arena;
 * free with pl_msg_studymate_server_error_data_free()), or NULL with *err filled when err
 * is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_server_error_data_t *pl_msg_studymate_server_error_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_server_error_data_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_server_error_data_free(pl_msg_studymate_server_error_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_server_error_data_serialize(const pl_msg_studymate_server_error_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/**
 * Which message of studymate_server a pl_msg_studymate_server_t holds (discriminator
 * "type").
 */
typedef enum pl_msg_studymate_server_kind {
    PL_MSG_STUDYMATE_SERVER_KIND_UNKNOWN = 0,
    PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE = 1, /* "message" */
    PL_MSG_STUDYMATE_SERVER_KIND_TYPING = 2, /* "typing" */
    PL_MSG_STUDYMATE_SERVER_KIND_CHAT_CREATED = 3, /* "chat_created" */
    PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES = 4, /* "messages" */
    PL_MSG_STUDYMATE_SERVER_KIND_ERROR = 5, /* "error" */
} pl_msg_studymate_server_kind_t;

/** Any message of studymate_server: kind says which union member is set. */
typedef struct pl_msg_studymate_server {
    pl_msg_studymate_server_kind_t kind;
    union {
        void *any;
        pl_msg_studymate_server_message_t *message;
        pl_msg_studymate_server_typing_t *typing;
        pl_msg_studymate_server_chat_created_t *chat_created;
        pl_msg_studymate_server_messages_t *messages;
        pl_msg_studymate_server_error_t *error;
    } u;
} pl_msg_studymate_server_t;

/** The family descriptor of studymate_server, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_studymate_server_family;
/**
 * Parses any studymate_server message: a prescan finds "type", then the member parses.
 * Returns 0 with *out set (free with pl_msg_studymate_server_free()), or PL_ERR_PARSE,
 * PL_ERR_UTF8, PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_studymate_server_parse(const char *json, size_t len, pl_msg_studymate_server_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_studymate_server_free(pl_msg_studymate_server_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_studymate_server_serialize(const pl_msg_studymate_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_studymate_server_kind_name(pl_msg_studymate_server_kind_t kind);
/**
 * The kind whose discriminator value is s[0..len), or PL_MSG_STUDYMATE_SERVER_KIND_UNKNOWN.
 */
pl_msg_studymate_server_kind_t pl_msg_studymate_server_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
