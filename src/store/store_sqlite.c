/*
 * store_sqlite.c - the SQLite backend of the store.
 *
 * Two connections to one WAL-mode file: the writer, used only by the
 * worker thread (after being opened and migrated on the caller's thread),
 * and a read-only reader used only by the loop thread. WAL lets the reader
 * run while the writer commits, and the reader sees committed data only.
 * Both connections are opened NOMUTEX: each is used by one thread at a time.
 * A third, the checkpointer's (store_ckpt.c), copies the WAL back into the
 * database file off the writer's path; with synchronous=FULL the writer
 * goes through a VFS shim that gathers its WAL appends (store_walbuf.c).
 *
 * Every statement is prepared once per connection at open and reused with
 * bound parameters; no SQL text is ever built from data. A read whose
 * statement is still stepping (a row callback reading again through the
 * same function) gets a one-off copy of the statement instead.
 *
 * Most single writes are a single statement, so SQLite's statement journal
 * undoes exactly that write when it fails on a constraint (its error goes
 * to that write alone and the rest of the batch's transaction carries on).
 * A group of writes runs inside a savepoint, rolled back to when one of
 * them fails, so a group also fails alone and leaves nothing behind; so do
 * the writes of more than one statement (a transition: the chain's link
 * too; a conversation's deletion: its transitions first).
 */
