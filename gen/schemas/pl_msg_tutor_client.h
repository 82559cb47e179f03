/* PARLEY-GEN schema tutor_client.json -- DO NOT EDIT. Source: schemas/tutor_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_tutor_client.h - AI tutor: client to server
 *
 * Seed 000 "AI Tutor WebSocket": what a client sends on ws://HOST/ai-
 * tutor/ws/{conversation_id}. Every message is a JSON object whose "mt" field
 * names its type.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_tutor_client_<def>_free() (or pl_msg_tutor_client_free() for a family
 * message). Messages the program builds (init, set fields, serialize) point at
 * the program's own strings.
 */
#ifndef PL_MSG_TUTOR_CLIENT_H
#define PL_MSG_TUTOR_CLIENT_H

#include "parley/msg.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_tutor_client.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_msg_tutor_client_user_message pl_msg_tutor_client_user_message_t;
typedef struct pl_msg_tutor_client_stop pl_msg_tutor_client_stop_t;

/**
 * Send a user message to the tutor. The server confirms it with user_message_received,
 * shows the typing indicator, then streams the answer (stream_start, stream_chunk...,
 * stream_end) and stops the typing indicator. Unknown fields are skipped, not errors: the
 * seed's clients attach per-client context (timezone, languageCode) and other clients of
 * the same backend attach more. (tutor_client.user_message)
 */
struct pl_msg_tutor_client_user_message {
    /** Message type. (required; always "user_message") */
    /* mt: no member, always "user_message" */
    /** The user's message text. (required; 1..32768 characters) */
    pl_msg_str_t message;
    /**
     * Id of the user who sent the message. The seed sends it as a JSON string ("123"); an
     * integer is accepted too and Parley echoes it back in the kind it arrived in.
     * (required; 1..128 characters)
     */
    pl_msg_id_t userId;
    /**
     * Client-chosen token for this message (the seed uses "msg_" + Date.now()). Echoed in
     * user_message_received so the client can match the confirmation; a message re-sent
     * with the same token within 5 seconds is a duplicate and is dropped. (optional; 1..128
     * characters)
     */
    bool has_token;
    pl_msg_str_t token;
    /**
     * The user's IANA time zone, e.g. "Asia/Kolkata" (the seed sends
     * Intl.DateTimeFormat().resolvedOptions().timeZone); a hint for time-aware answers.
     * (optional; 1..64 characters)
     */
    bool has_timezone;
    pl_msg_str_t timezone;
    /**
     * Language of the conversation as a BCP 47 tag, e.g. "en". (optional; 1..35 characters)
     */
    bool has_languageCode;
    pl_msg_str_t languageCode;
};

/**
 * Parley extension: stop the answer being streamed. The server ends that stream with
 * stream_end (stopped: true, fullText: the text streamed so far) and stops the typing
 * indicator; with nothing streaming it does nothing. Unknown fields are errors: no seed
 * client sends this message, and a misspelt messageId must not silently stop another
 * answer. (tutor_client.stop)
 */
struct pl_msg_tutor_client_stop {
    /** Message type. (required; always "stop") */
    /* mt: no member, always "stop" */
    /**
     * Id of the answer to stop (the messageId of its stream_start). Absent: whatever answer
     * this conversation is streaming. (optional; 1..128 characters)
     */
    bool has_messageId;
    pl_msg_str_t messageId;
};

/** Descriptor of tutor_client.user_message, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_client_user_message_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_client_user_message_init(pl_msg_tutor_client_user_message_t *msg);
/**
 * Parses and validates a tutor_client.user_message message. Returns it (owning its arena;
 * free with pl_msg_tutor_client_user_message_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_client_user_message_t *pl_msg_tutor_client_user_message_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_client_user_message_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_tutor_client_user_message_free(pl_msg_tutor_client_user_message_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_client_user_message_serialize(const pl_msg_tutor_client_user_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_client.stop, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_client_stop_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_client_stop_init(pl_msg_tutor_client_stop_t *msg);
/**
 * Parses and validates a tutor_client.stop message. Returns it (owning its arena; free with
 * pl_msg_tutor_client_stop_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_client_stop_t *pl_msg_tutor_client_stop_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_client_stop_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_tutor_client_stop_free(pl_msg_tutor_client_stop_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_client_stop_serialize(const pl_msg_tutor_client_stop_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of tutor_client a pl_msg_tutor_client_t holds (discriminator "mt"). */
typedef enum pl_msg_tutor_client_kind {
    PL_MSG_TUTOR_CLIENT_KIND_UNKNOWN = 0,
    PL_MSG_TUTOR_CLIENT_KIND_USER_MESSAGE = 1, /* "user_message" */
    PL_MSG_TUTOR_CLIENT_KIND_STOP = 2, /* "stop" */
} pl_msg_tutor_client_kind_t;

/** Any message of tutor_client: kind says which union member is set. */
typedef struct pl_msg_tutor_client {
    pl_msg_tutor_client_kind_t kind;
    union {
        void *any;
        pl_msg_tutor_client_user_message_t *user_message;
        pl_msg_tutor_client_stop_t *stop;
    } u;
} pl_msg_tutor_client_t;

/** The family descriptor of tutor_client, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_tutor_client_family;
/**
 * Parses any tutor_client message: a prescan finds "mt", then the member parses. Returns 0
 * with *out set (free with pl_msg_tutor_client_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "mt"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_tutor_client_parse(const char *json, size_t len, pl_msg_tutor_client_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_tutor_client_free(pl_msg_tutor_client_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_tutor_client_serialize(const pl_msg_tutor_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_tutor_client_kind_name(pl_msg_tutor_client_kind_t kind);
/** The kind whose discriminator value is s[0..len), or PL_MSG_TUTOR_CLIENT_KIND_UNKNOWN. */
pl_msg_tutor_client_kind_t pl_msg_tutor_client_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
