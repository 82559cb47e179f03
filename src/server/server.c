/*
 * server.c - the listener, the life of a connection, limits and shutdown.
 *
 * A connection is a bufferevent plus a small pl_conn_t. It starts in
 * PL_CONN_HTTP (http_conn.c parses requests), may upgrade to PL_CONN_WS
 * (ws_conn.c), and ends in PL_CONN_CLOSING (output flushing) then
 * PL_CONN_DEAD. A dead connection is never freed where it died: it joins
 * the reap list and a loop event frees it after the current callback, so
 * code iterating over connections (fan-out) may close any of them.
 *
 *   accept --> HTTP --upgrade--> WS --close frame--> CLOSING --flushed--> DEAD
 *                |                |                                      ^
 *                +--- error, EOF, timeout, output cap -------------------+
 *
 * Output: everything queued for a connection during a loop turn is written
 * by one writev(2) at the end of that turn. Queuing marks the connection
 * dirty; a flush event, activated behind the turn's I/O callbacks, writes
 * each dirty connection's output straight to its socket. Only when the
 * kernel does not take it all does the bufferevent's write event get
 * enabled (and disabled again once drained), so a connection that keeps up
 * costs no epoll_ctl(2) per message (Redis does the same before it sleeps).
 *
 * Timeouts use the bufferevent's read timeout, so an idle connection owns
 * no timer of its own: HTTP heads must arrive within handshake-timeout,
 * keep-alive connections idle out after keepalive-timeout, WebSockets are
 * pinged after ping-interval of silence and closed (1001) when the rest of
 * idle-timeout passes without a byte.
 *
 * Limits at accept: max-connections and max-connections-per-ip. A
 * connection past either is still read (up to PL_SERVER_REJECT_RESERVE of
 * them) so the client gets an answer it can read: 503 for HTTP, a 101 then
 * close 1013 for a WebSocket upgrade (a browser cannot see the status of a
 * failed handshake, but it sees a close code).
 */
#include "server_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/util.h>

static const char *MOD = "server";

double pl_server__elapsed(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

static struct timeval to_tv(double seconds)
{
    struct timeval tv;
    if (seconds < 0)
        seconds = 0;
    tv.tv_sec = (time_t)seconds;
    tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
    return tv;
}

/* ---------------------------------------------------------------------- */
/* Connection lifecycle                                                   */

static void conn_unlink(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    if (c->prev != NULL)
        c->prev->next = c->next;
    else if (s->conns == c)
        s->conns = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    c->prev = c->next = NULL;
}

static void dirty_unlink(pl_conn_t *c)
{
    pl_conn_t **pp = &c->srv->dirty_list;
    while (*pp != NULL && *pp != c)
        pp = &(*pp)->dirty_next;
    if (*pp == c)
        *pp = c->dirty_next;
    c->dirty = 0;
    c->dirty_next = NULL;
}

static void conn_free(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    if (c->dirty)
        dirty_unlink(c);
    if (c->state == PL_CONN_WS || c->ws != NULL)
        pl_ws_conn__notify_closed(c, c->close_code ? c->close_code : PL_WS_CLOSE_ABNORMAL);
    if (c->http != NULL)
        pl_http_conn__free(c);
    pl_ws_free(c->ws);
    if (c->bev != NULL)
        bufferevent_free(c->bev);
    if (c->counted_ip)
        pl_iptable_dec(&s->ips, &c->addr);
    s->n_conns--;
    s->metrics.connections_open--;
    pl_free(c);
}

static void reap_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_server_t *s = arg;
    while (s->reap_list != NULL) {
        pl_conn_t *c = s->reap_list;
        s->reap_list = c->reap_next;
        conn_free(c);
    }
    if (s->shutting_down && s->conns == NULL) {
        pl_log_info(MOD, "all connections closed; exiting");
        event_base_loopexit(s->base, NULL);
    }
}

/* Closes the socket now and frees the connection after the current callback. */
void pl_conn__close_now(pl_conn_t *c)
{
    if (c->state == PL_CONN_DEAD)
        return;
    c->state = PL_CONN_DEAD;
    if (c->bev != NULL) {
        /* Stop every callback now; the socket closes at reap time. */
        bufferevent_disable(c->bev, EV_READ | EV_WRITE);
        bufferevent_setcb(c->bev, NULL, NULL, NULL, NULL);
    }
    conn_unlink(c);
    c->reap_next = c->srv->reap_list;
    c->srv->reap_list = c;
    event_active(c->srv->reaper, EV_TIMEOUT, 0);
}

