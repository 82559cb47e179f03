/*
 * msg_parse.c - validate-while-parsing on yajl's event parser.
 *
 * One pass, no tree: yajl calls back for every token and this file keeps a
 * stack of frames, one per open container:
 *
 *   FR_OBJECT  a schema object being filled at `base` (a struct in the arena)
 *   FR_ARRAY   a schema array growing its items in the arena
 *   FR_SKIP    an unknown property's value (additionalProperties allowed):
 *              checked (UTF-8, depth, duplicate keys) and dropped
 *   FR_RAW     a free-form object (schema object without properties):
 *              re-emitted as compact JSON text into a scratch buffer, copied
 *              to the arena when its outermost container closes
 *
 * Every value event first asks value_target() where the value goes: a
 * schema field (pl_msg_field_t + the struct it lives in), a skip or a raw
 * capture. Errors are recorded once in the context (code, reason, byte
 * offset) and cancel the parse by returning 0 to yajl; the path is built
 * from the frame stack at that moment: an object frame that is inside a
 * value contributes ".key", an array frame "[index]".
 *
 * Duplicate keys: known properties are tracked in a 64-bit `seen` mask;
 * other keys (unknown-but-allowed, skipped and raw objects) are pushed on
 * a key stack and sorted when their object closes, so duplicate detection
 * costs O(k log k) per object and no hashing.
 *
 * Family prescan (pl_msg_family_peek): a second, tiny set of callbacks that
 * only tracks depth and stops as soon as the top-level discriminator's
 * value has been seen.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "msg_int.h"
#include "parley/error.h"

enum { FR_OBJECT, FR_ARRAY, FR_SKIP, FR_RAW };

/* Longest unknown key kept for error paths. */
#define SKIP_KEY_MAX 64

typedef struct frame {
    uint8_t kind;
    bool is_map;   /* FR_SKIP / FR_RAW: object (else array) */
    bool active;   /* inside one of its values: contributes to the path */
    bool first;    /* FR_RAW: nothing written in it yet */
    const pl_msg_field_t *field; /* FR_ARRAY / outermost FR_RAW: the value's field */
    char *dst;     /* FR_ARRAY / outermost FR_RAW: where the value is stored */
    /* FR_OBJECT */
    const pl_msg_desc_t *desc;
    char *base;
    const pl_msg_field_t *cur; /* field of the current value; NULL: unknown key */
    uint64_t seen;
    /* FR_ARRAY */
    char *items;
    size_t n, cap;
    /* maps: this object's segment of the key stack */
    size_t keys_start, text_start;
} frame_t;

typedef struct key_ent {
    size_t off, len; /* in the key text buffer */
} key_ent_t;

typedef struct parse_ctx {
    msg_arena_t *arena;
    yajl_handle h;
    bool want_err;      /* build texts only when the caller wants them */
    int code;           /* first error */
    size_t offset;
    char path[PL_MSG_ERR_PATH_MAX];
    msg_why_t why;
    const pl_msg_field_t *root_field;
    char *root_base;
    bool root_done;
    int depth;          /* frames in use */
    int depth_base;     /* containers open around the document (raw checks) */
    frame_t frames[PL_MSG_MAX_DEPTH + 1];
    key_ent_t *keys;
    size_t nkeys, capkeys;
    pl_buf_t keytext;
    pl_buf_t raw;
    char skip_key[SKIP_KEY_MAX + 4];
} parse_ctx_t;

static const char *json_type_name(int ev);

/* ---------------------------------------------------------------- paths */

static size_t path_add(char *p, size_t n, const char *s, size_t len)
{
    size_t room = PL_MSG_ERR_PATH_MAX - 1 - n;
    if (len > room)
        len = room;
    memcpy(p + n, s, len);
    p[n + len] = '\0';
    return n + len;
}

static size_t path_key(char *p, size_t n, const char *key, size_t len)
{
    char shown[SKIP_KEY_MAX + 4];
    size_t sl = msg_display(shown, sizeof(shown), key, len);
    if (n != 0)
        n = path_add(p, n, ".", 1);
    return path_add(p, n, shown, sl);
}

/* The path of the current position (plus extra key when not NULL). */
static void build_path(parse_ctx_t *x, const char *extra, size_t extra_len)
{
    size_t n = 0;
    x->path[0] = '\0';
    for (int i = 0; i < x->depth; i++) {
        frame_t *f = &x->frames[i];
        if (f->kind != FR_OBJECT && f->kind != FR_ARRAY) {
            /* Inside skipped or raw content the path ends at its field, or
             * at its key when the error is in that object's own keys. */
            if (i != x->depth - 1 || !f->is_map)
                return;
            break;
        }
        if (!f->active)
            continue;
        if (f->kind == FR_OBJECT) {
            if (f->cur != NULL)
                n = path_key(x->path, n, f->cur->name.ptr, f->cur->name.len);
            else
                n = path_key(x->path, n, x->skip_key, strlen(x->skip_key));
        } else if (f->n > 0) {
            char idx[32];
            int w = snprintf(idx, sizeof(idx), "[%zu]", f->n - 1);
            n = path_add(x->path, n, idx, (size_t)w);
        }
    }
    if (extra != NULL)
        path_key(x->path, n, extra, extra_len);
}

