/* PARLEY-GEN schema improv_rest.json -- DO NOT EDIT. Source: schemas/improv_rest.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_improv_rest.h - ImprovToday: REST bodies
 *
 * Seed 002 REST request bodies (v2 conversation API, test endpoints, legacy
 * API) and the response bodies clients read fields of. Paths: POST
 * /api/v2/conversations, POST
 * /api/v2/conversations/{conversation_id}/messages, POST
 * /api/test/conversations, POST
 * /api/test/conversations/{conversation_id}/message, POST
 * /api/test/conversations/{conversation_id}/speech, POST /api/conversation
 * (legacy).
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_improv_rest_<def>_free(). Messages the program builds (init, set
 * fields, serialize) point at the program's own strings.
 */
#ifndef PL_MSG_IMPROV_REST_H
#define PL_MSG_IMPROV_REST_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_improv_rest.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of improv_rest_post_message_request_role (0 means unset). */
typedef enum pl_msg_improv_rest_post_message_request_role {
    PL_MSG_IMPROV_REST_POST_MESSAGE_REQUEST_ROLE__UNSET = 0,
    PL_MSG_IMPROV_REST_POST_MESSAGE_REQUEST_ROLE_USER = 1, /* "user" */
} pl_msg_improv_rest_post_message_request_role_t;
#define PL_MSG_IMPROV_REST_POST_MESSAGE_REQUEST_ROLE__COUNT 1
/**
 * Wire names of pl_msg_improv_rest_post_message_request_role_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_rest_post_message_request_role_names[2];

/** Values of improv_rest_post_message_response_state (0 means unset). */
typedef enum pl_msg_improv_rest_post_message_response_state {
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE__UNSET = 0,
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_rest_post_message_response_state_t;
#define PL_MSG_IMPROV_REST_POST_MESSAGE_RESPONSE_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_rest_post_message_response_state_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_rest_post_message_response_state_names[8];

/** Values of improv_rest_conversation_state (0 means unset). */
typedef enum pl_msg_improv_rest_conversation_state {
    PL_MSG_IMPROV_REST_CONVERSATION_STATE__UNSET = 0,
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_REST_CONVERSATION_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_rest_conversation_state_t;
#define PL_MSG_IMPROV_REST_CONVERSATION_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_rest_conversation_state_t, indexed by value ([0] is {NULL,
 * 0}).
 */
extern const pl_msg_str_t pl_msg_improv_rest_conversation_state_names[8];

typedef struct pl_msg_improv_rest_create_conversation_request pl_msg_improv_rest_create_conversation_request_t;
typedef struct pl_msg_improv_rest_post_message_request pl_msg_improv_rest_post_message_request_t;
typedef struct pl_msg_improv_rest_post_message_response pl_msg_improv_rest_post_message_response_t;
typedef struct pl_msg_improv_rest_conversation pl_msg_improv_rest_conversation_t;
typedef struct pl_msg_improv_rest_test_endpoints pl_msg_improv_rest_test_endpoints_t;
typedef struct pl_msg_improv_rest_create_conversation_response pl_msg_improv_rest_create_conversation_response_t;
typedef struct pl_msg_improv_rest_test_create_conversation_request pl_msg_improv_rest_test_create_conversation_request_t;
typedef struct pl_msg_improv_rest_test_message_request pl_msg_improv_rest_test_message_request_t;
typedef struct pl_msg_improv_rest_test_speech_request pl_msg_improv_rest_test_speech_request_t;
typedef struct pl_msg_improv_rest_legacy_conversation_request pl_msg_improv_rest_legacy_conversation_request_t;
typedef struct pl_msg_improv_rest_legacy_conversation_response pl_msg_improv_rest_legacy_conversation_response_t;

/**
 * Body of POST /api/v2/conversations: create a conversation with WebSocket support. Unknown
 * fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be
 * silently ignored. (improv_rest.create_conversation_request)
 */
struct pl_msg_improv_rest_create_conversation_request {
    /**
     * Personality of the AI conversation partner, e.g. "friendly_neutral". (required; 1..64
     * characters)
     */
    pl_msg_str_t personality;
    /** Kind of session, e.g. "daily". (optional; 1..64 characters) */
    bool has_session_type;
    pl_msg_str_t session_type;
};

/**
 * Body of POST /api/v2/conversations/{conversation_id}/messages: send a message and get the
 * AI response; WebSocket clients of the conversation see the same exchange in real time
 * (state_update, ai_response). Unknown fields are errors (an HTTP 400 naming the field): a
 * misspelt option would otherwise be silently ignored. (improv_rest.post_message_request)
 */
