/* PARLEY-GEN schema studymate_server.json -- DO NOT EDIT. Source: schemas/studymate_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_studymate_server.c - descriptor tables and typed wrappers for schemas/studymate_server.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_studymate_server.h"

_Static_assert(sizeof(pl_msg_studymate_server_message_data_status_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_studymate_server_message_data_status_names[5] = {{NULL, 0}, PL_MSG_STR_INIT("streaming"), PL_MSG_STR_INIT("complete"), PL_MSG_STR_INIT("stopped"), PL_MSG_STR_INIT("failed")};
_Static_assert(sizeof(pl_msg_studymate_server_chat_message_role_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_studymate_server_chat_message_role_names[3] = {{NULL, 0}, PL_MSG_STR_INIT("user"), PL_MSG_STR_INIT("assistant")};

/* studymate_server.message */
static const pl_msg_str_t pl_msg_studymate_server_message__type_const[1] = {PL_MSG_STR_INIT("message")};
static const pl_msg_type_t pl_msg_studymate_server_message__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_server_message__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_server_message__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_message_data_desc};
static const pl_msg_type_t pl_msg_studymate_server_message__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_studymate_server_message__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_server_message__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_server_message__data_type, offsetof(pl_msg_studymate_server_message_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_studymate_server_message__seq_type, offsetof(pl_msg_studymate_server_message_t, seq), offsetof(pl_msg_studymate_server_message_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_message__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_studymate_server_message_desc = {
    .name = "studymate_server.message",
    .size = sizeof(pl_msg_studymate_server_message_t),
    .fields = pl_msg_studymate_server_message__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_message__by_key,
    .closed = true,
};

/* studymate_server.message_data */
static const pl_msg_type_t pl_msg_studymate_server_message_data__message_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_chat_message_desc};
static const pl_msg_type_t pl_msg_studymate_server_message_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_server_message_data__status_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_studymate_server_message_data_status_names[1], .n_names = 4};
static const pl_msg_field_t pl_msg_studymate_server_message_data__fields[3] = {
    {PL_MSG_STR_INIT("message"), &pl_msg_studymate_server_message_data__message_type, offsetof(pl_msg_studymate_server_message_data_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_server_message_data__chat_id_type, offsetof(pl_msg_studymate_server_message_data_t, chat_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("status"), &pl_msg_studymate_server_message_data__status_type, offsetof(pl_msg_studymate_server_message_data_t, status), offsetof(pl_msg_studymate_server_message_data_t, has_status), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_message_data__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_studymate_server_message_data_desc = {
    .name = "studymate_server.message_data",
    .size = sizeof(pl_msg_studymate_server_message_data_t),
    .fields = pl_msg_studymate_server_message_data__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_message_data__by_key,
    .closed = true,
};

/* studymate_server.chat_message */
static const pl_msg_type_t pl_msg_studymate_server_chat_message__id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_server_chat_message__role_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_studymate_server_chat_message_role_names[1], .n_names = 2};
static const pl_msg_type_t pl_msg_studymate_server_chat_message__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 65536};
static const pl_msg_type_t pl_msg_studymate_server_chat_message__citations_item_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_common_citation_desc};
static const pl_msg_field_t pl_msg_studymate_server_chat_message__citations_item = {{NULL, 0}, &pl_msg_studymate_server_chat_message__citations_item_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true};
static const pl_msg_type_t pl_msg_studymate_server_chat_message__citations_type = {.kind = PL_MSG_KIND_ARRAY, .min_len = 0, .max_len = 64, .items = &pl_msg_studymate_server_chat_message__citations_item, .item_size = sizeof(((pl_msg_studymate_server_chat_message_t *)0)->citations.items[0])};
static const pl_msg_type_t pl_msg_studymate_server_chat_message__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_studymate_server_chat_message__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_server_chat_message__fields[6] = {
    {PL_MSG_STR_INIT("id"), &pl_msg_studymate_server_chat_message__id_type, offsetof(pl_msg_studymate_server_chat_message_t, id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("role"), &pl_msg_studymate_server_chat_message__role_type, offsetof(pl_msg_studymate_server_chat_message_t, role), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("content"), &pl_msg_studymate_server_chat_message__content_type, offsetof(pl_msg_studymate_server_chat_message_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("citations"), &pl_msg_studymate_server_chat_message__citations_type, offsetof(pl_msg_studymate_server_chat_message_t, citations), offsetof(pl_msg_studymate_server_chat_message_t, has_citations), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_studymate_server_chat_message__timestamp_type, offsetof(pl_msg_studymate_server_chat_message_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_server_chat_message__chat_id_type, offsetof(pl_msg_studymate_server_chat_message_t, chat_id), offsetof(pl_msg_studymate_server_chat_message_t, has_chat_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_chat_message__by_key[6] = {0, 1, 5, 2, 3, 4};
const pl_msg_desc_t pl_msg_studymate_server_chat_message_desc = {
    .name = "studymate_server.chat_message",
    .size = sizeof(pl_msg_studymate_server_chat_message_t),
    .fields = pl_msg_studymate_server_chat_message__fields,
    .n_fields = 6,
    .by_key = pl_msg_studymate_server_chat_message__by_key,
    .closed = true,
};

/* studymate_server.typing */
static const pl_msg_str_t pl_msg_studymate_server_typing__type_const[1] = {PL_MSG_STR_INIT("typing")};
static const pl_msg_type_t pl_msg_studymate_server_typing__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_server_typing__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_server_typing__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_typing_data_desc};
static const pl_msg_type_t pl_msg_studymate_server_typing__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_studymate_server_typing__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_server_typing__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_server_typing__data_type, offsetof(pl_msg_studymate_server_typing_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_studymate_server_typing__seq_type, offsetof(pl_msg_studymate_server_typing_t, seq), offsetof(pl_msg_studymate_server_typing_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_typing__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_studymate_server_typing_desc = {
    .name = "studymate_server.typing",
    .size = sizeof(pl_msg_studymate_server_typing_t),
    .fields = pl_msg_studymate_server_typing__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_typing__by_key,
    .closed = true,
};

/* studymate_server.typing_data */
static const pl_msg_type_t pl_msg_studymate_server_typing_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_server_typing_data__user_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_server_typing_data__is_typing_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_studymate_server_typing_data__fields[3] = {
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_server_typing_data__chat_id_type, offsetof(pl_msg_studymate_server_typing_data_t, chat_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("user_id"), &pl_msg_studymate_server_typing_data__user_id_type, offsetof(pl_msg_studymate_server_typing_data_t, user_id), offsetof(pl_msg_studymate_server_typing_data_t, has_user_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("is_typing"), &pl_msg_studymate_server_typing_data__is_typing_type, offsetof(pl_msg_studymate_server_typing_data_t, is_typing), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_server_typing_data__by_key[3] = {0, 1, 2};
const pl_msg_desc_t pl_msg_studymate_server_typing_data_desc = {
    .name = "studymate_server.typing_data",
    .size = sizeof(pl_msg_studymate_server_typing_data_t),
    .fields = pl_msg_studymate_server_typing_data__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_typing_data__by_key,
    .closed = true,
};

/* studymate_server.chat_created */
static const pl_msg_str_t pl_msg_studymate_server_chat_created__type_const[1] = {PL_MSG_STR_INIT("chat_created")};
static const pl_msg_type_t pl_msg_studymate_server_chat_created__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_server_chat_created__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_server_chat_created__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_chat_created_data_desc};
static const pl_msg_type_t pl_msg_studymate_server_chat_created__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_studymate_server_chat_created__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_server_chat_created__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_server_chat_created__data_type, offsetof(pl_msg_studymate_server_chat_created_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_studymate_server_chat_created__seq_type, offsetof(pl_msg_studymate_server_chat_created_t, seq), offsetof(pl_msg_studymate_server_chat_created_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_chat_created__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_studymate_server_chat_created_desc = {
    .name = "studymate_server.chat_created",
    .size = sizeof(pl_msg_studymate_server_chat_created_t),
    .fields = pl_msg_studymate_server_chat_created__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_chat_created__by_key,
    .closed = true,
};

/* studymate_server.chat_created_data */
static const pl_msg_type_t pl_msg_studymate_server_chat_created_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_server_chat_created_data__fields[1] = {
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_server_chat_created_data__chat_id_type, offsetof(pl_msg_studymate_server_chat_created_data_t, chat_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_server_chat_created_data__by_key[1] = {0};
const pl_msg_desc_t pl_msg_studymate_server_chat_created_data_desc = {
    .name = "studymate_server.chat_created_data",
    .size = sizeof(pl_msg_studymate_server_chat_created_data_t),
    .fields = pl_msg_studymate_server_chat_created_data__fields,
    .n_fields = 1,
    .by_key = pl_msg_studymate_server_chat_created_data__by_key,
    .closed = true,
};

/* studymate_server.messages */
static const pl_msg_str_t pl_msg_studymate_server_messages__type_const[1] = {PL_MSG_STR_INIT("messages")};
static const pl_msg_type_t pl_msg_studymate_server_messages__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_server_messages__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_server_messages__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_messages_data_desc};
static const pl_msg_type_t pl_msg_studymate_server_messages__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_studymate_server_messages__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_server_messages__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_server_messages__data_type, offsetof(pl_msg_studymate_server_messages_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_studymate_server_messages__seq_type, offsetof(pl_msg_studymate_server_messages_t, seq), offsetof(pl_msg_studymate_server_messages_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_messages__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_studymate_server_messages_desc = {
    .name = "studymate_server.messages",
    .size = sizeof(pl_msg_studymate_server_messages_t),
    .fields = pl_msg_studymate_server_messages__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_messages__by_key,
    .closed = true,
};

/* studymate_server.messages_data */
static const pl_msg_type_t pl_msg_studymate_server_messages_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_studymate_server_messages_data__messages_item_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_chat_message_desc};
static const pl_msg_field_t pl_msg_studymate_server_messages_data__messages_item = {{NULL, 0}, &pl_msg_studymate_server_messages_data__messages_item_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true};
static const pl_msg_type_t pl_msg_studymate_server_messages_data__messages_type = {.kind = PL_MSG_KIND_ARRAY, .min_len = 0, .max_len = 1000, .items = &pl_msg_studymate_server_messages_data__messages_item, .item_size = sizeof(((pl_msg_studymate_server_messages_data_t *)0)->messages.items[0])};
static const pl_msg_field_t pl_msg_studymate_server_messages_data__fields[2] = {
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_server_messages_data__chat_id_type, offsetof(pl_msg_studymate_server_messages_data_t, chat_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("messages"), &pl_msg_studymate_server_messages_data__messages_type, offsetof(pl_msg_studymate_server_messages_data_t, messages), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_studymate_server_messages_data__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_studymate_server_messages_data_desc = {
    .name = "studymate_server.messages_data",
    .size = sizeof(pl_msg_studymate_server_messages_data_t),
    .fields = pl_msg_studymate_server_messages_data__fields,
    .n_fields = 2,
    .by_key = pl_msg_studymate_server_messages_data__by_key,
    .closed = true,
};

/* studymate_server.error */
static const pl_msg_str_t pl_msg_studymate_server_error__type_const[1] = {PL_MSG_STR_INIT("error")};
static const pl_msg_type_t pl_msg_studymate_server_error__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_studymate_server_error__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_studymate_server_error__data_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_studymate_server_error_data_desc};
static const pl_msg_type_t pl_msg_studymate_server_error__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_studymate_server_error__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_studymate_server_error__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_studymate_server_error__data_type, offsetof(pl_msg_studymate_server_error_t, data), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_studymate_server_error__seq_type, offsetof(pl_msg_studymate_server_error_t, seq), offsetof(pl_msg_studymate_server_error_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_error__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_studymate_server_error_desc = {
    .name = "studymate_server.error",
    .size = sizeof(pl_msg_studymate_server_error_t),
    .fields = pl_msg_studymate_server_error__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_error__by_key,
    .closed = true,
};

/* studymate_server.error_data */
static const pl_msg_type_t pl_msg_studymate_server_error_data__error_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_error_code_names[1], .n_names = 13};
static const pl_msg_type_t pl_msg_studymate_server_error_data__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_studymate_server_error_data__chat_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_studymate_server_error_data__fields[3] = {
    {PL_MSG_STR_INIT("error"), &pl_msg_studymate_server_error_data__error_type, offsetof(pl_msg_studymate_server_error_data_t, error), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_studymate_server_error_data__message_type, offsetof(pl_msg_studymate_server_error_data_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chat_id"), &pl_msg_studymate_server_error_data__chat_id_type, offsetof(pl_msg_studymate_server_error_data_t, chat_id), offsetof(pl_msg_studymate_server_error_data_t, has_chat_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_studymate_server_error_data__by_key[3] = {0, 2, 1};
const pl_msg_desc_t pl_msg_studymate_server_error_data_desc = {
    .name = "studymate_server.error_data",
    .size = sizeof(pl_msg_studymate_server_error_data_t),
    .fields = pl_msg_studymate_server_error_data__fields,
    .n_fields = 3,
    .by_key = pl_msg_studymate_server_error_data__by_key,
    .closed = true,
};

void pl_msg_studymate_server_message_init(pl_msg_studymate_server_message_t *msg) { pl_msg_init(&pl_msg_studymate_server_message_desc, msg); }

pl_msg_studymate_server_message_t *pl_msg_studymate_server_message_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_message_desc, json, len, err);
}

void pl_msg_studymate_server_message_free(pl_msg_studymate_server_message_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_message_serialize(const pl_msg_studymate_server_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_message_desc, msg, buf, err);
}

void pl_msg_studymate_server_message_data_init(pl_msg_studymate_server_message_data_t *msg) { pl_msg_init(&pl_msg_studymate_server_message_data_desc, msg); }

pl_msg_studymate_server_message_data_t *pl_msg_studymate_server_message_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_message_data_desc, json, len, err);
}

void pl_msg_studymate_server_message_data_free(pl_msg_studymate_server_message_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_message_data_serialize(const pl_msg_studymate_server_message_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_message_data_desc, msg, buf, err);
}

void pl_msg_studymate_server_chat_message_init(pl_msg_studymate_server_chat_message_t *msg) { pl_msg_init(&pl_msg_studymate_server_chat_message_desc, msg); }

pl_msg_studymate_server_chat_message_t *pl_msg_studymate_server_chat_message_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_chat_message_desc, json, len, err);
}

void pl_msg_studymate_server_chat_message_free(pl_msg_studymate_server_chat_message_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_chat_message_serialize(const pl_msg_studymate_server_chat_message_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_chat_message_desc, msg, buf, err);
}

void pl_msg_studymate_server_typing_init(pl_msg_studymate_server_typing_t *msg) { pl_msg_init(&pl_msg_studymate_server_typing_desc, msg); }

pl_msg_studymate_server_typing_t *pl_msg_studymate_server_typing_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_typing_desc, json, len, err);
}

void pl_msg_studymate_server_typing_free(pl_msg_studymate_server_typing_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_typing_serialize(const pl_msg_studymate_server_typing_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_typing_desc, msg, buf, err);
}

void pl_msg_studymate_server_typing_data_init(pl_msg_studymate_server_typing_data_t *msg) { pl_msg_init(&pl_msg_studymate_server_typing_data_desc, msg); }

pl_msg_studymate_server_typing_data_t *pl_msg_studymate_server_typing_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_typing_data_desc, json, len, err);
}

void pl_msg_studymate_server_typing_data_free(pl_msg_studymate_server_typing_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_typing_data_serialize(const pl_msg_studymate_server_typing_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_typing_data_desc, msg, buf, err);
}

void pl_msg_studymate_server_chat_created_init(pl_msg_studymate_server_chat_created_t *msg) { pl_msg_init(&pl_msg_studymate_server_chat_created_desc, msg); }

pl_msg_studymate_server_chat_created_t *pl_msg_studymate_server_chat_created_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_chat_created_desc, json, len, err);
}

void pl_msg_studymate_server_chat_created_free(pl_msg_studymate_server_chat_created_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_chat_created_serialize(const pl_msg_studymate_server_chat_created_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_chat_created_desc, msg, buf, err);
}

void pl_msg_studymate_server_chat_created_data_init(pl_msg_studymate_server_chat_created_data_t *msg) { pl_msg_init(&pl_msg_studymate_server_chat_created_data_desc, msg); }

pl_msg_studymate_server_chat_created_data_t *pl_msg_studymate_server_chat_created_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_chat_created_data_desc, json, len, err);
}

void pl_msg_studymate_server_chat_created_data_free(pl_msg_studymate_server_chat_created_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_chat_created_data_serialize(const pl_msg_studymate_server_chat_created_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_chat_created_data_desc, msg, buf, err);
}

void pl_msg_studymate_server_messages_init(pl_msg_studymate_server_messages_t *msg) { pl_msg_init(&pl_msg_studymate_server_messages_desc, msg); }

pl_msg_studymate_server_messages_t *pl_msg_studymate_server_messages_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_messages_desc, json, len, err);
}

void pl_msg_studymate_server_messages_free(pl_msg_studymate_server_messages_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_messages_serialize(const pl_msg_studymate_server_messages_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_messages_desc, msg, buf, err);
}

void pl_msg_studymate_server_messages_data_init(pl_msg_studymate_server_messages_data_t *msg) { pl_msg_init(&pl_msg_studymate_server_messages_data_desc, msg); }

pl_msg_studymate_server_messages_data_t *pl_msg_studymate_server_messages_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_messages_data_desc, json, len, err);
}

