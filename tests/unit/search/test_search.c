/*
 * test_search.c - the web search client (Tavily's API) on a real event
 * loop against tests/support/fake_llm.py's /search endpoint: the request
 * carries the query, max_results, search_depth and the key as a Bearer
 * header; results are parsed; failures (401, 500, a body that is not JSON,
 * a stall past the timeout, a refused connection) end with the right code
 * and never quote the key; cancel stops at once with no callback; the
 * parser on hand-made bodies; the text handed to a model is bounded.
 */
#include "brain_llm/fake_provider.h"
#include "pl_test.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/search.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define SKEY_ENV "PARLEY_TEST_SEARCH_KEY"
#define SKEY "tvly-test-SECRET-77a1"

static fake_t F;
static int fake_ok = -1;

static void stop_fake(void)
{
    fake_stop(&F);
}

static int fake(void)
{
    if (fake_ok < 0) {
        setenv(SKEY_ENV, SKEY, 1);
        fake_ok = fake_start_keys(&F, NULL, SKEY) == 0;
        if (fake_ok)
            atexit(stop_fake);
        else
            fprintf(stderr, "  cannot start tests/support/fake_llm.py\n");
    }
    if (fake_ok)
        fake_reset(&F);
    return fake_ok;
}

typedef struct got {
    struct event_base *base;
    int calls;
    int err;
    char msg[1024];
    size_t n;
    char title0[256], url0[256], content0[512];
    double score0;
    char *text;
    double t_end;
} got_t;

static void got_cb(void *ud, int err, const char *message, const pl_search_results_t *res)
{
    got_t *g = ud;
    g->calls++;
    g->err = err;
    g->t_end = now_s();
    snprintf(g->msg, sizeof(g->msg), "%s", message != NULL ? message : "");
    if (err == 0) {
        g->n = res->n;
        if (res->n > 0) {
            snprintf(g->title0, sizeof(g->title0), "%s", res->hits[0].title);
            snprintf(g->url0, sizeof(g->url0), "%s", res->hits[0].url);
            snprintf(g->content0, sizeof(g->content0), "%s", res->hits[0].content);
            g->score0 = res->hits[0].score;
        }
        g->text = pl_search_results_text(res, 1000, 4000);
    }
    event_base_loopbreak(g->base);
}

static pl_search_t *mk(struct event_base *base, double timeout, unsigned max_results)
{
    pl_search_config_t cfg;
    pl_search_config_init(&cfg);
    cfg.base_url = F.base;
    cfg.api_key_env = SKEY_ENV;
    cfg.timeout = timeout;
    cfg.max_results = max_results;
    pl_search_t *s = NULL;
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, 0);
    return s;
}

static void search(pl_search_t *s, got_t *g, const char *query, double run)
{
    pl_search_req_t *r = NULL;
    int rv = pl_search_start(s, query, got_cb, g, &r);
    PL_CHECK_INT(rv, ==, 0);
    PL_CHECK_INT(g->calls, ==, 0); /* never from inside start() */
    if (rv == 0)
        run_for(g->base, run);
    PL_CHECK_INT(g->calls, ==, 1);
}

PL_TEST(search_request_and_results)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_search_t *s = mk(base, 5, 3);
    got_t g = {.base = base};
    search(s, &g, "  photosynthesis in \xC3\xA9t\xC3\xA9 plants", 10);
    PL_CHECK_INT(g.err, ==, 0);
    PL_CHECK_INT(g.n, ==, 2);
    PL_CHECK_STR(g.title0, "Example Encyclopedia: photosynthesis in \xC3\xA9t\xC3\xA9 plants");
    PL_CHECK_CONTAINS(g.url0, "https://example.org/wiki/");
    PL_CHECK_CONTAINS(g.content0, "The facts about photosynthesis");
    PL_CHECK(g.score0 > 0.9 && g.score0 < 0.92);
    PL_CHECK_CONTAINS(g.text, "[1] Example Encyclopedia");
    PL_CHECK_CONTAINS(g.text, "URL: https://example.org/wiki/");
    PL_CHECK_CONTAINS(g.text, "[2] News Site");
    pl_free(g.text);
    yajl_val log = fake_log(&F);
    yajl_val rq = jat(log, 0);
    PL_CHECK_STR(jstr(rq, "kind", NULL, NULL), "search");
    PL_CHECK_STR(jstr(rq, "path", NULL, NULL), "/search");
    PL_CHECK_STR(jstr(rq, "headers", "authorization", NULL), "Bearer " SKEY);
    PL_CHECK_STR(jstr(rq, "headers", "content-type", NULL), "application/json");
    /* leading white space dropped, the rest sent as typed */
    PL_CHECK_STR(jstr(rq, "body", "query", NULL), "photosynthesis in \xC3\xA9t\xC3\xA9 plants");
    PL_CHECK_INT(jint(rq, "body", "max_results", NULL), ==, 3);
    PL_CHECK_STR(jstr(rq, "body", "search_depth", NULL), "basic");
    PL_CHECK(jget(rq, "body", "api_key", NULL) == NULL); /* the key only in the header */
    yajl_tree_free(log);
    PL_CHECK_INT(pl_search_active(s), ==, 0);
    pl_search_free(s);
    event_base_free(base);
}

