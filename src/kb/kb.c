/*
 * kb.c - the knowledge base: lessons and documents as passages in one
 * SQLite FTS5 index, searched with BM25.
 *
 * Tables (schema version 1, PRAGMA user_version):
 *   documents(id, owner, filename, mime, pages, chunks, bytes, created_ms)
 *   passages(id, source, lesson_id, section, document_id, chunk_id, owner,
 *            page_start, page_end, title, heading, keywords, body)
 *   passages_fts: FTS5 over passages(title, heading, keywords, body), an
 *            external-content table kept in step by triggers; tokenizer
 *            "porter unicode61 remove_diacritics 2" (so "declined" finds
 *            "decline", "café" finds "cafe")
 *   terms(term, df): every indexed word of three or more letters with the
 *            number of passages holding it: the spelling vocabulary
 *
 * A search (see docs/brains.md, section "lessons"):
 *  1. the query's words, stop words dropped, at most KB_MAX_TERMS; a word
 *     of four letters or more that is neither indexed nor the start of an
 *     indexed word is corrected to the nearest indexed word (edit distance
 *     1, or 2 for words of eight letters or more; the commoner word wins a
 *     tie), and searched as well as the original;
 *  2. one FTS5 query OR-ing every word, as a prefix for words of four
 *     letters or more ("equat"* finds equation, equations);
 *  3. the best KB_CANDIDATES rows by BM25 with column weights title 6,
 *     heading 3, keywords 4, body 1 are scored in [0, 1]:
 *        0.6 * coverage + 0.2 * field + 0.2 * bm / (bm + KB_BM_HALF)
 *     coverage: the share of the query's weight (the words' IDF) the
 *     passage holds; field: the share found in its title, heading or
 *     keywords; bm: the negated BM25 rank. The per-row word matches come
 *     from an FTS5 auxiliary function (pl_kb_matches) registered here.
 *
 * Lessons are parsed into memory at load and re-indexed in one
 * transaction; passages of lessons that are not loaded are never returned.
 * Lesson series (a name and a position per lesson) live in memory only: a
 * topic is matched against series names with the same query analysis and
 * score as against lesson titles (pl_kb_find_series).
 */
#include "kb_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MOD "kb"
#define KB_SCHEMA_VERSION 1
#define KB_MAX_TERMS 15          /* query words used (two phrases each: 30 of 31 bits) */
#define KB_CANDIDATES 64         /* rows rescored per search */
#define KB_BM_HALF 8.0           /* BM25 rank that scores half of its part */
#define KB_MAX_LESSON_FILES 4096

static const char *const schema_sql =
    "CREATE TABLE documents("
    " id TEXT PRIMARY KEY, owner TEXT NOT NULL, filename TEXT NOT NULL, mime TEXT NOT NULL,"
    " pages INTEGER NOT NULL, chunks INTEGER NOT NULL, bytes INTEGER NOT NULL,"
    " created_ms INTEGER NOT NULL);"
    "CREATE INDEX documents_owner ON documents(owner, created_ms);"
    "CREATE TABLE passages("
    " id INTEGER PRIMARY KEY, source INTEGER NOT NULL, lesson_id TEXT, section INTEGER,"
    " document_id TEXT, chunk_id TEXT, owner TEXT, page_start INTEGER, page_end INTEGER,"
    " title TEXT NOT NULL, heading TEXT NOT NULL, keywords TEXT NOT NULL, body TEXT NOT NULL);"
    "CREATE INDEX passages_document ON passages(document_id);"
    "CREATE INDEX passages_lesson ON passages(source, lesson_id);"
    "CREATE VIRTUAL TABLE passages_fts USING fts5(title, heading, keywords, body,"
    " content='passages', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN"
    " INSERT INTO passages_fts(rowid, title, heading, keywords, body)"
    " VALUES (new.id, new.title, new.heading, new.keywords, new.body); END;"
    "CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN"
    " INSERT INTO passages_fts(passages_fts, rowid, title, heading, keywords, body)"
    " VALUES ('delete', old.id, old.title, old.heading, old.keywords, old.body); END;"
    "CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;";

enum {
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_PASSAGE_INSERT,
    S_LESSON_PASSAGES,
    S_LESSON_DELETE,
    S_DOC_PASSAGES,
    S_DOC_PASSAGES_DELETE,
    S_DOC_INSERT,
    S_DOC_OWNER,
    S_DOC_DELETE,
    S_DOC_LIST,
    S_TERM_ADD,
    S_TERM_SUB,
    S_TERM_PRUNE,
    S_TERMS_ALL,
    S_PASSAGE_COUNT,
    S_MATCH_COUNT,
    S_SEARCH,
    S_FIND_LESSONS,
    S_COUNT
};

#define BM25 "bm25(passages_fts, 6.0, 3.0, 4.0, 1.0)"

