/*
 * test_store.c - the durable store: opening and migrations, round trips of
 * every write and read, batch semantics (group commit, per-write errors,
 * commit failure), callbacks on the loop thread in FIFO order and in slices
 * between I/O, the worker thread's lower priority, draining on
 * close, reads during a commit, and a throughput figure.
 */
#define _GNU_SOURCE /* gettid */
#include "pl_test.h"
#include "store_test_util.h"

#include "parley/error.h"
#include "parley/mem.h"
#include "parley/store.h"
#include "store/store_int.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

/* One test's world: a scratch folder, a loop and an open store. */
typedef struct fixture {
    char dir[64];
    char path[128];
    struct event_base *base;
    pl_store_t *st;
} fixture_t;

static int fx_open_cfg(fixture_t *fx, const pl_store_config_t *cfg)
{
    return pl_store_open(&fx->st, fx->base, cfg);
}

static int fx_open(fixture_t *fx)
{
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = fx->path;
    return fx_open_cfg(fx, &cfg);
}

/* Sets up the folder and loop; opens the store unless cfg_only. */
static int fx_init(fixture_t *fx, int open_store)
{
    memset(fx, 0, sizeof(*fx));
    rec_reset();
    if (tdir_make(fx->dir) != 0)
        return -1;
    snprintf(fx->path, sizeof(fx->path), "%s/parley.db", fx->dir);
    fx->base = event_base_new();
    if (fx->base == NULL)
        return -1;
    return open_store ? fx_open(fx) : 0;
}

static void fx_done(fixture_t *fx)
{
    pl_store_close(fx->st);
    fx->st = NULL;
    if (fx->base != NULL)
        event_base_free(fx->base);
    tdir_remove(fx->dir);
}

/* Runs the loop until n callbacks have been recorded in total. */
static int fx_wait(fixture_t *fx, int n) { return run_until(fx->base, &rec.count, n, 30.0); }

static pl_store_conv_t conv(const char *id, const char *user, const char *dialect, int64_t updated)
{
    pl_store_conv_t c = {0};
    c.id = (char *)id;
    c.user_id = (char *)user;
    c.title = (char *)"a title";
    c.status = (char *)"active";
    c.dialect = (char *)dialect;
    c.state = (char *)"IDLE";
    c.meta = (char *)"{\"level\":2}";
    c.created_ms = 1000;
    c.updated_ms = updated;
    c.last_seq = 0;
    return c;
}

static pl_store_msg_t msg(const char *conv_id, const char *id, const char *role, int64_t seq,
                          int64_t created)
{
    pl_store_msg_t m = {0};
    m.conversation_id = (char *)conv_id;
    m.id = (char *)id;
    m.role = (char *)role;
    m.content = (char *)"hello";
    m.status = (char *)"complete";
    m.seq = seq;
    m.created_ms = created;
    return m;
}

/* Queues a conversation insert and waits for it; returns its result. */
static int put_conv(fixture_t *fx, const pl_store_conv_t *c)
{
    int before = rec.count;
    int rv = pl_store_conv_insert(fx->st, c, rec_done, REC_UD(REC_MAX - 1));
    if (rv != 0)
        return rv;
    if (!fx_wait(fx, before + 1))
        return PL_ERR_TIMEOUT;
    return rec.rv[REC_MAX - 1];
}

static int put_msg(fixture_t *fx, const pl_store_msg_t *m)
{
    int before = rec.count;
    int rv = pl_store_msg_put(fx->st, m, rec_done, REC_UD(REC_MAX - 1));
    if (rv != 0)
        return rv;
    if (!fx_wait(fx, before + 1))
        return PL_ERR_TIMEOUT;
    return rec.rv[REC_MAX - 1];
}

static int update_conv(fixture_t *fx, const char *id, const pl_store_conv_update_t *u)
{
    int before = rec.count;
    int rv = pl_store_conv_update(fx->st, id, u, rec_done, REC_UD(REC_MAX - 1));
    if (rv != 0)
        return rv;
    if (!fx_wait(fx, before + 1))
        return PL_ERR_TIMEOUT;
    return rec.rv[REC_MAX - 1];
}

static int delete_conv(fixture_t *fx, const char *id)
{
    int before = rec.count;
    int rv = pl_store_conv_delete(fx->st, id, rec_done, REC_UD(REC_MAX - 1));
    if (rv != 0)
        return rv;
    if (!fx_wait(fx, before + 1))
        return PL_ERR_TIMEOUT;
    return rec.rv[REC_MAX - 1];
}

static int add_transition(fixture_t *fx, const char *id, const char *from, const char *ev,
                          const char *to, int64_t at)
{
    int before = rec.count;
    int rv = pl_store_transition_add(fx->st, id, from, ev, to, at, rec_done, REC_UD(REC_MAX - 1));
    if (rv != 0)
        return rv;
    if (!fx_wait(fx, before + 1))
        return PL_ERR_TIMEOUT;
    return rec.rv[REC_MAX - 1];
}

/* Reads an integer with a raw connection of its own (what is on disk). */
static long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return v;
}

/* ---------------------------------------------------------------------- */
/* Opening and migrations                                                 */

PL_TEST(open_creates_folder_and_latest_schema)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    snprintf(fx.path, sizeof(fx.path), "%s/a/b/c/parley.db", fx.dir);
    PL_CHECK_INT(fx_open(&fx), ==, 0);
    PL_CHECK(fx.st != NULL);
    PL_CHECK_INT(pl_store_schema_version(fx.st), ==, store_sqlite_schema_latest());
    PL_CHECK_INT(store_sqlite_schema_latest(), >=, 1);

    char sub[128];
    snprintf(sub, sizeof(sub), "%s/a/b/c", fx.dir);
    struct stat sb;
    PL_CHECK_INT(stat(sub, &sb), ==, 0);
    PL_CHECK(S_ISDIR(sb.st_mode));
    PL_CHECK_INT(sb.st_mode & 0777, ==, 0700);

    PL_CHECK_INT(raw_int(fx.path, "PRAGMA user_version"), ==, store_sqlite_schema_latest());
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    PL_CHECK_INT(sqlite3_open_v2(fx.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_step(stmt), ==, SQLITE_ROW);
    PL_CHECK_STR((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                  " ('conversations', 'messages', 'transitions')"),
                 ==, 3);
    fx_done(&fx);
}

/* Reads a one-integer PRAGMA on the writer connection (the worker must be held). */
static long long writer_pragma(pl_store_t *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(store_sqlite_writer(st), sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

PL_TEST(writer_connection_settings)
{
    for (int full = 0; full <= 1; full++) {
        fixture_t fx;
        PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
        pl_store_config_t cfg;
        pl_store_config_init(&cfg);
        cfg.path = fx.path;
        cfg.synchronous_full = full;
        PL_CHECK_INT(fx_open_cfg(&fx, &cfg), ==, 0);
        store_hold_worker(fx.st, 1);
        PL_CHECK_INT(writer_pragma(fx.st, "PRAGMA synchronous"), ==, full ? 2 : 1);
        PL_CHECK_INT(writer_pragma(fx.st, "PRAGMA foreign_keys"), ==, 1);
        PL_CHECK_INT(writer_pragma(fx.st, "PRAGMA busy_timeout"), >, 0);
        store_hold_worker(fx.st, 0);
        fx_done(&fx);
    }
}

PL_TEST(reopen_is_a_noop)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 5);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    pl_store_close(fx.st);
    fx.st = NULL;
    long long cookie = raw_int(fx.path, "PRAGMA schema_version");
    PL_CHECK_INT(cookie, >, 0);

    PL_CHECK_INT(fx_open(&fx), ==, 0);
    PL_CHECK_INT(pl_store_schema_version(fx.st), ==, store_sqlite_schema_latest());
    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.user_id, "u1");
    pl_store_conv_clear(&got);
    pl_store_close(fx.st);
    fx.st = NULL;
    /* no DDL ran: the schema cookie did not move */
    PL_CHECK_INT(raw_int(fx.path, "PRAGMA schema_version"), ==, cookie);
    PL_CHECK_INT(raw_int(fx.path, "PRAGMA user_version"), ==, store_sqlite_schema_latest());
    fx_done(&fx);
}

PL_TEST(newer_schema_version_is_refused)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    sqlite3 *db = NULL;
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", store_sqlite_schema_latest() + 1);
    PL_CHECK_INT(sqlite3_open(fx.path, &db), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close(db);

    fx.st = (pl_store_t *)&fx; /* must be reset to NULL */
    PL_CHECK_INT(fx_open(&fx), ==, PL_ERR_STORE);
    PL_CHECK(fx.st == NULL);
    /* the file was left alone */
    PL_CHECK_INT(raw_int(fx.path, "PRAGMA user_version"), ==, store_sqlite_schema_latest() + 1);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM sqlite_master"), ==, 0);
    fx_done(&fx);
}

PL_TEST(garbage_file_is_refused)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    FILE *f = fopen(fx.path, "wb");
    PL_CHECK(f != NULL);
    if (f != NULL) {
        for (int i = 0; i < 200; i++)
            fputs("this is not an SQLite database. ", f);
        fclose(f);
    }
    PL_CHECK_INT(fx_open(&fx), ==, PL_ERR_STORE);
    PL_CHECK(fx.st == NULL);
    fx_done(&fx);
}

PL_TEST(data_folder_under_a_file_fails)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    char file[128];
    snprintf(file, sizeof(file), "%s/plain", fx.dir);
    FILE *f = fopen(file, "w");
    PL_CHECK(f != NULL);
    if (f != NULL)
        fclose(f);
    snprintf(fx.path, sizeof(fx.path), "%s/plain/sub/parley.db", fx.dir);
    PL_CHECK_INT(fx_open(&fx), ==, PL_ERR_IO);
    PL_CHECK(fx.st == NULL);
    fx_done(&fx);
}

