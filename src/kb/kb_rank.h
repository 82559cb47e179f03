/*
 * kb_rank.h - the kb's search pass and ranking (kb_rank.c), private to the
 * kb module: one scan of an FTS5 table for a query counts the statistics
 * the ranking needs (rows per phrase, rows per query word) and keeps the
 * rows a filter accepts with their phrase frequencies; kb_rank_top() then
 * picks the best of them by FTS5's own BM25, computing the exact score only
 * for rows whose upper bound can still reach the best k.
 *
 * A query of n words has 2n phrases: word i is phrases 2i and 2i + 1 (its
 * spelling correction, or the word again), as the kb's match expressions
 * are built, and as BM25 sums them (a word without a correction counts
 * twice). The expression a pass runs holds each distinct phrase once
 * (kb_pass_t.phrase maps the 2n to them): a phrase written twice would be
 * read twice. The FTS5 tables have the columns title, heading, keywords,
 * body, weighted 6, 3, 4 and 1 in BM25 (KB_RANK_BM25 is that call in SQL).
 */
#ifndef PARLEY_KB_RANK_H
#define PARLEY_KB_RANK_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define KB_RANK_MAX_TERMS 15
#define KB_RANK_MAX_PHRASES (2 * KB_RANK_MAX_TERMS)
#define KB_RANK_BM25(table) "bm25(" table ", 6.0, 3.0, 4.0, 1.0)"

/* A row the pass kept: its matches and where its phrase frequencies are. */
typedef struct kb_rank_row {
    sqlite3_int64 rowid;
    sqlite3_int64 bits; /* bit p: phrase p is in the row; bit 32 + p: in title/heading/keywords */
    double bound;       /* an upper bound of bm (kb_rank_top) */
    double bm;          /* BM25, positive, higher is better (kb_rank_top) */
    uint32_t freq_at;   /* first entry in the pass's phrase-frequency arrays */
    uint8_t n_freq;     /* entries, in phrase order */
} kb_rank_row_t;

/*
 * Keeps a row as a candidate (1) or only counts it (0). Called with the
 * rowid of every row the query matches.
 */
typedef int (*kb_rank_keep_fn)(sqlite3_int64 rowid, void *ud);

/* Token count of a row (FTS5 xColumnSize over all columns); 0 or an sqlite error code. */
typedef int (*kb_rank_size_fn)(sqlite3_int64 rowid, int *ntok, void *ud);

/* One scan. Zero it (or kb_pass_reset it) and set the inputs before kb_pass_run. */
typedef struct kb_pass {
    /* inputs */
    int n_terms;           /* query words: phrases 0 .. 2 * n_terms - 1 */
    uint8_t phrase[KB_RANK_MAX_PHRASES]; /* phrase p is phrase phrase[p] of the expression */
    int n_expr;            /* distinct phrases in the expression (<= 2 * n_terms) */
    kb_rank_keep_fn keep;  /* NULL: count only */
    void *keep_ud;
    /* outputs */
    sqlite3_int64 seen;     /* rows the query matched */
    sqlite3_int64 n_rows;   /* rows in the table (FTS5 xRowCount; valid when seen > 0) */
    sqlite3_int64 n_tokens; /* tokens in the table (valid when seen > 0) */
    sqlite3_int64 nhit[KB_RANK_MAX_PHRASES]; /* rows holding phrase p */
    sqlite3_int64 df[KB_RANK_MAX_TERMS];     /* rows holding word i (phrase 2i or 2i + 1) */
    kb_rank_row_t *rows;   /* the kept rows, in rowid order; owned, pl_malloc'ed */
    size_t n_kept, cap_rows;
    uint8_t *freq_phrase;  /* phrase-frequency arrays; owned */
    double *freq;
    size_t n_freq, cap_freq;
    int failed;            /* an FTS5 API call failed */
} kb_pass_t;

/**
 * A row's token count from its FTS5 docsize record (the "sz" blob of the
 * table's _docsize shadow table: one varint per column, as FTS5 stores
 * them and sums them for xColumnSize(-1)). 0, or -1 when the blob is short
 * or malformed. Rows are sized this way because xColumnSize is only
 * filled for rows of a full-text query.
 */
int kb_rank_docsize(const unsigned char *blob, int len, int n_cols, int *ntok);

/**
 * Registers the kb's FTS5 auxiliary functions on db: pl_kb_matches (the
 * match bits of a row), pl_kb_pass (one row of a kb_pass_t scan) and
 * pl_kb_size (a row's token count). 0 or -1 (no FTS5 extension API).
 */
int kb_rank_register(sqlite3 *db);

/** Clears a pass's counts and kept rows, keeping its buffers and inputs. */
void kb_pass_reset(kb_pass_t *p);
/** Frees a pass's buffers. */
void kb_pass_free(kb_pass_t *p);

/**
 * Runs st ("SELECT pl_kb_pass(<fts>, ?2) FROM <fts> WHERE <fts> MATCH ?1")
 * with expr (the OR of p->n_expr phrases) over p, which is reset first.
 * SQLITE_OK or an sqlite error code (the statement is reset either way).
 */
int kb_pass_run(sqlite3_stmt *st, const char *expr, kb_pass_t *p);

/**
 * The best k kept rows by BM25 as FTS5's KB_RANK_BM25 computes it (the same value, bit for bit), ties to the lower rowid: what
 * "ORDER BY bm25(...) LIMIT k" over the kept rows returns, in that order.
 * Sets *out to an array of pointers into p->rows (owned by the caller:
 * pl_free) and returns how many (<= k), or -1 when size failed.
 */
int kb_rank_top(kb_pass_t *p, size_t k, kb_rank_size_fn size, void *size_ud,
                kb_rank_row_t ***out);

#endif
