/*
 * search.c - the web search client: Tavily's `POST {base}/search` over
 * pl_httpc, its response parser, and the plain-text form of its results
 * that the LLM brains hand to a model.
 *
 * A search is one HTTP request: the body is collected (bounded by
 * PL_SEARCH_MAX_BODY), then parsed with yajl_tree when the status is 2xx;
 * any other status becomes an error code and a message made from the
 * provider's error body ({"detail": {"error": ...}}, {"detail": ...},
 * {"error": ...} or {"message": ...}). There are no retries: the callers
 * fall back to answering without the web, which beats keeping a student
 * waiting. The key is only put into the Authorization header; messages
 * that would quote it are redacted.
 */
#include "parley/search.h"
#include "parley/error.h"
#include "parley/httpc.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD "search"
#define MAX_ERROR_TEXT 200u

struct pl_search {
    struct event_base *base;
    pl_httpc_t *httpc;
    int own_httpc;
    char *url;          /* {base}/search */
    char *auth;         /* "Authorization: Bearer <key>"; never logged */
    char *key;          /* for redaction */
    char *key_env;
    char *depth;
    unsigned max_results;
    int include_answer;
    double connect_timeout, timeout;
    pl_search_req_t *reqs;
    size_t active;
};

struct pl_search_req {
    pl_search_t *s;
    pl_httpc_req_t *req;
    pl_search_cb cb;
    void *ud;
    long status;
    pl_buf_t body;
    int too_large;
    pl_search_req_t *prev, *next;
};

void pl_search_config_init(pl_search_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->max_results = 5;
    cfg->search_depth = "basic";
    cfg->connect_timeout = 5;
    cfg->timeout = 10;
}

static int bad_seconds(double s)
{
    return !isfinite(s) || s <= 0 || s > 3600;
}

int pl_search_new(pl_search_t **out, struct event_base *base, const pl_search_config_t *cfg)
{
    if (out == NULL || base == NULL || cfg == NULL || cfg->max_results < 1 ||
        cfg->max_results > PL_SEARCH_MAX_RESULTS || bad_seconds(cfg->connect_timeout) ||
        bad_seconds(cfg->timeout)) {
        pl_log_error(MOD, "invalid settings (max results 1..%u, timeouts in (0, 3600] seconds)",
                     PL_SEARCH_MAX_RESULTS);
        return PL_ERR_INVALID_ARGUMENT;
    }
    const char *depth = cfg->search_depth != NULL && cfg->search_depth[0] ? cfg->search_depth : "basic";
    if (strcmp(depth, "basic") != 0 && strcmp(depth, "advanced") != 0) {
        pl_log_error(MOD, "search depth must be basic or advanced (got '%s')", depth);
        return PL_ERR_INVALID_ARGUMENT;
    }
    const char *url = cfg->base_url != NULL && cfg->base_url[0] ? cfg->base_url : "https://api.tavily.com";
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        pl_log_error(MOD, "the search base URL must start with http:// or https:// (got '%s')", url);
        return PL_ERR_INVALID_ARGUMENT;
    }
    const char *env = cfg->api_key_env != NULL && cfg->api_key_env[0] ? cfg->api_key_env : "TAVILY_API_KEY";
    const char *key = getenv(env);
    if (key == NULL || key[0] == '\0') {
        pl_log_error(MOD, "web search: no API key: set the environment variable %s (or name another "
                     "one with --search-api-key-env), or run with --web-search off", env);
        return PL_ERR_INVALID_ARGUMENT;
    }
    if (strpbrk(key, "\r\n") != NULL) {
        pl_log_error(MOD, "web search: the API key in $%s holds a line break", env);
        return PL_ERR_INVALID_ARGUMENT;
    }
    pl_search_t *s = pl_calloc(1, sizeof(*s));
    s->base = base;
    pl_buf_t b = PL_BUF_INIT(0);
    (void)pl_buf_append_str(&b, url);
    while (b.len > 0 && b.data[b.len - 1] == '/')
        b.data[--b.len] = '\0';
    (void)pl_buf_append_str(&b, "/search");
    s->url = b.data;
    pl_buf_t h = PL_BUF_INIT(0);
    (void)pl_buf_appendf(&h, "Authorization: Bearer %s", key);
    s->auth = h.data;
    s->key = pl_strdup(key);
    s->key_env = pl_strdup(env);
    s->depth = pl_strdup(depth);
    s->max_results = cfg->max_results;
    s->include_answer = cfg->include_answer;
    s->connect_timeout = cfg->connect_timeout;
    s->timeout = cfg->timeout;
    if (cfg->httpc != NULL) {
        s->httpc = cfg->httpc;
    } else {
        s->httpc = pl_httpc_new(base);
        s->own_httpc = 1;
        if (s->httpc == NULL) {
            pl_search_free(s);
            return PL_ERR_INVALID_ARGUMENT;
        }
    }
    pl_log_info(MOD, "web search: tavily at %s (%u results, %s; key from $%s)", s->url,
                s->max_results, s->depth, s->key_env);
    *out = s;
    return 0;
}

