/* PARLEY-GEN schema improv_server.json -- DO NOT EDIT. Source: schemas/improv_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_improv_server.c - descriptor tables and typed wrappers for schemas/improv_server.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_improv_server.h"

_Static_assert(sizeof(pl_msg_improv_server_state_update_payload_current_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_server_state_update_payload_current_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};
_Static_assert(sizeof(pl_msg_improv_server_state_update_payload_previous_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_server_state_update_payload_previous_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};
_Static_assert(sizeof(pl_msg_improv_server_error_payload_from_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_server_error_payload_from_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};
_Static_assert(sizeof(pl_msg_improv_server_error_payload_to_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_server_error_payload_to_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};
_Static_assert(sizeof(pl_msg_improv_server_connection_status_payload_status_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_server_connection_status_payload_status_names[3] = {{NULL, 0}, PL_MSG_STR_INIT("connected"), PL_MSG_STR_INIT("disconnecting")};

/* improv_server.state_update */
static const pl_msg_str_t pl_msg_improv_server_state_update__type_const[1] = {PL_MSG_STR_INIT("state_update")};
static const pl_msg_type_t pl_msg_improv_server_state_update__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_server_state_update__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_server_state_update__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_state_update__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_server_state_update__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_server_state_update_payload_desc};
static const pl_msg_type_t pl_msg_improv_server_state_update__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_state_update__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_server_state_update__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_server_state_update__conversation_id_type, offsetof(pl_msg_improv_server_state_update_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_server_state_update__timestamp_type, offsetof(pl_msg_improv_server_state_update_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_server_state_update__payload_type, offsetof(pl_msg_improv_server_state_update_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_improv_server_state_update__seq_type, offsetof(pl_msg_improv_server_state_update_t, seq), offsetof(pl_msg_improv_server_state_update_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_state_update__by_key[5] = {4, 0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_state_update_desc = {
    .name = "improv_server.state_update",
    .size = sizeof(pl_msg_improv_server_state_update_t),
    .fields = pl_msg_improv_server_state_update__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_server_state_update__by_key,
    .closed = true,
};

/* improv_server.state_update_payload */
static const pl_msg_type_t pl_msg_improv_server_state_update_payload__current_state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_server_state_update_payload_current_state_names[1], .n_names = 7};
static const pl_msg_type_t pl_msg_improv_server_state_update_payload__previous_state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_server_state_update_payload_previous_state_names[1], .n_names = 7};
static const pl_msg_type_t pl_msg_improv_server_state_update_payload__speech_recognition_active_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_type_t pl_msg_improv_server_state_update_payload__speech_synthesis_active_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_improv_server_state_update_payload__fields[4] = {
    {PL_MSG_STR_INIT("current_state"), &pl_msg_improv_server_state_update_payload__current_state_type, offsetof(pl_msg_improv_server_state_update_payload_t, current_state), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("previous_state"), &pl_msg_improv_server_state_update_payload__previous_state_type, offsetof(pl_msg_improv_server_state_update_payload_t, previous_state), offsetof(pl_msg_improv_server_state_update_payload_t, has_previous_state), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("speech_recognition_active"), &pl_msg_improv_server_state_update_payload__speech_recognition_active_type, offsetof(pl_msg_improv_server_state_update_payload_t, speech_recognition_active), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("speech_synthesis_active"), &pl_msg_improv_server_state_update_payload__speech_synthesis_active_type, offsetof(pl_msg_improv_server_state_update_payload_t, speech_synthesis_active), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_server_state_update_payload__by_key[4] = {0, 1, 3, 2};
const pl_msg_desc_t pl_msg_improv_server_state_update_payload_desc = {
    .name = "improv_server.state_update_payload",
    .size = sizeof(pl_msg_improv_server_state_update_payload_t),
    .fields = pl_msg_improv_server_state_update_payload__fields,
    .n_fields = 4,
    .by_key = pl_msg_improv_server_state_update_payload__by_key,
    .closed = true,
};

/* improv_server.transcript_update */
static const pl_msg_str_t pl_msg_improv_server_transcript_update__type_const[1] = {PL_MSG_STR_INIT("transcript_update")};
static const pl_msg_type_t pl_msg_improv_server_transcript_update__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_server_transcript_update__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_server_transcript_update__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_transcript_update__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_server_transcript_update__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_server_transcript_update_payload_desc};
static const pl_msg_type_t pl_msg_improv_server_transcript_update__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_transcript_update__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_server_transcript_update__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_server_transcript_update__conversation_id_type, offsetof(pl_msg_improv_server_transcript_update_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_server_transcript_update__timestamp_type, offsetof(pl_msg_improv_server_transcript_update_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_server_transcript_update__payload_type, offsetof(pl_msg_improv_server_transcript_update_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_improv_server_transcript_update__seq_type, offsetof(pl_msg_improv_server_transcript_update_t, seq), offsetof(pl_msg_improv_server_transcript_update_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_transcript_update__by_key[5] = {4, 0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_transcript_update_desc = {
    .name = "improv_server.transcript_update",
    .size = sizeof(pl_msg_improv_server_transcript_update_t),
    .fields = pl_msg_improv_server_transcript_update__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_server_transcript_update__by_key,
    .closed = true,
};

/* improv_server.transcript_update_payload */
static const pl_msg_type_t pl_msg_improv_server_transcript_update_payload__interim_transcript_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_server_transcript_update_payload__final_transcript_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_server_transcript_update_payload__confidence_type = {.kind = PL_MSG_KIND_NUMBER, .max_len = SIZE_MAX, .dmin = 0.0, .min_text = "0", .dmax = 1.0, .max_text = "1", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_transcript_update_payload__fields[3] = {
    {PL_MSG_STR_INIT("interim_transcript"), &pl_msg_improv_server_transcript_update_payload__interim_transcript_type, offsetof(pl_msg_improv_server_transcript_update_payload_t, interim_transcript), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("final_transcript"), &pl_msg_improv_server_transcript_update_payload__final_transcript_type, offsetof(pl_msg_improv_server_transcript_update_payload_t, final_transcript), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("confidence"), &pl_msg_improv_server_transcript_update_payload__confidence_type, offsetof(pl_msg_improv_server_transcript_update_payload_t, confidence), offsetof(pl_msg_improv_server_transcript_update_payload_t, has_confidence), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_transcript_update_payload__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_improv_server_transcript_update_payload_desc = {
    .name = "improv_server.transcript_update_payload",
    .size = sizeof(pl_msg_improv_server_transcript_update_payload_t),
    .fields = pl_msg_improv_server_transcript_update_payload__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_server_transcript_update_payload__by_key,
    .closed = true,
};

/* improv_server.ai_response */
static const pl_msg_str_t pl_msg_improv_server_ai_response__type_const[1] = {PL_MSG_STR_INIT("ai_response")};
static const pl_msg_type_t pl_msg_improv_server_ai_response__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_server_ai_response__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_server_ai_response__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_ai_response__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_server_ai_response__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_server_ai_response_payload_desc};
static const pl_msg_type_t pl_msg_improv_server_ai_response__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_ai_response__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_server_ai_response__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_server_ai_response__conversation_id_type, offsetof(pl_msg_improv_server_ai_response_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_server_ai_response__timestamp_type, offsetof(pl_msg_improv_server_ai_response_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_server_ai_response__payload_type, offsetof(pl_msg_improv_server_ai_response_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_improv_server_ai_response__seq_type, offsetof(pl_msg_improv_server_ai_response_t, seq), offsetof(pl_msg_improv_server_ai_response_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_ai_response__by_key[5] = {4, 0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_ai_response_desc = {
    .name = "improv_server.ai_response",
    .size = sizeof(pl_msg_improv_server_ai_response_t),
    .fields = pl_msg_improv_server_ai_response__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_server_ai_response__by_key,
    .closed = true,
};

/* improv_server.ai_response_payload */
static const pl_msg_type_t pl_msg_improv_server_ai_response_payload__message_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_ai_response_payload__content_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 65536};
static const pl_msg_type_t pl_msg_improv_server_ai_response_payload__audio_url_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 2048};
static const pl_msg_type_t pl_msg_improv_server_ai_response_payload__feedback_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_common_feedback_desc};
static const pl_msg_field_t pl_msg_improv_server_ai_response_payload__fields[4] = {
    {PL_MSG_STR_INIT("message_id"), &pl_msg_improv_server_ai_response_payload__message_id_type, offsetof(pl_msg_improv_server_ai_response_payload_t, message_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("content"), &pl_msg_improv_server_ai_response_payload__content_type, offsetof(pl_msg_improv_server_ai_response_payload_t, content), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("audio_url"), &pl_msg_improv_server_ai_response_payload__audio_url_type, offsetof(pl_msg_improv_server_ai_response_payload_t, audio_url), PL_MSG_NO_OFFSET, offsetof(pl_msg_improv_server_ai_response_payload_t, audio_url_is_null), true},
    {PL_MSG_STR_INIT("feedback"), &pl_msg_improv_server_ai_response_payload__feedback_type, offsetof(pl_msg_improv_server_ai_response_payload_t, feedback), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_server_ai_response_payload__by_key[4] = {1, 3, 2, 0};
const pl_msg_desc_t pl_msg_improv_server_ai_response_payload_desc = {
    .name = "improv_server.ai_response_payload",
    .size = sizeof(pl_msg_improv_server_ai_response_payload_t),
    .fields = pl_msg_improv_server_ai_response_payload__fields,
    .n_fields = 4,
    .by_key = pl_msg_improv_server_ai_response_payload__by_key,
    .closed = true,
};

/* improv_server.speech_event */
static const pl_msg_str_t pl_msg_improv_server_speech_event__type_const[1] = {PL_MSG_STR_INIT("speech_event")};
static const pl_msg_type_t pl_msg_improv_server_speech_event__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_server_speech_event__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_server_speech_event__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_speech_event__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_server_speech_event__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_server_speech_event_payload_desc};
static const pl_msg_type_t pl_msg_improv_server_speech_event__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_speech_event__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_server_speech_event__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_server_speech_event__conversation_id_type, offsetof(pl_msg_improv_server_speech_event_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_server_speech_event__timestamp_type, offsetof(pl_msg_improv_server_speech_event_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_server_speech_event__payload_type, offsetof(pl_msg_improv_server_speech_event_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_improv_server_speech_event__seq_type, offsetof(pl_msg_improv_server_speech_event_t, seq), offsetof(pl_msg_improv_server_speech_event_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_speech_event__by_key[5] = {4, 0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_speech_event_desc = {
    .name = "improv_server.speech_event",
    .size = sizeof(pl_msg_improv_server_speech_event_t),
    .fields = pl_msg_improv_server_speech_event__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_server_speech_event__by_key,
    .closed = true,
};

/* improv_server.speech_event_payload */
static const pl_msg_type_t pl_msg_improv_server_speech_event_payload__event_type_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_speech_event_type_names[1], .n_names = 5};
static const pl_msg_type_t pl_msg_improv_server_speech_event_payload__data_type = {.kind = PL_MSG_KIND_JSON, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_improv_server_speech_event_payload__fields[2] = {
    {PL_MSG_STR_INIT("event_type"), &pl_msg_improv_server_speech_event_payload__event_type_type, offsetof(pl_msg_improv_server_speech_event_payload_t, event_type), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_improv_server_speech_event_payload__data_type, offsetof(pl_msg_improv_server_speech_event_payload_t, data), offsetof(pl_msg_improv_server_speech_event_payload_t, has_data), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_speech_event_payload__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_improv_server_speech_event_payload_desc = {
    .name = "improv_server.speech_event_payload",
    .size = sizeof(pl_msg_improv_server_speech_event_payload_t),
    .fields = pl_msg_improv_server_speech_event_payload__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_server_speech_event_payload__by_key,
    .closed = true,
};

/* improv_server.error */
static const pl_msg_str_t pl_msg_improv_server_error__type_const[1] = {PL_MSG_STR_INIT("error")};
static const pl_msg_type_t pl_msg_improv_server_error__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_server_error__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_server_error__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_error__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_server_error__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_server_error_payload_desc};
static const pl_msg_type_t pl_msg_improv_server_error__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_error__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_server_error__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_server_error__conversation_id_type, offsetof(pl_msg_improv_server_error_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_server_error__timestamp_type, offsetof(pl_msg_improv_server_error_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_server_error__payload_type, offsetof(pl_msg_improv_server_error_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_improv_server_error__seq_type, offsetof(pl_msg_improv_server_error_t, seq), offsetof(pl_msg_improv_server_error_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_error__by_key[5] = {4, 0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_error_desc = {
    .name = "improv_server.error",
    .size = sizeof(pl_msg_improv_server_error_t),
    .fields = pl_msg_improv_server_error__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_server_error__by_key,
    .closed = true,
};

/* improv_server.error_payload */
static const pl_msg_type_t pl_msg_improv_server_error_payload__error_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_error_code_names[1], .n_names = 13};
static const pl_msg_type_t pl_msg_improv_server_error_payload__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_improv_server_error_payload__from_state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_server_error_payload_from_state_names[1], .n_names = 7};
static const pl_msg_type_t pl_msg_improv_server_error_payload__to_state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_server_error_payload_to_state_names[1], .n_names = 7};
static const pl_msg_field_t pl_msg_improv_server_error_payload__fields[4] = {
    {PL_MSG_STR_INIT("error"), &pl_msg_improv_server_error_payload__error_type, offsetof(pl_msg_improv_server_error_payload_t, error), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_improv_server_error_payload__message_type, offsetof(pl_msg_improv_server_error_payload_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("from_state"), &pl_msg_improv_server_error_payload__from_state_type, offsetof(pl_msg_improv_server_error_payload_t, from_state), offsetof(pl_msg_improv_server_error_payload_t, has_from_state), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("to_state"), &pl_msg_improv_server_error_payload__to_state_type, offsetof(pl_msg_improv_server_error_payload_t, to_state), offsetof(pl_msg_improv_server_error_payload_t, has_to_state), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_error_payload__by_key[4] = {0, 1, 3, 2};
const pl_msg_desc_t pl_msg_improv_server_error_payload_desc = {
    .name = "improv_server.error_payload",
    .size = sizeof(pl_msg_improv_server_error_payload_t),
    .fields = pl_msg_improv_server_error_payload__fields,
    .n_fields = 4,
    .by_key = pl_msg_improv_server_error_payload__by_key,
    .closed = true,
};

/* improv_server.connection_status */
static const pl_msg_str_t pl_msg_improv_server_connection_status__type_const[1] = {PL_MSG_STR_INIT("connection_status")};
static const pl_msg_type_t pl_msg_improv_server_connection_status__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_server_connection_status__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_server_connection_status__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_server_connection_status__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_server_connection_status__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_server_connection_status_payload_desc};
static const pl_msg_type_t pl_msg_improv_server_connection_status__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_server_connection_status__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_server_connection_status__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_server_connection_status__conversation_id_type, offsetof(pl_msg_improv_server_connection_status_t, conversation_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_server_connection_status__timestamp_type, offsetof(pl_msg_improv_server_connection_status_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_server_connection_status__payload_type, offsetof(pl_msg_improv_server_connection_status_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_improv_server_connection_status__seq_type, offsetof(pl_msg_improv_server_connection_status_t, seq), offsetof(pl_msg_improv_server_connection_status_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_connection_status__by_key[5] = {4, 0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_connection_status_desc = {
    .name = "improv_server.connection_status",
    .size = sizeof(pl_msg_improv_server_connection_status_t),
    .fields = pl_msg_improv_server_connection_status__fields,
    .n_fields = 5,
    .by_key = pl_msg_improv_server_connection_status__by_key,
    .closed = true,
};

/* improv_server.connection_status_payload */
static const pl_msg_type_t pl_msg_improv_server_connection_status_payload__status_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_server_connection_status_payload_status_names[1], .n_names = 2};
static const pl_msg_type_t pl_msg_improv_server_connection_status_payload__active_connections_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(0), .min_text = "0", .imax = INT64_C(1000000), .max_text = "1000000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_improv_server_connection_status_payload__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_field_t pl_msg_improv_server_connection_status_payload__fields[3] = {
    {PL_MSG_STR_INIT("status"), &pl_msg_improv_server_connection_status_payload__status_type, offsetof(pl_msg_improv_server_connection_status_payload_t, status), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("active_connections"), &pl_msg_improv_server_connection_status_payload__active_connections_type, offsetof(pl_msg_improv_server_connection_status_payload_t, active_connections), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_improv_server_connection_status_payload__message_type, offsetof(pl_msg_improv_server_connection_status_payload_t, message), offsetof(pl_msg_improv_server_connection_status_payload_t, has_message), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_server_connection_status_payload__by_key[3] = {0, 2, 1};
const pl_msg_desc_t pl_msg_improv_server_connection_status_payload_desc = {
    .name = "improv_server.connection_status_payload",
    .size = sizeof(pl_msg_improv_server_connection_status_payload_t),
    .fields = pl_msg_improv_server_connection_status_payload__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_server_connection_status_payload__by_key,
    .closed = true,
};

void pl_msg_improv_server_state_update_init(pl_msg_improv_server_state_update_t *msg) { pl_msg_init(&pl_msg_improv_server_state_update_desc, msg); }

pl_msg_improv_server_state_update_t *pl_msg_improv_server_state_update_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_state_update_desc, json, len, err);
}

void pl_msg_improv_server_state_update_free(pl_msg_improv_server_state_update_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_state_update_serialize(const pl_msg_improv_server_state_update_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_state_update_desc, msg, buf, err);
}

void pl_msg_improv_server_state_update_payload_init(pl_msg_improv_server_state_update_payload_t *msg) { pl_msg_init(&pl_msg_improv_server_state_update_payload_desc, msg); }

pl_msg_improv_server_state_update_payload_t *pl_msg_improv_server_state_update_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_state_update_payload_desc, json, len, err);
}

void pl_msg_improv_server_state_update_payload_free(pl_msg_improv_server_state_update_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_state_update_payload_serialize(const pl_msg_improv_server_state_update_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_state_update_payload_desc, msg, buf, err);
}

void pl_msg_improv_server_transcript_update_init(pl_msg_improv_server_transcript_update_t *msg) { pl_msg_init(&pl_msg_improv_server_transcript_update_desc, msg); }

pl_msg_improv_server_transcript_update_t *pl_msg_improv_server_transcript_update_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_transcript_update_desc, json, len, err);
}

void pl_msg_improv_server_transcript_update_free(pl_msg_improv_server_transcript_update_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_transcript_update_serialize(const pl_msg_improv_server_transcript_update_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_transcript_update_desc, msg, buf, err);
}

void pl_msg_improv_server_transcript_update_payload_init(pl_msg_improv_server_transcript_update_payload_t *msg) { pl_msg_init(&pl_msg_improv_server_transcript_update_payload_desc, msg); }

pl_msg_improv_server_transcript_update_payload_t *pl_msg_improv_server_transcript_update_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_transcript_update_payload_desc, json, len, err);
}

void pl_msg_improv_server_transcript_update_payload_free(pl_msg_improv_server_transcript_update_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_transcript_update_payload_serialize(const pl_msg_improv_server_transcript_update_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_transcript_update_payload_desc, msg, buf, err);
}

void pl_msg_improv_server_ai_response_init(pl_msg_improv_server_ai_response_t *msg) { pl_msg_init(&pl_msg_improv_server_ai_response_desc, msg); }

pl_msg_improv_server_ai_response_t *pl_msg_improv_server_ai_response_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_ai_response_desc, json, len, err);
}

void pl_msg_improv_server_ai_response_free(pl_msg_improv_server_ai_response_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_ai_response_serialize(const pl_msg_improv_server_ai_response_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_ai_response_desc, msg, buf, err);
}

void pl_msg_improv_server_ai_response_payload_init(pl_msg_improv_server_ai_response_payload_t *msg) { pl_msg_init(&pl_msg_improv_server_ai_response_payload_desc, msg); }

pl_msg_improv_server_ai_response_payload_t *pl_msg_improv_server_ai_response_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_ai_response_payload_desc, json, len, err);
}

void pl_msg_improv_server_ai_response_payload_free(pl_msg_improv_server_ai_response_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_ai_response_payload_serialize(const pl_msg_improv_server_ai_response_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_ai_response_payload_desc, msg, buf, err);
}

void pl_msg_improv_server_speech_event_init(pl_msg_improv_server_speech_event_t *msg) { pl_msg_init(&pl_msg_improv_server_speech_event_desc, msg); }

pl_msg_improv_server_speech_event_t *pl_msg_improv_server_speech_event_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_speech_event_desc, json, len, err);
}

void pl_msg_improv_server_speech_event_free(pl_msg_improv_server_speech_event_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_speech_event_serialize(const pl_msg_improv_server_speech_event_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_speech_event_desc, msg, buf, err);
}

void pl_msg_improv_server_speech_event_payload_init(pl_msg_improv_server_speech_event_payload_t *msg) { pl_msg_init(&pl_msg_improv_server_speech_event_payload_desc, msg); }

pl_msg_improv_server_speech_event_payload_t *pl_msg_improv_server_speech_event_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_speech_event_payload_desc, json, len, err);
}

void pl_msg_improv_server_speech_event_payload_free(pl_msg_improv_server_speech_event_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_speech_event_payload_serialize(const pl_msg_improv_server_speech_event_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_speech_event_payload_desc, msg, buf, err);
}

void pl_msg_improv_server_error_init(pl_msg_improv_server_error_t *msg) { pl_msg_init(&pl_msg_improv_server_error_desc, msg); }

pl_msg_improv_server_error_t *pl_msg_improv_server_error_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_error_desc, json, len, err);
}

void pl_msg_improv_server_error_free(pl_msg_improv_server_error_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_error_serialize(const pl_msg_improv_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_error_desc, msg, buf, err);
}

void pl_msg_improv_server_error_payload_init(pl_msg_improv_server_error_payload_t *msg) { pl_msg_init(&pl_msg_improv_server_error_payload_desc, msg); }

pl_msg_improv_server_error_payload_t *pl_msg_improv_server_error_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_error_payload_desc, json, len, err);
}

void pl_msg_improv_server_error_payload_free(pl_msg_improv_server_error_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_error_payload_serialize(const pl_msg_improv_server_error_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_error_payload_desc, msg, buf, err);
}

void pl_msg_improv_server_connection_status_init(pl_msg_improv_server_connection_status_t *msg) { pl_msg_init(&pl_msg_improv_server_connection_status_desc, msg); }

pl_msg_improv_server_connection_status_t *pl_msg_improv_server_connection_status_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_connection_status_desc, json, len, err);
}

void pl_msg_improv_server_connection_status_free(pl_msg_improv_server_connection_status_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_connection_status_serialize(const pl_msg_improv_server_connection_status_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_connection_status_desc, msg, buf, err);
}

void pl_msg_improv_server_connection_status_payload_init(pl_msg_improv_server_connection_status_payload_t *msg) { pl_msg_init(&pl_msg_improv_server_connection_status_payload_desc, msg); }

pl_msg_improv_server_connection_status_payload_t *pl_msg_improv_server_connection_status_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_server_connection_status_payload_desc, json, len, err);
}

void pl_msg_improv_server_connection_status_payload_free(pl_msg_improv_server_connection_status_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_server_connection_status_payload_serialize(const pl_msg_improv_server_connection_status_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_server_connection_status_payload_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_improv_server__members[6] = {
    {PL_MSG_STR_INIT("state_update"), &pl_msg_improv_server_state_update_desc, PL_MSG_IMPROV_SERVER_KIND_STATE_UPDATE},
    {PL_MSG_STR_INIT("transcript_update"), &pl_msg_improv_server_transcript_update_desc, PL_MSG_IMPROV_SERVER_KIND_TRANSCRIPT_UPDATE},
    {PL_MSG_STR_INIT("ai_response"), &pl_msg_improv_server_ai_response_desc, PL_MSG_IMPROV_SERVER_KIND_AI_RESPONSE},
    {PL_MSG_STR_INIT("speech_event"), &pl_msg_improv_server_speech_event_desc, PL_MSG_IMPROV_SERVER_KIND_SPEECH_EVENT},
    {PL_MSG_STR_INIT("error"), &pl_msg_improv_server_error_desc, PL_MSG_IMPROV_SERVER_KIND_ERROR},
    {PL_MSG_STR_INIT("connection_status"), &pl_msg_improv_server_connection_status_desc, PL_MSG_IMPROV_SERVER_KIND_CONNECTION_STATUS},
};

const pl_msg_family_t pl_msg_improv_server_family = {"improv_server", PL_MSG_STR_INIT("type"), pl_msg_improv_server__members, 6};

int pl_msg_improv_server_parse(const char *json, size_t len, pl_msg_improv_server_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_improv_server_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_improv_server_kind_t)kind;
    return rv;
}

void pl_msg_improv_server_free(pl_msg_improv_server_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_IMPROV_SERVER_KIND_UNKNOWN;
}

int pl_msg_improv_server_serialize(const pl_msg_improv_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_improv_server_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_improv_server_kind_name(pl_msg_improv_server_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_improv_server_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_improv_server_kind_t pl_msg_improv_server_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_improv_server_family, s, len);
    return m != NULL ? (pl_msg_improv_server_kind_t)m->kind : PL_MSG_IMPROV_SERVER_KIND_UNKNOWN;
}
