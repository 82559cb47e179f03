/*
 * http_conn.c - HTTP/1.1 on a connection: reading requests with the Ragel
 * parser, routing, answering, keep-alive and pipelining, CORS, and the
 * WebSocket upgrade handshake. Also the built-in /health and /metrics.
 *
 * A request's head is parsed from the bufferevent's input (pulled up to at
 * most the head limits), copied into the pl_req_t so the handler may answer
 * later, and drained. Pipelined requests wait in the input buffer until the
 * request before them is answered (reading pauses meanwhile, so a client
 * cannot queue unbounded input behind a slow answer).
 */
#include "server_int.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#ifndef PARLEY_VERSION
#define PARLEY_VERSION "0.0.0"
#endif

static const char *MOD = "http";

/* ---------------------------------------------------------------------- */
/* Requests                                                               */

static void req_free(pl_req_t *req)
{
    if (req == NULL)
        return;
    pl_free(req->head);
    pl_free(req->path);
    pl_free(req->body);
    pl_free(req);
}

void pl_http_conn__free(pl_conn_t *c)
{
    pl_http_conn_t *h = c->http;
    if (h == NULL)
        return;
    if (h->pending != NULL)
        h->pending->conn = NULL; /* the handler still holds it; answering fails */
    req_free(h->building);
    pl_buf_free(&h->body);
    pl_free(h);
    c->http = NULL;
}

const char *pl_req_method(const pl_req_t *req) { return req->method_name; }
const char *pl_req_path(const pl_req_t *req) { return req->path; }
pl_server_t *pl_req_server(const pl_req_t *req) { return req->conn ? req->conn->srv : NULL; }
int pl_req_alive(const pl_req_t *req) { return req->conn != NULL && req->conn->state != PL_CONN_DEAD; }

const char *pl_req_param(const pl_req_t *req, const char *name)
{
    return pl_http_match_param(&req->match, name);
}

const char *pl_req_header(const pl_req_t *req, const char *name, size_t *len)
{
    const pl_http_header_t *h = pl_http_find_header(&req->hreq, req->head, name, NULL);
    if (h == NULL)
        return NULL;
    if (len != NULL)
        *len = h->value.len;
    return req->head + h->value.off;
}

int pl_req_query(const pl_req_t *req, const char *name, char *buf, size_t len)
{
    size_t out_len;
    if (!req->hreq.has_query)
        return -1;
    if (pl_http_query_get(req->head + req->hreq.query.off, req->hreq.query.len, name, buf, len,
                          &out_len) != 0)
        return -1;
    return (int)out_len;
}

const char *pl_req_body(const pl_req_t *req, size_t *len)
{
    if (len != NULL)
        *len = req->body_len;
    return req->body != NULL ? req->body : "";
}

/* ---------------------------------------------------------------------- */
/* Answers                                                                */

/* Writes a whole response and decides what happens to the connection. */
static int send_response(pl_conn_t *c, pl_http_response_t *r, int keep_alive)
{
    pl_server_t *s = c->srv;
    if (!keep_alive || c->over_limit || s->shutting_down)
        r->close = true;
    r->date = time(NULL);
    if (r->cors == NULL && s->n_cors > 0)
        r->cors = &s->cors;
    pl_buf_reset(&s->scratch);
    int rv = pl_http_response_write(&s->scratch, r);
    if (rv != 0) {
        pl_log_error(MOD, "cannot write a %d response: %s", r->status, pl_strerror(rv));
        pl_conn__close_now(c);
        return rv;
    }
    pl_metrics_count_status(&s->metrics, r->status);
    rv = pl_conn__queue(c, s->scratch.data, s->scratch.len);
    if (rv != 0)
        return rv;
    if (r->close)
        c->state = PL_CONN_CLOSING;
    return 0;
}

/* An answer to a request the parser refused: the connection then closes. */
static void fail_request(pl_conn_t *c, int status, const char *message)
{
    pl_server_t *s = c->srv;
    pl_buf_t body = PL_BUF_INIT(0);
    (void)pl_http_json_error(&body, status, message);
    pl_http_response_t r = {0};
    r.status = status;
    r.content_type = "application/json";
    r.body = body.data;
    r.body_len = body.len;
    pl_http_field_t retry = {"Retry-After", "1"};
    if (status == 503) {
        r.fields = &retry;
        r.nfields = 1;
    }
    (void)send_response(c, &r, 0);
    pl_buf_free(&body);
    (void)s;
    /* Stop reading: nothing more from this client is looked at. */
    if (c->state != PL_CONN_DEAD && c->bev != NULL) {
        bufferevent_disable(c->bev, EV_READ);
        if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
            pl_conn__close_now(c);
    }
}