/* Records the first error; returns 0 so callbacks can `return fail(...)`. */
static int fail_at(parse_ctx_t *x, int code, const char *extra, size_t extra_len, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));

static int fail_at(parse_ctx_t *x, int code, const char *extra, size_t extra_len, const char *fmt, ...)
{
    if (x->code != 0)
        return 0;
    x->code = code;
    if (x->h != NULL)
        x->offset = yajl_get_bytes_consumed(x->h);
    if (x->want_err) {
        build_path(x, extra, extra_len);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->why.text, sizeof(x->why.text), fmt, ap);
        va_end(ap);
    }
    return 0;
}

#define fail(x, code, ...) fail_at((x), (code), NULL, 0, __VA_ARGS__)

/* A failure whose reason a msg_check_* already wrote into x->why. */
static int fail_why(parse_ctx_t *x, int code)
{
    if (x->code != 0)
        return 0;
    x->code = code;
    if (x->h != NULL)
        x->offset = yajl_get_bytes_consumed(x->h);
    if (x->want_err)
        build_path(x, NULL, 0);
    return 0;
}

/* Out of memory, or past the arena cap: no path, the message as a whole failed. */
static int fail_alloc(parse_ctx_t *x, int code)
{
    if (x->code != 0)
        return 0;
    x->code = code == PL_ERR_TOO_LARGE ? code : PL_ERR_NOMEM;
    if (x->h != NULL)
        x->offset = yajl_get_bytes_consumed(x->h);
    x->path[0] = '\0';
    if (code == PL_ERR_TOO_LARGE)
        snprintf(x->why.text, sizeof(x->why.text), "message too large (more than %zu bytes of memory)",
                 PL_MSG_MAX_ARENA_BYTES);
    else
        snprintf(x->why.text, sizeof(x->why.text), "out of memory");
    return 0;
}

/* ---------------------------------------------------------- key stack */

static int key_push(parse_ctx_t *x, const unsigned char *key, size_t len)
{
    if (x->nkeys == x->capkeys) {
        size_t cap = x->capkeys ? x->capkeys * 2 : 32;
        key_ent_t *k = pl_try_realloc(x->keys, cap * sizeof(*k));
        if (k == NULL)
            return fail_alloc(x, PL_ERR_NOMEM);
        x->keys = k;
        x->capkeys = cap;
    }
    size_t off = x->keytext.len;
    int rv = pl_buf_append(&x->keytext, key, len);
    if (rv != 0)
        return fail_alloc(x, rv);
    x->keys[x->nkeys].off = off;
    x->keys[x->nkeys].len = len;
    x->nkeys++;
    return 1;
}

static int key_cmp(const parse_ctx_t *x, const key_ent_t *a, const key_ent_t *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(x->keytext.data + a->off, x->keytext.data + b->off, a->len);
}

static void sift_down(const parse_ctx_t *x, key_ent_t *k, size_t root, size_t n)
{
    for (;;) {
        size_t c = 2 * root + 1;
        if (c >= n)
            return;
        if (c + 1 < n && key_cmp(x, &k[c], &k[c + 1]) < 0)
            c++;
        if (key_cmp(x, &k[root], &k[c]) >= 0)
            return;
        key_ent_t t = k[root];
        k[root] = k[c];
        k[c] = t;
        root = c;
    }
}

/* Checks the keys of the closing map (top frame) for duplicates and pops
 * them. Returns 1, or 0 after recording the error. */
static int keys_close(parse_ctx_t *x, frame_t *f)
{
    size_t n = x->nkeys - f->keys_start;
    if (n > 1) {
        key_ent_t *k = x->keys + f->keys_start;
        for (size_t i = n / 2; i-- > 0;)
            sift_down(x, k, i, n);
        for (size_t end = n; end-- > 1;) {
            key_ent_t t = k[0];
            k[0] = k[end];
            k[end] = t;
            sift_down(x, k, 0, end);
        }
        for (size_t i = 1; i < n; i++) {
            if (key_cmp(x, &k[i - 1], &k[i]) == 0) {
                f->active = false;
                return fail_at(x, PL_ERR_SCHEMA, x->keytext.data + k[i].off, k[i].len,
                               "duplicate key");
            }
        }
    }
    x->nkeys = f->keys_start;
    x->keytext.len = f->text_start;
    return 1;
}

/* ------------------------------------------------------------- raw JSON */

static frame_t *top(parse_ctx_t *x) { return x->depth ? &x->frames[x->depth - 1] : NULL; }

/* Writes the separator a raw value needs (a comma between array items). */
static int raw_sep(parse_ctx_t *x, frame_t *f)
{
    if (!f->is_map) {
        if (!f->first) {
            int rv = pl_buf_append(&x->raw, ",", 1);
            if (rv != 0)
                return fail_alloc(x, rv);
        }
        f->first = false;
    }
    return 1;
}

