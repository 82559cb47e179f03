/* PARLEY-GEN schema improv_rest.json -- DO NOT EDIT. Source: schemas/improv_rest.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_improv_rest.c - descriptor tables and typed wrappers for schemas/improv_rest.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_improv_rest.h"

_Static_assert(sizeof(pl_msg_improv_rest_post_message_request_role_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_rest_post_message_request_role_names[2] = {{NULL, 0}, PL_MSG_STR_INIT("user")};
_Static_assert(sizeof(pl_msg_improv_rest_post_message_response_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_rest_post_message_response_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};
_Static_assert(sizeof(pl_msg_improv_rest_conversation_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_rest_conversation_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};

/* improv_rest.create_conversation_request */
static const pl_msg_type_t pl_msg_improv_rest_create_conversation_request__personality_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_improv_rest_create_conversation_request__session_type_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_field_t pl_msg_improv_rest_create_conversation_request__fields[2] = {
    {PL_MSG_STR_INIT("personality"), &pl_msg_improv_rest_create_conversation_request__personality_type, offsetof(pl_msg_improv_rest_create_conversation_request_t, personality), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("session_type"), &pl_msg_improv_rest_create_conversation_request__session_type_type, offsetof(pl_msg_improv_rest_create_conversation_request_t, session_type), offsetof(pl_msg_improv_rest_create_conversation_request_t, has_session_type), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_create_conversation_request__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_improv_rest_create_conversation_request_desc = {
    .name = "improv_rest.create_conversation_request",
    .size = sizeof(pl_msg_improv_rest_create_conversation_request_t),
    .fields = pl_msg_improv_rest_create_conversation_request__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_rest_create_conversation_request__by_key,
    .closed = true,
};

/* improv_rest.post_message_request */
static const pl_msg_type_t pl_msg_improv_rest_post_message_request__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_rest_post_message_request__role_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_rest_post_message_request_role_names[1], .n_names = 1};
static const pl_msg_field_t pl_msg_improv_rest_post_message_request__fields[2] = {
    {PL_MSG_STR_INIT("content"), &pl_msg_improv_rest_post_message_request__content_type, offsetof(pl_msg_improv_rest_post_message_request_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("role"), &pl_msg_improv_rest_post_message_request__role_type, offsetof(pl_msg_improv_rest_post_message_request_t, role), offsetof(pl_msg_improv_rest_post_message_request_t, has_role), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_post_message_request__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_improv_rest_post_message_request_desc = {
    .name = "improv_rest.post_message_request",
    .size = sizeof(pl_msg_improv_rest_post_message_request_t),
    .fields = pl_msg_improv_rest_post_message_request__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_rest_post_message_request__by_key,
    .closed = true,
};

/* improv_rest.post_message_response */
static const pl_msg_type_t pl_msg_improv_rest_post_message_response__message_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_rest_post_message_response__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 65536};
static const pl_msg_type_t pl_msg_improv_rest_post_message_response__audio_url_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 2048};
static const pl_msg_type_t pl_msg_improv_rest_post_message_response__feedback_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_common_feedback_desc};
static const pl_msg_type_t pl_msg_improv_rest_post_message_response__state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_rest_post_message_response_state_names[1], .n_names = 7};
static const pl_msg_field_t pl_msg_improv_rest_post_message_response__fields[5] = {
    {PL_MSG_STR_INIT("message_id"), &pl_msg_improv_rest_post_message_response__message_id_type, offsetof(pl_msg_improv_rest_post_message_response_t, message_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("content"), &pl_msg_improv_rest_post_message_response__content_type, offsetof(pl_msg_improv_rest_post_message_response_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("audio_url"), &pl_msg_improv_rest_post_message_response__audio_url_type, offsetof(pl_msg_improv_rest_post_message_response_t, audio_url), PL_MSG_NO_OFFSET, offsetof(pl_msg_improv_rest_post_message_response_t, audio_url_is_null), true},
    {PL_MSG_STR_INIT("feedback"), &pl_msg_improv_rest_post_message_response__feedback_type, offsetof(pl_msg_improv_rest_post_message_response_t, feedback), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("state"), &pl_msg_improv_rest_post_message_response__state_type, offsetof(pl_msg_improv_rest_post_message_response_t, state), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_rest_post_message_response__by_key[5] = {4, 1, 3, 2, 0};
const pl_msg_desc_t pl_msg_improv_rest_post_message_response_desc = {
    .name = "improv_rest.post_message_response",
    .size = sizeof(pl_msg_improv_rest_post_message_response_t),
    .fields = pl_msg_improv_rest_post_message_response__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_rest_post_message_response__by_key,
    .closed = true,
};

/* improv_rest.conversation */
static const pl_msg_type_t pl_msg_improv_rest_conversation__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_rest_conversation__personality_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_improv_rest_conversation__session_type_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_improv_rest_conversation__topic_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 256};
static const pl_msg_type_t pl_msg_improv_rest_conversation__state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_rest_conversation_state_names[1], .n_names = 7};
static const pl_msg_type_t pl_msg_improv_rest_conversation__created_at_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_field_t pl_msg_improv_rest_conversation__fields[6] = {
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_rest_conversation__conversation_id_type, offsetof(pl_msg_improv_rest_conversation_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("personality"), &pl_msg_improv_rest_conversation__personality_type, offsetof(pl_msg_improv_rest_conversation_t, personality), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("session_type"), &pl_msg_improv_rest_conversation__session_type_type, offsetof(pl_msg_improv_rest_conversation_t, session_type), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("topic"), &pl_msg_improv_rest_conversation__topic_type, offsetof(pl_msg_improv_rest_conversation_t, topic), offsetof(pl_msg_improv_rest_conversation_t, has_topic), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("state"), &pl_msg_improv_rest_conversation__state_type, offsetof(pl_msg_improv_rest_conversation_t, state), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("created_at"), &pl_msg_improv_rest_conversation__created_at_type, offsetof(pl_msg_improv_rest_conversation_t, created_at), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_rest_conversation__by_key[6] = {4, 3, 5, 1, 2, 0};
const pl_msg_desc_t pl_msg_improv_rest_conversation_desc = {
    .name = "improv_rest.conversation",
    .size = sizeof(pl_msg_improv_rest_conversation_t),
    .fields = pl_msg_improv_rest_conversation__fields,
    .n_fields = 6,
    .by_key = pl_msg_improv_rest_conversation__by_key,
    .closed = true,
};

/* improv_rest.test_endpoints */
static const pl_msg_type_t pl_msg_improv_rest_test_endpoints__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 2048};
static const pl_msg_type_t pl_msg_improv_rest_test_endpoints__speech_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 2048};
static const pl_msg_type_t pl_msg_improv_rest_test_endpoints__state_transitions_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 2048};
static const pl_msg_field_t pl_msg_improv_rest_test_endpoints__fields[3] = {
    {PL_MSG_STR_INIT("message"), &pl_msg_improv_rest_test_endpoints__message_type, offsetof(pl_msg_improv_rest_test_endpoints_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("speech"), &pl_msg_improv_rest_test_endpoints__speech_type, offsetof(pl_msg_improv_rest_test_endpoints_t, speech), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("state_transitions"), &pl_msg_improv_rest_test_endpoints__state_transitions_type, offsetof(pl_msg_improv_rest_test_endpoints_t, state_transitions), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_rest_test_endpoints__by_key[3] = {1, 0, 2};
const pl_msg_desc_t pl_msg_improv_rest_test_endpoints_desc = {
    .name = "improv_rest.test_endpoints",
    .size = sizeof(pl_msg_improv_rest_test_endpoints_t),
    .fields = pl_msg_improv_rest_test_endpoints__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_rest_test_endpoints__by_key,
    .closed = true,
};

/* improv_rest.create_conversation_response */
static const pl_msg_type_t pl_msg_improv_rest_create_conversation_response__conversation_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_rest_conversation_desc};
static const pl_msg_type_t pl_msg_improv_rest_create_conversation_response__websocket_path_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 2048};
static const pl_msg_type_t pl_msg_improv_rest_create_conversation_response__test_endpoints_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_rest_test_endpoints_desc};
static const pl_msg_field_t pl_msg_improv_rest_create_conversation_response__fields[3] = {
    {PL_MSG_STR_INIT("conversation"), &pl_msg_improv_rest_create_conversation_response__conversation_type, offsetof(pl_msg_improv_rest_create_conversation_response_t, conversation), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("websocket_path"), &pl_msg_improv_rest_create_conversation_response__websocket_path_type, offsetof(pl_msg_improv_rest_create_conversation_response_t, websocket_path), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("test_endpoints"), &pl_msg_improv_rest_create_conversation_response__test_endpoints_type, offsetof(pl_msg_improv_rest_create_conversation_response_t, test_endpoints), offsetof(pl_msg_improv_rest_create_conversation_response_t, has_test_endpoints), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_create_conversation_response__by_key[3] = {0, 2, 1};
const pl_msg_desc_t pl_msg_improv_rest_create_conversation_response_desc = {
    .name = "improv_rest.create_conversation_response",
    .size = sizeof(pl_msg_improv_rest_create_conversation_response_t),
    .fields = pl_msg_improv_rest_create_conversation_response__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_rest_create_conversation_response__by_key,
    .closed = true,
};

/* improv_rest.test_create_conversation_request */
static const pl_msg_type_t pl_msg_improv_rest_test_create_conversation_request__personality_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_improv_rest_test_create_conversation_request__session_type_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_improv_rest_test_create_conversation_request__topic_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 256};
static const pl_msg_field_t pl_msg_improv_rest_test_create_conversation_request__fields[3] = {
    {PL_MSG_STR_INIT("personality"), &pl_msg_improv_rest_test_create_conversation_request__personality_type, offsetof(pl_msg_improv_rest_test_create_conversation_request_t, personality), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("session_type"), &pl_msg_improv_rest_test_create_conversation_request__session_type_type, offsetof(pl_msg_improv_rest_test_create_conversation_request_t, session_type), offsetof(pl_msg_improv_rest_test_create_conversation_request_t, has_session_type), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("topic"), &pl_msg_improv_rest_test_create_conversation_request__topic_type, offsetof(pl_msg_improv_rest_test_create_conversation_request_t, topic), offsetof(pl_msg_improv_rest_test_create_conversation_request_t, has_topic), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_test_create_conversation_request__by_key[3] = {2, 0, 1};
const pl_msg_desc_t pl_msg_improv_rest_test_create_conversation_request_desc = {
    .name = "improv_rest.test_create_conversation_request",
    .size = sizeof(pl_msg_improv_rest_test_create_conversation_request_t),
    .fields = pl_msg_improv_rest_test_create_conversation_request__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_rest_test_create_conversation_request__by_key,
    .closed = true,
};

/* improv_rest.test_message_request */
static const pl_msg_type_t pl_msg_improv_rest_test_message_request__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_rest_test_message_request__simulate_processing_delay_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_improv_rest_test_message_request__fields[2] = {
    {PL_MSG_STR_INIT("content"), &pl_msg_improv_rest_test_message_request__content_type, offsetof(pl_msg_improv_rest_test_message_request_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("simulate_processing_delay"), &pl_msg_improv_rest_test_message_request__simulate_processing_delay_type, offsetof(pl_msg_improv_rest_test_message_request_t, simulate_processing_delay), offsetof(pl_msg_improv_rest_test_message_request_t, has_simulate_processing_delay), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_test_message_request__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_improv_rest_test_message_request_desc = {
    .name = "improv_rest.test_message_request",
    .size = sizeof(pl_msg_improv_rest_test_message_request_t),
    .fields = pl_msg_improv_rest_test_message_request__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_rest_test_message_request__by_key,
    .closed = true,
};

/* improv_rest.test_speech_request */
static const pl_msg_type_t pl_msg_improv_rest_test_speech_request__text_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_rest_test_speech_request__simulate_interim_steps_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_improv_rest_test_speech_request__fields[2] = {
    {PL_MSG_STR_INIT("text"), &pl_msg_improv_rest_test_speech_request__text_type, offsetof(pl_msg_improv_rest_test_speech_request_t, text), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("simulate_interim_steps"), &pl_msg_improv_rest_test_speech_request__simulate_interim_steps_type, offsetof(pl_msg_improv_rest_test_speech_request_t, simulate_interim_steps), offsetof(pl_msg_improv_rest_test_speech_request_t, has_simulate_interim_steps), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_test_speech_request__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_improv_rest_test_speech_request_desc = {
    .name = "improv_rest.test_speech_request",
    .size = sizeof(pl_msg_improv_rest_test_speech_request_t),
    .fields = pl_msg_improv_rest_test_speech_request__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_rest_test_speech_request__by_key,
    .closed = true,
};

/* improv_rest.legacy_conversation_request */
static const pl_msg_type_t pl_msg_improv_rest_legacy_conversation_request__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_rest_legacy_conversation_request__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_rest_legacy_conversation_request__personality_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_field_t pl_msg_improv_rest_legacy_conversation_request__fields[3] = {
    {PL_MSG_STR_INIT("message"), &pl_msg_improv_rest_legacy_conversation_request__message_type, offsetof(pl_msg_improv_rest_legacy_conversation_request_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_rest_legacy_conversation_request__conversation_id_type, offsetof(pl_msg_improv_rest_legacy_conversation_request_t, conversation_id), offsetof(pl_msg_improv_rest_legacy_conversation_request_t, has_conversation_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("personality"), &pl_msg_improv_rest_legacy_conversation_request__personality_type, offsetof(pl_msg_improv_rest_legacy_conversation_request_t, personality), offsetof(pl_msg_improv_rest_legacy_conversation_request_t, has_personality), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_rest_legacy_conversation_request__by_key[3] = {0, 2, 1};
const pl_msg_desc_t pl_msg_improv_rest_legacy_conversation_request_desc = {
    .name = "improv_rest.legacy_conversation_request",
    .size = sizeof(pl_msg_improv_rest_legacy_conversation_request_t),
    .fields = pl_msg_improv_rest_legacy_conversation_request__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_rest_legacy_conversation_request__by_key,
    .closed = true,
};

/* improv_rest.legacy_conversation_response */
static const pl_msg_type_t pl_msg_improv_rest_legacy_conversation_response__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_rest_legacy_conversation_response__response_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 65536};
static const pl_msg_type_t pl_msg_improv_rest_legacy_conversation_response__feedback_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_common_feedback_desc};
static const pl_msg_field_t pl_msg_improv_rest_legacy_conversation_response__fields[3] = {
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_rest_legacy_conversation_response__conversation_id_type, offsetof(pl_msg_improv_rest_legacy_conversation_response_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("response"), &pl_msg_improv_rest_legacy_conversation_response__response_type, offsetof(pl_msg_improv_rest_legacy_conversation_response_t, response), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("feedback"), &pl_msg_improv_rest_legacy_conversation_response__feedback_type, offsetof(pl_msg_improv_rest_legacy_conversation_response_t, feedback), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_rest_legacy_conversation_response__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_improv_rest_legacy_conversation_response_desc = {
    .name = "improv_rest.legacy_conversation_response",
    .size = sizeof(pl_msg_improv_rest_legacy_conversation_response_t),
    .fields = pl_msg_improv_rest_legacy_conversation_response__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_rest_legacy_conversation_response__by_key,
    .closed = true,
};

void pl_msg_improv_rest_create_conversation_request_init(pl_msg_improv_rest_create_conversation_request_t *msg) { pl_msg_init(&pl_msg_improv_rest_create_conversation_request_desc, msg); }

pl_msg_improv_rest_create_conversation_request_t *pl_msg_improv_rest_create_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_create_conversation_request_desc, json, len, err);
}

void pl_msg_improv_rest_create_conversation_request_free(pl_msg_improv_rest_create_conversation_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_create_conversation_request_serialize(const pl_msg_improv_rest_create_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_create_conversation_request_desc, msg, buf, err);
}

void pl_msg_improv_rest_post_message_request_init(pl_msg_improv_rest_post_message_request_t *msg) { pl_msg_init(&pl_msg_improv_rest_post_message_request_desc, msg); }

pl_msg_improv_rest_post_message_request_t *pl_msg_improv_rest_post_message_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_post_message_request_desc, json, len, err);
}

void pl_msg_improv_rest_post_message_request_free(pl_msg_improv_rest_post_message_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_post_message_request_serialize(const pl_msg_improv_rest_post_message_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_post_message_request_desc, msg, buf, err);
}

void pl_msg_improv_rest_post_message_response_init(pl_msg_improv_rest_post_message_response_t *msg) { pl_msg_init(&pl_msg_improv_rest_post_message_response_desc, msg); }

pl_msg_improv_rest_post_message_response_t *pl_msg_improv_rest_post_message_response_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_post_message_response_desc, json, len, err);
}

void pl_msg_improv_rest_post_message_response_free(pl_msg_improv_rest_post_message_response_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_post_message_response_serialize(const pl_msg_improv_rest_post_message_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_post_message_response_desc, msg, buf, err);
}

void pl_msg_improv_rest_conversation_init(pl_msg_improv_rest_conversation_t *msg) { pl_msg_init(&pl_msg_improv_rest_conversation_desc, msg); }

pl_msg_improv_rest_conversation_t *pl_msg_improv_rest_conversation_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_conversation_desc, json, len, err);
}

void pl_msg_improv_rest_conversation_free(pl_msg_improv_rest_conversation_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_conversation_serialize(const pl_msg_improv_rest_conversation_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_conversation_desc, msg, buf, err);
}

void pl_msg_improv_rest_test_endpoints_init(pl_msg_improv_rest_test_endpoints_t *msg) { pl_msg_init(&pl_msg_improv_rest_test_endpoints_desc, msg); }

pl_msg_improv_rest_test_endpoints_t *pl_msg_improv_rest_test_endpoints_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_test_endpoints_desc, json, len, err);
}

void pl_msg_improv_rest_test_endpoints_free(pl_msg_improv_rest_test_endpoints_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_test_endpoints_serialize(const pl_msg_improv_rest_test_endpoints_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_test_endpoints_desc, msg, buf, err);
}

void pl_msg_improv_rest_create_conversation_response_init(pl_msg_improv_rest_create_conversation_response_t *msg) { pl_msg_init(&pl_msg_improv_rest_create_conversation_response_desc, msg); }

pl_msg_improv_rest_create_conversation_response_t *pl_msg_improv_rest_create_conversation_response_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_create_conversation_response_desc, json, len, err);
}

void pl_msg_improv_rest_create_conversation_response_free(pl_msg_improv_rest_create_conversation_response_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_create_conversation_response_serialize(const pl_msg_improv_rest_create_conversation_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_create_conversation_response_desc, msg, buf, err);
}

void pl_msg_improv_rest_test_create_conversation_request_init(pl_msg_improv_rest_test_create_conversation_request_t *msg) { pl_msg_init(&pl_msg_improv_rest_test_create_conversation_request_desc, msg); }

pl_msg_improv_rest_test_create_conversation_request_t *pl_msg_improv_rest_test_create_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_test_create_conversation_request_desc, json, len, err);
}

