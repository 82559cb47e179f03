/* PARLEY-GEN schema audio_server.json -- DO NOT EDIT. Source: schemas/audio_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_audio_server.h - Audio session: server to client
 *
 * Seed 004 audio tutoring session on ws://HOST/session: the JSON control
 * messages the server sends as WebSocket text frames. The tutor's speech
 * travels as binary frames (raw PCM) between audio_start and audio_end. Every
 * control message is a JSON object whose "type" names its type.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_audio_server_<def>_free() (or pl_msg_audio_server_free() for a family
 * message). Messages the program builds (init, set fields, serialize) point at
 * the program's own strings.
 */
#ifndef PL_MSG_AUDIO_SERVER_H
#define PL_MSG_AUDIO_SERVER_H

#include "parley/msg.h"
#include "schemas/pl_msg_common.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_audio_server.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of audio_server_session_started_encoding (0 means unset). */
typedef enum pl_msg_audio_server_session_started_encoding {
    PL_MSG_AUDIO_SERVER_SESSION_STARTED_ENCODING__UNSET = 0,
    PL_MSG_AUDIO_SERVER_SESSION_STARTED_ENCODING_PCM_S16LE = 1, /* "pcm_s16le" */
} pl_msg_audio_server_session_started_encoding_t;
#define PL_MSG_AUDIO_SERVER_SESSION_STARTED_ENCODING__COUNT 1
/**
 * Wire names of pl_msg_audio_server_session_started_encoding_t, indexed by value ([0] is
 * {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_audio_server_session_started_encoding_names[2];

/** Values of audio_server_status_state (0 means unset). */
typedef enum pl_msg_audio_server_status_state {
    PL_MSG_AUDIO_SERVER_STATUS_STATE__UNSET = 0,
    PL_MSG_AUDIO_SERVER_STATUS_STATE_IDLE = 1, /* "idle" */
    PL_MSG_AUDIO_SERVER_STATUS_STATE_LISTENING = 2, /* "listening" */
    PL_MSG_AUDIO_SERVER_STATUS_STATE_PROCESSING = 3, /* "processing" */
    PL_MSG_AUDIO_SERVER_STATUS_STATE_SPEAKING = 4, /* "speaking" */
    PL_MSG_AUDIO_SERVER_STATUS_STATE_WAITING_FOR_USER = 5, /* "waiting_for_user" */
    PL_MSG_AUDIO_SERVER_STATUS_STATE_ERROR = 6, /* "error" */
    PL_MSG_AUDIO_SERVER_STATUS_STATE_ENDED = 7, /* "ended" */
} pl_msg_audio_server_status_state_t;
#define PL_MSG_AUDIO_SERVER_STATUS_STATE__COUNT 7
/**
 * Wire names of pl_msg_audio_server_status_state_t, indexed by value ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_audio_server_status_state_names[8];

/** Values of audio_server_audio_start_encoding (0 means unset). */
typedef enum pl_msg_audio_server_audio_start_encoding {
    PL_MSG_AUDIO_SERVER_AUDIO_START_ENCODING__UNSET = 0,
    PL_MSG_AUDIO_SERVER_AUDIO_START_ENCODING_PCM_S16LE = 1, /* "pcm_s16le" */
} pl_msg_audio_server_audio_start_encoding_t;
#define PL_MSG_AUDIO_SERVER_AUDIO_START_ENCODING__COUNT 1
/**
 * Wire names of pl_msg_audio_server_audio_start_encoding_t, indexed by value ([0] is {NULL,
 * 0}).
 */
extern const pl_msg_str_t pl_msg_audio_server_audio_start_encoding_names[2];

typedef struct pl_msg_audio_server_session_started pl_msg_audio_server_session_started_t;
typedef struct pl_msg_audio_server_status pl_msg_audio_server_status_t;
typedef struct pl_msg_audio_server_transcript pl_msg_audio_server_transcript_t;
typedef struct pl_msg_audio_server_response_text pl_msg_audio_server_response_text_t;
typedef struct pl_msg_audio_server_audio_start pl_msg_audio_server_audio_start_t;
typedef struct pl_msg_audio_server_audio_end pl_msg_audio_server_audio_end_t;
typedef struct pl_msg_audio_server_error pl_msg_audio_server_error_t;

/**
 * The session is ready: the server accepts microphone audio in this format.
 * (audio_server.session_started)
 */
struct pl_msg_audio_server_session_started {
    /** Message type. (required; always "session_started") */
    /* type: no member, always "session_started" */
    /**
     * Id of the session; send it in start to resume after a dropped connection. (required;
     * 1..128 characters)
     */
    pl_msg_str_t session_id;
    /**
     * Sample rate in Hz. Parley speaks the seed's format only: 24000. (required; >= 24000;
     * <= 24000)
     */
    int64_t sample_rate;
    /** Channel count: 1 (mono). (required; >= 1; <= 1) */
    int64_t channels;
    /**
     * Sample encoding: "pcm_s16le", signed 16-bit little-endian PCM. (required; one of
     * pcm_s16le)
     */
    pl_msg_audio_server_session_started_encoding_t encoding;
    /**
     * Largest binary audio frame the server accepts, in bytes (the seed's buffer size is
     * 8192). A whole number of samples. (required; >= 2; <= 1048576)
     */
    int64_t max_frame_bytes;
    /** True when start named an earlier session and it was restored. (optional) */
    bool has_resumed;
    bool resumed;
};

