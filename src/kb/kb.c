/*
 * kb.c - the knowledge base: lessons and documents as passages in SQLite
 * FTS5 indexes, searched with BM25.
 *
 * Tables of the file (schema version 1, PRAGMA user_version):
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
 * The loaded lessons are also indexed, at load, in a second FTS5 table
 * (contentless, the same columns and tokenizer) on an in-memory SQLite
 * connection: the lesson index. A search that may not return documents
 * (lessons only, or one lesson) runs there and never touches the file; its
 * statistics (word weights, BM25) are the curriculum's. A search that may
 * return the user's documents runs over passages_fts, the lessons and every
 * document, as before. In memory too: which rows of passages are the
 * loaded lessons' and which are whose documents (so no search joins
 * passages), each row's size in tokens (BM25's D, read from FTS5's docsize
 * table at open and kept in step with the kb's writes), and the document
 * frequencies of recent query words (until the next write). The file is
 * read through a memory map and a 32 MiB page cache.
 *
 * A search (see docs/brains.md, section "lessons"):
 *  1. the query's words, stop words dropped, at most KB_MAX_TERMS; a word
 *     of four letters or more that is neither indexed nor the start of an
 *     indexed word is corrected to the nearest indexed word (edit distance
 *     1, or 2 for words of eight letters or more; the commoner word wins a
 *     tie), and searched as well as the original;
 *  2. one FTS5 query OR-ing every word, as a prefix for words of four
 *     letters or more ("equat"* finds equation, equations), in one pass
 *     that also counts each word's rows (kb_rank.c);
 *  3. the best KB_CANDIDATES rows by BM25 with column weights title 6,
 *     heading 3, keywords 4, body 1 are scored in [0, 1]:
 *        0.6 * coverage + 0.2 * field + 0.2 * bm / (bm + KB_BM_HALF)
 *     coverage: the share of the query's weight (the words' IDF) the
 *     passage holds; field: the share found in its title, heading or
 *     keywords; bm: the BM25 score.
 *
 * Lessons are parsed into memory at load and re-indexed in one
 * transaction; passages of lessons that are not loaded are never returned.
 * Lesson series (a name and a position per lesson) live in memory only: a
 * topic is matched against series names with the same query analysis and
 * score as against lesson titles (pl_kb_find_series).
 */
#include "kb_int.h"
#include "kb_rank.h"

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
#define KB_MAX_TERMS KB_RANK_MAX_TERMS /* query words used (two phrases each) */
#define KB_CANDIDATES 64         /* rows rescored per search */
#define KB_BM_HALF 8.0           /* BM25 score that scores half of its part */
#define KB_MAX_LESSON_FILES 4096
#define KB_MEMO_SLOTS 512        /* remembered document frequencies (a power of two) */
#define KB_MMAP_BYTES 268435456  /* the file is read through a memory map up to this size */
#define KB_CACHE_KIB 32768       /* and a page cache of up to this many KiB */
#define KB_DSZ_MAX (64 << 20)    /* row sizes kept in memory for rowids below this */

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

/* The lesson index: the same columns and tokenizer, no content (the kb has the text). */
static const char *const lesson_schema_sql =
    "CREATE VIRTUAL TABLE lesson_fts USING fts5(title, heading, keywords, body, content='',"
    " tokenize='porter unicode61 remove_diacritics 2');";

enum {
    S_BEGIN,
    S_READ,
    S_COMMIT,
    S_ROLLBACK,
    S_PASSAGE_INSERT,
    S_LESSON_PASSAGES,
    S_LESSON_DELETE,
    S_DOC_PASSAGES,
    S_DOC_PASSAGES_DELETE,
    S_DOC_ROWIDS,
    S_DOC_INSERT,
    S_DOC_OWNER,
    S_DOC_DELETE,
    S_DOC_LIST,
    S_DOC_RANGES,
    S_TERM_ADD,
    S_TERM_SUB,
    S_TERM_PRUNE,
    S_TERMS_ALL,
    S_PASSAGE_COUNT,
    S_PASSAGE_GET,
    S_PASS,
    S_SIZE,
    S_SIZES,
    S_COUNT
};

static const char *const sql[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_READ] = "BEGIN",
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
    [S_DOC_ROWIDS] = "SELECT id FROM passages WHERE document_id = ?1 ORDER BY id",
    [S_DOC_INSERT] =
        ("INSERT INTO documents(id, owner, filename, mime, pages, chunks, bytes, created_ms)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
    [S_DOC_OWNER] = "SELECT owner FROM documents WHERE id = ?1",
    [S_DOC_DELETE] = "DELETE FROM documents WHERE id = ?1",
    [S_DOC_LIST] = ("SELECT id, owner, filename, mime, pages, chunks, bytes, created_ms"
                    " FROM documents WHERE owner = ?1 ORDER BY created_ms DESC, rowid DESC"),
    [S_DOC_RANGES] = "SELECT id, owner FROM passages WHERE source = 2 ORDER BY id",
    [S_TERM_ADD] = ("INSERT INTO terms(term, df) VALUES (?1, 1)"
                    " ON CONFLICT(term) DO UPDATE SET df = df + 1"),
    [S_TERM_SUB] = "UPDATE terms SET df = df - 1 WHERE term = ?1",
    [S_TERM_PRUNE] = "DELETE FROM terms WHERE df <= 0",
    [S_TERMS_ALL] = "SELECT term, df FROM terms ORDER BY term",
    [S_PASSAGE_COUNT] = "SELECT count(*) FROM passages",
    [S_PASSAGE_GET] = ("SELECT document_id, chunk_id, page_start, page_end, title, body"
                       " FROM passages WHERE id = ?1"),
    [S_PASS] = "SELECT pl_kb_pass(passages_fts, ?2) FROM passages_fts WHERE passages_fts MATCH ?1",
    [S_SIZE] = "SELECT sz FROM passages_fts_docsize WHERE id = ?1",
    [S_SIZES] = "SELECT id, sz FROM passages_fts_docsize",
};

/* Statements of the lesson index. */
enum { L_INSERT, L_PASS, L_SIZE, L_FIND, L_COUNT };

