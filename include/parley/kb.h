/*
 * parley/kb.h - the knowledge base: the bundled lessons and the users'
 * documents, split into passages and indexed in SQLite FTS5 (BM25
 * ranking): all of them in the file, the loaded lessons also in memory.
 * The lessons brain retrieves from it; the documents REST API writes to
 * it; answers cite its passages.
 *
 * One kb is one SQLite connection on its own file (DATA_DIR/knowledge.db,
 * or ":memory:"), separate from the conversation store so a big document
 * import never delays a chat commit. Every function runs on the calling
 * thread and is not thread-safe: the server calls searches on the loop
 * (they take well under a millisecond) and does heavy document imports
 * through pl_kb_doc_add() from one place at a time.
 */
#ifndef PARLEY_KB_H
#define PARLEY_KB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_kb pl_kb_t;

/**
 * Opens (creating and migrating) the knowledge base at path (":memory:"
 * allowed). Returns 0 and sets *out (free with pl_kb_close), or a negative
 * pl_err code (logged).
 */
int pl_kb_open(pl_kb_t **out, const char *path);
/** Closes the kb and frees its lessons; NULL is fine. */
void pl_kb_close(pl_kb_t *kb);

/* ---- lessons (the .md files of data/lessons, format in docs/lessons.md) ---- */

/* One check-your-understanding question of a lesson. */
typedef struct pl_kb_question {
    const char *question;
    const char *answer;
} pl_kb_question_t;

/* One teaching section of a lesson. */
typedef struct pl_kb_section {
    const char *heading;
    const char *text;
} pl_kb_section_t;

/* A lesson as loaded; every pointer is owned by the kb and valid until it is closed. */
typedef struct pl_kb_lesson {
    const char *id;        /* the file name without ".md": "quadratic-equations" */
    const char *title;
    const char *subject;   /* "mathematics", "science", "history", ... */
    const char *level;     /* "early years" ... "upper secondary" */
    const char *const *keywords;
    size_t n_keywords;
    const pl_kb_section_t *sections;
    size_t n_sections;
    const char *const *facts;
    size_t n_facts;
    const pl_kb_question_t *questions;
    size_t n_questions;
    const char *series;    /* the series it belongs to ("India's history"), or NULL */
    int series_pos;        /* its position in that series, from 1; 0 when series is NULL */
} pl_kb_lesson_t;

/**
 * Loads every *.md lesson of dir (replacing what was loaded before) and
 * indexes its sections and facts. Returns the number of lessons (>= 0) or a
 * negative pl_err code; a malformed file, or two lessons at one position of
 * a series, is an error naming file and line.
 */
int pl_kb_load_lessons(pl_kb_t *kb, const char *dir);
/** The number of lessons loaded. */
size_t pl_kb_lesson_count(const pl_kb_t *kb);
/** The i-th lesson (in id order), or NULL. */
const pl_kb_lesson_t *pl_kb_lesson_at(const pl_kb_t *kb, size_t i);
/** The lesson with that id, or NULL. */
const pl_kb_lesson_t *pl_kb_lesson_get(const pl_kb_t *kb, const char *id);

/* ---- search ---- */

typedef enum pl_kb_source {
    PL_KB_LESSON = 1,
    PL_KB_DOCUMENT = 2,
} pl_kb_source_t;

/* What a search may look at. */
typedef struct pl_kb_filter {
    unsigned sources;          /* bit set of pl_kb_source_t; 0 = lessons only */
    const char *lesson_id;     /* only this lesson (follow-ups on the current topic), or NULL */
    const char *owner;         /* documents: only this user's (required to see any document) */
} pl_kb_filter_t;

