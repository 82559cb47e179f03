/*
 * config.c - the table of parleyd's settings and its flag/environment parser.
 *
 * Adding a setting is one row in `options` plus the field in pl_config_t;
 * --help, the PARLEY_* variable and validation follow from the row.
 */
#include "parley/config.h"
#include "parley/error.h"
#include "parley/mem.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef PARLEY_VERSION
#define PARLEY_VERSION "0.0.0"
#endif
#ifndef PL_DEFAULT_LESSONS_DIR
#define PL_DEFAULT_LESSONS_DIR "data/lessons"
#endif

enum opt_type { OPT_STR, OPT_INT, OPT_SIZE, OPT_SECONDS, OPT_BOOL };

struct option_row {
    const char *name; /* flag without the leading -- */
    enum opt_type type;
    size_t offset;
    const char *def;  /* default, as text */
    double min, max;  /* bounds for numbers */
    const char *help;
};

#define F(field) offsetof(pl_config_t, field)

static const struct option_row options[] = {
    {"bind", OPT_STR, F(bind), "127.0.0.1", 0, 0, "address to listen on"},
    {"port", OPT_INT, F(port), "8000", 1, 65535, "TCP port"},
    {"data-dir", OPT_STR, F(data_dir), "parley-data", 0, 0, "folder for the SQLite files"},
    {"log-format", OPT_STR, F(log_format), "text", 0, 0, "text | json"},
    {"log-level", OPT_STR, F(log_level), "info", 0, 0, "debug | info | warn | error"},
    {"max-connections", OPT_INT, F(max_connections), "0", 0, 1e7,
     "open connections in total (0: the open-file limit less a reserve, half of that with an "
     "openai | gemini brain, whose provider connections get the other half); past it: 503"},
    {"max-connections-per-ip", OPT_INT, F(max_connections_per_ip), "1024", 0, 1e7,
     "open connections from one address (0: no cap); past it: 503"},
    {"handshake-timeout", OPT_SECONDS, F(handshake_timeout), "10", 0.01, 3600,
     "seconds to receive a complete request head"},
    {"keepalive-timeout", OPT_SECONDS, F(keepalive_timeout), "30", 0.01, 3600,
     "seconds an idle HTTP keep-alive connection is kept"},
    {"ping-interval", OPT_SECONDS, F(ping_interval), "30", 0.01, 3600,
     "seconds of WebSocket silence before the server sends a ping"},
    {"idle-timeout", OPT_SECONDS, F(idle_timeout), "75", 0.01, 86400,
     "seconds of WebSocket silence before the server closes (1001)"},
    {"shutdown-timeout", OPT_SECONDS, F(shutdown_timeout), "5", 0, 600,
     "seconds to flush and close connections on SIGTERM/SIGINT"},
    {"max-header-bytes", OPT_SIZE, F(max_header_bytes), "16k", 256, 16777216,
     "request head size; past it: 431"},
    {"max-headers", OPT_INT, F(max_headers), "100", 1, 10000, "request header count; past it: 431"},
    {"max-body-bytes", OPT_SIZE, F(max_body_bytes), "21m", 0, 1073741824.0,
     "request body size, for every route (it also bounds document uploads); past it: 413"},
    {"max-document-bytes", OPT_SIZE, F(max_document_bytes), "20m", 1, 1073741824.0,
     "one uploaded document (POST /api/documents); past it: 413 (keep --max-body-bytes above it)"},
    {"max-message-size", OPT_SIZE, F(max_message_size), "1m", 125, 1073741824.0,
     "WebSocket message size, all fragments; past it: close 1009"},
    {"max-frames-per-message", OPT_INT, F(max_frames_per_message), "1024", 1, 1e7,
     "fragments of one WebSocket message; past it: close 1009"},
    {"output-cap", OPT_SIZE, F(output_cap), "1m", 4096, 1073741824.0,
     "pending output per connection; a client that stops reading is closed past it"},
    {"ws-compression", OPT_BOOL, F(ws_compression), "on", 0, 1,
     "negotiate permessage-deflate (on | off)"},
    {"cors-origins", OPT_STR, F(cors_origins), "", 0, 0,
     "comma-separated origins allowed by CORS; * for any; empty for none"},
    {"ws-origins", OPT_STR, F(ws_origins), "localhost", 0, 0,
     "comma-separated origins allowed to open WebSockets; localhost = any localhost "
     "origin; * = any; clients sending no Origin are always allowed"},
    {"brain", OPT_STR, F(brain), "lessons", 0, 0,
     "answer source: lessons (the offline tutor over --lessons-dir) | openai (any "
     "OpenAI-compatible /chat/completions) | gemini | canned (a fixed text in chunks, for tests "
     "and benchmarks)"},
    {"lessons-dir", OPT_STR, F(lessons_dir), PL_DEFAULT_LESSONS_DIR, 0, 0,
     "lessons brain: folder of lesson files (<id>.md, format in docs/lessons.md)"},
    {"canned-chunks", OPT_INT, F(canned_chunks), "20", 1, 100000, "canned brain: chunks per answer"},
    {"canned-delay", OPT_SECONDS, F(canned_delay), "0", 0, 60,
     "canned brain: seconds between chunks (0: all at once)"},
    {"canned-fail-prefix", OPT_STR, F(canned_fail_prefix), "", 0, 0,
     "canned brain: messages starting with this fail mid-answer (for tests); empty: never"},
    {"llm-base-url", OPT_STR, F(llm_base_url), "", 0, 0,
     "openai | gemini brain: endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama); empty: "
     "https://api.openai.com/v1 | https://generativelanguage.googleapis.com/v1beta"},
    {"llm-model", OPT_STR, F(llm_model), "", 0, 0,
     "openai | gemini brain: model name; empty: gpt-4o-mini | gemini-2.0-flash"},
    {"llm-api-key-env", OPT_STR, F(llm_api_key_env), "", 0, 0,
     "openai | gemini brain: NAME of the environment variable holding the API key (the key "
     "itself is never a flag); empty: OPENAI_API_KEY | GEMINI_API_KEY"},
    {"llm-connect-timeout", OPT_SECONDS, F(llm_connect_timeout), "10", 0.01, 3600,
     "openai | gemini brain: seconds to connect to the provider (TLS included)"},
    {"llm-first-byte-timeout", OPT_SECONDS, F(llm_first_byte_timeout), "60", 0.01, 3600,
     "openai | gemini brain: seconds from the request to the first byte of the answer"},
    {"llm-idle-timeout", OPT_SECONDS, F(llm_idle_timeout), "30", 0.01, 3600,
     "openai | gemini brain: seconds of silence allowed inside an answer"},
    {"llm-total-timeout", OPT_SECONDS, F(llm_total_timeout), "300", 0.01, 86400,
     "openai | gemini brain: seconds one attempt may take in all"},
    {"llm-retries", OPT_INT, F(llm_retries), "2", 0, 100,
     "openai | gemini brain: attempts after the first on 429, 5xx or a failed connection, "
     "before any text was streamed (exponential backoff with jitter; Retry-After honoured)"},
    {"llm-history-chars", OPT_INT, F(llm_history_chars), "12000", 0, 1e8,
     "openai | gemini brain: characters of earlier messages sent with each question (newest kept)"},
    {"llm-titles", OPT_BOOL, F(llm_titles), "on", 0, 1,
     "openai | gemini brain: on a conversation's first exchange, ask the model for a title of at "
     "most 6 words, in parallel with the answer (on | off; off: the first words of the question)"},
    {"llm-title-grace", OPT_SECONDS, F(llm_title_grace), "0.5", 0, 60,
     "openai | gemini brain: seconds the end of a first answer waits for its title, asked in "
     "parallel; then the answer ends without it (the first words of the question)"},
    {"web-search", OPT_STR, F(web_search), "off", 0, 0,
     "tavily | off: web search for the AI tutor (seed 000): a tool the openai brain may call, and "
     "the lessons brain's answer to a question its lessons do not cover"},
    {"search-base-url", OPT_STR, F(search_base_url), "https://api.tavily.com", 0, 0,
     "web search: the Tavily API root (POST {base}/search)"},
    {"search-api-key-env", OPT_STR, F(search_api_key_env), "TAVILY_API_KEY", 0, 0,
     "web search: NAME of the environment variable holding the API key (never a flag)"},
    {"search-max-results", OPT_INT, F(search_max_results), "5", 1, 20,
     "web search: results asked for per search"},
    {"search-timeout", OPT_SECONDS, F(search_timeout), "10", 0.1, 600,
     "web search: seconds one search may take (then the answer goes on without it)"},
    {"store-sync", OPT_STR, F(store_sync), "full", 0, 0,
     "full: fsync every group commit (acknowledged messages survive power loss) | normal"},
    {"max-queued", OPT_INT, F(max_queued), "8", 0, 10000,
     "user messages waiting behind a running answer; past it: a busy error"},
    {"messages-per-second", OPT_SECONDS, F(messages_per_second), "20", 0, 1e6,
     "messages a WebSocket may send per second (burst: twice that); past it: an error, socket kept; 0: no cap"},
    {"max-conversations-per-user", OPT_INT, F(max_conversations_per_user), "0", 0, 1e9,
     "conversations one user may create (0: no cap); past it: 429"},
    {"resume-window", OPT_SECONDS, F(resume_window), "60", 0, 86400,
     "seconds an idle conversation stays in memory so reconnects resume exactly"},
    {"dedup-window", OPT_SECONDS, F(dedup_window), "5", 0, 3600,
     "seconds a message token (or the same text from the same user) is not processed again"},
    {"improv-transcript-timeout", OPT_SECONDS, F(improv_transcript_timeout), "10", 0.01, 3600,
     "seed 002: seconds PROCESSING waits after speech_end for the final transcript; then the turn "
     "is abandoned (no_response)"},
    {"improv-processing-delay", OPT_SECONDS, F(improv_processing_delay), "2", 0, 600,
     "seed 002: seconds a test message with simulate_processing_delay pauses in PROCESSING"},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static void env_name(const struct option_row *o, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "PARLEY_");
    for (const char *p = o->name; *p != '\0' && n + 1 < len; p++)
        buf[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    buf[n] = '\0';
}

static int parse_number(const struct option_row *o, const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno != 0 || !isfinite(v))
        return -1;
    if (o->type == OPT_SIZE) {
        switch (tolower((unsigned char)*end)) {
        case 'k': v *= 1024; end++; break;
        case 'm': v *= 1024 * 1024; end++; break;
        case 'g': v *= 1024.0 * 1024 * 1024; end++; break;
        default: break;
        }
        if (*end == 'b' || *end == 'B')
            end++;
    }
    if (*end != '\0')
        return -1;
    if ((o->type == OPT_INT || o->type == OPT_SIZE) && v != floor(v))
        return -1;
    if (v < o->min || v > o->max)
        return -1;
    *out = v;
    return 0;
}