PL_TEST(invalid_arguments)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    PL_CHECK_INT(cfg.synchronous_full, ==, 1);
    PL_CHECK_INT(cfg.max_batch, ==, 256);
    PL_CHECK_INT(pl_store_open(&fx.st, fx.base, &cfg), ==, PL_ERR_INVALID_ARGUMENT); /* no path */
    cfg.path = ":memory:";
    PL_CHECK_INT(pl_store_open(&fx.st, fx.base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    cfg.path = fx.path;
    PL_CHECK_INT(pl_store_open(&fx.st, NULL, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_open(&fx.st, fx.base, &cfg), ==, 0);

    char long_id[PL_STORE_ID_MAX + 2];
    memset(long_id, 'x', sizeof(long_id) - 1);
    long_id[PL_STORE_ID_MAX + 1] = '\0'; /* one byte too long */
    pl_store_conv_t c = conv(long_id, "u", "tutor", 1);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(0)), ==, PL_ERR_INVALID_ARGUMENT);
    c.id = (char *)"";
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(0)), ==, PL_ERR_INVALID_ARGUMENT);
    c = conv("ok", NULL, "tutor", 1);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(0)), ==, PL_ERR_INVALID_ARGUMENT);
    c = conv("ok", "u", NULL, 1);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(0)), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, NULL, rec_done, REC_UD(0)), ==,
                 PL_ERR_INVALID_ARGUMENT);
    c = conv("ok", "u", "tutor", 1);
    c.last_seq = -1;
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(0)), ==,
                 PL_ERR_INVALID_ARGUMENT);
    pl_store_conv_update_t u = {0};
    PL_CHECK_INT(pl_store_conv_update(fx.st, NULL, &u, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_conv_delete(fx.st, long_id, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    pl_store_msg_t m = msg("c", "m", NULL, 1, 1);
    PL_CHECK_INT(pl_store_msg_put(fx.st, &m, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_transition_add(fx.st, "c", "A", NULL, "B", 1, NULL, NULL), ==,
                 PL_ERR_INVALID_ARGUMENT);
    char *huge = pl_malloc(PL_STORE_TEXT_MAX + 2);
    memset(huge, 'a', PL_STORE_TEXT_MAX + 1);
    huge[PL_STORE_TEXT_MAX + 1] = '\0';
    m = msg("c", "m", "user", 1, 1);
    m.content = huge;
    PL_CHECK_INT(pl_store_msg_put(fx.st, &m, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    pl_free(huge);
    pl_store_conv_t out;
    PL_CHECK_INT(pl_store_conv_get(fx.st, long_id, &out), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_conv_list(fx.st, NULL, NULL, 10, 0, NULL, NULL), ==,
                 PL_ERR_INVALID_ARGUMENT);

    /* an id of exactly PL_STORE_ID_MAX bytes is fine */
    long_id[PL_STORE_ID_MAX] = '\0';
    c = conv(long_id, "u", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    PL_CHECK_INT(pl_store_conv_get(fx.st, long_id, &out), ==, 0);
    PL_CHECK_STR(out.id, long_id);
    pl_store_conv_clear(&out);
    PL_CHECK_INT(rec.count, ==, 1); /* the rejected writes never completed */
    fx_done(&fx);
}

/* ---------------------------------------------------------------------- */
/* Conversations                                                          */

PL_TEST(conv_round_trip)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "user-1", "improv", 1234);
    c.title = (char *)"Ünïcode title";
    c.created_ms = 1111;
    c.last_seq = 7;
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    pl_store_conv_t c2 = conv("c2", "user-1", "tutor", 99);
    c2.title = NULL;
    c2.meta = NULL;
    PL_CHECK_INT(put_conv(&fx, &c2), ==, 0);

    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.id, "c1");
    PL_CHECK_STR(got.user_id, "user-1");
    PL_CHECK_STR(got.title, "Ünïcode title");
    PL_CHECK_STR(got.status, "active");
    PL_CHECK_STR(got.dialect, "improv");
    PL_CHECK_STR(got.state, "IDLE");
    PL_CHECK_STR(got.meta, "{\"level\":2}");
    PL_CHECK_INT(got.created_ms, ==, 1111);
    PL_CHECK_INT(got.updated_ms, ==, 1234);
    PL_CHECK_INT(got.last_seq, ==, 7);
    pl_store_conv_clear(&got);
    PL_CHECK(got.id == NULL);

    PL_CHECK_INT(pl_store_conv_get(fx.st, "c2", &got), ==, 0);
    PL_CHECK_STR(got.title, "");
    PL_CHECK_STR(got.meta, "{}");
    pl_store_conv_clear(&got);

    PL_CHECK_INT(pl_store_conv_get(fx.st, "nope", &got), ==, PL_ERR_NOT_FOUND);
    PL_CHECK(got.id == NULL);
    /* a duplicate id is refused */
    PL_CHECK_INT(put_conv(&fx, &c), ==, PL_ERR_EXISTS);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "user-1"), ==, 2);
    fx_done(&fx);
}

PL_TEST(conv_update_changes_only_given_fields)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 100);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);

    pl_store_conv_update_t u = {0};
    u.title = "new title";
    u.updated_ms = 200;
    PL_CHECK_INT(update_conv(&fx, "c1", &u), ==, 0);
    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.title, "new title");
    PL_CHECK_STR(got.status, "active");
    PL_CHECK_STR(got.state, "IDLE");
    PL_CHECK_STR(got.meta, "{\"level\":2}");
    PL_CHECK_INT(got.updated_ms, ==, 200);
    PL_CHECK_INT(got.last_seq, ==, 0);
    PL_CHECK_INT(got.created_ms, ==, 1000);
    pl_store_conv_clear(&got);

    memset(&u, 0, sizeof(u));
    u.state = "ANSWERING";
    u.status = "archived";
    u.meta = "{}";
    u.updated_ms = 300;
    u.last_seq = 10;
    PL_CHECK_INT(update_conv(&fx, "c1", &u), ==, 0);
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.title, "new title");
    PL_CHECK_STR(got.status, "archived");
    PL_CHECK_STR(got.state, "ANSWERING");
    PL_CHECK_STR(got.meta, "{}");
    PL_CHECK_INT(got.updated_ms, ==, 300);
    PL_CHECK_INT(got.last_seq, ==, 10);
    pl_store_conv_clear(&got);

    /* last_seq is never lowered; 0 leaves it */
    static const int64_t seqs[] = {5, 0, -3, 11};
    static const int64_t want[] = {10, 10, 10, 11};
    for (int i = 0; i < 4; i++) {
        memset(&u, 0, sizeof(u));
        u.updated_ms = 400 + i;
        u.last_seq = seqs[i];
        PL_CHECK_INT(update_conv(&fx, "c1", &u), ==, 0);
        PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
        PL_CHECK_INT(got.last_seq, ==, want[i]);
        PL_CHECK_INT(got.updated_ms, ==, 400 + i);
        PL_CHECK_STR(got.state, "ANSWERING");
        pl_store_conv_clear(&got);
    }

    /* updated_ms 0 leaves it too (a state change that is not an update for the lists) */
    memset(&u, 0, sizeof(u));
    u.state = "IDLE";
    PL_CHECK_INT(update_conv(&fx, "c1", &u), ==, 0);
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.state, "IDLE");
    PL_CHECK_INT(got.updated_ms, ==, 403);
    pl_store_conv_clear(&got);

    PL_CHECK_INT(update_conv(&fx, "missing", &u), ==, PL_ERR_NOT_FOUND);
    fx_done(&fx);
}

typedef struct conv_seen {
    int n;
    char ids[16][16];
    int stop_after;
} conv_seen_t;

static int on_conv(const pl_store_conv_t *c, void *ud)
{
    conv_seen_t *s = ud;
    if (s->n < 16)
        snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", c->id);
    s->n++;
    return s->stop_after > 0 && s->n >= s->stop_after;
}

/* Joins the listed ids with commas. */
static const char *joined(const conv_seen_t *s)
{
    static char buf[256];
    buf[0] = '\0';
    for (int i = 0; i < s->n && i < 16; i++) {
        if (i > 0)
            strcat(buf, ",");
        strcat(buf, s->ids[i]);
    }
    return buf;
}

PL_TEST(conv_list_orders_newest_first_and_pages)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    static const struct {
        const char *id, *user, *dialect;
        int64_t updated;
    } rows[] = {
        {"a", "u1", "tutor", 30}, {"b", "u1", "teach", 50},  {"c", "u1", "tutor", 10},
        {"d", "u2", "tutor", 99}, {"e", "u1", "tutor", 40},  {"f", "u1", "improv", 20},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        pl_store_conv_t c = conv(rows[i].id, rows[i].user, rows[i].dialect, rows[i].updated);
        PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(i)), ==, 0);
    }
    PL_CHECK(fx_wait(&fx, 6));

    conv_seen_t s = {0};
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 0, 0, on_conv, &s), ==, 5);
    PL_CHECK_STR(joined(&s), "b,e,a,f,c");

    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 2, 0, on_conv, &s), ==, 2);
    PL_CHECK_STR(joined(&s), "b,e");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 2, 2, on_conv, &s), ==, 2);
    PL_CHECK_STR(joined(&s), "a,f");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 2, 4, on_conv, &s), ==, 1);
    PL_CHECK_STR(joined(&s), "c");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 2, 6, on_conv, &s), ==, 0);

    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", "tutor", 10, 0, on_conv, &s), ==, 3);
    PL_CHECK_STR(joined(&s), "e,a,c");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", "audio", 10, 0, on_conv, &s), ==, 0);

    /* the callback stops the walk; the stopping row counts as visited */
    memset(&s, 0, sizeof(s));
    s.stop_after = 2;
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 10, 0, on_conv, &s), ==, 2);
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u2", NULL, 10, 0, NULL, NULL), ==, 1);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u1"), ==, 5);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u2"), ==, 1);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "nobody"), ==, 0);

    /* an update moves a conversation to the front */
    pl_store_conv_update_t u = {0};
    u.updated_ms = 1000;
    PL_CHECK_INT(update_conv(&fx, "c", &u), ==, 0);
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 1, 0, on_conv, &s), ==, 1);
    PL_CHECK_STR(joined(&s), "c");
    fx_done(&fx);
}

/* A row callback that reads through the same list function: needs a second statement. */
typedef struct nested {
    pl_store_t *st;
    int outer, inner_total;
} nested_t;

