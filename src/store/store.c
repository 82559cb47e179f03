/*
 * store.c - the store object: opening and closing, the worker thread that
 * group-commits queued writes, and the hand-back of completions to the
 * loop.
 *
 * Writes travel: loop (store_enqueue) -> pending queue under mu -> worker
 * takes up to max_batch -> one backend transaction -> done queue under mu
 * -> eventfd -> loop (on_wake) moves them to its ready queue and runs the
 * callbacks in FIFO order, STORE_DONE_BUDGET_US of them per loop turn
 * (run_slice). The worker never calls a callback and never touches
 * libevent, and runs at a lower priority than the loop (lower_priority);
 * the loop never waits for the worker except in pl_store_close, which
 * drains everything.
 */
#define _GNU_SOURCE /* gettid */
#include "store_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

void pl_store_config_init(pl_store_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->synchronous_full = 1;
    cfg->max_batch = STORE_DEFAULT_MAX_BATCH;
    cfg->max_queue = STORE_DEFAULT_MAX_QUEUE;
}

void pl_store_conv_clear(pl_store_conv_t *c)
{
    if (c == NULL)
        return;
    pl_free(c->id);
    pl_free(c->user_id);
    pl_free(c->title);
    pl_free(c->status);
    pl_free(c->dialect);
    pl_free(c->state);
    pl_free(c->meta);
    memset(c, 0, sizeof(*c));
}

void pl_store_msg_clear(pl_store_msg_t *m)
{
    if (m == NULL)
        return;
    pl_free(m->conversation_id);
    pl_free(m->id);
    pl_free(m->role);
    pl_free(m->user_id);
    pl_free(m->token);
    pl_free(m->content);
    pl_free(m->status);
    pl_free(m->meta);
    memset(m, 0, sizeof(*m));
}

int pl_store_schema_version(const pl_store_t *st) { return st != NULL ? st->version : 0; }

void pl_store_stats(pl_store_t *st, pl_store_stats_t *out)
{
    memset(out, 0, sizeof(*out));
    if (st == NULL)
        return;
    pthread_mutex_lock(&st->mu);
    *out = st->stats;
    out->queued = st->npend + st->inflight;
    pthread_mutex_unlock(&st->mu);
    out->wait_time = st->wait_time;
}

void store_hold_worker(pl_store_t *st, int hold)
{
    pthread_mutex_lock(&st->mu);
    st->hold = hold;
    pthread_cond_signal(&st->work_cond);
    pthread_mutex_unlock(&st->mu);
}

static double now_seconds(void);

int store_enqueue(pl_store_t *st, store_write_t *w)
{
    w->next = NULL;
    w->rv = PL_ERR_STORE;
    w->queued_at = now_seconds();
    pthread_mutex_lock(&st->mu);
    if (st->npend + st->inflight >= st->max_queue) {
        pthread_mutex_unlock(&st->mu);
        pl_free(w);
        return PL_ERR_BUSY;
    }
    if (st->pend_tail != NULL)
        st->pend_tail->next = w;
    else
        st->pend_head = w;
    st->pend_tail = w;
    st->npend++;
    st->nurgent += !w->lazy;
    pthread_cond_signal(&st->work_cond);
    pthread_mutex_unlock(&st->mu);
    return 0;
}

/* ---------------------------------------------------------------------- */
/* Worker                                                                 */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail_all(store_write_t *batch)
{
    for (store_write_t *w = batch; w != NULL; w = w->next)
        w->rv = PL_ERR_STORE;
}

/*
 * Runs one batch as one transaction: a write that fails on its own (a
 * duplicate key, a missing row) keeps its error while the others commit;
 * when the transaction itself fails every write fails. Returns 1 when it
 * committed; *commit_secs gets the time spent in COMMIT.
 */
static int run_batch(pl_store_t *st, store_write_t *batch, double *commit_secs)
{
    const store_ops_t *ops = st->ops;
    *commit_secs = 0;
    if (ops->begin(st->be) != 0) {
        fail_all(batch);
        return 0;
    }
    for (store_write_t *w = batch; w != NULL; w = w->next) {
        w->rv = ops->exec(st->be, w);
        if (w->rv != 0 && !ops->in_transaction(st->be)) {
            /* the error ended the whole transaction: nothing of it stays */
            pl_log_error("store", "a write error rolled back its batch; failing the batch");
            fail_all(batch);
            return 0;
        }
    }
    double t0 = now_seconds();
    int rv = ops->commit(st->be);
    *commit_secs = now_seconds() - t0;
    if (rv != 0) {
        ops->rollback(st->be);
        fail_all(batch);
        return 0;
    }
    return 1;
}

/*
 * The worker's commits are throughput work; the loop's callbacks are what
 * every socket waits on. Where both share a core (a one-core deployment,
 * the pinned benchmarks), a commit of a few hundred writes holds the CPU
 * for a millisecond or two, and the scheduler often lets it finish before
 * the woken loop runs: the streams' frames wait behind it (measured: p99
 * token relay latency 12-20 ms at nice 0, 2-10 ms at +10, same throughput).
 * Nice values are per thread on Linux; the worker runs STORE_WORKER_NICE
 * below the process. The loop idles whenever it waits on a commit, so the
 * worker still gets the CPU it needs.
 */
