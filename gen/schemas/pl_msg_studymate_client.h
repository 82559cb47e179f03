/* PARLEY-GEN schema studymate_client.json -- DO NOT EDIT. Source: schemas/studymate_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_studymate_client.h - StudyMate: client to server
 *
 * Seed 003 "StudyMate" real-time chat: what a client sends on
 * ws://HOST/ws/chat. Every message is {type, data} whose "type" names its
 * type. The first message is auth.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_studymate_client_<def>_free() (or pl_msg_studymate_client_free() for
 * a family message). Messages the program builds (init, set fields, serialize)
 * point at the program's own strings.
 */
#ifndef PL_MSG_STUDYMATE_CLIENT_H
#define PL_MSG_STUDYMATE_CLIENT_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_studymate_client.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of studymate_client_chat_message_role (0 means unset). */
typedef enum pl_msg_studymate_client_chat_message_role {
    PL_MSG_STUDYMATE_CLIENT_CHAT_MESSAGE_ROLE__UNSET = 0,
    PL_MSG_STUDYMATE_CLIENT_CHAT_MESSAGE_ROLE_USER = 1, /* "user" */
} pl_msg_studymate_client_chat_message_role_t;
#define PL_MSG_STUDYMATE_CLIENT_CHAT_MESSAGE_ROLE__COUNT 1
/**
 * Wire names of pl_msg_studymate_client_chat_message_role_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_studymate_client_chat_message_role_names[2];

typedef struct pl_msg_studymate_client_auth_data pl_msg_studymate_client_auth_data_t;
typedef struct pl_msg_studymate_client_auth pl_msg_studymate_client_auth_t;
typedef struct pl_msg_studymate_client_chat_message pl_msg_studymate_client_chat_message_t;
typedef struct pl_msg_studymate_client_message_data pl_msg_studymate_client_message_data_t;
typedef struct pl_msg_studymate_client_message pl_msg_studymate_client_message_t;
typedef struct pl_msg_studymate_client_typing_data pl_msg_studymate_client_typing_data_t;
typedef struct pl_msg_studymate_client_typing pl_msg_studymate_client_typing_t;
typedef struct pl_msg_studymate_client_load_messages_data pl_msg_studymate_client_load_messages_data_t;
typedef struct pl_msg_studymate_client_load_messages pl_msg_studymate_client_load_messages_t;
typedef struct pl_msg_studymate_client_stop_data pl_msg_studymate_client_stop_data_t;
typedef struct pl_msg_studymate_client_stop pl_msg_studymate_client_stop_t;

/** Who the user is and which chat they opened. (studymate_client.auth_data) */
struct pl_msg_studymate_client_auth_data {
    /**
     * Id of the authenticated user (user.id in the seed's client). (required; 1..128
     * characters)
     */
    pl_msg_str_t user_id;
    /**
     * The chat the client shows; absent on the new-chat page (the server creates a chat).
     * (optional; 1..128 characters)
     */
    bool has_chat_id;
    pl_msg_str_t chat_id;
};

/**
 * Authenticate the connection (sent on open) and select the chat to work in: chat_id names
 * one of the user's chats, no chat_id creates a new chat (announced with chat_created).
 * Sent again on the same connection (same user_id), it moves the connection to another
 * chat. Unknown fields are errors: the seed types every message exactly.
 * (studymate_client.auth)
 */
struct pl_msg_studymate_client_auth {
    /** Message type. (required; always "auth") */
    /* type: no member, always "auth" */
    /** The auth fields. (required) */
    pl_msg_studymate_client_auth_data_t data;
};

/**
 * A Message (seed 003 interface) as a client sends it: always the user's. Unknown fields
 * are skipped, not errors: clients send Message objects out of their UI state, which the
 * seed merges and spreads ({ ...msg, ...message }) and may decorate.
 * (studymate_client.chat_message)
 */
