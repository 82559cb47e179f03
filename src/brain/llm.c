/*
 * llm.c - the turn machinery the LLM brains share: one streaming HTTP
 * request per attempt (pl_httpc), its body read as Server-Sent Events
 * (pl_sse), each event handed to the provider (openai.c, gemini.c), the
 * text passed to the sink as it comes, retries, cancel; and around it the
 * extras: numbered sources from the knowledge base (retrieval), the
 * web_search tool rounds, and the title request.
 *
 * A turn:
 *
 *   start() ── retrieval (use_documents: kb passages → numbered sources in
 *              the system prompt) ── build prompt, URL, headers, body ── attempt 1
 *          └── first exchange, titles on, no title yet → the title turn starts
 *              too, in parallel (see "Titles" below)
 *   attempt ── head 2xx ── SSE events ── provider: llm_emit() → on_chunk
 *         │                                       tool-call fragments → t->tools
 *         │                                       llm_finish() ([DONE], finish reason)
 *         │                                       llm_fail()   (error event, blocked)
 *         ├── head 4xx/5xx ── body kept (bounded) for its error message
 *         └── transfer ends (pl_httpc on_done) ── decide():
 *               finished, with tool calls and rounds left
 *                                 → SEARCH: one web search per call, in turn
 *                                   → the next request: the conversation + the
 *                                     assistant's tool calls + one `tool` message
 *                                     per call (the results, or why none) → attempt
 *               finished, the title turn still running
 *                                 → wait for it at most title_grace seconds
 *               finished          → on_done (title, citations from the [n] markers)
 *               stream failure / ended early      → on_error
 *               429, 5xx, connection failure, and no text streamed yet by
 *               this request, and attempts left   → wait (Retry-After, or
 *                                                   backoff with jitter) → attempt
 *               anything else                     → on_error
 *
 * Once text of a request has reached the sink a failure of that request is
 * never retried (the user has seen part of an answer): the turn ends with
 * on_error and the engine keeps the partial text as failed. Text streamed
 * before a tool call stays part of the answer; the next round's text
 * follows it after a blank line. The API key is only put into a header; it
 * is never logged.
 *
 * Titles. On a conversation's first exchange (no history) with titles on
 * and no title given (request->conversation_title empty), start() also
 * starts a second turn, the title turn (phase LLM_PHASE_TITLE, `parent` the
 * answer's turn, `title_turn` in the answer's): one short completion from
 * the student's message (and the topic), on its own pl_httpc transfer, its
 * reply collected into title_text, never streamed. It has no sink, no
 * retries and no tools; when its transfer ends it tidies the reply, hands
 * the title (or nothing, whatever went wrong) to the answer's turn and is
 * freed. When the answer is complete and the title turn still runs, the
 * answer's turn waits for it at most title_grace seconds (grace_timer), then
 * ends without a title, which cancels the title request. Freeing the
 * answer's turn (the end, a failure, cancel) frees the title turn, closing
 * its connection.
 *
 * Callbacks into the sink: on_chunk runs inside pl_httpc's body callback;
 * on_done and on_error run from pl_httpc's on_done (the answer's, or the
 * title turn's), from the retry or grace timer or from a search callback.
 * None runs inside start() or cancel(). The sink may cancel the turn from
 * inside on_chunk: t->depth says a sink call is on the stack, cancel() then
 * only marks the turn (and cancels its requests, the title's included), and
 * the outermost of our frames frees it once the stack has unwound. The
 * title turn never calls the sink, so it is never on the stack then.
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

/* Frees the request of the turn (url, headers, body) before another is built. */
static void request_clear(pl_brain_turn_t *t)
{
    for (size_t i = 0; i < t->n_headers; i++)
        pl_free(t->headers[i]);
    t->n_headers = 0;
    t->headers[0] = NULL;
    pl_free(t->url);
    t->url = NULL;
    if (t->body != NULL)
        memset(t->body, 0, t->body_len);
    pl_free(t->body);
    t->body = NULL;
    t->body_len = 0;
}