static int on_conv_nested(const pl_store_conv_t *c, void *ud)
{
    nested_t *n = ud;
    n->outer++;
    int r = pl_store_conv_list(n->st, c->user_id, NULL, 0, 0, NULL, NULL);
    n->inner_total += r;
    pl_store_conv_t again;
    if (pl_store_conv_get(n->st, c->id, &again) == 0) {
        n->inner_total += strcmp(again.id, c->id) == 0 ? 1000 : 0;
        pl_store_conv_clear(&again);
    }
    return 0;
}

PL_TEST(nested_reads_from_a_row_callback)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t a = conv("a", "u1", "tutor", 1), b = conv("b", "u1", "tutor", 2);
    PL_CHECK_INT(put_conv(&fx, &a), ==, 0);
    PL_CHECK_INT(put_conv(&fx, &b), ==, 0);
    nested_t n = {fx.st, 0, 0};
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 0, 0, on_conv_nested, &n), ==, 2);
    PL_CHECK_INT(n.outer, ==, 2);
    PL_CHECK_INT(n.inner_total, ==, 2 * 2 + 2 * 1000);
    fx_done(&fx);
}

typedef struct tr_seen {
    int n;
    char text[512];
} tr_seen_t;

static int on_transition(const char *from, const char *ev, const char *to, int64_t at, void *ud)
{
    tr_seen_t *s = ud;
    size_t len = strlen(s->text);
    snprintf(s->text + len, sizeof(s->text) - len, "%s%s-%s->%s@%lld", s->n ? " " : "", from, ev,
             to, (long long)at);
    s->n++;
    return 0;
}

PL_TEST(transitions_round_trip)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    PL_CHECK_INT(add_transition(&fx, "c1", "IDLE", "user_message", "THINKING", 30), ==, 0);
    PL_CHECK_INT(add_transition(&fx, "c1", "THINKING", "token", "ANSWERING", 20), ==, 0);
    PL_CHECK_INT(add_transition(&fx, "c1", "ANSWERING", "done", "IDLE", 20), ==, 0);
    tr_seen_t s = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &s), ==, 3);
    /* insertion order, whatever the timestamps */
    PL_CHECK_STR(s.text, "IDLE-user_message->THINKING@30 THINKING-token->ANSWERING@20 "
                         "ANSWERING-done->IDLE@20");
    PL_CHECK_INT(pl_store_transition_list(fx.st, "other", on_transition, &s), ==, 0);
    /* a transition of an unknown conversation is refused */
    PL_CHECK_INT(add_transition(&fx, "ghost", "A", "e", "B", 1), ==, PL_ERR_NOT_FOUND);
    fx_done(&fx);
}

PL_TEST(conv_delete_cascades)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c1 = conv("c1", "u1", "tutor", 1), c2 = conv("c2", "u1", "tutor", 2);
    PL_CHECK_INT(put_conv(&fx, &c1), ==, 0);
    PL_CHECK_INT(put_conv(&fx, &c2), ==, 0);
    pl_store_msg_t m = msg("c1", "m1", "user", 1, 1);
    PL_CHECK_INT(put_msg(&fx, &m), ==, 0);
    m.id = (char *)"m2";
    PL_CHECK_INT(put_msg(&fx, &m), ==, 0);
    m.conversation_id = (char *)"c2";
    PL_CHECK_INT(put_msg(&fx, &m), ==, 0);
    PL_CHECK_INT(add_transition(&fx, "c1", "IDLE", "x", "BUSY", 1), ==, 0);
    PL_CHECK_INT(add_transition(&fx, "c2", "IDLE", "x", "BUSY", 1), ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 2);

    PL_CHECK_INT(delete_conv(&fx, "c1"), ==, 0);
    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 0);
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", NULL, NULL), ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM messages WHERE conversation_id = 'c1'"),
                 ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions WHERE conversation_id = 'c1'"),
                 ==, 0);
    /* the other conversation is untouched */
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c2"), ==, 1);
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c2", NULL, NULL), ==, 1);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u1"), ==, 1);
    /* deleting again matches nothing */
    PL_CHECK_INT(delete_conv(&fx, "c1"), ==, PL_ERR_NOT_FOUND);
    fx_done(&fx);
}

/* ---------------------------------------------------------------------- */
/* Messages                                                               */

typedef struct msg_seen {
    int n;
    char text[1024];
    int64_t last_seq;
    int out_of_order;
} msg_seen_t;

static int on_msg(const pl_store_msg_t *m, void *ud)
{
    msg_seen_t *s = ud;
    size_t len = strlen(s->text);
    snprintf(s->text + len, sizeof(s->text) - len, "%s%s", s->n ? "," : "", m->id);
    if (s->n > 0 && m->seq < s->last_seq)
        s->out_of_order++;
    s->last_seq = m->seq;
    s->n++;
    return 0;
}

PL_TEST(msg_round_trip_and_replace)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    pl_store_msg_t u = msg("c1", "m1", "user", 3, 500);
    u.user_id = (char *)"u1";
    u.token = (char *)"tok-1";
    u.content = (char *)"What is 2+2? \"quoted\" 'single'; DROP TABLE messages; --";
    u.meta = (char *)"{\"mode\":\"socratic\"}";
    PL_CHECK_INT(put_msg(&fx, &u), ==, 0);
    pl_store_msg_t a = msg("c1", "m2", "assistant", 4, 600);
    a.content = (char *)"It is";
    a.status = (char *)"stopped";
    a.meta = NULL;
    PL_CHECK_INT(put_msg(&fx, &a), ==, 0);

    pl_store_msg_t got;
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c1", "tok-1", &got), ==, 0);
    PL_CHECK_STR(got.conversation_id, "c1");
    PL_CHECK_STR(got.id, "m1");
    PL_CHECK_STR(got.role, "user");
    PL_CHECK_STR(got.user_id, "u1");
    PL_CHECK_STR(got.token, "tok-1");
    PL_CHECK_STR(got.content, "What is 2+2? \"quoted\" 'single'; DROP TABLE messages; --");
    PL_CHECK_STR(got.status, "complete");
    PL_CHECK_STR(got.meta, "{\"mode\":\"socratic\"}");
    PL_CHECK_INT(got.seq, ==, 3);
    PL_CHECK_INT(got.created_ms, ==, 500);
    pl_store_msg_clear(&got);
    PL_CHECK(got.id == NULL);

    /* the assistant answer saved again with its final status replaces the row */
    a.content = (char *)"It is 4.";
    a.status = (char *)"complete";
    a.meta = (char *)"{\"citations\":[]}";
    PL_CHECK_INT(put_msg(&fx, &a), ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 2);

    msg_seen_t s = {0};
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 0, 0, 0, on_msg, &s), ==, 2);
    PL_CHECK_STR(s.text, "m1,m2");
    /* the key is (conversation, seq, id): the same id at another seq is another row
     * (pl_store_msg_set_seq is how a message moves) */
    pl_store_msg_t later = msg("c1", "m2", "assistant", 5, 700);
    PL_CHECK_INT(put_msg(&fx, &later), ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 3);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM messages WHERE id = 'm2' AND"
                                  " content = 'It is 4.' AND status = 'complete' AND"
                                  " meta = '{\"citations\":[]}' AND user_id IS NULL AND"
                                  " token IS NULL"),
                 ==, 1);
    /* a message of an unknown conversation is refused */
    pl_store_msg_t orphan = msg("ghost", "m1", "user", 1, 1);
    PL_CHECK_INT(put_msg(&fx, &orphan), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "ghost"), ==, 0);
    /* SQL in the content was data, nothing more */
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM sqlite_master WHERE name = 'messages'"),
                 ==, 1);
    fx_done(&fx);
}

PL_TEST(msg_list_order_and_paging)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1), o = conv("other", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    PL_CHECK_INT(put_conv(&fx, &o), ==, 0);
    /* queued out of order: seq decides, then creation time, then insertion */
    static const struct {
        const char *id;
        int64_t seq, created;
    } rows[] = {{"e", 5, 10}, {"a", 1, 50}, {"c", 3, 30}, {"b", 3, 20},
                {"d", 3, 30}, {"f", 9, 1},  {"g", 9, 1}};
    int n = (int)(sizeof(rows) / sizeof(rows[0]));
    int before = rec.count;
    for (int i = 0; i < n; i++) {
        pl_store_msg_t m = msg("c1", rows[i].id, "user", rows[i].seq, rows[i].created);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    pl_store_msg_t m = msg("other", "zz", "user", 2, 1);
    PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(n)), ==, 0);
    PL_CHECK(fx_wait(&fx, before + n + 1));

    msg_seen_t s = {0};
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", -1, 0, 0, on_msg, &s), ==, 7);
    PL_CHECK_STR(s.text, "a,b,c,d,e,f,g");
    PL_CHECK_INT(s.out_of_order, ==, 0);

    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 3, 0, 0, on_msg, &s), ==, 3);
    PL_CHECK_STR(s.text, "e,f,g");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 0, 3, 0, on_msg, &s), ==, 3);
    PL_CHECK_STR(s.text, "a,b,c");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 0, 3, 3, on_msg, &s), ==, 3);
    PL_CHECK_STR(s.text, "d,e,f");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 0, 3, 6, on_msg, &s), ==, 1);
    PL_CHECK_STR(s.text, "g");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 9, 0, 0, on_msg, &s), ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 7);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "other"), ==, 1);
    PL_CHECK_INT(pl_store_msg_list(fx.st, "nothing", 0, 0, 0, on_msg, &s), ==, 0);
    fx_done(&fx);
}

