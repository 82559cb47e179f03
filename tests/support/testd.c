/*
 * testd.c - parley-testd: the transport with a test-only route set.
 *
 * The same server library as parleyd, plus routes used by the transport's
 * end-to-end tests and by the benchmark:
 *   /test/echo              WebSocket: every message comes back unchanged.
 *   /test/fanout/{room}     WebSocket: every message goes to every socket in
 *                           the room (the sender too), framed once.
 *   /test/flood             WebSocket: "N SIZE" makes the server send N
 *                           messages of SIZE bytes (for the output cap).
 *   /test/close/{code}      WebSocket: the server closes with that code.
 *   POST /test/body         HTTP: answers the request body's length and bytes.
 *   GET /test/later         HTTP: answers from a timer 50 ms later.
 * parleyd itself never serves these.
 */
#include "parley/config.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "parley/server.h"

#include <event2/event.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- echo ---- */

static void echo_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)ud;
    pl_conn_send(c, op, data, len);
}

static const pl_ws_endpoint_t echo_ep = {.on_message = echo_message,
                                         .subprotocols = (const char *const[]){"chat", "echo", NULL}};

/* ---- fan-out rooms ---- */

typedef struct room {
    struct room *next;
    char name[64];
    pl_conn_t **members;
    size_t n, cap;
} room_t;

static room_t *rooms;

static room_t *room_get(const char *name)
{
    for (room_t *r = rooms; r != NULL; r = r->next)
        if (strcmp(r->name, name) == 0)
            return r;
    room_t *r = pl_calloc(1, sizeof(*r));
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->next = rooms;
    rooms = r;
    return r;
}

static void fanout_open(pl_conn_t *c, const pl_http_match_t *m, const char *query, void *ud)
{
    (void)query;
    (void)ud;
    room_t *r = room_get(pl_http_match_param(m, "room"));
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->members = pl_realloc(r->members, r->cap * sizeof(*r->members));
    }
    r->members[r->n++] = c;
    pl_conn_set_data(c, r);
}

static void fanout_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)ud;
    room_t *r = pl_conn_data(c);
    pl_buf_t frame = PL_BUF_INIT(0);
    if (pl_ws_frame_build(&frame, op, data, len) == 0) {
        /* Sending may close a slow member; closing never frees during the loop. */
        for (size_t i = 0; i < r->n; i++)
            pl_conn_send_prebuilt(r->members[i], &frame, op, data, len);
    }
    pl_buf_free(&frame);
}

static void fanout_close(pl_conn_t *c, unsigned code, void *ud)
{
    (void)code;
    (void)ud;
    room_t *r = pl_conn_data(c);
    for (size_t i = 0; i < r->n; i++) {
        if (r->members[i] == c) {
            r->members[i] = r->members[--r->n];
            break;
        }
    }
}

static const pl_ws_endpoint_t fanout_ep = {
    .on_open = fanout_open, .on_message = fanout_message, .on_close = fanout_close};

/* ---- flood ---- */

static void flood_message(pl_conn_t *c, pl_ws_opcode_t op, const uint8_t *data, size_t len, void *ud)
{
    (void)op;
    (void)ud;
    char text[64];
    snprintf(text, sizeof(text), "%.*s", (int)(len < 63 ? len : 63), (const char *)data);
    unsigned long n = 0, size = 0;
    if (sscanf(text, "%lu %lu", &n, &size) != 2 || size > 1024 * 1024 || n > 100000)
        return;
    char *payload = pl_malloc(size ? size : 1);
    memset(payload, 'x', size);
    for (unsigned long i = 0; i < n; i++)
        if (pl_conn_send(c, PL_WS_OP_BINARY, payload, size) != 0)
            break;
    pl_free(payload);
}

static const pl_ws_endpoint_t flood_ep = {.on_message = flood_message};

/* ---- close ---- */

static void close_open(pl_conn_t *c, const pl_http_match_t *m, const char *query, void *ud)
{
    (void)query;
    (void)ud;
    pl_conn_close(c, (unsigned)atoi(pl_http_match_param(m, "code")), "closing as asked");
}

static const pl_ws_endpoint_t close_ep = {.on_open = close_open};

/* ---- HTTP ---- */

static void body_cb(pl_req_t *req, void *ud)
{
    (void)ud;
    size_t len;
    const char *body = pl_req_body(req, &len);
    char head[64];
    int n = snprintf(head, sizeof(head), "%zu:", len);
    pl_buf_t out = PL_BUF_INIT(0);
    pl_buf_append(&out, head, (size_t)n);
    pl_buf_append(&out, body, len);
    pl_req_respond(req, 200, "text/plain", out.data, out.len);
    pl_buf_free(&out);
}

static void later_fire(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_req_t *req = arg;
    pl_req_respond_json(req, 200, "{\"later\":true}", 14);
}

static void later_cb(pl_req_t *req, void *ud)
{
    struct event_base *base = ud;
    struct timeval tv = {0, 50000};
    event_base_once(base, -1, EV_TIMEOUT, later_fire, req, &tv);
}

int main(int argc, char **argv)
{
    pl_config_t cfg;
    pl_config_defaults(&cfg);
    int rv = pl_config_load(&cfg, argc, argv, stdout, stderr);
    if (rv != 0) {
        pl_config_free(&cfg);
        return rv > 0 ? 0 : 2;
    }
    int level = pl_log_level_from_name(cfg.log_level);
    pl_log_setup(level < 0 ? PL_LOG_INFO : (pl_log_level_t)level,
                 (pl_log_format_t)(pl_log_format_from_name(cfg.log_format) == 1));
    struct event_base *base = pl_server_base_new();
    pl_server_t *srv = pl_server_new(base, &cfg);
    int status = 1;
    if (srv != NULL && pl_server_ws_route(srv, "/test/echo", &echo_ep, NULL) == 0 &&
        pl_server_ws_route(srv, "/test/fanout/{room}", &fanout_ep, NULL) == 0 &&
        pl_server_ws_route(srv, "/test/flood", &flood_ep, NULL) == 0 &&
        pl_server_ws_route(srv, "/test/close/{code}", &close_ep, NULL) == 0 &&
        pl_server_route(srv, "POST", "/test/body", body_cb, NULL) == 0 &&
        pl_server_route(srv, "GET", "/test/later", later_cb, base) == 0 &&
        pl_server_listen(srv) == 0 && pl_server_handle_signals(srv) == 0) {
        event_base_dispatch(base);
        status = 0;
    }
    pl_server_free(srv);
    while (rooms != NULL) {
        room_t *r = rooms;
        rooms = r->next;
        pl_free(r->members);
        pl_free(r);
    }
    event_base_free(base);
    pl_config_free(&cfg);
    return status;
}