static const char *const sql[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_PASSAGE_INSERT] =
        ("INSERT INTO passages(source, lesson_id, section, document_id, chunk_id, owner,"
         " page_start, page_end, title, heading, keywords, body)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
    [S_LESSON_PASSAGES] = "SELECT title, heading, keywords, body FROM passages WHERE source = 1",
    [S_LESSON_DELETE] = "DELETE FROM passages WHERE source = 1",
    [S_DOC_PASSAGES] =
        "SELECT title, heading, keywords, body FROM passages WHERE document_id = ?1",
    [S_DOC_PASSAGES_DELETE] = "DELETE FROM passages WHERE document_id = ?1",
    [S_DOC_INSERT] =
        ("INSERT INTO documents(id, owner, filename, mime, pages, chunks, bytes, created_ms)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
    [S_DOC_OWNER] = "SELECT owner FROM documents WHERE id = ?1",
    [S_DOC_DELETE] = "DELETE FROM documents WHERE id = ?1",
    [S_DOC_LIST] = ("SELECT id, owner, filename, mime, pages, chunks, bytes, created_ms"
                    " FROM documents WHERE owner = ?1 ORDER BY created_ms DESC, rowid DESC"),
    [S_TERM_ADD] = ("INSERT INTO terms(term, df) VALUES (?1, 1)"
                    " ON CONFLICT(term) DO UPDATE SET df = df + 1"),
    [S_TERM_SUB] = "UPDATE terms SET df = df - 1 WHERE term = ?1",
    [S_TERM_PRUNE] = "DELETE FROM terms WHERE df <= 0",
    [S_TERMS_ALL] = "SELECT term, df FROM terms ORDER BY term",
    [S_PASSAGE_COUNT] = "SELECT count(*) FROM passages",
    [S_MATCH_COUNT] = "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?1",
    [S_SEARCH] =
        ("SELECT p.source, p.lesson_id, p.section, p.document_id, p.chunk_id, p.page_start,"
         " p.page_end, p.title, p.body, " BM25 ", pl_kb_matches(passages_fts)"
         " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
         " WHERE passages_fts MATCH ?1"
         " AND ((?2 AND p.source = 1 AND (?3 IS NULL OR p.lesson_id = ?3))"
         "  OR (?4 AND p.source = 2 AND p.owner = ?5))"
         " ORDER BY " BM25 " LIMIT ?6"),
    [S_FIND_LESSONS] =
        ("SELECT p.lesson_id, " BM25 ", pl_kb_matches(passages_fts)"
         " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
         " WHERE passages_fts MATCH ?1 AND p.source = 1"
         " ORDER BY " BM25 " LIMIT 2000"),
};

/* Strings handed out until the next reset. */
typedef struct strpool {
    char **s;
    size_t n, cap;
} strpool_t;

/* One analysed query word. */
typedef struct qterm {
    char word[KB_WORD_MAX + 1];
    char corr[KB_WORD_MAX + 1]; /* "" when not corrected */
    double weight;
} qterm_t;

struct pl_kb {
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    char err[512];
    pl_kb_lesson_t **lessons; /* sorted by id */
    size_t n_lessons;
    /* the spelling vocabulary, reloaded from `terms` after a write */
    char **vocab;
    int *vocab_df;
    size_t n_vocab;
    int vocab_stale;
    strpool_t hit_strings;
    strpool_t term_strings;
};

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */

static void set_err(pl_kb_t *kb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_err(pl_kb_t *kb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(kb->err, sizeof(kb->err), fmt, ap);
    va_end(ap);
}

static const char *pool_add(strpool_t *p, const char *s)
{
    if (s == NULL)
        return NULL;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->s = pl_realloc(p->s, p->cap * sizeof(*p->s));
    }
    p->s[p->n] = pl_strdup(s);
    return p->s[p->n++];
}

static void pool_reset(strpool_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        pl_free(p->s[i]);
    p->n = 0;
}

static void pool_free(strpool_t *p)
{
    pool_reset(p);
    pl_free(p->s);
    p->s = NULL;
    p->cap = 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int step_done(pl_kb_t *kb, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        set_err(kb, "sqlite: %s", sqlite3_errmsg(kb->db));
        return PL_ERR_STORE;
    }
    return 0;
}

static void reset_stmt(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* ---------------------------------------------------------------------- */
/* The FTS5 auxiliary function: which phrases a row matched, and where.   */

/*
 * pl_kb_matches(passages_fts): bit i (i < 31) is set when phrase i of the
 * query has an instance in the row, bit 32 + i when that instance is in
 * the title, heading or keywords column (columns 0-2).
 */
static void matches_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **vals)
{
    (void)nval;
    (void)vals;
    int n = 0;
    if (api->xInstCount(fts, &n) != SQLITE_OK) {
        sqlite3_result_error(ctx, "pl_kb_matches: xInstCount failed", -1);
        return;
    }
    sqlite3_int64 bits = 0;
    for (int i = 0; i < n; i++) {
        int phrase, col, off;
        if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK)
            break;
        if (phrase < 0 || phrase > 30)
            continue;
        bits |= (sqlite3_int64)1 << phrase;
        if (col <= 2)
            bits |= (sqlite3_int64)1 << (32 + phrase);
    }
    sqlite3_result_int64(ctx, bits);
}

static int register_matches(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (api == NULL || api->iVersion < 2)
        return -1;
    return api->xCreateFunction(api, "pl_kb_matches", NULL, matches_fn, NULL) == SQLITE_OK ? 0
                                                                                         : -1;
}

/* ---------------------------------------------------------------------- */
/* Open and close                                                         */

