/*
 * msg_check.c - value checks shared by the parser and the serializer:
 * strict UTF-8, string formats, ranges, exact JSON number conversion,
 * JSON string escaping, and the error texts.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_int.h"
#include "parley/error.h"

/* --- yajl allocator --- */

static void *yajl_malloc_cb(void *ctx, size_t size)
{
    (void)ctx;
    void *p = malloc(size ? size : 1);
    if (p == NULL) {
        fprintf(stderr, "parley: out of memory in yajl (%zu bytes)\n", size);
        abort();
    }
    return p;
}

static void *yajl_realloc_cb(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    void *p = realloc(ptr, size ? size : 1);
    if (p == NULL) {
        fprintf(stderr, "parley: out of memory in yajl (%zu bytes)\n", size);
        abort();
    }
    return p;
}

static void yajl_free_cb(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

yajl_alloc_funcs msg_yajl_alloc = {yajl_malloc_cb, yajl_realloc_cb, yajl_free_cb, NULL};

/* --- UTF-8 --- */

size_t pl_msg_utf8_count(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    size_t n = 0;
    while (s < end) {
        unsigned c = *s;
        if (c < 0x80) {
            /* ASCII runs: 8 bytes at a time. */
            uint64_t w;
            while ((size_t)(end - s) >= 8) {
                memcpy(&w, s, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                s += 8;
                n += 8;
            }
            if (s < end && *s < 0x80) {
                s++;
                n++;
            }
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* past U+10FFFF */
        } else {
            return (size_t)-1;
        }
        if ((size_t)(end - s) <= need)
            return (size_t)-1;
        if (s[1] < lo || s[1] > hi)
            return (size_t)-1;
        for (size_t i = 2; i <= need; i++)
            if ((s[i] & 0xC0) != 0x80)
                return (size_t)-1;
        s += need + 1;
        n++;
    }
    return n;
}

/* --- formats --- */

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
static bool is_date_time(const char *s, size_t n)
{
    int y, mo, d, h, mi, se;
    if (n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return false;
    if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
        digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60)
        return false;
    size_t i = 19;
    if (s[i] == '.') {
        size_t start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return false;
    }
    if (i < n && s[i] == 'Z')
        return i + 1 == n;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        int oh, om;
        if (n - i != 6 || s[i + 3] != ':' || digits(s + i + 1, 2, &oh) || digits(s + i + 4, 2, &om))
            return false;
        return oh <= 23 && om <= 59;
    }
    return false;
}

static bool is_uuid(const char *s, size_t n)
{
    if (n != 36)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

/* --- checks --- */

int msg_why(msg_why_t *why, int code, const char *fmt, ...)
{
    if (why != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why->text, sizeof(why->text), fmt, ap);
        va_end(ap);
    }
    return code;
}

int msg_check_string(const pl_msg_type_t *t, const char *s, size_t len, msg_why_t *why)
{
    size_t cp = pl_msg_utf8_count(s, len);
    if (cp == (size_t)-1)
        return msg_why(why, PL_ERR_UTF8, "invalid UTF-8");
    if (cp < t->min_len)
        return msg_why(why, PL_ERR_SCHEMA, "must be at least %zu character%s long, got %zu",
                       t->min_len, t->min_len == 1 ? "" : "s", cp);
    if (cp > t->max_len)
        return msg_why(why, PL_ERR_SCHEMA, "must be at most %zu character%s long, got %zu",
                       t->max_len, t->max_len == 1 ? "" : "s", cp);
    if (t->format == PL_MSG_FORMAT_DATE_TIME && !is_date_time(s, len))
        return msg_why(why, PL_ERR_SCHEMA, "expected a date-time like 2024-01-15T10:30:00Z");
    if (t->format == PL_MSG_FORMAT_UUID && !is_uuid(s, len))
        return msg_why(why, PL_ERR_SCHEMA, "expected a UUID");
    return 0;
}

int msg_check_int(const pl_msg_type_t *t, int64_t v, msg_why_t *why)
{
    if ((t->flags & PL_MSG_TF_MIN) && v < t->imin)
        return msg_why(why, PL_ERR_SCHEMA, "must be >= %s, got %" PRId64, t->min_text, v);
    if ((t->flags & PL_MSG_TF_MAX) && v > t->imax)
        return msg_why(why, PL_ERR_SCHEMA, "must be <= %s, got %" PRId64, t->max_text, v);
    return 0;
}

int msg_check_number(const pl_msg_type_t *t, double v, msg_why_t *why)
{
    char b[32];
    if (!isfinite(v))
        return msg_why(why, PL_ERR_SCHEMA, "number out of range");
    if ((t->flags & PL_MSG_TF_MIN) && v < t->dmin) {
        msg_format_double(v, b, sizeof(b));
        return msg_why(why, PL_ERR_SCHEMA, "must be >= %s, got %s", t->min_text, b);
    }
    if ((t->flags & PL_MSG_TF_MAX) && v > t->dmax) {
        msg_format_double(v, b, sizeof(b));
        return msg_why(why, PL_ERR_SCHEMA, "must be <= %s, got %s", t->max_text, b);
    }
    return 0;
}

int msg_check_items(const pl_msg_type_t *t, size_t n, msg_why_t *why)
{
    if (n < t->min_len)
        return msg_why(why, PL_ERR_SCHEMA, "must have at least %zu item%s, got %zu", t->min_len,
                       t->min_len == 1 ? "" : "s", n);
    if (n > t->max_len)
        return msg_why(why, PL_ERR_SCHEMA, "must have at most %zu item%s", t->max_len,
                       t->max_len == 1 ? "" : "s");
    return 0;
}

int msg_why_enum(const pl_msg_type_t *t, msg_why_t *why)
{
    if (why == NULL)
        return PL_ERR_SCHEMA;
    size_t cap = sizeof(why->text), len;
    if (t->kind == PL_MSG_KIND_CONST) {
        char shown[96];
        msg_display(shown, sizeof(shown), t->names[0].ptr, t->names[0].len);
        snprintf(why->text, cap, "expected \"%s\"", shown);
        return PL_ERR_SCHEMA;
    }
    len = (size_t)snprintf(why->text, cap, "expected one of ");
    for (size_t i = 0; i < t->n_names && len < cap; i++) {
        int w = snprintf(why->text + len, cap - len, "%s%.*s", i ? ", " : "",
                         (int)t->names[i].len, t->names[i].ptr);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (len >= cap)
        memcpy(why->text + cap - 4, "...", 4);
    return PL_ERR_SCHEMA;
}

const char *msg_expected(const pl_msg_type_t *t, bool nullable, char *buf, size_t cap)
{
    const char *name = "value";
    switch ((pl_msg_kind_t)t->kind) {
    case PL_MSG_KIND_OBJECT:
    case PL_MSG_KIND_JSON: name = "object"; break;
    case PL_MSG_KIND_STRING:
    case PL_MSG_KIND_ENUM:
    case PL_MSG_KIND_CONST: name = "string"; break;
    case PL_MSG_KIND_BOOL_CONST:
    case PL_MSG_KIND_BOOLEAN: name = "boolean"; break;
    case PL_MSG_KIND_INTEGER: name = "integer"; break;
    case PL_MSG_KIND_NUMBER: name = "number"; break;
    case PL_MSG_KIND_ARRAY: name = "array"; break;
    case PL_MSG_KIND_ID: name = "string or integer"; break;
    }
    snprintf(buf, cap, "%s%s", name, nullable ? " or null" : "");
    return buf;
}

/* --- numbers --- */

int msg_json_to_int64(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    /* The significant digits (integer then fraction part), and exp10 so
     * that value = digits * 10^exp10. */
    size_t d0 = i, dint, dfrac_start = 0, dfrac_end = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    dint = i;
    if (i < len && s[i] == '.') {
        dfrac_start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        dfrac_end = i;
    }
    long long exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        bool eneg = false;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (exp10 < 1000000000LL)
                exp10 = exp10 * 10 + (s[i] - '0');
            i++;
        }
        if (eneg)
            exp10 = -exp10;
    }
    size_t nfrac = dfrac_end - dfrac_start;
    exp10 -= (long long)nfrac;
    /* Walk the digit sequence as one string: integer part then fraction. */
    size_t total = (dint - d0) + nfrac;
#define DIGIT_AT(k) ((k) < dint - d0 ? s[d0 + (k)] : s[dfrac_start + (k) - (dint - d0)])
    size_t first = 0, last = total; /* significant digits [first, last) */
    while (first < total && DIGIT_AT(first) == '0')
        first++;
    if (first == total) {
        *out = 0;
        return 0;
    }
    while (last > first && DIGIT_AT(last - 1) == '0') {
        last--;
        exp10++;
    }
    if (exp10 < 0)
        return 1;
    if ((long long)(last - first) + exp10 > 19)
        return 2;
    uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (size_t k = first; k < last; k++) {
        unsigned dgt = (unsigned)(DIGIT_AT(k) - '0');
        if (v > (limit - dgt) / 10)
            return 2;
        v = v * 10 + dgt;
    }
#undef DIGIT_AT
    for (long long e = 0; e < exp10; e++) {
        if (v > limit / 10)
            return 2;
        v *= 10;
    }
    if (v > limit)
        return 2;
    *out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return 0;
}