#include "store_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Writer statements, indexed by store_write_kind_t; parameters as in store_int.h. */
static const char *const write_sql[STORE_W_KIND_COUNT] = {
    [STORE_W_CONV_INSERT] =
        ("INSERT INTO conversations(id, user_id, title, status, dialect, state, meta,"
         " created_ms, updated_ms, last_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
    [STORE_W_CONV_UPDATE] =
        ("UPDATE conversations SET title = coalesce(?2, title), status = coalesce(?3, status),"
         " state = coalesce(?4, state), meta = coalesce(?5, meta),"
         " updated_ms = CASE WHEN ?6 > 0 THEN ?6 ELSE updated_ms END,"
         " last_seq = CASE WHEN ?7 > last_seq THEN ?7 ELSE last_seq END WHERE id = ?1"),
    [STORE_W_CONV_DELETE] = "DELETE FROM conversations WHERE id = ?1",
    [STORE_W_MSG_PUT] =
        ("INSERT INTO messages(conversation_id, id, role, user_id, token, content, status, meta,"
         " seq, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
         " ON CONFLICT(conversation_id, seq, id) DO UPDATE SET role = excluded.role,"
         " user_id = excluded.user_id, token = excluded.token, content = excluded.content,"
         " status = excluded.status, meta = excluded.meta, created_ms = excluded.created_ms"),
    /* ?6: the conversation's previous transition (run_transitions; a run's first row is CH_FIRST) */
    [STORE_W_TRANSITION_ADD] =
        ("INSERT INTO transitions(conversation_id, prev, from_state, event, to_state, at_ms)"
         " VALUES (?1, ?6, ?2, ?3, ?4, ?5)"),
    [STORE_W_MSG_SEQ] = "UPDATE messages SET seq = ?3 WHERE conversation_id = ?1 AND id = ?2",
};

/* A conversation's transitions, newest first: the chain from last_transition back (schema 3). */
#define TRANSITION_CHAIN                                                                  \
    "WITH RECURSIVE chain(id) AS (SELECT last_transition FROM conversations WHERE id = ?1" \
    " UNION ALL SELECT t.prev FROM transitions t JOIN chain c ON t.id = c.id"             \
    " WHERE t.prev IS NOT NULL) "

/* The chain's other statements (writer). */
enum { CH_FIRST, CH_LINK, CH_DELETE, CH_COUNT };
static const char *const chain_sql[CH_COUNT] = {
    /* a run's first row: prev from the conversation row (no row: no such conversation) */
    [CH_FIRST] = ("INSERT INTO transitions(conversation_id, prev, from_state, event, to_state,"
                  " at_ms) SELECT id, last_transition, ?2, ?3, ?4, ?5 FROM conversations"
                  " WHERE id = ?1"),
    [CH_LINK] = "UPDATE conversations SET last_transition = ?2 WHERE id = ?1",
    [CH_DELETE] = (TRANSITION_CHAIN "DELETE FROM transitions WHERE conversation_id = ?1"
                                    " AND id IN (SELECT id FROM chain)"),
};

enum { TX_BEGIN, TX_COMMIT, TX_ROLLBACK, TX_SAVEPOINT, TX_RELEASE, TX_ROLLBACK_TO, TX_COUNT };
static const char *const tx_sql[TX_COUNT] = {"BEGIN IMMEDIATE", "COMMIT",      "ROLLBACK",
                                             "SAVEPOINT pl_group", "RELEASE pl_group",
                                             "ROLLBACK TO pl_group"};

#define CONV_COLUMNS \
    "id, user_id, title, status, dialect, state, meta, created_ms, updated_ms, last_seq"
#define MSG_COLUMNS \
    "conversation_id, id, role, user_id, token, content, status, meta, seq, created_ms"

enum {
    R_CONV_GET,
    R_CONV_LIST,
    R_CONV_LIST_DIALECT,
    R_CONV_COUNT,
    R_MSG_LIST,
    R_MSG_COUNT,
    R_MSG_TOKEN,
    R_TRANSITIONS,
    R_COUNT
};
static const char *const read_sql[R_COUNT] = {
    [R_CONV_GET] = ("SELECT " CONV_COLUMNS " FROM conversations WHERE id = ?1"),
    [R_CONV_LIST] = ("SELECT " CONV_COLUMNS " FROM conversations WHERE user_id = ?1"
                     " ORDER BY updated_ms DESC, rowid DESC LIMIT ?2 OFFSET ?3"),
    [R_CONV_LIST_DIALECT] = ("SELECT " CONV_COLUMNS " FROM conversations"
                             " WHERE user_id = ?1 AND dialect = ?4"
                             " ORDER BY updated_ms DESC, rowid DESC LIMIT ?2 OFFSET ?3"),
    [R_CONV_COUNT] = "SELECT count(*) FROM conversations WHERE user_id = ?1",
    [R_MSG_LIST] = ("SELECT " MSG_COLUMNS " FROM messages WHERE conversation_id = ?1 AND seq > ?4"
                    " ORDER BY seq, created_ms, rowid LIMIT ?2 OFFSET ?3"),
    [R_MSG_COUNT] = "SELECT count(*) FROM messages WHERE conversation_id = ?1",
    [R_MSG_TOKEN] = ("SELECT " MSG_COLUMNS " FROM messages"
                     " WHERE conversation_id = ?1 AND token = ?2 AND role = 'user'"
                     " ORDER BY seq, rowid LIMIT 1"),
    [R_TRANSITIONS] = (TRANSITION_CHAIN "SELECT t.from_state, t.event, t.to_state, t.at_ms"
                                        " FROM chain c JOIN transitions t ON t.id = c.id"
                                        " WHERE t.conversation_id = ?1 ORDER BY t.id"),
};

typedef struct sqlite_be {
    char *path;
    sqlite3 *wdb; /* writer: worker thread */
    sqlite3 *rdb; /* reader: loop thread */
    sqlite3_stmt *w[STORE_W_KIND_COUNT];
    sqlite3_stmt *chain[CH_COUNT];
    sqlite3_stmt *tx[TX_COUNT];
    sqlite3_stmt *r[R_COUNT];
    store_ckpt_t *ckpt; /* NULL: the writer checkpoints itself */
    /* worker thread, see wal_hook() */
    int ckpt_pending;    /* a bulk checkpoint was asked for in this WAL's life */
    int ckpt_count;      /* the checkpointer's count when it was asked */
    int ckpt_next;       /* WAL frames at which to ask */
    int wal_frames;      /* the WAL's length at the last commit */
} sqlite_be_t;

/* ---------------------------------------------------------------------- */
/* Open and close                                                         */

/* mkdir -p of the folder holding path (mode 0700: conversations are private). */
static int make_parent_dirs(const char *path)
{
    char dir[STORE_PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof(dir))
        return PL_ERR_INVALID_ARGUMENT;
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return 0; /* the current folder or / */
    *slash = '\0';
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            pl_log_error("store", "cannot create the data folder %s: %s", dir, strerror(errno));
            return PL_ERR_IO;
        }
        *p = c;
        if (c == '\0')
            break;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        pl_log_error("store", "the data folder %s is not a folder", dir);
        return PL_ERR_IO;
    }
    return 0;
}

