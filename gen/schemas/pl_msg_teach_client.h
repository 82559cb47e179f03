/* PARLEY-GEN schema teach_client.json -- DO NOT EDIT. Source: schemas/teach_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_teach_client.h - Teaching agent: client to server
 *
 * Seed 001 "Interactive Teaching Agent": what a client sends on
 * ws://HOST/ws/{client_id}. Every message is a JSON object whose "type" field
 * names its type.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_teach_client_<def>_free() (or pl_msg_teach_client_free() for a family
 * message). Messages the program builds (init, set fields, serialize) point at
 * the program's own strings.
 */
#ifndef PL_MSG_TEACH_CLIENT_H
#define PL_MSG_TEACH_CLIENT_H

#include "parley/msg.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_teach_client.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_msg_teach_client_message pl_msg_teach_client_message_t;

/**
 * A user message: a request to teach ("teach me about India"), to continue, or a specific
 * question, which the agent answers before resuming the lesson. Unknown fields are skipped,
 * not errors: the seed's server reads content only and its Python and demo clients are not
 * shown field by field. (teach_client.message)
 */
struct pl_msg_teach_client_message {
    /** Message type. (required; always "message") */
    /* type: no member, always "message" */
    /** The user message text. (required; 1..32768 characters) */
    pl_msg_str_t content;
};

/** Descriptor of teach_client.message, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_teach_client_message_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_teach_client_message_init(pl_msg_teach_client_message_t *msg);
/**
 * Parses and validates a teach_client.message message. Returns it (owning its arena; free
 * with pl_msg_teach_client_message_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_teach_client_message_t *pl_msg_teach_client_message_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_teach_client_message_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_teach_client_message_free(pl_msg_teach_client_message_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_teach_client_message_serialize(const pl_msg_teach_client_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of teach_client a pl_msg_teach_client_t holds (discriminator "type"). */
typedef enum pl_msg_teach_client_kind {
    PL_MSG_TEACH_CLIENT_KIND_UNKNOWN = 0,
    PL_MSG_TEACH_CLIENT_KIND_MESSAGE = 1, /* "message" */
} pl_msg_teach_client_kind_t;

/** Any message of teach_client: kind says which union member is set. */
typedef struct pl_msg_teach_client {
    pl_msg_teach_client_kind_t kind;
    union {
        void *any;
        pl_msg_teach_client_message_t *message;
    } u;
} pl_msg_teach_client_t;

/** The family descriptor of teach_client, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_teach_client_family;
/**
 * Parses any teach_client message: a prescan finds "type", then the member parses. Returns
 * 0 with *out set (free with pl_msg_teach_client_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_teach_client_parse(const char *json, size_t len, pl_msg_teach_client_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_teach_client_free(pl_msg_teach_client_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_teach_client_serialize(const pl_msg_teach_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_teach_client_kind_name(pl_msg_teach_client_kind_t kind);
/** The kind whose discriminator value is s[0..len), or PL_MSG_TEACH_CLIENT_KIND_UNKNOWN. */
pl_msg_teach_client_kind_t pl_msg_teach_client_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