/**
 * Status update: the session's conversation state changed (listening to the user,
 * processing, speaking, waiting for the user, error, ended). (audio_server.status)
 */
struct pl_msg_audio_server_status {
    /** Message type. (required; always "status") */
    /* type: no member, always "status" */
    /**
     * The conversation state now, lowercase. (required; one of idle, listening, processing,
     * speaking, waiting_for_user, error, ended)
     */
    pl_msg_audio_server_status_state_t state;
    /** Human-readable detail. (optional; 1..1024 characters) */
    bool has_message;
    pl_msg_str_t message;
};

/**
 * What the tutor heard: the transcription of the user's speech. Interim transcripts replace
 * each other; the final one closes the user's part of the turn. (audio_server.transcript)
 */
struct pl_msg_audio_server_transcript {
    /** Message type. (required; always "transcript") */
    /* type: no member, always "transcript" */
    /**
     * Number of the exchange, from 1: the user's utterance and the tutor's answer to it
     * share one turn_id. (required; >= 1; <= 9007199254740991)
     */
    int64_t turn_id;
    /**
     * The whole transcription of the utterance so far (it replaces the previous interim
     * text). (required; at most 32768 characters)
     */
    pl_msg_str_t text;
    /** True: the utterance is complete and this text is final. (required) */
    bool is_final;
};

/**
 * Response text: the words the tutor is speaking, streamed alongside its audio. Pieces
 * append; the last piece of the turn has is_final. (audio_server.response_text)
 */
struct pl_msg_audio_server_response_text {
    /** Message type. (required; always "response_text") */
    /* type: no member, always "response_text" */
    /**
     * Number of the exchange, from 1: the user's utterance and the tutor's answer to it
     * share one turn_id. (required; >= 1; <= 9007199254740991)
     */
    int64_t turn_id;
    /**
     * The next piece of the tutor's answer (append it; may be empty on the final piece).
     * (required; at most 65536 characters)
     */
    pl_msg_str_t text;
    /** True: the answer text is complete. (required) */
    bool is_final;
};

/**
 * Audio start marker: the binary frames that follow, up to audio_end, are the tutor's
 * speech for this turn in this format. (audio_server.audio_start)
 */
struct pl_msg_audio_server_audio_start {
    /** Message type. (required; always "audio_start") */
    /* type: no member, always "audio_start" */
    /**
     * Number of the exchange, from 1: the user's utterance and the tutor's answer to it
     * share one turn_id. (required; >= 1; <= 9007199254740991)
     */
    int64_t turn_id;
    /**
     * Sample rate in Hz. Parley speaks the seed's format only: 24000. (required; >= 24000;
     * <= 24000)
     */
    int64_t sample_rate;
    /** Channel count: 1 (mono). (required; >= 1; <= 1) */
    int64_t channels;
    /**
     * Sample encoding: "pcm_s16le", signed 16-bit little-endian PCM. (required; one of
     * pcm_s16le)
     */
    pl_msg_audio_server_audio_start_encoding_t encoding;
};

/** Audio end marker: the tutor's speech for this turn is over. (audio_server.audio_end) */
struct pl_msg_audio_server_audio_end {
    /** Message type. (required; always "audio_end") */
    /* type: no member, always "audio_end" */
    /**
     * Number of the exchange, from 1: the user's utterance and the tutor's answer to it
     * share one turn_id. (required; >= 1; <= 9007199254740991)
     */
    int64_t turn_id;
    /**
     * True when the speech was cut short (the user spoke over the tutor, or the session
     * stopped); the client should drop audio it has buffered but not played. (required)
     */
    bool interrupted;
};

/**
 * Something went wrong. After a fatal error the server closes the session.
 * (audio_server.error)
 */
struct pl_msg_audio_server_error {
    /** Message type. (required; always "error") */
    /* type: no member, always "error" */
    /**
     * Machine-readable error name. (required; common.error_code; one of invalid_json,
     * invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden,
     * rate_limited, busy, timeout, brain_error, store_error, internal_error)
     */
    pl_msg_common_error_code_t error;
    /** Human-readable description. (required; 1..1024 characters) */
    pl_msg_str_t message;
    /**
     * True: the session is over and the connection closes; false: the session goes on.
     * (required)
     */
    bool fatal;
};

/** Descriptor of audio_server.session_started, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_session_started_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_session_started_init(pl_msg_audio_server_session_started_t *msg);
/**
 * Parses and validates a audio_server.session_started message. Returns it (owning its
 * arena; free with pl_msg_audio_server_session_started_free()), or NULL with *err filled
 * when err is not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE,
 * PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_session_started_t *pl_msg_audio_server_session_started_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_session_started_parse() with all its strings
 * (NULL is fine).
 */
