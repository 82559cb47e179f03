/*
 * msg_arena.c - the per-message arena and the message lifetime functions.
 *
 * A message is one arena: a list of chunks from pl_try_malloc(). The first
 * chunk starts with a header (the arena itself) followed by the message
 * struct, so pl_msg_free(msg) finds the arena just before the struct and
 * frees every chunk. Allocation bumps a pointer in the newest chunk; a
 * request that does not fit opens a new chunk twice the size of the last
 * (up to MSG_ARENA_MAX_CHUNK, or the request itself when bigger). The
 * total is capped at PL_MSG_MAX_ARENA_BYTES.
 */
#include <stdlib.h>
#include <string.h>

#include "msg_int.h"
#include "parley/error.h"

#define ALIGN_UP(n, a) (((n) + ((a)-1)) & ~((a)-1))
#define CHUNK_HDR ALIGN_UP(sizeof(msg_chunk_t), MSG_ALIGN)
#define MSG_HDR ALIGN_UP(sizeof(msg_hdr_t), MSG_ALIGN)

typedef struct msg_hdr {
    msg_arena_t arena;
    const pl_msg_desc_t *desc;
} msg_hdr_t;

static char *chunk_data(msg_chunk_t *c) { return (char *)c + CHUNK_HDR; }

static msg_chunk_t *chunk_new(msg_arena_t *a, size_t size)
{
    if (size > PL_MSG_MAX_ARENA_BYTES || a->total + size + CHUNK_HDR > PL_MSG_MAX_ARENA_BYTES) {
        a->err = PL_ERR_TOO_LARGE;
        return NULL;
    }
    msg_chunk_t *c = pl_try_malloc(CHUNK_HDR + size);
    if (c == NULL) {
        a->err = PL_ERR_NOMEM;
        return NULL;
    }
    c->size = size;
    c->used = 0;
    c->next = a->head;
    a->head = c;
    a->total += CHUNK_HDR + size;
    return c;
}

void *msg_arena_alloc(msg_arena_t *a, size_t size, size_t align)
{
    msg_chunk_t *c = a->head;
    if (c != NULL) {
        size_t off = ALIGN_UP(c->used, align);
        if (off <= c->size && size <= c->size - off) {
            c->used = off + size;
            return chunk_data(c) + off;
        }
    }
    if (size > PL_MSG_MAX_ARENA_BYTES) {
        a->err = PL_ERR_TOO_LARGE;
        return NULL;
    }
    size_t want = size > a->next_size ? size : a->next_size;
    if (a->next_size < MSG_ARENA_MAX_CHUNK)
        a->next_size *= 2;
    c = chunk_new(a, want);
    if (c == NULL)
        return NULL;
    c->used = size;
    return chunk_data(c);
}

void *msg_arena_grow(msg_arena_t *a, void *old, size_t old_size, size_t new_size, size_t align)
{
    msg_chunk_t *c = a->head;
    if (old != NULL && c != NULL && (char *)old + old_size == chunk_data(c) + c->used &&
        new_size - old_size <= c->size - c->used) {
        c->used += new_size - old_size;
        return old;
    }
    void *p = msg_arena_alloc(a, new_size, align);
    if (p != NULL && old_size != 0)
        memcpy(p, old, old_size);
    return p;
}

char *msg_arena_strdup(msg_arena_t *a, const char *s, size_t len)
{
    if (len == SIZE_MAX) {
        a->err = PL_ERR_TOO_LARGE;
        return NULL;
    }
    char *p = msg_arena_alloc(a, len + 1, 1);
    if (p == NULL)
        return NULL;
    if (len != 0)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void *msg_arena_new_message(const pl_msg_desc_t *desc, size_t extra)
{
    size_t first = MSG_HDR + ALIGN_UP(desc->size, MSG_ALIGN);
    if (extra > PL_MSG_MAX_ARENA_BYTES / 2)
        extra = PL_MSG_MAX_ARENA_BYTES / 2;
    first += extra;
    if (first < MSG_ARENA_MIN_CHUNK)
        first = MSG_ARENA_MIN_CHUNK;
    msg_chunk_t *c = pl_try_malloc(CHUNK_HDR + first);
    if (c == NULL)
        return NULL;
    c->next = NULL;
    c->size = first;
    c->used = MSG_HDR + desc->size;
    msg_hdr_t *h = (msg_hdr_t *)chunk_data(c);
    h->arena.head = c;
    h->arena.total = CHUNK_HDR + first;
    h->arena.next_size = first < MSG_ARENA_MAX_CHUNK ? first * 2 : MSG_ARENA_MAX_CHUNK;
    h->arena.err = 0;
    h->desc = desc;
    void *msg = (char *)h + MSG_HDR;
    memset(msg, 0, desc->size);
    return msg;
}

msg_arena_t *msg_arena_of(void *msg) { return &((msg_hdr_t *)((char *)msg - MSG_HDR))->arena; }

void pl_msg_free(void *msg)
{
    if (msg == NULL)
        return;
    msg_chunk_t *c = msg_arena_of(msg)->head;
    /* The header lives in the last (oldest) chunk: nothing reads it after. */
    while (c != NULL) {
        msg_chunk_t *next = c->next;
        pl_free(c);
        c = next;
    }
}

void pl_msg_init(const pl_msg_desc_t *desc, void *msg) { memset(msg, 0, desc->size); }

void *pl_msg_new(const pl_msg_desc_t *desc) { return msg_arena_new_message(desc, 0); }

void *pl_msg_alloc(void *msg, size_t size)
{
    void *p = msg_arena_alloc(msg_arena_of(msg), size, MSG_ALIGN);
    if (p != NULL)
        memset(p, 0, size);
    return p;
}

int pl_msg_set_str(void *msg, pl_msg_str_t *dst, const char *s, size_t len)
{
    msg_arena_t *a = msg_arena_of(msg);
    char *p = msg_arena_strdup(a, s, len);
    if (p == NULL)
        return a->err;
    dst->ptr = p;
    dst->len = len;
    return 0;
}
