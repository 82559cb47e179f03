/*
 * mem.c - the allocator hook table, abort-on-OOM helpers and pl_buf_t.
 */
#include "parley/mem.h"
#include "parley/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t size, void *ud) { (void)ud; return malloc(size); }
static void *libc_realloc(void *p, size_t size, void *ud) { (void)ud; return realloc(p, size); }
static void libc_free(void *p, void *ud) { (void)ud; free(p); }

static pl_mem_hooks_t hooks = {libc_malloc, libc_realloc, libc_free, NULL};

void pl_mem_set_hooks(const pl_mem_hooks_t *h)
{
    if (h == NULL) {
        hooks = (pl_mem_hooks_t){libc_malloc, libc_realloc, libc_free, NULL};
        return;
    }
    hooks = *h;
}

void *pl_try_malloc(size_t size) { return hooks.malloc_fn(size ? size : 1, hooks.ud); }
void *pl_try_realloc(void *p, size_t size) { return hooks.realloc_fn(p, size ? size : 1, hooks.ud); }

void *pl_try_calloc(size_t n, size_t size)
{
    if (size != 0 && n > ((size_t)-1) / size)
        return NULL;
    void *p = pl_try_malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

static void oom(size_t size)
{
    fprintf(stderr, "parley: out of memory allocating %zu bytes\n", size);
    abort();
}

void *pl_malloc(size_t size)
{
    void *p = pl_try_malloc(size);
    if (p == NULL)
        oom(size);
    return p;
}

void *pl_calloc(size_t n, size_t size)
{
    void *p = pl_try_calloc(n, size);
    if (p == NULL)
        oom(n * size);
    return p;
}

void *pl_realloc(void *ptr, size_t size)
{
    void *p = pl_try_realloc(ptr, size);
    if (p == NULL)
        oom(size);
    return p;
}

char *pl_strndup(const char *s, size_t n)
{
    char *p = pl_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pl_strdup(const char *s) { return pl_strndup(s, strlen(s)); }

void pl_free(void *ptr)
{
    if (ptr != NULL)
        hooks.free_fn(ptr, hooks.ud);
}

static int buf_reserve(pl_buf_t *b, size_t extra)
{
    if (b->max != 0 && (extra > b->max || b->len > b->max - extra))
        return PL_ERR_TOO_LARGE;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = pl_try_realloc(b->data, cap);
    if (p == NULL)
        return PL_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

int pl_buf_append(pl_buf_t *b, const void *p, size_t n)
{
    int rv = buf_reserve(b, n);
    if (rv != 0)
        return rv;
    if (n != 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int pl_buf_append_str(pl_buf_t *b, const char *s) { return pl_buf_append(b, s, strlen(s)); }

int pl_buf_appendf(pl_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return PL_ERR_INVALID_ARGUMENT;
    if ((size_t)n < sizeof(tmp))
        return pl_buf_append(b, tmp, (size_t)n);
    int rv = buf_reserve(b, (size_t)n);
    if (rv != 0)
        return rv;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void pl_buf_consume(pl_buf_t *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
    } else {
        memmove(b->data, b->data + n, b->len - n);
        b->len -= n;
    }
    if (b->data != NULL)
        b->data[b->len] = '\0';
}

void pl_buf_reset(pl_buf_t *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

void pl_buf_free(pl_buf_t *b)
{
    pl_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
