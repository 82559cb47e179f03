/*
 * gemini.c - the Gemini brain: POST
 * {base_url}/models/{model}:streamGenerateContent?alt=sse with the key in
 * the x-goog-api-key header.
 *
 * Request: {"systemInstruction": {"parts": [{"text": system}]},
 * "contents": [{"role": "user"|"model", "parts": [{"text": ...}]}, ...]}.
 * Gemini wants the turns to alternate and to start with the user, so
 * consecutive messages of one role are joined (blank line between) and
 * leading model turns dropped. Response: SSE events (CRLF-separated) whose
 * data is a GenerateContentResponse; every candidates[0].content.parts[].text
 * is a piece of the answer (parts marked "thought" are skipped),
 * candidates[0].finishReason ends it (STOP, MAX_TOKENS; a safety reason
 * with no text yet is a failure), promptFeedback.blockReason refuses the
 * question, {"error": {...}} is a failure. The stream has no end marker:
 * the answer is complete when a finish reason came and the response ended.
 */
#include "llm_int.h"
#include "parley/error.h"

#include <string.h>

static void gen_content(yajl_gen g, const char *role, const pl_buf_t *text)
{
    yajl_gen_map_open(g);
    llm_gen_str(g, "role");
    llm_gen_str(g, role);
    llm_gen_str(g, "parts");
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    llm_gen_str(g, "text");
    llm_gen_strn(g, text->data != NULL ? text->data : "", text->len);
    yajl_gen_map_close(g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
}

static int gemini_build(const llm_t *b, pl_brain_turn_t *t, const char *system, const llm_msg_t *msgs,
                        size_t n, int tools)
{
    (void)tools; /* not offered to Gemini (supports_tools is 0; docs/brains.md) */
    pl_buf_t url = PL_BUF_INIT(0);
    if (strchr(b->model, '/') != NULL) /* "models/x", "tunedModels/y" */
        (void)pl_buf_appendf(&url, "%s/%s:streamGenerateContent?alt=sse", b->base_url, b->model);
    else
        (void)pl_buf_appendf(&url, "%s/models/%s:streamGenerateContent?alt=sse", b->base_url, b->model);
    t->url = url.data;
    llm_add_header(t, "Content-Type", "application/json");
    llm_add_header(t, "Accept", "text/event-stream");
    if (b->api_key != NULL)
        llm_add_header(t, "x-goog-api-key", b->api_key);

    yajl_gen g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return PL_ERR_NOMEM;
    yajl_gen_map_open(g);
    llm_gen_str(g, "systemInstruction");
    yajl_gen_map_open(g);
    llm_gen_str(g, "parts");
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    llm_gen_str(g, "text");
    llm_gen_str(g, system);
    yajl_gen_map_close(g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    llm_gen_str(g, "contents");
    yajl_gen_array_open(g);
    pl_buf_t text = PL_BUF_INIT(0);
    const char *role = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(msgs[i].role, "tool") == 0)
            continue;
        const char *r = strcmp(msgs[i].role, "user") == 0 ? "user" : "model";
        if (role == NULL && strcmp(r, "model") == 0)
            continue; /* the conversation must open with the user */
        if (role != NULL && strcmp(role, r) != 0) {
            gen_content(g, role, &text);
            pl_buf_reset(&text);
        } else if (role != NULL) {
            (void)pl_buf_append_str(&text, "\n\n");
        }
        role = r;
        (void)pl_buf_append(&text, msgs[i].text, msgs[i].len);
    }
    if (role != NULL)
        gen_content(g, role, &text);
    pl_buf_free(&text);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    llm_gen_take(g, &t->body, &t->body_len);
    yajl_gen_free(g);
    return 0;
}

static void gemini_event(pl_brain_turn_t *t, const pl_sse_event_t *ev)
{
    if (strcmp(ev->type, "message") != 0 && strcmp(ev->type, "error") != 0)
        return;
    char errbuf[128];
    yajl_val root = yajl_tree_parse(ev->data, errbuf, sizeof(errbuf));
    if (root == NULL || !YAJL_IS_OBJECT(root)) {
        llm_fail(t, PL_ERR_PROTOCOL, "The AI provider sent an event that is not a JSON object.");
        yajl_tree_free(root);
        return;
    }
    static const char *error_path[] = {"error", NULL};
    static const char *block_path[] = {"promptFeedback", "blockReason", NULL};
    static const char *cand_path[] = {"candidates", NULL};
    if (yajl_tree_get(root, error_path, yajl_t_any) != NULL) {
        char text[LLM_MAX_ERROR_TEXT + 1];
        const char *m = llm_error_message(root);
        llm_error_text(m != NULL ? m : "unknown error", text, sizeof(text));
        llm_fail(t, PL_ERR_PROTOCOL, "The AI provider reported an error: %s", text);
        goto out;
    }
    yajl_val block = yajl_tree_get(root, block_path, yajl_t_string);
    const char *blocked = block != NULL ? YAJL_GET_STRING(block) : NULL;
    if (blocked != NULL) {
        char text[64];
        llm_error_text(blocked, text, sizeof(text));
        llm_fail(t, PL_ERR_FORBIDDEN, "The AI provider blocked this question (%s).", text);
        goto out;
    }
    yajl_val cands = yajl_tree_get(root, cand_path, yajl_t_array);
    if (cands == NULL || cands->u.array.len == 0)
        goto out;
    yajl_val c = cands->u.array.values[0];
    static const char *parts_path[] = {"content", "parts", NULL};
    static const char *text_path[] = {"text", NULL};
    static const char *thought_path[] = {"thought", NULL};
    static const char *finish_path[] = {"finishReason", NULL};
    yajl_val parts = yajl_tree_get(c, parts_path, yajl_t_array);
    for (size_t i = 0; parts != NULL && i < parts->u.array.len; i++) {
        yajl_val p = parts->u.array.values[i];
        if (YAJL_IS_TRUE(yajl_tree_get(p, thought_path, yajl_t_any)))
            continue;
        yajl_val s = yajl_tree_get(p, text_path, yajl_t_string);
        const char *str = s != NULL ? YAJL_GET_STRING(s) : NULL;
        if (str != NULL && llm_emit(t, str, strlen(str)) != 0)
            goto out;
    }
    yajl_val fin = yajl_tree_get(c, finish_path, yajl_t_string);
    const char *reason = fin != NULL ? YAJL_GET_STRING(fin) : NULL;
    if (reason != NULL) {
        if (strcmp(reason, "FINISH_REASON_UNSPECIFIED") == 0)
            goto out;
        if (strcmp(reason, "STOP") != 0 && strcmp(reason, "MAX_TOKENS") != 0 && !t->got_text) {
            char text[64];
            llm_error_text(reason, text, sizeof(text));
            llm_fail(t, PL_ERR_FORBIDDEN, "The AI provider did not answer (%s).", text);
        } else {
            llm_finish(t, reason);
        }
    }
out:
    yajl_tree_free(root);
}

static const llm_provider_t gemini = {
    .name = "gemini",
    .default_base_url = "https://generativelanguage.googleapis.com/v1beta",
    .default_model = "gemini-2.0-flash",
    .default_key_env = "GEMINI_API_KEY",
    .key_required = 1,
    .build = gemini_build,
    .on_event = gemini_event,
};

int pl_brain_gemini_new(pl_brain_t **out, struct event_base *base, const pl_brain_llm_config_t *cfg)
{
    return llm_brain_new(out, base, &gemini, cfg);
}
