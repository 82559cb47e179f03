/*
 * store_write.c - the write API: checks the arguments on the loop thread,
 * copies every string into one record (a single allocation) and queues it
 * for the worker. Nothing here touches the database.
 */
#include "store_int.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <string.h>

/* Content or meta text; NULL passes (callers substitute a default). */
static int text_ok(const char *s)
{
    return s == NULL || strnlen(s, (size_t)PL_STORE_TEXT_MAX + 1) <= PL_STORE_TEXT_MAX;
}

/* Copies the parameters into one new record (the caller queues or frees it). */
static store_write_t *pack(store_write_kind_t kind, const char *const *text, unsigned ntext,
                           const int64_t *num, unsigned nint, pl_store_done_fn done, void *ud)
{
    size_t len[STORE_WRITE_MAX_TEXT], total = 0;
    for (unsigned i = 0; i < ntext; i++) {
        len[i] = text[i] != NULL ? strlen(text[i]) + 1 : 0;
        total += len[i];
    }
    store_write_t *w = pl_malloc(sizeof(*w) + total);
    memset(w, 0, sizeof(*w));
    w->kind = kind;
    w->done = done;
    w->ud = ud;
    w->ntext = ntext;
    w->nint = nint;
    char *p = w->data;
    for (unsigned i = 0; i < ntext; i++) {
        if (text[i] == NULL)
            continue;
        memcpy(p, text[i], len[i]);
        w->text[i] = p;
        p += len[i];
    }
    for (unsigned i = 0; i < nint; i++)
        w->num[i] = num[i];
    return w;
}

int pl_store_conv_insert(pl_store_t *st, const pl_store_conv_t *c, pl_store_done_fn done, void *ud)
{
    if (st == NULL || c == NULL || !store_id_ok(c->id) || !store_field_ok(c->user_id, 1) ||
        !store_field_ok(c->title, 0) || !store_field_ok(c->status, 1) ||
        !store_field_ok(c->dialect, 1) || !store_field_ok(c->state, 1) || !text_ok(c->meta) ||
        c->last_seq < 0)
        return PL_ERR_INVALID_ARGUMENT;
    const char *text[] = {c->id,
                          c->user_id,
                          c->title != NULL ? c->title : "",
                          c->status,
                          c->dialect,
                          c->state,
                          c->meta != NULL ? c->meta : "{}"};
    const int64_t num[] = {c->created_ms, c->updated_ms, c->last_seq};
    return store_enqueue(st, pack(STORE_W_CONV_INSERT, text, 7, num, 3, done, ud));
}

int pl_store_conv_update(pl_store_t *st, const char *id, const pl_store_conv_update_t *u,
                         pl_store_done_fn done, void *ud)
{
    if (st == NULL || u == NULL || !store_id_ok(id) || !store_field_ok(u->title, 0) ||
        !store_field_ok(u->status, 0) || !store_field_ok(u->state, 0) || !text_ok(u->meta))
        return PL_ERR_INVALID_ARGUMENT;
    const char *text[] = {id, u->title, u->status, u->state, u->meta};
    const int64_t num[] = {u->updated_ms, u->last_seq > 0 ? u->last_seq : 0};
    return store_enqueue(st, pack(STORE_W_CONV_UPDATE, text, 5, num, 2, done, ud));
}

int pl_store_conv_delete(pl_store_t *st, const char *id, pl_store_done_fn done, void *ud)
{
    if (st == NULL || !store_id_ok(id))
        return PL_ERR_INVALID_ARGUMENT;
    const char *text[] = {id};
    return store_enqueue(st, pack(STORE_W_CONV_DELETE, text, 1, NULL, 0, done, ud));
}

int pl_store_msg_put(pl_store_t *st, const pl_store_msg_t *m, pl_store_done_fn done, void *ud)
{
    if (st == NULL || m == NULL || !store_id_ok(m->conversation_id) || !store_id_ok(m->id) ||
        !store_field_ok(m->role, 1) || !store_field_ok(m->user_id, 0) ||
        !store_field_ok(m->token, 0) || !text_ok(m->content) || !store_field_ok(m->status, 1) ||
        !text_ok(m->meta))
        return PL_ERR_INVALID_ARGUMENT;
    const char *text[] = {m->conversation_id,
                          m->id,
                          m->role,
                          m->user_id,
                          m->token,
                          m->content != NULL ? m->content : "",
                          m->status,
                          m->meta != NULL ? m->meta : "{}"};
    const int64_t num[] = {m->seq, m->created_ms};
    return store_enqueue(st, pack(STORE_W_MSG_PUT, text, 8, num, 2, done, ud));
}

int pl_store_transition_add(pl_store_t *st, const char *conversation_id, const char *from,
                            const char *event, const char *to, int64_t at_ms,
                            pl_store_done_fn done, void *ud)
{
    if (st == NULL || !store_id_ok(conversation_id) || !store_field_ok(from, 1) ||
        !store_field_ok(event, 1) || !store_field_ok(to, 1))
        return PL_ERR_INVALID_ARGUMENT;
    const char *text[] = {conversation_id, from, event, to};
    const int64_t num[] = {at_ms};
    return store_enqueue(st, pack(STORE_W_TRANSITION_ADD, text, 4, num, 1, done, ud));
}

int pl_store_barrier(pl_store_t *st, pl_store_done_fn done, void *ud)
{
    if (st == NULL || done == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    return store_enqueue(st, pack(STORE_W_BARRIER, NULL, 0, NULL, 0, done, ud));
}
