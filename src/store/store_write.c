/*
 * store_write.c - the write API: checks the arguments on the loop thread,
 * copies every string of a write (or of a whole group of writes) into one
 * record, a single allocation, and queues it for the worker. Nothing here
 * touches the database.
 */
#include "store_int.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <stddef.h>
#include <string.h>

_Static_assert(offsetof(store_write_t, data) % _Alignof(store_op_t) == 0,
               "a group's ops start at data[]");

/* Content or meta text; NULL passes (callers substitute a default). */
static int text_ok(const char *s)
{
    return s == NULL || strnlen(s, (size_t)PL_STORE_TEXT_MAX + 1) <= PL_STORE_TEXT_MAX;
}

/* Bytes the strings of o take once copied (with their NULs). */
static size_t op_bytes(const store_op_t *o, size_t len[STORE_WRITE_MAX_TEXT])
{
    size_t total = 0;
    for (unsigned i = 0; i < o->ntext; i++) {
        len[i] = o->text[i] != NULL ? strlen(o->text[i]) + 1 : 0;
        total += len[i];
    }
    return total;
}

/* Copies src into dst with its strings at p; returns the end of what was written. */
static char *op_copy(store_op_t *dst, const store_op_t *src, const size_t len[STORE_WRITE_MAX_TEXT],
                     char *p)
{
    *dst = *src;
    for (unsigned i = 0; i < src->ntext; i++) {
        if (src->text[i] == NULL)
            continue;
        memcpy(p, src->text[i], len[i]);
        dst->text[i] = p;
        p += len[i];
    }
    return p;
}

/* Packs one write into a new record and queues it. */
static int queue_one(pl_store_t *st, const store_op_t *o, pl_store_done_fn done, void *ud,
                     int lazy)
{
    size_t len[STORE_WRITE_MAX_TEXT];
    size_t total = op_bytes(o, len);
    store_write_t *w = pl_malloc(sizeof(*w) + total);
    memset(w, 0, sizeof(*w));
    w->done = done;
    w->ud = ud;
    w->nops = 1;
    w->ops = &w->op;
    w->lazy = lazy;
    op_copy(&w->op, o, len, w->data);
    return store_enqueue(st, w);
}

static void op_set(store_op_t *o, store_write_kind_t kind, unsigned ntext, unsigned nint)
{
    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->ntext = ntext;
    o->nint = nint;
}

/* The checked parameters of each write (pointers to the caller's strings). */

static int op_msg_put(store_op_t *o, const pl_store_msg_t *m)
{
    if (m == NULL || !store_id_ok(m->conversation_id) || !store_id_ok(m->id) ||
        !store_field_ok(m->role, 1) || !store_field_ok(m->user_id, 0) ||
        !store_field_ok(m->token, 0) || !text_ok(m->content) || !store_field_ok(m->status, 1) ||
        !text_ok(m->meta))
        return PL_ERR_INVALID_ARGUMENT;
    op_set(o, STORE_W_MSG_PUT, 8, 2);
    o->text[0] = m->conversation_id;
    o->text[1] = m->id;
    o->text[2] = m->role;
    o->text[3] = m->user_id;
    o->text[4] = m->token;
    o->text[5] = m->content != NULL ? m->content : "";
    o->text[6] = m->status;
    o->text[7] = m->meta != NULL ? m->meta : "{}";
    o->num[0] = m->seq;
    o->num[1] = m->created_ms;
    return 0;
}

static int op_msg_seq(store_op_t *o, const char *conversation_id, const char *id, int64_t seq)
{
    if (!store_id_ok(conversation_id) || !store_id_ok(id))
        return PL_ERR_INVALID_ARGUMENT;
    op_set(o, STORE_W_MSG_SEQ, 2, 1);
    o->text[0] = conversation_id;
    o->text[1] = id;
    o->num[0] = seq;
    return 0;
}

static int op_conv_update(store_op_t *o, const char *id, const pl_store_conv_update_t *u)
{
    if (u == NULL || !store_id_ok(id) || !store_field_ok(u->title, 0) ||
        !store_field_ok(u->status, 0) || !store_field_ok(u->state, 0) || !text_ok(u->meta))
        return PL_ERR_INVALID_ARGUMENT;
    op_set(o, STORE_W_CONV_UPDATE, 5, 2);
    o->text[0] = id;
    o->text[1] = u->title;
    o->text[2] = u->status;
    o->text[3] = u->state;
    o->text[4] = u->meta;
    o->num[0] = u->updated_ms;
    o->num[1] = u->last_seq > 0 ? u->last_seq : 0;
    return 0;
}

static int op_transition(store_op_t *o, const char *conversation_id, const char *from,
                         const char *event, const char *to, int64_t at_ms)
{
    if (!store_id_ok(conversation_id) || !store_field_ok(from, 1) || !store_field_ok(event, 1) ||
        !store_field_ok(to, 1))
        return PL_ERR_INVALID_ARGUMENT;
    op_set(o, STORE_W_TRANSITION_ADD, 4, 1);
    o->text[0] = conversation_id;
    o->text[1] = from;
    o->text[2] = event;
    o->text[3] = to;
    o->num[0] = at_ms;
    return 0;
}

