/* PARLEY-GEN schema audio_server.json -- DO NOT EDIT. Source: schemas/audio_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_audio_server.c - descriptor tables and typed wrappers for schemas/audio_server.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_audio_server.h"

_Static_assert(sizeof(pl_msg_audio_server_session_started_encoding_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_audio_server_session_started_encoding_names[2] = {{NULL, 0}, PL_MSG_STR_INIT("pcm_s16le")};
_Static_assert(sizeof(pl_msg_audio_server_status_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_audio_server_status_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};
_Static_assert(sizeof(pl_msg_audio_server_audio_start_encoding_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_audio_server_audio_start_encoding_names[2] = {{NULL, 0}, PL_MSG_STR_INIT("pcm_s16le")};

/* audio_server.session_started */
static const pl_msg_str_t pl_msg_audio_server_session_started__type_const[1] = {PL_MSG_STR_INIT("session_started")};
static const pl_msg_type_t pl_msg_audio_server_session_started__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_session_started__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_session_started__session_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_audio_server_session_started__sample_rate_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(24000), .min_text = "24000", .imax = INT64_C(24000), .max_text = "24000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_session_started__channels_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(1), .max_text = "1", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_session_started__encoding_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_audio_server_session_started_encoding_names[1], .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_session_started__max_frame_bytes_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(2), .min_text = "2", .imax = INT64_C(1048576), .max_text = "1048576", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_session_started__resumed_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_audio_server_session_started__fields[7] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_session_started__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("session_id"), &pl_msg_audio_server_session_started__session_id_type, offsetof(pl_msg_audio_server_session_started_t, session_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("sample_rate"), &pl_msg_audio_server_session_started__sample_rate_type, offsetof(pl_msg_audio_server_session_started_t, sample_rate), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("channels"), &pl_msg_audio_server_session_started__channels_type, offsetof(pl_msg_audio_server_session_started_t, channels), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("encoding"), &pl_msg_audio_server_session_started__encoding_type, offsetof(pl_msg_audio_server_session_started_t, encoding), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("max_frame_bytes"), &pl_msg_audio_server_session_started__max_frame_bytes_type, offsetof(pl_msg_audio_server_session_started_t, max_frame_bytes), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("resumed"), &pl_msg_audio_server_session_started__resumed_type, offsetof(pl_msg_audio_server_session_started_t, resumed), offsetof(pl_msg_audio_server_session_started_t, has_resumed), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_audio_server_session_started__by_key[7] = {0, 6, 3, 4, 1, 2, 5};
const pl_msg_desc_t pl_msg_audio_server_session_started_desc = {
    .name = "audio_server.session_started",
    .size = sizeof(pl_msg_audio_server_session_started_t),
    .fields = pl_msg_audio_server_session_started__fields,
    .n_fields = 7,
    .by_key = pl_msg_audio_server_session_started__by_key,
    .closed = true,
};

/* audio_server.status */
static const pl_msg_str_t pl_msg_audio_server_status__type_const[1] = {PL_MSG_STR_INIT("status")};
static const pl_msg_type_t pl_msg_audio_server_status__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_status__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_status__state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_audio_server_status_state_names[1], .n_names = 7};
static const pl_msg_type_t pl_msg_audio_server_status__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_field_t pl_msg_audio_server_status__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_status__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("state"), &pl_msg_audio_server_status__state_type, offsetof(pl_msg_audio_server_status_t, state), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_audio_server_status__message_type, offsetof(pl_msg_audio_server_status_t, message), offsetof(pl_msg_audio_server_status_t, has_message), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_audio_server_status__by_key[3] = {0, 1, 2};
const pl_msg_desc_t pl_msg_audio_server_status_desc = {
    .name = "audio_server.status",
    .size = sizeof(pl_msg_audio_server_status_t),
    .fields = pl_msg_audio_server_status__fields,
    .n_fields = 3,
    .by_key = pl_msg_audio_server_status__by_key,
    .closed = true,
};

