/* PARLEY-GEN schema improv_client.json -- DO NOT EDIT. Source: schemas/improv_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_improv_client.h - ImprovToday: client to server
 *
 * Seed 002 "ImprovToday" WebSocket: what a client sends on
 * ws://HOST/api/ws/conversations/{conversation_id}. Every message is an
 * envelope {type, payload} (conversation_id and timestamp optional) whose
 * "type" names its type.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_improv_client_<def>_free() (or pl_msg_improv_client_free() for a
 * family message). Messages the program builds (init, set fields, serialize)
 * point at the program's own strings.
 */
#ifndef PL_MSG_IMPROV_CLIENT_H
#define PL_MSG_IMPROV_CLIENT_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_improv_client.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of improv_client_state_change_request_payload_state (0 means unset). */
typedef enum pl_msg_improv_client_state_change_request_payload_state {
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE__UNSET = 0,
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_client_state_change_request_payload_state_t;
#define PL_MSG_IMPROV_CLIENT_STATE_CHANGE_REQUEST_PAYLOAD_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_client_state_change_request_payload_state_t, indexed by value
 * ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_client_state_change_request_payload_state_names[8];

typedef struct pl_msg_improv_client_transcript_update_payload pl_msg_improv_client_transcript_update_payload_t;
typedef struct pl_msg_improv_client_transcript_update pl_msg_improv_client_transcript_update_t;
typedef struct pl_msg_improv_client_state_change_request_payload pl_msg_improv_client_state_change_request_payload_t;
typedef struct pl_msg_improv_client_state_change_request pl_msg_improv_client_state_change_request_t;
typedef struct pl_msg_improv_client_speech_event_payload pl_msg_improv_client_speech_event_payload_t;
typedef struct pl_msg_improv_client_speech_event pl_msg_improv_client_speech_event_t;

/**
 * Real-time transcript synchronization: the speech recognizer's interim and final text.
 * (improv_client.transcript_update_payload)
 */
struct pl_msg_improv_client_transcript_update_payload {
    /**
     * The recognizer's current interim (not yet final) text, e.g. "hello ho"; empty when
     * there is none. (required; at most 32768 characters)
     */
    pl_msg_str_t interim_transcript;
    /**
     * The text recognized as final so far, e.g. "hello how are you"; empty when there is
     * none. (required; at most 32768 characters)
     */
    pl_msg_str_t final_transcript;
    /** Recognizer confidence in the transcript, 0 to 1. (optional; >= 0; <= 1) */
    bool has_confidence;
    double confidence;
};

/**
 * Report the user's speech as recognized so far. The seed's client sends only type and
 * payload. Unknown fields are errors: the envelope has four fields and the payload offers
 * free-form slots (metadata, data) for anything else, so an unknown key is a client bug
 * worth reporting. (improv_client.transcript_update)
 */
struct pl_msg_improv_client_transcript_update {
    /** Message type. (required; always "transcript_update") */
    /* type: no member, always "transcript_update" */
    /**
     * Optional: the conversation this is for. The WebSocket URL already names it; when
     * present it must be the same. (optional; 1..128 characters)
     */
    bool has_conversation_id;
    pl_msg_str_t conversation_id;
    /**
     * Optional: when the client sent the message. (optional; common.timestamp; at most 64
     * characters; format date-time)
     */
    bool has_timestamp;
    pl_msg_str_t timestamp;
    /** The transcript_update fields. (required) */
    pl_msg_improv_client_transcript_update_payload_t payload;
};

/** Which state to move to, and why. (improv_client.state_change_request_payload) */
struct pl_msg_improv_client_state_change_request_payload {
    /**
     * The requested state, lowercase, e.g. "listening". (required; one of idle, listening,
     * processing, speaking, waiting_for_user, error, ended)
     */
    pl_msg_improv_client_state_change_request_payload_state_t state;
    /**
     * Free-form context, e.g. {"reason": "user_started_speaking"}; kept as raw JSON, never
     * interpreted. (optional; free-form JSON object (compact text))
     */
    bool has_metadata;
    pl_msg_str_t metadata;
};

/**
 * Ask the conversation to move to another state. Parley fires the state machine transition
 * that leads there; a state it cannot reach from the current one is refused with an error
 * (from_state, to_state) and nothing changes. The seed's client sends only type and
 * payload. Unknown fields are errors: the envelope has four fields and the payload offers
 * free-form slots (metadata, data) for anything else, so an unknown key is a client bug
 * worth reporting. (improv_client.state_change_request)
 */
struct pl_msg_improv_client_state_change_request {
    /** Message type. (required; always "state_change_request") */
    /* type: no member, always "state_change_request" */
    /**
     * Optional: the conversation this is for. The WebSocket URL already names it; when
     * present it must be the same. (optional; 1..128 characters)
     */
    bool has_conversation_id;
    pl_msg_str_t conversation_id;
    /**
     * Optional: when the client sent the message. (optional; common.timestamp; at most 64
     * characters; format date-time)
     */
    bool has_timestamp;
    pl_msg_str_t timestamp;
    /** The state_change_request fields. (required) */
    pl_msg_improv_client_state_change_request_payload_t payload;
};

/**
 * Speech coordination: what happened, with free-form details.
 * (improv_client.speech_event_payload)
 */
struct pl_msg_improv_client_speech_event_payload {
    /**
     * What happened. (required; common.speech_event_type; one of speech_start, speech_end,
     * synthesis_start, synthesis_end, barge_in)
     */
    pl_msg_common_speech_event_type_t event_type;
    /**
     * Free-form details, e.g. {"volume": 0.8}; kept as raw JSON and relayed verbatim to the
     * other connections of the conversation. (optional; free-form JSON object (compact
     * text))
     */
    bool has_data;
    pl_msg_str_t data;
};

/**
 * Report a speech event (the user started or stopped speaking, synthesized speech started
 * or finished playing, barge-in). The seed's client sends only type and payload. Unknown
 * fields are errors: the envelope has four fields and the payload offers free-form slots
 * (metadata, data) for anything else, so an unknown key is a client bug worth reporting.
 * (improv_client.speech_event)
 */
struct pl_msg_improv_client_speech_event {
    /** Message type. (required; always "speech_event") */
    /* type: no member, always "speech_event" */
    /**
     * Optional: the conversation this is for. The WebSocket URL already names it; when
     * present it must be the same. (optional; 1..128 characters)
     */
    bool has_conversation_id;
    pl_msg_str_t conversation_id;
    /**
     * Optional: when the client sent the message. (optional; common.timestamp; at most 64
     * characters; format date-time)
     */
    bool has_timestamp;
    pl_msg_str_t timestamp;
    /** The speech_event fields. (required) */
    pl_msg_improv_client_speech_event_payload_t payload;
};

/** Descriptor of improv_client.transcript_update, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_client_transcript_update_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_client_transcript_update_init(pl_msg_improv_client_transcript_update_t *msg);
/**
 * Parses and validates a improv_client.transcript_update message. Returns it (owning its
 * arena; free with pl_msg_improv_client_transcript_update_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_client_transcript_update_t *pl_msg_improv_client_transcript_update_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_client_transcript_update_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_client_transcript_update_free(pl_msg_improv_client_transcript_update_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_client_transcript_update_serialize(const pl_msg_improv_client_transcript_update_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_client.transcript_update_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_client_transcript_update_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_client_transcript_update_payload_init(pl_msg_improv_client_transcript_update_payload_t *msg);
/**
 * Parses and validates a improv_client.transcript_update_payload message. Returns it
 * (owning its arena; free with pl_msg_improv_client_transcript_update_payload_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_client_transcript_update_payload_t *pl_msg_improv_client_transcript_update_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_client_transcript_update_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_client_transcript_update_payload_free(pl_msg_improv_client_transcript_update_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_client_transcript_update_payload_serialize(const pl_msg_improv_client_transcript_update_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_client.state_change_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_client_state_change_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_client_state_change_request_init(pl_msg_improv_client_state_change_request_t *msg);
/**
 * Parses and validates a improv_client.state_change_request message. Returns it (owning its
 * arena; free with pl_msg_improv_client_state_change_request_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_client_state_change_request_t *pl_msg_improv_client_state_change_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_client_state_change_request_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_client_state_change_request_free(pl_msg_improv_client_state_change_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_client_state_change_request_serialize(const pl_msg_improv_client_state_change_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/**
 * Descriptor of improv_client.state_change_request_payload, for the generic pl_msg_* API.
 */
extern const pl_msg_desc_t pl_msg_improv_client_state_change_request_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_client_state_change_request_payload_init(pl_msg_improv_client_state_change_request_payload_t *msg);
/**
 * Parses and validates a improv_client.state_change_request_payload message. Returns it
 * (owning its arena; free with pl_msg_improv_client_state_change_request_payload_free()),
 * or NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_client_state_change_request_payload_t *pl_msg_improv_client_state_change_request_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_client_state_change_request_payload_parse() with all
 * its strings (NULL is fine).
 */
void pl_msg_improv_client_state_change_request_payload_free(pl_msg_improv_client_state_change_request_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_client_state_change_request_payload_serialize(const pl_msg_improv_client_state_change_request_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_client.speech_event, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_client_speech_event_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_client_speech_event_init(pl_msg_improv_client_speech_event_t *msg);
/**
 * Parses and validates a improv_client.speech_event message. Returns it (owning its arena;
 * free with pl_msg_improv_client_speech_event_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_client_speech_event_t *pl_msg_improv_client_speech_event_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_client_speech_event_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_improv_client_speech_event_free(pl_msg_improv_client_speech_event_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_client_speech_event_serialize(const pl_msg_improv_client_speech_event_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_client.speech_event_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_client_speech_event_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_client_speech_event_payload_init(pl_msg_improv_client_speech_event_payload_t *msg);
/**
 * Parses and validates a improv_client.speech_event_payload message. Returns it (owning its
 * arena; free with pl_msg_improv_client_speech_event_payload_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_client_speech_event_payload_t *pl_msg_improv_client_speech_event_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_client_speech_event_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_client_speech_event_payload_free(pl_msg_improv_client_speech_event_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_client_speech_event_payload_serialize(const pl_msg_improv_client_speech_event_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of improv_client a pl_msg_improv_client_t holds (discriminator "type"). */
typedef enum pl_msg_improv_client_kind {
    PL_MSG_IMPROV_CLIENT_KIND_UNKNOWN = 0,
    PL_MSG_IMPROV_CLIENT_KIND_TRANSCRIPT_UPDATE = 1, /* "transcript_update" */
    PL_MSG_IMPROV_CLIENT_KIND_STATE_CHANGE_REQUEST = 2, /* "state_change_request" */
    PL_MSG_IMPROV_CLIENT_KIND_SPEECH_EVENT = 3, /* "speech_event" */
} pl_msg_improv_client_kind_t;

/** Any message of improv_client: kind says which union member is set. */
typedef struct pl_msg_improv_client {
    pl_msg_improv_client_kind_t kind;
    union {
        void *any;
        pl_msg_improv_client_transcript_update_t *transcript_update;
        pl_msg_improv_client_state_change_request_t *state_change_request;
        pl_msg_improv_client_speech_event_t *speech_event;
    } u;
} pl_msg_improv_client_t;

/** The family descriptor of improv_client, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_improv_client_family;
/**
 * Parses any improv_client message: a prescan finds "type", then the member parses. Returns
 * 0 with *out set (free with pl_msg_improv_client_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_improv_client_parse(const char *json, size_t len, pl_msg_improv_client_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_improv_client_free(pl_msg_improv_client_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_improv_client_serialize(const pl_msg_improv_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_improv_client_kind_name(pl_msg_improv_client_kind_t kind);
/**
 * The kind whose discriminator value is s[0..len), or PL_MSG_IMPROV_CLIENT_KIND_UNKNOWN.
 */
pl_msg_improv_client_kind_t pl_msg_improv_client_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