static int open_conn(sqlite_be_t *be, sqlite3 **db, int flags, const char *vfs)
{
    int rc = sqlite3_open_v2(be->path, db, flags | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) {
        pl_log_error("store", "%s: cannot open: %s", be->path,
                     *db != NULL ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
        return PL_ERR_STORE;
    }
    sqlite3_extended_result_codes(*db, 1);
    sqlite3_busy_timeout(*db, STORE_BUSY_TIMEOUT_MS);
    return 0;
}

/* Runs a one-row PRAGMA and checks its text answer (case-insensitive). */
static int pragma_expect(sqlite_be_t *be, const char *sql, const char *want)
{
    sqlite3_stmt *stmt = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(be->wdb, sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
        const char *got = (const char *)sqlite3_column_text(stmt, 0);
        ok = got != NULL && strcasecmp(got, want) == 0;
        if (!ok)
            pl_log_error("store", "%s: %s gave \"%s\", not \"%s\"", be->path, sql,
                         got != NULL ? got : "", want);
    } else {
        pl_log_error("store", "%s: %s failed: %s", be->path, sql, sqlite3_errmsg(be->wdb));
    }
    sqlite3_finalize(stmt);
    return ok ? 0 : PL_ERR_STORE;
}

static int exec_sql(sqlite_be_t *be, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(be->wdb, sql, NULL, NULL, &err) != SQLITE_OK) {
        pl_log_error("store", "%s: %s failed: %s", be->path, sql, err != NULL ? err : "?");
        sqlite3_free(err);
        return PL_ERR_STORE;
    }
    return 0;
}

static int prepare(sqlite_be_t *be, sqlite3 *db, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK) {
        pl_log_error("store", "%s: cannot prepare \"%s\": %s", be->path, sql, sqlite3_errmsg(db));
        return PL_ERR_STORE;
    }
    return 0;
}

static void be_close(void *arg)
{
    sqlite_be_t *be = arg;
    if (be == NULL)
        return;
    for (int i = 0; i < R_COUNT; i++)
        sqlite3_finalize(be->r[i]);
    for (int i = 0; i < TX_COUNT; i++)
        sqlite3_finalize(be->tx[i]);
    for (int i = 0; i < STORE_W_KIND_COUNT; i++)
        sqlite3_finalize(be->w[i]);
    for (int i = 0; i < CH_COUNT; i++)
        sqlite3_finalize(be->chain[i]);
    store_ckpt_stop(be->ckpt);
    /* the writer closes last: the last connection checkpoints the WAL */
    if (be->rdb != NULL && sqlite3_close(be->rdb) != SQLITE_OK)
        pl_log_error("store", "%s: closing the reader: %s", be->path, sqlite3_errmsg(be->rdb));
    if (be->wdb != NULL && sqlite3_close(be->wdb) != SQLITE_OK)
        pl_log_error("store", "%s: closing the writer: %s", be->path, sqlite3_errmsg(be->wdb));
    pl_free(be->path);
    pl_free(be);
}

