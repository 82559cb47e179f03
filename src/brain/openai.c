/*
 * openai.c - the OpenAI-compatible brain: POST {base_url}/chat/completions
 * with `stream: true` (OpenAI, Ollama, llama.cpp server, vLLM, ...).
 *
 * Request: {"model", "stream": true, "messages": [system, history..., user]}
 * with "Authorization: Bearer <key>" when a key is set. Response: SSE
 * events whose data is a chat.completion.chunk; choices[0].delta.content is
 * a piece of the answer (a whole JSON string, so never a split code point),
 * choices[0].finish_reason ends the answer, `data: [DONE]` ends the stream,
 * and {"error": {"message": ...}} in place of a chunk is a failure. Events
 * of another type than "message" (keep-alive pings of some proxies) are
 * skipped. The shared machinery is llm.c.
 *
 * Reading a chunk: most chunks have one shape, {"id", "object", "created",
 * "model", "choices": [{"index", "delta": {"role"?, "content"}, ...,
 * "finish_reason"}]}; llm_openai_delta() reads that shape in one pass over
 * the bytes, with no tree and no allocation. It validates the whole text as
 * strict JSON (RFC 8259; strings strict UTF-8) and takes only what it is
 * sure of: anything else (an "error" member, non-null tool_calls, a key of
 * interest twice or spelt with escapes, \u0000, an unpaired surrogate,
 * nesting past LLM_DELTA_MAX_DEPTH, a decoded text past its buffer, or any
 * syntax it does not accept) sends the chunk to the general reading with
 * yajl_tree below, which then decides, so both readings agree on every
 * chunk the fast one takes (tests/unit/brain_llm: a differential test and
 * the openai_delta fuzzer hold them to it).
 *
 * Tools: with web search on, the request also carries
 * "tools": [{"type": "function", "function": {"name": "web_search", ...}}];
 * choices[0].delta.tool_calls fragments are accumulated (llm_tools.c) and
 * finish_reason "tool_calls" ends the answer's first part. The next request
 * adds {"role": "assistant", "content": <text so far or null>,
 * "tool_calls": [{"id", "type": "function", "function": {"name",
 * "arguments"}}]} and one {"role": "tool", "tool_call_id", "content"} per
 * call.
 */
#include "llm_int.h"
#include "parley/error.h"

#include <stddef.h>
#include <string.h>

/* The one tool: {"type": "function", "function": {name, description, parameters}}. */
static void gen_tools(yajl_gen g)
{
    llm_gen_str(g, "tools");
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    llm_gen_str(g, "type");
    llm_gen_str(g, "function");
    llm_gen_str(g, "function");
    yajl_gen_map_open(g);
    llm_gen_str(g, "name");
    llm_gen_str(g, "web_search");
    llm_gen_str(g, "description");
    llm_gen_str(g, "Search the web. Returns the best pages found, each with its title, address "
                   "and an extract of its text.");
    llm_gen_str(g, "parameters");
    yajl_gen_map_open(g);
    llm_gen_str(g, "type");
    llm_gen_str(g, "object");
    llm_gen_str(g, "properties");
    yajl_gen_map_open(g);
    llm_gen_str(g, "query");
    yajl_gen_map_open(g);
    llm_gen_str(g, "type");
    llm_gen_str(g, "string");
    llm_gen_str(g, "description");
    llm_gen_str(g, "What to search for, as words a search engine understands.");
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    llm_gen_str(g, "required");
    yajl_gen_array_open(g);
    llm_gen_str(g, "query");
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    yajl_gen_array_close(g);
}

static void gen_message(yajl_gen g, const llm_msg_t *m)
{
    yajl_gen_map_open(g);
    llm_gen_str(g, "role");
    llm_gen_str(g, m->role);
    llm_gen_str(g, "content");
    if (m->n_calls > 0 && m->len == 0)
        yajl_gen_null(g);
    else
        llm_gen_strn(g, m->text, m->len);
    if (m->n_calls > 0) {
        llm_gen_str(g, "tool_calls");
        yajl_gen_array_open(g);
        for (size_t i = 0; i < m->n_calls; i++) {
            const llm_tool_call_t *c = &m->calls[i];
            yajl_gen_map_open(g);
            llm_gen_str(g, "id");
            llm_gen_str(g, c->id != NULL ? c->id : "");
            llm_gen_str(g, "type");
            llm_gen_str(g, "function");
            llm_gen_str(g, "function");
            yajl_gen_map_open(g);
            llm_gen_str(g, "name");
            llm_gen_strn(g, c->name.data != NULL ? c->name.data : "", c->name.len);
            llm_gen_str(g, "arguments");
            llm_gen_strn(g, c->args.data != NULL ? c->args.data : "", c->args.len);
            yajl_gen_map_close(g);
            yajl_gen_map_close(g);
        }
        yajl_gen_array_close(g);
    }
    if (m->tool_call_id != NULL) {
        llm_gen_str(g, "tool_call_id");
        llm_gen_str(g, m->tool_call_id);
    }
    yajl_gen_map_close(g);
}