static const char *const lesson_sql[L_COUNT] = {
    [L_INSERT] = "INSERT INTO lesson_fts(rowid, title, heading, keywords, body)"
                 " VALUES (?1, ?2, ?3, ?4, ?5)",
    [L_PASS] = "SELECT pl_kb_pass(lesson_fts, ?2) FROM lesson_fts WHERE lesson_fts MATCH ?1",
    [L_SIZE] = "SELECT sz FROM lesson_fts_docsize WHERE id = ?1",
    [L_FIND] = ("SELECT rowid, " KB_RANK_BM25("lesson_fts") ", pl_kb_matches(lesson_fts)"
                " FROM lesson_fts WHERE lesson_fts MATCH ?1"
                " ORDER BY " KB_RANK_BM25("lesson_fts") " LIMIT 2000"),
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

/* One passage of a loaded lesson: row i + 1 of the lesson index. */
typedef struct lpass {
    const pl_kb_lesson_t *lesson;
    size_t li;                /* the lesson's index in kb->lessons */
    int section;              /* -1: the key facts */
    const char *body;         /* the section's text, or facts */
    char *facts;              /* owned: the key facts, one a line (section -1) */
    sqlite3_int64 disk_rowid; /* its row of passages */
    int ntok;                 /* its tokens in the index (BM25's D) */
} lpass_t;

/* A lesson passage's row of passages and its index in lindex_t.p. */
typedef struct dpair {
    sqlite3_int64 rowid;
    size_t i;
} dpair_t;

/* The lesson index: its own in-memory connection and the passages in row order. */
typedef struct lindex {
    sqlite3 *db;
    sqlite3_stmt *st[L_COUNT];
    lpass_t *p;
    size_t n, cap;
    dpair_t *by_disk; /* by ascending rowid */
} lindex_t;

/* Rows lo..hi of passages are documents of one owner. */
typedef struct drange {
    sqlite3_int64 lo, hi;
    uint32_t owner;
} drange_t;

/* A remembered document frequency: word (and correction) in an index. */
typedef struct memo {
    unsigned gen; /* valid when it is kb->memo_gen */
    int disk;     /* 1: passages_fts, 0: the lesson index */
    long long df;
    char word[KB_WORD_MAX + 1];
    char corr[KB_WORD_MAX + 1];
} memo_t;

struct pl_kb {
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    char err[512];
    pl_kb_lesson_t **lessons; /* sorted by id */
    size_t n_lessons;
    lindex_t *lx;             /* the loaded lessons' index, NULL before a load */
    /* the spelling vocabulary, reloaded from `terms` after a write */
    char **vocab;
    size_t *vocab_len;
    uint64_t *vocab_mask;     /* letter_mask() of each word */
    int *vocab_df;
    size_t n_vocab;
    int vocab_stale;
    /* the documents' rows of passages by owner */
    drange_t *dr;
    size_t n_dr, cap_dr;
    char **owners;            /* owner names by id */
    uint32_t *owner_order;    /* owner ids sorted by name */
    size_t n_owners, cap_owners;
    sqlite3_int64 disk_rows;  /* rows of passages, -1: not counted since the last write */
    int32_t *dsz;             /* tokens of row i of passages_fts (BM25's D), -1: not known */
    size_t n_dsz;
    memo_t *memo;             /* KB_MEMO_SLOTS */
    unsigned memo_gen;
    kb_pass_t pass;           /* the search pass's buffers */
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
/* Open and close                                                         */

static int migrate(pl_kb_t *kb);
static void lindex_free(lindex_t *x);
static int doc_ranges_load(pl_kb_t *kb);
static int sizes_load(pl_kb_t *kb);

/* After any write (or a failed one): what was counted is counted again. */
static void written(pl_kb_t *kb)
{
    kb->memo_gen++;
    kb->disk_rows = -1;
}

void pl_kb_close(pl_kb_t *kb)
{
    if (kb == NULL)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(kb->st[i]);
    sqlite3_close(kb->db);
    lindex_free(kb->lx);
    for (size_t i = 0; i < kb->n_lessons; i++)
        pl_kb_lesson_free(kb->lessons[i]);
    pl_free(kb->lessons);
    for (size_t i = 0; i < kb->n_vocab; i++)
        pl_free(kb->vocab[i]);
    pl_free(kb->vocab);
    pl_free(kb->vocab_len);
    pl_free(kb->vocab_mask);
    pl_free(kb->vocab_df);
    pl_free(kb->dr);
    pl_free(kb->dsz);
    for (size_t i = 0; i < kb->n_owners; i++)
        pl_free(kb->owners[i]);
    pl_free(kb->owners);
    pl_free(kb->owner_order);
    pl_free(kb->memo);
    kb_pass_free(&kb->pass);
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
    kb->disk_rows = -1;
    kb->memo = pl_calloc(KB_MEMO_SLOTS, sizeof(*kb->memo));
    kb->memo_gen = 1;
    int rv = PL_ERR_STORE;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &kb->db, flags, NULL) != SQLITE_OK) {
        set_err(kb, "cannot open %s: %s", path, kb->db ? sqlite3_errmsg(kb->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(kb->db, 5000);
    sqlite3_exec(kb->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    sqlite3_exec(kb->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    /* a document search reads much of the index: map the file rather than copy its
     * pages in with pread, and keep more of them than the default 2 MB */
    char pragma[96];
    snprintf(pragma, sizeof(pragma), "PRAGMA mmap_size = %d", KB_MMAP_BYTES);
    sqlite3_exec(kb->db, pragma, NULL, NULL, NULL);
    snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", KB_CACHE_KIB);
    sqlite3_exec(kb->db, pragma, NULL, NULL, NULL);
    if ((rv = migrate(kb)) != 0)
        goto fail;
    rv = PL_ERR_STORE;
    if (kb_rank_register(kb->db) != 0) {
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
    if (doc_ranges_load(kb) != 0 || sizes_load(kb) != 0)
        goto fail;
    *out = kb;
    return 0;
fail:
    pl_log_error(MOD, "%s", kb->err);
    pl_kb_close(kb);
    return rv;
}

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

/* The letters a word holds, one bit each (bytes of UTF-8 letters share the upper bits). */
static uint64_t letter_mask(const char *w, size_t len)
{
    uint64_t m = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        unsigned bit = c >= 'a' && c <= 'z' ? (unsigned)(c - 'a')
                       : c >= '0' && c <= '9' ? 26u + (unsigned)(c - '0')
                                              : 36u + c % 28u;
        m |= (uint64_t)1 << bit;
    }
    return m;
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
            kb->vocab_len = pl_realloc(kb->vocab_len, cap * sizeof(*kb->vocab_len));
            kb->vocab_mask = pl_realloc(kb->vocab_mask, cap * sizeof(*kb->vocab_mask));
            kb->vocab_df = pl_realloc(kb->vocab_df, cap * sizeof(*kb->vocab_df));
        }
        const char *t = col_text(st, 0);
        kb->vocab[kb->n_vocab] = pl_strdup(t ? t : "");
        kb->vocab_len[kb->n_vocab] = strlen(kb->vocab[kb->n_vocab]);
        kb->vocab_mask[kb->n_vocab] = letter_mask(kb->vocab[kb->n_vocab], kb->vocab_len[kb->n_vocab]);
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
    uint64_t wm = letter_mask(w, len);
    for (size_t i = 0; i < kb->n_vocab; i++) {
        const char *v = kb->vocab[i];
        size_t vl = kb->vocab_len[i];
        if (vl < 3 || (vl > len ? vl - len : len - vl) > (size_t)max)
            continue;
        int lim = best_d < max ? best_d : max;
        /* each letter one word has and the other lacks costs an edit at least */
        if (__builtin_popcountll(kb->vocab_mask[i] & ~wm) > lim ||
            __builtin_popcountll(wm & ~kb->vocab_mask[i]) > lim)
            continue;
        int d = kb_edit_distance(w, len, v, vl, lim);
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
/* Which rows of passages are whose documents                             */

#define NO_OWNER UINT32_MAX

/* Position in owner_order of name, or where it would go (*found 0). */
static size_t owner_pos(const pl_kb_t *kb, const char *name, int *found)
{
    size_t lo = 0, hi = kb->n_owners;
    *found = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(kb->owners[kb->owner_order[mid]], name);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The id of an owner, NO_OWNER when unknown. */
static uint32_t owner_find(const pl_kb_t *kb, const char *name)
{
    if (name == NULL)
        return NO_OWNER;
    int found;
    size_t at = owner_pos(kb, name, &found);
    return found ? kb->owner_order[at] : NO_OWNER;
}

/* The id of an owner, added when new. */
static uint32_t owner_add(pl_kb_t *kb, const char *name)
{
    int found;
    size_t at = owner_pos(kb, name, &found);
    if (found)
        return kb->owner_order[at];
    if (kb->n_owners == kb->cap_owners) {
        kb->cap_owners = kb->cap_owners ? kb->cap_owners * 2 : 16;
        kb->owners = pl_realloc(kb->owners, kb->cap_owners * sizeof(*kb->owners));
        kb->owner_order = pl_realloc(kb->owner_order, kb->cap_owners * sizeof(*kb->owner_order));
    }
    uint32_t id = (uint32_t)kb->n_owners;
    kb->owners[id] = pl_strdup(name);
    memmove(kb->owner_order + at + 1, kb->owner_order + at,
            (kb->n_owners - at) * sizeof(*kb->owner_order));
    kb->owner_order[at] = id;
    kb->n_owners++;
    return id;
}

/* Index of the last range starting at or below rowid, or n_dr when none does. */
static size_t dr_floor(const pl_kb_t *kb, sqlite3_int64 rowid)
{
    size_t lo = 0, hi = kb->n_dr;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (kb->dr[mid].lo <= rowid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? kb->n_dr : lo - 1;
}

/* The owner of a document row, NO_OWNER when rowid is not a document's. */
static uint32_t dr_owner(const pl_kb_t *kb, sqlite3_int64 rowid)
{
    size_t i = dr_floor(kb, rowid);
    return i < kb->n_dr && rowid <= kb->dr[i].hi ? kb->dr[i].owner : NO_OWNER;
}

static void dr_insert_at(pl_kb_t *kb, size_t at, drange_t r)
{
    if (kb->n_dr == kb->cap_dr) {
        kb->cap_dr = kb->cap_dr ? kb->cap_dr * 2 : 64;
        kb->dr = pl_realloc(kb->dr, kb->cap_dr * sizeof(*kb->dr));
    }
    memmove(kb->dr + at + 1, kb->dr + at, (kb->n_dr - at) * sizeof(*kb->dr));
    kb->dr[at] = r;
    kb->n_dr++;
}

/* Marks row rowid (not yet marked) as a document of owner. */
static void dr_add(pl_kb_t *kb, sqlite3_int64 rowid, uint32_t owner)
{
    size_t i = dr_floor(kb, rowid);
    if (i < kb->n_dr && kb->dr[i].owner == owner && kb->dr[i].hi + 1 == rowid &&
        (i + 1 == kb->n_dr || kb->dr[i + 1].lo > rowid)) {
        kb->dr[i].hi = rowid;
        if (i + 1 < kb->n_dr && kb->dr[i + 1].owner == owner && kb->dr[i + 1].lo == rowid + 1) {
            kb->dr[i].hi = kb->dr[i + 1].hi;
            memmove(kb->dr + i + 1, kb->dr + i + 2, (kb->n_dr - i - 2) * sizeof(*kb->dr));
            kb->n_dr--;
        }
        return;
    }
    size_t at = i < kb->n_dr ? i + 1 : 0;
    if (at < kb->n_dr && kb->dr[at].owner == owner && kb->dr[at].lo == rowid + 1) {
        kb->dr[at].lo = rowid;
        return;
    }
    drange_t r = {rowid, rowid, owner};
    dr_insert_at(kb, at, r);
}

/* Forgets row rowid as a document's. */
static void dr_remove(pl_kb_t *kb, sqlite3_int64 rowid)
{
    size_t i = dr_floor(kb, rowid);
    if (i >= kb->n_dr || rowid > kb->dr[i].hi)
        return;
    drange_t *r = &kb->dr[i];
    if (r->lo == rowid && r->hi == rowid) {
        memmove(kb->dr + i, kb->dr + i + 1, (kb->n_dr - i - 1) * sizeof(*kb->dr));
        kb->n_dr--;
    } else if (r->lo == rowid) {
        r->lo++;
    } else if (r->hi == rowid) {
        r->hi--;
    } else {
        drange_t tail = {rowid + 1, r->hi, r->owner};
        r->hi = rowid - 1;
        dr_insert_at(kb, i + 1, tail);
    }
}

/* Reads which rows are whose documents (at open). */
static int doc_ranges_load(pl_kb_t *kb)
{
    sqlite3_stmt *st = kb->st[S_DOC_RANGES];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *o = col_text(st, 1);
        dr_add(kb, sqlite3_column_int64(st, 0), owner_add(kb, o ? o : ""));
    }
    reset_stmt(st);
    if (rc != SQLITE_DONE) {
        set_err(kb, "cannot read the documents' passages: %s", sqlite3_errmsg(kb->db));
        return PL_ERR_STORE;
    }
    return 0;
}

/* ---------------------------------------------------------------------- */
/* The rows' sizes (BM25's D), read at open and kept in step with writes  */

static void dsz_set(pl_kb_t *kb, sqlite3_int64 rowid, int32_t ntok)
{
    if (rowid < 0 || rowid >= KB_DSZ_MAX)
        return;
    if ((size_t)rowid >= kb->n_dsz) {
        if (ntok < 0)
            return;
        size_t n = kb->n_dsz ? kb->n_dsz : 1024;
        while (n <= (size_t)rowid)
            n *= 2;
        kb->dsz = pl_realloc(kb->dsz, n * sizeof(*kb->dsz));
        for (size_t i = kb->n_dsz; i < n; i++)
            kb->dsz[i] = -1;
        kb->n_dsz = n;
    }
    kb->dsz[rowid] = ntok;
}

static int sizes_load(pl_kb_t *kb)
{
    sqlite3_stmt *st = kb->st[S_SIZES];
    int rc, ntok;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (kb_rank_docsize(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1), 4, &ntok) == 0)
            dsz_set(kb, sqlite3_column_int64(st, 0), ntok);
    }
    reset_stmt(st);
    if (rc != SQLITE_DONE) {
        set_err(kb, "cannot read the passages' sizes: %s", sqlite3_errmsg(kb->db));
        return PL_ERR_STORE;
    }
    return 0;
}

/* ---------------------------------------------------------------------- */
/* The lesson index                                                       */

static void lindex_free(lindex_t *x)
{
    if (x == NULL)
        return;
    for (int i = 0; i < L_COUNT; i++)
        sqlite3_finalize(x->st[i]);
    sqlite3_close(x->db);
    for (size_t i = 0; i < x->n; i++)
        pl_free(x->p[i].facts);
    pl_free(x->p);
    pl_free(x->by_disk);
    pl_free(x);
}

/* A new, empty lesson index, or NULL (the error in kb->err). */
static lindex_t *lindex_new(pl_kb_t *kb)
{
    lindex_t *x = pl_calloc(1, sizeof(*x));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    char *msg = NULL;
    if (sqlite3_open_v2(":memory:", &x->db, flags, NULL) != SQLITE_OK ||
        sqlite3_exec(x->db, lesson_schema_sql, NULL, NULL, &msg) != SQLITE_OK ||
        kb_rank_register(x->db) != 0 || sqlite3_exec(x->db, "BEGIN", NULL, NULL, &msg) != SQLITE_OK) {
        set_err(kb, "cannot make the lesson index: %s",
                msg ? msg : x->db ? sqlite3_errmsg(x->db) : "out of memory");
        sqlite3_free(msg);
        lindex_free(x);
        return NULL;
    }
    for (int i = 0; i < L_COUNT; i++) {
        if (sqlite3_prepare_v3(x->db, lesson_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &x->st[i],
                               NULL) != SQLITE_OK) {
            set_err(kb, "cannot prepare lesson statement %d: %s", i, sqlite3_errmsg(x->db));
            lindex_free(x);
            return NULL;
        }
    }
    return x;
}

/* Indexes one lesson passage as the next row. facts (owned) is its body when not NULL. */
static int lindex_add(pl_kb_t *kb, lindex_t *x, const pl_kb_lesson_t *l, int section,
                      const char *keywords, const char *body, char *facts,
                      sqlite3_int64 disk_rowid)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 256;
        x->p = pl_realloc(x->p, x->cap * sizeof(*x->p));
    }
    lpass_t *p = &x->p[x->n++];
    memset(p, 0, sizeof(*p));
    p->lesson = l;
    p->section = section;
    p->facts = facts;
    p->body = facts != NULL ? facts : body;
    p->disk_rowid = disk_rowid;
    sqlite3_stmt *st = x->st[L_INSERT];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)x->n);
    sqlite3_bind_text(st, 2, l->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, section < 0 ? "Key facts" : l->sections[section].heading, -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 4, keywords, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, p->body, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    reset_stmt(st);
    if (rc != SQLITE_DONE) {
        set_err(kb, "lesson index: %s", sqlite3_errmsg(x->db));
        return PL_ERR_STORE;
    }
    return 0;
}

static int cmp_by_disk(const void *a, const void *b)
{
    const dpair_t *x = a, *y = b;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Commits the index and reads each row's size. */
static int lindex_finish(pl_kb_t *kb, lindex_t *x)
{
    char *msg = NULL;
    if (sqlite3_exec(x->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        set_err(kb, "lesson index: %s", msg ? msg : sqlite3_errmsg(x->db));
        sqlite3_free(msg);
        return PL_ERR_STORE;
    }
    sqlite3_stmt *st = x->st[L_SIZE];
    for (size_t i = 0; i < x->n; i++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)(i + 1));
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW &&
            kb_rank_docsize(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0), 4,
                            &x->p[i].ntok) != 0)
            rc = SQLITE_CORRUPT;
        reset_stmt(st);
        if (rc != SQLITE_ROW) {
            set_err(kb, "lesson index: no size for row %zu (%d)", i + 1, rc);
            return PL_ERR_STORE;
        }
    }
    x->by_disk = pl_malloc((x->n ? x->n : 1) * sizeof(*x->by_disk));
    for (size_t i = 0; i < x->n; i++) {
        x->by_disk[i].rowid = x->p[i].disk_rowid;
        x->by_disk[i].i = i;
    }
    qsort(x->by_disk, x->n, sizeof(*x->by_disk), cmp_by_disk);
    return 0;
}

