/*
 * response.c - writes HTTP/1.1 response heads (and small bodies) into a
 * pl_buf_t: status line, Date, framing, Connection, CORS, extra fields;
 * CORS preflight answers; JSON error bodies.
 *
 * Header order is fixed so output is byte-for-byte predictable: Date,
 * Content-Type, Content-Length, Connection, Access-Control-Allow-Origin,
 * Access-Control-Allow-Credentials, Vary, then the caller's fields.
 */
#include "parley/error.h"
#include "parley/http.h"

#include <stdio.h>
#include <string.h>

static bool is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool token_valid(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++) {
        if (!is_tchar((unsigned char)*s))
            return false;
    }
    return true;
}

/* A field value we may write: visible ASCII, obs-text, SP and HTAB only. */
static bool value_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

static int field(pl_buf_t *out, const char *name, const char *value, size_t n)
{
    int rv;
    if (!token_valid(name) || !value_valid(value, n))
        return PL_ERR_INVALID_ARGUMENT;
    if ((rv = pl_buf_append_str(out, name)) != 0 || (rv = pl_buf_append(out, ": ", 2)) != 0 ||
        (rv = pl_buf_append(out, value, n)) != 0 || (rv = pl_buf_append(out, "\r\n", 2)) != 0)
        return rv;
    return 0;
}

static int field_str(pl_buf_t *out, const char *name, const char *value)
{
    return field(out, name, value, strlen(value));
}

bool pl_http_cors_allows(const pl_http_cors_t *cors, const char *origin, size_t len)
{
    if (cors == NULL || origin == NULL || len == 0 || !value_valid(origin, len))
        return false;
    for (size_t i = 0; i < cors->norigins; i++) {
        const char *o = cors->origins[i];
        if (strcmp(o, "*") == 0)
            return true;
        if (strlen(o) == len && memcmp(o, origin, len) == 0)
            return true;
    }
    return false;
}

int pl_http_format_date(pl_buf_t *out, time_t t)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
        return PL_ERR_INVALID_ARGUMENT;
    return pl_buf_appendf(out, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
                          tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
                          tm.tm_min, tm.tm_sec);
}

static bool status_has_body(int status)
{
    return !(status < 200 || status == 204 || status == 304);
}

static int write_response(pl_buf_t *out, const pl_http_response_t *r)
{
    int rv;
    if (r->status < 100 || r->status > 599)
        return PL_ERR_INVALID_ARGUMENT;
    if ((rv = pl_buf_appendf(out, "HTTP/1.1 %d %s\r\n", r->status, pl_http_reason(r->status))) != 0)
        return rv;
    if (r->date != 0) {
        if ((rv = pl_buf_append_str(out, "Date: ")) != 0 || (rv = pl_http_format_date(out, r->date)) != 0 ||
            (rv = pl_buf_append(out, "\r\n", 2)) != 0)
            return rv;
    }
    if (r->content_type != NULL && (rv = field_str(out, "Content-Type", r->content_type)) != 0)
        return rv;
    if (status_has_body(r->status) &&
        (rv = pl_buf_appendf(out, "Content-Length: %zu\r\n", r->body_len)) != 0)
        return rv;
    if (r->close && (rv = pl_buf_append_str(out, "Connection: close\r\n")) != 0)
        return rv;
    if (r->cors != NULL) {
        if (pl_http_cors_allows(r->cors, r->origin, r->origin_len)) {
            if ((rv = field(out, "Access-Control-Allow-Origin", r->origin, r->origin_len)) != 0)
                return rv;
            if (r->cors->allow_credentials &&
                (rv = pl_buf_append_str(out, "Access-Control-Allow-Credentials: true\r\n")) != 0)
                return rv;
        }
        if ((rv = pl_buf_append_str(out, "Vary: Origin\r\n")) != 0)
            return rv;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        if (r->fields[i].name == NULL || r->fields[i].value == NULL)
            return PL_ERR_INVALID_ARGUMENT;
        if ((rv = field_str(out, r->fields[i].name, r->fields[i].value)) != 0)
            return rv;
    }
    if ((rv = pl_buf_append(out, "\r\n", 2)) != 0)
        return rv;
    if (status_has_body(r->status) && r->request_method != PL_HTTP_HEAD && r->body_len > 0) {
        if (r->body == NULL)
            return PL_ERR_INVALID_ARGUMENT;
        if ((rv = pl_buf_append(out, r->body, r->body_len)) != 0)
            return rv;
    }
    return 0;
}