PL_TEST(msg_find_token)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1), c2 = conv("c2", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    PL_CHECK_INT(put_conv(&fx, &c2), ==, 0);
    /* the assistant answer carries the same token: not a user message */
    pl_store_msg_t a = msg("c1", "answer", "assistant", 2, 2);
    a.token = (char *)"T";
    PL_CHECK_INT(put_msg(&fx, &a), ==, 0);
    pl_store_msg_t got;
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c1", "T", &got), ==, PL_ERR_NOT_FOUND);
    pl_store_msg_t u = msg("c1", "question", "user", 1, 1);
    u.token = (char *)"T";
    PL_CHECK_INT(put_msg(&fx, &u), ==, 0);
    pl_store_msg_t other = msg("c2", "q2", "user", 1, 1);
    other.token = (char *)"T2";
    PL_CHECK_INT(put_msg(&fx, &other), ==, 0);

    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c1", "T", &got), ==, 0);
    PL_CHECK_STR(got.id, "question");
    PL_CHECK_STR(got.role, "user");
    pl_store_msg_clear(&got);
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c2", "T", &got), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c1", "T2", &got), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c2", "T2", &got), ==, 0);
    PL_CHECK_STR(got.id, "q2");
    pl_store_msg_clear(&got);
    /* the lookup searches the conversation's messages only (schema 2 has no token index:
     * nothing on the hot path looks tokens up, and that index cost a page per commit) */
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    PL_CHECK_INT(sqlite3_open_v2(fx.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_prepare_v2(db,
                                    "EXPLAIN QUERY PLAN SELECT id FROM messages WHERE"
                                    " conversation_id = ?1 AND token = ?2 AND role = 'user'"
                                    " ORDER BY seq, rowid LIMIT 1",
                                    -1, &stmt, NULL),
                 ==, SQLITE_OK);
    char plan[512] = "";
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        size_t len = strlen(plan);
        snprintf(plan + len, sizeof(plan) - len, "%s;", (const char *)sqlite3_column_text(stmt, 3));
    }
    PL_CHECK_CONTAINS(plan, "(conversation_id=?");
    PL_CHECK(strstr(plan, "SCAN messages") == NULL);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    fx_done(&fx);
}

/* ---------------------------------------------------------------------- */
/* Batches                                                                */

PL_TEST(duplicate_fails_alone_in_its_batch)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    store_hold_worker(fx.st, 1);
    pl_store_conv_t a = conv("A", "u1", "tutor", 1), b = conv("B", "u1", "tutor", 2),
                    c = conv("C", "u1", "tutor", 3);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &a, rec_done, REC_UD(0)), ==, 0);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &b, rec_done, REC_UD(1)), ==, 0);
    a.title = (char *)"the duplicate";
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &a, rec_done, REC_UD(2)), ==, 0);
    pl_store_msg_t m = msg("B", "m", "user", 1, 1);
    PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(3)), ==, 0);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(4)), ==, 0);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.queued, ==, 5);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 5));

    PL_CHECK_INT(rec.rv[0], ==, 0);
    PL_CHECK_INT(rec.rv[1], ==, 0);
    PL_CHECK_INT(rec.rv[2], ==, PL_ERR_EXISTS);
    PL_CHECK_INT(rec.rv[3], ==, 0);
    PL_CHECK_INT(rec.rv[4], ==, 0);
    for (int i = 0; i < 5; i++)
        PL_CHECK_INT(rec.order[i], ==, i);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 1); /* one transaction for all five */
    PL_CHECK_INT(s1.writes - s0.writes, ==, 5);
    PL_CHECK_INT(s1.failures - s0.failures, ==, 1);
    PL_CHECK_INT(s1.queued, ==, 0);

    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "A", &got), ==, 0);
    PL_CHECK_STR(got.title, "a title"); /* the first insert won */
    pl_store_conv_clear(&got);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u1"), ==, 3);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "B"), ==, 1);
    fx_done(&fx);
}

PL_TEST(max_batch_splits_transactions)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = fx.path;
    cfg.max_batch = 10;
    PL_CHECK_INT(fx_open_cfg(&fx, &cfg), ==, 0);
    pl_store_conv_t c = conv("c", "u", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    store_hold_worker(fx.st, 1);
    for (int i = 0; i < 35; i++) {
        char id[16];
        snprintf(id, sizeof(id), "m%d", i);
        pl_store_msg_t m = msg("c", id, "user", i, i);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 35));
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 4);
    PL_CHECK_INT(s1.failures, ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c"), ==, 35);
    fx_done(&fx);
}

PL_TEST(queue_cap_reports_busy)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = fx.path;
    cfg.max_queue = 4;
    PL_CHECK_INT(fx_open_cfg(&fx, &cfg), ==, 0);
    store_hold_worker(fx.st, 1);
    for (int i = 0; i < 4; i++) {
        char id[16];
        snprintf(id, sizeof(id), "c%d", i);
        pl_store_conv_t c = conv(id, "u", "tutor", i);
        PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(i)), ==, 0);
    }
    pl_store_conv_t c = conv("c4", "u", "tutor", 4);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(4)), ==, PL_ERR_BUSY);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 4));
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(4)), ==, 0);
    PL_CHECK(fx_wait(&fx, 5));
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u"), ==, 5);
    fx_done(&fx);
}

static int refuse_commit(void *ud)
{
    (void)ud;
    return 1; /* turns the COMMIT into a ROLLBACK */
}

PL_TEST(failed_commit_fails_the_whole_batch)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    store_hold_worker(fx.st, 1); /* the worker is parked: its connection is ours for now */
    sqlite3_commit_hook(store_sqlite_writer(fx.st), refuse_commit, NULL);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof(id), "c%d", i);
        pl_store_conv_t c = conv(id, "u", "tutor", i);
        PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(i)), ==, 0);
    }
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 3));
    for (int i = 0; i < 3; i++)
        PL_CHECK_INT(rec.rv[i], ==, PL_ERR_STORE);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits, ==, s0.commits);
    PL_CHECK_INT(s1.failures - s0.failures, ==, 3);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u"), ==, 0);

    store_hold_worker(fx.st, 1);
    sqlite3_commit_hook(store_sqlite_writer(fx.st), NULL, NULL);
    pl_store_conv_t c = conv("c0", "u", "tutor", 0);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(3)), ==, 0);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 4));
    PL_CHECK_INT(rec.rv[3], ==, 0);
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u"), ==, 1);
    fx_done(&fx);
}

PL_TEST(group_commit_groups_1000_writes)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c", "u", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    for (int i = 0; i < 1000; i++) {
        char id[16];
        snprintf(id, sizeof(id), "m%04d", i);
        pl_store_msg_t m = msg("c", id, i % 2 ? "assistant" : "user", i + 1, i);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    PL_CHECK(fx_wait(&fx, 1000));
    PL_CHECK_INT(rec.count, ==, 1000);
    int in_order = 1, all_ok = 1;
    for (int i = 0; i < 1000; i++) {
        in_order &= rec.order[i] == i;
        all_ok &= rec.rv[i] == 0;
    }
    PL_CHECK(in_order);
    PL_CHECK(all_ok);
    PL_CHECK_INT(rec.off_thread, ==, 0); /* every callback ran on the loop thread */
    pl_store_stats(fx.st, &s1);
    uint64_t commits = s1.commits - s0.commits;
    printf("  1000 writes in %llu commits\n", (unsigned long long)commits);
    PL_CHECK_INT(commits, >=, 4); /* max_batch 256 */
    PL_CHECK_INT(commits, <, 100);
    PL_CHECK_INT(s1.writes - s0.writes, ==, 1000);
    PL_CHECK_INT(s1.queued, ==, 0);
    PL_CHECK(s1.commit_seconds > s0.commit_seconds);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c"), ==, 1000);
    fx_done(&fx);
}

/* Records the thread of a callback. */
static pthread_t seen_thread;
static int seen_calls;

static void on_done_thread(int rv, void *ud)
{
    (void)rv;
    (void)ud;
    seen_thread = pthread_self();
    seen_calls++;
}

PL_TEST(callbacks_run_on_the_loop_thread)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    seen_calls = 0;
    pl_store_conv_t c = conv("c", "u", "tutor", 1);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, on_done_thread, NULL), ==, 0);
    /* a write is never completed before the loop runs */
    usleep(100 * 1000);
    PL_CHECK_INT(seen_calls, ==, 0);
    PL_CHECK(run_until(fx.base, &seen_calls, 1, 10.0));
    PL_CHECK(pthread_equal(seen_thread, pthread_self()));
    /* a NULL callback is fine */
    pl_store_conv_t d = conv("d", "u", "tutor", 1);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &d, NULL, NULL), ==, 0);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, on_done_thread, NULL), ==, 0);
    PL_CHECK(run_until(fx.base, &seen_calls, 2, 10.0));
    PL_CHECK(pthread_equal(seen_thread, pthread_self()));
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u"), ==, 2);
    fx_done(&fx);
}

PL_TEST(close_drains_every_queued_write)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c", "u", "tutor", 1);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, rec_done, REC_UD(0)), ==, 0);
    for (int i = 1; i <= 300; i++) {
        char id[16];
        snprintf(id, sizeof(id), "m%d", i);
        pl_store_msg_t m = msg("c", id, "user", i, i);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    pl_store_close(fx.st); /* the loop never ran */
    fx.st = NULL;
    PL_CHECK_INT(rec.count, ==, 301);
    PL_CHECK_INT(rec.off_thread, ==, 0);
    int all_ok = 1, in_order = 1;
    for (int i = 0; i <= 300; i++) {
        all_ok &= rec.rv[i] == 0;
        in_order &= rec.order[i] == i;
    }
    PL_CHECK(all_ok);
    PL_CHECK(in_order);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM messages"), ==, 300);
    fx_done(&fx);
}

/* A callback chain: each completion queues the next write; one closes the store. */
typedef struct chain {
    pl_store_t *st;
    const char *prefix;
    int steps, limit, close_at;
    int rv_sum;
} chain_t;

static void chain_next(int rv, void *ud)
{
    chain_t *ch = ud;
    ch->rv_sum += rv != 0;
    ch->steps++;
    if (ch->steps == ch->close_at)
        pl_store_close(ch->st); /* from a callback: takes effect once it returns */
    if (ch->steps < ch->limit) {
        char id[16];
        snprintf(id, sizeof(id), "%s%d", ch->prefix, ch->steps);
        pl_store_conv_t c = conv(id, "chain", "tutor", ch->steps);
        if (pl_store_conv_insert(ch->st, &c, chain_next, ch) != 0)
            ch->rv_sum += 100;
    }
}

/* Counts the loop's events that watch a descriptor (timers aside). */
static int count_fd_event(const struct event_base *base, const struct event *ev, void *ud)
{
    (void)base;
    if (event_get_events(ev) & (EV_READ | EV_WRITE))
        ++*(int *)ud;
    return 0;
}

static int fd_events(struct event_base *base)
{
    int n = 0;
    event_base_foreach_event(base, count_fd_event, &n);
    return n;
}

