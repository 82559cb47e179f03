/*
 * llm.c - the turn machinery the LLM brains share: one streaming HTTP
 * request per attempt (pl_httpc), its body read as Server-Sent Events
 * (pl_sse), each event handed to the provider (openai.c, gemini.c), the
 * text passed to the sink as it comes, retries, cancel.
 *
 * A turn:
 *
 *   start() ── build prompt, URL, headers, body ── attempt 1
 *   attempt ── head 2xx ── SSE events ── provider: llm_emit() → on_chunk
 *         │                                       llm_finish() ([DONE], finish reason)
 *         │                                       llm_fail()   (error event, blocked)
 *         ├── head 4xx/5xx ── body kept (bounded) for its error message
 *         └── transfer ends (pl_httpc on_done) ── decide():
 *               finished                          → on_done
 *               stream failure / ended early      → on_error
 *               429, 5xx, connection failure, and no text streamed yet,
 *               and attempts left                 → wait (Retry-After, or
 *                                                   backoff with jitter) → attempt
 *               anything else                     → on_error
 *
 * Once text has reached the sink a failure is never retried (the user has
 * seen part of an answer): the turn ends with on_error and the engine keeps
 * the partial text as failed. The API key is only put into a header; it is
 * never logged.
 *
 * Callbacks into the sink: on_chunk runs inside pl_httpc's body callback;
 * on_done and on_error run from pl_httpc's on_done or from the retry timer.
 * None runs inside start() or cancel(). The sink may cancel the turn from
 * inside on_chunk: t->depth says a sink call is on the stack, cancel() then
 * only marks the turn (and cancels its request), and the outermost of our
 * frames frees it once the stack has unwound.
 */
#include "llm_int.h"
#include "parley/error.h"
#include "parley/log.h"

#include <event2/event.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MOD "brain"

static void turn_free(pl_brain_turn_t *t)
{
    if (t->req != NULL)
        pl_httpc_cancel(t->req);
    if (t->retry_timer != NULL)
        event_free(t->retry_timer);
    pl_sse_parser_free(t->sse);
    for (size_t i = 0; i < t->n_headers; i++)
        pl_free(t->headers[i]);
    pl_free(t->url);
    pl_free(t->body);
    pl_free(t->finish_reason);
    pl_free(t->fail_msg);
    pl_buf_free(&t->errbody);
    pl_buf_free(&t->scratch);
    pl_free(t);
}

void llm_add_header(pl_brain_turn_t *t, const char *name, const char *value)
{
    if (t->n_headers >= LLM_MAX_HEADERS)
        return;
    size_t n = strlen(name) + strlen(value) + 3;
    char *h = pl_malloc(n);
    snprintf(h, n, "%s: %s", name, value);
    t->headers[t->n_headers++] = h;
    t->headers[t->n_headers] = NULL;
}

int llm_emit(pl_brain_turn_t *t, const char *text, size_t len)
{
    if (t->cancelled)
        return -1;
    if (len == 0)
        return 0;
    if (!llm_utf8_valid(text, len)) {
        pl_buf_reset(&t->scratch);
        if (llm_utf8_repair(&t->scratch, text, len) != 0)
            return -1;
        text = t->scratch.data;
        len = t->scratch.len;
    }
    t->got_text = 1;
    t->depth++;
    t->sink->on_chunk(t->ud, text, len);
    t->depth--;
    return t->cancelled ? -1 : 0;
}

void llm_finish(pl_brain_turn_t *t, const char *reason)
{
    if (t->finished)
        return;
    t->finished = 1;
    if (reason != NULL)
        t->finish_reason = pl_strdup(reason);
}

void llm_fail(pl_brain_turn_t *t, int code, const char *fmt, ...)
{
    if (t->fail_code != 0)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    t->fail_code = code;
    t->fail_msg = pl_strdup(msg);
}

void llm_error_text(const char *msg, char *out, size_t cap)
{
    if (cap == 0)
        return;
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        n--;
    size_t max = cap - 1 < LLM_MAX_ERROR_TEXT ? cap - 1 : LLM_MAX_ERROR_TEXT;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, msg, n);
    out[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20)
            out[i] = ' ';
}