static int migrate(pl_kb_t *kb)
{
    sqlite3_stmt *st = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(kb->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 0) {
        set_err(kb, "cannot read the schema version: %s", sqlite3_errmsg(kb->db));
        return PL_ERR_STORE;
    }
    if (version == KB_SCHEMA_VERSION)
        return 0;
    if (version > KB_SCHEMA_VERSION) {
        set_err(kb, "the knowledge base has schema version %d; this build knows up to %d",
                version, KB_SCHEMA_VERSION);
        return PL_ERR_UNSUPPORTED;
    }
    char *msg = NULL;
    char buf[64];
    snprintf(buf, sizeof(buf), "PRAGMA user_version = %d;", KB_SCHEMA_VERSION);
    if (sqlite3_exec(kb->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(kb->db, schema_sql, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(kb->db, buf, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(kb->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        set_err(kb, "cannot create the schema: %s%s", msg ? msg : sqlite3_errmsg(kb->db),
                msg && strstr(msg, "fts5") ? " (this SQLite lacks FTS5)" : "");
        sqlite3_free(msg);
        sqlite3_exec(kb->db, "ROLLBACK", NULL, NULL, NULL);
        return PL_ERR_STORE;
    }
    return 0;
}

void pl_kb_close(pl_kb_t *kb)
{
    if (kb == NULL)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(kb->st[i]);
    sqlite3_close(kb->db);
    for (size_t i = 0; i < kb->n_lessons; i++)
        pl_kb_lesson_free(kb->lessons[i]);
    pl_free(kb->lessons);
    for (size_t i = 0; i < kb->n_vocab; i++)
        pl_free(kb->vocab[i]);
    pl_free(kb->vocab);
    pl_free(kb->vocab_df);
    pool_free(&kb->hit_strings);
    pool_free(&kb->term_strings);
    pl_free(kb);
}

int pl_kb_open(pl_kb_t **out, const char *path)
{
    *out = NULL;
    if (path == NULL || *path == '\0')
        return PL_ERR_INVALID_ARGUMENT;
    pl_kb_t *kb = pl_calloc(1, sizeof(*kb));
    kb->vocab_stale = 1;
    int rv = PL_ERR_STORE;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &kb->db, flags, NULL) != SQLITE_OK) {
        set_err(kb, "cannot open %s: %s", path, kb->db ? sqlite3_errmsg(kb->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(kb->db, 5000);
    sqlite3_exec(kb->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    sqlite3_exec(kb->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    if ((rv = migrate(kb)) != 0)
        goto fail;
    rv = PL_ERR_STORE;
    if (register_matches(kb->db) != 0) {
        set_err(kb, "this SQLite has no FTS5 extension API");
        goto fail;
    }
    for (int i = 0; i < S_COUNT; i++) {
        if (sqlite3_prepare_v3(kb->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &kb->st[i], NULL) !=
            SQLITE_OK) {
            set_err(kb, "cannot prepare statement %d: %s", i, sqlite3_errmsg(kb->db));
            goto fail;
        }
    }
    *out = kb;
    return 0;
fail:
    pl_log_error(MOD, "%s", kb->err);
    pl_kb_close(kb);
    return rv;
}

const char *pl_kb_last_error(const pl_kb_t *kb)
{
    return kb->err;
}

/* ---------------------------------------------------------------------- */
/* The vocabulary (terms)                                                 */

typedef struct wordset {
    char **w;
    size_t n, cap;
} wordset_t;

static int collect_word(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    wordset_t *s = ud;
    if (len < 3 || kb_is_stop_word(word, len))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] >= '0' && word[i] <= '9')
            return 0;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 128;
        s->w = pl_realloc(s->w, s->cap * sizeof(*s->w));
    }
    s->w[s->n++] = pl_strndup(word, len);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct vocabulary words of a passage's fields. */
static void passage_words(wordset_t *s, const char *const *fields, size_t n_fields)
{
    s->n = 0;
    for (size_t i = 0; i < n_fields; i++)
        if (fields[i] != NULL)
            kb_words(fields[i], strlen(fields[i]), collect_word, s);
    if (s->n == 0)
        return;
    qsort(s->w, s->n, sizeof(*s->w), cmp_str);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++) {
        if (strcmp(s->w[i], s->w[k - 1]) == 0)
            pl_free(s->w[i]);
        else
            s->w[k++] = s->w[i];
    }
    s->n = k;
}

static void wordset_clear(wordset_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        pl_free(s->w[i]);
    s->n = 0;
}

static void wordset_free(wordset_t *s)
{
    wordset_clear(s);
    pl_free(s->w);
}

/* Adds (delta 1) or removes (-1) a passage's words from `terms`. */
static int terms_update(pl_kb_t *kb, const char *const *fields, size_t n_fields, int delta)
{
    wordset_t s = {0};
    passage_words(&s, fields, n_fields);
    sqlite3_stmt *st = kb->st[delta > 0 ? S_TERM_ADD : S_TERM_SUB];
    int rv = 0;
    for (size_t i = 0; i < s.n && rv == 0; i++) {
        sqlite3_bind_text(st, 1, s.w[i], -1, SQLITE_STATIC);
        rv = step_done(kb, st);
    }
    wordset_free(&s);
    kb->vocab_stale = 1;
    return rv;
}

/* Removes the words of every passage a statement selects (title, heading, keywords, body). */
static int terms_remove_rows(pl_kb_t *kb, sqlite3_stmt *st)
{
    int rv = 0, rc;
    /* Copy the rows first: the update statement must not run inside this scan's step. */
    wordset_t rows = {0};
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < 4; c++) {
            if (rows.n == rows.cap) {
                rows.cap = rows.cap ? rows.cap * 2 : 64;
                rows.w = pl_realloc(rows.w, rows.cap * sizeof(*rows.w));
            }
            const char *t = col_text(st, c);
            rows.w[rows.n++] = pl_strdup(t ? t : "");
        }
    }
    if (rc != SQLITE_DONE) {
        set_err(kb, "sqlite: %s", sqlite3_errmsg(kb->db));
        rv = PL_ERR_STORE;
    }
    reset_stmt(st);
    for (size_t i = 0; i + 3 < rows.n && rv == 0; i += 4)
        rv = terms_update(kb, (const char *const *)rows.w + i, 4, -1);
    wordset_free(&rows);
    if (rv == 0)
        rv = step_done(kb, kb->st[S_TERM_PRUNE]);
    return rv;
}

static void vocab_load(pl_kb_t *kb)
{
    if (!kb->vocab_stale)
        return;
    for (size_t i = 0; i < kb->n_vocab; i++)
        pl_free(kb->vocab[i]);
    kb->n_vocab = 0;
    size_t cap = 0;
    sqlite3_stmt *st = kb->st[S_TERMS_ALL];
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (kb->n_vocab == cap) {
            cap = cap ? cap * 2 : 1024;
            kb->vocab = pl_realloc(kb->vocab, cap * sizeof(*kb->vocab));
            kb->vocab_df = pl_realloc(kb->vocab_df, cap * sizeof(*kb->vocab_df));
        }
        const char *t = col_text(st, 0);
        kb->vocab[kb->n_vocab] = pl_strdup(t ? t : "");
        kb->vocab_df[kb->n_vocab] = sqlite3_column_int(st, 1);
        kb->n_vocab++;
    }
    reset_stmt(st);
    kb->vocab_stale = 0;
}

/* Index of the first vocabulary word >= w. */
static size_t vocab_lower_bound(const pl_kb_t *kb, const char *w)
{
    size_t lo = 0, hi = kb->n_vocab;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(kb->vocab[mid], w) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* 1 when w is indexed or starts an indexed word. */
static int vocab_knows(const pl_kb_t *kb, const char *w, size_t len)
{
    size_t i = vocab_lower_bound(kb, w);
    return i < kb->n_vocab && strncmp(kb->vocab[i], w, len) == 0;
}

/* The nearest indexed word within the allowed distance, or NULL. */
static const char *vocab_correct(const pl_kb_t *kb, const char *w, size_t len)
{
    int max = len >= 8 ? 2 : 1;
    const char *best = NULL;
    int best_d = max + 1, best_df = 0;
    for (size_t i = 0; i < kb->n_vocab; i++) {
        const char *v = kb->vocab[i];
        size_t vl = strlen(v);
        if (vl < 3 || (vl > len ? vl - len : len - vl) > (size_t)max)
            continue;
        int d = kb_edit_distance(w, len, v, vl, best_d < max ? best_d : max);
        if (d > max)
            continue;
        if (d < best_d || (d == best_d && kb->vocab_df[i] > best_df)) {
            best = v;
            best_d = d;
            best_df = kb->vocab_df[i];
        }
    }
    return best;
}

/* ---------------------------------------------------------------------- */
/* Query analysis                                                         */

typedef struct analysis {
    qterm_t t[KB_MAX_TERMS];
    size_t n;
} analysis_t;

static int analyse_word(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    analysis_t *a = ud;
    if (len < 2 || kb_is_stop_word(word, len) || !kb_word_is_indexable(word, len))
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->t[i].word, word) == 0)
            return 0;
    if (a->n == KB_MAX_TERMS)
        return 1;
    memcpy(a->t[a->n].word, word, len + 1);
    a->t[a->n].corr[0] = '\0';
    a->t[a->n].weight = 0;
    a->n++;
    return 0;
}

static void append_phrase(pl_buf_t *b, const char *w)
{
    pl_buf_append_str(b, "\"");
    pl_buf_append_str(b, w); /* words never hold a double quote */
    pl_buf_append_str(b, strlen(w) >= 4 ? "\"*" : "\"");
}

/* "word"* or ("word"* OR "correction"*): phrase 2i, and 2i + 1 when corrected. */
static void append_term(pl_buf_t *b, const qterm_t *t)
{
    if (t->corr[0] == '\0') {
        append_phrase(b, t->word);
        return;
    }
    pl_buf_append_str(b, "(");
    append_phrase(b, t->word);
    pl_buf_append_str(b, " OR ");
    append_phrase(b, t->corr);
    pl_buf_append_str(b, ")");
}

