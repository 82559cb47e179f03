/*
 * main.c - parleyd: settings, logging, the store, the brain, the engine,
 * the dialects, the server, the loop.
 *
 * Teardown order matters: the store drains first (its callbacks still reach
 * the engine and the sockets), then the server closes its connections (the
 * dialects detach them from the engine), then the engine, then the brain,
 * then the knowledge base the brain reads.
 */
#include "parley/brain.h"
#include "parley/config.h"
#include "parley/dialects.h"
#include "parley/docs.h"
#include "parley/engine.h"
#include "parley/httpc.h"
#include "parley/kb.h"
#include "parley/log.h"
#include "parley/metrics.h"
#include "parley/search.h"
#include "parley/server.h"
#include "parley/store.h"
#include "parley/web.h"

#include <event2/event.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

/* The web search client of --web-search (NULL when off); 0, or -1 on a bad setting. */
static int make_search(struct event_base *base, const pl_config_t *cfg, pl_search_t **out)
{
    *out = NULL;
    if (strcmp(cfg->web_search, "off") == 0)
        return 0;
    if (strcmp(cfg->web_search, "tavily") != 0) {
        pl_log_error("parleyd", "invalid --web-search '%s' (tavily | off)", cfg->web_search);
        return -1;
    }
    pl_search_config_t sc;
    pl_search_config_init(&sc);
    sc.base_url = cfg->search_base_url;
    sc.api_key_env = cfg->search_api_key_env; /* the variable's name; the key stays there */
    sc.max_results = (unsigned)cfg->search_max_results;
    sc.timeout = cfg->search_timeout;
    return pl_search_new(out, base, &sc) == 0 ? 0 : -1;
}

/* Open files pl_server_new keeps apart from client connections. */
#define FD_RESERVE 96

/*
 * With an LLM brain each client connection may hold provider connections
 * too: its answer's and, on a conversation's first exchange, a title
 * request's beside it. Unless --max-connections is given, the open files
 * the server would give clients (the limit, raised to its hard maximum as
 * pl_server_new does, less FD_RESERVE) are split: half for client
 * connections (cfg->max_connections), half for the provider's, where the
 * brain's HTTP client is capped (a request past the cap waits for a free
 * connection). An explicit --max-connections leaves the provider the rest.
 * Returns that client (the caller frees it after the brain), or NULL for
 * another brain.
 */
static pl_httpc_t *provider_client(struct event_base *base, pl_config_t *cfg)
{
    if (strcmp(cfg->brain, "openai") != 0 && strcmp(cfg->brain, "gemini") != 0)
        return NULL;
    pl_httpc_t *h = pl_httpc_new(base);
    if (h == NULL)
        return NULL;
    struct rlimit rl;
    size_t files = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        if (rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max;
            (void)setrlimit(RLIMIT_NOFILE, &rl);
            (void)getrlimit(RLIMIT_NOFILE, &rl);
        }
        files = rl.rlim_cur > (rlim_t)1 << 30 ? (size_t)1 << 30 : (size_t)rl.rlim_cur;
    }
    size_t room = files > 2 * FD_RESERVE ? files - FD_RESERVE : FD_RESERVE;
    if (cfg->max_connections == 0)
        cfg->max_connections = (long)(room / 2);
    size_t clients = (size_t)cfg->max_connections;
    size_t provider = room > clients + 16 ? room - clients : 16;
    (void)pl_httpc_set_max_connections(h, provider);
    pl_log_info("parleyd", "open files: %zu; client connections at most %zu, connections to the "
                "AI provider at most %zu", files, clients, provider);
    return h;
}

/*
 * The provider's tokens leave as soon as libcurl has handed them over, and
 * the time from their arrival on the loop to their frames' write is
 * parley_relay_write_seconds.
 */
typedef struct relay_timing {
    pl_server_t *srv;
    pl_histogram_t written;
} relay_timing_t;