static int raw_put(parse_ctx_t *x, const char *s, size_t len)
{
    int rv = pl_buf_append(&x->raw, s, len);
    return rv == 0 ? 1 : fail_alloc(x, rv);
}

/* -------------------------------------------------------------- targets */

enum { T_FIELD = 1, T_SKIP, T_RAW };

/* Finds where the next value goes: a field (set *fp, *basep), T_SKIP or
 * T_RAW. Returns 0 after an error. */
static int value_target(parse_ctx_t *x, const pl_msg_field_t **fp, char **basep)
{
    frame_t *f = top(x);
    if (f == NULL) {
        if (x->root_done)
            return fail(x, PL_ERR_PARSE, "Invalid JSON: more than one value");
        *fp = x->root_field;
        *basep = x->root_base;
        return T_FIELD;
    }
    switch (f->kind) {
    case FR_OBJECT:
        if (f->cur == NULL)
            return T_SKIP;
        *fp = f->cur;
        *basep = f->base;
        return T_FIELD;
    case FR_ARRAY: {
        const pl_msg_type_t *t = f->field->type;
        size_t sz = t->item_size;
        if (f->n >= t->max_len) {
            f->active = false;
            return fail(x, PL_ERR_SCHEMA, "must have at most %zu item%s", t->max_len,
                        t->max_len == 1 ? "" : "s");
        }
        if (f->n == f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 4;
            if (cap > PL_MSG_MAX_ARENA_BYTES / sz)
                return fail_alloc(x, PL_ERR_TOO_LARGE);
            char *p = msg_arena_grow(x->arena, f->items, f->cap * sz, cap * sz, MSG_ALIGN);
            if (p == NULL)
                return fail_alloc(x, x->arena->err);
            f->items = p;
            f->cap = cap;
        }
        *basep = f->items + f->n * sz;
        memset(*basep, 0, sz);
        f->n++;
        f->active = true;
        *fp = t->items;
        return T_FIELD;
    }
    case FR_SKIP:
        return T_SKIP;
    default:
        return T_RAW;
    }
}

/* The current value is complete: its container leaves it. */
static void value_done(parse_ctx_t *x)
{
    frame_t *f = top(x);
    if (f == NULL) {
        x->root_done = true;
        return;
    }
    if (f->kind == FR_OBJECT) {
        f->active = false;
        f->cur = NULL;
    } else if (f->kind == FR_ARRAY) {
        f->active = false;
    }
}

static void set_flag(char *base, size_t off)
{
    if (off != PL_MSG_NO_OFFSET)
        *(bool *)(base + off) = true;
}

enum { EV_NULL, EV_BOOL, EV_NUMBER, EV_STRING, EV_MAP, EV_ARRAY };

static const char *json_type_name(int ev)
{
    static const char *const names[] = {"null", "boolean", "number", "string", "object", "array"};
    return names[ev];
}

static int type_error(parse_ctx_t *x, const pl_msg_field_t *f, int ev)
{
    char exp[48];
    msg_expected(f->type, f->null_offset != PL_MSG_NO_OFFSET, exp, sizeof(exp));
    return fail(x, PL_ERR_SCHEMA, "expected %s, got %s", exp, json_type_name(ev));
}

/* ------------------------------------------------------------ callbacks */

static int on_null(void *ctx)
{
    parse_ctx_t *x = ctx;
    const pl_msg_field_t *f = NULL;
    char *base = NULL;
    int t = value_target(x, &f, &base);
    if (t == 0)
        return 0;
    if (t == T_RAW) {
        if (!raw_sep(x, top(x)) || !raw_put(x, "null", 4))
            return 0;
    } else if (t == T_FIELD) {
        if (f->null_offset == PL_MSG_NO_OFFSET)
            return type_error(x, f, EV_NULL);
        set_flag(base, f->has_offset);
        set_flag(base, f->null_offset);
    }
    value_done(x);
    return 1;
}

static int on_boolean(void *ctx, int v)
{
    parse_ctx_t *x = ctx;
    const pl_msg_field_t *f = NULL;
    char *base = NULL;
    int t = value_target(x, &f, &base);
    if (t == 0)
        return 0;
    if (t == T_RAW) {
        if (!raw_sep(x, top(x)) || !raw_put(x, v ? "true" : "false", v ? 4 : 5))
            return 0;
    } else if (t == T_FIELD) {
        const pl_msg_type_t *ty = f->type;
        if (ty->kind == PL_MSG_KIND_BOOLEAN) {
            *(bool *)(base + f->offset) = v != 0;
        } else if (ty->kind == PL_MSG_KIND_BOOL_CONST) {
            if ((v != 0) != ty->bool_value)
                return fail(x, PL_ERR_SCHEMA, "expected %s", ty->bool_value ? "true" : "false");
        } else {
            return type_error(x, f, EV_BOOL);
        }
        set_flag(base, f->has_offset);
    }
    value_done(x);
    return 1;
}

