/*
 * Unit tests of the router (src/http/router.c): pattern checks, literal
 * beats parameter, 404 versus 405 and the Allow set, HEAD on GET routes,
 * parameter decoding and bounds.
 */
#include "pl_test.h"

#include "parley/error.h"
#include "parley/http.h"

#define S(lit) lit, sizeof(lit) - 1

/* Handlers are told apart by the user data they were registered with. */
static int handler(void *ctx, const pl_http_match_t *m, void *ud)
{
    (void)ctx;
    (void)m;
    (void)ud;
    return 0;
}

static int tag_ws, tag_msgs_get, tag_msgs_post, tag_search, tag_stress, tag_health, tag_head, tag_root;

static pl_http_router_t *app_router(void)
{
    pl_http_router_t *r = pl_http_router_new();
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/ai-tutor/ws/{conversation_id}", handler, &tag_ws), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/api/v2/conversations/{id}/messages", handler, &tag_msgs_get), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_POST, "/api/v2/conversations/{id}/messages", handler, &tag_msgs_post), ==, 0);
    /* Registered after the parameter route, still preferred for "search". */
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/api/v2/conversations/search/messages", handler, &tag_search), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_POST, "/api/test/conversations/{id}/stress-test", handler, &tag_stress), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/health", handler, &tag_health), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/", handler, &tag_root), ==, 0);
    return r;
}

PL_TEST(literal_route)
{
    pl_http_router_t *r = app_router();
    pl_http_match_t m;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/health"), &m), ==, 0);
    PL_CHECK_INT(m.status, ==, 200);
    PL_CHECK(m.ud == &tag_health);
    PL_CHECK(m.handler == handler);
    PL_CHECK_STR(m.pattern, "/health");
    PL_CHECK_INT(m.nparams, ==, 0);
    /* Segments compare decoded. */
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/he%61lth"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_health);
    /* No normalisation: a trailing slash is another path. */
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/health/"), &m), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(m.status, ==, 404);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/Health"), &m), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_root);
    /* An empty path (absolute-form without a path) is "/". */
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, "", 0, &m), ==, 0);
    PL_CHECK(m.ud == &tag_root);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_OPTIONS, S("*"), &m), ==, PL_ERR_NOT_FOUND);
    pl_http_router_free(r);
}

PL_TEST(parameters_are_decoded)
{
    pl_http_router_t *r = app_router();
    pl_http_match_t m;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/conv-42"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_ws);
    PL_CHECK_INT(m.nparams, ==, 1);
    PL_CHECK_STR(m.params[0].name, "conversation_id");
    PL_CHECK_STR(pl_http_match_param(&m, "conversation_id"), "conv-42");
    PL_CHECK(pl_http_match_param(&m, "id") == NULL);

    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/a%20b%C3%A9+c"), &m), ==, 0);
    PL_CHECK_STR(pl_http_match_param(&m, "conversation_id"), "a b\xc3\xa9+c");
    PL_CHECK_INT(m.params[0].len, ==, 7);

    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_POST, S("/api/test/conversations/7/stress-test"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_stress);
    PL_CHECK_STR(pl_http_match_param(&m, "id"), "7");

    /* A parameter is one non-empty segment without a decoded "/". */
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/"), &m), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/a/b"), &m), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/a%2Fb"), &m), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(m.status, ==, 404);

    /* Bounded length: PL_HTTP_PARAM_MAX decoded bytes bind, one more does not. */
    char path[16 + 3 * (PL_HTTP_PARAM_MAX + 1)];
    strcpy(path, "/ai-tutor/ws/");
    size_t base = strlen(path);
    for (size_t i = 0; i < PL_HTTP_PARAM_MAX; i++)
        memcpy(path + base + 3 * i, "%41", 3);
    size_t len = base + 3 * PL_HTTP_PARAM_MAX;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, path, len, &m), ==, 0);
    PL_CHECK_INT(m.params[0].len, ==, PL_HTTP_PARAM_MAX);
    PL_CHECK_INT(strlen(m.params[0].value), ==, PL_HTTP_PARAM_MAX);
    path[len] = 'A';
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, path, len + 1, &m), ==, PL_ERR_NOT_FOUND);
    pl_http_router_free(r);
}

PL_TEST(bad_escapes_are_400)
{
    pl_http_router_t *r = app_router();
    pl_http_match_t m;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/a%00"), &m), ==, PL_ERR_PARSE);
    PL_CHECK_INT(m.status, ==, 400);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/a%zz"), &m), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/ai-tutor/ws/a%4"), &m), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/nothing%"), &m), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, "/a\0b", 4, &m), ==, PL_ERR_PARSE);
    pl_http_router_free(r);
}

PL_TEST(literal_beats_parameter)
{
    pl_http_router_t *r = app_router();
    pl_http_match_t m;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/api/v2/conversations/search/messages"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_search);
    PL_CHECK_INT(m.nparams, ==, 0);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/api/v2/conversations/other/messages"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_msgs_get);
    PL_CHECK_STR(pl_http_match_param(&m, "id"), "other");
    /* POST has no literal route for "search": the parameter route serves it. */
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_POST, S("/api/v2/conversations/search/messages"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_msgs_post);
    pl_http_router_free(r);

    /* The first position where the patterns differ decides, whatever the order. */
    static int a, b, c;
    for (int order = 0; order < 2; order++) {
        r = pl_http_router_new();
        if (order == 0) {
            PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/x/{p}/c", handler, &a), ==, 0);
            PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/x/b/{q}", handler, &b), ==, 0);
            PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/{r}/b/c", handler, &c), ==, 0);
        } else {
            PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/{r}/b/c", handler, &c), ==, 0);
            PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/x/b/{q}", handler, &b), ==, 0);
            PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/x/{p}/c", handler, &a), ==, 0);
        }
        PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/x/b/c"), &m), ==, 0);
        PL_CHECK(m.ud == &b);
        PL_CHECK_STR(pl_http_match_param(&m, "q"), "c");
        PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/x/z/c"), &m), ==, 0);
        PL_CHECK(m.ud == &a);
        PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/y/b/c"), &m), ==, 0);
        PL_CHECK(m.ud == &c);
        PL_CHECK_STR(pl_http_match_param(&m, "r"), "y");
        PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/y/z/c"), &m), ==, PL_ERR_NOT_FOUND);
        pl_http_router_free(r);
    }
}