const char *llm_error_message(yajl_val root)
{
    if (YAJL_IS_ARRAY(root) && root->u.array.len > 0)
        root = root->u.array.values[0];
    static const char *path[] = {"error", "message", NULL};
    yajl_val m = yajl_tree_get(root, path, yajl_t_string);
    if (m != NULL)
        return YAJL_GET_STRING(m);
    static const char *flat[] = {"error", NULL};
    m = yajl_tree_get(root, flat, yajl_t_string);
    return m != NULL ? YAJL_GET_STRING(m) : NULL;
}

/* ------------------------------------------------------------- delivery */

/* Ends the turn with on_error or on_done; the turn is freed. */
static void end_error(pl_brain_turn_t *t, int code, const char *message)
{
    const pl_brain_sink_t *sink = t->sink;
    void *ud = t->ud;
    char msg[1024];
    snprintf(msg, sizeof(msg), "%s", message != NULL ? message : "The AI provider failed.");
    turn_free(t); /* message may live in t */
    sink->on_error(ud, code, msg);
}

static void end_done(pl_brain_turn_t *t)
{
    const pl_brain_sink_t *sink = t->sink;
    void *ud = t->ud;
    if (t->finish_reason != NULL && strcmp(t->finish_reason, "stop") != 0 &&
        strcmp(t->finish_reason, "STOP") != 0)
        pl_log_info(MOD, "%s: the answer ended with finish reason %s", t->b->prov->name,
                    t->finish_reason);
    turn_free(t);
    pl_brain_result_t r = {0};
    sink->on_done(ud, &r);
}

/* ------------------------------------------------------------- attempts */

static int attempt(pl_brain_turn_t *t);

static int sse_event(void *ud, const pl_sse_event_t *ev)
{
    pl_brain_turn_t *t = ud;
    if (t->finished)
        return 0; /* whatever follows the end is not part of the answer */
    t->b->prov->on_event(t, ev);
    return (t->cancelled || t->fail_code != 0) ? 1 : 0;
}

static int on_head(void *ud, long status, const char *content_type, double retry_after)
{
    (void)content_type;
    (void)retry_after;
    pl_brain_turn_t *t = ud;
    t->status = status;
    t->streaming = status >= 200 && status < 300;
    return 0;
}

static int on_body(void *ud, const char *data, size_t len)
{
    pl_brain_turn_t *t = ud;
    if (!t->streaming) {
        size_t room = LLM_MAX_ERROR_BODY - t->errbody.len;
        (void)pl_buf_append(&t->errbody, data, len < room ? len : room);
        return 0;
    }
    int rv = pl_sse_parser_feed(t->sse, data, len);
    if (t->cancelled) {
        if (t->depth == 0) {
            t->req = NULL; /* pl_httpc_cancel() already owns it */
            turn_free(t);
        }
        return 1;
    }
    if (rv == PL_ERR_TOO_LARGE)
        llm_fail(t, PL_ERR_PROTOCOL, "The AI provider sent a malformed stream (an event over the size limit).");
    else if (rv != 0 && rv != PL_ERR_CALLBACK_FAILURE)
        llm_fail(t, PL_ERR_PROTOCOL, "The AI provider's stream could not be read (%s).", pl_strerror(rv));
    return t->fail_code != 0 ? 1 : 0;
}

/* The message a provider put in an error body, or a generic one. */
static void error_body_text(pl_brain_turn_t *t, char *out, size_t cap)
{
    out[0] = '\0';
    if (t->errbody.len == 0)
        return;
    char errbuf[128];
    yajl_val root = yajl_tree_parse(t->errbody.data, errbuf, sizeof(errbuf));
    const char *m = root != NULL ? llm_error_message(root) : NULL;
    if (m != NULL)
        llm_error_text(m, out, cap);
    yajl_tree_free(root);
}

static double rnd01(llm_t *b)
{
    b->rng ^= b->rng << 13;
    b->rng ^= b->rng >> 7;
    b->rng ^= b->rng << 17;
    return (double)(b->rng >> 11) / 9007199254740992.0;
}

