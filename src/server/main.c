/*
 * main.c - parleyd: settings, logging, the server, the loop.
 */
#include "parley/config.h"
#include "parley/log.h"
#include "parley/server.h"

#include <event2/event.h>

#include <stdio.h>
#include <string.h>

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
    pl_log_setup((pl_log_level_t)level, (pl_log_format_t)format);

    struct event_base *base = event_base_new();
    pl_server_t *srv = base ? pl_server_new(base, &cfg) : NULL;
    int status = 1;
    if (srv != NULL && pl_server_listen(srv) == 0 && pl_server_handle_signals(srv) == 0) {
        int port = pl_server_port(srv);
        const char *host = strcmp(cfg.bind, "0.0.0.0") == 0 ? "127.0.0.1" : cfg.bind;
        pl_log_info("parleyd", "ready: http://%s:%d/health  http://%s:%d/metrics", host, port,
                    host, port);
        event_base_dispatch(base);
        status = 0;
    }
    pl_server_free(srv);
    if (base != NULL)
        event_base_free(base);
    pl_config_free(&cfg);
    return status;
}