void pl_msg_audio_server_session_started_free(pl_msg_audio_server_session_started_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_session_started_serialize(const pl_msg_audio_server_session_started_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_server.status, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_status_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_status_init(pl_msg_audio_server_status_t *msg);
/**
 * Parses and validates a audio_server.status message. Returns it (owning its arena; free
 * with pl_msg_audio_server_status_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_status_t *pl_msg_audio_server_status_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_status_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_audio_server_status_free(pl_msg_audio_server_status_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_status_serialize(const pl_msg_audio_server_status_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_server.transcript, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_transcript_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_transcript_init(pl_msg_audio_server_transcript_t *msg);
/**
 * Parses and validates a audio_server.transcript message. Returns it (owning its arena;
 * free with pl_msg_audio_server_transcript_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_transcript_t *pl_msg_audio_server_transcript_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_transcript_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_audio_server_transcript_free(pl_msg_audio_server_transcript_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_transcript_serialize(const pl_msg_audio_server_transcript_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_server.response_text, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_response_text_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_response_text_init(pl_msg_audio_server_response_text_t *msg);
/**
 * Parses and validates a audio_server.response_text message. Returns it (owning its arena;
 * free with pl_msg_audio_server_response_text_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_response_text_t *pl_msg_audio_server_response_text_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_response_text_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_audio_server_response_text_free(pl_msg_audio_server_response_text_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_response_text_serialize(const pl_msg_audio_server_response_text_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_server.audio_start, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_audio_start_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_audio_start_init(pl_msg_audio_server_audio_start_t *msg);
/**
 * Parses and validates a audio_server.audio_start message. Returns it (owning its arena;
 * free with pl_msg_audio_server_audio_start_free()), or NULL with *err filled when err is
 * not NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_audio_start_t *pl_msg_audio_server_audio_start_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_audio_start_parse() with all its strings (NULL
 * is fine).
 */
void pl_msg_audio_server_audio_start_free(pl_msg_audio_server_audio_start_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_audio_start_serialize(const pl_msg_audio_server_audio_start_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_server.audio_end, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_audio_end_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_audio_end_init(pl_msg_audio_server_audio_end_t *msg);
/**
 * Parses and validates a audio_server.audio_end message. Returns it (owning its arena; free
 * with pl_msg_audio_server_audio_end_free()), or NULL with *err filled when err is not
 * NULL: PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_audio_end_t *pl_msg_audio_server_audio_end_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_audio_end_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_audio_server_audio_end_free(pl_msg_audio_server_audio_end_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_audio_end_serialize(const pl_msg_audio_server_audio_end_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_server.error, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_server_error_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_server_error_init(pl_msg_audio_server_error_t *msg);
/**
 * Parses and validates a audio_server.error message. Returns it (owning its arena; free
 * with pl_msg_audio_server_error_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_server_error_t *pl_msg_audio_server_error_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_server_error_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_audio_server_error_free(pl_msg_audio_server_error_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_server_error_serialize(const pl_msg_audio_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of audio_server a pl_msg_audio_server_t holds (discriminator "type"). */
typedef enum pl_msg_audio_server_kind {
    PL_MSG_AUDIO_SERVER_KIND_UNKNOWN = 0,
    PL_MSG_AUDIO_SERVER_KIND_SESSION_STARTED = 1, /* "session_started" */
    PL_MSG_AUDIO_SERVER_KIND_STATUS = 2, /* "status" */
    PL_MSG_AUDIO_SERVER_KIND_TRANSCRIPT = 3, /* "transcript" */
    PL_MSG_AUDIO_SERVER_KIND_RESPONSE_TEXT = 4, /* "response_text" */
    PL_MSG_AUDIO_SERVER_KIND_AUDIO_START = 5, /* "audio_start" */
    PL_MSG_AUDIO_SERVER_KIND_AUDIO_END = 6, /* "audio_end" */
    PL_MSG_AUDIO_SERVER_KIND_ERROR = 7, /* "error" */
} pl_msg_audio_server_kind_t;

/** Any message of audio_server: kind says which union member is set. */
typedef struct pl_msg_audio_server {
    pl_msg_audio_server_kind_t kind;
    union {
        void *any;
        pl_msg_audio_server_session_started_t *session_started;
        pl_msg_audio_server_status_t *status;
        pl_msg_audio_server_transcript_t *transcript;
        pl_msg_audio_server_response_text_t *response_text;
        pl_msg_audio_server_audio_start_t *audio_start;
        pl_msg_audio_server_audio_end_t *audio_end;
        pl_msg_audio_server_error_t *error;
    } u;
} pl_msg_audio_server_t;

/** The family descriptor of audio_server, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_audio_server_family;
/**
 * Parses any audio_server message: a prescan finds "type", then the member parses. Returns
 * 0 with *out set (free with pl_msg_audio_server_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_audio_server_parse(const char *json, size_t len, pl_msg_audio_server_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_audio_server_free(pl_msg_audio_server_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_audio_server_serialize(const pl_msg_audio_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_audio_server_kind_name(pl_msg_audio_server_kind_t kind);
/** The kind whose discriminator value is s[0..len), or PL_MSG_AUDIO_SERVER_KIND_UNKNOWN. */
pl_msg_audio_server_kind_t pl_msg_audio_server_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
