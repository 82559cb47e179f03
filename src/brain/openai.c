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

static void openai_event(pl_brain_turn_t *t, const pl_sse_event_t *ev)
{
    if (strcmp(ev->type, "message") != 0 && strcmp(ev->type, "error") != 0)
        return;
    if (ev->data_len == 6 && memcmp(ev->data, "[DONE]", 6) == 0) {
        llm_finish(t, NULL);
        return;
    }
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
        if (s != NULL) {
            if (llm_emit(t, s, strlen(s)) != 0) {
                yajl_tree_free(root);
                return;
            }
        }
        yajl_val fin = yajl_tree_get(c, finish_path, yajl_t_string);
        const char *reason = fin != NULL ? YAJL_GET_STRING(fin) : NULL;
        if (reason != NULL) {
            if (strcmp(reason, "content_filter") == 0 && !t->got_text && t->tools.n == 0)
                llm_fail(t, PL_ERR_FORBIDDEN, "The AI provider's content filter blocked this answer.");
            else
                llm_finish(t, reason);
        }
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
