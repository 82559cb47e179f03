/*
 * store_sqlite_schema.c - the SQLite schema and its versioned migrations.
 *
 * The database's version is PRAGMA user_version: 0 for a new file, N once
 * migrations[0..N-1] ran. Each step runs in its own IMMEDIATE transaction
 * together with the version bump, so a crash leaves the file at a whole
 * version, and two processes migrating at once do not both apply a step.
 * A file at a version newer than this binary knows is refused: its tables
 * may mean something this code would corrupt. Steps are append-only: never
 * edit one that has shipped, add the next.
 */
#include "store_int.h"

#include "parley/error.h"
#include "parley/log.h"

#include <sqlite3.h>
#include <stdio.h>

static const char *const migrations[] = {
    /* 1: conversations, their messages and their state transitions */
    "CREATE TABLE conversations ("
    "  id TEXT NOT NULL PRIMARY KEY,"
    "  user_id TEXT NOT NULL,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL,"
    "  dialect TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  meta TEXT NOT NULL DEFAULT '{}',"
    "  created_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL,"
    "  last_seq INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX conversations_by_user ON conversations(user_id, updated_ms);"
    "CREATE INDEX conversations_by_user_dialect ON conversations(user_id, dialect, updated_ms);"
    "CREATE TABLE messages ("
    "  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    "  id TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  user_id TEXT,"
    "  token TEXT,"
    "  content TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  meta TEXT NOT NULL DEFAULT '{}',"
    "  seq INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (conversation_id, id)"
    ");"
    "CREATE INDEX messages_by_seq ON messages(conversation_id, seq, created_ms);"
    "CREATE INDEX messages_by_token ON messages(conversation_id, token, seq)"
    "  WHERE token IS NOT NULL;"
    "CREATE TABLE transitions ("
    "  id INTEGER PRIMARY KEY,"
    "  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    "  from_state TEXT NOT NULL,"
    "  event TEXT NOT NULL,"
    "  to_state TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL"
    ");"
    "CREATE INDEX transitions_by_conversation ON transitions(conversation_id, id);",

    /*
     * 2: fewer index pages written per exchange. Every index keyed by
     * conversation gets one more page written per conversation in each
     * commit, which is most of a commit's cost (measured: ~10 pages of WAL
     * per exchange with version 1).
     * - messages_by_token goes: only pl_store_msg_find_token used it, and
     *   a conversation's messages are found through its primary key.
     * - the conversation lists used two indexes that ended in updated_ms,
     *   so every conversation update moved two index entries; one index on
     *   (user_id, dialect), which no update changes, serves both lists and
     *   the count (a user's conversations are sorted when listed).
     * - transitions are found by conversation_id alone: the rowid (= id)
     *   already orders an index's equal keys, so (conversation_id, id)
     *   stored id twice.
     */
    "DROP INDEX messages_by_token;"
    "DROP INDEX conversations_by_user;"
    "DROP INDEX conversations_by_user_dialect;"
    "CREATE INDEX conversations_of_user ON conversations(user_id, dialect);"
    "DROP INDEX transitions_by_conversation;"
    "CREATE INDEX transitions_of_conversation ON transitions(conversation_id);",

    /*
     * 3: one index keyed by conversation instead of three. A commit writes
     * every page it changes, and each index keyed by conversation changes
     * a page per conversation in every commit; these pages were most of an
     * exchange's cost (parley-storebench, CPU per exchange: 46 us with
     * schema 2, 34 us with the transitions chained, 24 us with messages
     * indexed once as well).
     * - messages: the primary key (conversation_id, id) and messages_by_seq
     *   become one unique index (conversation_id, seq, id), in the order a
     *   conversation's messages are listed. A message is replaced by a put
     *   with the same conversation, seq and id; finding one by id alone
     *   (pl_store_msg_set_seq, rare) looks through its conversation's.
     *   Rowids are kept: they order messages of equal seq and time.
     * - transitions: a chain instead of an index. Each row names the
     *   conversation's previous row (prev) and the conversation row its
     *   last one (last_transition), which the exchange's closing write
     *   updates anyway: appending touches only the table's last page and a
     *   row the commit writes already. A conversation's transitions are
     *   read by walking the chain back (a lookup by rowid per row), and
     *   deleted the same way by pl_store_conv_delete: there is no foreign
     *   key, which would scan the whole table on each delete without the
     *   index.
     */
    "CREATE TABLE messages_v3 ("
    "  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    "  id TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  user_id TEXT,"
    "  token TEXT,"
    "  content TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  meta TEXT NOT NULL DEFAULT '{}',"
    "  seq INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL"
    ");"
    "INSERT INTO messages_v3(rowid, conversation_id, id, role, user_id, token, content, status,"
    "  meta, seq, created_ms) SELECT rowid, conversation_id, id, role, user_id, token, content,"
    "  status, meta, seq, created_ms FROM messages;"
    "DROP TABLE messages;"
    "ALTER TABLE messages_v3 RENAME TO messages;"
    "CREATE UNIQUE INDEX messages_by_seq ON messages(conversation_id, seq, id);"
    "CREATE TABLE transitions_v3 ("
    "  id INTEGER PRIMARY KEY,"
    "  conversation_id TEXT NOT NULL,"
    "  prev INTEGER,"
    "  from_state TEXT NOT NULL,"
    "  event TEXT NOT NULL,"
    "  to_state TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL"
    ");"
    "INSERT INTO transitions_v3 SELECT t.id, t.conversation_id,"
    "  (SELECT max(p.id) FROM transitions p"
    "   WHERE p.conversation_id = t.conversation_id AND p.id < t.id),"
    "  t.from_state, t.event, t.to_state, t.at_ms FROM transitions t;"
    "ALTER TABLE conversations ADD COLUMN last_transition INTEGER;"
    "UPDATE conversations SET last_transition ="
    "  (SELECT max(id) FROM transitions WHERE conversation_id = conversations.id);"
    "DROP TABLE transitions;"
    "ALTER TABLE transitions_v3 RENAME TO transitions;",
};

