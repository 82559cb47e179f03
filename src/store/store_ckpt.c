/*
 * store_ckpt.c - the SQLite backend's checkpointer: a thread with a
 * connection of its own that copies the WAL back into the database file.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses the
 * threshold, on the writer: every write queued behind that commit waits
 * for thousands of pages to be copied and the database file synced (about
 * 10 ms measured), which is what the slowest acknowledgements wait for.
 * Here the writer turns the automatic checkpoint off and, from its WAL hook
 * (after each commit), pokes this thread once the WAL holds a threshold's
 * worth of frames; the thread runs a PASSIVE checkpoint, which never blocks
 * the writer (it copies the frames committed so far while new ones are
 * appended); the writer then copies the few frames committed meanwhile
 * between two batches, so that SQLite restarts the WAL from the top at the
 * next write. Should the thread fall far behind, the writer checkpoints
 * itself as before. The policy is wal_hook() in store_sqlite.c.
 */
#define _GNU_SOURCE /* SCHED_IDLE */
#include "store_int.h"

#include "parley/log.h"
#include "parley/mem.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

struct store_ckpt {
    sqlite3 *db;
    char *path;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int wanted; /* under mu */
    int stop;   /* under mu */
    int done;   /* under mu: checkpoints run (tests) */
};

static void *ckpt_main(void *arg)
{
    store_ckpt_t *k = arg;
    /* Copying back is never urgent: run only on CPU time nobody else wants
     * (the loop and the writer share a core in the benchmarks). If that
     * starves it, the writer checkpoints itself past STORE_CKPT_HARD_FRAMES. */
    struct sched_param sp = {0};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
    pthread_mutex_lock(&k->mu);
    for (;;) {
        while (!k->stop && !k->wanted)
            pthread_cond_wait(&k->cond, &k->mu);
        if (k->stop)
            break;
        k->wanted = 0;
        pthread_mutex_unlock(&k->mu);
        int rc = sqlite3_wal_checkpoint_v2(k->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            pl_log_warn("store", "%s: checkpoint failed: %s", k->path, sqlite3_errmsg(k->db));
        pthread_mutex_lock(&k->mu);
        k->done++;
    }
    pthread_mutex_unlock(&k->mu);
    return NULL;
}

store_ckpt_t *store_ckpt_start(const char *path, int synchronous_full)
{
    store_ckpt_t *k = pl_calloc(1, sizeof(*k));
    k->path = pl_strdup(path);
    if (sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(k->db, synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(k->db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL) != SQLITE_OK) {
        pl_log_warn("store", "%s: no checkpointer connection (%s): the writer checkpoints", path,
                    k->db != NULL ? sqlite3_errmsg(k->db) : "out of memory");
        goto fail;
    }
    pthread_mutex_init(&k->mu, NULL);
    pthread_cond_init(&k->cond, NULL);
    /* the thread takes no signals: they stay with the loop thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(&k->thread, NULL, ckpt_main, k);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err != 0) {
        pl_log_warn("store", "%s: no checkpointer thread (%s): the writer checkpoints", path,
                    strerror(err));
        pthread_cond_destroy(&k->cond);
        pthread_mutex_destroy(&k->mu);
        goto fail;
    }
    return k;

fail:
    sqlite3_close(k->db);
    pl_free(k->path);
    pl_free(k);
    return NULL;
}

void store_ckpt_poke(store_ckpt_t *k)
{
    pthread_mutex_lock(&k->mu);
    k->wanted = 1;
    pthread_cond_signal(&k->cond);
    pthread_mutex_unlock(&k->mu);
}

int store_ckpt_count(store_ckpt_t *k)
{
    if (k == NULL)
        return 0;
    pthread_mutex_lock(&k->mu);
    int n = k->done;
    pthread_mutex_unlock(&k->mu);
    return n;
}

void store_ckpt_stop(store_ckpt_t *k)
{
    if (k == NULL)
        return;
    pthread_mutex_lock(&k->mu);
    k->stop = 1;
    pthread_cond_signal(&k->cond);
    pthread_mutex_unlock(&k->mu);
    pthread_join(k->thread, NULL);
    pthread_cond_destroy(&k->cond);
    pthread_mutex_destroy(&k->mu);
    if (sqlite3_close(k->db) != SQLITE_OK)
        pl_log_error("store", "%s: closing the checkpointer: %s", k->path, sqlite3_errmsg(k->db));
    pl_free(k->path);
    pl_free(k);
}