/* The lesson passage stored at row rowid of passages, or NULL. */
static const lpass_t *lindex_by_disk(const lindex_t *x, sqlite3_int64 rowid)
{
    if (x == NULL)
        return NULL;
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const dpair_t *d = &x->by_disk[mid];
        if (d->rowid == rowid)
            return &x->p[d->i];
        if (d->rowid < rowid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
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

/* "word"* or ("word"* OR "correction"*). */
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

/* The expression of a pass over a's words: each distinct phrase once, OR-ed; sets the
 * pass's words and the phrase of each of their 2n slots (word i: 2i, 2i + 1). */
static void build_pass_expr(const analysis_t *a, pl_buf_t *b, kb_pass_t *p)
{
    const char *text[KB_RANK_MAX_PHRASES];
    int n = 0;
    pl_buf_reset(b);
    p->n_terms = (int)a->n;
    for (size_t ph = 0; ph < 2 * a->n; ph++) {
        const qterm_t *t = &a->t[ph / 2];
        const char *w = ph % 2 == 1 && t->corr[0] != '\0' ? t->corr : t->word;
        int j = 0;
        while (j < n && strcmp(text[j], w) != 0)
            j++;
        if (j == n) {
            if (n > 0)
                pl_buf_append_str(b, " OR ");
            append_phrase(b, w);
            text[n++] = w;
        }
        p->phrase[ph] = (uint8_t)j;
    }
    p->n_expr = n;
}

/* 1 when a search with filter f may return documents: it runs over passages_fts. */
static int filter_on_disk(const pl_kb_filter_t *f)
{
    unsigned sources = f && f->sources ? f->sources : PL_KB_LESSON;
    return f != NULL && (sources & PL_KB_DOCUMENT) != 0 && f->owner != NULL &&
           f->lesson_id == NULL;
}

/* Rows of the index a search runs over, or a negative pl_err code. */
static long long index_rows(pl_kb_t *kb, int disk)
{
    if (!disk)
        return kb->lx ? (long long)kb->lx->n : 0;
    if (kb->disk_rows < 0) {
        sqlite3_stmt *st = kb->st[S_PASSAGE_COUNT];
        if (sqlite3_step(st) == SQLITE_ROW)
            kb->disk_rows = sqlite3_column_int64(st, 0);
        reset_stmt(st);
        if (kb->disk_rows < 0) {
            set_err(kb, "search failed: %s", sqlite3_errmsg(kb->db));
            return PL_ERR_STORE;
        }
    }
    return kb->disk_rows;
}

static size_t memo_slot(int disk, const qterm_t *t)
{
    uint32_t h = 2166136261u ^ (uint32_t)disk;
    for (const char *s = t->word; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ '|') * 16777619u;
    for (const char *s = t->corr; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (KB_MEMO_SLOTS - 1);
}

static int memo_is(const memo_t *m, int disk, const qterm_t *t)
{
    return m->disk == disk && strcmp(m->word, t->word) == 0 && strcmp(m->corr, t->corr) == 0;
}

/* The remembered number of rows holding word t in an index, or -1. */
static long long memo_get(const pl_kb_t *kb, int disk, const qterm_t *t)
{
    size_t s = memo_slot(disk, t);
    for (int probe = 0; probe < 4; probe++, s = (s + 1) & (KB_MEMO_SLOTS - 1)) {
        const memo_t *m = &kb->memo[s];
        if (m->gen != kb->memo_gen)
            return -1;
        if (memo_is(m, disk, t))
            return m->df;
    }
    return -1;
}

/* Remembers df in the first free slot of four (or the first: the newest wins). */
static void memo_put(pl_kb_t *kb, int disk, const qterm_t *t, long long df)
{
    size_t home = memo_slot(disk, t), s = home, pick = home;
    for (int probe = 0; probe < 4; probe++, s = (s + 1) & (KB_MEMO_SLOTS - 1)) {
        const memo_t *m = &kb->memo[s];
        if (m->gen != kb->memo_gen || memo_is(m, disk, t)) {
            pick = s;
            break;
        }
    }
    memo_t *m = &kb->memo[pick];
    m->gen = kb->memo_gen;
    m->disk = disk;
    m->df = df;
    memcpy(m->word, t->word, sizeof(m->word));
    memcpy(m->corr, t->corr, sizeof(m->corr));
}

/* The words of a query and their spelling corrections (no weights yet). */
static int analyse_words(pl_kb_t *kb, const char *query, analysis_t *a)
{
    a->n = 0;
    if (query == NULL)
        return 0;
    kb_words(query, strlen(query), analyse_word, a);
    if (a->n == 0)
        return 0;
    vocab_load(kb);
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
    }
    return (int)a->n;
}

/* Sets each word's weight from its rows in the index: log(1 + (N - df + 0.5) / (df + 0.5)). */
static void set_weights(analysis_t *a, long long total, const long long *df)
{
    for (size_t i = 0; i < a->n; i++) {
        double n = (double)total, d = (double)df[i];
        if (d > n)
            d = n;
        a->t[i].weight = log(1.0 + (n - d + 0.5) / (d + 0.5));
    }
}

/*
 * Weighs the words of a (after analyse_words) by their rows in an index
 * (disk: passages_fts, else the lesson index): remembered counts, and one
 * pass over the index for the others. 0 or a negative pl_err code.
 */
static int weigh(pl_kb_t *kb, int disk, analysis_t *a)
{
    long long total = index_rows(kb, disk);
    if (total < 0)
        return (int)total;
    long long df[KB_MAX_TERMS];
    analysis_t missing = {.n = 0};
    size_t where[KB_MAX_TERMS];
    for (size_t i = 0; i < a->n; i++) {
        df[i] = memo_get(kb, disk, &a->t[i]);
        if (df[i] < 0) {
            where[missing.n] = i;
            missing.t[missing.n++] = a->t[i];
        }
    }
    sqlite3_stmt *st = disk ? kb->st[S_PASS] : kb->lx ? kb->lx->st[L_PASS] : NULL;
    if (missing.n > 0 && st != NULL) {
        pl_buf_t expr = PL_BUF_INIT(0);
        kb_pass_t *p = &kb->pass;
        build_pass_expr(&missing, &expr, p);
        p->keep = NULL;
        p->keep_ud = NULL;
        int rc = kb_pass_run(st, expr.data, p);
        pl_buf_free(&expr);
        if (rc != SQLITE_OK) {
            set_err(kb, "search failed: %s", sqlite3_errmsg(disk ? kb->db : kb->lx->db));
            return PL_ERR_STORE;
        }
        for (size_t j = 0; j < missing.n; j++) {
            df[where[j]] = p->df[j];
            memo_put(kb, disk, &missing.t[j], p->df[j]);
        }
    } else {
        for (size_t j = 0; j < missing.n; j++)
            df[where[j]] = 0; /* no lesson index: no rows */
    }
    set_weights(a, total, df);
    return 0;
}

/* Words, corrections and weights of a query. Returns the number of words or a pl_err code. */
static int analyse(pl_kb_t *kb, const char *query, int disk, analysis_t *a)
{
    int n = analyse_words(kb, query, a);
    if (n <= 0)
        return n;
    int rv = weigh(kb, disk, a);
    return rv < 0 ? rv : n;
}

int pl_kb_query_terms_in(pl_kb_t *kb, const char *query, const pl_kb_filter_t *f,
                         pl_kb_term_t *terms, size_t max)
{
    pool_reset(&kb->term_strings);
    kb->err[0] = '\0';
    analysis_t a;
    int rv = analyse(kb, query, filter_on_disk(f), &a);
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

int pl_kb_query_terms(pl_kb_t *kb, const char *query, pl_kb_term_t *terms, size_t max)
{
    return pl_kb_query_terms_in(kb, query, NULL, terms, max);
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


/* Inserts one passage (and its words into `terms`); sets *rowid to its row. */
static int insert_passage(pl_kb_t *kb, int source, const char *lesson_id, int section,
                          const char *doc_id, const char *chunk_id, const char *owner,
                          int page_start, int page_end, const char *title, const char *heading,
                          const char *keywords, const char *body, sqlite3_int64 *rowid)
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
    *rowid = sqlite3_last_insert_rowid(kb->db);
    const char *fields[4] = {title, heading, keywords, body};
    return terms_update(kb, fields, 4, +1);
}

/* Indexes a lesson's sections and key facts in passages and in the lesson index x. */
static int index_lesson(pl_kb_t *kb, lindex_t *x, const pl_kb_lesson_t *l)
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
    sqlite3_int64 rowid = 0;
    for (size_t i = 0; i < l->n_sections && rv == 0; i++) {
        rv = insert_passage(kb, PL_KB_LESSON, l->id, (int)i, NULL, NULL, NULL, 0, 0, l->title,
                            l->sections[i].heading, kws, l->sections[i].text, &rowid);
        if (rv == 0)
            rv = lindex_add(kb, x, l, (int)i, kws, l->sections[i].text, NULL, rowid);
    }
    if (rv == 0 && l->n_facts > 0) {
        rv = insert_passage(kb, PL_KB_LESSON, l->id, -1, NULL, NULL, NULL, 0, 0, l->title,
                            "Key facts", kws, facts.data, &rowid);
        if (rv == 0)
            rv = lindex_add(kb, x, l, -1, kws, NULL, pl_strdup(facts.data), rowid);
    }
    pl_buf_free(&kw);
    pl_buf_free(&facts);
    return rv;
}

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

    /* Then index them in one transaction, and in a new lesson index. */
    lindex_t *x = NULL;
    if (rv == 0 && (x = lindex_new(kb)) == NULL)
        rv = PL_ERR_STORE;
    if (rv == 0) {
        rv = step_done(kb, kb->st[S_BEGIN]);
        if (rv == 0) {
            rv = terms_remove_rows(kb, kb->st[S_LESSON_PASSAGES]);
            if (rv == 0)
                rv = step_done(kb, kb->st[S_LESSON_DELETE]);
            for (size_t i = 0; i < n_lessons && rv == 0; i++)
                rv = index_lesson(kb, x, lessons[i]);
            if (rv == 0)
                rv = lindex_finish(kb, x);
            if (rv == 0)
                rv = step_done(kb, kb->st[S_COMMIT]);
            if (rv != 0) {
                char keep[sizeof(kb->err)];
                memcpy(keep, kb->err, sizeof(keep));
                step_done(kb, kb->st[S_ROLLBACK]);
                memcpy(kb->err, keep, sizeof(keep));
                kb->vocab_stale = 1;
            }
            written(kb);
        }
    }

    for (size_t i = 0; i < n_names; i++)
        pl_free(names[i]);
    pl_free(names);
    if (rv != 0) {
        lindex_free(x);
        for (size_t i = 0; i < n_lessons; i++)
            pl_kb_lesson_free(lessons[i]);
        pl_free(lessons);
        pl_log_error(MOD, "lessons not loaded: %s", kb->err);
        return rv;
    }
    /* the old lessons' rows are gone, the new ones have the lesson index's sizes */
    for (size_t i = 0; kb->lx != NULL && i < kb->lx->n; i++)
        dsz_set(kb, kb->lx->p[i].disk_rowid, -1);
    for (size_t i = 0; i < x->n; i++)
        dsz_set(kb, x->p[i].disk_rowid, x->p[i].ntok);
    lindex_free(kb->lx);
    kb->lx = x;
    for (size_t i = 0; i < kb->n_lessons; i++)
        pl_kb_lesson_free(kb->lessons[i]);
    pl_free(kb->lessons);
    kb->lessons = lessons;
    kb->n_lessons = n_lessons;
    qsort(kb->lessons, kb->n_lessons, sizeof(*kb->lessons), cmp_lesson);
    for (size_t i = 0; i < x->n; i++)
        x->p[i].li = (size_t)lesson_index(kb, x->p[i].lesson->id);
    pl_log_info(MOD, "%zu lessons loaded from %s", n_lessons, dir);
    return (int)n_lessons;
}

/* ---------------------------------------------------------------------- */
/* Search                                                                 */

/* What one search keeps (the pass's keep callback) and where it sizes rows. */
typedef struct scope {
    pl_kb_t *kb;
    int disk;                     /* passages_fts, else the lesson index */
    int want_lessons, want_docs;
    const pl_kb_lesson_t *lesson; /* the lesson index: only this lesson's rows */
    uint32_t owner;               /* passages_fts: only this owner's documents */
} scope_t;

static int keep_lesson_row(sqlite3_int64 rowid, void *ud)
{
    const scope_t *s = ud;
    const lindex_t *x = s->kb->lx;
    if (rowid < 1 || (sqlite3_uint64)rowid > x->n)
        return 0;
    return s->lesson == NULL || x->p[rowid - 1].lesson == s->lesson;
}

static int keep_disk_row(sqlite3_int64 rowid, void *ud)
{
    const scope_t *s = ud;
    if (lindex_by_disk(s->kb->lx, rowid) != NULL)
        return s->want_lessons;
    uint32_t owner = dr_owner(s->kb, rowid);
    if (owner != NO_OWNER)
        return s->want_docs && owner == s->owner;
    /* a lesson passage left from lessons that are not loaded (passages holds lessons
     * and documents only): it takes its place among the candidates and is dropped */
    return s->want_lessons;
}

static int size_lesson_row(sqlite3_int64 rowid, int *ntok, void *ud)
{
    const scope_t *s = ud;
    *ntok = s->kb->lx->p[rowid - 1].ntok;
    return 0;
}

/* Reads a row's size from passages_fts_docsize (and keeps it in kb->dsz); 0 or an sqlite
 * error code. */
static int size_row(pl_kb_t *kb, sqlite3_int64 rowid, int *ntok)
{
    sqlite3_stmt *st = kb->st[S_SIZE];
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st);
    *ntok = -1;
    if (rc == SQLITE_ROW)
        rc = kb_rank_docsize(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0), 4, ntok) == 0
                 ? SQLITE_OK
                 : SQLITE_CORRUPT;
    else if (rc == SQLITE_DONE)
        rc = SQLITE_CORRUPT; /* a row of passages has a size */
    reset_stmt(st);
    dsz_set(kb, rowid, rc == SQLITE_OK ? *ntok : -1);
    return rc;
}

