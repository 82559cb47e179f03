/*
 * httpc.c - outgoing HTTP requests: libcurl's multi-socket interface on a
 * libevent loop.
 *
 * curl asks, through sock_cb (CURLMOPT_SOCKETFUNCTION), for each of its
 * sockets to be watched for reading and/or writing: every socket gets one
 * persistent event, re-armed when curl changes its mind and freed on
 * CURL_POLL_REMOVE. Through timer_cb (CURLMOPT_TIMERFUNCTION) it asks to be
 * woken after a delay: one evtimer. Both events call
 * curl_multi_socket_action() and then after_curl(), which reads finished
 * transfers (curl_multi_info_read) and reports them. A socket's watcher
 * (sockinfo_t and its event) goes back to a small free list when curl
 * lets go of the socket, so a stream on a kept-alive connection allocates
 * nothing for its socket.
 *
 * libcurl forbids adding or removing handles from inside its callbacks
 * (write, pre-request, socket, timer), and user callbacks run inside the
 * write callback. So h->depth counts nested curl calls; while it is
 * non-zero, a new request is only configured and a cancelled one only
 * marked (its write callback refuses more bytes), and either joins the
 * pending list; after_curl then adds, or removes and frees, what that list
 * holds. At depth 0 both happen at once. So the work after a socket event
 * is the pending list (empty but for such calls) plus curl's messages:
 * never a walk over every open request. A request reaching on_done is
 * marked in_done so that a cancel from inside its own callbacks there
 * cannot free it under our feet.
 *
 * Timeouts: connect and total are curl's (CURLOPT_CONNECTTIMEOUT_MS,
 * CURLOPT_TIMEOUT_MS); first byte and idle share one evtimer per request,
 * armed at the start with the first-byte delay and, at the first piece of
 * body, with the idle delay. Later pieces only note their time (no timer
 * operation per piece): when the timer fires before the idle delay has
 * passed since the last piece, it is re-armed for the rest. When a
 * deadline has passed the transfer is removed (closing its connection) and
 * reported as PL_ERR_TIMEOUT.
 */
#include "parley/httpc.h"
#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <curl/curl.h>
#include <event2/event.h>

#include <math.h>
#include <string.h>
#include <time.h>

#define MOD "httpc"

/* Socket watchers kept for reuse at most (beyond: freed). */
#define HTTPC_SOCK_CACHE 256

typedef struct sockinfo {
    struct event *ev;
    struct sockinfo *next_free;
} sockinfo_t;

struct pl_httpc {
    struct event_base *base;
    CURLM *multi;
    struct event *timer;     /* curl's wake-up */
    int depth;               /* > 0 while inside a curl call */
    pl_httpc_req_t *reqs;    /* every request not yet freed */
    pl_httpc_req_t *pending; /* to add or to free once curl returns (after_curl) */
    sockinfo_t *free_si;     /* socket watchers to reuse */
    size_t n_free_si;
    size_t active;
    void (*after_io)(void *ud, double started); /* pl_httpc_set_after_io */
    void *after_io_ud;
};

struct pl_httpc_req {
    pl_httpc_t *h;
    CURL *easy;
    struct curl_slist *headers;
    pl_httpc_callbacks_t cb;
    void *ud;
    struct event *deadline;  /* first byte, then idle */
    struct timeval first_byte, idle;
    int has_first_byte, has_idle;
    double idle_s;           /* the idle delay in seconds */
    double last_body;        /* monotonic seconds of the last piece of body */
    int added;               /* curl knows it */
    int head_done;           /* on_head was called */
    int connected;           /* curl's pre-request callback ran */
    int stopped;             /* a callback asked to stop */
    int cancelled;
    int in_done;             /* being finished: only finish() frees it */
    size_t body_bytes;
    char errbuf[CURL_ERROR_SIZE];
    pl_httpc_req_t *prev, *next;   /* h->reqs */
    int queued;                    /* on h->pending */
    pl_httpc_req_t *pprev, *pnext; /* h->pending */
};