#define LATEST ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_sqlite_schema_latest(void) { return LATEST; }

const char *store_sqlite_migration_sql(int to)
{
    return to >= 1 && to <= LATEST ? migrations[to - 1] : NULL;
}

static int read_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        *version = sqlite3_column_int(stmt, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Applies step `to` (1-based) unless another process got there first. */
static int apply(sqlite3 *db, const char *path, int to)
{
    char *err = NULL;
    int now = 0;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err);
    if (rc != SQLITE_OK)
        goto fail;
    if ((rc = read_version(db, &now)) != SQLITE_OK)
        goto fail;
    if (now < to) {
        char bump[64];
        snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", to);
        if ((rc = sqlite3_exec(db, migrations[to - 1], NULL, NULL, &err)) != SQLITE_OK ||
            (rc = sqlite3_exec(db, bump, NULL, NULL, &err)) != SQLITE_OK)
            goto fail;
    }
    if ((rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &err)) != SQLITE_OK)
        goto fail;
    if (now < to)
        pl_log_info("store", "%s: migrated to schema version %d", path, to);
    return 0;

fail:
    pl_log_error("store", "%s: migration to schema version %d failed: %s", path, to,
                 err != NULL ? err : sqlite3_errmsg(db));
    sqlite3_free(err);
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return PL_ERR_STORE;
}

int store_sqlite_migrate(sqlite3 *db, const char *path, int *version)
{
    int cur = 0;
    if (read_version(db, &cur) != SQLITE_OK) {
        pl_log_error("store", "%s: cannot read the schema version: %s", path, sqlite3_errmsg(db));
        return PL_ERR_STORE;
    }
    if (cur > LATEST) {
        pl_log_error("store",
                     "%s: schema version %d is newer than this binary knows (%d): "
                     "refusing to open it; run a newer parleyd",
                     path, cur, LATEST);
        return PL_ERR_STORE;
    }
    if (cur < 0) {
        pl_log_error("store", "%s: invalid schema version %d", path, cur);
        return PL_ERR_STORE;
    }
    for (int to = cur + 1; to <= LATEST; to++) {
        int rv = apply(db, path, to);
        if (rv != 0)
            return rv;
    }
    *version = LATEST;
    return 0;
}