static long long count_matches(pl_kb_t *kb, const char *expr)
{
    sqlite3_stmt *st = kb->st[S_MATCH_COUNT];
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
    long long n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    reset_stmt(st);
    return n;
}

static long long passage_count(pl_kb_t *kb)
{
    sqlite3_stmt *st = kb->st[S_PASSAGE_COUNT];
    long long n = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    reset_stmt(st);
    return n;
}

/* Words, corrections and weights of a query. Returns the number of words or a pl_err code. */
static int analyse(pl_kb_t *kb, const char *query, analysis_t *a)
{
    a->n = 0;
    if (query == NULL)
        return 0;
    kb_words(query, strlen(query), analyse_word, a);
    if (a->n == 0)
        return 0;
    vocab_load(kb);
    long long total = passage_count(kb);
    pl_buf_t expr = PL_BUF_INIT(0);
    for (size_t i = 0; i < a->n; i++) {
        qterm_t *t = &a->t[i];
        size_t len = strlen(t->word);
        int alpha = 1;
        for (size_t k = 0; k < len; k++)
            if (t->word[k] >= '0' && t->word[k] <= '9')
                alpha = 0;
        if (alpha && len >= 4 && !vocab_knows(kb, t->word, len)) {
            const char *c = vocab_correct(kb, t->word, len);
            if (c != NULL)
                snprintf(t->corr, sizeof(t->corr), "%s", c);
        }
        pl_buf_reset(&expr);
        append_term(&expr, t);
        long long df = count_matches(kb, expr.data);
        if (df < 0) {
            set_err(kb, "search failed: %s", sqlite3_errmsg(kb->db));
            pl_buf_free(&expr);
            return PL_ERR_STORE;
        }
        double n = (double)total, d = (double)df;
        if (d > n)
            d = n;
        t->weight = log(1.0 + (n - d + 0.5) / (d + 0.5));
    }
    pl_buf_free(&expr);
    return (int)a->n;
}

int pl_kb_query_terms(pl_kb_t *kb, const char *query, pl_kb_term_t *terms, size_t max)
{
    pool_reset(&kb->term_strings);
    kb->err[0] = '\0';
    analysis_t a;
    int rv = analyse(kb, query, &a);
    if (rv < 0)
        return rv;
    size_t n = 0;
    for (size_t i = 0; i < a.n && n < max; i++, n++) {
        terms[n].word = pool_add(&kb->term_strings, a.t[i].word);
        terms[n].correction = a.t[i].corr[0] ? pool_add(&kb->term_strings, a.t[i].corr) : NULL;
        terms[n].weight = a.t[i].weight;
    }
    return (int)n;
}

/* Coverage of the query weight by the phrases in bits (any column, or fields only). */
static void coverage(const analysis_t *a, sqlite3_int64 bits, double *any, double *fields)
{
    double total = 0, hit = 0, fhit = 0;
    for (size_t i = 0; i < a->n; i++) {
        total += a->t[i].weight;
        sqlite3_int64 m = ((sqlite3_int64)3) << (2 * i);
        if (bits & m)
            hit += a->t[i].weight;
        if ((bits >> 32) & m)
            fhit += a->t[i].weight;
    }
    *any = total > 0 ? hit / total : 0;
    *fields = total > 0 ? fhit / total : 0;
}

/* The match expression: every word OR-ed; words that are not corrected still take two
 * phrase slots so phrase 2i (+1) is word i. */
static void build_expr(const analysis_t *a, pl_buf_t *b, const char *columns)
{
    pl_buf_reset(b);
    if (columns != NULL) {
        pl_buf_append_str(b, columns);
        pl_buf_append_str(b, " : (");
    }
    for (size_t i = 0; i < a->n; i++) {
        if (i > 0)
            pl_buf_append_str(b, " OR ");
        qterm_t t = a->t[i];
        if (t.corr[0] == '\0')
            snprintf(t.corr, sizeof(t.corr), "%s", t.word); /* the same phrase twice */
        append_term(b, &t);
    }
    if (columns != NULL)
        pl_buf_append_str(b, ")");
}

/* ---------------------------------------------------------------------- */
/* Lessons                                                                */

static int cmp_lesson(const void *a, const void *b)
{
    const pl_kb_lesson_t *x = *(pl_kb_lesson_t *const *)a, *y = *(pl_kb_lesson_t *const *)b;
    return strcmp(x->id, y->id);
}

size_t pl_kb_lesson_count(const pl_kb_t *kb)
{
    return kb->n_lessons;
}

const pl_kb_lesson_t *pl_kb_lesson_at(const pl_kb_t *kb, size_t i)
{
    return i < kb->n_lessons ? kb->lessons[i] : NULL;
}

