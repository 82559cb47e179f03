/* PARLEY-GEN schema tutor_client.json -- DO NOT EDIT. Source: schemas/tutor_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_tutor_client.c - descriptor tables and typed wrappers for schemas/tutor_client.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_tutor_client.h"

/* tutor_client.user_message */
static const pl_msg_str_t pl_msg_tutor_client_user_message__mt_const[1] = {PL_MSG_STR_INIT("user_message")};
static const pl_msg_type_t pl_msg_tutor_client_user_message__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_client_user_message__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_client_user_message__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_tutor_client_user_message__userId_type = {.kind = PL_MSG_KIND_ID, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_client_user_message__token_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_client_user_message__timezone_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_tutor_client_user_message__languageCode_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 35};
static const pl_msg_field_t pl_msg_tutor_client_user_message__fields[6] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_client_user_message__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_tutor_client_user_message__message_type, offsetof(pl_msg_tutor_client_user_message_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("userId"), &pl_msg_tutor_client_user_message__userId_type, offsetof(pl_msg_tutor_client_user_message_t, userId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("token"), &pl_msg_tutor_client_user_message__token_type, offsetof(pl_msg_tutor_client_user_message_t, token), offsetof(pl_msg_tutor_client_user_message_t, has_token), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timezone"), &pl_msg_tutor_client_user_message__timezone_type, offsetof(pl_msg_tutor_client_user_message_t, timezone), offsetof(pl_msg_tutor_client_user_message_t, has_timezone), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("languageCode"), &pl_msg_tutor_client_user_message__languageCode_type, offsetof(pl_msg_tutor_client_user_message_t, languageCode), offsetof(pl_msg_tutor_client_user_message_t, has_languageCode), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_client_user_message__by_key[6] = {0, 3, 2, 1, 4, 5};
const pl_msg_desc_t pl_msg_tutor_client_user_message_desc = {
    .name = "tutor_client.user_message",
    .size = sizeof(pl_msg_tutor_client_user_message_t),
    .fields = pl_msg_tutor_client_user_message__fields,
    .n_fields = 6,
    .by_key = pl_msg_tutor_client_user_message__by_key,
    .closed = false,
};

/* tutor_client.stop */
static const pl_msg_str_t pl_msg_tutor_client_stop__mt_const[1] = {PL_MSG_STR_INIT("stop")};
static const pl_msg_type_t pl_msg_tutor_client_stop__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_client_stop__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_client_stop__messageId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_tutor_client_stop__fields[2] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_client_stop__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("messageId"), &pl_msg_tutor_client_stop__messageId_type, offsetof(pl_msg_tutor_client_stop_t, messageId), offsetof(pl_msg_tutor_client_stop_t, has_messageId), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_client_stop__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_tutor_client_stop_desc = {
    .name = "tutor_client.stop",
    .size = sizeof(pl_msg_tutor_client_stop_t),
    .fields = pl_msg_tutor_client_stop__fields,
    .n_fields = 2,
    .by_key = pl_msg_tutor_client_stop__by_key,
    .closed = true,
};

void pl_msg_tutor_client_user_message_init(pl_msg_tutor_client_user_message_t *msg) { pl_msg_init(&pl_msg_tutor_client_user_message_desc, msg); }

pl_msg_tutor_client_user_message_t *pl_msg_tutor_client_user_message_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_client_user_message_desc, json, len, err);
}

void pl_msg_tutor_client_user_message_free(pl_msg_tutor_client_user_message_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_client_user_message_serialize(const pl_msg_tutor_client_user_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_client_user_message_desc, msg, buf, err);
}

void pl_msg_tutor_client_stop_init(pl_msg_tutor_client_stop_t *msg) { pl_msg_init(&pl_msg_tutor_client_stop_desc, msg); }

pl_msg_tutor_client_stop_t *pl_msg_tutor_client_stop_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_client_stop_desc, json, len, err);
}

void pl_msg_tutor_client_stop_free(pl_msg_tutor_client_stop_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_client_stop_serialize(const pl_msg_tutor_client_stop_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_client_stop_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_tutor_client__members[2] = {
    {PL_MSG_STR_INIT("user_message"), &pl_msg_tutor_client_user_message_desc, PL_MSG_TUTOR_CLIENT_KIND_USER_MESSAGE},
    {PL_MSG_STR_INIT("stop"), &pl_msg_tutor_client_stop_desc, PL_MSG_TUTOR_CLIENT_KIND_STOP},
};

const pl_msg_family_t pl_msg_tutor_client_family = {"tutor_client", PL_MSG_STR_INIT("mt"), pl_msg_tutor_client__members, 2};

int pl_msg_tutor_client_parse(const char *json, size_t len, pl_msg_tutor_client_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_tutor_client_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_tutor_client_kind_t)kind;
    return rv;
}

void pl_msg_tutor_client_free(pl_msg_tutor_client_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_TUTOR_CLIENT_KIND_UNKNOWN;
}

int pl_msg_tutor_client_serialize(const pl_msg_tutor_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_tutor_client_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_tutor_client_kind_name(pl_msg_tutor_client_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_tutor_client_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_tutor_client_kind_t pl_msg_tutor_client_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_tutor_client_family, s, len);
    return m != NULL ? (pl_msg_tutor_client_kind_t)m->kind : PL_MSG_TUTOR_CLIENT_KIND_UNKNOWN;
}
