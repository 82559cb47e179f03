/* PARLEY-GEN schema tutor_rest.json -- DO NOT EDIT. Source: schemas/tutor_rest.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_tutor_rest.h - AI tutor: REST bodies
 *
 * Seed 000 REST bodies: POST /ai-tutor/conversations creates the conversation
 * a client then opens at ws://HOST/ai-tutor/ws/{conversation_id}.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_tutor_rest_<def>_free(). Messages the program builds (init, set
 * fields, serialize) point at the program's own strings.
 */
#ifndef PL_MSG_TUTOR_REST_H
#define PL_MSG_TUTOR_REST_H

#include "parley/msg.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_tutor_rest.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of tutor_rest_create_conversation_request_status (0 means unset). */
typedef enum pl_msg_tutor_rest_create_conversation_request_status {
    PL_MSG_TUTOR_REST_CREATE_CONVERSATION_REQUEST_STATUS__UNSET = 0,
    PL_MSG_TUTOR_REST_CREATE_CONVERSATION_REQUEST_STATUS_ACTIVE = 1, /* "active" */
} pl_msg_tutor_rest_create_conversation_request_status_t;
#define PL_MSG_TUTOR_REST_CREATE_CONVERSATION_REQUEST_STATUS__COUNT 1
/**
 * Wire names of pl_msg_tutor_rest_create_conversation_request_status_t, indexed by value
 * ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_tutor_rest_create_conversation_request_status_names[2];

typedef struct pl_msg_tutor_rest_create_conversation_request pl_msg_tutor_rest_create_conversation_request_t;
typedef struct pl_msg_tutor_rest_create_conversation_response pl_msg_tutor_rest_create_conversation_response_t;

/**
 * Body of POST /ai-tutor/conversations. Unknown fields are errors (the answer is an HTTP
 * 400 naming the field): the seed gives the complete body.
 * (tutor_rest.create_conversation_request)
 */
struct pl_msg_tutor_rest_create_conversation_request {
    /**
     * Id of the user who owns the conversation. The seed sends an integer (123) here while
     * its WebSocket messages send userId as a string ("123"); both kinds are accepted.
     * (required; 1..128 characters)
     */
    pl_msg_id_t user_id;
    /**
     * Title of the conversation; empty (the seed's "") means "generate one from the first
     * exchange" (see title_updated). (optional; at most 256 characters)
     */
    bool has_title;
    pl_msg_str_t title;
    /**
     * Initial status; "active" is the only one the seed defines. (optional; one of active)
     */
    bool has_status;
    pl_msg_tutor_rest_create_conversation_request_status_t status;
};

/**
 * Response body of POST /ai-tutor/conversations (HTTP 201).
 * (tutor_rest.create_conversation_response)
 */
struct pl_msg_tutor_rest_create_conversation_response {
    /**
     * Id of the new conversation: connect to /ai-tutor/ws/{conversation_id}. (required;
     * 1..128 characters)
     */
    pl_msg_str_t conversation_id;
};

/** Descriptor of tutor_rest.create_conversation_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_rest_create_conversation_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_rest_create_conversation_request_init(pl_msg_tutor_rest_create_conversation_request_t *msg);
/**
 * Parses and validates a tutor_rest.create_conversation_request message. Returns it (owning
 * its arena; free with pl_msg_tutor_rest_create_conversation_request_free()), or NULL with
 * *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_rest_create_conversation_request_t *pl_msg_tutor_rest_create_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_rest_create_conversation_request_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_tutor_rest_create_conversation_request_free(pl_msg_tutor_rest_create_conversation_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_rest_create_conversation_request_serialize(const pl_msg_tutor_rest_create_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of tutor_rest.create_conversation_response, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_tutor_rest_create_conversation_response_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_tutor_rest_create_conversation_response_init(pl_msg_tutor_rest_create_conversation_response_t *msg);
/**
 * Parses and validates a tutor_rest.create_conversation_response message. Returns it
 * (owning its arena; free with pl_msg_tutor_rest_create_conversation_response_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_tutor_rest_create_conversation_response_t *pl_msg_tutor_rest_create_conversation_response_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_tutor_rest_create_conversation_response_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_tutor_rest_create_conversation_response_free(pl_msg_tutor_rest_create_conversation_response_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_tutor_rest_create_conversation_response_serialize(const pl_msg_tutor_rest_create_conversation_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