static int set_value(pl_config_t *cfg, const struct option_row *o, const char *text, FILE *err,
                     const char *origin)
{
    char *field = (char *)cfg + o->offset;
    double v;
    switch (o->type) {
    case OPT_STR:
        pl_free(*(char **)field);
        *(char **)field = pl_strdup(text);
        return 0;
    case OPT_BOOL:
        if (strcmp(text, "on") == 0 || strcmp(text, "1") == 0 || strcmp(text, "true") == 0 ||
            strcmp(text, "yes") == 0) {
            *(int *)field = 1;
            return 0;
        }
        if (strcmp(text, "off") == 0 || strcmp(text, "0") == 0 || strcmp(text, "false") == 0 ||
            strcmp(text, "no") == 0) {
            *(int *)field = 0;
            return 0;
        }
        break;
    case OPT_INT:
    case OPT_SIZE:
    case OPT_SECONDS:
        if (parse_number(o, text, &v) != 0)
            break;
        if (o->type == OPT_SECONDS)
            *(double *)field = v;
        else if (o->type == OPT_SIZE)
            *(size_t *)field = (size_t)v;
        else if (o->offset == F(port))
            *(int *)field = (int)v;
        else
            *(long *)field = (long)v;
        return 0;
    }
    if (err != NULL) {
        if (o->type == OPT_STR || o->type == OPT_BOOL)
            fprintf(err, "parleyd: %s: invalid value '%s' for --%s\n", origin, text, o->name);
        else
            fprintf(err, "parleyd: %s: invalid value '%s' for --%s (expected %g..%g%s)\n", origin,
                    text, o->name, o->min, o->max,
                    o->type == OPT_SIZE ? ", k/m/g suffixes allowed" : "");
    }
    return PL_ERR_INVALID_ARGUMENT;
}