/* Index of the lesson with that id, or -1. */
static long lesson_index(const pl_kb_t *kb, const char *id)
{
    if (id == NULL)
        return -1;
    size_t lo = 0, hi = kb->n_lessons;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(kb->lessons[mid]->id, id);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

const pl_kb_lesson_t *pl_kb_lesson_get(const pl_kb_t *kb, const char *id)
{
    long i = lesson_index(kb, id);
    return i < 0 ? NULL : kb->lessons[i];
}

static int read_file(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 16 * 1024 * 1024) {
        close(fd);
        errno = EFBIG;
        return -1;
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = pl_malloc(n + 1);
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

static int insert_passage(pl_kb_t *kb, int source, const char *lesson_id, int section,
                          const char *doc_id, const char *chunk_id, const char *owner,
                          int page_start, int page_end, const char *title, const char *heading,
                          const char *keywords, const char *body)
{
    sqlite3_stmt *st = kb->st[S_PASSAGE_INSERT];
    sqlite3_bind_int(st, 1, source);
    sqlite3_bind_text(st, 2, lesson_id, -1, SQLITE_STATIC);
    if (source == PL_KB_LESSON)
        sqlite3_bind_int(st, 3, section);
    sqlite3_bind_text(st, 4, doc_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, chunk_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, owner, -1, SQLITE_STATIC);
    if (source == PL_KB_DOCUMENT) {
        sqlite3_bind_int(st, 7, page_start);
        sqlite3_bind_int(st, 8, page_end);
    }
    sqlite3_bind_text(st, 9, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, heading, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, keywords, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, body, -1, SQLITE_STATIC);
    int rv = step_done(kb, st);
    if (rv != 0)
        return rv;
    const char *fields[4] = {title, heading, keywords, body};
    return terms_update(kb, fields, 4, +1);
}

static int index_lesson(pl_kb_t *kb, const pl_kb_lesson_t *l)
{
    pl_buf_t kw = PL_BUF_INIT(0), facts = PL_BUF_INIT(0);
    for (size_t i = 0; i < l->n_keywords; i++) {
        if (i > 0)
            pl_buf_append_str(&kw, ", ");
        pl_buf_append_str(&kw, l->keywords[i]);
    }
    for (size_t i = 0; i < l->n_facts; i++) {
        if (i > 0)
            pl_buf_append_str(&facts, "\n");
        pl_buf_append_str(&facts, l->facts[i]);
    }
    const char *kws = kw.data ? kw.data : "";
    int rv = 0;
    for (size_t i = 0; i < l->n_sections && rv == 0; i++)
        rv = insert_passage(kb, PL_KB_LESSON, l->id, (int)i, NULL, NULL, NULL, 0, 0, l->title,
                            l->sections[i].heading, kws, l->sections[i].text);
    if (rv == 0 && l->n_facts > 0)
        rv = insert_passage(kb, PL_KB_LESSON, l->id, -1, NULL, NULL, NULL, 0, 0, l->title,
                            "Key facts", kws, facts.data);
    pl_buf_free(&kw);
    pl_buf_free(&facts);
    return rv;
}

/* Two lessons at one position of a series make the order ambiguous: an error naming the
 * second file (in name order) and its 'series:' line. */
static int check_series(pl_kb_t *kb, const char *dir, pl_kb_lesson_t *const *lessons, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        const pl_kb_lesson_t *b = lessons[j];
        if (b->series == NULL)
            continue;
        for (size_t i = 0; i < j; i++) {
            const pl_kb_lesson_t *a = lessons[i];
            if (a->series == NULL || a->series_pos != b->series_pos ||
                strcmp(a->series, b->series) != 0)
                continue;
            set_err(kb, "%s/%s.md:%d: series '%s' position %d is also the position of %s.md",
                    dir, b->id, kb_lesson_series_line(b), b->series, b->series_pos, a->id);
            return PL_ERR_PARSE;
        }
    }
    return 0;
}

static int ends_with_md(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0 && name[0] != '.';
}

int pl_kb_load_lessons(pl_kb_t *kb, const char *dir)
{
    kb->err[0] = '\0';
    if (dir == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    DIR *d = opendir(dir);
    if (d == NULL) {
        set_err(kb, "%s: %s", dir, strerror(errno));
        pl_log_error(MOD, "%s", kb->err);
        return errno == ENOENT ? PL_ERR_NOT_FOUND : PL_ERR_IO;
    }
    char **names = NULL;
    size_t n_names = 0, cap = 0;
    struct dirent *e;
    int rv = 0;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with_md(e->d_name))
            continue;
        if (n_names == KB_MAX_LESSON_FILES) {
            set_err(kb, "%s: more than %d lesson files", dir, KB_MAX_LESSON_FILES);
            rv = PL_ERR_TOO_LARGE;
            break;
        }
        if (n_names == cap) {
            cap = cap ? cap * 2 : 64;
            names = pl_realloc(names, cap * sizeof(*names));
        }
        names[n_names++] = pl_strdup(e->d_name);
    }
    closedir(d);
    if (n_names > 0)
        qsort(names, n_names, sizeof(*names), cmp_str);

    /* Parse everything first: a malformed file changes nothing. */
    pl_kb_lesson_t **lessons = pl_calloc(n_names ? n_names : 1, sizeof(*lessons));
    size_t n_lessons = 0;
    char perr[400];
    for (size_t i = 0; i < n_names && rv == 0; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        char *text = NULL;
        size_t len = 0;
        if (read_file(path, &text, &len) != 0) {
            set_err(kb, "%s: %s", path, strerror(errno));
            rv = PL_ERR_IO;
            break;
        }
        rv = pl_kb_lesson_parse(names[i], text, len, &lessons[n_lessons], perr, sizeof(perr));
        pl_free(text);
        if (rv != 0) {
            set_err(kb, "%s/%s", dir, perr);
            break;
        }
        n_lessons++;
    }
    if (rv == 0)
        rv = check_series(kb, dir, lessons, n_lessons);

    /* Then index them in one transaction. */
    if (rv == 0) {
        rv = step_done(kb, kb->st[S_BEGIN]);
        if (rv == 0) {
            rv = terms_remove_rows(kb, kb->st[S_LESSON_PASSAGES]);
            if (rv == 0)
                rv = step_done(kb, kb->st[S_LESSON_DELETE]);
            for (size_t i = 0; i < n_lessons && rv == 0; i++)
                rv = index_lesson(kb, lessons[i]);
            if (rv == 0)
                rv = step_done(kb, kb->st[S_COMMIT]);
            if (rv != 0) {
                char keep[sizeof(kb->err)];
                memcpy(keep, kb->err, sizeof(keep));
                step_done(kb, kb->st[S_ROLLBACK]);
                memcpy(kb->err, keep, sizeof(keep));
                kb->vocab_stale = 1;
            }
        }
    }

    for (size_t i = 0; i < n_names; i++)
        pl_free(names[i]);
    pl_free(names);
    if (rv != 0) {
        for (size_t i = 0; i < n_lessons; i++)
            pl_kb_lesson_free(lessons[i]);
        pl_free(lessons);
        pl_log_error(MOD, "lessons not loaded: %s", kb->err);
        return rv;
    }
    for (size_t i = 0; i < kb->n_lessons; i++)
        pl_kb_lesson_free(kb->lessons[i]);
    pl_free(kb->lessons);
    kb->lessons = lessons;
    kb->n_lessons = n_lessons;
    qsort(kb->lessons, kb->n_lessons, sizeof(*kb->lessons), cmp_lesson);
    pl_log_info(MOD, "%zu lessons loaded from %s", n_lessons, dir);
    return (int)n_lessons;
}

/* ---------------------------------------------------------------------- */
/* Search                                                                 */

typedef struct cand {
    int source;
    const char *lesson_id, *document_id, *chunk_id, *title, *text;
    int section, page_start, page_end;
    double bm, score;
    size_t order;
} cand_t;

