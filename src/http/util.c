/*
 * util.c - HTTP helpers: method names, reason phrases, token lists,
 * percent-decoding, query-string lookup and header lookup.
 */
#include "parley/error.h"
#include "parley/http.h"

#include <string.h>

static const char *const method_names[PL_HTTP_METHOD_COUNT] = {
    "OTHER", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
};

const char *pl_http_method_name(pl_http_method_t m)
{
    if ((unsigned)m >= PL_HTTP_METHOD_COUNT)
        return method_names[PL_HTTP_OTHER];
    return method_names[m];
}

pl_http_method_t pl_http_method_from(const char *name, size_t len)
{
    pl_http_method_t m = PL_HTTP_OTHER;
    switch (len) {
    case 3:
        m = name[0] == 'G' ? PL_HTTP_GET : PL_HTTP_PUT;
        break;
    case 4:
        m = name[0] == 'H' ? PL_HTTP_HEAD : PL_HTTP_POST;
        break;
    case 5:
        m = PL_HTTP_PATCH;
        break;
    case 6:
        m = PL_HTTP_DELETE;
        break;
    case 7:
        m = PL_HTTP_OPTIONS;
        break;
    default:
        return PL_HTTP_OTHER;
    }
    return memcmp(method_names[m], name, len) == 0 ? m : PL_HTTP_OTHER;
}

const char *pl_http_reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static bool ieq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return false;
    }
    return true;
}

bool pl_http_header_has_token(const char *value, size_t len, const char *token)
{
    size_t tlen = strlen(token);
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && value[i] != ',')
            i++;
        size_t e = i;
        i++; /* past the comma */
        while (s < e && (value[s] == ' ' || value[s] == '\t'))
            s++;
        while (e > s && (value[e - 1] == ' ' || value[e - 1] == '\t'))
            e--;
        if (e - s == tlen && ieq_n(value + s, token, tlen))
            return true;
    }
    return false;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/*
 * Decodes the byte at in[*i] (an escape, "+" or a plain byte) and advances
 * *i. Returns the byte or a negative error.
 */
static int decode_one(const char *in, size_t len, size_t *i, unsigned flags)
{
    unsigned char c = (unsigned char)in[*i];
    if (c == '%') {
        if (len - *i < 3)
            return PL_ERR_PARSE;
        int hi = hexval((unsigned char)in[*i + 1]), lo = hexval((unsigned char)in[*i + 2]);
        if (hi < 0 || lo < 0)
            return PL_ERR_PARSE;
        c = (unsigned char)(hi << 4 | lo);
        *i += 3;
        if (c == '\0' || (c == '/' && (flags & PL_HTTP_DECODE_NO_SLASH)))
            return PL_ERR_PARSE;
        return c;
    }
    *i += 1;
    if (c == '\0')
        return PL_ERR_PARSE;
    if (c == '+' && (flags & PL_HTTP_DECODE_PLUS))
        return ' ';
    return c;
}

int pl_http_pct_decode(const char *in, size_t len, char *out, size_t out_cap, size_t *out_len,
                       unsigned flags)
{
    size_t o = 0, i = 0;
    if (out_cap == 0)
        return PL_ERR_TOO_LARGE;
    while (i < len) {
        int c = decode_one(in, len, &i, flags);
        if (c < 0)
            return c;
        if (o + 1 >= out_cap)
            return PL_ERR_TOO_LARGE;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    *out_len = o;
    return 0;
}

/* 1 when in[0..len) decodes (query rules) to key, 0 when not, or an error. */
static int decoded_equals(const char *in, size_t len, const char *key)
{
    size_t i = 0, k = 0;
    while (i < len) {
        int c = decode_one(in, len, &i, PL_HTTP_DECODE_PLUS);
        if (c < 0)
            return c;
        if (key[k] == '\0' || (unsigned char)key[k] != (unsigned)c)
            return 0;
        k++;
    }
    return key[k] == '\0';
}

int pl_http_query_get(const char *query, size_t len, const char *key, char *out, size_t out_cap,
                      size_t *out_len)
{
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && query[i] != '&')
            i++;
        size_t e = i;
        i++; /* past the '&' */
        if (s == e)
            continue;
        size_t eq = s;
        while (eq < e && query[eq] != '=')
            eq++;
        int rv = decoded_equals(query + s, eq - s, key);
        if (rv < 0)
            return rv;
        if (rv == 0)
            continue;
        size_t vs = eq < e ? eq + 1 : e;
        return pl_http_pct_decode(query + vs, e - vs, out, out_cap, out_len, PL_HTTP_DECODE_PLUS);
    }
    return PL_ERR_NOT_FOUND;
}

const pl_http_header_t *pl_http_find_header(const pl_http_request_t *req, const char *buf,
                                            const char *name, const pl_http_header_t *after)
{
    size_t nlen = strlen(name);
    size_t i = after != NULL ? (size_t)(after - req->headers) + 1 : 0;
    for (; i < req->nheaders; i++) {
        const pl_http_header_t *h = &req->headers[i];
        if (h->name.len == nlen && ieq_n(buf + h->name.off, name, nlen))
            return h;
    }
    return NULL;
}
