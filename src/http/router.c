/*
 * router.c - maps (method, path) to a handler: literal and {parameter}
 * segments, literal-beats-parameter precedence, 404 versus 405 with the
 * Allow set, HEAD served by GET routes. Routes are registered at start-up
 * (allocation allowed); matching allocates nothing.
 */
#include "parley/error.h"
#include "parley/http.h"
#include "parley/mem.h"

#include <string.h>

typedef struct route_seg {
    const char *s; /* literal bytes, or the parameter name (both in route.pattern) */
    size_t len;
    bool param;
} route_seg_t;

typedef struct route {
    pl_http_method_t method;
    char *pattern; /* owned copy; parameter names are NUL-terminated in names */
    char *names;   /* owned: parameter names, each NUL-terminated */
    size_t nseg;
    route_seg_t seg[PL_HTTP_ROUTE_MAX_SEGMENTS];
    size_t nparams;
    uint32_t literal_mask; /* bit (MAX - 1 - i) set when segment i is literal */
    pl_http_handler_fn handler;
    void *ud;
} route_t;

struct pl_http_router {
    route_t *routes;
    size_t n, cap;
};

/* A split request path. */
typedef struct path_segs {
    size_t n;
    const char *s[PL_HTTP_ROUTE_MAX_SEGMENTS];
    size_t len[PL_HTTP_ROUTE_MAX_SEGMENTS];
} path_segs_t;

pl_http_router_t *pl_http_router_new(void)
{
    return pl_calloc(1, sizeof(pl_http_router_t));
}

void pl_http_router_free(pl_http_router_t *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        pl_free(r->routes[i].pattern);
        pl_free(r->routes[i].names);
    }
    pl_free(r->routes);
    pl_free(r);
}

static bool is_literal_char(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("-._~!$&'()*+,;=:@", c) != NULL;
}

static bool is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Splits pattern into rt->seg; parameter names are copied into rt->names. */
static int parse_pattern(route_t *rt)
{
    const char *p = rt->pattern;
    size_t plen = strlen(p);
    char *names = rt->names;
    if (plen == 0 || p[0] != '/')
        return PL_ERR_INVALID_ARGUMENT;
    size_t i = 1;
    for (;;) {
        size_t s = i;
        while (i < plen && p[i] != '/')
            i++;
        if (rt->nseg == PL_HTTP_ROUTE_MAX_SEGMENTS)
            return PL_ERR_INVALID_ARGUMENT;
        route_seg_t *seg = &rt->seg[rt->nseg];
        size_t n = i - s;
        if (n >= 2 && p[s] == '{' && p[i - 1] == '}') {
            size_t nl = n - 2;
            if (nl == 0 || nl > PL_HTTP_PARAM_NAME_MAX ||
                rt->nparams == PL_HTTP_ROUTE_MAX_PARAMS)
                return PL_ERR_INVALID_ARGUMENT;
            for (size_t k = 0; k < nl; k++) {
                if (!is_name_char((unsigned char)p[s + 1 + k]))
                    return PL_ERR_INVALID_ARGUMENT;
            }
            memcpy(names, p + s + 1, nl);
            names[nl] = '\0';
            for (size_t k = 0; k < rt->nseg; k++) {
                if (rt->seg[k].param && strcmp(rt->seg[k].s, names) == 0)
                    return PL_ERR_INVALID_ARGUMENT;
            }
            seg->s = names;
            seg->len = nl;
            seg->param = true;
            names += nl + 1;
            rt->nparams++;
        } else {
            for (size_t k = s; k < i; k++) {
                if (!is_literal_char((unsigned char)p[k]))
                    return PL_ERR_INVALID_ARGUMENT;
            }
            seg->s = p + s;
            seg->len = n;
            seg->param = false;
            rt->literal_mask |= 1u << (PL_HTTP_ROUTE_MAX_SEGMENTS - 1 - rt->nseg);
        }
        rt->nseg++;
        if (i >= plen)
            break;
        i++; /* past the '/' */
    }
    return 0;
}

static bool same_shape(const route_t *a, const route_t *b)
{
    if (a->nseg != b->nseg || a->literal_mask != b->literal_mask)
        return false;
    for (size_t i = 0; i < a->nseg; i++) {
        if (a->seg[i].param)
            continue;
        if (a->seg[i].len != b->seg[i].len || memcmp(a->seg[i].s, b->seg[i].s, a->seg[i].len) != 0)
            return false;
    }
    return true;
}