static void req_unlink(pl_search_req_t *r)
{
    pl_search_t *s = r->s;
    if (r->prev != NULL)
        r->prev->next = r->next;
    else if (s->reqs == r)
        s->reqs = r->next;
    if (r->next != NULL)
        r->next->prev = r->prev;
    r->prev = r->next = NULL;
    s->active--;
}

static void req_free(pl_search_req_t *r)
{
    pl_buf_free(&r->body);
    pl_free(r);
}

void pl_search_free(pl_search_t *s)
{
    if (s == NULL)
        return;
    while (s->reqs != NULL) {
        pl_search_req_t *r = s->reqs;
        req_unlink(r);
        if (r->req != NULL)
            pl_httpc_cancel(r->req);
        req_free(r);
    }
    if (s->own_httpc)
        pl_httpc_free(s->httpc);
    if (s->auth != NULL) {
        memset(s->auth, 0, strlen(s->auth));
        pl_free(s->auth);
    }
    if (s->key != NULL) {
        memset(s->key, 0, strlen(s->key));
        pl_free(s->key);
    }
    pl_free(s->url);
    pl_free(s->key_env);
    pl_free(s->depth);
    pl_free(s);
}

size_t pl_search_active(const pl_search_t *s)
{
    return s != NULL ? s->active : 0;
}

/* ----------------------------------------------------------------- UTF-8 */

/* Bytes of the first max_chars code points of s[0..n). */
static size_t cut_chars(const char *s, size_t n, size_t max_chars)
{
    size_t i = 0, chars = 0;
    while (i < n && chars < max_chars) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return i;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is invalid (overlong, a
 * surrogate, past U+10FFFF, cut short). yajl lets some of these through. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0xFFu >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* ------------------------------------------------------------- the parse */

/* A copy of a JSON string (or "") with every invalid UTF-8 sequence replaced by U+FFFD. */
static char *dup_str(yajl_val v)
{
    const char *s = YAJL_IS_STRING(v) ? YAJL_GET_STRING(v) : NULL;
    if (s == NULL)
        return pl_strdup("");
    size_t n = strlen(s), i = 0, run = 0;
    pl_buf_t b = PL_BUF_INIT(0);
    while (i < n) {
        size_t k = utf8_seq((const unsigned char *)s + i, n - i);
        if (k != 0) {
            i += k;
            continue;
        }
        (void)pl_buf_append(&b, s + run, i - run);
        (void)pl_buf_append(&b, "\xEF\xBF\xBD", 3);
        run = ++i;
    }
    (void)pl_buf_append(&b, s + run, n - run);
    return b.data;
}

static yajl_val field(yajl_val obj, const char *name)
{
    const char *path[] = {name, NULL};
    return yajl_tree_get(obj, path, yajl_t_any);
}

void pl_search_results_free(pl_search_results_t *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        pl_free(r->hits[i].title);
        pl_free(r->hits[i].url);
        pl_free(r->hits[i].content);
    }
    pl_free(r->hits);
    pl_free(r->query);
    pl_free(r->answer);
    pl_free(r);
}