static int openai_build(const llm_t *b, pl_brain_turn_t *t, const char *system, const llm_msg_t *msgs,
                        size_t n, int tools)
{
    pl_buf_t url = PL_BUF_INIT(0);
    (void)pl_buf_appendf(&url, "%s/chat/completions", b->base_url);
    t->url = url.data;
    llm_add_header(t, "Content-Type", "application/json");
    llm_add_header(t, "Accept", "text/event-stream");
    if (b->api_key != NULL) {
        pl_buf_t v = PL_BUF_INIT(0);
        (void)pl_buf_appendf(&v, "Bearer %s", b->api_key);
        llm_add_header(t, "Authorization", v.data);
        memset(v.data, 0, v.len);
        pl_buf_free(&v);
    }
    yajl_gen g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return PL_ERR_NOMEM;
    yajl_gen_map_open(g);
    llm_gen_str(g, "model");
    llm_gen_str(g, b->model);
    llm_gen_str(g, "stream");
    yajl_gen_bool(g, 1);
    llm_gen_str(g, "messages");
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    llm_gen_str(g, "role");
    llm_gen_str(g, "system");
    llm_gen_str(g, "content");
    llm_gen_str(g, system);
    yajl_gen_map_close(g);
    for (size_t i = 0; i < n; i++)
        gen_message(g, &msgs[i]);
    yajl_gen_array_close(g);
    if (tools)
        gen_tools(g);
    yajl_gen_map_close(g);
    llm_gen_take(g, &t->body, &t->body_len);
    yajl_gen_free(g);
    return 0;
}

/* ------------------------------------------------ the fast reading */

/* A cursor over the chunk's bytes; depth counts open objects and arrays. */
typedef struct jr {
    const unsigned char *p, *end;
    int depth;
} jr_t;

/* What the members of interest held, as raw spans of the input. */
typedef struct delta_raw {
    const unsigned char *content, *reason;
    size_t content_len, reason_len;
    int content_esc, reason_esc;
    int seen_choices, seen_delta, seen_reason, seen_content, seen_tools;
} delta_raw_t;

static void jws(jr_t *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* Bytes of the strict UTF-8 sequence at p (not ASCII), 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t left = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF)
        return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0; /* overlong, surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0; /* overlong, past U+10FFFF */
        return 4;
    }
    return 0;
}

/*
 * A string at its opening quote: checks it (escapes, strict UTF-8, no raw
 * control character) and gives the span between the quotes and whether it
 * holds escapes. 0, or -1 (not taken).
 */
static int jstring(jr_t *r, const unsigned char **s, size_t *n, int *esc)
{
    const unsigned char *p = r->p, *end = r->end;
    if (p >= end || *p != '"')
        return -1;
    const unsigned char *start = ++p;
    int e = 0;
    while (p < end) {
        unsigned c = *p;
        if (c == '"') {
            *s = start;
            *n = (size_t)(p - start);
            *esc = e;
            r->p = p + 1;
            return 0;
        }
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            e = 1;
            if (end - p < 2)
                return -1;
            unsigned x = p[1];
            if (x == 'u') {
                if (end - p < 6)
                    return -1;
                for (int i = 2; i < 6; i++)
                    if (hexval(p[i]) < 0)
                        return -1;
                p += 6;
            } else if (x == '"' || x == '\\' || x == '/' || x == 'b' || x == 'f' || x == 'n' ||
                       x == 'r' || x == 't') {
                p += 2;
            } else {
                return -1;
            }
        } else if (c < 0x80) {
            p++;
        } else {
            size_t k = utf8_seq_len(p, end);
            if (k == 0)
                return -1;
            p += k;
        }
    }
    return -1;
}

