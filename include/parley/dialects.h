/*
 * parley/dialects.h - the wire dialects: one adapter per seed protocol over
 * the one engine. Each registers its WebSocket and REST routes on the
 * server and its serializer with the engine.
 */
#ifndef PARLEY_DIALECTS_H
#define PARLEY_DIALECTS_H

#include <stdint.h>

#include "parley/engine.h"
#include "parley/server.h"
#include "parley/store.h"
#include "schemas/pl_msg_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Writes ms since the epoch as "2024-01-15T10:30:00.123Z" (UTC). */
void pl_dialect_timestamp(int64_t ms, char out[32]);
/** The error code named by an engine error event's error_code (brain_error when unknown). */
pl_msg_common_error_code_t pl_dialect_error_code(const char *name);
/** The resume point of a WebSocket's query string (`last_seq=N`, N >= 0), or -1 when
 * absent or not a whole non-negative number (the client then gets the live stream only). */
int64_t pl_dialect_last_seq(const char *query);

/* Seed 000: the AI-tutor stream (/ai-tutor/ws/{conversation_id} and /ai-tutor/conversations). */
typedef struct pl_tutor pl_tutor_t;

/**
 * Registers the dialect. messages_per_second caps each socket's messages
 * (over it: an error message, the socket stays); 0 = no cap. Returns NULL
 * (logged) if its routes cannot be registered. Free after the server.
 */
pl_tutor_t *pl_tutor_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                         double messages_per_second);
void pl_tutor_free(pl_tutor_t *t);

/* Seed 001: the teaching agent (ws://HOST/ws/{client_id}) and the API information at GET /. */
typedef struct pl_teach pl_teach_t;

/**
 * Registers the dialect: one conversation per client id (its id and user
 * id), created on the first connection and continued by later ones.
 * messages_per_second caps each socket's messages (0 = no cap). Returns
 * NULL (logged) if its routes cannot be registered. Free after the server.
 */
pl_teach_t *pl_teach_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                         double messages_per_second);
/** Frees the dialect (NULL is fine). */
void pl_teach_free(pl_teach_t *t);

/* Seed 003: StudyMate chat (ws://HOST/ws/chat: auth, message, typing, load_messages). */
typedef struct pl_studymate pl_studymate_t;

/**
 * Registers the dialect (route /ws/chat, engine dialect "studymate").
 * messages_per_second caps each socket's messages (over it: an error, the
 * socket stays); 0 = no cap. Returns NULL (logged) if its route cannot be
 * registered. Free after the server.
 */
pl_studymate_t *pl_studymate_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                                 double messages_per_second);
/** Frees the dialect (NULL is fine). */
void pl_studymate_free(pl_studymate_t *sm);

/*
 * Seed 002: ImprovToday (ws://HOST/api/ws/conversations/{conversation_id},
 * /api/v2/conversations..., /api/conversations/{id}/state|connections,
 * /api/test/..., the legacy POST /api/conversation).
 */

/* Speaking feedback on one user turn (feedback.c documents the method). */
#define PL_FEEDBACK_MAX_FILLERS 16
#define PL_FEEDBACK_WORD_MAX 16

typedef struct pl_feedback_filler {
    char word[PL_FEEDBACK_WORD_MAX]; /* canonical lowercase form: "um", "you know" */
    unsigned count;
} pl_feedback_filler_t;

typedef struct pl_feedback {
    int clarity;                 /* 0..100 */
    int fluency;                 /* 0..100 */
    unsigned words;              /* words in the turn, fillers included */
    unsigned filler_count;       /* filler occurrences */
    unsigned repetitions;        /* immediately repeated words or two-word phrases */
    size_t n_fillers;            /* distinct fillers in fillers[] */
    pl_feedback_filler_t fillers[PL_FEEDBACK_MAX_FILLERS]; /* most frequent first, ties by word */
    double words_per_minute;     /* < 0: unknown (no timing) */
} pl_feedback_t;

/**
 * Scores one user turn: text[0..len) (UTF-8), the recognizer's confidence
 * (0..1, or < 0 when unknown) and how long the speech lasted in seconds
 * (<= 0 when unknown). Deterministic; allocates nothing that outlives it.
 */
void pl_feedback_score(const char *text, size_t len, double confidence, double speech_seconds,
                       pl_feedback_t *out);

typedef struct pl_improv pl_improv_t;

typedef struct pl_improv_config {
    double messages_per_second; /* per socket (burst: twice that); 0 = no cap */
    double transcript_timeout;  /* seconds PROCESSING waits after speech_end for the final transcript */
    double processing_delay;    /* seconds a test message with simulate_processing_delay pauses */
    double answer_timeout;      /* seconds a REST call waits for its AI response */
} pl_improv_config_t;

/** Fills the defaults (20 messages/s, 10 s, 2 s, 120 s). */
void pl_improv_config_init(pl_improv_config_t *cfg);

/**
 * Registers the dialect (engine dialect "improv") and its WebSocket, REST
 * and test routes. cfg NULL takes the defaults. Returns NULL (logged) if a
 * route cannot be registered. Free after the server, before the engine.
 */
pl_improv_t *pl_improv_new(pl_server_t *srv, pl_engine_t *engine, pl_store_t *store,
                           const pl_improv_config_t *cfg);
/** Frees the dialect (NULL is fine); requests still waiting are answered 503/504. */
void pl_improv_free(pl_improv_t *im);

#ifdef __cplusplus
}
#endif
#endif
