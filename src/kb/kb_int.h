/*
 * kb_int.h - private parts of the knowledge base shared by its files:
 * the word tokenizer and stop words (kb_text.c), the spelling vocabulary,
 * the document chunker (kb_chunk.c) and the lesson arena (kb_lesson.c).
 */
#ifndef PARLEY_KB_INT_H
#define PARLEY_KB_INT_H

#include "parley/kb.h"

#include <stddef.h>

/* Longest word the tokenizer keeps (longer runs are cut there). */
#define KB_WORD_MAX 48

/*
 * Word tokenizer shared by indexing (the spelling vocabulary) and query
 * analysis: a word is a run of ASCII letters and digits or bytes >= 0x80
 * (so UTF-8 letters stay whole); ASCII is lowercased. Calls fn for each
 * word with its lowercased text; fn returning non-zero stops.
 */
typedef int (*kb_word_fn)(const char *word, size_t len, size_t at, void *ud);
void kb_words(const char *text, size_t len, kb_word_fn fn, void *ud);

/* True when the word holds a letter or digit FTS5 indexes (not only symbols or emoji). */
int kb_word_is_indexable(const char *word, size_t len);

/* True for an English stop word or chat filler ("what", "the", "explain"). */
int kb_is_stop_word(const char *word, size_t len);

/* Restricted Damerau-Levenshtein distance, or max + 1 when it exceeds max. */
int kb_edit_distance(const char *a, size_t la, const char *b, size_t lb, int max);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int kb_utf8_valid(const char *s, size_t len, size_t *bad_at);

/* The line of a parsed lesson's 'series:' header (for load-time errors), 0 for none. */
int kb_lesson_series_line(const pl_kb_lesson_t *lesson);

/* One chunk made from a document's pages. */
typedef struct kb_chunk {
    char *text;      /* owned; whitespace collapsed */
    size_t len;
    int page_start, page_end;
} kb_chunk_t;

/* Target and hard cap of a chunk's length, in bytes. */
#define KB_CHUNK_TARGET 800
#define KB_CHUNK_MAX 1200

/*
 * Splits pages into chunks of about KB_CHUNK_TARGET bytes ending at
 * sentence ends (a sentence longer than KB_CHUNK_MAX is cut at a space, or
 * at a code point when it has none). Sets *out to a pl_malloc'ed array the
 * caller frees with kb_chunks_free. Returns the number of chunks.
 */
size_t kb_chunk_pages(const pl_kb_page_t *pages, size_t n_pages, kb_chunk_t **out);
void kb_chunks_free(kb_chunk_t *chunks, size_t n);

#endif