static int cmp_cand(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

int pl_kb_search(pl_kb_t *kb, const char *query, const pl_kb_filter_t *f, pl_kb_hit_t *hits,
                 size_t max)
{
    pool_reset(&kb->hit_strings);
    pool_reset(&kb->term_strings);
    kb->err[0] = '\0';
    analysis_t a;
    int rv = analyse(kb, query, &a);
    if (rv <= 0 || max == 0)
        return rv < 0 ? rv : 0;
    unsigned sources = f && f->sources ? f->sources : PL_KB_LESSON;
    const char *lesson_id = f ? f->lesson_id : NULL;
    const char *owner = f ? f->owner : NULL;
    int want_lessons = (sources & PL_KB_LESSON) != 0 || lesson_id != NULL;
    int want_docs = (sources & PL_KB_DOCUMENT) != 0 && owner != NULL && lesson_id == NULL;

    pl_buf_t expr = PL_BUF_INIT(0);
    build_expr(&a, &expr, NULL);
    sqlite3_stmt *st = kb->st[S_SEARCH];
    sqlite3_bind_text(st, 1, expr.data, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, want_lessons);
    if (lesson_id != NULL)
        sqlite3_bind_text(st, 3, lesson_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, want_docs);
    if (owner != NULL)
        sqlite3_bind_text(st, 5, owner, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 6, KB_CANDIDATES);
    pl_buf_free(&expr);

    cand_t c[KB_CANDIDATES];
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < KB_CANDIDATES) {
        cand_t *x = &c[n];
        x->source = sqlite3_column_int(st, 0);
        x->lesson_id = col_text(st, 1);
        if (x->source == PL_KB_LESSON && pl_kb_lesson_get(kb, x->lesson_id) == NULL)
            continue; /* left from a curriculum that is not loaded */
        x->lesson_id = pool_add(&kb->hit_strings, x->lesson_id);
        x->section = sqlite3_column_int(st, 2);
        x->document_id = pool_add(&kb->hit_strings, col_text(st, 3));
        x->chunk_id = pool_add(&kb->hit_strings, col_text(st, 4));
        x->page_start = sqlite3_column_int(st, 5);
        x->page_end = sqlite3_column_int(st, 6);
        x->title = pool_add(&kb->hit_strings, col_text(st, 7));
        x->text = pool_add(&kb->hit_strings, col_text(st, 8));
        x->bm = -sqlite3_column_double(st, 9);
        if (x->bm < 0)
            x->bm = 0;
        double any, fields;
        coverage(&a, sqlite3_column_int64(st, 10), &any, &fields);
        x->score = 0.6 * any + 0.2 * fields + 0.2 * (x->bm / (x->bm + KB_BM_HALF));
        if (x->score > 1)
            x->score = 1;
        x->order = n;
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        set_err(kb, "search failed: %s", sqlite3_errmsg(kb->db));
        reset_stmt(st);
        return PL_ERR_STORE;
    }
    reset_stmt(st);
    qsort(c, n, sizeof(*c), cmp_cand);
    size_t k = 0;
    for (; k < n && k < max; k++) {
        pl_kb_hit_t *h = &hits[k];
        memset(h, 0, sizeof(*h));
        h->source = (pl_kb_source_t)c[k].source;
        h->title = c[k].title ? c[k].title : "";
        h->text = c[k].text ? c[k].text : "";
        h->score = c[k].score;
        if (h->source == PL_KB_LESSON) {
            h->lesson_id = c[k].lesson_id;
            h->section = c[k].section;
        } else {
            h->section = -1;
            h->document_id = c[k].document_id;
            h->chunk_id = c[k].chunk_id;
            h->filename = c[k].title;
            h->page_start = c[k].page_start;
            h->page_end = c[k].page_end;
        }
    }
    return (int)k;
}

/* Dice coefficient of the character trigrams of two lower-cased strings. */
static double trigram_similarity(const char *a, const char *b)
{
    char x[128], y[128];
    size_t nx = 0, ny = 0;
    /* " word word " padded, letters and digits only, lower case */
    const char *src[2] = {a, b};
    char *dst[2] = {x, y};
    size_t *len[2] = {&nx, &ny};
    for (int s = 0; s < 2; s++) {
        size_t n = 0;
        dst[s][n++] = ' ';
        for (const char *p = src[s]; *p != '\0' && n < sizeof(x) - 2; p++) {
            unsigned char ch = (unsigned char)*p;
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80)
                dst[s][n++] = (char)ch;
            else if (ch >= 'A' && ch <= 'Z')
                dst[s][n++] = (char)(ch - 'A' + 'a');
            else if (dst[s][n - 1] != ' ')
                dst[s][n++] = ' ';
        }
        if (dst[s][n - 1] != ' ')
            dst[s][n++] = ' ';
        *len[s] = n;
    }
    if (nx < 3 || ny < 3)
        return 0;
    int used[128] = {0};
    int common = 0;
    for (size_t i = 0; i + 2 < nx; i++) {
        for (size_t j = 0; j + 2 < ny; j++) {
            if (!used[j] && memcmp(x + i, y + j, 3) == 0) {
                used[j] = 1;
                common++;
                break;
            }
        }
    }
    return 2.0 * common / (double)((nx - 2) + (ny - 2));
}

typedef struct lesson_score {
    const pl_kb_lesson_t *l;
    double cov, sim, bm, score;
} lesson_score_t;

static int cmp_lesson_score(const void *a, const void *b)
{
    const lesson_score_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->bm != y->bm)
        return x->bm > y->bm ? -1 : 1;
    return strcmp(x->l->id, y->l->id);
}

int pl_kb_find_lessons(pl_kb_t *kb, const char *topic, pl_kb_lesson_match_t *out, size_t max)
{
    pool_reset(&kb->term_strings);
    kb->err[0] = '\0';
    if (kb->n_lessons == 0 || max == 0 || topic == NULL)
        return 0;
    analysis_t a;
    int rv = analyse(kb, topic, &a);
    if (rv < 0)
        return rv;
    lesson_score_t *ls = pl_calloc(kb->n_lessons, sizeof(*ls));
    for (size_t i = 0; i < kb->n_lessons; i++)
        ls[i].l = kb->lessons[i];
    if (a.n > 0) {
        pl_buf_t expr = PL_BUF_INIT(0);
        build_expr(&a, &expr, "{title keywords}");
        sqlite3_stmt *st = kb->st[S_FIND_LESSONS];
        sqlite3_bind_text(st, 1, expr.data, -1, SQLITE_TRANSIENT);
        pl_buf_free(&expr);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            long li = lesson_index(kb, col_text(st, 0));
            if (li < 0)
                continue;
            lesson_score_t *x = &ls[li];
            double any, fields;
            coverage(&a, sqlite3_column_int64(st, 2), &any, &fields);
            double bm = -sqlite3_column_double(st, 1);
            if (fields > x->cov)
                x->cov = fields;
            if (bm > x->bm)
                x->bm = bm;
        }
        if (rc != SQLITE_DONE) {
            set_err(kb, "lesson search failed: %s", sqlite3_errmsg(kb->db));
            reset_stmt(st);
            pl_free(ls);
            return PL_ERR_STORE;
        }
        reset_stmt(st);
    }
    /* Content words only, so "the water cycle" compares as "water cycle". */
    pl_buf_t words = PL_BUF_INIT(0);
    for (size_t i = 0; i < a.n; i++) {
        if (i > 0)
            pl_buf_append_str(&words, " ");
        pl_buf_append_str(&words, a.t[i].corr[0] ? a.t[i].corr : a.t[i].word);
    }
    for (size_t i = 0; i < kb->n_lessons; i++) {
        ls[i].sim = words.len ? trigram_similarity(words.data, ls[i].l->title) : 0;
        double best = ls[i].cov > ls[i].sim ? ls[i].cov : ls[i].sim;
        ls[i].score = 0.85 * best + 0.15 * ls[i].sim;
    }
    pl_buf_free(&words);
    qsort(ls, kb->n_lessons, sizeof(*ls), cmp_lesson_score);
    size_t n = 0;
    for (size_t i = 0; i < kb->n_lessons && n < max; i++) {
        if (ls[i].score <= 0)
            break;
        out[n].lesson = ls[i].l;
        out[n].score = ls[i].score;
        n++;
    }
    pl_free(ls);
    return (int)n;
}