/* audio_server.transcript */
static const pl_msg_str_t pl_msg_audio_server_transcript__type_const[1] = {PL_MSG_STR_INIT("transcript")};
static const pl_msg_type_t pl_msg_audio_server_transcript__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_transcript__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_transcript__turn_id_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_transcript__text_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 32768};
static const pl_msg_type_t pl_msg_audio_server_transcript__is_final_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_audio_server_transcript__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_transcript__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("turn_id"), &pl_msg_audio_server_transcript__turn_id_type, offsetof(pl_msg_audio_server_transcript_t, turn_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("text"), &pl_msg_audio_server_transcript__text_type, offsetof(pl_msg_audio_server_transcript_t, text), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("is_final"), &pl_msg_audio_server_transcript__is_final_type, offsetof(pl_msg_audio_server_transcript_t, is_final), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_audio_server_transcript__by_key[4] = {2, 0, 1, 3};
const pl_msg_desc_t pl_msg_audio_server_transcript_desc = {
    .name = "audio_server.transcript",
    .size = sizeof(pl_msg_audio_server_transcript_t),
    .fields = pl_msg_audio_server_transcript__fields,
    .n_fields = 4,
    .by_key = pl_msg_audio_server_transcript__by_key,
    .closed = true,
};

/* audio_server.response_text */
static const pl_msg_str_t pl_msg_audio_server_response_text__type_const[1] = {PL_MSG_STR_INIT("response_text")};
static const pl_msg_type_t pl_msg_audio_server_response_text__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_response_text__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_response_text__turn_id_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_response_text__text_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 65536};
static const pl_msg_type_t pl_msg_audio_server_response_text__is_final_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_audio_server_response_text__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_response_text__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("turn_id"), &pl_msg_audio_server_response_text__turn_id_type, offsetof(pl_msg_audio_server_response_text_t, turn_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("text"), &pl_msg_audio_server_response_text__text_type, offsetof(pl_msg_audio_server_response_text_t, text), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("is_final"), &pl_msg_audio_server_response_text__is_final_type, offsetof(pl_msg_audio_server_response_text_t, is_final), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_audio_server_response_text__by_key[4] = {2, 0, 1, 3};
const pl_msg_desc_t pl_msg_audio_server_response_text_desc = {
    .name = "audio_server.response_text",
    .size = sizeof(pl_msg_audio_server_response_text_t),
    .fields = pl_msg_audio_server_response_text__fields,
    .n_fields = 4,
    .by_key = pl_msg_audio_server_response_text__by_key,
    .closed = true,
};

/* audio_server.audio_start */
static const pl_msg_str_t pl_msg_audio_server_audio_start__type_const[1] = {PL_MSG_STR_INIT("audio_start")};
static const pl_msg_type_t pl_msg_audio_server_audio_start__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_audio_start__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_audio_start__turn_id_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_audio_start__sample_rate_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(24000), .min_text = "24000", .imax = INT64_C(24000), .max_text = "24000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_audio_start__channels_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(1), .max_text = "1", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_audio_start__encoding_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_audio_server_audio_start_encoding_names[1], .n_names = 1};
static const pl_msg_field_t pl_msg_audio_server_audio_start__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_audio_start__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("turn_id"), &pl_msg_audio_server_audio_start__turn_id_type, offsetof(pl_msg_audio_server_audio_start_t, turn_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("sample_rate"), &pl_msg_audio_server_audio_start__sample_rate_type, offsetof(pl_msg_audio_server_audio_start_t, sample_rate), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("channels"), &pl_msg_audio_server_audio_start__channels_type, offsetof(pl_msg_audio_server_audio_start_t, channels), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("encoding"), &pl_msg_audio_server_audio_start__encoding_type, offsetof(pl_msg_audio_server_audio_start_t, encoding), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_audio_server_audio_start__by_key[5] = {0, 1, 3, 4, 2};
const pl_msg_desc_t pl_msg_audio_server_audio_start_desc = {
    .name = "audio_server.audio_start",
    .size = sizeof(pl_msg_audio_server_audio_start_t),
    .fields = pl_msg_audio_server_audio_start__fields,
    .n_fields = 5,
    .by_key = pl_msg_audio_server_audio_start__by_key,
    .closed = true,
};

/* audio_server.audio_end */
static const pl_msg_str_t pl_msg_audio_server_audio_end__type_const[1] = {PL_MSG_STR_INIT("audio_end")};
static const pl_msg_type_t pl_msg_audio_server_audio_end__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_audio_end__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_audio_end__turn_id_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_server_audio_end__interrupted_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_audio_server_audio_end__fields[3] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_audio_end__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("turn_id"), &pl_msg_audio_server_audio_end__turn_id_type, offsetof(pl_msg_audio_server_audio_end_t, turn_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("interrupted"), &pl_msg_audio_server_audio_end__interrupted_type, offsetof(pl_msg_audio_server_audio_end_t, interrupted), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_audio_server_audio_end__by_key[3] = {0, 1, 2};
const pl_msg_desc_t pl_msg_audio_server_audio_end_desc = {
    .name = "audio_server.audio_end",
    .size = sizeof(pl_msg_audio_server_audio_end_t),
    .fields = pl_msg_audio_server_audio_end__fields,
    .n_fields = 3,
    .by_key = pl_msg_audio_server_audio_end__by_key,
    .closed = true,
};

/* audio_server.error */
static const pl_msg_str_t pl_msg_audio_server_error__type_const[1] = {PL_MSG_STR_INIT("error")};
static const pl_msg_type_t pl_msg_audio_server_error__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_server_error__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_server_error__error_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_error_code_names[1], .n_names = 13};
static const pl_msg_type_t pl_msg_audio_server_error__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_audio_server_error__fatal_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_audio_server_error__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_server_error__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("error"), &pl_msg_audio_server_error__error_type, offsetof(pl_msg_audio_server_error_t, error), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_audio_server_error__message_type, offsetof(pl_msg_audio_server_error_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("fatal"), &pl_msg_audio_server_error__fatal_type, offsetof(pl_msg_audio_server_error_t, fatal), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_audio_server_error__by_key[4] = {0, 1, 3, 2};
const pl_msg_desc_t pl_msg_audio_server_error_desc = {
    .name = "audio_server.error",
    .size = sizeof(pl_msg_audio_server_error_t),
    .fields = pl_msg_audio_server_error__fields,
    .n_fields = 4,
    .by_key = pl_msg_audio_server_error__by_key,
    .closed = true,
};

void pl_msg_audio_server_session_started_init(pl_msg_audio_server_session_started_t *msg) { pl_msg_init(&pl_msg_audio_server_session_started_desc, msg); }

pl_msg_audio_server_session_started_t *pl_msg_audio_server_session_started_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_session_started_desc, json, len, err);
}

void pl_msg_audio_server_session_started_free(pl_msg_audio_server_session_started_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_session_started_serialize(const pl_msg_audio_server_session_started_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_session_started_desc, msg, buf, err);
}

void pl_msg_audio_server_status_init(pl_msg_audio_server_status_t *msg) { pl_msg_init(&pl_msg_audio_server_status_desc, msg); }

pl_msg_audio_server_status_t *pl_msg_audio_server_status_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_status_desc, json, len, err);
}

