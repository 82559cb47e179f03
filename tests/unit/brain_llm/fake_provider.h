/*
 * fake_provider.h - test helpers around tests/support/fake_llm.py: start
 * it as a subprocess (it prints "PORT n"), read its request log
 * (GET /control/log, as a yajl tree), stop it; and a recording brain sink
 * driven on a real event loop.
 */
#ifndef FAKE_PROVIDER_H
#define FAKE_PROVIDER_H

#include <curl/curl.h>
#include <event2/event.h>
#include <yajl/yajl_tree.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parley/brain.h"
#include "parley/mem.h"

/* Not every test uses every helper. */
#define FP_FN static __attribute__((unused))

typedef struct fake {
    pid_t pid;
    int port;
    char base[96]; /* http://127.0.0.1:PORT */
} fake_t;

/* Starts the fake with a provider key and a search key (either may be NULL); 0 or -1. */
FP_FN int fake_start_keys(fake_t *f, const char *api_key, const char *search_key)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char script[4096];
    snprintf(script, sizeof(script), "%s/tests/support/fake_llm.py", src ? src : ".");
    /* Loopback never goes through a proxy the environment may name. */
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* The fake must not outlive a test that crashed or was killed. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        const char *argv[9] = {"python3", script, "--port", "0", NULL, NULL, NULL, NULL, NULL};
        int k = 4;
        if (api_key != NULL) {
            argv[k++] = "--api-key";
            argv[k++] = api_key;
        }
        if (search_key != NULL) {
            argv[k++] = "--search-key";
            argv[k++] = search_key;
        }
        execv("/usr/bin/python3", (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    char line[128] = {0};
    f->pid = pid;
    f->port = 0;
    if (in != NULL && fgets(line, sizeof(line), in) != NULL)
        sscanf(line, "PORT %d", &f->port);
    if (in != NULL)
        fclose(in);
    if (f->port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", f->port);
    return 0;
}

/* Starts the fake (api_key may be NULL); returns 0 or -1. */
FP_FN int fake_start(fake_t *f, const char *api_key)
{
    return fake_start_keys(f, api_key, NULL);
}

FP_FN void fake_stop(fake_t *f)
{
    if (f->pid > 0) {
        kill(f->pid, SIGTERM);
        waitpid(f->pid, NULL, 0);
        f->pid = 0;
    }
}

FP_FN size_t fake_collect(char *p, size_t size, size_t n, void *ud)
{
    (void)pl_buf_append(ud, p, size * n);
    return size * n;
}

/* A blocking request to the fake's control endpoints (tests only). */
FP_FN char *fake_http(const fake_t *f, const char *method, const char *path)
{
    char url[256];
    snprintf(url, sizeof(url), "%s%s", f->base, path);
    pl_buf_t b = PL_BUF_INIT(0);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fake_collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_perform(c);
    curl_easy_cleanup(c);
    if (b.data == NULL)
        (void)pl_buf_append(&b, "", 0);
    return b.data;
}

/* The request log as a yajl array (free with yajl_tree_free). */
FP_FN yajl_val fake_log(const fake_t *f)
{
    char *s = fake_http(f, "GET", "/control/log");
    yajl_val v = yajl_tree_parse(s, NULL, 0);
    pl_free(s);
    return v;
}

FP_FN void fake_reset(const fake_t *f)
{
    pl_free(fake_http(f, "POST", "/control/reset"));
}

/* Field helpers on a log record. */
FP_FN yajl_val jget(yajl_val v, const char *a, const char *b, const char *c)
{
    const char *path[4] = {a, b, c, NULL};
    return yajl_tree_get(v, path, yajl_t_any);
}

FP_FN const char *jstr(yajl_val v, const char *a, const char *b, const char *c)
{
    yajl_val x = jget(v, a, b, c);
    return YAJL_IS_STRING(x) ? YAJL_GET_STRING(x) : NULL;
}

FP_FN long long jint(yajl_val v, const char *a, const char *b, const char *c)
{
    yajl_val x = jget(v, a, b, c);
    return YAJL_IS_INTEGER(x) ? YAJL_GET_INTEGER(x) : -1;
}

FP_FN int jtrue(yajl_val v, const char *a)
{
    return YAJL_IS_TRUE(jget(v, a, NULL, NULL));
}

FP_FN size_t jlen(yajl_val arr)
{
    return YAJL_IS_ARRAY(arr) ? arr->u.array.len : 0;
}

FP_FN yajl_val jat(yajl_val arr, size_t i)
{
    return i < jlen(arr) ? arr->u.array.values[i] : NULL;
}

FP_FN double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ a sink */

typedef struct rec {
    struct event_base *base;
    pl_brain_t *brain;
    pl_brain_turn_t *turn;
    pl_buf_t text;
    int chunks;
    int done, error, err_code;
    int after_end;       /* callbacks after the end or after a cancel: must stay 0 */
    int bad_utf8;        /* chunks that were not valid UTF-8 */
    int in_start;        /* set while start() runs: a callback then is a bug */
    int during_start;
    int cancel_after;    /* cancel from inside on_chunk after this many chunks */
    int cancelled;
    char err_msg[512];
    double t0, t_first, t_last, t_end; /* start, first and last chunk, the end */
    char title[256];     /* result->title of on_done, "" for none */
    char *citations;     /* result->citations_json of on_done (owned), or NULL */
    char mode[32];       /* result->mode, "" for none */
} rec_t;

int llm_utf8_valid(const char *s, size_t n);

FP_FN void rec_chunk(void *ud, const char *text, size_t len)
{
    rec_t *r = ud;
    if (r->in_start)
        r->during_start++;
    if (r->done || r->error || r->cancelled)
        r->after_end++;
    if (!llm_utf8_valid(text, len))
        r->bad_utf8++;
    if (r->chunks == 0)
        r->t_first = now_s();
    r->t_last = now_s();
    r->chunks++;
    (void)pl_buf_append(&r->text, text, len);
    if (r->cancel_after > 0 && r->chunks == r->cancel_after) {
        pl_brain_cancel(r->brain, r->turn);
        r->cancelled = 1;
        r->t_end = now_s();
    }
}

FP_FN void rec_done(void *ud, const pl_brain_result_t *res)
{
    rec_t *r = ud;
    snprintf(r->title, sizeof(r->title), "%s", res->title != NULL ? res->title : "");
    snprintf(r->mode, sizeof(r->mode), "%s", res->mode != NULL ? res->mode : "");
    if (res->citations_json != NULL && r->citations == NULL)
        r->citations = pl_strdup(res->citations_json);
    if (r->in_start)
        r->during_start++;
    if (r->done || r->error || r->cancelled)
        r->after_end++;
    r->done = 1;
    r->t_end = now_s();
    event_base_loopbreak(r->base);
}

FP_FN void rec_error(void *ud, int code, const char *message)
{
    rec_t *r = ud;
    if (r->in_start)
        r->during_start++;
    if (r->done || r->error || r->cancelled)
        r->after_end++;
    r->error = 1;
    r->err_code = code;
    snprintf(r->err_msg, sizeof(r->err_msg), "%s", message ? message : "");
    r->t_end = now_s();
    event_base_loopbreak(r->base);
}

static const pl_brain_sink_t rec_sink __attribute__((unused)) = {rec_chunk, rec_done, rec_error};

FP_FN void run_guard(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    event_base_loopbreak(arg);
}

/* Runs the loop for up to `seconds` (or until a turn ends). */
FP_FN void run_for(struct event_base *base, double seconds)
{
    struct timeval tv = {(time_t)seconds, (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6)};
    struct event *guard = evtimer_new(base, run_guard, base);
    evtimer_add(guard, &tv);
    event_base_dispatch(base);
    event_free(guard);
}

#endif