struct pl_msg_studymate_client_chat_message {
    /**
     * Client-chosen id of the message; the server echoes the message with this id, which
     * the seed's client uses to merge duplicates. (required; 1..128 characters)
     */
    pl_msg_str_t id;
    /** Who wrote the message; a client sends only "user". (required; one of user) */
    pl_msg_studymate_client_chat_message_role_t role;
    /** The message text. (required; 1..32768 characters) */
    pl_msg_str_t content;
    /**
     * When the user sent it (a JavaScript Date serializes as "2025-01-04T14:00:00.000Z").
     * (required; common.timestamp; at most 64 characters; format date-time)
     */
    pl_msg_str_t timestamp;
    /** Id of the chat the message belongs to. (optional; 1..128 characters) */
    bool has_chat_id;
    pl_msg_str_t chat_id;
};

/** The message and who sends it where. (studymate_client.message_data) */
struct pl_msg_studymate_client_message_data {
    /** The user's message. (required) */
    pl_msg_studymate_client_chat_message_t message;
    /**
     * Id of the authenticated user (user.id in the seed's client). (required; 1..128
     * characters)
     */
    pl_msg_str_t user_id;
    /**
     * Id of the chat; absent: the chat the connection is in (the one auth named, or created
     * and announced with chat_created). Another chat of the same user moves the connection
     * there. (optional; 1..128 characters)
     */
    bool has_chat_id;
    pl_msg_str_t chat_id;
};

/**
 * Send a chat message; the server echoes it as a message event, then streams the
 * assistant's answer (typing, message events with growing content, citations). Unknown
 * fields are errors: the seed types every message exactly. (studymate_client.message)
 */
struct pl_msg_studymate_client_message {
    /** Message type. (required; always "message") */
    /* type: no member, always "message" */
    /** The message fields. (required) */
    pl_msg_studymate_client_message_data_t data;
};

/** Whether the user is typing, in which chat. (studymate_client.typing_data) */
struct pl_msg_studymate_client_typing_data {
    /**
     * Id of the authenticated user (user.id in the seed's client). (required; 1..128
     * characters)
     */
    pl_msg_str_t user_id;
    /**
     * Id of the chat; absent: the chat the connection is in (the one auth named, or created
     * and announced with chat_created). (optional; 1..128 characters)
     */
    bool has_chat_id;
    pl_msg_str_t chat_id;
    /** True: typing started; false: typing stopped. (required) */
    bool is_typing;
};

/**
 * The user is typing (is_typing true, debounced: false after a second without input).
 * Unknown fields are errors: the seed types every message exactly.
 * (studymate_client.typing)
 */
struct pl_msg_studymate_client_typing {
    /** Message type. (required; always "typing") */
    /* type: no member, always "typing" */
    /** The typing fields. (required) */
    pl_msg_studymate_client_typing_data_t data;
};

/** Which chat's history to load, for whom. (studymate_client.load_messages_data) */
struct pl_msg_studymate_client_load_messages_data {
    /** Id of the chat. (required; 1..128 characters) */
    pl_msg_str_t chat_id;
    /**
     * Id of the authenticated user (user.id in the seed's client). (required; 1..128
     * characters)
     */
    pl_msg_str_t user_id;
};

/**
 * Load a chat's message history; answered by a messages event. Unknown fields are errors:
 * the seed types every message exactly. (studymate_client.load_messages)
 */
struct pl_msg_studymate_client_load_messages {
    /** Message type. (required; always "load_messages") */
    /* type: no member, always "load_messages" */
    /** The load_messages fields. (required) */
    pl_msg_studymate_client_load_messages_data_t data;
};

/** Parley extension: which answer to stop. (studymate_client.stop_data) */
struct pl_msg_studymate_client_stop_data {
    /**
     * Id of the authenticated user (user.id in the seed's client). (required; 1..128
     * characters)
     */
    pl_msg_str_t user_id;
    /**
     * The chat whose answer to stop; absent: the chat the connection authenticated with.
     * (optional; 1..128 characters)
     */
    bool has_chat_id;
    pl_msg_str_t chat_id;
    /**
     * Id of the assistant message to stop; absent: whatever answer is being generated in
     * the chat. (optional; 1..128 characters)
     */
    bool has_message_id;
    pl_msg_str_t message_id;
};

