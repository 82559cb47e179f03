/*
 * llm_tools.c - the small parsers of the LLM brains' extras: OpenAI-style
 * tool calls arriving in stream fragments, the web_search arguments, and
 * the [n] source markers of an answer.
 *
 * Tool calls stream as `choices[0].delta.tool_calls`, an array of
 * fragments {index, id?, type?, function: {name?, arguments?}}: the first
 * fragment of a call carries its index, id and name, the following ones
 * pieces of the arguments' JSON text (cut anywhere, even inside a string).
 * The accumulator keys calls by index; a fragment without an index belongs
 * to the call its id opens, else to the last call (some servers send whole
 * calls without one). Names normally come whole; a fragment that repeats the
 * name is ignored, other pieces are appended. Everything is bounded
 * (LLM_MAX_TOOL_CALLS calls, LLM_MAX_TOOL_ARGS bytes of arguments,
 * LLM_MAX_TOOL_ID of an id or a name).
 */
#include "llm_int.h"
#include "parley/error.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void llm_tool_call_free(llm_tool_call_t *c)
{
    pl_free(c->id);
    c->id = NULL;
    pl_buf_free(&c->name);
    pl_buf_free(&c->args);
}

void llm_tool_call_copy(llm_tool_call_t *dst, const llm_tool_call_t *src)
{
    memset(dst, 0, sizeof(*dst));
    dst->index = src->index;
    dst->id = src->id != NULL ? pl_strdup(src->id) : NULL;
    dst->name = (pl_buf_t)PL_BUF_INIT(0);
    dst->args = (pl_buf_t)PL_BUF_INIT(0);
    (void)pl_buf_append(&dst->name, src->name.data != NULL ? src->name.data : "", src->name.len);
    (void)pl_buf_append(&dst->args, src->args.data != NULL ? src->args.data : "", src->args.len);
}

void llm_tools_reset(llm_tools_t *a)
{
    for (size_t i = 0; i < a->n; i++)
        llm_tool_call_free(&a->calls[i]);
    memset(a, 0, sizeof(*a));
}

static yajl_val get(yajl_val obj, const char *name)
{
    const char *path[] = {name, NULL};
    return yajl_tree_get(obj, path, yajl_t_any);
}

static llm_tool_call_t *open_call(llm_tools_t *a, int index)
{
    if (a->n == LLM_MAX_TOOL_CALLS) {
        a->dropped++;
        return NULL;
    }
    llm_tool_call_t *c = &a->calls[a->n++];
    memset(c, 0, sizeof(*c));
    c->index = index;
    c->name = (pl_buf_t)PL_BUF_INIT(LLM_MAX_TOOL_ID);
    c->args = (pl_buf_t)PL_BUF_INIT(LLM_MAX_TOOL_ARGS);
    return c;
}

static llm_tool_call_t *find_call(llm_tools_t *a, int index)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->calls[i].index == index)
            return &a->calls[i];
    return NULL;
}

int llm_tools_add(llm_tools_t *a, yajl_val tool_calls)
{
    if (!YAJL_IS_ARRAY(tool_calls)) {
        a->malformed = 1;
        return PL_ERR_PROTOCOL;
    }
    int rv = 0;
    for (size_t i = 0; i < tool_calls->u.array.len; i++) {
        yajl_val el = tool_calls->u.array.values[i];
        if (!YAJL_IS_OBJECT(el)) {
            a->malformed = 1;
            rv = PL_ERR_PROTOCOL;
            continue;
        }
        yajl_val idx = get(el, "index");
        yajl_val id = get(el, "id");
        yajl_val fn = get(el, "function");
        const char *ids = YAJL_IS_STRING(id) ? YAJL_GET_STRING(id) : NULL;
        if (ids != NULL && ids[0] == '\0')
            ids = NULL;
        llm_tool_call_t *c;
        if (YAJL_IS_INTEGER(idx)) {
            long long v = YAJL_GET_INTEGER(idx);
            if (v < 0 || v > 1000000) {
                a->malformed = 1;
                rv = PL_ERR_PROTOCOL;
                continue;
            }
            c = find_call(a, (int)v);
            if (c == NULL) {
                c = open_call(a, (int)v);
                if (c == NULL)
                    continue;
            }
        } else if (idx != NULL && !YAJL_IS_NULL(idx)) {
            a->malformed = 1;
            rv = PL_ERR_PROTOCOL;
            continue;
        } else {
            /* no index: an id that is not the last call's opens a call */
            llm_tool_call_t *last = a->n > 0 ? &a->calls[a->n - 1] : NULL;
            if (last == NULL || (ids != NULL && last->id != NULL && strcmp(last->id, ids) != 0)) {
                int next = last != NULL ? last->index + 1 : 0;
                c = open_call(a, next);
                if (c == NULL)
                    continue;
            } else {
                c = last;
            }
        }
        if (ids != NULL && c->id == NULL) {
            if (strlen(ids) > LLM_MAX_TOOL_ID) {
                a->malformed = 1;
                rv = PL_ERR_TOO_LARGE;
            } else {
                c->id = pl_strdup(ids);
            }
        }
        if (fn == NULL || YAJL_IS_NULL(fn))
            continue;
        if (!YAJL_IS_OBJECT(fn)) {
            a->malformed = 1;
            rv = PL_ERR_PROTOCOL;
            continue;
        }
        yajl_val name = get(fn, "name");
        yajl_val args = get(fn, "arguments");
        if (YAJL_IS_STRING(name)) {
            const char *s = YAJL_GET_STRING(name);
            size_t n = strlen(s);
            int repeat = c->name.len == n && n > 0 && memcmp(c->name.data, s, n) == 0;
            if (!repeat && n > 0 && pl_buf_append(&c->name, s, n) != 0) {
                a->malformed = 1;
                rv = PL_ERR_TOO_LARGE;
            }
        } else if (name != NULL && !YAJL_IS_NULL(name)) {
            a->malformed = 1;
            rv = PL_ERR_PROTOCOL;
        }
        if (YAJL_IS_STRING(args)) {
            const char *s = YAJL_GET_STRING(args);
            if (pl_buf_append(&c->args, s, strlen(s)) != 0) {
                a->malformed = 1;
                rv = PL_ERR_TOO_LARGE;
            }
        } else if (args != NULL && !YAJL_IS_NULL(args)) {
            a->malformed = 1;
            rv = PL_ERR_PROTOCOL;
        }
    }
    return rv;
}