/* Drops what a failed write appended. */
static void rollback(pl_buf_t *out, size_t mark)
{
    out->len = mark;
    if (out->data != NULL)
        out->data[mark] = '\0';
}

int pl_http_response_write(pl_buf_t *out, const pl_http_response_t *r)
{
    size_t mark = out->len;
    int rv = write_response(out, r);
    if (rv != 0)
        rollback(out, mark);
    return rv;
}

int pl_http_response_preflight(pl_buf_t *out, const pl_http_cors_t *cors, const char *origin,
                               size_t origin_len, time_t date, bool close)
{
    pl_http_field_t fields[3];
    size_t n = 0;
    char age[24];
    if (cors == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    if (pl_http_cors_allows(cors, origin, origin_len)) {
        if (cors->methods != NULL)
            fields[n++] = (pl_http_field_t){"Access-Control-Allow-Methods", cors->methods};
        if (cors->headers != NULL)
            fields[n++] = (pl_http_field_t){"Access-Control-Allow-Headers", cors->headers};
        if (cors->max_age != 0) {
            snprintf(age, sizeof(age), "%u", cors->max_age);
            fields[n++] = (pl_http_field_t){"Access-Control-Max-Age", age};
        }
    }
    pl_http_response_t r = {
        .status = 204,
        .request_method = PL_HTTP_OPTIONS,
        .close = close,
        .date = date,
        .fields = fields,
        .nfields = n,
        .cors = cors,
        .origin = origin,
        .origin_len = origin_len,
    };
    return pl_http_response_write(out, &r);
}

/*
 * Length of the valid UTF-8 sequence at s[0..n), or 0 when it is invalid
 * (overlong forms, surrogates and code points past U+10FFFF are invalid).
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

static int json_escape(pl_buf_t *out, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str), i = 0;
    int rv = 0;
    while (i < n && rv == 0) {
        unsigned char c = s[i];
        size_t run = i;
        /* Copy runs of bytes that need no escaping in one append. */
        while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            rv = pl_buf_append(out, s + i, run - i);
            i = run;
            continue;
        }
        switch (c) {
        case '"': rv = pl_buf_append(out, "\\\"", 2); i++; continue;
        case '\\': rv = pl_buf_append(out, "\\\\", 2); i++; continue;
        case '\b': rv = pl_buf_append(out, "\\b", 2); i++; continue;
        case '\f': rv = pl_buf_append(out, "\\f", 2); i++; continue;
        case '\n': rv = pl_buf_append(out, "\\n", 2); i++; continue;
        case '\r': rv = pl_buf_append(out, "\\r", 2); i++; continue;
        case '\t': rv = pl_buf_append(out, "\\t", 2); i++; continue;
        default: break;
        }
        if (c < 0x20) {
            rv = pl_buf_appendf(out, "\\u%04x", c);
            i++;
            continue;
        }
        size_t len = utf8_len(s + i, n - i);
        if (len == 0) {
            rv = pl_buf_append(out, "\\ufffd", 6);
            i++;
        } else {
            rv = pl_buf_append(out, s + i, len);
            i += len;
        }
    }
    return rv;
}

int pl_http_json_error(pl_buf_t *out, int status, const char *message)
{
    size_t mark = out->len;
    int rv;
    if (message == NULL)
        message = pl_http_reason(status);
    if ((rv = pl_buf_append_str(out, "{\"error\": \"")) != 0 || (rv = json_escape(out, message)) != 0 ||
        (rv = pl_buf_appendf(out, "\", \"status\": %d}", status)) != 0)
        rollback(out, mark);
    return rv;
}