void pl_msg_audio_server_status_free(pl_msg_audio_server_status_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_status_serialize(const pl_msg_audio_server_status_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_status_desc, msg, buf, err);
}

void pl_msg_audio_server_transcript_init(pl_msg_audio_server_transcript_t *msg) { pl_msg_init(&pl_msg_audio_server_transcript_desc, msg); }

pl_msg_audio_server_transcript_t *pl_msg_audio_server_transcript_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_transcript_desc, json, len, err);
}

void pl_msg_audio_server_transcript_free(pl_msg_audio_server_transcript_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_transcript_serialize(const pl_msg_audio_server_transcript_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_transcript_desc, msg, buf, err);
}

void pl_msg_audio_server_response_text_init(pl_msg_audio_server_response_text_t *msg) { pl_msg_init(&pl_msg_audio_server_response_text_desc, msg); }

pl_msg_audio_server_response_text_t *pl_msg_audio_server_response_text_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_response_text_desc, json, len, err);
}

void pl_msg_audio_server_response_text_free(pl_msg_audio_server_response_text_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_response_text_serialize(const pl_msg_audio_server_response_text_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_response_text_desc, msg, buf, err);
}

void pl_msg_audio_server_audio_start_init(pl_msg_audio_server_audio_start_t *msg) { pl_msg_init(&pl_msg_audio_server_audio_start_desc, msg); }