int llm_tools_feed(llm_tools_t *a, const char *data, size_t len)
{
    char *text = pl_strndup(data, len);
    yajl_val root = strlen(text) == len ? yajl_tree_parse(text, NULL, 0) : NULL;
    pl_free(text);
    if (root == NULL || !YAJL_IS_OBJECT(root)) {
        yajl_tree_free(root);
        return PL_ERR_PARSE;
    }
    int rv = 0;
    yajl_val choices = get(root, "choices");
    if (YAJL_IS_ARRAY(choices) && choices->u.array.len > 0) {
        static const char *path[] = {"delta", "tool_calls", NULL};
        yajl_val tc = yajl_tree_get(choices->u.array.values[0], path, yajl_t_any);
        if (tc != NULL && !YAJL_IS_NULL(tc))
            rv = llm_tools_add(a, tc);
    }
    yajl_tree_free(root);
    return rv;
}

int llm_tool_query(const char *args, size_t len, char **query)
{
    *query = NULL;
    char *text = pl_strndup(args != NULL ? args : "", args != NULL ? len : 0);
    yajl_val root = strlen(text) == len ? yajl_tree_parse(text, NULL, 0) : NULL;
    pl_free(text);
    const char *q = NULL;
    if (YAJL_IS_OBJECT(root)) {
        yajl_val v = get(root, "query");
        if (YAJL_IS_STRING(v))
            q = YAJL_GET_STRING(v);
    } else if (YAJL_IS_STRING(root)) {
        q = YAJL_GET_STRING(root);
    }
    while (q != NULL && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
        q++;
    int rv = PL_ERR_PARSE;
    if (q != NULL && q[0] != '\0') {
        *query = pl_strdup(q);
        rv = 0;
    }
    yajl_tree_free(root);
    return rv;
}

/* ------------------------------------------------------------- markers */

static size_t skip_spaces(const char *s, size_t len, size_t j)
{
    while (j < len && (s[j] == ' ' || s[j] == '\t'))
        j++;
    return j;
}

/* A number of one to four digits at j; 0 when there is none. */
static size_t number_at(const char *s, size_t len, size_t j, unsigned *v)
{
    size_t k = j;
    unsigned x = 0;
    while (k < len && k - j < 5 && s[k] >= '0' && s[k] <= '9')
        x = x * 10 + (unsigned)(s[k++] - '0');
    if (k == j || k - j > 4 || (k < len && s[k] >= '0' && s[k] <= '9'))
        return 0;
    *v = x;
    return k - j;
}

static void add_cited(unsigned v, size_t n_sources, unsigned *out, size_t max, size_t *k)
{
    if (v < 1 || v > n_sources)
        return;
    for (size_t i = 0; i < *k; i++)
        if (out[i] == v)
            return;
    if (*k < max)
        out[(*k)++] = v;
}

size_t llm_cited(const char *text, size_t len, size_t n_sources, unsigned *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '[')
            continue;
        size_t j = skip_spaces(text, len, i + 1);
        if (len - j >= 6 && strncasecmp(text + j, "source", 6) == 0) {
            j += 6;
            if (j < len && (text[j] == 's' || text[j] == 'S'))
                j++;
            j = skip_spaces(text, len, j);
            if (j < len && text[j] == ':')
                j++;
            j = skip_spaces(text, len, j);
        }
        unsigned nums[LLM_MAX_SOURCES + 2];
        size_t nn = 0;
        int ok = 0;
        for (;;) {
            unsigned a, b;
            size_t d = number_at(text, len, j, &a);
            if (d == 0)
                break;
            j = skip_spaces(text, len, j + d);
            int dash = 0;
            if (j < len && text[j] == '-') {
                dash = 1;
                j++;
            } else if (len - j >= 3 && memcmp(text + j, "\xE2\x80\x93", 3) == 0) {
                dash = 1; /* an en dash */
                j += 3;
            }
            if (dash) {
                j = skip_spaces(text, len, j);
                d = number_at(text, len, j, &b);
                if (d == 0)
                    break;
                j = skip_spaces(text, len, j + d);
                for (unsigned v = a; v <= b && v <= n_sources && nn < LLM_MAX_SOURCES + 2; v++)
                    nums[nn++] = v;
            } else if (nn < LLM_MAX_SOURCES + 2) {
                nums[nn++] = a;
            }
            if (j < len && text[j] == ']') {
                ok = 1;
                break;
            }
            if (j < len && (text[j] == ',' || text[j] == ';')) {
                j = skip_spaces(text, len, j + 1);
                continue;
            }
            break;
        }
        if (!ok)
            continue;
        for (size_t x = 0; x < nn; x++)
            add_cited(nums[x], n_sources, out, max, &k);
        i = j; /* at the ']' */
    }
    return k;
}