PL_TEST(search_failures)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_search_t *s = mk(base, 5, 5);
    got_t g = {.base = base};
    search(s, &g, "search:500 anything", 10);
    PL_CHECK_INT(g.err, ==, PL_ERR_BUSY);
    PL_CHECK_CONTAINS(g.msg, "HTTP 500");
    PL_CHECK_CONTAINS(g.msg, "Internal Server Error"); /* Tavily's {"detail": {"error"}} */
    memset(&g, 0, sizeof(g));
    g.base = base;
    search(s, &g, "search:bad", 10);
    PL_CHECK_INT(g.err, ==, PL_ERR_PROTOCOL);
    PL_CHECK_CONTAINS(g.msg, "not JSON");
    memset(&g, 0, sizeof(g));
    g.base = base;
    search(s, &g, "search:empty nothing", 10);
    PL_CHECK_INT(g.err, ==, 0);
    PL_CHECK_INT(g.n, ==, 0);
    PL_CHECK_CONTAINS(g.text, "The web search found nothing for: search:empty nothing");
    pl_free(g.text);
    pl_search_free(s);

    /* a stall ends at the timeout, and the connection is closed */
    fake_reset(&F);
    s = mk(base, 0.5, 5);
    memset(&g, 0, sizeof(g));
    g.base = base;
    double t0 = now_s();
    search(s, &g, "search:stall", 10);
    PL_CHECK_INT(g.err, ==, PL_ERR_TIMEOUT);
    PL_CHECK(g.t_end - t0 >= 0.45 && g.t_end - t0 < 2.0);
    PL_CHECK_CONTAINS(g.msg, "longer than 0.5 seconds");
    pl_search_free(s);

    /* a wrong key: 401, the key never quoted */
    setenv("PARLEY_TEST_SEARCH_BADKEY", "tvly-wrong-SECRET", 1);
    pl_search_config_t cfg;
    pl_search_config_init(&cfg);
    cfg.base_url = F.base;
    cfg.api_key_env = "PARLEY_TEST_SEARCH_BADKEY";
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, 0);
    memset(&g, 0, sizeof(g));
    g.base = base;
    search(s, &g, "who are you", 10);
    PL_CHECK_INT(g.err, ==, PL_ERR_FORBIDDEN);
    PL_CHECK_CONTAINS(g.msg, "HTTP 401");
    PL_CHECK(strstr(g.msg, "SECRET") == NULL);
    pl_search_free(s);

    /* nobody listening: PL_ERR_IO */
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof(a);
    bind(sock, (struct sockaddr *)&a, sizeof(a));
    getsockname(sock, (struct sockaddr *)&a, &al);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", ntohs(a.sin_port));
    close(sock);
    cfg.base_url = url;
    cfg.api_key_env = SKEY_ENV;
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, 0);
    memset(&g, 0, sizeof(g));
    g.base = base;
    search(s, &g, "anyone there", 10);
    PL_CHECK_INT(g.err, ==, PL_ERR_IO);
    pl_search_free(s);
    event_base_free(base);
}

static void cancel_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_search_cancel(arg);
}

PL_TEST(search_cancel_and_free)
{
    if (!fake())
        return;
    struct event_base *base = event_base_new();
    pl_search_t *s = mk(base, 30, 5);
    got_t g = {.base = base};
    pl_search_req_t *r = NULL;
    PL_CHECK_INT(pl_search_start(s, "search:stall forever", got_cb, &g, &r), ==, 0);
    struct event *ev = evtimer_new(base, cancel_cb, r);
    struct timeval tv = {0, 300000};
    evtimer_add(ev, &tv);
    run_for(base, 1.0);
    event_free(ev);
    PL_CHECK_INT(g.calls, ==, 0);
    PL_CHECK_INT(pl_search_active(s), ==, 0);
    /* the fake sees its client go away */
    int closed = 0;
    for (int i = 0; i < 100 && !closed; i++) {
        yajl_val log = fake_log(&F);
        closed = jtrue(jat(log, 0), "client_closed");
        yajl_tree_free(log);
        if (!closed)
            usleep(20000);
    }
    PL_CHECK(closed);
    /* freeing the client with a search running: no callback */
    PL_CHECK_INT(pl_search_start(s, "search:stall again", got_cb, &g, &r), ==, 0);
    run_for(base, 0.2);
    pl_search_free(s);
    run_for(base, 0.2);
    PL_CHECK_INT(g.calls, ==, 0);
    event_base_free(base);
}

