/*
 * msg_gen.c - the serializer: a struct described by a pl_msg_desc_t to
 * compact JSON through yajl_gen, checking every constraint on the way.
 *
 * The walk follows the descriptor: fields in schema order, optionals only
 * when their has_ flag is set, null when the is_null flag is set. Strings
 * are checked with the parser's rules (strict UTF-8, lengths, formats)
 * before yajl_gen escapes them (yajl_gen_validate_utf8 is on as a second
 * line). Free-form JSON text is re-parsed with the parser's rules and its
 * compact form inserted verbatim. yajl_gen prints through a callback
 * straight into the caller's pl_buf_t; on any error the buffer is cut back
 * to its length on entry.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "msg_int.h"
#include "parley/error.h"

/* yajl_gen prints token by token: output is staged here and appended to
 * the caller's buffer in blocks. */
#define GEN_STAGE 2048

typedef struct gen_ctx {
    yajl_gen g;
    pl_buf_t *buf;
    int buf_err;
    size_t staged;
    char stage[GEN_STAGE];
    int depth;
    size_t path_len;
    char path[PL_MSG_ERR_PATH_MAX];
    msg_why_t why;
    bool want_err;
} gen_ctx_t;

static void flush(gen_ctx_t *x)
{
    if (x->buf_err == 0 && x->staged != 0)
        x->buf_err = pl_buf_append(x->buf, x->stage, x->staged);
    x->staged = 0;
}

static void print_cb(void *ctx, const char *s, size_t len)
{
    gen_ctx_t *x = ctx;
    if (len > GEN_STAGE - x->staged) {
        flush(x);
        if (len > GEN_STAGE) {
            if (x->buf_err == 0)
                x->buf_err = pl_buf_append(x->buf, s, len);
            return;
        }
    }
    memcpy(x->stage + x->staged, s, len);
    x->staged += len;
}

static size_t path_push_key(gen_ctx_t *x, const pl_msg_str_t *name)
{
    size_t saved = x->path_len;
    if (!x->want_err)
        return saved;
    char shown[80];
    msg_display(shown, sizeof(shown), name->ptr, name->len);
    int w = snprintf(x->path + x->path_len, sizeof(x->path) - x->path_len, "%s%s",
                     x->path_len ? "." : "", shown);
    if (w > 0)
        x->path_len += (size_t)w < sizeof(x->path) - x->path_len ? (size_t)w
                                                                  : sizeof(x->path) - 1 - x->path_len;
    return saved;
}

static size_t path_push_index(gen_ctx_t *x, size_t i)
{
    size_t saved = x->path_len;
    if (!x->want_err)
        return saved;
    int w = snprintf(x->path + x->path_len, sizeof(x->path) - x->path_len, "[%zu]", i);
    if (w > 0)
        x->path_len += (size_t)w < sizeof(x->path) - x->path_len ? (size_t)w
                                                                  : sizeof(x->path) - 1 - x->path_len;
    return saved;
}

static void path_pop(gen_ctx_t *x, size_t saved)
{
    x->path_len = saved;
    x->path[saved] = '\0';
}

static int fail(gen_ctx_t *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(gen_ctx_t *x, int code, const char *fmt, ...)
{
    if (x->want_err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->why.text, sizeof(x->why.text), fmt, ap);
        va_end(ap);
    }
    return code;
}

static int gen_status(gen_ctx_t *x, yajl_gen_status st)
{
    if (x->buf_err != 0)
        return fail(x, x->buf_err, x->buf_err == PL_ERR_TOO_LARGE ? "output too large" : "out of memory");
    if (st != yajl_gen_status_ok)
        return fail(x, st == yajl_gen_invalid_string ? PL_ERR_UTF8 : PL_ERR_INTERNAL,
                    "yajl_gen failed (%d)", (int)st);
    return 0;
}

static bool flag(const char *base, size_t off)
{
    return off != PL_MSG_NO_OFFSET && *(const unsigned char *)(base + off) != 0;
}

/* Checks that an integer id's text is canonical JSON within int64. */
static bool canonical_int(const char *s, size_t len, int64_t *v)
{
    size_t i = s[0] == '-' ? 1 : 0;
    if (len == i || len - i > 19 || (s[i] == '0' && len - i > 1) || (i == 1 && s[1] == '0'))
        return false;
    for (size_t k = i; k < len; k++)
        if (s[k] < '0' || s[k] > '9')
            return false;
    return msg_json_to_int64(s, len, v) == 0;
}