static void sources_free(llm_source_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pl_free(src[i].document_id);
        pl_free(src[i].chunk_id);
        pl_free(src[i].filename);
        pl_free(src[i].title);
        pl_free(src[i].heading);
        pl_free(src[i].text);
    }
    pl_free(src);
}

static void tool_results_free(pl_brain_turn_t *t)
{
    if (t->tool_results != NULL) {
        for (size_t i = 0; i < LLM_MAX_TOOL_CALLS; i++)
            pl_free(t->tool_results[i]);
        pl_free(t->tool_results);
        t->tool_results = NULL;
    }
}

static void turn_free(pl_brain_turn_t *t)
{
    if (t->title_turn != NULL)
        turn_free(t->title_turn); /* closes its connection */
    if (t->grace_timer != NULL)
        event_free(t->grace_timer);
    if (t->req != NULL)
        pl_httpc_cancel(t->req);
    if (t->sreq != NULL)
        pl_search_cancel(t->sreq);
    if (t->retry_timer != NULL)
        event_free(t->retry_timer);
    pl_sse_parser_free(t->sse);
    request_clear(t);
    pl_free(t->finish_reason);
    pl_free(t->fail_msg);
    pl_buf_free(&t->errbody);
    pl_buf_free(&t->scratch);
    pl_free(t->system);
    llm_msgs_free(t->msgs, t->n_msgs);
    pl_buf_free(&t->answer);
    llm_tools_reset(&t->tools);
    tool_results_free(t);
    sources_free(t->sources, t->n_sources);
    pl_buf_free(&t->title_text);
    pl_free(t->title);
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

/* One piece to the sink, kept in t->answer; returns 0 or -1 (cancelled meanwhile). */
static int to_sink(pl_brain_turn_t *t, const char *text, size_t len)
{
    (void)pl_buf_append(&t->answer, text, len); /* bounded: a cut only loses late [n] markers */
    t->got_text = 1;
    t->req_text = 1;
    t->depth++;
    t->sink->on_chunk(t->ud, text, len);
    t->depth--;
    return t->cancelled ? -1 : 0;
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
    if (t->phase == LLM_PHASE_TITLE) {
        size_t room = LLM_MAX_TITLE_TEXT - t->title_text.len;
        if (len > room)
            len = room;
        (void)pl_buf_append(&t->title_text, text, len);
        return 0;
    }
    /* A round after a tool call opens with a blank line after the earlier text. */
    if (!t->req_text && t->rounds > 0 && t->answer.len > 0) {
        char last = t->answer.data[t->answer.len - 1];
        if (last != '\n' && to_sink(t, "\n\n", 2) != 0)
            return -1;
    }
    return to_sink(t, text, len);
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

/* The seed 003 citations of the document sources the answer's [n] markers name, or NULL. */
static char *citations_of(const pl_brain_turn_t *t)
{
    if (t->n_sources == 0 || t->answer.len == 0)
        return NULL;
    unsigned used[LLM_MAX_SOURCES];
    size_t k = llm_cited(t->answer.data, t->answer.len, t->n_sources, used, LLM_MAX_SOURCES);
    yajl_gen g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return NULL;
    int any = 0;
    yajl_gen_array_open(g);
    for (size_t i = 0; i < k; i++) {
        const llm_source_t *x = &t->sources[used[i] - 1];
        if (!x->is_document)
            continue; /* lessons are not documents a client could open */
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= t->sources[used[j] - 1].is_document &&
                   strcmp(t->sources[used[j] - 1].chunk_id, x->chunk_id) == 0;
        if (dup)
            continue;
        any = 1;
        int ps = x->page_start > 0 ? x->page_start : 1;
        int pe = x->page_end >= ps ? x->page_end : ps;
        char num[32];
        yajl_gen_map_open(g);
        llm_gen_str(g, "document_id");
        llm_gen_str(g, x->document_id);
        llm_gen_str(g, "chunk_id");
        llm_gen_str(g, x->chunk_id);
        llm_gen_str(g, "filename");
        llm_gen_str(g, x->filename);
        llm_gen_str(g, "page_start");
        yajl_gen_integer(g, ps);
        llm_gen_str(g, "page_end");
        yajl_gen_integer(g, pe);
        llm_gen_str(g, "score");
        int n = snprintf(num, sizeof(num), "%.3f", x->score < 0 ? 0 : x->score > 1 ? 1 : x->score);
        yajl_gen_number(g, num, (size_t)n);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    char *out = NULL;
    size_t len;
    if (any)
        llm_gen_take(g, &out, &len);
    yajl_gen_free(g);
    return out;
}

/* Ends the turn with on_done, with the title if one arrived; the turn is freed. */
static void end_done(pl_brain_turn_t *t)
{
    const pl_brain_sink_t *sink = t->sink;
    void *ud = t->ud;
    if (t->finish_reason != NULL && strcmp(t->finish_reason, "stop") != 0 &&
        strcmp(t->finish_reason, "STOP") != 0)
        pl_log_info(MOD, "%s: the answer ended with finish reason %s", t->b->prov->name,
                    t->finish_reason);
    char *citations = citations_of(t);
    char *title = t->title;
    t->title = NULL;
    turn_free(t); /* and the title turn, if it still runs */
    pl_brain_result_t r = {0};
    r.title = title;
    r.citations_json = citations;
    sink->on_done(ud, &r);
    pl_free(title);
    pl_free(citations);
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

/* ------------------------------------------------------- tools, titles */

/* Resets what a request found, before the next one. */
static void request_reset(pl_brain_turn_t *t)
{
    request_clear(t);
    t->finished = 0;
    pl_free(t->finish_reason);
    t->finish_reason = NULL;
    t->fail_code = 0;
    pl_free(t->fail_msg);
    t->fail_msg = NULL;
    t->attempt = 0;
    t->req_text = 0;
    t->round_start = t->answer.len;
}

/* Appends a message to the turn's conversation (taking text). */
static llm_msg_t *msg_push(pl_brain_turn_t *t, const char *role, char *text)
{
    if (t->n_msgs == t->cap_msgs) {
        t->cap_msgs = t->cap_msgs ? t->cap_msgs * 2 : 8;
        t->msgs = pl_realloc(t->msgs, t->cap_msgs * sizeof(*t->msgs));
    }
    llm_msg_t *m = &t->msgs[t->n_msgs++];
    memset(m, 0, sizeof(*m));
    m->role = role;
    m->text = text != NULL ? text : pl_strdup("");
    m->len = strlen(m->text);
    return m;
}

/* The title turn's transfer ended: its title (if any) goes to the answer's turn. */
static void title_done(pl_brain_turn_t *tt, const pl_httpc_result_t *r)
{
    pl_brain_turn_t *t = tt->parent;
    const char *name = t->b->prov->name;
    char *title = NULL;
    if (tt->finished && tt->fail_code == 0 && r->err == 0 && tt->streaming)
        title = llm_title_clean(tt->title_text.data, tt->title_text.len);
    if (title == NULL)
        pl_log_info(MOD, "%s: no title from the model (%s)", name,
                    tt->fail_code != 0 ? tt->fail_msg
                    : r->err != 0      ? pl_strerror(r->err)
                    : !tt->streaming   ? "an HTTP error"
                    : tt->finished     ? "an empty answer"
                                       : "the answer ended early");
    else
        pl_log_debug(MOD, "%s: the title arrived %s", name,
                     t->grace_timer != NULL ? "after the answer" : "before the answer ended");
    t->title_turn = NULL;
    turn_free(tt); /* its request is over (tt->req is NULL) */
    t->title = title;
    if (t->grace_timer != NULL)
        end_done(t); /* the answer was only waiting for this */
}

/*
 * Starts the title turn next to the answer's: the question (and the
 * topic) only, since the answer is not written yet. A failure only means
 * no title.
 */
static void start_title(pl_brain_turn_t *t, const pl_brain_request_t *req)
{
    llm_t *b = t->b;
    pl_brain_turn_t *tt = pl_calloc(1, sizeof(*tt));
    tt->b = b;
    tt->parent = t;
    tt->phase = LLM_PHASE_TITLE;
    tt->errbody.max = LLM_MAX_ERROR_BODY;
    tt->title_text.max = LLM_MAX_TITLE_TEXT;
    int rv = pl_sse_parser_new(&tt->sse, NULL, sse_event, tt);
    if (rv == 0) {
        llm_msg_t m = {0};
        m.role = "user";
        m.text = llm_title_request(req->input, req->input_len, req->topic);
        m.len = strlen(m.text);
        rv = b->prov->build(b, tt, llm_title_system, &m, 1, 0);
        pl_free(m.text);
    }
    if (rv == 0)
        rv = attempt(tt);
    if (rv != 0) {
        pl_log_warn(MOD, "%s: cannot ask for a title: %s", b->prov->name, pl_strerror(rv));
        turn_free(tt);
        return;
    }
    t->title_turn = tt;
}

static void grace_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_brain_turn_t *t = arg;
    pl_log_info(MOD, "%s: no title within %g s of the answer's end; ending without one",
                t->b->prov->name, t->b->cfg.title_grace);
    end_done(t); /* cancels the title request */
}

/* The answer is complete: the end, after a short wait for a title still on its way. */
static void answer_done(pl_brain_turn_t *t)
{
    llm_t *b = t->b;
    if (t->title_turn != NULL && b->cfg.title_grace > 0) {
        t->grace_timer = evtimer_new(b->base.base, grace_cb, t);
        if (t->grace_timer != NULL) {
            double g = b->cfg.title_grace;
            struct timeval tv;
            tv.tv_sec = (time_t)g;
            tv.tv_usec = (suseconds_t)((g - (double)tv.tv_sec) * 1e6);
            evtimer_add(t->grace_timer, &tv);
            return; /* title_done or grace_cb ends the turn */
        }
    }
    if (t->title_turn != NULL)
        pl_log_info(MOD, "%s: the answer ended before its title; ending without one",
                    b->prov->name);
    end_done(t);
}

static void next_search(pl_brain_turn_t *t);

static void search_done(void *ud, int err, const char *message, const pl_search_results_t *res)
{
    pl_brain_turn_t *t = ud;
    t->sreq = NULL;
    char *text;
    if (err == 0) {
        text = pl_search_results_text(res, 1200, LLM_MAX_TOOL_RESULT);
    } else {
        pl_buf_t b = PL_BUF_INIT(0);
        char m[LLM_MAX_ERROR_TEXT + 1];
        llm_error_text(message != NULL ? message : pl_strerror(err), m, sizeof(m));
        (void)pl_buf_appendf(&b, "The web search failed (%s). Answer without it, and tell the "
                                 "student that the search was not available.", m);
        text = b.data;
    }
    t->tool_results[t->search_i++] = text;
    next_search(t);
}

/* Runs the round's searches one after the other, then the next request. */
static void next_search(pl_brain_turn_t *t)
{
    llm_t *b = t->b;
    while (t->search_i < t->tools.n) {
        const llm_tool_call_t *c = &t->tools.calls[t->search_i];
        const char *name = c->name.data != NULL ? c->name.data : "";
        char *q = NULL;
        const char *problem = NULL;
        if (strcmp(name, "web_search") != 0)
            problem = "Error: there is no such tool; the only tool is web_search.";
        else if (llm_tool_query(c->args.data, c->args.len, &q) != 0)
            problem = "Error: the arguments must be a JSON object like {\"query\": \"...\"}.";
        if (problem == NULL) {
            pl_log_info(MOD, "%s: web search for tool call %zu of round %u", b->prov->name,
                        t->search_i + 1, t->rounds + 1);
            int rv = pl_search_start(b->cfg.search, q, search_done, t, &t->sreq);
            pl_free(q);
            if (rv == 0)
                return; /* search_done goes on */
            problem = "The web search could not be started. Answer without it, and tell the "
                      "student that the search was not available.";
        }
        pl_log_warn(MOD, "%s: tool call %zu (%s): %s", b->prov->name, t->search_i + 1,
                    name[0] ? name : "no name", problem);
        t->tool_results[t->search_i++] = pl_strdup(problem);
    }
    /* The assistant's calls (with the text of this request, without the blank line that
     * opened it), then one result per call, then the next completion. */
    size_t from = t->round_start;
    while (from < t->answer.len && (t->answer.data[from] == '\n' || t->answer.data[from] == ' '))
        from++;
    llm_msg_t *a = msg_push(t, "assistant", pl_strndup(t->answer.data != NULL ? t->answer.data + from : "",
                                                       t->answer.len - from));
    a->calls = pl_calloc(t->tools.n, sizeof(*a->calls));
    a->n_calls = t->tools.n;
    for (size_t i = 0; i < t->tools.n; i++) {
        llm_tool_call_copy(&a->calls[i], &t->tools.calls[i]);
        if (a->calls[i].id == NULL) {
            char id[48];
            snprintf(id, sizeof(id), "call_%u_%zu", t->rounds + 1, i + 1);
            a->calls[i].id = pl_strdup(id);
        }
    }
    size_t n_calls = t->tools.n, ai = t->n_msgs - 1;
    for (size_t i = 0; i < n_calls; i++) {
        char *id = pl_strdup(t->msgs[ai].calls[i].id); /* before a push moves the array */
        llm_msg_t *m = msg_push(t, "tool", t->tool_results[i]);
        t->tool_results[i] = NULL;
        m->tool_call_id = id;
    }
    tool_results_free(t);
    llm_tools_reset(&t->tools);
    t->rounds++;
    t->tools_on = t->rounds < b->cfg.max_tool_rounds;
    t->phase = LLM_PHASE_ANSWER;
    request_reset(t);
    int rv = b->prov->build(b, t, t->system, t->msgs, t->n_msgs, t->tools_on);
    if (rv == 0)
        rv = attempt(t);
    if (rv != 0)
        end_error(t, rv, "The AI provider could not be reached.");
}

/* The model asked for tool calls: search, unless it may not. */
static void tool_round(pl_brain_turn_t *t)
{
    llm_t *b = t->b;
    if (!t->tools_on) {
        pl_log_warn(MOD, "%s: the model asked for %zu tool call(s) it was not offered",
                    b->prov->name, t->tools.n);
        llm_tools_reset(&t->tools);
        if (t->got_text)
            answer_done(t);
        else
            end_error(t, PL_ERR_PROTOCOL, "The AI provider asked for a web search it was not offered.");
        return;
    }
    if (t->tools.dropped > 0 || t->tools.malformed)
        pl_log_warn(MOD, "%s: tool calls: %zu fragment(s) past the limit of %u calls ignored%s",
                    b->prov->name, t->tools.dropped, LLM_MAX_TOOL_CALLS,
                    t->tools.malformed ? "; malformed fragments skipped" : "");
    t->phase = LLM_PHASE_SEARCH;
    t->tool_results = pl_calloc(LLM_MAX_TOOL_CALLS, sizeof(*t->tool_results));
    t->search_i = 0;
    next_search(t);
}

static void on_done(void *ud, const pl_httpc_result_t *r)
{
    pl_brain_turn_t *t = ud;
    llm_t *b = t->b;
    t->req = NULL;
    if (t->phase == LLM_PHASE_TITLE) {
        title_done(t, r);
        return;
    }
    if (t->finished && t->fail_code == 0) {
        if (t->tools.n > 0)
            tool_round(t);
        else if (t->finish_reason != NULL && strcmp(t->finish_reason, "tool_calls") == 0 &&
                 !t->req_text)
            end_error(t, PL_ERR_PROTOCOL, "The AI provider asked for a tool in a form that could "
                                          "not be read.");
        else
            answer_done(t);
        return;
    }
    if (t->fail_code != 0) {
        end_error(t, t->fail_code, t->fail_msg);
        return;
    }
    char text[LLM_MAX_ERROR_TEXT + 1], msg[LLM_MAX_ERROR_TEXT + 200];
    int can_retry = !t->req_text && t->attempt <= b->cfg.retries;
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
    if (t->phase == LLM_PHASE_TITLE) {
        double tt = b->cfg.title_timeout;
        rq.connect_timeout = rq.connect_timeout < tt ? rq.connect_timeout : tt;
        rq.first_byte_timeout = rq.idle_timeout = rq.total_timeout = tt;
    }
    return pl_httpc_start(b->httpc, &rq, &http_cb, t, &t->req);
}

/* --------------------------------------------------------------- the ops */

/* Bytes of the question used as the retrieval query at most. */
#define RAG_MAX_QUERY 1000u

/*
 * Retrieval: the kb passages best matching the question become the turn's
 * numbered sources: the user's documents (only theirs), and for the teach
 * dialect (seed 001, whose curriculum the lessons are) the lessons too.
 */
static void retrieve(pl_brain_turn_t *t, const pl_brain_request_t *req)
{
    llm_t *b = t->b;
    pl_kb_filter_t f = {0};
    int has_owner = req->user_id != NULL && req->user_id[0] != '\0';
    if (has_owner) {
        f.sources |= PL_KB_DOCUMENT;
        f.owner = req->user_id;
    }
    if (req->dialect != NULL && strcmp(req->dialect, "teach") == 0)
        f.sources |= PL_KB_LESSON;
    size_t max = b->cfg.rag_passages < LLM_MAX_SOURCES ? b->cfg.rag_passages : LLM_MAX_SOURCES;
    if (f.sources == 0 || max == 0 || req->input == NULL || req->input_len == 0)
        return;
    size_t qn = req->input_len < RAG_MAX_QUERY ? req->input_len : RAG_MAX_QUERY;
    while (qn > 0 && qn < req->input_len && ((unsigned char)req->input[qn] & 0xC0) == 0x80)
        qn--;
    char *q = pl_strndup(req->input, qn);
    pl_kb_hit_t hits[LLM_MAX_SOURCES];
    int nh = pl_kb_search(b->cfg.kb, q, &f, hits, max);
    pl_free(q);
    if (nh < 0) {
        pl_log_warn(MOD, "%s: retrieval failed: %s", b->prov->name, pl_kb_last_error(b->cfg.kb));
        return;
    }
    t->sources = pl_calloc(nh > 0 ? (size_t)nh : 1, sizeof(*t->sources));
    for (int i = 0; i < nh; i++) {
        const pl_kb_hit_t *h = &hits[i];
        if (h->score < b->cfg.rag_min_score || h->text == NULL)
            continue;
        llm_source_t *x = &t->sources[t->n_sources];
        if (h->source == PL_KB_DOCUMENT) {
            if (h->document_id == NULL || h->chunk_id == NULL || h->filename == NULL)
                continue;
            x->is_document = 1;
            x->document_id = pl_strdup(h->document_id);
            x->chunk_id = pl_strdup(h->chunk_id);
            x->filename = pl_strdup(h->filename);
            x->title = pl_strdup(h->filename);
            x->page_start = h->page_start;
            x->page_end = h->page_end;
        } else {
            const pl_kb_lesson_t *l = h->lesson_id != NULL ? pl_kb_lesson_get(b->cfg.kb, h->lesson_id)
                                                           : NULL;
            if (l == NULL)
                continue;
            x->title = pl_strdup(l->title);
            x->heading = pl_strdup(h->section >= 0 && (size_t)h->section < l->n_sections
                                       ? l->sections[h->section].heading
                                       : "Key facts");
        }
        x->text = pl_strdup(h->text);
        x->score = h->score;
        t->n_sources++;
    }
    pl_log_debug(MOD, "%s: %zu source(s) for the prompt", b->prov->name, t->n_sources);
}

static llm_t *brain_of(pl_brain_t *base)
{
    return (llm_t *)base;
}

static int llm_start(pl_brain_t *base, const pl_brain_request_t *req, const pl_brain_sink_t *sink,
                     void *ud, pl_brain_turn_t **out)
{
    llm_t *b = brain_of(base);
    if (req == NULL || sink == NULL || out == NULL || (req->input == NULL && req->input_len > 0))
        return PL_ERR_INVALID_ARGUMENT;
    pl_brain_turn_t *t = pl_calloc(1, sizeof(*t));
    t->b = b;
    t->sink = sink;
    t->ud = ud;
    t->errbody.max = LLM_MAX_ERROR_BODY;
    t->answer.max = 1u << 20;
    int rv = pl_sse_parser_new(&t->sse, NULL, sse_event, t);
    if (rv == 0) {
        t->retry_timer = evtimer_new(base->base, retry_cb, t);
        if (t->retry_timer == NULL)
            rv = PL_ERR_NOMEM;
    }
    if (rv == 0) {
        char *prompt = pl_brain_system_prompt(req->dialect, req->personality, req->topic);
        pl_buf_t system = PL_BUF_INIT(0);
        (void)pl_buf_append_str(&system, prompt);
        pl_free(prompt);
        if (req->use_documents && b->cfg.kb != NULL) {
            retrieve(t, req);
            llm_prompt_sources(&system, t->sources, t->n_sources, b->cfg.rag_chars);
        }
        if (b->cfg.search != NULL && b->prov->supports_tools && b->cfg.max_tool_rounds > 0 &&
            req->dialect != NULL && strcmp(req->dialect, "tutor") == 0) {
            t->tools_on = 1;
            llm_prompt_tools(&system);
        }
        t->system = system.data;
        t->n_msgs = t->cap_msgs = llm_prompt_messages(req, b->cfg.history_chars, &t->msgs);
        t->n_base_msgs = t->n_msgs;
        rv = b->prov->build(b, t, t->system, t->msgs, t->n_msgs, t->tools_on);
    }
    if (rv == 0)
        rv = attempt(t);
    if (rv != 0) {
        pl_log_error(MOD, "%s: cannot start a request: %s", b->prov->name, pl_strerror(rv));
        turn_free(t);
        return rv;
    }
    if (b->cfg.titles && req->n_history == 0 && req->input_len > 0 &&
        (req->conversation_title == NULL || req->conversation_title[0] == '\0'))
        start_title(t, req);
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
    if (t->title_turn != NULL) {
        turn_free(t->title_turn); /* and the title request's */
        t->title_turn = NULL;
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
    cfg->rag_passages = 5;
    cfg->rag_min_score = 0.15;
    cfg->rag_chars = 1500;
    cfg->max_tool_rounds = LLM_MAX_TOOL_ROUNDS;
    cfg->title_timeout = 10;
    cfg->title_grace = 0.5;
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
        bad_seconds(cfg->backoff_max) || cfg->retries > 100 || bad_seconds(cfg->title_timeout) ||
        bad_seconds(cfg->title_grace) ||
        cfg->max_tool_rounds > LLM_MAX_TOOL_ROUNDS || !(cfg->rag_min_score >= 0 && cfg->rag_min_score <= 1) ||
        (cfg->titles && cfg->title_timeout <= 0)) {
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
    if (cfg->search != NULL && !prov->supports_tools)
        pl_log_warn(MOD, "%s: web search is on, but this brain does not offer tools: it answers "
                    "without the web", prov->name);
    pl_log_info(MOD, "%s: retrieval %s, web search tool %s, titles %s (grace %g s)", prov->name,
                cfg->kb != NULL ? "on" : "off",
                cfg->search != NULL && prov->supports_tools ? "on (tutor dialect)" : "off",
                cfg->titles ? "on" : "off", cfg->title_grace);
    *out = &b->base;
    return 0;
}