PL_TEST(search_settings)
{
    struct event_base *base = event_base_new();
    pl_search_config_t cfg;
    pl_search_t *s = NULL;
    pl_search_config_init(&cfg);
    cfg.api_key_env = "PARLEY_TEST_SEARCH_UNSET";
    unsetenv("PARLEY_TEST_SEARCH_UNSET");
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    setenv("PARLEY_TEST_SEARCH_EMPTY", "", 1);
    cfg.api_key_env = "PARLEY_TEST_SEARCH_EMPTY";
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    setenv(SKEY_ENV, SKEY, 1);
    cfg.api_key_env = SKEY_ENV;
    cfg.max_results = 0;
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    cfg.max_results = 21;
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    cfg.max_results = 5;
    cfg.search_depth = "deep";
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    cfg.search_depth = NULL;
    cfg.base_url = "ftp://example.org";
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    cfg.base_url = NULL;
    cfg.timeout = 0;
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK(s == NULL);
    pl_search_config_init(&cfg);
    cfg.api_key_env = SKEY_ENV;
    PL_CHECK_INT(pl_search_new(&s, base, &cfg), ==, 0);
    got_t g = {.base = base};
    pl_search_req_t *r = NULL;
    PL_CHECK_INT(pl_search_start(s, "   ", got_cb, &g, &r), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_search_start(s, "\xC3(", got_cb, &g, &r), ==, PL_ERR_UTF8);
    PL_CHECK_INT(pl_search_active(s), ==, 0);
    pl_search_free(s);
    pl_search_free(NULL);
    event_base_free(base);
}

static pl_search_results_t *parse_ok(const char *body)
{
    pl_search_results_t *r = NULL;
    char err[160];
    int rv = pl_search_parse(body, strlen(body), &r, err, sizeof(err));
    PL_CHECK_INT(rv, ==, 0);
    if (rv != 0)
        fprintf(stderr, "  %s\n", err);
    return r;
}

PL_TEST(parser)
{
    /* Tavily's documented example shape, with response_time as a string */
    pl_search_results_t *r = parse_ok(
        "{\"query\":\"Who is Leo Messi?\",\"answer\":\"An Argentine footballer.\",\"images\":[],"
        "\"results\":[{\"title\":\"Lionel Messi Facts | Britannica\",\"url\":\"https://www.britannica"
        ".com/facts/Lionel-Messi\",\"content\":\"Lionel Messi, an Argentine footballer...\",\"score\":"
        "0.81025416,\"raw_content\":null}],\"response_time\":\"1.67\"}");
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_STR(r->query, "Who is Leo Messi?");
        PL_CHECK_STR(r->answer, "An Argentine footballer.");
        PL_CHECK_INT(r->n, ==, 1);
        PL_CHECK_STR(r->hits[0].title, "Lionel Messi Facts | Britannica");
        PL_CHECK(r->hits[0].score > 0.81 && r->hits[0].score < 0.82);
        char *t = pl_search_results_text(r, 1000, 5000);
        PL_CHECK_CONTAINS(t, "Short answer from the search provider: An Argentine footballer.");
        PL_CHECK_CONTAINS(t, "[1] Lionel Messi Facts | Britannica\nURL: https://www.britannica");
        pl_free(t);
    }
    pl_search_results_free(r);
    /* hits without a url are skipped; scores clamped; strings as scores read; nulls fine */
    r = parse_ok("{\"results\":[{\"title\":\"no url\"},{\"url\":\"https://a\",\"score\":7},"
                 "{\"url\":\"https://b\",\"score\":\"0.5\",\"title\":null,\"content\":null},"
                 "{\"url\":\"\"},3,null],\"answer\":null}");
    PL_CHECK(r != NULL);
    if (r != NULL) {
        PL_CHECK_INT(r->n, ==, 2);
        PL_CHECK(r->hits[0].score == 1.0);
        PL_CHECK(r->hits[1].score == 0.5);
        PL_CHECK_STR(r->hits[1].title, "");
        PL_CHECK(r->answer == NULL && r->query == NULL);
        char *t = pl_search_results_text(r, 1000, 5000);
        PL_CHECK_CONTAINS(t, "[2] (untitled)");
        pl_free(t);
    }
    pl_search_results_free(r);
    /* at most PL_SEARCH_MAX_RESULTS */
    pl_buf_t b = PL_BUF_INIT(0);
    pl_buf_append_str(&b, "{\"results\":[");
    for (int i = 0; i < 30; i++)
        pl_buf_appendf(&b, "%s{\"url\":\"https://x/%d\"}", i ? "," : "", i);
    pl_buf_append_str(&b, "]}");
    r = parse_ok(b.data);
    PL_CHECK(r != NULL && r->n == PL_SEARCH_MAX_RESULTS);
    pl_search_results_free(r);
    pl_buf_free(&b);
    /* refusals */
    const char *bad[] = {"", "[]", "{\"results\": 5}", "{\"results\": [", "nope",
                         "{\"results\":[{\"url\":\"\xC3(\"}]}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[160];
        r = (pl_search_results_t *)1;
        PL_CHECK_INT(pl_search_parse(bad[i], strlen(bad[i]), &r, err, sizeof(err)), ==, PL_ERR_PARSE);
        PL_CHECK(r == NULL);
        PL_CHECK(err[0] != '\0');
    }
    char nul[] = "{\"results\":[]}\0xx";
    PL_CHECK_INT(pl_search_parse(nul, sizeof(nul) - 1, &r, (char[64]){0}, 64), ==, PL_ERR_PARSE);
}