int pl_http_router_add(pl_http_router_t *r, pl_http_method_t method, const char *pattern,
                       pl_http_handler_fn handler, void *ud)
{
    if (r == NULL || pattern == NULL || method <= PL_HTTP_OTHER || method >= PL_HTTP_METHOD_COUNT)
        return PL_ERR_INVALID_ARGUMENT;
    route_t rt;
    memset(&rt, 0, sizeof(rt));
    rt.method = method;
    rt.handler = handler;
    rt.ud = ud;
    rt.pattern = pl_strdup(pattern);
    rt.names = pl_malloc(strlen(pattern) + 1);
    int rv = parse_pattern(&rt);
    if (rv != 0)
        goto fail;
    for (size_t i = 0; i < r->n; i++) {
        if (r->routes[i].method == method && same_shape(&r->routes[i], &rt)) {
            rv = PL_ERR_EXISTS;
            goto fail;
        }
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->routes = pl_realloc(r->routes, r->cap * sizeof(route_t));
    }
    /* Segment pointers refer to the heap copies, which stay put when routes grows. */
    r->routes[r->n++] = rt;
    return 0;
fail:
    pl_free(rt.pattern);
    pl_free(rt.names);
    return rv;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Checks escapes (well-formed, not %00) and splits path into segments. */
static int split_path(const char *path, size_t len, path_segs_t *ps)
{
    static const char root[] = "/";
    if (len == 0) {
        path = root;
        len = 1;
    }
    for (size_t i = 0; i < len; i++) {
        if (path[i] == '\0')
            return PL_ERR_PARSE;
        if (path[i] != '%')
            continue;
        if (len - i < 3)
            return PL_ERR_PARSE;
        int hi = hexval((unsigned char)path[i + 1]), lo = hexval((unsigned char)path[i + 2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return PL_ERR_PARSE;
    }
    ps->n = 0;
    if (path[0] != '/')
        return PL_ERR_NOT_FOUND;
    size_t i = 1;
    for (;;) {
        size_t s = i;
        while (i < len && path[i] != '/')
            i++;
        if (ps->n == PL_HTTP_ROUTE_MAX_SEGMENTS)
            return PL_ERR_NOT_FOUND;
        ps->s[ps->n] = path + s;
        ps->len[ps->n] = i - s;
        ps->n++;
        if (i >= len)
            break;
        i++;
    }
    return 0;
}

/* Decodes one byte of a (validated) segment at s[*i]. */
static unsigned char seg_byte(const char *s, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c == '%') {
        c = (unsigned char)(hexval((unsigned char)s[*i + 1]) << 4 | hexval((unsigned char)s[*i + 2]));
        *i += 3;
    } else {
        *i += 1;
    }
    return c;
}

static bool seg_equals(const char *s, size_t len, const char *lit, size_t lit_len)
{
    size_t i = 0, k = 0;
    while (i < len) {
        if (k == lit_len || seg_byte(s, &i) != (unsigned char)lit[k])
            return false;
        k++;
    }
    return k == lit_len;
}

/* A segment can bind a parameter: non-empty, no decoded '/', fits the value buffer. */
static bool seg_bindable(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    if (len == 0)
        return false;
    while (i < len) {
        if (seg_byte(s, &i) == '/')
            return false;
        if (++n > PL_HTTP_PARAM_MAX)
            return false;
    }
    return true;
}

static bool route_matches(const route_t *rt, const path_segs_t *ps)
{
    if (rt->nseg != ps->n)
        return false;
    for (size_t i = 0; i < rt->nseg; i++) {
        const route_seg_t *seg = &rt->seg[i];
        if (seg->param ? !seg_bindable(ps->s[i], ps->len[i])
                       : !seg_equals(ps->s[i], ps->len[i], seg->s, seg->len))
            return false;
    }
    return true;
}

static unsigned method_bit(pl_http_method_t m)
{
    return 1u << (unsigned)m;
}

int pl_http_router_match(const pl_http_router_t *r, pl_http_method_t method, const char *path,
                         size_t len, pl_http_match_t *m)
{
    path_segs_t ps;
    m->status = 404;
    m->handler = NULL;
    m->ud = NULL;
    m->pattern = NULL;
    m->allow = 0;
    m->nparams = 0;

    int rv = split_path(path, len, &ps);
    if (rv == PL_ERR_PARSE)
        m->status = 400;
    if (rv != 0)
        return rv;

    const route_t *best = NULL;
    bool best_exact = false;
    for (size_t i = 0; i < r->n; i++) {
        const route_t *rt = &r->routes[i];
        if (!route_matches(rt, &ps))
            continue;
        m->allow |= method_bit(rt->method);
        if (rt->method == PL_HTTP_GET)
            m->allow |= method_bit(PL_HTTP_HEAD);
        bool exact = rt->method == method;
        if (!exact && !(method == PL_HTTP_HEAD && rt->method == PL_HTTP_GET))
            continue;
        if (best == NULL || rt->literal_mask > best->literal_mask ||
            (rt->literal_mask == best->literal_mask && exact && !best_exact)) {
            best = rt;
            best_exact = exact;
        }
    }
    if (best == NULL) {
        if (m->allow != 0) {
            m->status = 405;
            return PL_ERR_UNSUPPORTED;
        }
        return PL_ERR_NOT_FOUND;
    }

    m->status = 200;
    m->allow = 0;
    m->handler = best->handler;
    m->ud = best->ud;
    m->pattern = best->pattern;
    for (size_t i = 0; i < best->nseg; i++) {
        if (!best->seg[i].param)
            continue;
        size_t k = m->nparams++;
        size_t vi = 0, o = 0;
        while (vi < ps.len[i])
            m->params[k].value[o++] = (char)seg_byte(ps.s[i], &vi);
        m->params[k].value[o] = '\0';
        m->params[k].len = o;
        m->params[k].name = best->seg[i].s;
    }
    return 0;
}

const char *pl_http_match_param(const pl_http_match_t *m, const char *name)
{
    for (size_t i = 0; i < m->nparams; i++) {
        if (strcmp(m->params[i].name, name) == 0)
            return m->params[i].value;
    }
    return NULL;
}

int pl_http_allow_format(unsigned allow, char *out, size_t out_cap)
{
    size_t o = 0;
    if (out_cap == 0)
        return PL_ERR_TOO_LARGE;
    for (int mt = PL_HTTP_GET; mt < PL_HTTP_METHOD_COUNT; mt++) {
        if (!(allow & method_bit((pl_http_method_t)mt)))
            continue;
        const char *name = pl_http_method_name((pl_http_method_t)mt);
        size_t n = strlen(name), sep = o ? 2 : 0;
        if (o + sep + n + 1 > out_cap)
            return PL_ERR_TOO_LARGE;
        memcpy(out + o, ", ", sep);
        memcpy(out + o + sep, name, n);
        o += sep + n;
    }
    out[o] = '\0';
    return (int)o;
}