int msg_json_to_double(const char *s, size_t len, double *out)
{
    char small[64], *buf = small;
    if (len >= sizeof(small)) {
        buf = pl_try_malloc(len + 1);
        if (buf == NULL)
            return PL_ERR_NOMEM;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double d = strtod(buf, NULL);
    if (buf != small)
        pl_free(buf);
    if (!isfinite(d))
        return 2;
    *out = d;
    return 0;
}

size_t msg_format_double(double v, char *buf, size_t cap)
{
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return n < 0 ? 0 : (size_t)n;
}

int msg_json_escape(pl_buf_t *buf, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    int rv = pl_buf_append(buf, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; rv == 0 && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rv = pl_buf_append(buf, s + run, i - run);
        run = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        if (rv == 0)
            rv = pl_buf_append(buf, esc, n);
    }
    if (rv == 0)
        rv = pl_buf_append(buf, s + run, len - run);
    if (rv == 0)
        rv = pl_buf_append(buf, "\"", 1);
    return rv;
}

size_t msg_display(char *dst, size_t cap, const char *s, size_t len)
{
    if (cap == 0)
        return 0;
    /* Output has the input's length (replacements are byte for byte). */
    bool cut = len > cap - 1;
    size_t limit = !cut ? len : cap - 1 >= 3 ? cap - 1 - 3 : 0;
    size_t n = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t seq = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (seq > len - i || pl_msg_utf8_count(s + i, seq) != 1) {
            seq = 1;
            c = '?';
        }
        if (n + seq > limit)
            break;
        if (seq == 1)
            dst[n] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
        else
            memcpy(dst + n, s + i, seq);
        n += seq;
        i += seq;
    }
    if (cut && cap - 1 - n >= 3) {
        memcpy(dst + n, "...", 3);
        n += 3;
    }
    dst[n] = '\0';
    return n;
}

void msg_join(char *dst, size_t cap, const char *path, const char *why)
{
    size_t n = 0, pl = strlen(path), wl = strlen(why);
    if (pl != 0) {
        if (pl > cap - 1)
            pl = cap - 1;
        memcpy(dst, path, pl);
        n = pl;
        if (cap - 1 - n >= 2) {
            memcpy(dst + n, ": ", 2);
            n += 2;
        }
    }
    if (wl > cap - 1 - n)
        wl = cap - 1 - n;
    memcpy(dst + n, why, wl);
    dst[n + wl] = '\0';
}

void msg_set_error(pl_msg_error_t *err, int code, size_t offset, const char *path, const char *why)
{
    if (err == NULL)
        return;
    err->code = code;
    err->offset = offset;
    msg_join(err->path, sizeof(err->path), "", path);
    msg_join(err->message, sizeof(err->message), path, why);
}
