/*
 * test_brain_tools.c - the LLM brains' extras and the lessons brain's web
 * answer, on a real event loop against tests/support/fake_llm.py (which
 * also plays Tavily's /search):
 *
 *  - the web_search tool round trip (openai, tutor dialect): the tool
 *    offered, tool-call fragments split across events and chunks put back
 *    together, the search run, the second request carrying the assistant's
 *    tool_calls and the tool result, its answer streamed after the text
 *    that came before the call; two calls at once; bad arguments, an
 *    unknown tool, a failed search, the bound on rounds, cancel mid-search;
 *    no tool outside the tutor dialect or for Gemini;
 *  - retrieval: the user's document passages as numbered sources in the
 *    system prompt (never another user's), the [n] markers the model used
 *    mapped to seed 003 citations, lessons as sources for the teach dialect;
 *  - titles: a second short completion started with the answer, on its own
 *    connection, tidied: it arrives while the answer streams; a stalled one
 *    delays the end by the grace at most and is closed; cancel closes both
 *    connections; none after a failure, none on later exchanges, none when
 *    the conversation has a title;
 *  - the lessons brain: an uncovered tutor question answered from the web
 *    results (labelled, sources named), a covered one never searched, the
 *    honest answer kept when the search fails;
 *  - the parsers: tool-call fragments, web_search arguments, [n] markers,
 *    title tidying; and the prompt texts equal docs/prompts.md.
 */
#include "fake_provider.h"
#include "pl_test.h"

#include "brain/llm_int.h"
#include "parley/error.h"
#include "parley/kb.h"
#include "parley/log.h"
#include "parley/search.h"

#define KEY_ENV "PARLEY_TEST_LLM_KEY2"
#define KEY "sk-tools-SECRET-30ab"
#define SKEY_ENV "PARLEY_TEST_SEARCH_KEY2"
#define SKEY "tvly-tools-SECRET-9c2e"

/* Seconds the end of a first answer waits for its title in these tests. */
#define TITLE_GRACE 0.5

static fake_t F;
static int fake_ok = -1;

static void stop_fake(void)
{
    fake_stop(&F);
}

static int fake(void)
{
    if (fake_ok < 0) {
        setenv(KEY_ENV, KEY, 1);
        setenv(SKEY_ENV, SKEY, 1);
        fake_ok = fake_start_keys(&F, KEY, SKEY) == 0;
        if (fake_ok)
            atexit(stop_fake);
        else
            fprintf(stderr, "  cannot start tests/support/fake_llm.py\n");
    }
    if (fake_ok)
        fake_reset(&F);
    return fake_ok;
}

/* A loop, a search client and (optionally) an LLM brain with the extras. */
typedef struct env {
    struct event_base *base;
    pl_search_t *search;
    pl_kb_t *kb;
    pl_brain_t *brain;
    char url[160];
} env_t;

static pl_search_t *mk_search(struct event_base *base, double timeout)
{
    pl_search_config_t sc;
    pl_search_config_init(&sc);
    sc.base_url = F.base;
    sc.api_key_env = SKEY_ENV;
    sc.timeout = timeout;
    pl_search_t *s = NULL;
    PL_CHECK_INT(pl_search_new(&s, base, &sc), ==, 0);
    return s;
}

static void env_llm(env_t *e, const char *kind, int with_search, int titles, pl_kb_t *kb)
{
    memset(e, 0, sizeof(*e));
    e->base = event_base_new();
    e->search = with_search ? mk_search(e->base, 5) : NULL;
    e->kb = kb;
    pl_brain_llm_config_t cfg;
    pl_brain_llm_config_init(&cfg);
    snprintf(e->url, sizeof(e->url), "%s/%s", F.base, strcmp(kind, "gemini") == 0 ? "v1beta" : "v1");
    cfg.base_url = e->url;
    cfg.model = "model-t";
    cfg.api_key_env = KEY_ENV;
    cfg.connect_timeout = 2;
    cfg.first_byte_timeout = 5;
    cfg.idle_timeout = 5;
    cfg.total_timeout = 30;
    cfg.retries = 1;
    cfg.backoff_initial = 0.05;
    cfg.search = e->search;
    cfg.kb = kb;
    cfg.titles = titles;
    cfg.title_timeout = 10; /* a stalled title is bounded by the grace, not by this */
    cfg.title_grace = TITLE_GRACE;
    int rv = strcmp(kind, "gemini") == 0 ? pl_brain_gemini_new(&e->brain, e->base, &cfg)
                                         : pl_brain_openai_new(&e->brain, e->base, &cfg);
    PL_CHECK_INT(rv, ==, 0);
}

static void env_free(env_t *e)
{
    pl_brain_free(e->brain);
    pl_search_free(e->search);
    event_base_free(e->base);
}

/* The conversation title of the requests ask() makes (NULL: none). */
static const char *conv_title;

/* One whole turn; r is initialised here and must be released with rec_release. */
static void ask(env_t *e, rec_t *r, const char *dialect, const char *user, const char *input,
                int use_documents, const pl_brain_history_t *hist, size_t nh, double timeout)
{
    memset(r, 0, sizeof(*r));
    r->base = e->base;
    r->brain = e->brain;
    pl_brain_request_t req = {0};
    req.dialect = dialect;
    req.conversation_id = "conv-1";
    req.user_id = user;
    req.input = input;
    req.input_len = strlen(input);
    req.use_documents = use_documents;
    req.history = hist;
    req.n_history = nh;
    req.conversation_title = conv_title;
    r->t0 = now_s();
    r->in_start = 1;
    int rv = pl_brain_start(e->brain, &req, &rec_sink, r, &r->turn);
    r->in_start = 0;
    PL_CHECK_INT(rv, ==, 0);
    if (rv == 0)
        run_for(e->base, timeout);
    PL_CHECK_INT(r->during_start, ==, 0);
    PL_CHECK_INT(r->after_end, ==, 0);
    PL_CHECK_INT(r->bad_utf8, ==, 0);
}

static void rec_release(rec_t *r)
{
    pl_buf_free(&r->text);
    pl_free(r->citations);
    r->citations = NULL;
}

/* Log records of one kind ("chat", "search", "title"), in order. */
static size_t records(yajl_val log, const char *kind, yajl_val *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < jlen(log); i++) {
        const char *k = jstr(jat(log, i), "kind", NULL, NULL);
        if (k != NULL && strcmp(k, kind) == 0 && n < max)
            out[n++] = jat(log, i);
    }
    return n;
}

static const char *msg_field(yajl_val msgs, size_t i, const char *f)
{
    return jstr(jat(msgs, i), f, NULL, NULL);
}

