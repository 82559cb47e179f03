/*
 * studymate_int.h - internals of the StudyMate dialect (seed 003) that its
 * unit tests and fuzzer reach: the decoding of stored message meta and
 * brain citations, the event serializer and the history builder. Not part
 * of the public API (include/parley/dialects.h has that).
 */
#ifndef PL_STUDYMATE_INT_H
#define PL_STUDYMATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/dialects.h"
#include "parley/engine.h"
#include "parley/store.h"
#include "schemas/pl_msg_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Assistant message ids: this prefix, then "<seconds>.<milliseconds>" (the engine's form). */
#define PL_STUDYMATE_REPLY_PREFIX "a_"
/* Most messages in one `messages` reply (the schema's maxItems). */
#define PL_STUDYMATE_HISTORY_MAX 1000
/* Most bytes of JSON in one `messages` reply: older messages are left out past it. */
#define PL_STUDYMATE_HISTORY_BYTES ((size_t)1 << 20)
/* Most citations on one message (the schema's maxItems). */
#define PL_STUDYMATE_CITATIONS_MAX 64

/*
 * What a message's stored meta (or a brain's citations_json) says. Strings
 * point into the parsed tree held in `tree`: valid until
 * pl_studymate_meta_clear().
 */
typedef struct pl_studymate_meta {
    const char *timestamp;              /* the client's timestamp of a user message, or NULL */
    int has_citations;                  /* a citations array was present (maybe empty) */
    pl_msg_common_citation_t *citations;/* owned array of the valid ones */
    size_t n_citations;
    size_t n_dropped;                   /* citations left out because they break the schema */
    void *tree;                         /* owned yajl_val */
} pl_studymate_meta_t;

/**
 * Decodes json[0..len): an object with optional "timestamp" (string) and
 * "citations" (array), or an array of citations. Citations that break the
 * citation schema are dropped (counted in n_dropped); at most
 * PL_STUDYMATE_CITATIONS_MAX are kept. Returns 0 with *out filled (clear it
 * with pl_studymate_meta_clear), or PL_ERR_PARSE (not JSON, or neither an
 * object nor an array) with *out empty.
 */
int pl_studymate_meta_decode(const char *json, size_t len, pl_studymate_meta_t *out);

/** Frees what pl_studymate_meta_decode() put in m and empties it; an empty m is fine. */
void pl_studymate_meta_clear(pl_studymate_meta_t *m);

/** Appends citations as a JSON array to out. Returns 0 or a negative pl_err code. */
int pl_studymate_citations_json(const pl_msg_common_citation_t *c, size_t n, pl_buf_t *out);

/**
 * The ms timestamp encoded in an assistant message id made with prefix
 * ("a_1736000000.450" -> 1736000000450), or -1 when id has another form.
 */
int64_t pl_studymate_reply_ms(const char *id, const char *prefix);

/**
 * Appends the seed 003 JSON of an engine event of chat chat_id to out.
 * Returns 0, 1 when the dialect does not show that kind of event (nothing
 * appended), or a negative pl_err code (serialization failed; logged).
 */
int pl_studymate_event_json(const pl_engine_event_t *ev, const char *chat_id, pl_buf_t *out);

/**
 * Appends the `messages` reply for chat chat_id, read from the store
 * (committed data: call it after a barrier): its messages oldest first, at
 * most PL_STUDYMATE_HISTORY_MAX, the most recent ones whose JSON fits in
 * max_bytes. Returns 0, PL_ERR_STORE, or another negative pl_err code.
 */
int pl_studymate_history_json(pl_store_t *st, const char *chat_id, size_t max_bytes, pl_buf_t *out);

/** The dialect as registered with the engine (for conversations made outside a socket). */
const pl_dialect_t *pl_studymate_dialect(const pl_studymate_t *sm);

#ifdef __cplusplus
}
#endif
#endif
