/* PARLEY-GEN schema common.json -- DO NOT EDIT. Source: schemas/common.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_common.h - Shared definitions
 *
 * Definitions several dialects share: timestamps, error codes, speech event
 * kinds (seed 002), speech feedback (seed 002) and document citations (seed
 * 003). Other files refer to them as "common.json#/$defs/<name>".
 *
 * Typed messages over the runtime in parley/msg.h. A parsed message owns one
 * arena: strings point into the message's arena and live until
 * pl_msg_common_<def>_free(). Messages the program builds (init, set fields,
 * serialize) point at the program's own strings.
 */
#ifndef PL_MSG_COMMON_H
#define PL_MSG_COMMON_H

#include "parley/msg.h"

#if PL_MSG_RUNTIME_VERSION != 1
#error "schemas/pl_msg_common.h was generated for msg runtime version 1: run make regen"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Values of common_error_code (0 means unset). */
typedef enum pl_msg_common_error_code {
    PL_MSG_COMMON_ERROR_CODE__UNSET = 0,
    PL_MSG_COMMON_ERROR_CODE_INVALID_JSON = 1, /* "invalid_json" */
    PL_MSG_COMMON_ERROR_CODE_INVALID_MESSAGE = 2, /* "invalid_message" */
    PL_MSG_COMMON_ERROR_CODE_INVALID_TRANSITION = 3, /* "invalid_transition" */
    PL_MSG_COMMON_ERROR_CODE_TOO_LARGE = 4, /* "too_large" */
    PL_MSG_COMMON_ERROR_CODE_UNSUPPORTED = 5, /* "unsupported" */
    PL_MSG_COMMON_ERROR_CODE_NOT_FOUND = 6, /* "not_found" */
    PL_MSG_COMMON_ERROR_CODE_FORBIDDEN = 7, /* "forbidden" */
    PL_MSG_COMMON_ERROR_CODE_RATE_LIMITED = 8, /* "rate_limited" */
    PL_MSG_COMMON_ERROR_CODE_BUSY = 9, /* "busy" */
    PL_MSG_COMMON_ERROR_CODE_TIMEOUT = 10, /* "timeout" */
    PL_MSG_COMMON_ERROR_CODE_BRAIN_ERROR = 11, /* "brain_error" */
    PL_MSG_COMMON_ERROR_CODE_STORE_ERROR = 12, /* "store_error" */
    PL_MSG_COMMON_ERROR_CODE_INTERNAL_ERROR = 13, /* "internal_error" */
} pl_msg_common_error_code_t;
#define PL_MSG_COMMON_ERROR_CODE__COUNT 13
/** Wire names of pl_msg_common_error_code_t, indexed by value ([0] is {NULL, 0}). */
extern const pl_msg_str_t pl_msg_common_error_code_names[14];

/** Values of common_speech_event_type (0 means unset). */
typedef enum pl_msg_common_speech_event_type {
    PL_MSG_COMMON_SPEECH_EVENT_TYPE__UNSET = 0,
    PL_MSG_COMMON_SPEECH_EVENT_TYPE_SPEECH_START = 1, /* "speech_start" */
    PL_MSG_COMMON_SPEECH_EVENT_TYPE_SPEECH_END = 2, /* "speech_end" */
    PL_MSG_COMMON_SPEECH_EVENT_TYPE_SYNTHESIS_START = 3, /* "synthesis_start" */
    PL_MSG_COMMON_SPEECH_EVENT_TYPE_SYNTHESIS_END = 4, /* "synthesis_end" */
    PL_MSG_COMMON_SPEECH_EVENT_TYPE_BARGE_IN = 5, /* "barge_in" */
} pl_msg_common_speech_event_type_t;
#define PL_MSG_COMMON_SPEECH_EVENT_TYPE__COUNT 5
/** Wire names of pl_msg_common_speech_event_type_t, indexed by value ([0] is {NULL, 0}). */
extern const pl_msg_str_t pl_msg_common_speech_event_type_names[6];

typedef struct pl_msg_common_feedback pl_msg_common_feedback_t;
typedef struct pl_msg_common_filler_word pl_msg_common_filler_word_t;
typedef struct pl_msg_common_citation pl_msg_common_citation_t;

/**
 * Speaking feedback on the user's last turn (seed 002 ai_response), scores 0 to 100 (higher
 * is better). Parley may add details, each optional and marked as an extension.
 * (common.feedback)
 */