static int jdigits(jr_t *r)
{
    const unsigned char *p = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
        r->p++;
    return r->p > p ? 0 : -1;
}

/* A number (RFC 8259 grammar). */
static int jnumber(jr_t *r)
{
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p >= r->end)
        return -1;
    if (*r->p == '0')
        r->p++;
    else if (jdigits(r) != 0)
        return -1;
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (jdigits(r) != 0)
            return -1;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (jdigits(r) != 0)
            return -1;
    }
    return 0;
}

static int jliteral(jr_t *r, const char *lit, size_t n)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0)
        return -1;
    r->p += n;
    return 0;
}

typedef int (*jmember_fn)(jr_t *r, const unsigned char *key, size_t n, delta_raw_t *d);

static int jobject(jr_t *r, jmember_fn fn, delta_raw_t *d);

/* Any value, checked and skipped (at its first byte). */
static int jvalue(jr_t *r)
{
    if (r->p >= r->end)
        return -1;
    const unsigned char *s;
    size_t n;
    int esc;
    switch (*r->p) {
    case '"':
        return jstring(r, &s, &n, &esc);
    case '{':
        return jobject(r, NULL, NULL);
    case '[': {
        if (++r->depth > LLM_DELTA_MAX_DEPTH)
            return -1;
        r->p++;
        jws(r);
        if (r->p < r->end && *r->p == ']') {
            r->p++;
            r->depth--;
            return 0;
        }
        for (;;) {
            jws(r);
            if (jvalue(r) != 0)
                return -1;
            jws(r);
            if (r->p >= r->end)
                return -1;
            if (*r->p == ']') {
                r->p++;
                r->depth--;
                return 0;
            }
            if (*r->p++ != ',')
                return -1;
        }
    }
    case 't':
        return jliteral(r, "true", 4);
    case 'f':
        return jliteral(r, "false", 5);
    case 'n':
        return jliteral(r, "null", 4);
    default:
        return (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) ? jnumber(r) : -1;
    }
}

/*
 * An object at its '{': each member's value goes to fn (positioned at the
 * value, which it must consume), or is skipped when fn is NULL. Within an
 * object read through fn, a key with escapes is not taken.
 */
static int jobject(jr_t *r, jmember_fn fn, delta_raw_t *d)
{
    if (++r->depth > LLM_DELTA_MAX_DEPTH)
        return -1;
    r->p++;
    jws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        r->depth--;
        return 0;
    }
    for (;;) {
        const unsigned char *k;
        size_t kn;
        int kesc;
        jws(r);
        if (jstring(r, &k, &kn, &kesc) != 0)
            return -1;
        jws(r);
        if (r->p >= r->end || *r->p != ':')
            return -1;
        r->p++;
        jws(r);
        if (r->p >= r->end)
            return -1; /* fn may look at the value's first byte */
        int rv = fn == NULL ? jvalue(r) : kesc ? -1 : fn(r, k, kn, d);
        if (rv != 0)
            return -1;
        jws(r);
        if (r->p >= r->end)
            return -1;
        if (*r->p == '}') {
            r->p++;
            r->depth--;
            return 0;
        }
        if (*r->p++ != ',')
            return -1;
    }
}

static int key_is(const unsigned char *k, size_t n, const char *name)
{
    size_t m = strlen(name);
    return n == m && memcmp(k, name, m) == 0;
}

/* choices[0].delta: content (a string) and tool_calls (only null is taken). */
static int delta_member(jr_t *r, const unsigned char *k, size_t n, delta_raw_t *d)
{
    if (key_is(k, n, "content")) {
        if (d->seen_content++)
            return -1;
        if (*r->p == '"')
            return jstring(r, &d->content, &d->content_len, &d->content_esc);
        return jvalue(r);
    }
    if (key_is(k, n, "tool_calls")) {
        if (d->seen_tools++)
            return -1;
        return jliteral(r, "null", 4); /* tool calls: the general reading */
    }
    return jvalue(r);
}