static void flush_after_provider(void *ud, double started)
{
    relay_timing_t *rt = ud;
    if (pl_server_flush(rt->srv) > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        pl_histogram_observe(&rt->written,
                             (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 - started);
    }
}

static int render_relay(pl_buf_t *out, void *ud)
{
    relay_timing_t *rt = ud;
    return pl_metrics_render_histogram(out, "parley_relay_write_seconds",
                                       "Time from an AI provider's data reaching the loop to the "
                                       "frames it produced being written.",
                                       NULL, &rt->written);
}

static pl_brain_t *make_brain(struct event_base *base, const pl_config_t *cfg, pl_kb_t *kb,
                              pl_search_t *search, pl_httpc_t *httpc)
{
    pl_brain_t *b = NULL;
    if (strcmp(cfg->brain, "lessons") == 0) {
        int n = pl_kb_load_lessons(kb, cfg->lessons_dir);
        if (n < 0) {
            pl_log_error("parleyd", "brain lessons: cannot load --lessons-dir: %s (or run with "
                         "--brain canned)", pl_kb_last_error(kb));
            return NULL;
        }
        pl_brain_lessons_config_t lc;
        pl_brain_lessons_config_init(&lc);
        lc.search = search;
        if (pl_brain_lessons_new(&b, base, kb, &lc) != 0)
            return NULL;
        if (n == 0)
            pl_log_warn("parleyd", "brain: lessons, but %s holds no lesson: the tutor can only "
                        "say so", cfg->lessons_dir);
        else
            pl_log_info("parleyd", "brain: lessons (%d lessons from %s)", n, cfg->lessons_dir);
        return b;
    }
    if (strcmp(cfg->brain, "canned") == 0) {
        pl_brain_canned_config_t cc;
        pl_brain_canned_config_init(&cc);
        cc.chunks = (unsigned)cfg->canned_chunks;
        cc.chunk_delay = cfg->canned_delay;
        cc.fail_prefix = cfg->canned_fail_prefix[0] ? cfg->canned_fail_prefix : NULL;
        if (pl_brain_canned_new(&b, base, &cc) != 0)
            return NULL;
        pl_log_warn("parleyd", "brain: canned (a fixed text in %ld chunks; for tests and "
                    "benchmarks, not a tutor)", cfg->canned_chunks);
        return b;
    }
    if (strcmp(cfg->brain, "openai") == 0 || strcmp(cfg->brain, "gemini") == 0) {
        pl_brain_llm_config_t lc;
        pl_brain_llm_config_init(&lc);
        lc.base_url = cfg->llm_base_url;
        lc.model = cfg->llm_model;
        lc.api_key_env = cfg->llm_api_key_env; /* the variable's name; the key stays there */
        lc.connect_timeout = cfg->llm_connect_timeout;
        lc.first_byte_timeout = cfg->llm_first_byte_timeout;
        lc.idle_timeout = cfg->llm_idle_timeout;
        lc.total_timeout = cfg->llm_total_timeout;
        lc.retries = (unsigned)cfg->llm_retries;
        lc.history_chars = (size_t)cfg->llm_history_chars;
        lc.httpc = httpc; /* NULL: the brain makes its own */
        lc.kb = kb;       /* numbered sources for the RAG dialects */
        lc.search = search;
        lc.titles = cfg->llm_titles;
        lc.title_grace = cfg->llm_title_grace;
        /* the lessons are sources too for the teach dialect; without them, documents only */
        if (pl_kb_load_lessons(kb, cfg->lessons_dir) < 0)
            pl_log_warn("parleyd", "brain %s: no lessons for retrieval (%s)", cfg->brain,
                        pl_kb_last_error(kb));
        int rv = cfg->brain[0] == 'o' ? pl_brain_openai_new(&b, base, &lc)
                                      : pl_brain_gemini_new(&b, base, &lc);
        return rv == 0 ? b : NULL;
    }
    pl_log_error("parleyd", "brain '%s' is not available in this build (available: lessons, "
                 "openai, gemini, canned)", cfg->brain);
    return NULL;
}

/* A page compiled into the binary (web/). */
static void asset_cb(pl_req_t *req, void *ud)
{
    const pl_web_asset_t *a = ud;
    pl_req_respond(req, 200, a->content_type, a->data, a->len);
}

/* Browsers ask for it on every page: no icon, and no 404 in their console. */
static void favicon_cb(pl_req_t *req, void *ud)
{
    (void)ud;
    pl_req_respond(req, 204, NULL, NULL, 0);
}

int main(int argc, char **argv)
{
    pl_config_t cfg;
    pl_config_defaults(&cfg);
    int rv = pl_config_load(&cfg, argc, argv, stdout, stderr);
    if (rv != 0) {
        pl_config_free(&cfg);
        return rv > 0 ? 0 : 2;
    }
    int level = pl_log_level_from_name(cfg.log_level);
    int format = pl_log_format_from_name(cfg.log_format);
    if (level < 0 || format < 0) {
        fprintf(stderr, "parleyd: invalid --log-level or --log-format (see --help)\n");
        pl_config_free(&cfg);
        return 2;
    }
    if (strcmp(cfg.store_sync, "full") != 0 && strcmp(cfg.store_sync, "normal") != 0) {
        fprintf(stderr, "parleyd: invalid --store-sync '%s' (full | normal)\n", cfg.store_sync);
        pl_config_free(&cfg);
        return 2;
    }
    pl_log_setup((pl_log_level_t)level, (pl_log_format_t)format);

    int status = 1;
    struct event_base *base = pl_server_base_new();
    pl_server_t *srv = NULL;
    pl_store_t *store = NULL;
    pl_brain_t *brain = NULL;
    pl_kb_t *kb = NULL; /* the knowledge base: lessons, and the documents REST API's store */
    pl_search_t *search = NULL; /* --web-search; the brain borrows it */
    pl_httpc_t *httpc = NULL;   /* an LLM brain's HTTP client; the brain borrows it */
    pl_engine_t *engine = NULL;
    relay_timing_t relay = {0}; /* with an LLM brain: its tokens' write timing */
    pl_tutor_t *tutor = NULL;
    pl_improv_t *improv = NULL;
    pl_teach_t *teach = NULL;
    pl_studymate_t *studymate = NULL;
    pl_docs_t *docs = NULL;
    char db[4096], kb_path[4096];

    if (base == NULL)
        goto out;
    if (mkdir(cfg.data_dir, 0755) != 0 && errno != EEXIST) {
        pl_log_error("parleyd", "cannot create --data-dir %s: %s", cfg.data_dir, strerror(errno));
        goto out;
    }
    snprintf(db, sizeof(db), "%s/parley.db", cfg.data_dir);
    pl_store_config_t sc;
    pl_store_config_init(&sc);
    sc.path = db;
    sc.synchronous_full = strcmp(cfg.store_sync, "full") == 0;
    if (pl_store_open(&store, base, &sc) != 0)
        goto out;
    snprintf(kb_path, sizeof(kb_path), "%s/knowledge.db", cfg.data_dir);
    if (pl_kb_open(&kb, kb_path) != 0)
        goto out;
    if (make_search(base, &cfg, &search) != 0)
        goto out;
    httpc = provider_client(base, &cfg);
    if ((brain = make_brain(base, &cfg, kb, search, httpc)) == NULL)
        goto out;
    if ((srv = pl_server_new(base, &cfg)) == NULL)
        goto out;
    pl_engine_config_t ec;
    pl_engine_config_init(&ec);
    ec.max_queued = (size_t)cfg.max_queued;
    ec.max_conversations_per_user = cfg.max_conversations_per_user;
    ec.resume_window = cfg.resume_window;
    ec.dedup_window = cfg.dedup_window;
    engine = pl_engine_new(srv, store, brain, &ec);
    if (httpc != NULL) {
        relay.srv = srv;
        pl_httpc_set_after_io(httpc, flush_after_provider, &relay);
        pl_server_add_metrics(srv, render_relay, &relay);
    }
    if ((tutor = pl_tutor_new(srv, engine, store, cfg.messages_per_second)) == NULL)
        goto out;
    pl_improv_config_t ic;
    pl_improv_config_init(&ic);
    ic.messages_per_second = cfg.messages_per_second;
    ic.transcript_timeout = cfg.improv_transcript_timeout;
    ic.processing_delay = cfg.improv_processing_delay;
    if ((improv = pl_improv_new(srv, engine, store, &ic)) == NULL)
        goto out;
    if ((teach = pl_teach_new(srv, engine, store, cfg.messages_per_second)) == NULL)
        goto out;
    if ((studymate = pl_studymate_new(srv, engine, store, cfg.messages_per_second)) == NULL)
        goto out;
    pl_docs_config_t dc;
    pl_docs_config_init(&dc);
    dc.limits.max_bytes = cfg.max_document_bytes;
    if (cfg.max_body_bytes < cfg.max_document_bytes)
        pl_log_warn("parleyd", "--max-body-bytes (%zu) is below --max-document-bytes (%zu): it "
                    "bounds uploads", cfg.max_body_bytes, cfg.max_document_bytes);
    if ((docs = pl_docs_new(srv, kb, &dc)) == NULL)
        goto out;
    const pl_web_asset_t *demo = pl_web_find("/demo.html");
    if (demo == NULL || pl_server_route(srv, "GET", "/demo", asset_cb, (void *)demo) != 0 ||
        pl_server_route(srv, "GET", "/favicon.ico", favicon_cb, NULL) != 0)
        goto out;
    if (pl_server_listen(srv) != 0 || pl_server_handle_signals(srv) != 0)
        goto out;
    int port = pl_server_port(srv);
    const char *host = strcmp(cfg.bind, "0.0.0.0") == 0 ? "127.0.0.1" : cfg.bind;
    pl_log_info("parleyd", "ready: http://%s:%d/demo  http://%s:%d/health  "
                "ws://%s:%d/ai-tutor/ws/{conversation_id}  data in %s", host, port, host, port, host,
                port, db);
    event_base_dispatch(base);
    status = 0;
out:
    pl_httpc_set_after_io(httpc, NULL, NULL);
    pl_store_close(store);
    pl_server_free(srv);
    pl_tutor_free(tutor);
    pl_improv_free(improv);
    pl_teach_free(teach);
    pl_studymate_free(studymate);
    pl_docs_free(docs); /* after the server, before the kb it writes to */
    pl_engine_free(engine);
    pl_brain_free(brain);
    pl_search_free(search); /* after the brain that borrows it */
    pl_httpc_free(httpc);   /* likewise */
    pl_kb_close(kb);
    if (base != NULL)
        event_base_free(base);
    pl_config_free(&cfg);
    return status;
}