/*
 * The output cap: a client that does not read must not grow the server. A
 * connection whose unwritten output is already past the cap when more is to
 * be queued is dropped (counted as a 1008 close: the close frame itself
 * could not be delivered behind the unread output). Checking before queuing
 * lets one message larger than the cap go out to a reading client, and
 * bounds a slow reader's cost at the cap plus one message.
 */
int pl_conn__check_output(pl_conn_t *c)
{
    if (c->state == PL_CONN_DEAD || c->bev == NULL)
        return PL_ERR_CLOSED;
    size_t pending = evbuffer_get_length(bufferevent_get_output(c->bev));
    if (pending <= c->srv->cfg->output_cap)
        return 0;
    pl_server_t *s = c->srv;
    s->metrics.limit_hits[PL_LIMIT_OUTPUT_CAP]++;
    pl_log_warn(MOD, "closing %s: %zu bytes of output pending past the cap of %zu (slow reader)",
                pl_conn_peer(c), pending, s->cfg->output_cap);
    if (c->state == PL_CONN_WS || c->ws != NULL) {
        c->close_code = PL_WS_CLOSE_POLICY;
        pl_metrics_count_close(&s->metrics, PL_WS_CLOSE_POLICY);
    }
    pl_conn__close_now(c);
    return PL_ERR_LIMIT;
}

int pl_conn__queue(pl_conn_t *c, const void *data, size_t len)
{
    int rv = pl_conn__check_output(c);
    if (rv != 0)
        return rv;
    if (evbuffer_add(bufferevent_get_output(c->bev), data, len) != 0)
        return PL_ERR_NOMEM;
    c->srv->metrics.bytes_out += len;
    pl_conn__mark_dirty(c);
    return 0;
}

void pl_conn__mark_dirty(pl_conn_t *c)
{
    if (c->dirty || c->state == PL_CONN_DEAD)
        return;
    pl_server_t *s = c->srv;
    c->dirty = 1;
    c->dirty_next = s->dirty_list;
    if (s->dirty_list == NULL)
        event_active(s->flusher, EV_TIMEOUT, 0);
    s->dirty_list = c;
}

/* What to do once a connection's output is empty. */
static void output_drained(pl_conn_t *c)
{
    if (c->state == PL_CONN_CLOSING && c->discard_input) {
        /* Our Close is out: send FIN, keep draining until the peer closes
         * (or the close wait ends), so unread input never resets the
         * connection before the peer has read the Close. */
        shutdown(bufferevent_getfd(c->bev), SHUT_WR);
        return;
    }
    if (c->state == PL_CONN_CLOSING && (c->ws == NULL || c->close_received))
        pl_conn__close_now(c);
}

static void flush_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_server_t *s = arg;
    pl_conn_t *list = s->dirty_list;
    s->dirty_list = NULL;
    while (list != NULL) {
        pl_conn_t *c = list;
        list = c->dirty_next;
        c->dirty = 0;
        c->dirty_next = NULL;
        if (c->state == PL_CONN_DEAD)
            continue;
        struct evbuffer *out = bufferevent_get_output(c->bev);
        if (bufferevent_get_enabled(c->bev) & EV_WRITE)
            continue; /* already waiting for writability: the bufferevent writes */
        while (evbuffer_get_length(out) > 0) {
            /* A socket bufferevent keeps its output's start frozen except
             * inside its own write callback: thaw it for this write. */
            evbuffer_unfreeze(out, 1);
            errno = 0;
            int n = evbuffer_write(out, bufferevent_getfd(c->bev));
            int err = errno;
            evbuffer_freeze(out, 1);
            if (n > 0)
                continue;
            if (n == 0 || !(err == EPIPE || err == ECONNRESET || err == ENOTCONN ||
                            err == ETIMEDOUT || err == EHOSTUNREACH || err == ENETUNREACH)) {
                /* The kernel is full (or a passing error): the bufferevent finishes. */
                bufferevent_enable(c->bev, EV_WRITE);
                break;
            }
            /* EPIPE, ECONNRESET...: the peer is gone. */
            if (c->state == PL_CONN_WS && c->close_code == 0) {
                c->close_code = PL_WS_CLOSE_ABNORMAL;
                pl_metrics_count_close(&s->metrics, PL_WS_CLOSE_ABNORMAL);
            }
            pl_conn__close_now(c);
            break;
        }
        if (c->state != PL_CONN_DEAD && evbuffer_get_length(out) == 0)
            output_drained(c);
    }
}