int pl_store_conv_insert(pl_store_t *st, const pl_store_conv_t *c, pl_store_done_fn done, void *ud)
{
    if (st == NULL || c == NULL || !store_id_ok(c->id) || !store_field_ok(c->user_id, 1) ||
        !store_field_ok(c->title, 0) || !store_field_ok(c->status, 1) ||
        !store_field_ok(c->dialect, 1) || !store_field_ok(c->state, 1) || !text_ok(c->meta) ||
        c->last_seq < 0)
        return PL_ERR_INVALID_ARGUMENT;
    store_op_t o;
    op_set(&o, STORE_W_CONV_INSERT, 7, 3);
    o.text[0] = c->id;
    o.text[1] = c->user_id;
    o.text[2] = c->title != NULL ? c->title : "";
    o.text[3] = c->status;
    o.text[4] = c->dialect;
    o.text[5] = c->state;
    o.text[6] = c->meta != NULL ? c->meta : "{}";
    o.num[0] = c->created_ms;
    o.num[1] = c->updated_ms;
    o.num[2] = c->last_seq;
    return queue_one(st, &o, done, ud, 0);
}

int pl_store_conv_update(pl_store_t *st, const char *id, const pl_store_conv_update_t *u,
                         pl_store_done_fn done, void *ud)
{
    store_op_t o;
    if (st == NULL || op_conv_update(&o, id, u) != 0)
        return PL_ERR_INVALID_ARGUMENT;
    return queue_one(st, &o, done, ud, 0);
}

int pl_store_conv_delete(pl_store_t *st, const char *id, pl_store_done_fn done, void *ud)
{
    if (st == NULL || !store_id_ok(id))
        return PL_ERR_INVALID_ARGUMENT;
    store_op_t o;
    op_set(&o, STORE_W_CONV_DELETE, 1, 0);
    o.text[0] = id;
    return queue_one(st, &o, done, ud, 0);
}

int pl_store_msg_put(pl_store_t *st, const pl_store_msg_t *m, pl_store_done_fn done, void *ud)
{
    store_op_t o;
    if (st == NULL || op_msg_put(&o, m) != 0)
        return PL_ERR_INVALID_ARGUMENT;
    return queue_one(st, &o, done, ud, 0);
}

int pl_store_msg_set_seq(pl_store_t *st, const char *conversation_id, const char *id, int64_t seq,
                         pl_store_done_fn done, void *ud)
{
    store_op_t o;
    if (st == NULL || op_msg_seq(&o, conversation_id, id, seq) != 0)
        return PL_ERR_INVALID_ARGUMENT;
    return queue_one(st, &o, done, ud, 0);
}

int pl_store_transition_add(pl_store_t *st, const char *conversation_id, const char *from,
                            const char *event, const char *to, int64_t at_ms,
                            pl_store_done_fn done, void *ud)
{
    store_op_t o;
    if (st == NULL || op_transition(&o, conversation_id, from, event, to, at_ms) != 0)
        return PL_ERR_INVALID_ARGUMENT;
    return queue_one(st, &o, done, ud, 0);
}

int pl_store_barrier(pl_store_t *st, pl_store_done_fn done, void *ud)
{
    if (st == NULL || done == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    store_op_t o;
    op_set(&o, STORE_W_BARRIER, 0, 0);
    return queue_one(st, &o, done, ud, 0);
}

/* Checks one op of a group and fills o with the caller's pointers. */
static int op_from_public(store_op_t *o, const pl_store_op_t *p)
{
    switch (p->kind) {
    case PL_STORE_OP_MSG_PUT:
        return op_msg_put(o, p->msg);
    case PL_STORE_OP_MSG_SEQ:
        if (p->msg == NULL)
            return PL_ERR_INVALID_ARGUMENT;
        return op_msg_seq(o, p->msg->conversation_id, p->msg->id, p->msg->seq);
    case PL_STORE_OP_CONV_UPDATE:
        return op_conv_update(o, p->conversation_id, p->update);
    case PL_STORE_OP_TRANSITION:
        return op_transition(o, p->conversation_id, p->from, p->event, p->to, p->at_ms);
    }
    return PL_ERR_INVALID_ARGUMENT;
}

static int write_group(pl_store_t *st, const pl_store_op_t *ops, size_t n, pl_store_done_fn done,
                       void *ud, int lazy)
{
    if (st == NULL || ops == NULL || n == 0 || n > PL_STORE_GROUP_MAX)
        return PL_ERR_INVALID_ARGUMENT;
    store_op_t tmp[PL_STORE_GROUP_MAX];
    size_t len[PL_STORE_GROUP_MAX][STORE_WRITE_MAX_TEXT];
    size_t total = n * sizeof(store_op_t);
    for (size_t i = 0; i < n; i++) {
        if (op_from_public(&tmp[i], &ops[i]) != 0)
            return PL_ERR_INVALID_ARGUMENT;
        total += op_bytes(&tmp[i], len[i]);
    }
    if (n == 1)
        return queue_one(st, &tmp[0], done, ud, lazy);
    store_write_t *w = pl_malloc(sizeof(*w) + total);
    memset(w, 0, sizeof(*w));
    w->done = done;
    w->ud = ud;
    w->nops = (unsigned)n;
    w->lazy = lazy;
    w->ops = (store_op_t *)(void *)w->data;
    char *p = w->data + n * sizeof(store_op_t);
    for (size_t i = 0; i < n; i++)
        p = op_copy(&w->ops[i], &tmp[i], len[i], p);
    return store_enqueue(st, w);
}

int pl_store_write_group(pl_store_t *st, const pl_store_op_t *ops, size_t n, pl_store_done_fn done,
                         void *ud)
{
    return write_group(st, ops, n, done, ud, 0);
}

int pl_store_write_group_lazy(pl_store_t *st, const pl_store_op_t *ops, size_t n,
                              pl_store_done_fn done, void *ud)
{
    return write_group(st, ops, n, done, ud, 1);
}