struct pl_msg_improv_rest_post_message_request {
    /** The message text, e.g. "Your message here". (required; 1..32768 characters) */
    pl_msg_str_t content;
    /**
     * Who wrote the message; only "user" messages can be posted. (optional; one of user)
     */
    bool has_role;
    pl_msg_improv_rest_post_message_request_role_t role;
};

/**
 * Response body of POST /api/v2/conversations/{conversation_id}/messages: the AI response
 * (as in the ai_response WebSocket message) and the state afterwards.
 * (improv_rest.post_message_response)
 */
struct pl_msg_improv_rest_post_message_response {
    /** Id of the AI message. (required; 1..128 characters) */
    pl_msg_str_t message_id;
    /** The AI message text. (required; 1..65536 characters) */
    pl_msg_str_t content;
    /**
     * URL of synthesized speech of content, or null. (required; nullable; 1..2048
     * characters)
     */
    bool audio_url_is_null;
    pl_msg_str_t audio_url;
    /** Feedback on the posted message. (required) */
    pl_msg_common_feedback_t feedback;
    /**
     * The conversation's state after the exchange. (required; one of idle, listening,
     * processing, speaking, waiting_for_user, error, ended)
     */
    pl_msg_improv_rest_post_message_response_state_t state;
};

/** A conversation as the create endpoints return it. (improv_rest.conversation) */
struct pl_msg_improv_rest_conversation {
    /** Id of the conversation (a UUID). (required; 1..128 characters) */
    pl_msg_str_t conversation_id;
    /**
     * Personality of the AI conversation partner, e.g. "friendly_neutral". (required; 1..64
     * characters)
     */
    pl_msg_str_t personality;
    /** Kind of session, e.g. "daily" or "test". (required; 1..64 characters) */
    pl_msg_str_t session_type;
    /** Topic of the conversation, when one was given. (optional; 1..256 characters) */
    bool has_topic;
    pl_msg_str_t topic;
    /**
     * The conversation's state (a new conversation is idle). (required; one of idle,
     * listening, processing, speaking, waiting_for_user, error, ended)
     */
    pl_msg_improv_rest_conversation_state_t state;
    /**
     * When the conversation was created. (required; common.timestamp; at most 64
     * characters; format date-time)
     */
    pl_msg_str_t created_at;
};

/** Paths of the test endpoints of a test conversation. (improv_rest.test_endpoints) */
struct pl_msg_improv_rest_test_endpoints {
    /**
     * POST here to send a test message (/api/test/conversations/{conversation_id}/message).
     * (required; 1..2048 characters)
     */
    pl_msg_str_t message;
    /**
     * POST here to simulate speech input
     * (/api/test/conversations/{conversation_id}/speech). (required; 1..2048 characters)
     */
    pl_msg_str_t speech;
    /**
     * GET here to run the state transition tests
     * (/api/test/conversations/{conversation_id}/state-transitions). (required; 1..2048
     * characters)
     */
    pl_msg_str_t state_transitions;
};

/**
 * Response body of POST /api/v2/conversations and POST /api/test/conversations (HTTP 201).
 * The seed's test client reads conversation.conversation_id.
 * (improv_rest.create_conversation_response)
 */
struct pl_msg_improv_rest_create_conversation_response {
    /** The new conversation. (required) */
    pl_msg_improv_rest_conversation_t conversation;
    /**
     * Path of the conversation's WebSocket endpoint,
     * /api/ws/conversations/{conversation_id} (the client knows the host it used).
     * (required; 1..2048 characters)
     */
    pl_msg_str_t websocket_path;
    /** Only from POST /api/test/conversations: its test endpoint paths. (optional) */
    bool has_test_endpoints;
    pl_msg_improv_rest_test_endpoints_t test_endpoints;
};

/**
 * Body of POST /api/test/conversations: create a conversation for testing. The seed's
 * browser test sends only personality. Unknown fields are errors (an HTTP 400 naming the
 * field): a misspelt option would otherwise be silently ignored.
 * (improv_rest.test_create_conversation_request)
 */
struct pl_msg_improv_rest_test_create_conversation_request {
    /**
     * Personality of the AI conversation partner, e.g. "friendly_neutral". (required; 1..64
     * characters)
     */
    pl_msg_str_t personality;
    /** Kind of session. (optional; 1..64 characters) */
    bool has_session_type;
    pl_msg_str_t session_type;
    /**
     * Topic of the test conversation, e.g. "testing websockets". (optional; 1..256
     * characters)
     */
    bool has_topic;
    pl_msg_str_t topic;
};