/* ---------------------------------------------------------------------- */
/* Series                                                                 */

typedef struct series_score {
    const char *name;
    size_t n_lessons;
    double score;
} series_score_t;

static int cmp_series_score(const void *a, const void *b)
{
    const series_score_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->name, y->name);
}

/*
 * 1 when a query word stands for a word of a name in a form the search
 * accepts: the same word, a prefix of four letters or more ("equat" finds
 * "equation"), or a word the spelling correction would take it for (edit
 * distance 1, or 2 from eight letters: "indian" for "india").
 */
static int name_word_matches(const char *q, const char *w, size_t wl)
{
    size_t ql = strlen(q);
    if (ql == 0)
        return 0;
    if (ql == wl && memcmp(q, w, wl) == 0)
        return 1;
    if (ql >= 4 && ql < wl && memcmp(q, w, ql) == 0)
        return 1;
    if (ql < 4 || wl < 3)
        return 0;
    int max = ql >= 8 ? 2 : 1;
    return kb_edit_distance(q, ql, w, wl, max) <= max;
}

typedef struct name_match {
    const qterm_t *t;
    int hit;
} name_match_t;

static int match_name_word(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    name_match_t *m = ud;
    if (kb_is_stop_word(word, len))
        return 0;
    m->hit = name_word_matches(m->t->word, word, len) ||
             (m->t->corr[0] != '\0' && name_word_matches(m->t->corr, word, len));
    return m->hit;
}

int pl_kb_find_series(pl_kb_t *kb, const char *topic, pl_kb_series_match_t *out, size_t max)
{
    pool_reset(&kb->term_strings);
    kb->err[0] = '\0';
    if (max == 0 || topic == NULL)
        return 0;
    series_score_t *ss = NULL;
    size_t n = 0;
    for (size_t i = 0; i < kb->n_lessons; i++) {
        const char *name = kb->lessons[i]->series;
        if (name == NULL)
            continue;
        size_t k = 0;
        while (k < n && strcmp(ss[k].name, name) != 0)
            k++;
        if (k == n) {
            if (n == 0)
                ss = pl_calloc(kb->n_lessons, sizeof(*ss));
            ss[n].name = name;
            n++;
        }
        ss[k].n_lessons++;
    }
    if (n == 0)
        return 0;
    analysis_t a;
    int rv = analyse(kb, topic, &a);
    if (rv < 0) {
        pl_free(ss);
        return rv;
    }
    /* content words only, as pl_kb_find_lessons compares them with titles */
    pl_buf_t words = PL_BUF_INIT(0);
    double total = 0;
    for (size_t i = 0; i < a.n; i++) {
        if (i > 0)
            pl_buf_append_str(&words, " ");
        pl_buf_append_str(&words, a.t[i].corr[0] ? a.t[i].corr : a.t[i].word);
        total += a.t[i].weight;
    }
    for (size_t k = 0; k < n; k++) {
        double hit = 0;
        for (size_t i = 0; i < a.n; i++) {
            name_match_t m = {&a.t[i], 0};
            kb_words(ss[k].name, strlen(ss[k].name), match_name_word, &m);
            if (m.hit)
                hit += a.t[i].weight;
        }
        double cov = total > 0 ? hit / total : 0;
        double sim = words.len ? trigram_similarity(words.data, ss[k].name) : 0;
        double best = cov > sim ? cov : sim;
        ss[k].score = 0.85 * best + 0.15 * sim;
    }
    pl_buf_free(&words);
    qsort(ss, n, sizeof(*ss), cmp_series_score);
    size_t m = 0;
    for (size_t k = 0; k < n && m < max; k++) {
        if (ss[k].score <= 0)
            break;
        out[m].name = ss[k].name;
        out[m].n_lessons = ss[k].n_lessons;
        out[m].score = ss[k].score;
        m++;
    }
    pl_free(ss);
    return (int)m;
}

size_t pl_kb_series_lessons(const pl_kb_t *kb, const char *name, const pl_kb_lesson_t **out,
                            size_t max)
{
    if (name == NULL)
        return 0;
    size_t count = 0;
    for (size_t i = 0; i < kb->n_lessons; i++)
        count += kb->lessons[i]->series != NULL && strcmp(kb->lessons[i]->series, name) == 0;
    /* in position order: each time the lowest position above the last one */
    int last = 0;
    for (size_t k = 0; k < max && k < count; k++) {
        const pl_kb_lesson_t *best = NULL;
        for (size_t i = 0; i < kb->n_lessons; i++) {
            const pl_kb_lesson_t *l = kb->lessons[i];
            if (l->series != NULL && l->series_pos > last && strcmp(l->series, name) == 0 &&
                (best == NULL || l->series_pos < best->series_pos))
                best = l;
        }
        if (best == NULL)
            break;
        out[k] = best;
        last = best->series_pos;
    }
    return count;
}

const pl_kb_lesson_t *pl_kb_series_next(const pl_kb_t *kb, const pl_kb_lesson_t *l)
{
    if (l == NULL || l->series == NULL)
        return NULL;
    const pl_kb_lesson_t *best = NULL;
    for (size_t i = 0; i < kb->n_lessons; i++) {
        const pl_kb_lesson_t *x = kb->lessons[i];
        if (x->series != NULL && x->series_pos > l->series_pos &&
            strcmp(x->series, l->series) == 0 && (best == NULL || x->series_pos < best->series_pos))
            best = x;
    }
    return best;
}

/* ---------------------------------------------------------------------- */
/* Documents                                                              */