static int on_number(void *ctx, const char *s, size_t len)
{
    parse_ctx_t *x = ctx;
    const pl_msg_field_t *f = NULL;
    char *base = NULL;
    int t = value_target(x, &f, &base);
    if (t == 0)
        return 0;
    if (t == T_RAW) {
        if (!raw_sep(x, top(x)) || !raw_put(x, s, len))
            return 0;
    } else if (t == T_FIELD) {
        const pl_msg_type_t *ty = f->type;
        msg_why_t *why = x->want_err ? &x->why : NULL;
        int64_t iv;
        double dv;
        int rv;
        switch (ty->kind) {
        case PL_MSG_KIND_INTEGER:
        case PL_MSG_KIND_ID:
            rv = msg_json_to_int64(s, len, &iv);
            if (rv == 1) {
                char exp[48];
                return fail(x, PL_ERR_SCHEMA, "expected %s, got a number with a fraction",
                            msg_expected(ty, f->null_offset != PL_MSG_NO_OFFSET, exp, sizeof(exp)));
            }
            if (rv == 2)
                return fail(x, PL_ERR_SCHEMA, "integer out of range");
            if ((rv = msg_check_int(ty, iv, why)) != 0)
                return fail_why(x, rv);
            if (ty->kind == PL_MSG_KIND_INTEGER) {
                memcpy(base + f->offset, &iv, sizeof(iv));
            } else {
                char txt[24];
                int n = snprintf(txt, sizeof(txt), "%" PRId64, iv);
                char *p = msg_arena_strdup(x->arena, txt, (size_t)n);
                if (p == NULL)
                    return fail_alloc(x, x->arena->err);
                pl_msg_id_t id = {p, (size_t)n, true};
                memcpy(base + f->offset, &id, sizeof(id));
            }
            break;
        case PL_MSG_KIND_NUMBER:
            rv = msg_json_to_double(s, len, &dv);
            if (rv == PL_ERR_NOMEM)
                return fail_alloc(x, rv);
            if (rv != 0)
                return fail(x, PL_ERR_SCHEMA, "number out of range");
            if ((rv = msg_check_number(ty, dv, why)) != 0)
                return fail_why(x, rv);
            memcpy(base + f->offset, &dv, sizeof(dv));
            break;
        default:
            return type_error(x, f, EV_NUMBER);
        }
        set_flag(base, f->has_offset);
    }
    value_done(x);
    return 1;
}

static int on_string(void *ctx, const unsigned char *us, size_t len)
{
    parse_ctx_t *x = ctx;
    const char *s = (const char *)us;
    const pl_msg_field_t *f = NULL;
    char *base = NULL;
    int t = value_target(x, &f, &base);
    if (t == 0)
        return 0;
    if (t != T_FIELD) {
        if (pl_msg_utf8_count(s, len) == (size_t)-1)
            return fail(x, PL_ERR_UTF8, "invalid UTF-8");
        if (t == T_RAW) {
            if (!raw_sep(x, top(x)))
                return 0;
            int rv = msg_json_escape(&x->raw, s, len);
            if (rv != 0)
                return fail_alloc(x, rv);
        }
        value_done(x);
        return 1;
    }
    const pl_msg_type_t *ty = f->type;
    msg_why_t *why = x->want_err ? &x->why : NULL;
    int rv, idx;
    char *p;
    switch (ty->kind) {
    case PL_MSG_KIND_STRING:
    case PL_MSG_KIND_ID:
        if ((rv = msg_check_string(ty, s, len, why)) != 0)
            return fail_why(x, rv);
        if ((p = msg_arena_strdup(x->arena, s, len)) == NULL)
            return fail_alloc(x, x->arena->err);
        if (ty->kind == PL_MSG_KIND_STRING) {
            pl_msg_str_t v = {p, len};
            memcpy(base + f->offset, &v, sizeof(v));
        } else {
            pl_msg_id_t v = {p, len, false};
            memcpy(base + f->offset, &v, sizeof(v));
        }
        break;
    case PL_MSG_KIND_ENUM:
    case PL_MSG_KIND_CONST:
        if (pl_msg_utf8_count(s, len) == (size_t)-1)
            return fail(x, PL_ERR_UTF8, "invalid UTF-8");
        idx = pl_msg_enum_lookup(ty->names, ty->n_names, s, len);
        if (idx < 0) {
            msg_why_enum(ty, why);
            return fail_why(x, PL_ERR_SCHEMA);
        }
        if (ty->kind == PL_MSG_KIND_ENUM) {
            int v = idx + 1;
            memcpy(base + f->offset, &v, sizeof(v));
        }
        break;
    default:
        return type_error(x, f, EV_STRING);
    }
    set_flag(base, f->has_offset);
    value_done(x);
    return 1;
}

static frame_t *push(parse_ctx_t *x, int kind)
{
    if (x->depth + x->depth_base >= PL_MSG_MAX_DEPTH) {
        fail(x, PL_ERR_TOO_LARGE, "nesting deeper than %d levels", PL_MSG_MAX_DEPTH);
        return NULL;
    }
    frame_t *f = &x->frames[x->depth++];
    memset(f, 0, sizeof(*f));
    f->kind = (uint8_t)kind;
    f->first = true;
    f->keys_start = x->nkeys;
    f->text_start = x->keytext.len;
    return f;
}