PL_TEST(callbacks_may_write_and_close)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    /* a chain still running when pl_store_close is called is drained to the end */
    chain_t ch = {fx.st, "k", 0, 6, 0, 0};
    pl_store_conv_t c = conv("k0", "chain", "tutor", 0);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &c, chain_next, &ch), ==, 0);
    pl_store_close(fx.st);
    fx.st = NULL;
    PL_CHECK_INT(ch.steps, ==, 6);
    PL_CHECK_INT(ch.rv_sum, ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM conversations WHERE user_id = 'chain'"), ==,
                 6);

    /* a close requested from a callback: the remaining writes finish, then it closes */
    int events_before = fd_events(fx.base);
    PL_CHECK_INT(fx_open(&fx), ==, 0);
    PL_CHECK_INT(fd_events(fx.base), ==, events_before + 1);
    chain_t ch2 = {fx.st, "z", 0, 10, 3, 0};
    pl_store_conv_t d = conv("z0", "chain", "tutor", 0);
    PL_CHECK_INT(pl_store_conv_insert(fx.st, &d, chain_next, &ch2), ==, 0);
    PL_CHECK(run_until(fx.base, &ch2.steps, 10, 10.0));
    fx.st = NULL; /* closed by the callback (LeakSanitizer checks it was freed) */
    PL_CHECK_INT(ch2.rv_sum, ==, 0);
    /* the loop has nothing left of the store */
    PL_CHECK_INT(fd_events(fx.base), ==, events_before);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM conversations WHERE id LIKE 'z%'"), ==,
                 10);
    fx_done(&fx);
}

/* ---------------------------------------------------------------------- */
/* Reads during a commit                                                  */

static atomic_int in_commit, reads_done;

/* Runs inside the writer's COMMIT on the worker: park until the loop has read. */
static int commit_waits_for_reader(void *ud)
{
    (void)ud;
    atomic_store(&in_commit, 1);
    double deadline = tnow() + 10.0;
    while (!atomic_load(&reads_done) && tnow() < deadline)
        usleep(1000);
    return 0;
}

typedef struct snap {
    int rows;
    int64_t max_seq;
} snap_t;

static int on_msg_snap(const pl_store_msg_t *m, void *ud)
{
    snap_t *s = ud;
    s->rows++;
    if (m->seq > s->max_seq)
        s->max_seq = m->seq;
    return 0;
}

PL_TEST(reads_see_committed_data_during_a_commit)
{
    enum { N = 5000 };
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = fx.path;
    cfg.max_batch = N; /* the whole load in one transaction */
    PL_CHECK_INT(fx_open_cfg(&fx, &cfg), ==, 0);
    pl_store_conv_t c = conv("c", "u", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    pl_store_msg_t first = msg("c", "first", "user", 0, 0);
    PL_CHECK_INT(put_msg(&fx, &first), ==, 0);
    rec_reset();

    atomic_store(&in_commit, 0);
    atomic_store(&reads_done, 0);
    store_hold_worker(fx.st, 1);
    sqlite3_commit_hook(store_sqlite_writer(fx.st), commit_waits_for_reader, NULL);
    char content[200];
    memset(content, 'x', sizeof(content) - 1);
    content[sizeof(content) - 1] = '\0';
    for (int i = 0; i < N; i++) {
        char id[16];
        snprintf(id, sizeof(id), "m%d", i);
        pl_store_msg_t m = msg("c", id, "assistant", i + 1, i);
        m.content = content;
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    store_hold_worker(fx.st, 0);

    /* reads while the worker inserts: each sees the old committed state */
    int reads = 0, torn = 0;
    double deadline = tnow() + 20.0;
    while (!atomic_load(&in_commit) && tnow() < deadline) {
        int n = pl_store_msg_count(fx.st, "c");
        torn += n != 1;
        reads++;
    }
    PL_CHECK(atomic_load(&in_commit));
    /* the worker is inside COMMIT now, holding the write lock: reads go on */
    double t0 = tnow();
    snap_t s = {0, -1};
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c", -1, 0, 0, on_msg_snap, &s), ==, 1);
    PL_CHECK_INT(s.max_seq, ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c"), ==, 1);
    PL_CHECK(tnow() - t0 < 1.0); /* not blocked by the writer */
    PL_CHECK_INT(rec.count, ==, 0);
    atomic_store(&reads_done, 1);

    PL_CHECK(fx_wait(&fx, N));
    printf("  %d reads during the batch, %d saw a partial batch\n", reads, torn);
    PL_CHECK_INT(torn, ==, 0);
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c", -1, 0, 0, on_msg_snap, &s), ==, N + 1);
    PL_CHECK_INT(s.max_seq, ==, N);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c"), ==, N + 1);
    store_hold_worker(fx.st, 1);
    sqlite3_commit_hook(store_sqlite_writer(fx.st), NULL, NULL);
    store_hold_worker(fx.st, 0);
    fx_done(&fx);
}

/* ---------------------------------------------------------------------- */
/* Throughput                                                             */

static void throughput(int synchronous_full)
{
    enum { N = 10000 };
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = fx.path;
    cfg.synchronous_full = synchronous_full;
    PL_CHECK_INT(fx_open_cfg(&fx, &cfg), ==, 0);
    pl_store_conv_t c = conv("c", "u", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    double t0 = tnow();
    for (int i = 0; i < N; i++) {
        char id[16];
        snprintf(id, sizeof(id), "m%d", i);
        pl_store_msg_t m = msg("c", id, "user", i + 1, i);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    PL_CHECK(fx_wait(&fx, N));
    double secs = tnow() - t0;
    pl_store_stats(fx.st, &s1);
    uint64_t commits = s1.commits - s0.commits;
    printf("  synchronous=%s: %d writes in %.3f s: %.0f writes/s, %llu commits (%.0f commits/s),"
           " %.3f ms per COMMIT\n",
           synchronous_full ? "FULL" : "NORMAL", N, secs, N / secs, (unsigned long long)commits,
           (double)commits / secs,
           commits ? 1000.0 * (s1.commit_seconds - s0.commit_seconds) / (double)commits : 0.0);
    PL_CHECK_INT(s1.failures, ==, 0);
    PL_CHECK_INT(commits, <, N / 10);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c"), ==, N);

    /* for comparison: one write at a time, each waiting for its commit */
    enum { SERIAL = 500 };
    t0 = tnow();
    for (int i = 0; i < SERIAL; i++) {
        char id[16];
        snprintf(id, sizeof(id), "s%d", i);
        pl_store_msg_t m = msg("c", id, "user", N + i + 1, i);
        PL_CHECK_INT(put_msg(&fx, &m), ==, 0);
    }
    secs = tnow() - t0;
    printf("  synchronous=%s: %d writes one at a time: %.0f writes/s (= commits/s)\n",
           synchronous_full ? "FULL" : "NORMAL", SERIAL, SERIAL / secs);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c"), ==, N + SERIAL);
    fx_done(&fx);
}

/* ---------------------------------------------------------------------- */
/* Groups, seq updates, migration 2                                       */

/* Queues a transition with the recorder's index i (no wait). */
static int add_transition_async(fixture_t *fx, const char *id, const char *from, const char *ev,
                                const char *to, int64_t at, int i)
{
    return pl_store_transition_add(fx->st, id, from, ev, to, at, rec_done, REC_UD(i));
}

static pl_store_op_t op_transition(const char *conv_id, const char *from, const char *ev,
                                   const char *to, int64_t at)
{
    pl_store_op_t o = {.kind = PL_STORE_OP_TRANSITION, .conversation_id = conv_id};
    o.from = from;
    o.event = ev;
    o.to = to;
    o.at_ms = at;
    return o;
}

PL_TEST(group_is_one_write_in_order)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    pl_store_msg_t a = msg("c1", "a1", "assistant", 7, 70);
    a.content = (char *)"the answer";
    pl_store_conv_update_t u = {0};
    u.state = "WAITING_FOR_USER";
    u.updated_ms = 99;
    u.last_seq = 7;
    pl_store_op_t ops[] = {
        op_transition("c1", "IDLE", "user_input", "LISTENING", 5),
        op_transition("c1", "LISTENING", "input_complete", "PROCESSING", 4),
        {.kind = PL_STORE_OP_MSG_PUT, .msg = &a},
        op_transition("c1", "PROCESSING", "response_started", "SPEAKING", 3),
        {.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = "c1", .update = &u},
    };
    store_hold_worker(fx.st, 1);
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 5, rec_done, REC_UD(0)), ==, 0);
    /* the caller's strings may go at once: everything was copied */
    a.content = (char *)"changed after the call";
    ops[0].from = "CHANGED";
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.queued, ==, 1); /* one record */
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 1));
    PL_CHECK_INT(rec.count, ==, 1);
    PL_CHECK_INT(rec.rv[0], ==, 0);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.writes - s0.writes, ==, 1);
    PL_CHECK_INT(s1.failures - s0.failures, ==, 0);

    tr_seen_t t = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 3);
    PL_CHECK_STR(t.text, "IDLE-user_input->LISTENING@5 LISTENING-input_complete->PROCESSING@4 "
                         "PROCESSING-response_started->SPEAKING@3");
    msg_seen_t m = {0};
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", -1, 0, 0, on_msg, &m), ==, 1);
    PL_CHECK_STR(m.text, "a1");
    PL_CHECK_INT(raw_int(fx.path, "SELECT length(content) FROM messages WHERE id = 'a1'"), ==,
                 10);
    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.state, "WAITING_FOR_USER");
    PL_CHECK_INT(got.updated_ms, ==, 99);
    PL_CHECK_INT(got.last_seq, ==, 7);
    pl_store_conv_clear(&got);
    fx_done(&fx);
}

