/* PARLEY-GEN schema teach_server.json -- DO NOT EDIT. Source: schemas/teach_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_teach_server.h - Teaching agent: server to client
 *
 * Seed 001 "Interactive Teaching Agent": what the server sends on
 * ws://HOST/ws/{client_id}. Every message is a JSON object whose "type" field
 * names its type. The seed names the response message and says the server
 * "sends welcome message" on connect and handles errors; Parley defines the
 * welcome and error fields.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_teach_server_<def>_free() (or pl_msg_teach_server_free() for a family
 * message). Messages the program builds (init, set fields, serialize) point at
 * the program's own strings.
 */
#ifndef PL_MSG_TEACH_SERVER_H
#define PL_MSG_TEACH_SERVER_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_teach_server.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of teach_server_response_mode (0 means unset). */
typedef enum pl_msg_teach_server_response_mode {
    PL_MSG_TEACH_SERVER_RESPONSE_MODE__UNSET = 0,
    PL_MSG_TEACH_SERVER_RESPONSE_MODE_TEACHING = 1, /* "teaching" */
    PL_MSG_TEACH_SERVER_RESPONSE_MODE_ANSWERING = 2, /* "answering" */
    PL_MSG_TEACH_SERVER_RESPONSE_MODE_QUIZ = 3, /* "quiz" */
    PL_MSG_TEACH_SERVER_RESPONSE_MODE_IDLE = 4, /* "idle" */
} pl_msg_teach_server_response_mode_t;
#define PL_MSG_TEACH_SERVER_RESPONSE_MODE__COUNT 4
/**
 * Wire names of pl_msg_teach_server_response_mode_t, indexed by value ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_teach_server_response_mode_names[5];

typedef struct pl_msg_teach_server_welcome pl_msg_teach_server_welcome_t;
typedef struct pl_msg_teach_server_response pl_msg_teach_server_response_t;
typedef struct pl_msg_teach_server_error pl_msg_teach_server_error_t;

/**
 * Sent first on every connection, once the server has created the teaching agent for this
 * client. (teach_server.welcome)
 */
struct pl_msg_teach_server_welcome {
    /** Message type. (required; always "welcome") */
    /* type: no member, always "welcome" */
    /**
     * The {client_id} of the WebSocket URL, e.g. "user123". (required; 1..128 characters)
     */
    pl_msg_str_t client_id;
    /** Greeting text telling the user what they can ask. (required; 1..1024 characters) */
    pl_msg_str_t message;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
};

/**
 * The agent's answer to one message (a combined answer-then-resume text after a question
 * asked mid-lesson). (teach_server.response)
 */
struct pl_msg_teach_server_response {
    /** Message type. (required; always "response") */
    /* type: no member, always "response" */
    /** The agent response text. (required; 1..65536 characters) */
    pl_msg_str_t response;
    /**
     * What the agent is doing: "teaching" (walking through current_topic section by
     * section), "answering" (this response answers a specific question; the lesson resumes
     * when the learner says continue), "quiz" (asking or checking a check-your-
     * understanding question on current_topic) or "idle" (no lesson, e.g. a greeting, help,
     * or after stop). (required; one of teaching, answering, quiz, idle)
     */
    pl_msg_teach_server_response_mode_t mode;
    /**
     * The topic being taught, e.g. "Indus Valley"; null before any lesson started.
     * (required; nullable; at most 256 characters)
     */
    bool current_topic_is_null;
    pl_msg_str_t current_topic;
    /**
     * When the response was sent. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
};

/**
 * The message could not be processed (invalid JSON, a message breaking its schema, an agent
 * failure). The connection stays open. (teach_server.error)
 */
struct pl_msg_teach_server_error {
    /** Message type. (required; always "error") */
    /* type: no member, always "error" */
    /** Human-readable description. (required; 1..1024 characters) */
    pl_msg_str_t error;
    /**
     * Machine-readable error name. (required; common.error_code; one of invalid_json,
     * invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden,
     * rate_limited, busy, timeout, brain_error, store_error, internal_error)
     */
    pl_msg_common_error_code_t code;
    /**
     * When the error happened. (required; common.timestamp; at most 64 characters; format
     * date-time)
     */
    pl_msg_str_t timestamp;
};

/** Descriptor of teach_server.welcome, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_teach_server_welcome_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_teach_server_welcome_init(pl_msg_teach_server_welcome_t *msg);
/**
 * Parses and validates a teach_server.welcome message. Returns it (owning its arena; free
 * with pl_msg_teach_server_welcome_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_teach_server_welcome_t *pl_msg_teach_server_welcome_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_teach_server_welcome_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_teach_server_welcome_free(pl_msg_teach_server_welcome_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_teach_server_welcome_serialize(const pl_msg_teach_server_welcome_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of teach_server.response, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_teach_server_response_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_teach_server_response_init(pl_msg_teach_server_response_t *msg);
/**
 * Parses and validates a teach_server.response message. Returns it (owning its arena; free
 * with pl_msg_teach_server_response_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_teach_server_response_t *pl_msg_teach_server_response_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_teach_server_response_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_teach_server_response_free(pl_msg_teach_server_response_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_teach_server_response_serialize(const pl_msg_teach_server_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of teach_server.error, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_teach_server_error_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_teach_server_error_init(pl_msg_teach_server_error_t *msg);
/**
 * Parses and validates a teach_server.error message. Returns it (owning its arena; free
 * with pl_msg_teach_server_error_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_teach_server_error_t *pl_msg_teach_server_error_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_teach_server_error_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_teach_server_error_free(pl_msg_teach_server_error_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_teach_server_error_serialize(const pl_msg_teach_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of teach_server a pl_msg_teach_server_t holds (discriminator "type"). */
typedef enum pl_msg_teach_server_kind {
    PL_MSG_TEACH_SERVER_KIND_UNKNOWN = 0,
    PL_MSG_TEACH_SERVER_KIND_WELCOME = 1, /* "welcome" */
    PL_MSG_TEACH_SERVER_KIND_RESPONSE = 2, /* "response" */
    PL_MSG_TEACH_SERVER_KIND_ERROR = 3, /* "error" */
} pl_msg_teach_server_kind_t;

/** Any message of teach_server: kind says which union member is set. */
typedef struct pl_msg_teach_server {
    pl_msg_teach_server_kind_t kind;
    union {
        void *any;
        pl_msg_teach_server_welcome_t *welcome;
        pl_msg_teach_server_response_t *response;
        pl_msg_teach_server_error_t *error;
    } u;
} pl_msg_teach_server_t;

/** The family descriptor of teach_server, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_teach_server_family;
/**
 * Parses any teach_server message: a prescan finds "type", then the member parses. Returns
 * 0 with *out set (free with pl_msg_teach_server_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_teach_server_parse(const char *json, size_t len, pl_msg_teach_server_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_teach_server_free(pl_msg_teach_server_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_teach_server_serialize(const pl_msg_teach_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_teach_server_kind_name(pl_msg_teach_server_kind_t kind);
/** The kind whose discriminator value is s[0..len), or PL_MSG_TEACH_SERVER_KIND_UNKNOWN. */
pl_msg_teach_server_kind_t pl_msg_teach_server_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
