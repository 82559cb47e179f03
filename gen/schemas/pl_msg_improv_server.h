/* PARLEY-GEN schema improv_server.json -- DO NOT EDIT. Source: schemas/improv_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_improv_server.h - ImprovToday: server to client
 *
 * Seed 002 "ImprovToday" WebSocket: what the server sends on
 * ws://HOST/api/ws/conversations/{conversation_id}. Every message is an
 * envelope {type, conversation_id, timestamp, payload} whose "type" names its
 * type; Parley adds "seq".
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_improv_server_<def>_free() (or pl_msg_improv_server_free() for a
 * family message). Messages the program builds (init, set fields, serialize)
 * point at the program's own strings.
 */
#ifndef PL_MSG_IMPROV_SERVER_H
#define PL_MSG_IMPROV_SERVER_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_improv_server.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of improv_server_state_update_payload_current_state (0 means unset). */
typedef enum pl_msg_improv_server_state_update_payload_current_state {
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE__UNSET = 0,
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_server_state_update_payload_current_state_t;
#define PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_CURRENT_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_server_state_update_payload_current_state_t, indexed by value
 * ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_server_state_update_payload_current_state_names[8];

/** Values of improv_server_state_update_payload_previous_state (0 means unset). */
typedef enum pl_msg_improv_server_state_update_payload_previous_state {
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE__UNSET = 0,
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_server_state_update_payload_previous_state_t;
#define PL_MSG_IMPROV_SERVER_STATE_UPDATE_PAYLOAD_PREVIOUS_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_server_state_update_payload_previous_state_t, indexed by
 * value ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_server_state_update_payload_previous_state_names[8];

/** Values of improv_server_error_payload_from_state (0 means unset). */
typedef enum pl_msg_improv_server_error_payload_from_state {
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE__UNSET = 0,
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_server_error_payload_from_state_t;
#define PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_FROM_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_server_error_payload_from_state_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_server_error_payload_from_state_names[8];

/** Values of improv_server_error_payload_to_state (0 means unset). */
typedef enum pl_msg_improv_server_error_payload_to_state {
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE__UNSET = 0,
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_IDLE = 1, /* "idle" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_ERROR = 6, /* "error" */
    PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE_ENDED = 7, /* "ended" */
} pl_msg_improv_server_error_payload_to_state_t;
#define PL_MSG_IMPROV_SERVER_ERROR_PAYLOAD_TO_STATE__COUNT 7
/**
 * Wire names of pl_msg_improv_server_error_payload_to_state_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_server_error_payload_to_state_names[8];

/** Values of improv_server_connection_status_payload_status (0 means unset). */
typedef enum pl_msg_improv_server_connection_status_payload_status {
    PL_MSG_IMPROV_SERVER_CONNECTION_STATUS_PAYLOAD_STATUS__UNSET = 0,
    PL_MSG_IMPROV_SERVER_CONNECTION_STATUS_PAYLOAD_STATUS_CONNECTED = 1, /* "connected" */
    PL_MSG_IMPROV_SERVER_CONNECTION_STATUS_PAYLOAD_STATUS_DISCONNECTING = 2, /* "disconnecting" */
} pl_msg_improv_server_connection_status_payload_status_t;
#define PL_MSG_IMPROV_SERVER_CONNECTION_STATUS_PAYLOAD_STATUS__COUNT 2
/**
 * Wire names of pl_msg_improv_server_connection_status_payload_status_t, indexed by value
 * ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_improv_server_connection_status_payload_status_names[3];

typedef struct pl_msg_improv_server_state_update_payload pl_msg_improv_server_state_update_payload_t;
typedef struct pl_msg_improv_server_state_update pl_msg_improv_server_state_update_t;
typedef struct pl_msg_improv_server_transcript_update_payload pl_msg_improv_server_transcript_update_payload_t;
typedef struct pl_msg_improv_server_transcript_update pl_msg_improv_server_transcript_update_t;
typedef struct pl_msg_improv_server_ai_response_payload pl_msg_improv_server_ai_response_payload_t;
typedef struct pl_msg_improv_server_ai_response pl_msg_improv_server_ai_response_t;
typedef struct pl_msg_improv_server_speech_event_payload pl_msg_improv_server_speech_event_payload_t;
typedef struct pl_msg_improv_server_speech_event pl_msg_improv_server_speech_event_t;
typedef struct pl_msg_improv_server_error_payload pl_msg_improv_server_error_payload_t;
typedef struct pl_msg_improv_server_error pl_msg_improv_server_error_t;
typedef struct pl_msg_improv_server_connection_status_payload pl_msg_improv_server_connection_status_payload_t;
typedef struct pl_msg_improv_server_connection_status pl_msg_improv_server_connection_status_t;

/**
 * The state after the change, the state before it, and the speech activity flags.
 * (improv_server.state_update_payload)
 */
struct pl_msg_improv_server_state_update_payload {
    /**
     * The conversation's state now, e.g. "processing". (required; one of idle, listening,
     * processing, speaking, waiting_for_user, error, ended)
     */
    pl_msg_improv_server_state_update_payload_current_state_t current_state;
    /**
     * The state before this change; absent on the state_update a new connection gets with
     * the current state. (optional; one of idle, listening, processing, speaking,
     * waiting_for_user, error, ended)
     */
    bool has_previous_state;
    pl_msg_improv_server_state_update_payload_previous_state_t previous_state;
    /** True while speech input is being captured (the listening state). (required) */
    bool speech_recognition_active;
    /**
     * True while the AI's speech is being synthesized or played (the speaking state).
     * (required)
     */
    bool speech_synthesis_active;
};

/**
 * Conversation state changed. Sent on every transition of the conversation's state machine,
 * and once to each new connection with its current state. (improv_server.state_update)
 */
struct pl_msg_improv_server_state_update {
    /** Message type. (required; always "state_update") */
    /* type: no member, always "state_update" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the
     * seed). (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** The state_update fields. (required) */
    pl_msg_improv_server_state_update_payload_t payload;
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
 * Real-time transcript synchronization: the speech recognizer's interim and final text. The
 * server relays what one connection reports to the other connections of the conversation.
 * (improv_server.transcript_update_payload)
 */
struct pl_msg_improv_server_transcript_update_payload {
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
 * Real-time transcript synchronization: the transcript as a connection of this conversation
 * reported it (or as the test speech endpoint simulates it).
 * (improv_server.transcript_update)
 */
struct pl_msg_improv_server_transcript_update {
    /** Message type. (required; always "transcript_update") */
    /* type: no member, always "transcript_update" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the
     * seed). (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** The transcript_update fields. (required) */
    pl_msg_improv_server_transcript_update_payload_t payload;
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
 * The AI message and the feedback on the user's turn. (improv_server.ai_response_payload)
 */
struct pl_msg_improv_server_ai_response_payload {
    /** Id of the AI message (a UUID in the seed). (required; 1..128 characters) */
    pl_msg_str_t message_id;
    /**
     * The AI message text, e.g. "Hello! How can I help you today?". (required; 1..65536
     * characters)
     */
    pl_msg_str_t content;
    /**
     * URL of synthesized speech of content, or null when the client speaks content itself
     * (the seed sends null). (required; nullable; 1..2048 characters)
     */
    bool audio_url_is_null;
    pl_msg_str_t audio_url;
    /** Feedback on the user's turn, e.g. {"clarity": 85, "fluency": 90}. (required) */
    pl_msg_common_feedback_t feedback;
};

/**
 * AI message delivery: the answer to the user's turn, with speaking feedback on that turn.
 * (improv_server.ai_response)
 */
struct pl_msg_improv_server_ai_response {
    /** Message type. (required; always "ai_response") */
    /* type: no member, always "ai_response" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the
     * seed). (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** The ai_response fields. (required) */
    pl_msg_improv_server_ai_response_payload_t payload;
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
 * Speech coordination: what happened, with free-form details.
 * (improv_server.speech_event_payload)
 */
struct pl_msg_improv_server_speech_event_payload {
    /**
     * What happened. (required; common.speech_event_type; one of speech_start, speech_end,
     * synthesis_start, synthesis_end, barge_in)
     */
    pl_msg_common_speech_event_type_t event_type;
    /**
     * Free-form details, e.g. {"volume": 0.8}; kept as raw JSON and relayed verbatim.
     * (optional; free-form JSON object (compact text))
     */
    bool has_data;
    pl_msg_str_t data;
};

/**
 * Speech coordination: a speech event reported by another connection of the conversation,
 * or produced by the server (e.g. barge_in). (improv_server.speech_event)
 */
struct pl_msg_improv_server_speech_event {
    /** Message type. (required; always "speech_event") */
    /* type: no member, always "speech_event" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the
     * seed). (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** The speech_event fields. (required) */
    pl_msg_improv_server_speech_event_payload_t payload;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** What went wrong. (improv_server.error_payload) */
struct pl_msg_improv_server_error_payload {
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
    /**
     * Parley extension: with invalid_transition, the state the conversation was (and stays)
     * in. (optional; one of idle, listening, processing, speaking, waiting_for_user, error,
     * ended; Parley extension)
     */
    bool has_from_state;
    pl_msg_improv_server_error_payload_from_state_t from_state;
    /**
     * Parley extension: with invalid_transition, the state that was requested. (optional;
     * one of idle, listening, processing, speaking, waiting_for_user, error, ended; Parley
     * extension)
     */
    bool has_to_state;
    pl_msg_improv_server_error_payload_to_state_t to_state;
};

/**
 * Error handling: a message could not be processed, a transition was refused, or processing
 * failed (the conversation then moves to its error state with recovery options).
 * (improv_server.error)
 */
struct pl_msg_improv_server_error {
    /** Message type. (required; always "error") */
    /* type: no member, always "error" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the
     * seed). (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** The error fields. (required) */
    pl_msg_improv_server_error_payload_t payload;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** The connection's status. (improv_server.connection_status_payload) */
struct pl_msg_improv_server_connection_status_payload {
    /**
     * "connected": this connection is established; "disconnecting": the server is about to
     * close it (message says why). (required; one of connected, disconnecting)
     */
    pl_msg_improv_server_connection_status_payload_status_t status;
    /**
     * Connections open on this conversation, counting this one while it is open. (required;
     * >= 0; <= 1000000)
     */
    int64_t active_connections;
    /**
     * Human-readable detail, e.g. the reason for disconnecting. (optional; 1..1024
     * characters)
     */
    bool has_message;
    pl_msg_str_t message;
};

/**
 * Connection management: sent to a connection when it is established, and before the server
 * closes it. (improv_server.connection_status)
 */
struct pl_msg_improv_server_connection_status {
    /** Message type. (required; always "connection_status") */
    /* type: no member, always "connection_status" */
    /**
     * Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the
     * seed). (required; 1..128 characters)
     */
    pl_msg_str_t conversation_id;
    /**
     * When the server sent the message. (required; common.timestamp; at most 64 characters;
     * format date-time)
     */
    pl_msg_str_t timestamp;
    /** The connection_status fields. (required) */
    pl_msg_improv_server_connection_status_payload_t payload;
    /**
     * Parley extension: the per-conversation sequence number of this event. It only grows
     * within a conversation (gaps are normal: events addressed to other connections use
     * numbers too), so a client that reconnects can resume after the last seq it saw and
     * drop events it already has. (optional; >= 1; <= 9007199254740991; Parley extension)
     */
    bool has_seq;
    int64_t seq;
};

/** Descriptor of improv_server.state_update, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_state_update_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_state_update_init(pl_msg_improv_server_state_update_t *msg);
/**
 * Parses and validates a improv_server.state_update message. Returns it (owning its arena;
 * free with pl_msg_improv_server_state_update_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_state_update_t *pl_msg_improv_server_state_update_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_state_update_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_improv_server_state_update_free(pl_msg_improv_server_state_update_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_state_update_serialize(const pl_msg_improv_server_state_update_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.state_update_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_state_update_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_state_update_payload_init(pl_msg_improv_server_state_update_payload_t *msg);
/**
 * Parses and validates a improv_server.state_update_payload message. Returns it (owning its
 * arena; free with pl_msg_improv_server_state_update_payload_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_state_update_payload_t *pl_msg_improv_server_state_update_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_state_update_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_server_state_update_payload_free(pl_msg_improv_server_state_update_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_state_update_payload_serialize(const pl_msg_improv_server_state_update_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.transcript_update, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_transcript_update_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_transcript_update_init(pl_msg_improv_server_transcript_update_t *msg);
/**
 * Parses and validates a improv_server.transcript_update message. Returns it (owning its
 * arena; free with pl_msg_improv_server_transcript_update_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_transcript_update_t *pl_msg_improv_server_transcript_update_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_transcript_update_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_server_transcript_update_free(pl_msg_improv_server_transcript_update_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_transcript_update_serialize(const pl_msg_improv_server_transcript_update_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.transcript_update_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_transcript_update_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_transcript_update_payload_init(pl_msg_improv_server_transcript_update_payload_t *msg);
/**
 * Parses and validates a improv_server.transcript_update_payload message. Returns it
 * (owning its arena; free with pl_msg_improv_server_transcript_update_payload_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_transcript_update_payload_t *pl_msg_improv_server_transcript_update_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_transcript_update_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_server_transcript_update_payload_free(pl_msg_improv_server_transcript_update_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_transcript_update_payload_serialize(const pl_msg_improv_server_transcript_update_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.ai_response, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_ai_response_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_ai_response_init(pl_msg_improv_server_ai_response_t *msg);
/**
 * Parses and validates a improv_server.ai_response message. Returns it (owning its arena;
 * free with pl_msg_improv_server_ai_response_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_ai_response_t *pl_msg_improv_server_ai_response_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_ai_response_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_improv_server_ai_response_free(pl_msg_improv_server_ai_response_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_ai_response_serialize(const pl_msg_improv_server_ai_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.ai_response_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_ai_response_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_ai_response_payload_init(pl_msg_improv_server_ai_response_payload_t *msg);
/**
 * Parses and validates a improv_server.ai_response_payload message. Returns it (owning its
 * arena; free with pl_msg_improv_server_ai_response_payload_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_ai_response_payload_t *pl_msg_improv_server_ai_response_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_ai_response_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_server_ai_response_payload_free(pl_msg_improv_server_ai_response_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_ai_response_payload_serialize(const pl_msg_improv_server_ai_response_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.speech_event, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_speech_event_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_speech_event_init(pl_msg_improv_server_speech_event_t *msg);
/**
 * Parses and validates a improv_server.speech_event message. Returns it (owning its arena;
 * free with pl_msg_improv_server_speech_event_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_speech_event_t *pl_msg_improv_server_speech_event_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_speech_event_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_improv_server_speech_event_free(pl_msg_improv_server_speech_event_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_speech_event_serialize(const pl_msg_improv_server_speech_event_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.speech_event_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_speech_event_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_speech_event_payload_init(pl_msg_improv_server_speech_event_payload_t *msg);
/**
 * Parses and validates a improv_server.speech_event_payload message. Returns it (owning its
 * arena; free with pl_msg_improv_server_speech_event_payload_free()), or NULL with *err
 * filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_speech_event_payload_t *pl_msg_improv_server_speech_event_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_speech_event_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_server_speech_event_payload_free(pl_msg_improv_server_speech_event_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_speech_event_payload_serialize(const pl_msg_improv_server_speech_event_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.error, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_error_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_error_init(pl_msg_improv_server_error_t *msg);
/**
 * Parses and validates a improv_server.error message. Returns it (owning its arena; free
 * with pl_msg_improv_server_error_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_error_t *pl_msg_improv_server_error_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_error_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_improv_server_error_free(pl_msg_improv_server_error_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_error_serialize(const pl_msg_improv_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.error_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_error_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_error_payload_init(pl_msg_improv_server_error_payload_t *msg);
/**
 * Parses and validates a improv_server.error_payload message. Returns it (owning its arena;
 * free with pl_msg_improv_server_error_payload_free()), or NULL with *err filled when err
 * is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_error_payload_t *pl_msg_improv_server_error_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_error_payload_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_server_error_payload_free(pl_msg_improv_server_error_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_error_payload_serialize(const pl_msg_improv_server_error_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.connection_status, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_connection_status_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_connection_status_init(pl_msg_improv_server_connection_status_t *msg);
/**
 * Parses and validates a improv_server.connection_status message. Returns it (owning its
 * arena; free with pl_msg_improv_server_connection_status_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_connection_status_t *pl_msg_improv_server_connection_status_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_connection_status_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_improv_server_connection_status_free(pl_msg_improv_server_connection_status_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_connection_status_serialize(const pl_msg_improv_server_connection_status_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of improv_server.connection_status_payload, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_improv_server_connection_status_payload_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_improv_server_connection_status_payload_init(pl_msg_improv_server_connection_status_payload_t *msg);
/**
 * Parses and validates a improv_server.connection_status_payload message. Returns it
 * (owning its arena; free with pl_msg_improv_server_connection_status_payload_free()), or
 * NULL with *err filled when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA,
 * PL_ERR_TOO_LARGE, PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_improv_server_connection_status_payload_t *pl_msg_improv_server_connection_status_payload_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_improv_server_connection_status_payload_parse() with all its
 * strings (NULL is fine).
 */
void pl_msg_improv_server_connection_status_payload_free(pl_msg_improv_server_connection_status_payload_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_improv_server_connection_status_payload_serialize(const pl_msg_improv_server_connection_status_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of improv_server a pl_msg_improv_server_t holds (discriminator "type"). */
typedef enum pl_msg_improv_server_kind {
    PL_MSG_IMPROV_SERVER_KIND_UNKNOWN = 0,
    PL_MSG_IMPROV_SERVER_KIND_STATE_UPDATE = 1, /* "state_update" */
    PL_MSG_IMPROV_SERVER_KIND_TRANSCRIPT_UPDATE = 2, /* "transcript_update" */
    PL_MSG_IMPROV_SERVER_KIND_AI_RESPONSE = 3, /* "ai_response" */
    PL_MSG_IMPROV_SERVER_KIND_SPEECH_EVENT = 4, /* "speech_event" */
    PL_MSG_IMPROV_SERVER_KIND_ERROR = 5, /* "error" */
    PL_MSG_IMPROV_SERVER_KIND_CONNECTION_STATUS = 6, /* "connection_status" */
} pl_msg_improv_server_kind_t;

/** Any message of improv_server: kind says which union member is set. */
typedef struct pl_msg_improv_server {
    pl_msg_improv_server_kind_t kind;
    union {
        void *any;
        pl_msg_improv_server_state_update_t *state_update;
        pl_msg_improv_server_transcript_update_t *transcript_update;
        pl_msg_improv_server_ai_response_t *ai_response;
        pl_msg_improv_server_speech_event_t *speech_event;
        pl_msg_improv_server_error_t *error;
        pl_msg_improv_server_connection_status_t *connection_status;
    } u;
} pl_msg_improv_server_t;

/** The family descriptor of improv_server, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_improv_server_family;
/**
 * Parses any improv_server message: a prescan finds "type", then the member parses. Returns
 * 0 with *out set (free with pl_msg_improv_server_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_improv_server_parse(const char *json, size_t len, pl_msg_improv_server_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_improv_server_free(pl_msg_improv_server_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_improv_server_serialize(const pl_msg_improv_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_improv_server_kind_name(pl_msg_improv_server_kind_t kind);
/**
 * The kind whose discriminator value is s[0..len), or PL_MSG_IMPROV_SERVER_KIND_UNKNOWN.
 */
pl_msg_improv_server_kind_t pl_msg_improv_server_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
