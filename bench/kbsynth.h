/*
 * kbsynth.h - synthetic study documents for the brain benchmarks: pages of
 * new sentences generated from the bundled curriculum by a word-bigram
 * chain per lesson (each document follows one lesson, with a share of
 * sentences from another), so they use the curriculum's vocabulary and the
 * lessons brain's searches really reach them. Deterministic for a seed.
 * Used by parley-kbfill (a data dir's knowledge.db) and parley-brainbench.
 * Private to bench/.
 */
#ifndef PARLEY_BENCH_KBSYNTH_H
#define PARLEY_BENCH_KBSYNTH_H

#include "parley/kb.h"

#include <stddef.h>
#include <stdint.h>

/* The generator; owns its model. Release with lg_kbsynth_free(). */
typedef struct lg_kbsynth lg_kbsynth_t;

/* What lg_kbsynth_fill added. */
typedef struct lg_kbsynth_stats {
    size_t documents;
    size_t pages;
    size_t bytes;       /* page text, in all */
    double seconds;     /* wall time spent in pl_kb_doc_add */
} lg_kbsynth_stats_t;

/**
 * Builds the generator from the lessons loaded in kb (pl_kb_load_lessons):
 * their sections and key facts. kb is only read here. Returns 0 and sets
 * *out (owned by the caller), or PL_ERR_NOT_FOUND (no lesson loaded, or
 * one without a sentence). Allocation failure aborts, as pl_malloc does.
 */
int lg_kbsynth_new(lg_kbsynth_t **out, const pl_kb_t *kb, uint64_t seed);

/** Frees the generator; NULL is fine. Returns nothing. */
void lg_kbsynth_free(lg_kbsynth_t *s);

/**
 * Writes one page of about target_bytes (at least 200) for the lesson
 * numbered lesson (modulo the lesson count) into a new NUL-terminated
 * string owned by the caller (pl_free), its length in *len. Returns it.
 */
char *lg_kbsynth_page(lg_kbsynth_t *s, size_t lesson, size_t target_bytes, size_t *len);

/**
 * Adds documents of 3 to 24 pages each (1,800 to 3,200 bytes a page; PDF,
 * Word or text file names after the lesson they follow) for owner to kb
 * with pl_kb_doc_add until pages pages were added. Fills st (may be NULL).
 * Returns 0, or the first error of pl_kb_doc_add (pl_kb_last_error(kb)
 * says why; the documents added before it stay).
 */
int lg_kbsynth_fill(lg_kbsynth_t *s, pl_kb_t *kb, const char *owner, size_t pages,
                    lg_kbsynth_stats_t *st);

#endif