static int gen_object(gen_ctx_t *x, const pl_msg_desc_t *d, const char *base);

static int gen_string(gen_ctx_t *x, const pl_msg_type_t *t, const char *s, size_t len)
{
    int rv = msg_check_string(t, s, len, x->want_err ? &x->why : NULL);
    if (rv != 0)
        return rv;
    return gen_status(x, yajl_gen_string(x->g, (const unsigned char *)s, len));
}

static int gen_value(gen_ctx_t *x, const pl_msg_type_t *t, const char *p)
{
    msg_why_t *why = x->want_err ? &x->why : NULL;
    pl_msg_str_t s;
    pl_msg_id_t id;
    int64_t iv;
    double dv;
    int ev, rv;
    switch ((pl_msg_kind_t)t->kind) {
    case PL_MSG_KIND_OBJECT:
        return gen_object(x, t->object, p);
    case PL_MSG_KIND_STRING:
        memcpy(&s, p, sizeof(s));
        if (s.ptr == NULL)
            return fail(x, PL_ERR_SCHEMA, "required");
        return gen_string(x, t, s.ptr, s.len);
    case PL_MSG_KIND_ENUM:
        memcpy(&ev, p, sizeof(ev));
        if (ev == 0)
            return fail(x, PL_ERR_SCHEMA, "required");
        if (ev < 0 || (size_t)ev > t->n_names) {
            msg_why_enum(t, why);
            return PL_ERR_SCHEMA;
        }
        return gen_status(x, yajl_gen_string(x->g, (const unsigned char *)t->names[ev - 1].ptr,
                                             t->names[ev - 1].len));
    case PL_MSG_KIND_CONST:
        return gen_status(x, yajl_gen_string(x->g, (const unsigned char *)t->names[0].ptr,
                                             t->names[0].len));
    case PL_MSG_KIND_BOOL_CONST:
        return gen_status(x, yajl_gen_bool(x->g, t->bool_value));
    case PL_MSG_KIND_BOOLEAN:
        return gen_status(x, yajl_gen_bool(x->g, *(const unsigned char *)p != 0));
    case PL_MSG_KIND_INTEGER:
        memcpy(&iv, p, sizeof(iv));
        if ((rv = msg_check_int(t, iv, why)) != 0)
            return rv;
        return gen_status(x, yajl_gen_integer(x->g, iv));
    case PL_MSG_KIND_NUMBER: {
        char num[40];
        memcpy(&dv, p, sizeof(dv));
        if ((rv = msg_check_number(t, dv, why)) != 0)
            return rv;
        size_t n = msg_format_double(dv, num, sizeof(num));
        return gen_status(x, yajl_gen_number(x->g, num, n));
    }
    case PL_MSG_KIND_ID:
        memcpy(&id, p, sizeof(id));
        if (id.ptr == NULL)
            return fail(x, PL_ERR_SCHEMA, "required");
        if (!id.is_int)
            return gen_string(x, t, id.ptr, id.len);
        if (!canonical_int(id.ptr, id.len, &iv))
            return fail(x, PL_ERR_SCHEMA, "expected an integer id, got text");
        if ((rv = msg_check_int(t, iv, why)) != 0)
            return rv;
        return gen_status(x, yajl_gen_number(x->g, id.ptr, id.len));
    case PL_MSG_KIND_JSON: {
        char *compact = NULL;
        size_t clen = 0;
        memcpy(&s, p, sizeof(s));
        if (s.ptr == NULL)
            return fail(x, PL_ERR_SCHEMA, "required");
        char inner[PL_MSG_ERR_PATH_MAX];
        inner[0] = '\0';
        rv = msg_raw_normalize(s.ptr, s.len, x->depth, &compact, &clen, why, inner);
        if (rv != 0) {
            if (inner[0] != '\0')
                path_push_key(x, &(pl_msg_str_t){inner, strlen(inner)});
            return rv;
        }
        /* yajl_gen_number inserts text verbatim with the right separators. */
        rv = gen_status(x, yajl_gen_number(x->g, compact, clen));
        pl_free(compact);
        return rv;
    }
    case PL_MSG_KIND_ARRAY: {
        pl_msg_array_t a;
        memcpy(&a, p, sizeof(a));
        if (a.n != 0 && a.items == NULL)
            return fail(x, PL_ERR_SCHEMA, "%zu items at NULL", a.n);
        if ((rv = msg_check_items(t, a.n, why)) != 0)
            return rv;
        if (x->depth >= PL_MSG_MAX_DEPTH)
            return fail(x, PL_ERR_TOO_LARGE, "nesting deeper than %d levels", PL_MSG_MAX_DEPTH);
        if ((rv = gen_status(x, yajl_gen_array_open(x->g))) != 0)
            return rv;
        x->depth++;
        const pl_msg_field_t *it = t->items;
        for (size_t i = 0; i < a.n; i++) {
            const char *slot = (const char *)a.items + i * t->item_size;
            size_t saved = path_push_index(x, i);
            if (flag(slot, it->null_offset))
                rv = gen_status(x, yajl_gen_null(x->g));
            else
                rv = gen_value(x, it->type, slot + it->offset);
            if (rv != 0)
                return rv;
            path_pop(x, saved);
        }
        x->depth--;
        return gen_status(x, yajl_gen_array_close(x->g));
    }
    }
    return fail(x, PL_ERR_INTERNAL, "bad descriptor kind %d", t->kind);
}