static int start_container(parse_ctx_t *x, bool is_map)
{
    const pl_msg_field_t *fld = NULL;
    char *base = NULL;
    frame_t *f;
    int t = value_target(x, &fld, &base);
    if (t == 0)
        return 0;
    if (t == T_SKIP || t == T_RAW) {
        if (t == T_RAW && (!raw_sep(x, top(x)) || !raw_put(x, is_map ? "{" : "[", 1)))
            return 0;
        if ((f = push(x, t == T_SKIP ? FR_SKIP : FR_RAW)) == NULL)
            return 0;
        f->is_map = is_map;
        return 1;
    }
    const pl_msg_type_t *ty = fld->type;
    if (is_map && ty->kind == PL_MSG_KIND_OBJECT) {
        if ((f = push(x, FR_OBJECT)) == NULL)
            return 0;
        f->desc = ty->object;
        f->base = base + fld->offset;
    } else if (is_map && ty->kind == PL_MSG_KIND_JSON) {
        if ((f = push(x, FR_RAW)) == NULL)
            return 0;
        f->is_map = true;
        f->field = fld;
        f->dst = base + fld->offset;
        x->raw.len = 0;
        if (!raw_put(x, "{", 1))
            return 0;
    } else if (!is_map && ty->kind == PL_MSG_KIND_ARRAY) {
        if ((f = push(x, FR_ARRAY)) == NULL)
            return 0;
        f->field = fld;
        f->dst = base + fld->offset;
    } else {
        return type_error(x, fld, is_map ? EV_MAP : EV_ARRAY);
    }
    set_flag(base, fld->has_offset);
    return 1;
}

static int on_start_map(void *ctx) { return start_container(ctx, true); }
static int on_start_array(void *ctx) { return start_container(ctx, false); }