PL_TEST(method_not_allowed_is_405)
{
    pl_http_router_t *r = app_router();
    pl_http_match_t m;
    char allow[64];
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_DELETE, S("/api/v2/conversations/9/messages"), &m), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(m.status, ==, 405);
    PL_CHECK(m.handler == NULL);
    PL_CHECK_INT(pl_http_allow_format(m.allow, allow, sizeof allow), ==, strlen("GET, HEAD, POST"));
    PL_CHECK_STR(allow, "GET, HEAD, POST");

    /* The Allow set covers every pattern that matches the path. */
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_PUT, S("/api/v2/conversations/search/messages"), &m), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_http_allow_format(m.allow, allow, sizeof allow), >, 0);
    PL_CHECK_STR(allow, "GET, HEAD, POST");

    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/api/test/conversations/1/stress-test"), &m), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_http_allow_format(m.allow, allow, sizeof allow), >, 0);
    PL_CHECK_STR(allow, "POST");
    PL_CHECK_INT(pl_http_allow_format(m.allow, allow, 4), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_http_allow_format(0, allow, sizeof allow), ==, 0);
    PL_CHECK_STR(allow, "");

    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_POST, S("/nope"), &m), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(m.status, ==, 404);
    PL_CHECK_INT(m.allow, ==, 0);
    pl_http_router_free(r);
}

PL_TEST(head_uses_get_routes)
{
    pl_http_router_t *r = app_router();
    pl_http_match_t m;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_HEAD, S("/health"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_health);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_HEAD, S("/api/test/conversations/1/stress-test"), &m), ==,
                 PL_ERR_UNSUPPORTED);
    /* An explicit HEAD route wins over the GET fallback. */
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_HEAD, "/health", handler, &tag_head), ==, 0);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_HEAD, S("/health"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_head);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/health"), &m), ==, 0);
    PL_CHECK(m.ud == &tag_health);
    pl_http_router_free(r);
}

PL_TEST(bad_patterns_are_refused)
{
    pl_http_router_t *r = pl_http_router_new();
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "health", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a/{}", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a/{b-c}", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a/x{b}", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a/{b}/{b}", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a b", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a%20b", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a?b", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_OTHER, "/a", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_METHOD_COUNT, "/a", handler, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", handler, NULL), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17", handler, NULL), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", handler, NULL), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}", handler, NULL), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/a/{abcdefghijabcdefghijabcdefghijabc}", handler, NULL), ==,
                 PL_ERR_INVALID_ARGUMENT);

    /* The same shape twice for one method conflicts, whatever the parameter names. */
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/c/{id}", handler, NULL), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/c/{other}", handler, NULL), ==, PL_ERR_EXISTS);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_POST, "/c/{other}", handler, NULL), ==, 0);
    PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, "/c/lit", handler, NULL), ==, 0);

    /* Paths deeper than any pattern can be are 404. */
    pl_http_match_t m;
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16"), &m), ==, 0);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17"), &m), ==,
                 PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, S("/1/2/3/4/5/6/7/8"), &m), ==, 0);
    PL_CHECK_INT(m.nparams, ==, 8);
    PL_CHECK_STR(pl_http_match_param(&m, "h"), "8");
    pl_http_router_free(r);
    pl_http_router_free(NULL);
}

PL_TEST(many_routes_grow_the_table)
{
    pl_http_router_t *r = pl_http_router_new();
    static int tags[40];
    char pat[32];
    for (int i = 0; i < 40; i++) {
        snprintf(pat, sizeof pat, "/r%d/{id}", i);
        PL_CHECK_INT(pl_http_router_add(r, PL_HTTP_GET, pat, handler, &tags[i]), ==, 0);
    }
    pl_http_match_t m;
    for (int i = 0; i < 40; i++) {
        char path[32];
        snprintf(path, sizeof path, "/r%d/x%d", i, i);
        PL_CHECK_INT(pl_http_router_match(r, PL_HTTP_GET, path, strlen(path), &m), ==, 0);
        PL_CHECK(m.ud == &tags[i]);
        PL_CHECK_INT(atoi(pl_http_match_param(&m, "id") + 1), ==, i);
    }
    pl_http_router_free(r);
}

PL_TEST_MAIN(PL_TEST_ENTRY(literal_route), PL_TEST_ENTRY(parameters_are_decoded),
             PL_TEST_ENTRY(bad_escapes_are_400), PL_TEST_ENTRY(literal_beats_parameter),
             PL_TEST_ENTRY(method_not_allowed_is_405), PL_TEST_ENTRY(head_uses_get_routes),
             PL_TEST_ENTRY(bad_patterns_are_refused), PL_TEST_ENTRY(many_routes_grow_the_table))