static int size_disk_row(sqlite3_int64 rowid, int *ntok, void *ud)
{
    pl_kb_t *kb = ((const scope_t *)ud)->kb;
    if (rowid >= 0 && (sqlite3_uint64)rowid < kb->n_dsz && kb->dsz[rowid] >= 0) {
        *ntok = kb->dsz[rowid];
        return 0;
    }
    return size_row(kb, rowid, ntok);
}

typedef struct cand {
    sqlite3_int64 rowid;
    const lpass_t *lesson; /* a lesson passage; NULL: a document's (row rowid of passages) */
    double score;
    size_t order;
} cand_t;

static int cmp_cand(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Fills a hit from a document's row of passages. */
static int doc_hit(pl_kb_t *kb, sqlite3_int64 rowid, pl_kb_hit_t *h)
{
    sqlite3_stmt *st = kb->st[S_PASSAGE_GET];
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        h->source = PL_KB_DOCUMENT;
        h->section = -1;
        h->document_id = pool_add(&kb->hit_strings, col_text(st, 0));
        h->chunk_id = pool_add(&kb->hit_strings, col_text(st, 1));
        h->page_start = sqlite3_column_int(st, 2);
        h->page_end = sqlite3_column_int(st, 3);
        const char *title = pool_add(&kb->hit_strings, col_text(st, 4));
        const char *text = pool_add(&kb->hit_strings, col_text(st, 5));
        h->title = title ? title : "";
        h->filename = title;
        h->text = text ? text : "";
    }
    reset_stmt(st);
    if (rc != SQLITE_ROW) {
        set_err(kb, "search failed: %s",
                rc == SQLITE_DONE ? "a passage vanished" : sqlite3_errmsg(kb->db));
        return PL_ERR_STORE;
    }
    return 0;
}

