/*
 * store_test_util.h - shared pieces of the store tests: scratch folders,
 * running the loop until completions arrive, and a completion recorder.
 */
#ifndef STORE_TEST_UTIL_H
#define STORE_TEST_UTIL_H

#include "parley/store.h"

#include <event2/event.h>
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Creates a fresh scratch folder; dir must hold 64 bytes. Returns 0 or -1. */
static inline int tdir_make(char *dir)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, 64, "%s/pl-store-XXXXXX", base != NULL && strlen(base) < 40 ? base : "/tmp");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

/* rm -rf path (no symlinks are followed). */
static inline void tdir_remove(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            size_t a = strlen(path), b = strlen(e->d_name);
            if (a + b + 2 > sizeof(sub))
                continue;
            memcpy(sub, path, a);
            sub[a] = '/';
            memcpy(sub + a + 1, e->d_name, b + 1);
            tdir_remove(sub);
        }
        if (d != NULL)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline double tnow(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Runs the loop until *counter reaches target or `seconds` pass. Returns 1
 * when the target was reached.
 */
static inline int run_until(struct event_base *base, const int *counter, int target, double seconds)
{
    double deadline = tnow() + seconds;
    while (*counter < target) {
        if (tnow() > deadline)
            return 0;
        struct timeval tv = {0, 50 * 1000};
        event_base_loopexit(base, &tv);
        event_base_loop(base, EVLOOP_ONCE);
    }
    return 1;
}

/* Completion recorder: ud is the write's index (intptr_t). */
#define REC_MAX 20000
typedef struct rec {
    int count;            /* callbacks run */
    int order[REC_MAX];   /* index of the i-th callback */
    int rv[REC_MAX];      /* result by index */
    int off_thread;       /* callbacks that ran off the loop thread */
    pthread_t loop_thread;
} rec_t;

static rec_t rec;

static inline void rec_reset(void)
{
    memset(&rec, 0, sizeof(rec));
    for (int i = 0; i < REC_MAX; i++)
        rec.rv[i] = 1; /* not called */
    rec.loop_thread = pthread_self();
}

static inline void rec_done(int rv, void *ud)
{
    int idx = (int)(intptr_t)ud;
    if (!pthread_equal(pthread_self(), rec.loop_thread))
        rec.off_thread++;
    if (rec.count < REC_MAX)
        rec.order[rec.count] = idx;
    rec.count++;
    if (idx >= 0 && idx < REC_MAX)
        rec.rv[idx] = rv;
}

#define REC_UD(i) ((void *)(intptr_t)(i))

#endif
