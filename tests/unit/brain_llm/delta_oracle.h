/*
 * delta_oracle.h - the reference reading of an OpenAI stream chunk, for
 * the differential test and fuzzer of llm_openai_delta(): yajl_tree, as
 * openai.c's general reading does it (the text NUL-terminated, so yajl
 * reads up to the first NUL; the first of duplicate keys wins; a path
 * through a value of another type finds nothing).
 */
#ifndef DELTA_ORACLE_H
#define DELTA_ORACLE_H

#include <string.h>

#include <yajl/yajl_tree.h>

#include "brain/llm_int.h"
#include "parley/mem.h"

/* What the general reading makes of a chunk. */
typedef struct oracle {
    int object;          /* it parsed, as an object */
    int error;           /* it has an "error" member: a failure */
    int tools;           /* choices[0].delta.tool_calls is present and not null */
    char *content;       /* choices[0].delta.content as the C string the reading passes on */
    char *reason;        /* choices[0].finish_reason */
} oracle_t;

static void oracle_free(oracle_t *o)
{
    pl_free(o->content);
    pl_free(o->reason);
    memset(o, 0, sizeof(*o));
}

static void oracle_read(const char *data, size_t len, oracle_t *o)
{
    memset(o, 0, sizeof(*o));
    char *copy = pl_malloc(len + 1);
    memcpy(copy, data, len);
    copy[len] = '\0';
    char errbuf[128];
    yajl_val root = yajl_tree_parse(copy, errbuf, sizeof(errbuf));
    pl_free(copy);
    if (root == NULL || !YAJL_IS_OBJECT(root)) {
        yajl_tree_free(root);
        return;
    }
    o->object = 1;
    static const char *error_path[] = {"error", NULL};
    static const char *choices_path[] = {"choices", NULL};
    static const char *content_path[] = {"delta", "content", NULL};
    static const char *finish_path[] = {"finish_reason", NULL};
    static const char *tools_path[] = {"delta", "tool_calls", NULL};
    o->error = yajl_tree_get(root, error_path, yajl_t_any) != NULL;
    yajl_val choices = yajl_tree_get(root, choices_path, yajl_t_array);
    if (choices != NULL && choices->u.array.len > 0) {
        yajl_val c = choices->u.array.values[0];
        yajl_val tc = yajl_tree_get(c, tools_path, yajl_t_any);
        o->tools = tc != NULL && !YAJL_IS_NULL(tc);
        yajl_val s = yajl_tree_get(c, content_path, yajl_t_string);
        if (s != NULL)
            o->content = pl_strdup(YAJL_GET_STRING(s));
        yajl_val f = yajl_tree_get(c, finish_path, yajl_t_string);
        if (f != NULL)
            o->reason = pl_strdup(YAJL_GET_STRING(f));
    }
    yajl_tree_free(root);
}

/*
 * Runs both readings. Returns 1 when the fast one took the chunk, 0 when it
 * declined, -1 when it took it and disagrees with the reference (*why says
 * how).
 */
static int oracle_compare(const char *data, size_t len, llm_delta_t *d, const char **why)
{
    *why = "";
    if (!llm_openai_delta(data, len, d))
        return 0;
    oracle_t o;
    oracle_read(data, len, &o);
    int rv = 1;
    if (!o.object)
        *why = "taken, but the reference does not read an object";
    else if (o.error)
        *why = "taken, but the reference sees an error member";
    else if (o.tools)
        *why = "taken, but the reference sees tool calls";
    else if ((o.content == NULL) != (d->content == NULL))
        *why = "content present in one reading only";
    else if (o.content != NULL && (strlen(o.content) != d->content_len ||
                                   memcmp(o.content, d->content, d->content_len) != 0))
        *why = "content differs";
    else if ((o.reason == NULL) != (d->finish_reason == NULL))
        *why = "finish_reason present in one reading only";
    else if (o.reason != NULL && strcmp(o.reason, d->finish_reason) != 0)
        *why = "finish_reason differs";
    if ((*why)[0] != '\0')
        rv = -1;
    else if (d->content != NULL && (memchr(d->content, '\0', d->content_len) != NULL ||
                                    !llm_utf8_valid(d->content, d->content_len)))
        *why = "content holds a NUL or invalid UTF-8", rv = -1;
    oracle_free(&o);
    return rv;
}

#endif