static int g_curl_users;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct timeval tv_of(double s)
{
    struct timeval tv;
    tv.tv_sec = (time_t)s;
    tv.tv_usec = (suseconds_t)((s - (double)tv.tv_sec) * 1e6);
    return tv;
}

const char *pl_httpc_timeout_name(pl_httpc_timeout_kind_t k)
{
    switch (k) {
    case PL_HTTPC_TIMEOUT_CONNECT:
        return "connect";
    case PL_HTTPC_TIMEOUT_FIRST_BYTE:
        return "first byte";
    case PL_HTTPC_TIMEOUT_IDLE:
        return "idle";
    case PL_HTTPC_TIMEOUT_TOTAL:
        return "total";
    case PL_HTTPC_TIMEOUT_NONE:
    default:
        return "none";
    }
}

/* ------------------------------------------------------------ requests */

static void req_unlink(pl_httpc_req_t *r)
{
    pl_httpc_t *h = r->h;
    if (r->prev != NULL)
        r->prev->next = r->next;
    else
        h->reqs = r->next;
    if (r->next != NULL)
        r->next->prev = r->prev;
    r->prev = r->next = NULL;
}

/* Puts the request on the pending list (after_curl adds or frees it). */
static void pending_push(pl_httpc_req_t *r)
{
    pl_httpc_t *h = r->h;
    if (r->queued)
        return;
    r->queued = 1;
    r->pprev = NULL;
    r->pnext = h->pending;
    if (h->pending != NULL)
        h->pending->pprev = r;
    h->pending = r;
}

static void pending_unlink(pl_httpc_req_t *r)
{
    pl_httpc_t *h = r->h;
    if (!r->queued)
        return;
    if (r->pprev != NULL)
        r->pprev->pnext = r->pnext;
    else
        h->pending = r->pnext;
    if (r->pnext != NULL)
        r->pnext->pprev = r->pprev;
    r->pprev = r->pnext = NULL;
    r->queued = 0;
}

/* Takes the transfer out of curl (closing an unfinished connection). */
static void req_remove(pl_httpc_req_t *r)
{
    if (!r->added)
        return;
    r->h->depth++;
    curl_multi_remove_handle(r->h->multi, r->easy);
    r->h->depth--;
    r->added = 0;
}

static void req_free(pl_httpc_req_t *r)
{
    req_remove(r);
    req_unlink(r);
    pending_unlink(r);
    if (r->h->active > 0)
        r->h->active--;
    if (r->deadline != NULL)
        event_free(r->deadline);
    curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->headers);
    pl_free(r);
}

/* Arms the first-byte deadline (first) or, at the first piece of body, the idle one. */
static void arm_deadline(pl_httpc_req_t *r, int first)
{
    if (r->deadline == NULL)
        return;
    if (first ? r->has_first_byte : r->has_idle) {
        evtimer_add(r->deadline, first ? &r->first_byte : &r->idle);
    } else {
        evtimer_del(r->deadline);
    }
}

static double retry_after_of(CURL *easy)
{
    curl_off_t ra = 0;
    if (curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
        return (double)ra;
    return -1;
}

/* Calls on_head once; returns non-zero when the request must stop. */
static int deliver_head(pl_httpc_req_t *r)
{
    if (r->head_done)
        return 0;
    r->head_done = 1;
    if (r->cb.on_head == NULL)
        return 0;
    long status = 0;
    char *ct = NULL;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct);
    return r->cb.on_head(r->ud, status, ct, retry_after_of(r->easy));
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
    pl_httpc_req_t *r = ud;
    size_t n = size * nmemb;
    if (r->cancelled || r->stopped)
        return 0; /* anything but n aborts the transfer */
    if (deliver_head(r) != 0) {
        r->stopped = 1;
        return 0;
    }
    if (r->cancelled)
        return 0;
    if (r->deadline != NULL) {
        if (r->body_bytes == 0 && n > 0)
            arm_deadline(r, 0); /* first piece: from first byte to idle */
        if (r->has_idle)
            r->last_body = mono_now(); /* deadline_cb re-arms from it */
    }
    r->body_bytes += n;
    if (n > 0 && r->cb.on_body != NULL && r->cb.on_body(r->ud, ptr, n) != 0) {
        r->stopped = 1;
        return 0;
    }
    return r->cancelled ? 0 : n;
}