PL_TEST(text_is_bounded)
{
    pl_search_results_t r = {0};
    pl_search_hit_t hits[3];
    char big[5000];
    size_t k = 0;
    while (k + 5 <= sizeof(big)) {
        memcpy(big + k, "\xE2\x86\x92 ", 4);
        k += 4;
    }
    big[k] = '\0';
    for (int i = 0; i < 3; i++) {
        hits[i].title = "T   with\n\nbreaks";
        hits[i].url = "https://example.org/x";
        hits[i].content = big;
        hits[i].score = 0.5;
    }
    r.hits = hits;
    r.n = 3;
    r.query = "q";
    char *t = pl_search_results_text(&r, 100, 250);
    PL_CHECK(t != NULL);
    PL_CHECK(llm_utf8_valid(t, strlen(t)));
    size_t chars = 0;
    for (const char *p = t; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    PL_CHECK_INT(chars, <=, 250);
    PL_CHECK_CONTAINS(t, "[1] T with breaks\n"); /* white space collapsed */
    PL_CHECK(strstr(t, "[3]") == NULL);          /* past the bound */
    pl_free(t);
    t = pl_search_results_text(NULL, 100, 700);
    PL_CHECK_STR(t, "The web search found nothing.");
    pl_free(t);
}

PL_TEST(key_never_logged)
{
    if (!fake())
        return;
    char path[] = "/tmp/parley-search-log-XXXXXX";
    int fd = mkstemp(path);
    PL_CHECK(fd >= 0);
    if (fd < 0)
        return;
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    pl_log_setup(PL_LOG_DEBUG, PL_LOG_TEXT);
    struct event_base *base = event_base_new();
    pl_search_t *s = mk(base, 5, 5);
    const char *qs[] = {"plain", "search:500", "search:bad"};
    for (size_t i = 0; i < 3; i++) {
        got_t g = {.base = base};
        search(s, &g, qs[i], 10);
        pl_free(g.text);
    }
    pl_search_free(s);
    event_base_free(base);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    pl_log_setup(PL_LOG_INFO, PL_LOG_TEXT);
    char buf[65536];
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    close(fd);
    unlink(path);
    buf[n > 0 ? n : 0] = '\0';
    PL_CHECK_CONTAINS(buf, SKEY_ENV);
    PL_CHECK_CONTAINS(buf, "HTTP 500");
    PL_CHECK(strstr(buf, "SECRET") == NULL);
}

PL_TEST_MAIN(PL_TEST_ENTRY(search_request_and_results), PL_TEST_ENTRY(search_failures),
             PL_TEST_ENTRY(search_cancel_and_free), PL_TEST_ENTRY(search_settings),
             PL_TEST_ENTRY(parser), PL_TEST_ENTRY(text_is_bounded), PL_TEST_ENTRY(key_never_logged))