/*
 * After each commit of the writer, with the WAL's length in frames. Once
 * the WAL holds STORE_CKPT_FRAMES frames the checkpointer thread copies
 * them back (store_ckpt.c) while the writer goes on; the few frames
 * committed meanwhile are then copied here, by the writer between two
 * batches, so that the checkpoint catches up and SQLite starts the WAL
 * over at the next write (a checkpoint that never catches up would keep
 * the WAL growing and copy the same hot pages again and again). Should
 * that not suffice (a reader holding old frames), the next bulk is asked
 * for half a threshold later; past STORE_CKPT_HARD_FRAMES, or with no
 * thread, the writer copies everything itself, as SQLite's automatic
 * checkpoint would.
 */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
    sqlite_be_t *be = arg;
    if (frames < be->wal_frames) { /* the WAL started over */
        be->ckpt_pending = 0;
        be->ckpt_next = STORE_CKPT_FRAMES;
    }
    be->wal_frames = frames;
    if (be->ckpt == NULL || frames >= STORE_CKPT_HARD_FRAMES) {
        if (frames >= STORE_CKPT_FRAMES)
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (be->ckpt_pending) {
        if (store_ckpt_count(be->ckpt) != be->ckpt_count) {
            /* the bulk is copied: the tail, here */
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
            be->ckpt_pending = 0;
            be->ckpt_next = frames + STORE_CKPT_FRAMES / 2;
        }
    } else if (frames >= be->ckpt_next) {
        be->ckpt_pending = 1;
        be->ckpt_count = store_ckpt_count(be->ckpt);
        store_ckpt_poke(be->ckpt);
    }
    return SQLITE_OK;
}

static int be_open(void **out, const pl_store_config_t *cfg, int *version)
{
    int rv;
    *out = NULL;
    if (!sqlite3_threadsafe()) {
        pl_log_error("store", "this SQLite library is built without thread support");
        return PL_ERR_STORE;
    }
    sqlite_be_t *be = pl_calloc(1, sizeof(*be));
    be->path = pl_strdup(cfg->path);
    if ((rv = make_parent_dirs(be->path)) != 0)
        goto fail;

    /* The writer gathers its WAL appends into one write per commit when every
     * commit syncs (store_walbuf.c says why only then). */
    const char *vfs = cfg->synchronous_full ? store_walbuf_vfs() : NULL;
    if ((rv = open_conn(be, &be->wdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs)) != 0 ||
        (rv = pragma_expect(be, "PRAGMA journal_mode = WAL", "wal")) != 0 ||
        (rv = exec_sql(be, cfg->synchronous_full ? "PRAGMA synchronous = FULL"
                                                 : "PRAGMA synchronous = NORMAL")) != 0 ||
        (rv = exec_sql(be, "PRAGMA wal_autocheckpoint = 0")) != 0 || /* see wal_hook() */
        (rv = exec_sql(be, "PRAGMA cache_size = -32768")) != 0 ||
        (rv = exec_sql(be, "PRAGMA foreign_keys = ON")) != 0 ||
        (rv = pragma_expect(be, "PRAGMA foreign_keys", "1")) != 0 ||
        (rv = store_sqlite_migrate(be->wdb, be->path, version)) != 0)
        goto fail;
    for (int i = 0; i < STORE_W_KIND_COUNT; i++)
        if (write_sql[i] != NULL && (rv = prepare(be, be->wdb, write_sql[i], &be->w[i])) != 0)
            goto fail;
    for (int i = 0; i < CH_COUNT; i++)
        if ((rv = prepare(be, be->wdb, chain_sql[i], &be->chain[i])) != 0)
            goto fail;
    for (int i = 0; i < TX_COUNT; i++)
        if ((rv = prepare(be, be->wdb, tx_sql[i], &be->tx[i])) != 0)
            goto fail;
    be->ckpt = store_ckpt_start(be->path, cfg->synchronous_full);
    be->ckpt_next = STORE_CKPT_FRAMES;
    sqlite3_wal_hook(be->wdb, wal_hook, be);

    if ((rv = open_conn(be, &be->rdb, SQLITE_OPEN_READONLY, NULL)) != 0)
        goto fail;
    for (int i = 0; i < R_COUNT; i++)
        if ((rv = prepare(be, be->rdb, read_sql[i], &be->r[i])) != 0)
            goto fail;
    *out = be;
    return 0;

fail:
    be_close(be);
    return rv;
}

