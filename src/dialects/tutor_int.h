/*
 * tutor_int.h - internals of the AI-tutor dialect (seed 000) that its tests
 * and fuzzers reach. Not part of the public API (include/parley/dialects.h
 * has that).
 */
#ifndef PL_TUTOR_INT_H
#define PL_TUTOR_INT_H

#include "parley/engine.h"
#include "parley/mem.h"

/**
 * Appends the seed 000 JSON of an engine event to out, the conversation id
 * given apart (ev->conv is not read). fast 1: the hand-written writer for
 * the stream's events where it applies, else the generated serializer;
 * fast 0: always the generated serializer; fast 2 (tests): the hand-written
 * writer only, 1 when it does not take the event. Both give the same bytes.
 * Returns 0, 1 when the dialect does not show that kind of event, or a
 * negative pl_err code (nothing appended).
 */
int pl_tutor__serialize(const pl_engine_event_t *ev, const char *conversation_id, int fast,
                        pl_buf_t *out);

#endif