static double jnum(yajl_val v, const char *a)
{
    yajl_val x = jget(v, a, NULL, NULL);
    return YAJL_IS_NUMBER(x) ? YAJL_GET_DOUBLE(x) : -1;
}

/* Waits (up to `seconds`) until the fake saw the client close every request of a kind. */
static int closed_all(const char *kind, size_t want, double seconds)
{
    double until = now_s() + seconds;
    for (;;) {
        yajl_val log = fake_log(&F), recs[8];
        size_t n = records(log, kind, recs, 8), closed = 0;
        for (size_t i = 0; i < n; i++)
            closed += jtrue(recs[i], "client_closed") ? 1 : 0;
        yajl_tree_free(log);
        if ((n == want && closed == want) || now_s() > until)
            return n == want && closed == want;
        usleep(20000);
    }
}

/* ------------------------------------------------------------ tool rounds */

PL_TEST(tool_call_round_trip)
{
    if (!fake())
        return;
    env_t e;
    env_llm(&e, "openai", 1, 0, NULL);
    rec_t r;
    ask(&e, &r, "tutor", "u1", "fake:tool what is the tallest tree", 0, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    /* the text before the call stays; the answer from the results follows it */
    PL_CHECK_STR(r.text.data, "Let me look that up.\n\nBased on the search: Example Encyclopedia: "
                              "what is the tallest tree. Done.");
    yajl_val log = fake_log(&F);
    yajl_val chats[4], searches[4];
    PL_CHECK_INT(records(log, "chat", chats, 4), ==, 2);
    PL_CHECK_INT(records(log, "search", searches, 4), ==, 1);
    /* request 1 offers the tool and says so in the system prompt */
    PL_CHECK_STR(jstr(jat(jget(chats[0], "tools", NULL, NULL), 0), NULL, NULL, NULL), "web_search");
    yajl_val tools = jget(chats[0], "body", "tools", NULL);
    PL_CHECK_INT(jlen(tools), ==, 1);
    PL_CHECK_STR(jstr(jat(tools, 0), "type", NULL, NULL), "function");
    PL_CHECK_STR(jstr(jat(tools, 0), "function", "name", NULL), "web_search");
    PL_CHECK_STR(jstr(jat(tools, 0), "function", "parameters", "type"), "object");
    yajl_val m0 = jget(chats[0], "body", "messages", NULL);
    PL_CHECK_CONTAINS(msg_field(m0, 0, "content"), "web_search tool");
    /* the search: the query the model asked for, the key in the header */
    PL_CHECK_STR(jstr(searches[0], "query", NULL, NULL), "what is the tallest tree");
    PL_CHECK_STR(jstr(searches[0], "headers", "authorization", NULL), "Bearer " SKEY);
    /* request 2: the conversation, the assistant's call, the tool result */
    yajl_val m = jget(chats[1], "body", "messages", NULL);
    PL_CHECK_INT(jlen(m), ==, 4);
    PL_CHECK_STR(msg_field(m, 1, "role"), "user");
    PL_CHECK_STR(msg_field(m, 2, "role"), "assistant");
    PL_CHECK_STR(msg_field(m, 2, "content"), "Let me look that up.");
    yajl_val calls = jget(jat(m, 2), "tool_calls", NULL, NULL);
    PL_CHECK_INT(jlen(calls), ==, 1);
    PL_CHECK_STR(jstr(jat(calls, 0), "id", NULL, NULL), "call_fake_0");
    PL_CHECK_STR(jstr(jat(calls, 0), "type", NULL, NULL), "function");
    PL_CHECK_STR(jstr(jat(calls, 0), "function", "name", NULL), "web_search");
    /* the arguments arrived in four fragments, reassembled exactly */
    PL_CHECK_STR(jstr(jat(calls, 0), "function", "arguments", NULL),
                 jstr(jat(jget(chats[0], "calls", NULL, NULL), 0), "arguments", NULL, NULL));
    PL_CHECK_STR(msg_field(m, 3, "role"), "tool");
    PL_CHECK_STR(msg_field(m, 3, "tool_call_id"), "call_fake_0");
    PL_CHECK_CONTAINS(msg_field(m, 3, "content"), "[1] Example Encyclopedia: what is the tallest tree");
    PL_CHECK_CONTAINS(msg_field(m, 3, "content"), "URL: https://example.org/wiki/");
    /* a second round is still allowed: the tool is offered again */
    PL_CHECK_INT(jlen(jget(chats[1], "body", "tools", NULL)), ==, 1);
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
}

PL_TEST(two_calls_bad_calls_and_failed_search)
{
    if (!fake())
        return;
    env_t e;
    env_llm(&e, "openai", 1, 0, NULL);
    rec_t r;
    ask(&e, &r, "tutor", "u1", "fake:tool2 volcanoes", 0, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    PL_CHECK_STR(r.text.data, "Based on the search: Example Encyclopedia: volcanoes. Done.");
    yajl_val log = fake_log(&F);
    yajl_val chats[4], searches[4];
    PL_CHECK_INT(records(log, "search", searches, 4), ==, 2);
    PL_CHECK_STR(jstr(searches[0], "query", NULL, NULL), "volcanoes");
    PL_CHECK_STR(jstr(searches[1], "query", NULL, NULL), "volcanoes history");
    PL_CHECK_INT(records(log, "chat", chats, 4), ==, 2);
    yajl_val m = jget(chats[1], "body", "messages", NULL);
    PL_CHECK_INT(jlen(m), ==, 5);
    PL_CHECK(YAJL_IS_NULL(jget(jat(m, 2), "content", NULL, NULL))); /* no text before the calls */
    PL_CHECK_INT(jlen(jget(jat(m, 2), "tool_calls", NULL, NULL)), ==, 2);
    PL_CHECK_STR(msg_field(m, 3, "tool_call_id"), "call_fake_0");
    PL_CHECK_STR(msg_field(m, 4, "tool_call_id"), "call_fake_1");
    PL_CHECK_CONTAINS(msg_field(m, 4, "content"), "volcanoes history");
    yajl_tree_free(log);
    rec_release(&r);

    /* arguments that are not JSON, a tool never offered: an error result, no search */
    const char *inputs[] = {"fake:tool-bad x", "fake:tool-other y"};
    const char *want[] = {"Error: the arguments must be a JSON object", "Error: there is no such tool"};
    for (size_t i = 0; i < 2; i++) {
        fake_reset(&F);
        ask(&e, &r, "tutor", "u1", inputs[i], 0, NULL, 0, 15);
        PL_CHECK_INT(r.done, ==, 1);
        PL_CHECK_STR(r.text.data, "Based on the search: nothing found. Done.");
        log = fake_log(&F);
        PL_CHECK_INT(records(log, "search", searches, 4), ==, 0);
        PL_CHECK_INT(records(log, "chat", chats, 4), ==, 2);
        m = jget(chats[1], "body", "messages", NULL);
        PL_CHECK_CONTAINS(msg_field(m, 3, "content"), want[i]);
        yajl_tree_free(log);
        rec_release(&r);
    }

    /* the search fails: the model is told, and still answers */
    fake_reset(&F);
    ask(&e, &r, "tutor", "u1", "fake:tool search:500 news", 0, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    PL_CHECK_CONTAINS(r.text.data, "Based on the search: nothing found");
    log = fake_log(&F);
    PL_CHECK_INT(records(log, "search", searches, 4), ==, 1);
    PL_CHECK_INT(records(log, "chat", chats, 4), ==, 2);
    m = jget(chats[1], "body", "messages", NULL);
    PL_CHECK_CONTAINS(msg_field(m, 3, "content"), "The web search failed (the search provider "
                                                  "answered HTTP 500");
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
}

PL_TEST(tool_rounds_are_bounded)
{
    if (!fake())
        return;
    env_t e;
    env_llm(&e, "openai", 1, 0, NULL);
    rec_t r;
    ask(&e, &r, "tutor", "u1", "fake:tool-loop forever", 0, NULL, 0, 20);
    PL_CHECK_INT(r.done, ==, 1);
    yajl_val log = fake_log(&F);
    yajl_val chats[8], searches[8];
    /* two rounds of searches, then a request without the tool */
    PL_CHECK_INT(records(log, "search", searches, 8), ==, 2);
    PL_CHECK_INT(records(log, "chat", chats, 8), ==, 3);
    PL_CHECK_INT(jlen(jget(chats[0], "body", "tools", NULL)), ==, 1);
    PL_CHECK_INT(jlen(jget(chats[1], "body", "tools", NULL)), ==, 1);
    PL_CHECK(jget(chats[2], "body", "tools", NULL) == NULL);
    yajl_val m = jget(chats[2], "body", "messages", NULL);
    PL_CHECK_INT(jlen(m), ==, 6);
    /* each assistant message holds its own round's text, without the blank line between */
    PL_CHECK_STR(msg_field(m, 2, "content"), "Let me look that up.");
    PL_CHECK_STR(msg_field(m, 4, "content"), "Let me look that up.");
    PL_CHECK_STR(msg_field(m, 5, "role"), "tool");
    /* both rounds' pre-call text, then the answer, each after a blank line */
    PL_CHECK_STR(r.text.data, "Let me look that up.\n\nLet me look that up.\n\nBased on the search: "
                              "Example Encyclopedia: forever. Done.");
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
}

PL_TEST(cancel_during_search)
{
    if (!fake())
        return;
    env_t e;
    env_llm(&e, "openai", 1, 0, NULL);
    rec_t r;
    memset(&r, 0, sizeof(r));
    r.base = e.base;
    r.brain = e.brain;
    pl_brain_request_t req = {0};
    req.dialect = "tutor";
    req.conversation_id = "c";
    req.user_id = "u";
    req.input = "fake:tool search:stall wait";
    req.input_len = strlen(req.input);
    PL_CHECK_INT(pl_brain_start(e.brain, &req, &rec_sink, &r, &r.turn), ==, 0);
    /* run until the search is under way (the text before the call has arrived) */
    double end = now_s() + 10;
    int searching = 0;
    while (now_s() < end && !searching) {
        run_for(e.base, 0.05);
        yajl_val log = fake_log(&F);
        yajl_val s[2];
        searching = records(log, "search", s, 2) == 1;
        yajl_tree_free(log);
    }
    PL_CHECK(searching);
    PL_CHECK_STR(r.text.data, "Let me look that up.");
    pl_brain_cancel(e.brain, r.turn);
    r.cancelled = 1;
    run_for(e.base, 0.3);
    PL_CHECK_INT(r.done + r.error + r.after_end, ==, 0);
    int closed = 0;
    for (int i = 0; i < 100 && !closed; i++) {
        yajl_val log = fake_log(&F);
        yajl_val s[2];
        closed = records(log, "search", s, 2) == 1 && jtrue(s[0], "client_closed");
        yajl_tree_free(log);
        if (!closed)
            usleep(20000);
    }
    PL_CHECK(closed);
    PL_CHECK_INT(pl_search_active(e.search), ==, 0);
    rec_release(&r);
    env_free(&e);
}

PL_TEST(no_tool_outside_the_tutor_or_for_gemini)
{
    if (!fake())
        return;
    env_t e;
    env_llm(&e, "openai", 1, 0, NULL);
    rec_t r;
    ask(&e, &r, "studymate", "u1", "fake:tool anything", 0, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1); /* not offered, so the fake answers normally */
    yajl_val log = fake_log(&F);
    yajl_val chats[2];
    PL_CHECK_INT(records(log, "chat", chats, 2), ==, 1);
    PL_CHECK(jget(chats[0], "body", "tools", NULL) == NULL);
    PL_CHECK(strstr(msg_field(jget(chats[0], "body", "messages", NULL), 0, "content"),
                    "web_search") == NULL);
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);

    fake_reset(&F);
    env_llm(&e, "gemini", 1, 0, NULL);
    ask(&e, &r, "tutor", "u1", "fake:tool anything", 0, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    log = fake_log(&F);
    PL_CHECK_INT(records(log, "chat", chats, 2), ==, 1);
    PL_CHECK(jget(chats[0], "body", "tools", NULL) == NULL);
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
}

/* ------------------------------------------------------------- retrieval */

/* Nine sentences of about 97 bytes make one chunk of a page (chunks close at 800 bytes). */
static const char *const beetles_p1 =
    "Xylophagous beetles eat wood, digesting cellulose with the help of microbes living in guts.\n"
    "The larvae of xylophagous beetles bore long tunnels through dead trunks, branches and timber.\n"
    "Because wood is poor in nitrogen, xylophagous beetles grow slowly and live years as larvae.\n"
    "Foresters watch xylophagous beetles closely, since some species attack weakened living trees.\n"
    "Many xylophagous beetles carry fungi that soften the wood and make its sugars easier to eat.\n"
    "By breaking down fallen logs, xylophagous beetles return carbon and minerals to forest soil.\n"
    "Woodpeckers listen for the chewing of xylophagous beetle larvae and dig them out of the bark.\n"
    "In houses, xylophagous beetles such as the woodworm can weaken beams and furniture for years.\n"
    "Adult xylophagous beetles often live only a few weeks, just long enough to mate and lay eggs.";
static const char *const beetles_p2 =
    "Fungi grow in the tunnels that xylophagous beetles dig, and the larvae eat the soft fungus.\n"
    "Ambrosia beetles are xylophagous beetles that farm fungi on the walls of their wood tunnels.\n"
    "The fungus gardens of xylophagous beetles are weeded and tended by the adult female beetles.\n"
    "Some xylophagous beetles carry fungal spores in special pockets called mycangia on the body.\n"
    "Without their fungi, many xylophagous beetles could not digest the wood they live inside.\n"
    "Scientists compare the fungus farming of xylophagous beetles with that of leafcutter ants.\n"
    "Xylophagous beetles spread tree diseases when their fungi are harmful to the living trees.\n"
    "Dutch elm disease was carried from tree to tree by xylophagous bark beetles and their fungi.\n"
    "Foresters trap xylophagous beetles with scents to slow the spread of these fungal diseases.";

static void add_doc(pl_kb_t *kb, const char *owner, const char *name, char id[40])
{
    pl_kb_page_t pages[2] = {{1, beetles_p1, strlen(beetles_p1)}, {2, beetles_p2, strlen(beetles_p2)}};
    PL_CHECK_INT(pl_kb_doc_add(kb, owner, name, "application/pdf", 4000, pages, 2, id), ==, 0);
}

PL_TEST(sources_and_citations)
{
    if (!fake())
        return;
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    char id[40], other[40];
    add_doc(kb, "stu", "beetles.pdf", id);
    add_doc(kb, "eve", "eves-secret-notes.pdf", other);
    env_t e;
    env_llm(&e, "openai", 0, 0, kb);
    rec_t r;
    ask(&e, &r, "studymate", "stu", "What do xylophagous beetles eat?", 1, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    PL_CHECK_STR(r.text.data, "Xylophagous beetles eat wood [1]. Fungi in their tunnels help them "
                              "[2]. Nothing else is known [99].");
    yajl_val log = fake_log(&F);
    yajl_val chats[2];
    PL_CHECK_INT(records(log, "chat", chats, 2), ==, 1);
    const char *sys = msg_field(jget(chats[0], "body", "messages", NULL), 0, "content");
    char *base_prompt = pl_brain_system_prompt("studymate", NULL, NULL);
    PL_CHECK(sys != NULL && strncmp(sys, base_prompt, strlen(base_prompt)) == 0);
    pl_free(base_prompt);
    PL_CHECK_CONTAINS(sys, "Numbered sources");
    PL_CHECK_CONTAINS(sys, "[1] From the document \"beetles.pdf\", page ");
    PL_CHECK_CONTAINS(sys, "[2] From the document \"beetles.pdf\", page ");
    PL_CHECK_CONTAINS(sys, "Xylophagous beetles eat wood");
    PL_CHECK_CONTAINS(sys, "like [1] or [2][3]");
    PL_CHECK(strstr(sys, "eves-secret-notes") == NULL); /* never another user's document */
    PL_CHECK(strstr(sys, "From the lesson") == NULL);   /* studymate: documents only */
    yajl_tree_free(log);
    /* [1] and [2] became citations; [99] was never a source */
    PL_CHECK(r.citations != NULL);
    yajl_val c = yajl_tree_parse(r.citations != NULL ? r.citations : "null", NULL, 0);
    PL_CHECK_INT(jlen(c), ==, 2);
    for (size_t i = 0; i < jlen(c); i++) {
        yajl_val x = jat(c, i);
        PL_CHECK_STR(jstr(x, "document_id", NULL, NULL), id);
        PL_CHECK_STR(jstr(x, "filename", NULL, NULL), "beetles.pdf");
        PL_CHECK(strncmp(jstr(x, "chunk_id", NULL, NULL) ? jstr(x, "chunk_id", NULL, NULL) : "", id,
                         32) == 0);
        long long ps = jint(x, "page_start", NULL, NULL), pe = jint(x, "page_end", NULL, NULL);
        PL_CHECK(ps >= 1 && pe >= ps && pe <= 2);
        yajl_val sc = jget(x, "score", NULL, NULL);
        PL_CHECK(YAJL_IS_NUMBER(sc) && YAJL_GET_DOUBLE(sc) > 0 && YAJL_GET_DOUBLE(sc) <= 1);
    }
    PL_CHECK(strcmp(jstr(jat(c, 0), "chunk_id", NULL, NULL) ? jstr(jat(c, 0), "chunk_id", NULL, NULL) : "",
                    jstr(jat(c, 1), "chunk_id", NULL, NULL) ? jstr(jat(c, 1), "chunk_id", NULL, NULL) : "") != 0);
    yajl_tree_free(c);
    rec_release(&r);

    /* a user with no documents: the prompt says none matched; no citations */
    fake_reset(&F);
    ask(&e, &r, "studymate", "nobody", "What do xylophagous beetles eat?", 1, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    PL_CHECK(r.citations == NULL);
    log = fake_log(&F);
    records(log, "chat", chats, 2);
    PL_CHECK_CONTAINS(msg_field(jget(chats[0], "body", "messages", NULL), 0, "content"),
                      "No passage of the student's documents matched this question.");
    yajl_tree_free(log);
    rec_release(&r);

    /* the same question in a dialect without documents: no sources at all */
    fake_reset(&F);
    ask(&e, &r, "tutor", "stu", "What do xylophagous beetles eat?", 0, NULL, 0, 15);
    PL_CHECK(r.citations == NULL);
    log = fake_log(&F);
    records(log, "chat", chats, 2);
    char *tutor = pl_brain_system_prompt("tutor", NULL, NULL);
    PL_CHECK_STR(msg_field(jget(chats[0], "body", "messages", NULL), 0, "content"), tutor);
    pl_free(tutor);
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
    pl_kb_close(kb);
}

PL_TEST(lessons_are_sources_for_teach)
{
    if (!fake())
        return;
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    char dir[4096];
    const char *src = getenv("PARLEY_SOURCE_DIR");
    snprintf(dir, sizeof(dir), "%s/data/lessons", src ? src : ".");
    PL_CHECK(pl_kb_load_lessons(kb, dir) > 10);
    env_t e;
    env_llm(&e, "openai", 0, 0, kb);
    rec_t r;
    ask(&e, &r, "teach", "stu", "How do chloroplasts use chlorophyll?", 1, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    PL_CHECK(r.citations == NULL); /* lessons are sources, but not documents to cite */
    yajl_val log = fake_log(&F);
    yajl_val chats[2];
    records(log, "chat", chats, 2);
    const char *sys = msg_field(jget(chats[0], "body", "messages", NULL), 0, "content");
    PL_CHECK_CONTAINS(sys, "[1] From the lesson \"Photosynthesis\" (");
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
    pl_kb_close(kb);
}

/* ---------------------------------------------------------------- titles */

PL_TEST(titles_from_the_model)
{
    if (!fake())
        return;
    const char *kinds[] = {"openai", "gemini"};
    for (size_t k = 0; k < 2; k++) {
        fake_reset(&F);
        env_t e;
        env_llm(&e, kinds[k], 0, 1, NULL);
        rec_t r;
        /* the title is asked for with the answer and arrives while it streams (~2 s) */
        ask(&e, &r, "tutor", "u1", "fake:slow What is photosynthesis?", 0, NULL, 0, 15);
        PL_CHECK_INT(r.done, ==, 1);
        PL_CHECK_STR(r.title, "Notes On What Is Photosynthesis");
        yajl_val log = fake_log(&F);
        yajl_val chats[2], titles[2];
        PL_CHECK_INT(records(log, "chat", chats, 2), ==, 1);
        PL_CHECK_INT(records(log, "title", titles, 2), ==, 1);
        PL_CHECK_STR(jstr(chats[0], "sent", NULL, NULL), r.text.data); /* the title never streams */
        double apart = jnum(titles[0], "at") - jnum(chats[0], "at");
        PL_CHECK(apart > -1.0 && apart < 1.0); /* started together */
        PL_CHECK(jnum(titles[0], "done_at") > 0);
        /* complete before the answer */
        PL_CHECK(jnum(titles[0], "done_at") < jnum(chats[0], "done_at"));
        PL_CHECK(!jtrue(titles[0], "client_closed"));
        if (k == 0) {
            yajl_val m = jget(titles[0], "body", "messages", NULL);
            PL_CHECK_STR(msg_field(m, 0, "content"), llm_title_system);
            PL_CHECK_STR(msg_field(m, 1, "content"),
                         "Student: fake:slow What is photosynthesis?\n\nWrite a title of at most 6 "
                         "words for the conversation this message opens.");
        }
        yajl_tree_free(log);
        rec_release(&r);

        /* a later exchange asks for none */
        fake_reset(&F);
        pl_brain_history_t hist[] = {{"user", "hi", 2}, {"assistant", "Hello!", 6}};
        ask(&e, &r, "tutor", "u1", "And respiration?", 0, hist, 2, 15);
        PL_CHECK_INT(r.done, ==, 1);
        PL_CHECK_STR(r.title, "");
        log = fake_log(&F);
        PL_CHECK_INT(records(log, "title", titles, 2), ==, 0);
        yajl_tree_free(log);
        rec_release(&r);

        /* a conversation that has a title (given at creation) asks for none */
        fake_reset(&F);
        conv_title = "Given at creation";
        ask(&e, &r, "tutor", "u1", "What is photosynthesis?", 0, NULL, 0, 15);
        conv_title = NULL;
        PL_CHECK_INT(r.done, ==, 1);
        PL_CHECK_STR(r.title, "");
        log = fake_log(&F);
        PL_CHECK_INT(jlen(log), ==, 1); /* the answer only */
        PL_CHECK_INT(records(log, "chat", chats, 2), ==, 1);
        yajl_tree_free(log);
        rec_release(&r);
        /* "" is no title: asked for */
        fake_reset(&F);
        conv_title = "";
        ask(&e, &r, "tutor", "u1", "What is photosynthesis?", 0, NULL, 0, 15);
        conv_title = NULL;
        PL_CHECK_STR(r.title, "Notes On What Is Photosynthesis");
        rec_release(&r);

        /* a failing title request costs the answer nothing */
        fake_reset(&F);
        ask(&e, &r, "tutor", "u1", "fake:title-fail please", 0, NULL, 0, 15);
        PL_CHECK_INT(r.done, ==, 1);
        PL_CHECK_STR(r.title, "");
        PL_CHECK_CONTAINS(r.text.data, "done.");
        rec_release(&r);

        /* a stalled one delays the end by the grace at most, then is closed */
        fake_reset(&F);
        ask(&e, &r, "tutor", "u1", "fake:title-stall please", 0, NULL, 0, 15);
        PL_CHECK_INT(r.done, ==, 1);
        PL_CHECK_STR(r.title, "");
        PL_CHECK_CONTAINS(r.text.data, "done.");
        PL_CHECK(r.t_end - r.t_last >= TITLE_GRACE - 0.05); /* it was waited for */
        PL_CHECK(r.t_end - r.t_last < TITLE_GRACE + 2.0);   /* never longer (loaded machine) */
        PL_CHECK(closed_all("title", 1, 3.0));
        rec_release(&r);

        /* cancel closes both connections: the answer's and the title's */
        fake_reset(&F);
        memset(&r, 0, sizeof(r));
        r.base = e.base;
        r.brain = e.brain;
        pl_brain_request_t req = {0};
        req.dialect = "tutor";
        req.user_id = "u1";
        req.input = "fake:slow tell me fake:title-stall";
        req.input_len = strlen(req.input);
        PL_CHECK_INT(pl_brain_start(e.brain, &req, &rec_sink, &r, &r.turn), ==, 0);
        /* once the fake holds both requests (the slow answer takes ~2 s) */
        for (double until = now_s() + 5; now_s() < until && !r.done && !r.error;) {
            run_for(e.base, 0.05);
            log = fake_log(&F);
            size_t n = jlen(log);
            yajl_tree_free(log);
            if (n == 2)
                break;
        }
        PL_CHECK_INT(r.done + r.error, ==, 0);
        pl_brain_cancel(e.brain, r.turn);
        r.cancelled = 1;
        run_for(e.base, 0.3); /* nothing may follow the cancel */
        PL_CHECK_INT(r.cancelled, ==, 1);
        PL_CHECK_INT(r.done + r.error + r.after_end, ==, 0);
        PL_CHECK(closed_all("chat", 1, 3.0));
        PL_CHECK(closed_all("title", 1, 3.0));
        rec_release(&r);
        env_free(&e);
    }
    /* titles off: no title request */
    fake_reset(&F);
    env_t e;
    env_llm(&e, "openai", 0, 0, NULL);
    rec_t r;
    ask(&e, &r, "tutor", "u1", "What is photosynthesis?", 0, NULL, 0, 15);
    PL_CHECK_STR(r.title, "");
    yajl_val log = fake_log(&F);
    yajl_val t[2];
    PL_CHECK_INT(records(log, "title", t, 2), ==, 0);
    yajl_tree_free(log);
    rec_release(&r);
    env_free(&e);
}

/* A grace of 0: the answer never waits; the title request is cancelled at its end. */
PL_TEST(title_grace_zero_never_waits)
{
    if (!fake())
        return;
    env_t e;
    memset(&e, 0, sizeof(e));
    e.base = event_base_new();
    pl_brain_llm_config_t cfg;
    pl_brain_llm_config_init(&cfg);
    PL_CHECK(cfg.title_grace > 0.49 && cfg.title_grace < 0.51); /* the default */
    snprintf(e.url, sizeof(e.url), "%s/v1", F.base);
    cfg.base_url = e.url;
    cfg.api_key_env = KEY_ENV;
    cfg.titles = 1;
    cfg.title_grace = 0;
    PL_CHECK_INT(pl_brain_openai_new(&e.brain, e.base, &cfg), ==, 0);
    rec_t r;
    ask(&e, &r, "tutor", "u1", "fake:title-stall please", 0, NULL, 0, 15);
    PL_CHECK_INT(r.done, ==, 1);
    PL_CHECK_STR(r.title, "");
    PL_CHECK(r.t_end - r.t_last < 0.4);
    PL_CHECK(closed_all("title", 1, 3.0));
    rec_release(&r);
    env_free(&e);
    /* a bad grace is refused */
    cfg.title_grace = -1;
    pl_brain_t *b = NULL;
    struct event_base *base = event_base_new();
    PL_CHECK_INT(pl_brain_openai_new(&b, base, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    event_base_free(base);
}

/* ----------------------------------------------------- the lessons brain */

typedef struct lenv {
    struct event_base *base;
    pl_kb_t *kb;
    pl_search_t *search;
    pl_brain_t *brain;
} lenv_t;

static void lenv_new(lenv_t *l, double search_timeout)
{
    memset(l, 0, sizeof(*l));
    l->base = event_base_new();
    PL_CHECK_INT(pl_kb_open(&l->kb, ":memory:"), ==, 0);
    char dir[4096];
    const char *src = getenv("PARLEY_SOURCE_DIR");
    snprintf(dir, sizeof(dir), "%s/data/lessons", src ? src : ".");
    PL_CHECK(pl_kb_load_lessons(l->kb, dir) > 10);
    l->search = mk_search(l->base, search_timeout);
    pl_brain_lessons_config_t cfg;
    pl_brain_lessons_config_init(&cfg);
    cfg.words_per_chunk = 50;
    cfg.search = l->search;
    PL_CHECK_INT(pl_brain_lessons_new(&l->brain, l->base, l->kb, &cfg), ==, 0);
}

static void lenv_free(lenv_t *l)
{
    pl_brain_free(l->brain);
    pl_search_free(l->search);
    pl_kb_close(l->kb);
    event_base_free(l->base);
}

static void lask(lenv_t *l, rec_t *r, const char *dialect, const char *conv, const char *input)
{
    memset(r, 0, sizeof(*r));
    r->base = l->base;
    r->brain = l->brain;
    pl_brain_request_t req = {0};
    req.dialect = dialect;
    req.conversation_id = conv;
    req.user_id = "u1";
    req.input = input;
    req.input_len = strlen(input);
    r->t0 = now_s();
    r->in_start = 1;
    int rv = pl_brain_start(l->brain, &req, &rec_sink, r, &r->turn);
    r->in_start = 0;
    PL_CHECK_INT(rv, ==, 0);
    if (rv == 0)
        run_for(l->base, 10);
    PL_CHECK_INT(r->done, ==, 1);
    PL_CHECK_INT(r->during_start + r->after_end + r->bad_utf8, ==, 0);
}

static size_t n_searches(void)
{
    yajl_val log = fake_log(&F);
    yajl_val s[8];
    size_t n = records(log, "search", s, 8);
    yajl_tree_free(log);
    return n;
}

PL_TEST(lessons_answer_from_the_web)
{
    if (!fake())
        return;
    lenv_t l;
    lenv_new(&l, 5);
    rec_t r;
    /* covered: answered from the lessons, no search */
    lask(&l, &r, "tutor", "w1", "What is photosynthesis?");
    PL_CHECK_CONTAINS(r.text.data, "From the lesson **Photosynthesis**");
    PL_CHECK_INT(n_searches(), ==, 0);
    rec_release(&r);
    /* not covered: the web, labelled, with its sources */
    lask(&l, &r, "tutor", "w1", "Who won the 2018 football world cup?");
    PL_CHECK_INT(n_searches(), ==, 1);
    PL_CHECK_CONTAINS(r.text.data, "My curriculum does not cover that, so I searched the web.");
    PL_CHECK_CONTAINS(r.text.data, "come from web pages, not from my lessons");
    PL_CHECK_CONTAINS(r.text.data, "- The facts about Who won the 2018 football world cup are set "
                                   "out in full by the Example Encyclopedia.");
    PL_CHECK_CONTAINS(r.text.data, "- Reporters covered Who won the 2018 football world cup at length");
    PL_CHECK_CONTAINS(r.text.data, "Sources (web):\n- Example Encyclopedia: Who won the 2018 football "
                                   "world cup: https://example.org/wiki/who-won-the-2018-football-world-cup");
    PL_CHECK_CONTAINS(r.text.data, "\n- News Site \xE2\x80\x94 Explainer: https://news.example.com/");
    PL_CHECK(strstr(r.text.data, "Weather today") == NULL); /* filler never quoted */
    PL_CHECK(strstr(r.text.data, "Cookies") == NULL);
    PL_CHECK(strstr(r.text.data, "can't answer it without guessing") == NULL);
    PL_CHECK_STR(r.mode, "answering");
    yajl_val log = fake_log(&F);
    yajl_val s[2];
    records(log, "search", s, 2);
    PL_CHECK_STR(jstr(s[0], "query", NULL, NULL), "Who won the 2018 football world cup?");
    yajl_tree_free(log);
    rec_release(&r);
    /* mid-lesson, the lesson's resume line stays after the web answer */
    fake_reset(&F);
    lask(&l, &r, "tutor", "w2", "teach me about photosynthesis");
    rec_release(&r);
    lask(&l, &r, "tutor", "w2", "Who won the 2018 football world cup?");
    PL_CHECK_CONTAINS(r.text.data, "I searched the web");
    PL_CHECK_CONTAINS(r.text.data, "\n\nShall we continue with ");
    rec_release(&r);
    /* other dialects never search */
    fake_reset(&F);
    lask(&l, &r, "teach", "w3", "Who won the 2018 football world cup?");
    PL_CHECK_CONTAINS(r.text.data, "can't answer it without guessing");
    PL_CHECK_INT(n_searches(), ==, 0);
    rec_release(&r);
    /* the search fails, finds nothing or nothing on the question: the honest answer stays */
    const char *qs[] = {"search:500 who won the 2018 football world cup?",
                        "search:empty who won the 2018 football world cup?",
                        "search:bad who won the 2018 football world cup?"};
    for (size_t i = 0; i < 3; i++) {
        fake_reset(&F);
        lask(&l, &r, "tutor", "w4", qs[i]);
        PL_CHECK_INT(n_searches(), ==, 1);
        PL_CHECK_CONTAINS(r.text.data, "My curriculum does not cover that, so I can't answer it "
                                       "without guessing.");
        PL_CHECK(strstr(r.text.data, "searched the web") == NULL);
        rec_release(&r);
    }
    lenv_free(&l);

    /* a stalled search ends at its timeout with the honest answer */
    fake_reset(&F);
    lenv_new(&l, 0.5);
    lask(&l, &r, "tutor", "w5", "search:stall who won the 2018 football world cup?");
    PL_CHECK_CONTAINS(r.text.data, "can't answer it without guessing");
    PL_CHECK(r.t_end - r.t0 >= 0.45 && r.t_end - r.t0 < 3.0);
    rec_release(&r);
    lenv_free(&l);
}

PL_TEST(lessons_cancel_during_search)
{
    if (!fake())
        return;
    lenv_t l;
    lenv_new(&l, 30);
    rec_t r;
    memset(&r, 0, sizeof(r));
    r.base = l.base;
    r.brain = l.brain;
    pl_brain_request_t req = {0};
    req.dialect = "tutor";
    req.conversation_id = "cx";
    req.user_id = "u1";
    req.input = "search:stall who won the 2018 football world cup?";
    req.input_len = strlen(req.input);
    PL_CHECK_INT(pl_brain_start(l.brain, &req, &rec_sink, &r, &r.turn), ==, 0);
    double end = now_s() + 10;
    while (now_s() < end && n_searches() == 0)
        run_for(l.base, 0.05);
    PL_CHECK_INT(n_searches(), ==, 1);
    pl_brain_cancel(l.brain, r.turn);
    run_for(l.base, 0.3);
    PL_CHECK_INT(r.chunks + r.done + r.error, ==, 0);
    PL_CHECK_INT(pl_search_active(l.search), ==, 0);
    rec_release(&r);
    lenv_free(&l);
}

/* --------------------------------------------------------------- parsers */

static int feed(llm_tools_t *a, const char *json)
{
    return llm_tools_feed(a, json, strlen(json));
}

PL_TEST(tool_call_fragments)
{
    llm_tools_t a;
    memset(&a, 0, sizeof(a));
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}"), ==, 0);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                          "\"type\":\"function\",\"function\":{\"name\":\"web_search\",\"arguments\":\"\"}}]}}]}"), ==, 0);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\","
                          "\"function\":{\"name\":\"web_\"}}]}}]}"), ==, 0);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                          "{\"arguments\":\"{\\\"qu\"}}]}}]}"), ==, 0);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":"
                          "{\"name\":\"search\",\"arguments\":\"{\\\"query\\\": \\\"b\\\"}\"}}]}}]}"), ==, 0);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                          "{\"name\":\"web_search\",\"arguments\":\"ery\\\": \\\"caf\\u00e9\\\"}\"}}]}}]}"), ==, 0);
    PL_CHECK_INT(a.n, ==, 2);
    PL_CHECK_STR(a.calls[0].id, "call_1");
    PL_CHECK_STR(a.calls[0].name.data, "web_search"); /* a repeated name is not doubled */
    PL_CHECK_STR(a.calls[0].args.data, "{\"query\": \"caf\xC3\xA9\"}");
    PL_CHECK_STR(a.calls[1].name.data, "web_search"); /* name pieces joined */
    char *q = NULL;
    PL_CHECK_INT(llm_tool_query(a.calls[0].args.data, a.calls[0].args.len, &q), ==, 0);
    PL_CHECK_STR(q, "caf\xC3\xA9");
    pl_free(q);
    llm_tools_reset(&a);
    PL_CHECK_INT(a.n, ==, 0);
    /* without an index: an id opens a call, the rest goes to the last one */
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":"
                          "{\"name\":\"web_search\",\"arguments\":\"{}\"}},{\"id\":\"b\",\"function\":"
                          "{\"name\":\"web_search\",\"arguments\":\"{\\\"query\\\"\"}},{\"function\":"
                          "{\"arguments\":\":\\\"x\\\"}\"}}]}}]}"), ==, 0);
    PL_CHECK_INT(a.n, ==, 2);
    PL_CHECK_STR(a.calls[1].args.data, "{\"query\":\"x\"}");
    llm_tools_reset(&a);
    /* bounds and junk */
    for (int i = 0; i < 6; i++) {
        char buf[200];
        snprintf(buf, sizeof(buf), "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":%d,\"id\":\"c%d\"}]}}]}", i, i);
        feed(&a, buf);
    }
    PL_CHECK_INT(a.n, ==, LLM_MAX_TOOL_CALLS);
    PL_CHECK_INT(a.dropped, ==, 2);
    llm_tools_reset(&a);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":[7,{\"index\":-1},{\"index\":\"0\"},"
                          "{\"index\":0,\"function\":{\"arguments\":{\"query\":\"x\"}}}]}}]}"), ==, PL_ERR_PROTOCOL);
    PL_CHECK(a.malformed);
    PL_CHECK_INT(feed(&a, "not json"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(feed(&a, "{\"choices\":[{\"delta\":{\"tool_calls\":{}}}]}"), ==, PL_ERR_PROTOCOL);
    llm_tools_reset(&a);
    pl_buf_t big = PL_BUF_INIT(0);
    pl_buf_append_str(&big, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"");
    for (unsigned i = 0; i < LLM_MAX_TOOL_ARGS + 10; i++)
        pl_buf_append(&big, "x", 1);
    pl_buf_append_str(&big, "\"}}]}}]}");
    PL_CHECK_INT(llm_tools_feed(&a, big.data, big.len), ==, PL_ERR_TOO_LARGE);
    pl_buf_free(&big);
    llm_tools_reset(&a);
    /* arguments */
    const char *good[][2] = {{"{\"query\":\"  tides \"}", "tides "}, {"\"moon phases\"", "moon phases"}};
    for (size_t i = 0; i < 2; i++) {
        PL_CHECK_INT(llm_tool_query(good[i][0], strlen(good[i][0]), &q), ==, 0);
        PL_CHECK_STR(q, good[i][1]);
        pl_free(q);
    }
    const char *bad[] = {"", "{}", "{\"query\":\"\"}", "{\"query\":5}", "[\"x\"]", "{\"query\": \"x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        PL_CHECK_INT(llm_tool_query(bad[i], strlen(bad[i]), &q), ==, PL_ERR_PARSE);
        PL_CHECK(q == NULL);
    }
}

static void cited(const char *text, size_t n_sources, const char *want)
{
    unsigned out[16];
    size_t k = llm_cited(text, strlen(text), n_sources, out, 16);
    char got[128] = "";
    for (size_t i = 0; i < k; i++)
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%u", i ? "," : "", out[i]);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "  cited(\"%s\", %zu): got \"%s\", want \"%s\"\n", text, n_sources, got, want);
    PL_CHECK_STR(got, want);
}

PL_TEST(source_markers)
{
    cited("Wood [1]. Fungi [2][3], and [ 2 ].", 5, "1,2,3");
    cited("See [3, 1; 2] and [Source 4] and [sources: 5].", 5, "3,1,2,4,5");
    cited("Range [2-4] and [1\xE2\x80\x93" "2].", 5, "2,3,4,1");
    cited("Out of range [0] [6] [99] [12345] and [1-100].", 3, "1,2,3");
    cited("Not markers: [a] [1 2] [1,] [,1] [1.5] [-1] [1", 5, "");
    cited("Nested [[2]] and markdown [1](http://x) count.", 5, "2,1");
    cited("", 5, "");
    cited("[1]", 0, "");
}

PL_TEST(title_tidying)
{
    const char *cases[][2] = {
        {"Photosynthesis Basics", "Photosynthesis Basics"},
        {"**Title:** \"Notes On What Is Photosynthesis.\"", "Notes On What Is Photosynthesis"},
        {"\n\n  # Quadratic   Equations Explained!\nsecond line", "Quadratic Equations Explained"},
        {"\xE2\x80\x9CLes fractions expliqu\xC3\xA9""es\xE2\x80\x9D", "Les fractions expliqu\xC3\xA9""es"},
        {"one two three four five six seven eight", "one two three four five six"},
        {"title: a, b, c,", "a, b, c"},
        {"'''", NULL},
        {"", NULL},
        {"  \n \n", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *t = llm_title_clean(cases[i][0], strlen(cases[i][0]));
        if (cases[i][1] == NULL)
            PL_CHECK(t == NULL);
        else
            PL_CHECK_STR(t, cases[i][1]);
        pl_free(t);
    }
    /* bounded in bytes, cut at a code point, valid UTF-8 */
    char longw[400];
    size_t k = 0;
    while (k + 3 < sizeof(longw)) {
        memcpy(longw + k, "\xC3\xA9", 2);
        k += 2;
    }
    longw[k] = '\0';
    char *t = llm_title_clean(longw, k);
    PL_CHECK(t != NULL && strlen(t) <= LLM_MAX_TITLE && llm_utf8_valid(t, strlen(t)));
    pl_free(t);
    /* invalid UTF-8 is repaired */
    t = llm_title_clean("Bad \xFF byte", 10);
    PL_CHECK_STR(t, "Bad \xEF\xBF\xBD byte");
    pl_free(t);
}

/* The texts in docs/prompts.md are the ones the code sends. */
PL_TEST(extra_prompts_match_docs)
{
    char path[4096];
    const char *src = getenv("PARLEY_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/docs/prompts.md", src ? src : ".");
    FILE *f = fopen(path, "r");
    PL_CHECK(f != NULL);
    if (f == NULL)
        return;
    static char doc[65536];
    size_t n = fread(doc, 1, sizeof(doc) - 1, f);
    fclose(f);
    doc[n] = '\0';
    char line[2048];
    /* no sources */
    pl_buf_t b = PL_BUF_INIT(0);
    llm_prompt_sources(&b, NULL, 0, 100);
    snprintf(line, sizeof(line), "\n> %s\n", b.data + 2);
    PL_CHECK_CONTAINS(doc, line);
    pl_buf_free(&b);
    /* the sources block of the example in the docs */
    llm_source_t s[2] = {{0}, {0}};
    s[0].is_document = 1;
    s[0].filename = "biology-ch3.pdf";
    s[0].page_start = 12;
    s[0].page_end = 13;
    s[0].text = "The Calvin cycle fixes carbon dioxide into sugars.";
    s[1].title = "Photosynthesis";
    s[1].heading = "Chlorophyll and chloroplasts";
    s[1].text = "Chlorophyll absorbs light energy.";
    llm_prompt_sources(&b, s, 2, 1500);
    char block[4096];
    snprintf(block, sizeof(block), "```\n%s\n```", b.data + 2);
    PL_CHECK_CONTAINS(doc, block);
    pl_buf_free(&b);
    /* the tool line */
    llm_prompt_tools(&b);
    snprintf(line, sizeof(line), "\n> %s\n", b.data + 2);
    PL_CHECK_CONTAINS(doc, line);
    pl_buf_free(&b);
    /* the title request */
    snprintf(line, sizeof(line), "\n> %s\n", llm_title_system);
    PL_CHECK_CONTAINS(doc, line);
    char *u = llm_title_request("What is photosynthesis?", 23, "Biology");
    snprintf(block, sizeof(block), "```\n%s\n```", u);
    PL_CHECK_CONTAINS(doc, block);
    pl_free(u);
}

PL_TEST_MAIN(PL_TEST_ENTRY(tool_call_round_trip), PL_TEST_ENTRY(two_calls_bad_calls_and_failed_search),
             PL_TEST_ENTRY(tool_rounds_are_bounded), PL_TEST_ENTRY(cancel_during_search),
             PL_TEST_ENTRY(no_tool_outside_the_tutor_or_for_gemini),
             PL_TEST_ENTRY(sources_and_citations), PL_TEST_ENTRY(lessons_are_sources_for_teach),
             PL_TEST_ENTRY(titles_from_the_model), PL_TEST_ENTRY(title_grace_zero_never_waits),
             PL_TEST_ENTRY(lessons_answer_from_the_web),
             PL_TEST_ENTRY(lessons_cancel_during_search), PL_TEST_ENTRY(tool_call_fragments),
             PL_TEST_ENTRY(source_markers), PL_TEST_ENTRY(title_tidying),
             PL_TEST_ENTRY(extra_prompts_match_docs))