static int make_id(char out[40])
{
    unsigned char r[16];
    size_t got = 0;
    while (got < sizeof(r)) {
        ssize_t n = getrandom(r + got, sizeof(r) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof(r); i++) {
        out[2 * i] = hex[r[i] >> 4];
        out[2 * i + 1] = hex[r[i] & 15];
    }
    out[32] = '\0';
    return 0;
}

int pl_kb_doc_add(pl_kb_t *kb, const char *owner, const char *filename, const char *mime,
                  size_t bytes, const pl_kb_page_t *pages, size_t n_pages, char id_out[40])
{
    kb->err[0] = '\0';
    if (owner == NULL || *owner == '\0' || filename == NULL || *filename == '\0' ||
        mime == NULL || (pages == NULL && n_pages > 0) || id_out == NULL) {
        set_err(kb, "a document needs an owner, a file name, a type and its pages");
        return PL_ERR_INVALID_ARGUMENT;
    }
    int max_page = 0;
    for (size_t i = 0; i < n_pages; i++) {
        size_t bad = 0;
        if (pages[i].number < 0) {
            set_err(kb, "%s: page %zu has a negative number", filename, i + 1);
            return PL_ERR_INVALID_ARGUMENT;
        }
        if (pages[i].text == NULL && pages[i].len > 0) {
            set_err(kb, "%s: page %d has no text", filename, pages[i].number);
            return PL_ERR_INVALID_ARGUMENT;
        }
        if (pages[i].text != NULL && !kb_utf8_valid(pages[i].text, pages[i].len, &bad)) {
            set_err(kb, "%s: page %d is not valid UTF-8 (byte %zu)", filename, pages[i].number,
                    bad + 1);
            return PL_ERR_UTF8;
        }
        if (pages[i].text != NULL && memchr(pages[i].text, '\0', pages[i].len) != NULL) {
            set_err(kb, "%s: page %d holds a NUL byte", filename, pages[i].number);
            return PL_ERR_INVALID_ARGUMENT;
        }
        if (pages[i].number > max_page)
            max_page = pages[i].number;
    }
    char id[40];
    if (make_id(id) != 0) {
        set_err(kb, "no random bytes for a document id: %s", strerror(errno));
        return PL_ERR_IO;
    }
    kb_chunk_t *chunks = NULL;
    size_t n_chunks = kb_chunk_pages(pages, n_pages, &chunks);

    int rv = step_done(kb, kb->st[S_BEGIN]);
    if (rv != 0) {
        kb_chunks_free(chunks, n_chunks);
        return rv;
    }
    sqlite3_stmt *st = kb->st[S_DOC_INSERT];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, owner, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, filename, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, mime, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, max_page);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)n_chunks);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)bytes);
    sqlite3_bind_int64(st, 8, now_ms());
    rv = step_done(kb, st);
    for (size_t i = 0; i < n_chunks && rv == 0; i++) {
        char chunk_id[64];
        snprintf(chunk_id, sizeof(chunk_id), "%s_c%zu", id, i + 1);
        rv = insert_passage(kb, PL_KB_DOCUMENT, NULL, -1, id, chunk_id, owner,
                            chunks[i].page_start, chunks[i].page_end, filename, "", "",
                            chunks[i].text);
    }
    if (rv == 0)
        rv = step_done(kb, kb->st[S_COMMIT]);
    kb_chunks_free(chunks, n_chunks);
    if (rv != 0) {
        char keep[sizeof(kb->err)];
        memcpy(keep, kb->err, sizeof(keep));
        step_done(kb, kb->st[S_ROLLBACK]);
        memcpy(kb->err, keep, sizeof(keep));
        kb->vocab_stale = 1;
        pl_log_warn(MOD, "document %s of %s not added: %s", filename, owner, kb->err);
        return rv;
    }
    memcpy(id_out, id, 33);
    pl_log_info(MOD, "document %s (%s, %zu chunks) added for %s", id, filename, n_chunks, owner);
    return 0;
}

typedef struct doc_row {
    char *id, *owner, *filename, *mime;
    int pages, chunks;
    size_t bytes;
    int64_t created_ms;
} doc_row_t;

int pl_kb_doc_list(pl_kb_t *kb, const char *owner, int (*fn)(const pl_kb_doc_t *d, void *ud),
                   void *ud)
{
    kb->err[0] = '\0';
    if (owner == NULL || fn == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    /* Rows are read first so fn may call the kb (a delete, another list). */
    sqlite3_stmt *st = kb->st[S_DOC_LIST];
    sqlite3_bind_text(st, 1, owner, -1, SQLITE_TRANSIENT);
    doc_row_t *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            rows = pl_realloc(rows, cap * sizeof(*rows));
        }
        doc_row_t *r = &rows[n++];
        r->id = pl_strdup(col_text(st, 0) ? col_text(st, 0) : "");
        r->owner = pl_strdup(col_text(st, 1) ? col_text(st, 1) : "");
        r->filename = pl_strdup(col_text(st, 2) ? col_text(st, 2) : "");
        r->mime = pl_strdup(col_text(st, 3) ? col_text(st, 3) : "");
        r->pages = sqlite3_column_int(st, 4);
        r->chunks = sqlite3_column_int(st, 5);
        r->bytes = (size_t)sqlite3_column_int64(st, 6);
        r->created_ms = sqlite3_column_int64(st, 7);
    }
    int rv = 0;
    if (rc != SQLITE_DONE) {
        set_err(kb, "listing documents failed: %s", sqlite3_errmsg(kb->db));
        rv = PL_ERR_STORE;
    }
    reset_stmt(st);
    for (size_t i = 0; i < n && rv == 0; i++) {
        pl_kb_doc_t d = {rows[i].id,    rows[i].owner,  rows[i].filename, rows[i].mime,
                         rows[i].pages, rows[i].chunks, rows[i].bytes,    rows[i].created_ms};
        if (fn(&d, ud) != 0)
            break;
    }
    for (size_t i = 0; i < n; i++) {
        pl_free(rows[i].id);
        pl_free(rows[i].owner);
        pl_free(rows[i].filename);
        pl_free(rows[i].mime);
    }
    pl_free(rows);
    return rv;
}

int pl_kb_doc_delete(pl_kb_t *kb, const char *owner, const char *id)
{
    kb->err[0] = '\0';
    if (owner == NULL || id == NULL)
        return PL_ERR_NOT_FOUND;
    int rv = step_done(kb, kb->st[S_BEGIN]);
    if (rv != 0)
        return rv;
    sqlite3_stmt *st = kb->st[S_DOC_OWNER];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *o = col_text(st, 0);
        found = o != NULL && strcmp(o, owner) == 0;
    }
    reset_stmt(st);
    if (!found) {
        step_done(kb, kb->st[S_ROLLBACK]);
        set_err(kb, "no document %s for this user", id);
        return PL_ERR_NOT_FOUND;
    }
    st = kb->st[S_DOC_PASSAGES];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    rv = terms_remove_rows(kb, st);
    if (rv == 0) {
        st = kb->st[S_DOC_PASSAGES_DELETE];
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        rv = step_done(kb, st);
    }
    if (rv == 0) {
        st = kb->st[S_DOC_DELETE];
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        rv = step_done(kb, st);
    }
    if (rv == 0)
        rv = step_done(kb, kb->st[S_COMMIT]);
    if (rv != 0) {
        char keep[sizeof(kb->err)];
        memcpy(keep, kb->err, sizeof(keep));
        step_done(kb, kb->st[S_ROLLBACK]);
        memcpy(kb->err, keep, sizeof(keep));
        kb->vocab_stale = 1;
        return rv;
    }
    return 0;
}