static void lower_priority(void)
{
    errno = 0;
    int cur = getpriority(PRIO_PROCESS, (id_t)gettid());
    if (errno == 0) {
        int want = cur + STORE_WORKER_NICE > 19 ? 19 : cur + STORE_WORKER_NICE;
        if (setpriority(PRIO_PROCESS, (id_t)gettid(), want) != 0)
            pl_log_debug("store", "cannot lower the worker's priority: %s", strerror(errno));
    }
}

static void *worker_main(void *arg)
{
    pl_store_t *st = arg;
    lower_priority();
    pthread_mutex_lock(&st->mu);
    for (;;) {
        while (!st->stopping && (st->pend_head == NULL || st->hold))
            pthread_cond_wait(&st->work_cond, &st->mu);
        if (st->pend_head == NULL)
            break; /* stopping and drained */
        if (st->nurgent == 0 && !st->draining && !st->stopping) {
            /* only lazy writes: wait for company, PL_STORE_LAZY_MS at most */
            double due = st->pend_head->queued_at + PL_STORE_LAZY_MS / 1000.0;
            double left = due - now_seconds();
            if (left > 0) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                long ns = (long)(left * 1e9) + ts.tv_nsec;
                ts.tv_sec += ns / 1000000000L;
                ts.tv_nsec = ns % 1000000000L;
                pthread_cond_timedwait(&st->work_cond, &st->mu, &ts);
                continue;
            }
        }

        store_write_t *batch = st->pend_head, *last = batch;
        size_t n = 1, urgent = !batch->lazy;
        while (n < st->max_batch && last->next != NULL) {
            last = last->next;
            n++;
            urgent += !last->lazy;
        }
        st->nurgent -= urgent;
        st->pend_head = last->next;
        if (st->pend_head == NULL)
            st->pend_tail = NULL;
        last->next = NULL;
        st->npend -= n;
        st->inflight = n;
        pthread_mutex_unlock(&st->mu);

        double commit_secs;
        int committed = run_batch(st, batch, &commit_secs);
        uint64_t failed = 0;
        for (store_write_t *w = batch; w != NULL; w = w->next)
            failed += w->rv != 0;

        pthread_mutex_lock(&st->mu);
        st->stats.writes += n;
        st->stats.failures += failed;
        st->stats.commits += (uint64_t)committed;
        st->stats.commit_seconds += commit_secs;
        if (committed)
            pl_histogram_observe(&st->stats.commit_time, commit_secs);
        st->inflight = 0;
        if (st->done_tail != NULL)
            st->done_tail->next = batch;
        else
            st->done_head = batch;
        st->done_tail = last;
        pthread_cond_broadcast(&st->idle_cond);
        pthread_mutex_unlock(&st->mu);

        /* wake the loop; close joins this thread before wake_fd goes away */
        uint64_t one = 1;
        while (write(st->wake_fd, &one, sizeof(one)) < 0 && errno == EINTR)
            ;
        pthread_mutex_lock(&st->mu);
    }
    pthread_mutex_unlock(&st->mu);
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* Completions (loop thread)                                              */

/* Moves every completed write from the worker's done queue to the loop's ready queue. */
static void take_done(pl_store_t *st)
{
    pthread_mutex_lock(&st->mu);
    store_write_t *list = st->done_head, *last = st->done_tail;
    st->done_head = st->done_tail = NULL;
    pthread_mutex_unlock(&st->mu);
    if (list == NULL)
        return;
    if (st->ready_tail != NULL)
        st->ready_tail->next = list;
    else
        st->ready_head = list;
    st->ready_tail = last;
}

/*
 * Runs ready callbacks in order: all of them, or (budget > 0) until budget
 * seconds have passed, one at least. Returns whether any are left.
 */
static int run_ready(pl_store_t *st, double budget)
{
    st->dispatching++;
    double start = now_seconds(), now = start;
    while (st->ready_head != NULL && (budget <= 0 || now == start || now - start < budget)) {
        store_write_t *w = st->ready_head;
        st->ready_head = w->next;
        if (st->ready_head == NULL)
            st->ready_tail = NULL;
        if (!w->lazy)
            pl_histogram_observe(&st->wait_time, now - w->queued_at);
        if (w->done != NULL)
            w->done(w->rv, w->ud);
        pl_free(w);
        now = now_seconds();
    }
    st->dispatching--;
    return st->ready_head != NULL;
}

static void destroy(pl_store_t *st);

/*
 * Runs the completed writes' callbacks for STORE_DONE_BUDGET_US at most. A
 * commit can complete hundreds of writes at once, and their callbacks start
 * answers (an LLM request each, ~0.1 ms): run back to back they would hold
 * the loop for milliseconds while the sockets' data waits. The rest run
 * after the next poll (a zero timer fires after the I/O that poll found).
 * A budget in time, not a count of callbacks: a count small enough for
 * costly callbacks makes cheap ones wait many loop turns (measured: 16 per
 * turn left acknowledgements ~30 ms behind their commit at 500 streams).
 */