static int prereq_cb(void *ud, char *conn_primary_ip, char *conn_local_ip, int conn_primary_port,
                     int conn_local_port)
{
    (void)conn_primary_ip;
    (void)conn_local_ip;
    (void)conn_primary_port;
    (void)conn_local_port;
    pl_httpc_req_t *r = ud;
    r->connected = 1;
    return CURL_PREREQFUNC_OK;
}

static void classify(pl_httpc_req_t *r, CURLcode code, pl_httpc_result_t *res)
{
    res->curl_code = (int)code;
    switch (code) {
    case CURLE_OK:
        res->err = 0;
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
        res->err = PL_ERR_IO;
        break;
    case CURLE_OPERATION_TIMEDOUT:
        res->err = PL_ERR_TIMEOUT;
        res->timeout = r->connected ? PL_HTTPC_TIMEOUT_TOTAL : PL_HTTPC_TIMEOUT_CONNECT;
        break;
    case CURLE_WRITE_ERROR:
        res->err = r->stopped ? PL_ERR_CALLBACK_FAILURE : PL_ERR_PROTOCOL;
        break;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        res->err = PL_ERR_CLOSED;
        break;
    default:
        res->err = PL_ERR_PROTOCOL;
        break;
    }
}

/*
 * Ends a request: out of curl, on_head if a head came and nobody saw it,
 * on_done, freed. timeout != NONE: our own deadline ended it.
 */
static void finish(pl_httpc_req_t *r, CURLcode code, pl_httpc_timeout_kind_t timeout)
{
    r->in_done = 1;
    req_remove(r);
    if (r->deadline != NULL)
        evtimer_del(r->deadline);
    pl_httpc_result_t res;
    memset(&res, 0, sizeof(res));
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &res.status);
    if (timeout != PL_HTTPC_TIMEOUT_NONE) {
        res.err = PL_ERR_TIMEOUT;
        res.timeout = timeout;
        res.curl_code = CURLE_OPERATION_TIMEDOUT;
    } else {
        classify(r, code, &res);
    }
    if (res.err == 0 && res.status > 0 && !r->head_done) {
        if (deliver_head(r) != 0 && !r->cancelled) {
            res.err = PL_ERR_CALLBACK_FAILURE;
            r->stopped = 1;
        }
    }
    if (r->cancelled) {
        req_free(r);
        return;
    }
    char msg[CURL_ERROR_SIZE + 64];
    if (timeout != PL_HTTPC_TIMEOUT_NONE)
        snprintf(msg, sizeof(msg), "%s timeout", pl_httpc_timeout_name(timeout));
    else if (res.err == 0)
        msg[0] = '\0';
    else if (r->errbuf[0] != '\0')
        snprintf(msg, sizeof(msg), "%s", r->errbuf);
    else
        snprintf(msg, sizeof(msg), "%s", curl_easy_strerror(code));
    res.message = msg;
    res.connected = r->connected;
    res.retry_after = retry_after_of(r->easy);
    res.body_bytes = r->body_bytes;
    r->cb.on_done(r->ud, &res);
    req_free(r);
}