/* choices[0]: delta (an object) and finish_reason (a string). */
static int choice_member(jr_t *r, const unsigned char *k, size_t n, delta_raw_t *d)
{
    if (key_is(k, n, "delta")) {
        if (d->seen_delta++)
            return -1;
        return *r->p == '{' ? jobject(r, delta_member, d) : jvalue(r);
    }
    if (key_is(k, n, "finish_reason")) {
        if (d->seen_reason++)
            return -1;
        if (*r->p == '"')
            return jstring(r, &d->reason, &d->reason_len, &d->reason_esc);
        return jvalue(r);
    }
    return jvalue(r);
}

/* The top level: choices (an array; its first element read), never error. */
static int root_member(jr_t *r, const unsigned char *k, size_t n, delta_raw_t *d)
{
    if (key_is(k, n, "error"))
        return -1; /* a failure: the general reading words it */
    if (!key_is(k, n, "choices"))
        return jvalue(r);
    if (d->seen_choices++)
        return -1;
    if (*r->p != '[')
        return jvalue(r);
    if (++r->depth > LLM_DELTA_MAX_DEPTH)
        return -1;
    r->p++;
    jws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        r->depth--;
        return 0;
    }
    for (int first = 1;; first = 0) {
        jws(r);
        int rv = first && r->p < r->end && *r->p == '{' ? jobject(r, choice_member, d) : jvalue(r);
        if (rv != 0)
            return -1;
        jws(r);
        if (r->p >= r->end)
            return -1;
        if (*r->p == ']') {
            r->p++;
            r->depth--;
            return 0;
        }
        if (*r->p++ != ',')
            return -1;
    }
}

/*
 * Decodes a checked string's escapes into out (cap bytes, NUL added);
 * returns the length, or -1 for what is not taken: \u0000, an unpaired
 * surrogate, no room.
 */