/**
 * Parley extension: stop the assistant answer being generated. The server sends the
 * answer's last message event with status "stopped" and typing false. Unknown fields are
 * errors: no seed client sends this. (studymate_client.stop)
 */
struct pl_msg_studymate_client_stop {
    /** Message type. (required; always "stop") */
    /* type: no member, always "stop" */
    /** The stop fields. (required; Parley extension) */
    pl_msg_studymate_client_stop_data_t data;
};

/** Descriptor of studymate_client.auth, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_auth_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_auth_init(pl_msg_studymate_client_auth_t *msg);
/**
 * Parses and validates a studymate_client.auth message. Returns it (owning its arena; free
 * with pl_msg_studymate_client_auth_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_auth_t *pl_msg_studymate_client_auth_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_auth_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_studymate_client_auth_free(pl_msg_studymate_client_auth_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_auth_serialize(const pl_msg_studymate_client_auth_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.auth_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_auth_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_auth_data_init(pl_msg_studymate_client_auth_data_t *msg);
/**
 * Parses and validates a studymate_client.auth_data message. Returns it (owning its arena;
 * free with pl_msg_studymate_client_auth_data_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_auth_data_t *pl_msg_studymate_client_auth_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_auth_data_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_studymate_client_auth_data_free(pl_msg_studymate_client_auth_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_auth_data_serialize(const pl_msg_studymate_client_auth_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.message, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_message_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_message_init(pl_msg_studymate_client_message_t *msg);
/**
 * Parses and validates a studymate_client.message message. Returns it (owning its arena;
 * free with pl_msg_studymate_client_message_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_message_t *pl_msg_studymate_client_message_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_message_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_studymate_client_message_free(pl_msg_studymate_client_message_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_message_serialize(const pl_msg_studymate_client_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.message_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_message_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_message_data_init(pl_msg_studymate_client_message_data_t *msg);
/**
 * Parses and validates a studymate_client.message_data message. Returns it (owning its
 * arena; free with pl_msg_studymate_client_message_data_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_message_data_t *pl_msg_studymate_client_message_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_message_data_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_client_message_data_free(pl_msg_studymate_client_message_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_message_data_serialize(const pl_msg_studymate_client_message_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.chat_message, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_chat_message_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_chat_message_init(pl_msg_studymate_client_chat_message_t *msg);
/**
 * Parses and validates a studymate_client.chat_message message. Returns it (owning its
 * arena; free with pl_msg_studymate_client_chat_message_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_chat_message_t *pl_msg_studymate_client_chat_message_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_chat_message_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_client_chat_message_free(pl_msg_studymate_client_chat_message_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_chat_message_serialize(const pl_msg_studymate_client_chat_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.typing, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_typing_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_typing_init(pl_msg_studymate_client_typing_t *msg);
/**
 * Parses and validates a studymate_client.typing message. Returns it (owning its arena;
 * free with pl_msg_studymate_client_typing_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_typing_t *pl_msg_studymate_client_typing_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_typing_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_studymate_client_typing_free(pl_msg_studymate_client_typing_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_typing_serialize(const pl_msg_studymate_client_typing_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.typing_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_typing_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_typing_data_init(pl_msg_studymate_client_typing_data_t *msg);
/**
 * Parses and validates a studymate_client.typing_data message. Returns it (owning its
 * arena; free with pl_msg_studymate_client_typing_data_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_typing_data_t *pl_msg_studymate_client_typing_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_typing_data_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_client_typing_data_free(pl_msg_studymate_client_typing_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_typing_data_serialize(const pl_msg_studymate_client_typing_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.load_messages, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_load_messages_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_load_messages_init(pl_msg_studymate_client_load_messages_t *msg);
/**
 * Parses and validates a studymate_client.load_messages message. Returns it (owning its
 * arena; free with pl_msg_studymate_client_load_messages_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_load_messages_t *pl_msg_studymate_client_load_messages_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_load_messages_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_studymate_client_load_messages_free(pl_msg_studymate_client_load_messages_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_load_messages_serialize(const pl_msg_studymate_client_load_messages_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.load_messages_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_load_messages_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_load_messages_data_init(pl_msg_studymate_client_load_messages_data_t *msg);
/**
 * Parses and validates a studymate_client.load_messages_data message. Returns it (owning
 * its arena; free with pl_msg_studymate_client_load_messages_data_free()), or NULL with
 * *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_load_messages_data_t *pl_msg_studymate_client_load_messages_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_load_messages_data_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_studymate_client_load_messages_data_free(pl_msg_studymate_client_load_messages_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_load_messages_data_serialize(const pl_msg_studymate_client_load_messages_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.stop, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_stop_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_stop_init(pl_msg_studymate_client_stop_t *msg);
/**
 * Parses and validates a studymate_client.stop message. Returns it (owning its arena; free
 * with pl_msg_studymate_client_stop_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_stop_t *pl_msg_studymate_client_stop_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_stop_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_studymate_client_stop_free(pl_msg_studymate_client_stop_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_stop_serialize(const pl_msg_studymate_client_stop_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of studymate_client.stop_data, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_studymate_client_stop_data_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_studymate_client_stop_data_init(pl_msg_studymate_client_stop_data_t *msg);
/**
 * Parses and validates a studymate_client.stop_data message. Returns it (owning its arena;
 * free with pl_msg_studymate_client_stop_data_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_studymate_client_stop_data_t *pl_msg_studymate_client_stop_data_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_studymate_client_stop_data_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_studymate_client_stop_data_free(pl_msg_studymate_client_stop_data_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_studymate_client_stop_data_serialize(const pl_msg_studymate_client_stop_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/**
 * Which message of studymate_client a pl_msg_studymate_client_t holds (discriminator
 * "type").
 */