static void continue_reading(pl_conn_t *c);

int pl_req_respond(pl_req_t *req, int status, const char *content_type, const void *body,
                   size_t len)
{
    pl_conn_t *c = req->conn;
    if (c == NULL || c->state == PL_CONN_DEAD) {
        req_free(req);
        return PL_ERR_CLOSED;
    }
    pl_server_t *s = c->srv;
    pl_http_response_t r = {0};
    r.status = status;
    r.request_method = req->method;
    r.content_type = content_type;
    r.body = body;
    r.body_len = len;
    size_t olen;
    r.origin = pl_req_header(req, "Origin", &olen);
    r.origin_len = r.origin ? olen : 0;
    pl_histogram_observe(&s->metrics.request_latency, pl_server__elapsed(&req->started));
    int was_pending = c->http != NULL && c->http->pending == req;
    if (c->http != NULL && c->http->pending == req)
        c->http->pending = NULL;
    int rv = send_response(c, &r, req->keep_alive);
    req_free(req);
    if (rv == 0 && was_pending && c->state == PL_CONN_HTTP)
        continue_reading(c);
    return rv;
}

int pl_req_respond_json(pl_req_t *req, int status, const char *json, size_t len)
{
    return pl_req_respond(req, status, "application/json", json, len);
}

int pl_req_respond_error(pl_req_t *req, int status, const char *message)
{
    pl_buf_t body = PL_BUF_INIT(0);
    (void)pl_http_json_error(&body, status, message);
    int rv = pl_req_respond_json(req, status, body.data, body.len);
    pl_buf_free(&body);
    return rv;
}

/* ---------------------------------------------------------------------- */
/* Routes                                                                 */

/* The router hands back this trampoline's ud: the route. Not called. */
static int route_marker(void *ctx, const pl_http_match_t *m, void *ud)
{
    (void)ctx;
    (void)m;
    (void)ud;
    return 0;
}

static pl_route_t *route_new(pl_server_t *s)
{
    pl_route_t *r = pl_calloc(1, sizeof(*r));
    r->next = s->routes;
    s->routes = r;
    return r;
}

