/*
 * test_msg_alloc.c - allocation failure sweeps: with pl_mem_set_hooks, fail
 * the 1st, 2nd, ... Nth allocation of a parse (and of a serialize) until one
 * succeeds; every failing run must report PL_ERR_NOMEM and leave no block
 * behind (counted here, and by LeakSanitizer).
 */
#include <stdlib.h>
#include <string.h>

#include "parley/error.h"
#include "pl_test.h"
#include "schemas/pl_msg_test_all.h"

static long fail_at, calls, live;

static void *t_malloc(size_t size, void *ud)
{
    (void)ud;
    if (++calls == fail_at)
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        live++;
    return p;
}

static void *t_realloc(void *ptr, size_t size, void *ud)
{
    (void)ud;
    if (++calls == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p != NULL && ptr == NULL)
        live++;
    return p;
}

static void t_free(void *ptr, void *ud)
{
    (void)ud;
    if (ptr != NULL)
        live--;
    free(ptr);
}

static const pl_mem_hooks_t hooks = {t_malloc, t_realloc, t_free, NULL};

/* A nested message: arrays of objects, free-form JSON, unknown keys kept
 * for duplicate checks, a string larger than the first arena chunk. */
static char *nested_doc(size_t *len)
{
    pl_buf_t b = PL_BUF_INIT(0);
    if (pl_buf_append_str(&b, "{\"type\":\"chat\",\"data\":{\"x1\":1,\"x2\":[1,{\"y\":2}],\"user_id\":\"") != 0)
        abort();
    for (int i = 0; i < 3000; i++)
        if (pl_buf_append_str(&b, "u") != 0)
            abort();
    if (pl_buf_append_str(&b, "\",\"message\":{\"text\":\"hi\",\"citations\":[") != 0)
        abort();
    for (int i = 0; i < 40; i++)
        if (pl_buf_appendf(&b, "%s{\"source\":\"s%d\",\"score\":0.%d,\"page\":%d}", i ? "," : "", i, i % 10, i + 1) != 0)
            abort();
    if (pl_buf_append_str(&b, "]}},\"meta\":{\"k\":[1,2,{\"z\":\"zz\"}]}}") != 0)
        abort();
    char *s = strdup(b.data);
    *len = b.len;
    pl_buf_free(&b);
    return s;
}

PL_TEST(parse_failure_sweep)
{
    size_t len;
    char *doc = nested_doc(&len);
    int failures = 0, ok = 0;
    for (fail_at = 1; fail_at < 10000 && !ok; fail_at++) {
        calls = live = 0;
        pl_mem_set_hooks(&hooks);
        pl_msg_test_family_t m;
        pl_msg_error_t err;
        int rv = pl_msg_test_family_parse(doc, len, &m, &err);
        if (rv == 0) {
            PL_CHECK_INT(m.kind, ==, PL_MSG_TEST_FAMILY_KIND_CHAT);
            PL_CHECK_INT(m.u.chat->data.message.citations.n, ==, 40);
            pl_msg_test_family_free(&m);
            ok = 1;
        } else {
            PL_CHECK_INT(rv, ==, PL_ERR_NOMEM);
            PL_CHECK_INT(err.code, ==, PL_ERR_NOMEM);
            PL_CHECK_STR(err.message, "out of memory");
            PL_CHECK(m.u.any == NULL);
            failures++;
        }
        pl_mem_set_hooks(NULL);
        PL_CHECK_INT(live, ==, 0);
    }
    PL_CHECK(ok);
    /* The doc needs several allocations: the sweep really failed some. */
    PL_CHECK_INT(failures, >=, 4);
    free(doc);
}

PL_TEST(serialize_failure_sweep)
{
    size_t len;
    char *doc = nested_doc(&len);
    pl_msg_test_family_t m;
    PL_CHECK_INT(pl_msg_test_family_parse(doc, len, &m, NULL), ==, 0);
    pl_msg_test_types_record_t r;
    pl_msg_test_types_record_init(&r);
    r.id = (pl_msg_id_t){"1", 1, true};
    r.name = PL_MSG_STR("n");
    r.level = PL_MSG_TEST_TYPES_RECORD_LEVEL_LOW;
    r.has_meta = true;
    r.meta = PL_MSG_STR("{\"a\":[1,2,3],\"b\":{\"c\":\"d\"}}");
    int failures = 0, ok = 0;
    for (fail_at = 1; fail_at < 1000 && !ok; fail_at++) {
        calls = live = 0;
        pl_mem_set_hooks(&hooks);
        pl_buf_t b = PL_BUF_INIT(0);
        pl_msg_error_t err;
        int rv = pl_msg_test_family_serialize(&m, &b, &err);
        if (rv == 0)
            rv = pl_msg_test_types_record_serialize(&r, &b, &err);
        if (rv == 0) {
            ok = 1;
        } else {
            PL_CHECK_INT(rv, ==, PL_ERR_NOMEM);
            failures++;
        }
        pl_buf_free(&b);
        pl_mem_set_hooks(NULL);
        PL_CHECK_INT(live, ==, 0);
    }
    PL_CHECK(ok);
    PL_CHECK_INT(failures, >=, 2);
    pl_msg_test_family_free(&m);
    free(doc);
}

PL_TEST(new_and_set_str_fail_cleanly)
{
    calls = live = 0;
    fail_at = 1;
    pl_mem_set_hooks(&hooks);
    PL_CHECK(pl_msg_new(&pl_msg_test_types_node_desc) == NULL);
    fail_at = 2;
    calls = 0;
    pl_msg_test_types_node_t *n = pl_msg_new(&pl_msg_test_types_node_desc);
    PL_CHECK(n != NULL);
    static char big[4096];
    memset(big, 'b', sizeof(big));
    PL_CHECK_INT(pl_msg_set_str(n, &n->name, big, sizeof(big)), ==, PL_ERR_NOMEM);
    PL_CHECK(pl_msg_alloc(n, 16) != NULL);
    pl_msg_free(n);
    pl_mem_set_hooks(NULL);
    PL_CHECK_INT(live, ==, 0);
}

PL_TEST_MAIN(PL_TEST_ENTRY(parse_failure_sweep), PL_TEST_ENTRY(serialize_failure_sweep),
             PL_TEST_ENTRY(new_and_set_str_fail_cleanly))