static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_httpc_req_t *r = arg;
    if (r->cancelled || r->in_done)
        return;
    if (r->body_bytes > 0) {
        /* The idle deadline counts from the last piece: not passed yet, wait for the rest. */
        double left = r->last_body + r->idle_s - mono_now();
        if (left > 0) {
            struct timeval tv = tv_of(left);
            if (tv.tv_sec == 0 && tv.tv_usec == 0)
                tv.tv_usec = 1;
            evtimer_add(r->deadline, &tv);
            return;
        }
    }
    finish(r, CURLE_OPERATION_TIMEDOUT,
           r->body_bytes > 0 ? PL_HTTPC_TIMEOUT_IDLE : PL_HTTPC_TIMEOUT_FIRST_BYTE);
}

/* ------------------------------------------------------------ the loop */

static void after_curl(pl_httpc_t *h);

static void event_cb(evutil_socket_t fd, short what, void *arg)
{
    pl_httpc_t *h = arg;
    int action = ((what & EV_READ) ? CURL_CSELECT_IN : 0) | ((what & EV_WRITE) ? CURL_CSELECT_OUT : 0);
    int running = 0;
    double started = h->after_io != NULL ? mono_now() : 0;
    h->depth++;
    curl_multi_socket_action(h->multi, fd, action, &running);
    h->depth--;
    after_curl(h);
    if (h->after_io != NULL)
        h->after_io(h->after_io_ud, started);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_httpc_t *h = arg;
    int running = 0;
    h->depth++;
    curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    h->depth--;
    after_curl(h);
}

static int sock_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    pl_httpc_t *h = userp;
    sockinfo_t *si = socketp;
    if (what == CURL_POLL_REMOVE) {
        if (si != NULL) {
            curl_multi_assign(h->multi, s, NULL);
            if (h->n_free_si < HTTPC_SOCK_CACHE) {
                event_del(si->ev);
                si->next_free = h->free_si;
                h->free_si = si;
                h->n_free_si++;
            } else {
                event_free(si->ev);
                pl_free(si);
            }
        }
        return 0;
    }
    short kind = EV_PERSIST | ((what & CURL_POLL_IN) ? EV_READ : 0) | ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
    if (si == NULL) {
        if (h->free_si != NULL) {
            si = h->free_si;
            h->free_si = si->next_free;
            h->n_free_si--;
            si->next_free = NULL;
            event_assign(si->ev, h->base, s, kind, event_cb, h);
        } else {
            si = pl_calloc(1, sizeof(*si));
            si->ev = event_new(h->base, s, kind, event_cb, h);
            if (si->ev == NULL) {
                pl_free(si);
                return -1;
            }
        }
        curl_multi_assign(h->multi, s, si);
    } else {
        event_del(si->ev);
        event_assign(si->ev, h->base, s, kind, event_cb, h);
    }
    event_add(si->ev, NULL);
    return 0;
}

static int multi_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    pl_httpc_t *h = userp;
    if (timeout_ms < 0) {
        evtimer_del(h->timer);
    } else {
        struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
        evtimer_add(h->timer, &tv);
    }
    return 0;
}

/*
 * Work that had to wait until curl returned: adds of requests started from
 * a callback, removals of cancelled ones (both on the pending list), and
 * the reports of finished ones (whose callbacks may start and cancel more;
 * at depth 0 those happen at once). Costs nothing per open request.
 */
static void after_curl(pl_httpc_t *h)
{
    if (h->depth > 0)
        return;
    for (;;) {
        int progress = 0;
        pl_httpc_req_t *r;
        /* The head each time: finish() and req_free() may change the list. */
        while ((r = h->pending) != NULL) {
            pending_unlink(r);
            if (r->in_done)
                continue; /* finish() frees it */
            if (r->cancelled) {
                req_free(r);
                progress = 1;
            } else if (!r->added) {
                h->depth++;
                CURLMcode mc = curl_multi_add_handle(h->multi, r->easy);
                h->depth--;
                if (mc == CURLM_OK) {
                    r->added = 1;
                } else {
                    pl_log_error(MOD, "curl_multi_add_handle: %s", curl_multi_strerror(mc));
                    snprintf(r->errbuf, sizeof(r->errbuf), "%s", curl_multi_strerror(mc));
                    finish(r, CURLE_FAILED_INIT, PL_HTTPC_TIMEOUT_NONE);
                }
                progress = 1;
            }
        }
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL *easy = msg->easy_handle;
            CURLcode code = msg->data.result;
            char *priv = NULL;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
            pl_httpc_req_t *req = (pl_httpc_req_t *)priv;
            if (req == NULL || req->in_done)
                continue;
            if (req->cancelled)
                req_free(req);
            else
                finish(req, code, PL_HTTPC_TIMEOUT_NONE);
            progress = 1;
        }
        if (!progress)
            return;
    }
}