/* The search proper, on the index s says (for the file: inside a read transaction). */
static int search_in(pl_kb_t *kb, analysis_t *a, scope_t *s, pl_kb_hit_t *hits, size_t max)
{
    int rv;
    /* one pass: the rows per word (their weights) and the rows the filter keeps */
    pl_buf_t expr = PL_BUF_INIT(0);
    kb_pass_t *p = &kb->pass;
    build_pass_expr(a, &expr, p);
    p->keep = s->disk ? keep_disk_row : keep_lesson_row;
    p->keep_ud = s;
    int rc = kb_pass_run(s->disk ? kb->st[S_PASS] : kb->lx->st[L_PASS], expr.data, p);
    pl_buf_free(&expr);
    if (rc != SQLITE_OK) {
        set_err(kb, "search failed: %s", sqlite3_errmsg(s->disk ? kb->db : kb->lx->db));
        return PL_ERR_STORE;
    }
    long long total = index_rows(kb, s->disk);
    if (total < 0)
        return (int)total;
    long long df[KB_MAX_TERMS];
    for (size_t i = 0; i < a->n; i++) {
        df[i] = p->df[i];
        memo_put(kb, s->disk, &a->t[i], df[i]);
    }
    set_weights(a, total, df);

    /* the best KB_CANDIDATES by BM25, rescored */
    kb_rank_row_t **top = NULL;
    int nt = kb_rank_top(p, KB_CANDIDATES, s->disk ? size_disk_row : size_lesson_row, s, &top);
    if (nt < 0) {
        set_err(kb, "search failed: a matched passage has no size in the index");
        return PL_ERR_STORE;
    }
    cand_t c[KB_CANDIDATES];
    size_t n = 0;
    for (int i = 0; i < nt; i++) {
        cand_t *x = &c[n];
        x->rowid = top[i]->rowid;
        if (s->disk) {
            x->lesson = lindex_by_disk(kb->lx, x->rowid);
            if (x->lesson == NULL && dr_owner(kb, x->rowid) == NO_OWNER)
                continue; /* left from a curriculum that is not loaded */
        } else {
            x->lesson = &kb->lx->p[x->rowid - 1];
        }
        double bm = top[i]->bm, any, fields;
        coverage(a, top[i]->bits, &any, &fields);
        x->score = 0.6 * any + 0.2 * fields + 0.2 * (bm / (bm + KB_BM_HALF));
        if (x->score > 1)
            x->score = 1;
        x->order = n;
        n++;
    }
    pl_free(top);
    qsort(c, n, sizeof(*c), cmp_cand);
    size_t k = 0;
    for (; k < n && k < max; k++) {
        pl_kb_hit_t *h = &hits[k];
        memset(h, 0, sizeof(*h));
        h->score = c[k].score;
        const lpass_t *lp = c[k].lesson;
        if (lp != NULL) {
            h->source = PL_KB_LESSON;
            h->lesson_id = pool_add(&kb->hit_strings, lp->lesson->id);
            h->section = lp->section;
            h->title = pool_add(&kb->hit_strings, lp->lesson->title);
            h->text = pool_add(&kb->hit_strings, lp->body);
        } else if ((rv = doc_hit(kb, c[k].rowid, h)) != 0) {
            return rv;
        }
    }
    return (int)k;
}

