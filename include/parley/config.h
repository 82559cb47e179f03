/*
 * parley/config.h - parleyd's settings: defaults, flags, PARLEY_* variables.
 *
 * Every setting is one row of a table (config.c): its flag (--max-message-size),
 * its environment variable (PARLEY_MAX_MESSAGE_SIZE), its default and its help
 * text. Precedence: flag > environment > default. Sizes accept k/m/g suffixes
 * (powers of 1024); durations are seconds with an optional fraction.
 */
#ifndef PARLEY_CONFIG_H
#define PARLEY_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_config {
    /* listening */
    char *bind;                    /* address to listen on */
    int port;                      /* TCP port */
    char *data_dir;                /* where the SQLite files live */
    /* logging */
    char *log_format;              /* text | json */
    char *log_level;               /* debug | info | warn | error */
    /* connection limits */
    long max_connections;          /* open connections in total; 0 = from the fd limit */
    long max_connections_per_ip;   /* open connections from one address; 0 = no cap */
    double handshake_timeout;      /* seconds to receive a complete request head */
    double keepalive_timeout;      /* seconds an idle HTTP keep-alive connection stays */
    double ping_interval;          /* seconds of WebSocket silence before the server pings */
    double idle_timeout;           /* seconds of WebSocket silence before the server closes */
    double shutdown_timeout;       /* seconds to flush and close on SIGTERM/SIGINT */
    /* HTTP limits */
    size_t max_header_bytes;       /* request head size (431 past it) */
    long max_headers;              /* header count (431 past it) */
    size_t max_body_bytes;         /* request body size (413 past it) */
    size_t max_document_bytes;     /* one uploaded document (413 past it) */
    /* WebSocket limits */
    size_t max_message_size;       /* one message, all fragments (close 1009 past it) */
    long max_frames_per_message;   /* fragments of one message (close 1009 past it) */
    size_t output_cap;             /* pending output per connection (closed past it) */
    int ws_compression;            /* negotiate permessage-deflate */
    /* origins */
    char *cors_origins;            /* comma list of origins allowed by CORS; "*" = any */
    char *ws_origins;              /* comma list allowed to open WebSockets; "localhost" =
                                      any http(s)://localhost|127.0.0.1|[::1] origin; "*" = any */
    /* conversations */
    char *brain;                   /* answer source: lessons | openai | gemini | canned */
    char *lessons_dir;             /* lessons brain: folder of <id>.md lesson files */
    long canned_chunks;            /* canned brain: chunks per answer */
    double canned_delay;           /* canned brain: seconds between chunks */
    char *canned_fail_prefix;      /* canned brain: inputs starting with this fail (tests) */
    char *llm_base_url;            /* openai | gemini: endpoint; "" = the provider's */
    char *llm_model;               /* openai | gemini: model; "" = the provider's default */
    char *llm_api_key_env;         /* NAME of the variable holding the key; "" = provider's */
    double llm_connect_timeout;    /* seconds to connect to the provider */
    double llm_first_byte_timeout; /* seconds until the answer starts */
    double llm_idle_timeout;       /* seconds of silence allowed inside an answer */
    double llm_total_timeout;      /* seconds one attempt may take */
    long llm_retries;              /* attempts after the first (429, 5xx, connect), before any text */
    long llm_history_chars;        /* characters of earlier messages sent to the provider */
    int llm_titles;                /* openai | gemini: a model title on the first exchange */
    double llm_title_grace;        /* seconds a first answer's end waits for its title */
    char *web_search;              /* tavily | off: web search for the tutor dialect */
    char *search_base_url;         /* web search endpoint root */
    char *search_api_key_env;      /* NAME of the variable holding the search key */
    long search_max_results;       /* results asked for per search */
    double search_timeout;         /* seconds one search may take */
    char *store_sync;              /* full (fsync each commit) | normal */
    long max_queued;               /* messages waiting behind a running answer */
    double messages_per_second;    /* per WebSocket; 0 = no cap */
    long max_conversations_per_user; /* 0 = no cap */
    double resume_window;          /* seconds an idle conversation stays in memory */
    double dedup_window;           /* seconds a token / same text is remembered */
    double improv_transcript_timeout; /* seed 002: seconds after speech_end without a final transcript */
    double improv_processing_delay;   /* seed 002: seconds simulate_processing_delay pauses */
} pl_config_t;

/** Fills cfg with the defaults. Strings are owned by cfg (pl_config_free). */
void pl_config_defaults(pl_config_t *cfg);

/**
 * Applies PARLEY_* environment variables, then the flags in argv.
 * Returns 0; 1 when --help or --version was printed (the caller exits 0);
 * PL_ERR_INVALID_ARGUMENT with a message on err for a bad flag or value.
 */
int pl_config_load(pl_config_t *cfg, int argc, char **argv, FILE *out, FILE *err);

/** Prints --help: every flag, its variable, its default and what it does. */
void pl_config_usage(FILE *out, const char *argv0);

/** Frees the strings cfg owns. */
void pl_config_free(pl_config_t *cfg);

#ifdef __cplusplus
}
#endif
#endif