size_t pl_server_flush(pl_server_t *s)
{
    if (s == NULL || s->dirty_list == NULL)
        return 0;
    size_t n = 0;
    for (const pl_conn_t *c = s->dirty_list; c != NULL; c = c->dirty_next)
        n++;
    flush_cb(-1, 0, s);
    return n;
}

static void read_cb(struct bufferevent *bev, void *arg)
{
    (void)bev;
    pl_conn_t *c = arg;
    size_t n = evbuffer_get_length(bufferevent_get_input(c->bev));
    c->srv->metrics.bytes_in += n;
    switch (c->state) {
    case PL_CONN_HTTP:
        pl_http_conn__read(c);
        break;
    case PL_CONN_WS:
    case PL_CONN_CLOSING:
        if (c->ws != NULL && !c->discard_input)
            pl_ws_conn__read(c);
        else
            evbuffer_drain(bufferevent_get_input(c->bev), n);
        break;
    default:
        break;
    }
}

static void write_cb(struct bufferevent *bev, void *arg)
{
    pl_conn_t *c = arg;
    /* The bufferevent drained what the flush could not write: back to
     * direct writes. A closing WebSocket waits for the peer's Close frame
     * (bounded by the close-wait read timeout); anything else closes now. */
    if (evbuffer_get_length(bufferevent_get_output(bev)) == 0) {
        bufferevent_disable(bev, EV_WRITE);
        output_drained(c);
    }
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    pl_conn_t *c = arg;
    if (what & BEV_EVENT_TIMEOUT) {
        if (c->state == PL_CONN_HTTP) {
            pl_http_conn__timeout(c);
            return;
        }
        if (c->state == PL_CONN_WS) {
            pl_ws_conn__timeout(c);
            return;
        }
        pl_conn__close_now(c);
        return;
    }
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        if (c->state == PL_CONN_WS && !c->close_received && c->close_code == 0) {
            c->close_code = PL_WS_CLOSE_ABNORMAL;
            pl_metrics_count_close(&c->srv->metrics, PL_WS_CLOSE_ABNORMAL);
        }
        pl_conn__close_now(c);
    }
}

static void addr_from_sockaddr(pl_ipaddr_t *a, const struct sockaddr *sa)
{
    memset(a, 0, sizeof(*a));
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        a->bytes[10] = 0xff;
        a->bytes[11] = 0xff;
        memcpy(a->bytes + 12, &in->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        memcpy(a->bytes, &in6->sin6_addr, 16);
    }
}

const char *pl_conn_peer(const pl_conn_t *c)
{
    static char buf[INET6_ADDRSTRLEN];
    static const uint8_t v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(c->addr.bytes, v4prefix, 12) == 0)
        inet_ntop(AF_INET, c->addr.bytes + 12, buf, sizeof(buf));
    else
        inet_ntop(AF_INET6, c->addr.bytes, buf, sizeof(buf));
    return buf;
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
                      int socklen, void *arg)
{
    (void)l;
    (void)socklen;
    pl_server_t *s = arg;
    pl_ipaddr_t addr;
    addr_from_sockaddr(&addr, sa);

    int over = 0;
    if (s->n_conns >= s->max_conns) {
        s->metrics.limit_hits[PL_LIMIT_MAX_CONNECTIONS]++;
        over = 1;
    } else if (s->cfg->max_connections_per_ip > 0 &&
               pl_iptable_get(&s->ips, &addr) >= (uint32_t)s->cfg->max_connections_per_ip) {
        s->metrics.limit_hits[PL_LIMIT_PER_IP]++;
        over = 1;
    }
    if (over && s->n_conns >= s->max_conns + PL_SERVER_REJECT_RESERVE) {
        /* Past even the reserve: no answer is possible, just close. */
        evutil_closesocket(fd);
        return;
    }

    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct bufferevent *bev =
        bufferevent_socket_new(s->base, fd, BEV_OPT_CLOSE_ON_FREE);
    if (bev == NULL) {
        evutil_closesocket(fd);
        return;
    }
    pl_conn_t *c = pl_calloc(1, sizeof(*c));
    c->srv = s;
    c->bev = bev;
    c->addr = addr;
    c->state = PL_CONN_HTTP;
    c->over_limit = (uint8_t)over;
    if (!over) {
        pl_iptable_inc(&s->ips, &addr);
        c->counted_ip = 1;
    }
    c->next = s->conns;
    if (s->conns != NULL)
        s->conns->prev = c;
    s->conns = c;
    s->n_conns++;
    s->metrics.connections_open++;
    s->metrics.connections_total++;

    bufferevent_setcb(bev, read_cb, write_cb, event_cb, c);
    bufferevent_set_timeouts(bev, &s->tv_handshake, NULL);
    /* Writing stays disabled: the flush writes (see the top of this file). */
    bufferevent_disable(bev, EV_WRITE);
    bufferevent_enable(bev, EV_READ);
}