int pl_server_route(pl_server_t *s, const char *method, const char *pattern,
                    pl_req_handler_fn fn, void *ud)
{
    pl_http_method_t m = pl_http_method_from(method, strlen(method));
    if (m == PL_HTTP_OTHER || fn == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    pl_route_t *r = route_new(s);
    r->http_fn = fn;
    r->ud = ud;
    return pl_http_router_add(s->router, m, pattern, route_marker, r);
}

int pl_server_ws_route(pl_server_t *s, const char *pattern, const pl_ws_endpoint_t *ep, void *ud)
{
    if (ep == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    pl_route_t *r = route_new(s);
    r->ep = ep;
    r->ud = ud;
    return pl_http_router_add(s->ws_router, PL_HTTP_GET, pattern, route_marker, r);
}

/* ---------------------------------------------------------------------- */
/* WebSocket upgrade                                                      */

static int origin_is_localhost(const char *o, size_t len)
{
    const char *p = memchr(o, ':', len);
    if (p == NULL || (size_t)(p - o) + 3 > len || p[1] != '/' || p[2] != '/')
        return 0;
    size_t scheme_len = (size_t)(p - o);
    if (!((scheme_len == 4 && strncasecmp(o, "http", 4) == 0) ||
          (scheme_len == 5 && strncasecmp(o, "https", 5) == 0)))
        return 0;
    const char *h = p + 3, *end = o + len;
    static const char *const hosts[] = {"localhost", "127.0.0.1", "[::1]"};
    for (size_t i = 0; i < 3; i++) {
        size_t hl = strlen(hosts[i]);
        if ((size_t)(end - h) >= hl && strncasecmp(h, hosts[i], hl) == 0) {
            const char *rest = h + hl;
            if (rest == end)
                return 1;
            if (*rest != ':' || rest + 1 == end)
                return 0;
            for (rest++; rest < end; rest++)
                if (*rest < '0' || *rest > '9')
                    return 0;
            return 1;
        }
    }
    return 0;
}

static int ws_origin_allowed(const pl_server_t *s, const char *o, size_t len)
{
    if (o == NULL || s->ws_origins_any)
        return 1;
    if (s->ws_origins_localhost && origin_is_localhost(o, len))
        return 1;
    for (size_t i = 0; i < s->n_ws_origins; i++)
        if (strlen(s->ws_origins[i]) == len && strncasecmp(s->ws_origins[i], o, len) == 0)
            return 1;
    return 0;
}

static void handshake_fail(pl_conn_t *c, pl_handshake_outcome_t why, int status, const char *msg)
{
    c->srv->metrics.handshakes[why]++;
    if (status == 426) {
        pl_buf_t body = PL_BUF_INIT(0);
        (void)pl_http_json_error(&body, status, msg);
        pl_http_field_t f[2] = {{"Sec-WebSocket-Version", "13"}, {"Upgrade", "websocket"}};
        pl_http_response_t r = {0};
        r.status = 426;
        r.content_type = "application/json";
        r.body = body.data;
        r.body_len = body.len;
        r.fields = f;
        r.nfields = 2;
        (void)send_response(c, &r, 0);
        pl_buf_free(&body);
        if (c->state != PL_CONN_DEAD)
            bufferevent_disable(c->bev, EV_READ);
        return;
    }
    fail_request(c, status, msg);
}

static void ws_upgrade(pl_conn_t *c, pl_req_t *req, const pl_route_t *route)
{
    pl_server_t *s = c->srv;
    const pl_http_request_t *h = &req->hreq;
    const char *head = req->head;

    int is_upgrade = h->upgrade.len > 0 &&
                     pl_http_header_has_token(head + h->upgrade.off, h->upgrade.len, "websocket");
    if (!is_upgrade) {
        /* A plain request to a WebSocket path. */
        handshake_fail(c, PL_HS_BAD_VERSION, 426, "this path speaks WebSocket: upgrade required");
        return;
    }
    if (req->method != PL_HTTP_GET || h->version_minor != 1 || !h->connection_upgrade ||
        h->body != PL_HTTP_BODY_NONE) {
        handshake_fail(c, PL_HS_BAD_REQUEST, 400,
                       "a WebSocket handshake is a GET over HTTP/1.1 with Connection: Upgrade");
        return;
    }
    size_t olen = 0;
    const char *origin = pl_req_header(req, "Origin", &olen);
    if (!ws_origin_allowed(s, origin, olen)) {
        pl_log_warn(MOD, "refused WebSocket from %s: origin %.*s not allowed", pl_conn_peer(c),
                    (int)olen, origin);
        handshake_fail(c, PL_HS_FORBIDDEN, 403, "origin not allowed");
        return;
    }

    pl_ws_upgrade_request_t up = {0};
    up.key = pl_req_header(req, "Sec-WebSocket-Key", &up.key_len);
    up.version = pl_req_header(req, "Sec-WebSocket-Version", &up.version_len);
    up.protocols = pl_req_header(req, "Sec-WebSocket-Protocol", &up.protocols_len);
    up.extensions = pl_req_header(req, "Sec-WebSocket-Extensions", &up.extensions_len);
    if (up.key == NULL) {
        handshake_fail(c, PL_HS_BAD_REQUEST, 400, "missing Sec-WebSocket-Key");
        return;
    }
    if (up.version == NULL) {
        handshake_fail(c, PL_HS_BAD_VERSION, 426, "missing Sec-WebSocket-Version");
        return;
    }
    size_t nproto = 0;
    if (route->ep->subprotocols != NULL)
        while (route->ep->subprotocols[nproto] != NULL)
            nproto++;
    int proto_index = -1;
    pl_ws_deflate_params_t deflate = {0};
    pl_buf_reset(&s->scratch);
    int rv = pl_ws_server_handshake(&up, route->ep->subprotocols, nproto, &s->deflate_policy,
                                    &proto_index, &deflate, &s->scratch);
    if (rv == PL_ERR_UNSUPPORTED) {
        handshake_fail(c, PL_HS_BAD_VERSION, 426, "unsupported Sec-WebSocket-Version (13 only)");
        return;
    }
    if (rv != 0) {
        handshake_fail(c, PL_HS_BAD_REQUEST, 400, "invalid WebSocket handshake");
        return;
    }
    if (pl_conn__queue(c, s->scratch.data, s->scratch.len) != 0)
        return;

    c->ep = route->ep;
    c->ep_ud = route->ud;
    pl_http_match_t match = req->match;
    char query[1024];
    size_t qlen = h->has_query ? h->query.len : 0;
    if (qlen >= sizeof(query))
        qlen = 0;
    memcpy(query, head + h->query.off, qlen);
    query[qlen] = '\0';
    int over = c->over_limit || s->shutting_down;

    pl_http_conn__free(c);
    req_free(req);
    if (pl_ws_conn__start(c, &deflate) != 0) {
        pl_conn__close_now(c);
        return;
    }
    if (over) {
        s->metrics.handshakes[PL_HS_OVERLOADED]++;
        pl_conn_close(c, 1013, "server overloaded, try again later");
        return;
    }
    s->metrics.handshakes[PL_HS_OK]++;
    if (c->ep->on_open != NULL)
        c->ep->on_open(c, &match, query, c->ep_ud);
    /* Frames the client sent right behind its handshake. */
    if (c->state == PL_CONN_WS && evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
        pl_ws_conn__read(c);
}

/* ---------------------------------------------------------------------- */
/* Dispatch                                                               */

static void dispatch(pl_conn_t *c, pl_req_t *req)
{
    pl_server_t *s = c->srv;
    const pl_http_request_t *h = &req->hreq;
    const char *raw_path = req->head + h->path.off;
    size_t raw_len = h->path.len;
    if (raw_len == 0) {
        raw_path = "/";
        raw_len = 1;
    }

    /* WebSocket routes first: they own their paths for GET. */
    pl_http_match_t *m = &req->match;
    if ((req->method == PL_HTTP_GET || h->upgrade.len > 0) &&
        pl_http_router_match(s->ws_router, PL_HTTP_GET, raw_path, raw_len, m) == 0) {
        ws_upgrade(c, req, (const pl_route_t *)m->ud);
        return;
    }
    if (h->upgrade.len > 0 && pl_http_header_has_token(req->head + h->upgrade.off, h->upgrade.len,
                                                       "websocket")) {
        s->metrics.handshakes[PL_HS_NOT_FOUND]++;
        req_free(req);
        fail_request(c, 404, "no WebSocket endpoint at this path");
        return;
    }

    /* CORS preflight. */
    size_t olen = 0;
    const char *origin = pl_req_header(req, "Origin", &olen);
    if (req->method == PL_HTTP_OPTIONS && origin != NULL &&
        pl_req_header(req, "Access-Control-Request-Method", NULL) != NULL) {
        pl_buf_reset(&s->scratch);
        int close = !req->keep_alive || c->over_limit;
        if (pl_http_response_preflight(&s->scratch, &s->cors, origin, olen, time(NULL), close) == 0) {
            pl_metrics_count_status(&s->metrics, 204);
            if (pl_conn__queue(c, s->scratch.data, s->scratch.len) == 0 && close)
                c->state = PL_CONN_CLOSING;
        }
        req_free(req);
        return;
    }

    if (c->over_limit) {
        req_free(req);
        fail_request(c, 503, "server overloaded, try again later");
        return;
    }

    int rv = pl_http_router_match(s->router, req->method, raw_path, raw_len, m);
    if (rv == PL_ERR_UNSUPPORTED && req->method == PL_HTTP_OPTIONS) {
        /* OPTIONS without preflight headers: say what the path allows. */
        char allow[128];
        if (pl_http_allow_format(m->allow | (1u << PL_HTTP_OPTIONS), allow, sizeof(allow)) < 0)
            allow[0] = '\0';
        pl_http_field_t f = {"Allow", allow};
        pl_http_response_t r = {0};
        r.status = 204;
        r.fields = &f;
        r.nfields = 1;
        (void)send_response(c, &r, req->keep_alive);
        req_free(req);
        return;
    }
    if (rv != 0) {
        int status = m->status ? m->status : 404;
        pl_buf_t body = PL_BUF_INIT(0);
        (void)pl_http_json_error(&body, status,
                                 status == 404   ? "no such path"
                                 : status == 405 ? "method not allowed on this path"
                                                 : "malformed path");
        char allow[128] = "";
        pl_http_field_t f = {"Allow", allow};
        pl_http_response_t r = {0};
        r.status = status;
        r.request_method = req->method;
        r.content_type = "application/json";
        r.body = body.data;
        r.body_len = body.len;
        if (status == 405 && pl_http_allow_format(m->allow, allow, sizeof(allow)) > 0) {
            r.fields = &f;
            r.nfields = 1;
        }
        (void)send_response(c, &r, req->keep_alive && status != 400);
        pl_buf_free(&body);
        req_free(req);
        return;
    }
    const pl_route_t *route = (const pl_route_t *)m->ud;
    c->http->pending = req;
    route->http_fn(req, route->ud);
    /* Answered synchronously: pl_req_respond cleared pending. */
    if (c->state != PL_CONN_DEAD && c->http != NULL && c->http->pending == req)
        bufferevent_disable(c->bev, EV_READ); /* wait for the answer */
}

/* Builds the pl_req_t for a complete head of head_len bytes at buf. */
static pl_req_t *req_new(pl_conn_t *c, const char *buf, size_t head_len)
{
    pl_http_parser_t *p = &c->http->parser;
    pl_req_t *req = pl_calloc(1, sizeof(*req));
    req->conn = c;
    req->head = pl_malloc(head_len + 1);
    memcpy(req->head, buf, head_len);
    req->head[head_len] = '\0';
    req->hreq = p->req;
    req->method = p->req.method;
    snprintf(req->method_name, sizeof(req->method_name), "%s", pl_http_method_name(p->req.method));
    req->keep_alive = p->req.keep_alive;
    clock_gettime(CLOCK_MONOTONIC, &req->started);
    size_t plen = p->req.path.len ? p->req.path.len : 1;
    req->path = pl_malloc(plen + 1);
    size_t out_len = 0;
    if (p->req.path.len == 0 ||
        pl_http_pct_decode(req->head + p->req.path.off, p->req.path.len, req->path, plen + 1,
                           &out_len, 0) != 0) {
        memcpy(req->path, p->req.path.len ? req->head + p->req.path.off : "/", plen);
        out_len = plen;
    }
    req->path[out_len] = '\0';
    return req;
}

static void parse_error(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    int status = pl_http_parser_status(&c->http->parser);
    if (status == 431) {
        /* Tell the two 431 causes apart for the metrics. */
        if (c->http->parser.req.nheaders >= s->limits.max_headers)
            s->metrics.limit_hits[PL_LIMIT_HEADER_COUNT]++;
        else
            s->metrics.limit_hits[PL_LIMIT_HEADER_BYTES]++;
    } else if (status == 413) {
        s->metrics.limit_hits[PL_LIMIT_BODY_BYTES]++;
    }
    if (status == 0)
        status = 400;
    fail_request(c, status, NULL);
}

static void continue_reading(pl_conn_t *c)
{
    if (c->state != PL_CONN_HTTP || c->bev == NULL)
        return;
    bufferevent_enable(c->bev, EV_READ);
    bufferevent_set_timeouts(c->bev, &c->srv->tv_keepalive, NULL);
    if (evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
        pl_http_conn__read(c);
}

void pl_http_conn__read(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    struct evbuffer *in = bufferevent_get_input(c->bev);
    if (c->http == NULL) {
        c->http = pl_calloc(1, sizeof(*c->http));
        pl_http_parser_init(&c->http->parser, &s->limits);
        c->http->body.max = s->limits.max_body;
    }
    /* The longest head the limits allow, plus a byte to see it overflow. */
    size_t head_cap = s->limits.max_request_line + s->limits.max_header_bytes + 1;

    while (c->state == PL_CONN_HTTP && c->http != NULL && c->http->pending == NULL) {
        pl_http_conn_t *h = c->http;
        if (h->building == NULL) {
            size_t avail = evbuffer_get_length(in);
            if (avail == 0)
                return;
            if (!h->head_timing) {
                /* The head has handshake-timeout in all, however it dribbles. */
                clock_gettime(CLOCK_MONOTONIC, &h->head_started);
                h->head_timing = 1;
                bufferevent_set_timeouts(c->bev, &s->tv_handshake, NULL);
            }
            size_t n = avail < head_cap ? avail : head_cap;
            const char *buf = (const char *)evbuffer_pullup(in, (ev_ssize_t)n);
            int rv = pl_http_parser_execute(&h->parser, buf, n);
            if (rv == PL_ERR_INCOMPLETE) {
                if (pl_server__elapsed(&h->head_started) > s->cfg->handshake_timeout) {
                    s->metrics.limit_hits[PL_LIMIT_HANDSHAKE_TIMEOUT]++;
                    fail_request(c, 408, "request head not received in time");
                }
                return;
            }
            h->head_timing = 0;
            if (rv < 0) {
                parse_error(c);
                return;
            }
            h->building = req_new(c, buf, (size_t)rv);
            evbuffer_drain(in, (size_t)rv);
            pl_buf_reset(&h->body);
        }
        /* The body, if any, is drained from the input as it is decoded. */
        int done = h->parser.req.body == PL_HTTP_BODY_NONE || pl_http_parser_is_finished(&h->parser);
        while (!done) {
            size_t len = evbuffer_get_length(in);
            if (len == 0)
                return;
            if (len > 65536)
                len = 65536;
            const char *buf = (const char *)evbuffer_pullup(in, (ev_ssize_t)len);
            size_t used = 0;
            pl_http_span_t data = {0, 0};
            int rv = pl_http_parser_body(&h->parser, buf, len, &used, &data);
            if (rv < 0) {
                parse_error(c);
                return;
            }
            if (data.len > 0 && pl_buf_append(&h->body, buf + data.off, data.len) != 0) {
                s->metrics.limit_hits[PL_LIMIT_BODY_BYTES]++;
                fail_request(c, 413, NULL);
                return;
            }
            evbuffer_drain(in, used);
            if (rv == 1)
                done = 1;
            else if (used == 0)
                return;
        }
        pl_req_t *req = h->building;
        h->building = NULL;
        if (h->body.len > 0) {
            req->body = pl_malloc(h->body.len + 1);
            memcpy(req->body, h->body.data, h->body.len);
            req->body[h->body.len] = '\0';
            req->body_len = h->body.len;
        }
        pl_http_parser_reset(&h->parser);
        dispatch(c, req);
    }
}

void pl_http_conn__timeout(pl_conn_t *c)
{
    pl_server_t *s = c->srv;
    int mid_request = c->http != NULL &&
                      (c->http->building != NULL ||
                       evbuffer_get_length(bufferevent_get_input(c->bev)) > 0);
    if (c->http != NULL && c->http->pending != NULL) {
        /* Waiting on our own answer: not the client's fault. */
        return;
    }
    if (mid_request || c->http == NULL) {
        s->metrics.limit_hits[PL_LIMIT_HANDSHAKE_TIMEOUT]++;
        if (mid_request) {
            fail_request(c, 408, "request head not received in time");
            return;
        }
    } else {
        s->metrics.limit_hits[PL_LIMIT_KEEPALIVE_TIMEOUT]++;
    }
    pl_conn__close_now(c);
}

/* ---------------------------------------------------------------------- */
/* Built-in routes                                                        */

static void health_cb(pl_req_t *req, void *ud)
{
    pl_server_t *s = ud;
    char body[512];
    size_t conversations = s->conv_count ? s->conv_count(s->conv_count_ud) : 0;
    int n = snprintf(body, sizeof(body),
                     "{\"status\":\"%s\",\"version\":\"%s\",\"uptime_seconds\":%.3f,"
                     "\"connections\":%zu,\"websockets\":%llu,\"conversations\":%zu}",
                     s->shutting_down ? "shutting_down" : "ok", PARLEY_VERSION,
                     pl_server__elapsed(&s->started), s->n_conns,
                     (unsigned long long)s->metrics.websockets_open, conversations);
    pl_req_respond_json(req, 200, body, (size_t)n);
}

static void metrics_cb(pl_req_t *req, void *ud)
{
    pl_server_t *s = ud;
    pl_buf_t out = PL_BUF_INIT(0);
    int rv = pl_metrics_render(&s->metrics, &out);
    for (size_t i = 0; rv == 0 && i < s->n_extra_metrics; i++)
        rv = s->extra_metrics[i].fn(&out, s->extra_metrics[i].ud);
    if (rv != 0)
        pl_req_respond_error(req, 500, "cannot render metrics");
    else
        pl_req_respond(req, 200, "text/plain; version=0.0.4; charset=utf-8", out.data, out.len);
    pl_buf_free(&out);
}

int pl_http_conn__register_builtin(pl_server_t *s)
{
    int rv = pl_server_route(s, "GET", "/health", health_cb, s);
    if (rv == 0)
        rv = pl_server_route(s, "GET", "/metrics", metrics_cb, s);
    return rv;
}