int pl_search_parse(const char *body, size_t len, pl_search_results_t **out, char *err, size_t errlen)
{
    char ebuf[160];
    if (errlen > 0)
        err[0] = '\0';
    *out = NULL;
    char *text = pl_strndup(body != NULL ? body : "", body != NULL ? len : 0);
    if (strlen(text) != len) {
        pl_free(text);
        snprintf(err, errlen, "the response holds a NUL byte");
        return PL_ERR_PARSE;
    }
    yajl_val root = yajl_tree_parse(text, ebuf, sizeof(ebuf));
    pl_free(text);
    if (root == NULL) {
        /* yajl's message spans lines; the first is enough */
        ebuf[strcspn(ebuf, "\r\n")] = '\0';
        snprintf(err, errlen, "the response is not JSON (%s)", ebuf);
        return PL_ERR_PARSE;
    }
    if (!YAJL_IS_OBJECT(root)) {
        yajl_tree_free(root);
        snprintf(err, errlen, "the response is not a JSON object");
        return PL_ERR_PARSE;
    }
    yajl_val results = field(root, "results");
    if (results != NULL && !YAJL_IS_ARRAY(results) && !YAJL_IS_NULL(results)) {
        yajl_tree_free(root);
        snprintf(err, errlen, "'results' is not an array");
        return PL_ERR_PARSE;
    }
    pl_search_results_t *r = pl_calloc(1, sizeof(*r));
    yajl_val q = field(root, "query");
    if (YAJL_IS_STRING(q))
        r->query = dup_str(q);
    yajl_val a = field(root, "answer");
    if (YAJL_IS_STRING(a) && YAJL_GET_STRING(a)[0] != '\0')
        r->answer = dup_str(a);
    size_t n = YAJL_IS_ARRAY(results) ? results->u.array.len : 0;
    r->hits = pl_calloc(n < PL_SEARCH_MAX_RESULTS ? (n ? n : 1) : PL_SEARCH_MAX_RESULTS,
                        sizeof(*r->hits));
    for (size_t i = 0; i < n && r->n < PL_SEARCH_MAX_RESULTS; i++) {
        yajl_val h = results->u.array.values[i];
        if (!YAJL_IS_OBJECT(h))
            continue;
        yajl_val url = field(h, "url");
        if (!YAJL_IS_STRING(url) || YAJL_GET_STRING(url)[0] == '\0')
            continue;
        pl_search_hit_t *x = &r->hits[r->n++];
        x->url = dup_str(url);
        x->title = dup_str(field(h, "title"));
        x->content = dup_str(field(h, "content"));
        yajl_val sc = field(h, "score");
        double score = YAJL_IS_NUMBER(sc) ? YAJL_GET_DOUBLE(sc) : 0;
        const char *scs = YAJL_IS_STRING(sc) ? YAJL_GET_STRING(sc) : NULL;
        if (scs != NULL)
            score = strtod(scs, NULL);
        x->score = isfinite(score) ? (score < 0 ? 0 : score > 1 ? 1 : score) : 0;
    }
    yajl_tree_free(root);
    *out = r;
    return 0;
}

/*
 * Appends s with runs of white space collapsed to one space, leading and
 * trailing ones dropped, at most max_chars code points (s is valid UTF-8,
 * so the cut falls between code points).
 */
static void append_collapsed(pl_buf_t *b, const char *s, size_t max_chars)
{
    size_t chars = 0;
    int space = 0;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if ((c & 0xC0) != 0x80) {
            if (chars + (space ? 2u : 1u) > max_chars)
                break;
            if (space) {
                (void)pl_buf_append(b, " ", 1);
                chars++;
                space = 0;
            }
            chars++;
        }
        (void)pl_buf_append(b, p, 1);
    }
}