static void accept_error_cb(struct evconnlistener *l, void *arg)
{
    (void)l;
    (void)arg;
    int err = EVUTIL_SOCKET_ERROR();
    /* EMFILE and friends: the listener retries on the next readiness. */
    pl_log_warn(MOD, "accept failed: %s", evutil_socket_error_to_string(err));
}

/* ---------------------------------------------------------------------- */
/* Public connection API                                                  */

void pl_conn_set_data(pl_conn_t *c, void *data) { c->data = data; }
void *pl_conn_data(const pl_conn_t *c) { return c->data; }
pl_server_t *pl_conn_server(const pl_conn_t *c) { return c->srv; }

size_t pl_conn_pending_output(const pl_conn_t *c)
{
    if (c->bev == NULL || c->state == PL_CONN_DEAD)
        return 0;
    return evbuffer_get_length(bufferevent_get_output(c->bev));
}

/* ---------------------------------------------------------------------- */
/* Server                                                                 */

static char **split_list(const char *text, size_t *n)
{
    char **out = NULL;
    *n = 0;
    const char *p = text;
    while (*p != '\0') {
        while (*p == ' ' || *p == ',')
            p++;
        const char *start = p;
        while (*p != '\0' && *p != ',')
            p++;
        const char *end = p;
        while (end > start && end[-1] == ' ')
            end--;
        if (end > start) {
            out = pl_realloc(out, (*n + 1) * sizeof(*out));
            out[(*n)++] = pl_strndup(start, (size_t)(end - start));
        }
    }
    return out;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pl_free(list[i]);
    pl_free(list);
}

struct event_base *pl_server_base_new(void)
{
    struct event_config *ec = event_config_new();
    if (ec == NULL)
        return NULL;
    event_config_set_flag(ec, EVENT_BASE_FLAG_PRECISE_TIMER);
    struct event_base *base = event_base_new_with_config(ec);
    event_config_free(ec);
    return base;
}