static void run_slice(pl_store_t *st)
{
    take_done(st);
    int more = run_ready(st, STORE_DONE_BUDGET_US / 1e6);
    if (st->close_requested && st->dispatching == 0) {
        destroy(st);
        return;
    }
    if (more) {
        static const struct timeval now = {0, 0};
        evtimer_add(st->more_ev, &now);
    }
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    pl_store_t *st = arg;
    (void)what;
    uint64_t count;
    /* reset the counter first: a batch posted after this read wakes us again */
    while (read(fd, &count, sizeof(count)) < 0 && errno == EINTR)
        ;
    run_slice(st);
}

static void on_more(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    run_slice(arg);
}

/* ---------------------------------------------------------------------- */
/* Open and close                                                         */

int pl_store_open(pl_store_t **out, struct event_base *base, const pl_store_config_t *cfg)
{
    int rv;
    if (out == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (base == NULL || cfg == NULL || cfg->path == NULL || cfg->path[0] == '\0' ||
        strlen(cfg->path) >= STORE_PATH_MAX || strcmp(cfg->path, ":memory:") == 0)
        return PL_ERR_INVALID_ARGUMENT;

    pl_store_t *st = pl_calloc(1, sizeof(*st));
    st->ops = &store_sqlite_ops;
    st->base = base;
    st->wake_fd = -1;
    st->max_batch = cfg->max_batch > 0 ? cfg->max_batch : STORE_DEFAULT_MAX_BATCH;
    st->max_queue = cfg->max_queue > 0 ? cfg->max_queue : STORE_DEFAULT_MAX_QUEUE;
    pthread_mutex_init(&st->mu, NULL);
    pthread_condattr_t ca; /* the worker's timed waits count on the monotonic clock */
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&st->work_cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&st->idle_cond, NULL);

    if ((rv = st->ops->open(&st->be, cfg, &st->version)) != 0)
        goto fail_sync;

    st->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (st->wake_fd < 0) {
        pl_log_error("store", "eventfd: %s", strerror(errno));
        rv = PL_ERR_IO;
        goto fail_backend;
    }
    st->wake_ev = event_new(base, st->wake_fd, EV_READ | EV_PERSIST, on_wake, st);
    st->more_ev = evtimer_new(base, on_more, st);
    if (st->wake_ev == NULL || st->more_ev == NULL || event_add(st->wake_ev, NULL) != 0) {
        pl_log_error("store", "cannot watch the completion eventfd");
        rv = PL_ERR_IO;
        goto fail_event;
    }

    /* the worker takes no signals: they stay with the loop thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(&st->worker, NULL, worker_main, st);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err != 0) {
        pl_log_error("store", "cannot start the worker thread: %s", strerror(err));
        rv = PL_ERR_IO;
        goto fail_event;
    }
    *out = st;
    return 0;

fail_event:
    if (st->wake_ev != NULL)
        event_free(st->wake_ev);
    if (st->more_ev != NULL)
        event_free(st->more_ev);
    close(st->wake_fd);
fail_backend:
    st->ops->close(st->be);
fail_sync:
    pthread_cond_destroy(&st->idle_cond);
    pthread_cond_destroy(&st->work_cond);
    pthread_mutex_destroy(&st->mu);
    pl_free(st);
    return rv;
}

/* Drains every write (running callbacks, which may queue more), stops the worker, frees st. */
static void destroy(pl_store_t *st)
{
    st->closing = 1;
    pthread_mutex_lock(&st->mu);
    st->hold = 0;
    st->draining = 1;
    pthread_cond_signal(&st->work_cond);
    pthread_mutex_unlock(&st->mu);
    for (;;) {
        pthread_mutex_lock(&st->mu);
        while (st->done_head == NULL && (st->pend_head != NULL || st->inflight > 0))
            pthread_cond_wait(&st->idle_cond, &st->mu);
        int none = st->done_head == NULL;
        pthread_mutex_unlock(&st->mu);
        if (none && st->ready_head == NULL)
            break; /* nothing queued, running or completed */
        take_done(st);
        (void)run_ready(st, 0);
    }

    pthread_mutex_lock(&st->mu);
    st->stopping = 1;
    pthread_cond_signal(&st->work_cond);
    pthread_mutex_unlock(&st->mu);
    pthread_join(st->worker, NULL);

    event_free(st->wake_ev);
    event_free(st->more_ev);
    close(st->wake_fd);
    st->ops->close(st->be);
    pthread_cond_destroy(&st->idle_cond);
    pthread_cond_destroy(&st->work_cond);
    pthread_mutex_destroy(&st->mu);
    pl_free(st);
}

void pl_store_close(pl_store_t *st)
{
    if (st == NULL || st->closing)
        return;
    if (st->dispatching) {
        /* called from a completion callback: finish once the callbacks return */
        st->close_requested = 1;
        return;
    }
    destroy(st);
}
