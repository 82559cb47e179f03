/*
 * libFuzzer harness of the LLM brains' small parsers (src/brain/llm_tools.c
 * and the title tidying of prompt.c).
 *
 * Input: byte 0 is the number of sources (mod 17) and a marker bound; the
 * rest is read three ways. (1) Split at line breaks, each line is one SSE
 * data payload fed to the tool-call accumulator: it must stay within its
 * bounds (LLM_MAX_TOOL_CALLS calls, LLM_MAX_TOOL_ARGS bytes of arguments,
 * LLM_MAX_TOOL_ID of a name), and each call's arguments either give a
 * non-empty query or fail cleanly. (2) As an answer, its [n] markers: the
 * numbers found are distinct, within 1..n_sources, and at most the bound.
 * (3) As a model's title: NULL, or valid UTF-8 of at most LLM_MAX_TITLE
 * bytes and six words. Any breach aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brain/llm_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n_sources = data[0] % 17;
    size_t max = 1 + (data[0] >> 5);
    const char *s = (const char *)data + 1;
    size_t len = size - 1;

    llm_tools_t a;
    memset(&a, 0, sizeof(a));
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            (void)llm_tools_feed(&a, s + start, i - start);
            start = i + 1;
        }
    }
    if (a.n > LLM_MAX_TOOL_CALLS)
        abort();
    for (size_t i = 0; i < a.n; i++) {
        const llm_tool_call_t *c = &a.calls[i];
        if (c->args.len > LLM_MAX_TOOL_ARGS || c->name.len > LLM_MAX_TOOL_ID ||
            (c->id != NULL && strlen(c->id) > LLM_MAX_TOOL_ID))
            abort();
        char *q = NULL;
        int rv = llm_tool_query(c->args.data, c->args.len, &q);
        if ((rv == 0) != (q != NULL) || (q != NULL && q[0] == '\0'))
            abort();
        pl_free(q);
        llm_tool_call_t copy;
        llm_tool_call_copy(&copy, c);
        if (copy.args.len != c->args.len)
            abort();
        llm_tool_call_free(&copy);
    }
    llm_tools_reset(&a);

    unsigned out[LLM_MAX_SOURCES];
    size_t k = llm_cited(s, len, n_sources, out, max);
    if (k > max)
        abort();
    for (size_t i = 0; i < k; i++) {
        if (out[i] < 1 || out[i] > n_sources)
            abort();
        for (size_t j = 0; j < i; j++)
            if (out[j] == out[i])
                abort();
    }

    char *t = llm_title_clean(s, len);
    if (t != NULL) {
        size_t tl = strlen(t), words = 1;
        if (tl == 0 || tl > LLM_MAX_TITLE || !llm_utf8_valid(t, tl))
            abort();
        for (size_t i = 0; i < tl; i++)
            words += t[i] == ' ';
        if (words > 6)
            abort();
        pl_free(t);
    }
    return 0;
}