pl_server_t *pl_server_new(struct event_base *base, const pl_config_t *cfg)
{
    pl_server_t *s = pl_calloc(1, sizeof(*s));
    s->cfg = cfg;
    s->base = base;
    s->port = cfg->port;
    clock_gettime(CLOCK_MONOTONIC, &s->started);
    pl_iptable_init(&s->ips);
    s->router = pl_http_router_new();
    s->ws_router = pl_http_router_new();
    s->reaper = event_new(base, -1, 0, reap_cb, s);
    s->flusher = event_new(base, -1, 0, flush_cb, s);

    /* Raise the open-file limit to its hard maximum and size the cap by it. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        if (rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max;
            (void)setrlimit(RLIMIT_NOFILE, &rl);
            (void)getrlimit(RLIMIT_NOFILE, &rl);
        }
    } else {
        rl.rlim_cur = 1024;
    }
    size_t fd_room = rl.rlim_cur > 2 * PL_SERVER_REJECT_RESERVE + 32
                         ? (size_t)rl.rlim_cur - PL_SERVER_REJECT_RESERVE - 32
                         : 16;
    s->max_conns = cfg->max_connections > 0 ? (size_t)cfg->max_connections : fd_room;
    if (s->max_conns > fd_room) {
        pl_log_warn(MOD, "max-connections %zu is above what the open-file limit allows; using %zu",
                    s->max_conns, fd_room);
        s->max_conns = fd_room;
    }

    pl_http_limits_default(&s->limits);
    s->limits.max_header_bytes = cfg->max_header_bytes;
    s->limits.max_headers = (size_t)cfg->max_headers;
    s->limits.max_body = cfg->max_body_bytes;
    if (s->limits.max_request_line > cfg->max_header_bytes)
        s->limits.max_request_line = cfg->max_header_bytes;

    pl_ws_config_init(&s->ws_cfg, PL_WS_ROLE_SERVER);
    s->ws_cfg.max_message_size = cfg->max_message_size;
    s->ws_cfg.max_frames_per_message = (uint32_t)cfg->max_frames_per_message;
    pl_ws_deflate_policy_init(&s->deflate_policy);
    s->deflate_policy.enabled = (uint8_t)(cfg->ws_compression != 0);

    s->cors_list = split_list(cfg->cors_origins, &s->n_cors);
    s->cors.origins = (const char *const *)s->cors_list;
    s->cors.norigins = s->n_cors;
    s->cors.methods = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    s->cors.headers = "Content-Type, Authorization";
    s->cors.max_age = 600;
    s->ws_origins = split_list(cfg->ws_origins, &s->n_ws_origins);
    for (size_t i = 0; i < s->n_ws_origins; i++) {
        if (strcmp(s->ws_origins[i], "*") == 0)
            s->ws_origins_any = 1;
        if (strcmp(s->ws_origins[i], "localhost") == 0)
            s->ws_origins_localhost = 1;
    }

    s->tv_handshake = to_tv(cfg->handshake_timeout);
    s->tv_keepalive = to_tv(cfg->keepalive_timeout);
    s->tv_ping = to_tv(cfg->ping_interval);
    s->tv_idle_rest = to_tv(cfg->idle_timeout > cfg->ping_interval
                                ? cfg->idle_timeout - cfg->ping_interval
                                : 0.01);
    s->tv_close_wait = to_tv(PL_SERVER_CLOSE_WAIT);
    s->scratch.max = 0;

    if (pl_http_conn__register_builtin(s) != 0) {
        pl_server_free(s);
        return NULL;
    }
    return s;
}

int pl_server_listen(pl_server_t *s)
{
    struct sockaddr_storage ss;
    int sslen = sizeof(ss);
    char spec[128];
    if (strchr(s->cfg->bind, ':') != NULL)
        snprintf(spec, sizeof(spec), "[%s]:%d", s->cfg->bind, s->cfg->port);
    else
        snprintf(spec, sizeof(spec), "%s:%d", s->cfg->bind, s->cfg->port);
    memset(&ss, 0, sizeof(ss));
    if (evutil_parse_sockaddr_port(spec, (struct sockaddr *)&ss, &sslen) != 0) {
        pl_log_error(MOD, "cannot parse bind address '%s'", s->cfg->bind);
        return PL_ERR_INVALID_ARGUMENT;
    }
    s->listener = evconnlistener_new_bind(
        s->base, accept_cb, s, LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC,
        4096, (struct sockaddr *)&ss, sslen);
    if (s->listener == NULL) {
        pl_log_error(MOD, "cannot listen on %s: %s", spec, strerror(errno));
        return PL_ERR_IO;
    }
    evconnlistener_set_error_cb(s->listener, accept_error_cb);
    struct sockaddr_storage bound;
    socklen_t blen = sizeof(bound);
    if (getsockname(evconnlistener_get_fd(s->listener), (struct sockaddr *)&bound, &blen) == 0) {
        if (bound.ss_family == AF_INET)
            s->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
        else if (bound.ss_family == AF_INET6)
            s->port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
    }
    pl_log_info(MOD, "listening on %s:%d (max %zu connections)", s->cfg->bind, s->port,
                s->max_conns);
    return 0;
}

int pl_server_port(const pl_server_t *s) { return s->port; }
struct event_base *pl_server_base(const pl_server_t *s) { return s->base; }
pl_metrics_t *pl_server_metrics(pl_server_t *s) { return &s->metrics; }

void pl_server_set_conversation_counter(pl_server_t *s, pl_server_count_fn fn, void *ud)
{
    s->conv_count = fn;
    s->conv_count_ud = ud;
}

void pl_server_add_metrics(pl_server_t *s, pl_server_metrics_fn fn, void *ud)
{
    if (s->n_extra_metrics < PL_SERVER_MAX_EXTRA_METRICS) {
        s->extra_metrics[s->n_extra_metrics].fn = fn;
        s->extra_metrics[s->n_extra_metrics].ud = ud;
        s->n_extra_metrics++;
    }
}

static void shutdown_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_server_t *s = arg;
    pl_log_warn(MOD, "shutdown timeout: dropping %zu connections", s->n_conns);
    while (s->conns != NULL)
        pl_conn__close_now(s->conns);
    event_base_loopexit(s->base, NULL);
}

void pl_server_shutdown(pl_server_t *s)
{
    if (s->shutting_down)
        return;
    s->shutting_down = 1;
    pl_log_info(MOD, "shutting down: closing %zu connections", s->n_conns);
    if (s->listener != NULL)
        evconnlistener_disable(s->listener);
    pl_conn_t *next;
    for (pl_conn_t *c = s->conns; c != NULL; c = next) {
        next = c->next;
        if (c->state == PL_CONN_WS) {
            pl_conn_close(c, PL_WS_CLOSE_GOING_AWAY, "server shutting down");
        } else if (c->state == PL_CONN_HTTP && (c->http == NULL || c->http->pending == NULL)) {
            /* Idle or mid-head: nothing was promised to this client. */
            if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
                pl_conn__close_now(c);
            else
                c->state = PL_CONN_CLOSING;
        }
    }
    struct timeval tv = to_tv(s->cfg->shutdown_timeout);
    s->shutdown_timer = evtimer_new(s->base, shutdown_timer_cb, s);
    evtimer_add(s->shutdown_timer, &tv);
    event_active(s->reaper, EV_TIMEOUT, 0);
}