void pl_msg_improv_rest_test_create_conversation_request_free(pl_msg_improv_rest_test_create_conversation_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_test_create_conversation_request_serialize(const pl_msg_improv_rest_test_create_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_test_create_conversation_request_desc, msg, buf, err);
}

void pl_msg_improv_rest_test_message_request_init(pl_msg_improv_rest_test_message_request_t *msg) { pl_msg_init(&pl_msg_improv_rest_test_message_request_desc, msg); }

pl_msg_improv_rest_test_message_request_t *pl_msg_improv_rest_test_message_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_test_message_request_desc, json, len, err);
}

void pl_msg_improv_rest_test_message_request_free(pl_msg_improv_rest_test_message_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_test_message_request_serialize(const pl_msg_improv_rest_test_message_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_test_message_request_desc, msg, buf, err);
}

void pl_msg_improv_rest_test_speech_request_init(pl_msg_improv_rest_test_speech_request_t *msg) { pl_msg_init(&pl_msg_improv_rest_test_speech_request_desc, msg); }

pl_msg_improv_rest_test_speech_request_t *pl_msg_improv_rest_test_speech_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_test_speech_request_desc, json, len, err);
}

void pl_msg_improv_rest_test_speech_request_free(pl_msg_improv_rest_test_speech_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_test_speech_request_serialize(const pl_msg_improv_rest_test_speech_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_test_speech_request_desc, msg, buf, err);
}

