/*
 * test_kb_rank.c - the kb's search pass and ranking (src/kb/kb_rank.c)
 * against SQLite itself: over FTS5 tables of generated rows (with and
 * without content), for many OR queries of prefix and plain phrases, the
 * pass's counts equal count(*) of each phrase and word, and kb_rank_top()
 * returns the rows and the very BM25 values (bit for bit) of
 * "ORDER BY bm25(...) LIMIT k", with and without a row filter, for small
 * and large k, including ties.
 */
#include "pl_test.h"

#include "kb/kb_rank.h"
#include "parley/mem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Words the generated rows are made of: a few common ones, many rare ones, shared stems. */
static const char *const vocab[] = {
    "water",     "waters",    "watering", "cycle",    "cycles",   "cyclist", "rain",
    "rainfall",  "river",     "rivers",   "cloud",    "clouds",   "quadratic", "equation",
    "equations", "equator",   "formula",  "formulae", "root",     "roots",   "graph",
    "parabola",  "harappa",   "indus",    "valley",   "decline",  "declined", "declining",
    "plant",     "plants",    "leaf",     "leaves",   "light",    "energy",  "glucose",
    "oxygen",    "carbon",    "the",      "a",        "of",       "is",      "use",
    "used",      "uses",      "café",     "cafe",     "naïve",    "x",       "y",
};
#define N_VOCAB (sizeof(vocab) / sizeof(vocab[0]))

static unsigned rng_state = 12345;

static unsigned rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) & 0x7fff;
}

/* A field of n words; common words (the first few and "the", "use") come often. */
static void make_text(char *out, size_t cap, int n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        unsigned r = rng();
        const char *w = r % 3 == 0 ? vocab[37 + r % 6] : vocab[r % N_VOCAB];
        int wrote = snprintf(out + len, cap - len, "%s%s", i ? " " : "", w);
        if (wrote < 0 || (size_t)wrote >= cap - len)
            break;
        len += (size_t)wrote;
    }
}