/* ------------------------------------------------------------ the API */

pl_httpc_t *pl_httpc_new(struct event_base *base)
{
    if (base == NULL)
        return NULL;
    if (g_curl_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        pl_log_error(MOD, "curl_global_init failed");
        return NULL;
    }
    g_curl_users++;
    pl_httpc_t *h = pl_calloc(1, sizeof(*h));
    h->base = base;
    h->multi = curl_multi_init();
    h->timer = evtimer_new(base, timer_cb, h);
    if (h->multi == NULL || h->timer == NULL) {
        pl_httpc_free(h);
        return NULL;
    }
    curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
    curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
    curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, multi_timer_cb);
    curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
    static int warned;
    const curl_version_info_data *vi = curl_version_info(CURLVERSION_NOW);
    if (!(vi->features & CURL_VERSION_ASYNCHDNS) && !warned) {
        warned = 1;
        pl_log_warn(MOD, "libcurl %s resolves names synchronously: use IP addresses in URLs",
                    vi->version);
    }
    return h;
}

void pl_httpc_free(pl_httpc_t *h)
{
    if (h == NULL)
        return;
    while (h->reqs != NULL)
        req_free(h->reqs);
    if (h->multi != NULL)
        curl_multi_cleanup(h->multi); /* removes the sockets still watched (sock_cb) */
    while (h->free_si != NULL) {
        sockinfo_t *si = h->free_si;
        h->free_si = si->next_free;
        event_free(si->ev);
        pl_free(si);
    }
    if (h->timer != NULL)
        event_free(h->timer);
    pl_free(h);
    if (--g_curl_users == 0)
        curl_global_cleanup();
}

size_t pl_httpc_active(const pl_httpc_t *h)
{
    return h->active;
}

void pl_httpc_set_after_io(pl_httpc_t *h, void (*fn)(void *ud, double started), void *ud)
{
    if (h == NULL)
        return;
    h->after_io = fn;
    h->after_io_ud = fn != NULL ? ud : NULL;
}

int pl_httpc_set_max_connections(pl_httpc_t *h, size_t n)
{
    if (h == NULL || n > 0x7fffffff)
        return PL_ERR_INVALID_ARGUMENT;
    /* Past the cap curl queues transfers until a connection is free, and closes idle
     * kept-alive connections first; the cache of idle ones stays within the cap too. */
    if (curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)n) != CURLM_OK)
        return PL_ERR_INVALID_ARGUMENT;
    if (n > 0 && curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)n) != CURLM_OK)
        return PL_ERR_INVALID_ARGUMENT;
    return 0;
}

static long ms_of(double s)
{
    double ms = ceil(s * 1000.0);
    return ms > 2147483647.0 ? 2147483647L : (long)ms;
}