void pl_msg_improv_rest_legacy_conversation_request_init(pl_msg_improv_rest_legacy_conversation_request_t *msg) { pl_msg_init(&pl_msg_improv_rest_legacy_conversation_request_desc, msg); }

pl_msg_improv_rest_legacy_conversation_request_t *pl_msg_improv_rest_legacy_conversation_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_legacy_conversation_request_desc, json, len, err);
}

void pl_msg_improv_rest_legacy_conversation_request_free(pl_msg_improv_rest_legacy_conversation_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_legacy_conversation_request_serialize(const pl_msg_improv_rest_legacy_conversation_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_legacy_conversation_request_desc, msg, buf, err);
}

void pl_msg_improv_rest_legacy_conversation_response_init(pl_msg_improv_rest_legacy_conversation_response_t *msg) { pl_msg_init(&pl_msg_improv_rest_legacy_conversation_response_desc, msg); }

pl_msg_improv_rest_legacy_conversation_response_t *pl_msg_improv_rest_legacy_conversation_response_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_rest_legacy_conversation_response_desc, json, len, err);
}

void pl_msg_improv_rest_legacy_conversation_response_free(pl_msg_improv_rest_legacy_conversation_response_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_rest_legacy_conversation_response_serialize(const pl_msg_improv_rest_legacy_conversation_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_rest_legacy_conversation_response_desc, msg, buf, err);
}
