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

#ifdef __cplusplus
extern "C" {
#endif

/** Writes ms since the epoch as "2024-01-15T10:30:00.123Z" (UTC). */
void pl_dialect_timestamp(int64_t ms, char out[32]);

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

#ifdef __cplusplus
}
#endif
#endif
