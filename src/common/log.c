/*
 * log.c - leveled logging to stderr.
 *
 * Text format:  2026-11-22T10:30:00.123Z INFO  server: listening on ...
 * JSON format:  {"ts":"...","level":"info","module":"server","msg":"..."}
 * One write(2) per record so lines from several processes do not interleave.
 */
#include "parley/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static pl_log_level_t min_level = PL_LOG_INFO;
static pl_log_format_t out_format = PL_LOG_TEXT;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void pl_log_setup(pl_log_level_t level, pl_log_format_t format)
{
    min_level = level;
    out_format = format;
}

int pl_log_level_from_name(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, level_names[i]) == 0)
            return i;
    if (strcasecmp(name, "warning") == 0)
        return PL_LOG_WARN;
    return -1;
}

int pl_log_format_from_name(const char *name)
{
    if (strcasecmp(name, "text") == 0)
        return PL_LOG_TEXT;
    if (strcasecmp(name, "json") == 0)
        return PL_LOG_JSON;
    return -1;
}

int pl_log_enabled(pl_log_level_t level) { return level >= min_level; }

/* Appends s JSON-escaped; returns the new length (bounded by cap). */
static size_t json_escape(char *out, size_t len, size_t cap, const char *s)
{
    for (; *s != '\0' && len + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[len++] = '\\';
            out[len++] = (char)c;
        } else if (c < 0x20) {
            len += (size_t)snprintf(out + len, cap - len, "\\u%04x", c);
        } else {
            out[len++] = (char)c;
        }
    }
    return len;
}

void pl_log(pl_log_level_t level, const char *module, const char *fmt, ...)
{
    if (level < min_level)
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[64];
    snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);

    char line[4096];
    size_t n;
    if (out_format == PL_LOG_JSON) {
        n = (size_t)snprintf(line, sizeof(line), "{\"ts\":\"%s\",\"level\":\"%s\",\"module\":\"",
                             when, level_names[level]);
        n = json_escape(line, n, sizeof(line), module);
        n += (size_t)snprintf(line + n, sizeof(line) - n, "\",\"msg\":\"");
        n = json_escape(line, n, sizeof(line), msg);
        n += (size_t)snprintf(line + n, sizeof(line) - n, "\"}\n");
    } else {
        char upper[8];
        snprintf(upper, sizeof(upper), "%s", level_names[level]);
        for (char *p = upper; *p; p++)
            *p = (char)(*p - 'a' + 'A');
        n = (size_t)snprintf(line, sizeof(line), "%s %-5s %s: %s\n", when, upper, module, msg);
    }
    if (n >= sizeof(line)) {
        n = sizeof(line) - 1;
        line[n - 1] = '\n';
    }
    ssize_t w = write(STDERR_FILENO, line, n);
    (void)w;
}