/* Exponential backoff with jitter: between half and all of initial * 2^(n-1). */
static double backoff(llm_t *b, unsigned n)
{
    double d = b->cfg.backoff_initial * pow(2.0, (double)(n - 1));
    if (d > b->cfg.backoff_max)
        d = b->cfg.backoff_max;
    return d * (0.5 + 0.5 * rnd01(b));
}

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_brain_turn_t *t = arg;
    int rv = attempt(t);
    if (rv != 0)
        end_error(t, rv, "The AI provider could not be reached.");
}

/* Schedules the next attempt after `delay` seconds. */
static void retry_later(pl_brain_turn_t *t, double delay, const char *why)
{
    pl_log_warn(MOD, "%s: attempt %u failed (%s); retrying in %.2f s", t->b->prov->name, t->attempt,
                why, delay);
    struct timeval tv;
    tv.tv_sec = (time_t)delay;
    tv.tv_usec = (suseconds_t)((delay - (double)tv.tv_sec) * 1e6);
    evtimer_add(t->retry_timer, &tv);
}

static void on_done(void *ud, const pl_httpc_result_t *r)
{
    pl_brain_turn_t *t = ud;
    llm_t *b = t->b;
    t->req = NULL;
    if (t->finished && t->fail_code == 0) {
        end_done(t);
        return;
    }
    if (t->fail_code != 0) {
        end_error(t, t->fail_code, t->fail_msg);
        return;
    }
    char text[LLM_MAX_ERROR_TEXT + 1], msg[LLM_MAX_ERROR_TEXT + 200];
    int can_retry = !t->got_text && t->attempt <= b->cfg.retries;
    if (r->err == 0 && t->streaming) {
        pl_log_warn(MOD, "%s: the stream ended without its end marker (%zu bytes)", b->prov->name,
                    r->body_bytes);
        end_error(t, PL_ERR_PROTOCOL, "The AI provider's answer ended early.");
        return;
    }
    if (r->err == 0) {
        /* A complete non-2xx response. */
        error_body_text(t, text, sizeof(text));
        long st = r->status;
        pl_log_warn(MOD, "%s: HTTP %ld%s%s", b->prov->name, st, text[0] ? ": " : "", text);
        if (st == 429 || (st >= 500 && st <= 599)) {
            double ra = r->retry_after;
            if (can_retry && ra > b->cfg.backoff_max) {
                snprintf(msg, sizeof(msg), "The AI provider is busy (HTTP %ld); try again in %.0f seconds.",
                         st, ra);
                end_error(t, st == 429 ? PL_ERR_LIMIT : PL_ERR_BUSY, msg);
                return;
            }
            if (can_retry) {
                char why[32];
                snprintf(why, sizeof(why), "HTTP %ld", st);
                retry_later(t, ra >= 0 ? ra : backoff(b, t->attempt), why);
                return;
            }
            snprintf(msg, sizeof(msg), "The AI provider is busy (HTTP %ld)%s%s", st,
                     text[0] ? ": " : ".", text);
            end_error(t, st == 429 ? PL_ERR_LIMIT : PL_ERR_BUSY, msg);
            return;
        }
        snprintf(msg, sizeof(msg), "The AI provider refused the request (HTTP %ld)%s%s", st,
                 text[0] ? ": " : ".", text);
        end_error(t, (st == 401 || st == 403) ? PL_ERR_FORBIDDEN : PL_ERR_PROTOCOL, msg);
        return;
    }
    /* The transfer failed. Before any response, a connection failure may be retried. */
    int connect_failure = r->err == PL_ERR_IO ||
                          (r->err == PL_ERR_TIMEOUT && r->timeout == PL_HTTPC_TIMEOUT_CONNECT) ||
                          (r->err == PL_ERR_CLOSED && r->status == 0 && r->body_bytes == 0);
    pl_log_warn(MOD, "%s: attempt %u: %s (%s)", b->prov->name, t->attempt, pl_strerror(r->err),
                r->message);
    if (connect_failure && can_retry) {
        retry_later(t, backoff(b, t->attempt), r->message);
        return;
    }
    switch (r->err) {
    case PL_ERR_TIMEOUT:
        switch (r->timeout) {
        case PL_HTTPC_TIMEOUT_FIRST_BYTE:
            snprintf(msg, sizeof(msg), "The AI provider did not start answering within %g seconds.",
                     b->cfg.first_byte_timeout);
            break;
        case PL_HTTPC_TIMEOUT_IDLE:
            snprintf(msg, sizeof(msg), "The AI provider stopped answering (nothing for %g seconds).",
                     b->cfg.idle_timeout);
            break;
        case PL_HTTPC_TIMEOUT_CONNECT:
            snprintf(msg, sizeof(msg), "The AI provider could not be reached within %g seconds.",
                     b->cfg.connect_timeout);
            break;
        default:
            snprintf(msg, sizeof(msg), "The answer took longer than %g seconds.", b->cfg.total_timeout);
            break;
        }
        break;
    case PL_ERR_CLOSED:
        snprintf(msg, sizeof(msg), "%s", t->got_text ? "The connection to the AI provider was lost mid-answer."
                                                     : "The connection to the AI provider was lost.");
        break;
    case PL_ERR_IO:
        llm_error_text(r->message, text, sizeof(text));
        snprintf(msg, sizeof(msg), "The AI provider could not be reached (%s).", text);
        break;
    default:
        llm_error_text(r->message, text, sizeof(text));
        snprintf(msg, sizeof(msg), "The request to the AI provider failed (%s).", text);
        break;
    }
    end_error(t, r->err, msg);
}

