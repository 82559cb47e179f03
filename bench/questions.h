/*
 * questions.h - the benchmarks' question lists: the evaluation files
 * tests/eval/questions-*.tsv (a header line naming a "question" column,
 * then one tab-separated row per question) or plain text with one question
 * per line. The load generator's tutor workloads send them round-robin
 * (--questions) and the brain micro-benchmark asks them. Private to bench/.
 */
#ifndef PARLEY_BENCH_QUESTIONS_H
#define PARLEY_BENCH_QUESTIONS_H

#include <stddef.h>

/* Largest questions file read. */
#define LG_QUESTIONS_MAX_FILE (16u * 1024u * 1024u)

/* A list of questions; owns every string. Release with lg_questions_free(). */
typedef struct lg_questions {
    char **items; /* NUL-terminated UTF-8, no control characters */
    size_t n;
    size_t cap;
} lg_questions_t;

/** Frees every question; q is empty afterwards and may be reused. Returns nothing. */
void lg_questions_free(lg_questions_t *q);

/**
 * Parses a questions file held in text and appends its questions to q.
 * When the first line has a tab-separated column named "question" (any
 * case), the file is a table: that line is its header, and every other
 * non-blank line must have that column, non-empty. Otherwise every
 * non-blank line is one question (and may hold no tab). Lines end in LF or
 * CRLF; lines starting with '#' are comments; the question is trimmed of
 * spaces. Returns the number of questions added (>= 0), or PL_ERR_PARSE (a
 * row without the column, an empty question, a tab in a plain line, a
 * control character), PL_ERR_UTF8 (invalid UTF-8), PL_ERR_TOO_LARGE (a
 * question past max_len bytes), PL_ERR_NOMEM; err (errlen > 0) then says
 * which line and why, and q is left as it was.
 */
int lg_questions_parse(lg_questions_t *q, const char *text, size_t len, size_t max_len, char *err,
                       size_t errlen);

/**
 * Reads the file at path (at most LG_QUESTIONS_MAX_FILE bytes) and parses
 * it as lg_questions_parse() does. Returns the number added, PL_ERR_IO (the
 * file cannot be read; err says why), PL_ERR_TOO_LARGE, or a parse error.
 */
int lg_questions_load(lg_questions_t *q, const char *path, size_t max_len, char *err,
                      size_t errlen);

#endif
