/*
 * libFuzzer harness of the Tavily response parser (pl_search_parse) and of
 * the text the LLM brains build from its results (pl_search_results_text).
 *
 * Input: byte 0 picks the bounds of the text (per-hit and total
 * characters); the rest is a response body. A parse either fails with a
 * reason and no results, or gives at most PL_SEARCH_MAX_RESULTS hits, each
 * with a url, valid UTF-8 strings and a score in [0, 1]; the text is valid
 * UTF-8 and within its bound. Any breach aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/mem.h"
#include "parley/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, n;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3;
        else
            return 0;
        for (unsigned i = 1; i <= n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n + 1;
    }
    return 1;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t per_hit = 1 + (data[0] & 0x0F) * 37;
    size_t max_chars = 1 + (size_t)(data[0] >> 4) * 211;
    pl_search_results_t *r = (pl_search_results_t *)&r;
    char err[160];
    int rv = pl_search_parse((const char *)data + 1, size - 1, &r, err, sizeof(err));
    if (rv != 0) {
        if (r != NULL || err[0] == '\0') {
            fprintf(stderr, "a failed parse left results or no reason\n");
            abort();
        }
        return 0;
    }
    if (r == NULL || r->n > PL_SEARCH_MAX_RESULTS)
        abort();
    for (size_t i = 0; i < r->n; i++) {
        const pl_search_hit_t *h = &r->hits[i];
        if (h->url == NULL || h->url[0] == '\0' || h->title == NULL || h->content == NULL ||
            !(h->score >= 0 && h->score <= 1) || !utf8_ok(h->url) || !utf8_ok(h->title) ||
            !utf8_ok(h->content)) {
            fprintf(stderr, "hit %zu breaks an invariant\n", i);
            abort();
        }
    }
    char *t = pl_search_results_text(r, per_hit, max_chars);
    if (t == NULL || !utf8_ok(t) || chars(t) > max_chars) {
        fprintf(stderr, "the text breaks its bound or UTF-8\n");
        abort();
    }
    pl_free(t);
    pl_search_results_free(r);
    return 0;
}