/* ---------------------------------------------------------------------- */
/* Writes (worker thread)                                                 */

static int step_tx(sqlite_be_t *be, int which)
{
    sqlite3_stmt *stmt = be->tx[which];
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        pl_log_error("store", "%s: %s failed: %s", be->path, tx_sql[which],
                     sqlite3_errmsg(be->wdb));
        return PL_ERR_STORE;
    }
    return 0;
}

static int be_begin(void *arg) { return step_tx(arg, TX_BEGIN); }
static int be_commit(void *arg) { return step_tx(arg, TX_COMMIT); }
static int be_in_transaction(void *arg)
{
    return !sqlite3_get_autocommit(((sqlite_be_t *)arg)->wdb);
}

static void be_rollback(void *arg)
{
    sqlite_be_t *be = arg;
    if (!sqlite3_get_autocommit(be->wdb))
        step_tx(be, TX_ROLLBACK);
}

/* Binds an op's text fields, then its integers, to ?1, ?2, ... in order. */
static void bind_op(sqlite3_stmt *stmt, const store_op_t *o)
{
    int param = 1;
    for (unsigned i = 0; i < o->ntext; i++)
        sqlite3_bind_text(stmt, param++, o->text[i], -1, SQLITE_STATIC);
    for (unsigned i = 0; i < o->nint; i++)
        sqlite3_bind_int64(stmt, param++, o->num[i]);
}

/*
 * Steps a bound write statement to its end and resets it; *changes (when
 * not NULL) gets the rows it changed. Returns 0 or a pl_err code.
 */
static int step_write(sqlite_be_t *be, sqlite3_stmt *stmt, int *changes)
{
    int rc = sqlite3_step(stmt);
    int ext = sqlite3_extended_errcode(be->wdb);
    if (changes != NULL)
        *changes = sqlite3_changes(be->wdb);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc == SQLITE_DONE)
        return 0;
    switch (ext) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
        return PL_ERR_EXISTS;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return PL_ERR_NOT_FOUND; /* the conversation does not exist */
    default:
        pl_log_error("store", "%s: write failed: %s (%d)", be->path, sqlite3_errstr(ext), ext);
        return PL_ERR_STORE;
    }
}

/*
 * Appends k >= 1 transitions to their conversations' chains (schema 3):
 * for each run of one conversation's rows, one INSERT per row naming the
 * row before (the first takes it from the conversation row), then the
 * conversation's new last one. Returns 0 or a pl_err code (PL_ERR_NOT_FOUND:
 * no such conversation).
 */
static int run_transitions(sqlite_be_t *be, const store_op_t *o, unsigned k)
{
    for (unsigned i = 0; i < k;) {
        const char *conv = o[i].text[0];
        int rv, changes = 0;
        sqlite3_stmt *first = be->chain[CH_FIRST];
        bind_op(first, &o[i]);
        if ((rv = step_write(be, first, &changes)) != 0)
            return rv;
        if (changes == 0)
            return PL_ERR_NOT_FOUND;
        sqlite3_int64 prev = sqlite3_last_insert_rowid(be->wdb);
        for (i++; i < k && strcmp(o[i].text[0], conv) == 0; i++) {
            sqlite3_stmt *ins = be->w[STORE_W_TRANSITION_ADD];
            bind_op(ins, &o[i]);
            sqlite3_bind_int64(ins, 6, prev);
            if ((rv = step_write(be, ins, NULL)) != 0)
                return rv;
            prev = sqlite3_last_insert_rowid(be->wdb);
        }
        sqlite3_stmt *link = be->chain[CH_LINK];
        sqlite3_bind_text(link, 1, conv, -1, SQLITE_STATIC);
        sqlite3_bind_int64(link, 2, prev);
        if ((rv = step_write(be, link, NULL)) != 0)
            return rv;
    }
    return 0;
}

