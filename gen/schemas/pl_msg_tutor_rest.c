/* PARLEY-GEN schema tutor_rest.json -- DO NOT EDIT. Source: schemas/tutor_rest.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_tutor_rest.c - descriptor tables and typed wrappers for schemas/tutor_rest.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_tutor_rest.h"

_Static_assert(sizeof(pl_msg_tutor_rest_create_conversation_request_status_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_tutor_rest_create_conversation_request_status_names[2] = {{NULL, 0}, PL_MSG_STR_INIT("active")};

/* tutor_rest.create_conversation_request */
static const pl_msg_type_t pl_msg_tutor_rest_create_conversation_request__user_id_type = {.kind = PL_MSG_KIND_ID, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_rest_create_conversation_request__title_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 256};
static const pl_msg_type_t pl_msg_tutor_rest_create_conversation_request__status_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_tutor_rest_create_conversation_request_status_names[1], .n_names = 1};
static const pl_msg_field_t pl_msg_tutor_rest_create_conversation_request__fields[3] = {
    {PL_MSG_STR_INIT("user_id"), &pl_msg_tutor_rest_create_conversation_request__user_id_type, offsetof(pl_msg_tutor_rest_create_conversation_request_t, user_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("title"), &pl_msg_tutor_rest_create_conversation_request__title_type, offsetof(pl_msg_tutor_rest_create_conversation_request_t, title), offsetof(pl_msg_tutor_rest_create_conversation_request_t, has_title), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("status"), &pl_msg_tutor_rest_create_conversation_request__status_type, offsetof(pl_msg_tutor_rest_create_conversation_request_t, status), offsetof(pl_msg_tutor_rest_create_conversation_request_t, has_status), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_rest_create_conversation_request__by_key[3] = {1, 2, 0};
const pl_msg_desc_t pl_msg_tutor_rest_create_conversation_request_desc = {
    .name = "tutor_rest.create_conversation_request",
    .size = sizeof(pl_msg_tutor_rest_create_conversation_request_t),
    .fields = pl_msg_tutor_rest_create_conversation_request__fields,
    .n_fields = 3,
    .by_key = pl_msg_tutor_rest_create_conversation_request__by_key,
    .closed = true,
};

/* tutor_rest.create_conversation_response */
static const pl_msg_type_t pl_msg_tutor_rest_create_conversation_response__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_tutor_rest_create_conversation_response__fields[1] = {
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_tutor_rest_create_conversation_response__conversation_id_type, offsetof(pl_msg_tutor_rest_create_conversation_response_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_tutor_rest_create_conversation_response__by_key[1] = {0};
const pl_msg_desc_t pl_msg_tutor_rest_create_conversation_response_desc = {
    .name = "tutor_rest.create_conversation_response",
    .size = sizeof(pl_msg_tutor_rest_create_conversation_response_t),
    .fields = pl_msg_tutor_rest_create_conversation_response__fields,
    .n_fields = 1,
    .by_key = pl_msg_tutor_rest_create_conversation_response__by_key,
    .closed = true,
};

void pl_msg_tutor_rest_create_conversation_request_init(pl_msg_tutor_rest_create_conversation_request_t *msg) { pl_msg_init(&pl_msg_tutor_rest_create_conversation_request_desc, msg); }

pl_msg_tutor_rest_create_conversation_request_t *pl_msg_tutor_rest_create_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_rest_create_conversation_request_desc, json, len, err);
}

void pl_msg_tutor_rest_create_conversation_request_free(pl_msg_tutor_rest_create_conversation_request_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_rest_create_conversation_request_serialize(const pl_msg_tutor_rest_create_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_rest_create_conversation_request_desc, msg, buf, err);
}

void pl_msg_tutor_rest_create_conversation_response_init(pl_msg_tutor_rest_create_conversation_response_t *msg) { pl_msg_init(&pl_msg_tutor_rest_create_conversation_response_desc, msg); }

pl_msg_tutor_rest_create_conversation_response_t *pl_msg_tutor_rest_create_conversation_response_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_rest_create_conversation_response_desc, json, len, err);
}

void pl_msg_tutor_rest_create_conversation_response_free(pl_msg_tutor_rest_create_conversation_response_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_rest_create_conversation_response_serialize(const pl_msg_tutor_rest_create_conversation_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_rest_create_conversation_response_desc, msg, buf, err);
}