/**
 * Body of POST /api/test/conversations/{conversation_id}/message: send a test message
 * through the whole pipeline; WebSocket clients see the state updates and the ai_response.
 * Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would
 * otherwise be silently ignored. (improv_rest.test_message_request)
 */
struct pl_msg_improv_rest_test_message_request {
    /**
     * The message text, e.g. "Hello, how are you today?". (required; 1..32768 characters)
     */
    pl_msg_str_t content;
    /**
     * True: pause in the processing state before answering, so clients can observe it.
     * (optional)
     */
    bool has_simulate_processing_delay;
    bool simulate_processing_delay;
};

/**
 * Body of POST /api/test/conversations/{conversation_id}/speech: simulate speech input
 * (speech-to-text with interim results) as transcript_update events. Unknown fields are
 * errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently
 * ignored. (improv_rest.test_speech_request)
 */
struct pl_msg_improv_rest_test_speech_request {
    /**
     * The text the simulated user says, e.g. "Hello world". (required; 1..32768 characters)
     */
    pl_msg_str_t text;
    /**
     * True: send growing interim transcripts word by word before the final one; false: only
     * the final transcript. (optional)
     */
    bool has_simulate_interim_steps;
    bool simulate_interim_steps;
};

/**
 * Body of POST /api/conversation, the legacy request/response API that coexists with v2:
 * one user message in, the AI response out, no WebSocket needed. Without conversation_id it
 * starts a new conversation. Unknown fields are errors (an HTTP 400 naming the field): a
 * misspelt option would otherwise be silently ignored.
 * (improv_rest.legacy_conversation_request)
 */
struct pl_msg_improv_rest_legacy_conversation_request {
    /** The user message text. (required; 1..32768 characters) */
    pl_msg_str_t message;
    /**
     * Continue this conversation (from an earlier response); absent: start a new one.
     * (optional; 1..128 characters)
     */
    bool has_conversation_id;
    pl_msg_str_t conversation_id;
    /** Personality for a new conversation. (optional; 1..64 characters) */
    bool has_personality;
    pl_msg_str_t personality;
};

/** Response body of POST /api/conversation. (improv_rest.legacy_conversation_response) */
struct pl_msg_improv_rest_legacy_conversation_response {
    /**
     * Id of the conversation: send it with the next message. (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /** The AI response text. (required; 1..65536 characters) */
    pl_msg_str_t response;
    /** Feedback on the user message. (required) */
    pl_msg_common_feedback_t feedback;
};

/** Descriptor of improv_rest.create_conversation_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_create_conversation_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_create_conversation_request_init(pl_msg_improv_rest_create_conversation_request_t *msg);
/**
 * Parses and validates a improv_rest.create_conversation_request message. Returns it
 * (owning its arena; free with pl_msg_improv_rest_create_conversation_request_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_create_conversation_request_t *pl_msg_improv_rest_create_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_create_conversation_request_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_rest_create_conversation_request_free(pl_msg_improv_rest_create_conversation_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_create_conversation_request_serialize(const pl_msg_improv_rest_create_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.post_message_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_post_message_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_post_message_request_init(pl_msg_improv_rest_post_message_request_t *msg);
/**
 * Parses and validates a improv_rest.post_message_request message. Returns it (owning its
 * arena; free with pl_msg_improv_rest_post_message_request_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_post_message_request_t *pl_msg_improv_rest_post_message_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_post_message_request_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_rest_post_message_request_free(pl_msg_improv_rest_post_message_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_post_message_request_serialize(const pl_msg_improv_rest_post_message_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.post_message_response, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_post_message_response_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_post_message_response_init(pl_msg_improv_rest_post_message_response_t *msg);
/**
 * Parses and validates a improv_rest.post_message_response message. Returns it (owning its
 * arena; free with pl_msg_improv_rest_post_message_response_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_post_message_response_t *pl_msg_improv_rest_post_message_response_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_post_message_response_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_rest_post_message_response_free(pl_msg_improv_rest_post_message_response_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_post_message_response_serialize(const pl_msg_improv_rest_post_message_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.conversation, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_conversation_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_conversation_init(pl_msg_improv_rest_conversation_t *msg);
/**
 * Parses and validates a improv_rest.conversation message. Returns it (owning its arena;
 * free with pl_msg_improv_rest_conversation_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_conversation_t *pl_msg_improv_rest_conversation_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_conversation_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_improv_rest_conversation_free(pl_msg_improv_rest_conversation_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_conversation_serialize(const pl_msg_improv_rest_conversation_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.test_endpoints, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_test_endpoints_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_test_endpoints_init(pl_msg_improv_rest_test_endpoints_t *msg);
/**
 * Parses and validates a improv_rest.test_endpoints message. Returns it (owning its arena;
 * free with pl_msg_improv_rest_test_endpoints_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_test_endpoints_t *pl_msg_improv_rest_test_endpoints_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_test_endpoints_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_improv_rest_test_endpoints_free(pl_msg_improv_rest_test_endpoints_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_test_endpoints_serialize(const pl_msg_improv_rest_test_endpoints_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.create_conversation_response, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_create_conversation_response_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_create_conversation_response_init(pl_msg_improv_rest_create_conversation_response_t *msg);
/**
 * Parses and validates a improv_rest.create_conversation_response message. Returns it
 * (owning its arena; free with pl_msg_improv_rest_create_conversation_response_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_create_conversation_response_t *pl_msg_improv_rest_create_conversation_response_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_create_conversation_response_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_rest_create_conversation_response_free(pl_msg_improv_rest_create_conversation_response_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_create_conversation_response_serialize(const pl_msg_improv_rest_create_conversation_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/**
 * Descriptor of improv_rest.test_create_conversation_request, for the generic pl_msg_* API.
 */
