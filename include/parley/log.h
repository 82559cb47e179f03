/*
 * parley/log.h - leveled logging to stderr, as text or one JSON object a line.
 */
#ifndef PARLEY_LOG_H
#define PARLEY_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pl_log_level {
    PL_LOG_DEBUG = 0,
    PL_LOG_INFO = 1,
    PL_LOG_WARN = 2,
    PL_LOG_ERROR = 3,
} pl_log_level_t;

typedef enum pl_log_format {
    PL_LOG_TEXT = 0,
    PL_LOG_JSON = 1,
} pl_log_format_t;

/** Sets the lowest level written and the output format. */
void pl_log_setup(pl_log_level_t level, pl_log_format_t format);
/** Parses "debug|info|warn|error"; returns the level or -1. */
int pl_log_level_from_name(const char *name);
/** Parses "text|json"; returns the format or -1. */
int pl_log_format_from_name(const char *name);
/** True when messages at level are written (skip building expensive ones). */
int pl_log_enabled(pl_log_level_t level);
/** Writes one record: time, level, module and the formatted message. */
void pl_log(pl_log_level_t level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define pl_log_debug(mod, ...) pl_log(PL_LOG_DEBUG, mod, __VA_ARGS__)
#define pl_log_info(mod, ...) pl_log(PL_LOG_INFO, mod, __VA_ARGS__)
#define pl_log_warn(mod, ...) pl_log(PL_LOG_WARN, mod, __VA_ARGS__)
#define pl_log_error(mod, ...) pl_log(PL_LOG_ERROR, mod, __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