char *pl_search_results_text(const pl_search_results_t *r, size_t per_hit, size_t max_chars)
{
    pl_buf_t b = PL_BUF_INIT(0);
    const char *q = r != NULL && r->query != NULL ? r->query : "";
    if (r == NULL || (r->n == 0 && r->answer == NULL)) {
        (void)pl_buf_append_str(&b, "The web search found nothing");
        if (q[0] != '\0') {
            (void)pl_buf_append_str(&b, " for: ");
            append_collapsed(&b, q, PL_SEARCH_MAX_QUERY);
        }
        (void)pl_buf_append_str(&b, ".");
    } else {
        (void)pl_buf_append_str(&b, "Web search results");
        if (q[0] != '\0') {
            (void)pl_buf_append_str(&b, " for: ");
            append_collapsed(&b, q, PL_SEARCH_MAX_QUERY);
        }
        (void)pl_buf_append_str(&b, "\n");
        if (r->answer != NULL) {
            (void)pl_buf_append_str(&b, "\nShort answer from the search provider: ");
            append_collapsed(&b, r->answer, per_hit);
            (void)pl_buf_append_str(&b, "\n");
        }
        for (size_t i = 0; i < r->n; i++) {
            (void)pl_buf_appendf(&b, "\n[%zu] ", i + 1);
            append_collapsed(&b, r->hits[i].title[0] ? r->hits[i].title : "(untitled)", 200);
            (void)pl_buf_append_str(&b, "\nURL: ");
            append_collapsed(&b, r->hits[i].url, 500);
            (void)pl_buf_append_str(&b, "\n");
            append_collapsed(&b, r->hits[i].content, per_hit);
            (void)pl_buf_append_str(&b, "\n");
        }
    }
    if (b.data == NULL)
        (void)pl_buf_append(&b, "", 0);
    size_t keep = cut_chars(b.data, b.len, max_chars);
    b.data[keep] = '\0';
    return b.data;
}

/* -------------------------------------------------------------- requests */

static int on_head(void *ud, long status, const char *content_type, double retry_after)
{
    (void)content_type;
    (void)retry_after;
    pl_search_req_t *r = ud;
    r->status = status;
    return 0;
}

static int on_body(void *ud, const char *data, size_t len)
{
    pl_search_req_t *r = ud;
    if (r->body.len + len > PL_SEARCH_MAX_BODY) {
        r->too_large = 1;
        return 1;
    }
    (void)pl_buf_append(&r->body, data, len);
    return 0;
}