int pl_httpc_start(pl_httpc_t *h, const pl_httpc_request_t *req, const pl_httpc_callbacks_t *cb,
                   void *ud, pl_httpc_req_t **out)
{
    if (h == NULL || req == NULL || req->url == NULL || cb == NULL || cb->on_done == NULL ||
        out == NULL || req->connect_timeout < 0 || req->first_byte_timeout < 0 ||
        req->idle_timeout < 0 || req->total_timeout < 0 || !isfinite(req->connect_timeout) ||
        !isfinite(req->first_byte_timeout) || !isfinite(req->idle_timeout) ||
        !isfinite(req->total_timeout))
        return PL_ERR_INVALID_ARGUMENT;
    pl_httpc_req_t *r = pl_calloc(1, sizeof(*r));
    r->h = h;
    r->cb = *cb;
    r->ud = ud;
    r->easy = curl_easy_init();
    if (r->easy == NULL) {
        pl_free(r);
        return PL_ERR_NOMEM;
    }
    CURL *e = r->easy;
    int bad = 0;
    const char *method = req->method != NULL ? req->method : "POST";
    bad |= curl_easy_setopt(e, CURLOPT_URL, req->url) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, r) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, r) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, prereq_cb) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PREREQDATA, r) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, "parley/0.1") != CURLE_OK;
    if (strcmp(method, "POST") == 0 || req->body != NULL) {
        bad |= curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK;
        bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len) != CURLE_OK;
        bad |= curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body != NULL ? req->body : "") != CURLE_OK;
    }
    if (strcmp(method, "POST") != 0 && strcmp(method, "GET") != 0)
        bad |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method) != CURLE_OK;
    else if (strcmp(method, "GET") == 0 && req->body == NULL)
        bad |= curl_easy_setopt(e, CURLOPT_HTTPGET, 1L) != CURLE_OK;
    if (req->connect_timeout > 0)
        bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms_of(req->connect_timeout)) != CURLE_OK;
    if (req->total_timeout > 0)
        bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms_of(req->total_timeout)) != CURLE_OK;
    /* No "Expect: 100-continue" round trip before the body. */
    struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
    for (const char *const *p = req->headers; hl != NULL && p != NULL && *p != NULL; p++) {
        struct curl_slist *n = curl_slist_append(hl, *p);
        if (n == NULL) {
            curl_slist_free_all(hl);
            hl = NULL;
        } else {
            hl = n;
        }
    }
    r->headers = hl;
    bad |= hl == NULL;
    bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl) != CURLE_OK;
    if (bad) {
        curl_easy_cleanup(e);
        curl_slist_free_all(hl);
        pl_free(r);
        return PL_ERR_INVALID_ARGUMENT;
    }
    r->has_first_byte = req->first_byte_timeout > 0;
    r->has_idle = req->idle_timeout > 0;
    r->first_byte = tv_of(req->first_byte_timeout);
    r->idle = tv_of(req->idle_timeout);
    r->idle_s = req->idle_timeout;
    if (r->has_first_byte || r->has_idle) {
        r->deadline = evtimer_new(h->base, deadline_cb, r);
        if (r->deadline == NULL) {
            curl_easy_cleanup(e);
            curl_slist_free_all(hl);
            pl_free(r);
            return PL_ERR_NOMEM;
        }
    }
    /* Linked first: from here on the request belongs to the list. */
    r->next = h->reqs;
    if (h->reqs != NULL)
        h->reqs->prev = r;
    h->reqs = r;
    h->active++;
    arm_deadline(r, 1);
    if (h->depth == 0) {
        h->depth++;
        CURLMcode mc = curl_multi_add_handle(h->multi, e);
        h->depth--;
        if (mc != CURLM_OK) {
            pl_log_error(MOD, "curl_multi_add_handle: %s", curl_multi_strerror(mc));
            req_free(r);
            return PL_ERR_INVALID_ARGUMENT;
        }
        r->added = 1;
    } else {
        pending_push(r); /* after_curl() adds it once curl has returned */
    }
    *out = r;
    return 0;
}

void pl_httpc_cancel(pl_httpc_req_t *r)
{
    if (r == NULL || r->cancelled)
        return;
    r->cancelled = 1;
    if (r->deadline != NULL)
        evtimer_del(r->deadline);
    if (r->in_done)
        return; /* finish() frees it */
    if (r->h->depth > 0) {
        pending_push(r); /* after_curl() frees it */
        return;
    }
    req_free(r);
}