typedef enum pl_msg_studymate_client_kind {
    PL_MSG_STUDYMATE_CLIENT_KIND_UNKNOWN = 0,
    PL_MSG_STUDYMATE_CLIENT_KIND_AUTH = 1, /* "auth" */
    PL_MSG_STUDYMATE_CLIENT_KIND_MESSAGE = 2, /* "message" */
    PL_MSG_STUDYMATE_CLIENT_KIND_TYPING = 3, /* "typing" */
    PL_MSG_STUDYMATE_CLIENT_KIND_LOAD_MESSAGES = 4, /* "load_messages" */
    PL_MSG_STUDYMATE_CLIENT_KIND_STOP = 5, /* "stop" */
} pl_msg_studymate_client_kind_t;

/** Any message of studymate_client: kind says which union member is set. */
typedef struct pl_msg_studymate_client {
    pl_msg_studymate_client_kind_t kind;
    union {
        void *any;
        pl_msg_studymate_client_auth_t *auth;
        pl_msg_studymate_client_message_t *message;
        pl_msg_studymate_client_typing_t *typing;
        pl_msg_studymate_client_load_messages_t *load_messages;
        pl_msg_studymate_client_stop_t *stop;
    } u;
} pl_msg_studymate_client_t;

/** The family descriptor of studymate_client, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_studymate_client_family;
/**
 * Parses any studymate_client message: a prescan finds "type", then the member parses.
 * Returns 0 with *out set (free with pl_msg_studymate_client_free()), or PL_ERR_PARSE,
 * PL_ERR_UTF8, PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_studymate_client_parse(const char *json, size_t len, pl_msg_studymate_client_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_studymate_client_free(pl_msg_studymate_client_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_studymate_client_serialize(const pl_msg_studymate_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_studymate_client_kind_name(pl_msg_studymate_client_kind_t kind);
/**
 * The kind whose discriminator value is s[0..len), or PL_MSG_STUDYMATE_CLIENT_KIND_UNKNOWN.
 */
pl_msg_studymate_client_kind_t pl_msg_studymate_client_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