/* The message of a provider's error body, or "". */
static void error_text(const pl_search_req_t *r, char *out, size_t cap)
{
    out[0] = '\0';
    if (r->body.len == 0)
        return;
    char *text = pl_strndup(r->body.data, r->body.len);
    yajl_val root = yajl_tree_parse(text, NULL, 0);
    pl_free(text);
    const char *m = NULL;
    if (YAJL_IS_OBJECT(root)) {
        yajl_val d = field(root, "detail");
        if (YAJL_IS_OBJECT(d) && YAJL_IS_STRING(field(d, "error")))
            m = YAJL_GET_STRING(field(d, "error"));
        else if (YAJL_IS_STRING(d))
            m = YAJL_GET_STRING(d);
        yajl_val e = field(root, "error");
        if (m == NULL && YAJL_IS_STRING(e))
            m = YAJL_GET_STRING(e);
        if (m == NULL && YAJL_IS_OBJECT(e) && YAJL_IS_STRING(field(e, "message")))
            m = YAJL_GET_STRING(field(e, "message"));
        if (m == NULL && YAJL_IS_STRING(field(root, "message")))
            m = YAJL_GET_STRING(field(root, "message"));
    }
    if (m != NULL) {
        size_t n = cut_chars(m, strlen(m), MAX_ERROR_TEXT);
        if (n >= cap) {
            n = cap - 1;
            while (n > 0 && ((unsigned char)m[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(out, m, n);
        out[n] = '\0';
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)out[i] < 0x20)
                out[i] = ' ';
    }
    yajl_tree_free(root);
}

static void on_done(void *ud, const pl_httpc_result_t *hr)
{
    pl_search_req_t *r = ud;
    pl_search_t *s = r->s;
    r->req = NULL;
    req_unlink(r);
    char msg[1024], text[MAX_ERROR_TEXT * 4 + 1];
    int err = 0;
    pl_search_results_t *res = NULL;
    if (r->too_large) {
        err = PL_ERR_TOO_LARGE;
        snprintf(msg, sizeof(msg), "the search response is over %u bytes", PL_SEARCH_MAX_BODY);
    } else if (hr->err == PL_ERR_TIMEOUT) {
        err = PL_ERR_TIMEOUT;
        snprintf(msg, sizeof(msg), "the search took longer than %g seconds",
                 hr->timeout == PL_HTTPC_TIMEOUT_CONNECT ? s->connect_timeout : s->timeout);
    } else if (hr->err != 0) {
        err = hr->err;
        snprintf(msg, sizeof(msg), "the search provider could not be reached (%s)",
                 hr->message != NULL && hr->message[0] ? hr->message : pl_strerror(hr->err));
    } else if (r->status < 200 || r->status > 299) {
        long st = r->status;
        error_text(r, text, sizeof(text));
        err = st == 401 || st == 403 ? PL_ERR_FORBIDDEN
              : st == 429             ? PL_ERR_LIMIT
              : st >= 500             ? PL_ERR_BUSY
                                      : PL_ERR_PROTOCOL;
        snprintf(msg, sizeof(msg), "the search provider answered HTTP %ld%s%s", st,
                 text[0] ? ": " : "", text);
    } else {
        char perr[160];
        err = pl_search_parse(r->body.data, r->body.len, &res, perr, sizeof(perr));
        if (err != 0) {
            err = PL_ERR_PROTOCOL;
            snprintf(msg, sizeof(msg), "the search response could not be read: %s", perr);
        } else {
            snprintf(msg, sizeof(msg), "ok");
        }
    }
    if (err != 0 && strstr(msg, s->key) != NULL)
        snprintf(msg, sizeof(msg), "the search failed (%s; details withheld)", pl_strerror(err));
    if (err != 0)
        pl_log_warn(MOD, "web search failed: %s", msg);
    else
        pl_log_debug(MOD, "web search: %zu results", res->n);
    r->cb(r->ud, err, msg, res);
    pl_search_results_free(res);
    req_free(r);
}

static const pl_httpc_callbacks_t http_cb = {on_head, on_body, on_done};

int pl_search_start(pl_search_t *s, const char *query, pl_search_cb cb, void *ud, pl_search_req_t **out)
{
    if (s == NULL || query == NULL || cb == NULL || out == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    while (*query == ' ' || *query == '\t' || *query == '\n' || *query == '\r')
        query++;
    if (query[0] == '\0')
        return PL_ERR_INVALID_ARGUMENT;
    size_t qlen = strlen(query);
    if (qlen > PL_SEARCH_MAX_QUERY) {
        qlen = PL_SEARCH_MAX_QUERY;
        while (qlen > 0 && ((unsigned char)query[qlen] & 0xC0) == 0x80)
            qlen--;
    }
    yajl_gen g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return PL_ERR_NOMEM;
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    yajl_gen_map_open(g);
    yajl_gen_string(g, (const unsigned char *)"query", 5);
    if (yajl_gen_string(g, (const unsigned char *)query, qlen) != yajl_gen_status_ok) {
        yajl_gen_free(g);
        return PL_ERR_UTF8;
    }
    yajl_gen_string(g, (const unsigned char *)"max_results", 11);
    yajl_gen_integer(g, s->max_results);
    yajl_gen_string(g, (const unsigned char *)"search_depth", 12);
    yajl_gen_string(g, (const unsigned char *)s->depth, strlen(s->depth));
    yajl_gen_string(g, (const unsigned char *)"include_answer", 14);
    yajl_gen_bool(g, s->include_answer);
    yajl_gen_map_close(g);
    const unsigned char *buf;
    size_t len;
    yajl_gen_get_buf(g, &buf, &len);

    pl_search_req_t *r = pl_calloc(1, sizeof(*r));
    r->s = s;
    r->cb = cb;
    r->ud = ud;
    r->body = (pl_buf_t)PL_BUF_INIT(0);
    const char *headers[] = {"Content-Type: application/json", "Accept: application/json", s->auth,
                             NULL};
    pl_httpc_request_t rq = {0};
    rq.method = "POST";
    rq.url = s->url;
    rq.headers = headers;
    rq.body = (const char *)buf;
    rq.body_len = len;
    rq.connect_timeout = s->connect_timeout;
    rq.total_timeout = s->timeout;
    int rv = pl_httpc_start(s->httpc, &rq, &http_cb, r, &r->req);
    yajl_gen_free(g);
    if (rv != 0) {
        pl_log_error(MOD, "cannot start a web search: %s", pl_strerror(rv));
        req_free(r);
        return rv;
    }
    r->next = s->reqs;
    if (s->reqs != NULL)
        s->reqs->prev = r;
    s->reqs = r;
    s->active++;
    *out = r;
    return 0;
}

void pl_search_cancel(pl_search_req_t *r)
{
    if (r == NULL)
        return;
    req_unlink(r);
    if (r->req != NULL)
        pl_httpc_cancel(r->req);
    req_free(r);
}