struct pl_msg_common_feedback {
    /**
     * How clear and understandable the user's speech was, 0 to 100. (required; >= 0; <=
     * 100)
     */
    int64_t clarity;
    /**
     * How fluent (even, unhesitating) the user's speech was, 0 to 100. (required; >= 0; <=
     * 100)
     */
    int64_t fluency;
    /**
     * Parley extension: filler words the user used ("um", "like") with their counts, most
     * frequent first. (optional; at most 32 items; Parley extension)
     */
    bool has_filler_words;
    struct { size_t n; pl_msg_common_filler_word_t *items; } filler_words;
    /**
     * Parley extension: number of words or short phrases the user immediately repeated ("I
     * I think"). (optional; >= 0; <= 100000; Parley extension)
     */
    bool has_repetitions;
    int64_t repetitions;
    /**
     * Parley extension: the user's speaking rate. (optional; >= 0; <= 1000; Parley
     * extension)
     */
    bool has_words_per_minute;
    double words_per_minute;
};

/**
 * Parley extension: one filler word and how often it occurred in the turn.
 * (common.filler_word)
 */
struct pl_msg_common_filler_word {
    /** The filler word or phrase, lowercase. (required; 1..64 characters) */
    pl_msg_str_t word;
    /** How many times it occurred. (required; >= 1; <= 100000) */
    int64_t count;
};

/**
 * A source passage an answer draws on (seed 003 CitationResponse): which document, which
 * chunk of it, the page range and how relevant it is. (common.citation)
 */
struct pl_msg_common_citation {
    /** Id of the cited document. (required; 1..128 characters) */
    pl_msg_str_t document_id;
    /**
     * Id of the cited chunk (passage) within the document. (required; 1..128 characters)
     */
    pl_msg_str_t chunk_id;
    /**
     * File name of the document as uploaded, e.g. "biology-ch3.pdf". (required; 1..255
     * characters)
     */
    pl_msg_str_t filename;
    /**
     * First page of the passage, counting from 1 (documents without pages are one page).
     * (required; >= 1; <= 1000000)
     */
    int64_t page_start;
    /**
     * Last page of the passage (equal to page_start for a one-page passage). (required; >=
     * 1; <= 1000000)
     */
    int64_t page_end;
    /**
     * Relevance of the passage to the question, 0 (unrelated) to 1 (best match). (required;
     * >= 0; <= 1)
     */
    double score;
};

/** Descriptor of common.feedback, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_common_feedback_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_common_feedback_init(pl_msg_common_feedback_t *msg);
/**
 * Parses and validates a common.feedback message. Returns it (owning its arena; free with
 * pl_msg_common_feedback_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_common_feedback_t *pl_msg_common_feedback_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_common_feedback_parse() with all its strings (NULL is fine).
 */
void pl_msg_common_feedback_free(pl_msg_common_feedback_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_common_feedback_serialize(const pl_msg_common_feedback_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of common.filler_word, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_common_filler_word_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_common_filler_word_init(pl_msg_common_filler_word_t *msg);
/**
 * Parses and validates a common.filler_word message. Returns it (owning its arena; free
 * with pl_msg_common_filler_word_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_common_filler_word_t *pl_msg_common_filler_word_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_common_filler_word_parse() with all its strings (NULL is
 * fine).
 */
void pl_msg_common_filler_word_free(pl_msg_common_filler_word_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_common_filler_word_serialize(const pl_msg_common_filler_word_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

/** Descriptor of common.citation, for the generic pl_msg_* API. */
extern const pl_msg_desc_t pl_msg_common_citation_desc;
/** Zeroes *msg: optional fields absent, required fields unset. */
void pl_msg_common_citation_init(pl_msg_common_citation_t *msg);
/**
 * Parses and validates a common.citation message. Returns it (owning its arena; free with
 * pl_msg_common_citation_free()), or NULL with *err filled when err is not NULL:
 * PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM,
 * PL_ERR_INVALID_ARGUMENT.
 */
pl_msg_common_citation_t *pl_msg_common_citation_parse(const char *json, size_t len, pl_msg_error_t *err);
/**
 * Frees a message from pl_msg_common_citation_parse() with all its strings (NULL is fine).
 */
void pl_msg_common_citation_free(pl_msg_common_citation_t *msg);
/**
 * Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 (msg breaks
 * the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; buf is unchanged on error.
 * err may be NULL.
 */
int pl_msg_common_citation_serialize(const pl_msg_common_citation_t *msg, pl_buf_t *buf, pl_msg_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