/*
 * Runs k ops of a record: one op, or k >= 1 transitions in a row. Returns 0
 * or a pl_err code.
 */
static int exec_ops(sqlite_be_t *be, const store_op_t *o, unsigned k)
{
    if (o->kind == STORE_W_BARRIER)
        return 0;
    if (o->kind == STORE_W_TRANSITION_ADD)
        return run_transitions(be, o, k);
    int rv, changes = 0;
    if (o->kind == STORE_W_CONV_DELETE) {
        /* the transitions first: the chain starts at the conversation row */
        sqlite3_stmt *del = be->chain[CH_DELETE];
        bind_op(del, o);
        if ((rv = step_write(be, del, NULL)) != 0)
            return rv;
    }
    sqlite3_stmt *stmt = be->w[o->kind];
    bind_op(stmt, o);
    if ((rv = step_write(be, stmt, &changes)) != 0)
        return rv;
    if ((o->kind == STORE_W_CONV_UPDATE || o->kind == STORE_W_CONV_DELETE ||
         o->kind == STORE_W_MSG_SEQ) &&
        changes == 0)
        return PL_ERR_NOT_FOUND;
    return 0;
}

/* Whether an op runs more than one statement (and so needs a savepoint even alone). */
static int op_is_compound(const store_op_t *o)
{
    return o->kind == STORE_W_TRANSITION_ADD || o->kind == STORE_W_CONV_DELETE;
}

static int be_exec(void *arg, const store_write_t *w)
{
    sqlite_be_t *be = arg;
    if (w->nops == 1 && !op_is_compound(&w->ops[0]))
        return exec_ops(be, &w->ops[0], 1);
    /* A group (or a compound op): all or nothing, inside a savepoint of the batch's transaction. */
    int rv = step_tx(be, TX_SAVEPOINT);
    if (rv != 0)
        return rv;
    for (unsigned i = 0; i < w->nops && rv == 0;) {
        unsigned k = 1;
        while (w->ops[i].kind == STORE_W_TRANSITION_ADD && i + k < w->nops &&
               w->ops[i + k].kind == STORE_W_TRANSITION_ADD)
            k++;
        rv = exec_ops(be, &w->ops[i], k);
        i += k;
    }
    if (sqlite3_get_autocommit(be->wdb))
        return rv != 0 ? rv : PL_ERR_STORE; /* the transaction itself ended */
    if ((rv != 0 && step_tx(be, TX_ROLLBACK_TO) != 0) || step_tx(be, TX_RELEASE) != 0) {
        /* the group cannot be undone alone: end the batch (it fails whole) */
        be_rollback(be);
        return PL_ERR_STORE;
    }
    return rv;
}

/* ---------------------------------------------------------------------- */
/* Reads (loop thread)                                                    */

/* The cached statement, or a one-off copy when it is busy (a nested read). */
static sqlite3_stmt *acquire(sqlite_be_t *be, int which, int *temp)
{
    sqlite3_stmt *stmt = be->r[which];
    *temp = 0;
    if (!sqlite3_stmt_busy(stmt))
        return stmt;
    if (sqlite3_prepare_v2(be->rdb, read_sql[which], -1, &stmt, NULL) != SQLITE_OK) {
        pl_log_error("store", "%s: cannot prepare a read: %s", be->path, sqlite3_errmsg(be->rdb));
        return NULL;
    }
    *temp = 1;
    return stmt;
}