static int gen_object(gen_ctx_t *x, const pl_msg_desc_t *d, const char *base)
{
    int rv;
    if (x->depth >= PL_MSG_MAX_DEPTH)
        return fail(x, PL_ERR_TOO_LARGE, "nesting deeper than %d levels", PL_MSG_MAX_DEPTH);
    if ((rv = gen_status(x, yajl_gen_map_open(x->g))) != 0)
        return rv;
    x->depth++;
    for (size_t i = 0; i < d->n_fields; i++) {
        const pl_msg_field_t *f = &d->fields[i];
        if (f->has_offset != PL_MSG_NO_OFFSET && !flag(base, f->has_offset))
            continue;
        size_t saved = path_push_key(x, &f->name);
        rv = gen_status(x, yajl_gen_string(x->g, (const unsigned char *)f->name.ptr, f->name.len));
        if (rv == 0) {
            if (flag(base, f->null_offset))
                rv = gen_status(x, yajl_gen_null(x->g));
            else
                rv = gen_value(x, f->type, base + f->offset);
        }
        if (rv != 0)
            return rv;
        path_pop(x, saved);
    }
    x->depth--;
    return gen_status(x, yajl_gen_map_close(x->g));
}

int pl_msg_serialize_ex(const pl_msg_desc_t *desc, const void *msg, pl_buf_t *buf,
                        pl_msg_error_t *err)
{
    if (desc == NULL || msg == NULL || buf == NULL) {
        msg_set_error(err, PL_ERR_INVALID_ARGUMENT, 0, "", "no message");
        return PL_ERR_INVALID_ARGUMENT;
    }
    gen_ctx_t x;
    x.buf = buf;
    x.buf_err = 0;
    x.staged = 0;
    x.depth = 0;
    x.path_len = 0;
    x.path[0] = '\0';
    x.why.text[0] = '\0';
    x.want_err = err != NULL;
    size_t start = buf->len;
    x.g = yajl_gen_alloc(&msg_yajl_alloc);
    yajl_gen_config(x.g, yajl_gen_beautify, 0);
    yajl_gen_config(x.g, yajl_gen_validate_utf8, 1);
    yajl_gen_config(x.g, yajl_gen_print_callback, print_cb, &x);
    int rv = gen_object(&x, desc, msg);
    yajl_gen_free(x.g);
    if (rv == 0)
        flush(&x);
    if (rv == 0 && x.buf_err != 0)
        rv = fail(&x, x.buf_err, x.buf_err == PL_ERR_TOO_LARGE ? "output too large" : "out of memory");
    if (rv != 0) {
        buf->len = start;
        if (buf->data != NULL)
            buf->data[start] = '\0';
        msg_set_error(err, rv, 0, x.path, x.why.text);
    } else if (err != NULL) {
        err->code = 0;
    }
    return rv;
}

int pl_msg_serialize(const pl_msg_desc_t *desc, const void *msg, pl_buf_t *buf)
{
    return pl_msg_serialize_ex(desc, msg, buf, NULL);
}

int pl_msg_family_serialize(const pl_msg_family_t *fam, int kind, const void *msg, pl_buf_t *buf,
                            pl_msg_error_t *err)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(fam, kind);
    if (m == NULL || msg == NULL) {
        msg_set_error(err, PL_ERR_INVALID_ARGUMENT, 0, "", "unknown message kind");
        return PL_ERR_INVALID_ARGUMENT;
    }
    return pl_msg_serialize_ex(m->desc, msg, buf, err);
}