void pl_config_defaults(pl_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < N_OPTIONS; i++)
        (void)set_value(cfg, &options[i], options[i].def, stderr, "default");
}

void pl_config_free(pl_config_t *cfg)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (options[i].type == OPT_STR) {
            char **p = (char **)((char *)cfg + options[i].offset);
            pl_free(*p);
            *p = NULL;
        }
    }
}

void pl_config_usage(FILE *out, const char *argv0)
{
    fprintf(out,
            "Usage: %s [options]\n\n"
            "parleyd, the Parley real-time conversation server.\n"
            "Every option can also be set by the environment variable shown.\n\n",
            argv0);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        char env[64];
        env_name(&options[i], env, sizeof(env));
        fprintf(out, "  --%-24s %s\n  %-26s [%s; default: %s]\n", options[i].name,
                options[i].help, "", env, options[i].def[0] ? options[i].def : "(empty)");
    }
    fprintf(out, "  --%-24s %s\n  --%-24s %s\n", "help", "print this text", "version",
            "print the version");
}

static const struct option_row *find_option(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

int pl_config_load(pl_config_t *cfg, int argc, char **argv, FILE *out, FILE *err)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        char env[64];
        env_name(&options[i], env, sizeof(env));
        const char *v = getenv(env);
        if (v != NULL && set_value(cfg, &options[i], v, err, env) != 0)
            return PL_ERR_INVALID_ARGUMENT;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            pl_config_usage(out, argv[0]);
            return 1;
        }
        if (strcmp(a, "--version") == 0) {
            fprintf(out, "parleyd %s\n", PARLEY_VERSION);
            return 1;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (err != NULL)
                fprintf(err, "parleyd: unexpected argument '%s' (see --help)\n", a);
            return PL_ERR_INVALID_ARGUMENT;
        }
        a += 2;
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        const struct option_row *o = find_option(a, nlen);
        if (o == NULL) {
            if (err != NULL)
                fprintf(err, "parleyd: unknown option '--%.*s' (see --help)\n", (int)nlen, a);
            return PL_ERR_INVALID_ARGUMENT;
        }
        const char *value;
        if (eq != NULL) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            if (err != NULL)
                fprintf(err, "parleyd: --%s needs a value\n", o->name);
            return PL_ERR_INVALID_ARGUMENT;
        }
        if (set_value(cfg, o, value, err, "command line") != 0)
            return PL_ERR_INVALID_ARGUMENT;
    }
    return 0;
}