PL_TEST(group_fails_whole_and_alone)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    pl_store_msg_t a = msg("c1", "a1", "assistant", 2, 2);
    pl_store_msg_t ghost = msg("ghost", "g1", "assistant", 2, 2);
    pl_store_conv_update_t u = {0};
    u.title = "renamed";
    u.updated_ms = 5;
    /* three records in one batch: a good write, a group whose last op fails, a good write */
    store_hold_worker(fx.st, 1);
    PL_CHECK_INT(add_transition_async(&fx, "c1", "IDLE", "a", "LISTENING", 1, 0), ==, 0);
    pl_store_op_t bad[] = {
        op_transition("c1", "LISTENING", "b", "PROCESSING", 2),
        {.kind = PL_STORE_OP_MSG_PUT, .msg = &a},
        {.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = "c1", .update = &u},
        {.kind = PL_STORE_OP_MSG_PUT, .msg = &ghost}, /* no such conversation */
    };
    PL_CHECK_INT(pl_store_write_group(fx.st, bad, 4, rec_done, REC_UD(1)), ==, 0);
    PL_CHECK_INT(add_transition_async(&fx, "c1", "LISTENING", "c", "IDLE", 3, 2), ==, 0);
    /* a group whose update matches nothing fails with NOT_FOUND, again keeping nothing */
    pl_store_op_t bad2[] = {
        op_transition("c1", "IDLE", "d", "ENDED", 4),
        {.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = "nobody", .update = &u},
    };
    PL_CHECK_INT(pl_store_write_group(fx.st, bad2, 2, rec_done, REC_UD(3)), ==, 0);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 4));
    PL_CHECK_INT(rec.rv[0], ==, 0);
    PL_CHECK_INT(rec.rv[1], ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(rec.rv[2], ==, 0);
    PL_CHECK_INT(rec.rv[3], ==, PL_ERR_NOT_FOUND);
    for (int i = 0; i < 4; i++)
        PL_CHECK_INT(rec.order[i], ==, i);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 1);
    PL_CHECK_INT(s1.failures - s0.failures, ==, 2);

    tr_seen_t t = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 2);
    PL_CHECK_STR(t.text, "IDLE-a->LISTENING@1 LISTENING-c->IDLE@3");
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 0);
    pl_store_conv_t got;
    PL_CHECK_INT(pl_store_conv_get(fx.st, "c1", &got), ==, 0);
    PL_CHECK_STR(got.title, "a title");
    pl_store_conv_clear(&got);
    fx_done(&fx);
}

PL_TEST(transitions_chain_per_conversation)
{
    /* each conversation's rows link back to its own previous row, however the
     * conversations interleave in a group or a batch */
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c1 = conv("c1", "u1", "tutor", 1), c2 = conv("c2", "u1", "tutor", 2);
    PL_CHECK_INT(put_conv(&fx, &c1), ==, 0);
    PL_CHECK_INT(put_conv(&fx, &c2), ==, 0);
    rec_reset();
    pl_store_op_t mixed[] = {
        op_transition("c1", "A", "e", "B", 1), op_transition("c2", "X", "e", "Y", 2),
        op_transition("c2", "Y", "e", "Z", 3), op_transition("c1", "B", "e", "C", 4),
    };
    /* the last op's conversation does not exist: nothing of the group stays */
    pl_store_op_t half[] = {op_transition("c1", "C", "e", "D", 5),
                            op_transition("ghost", "A", "e", "B", 6)};
    store_hold_worker(fx.st, 1);
    PL_CHECK_INT(pl_store_write_group(fx.st, mixed, 4, rec_done, REC_UD(0)), ==, 0);
    PL_CHECK_INT(add_transition_async(&fx, "c2", "Z", "e", "W", 7, 1), ==, 0);
    PL_CHECK_INT(pl_store_write_group(fx.st, half, 2, rec_done, REC_UD(2)), ==, 0);
    PL_CHECK_INT(add_transition_async(&fx, "c1", "C", "e", "E", 8, 3), ==, 0);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 4));
    PL_CHECK_INT(rec.rv[0], ==, 0);
    PL_CHECK_INT(rec.rv[1], ==, 0);
    PL_CHECK_INT(rec.rv[2], ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(rec.rv[3], ==, 0);
    tr_seen_t t = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 3);
    PL_CHECK_STR(t.text, "A-e->B@1 B-e->C@4 C-e->E@8");
    memset(&t, 0, sizeof(t));
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c2", on_transition, &t), ==, 3);
    PL_CHECK_STR(t.text, "X-e->Y@2 Y-e->Z@3 Z-e->W@7");
    /* one chain start per conversation; the conversation row names the newest */
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions WHERE prev IS NULL"), ==, 2);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions t JOIN conversations c"
                                  " ON c.last_transition = t.id AND c.id = t.conversation_id"),
                 ==, 2);
    /* a delete removes its conversation's chain and keeps the other's */
    PL_CHECK_INT(delete_conv(&fx, "c2"), ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions"), ==, 3);
    memset(&t, 0, sizeof(t));
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 3);
    PL_CHECK_STR(t.text, "A-e->B@1 B-e->C@4 C-e->E@8");
    fx_done(&fx);
}

PL_TEST(group_transitions_in_runs)
{
    /* a run of transitions extends the conversation's chain row by row */
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    static const char *const names[] = {"S0", "S1", "S2", "S3", "S4", "S5", "S6",
                                        "S7", "S8", "S9", "S10", "S11"};
    pl_store_op_t ops[11];
    for (int i = 0; i < 11; i++)
        ops[i] = op_transition("c1", names[i], "e", names[i + 1], i);
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 11, rec_done, REC_UD(0)), ==, 0);
    pl_store_op_t ghost[3] = {op_transition("ghost", "A", "e", "B", 1),
                              op_transition("ghost", "B", "e", "C", 2),
                              op_transition("ghost", "C", "e", "D", 3)};
    PL_CHECK_INT(pl_store_write_group(fx.st, ghost, 3, rec_done, REC_UD(1)), ==, 0);
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 2, rec_done, REC_UD(2)), ==, 0);
    PL_CHECK(fx_wait(&fx, 3));
    PL_CHECK_INT(rec.rv[0], ==, 0);
    PL_CHECK_INT(rec.rv[1], ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(rec.rv[2], ==, 0);
    tr_seen_t t = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 13);
    PL_CHECK_STR(t.text, "S0-e->S1@0 S1-e->S2@1 S2-e->S3@2 S3-e->S4@3 S4-e->S5@4 S5-e->S6@5 "
                         "S6-e->S7@6 S7-e->S8@7 S8-e->S9@8 S9-e->S10@9 S10-e->S11@10 "
                         "S0-e->S1@0 S1-e->S2@1");
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions"), ==, 13);
    fx_done(&fx);
}

/* The nice value of thread tid of this process (field 19 of its stat), or -100. */
static int thread_nice(const char *tid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/self/task/%s/stat", tid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -100;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    int nice = -100;
    /* after ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt
     * cmajflt utime stime cutime cstime priority nice */
    if (p != NULL &&
        sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %d", &nice) != 1)
        nice = -100;
    return nice;
}

PL_TEST(worker_thread_runs_below_the_loop)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    char self[32];
    snprintf(self, sizeof(self), "%d", (int)gettid());
    int loop_nice = thread_nice(self);
    PL_CHECK_INT(loop_nice, >, -100);
    int want = loop_nice + STORE_WORKER_NICE > 19 ? 19 : loop_nice + STORE_WORKER_NICE;
    /* the worker sets its priority as it starts: give it a moment */
    int lower = 0;
    for (int tries = 0; tries < 200 && lower == 0; tries++) {
        DIR *d = opendir("/proc/self/task");
        PL_CHECK(d != NULL);
        struct dirent *de;
        while (d != NULL && (de = readdir(d)) != NULL)
            if (de->d_name[0] != '.' && thread_nice(de->d_name) == want)
                lower++;
        if (d != NULL)
            closedir(d);
        if (lower == 0)
            usleep(10000);
    }
    PL_CHECK_INT(lower, ==, 1);
    /* and the loop's own priority is untouched */
    PL_CHECK_INT(thread_nice(self), ==, loop_nice);
    fx_done(&fx);
}

/* Completions of one commit run in time slices: the loop serves its sockets in between. */
typedef struct slice_probe {
    int pipe[2];
    int seen_at; /* rec.count when the pipe's callback ran; -1: not yet */
} slice_probe_t;

static slice_probe_t slice_probe;

/* A completion that costs what starting an answer does (~0.2 ms). */
static void slow_done(int rv, void *ud)
{
    double until = tnow() + 0.0002;
    while (tnow() < until)
        ;
    rec_done(rv, ud);
}

static void slice_first_done(int rv, void *ud)
{
    slow_done(rv, ud);
    /* the first completion makes a socket-like fd ready */
    PL_CHECK_INT((int)write(slice_probe.pipe[1], "x", 1), ==, 1);
}

static void slice_pipe_ready(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    (void)arg;
    char c;
    PL_CHECK_INT((int)read(fd, &c, 1), ==, 1);
    slice_probe.seen_at = rec.count;
}

PL_TEST(completions_run_in_slices_between_io)
{
    /* 40 callbacks of 0.2 ms: 8 ms in all, 16 budgets' worth */
    enum { N = 40 };
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 5);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    int base_count = rec.count;
    slice_probe.seen_at = -1;
    PL_CHECK_INT(pipe(slice_probe.pipe), ==, 0);
    struct event *ev = event_new(fx.base, slice_probe.pipe[0], EV_READ, slice_pipe_ready, NULL);
    PL_CHECK(ev != NULL && event_add(ev, NULL) == 0);

    store_hold_worker(fx.st, 1); /* all of them in one commit */
    for (int i = 0; i < N; i++) {
        char id[32];
        snprintf(id, sizeof(id), "m%d", i);
        pl_store_msg_t m = msg("c1", id, "user", i + 1, i + 1);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, i == 0 ? slice_first_done : slow_done, REC_UD(i)),
                     ==, 0);
    }
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, base_count + N));
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 1);
    /* in order, all of them */
    for (int i = 0; i < N; i++) {
        PL_CHECK_INT(rec.order[base_count + i], ==, i);
        PL_CHECK_INT(rec.rv[i], ==, 0);
    }
    /* the fd made ready by the first completion was served once the first
     * slice's time was up, long before the last completion ran (a slow
     * machine stretches the callbacks, so the bound is loose) */
    PL_CHECK_INT(slice_probe.seen_at, >=, base_count + 1);
    PL_CHECK_INT(slice_probe.seen_at, <, base_count + N / 2);
    /* the acknowledgement wait of each was recorded */
    PL_CHECK_INT(s1.wait_time.count - s0.wait_time.count, ==, N);
    event_free(ev);
    close(slice_probe.pipe[0]);
    close(slice_probe.pipe[1]);
    fx_done(&fx);
}