/* One passage found. Strings are owned by the kb and valid until the next search. */
typedef struct pl_kb_hit {
    pl_kb_source_t source;
    const char *lesson_id;     /* PL_KB_LESSON */
    int section;               /* PL_KB_LESSON: section index, -1 for the key facts */
    const char *document_id;   /* PL_KB_DOCUMENT */
    const char *chunk_id;      /* PL_KB_DOCUMENT */
    const char *filename;      /* PL_KB_DOCUMENT */
    int page_start, page_end;  /* PL_KB_DOCUMENT: 1-based; 0 when the format has no pages */
    const char *title;         /* lesson title or file name */
    const char *text;          /* the passage */
    double score;              /* relevance in [0, 1], higher is better */
} pl_kb_hit_t;

/**
 * Finds the passages best matching a free-text query (tolerant of word
 * forms; stop words ignored). Fills up to max hits, best first, and returns
 * how many (>= 0), or a negative pl_err code. A search that may not return
 * documents (lessons only, or one lesson) ranks by the curriculum's word
 * statistics and never reads the documents; one that may return a user's
 * documents ranks by those of the lessons and every document.
 */
int pl_kb_search(pl_kb_t *kb, const char *query, const pl_kb_filter_t *f, pl_kb_hit_t *hits,
                 size_t max);

/* ---- documents ---- */

/* One page of extracted text (page 0 = the format has no pages). */
typedef struct pl_kb_page {
    int number;
    const char *text;
    size_t len;
} pl_kb_page_t;

/* A stored document. Strings valid during the callback only. */
typedef struct pl_kb_doc {
    const char *id;
    const char *owner;
    const char *filename;
    const char *mime;
    int pages;
    int chunks;
    size_t bytes;
    int64_t created_ms;
} pl_kb_doc_t;

/**
 * Chunks the pages (about 800 characters per chunk, split at sentence
 * ends, each chunk knowing its page range) and indexes them in one
 * transaction: on any error nothing of the document remains. Writes the
 * new id (32 hex digits) to id_out. Returns 0 or a negative pl_err code.
 */
int pl_kb_doc_add(pl_kb_t *kb, const char *owner, const char *filename, const char *mime,
                  size_t bytes, const pl_kb_page_t *pages, size_t n_pages, char id_out[40]);
/** Calls fn for each of owner's documents, newest first; fn returning non-zero stops. */
int pl_kb_doc_list(pl_kb_t *kb, const char *owner, int (*fn)(const pl_kb_doc_t *d, void *ud),
                   void *ud);
/** Deletes one of owner's documents and its passages. 0 or PL_ERR_NOT_FOUND. */
int pl_kb_doc_delete(pl_kb_t *kb, const char *owner, const char *id);

/* ---- additions: error text, the lesson parser, query analysis, text helpers ---- */

/**
 * The text of the last error of pl_kb_load_lessons, pl_kb_doc_add or a
 * search ("data/lessons/x.md:12: expected 'subject: ...'"), or "" after a
 * success. Owned by the kb, valid until its next call.
 */
const char *pl_kb_last_error(const pl_kb_t *kb);

/**
 * Parses one lesson file (format in docs/lessons.md). name is the file name
 * ("photosynthesis.md"; the id is the name without ".md") and is used in
 * errors, which read "<name>:<line>: <what>". Returns 0 and sets *out (owned
 * by the caller: pl_kb_lesson_free), or PL_ERR_PARSE (malformed),
 * PL_ERR_UTF8 (not UTF-8), PL_ERR_TOO_LARGE (over 1 MiB) or
 * PL_ERR_INVALID_ARGUMENT (a bad file name) with the message in err.
 */
int pl_kb_lesson_parse(const char *name, const char *text, size_t len, pl_kb_lesson_t **out,
                       char *err, size_t errlen);
/** Frees a lesson from pl_kb_lesson_parse; NULL is fine. */
void pl_kb_lesson_free(pl_kb_lesson_t *lesson);

/* One content word of a query, as pl_kb_search uses it. */
typedef struct pl_kb_term {
    const char *word;        /* lowercased, as typed */
    const char *correction;  /* the indexed word it was corrected to, or NULL */
    double weight;           /* inverse document frequency (rarer = heavier), > 0 */
} pl_kb_term_t;