static const pl_httpc_callbacks_t http_cb = {on_head, on_body, on_done};

/* Starts the next attempt; returns 0 or a pl_err code (no callback then). */
static int attempt(pl_brain_turn_t *t)
{
    llm_t *b = t->b;
    t->attempt++;
    t->status = 0;
    t->streaming = 0;
    pl_buf_reset(&t->errbody);
    pl_sse_parser_reset(t->sse);
    pl_httpc_request_t rq = {0};
    rq.method = "POST";
    rq.url = t->url;
    rq.headers = (const char *const *)t->headers;
    rq.body = t->body;
    rq.body_len = t->body_len;
    rq.connect_timeout = b->cfg.connect_timeout;
    rq.first_byte_timeout = b->cfg.first_byte_timeout;
    rq.idle_timeout = b->cfg.idle_timeout;
    rq.total_timeout = b->cfg.total_timeout;
    return pl_httpc_start(b->httpc, &rq, &http_cb, t, &t->req);
}

/* --------------------------------------------------------------- the ops */

static int llm_start(pl_brain_t *base, const pl_brain_request_t *req, const pl_brain_sink_t *sink,
                     void *ud, pl_brain_turn_t **out)
{
    llm_t *b = (llm_t *)base;
    pl_brain_turn_t *t = pl_calloc(1, sizeof(*t));
    t->b = b;
    t->sink = sink;
    t->ud = ud;
    t->errbody.max = LLM_MAX_ERROR_BODY;
    int rv = pl_sse_parser_new(&t->sse, NULL, sse_event, t);
    if (rv == 0) {
        t->retry_timer = evtimer_new(base->base, retry_cb, t);
        if (t->retry_timer == NULL)
            rv = PL_ERR_NOMEM;
    }
    if (rv == 0) {
        char *system = pl_brain_system_prompt(req->dialect, req->personality, req->topic);
        llm_msg_t *msgs;
        size_t n = llm_prompt_messages(req, b->cfg.history_chars, &msgs);
        rv = b->prov->build(b, t, system, msgs, n);
        llm_msgs_free(msgs, n);
        pl_free(system);
    }
    if (rv == 0)
        rv = attempt(t);
    if (rv != 0) {
        pl_log_error(MOD, "%s: cannot start a request: %s", b->prov->name, pl_strerror(rv));
        turn_free(t);
        return rv;
    }
    *out = t;
    return 0;
}

static void llm_cancel(pl_brain_turn_t *t)
{
    if (t->cancelled)
        return;
    t->cancelled = 1;
    if (t->req != NULL) {
        pl_httpc_cancel(t->req); /* closes the connection now, or once curl returns */
        t->req = NULL;
    }
    if (t->depth == 0)
        turn_free(t);
    /* else: the frame that called the sink frees it (on_body) */
}