static sqlite3 *make_table(const char *options, int rows)
{
    sqlite3 *db = NULL;
    PL_CHECK_INT(sqlite3_open(":memory:", &db), ==, SQLITE_OK);
    char ddl[512];
    snprintf(ddl, sizeof(ddl),
             "CREATE VIRTUAL TABLE t USING fts5(title, heading, keywords, body%s,"
             " tokenize='porter unicode61 remove_diacritics 2')",
             options);
    PL_CHECK_INT(sqlite3_exec(db, ddl, NULL, NULL, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(kb_rank_register(db), ==, 0);
    sqlite3_stmt *ins = NULL;
    PL_CHECK_INT(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, heading, keywords, body)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5)",
                                    -1, &ins, NULL),
                 ==, SQLITE_OK);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int r = 0; r < rows; r++) {
        char f[4][2048];
        make_text(f[0], sizeof(f[0]), 1 + (int)(rng() % 4));
        make_text(f[1], sizeof(f[1]), (int)(rng() % 4));
        make_text(f[2], sizeof(f[2]), (int)(rng() % 6));
        make_text(f[3], sizeof(f[3]), 5 + (int)(rng() % 120));
        if (r % 17 == 0) /* identical rows: BM25 ties */
            snprintf(f[3], sizeof(f[3]), "water cycle rain river water");
        sqlite3_bind_int64(ins, 1, 3 * r + 1 + (r % 5 == 0)); /* gaps in the rowids */
        for (int c = 0; c < 4; c++)
            sqlite3_bind_text(ins, 2 + c, f[c], -1, SQLITE_TRANSIENT);
        PL_CHECK_INT(sqlite3_step(ins), ==, SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(ins);
    return db;
}

static int ties_seen; /* equal BM25 next to each other in SQLite's order */

static int keep_odd(sqlite3_int64 rowid, void *ud)
{
    (void)ud;
    return rowid % 2 == 1;
}

static int keep_all(sqlite3_int64 rowid, void *ud)
{
    (void)ud;
    (void)rowid;
    return 1;
}

typedef struct sizer {
    sqlite3_stmt *st;
    int calls;
} sizer_t;

static int size_row(sqlite3_int64 rowid, int *ntok, void *ud)
{
    sizer_t *s = ud;
    s->calls++;
    sqlite3_bind_int64(s->st, 1, rowid);
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        rc = kb_rank_docsize(sqlite3_column_blob(s->st, 0), sqlite3_column_bytes(s->st, 0), 4,
                             ntok);
    sqlite3_reset(s->st);
    return rc;
}

static long long count_of(sqlite3 *db, const char *expr)
{
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* One query: words (two phrases each: "w"* and "c"* or "w"* again) compared with SQLite. */
static void check_query(sqlite3 *db, const char *const *words, const char *const *corr, int n,
                        int filtered, size_t k, int *sized_fewer)
{
    char expr[8192] = "";
    char phrase[KB_RANK_MAX_PHRASES][64];
    for (int i = 0; i < n; i++) {
        const char *w2 = corr[i] ? corr[i] : words[i];
        snprintf(phrase[2 * i], sizeof(phrase[0]), "\"%s\"%s", words[i],
                 strlen(words[i]) >= 4 ? "*" : "");
        snprintf(phrase[2 * i + 1], sizeof(phrase[0]), "\"%s\"%s", w2, strlen(w2) >= 4 ? "*" : "");
        size_t len = strlen(expr);
        snprintf(expr + len, sizeof(expr) - len, "%s(%s OR %s)", i ? " OR " : "",
                 phrase[2 * i], phrase[2 * i + 1]);
    }
    kb_pass_t p;
    memset(&p, 0, sizeof(p));
    p.n_terms = n;
    p.keep = filtered ? keep_odd : keep_all;
    /* the pass's expression: each distinct phrase once */
    char pass_expr[8192] = "";
    for (int ph = 0; ph < 2 * n; ph++) {
        int j = 0;
        while (j < ph && strcmp(phrase[j], phrase[ph]) != 0)
            j++;
        if (j == ph) {
            size_t len = strlen(pass_expr);
            snprintf(pass_expr + len, sizeof(pass_expr) - len, "%s%s", p.n_expr ? " OR " : "",
                     phrase[ph]);
            p.phrase[ph] = (uint8_t)p.n_expr++;
        } else {
            p.phrase[ph] = p.phrase[j];
        }
    }
    sqlite3_stmt *pass = NULL, *ref = NULL;
    sizer_t sz = {NULL, 0};
    PL_CHECK_INT(sqlite3_prepare_v2(db, "SELECT pl_kb_pass(t, ?2) FROM t WHERE t MATCH ?1", -1,
                                    &pass, NULL),
                 ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_prepare_v2(db, "SELECT sz FROM t_docsize WHERE id = ?1", -1, &sz.st,
                                    NULL),
                 ==, SQLITE_OK);
    char q[512];
    snprintf(q, sizeof(q),
             "SELECT rowid, " KB_RANK_BM25("t") " FROM t WHERE t MATCH ?1 %s"
             " ORDER BY " KB_RANK_BM25("t") " LIMIT ?2",
             filtered ? "AND rowid % 2 = 1" : "");
    PL_CHECK_INT(sqlite3_prepare_v2(db, q, -1, &ref, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(kb_pass_run(pass, pass_expr, &p), ==, SQLITE_OK);

    /* the counts */
    PL_CHECK_INT(p.seen, ==, count_of(db, expr));
    for (int i = 0; i < 2 * n; i++)
        PL_CHECK_INT(p.nhit[i], ==, count_of(db, phrase[i]));
    for (int i = 0; i < n; i++) {
        char one[4096];
        snprintf(one, sizeof(one), "%s OR %s", phrase[2 * i], phrase[2 * i + 1]);
        PL_CHECK_INT(p.df[i], ==, count_of(db, one));
    }

    /* the ranking */
    kb_rank_row_t **top = NULL;
    int nt = kb_rank_top(&p, k, size_row, &sz, &top);
    sqlite3_bind_text(ref, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ref, 2, (sqlite3_int64)k);
    int i = 0;
    double last = -1;
    while (sqlite3_step(ref) == SQLITE_ROW) {
        PL_CHECK(i < nt);
        if (i >= nt)
            break;
        double want = -sqlite3_column_double(ref, 1);
        ties_seen += want == last;
        last = want;
        if (top[i]->rowid != sqlite3_column_int64(ref, 0) || top[i]->bm != want)
            fprintf(stderr, "  [%s] #%d: rowid %lld bm %.17g, SQLite rowid %lld bm %.17g\n", expr,
                    i, (long long)top[i]->rowid, top[i]->bm,
                    (long long)sqlite3_column_int64(ref, 0), want);
        PL_CHECK_INT(top[i]->rowid, ==, sqlite3_column_int64(ref, 0));
        PL_CHECK(memcmp(&top[i]->bm, &want, sizeof(want)) == 0);
        i++;
    }
    PL_CHECK_INT(i, ==, nt);
    if ((size_t)sz.calls < p.n_kept)
        (*sized_fewer)++;
    pl_free(top);
    sqlite3_finalize(ref);
    sqlite3_finalize(pass);
    sqlite3_finalize(sz.st);
    kb_pass_free(&p);
}

/* Every row's docsize record decodes to what FTS5's xColumnSize(-1) says in a query. */
static void check_sizes(sqlite3 *db)
{
    sqlite3_stmt *q = NULL, *d = NULL;
    PL_CHECK_INT(sqlite3_prepare_v2(db, "SELECT rowid, pl_kb_size(t) FROM t WHERE t MATCH"
                                        " 'water OR the OR a OR x OR plant OR rain OR of OR is'",
                                    -1, &q, NULL),
                 ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_prepare_v2(db, "SELECT sz FROM t_docsize WHERE id = ?1", -1, &d, NULL),
                 ==, SQLITE_OK);
    int rows = 0, big = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        sqlite3_bind_int64(d, 1, sqlite3_column_int64(q, 0));
        PL_CHECK_INT(sqlite3_step(d), ==, SQLITE_ROW);
        int n = -1;
        PL_CHECK_INT(kb_rank_docsize(sqlite3_column_blob(d, 0), sqlite3_column_bytes(d, 0), 4, &n),
                     ==, 0);
        PL_CHECK_INT(n, ==, sqlite3_column_int(q, 1));
        big += n > 127; /* two-byte varints are met */
        sqlite3_reset(d);
        rows++;
    }
    PL_CHECK(rows > 300);
    PL_CHECK(big > 0);
    sqlite3_finalize(q);
    sqlite3_finalize(d);
}

static void check_table(const char *options)
{
    sqlite3 *db = make_table(options, 400);
    check_sizes(db);
    static const char *const w1[] = {"water", "cycle"};
    static const char *const c1[] = {NULL, NULL};
    static const char *const w2[] = {"quadratic", "formula", "use"};
    static const char *const c2[] = {NULL, "formulae", NULL};
    static const char *const w3[] = {"decline", "harappa", "the", "cafe", "naive"};
    static const char *const c3[] = {NULL, NULL, NULL, NULL, NULL};
    static const char *const w4[] = {"x"};
    static const char *const c4[] = {NULL};
    static const char *const w5[] = {"equat", "root", "graph", "parabola", "plant", "leaf",
                                     "light", "energy", "glucose", "oxygen", "carbon", "rain",
                                     "river", "cloud", "valley"};
    static const char *const c5[15] = {NULL};
    static const char *const w6[] = {"zzzz"};
    static const char *const c6[] = {NULL};
    struct {
        const char *const *w, *const *c;
        int n;
    } qs[] = {{w1, c1, 2}, {w2, c2, 3}, {w3, c3, 5}, {w4, c4, 1}, {w5, c5, 15}, {w6, c6, 1}};
    int fewer = 0;
    for (size_t q = 0; q < sizeof(qs) / sizeof(qs[0]); q++)
        for (int filtered = 0; filtered < 2; filtered++) {
            check_query(db, qs[q].w, qs[q].c, qs[q].n, filtered, 64, &fewer);
            check_query(db, qs[q].w, qs[q].c, qs[q].n, filtered, 3, &fewer);
            check_query(db, qs[q].w, qs[q].c, qs[q].n, filtered, 1000, &fewer);
        }
    /* the bound spares sizing rows for the small k at least; ties were met */
    PL_CHECK(fewer > 0);
    PL_CHECK(ties_seen > 0);
    sqlite3_close(db);
}

PL_TEST(rank_matches_sqlite_bm25)
{
    check_table("");
}

PL_TEST(rank_matches_sqlite_bm25_contentless)
{
    check_table(", content=''");
}

PL_TEST(docsize_records)
{
    int n = -1;
    static const unsigned char ok[] = {0x02, 0x00, 0x81, 0x1d, 0x05};
    PL_CHECK_INT(kb_rank_docsize(ok, sizeof(ok), 4, &n), ==, 0);
    PL_CHECK_INT(n, ==, 2 + 0 + 157 + 5);
    PL_CHECK_INT(kb_rank_docsize(ok, 4, 4, &n), ==, -1);            /* a column short */
    PL_CHECK_INT(kb_rank_docsize(ok, sizeof(ok), 3, &n), ==, -1);   /* bytes left over */
    static const unsigned char cut[] = {0x01, 0x02, 0x03, 0x81};
    PL_CHECK_INT(kb_rank_docsize(cut, sizeof(cut), 4, &n), ==, -1); /* a varint cut */
    static const unsigned char huge[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    PL_CHECK_INT(kb_rank_docsize(huge, sizeof(huge), 1, &n), ==, -1);
    PL_CHECK_INT(kb_rank_docsize(NULL, 0, 0, &n), ==, 0);
    PL_CHECK_INT(n, ==, 0);
}

PL_TEST(rank_nothing_kept)
{
    kb_pass_t p;
    memset(&p, 0, sizeof(p));
    kb_rank_row_t **top = (kb_rank_row_t **)&p;
    PL_CHECK_INT(kb_rank_top(&p, 8, size_row, NULL, &top), ==, 0);
    PL_CHECK(top == NULL);
    kb_pass_free(&p);
}

PL_TEST_MAIN(PL_TEST_ENTRY(rank_matches_sqlite_bm25),
             PL_TEST_ENTRY(rank_matches_sqlite_bm25_contentless),
             PL_TEST_ENTRY(docsize_records), PL_TEST_ENTRY(rank_nothing_kept))