static void signal_cb(evutil_socket_t sig, short what, void *arg)
{
    (void)what;
    pl_server_t *s = arg;
    if (s->shutting_down) {
        pl_log_warn(MOD, "second signal %d: exiting now", (int)sig);
        event_base_loopexit(s->base, NULL);
        return;
    }
    pl_log_info(MOD, "signal %d received", (int)sig);
    pl_server_shutdown(s);
}

int pl_server_handle_signals(pl_server_t *s)
{
    signal(SIGPIPE, SIG_IGN);
    s->sig_term = evsignal_new(s->base, SIGTERM, signal_cb, s);
    s->sig_int = evsignal_new(s->base, SIGINT, signal_cb, s);
    if (s->sig_term == NULL || s->sig_int == NULL || evsignal_add(s->sig_term, NULL) != 0 ||
        evsignal_add(s->sig_int, NULL) != 0)
        return PL_ERR_IO;
    return 0;
}

void pl_server_free(pl_server_t *s)
{
    if (s == NULL)
        return;
    while (s->conns != NULL)
        pl_conn__close_now(s->conns);
    while (s->reap_list != NULL) {
        pl_conn_t *c = s->reap_list;
        s->reap_list = c->reap_next;
        conn_free(c);
    }
    if (s->listener != NULL)
        evconnlistener_free(s->listener);
    if (s->sig_term != NULL)
        event_free(s->sig_term);
    if (s->sig_int != NULL)
        event_free(s->sig_int);
    if (s->shutdown_timer != NULL)
        event_free(s->shutdown_timer);
    if (s->reaper != NULL)
        event_free(s->reaper);
    if (s->flusher != NULL)
        event_free(s->flusher);
    pl_http_router_free(s->router);
    pl_http_router_free(s->ws_router);
    while (s->routes != NULL) {
        pl_route_t *r = s->routes;
        s->routes = r->next;
        pl_free(r);
    }
    free_list(s->cors_list, s->n_cors);
    free_list(s->ws_origins, s->n_ws_origins);
    pl_iptable_free(&s->ips);
    pl_buf_free(&s->scratch);
    pl_free(s);
}