pl_msg_audio_server_audio_start_t *pl_msg_audio_server_audio_start_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_audio_start_desc, json, len, err);
}

void pl_msg_audio_server_audio_start_free(pl_msg_audio_server_audio_start_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_audio_start_serialize(const pl_msg_audio_server_audio_start_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_audio_start_desc, msg, buf, err);
}

void pl_msg_audio_server_audio_end_init(pl_msg_audio_server_audio_end_t *msg) { pl_msg_init(&pl_msg_audio_server_audio_end_desc, msg); }

pl_msg_audio_server_audio_end_t *pl_msg_audio_server_audio_end_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_audio_end_desc, json, len, err);
}

void pl_msg_audio_server_audio_end_free(pl_msg_audio_server_audio_end_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_audio_end_serialize(const pl_msg_audio_server_audio_end_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_audio_end_desc, msg, buf, err);
}

void pl_msg_audio_server_error_init(pl_msg_audio_server_error_t *msg) { pl_msg_init(&pl_msg_audio_server_error_desc, msg); }

pl_msg_audio_server_error_t *pl_msg_audio_server_error_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_server_error_desc, json, len, err);
}

void pl_msg_audio_server_error_free(pl_msg_audio_server_error_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_server_error_serialize(const pl_msg_audio_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_server_error_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_audio_server__members[7] = {
    {PL_MSG_STR_INIT("session_started"), &pl_msg_audio_server_session_started_desc, PL_MSG_AUDIO_SERVER_KIND_SESSION_STARTED},
    {PL_MSG_STR_INIT("status"), &pl_msg_audio_server_status_desc, PL_MSG_AUDIO_SERVER_KIND_STATUS},
    {PL_MSG_STR_INIT("transcript"), &pl_msg_audio_server_transcript_desc, PL_MSG_AUDIO_SERVER_KIND_TRANSCRIPT},
    {PL_MSG_STR_INIT("response_text"), &pl_msg_audio_server_response_text_desc, PL_MSG_AUDIO_SERVER_KIND_RESPONSE_TEXT},
    {PL_MSG_STR_INIT("audio_start"), &pl_msg_audio_server_audio_start_desc, PL_MSG_AUDIO_SERVER_KIND_AUDIO_START},
    {PL_MSG_STR_INIT("audio_end"), &pl_msg_audio_server_audio_end_desc, PL_MSG_AUDIO_SERVER_KIND_AUDIO_END},
    {PL_MSG_STR_INIT("error"), &pl_msg_audio_server_error_desc, PL_MSG_AUDIO_SERVER_KIND_ERROR},
};

const pl_msg_family_t pl_msg_audio_server_family = {"audio_server", PL_MSG_STR_INIT("type"), pl_msg_audio_server__members, 7};

int pl_msg_audio_server_parse(const char *json, size_t len, pl_msg_audio_server_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_audio_server_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_audio_server_kind_t)kind;
    return rv;
}

void pl_msg_audio_server_free(pl_msg_audio_server_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_AUDIO_SERVER_KIND_UNKNOWN;
}

int pl_msg_audio_server_serialize(const pl_msg_audio_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_audio_server_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_audio_server_kind_name(pl_msg_audio_server_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_audio_server_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_audio_server_kind_t pl_msg_audio_server_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_audio_server_family, s, len);
    return m != NULL ? (pl_msg_audio_server_kind_t)m->kind : PL_MSG_AUDIO_SERVER_KIND_UNKNOWN;
}