static void llm_destroy(pl_brain_t *base)
{
    llm_t *b = (llm_t *)base;
    if (b->own_httpc)
        pl_httpc_free(b->httpc);
    pl_free(b->base_url);
    pl_free(b->model);
    if (b->api_key != NULL) {
        memset(b->api_key, 0, strlen(b->api_key));
        pl_free(b->api_key);
    }
    pl_free(b->key_env);
    pl_free(b);
}

static const pl_brain_ops_t openai_ops = {"openai", llm_start, llm_cancel, llm_destroy};
static const pl_brain_ops_t gemini_ops = {"gemini", llm_start, llm_cancel, llm_destroy};

void pl_brain_llm_config_init(pl_brain_llm_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->connect_timeout = 10;
    cfg->first_byte_timeout = 60;
    cfg->idle_timeout = 30;
    cfg->total_timeout = 300;
    cfg->retries = 2;
    cfg->backoff_initial = 0.5;
    cfg->backoff_max = 30;
    cfg->history_chars = 12000;
}

static int bad_seconds(double s)
{
    return !isfinite(s) || s < 0 || s > 86400;
}

int llm_brain_new(pl_brain_t **out, struct event_base *base, const llm_provider_t *prov,
                  const pl_brain_llm_config_t *cfg)
{
    if (out == NULL || base == NULL || cfg == NULL || bad_seconds(cfg->connect_timeout) ||
        bad_seconds(cfg->first_byte_timeout) || bad_seconds(cfg->idle_timeout) ||
        bad_seconds(cfg->total_timeout) || bad_seconds(cfg->backoff_initial) ||
        bad_seconds(cfg->backoff_max) || cfg->retries > 100) {
        pl_log_error(MOD, "%s: invalid settings", prov->name);
        return PL_ERR_INVALID_ARGUMENT;
    }
    const char *url = cfg->base_url != NULL && cfg->base_url[0] ? cfg->base_url : prov->default_base_url;
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        pl_log_error(MOD, "%s: the base URL must start with http:// or https:// (got '%s')",
                     prov->name, url);
        return PL_ERR_INVALID_ARGUMENT;
    }
    const char *env = cfg->api_key_env != NULL && cfg->api_key_env[0] ? cfg->api_key_env
                                                                      : prov->default_key_env;
    const char *key = getenv(env);
    if (key != NULL && key[0] == '\0')
        key = NULL;
    if (key != NULL && strpbrk(key, "\r\n") != NULL) {
        pl_log_error(MOD, "%s: the API key in $%s holds a line break", prov->name, env);
        return PL_ERR_INVALID_ARGUMENT;
    }
    if (key == NULL && prov->key_required) {
        pl_log_error(MOD, "%s: no API key: set the environment variable %s (or name another one "
                     "with --llm-api-key-env)", prov->name, env);
        return PL_ERR_INVALID_ARGUMENT;
    }
    llm_t *b = pl_calloc(1, sizeof(*b));
    b->base.ops = strcmp(prov->name, "gemini") == 0 ? &gemini_ops : &openai_ops;
    b->base.base = base;
    b->prov = prov;
    b->cfg = *cfg;
    b->cfg.base_url = b->cfg.model = b->cfg.api_key_env = NULL;
    b->base_url = pl_strdup(url);
    size_t n = strlen(b->base_url);
    while (n > 0 && b->base_url[n - 1] == '/')
        b->base_url[--n] = '\0';
    b->model = pl_strdup(cfg->model != NULL && cfg->model[0] ? cfg->model : prov->default_model);
    b->key_env = pl_strdup(env);
    b->api_key = key != NULL ? pl_strdup(key) : NULL;
    b->rng = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid() ^ (uint64_t)(uintptr_t)b;
    if (b->rng == 0)
        b->rng = 1;
    if (cfg->httpc != NULL) {
        b->httpc = cfg->httpc;
    } else {
        b->httpc = pl_httpc_new(base);
        b->own_httpc = 1;
        if (b->httpc == NULL) {
            llm_destroy(&b->base);
            return PL_ERR_INVALID_ARGUMENT;
        }
    }
    if (key == NULL)
        pl_log_warn(MOD, "%s: $%s is not set: requests carry no API key", prov->name, env);
    pl_log_info(MOD, "brain: %s, model %s at %s (key from $%s)", prov->name, b->model, b->base_url,
                env);
    *out = &b->base;
    return 0;
}