PL_TEST(lazy_groups_share_the_next_commit)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    pl_store_stats_t s0, s1;

    /* alone, a lazy group still commits (after PL_STORE_LAZY_MS at most) */
    pl_store_stats(fx.st, &s0);
    pl_store_op_t t1 = op_transition("c1", "A", "e", "B", 1);
    double t0 = tnow();
    PL_CHECK_INT(pl_store_write_group_lazy(fx.st, &t1, 1, rec_done, REC_UD(0)), ==, 0);
    PL_CHECK(fx_wait(&fx, 1));
    PL_CHECK_INT(rec.rv[0], ==, 0);
    PL_CHECK(tnow() - t0 < 5.0);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 1);

    /* lazy ones wait for the next write somebody waits on and share its commit */
    pl_store_stats(fx.st, &s0);
    pl_store_op_t t2 = op_transition("c1", "B", "e", "C", 2);
    pl_store_op_t t3 = op_transition("c1", "C", "e", "D", 3);
    store_hold_worker(fx.st, 1); /* however slow this machine, they are queued together */
    PL_CHECK_INT(pl_store_write_group_lazy(fx.st, &t2, 1, rec_done, REC_UD(1)), ==, 0);
    PL_CHECK_INT(pl_store_write_group_lazy(fx.st, &t3, 1, rec_done, REC_UD(2)), ==, 0);
    pl_store_msg_t m = msg("c1", "m1", "user", 1, 1);
    PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(3)), ==, 0);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 4));
    for (int i = 1; i <= 3; i++) {
        PL_CHECK_INT(rec.rv[i], ==, 0);
        PL_CHECK_INT(rec.order[i], ==, i);
    }
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 1);

    /* a barrier queued after lazy writes completes after them */
    pl_store_op_t t4 = op_transition("c1", "D", "e", "E", 4);
    PL_CHECK_INT(pl_store_write_group_lazy(fx.st, &t4, 1, rec_done, REC_UD(4)), ==, 0);
    PL_CHECK_INT(pl_store_barrier(fx.st, rec_done, REC_UD(5)), ==, 0);
    PL_CHECK(fx_wait(&fx, 6));
    PL_CHECK_INT(rec.order[4], ==, 4);
    PL_CHECK_INT(rec.order[5], ==, 5);
    tr_seen_t t = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 4);

    /* closing does not leave lazy writes behind */
    pl_store_op_t t5 = op_transition("c1", "E", "e", "F", 5);
    PL_CHECK_INT(pl_store_write_group_lazy(fx.st, &t5, 1, rec_done, REC_UD(6)), ==, 0);
    pl_store_close(fx.st);
    fx.st = NULL;
    PL_CHECK_INT(rec.count, ==, 7);
    PL_CHECK_INT(rec.rv[6], ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions"), ==, 5);
    fx_done(&fx);
}