/**
 * The content words of a query (stop words dropped, misspellings corrected
 * against the indexed vocabulary), in query order, weighed as a
 * lessons-only search weighs them. Fills up to max terms and returns how
 * many, or a negative pl_err code. Strings are owned by the kb and valid
 * until the next search or analysis.
 */
int pl_kb_query_terms(pl_kb_t *kb, const char *query, pl_kb_term_t *terms, size_t max);
/**
 * pl_kb_query_terms, the words weighed as pl_kb_search weighs them with
 * filter f: over the lessons, or, when f lets the search return a user's
 * documents, over the lessons and every document. NULL f: lessons only.
 */
int pl_kb_query_terms_in(pl_kb_t *kb, const char *query, const pl_kb_filter_t *f,
                         pl_kb_term_t *terms, size_t max);

/* A lesson whose title or keywords match a topic name. */
typedef struct pl_kb_lesson_match {
    const pl_kb_lesson_t *lesson;
    double score;            /* in [0, 1]: share of the topic's words found in title/keywords */
} pl_kb_lesson_match_t;

/**
 * Ranks lessons by how well their title and keywords match a topic name
 * ("teach me about <topic>"), tolerant of word forms and misspellings.
 * Fills up to max matches, best first; returns how many or a negative code.
 */
int pl_kb_find_lessons(pl_kb_t *kb, const char *topic, pl_kb_lesson_match_t *out, size_t max);

/* ---- lesson series (the optional 'series: <name>, <position>' header line) ---- */

/* A series whose name matches a topic name. */
typedef struct pl_kb_series_match {
    const char *name;        /* as its lessons spell it; owned by the kb, valid until a reload */
    size_t n_lessons;
    double score;            /* in [0, 1], on the scale of pl_kb_lesson_match_t.score */
} pl_kb_series_match_t;

/**
 * Ranks the series by how well their names match a topic name, scored like
 * pl_kb_find_lessons scores titles (the same query analysis; a word matches
 * a word of the name in the forms the search accepts: equal, a prefix of
 * four letters or more, or within the spelling correction's edit distance).
 * Fills up to max matches, best first; returns how many or a negative code.
 */
int pl_kb_find_series(pl_kb_t *kb, const char *topic, pl_kb_series_match_t *out, size_t max);

/**
 * The lessons of the series named name, in position order. Fills up to max
 * (kb-owned pointers) and returns how many the series has (0: no such series).
 */
size_t pl_kb_series_lessons(const pl_kb_t *kb, const char *name, const pl_kb_lesson_t **out,
                            size_t max);

/** The lesson after l in its series (the next higher position), or NULL. */
const pl_kb_lesson_t *pl_kb_series_next(const pl_kb_t *kb, const pl_kb_lesson_t *l);

/* A byte range [start, end) of a text. */
typedef struct pl_kb_span {
    size_t start, end;
} pl_kb_span_t;

/**
 * Splits text into sentences: at '.', '!' or '?' followed by a space and
 * an upper-case letter, digit or quote (common abbreviations excepted),
 * and at every line break. Spans are trimmed and never empty. Fills up to
 * max and returns how many were found (which may exceed max).
 */
size_t pl_kb_sentences(const char *text, size_t len, pl_kb_span_t *out, size_t max);

/**
 * Calls fn for each word of text as the kb sees words: runs of ASCII
 * letters and digits or non-ASCII letters, ASCII lowercased, at most 48
 * bytes; at is the word's byte offset. fn returning non-zero stops.
 */
void pl_kb_words(const char *text, size_t len,
                 int (*fn)(const char *word, size_t wlen, size_t at, void *ud), void *ud);
/** True when a lowercased word is a stop word the kb drops from queries ("the", "what"). */
int pl_kb_is_stop_word(const char *word, size_t len);

#ifdef __cplusplus
}
#endif
#endif
