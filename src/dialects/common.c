/*
 * common.c - what every dialect shares: wire timestamps, error codes and
 * the resume point of a WebSocket's query string.
 */
#include "parley/dialects.h"
#include "parley/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The date and time of the last second formatted, per thread (events come in bursts). */
static _Thread_local struct {
    int64_t sec;
    char text[24]; /* "2024-01-15T10:30:00" */
} cached = {-1, ""};

void pl_dialect_timestamp(int64_t ms, char out[32])
{
    if (ms < 0)
        ms = 0;
    int64_t sec = ms / 1000;
    if (sec != cached.sec) {
        time_t s = (time_t)sec;
        struct tm tm;
        gmtime_r(&s, &tm);
        /* Years past 9999 do not fit RFC 3339: clamp (and tell the compiler). */
        unsigned year = (unsigned)(tm.tm_year + 1900) % 10000u;
        snprintf(cached.text, sizeof(cached.text), "%04u-%02u-%02uT%02u:%02u:%02u", year,
                 (unsigned)(tm.tm_mon + 1) % 13u, (unsigned)tm.tm_mday % 32u,
                 (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u, (unsigned)tm.tm_sec % 62u);
        cached.sec = sec;
    }
    unsigned milli = (unsigned)(ms % 1000);
    memcpy(out, cached.text, 19);
    out[19] = '.';
    out[20] = (char)('0' + milli / 100);
    out[21] = (char)('0' + milli / 10 % 10);
    out[22] = (char)('0' + milli % 10);
    out[23] = 'Z';
    out[24] = '\0';
}

pl_msg_common_error_code_t pl_dialect_error_code(const char *name)
{
    if (name != NULL)
        for (int i = 1; i < (int)(sizeof(pl_msg_common_error_code_names) /
                                  sizeof(pl_msg_common_error_code_names[0]));
             i++)
            if (strcmp(pl_msg_common_error_code_names[i].ptr, name) == 0)
                return (pl_msg_common_error_code_t)i;
    return PL_MSG_COMMON_ERROR_CODE_BRAIN_ERROR;
}

int64_t pl_dialect_last_seq(const char *query)
{
    char buf[32];
    size_t blen;
    if (query == NULL || *query == '\0' ||
        pl_http_query_get(query, strlen(query), "last_seq", buf, sizeof(buf), &blen) != 0)
        return -1;
    char *end;
    long long v = strtoll(buf, &end, 10);
    return end != buf && *end == '\0' && v >= 0 ? (int64_t)v : -1;
}