PL_TEST(group_invalid_arguments)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_op_t ok = op_transition("c1", "A", "e", "B", 1);
    pl_store_op_t ops[PL_STORE_GROUP_MAX + 1];
    for (size_t i = 0; i < PL_STORE_GROUP_MAX + 1; i++)
        ops[i] = ok;
    PL_CHECK_INT(pl_store_write_group(NULL, ops, 1, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_write_group(fx.st, NULL, 1, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 0, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, PL_STORE_GROUP_MAX + 1, NULL, NULL), ==,
                 PL_ERR_INVALID_ARGUMENT);
    /* one bad op refuses the whole group, nothing is queued */
    ops[3].event = NULL;
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 5, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    ops[3] = (pl_store_op_t){.kind = PL_STORE_OP_MSG_PUT, .msg = NULL};
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 5, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    ops[3] = (pl_store_op_t){.kind = PL_STORE_OP_MSG_SEQ, .msg = NULL};
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 5, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    ops[3] = (pl_store_op_t){.kind = PL_STORE_OP_CONV_UPDATE, .conversation_id = "c1"};
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 5, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    ops[3] = (pl_store_op_t){.kind = (pl_store_op_kind_t)42};
    PL_CHECK_INT(pl_store_write_group(fx.st, ops, 5, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    pl_store_stats_t s;
    pl_store_stats(fx.st, &s);
    PL_CHECK_INT(s.queued, ==, 0);
    PL_CHECK_INT(s.writes, ==, 0);
    PL_CHECK_INT(pl_store_msg_set_seq(fx.st, "c1", "", 1, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_store_msg_set_seq(NULL, "c1", "m", 1, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    fx_done(&fx);
}

PL_TEST(msg_set_seq_changes_only_the_seq)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    pl_store_msg_t u = msg("c1", "m1", "user", 3, 500);
    u.user_id = (char *)"u1";
    u.token = (char *)"tok";
    u.content = (char *)"question";
    PL_CHECK_INT(put_msg(&fx, &u), ==, 0);
    pl_store_msg_t b = msg("c1", "m2", "assistant", 5, 400);
    PL_CHECK_INT(put_msg(&fx, &b), ==, 0);
    msg_seen_t m = {0};
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", -1, 0, 0, on_msg, &m), ==, 2);
    PL_CHECK_STR(m.text, "m1,m2");

    rec_reset();
    PL_CHECK_INT(pl_store_msg_set_seq(fx.st, "c1", "m1", 9, rec_done, REC_UD(0)), ==, 0);
    PL_CHECK_INT(pl_store_msg_set_seq(fx.st, "c1", "nope", 9, rec_done, REC_UD(1)), ==, 0);
    pl_store_msg_t seq_only = {0};
    seq_only.conversation_id = (char *)"c1";
    seq_only.id = (char *)"m2";
    seq_only.seq = 2;
    pl_store_op_t g[] = {{.kind = PL_STORE_OP_MSG_SEQ, .msg = &seq_only}};
    PL_CHECK_INT(pl_store_write_group(fx.st, g, 1, rec_done, REC_UD(2)), ==, 0);
    PL_CHECK(fx_wait(&fx, 3));
    PL_CHECK_INT(rec.rv[0], ==, 0);
    PL_CHECK_INT(rec.rv[1], ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(rec.rv[2], ==, 0);
    memset(&m, 0, sizeof(m));
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", -1, 0, 0, on_msg, &m), ==, 2);
    PL_CHECK_STR(m.text, "m2,m1"); /* ordered by the new seqs */
    pl_store_msg_t got;
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c1", "tok", &got), ==, 0);
    PL_CHECK_INT(got.seq, ==, 9);
    PL_CHECK_STR(got.content, "question");
    PL_CHECK_STR(got.user_id, "u1");
    PL_CHECK_INT(got.created_ms, ==, 500);
    pl_store_msg_clear(&got);
    fx_done(&fx);
}

/* Names of the indexes of the file, sorted, ";"-joined. */
static void index_names(const char *path, char *out, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    out[0] = '\0';
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_master WHERE type = 'index' AND"
                           " name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
                           -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            size_t len = strlen(out);
            snprintf(out + len, n - len, "%s;", (const char *)sqlite3_column_text(stmt, 0));
        }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

PL_TEST(migration_2_keeps_version_1_data)
{
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
    PL_CHECK_INT(store_sqlite_schema_latest(), >=, 2);
    PL_CHECK(store_sqlite_migration_sql(0) == NULL);
    PL_CHECK(store_sqlite_migration_sql(store_sqlite_schema_latest() + 1) == NULL);
    /* a file as a version 1 binary left it */
    sqlite3 *db = NULL;
    PL_CHECK_INT(sqlite3_open(fx.path, &db), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_exec(db, store_sqlite_migration_sql(1), NULL, NULL, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(
        sqlite3_exec(db,
                     "PRAGMA user_version = 1;"
                     "INSERT INTO conversations(id, user_id, status, dialect, state, created_ms,"
                     " updated_ms) VALUES ('c1', 'u1', 'active', 'tutor', 'IDLE', 1, 10),"
                     " ('c2', 'u1', 'active', 'improv', 'IDLE', 1, 20),"
                     " ('c3', 'u1', 'active', 'tutor', 'IDLE', 1, 30);"
                     "INSERT INTO messages(conversation_id, id, role, token, content, status, seq,"
                     " created_ms) VALUES ('c1', 'm1', 'user', 'T', 'hi', 'complete', 1, 1),"
                     " ('c1', 'm2', 'assistant', NULL, 'hello', 'complete', 2, 2);"
                     "INSERT INTO transitions(conversation_id, from_state, event, to_state, at_ms)"
                     " VALUES ('c1', 'IDLE', 'user_input', 'LISTENING', 1),"
                     " ('c2', 'IDLE', 'end', 'ENDED', 1),"
                     " ('c1', 'LISTENING', 'reset', 'IDLE', 2);",
                     NULL, NULL, NULL),
        ==, SQLITE_OK);
    sqlite3_close(db);
    char names[512];
    index_names(fx.path, names, sizeof(names));
    PL_CHECK_STR(names, "conversations_by_user;conversations_by_user_dialect;messages_by_seq;"
                        "messages_by_token;transitions_by_conversation;");

    PL_CHECK_INT(fx_open(&fx), ==, 0);
    PL_CHECK_INT(pl_store_schema_version(fx.st), ==, store_sqlite_schema_latest());
    PL_CHECK_INT(raw_int(fx.path, "PRAGMA user_version"), ==, store_sqlite_schema_latest());
    index_names(fx.path, names, sizeof(names));
    /* schema 3 chains the transitions instead of indexing them */
    PL_CHECK_STR(names, "conversations_of_user;messages_by_seq;");
    /* everything is still there and read the same way */
    conv_seen_t s = {0};
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", NULL, 0, 0, on_conv, &s), ==, 3);
    PL_CHECK_STR(joined(&s), "c3,c2,c1");
    memset(&s, 0, sizeof(s));
    PL_CHECK_INT(pl_store_conv_list(fx.st, "u1", "tutor", 0, 0, on_conv, &s), ==, 2);
    PL_CHECK_STR(joined(&s), "c3,c1");
    PL_CHECK_INT(pl_store_conv_count(fx.st, "u1"), ==, 3);
    msg_seen_t m = {0};
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", -1, 0, 0, on_msg, &m), ==, 2);
    PL_CHECK_STR(m.text, "m1,m2");
    pl_store_msg_t got;
    PL_CHECK_INT(pl_store_msg_find_token(fx.st, "c1", "T", &got), ==, 0);
    PL_CHECK_STR(got.id, "m1");
    pl_store_msg_clear(&got);
    tr_seen_t t = {0};
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 2);
    PL_CHECK_STR(t.text, "IDLE-user_input->LISTENING@1 LISTENING-reset->IDLE@2");
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions WHERE prev IS NULL"), ==, 2);
    /* new transitions extend the migrated chain */
    PL_CHECK_INT(add_transition(&fx, "c1", "IDLE", "user_input", "LISTENING", 3), ==, 0);
    memset(&t, 0, sizeof(t));
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c1", on_transition, &t), ==, 3);
    PL_CHECK_STR(t.text,
                 "IDLE-user_input->LISTENING@1 LISTENING-reset->IDLE@2 IDLE-user_input->LISTENING@3");
    memset(&t, 0, sizeof(t));
    PL_CHECK_INT(pl_store_transition_list(fx.st, "c2", on_transition, &t), ==, 1);
    /* deleting a conversation deletes its chain, and no other */
    PL_CHECK_INT(delete_conv(&fx, "c1"), ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM transitions"), ==, 1);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM messages"), ==, 0);
    fx_done(&fx);
}

/* The VFS behind a connection's main database. */
static const char *conn_vfs(sqlite3 *db)
{
    sqlite3_vfs *vfs = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK || vfs == NULL)
        return "?";
    return vfs->zName;
}

static int on_big_msg(const pl_store_msg_t *m, void *ud)
{
    int *bad = ud;
    size_t n = strlen(m->content);
    for (size_t i = 0; i < n; i++)
        if (m->content[i] != (char)('a' + (i * 7 + (size_t)m->seq) % 26)) {
            (*bad)++;
            break;
        }
    return 0;
}

PL_TEST(wal_batching_keeps_big_commits_whole)
{
    /* with synchronous=FULL the writer gathers its WAL appends (store_walbuf.c) */
    for (int full = 0; full <= 1; full++) {
        fixture_t fx;
        PL_CHECK_INT(fx_init(&fx, 0), ==, 0);
        pl_store_config_t cfg;
        pl_store_config_init(&cfg);
        cfg.path = fx.path;
        cfg.synchronous_full = full;
        PL_CHECK_INT(fx_open_cfg(&fx, &cfg), ==, 0);
        store_hold_worker(fx.st, 1);
        PL_CHECK_STR(conn_vfs(store_sqlite_writer(fx.st)),
                     full ? STORE_WALBUF_VFS : sqlite3_vfs_find(NULL)->zName);
        store_hold_worker(fx.st, 0);
        fx_done(&fx);
    }
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    /* one batch of ~12 MiB of pages: past the buffer's cap, many 124 KiB writes */
    size_t n = 3u << 20;
    char *text = malloc(n + 1);
    PL_CHECK(text != NULL);
    store_hold_worker(fx.st, 1);
    for (int i = 0; i < 4; i++) {
        for (size_t k = 0; k < n; k++)
            text[k] = (char)('a' + (k * 7 + (size_t)(i + 1)) % 26);
        text[n] = '\0';
        char id[16];
        snprintf(id, sizeof(id), "big%d", i);
        pl_store_msg_t m = msg("c1", id, "assistant", i + 1, i);
        m.content = text;
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    /* and small ones after, in the same transaction */
    for (int i = 4; i < 40; i++) {
        char id[16];
        snprintf(id, sizeof(id), "small%d", i);
        pl_store_msg_t m = msg("c1", id, "user", 100 + i, i);
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
    }
    free(text);
    pl_store_stats_t s0, s1;
    pl_store_stats(fx.st, &s0);
    store_hold_worker(fx.st, 0);
    PL_CHECK(fx_wait(&fx, 40));
    for (int i = 0; i < 40; i++)
        PL_CHECK_INT(rec.rv[i], ==, 0);
    pl_store_stats(fx.st, &s1);
    PL_CHECK_INT(s1.commits - s0.commits, ==, 1);
    int bad = 0;
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 0, 4, 0, on_big_msg, &bad), ==, 4);
    PL_CHECK_INT(bad, ==, 0);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, 40);
    /* a raw reader (its own connection, default VFS) sees the same bytes */
    PL_CHECK_INT(raw_int(fx.path, "SELECT sum(length(content)) FROM messages"),
                 ==, 4 * (long long)n + 36 * 5);
    /* and so does a reopened store, after the close checkpointed everything */
    pl_store_close(fx.st);
    fx.st = NULL;
    PL_CHECK_INT(fx_open(&fx), ==, 0);
    bad = 0;
    PL_CHECK_INT(pl_store_msg_list(fx.st, "c1", 0, 4, 0, on_big_msg, &bad), ==, 4);
    PL_CHECK_INT(bad, ==, 0);
    PL_CHECK_INT(raw_int(fx.path, "SELECT count(*) FROM pragma_integrity_check"
                                  " WHERE integrity_check = 'ok'"),
                 ==, 1);
    fx_done(&fx);
}

PL_TEST(checkpoints_run_off_the_writer)
{
    /* the writer never checkpoints on its own (autocheckpoint off) until
     * the checkpointer thread falls far behind; past STORE_CKPT_FRAMES the
     * thread copies the WAL back and the WAL starts over */
    fixture_t fx;
    PL_CHECK_INT(fx_init(&fx, 1), ==, 0);
    store_hold_worker(fx.st, 1);
    PL_CHECK_INT(writer_pragma(fx.st, "PRAGMA wal_autocheckpoint"), ==, 0);
    store_hold_worker(fx.st, 0);
    pl_store_conv_t c = conv("c1", "u1", "tutor", 1);
    PL_CHECK_INT(put_conv(&fx, &c), ==, 0);
    rec_reset();
    size_t n = 16 * 1024;
    char *text = malloc(n + 1);
    memset(text, 'w', n);
    text[n] = '\0';
    int total = 2400; /* ~4 pages each: past STORE_CKPT_FRAMES */
    for (int i = 0; i < total; i++) {
        char id[16];
        snprintf(id, sizeof(id), "m%05d", i);
        pl_store_msg_t m = msg("c1", id, "user", i + 1, i);
        m.content = text;
        PL_CHECK_INT(pl_store_msg_put(fx.st, &m, rec_done, REC_UD(i)), ==, 0);
        if (i % 100 == 99)
            PL_CHECK(fx_wait(&fx, i + 1)); /* many commits, not one */
    }
    free(text);
    PL_CHECK(fx_wait(&fx, total));
    double deadline = tnow() + 20;
    while (store_sqlite_checkpoints(fx.st) == 0 && tnow() < deadline)
        usleep(10 * 1000);
    PL_CHECK_INT(store_sqlite_checkpoints(fx.st), >, 0);
    /* what it copied is in the database file itself */
    struct stat sb;
    char db[160];
    snprintf(db, sizeof(db), "%s", fx.path);
    PL_CHECK_INT(stat(db, &sb), ==, 0);
    PL_CHECK_INT(sb.st_size, >, 16 * 1024 * 1000);
    PL_CHECK_INT(pl_store_msg_count(fx.st, "c1"), ==, total);
    PL_CHECK_INT(raw_int(fx.path, "SELECT sum(length(content)) FROM messages"), ==,
                 (long long)total * (long long)n);
    fx_done(&fx);
}

PL_TEST(throughput_10000_writes)
{
    throughput(1);
    throughput(0);
}

PL_TEST_MAIN(PL_TEST_ENTRY(open_creates_folder_and_latest_schema),
             PL_TEST_ENTRY(writer_connection_settings), PL_TEST_ENTRY(reopen_is_a_noop), PL_TEST_ENTRY(newer_schema_version_is_refused),
             PL_TEST_ENTRY(garbage_file_is_refused), PL_TEST_ENTRY(data_folder_under_a_file_fails),
             PL_TEST_ENTRY(invalid_arguments), PL_TEST_ENTRY(conv_round_trip),
             PL_TEST_ENTRY(conv_update_changes_only_given_fields),
             PL_TEST_ENTRY(conv_list_orders_newest_first_and_pages),
             PL_TEST_ENTRY(nested_reads_from_a_row_callback),
             PL_TEST_ENTRY(transitions_round_trip), PL_TEST_ENTRY(conv_delete_cascades),
             PL_TEST_ENTRY(transitions_chain_per_conversation),
             PL_TEST_ENTRY(msg_round_trip_and_replace), PL_TEST_ENTRY(msg_list_order_and_paging),
             PL_TEST_ENTRY(msg_find_token), PL_TEST_ENTRY(duplicate_fails_alone_in_its_batch),
             PL_TEST_ENTRY(max_batch_splits_transactions), PL_TEST_ENTRY(queue_cap_reports_busy),
             PL_TEST_ENTRY(failed_commit_fails_the_whole_batch),
             PL_TEST_ENTRY(group_commit_groups_1000_writes),
             PL_TEST_ENTRY(callbacks_run_on_the_loop_thread),
             PL_TEST_ENTRY(close_drains_every_queued_write),
             PL_TEST_ENTRY(callbacks_may_write_and_close),
             PL_TEST_ENTRY(reads_see_committed_data_during_a_commit),
             PL_TEST_ENTRY(group_is_one_write_in_order), PL_TEST_ENTRY(group_fails_whole_and_alone),
             PL_TEST_ENTRY(group_transitions_in_runs),
             PL_TEST_ENTRY(lazy_groups_share_the_next_commit), PL_TEST_ENTRY(completions_run_in_slices_between_io), PL_TEST_ENTRY(worker_thread_runs_below_the_loop),
             PL_TEST_ENTRY(group_invalid_arguments), PL_TEST_ENTRY(msg_set_seq_changes_only_the_seq),
             PL_TEST_ENTRY(migration_2_keeps_version_1_data),
             PL_TEST_ENTRY(wal_batching_keeps_big_commits_whole),
             PL_TEST_ENTRY(checkpoints_run_off_the_writer),
             PL_TEST_ENTRY(throughput_10000_writes))
