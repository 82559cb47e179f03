/* PARLEY-GEN schema teach_server.json -- DO NOT EDIT. Source: schemas/teach_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_teach_server.c - descriptor tables and typed wrappers for schemas/teach_server.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_teach_server.h"

_Static_assert(sizeof(pl_msg_teach_server_response_mode_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_teach_server_response_mode_names[5] = {{NULL, 0}, PL_MSG_STR_INIT("teaching"), PL_MSG_STR_INIT("answering"), PL_MSG_STR_INIT("quiz"), PL_MSG_STR_INIT("idle")};

/* teach_server.welcome */
static const pl_msg_str_t pl_msg_teach_server_welcome__type_const[1] = {PL_MSG_STR_INIT("welcome")};
static const pl_msg_type_t pl_msg_teach_server_welcome__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_teach_server_welcome__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_teach_server_welcome__client_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_teach_server_welcome__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_teach_server_welcome__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_field_t pl_msg_teach_server_welcome__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_teach_server_welcome__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("client_id"), &pl_msg_teach_server_welcome__client_id_type, offsetof(pl_msg_teach_server_welcome_t, client_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_teach_server_welcome__message_type, offsetof(pl_msg_teach_server_welcome_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_teach_server_welcome__timestamp_type, offsetof(pl_msg_teach_server_welcome_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_teach_server_welcome__by_key[4] = {0, 2, 1, 3};
const pl_msg_desc_t pl_msg_teach_server_welcome_desc = {
    .name = "teach_server.welcome",
    .size = sizeof(pl_msg_teach_server_welcome_t),
    .fields = pl_msg_teach_server_welcome__fields,
    .n_fields = 4,
    .by_key = pl_msg_teach_server_welcome__by_key,
    .closed = true,
};

/* teach_server.response */
static const pl_msg_str_t pl_msg_teach_server_response__type_const[1] = {PL_MSG_STR_INIT("response")};
static const pl_msg_type_t pl_msg_teach_server_response__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_teach_server_response__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_teach_server_response__response_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 65536};
static const pl_msg_type_t pl_msg_teach_server_response__mode_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_teach_server_response_mode_names[1], .n_names = 4};
static const pl_msg_type_t pl_msg_teach_server_response__current_topic_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 256};
static const pl_msg_type_t pl_msg_teach_server_response__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_field_t pl_msg_teach_server_response__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_teach_server_response__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("response"), &pl_msg_teach_server_response__response_type, offsetof(pl_msg_teach_server_response_t, response), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("mode"), &pl_msg_teach_server_response__mode_type, offsetof(pl_msg_teach_server_response_t, mode), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("current_topic"), &pl_msg_teach_server_response__current_topic_type, offsetof(pl_msg_teach_server_response_t, current_topic), PL_MSG_NO_OFFSET, offsetof(pl_msg_teach_server_response_t, current_topic_is_null), true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_teach_server_response__timestamp_type, offsetof(pl_msg_teach_server_response_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_teach_server_response__by_key[5] = {2, 0, 1, 4, 3};
const pl_msg_desc_t pl_msg_teach_server_response_desc = {
    .name = "teach_server.response",
    .size = sizeof(pl_msg_teach_server_response_t),
    .fields = pl_msg_teach_server_response__fields,
    .n_fields = 5,
    .by_key = pl_msg_teach_server_response__by_key,
    .closed = true,
};

/* teach_server.error */
static const pl_msg_str_t pl_msg_teach_server_error__type_const[1] = {PL_MSG_STR_INIT("error")};
static const pl_msg_type_t pl_msg_teach_server_error__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_teach_server_error__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_teach_server_error__error_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_teach_server_error__code_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_error_code_names[1], .n_names = 13};
static const pl_msg_type_t pl_msg_teach_server_error__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_field_t pl_msg_teach_server_error__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_teach_server_error__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("error"), &pl_msg_teach_server_error__error_type, offsetof(pl_msg_teach_server_error_t, error), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("code"), &pl_msg_teach_server_error__code_type, offsetof(pl_msg_teach_server_error_t, code), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_teach_server_error__timestamp_type, offsetof(pl_msg_teach_server_error_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_teach_server_error__by_key[4] = {2, 0, 1, 3};
const pl_msg_desc_t pl_msg_teach_server_error_desc = {
    .name = "teach_server.error",
    .size = sizeof(pl_msg_teach_server_error_t),
    .fields = pl_msg_teach_server_error__fields,
    .n_fields = 4,
    .by_key = pl_msg_teach_server_error__by_key,
    .closed = true,
};

void pl_msg_teach_server_welcome_init(pl_msg_teach_server_welcome_t *msg) { pl_msg_init(&pl_msg_teach_server_welcome_desc, msg); }

pl_msg_teach_server_welcome_t *pl_msg_teach_server_welcome_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_teach_server_welcome_desc, json, len, err);
}

void pl_msg_teach_server_welcome_free(pl_msg_teach_server_welcome_t *msg) { pl_msg_free(msg); }

int pl_msg_teach_server_welcome_serialize(const pl_msg_teach_server_welcome_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_teach_server_welcome_desc, msg, buf, err);
}

void pl_msg_teach_server_response_init(pl_msg_teach_server_response_t *msg) { pl_msg_init(&pl_msg_teach_server_response_desc, msg); }

pl_msg_teach_server_response_t *pl_msg_teach_server_response_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_teach_server_response_desc, json, len, err);
}

void pl_msg_teach_server_response_free(pl_msg_teach_server_response_t *msg) { pl_msg_free(msg); }

int pl_msg_teach_server_response_serialize(const pl_msg_teach_server_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_teach_server_response_desc, msg, buf, err);
}

void pl_msg_teach_server_error_init(pl_msg_teach_server_error_t *msg) { pl_msg_init(&pl_msg_teach_server_error_desc, msg); }

pl_msg_teach_server_error_t *pl_msg_teach_server_error_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_teach_server_error_desc, json, len, err);
}

void pl_msg_teach_server_error_free(pl_msg_teach_server_error_t *msg) { pl_msg_free(msg); }

int pl_msg_teach_server_error_serialize(const pl_msg_teach_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_teach_server_error_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_teach_server__members[3] = {
    {PL_MSG_STR_INIT("welcome"), &pl_msg_teach_server_welcome_desc, PL_MSG_TEACH_SERVER_KIND_WELCOME},
    {PL_MSG_STR_INIT("response"), &pl_msg_teach_server_response_desc, PL_MSG_TEACH_SERVER_KIND_RESPONSE},
    {PL_MSG_STR_INIT("error"), &pl_msg_teach_server_error_desc, PL_MSG_TEACH_SERVER_KIND_ERROR},
};

const pl_msg_family_t pl_msg_teach_server_family = {"teach_server", PL_MSG_STR_INIT("type"), pl_msg_teach_server__members, 3};

int pl_msg_teach_server_parse(const char *json, size_t len, pl_msg_teach_server_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_teach_server_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_teach_server_kind_t)kind;
    return rv;
}

void pl_msg_teach_server_free(pl_msg_teach_server_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_TEACH_SERVER_KIND_UNKNOWN;
}

int pl_msg_teach_server_serialize(const pl_msg_teach_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_teach_server_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_teach_server_kind_name(pl_msg_teach_server_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_teach_server_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_teach_server_kind_t pl_msg_teach_server_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_teach_server_family, s, len);
    return m != NULL ? (pl_msg_teach_server_kind_t)m->kind : PL_MSG_TEACH_SERVER_KIND_UNKNOWN;
}