/* Ends the statement's read transaction (a statement left open would pin an old snapshot). */
static void release(sqlite3_stmt *stmt, int temp)
{
    if (temp) {
        sqlite3_finalize(stmt);
        return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

static int read_failed(sqlite_be_t *be, int rc)
{
    pl_log_error("store", "%s: read failed: %s", be->path, sqlite3_errstr(rc));
    return PL_ERR_STORE;
}

static char *col_text(sqlite3_stmt *stmt, int col)
{
    return (char *)sqlite3_column_text(stmt, col);
}

static char *col_dup(sqlite3_stmt *stmt, int col)
{
    const char *s = (const char *)sqlite3_column_text(stmt, col);
    return s != NULL ? pl_strdup(s) : NULL;
}

/* Fills c from the current row: copies (copy) or borrowed column text. */
static void row_conv(sqlite3_stmt *stmt, pl_store_conv_t *c, int copy)
{
    char *(*text)(sqlite3_stmt *, int) = copy ? col_dup : col_text;
    c->id = text(stmt, 0);
    c->user_id = text(stmt, 1);
    c->title = text(stmt, 2);
    c->status = text(stmt, 3);
    c->dialect = text(stmt, 4);
    c->state = text(stmt, 5);
    c->meta = text(stmt, 6);
    c->created_ms = sqlite3_column_int64(stmt, 7);
    c->updated_ms = sqlite3_column_int64(stmt, 8);
    c->last_seq = sqlite3_column_int64(stmt, 9);
}

static void row_msg(sqlite3_stmt *stmt, pl_store_msg_t *m, int copy)
{
    char *(*text)(sqlite3_stmt *, int) = copy ? col_dup : col_text;
    m->conversation_id = text(stmt, 0);
    m->id = text(stmt, 1);
    m->role = text(stmt, 2);
    m->user_id = text(stmt, 3);
    m->token = text(stmt, 4);
    m->content = text(stmt, 5);
    m->status = text(stmt, 6);
    m->meta = text(stmt, 7);
    m->seq = sqlite3_column_int64(stmt, 8);
    m->created_ms = sqlite3_column_int64(stmt, 9);
}

static int be_conv_get(void *arg, const char *id, pl_store_conv_t *out)
{
    sqlite_be_t *be = arg;
    int temp, rv;
    sqlite3_stmt *stmt = acquire(be, R_CONV_GET, &temp);
    if (stmt == NULL)
        return PL_ERR_STORE;
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        row_conv(stmt, out, 1);
        rv = 0;
    } else {
        rv = rc == SQLITE_DONE ? PL_ERR_NOT_FOUND : read_failed(be, rc);
    }
    release(stmt, temp);
    return rv;
}

static int be_msg_find_token(void *arg, const char *conversation_id, const char *token,
                             pl_store_msg_t *out)
{
    sqlite_be_t *be = arg;
    int temp, rv;
    sqlite3_stmt *stmt = acquire(be, R_MSG_TOKEN, &temp);
    if (stmt == NULL)
        return PL_ERR_STORE;
    sqlite3_bind_text(stmt, 1, conversation_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, token, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        row_msg(stmt, out, 1);
        rv = 0;
    } else {
        rv = rc == SQLITE_DONE ? PL_ERR_NOT_FOUND : read_failed(be, rc);
    }
    release(stmt, temp);
    return rv;
}

static int count_rows(sqlite_be_t *be, int which, const char *key)
{
    int temp, rv;
    sqlite3_stmt *stmt = acquire(be, which, &temp);
    if (stmt == NULL)
        return PL_ERR_STORE;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        sqlite3_int64 n = sqlite3_column_int64(stmt, 0);
        rv = n > INT_MAX ? INT_MAX : (int)n;
    } else {
        rv = read_failed(be, rc);
    }
    release(stmt, temp);
    return rv;
}

static int be_conv_count(void *arg, const char *user_id)
{
    return count_rows(arg, R_CONV_COUNT, user_id);
}

static int be_msg_count(void *arg, const char *conversation_id)
{
    return count_rows(arg, R_MSG_COUNT, conversation_id);
}

/*
 * Steps a bound list statement, handing each row to cfn or mfn (the one for
 * this statement; both NULL: just count). Returns the number of rows
 * visited or PL_ERR_STORE.
 */
