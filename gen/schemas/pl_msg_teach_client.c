/* PARLEY-GEN schema teach_client.json -- DO NOT EDIT. Source: schemas/teach_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_teach_client.c - descriptor tables and typed wrappers for schemas/teach_client.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_teach_client.h"

/* teach_client.message */
static const pl_msg_str_t pl_msg_teach_client_message__type_const[1] = {PL_MSG_STR_INIT("message")};
static const pl_msg_type_t pl_msg_teach_client_message__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_teach_client_message__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_teach_client_message__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_field_t pl_msg_teach_client_message__fields[2] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_teach_client_message__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("content"), &pl_msg_teach_client_message__content_type, offsetof(pl_msg_teach_client_message_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_teach_client_message__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_teach_client_message_desc = {
    .name = "teach_client.message",
    .size = sizeof(pl_msg_teach_client_message_t),
    .fields = pl_msg_teach_client_message__fields,
    .n_fields = 2,
    .by_key = pl_msg_teach_client_message__by_key,
    .closed = false,
};

void pl_msg_teach_client_message_init(pl_msg_teach_client_message_t *msg) { pl_msg_init(&pl_msg_teach_client_message_desc, msg); }

pl_msg_teach_client_message_t *pl_msg_teach_client_message_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_teach_client_message_desc, json, len, err);
}

void pl_msg_teach_client_message_free(pl_msg_teach_client_message_t *msg) { pl_msg_free(msg); }

int pl_msg_teach_client_message_serialize(const pl_msg_teach_client_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_teach_client_message_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_teach_client__members[1] = {
    {PL_MSG_STR_INIT("message"), &pl_msg_teach_client_message_desc, PL_MSG_TEACH_CLIENT_KIND_MESSAGE},
};

const pl_msg_family_t pl_msg_teach_client_family = {"teach_client", PL_MSG_STR_INIT("type"), pl_msg_teach_client__members, 1};

int pl_msg_teach_client_parse(const char *json, size_t len, pl_msg_teach_client_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_teach_client_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_teach_client_kind_t)kind;
    return rv;
}

void pl_msg_teach_client_free(pl_msg_teach_client_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_TEACH_CLIENT_KIND_UNKNOWN;
}

int pl_msg_teach_client_serialize(const pl_msg_teach_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_teach_client_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_teach_client_kind_name(pl_msg_teach_client_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_teach_client_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_teach_client_kind_t pl_msg_teach_client_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_teach_client_family, s, len);
    return m != NULL ? (pl_msg_teach_client_kind_t)m->kind : PL_MSG_TEACH_CLIENT_KIND_UNKNOWN;
}
