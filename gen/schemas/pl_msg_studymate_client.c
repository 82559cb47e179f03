/* PARLEY-GEN schema studymate_client.json -- DO NOT EDIT. Source: schemas/studymate_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_studymate_client.c - descriptor tables and typed wrappers for schemas/studymate_client.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_studymate_client.h"

_Static_assert(sizeof(pl_msg_studymate_client_chat_message_role_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_studymate_client_chat_message_role_names[2] = {{NULL, 0}, PL_MSG_STR_INIT("user")};

/* studymate_client.auth */
static const pl_msg_str_t pl_msg_studymate_client_auth__type_const[1] = {PL_MSG_STR_INIT("auth")};
static const pl_msg_type_t pl_msg_studymate_client_auth__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_client_auth__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_client_auth__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_client_auth_data_desc};
static const pl_msg_field_t pl_msg_studymate_client_auth__fields[2] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_client_auth__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_client_auth__data_type, offsetof(pl_msg_studymate_client_auth_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_auth__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_studymate_client_auth_desc = {
    .name = "studymate_client.auth",
    .size = sizeof(pl_msg_studymate_client_auth_t),
    .fields = pl_msg_studymate_client_auth__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_auth__by_key,
    .closed = true,
};

/* studymate_client.auth_data */
static const pl_msg_type_t pl_msg_studymate_client_auth_data__user_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_auth_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_client_auth_data__fields[2] = {
    {PL_MSG_STR_INIT("user_id"), &pl_msg_studymate_client_auth_data__user_id_type, offsetof(pl_msg_studymate_client_auth_data_t, user_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_client_auth_data__chat_id_type, offsetof(pl_msg_studymate_client_auth_data_t, chat_id), offsetof(pl_msg_studymate_client_auth_data_t, has_chat_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_client_auth_data__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_studymate_client_auth_data_desc = {
    .name = "studymate_client.auth_data",
    .size = sizeof(pl_msg_studymate_client_auth_data_t),
    .fields = pl_msg_studymate_client_auth_data__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_auth_data__by_key,
    .closed = true,
};

/* studymate_client.message */
static const pl_msg_str_t pl_msg_studymate_client_message__type_const[1] = {PL_MSG_STR_INIT("message")};
static const pl_msg_type_t pl_msg_studymate_client_message__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_client_message__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_client_message__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_client_message_data_desc};
static const pl_msg_field_t pl_msg_studymate_client_message__fields[2] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_client_message__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_client_message__data_type, offsetof(pl_msg_studymate_client_message_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_message__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_studymate_client_message_desc = {
    .name = "studymate_client.message",
    .size = sizeof(pl_msg_studymate_client_message_t),
    .fields = pl_msg_studymate_client_message__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_message__by_key,
    .closed = true,
};

/* studymate_client.message_data */
static const pl_msg_type_t pl_msg_studymate_client_message_data__message_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_client_chat_message_desc};
static const pl_msg_type_t pl_msg_studymate_client_message_data__user_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_message_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_client_message_data__fields[3] = {
    {PL_MSG_STR_INIT("message"), &pl_msg_studymate_client_message_data__message_type, offsetof(pl_msg_studymate_client_message_data_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("user_id"), &pl_msg_studymate_client_message_data__user_id_type, offsetof(pl_msg_studymate_client_message_data_t, user_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_client_message_data__chat_id_type, offsetof(pl_msg_studymate_client_message_data_t, chat_id), offsetof(pl_msg_studymate_client_message_data_t, has_chat_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_client_message_data__by_key[3] = {2, 0, 1};
const pl_msg_desc_t pl_msg_studymate_client_message_data_desc = {
    .name = "studymate_client.message_data",
    .size = sizeof(pl_msg_studymate_client_message_data_t),
    .fields = pl_msg_studymate_client_message_data__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_client_message_data__by_key,
    .closed = true,
};

/* studymate_client.chat_message */
static const pl_msg_type_t pl_msg_studymate_client_chat_message__id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_chat_message__role_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_studymate_client_chat_message_role_names[1], .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_client_chat_message__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_studymate_client_chat_message__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_studymate_client_chat_message__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_client_chat_message__fields[5] = {
    {PL_MSG_STR_INIT("id"), &pl_msg_studymate_client_chat_message__id_type, offsetof(pl_msg_studymate_client_chat_message_t, id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("role"), &pl_msg_studymate_client_chat_message__role_type, offsetof(pl_msg_studymate_client_chat_message_t, role), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("content"), &pl_msg_studymate_client_chat_message__content_type, offsetof(pl_msg_studymate_client_chat_message_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_studymate_client_chat_message__timestamp_type, offsetof(pl_msg_studymate_client_chat_message_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_client_chat_message__chat_id_type, offsetof(pl_msg_studymate_client_chat_message_t, chat_id), offsetof(pl_msg_studymate_client_chat_message_t, has_chat_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_client_chat_message__by_key[5] = {0, 1, 4, 2, 3};
const pl_msg_desc_t pl_msg_studymate_client_chat_message_desc = {
    .name = "studymate_client.chat_message",
    .size = sizeof(pl_msg_studymate_client_chat_message_t),
    .fields = pl_msg_studymate_client_chat_message__fields,
    .n_fields = 5,
    .by_key = pl_msg_studymate_client_chat_message__by_key,
    .closed = false,
};

/* studymate_client.typing */
static const pl_msg_str_t pl_msg_studymate_client_typing__type_const[1] = {PL_MSG_STR_INIT("typing")};
static const pl_msg_type_t pl_msg_studymate_client_typing__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_client_typing__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_client_typing__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_client_typing_data_desc};
static const pl_msg_field_t pl_msg_studymate_client_typing__fields[2] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_client_typing__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_client_typing__data_type, offsetof(pl_msg_studymate_client_typing_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_typing__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_studymate_client_typing_desc = {
    .name = "studymate_client.typing",
    .size = sizeof(pl_msg_studymate_client_typing_t),
    .fields = pl_msg_studymate_client_typing__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_typing__by_key,
    .closed = true,
};

/* studymate_client.typing_data */
static const pl_msg_type_t pl_msg_studymate_client_typing_data__user_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_typing_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_typing_data__is_typing_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_studymate_client_typing_data__fields[3] = {
    {PL_MSG_STR_INIT("user_id"), &pl_msg_studymate_client_typing_data__user_id_type, offsetof(pl_msg_studymate_client_typing_data_t, user_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_client_typing_data__chat_id_type, offsetof(pl_msg_studymate_client_typing_data_t, chat_id), offsetof(pl_msg_studymate_client_typing_data_t, has_chat_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("is_typing"), &pl_msg_studymate_client_typing_data__is_typing_type, offsetof(pl_msg_studymate_client_typing_data_t, is_typing), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_typing_data__by_key[3] = {1, 0, 2};
const pl_msg_desc_t pl_msg_studymate_client_typing_data_desc = {
    .name = "studymate_client.typing_data",
    .size = sizeof(pl_msg_studymate_client_typing_data_t),
    .fields = pl_msg_studymate_client_typing_data__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_client_typing_data__by_key,
    .closed = true,
};

/* studymate_client.load_messages */
static const pl_msg_str_t pl_msg_studymate_client_load_messages__type_const[1] = {PL_MSG_STR_INIT("load_messages")};
static const pl_msg_type_t pl_msg_studymate_client_load_messages__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_client_load_messages__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_client_load_messages__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_client_load_messages_data_desc};
static const pl_msg_field_t pl_msg_studymate_client_load_messages__fields[2] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_client_load_messages__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_client_load_messages__data_type, offsetof(pl_msg_studymate_client_load_messages_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_load_messages__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_studymate_client_load_messages_desc = {
    .name = "studymate_client.load_messages",
    .size = sizeof(pl_msg_studymate_client_load_messages_t),
    .fields = pl_msg_studymate_client_load_messages__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_load_messages__by_key,
    .closed = true,
};

/* studymate_client.load_messages_data */
static const pl_msg_type_t pl_msg_studymate_client_load_messages_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_load_messages_data__user_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_client_load_messages_data__fields[2] = {
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_client_load_messages_data__chat_id_type, offsetof(pl_msg_studymate_client_load_messages_data_t, chat_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("user_id"), &pl_msg_studymate_client_load_messages_data__user_id_type, offsetof(pl_msg_studymate_client_load_messages_data_t, user_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_load_messages_data__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_studymate_client_load_messages_data_desc = {
    .name = "studymate_client.load_messages_data",
    .size = sizeof(pl_msg_studymate_client_load_messages_data_t),
    .fields = pl_msg_studymate_client_load_messages_data__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_load_messages_data__by_key,
    .closed = true,
};

/* studymate_client.stop */
static const pl_msg_str_t pl_msg_studymate_client_stop__type_const[1] = {PL_MSG_STR_INIT("stop")};
static const pl_msg_type_t pl_msg_studymate_client_stop__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_client_stop__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_client_stop__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_client_stop_data_desc};
static const pl_msg_field_t pl_msg_studymate_client_stop__fields[2] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_client_stop__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_client_stop__data_type, offsetof(pl_msg_studymate_client_stop_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_client_stop__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_studymate_client_stop_desc = {
    .name = "studymate_client.stop",
    .size = sizeof(pl_msg_studymate_client_stop_t),
    .fields = pl_msg_studymate_client_stop__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_client_stop__by_key,
    .closed = true,
};

/* studymate_client.stop_data */
static const pl_msg_type_t pl_msg_studymate_client_stop_data__user_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_stop_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_client_stop_data__message_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_client_stop_data__fields[3] = {
    {PL_MSG_STR_INIT("user_id"), &pl_msg_studymate_client_stop_data__user_id_type, offsetof(pl_msg_studymate_client_stop_data_t, user_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_client_stop_data__chat_id_type, offsetof(pl_msg_studymate_client_stop_data_t, chat_id), offsetof(pl_msg_studymate_client_stop_data_t, has_chat_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("message_id"), &pl_msg_studymate_client_stop_data__message_id_type, offsetof(pl_msg_studymate_client_stop_data_t, message_id), offsetof(pl_msg_studymate_client_stop_data_t, has_message_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_client_stop_data__by_key[3] = {1, 0, 2};
const pl_msg_desc_t pl_msg_studymate_client_stop_data_desc = {
    .name = "studymate_client.stop_data",
    .size = sizeof(pl_msg_studymate_client_stop_data_t),
    .fields = pl_msg_studymate_client_stop_data__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_client_stop_data__by_key,
    .closed = true,
};

void pl_msg_studymate_client_auth_init(pl_msg_studymate_client_auth_t *msg) { pl_msg_init(&pl_msg_studymate_client_auth_desc, msg); }

pl_msg_studymate_client_auth_t *pl_msg_studymate_client_auth_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_auth_desc, json, len, err);
}

void pl_msg_studymate_client_auth_free(pl_msg_studymate_client_auth_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_auth_serialize(const pl_msg_studymate_client_auth_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_auth_desc, msg, buf, err);
}

void pl_msg_studymate_client_auth_data_init(pl_msg_studymate_client_auth_data_t *msg) { pl_msg_init(&pl_msg_studymate_client_auth_data_desc, msg); }

pl_msg_studymate_client_auth_data_t *pl_msg_studymate_client_auth_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_auth_data_desc, json, len, err);
}

void pl_msg_studymate_client_auth_data_free(pl_msg_studymate_client_auth_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_auth_data_serialize(const pl_msg_studymate_client_auth_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_auth_data_desc, msg, buf, err);
}

void pl_msg_studymate_client_message_init(pl_msg_studymate_client_message_t *msg) { pl_msg_init(&pl_msg_studymate_client_message_desc, msg); }

pl_msg_studymate_client_message_t *pl_msg_studymate_client_message_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_message_desc, json, len, err);
}

void pl_msg_studymate_client_message_free(pl_msg_studymate_client_message_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_message_serialize(const pl_msg_studymate_client_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_message_desc, msg, buf, err);
}

void pl_msg_studymate_client_message_data_init(pl_msg_studymate_client_message_data_t *msg) { pl_msg_init(&pl_msg_studymate_client_message_data_desc, msg); }

pl_msg_studymate_client_message_data_t *pl_msg_studymate_client_message_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_message_data_desc, json, len, err);
}

void pl_msg_studymate_client_message_data_free(pl_msg_studymate_client_message_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_message_data_serialize(const pl_msg_studymate_client_message_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_message_data_desc, msg, buf, err);
}

void pl_msg_studymate_client_chat_message_init(pl_msg_studymate_client_chat_message_t *msg) { pl_msg_init(&pl_msg_studymate_client_chat_message_desc, msg); }

pl_msg_studymate_client_chat_message_t *pl_msg_studymate_client_chat_message_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_chat_message_desc, json, len, err);
}

void pl_msg_studymate_client_chat_message_free(pl_msg_studymate_client_chat_message_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_chat_message_serialize(const pl_msg_studymate_client_chat_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_chat_message_desc, msg, buf, err);
}

void pl_msg_studymate_client_typing_init(pl_msg_studymate_client_typing_t *msg) { pl_msg_init(&pl_msg_studymate_client_typing_desc, msg); }

pl_msg_studymate_client_typing_t *pl_msg_studymate_client_typing_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_typing_desc, json, len, err);
}

void pl_msg_studymate_client_typing_free(pl_msg_studymate_client_typing_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_typing_serialize(const pl_msg_studymate_client_typing_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_typing_desc, msg, buf, err);
}

void pl_msg_studymate_client_typing_data_init(pl_msg_studymate_client_typing_data_t *msg) { pl_msg_init(&pl_msg_studymate_client_typing_data_desc, msg); }

pl_msg_studymate_client_typing_data_t *pl_msg_studymate_client_typing_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_typing_data_desc, json, len, err);
}

void pl_msg_studymate_client_typing_data_free(pl_msg_studymate_client_typing_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_typing_data_serialize(const pl_msg_studymate_client_typing_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_typing_data_desc, msg, buf, err);
}

void pl_msg_studymate_client_load_messages_init(pl_msg_studymate_client_load_messages_t *msg) { pl_msg_init(&pl_msg_studymate_client_load_messages_desc, msg); }

pl_msg_studymate_client_load_messages_t *pl_msg_studymate_client_load_messages_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_load_messages_desc, json, len, err);
}

void pl_msg_studymate_client_load_messages_free(pl_msg_studymate_client_load_messages_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_load_messages_serialize(const pl_msg_studymate_client_load_messages_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_load_messages_desc, msg, buf, err);
}

void pl_msg_studymate_client_load_messages_data_init(pl_msg_studymate_client_load_messages_data_t *msg) { pl_msg_init(&pl_msg_studymate_client_load_messages_data_desc, msg); }

pl_msg_studymate_client_load_messages_data_t *pl_msg_studymate_client_load_messages_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_load_messages_data_desc, json, len, err);
}

void pl_msg_studymate_client_load_messages_data_free(pl_msg_studymate_client_load_messages_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_load_messages_data_serialize(const pl_msg_studymate_client_load_messages_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_load_messages_data_desc, msg, buf, err);
}

void pl_msg_studymate_client_stop_init(pl_msg_studymate_client_stop_t *msg) { pl_msg_init(&pl_msg_studymate_client_stop_desc, msg); }

pl_msg_studymate_client_stop_t *pl_msg_studymate_client_stop_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_stop_desc, json, len, err);
}

void pl_msg_studymate_client_stop_free(pl_msg_studymate_client_stop_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_stop_serialize(const pl_msg_studymate_client_stop_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_stop_desc, msg, buf, err);
}

void pl_msg_studymate_client_stop_data_init(pl_msg_studymate_client_stop_data_t *msg) { pl_msg_init(&pl_msg_studymate_client_stop_data_desc, msg); }

pl_msg_studymate_client_stop_data_t *pl_msg_studymate_client_stop_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_client_stop_data_desc, json, len, err);
}

void pl_msg_studymate_client_stop_data_free(pl_msg_studymate_client_stop_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_client_stop_data_serialize(const pl_msg_studymate_client_stop_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_client_stop_data_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_studymate_client__members[5] = {
    {PL_MSG_STR_INIT("auth"), &pl_msg_studymate_client_auth_desc, PL_MSG_STUDYMATE_CLIENT_KIND_AUTH},
    {PL_MSG_STR_INIT("message"), &pl_msg_studymate_client_message_desc, PL_MSG_STUDYMATE_CLIENT_KIND_MESSAGE},
    {PL_MSG_STR_INIT("typing"), &pl_msg_studymate_client_typing_desc, PL_MSG_STUDYMATE_CLIENT_KIND_TYPING},
    {PL_MSG_STR_INIT("load_messages"), &pl_msg_studymate_client_load_messages_desc, PL_MSG_STUDYMATE_CLIENT_KIND_LOAD_MESSAGES},
    {PL_MSG_STR_INIT("stop"), &pl_msg_studymate_client_stop_desc, PL_MSG_STUDYMATE_CLIENT_KIND_STOP},
};

const pl_msg_family_t pl_msg_studymate_client_family = {"studymate_client", PL_MSG_STR_INIT("type"), pl_msg_studymate_client__members, 5};

int pl_msg_studymate_client_parse(const char *json, size_t len, pl_msg_studymate_client_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_studymate_client_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_studymate_client_kind_t)kind;
    return rv;
}

void pl_msg_studymate_client_free(pl_msg_studymate_client_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_STUDYMATE_CLIENT_KIND_UNKNOWN;
}

int pl_msg_studymate_client_serialize(const pl_msg_studymate_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_studymate_client_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_studymate_client_kind_name(pl_msg_studymate_client_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_studymate_client_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_studymate_client_kind_t pl_msg_studymate_client_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_studymate_client_family, s, len);
    return m != NULL ? (pl_msg_studymate_client_kind_t)m->kind : PL_MSG_STUDYMATE_CLIENT_KIND_UNKNOWN;
}
