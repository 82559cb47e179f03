/*
 * store_read.c - the read API: argument checks, then the backend's read
 * connection, synchronously on the loop thread. Reads see committed data
 * only; a write still in the worker's open transaction is invisible.
 */
#include "store_int.h"

#include "parley/error.h"

#include <string.h>

int pl_store_conv_get(pl_store_t *st, const char *id, pl_store_conv_t *out)
{
    if (st == NULL || out == NULL || !store_id_ok(id))
        return PL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof(*out));
    return st->ops->conv_get(st->be, id, out);
}

int pl_store_conv_list(pl_store_t *st, const char *user_id, const char *dialect, int limit,
                       int offset, pl_store_conv_fn fn, void *ud)
{
    if (st == NULL || !store_field_ok(user_id, 1) ||
        (dialect != NULL && !store_field_ok(dialect, 1)))
        return PL_ERR_INVALID_ARGUMENT;
    return st->ops->conv_list(st->be, user_id, dialect, limit, offset > 0 ? offset : 0, fn, ud);
}

int pl_store_conv_count(pl_store_t *st, const char *user_id)
{
    if (st == NULL || !store_field_ok(user_id, 1))
        return PL_ERR_INVALID_ARGUMENT;
    return st->ops->conv_count(st->be, user_id);
}

int pl_store_msg_list(pl_store_t *st, const char *conversation_id, int64_t after_seq, int limit,
                      int offset, pl_store_msg_fn fn, void *ud)
{
    if (st == NULL || !store_id_ok(conversation_id))
        return PL_ERR_INVALID_ARGUMENT;
    return st->ops->msg_list(st->be, conversation_id, after_seq, limit, offset > 0 ? offset : 0,
                             fn, ud);
}

int pl_store_msg_count(pl_store_t *st, const char *conversation_id)
{
    if (st == NULL || !store_id_ok(conversation_id))
        return PL_ERR_INVALID_ARGUMENT;
    return st->ops->msg_count(st->be, conversation_id);
}

int pl_store_msg_find_token(pl_store_t *st, const char *conversation_id, const char *token,
                            pl_store_msg_t *out)
{
    if (st == NULL || out == NULL || !store_id_ok(conversation_id) ||
        !store_field_ok(token, 1))
        return PL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof(*out));
    return st->ops->msg_find_token(st->be, conversation_id, token, out);
}

int pl_store_transition_list(pl_store_t *st, const char *conversation_id,
                             pl_store_transition_fn fn, void *ud)
{
    if (st == NULL || !store_id_ok(conversation_id))
        return PL_ERR_INVALID_ARGUMENT;
    return st->ops->transition_list(st->be, conversation_id, fn, ud);
}