static long junescape(const unsigned char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        unsigned char enc[4];
        size_t k = 1;
        if (c != '\\') {
            enc[0] = (unsigned char)c;
            i++;
        } else {
            unsigned x = s[i + 1];
            i += 2;
            switch (x) {
            case 'b': enc[0] = '\b'; break;
            case 'f': enc[0] = '\f'; break;
            case 'n': enc[0] = '\n'; break;
            case 'r': enc[0] = '\r'; break;
            case 't': enc[0] = '\t'; break;
            case 'u': {
                unsigned cp = 0;
                for (int j = 0; j < 4; j++)
                    cp = cp << 4 | (unsigned)hexval(s[i + (size_t)j]);
                i += 4;
                if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
                    return -1;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u')
                        return -1;
                    unsigned lo = 0;
                    for (int j = 2; j < 6; j++)
                        lo = lo << 4 | (unsigned)hexval(s[i + (size_t)j]);
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return -1;
                    i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if (cp < 0x80) {
                    enc[0] = (unsigned char)cp;
                } else if (cp < 0x800) {
                    enc[0] = (unsigned char)(0xC0 | cp >> 6);
                    enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
                    k = 2;
                } else if (cp < 0x10000) {
                    enc[0] = (unsigned char)(0xE0 | cp >> 12);
                    enc[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
                    k = 3;
                } else {
                    enc[0] = (unsigned char)(0xF0 | cp >> 18);
                    enc[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
                    enc[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[3] = (unsigned char)(0x80 | (cp & 0x3F));
                    k = 4;
                }
                break;
            }
            default: /* '"', '\\', '/' */
                enc[0] = (unsigned char)x;
                break;
            }
        }
        if (cap - o <= k)
            return -1;
        memcpy(out + o, enc, k);
        o += k;
    }
    out[o] = '\0';
    return (long)o;
}

int llm_openai_delta(const char *data, size_t len, llm_delta_t *out)
{
    memset(out, 0, offsetof(llm_delta_t, text));
    out->text[0] = out->reason[0] = '\0';
    jr_t r = {(const unsigned char *)data, (const unsigned char *)data + len, 0};
    delta_raw_t d;
    memset(&d, 0, sizeof(d));
    jws(&r);
    if (r.p >= r.end || *r.p != '{' || jobject(&r, root_member, &d) != 0)
        return 0;
    jws(&r);
    if (r.p != r.end)
        return 0; /* trailing bytes */
    if (d.content != NULL) {
        if (!d.content_esc) {
            out->content = (const char *)d.content;
            out->content_len = d.content_len;
        } else {
            long n = junescape(d.content, d.content_len, out->text, sizeof(out->text));
            if (n < 0)
                return 0;
            out->content = out->text;
            out->content_len = (size_t)n;
        }
    }
    if (d.reason != NULL) {
        long n;
        if (!d.reason_esc) {
            if (d.reason_len >= sizeof(out->reason))
                return 0;
            memcpy(out->reason, d.reason, d.reason_len);
            out->reason[d.reason_len] = '\0';
            n = (long)d.reason_len;
        } else {
            n = junescape(d.reason, d.reason_len, out->reason, sizeof(out->reason));
        }
        if (n < 0)
            return 0;
        out->finish_reason = out->reason;
    }
    return 1;
}

/* What a chunk says, however it was read: a piece of text, then maybe the end. */
static void apply_choice(pl_brain_turn_t *t, const char *content, size_t len, const char *reason)
{
    if (content != NULL && llm_emit(t, content, len) != 0)
        return;
    if (reason != NULL) {
        if (strcmp(reason, "content_filter") == 0 && !t->got_text && t->tools.n == 0)
            llm_fail(t, PL_ERR_FORBIDDEN, "The AI provider's content filter blocked this answer.");
        else
            llm_finish(t, reason);
    }
}

static void openai_event(pl_brain_turn_t *t, const pl_sse_event_t *ev)
{
    if (strcmp(ev->type, "message") != 0 && strcmp(ev->type, "error") != 0)
        return;
    if (ev->data_len == 6 && memcmp(ev->data, "[DONE]", 6) == 0) {
        llm_finish(t, NULL);
        return;
    }
    llm_delta_t fast;
    if (llm_openai_delta(ev->data, ev->data_len, &fast)) {
        apply_choice(t, fast.content, fast.content_len, fast.finish_reason);
        return;
    }
    /* The general reading. */
    char errbuf[128];
    yajl_val root = yajl_tree_parse(ev->data, errbuf, sizeof(errbuf));
    if (root == NULL || !YAJL_IS_OBJECT(root)) {
        llm_fail(t, PL_ERR_PROTOCOL, "The AI provider sent an event that is not a JSON object.");
        yajl_tree_free(root);
        return;
    }
    static const char *error_path[] = {"error", NULL};
    if (yajl_tree_get(root, error_path, yajl_t_any) != NULL) {
        char text[LLM_MAX_ERROR_TEXT + 1];
        const char *m = llm_error_message(root);
        llm_error_text(m != NULL ? m : "unknown error", text, sizeof(text));
        llm_fail(t, PL_ERR_PROTOCOL, "The AI provider reported an error: %s", text);
        yajl_tree_free(root);
        return;
    }
    static const char *choices_path[] = {"choices", NULL};
    yajl_val choices = yajl_tree_get(root, choices_path, yajl_t_array);
    if (choices != NULL && choices->u.array.len > 0) {
        yajl_val c = choices->u.array.values[0];
        static const char *content_path[] = {"delta", "content", NULL};
        static const char *finish_path[] = {"finish_reason", NULL};
        static const char *tools_path[] = {"delta", "tool_calls", NULL};
        yajl_val tc = yajl_tree_get(c, tools_path, yajl_t_any);
        if (tc != NULL && !YAJL_IS_NULL(tc) && llm_tools_add(&t->tools, tc) == PL_ERR_TOO_LARGE) {
            llm_fail(t, PL_ERR_PROTOCOL, "The AI provider sent a tool call over the size limit.");
            yajl_tree_free(root);
            return;
        }
        yajl_val content = yajl_tree_get(c, content_path, yajl_t_string);
        const char *s = content != NULL ? YAJL_GET_STRING(content) : NULL;
        yajl_val fin = yajl_tree_get(c, finish_path, yajl_t_string);
        const char *reason = fin != NULL ? YAJL_GET_STRING(fin) : NULL;
        apply_choice(t, s, s != NULL ? strlen(s) : 0, reason);
    }
    yajl_tree_free(root);
}

static const llm_provider_t openai = {
    .name = "openai",
    .default_base_url = "https://api.openai.com/v1",
    .default_model = "gpt-4o-mini",
    .default_key_env = "OPENAI_API_KEY",
    .key_required = 0,
    .build = openai_build,
    .supports_tools = 1,
    .on_event = openai_event,
};

int pl_brain_openai_new(pl_brain_t **out, struct event_base *base, const pl_brain_llm_config_t *cfg)
{
    return llm_brain_new(out, base, &openai, cfg);
}
