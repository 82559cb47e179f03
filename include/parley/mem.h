/*
 * parley/mem.h - allocation policy and the growable byte buffer.
 *
 * Out of memory aborts: pl_malloc() and friends never return NULL. Code that
 * must survive allocation failure (parsers fed by the network) uses the
 * pl_try_* variants, which return NULL and must be checked. All allocations
 * go through one hook table so tests can fail the Nth allocation.
 */
#ifndef PARLEY_MEM_H
#define PARLEY_MEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_mem_hooks {
    void *(*malloc_fn)(size_t size, void *ud);
    void *(*realloc_fn)(void *ptr, size_t size, void *ud);
    void (*free_fn)(void *ptr, void *ud);
    void *ud;
} pl_mem_hooks_t;

/** Replaces the allocator (NULL restores libc). Not thread-safe: call at start-up. */
void pl_mem_set_hooks(const pl_mem_hooks_t *hooks);

/** Allocation that may fail: returns NULL when out of memory. */
__attribute__((warn_unused_result)) void *pl_try_malloc(size_t size);
__attribute__((warn_unused_result)) void *pl_try_realloc(void *ptr, size_t size);
__attribute__((warn_unused_result)) void *pl_try_calloc(size_t n, size_t size);

/** Allocation that aborts the process when out of memory. Never returns NULL. */
void *pl_malloc(size_t size);
void *pl_calloc(size_t n, size_t size);
void *pl_realloc(void *ptr, size_t size);
char *pl_strdup(const char *s);
char *pl_strndup(const char *s, size_t n);
/** Frees memory from any of the above; NULL is fine. */
void pl_free(void *ptr);

/*
 * pl_buf_t - a growable byte buffer with a hard cap.
 * The buffer owns data; it is always NUL-terminated past len when data != NULL.
 */
typedef struct pl_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* appends that would pass max fail with PL_ERR_TOO_LARGE; 0 = no cap */
} pl_buf_t;

#define PL_BUF_INIT(maxbytes) {NULL, 0, 0, (maxbytes)}

/** Appends n bytes. Returns 0, PL_ERR_TOO_LARGE (cap passed; buffer unchanged) or PL_ERR_NOMEM. */
int pl_buf_append(pl_buf_t *b, const void *p, size_t n);
/** Appends a NUL-terminated string; same returns as pl_buf_append. */
int pl_buf_append_str(pl_buf_t *b, const char *s);
/** Appends printf-formatted text; same returns as pl_buf_append. */
int pl_buf_appendf(pl_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Drops the first n bytes (n <= len). */
void pl_buf_consume(pl_buf_t *b, size_t n);
/** Empties the buffer, keeping its memory. */
void pl_buf_reset(pl_buf_t *b);
/** Frees the memory; the buffer is empty and reusable afterwards. */
void pl_buf_free(pl_buf_t *b);

#ifdef __cplusplus
}
#endif
#endif
