/* PARLEY-GEN schema audio_client.json -- DO NOT EDIT. Source: schemas/audio_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_audio_client.h - Audio session: client to server
 *
 * Seed 004 audio tutoring session on ws://HOST/session: the JSON control
 * messages a client sends as WebSocket text frames. Microphone audio travels
 * as binary frames (raw PCM in the session's format, at most max_frame_bytes
 * each). Every control message is a JSON object whose "type" names its type.
 * Parley defines these messages; unknown fields are errors.
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_audio_client_<def>_free() (or pl_msg_audio_client_free() for a family
 * message). Messages the program builds (init, set fields, serialize) point at
 * the program's own strings.
 */
#ifndef PL_MSG_AUDIO_CLIENT_H
#define PL_MSG_AUDIO_CLIENT_H

#include "parley/msg.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_audio_client.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of audio_client_start_encoding (0 means unset). */
typedef enum pl_msg_audio_client_start_encoding {
    PL_MSG_AUDIO_CLIENT_START_ENCODING__UNSET = 0,
    PL_MSG_AUDIO_CLIENT_START_ENCODING_PCM_S16LE = 1, /* "pcm_s16le" */
} pl_msg_audio_client_start_encoding_t;
#define PL_MSG_AUDIO_CLIENT_START_ENCODING__COUNT 1
/**
 * Wire names of pl_msg_audio_client_start_encoding_t, indexed by value ([0] is {NULL, 0}).
 */
extern const pl_msg_str_t pl_msg_audio_client_start_encoding_names[2];

typedef struct pl_msg_audio_client_start pl_msg_audio_client_start_t;
typedef struct pl_msg_audio_client_stop pl_msg_audio_client_stop_t;

/**
 * Start (or resume) a tutoring session and declare the microphone audio format. Answered by
 * session_started. Audio frames sent before start begin a session in the default format.
 * (audio_client.start)
 */
struct pl_msg_audio_client_start {
    /** Message type. (required; always "start") */
    /* type: no member, always "start" */
    /**
     * Sample rate in Hz. Parley speaks the seed's format only: 24000. (optional; >= 24000;
     * <= 24000)
     */
    bool has_sample_rate;
    int64_t sample_rate;
    /** Channel count: 1 (mono). (optional; >= 1; <= 1) */
    bool has_channels;
    int64_t channels;
    /**
     * Sample encoding: "pcm_s16le", signed 16-bit little-endian PCM. (optional; one of
     * pcm_s16le)
     */
    bool has_encoding;
    pl_msg_audio_client_start_encoding_t encoding;
    /**
     * Resume this earlier session (the session_id of its session_started) after a dropped
     * connection; absent: start a new session. (optional; 1..128 characters)
     */
    bool has_session_id;
    pl_msg_str_t session_id;
};

/**
 * End the session: the server stops any answer, sends status "ended" and closes the
 * connection. (audio_client.stop)
 */
struct pl_msg_audio_client_stop {
    /** Message type. (required; always "stop") */
    /* type: no member, always "stop" */
};

/** Descriptor of audio_client.start, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_client_start_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_client_start_init(pl_msg_audio_client_start_t *msg);
/**
 * Parses and validates a audio_client.start message. Returns it (owning its arena; free
 * with pl_msg_audio_client_start_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_client_start_t *pl_msg_audio_client_start_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_client_start_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_audio_client_start_free(pl_msg_audio_client_start_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_client_start_serialize(const pl_msg_audio_client_start_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of audio_client.stop, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_audio_client_stop_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_audio_client_stop_init(pl_msg_audio_client_stop_t *msg);
/**
 * Parses and validates a audio_client.stop message. Returns it (owning its arena; free with
 * pl_msg_audio_client_stop_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_audio_client_stop_t *pl_msg_audio_client_stop_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_audio_client_stop_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_audio_client_stop_free(pl_msg_audio_client_stop_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_audio_client_stop_serialize(const pl_msg_audio_client_stop_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Which message of audio_client a pl_msg_audio_client_t holds (discriminator "type"). */
typedef enum pl_msg_audio_client_kind {
    PL_MSG_AUDIO_CLIENT_KIND_UNKNOWN = 0,
    PL_MSG_AUDIO_CLIENT_KIND_START = 1, /* "start" */
    PL_MSG_AUDIO_CLIENT_KIND_STOP = 2, /* "stop" */
} pl_msg_audio_client_kind_t;

/** Any message of audio_client: kind says which union member is set. */
typedef struct pl_msg_audio_client {
    pl_msg_audio_client_kind_t kind;
    union {
        void *any;
        pl_msg_audio_client_start_t *start;
        pl_msg_audio_client_stop_t *stop;
    } u;
} pl_msg_audio_client_t;

/** The family descriptor of audio_client, for the generic pl_msg_family_* API. */
extern const pl_msg_family_t pl_msg_audio_client_family;
/**
 * Parses any audio_client message: a prescan finds "type", then the member parses. Returns
 * 0 with *out set (free with pl_msg_audio_client_free()), or PL_ERR_PARSE, PL_ERR_UTF8,
 * PL_ERR_SCHEMA (including an unknown or missing "type"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.
 */
int pl_msg_audio_client_parse(const char *json, size_t len, pl_msg_audio_client_t *out, pl_msg_error_t *err);
/** Frees the message in *msg and resets it to UNKNOWN (NULL is fine). */
void pl_msg_audio_client_free(pl_msg_audio_client_t *msg);
/**
 * Serializes the message in *msg. Returns the codes of the member's _serialize(), or
 * PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.
 */
int pl_msg_audio_client_serialize(const pl_msg_audio_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err);
/** The discriminator value of kind (a static NUL-terminated string), or NULL. */
const char *pl_msg_audio_client_kind_name(pl_msg_audio_client_kind_t kind);
/** The kind whose discriminator value is s[0..len), or PL_MSG_AUDIO_CLIENT_KIND_UNKNOWN. */
pl_msg_audio_client_kind_t pl_msg_audio_client_kind_from_name(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