static int visit(sqlite_be_t *be, sqlite3_stmt *stmt, int temp, pl_store_conv_fn cfn,
                 pl_store_msg_fn mfn, void *ud)
{
    int n = 0, rc = SQLITE_DONE;
    while (n < INT_MAX && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        n++;
        int stop = 0;
        if (cfn != NULL) {
            pl_store_conv_t c;
            row_conv(stmt, &c, 0);
            stop = cfn(&c, ud) != 0;
        } else if (mfn != NULL) {
            pl_store_msg_t m;
            row_msg(stmt, &m, 0);
            stop = mfn(&m, ud) != 0;
        }
        if (stop) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc == SQLITE_ROW) /* INT_MAX rows */
        rc = SQLITE_DONE;
    release(stmt, temp);
    return rc == SQLITE_DONE ? n : read_failed(be, rc);
}

static int be_conv_list(void *arg, const char *user_id, const char *dialect, int limit,
                        int offset, pl_store_conv_fn fn, void *ud)
{
    sqlite_be_t *be = arg;
    int temp;
    sqlite3_stmt *stmt = acquire(be, dialect != NULL ? R_CONV_LIST_DIALECT : R_CONV_LIST, &temp);
    if (stmt == NULL)
        return PL_ERR_STORE;
    sqlite3_bind_text(stmt, 1, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, limit > 0 ? limit : -1);
    sqlite3_bind_int(stmt, 3, offset);
    if (dialect != NULL)
        sqlite3_bind_text(stmt, 4, dialect, -1, SQLITE_STATIC);
    return visit(be, stmt, temp, fn, NULL, ud);
}

static int be_msg_list(void *arg, const char *conversation_id, int64_t after_seq, int limit,
                       int offset, pl_store_msg_fn fn, void *ud)
{
    sqlite_be_t *be = arg;
    int temp;
    sqlite3_stmt *stmt = acquire(be, R_MSG_LIST, &temp);
    if (stmt == NULL)
        return PL_ERR_STORE;
    sqlite3_bind_text(stmt, 1, conversation_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, limit > 0 ? limit : -1);
    sqlite3_bind_int(stmt, 3, offset);
    sqlite3_bind_int64(stmt, 4, after_seq);
    return visit(be, stmt, temp, NULL, fn, ud);
}

static int be_transition_list(void *arg, const char *conversation_id, pl_store_transition_fn fn,
                              void *ud)
{
    sqlite_be_t *be = arg;
    int temp, n = 0, rc = SQLITE_DONE;
    sqlite3_stmt *stmt = acquire(be, R_TRANSITIONS, &temp);
    if (stmt == NULL)
        return PL_ERR_STORE;
    sqlite3_bind_text(stmt, 1, conversation_id, -1, SQLITE_STATIC);
    while (n < INT_MAX && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        n++;
        if (fn != NULL && fn((const char *)sqlite3_column_text(stmt, 0),
                             (const char *)sqlite3_column_text(stmt, 1),
                             (const char *)sqlite3_column_text(stmt, 2),
                             sqlite3_column_int64(stmt, 3), ud) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc == SQLITE_ROW) /* INT_MAX rows */
        rc = SQLITE_DONE;
    release(stmt, temp);
    return rc == SQLITE_DONE ? n : read_failed(be, rc);
}

const store_ops_t store_sqlite_ops = {
    .name = "sqlite",
    .open = be_open,
    .close = be_close,
    .begin = be_begin,
    .exec = be_exec,
    .in_transaction = be_in_transaction,
    .commit = be_commit,
    .rollback = be_rollback,
    .conv_get = be_conv_get,
    .conv_list = be_conv_list,
    .conv_count = be_conv_count,
    .msg_list = be_msg_list,
    .msg_count = be_msg_count,
    .msg_find_token = be_msg_find_token,
    .transition_list = be_transition_list,
};

sqlite3 *store_sqlite_writer(pl_store_t *st)
{
    return st->ops == &store_sqlite_ops ? ((sqlite_be_t *)st->be)->wdb : NULL;
}

int store_sqlite_checkpoints(pl_store_t *st)
{
    return st->ops == &store_sqlite_ops ? store_ckpt_count(((sqlite_be_t *)st->be)->ckpt) : 0;
}