int pl_kb_search(pl_kb_t *kb, const char *query, const pl_kb_filter_t *f, pl_kb_hit_t *hits,
                 size_t max)
{
    pool_reset(&kb->hit_strings);
    pool_reset(&kb->term_strings);
    kb->err[0] = '\0';
    analysis_t a;
    int rv = analyse_words(kb, query, &a);
    if (rv <= 0 || max == 0)
        return rv < 0 ? rv : 0;
    unsigned sources = f && f->sources ? f->sources : PL_KB_LESSON;
    const char *lesson_id = f ? f->lesson_id : NULL;
    scope_t s = {kb, filter_on_disk(f), 0, 0, NULL, NO_OWNER};
    s.want_lessons = (sources & PL_KB_LESSON) != 0 || lesson_id != NULL;
    s.want_docs = s.disk;
    if (!s.disk) {
        if (!s.want_lessons || kb->lx == NULL)
            return 0;
        if (lesson_id != NULL && (s.lesson = pl_kb_lesson_get(kb, lesson_id)) == NULL)
            return 0;
        return search_in(kb, &a, &s, hits, max);
    }
    s.owner = owner_find(kb, f->owner);
    /* the pass, the row sizes and the passages read from one snapshot, and the file's
     * read lock taken once rather than by each of those statements */
    int txn = sqlite3_get_autocommit(kb->db) && sqlite3_step(kb->st[S_READ]) == SQLITE_DONE;
    sqlite3_reset(kb->st[S_READ]);
    rv = search_in(kb, &a, &s, hits, max);
    if (txn) {
        sqlite3_step(kb->st[S_COMMIT]);
        sqlite3_reset(kb->st[S_COMMIT]);
    }
    return rv;
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
    int rv = analyse(kb, topic, 0, &a);
    if (rv < 0)
        return rv;
    lesson_score_t *ls = pl_calloc(kb->n_lessons, sizeof(*ls));
    for (size_t i = 0; i < kb->n_lessons; i++)
        ls[i].l = kb->lessons[i];
    if (a.n > 0 && kb->lx != NULL) {
        pl_buf_t expr = PL_BUF_INIT(0);
        build_expr(&a, &expr, "{title keywords}");
        sqlite3_stmt *st = kb->lx->st[L_FIND];
        sqlite3_bind_text(st, 1, expr.data, -1, SQLITE_TRANSIENT);
        pl_buf_free(&expr);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            sqlite3_int64 row = sqlite3_column_int64(st, 0);
            if (row < 1 || (sqlite3_uint64)row > kb->lx->n)
                continue;
            lesson_score_t *x = &ls[kb->lx->p[row - 1].li];
            double any, fields;
            coverage(&a, sqlite3_column_int64(st, 2), &any, &fields);
            double bm = -sqlite3_column_double(st, 1);
            if (fields > x->cov)
                x->cov = fields;
            if (bm > x->bm)
                x->bm = bm;
        }
        if (rc != SQLITE_DONE) {
            set_err(kb, "lesson search failed: %s", sqlite3_errmsg(kb->lx->db));
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
    int rv = analyse(kb, topic, 0, &a);
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
    sqlite3_int64 *rowids = pl_malloc((n_chunks ? n_chunks : 1) * sizeof(*rowids));
    for (size_t i = 0; i < n_chunks && rv == 0; i++) {
        char chunk_id[64];
        snprintf(chunk_id, sizeof(chunk_id), "%s_c%zu", id, i + 1);
        rv = insert_passage(kb, PL_KB_DOCUMENT, NULL, -1, id, chunk_id, owner,
                            chunks[i].page_start, chunks[i].page_end, filename, "", "",
                            chunks[i].text, &rowids[i]);
    }
    if (rv == 0)
        rv = step_done(kb, kb->st[S_COMMIT]);
    kb_chunks_free(chunks, n_chunks);
    written(kb);
    if (rv == 0) {
        uint32_t o = owner_add(kb, owner);
        for (size_t i = 0; i < n_chunks; i++) {
            dr_add(kb, rowids[i], o);
            int ntok;
            size_row(kb, rowids[i], &ntok); /* a rowid may be reused: its size is new */
        }
    }
    pl_free(rowids);
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
    /* the rows it leaves, to forget once committed */
    sqlite3_int64 *rowids = NULL;
    size_t n_rows = 0, cap = 0;
    int rc;
    st = kb->st[S_DOC_ROWIDS];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n_rows == cap) {
            cap = cap ? cap * 2 : 64;
            rowids = pl_realloc(rowids, cap * sizeof(*rowids));
        }
        rowids[n_rows++] = sqlite3_column_int64(st, 0);
    }
    reset_stmt(st);
    if (rc != SQLITE_DONE) {
        set_err(kb, "sqlite: %s", sqlite3_errmsg(kb->db));
        rv = PL_ERR_STORE;
    }
    if (rv == 0) {
        st = kb->st[S_DOC_PASSAGES];
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        rv = terms_remove_rows(kb, st);
    }
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
    written(kb);
    if (rv != 0) {
        char keep[sizeof(kb->err)];
        memcpy(keep, kb->err, sizeof(keep));
        step_done(kb, kb->st[S_ROLLBACK]);
        memcpy(kb->err, keep, sizeof(keep));
        kb->vocab_stale = 1;
        pl_free(rowids);
        return rv;
    }
    for (size_t i = 0; i < n_rows; i++) {
        dr_remove(kb, rowids[i]);
        dsz_set(kb, rowids[i], -1);
    }
    pl_free(rowids);
    return 0;
}