void pl_msg_studymate_server_messages_data_free(pl_msg_studymate_server_messages_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_messages_data_serialize(const pl_msg_studymate_server_messages_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_messages_data_desc, msg, buf, err);
}

void pl_msg_studymate_server_error_init(pl_msg_studymate_server_error_t *msg) { pl_msg_init(&pl_msg_studymate_server_error_desc, msg); }

pl_msg_studymate_server_error_t *pl_msg_studymate_server_error_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_error_desc, json, len, err);
}

void pl_msg_studymate_server_error_free(pl_msg_studymate_server_error_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_error_serialize(const pl_msg_studymate_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_error_desc, msg, buf, err);
}

void pl_msg_studymate_server_error_data_init(pl_msg_studymate_server_error_data_t *msg) { pl_msg_init(&pl_msg_studymate_server_error_data_desc, msg); }

pl_msg_studymate_server_error_data_t *pl_msg_studymate_server_error_data_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_studymate_server_error_data_desc, json, len, err);
}

void pl_msg_studymate_server_error_data_free(pl_msg_studymate_server_error_data_t *msg) { pl_msg_free(msg); }

int pl_msg_studymate_server_error_data_serialize(const pl_msg_studymate_server_error_data_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_studymate_server_error_data_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_studymate_server__members[5] = {
    {PL_MSG_STR_INIT("message"), &pl_msg_studymate_server_message_desc, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGE},
    {PL_MSG_STR_INIT("typing"), &pl_msg_studymate_server_typing_desc, PL_MSG_STUDYMATE_SERVER_KIND_TYPING},
    {PL_MSG_STR_INIT("chat_created"), &pl_msg_studymate_server_chat_created_desc, PL_MSG_STUDYMATE_SERVER_KIND_CHAT_CREATED},
    {PL_MSG_STR_INIT("messages"), &pl_msg_studymate_server_messages_desc, PL_MSG_STUDYMATE_SERVER_KIND_MESSAGES},
    {PL_MSG_STR_INIT("error"), &pl_msg_studymate_server_error_desc, PL_MSG_STUDYMATE_SERVER_KIND_ERROR},
};

const pl_msg_family_t pl_msg_studymate_server_family = {"studymate_server", PL_MSG_STR_INIT("type"), pl_msg_studymate_server__members, 5};

int pl_msg_studymate_server_parse(const char *json, size_t len, pl_msg_studymate_server_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_studymate_server_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_studymate_server_kind_t)kind;
    return rv;
}

void pl_msg_studymate_server_free(pl_msg_studymate_server_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_STUDYMATE_SERVER_KIND_UNKNOWN;
}

int pl_msg_studymate_server_serialize(const pl_msg_studymate_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_studymate_server_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_studymate_server_kind_name(pl_msg_studymate_server_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_studymate_server_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_studymate_server_kind_t pl_msg_studymate_server_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_studymate_server_family, s, len);
    return m != NULL ? (pl_msg_studymate_server_kind_t)m->kind : PL_MSG_STUDYMATE_SERVER_KIND_UNKNOWN;
}