static const pl_msg_field_t *find_field(const pl_msg_desc_t *d, const char *key, size_t len)
{
    size_t lo = 0, hi = d->n_fields;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const pl_msg_field_t *f = &d->fields[d->by_key[mid]];
        int c = f->name.len != len ? (f->name.len < len ? -1 : 1) : memcmp(f->name.ptr, key, len);
        if (c == 0)
            return f;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int on_map_key(void *ctx, const unsigned char *ukey, size_t len)
{
    parse_ctx_t *x = ctx;
    const char *key = (const char *)ukey;
    frame_t *f = top(x);
    if (f->kind == FR_OBJECT) {
        const pl_msg_field_t *fld = find_field(f->desc, key, len);
        if (fld != NULL) {
            uint64_t bit = (uint64_t)1 << (fld - f->desc->fields);
            if (f->seen & bit)
                return fail_at(x, PL_ERR_SCHEMA, key, len, "duplicate key");
            f->seen |= bit;
            f->cur = fld;
            f->active = true;
            return 1;
        }
        if (pl_msg_utf8_count(key, len) == (size_t)-1)
            return fail(x, PL_ERR_UTF8, "invalid UTF-8 in a key");
        if (f->desc->closed)
            return fail_at(x, PL_ERR_SCHEMA, key, len, "unknown field");
        if (!key_push(x, ukey, len))
            return 0;
        if (x->want_err)
            msg_display(x->skip_key, sizeof(x->skip_key), key, len);
        f->cur = NULL;
        f->active = true;
        return 1;
    }
    if (pl_msg_utf8_count(key, len) == (size_t)-1)
        return fail(x, PL_ERR_UTF8, "invalid UTF-8 in a key");
    if (!key_push(x, ukey, len))
        return 0;
    if (f->kind == FR_RAW) {
        if (!f->first && !raw_put(x, ",", 1))
            return 0;
        f->first = false;
        int rv = msg_json_escape(&x->raw, key, len);
        if (rv == 0)
            rv = pl_buf_append(&x->raw, ":", 1);
        if (rv != 0)
            return fail_alloc(x, rv);
    }
    return 1;
}

/* Closes the raw frame f; the outermost one stores the captured text. */
static int raw_close(parse_ctx_t *x, frame_t *f)
{
    if (!raw_put(x, f->is_map ? "}" : "]", 1))
        return 0;
    if (f->field == NULL)
        return 1;
    char *p = msg_arena_strdup(x->arena, x->raw.data, x->raw.len);
    if (p == NULL)
        return fail_alloc(x, x->arena->err);
    pl_msg_str_t v = {p, x->raw.len};
    memcpy(f->dst, &v, sizeof(v));
    x->raw.len = 0;
    return 1;
}

static int on_end_map(void *ctx)
{
    parse_ctx_t *x = ctx;
    frame_t *f = top(x);
    if (f->kind == FR_OBJECT) {
        f->active = false;
        const pl_msg_desc_t *d = f->desc;
        for (size_t i = 0; i < d->n_fields; i++) {
            const pl_msg_field_t *fld = &d->fields[i];
            if (fld->required && !(f->seen & ((uint64_t)1 << i)))
                return fail_at(x, PL_ERR_SCHEMA, fld->name.ptr, fld->name.len, "required");
        }
    }
    if (!keys_close(x, f))
        return 0;
    if (f->kind == FR_RAW && !raw_close(x, f))
        return 0;
    x->depth--;
    value_done(x);
    return 1;
}

static int on_end_array(void *ctx)
{
    parse_ctx_t *x = ctx;
    frame_t *f = top(x);
    if (f->kind == FR_ARRAY) {
        int rv = msg_check_items(f->field->type, f->n, x->want_err ? &x->why : NULL);
        if (rv != 0)
            return fail_why(x, rv);
        pl_msg_array_t a = {f->n, f->items};
        memcpy(f->dst, &a, sizeof(a));
    } else if (f->kind == FR_RAW && !raw_close(x, f)) {
        return 0;
    }
    x->depth--;
    value_done(x);
    return 1;
}

static const yajl_callbacks parse_callbacks = {
    on_null, on_boolean, NULL, NULL, on_number, on_string,
    on_start_map, on_map_key, on_end_map, on_start_array, on_end_array,
};

/* ---------------------------------------------------------------- driver */

static bool all_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* Runs yajl over the document; on a yajl-level failure records a PARSE or
 * UTF8 error. Returns x->code. */
static int run_yajl(parse_ctx_t *x, const yajl_callbacks *cb, const char *json, size_t len)
{
    if (all_space(json, len)) {
        x->code = PL_ERR_PARSE;
        x->offset = 0;
        snprintf(x->why.text, sizeof(x->why.text), "Invalid JSON: empty input");
        return x->code;
    }
    x->h = yajl_alloc(cb, &msg_yajl_alloc, x);
    yajl_status st = yajl_parse(x->h, (const unsigned char *)json, len);
    bool in_complete = false;
    if (st == yajl_status_ok) {
        in_complete = true;
        st = yajl_complete_parse(x->h);
    }
    if (st != yajl_status_ok && x->code == 0) {
        /* yajl itself refused: syntax, its UTF-8 check, or a truncation. */
        size_t off = in_complete ? len : yajl_get_bytes_consumed(x->h);
        unsigned char *msg = yajl_get_error(x->h, 0, (const unsigned char *)json, len);
        char text[128];
        size_t n = msg_display(text, sizeof(text), (const char *)msg, strlen((const char *)msg));
        yajl_free_error(x->h, msg);
        while (n > 0 && (text[n - 1] == '?' || text[n - 1] == ' ' || text[n - 1] == '.'))
            text[--n] = '\0';
        if (strstr(text, "UTF8") != NULL) {
            fail(x, PL_ERR_UTF8, "invalid UTF-8");
        } else {
            x->code = PL_ERR_PARSE;
            snprintf(x->why.text, sizeof(x->why.text), "Invalid JSON at byte %zu: %s", off, text);
            x->path[0] = '\0';
        }
        x->offset = off;
    }
    yajl_free(x->h);
    x->h = NULL;
    return x->code;
}

static void ctx_init(parse_ctx_t *x, msg_arena_t *a, bool want_err)
{
    memset(x, 0, offsetof(parse_ctx_t, frames));
    x->arena = a;
    x->want_err = want_err;
    x->keys = NULL;
    x->nkeys = x->capkeys = 0;
    x->keytext = (pl_buf_t)PL_BUF_INIT(0);
    x->raw = (pl_buf_t)PL_BUF_INIT(PL_MSG_MAX_ARENA_BYTES);
    x->skip_key[0] = '\0';
}

static void ctx_fini(parse_ctx_t *x)
{
    pl_free(x->keys);
    pl_buf_free(&x->keytext);
    pl_buf_free(&x->raw);
}

static void ctx_report(parse_ctx_t *x, pl_msg_error_t *err)
{
    if (err != NULL)
        msg_set_error(err, x->code, x->offset, x->path, x->why.text);
}

int pl_msg_parse_ex(const pl_msg_desc_t *desc, const char *json, size_t len, void **out,
                    pl_msg_error_t *err)
{
    *out = NULL;
    if (json == NULL && len != 0) {
        msg_set_error(err, PL_ERR_INVALID_ARGUMENT, 0, "", "no input");
        return PL_ERR_INVALID_ARGUMENT;
    }
    if (json == NULL)
        json = "";
    /* Strings and structs rarely need more than the input's size. */
    void *msg = msg_arena_new_message(desc, len < 65536 ? len + 256 : 65536);
    if (msg == NULL) {
        msg_set_error(err, PL_ERR_NOMEM, 0, "", "out of memory");
        return PL_ERR_NOMEM;
    }
    pl_msg_type_t root_type = {.kind = PL_MSG_KIND_OBJECT, .object = desc};
    pl_msg_field_t root = {{NULL, 0}, &root_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true};
    parse_ctx_t x;
    ctx_init(&x, msg_arena_of(msg), err != NULL);
    x.root_field = &root;
    x.root_base = msg;
    int rv = run_yajl(&x, &parse_callbacks, json, len);
    ctx_report(&x, err);
    ctx_fini(&x);
    if (rv != 0) {
        pl_msg_free(msg);
        return rv;
    }
    *out = msg;
    return 0;
}

void *pl_msg_parse(const pl_msg_desc_t *desc, const char *json, size_t len, pl_msg_error_t *err)
{
    void *msg;
    pl_msg_parse_ex(desc, json, len, &msg, err);
    return msg;
}

int msg_raw_normalize(const char *raw, size_t len, int depth, char **out, size_t *out_len,
                      msg_why_t *why, char *path)
{
    static const pl_msg_type_t json_type = {.kind = PL_MSG_KIND_JSON};
    pl_msg_field_t root = {{NULL, 0}, &json_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true};
    msg_chunk_t *chunks;
    pl_msg_str_t v = {NULL, 0};
    msg_arena_t arena = {NULL, 0, MSG_ARENA_MIN_CHUNK, 0};
    parse_ctx_t x;
    ctx_init(&x, &arena, true);
    x.root_field = &root;
    x.root_base = (char *)&v;
    x.depth_base = depth;
    int rv = run_yajl(&x, &parse_callbacks, raw, len);
    if (rv == 0) {
        *out = pl_try_malloc(v.len + 1);
        if (*out == NULL) {
            rv = PL_ERR_NOMEM;
            msg_why(why, rv, "out of memory");
        } else {
            memcpy(*out, v.ptr, v.len + 1);
            *out_len = v.len;
        }
    } else {
        if (why != NULL)
            memcpy(why->text, x.why.text, sizeof(why->text));
        memcpy(path, x.path, PL_MSG_ERR_PATH_MAX);
    }
    ctx_fini(&x);
    chunks = arena.head;
    while (chunks != NULL) {
        msg_chunk_t *next = chunks->next;
        pl_free(chunks);
        chunks = next;
    }
    return rv;
}

/* ------------------------------------------------------------- families */

typedef struct peek_ctx {
    const pl_msg_family_t *fam;
    int depth;
    bool want_value;  /* the last top-level key was the discriminator */
    bool found;
    int got;          /* EV_* of a discriminator that is not a string, or -1 */
    int code;         /* a structural error found by the prescan */
    const pl_msg_family_member_t *member;
    char value[SKIP_KEY_MAX + 4]; /* the unknown value, for the message */
    bool bad_utf8;    /* the unknown value is not even valid UTF-8 */
    bool top_not_object;
    int top_ev;
} peek_ctx_t;

static int peek_value(peek_ctx_t *p, int ev)
{
    if (p->depth == 0) {
        p->top_not_object = true;
        p->top_ev = ev;
        return 0;
    }
    if (p->depth == 1 && p->want_value) {
        p->found = true;
        p->got = ev;
        return 0;
    }
    return 1;
}

static int peek_null(void *ctx) { return peek_value(ctx, EV_NULL); }
static int peek_bool(void *ctx, int v)
{
    (void)v;
    return peek_value(ctx, EV_BOOL);
}
static int peek_number(void *ctx, const char *s, size_t len)
{
    (void)s;
    (void)len;
    return peek_value(ctx, EV_NUMBER);
}

static int peek_string(void *ctx, const unsigned char *s, size_t len)
{
    peek_ctx_t *p = ctx;
    if (p->depth == 1 && p->want_value) {
        p->found = true;
        p->got = -1;
        p->member = pl_msg_family_lookup(p->fam, (const char *)s, len);
        if (p->member == NULL) {
            p->bad_utf8 = pl_msg_utf8_count((const char *)s, len) == (size_t)-1;
            msg_display(p->value, sizeof(p->value), (const char *)s, len);
        }
        return 0;
    }
    return peek_value(ctx, EV_STRING);
}

static int peek_open(peek_ctx_t *p, int ev)
{
    if (p->depth == 0 && ev != EV_MAP)
        return peek_value(p, ev);
    if (p->depth == 1 && p->want_value) {
        p->found = true;
        p->got = ev;
        return 0;
    }
    if (++p->depth > PL_MSG_MAX_DEPTH) {
        p->code = PL_ERR_TOO_LARGE;
        return 0;
    }
    return 1;
}

static int peek_start_map(void *ctx) { return peek_open(ctx, EV_MAP); }
static int peek_start_array(void *ctx) { return peek_open(ctx, EV_ARRAY); }

static int peek_close(void *ctx)
{
    peek_ctx_t *p = ctx;
    p->depth--;
    return 1;
}

static int peek_key(void *ctx, const unsigned char *key, size_t len)
{
    peek_ctx_t *p = ctx;
    if (p->depth == 1)
        p->want_value = len == p->fam->key.len && memcmp(key, p->fam->key.ptr, len) == 0;
    return 1;
}

static const yajl_callbacks peek_callbacks = {
    peek_null, peek_bool, NULL, NULL, peek_number, peek_string,
    peek_start_map, peek_key, peek_close, peek_start_array, peek_close,
};

static void peek_fail(pl_msg_error_t *err, int code, size_t off, const pl_msg_family_t *fam,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void peek_fail(pl_msg_error_t *err, int code, size_t off, const pl_msg_family_t *fam,
                      const char *fmt, ...)
{
    if (err == NULL)
        return;
    char why[PL_MSG_ERR_TEXT_MAX], path[PL_MSG_ERR_PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    path[0] = '\0';
    if (fam != NULL)
        msg_display(path, sizeof(path), fam->key.ptr, fam->key.len);
    msg_set_error(err, code, off, path, why);
}

/* Reports the error a full parse would give for a document the prescan
 * found malformed: the parser's rules with a free-form root. */
static int json_error(const char *json, size_t len, size_t off, pl_msg_error_t *err)
{
    static const pl_msg_type_t json_type = {.kind = PL_MSG_KIND_JSON};
    pl_msg_field_t root = {{NULL, 0}, &json_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true};
    pl_msg_str_t v = {NULL, 0};
    msg_arena_t arena = {NULL, 0, MSG_ARENA_MIN_CHUNK, 0};
    parse_ctx_t x;
    ctx_init(&x, &arena, err != NULL);
    x.root_field = &root;
    x.root_base = (char *)&v;
    int rv = run_yajl(&x, &parse_callbacks, json, len);
    if (rv == 0) {
        rv = PL_ERR_INTERNAL;
        msg_set_error(err, rv, off, "", "prescan and parse disagree");
    } else {
        ctx_report(&x, err);
    }
    ctx_fini(&x);
    msg_chunk_t *c = arena.head;
    while (c != NULL) {
        msg_chunk_t *next = c->next;
        pl_free(c);
        c = next;
    }
    return rv;
}

int pl_msg_family_peek(const pl_msg_family_t *fam, const char *json, size_t len,
                       const pl_msg_family_member_t **member, pl_msg_error_t *err)
{
    *member = NULL;
    if (json == NULL && len != 0) {
        msg_set_error(err, PL_ERR_INVALID_ARGUMENT, 0, "", "no input");
        return PL_ERR_INVALID_ARGUMENT;
    }
    if (json == NULL)
        json = "";
    if (all_space(json, len)) {
        msg_set_error(err, PL_ERR_PARSE, 0, "", "Invalid JSON: empty input");
        return PL_ERR_PARSE;
    }
    peek_ctx_t p;
    memset(&p, 0, sizeof(p));
    p.fam = fam;
    yajl_handle h = yajl_alloc(&peek_callbacks, &msg_yajl_alloc, &p);
    yajl_status st = yajl_parse(h, (const unsigned char *)json, len);
    bool in_complete = false;
    if (st == yajl_status_ok) {
        in_complete = true;
        st = yajl_complete_parse(h);
    }
    size_t off = in_complete ? len : yajl_get_bytes_consumed(h);
    yajl_free(h);
    if (p.top_not_object) {
        peek_fail(err, PL_ERR_SCHEMA, off, NULL, "expected object, got %s", json_type_name(p.top_ev));
        return PL_ERR_SCHEMA;
    }
    if (p.code != 0) {
        peek_fail(err, p.code, off, NULL, "nesting deeper than %d levels", PL_MSG_MAX_DEPTH);
        return p.code;
    }
    if (!p.found && st != yajl_status_ok)
        return json_error(json, len, off, err);
    if (!p.found) {
        peek_fail(err, PL_ERR_SCHEMA, off, fam, "required");
        return PL_ERR_SCHEMA;
    }
    if (p.got >= 0) {
        peek_fail(err, PL_ERR_SCHEMA, off, fam, "expected string, got %s", json_type_name(p.got));
        return PL_ERR_SCHEMA;
    }
    if (p.member == NULL) {
        if (p.bad_utf8) {
            peek_fail(err, PL_ERR_UTF8, off, fam, "invalid UTF-8");
            return PL_ERR_UTF8;
        }
        peek_fail(err, PL_ERR_SCHEMA, off, fam, "unknown message type \"%s\"", p.value);
        return PL_ERR_SCHEMA;
    }
    *member = p.member;
    return 0;
}

int pl_msg_family_parse(const pl_msg_family_t *fam, const char *json, size_t len, int *kind,
                        void **msg, pl_msg_error_t *err)
{
    const pl_msg_family_member_t *m;
    *kind = 0;
    *msg = NULL;
    int rv = pl_msg_family_peek(fam, json, len, &m, err);
    if (rv != 0)
        return rv;
    rv = pl_msg_parse_ex(m->desc, json, len, msg, err);
    if (rv == 0)
        *kind = m->kind;
    return rv;
}

const pl_msg_family_member_t *pl_msg_family_lookup(const pl_msg_family_t *fam, const char *s,
                                                   size_t len)
{
    for (size_t i = 0; i < fam->n_members; i++) {
        const pl_msg_family_member_t *m = &fam->members[i];
        if (m->value.len == len && memcmp(m->value.ptr, s, len) == 0)
            return m;
    }
    return NULL;
}

const pl_msg_family_member_t *pl_msg_family_member(const pl_msg_family_t *fam, int kind)
{
    for (size_t i = 0; i < fam->n_members; i++)
        if (fam->members[i].kind == kind)
            return &fam->members[i];
    return NULL;
}

int pl_msg_enum_lookup(const pl_msg_str_t *names, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (names[i].len == len && memcmp(names[i].ptr, s, len) == 0)
            return (int)i;
    return -1;
}