extern const pl_msg_desc_t pl_msg_improv_rest_test_create_conversation_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_test_create_conversation_request_init(pl_msg_improv_rest_test_create_conversation_request_t *msg);
/**
 * Parses and validates a improv_rest.test_create_conversation_request message. Returns it
 * (owning its arena; free with pl_msg_improv_rest_test_create_conversation_request_free()),
 * or NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_test_create_conversation_request_t *pl_msg_improv_rest_test_create_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_test_create_conversation_request_parse() with all
 * its strings (NULL is fine).
 */
void pl_msg_improv_rest_test_create_conversation_request_free(pl_msg_improv_rest_test_create_conversation_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_test_create_conversation_request_serialize(const pl_msg_improv_rest_test_create_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.test_message_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_test_message_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_test_message_request_init(pl_msg_improv_rest_test_message_request_t *msg);
/**
 * Parses and validates a improv_rest.test_message_request message. Returns it (owning its
 * arena; free with pl_msg_improv_rest_test_message_request_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_test_message_request_t *pl_msg_improv_rest_test_message_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_test_message_request_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_rest_test_message_request_free(pl_msg_improv_rest_test_message_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_test_message_request_serialize(const pl_msg_improv_rest_test_message_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.test_speech_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_test_speech_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_test_speech_request_init(pl_msg_improv_rest_test_speech_request_t *msg);
/**
 * Parses and validates a improv_rest.test_speech_request message. Returns it (owning its
 * arena; free with pl_msg_improv_rest_test_speech_request_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_test_speech_request_t *pl_msg_improv_rest_test_speech_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_test_speech_request_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_rest_test_speech_request_free(pl_msg_improv_rest_test_speech_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_test_speech_request_serialize(const pl_msg_improv_rest_test_speech_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.legacy_conversation_request, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_legacy_conversation_request_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_legacy_conversation_request_init(pl_msg_improv_rest_legacy_conversation_request_t *msg);
/**
 * Parses and validates a improv_rest.legacy_conversation_request message. Returns it
 * (owning its arena; free with pl_msg_improv_rest_legacy_conversation_request_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_legacy_conversation_request_t *pl_msg_improv_rest_legacy_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_legacy_conversation_request_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_rest_legacy_conversation_request_free(pl_msg_improv_rest_legacy_conversation_request_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_legacy_conversation_request_serialize(const pl_msg_improv_rest_legacy_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_rest.legacy_conversation_response, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_rest_legacy_conversation_response_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_rest_legacy_conversation_response_init(pl_msg_improv_rest_legacy_conversation_response_t *msg);
/**
 * Parses and validates a improv_rest.legacy_conversation_response message. Returns it
 * (owning its arena; free with pl_msg_improv_rest_legacy_conversation_response_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_rest_legacy_conversation_response_t *pl_msg_improv_rest_legacy_conversation_response_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_rest_legacy_conversation_response_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_rest_legacy_conversation_response_free(pl_msg_improv_rest_legacy_conversation_response_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_rest_legacy_conversation_response_serialize(const pl_msg_improv_rest_legacy_conversation_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
